"""The innovation projects' actions: each rule refuses with a message and leaves nothing
half-saved; the chain idea → project → agenda item → decision → gate holds."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from catalogue.models import Idea, IdeaStatusChange
from innovation import actions
from innovation.actions import ActionError
from innovation.models import (
    Benefit,
    BenefitTargets,
    Funding,
    GateDecision,
    Partner,
    Partnership,
    Project,
)
from meetings.models import AgendaItem, ItemSection, Meeting
from tests.catalogue.factories import IdeaFactory
from tests.innovation.factories import (
    BenefitFactory,
    FundingFactory,
    LearningEntryFactory,
    MeasurementFactory,
    PartnerFactory,
    PartnershipFactory,
    ProjectFactory,
)
from tests.innovation.projects.conftest import decided_item, held_meeting
from tests.meetings.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MandateTaskFactory,
    MeetingFactory,
    RecommendationPointFactory,
)

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def english():
    """The rules' messages are checked in English (the source); Danish is checked below."""
    with translation.override("en"):
        yield


def ready_for_approval(project):
    """A project in proposal with an owner, a ready benefit and funding applied for."""
    project.phase = "proposal"
    project.save()
    BenefitFactory(project=project)
    FundingFactory(project=project, status=Funding.Status.APPLIED)
    return project


# --- Creating projects from ideas ---------------------------------------------------------------


def test_a_project_grows_from_ideas_which_become_selected(secretariat, committee, ideas):
    project = actions.create_project(
        by=secretariat,
        ideas=ideas,
        committee=committee,
        title="  Velfærdsteknologisk laboratorium ",
        summary="Borgere afprøver teknologi.",
    )
    assert project.title == "Velfærdsteknologisk laboratorium"
    assert project.phase == "exploration" and project.phase_since == TODAY()
    assert set(project.ideas.all()) == set(ideas)
    for idea in ideas:
        idea.refresh_from_db()
        assert idea.status == Idea.Status.SELECTED
        assert idea.revisit_on is None
        assert list(idea.projects.all()) == [project]
        change = IdeaStatusChange.objects.filter(idea=idea).last()
        assert change.to_status == Idea.Status.SELECTED and change.by == secretariat
    assert project.case.reference == f"INNO-{project.pk:04d}"
    assert list(project.welfare_areas.values_list("slug", flat=True)) == ["aeldre"]
    assert not project.is_published


def test_an_idea_already_selected_serves_one_more_project(secretariat, committee):
    idea = IdeaFactory(status=Idea.Status.SELECTED)
    project = actions.create_project(
        by=secretariat, ideas=[idea], committee=committee, title="To", summary="Resumé"
    )
    assert list(project.ideas.all()) == [idea]
    assert not IdeaStatusChange.objects.filter(idea=idea).exists()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Idea.Status.DRAFT, "Only published or parked ideas"),
        (Idea.Status.SUBMITTED, "Only published or parked ideas"),
        (Idea.Status.REJECTED, "Only published or parked ideas"),
    ],
)
def test_only_published_or_parked_ideas_grow_into_a_project(
    secretariat, committee, ideas, status, message
):
    other = IdeaFactory(status=status)
    with pytest.raises(ActionError, match=message):
        actions.create_project(
            by=secretariat, ideas=[*ideas, other], committee=committee, title="T", summary="S"
        )
    assert not Project.objects.exists()
    assert {Idea.objects.get(pk=i.pk).status for i in ideas} == {"published", "parked"}


def test_creating_a_project_is_refused(secretariat, staff, member, committee, ideas):
    arguments = {"ideas": ideas, "committee": committee, "title": "T", "summary": "S"}
    for user in (staff, member, None):
        with pytest.raises(ActionError, match="Only the secretariat"):
            actions.create_project(by=user, **arguments)
    with pytest.raises(ActionError, match="at least one idea"):
        actions.create_project(by=secretariat, **{**arguments, "ideas": []})
    with pytest.raises(ActionError, match="Title"):
        actions.create_project(by=secretariat, **{**arguments, "title": "  "})
    historic = CommitteeFactory(period_end=datetime.date(2018, 3, 1))
    with pytest.raises(ActionError, match="period has ended"):
        actions.create_project(by=secretariat, **{**arguments, "committee": historic})
    task = MandateTaskFactory()
    with pytest.raises(ActionError, match="another committee"):
        actions.create_project(by=secretariat, **arguments, mandate_task=task)
    assert not Project.objects.exists()
    assert not IdeaStatusChange.objects.exists()


