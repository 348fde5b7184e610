"""The task worker as a real process (``manage.py run_worker``) against the test database.

Each test starts workers (``worker_process.py``: the command, with a slow fake document whose
render waits until the test opens a gate), then kills one, drops its database connections,
closes the database for a while or stops the worker, and checks that the export ends and that
the worker lives on. The timeouts are short here (``TIMEOUTS``, given to the workers through
their environment), so that a lost export is noticed within seconds. The tests poll with
generous deadlines; they never time anything.
"""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from innovation.models import Export, Worker
from innovation.shared import exports
from tests.innovation.worker_process import GATE, SlowBuilder

# Short enough for the tests to see a loss in seconds, long enough that a heartbeat delayed by
# a loaded machine (the browser tests beside these in CI) is not taken for one: at 2 and 3 s a
# render was once given up and queued again while its worker was alive.
TIMEOUTS = {
    "SAMSKAB_WORKER_HEARTBEAT": 0.5,
    "SAMSKAB_WORKER_LOST_AFTER": 5,
    "SAMSKAB_EXPORT_LOST_AFTER": 6,
    "SAMSKAB_EXPORT_ATTEMPTS": 2,
}
DEADLINE = 90  # seconds to wait for what should take one or two (a loaded 2-core machine)
HTMX = {"HX-Request": "true"}
ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition, what, timeout=DEADLINE):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"Gave up waiting for {what}.")
        time.sleep(0.05)


class WorkerProcess:
    def __init__(self, env, log):
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.innovation.worker_process", "--interval", "0.1"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.pid = self.process.pid

    def output(self):
        return self.log.read_text(errors="replace")

    def alive(self):
        return self.process.poll() is None

    def children(self):
        """Process ids of the worker's children, from every one of its threads."""
        tasks = Path(f"/proc/{self.pid}/task")
        return [pid for task in tasks.iterdir() for pid in (task / "children").read_text().split()]

    def signal(self, signum):
        self.process.send_signal(signum)

    def wait(self):
        return self.process.wait(timeout=DEADLINE)

    def kill(self):
        if self.alive():
            self.process.kill()
        self.process.wait(timeout=DEADLINE)


@pytest.fixture
def gate(tmp_path):
    path = tmp_path / "gate"
    path.mkdir()
    return path


def open_gate(gate, object_id):
    """Let the render of ``tests.slow`` object ``object_id`` finish."""
    (gate / f"open-{object_id}").touch()


@pytest.fixture
def workers(transactional_db, django_db_serialized_rollback, settings, monkeypatch, gate, tmp_path):
    """``workers()`` starts worker processes on the test database; all are killed at the end.
    The rows the data migrations made (roles, the catalogue's lists) are restored after the
    test's flush, for the tests that run after it in the same process."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for name, value in TIMEOUTS.items():
        setattr(settings, name, value)
    monkeypatch.setitem(exports.DOCUMENTS.builders(), SlowBuilder.name, SlowBuilder())
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    env = {
        **os.environ,
        **{name: str(value) for name, value in TIMEOUTS.items()},
        "DJANGO_SETTINGS_MODULE": "tests.innovation.worker_settings",
        "DATABASE_URL": f"postgres://{quote(db['USER'])}{password}@{db['HOST']}:{db['PORT']}/"
        f"{quote(db['NAME'])}",
        "SAMSKAB_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        GATE: str(gate),
        "PYTHONUNBUFFERED": "1",
        "DJANGO_LOG_LEVEL": "INFO",
    }
    started = []

    def start(count=1):
        """Start ``count`` workers side by side (they start up in parallel): one, or a list."""
        new = [
            WorkerProcess(env, tmp_path / f"worker-{len(started) + n}.log")
            for n in range(1, count + 1)
        ]
        started.extend(new)
        return new[0] if count == 1 else new

    yield start
    for worker in started:
        worker.kill()


def request(object_id):
    return exports.request_export(
        user=None,
        document=SlowBuilder.name,
        object_id=object_id,
        variant="pdf/ua-1",
        language="da",
    )


def current(export):
    return Export.objects.get(pk=export.pk)


def running(export, min_progress=0):
    export = current(export)
    return export.status == Export.Status.RUNNING and export.progress >= min_progress


def finished(export):
    export = current(export)
    return export if not export.is_pending else None


def drop_connections():
    """Terminate every connection to the test database but the test's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [connection.settings_dict["NAME"]],
        )
        return cursor.fetchone()[0]


@contextmanager
def database_closed():
    """The test database refuses new connections and loses all but the test's own."""
    db = connection.settings_dict
    name = connection.ops.quote_name(db["NAME"])
    # A database cannot close itself: ask from the server's maintenance database.
    with psycopg.connect(
        dbname="postgres",
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        autocommit=True,
    ) as maintenance:
        maintenance.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        try:
            drop_connections()
            yield
        finally:
            maintenance.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")


def renderer(export, workers):
    """The worker (of ``workers``) whose task is making ``export``."""
    task = DBTaskResult.objects.get(id=current(export).task_id)
    pid = Worker.objects.get(worker_id=task.worker_ids[-1]).pid
    return next(worker for worker in workers if worker.pid == pid)


def danish(message):
    with translation.override("da"):
        return translation.gettext(message)


