"""Background work of the project package: rendering exported documents.

An export being made says that it is alive: ``heartbeat_at`` is written with its progress and,
while the builder renders, every ``SAMSKAB_WORKER_HEARTBEAT`` seconds from a thread of its own.
One not heard from for ``SAMSKAB_EXPORT_LOST_AFTER`` seconds is lost and recovered by
``innovation.shared.exports.recover_lost``. Every write of a run is made only while the export
is still that run's (running, same attempt), so a run given up for lost cannot overwrite the next
one.
The status writes outlive a dropped database connection: they close it and try again.
"""

import contextlib
import logging
import threading
import time

from django.conf import settings
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
)
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext, override

from innovation.shared import exports, pdf
from innovation.shared.models import Export

logger = logging.getLogger(__name__)

# Progress is written to the database at most this often (seconds).
PROGRESS_INTERVAL = 0.3
# The connection to the database broke, or no connection could be made.
DATABASE_ERRORS = (OperationalError, InterfaceError)
# Pauses (seconds) between the tries of a status write while the database does not answer;
# after the last one the export is left to the lost-export rule.
WRITE_RETRY_DELAYS = (0.2, 0.5, 1, 2, 4)


def reset_connection():
    """Drop this thread's database connection after an error: the next query opens a new one."""
    with contextlib.suppress(DatabaseError):
        connection.close()


def write_with_retry(write, what):
    """``write()``, tried again on a new connection while the database does not answer."""
    for delay in (*WRITE_RETRY_DELAYS, None):
        try:
            return write()
        except DATABASE_ERRORS as error:
            if delay is None:
                raise
            logger.warning("%s: no answer from the database (%s); again in %ss", what, error, delay)
            reset_connection()
            time.sleep(delay)
    return None


class Heartbeat:
    """While the block runs, write ``heartbeat_at`` of ``running`` (a QuerySet) every
    ``SAMSKAB_WORKER_HEARTBEAT`` seconds, from a thread with its own connection."""

    def __init__(self, running):
        self.running = running
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.beat, name="export-heartbeat", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join(timeout=settings.SAMSKAB_WORKER_HEARTBEAT)

    def beat(self):
        try:
            while not self.stopped.wait(settings.SAMSKAB_WORKER_HEARTBEAT):
                try:
                    close_old_connections()  # a connection dropped meanwhile is replaced
                    self.running.update(heartbeat_at=timezone.now())
                except DATABASE_ERRORS as error:
                    logger.warning("Export heartbeat not stored: %s", error)
                    reset_connection()
        finally:
            reset_connection()


def _progress_writer(running):
    """A ``progress(done, total)`` callback that stores a percentage (and that the export is
    alive), now and then. A write the database refuses is skipped, not raised into the render."""
    last = 0.0

    def progress(done, total):
        nonlocal last
        now = time.monotonic()
        if now - last < PROGRESS_INTERVAL or total <= 0:
            return
        last = now
        # 100 means “stored”: the file is written after the last part.
        percent = max(0, min(99, done * 100 // total))
        try:
            running.update(progress=percent, heartbeat_at=timezone.now())
        except DATABASE_ERRORS as error:
            logger.warning("Export progress not stored: %s", error)
            reset_connection()

    return progress


def _failure_message(error):
    message = gettext("The document could not be made. Try again, or contact the secretariat.")
    if isinstance(error, DATABASE_ERRORS):
        return gettext(
            "The connection to the database was lost while the document was being made. "
            "Try again in a moment."
        )
    if isinstance(error, pdf.PdfError) and str(error):
        return f"{error} {message}"
    return message


def _claim(export_id):
    """The export, now running in this task; None if it is not queued (any more)."""
    if not Export.objects.filter(pk=export_id, status=Export.Status.QUEUED).update(
        status=Export.Status.RUNNING, progress=0, heartbeat_at=timezone.now()
    ):
        return None
    return Export.objects.get(pk=export_id)


@task
def run_export(export_id):
    """Render the export ``export_id`` and store the file; on any error mark it failed. A
    worker that is stopped mid-render hands the export back to the queue."""
    export = write_with_retry(lambda: _claim(export_id), f"Export {export_id}")
    if export is None:
        logger.info("Export %s is not queued (any more); nothing to do.", export_id)
        return None
    mine = {"status": Export.Status.RUNNING, "attempts": export.attempts}
    running = Export.objects.filter(pk=export.pk, **mine)
    with override(export.language):
        try:
            builder = exports.DOCUMENTS[export.document]
            obj = exports.get_object(builder, export.object_id)
            notes = []
            with Heartbeat(running):
                data = builder.build(
                    obj,
                    audience=export.audience,
                    variant=export.variant,
                    progress=_progress_writer(running),
                    notes=notes,
                )
            if not isinstance(data, bytes) or not data.startswith(b"%PDF-"):
                raise pdf.PdfError(gettext("The document came out empty or damaged."))
            # store() writes atomically: a failure leaves no file, a reader never sees half one.
            path = pdf.store(exports.storage_key(export), data)
        except Exception as error:
            logger.exception(
                "Export %s (%s %s) failed", export.pk, export.document, export.object_id
            )
            failed = {
                "status": Export.Status.FAILED,
                "error": _failure_message(error),
                "file_path": "",
                "finished_at": timezone.now(),
            }
            write_with_retry(lambda: running.update(**failed), f"Export {export.pk}")
            return Export.Status.FAILED
        except BaseException:
            # The worker is being stopped at once (a second SIGTERM or Ctrl-C): the next one
            # makes the document.
            logger.warning("Export %s handed back to the queue: the worker stops.", export.pk)
            write_with_retry(
                lambda: exports.requeue(export.pk, count=False, **mine), f"Export {export.pk}"
            )
            raise
    done = {
        "status": Export.Status.DONE,
        "notes": "\n".join(notes),
        "progress": 100,
        "file_path": path.relative_to(pdf.cache_dir()).as_posix(),
        "finished_at": timezone.now(),
    }
    if not write_with_retry(lambda: running.update(**done), f"Export {export.pk}"):
        logger.warning("Export %s was given up for lost while it was made.", export.pk)
        return None
    return Export.Status.DONE
