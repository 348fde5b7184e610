"""The model that anchors innovation in the political process (the DIS model), executable.

A project goes through stages — exploration → proposal → approved → running → benefit
realisation → closed — or is parked (with a date to look at it again) or stopped. Each passage
is a gate: who decides it, whether it is political (then it is anchored in a decision recorded
on an agenda item of a held meeting of the project's committee), and what must exist to pass.
``innovation.actions.pass_gate`` checks the gates here, and the public model page is rendered
from here: nothing else decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    EXPLORATION = "exploration", _("Exploration")
    PROPOSAL = "proposal", _("Proposal")
    APPROVED = "approved", _("Approved")
    RUNNING = "running", _("Running")
    REALISATION = "realisation", _("Benefit realisation")
    CLOSED = "closed", _("Closed")
    PARKED = "parked", _("Parked")
    STOPPED = "stopped", _("Stopped")


# The stages in the order a project goes through them (parked and stopped are off the road).
ROAD = (
    Phase.EXPLORATION,
    Phase.PROPOSAL,
    Phase.APPROVED,
    Phase.RUNNING,
    Phase.REALISATION,
    Phase.CLOSED,
)
ACTIVE = (Phase.EXPLORATION, Phase.PROPOSAL, Phase.APPROVED, Phase.RUNNING, Phase.REALISATION)
ENDED = (Phase.CLOSED, Phase.STOPPED)

STAGE_TEXTS = {
    Phase.EXPLORATION: _(
        "The first year explores and clarifies: hypotheses are tested and the learning log "
        "says what was learned and whether to continue, pivot, park or stop."
    ),
    Phase.PROPOSAL: _(
        "The project is described as a proposal to the committee: the problem, the solution, "
        "the partners, the funding and the benefits it is to realise."
    ),
    Phase.APPROVED: _(
        "The committee has approved the project. Its benefits' targets are locked: a later "
        "change makes a new version with a reason."
    ),
    Phase.RUNNING: _("The project is carried out, with its funding in place."),
    Phase.REALISATION: _(
        "The solution is in use; the benefits are measured against their baseline and targets "
        "as planned (about a year after going live)."
    ),
    Phase.CLOSED: _("The committee has closed the project and taken note of its benefits."),
    Phase.PARKED: _("The project waits; it is looked at again on its revisit date."),
    Phase.STOPPED: _("The committee has stopped the project."),
}

# How a project comes into being: it has no gate into its first stage.
START_TEXT = _(
    "A project starts in exploration when the innovation chief creates it from one or more ideas "
    "of the catalogue; the ideas are then selected for a project."
)


@dataclass(frozen=True)
class Requirement:
    """What must exist before a gate can be passed; ``met(project)`` says whether it does."""

    text: str
    met: Callable


def _has_problem_and_hypotheses(project) -> bool:
    return bool(project.problem.strip() and project.hypotheses.strip())


def _has_learning(project) -> bool:
    return project.learning.exists()


def _has_owner(project) -> bool:
    return bool(project.owner.strip())


def _benefits_with_baseline_and_targets(project) -> bool:
    benefits = list(project.benefits.all())
    return bool(benefits) and all(benefit.is_ready for benefit in benefits)


def _has_funding(project) -> bool:
    return project.funding.exclude(status="rejected").exists()


def _has_granted_funding(project) -> bool:
    return project.funding.filter(status="granted").exists()


def _measurements_planned(project) -> bool:
    benefits = list(project.benefits.all())
    return bool(benefits) and all(benefit.measurements.exists() for benefit in benefits)


def _benefits_followed_up(project) -> bool:
    benefits = list(project.benefits.prefetch_related("measurements"))
    return all(benefit.is_followed_up for benefit in benefits)


def _has_revisit_date(project) -> bool:
    return project.revisit_on is not None


PROBLEM = Requirement(
    _("The problem and the hypotheses are described."), _has_problem_and_hypotheses
)
LEARNING = Requirement(_("The learning log has at least one entry."), _has_learning)
OWNER = Requirement(_("The project has an owner."), _has_owner)
BENEFITS = Requirement(
    _(
        "Every benefit has an owner, an indicator, a baseline with its date and low, likely and "
        "high targets."
    ),
    _benefits_with_baseline_and_targets,
)
FUNDING = Requirement(_("Funding is applied for or granted."), _has_funding)
GRANTED = Requirement(_("Funding is granted."), _has_granted_funding)
MEASUREMENTS = Requirement(_("Every benefit has its measurements planned."), _measurements_planned)
FOLLOWED_UP = Requirement(
    _("Every benefit is measured, or its deviation is explained."), _benefits_followed_up
)
REVISIT = Requirement(_("A date to look at the project again."), _has_revisit_date)

CHIEF = _("The innovation chief")
COMMITTEE = _("The committee")


@dataclass(frozen=True)
class Gate:
    """The passage into ``to`` from any of ``froms``."""

    to: Phase
    froms: tuple[Phase, ...]
    decided_by: str
    political: bool
    requires: tuple[Requirement, ...] = ()
    # A political gate: what the recommendation asks the committee to decide (an "at"-clause).
    recommends: str = ""

    @property
    def anchor(self):
        """What the gate decision is anchored in, said in words."""
        if self.political:
            return _(
                "A decision recorded on an agenda item of a held meeting of the project's "
                "committee."
            )
        return _("The innovation chief's decision, with its date and reasons.")

    @property
    def from_labels(self) -> list[str]:
        return [phase.label for phase in self.froms]

    def unmet(self, project) -> list[Requirement]:
        return [requirement for requirement in self.requires if not requirement.met(project)]


GATES = (
    Gate(Phase.PROPOSAL, (Phase.EXPLORATION,), CHIEF, False, (PROBLEM, LEARNING)),
    Gate(
        Phase.APPROVED,
        (Phase.PROPOSAL,),
        COMMITTEE,
        True,
        (OWNER, BENEFITS, FUNDING),
        recommends=_(
            "That the committee approves the project, and with it the targets of its benefits."
        ),
    ),
    Gate(Phase.RUNNING, (Phase.APPROVED,), CHIEF, False, (GRANTED,)),
    Gate(Phase.REALISATION, (Phase.RUNNING,), CHIEF, False, (MEASUREMENTS,)),
    Gate(
        Phase.CLOSED,
        (Phase.REALISATION,),
        COMMITTEE,
        True,
        (FOLLOWED_UP,),
        recommends=_("That the committee closes the project and takes note of its benefits."),
    ),
    Gate(Phase.PARKED, (Phase.EXPLORATION, Phase.PROPOSAL), CHIEF, False, (REVISIT,)),
    Gate(Phase.EXPLORATION, (Phase.PARKED,), CHIEF, False),
    Gate(
        Phase.STOPPED,
        ACTIVE,
        COMMITTEE,
        True,
        recommends=_("That the committee stops the project."),
    ),
)


def gate(from_phase, to_phase) -> Gate | None:
    """The gate from ``from_phase`` into ``to_phase``, or None: no such passage."""
    return next((gate for gate in GATES if gate.to == to_phase and from_phase in gate.froms), None)


def gates_from(phase) -> list[Gate]:
    """The gates a project in ``phase`` may pass next."""
    return [gate for gate in GATES if phase in gate.froms]


TAKE_NOTE = _("That the committee takes note of the status of the project.")


def next_on_road(phase) -> Gate | None:
    """The gate to the next stage on the road from ``phase`` (None at its end or off it)."""
    if phase not in ROAD or phase == ROAD[-1]:
        return None
    return gate(phase, ROAD[ROAD.index(phase) + 1])


def recommendation_points(phase) -> list[str]:
    """What a recommendation to the committee on a project in ``phase`` asks it to decide: the
    next gate on the road, when it is the committee's; otherwise to take note of the status."""
    following = next_on_road(phase)
    if following is not None and following.political:
        return [following.recommends]
    return [TAKE_NOTE]


@dataclass(frozen=True)
class Stage:
    """A stage as the model page shows it: its text and the gates that lead into it."""

    phase: Phase
    text: str
    on_road: bool
    gates_in: tuple[Gate, ...]
    starts_here: bool = False

    @property
    def start_text(self):
        return START_TEXT if self.starts_here else ""


def model() -> list[Stage]:
    """The model, stage by stage: the road in order, then the stages off it (parked, stopped)."""
    off_road = [phase for phase in Phase if phase not in ROAD]
    return [
        Stage(
            phase=phase,
            text=STAGE_TEXTS[phase],
            on_road=phase in ROAD,
            gates_in=tuple(gate for gate in GATES if gate.to == phase),
            starts_here=phase == ROAD[0],
        )
        for phase in [*ROAD, *off_road]
    ]
