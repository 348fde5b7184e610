import pytest
from django.contrib.auth.models import AnonymousUser

from innovation.shared import permissions
from tests.factories import UserFactory


@pytest.fixture
def submitter(db):
    """A member of staff who submits ideas."""
    return UserFactory(username="indsender", role=permissions.STAFF)


@pytest.fixture
def other_staff(db):
    return UserFactory(username="kollega", role=permissions.STAFF)


@pytest.fixture
def readers(db, submitter, other_staff, member, secretariat):
    """Every kind of reader: name -> user."""
    return {
        "anonymous": AnonymousUser(),
        "submitter": submitter,
        "other_staff": other_staff,
        "member": member,
        "secretariat": secretariat,
    }
