"""Writes on innovation projects: creating them from ideas, passing the model's gates, taking a
proposal to the committee's agenda and back, and keeping the registers (funding, partners,
benefits and their measurements, the learning log, internal notes).

Each function is keyword-only, checks its rules first — who may (``innovation/rules.py``), what
the model demands (``innovation/stages.py``) — and raises ``ActionError`` with a message for the
user; everything runs in one transaction, so a refused action leaves nothing half-saved.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalogue import actions as catalogue_actions
from catalogue.models import Idea
from innovation import rules, stages
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
from innovation.templatetags.money import amount, kroner
from meetings import actions as meetings_actions
from meetings import rules as meetings_rules
from meetings.models import AgendaItem, Case, ItemSection, Meeting, RecommendationPoint

Phase = stages.Phase


class ActionError(Exception):
    """A rule forbids the action; the message is meant for the user."""


class StatusMoved(ActionError):
    """The project is no longer in the stage the page that asked showed (someone else moved
    it meanwhile): nothing was changed."""


# Ideas in these statuses may grow into a project; promoting them selects them (the catalogue's
# own step), an idea already selected may serve one more project.
PROMOTABLE = (Idea.Status.PUBLISHED, Idea.Status.PARKED, Idea.Status.SELECTED)
PROJECT_FIELDS = (
    "title",
    "summary",
    "problem",
    "hypotheses",
    "owner",
    "committee",
    "mandate_task",
    "dis_dimensions",
    "is_transformative",
    "is_published",
)
BENEFIT_FIELDS = (
    "title",
    "owner",
    "kind",
    "is_negative",
    "beneficiary",
    "indicator",
    "method",
    "unit",
    "baseline_value",
    "baseline_on",
    "target_low",
    "target_likely",
    "target_high",
    "due_on",
    "preconditions",
    "actions",
    "budget_effect_taken",
    "deviation",
)
TARGETS = ("target_low", "target_likely", "target_high")
FUNDING_FIELDS = ("kind", "name", "amount", "status", "applied_on", "decided_on", "note")
PARTNER_FIELDS = ("name", "kind", "contact_name", "contact_email", "contact_phone")
# The committee's recommending unit on a project's agenda item, in the agenda's language.
RECOMMENDED_BY = "Sekretariatet"


# --- Checks shared by the actions ---------------------------------------------------------------


def _check_manager(by) -> None:
    if not rules.may_manage_projects(by):
        raise ActionError(_("Only the secretariat can manage innovation projects."))


def _lock(project: Project) -> Project:
    locked = Project.objects.select_for_update().filter(pk=project.pk).first()
    if locked is None:
        raise ActionError(_("The project no longer exists."))
    return locked


def _check_not_ended(project: Project) -> None:
    if project.phase in stages.ENDED:
        raise ActionError(
            _("The project is “%(phase)s”: it changes no more.")
            % {"phase": project.get_phase_display()}
        )


def _today() -> datetime.date:
    return timezone.localdate()


def _check_not_future(day, what) -> None:
    if day is not None and day > _today():
        raise ActionError(_("%(what)s cannot be in the future.") % {"what": what})


def _clean(instance, exclude=()) -> None:
    """The model's own validation (lengths, choices, constraints) as an ``ActionError``."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        messages = []
        for field, errors in error.message_dict.items():
            if field == "__all__":
                messages += errors
            else:
                label = instance._meta.get_field(field).verbose_name
                messages += [f"{str(label).capitalize()}: {message}" for message in errors]
        raise ActionError(" ".join(messages)) from error


def _check_committee(committee, mandate_task) -> None:
    if committee.is_historic:
        raise ActionError(_("The committee's period has ended: it takes no new projects."))
    if mandate_task is not None and mandate_task.committee_id != committee.pk:
        raise ActionError(_("The mandate task belongs to another committee's mandate."))


def _select_ideas(ideas, by) -> None:
    """Make the ideas "selected for a project" through the catalogue's own workflow step."""
    refused = [idea.title for idea in ideas if idea.status not in PROMOTABLE]
    if refused:
        raise ActionError(
            _("Only published or parked ideas can grow into a project: %(titles)s.")
            % {"titles": ", ".join(f"“{title}”" for title in refused)}
        )
    movable = [idea for idea in ideas if idea.status != Idea.Status.SELECTED]
    if not movable:
        return
    try:
        catalogue_actions.bulk_change_status(ideas=movable, to_status=Idea.Status.SELECTED, by=by)
    except catalogue_actions.ActionError as error:
        raise ActionError(str(error)) from error


