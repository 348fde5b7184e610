"""The meeting pages through their URLs: pages, HTMX fragments, who may see what, query counts."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from meetings.models import (
    AgendaItem,
    Attendance,
    Committee,
    ConflictOfInterest,
    ItemSection,
    MandateTask,
    Meeting,
    Membership,
    PrivateNote,
    RecommendationPoint,
)
from tests.meetings.conftest import SECRET
from tests.meetings.factories import (
    HOSTILE,
    AgendaItemFactory,
    AttachmentFactory,
    CaseFactory,
    CommitteeFactory,
    ItemSectionFactory,
    MandateTaskFactory,
    MeetingFactory,
    MembershipFactory,
    ProgrammeItemFactory,
    RecommendationPointFactory,
    SpeakerFactory,
    WorkshopGroupFactory,
    full_item,
)

HTMX = {"HX-Request": "true"}
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


def get(client, url, **kwargs):
    response = client.get(url, **kwargs)
    return response, response.content.decode()


def count_queries(client, url, **kwargs):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(context.captured_queries)


def cold_and_warm(client, url):
    """The queries of ``url`` rendered afresh (nothing in the page cache), then from the
    cache."""
    cache.clear()
    client.get(url)  # the session's and the reader's own first-visit writes
    cache.clear()
    cold = count_queries(client, url)
    return cold, count_queries(client, url)


def hold(meeting, *, approved=False):
    meeting.state = Meeting.State.APPROVED if approved else Meeting.State.HELD
    meeting.starts_at = timezone.now() - datetime.timedelta(days=3)
    meeting.held_at = timezone.now() - datetime.timedelta(days=3)
    meeting.approved_at = timezone.now() if approved else None
    meeting.save()
    return meeting


def decide(item, decision="Godkendt."):
    item.points.update(outcome=RecommendationPoint.Outcome.APPROVED, decision_text="")
    item.decision = decision
    item.decided_on = timezone.localdate()
    item.save()


# Committees ------------------------------------------------------------------------------


def test_committee_list_page_and_fragment(client, committee, other_committee):
    CommitteeFactory(
        name="Opgaveudvalget om Gamle Dage", slug="gamle", period_end=datetime.date(2018, 3, 31)
    )
    response, html = get(client, reverse("meetings:committees"))
    assert response.status_code == 200
    assert "<html" in html
    assert 'id="committee-list"' in html
    assert "Opgaveudvalget om Innovation" in html
    assert "Opgaveudvalget om Gamle Dage" in html
    assert reverse("meetings:committee", args=["innovation"]) in html

    response, html = get(client, reverse("meetings:committees"), headers=HTMX)
    assert response.status_code == 200
    assert 'id="committee-list"' in html
    assert "<html" not in html


def test_committee_detail_page_and_fragment(client, committee, meeting, committee_member):
    committee.description = "Udvalget skal udvikle en model for innovation."
    committee.save()
    MandateTaskFactory(
        committee=committee,
        title="Idékatalog for samskabelse",
        deliverable="Et udkast til idékatalog",
        due_text="medio 2017",
        due_date=datetime.date(2017, 6, 30),
        status=MandateTask.Status.IN_PROGRESS,
    )
    url = reverse("meetings:committee", args=[committee.slug])
    response, html = get(client, url)
    assert response.status_code == 200
    assert "<html" in html
    assert 'id="committee-detail"' in html
    assert "Udvalget skal udvikle en model for innovation." in html
    assert "Idékatalog for samskabelse" in html
    assert "medio 2017" in html and "30. juni 2017" in html
    assert gettext("Overdue") in html
    assert committee_member.get_full_name() in html
    assert reverse("meetings:committee_ical", args=[committee.slug]) in html
    assert meeting.get_absolute_url() in html
    assert "Teknologilaboratorium" in html

    response, html = get(client, url, headers=HTMX)
    assert 'id="committee-detail"' in html
    assert "<html" not in html


def section(html, dom_id):
    """The text of the element with ``dom_id`` up to its closing section, or None."""
    start = html.find(f'id="{dom_id}"')
    return None if start == -1 else html[start : html.index("</section>", start)]


def test_a_committee_whose_period_has_ended_is_historic(client, committee, other_committee):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    committee.period_end = yesterday
    committee.save()
    other_committee.period_end = timezone.localdate()  # its last day
    other_committee.save()

    html = get(client, reverse("meetings:committee", args=[committee.slug]))[1]
    assert gettext("Historic") in html
    assert gettext("The committee has ended its period: it is read-only.") in html
    assert gettext("Active") not in html
    html = get(client, reverse("meetings:committee", args=[other_committee.slug]))[1]
    assert gettext("Active") in html and gettext("Historic") not in html

    html = get(client, reverse("meetings:committees"))[1]
    active, historic = html.split(f"<h2>{gettext('Historic committees')}</h2>")
    assert other_committee.name in active and committee.name not in active
    assert committee.name in historic and other_committee.name not in historic
    assert list(Committee.objects.historic()) == [committee]
    assert list(Committee.objects.active()) == [other_committee]


def test_committee_detail_lists_meetings_by_state(client, committee):
    groups = _meetings_in_every_state(committee)
    html = get(client, reverse("meetings:committee", args=[committee.slug]))[1]
    assert_listed_by_state(html, groups)


def test_committee_detail_queries_do_not_grow(client, roles, committee, other_committee):
    url = reverse("meetings:committee", args=[committee.slug])
    _meetings(committee, other_committee, 0, 5)
    client.get(url)
    few = count_queries(client, url)
    _meetings(committee, other_committee, 5, 45)
    assert count_queries(client, url) == few


def test_committee_detail_unknown_is_404(client, db):
    assert client.get(reverse("meetings:committee", args=["findes-ikke"])).status_code == 404


def test_committee_mandate_links_only_visible_items(client, roles, committee, closed_item):
    task = MandateTaskFactory(committee=committee, title="Teknologilaboratoriet")
    task.items.add(closed_item)
    url = reverse("meetings:committee", args=[committee.slug])
    for name, user, sees_closed in roles:
        client.logout()
        html = get(as_user(client, user), url)[1]
        assert (SECRET in html) is sees_closed, name
        assert closed_item.get_absolute_url() in html, name
        if not sees_closed:
            assert gettext("Closed item") in html, name


def test_committee_detail_hides_draft_meetings(client, committee):
    MeetingFactory(committee=committee, title="Kladdemøde", state=Meeting.State.DRAFT)
    html = get(client, reverse("meetings:committee", args=[committee.slug]))[1]
    assert "Kladdemøde" not in html


# Meeting list ----------------------------------------------------------------------------


def test_meeting_list_page_and_fragment(client, meeting, other_committee):
    meeting.co_hosts.add(other_committee)
    MeetingFactory(committee=meeting.committee, title="Kladdemøde", state=Meeting.State.DRAFT)
    response, html = get(client, reverse("meetings:index"))
    assert response.status_code == 200
    assert "<html" in html
    assert 'id="meeting-list"' in html
    assert "Teknologilaboratorium" in html
    assert "Kladdemøde" not in html
    assert other_committee.display_name in html
    assert reverse("meetings:ical") in html
    assert 'hx-get="/moeder/"' in html and 'hx-push-url="true"' in html
    local = timezone.localtime(meeting.starts_at)
    assert f"{local:%H:%M}" in html

    response, html = get(client, reverse("meetings:index"), headers=HTMX)
    assert 'id="meeting-list"' in html
    assert "<html" not in html
    assert "Teknologilaboratorium" in html


def test_meeting_list_history_restore_gets_the_whole_page(client, meeting):
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    response, html = get(client, reverse("meetings:index"), headers=headers)
    assert "<html" in html
    assert "HX-Request" in response["Vary"]


def test_meeting_list_filters(client, committee, other_committee):
    MeetingFactory(committee=committee, title="Innovationsmøde")
    MeetingFactory(committee=other_committee, title="Trafikmøde")
    joint = MeetingFactory(committee=other_committee, title="Fællesmøde")
    joint.co_hosts.add(committee)
    MeetingFactory(
        committee=committee,
        title="Gammelt møde",
        starts_at=timezone.make_aware(datetime.datetime(2017, 9, 26, 9, 0)),
        state=Meeting.State.HELD,
    )
    url = reverse("meetings:index")

    html = get(client, url, query_params={"committee": "innovation"}, headers=HTMX)[1]
    assert "Innovationsmøde" in html and "Fællesmøde" in html
    assert "Trafikmøde" not in html

    html = get(client, url, query_params={"year": "2017"})[1]
    assert "Gammelt møde" in html
    assert "Innovationsmøde" not in html
    assert "26. september 2017" in html

    # An unknown filter value is ignored instead of failing.
    response, html = get(client, url, query_params={"year": "abc", "committee": "nope"})
    assert response.status_code == 200
    assert "Innovationsmøde" in html


def test_meeting_list_respects_publication_policy(client, committee, secretariat):
    committee.public_access = Committee.PublicAccess.NOTHING
    committee.save()
    MeetingFactory(committee=committee, title="Lukket møde")
    assert "Lukket møde" not in get(client, reverse("meetings:index"))[1]
    client.force_login(secretariat)
    assert "Lukket møde" in get(client, reverse("meetings:index"))[1]


def _meetings_in_every_state(committee):
    """Meetings for each heading of the meeting lists, by the heading's DOM id."""
    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    return {
        "meetings-upcoming": [
            MeetingFactory(committee=committee, title="Næste møde", starts_at=now + 24 * hours),
            # Started an hour ago and not over yet: still to come, not "not marked held".
            MeetingFactory(
                committee=committee,
                title="Mødet i gang",
                starts_at=now - hours,
                ends_at=now + hours,
            ),
        ],
        "meetings-not-marked-held": [
            # The agenda is published and the meeting is over, but nobody marked it held.
            MeetingFactory(
                committee=committee,
                title="Glemt møde",
                starts_at=now - 72 * hours,
                ends_at=now - 70 * hours,
            ),
        ],
        "meetings-held": [
            hold(MeetingFactory(committee=committee, title="Møde uden godkendt referat")),
        ],
        "meetings-approved": [
            hold(
                MeetingFactory(committee=committee, title="Møde med godkendt referat"),
                approved=True,
            ),
        ],
    }


