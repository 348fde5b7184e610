"""The secretariat sends out an agenda, changes a section and sends it out again; the member
gets the mails and sees “ændret siden du læste det”. In Chromium, axe-core on the publishing
pages (the confirmations and the versions page) and the member's pages with marks."""

import datetime
import os
from pathlib import Path

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaVersion, Meeting
from tests.browser.helpers import log_in
from tests.factories import PASSWORD, UserFactory
from tests.meetings.factories import CommitteeFactory, MeetingFactory, MembershipFactory, full_item

SHOTS = os.environ.get("SAMSKAB_SHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"publishing-{name}.png"), full_page=True)


def test_send_out_change_and_send_out_again(browser, page, seeded, assert_accessible, live_server):
    UserFactory(username="sekretariat", role="Sekretariat", first_name="Sofie", is_staff=True)
    member = UserFactory(username="medlem", role="Udvalgsmedlem", first_name="Mette")
    committee = CommitteeFactory(name="Opgaveudvalget om Innovation", slug="innovation")
    MembershipFactory(committee=committee, user=member)
    meeting = MeetingFactory(
        committee=committee,
        number=4,
        title="Teknologilaboratorium",
        state=Meeting.State.DRAFT,
        starts_at=timezone.now() + datetime.timedelta(days=14),
    )
    item = full_item(meeting, number=1, title="Forslag til innovationsmodel")
    full_item(meeting, number=2, closed=True, title="Personalesag", secret="FORTROLIGT")

    # The secretariat sends the agenda out.
    log_in(page, "sekretariat", PASSWORD)
    page.wait_for_url("**/")
    page.goto(reverse("meetings:workspace_meeting", args=[meeting.pk]))
    page.get_by_role("link", name="Udsend dagsorden").click()
    page.get_by_role("heading", name="Udsend dagsorden", level=1).wait_for()
    assert_accessible(page)
    shot(page, "publish")
    page.get_by_role("button", name="Udsend dagsorden").click()
    page.get_by_text("Dagsordenen er udsendt som version 1").wait_for()
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "FORTROLIGT" not in mail.outbox[0].body and "Lukket punkt 2" in mail.outbox[0].body

    # The member reads the first item.
    member_context = browser.new_context(base_url=live_server.url, locale="da-DK", bypass_csp=True)
    member_context.set_default_timeout(10_000)
    reader = member_context.new_page()
    log_in(reader, "medlem", PASSWORD)
    reader.wait_for_url("**/")
    reader.goto(reverse("meetings:meeting", args=[meeting.pk]))
    reader.get_by_role("button", name="1. Forslag til innovationsmodel").click()
    reader.locator(f"#item-body-{item.pk} .item-detail").wait_for()

    # The secretariat changes a section: the meeting page says it is not sent out yet.
    page.goto(reverse("meetings:workspace_item", args=[item.pk]))
    summary = page.locator("#id_sections-0-text")
    summary.fill("Udvalget drøfter en ny model for samskabelse med foreningerne.")
    page.get_by_role("button", name="Gem punktet").click()
    page.get_by_role("heading", name="Punkt 1").wait_for()
    page.goto(reverse("meetings:workspace_meeting", args=[meeting.pk]))
    page.get_by_text("Der er ændringer, som ikke er udsendt").wait_for()
    assert_accessible(page)

    # … and sends it out again after seeing what changed.
    page.get_by_role("link", name="Genudsend dagsorden").click()
    page.get_by_role("heading", name="Ændringer siden version 1").wait_for()
    diff = page.locator(".text-diff").first
    assert "Slettet tekst:" in diff.inner_text() and "Indsat tekst:" in diff.inner_text()
    assert diff.locator("ins").count() >= 1 and diff.locator("del").count() >= 1
    assert_accessible(page)
    shot(page, "republish")
    page.get_by_role("button", name="Genudsend dagsorden").click()
    page.get_by_text("Dagsordenen er udsendt som version 2").wait_for()
    assert AgendaVersion.objects.filter(meeting=meeting).count() == 2
    assert len(mail.outbox) == 2
    assert "afsnittet “Resumé” er ændret" in mail.outbox[1].body

    page.get_by_role("link", name="Udsendte versioner og deres ændringer").click()
    page.get_by_role("heading", name="Version 2").wait_for()
    changes = page.locator("#version-2").inner_text()
    assert "Afsnittet “Resumé” er ændret" in changes
    assert "Indstillingspunkt" not in changes and "Bilag" not in changes  # saved unchanged
    assert_accessible(page)
    shot(page, "versions")

    # The member sees the change on the meeting page, the item page and the home page.
    reader.goto(reverse("meetings:meeting", args=[meeting.pk]))
    toggle = reader.get_by_role("button", name="1. Forslag til innovationsmodel")
    assert "ændret siden du læste det" in toggle.inner_text()
    assert "ændret" not in reader.get_by_role("button", name="2. Personalesag").inner_text()
    assert_accessible(reader)
    shot(reader, "member-meeting")
    reader.goto("/")
    reader.locator(".home-changed").get_by_text("Forslag til innovationsmodel").wait_for()
    assert_accessible(reader)
    reader.locator(".home-changed").get_by_role("link").first.click()
    reader.get_by_text("Ændret siden du læste det.").wait_for()
    assert_accessible(reader)
    reader.goto(reverse("meetings:meeting", args=[meeting.pk]))
    assert "ændret" not in toggle.inner_text()
    member_context.close()