def _release_ideas(ideas, project, by) -> None:
    """Ideas taken off ``project`` and in no other project go back to the catalogue."""
    for idea in ideas:
        if idea.status != Idea.Status.SELECTED:
            continue
        if idea.projects.exclude(pk=project.pk).exists():
            continue
        try:
            catalogue_actions.change_status(idea=idea, to_status=Idea.Status.PUBLISHED, by=by)
        except catalogue_actions.ActionError as error:
            raise ActionError(str(error)) from error


def _case(reference: str, project: Project | None) -> Case:
    reference = reference.strip()
    case = Case.objects.filter(reference=reference).first()
    if case is None:
        return Case.objects.create(
            reference=reference, title=project.title[:300] if project else ""
        )
    other = Project.objects.filter(case=case).exclude(pk=getattr(project, "pk", None)).first()
    if other is not None:
        raise ActionError(
            _("The case %(case)s is the case of the project “%(project)s”.")
            % {"case": reference, "project": other.title}
        )
    return case


# --- Projects -------------------------------------------------------------------------------------


@transaction.atomic
def create_project(
    *,
    by,
    ideas,
    committee,
    title: str,
    summary: str,
    problem: str = "",
    hypotheses: str = "",
    owner: str = "",
    mandate_task=None,
    welfare_areas=None,
    dis_dimensions=None,
    is_transformative: bool = True,
    is_published: bool = False,
    case_reference: str = "",
) -> Project:
    """A project in exploration grown from ``ideas``: they become "selected for a project"
    (the catalogue's step, recorded in each idea's history) and the project keeps them.
    Welfare areas and DIS dimensions default to the ideas' own. The project gets its case
    (``case_reference`` or a new one), which its agenda items will be on."""
    _check_manager(by)
    ideas = list(ideas)
    if not ideas:
        raise ActionError(_("Choose at least one idea for the project."))
    _check_committee(committee, mandate_task)
    locked = list(Idea.objects.select_for_update().filter(pk__in=[idea.pk for idea in ideas]))
    if len(locked) != len({idea.pk for idea in ideas}):
        raise ActionError(_("One of the ideas no longer exists."))
    if dis_dimensions is None:
        dis_dimensions = sorted({dimension for idea in locked for dimension in idea.dis_dimensions})
    project = Project(
        title=(title or "").strip(),
        summary=(summary or "").strip(),
        problem=(problem or "").strip(),
        hypotheses=(hypotheses or "").strip(),
        owner=(owner or "").strip(),
        committee=committee,
        mandate_task=mandate_task,
        dis_dimensions=list(dis_dimensions),
        is_transformative=is_transformative,
        is_published=is_published,
        phase=Phase.EXPLORATION,
        phase_since=_today(),
    )
    _clean(project, exclude=["case"])
    _select_ideas(locked, by)
    project.save()
    project.case = _case(case_reference or f"INNO-{project.pk:04d}", project)
    project.save(update_fields=["case"])
    project.ideas.set(locked)
    if welfare_areas is None:
        welfare_areas = {idea.welfare_area_id for idea in locked if idea.welfare_area_id}
    project.welfare_areas.set(welfare_areas)
    return project


@transaction.atomic
def update_project(
    *, project: Project, by, ideas=None, welfare_areas=None, case_reference=None, **fields
) -> Project:
    """Change what the project is (not its stage: that is ``pass_gate``). Ideas added are
    selected for a project; ideas taken off that serve no other project are published again."""
    _check_manager(by)
    project = _lock(project)
    _check_not_ended(project)
    for name, value in fields.items():
        if name not in PROJECT_FIELDS:
            raise ActionError(_("Unknown field: %(name)s") % {"name": name})
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    if "committee" in fields or "mandate_task" in fields:
        _check_committee(project.committee, project.mandate_task)
    reference = (case_reference or "").strip()
    if reference and (project.case is None or project.case.reference != reference):
        project.case = _case(reference, project)
    _clean(project, exclude=["case"])
    project.save()
    if ideas is not None:
        ideas = list(ideas)
        if not ideas:
            raise ActionError(_("A project keeps at least one idea."))
        current = {idea.pk: idea for idea in project.ideas.all()}
        chosen = {idea.pk for idea in ideas}
        added = list(Idea.objects.select_for_update().filter(pk__in=chosen - set(current)))
        _select_ideas(added, by)
        project.ideas.set(ideas)
        _release_ideas([idea for pk, idea in current.items() if pk not in chosen], project, by)
    if welfare_areas is not None:
        project.welfare_areas.set(welfare_areas)
    return project


# --- The gates ----------------------------------------------------------------------------------


def _decision_recorded(item: AgendaItem) -> bool:
    return bool(item.decision.strip()) or any(point.outcome for point in item.points.all())