def assert_listed_by_state(html, groups):
    for dom_id, meetings in groups.items():
        listed = section(html, dom_id)
        others = [m for other, ms in groups.items() if other != dom_id for m in ms]
        assert all(meeting.title in listed for meeting in meetings), dom_id
        assert not any(meeting.title in listed for meeting in others), dom_id


def test_meeting_list_lists_meetings_by_state(client, committee, secretariat):
    groups = _meetings_in_every_state(committee)
    groups["meetings-upcoming"].append(
        MeetingFactory(
            committee=committee,
            title="Kladde til et senere møde",
            state=Meeting.State.DRAFT,
            starts_at=timezone.now() + datetime.timedelta(days=30),
        )
    )
    client.force_login(secretariat)
    html = get(client, reverse("meetings:index"))[1]
    assert_listed_by_state(html, groups)
    # In the order of a meeting's life.
    assert [html.index(f'id="{dom_id}"') for dom_id in groups] == sorted(
        html.index(f'id="{dom_id}"') for dom_id in groups
    )


def test_a_published_meeting_whose_time_has_passed_is_not_listed_as_held(client, committee):
    MeetingFactory(
        committee=committee,
        title="Dagsorden offentliggjort, tiden gået",
        starts_at=timezone.now() - datetime.timedelta(days=2),
    )
    html = get(client, reverse("meetings:index"))[1]
    listed = section(html, "meetings-not-marked-held")
    assert "Dagsorden offentliggjort, tiden gået" in listed
    assert gettext("Not marked as held") in listed
    assert "Dagsorden offentliggjort, tiden gået" not in section(html, "meetings-approved")
    assert section(html, "meetings-held") is None  # an empty group is left out


