"""The secretariat's editing screens (this release edits meetings through the admin)."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from meetings import actions, rules
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Case,
    Committee,
    ConflictOfInterest,
    ItemSection,
    MandateTask,
    Meeting,
    Membership,
    ProgrammeItem,
    RecommendationPoint,
    Speaker,
    WorkshopGroup,
)


class MeetingLocks:
    """Approved minutes and the meetings of a historic committee are read-only for everyone."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)

    def _locked(self, obj):
        meeting = self.meeting_of(obj) if obj is not None else None
        return bool(meeting and rules.is_read_only(meeting))

    def meeting_of(self, obj):
        return None


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["order", "user", "name", "organisation", "role"]


class MandateTaskInline(admin.StackedInline):
    model = MandateTask
    extra = 0
    fields = ["order", "title", "description", "deliverable", ("due_date", "due_text"), "status"]


class CommitteeStatusFilter(admin.SimpleListFilter):
    """Active or historic, as the committee's period says."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", _("Active")), ("historic", _("Historic"))]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.active()
        if self.value() == "historic":
            return queryset.historic()
        return queryset


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "period_start", "period_end", "status"]
    list_filter = [CommitteeStatusFilter, "kind", "public_access"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, MandateTaskInline]

    @admin.display(description=_("status"), ordering="period_end")
    def status(self, committee):
        return _("Historic") if committee.is_historic else _("Active")


class ItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["number", "title", "is_closed", "case"]
    show_change_link = True


class ProgrammeInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0
    fields = ["order", "kind", "title", "starts_at", "ends_at", "speakers"]
    autocomplete_fields = ["speakers"]


class WorkshopGroupInline(admin.StackedInline):
    model = WorkshopGroup
    extra = 0
    fields = [
        ("order", "name", "audience"),
        "programme_item",
        "members",
        "other_participants",
        "question",
        "result",
    ]
    filter_horizontal = ["members"]


class RecordedByAction(forms.BaseInlineFormSet):
    """An inline whose rows an action in ``meetings/actions.py`` records, under its rule:
    ``refusal(parent)`` refuses a change with the rule's reason; ``MeetingAdmin`` and
    ``AgendaItemAdmin`` hand the rows to the action (``save_formset``) instead of saving them.
    """

    def refusal(self, parent) -> str:
        raise NotImplementedError

    def clean(self):
        super().clean()
        changed = any(form.has_changed() for form in self.forms) or self.deleted_forms
        if changed:
            refusal = self.refusal(self.instance)
            if refusal:
                raise ValidationError(refusal)

    def changes(self):
        """(membership pk removed or replaced, form kept) for every changed row."""
        for form in self.forms:
            if not form.has_changed() and form not in self.deleted_forms:
                continue
            before = form.initial.get("membership")
            if form in self.deleted_forms:
                yield before, None
            else:
                yield before, form

    def saved_by_action(self):
        """What the admin's change message reads from a saved formset."""
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []


class AttendanceFormSet(RecordedByAction):
    def refusal(self, meeting):
        # Without a committee the meeting's own form is refused; nothing is saved.
        return rules.attendance_refusal(meeting) if meeting.committee_id else ""


def _label_with_committee(membership):
    return f"{membership.person_name} ({membership.committee.display_name})"


