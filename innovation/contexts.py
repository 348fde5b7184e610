"""What the project pages and the project's document show, built once for both.

``trace(project, reader)`` is the chain idea → meeting → decision → gate → benefit of one
project, as ``reader`` may see it: a user on the trace page, or the audience a document is
written for (``permissions.CommitteeReader`` or the public). Every link of the chain is read
through its own app's ``visible_to(reader)``: ideas the reader may not see are left out, the
workshop group an idea came from only where its meeting is visible, a closed item is "Lukket
punkt" for whoever may not read it. A draft meeting is never part of the trace (neither its
items nor its workshop groups), for the secretariat neither.

A fixed number of queries, whatever the number of ideas, items, gates and benefits.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from catalogue.models import Idea
from innovation.models import GateDecision, Partner, Partnership, Project
from meetings import querysets as meeting_querysets
from meetings.models import AgendaItem, RecommendationPoint, WorkshopGroup


@dataclass
class Trace:
    project: Project
    ideas: list
    items: list
    gates: list
    benefits: list

    @property
    def decisions(self) -> list:
        """The items with a decision the reader may read, on the item or on its points."""
        return [item for item in self.items if item.decision or item.decided_points]


def trace(project, reader) -> Trace:
    """``project`` must be one ``reader`` may see (``Project.objects.visible_to``)."""
    origins = (
        WorkshopGroup.objects.visible_to(reader)
        .filter(meeting__state__in=meeting_querysets.NOT_DRAFT)
        .select_related("meeting__committee")
    )
    ideas = list(
        Idea.objects.visible_to(reader)
        .filter(projects=project)
        .prefetch_related(Prefetch("origin", queryset=origins))
        .order_by("created_at", "pk")
    )
    items = list(
        AgendaItem.objects.visible_to(reader)
        .filter(meeting__state__in=meeting_querysets.NOT_DRAFT)
        .filter(
            Q(case_id=project.case_id, case__isnull=False)
            | Q(pk__in=GateDecision.objects.filter(project=project).values("item_id"))
        )
        .select_related("meeting__committee")
        .prefetch_related(
            Prefetch(
                "points",
                queryset=RecommendationPoint.objects.visible_to(reader),
                to_attr="visible_points",
            )
        )
        .order_by("meeting__starts_at", "number")
    )
    for item in items:
        item.decided_points = [p for p in item.visible_points if p.outcome or p.decision_text]
    by_pk = {item.pk: item for item in items}
    gates = list(project.gates.all())
    for gate in gates:
        gate.anchor = by_pk.get(gate.item_id)
    return Trace(
        project=project,
        ideas=ideas,
        items=items,
        gates=gates,
        benefits=list(project.benefits.prefetch_related("measurements")),
    )


def benefit_rows(benefits) -> list:
    """Each benefit with its last measured result and whether a measurement is overdue (from
    the prefetched measurements)."""
    for benefit in benefits:
        measurements = list(benefit.measurements.all())
        measured = [m for m in measurements if m.value is not None]
        benefit.latest = measured[-1] if measured else None
        benefit.overdue = [m for m in measurements if m.is_overdue]
    return benefits


def network(reader):
    """The network register: the partners ``reader`` may see, each with ``roles``, its
    partnerships in the projects ``reader`` may see (with the project). Two queries."""
    roles = Partnership.objects.visible_to(reader).select_related("project")
    return Partner.objects.visible_to(reader).prefetch_related(
        Prefetch("partnerships", queryset=roles.order_by("project__title"), to_attr="roles")
    )