def test_meeting_list_empty_groups(client, db):
    html = get(client, reverse("meetings:index"))[1]
    assert gettext("No upcoming meetings.") in section(html, "meetings-upcoming")
    assert gettext("No held meetings with approved minutes.") in section(html, "meetings-approved")
    assert section(html, "meetings-not-marked-held") is None
    assert section(html, "meetings-held") is None


def test_every_group_of_the_meeting_list_is_paginated(client, committee):
    now = timezone.now()
    for n in range(15):
        MeetingFactory(
            committee=committee, title=f"Kommende {n:02}", starts_at=now + timezone.timedelta(n + 1)
        )
        hold(MeetingFactory(committee=committee, title=f"Afholdt {n:02}"), approved=True)
    url = reverse("meetings:index")
    html = get(client, url)[1]
    upcoming = section(html, "meetings-upcoming")
    assert "Kommende 00" in upcoming and "Kommende 09" in upcoming
    assert "Kommende 10" not in upcoming
    assert "?upcoming_page=2" in upcoming
    assert section(html, "meetings-approved").count("Afholdt ") == 10

    html = get(client, url, query_params={"upcoming_page": 2, "page": 2}, headers=HTMX)[1]
    upcoming = section(html, "meetings-upcoming")
    assert "Kommende 10" in upcoming and "Kommende 09" not in upcoming
    assert "upcoming_page=1" in upcoming and "page=2" in upcoming  # keeps the other page
    assert section(html, "meetings-approved").count("Afholdt ") == 5


def _meetings(committee, co_host, start, count):
    for n in range(start, start + count):
        days = n + 1 if n % 2 else -(n + 1)
        meeting = MeetingFactory(
            committee=committee,
            number=100 + n,
            starts_at=timezone.now() + datetime.timedelta(days=days),
            state=Meeting.State.PUBLISHED if days > 0 else Meeting.State.HELD,
        )
        meeting.co_hosts.add(co_host)


