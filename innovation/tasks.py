"""Background work of the project package: rendering exported documents."""

import logging
import time

from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext, override

from innovation import exports, pdf
from innovation.models import Export

logger = logging.getLogger(__name__)

# Progress is written to the database at most this often (seconds).
PROGRESS_INTERVAL = 0.3


def _progress_writer(export_id):
    """A ``progress(done, total)`` callback that stores a percentage, now and then."""
    last = 0.0

    def progress(done, total):
        nonlocal last
        now = time.monotonic()
        if now - last < PROGRESS_INTERVAL or total <= 0:
            return
        last = now
        # 100 means “stored”: the file is written after the last part.
        percent = max(0, min(99, done * 100 // total))
        Export.objects.filter(pk=export_id, status=Export.Status.RUNNING).update(progress=percent)

    return progress


def _failure_message(error):
    message = gettext("The document could not be made. Try again, or contact the secretariat.")
    if isinstance(error, pdf.PdfError) and str(error):
        return f"{error} {message}"
    return message


@task
def run_export(export_id):
    """Render the export ``export_id`` and store the file; on any error mark it failed."""
    claimed = Export.objects.filter(pk=export_id, status=Export.Status.QUEUED).update(
        status=Export.Status.RUNNING, progress=0
    )
    if not claimed:
        logger.info("Export %s is not queued (any more); nothing to do.", export_id)
        return None
    export = Export.objects.get(pk=export_id)
    with override(export.language):
        try:
            builder = exports.DOCUMENTS[export.document]
            obj = exports.get_object(builder, export.object_id)
            data = builder.build(
                obj,
                audience=export.audience,
                variant=export.variant,
                progress=_progress_writer(export.pk),
            )
            if not isinstance(data, bytes) or not data.startswith(b"%PDF-"):
                raise pdf.PdfError(gettext("The document came out empty or damaged."))
            # store() writes atomically: a failure leaves no file, a reader never sees half one.
            path = pdf.store(exports.storage_key(export), data)
        except BaseException as error:
            logger.exception(
                "Export %s (%s %s) failed", export.pk, export.document, export.object_id
            )
            Export.objects.filter(pk=export.pk).update(
                status=Export.Status.FAILED,
                error=_failure_message(error),
                file_path="",
                finished_at=timezone.now(),
            )
            if not isinstance(error, Exception):
                raise  # the worker is being stopped: let it stop
            return Export.Status.FAILED
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.DONE,
        progress=100,
        file_path=path.relative_to(pdf.cache_dir()).as_posix(),
        finished_at=timezone.now(),
    )
    return Export.Status.DONE
