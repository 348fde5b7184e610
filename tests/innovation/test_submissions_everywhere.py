"""Every form that makes something carries a key (``innovation.shared.submissions``): sent
twice with the same key, it makes one object, and the second answer is the first one's (the
same redirect, or for htmx the same fragment with a new key for the next submission), not an
error. One test per form, through its URL; the forms of the first round (idea, meeting, agenda
item, project) are in ``test_submissions.py``.

Each test reads the key from the page the user would see, then sends the same data twice."""

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from catalogue import actions as catalogue_actions
from catalogue.models import (
    Comment,
    Edition,
    Endorsement,
    Idea,
    IdeaLink,
    InternalNote,
    WelfareArea,
)
from innovation.models import (
    Benefit,
    BenefitTargets,
    Funding,
    LearningEntry,
    Measurement,
    Partnership,
    ProjectNote,
    Submission,
)
from innovation.shared import submissions
from meetings.models import (
    AgendaItem,
    Attachment,
    ItemSection,
    Meeting,
    PrivateNote,
    ProgrammeItem,
    WorkshopGroup,
)
from tests import attachment_files as files
from tests.catalogue.factories import CommentFactory, IdeaFactory
from tests.concurrency import at_once, post_as, slowed
from tests.factories import UserFactory
from tests.innovation.factories import BenefitFactory, ProjectFactory
from tests.meetings.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    WorkshopGroupFactory,
    full_item,
)

HTMX = {"HX-Request": "true"}
KEY = re.compile(r'name="(?:item-)?submission_key"[^>]*value="([0-9a-f-]{36})"')
S = Idea.Status


def form_html(html, action, marker=""):
    """The HTML of the first form on the page that posts to ``action`` (and contains
    ``marker``)."""
    for part in html.split("<form")[1:]:
        form = part.split("</form>")[0]
        if f'action="{action}"' in form and marker in form:
            return form
    raise AssertionError(f"no form for {action} {marker}")


def key_of_form(client, page, action, marker=""):
    html = client.get(page).content.decode()
    return KEY.search(form_html(html, action, marker)).group(1)


def key_on(client, url):
    return KEY.search(client.get(url).content.decode()).group(1)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def twice(client, url, data, **kwargs):
    """The same data sent twice: both answers. ``data`` may be a function (uploads are read
    once)."""
    make = data if callable(data) else lambda: data
    return client.post(url, make(), **kwargs), client.post(url, make(), **kwargs)


def assert_same_redirect(first, second):
    assert first.status_code == second.status_code == 302, first.content.decode()[:2000]
    assert first.url == second.url


# The catalogue --------------------------------------------------------------------------------


@pytest.fixture
def published_idea(db, staff):
    return IdeaFactory(status=S.PUBLISHED, title="Cykelværksted for unge", submitted_by=staff)


def test_a_comment_sent_twice_is_published_once(client, member, published_idea):
    client.force_login(member)
    page = reverse("catalogue:idea", args=[published_idea.pk])
    action = reverse("catalogue:comment", args=[published_idea.pk])
    key = key_of_form(client, page, action, 'class="comment-form"')
    first, second = twice(client, action, {"text": "God idé!", "submission_key": key})
    assert_same_redirect(first, second)
    assert Comment.objects.filter(idea=published_idea).count() == 1
    followed = client.get(second.url)
    assert gettext(submissions.ALREADY_SENT) in messages_of(followed)


def test_a_comment_sent_twice_by_htmx_answers_the_same_fragment_with_a_new_key(
    client, member, published_idea
):
    client.force_login(member)
    page = reverse("catalogue:idea", args=[published_idea.pk])
    action = reverse("catalogue:comment", args=[published_idea.pk])
    key = key_of_form(client, page, action, 'class="comment-form"')
    first, second = twice(client, action, {"text": "God idé!", "submission_key": key}, headers=HTMX)
    assert first.status_code == second.status_code == 200
    for response in (first, second):
        html = response.content.decode()
        assert 'id="idea-comments"' in html and "<html" not in html
        assert html.count("God idé!") == 1
        fresh = KEY.search(form_html(html, action, 'class="comment-form"')).group(1)
        assert fresh != key  # the next comment has a key of its own
    assert Comment.objects.filter(idea=published_idea).count() == 1


