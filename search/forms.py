"""The search form and the results of one search (``Results``): read once, bounded, ranked."""

from collections import Counter

from django import forms
from django.contrib.postgres.search import SearchHeadline
from django.core.paginator import Paginator
from django.db.models import F
from django.db.models.functions import Coalesce, Left
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from catalogue.models import SEARCH_CONFIG
from catalogue.search import CANDIDATES, MAX_LENGTH, TOP, Search
from meetings.models import CLOSED_ITEM_TITLE, Committee
from search.models import Document

PER_PAGE = 20
START, STOP = "\ue000", "\ue001"
"""Around a highlighted word in ``ts_headline``'s answer (private-use characters: the text is
escaped first, then they become ``<mark>``)."""
HEADLINE_TEXT = 20_000
"""Characters of a document's text the snippet is chosen from."""
MIN_YEAR, MAX_YEAR = 1900, 2200
KIND_NAMES = {
    Document.Kind.MEETING: _("Meeting"),
    Document.Kind.ITEM: _("Agenda item"),
    Document.Kind.ATTACHMENT: _("Attachment"),
    Document.Kind.IDEA: _("Idea"),
    Document.Kind.PROJECT: _("Project"),
    Document.Kind.DECISION: _("Decision"),
}
FACET_KIND = {Document.Kind.DECISION: Document.Kind.ITEM}
"""A decision document (what an outsider reads of an agenda item) counts, and is chosen, as an
agenda item: the type facet has no type of its own for it."""
KIND_CHOICES = [(kind.value, kind.label) for kind in Document.Kind if kind not in FACET_KIND]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_LENGTH,
        help_text=_("Meetings, agenda items, attachments, ideas and projects."),
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *KIND_CHOICES]
    )
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        required=False,
        queryset=Committee.objects.all(),
        to_field_name="slug",
        error_messages={"invalid_choice": _("There is no such committee.")},
    )
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )


def _link(row):
    """The page a result leads to."""
    kind = row["kind"]
    if kind == Document.Kind.MEETING:
        return reverse("meetings:meeting", args=[row["meeting"]])
    if kind == Document.Kind.ITEM:
        return reverse("meetings:item", args=[row["item"]])
    if kind == Document.Kind.DECISION:
        return reverse("meetings:item", args=[row["decision_item"]])
    if kind == Document.Kind.ATTACHMENT:
        return reverse("meetings:item", args=[row["attachment__item"]])
    if kind == Document.Kind.IDEA:
        return reverse("catalogue:idea", args=[row["idea"]])
    return reverse("innovation:project", args=[row["project"]])


def _marked(headline):
    """``ts_headline``'s snippet, escaped, with its highlighted words in ``<mark>``."""
    text = escape(headline or "")
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


READ = CANDIDATES
"""Matching documents read at most (of those the reader knows of)."""


