"""The search form and the results of one search (``Results``): read once, bounded, ranked."""

from collections import Counter

from django import forms
from django.contrib.postgres.search import SearchHeadline
from django.core.paginator import Paginator
from django.db.models import F
from django.db.models.functions import Left
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from catalogue.models import SEARCH_CONFIG
from catalogue.search import CANDIDATES, MAX_LENGTH, TOP, Search
from meetings.models import Committee
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
}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_LENGTH,
        help_text=_("Meetings, agenda items, attachments, ideas and projects."),
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *Document.Kind.choices]
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
"""Matching documents read at most (before access is applied to them)."""


class Results:
    """The documents ``user`` may see that match the form's search, read once and boundedly:
    at most ``READ`` matching documents (``catalogue.search.Search.candidates``: those with
    the words in the title first; the GIN and trigram indexes, no join), of which those
    ``user`` may see (``Document.objects.visible_to``, applied to these primary keys only: an
    index lookup per object) are kept, at most ``CANDIDATES``. The facets (type, committee,
    year) are counted from those rows (each facet from the rows that pass the other facets'
    filters), the best ``TOP`` ranked in full, and a page of them gets a highlighted snippet
    each. When more match than are read, ``complete`` is false and the page says that the
    best are shown. A facet's filter on a search with more matches than are read is applied
    in the database, so that a rare value's matches are read too.

    Reading the matches before applying access keeps the plan the same for every reader (the
    indexes of the search, then primary keys); its price: a reader who may see only a few of
    very many matches (more than ``READ``) can miss some of them — never see more."""

    FACETS = ("type", "committee", "year")
    COLUMNS = {"type": "kind", "committee": "committee", "year": "year"}
    NAMES = ("pk", "kind", "committee", "year")

    def __init__(self, data, user):
        self.data = data
        self.user = user
        self.search = Search(data.get("q") or "", model=Document, tags=False)
        self.filters = {
            "type": data.get("type") or None,
            "committee": data["committee"].pk if data.get("committee") else None,
            "year": data.get("year"),
        }
        rows, self.complete = self._visible_matches(Document.objects.all())
        self.facets = self._facet_counts(rows)
        if not self.complete and any(value is not None for value in self.filters.values()):
            narrowed = Document.objects.filter(
                **{self.COLUMNS[name]: value for name, value in self.filters.items() if value}
            )
            rows, self.complete = self._visible_matches(narrowed)
        self.rows = [row for row in rows if self._passes(row)]
        self.count = len(self.rows)

    def _visible_matches(self, documents):
        """Up to ``CANDIDATES`` matches among ``documents`` that the reader may see, and
        whether those are all of them: two queries."""
        rows, complete = self.search.candidates(documents, self.NAMES, {}, READ)
        visible = set(
            Document.objects.filter(pk__in=[row["pk"] for row in rows])
            .visible_to(self.user)
            .values_list("pk", flat=True)
        )
        rows = [row for row in rows if row["pk"] in visible]
        return rows[:CANDIDATES], complete and len(rows) <= CANDIDATES

    def __bool__(self):
        return bool(self.search)

    def _passes(self, row, skip=None):
        return all(
            name == skip or value is None or row[self.COLUMNS[name]] == value
            for name, value in self.filters.items()
        )

    def _facet_counts(self, rows):
        counts = {name: Counter() for name in self.FACETS}
        for row in rows:
            for name in self.FACETS:
                if self._passes(row, skip=name) and row[self.COLUMNS[name]] is not None:
                    counts[name][row[self.COLUMNS[name]]] += 1
        return counts

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
                "count": counts[name][key],
                "selected": selected,
                "query": {name: None if selected else value},
            }

        kinds = [
            choice("type", kind.value, kind.label, kind.value)
            for kind in Document.Kind
            if counts["type"][kind.value] or filters["type"] == kind
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
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        rows = (
            Document.objects.filter(pk__in=pks)
            .annotate(
                headline=headline,
                committee_name=F("committee__name"),
                meeting_starts=F("meeting__starts_at"),
                item_number=F("item__number"),
                item_starts=F("item__meeting__starts_at"),
                attachment_starts=F("attachment__item__meeting__starts_at"),
            )
            .values(
                "pk",
                "kind",
                "title",
                "year",
                "meeting",
                "item",
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
            row["date"] = row["meeting_starts"] or row["item_starts"] or row["attachment_starts"]
            results.append(row)
        page.object_list = results
        return page
