"""The innovation projects with their gates, funding, partners and benefits; and, from the
shared machinery (``innovation.shared.models``), the document exports and their workers, which
belong to this app's label."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import ChoiceArrayField, Idea
from innovation import querysets, stages
from innovation.shared import history
from innovation.shared.models import (  # noqa: F401 - models of this app's label
    ContentVersion,
    Export,
    Submission,
    Worker,
)

# --- Innovation projects ----------------------------------------------------------------------
# Who may see what of a project is decided in ``innovation/querysets.py`` (``visible_to``).


@history.track()
class Project(models.Model):
    """One of the committee's transformative innovation projects, on its way through the
    stages of the model (``innovation.stages``)."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=600)
    problem = models.TextField(_("problem"), blank=True)
    hypotheses = models.TextField(
        _("hypotheses"), blank=True, help_text=_("What the project believes, to be tested.")
    )
    owner = models.CharField(
        _("project owner"),
        max_length=200,
        blank=True,
        help_text=_("The line manager who owns the project and its benefits."),
    )
    committee = models.ForeignKey(
        "meetings.Committee",
        models.PROTECT,
        related_name="projects",
        verbose_name=_("committee"),
    )
    mandate_task = models.ForeignKey(
        "meetings.MandateTask",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("mandate task"),
    )
    welfare_areas = models.ManyToManyField(
        "catalogue.WelfareArea",
        blank=True,
        related_name="projects",
        verbose_name=_("welfare areas"),
    )
    dis_dimensions = ChoiceArrayField(
        models.CharField(max_length=20, choices=Idea.Dimension),
        verbose_name=_("DIS dimensions"),
        default=list,
        blank=True,
    )
    ideas = models.ManyToManyField(
        "catalogue.Idea", blank=True, related_name="projects", verbose_name=_("ideas")
    )
    case = models.OneToOneField(
        "meetings.Case",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="project",
        verbose_name=_("case"),
        help_text=_("The case the project's agenda items are on."),
    )
    phase = models.CharField(
        _("stage"), max_length=20, choices=stages.Phase, default=stages.Phase.EXPLORATION
    )
    phase_since = models.DateField(_("in this stage since"), default=timezone.localdate)
    revisit_on = models.DateField(_("revisit on"), null=True, blank=True)
    is_transformative = models.BooleanField(
        _("transformative"),
        default=True,
        help_text=_("One of the committee's 3–5 transformative projects."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("A project that is not published is a draft: only the secretariat sees it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = querysets.ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-is_transformative", "title"]
        verbose_name = _("innovation project")
        verbose_name_plural = _("innovation projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(phase__in=stages.Phase.values), name="project_phase_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(phase="parked") | models.Q(revisit_on__isnull=False),
                name="project_revisit_date_when_parked",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("innovation:project", args=[self.pk])

    @property
    def is_active(self):
        return self.phase in stages.ACTIVE


@history.track()
class ProjectNote(models.Model):
    """A note by and for the secretariat on a project; nobody else sees it."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="notes", verbose_name=_("project")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"), max_length=10_000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    objects = querysets.NoteQuerySet.as_manager()

    class Meta:
        ordering = ["project", "created_at", "pk"]
        verbose_name = _("internal project note")
        verbose_name_plural = _("internal project notes")

    def __str__(self):
        return self.text[:80]


@history.track()
class GateDecision(models.Model):
    """A project's passage from one stage to the next, with its date and reasons; a political
    gate is anchored in the decision recorded on an agenda item (``item``)."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="gates", verbose_name=_("project")
    )
    from_phase = models.CharField(_("from"), max_length=20, choices=stages.Phase)
    to_phase = models.CharField(_("to"), max_length=20, choices=stages.Phase)
    decided_on = models.DateField(_("decided on"))
    text = models.TextField(_("decision"), max_length=10_000)
    item = models.ForeignKey(
        "meetings.AgendaItem",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="gate_decisions",
        verbose_name=_("agenda item"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["project", "decided_on", "pk"]
        verbose_name = _("gate decision")
        verbose_name_plural = _("gate decisions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_phase=models.F("to_phase")), name="gate_changes_stage"
            )
        ]

    def __str__(self):
        return f"{self.project}: {self.get_from_phase_display()} → {self.get_to_phase_display()}"


@history.track()
class LearningEntry(models.Model):
    """What exploring taught: a hypothesis, what was learned, and what to do next."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", _("Continue")
        PIVOT = "pivot", _("Pivot")
        PARK = "park", _("Park")
        STOP = "stop", _("Stop")

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="learning", verbose_name=_("project")
    )
    on = models.DateField(_("date"), default=timezone.localdate)
    hypothesis = models.TextField(_("hypothesis"), max_length=5_000)
    learned = models.TextField(_("what we learned"), max_length=10_000)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )

    objects = querysets.LearningQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-on", "-pk"]
        verbose_name = _("learning log entry")
        verbose_name_plural = _("learning log")

    def __str__(self):
        return self.hypothesis[:80]


@history.track()
class Funding(models.Model):
    """Money for a project from one source: applied for, granted or rejected."""

    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", _("Municipal budget")
        FOUNDATION = "foundation", _("Foundation")
        EU = "eu", _("EU programme")
        NATIONAL = "national", _("National pool")
        PARTNER = "partner", _("Partner")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied for")
        GRANTED = "granted", _("Granted")
        REJECTED = "rejected", _("Rejected")

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="funding", verbose_name=_("project")
    )
    kind = models.CharField(_("source"), max_length=20, choices=Kind)
    name = models.CharField(_("name"), max_length=200, help_text=_("E.g. the foundation's pool."))
    amount = models.DecimalField(
        _("amount (DKK)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.APPLIED)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2_000)

    objects = querysets.FundingQuerySet.as_manager()

    class Meta:
        ordering = ["project", "status", "-amount", "pk"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="funding_not_negative")
        ]

    def __str__(self):
        return f"{self.name}: {self.amount} kr."


@history.track()
class Partner(models.Model):
    """An external organisation the projects work with (the network register)."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        ASSOCIATION = "association", _("Association")
        UNIVERSITY = "university", _("University or knowledge institution")
        MUNICIPALITY = "municipality", _("Other municipality")
        FOUNDATION = "foundation", _("Foundation")
        CITIZEN_GROUP = "citizen_group", _("Citizen group")
        OTHER = "other", _("Other")

    name = models.CharField(_("organisation"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    projects = models.ManyToManyField(
        Project, through="Partnership", related_name="partners", verbose_name=_("projects")
    )

    objects = querysets.PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name


@history.track()
class Partnership(models.Model):
    """A partner's role in one project."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="partnerships", verbose_name=_("project")
    )
    partner = models.ForeignKey(
        Partner, models.CASCADE, related_name="partnerships", verbose_name=_("partner")
    )
    role = models.CharField(_("role in the project"), max_length=300)

    objects = querysets.PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["project", "partner__name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.UniqueConstraint(fields=["project", "partner"], name="partnership_once")
        ]

    def __str__(self):
        return f"{self.partner} – {self.project}"


@history.track()
class Benefit(models.Model):
    """A benefit the project is to realise (gevinst), after the Danish state's model: owner,
    type, indicator, baseline, targets as a three-point estimate, measurements, follow-up. The
    targets lock when the project is approved; a later change is a new version with a reason
    (``targets``)."""

    class Kind(models.TextChoices):
        EFFICIENCY = "efficiency", _("Efficiency with a budget effect")
        QUALITY_ECONOMIC = "quality_economic", _("Quality with an economic effect")
        QUALITY = "quality", _("Quality without an economic effect")

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="benefits", verbose_name=_("project")
    )
    title = models.CharField(_("benefit"), max_length=200)
    owner = models.CharField(
        _("benefit owner"), max_length=200, blank=True, help_text=_("A line manager.")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    is_negative = models.BooleanField(
        _("negative"),
        default=False,
        help_text=_("A drawback the project brings, to be measured too."),
    )
    beneficiary = models.CharField(_("who benefits"), max_length=200, blank=True)
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    method = models.CharField(_("method of measurement"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_on = models.DateField(_("baseline measured on"), null=True, blank=True)
    target_low = models.DecimalField(
        _("low target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_likely = models.DecimalField(
        _("likely target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_high = models.DecimalField(
        _("high target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    due_on = models.DateField(
        _("due"), null=True, blank=True, help_text=_("About a year after going live.")
    )
    preconditions = models.TextField(_("preconditions"), blank=True)
    actions = models.TextField(_("actions"), blank=True)
    budget_effect_taken = models.BooleanField(_("budget effect taken in advance"), default=False)
    deviation = models.TextField(
        _("deviation explained"), blank=True, help_text=_("At follow-up: why the result differs.")
    )
    targets_locked_at = models.DateTimeField(_("targets locked"), null=True, blank=True)

    class Meta:
        ordering = ["project", "pk"]
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")

    def __str__(self):
        return self.title

    @property
    def is_ready(self) -> bool:
        """Enough to be approved: an owner, an indicator, a baseline with its date and the three
        targets."""
        return all(
            value not in (None, "")
            for value in (
                self.owner,
                self.indicator,
                self.baseline_value,
                self.baseline_on,
                self.target_low,
                self.target_likely,
                self.target_high,
            )
        )

    @property
    def is_followed_up(self) -> bool:
        measured = any(m.value is not None for m in self.measurements.all())
        return measured or bool(self.deviation.strip())

    # Where the benefit stands (``track``), read from its measurements (prefetch them).
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    OVERDUE = "overdue"
    NOT_MEASURED = "not_measured"
    TRACKS = {
        ON_TRACK: _("On track"),
        OFF_TRACK: _("Off track"),
        OVERDUE: _("Measurement overdue"),
        NOT_MEASURED: _("Not measured yet"),
    }

    @property
    def latest_result(self):
        """The last measurement with a result, or None."""
        measured = [m for m in self.measurements.all() if m.value is not None]
        return max(measured, key=lambda m: (m.measured_on, m.pk), default=None)

    @property
    def overdue_measurements(self) -> list:
        return [m for m in self.measurements.all() if m.is_overdue]

    def expected_on(self, day):
        """What the benefit should have reached by ``day`` to meet its low target when due:
        the straight way from the baseline (at its date) to the low target (at the due date);
        the low target itself when the dates are not known."""
        if self.target_low is None:
            return None
        if None in (self.baseline_value, self.baseline_on, self.due_on):
            return self.target_low
        span = (self.due_on - self.baseline_on).days
        if span <= 0 or day >= self.due_on:
            return self.target_low
        share = Decimal(max(0, (day - self.baseline_on).days)) / Decimal(span)
        return self.baseline_value + (self.target_low - self.baseline_value) * share

    @property
    def track(self) -> str:
        """On track: the latest result has come at least as far from the baseline towards the
        targets as ``expected_on`` its date (a benefit that lowers something counts downwards).
        Off track: not so far. Overdue: a planned measurement has passed without a result and
        there is none since. Not measured yet: no result, nothing overdue."""
        latest = self.latest_result
        overdue = self.overdue_measurements
        if latest is None or any(m.planned_on > latest.measured_on for m in overdue):
            return self.OVERDUE if overdue else self.NOT_MEASURED
        expected = self.expected_on(latest.measured_on)
        if expected is None:
            return self.NOT_MEASURED
        lowers = (
            self.baseline_value is not None
            and self.target_likely is not None
            and self.target_likely < self.baseline_value
        )
        reached = latest.value <= expected if lowers else latest.value >= expected
        return self.ON_TRACK if reached else self.OFF_TRACK

    def get_track_display(self):
        return self.TRACKS[self.track]


@history.track()
class BenefitTargets(models.Model):
    """One version of a benefit's targets: the first is kept when the targets lock; every later
    change is a new version, with the reason."""

    benefit = models.ForeignKey(
        Benefit, models.CASCADE, related_name="versions", verbose_name=_("benefit")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    target_low = models.DecimalField(_("low target"), max_digits=14, decimal_places=2)
    target_likely = models.DecimalField(_("likely target"), max_digits=14, decimal_places=2)
    target_high = models.DecimalField(_("high target"), max_digits=14, decimal_places=2)
    reason = models.TextField(_("reason"), blank=True, max_length=2_000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["benefit", "number"]
        verbose_name = _("targets version")
        verbose_name_plural = _("targets versions")
        constraints = [
            models.UniqueConstraint(fields=["benefit", "number"], name="benefit_targets_version"),
            models.CheckConstraint(
                condition=models.Q(number=1) | ~models.Q(reason=""),
                name="benefit_targets_change_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.benefit} v{self.number}"


@history.track()
class Measurement(models.Model):
    """A planned measurement of a benefit, and its result once measured."""

    benefit = models.ForeignKey(
        Benefit, models.CASCADE, related_name="measurements", verbose_name=_("benefit")
    )
    planned_on = models.DateField(_("planned for"))
    measured_on = models.DateField(_("measured on"), null=True, blank=True)
    value = models.DecimalField(_("result"), max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2_000)

    class Meta:
        ordering = ["benefit", "planned_on", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(measured_on__isnull=False),
                name="measurement_result_has_date",
            )
        ]

    def __str__(self):
        return f"{self.benefit}: {self.planned_on}"

    @property
    def is_overdue(self) -> bool:
        return self.value is None and self.planned_on < timezone.localdate()
