"""The shared machinery's models: document exports and their task workers.

An ``Export`` is one request for a document (a meeting pack, a recommendation, minutes) made
by a user for one audience, variant and language. The task ``innovation.shared.tasks.run_export``
renders it in the background; the finished file lives in the PDF cache
(``innovation.shared.pdf.cache_dir()``) under a name derived from what went into it, so an unchanged
document is never rendered twice. A ``Worker`` is a running task worker
(``manage.py run_worker``) as last heard from. A ``Submission`` is a form that was sent and made
something: its key, so that the same form sent again makes nothing more
(``innovation.shared.submissions``).

The classes belong to the ``innovation`` app (its models module imports them); nothing here
imports an app's domain modules.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.shared import permissions


class ExportQuerySet(models.QuerySet):
    def visible_to(self, user, session_exports=()):
        """Exports whose progress ``user`` may follow: those they (or, for anonymous visitors,
        this browser session) requested; the secretariat follows every export."""
        if permissions.is_secretariat(user):
            return self
        mine = Q(pk__in=[int(pk) for pk in session_exports])
        if user is not None and user.is_authenticated:
            mine |= Q(requested_by=user)
        return self.filter(mine)

    def for_document(self, *, document, object_id, audience, variant, language, fingerprint):
        """Exports of exactly this document: same object, audience, variant, language and
        content (``fingerprint``)."""
        return self.filter(
            document=document,
            object_id=object_id,
            audience=audience,
            variant=variant,
            language=language,
            fingerprint=fingerprint,
        )

    def pending(self):
        return self.filter(status__in=[self.model.Status.QUEUED, self.model.Status.RUNNING])

    def overdue(self):
        """Pending exports not heard from within ``SAMSKAB_EXPORT_LOST_AFTER``: lost, unless a
        queued one's task is still waiting for a worker (see ``innovation.shared.exports``)."""
        return self.pending().filter(heartbeat_at__lt=self.model.overdue_before())


class Export(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Variant(models.TextChoices):
        # The values are innovation.shared.pdf.ACCESSIBLE and innovation.shared.pdf.ARCHIVE.
        ACCESSIBLE = "pdf/ua-1", _("PDF (accessible)")
        ARCHIVE = "pdf/a-2a", _("PDF/A (archive)")

    class Audience(models.TextChoices):
        MEMBERS = permissions.MEMBERS, _("Members' edition")
        PUBLIC = permissions.PUBLIC, _("Public edition")

    document = models.CharField(_("document"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("object id"))
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    variant = models.CharField(
        _("variant"), max_length=20, choices=Variant.choices, default=Variant.ACCESSIBLE
    )
    language = models.CharField(_("language"), max_length=10)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    heartbeat_at = models.DateTimeField(
        _("last heard from"),
        default=timezone.now,
        help_text=_("When queued, and then every few seconds while the document is made."),
    )
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=1, help_text=_("How many times the document was queued.")
    )
    task_id = models.CharField(
        _("task"), max_length=64, blank=True, help_text=_("The task that makes the document.")
    )
    error = models.TextField(_("error"), blank=True)
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("What the finished document could not include, for the reader."),
    )
    file_path = models.CharField(
        _("file"),
        max_length=255,
        blank=True,
        help_text=_("The finished file, relative to the PDF cache folder."),
    )
    filename = models.CharField(_("file name"), max_length=255)
    title = models.CharField(_("title"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["document", "object_id", "audience", "variant", "language", "fingerprint"],
                name="export_document_idx",
            ),
            # The lost-export sweep of every worker, every few seconds.
            models.Index(
                fields=["heartbeat_at"],
                condition=Q(status__in=["queued", "running"]),
                name="export_pending_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="export_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file_path=""), name="export_done_has_file"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_variant_display()}, {self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("export_status", args=[self.pk])

    @property
    def is_pending(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @staticmethod
    def overdue_before():
        return timezone.now() - datetime.timedelta(seconds=settings.SAMSKAB_EXPORT_LOST_AFTER)

    @property
    def is_overdue(self):
        return self.is_pending and self.heartbeat_at < self.overdue_before()

    def file(self):
        """The finished file on disk, or None (not done, or removed from the cache)."""
        if self.status != self.Status.DONE or not self.file_path:
            return None
        from innovation.shared import pdf

        path = pdf.cache_dir() / self.file_path
        return path if path.is_file() else None


class WorkerQuerySet(models.QuerySet):
    def alive(self):
        """Workers heard from within ``SAMSKAB_WORKER_LOST_AFTER`` seconds."""
        since = timezone.now() - datetime.timedelta(seconds=settings.SAMSKAB_WORKER_LOST_AFTER)
        return self.filter(seen_at__gte=since)


class Worker(models.Model):
    """A task worker (``manage.py run_worker``): it writes ``seen_at`` every
    ``SAMSKAB_WORKER_HEARTBEAT`` seconds and removes its row when it stops."""

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    seen_at = models.DateTimeField(_("last heard from"), default=timezone.now)

    objects = WorkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")
        ordering = ["-seen_at"]

    def __str__(self):
        return f"{self.hostname}:{self.pid} ({self.worker_id})"


class ContentVersion(models.Model):
    """One row per part of the content (``innovation.shared.pagecache.DOMAINS``) whose
    ``value`` every write to that part raises: a statement-level trigger on each of its tables
    bumps it in the writing transaction, so a new value is seen exactly when the change is.
    Cached pages are keyed by the values of the parts they show."""

    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return str(self.value)


class Submission(models.Model):
    """A form that made something: the key its page was rendered with (a hidden field) and
    where the first answer led. The unique key is what makes a second submission of the same
    form, even one arriving at the same moment, make nothing (``submissions.once``)."""

    key = models.UUIDField(_("key"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("user")
    )
    url = models.CharField(_("address of what it made"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return str(self.key)
