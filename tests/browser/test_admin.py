"""The secretariat builds a full agenda item in the admin, in Chromium: sections,
recommendation points and an uploaded attachment (the rights come from the data migration)."""

from django.urls import reverse

from meetings.models import AgendaItem
from tests import attachment_files
from tests.browser.helpers import log_in
from tests.factories import PASSWORD, UserFactory
from tests.meetings.factories import CommitteeFactory, MeetingFactory

PDF = attachment_files.plain_pdf()


def test_the_secretariat_adds_a_full_agenda_item_in_the_admin(page, seeded, tmp_path):
    UserFactory(username="sekretariat", role="Sekretariat", is_staff=True)
    meeting = MeetingFactory(committee=CommitteeFactory(name="Opgaveudvalget om Innovation"))
    attachment = tmp_path / "notat.pdf"
    attachment.write_bytes(PDF)

    log_in(page, "sekretariat", PASSWORD)
    page.wait_for_url("**/")
    page.goto(reverse("admin:meetings_agendaitem_add"))
    page.locator("#id_meeting").select_option(str(meeting.pk))
    page.locator("#id_title").fill("Forslag til innovationsmodel")
    page.locator("#id_recommendation_by").fill("Tværgående Funktioner")

    page.locator("#sections-group .add-row a").click()
    page.locator("#id_sections-0-key").select_option("summary")
    page.locator("#id_sections-0-heading").fill("Resumé")
    page.locator("#id_sections-0-text").fill("Udvalget drøfter en model for innovation.")

    for index, text in enumerate(["At modellen godkendes.", "At modellen evalueres i 2018."]):
        page.locator("#points-group .add-row a").click()
        page.locator(f"#id_points-{index}-order").fill(str(index + 1))
        page.locator(f"#id_points-{index}-text").fill(text)

    page.locator("#attachments-group .add-row a").click()
    page.locator("#id_attachments-0-title").fill("Notat om modellen")
    page.locator("#id_attachments-0-file").set_input_files(str(attachment))

    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/meetings/agendaitem/")
    assert page.locator(".messagelist .success").count() == 1

    item = AgendaItem.objects.get(title="Forslag til innovationsmodel")
    assert item.number == 1
    assert [section.text for section in item.sections.all()] == [
        "Udvalget drøfter en model for innovation."
    ]
    assert [point.text for point in item.points.all()] == [
        "At modellen godkendes.",
        "At modellen evalueres i 2018.",
    ]
    assert item.attachments.get().file.read() == PDF
