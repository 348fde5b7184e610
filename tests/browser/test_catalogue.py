"""An anonymous visitor searches and filters the idea catalogue in Chromium, by keyboard; axe-core
on every catalogue page, in Danish and English, anonymous and logged in."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from catalogue.forms import IdeaFilterForm
from catalogue.models import Idea, WelfareArea
from tests.browser.helpers import log_in
from tests.catalogue.factories import CommentFactory, EndorsementFactory, IdeaFactory
from tests.factories import PASSWORD, UserFactory

S = Idea.Status


@pytest.fixture
def world(seeded):
    author = UserFactory(username="indsender", staff=True)
    staff = UserFactory(username="medarbejder", staff=True, first_name="Mads")
    panel = IdeaFactory(
        title="Digitalt borgerpanel",
        summary="Et panel giver råd om kommunens digitale løsninger.",
        status=S.PUBLISHED,
        submitted_by=author,
        actors=["borgere", "politikere"],
        dis_dimensions=["digitalisation", "co_creation"],
    )
    panel.tags.set(["borgerinddragelse", "digitalisering"])
    budget = IdeaFactory(
        title="Borgerbudget for unge",
        summary="Unge fordeler en pulje til fritidsaktiviteter.",
        status=S.PUBLISHED,
        submitted_by=author,
        welfare_area=WelfareArea.objects.get(slug="boern-og-unge"),
        actors=["borgere", "foreninger"],
    )
    IdeaFactory(
        title="Grøn by",
        summary="Træer og regnvandsbede i byrummet.",
        status=S.PUBLISHED,
        welfare_area=WelfareArea.objects.get(slug="klima-og-by"),
    )
    IdeaFactory(title="Hemmelig kladde om borgerne", status=S.DRAFT, submitted_by=author)
    EndorsementFactory(idea=panel)
    comment = CommentFactory(idea=panel, text="Godt forslag – æøå")
    CommentFactory(idea=panel, text="Enig!", parent=comment)
    return {"panel": panel, "budget": budget, "staff": staff}


def results(page):
    return page.locator("#idea-results")


def test_visitor_finds_an_idea_by_an_inflected_word_and_filters_by_keyboard(page, world):
    page.goto(reverse("catalogue:index"))
    assert "Grøn by" in results(page).inner_text()
    search = page.locator("#id_q")
    search.focus()
    page.keyboard.type("borgerne")
    page.wait_for_url(re.compile(r"q=borgerne"))
    page.wait_for_function(
        "() => !document.querySelector('#idea-results').innerText.includes('Grøn by')"
    )
    text = results(page).inner_text()
    assert "Digitalt borgerpanel" in text and "Borgerbudget for unge" in text
    assert "Hemmelig kladde" not in text
    assert "2" in page.locator("#idea-count").inner_text()

    # Keyboard only: Tab to the "Børn og unge" checkbox and tick it with Space.
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_area_1":
            break
    assert page.evaluate("document.activeElement.id") == "id_area_1"
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"area=boern-og-unge"))
    page.wait_for_function(
        "() => !document.querySelector('#idea-results').innerText.includes('Digitalt borgerpanel')"
    )
    assert "Borgerbudget for unge" in results(page).inner_text()
    assert "1" in page.locator("#idea-count").inner_text()
    assert page.locator("#id_area_1").is_checked()
    assert "q=borgerne" in page.url

    # The URL reproduces the view without JavaScript's help.
    page.goto(page.url)
    assert page.locator("#id_area_1").is_checked()
    assert "Digitalt borgerpanel" not in results(page).inner_text()
    # Enter on a result's link opens the idea.
    page.get_by_role("link", name="Borgerbudget for unge").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('catalogue:idea', args=[world['budget'].pk])}")


def test_staff_supports_an_idea_in_place(page, world):
    log_in(page, "medarbejder", PASSWORD)
    page.wait_for_url("**/")
    page.goto(reverse("catalogue:idea", args=[world["panel"].pk]))
    support = page.locator("#idea-support")
    assert "1" in support.locator(".idea-support-count").inner_text()
    support.locator("button[type=submit]").click()
    support.locator(".idea-support-count").filter(has_text="2").wait_for()
    assert world["panel"].endorsements.count() == 2


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_catalogue_page_has_no_axe_violations(page, world, assert_accessible, language):
    with translation.override(language):
        urls = [
            reverse("catalogue:index"),
            reverse("catalogue:index") + "?q=borgerne&area=aeldre",
            reverse("catalogue:idea", args=[world["panel"].pk]),
            reverse("catalogue:matrix"),
            reverse("catalogue:editions"),
        ]
    for url in urls:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    # Logged in as staff: support button, comment and reply forms.
    log_in(page, "medarbejder", PASSWORD)
    page.wait_for_url("**/")
    for url in urls:
        page.goto(url)
        assert_accessible(page)
    page.goto(urls[2])
    page.locator(".comment-reply-form summary").first.click()
    assert_accessible(page)


def test_secretariat_publishes_an_edition_from_the_editions_page(
    page, world, secretariat, assert_accessible
):
    log_in(page, "secretariat", PASSWORD)
    page.get_by_role("button", name="Log ud").wait_for()
    page.goto(reverse("catalogue:editions"))
    assert_accessible(page)
    page.get_by_role("button", name="Offentliggør ny udgave").click()
    page.wait_for_url("**/udgaver/")
    assert "Udgave 1" in page.locator("main").inner_text()
    assert_accessible(page)


def test_from_the_search_to_the_first_result_in_a_few_tab_presses(page, world, assert_accessible):
    """Many tags used to stand between the filters and the results (69 presses): a link jumps
    to the results, and long filters show their first values with the rest behind “show more”."""
    world["panel"].tags.add(*(f"emne {number}" for number in range(40)))
    page.goto(reverse("catalogue:index"))
    page.locator("#id_q").focus()
    for _press in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "#idea-results":
            break
    else:
        pytest.fail("no link to the results within five presses of Tab from the search field")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "idea-results"
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.textContent.trim()")
    assert first in {world["panel"].title, world["budget"].title, "Grøn by"}

    tags = page.locator("fieldset.facet-tag")
    more = tags.locator("details.facet-more")
    assert not more.evaluate("element => element.open")
    assert tags.locator("input:visible").count() == 8
    more.locator("summary").click()
    # Of the 42 tags, the ones most used by the ideas listed (not every tag of the catalogue).
    assert tags.locator("input:visible").count() == IdeaFilterForm.TAGS_SHOWN
    assert_accessible(page)
