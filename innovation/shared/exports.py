"""Documents users can export, and the one action that requests an export.

Each app registers the module of its document builders here from its ``AppConfig.ready()``
(``exports.register("<app>.documents")``); the module's ``BUILDERS`` dict (key
``"<app>.<document>"``) is read on first use, so that starting Django does not load WeasyPrint.
This shared machinery never names an app: the apps come to it.

A builder has ``name``, ``label``, ``get_object(pk)`` (raises ``DoesNotExist``),
``audience_for(user, obj)`` (``"members"``, ``"public"`` or None for “not allowed”),
``fingerprint(obj, audience, variant)``, ``filename(obj, audience)``, ``title(obj, audience)``
and ``build(obj, *, audience, variant, progress=None, notes=None) -> bytes`` (``notes``: a list
the builder adds what the document could not include to).

``request_export`` answers a request with an existing export when the document has not changed
(no rendering at all), and otherwise queues ``innovation.shared.tasks.run_export``.

An export that was lost — its worker was killed, or lost the database for too long — is noticed
by whoever looks at it next (the status page, ``request_export``, every worker's heartbeat):
``recover_lost`` queues it again, up to ``SAMSKAB_EXPORT_ATTEMPTS`` times, and then marks it
failed with a message for the reader.
"""

import logging
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.db.models import F
from django.tasks import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from django.utils import timezone
from django.utils.translation import gettext, override

from innovation.shared import permissions
from innovation.shared.models import Export, Worker

logger = logging.getLogger(__name__)

VARIANTS = tuple(Export.Variant.values)


class DocumentNotFound(ObjectDoesNotExist):
    """No such document kind, or no such object."""


class UnknownVariant(ValueError):
    """The PDF variant is not one we make."""


class Documents:
    """The registry: document key -> builder. Apps register the modules that hold their
    builders (``register``); the modules are imported on first use."""

    def __init__(self):
        self.modules = []
        self._builders = None

    def register(self, module: str):
        if module not in self.modules:
            self.modules.append(module)
            self._builders = None

    def builders(self) -> dict:
        if self._builders is None:
            found = {}
            for module in self.modules:
                for key, builder in import_module(module).BUILDERS.items():
                    if found.setdefault(key, builder) is not builder:
                        raise ImproperlyConfigured(f"Two document builders are named {key!r}.")
            self._builders = found
        return self._builders

    def __getitem__(self, key):
        try:
            return self.builders()[key]
        except KeyError:
            raise DocumentNotFound(key) from None

    def __contains__(self, key):
        return key in self.builders()


DOCUMENTS = Documents()


def register(*modules: str):
    """Make the builders in ``modules`` (each with a ``BUILDERS`` dict) exportable; called from
    an app's ``AppConfig.ready()``."""
    for module in modules:
        DOCUMENTS.register(module)


