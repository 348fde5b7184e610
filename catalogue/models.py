"""The co-creation idea catalogue (idékatalog for samskabelse).

An idea is written by a submitter, curated by the secretariat through a small workflow (see
``catalogue/actions.py``, ``ALLOWED_TRANSITIONS``) and, once published, supported and discussed
by logged-in users. Who may see what is decided in ``catalogue/querysets.py``
(``visible_to(user)``), nowhere else.

Search columns: ``Idea.search`` is a stored ``tsvector`` (PostgreSQL's ``danish``
configuration; title weight A, summary B, description C) with a GIN index for full-text search;
``title`` and ``summary`` have GIN trigram indexes (pg_trgm, ``gin_trgm_ops``) for similarity,
``word_similarity`` (``%>``) and the tails of compounds that Danish stemming misses
("skole" in "folkeskolen").
"""

import pgtrigger
from django import forms
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from catalogue import querysets
from innovation.shared import history, pagecache

SEARCH_CONFIG = "danish"


class Term(models.Model):
    """An entry of a list the secretariat edits (actor types, welfare areas, principles).

    ``name`` is translated (``catalogue/translation.py``): it reads the active language's name,
    falling back to the Danish one, and orders by it after ``order``."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def names(self) -> dict[str, str]:
        """The name in each language of the site, for what keeps it beyond this request (an
        edition's snapshot)."""
        names = {}
        for code in dict(settings.LANGUAGES):
            with translation.override(code):
                names[code] = self.name
        return names


class ActorType(Term):
    class Meta(Term.Meta):
        verbose_name = _("actor type")
        verbose_name_plural = _("actor types")


class WelfareArea(Term):
    class Meta(Term.Meta):
        verbose_name = _("welfare area")
        verbose_name_plural = _("welfare areas")


class Principle(Term):
    """A co-creation principle (Lytter først, Bygger bro, …) an idea can meet."""

    class Meta(Term.Meta):
        verbose_name = _("co-creation principle")
        verbose_name_plural = _("co-creation principles")


class ChoiceArrayField(ArrayField):
    """An array of choices, edited as checkboxes."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        # Skip ArrayField.formfield (a comma-separated text box).
        return models.Field.formfield(self, **defaults)


# The stored counts of the actor matrix (``MatrixCount``), kept by row triggers on the ideas
# and on their actor types: one statement adds ``delta`` to a count, made when missing.
_ADD = (
    "INSERT INTO catalogue_matrixcount (actor_type_id, welfare_area_id, status, n) {rows} "
    "ON CONFLICT (actor_type_id, welfare_area_id, status) "
    "DO UPDATE SET n = catalogue_matrixcount.n + EXCLUDED.n;"
)
_IDEA_COUNTS = _ADD.format(
    rows="VALUES (NULL, {row}.welfare_area_id, {row}.status, {delta})"
) + _ADD.format(
    rows="SELECT actortype_id, {row}.welfare_area_id, {row}.status, {delta} "
    "FROM catalogue_idea_actor_types WHERE idea_id = {row}.id"
)
_LINK_COUNTS = _ADD.format(
    rows="SELECT {row}.actortype_id, welfare_area_id, status, {delta} "
    "FROM catalogue_idea WHERE id = {row}.idea_id"
)


def _old_and_new(counts):
    """A trigger's body: ``counts`` taken off for the old row, added for the new one."""
    return (
        "IF TG_OP IN ('UPDATE', 'DELETE') THEN "
        + counts.format(row="OLD", delta=-1)
        + " END IF; IF TG_OP IN ('INSERT', 'UPDATE') THEN "
        + counts.format(row="NEW", delta=1)
        + " END IF; RETURN NULL;"
    )


MATRIX_IDEA = _old_and_new(_IDEA_COUNTS)
MATRIX_LINK = _old_and_new(_LINK_COUNTS)
MATRIX_RECOUNT = (
    "DELETE FROM catalogue_matrixcount; "
    "INSERT INTO catalogue_matrixcount (actor_type_id, welfare_area_id, status, n) "
    "SELECT NULL, welfare_area_id, status, count(*) FROM catalogue_idea "
    "GROUP BY welfare_area_id, status "
    "UNION ALL "
    "SELECT link.actortype_id, idea.welfare_area_id, idea.status, count(*) "
    "FROM catalogue_idea_actor_types AS link JOIN catalogue_idea AS idea ON idea.id = link.idea_id "
    "GROUP BY link.actortype_id, idea.welfare_area_id, idea.status;"
)
"""Every count again from the rows (after rows were copied with the triggers off)."""


@history.track(exclude=["search", "endorsement_count", "comment_count"])
class Idea(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        NEEDS_CLARIFICATION = "needs_clarification", _("Needs clarification")
        PUBLISHED = "published", _("Published")
        SELECTED = "selected", _("Selected for a project")
        PARKED = "parked", _("Parked")
        REJECTED = "rejected", _("Rejected")

    class Dimension(models.TextChoices):
        """The DIS model: Digitalisering, Innovation, Samskabelse."""

        DIGITALISATION = "digitalisation", _("Digitalisation")
        INNOVATION = "innovation", _("Innovation")
        CO_CREATION = "co_creation", _("Co-creation")

    class Size(models.TextChoices):
        SMALL = "small", _("Small")
        MEDIUM = "medium", _("Medium")
        LARGE = "large", _("Large")

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"), max_length=600, help_text=_("Two or three sentences for the catalogue.")
    )
    description = models.TextField(_("description"), max_length=20_000, blank=True)
    actor_types = models.ManyToManyField(
        ActorType, blank=True, related_name="ideas", verbose_name=_("actors involved")
    )
    welfare_area = models.ForeignKey(
        WelfareArea,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("welfare area"),
    )
    tags = TaggableManager(_("tags"), blank=True)
    mandate_task = models.ForeignKey(
        "meetings.MandateTask",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("mandate task"),
        help_text=_("The task of the committee's mandate the idea serves, if any."),
    )
    dis_dimensions = ChoiceArrayField(
        models.CharField(max_length=20, choices=Dimension),
        verbose_name=_("DIS dimensions"),
        default=list,
        blank=True,
    )
    expected_value = models.CharField(_("expected value"), max_length=10, choices=Size, blank=True)
    effort = models.CharField(_("expected effort"), max_length=10, choices=Size, blank=True)
    principles = models.ManyToManyField(
        Principle,
        blank=True,
        related_name="ideas",
        verbose_name=_("co-creation principles it meets"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("submitter"),
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Who to ask about the idea: a name, a unit, an e-mail address."),
    )
    origin = models.ForeignKey(
        "meetings.WorkshopGroup",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("origin (workshop group)"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT
    )  # indexed with the time of the change (``catalogue_idea_status``)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    revisit_on = models.DateField(
        _("revisit on"), null=True, blank=True, help_text=_("For a parked idea.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("search vector"),
    )
    # Kept by database triggers on Endorsement and Comment (``_count_trigger``), so that lists
    # sort and show them without counting per row.
    endorsement_count = models.PositiveIntegerField(_("supporters"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)

    objects = querysets.IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-status_changed_at", "-pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=querysets.STATUSES),
                name="idea_status_known",
            ),
            models.CheckConstraint(condition=~models.Q(title=""), name="idea_title_not_empty"),
            models.CheckConstraint(
                condition=models.Q(status="parked", revisit_on__isnull=False)
                | (~models.Q(status="parked") & models.Q(revisit_on__isnull=True)),
                name="idea_revisit_date_when_parked",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    dis_dimensions__contained_by=["digitalisation", "innovation", "co_creation"]
                ),
                name="idea_dis_dimensions_known",
            ),
        ]
        indexes = [
            GinIndex(fields=["search"], name="catalogue_idea_search_gin"),
            GinIndex(OpClass("title", name="gin_trgm_ops"), name="catalogue_idea_title_trgm"),
            GinIndex(OpClass("summary", name="gin_trgm_ops"), name="catalogue_idea_summary_trgm"),
            GinIndex(fields=["dis_dimensions"], name="catalogue_idea_dis_gin"),
            # With the submitter: counts by status that apply who may see drafts (the
            # secretariat's header) read the index alone.
            models.Index(
                fields=["status", "-status_changed_at"],
                include=["submitted_by"],
                name="catalogue_idea_status",
            ),
            # The sorts of the catalogue's list, with what ``visible_to`` reads, so that a page
            # (even a deep one) is read off the index.
            models.Index(
                fields=["-status_changed_at", "-id"],
                include=["status", "submitted_by"],
                name="catalogue_idea_newest",
            ),
            models.Index(
                fields=["-endorsement_count", "-status_changed_at", "-id"],
                include=["status", "submitted_by"],
                name="catalogue_idea_supported",
            ),
            models.Index(
                fields=["title", "id"],
                include=["status", "submitted_by"],
                name="catalogue_idea_title",
            ),
            # The actor matrix and the ideas per welfare area, without reading the ideas' rows.
            models.Index(
                fields=["status", "welfare_area", "id"], name="catalogue_idea_status_area"
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="matrix_count_idea",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.Delete,
                func=MATRIX_IDEA,
            ),
            pgtrigger.Trigger(
                name="matrix_count_idea_moved",
                when=pgtrigger.After,
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange("status", "welfare_area"),
                func=MATRIX_IDEA,
            ),
        ]

    def __str__(self):
        return self.title

    # The columns the database keeps (``_count_trigger``): an idea saved is never written back
    # with the counts it was read with, which would undo a support or a comment that came in
    # meanwhile (an edit form's request, the admin) for good.
    KEPT_BY_THE_DATABASE = ("endorsement_count", "comment_count")

    def save(self, *args, **kwargs):
        updating = not self._state.adding and self.pk is not None
        if updating and not kwargs.get("force_insert") and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and not field.generated
                and field.name not in self.KEPT_BY_THE_DATABASE
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalogue:idea", args=[self.pk])

    def clean(self):
        if self.status == self.Status.PARKED and not self.revisit_on:
            raise ValidationError({"revisit_on": _("A parked idea needs a date to revisit it.")})
        if self.status != self.Status.PARKED and self.revisit_on:
            raise ValidationError({"revisit_on": _("Only a parked idea has a date to revisit.")})

    @property
    def is_public(self):
        return self.status in querysets.PUBLIC_STATUSES