class AttendanceInline(admin.TabularInline):
    """Recorded by ``actions.record_attendance``: only the members on the meeting's attendance
    list (lead committee first), each named with the committee."""

    model = Attendance
    formset = AttendanceFormSet
    extra = 0
    fields = ["membership", "status", "substitute"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["membership"]
        listed = [m.pk for m in rules.attendance_members(obj)] if obj is not None else []
        field.queryset = Membership.objects.filter(pk__in=listed).select_related(
            "committee", "user"
        )
        field.label_from_instance = _label_with_committee
        return formset


@admin.register(Meeting)
class MeetingAdmin(MeetingLocks, admin.ModelAdmin):
    list_display = ["__str__", "committee", "starts_at", "kind", "state"]
    list_filter = ["state", "kind", "committee"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["co_hosts"]
    readonly_fields = ["state", "published_at", "held_at", "approved_at"]
    inlines = [ItemInline, ProgrammeInline, WorkshopGroupInline, AttendanceInline]
    actions = ["publish_agenda", "mark_held", "approve_minutes"]

    def meeting_of(self, obj):
        return obj

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("committee")

    def save_formset(self, request, form, formset, change):
        """Attendance is recorded by ``actions.record_attendance``, as in the workspace."""
        if formset.model is not Attendance:
            return super().save_formset(request, form, formset, change)
        entries = {}
        for before, kept in formset.changes():
            if before is not None:
                entries.setdefault(getattr(before, "pk", before), ("", ""))
            if kept is not None:
                data = kept.cleaned_data
                entries[data["membership"].pk] = (data["status"], data["substitute"])
        if entries:
            actions.record_attendance(meeting=form.instance, entries=entries)
        formset.saved_by_action()

    def _run(self, request, queryset, action, done):
        succeeded = 0
        for meeting in queryset:
            try:
                action(meeting=meeting)
                succeeded += 1
            except actions.ActionError as error:
                self.message_user(request, f"{meeting}: {error}", messages.ERROR)
        if succeeded:
            self.message_user(request, done(succeeded), messages.SUCCESS)

    @admin.action(description=_("Publish the agenda"))
    def publish_agenda(self, request, queryset):
        self._run(
            request,
            queryset,
            partial(
                actions.publish_agenda,
                by=request.user,
                site_url=request.build_absolute_uri("/"),
            ),
            lambda n: ngettext("%d agenda published.", "%d agendas published.", n) % n,
        )

    @admin.action(description=_("Mark as held"))
    def mark_held(self, request, queryset):
        self._run(
            request,
            queryset,
            actions.mark_held,
            lambda n: ngettext("%d meeting marked as held.", "%d meetings marked as held.", n) % n,
        )

    @admin.action(description=_("Approve the minutes (locks the meeting)"))
    def approve_minutes(self, request, queryset):
        self._run(
            request,
            queryset,
            actions.approve_minutes,
            lambda n: (
                ngettext("%d set of minutes approved.", "%d sets of minutes approved.", n) % n
            ),
        )


class SectionInline(admin.StackedInline):
    model = ItemSection
    extra = 0
    fields = [("order", "key", "heading"), "text"]


class PointInline(admin.StackedInline):
    model = RecommendationPoint
    extra = 0
    fields = ["order", "text", ("outcome", "decision_text")]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["order", "title", "file", "is_closed"]


class ConflictFormSet(RecordedByAction):
    def refusal(self, item):
        # Without a meeting the item's own form is refused; nothing is saved.
        return rules.decision_refusal(item.meeting) if item.meeting_id else ""


class ConflictInline(admin.TabularInline):
    """Recorded by ``actions.record_conflicts`` with the decisions: only members on the
    meeting's attendance list, each named with the committee."""

    model = ConflictOfInterest
    formset = ConflictFormSet
    extra = 0
    fields = ["membership", "note"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["membership"]
        listed = []
        if obj is not None:
            listed = [m.pk for m in rules.attendance_members(obj.meeting)]
            listed += list(obj.conflicts.values_list("membership_id", flat=True))
        field.queryset = Membership.objects.filter(pk__in=listed).select_related(
            "committee", "user"
        )
        field.label_from_instance = _label_with_committee
        return formset


class AgendaItemForm(forms.ModelForm):
    """The item; its decision is checked by the rule of ``actions.record_decision``."""

    def clean(self):
        cleaned = super().clean()
        meeting = cleaned.get("meeting") or getattr(self.instance, "meeting", None)
        decided = set(DECISION_FIELDS) & set(self.changed_data)
        if meeting and decided and not meeting.accepts_decisions:
            raise ValidationError(actions.DECISIONS_ONLY_WHEN_HELD)
        return cleaned


DECISION_FIELDS = ("decision", "decision_is_open")
POINT_DECISION_FIELDS = ("outcome", "decision_text")


@admin.register(AgendaItem)
class AgendaItemAdmin(MeetingLocks, admin.ModelAdmin):
    form = AgendaItemForm
    list_display = ["number", "title", "meeting", "is_closed"]
    list_filter = ["is_closed", "meeting__committee"]
    search_fields = ["title"]
    autocomplete_fields = ["case"]
    fieldsets = [
        (None, {"fields": ["meeting", "number", "title", "is_closed", "case"]}),
        (_("Recommendation"), {"fields": ["recommendation_by", "recommendation_to"]}),
        (_("Decision"), {"fields": ["decision", "decision_is_open", "decided_on"]}),
    ]
    readonly_fields = ["decided_on"]
    inlines = [SectionInline, PointInline, AttachmentInline, ConflictInline]

    def meeting_of(self, obj):
        return obj.meeting

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting__committee")

    def save_formset(self, request, form, formset, change):
        """Conflicts of interest are recorded by ``actions.record_conflicts``, as in the
        workspace."""
        if formset.model is not ConflictOfInterest:
            return super().save_formset(request, form, formset, change)
        item = form.instance
        conflicts = dict(item.conflicts.values_list("membership_id", "note"))
        changed = False
        for before, kept in formset.changes():
            changed = True
            if before is not None:
                conflicts.pop(getattr(before, "pk", before), None)
            if kept is not None:
                conflicts[kept.cleaned_data["membership"].pk] = kept.cleaned_data["note"]
        if changed:
            actions.record_conflicts(item=item, conflicts=conflicts)
        formset.saved_by_action()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "number" in form.base_fields:
            form.base_fields["number"].required = False
            form.base_fields["number"].help_text = _(
                "Left empty: the next number in the committee's year."
            )
        return form

    # Decisions go through actions.record_decision, as on every other screen: the item and its
    # parts are saved without them, then the item's and the points' decisions are recorded.
    def save_model(self, request, obj, form, change):
        for field in DECISION_FIELDS:
            setattr(obj, field, form.initial.get(field, AgendaItem._meta.get_field(field).default))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        outcomes = {}
        for formset in formsets:
            if formset.model is not RecommendationPoint:
                continue
            for point_form in formset.forms:
                changed = set(POINT_DECISION_FIELDS) & set(point_form.changed_data)
                if not changed or point_form in formset.deleted_forms:
                    continue
                data = point_form.cleaned_data
                outcomes[point_form] = (data["outcome"], data["decision_text"])
                for field in POINT_DECISION_FIELDS:
                    setattr(point_form.instance, field, point_form.initial.get(field, ""))
        super().save_related(request, form, formsets, change)
        if outcomes or set(DECISION_FIELDS) & set(form.changed_data):
            actions.record_decision(
                item=form.instance,
                decision=form.cleaned_data["decision"],
                outcomes={point_form.instance.pk: value for point_form, value in outcomes.items()},
                decision_is_open=form.cleaned_data["decision_is_open"],
            )


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    search_fields = ["reference", "title"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation"]
    search_fields = ["name", "organisation"]