@pytest.mark.parametrize("role", ["anonymous", "member", "secretariat"])
def test_meeting_list_queries_do_not_grow(
    client, roles, role, committee, other_committee, one_minute
):
    user = {name: user for name, user, _ in roles}[role]
    as_user(client, user)
    url = reverse("meetings:index")
    _meetings(committee, other_committee, 0, 5)
    few = cold_and_warm(client, url)
    _meetings(committee, other_committee, 5, 45)
    many = cold_and_warm(client, url)
    assert few == many
    cold, warm = many
    assert warm < cold
    assert warm <= 12


# Meeting detail --------------------------------------------------------------------------


def test_meeting_detail_page_and_fragment(client, meeting, open_item, other_committee):
    meeting.co_hosts.add(other_committee)
    meeting.kind = Meeting.Kind.CONFERENCE
    meeting.purposes = "At inspirere udvalget\nAt drøfte teknologi"
    meeting.save()
    talk = ProgrammeItemFactory(meeting=meeting, title="Velkomst og oplæg")
    talk.speakers.add(SpeakerFactory(name="Anne Jensen", title="Innovationschef"))
    group = WorkshopGroupFactory(meeting=meeting, name="Politikergruppen", audience="politikere")
    group.members.add(MembershipFactory(committee=meeting.committee, name="Borgmester Hansen"))
    url = meeting.get_absolute_url()
    response, html = get(client, url)
    assert response.status_code == 200
    assert "<html" in html
    assert 'id="meeting-detail"' in html
    for text in (
        "Teknologilaboratorium",
        other_committee.display_name,
        "At inspirere udvalget",
        "Velkomst og oplæg",
        "Anne Jensen",
        "Innovationschef",
        "Politikergruppen",
        "politikere",
        "Borgmester Hansen",
        "Gruppen foreslog et teknologilaboratorium.",
        "Åbent punkt om velfærdsteknologi",
    ):
        assert text in html, text
    # Each item expands in place and keeps a plain link to its own page.
    item_url = open_item.get_absolute_url()
    assert f'hx-get="{item_url}"' in html
    assert f'hx-target="#item-body-{open_item.pk}"' in html
    assert 'aria-expanded="false"' in html
    assert f'href="{item_url}"' in html
    assert reverse("meetings:minutes", args=[meeting.pk]) not in html

    response, html = get(client, url, headers=HTMX)
    assert 'id="meeting-detail"' in html
    assert "<html" not in html


def test_meeting_detail_links_minutes_once_held(client, meeting, open_item):
    hold(meeting)
    html = get(client, meeting.get_absolute_url())[1]
    assert reverse("meetings:minutes", args=[meeting.pk]) in html


def test_meeting_detail_404(client, committee, committee_member, secretariat):
    draft = MeetingFactory(committee=committee, state=Meeting.State.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(committee_member)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("meetings:meeting", args=[999_999])).status_code == 404
    client.force_login(secretariat)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_meeting_detail_closed_item(client, roles, meeting, open_item, closed_item):
    for name, user, sees_closed in roles:
        client.logout()
        as_user(client, user)
        for headers in ({}, HTMX):
            html = get(client, meeting.get_absolute_url(), headers=headers)[1]
            assert (SECRET in html) is sees_closed, name
            assert "Åbent punkt om velfærdsteknologi" in html, name
            if not sees_closed:
                assert gettext("Closed item") in html, name


def test_meeting_detail_shows_open_decision_of_closed_item(client, meeting, closed_item):
    hold(meeting)
    decide(closed_item, "Udvalget godkendte indstillingen.")
    html = get(client, meeting.get_absolute_url())[1]
    assert "Udvalget godkendte indstillingen." not in html
    closed_item.decision_is_open = True
    closed_item.save()
    html = get(client, meeting.get_absolute_url())[1]
    assert "Udvalget godkendte indstillingen." in html
    assert SECRET not in html


def test_meeting_detail_escapes_hostile_text(client, meeting):
    item = AgendaItemFactory(meeting=meeting, title=HOSTILE)
    meeting.title = HOSTILE
    meeting.save()
    html = get(client, meeting.get_absolute_url())[1]
    assert HOSTILE not in html
    assert "&lt;script&gt;" in html
    html = get(client, item.get_absolute_url())[1]
    assert HOSTILE not in html


def _items(meeting, start, count):
    for n in range(start, start + count):
        full_item(meeting, closed=n % 3 == 0, number=200 + n)


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_meeting_detail_queries_do_not_grow(client, roles, role, meeting, other_committee):
    user = {name: user for name, user, _ in roles}[role]
    as_user(client, user)
    meeting.co_hosts.add(other_committee)
    talk = ProgrammeItemFactory(meeting=meeting)
    talk.speakers.add(SpeakerFactory())
    WorkshopGroupFactory(meeting=meeting).members.add(
        MembershipFactory(committee=meeting.committee, name="Gruppemedlem")
    )
    url = meeting.get_absolute_url()
    _items(meeting, 0, 5)
    few = cold_and_warm(client, url)
    _items(meeting, 5, 45)
    many = cold_and_warm(client, url)
    assert few == many
    cold, warm = many
    assert warm < cold
    assert warm <= 12


