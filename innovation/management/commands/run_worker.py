"""Run the task worker: django-tasks-db's ``db_worker``, kept alive when the database goes away.

- The database does not answer: the worker logs it once, tries again after 0.5 s, 1 s, 2 s, …
  (at most ``RECONNECT_MAX`` apart), logs when it answers again and goes on (``db_worker`` exits).
- A thread says every ``SAMSKAB_WORKER_HEARTBEAT`` seconds that the worker is alive (an
  ``innovation.Worker`` row, removed when it stops), and in the same beat recovers what other
  workers left behind: lost exports are queued again or failed
  (``innovation.shared.exports.recover_lost``), and the running tasks of workers no longer
  heard from are marked failed.
- SIGTERM or SIGINT: the task at hand is finished, then the worker stops (``db_worker``'s way); a
  second signal stops it at once, and the export it was making goes back to the queue.
- One process: no autoreloader, no children.
"""

import contextlib
import datetime
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from innovation.models import Worker
from innovation.shared import exports
from innovation.shared.tasks import DATABASE_ERRORS, reset_connection

logger = logging.getLogger(__name__)

RECONNECT_MIN = 0.5
RECONNECT_MAX = 10.0
# Rows of workers not heard from for this long are removed (seconds).
FORGET_WORKERS_AFTER = 24 * 60 * 60


class WorkerLost(Exception):
    """The worker that ran a task stopped without recording how the task ended."""


def fail_orphaned_tasks():
    """Mark failed the running tasks whose worker has not been heard from (killed, or its
    machine lost): django-tasks-db would leave them running for ever."""
    since = timezone.now() - datetime.timedelta(seconds=settings.SAMSKAB_WORKER_LOST_AFTER)
    alive = set(Worker.objects.alive().values_list("worker_id", flat=True))
    for result in DBTaskResult.objects.running().filter(started_at__lt=since):
        worker_id = result.worker_ids[-1] if result.worker_ids else None
        if worker_id not in alive:
            logger.warning("Task %s: its worker %s was lost; marked failed.", result.id, worker_id)
            result.set_failed(WorkerLost(f"The worker {worker_id} stopped during the task."))


class Heartbeat(threading.Thread):
    """The worker's sign of life, and the recovery of what lost workers left behind."""

    def __init__(self, worker_id):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()
        self.database_lost = False

    def run(self):
        try:
            while True:
                self.beat()
                if self.stopping.wait(settings.SAMSKAB_WORKER_HEARTBEAT):
                    return
        finally:
            reset_connection()

    def beat(self):
        now = timezone.now()
        try:
            # As Django does around each request: a connection dropped meanwhile is replaced.
            close_old_connections()
            Worker.objects.update_or_create(
                worker_id=self.worker_id,
                defaults={"seen_at": now},
                create_defaults={
                    "seen_at": now,
                    "hostname": socket.gethostname(),
                    "pid": os.getpid(),
                },
            )
            exports.recover_lost()
            fail_orphaned_tasks()
            forget = now - datetime.timedelta(seconds=FORGET_WORKERS_AFTER)
            Worker.objects.filter(seen_at__lt=forget).delete()
        except DATABASE_ERRORS as error:
            if not self.database_lost:
                logger.warning("Worker heartbeat: the database does not answer (%s).", error)
            self.database_lost = True
            reset_connection()
        except Exception:
            logger.exception("Worker heartbeat failed")
        else:
            self.database_lost = False

    def stop(self):
        self.stopping.set()
        self.join(timeout=settings.SAMSKAB_WORKER_HEARTBEAT + 5)
        with contextlib.suppress(DATABASE_ERRORS):
            Worker.objects.filter(worker_id=self.worker_id).delete()


class ResilientWorker(db_worker.Worker):
    """django-tasks-db's worker loop, started again whenever the database comes back."""

    def run(self):
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.start()
        try:
            while True:
                try:
                    return super().run()
                except DATABASE_ERRORS as error:
                    self.wait_for_database(error)
                    self.startup_delay = False
        finally:
            heartbeat.stop()

    def run_task(self, db_task_result):
        try:
            super().run_task(db_task_result)
        except DATABASE_ERRORS as error:
            # The task has run, but how it ended could not be stored: store it once the database
            # answers (an export keeps its own status).
            self.wait_for_database(error)
            db_task_result.set_failed(error)

    def wait_for_database(self, error):
        logger.warning("The database does not answer (%s); the worker waits for it.", error)
        delay = RECONNECT_MIN
        while True:
            reset_connection()
            time.sleep(delay)
            try:
                connection.ensure_connection()
            except DATABASE_ERRORS:
                delay = min(delay * 2, RECONNECT_MAX)
                continue
            logger.warning("The database answers again; the worker goes on.")
            return


class Command(db_worker.Command):
    help = (
        "Run the task worker (document exports). Unlike db_worker it outlives database outages "
        "and recovers the tasks of lost workers."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        if reload:
            raise CommandError("run_worker does not reload: the reloader runs it as a child.")
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
