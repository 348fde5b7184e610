"""The secretariat runs a joint meeting in Chromium, by keyboard only (Tab, Space, Enter, the
arrow keys; no mouse): records the attendance, marks the meeting held, records the decision on
each point of two items with a conflict of interest, approves the minutes and exports their
public edition; axe-core on every page of it."""

import datetime
import io
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from innovation.shared import permissions
from innovation.shared.models import Export
from meetings.models import Attendance, ConflictOfInterest, Meeting, Membership
from tests.browser.helpers import log_in
from tests.factories import PASSWORD, UserFactory
from tests.meetings.factories import (
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    full_item,
)

SECRET = "FORTROLIG-PERSONALESAG-5120"
# Screenshots for a person to look at, when SAMSKAB_SHOTS names a folder.
SHOTS = os.environ.get("SAMSKAB_SHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"running-{name}.png"), full_page=True)


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.SAMSKAB_PDF_CACHE = tmp_path / "pdf-cache"
    UserFactory(username="sekretariat", role=permissions.SECRETARIAT, first_name="Sofie")
    lead = CommitteeFactory(name="Opgaveudvalget om Innovation", slug="innovation")
    co_host = CommitteeFactory(
        name="Opgaveudvalget for digitalisering og teknologi", slug="digitalisering"
    )
    people = {
        "karen": MembershipFactory(
            committee=lead, name="Karen Formand", role=Membership.Role.CHAIR, order=1
        ),
        "ole": MembershipFactory(committee=lead, name="Ole Borger", order=2),
        "gitte": MembershipFactory(committee=co_host, name="Gitte Gæst", order=1),
    }
    meeting = MeetingFactory(
        committee=lead,
        number=4,
        title="Teknologilaboratorium",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )
    meeting.co_hosts.set([co_host])
    items = [
        full_item(meeting, number=1, title="Digitalt blik på kommunal velfærd"),
        full_item(meeting, number=2, closed=True, title=f"Lukket sag {SECRET}", secret=SECRET),
    ]
    return {"meeting": meeting, "people": people, "items": items}


def active(page):
    return page.evaluate("document.activeElement.id || document.activeElement.name")


def tab(page, expected):
    """Tab once; the focus lands on ``expected`` (an element's id, or a button's name)."""
    page.keyboard.press("Tab")
    assert active(page) == expected


def status(member, index):
    return f"id_status-{member.pk}_{index}"


def test_the_secretariat_runs_a_meeting_by_keyboard(page, world, assert_accessible):
    meeting, people, (first, second) = world["meeting"], world["people"], world["items"]
    workspace = reverse("meetings:workspace_meeting", args=[meeting.pk])
    log_in(page, "sekretariat", PASSWORD)
    page.wait_for_url("**/")
    page.goto(workspace)
    assert_accessible(page)

    # Attendance: one fieldset per person, the lead committee first.
    page.get_by_role("link", name="Registrér fremmødet").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**" + reverse("meetings:workspace_attendance", args=[meeting.pk]))
    assert_accessible(page)
    shot(page, "attendance")
    karen, ole, gitte = people["karen"], people["ole"], people["gitte"]
    page.locator(f"#{status(karen, 0)}").focus()
    page.keyboard.press("Space")  # present
    tab(page, f"id_substitute-{karen.pk}")
    tab(page, status(ole, 0))
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # … to “absent, a substitute attends”
    assert active(page) == status(ole, 3)
    tab(page, f"id_substitute-{ole.pk}")
    page.keyboard.type("Sune Suppleant")
    tab(page, status(gitte, 0))
    page.keyboard.press("ArrowDown")  # absent with apologies
    tab(page, f"id_substitute-{gitte.pk}")
    tab(page, "save")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + workspace)
    recorded = {a.membership_id: (a.status, a.substitute) for a in Attendance.objects.all()}
    assert recorded == {
        karen.pk: ("present", ""),
        ole.pk: ("substitute", "Sune Suppleant"),
        gitte.pk: ("apologies", ""),
    }
    expect(page.get_by_text("3 af 3 medlemmer registreret")).to_be_visible()

    # The meeting has started: it is marked held.
    page.get_by_role("button", name="Markér mødet som afholdt").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("er markeret som afholdt")).to_be_visible()
    assert Meeting.objects.get().state == Meeting.State.HELD
    assert_accessible(page)
    shot(page, "held")

    # The decisions, item by item.
    page.get_by_role("link", name="Registrér beslutningerne, punkt for punkt").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**" + reverse("meetings:workspace_decision", args=[first.pk]))
    assert_accessible(page)
    # Each point's radio group starts at “not decided yet”: one arrow down approves it.
    p1, p2 = first.points.all()
    page.locator(f"#id_point-{p1.pk}-outcome_0").focus()
    page.keyboard.press("ArrowDown")  # approved
    assert active(page) == f"id_point-{p1.pk}-outcome_1"
    tab(page, f"id_point-{p1.pk}-decision_text")
    tab(page, f"id_point-{p2.pk}-outcome_0")
    for _ in range(4):
        page.keyboard.press("ArrowDown")  # … to “approved as amended”
    assert page.locator(f"#id_point-{p2.pk}-outcome_4").is_checked()
    tab(page, f"id_point-{p2.pk}-decision_text")
    page.keyboard.type("Med den ændring, at borgerne inddrages.")
    tab(page, "id_decision")
    page.keyboard.type("Godkendt med ændringen.")
    tab(page, "id_conflicts-0-membership")
    page.keyboard.press("ArrowDown")  # the first member: Karen Formand
    tab(page, "id_conflicts-0-note")
    page.keyboard.type("Formand for foreningen bag forsøget.")
    tab(page, "next")
    assert page.evaluate("document.activeElement.textContent") == "Gem og gå til næste punkt"
    shot(page, "decision")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + reverse("meetings:workspace_decision", args=[second.pk]))
    assert_accessible(page)
    first.refresh_from_db()
    assert first.decision == "Godkendt med ændringen."
    assert [(p.outcome, p.decision_text) for p in first.points.all()] == [
        ("approved", ""),
        ("amended", "Med den ændring, at borgerne inddrages."),
    ]
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.item, conflict.membership) == (first, karen)

    # The closed item: an open decision; the last item leads back to the meeting.
    q1, q2 = second.points.all()
    page.locator(f"#id_point-{q1.pk}-outcome_0").focus()
    page.keyboard.press("ArrowDown")  # approved
    tab(page, f"id_point-{q1.pk}-decision_text")
    tab(page, f"id_point-{q2.pk}-outcome_0")
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # … to “noted”
    tab(page, f"id_point-{q2.pk}-decision_text")
    tab(page, "id_decision")
    page.keyboard.type("Godkendt.")
    tab(page, "id_decision_is_open")
    page.keyboard.press("Space")
    tab(page, "id_conflicts-0-membership")
    tab(page, "id_conflicts-0-note")
    tab(page, "next")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + workspace)
    second.refresh_from_db()
    assert [p.outcome for p in second.points.all()] == ["approved", "noted"]
    assert second.decision_is_open

    # Everything is recorded: the minutes are approved, and the meeting is locked.
    page.get_by_role("button", name="Godkend referatet").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("mødet er nu låst")).to_be_visible()
    assert Meeting.objects.get().state == Meeting.State.APPROVED
    assert_accessible(page)

    # The public edition of the minutes.
    page.locator("#edition-minutes-members").focus()
    page.keyboard.press("ArrowDown")
    assert page.locator("#edition-minutes-public").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Eksportér referatet"
    page.keyboard.press("Enter")
    download = page.locator(".export-download")
    expect(download).to_be_visible(timeout=30_000)
    export = Export.objects.get()
    assert (export.document, export.audience) == ("meetings.minutes", permissions.PUBLIC)
    assert_accessible(page)
    shot(page, "approved")
    download.focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(info.value.path().read_bytes())).pages
    )
    assert "Digitalt blik på kommunal velfærd" in text and "Sune Suppleant" in text
    assert SECRET not in text and "Lukket punkt" in text

    # Locked: the screens refuse, saying why.
    page.goto(reverse("meetings:workspace_decision", args=[first.pk]))
    expect(page.get_by_role("alert")).to_contain_text("Referatet er godkendt")
    assert_accessible(page)
    shot(page, "refused")
