"""The trace page of a project: idea → agenda item → decision → gate → benefit, as each reader
may see it, and the same chain in the recommendation's context."""

import datetime

import pytest
from django.urls import reverse

from catalogue.models import Idea
from innovation import stages
from meetings import actions
from meetings.models import Committee, Meeting
from tests.catalogue.factories import IdeaFactory
from tests.innovation.conftest import READS_CLOSED, ROLES, SECRETARIAT
from tests.innovation.factories import (
    BenefitFactory,
    GateDecisionFactory,
    MeasurementFactory,
    ProjectFactory,
)
from tests.meetings.factories import (
    CaseFactory,
    MeetingFactory,
    WorkshopGroupFactory,
    full_item,
    mark_held,
)

CLOSED_SECRET = "LUKKET-PROJEKTSAG-5521"
DRAFT_SECRET = "KLADDE-DAGSORDEN-8830"
CURATING_SECRET = "UNDER-BEHANDLING-IDE-1177"
DRAFT_GROUP = "KLADDE-WORKSHOPGRUPPE-3301"
HTMX = {"HX-Request": "true"}


def held_with_decisions(meeting, *items, decision="Godkendt."):
    mark_held(meeting)
    for item in items:
        actions.record_decision(
            item=item,
            decision=f"{decision} {CLOSED_SECRET if item.is_closed else ''}".strip(),
            outcomes={point.pk: ("approved", "") for point in item.points.all()},
        )


@pytest.fixture
def world(committee, readers):
    case = CaseFactory(reference="00.01.00-A00-31-18", title="Velfærdsteknologi i eget hjem")
    project = ProjectFactory(
        title="Velfærdsteknologi i eget hjem",
        committee=committee,
        case=case,
        phase=stages.Phase.APPROVED,
    )
    conference = MeetingFactory(
        committee=committee,
        number=4,
        title="Teknologilaboratorium",
        starts_at=datetime.datetime(2017, 9, 26, 9, tzinfo=datetime.UTC),
    )
    group = WorkshopGroupFactory(meeting=conference, name="Ældre og sundhed")
    mark_held(conference)
    draft = MeetingFactory(committee=committee, number=9, state=Meeting.State.DRAFT)
    draft_group = WorkshopGroupFactory(meeting=draft, name=DRAFT_GROUP)

    from_workshop = IdeaFactory(
        title="Sensorer mod fald i eget hjem", status=Idea.Status.SELECTED, origin=group
    )
    from_draft = IdeaFactory(
        title="Skærmbesøg mod ensomhed", status=Idea.Status.PUBLISHED, origin=draft_group
    )
    curating = IdeaFactory(title=CURATING_SECRET, status=Idea.Status.UNDER_REVIEW)
    project.ideas.set([from_workshop, from_draft, curating])

    meeting = MeetingFactory(
        committee=committee,
        number=5,
        title="Forslag til innovationsprojekter",
        starts_at=datetime.datetime(2017, 11, 14, 17, tzinfo=datetime.UTC),
    )
    proposal = full_item(meeting, title="Forslag: velfærdsteknologi i eget hjem", case=case)
    closed = full_item(
        meeting, closed=True, title=f"Lukket: {CLOSED_SECRET}", secret=CLOSED_SECRET, case=case
    )
    held_with_decisions(meeting, proposal, closed)
    full_item(draft, title=f"Kladde: {DRAFT_SECRET}", secret=DRAFT_SECRET, case=case)
    # An item on another case: not part of this project's trace.
    full_item(meeting, title="Punkt om noget andet")

    GateDecisionFactory(project=project, decided_on=datetime.date(2017, 10, 2))
    GateDecisionFactory(
        project=project,
        from_phase=stages.Phase.PROPOSAL,
        to_phase=stages.Phase.APPROVED,
        decided_on=datetime.date(2017, 11, 14),
        text="Udvalget godkendte projektet.",
        item=proposal,
    )
    falls = BenefitFactory(project=project, title="Færre faldulykker", unit="fald")
    MeasurementFactory(
        benefit=falls,
        planned_on=datetime.date(2018, 6, 1),
        measured_on=datetime.date(2018, 6, 3),
        value=31,
    )
    MeasurementFactory(benefit=falls, planned_on=datetime.date(2019, 1, 1))  # overdue
    return {"project": project, "proposal": proposal, "closed": closed, "meeting": meeting}


def trace_url(project):
    return reverse("innovation:trace", args=[project.pk])


