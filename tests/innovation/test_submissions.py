"""A form sent twice makes one object: the staff's idea form and the secretariat's new meeting,
new agenda item and new project carry a key made when the page is rendered; the same key sent
again — one after the other, or two requests at the same moment — is led to what the first one
made, and nothing more is made (``innovation.shared.submissions``)."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from catalogue import staff_views
from catalogue.models import Idea, WelfareArea
from innovation.models import Project, Submission
from innovation.shared import submissions
from meetings.models import AgendaItem, Meeting
from tests.catalogue.factories import IdeaFactory
from tests.concurrency import at_once, post_as, slowed
from tests.meetings.factories import CommitteeFactory, MeetingFactory

KEY = re.compile(r'name="(?:item-)?submission_key"[^>]*value="([0-9a-f-]{36})"')


def key_on(client, url):
    """The key of the form on the page at ``url`` (a new one each time the page is shown)."""
    return KEY.search(client.get(url).content.decode()).group(1)


def idea_data(key, **overrides):
    return {
        "title": "Cykelværksted for unge",
        "summary": "Unge reparerer cykler sammen med frivillige fra foreningen.",
        "welfare_area": WelfareArea.objects.get(slug="aeldre").pk,
        "submit": "1",
        "submission_key": key,
        **overrides,
    }


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_the_same_idea_form_sent_twice_makes_one_idea(client, staff):
    client.force_login(staff)
    url = reverse("catalogue:submit")
    key = key_on(client, url)
    first = client.post(url, idea_data(key))
    second = client.post(url, idea_data(key), follow=True)
    assert first.status_code == 302 and first.url == reverse("catalogue:my_ideas")
    assert second.redirect_chain == [(reverse("catalogue:my_ideas"), 302)]
    assert gettext(submissions.ALREADY_SENT) in messages_of(second)
    assert Idea.objects.filter(submitted_by=staff).count() == 1
    assert Submission.objects.get(key=key).user == staff


def test_each_rendered_form_has_its_own_key(client, staff):
    client.force_login(staff)
    url = reverse("catalogue:submit")
    first, second = key_on(client, url), key_on(client, url)
    assert first != second
    for key in (first, second):
        assert client.post(url, idea_data(key)).status_code == 302
    assert Idea.objects.filter(submitted_by=staff).count() == 2


def test_a_form_with_errors_keeps_its_key_free_for_the_corrected_form(client, staff):
    client.force_login(staff)
    url = reverse("catalogue:submit")
    key = key_on(client, url)
    refused = client.post(url, idea_data(key, title=""))
    assert refused.status_code == 422
    assert KEY.search(refused.content.decode()).group(1) == key  # the same form, shown again
    assert not Submission.objects.exists()
    assert client.post(url, idea_data(key)).status_code == 302
    assert Idea.objects.filter(submitted_by=staff).count() == 1


def test_a_form_without_a_key_is_made_as_before(client, staff):
    client.force_login(staff)
    data = idea_data("")
    for _ in range(2):
        assert client.post(reverse("catalogue:submit"), data).status_code == 302
    assert Idea.objects.filter(submitted_by=staff).count() == 2


def test_someone_elses_key_is_a_bad_request(client, staff, member):
    url = reverse("catalogue:submit")
    client.force_login(staff)
    key = key_on(client, url)
    client.post(url, idea_data(key))
    client.force_login(member)
    assert client.post(url, idea_data(key, title="Et andet forslag")).status_code == 400
    assert Idea.objects.count() == 1


def test_an_edit_form_has_no_key(client, staff):
    idea = IdeaFactory(submitted_by=staff)
    client.force_login(staff)
    html = client.get(reverse("catalogue:edit", args=[idea.pk])).content.decode()
    assert "submission_key" not in html


def test_a_new_meeting_sent_twice_is_made_once(client, secretariat):
    committee = CommitteeFactory()
    client.force_login(secretariat)
    url = reverse("meetings:workspace_new")
    key = key_on(client, url)
    data = {
        "committee": committee.pk,
        "kind": Meeting.Kind.ORDINARY,
        "title": "Budget",
        "starts_at": "2031-03-04T16:00",
        "submission_key": key,
    }
    first, second = client.post(url, data), client.post(url, data)
    meeting = Meeting.objects.get(committee=committee)
    assert first.url == second.url == reverse("meetings:workspace_meeting", args=[meeting.pk])


def test_a_new_agenda_item_sent_twice_is_made_once(client, secretariat):
    meeting = MeetingFactory()
    client.force_login(secretariat)
    url = reverse("meetings:workspace_item_new", args=[meeting.pk])
    key = key_on(client, url)
    data = {
        "item-title": "Forslag til innovationsmodel",
        "item-submission_key": key,
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-key": "summary",
        "sections-0-heading": "Resumé",
        "sections-0-text": "Udvalget drøfter modellen.",
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "0",
        "points-0-text": "At modellen godkendes.",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "save": "1",
    }
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    item = AgendaItem.objects.get(meeting=meeting)
    assert first.url == second.url == reverse("meetings:workspace_item", args=[item.pk])


def test_a_new_project_sent_twice_is_made_once(client, secretariat):
    committee = CommitteeFactory()
    idea = IdeaFactory(status=Idea.Status.PUBLISHED)
    client.force_login(secretariat)
    url = reverse("innovation:project_new")
    key = key_on(client, url)
    data = {
        "title": "Teknologilaboratoriet",
        "summary": "Borgere afprøver teknologi.",
        "ideas": [idea.pk],
        "committee": committee.pk,
        "submission_key": key,
    }
    first, second = client.post(url, data), client.post(url, data)
    project = Project.objects.get()
    assert first.url == second.url == project.get_absolute_url()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_requests_with_the_same_key_at_the_same_moment_make_one_idea(staff, monkeypatch):
    """Both requests start together; the first holds its transaction open a moment while it
    saves, so that the second arrives while the first has not committed: the second waits on
    the unique key, then is led to the first one's idea."""
    slowed(monkeypatch, staff_views, "_save")
    url = reverse("catalogue:submit")
    setup = Client()
    setup.force_login(staff)
    key = key_on(setup, url)
    responses = at_once(*[lambda: post_as(staff, url, idea_data(key))] * 2)
    assert [response.status_code for response in responses] == [302, 302]
    assert {response.url for response in responses} == {reverse("catalogue:my_ideas")}
    assert Idea.objects.filter(submitted_by=staff).count() == 1
    assert Submission.objects.filter(key=key).count() == 1


def test_old_keys_are_forgotten(client, staff):
    old = Submission.objects.create(
        key="00000000-0000-4000-8000-000000000001",
        user=staff,
        url="/",
        created_at=timezone.now() - submissions.KEPT - datetime.timedelta(hours=1),
    )
    client.force_login(staff)
    url = reverse("catalogue:submit")
    client.post(url, idea_data(key_on(client, url)))
    assert not Submission.objects.filter(pk=old.pk).exists()
    assert Submission.objects.filter(user=staff).count() == 1
