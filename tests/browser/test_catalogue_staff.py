"""Staff submits an idea and sees a similar-idea hint; the secretariat publishes it. In Chromium,
with axe-core on every staff and secretariat page."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from catalogue import actions
from catalogue.models import Idea, IdeaStatusChange
from tests.browser.helpers import log_in
from tests.catalogue.factories import IdeaFactory
from tests.factories import PASSWORD, UserFactory
from tests.meetings.factories import MeetingFactory, WorkshopGroupFactory


@pytest.fixture
def world(seeded):
    staff = UserFactory(username="medarbejder", role="Medarbejder", first_name="Mads")
    UserFactory(username="sekretariat", role="Sekretariat", first_name="Sofie")
    existing = IdeaFactory(
        status=Idea.Status.PUBLISHED,
        title="Velfærdsteknologi-værksted for pårørende",
        summary="Pårørende lærer de nye hjælpemidler at kende.",
    )
    group = WorkshopGroupFactory(meeting=MeetingFactory(state="published"), name="Borgergruppen")
    return {"staff": staff, "existing": existing, "group": group}


def test_staff_submits_with_a_hint_and_the_secretariat_publishes(page, world, assert_accessible):
    with translation.override("da"):
        submit_label = gettext("Submit")
        change_label = gettext("Change status")
        answer_label = gettext("Answer to the submitter")

    log_in(page, "medarbejder", PASSWORD)
    page.wait_for_url("**/")
    page.goto(reverse("catalogue:submit"))
    assert_accessible(page)

    # Inline validation: a too long title is refused when the field is left.
    page.locator("#id_title").fill("x" * 201)
    page.locator("#id_title").press("Tab")
    page.locator("#id_title_group .form-error-message").wait_for()
    assert_accessible(page)
    page.locator("#id_title").fill("")
    page.locator("#id_title").press_sequentially("Velfærdsteknologi værksted", delay=20)
    hints = page.locator("#similar-ideas")
    hints.get_by_text(world["existing"].title).first.wait_for()
    assert_accessible(page)

    page.locator("#id_summary").fill("Et værksted hvor borgere og pårørende prøver teknologi.")
    page.locator("#id_welfare_area").select_option(label="Ældre")
    page.get_by_role("button", name=submit_label, exact=True).click()
    page.wait_for_url("**" + reverse("catalogue:my_ideas"))
    assert page.get_by_role("heading", name="Velfærdsteknologi værksted").is_visible()
    assert_accessible(page)
    idea = Idea.objects.get(title="Velfærdsteknologi værksted")
    assert idea.status == Idea.Status.SUBMITTED

    page.context.clear_cookies()
    log_in(page, "sekretariat", PASSWORD)
    page.wait_for_url("**/")
    page.goto(reverse("catalogue:curation"))
    assert_accessible(page)
    page.get_by_role("link", name="Velfærdsteknologi værksted").click()
    page.wait_for_url("**" + reverse("catalogue:curate", args=[idea.pk]))
    assert_accessible(page)
    page.get_by_label(str(Idea.Status.PUBLISHED.label)).check()
    page.get_by_label(answer_label).fill("Tak – idéen er nu i kataloget.")
    page.get_by_role("button", name=change_label).click()
    page.wait_for_load_state()
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PUBLISHED
    assert idea.history.last().answer == "Tak – idéen er nu i kataloget."

    page.goto(reverse("catalogue:capture", args=[world["group"].pk]))
    assert_accessible(page)


def test_answering_a_request_for_clarification_is_accessible(page, world, assert_accessible):
    """The question and the answer field on "my ideas" and the edit page, also with the error
    of a missing answer, pass axe-core."""
    secretariat = UserFactory(username="sekretariat")
    idea = IdeaFactory(status=Idea.Status.SUBMITTED, submitted_by=world["staff"])
    actions.change_status(
        idea=idea,
        to_status=Idea.Status.NEEDS_CLARIFICATION,
        by=secretariat,
        answer="Hvilke plejecentre tænker du på?",
    )
    with translation.override("da"):
        resubmit_label = gettext("Resubmit")
    log_in(page, "medarbejder", PASSWORD)
    page.wait_for_url("**/")
    page.goto(reverse("catalogue:my_ideas"))
    assert page.get_by_label("Dit svar til sekretariatet").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name=resubmit_label).click()
    page.locator(".form-error-message").wait_for()
    assert_accessible(page)

    page.goto(reverse("catalogue:edit", args=[idea.pk]))
    page.get_by_text("Hvilke plejecentre tænker du på?").wait_for()
    assert_accessible(page)
    page.get_by_label("Dit svar til sekretariatet").fill("Plejecentrene i nord.")
    page.get_by_role("button", name=resubmit_label).click()
    page.wait_for_url("**" + reverse("catalogue:my_ideas"))
    change = IdeaStatusChange.objects.filter(idea=idea).last()
    assert (change.to_status, change.answer) == (Idea.Status.SUBMITTED, "Plejecentrene i nord.")


def test_errors_of_htmx_requests_land_where_they_belong(page, world, settings, assert_accessible):
    """A refused form answers 422 and its fragment is swapped into its place, with DEBUG on
    (as under `make run`) as well as off; any other failed request is announced in the page's
    alert, and the page stays whole."""
    settings.DEBUG = True
    idea = world["existing"]
    UserFactory(username="sekretariat", role="Sekretariat", first_name="Sofie")
    log_in(page, "sekretariat", PASSWORD)
    page.wait_for_url("**/")
    page.goto(reverse("catalogue:curate", args=[idea.pk]))
    links = page.locator("#idea-links")
    links.get_by_role("button").click()
    links.locator(".form-error-message").first.wait_for()
    assert page.locator("header.header").is_visible()
    assert page.locator("link[rel=stylesheet]").count() >= 2
    assert page.locator("#request-error").is_hidden()
    assert_accessible(page)

    # A request the server refuses (here: the session ended) is announced, not swapped.
    page.context.clear_cookies()
    page.locator("#internal-notes textarea").fill("En note")
    page.locator("#internal-notes").get_by_role("button").click()
    alert = page.locator("#request-error")
    alert.wait_for()
    assert "403" in alert.inner_text()
    assert page.locator("#internal-notes textarea").input_value() == "En note"
    assert_accessible(page)
