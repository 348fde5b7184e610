"""Writes that touch several rows: the meeting's life cycle and recording decisions.

Each function checks its rule first and raises ``ActionError`` with a message for the user.
"""

from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import rules, tasks, versions
from meetings.agenda_parser import ParsedItem
from meetings.models import (
    AgendaItem,
    AgendaVersion,
    Attachment,
    Attendance,
    Case,
    Committee,
    ConflictOfInterest,
    ItemSection,
    Meeting,
    ProgrammeItem,
    RecommendationPoint,
    Speaker,
    WorkshopGroup,
)


class ActionError(Exception):
    """A rule forbids the action; the message is meant for the user."""


class StateMoved(ActionError):
    """The meeting is no longer in the state the page that asked showed (someone else moved
    it meanwhile): nothing was changed."""


DECISIONS_ONLY_WHEN_HELD = rules.DECISIONS_ONLY_WHEN_HELD


def _lock(meeting, expected_state=None):
    """The meeting, locked; ``StateMoved`` if it is no longer in ``expected_state`` (the state
    the asking page showed; ``None``: not checked)."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if expected_state and locked.state != expected_state:
        raise StateMoved(
            _(
                "Someone changed the meeting while you had the page open: it is now "
                "“%(state)s”. Nothing was changed; look at it again."
            )
            % {"state": locked.get_state_display()}
        )
    return locked


def _advance(meeting, *, from_state, to_state, stamp, refusal):
    """Move a locked meeting one step through its life cycle, stamping when."""
    meeting = _lock(meeting)
    if meeting.state != from_state:
        raise ActionError(refusal)
    meeting.state = to_state
    setattr(meeting, stamp, timezone.now())
    meeting.save(update_fields=["state", stamp])
    return meeting


MEETING_FIELDS = ("kind", "title", "starts_at", "ends_at", "place", "purposes")


@transaction.atomic
def create_meeting(*, committee, co_hosts=(), **fields) -> Meeting:
    """A draft meeting with the next number in ``committee``'s series."""
    if committee.is_historic:
        raise ActionError(_("The committee's period has ended: it holds no more meetings."))
    # The committee's row, locked: two meetings made at the same moment take their numbers one
    # after the other. Locking its latest meeting is not enough: the second waits on the row it
    # found before the first's new meeting existed (or finds none to wait on), and takes the
    # same number.
    Committee.objects.select_for_update(no_key=True).get(pk=committee.pk)
    last = (
        Meeting.objects.filter(committee=committee)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    meeting = Meeting.objects.create(
        committee=committee,
        number=(last or 0) + 1,
        **{name: value for name, value in fields.items() if name in MEETING_FIELDS},
    )
    meeting.co_hosts.set(co_hosts)
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, co_hosts=None, **fields) -> Meeting:
    """Change what the meeting is (not its state); a read-only meeting changes no more."""
    meeting = _lock(meeting)
    if rules.is_read_only(meeting):
        raise ActionError(_("The minutes are approved: the meeting can no longer change."))
    for name, value in fields.items():
        if name in MEETING_FIELDS:
            setattr(meeting, name, value)
    meeting.full_clean(exclude=["committee", "number"])
    meeting.save()
    if co_hosts is not None:
        meeting.co_hosts.set(co_hosts)
    return meeting


@transaction.atomic
def publish_agenda(
    *,
    meeting: Meeting,
    by=None,
    site_url: str = "",
    notify: bool = True,
    published_at=None,
    expected_state: str | None = None,
) -> Meeting:
    """Publish a draft agenda (``rules.publishing_refusal``): the meeting is published and the
    agenda kept as version 1; once committed, the members of its committees get a mail with
    the link (``site_url``: the site's address, ``SAMSKAB_SITE_URL`` without it).
    ``published_at``: when (now; the demo builds its history with earlier times); ``notify``
    False sends no mail. ``expected_state``: as for ``mark_held``."""
    at = published_at or timezone.now()
    meeting = _lock(meeting, expected_state)
    refusal = rules.publishing_refusal(meeting, at=at)
    if refusal:
        raise ActionError(refusal)
    meeting.state = Meeting.State.PUBLISHED
    meeting.published_at = at
    meeting.save(update_fields=["state", "published_at"])
    _keep_version(
        meeting, by=by, at=at, agenda=versions.snapshot(meeting), notify=notify, site_url=site_url
    )
    return meeting


