import json
from collections import Counter

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItem

from catalogue import querysets
from catalogue.models import ActorType, Comment, Idea, Term, WelfareArea
from catalogue.search import CANDIDATES, TOP, Search, search_ideas
from innovation.shared.submissions import SentOnceMixin
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

    TAGS_SHOWN = 20

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

    def show_tags(self, counts):
        """Offer the ``TAGS_SHOWN`` tags most used by the ideas listed (``counts``: tag pk →
        ideas), and the ticked ones, rather than every tag of the catalogue."""
        ticked = {tag.pk for tag in self._clean_partially().get("tag") or ()}
        shown = ticked | {pk for pk, _n in counts.most_common(self.TAGS_SHOWN)}
        self.fields["tag"].queryset = Tag.objects.filter(pk__in=shown).order_by("name")

    def _clean_partially(self):
        """The valid fields' values; an invalid field counts as not filled in."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}

    def filter(self, ideas):
        """``ideas`` (already ``visible_to`` the user) narrowed by the
        filters and the search, annotated with ``rank`` when searching, in the chosen order.
        Without a status choice (and always for those who do not curate): the catalogue."""
        data = self._clean_partially()
        ideas = self._narrow(ideas, data)
        text = data.get("q") or ""
        return self._order(ideas, data.get("sort") or (RELEVANCE if text else NEWEST), bool(text))

    @staticmethod
    def _order(ideas, sort, ranked=False):
        if sort == RELEVANCE and ranked:
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

    def listing(self, ideas):
        """The filtered ideas for a page of the list, read boundedly (``Listing``). ``ideas``
        is ``visible_to`` the user, not yet filtered."""
        return Listing(self, ideas)


def _about(number):
    """An estimate, rounded to two significant digits (12,345 → 12,000)."""
    number = round(number)
    return number if number < 100 else round(number, 2 - len(str(number)))


class Listing:
    """The filtered ideas of one request, read once: ``count``, the facet counts and the pages.

    The ideas that pass every filter but those with facets (welfare area, actors, DIS,
    status) and match the search are read once, at most ``SAMPLE`` of them with what the
    facets need (one query; the newest first when browsing, those with the words in the title
    first when searching); the count and every facet's numbers are counted from those rows
    (for each facet: the rows that pass every *other* filter, as its values are
    alternatives). When there are more, the numbers are estimated from them and the planner's
    estimate of the whole, rounded, and ``estimated`` says so.

    A page of the list: when searching, the matches read are ordered (by relevance, only the
    best ``search.TOP`` ranked in full) and paged; when browsing, the page is read off the
    index that serves the chosen order, at most ``MAX_PAGES`` deep."""

    SAMPLE = CANDIDATES
    MAX_PAGES = 1_000

    def __init__(self, form, ideas):
        self.form = form
        data = self.data = form._clean_partially()
        self.sort = data.get("sort") or (RELEVANCE if data.get("q") else NEWEST)
        self.search = Search(data.get("q") or "") if data.get("q") else None
        base = self._base(ideas)
        names = (
            "pk",
            "status",
            "welfare_area",
            "dis_dimensions",
            "status_changed_at",
            "endorsement_count",
            "title",
        )
        expressions = {
            "actor_pks": ArraySubquery(
                Idea.actor_types.through.objects.filter(idea=OuterRef("pk")).values("actortype")
            ),
            "tag_pks": ArraySubquery(
                TaggedItem.objects.filter(
                    content_type=ContentType.objects.get_for_model(Idea), object_id=OuterRef("pk")
                ).values("tag")
            ),
        }
        if self.search is not None:
            rows, complete = self.search.candidates(base, names, expressions, self.SAMPLE)
            whole = self.search.matching(base)
        else:
            newest = base.order_by("-status_changed_at", "-pk").values(*names, **expressions)
            rows = list(newest[: self.SAMPLE + 1])
            complete = len(rows) <= self.SAMPLE
            rows = rows[: self.SAMPLE]
            whole = base
        self.estimated = not complete
        scale = 1
        if not complete:
            plan = json.loads(whole.order_by().explain(format="json"))
            scale = max(plan[0]["Plan"]["Plan Rows"], len(rows)) / max(len(rows), 1)
        self.rows = [row for row in rows if self._passes(row)]
        number = (lambda n: _about(n * scale)) if self.estimated else (lambda n: n)
        self.count = number(len(self.rows))
        self.facets = {
            name: {key: number(n) for key, n in counts.items()}
            for name, counts in self._facet_counts(rows).items()
        }
        self.ideas = ideas
        form.show_tags(Counter(tag for row in self.rows for tag in row["tag_pks"]))

    def _base(self, ideas):
        """Every filter but the facets' (and, for the statuses, the catalogue or everything
        but drafts), without the search."""
        data = self.data
        if "status" in self.form.fields:
            ideas = ideas.exclude(status=Idea.Status.DRAFT)
        else:
            ideas = ideas.published()
        if data.get("tag"):
            tagged = TaggedItem.objects.filter(
                tag__in=data["tag"],
                content_type__app_label="catalogue",
                content_type__model="idea",
            )
            ideas = ideas.filter(pk__in=tagged.values("object_id"))
        if data.get("task"):
            ideas = ideas.filter(mandate_task=data["task"])
        return ideas

    def _passes(self, row, skip=None):
        data = self.data
        statuses = data.get("status") or querysets.PUBLIC_STATUSES
        areas = {area.pk for area in data.get("area") or ()}
        actors = {actor.pk for actor in data.get("actor") or ()}
        return (
            (skip == "status" or row["status"] in statuses)
            and (skip == "area" or not areas or row["welfare_area"] in areas)
            and (skip == "actor" or not actors or bool(actors.intersection(row["actor_pks"])))
            and (
                skip == "dis"
                or not data.get("dis")
                or bool(set(data["dis"]) & set(row["dis_dimensions"]))
            )
        )

    def _facet_counts(self, rows):
        counts = {"area": Counter(), "actor": Counter(), "dis": Counter(), "status": Counter()}
        for row in rows:
            if self._passes(row, skip="area"):
                counts["area"][row["welfare_area"]] += 1
            if self._passes(row, skip="actor"):
                counts["actor"].update(set(row["actor_pks"]))
            if self._passes(row, skip="dis"):
                counts["dis"].update(set(row["dis_dimensions"]))
            if "status" in self.form.fields and self._passes(row, skip="status"):
                counts["status"][row["status"]] += 1
        return counts

    def _ordered_matches(self):
        """The primary keys of the matches read, in the chosen order."""
        rows = self.rows
        newest = lambda row: (row["status_changed_at"], row["pk"])  # noqa: E731
        if self.sort == SUPPORTED:
            rows = sorted(
                rows, key=lambda row: (row["endorsement_count"], *newest(row)), reverse=True
            )
        elif self.sort == TITLE:
            rows = sorted(rows, key=lambda row: (row["title"].casefold(), row["pk"]))
        elif self.sort == NEWEST:
            rows = sorted(rows, key=newest, reverse=True)
        else:
            rows = sorted(rows, key=lambda row: (row["cheap_rank"], *newest(row)), reverse=True)
            top = rows[:TOP]
            ranks = self.search.ranked(row["pk"] for row in top)
            top.sort(key=lambda row: (ranks.get(row["pk"], 0), *newest(row)), reverse=True)
            rows = top + rows[TOP:]
        return [row["pk"] for row in rows]

    def page(self, number, per_page, listed):
        """Page ``number`` (the last when past it): its ideas through ``listed`` (a function
        that adds what a list row shows to a queryset)."""
        if self.search is not None:
            order = self._ordered_matches()

            def read(start, stop):
                pks = order[start:stop]
                ideas = {idea.pk: idea for idea in listed(Idea.objects.filter(pk__in=pks))}
                return [ideas[pk] for pk in pks if pk in ideas]

            total = len(order)
        else:
            ideas = self.form._order(self.form._narrow(self.ideas, self.data), self.sort)
            total = min(self.count, self.MAX_PAGES * per_page)

            def read(start, stop):
                pks = ideas.values("pk")[start:stop]
                return list(listed(ideas.filter(pk__in=pks)))

        return Paginator(_Rows(total, read), per_page).get_page(number or 1)


class _Rows:
    """A list of ``total`` rows whose slices are read on demand (for ``Paginator``)."""

    def __init__(self, total, read):
        self.total = total
        self.read = read

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        return self.read(index.start, index.stop)


class EndorseForm(SentOnceMixin, forms.Form):
    """Support an idea, or (``action=withdraw``) withdraw one's support."""

    WITHDRAW = "withdraw"

    action = forms.ChoiceField(choices=[(WITHDRAW, _("Withdraw my support"))], required=False)

    @property
    def withdraw(self):
        return self.cleaned_data["action"] == self.WITHDRAW


class CommentForm(SentOnceMixin, forms.ModelForm):
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
