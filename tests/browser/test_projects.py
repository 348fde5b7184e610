"""Innovation projects in Chromium: the secretariat promotes two ideas to a project, turns its
proposal into an agenda item, passes the approval gate from the recorded decision by keyboard
only, records a measurement and sees the chart change; axe-core on every project page."""

import datetime
import os
import re
from decimal import Decimal
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from catalogue.models import Idea
from innovation import actions
from innovation.models import Project
from meetings import actions as meeting_actions
from meetings.models import AgendaItem, Meeting
from tests.browser.helpers import log_in
from tests.catalogue.factories import IdeaFactory
from tests.factories import PASSWORD, UserFactory
from tests.innovation.factories import (
    BenefitFactory,
    FundingFactory,
    MeasurementFactory,
    PartnershipFactory,
)
from tests.meetings.factories import CommitteeFactory, MeetingFactory

SHOTS = os.environ.get("SAMSKAB_SHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"projects-{name}.png"), full_page=True)


def tab_to(page, name, limit=150):
    """Press Tab until the focused element has the accessible ``name``; fail after ``limit``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => (document.activeElement.innerText || document.activeElement.value || '').trim()"
        )
        if focused == name:
            return
    raise AssertionError(f"“{name}” was not reached by the keyboard")


def test_from_two_ideas_to_an_approved_project_with_a_measured_benefit(
    page, seeded, assert_accessible
):
    secretariat = UserFactory(
        username="sekretariat", role="Sekretariat", first_name="Sofie", is_staff=True
    )
    committee = CommitteeFactory(name="Opgaveudvalget om Innovation", slug="innovation")
    first = IdeaFactory(title="Teknologilaboratorium for borgere", status=Idea.Status.PUBLISHED)
    second = IdeaFactory(title="Udlån af hjælpemidler", status=Idea.Status.PUBLISHED)
    meeting = MeetingFactory(committee=committee, number=5, state=Meeting.State.DRAFT)
    log_in(page, "sekretariat", PASSWORD)
    page.wait_for_url("**/")

    # Promote two ideas: from the first idea's curation page, choosing the second as well.
    page.goto(reverse("catalogue:curate", args=[first.pk]))
    page.get_by_role("link", name="Opret et projekt ud fra ideen").click()
    page.get_by_role("heading", name="Nyt projekt").wait_for()
    assert page.get_by_label(re.compile("^Teknologilaboratorium for borgere")).is_checked()
    page.get_by_label(re.compile("^Udlån af hjælpemidler")).check()
    page.locator("#id_title").fill("Velfærdsteknologisk laboratorium")
    page.locator("#id_summary").fill("Borgere og medarbejdere afprøver velfærdsteknologi sammen.")
    page.locator("#id_problem").fill("Borgerne kender ikke teknologien.")
    page.locator("#id_hypotheses").fill("Afprøvning i trygge rammer øger brugen.")
    page.locator("#id_owner").fill("Lene Holm, centerchef")
    page.locator("#id_committee").select_option(label=committee.name)
    page.locator("#id_is_published").check()
    assert_accessible(page)
    shot(page, "new")
    page.get_by_role("button", name="Opret projektet").click()
    page.wait_for_url(re.compile(r"/projekter/\d+/$"))
    project = Project.objects.get()
    assert set(project.ideas.all()) == {first, second}
    assert set(Idea.objects.values_list("status", flat=True)) == {"selected"}
    assert_accessible(page)

    # Exploration is done, the registers are kept (their forms are tested through URLs).
    actions.add_learning(
        project=project,
        by=secretariat,
        hypothesis="Borgere vil afprøve",
        learned="Ja",
        decision="continue",
    )
    actions.pass_gate(project=project, to_phase="proposal", by=secretariat, text="Klar.")
    BenefitFactory(
        project=project,
        title="Færre hjemmeplejebesøg",
        baseline_on=timezone.localdate() - datetime.timedelta(days=200),
        due_on=timezone.localdate() + datetime.timedelta(days=200),
    )
    FundingFactory(project=project, status="applied", name="Fonden for velfærd")

    # The proposal becomes an agenda item of the coming meeting.
    page.reload()
    page.get_by_role("link", name="Indstil til et møde").first.click()
    page.get_by_role("heading", name="Indstil til et møde").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Sæt det på dagsordenen").click()
    page.wait_for_url(re.compile(r"/moeder/arbejdsrum/punkt/\d+/$"))
    item = AgendaItem.objects.get()
    assert item.meeting == meeting and item.case == project.case
    assert [s.heading for s in item.sections.all()][:2] == ["Resumé", "Sagsfremstilling"]

    # The meeting is held and the decision recorded (the meetings' own pages, tested there).
    meeting_actions.publish_agenda(meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    meeting_actions.mark_held(meeting=meeting)
    point = item.points.first()
    meeting_actions.record_decision(
        item=item, decision="Indstillingen blev godkendt.", outcomes={point.pk: ("approved", "")}
    )

    # The approval gate, from the decision, by keyboard only.
    page.goto(project.get_absolute_url() + "?fane=beslutninger")
    page.get_by_role("heading", name="Beslutninger, der kan flytte projektet").wait_for()
    assert_accessible(page)
    shot(page, "decided")
    tab_to(page, "Gå til “Godkendt” på denne beslutning")
    page.keyboard.press("Enter")
    page.get_by_text("Forslag → Godkendt").wait_for()
    project.refresh_from_db()
    assert project.phase == "approved"
    assert project.gates.get(to_phase="approved").item == item
    assert project.benefits.get().targets_locked_at is not None
    assert_accessible(page)

    # A measurement, and the chart shows it.
    page.get_by_role("link", name="Gevinster").click()
    page.wait_for_url("**fane=gevinster")
    chart = page.locator("svg.chart-benefit")
    assert chart.locator("circle.chart-result").count() == 0
    assert "Ingen resultater målt endnu." in chart.locator("desc").text_content()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Planlæg eller registrér en måling")).click()
    page.get_by_label("Planlagt til").fill(timezone.localdate().isoformat())
    page.get_by_label("Resultat").fill("112,5")
    assert_accessible(page)
    page.get_by_role("button", name="Gem målingen").click()
    page.wait_for_url("**fane=gevinster**")
    assert chart.locator("circle.chart-result").count() == 1
    assert "112,5" in chart.locator("desc").text_content()
    assert "112,5" in page.locator("table[id^=measurements]").inner_text()
    assert_accessible(page)
    shot(page, "benefits")


def test_every_project_page_is_accessible(page, live_server, seeded, assert_accessible):
    secretariat = UserFactory(username="sekretariat", role="Sekretariat", is_staff=True)
    committee = CommitteeFactory(name="Opgaveudvalget om Innovation", slug="innovation")
    idea = IdeaFactory(status=Idea.Status.PUBLISHED)
    project = actions.create_project(
        by=secretariat,
        ideas=[idea],
        committee=committee,
        title="Velfærdsteknologisk laboratorium",
        summary="Borgere afprøver teknologi.",
        owner="Lene Holm",
        is_published=True,
    )
    project.problem, project.hypotheses = "Problemet.", "Hypotesen."
    project.save()
    actions.add_learning(
        project=project, by=secretariat, hypothesis="H", learned="L", decision="continue"
    )
    actions.add_note(project=project, by=secretariat, text="Intern note")
    funding = FundingFactory(project=project, amount=Decimal("1250000"))
    partnership = PartnershipFactory(project=project)
    benefit = BenefitFactory(project=project, targets_locked_at=timezone.now())
    measurement = MeasurementFactory(
        benefit=benefit, planned_on=timezone.localdate() - datetime.timedelta(days=10)
    )
    MeetingFactory(committee=committee)
    tabs = [
        project.get_absolute_url() + f"?fane={tab}"
        for tab in ["oversigt", "ideer", "beslutninger", "finansiering", "partnere", "gevinster"]
    ]
    public = [reverse("projects"), *tabs]
    for url in public:
        page.goto(url)
        assert_accessible(page)
    log_in(page, "sekretariat", PASSWORD)
    page.wait_for_url("**/")
    forms = [
        reverse("innovation:project_new"),
        reverse("innovation:project_edit", args=[project.pk]),
        reverse("innovation:gate", args=[project.pk]),
        reverse("innovation:propose", args=[project.pk]),
        reverse("innovation:funding_new", args=[project.pk]),
        reverse("innovation:funding_edit", args=[funding.pk]),
        reverse("innovation:partnership_new", args=[project.pk]),
        reverse("innovation:partnership_edit", args=[partnership.pk]),
        reverse("innovation:benefit_new", args=[project.pk]),
        reverse("innovation:benefit_edit", args=[benefit.pk]),
        reverse("innovation:targets_change", args=[benefit.pk]),
        reverse("innovation:measurement_new", args=[benefit.pk]),
        reverse("innovation:measurement_edit", args=[measurement.pk]),
        reverse("innovation:learning_new", args=[project.pk]),
    ]
    for url in [*public, project.get_absolute_url() + "?fane=laering", *forms]:
        page.goto(url)
        assert_accessible(page)
    # A form with errors, swapped in place by htmx (422).
    page.goto(reverse("innovation:funding_new", args=[project.pk]))
    page.get_by_label("Beløb (kr.)").fill("mange penge")
    page.get_by_role("button", name="Tilføj finansieringen").click()
    page.get_by_text("Skriv et tal").wait_for()
    assert_accessible(page)
    # The tabs without JavaScript are plain links.
    context = page.context.browser.new_context(
        base_url=live_server.url, java_script_enabled=False, bypass_csp=True
    )
    plain = context.new_page()
    plain.goto(project.get_absolute_url())
    plain.get_by_role("link", name="Finansiering").click()
    plain.wait_for_url("**fane=finansiering")
    assert "1.250.000 kr." in plain.content()
    context.close()