def test_a_reply_sent_twice_is_published_once(client, member, published_idea):
    comment = CommentFactory(idea=published_idea)
    client.force_login(member)
    page = reverse("catalogue:idea", args=[published_idea.pk])
    action = reverse("catalogue:comment", args=[published_idea.pk])
    key = key_of_form(client, page, action, f'name="parent" value="{comment.pk}"')
    main = key_of_form(client, page, action, 'class="comment-form"')
    assert key != main
    data = {"text": "Enig.", "parent": comment.pk, "submission_key": key}
    first, second = twice(client, action, data)
    assert_same_redirect(first, second)
    assert Comment.objects.filter(parent=comment).count() == 1


def test_a_support_sent_twice_answers_as_the_first_time(client, member, published_idea):
    client.force_login(member)
    page = reverse("catalogue:idea", args=[published_idea.pk])
    html = client.get(page).content.decode()
    ids = re.findall(r'id="(id_[a-z_]*submission_key)"', html)
    assert len(ids) == len(set(ids)) == 2  # the comment's and the support's, each its own id
    action = reverse("catalogue:endorse", args=[published_idea.pk])
    key = key_of_form(client, page, action)
    first, second = twice(client, action, {"submission_key": key}, headers=HTMX)
    # Without the key the second press would say “You already support this idea” (422).
    assert first.status_code == second.status_code == 200
    assert Endorsement.objects.filter(idea=published_idea, user=member).count() == 1
    html = second.content.decode()
    assert gettext(submissions.ALREADY_SENT) in html
    assert KEY.search(form_html(html, action)).group(1) != key  # withdrawing has its own
    withdrawn = client.post(action, {"action": "withdraw", "submission_key": str(uuid.uuid4())})
    assert withdrawn.status_code == 302
    assert not Endorsement.objects.exists()


def test_an_internal_note_on_an_idea_sent_twice_is_saved_once(client, secretariat):
    idea = IdeaFactory(status=S.SUBMITTED)
    client.force_login(secretariat)
    action = reverse("catalogue:curate_note", args=[idea.pk])
    key = key_of_form(client, reverse("catalogue:curate", args=[idea.pk]), action)
    data = {"text": "Ring til forslagsstilleren.", "submission_key": key}
    first, second = twice(client, action, data, headers=HTMX)
    assert first.status_code == second.status_code == 200
    assert InternalNote.objects.filter(idea=idea).count() == 1
    assert KEY.search(second.content.decode()).group(1) != key
    first, second = twice(client, action, data)  # without htmx: the same redirect
    assert_same_redirect(first, second)
    assert InternalNote.objects.filter(idea=idea).count() == 1


def test_a_link_sent_twice_answers_as_the_first_time(client, secretariat):
    idea, other = IdeaFactory.create_batch(2, status=S.PUBLISHED)
    client.force_login(secretariat)
    action = reverse("catalogue:curate_link", args=[idea.pk])
    key = key_of_form(client, reverse("catalogue:curate", args=[idea.pk]), action)
    data = {"kind": "related", "target": other.pk, "submission_key": key}
    first, second = twice(client, action, data)
    # Without the key the second would say “already linked” (422).
    assert_same_redirect(first, second)
    assert IdeaLink.objects.count() == 1


def test_workshop_results_sent_twice_are_captured_once(client, secretariat):
    group = WorkshopGroupFactory(meeting=MeetingFactory(state="published"))
    area = WelfareArea.objects.get(slug="aeldre").pk
    client.force_login(secretariat)
    url = reverse("catalogue:capture", args=[group.pk])
    key = key_on(client, url)
    data = {
        "submission_key": key,
        "ideas-TOTAL_FORMS": "3",
        "ideas-INITIAL_FORMS": "0",
        "ideas-0-title": "Teknologilaboratorium",
        "ideas-0-summary": "Et sted at afprøve.",
        "ideas-0-welfare_area": area,
    }
    # “Add a row” keeps the key: the page is the same form, not yet sent.
    more = client.post(url, {**data, "add_row": "1"})
    assert KEY.search(more.content.decode()).group(1) == key
    first, second = twice(client, url, data)
    assert_same_redirect(first, second)
    assert Idea.objects.filter(origin=group).count() == 1


def test_an_edition_sent_twice_is_published_once(client, secretariat):
    client.force_login(secretariat)
    url = reverse("catalogue:editions")
    key = key_on(client, url)
    first, second = twice(client, url, {"note": "Forårsudgaven", "submission_key": key})
    assert_same_redirect(first, second)
    assert Edition.objects.count() == 1


# Projects -------------------------------------------------------------------------------------


@pytest.fixture
def project(db):
    return ProjectFactory(committee=CommitteeFactory())