@transaction.atomic
def republish_agenda(
    *,
    meeting: Meeting,
    by=None,
    site_url: str = "",
    notify: bool = True,
    expected_state: str | None = None,
    expected_version: int | None = None,
) -> AgendaVersion:
    """Publish a published agenda again after changes: the agenda is kept as the next version
    (the earlier ones stay as they were) and the members get a mail with the changes.
    ``expected_state`` and ``expected_version`` (the number of the latest version, 0 for
    none): what the asking page showed (``StateMoved`` if the meeting moved or someone
    published meanwhile)."""
    meeting = _lock(meeting, expected_state)
    if expected_version is not None:
        latest = meeting.versions.order_by("-number").values_list("number", flat=True).first()
        if (latest or 0) != expected_version:
            raise StateMoved(
                _(
                    "Someone sent out the agenda while you had the page open: version "
                    "%(number)s is now the latest. Nothing was changed; look at it again."
                )
                % {"number": latest}
            )
    refusal = rules.publishing_refusal(meeting, republish=True)
    if refusal:
        raise ActionError(refusal)
    agenda = versions.snapshot(meeting)
    latest = meeting.versions.order_by("-number").first()
    if latest is not None and not versions.changes(latest.snapshot, agenda):
        raise ActionError(
            _("Nothing has changed since version %(number)s was published.")
            % {"number": latest.number}
        )
    return _keep_version(
        meeting, by=by, at=timezone.now(), agenda=agenda, notify=notify, site_url=site_url
    )


def _keep_version(meeting, *, by, at, agenda, notify, site_url) -> AgendaVersion:
    """The agenda ``agenda`` (``versions.snapshot``) as the meeting's next version; the
    notices are sent once the transaction commits."""
    site_url = site_url or settings.SITE_URL
    previous = meeting.versions.order_by("-number").first()
    number = previous.number + 1 if previous else 1
    version = AgendaVersion.objects.create(
        meeting=meeting,
        number=number,
        published_at=at,
        published_by=by if getattr(by, "pk", None) else None,
        snapshot=agenda,
        index=versions.index_of(agenda, number=number, previous=previous and previous.index),
    )
    if notify:
        transaction.on_commit(
            partial(tasks.send_agenda_notices.enqueue, version.pk, site_url), robust=True
        )
    return version


@transaction.atomic
def mark_held(*, meeting: Meeting, expected_state: str | None = None) -> Meeting:
    """Only once the agenda is published and the meeting has started (``rules``).
    ``expected_state``: the state the asking page showed (``StateMoved`` if it has moved)."""
    refusal = rules.mark_held_refusal(_lock(meeting, expected_state))
    if refusal:
        raise ActionError(refusal)
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
    refusal = rules.decision_refusal(meeting)
    if refusal:
        raise ActionError(refusal)
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
def approve_minutes(*, meeting: Meeting, expected_state: str | None = None) -> Meeting:
    """Only with the attendance recorded and every item decided (``rules``); then the meeting
    is read-only. ``expected_state``: as for ``mark_held``."""
    refusal = rules.approval_refusal(_lock(meeting, expected_state))
    if refusal:
        raise ActionError(refusal)
    return _advance(
        meeting,
        from_state=Meeting.State.HELD,
        to_state=Meeting.State.APPROVED,
        stamp="approved_at",
        refusal=_("Only the minutes of a held meeting can be approved."),
    )