# Item detail -----------------------------------------------------------------------------


def test_item_detail_page_and_fragment(client, meeting, open_item):
    url = open_item.get_absolute_url()
    response, html = get(client, url)
    assert response.status_code == 200
    assert "<html" in html
    assert f'id="item-detail-{open_item.pk}"' in html
    for text in (
        "Åbent punkt om velfærdsteknologi",
        "Resumé af sagen.",
        "Baggrundstekst.",
        "At udvalget godkender.",
        "Tværgående Funktioner",
        f"Åbent bilag {open_item.number}",
    ):
        assert text in html, text
    # Sections keep their stored order.
    assert html.index("Resumé af sagen.") < html.index("Baggrundstekst.")
    # An open item's closed attachment is not listed for the public; no file, no link.
    assert f"Lukket bilag {open_item.number}" not in html
    assert reverse("meetings:attachment", args=[open_item.attachments.first().pk]) not in html

    response, html = get(client, url, headers=HTMX)
    assert f'id="item-detail-{open_item.pk}"' in html
    assert "<html" not in html
    assert "Resumé af sagen." in html


def _section_headings(html):
    return re.findall(r'<section class="item-section[^"]*">\s*<h2>([^<]*)</h2>', html)


def test_item_section_headings_follow_the_language(client, open_item):
    """Danish shows every heading as written in the source document; English shows the
    canonical sections by their kind and keeps a free section's heading as written."""
    ItemSectionFactory(
        item=open_item,
        order=3,
        key=ItemSection.Key.BACKGROUND,
        heading="Sagsfremstilling",
        text="Sagens forløb.",
    )
    ItemSectionFactory(
        item=open_item, order=4, key=ItemSection.Key.OTHER, heading="Økonomi", text="Kr. 0."
    )
    ItemSectionFactory(item=open_item, order=5, key=ItemSection.Key.OTHER, heading="", text="-")
    danish = get(client, f"/moeder/punkt/{open_item.pk}/")[1]
    english = get(client, f"/en/moeder/punkt/{open_item.pk}/")[1]
    assert _section_headings(danish)[:5] == [
        "Resumé",
        "Baggrund",
        "Sagsfremstilling",
        "Økonomi",
        "Andet",
    ]
    assert _section_headings(english)[:5] == [
        "Summary",
        "Background",
        "Background",
        "Økonomi",
        "Other",
    ]
    # The headings the page prints itself are translated too.
    assert "<h2>Attachments</h2>" in english and "<h2>Bilag</h2>" in danish
    assert "<h2>Recommendation</h2>" in english


def test_item_expands_and_collapses_in_place(client, open_item):
    url = open_item.get_absolute_url()
    headers = {**HTMX, "HX-Target": f"item-body-{open_item.pk}"}
    html = get(client, url, headers=headers)[1]
    assert "<html" not in html
    assert f'id="item-detail-{open_item.pk}"' in html
    assert "Resumé af sagen." in html
    assert 'hx-swap-oob="true"' in html
    assert 'aria-expanded="true"' in html
    assert f'hx-get="{url}?show=summary"' in html

    html = get(client, url, query_params={"show": "summary"}, headers=headers)[1]
    assert "Resumé af sagen." not in html
    assert 'aria-expanded="false"' in html
    assert f'href="{url}"' in html


def test_item_detail_404(client, committee, committee_member):
    draft = MeetingFactory(committee=committee, state=Meeting.State.DRAFT)
    item = full_item(draft)
    assert client.get(item.get_absolute_url()).status_code == 404
    client.force_login(committee_member)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.get(reverse("meetings:item", args=[999_999])).status_code == 404


def test_item_detail_closed_item(client, roles, closed_item):
    url = closed_item.get_absolute_url()
    inline = {**HTMX, "HX-Target": f"item-body-{closed_item.pk}"}
    for name, user, sees_closed in roles:
        client.logout()
        as_user(client, user)
        for headers in ({}, HTMX, inline):
            response, html = get(client, url, headers=headers)
            assert response.status_code == 200, name
            assert (SECRET in html) is sees_closed, name
            assert ("Resumé af sagen." in html) is sees_closed, name
            assert ("Tværgående Funktioner" in html) is sees_closed, name
            if not sees_closed:
                assert gettext("Closed item") in html, name
                assert str(closed_item.number) in html, name


