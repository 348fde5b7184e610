"""Writes that touch several rows: the meeting's life cycle and recording decisions.

Each function checks its rule first and raises ``ActionError`` with a message for the user.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.agenda_parser import ParsedItem
from meetings.models import (
    AgendaItem,
    Attachment,
    ItemSection,
    Meeting,
    RecommendationPoint,
)


class ActionError(Exception):
    """A rule forbids the action; the message is meant for the user."""


DECISIONS_ONLY_WHEN_HELD = gettext_lazy(
    "Decisions can only be recorded for a held meeting before approval."
)


def _lock(meeting):
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _advance(meeting, *, from_state, to_state, stamp, refusal):
    """Move a locked meeting one step through its life cycle, stamping when."""
    meeting = _lock(meeting)
    if meeting.state != from_state:
        raise ActionError(refusal)
    meeting.state = to_state
    setattr(meeting, stamp, timezone.now())
    meeting.save(update_fields=["state", stamp])
    return meeting


@transaction.atomic
def publish_agenda(*, meeting: Meeting) -> Meeting:
    if not meeting.items.exists():
        raise ActionError(_("An agenda without items cannot be published."))
    return _advance(
        meeting,
        from_state=Meeting.State.DRAFT,
        to_state=Meeting.State.PUBLISHED,
        stamp="published_at",
        refusal=_("Only a draft agenda can be published."),
    )


@transaction.atomic
def mark_held(*, meeting: Meeting) -> Meeting:
    return _advance(
        meeting,
        from_state=Meeting.State.PUBLISHED,
        to_state=Meeting.State.HELD,
        stamp="held_at",
        refusal=_("Only a meeting with a published agenda can be marked as held."),
    )


@transaction.atomic
def record_decision(
    *,
    item: AgendaItem,
    decision: str,
    outcomes: dict[int, tuple[str, str]] | None = None,
    decision_is_open: bool | None = None,
) -> AgendaItem:
    """Record the decision on an item and on each recommendation point.

    ``outcomes`` maps a point's pk to ``(outcome, text)``.
    """
    meeting = _lock(item.meeting)
    if not meeting.accepts_decisions:
        raise ActionError(DECISIONS_ONLY_WHEN_HELD)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    outcomes = outcomes or {}
    points = {point.pk: point for point in item.points.all()}
    unknown = set(outcomes) - set(points)
    if unknown:
        raise ActionError(_("A recommendation point does not belong to this item."))
    for pk, (outcome, text) in outcomes.items():
        point = points[pk]
        if outcome and outcome not in RecommendationPoint.Outcome.values:
            raise ActionError(_("Unknown decision: %(outcome)s") % {"outcome": outcome})
        if outcome == RecommendationPoint.Outcome.AMENDED and not text.strip():
            raise ActionError(_("Write how the point was amended."))
        point.outcome, point.decision_text = outcome, text.strip()
    RecommendationPoint.objects.bulk_update(points.values(), ["outcome", "decision_text"])
    item.decision = decision.strip()
    item.decided_on = timezone.localdate(meeting.starts_at)
    fields = ["decision", "decided_on"]
    if decision_is_open is not None:
        item.decision_is_open = decision_is_open
        fields.append("decision_is_open")
    item.save(update_fields=fields)
    return item


@transaction.atomic
def approve_minutes(*, meeting: Meeting) -> Meeting:
    return _advance(
        meeting,
        from_state=Meeting.State.HELD,
        to_state=Meeting.State.APPROVED,
        stamp="approved_at",
        refusal=_("Only the minutes of a held meeting can be approved."),
    )


@transaction.atomic
def create_item_from_parsed(
    *,
    meeting: Meeting,
    parsed: ParsedItem,
    title: str | None = None,
    number: int | None = None,
) -> AgendaItem:
    """Create an agenda item, its sections, points and attachment entries from a parsed text."""
    if meeting.is_locked:
        raise ActionError(_("The minutes are approved: the meeting can no longer change."))
    if parsed.decision and not meeting.has_minutes:
        raise ActionError(
            _("The text contains a decision, but the meeting is not held: mark it held first.")
        )
    item_title = (title or parsed.title or "").strip()
    if not item_title:
        raise ActionError(_("The item has no title: give one with --title."))
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=number or meeting.next_item_number(),
        title=item_title[:300],
        is_closed=parsed.closed,
        recommendation_by=(parsed.recommendation.by or "")[:200],
        recommendation_to=(parsed.recommendation.to or "")[:200],
    )
    keys = {key.value for key in ItemSection.Key}
    sections = []
    for order, section in enumerate(parsed.sections):
        if section.key in ("decision", "attachments"):
            continue
        sections.append(
            ItemSection(
                item=item,
                order=order,
                key=section.key if section.key in keys else ItemSection.Key.OTHER,
                heading=section.heading[:200],
                text=section.text,
            )
        )
    ItemSection.objects.bulk_create(sections)
    RecommendationPoint.objects.bulk_create(
        RecommendationPoint(item=item, order=order, text=text)
        for order, text in enumerate(parsed.recommendation.points, start=1)
    )
    Attachment.objects.bulk_create(
        Attachment(item=item, order=order, title=name[:300])
        for order, name in enumerate(parsed.attachments, start=1)
    )
    if parsed.decision:
        item.decision = parsed.decision
        item.decided_on = parsed.decision_date
        item.save(update_fields=["decision", "decided_on"])
    return item