class MatrixCount(models.Model):
    """How many ideas in one status have one welfare area (no actor type: the ideas per area)
    and, with an actor type, that actor type too: the actor matrix without reading 100,000
    ideas. Kept by database triggers on the ideas and on their actor types (``MATRIX_IDEA``,
    ``MATRIX_LINK``, registered in ``CatalogueConfig.ready``), whatever writes them; a count
    that falls to 0 stays as a row."""

    # Without a constraint or a cascade of their own: deleting an actor type deletes its
    # ideas' links, whose triggers write here, in the same delete (a count of a deleted term
    # is never shown).
    actor_type = models.ForeignKey(
        ActorType,
        models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("actor type"),
    )
    welfare_area = models.ForeignKey(
        WelfareArea,
        models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("welfare area"),
    )
    status = models.CharField(_("status"), max_length=20)
    n = models.IntegerField(_("ideas"), default=0)

    objects = querysets.MatrixCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("actor matrix count")
        verbose_name_plural = _("actor matrix counts")
        constraints = [
            models.UniqueConstraint(
                fields=["actor_type", "welfare_area", "status"],
                nulls_distinct=False,
                name="matrix_count_unique",
            )
        ]

    def __str__(self):
        return f"{self.actor_type} × {self.welfare_area} ({self.status}): {self.n}"


