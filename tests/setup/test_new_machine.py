"""The set-up on a machine where the configured database does not exist yet."""

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _server_params():
    db = settings.DATABASES["default"]
    params = {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }
    return {key: value for key, value in params.items() if value is not None}


def _exists(name):
    with psycopg.connect(dbname="postgres", autocommit=True, **_server_params()) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()


def _drop(name):
    with psycopg.connect(dbname="postgres", autocommit=True, **_server_params()) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def new_database_url():
    name = f"samskab_new_{uuid.uuid4().hex[:12]}"
    params = _server_params()
    auth = params.get("user", "")
    if params.get("password"):
        auth += f":{params['password']}"
    url = f"postgres://{auth}@{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}"
    assert not _exists(name)
    yield name, url
    _drop(name)


def test_make_db_creates_a_database_that_does_not_exist(new_database_url):
    """`make db` is the set-up's database step of `make run` and `make test`: on a new
    machine it must create the database, not fail in a system check that connects to it."""
    name, url = new_database_url
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [shutil.which("make"), "--no-print-directory", "db"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Created database {name}." in result.stdout
    assert _exists(name)


def test_ci_runs_on_a_database_of_its_own():
    """CI must walk the path of a new machine: a DATABASE_URL and a test database per run."""
    script = (ROOT / ".ci" / "run").read_text()
    assert "export DATABASE_URL=" in script
    assert "export SAMSKAB_TEST_DATABASE=" in script
    assert "trap drop_databases EXIT" in script
    assert "make test" in script
