import runpy
from pathlib import Path

import pytest

SETTINGS = Path(__file__).resolve().parents[2] / "innovation" / "settings.py"


@pytest.fixture
def read_settings(monkeypatch):
    """``innovation/settings.py`` as it reads the given environment (a variable given as None
    is unset), without touching the settings of the test run."""

    def read(**environ):
        for name, value in environ.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))

    return read


# --- Projects: a committee, its members and every kind of reader ----------------------------


@pytest.fixture
def committee(db):
    from tests.meetings.factories import CommitteeFactory

    return CommitteeFactory(name="Opgaveudvalget om Velfærdsteknologi", slug="velfaerd")


@pytest.fixture
def other_committee(db):
    from tests.meetings.factories import CommitteeFactory

    return CommitteeFactory(name="Opgaveudvalget for Trafik", slug="trafik")


@pytest.fixture
def committee_member(committee):
    from meetings.models import Membership
    from tests.factories import UserFactory
    from tests.meetings.factories import MembershipFactory

    user = UserFactory(username="udvalgsmedlem", member=True)
    MembershipFactory(committee=committee, user=user, role=Membership.Role.COUNCIL_MEMBER)
    return user


@pytest.fixture
def other_member(other_committee):
    from tests.factories import UserFactory
    from tests.meetings.factories import MembershipFactory

    user = UserFactory(username="andetudvalg", member=True)
    MembershipFactory(committee=other_committee, user=user)
    return user


@pytest.fixture
def readers(db, committee_member, other_member, staff, secretariat, superuser):
    """Every kind of reader: name -> user (None: anonymous)."""
    return {
        "anonymous": None,
        "staff": staff,
        "member": committee_member,
        "other_member": other_member,
        "secretariat": secretariat,
        "superuser": superuser,
    }


# Who sees what is closed on the committee's agendas, and who reads like the secretariat.
READS_CLOSED = {"member", "secretariat", "superuser"}
SECRETARIAT = {"secretariat", "superuser"}
ROLES = ["anonymous", "staff", "member", "other_member", "secretariat", "superuser"]


@pytest.fixture
def as_reader(client, readers):
    """Log ``client`` in as the named reader (anonymous: logged out)."""

    def login(name):
        client.logout()
        if readers[name] is not None:
            client.force_login(readers[name])
        return client

    return login