def _decision_text(item: AgendaItem) -> str:
    """The decision on an item as the gate's text: the item's decision, or the decisions on its
    recommendation points."""
    if item.decision.strip():
        return item.decision.strip()
    lines = []
    for number, point in enumerate(item.points.all(), start=1):
        if point.outcome or point.decision_text:
            outcome = point.get_outcome_display() if point.outcome else ""
            lines.append(
                f"{number}. {outcome}{' – ' if outcome and point.decision_text else ''}"
                f"{point.decision_text}"
            )
    return "\n".join(lines)


def _check_anchor(project: Project, item: AgendaItem | None, gate: stages.Gate) -> AgendaItem:
    """The agenda item whose decision anchors a political gate: on a held meeting of the
    project's committee, on the project's case, with its decision recorded and readable by
    whoever may read the project (a closed item's decision must be open)."""
    if item is None:
        raise ActionError(
            _(
                "The committee decides this gate: choose the agenda item whose recorded decision "
                "anchors it."
            )
        )
    item = (
        AgendaItem.objects.select_related("meeting__committee")
        .prefetch_related("points", "meeting__co_hosts")
        .get(pk=item.pk)
    )
    meeting = item.meeting
    committees = {meeting.committee_id, *(c.pk for c in meeting.co_hosts.all())}
    if project.committee_id not in committees:
        raise ActionError(
            _("Item %(number)s is not on a meeting of the project's committee (%(committee)s).")
            % {"number": item.number, "committee": project.committee}
        )
    if not meeting.has_minutes:
        raise ActionError(
            _("%(meeting)s is not held yet: its decisions cannot anchor a gate.")
            % {"meeting": meeting}
        )
    if project.case_id is None or item.case_id != project.case_id:
        raise ActionError(
            _("Item %(number)s is not on the project's case (%(case)s).")
            % {"number": item.number, "case": project.case or "–"}
        )
    if not _decision_recorded(item):
        raise ActionError(
            _("No decision is recorded on item %(number)s yet.") % {"number": item.number}
        )
    if item.is_closed and not item.decision_is_open:
        raise ActionError(
            _(
                "Item %(number)s is closed and its decision is not open: a gate anchored in it "
                "would show a decision its readers may not read. Make the decision open first."
            )
            % {"number": item.number}
        )
    if GateDecision.objects.filter(project=project, item=item).exists():
        raise ActionError(
            _("The decision on item %(number)s already anchors a gate of the project.")
            % {"number": item.number}
        )
    approving = (RecommendationPoint.Outcome.APPROVED, RecommendationPoint.Outcome.AMENDED)
    points = list(item.points.all())
    decided = [point for point in points if point.outcome]
    if gate.to != Phase.STOPPED and decided and not any(p.outcome in approving for p in decided):
        raise ActionError(
            _(
                "The committee did not approve the recommendation on item %(number)s: the "
                "project cannot go to “%(phase)s” on that decision."
            )
            % {"number": item.number, "phase": gate.to.label}
        )
    return item


def _lock_targets(project: Project, by) -> None:
    """Keep each benefit's targets as its first version and lock them (approval)."""
    now = timezone.now()
    for benefit in Benefit.objects.select_for_update().filter(
        project=project, targets_locked_at__isnull=True
    ):
        _first_version(benefit, by, now)


def _first_version(benefit: Benefit, by, now) -> None:
    if None in (benefit.target_low, benefit.target_likely, benefit.target_high):
        raise ActionError(
            _("The benefit “%(benefit)s” needs low, likely and high targets before they lock.")
            % {"benefit": benefit.title}
        )
    number = (benefit.versions.aggregate(Max("number"))["number__max"] or 0) + 1
    BenefitTargets.objects.create(
        benefit=benefit,
        number=number,
        target_low=benefit.target_low,
        target_likely=benefit.target_likely,
        target_high=benefit.target_high,
        reason="" if number == 1 else _("Locked again."),
        by=by,
        created_at=now,
    )
    benefit.targets_locked_at = now
    benefit.save(update_fields=["targets_locked_at"])


def unmet(project: Project, to_phase) -> list[stages.Requirement]:
    """What the project still lacks for the gate into ``to_phase`` (for the gate form)."""
    gate = stages.gate(project.phase, to_phase)
    return gate.unmet(project) if gate else []


def _check_expected(project: Project, expected_phase: str | None) -> None:
    """``StatusMoved`` if the (locked) project is no longer in the stage the asking page showed
    (``expected_phase``; ``None``: not checked)."""
    if expected_phase and project.phase != expected_phase:
        raise StatusMoved(
            _(
                "Someone moved the project while you had the page open: it is now in the "
                "stage “%(phase)s”. Nothing was changed; look at it again."
            )
            % {"phase": project.get_phase_display()}
        )