def get_object(builder, object_id):
    try:
        return builder.get_object(object_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise DocumentNotFound(f"{builder.name} {object_id}") from None


def storage_key(export):
    """The file name (without suffix) in the PDF cache for exactly this document."""
    from innovation.shared import pdf

    return "export-" + pdf.digest(
        "export",
        export.document,
        str(export.object_id),
        export.audience,
        export.variant,
        export.language,
        export.fingerprint,
    )


@transaction.atomic
def request_export(*, user, document, object_id, variant, language, audience=None) -> Export:
    """The export of ``document`` for ``object_id`` that ``user`` gets.

    ``audience``: the edition asked for; ``None`` is the edition the builder gives ``user``.
    A reader who gets the members' edition may ask for the public one (it shows less); a reader
    who gets the public edition gets nothing more.

    Raises DocumentNotFound (unknown document or object), UnknownVariant, or PermissionDenied
    (the builder gives ``user`` no audience for the object, or not the one asked for). An
    unchanged document already made for the same audience, variant and language is returned as
    it is; so is one still being made. Otherwise a new export is queued and the task enqueued
    once the transaction commits.
    """
    if variant not in VARIANTS:
        raise UnknownVariant(variant)
    builder = DOCUMENTS[document]
    obj = get_object(builder, object_id)
    allowed = builder.audience_for(user, obj)
    if allowed is None or audience not in (None, allowed, permissions.PUBLIC):
        raise PermissionDenied
    audience = audience or allowed
    with override(language):
        key = {
            "document": document,
            "object_id": obj.pk,
            "audience": audience,
            "variant": variant,
            "language": language,
            "fingerprint": builder.fingerprint(obj, audience, variant),
        }
        same = Export.objects.for_document(**key)
        done = same.filter(status=Export.Status.DONE).order_by("-finished_at").first()
        if done is not None and done.file() is not None:
            return done
        pending = same.pending().first()
        if pending is not None and pending.is_overdue:
            recover_lost(Export.objects.filter(pk=pending.pk))
            pending.refresh_from_db()
        if pending is not None and pending.is_pending:
            return pending
        export = Export.objects.create(
            **key,
            filename=builder.filename(obj, audience),
            title=builder.title(obj, audience),
            requested_by=user if user is not None and user.is_authenticated else None,
        )
    _enqueue_on_commit(export.pk)
    return export


def _enqueue_on_commit(export_id):
    """Enqueue the export's task once the transaction commits, and note the task's id."""
    from innovation.shared.tasks import run_export

    def enqueue():
        result = run_export.enqueue(export_id)
        Export.objects.filter(pk=export_id, task_id="").update(task_id=result.id)

    # Robust: a failed enqueue leaves a queued export without a task, which recover_lost finds.
    transaction.on_commit(enqueue, robust=True)


@transaction.atomic
def requeue(export_id, *, count=True, **conditions) -> bool:
    """Queue the export again with a new task, if it still meets ``conditions`` (field lookups).
    ``count``: this is another attempt; False for an export handed back by a worker that is
    being stopped. Returns False when no export met the conditions."""
    queued = Export.objects.filter(pk=export_id, **conditions).update(
        status=Export.Status.QUEUED,
        progress=0,
        heartbeat_at=timezone.now(),
        task_id="",
        attempts=F("attempts") + 1 if count else F("attempts"),
    )
    if queued:
        _enqueue_on_commit(export_id)
    return bool(queued)


def task_waiting(export) -> bool:
    """True while the task of a queued export still waits for a worker (or the tasks backend
    cannot tell); False when it has been taken, has ended or is missing."""
    from innovation.shared.tasks import run_export

    if not export.task_id:
        return False
    if not run_export.get_backend().supports_get_result:
        return True
    try:
        result = run_export.get_result(export.task_id)
    except (TaskResultDoesNotExist, TaskResultMismatch):
        return False
    return result.status == TaskResultStatus.READY


def lost_message(language):
    with override(language):
        return gettext(
            "The document service stopped while it was making the document. Try again; if it "
            "happens again, contact the secretariat."
        )


@transaction.atomic
def recover_lost(exports=None) -> int:
    """Queue again, or mark failed, the lost exports among ``exports`` (default: all).

    Lost: pending and not heard from within ``SAMSKAB_EXPORT_LOST_AFTER`` seconds, unless a
    queued export's task still waits for a worker. An export is queued again until it has been
    queued ``SAMSKAB_EXPORT_ATTEMPTS`` times, then failed. Rows that another reader is
    recovering at the same moment are locked and skipped, so no export is retried twice.
    Returns how many exports were recovered.
    """
    exports = Export.objects.all() if exports is None else exports
    recovered = 0
    for export in exports.overdue().select_for_update(skip_locked=True).order_by("pk"):
        if export.status == Export.Status.QUEUED and task_waiting(export):
            continue
        if export.attempts < settings.SAMSKAB_EXPORT_ATTEMPTS:
            logger.warning(
                "Export %s was lost (%s, last heard from %s); queued again.",
                export.pk,
                export.status,
                export.heartbeat_at,
            )
            requeue(export.pk)
        else:
            logger.warning(
                "Export %s was lost (%s, last heard from %s) after %s attempts; failed.",
                export.pk,
                export.status,
                export.heartbeat_at,
                export.attempts,
            )
            Export.objects.filter(pk=export.pk).update(
                status=Export.Status.FAILED,
                error=lost_message(export.language),
                file_path="",
                finished_at=timezone.now(),
            )
        recovered += 1
    return recovered


def service_running() -> bool:
    """True when a task worker was heard from within ``SAMSKAB_WORKER_LOST_AFTER`` seconds."""
    return Worker.objects.alive().exists()
