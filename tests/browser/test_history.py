"""The secretariat reads the history of a meeting, of an item and of an idea in Chromium:
axe-core finds nothing, and older changes come a page at a time (htmx, with a URL to share)."""

import os
from pathlib import Path

import pghistory

from catalogue.models import Idea
from innovation.shared import history
from meetings.models import AgendaItem, ItemSection
from tests.browser.helpers import log_in
from tests.catalogue.factories import IdeaFactory
from tests.factories import PASSWORD, UserFactory
from tests.meetings.factories import CaseFactory, MeetingFactory, full_item

# Screenshots for a person to look at, when SAMSKAB_SHOTS names a folder.
SHOTS = os.environ.get("SAMSKAB_SHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"history-{name}.png"), full_page=True)


def test_the_secretariat_reads_the_history(page, assert_accessible, monkeypatch):
    monkeypatch.setattr(history, "PAGE_SIZE", 5)
    secretariat = UserFactory(
        username="sekretariat", role="Sekretariat", first_name="Sofie", is_staff=True
    )
    meeting = MeetingFactory(title="Teknologilaboratorium")
    with pghistory.context(user=secretariat.pk):
        item = full_item(meeting, closed=True, title="Lukket punkt om velfærdsteknologi")
        removed = full_item(meeting, title="Punkt der udgår")
        AgendaItem.objects.filter(pk=item.pk).update(title="Teknologi i hjemmeplejen")
        AgendaItem.objects.filter(pk=item.pk).update(case=CaseFactory())
        section = item.sections.first()
        ItemSection.objects.filter(pk=section.pk).update(
            text=" ".join(f"ord{n}" for n in range(40))
        )
        ItemSection.objects.filter(pk=section.pk).update(
            text=" ".join(f"ord{n}" for n in range(40)).replace("ord20", "ændret")
        )
        removed.delete()
        idea = IdeaFactory(status=Idea.Status.SUBMITTED, title="Cykelværksted")
        Idea.objects.filter(pk=idea.pk).update(title="Cykelværksted for unge")

    log_in(page, "sekretariat", PASSWORD)
    page.wait_for_url("**/")
    page.goto(f"/moeder/arbejdsrum/{meeting.pk}/")
    page.get_by_role("link", name="Mødets historik").click()
    page.wait_for_url(f"**/moeder/arbejdsrum/{meeting.pk}/historik/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Historik for Møde")
    assert page.locator(".history-table tbody tr").count() == 5
    assert_accessible(page)
    shot(page, "meeting")
    page.get_by_role("link", name="Ældre ændringer").click()
    page.wait_for_url("**/historik/?older=*")
    assert page.locator(".history-table tbody tr").count() == 5
    assert page.get_by_role("link", name="Nyeste ændringer").is_visible()
    assert_accessible(page)

    page.goto(f"/moeder/arbejdsrum/punkt/{item.pk}/")
    page.get_by_role("link", name="Punktets historik").click()
    page.wait_for_url(f"**/moeder/arbejdsrum/punkt/{item.pk}/historik/")
    assert "Teknologi i hjemmeplejen" in page.locator("main").inner_text()
    assert_accessible(page)
    monkeypatch.setattr(history, "PAGE_SIZE", 50)
    page.reload()
    assert page.locator(".history-words del").first.inner_text().endswith("ord20")
    assert page.locator(".history-words ins").first.inner_text().endswith("ændret")
    assert_accessible(page)
    shot(page, "item")

    page.goto(f"/idekatalog/{idea.pk}/kuratering/")
    assert "Cykelværksted for unge" in page.locator("#curate-idea").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Alle ændringer af idéen").click()
    page.wait_for_url(f"**/idekatalog/{idea.pk}/kuratering/historik/")
    assert_accessible(page)
    shot(page, "idea")
