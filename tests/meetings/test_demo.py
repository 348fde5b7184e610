"""The meetings demo loaded by ``manage.py load_demo``: complete, consistent and idempotent."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db.models import F
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from meetings import demo, rules
from meetings.agenda_parser import parse_agenda_item
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Committee,
    MandateTask,
    Meeting,
    Membership,
    ProgrammeItem,
    WorkshopGroup,
)
from tests.attachment_files import A4


@pytest.fixture
def loaded(demo_data):
    return Committee.objects.get(slug="innovation")


FIRST_SEEN = {}


@pytest.mark.parametrize("turn", [1, 2])
def test_the_demo_is_loaded_once_per_module(loaded, turn):
    # Loaded again, the demo would get new primary keys (sequences are not rolled back).
    assert FIRST_SEEN.setdefault("innovation", loaded.pk) == loaded.pk


@pytest.mark.parametrize("turn", [1, 2])
def test_each_test_starts_from_the_unchanged_demo(loaded, turn):
    assert loaded.name == "Opgaveudvalget om Innovation"
    assert loaded.meetings.count() == len(demo.MEETINGS)
    Committee.objects.filter(pk=loaded.pk).update(name="Ændret af en test")
    loaded.meetings.filter(number=1).delete()


def snapshot():
    return {
        model._meta.label: sorted(map(repr, model.objects.values_list())) for model in demo.MODELS
    }


def test_load_demo_twice_gives_identical_rows(loaded):
    first_counts, first_rows = demo.counts(), snapshot()
    assert all(first_counts.values()), first_counts
    call_command("load_demo", force=True)
    with override_settings(DEBUG=True):
        call_command("load_demo")
    assert demo.counts() == first_counts
    assert snapshot() == first_rows


def test_committees_and_mandate(loaded):
    innovation = loaded
    assert innovation.name == "Opgaveudvalget om Innovation"
    assert innovation.kind == Committee.Kind.TASK
    assert innovation.period_start == datetime.date(2017, 2, 1)
    assert innovation.period_end == datetime.date(2018, 3, 31)
    assert innovation.public_access == Committee.PublicAccess.AGENDA
    assert Committee.objects.filter(slug="digitalisering").exists()
    # Both 2017 committees have ended their period; the successor's includes today.
    assert set(Committee.objects.historic().values_list("slug", flat=True)) == {
        "innovation",
        "digitalisering",
    }
    current = Committee.objects.active().get()
    assert current.period_start <= timezone.localdate() <= current.period_end
    tasks = list(innovation.mandate_tasks.order_by("order"))
    assert [(t.due_text, t.due_date) for t in tasks] == [
        ("efteråret 2017", datetime.date(2017, 10, 31)),
        ("2017 benyttes til at afsøge og afklare mulighederne", datetime.date(2017, 12, 31)),
        ("medio 2017", datetime.date(2017, 6, 30)),
        ("i etableringsfasen", None),
    ]
    assert tasks[0].deliverable == "Forslag til model"
    assert tasks[2].deliverable == "Udkast til idékatalog"
    assert tasks[2].items.exists()
    # A historic committee's tasks are all settled, and the current one's are not overdue.
    assert {t.status for t in tasks} == {MandateTask.Status.DELIVERED}
    assert not any(t.is_overdue for t in MandateTask.objects.all())


def test_members(loaded, django_user_model):
    members = loaded.memberships.all()
    council = members.filter(
        role__in=[
            Membership.Role.CHAIR,
            Membership.Role.VICE_CHAIR,
            Membership.Role.COUNCIL_MEMBER,
        ]
    )
    assert council.count() == 5
    assert members.filter(role=Membership.Role.CHAIR).count() == 1
    assert members.filter(role=Membership.Role.VICE_CHAIR).count() == 1
    assert members.filter(role=Membership.Role.CITIZEN_MEMBER).count() == 10
    medlem = django_user_model.objects.get(username="medlem")
    assert members.get(user=medlem).role == Membership.Role.COUNCIL_MEMBER
    sekretariat = django_user_model.objects.get(username="sekretariat")
    assert members.get(user=sekretariat).role == Membership.Role.SECRETARIAT
    assert Membership.objects.filter(committee__slug="digitalisering").count() >= 3


def test_meetings_and_states(loaded):
    meetings = {m.number: m for m in loaded.meetings.all()}
    assert sorted(meetings) == [1, 2, 3, 4, 5, 6]
    for meeting in meetings.values():
        assert meeting.state == Meeting.State.APPROVED
        assert meeting.published_at < meeting.held_at < meeting.approved_at
        items = list(meeting.items.all())
        assert items and all(item.decision and item.decided_on for item in items)
        assert all(point.outcome for item in items for point in item.points.all())
    assert meetings[1].title == "Konstituerende møde"
    assert meetings[4].title == demo.CONFERENCE_TITLE
    assert meetings[6].starts_at.date() <= loaded.period_end
    # Item numbers run on through 2017.
    numbers_2017 = list(
        AgendaItem.objects.filter(meeting__starts_at__year=2017)
        .order_by("meeting__starts_at", "number")
        .values_list("number", flat=True)
    )
    assert numbers_2017 == list(range(1, len(numbers_2017) + 1))


def assert_every_meeting_fits_its_time():
    now = timezone.now()
    for meeting in Meeting.objects.select_related("committee"):
        assert meeting.title, meeting
        assert meeting.committee.period_start <= meeting.starts_at.date()
        assert meeting.starts_at.date() <= meeting.committee.period_end
        if meeting.starts_at < now:
            assert meeting.has_minutes, meeting
            assert all(item.decision for item in meeting.items.all()), meeting
        else:
            assert not meeting.has_minutes, meeting
    # Item numbers run on through the year in each committee.
    for committee in Committee.objects.all():
        items = AgendaItem.objects.filter(meeting__committee=committee)
        for year in {item.meeting.starts_at.year for item in items.select_related("meeting")}:
            numbers = list(
                items.filter(meeting__starts_at__year=year)
                .order_by("meeting__starts_at", "number")
                .values_list("number", flat=True)
            )
            assert numbers == list(range(1, len(numbers) + 1)), (committee, year)


def test_every_meeting_has_a_title_and_a_state_that_fits_its_time(loaded):
    assert_every_meeting_fits_its_time()


def test_loading_again_later_or_over_an_older_demo_rebuilds_what_moved(loaded):
    from catalogue.models import Idea

    # As the demo before this one left it: meeting 6 in 2027, a 7th meeting, no titles.
    old = timezone.make_aware(datetime.datetime(2027, 3, 9, 17))
    loaded.meetings.filter(number=6).update(starts_at=old, ends_at=old, title="")
    Meeting.objects.create(committee=loaded, number=7, starts_at=old)
    # And the successor as it was loaded a week ago.
    current = Committee.objects.get(slug="velfaerdsteknologi")
    current.meetings.update(starts_at=F("starts_at") - datetime.timedelta(days=7))
    conference_groups = set(loaded.meetings.get(number=4).workshop_groups.values_list("pk"))
    with_origin = Idea.objects.filter(origin__isnull=False).count()

    call_command("load_demo", force=True)

    assert sorted(loaded.meetings.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert_every_meeting_fits_its_time()
    # What had not moved is kept: the conference's groups are still the ideas' origin.
    assert set(loaded.meetings.get(number=4).workshop_groups.values_list("pk")) == conference_groups
    assert Idea.objects.filter(origin__isnull=False).count() == with_origin


def test_the_current_committee_has_meetings_to_come(loaded, django_user_model):
    current = Committee.objects.get(slug="velfaerdsteknologi")
    states = [m.state for m in current.meetings.order_by("starts_at")]
    assert states == [
        Meeting.State.APPROVED,
        Meeting.State.APPROVED,
        Meeting.State.APPROVED,
        Meeting.State.HELD,  # its minutes are approved at the next meeting
        Meeting.State.PUBLISHED,
        Meeting.State.DRAFT,
    ]
    anonymous = Meeting.objects.visible_to(AnonymousUser())
    assert list(anonymous.upcoming()) == [current.meetings.get(state=Meeting.State.PUBLISHED)]
    assert not anonymous.not_marked_held().exists()
    medlem = django_user_model.objects.get(username="medlem")
    assert current.memberships.filter(user=medlem, role=Membership.Role.COUNCIL_MEMBER).exists()
    assert current.mandate_tasks.count() == 3
    # The successor's items carry on the 2017 cases.
    assert AgendaItem.objects.filter(meeting__committee=current, case__isnull=False).exists()


def test_the_pages_read_as_the_demo_is(loaded, client):
    html = client.get(reverse("meetings:committee", args=["innovation"])).content.decode()
    assert gettext("Historic") in html and gettext("Active") not in html
    html = client.get(reverse("meetings:committee", args=["velfaerdsteknologi"])).content.decode()
    assert gettext("Active") in html and gettext("Historic") not in html
    html = client.get(reverse("meetings:index")).content.decode()
    upcoming = html[html.index('id="meetings-upcoming"') : html.index('id="meetings-held"')]
    assert "Nye ideer og gevinstrealisering" in upcoming
    assert demo.CONFERENCE_TITLE not in upcoming
    assert 'id="meetings-not-marked-held"' not in html
    approved = html[html.index('id="meetings-approved"') :]
    assert "Møde 4: " + demo.CONFERENCE_TITLE in approved


def test_the_conference(loaded):
    meeting = loaded.meetings.get(number=4)
    assert meeting.kind == Meeting.Kind.CONFERENCE
    assert meeting.title == demo.CONFERENCE_TITLE
    assert list(meeting.co_hosts.values_list("slug", flat=True)) == ["digitalisering"]
    assert len(meeting.purpose_list) == 2
    local = meeting.starts_at.astimezone(demo.TZ)
    assert (local.date(), local.hour) == (datetime.date(2017, 9, 26), 9)
    assert meeting.ends_at.astimezone(demo.TZ).hour == 16
    programme = list(meeting.programme.order_by("order"))
    assert [p.kind for p in programme] == [
        ProgrammeItem.Kind.WELCOME,
        ProgrammeItem.Kind.TALK,
        ProgrammeItem.Kind.TALK,
        ProgrammeItem.Kind.WORKSHOP,
        ProgrammeItem.Kind.INTERVIEW,
        ProgrammeItem.Kind.WORKSHOP,
        ProgrammeItem.Kind.WRAP_UP,
    ]
    assert {s.name for s in programme[4].speakers.all()} == {"Gry Ravn", "Tim Frank Andersen"}
    groups = meeting.workshop_groups.all()
    assert groups.count() >= 4
    politicians = groups.get(name="Politikergruppen")
    assert politicians.audience == "politikere"
    assert politicians.programme_item == programme[5]
    roles = set(politicians.members.values_list("role", flat=True))
    assert roles <= {"chair", "vice_chair", "council_member"}
    assert politicians.members.filter(user__username="medlem").exists()
    assert groups.filter(programme_item=programme[3]).count() >= 3
    assert all(group.question and group.result for group in groups)
    # The seed's item, imported through the importer's path.
    item = meeting.items.get()
    assert item.title == demo.CONFERENCE_TITLE
    assert [s.key for s in item.sections.all()] == [
        "summary",
        "background",
        "recommendation",
        "previous_decisions",
    ]
    assert item.points.count() == 2
    assert item.recommendation_by == "Tværgående Funktioner"
    assert item.recommendation_to == "Opgaveudvalget om Innovation"


def test_closed_item_and_meeting_5(loaded):
    closed = AgendaItem.objects.filter(is_closed=True)
    assert closed.count() >= 1
    item = closed.get(meeting__number=5)
    assert item.decision == "Godkendt."
    assert item.decision_is_open
    assert item.attachments.filter(is_closed=True).exists()
    # The public sees the number, “closed item” and the open decision only.
    public = AgendaItem.objects.visible_to(AnonymousUser()).get(pk=item.pk)
    assert public.title == "" and public.decision == "Godkendt."
    assert not Attachment.objects.visible_to(AnonymousUser()).filter(item=item).exists()
    meeting = item.meeting
    statuses = set(meeting.attendance.values_list("status", flat=True))
    assert statuses == {
        Attendance.Status.PRESENT,
        Attendance.Status.APOLOGIES,
        Attendance.Status.ABSENT,
        Attendance.Status.SUBSTITUTE,
    }
    assert meeting.attendance.get(status=Attendance.Status.SUBSTITUTE).substitute
    assert AgendaItem.objects.filter(meeting=meeting, conflicts__isnull=False).count() == 1
    # Items on a case shared with meeting 2 (“previous decisions”).
    shared = AgendaItem.objects.filter(meeting=meeting, case__items__meeting__number=2)
    assert shared.exists()
    previous = shared.first().sections.get(key="previous_decisions").text
    assert "pkt." in previous


def test_approved_minutes_account_for_every_member_and_the_held_meeting_waits(loaded):
    for meeting in Meeting.objects.filter(state=Meeting.State.APPROVED):
        listed = {member.pk for member in rules.attendance_members(meeting)}
        assert listed, meeting
        assert set(meeting.attendance.values_list("membership_id", flat=True)) == listed
    # The successor's latest meeting is held; its attendance is left for the secretariat.
    held = Meeting.objects.get(state=Meeting.State.HELD)
    assert not held.attendance.exists()
    assert "Fremmødet er ikke registreret" in rules.approval_refusal(held)


def test_member_user_has_a_membership(loaded, django_user_model):
    medlem = django_user_model.objects.get(username="medlem")
    assert medlem.committee_memberships.exists()


def test_draft_only_for_the_secretariat(loaded, django_user_model):
    draft = Meeting.objects.get(state=Meeting.State.DRAFT)
    medlem = django_user_model.objects.get(username="medlem")
    sekretariat = django_user_model.objects.get(username="sekretariat")
    assert not Meeting.objects.visible_to(medlem).filter(pk=draft.pk).exists()
    assert not Meeting.objects.visible_to(AnonymousUser()).filter(pk=draft.pk).exists()
    assert Meeting.objects.visible_to(sekretariat).filter(pk=draft.pk).exists()


def test_workshop_groups_have_no_orphans(loaded):
    assert not WorkshopGroup.objects.filter(programme_item__isnull=True).exists()


def test_seed_copy_is_verbatim():
    shared = Path(settings.BASE_DIR).parent / "shared" / "seed" / demo.SEED_NAME
    if not shared.exists():
        pytest.skip("no ../shared in this checkout")
    assert demo.SEED_PATH.read_bytes() == shared.read_bytes()
    assert parse_agenda_item(demo.read_seed()).recommendation.points


def test_demo_attachments_have_their_facts_also_in_an_older_database(loaded):
    def facts():
        return {attachment.title: attachment.facts for attachment in Attachment.objects.all()}

    stored = facts()
    assert stored
    for attachment in Attachment.objects.all():
        with attachment.file.open("rb") as file:
            assert attachment.sha256 == hashlib.sha256(file.read()).hexdigest()
        assert attachment.page_sizes == [A4] and attachment.fonts_embedded
    # A database loaded before attachments had facts gets them on the next load.
    Attachment.objects.update(sha256="", page_sizes=[], fonts_embedded=False)
    call_command("load_demo", force=True)
    assert facts() == stored