def test_a_case_of_another_project_is_refused(secretariat, committee, ideas, project):
    with pytest.raises(ActionError, match="is the case of the project"):
        actions.create_project(
            by=secretariat,
            ideas=ideas,
            committee=committee,
            title="T",
            summary="S",
            case_reference=project.case.reference,
        )


def test_changing_the_ideas_selects_new_ones_and_releases_the_others(secretariat, committee, ideas):
    project = actions.create_project(
        by=secretariat, ideas=ideas, committee=committee, title="T", summary="S"
    )
    third = IdeaFactory(status=Idea.Status.PUBLISHED)
    actions.update_project(project=project, by=secretariat, ideas=[ideas[0], third])
    assert set(project.ideas.all()) == {ideas[0], third}
    assert Idea.objects.get(pk=third.pk).status == Idea.Status.SELECTED
    assert Idea.objects.get(pk=ideas[1].pk).status == Idea.Status.PUBLISHED
    with pytest.raises(ActionError, match="at least one idea"):
        actions.update_project(project=project, by=secretariat, ideas=[])


def test_an_ended_project_changes_no_more(secretariat, project):
    Project.objects.filter(pk=project.pk).update(phase="stopped")
    with pytest.raises(ActionError, match="changes no more"):
        actions.update_project(project=project, by=secretariat, title="Nyt navn")
    with pytest.raises(ActionError, match="changes no more"):
        actions.add_funding(
            project=project,
            by=secretariat,
            kind="eu",
            name="EU",
            amount=Decimal(1),
            status="applied",
        )
    with pytest.raises(ActionError, match="changes no more"):
        actions.add_learning(
            project=project, by=secretariat, hypothesis="H", learned="L", decision="continue"
        )
    assert Project.objects.get(pk=project.pk).title == project.title


# --- Gates ----------------------------------------------------------------------------------


def test_the_chief_passes_a_gate_of_their_own_when_its_requirements_are_met(secretariat, project):
    with pytest.raises(ActionError, match="The learning log has at least one entry"):
        actions.pass_gate(project=project, to_phase="proposal", by=secretariat, text="Videre")
    LearningEntryFactory(project=project)
    with pytest.raises(ActionError, match="Write the decision"):
        actions.pass_gate(project=project, to_phase="proposal", by=secretariat, text=" ")
    with pytest.raises(ActionError, match="in the future"):
        actions.pass_gate(
            project=project,
            to_phase="proposal",
            by=secretariat,
            text="Videre",
            decided_on=TODAY() + datetime.timedelta(days=1),
        )
    gate = actions.pass_gate(project=project, to_phase="proposal", by=secretariat, text="Videre")
    project.refresh_from_db()
    assert project.phase == "proposal" and project.phase_since == TODAY()
    assert (gate.from_phase, gate.to_phase, gate.by, gate.item) == (
        "exploration",
        "proposal",
        secretariat,
        None,
    )


def test_a_passage_the_model_does_not_have_is_refused(secretariat, member, project):
    with pytest.raises(ActionError, match="cannot go to"):
        actions.pass_gate(project=project, to_phase="running", by=secretariat, text="Hop")
    with pytest.raises(ActionError, match="Unknown stage"):
        actions.pass_gate(project=project, to_phase="heaven", by=secretariat, text="Hop")
    with pytest.raises(ActionError, match="Only the secretariat"):
        actions.pass_gate(project=project, to_phase="proposal", by=member, text="Hop")
    assert not GateDecision.objects.exists()


def test_a_chiefs_gate_is_not_anchored_in_an_item(secretariat, project):
    LearningEntryFactory(project=project)
    item = decided_item(project)
    with pytest.raises(ActionError, match="not anchored in an agenda item"):
        actions.pass_gate(project=project, to_phase="proposal", by=secretariat, text="X", item=item)