@transaction.atomic
def pass_gate(
    *,
    project: Project,
    to_phase,
    by,
    text: str = "",
    decided_on: datetime.date | None = None,
    item: AgendaItem | None = None,
    revisit_on: datetime.date | None = None,
    expected_phase: str | None = None,
) -> GateDecision:
    """Move the project through the gate into ``to_phase``: the model's requirements met, a
    political gate anchored in the recorded decision on ``item`` (its text and date are the
    gate's when none are given), a parked project with its date to look at it again. Passing
    into approved locks the benefits' targets. ``expected_phase``: the stage the asking page
    showed (``StatusMoved`` if the project has moved since)."""
    _check_manager(by)
    project = _lock(project)
    _check_expected(project, expected_phase)
    if to_phase not in Phase.values:
        raise ActionError(_("Unknown stage: %(phase)s") % {"phase": to_phase})
    gate = stages.gate(project.phase, to_phase)
    if gate is None:
        raise ActionError(
            _("A project in the stage “%(from)s” cannot go to “%(to)s”.")
            % {"from": project.get_phase_display(), "to": _phase_label(to_phase)}
        )
    if to_phase == Phase.PARKED:
        if revisit_on is None:
            raise ActionError(_("A parked project needs a date to look at it again."))
        if revisit_on <= _today():
            raise ActionError(_("The date to look at the project again must be in the future."))
        project.revisit_on = revisit_on
    missing = gate.unmet(project)
    if missing:
        raise ActionError(
            _("Before the project can go to “%(phase)s”: %(missing)s")
            % {"phase": gate.to.label, "missing": " ".join(str(r.text) for r in missing)}
        )
    text = (text or "").strip()
    if gate.political:
        item = _check_anchor(project, item, gate)
        text = text or _decision_text(item)
        decided_on = decided_on or item.decided_on or timezone.localdate(item.meeting.starts_at)
    elif item is not None:
        raise ActionError(
            _("The innovation chief decides this gate: it is not anchored in an agenda item.")
        )
    decided_on = decided_on or _today()
    _check_not_future(decided_on, _("The date of the decision"))
    if not text:
        raise ActionError(_("Write the decision and its reasons."))
    decision = GateDecision(
        project=project,
        from_phase=project.phase,
        to_phase=to_phase,
        decided_on=decided_on,
        text=text,
        item=item,
        by=by,
    )
    _clean(decision, exclude=["project", "item", "by"])
    decision.save()
    project.phase = to_phase
    project.phase_since = decided_on
    if to_phase != Phase.PARKED:
        project.revisit_on = None
    project.save(update_fields=["phase", "phase_since", "revisit_on", "updated_at"])
    if to_phase == Phase.APPROVED:
        _lock_targets(project, by)
    return decision


def political_gates(project: Project) -> list[stages.Gate]:
    """The gates from the project's stage that the committee decides."""
    return [gate for gate in stages.gates_from(project.phase) if gate.political]


def _default_gate(project: Project):
    """The gate the project's proposal asks the committee for when none is named: approval
    from proposal, closing from benefit realisation. Stopping is never assumed."""
    gates = political_gates(project)
    if not gates or gates[0].to == Phase.STOPPED:
        raise ActionError(
            _(
                "Say which gate the committee decides: from the stage “%(phase)s” the project "
                "can only be stopped."
            )
            % {"phase": project.get_phase_display()}
        )
    return gates[0].to


def decided_items(project: Project):
    """The items on the project's case with a recorded decision at a held meeting that anchor
    no gate yet: each can move the project through a political gate in one step."""
    if project.case_id is None:
        return AgendaItem.objects.none()
    return (
        AgendaItem.objects.filter(case_id=project.case_id, meeting__state__in=["held", "approved"])
        .filter(Q(decision__gt="") | Q(points__outcome__gt=""))
        .exclude(gate_decisions__project=project)
        .distinct()
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-number")
    )


@transaction.atomic
def pass_gate_from_decision(
    *, project: Project, item: AgendaItem, by, to_phase=None, expected_phase: str | None = None
) -> GateDecision:
    """Pass the political gate that ``item``'s recorded decision settles, in one step: the
    gate's text and date are the decision's. ``to_phase`` defaults to the gate the project's
    proposal asks for (approval from proposal, closing from benefit realisation).
    ``expected_phase``: as for ``pass_gate``."""
    _check_manager(by)
    project = _lock(project)
    _check_expected(project, expected_phase)
    if to_phase is None:
        to_phase = _default_gate(project)
    if to_phase not in [gate.to for gate in political_gates(project)]:
        raise ActionError(
            _("From the stage “%(phase)s” the committee does not decide a gate into “%(to)s”.")
            % {"phase": project.get_phase_display(), "to": _phase_label(to_phase)}
        )
    return pass_gate(project=project, to_phase=to_phase, by=by, item=item)


