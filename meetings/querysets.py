"""Reads that already apply who may see what. Every view, fragment, feed and document reads
meetings, items and their parts through ``visible_to(user)``; nothing else filters for access.

The rules (DOMAIN.md, "Committees" and "Closed items"):

* The secretariat sees everything, drafts included.
* Members of a meeting's lead or co-hosting committees see its non-draft meetings in full,
  closed items and closed attachments included.
* Everyone else (the public, staff, members of other committees) sees what the lead
  committee's publication policy allows: published agendas with open items (``agenda``), only
  held meetings and their decisions (``decisions``), or nothing (``nothing``). Of a closed item
  they see the number and “Lukket punkt”, the title if the committee allows it, and an open
  decision (“Åben beslutning”) once recorded.

An item's ``access`` annotation says how much of it a user may read: ``full``, ``decision``
(title and decisions only) or ``closed`` (number, maybe title, open decision).
"""

import operator
from functools import reduce

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from innovation.shared import permissions

FULL = "full"
DECISION = "decision"
CLOSED = "closed"

NOT_DRAFT = ["published", "held", "approved"]
HELD = ["held", "approved"]


def _member_committees(user):
    """The committees ``user`` is a member of, as a list (read once per request,
    ``permissions.member_committee_ids``): the queries carry the ids, not a subquery each."""
    return sorted(permissions.member_committee_ids(user))


def _previews(user):
    """Draft meetings ``user`` reads as if published (see ``permissions.CommitteeReader``)."""
    return list(getattr(user, "previews", ()))


def meeting_member_q(user, meeting_path=""):
    """True where ``user`` belongs to the lead or a co-hosting committee of the meeting found
    at ``meeting_path`` (``""`` from a meeting, ``"meeting__"`` from an item, …), the
    secretariat counting as a member of every committee."""
    if permissions.is_secretariat(user):
        return Q(pk__isnull=False)
    return membership_q(user, meeting_path)


def membership_q(user, meeting_path=""):
    """True where ``user`` is on the lead or a co-hosting committee of the meeting found at
    ``meeting_path``: actual memberships, whatever the user's role."""
    from meetings.models import Meeting

    if not user.is_authenticated:
        return Q(pk__isnull=True)
    committees = _member_committees(user)
    co_hosted = Meeting.co_hosts.through.objects.filter(
        meeting_id=OuterRef(f"{meeting_path}pk"), committee_id__in=committees
    )
    return Q(**{f"{meeting_path}committee_id__in": committees}) | Q(Exists(co_hosted))


def public_meeting_q(meeting_path="", previews=()):
    """Meetings the lead committee's publication policy shows to anyone; ``previews`` (drafts
    read as if published) as their agenda would show."""
    from meetings.models import Committee

    access = f"{meeting_path}committee__public_access"
    state = f"{meeting_path}state__in"
    return (
        Q(**{access: Committee.PublicAccess.AGENDA, state: NOT_DRAFT})
        | Q(**{access: Committee.PublicAccess.DECISIONS, state: HELD})
        | Q(**{access: Committee.PublicAccess.AGENDA, f"{meeting_path}pk__in": list(previews)})
    )


def meeting_visible_q(user, meeting_path=""):
    """True where ``user`` may see the meeting found at ``meeting_path`` (``MeetingQuerySet.
    visible_to``). Joins, not a subquery over all meetings: the planner reaches the rows from
    the page's own index (an item's pk, a meeting's items)."""
    if permissions.is_secretariat(user):
        return Q()
    previews = _previews(user)
    published = Q(**{f"{meeting_path}state__in": NOT_DRAFT}) | Q(
        **{f"{meeting_path}pk__in": previews}
    )
    return (membership_q(user, meeting_path) & published) | public_meeting_q(
        meeting_path, previews=previews
    )


def access_levels(user, item_path=""):
    """The one rule of how far ``user`` may read the item found at ``item_path``, as a
    condition per level (they exclude each other and cover every item): in full for the
    members of the meeting's committees and for open items of committees that publish
    everything; the decision only for open items of committees that publish decisions; the
    title (or nothing) for closed items. ``AgendaItemQuerySet.visible_to`` annotates it as
    ``access``; ``item_readable_q`` filters by it."""
    from meetings.models import Committee

    meeting = f"{item_path}meeting__"
    member = meeting_member_q(user, meeting)
    decisions_only = Q(**{f"{meeting}committee__public_access": Committee.PublicAccess.DECISIONS})
    is_open = Q(**{f"{item_path}is_closed": False})
    return {
        FULL: member | (is_open & ~decisions_only),
        DECISION: ~member & is_open & decisions_only,
        CLOSED: ~member & ~is_open,
    }


