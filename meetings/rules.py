"""Who may do what with meetings, beside who may see what (``meetings/querysets.py``): the
predicates that views, actions, the admin and the documents ask.

The steps of a meeting's life cycle each have a ``*_refusal(meeting)``: the reason, for the
user, why the step cannot be taken now, or ``""`` when it can. Actions raise it, the workspace
shows it beside the step, the admin refuses with it.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from innovation.shared import permissions

DECISIONS_ONLY_WHEN_HELD = gettext_lazy(
    "Decisions can only be recorded for a held meeting before approval."
)


def may_prepare(user) -> bool:
    """Prepare, run and close meetings in the workspace: the secretariat."""
    return permissions.is_secretariat(user)


def is_read_only(meeting) -> bool:
    """Approved minutes and the meetings of a historic committee change no more."""
    return meeting.is_locked or meeting.committee.is_historic


def publishing_refusal(meeting, *, republish=False, at=None) -> str | None:
    """Why ``meeting``'s agenda cannot be published (``republish``: published again) at
    ``at`` (now), or ``None`` when it can: not a read-only meeting, not twice (a published
    agenda is republished), not without items, and not once the meeting has begun."""
    from meetings.models import Meeting

    if is_read_only(meeting):
        return _("The meeting is read-only: its agenda can no longer be published.")
    if republish and meeting.state != Meeting.State.PUBLISHED:
        return _("Only a published agenda can be published again.")
    if not republish and meeting.state != Meeting.State.DRAFT:
        return _("Only a draft agenda can be published.")
    if meeting.starts_at <= (at or timezone.now()):
        return _("The meeting has begun or is over: its agenda can no longer be published.")
    if not meeting.items.exists():
        return _("An agenda without items cannot be published.")
    return None


def read_only_reason(meeting) -> str:
    """Why a read-only meeting refuses every change ("" when it does not)."""
    if meeting.is_locked:
        return _("The minutes are approved: the meeting can no longer change.")
    if meeting.committee.is_historic:
        return _("The committee's period has ended: its meetings can no longer change.")
    return ""


def has_started(meeting) -> bool:
    return meeting.starts_at <= timezone.now()


def mark_held_refusal(meeting) -> str:
    """A meeting is marked held once its agenda is published and it has started."""
    from meetings.models import Meeting

    if is_read_only(meeting):
        return read_only_reason(meeting)
    if meeting.state != Meeting.State.PUBLISHED:
        return _("Only a meeting with a published agenda can be marked as held.")
    if not has_started(meeting):
        start = date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
        return _("The meeting has not started yet: it can be marked as held from %(start)s.") % {
            "start": start
        }
    return ""


def attendance_refusal(meeting) -> str:
    """Attendance is recorded from publication (apologies come in before the meeting) until
    the minutes are approved."""
    from meetings.models import Meeting

    if is_read_only(meeting):
        return read_only_reason(meeting)
    if meeting.state not in (Meeting.State.PUBLISHED, Meeting.State.HELD):
        return _("Attendance is recorded once the agenda is published.")
    return ""


def decision_refusal(meeting) -> str:
    """Decisions and conflicts of interest are recorded once the meeting is marked held, until
    its minutes are approved."""
    from meetings.models import Meeting

    if is_read_only(meeting):
        return read_only_reason(meeting)
    if meeting.state != Meeting.State.HELD:
        return _("The meeting is not marked as held: decisions are recorded once it is.")
    return ""


def approval_refusal(meeting) -> str:
    """The minutes are approved once the meeting is held, every member on the attendance list
    has a status and every item has a decision (``undecided`` in ``meetings/querysets.py``).
    Three queries."""
    from meetings.models import AgendaItem, Attendance, Meeting

    if is_read_only(meeting):
        return read_only_reason(meeting)
    if meeting.state != Meeting.State.HELD:
        return _("Only the minutes of a held meeting can be approved.")
    reasons = []
    recorded = set(
        Attendance.objects.filter(meeting=meeting).values_list("membership_id", flat=True)
    )
    unrecorded = [m for m in attendance_members(meeting) if m.pk not in recorded]
    if unrecorded:
        reasons.append(
            ngettext(
                "Attendance is not recorded for %(count)d member.",
                "Attendance is not recorded for %(count)d members.",
                len(unrecorded),
            )
            % {"count": len(unrecorded)}
        )
    undecided = list(
        AgendaItem.objects.filter(meeting=meeting).undecided().values_list("number", flat=True)
    )
    if undecided:
        reasons.append(
            ngettext(
                "Item %(numbers)s has no decision.",
                "Items %(numbers)s have no decision.",
                len(undecided),
            )
            % {"numbers": ", ".join(str(number) for number in undecided)}
        )
    return " ".join(reasons)


@dataclass
class AttendanceGroup:
    """The members of one of the meeting's committees on its attendance list."""

    committee: object
    is_lead: bool
    members: list = field(default_factory=list)