def test_item_detail_closed_item_shows_only_an_open_decision(client, meeting, closed_item):
    hold(meeting)
    decide(closed_item, "Åben beslutning: sagen sendes videre.")
    closed_item.decision_is_open = True
    closed_item.save()
    html = get(client, closed_item.get_absolute_url())[1]
    assert "Åben beslutning: sagen sendes videre." in html
    assert SECRET not in html
    assert gettext("Approved") not in html


def test_item_detail_member_sees_closed_attachments(client, committee_member, open_item):
    client.force_login(committee_member)
    html = get(client, open_item.get_absolute_url())[1]
    assert f"Lukket bilag {open_item.number}" in html
    assert gettext("Closed attachment") in html


def test_item_detail_decisions_and_previous_decisions(client, committee, meeting):
    case = CaseFactory()
    earlier_meeting = hold(
        MeetingFactory(committee=committee, number=3, title="Tidligere møde"), approved=True
    )
    earlier_meeting.starts_at = timezone.now() - datetime.timedelta(days=60)
    earlier_meeting.save()
    earlier = full_item(earlier_meeting, title="Første behandling", case=case)
    decide(earlier, "Udvalget bad om et oplæg.")
    item = full_item(meeting, title="Anden behandling", case=case)
    ItemSectionFactory(
        item=item,
        order=5,
        key=ItemSection.Key.PREVIOUS_DECISIONS,
        heading="Tidligere beslutninger",
        text="Beslutning fra Opgaveudvalget, 1. marts 2017, pkt. 3: Godkendt.",
    )
    hold(meeting)
    decide(item, "Godkendt med bemærkninger.")
    html = get(client, item.get_absolute_url())[1]
    assert "Beslutning fra Opgaveudvalget, 1. marts 2017, pkt. 3: Godkendt." in html
    assert earlier.get_absolute_url() in html
    assert "Første behandling" in html
    assert "Udvalget bad om et oplæg." in html
    assert "Godkendt med bemærkninger." in html
    assert gettext("Approved") in html


def test_item_detail_conflicts_of_interest(client, meeting, open_item):
    membership = MembershipFactory(committee=meeting.committee, name="Inhabil Person")
    ConflictOfInterest.objects.create(item=open_item, membership=membership)
    html = get(client, open_item.get_absolute_url())[1]
    assert "Inhabil Person" in html


def test_item_detail_escapes_hostile_section(client, meeting):
    item = AgendaItemFactory(meeting=meeting, title=HOSTILE)
    ItemSectionFactory(item=item, heading=HOSTILE, text=HOSTILE)
    for headers in ({}, HTMX):
        html = get(client, item.get_absolute_url(), headers=headers)[1]
        assert HOSTILE not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def _item_parts(item, case, start, count):
    for n in range(start, start + count):
        ItemSectionFactory(item=item, order=n, heading=f"Afsnit {n}")
        RecommendationPointFactory(item=item, order=n)
        AttachmentFactory(item=item, order=n, is_closed=n % 2 == 0)
        ConflictOfInterest.objects.create(
            item=item, membership=MembershipFactory(committee=item.meeting.committee, name=f"M{n}")
        )
        earlier = MeetingFactory(
            committee=item.meeting.committee,
            starts_at=item.meeting.starts_at - datetime.timedelta(days=n + 1),
        )
        AgendaItemFactory(meeting=earlier, case=case, is_closed=n % 2 == 0)


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_item_detail_queries_do_not_grow(client, roles, role, meeting):
    user = {name: user for name, user, _ in roles}[role]
    as_user(client, user)
    case = CaseFactory()
    item = AgendaItemFactory(meeting=meeting, case=case)
    url = item.get_absolute_url()
    _item_parts(item, case, 0, 5)
    few = cold_and_warm(client, url)
    _item_parts(item, case, 5, 45)
    many = cold_and_warm(client, url)
    assert few == many
    cold, warm = many
    assert warm < cold
    assert warm <= 12


# Publication policy ----------------------------------------------------------------------


def test_decisions_only_policy(client, committee, meeting, open_item):
    committee.public_access = Committee.PublicAccess.DECISIONS
    committee.save()
    # Published but not held: not public yet.
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(open_item.get_absolute_url()).status_code == 404
    assert "Teknologilaboratorium" not in get(client, reverse("meetings:index"))[1]

    hold(meeting)
    decide(open_item, "Godkendt af udvalget.")
    html = get(client, meeting.get_absolute_url())[1]
    assert "Godkendt af udvalget." in html
    html = get(client, open_item.get_absolute_url())[1]
    assert "Godkendt af udvalget." in html
    assert "At udvalget godkender." in html
    assert "Resumé af sagen." not in html
    assert "Baggrundstekst." not in html
    assert f"Åbent bilag {open_item.number}" not in html
    html = get(client, reverse("meetings:minutes", args=[meeting.pk]))[1]
    assert "Godkendt af udvalget." in html
    assert "Resumé af sagen." not in html


