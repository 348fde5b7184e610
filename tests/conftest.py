import io
import shutil
import uuid

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django.test import override_settings
from django.utils import translation

from innovation.shared import permissions
from tests.factories import UserFactory

DB_BLOCKER = pytest.StashKey()


SERIALIZED = {}
"""The rows the test databases held after migrating (Django's serialization), by alias: kept
here because the connection objects a test sees after Playwright's greenlets may be new ones
without them."""


@pytest.fixture(autouse=True)
def _keep_db_blocker(request, django_db_blocker):
    request.node.stash[DB_BLOCKER] = django_db_blocker
    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            SERIALIZED.setdefault(connection.alias, contents)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, put back the rows migrations seed (roles, lists).

    pytest-django empties every table after such a test; Django restores the serialized rows
    only when the *next* serialized test starts, and a transactional test without serialized
    rollback leaves content types and permissions re-made under new keys. In one process that
    is harmless because transactional tests run last; under pytest-xdist a worker runs files in
    turn, so the next file's ordinary tests would find no roles. This runs after every fixture
    of the test is torn down, the flush included.
    """
    result = yield
    fixtures = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    marked = marker.kwargs if marker else {}
    transactional = {"transactional_db", "live_server"} & fixtures or marked.get("transaction")
    blocker = item.stash.get(DB_BLOCKER, None)
    if not transactional or blocker is None or nextitem is None:
        return result  # after the last test the test database is already gone
    with blocker.unblock():
        for connection in connections.all():
            contents = SERIALIZED.get(connection.alias)
            if contents:
                # Empty again first: a flush without serialized rollback (or with a connection
                # that lost its serialization) re-made content types under new keys.
                call_command(
                    "flush",
                    interactive=False,
                    inhibit_post_migrate=True,
                    reset_sequences=False,  # as Django's own flush: the keys restored are used
                    database=connection.alias,
                    verbosity=0,
                )
                connection.creation.deserialize_db_from_string(contents)
    return result


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads and cached documents of a test never land in the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def own_cache(settings):
    """Each test reads and writes its own cache entries (innovation/shared/pagecache.py): the
    content version starts again in every test's database state, the cache table does not."""
    settings.CACHES = {
        alias: {**config, "KEY_PREFIX": uuid.uuid4().hex}
        for alias, config in settings.CACHES.items()
    }


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


@pytest.fixture(scope="module")
def demo_in_module(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """``manage.py load_demo`` once for the whole module, inside a transaction that is rolled
    back when the module ends. Use ``demo_data`` in tests, not this.

    Every test of the module runs in a savepoint inside that transaction (the ``db`` fixture),
    so a test's changes never reach the next one. A transactional test would empty the tables
    for the rest of the module, so a module that loads the demo has none.
    """
    transactional = [
        item.name
        for item in request.session.items
        if item.module is request.module
        and {"transactional_db", "live_server"} & set(item.fixturenames)
    ]
    if transactional:
        raise pytest.UsageError(
            f"{request.module.__name__} loads the demo once for the module; its tests cannot "
            f"also use transactional_db or live_server: {', '.join(transactional)}"
        )
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(MEDIA_ROOT=media):
            call_command("load_demo", force=True, stdout=io.StringIO())
        with django_db_blocker.block():
            yield media
        transaction.set_rollback(True)


@pytest.fixture
def demo_data(demo_in_module, db, settings):
    """The demo data as ``manage.py load_demo`` leaves it, loaded once per module; each test
    starts from it unchanged, with its own copy of the demo's files."""
    shutil.copytree(demo_in_module, settings.MEDIA_ROOT, dirs_exist_ok=True)


@pytest.fixture(autouse=True)
def _words_not_yet_stemmed(monkeypatch):
    """Every test starts as a new process would: no word stemmed yet (``catalogue.search``
    keeps the stems of the words it has seen), whatever ran before it in this worker."""
    monkeypatch.setattr("catalogue.search._STEMS", {})
