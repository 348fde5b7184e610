import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import actions
from meetings.models import AgendaItem, Meeting, RecommendationPoint
from tests.concurrency import at_once, slowed
from tests.meetings.factories import MeetingFactory, full_item


@pytest.fixture
def draft(committee):
    return MeetingFactory(committee=committee, state=Meeting.State.DRAFT)


def started(meeting):
    """``meeting`` as it began two hours ago."""
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=2)
    meeting.save(update_fields=["starts_at"])
    return meeting


def test_publish_needs_items(draft):
    with pytest.raises(actions.ActionError, match="uden punkter|without items"):
        actions.publish_agenda(meeting=draft)
    draft.refresh_from_db()
    assert draft.state == Meeting.State.DRAFT
    full_item(draft)
    meeting = actions.publish_agenda(meeting=draft)
    assert meeting.state == Meeting.State.PUBLISHED
    assert meeting.published_at is not None


def test_life_cycle_in_order(draft):
    item = full_item(draft)
    with pytest.raises(actions.ActionError):
        actions.mark_held(meeting=started(draft))
    draft.starts_at = timezone.now() + datetime.timedelta(days=1)
    draft.save(update_fields=["starts_at"])
    actions.publish_agenda(meeting=draft)
    with pytest.raises(actions.ActionError):
        actions.record_decision(item=item, decision="Godkendt.")
    with pytest.raises(actions.ActionError):
        actions.approve_minutes(meeting=draft)
    with pytest.raises(actions.ActionError):
        actions.mark_held(meeting=draft)  # not started yet
    actions.mark_held(meeting=started(draft))
    points = list(item.points.all())
    actions.record_decision(
        item=item,
        decision="Godkendt.",
        outcomes={
            points[0].pk: (RecommendationPoint.Outcome.APPROVED, ""),
            points[1].pk: (RecommendationPoint.Outcome.AMENDED, "Med den ændring at …"),
        },
    )
    item.refresh_from_db()
    assert item.decision == "Godkendt."
    assert [p.outcome for p in item.points.all()] == ["approved", "amended"]
    actions.approve_minutes(meeting=draft)
    draft.refresh_from_db()
    assert draft.is_locked
    with pytest.raises(actions.ActionError):
        actions.record_decision(item=item, decision="Forkastet.")
    item.refresh_from_db()
    assert item.decision == "Godkendt."


def test_amended_point_needs_text_and_nothing_is_half_saved(meeting):
    item = full_item(meeting)
    actions.mark_held(meeting=started(meeting))
    first, second = item.points.all()
    with pytest.raises(actions.ActionError):
        actions.record_decision(
            item=item,
            decision="Godkendt.",
            outcomes={first.pk: ("approved", ""), second.pk: ("amended", " ")},
        )
    item.refresh_from_db()
    assert item.decision == ""
    assert not RecommendationPoint.objects.filter(item=item).exclude(outcome="").exists()


def test_point_of_another_item_is_refused(meeting):
    item, other = full_item(meeting), full_item(meeting)
    actions.mark_held(meeting=started(meeting))
    with pytest.raises(actions.ActionError):
        actions.record_decision(
            item=item, decision="", outcomes={other.points.first().pk: ("approved", "")}
        )


def test_model_validation_refuses_decisions_before_the_meeting_is_held(meeting):
    item = full_item(meeting)
    item.decision = "Godkendt."
    with pytest.raises(ValidationError):
        item.full_clean()
    point = item.points.first()
    point.outcome = "approved"
    with pytest.raises(ValidationError):
        point.full_clean()


def test_item_numbers_run_on_through_the_year(committee):
    first = MeetingFactory(committee=committee, number=1)
    second = MeetingFactory(committee=committee, number=2, starts_at=first.starts_at)
    a = AgendaItem.objects.create(meeting=first, title="A")
    b = AgendaItem.objects.create(meeting=first, title="B")
    c = AgendaItem.objects.create(meeting=second, title="C")
    assert (a.number, b.number, c.number) == (1, 2, 3)


def test_secretariat_runs_the_admin_actions(client, secretariat, committee):
    empty = MeetingFactory(committee=committee, state=Meeting.State.DRAFT, number=90)
    ready = MeetingFactory(committee=committee, state=Meeting.State.DRAFT, number=91)
    full_item(ready)
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "publish_agenda", "_selected_action": [empty.pk, ready.pk]},
        follow=True,
    )
    assert response.status_code == 200
    empty.refresh_from_db()
    ready.refresh_from_db()
    assert empty.state == Meeting.State.DRAFT
    assert ready.state == Meeting.State.PUBLISHED
    text = response.content.decode()
    assert "uden punkter" in text


def test_approved_meeting_is_locked_in_the_admin(client, secretariat, meeting):
    item = full_item(meeting)
    actions.mark_held(meeting=started(meeting))
    actions.record_decision(
        item=item, decision="", outcomes={p.pk: ("noted", "") for p in item.points.all()}
    )
    actions.approve_minutes(meeting=meeting)
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:meetings_agendaitem_change", args=[item.pk]),
        {"meeting": meeting.pk, "number": item.number, "title": "Ændret"},
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.title != "Ændret"


@pytest.mark.parametrize("role", ["member", "staff"])
def test_admin_is_for_the_secretariat_only(client, request, role, meeting):
    user = request.getfixturevalue(role)
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    assert response.status_code == 403


def test_meetings_of_a_historic_committee_are_read_only(client, secretariat, meeting, committee):
    committee.period_end = timezone.localdate() - datetime.timedelta(days=1)
    committee.save()
    client.force_login(secretariat)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    assert client.get(url).status_code == 200  # still browsable
    response = client.post(url, {"title": "Ændret"})
    assert response.status_code == 403


def test_admin_lists_committees_by_the_status_of_their_period(
    client, secretariat, committee, other_committee
):
    committee.period_end = timezone.localdate() - datetime.timedelta(days=1)
    committee.save()
    client.force_login(secretariat)
    url = reverse("admin:meetings_committee_changelist")
    historic = client.get(url, {"status": "historic"}).content.decode()
    assert committee.name in historic and other_committee.name not in historic
    active = client.get(url, {"status": "active"}).content.decode()
    assert other_committee.name in active and committee.name not in active


def test_meetings_of_a_committee_on_its_last_day_can_change(client, secretariat, draft):
    draft.committee.period_end = timezone.localdate()
    draft.committee.save()
    client.force_login(secretariat)
    url = reverse("admin:meetings_meeting_change", args=[draft.pk])
    assert 'name="title"' in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_items_added_to_two_meetings_of_a_committee_at_once_take_numbers_in_turn(monkeypatch):
    """Item numbers run on through the committee's year, across its meetings. Two items added
    at the same moment to two of its meetings (each meeting locked by its own request) take
    the next two numbers, not the same one: the first holds its transaction open a moment."""
    first = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=3))
    second = MeetingFactory(committee=first.committee, starts_at=first.starts_at)
    # Between reading the last number and saving the next.
    slowed(monkeypatch, Meeting, "next_item_number")

    def add(meeting):
        return lambda: actions.save_item(meeting=meeting, fields={"title": f"Punkt {meeting.pk}"})

    results = at_once(add(first), add(second))
    assert all(isinstance(item, AgendaItem) for item in results), results
    numbers = AgendaItem.objects.filter(meeting__committee=first.committee).values_list(
        "number", flat=True
    )
    assert sorted(numbers) == [1, 2]
