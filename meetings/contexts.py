"""What a meeting page and its document show, built once for both.

The item page and the item in the meeting pack or recommendation, the minutes page and the
minutes PDF, the meeting page's programme and the pack's: each pair takes its context from one
function here and renders the same partials (``meetings/includes/``). ``reader`` is the user
who reads the page, or the audience a document is written for (``permissions.CommitteeReader``
or an anonymous visitor); every read goes through ``visible_to(reader)``.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Prefetch, prefetch_related_objects

from innovation.shared import permissions
from meetings import querysets, rules
from meetings.models import (
    AgendaItem,
    Attendance,
    ConflictOfInterest,
    ItemSection,
    Meeting,
    Membership,
    ProgrammeItem,
    WorkshopGroup,
)


def meetings_with_programme(reader):
    """Meetings ``reader`` may see, with their committees, programme and workshop groups."""
    return (
        Meeting.objects.visible_to(reader)
        .select_related("committee")
        .prefetch_related(
            "co_hosts",
            Prefetch("programme", queryset=ProgrammeItem.objects.prefetch_related("speakers")),
            Prefetch(
                "workshop_groups",
                queryset=WorkshopGroup.objects.prefetch_related(
                    Prefetch("members", queryset=Membership.objects.select_related("user"))
                ),
            ),
        )
    )


def meetings_with_attendance(reader):
    return (
        Meeting.objects.visible_to(reader)
        .select_related("committee")
        .prefetch_related(
            "co_hosts",
            Prefetch("attendance", queryset=Attendance.objects.select_related("membership__user")),
        )
    )


def item_prefetches(reader):
    """Every part of an item ``reader`` may read: sections, points, attachments, conflicts."""
    return [
        *querysets.content_prefetches(reader),
        Prefetch(
            "conflicts", queryset=ConflictOfInterest.objects.select_related("membership__user")
        ),
    ]


def items_with_content(reader):
    """Items with every part ``reader`` may read (``item_prefetches``), case and meeting."""
    return (
        AgendaItem.objects.visible_to(reader)
        .select_related("case", "meeting__committee")
        .prefetch_related(*item_prefetches(reader))
    )


def add_content(items, reader):
    """Fetch the parts of ``items`` (read without them) that ``reader`` may read. Four
    queries, whatever the number of items."""
    prefetch_related_objects(items, *item_prefetches(reader))


def items_of(meeting, reader):
    """The meeting's items, with their content (``items_with_content``)."""
    return items_with_content(reader).filter(meeting=meeting)


def earlier_items(items, reader, before) -> dict[int, list[AgendaItem]]:
    """Earlier items on the cases of ``items`` (in meetings before ``before``) that ``reader``
    may see, newest first, by case. One query, whatever the number of items."""
    case_ids = {item.case_id for item in items if item.case_id and item.access == querysets.FULL}
    found = defaultdict(list)
    if case_ids:
        for earlier in (
            AgendaItem.objects.visible_to(reader)
            .filter(case_id__in=case_ids, meeting__starts_at__lt=before)
            # A closed item's case is scrubbed for readers outside its committee; it is still
            # listed (as “Lukket punkt”) under the case it was found on.
            .annotate(found_on_case=F("case_id"))
            .select_related("meeting__committee")
            .order_by("-meeting__starts_at", "-number")
        ):
            found[earlier.found_on_case].append(earlier)
    return found


@dataclass
class ItemView:
    """What an item shows, on its page, in the agenda and in a document (the partials of
    ``meetings/includes/item.html``)."""

    item: AgendaItem
    full: bool
    sections: list
    has_recommendation_section: bool
    has_previous_decisions_section: bool
    earlier_items: list
    conflicts: list


def item_view(item, *, earlier) -> ItemView:
    """``item`` comes from ``items_with_content``; ``earlier`` from ``earlier_items``."""
    full = item.access == querysets.FULL
    sections = list(item.sections.all())
    keys = {section.key for section in sections}
    return ItemView(
        item=item,
        full=full,
        sections=sections,
        has_recommendation_section=ItemSection.Key.RECOMMENDATION in keys,
        has_previous_decisions_section=ItemSection.Key.PREVIOUS_DECISIONS in keys,
        earlier_items=earlier.get(item.case_id, []) if full else [],
        conflicts=list(item.conflicts.all()) if full else [],
    )


def attendance_context(meeting) -> dict:
    """The attendance of ``meeting`` (from ``meetings_with_attendance``), by status."""
    attendance = list(meeting.attendance.all())
    return {
        "present": [a for a in attendance if a.status == Attendance.Status.PRESENT],
        "apologies": [a for a in attendance if a.status == Attendance.Status.APOLOGIES],
        "absent": [a for a in attendance if a.status == Attendance.Status.ABSENT],
        "substituted": [a for a in attendance if a.status == Attendance.Status.SUBSTITUTE],
    }


def running_context(meeting) -> dict:
    """What the secretariat's workspace shows of a meeting's running: the attendance
    recorded so far, why each next step cannot be taken yet, and the editions of its
    documents. A constant number of queries."""
    context = {
        "held_refusal": rules.mark_held_refusal(meeting),
        "attendance_refusal": rules.attendance_refusal(meeting),
        "decision_refusal": rules.decision_refusal(meeting),
        "editions": [
            (audience, permissions.AUDIENCES[audience])
            for audience in rules.document_editions(meeting)
        ],
    }
    if meeting.state == meeting.State.HELD:
        context["approval_refusal"] = rules.approval_refusal(meeting)
        items = AgendaItem.objects.filter(meeting=meeting).order_by("number")
        # The decisions start at the first item without one (or the first item).
        context["first_item"] = (
            items.undecided().values_list("pk", flat=True).first()
            or items.values_list("pk", flat=True).first()
        )
    if not context["attendance_refusal"] or meeting.has_minutes:
        listed = rules.attendance_members(meeting)
        recorded = set(
            Attendance.objects.filter(meeting=meeting).values_list("membership_id", flat=True)
        )
        context["attendance_listed"] = len(listed)
        context["attendance_recorded"] = sum(1 for member in listed if member.pk in recorded)
    return context
