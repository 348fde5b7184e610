"""The access rules of meetings/querysets.py, read for every kind of reader."""

import pytest
from django.contrib.auth.models import AnonymousUser

from meetings.models import (
    AgendaItem,
    Attachment,
    Committee,
    ItemSection,
    Meeting,
    RecommendationPoint,
)
from tests.meetings.conftest import SECRET
from tests.meetings.factories import MeetingFactory, full_item


def reader(user):
    return user or AnonymousUser()


@pytest.fixture
def agenda(meeting, open_item, closed_item):
    return meeting


def test_every_reader_lists_both_items_but_only_some_read_the_closed_one(agenda, roles):
    for name, user, sees_closed in roles:
        items = list(AgendaItem.objects.filter(meeting=agenda).with_content(reader(user)))
        assert len(items) == 2, name
        closed = next(item for item in items if item.is_closed)
        assert closed.can_see_closed is sees_closed, name
        assert (closed.access == "full") is sees_closed, name
        text = " ".join(
            [closed.title, closed.decision, closed.recommendation_by]
            + [s.text for s in closed.sections.all()]
            + [p.text for p in closed.points.all()]
            + [a.title for a in closed.attachments.all()]
        )
        assert (SECRET in text) is sees_closed, name
        if not sees_closed:
            assert closed.display_title == "Lukket punkt"
            assert closed.is_restricted


def test_closed_attachments_of_open_items_only_for_members(agenda, open_item, roles):
    for name, user, sees_closed in roles:
        titles = set(
            Attachment.objects.visible_to(reader(user))
            .filter(item=open_item)
            .values_list("title", flat=True)
        )
        assert f"Åbent bilag {open_item.number}" in titles, name
        assert (f"Lukket bilag {open_item.number} " in titles) is sees_closed, name


def test_sections_and_points_filtered_the_same_way(agenda, closed_item, roles):
    for name, user, sees_closed in roles:
        sections = ItemSection.objects.visible_to(reader(user)).filter(item=closed_item)
        points = RecommendationPoint.objects.visible_to(reader(user)).filter(item=closed_item)
        assert sections.exists() is sees_closed, name
        assert points.exists() is sees_closed, name


def test_committee_may_show_closed_titles(agenda, closed_item, committee):
    committee.show_closed_titles = True
    committee.save()
    item = AgendaItem.objects.visible_to(AnonymousUser()).get(pk=closed_item.pk)
    assert SECRET in item.title
    assert not ItemSection.objects.visible_to(AnonymousUser()).filter(item=item).exists()


def test_open_decision_of_closed_item_is_public(agenda, closed_item):
    AgendaItem.objects.filter(pk=closed_item.pk).update(decision="Godkendt.")
    item = AgendaItem.objects.visible_to(AnonymousUser()).get(pk=closed_item.pk)
    assert item.decision == ""
    AgendaItem.objects.filter(pk=closed_item.pk).update(decision_is_open=True)
    item = AgendaItem.objects.visible_to(AnonymousUser()).get(pk=closed_item.pk)
    assert item.decision == "Godkendt."


def test_drafts_only_for_the_secretariat(committee, roles):
    draft = MeetingFactory(committee=committee, state=Meeting.State.DRAFT)
    full_item(draft, secret=SECRET)
    for name, user, _sees_closed in roles:
        visible = Meeting.objects.visible_to(reader(user)).filter(pk=draft.pk).exists()
        assert visible is (name == "secretariat"), name
        items = AgendaItem.objects.visible_to(reader(user)).filter(meeting=draft)
        assert items.exists() is (name == "secretariat"), name


def test_co_hosting_committee_members_read_closed_items(meeting, closed_item, other_committee):
    from tests.factories import UserFactory
    from tests.meetings.factories import MembershipFactory

    guest = UserFactory(username="gaest", role="Udvalgsmedlem")
    MembershipFactory(committee=other_committee, user=guest)
    assert AgendaItem.objects.visible_to(guest).get(pk=closed_item.pk).access == "closed"
    meeting.co_hosts.add(other_committee)
    assert AgendaItem.objects.visible_to(guest).get(pk=closed_item.pk).access == "full"


@pytest.mark.parametrize(
    ("policy", "state", "visible", "access"),
    [
        (Committee.PublicAccess.AGENDA, Meeting.State.PUBLISHED, True, "full"),
        (Committee.PublicAccess.DECISIONS, Meeting.State.PUBLISHED, False, None),
        (Committee.PublicAccess.DECISIONS, Meeting.State.HELD, True, "decision"),
        (Committee.PublicAccess.DECISIONS, Meeting.State.APPROVED, True, "decision"),
        (Committee.PublicAccess.NOTHING, Meeting.State.APPROVED, False, None),
    ],
)
def test_publication_policy_for_the_public(
    committee, committee_member, staff, policy, state, visible, access
):
    committee.public_access = policy
    committee.save()
    meeting = MeetingFactory(committee=committee, state=state)
    item = full_item(meeting)
    for user in (AnonymousUser(), staff):
        found = AgendaItem.objects.visible_to(user).filter(pk=item.pk).first()
        assert (found is not None) is visible
        if found:
            assert found.access == access
            sections = ItemSection.objects.visible_to(user).filter(item=item).exists()
            assert sections is (access == "full")
            assert RecommendationPoint.objects.visible_to(user).filter(item=item).exists()
    # The committee's own members always read their non-draft meetings in full.
    assert AgendaItem.objects.visible_to(committee_member).get(pk=item.pk).access == "full"


def test_visible_to_is_chainable_and_keeps_scrubbing(agenda, closed_item):
    qs = AgendaItem.objects.visible_to(AnonymousUser()).filter(is_closed=True).order_by("number")
    assert [item.title for item in qs] == [""]
    assert SECRET not in str(list(qs.values_list("access", flat=True)))


def test_document_audiences(agenda, closed_item, roles):
    from innovation.shared import permissions
    from meetings.rules import document_audience as audience_for
    from meetings.rules import document_reader

    members = document_reader(agenda, permissions.MEMBERS)
    public = document_reader(agenda, permissions.PUBLIC)
    assert AgendaItem.objects.visible_to(members).get(pk=closed_item.pk).access == "full"
    assert AgendaItem.objects.visible_to(public).get(pk=closed_item.pk).access == "closed"
    for name, user, sees_closed in roles:
        expected = permissions.MEMBERS if sees_closed else permissions.PUBLIC
        assert audience_for(reader(user), agenda) == expected, name
