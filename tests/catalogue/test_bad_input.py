"""Input that used to end in a 500 (found by fuzzing): each gets a 4xx with a message, and
nothing is saved. ``tests/innovation/test_fuzz.py`` sends arbitrary text everywhere; these are
the cases it (or its predecessor) found, kept as plain regressions."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from catalogue.models import Edition, Idea, WelfareArea
from tests.catalogue.factories import IdeaFactory
from tests.meetings.factories import MeetingFactory, WorkshopGroupFactory

S = Idea.Status
HTMX = {"HX-Request": "true"}
NUL = "\x00"
# Django's own message for a NUL byte in a text field (ProhibitNullCharactersValidator).
NULL_MESSAGE = "Null characters are not allowed."


def text(response):
    return response.content.decode()


def idea_data(**overrides):
    return {
        "title": "Cykelværksted for unge",
        "summary": "Unge reparerer cykler sammen med frivillige fra foreningen.",
        "welfare_area": WelfareArea.objects.get(slug="aeldre").pk,
        **overrides,
    }


@pytest.fixture
def similar_idea(db):
    return IdeaFactory(title="Cykelværksted i kælderen", status=S.PUBLISHED)


@pytest.mark.parametrize("field", ["title", "summary"])
def test_nul_in_the_hint_query_is_400(client, submitter, similar_idea, field):
    client.force_login(submitter)
    query = {"title": "Cykelværksted", "summary": "Cykler og frivillige"}
    query[field] += NUL
    response = client.get(reverse("catalogue:similar"), query, headers=HTMX)
    assert response.status_code == 422
    assert 'class="similar-idea"' not in text(response)


def test_non_ascii_digit_as_the_excluded_idea_is_400(client, submitter, similar_idea):
    assert "²".isdigit()
    client.force_login(submitter)
    query = {"title": "Cykelværksted", "exclude": "²"}
    response = client.get(reverse("catalogue:similar"), query, headers=HTMX)
    assert response.status_code == 422


def test_the_excluded_idea_still_works(client, submitter, similar_idea):
    client.force_login(submitter)
    url = reverse("catalogue:similar")
    found = client.get(url, {"title": "Cykelværksted"}, headers=HTMX)
    assert found.status_code == 200 and similar_idea.title in text(found)
    query = {"title": "Cykelværksted", "exclude": similar_idea.pk}
    left_out = client.get(url, query, headers=HTMX)
    assert left_out.status_code == 200 and similar_idea.title not in text(left_out)


def test_nul_in_the_title_on_submit_is_a_form_error(client, submitter, similar_idea):
    client.force_login(submitter)
    data = idea_data(title=f"Cykel{NUL}værksted", submit="1")
    response = client.post(reverse("catalogue:submit"), data)
    assert response.status_code == 422
    assert gettext(NULL_MESSAGE) in text(response)
    assert not Idea.objects.filter(submitted_by=submitter).exists()


def test_nul_in_the_title_on_edit_is_a_form_error(client, submitter, similar_idea):
    idea = IdeaFactory(status=S.DRAFT, submitted_by=submitter, title="Før")
    client.force_login(submitter)
    data = idea_data(title=f"Cykel{NUL}værksted", submit="1")
    response = client.post(reverse("catalogue:edit", args=[idea.pk]), data)
    assert response.status_code == 422
    assert gettext(NULL_MESSAGE) in text(response)
    idea.refresh_from_db()
    assert (idea.title, idea.status) == ("Før", S.DRAFT)


def test_non_ascii_digit_in_the_chosen_hint_is_a_form_error(client, submitter, similar_idea):
    client.force_login(submitter)
    response = client.post(reverse("catalogue:submit"), idea_data(link="duplicate_of:²"))
    assert response.status_code == 422
    assert gettext("Choose one of the similar ideas.") in text(response)
    assert not Idea.objects.filter(submitted_by=submitter).exists()


def test_inline_validation_of_an_unknown_field_is_400(client, submitter):
    client.force_login(submitter)
    url = reverse("catalogue:validate")
    assert client.post(url, idea_data(validate="title"), headers=HTMX).status_code == 200
    response = client.post(url, idea_data(validate=f"title{NUL}"), headers=HTMX)
    assert response.status_code == 400


def test_nul_in_the_edition_note_is_a_form_error(client, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("catalogue:editions"), {"note": f"Forår{NUL}"})
    assert response.status_code == 422
    assert gettext(NULL_MESSAGE) in text(response)
    assert 'id="id_edition_note"' in text(response)
    assert not Edition.objects.exists()


def test_too_long_edition_note_is_a_form_error(client, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("catalogue:editions"), {"note": "x" * 2001})
    assert response.status_code == 422
    assert "2001" in text(response)
    assert not Edition.objects.exists()


@pytest.mark.parametrize("total", ["abc", "²", NUL, ""])
@pytest.mark.parametrize("button", [{"add_row": "1"}, {}])
def test_tampered_row_count_on_workshop_capture_is_400(client, secretariat, total, button):
    group = WorkshopGroupFactory(meeting=MeetingFactory(state="published"))
    client.force_login(secretariat)
    data = {
        "ideas-TOTAL_FORMS": total,
        "ideas-INITIAL_FORMS": "0",
        "ideas-0-title": "Fælles spisning",
        "ideas-0-summary": "Ældre og unge spiser sammen.",
        "ideas-0-welfare_area": WelfareArea.objects.get(slug="aeldre").pk,
        **button,
    }
    response = client.post(reverse("catalogue:capture", args=[group.pk]), data)
    assert response.status_code == 422
    assert gettext("The form arrived incomplete. Reload the page and enter the rows again.") in (
        text(response)
    )
    assert not Idea.objects.exists()


def test_unknown_support_action_is_400(client, member):
    idea = IdeaFactory(status=S.PUBLISHED)
    client.force_login(member)
    url = reverse("catalogue:endorse", args=[idea.pk])
    response = client.post(url, {"action": f"withdraw{NUL}"}, headers=HTMX)
    assert response.status_code == 422
    assert not idea.endorsements.exists()
    assert client.post(url, headers=HTMX).status_code == 200
    assert idea.endorsements.exists()


def test_a_claimed_thousand_rows_builds_no_more_than_the_maximum(client, secretariat):
    group = WorkshopGroupFactory(meeting=MeetingFactory(state="published"))
    client.force_login(secretariat)
    data = {"ideas-TOTAL_FORMS": "1000", "ideas-INITIAL_FORMS": "0"}
    response = client.post(reverse("catalogue:capture", args=[group.pk]), data)
    assert response.status_code == 422
    assert text(response).count('class="capture-row"') <= 30
    assert not Idea.objects.exists()