def test_parking_needs_a_date_in_the_future_and_leaving_clears_it(secretariat, project):
    with pytest.raises(ActionError, match="needs a date"):
        actions.pass_gate(project=project, to_phase="parked", by=secretariat, text="Venter")
    with pytest.raises(ActionError, match="must be in the future"):
        actions.pass_gate(
            project=project, to_phase="parked", by=secretariat, text="Venter", revisit_on=TODAY()
        )
    later = TODAY() + datetime.timedelta(days=90)
    actions.pass_gate(
        project=project, to_phase="parked", by=secretariat, text="Venter", revisit_on=later
    )
    project.refresh_from_db()
    assert (project.phase, project.revisit_on) == ("parked", later)
    actions.pass_gate(project=project, to_phase="exploration", by=secretariat, text="Igen")
    project.refresh_from_db()
    assert (project.phase, project.revisit_on) == ("exploration", None)


def test_approval_is_anchored_in_the_committees_recorded_decision_and_locks_targets(
    secretariat, project
):
    ready_for_approval(project)
    item = decided_item(project)
    gate = actions.pass_gate(project=project, to_phase="approved", by=secretariat, item=item)
    project.refresh_from_db()
    assert project.phase == "approved" and project.phase_since == item.decided_on
    assert gate.item == item and gate.text == "Indstillingen godkendt."
    benefit = project.benefits.get()
    assert benefit.targets_locked_at is not None
    [version] = benefit.versions.all()
    assert (version.number, version.target_low, version.target_likely, version.target_high) == (
        1,
        Decimal(110),
        Decimal(100),
        Decimal(90),
    )


def test_approval_is_refused_without_what_the_model_requires(secretariat, project):
    project.phase = "proposal"
    project.owner = ""
    project.save()
    BenefitFactory(project=project, baseline_on=None)
    item = decided_item(project)
    with pytest.raises(ActionError) as refused:
        actions.pass_gate(project=project, to_phase="approved", by=secretariat, item=item)
    message = str(refused.value)
    assert "The project has an owner." in message
    assert "Every benefit has an owner" in message
    assert "Funding is applied for or granted." in message
    assert Project.objects.get(pk=project.pk).phase == "proposal"


def test_a_political_gate_needs_a_decision_of_a_held_meeting_of_the_committee_on_the_case(
    secretariat, project, other_committee
):
    ready_for_approval(project)

    def refused(item, match):
        with pytest.raises(ActionError, match=match):
            actions.pass_gate(project=project, to_phase="approved", by=secretariat, item=item)

    refused(None, "choose the agenda item")
    coming = MeetingFactory(committee=project.committee, state=Meeting.State.PUBLISHED)
    refused(AgendaItemFactory(meeting=coming, case=project.case), "is not held yet")
    refused(decided_item(project, committee=other_committee), "not on a meeting of the project")
    off_case = decided_item(project)
    AgendaItem.objects.filter(pk=off_case.pk).update(case=None)
    refused(off_case, "not on the project's case")
    undecided = AgendaItemFactory(meeting=held_meeting(project.committee), case=project.case)
    refused(undecided, "No decision is recorded")
    refused(decided_item(project, is_closed=True), "closed and its decision is not open")
    rejected = decided_item(project)
    rejected.points.update(outcome="rejected")
    refused(rejected, "did not approve the recommendation")
    assert Project.objects.get(pk=project.pk).phase == "proposal"
    assert not GateDecision.objects.exists()
    assert not BenefitTargets.objects.exists()


def test_a_co_hosted_meeting_and_an_open_decision_on_a_closed_item_anchor_a_gate(
    secretariat, project, other_committee
):
    ready_for_approval(project)
    item = decided_item(project, committee=other_committee, is_closed=True, decision_is_open=True)
    item.meeting.co_hosts.add(project.committee)
    actions.pass_gate(project=project, to_phase="approved", by=secretariat, item=item)
    assert Project.objects.get(pk=project.pk).phase == "approved"


def test_a_decision_anchors_one_gate_only(secretariat, project):
    ready_for_approval(project)
    item = decided_item(project)
    actions.pass_gate(project=project, to_phase="approved", by=secretariat, item=item)
    with pytest.raises(ActionError, match="already anchors a gate"):
        actions.pass_gate(project=project, to_phase="stopped", by=secretariat, item=item)


