"""The secretariat prepares a meeting in the workspace, in Chromium: create a joint meeting, add
an item from pasted text and one blank, upload attachments, reorder by keyboard, preview;
axe-core on every workspace page."""

import os
import re
from pathlib import Path

from django.urls import reverse

from meetings.models import AgendaItem, Meeting
from tests import attachment_files as files
from tests.browser.helpers import log_in
from tests.factories import PASSWORD, UserFactory
from tests.meetings.factories import CommitteeFactory

SEED = (
    Path(__file__).parents[1]
    / "meetings"
    / "fixtures"
    / "agenda_items"
    / "gentofte_innovation_moede4.txt"
)
# Screenshots for a person to look at, when SAMSKAB_SHOTS names a folder.
SHOTS = os.environ.get("SAMSKAB_SHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"workspace-{name}.png"), full_page=True)


def test_the_secretariat_prepares_a_joint_meeting(page, seeded, assert_accessible, tmp_path):
    UserFactory(username="sekretariat", role="Sekretariat", first_name="Sofie", is_staff=True)
    lead = CommitteeFactory(name="Opgaveudvalget om Innovation", slug="innovation")
    CommitteeFactory(name="Opgaveudvalget for digitalisering og teknologi", slug="digitalisering")
    log_in(page, "sekretariat", PASSWORD)
    page.wait_for_url("**/")

    page.goto(reverse("meetings:workspace"))
    assert_accessible(page)
    page.get_by_role("link", name="Nyt møde").click()
    page.get_by_label("Ansvarligt udvalg").select_option(label=lead.name)
    page.get_by_label("Opgaveudvalget for digitalisering og teknologi").check()
    page.get_by_label("Type").select_option("conference")
    page.get_by_label("Titel").fill("Møde 4: Teknologilaboratorium")
    page.get_by_label("Starter").fill("2027-09-26T13:00")
    page.get_by_label("Slutter").fill("2027-09-26T17:00")
    page.get_by_label("Sted").fill("Gentofte Rådhus")
    assert_accessible(page)
    shot(page, "meeting-form")
    page.get_by_role("button", name="Opret mødet").click()
    page.wait_for_url(re.compile(r"/arbejdsrum/\d+/$"))
    meeting = Meeting.objects.get()
    page.wait_for_url("**" + reverse("meetings:workspace_meeting", args=[meeting.pk]))
    assert meeting.title == "Teknologilaboratorium" and meeting.co_hosts.count() == 1
    assert_accessible(page)

    # An item from pasted text: checked in the editor, then saved.
    page.get_by_role("link", name="Tilføj et punkt fra indsat tekst").click()
    page.wait_for_url("**" + reverse("meetings:workspace_item_paste", args=[meeting.pk]))
    assert_accessible(page)
    page.get_by_label("Punktets tekst").fill(
        "Punkt 1: Teknologilaboratorium\n\n" + SEED.read_text()
    )
    page.get_by_role("button", name="Læs teksten").click()
    page.get_by_role("heading", name="Tjek det indsatte punkt").wait_for()
    assert page.locator("#id_item-title").input_value() == "Teknologilaboratorium"
    assert_accessible(page)
    shot(page, "pasted")
    page.get_by_role("button", name="Gem punktet").click()
    page.get_by_role("heading", name="Punkt 1").wait_for()

    # A blank item with two attachments, one of them closed afterwards.
    page.goto(reverse("meetings:workspace_item_new", args=[meeting.pk]))
    page.locator("#id_item-title").fill("Forslag til innovationsmodel")
    page.locator("#id_sections-0-text").fill("Udvalget drøfter modellen.")
    page.locator("#id_points-0-text").fill("At modellen godkendes.")
    notat, foto = tmp_path / "Notat.pdf", tmp_path / "Foto.png"
    notat.write_bytes(files.plain_pdf())
    foto.write_bytes(files.png())
    page.locator("#id_upload-files").set_input_files([str(notat), str(foto)])
    assert_accessible(page)
    page.get_by_role("button", name="Gem punktet").click()
    page.get_by_role("heading", name="Punkt 2").wait_for()
    item = AgendaItem.objects.get(title="Forslag til innovationsmodel")
    assert item.attachments.count() == 2
    shot(page, "item-editor")

    # Reorder by keyboard: the second item moves up.
    page.goto(reverse("meetings:workspace_meeting", args=[meeting.pk]))
    move = page.get_by_role("button", name="Flyt punkt 2 op")
    move.focus()
    page.keyboard.press("Enter")
    page.locator(".workspace-moved").get_by_text("er nu punkt 1").wait_for()
    item.refresh_from_db()
    assert item.number == 1
    assert_accessible(page)
    shot(page, "meeting")

    # Previews as a member and as the public.
    page.goto(reverse("meetings:workspace_item_preview", args=[item.pk]))
    assert_accessible(page)
    page.goto(reverse("meetings:workspace_item_preview", args=[item.pk]) + "?reader=public")
    assert_accessible(page)
    for name in ("workspace_programme", "workspace_groups", "workspace_item_followup"):
        page.goto(reverse(f"meetings:{name}", args=[meeting.pk]))
        assert_accessible(page)