def _phase_label(value) -> str:
    return Phase(value).label if value in Phase.values else str(value)


# --- From the project to the agenda ---------------------------------------------------------------


def _benefit_line(benefit: Benefit) -> str:
    unit = f" {benefit.unit}" if benefit.unit else ""
    return _(
        "%(benefit)s (%(indicator)s): baseline %(baseline)s%(unit)s, targets low %(low)s, "
        "likely %(likely)s, high %(high)s%(unit)s; benefit owner: %(owner)s."
    ) % {
        "benefit": benefit.title,
        "indicator": benefit.indicator or "–",
        "baseline": amount(benefit.baseline_value),
        "low": amount(benefit.target_low),
        "likely": amount(benefit.target_likely),
        "high": amount(benefit.target_high),
        "unit": unit,
        "owner": benefit.owner or "–",
    }


def _background(project: Project, to_phase) -> str:
    parts = []
    if project.problem:
        parts.append(_("The problem") + "\n" + project.problem)
    if project.hypotheses:
        parts.append(_("Hypotheses") + "\n" + project.hypotheses)
    if project.owner:
        parts.append(_("Project owner: %(owner)s.") % {"owner": project.owner})
    partnerships = list(project.partnerships.select_related("partner"))
    if partnerships:
        parts.append(
            _("Partners") + "\n" + "\n".join(f"- {p.partner.name}: {p.role}" for p in partnerships)
        )
    # Funding applied for is under negotiation and stays with the secretariat (querysets.py):
    # an agenda item may be published, so it names granted funding only.
    granted = list(project.funding.filter(status=Funding.Status.GRANTED))
    if granted:
        total = sum((f.amount for f in granted), Decimal(0))
        parts.append(
            _("Granted funding: %(total)s") % {"total": kroner(total)}
            + "\n"
            + "\n".join(f"- {f.name}: {kroner(f.amount)}" for f in granted)
        )
    benefits = list(project.benefits.prefetch_related("measurements"))
    if benefits:
        lines = [f"- {_benefit_line(benefit)}" for benefit in benefits]
        if to_phase == Phase.CLOSED:
            for benefit in benefits:
                for m in benefit.measurements.all():
                    if m.value is not None:
                        lines.append(
                            "  "
                            + _("%(benefit)s measured %(date)s: %(value)s")
                            % {
                                "benefit": benefit.title,
                                "date": m.measured_on.strftime("%d.%m.%Y"),
                                "value": amount(m.value),
                            }
                        )
        parts.append(_("Benefits") + "\n" + "\n".join(lines))
    return "\n\n".join(parts)


def _previous_decisions(project: Project) -> str:
    return "\n".join(
        _("%(date)s: %(from)s → %(to)s. %(text)s")
        % {
            "date": gate.decided_on.strftime("%d.%m.%Y"),
            "from": gate.get_from_phase_display(),
            "to": gate.get_to_phase_display(),
            "text": gate.text,
        }
        for gate in project.gates.all()
    )


def _points(project: Project, to_phase) -> list[str]:
    if to_phase == Phase.APPROVED:
        points = [
            _("That the committee approves the innovation project “%(project)s”.")
            % {"project": project.title}
        ]
        if project.benefits.exists():
            points.append(
                _(
                    "That the benefits' targets (low, likely and high) are approved as described; "
                    "they are locked on approval."
                )
            )
        if project.owner:
            points.append(
                _("That %(owner)s owns the project and its benefits.") % {"owner": project.owner}
            )
        return points
    if to_phase == Phase.CLOSED:
        return [
            _("That the committee closes the innovation project “%(project)s”.")
            % {"project": project.title},
            _("That the committee takes note of the follow-up on the benefits."),
        ]
    return [
        _("That the committee stops the innovation project “%(project)s”.")
        % {"project": project.title}
    ]


def _item_title(project: Project, to_phase) -> str:
    titles = {
        Phase.APPROVED: _("%(project)s: approval of the innovation project"),
        Phase.CLOSED: _("%(project)s: closing the innovation project"),
        Phase.STOPPED: _("%(project)s: stopping the innovation project"),
    }
    return (titles[to_phase] % {"project": project.title})[:300]


def coming_meetings(project: Project):
    """The meetings the project's proposal can go to: coming meetings of its committee (lead
    or co-host) whose agenda is a draft or published."""
    return (
        Meeting.objects.filter(state__in=[Meeting.State.DRAFT, Meeting.State.PUBLISHED])
        .filter(Q(committee_id=project.committee_id) | Q(co_hosts=project.committee_id))
        .upcoming()
        .distinct()
        .select_related("committee")
    )