def test_a_killed_worker_s_export_is_made_by_another(workers, gate):
    pool = workers(2)
    export = request(1)
    wait_for(lambda: running(export, min_progress=1), "the render to report progress")
    wait_for(lambda: Worker.objects.count() == 2, "both workers' signs of life")
    first = renderer(export, pool)
    assert first.children() == []  # nothing is left behind when it is killed
    first.kill()  # SIGKILL, mid-render
    open_gate(gate, 1)

    export = wait_for(lambda: finished(export), "the export to end")
    assert export.status == Export.Status.DONE, export.error
    assert export.attempts == 2
    assert export.file() is not None
    (second,) = [worker for worker in pool if worker is not first]
    assert f"Export {export.pk} was lost" in second.output()
    # The killed worker's task is marked failed, not left running for ever.
    wait_for(lambda: not DBTaskResult.objects.running().exists(), "the lost task to be failed")
    lost = DBTaskResult.objects.failed().get()
    assert lost.exception_class_path.endswith(".WorkerLost")
    assert second.alive()


# Object: what the render does when its gate opens after the connections were dropped.
DROPPED = [
    (1, Export.Status.DONE, ""),  # reported progress all along
    (2, Export.Status.DONE, ""),  # rendered silently
    (
        3,
        Export.Status.FAILED,
        "The document could not be made. Try again, or contact the secretariat.",
    ),
    (
        4,
        Export.Status.FAILED,
        "The connection to the database was lost while the document was "
        "being made. Try again in a moment.",
    ),
]


def drop_connections_mid_render(gate, object_id):
    """Drop the connections while ``object_id`` renders, let it finish; the export when done."""
    export = request(object_id)
    wait_for(lambda: running(export, min_progress=object_id == 1), f"render {object_id}")
    wait_for(lambda: (gate / f"waiting-{object_id}").exists(), f"render {object_id} to wait")
    before = current(export)
    assert drop_connections() >= 1
    if object_id == 1:
        # Its progress goes on being stored, on a new connection.
        wait_for(lambda: current(export).progress > before.progress + 2, "more progress")
    open_gate(gate, object_id)
    return wait_for(lambda: finished(export), f"export {object_id} to end")


def test_dropped_connections_mid_render_end_the_export(workers, gate):
    worker = workers()
    for object_id, status, error in DROPPED:
        export = drop_connections_mid_render(gate, object_id)
        assert (export.status, export.error) == (status, danish(error) if error else ""), object_id
        assert export.attempts == 1
        assert worker.alive()  # and it takes the next one


def test_the_worker_outlives_a_closed_database(workers, gate):
    worker = workers()
    export = request(1)
    wait_for(lambda: running(export, min_progress=1), "the render")
    with database_closed():
        wait_for(lambda: "Export progress not stored" in worker.output(), "the render to notice")
        wait_for(lambda: "Worker heartbeat: the database" in worker.output(), "the heartbeat")
    open_gate(gate, 1)
    export = wait_for(lambda: finished(export), "the export to end")
    assert export.status == Export.Status.DONE, export.error
    assert worker.alive()

    # Closed while the worker waits for work: it waits for the database, then goes on.
    with database_closed():
        wait_for(lambda: "the worker waits for it" in worker.output(), "the worker to wait")
        assert worker.alive()
    wait_for(lambda: "The database answers again" in worker.output(), "the worker to go on")
    open_gate(gate, 2)
    export = wait_for(lambda: finished(request(2)), "the next export")
    assert export.status == Export.Status.DONE, export.error
    assert worker.alive()


def test_sigterm_finishes_the_export_then_stops(workers, gate):
    worker = workers()
    export = request(2)
    wait_for(lambda: running(export), "the render")
    wait_for(lambda: Worker.objects.exists(), "the worker's sign of life")
    worker.signal(signal.SIGTERM)
    wait_for(lambda: "shutting down gracefully" in worker.output(), "the worker to take note")
    assert worker.alive()
    open_gate(gate, 2)
    assert worker.wait() == 0
    assert current(export).status == Export.Status.DONE
    assert not Worker.objects.exists()  # it said that it is gone


def test_a_second_signal_stops_at_once_and_hands_the_export_back(workers, gate):
    pool = workers(2)
    export = request(2)
    wait_for(lambda: running(export), "the render")
    wait_for(lambda: Worker.objects.count() == 2, "both workers' signs of life")
    first = renderer(export, pool)
    first.signal(signal.SIGTERM)
    wait_for(lambda: "shutting down gracefully" in first.output(), "the worker to take note")
    first.signal(signal.SIGTERM)
    first.wait()
    assert f"Export {export.pk} handed back to the queue" in first.output()

    open_gate(gate, 2)
    export = wait_for(lambda: finished(export), "the export to end")
    assert export.status == Export.Status.DONE, export.error
    assert export.attempts == 1  # handed back, not lost
    assert renderer(export, pool) is not first


def test_without_a_worker_the_page_says_the_export_waits(client, workers, gate):
    open_gate(gate, 2)
    response = client.post(reverse("export_start"), {"document": SlowBuilder.name, "object_id": 2})
    url = response.url
    waiting = danish("Waiting for the document service …")
    page = client.get(url).content.decode()
    assert waiting in page
    assert 'hx-trigger="every 1s"' in page  # it keeps asking

    workers()
    # The page polls; once the worker is there, the next answer offers the file.
    fragment = wait_for(
        lambda: (
            "export-download" in (html := client.get(url, headers=HTMX).content.decode()) and html
        ),
        "the worker to make the document",
    )
    assert waiting not in fragment
    assert "hx-trigger" not in fragment