@transaction.atomic
def record_attendance(*, meeting: Meeting, entries: dict[int, tuple[str, str]]) -> list[Attendance]:
    """Record the attendance of members on ``meeting``'s attendance list
    (``rules.attendance_list``). ``entries`` maps a membership's pk to ``(status, substitute's
    name)``; a status ``""`` removes the member's record. Members left out keep theirs. All or
    nothing."""
    meeting = _lock(meeting)
    refusal = rules.attendance_refusal(meeting)
    if refusal:
        raise ActionError(refusal)
    listed = {member.pk: member for member in rules.attendance_members(meeting)}
    if set(entries) - set(listed):
        raise ActionError(_("A member is not on this meeting's attendance list."))
    existing = {a.membership_id: a for a in Attendance.objects.filter(meeting=meeting)}
    new, changed, removed = [], [], []
    for pk, (status, substitute) in entries.items():
        name, substitute = listed[pk].person_name, (substitute or "").strip()
        if status and status not in Attendance.Status.values:
            raise ActionError(_("Unknown attendance: %(status)s") % {"status": status})
        if status == Attendance.Status.SUBSTITUTE and not substitute:
            raise ActionError(_("Write the name of %(name)s's substitute.") % {"name": name})
        if status != Attendance.Status.SUBSTITUTE and substitute:
            raise ActionError(
                _("%(name)s has a substitute only when the status says a substitute attends.")
                % {"name": name}
            )
        if len(substitute) > 200:
            raise ActionError(_("The substitute's name is too long."))
        record = existing.get(pk)
        if not status:
            if record is not None:
                removed.append(record.pk)
        elif record is None:
            new.append(
                Attendance(meeting=meeting, membership_id=pk, status=status, substitute=substitute)
            )
        elif (record.status, record.substitute) != (status, substitute):
            record.status, record.substitute = status, substitute
            changed.append(record)
    Attendance.objects.filter(pk__in=removed).delete()
    Attendance.objects.bulk_update(changed, ["status", "substitute"])
    Attendance.objects.bulk_create(new)
    return list(Attendance.objects.filter(meeting=meeting))


@transaction.atomic
def record_conflicts(*, item: AgendaItem, conflicts: dict[int, str]) -> None:
    """The item's conflicts of interest (inhabilitet) become exactly ``conflicts``: a
    membership's pk (a member on the meeting's attendance list) -> a note. Recorded with the
    decisions (``rules.decision_refusal``)."""
    meeting = _lock(item.meeting)
    refusal = rules.decision_refusal(meeting)
    if refusal:
        raise ActionError(refusal)
    listed = {member.pk for member in rules.attendance_members(meeting)}
    existing = set(item.conflicts.values_list("membership_id", flat=True))
    # A member recorded earlier who has since left the list may stay; nobody new may come in.
    if set(conflicts) - listed - existing:
        raise ActionError(_("A member is not on this meeting's attendance list."))
    for note in conflicts.values():
        if len(note.strip()) > 300:
            raise ActionError(_("A note on a conflict of interest is at most 300 characters."))
    item.conflicts.exclude(membership_id__in=list(conflicts)).delete()
    for pk, note in conflicts.items():
        ConflictOfInterest.objects.update_or_create(
            item=item, membership_id=pk, defaults={"note": note.strip()}
        )


ITEM_FIELDS = ("title", "is_closed", "recommendation_by", "recommendation_to")


