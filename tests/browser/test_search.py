"""The site search in Chromium: from the header's field to the results, then a facet, all by
keyboard; axe-core on the search pages in Danish and English, anonymous and as a member."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from catalogue.models import Idea
from meetings.models import Meeting, Membership
from tests.browser.helpers import log_in
from tests.catalogue.factories import IdeaFactory
from tests.factories import PASSWORD, UserFactory
from tests.meetings.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    ItemSectionFactory,
    MeetingFactory,
    MembershipFactory,
)


@pytest.fixture
def world(seeded):
    committee = CommitteeFactory(name="Opgaveudvalget om Skoler", slug="skoler")
    meeting = MeetingFactory(
        committee=committee, state=Meeting.State.HELD, starts_at=timezone.now(), title="Temamøde"
    )
    item = AgendaItemFactory(meeting=meeting, number=1, title="Samarbejde med folkeskolen")
    ItemSectionFactory(item=item, heading="Sagsfremstilling", text="Skolerne åbner lokalerne.")
    closed = AgendaItemFactory(
        meeting=meeting,
        number=2,
        title="Lukket sag om skolebestyrelsen",
        is_closed=True,
        decision="Skoleleder ansat.",
        decision_is_open=True,
    )
    ItemSectionFactory(item=closed, heading="Resumé", text="Fortroligt om skolebestyrelsen.")
    IdeaFactory(status=Idea.Status.PUBLISHED, title="Skolehaver i alle skoler", summary="Grønt.")
    IdeaFactory(status=Idea.Status.PUBLISHED, title="Netværk for forældre", summary="Mødes.")
    member = UserFactory(username="skolemedlem", member=True)
    MembershipFactory(committee=committee, user=member, role=Membership.Role.COUNCIL_MEMBER)
    return {"member": member}


def results(page):
    return page.locator("#search-results")


def test_visitor_searches_from_the_header_and_narrows_by_keyboard(page, world):
    page.goto("/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "header-search-q":
            break
    assert page.evaluate("document.activeElement.id") == "header-search-q"
    page.keyboard.type("skole")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/soeg/\?q=skole"))
    text = results(page).inner_text()
    assert "Samarbejde med folkeskolen" in text  # "skole" inside a compound
    assert "Skolehaver i alle skoler" in text
    assert "Lukket sag" not in text  # a closed item: its committee's members only
    assert "Lukket punkt" in text  # its open decision, found without its title
    assert page.locator(".search-result-snippet mark").count() > 0

    # Keyboard only: Tab to the "Dagsordenspunkter" facet and follow it with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").startswith("Dagsordenpunkter"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"type=item"))
    page.wait_for_function(
        "() => !document.querySelector('#search-results').innerText.includes('Skolehaver')"
    )
    assert "Samarbejde med folkeskolen" in results(page).inner_text()

    # Live: typing in the page's field changes the results and the address.
    field = page.locator("#id_q")
    field.fill("")
    field.focus()
    page.keyboard.type("forældre")
    page.wait_for_url(re.compile(r"q=for%C3%A6ldre|q=forældre"))
    page.wait_for_function(
        "() => !document.querySelector('#search-results').innerText.includes('folkeskolen')"
    )


def test_a_member_finds_the_closed_item(page, world):
    log_in(page, "skolemedlem", PASSWORD)
    page.wait_for_url("**/")
    page.goto(reverse("search:index") + "?q=skolebestyrelsen")
    assert "Lukket sag om skolebestyrelsen" in results(page).inner_text()


@pytest.mark.parametrize("language", ["da", "en"])
def test_search_pages_have_no_axe_violations(page, world, assert_accessible, language):
    with translation.override(language):
        base = reverse("search:index")
    urls = [base, base + "?q=skole", base + "?q=skole&type=item", base + "?q=og", base + "?year=x"]
    for url in urls:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    log_in(page, "skolemedlem", PASSWORD)
    page.wait_for_url("**/")
    page.goto(urls[1])
    assert_accessible(page)
