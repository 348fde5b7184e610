"""The innovation projects' history: every create, change and delete of a project and its
registers is recorded with the user of the context it happens in (no page writes projects yet:
``pghistory.context`` stands in for the request's middleware)."""

import datetime
from decimal import Decimal

import pghistory
import pytest

from innovation import stages
from innovation.models import (
    Benefit,
    BenefitTargets,
    Funding,
    GateDecision,
    LearningEntry,
    Measurement,
    Partner,
    Partnership,
    Project,
    ProjectNote,
)
from innovation.shared import history
from tests.meetings.factories import CommitteeFactory

DAY = datetime.date(2026, 3, 1)


def make_project():
    return Project.objects.create(
        title="Velfærdsteknologi i hjemmeplejen",
        summary="Borgere og medarbejdere afprøver teknologi sammen.",
        committee=CommitteeFactory(),
    )


def make_benefit(project):
    return Benefit.objects.create(project=project, title="Færre besøg", kind="efficiency")


# model, how to make one, a field to change and its new value
CASES = [
    (Project, lambda user: make_project(), "title", "Et nyt navn"),
    (
        ProjectNote,
        lambda user: ProjectNote.objects.create(project=make_project(), author=user, text="Note"),
        "text",
        "En anden note",
    ),
    (
        GateDecision,
        lambda user: GateDecision.objects.create(
            project=make_project(),
            from_phase=stages.Phase.EXPLORATION,
            to_phase=stages.Phase.PROPOSAL,
            decided_on=DAY,
            text="Videre til forslag.",
            by=user,
        ),
        "text",
        "Videre til forslag, med forbehold.",
    ),
    (
        LearningEntry,
        lambda user: LearningEntry.objects.create(
            project=make_project(),
            hypothesis="Borgerne vil bruge skærmbesøg.",
            learned="Kun halvdelen ville.",
            decision="pivot",
            by=user,
        ),
        "decision",
        "continue",
    ),
    (
        Funding,
        lambda user: Funding.objects.create(
            project=make_project(), kind="foundation", name="Fondens pulje", amount=Decimal(1000)
        ),
        "status",
        "granted",
    ),
    (Partner, lambda user: Partner.objects.create(name="DTU", kind="university"), "name", "KU"),
    (
        Partnership,
        lambda user: Partnership.objects.create(
            project=make_project(),
            partner=Partner.objects.create(name="Foreningen", kind="association"),
            role="Frivillige",
        ),
        "role",
        "Frivillige og lokaler",
    ),
    (Benefit, lambda user: make_benefit(make_project()), "owner", "Hjemmeplejechefen"),
    (
        BenefitTargets,
        lambda user: BenefitTargets.objects.create(
            benefit=make_benefit(make_project()),
            number=1,
            target_low=1,
            target_likely=2,
            target_high=3,
            by=user,
        ),
        "target_high",
        Decimal(4),
    ),
    (
        Measurement,
        lambda user: Measurement.objects.create(
            benefit=make_benefit(make_project()), planned_on=DAY
        ),
        "note",
        "Udskudt en måned.",
    ),
]


@pytest.mark.parametrize(("model", "make", "field", "value"), CASES)
def test_every_project_model_records_create_change_and_delete(
    secretariat, model, make, field, value
):
    with pghistory.context(user=secretariat.pk):
        obj = make(secretariat)
        setattr(obj, field, value)
        obj.save()
        pk = obj.pk
        obj.delete()
    events = history.event_model(model).objects.filter(pgh_obj_id=pk).order_by("pgh_id")
    events = list(events.select_related("pgh_context"))
    assert [e.pgh_label for e in events] == ["insert", "update", "delete"]
    assert {e.pgh_context.metadata["user"] for e in events} == {secretariat.pk}
    assert getattr(events[1], field) == value


def test_saving_a_project_unchanged_is_no_event(secretariat):
    project = make_project()
    project.save()  # only ``updated_at`` moves
    assert history.event_model(Project).objects.filter(pgh_obj_id=project.pk).count() == 1