class IdeaStatusChange(models.Model):
    """One step of an idea's history, with the answer the submitter reads."""

    idea = models.ForeignKey(Idea, models.CASCADE, related_name="history", verbose_name=_("idea"))
    from_status = models.CharField(
        _("from"),
        max_length=20,
        choices=Idea.Status,
        blank=True,
        help_text=_("Empty when the idea was created in the new status."),
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Idea.Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    answer = models.TextField(_("answer"), max_length=5_000, blank=True)
    revisit_on = models.DateField(_("revisit on"), null=True, blank=True)

    objects = querysets.IdeaStatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["idea", "at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_status=models.F("to_status")),
                name="status_change_changes",
            ),
            models.CheckConstraint(
                condition=~models.Q(to_status__in=["needs_clarification", "rejected"])
                | ~models.Q(answer=""),
                name="status_change_answer_when_required",
            ),
            models.CheckConstraint(
                condition=~models.Q(to_status="parked") | models.Q(revisit_on__isnull=False),
                name="status_change_revisit_when_parked",
            ),
        ]

    def __str__(self):
        return f"{self.idea}: {self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def is_resubmission(self):
        """The submitter handed the idea in again after clarifying it; ``answer`` is their
        answer to the secretariat's question."""
        return (self.from_status, self.to_status) == (
            Idea.Status.NEEDS_CLARIFICATION,
            Idea.Status.SUBMITTED,
        )


