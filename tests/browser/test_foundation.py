import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.factories import PASSWORD


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/", "da", "Samskab"),
        ("/en/", "en", "Samskab"),
        ("/konto/login/", "da", "Log ind"),
        ("/en/konto/login/", "en", "Log in"),
    ],
)
def test_pages_have_no_axe_violations(page, assert_accessible, path, lang, heading):
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert_accessible(page)


def test_member_logs_in_through_the_form_and_out_again(page, member, assert_accessible):
    log_in(page, "member", PASSWORD)
    page.wait_for_url("**/")
    assert page.get_by_role("button", name="Log ud").is_visible()
    assert member.get_full_name() in page.locator("header").inner_text()
    # The home page points a committee member at their meetings first.
    assert page.locator(".home-role-mine h2").first.inner_text() == "Dine næste møder"
    assert_accessible(page)
    page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_role("link", name="Log ind").first).to_be_visible()


def test_wrong_password_shows_a_clear_danish_message(page, member, assert_accessible):
    log_in(page, "member", "wrong password")
    assert "korrekt brugernavn og adgangskode" in page.locator("main").inner_text()
    assert_accessible(page)


def test_a_locked_out_login_says_so_on_the_login_page(page, member, assert_accessible):
    for _ in range(5):
        log_in(page, "member", "wrong password")
    main = page.locator("main")
    assert "For mange mislykkede loginforsøg" in main.inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Log ind"
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)


def test_skip_link_and_language_switch_work_by_keyboard(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Gå til sidens indhold")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.get_by_role("link", name="English").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Meetings").first.is_visible()


def test_layout_fits_a_360_px_phone(page, assert_accessible):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    # DKFDS's mobile menu: the main menu is in a drawer behind the "Menu" button.
    page.get_by_role("button", name="Menu").click()
    for name in ("Møder", "Idékatalog", "Projekter"):
        assert (
            page.get_by_role("navigation", name="Hovedmenu")
            .get_by_role("link", name=name)
            .is_visible()
        )
    assert_accessible(page)