class Results:
    """The documents ``user`` may see that match the form's search, read once and boundedly:
    at most ``READ`` matching documents of the chosen type, committee and year among those
    ``user`` knows of (``catalogue.search.Search.candidates`` over
    ``Document.objects.known_to``: those with the words in the title first, then the newest),
    of which those ``user`` may see are kept (the rest are the decision documents of items
    ``user`` reads in full, which hold nothing hidden from them). The facets (type, committee,
    year) are counted from those rows, the best ``TOP`` ranked in full, and a page of them gets
    a highlighted snippet each. When more match than are read, ``complete`` is false and the
    page says that the best are shown.

    Access is applied while the matches are read, not after: which are shown, how many and
    whether there are "more than" depend on nothing ``user`` may not see. (Read first and
    filtered after, a staff member who filled the matches read with their own drafts could
    tell from "more than" whether another committee's closed item holds a word.)"""

    FACETS = {"type": "kind", "committee": "committee", "year": "year"}
    NAMES = ("pk", "kind", "committee", "year")

    def __init__(self, data, user):
        self.search = Search(data.get("q") or "", model=Document, tags=False)
        self.filters = {
            "type": data.get("type") or None,
            "committee": data["committee"].pk if data.get("committee") else None,
            "year": data.get("year"),
        }
        documents = Document.objects.filter(
            **{
                self.FACETS[name]: value
                for name, value in self.filters.items()
                if value and name != "type"
            }
        )
        if self.filters["type"]:
            kinds = [self.filters["type"]]
            kinds += [kind for kind, facet in FACET_KIND.items() if facet == kinds[0]]
            documents = documents.filter(kind__in=kinds)
        rows, complete = self.search.candidates(documents.known_to(user), self.NAMES, {}, READ)
        # Of the documents ``user`` knows of, only the decision documents may be duplicates.
        decisions = [row["pk"] for row in rows if row["kind"] == Document.Kind.DECISION]
        duplicates = set(
            Document.objects.filter(pk__in=decisions)
            .duplicates_for(user)
            .values_list("pk", flat=True)
            if decisions
            else ()
        )
        self.rows = [row for row in rows if row["pk"] not in duplicates]
        self.complete = complete
        self.count = len(self.rows)
        self.facets = {
            name: Counter(row[column] for row in self.rows if row[column] is not None)
            for name, column in self.FACETS.items()
            if name != "type"
        }
        self.facets["type"] = Counter(FACET_KIND.get(row["kind"], row["kind"]) for row in self.rows)

    def __bool__(self):
        return bool(self.search)

    def _ordered(self):
        """The primary keys of the matches read, best first: by the cheap rank, the best
        ``TOP`` of them by the full rank."""
        rows = sorted(self.rows, key=lambda row: (row["cheap_rank"], row["pk"]), reverse=True)
        top = rows[:TOP]
        ranks = self.search.ranked(row["pk"] for row in top)
        top.sort(key=lambda row: (ranks.get(row["pk"], 0), row["pk"]), reverse=True)
        return [row["pk"] for row in top + rows[TOP:]]

    def facet_choices(self):
        """For each facet, its values among the matches read: ``(name, label, choices)``, each
        choice a dict with ``label``, ``count``, ``selected`` and ``query`` (what the link to
        choose it, or to remove it when chosen, changes in the URL); the committees' names in
        one query."""
        counts, filters = self.facets, self.filters

        def choice(name, value, label, key):
            selected = filters[name] == key
            return {
                "label": label,
                "count": counts[name][key] or None,
                "selected": selected,
                "query": {name: None if selected else value},
            }

        # When more match than were read, the matches read may all be of one type (those
        # with the words in the title come first): every type is offered, a type not among
        # them with no number, so that a reader can still narrow to it.
        kinds = [
            choice("type", kind.value, kind.label, kind.value)
            for kind in Document.Kind
            if kind not in FACET_KIND
            if counts["type"][kind.value] or filters["type"] == kind or not self.complete
        ]
        wanted = (set(counts["committee"]) | {filters["committee"]}) - {None}
        committees = [
            choice("committee", slug, name, pk)
            for pk, slug, name in Committee.objects.filter(pk__in=wanted)
            .order_by("name")
            .values_list("pk", "slug", "name")
        ]
        years = (set(counts["year"]) | {filters["year"]}) - {None}
        return [
            ("type", _("Type"), kinds),
            ("committee", _("Committee"), committees),
            (
                "year",
                _("Year"),
                [choice("year", y, str(y), y) for y in sorted(years, reverse=True)],
            ),
        ]

    def page(self, number):
        """Page ``number`` (the last when past it) of the results, each a dict with ``kind``,
        ``title``, ``url``, ``snippet`` and what places it (committee, meeting date, item
        number): one query."""
        order = self._ordered()
        paginator = Paginator(order, PER_PAGE)
        page = paginator.get_page(number or 1)
        pks = list(page.object_list)
        headline = SearchHeadline(
            Left("body", HEADLINE_TEXT),
            self.search.highlight_query(),
            config=SEARCH_CONFIG,
            start_sel=START,
            stop_sel=STOP,
            max_words=18,
            min_words=8,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        rows = (
            Document.objects.filter(pk__in=pks)
            .annotate(
                headline=headline,
                committee_name=F("committee__name"),
                meeting_starts=F("meeting__starts_at"),
                item_number=Coalesce("item__number", "decision_item__number"),
                item_starts=Coalesce(
                    "item__meeting__starts_at", "decision_item__meeting__starts_at"
                ),
                attachment_starts=F("attachment__item__meeting__starts_at"),
            )
            .values(
                "pk",
                "kind",
                "title",
                "year",
                "meeting",
                "item",
                "decision_item",
                "attachment",
                "attachment__item",
                "idea",
                "project",
                "headline",
                "committee_name",
                "meeting_starts",
                "item_number",
                "item_starts",
                "attachment_starts",
            )
        )
        by_pk = {row["pk"]: row for row in rows}
        results = []
        for pk in pks:
            row = by_pk.get(pk)
            if row is None:
                continue
            row["url"] = _link(row)
            row["snippet"] = _marked(row["headline"])
            row["kind_label"] = KIND_NAMES[row["kind"]]
            if not row["title"]:  # a closed item whose committee does not show its title
                row["title"] = CLOSED_ITEM_TITLE
            row["date"] = row["meeting_starts"] or row["item_starts"] or row["attachment_starts"]
            results.append(row)
        page.object_list = results
        return page
