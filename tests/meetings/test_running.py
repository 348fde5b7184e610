"""At and after the meeting, in the secretariat's workspace, through its URLs: attendance by
committee, the decision on each item with its conflicts of interest, marking the meeting held,
approving the minutes, the lock afterwards, and which edition of the documents to export."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innovation.shared import permissions
from innovation.shared.models import Export
from meetings import actions, rules
from meetings.models import (
    AgendaItem,
    Attendance,
    Committee,
    ConflictOfInterest,
    Meeting,
    Membership,
    RecommendationPoint,
)
from tests.factories import UserFactory
from tests.meetings.conftest import SECRET
from tests.meetings.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    full_item,
)

ROLES = ["anonymous", "staff", "member", "other_member", "secretariat", "superuser"]


def started(meeting, hours=2):
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=hours)
    meeting.save(update_fields=["starts_at"])
    return meeting


def held(meeting):
    started(meeting)
    return actions.mark_held(meeting=meeting)


def decide_all(meeting):
    for item in meeting.items.all():
        actions.record_decision(
            item=item,
            decision="Godkendt.",
            outcomes={point.pk: ("approved", "") for point in item.points.all()},
        )


def attend_all(meeting):
    actions.record_attendance(
        meeting=meeting,
        entries={member.pk: ("present", "") for member in rules.attendance_members(meeting)},
    )


def log_in_as(client, request, role, committee_member, other_member):
    users = {"member": committee_member, "other_member": other_member}
    if role != "anonymous":
        client.force_login(users.get(role) or request.getfixturevalue(role))


@pytest.fixture
def running(meeting, open_item, closed_item, committee_member):
    """A meeting held two hours ago with an open and a closed item, one member."""
    return held(meeting)


# Who may -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_pages_at_the_meeting_are_for_the_secretariat(
    client, request, running, open_item, committee_member, other_member, role
):
    log_in_as(client, request, role, committee_member, other_member)
    expected = {"anonymous": 302, "secretariat": 200, "superuser": 200}.get(role, 403)
    for url in (
        reverse("meetings:workspace_attendance", args=[running.pk]),
        reverse("meetings:workspace_decision", args=[open_item.pk]),
    ):
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 302:
            assert response.url.startswith(reverse("login"))
        if expected == 403:
            # Nothing about the meeting's state for those who may not act on it.
            assert "Mødet" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_records_attendance_and_decisions(
    client, request, running, open_item, committee_member, other_member, role
):
    log_in_as(client, request, role, committee_member, other_member)
    membership = Membership.objects.get(user=committee_member)
    point = open_item.points.first()
    responses = [
        client.post(
            reverse("meetings:workspace_attendance", args=[running.pk]),
            {f"status-{membership.pk}": "present", f"substitute-{membership.pk}": ""},
        ),
        client.post(
            reverse("meetings:workspace_decision", args=[open_item.pk]),
            {
                f"point-{point.pk}-outcome": "approved",
                "decision": "Godkendt.",
                "conflicts-TOTAL_FORMS": "0",
                "conflicts-INITIAL_FORMS": "0",
                "save": "1",
            },
        ),
    ]
    allowed = role in ("secretariat", "superuser")
    if allowed:
        assert [r.status_code for r in responses] == [302, 302]
    else:
        assert [r.status_code for r in responses] == [302 if role == "anonymous" else 403] * 2
    assert Attendance.objects.filter(meeting=running).exists() == allowed
    point.refresh_from_db()
    assert (point.outcome == "approved") == allowed


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_marks_held_and_approves(
    client, request, meeting, open_item, committee_member, other_member, role
):
    started(meeting)
    log_in_as(client, request, role, committee_member, other_member)
    allowed = role in ("secretariat", "superuser")
    denied = 302 if role == "anonymous" else 403
    response = client.post(reverse("meetings:workspace_mark_held", args=[meeting.pk]))
    assert response.status_code == (302 if allowed else denied)
    meeting.refresh_from_db()
    assert (meeting.state == Meeting.State.HELD) == allowed
    if not allowed:
        actions.mark_held(meeting=meeting)
    decide_all(meeting)
    attend_all(meeting)
    response = client.post(reverse("meetings:workspace_approve", args=[meeting.pk]))
    assert response.status_code == (302 if allowed else denied)
    meeting.refresh_from_db()
    assert (meeting.state == Meeting.State.APPROVED) == allowed


def test_the_steps_answer_post_only(client, secretariat, running):
    client.force_login(secretariat)
    for name in ("workspace_mark_held", "workspace_approve"):
        assert client.get(reverse(f"meetings:{name}", args=[running.pk])).status_code == 405


# The attendance list -------------------------------------------------------------------------


@pytest.fixture
def joint(committee, other_committee):
    """A joint meeting: the lead's chair, a citizen member and its secretary; the co-host's
    member, a member of both, and a member whose account was closed."""
    both = UserFactory(username="begge", first_name="Birte", last_name="Begge")
    people = {
        "chair": MembershipFactory(
            committee=committee, name="Karen Formand", role=Membership.Role.CHAIR, order=1
        ),
        "citizen": MembershipFactory(committee=committee, name="Ole Borger", order=2),
        "both_lead": MembershipFactory(committee=committee, user=both, order=3),
        "secretary": MembershipFactory(
            committee=committee, name="Sif Sekretær", role=Membership.Role.SECRETARIAT
        ),
        "guest": MembershipFactory(committee=other_committee, name="Gitte Gæst", order=1),
        "both_guest": MembershipFactory(committee=other_committee, user=both, order=2),
        "closed": MembershipFactory(
            committee=other_committee,
            user=UserFactory(username="lukket", is_active=False),
            order=3,
        ),
    }
    meeting = MeetingFactory(committee=committee, number=9, title="Fællesmøde")
    meeting.co_hosts.set([other_committee])
    return meeting, people


def test_the_attendance_list_groups_by_committee_and_lists_each_person_once(joint):
    meeting, people = joint
    groups = rules.attendance_list(meeting)
    assert [(g.committee.slug, g.is_lead) for g in groups] == [
        ("innovation", True),
        ("trafik", False),
    ]
    assert [m.pk for m in groups[0].members] == [
        people["chair"].pk,
        people["citizen"].pk,
        people["both_lead"].pk,
    ]
    assert [m.pk for m in groups[1].members] == [people["guest"].pk]
    assert [c.slug for c in groups[0].members[2].also] == ["trafik"]


def test_the_attendance_screen_shows_a_fieldset_per_person_under_each_committee(
    client, secretariat, joint
):
    meeting, people = joint
    client.force_login(secretariat)
    html = client.get(reverse("meetings:workspace_attendance", args=[meeting.pk])).content.decode()
    lead, co_host = (
        html.index("Opgaveudvalget om Innovation</h2>"),
        html.index("Opgaveudvalget for Trafik"),
    )
    assert lead < html.index("Karen Formand") < html.index("Birte Begge") < co_host
    assert co_host < html.index("Gitte Gæst")
    assert html.count("Birte Begge") == 1
    assert "Også medlem af Opgaveudvalget for Trafik" in html
    assert "Sif Sekretær" not in html
    assert people["closed"].user.get_full_name() not in html
    assert html.count('<fieldset class="attendance-member') == 4
    for label in ("Til stede", "Afbud", "Fraværende uden afbud", "Fraværende, stedfortræder"):
        assert label in html


def attendance_post(people, **statuses):
    data = {}
    for key, value in statuses.items():
        status, _sep, substitute = value.partition(":")
        data[f"status-{people[key].pk}"] = status
        data[f"substitute-{people[key].pk}"] = substitute
    return data


def test_recording_attendance_with_a_substitute(client, secretariat, joint):
    meeting, people = joint
    meeting = held(meeting)
    client.force_login(secretariat)
    url = reverse("meetings:workspace_attendance", args=[meeting.pk])
    data = attendance_post(
        people,
        chair="present",
        citizen="substitute:Sune Suppleant",
        both_lead="apologies",
        guest="absent",
    )
    response = client.post(url, {**data, "save": "1"})
    assert response.status_code == 302
    assert response.url == reverse("meetings:workspace_meeting", args=[meeting.pk])
    recorded = {a.membership_id: (a.status, a.substitute) for a in meeting.attendance.all()}
    assert recorded == {
        people["chair"].pk: ("present", ""),
        people["citizen"].pk: ("substitute", "Sune Suppleant"),
        people["both_lead"].pk: ("apologies", ""),
        people["guest"].pk: ("absent", ""),
    }
    # Shown again as recorded; a change is saved over it.
    html = client.get(url).content.decode()
    assert 'value="Sune Suppleant"' in html
    client.post(url, {**data, f"status-{people['guest'].pk}": "present", "save": "1"})
    assert meeting.attendance.get(membership=people["guest"]).status == "present"


def test_a_substitute_needs_a_name_and_nothing_is_half_saved(client, secretariat, joint):
    meeting, people = joint
    client.force_login(secretariat)
    url = reverse("meetings:workspace_attendance", args=[meeting.pk])
    response = client.post(url, attendance_post(people, chair="present", citizen="substitute"))
    assert response.status_code == 422
    assert "Skriv stedfortræderens navn." in response.content.decode()
    response = client.post(url, attendance_post(people, chair="present:Sune", citizen="present"))
    assert response.status_code == 422
    assert "Vælg “Fraværende, stedfortræder deltager”" in response.content.decode()
    assert not Attendance.objects.exists()


def test_everyone_not_yet_recorded_can_be_marked_present(client, secretariat, joint):
    meeting, people = joint
    client.force_login(secretariat)
    url = reverse("meetings:workspace_attendance", args=[meeting.pk])
    response = client.post(
        url, {**attendance_post(people, citizen="apologies"), "rest_present": "1"}
    )
    assert response.status_code == 302
    statuses = dict(meeting.attendance.values_list("membership_id", "status"))
    assert statuses == {
        people["chair"].pk: "present",
        people["citizen"].pk: "apologies",
        people["both_lead"].pk: "present",
        people["guest"].pk: "present",
    }


def test_attendance_waits_for_the_published_agenda(client, secretariat, committee):
    draft = MeetingFactory(committee=committee, state=Meeting.State.DRAFT)
    client.force_login(secretariat)
    response = client.get(reverse("meetings:workspace_attendance", args=[draft.pk]))
    assert response.status_code == 403
    assert "Fremmødet registreres, når dagsordenen er offentliggjort." in response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_attendance_screen_costs_the_same_at_5_and_50_members(
    client, secretariat, committee, other_committee
):
    meeting = MeetingFactory(committee=committee, number=5)
    meeting.co_hosts.set([other_committee])
    for n in range(5):
        MembershipFactory(committee=committee if n % 2 else other_committee, name=f"Medlem {n}")
    client.force_login(secretariat)
    url = reverse("meetings:workspace_attendance", args=[meeting.pk])
    few = _queries(client, url)
    for n in range(5, 50):
        membership = MembershipFactory(
            committee=committee if n % 2 else other_committee,
            user=UserFactory(username=f"medlem{n}") if n % 3 else None,
            name="" if n % 3 else f"Medlem {n}",
        )
        if n % 4 == 0:
            Attendance.objects.create(meeting=meeting, membership=membership)
    assert _queries(client, url) == few


# Decisions -----------------------------------------------------------------------------------


def decision_post(item, outcomes, *, decision="", conflicts=(), button="next", **extra):
    data = {
        "decision": decision,
        "conflicts-TOTAL_FORMS": str(len(conflicts)),
        "conflicts-INITIAL_FORMS": "0",
        button: "1",
    }
    for point, (outcome, text) in zip(item.points.all(), outcomes, strict=True):
        data[f"point-{point.pk}-outcome"] = outcome
        data[f"point-{point.pk}-decision_text"] = text
    for n, (membership, note) in enumerate(conflicts):
        data[f"conflicts-{n}-membership"] = membership
        data[f"conflicts-{n}-note"] = note
    data.update(extra)
    return data


def test_the_decision_screen_records_each_point_and_goes_to_the_next_item(
    client, secretariat, running, open_item, closed_item, committee_member
):
    client.force_login(secretariat)
    url = reverse("meetings:workspace_decision", args=[open_item.pk])
    html = client.get(url).content.decode()
    assert "Punkt 1 af 2 på dagsordenen" in html
    assert "Gem og gå til næste punkt" in html
    assert html.count('<fieldset class="decision-point') == 2
    assert html.count('type="radio"') == 2 * 5
    membership = Membership.objects.get(user=committee_member)
    response = client.post(
        url,
        decision_post(
            open_item,
            [("approved", ""), ("amended", "Med den ændring, at borgerne inddrages.")],
            decision="Godkendt med ændringen.",
            conflicts=[(membership.pk, "Bestyrelsesmedlem i foreningen.")],
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("meetings:workspace_decision", args=[closed_item.pk])
    open_item.refresh_from_db()
    assert open_item.decision == "Godkendt med ændringen."
    assert open_item.decided_on == timezone.localdate(running.starts_at)
    assert [(p.outcome, p.decision_text) for p in open_item.points.all()] == [
        ("approved", ""),
        ("amended", "Med den ændring, at borgerne inddrages."),
    ]
    conflict = ConflictOfInterest.objects.get(item=open_item)
    assert (conflict.membership, conflict.note) == (membership, "Bestyrelsesmedlem i foreningen.")

    # The last item: its decision is open, and saving leads back to the meeting.
    html = client.get(response.url).content.decode()
    assert "Gem og gå tilbage til mødet" in html
    assert "Åben beslutning" in html
    response = client.post(
        response.url,
        decision_post(
            closed_item,
            [("noted", ""), ("rejected", "")],
            decision="Taget til efterretning.",
            decision_is_open="on",
        ),
    )
    assert response.url == reverse("meetings:workspace_meeting", args=[running.pk])
    closed_item.refresh_from_db()
    assert closed_item.decision_is_open
    # Taking a conflict back.
    client.post(
        url,
        decision_post(
            open_item,
            [("approved", ""), ("approved", "")],
            button="save",
            **{
                "conflicts-TOTAL_FORMS": "1",
                "conflicts-INITIAL_FORMS": "1",
                "conflicts-0-membership": membership.pk,
                "conflicts-0-note": "",
                "conflicts-0-DELETE": "on",
            },
        ),
    )
    assert not ConflictOfInterest.objects.exists()


def test_an_amended_point_needs_its_amendment_and_nothing_is_half_saved(
    client, secretariat, running, open_item, committee_member
):
    client.force_login(secretariat)
    membership = Membership.objects.get(user=committee_member)
    response = client.post(
        reverse("meetings:workspace_decision", args=[open_item.pk]),
        decision_post(
            open_item,
            [("approved", ""), ("amended", "  ")],
            decision="Godkendt.",
            conflicts=[(membership.pk, "Inhabil.")],
        ),
    )
    assert response.status_code == 422
    assert "Skriv, hvordan punktet blev ændret." in response.content.decode()
    open_item.refresh_from_db()
    assert open_item.decision == ""
    assert not open_item.points.exclude(outcome="").exists()
    assert not ConflictOfInterest.objects.exists()


@pytest.mark.parametrize(
    ("conflicts", "message"),
    [
        ("stranger", "Marker en gyldig valgmulighed."),
        ("twice", "Et medlem er nævnt to gange."),
        ("note_only", "Vælg det medlem, der erklærede sig inhabil."),
    ],
)
def test_conflicts_name_members_of_the_meeting_once(
    client, secretariat, running, open_item, committee_member, other_member, conflicts, message
):
    client.force_login(secretariat)
    member = Membership.objects.get(user=committee_member).pk
    rows = {
        "stranger": [(Membership.objects.get(user=other_member).pk, "")],
        "twice": [(member, ""), (member, "Igen.")],
        "note_only": [("", "Inhabil.")],
    }[conflicts]
    response = client.post(
        reverse("meetings:workspace_decision", args=[open_item.pk]),
        decision_post(open_item, [("approved", ""), ("approved", "")], conflicts=rows),
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ConflictOfInterest.objects.exists()
    assert not open_item.points.exclude(outcome="").exists()


def test_decisions_wait_until_the_meeting_is_held(client, secretariat, meeting, open_item):
    client.force_login(secretariat)
    url = reverse("meetings:workspace_decision", args=[open_item.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert "Mødet er ikke markeret som afholdt" in response.content.decode()
    response = client.post(url, decision_post(open_item, [("approved", ""), ("approved", "")]))
    assert response.status_code == 403
    assert not open_item.points.exclude(outcome="").exists()


def test_the_decision_screen_costs_the_same_at_5_and_50_items(client, secretariat, committee):
    meeting = held(MeetingFactory(committee=committee, number=5))
    MembershipFactory(committee=committee, name="Karen Formand")
    items = [full_item(meeting, number=n) for n in range(1, 6)]
    client.force_login(secretariat)
    pages = [
        reverse("meetings:workspace_decision", args=[items[2].pk]),
        reverse("meetings:workspace_meeting", args=[meeting.pk]),
    ]
    few = [_queries(client, url) for url in pages]
    for n in range(6, 51):
        item = full_item(meeting, number=n)
        MembershipFactory(committee=committee, name=f"Medlem {n}")
        if n % 5 == 0:
            ConflictOfInterest.objects.create(
                item=item, membership=Membership.objects.filter(committee=committee).last()
            )
    assert [_queries(client, url) for url in pages] == few


# The life cycle ------------------------------------------------------------------------------


def test_a_meeting_is_marked_held_only_once_it_has_started(client, secretariat, meeting):
    client.force_login(secretariat)
    url = reverse("meetings:workspace_mark_held", args=[meeting.pk])
    page = client.get(reverse("meetings:workspace_meeting", args=[meeting.pk])).content.decode()
    assert "Mødet er ikke begyndt endnu" in page
    assert url not in page
    response = client.post(url)
    assert response.status_code == 403
    assert "Mødet er ikke begyndt endnu" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PUBLISHED

    started(meeting, hours=0)
    assert (
        url in client.get(reverse("meetings:workspace_meeting", args=[meeting.pk])).content.decode()
    )
    assert client.post(url).status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.HELD and meeting.held_at is not None


def test_the_minutes_are_approved_only_with_attendance_and_every_decision(
    client, secretariat, running, open_item, closed_item, committee_member
):
    client.force_login(secretariat)
    url = reverse("meetings:workspace_approve", args=[running.pk])
    page = reverse("meetings:workspace_meeting", args=[running.pk])
    html = client.get(page).content.decode()
    assert "Fremmødet er ikke registreret for 1 medlem." in html
    assert f"Punkterne {open_item.number}, {closed_item.number} mangler en beslutning." in html
    assert url not in html
    response = client.post(url)
    assert response.status_code == 403
    assert "Fremmødet er ikke registreret for 1 medlem." in response.content.decode()

    attend_all(running)
    actions.record_decision(
        item=open_item,
        decision="",
        outcomes={p.pk: ("approved", "") for p in open_item.points.all()},
    )
    # One point left undecided is not a decision on the item.
    first, _second = closed_item.points.all()
    actions.record_decision(
        item=closed_item, decision="Godkendt.", outcomes={first.pk: ("approved", "")}
    )
    response = client.post(url)
    assert response.status_code == 403
    assert f"Punkt {closed_item.number} mangler en beslutning." in response.content.decode()

    decide_all(running)
    assert url in client.get(page).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    running.refresh_from_db()
    assert running.state == Meeting.State.APPROVED and running.approved_at is not None


def test_after_approval_every_workspace_write_refuses_with_the_reason(
    client, secretariat, running, open_item
):
    attend_all(running)
    decide_all(running)
    actions.approve_minutes(meeting=running)
    client.force_login(secretariat)
    reason = "Referatet er godkendt: mødet kan ikke længere ændres."
    pk, item = running.pk, open_item.pk
    gets = [
        reverse("meetings:workspace_attendance", args=[pk]),
        reverse("meetings:workspace_decision", args=[item]),
        reverse("meetings:workspace_edit", args=[pk]),
        reverse("meetings:workspace_programme", args=[pk]),
        reverse("meetings:workspace_groups", args=[pk]),
        reverse("meetings:workspace_item_new", args=[pk]),
        reverse("meetings:workspace_item_paste", args=[pk]),
        reverse("meetings:workspace_item_followup", args=[pk]),
        reverse("meetings:workspace_item", args=[item]),
    ]
    posts = [
        *gets,
        reverse("meetings:workspace_item_move", args=[item]),
        reverse("meetings:workspace_mark_held", args=[pk]),
        reverse("meetings:workspace_approve", args=[pk]),
    ]
    for url in gets:
        response = client.get(url)
        assert response.status_code == 403, url
        assert reason in response.content.decode(), url
    for url in posts:
        response = client.post(url, {"save": "1", "direction": "down"})
        assert response.status_code == 403, url
        assert reason in response.content.decode() or "godkend" in response.content.decode(), url
    html = client.get(reverse("meetings:workspace_meeting", args=[pk])).content.decode()
    assert "mødet er låst" in html
    assert reverse("meetings:workspace_decision", args=[item]) not in html


# Actions and rules ---------------------------------------------------------------------------


def test_mark_held_before_the_start_is_refused(meeting):
    with pytest.raises(actions.ActionError, match="ikke begyndt"):
        actions.mark_held(meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PUBLISHED and meeting.held_at is None


def test_approve_without_attendance_is_refused(running, open_item, closed_item):
    decide_all(running)
    with pytest.raises(actions.ActionError, match="Fremmødet er ikke registreret"):
        actions.approve_minutes(meeting=running)
    running.refresh_from_db()
    assert running.state == Meeting.State.HELD


def test_an_item_without_points_is_decided_by_its_decision_text(running):
    decide_all(running)
    item = AgendaItemFactory(meeting=running, number=99)
    assert list(AgendaItem.objects.filter(meeting=running).undecided()) == [item]
    actions.record_decision(item=item, decision="Drøftet.")
    assert not AgendaItem.objects.filter(meeting=running).undecided().exists()
    assert Meeting.objects.with_gaps().get(pk=running.pk).items_undecided == 0


def test_after_approval_everything_is_locked(running, open_item, closed_item, committee_member):
    attend_all(running)
    decide_all(running)
    actions.approve_minutes(meeting=running)
    running.refresh_from_db()
    assert rules.is_read_only(running)
    membership = Membership.objects.get(user=committee_member)
    for attempt in (
        lambda: actions.record_attendance(meeting=running, entries={membership.pk: ("absent", "")}),
        lambda: actions.record_decision(item=open_item, decision="Forkastet."),
        lambda: actions.record_conflicts(item=open_item, conflicts={membership.pk: ""}),
        lambda: actions.approve_minutes(meeting=running),
        lambda: actions.mark_held(meeting=running),
        lambda: actions.save_item(meeting=running, item=open_item, fields={"title": "Nyt"}),
    ):
        with pytest.raises(actions.ActionError, match="Referatet er godkendt"):
            attempt()
    assert Attendance.objects.get(membership=membership).status == "present"
    assert not ConflictOfInterest.objects.exists()


def test_record_attendance_checks_every_entry_before_saving_any(running, committee_member):
    membership = Membership.objects.get(user=committee_member)
    stranger = MembershipFactory(name="Fremmed")
    with pytest.raises(actions.ActionError, match="ikke på mødets fremmødeliste"):
        actions.record_attendance(
            meeting=running, entries={membership.pk: ("present", ""), stranger.pk: ("present", "")}
        )
    for entry in (("substitute", " "), ("present", "Sune"), ("late", "")):
        with pytest.raises(actions.ActionError):
            actions.record_attendance(meeting=running, entries={membership.pk: entry})
    assert not Attendance.objects.exists()
    actions.record_attendance(meeting=running, entries={membership.pk: ("substitute", " Sune ")})
    assert Attendance.objects.get().substitute == "Sune"
    actions.record_attendance(meeting=running, entries={membership.pk: ("", "")})
    assert not Attendance.objects.exists()


# The editions of the documents ---------------------------------------------------------------


def test_the_secretariat_chooses_the_edition_of_pack_and_minutes(
    client, secretariat, running, open_item, closed_item, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    html = client.get(reverse("meetings:workspace_meeting", args=[running.pk])).content.decode()
    for key in ("pack", "minutes"):
        assert f'id="edition-{key}-members"' in html and f'id="edition-{key}-public"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("export_start"),
            {
                "document": "meetings.minutes",
                "object_id": running.pk,
                "variant": "pdf/ua-1",
                "audience": "public",
            },
        )
    assert response.status_code == 302
    export = Export.objects.get()
    assert export.audience == permissions.PUBLIC
    assert export.status == Export.Status.DONE, export.error
    assert export.filename.endswith("-offentlig.pdf")
    download = client.get(reverse("export_download", args=[export.pk]))
    data = b"".join(download.streaming_content)
    assert data.startswith(b"%PDF") and SECRET.encode() not in data


def test_no_public_edition_of_a_committee_that_publishes_nothing(client, secretariat, running):
    Committee.objects.filter(pk=running.committee_id).update(
        public_access=Committee.PublicAccess.NOTHING
    )
    client.force_login(secretariat)
    html = client.get(reverse("meetings:workspace_meeting", args=[running.pk])).content.decode()
    assert 'id="edition-pack-members"' in html
    assert 'id="edition-pack-public"' not in html
    assert "Der er ingen offentlig udgave" in html


@pytest.mark.parametrize(
    ("role", "audience", "expected"),
    [
        ("anonymous", "members", 403),
        ("staff", "members", 403),
        ("other_member", "members", 403),
        ("member", "members", 302),
        ("member", "public", 302),
        ("staff", "public", 302),
        ("secretariat", "public", 302),
    ],
)
def test_nobody_gets_an_edition_with_more_than_they_may_read(
    client, request, running, committee_member, other_member, role, audience, expected, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    log_in_as(client, request, role, committee_member, other_member)
    response = client.post(
        reverse("export_start"),
        {"document": "meetings.pack", "object_id": running.pk, "audience": audience},
    )
    assert response.status_code == expected
    assert Export.objects.filter(audience=audience).exists() == (expected == 302)


# The admin -----------------------------------------------------------------------------------


def test_the_admin_records_attendance_through_the_action(
    client, secretariat, running, committee_member, other_member, monkeypatch
):
    calls = []
    real = actions.record_attendance
    monkeypatch.setattr(
        actions, "record_attendance", lambda **kwargs: calls.append(kwargs) or real(**kwargs)
    )
    membership = Membership.objects.get(user=committee_member)
    client.force_login(secretariat)
    url = reverse("admin:meetings_meeting_change", args=[running.pk])
    page = client.get(url).content.decode()
    # Only the meeting's members, named with their committee.
    choices = re.search(r'name="attendance-__prefix__-membership".*?</select>', page, re.S)[0]
    assert f"{membership.person_name} ({running.committee.display_name})" in choices
    assert Membership.objects.get(user=other_member).person_name not in choices
    data = admin_meeting_form(running)
    data.update(
        {
            "attendance-TOTAL_FORMS": "1",
            "attendance-0-membership": membership.pk,
            "attendance-0-status": "substitute",
            "attendance-0-substitute": "",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Giv stedfortræderens navn" in response.content.decode()
    data["attendance-0-substitute"] = "Sune Suppleant"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert calls and calls[-1]["entries"] == {membership.pk: ("substitute", "Sune Suppleant")}
    assert Attendance.objects.get().substitute == "Sune Suppleant"


def test_the_admin_refuses_attendance_for_a_draft(client, secretariat, committee, committee_member):
    draft = MeetingFactory(committee=committee, state=Meeting.State.DRAFT)
    membership = Membership.objects.get(user=committee_member)
    client.force_login(secretariat)
    data = admin_meeting_form(draft)
    data.update(
        {
            "attendance-TOTAL_FORMS": "1",
            "attendance-0-membership": membership.pk,
            "attendance-0-status": "present",
            "attendance-0-substitute": "",
        }
    )
    response = client.post(reverse("admin:meetings_meeting_change", args=[draft.pk]), data)
    assert response.status_code == 200
    assert "Fremmødet registreres, når dagsordenen er offentliggjort." in response.content.decode()
    assert not Attendance.objects.exists()


def admin_meeting_form(meeting):
    local = timezone.localtime(meeting.starts_at)
    data = {
        "committee": meeting.committee_id,
        "number": meeting.number,
        "title": meeting.title,
        "kind": meeting.kind,
        "starts_at_0": local.strftime("%Y-%m-%d"),
        "starts_at_1": local.strftime("%H:%M:%S"),
        "ends_at_0": "",
        "ends_at_1": "",
        "place": meeting.place,
        "purposes": "",
    }
    for prefix in ("items", "programme", "workshop_groups", "attendance"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def test_the_admin_records_conflicts_through_the_action(
    client, secretariat, running, open_item, committee_member, monkeypatch
):
    calls = []
    real = actions.record_conflicts
    monkeypatch.setattr(
        actions, "record_conflicts", lambda **kwargs: calls.append(kwargs) or real(**kwargs)
    )
    membership = Membership.objects.get(user=committee_member)
    client.force_login(secretariat)
    data = {
        "meeting": running.pk,
        "number": open_item.number,
        "title": open_item.title,
        "recommendation_by": "",
        "recommendation_to": "",
        "decision": "",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        "points-TOTAL_FORMS": "0",
        "points-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "conflicts-TOTAL_FORMS": "1",
        "conflicts-INITIAL_FORMS": "0",
        "conflicts-0-membership": membership.pk,
        "conflicts-0-note": "Inhabil.",
    }
    response = client.post(reverse("admin:meetings_agendaitem_change", args=[open_item.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert calls == [{"item": open_item, "conflicts": {membership.pk: "Inhabil."}}]
    assert ConflictOfInterest.objects.get().note == "Inhabil."


def test_record_decision_keeps_its_points(running, open_item):
    """The decision screen's outcomes reach every point (none is left behind)."""
    outcomes = {p.pk: ("noted", "") for p in open_item.points.all()}
    actions.record_decision(item=open_item, decision="", outcomes=outcomes)
    assert set(
        RecommendationPoint.objects.filter(item=open_item).values_list("outcome", flat=True)
    ) == {"noted"}
