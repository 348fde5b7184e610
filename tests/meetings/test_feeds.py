"""iCalendar feeds: all meetings and one committee's, read through visible_to."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from meetings.models import Committee, Meeting
from tests.meetings.factories import (
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    full_item,
)


def calendar_of(response):
    """The streamed feed, read once (a stream can be read only once)."""
    if not hasattr(response, "calendar"):
        assert response.streaming
        response.calendar = Calendar.from_ical(response.getvalue())
    return response.calendar


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = calendar_of(response)
    assert str(cal["VERSION"]) == "2.0"
    assert cal["PRODID"]
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def uid(meeting):
    return f"meeting-{meeting.pk}@samskab"


def test_calendar_links_back_to_meeting_pages(client, meeting):
    response = client.get(reverse("meetings:ical"))
    assert response["Content-Disposition"] == 'inline; filename="samskab.ics"'
    cal = calendar_of(response)
    assert str(cal["X-WR-CALNAME"])
    event = events(response)[uid(meeting)]
    url = f"http://testserver{meeting.get_absolute_url()}"
    assert str(event["URL"]) == url
    assert url in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == meeting.place
    summary = str(event["SUMMARY"])
    assert meeting.committee.short_name in summary
    assert "4" in summary
    assert meeting.title in summary
    assert event["DTSTAMP"]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == meeting.starts_at.replace(microsecond=0)
    assert start.tzinfo is not None
    assert end - start == datetime.timedelta(hours=2)  # no end given


def test_end_time_is_used_when_given(client, committee):
    starts = datetime.datetime(2017, 9, 26, 9, 0, tzinfo=datetime.UTC)
    meeting = MeetingFactory(
        committee=committee, starts_at=starts, ends_at=starts + datetime.timedelta(hours=7)
    )
    event = events(client.get(reverse("meetings:ical")))[uid(meeting)]
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=7)


def test_description_lists_visible_items_only(client, meeting, open_item, closed_item):
    event = events(client.get(reverse("meetings:ical")))[uid(meeting)]
    description = str(event["DESCRIPTION"])
    assert open_item.title in description
    assert "HEMMELIG" not in description
    assert "Lukket punkt" in description


def test_members_see_closed_titles(client, committee_member, meeting, closed_item):
    client.force_login(committee_member)
    event = events(client.get(reverse("meetings:ical")))[uid(meeting)]
    assert closed_item.title in str(event["DESCRIPTION"])


def test_draft_meeting_is_absent(client, committee, committee_member, secretariat):
    draft = MeetingFactory(committee=committee, state=Meeting.State.DRAFT)
    published = MeetingFactory(committee=committee)
    found = events(client.get(reverse("meetings:ical")))
    assert uid(draft) not in found and uid(published) in found
    client.force_login(committee_member)
    assert uid(draft) not in events(client.get(reverse("meetings:ical")))
    client.force_login(secretariat)
    assert uid(draft) not in events(client.get(reverse("meetings:ical")))  # drafts never


def test_policy_nothing_hides_meetings_from_the_public(client, committee_member):
    secret = CommitteeFactory(slug="lukket-udvalg", public_access=Committee.PublicAccess.NOTHING)
    meeting = MeetingFactory(committee=secret)
    assert uid(meeting) not in events(client.get(reverse("meetings:ical")))
    response = client.get(reverse("meetings:committee_ical", args=[secret.slug]))
    assert uid(meeting) not in events(response)
    client.force_login(committee_member)  # a member of another committee: still nothing
    assert uid(meeting) not in events(client.get(reverse("meetings:ical")))
    MembershipFactory(committee=secret, user=committee_member)
    assert uid(meeting) in events(client.get(reverse("meetings:ical")))


def test_policy_decisions_shows_only_held_meetings(client, db):
    committee = CommitteeFactory(
        slug="beslutninger", public_access=Committee.PublicAccess.DECISIONS
    )
    published = MeetingFactory(committee=committee)
    held = MeetingFactory(committee=committee, state=Meeting.State.HELD)
    found = events(client.get(reverse("meetings:ical")))
    assert uid(published) not in found
    assert uid(held) in found


def test_committee_feed_includes_co_hosted_meetings(client, committee, other_committee):
    led = MeetingFactory(committee=committee)
    co_hosted = MeetingFactory(committee=other_committee)
    co_hosted.co_hosts.add(committee)
    elsewhere = MeetingFactory(committee=other_committee)
    response = client.get(reverse("meetings:committee_ical", args=[committee.slug]))
    assert response["Content-Disposition"] == f'inline; filename="{committee.slug}.ics"'
    assert str(calendar_of(response)["X-WR-CALNAME"]) == committee.name
    found = events(response)
    assert uid(led) in found
    assert uid(co_hosted) in found
    assert uid(elsewhere) not in found
    assert len(found) == 2


def test_unknown_committee_is_404(client, db):
    response = client.get(reverse("meetings:committee_ical", args=["findes-ikke"]))
    assert response.status_code == 404


def test_uid_is_stable(client, meeting):
    first = client.get(reverse("meetings:ical")).getvalue()
    second = client.get(reverse("meetings:ical")).getvalue()
    assert uid(meeting) in events_from(first) and uid(meeting) in events_from(second)


def events_from(content):
    return {str(e["UID"]) for e in Calendar.from_ical(content).walk("VEVENT")}


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200 and response.streaming
        response.getvalue()  # the meetings are read as the feed is sent
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["anonymous", "member", "secretariat"])
def test_constant_query_count(client, committee, committee_member, secretariat, who):
    user = {"member": committee_member, "secretariat": secretariat}.get(who)
    if user:
        client.force_login(user)
    urls = [reverse("meetings:ical"), reverse("meetings:committee_ical", args=[committee.slug])]

    def create(n):
        for _ in range(n):
            meeting = MeetingFactory(committee=committee)
            full_item(meeting)

    create(2)
    small = [queries(client, url) for url in urls]
    create(18)
    large = [queries(client, url) for url in urls]
    assert small == large
    assert len(events(client.get(urls[0]))) == 20


def test_the_feed_streams_a_chunk_of_meetings_at_a_time(client, committee, monkeypatch):
    """Across the chunks' seams every meeting is there once, in one calendar with its time
    zone defined once."""
    monkeypatch.setattr("meetings.feeds.FEED_CHUNK_SIZE", 2)
    meetings = [MeetingFactory(committee=committee) for _ in range(5)]
    response = client.get(reverse("meetings:ical"))
    pieces = list(response.streaming_content)
    assert len(pieces) == 2 + 5  # the head, an event per meeting, the end
    body = b"".join(pieces)
    assert body.count(b"BEGIN:VCALENDAR") == body.count(b"END:VCALENDAR") == 1
    assert body.count(b"BEGIN:VTIMEZONE") == 1
    uids = [str(event["UID"]) for event in Calendar.from_ical(body).walk("VEVENT")]
    assert sorted(uids) == sorted(uid(meeting) for meeting in meetings)
