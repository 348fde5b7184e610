"""Fixtures for the innovation projects' tests."""

import datetime

import pytest
from django.utils import timezone

from catalogue.models import Idea
from meetings.models import Meeting, Membership
from tests.catalogue.factories import IdeaFactory
from tests.factories import UserFactory
from tests.innovation.factories import ProjectFactory
from tests.meetings.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    RecommendationPointFactory,
)


@pytest.fixture
def committee(db):
    return CommitteeFactory(name="Opgaveudvalget om Innovation", slug="innovation")


@pytest.fixture
def other_committee(db):
    return CommitteeFactory(name="Opgaveudvalget for Trafik", slug="trafik")


@pytest.fixture
def committee_member(committee):
    user = UserFactory(username="udvalgsmedlem", role="Udvalgsmedlem")
    MembershipFactory(committee=committee, user=user, role=Membership.Role.COUNCIL_MEMBER)
    return user


@pytest.fixture
def other_member(other_committee):
    user = UserFactory(username="andetudvalg", role="Udvalgsmedlem")
    MembershipFactory(committee=other_committee, user=user, role=Membership.Role.CITIZEN_MEMBER)
    return user


@pytest.fixture
def users(db, staff, committee_member, other_member, secretariat, superuser):
    """Every kind of reader: role name -> user (None: anonymous)."""
    return {
        "anonymous": None,
        "staff": staff,
        "member": committee_member,
        "other_member": other_member,
        "secretariat": secretariat,
        "superuser": superuser,
    }


@pytest.fixture
def ideas(db):
    return [
        IdeaFactory(title="Teknologilaboratorium for borgere", status=Idea.Status.PUBLISHED),
        IdeaFactory(title="Udlån af hjælpemidler via biblioteket", status=Idea.Status.PARKED),
    ]


@pytest.fixture
def project(committee):
    return ProjectFactory(committee=committee, title="Velfærdsteknologisk laboratorium")


def held_meeting(committee, **kwargs):
    return MeetingFactory(
        committee=committee,
        state=Meeting.State.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        **kwargs,
    )


def decided_item(project, *, committee=None, decision="Indstillingen godkendt.", **kwargs):
    """An item on the project's case at a held meeting of its committee, with the decision
    recorded and its one point approved."""
    meeting = held_meeting(committee or project.committee)
    item = AgendaItemFactory(
        meeting=meeting,
        case=project.case,
        decision=decision,
        decided_on=timezone.localdate() - datetime.timedelta(days=3),
        **kwargs,
    )
    RecommendationPointFactory(item=item, order=1, outcome="approved")
    return item
