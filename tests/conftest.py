import pytest
from django.utils import translation

from innovation import permissions
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads and cached documents of a test never land in the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_pdf_memory():
    """Parsed PDF parts are kept in memory per process; every test starts without them."""
    from innovation import pdf

    pdf._readers.clear()


@pytest.fixture(autouse=True)
def danish():
    """Every test starts in Danish, the default language."""
    with translation.override("da"):
        yield


@pytest.fixture
def member(db):
    return UserFactory(username="member", role=permissions.COMMITTEE_MEMBER)


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", role=permissions.STAFF)


@pytest.fixture
def secretariat(db):
    return UserFactory(username="secretariat", role=permissions.SECRETARIAT, is_staff=True)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)
