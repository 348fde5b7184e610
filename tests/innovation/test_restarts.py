"""Restarts drop nothing: a worker imports nothing heavy when it starts (WeasyPrint only where
a PDF is made), and gunicorn, run with the project's ``gunicorn.conf.py`` against the test
database, answers every request while it is told to restart (SIGHUP) under load.

The tests poll with generous deadlines; they never time anything."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 60  # seconds to wait for what should take one or two (a loaded 2-core machine)

STARTUP = """
import sys
import django
django.setup()
import innovation.urls, innovation.wsgi
from django.urls import get_resolver

def walk(patterns):
    for pattern in patterns:
        walk(getattr(pattern, "url_patterns", []))

walk(get_resolver().url_patterns)  # imports every view module
heavy = sorted(name for name in sys.modules if name.split(".")[0] in {"weasyprint", "pydyf"})
print(",".join(heavy))
"""


def test_starting_a_worker_does_not_import_weasyprint():
    """Django set up, the URLconf with every view module and the WSGI application loaded: no
    WeasyPrint. It is imported only where a PDF is laid out (``innovation.shared.layout``)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    result = subprocess.run(
        [sys.executable, "-c", STARTUP],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"imported at start: {result.stdout.strip()}"


def test_the_pdf_pipeline_still_imports_weasyprint_where_it_lays_out():
    from innovation.shared import layout

    assert layout.weasyprint.HTML


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, what, timeout=DEADLINE):
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"Gave up waiting for {what}.")
        time.sleep(0.1)
    return value


def get(url):
    """The status, or the error's name when no answer came (refused, reset, timed out)."""
    try:
        with urllib.request.urlopen(url, timeout=DEADLINE) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return type(error).__name__


@pytest.fixture
def gunicorn(db, tmp_path):
    """gunicorn with the project's ``gunicorn.conf.py`` (2 workers, 2 threads each) on a free
    port against the test database (``db``: the test's own rows stay in its transaction, the
    pages asked for need none); stopped at the end."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{quote(db['USER'])}{password}@{db['HOST']}:{db['PORT']}/"
        f"{quote(db['NAME'])}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "2",
        "GUNICORN_LOG_LEVEL": "info",
        "GUNICORN_ACCESS_LOG": str(tmp_path / "access.log"),
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: get(f"{base}/healthz") == 200, "gunicorn to answer")
        yield process, base, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.slow
def test_a_graceful_restart_under_load_drops_no_request(gunicorn):
    """Four clients ask for pages without pause while the master is sent SIGHUP twice: every
    request is answered 200, and new workers were booted."""
    process, base, log = gunicorn
    booted = log.read_text().count("Booting worker")
    results = []
    stop = threading.Event()

    def client():
        while not stop.is_set():
            for path in ("/healthz", "/", "/idekatalog/"):
                results.append(get(base + path))

    clients = [threading.Thread(target=client) for _ in range(4)]
    for thread in clients:
        thread.start()
    try:
        wait_for(lambda: len(results) >= 20, "the first answers")
        for _restart in range(2):
            process.send_signal(signal.SIGHUP)
            # The new workers are up and have answered before the next restart.
            wait_for(
                lambda n=booted: log.read_text().count("Booting worker") >= n + 2,
                "new workers",
            )
            booted = log.read_text().count("Booting worker")
            seen = len(results)
            wait_for(lambda n=seen: len(results) >= n + 20, "answers after the restart")
    finally:
        stop.set()
        for thread in clients:
            thread.join(timeout=DEADLINE)
    failed = [result for result in results if result != 200]
    assert not failed, f"{len(failed)} of {len(results)} failed: {set(failed)}"
    assert process.poll() is None, log.read_text()


def test_the_master_freezes_what_it_loaded_before_it_forks():
    """``when_ready`` imports every view module and freezes the loaded objects out of the
    workers' full garbage collections (``gc.freeze``, ``innovation.wsgi.ready_to_fork``)."""
    import gc
    import runpy

    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    gc.unfreeze()
    try:
        config["when_ready"](None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