class InternalNote(models.Model):
    """A note by and for the secretariat; nobody else ever sees it."""

    idea = models.ForeignKey(
        Idea, models.CASCADE, related_name="internal_notes", verbose_name=_("idea")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"), max_length=10_000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    objects = querysets.InternalNoteQuerySet.as_manager()

    class Meta:
        ordering = ["idea", "created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="internal_note_not_empty")
        ]

    def __str__(self):
        return self.text[:80]


class IdeaLink(models.Model):
    """A link between two ideas. Linking never moves anyone's support from one to the other."""

    class Kind(models.TextChoices):
        DUPLICATE_OF = "duplicate_of", _("Duplicate of")
        PART_OF = "part_of", _("Part of")
        SUPERSEDES = "supersedes", _("Supersedes")
        RELATED = "related", _("Related to")

    from_idea = models.ForeignKey(
        Idea, models.CASCADE, related_name="links_out", verbose_name=_("idea")
    )
    to_idea = models.ForeignKey(
        Idea, models.CASCADE, related_name="links_in", verbose_name=_("linked idea")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked by"),
    )
    created_at = models.DateTimeField(_("linked"), default=timezone.now)

    objects = querysets.IdeaLinkQuerySet.as_manager()

    class Meta:
        ordering = ["from_idea", "kind", "pk"]
        verbose_name = _("idea link")
        verbose_name_plural = _("idea links")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_idea=models.F("to_idea")), name="idea_link_not_self"
            ),
            # One link per pair of ideas, whichever way it points.
            models.UniqueConstraint(
                Least("from_idea", "to_idea"),
                Greatest("from_idea", "to_idea"),
                name="idea_link_unique_pair",
                violation_error_message=_("These two ideas are already linked."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["duplicate_of", "part_of", "supersedes", "related"]),
                name="idea_link_kind_known",
            ),
        ]

    def __str__(self):
        return f"{self.from_idea} – {self.get_kind_display()} – {self.to_idea}"

    def clean(self):
        if self.from_idea_id and self.from_idea_id == self.to_idea_id:
            raise ValidationError(_("An idea cannot be linked to itself."))


def _count_trigger(column):
    """Database triggers that keep ``Idea.<column>`` equal to the number of rows pointing at the
    idea: whatever adds or removes them (an action, the admin, a cascade)."""
    table = "catalogue_idea"
    # ``column`` is one of the two names above, never input.
    add = f"UPDATE {table} SET {column} = {column} + 1 WHERE id = NEW.idea_id;"  # noqa: S608
    remove = f"UPDATE {table} SET {column} = {column} - 1 WHERE id = OLD.idea_id;"  # noqa: S608
    change = (
        f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {add} END IF; "
        f"IF TG_OP IN ('DELETE', 'UPDATE') THEN {remove} END IF; "
        "RETURN NULL;"
    )
    return [
        pgtrigger.Trigger(
            name=f"{column}_add_remove",
            when=pgtrigger.After,
            operation=pgtrigger.Insert | pgtrigger.Delete,
            func=change,
        ),
        pgtrigger.Trigger(
            name=f"{column}_move",
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            condition=pgtrigger.Q(old__idea_id__df=pgtrigger.F("new__idea_id")),
            func=change,
        ),
    ]


