"""Documents users can export, and the one action that requests an export.

Each app lists its document builders in a ``BUILDERS`` dict (key ``"<app>.<document>"``);
``BUILDER_MODULES`` names those dicts, so a later app adds its documents with one line. A
builder has ``name``, ``label``, ``get_object(pk)`` (raises ``DoesNotExist``),
``audience_for(user, obj)`` (``"members"``, ``"public"`` or None for “not allowed”),
``fingerprint(obj, audience, variant)``, ``filename(obj, audience)``, ``title(obj, audience)``
and ``build(obj, *, audience, variant, progress=None, stats=None) -> bytes``.

``request_export`` answers a request with an existing export when the document has not changed
(no rendering at all), and otherwise queues ``innovation.tasks.run_export``.
"""

import datetime

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import override

from innovation.models import Export

BUILDER_MODULES = ["meetings.documents.BUILDERS", "catalogue.documents.BUILDERS"]
VARIANTS = tuple(Export.Variant.values)
# A queued or running export this old is taken for lost (a worker died): it is not reused.
STALE_AFTER = datetime.timedelta(minutes=30)


class DocumentNotFound(ObjectDoesNotExist):
    """No such document kind, or no such object."""


class UnknownVariant(ValueError):
    """The PDF variant is not one we make."""


class Documents:
    """The registry: document key -> builder, imported on first use."""

    def __init__(self, paths):
        self.paths = paths
        self._builders = None

    def builders(self) -> dict:
        if self._builders is None:
            found = {}
            for path in self.paths:
                try:
                    found.update(import_string(path))
                except ImportError:
                    if not _module_missing(path):
                        raise
            self._builders = found
        return self._builders

    def __getitem__(self, key):
        try:
            return self.builders()[key]
        except KeyError:
            raise DocumentNotFound(key) from None

    def __contains__(self, key):
        return key in self.builders()


def _module_missing(path):
    """True when the module behind ``path`` does not exist (its app has no documents yet)."""
    from importlib.util import find_spec

    module = path.rsplit(".", 1)[0]
    try:
        return find_spec(module) is None
    except ModuleNotFoundError:
        return True


DOCUMENTS = Documents(BUILDER_MODULES)


def get_object(builder, object_id):
    try:
        return builder.get_object(object_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise DocumentNotFound(f"{builder.name} {object_id}") from None


def storage_key(export):
    """The file name (without suffix) in the PDF cache for exactly this document."""
    from innovation import pdf

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
def request_export(*, user, document, object_id, variant, language) -> Export:
    """The export of ``document`` for ``object_id`` that ``user`` gets.

    Raises DocumentNotFound (unknown document or object), UnknownVariant, or PermissionDenied
    (the builder gives ``user`` no audience for the object). An unchanged document already made
    for the same audience, variant and language is returned as it is; so is one still being
    made. Otherwise a new export is queued and the task enqueued once the transaction commits.
    """
    if variant not in VARIANTS:
        raise UnknownVariant(variant)
    builder = DOCUMENTS[document]
    obj = get_object(builder, object_id)
    audience = builder.audience_for(user, obj)
    if audience is None:
        raise PermissionDenied
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
        pending = same.pending().filter(created_at__gte=timezone.now() - STALE_AFTER).first()
        if pending is not None:
            return pending
        export = Export.objects.create(
            **key,
            filename=builder.filename(obj, audience),
            title=builder.title(obj, audience),
            requested_by=user if user is not None and user.is_authenticated else None,
        )
    from innovation.tasks import run_export

    transaction.on_commit(lambda: run_export.enqueue(export.pk))
    return export
