"""Shared models of the project package: document exports.

An ``Export`` is one request for a document (a meeting pack, a recommendation, minutes) made
by a user for one audience, variant and language. The task ``innovation.tasks.run_export``
renders it in the background; the finished file lives in the PDF cache
(``innovation.pdf.cache_dir()``) under a name derived from what went into it, so an unchanged
document is never rendered twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innovation import permissions


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
        return self.filter(status__in=[Export.Status.QUEUED, Export.Status.RUNNING])


class Export(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Variant(models.TextChoices):
        # The values are innovation.pdf.ACCESSIBLE and innovation.pdf.ARCHIVE.
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
    error = models.TextField(_("error"), blank=True)
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
            )
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

    def file(self):
        """The finished file on disk, or None (not done, or removed from the cache)."""
        if self.status != self.Status.DONE or not self.file_path:
            return None
        from innovation import pdf

        path = pdf.cache_dir() / self.file_path
        return path if path.is_file() else None