def test_a_decision_on_the_points_alone_gives_the_gate_its_text(secretariat, project):
    ready_for_approval(project)
    item = decided_item(project, decision="")
    RecommendationPointFactory(item=item, order=2, outcome="amended", decision_text="Med ændring")
    gate = actions.pass_gate(project=project, to_phase="approved", by=secretariat, item=item)
    assert gate.text == "1. Approved\n2. Approved as amended – Med ændring"


def test_stopping_may_follow_a_rejected_recommendation(secretariat, project):
    item = decided_item(project, decision="Projektet stoppes.")
    item.points.update(outcome="rejected")
    actions.pass_gate(project=project, to_phase="stopped", by=secretariat, item=item)
    assert Project.objects.get(pk=project.pk).phase == "stopped"


def test_the_gate_is_passed_from_the_decision_in_one_step(secretariat, project):
    ready_for_approval(project)
    item = decided_item(project)
    assert list(actions.decided_items(project)) == [item]
    gate = actions.pass_gate_from_decision(project=project, item=item, by=secretariat)
    assert gate.to_phase == "approved" and gate.item == item
    assert list(actions.decided_items(project)) == []


def test_from_exploration_the_committee_is_never_assumed_to_stop_the_project(secretariat, project):
    item = decided_item(project)
    with pytest.raises(ActionError, match="can only be stopped"):
        actions.pass_gate_from_decision(project=project, item=item, by=secretariat)
    with pytest.raises(ActionError, match="does not decide a gate into"):
        actions.pass_gate_from_decision(
            project=project, item=item, by=secretariat, to_phase="approved"
        )
    assert Project.objects.get(pk=project.pk).phase == "exploration"


# --- From the project to the agenda ---------------------------------------------------------------


def test_the_proposal_becomes_an_agenda_item_on_the_projects_case(secretariat, project):
    ready_for_approval(project)
    FundingFactory(project=project, name="Innovationspuljen", amount=Decimal("1250000"))
    FundingFactory(project=project, name="Hemmelig fond", status=Funding.Status.APPLIED)
    PartnershipFactory(project=project, role="Evaluering")
    meeting = MeetingFactory(committee=project.committee, state=Meeting.State.DRAFT)
    with translation.override("da"):
        item = actions.propose_to_meeting(project=project, meeting=meeting, by=secretariat)
    assert item.meeting == meeting and item.case == project.case
    assert item.title.startswith(f"{project.title}: ")
    sections = list(item.sections.all())
    assert [(s.key, s.heading) for s in sections] == [
        (ItemSection.Key.SUMMARY, "Resumé"),
        (ItemSection.Key.BACKGROUND, "Sagsfremstilling"),
        (ItemSection.Key.RECOMMENDATION, "Indstilling"),
        (ItemSection.Key.PREVIOUS_DECISIONS, "Tidligere beslutninger"),
    ]
    assert sections[0].text == project.summary
    background = sections[1].text
    assert "1.250.000 kr." in background and "Innovationspuljen" in background
    assert "Hemmelig fond" not in background
    assert "Evaluering" in background and "Besøg pr. uge" in background
    points = [point.text for point in item.points.all()]
    assert len(points) == 3
    assert "godkender" in points[0] and project.title in points[0]
    assert item.recommendation_to == project.committee.name


def test_proposing_is_refused(secretariat, staff, project, other_committee):
    ready_for_approval(project)
    draft = MeetingFactory(committee=project.committee, state=Meeting.State.DRAFT)

    def refused(match, **kwargs):
        arguments = {"project": project, "meeting": draft, "by": secretariat, **kwargs}
        with pytest.raises(ActionError, match=match):
            actions.propose_to_meeting(**arguments)

    refused("Only the secretariat", by=staff)
    refused("Choose a coming meeting", meeting=MeetingFactory(committee=other_committee))
    refused("Choose a coming meeting", meeting=held_meeting(project.committee))
    past = MeetingFactory(
        committee=project.committee, starts_at=timezone.now() - datetime.timedelta(days=2)
    )
    refused("Choose a coming meeting", meeting=past)
    refused("cannot be proposed to go to", to_phase="running")
    actions.propose_to_meeting(project=project, meeting=draft, by=secretariat)
    refused("already on the agenda", meeting=MeetingFactory(committee=project.committee))
    assert AgendaItem.objects.count() == 1


