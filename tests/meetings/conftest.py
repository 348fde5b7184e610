import time
from types import SimpleNamespace

import pytest

from meetings.models import Membership
from tests.factories import UserFactory
from tests.meetings.factories import (
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    full_item,
)

SECRET = "HEMMELIG-PERSONALESAG-7731"


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
def meeting(committee):
    return MeetingFactory(committee=committee, number=4, title="Teknologilaboratorium")


@pytest.fixture
def open_item(meeting):
    return full_item(meeting, title="Åbent punkt om velfærdsteknologi")


@pytest.fixture
def closed_item(meeting):
    return full_item(meeting, closed=True, title=f"Lukket sag {SECRET}", secret=SECRET)


@pytest.fixture
def roles(db, committee_member, other_member, staff, secretariat):
    """Every kind of reader: (name, user or None for anonymous, may see closed)."""
    return [
        ("anonymous", None, False),
        ("staff", staff, False),
        ("other_member", other_member, False),
        ("member", committee_member, True),
        ("secretariat", secretariat, True),
    ]


@pytest.fixture
def one_minute(monkeypatch):
    """The meetings list's cache keys name the minute (``pagecache.this_minute``): one minute
    for the whole test, or a warm request just after a minute's turn renders afresh."""
    now = time.time()
    monkeypatch.setattr("innovation.shared.pagecache.time", SimpleNamespace(time=lambda: now))