def attendance_list(meeting) -> list[AttendanceGroup]:
    """Who is accounted for at ``meeting``: the members of the lead committee, then of each
    co-hosting committee, in their order; not the secretariat (it takes the minutes), not a
    user whose account is deactivated (unless already recorded). A person on two of the
    committees is listed once, under the first (the lead); ``membership.also`` names the
    others. Two queries (one if the co-hosts are prefetched)."""
    from meetings.models import Attendance, Membership

    committees = [meeting.committee, *meeting.co_hosts.all()]
    recorded = Attendance.objects.filter(meeting=meeting, membership=OuterRef("pk"))
    memberships = (
        Membership.objects.filter(committee__in=[c.pk for c in committees])
        .exclude(role=Membership.Role.SECRETARIAT)
        .filter(Q(user__isnull=True) | Q(user__is_active=True) | Q(Exists(recorded)))
        .select_related("user")
        .order_by("order", "pk")
    )
    by_committee = {c.pk: [] for c in committees}
    for membership in memberships:
        by_committee[membership.committee_id].append(membership)
    groups, seen = [], {}
    for committee in committees:
        group = AttendanceGroup(committee=committee, is_lead=committee.pk == meeting.committee_id)
        for membership in by_committee[committee.pk]:
            key = membership.user_id or membership.person_name.strip().casefold()
            if key in seen:
                seen[key].also.append(committee)
                continue
            membership.also = []
            seen[key] = membership
            group.members.append(membership)
        groups.append(group)
    return groups


def attendance_members(meeting) -> list:
    """The memberships on ``meeting``'s attendance list, in order."""
    return [member for group in attendance_list(meeting) for member in group.members]


def document_audience(user, meeting) -> str | None:
    """The edition of ``meeting``'s documents that ``user`` gets: the members' edition for the
    members of its committees and the secretariat, the public edition for anyone else who may
    see the meeting, and none (``None``) for those who may not. One query."""
    from meetings.models import Meeting

    visible = Meeting.objects.visible_to(user).filter(pk=meeting.pk)
    sees_closed = visible.values_list("can_see_closed", flat=True).first()
    if sees_closed is None:
        return None
    return permissions.MEMBERS if sees_closed else permissions.PUBLIC


def document_reader(meeting, audience):
    """Whose view an edition shows: the members' edition reads as a member of the meeting's
    committees (lead and co-hosts), never as the secretariat; the public edition reads as an
    anonymous visitor. The meeting itself reads as published (a draft is checked, as its
    members and as the public will read it, before it is published)."""
    if audience != permissions.MEMBERS:
        return permissions.PublicReader(previews=[meeting.pk])
    committees = [meeting.committee_id, *meeting.co_hosts.values_list("pk", flat=True)]
    return permissions.CommitteeReader(committees, previews=[meeting.pk])


def document_editions(meeting) -> list[str]:
    """The editions of ``meeting``'s documents there are to export: the members' edition, and
    the public edition when the lead committee's publication policy shows the meeting to the
    public (a draft as it will once published). One query."""
    from meetings.models import Meeting

    public = document_reader(meeting, permissions.PUBLIC)
    editions = [permissions.MEMBERS]
    if Meeting.objects.visible_to(public).filter(pk=meeting.pk).exists():
        editions.append(permissions.PUBLIC)
    return editions
