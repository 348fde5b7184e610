from django import forms
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItem

from catalogue import querysets
from catalogue.models import ActorType, Comment, Idea, Term, WelfareArea
from catalogue.search import search_ideas
from meetings.models import MandateTask

RELEVANCE = "relevance"
NEWEST = "newest"
SUPPORTED = "supported"
TITLE = "title"


def order_lists_by_language(form):
    """Order the form's list entries (actor types, welfare areas, principles) by their names in
    the active language. A queryset made when the form class was defined keeps the order of
    that moment: django-modeltranslation turns ``name`` into ``name_da`` or ``name_en`` when
    the queryset is made."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and issubclass(queryset.model, Term):
            field.queryset = queryset.order_by(*queryset.model._meta.ordering)


class IdeaFilterForm(forms.Form):
    """The filters and search above the idea list; a GET form, so every state has a URL.

    Within one filter the values are alternatives (any of the ticked welfare areas); different
    filters narrow each other. An invalid value is ignored rather than shown as an error."""

    q = forms.CharField(label=_("Search"), required=False, strip=True)
    area = forms.ModelMultipleChoiceField(
        label=_("Welfare area"),
        queryset=WelfareArea.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actor = forms.ModelMultipleChoiceField(
        label=_("Actors"),
        queryset=ActorType.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    dis = forms.MultipleChoiceField(
        label=_("DIS dimensions"),
        choices=Idea.Dimension.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tag = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=Tag.objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    task = forms.ModelChoiceField(
        label=_("Mandate task"),
        queryset=MandateTask.objects.none(),
        required=False,
        empty_label=_("All tasks"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    status = forms.MultipleChoiceField(
        label=_("Status"),
        choices=[(value, label) for value, label in Idea.Status.choices if value != "draft"],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Without a choice: the ideas in the catalogue."),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            (RELEVANCE, _("Relevance")),
            (NEWEST, _("Newest")),
            (SUPPORTED, _("Most supported")),
            (TITLE, _("Title")),
        ],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        order_lists_by_language(self)
        self.user = user
        visible = Idea.objects.visible_to(user)
        if not querysets.can_curate(user):
            del self.fields["status"]
            visible = visible.published()
        self.fields["tag"].queryset = Tag.objects.filter(
            Exists(
                TaggedItem.objects.filter(
                    tag=OuterRef("pk"),
                    content_type__app_label="catalogue",
                    content_type__model="idea",
                    object_id__in=visible.values("pk"),
                )
            )
        ).order_by("name")
        self.fields["task"].queryset = MandateTask.objects.filter(
            Exists(visible.filter(mandate_task=OuterRef("pk")))
        ).order_by("title")

    def _clean_partially(self):
        """The valid fields' values; an invalid field counts as not filled in."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}

    def filter(self, ideas):
        """``ideas`` (already ``visible_to`` the user and ``with_counts()``) narrowed by the
        filters and the search, annotated with ``rank`` when searching, in the chosen order.
        Without a status choice (and always for those who do not curate): the catalogue."""
        data = self._clean_partially()
        ideas = self._narrow(ideas, data)
        text = data.get("q") or ""
        sort = data.get("sort") or (RELEVANCE if text else NEWEST)
        if sort == RELEVANCE and text:
            return ideas.order_by("-rank", "-status_changed_at", "-pk")
        if sort == SUPPORTED:
            return ideas.order_by("-endorsement_count", "-status_changed_at", "-pk")
        if sort == TITLE:
            return ideas.order_by("title", "pk")
        return ideas.order_by("-status_changed_at", "-pk")

    def _narrow(self, ideas, data, *, skip=None):
        """``ideas`` narrowed by every filter but ``skip`` (a facet's name), and the search."""
        statuses = data.get("status")
        if skip == "status":
            ideas = ideas.exclude(status=Idea.Status.DRAFT)
        elif statuses:
            ideas = ideas.filter(status__in=statuses)
        else:
            ideas = ideas.published()
        if data.get("area") and skip != "area":
            ideas = ideas.filter(welfare_area__in=data["area"])
        if data.get("actor") and skip != "actor":
            through = Idea.actor_types.through.objects.filter(actortype__in=data["actor"])
            ideas = ideas.filter(pk__in=through.values("idea"))
        if data.get("dis") and skip != "dis":
            ideas = ideas.filter(dis_dimensions__overlap=data["dis"])
        if data.get("tag"):
            tagged = TaggedItem.objects.filter(
                tag__in=data["tag"],
                content_type__app_label="catalogue",
                content_type__model="idea",
            )
            ideas = ideas.filter(pk__in=tagged.values("object_id"))
        if data.get("task"):
            ideas = ideas.filter(mandate_task=data["task"])
        if data.get("q"):
            ideas = search_ideas(ideas, data["q"])
        return ideas

    def facets(self, ideas):
        """For each value of the welfare area, actor, DIS and status filters: how many ideas
        ticking it would show under its filter's own OR (the values of one filter are
        alternatives), i.e. the ideas that match every *other* filter and the search and have
        the value. ``ideas`` is ``visible_to`` the user, not yet filtered. One aggregate query
        per filter, whatever the number of ideas."""
        data = self._clean_partially()

        def others(name):
            pks = self._narrow(ideas, data, skip=name).order_by().values("pk")
            return Idea.objects.filter(pk__in=pks).order_by()

        areas = dict(others("area").values_list("welfare_area").annotate(n=Count("pk")))
        actors = dict(
            Idea.actor_types.through.objects.filter(idea__in=others("actor").values("pk"))
            .order_by()
            .values_list("actortype")
            .annotate(n=Count("idea"))
        )
        dis = others("dis").aggregate(
            **{
                value: Count("pk", filter=Q(dis_dimensions__contains=[value]))
                for value in Idea.Dimension.values
            }
        )
        statuses = {}
        if "status" in self.fields:
            statuses = dict(others("status").values_list("status").annotate(n=Count("pk")))
        return {"area": areas, "actor": actors, "dis": dis, "status": statuses}


class EndorseForm(forms.Form):
    """Support an idea, or (``action=withdraw``) withdraw one's support."""

    WITHDRAW = "withdraw"

    action = forms.ChoiceField(choices=[(WITHDRAW, _("Withdraw my support"))], required=False)

    @property
    def withdraw(self):
        return self.cleaned_data["action"] == self.WITHDRAW


class CommentForm(forms.ModelForm):
    """A comment on an idea, or a reply to one (``parent``)."""

    parent = forms.ModelChoiceField(
        queryset=Comment.objects.none(), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Comment
        fields = ["text"]
        labels = {"text": _("Your comment")}
        error_messages = {
            "text": {
                "required": _("Write a comment before you send it."),
                "max_length": _(
                    "A comment may be at most %(limit_value)s characters long; "
                    "this one has %(show_value)s."
                ),
            }
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, idea, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Comment.objects.visible_to(user).filter(idea=idea)
