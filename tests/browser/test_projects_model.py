"""The model page, a project's trace, the network register and the committee page's mandate
tracker in Chromium: axe-core finds nothing, at 1280 and 360 px, for the public and for a
member; the model's stages are reached by keyboard; the register's filter is live."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from catalogue.models import Idea
from innovation import stages
from innovation.models import Partner
from meetings import actions
from meetings.models import Membership
from tests.browser.helpers import log_in
from tests.catalogue.factories import IdeaFactory
from tests.factories import PASSWORD, UserFactory
from tests.innovation.factories import (
    BenefitFactory,
    FundingFactory,
    GateDecisionFactory,
    MeasurementFactory,
    PartnerFactory,
    PartnershipFactory,
    ProjectFactory,
)
from tests.meetings.factories import (
    CaseFactory,
    CommitteeFactory,
    MandateTaskFactory,
    MeetingFactory,
    MembershipFactory,
    WorkshopGroupFactory,
    full_item,
    mark_held,
)

SECRET = "LUKKET-SPOR-6640"


@pytest.fixture
def world(transactional_db):
    committee = CommitteeFactory(name="Opgaveudvalget om Velfærdsteknologi", slug="velfaerd")
    member = UserFactory(username="medlem", role="Udvalgsmedlem")
    MembershipFactory(committee=committee, user=member, role=Membership.Role.COUNCIL_MEMBER)
    task = MandateTaskFactory(
        committee=committee, title="Velfærdsteknologi fra forsøg til drift", order=1
    )
    case = CaseFactory()
    project = ProjectFactory(
        committee=committee,
        title="Velfærdsteknologi i eget hjem",
        case=case,
        mandate_task=task,
        phase=stages.Phase.REALISATION,
    )
    conference = MeetingFactory(committee=committee, number=4, title="Teknologilaboratorium")
    group = WorkshopGroupFactory(meeting=conference, name="Ældre og sundhed")
    mark_held(conference)
    project.ideas.add(
        IdeaFactory(title="Sensorer mod fald", status=Idea.Status.SELECTED, origin=group)
    )
    meeting = MeetingFactory(
        committee=committee,
        number=5,
        title="Forslag",
        starts_at=datetime.datetime(2024, 11, 14, 17, tzinfo=datetime.UTC),
    )
    proposal = full_item(meeting, title="Velfærdsteknologi i eget hjem – forslag", case=case)
    closed = full_item(meeting, closed=True, title=f"Lukket {SECRET}", case=case)
    mark_held(meeting)
    for item in (proposal, closed):
        actions.record_decision(
            item=item,
            decision="Godkendt.",
            outcomes={point.pk: ("approved", "") for point in item.points.all()},
        )
    task.items.add(proposal)
    proposal.refresh_from_db()
    GateDecisionFactory(project=project, decided_on=datetime.date(2024, 10, 1))
    GateDecisionFactory(
        project=project,
        from_phase=stages.Phase.PROPOSAL,
        to_phase=stages.Phase.APPROVED,
        decided_on=proposal.decided_on,
        item=proposal,
        text="Udvalget godkendte projektet.",
    )
    benefit = BenefitFactory(project=project, title="Færre faldulykker")
    MeasurementFactory(
        benefit=benefit, planned_on=datetime.date(2025, 6, 1), measured_on="2025-06-02", value=31
    )
    MeasurementFactory(benefit=benefit, planned_on=datetime.date(2025, 9, 1))
    FundingFactory(project=project)
    sensors = PartnerFactory(name="SensaCare ApS", kind=Partner.Kind.COMPANY)
    PartnershipFactory(project=project, partner=sensors, role="Leverer sensorerne")
    PartnershipFactory(project=project, role="Frivillige hjælpere")
    return {"committee": committee, "project": project}


def urls(world):
    project = world["project"]
    return [
        reverse("innovation:model"),
        reverse("innovation:trace", args=[project.pk]),
        reverse("innovation:network"),
        reverse("meetings:committee", args=[world["committee"].slug]),
    ]


@pytest.mark.parametrize("width", [1280, 360])
def test_the_pages_have_no_axe_violations(page, world, assert_accessible, width):
    page.set_viewport_size({"width": width, "height": 900})
    for url in urls(world):
        page.goto(url)
        assert_accessible(page)
    trace = page.goto(urls(world)[1])
    assert trace.status == 200
    assert "Lukket punkt" in page.locator("#trace").inner_text()
    assert SECRET not in page.content()
    # As a member of the committee, who reads the closed item.
    log_in(page, "medlem", PASSWORD)
    page.wait_for_url("**/")
    for url in urls(world):
        page.goto(url)
        assert_accessible(page)
    page.goto(urls(world)[1])
    assert SECRET in page.locator("#trace").inner_text()


def test_in_english(page, world, assert_accessible):
    with translation.override("en"):
        english = [reverse("innovation:model"), reverse("innovation:network")]
    for url in english:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "en"
        assert_accessible(page)


def test_the_models_stages_are_reached_by_keyboard(page, world):
    page.goto(reverse("innovation:model"))
    road = page.get_by_role("list", name="Faserne i rækkefølge")
    link = road.get_by_role("link", name="Godkendt")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#stage-approved")
    section = page.get_by_role("region", name="3. Godkendt")
    assert "Politisk beslutning" in section.inner_text()
    assert "Udvalget" in section.inner_text()


def test_the_trace_reads_as_a_chain_and_leads_on(page, world):
    page.goto(reverse("innovation:trace", args=[world["project"].pk]))
    steps = page.locator("ol.trace > li > h2")
    assert steps.all_inner_texts() == [
        "Idéer",
        "Dagsordenpunkter",
        "Beslutninger",
        "Faser passeret",
        "Gevinster",
    ]
    assert "Fra workshopgruppen “Ældre og sundhed”" in page.locator("#trace-ideas").inner_text()
    assert "Måling forsinket" in page.locator("#trace-benefits").inner_text()
    page.locator("#trace-gates").get_by_role("link").first.click()
    page.wait_for_url("**/moeder/punkt/*/")
    assert "Velfærdsteknologi i eget hjem – forslag" in page.locator("h1").inner_text()


def test_the_network_filter_is_live_and_keeps_the_url(page, world):
    page.goto(reverse("innovation:network"))
    assert page.locator(".network-partner").count() == 2
    page.get_by_label("Type af partner").select_option("company")
    page.wait_for_url("**kind=company*")
    page.locator("#network").get_by_text("1 partner", exact=True).wait_for()
    assert page.locator(".network-partner").count() == 1
    assert "SensaCare ApS" in page.locator("#network").inner_text()


def test_the_mandate_tracker_leads_to_the_project(page, world):
    page.goto(reverse("meetings:committee", args=[world["committee"].slug]))
    tasks = page.get_by_role("list", name="Kommissoriets opgaver")
    tasks.get_by_role("link", name="Velfærdsteknologi i eget hjem", exact=True).click()
    page.wait_for_url(f"**/projekter/{world['project'].pk}/spor/")