def test_the_proposal_asks_to_close_from_benefit_realisation(secretariat, project):
    project.phase = "realisation"
    project.save()
    meeting = MeetingFactory(committee=project.committee)
    item = actions.propose_to_meeting(project=project, meeting=meeting, by=secretariat)
    assert "afslutning" in item.title  # in the agenda's language
    assert len(item.points.all()) == 2


# --- Funding, partners ------------------------------------------------------------------------


def test_funding_is_checked(secretariat, member, project):
    def refused(match, by=secretariat, **fields):
        data = {
            "kind": "foundation",
            "name": "Fonden",
            "amount": Decimal("1000"),
            "status": "applied",
            **fields,
        }
        with pytest.raises(ActionError, match=match):
            actions.add_funding(project=project, by=by, **data)

    refused("Only the secretariat", by=member)
    refused("Give the date", status="granted")
    refused("no decision date", decided_on=TODAY())
    refused(
        "before the application",
        status="rejected",
        applied_on=TODAY(),
        decided_on=TODAY() - datetime.timedelta(days=1),
    )
    refused("greater than or equal to 0", amount=Decimal("-1"))
    refused("in the future", applied_on=TODAY() + datetime.timedelta(days=1))
    assert not Funding.objects.exists()
    funding = actions.add_funding(
        project=project,
        by=secretariat,
        kind="eu",
        name=" Horizon ",
        amount=Decimal("1250000.50"),
        status="applied",
    )
    assert funding.name == "Horizon"
    actions.update_funding(funding=funding, by=secretariat, status="granted", decided_on=TODAY())
    assert Funding.objects.get().status == "granted"


def test_a_partner_joins_the_project_with_a_role(secretariat, project):
    with pytest.raises(ActionError, match="role"):
        actions.add_partnership(project=project, by=secretariat, role=" ", name="DTU")
    with pytest.raises(ActionError, match="name a new one"):
        actions.add_partnership(project=project, by=secretariat, role="Sparring")
    partnership = actions.add_partnership(
        project=project, by=secretariat, role="Sparring", name="DTU", kind="university"
    )
    assert partnership.partner.name == "DTU"
    with pytest.raises(ActionError, match="already in the network register"):
        actions.add_partnership(
            project=project, by=secretariat, role="Sparring", name="dtu", kind="university"
        )
    with pytest.raises(ActionError, match="already a partner"):
        actions.add_partnership(
            project=project, by=secretariat, role="Igen", partner=partnership.partner
        )
    other = ProjectFactory(committee=project.committee)
    actions.add_partnership(project=other, by=secretariat, role="Data", partner=partnership.partner)
    assert Partner.objects.count() == 1 and Partnership.objects.count() == 2
    actions.update_partnership(
        partnership=partnership, by=secretariat, role="Evaluering", contact_name="Karen"
    )
    partnership.refresh_from_db()
    assert partnership.role == "Evaluering" and partnership.partner.contact_name == "Karen"
    actions.remove_partnership(partnership=partnership, by=secretariat)
    assert Partner.objects.count() == 1 and Partnership.objects.count() == 1


def test_a_partner_name_is_unique_when_renamed(secretariat, project):
    PartnerFactory(name="Region Hovedstaden")
    partnership = PartnershipFactory(project=project)
    with pytest.raises(ActionError, match="already in the network register"):
        actions.update_partnership(
            partnership=partnership, by=secretariat, role="R", name="region hovedstaden"
        )


@pytest.mark.parametrize("renamed", [False, True])
def test_a_partner_named_at_the_same_moment_elsewhere_is_a_message_not_an_error(
    secretariat, project, monkeypatch, renamed
):
    """Another request saves a partner of the same name between the check and the save (two
    projects adding one new partner at once): the unique name refuses it, and that is the
    register's message, with nothing half-saved."""
    checked = actions._clean

    def then_another_request_saves(instance, **kwargs):
        checked(instance, **kwargs)
        if isinstance(instance, Partner):
            Partner.objects.create(name=instance.name, kind=instance.kind)

    partnership = PartnershipFactory(project=project) if renamed else None
    monkeypatch.setattr(actions, "_clean", then_another_request_saves)
    with pytest.raises(ActionError, match="already in the network register"):
        if renamed:
            actions.update_partnership(
                partnership=partnership, by=secretariat, role="R", name="DTU Compute"
            )
        else:
            actions.add_partnership(
                project=project, by=secretariat, role="Data", name="DTU Compute", kind="university"
            )
    assert Partnership.objects.filter(partner__name="DTU Compute").count() == 0