def test_nothing_policy(client, committee, meeting, open_item, committee_member):
    committee.public_access = Committee.PublicAccess.NOTHING
    committee.save()
    hold(meeting)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(open_item.get_absolute_url()).status_code == 404
    assert client.get(reverse("meetings:minutes", args=[meeting.pk])).status_code == 404
    client.force_login(committee_member)
    assert client.get(meeting.get_absolute_url()).status_code == 200


# Private notes ---------------------------------------------------------------------------


def note_url(item):
    return reverse("meetings:item_note", args=[item.pk])


def test_note_form_only_for_readers_in_full(client, committee_member, open_item, closed_item):
    html = get(client, open_item.get_absolute_url())[1]
    assert note_url(open_item) not in html
    client.force_login(committee_member)
    html = get(client, open_item.get_absolute_url())[1]
    assert f'hx-post="{note_url(open_item)}' in html
    assert f'id="item-note-{open_item.pk}"' in html


def test_note_saved_in_place(client, committee_member, open_item):
    client.force_login(committee_member)
    text = "Husk at spørge om økonomien."
    response = client.post(note_url(open_item), {"text": text}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'id="item-note-{open_item.pk}"' in html
    note = PrivateNote.objects.get(user=committee_member, item=open_item)
    assert note.text == "Husk at spørge om økonomien."
    saved = gettext("Saved at %(time)s") % {"time": f"{timezone.localtime(note.updated_at):%H:%M}"}
    assert saved in html
    assert "Husk at spørge om økonomien." in html

    # Shown again on the item page, and updated rather than duplicated.
    assert "Husk at spørge om økonomien." in get(client, open_item.get_absolute_url())[1]
    client.post(note_url(open_item), {"text": "Ny tekst."}, headers=HTMX)
    assert PrivateNote.objects.get(user=committee_member, item=open_item).text == "Ny tekst."


def test_note_plain_post_redirects_back(client, committee_member, open_item):
    client.force_login(committee_member)
    response = client.post(note_url(open_item), {"text": "Uden JavaScript."})
    assert response.status_code == 302
    assert response.url.startswith(open_item.get_absolute_url())
    assert PrivateNote.objects.get(user=committee_member).text == "Uden JavaScript."


def test_note_empty_deletes(client, committee_member, open_item):
    PrivateNote.objects.create(user=committee_member, item=open_item, text="Gammel note")
    client.force_login(committee_member)
    response = client.post(note_url(open_item), {"text": "   "}, headers=HTMX)
    assert response.status_code == 200
    assert not PrivateNote.objects.exists()


def test_note_is_private(client, committee_member, secretariat, open_item):
    PrivateNote.objects.create(user=committee_member, item=open_item, text="Min hemmelige note")
    for user in (None, secretariat):
        client.logout()
        as_user(client, user)
        for headers in ({}, HTMX):
            html = get(client, open_item.get_absolute_url(), headers=headers)[1]
            assert "Min hemmelige note" not in html
        html = get(client, open_item.meeting.get_absolute_url())[1]
        assert "Min hemmelige note" not in html
    client.force_login(committee_member)
    assert "Min hemmelige note" in get(client, open_item.get_absolute_url())[1]


def test_note_too_long_is_refused(client, committee_member, open_item):
    client.force_login(committee_member)
    response = client.post(note_url(open_item), {"text": "x" * 10_001}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 422
    assert "<html" not in html
    message = gettext(
        "A note may be at most %(limit_value)s characters long; this one has %(show_value)s."
    ) % {"limit_value": 10000, "show_value": 10001}
    assert message in html
    assert not PrivateNote.objects.exists()

    response = client.post(note_url(open_item), {"text": "x" * 10_001})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not PrivateNote.objects.exists()


def test_note_refused_for_anonymous(client, open_item):
    response = client.post(note_url(open_item), {"text": "Hej"})
    assert response.status_code == 302
    assert reverse("login") in response.url
    assert client.post(note_url(open_item), {"text": "Hej"}, headers=HTMX).status_code == 403
    assert not PrivateNote.objects.exists()


def test_note_get_is_405(client, committee_member, open_item):
    client.force_login(committee_member)
    assert client.get(note_url(open_item)).status_code == 405


def test_note_404_without_full_access(client, other_member, committee_member, closed_item):
    client.force_login(other_member)
    assert client.post(note_url(closed_item), {"text": "Hej"}).status_code == 404
    draft_item = full_item(MeetingFactory(committee=closed_item.meeting.committee, state="draft"))
    client.force_login(committee_member)
    assert client.post(note_url(draft_item), {"text": "Hej"}).status_code == 404
    assert not PrivateNote.objects.exists()


# Minutes ---------------------------------------------------------------------------------


def test_minutes_page_and_fragment(client, meeting, open_item, committee_member):
    hold(meeting)
    decide(open_item, "Indstillingen blev godkendt.")
    membership = Membership.objects.get(user=committee_member)
    Attendance.objects.create(meeting=meeting, membership=membership)
    absent = MembershipFactory(committee=meeting.committee, name="Fraværende Borger")
    Attendance.objects.create(
        meeting=meeting,
        membership=absent,
        status=Attendance.Status.SUBSTITUTE,
        substitute="Suppleant Sørensen",
    )
    url = reverse("meetings:minutes", args=[meeting.pk])
    response, html = get(client, url)
    assert response.status_code == 200
    assert "<html" in html
    assert 'id="minutes"' in html
    for text in (
        committee_member.get_full_name(),
        "Fraværende Borger",
        "Suppleant Sørensen",
        "At udvalget godkender.",
        gettext("Approved"),
        "Indstillingen blev godkendt.",
        gettext("The minutes are not yet approved."),
    ):
        assert text in html, text

    response, html = get(client, url, headers=HTMX)
    assert 'id="minutes"' in html
    assert "<html" not in html


def test_minutes_approved(client, meeting, open_item):
    hold(meeting, approved=True)
    html = get(client, reverse("meetings:minutes", args=[meeting.pk]))[1]
    date = timezone.localtime(meeting.approved_at).date()
    assert f"{date.day}. " in html
    assert gettext("The minutes are not yet approved.") not in html


def test_minutes_404(client, meeting, committee):
    assert client.get(reverse("meetings:minutes", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:minutes", args=[999_999])).status_code == 404


def test_minutes_closed_item(client, roles, meeting, open_item, closed_item):
    hold(meeting)
    decide(closed_item, "Lukket beslutning om personalesag.")
    url = reverse("meetings:minutes", args=[meeting.pk])
    for name, user, sees_closed in roles:
        client.logout()
        as_user(client, user)
        for headers in ({}, HTMX):
            html = get(client, url, headers=headers)[1]
            assert (SECRET in html) is sees_closed, name
            assert ("Lukket beslutning om personalesag." in html) is sees_closed, name
            if not sees_closed:
                assert gettext("Closed item") in html, name


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_minutes_queries_do_not_grow(client, roles, role, meeting, committee_member):
    user = {name: user for name, user, _ in roles}[role]
    as_user(client, user)
    hold(meeting)
    url = reverse("meetings:minutes", args=[meeting.pk])

    def add(start, count):
        _items(meeting, start, count)
        for n in range(start, start + count):
            membership = MembershipFactory(committee=meeting.committee, name=f"Deltager {n}")
            Attendance.objects.create(meeting=meeting, membership=membership)
        for item in AgendaItem.objects.filter(meeting=meeting, conflicts__isnull=True)[:count]:
            ConflictOfInterest.objects.create(
                item=item, membership=Membership.objects.filter(committee=meeting.committee).last()
            )

    add(0, 5)
    client.get(url)
    few = count_queries(client, url)
    add(5, 45)
    many = count_queries(client, url)
    assert few == many


# Attachments -----------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _with_file(item, *, closed=False):
    return AttachmentFactory(
        item=item,
        title="Program for konferencen",
        is_closed=closed,
        file=SimpleUploadedFile("program.pdf", PDF, content_type="application/pdf"),
    )


def test_open_attachment_downloads(client, media, open_item):
    attachment = _with_file(open_item)
    html = get(client, open_item.get_absolute_url())[1]
    assert attachment.get_absolute_url() in html
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="program.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_closed_attachment_only_for_members(
    client, media, open_item, other_member, committee_member, secretariat
):
    attachment = _with_file(open_item, closed=True)
    url = attachment.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(other_member)
    assert client.get(url).status_code == 404
    for user in (committee_member, secretariat):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_attachment_of_closed_item_and_without_file(client, media, closed_item, open_item):
    attachment = _with_file(closed_item)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    without_file = open_item.attachments.filter(is_closed=False).first()
    assert client.get(without_file.get_absolute_url()).status_code == 404
    assert client.get(reverse("meetings:attachment", args=[999_999])).status_code == 404


def test_attachment_of_draft_is_404_even_for_members(client, media, committee, committee_member):
    draft = MeetingFactory(committee=committee, state=Meeting.State.DRAFT)
    attachment = _with_file(AgendaItemFactory(meeting=draft))
    client.force_login(committee_member)
    assert client.get(attachment.get_absolute_url()).status_code == 404
