"""The innovation chief exports a meeting pack in Chromium: progress bar, download, failure.

The live server uses the DummyBackend, so an export stays queued until the test runs the task
itself (``run_export.call``), as the worker would: the progress bar is visible in between.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from innovation.models import Export
from innovation.shared import pdf, permissions
from innovation.shared.tasks import run_export
from tests.browser.helpers import log_in
from tests.factories import PASSWORD, UserFactory
from tests.meetings.factories import CommitteeFactory, MeetingFactory, full_item

# Danish once the catalogue has the strings (/tmp/da_exports.json), English until then.
PACK_BUTTON = re.compile(r"^(Hent mødemappe|Download meeting pack)$")
ARCHIVE_BUTTON = re.compile(
    r"^PDF\/A \((arkiv|archive)\) – (Hent mødemappe|Download meeting pack)$"
)


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.SAMSKAB_PDF_CACHE = tmp_path / "pdf-cache"
    UserFactory(username="sekretariat", role=permissions.SECRETARIAT, first_name="Inge")
    committee = CommitteeFactory(name="Opgaveudvalget om Innovation", slug="innovation")
    meeting = MeetingFactory(committee=committee, number=4, title="Teknologilaboratorium")
    full_item(meeting, title="Digitalt blik på kommunal velfærd")
    full_item(meeting, closed=True, title="Lukket personalesag")
    return {"meeting": meeting, "cache": settings.SAMSKAB_PDF_CACHE}


def test_innovation_chief_exports_a_meeting_pack(page, world, assert_accessible):
    meeting = world["meeting"]
    log_in(page, "sekretariat", PASSWORD)
    page.wait_for_url("**/")
    page.goto(meeting.get_absolute_url())
    assert_accessible(page)

    # The button is swapped for the progress bar in place (HTMX).
    page.get_by_role("button", name=PACK_BUTTON).click()
    status = page.get_by_role("status")
    progress = status.locator("progress")
    expect(progress).to_be_visible()
    export = Export.objects.get()
    assert export.status == Export.Status.QUEUED
    assert export.audience == permissions.MEMBERS
    expect(page.get_by_role("button", name=PACK_BUTTON)).to_have_count(0)
    assert_accessible(page)

    # The status page, queued.
    page.goto(export.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Teknologilaboratorium")
    expect(page.locator(f"#export-status-{export.pk} progress")).to_have_attribute("value", "0")
    assert_accessible(page)

    # The worker starts and reports progress; the page polls and shows it.
    Export.objects.filter(pk=export.pk).update(status=Export.Status.RUNNING, progress=40)
    expect(page.locator(".export-percent")).to_have_text("40 %", timeout=5_000)
    expect(page.locator("progress")).to_have_attribute("value", "40")
    assert_accessible(page)

    # The worker finishes; the next poll offers the file.
    Export.objects.filter(pk=export.pk).update(status=Export.Status.QUEUED)
    run_export.call(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.DONE, export.error
    link = page.locator(".export-download")
    expect(link).to_be_visible(timeout=5_000)
    expect(link).to_contain_text(export.filename)
    expect(page.locator("progress")).to_have_count(0)
    assert_accessible(page)

    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == export.filename
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF-")


def test_a_failed_export_says_so_and_offers_to_try_again(
    page, world, assert_accessible, monkeypatch
):
    meeting = world["meeting"]
    log_in(page, "sekretariat", PASSWORD)
    page.wait_for_url("**/")
    page.goto(meeting.get_absolute_url())
    page.get_by_role("button", name=ARCHIVE_BUTTON).click()
    expect(page.get_by_role("status").locator("progress")).to_be_visible()
    export = Export.objects.get()
    assert export.variant == pdf.ARCHIVE

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(pdf, "render", broken)
    run_export.call(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED

    # The panel on the meeting page polls its way to the error.
    alert = page.locator(".export-failed")
    expect(alert).to_be_visible(timeout=5_000)
    expect(alert).to_contain_text(export.error)
    assert "WeasyPrint" not in alert.inner_text()
    assert not any(Path(world["cache"]).glob("export-*"))
    assert not any(Path(world["cache"]).glob(".tmp-*"))

    page.goto(export.get_absolute_url())
    assert_accessible(page)

    # Try again: a new export, and its status page.
    monkeypatch.undo()
    page.locator(".export-retry button").click()
    page.wait_for_url(re.compile(r"/dokumenter/\d+/$"))
    again = Export.objects.latest("pk")
    assert again.pk != export.pk
    assert page.url.endswith(again.get_absolute_url())
    expect(page.locator("progress")).to_be_visible()