# --- Benefits and measurements ----------------------------------------------------------------


def benefit_fields(**fields):
    return {
        "title": "Færre besøg",
        "kind": "efficiency",
        "owner": "Centerchef",
        "indicator": "Besøg pr. uge",
        "baseline_value": Decimal(120),
        "baseline_on": datetime.date(2025, 1, 1),
        "target_low": Decimal(110),
        "target_likely": Decimal(100),
        "target_high": Decimal(90),
        **fields,
    }


def test_a_benefit_is_checked(secretariat, project):
    for fields, match in [
        ({"title": ""}, "Name the benefit"),
        ({"target_high": None}, "all three targets"),
        ({"target_likely": Decimal(130)}, "between the low and the high"),
        ({"baseline_on": None}, "date the baseline was measured"),
        ({"kind": "magic"}, "Type"),
    ]:
        with pytest.raises(ActionError, match=match):
            actions.add_benefit(project=project, by=secretariat, **benefit_fields(**fields))
    assert not Benefit.objects.exists()
    benefit = actions.add_benefit(project=project, by=secretariat, **benefit_fields())
    assert benefit.targets_locked_at is None and not benefit.versions.exists()


def test_locked_targets_change_only_as_a_new_version_with_a_reason(secretariat, project):
    benefit = BenefitFactory(project=project)
    with pytest.raises(ActionError, match="not locked yet"):
        actions.change_targets(
            benefit=benefit,
            by=secretariat,
            target_low=Decimal(1),
            target_likely=Decimal(2),
            target_high=Decimal(3),
            reason="R",
        )
    ready_for_approval(project)
    actions.pass_gate(
        project=project, to_phase="approved", by=secretariat, item=decided_item(project)
    )
    benefit.refresh_from_db()
    with pytest.raises(ActionError, match="locked since the project was approved"):
        actions.update_benefit(benefit=benefit, by=secretariat, target_low=Decimal(115))
    actions.update_benefit(benefit=benefit, by=secretariat, target_low=Decimal(110), unit="antal")
    change = {"target_low": Decimal(115), "target_likely": Decimal(105), "target_high": Decimal(95)}
    with pytest.raises(ActionError, match="Give the reason"):
        actions.change_targets(benefit=benefit, by=secretariat, reason=" ", **change)
    with pytest.raises(ActionError, match="unchanged"):
        actions.change_targets(
            benefit=benefit,
            by=secretariat,
            reason="R",
            target_low=Decimal(110),
            target_likely=Decimal(100),
            target_high=Decimal(90),
        )
    version = actions.change_targets(
        benefit=benefit, by=secretariat, reason="Ny lovgivning", **change
    )
    benefit.refresh_from_db()
    assert version.number == 2 and version.reason == "Ny lovgivning"
    assert (benefit.target_low, benefit.unit) == (Decimal(115), "antal")
    assert list(benefit.versions.values_list("number", flat=True)) == [1, 2]


def test_a_benefit_added_after_approval_is_locked_at_once(secretariat, project):
    project.phase = "running"
    project.save()
    with pytest.raises(ActionError, match="needs low, likely and high targets"):
        actions.add_benefit(
            project=project,
            by=secretariat,
            **benefit_fields(target_low=None, target_likely=None, target_high=None),
        )
    benefit = actions.add_benefit(project=project, by=secretariat, **benefit_fields())
    assert benefit.targets_locked_at is not None and benefit.versions.count() == 1