class Endorsement(models.Model):
    """A logged-in user's support for an idea: once per user and idea."""

    idea = models.ForeignKey(
        Idea, models.CASCADE, related_name="endorsements", verbose_name=_("idea")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="idea_endorsements",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("supported"), default=timezone.now)

    objects = querysets.EndorsementQuerySet.as_manager()

    class Meta:
        ordering = ["idea", "created_at", "pk"]
        verbose_name = _("support")
        verbose_name_plural = _("support")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "user"],
                name="endorsement_once_per_user",
                violation_error_message=_("You already support this idea."),
            )
        ]
        triggers = _count_trigger("endorsement_count")

    def __str__(self):
        return f"{self.user}: {self.idea}"


class Comment(models.Model):
    idea = models.ForeignKey(Idea, models.CASCADE, related_name="comments", verbose_name=_("idea"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="idea_comments",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    text = models.TextField(_("comment"), max_length=5_000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    objects = querysets.CommentQuerySet.as_manager()

    class Meta:
        ordering = ["idea", "created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="comment_not_empty"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="comment_not_own_parent"
            ),
        ]
        triggers = _count_trigger("comment_count")

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if self.parent_id and self.idea_id and self.parent.idea_id != self.idea_id:
            raise ValidationError({"parent": _("A reply belongs to the same idea.")})


class Edition(models.Model):
    """A published, numbered edition of the catalogue as a document (the PDF). Editions are
    kept: ``snapshot`` holds the catalogue as the public read it when the edition was
    published, and the edition's document is printed from it, whatever changes later. Until
    the first edition, and for what comes after the newest, the document is a draft."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    note = models.TextField(_("note"), max_length=2_000, blank=True)
    snapshot = models.JSONField(_("content"), default=dict, editable=False)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("catalogue edition")
        verbose_name_plural = _("catalogue editions")

    def __str__(self):
        return _("Edition %(number)s") % {"number": self.number}


# What the cached pages show of the catalogue (``innovation.shared.pagecache``): the ideas in it
# and what belongs to them. A draft, an idea handed in or awaiting curation, and its parts,
# raise no version when written: staff writing ideas leave the kept pages alone.
_IN_CATALOGUE = "({})".format(", ".join(f"'{status}'" for status in querysets.PUBLIC_STATUSES))
_IDEA_IN_CATALOGUE = (
    "EXISTS (SELECT FROM catalogue_idea i WHERE i.id = {} AND i.status IN " + _IN_CATALOGUE + ")"
)
pagecache.shown_rows(
    {
        "catalogue.Idea": f"r.status IN {_IN_CATALOGUE}",
        **{
            label: _IDEA_IN_CATALOGUE.format("r.idea_id")
            for label in [
                "catalogue.Idea_actor_types",
                "catalogue.Idea_principles",
                "catalogue.IdeaStatusChange",
                "catalogue.InternalNote",
                "catalogue.Endorsement",
                "catalogue.Comment",
            ]
        },
        "catalogue.IdeaLink": " OR ".join(
            _IDEA_IN_CATALOGUE.format(column) for column in ["r.from_idea_id", "r.to_idea_id"]
        ),
        # A tag is shown where something carries it; a new one carries nothing yet.
        "taggit.Tag": "EXISTS (SELECT FROM taggit_taggeditem t WHERE t.tag_id = r.id)",
        # django-taggit's tags of anything: of an idea, as the idea; of anything else, shown.
        "taggit.TaggedItem": " OR ".join(
            [
                "r.content_type_id IS DISTINCT FROM (SELECT id FROM django_content_type "
                "WHERE app_label = 'catalogue' AND model = 'idea')",
                _IDEA_IN_CATALOGUE.format("r.object_id"),
            ]
        ),
    }
)