def item_readable_q(user, item_path="", levels=(FULL,)):
    """True where ``user`` may see the item found at ``item_path`` and read its content at one
    of ``levels`` (``access_levels``), with joins only: sections, points and attachments filter
    by it without a subquery over all items."""
    visible = meeting_visible_q(user, f"{item_path}meeting__")
    if set(levels) == {FULL, DECISION, CLOSED}:
        return visible  # the levels cover every item
    at_level = access_levels(user, item_path)
    return visible & reduce(operator.or_, (at_level[level] for level in levels))


def count_of(rows):
    """The number of ``rows`` (a QuerySet with an ``OuterRef``), as a subquery."""
    counted = rows.order_by().values(group=models.Value(1)).annotate(n=models.Count("pk"))
    return Coalesce(models.Subquery(counted.values("n"), output_field=models.IntegerField()), 0)


def _boolean(q):
    return models.ExpressionWrapper(q, output_field=models.BooleanField())


def undecided_q():
    """An item without its decision: a recommendation point without an outcome, or, for an
    item without points, no decision text. (The minutes are approved only when no item is
    undecided: ``rules.approval_refusal``.)"""
    from meetings.models import RecommendationPoint

    points = RecommendationPoint.objects.filter(item=OuterRef("pk"))
    return Q(Exists(points.filter(outcome=""))) | (~Q(Exists(points)) & Q(decision=""))


class CommitteeQuerySet(models.QuerySet):
    """A committee's status follows its period: historic once its period has ended."""

    def active(self):
        return self.filter(Q(period_end__isnull=True) | Q(period_end__gte=timezone.localdate()))

    def historic(self):
        return self.filter(period_end__lt=timezone.localdate())

    def visible_to(self, user):
        """Every committee is listed; what of it is shown follows its publication policy."""
        return self


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        member = meeting_member_q(user)
        return self.annotate(can_see_closed=_boolean(member)).filter(meeting_visible_q(user))

    # A meeting is listed by its state (DOMAIN.md: draft → agenda published → held → minutes
    # approved); the clock only tells a meeting to come from one that is not marked held.

    def _groups(self):
        """The lists' groups as conditions (on the ``ends`` alias ``_by_state`` adds)."""
        State = self.model.State
        not_held = Q(state__in=[State.DRAFT, State.PUBLISHED])
        now = timezone.now()
        return {
            "upcoming": not_held & Q(ends__gte=now),
            "not_marked_held": not_held & Q(ends__lt=now),
            "held": Q(state=State.HELD),
            "approved": Q(state=State.APPROVED),
        }

    def _by_state(self, name):
        return self.alias(ends=Coalesce("ends_at", "starts_at")).filter(self._groups()[name])

    def upcoming(self):
        """Not held and not over yet, soonest first."""
        return self._by_state("upcoming").order_by("starts_at")

    def not_marked_held(self):
        """Over, but not marked as held: these have no minutes yet."""
        return self._by_state("not_marked_held").order_by("-starts_at")

    def held(self):
        """Held; the minutes are not approved yet."""
        return self._by_state("held").order_by("-starts_at")

    def approved(self):
        """Held, with approved minutes."""
        return self._by_state("approved").order_by("-starts_at")

    def group_counts(self):
        """The number of meetings in each group (``upcoming``, ``not_marked_held``, ``held``,
        ``approved``), in one query."""
        return self.alias(ends=Coalesce("ends_at", "starts_at")).aggregate(
            **{
                name: models.Count("pk", filter=condition)
                for name, condition in self._groups().items()
            }
        )

    def for_committee(self, committee):
        from meetings.models import Meeting

        co_hosted = Meeting.co_hosts.through.objects.filter(
            meeting_id=OuterRef("pk"), committee_id=committee.pk
        )
        return self.filter(Q(committee=committee) | Q(Exists(co_hosted)))

    def of_committees_of(self, user):
        """The meetings of the committees ``user`` is a member of, as lead or co-host."""
        return self.filter(membership_q(user))

    def waiting_counts(self):
        """What of these meetings waits on the secretariat, counted in one query:
        ``to_publish`` (to come, agenda not published), ``to_mark_held`` (over, not marked
        held), ``to_approve`` (held, minutes not approved) and the ``total``. A historic
        committee's meetings are read-only and wait for nothing."""
        from meetings.models import Committee

        State = self.model.State
        over = Q(ends__lt=timezone.now())
        counts = (
            self.filter(committee__in=Committee.objects.active())
            .alias(ends=Coalesce("ends_at", "starts_at"))
            .aggregate(
                to_publish=models.Count("pk", filter=Q(state=State.DRAFT) & ~over),
                to_mark_held=models.Count(
                    "pk", filter=Q(state__in=[State.DRAFT, State.PUBLISHED]) & over
                ),
                to_approve=models.Count("pk", filter=Q(state=State.HELD)),
            )
        )
        return {**counts, "total": sum(counts.values())}

    def with_gaps(self):
        """What each meeting still lacks, for the secretariat's workspace: ``item_count``,
        ``items_without_points`` (no recommendation), ``items_undecided`` (``undecided_q``)
        and ``attendance_count``. One subquery each, no join fan-out."""
        from meetings.models import AgendaItem, Attendance, RecommendationPoint

        items = AgendaItem.objects.filter(meeting=OuterRef("pk"))
        points = RecommendationPoint.objects.filter(item=OuterRef("pk"))
        return self.annotate(
            item_count=count_of(items),
            items_without_points=count_of(items.exclude(Exists(points))),
            items_undecided=count_of(items.filter(undecided_q())),
            attendance_count=count_of(Attendance.objects.filter(meeting=OuterRef("pk"))),
        )


class WorkshopGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The workshop groups of the meetings ``user`` may see."""
        from meetings.models import Meeting

        return self.filter(meeting__in=Meeting.objects.visible_to(user).values("pk"))


class ScrubbedItemIterable(models.query.ModelIterable):
    """Yields items with what the reader may not see already blanked (see AgendaItem.scrub)."""

    def __iter__(self):
        for item in super().__iter__():
            item.scrub()
            yield item


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        member = meeting_member_q(user, "meeting__")
        at_level = access_levels(user)
        qs = self.filter(meeting_visible_q(user, "meeting__")).annotate(
            can_see_closed=_boolean(member),
            show_closed_title=models.F("meeting__committee__show_closed_titles"),
            access=Case(
                When(at_level[FULL], then=Value(FULL)),
                When(at_level[DECISION], then=Value(DECISION)),
                default=Value(CLOSED),
                output_field=models.CharField(),
            ),
        )
        qs._iterable_class = ScrubbedItemIterable
        return qs

    def with_content(self, user):
        """Prefetch the parts of each item that ``user`` may read, and nothing else."""
        return self.visible_to(user).prefetch_related(*content_prefetches(user))

    def undecided(self):
        """Items without their decision (``undecided_q``)."""
        return self.filter(undecided_q())

    def with_decided(self):
        """Annotate ``is_decided`` (the opposite of ``undecided_q``)."""
        return self.annotate(is_decided=_boolean(~undecided_q()))

    def readable_by(self, user, levels=(FULL,)):
        """Items whose content (at the given access levels) ``user`` may read."""
        return self.visible_to(user).filter(access__in=levels)


def content_prefetches(user):
    """The parts of an item that ``user`` may read: sections, points and attachments."""
    from meetings.models import Attachment, ItemSection, RecommendationPoint

    return [
        models.Prefetch("sections", queryset=ItemSection.objects.visible_to(user)),
        models.Prefetch("points", queryset=RecommendationPoint.objects.visible_to(user)),
        models.Prefetch("attachments", queryset=Attachment.objects.visible_to(user)),
    ]


class ItemSectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(item_readable_q(user, "item__"))


class RecommendationPointQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(item_readable_q(user, "item__", levels=(FULL, DECISION)))


def attachment_visible_q(user, attachment_path=""):
    """True where ``user`` may see the attachment found at ``attachment_path``: an attachment
    of an item ``user`` may read in full; a closed attachment only for the members of the
    meeting's committees. Joins only (``item_readable_q``), so a meeting's or an item's
    attachments are found from their own indexes."""
    member = meeting_member_q(user, f"{attachment_path}item__meeting__")
    return item_readable_q(user, f"{attachment_path}item__") & (
        Q(**{f"{attachment_path}is_closed": False}) | member
    )


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Attachments ``user`` may see (``attachment_visible_q``)."""
        return self.filter(attachment_visible_q(user))
