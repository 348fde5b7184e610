"""Committees, their mandates and members; meetings, programmes, agenda items and decisions.

Who may see what is decided in ``meetings/querysets.py`` (``visible_to(user)``), nowhere else.
"""

import dataclasses
import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from innovation.shared import history
from meetings import querysets
from meetings.uploads import FileFacts, inspect_upload, unchecked_facts

logger = logging.getLogger(__name__)


class Committee(models.Model):
    class Kind(models.TextChoices):
        TASK = "task", _("Task committee (§ 17, stk. 4)")
        STANDING = "standing", _("Standing committee")

    class PublicAccess(models.TextChoices):
        AGENDA = "agenda", _("Agendas, open items and decisions")
        DECISIONS = "decisions", _("Decisions only")
        NOTHING = "nothing", _("Nothing")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.TASK)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(
        _("period end"),
        null=True,
        blank=True,
        help_text=_(
            "After this day the committee is historic: read-only, but still browsable and "
            "searchable."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    public_access = models.CharField(
        _("what the public sees"),
        max_length=20,
        choices=PublicAccess,
        default=PublicAccess.AGENDA,
        help_text=_("Decided by the municipal council for each committee."),
    )
    show_closed_titles = models.BooleanField(
        _("show the titles of closed items to the public"), default=False
    )

    objects = querysets.CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="committee_period_in_order",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:committee", args=[self.slug])

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def is_historic(self):
        """The period has ended (DOMAIN.md: after its period a committee becomes historic)."""
        return self.period_end is not None and self.period_end < timezone.localdate()


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        COUNCIL_MEMBER = "council_member", _("Council member")
        CITIZEN_MEMBER = "citizen_member", _("Citizen member")
        OBSERVER = "observer", _("Observer")
        SECRETARIAT = "secretariat", _("Secretariat")

    committee = models.ForeignKey(
        Committee, models.CASCADE, related_name="memberships", verbose_name=_("committee")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="committee_memberships",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("For people without a login.")
    )
    organisation = models.CharField(_("organisation or party"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["committee", "order", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""),
                name="membership_user_or_name",
            ),
            models.UniqueConstraint(
                fields=["committee", "user"],
                condition=models.Q(user__isnull=False),
                name="membership_unique_user",
            ),
        ]

    def __str__(self):
        return f"{self.person_name} ({self.get_role_display()})"

    @property
    def person_name(self):
        if self.name:
            return self.name
        return self.user.get_full_name() or self.user.get_username()


class MandateTask(models.Model):
    """One task of a committee's mandate (kommissorium)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DELIVERED = "delivered", _("Delivered")
        DROPPED = "dropped", _("Dropped")

    committee = models.ForeignKey(
        Committee, models.CASCADE, related_name="mandate_tasks", verbose_name=_("committee")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("task as worded in the mandate"), blank=True)
    deliverable = models.CharField(_("deliverable"), max_length=300, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_text = models.CharField(
        _("due, as worded"),
        max_length=100,
        blank=True,
        help_text=_("The original wording, e.g. “efteråret 2017”."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NOT_STARTED
    )
    items = models.ManyToManyField(
        "AgendaItem",
        blank=True,
        related_name="mandate_tasks",
        verbose_name=_("agenda items that served it"),
    )

    class Meta:
        ordering = ["committee", "order", "pk"]
        verbose_name = _("mandate task")
        verbose_name_plural = _("mandate tasks")

    def __str__(self):
        return self.title

    @property
    def is_overdue(self):
        return (
            self.due_date is not None
            and self.due_date < timezone.localdate()
            and self.status in (self.Status.NOT_STARTED, self.Status.IN_PROGRESS)
        )


@history.track()
class Meeting(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary meeting")
        CONFERENCE = "conference", _("Conference")
        WORKSHOP = "workshop", _("Workshop")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Agenda published")
        HELD = "held", _("Held")
        APPROVED = "approved", _("Minutes approved")

    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="meetings", verbose_name=_("lead committee")
    )
    co_hosts = models.ManyToManyField(
        Committee,
        blank=True,
        related_name="co_hosted_meetings",
        verbose_name=_("co-hosting committees"),
    )
    number = models.PositiveIntegerField(
        _("number"), help_text=_("In the lead committee's series.")
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.ORDINARY)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    purposes = models.TextField(_("purposes"), blank=True, help_text=_("One purpose per line."))
    state = models.CharField(
        _("state"), max_length=20, choices=State, default=State.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("agenda published"), null=True, blank=True)
    held_at = models.DateTimeField(_("marked held"), null=True, blank=True)
    approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)

    objects = querysets.MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="meeting_unique_number"),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "starts_at"]),
            # The meeting lists: a state's meetings in time order, a page at a time; those not
            # held yet (upcoming, not marked held) in one order across both states.
            models.Index(fields=["state", "starts_at"], name="meeting_state_starts"),
            models.Index(
                fields=["starts_at"],
                condition=models.Q(state__in=["draft", "published"]),
                name="meeting_not_held_starts",
            ),
        ]

    def __str__(self):
        label = _("Meeting %(number)s") % {"number": self.number}
        return f"{label}: {self.title}" if self.title else str(label)

    def get_absolute_url(self):
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def purpose_list(self):
        return [line.strip() for line in self.purposes.splitlines() if line.strip()]

    @property
    def is_locked(self):
        return self.state == self.State.APPROVED

    @property
    def has_minutes(self):
        return self.state in (self.State.HELD, self.State.APPROVED)

    @property
    def accepts_decisions(self):
        """Decisions are recorded once the meeting is held, until its minutes are approved."""
        return self.state == self.State.HELD

    def next_item_number(self):
        """Item numbers run on through the year in the lead committee."""
        last = (
            AgendaItem.objects.filter(
                meeting__committee_id=self.committee_id,
                meeting__starts_at__year=self.starts_at.year,
            ).aggregate(models.Max("number"))["number__max"]
            or 0
        )
        return last + 1


class ProgrammeItem(models.Model):
    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Welcome")
        TALK = "talk", _("Talk")
        INTERVIEW = "interview", _("Interview")
        WORKSHOP = "workshop", _("Workshop")
        PLENARY = "plenary", _("Plenary")
        BREAK = "break", _("Break")
        WRAP_UP = "wrap_up", _("Wrap-up")

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="programme", verbose_name=_("meeting")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.TALK)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.TimeField(_("starts"), null=True, blank=True)
    ends_at = models.TimeField(_("ends"), null=True, blank=True)
    speakers = models.ManyToManyField(
        "Speaker", blank=True, related_name="programme_items", verbose_name=_("speakers")
    )

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")

    def __str__(self):
        return self.title


class Speaker(models.Model):
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=300, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "organisation"], name="speaker_unique_name_organisation"
            )
        ]

    def __str__(self):
        return ", ".join(part for part in (self.name, self.title, self.organisation) if part)


class WorkshopGroup(models.Model):
    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="workshop_groups", verbose_name=_("meeting")
    )
    programme_item = models.ForeignKey(
        ProgrammeItem,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_groups",
        verbose_name=_("programme item"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    audience = models.CharField(
        _("audience"), max_length=200, blank=True, help_text=_("For example “politicians”.")
    )
    members = models.ManyToManyField(
        Membership, blank=True, related_name="workshop_groups", verbose_name=_("members")
    )
    other_participants = models.TextField(_("other participants"), blank=True)
    question = models.TextField(_("question"), blank=True)
    result = models.TextField(_("result"), blank=True)

    objects = querysets.WorkshopGroupQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("workshop group")
        verbose_name_plural = _("workshop groups")

    def __str__(self):
        return self.name


class Case(models.Model):
    """A case (sag): items on the same case link across meetings and bodies."""

    reference = models.CharField(
        _("case reference"), max_length=100, unique=True, help_text=_("E.g. a journal number.")
    )
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta:
        ordering = ["reference"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return f"{self.reference} {self.title}".strip()


CLOSED_ITEM_TITLE = _("Closed item")
"""What stands for a closed item's title where its committee does not show it (the pages, the
site search)."""


@history.track()
class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    number = models.PositiveIntegerField(
        _("number"), help_text=_("Runs on through the year in the lead committee.")
    )
    title = models.CharField(_("title"), max_length=300)
    is_closed = models.BooleanField(_("closed item"), default=False)
    case = models.ForeignKey(
        Case, models.SET_NULL, null=True, blank=True, related_name="items", verbose_name=_("case")
    )
    recommendation_by = models.CharField(
        _("recommending unit"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Tværgående Funktioner."),
    )
    recommendation_to = models.CharField(_("recommended to"), max_length=200, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    decision_is_open = models.BooleanField(
        _("open decision"),
        default=False,
        help_text=_("The decision of a closed item is published (“Åben beslutning”)."),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    objects = querysets.AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            # Deferred: reordering swaps two items' numbers in one statement.
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="item_unique_number",
                deferrable=models.Deferrable.DEFERRED,
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs):
        if not self.number and self.meeting_id:
            self.number = self.meeting.next_item_number()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:item", args=[self.pk])

    def clean(self):
        if self.meeting_id and self.meeting.is_locked:
            raise ValidationError(_("The minutes are approved: the meeting can no longer change."))
        if self.decision and self.meeting_id and not self.meeting.has_minutes:
            raise ValidationError(
                {"decision": _("Decisions can only be recorded once the meeting is held.")}
            )

    def scrub(self):
        """Blank what this reader may not see; called for every item read via visible_to."""
        self.is_restricted = self.access != querysets.FULL
        if self.access == querysets.CLOSED:
            if not self.show_closed_title:
                self.title = ""
            if not self.decision_is_open:
                self.decision = ""
                self.decided_on = None
            self.recommendation_by = self.recommendation_to = ""
            self.case_id = None

    @property
    def display_title(self):
        if getattr(self, "access", querysets.FULL) == querysets.CLOSED and not self.title:
            return CLOSED_ITEM_TITLE
        return self.title


@history.track()
class ItemSection(models.Model):
    """One section of an item, in the order written, with the heading as written."""

    class Key(models.TextChoices):
        SUMMARY = "summary", _("Summary")
        BACKGROUND = "background", _("Background")
        RECOMMENDATION = "recommendation", _("Recommendation")
        PREVIOUS_DECISIONS = "previous_decisions", _("Previous decisions")
        OTHER = "other", _("Other")

    item = models.ForeignKey(
        AgendaItem, models.CASCADE, related_name="sections", verbose_name=_("agenda item")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.CharField(_("kind"), max_length=30, choices=Key, default=Key.OTHER)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)

    objects = querysets.ItemSectionQuerySet.as_manager()

    class Meta:
        ordering = ["item", "order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.heading or self.get_key_display()

    @property
    def display_heading(self):
        """The heading for the reader: as written in the source document (Danish, the site's
        default language); in another language a canonical section shows its kind's label
        (“Summary” for “Resumé”) and a free section keeps its heading as written."""
        as_written = translation.get_language() in {None, settings.LANGUAGE_CODE}
        if self.heading and (as_written or self.key == self.Key.OTHER):
            return self.heading
        return self.get_key_display()


@history.track()
class RecommendationPoint(models.Model):
    """One numbered “at”-clause of the recommendation, and the decision on it."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        NOTED = "noted", _("Noted")
        AMENDED = "amended", _("Approved as amended")

    item = models.ForeignKey(
        AgendaItem, models.CASCADE, related_name="points", verbose_name=_("agenda item")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("recommendation"))
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome, blank=True)
    decision_text = models.TextField(_("decision text"), blank=True)

    objects = querysets.RecommendationPointQuerySet.as_manager()

    class Meta:
        ordering = ["item", "order", "pk"]
        verbose_name = _("recommendation point")
        verbose_name_plural = _("recommendation points")

    def __str__(self):
        return self.text[:80]

    def clean(self):
        decided = self.outcome or self.decision_text
        if decided and self.item_id and not self.item.meeting.has_minutes:
            raise ValidationError(
                {"outcome": _("Decisions can only be recorded once the meeting is held.")}
            )
        if self.outcome == self.Outcome.AMENDED and not self.decision_text.strip():
            raise ValidationError({"decision_text": _("Write how the point was amended.")})


