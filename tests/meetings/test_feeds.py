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


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    assert str(cal["VERSION"]) == "2.0"
    assert cal["PRODID"]
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def uid(meeting):
    return f"meeting-{meeting.pk}@samskab"


def test_calendar_links_back_to_meeting_pages(client, meeting):
    response = client.get(reverse("meetings:ical"))
    assert response["Content-Disposition"] == 'inline; filename="samskab.ics"'
    cal = Calendar.from_ical(response.content)
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
    assert str(Calendar.from_ical(response.content)["X-WR-CALNAME"]) == committee.name
    found = events(response)
    assert uid(led) in found
    assert uid(co_hosted) in found
    assert uid(elsewhere) not in found
    assert len(found) == 2


def test_unknown_committee_is_404(client, db):
    response = client.get(reverse("meetings:committee_ical", args=["findes-ikke"]))
    assert response.status_code == 404


def test_uid_is_stable(client, meeting):
    first = client.get(reverse("meetings:ical")).content
    second = client.get(reverse("meetings:ical")).content
    assert uid(meeting) in events_from(first) and uid(meeting) in events_from(second)


def events_from(content):
    return {str(e["UID"]) for e in Calendar.from_ical(content).walk("VEVENT")}


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
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