@transaction.atomic
def save_item(
    *,
    meeting: Meeting,
    item: AgendaItem | None = None,
    fields: dict,
    case_reference: str = "",
    sections: list[dict] = (),
    points: list[dict] = (),
    attachments: list[dict] = (),
    uploads: list = (),
    uploads_closed: bool = False,
    follows: AgendaItem | None = None,
) -> AgendaItem:
    """Create (``item`` None) or change an agenda item with its sections, recommendation points
    and attachments, all or nothing. ``sections`` and ``points`` are the rows in their order
    (dicts with an ``id`` for a row kept); rows left out are removed. ``attachments`` changes the
    title, closedness or removal (``DELETE``) of existing ones; ``uploads`` are new files, each
    checked like every upload before any is stored. ``follows``: the earlier item on the same
    case this one follows up (it joins the new item's case if it had none)."""
    meeting = _lock(meeting)
    if rules.is_read_only(meeting):
        raise ActionError(_("The minutes are approved: the meeting can no longer change."))
    if item is None:
        # Numbers run on through the committee's year, across its meetings: with its row
        # locked, two items added to two of its meetings at once take them one after the other.
        Committee.objects.select_for_update(no_key=True).get(pk=meeting.committee_id)
        item = AgendaItem(meeting=meeting, number=meeting.next_item_number())
    else:
        item = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(item, name, fields[name])
    if not (item.title or "").strip():
        raise ActionError(_("The item needs a title."))
    reference = case_reference.strip()
    item.case = Case.objects.get_or_create(reference=reference)[0] if reference else None
    if follows is not None:
        if item.case is None:
            raise ActionError(_("A follow-up needs the case number of the earlier item."))
        if follows.case_id is None:
            AgendaItem.objects.filter(pk=follows.pk).update(case=item.case)
        elif follows.case_id != item.case.pk:
            raise ActionError(_("A follow-up is on the same case as the earlier item."))
    item.save()
    _keep_rows(item, ItemSection, sections, ("key", "heading", "text"))
    _keep_rows(item, RecommendationPoint, points, ("text",))
    for change in attachments:
        attachment = item.attachments.filter(pk=change["id"]).first()
        if attachment is None:
            raise ActionError(_("An attachment does not belong to this item."))
        if change.get("DELETE"):
            attachment.delete()
            continue
        attachment.title, attachment.is_closed = change["title"], change["is_closed"]
        attachment.save(update_fields=["title", "is_closed"])
    _add_attachments(item, uploads, closed=uploads_closed)
    return item


def _keep_rows(item, model, rows, names):
    """Make ``item``'s rows of ``model`` the given ones, in order: kept rows (``id``) change,
    new ones are created, the others removed."""
    existing = {row.pk: row for row in model.objects.filter(item=item)}
    kept = []
    for order, data in enumerate(rows, start=1):
        row = existing.get(data.get("id")) or model(item=item)
        row.order = order
        for name in names:
            setattr(row, name, data[name])
        row.save()
        kept.append(row.pk)
    model.objects.filter(item=item).exclude(pk__in=kept).delete()


def _add_attachments(item, uploads, *, closed):
    """Check every upload (``Attachment.clean``), then store them; one refused file refuses
    them all, with its name in the message."""
    start = (item.attachments.aggregate(models.Max("order"))["order__max"] or 0) + 1
    attachments = []
    for order, upload in enumerate(uploads, start=start):
        attachment = Attachment(
            item=item,
            order=order,
            title=Path(upload.name).stem[:300],
            is_closed=closed,
            file=upload,
        )
        try:
            attachment.full_clean(exclude=["item"])
        except ValidationError as error:
            messages = "; ".join(error.messages)
            raise ActionError(f"{upload.name}: {messages}") from error
        attachments.append(attachment)
    for attachment in attachments:
        attachment.save()


@transaction.atomic
def save_programme(*, meeting: Meeting, rows: list[dict]) -> None:
    """The meeting's programme, in order (``rows`` with an ``id`` are kept and changed; the
    others removed); speakers are found by name and organisation, or added."""
    meeting = _lock(meeting)
    if rules.is_read_only(meeting):
        raise ActionError(_("The minutes are approved: the meeting can no longer change."))
    kept = []
    existing = {part.pk: part for part in ProgrammeItem.objects.filter(meeting=meeting)}
    for order, row in enumerate(rows, start=1):
        if not row["title"].strip():
            raise ActionError(_("Every part of the programme needs a title."))
        part = existing.get(row.get("id")) or ProgrammeItem(meeting=meeting)
        part.order = order
        for name in ("kind", "title", "starts_at", "ends_at", "description"):
            setattr(part, name, row[name])
        part.save()
        part.speakers.set(
            Speaker.objects.get_or_create(
                name=speaker["name"],
                organisation=speaker["organisation"],
                defaults={"title": speaker["title"]},
            )[0]
            for speaker in row["speakers"]
        )
        kept.append(part.pk)
    ProgrammeItem.objects.filter(meeting=meeting).exclude(pk__in=kept).delete()


