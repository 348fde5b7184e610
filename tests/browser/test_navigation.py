"""Navigation by role in Chromium: the home page of every role passes axe-core at 1280 and at
360 px, and "Ny idé" is reached by keyboard alone, from the desktop menu and from the mobile
drawer."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from catalogue.models import Idea
from innovation.shared import permissions
from meetings.models import Meeting, Membership
from tests.browser.helpers import log_in
from tests.catalogue.factories import IdeaFactory
from tests.factories import PASSWORD, UserFactory
from tests.meetings.factories import CommitteeFactory, MeetingFactory, MembershipFactory

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def world(seeded):
    committee = CommitteeFactory(name="Opgaveudvalget om Innovation", slug="innovation")
    other = CommitteeFactory(name="Opgaveudvalget for Trafik", slug="trafik")
    users = {
        "staff": UserFactory(username="medarbejder", role=permissions.STAFF),
        "member": UserFactory(username="medlem", role=permissions.COMMITTEE_MEMBER),
        "other_member": UserFactory(username="trafik", role=permissions.COMMITTEE_MEMBER),
        "secretariat": UserFactory(username="sekretariat", role=permissions.SECRETARIAT),
        "superuser": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }
    MembershipFactory(committee=committee, user=users["member"], role=Membership.Role.CHAIR)
    MembershipFactory(committee=other, user=users["other_member"])
    soon = timezone.now() + datetime.timedelta(days=4)
    MeetingFactory(committee=committee, number=5, title="Velfærdsteknologi", starts_at=soon)
    MeetingFactory(committee=other, number=2, title="Cykelstier", starts_at=soon)
    MeetingFactory(committee=committee, number=6, state=Meeting.State.DRAFT)
    for status in (Idea.Status.SUBMITTED, Idea.Status.UNDER_REVIEW, Idea.Status.SUBMITTED):
        IdeaFactory(status=status, submitted_by=users["staff"])
    IdeaFactory(status=Idea.Status.NEEDS_CLARIFICATION, submitted_by=users["staff"])
    return users


ROLES = ["anonymous", "staff", "member", "other_member", "secretariat", "superuser"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_s_home_page_passes_axe_on_desktop_and_phone(
    page, world, assert_accessible, role
):
    if role != "anonymous":
        log_in(page, world[role].username, PASSWORD)
        page.wait_for_url("**/")
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto("/")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert_accessible(page)
    # The phone's menu, open, passes too.
    page.get_by_role("button", name="Menu").click()
    drawer = page.get_by_role("dialog", name="Menu")
    drawer.wait_for()
    assert drawer.get_by_role("link", name="Møder").is_visible()
    assert_accessible(page)


def test_the_secretariat_sees_the_counts_in_the_menu(page, world):
    log_in(page, "sekretariat", PASSWORD)
    page.wait_for_url("**/")
    menu = page.get_by_role("navigation", name="Hovedmenu")
    curation = menu.get_by_role("link", name="Kuratering 3 venter")
    assert curation.is_visible()
    assert curation.locator(".nav-count").inner_text() == "3"
    assert menu.get_by_role("link", name="Arbejdsrum 1 venter").is_visible()
    assert menu.get_by_role("link", name="Administration").count() == 0


def test_the_superuser_s_long_menu_fits_the_desktop(page, world):
    """Eight entries: DKFDS moves what does not fit into its "more" menu, labelled in the
    page's language."""
    log_in(page, "admin", PASSWORD)
    page.wait_for_url("**/")
    for width in (1280, 1000):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        more = page.locator(".navigation-menu .more-option")
        if more.is_visible():
            assert more.get_by_role("button").inner_text().strip() == "Mere"
            more.get_by_role("button").click()
            expect(more.get_by_role("link", name="Administration")).to_be_visible()
        else:
            assert page.get_by_role("link", name="Administration").is_visible()


def _tab_to(page, name, limit=40):
    """Press Tab until the focused element's accessible text starts with ``name``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.innerText.trim()")
        if focused.startswith(name):
            return
    raise AssertionError(f"{name!r} was not reached by Tab")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_staff_reach_a_new_idea_by_keyboard(page, world, assert_accessible, size):
    log_in(page, "medarbejder", PASSWORD)
    page.wait_for_url("**/")
    page.set_viewport_size(size)
    page.goto("/")
    if size == PHONE:
        _tab_to(page, "Menu")
        page.keyboard.press("Enter")
        drawer = page.get_by_role("dialog", name="Menu")
        drawer.wait_for()
        # DKFDS puts the focus on the drawer's close button and keeps it inside the drawer;
        # Escape closes it and gives the focus back to the menu button.
        assert page.evaluate("document.activeElement.innerText.trim()") == "Luk"
        page.keyboard.press("Escape")
        assert not drawer.is_visible()
        assert page.evaluate("document.activeElement.innerText.trim()") == "Menu"
        page.keyboard.press("Enter")
        drawer.wait_for()
    # The first "Ny idé" on the page is the main menu's.
    _tab_to(page, "Ny idé")
    page.keyboard.press("Enter")
    page.wait_for_url("**/idekatalog/ny/")
    current = page.locator("nav.navigation-menu [aria-current]")  # hidden on a phone
    assert current.text_content().strip() == "Ny idé"
    assert current.get_attribute("aria-current") == "page"
    assert_accessible(page)