def test_a_project_note_sent_twice_is_saved_once(client, secretariat, project):
    client.force_login(secretariat)
    action = reverse("innovation:note_add", args=[project.pk])
    key = key_of_form(client, project.get_absolute_url(), action)
    data = {"text": "Husk fonden", "submission_key": key}
    first, second = twice(client, action, data, headers=HTMX)
    assert first.status_code == second.status_code == 200
    assert KEY.search(second.content.decode()).group(1) != key
    first, second = twice(client, action, data)
    assert_same_redirect(first, second)
    assert ProjectNote.objects.filter(project=project).count() == 1


def project_forms(project, benefit):
    """(URL, data, what counts the objects made) of each project form that makes something."""
    return [
        (
            reverse("innovation:funding_new", args=[project.pk]),
            {"kind": "eu", "name": "Horizon", "amount": "1000", "status": "applied"},
            lambda: Funding.objects.filter(project=project).count(),
        ),
        (
            reverse("innovation:partnership_new", args=[project.pk]),
            {"name": "Region Hovedstaden", "kind": "municipality", "role": "Data"},
            lambda: Partnership.objects.filter(project=project).count(),
        ),
        (
            reverse("innovation:benefit_new", args=[project.pk]),
            {
                "title": "Færre besøg",
                "kind": "efficiency",
                "baseline_value": "120",
                "baseline_on": "2025-01-01",
                "target_low": "110",
                "target_likely": "100",
                "target_high": "90",
            },
            lambda: Benefit.objects.filter(project=project).count(),
        ),
        (
            reverse("innovation:measurement_new", args=[benefit.pk]),
            {"planned_on": "2026-01-01"},
            lambda: Measurement.objects.filter(benefit=benefit).count(),
        ),
        (
            reverse("innovation:targets_change", args=[benefit.pk]),
            {"target_low": "1", "target_likely": "2", "target_high": "3", "reason": "Ny viden"},
            lambda: BenefitTargets.objects.filter(benefit=benefit).count(),
        ),
        (
            reverse("innovation:learning_new", args=[project.pk]),
            {"on": "2025-05-01", "hypothesis": "H", "learned": "L", "decision": "pivot"},
            lambda: LearningEntry.objects.filter(project=project).count(),
        ),
    ]


@pytest.mark.parametrize(
    "form", ["funding", "partnership", "benefit", "measurement", "targets", "learning"]
)
def test_each_project_form_sent_twice_makes_one(client, secretariat, project, form):
    benefit = BenefitFactory(project=project, targets_locked_at=timezone.now())
    index = ["funding", "partnership", "benefit", "measurement", "targets", "learning"].index(form)
    url, data, count = project_forms(project, benefit)[index]
    before = count()
    client.force_login(secretariat)
    key = key_on(client, url)
    first, second = twice(client, url, {**data, "submission_key": key}, headers=HTMX)
    # htmx follows the first one's address in both answers (HX-Redirect).
    assert first.status_code == second.status_code == 200, first.content.decode()[:2000]
    assert first["HX-Redirect"] == second["HX-Redirect"]
    assert count() == before + 1


def test_an_edit_form_of_a_project_register_has_no_key(client, secretariat, project):
    benefit = BenefitFactory(project=project)
    client.force_login(secretariat)
    html = client.get(reverse("innovation:benefit_edit", args=[benefit.pk])).content.decode()
    assert "submission_key" not in html


def test_a_proposal_sent_twice_makes_one_agenda_item(client, secretariat, project):
    project.phase = "proposal"
    project.save()
    meeting = MeetingFactory(committee=project.committee, state=Meeting.State.DRAFT)
    client.force_login(secretariat)
    url = reverse("innovation:propose", args=[project.pk])
    key = key_on(client, url)
    data = {"meeting": meeting.pk, "to_phase": "approved", "submission_key": key}
    first, second = twice(client, url, data)
    assert_same_redirect(first, second)
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1


# The workspace --------------------------------------------------------------------------------


def test_a_programme_sent_twice_adds_its_parts_once(client, secretariat):
    meeting = MeetingFactory(state=Meeting.State.DRAFT)
    client.force_login(secretariat)
    url = reverse("meetings:workspace_programme", args=[meeting.pk])
    key = key_on(client, url)
    data = {
        "submission_key": key,
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-0-kind": "welcome",
        "rows-0-title": "Velkomst",
        "rows-0-starts_at": "13:00",
        "save": "1",
    }
    first, second = twice(client, url, data)
    assert_same_redirect(first, second)
    assert ProgrammeItem.objects.filter(meeting=meeting).count() == 1


