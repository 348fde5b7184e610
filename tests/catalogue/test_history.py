"""The history of an idea: every create, change and delete is recorded with who made it, and the
secretariat reads it on the curation page and its own page, from when the idea was handed in."""

import html as html_lib
import re

import pghistory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue import actions
from catalogue.models import Idea, WelfareArea
from innovation.shared import history
from tests.catalogue.factories import IdeaFactory

S = Idea.Status
HTMX = {"HX-Request": "true"}
DRAFT_TITLE = "KLADDETITEL-5521 som kun indsenderen kender"


def recorded(**filters):
    events = history.event_model(Idea).objects.filter(pgh_label__in=history.ACTIONS)
    return list(events.filter(**filters).select_related("pgh_context").order_by("pgh_id"))


def who(event):
    return event.pgh_context.metadata.get("user") if event.pgh_context else None


def text(response):
    body = re.sub(r'<span class="sr-only">[^<]*</span>', "", response.content.decode())
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


def idea_data(**overrides):
    data = {
        "title": "Cykelværksted for unge",
        "summary": "Unge reparerer cykler sammen med frivillige fra foreningen.",
        "description": "",
        "welfare_area": WelfareArea.objects.get(slug="aeldre").pk,
        "tags": "",
        "contact": "",
        "expected_value": "",
        "effort": "",
        "mandate_task": "",
    }
    data.update(overrides)
    return data


def test_every_change_of_an_idea_is_recorded_with_who_made_it(
    client, submitter, secretariat, superuser
):
    client.force_login(submitter)
    client.post(reverse("catalogue:submit"), idea_data(title=DRAFT_TITLE, draft="1"))
    idea = Idea.objects.get()
    edit = reverse("catalogue:edit", args=[idea.pk])
    assert client.post(edit, idea_data(submit="1")).status_code == 302
    client.force_login(secretariat)
    url = reverse("catalogue:curate_status", args=[idea.pk])
    assert client.post(url, {"to_status": S.PUBLISHED}).status_code == 302
    data = idea_data(title="Cykelværksted for unge og ældre", save="1")
    assert client.post(edit, data).status_code == 302
    events = recorded(pgh_obj_id=idea.pk)
    assert [(e.pgh_label, e.status, who(e)) for e in events] == [
        ("insert", S.DRAFT, submitter.pk),
        ("update", S.DRAFT, submitter.pk),  # the title, saved before handing it in
        ("update", S.SUBMITTED, submitter.pk),
        ("update", S.PUBLISHED, secretariat.pk),
        ("update", S.PUBLISHED, secretariat.pk),
    ]
    assert events[-1].title == "Cykelværksted for unge og ældre"

    client.force_login(superuser)
    url = reverse("admin:catalogue_idea_delete", args=[idea.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    [deleted] = recorded(pgh_obj_id=idea.pk, pgh_label="delete")
    assert who(deleted) == superuser.pk


def test_the_secretariat_reads_the_changes_from_when_the_idea_was_handed_in(
    client, submitter, secretariat
):
    client.force_login(submitter)
    client.post(reverse("catalogue:submit"), idea_data(title=DRAFT_TITLE, draft="1"))
    idea = Idea.objects.get()
    edit = reverse("catalogue:edit", args=[idea.pk])
    client.post(edit, idea_data(title="Første udkast", description="Kladdens tekst", draft="1"))
    assert client.post(edit, idea_data(submit="1")).status_code == 302
    client.force_login(secretariat)
    client.post(reverse("catalogue:curate_status", args=[idea.pk]), {"to_status": S.UNDER_REVIEW})

    for url in (
        reverse("catalogue:curate", args=[idea.pk]),
        reverse("catalogue:curate_history", args=[idea.pk]),
    ):
        page = text(client.get(url))
        assert "Status Indsendt → Under vurdering" in page
        assert "Status Kladde → Indsendt" in page
        assert submitter.get_full_name() in page and secretariat.get_full_name() in page
        # Nothing of the draft: not its title, its text, its creation or its edits.
        assert DRAFT_TITLE not in page and "Første udkast" not in page
        assert "Kladdens tekst" not in page and "Oprettet" not in page


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        ("anonymous", 302),
        ("submitter", 403),
        ("other_staff", 403),
        ("member", 403),
        ("secretariat", 200),
        ("superuser", 200),
    ],
)
def test_only_the_secretariat_reads_an_ideas_changes(client, request, submitter, reader, expected):
    with pghistory.context(user=submitter.pk):
        idea = IdeaFactory(status=S.SUBMITTED, submitted_by=submitter)
        Idea.objects.filter(pk=idea.pk).update(title="Et nyt navn")
    if reader != "anonymous":
        client.force_login(request.getfixturevalue(reader))
    url = reverse("catalogue:curate_history", args=[idea.pk])
    for headers in ({}, HTMX):
        response = client.get(url, headers=headers)
        if reader == "anonymous" and headers:
            assert response.status_code == 403  # htmx: no redirect to the login page
            continue
        assert response.status_code == expected
        if expected == 302:
            assert "/konto/login/" in response["Location"]
        if expected == 200:
            fragment = response.content.decode()
            assert 'id="idea-changes"' in fragment and ("<html" in fragment) == (not headers)
            assert "Et nyt navn" in fragment


def test_the_idea_history_query_count_does_not_grow(client, secretariat, submitter):
    client.force_login(secretariat)

    def count(changes):
        with pghistory.context(user=submitter.pk):
            idea = IdeaFactory(status=S.SUBMITTED, submitted_by=submitter)
            for number in range(changes):
                idea.title = f"Navn {number}"
                idea.welfare_area = WelfareArea.objects.order_by("?").first()
                idea.save()
        with CaptureQueriesContext(connection) as queries:
            url = reverse("catalogue:curate_history", args=[idea.pk])
            assert client.get(url).status_code == 200
        return len(queries)

    assert count(3) == count(30)


def test_an_action_without_a_request_is_recorded_as_the_system(submitter):
    idea = IdeaFactory(status=S.DRAFT, submitted_by=submitter)
    actions.change_status(idea=idea, to_status=S.SUBMITTED, by=submitter)
    assert [who(e) for e in recorded(pgh_obj_id=idea.pk)] == [None, None]