@transaction.atomic
def save_workshop_groups(*, meeting: Meeting, rows: list[dict]) -> None:
    """The meeting's workshop groups, in order (as ``save_programme``). An idea from a group
    keeps its origin: a group with ideas cannot be removed."""
    meeting = _lock(meeting)
    if rules.is_read_only(meeting):
        raise ActionError(_("The minutes are approved: the meeting can no longer change."))
    kept = []
    existing = {group.pk: group for group in WorkshopGroup.objects.filter(meeting=meeting)}
    for order, row in enumerate(rows, start=1):
        if not row["name"].strip():
            raise ActionError(_("Every workshop group needs a name."))
        group = existing.get(row.get("id")) or WorkshopGroup(meeting=meeting)
        group.order = order
        for name in ("name", "audience", "question", "result", "other_participants"):
            setattr(group, name, row[name])
        group.save()
        group.members.set(row["members"])
        kept.append(group.pk)
    removed = WorkshopGroup.objects.filter(meeting=meeting).exclude(pk__in=kept)
    if removed.filter(ideas__isnull=False).exists():
        raise ActionError(_("A workshop group that ideas came from cannot be removed."))
    removed.delete()


@transaction.atomic
def move_item(
    *, item: AgendaItem, direction: str, expected_number: int | None = None
) -> AgendaItem:
    """Swap ``item`` with the item before (``up``) or after (``down``) it: their numbers.
    ``expected_number``: the item's number on the asking page (``StateMoved`` if it has moved
    since: a second click, or someone else reordering the agenda)."""
    meeting = _lock(item.meeting)
    if rules.is_read_only(meeting):
        raise ActionError(_("The minutes are approved: the meeting can no longer change."))
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if expected_number is not None and item.number != expected_number:
        raise StateMoved(
            _(
                "Someone moved “%(title)s” while you had the page open: it is now item "
                "%(number)s. Nothing was changed; look at the agenda again."
            )
            % {"title": item.title, "number": item.number}
        )
    neighbours = AgendaItem.objects.select_for_update().filter(meeting=meeting)
    if direction == "up":
        other = neighbours.filter(number__lt=item.number).order_by("-number").first()
    else:
        other = neighbours.filter(number__gt=item.number).order_by("number").first()
    if other is None:
        raise ActionError(_("The item cannot move further."))
    item.number, other.number = other.number, item.number
    AgendaItem.objects.bulk_update([item, other], ["number"])
    return item


@transaction.atomic
def create_item_from_parsed(
    *,
    meeting: Meeting,
    parsed: ParsedItem,
    title: str | None = None,
    number: int | None = None,
) -> AgendaItem:
    """Create an agenda item, its sections, points and attachment entries from a parsed text
    (the import command; the workspace checks the parsed item in its editor first)."""
    if parsed.decision and not meeting.has_minutes:
        raise ActionError(
            _("The text contains a decision, but the meeting is not held: mark it held first.")
        )
    item_title = (title or parsed.title or "").strip()
    if not item_title:
        raise ActionError(_("The item has no title: give one with --title."))
    item = save_item(
        meeting=meeting,
        fields={
            "title": item_title[:300],
            "is_closed": parsed.closed,
            "recommendation_by": (parsed.recommendation.by or "")[:200],
            "recommendation_to": (parsed.recommendation.to or "")[:200],
        },
        sections=parsed_sections(parsed),
        points=[{"text": text} for text in parsed.recommendation.points],
    )
    if number:
        AgendaItem.objects.filter(pk=item.pk).update(number=number)
        item.number = number
    Attachment.objects.bulk_create(
        Attachment(item=item, order=order, title=name[:300])
        for order, name in enumerate(parsed.attachments, start=1)
    )
    if parsed.decision:
        item.decision = parsed.decision
        item.decided_on = parsed.decision_date
        item.save(update_fields=["decision", "decided_on"])
    return item


def parsed_sections(parsed: ParsedItem) -> list[dict]:
    """The sections of a parsed item as ``save_item`` takes them (the decision and the list of
    attachments are not sections: they fill the item's decision and attachments)."""
    keys = {key.value for key in ItemSection.Key}
    return [
        {
            "key": section.key if section.key in keys else ItemSection.Key.OTHER,
            "heading": section.heading[:200],
            "text": section.text,
        }
        for section in parsed.sections
        if section.key not in ("decision", "attachments")
    ]