@transaction.atomic
def propose_to_meeting(*, project: Project, meeting: Meeting, by, to_phase=None) -> AgendaItem:
    """Turn the project's proposal into an agenda item of a coming meeting of its committee,
    on the project's case: the canonical sections (summary, background, recommendation,
    previous decisions) and numbered recommendation points filled from the project, in the
    agenda's language. ``to_phase``: the political gate the committee is asked to decide
    (default: the first from the project's stage)."""
    _check_manager(by)
    project = _lock(project)
    _check_not_ended(project)
    if to_phase is None:
        to_phase = _default_gate(project)
    if to_phase not in [gate.to for gate in political_gates(project)]:
        raise ActionError(
            _("A project in the stage “%(phase)s” cannot be proposed to go to “%(to)s”.")
            % {"phase": project.get_phase_display(), "to": _phase_label(to_phase)}
        )
    if not coming_meetings(project).filter(pk=meeting.pk).exists():
        raise ActionError(
            _("Choose a coming meeting of %(committee)s whose agenda is a draft or published.")
            % {"committee": project.committee}
        )
    if meetings_rules.is_read_only(meeting):
        raise ActionError(_("The minutes are approved: the meeting can no longer change."))
    if project.case is None:
        project.case = _case(f"INNO-{project.pk:04d}", project)
        project.save(update_fields=["case"])
    waiting = (
        AgendaItem.objects.filter(case=project.case, meeting__state__in=["draft", "published"])
        .select_related("meeting")
        .first()
    )
    if waiting is not None:
        raise ActionError(
            _("The project is already on the agenda of %(meeting)s (item %(number)s).")
            % {"meeting": waiting.meeting, "number": waiting.number}
        )
    with translation.override(settings.LANGUAGE_CODE):
        keys = ItemSection.Key
        sections = [
            {"key": keys.SUMMARY, "heading": "Resumé", "text": project.summary},
            {
                "key": keys.BACKGROUND,
                "heading": "Sagsfremstilling",
                "text": _background(project, to_phase),
            },
            {"key": keys.RECOMMENDATION, "heading": "Indstilling", "text": ""},
            {
                "key": keys.PREVIOUS_DECISIONS,
                "heading": "Tidligere beslutninger",
                "text": _previous_decisions(project),
            },
        ]
        points = [{"text": text} for text in _points(project, to_phase)]
        title = _item_title(project, to_phase)
    try:
        return meetings_actions.save_item(
            meeting=meeting,
            fields={
                "title": title,
                "is_closed": False,
                "recommendation_by": RECOMMENDED_BY,
                "recommendation_to": project.committee.name[:200],
            },
            case_reference=project.case.reference,
            sections=sections,
            points=points,
        )
    except meetings_actions.ActionError as error:
        raise ActionError(str(error)) from error


# --- Funding --------------------------------------------------------------------------------------


def _check_funding(funding: Funding) -> None:
    decided = (Funding.Status.GRANTED, Funding.Status.REJECTED)
    if funding.status in decided and funding.decided_on is None:
        raise ActionError(_("Give the date the application was granted or rejected."))
    if funding.status == Funding.Status.APPLIED and funding.decided_on is not None:
        raise ActionError(_("An application still under negotiation has no decision date."))
    if funding.applied_on and funding.decided_on and funding.decided_on < funding.applied_on:
        raise ActionError(_("The decision cannot come before the application."))
    _check_not_future(funding.applied_on, _("The date of the application"))
    _check_not_future(funding.decided_on, _("The date of the decision"))
    _clean(funding, exclude=["project"])


@transaction.atomic
def add_funding(*, project: Project, by, **fields) -> Funding:
    """A source of money for the project: applied for, granted or rejected."""
    _check_manager(by)
    project = _lock(project)
    _check_not_ended(project)
    funding = Funding(project=project)
    _set(funding, fields, FUNDING_FIELDS)
    _check_funding(funding)
    funding.save()
    return funding


@transaction.atomic
def update_funding(*, funding: Funding, by, **fields) -> Funding:
    _check_manager(by)
    _check_not_ended(_lock(funding.project))
    funding = Funding.objects.select_for_update().get(pk=funding.pk)
    _set(funding, fields, FUNDING_FIELDS)
    _check_funding(funding)
    funding.save()
    return funding


def _set(instance, fields: dict, allowed) -> None:
    for name, value in fields.items():
        if name not in allowed:
            raise ActionError(_("Unknown field: %(name)s") % {"name": name})
        setattr(instance, name, value.strip() if isinstance(value, str) else value)