@pytest.mark.parametrize("role", ROLES)
def test_every_reader_sees_the_chain_of_a_published_project(world, as_reader, role):
    response = as_reader(role).get(trace_url(world["project"]))
    assert response.status_code == 200
    html = response.content.decode()
    # Idea, with the workshop group and meeting it came from.
    assert "Sensorer mod fald i eget hjem" in html
    assert "Ældre og sundhed" in html
    assert "Møde 4: Teknologilaboratorium" in html
    # The idea whose group met at a draft meeting is shown, its origin is not.
    assert "Skærmbesøg mod ensomhed" in html
    assert DRAFT_GROUP not in html
    # Agenda item, decision and the gate anchored in it.
    assert "Forslag: velfærdsteknologi i eget hjem" in html
    assert "Godkendt." in html
    assert "Udvalget godkendte projektet." in html
    assert "Forankret i beslutningen på" in html
    assert world["proposal"].get_absolute_url() in html
    # Benefits with the latest result and the overdue measurement.
    assert "Færre faldulykker" in html
    assert "31 fald" in html
    assert "Måling forsinket" in html
    # Never: an item on a draft agenda, an item on another case.
    assert DRAFT_SECRET not in html
    assert "Punkt om noget andet" not in html
    # Closed content only for those who read closed items; the others see "Lukket punkt".
    assert (CLOSED_SECRET in html) == (role in READS_CLOSED)
    if role not in READS_CLOSED:
        assert "Lukket punkt" in html
    # An idea being curated: the secretariat only.
    assert (CURATING_SECRET in html) == (role in SECRETARIAT)


def test_the_chain_reads_in_order(world, client):
    html = client.get(trace_url(world["project"])).content.decode()
    steps = ['id="trace-ideas"', 'id="trace-items"', 'id="trace-decisions"']
    steps += ['id="trace-gates"', 'id="trace-benefits"']
    positions = [html.index(step) for step in steps]
    assert positions == sorted(positions)
    gates = html[html.index('id="trace-gates"') :]
    assert gates.index("Afsøgning") < gates.index("Godkendt")


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_project_is_the_secretariats_only(committee, as_reader, role):
    project = ProjectFactory(committee=committee, is_published=False, title="HEMMELIGT-UDKAST")
    response = as_reader(role).get(trace_url(project))
    assert response.status_code == (200 if role in SECRETARIAT else 404)
    if role not in SECRETARIAT:
        assert "HEMMELIGT-UDKAST" not in response.content.decode()


def test_unknown_project_is_404(client, db):
    assert client.get(reverse("innovation:trace", args=[999999])).status_code == 404


def test_the_htmx_fragment_is_the_chain_only(world, client):
    response = client.get(trace_url(world["project"]), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="trace"' in html and "<html" not in html
    assert response.headers["Vary"] == "HX-Request" or "HX-Request" in response.headers["Vary"]


def test_a_committee_that_publishes_nothing_keeps_its_anchor_to_itself(world, as_reader):
    Committee.objects.filter(pk=world["project"].committee_id).update(
        public_access=Committee.PublicAccess.NOTHING
    )
    html = as_reader("anonymous").get(trace_url(world["project"])).content.decode()
    assert "Udvalget godkendte projektet." in html
    assert "Forankret i en udvalgsbeslutning, der ikke er offentlig." in html
    assert world["proposal"].get_absolute_url() not in html
    assert "Ældre og sundhed" not in html  # the workshop's meeting is not public either
    member = as_reader("member").get(trace_url(world["project"])).content.decode()
    assert world["proposal"].get_absolute_url() in member


def test_hostile_text_is_escaped(committee, client):
    project = ProjectFactory(committee=committee, hostile=True)
    html = client.get(trace_url(project)).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_an_empty_project_says_so(committee, client):
    html = client.get(trace_url(ProjectFactory(committee=committee))).content.decode()
    assert "Ingen idéer er knyttet til projektet." in html
    assert "Projektet har ikke været på en dagsorden endnu." in html


def grow(project, committee, n):
    """``n`` ideas, held items with decisions on the project's case, gates and benefits."""
    meeting = MeetingFactory(committee=committee)
    items = [full_item(meeting, case=project.case) for _ in range(n)]
    held_with_decisions(meeting, *items)
    for item in items:
        group = WorkshopGroupFactory(meeting=meeting)
        project.ideas.add(IdeaFactory(status=Idea.Status.PUBLISHED, origin=group))
        GateDecisionFactory(project=project, item=item)
        MeasurementFactory(
            benefit=BenefitFactory(project=project), value=3, measured_on="2019-01-02"
        )


@pytest.mark.parametrize("role", ["anonymous", "member", "secretariat"])
def test_queries_do_not_grow_with_the_chain(
    committee, as_reader, role, django_assert_num_queries, readers
):
    small = ProjectFactory(committee=committee, case=CaseFactory())
    large = ProjectFactory(committee=committee, case=CaseFactory())
    grow(small, committee, 2)
    grow(large, committee, 12)
    client = as_reader(role)
    client.get(trace_url(small))  # warm the session and the user's groups
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(trace_url(small)).status_code == 200
    with django_assert_num_queries(len(small_queries)):
        assert client.get(trace_url(large)).status_code == 200
