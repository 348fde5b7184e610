"""Pages that do not grow with the number of meetings and items: bounded lists, a constant
number of queries, and access filters that reach rows through their indexes."""

import datetime
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import AgendaItem, Attachment, ItemSection, Meeting, RecommendationPoint
from meetings.views.pages import MEETINGS_PER_PAGE
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, full_item
from tests.planner import planner_without


def queries(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    client.get(url)  # the session's first-visit writes
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def upcoming(committee, start, count):
    now = timezone.now()
    for n in range(start, start + count):
        MeetingFactory(
            committee=committee, number=1000 + n, starts_at=now + datetime.timedelta(days=n + 1)
        )


@pytest.mark.parametrize("role", ["anonymous", "staff", "member", "other_member", "secretariat"])
def test_meeting_lists_are_paged_and_their_queries_do_not_grow(
    client, roles, committee, role, one_minute
):
    user = {name: user for name, user, _ in roles}[role]
    urls = ["/moeder/", f"/moeder/udvalg/{committee.slug}/"]
    upcoming(committee, 0, 5)
    few = [queries(client, user, url)[0] for url in urls]
    upcoming(committee, 5, 45)
    many = []
    for url in urls:
        count, html = queries(client, user, url)
        many.append(count)
        # One page of upcoming meetings, and a way to the next.
        assert html.count("Møde om velfærdsteknologi") == MEETINGS_PER_PAGE
        assert "upcoming_page=2" in html
    assert few == many
    assert max(many) <= 12


def test_the_next_page_of_upcoming_meetings(client, committee):
    upcoming(committee, 0, MEETINGS_PER_PAGE + 5)
    html = client.get("/moeder/?upcoming_page=2").content.decode()
    assert html.count("Møde om velfærdsteknologi") == 5
    assert "Side 2 af 2" in html
    fragment = client.get("/moeder/?upcoming_page=2", headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="meeting-list">')


def _plan(queryset, *, off=("seqscan",)):
    """The executed plan of ``queryset``, with sequential scans (and whatever else ``off``
    names) off: proves an index can serve it (the planner of a small test database would rather
    scan)."""
    sql, params = queryset.query.sql_with_params()
    with planner_without(*off) as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def _nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _rows_read(plan, table):
    return sum(
        node["Actual Rows"] * node["Actual Loops"]
        for node in _nodes(plan)
        if node.get("Relation Name") == table
    )


@pytest.mark.parametrize("role", ["anonymous", "member", "other_member", "secretariat"])
def test_the_parts_of_one_item_are_read_from_its_own_rows(roles, meeting, role):
    """Sections, points and attachments of an item (the item page, the prefetches of the
    meeting page, an attachment's download) are found through the item's index; the access
    rules join the item and its meeting instead of listing every visible item first."""
    user = {name: user for name, user, _ in roles}[role] or AnonymousUser()
    item = full_item(meeting)
    for n in range(30):
        full_item(MeetingFactory(committee=meeting.committee, number=100 + n))
    for model in (ItemSection, RecommendationPoint, Attachment):
        plan = _plan(model.objects.visible_to(user).filter(item=item))
        assert "Seq Scan" not in {node["Node Type"] for node in _nodes(plan)}
        # The item's own row (once per part at most), not the 31 items.
        assert _rows_read(plan, "meetings_agendaitem") <= 2, model
        assert _rows_read(plan, model._meta.db_table) <= 2, model


def test_a_meeting_s_items_are_read_from_its_own_rows(roles, meeting):
    for n in range(30):
        AgendaItemFactory(meeting=MeetingFactory(committee=meeting.committee, number=100 + n))
    for _name, user, _ in roles:
        plan = _plan(AgendaItem.objects.visible_to(user or AnonymousUser()).filter(meeting=meeting))
        assert "Seq Scan" not in {node["Node Type"] for node in _nodes(plan)}
        assert _rows_read(plan, "meetings_meeting") <= 2


@pytest.mark.parametrize(
    ("group", "index"),
    [("upcoming", "meeting_not_held_starts"), ("approved", "meeting_state_starts")],
)
def test_a_page_of_meetings_is_read_in_order_from_an_index(db, committee, group, index):
    """The lists' sort is served by an index: no sort of all rows."""
    upcoming(committee, 0, 40)
    Meeting.objects.filter(number__gte=1020).update(state=Meeting.State.APPROVED)
    plan = _plan(getattr(Meeting.objects, group)()[:20], off=("seqscan", "sort"))
    nodes = list(_nodes(plan))
    assert index in {node.get("Index Name") for node in nodes}
    assert "Sort" not in {node["Node Type"] for node in nodes}
