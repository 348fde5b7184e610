"""The rows migrations seed (roles, welfare areas) are there after transactional tests.

pytest-django empties every table after a transactional test. tests/conftest.py puts the
seeded rows back, so that under pytest-xdist a worker's next file still finds them. The tests
here run in file order among the transactional ones: the first empties the tables (through the
live server, like the browser tests), the next ones start without a restore of their own.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from catalogue.models import WelfareArea
from innovation.shared import permissions


def _assert_seeded():
    roles = set(Group.objects.values_list("name", flat=True))
    assert {permissions.SECRETARIAT, permissions.COMMITTEE_MEMBER, permissions.STAFF} <= roles
    assert WelfareArea.objects.exists()
    secretariat = Group.objects.get(name=permissions.SECRETARIAT)
    assert secretariat.permissions.exists()
    # Permissions point at the content types that exist (none re-made under new keys).
    assert not Permission.objects.exclude(content_type__in=ContentType.objects.all()).exists()


def test_a_live_server_test_empties_the_tables(live_server, django_db_serialized_rollback):
    Group.objects.all().delete()
    WelfareArea.objects.all().delete()


def test_the_next_transactional_test_finds_the_seeded_rows(transactional_db):
    _assert_seeded()


def test_after_a_plain_transactional_test_too(transactional_db):
    _assert_seeded()
    WelfareArea.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_a_test_marked_transactional_finds_them():
    _assert_seeded()
    WelfareArea.objects.all().delete()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_test_marked_serialized_empties_the_tables():
    _assert_seeded()
    Group.objects.all().delete()


def test_the_last_one_finds_them_too(transactional_db):
    _assert_seeded()