# --- Partners -----------------------------------------------------------------------------------


@transaction.atomic
def add_partnership(
    *, project: Project, by, role: str, partner: Partner | None = None, **partner_fields
) -> Partnership:
    """An external partner's role in the project: an organisation of the network register
    (``partner``), or a new one from ``partner_fields`` (name, kind, contact)."""
    _check_manager(by)
    project = _lock(project)
    _check_not_ended(project)
    role = (role or "").strip()
    if not role:
        raise ActionError(_("Write the partner's role in the project."))
    if partner is None:
        name = (partner_fields.get("name") or "").strip()
        if not name:
            raise ActionError(_("Choose a partner from the register or name a new one."))
        existing = Partner.objects.filter(name__iexact=name).first()
        if existing is not None:
            raise ActionError(
                _("“%(name)s” is already in the network register: choose it from the list.")
                % {"name": existing.name}
            )
        partner = Partner()
        _set(partner, partner_fields, PARTNER_FIELDS)
        _clean(partner)
        _save_partner(partner)
    elif partner_fields:
        raise ActionError(_("Choose a partner from the register or name a new one, not both."))
    if Partnership.objects.filter(project=project, partner=partner).exists():
        raise ActionError(
            _("%(partner)s is already a partner of the project.") % {"partner": partner.name}
        )
    partnership = Partnership(project=project, partner=partner, role=role)
    _clean(partnership, exclude=["project", "partner"])
    partnership.save()
    return partnership


@transaction.atomic
def update_partnership(*, partnership: Partnership, by, role: str, **partner_fields) -> Partnership:
    """The partner's role in the project, and the partner's own details (kind, contact)."""
    _check_manager(by)
    _check_not_ended(_lock(partnership.project))
    partnership = (
        Partnership.objects.select_for_update().select_related("partner").get(pk=partnership.pk)
    )
    role = (role or "").strip()
    if not role:
        raise ActionError(_("Write the partner's role in the project."))
    partnership.role = role
    _clean(partnership, exclude=["project", "partner"])
    partnership.save(update_fields=["role"])
    if partner_fields:
        partner = partnership.partner
        _set(partner, partner_fields, PARTNER_FIELDS)
        if Partner.objects.filter(name__iexact=partner.name).exclude(pk=partner.pk).exists():
            raise ActionError(
                _("“%(name)s” is already in the network register.") % {"name": partner.name}
            )
        _clean(partner)
        _save_partner(partner)
    return partnership


def _save_partner(partner: Partner) -> None:
    """Save, where the name is unique in the register: a partner of that name saved by another
    request since the check above is a message, not an error."""
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError as error:
        raise ActionError(
            _("“%(name)s” is already in the network register: choose it from the list.")
            % {"name": partner.name}
        ) from error


@transaction.atomic
def remove_partnership(*, partnership: Partnership, by) -> None:
    """The partner leaves the project; it stays in the network register."""
    _check_manager(by)
    _check_not_ended(_lock(partnership.project))
    partnership.delete()


# --- Benefits -------------------------------------------------------------------------------------


def _check_targets(low, likely, high) -> None:
    given = [value for value in (low, likely, high) if value is not None]
    if given and len(given) != 3:
        raise ActionError(_("Give all three targets (low, likely and high), or none yet."))
    if given and not min(low, high) <= likely <= max(low, high):
        raise ActionError(_("The likely target lies between the low and the high target."))


def _check_benefit(benefit: Benefit) -> None:
    if not (benefit.title or "").strip():
        raise ActionError(_("Name the benefit."))
    _check_targets(benefit.target_low, benefit.target_likely, benefit.target_high)
    if benefit.baseline_value is not None and benefit.baseline_on is None:
        raise ActionError(_("Give the date the baseline was measured."))
    _check_not_future(benefit.baseline_on, _("The date of the baseline"))
    _clean(benefit, exclude=["project"])


@transaction.atomic
def add_benefit(*, project: Project, by, **fields) -> Benefit:
    """A benefit the project is to realise (the Danish state's model). A benefit added after
    approval has its targets locked at once."""
    _check_manager(by)
    project = _lock(project)
    _check_not_ended(project)
    benefit = Benefit(project=project)
    _set(benefit, fields, BENEFIT_FIELDS)
    _check_benefit(benefit)
    benefit.save()
    if project.phase in (Phase.APPROVED, Phase.RUNNING, Phase.REALISATION):
        _first_version(benefit, by, timezone.now())
    return benefit


