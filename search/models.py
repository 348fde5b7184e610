"""The search documents: one row per meeting, agenda item, attachment, idea and project (and a
second, narrower one per agenda item: what an outsider reads of it, ``Kind.DECISION``), with
the text the search reads and its stored ``tsvector`` (``search/documents.py`` keeps them
current by database triggers), and the text read from attachment files."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.models import SEARCH_CONFIG
from search.querysets import DocumentQuerySet

SUMMARY_LENGTH = 300
"""Characters of the text's opening kept as ``summary`` (searched inside compounds)."""
BODY_LENGTH = 100_000
"""Characters of a document's text that are indexed."""


def _of(model):
    """The object a document is of: a plain column, no constraint (the database's triggers
    write and delete the documents with their objects)."""
    return models.ForeignKey(
        model, models.DO_NOTHING, null=True, db_constraint=False, db_index=False, related_name="+"
    )


class Document(models.Model):
    """What the site search finds of one object. The columns ``title``, ``summary`` and
    ``search`` are those of ``catalogue.Idea``, so that the catalogue's Danish matcher
    (``catalogue.search``) reads both. Written only by the database (``documents.py``): the
    object's reference is a plain column (no constraint), its rows follow the object's."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meetings")
        ITEM = "item", _("Agenda items")
        ATTACHMENT = "attachment", _("Attachments")
        IDEA = "idea", _("Ideas")
        PROJECT = "project", _("Projects")
        DECISION = "decision", _("Decisions")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    meeting = _of("meetings.Meeting")
    item = _of("meetings.AgendaItem")
    attachment = _of("meetings.Attachment")
    idea = _of("catalogue.Idea")
    project = _of("innovation.Project")
    decision_item = _of("meetings.AgendaItem")
    """The item whose decision document this is: what a reader who may not read the item in
    full sees of it on its page (``Kind.DECISION``, beside the item's full document)."""
    committee = models.ForeignKey(
        "meetings.Committee",
        models.DO_NOTHING,
        null=True,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name=_("committee"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True)
    title = models.TextField(_("title"))
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True)
    search = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        default_permissions = ()
        # One document per object. Partial, and no other index on the references: the
        # planner reads the matches from the GIN indexes and reaches each object by its own
        # primary key, never walks the documents in the order of a reference.
        constraints = [
            models.UniqueConstraint(
                fields=[name],
                condition=models.Q(**{f"{name}__isnull": False}),
                name=f"search_document_unique_{name}",
            )
            for name in ("meeting", "item", "attachment", "idea", "project", "decision_item")
        ]
        indexes = [
            GinIndex(fields=["search"], name="search_document_gin"),
            GinIndex(OpClass("title", name="gin_trgm_ops"), name="search_document_title_trgm"),
            GinIndex(OpClass("summary", name="gin_trgm_ops"), name="search_document_summary_trgm"),
        ]

    def __str__(self):
        return self.title


class AttachmentText(models.Model):
    """The text of an attachment's file (PDF, DOCX), read by a task when the file is uploaded
    (``search.tasks.read_attachment_text``), at most ``BODY_LENGTH`` characters."""

    attachment = models.OneToOneField(
        "meetings.Attachment", models.CASCADE, primary_key=True, related_name="search_text"
    )
    sha256 = models.CharField(_("SHA-256 of the file read"), max_length=64, blank=True)
    text = models.TextField(_("text"), blank=True)
    read_at = models.DateTimeField(_("read"), auto_now=True)

    class Meta:
        verbose_name = _("attachment text")
        verbose_name_plural = _("attachment texts")
        default_permissions = ()

    def __str__(self):
        return str(self.attachment_id)