def attachment_path(instance, filename):
    return f"attachments/{instance.item.meeting_id}/{instance.item_id}/{Path(filename).name}"


@history.track(quiet=[field.name for field in dataclasses.fields(FileFacts)])
class Attachment(models.Model):
    """A file attached to an agenda item, with the facts about it that the documents use.

    The file is checked by ``clean()`` (``meetings.uploads.inspect_upload``), as the admin and
    every model form call it. The facts (``FACTS``) are stored whenever the file changes, on
    save: those ``clean()`` found, or else read from the file then. A file saved without
    passing the check gets only its ``sha256`` (a PDF without ``page_sizes`` cannot be laid
    out).
    """

    FACTS = [field.name for field in dataclasses.fields(FileFacts)]
    _facts_of = None  # the file name that the stored facts describe (None: not known)

    item = models.ForeignKey(
        AgendaItem, models.CASCADE, related_name="attachments", verbose_name=_("agenda item")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"),
        upload_to=attachment_path,
        blank=True,
        help_text=_("PDF, DOCX, XLSX, PNG or JPEG, at most 25 MB."),
    )
    is_closed = models.BooleanField(_("closed attachment"), default=False)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True, editable=False)
    page_sizes = models.JSONField(
        _("page sizes"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("PDF: [width, height] of each page in points, as displayed."),
    )
    fonts_embedded = models.BooleanField(
        _("all fonts embedded"),
        default=False,
        editable=False,
        help_text=_("PDF: every font the pages use is in the file."),
    )
    encrypted = models.BooleanField(
        _("encrypted"),
        default=False,
        editable=False,
        help_text=_("PDF: encrypted, but opens without a password."),
    )
    tagged = models.BooleanField(
        _("tagged"),
        default=False,
        editable=False,
        help_text=_("PDF: tagged for accessibility (a structure tree)."),
    )
    pixel_size = models.JSONField(
        _("size in pixels"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("PNG and JPEG: [width, height] in pixels, as displayed."),
    )

    objects = querysets.AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["item", "order", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    def save(self, **kwargs):
        update_fields = kwargs.get("update_fields")
        saves_file = update_fields is None or "file" in update_fields
        if saves_file and self._file_changed():
            self._set_facts(self.read_facts())
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *self.FACTS}
        super().save(**kwargs)
        if saves_file:
            self._facts_of = self.file.name

    def get_absolute_url(self):
        return reverse("meetings:attachment", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        if "file" in field_names:
            instance._facts_of = instance.file.name
        return instance

    def clean(self):
        if self.file and self._file_changed():
            try:
                self._checked = (self.file, self.file.name, inspect_upload(self.file))
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error

    @property
    def facts(self) -> FileFacts:
        return FileFacts(**{name: getattr(self, name) for name in self.FACTS})

    def read_facts(self) -> FileFacts:
        """The facts of the file as it is: those ``clean()`` found for it, or read from it now.
        A file that does not pass the check gets its ``sha256`` only."""
        if not self.file:
            return FileFacts()
        checked = getattr(self, "_checked", None)
        if checked and checked[0] is self.file and checked[1] == self.file.name:
            return checked[2]
        try:
            return inspect_upload(self.file)
        except ValidationError as error:
            logger.warning(
                "Attachment %s (%s) did not pass the upload check: %s",
                self.pk,
                self.file.name,
                " ".join(error.messages),
            )
            return unchecked_facts(self.file)
        except OSError as error:
            logger.warning("Attachment %s: its file cannot be read: %s", self.pk, error)
            return FileFacts()

    def refresh_facts(self) -> FileFacts:
        """Read the stored file again and store its facts (``manage.py
        refresh_attachment_facts`` does it for files stored before there were facts)."""
        self._set_facts(self.read_facts())
        self.save(update_fields=self.FACTS)
        return self.facts

    def _file_changed(self) -> bool:
        return "file" not in self.get_deferred_fields() and self.file.name != self._facts_of

    def _set_facts(self, facts: FileFacts) -> None:
        for name, value in dataclasses.asdict(facts).items():
            setattr(self, name, value)


class Attendance(models.Model):
    """One member's attendance at a meeting: who is listed is decided by
    ``rules.attendance_list`` and recorded by ``actions.record_attendance``."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        APOLOGIES = "apologies", _("Absent with apologies")
        ABSENT = "absent", _("Absent without apologies")
        SUBSTITUTE = "substitute", _("Absent, a substitute attends")

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    membership = models.ForeignKey(
        Membership, models.CASCADE, related_name="attendance", verbose_name=_("member")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PRESENT)
    substitute = models.CharField(
        _("substitute"),
        max_length=200,
        blank=True,
        help_text=_("The substitute's name, when a substitute attends."),
    )

    class Meta:
        ordering = ["meeting", "membership__order", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="attendance_unique_member"
            ),
            # A substitute is named exactly when one attends.
            models.CheckConstraint(
                condition=(models.Q(status="substitute") & ~models.Q(substitute=""))
                | (~models.Q(status="substitute") & models.Q(substitute="")),
                name="attendance_substitute_named",
                violation_error_message=_(
                    "Give the substitute's name exactly when the status says a substitute attends."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.membership.person_name}: {self.get_status_display()}"


class ConflictOfInterest(models.Model):
    """Inhabilitet: a member takes no part in one item."""

    item = models.ForeignKey(
        AgendaItem, models.CASCADE, related_name="conflicts", verbose_name=_("agenda item")
    )
    membership = models.ForeignKey(
        Membership, models.CASCADE, related_name="conflicts", verbose_name=_("member")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["item", "membership"], name="conflict_unique_member")
        ]

    def __str__(self):
        return f"{self.membership.person_name}: {self.item}"


class PrivateNote(models.Model):
    """A member's own note on an item: visible to that user only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="item_notes", verbose_name=_("user")
    )
    item = models.ForeignKey(
        AgendaItem, models.CASCADE, related_name="private_notes", verbose_name=_("agenda item")
    )
    text = models.TextField(_("note"), max_length=10_000)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("private note")
        verbose_name_plural = _("private notes")
        constraints = [
            models.UniqueConstraint(fields=["user", "item"], name="note_unique_per_user_item")
        ]

    def __str__(self):
        return f"{self.user}: {self.item}"


class AgendaVersion(models.Model):
    """One publication of a meeting's agenda: the first (number 1) and each republication.

    ``snapshot`` keeps the agenda as the members got it (``meetings.versions.snapshot``: the
    items in order with their sections, recommendation points and attachment names), whatever
    changes later; ``index`` keeps, per item, the hash of its content and the version it first
    appeared in, so that read marks are compared without reading the whole snapshot."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="versions", verbose_name=_("meeting")
    )
    number = models.PositiveIntegerField(_("number"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    snapshot = models.JSONField(_("agenda as published"), default=dict, editable=False)
    index = models.JSONField(_("item hashes"), default=dict, editable=False)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("published agenda version")
        verbose_name_plural = _("published agenda versions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="agenda_version_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="agenda_version_number_from_one"
            ),
        ]

    def __str__(self):
        return _("Version %(number)s of %(meeting)s") % {
            "number": self.number,
            "meeting": self.meeting,
        }


class ReadMark(models.Model):
    """What a member last read of an item: the hash of the item's content as it was shown
    (``meetings.versions.content_hash``), and when. Items changed in a later published version
    are marked “ændret siden du læste det” for that member."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="read_marks", verbose_name=_("user")
    )
    item = models.ForeignKey(
        AgendaItem, models.CASCADE, related_name="read_marks", verbose_name=_("agenda item")
    )
    content_hash = models.CharField(_("hash of the content read"), max_length=64)
    read_at = models.DateTimeField(_("read"), default=timezone.now)

    class Meta:
        verbose_name = _("read mark")
        verbose_name_plural = _("read marks")
        constraints = [
            models.UniqueConstraint(fields=["user", "item"], name="read_mark_unique_per_user_item")
        ]

    def __str__(self):
        return f"{self.user}: {self.item}"
