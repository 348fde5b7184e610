"""iCalendar feeds of meetings: all committees, or one committee (led or co-hosted).

Meetings are read through ``Meeting.objects.visible_to(request.user)`` (drafts never appear, a
committee's publication policy applies), and the agenda titles shown in an event's description
through ``AgendaItem.objects.visible_to`` (a closed item reads “Closed item”). Drafts are never
in a feed, not even the secretariat's: a calendar subscription is often shared. Two queries per
feed (meetings, visible items) plus the user's groups, whatever the number of meetings up to
``FEED_CHUNK_SIZE``; the feed is streamed, a chunk of meetings at a time (bounded memory), and
the item query is made once per chunk.
"""

import datetime

from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from meetings.models import AgendaItem, Committee, Meeting

DEFAULT_DURATION = datetime.timedelta(hours=2)
PRODID = "-//Samskab//Meetings//DA"
FEED_CHUNK_SIZE = 500
END = b"END:VCALENDAR\r\n"


def calendar(request):
    meetings = _meetings(request)
    name = _("Samskab: meetings")
    return _response(request, meetings, name=name, filename="samskab.ics")


def committee_calendar(request, slug):
    committee = get_object_or_404(Committee.objects.visible_to(request.user), slug=slug)
    meetings = _meetings(request).for_committee(committee)
    return _response(request, meetings, name=committee.name, filename=f"{committee.slug}.ics")


def _meetings(request):
    """What the user may see, drafts never (not even the secretariat's)."""
    return Meeting.objects.visible_to(request.user).exclude(state=Meeting.State.DRAFT)


def _response(request, meetings, *, name, filename):
    items = AgendaItem.objects.visible_to(request.user).order_by("number")
    meetings = (
        meetings.select_related("committee")
        .prefetch_related(Prefetch("items", queryset=items, to_attr="visible_items"))
        .order_by("starts_at", "pk")
    )
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone.get_default_timezone_name())
    # Every event is in the site's time zone: its definition goes first, once.
    cal.add_component(Timezone.from_tzid(timezone.get_default_timezone_name()))
    head = cal.to_ical().removesuffix(END)
    response = StreamingHttpResponse(
        _streamed(request, head, meetings, translation.get_language()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _streamed(request, head, meetings, language):
    """The calendar, an event per meeting, read ``FEED_CHUNK_SIZE`` meetings at a time as it is
    sent (in the language of the request, which may be over by then)."""
    yield head
    stamp = timezone.now()
    with translation.override(language):
        for meeting in meetings.iterator(chunk_size=FEED_CHUNK_SIZE):
            yield _event(request, meeting, stamp).to_ical()
    yield END


def summary(meeting: Meeting) -> str:
    values = {"committee": meeting.committee.display_name, "number": meeting.number}
    if meeting.title:
        values["title"] = meeting.title
        return _("%(committee)s, meeting %(number)s: %(title)s") % values
    return _("%(committee)s, meeting %(number)s") % values


def _event(request, meeting: Meeting, stamp: datetime.datetime) -> Event:
    url = request.build_absolute_uri(meeting.get_absolute_url())
    starts = timezone.localtime(meeting.starts_at).replace(microsecond=0)
    if meeting.ends_at:
        ends = timezone.localtime(meeting.ends_at).replace(microsecond=0)
    else:
        ends = starts + DEFAULT_DURATION
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@samskab")
    event.add("dtstamp", stamp)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", summary(meeting))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", _description(meeting, url))
    event.add("url", url)
    event.add("status", "CONFIRMED")
    return event


def _description(meeting: Meeting, url: str) -> str:
    parts = [str(meeting.committee)]
    if meeting.kind != Meeting.Kind.ORDINARY:
        parts.append(meeting.get_kind_display())
    if meeting.purpose_list:
        parts.append("\n".join(f"• {purpose}" for purpose in meeting.purpose_list))
    items = getattr(meeting, "visible_items", [])
    if items:
        lines = [f"{item.number}. {item.display_title}" for item in items]
        parts.append("\n".join([_("Agenda:"), *lines]))
    parts.append(url)
    return "\n\n".join(parts)
