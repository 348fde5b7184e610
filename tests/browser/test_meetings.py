"""A committee member's way through the meetings pages, in Chromium, with axe-core on each."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from meetings import actions
from meetings.models import Meeting, Membership
from tests.browser.helpers import log_in
from tests.factories import PASSWORD, UserFactory
from tests.meetings.factories import (
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    WorkshopGroupFactory,
    full_item,
)

SECRET = "FORTROLIG-SAG-4411"


@pytest.fixture
def world(transactional_db):
    committee = CommitteeFactory(name="Opgaveudvalget om Innovation", slug="innovation")
    member = UserFactory(username="medlem", role="Udvalgsmedlem", first_name="Mette")
    MembershipFactory(committee=committee, user=member, role=Membership.Role.COUNCIL_MEMBER)
    held = MeetingFactory(
        committee=committee,
        number=3,
        title="Referatmødet",
        starts_at=timezone.now() - datetime.timedelta(days=10),
    )
    held_item = full_item(held, title="Punkt med beslutning")
    actions.mark_held(meeting=held)
    actions.record_decision(
        item=held_item,
        decision="Godkendt.",
        outcomes={point.pk: ("approved", "") for point in held_item.points.all()},
    )
    conference = MeetingFactory(
        committee=committee,
        number=4,
        title="Teknologilaboratorium",
        kind=Meeting.Kind.CONFERENCE,
        state=Meeting.State.PUBLISHED,
    )
    talk = ProgrammeItemFactory(meeting=conference, title="Velkomst", kind="welcome")
    talk.speakers.add(SpeakerFactory(name="Gry Ravn"))
    WorkshopGroupFactory(meeting=conference, name="Politikergruppen", audience="politikere")
    # Its time has passed, but nobody marked it held: listed under a heading of its own.
    MeetingFactory(
        committee=committee,
        number=2,
        title="Glemt møde",
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    item = full_item(conference, title="Digitalt blik på kommunal velfærd")
    full_item(conference, closed=True, title=f"Lukket {SECRET}", secret=SECRET)
    return {"committee": committee, "held": held, "conference": conference, "item": item}


def test_member_reads_the_conference_expands_an_item_keeps_a_note_and_reads_minutes(
    page, world, assert_accessible
):
    log_in(page, "medlem", PASSWORD)
    page.wait_for_url("**/")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Møder").click()
    page.wait_for_url("**" + reverse("meetings:index"))
    assert_accessible(page)
    page.get_by_role("link", name="Møde 4: Teknologilaboratorium").click()
    page.wait_for_url(f"**/moeder/{world['conference'].pk}/")
    assert "Politikergruppen" in page.content()
    assert_accessible(page)

    item = world["item"]
    toggle = page.locator(f"#item-toggle-{item.pk}")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    body = page.locator(f"#item-body-{item.pk}")
    body.get_by_text("Baggrundstekst.").wait_for()
    assert page.locator(f"#item-toggle-{item.pk}").get_attribute("aria-expanded") == "true"
    # A member reads the closed item too.
    assert SECRET in page.content()
    assert_accessible(page)

    note = page.locator(f"#item-note-{item.pk} textarea")
    note.fill("Husk at spørge til økonomien – æøå")
    page.locator(f"#item-note-save-{item.pk}").click()
    page.locator(f"#item-note-{item.pk} .note-status").get_by_text("Gemt kl.").wait_for()
    # The note is stored: it is there on the item's own page.
    page.goto(reverse("meetings:item", args=[item.pk]))
    assert page.locator("textarea").input_value() == "Husk at spørge til økonomien – æøå"
    assert_accessible(page)

    page.goto(reverse("meetings:meeting", args=[world["held"].pk]))
    page.get_by_role("link", name="Referat").first.click()
    page.wait_for_url("**/referat/")
    assert "Punkt med beslutning" in page.content()
    assert "Godkendt" in page.locator("main").inner_text()
    assert_accessible(page)


def test_expanding_an_item_works_by_keyboard(page, world):
    page.goto(reverse("meetings:meeting", args=[world["conference"].pk]))
    toggle = page.locator(f"#item-toggle-{world['item'].pk}")
    toggle.focus()
    page.keyboard.press("Enter")
    page.locator(f"#item-body-{world['item'].pk}").get_by_text("Baggrundstekst.").wait_for()
    assert SECRET not in page.content()


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_meetings_page_has_no_axe_violations(page, world, assert_accessible, language):
    with translation.override(language):
        urls = [
            reverse("meetings:index"),
            reverse("meetings:committees"),
            reverse("meetings:committee", args=["innovation"]),
            reverse("meetings:meeting", args=[world["conference"].pk]),
            reverse("meetings:item", args=[world["item"].pk]),
            reverse("meetings:minutes", args=[world["held"].pk]),
        ]
    for url in urls:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    # And as a member, who sees notes and closed items.
    log_in(page, "medlem", PASSWORD)
    page.wait_for_url("**/")
    for url in urls:
        page.goto(url)
        assert_accessible(page)


def test_meeting_filter_is_live_and_keeps_the_url(page, world):
    page.goto(reverse("meetings:index"))
    page.get_by_label("År").select_option(str(world["held"].starts_at.year))
    page.wait_for_url("**year=*")
    assert "Møde 3" in page.locator("#meeting-list").inner_text()


def test_the_meeting_list_reads_by_state(page, world):
    page.goto(reverse("meetings:index"))
    sections = {
        "Kommende møder": "Møde 4: Teknologilaboratorium",
        "Ikke markeret som afholdt": "Møde 2: Glemt møde",
        "Afholdt, referat ikke godkendt": "Møde 3: Referatmødet",
    }
    for heading, meeting in sections.items():
        region = page.get_by_role("region", name=heading)
        assert region.get_by_role("link", name=meeting).count() == 1, heading
        assert region.get_by_role("row").count() == 2, heading  # the header and one meeting
    assert page.get_by_text("Ingen afholdte møder med godkendt referat.").is_visible()
