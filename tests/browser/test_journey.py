"""The whole journey of a meeting without the admin, in Chromium (issue 10's Quality section):
the secretariat, logged in through the login page, creates a joint meeting in the workspace,
adds an item from pasted text and a blank one, uploads an attachment, reorders and publishes; a
member of the co-hosting committee gets the mail and reads the item; the secretariat changes a
section and publishes again; the member sees “ændret”; the secretariat records the attendance
and the decisions point by point (the decision screen by keyboard only), marks the meeting held,
approves the minutes and exports their public edition. axe-core on every workspace page."""

import datetime
import io
import os
import re
from pathlib import Path

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from innovation.shared import permissions
from innovation.shared.models import Export
from meetings.models import AgendaItem, AgendaVersion, Attendance, Meeting, Membership
from tests import attachment_files as files
from tests.browser.helpers import log_in
from tests.factories import PASSWORD, UserFactory
from tests.meetings.factories import CommitteeFactory, MembershipFactory

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
        page.screenshot(path=str(Path(SHOTS) / f"journey-{name}.png"), full_page=True)


def focused(page, selector):
    return page.evaluate("(selector) => document.activeElement.matches(selector)", selector)


def tab_to(page, selector, limit=200):
    """Press Tab until the focus is on ``selector``, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"{selector} is not reached by Tab on {page.url}")


def tab(page, selector):
    """Tab once; the focus lands on ``selector``."""
    page.keyboard.press("Tab")
    assert focused(page, selector), f"the focus is not on {selector}"


def test_the_whole_journey_without_the_admin(
    browser, page, seeded, assert_accessible, live_server, settings, tmp_path
):
    settings.SAMSKAB_PDF_CACHE = tmp_path / "pdf-cache"
    UserFactory(
        username="sekretariat", role=permissions.SECRETARIAT, first_name="Sofie", is_staff=True
    )
    member = UserFactory(username="medlem", role=permissions.COMMITTEE_MEMBER, first_name="Mette")
    lead = CommitteeFactory(name="Opgaveudvalget om Innovation", slug="innovation")
    co_host = CommitteeFactory(
        name="Opgaveudvalget for digitalisering og teknologi", slug="digitalisering"
    )
    chair = MembershipFactory(
        committee=lead, name="Karen Formand", role=Membership.Role.CHAIR, order=1
    )
    guest = MembershipFactory(committee=co_host, user=member, name="Mette Medlem", order=1)
    workspace = reverse("meetings:workspace")

    # The secretariat logs in through the login page and creates a joint meeting.
    log_in(page, "sekretariat", PASSWORD)
    page.wait_for_url("**/")
    page.goto(workspace)
    assert_accessible(page)
    page.get_by_role("link", name="Nyt møde").click()
    page.get_by_label("Ansvarligt udvalg").select_option(label=lead.name)
    page.get_by_label(co_host.name).check()
    page.get_by_label("Type").select_option("conference")
    page.get_by_label("Titel").fill("Møde 4: Teknologilaboratorium")
    page.get_by_label("Starter").fill("2027-09-26T13:00")
    page.get_by_label("Slutter").fill("2027-09-26T17:00")
    page.get_by_label("Sted").fill("Gentofte Rådhus")
    assert_accessible(page)
    page.get_by_role("button", name="Opret mødet").click()
    page.wait_for_url(re.compile(r"/arbejdsrum/\d+/$"))
    meeting = Meeting.objects.get()
    meeting_url = reverse("meetings:workspace_meeting", args=[meeting.pk])
    page.wait_for_url("**" + meeting_url)
    assert (meeting.committee, list(meeting.co_hosts.all())) == (lead, [co_host])
    assert meeting.title == "Teknologilaboratorium"
    assert_accessible(page)

    # An item from pasted text, checked in the editor, then saved.
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
    page.get_by_role("button", name="Gem punktet").click()
    page.get_by_role("heading", name="Punkt 1").wait_for()
    assert_accessible(page)

    # A blank item with an attachment.
    page.goto(reverse("meetings:workspace_item_new", args=[meeting.pk]))
    page.locator("#id_item-title").fill("Forslag til innovationsmodel")
    page.locator("#id_sections-0-text").fill("Udvalget drøfter modellen.")
    page.locator("#id_points-0-text").fill("At modellen godkendes.")
    notat = tmp_path / "Notat om modellen.pdf"
    notat.write_bytes(files.plain_pdf())
    page.locator("#id_upload-files").set_input_files([str(notat)])
    assert_accessible(page)
    page.get_by_role("button", name="Gem punktet").click()
    page.get_by_role("heading", name="Punkt 2").wait_for()
    assert_accessible(page)
    model = AgendaItem.objects.get(title="Forslag til innovationsmodel")
    pasted = AgendaItem.objects.get(title="Teknologilaboratorium")
    assert model.attachments.count() == 1

    # Reorder: the blank item moves up.
    page.goto(meeting_url)
    page.get_by_role("button", name="Flyt punkt 2 op").click()
    page.locator(".workspace-moved").get_by_text("er nu punkt 1").wait_for()
    model.refresh_from_db()
    pasted.refresh_from_db()
    assert (model.number, pasted.number) == (1, 2)
    assert_accessible(page)
    shot(page, "prepared")

    # Publish: the member of the co-hosting committee gets the mail.
    page.get_by_role("link", name="Udsend dagsorden").click()
    page.get_by_role("heading", name="Udsend dagsorden", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Udsend dagsorden").click()
    page.get_by_text("Dagsordenen er udsendt som version 1").wait_for()
    assert_accessible(page)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Forslag til innovationsmodel" in mail.outbox[0].body

    # The member reads the item.
    member_context = browser.new_context(base_url=live_server.url, locale="da-DK", bypass_csp=True)
    member_context.set_default_timeout(10_000)
    reader = member_context.new_page()
    log_in(reader, "medlem", PASSWORD)
    reader.wait_for_url("**/")
    reader.goto(reverse("meetings:meeting", args=[meeting.pk]))
    reader.get_by_role("button", name="1. Forslag til innovationsmodel").click()
    reader.locator(f"#item-body-{model.pk} .item-detail").wait_for()
    expect(reader.locator(f"#item-body-{model.pk}")).to_contain_text("Udvalget drøfter modellen.")
    expect(reader.locator(f"#item-body-{model.pk}")).to_contain_text("Notat om modellen")

    # The secretariat changes a section and publishes again.
    page.goto(reverse("meetings:workspace_item", args=[model.pk]))
    page.locator("#id_sections-0-text").fill("Udvalget drøfter en ny model for samskabelse.")
    page.get_by_role("button", name="Gem punktet").click()
    page.get_by_role("heading", name="Punkt 1").wait_for()
    page.goto(meeting_url)
    page.get_by_text("Der er ændringer, som ikke er udsendt").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Genudsend dagsorden").click()
    page.get_by_role("heading", name="Ændringer siden version 1").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Genudsend dagsorden").click()
    page.get_by_text("Dagsordenen er udsendt som version 2").wait_for()
    assert AgendaVersion.objects.filter(meeting=meeting).count() == 2
    assert [m.to for m in mail.outbox] == [[member.email], [member.email]]
    assert "er ændret" in mail.outbox[1].body

    # The member sees that the item changed since it was read.
    reader.goto(reverse("meetings:meeting", args=[meeting.pk]))
    toggle = reader.get_by_role("button", name="1. Forslag til innovationsmodel")
    assert "ændret siden du læste det" in toggle.inner_text()
    assert (
        "ændret" not in reader.get_by_role("button", name="2. Teknologilaboratorium").inner_text()
    )
    member_context.close()

    # The meeting takes place. The workspace refuses to change a published meeting's time, and
    # the agenda can only be published before the meeting starts: the test moves the start into
    # the past with the ORM, as the clock would.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
    )

    # Attendance: the member sent apologies, the rest are present.
    page.goto(meeting_url)
    page.get_by_role("link", name="Registrér fremmødet").click()
    page.wait_for_url("**" + reverse("meetings:workspace_attendance", args=[meeting.pk]))
    assert_accessible(page)
    page.locator(f"#id_status-{guest.pk}_1").check()  # absent with apologies
    page.get_by_role("button", name="Gem, og registrér alle andre som til stede").click()
    page.wait_for_url("**" + meeting_url)
    recorded = {a.membership_id: a.status for a in Attendance.objects.all()}
    assert recorded == {chair.pk: "present", guest.pk: "apologies"}

    # The meeting is marked held.
    page.get_by_role("button", name="Markér mødet som afholdt").click()
    expect(page.get_by_text("er markeret som afholdt")).to_be_visible()
    assert Meeting.objects.get().state == Meeting.State.HELD
    assert_accessible(page)

    # The decisions, point by point, by keyboard only (Tab, the arrow keys, typing, Enter).
    tab_to(page, "a[href='{}']".format(reverse("meetings:workspace_decision", args=[model.pk])))
    page.keyboard.press("Enter")
    page.wait_for_url("**" + reverse("meetings:workspace_decision", args=[model.pk]))
    assert_accessible(page)
    shot(page, "decision")
    (point,) = model.points.all()
    tab_to(page, f"#id_point-{point.pk}-outcome_0")  # the group starts at “not decided yet”
    page.keyboard.press("ArrowDown")  # approved
    assert page.locator(f"#id_point-{point.pk}-outcome_1").is_checked()
    tab(page, f"#id_point-{point.pk}-decision_text")
    tab(page, "#id_decision")
    page.keyboard.type("Modellen er godkendt.")
    tab(page, "#id_conflicts-0-membership")
    tab(page, "#id_conflicts-0-note")
    tab(page, "button[name=next]")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + reverse("meetings:workspace_decision", args=[pasted.pk]))
    assert_accessible(page)
    p1, p2 = pasted.points.all()
    tab_to(page, f"#id_point-{p1.pk}-outcome_0")
    page.keyboard.press("ArrowDown")  # approved
    tab(page, f"#id_point-{p1.pk}-decision_text")
    tab(page, f"#id_point-{p2.pk}-outcome_0")
    for _ in range(4):
        page.keyboard.press("ArrowDown")  # … to “approved as amended”
    assert page.locator(f"#id_point-{p2.pk}-outcome_4").is_checked()
    tab(page, f"#id_point-{p2.pk}-decision_text")
    page.keyboard.type("Med den ændring, at borgerne inddrages.")
    tab(page, "#id_decision")
    page.keyboard.type("Godkendt med ændringen.")
    tab(page, "#id_conflicts-0-membership")
    tab(page, "#id_conflicts-0-note")
    tab(page, "button[name=next]")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + meeting_url)
    model.refresh_from_db()
    pasted.refresh_from_db()
    assert model.decision == "Modellen er godkendt."
    assert [p.outcome for p in model.points.all()] == ["approved"]
    assert [(p.outcome, p.decision_text) for p in pasted.points.all()] == [
        ("approved", ""),
        ("amended", "Med den ændring, at borgerne inddrages."),
    ]
    assert_accessible(page)

    # The minutes are approved, and the meeting is locked.
    page.get_by_role("button", name="Godkend referatet").click()
    expect(page.get_by_text("mødet er nu låst")).to_be_visible()
    assert Meeting.objects.get().state == Meeting.State.APPROVED
    assert_accessible(page)

    # The public edition of the minutes.
    page.locator("#edition-minutes-public").check()
    page.get_by_role("button", name="Eksportér referatet", exact=True).click()
    download = page.locator(".export-download")
    expect(download).to_be_visible(timeout=30_000)
    export = Export.objects.get()
    assert (export.document, export.audience) == ("meetings.minutes", permissions.PUBLIC)
    assert_accessible(page)
    shot(page, "approved")
    with page.expect_download() as info:
        download.click()
    text = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(info.value.path().read_bytes())).pages
    )
    assert "Forslag til innovationsmodel" in text and "Teknologilaboratorium" in text
    assert "Med den ændring, at borgerne inddrages." in text, text