def test_workshop_groups_sent_twice_are_added_once(client, secretariat):
    meeting = MeetingFactory(state=Meeting.State.DRAFT)
    client.force_login(secretariat)
    url = reverse("meetings:workspace_groups", args=[meeting.pk])
    key = key_on(client, url)
    data = {
        "submission_key": key,
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-0-name": "Politikergruppen",
        "save": "1",
    }
    first, second = twice(client, url, data)
    assert_same_redirect(first, second)
    assert WorkshopGroup.objects.filter(meeting=meeting).count() == 1


def test_an_item_edit_with_new_rows_and_an_upload_sent_twice_adds_them_once(client, secretariat):
    item = AgendaItemFactory(meeting=MeetingFactory(state=Meeting.State.DRAFT))
    client.force_login(secretariat)
    url = reverse("meetings:workspace_item", args=[item.pk])
    key = key_on(client, url)

    def data():
        return {
            "item-title": "Forslag til innovationsmodel",
            "item-submission_key": key,
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-0-key": "summary",
            "sections-0-heading": "Resumé",
            "sections-0-text": "Udvalget drøfter modellen.",
            "points-TOTAL_FORMS": "0",
            "points-INITIAL_FORMS": "0",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "upload-files": [SimpleUploadedFile("Notat.pdf", files.plain_pdf())],
            "save": "1",
        }

    first, second = twice(client, url, data)
    assert_same_redirect(first, second)
    assert ItemSection.objects.filter(item=item).count() == 1
    assert Attachment.objects.filter(item=item).count() == 1
    # The page shown next has a new key: the next edit is saved.
    assert key_on(client, url) != key


# Two at the same moment -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_comments_with_the_same_key_at_the_same_moment_make_one(member, staff, monkeypatch):
    """As ``test_submissions``' idea form: the first request holds its transaction open while
    it saves; the second waits on the key, then answers as the first."""
    idea = IdeaFactory(status=S.PUBLISHED, submitted_by=staff)
    slowed(monkeypatch, catalogue_actions, "comment")
    url = reverse("catalogue:comment", args=[idea.pk])
    key = str(uuid.uuid4())
    data = {"text": "Samtidig", "submission_key": key}
    responses = at_once(*[lambda: post_as(member, url, data)] * 2)
    assert [response.status_code for response in responses] == [302, 302]
    assert len({response.url for response in responses}) == 1
    assert Comment.objects.filter(idea=idea).count() == 1
    assert Submission.objects.filter(key=key).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_private_note_sent_twice_at_the_same_moment_is_one_note(monkeypatch):
    """A private note needs no key: there is one per member and item (a unique constraint),
    saved as update-or-create; two first saves at the same moment make one note, no error."""
    committee = CommitteeFactory()
    user = UserFactory()
    MembershipFactory(committee=committee, user=user)
    item = full_item(MeetingFactory(committee=committee))
    slowed(monkeypatch, PrivateNote, "save")
    url = reverse("meetings:item_note", args=[item.pk])
    responses = at_once(*[lambda: post_as(user, url, {"text": "Husk økonomien."})] * 2)
    assert [response.status_code for response in responses] == [302, 302]
    assert PrivateNote.objects.get(user=user, item=item).text == "Husk økonomien."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_new_meetings_of_one_committee_at_the_same_moment_get_two_numbers(monkeypatch):
    """Found by the breaker: two secretaries creating a meeting of the same committee at the
    same moment (two forms, two keys) both took the next number after the one they read, and
    the second failed on the unique number with a 500. Each now gets its own number."""
    from innovation.shared import permissions
    from meetings.models import Meeting

    committee = CommitteeFactory()
    MeetingFactory(committee=committee, number=1)
    secretaries = [
        UserFactory(username=name, role=permissions.SECRETARIAT, is_staff=True)
        for name in ("sekretaer-a", "sekretaer-b")
    ]
    slowed(monkeypatch, Meeting, "save")
    url = reverse("meetings:workspace_new")

    def send(user):
        data = {
            "committee": committee.pk,
            "kind": Meeting.Kind.ORDINARY,
            "title": "Samtidig",
            "starts_at": "2031-03-04T16:00",
            "submission_key": str(uuid.uuid4()),
        }
        return lambda: post_as(user, url, data)

    responses = at_once(*[send(user) for user in secretaries])
    assert [response.status_code for response in responses] == [302, 302]
    numbers = Meeting.objects.filter(committee=committee).values_list("number", flat=True)
    assert sorted(numbers) == [1, 2, 3]
