"""The secretariat's screens for the catalogue: the lists it edits and the ideas it curates.

Ideas are read through ``Idea.objects.visible_to`` (so nobody's draft shows here), and their
status only changes through ``catalogue.actions`` (admin actions below), which record the
history.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from catalogue import actions
from catalogue.models import (
    ActorType,
    Comment,
    Idea,
    IdeaLink,
    IdeaStatusChange,
    InternalNote,
    Principle,
    WelfareArea,
)

# The translated name's field per language (django-modeltranslation's name_da, name_en).
NAMES = [f"name_{code}" for code in dict(settings.LANGUAGES)]


class TermAdmin(TranslationAdmin):
    """A list entry with its name in each language (``catalogue/translation.py``); the slug is
    made from the Danish name."""

    list_display = [*NAMES, "slug", "order"]
    list_editable = ["order"]
    search_fields = NAMES
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(ActorType, TermAdmin)
admin.site.register(WelfareArea, TermAdmin)
admin.site.register(Principle, TermAdmin)


class StatusHistoryInline(admin.TabularInline):
    model = IdeaStatusChange
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "answer", "revisit_on"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InternalNoteInline(admin.StackedInline):
    model = InternalNote
    extra = 0
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]


class IdeaLinkInline(admin.TabularInline):
    model = IdeaLink
    fk_name = "from_idea"
    extra = 0
    fields = ["kind", "to_idea", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    autocomplete_fields = ["to_idea"]


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "welfare_area",
        "submitted_by",
        "origin",
        "status_changed_at",
    ]
    list_filter = [
        "status",
        "welfare_area",
        "actor_types",
        "principles",
        "expected_value",
        "effort",
        ("origin", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "summary"]
    date_hierarchy = "created_at"
    filter_horizontal = ["actor_types", "principles"]
    readonly_fields = ["status", "revisit_on", "status_changed_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "summary", "description"]}),
        (
            _("Classification"),
            {
                "fields": [
                    "welfare_area",
                    "actor_types",
                    "tags",
                    "dis_dimensions",
                    ("expected_value", "effort"),
                    "principles",
                    "mandate_task",
                ]
            },
        ),
        (_("People and origin"), {"fields": ["submitted_by", "contact", "origin"]}),
        (
            _("Status"),
            {
                "fields": [
                    ("status", "status_changed_at"),
                    "revisit_on",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]
    inlines = [StatusHistoryInline, InternalNoteInline, IdeaLinkInline]
    actions = ["mark_under_review", "publish", "select_for_project"]

    def get_queryset(self, request):
        return Idea.objects.visible_to(request.user).select_related(
            "welfare_area", "submitted_by", "origin"
        )

    def save_model(self, request, obj, form, change):
        if not change and obj.submitted_by_id is None:
            obj.submitted_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, InternalNote) and instance.author_id is None:
                instance.author = request.user
            if isinstance(instance, IdeaLink) and instance.created_by_id is None:
                instance.created_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def _bulk(self, request, queryset, to_status, done):
        try:
            changes = actions.bulk_change_status(
                ideas=queryset, to_status=to_status, by=request.user
            )
        except actions.ActionError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, done(len(changes)), messages.SUCCESS)

    @admin.action(description=_("Mark as under review"))
    def mark_under_review(self, request, queryset):
        self._bulk(
            request,
            queryset,
            Idea.Status.UNDER_REVIEW,
            lambda n: ngettext("%d idea is under review.", "%d ideas are under review.", n) % n,
        )

    @admin.action(description=_("Publish in the catalogue"))
    def publish(self, request, queryset):
        self._bulk(
            request,
            queryset,
            Idea.Status.PUBLISHED,
            lambda n: ngettext("%d idea published.", "%d ideas published.", n) % n,
        )

    @admin.action(description=_("Select for a project"))
    def select_for_project(self, request, queryset):
        self._bulk(
            request,
            queryset,
            Idea.Status.SELECTED,
            lambda n: (
                ngettext("%d idea selected for a project.", "%d ideas selected for a project.", n)
                % n
            ),
        )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Moderation: the secretariat may correct or remove a comment."""

    list_display = ["__str__", "idea", "author", "created_at"]
    search_fields = ["text", "idea__title"]
    raw_id_fields = ["idea", "parent"]
    readonly_fields = ["author", "created_at"]

    def has_add_permission(self, request, *args):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user).select_related("idea")