def test_measurements_are_planned_and_recorded(secretariat, project):
    benefit = BenefitFactory(project=project)
    planned = actions.record_measurement(
        benefit=benefit, by=secretariat, planned_on=datetime.date(2026, 1, 1)
    )
    assert planned.value is None and planned.measured_on is None
    with pytest.raises(ActionError, match="Give the result"):
        actions.record_measurement(
            benefit=benefit,
            by=secretariat,
            planned_on=planned.planned_on,
            measured_on=TODAY(),
            measurement=planned,
        )
    with pytest.raises(ActionError, match="in the future"):
        actions.record_measurement(
            benefit=benefit,
            by=secretariat,
            planned_on=planned.planned_on,
            measured_on=TODAY() + datetime.timedelta(days=1),
            value=Decimal(1),
            measurement=planned,
        )
    with pytest.raises(ActionError, match="another benefit"):
        actions.record_measurement(
            benefit=BenefitFactory(project=project),
            by=secretariat,
            planned_on=planned.planned_on,
            value=Decimal(1),
            measurement=planned,
        )
    recorded = actions.record_measurement(
        benefit=benefit,
        by=secretariat,
        planned_on=planned.planned_on,
        value=Decimal("112.5"),
        measurement=planned,
    )
    assert recorded.pk == planned.pk
    assert (recorded.value, recorded.measured_on) == (Decimal("112.5"), TODAY())


def test_learning_and_notes_are_checked(secretariat, staff, project):
    with pytest.raises(ActionError, match="Write the hypothesis"):
        actions.add_learning(
            project=project, by=secretariat, hypothesis="H", learned=" ", decision="pivot"
        )
    with pytest.raises(ActionError, match="Decision"):
        actions.add_learning(
            project=project, by=secretariat, hypothesis="H", learned="L", decision="dance"
        )
    entry = actions.add_learning(
        project=project, by=secretariat, hypothesis="H", learned="L", decision="pivot"
    )
    assert entry.on == TODAY() and entry.by == secretariat
    with pytest.raises(ActionError, match="Write the note"):
        actions.add_note(project=project, by=secretariat, text="  ")
    with pytest.raises(ActionError, match="Only the secretariat"):
        actions.add_note(project=project, by=staff, text="Hej")
    assert actions.add_note(project=project, by=secretariat, text=" Hej ").text == "Hej"


def test_the_messages_are_in_danish(secretariat, project):
    with translation.override("da"), pytest.raises(ActionError) as refused:
        actions.pass_gate(project=project, to_phase="running", by=secretariat, text="Hop")
    assert str(refused.value) == "Et projekt i fasen “Afsøgning” kan ikke gå til “I gang”."


# --- Where a benefit stands -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "measured_on", "track"),
    [
        # Half way in time (2026-01-01), the way to the low target (110) has reached 115.
        (Decimal(114), datetime.date(2026, 1, 1), Benefit.ON_TRACK),
        (Decimal(115), datetime.date(2026, 1, 1), Benefit.ON_TRACK),
        (Decimal(118), datetime.date(2026, 1, 1), Benefit.OFF_TRACK),
        (Decimal(111), datetime.date(2027, 2, 1), Benefit.OFF_TRACK),
        (Decimal(95), datetime.date(2027, 2, 1), Benefit.ON_TRACK),
    ],
)
def test_a_benefit_that_lowers_is_on_track_when_it_has_come_far_enough(
    project, value, measured_on, track
):
    benefit = BenefitFactory(project=project)
    MeasurementFactory(
        benefit=benefit, planned_on=measured_on, measured_on=measured_on, value=value
    )
    assert Benefit.objects.prefetch_related("measurements").get(pk=benefit.pk).track == track


def test_a_benefit_that_raises_counts_upwards(project):
    benefit = BenefitFactory(
        project=project,
        baseline_value=Decimal(50),
        target_low=Decimal(60),
        target_likely=Decimal(70),
        target_high=Decimal(80),
        due_on=datetime.date(2026, 1, 1),
        baseline_on=datetime.date(2025, 1, 1),
    )
    MeasurementFactory(
        benefit=benefit,
        planned_on=datetime.date(2026, 2, 1),
        measured_on=datetime.date(2026, 2, 1),
        value=Decimal(61),
    )
    assert benefit.track == Benefit.ON_TRACK


def test_an_overdue_measurement_is_flagged(project):
    benefit = BenefitFactory(project=project)
    assert benefit.track == Benefit.NOT_MEASURED
    MeasurementFactory(benefit=benefit, planned_on=TODAY() + datetime.timedelta(days=30))
    assert benefit.track == Benefit.NOT_MEASURED
    overdue = MeasurementFactory(benefit=benefit, planned_on=TODAY() - datetime.timedelta(days=1))
    assert overdue.is_overdue and benefit.track == Benefit.OVERDUE
    assert benefit.overdue_measurements == [overdue]