@transaction.atomic
def update_benefit(*, benefit: Benefit, by, **fields) -> Benefit:
    """Change a benefit; once its targets are locked they change only through
    ``change_targets`` (a new version with a reason)."""
    _check_manager(by)
    _check_not_ended(_lock(benefit.project))
    benefit = Benefit.objects.select_for_update().get(pk=benefit.pk)
    if benefit.targets_locked_at is not None:
        changed = [
            name for name in TARGETS if name in fields and fields[name] != getattr(benefit, name)
        ]
        if changed:
            raise ActionError(
                _(
                    "The targets are locked since the project was approved: change them as a new "
                    "version with a reason."
                )
            )
    _set(benefit, fields, BENEFIT_FIELDS)
    _check_benefit(benefit)
    benefit.save()
    return benefit


@transaction.atomic
def change_targets(
    *, benefit: Benefit, by, target_low, target_likely, target_high, reason: str
) -> BenefitTargets:
    """A new version of a locked benefit's targets, with the reason; earlier versions stay."""
    _check_manager(by)
    _check_not_ended(_lock(benefit.project))
    benefit = Benefit.objects.select_for_update().get(pk=benefit.pk)
    if benefit.targets_locked_at is None:
        raise ActionError(_("The targets are not locked yet: change them on the benefit itself."))
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("Give the reason for changing locked targets."))
    if None in (target_low, target_likely, target_high):
        raise ActionError(_("Give all three targets (low, likely and high)."))
    _check_targets(target_low, target_likely, target_high)
    new = (target_low, target_likely, target_high)
    if new == (benefit.target_low, benefit.target_likely, benefit.target_high):
        raise ActionError(_("The targets are unchanged."))
    number = (benefit.versions.aggregate(Max("number"))["number__max"] or 0) + 1
    version = BenefitTargets(
        benefit=benefit,
        number=number,
        target_low=target_low,
        target_likely=target_likely,
        target_high=target_high,
        reason=reason,
        by=by,
    )
    _clean(version, exclude=["benefit", "by"])
    version.save()
    benefit.target_low, benefit.target_likely, benefit.target_high = new
    benefit.save(update_fields=list(TARGETS))
    return version


@transaction.atomic
def record_measurement(
    *,
    benefit: Benefit,
    by,
    planned_on: datetime.date,
    measured_on: datetime.date | None = None,
    value=None,
    note: str = "",
    measurement: Measurement | None = None,
) -> Measurement:
    """Plan a measurement of the benefit, or record its result (``value`` and the day it was
    measured); ``measurement``: the planned one to record or change."""
    _check_manager(by)
    _check_not_ended(_lock(benefit.project))
    if planned_on is None:
        raise ActionError(_("Give the date the measurement is planned for."))
    if value is not None and measured_on is None:
        measured_on = _today()
    if measured_on is not None and value is None:
        raise ActionError(_("Give the result of the measurement, or leave the date empty."))
    _check_not_future(measured_on, _("The date of the measurement"))
    if measurement is None:
        measurement = Measurement(benefit=benefit)
    else:
        measurement = Measurement.objects.select_for_update().get(pk=measurement.pk)
        if measurement.benefit_id != benefit.pk:
            raise ActionError(_("The measurement belongs to another benefit."))
    measurement.planned_on = planned_on
    measurement.measured_on = measured_on
    measurement.value = value
    measurement.note = (note or "").strip()
    _clean(measurement, exclude=["benefit"])
    measurement.save()
    return measurement


# --- The learning log and internal notes ----------------------------------------------------------


@transaction.atomic
def add_learning(
    *, project: Project, by, hypothesis: str, learned: str, decision: str, on=None
) -> LearningEntry:
    """What exploring taught: the hypothesis tested, what was learned and what to do next
    (continue, pivot, park, stop — parking or stopping is then a gate decision)."""
    _check_manager(by)
    project = _lock(project)
    _check_not_ended(project)
    on = on or _today()
    _check_not_future(on, _("The date of the entry"))
    entry = LearningEntry(
        project=project,
        on=on,
        hypothesis=(hypothesis or "").strip(),
        learned=(learned or "").strip(),
        decision=decision,
        by=by,
    )
    if not entry.hypothesis or not entry.learned:
        raise ActionError(_("Write the hypothesis and what was learned."))
    _clean(entry, exclude=["project", "by"])
    entry.save()
    return entry


@transaction.atomic
def add_note(*, project: Project, by, text: str) -> ProjectNote:
    """An internal note on the project, for the secretariat only."""
    _check_manager(by)
    project = _lock(project)
    text = (text or "").strip()
    if not text:
        raise ActionError(_("Write the note."))
    note = ProjectNote(project=project, author=by, text=text)
    _clean(note, exclude=["project", "author"])
    note.save()
    return note
