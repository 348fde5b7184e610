"""Danish search over ideas: the one search function of the catalogue.

Used by the browse page and its exports, and meant for the submission page's similar-idea
hints and a site-wide search. Plain ``danish`` full text alone misses too much (STACK.md):
"borgerne" stems to ``borg`` but "borgerpanel" is stored as ``borgerpanel``; "skole" stems to
``skol`` but "folkeskolen" is stored as ``folkeskol``. So each word of the query is

1. stemmed with the ``danish`` stemmer (one small query; stop words drop out),
2. matched as a **prefix** of the stored lexemes (``'borg':*`` finds ``borgerpanel``) on the
   stored ``search`` column (GIN index ``catalogue_idea_search_gin``),
3. matched as a **substring** of the title or summary when its stem has at least
   ``MIN_INFIX`` letters (``skol`` inside "folkeskolen"), through the trigram GIN indexes
   ``catalogue_idea_title_trgm`` / ``catalogue_idea_summary_trgm`` (``~*``),
4. matched by pg_trgm **word similarity** to the title (``%>``, same index), which forgives
   a typo ("velfaerdsteknologi"); not to the summary, where checking it costs seconds for a
   common word at 100,000 ideas (the summary's compounds are found by step 3), and
5. matched against the idea's **tags** (a tag starting with the stem).

No false friends: a stem found right after a Danish prefix that makes another word
(``FALSE_FRIEND_PREFIXES``: "for" + "ældre" is "forældre", "mis" + "brug" is "misbrug") does
not count as a substring (a negative look-behind in the pattern; the trigram index still serves
it), and a title that contains such a word is not found by its word similarity alone ("ældre"
is 0.67 alike to "forældre"; the strict word similarity ``%>>``, which tells them apart, costs
ten times more at 100,000 titles, its trigram index being far less selective).

The site-wide search (``innovation/search.py``) reuses this matcher on its own search
documents, which have the same ``title``, ``summary`` and ``search`` columns
(``Search(text, model=..., tags=False)``).

An idea matches when every word matches in one of these ways (AND across words, OR within a
word). The rank is one point per word found in the title (so title hits come first), plus
``SearchRank`` (title weight A, summary B, description C) of the prefix query and of the
websearch query (exact stems), plus the word similarity. Odd input (quotes, ``&``, ``|``, ``!``,
``:``, ``*``, very long strings) never raises: only letters and digits reach the raw
``tsquery``.

The price of prefixes and substrings is the odd false friend ("borg" also finds
"borgmester"); ranking keeps the precise hits on top.

Every condition of a word is served by an index (the tags as primary keys, ``= ANY(ARRAY(…))``),
so PostgreSQL reads the matches as a ``BitmapOr`` of index scans. A page of results
(``Search``) reads at most ``CANDIDATES`` matches, those with the words in the title first,
orders them by a cheap rank that reads only the title, and ranks only the best ``TOP`` in
full; the catalogue's list (``catalogue.forms.Listing``) counts and facets those rows.
"""

import re

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Func, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import IRegex

from catalogue.models import SEARCH_CONFIG, Idea

MAX_LENGTH = 200
"""Characters of the query that are read; the rest is ignored."""
MAX_WORDS = 8
MAX_WORD = 40
MIN_INFIX = 4
"""A stem this long is also looked for inside longer words (compounds)."""
WORD = re.compile(r"[^\W_]+")
CANDIDATES = 200
"""Matching ideas a page of results reads at most (twice: found in the title, and anywhere).
Reading a match anywhere costs about 0.1 ms at 100,000 ideas (every condition of every word
checked on the rows in between); 200 rows give the facets their shares within a few points."""
TOP = 100
"""Candidates ranked in full (the rest follow them by the cheap rank)."""
NEWEST = 2_000
"""Rows, the newest, among which the matches past the title's are read newest first; the older
ones after them, in the order they lie. Walking the primary key backwards stops early when
matches are many, but reads the whole table when they are few; the planner picks the walk by
its estimate of the matches, which for a rare word can be 35 times too high (2.5 s instead of
9 ms at 205,000 search documents). Bounded to these rows, the walk costs a few ms at most."""
FALSE_FRIEND_PREFIXES = ("for", "mis", "van")
"""Prefixes that make a new word of the one they precede ("forældre" is not a kind of "ældre"):
a stem found right after one of them is not a match inside a compound."""


def infix_pattern(stem):
    """The regular expression (PostgreSQL ARE) that finds ``stem`` inside a compound, but not
    right after a ``FALSE_FRIEND_PREFIXES`` prefix."""
    return f"(?<!{'|'.join(FALSE_FRIEND_PREFIXES)}){re.escape(stem)}"


def _false_friend(stem):
    """``stem`` right after a ``FALSE_FRIEND_PREFIXES`` prefix ("forældr" for "ældr")."""
    return f"(?:{'|'.join(FALSE_FRIEND_PREFIXES)}){re.escape(stem)}"


def _infix(field, stem):
    """``stem`` inside a compound in ``field``, but not a false friend: the plain substring
    (served by the trigram index, cheap to check), and only where the text also holds a false
    friend, the look-behind pattern (PostgreSQL's look-behind costs 25 times the plain
    pattern on a long text).

    The look-behind is wrapped in ``COALESCE(…, false)`` (the same value: the column is never
    null) so that the planner does not estimate it: it would run the pattern over the
    column's statistics sample, half the planning time of a search (4 of 8 ms for two words
    at 100,000 ideas), and the estimate is not needed, the condition only ever deciding
    between rows that hold a false friend."""
    return Q(**{f"{field}__iregex": re.escape(stem)}) & (
        ~Q(**{f"{field}__iregex": _false_friend(stem)})
        | Q(Coalesce(IRegex(F(field), infix_pattern(stem)), False, output_field=BooleanField()))
    )


def _words(text: str) -> list[str]:
    words = WORD.findall((text or "")[:MAX_LENGTH].lower())
    unique = list(dict.fromkeys(word[:MAX_WORD] for word in words))
    return unique[:MAX_WORDS]


# Word → stem (``None`` for a stop word), as PostgreSQL's ``danish`` stemmer gives it: the
# same for the life of the process, so a word is sent to the database once. Shared by the
# threads of a process (gunicorn's gthread): read with one ``get`` per word, never a check then
# a read, since another thread may clear it in between (past its bound).
_STEMS: dict[str, str | None] = {}
_STEMS_KEPT = 50_000
_UNKNOWN = object()


def stems(text: str) -> list[tuple[str, str]]:
    """``(word, stem)`` for each word of ``text`` that is not a Danish stop word."""
    words = _words(text)
    known = {word: _STEMS.get(word, _UNKNOWN) for word in words}
    new = [word for word, stem in known.items() if stem is _UNKNOWN]
    if new:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w, (ts_lexize('danish_stem', w))[1] FROM unnest(%s::text[]) AS w",
                [new],
            )
            found = dict(cursor.fetchall())
        known.update((word, found.get(word)) for word in new)
        if len(_STEMS) > _STEMS_KEPT:
            _STEMS.clear()
        _STEMS.update((word, known[word]) for word in new)
    return [(word, known[word]) for word in words if known[word]]


def _prefix_query(stems_, operator):
    # Only letters and digits reach the raw tsquery; the lexemes are quoted all the same.
    text = f" {operator} ".join(f"'{stem}':*" for _word, stem in stems_)
    return SearchQuery(text, config="simple", search_type="raw")


class _AnyOf(Func):
    """``expression = ANY(ARRAY(subquery))``: unlike ``IN (subquery)``, PostgreSQL can serve it
    with an index scan inside a ``BitmapOr``, beside the GIN conditions."""

    output_field = BooleanField()

    def __init__(self, expression, queryset):
        super().__init__(expression, ArraySubquery(queryset))

    def as_sql(self, compiler, connection, **extra_context):
        lhs, lhs_params = compiler.compile(self.source_expressions[0])
        rhs, rhs_params = compiler.compile(self.source_expressions[1])
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def _similar_title(word, stem):
    """A title like ``word`` (word similarity, through the trigram index), unless the likeness
    is a false friend's ("forældre" for "ældre")."""
    return Q(title__trigram_word_similar=word) & ~Q(title__iregex=_false_friend(stem))


def _tagged(stem):
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import TaggedItem

    return TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Idea), tag__name__istartswith=stem
    ).values("object_id")


def _word_match(word, stem, *, title_only=False, tags=True):
    """The rows one word finds, as one condition on the row's own columns (``search``,
    ``title``, ``summary``), every part of it served by an index (full text and trigram GIN,
    the primary key for tags), so that PostgreSQL combines them in a ``BitmapOr`` (and the
    words in a ``BitmapAnd``). ``title_only``: found in the title (the best matches, cheap to
    check). ``tags``: the idea's tags too (ideas only)."""
    infix = len(stem) >= MIN_INFIX
    if title_only:
        # The word inside the title; a short stem, which is not looked for inside words, by
        # a title like it. (The likeness of a long word, which forgives a typo, is a second
        # scan of the trigram index that costs more than the first: a typo's ideas are few,
        # and the other matches find them.)
        return _infix("title", stem) if infix else _similar_title(word, stem)
    condition = Q(search=_prefix_query([(word, stem)], "&"))
    if infix:
        condition |= _infix("title", stem) | _infix("summary", stem)
    condition |= _similar_title(word, stem)
    return condition | Q(_AnyOf(F("pk"), _tagged(stem))) if tags else condition


def _match(stems_, *, title_only=False, tags=True):
    condition = Q()
    for word, stem in stems_:
        condition &= _word_match(word, stem, title_only=title_only, tags=tags)
    return condition


def _title_hits(stems_):
    """One point per word found in the title (as a prefix or inside a compound)."""
    hits = [
        Case(When(_infix("title", stem), then=Value(1.0)), default=Value(0.0))
        for _word, stem in stems_
    ]
    return sum(hits[1:], hits[0])


def _cheap_rank(stems_):
    """The title alone: one point per word found in it, plus how alike the words and the title
    are. Reads no more than the title, to pick the candidates worth the full rank."""
    words = " ".join(word for word, _stem in stems_)
    return _title_hits(stems_) + TrigramWordSimilarity(Value(words), "title")


def _rank(text, stems_, *, summary=True):
    """Title hits first: one point for each word found in the title (as a prefix or inside a
    compound), then the full-text rank and the word similarity (to the summary too unless
    ``summary`` is false: costly on long summaries, whose words count in the full-text rank)."""
    words = " ".join(word for word, _stem in stems_)
    rank = (
        _title_hits(stems_)
        + SearchRank(F("search"), _prefix_query(stems_, "|"))
        + SearchRank(
            F("search"),
            SearchQuery(text[:MAX_LENGTH], config=SEARCH_CONFIG, search_type="websearch"),
        )
    )
    similarity = TrigramWordSimilarity(Value(words), "title")
    if summary:
        similarity = Greatest(
            similarity, TrigramWordSimilarity(Value(words), "summary") * Value(0.5)
        )
    return rank + similarity


def search_ideas(queryset, text):
    """``queryset`` narrowed to the ideas matching ``text``, annotated with ``rank`` (higher
    is better; not ordered). An empty query, or one of stop words only, matches nothing.

    Every match is ranked: for exports and small sets. A page of results reads
    ``Search(text).candidates(...)`` and ``Search(text).ranked(...)`` instead, which stay
    bounded however many ideas match."""
    stems_ = stems(text)
    if not stems_:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    return queryset.filter(_match(stems_)).annotate(rank=_rank(text, stems_))


class Search:
    """One search, for a page of results: the words are stemmed once, the matching ideas read
    once and boundedly (``candidates``), and only the best of them ranked in full
    (``ranked``). ``model``: any model with the ``title``, ``summary`` and ``search`` columns
    (and their indexes) of ``Idea``; ``tags``: match the idea's tags (ideas only)."""

    def __init__(self, text, *, model=Idea, tags=True):
        self.text = text or ""
        self.stems = stems(self.text)
        self.model = model
        self.tags = tags

    def match(self, *, title_only=False):
        """The condition the matching rows meet (every word, in one of its ways)."""
        return _match(self.stems, title_only=title_only, tags=self.tags)

    def __bool__(self):
        return bool(self.stems)

    def candidates(self, queryset, names, expressions, limit=CANDIDATES):
        """The fields ``names`` and ``expressions`` (and ``cheap_rank``) of up to ``limit``
        ideas of ``queryset`` that match, and whether that is all of them: ``(rows,
        complete)``. The ideas with every word in the title are read first (cheap to check,
        and the best matches); only when they are fewer than ``limit``, the others too: among the
        ``NEWEST`` rows the newest first, then the older ones (the same ones each time, and the
        most recent of very many). Each read stops after ``limit`` rows rather than reading
        every match, so a word that thousands of ideas contain costs no more than a rare one."""
        if not self.stems:
            return [], True
        expressions = {**expressions, "cheap_rank": _cheap_rank(self.stems)}
        in_title = list(
            queryset.filter(self.match(title_only=True))
            .order_by()
            .values(*names, **expressions)[:limit]
        )
        if len(in_title) >= limit:
            return in_title, False
        anywhere = queryset.filter(self.match()).order_by().values(*names, **expressions)
        # The primary key of the oldest of the ``NEWEST`` rows (0 in a smaller table).
        newest = Coalesce(
            Subquery(self.model._default_manager.order_by("-pk").values("pk")[NEWEST - 1 : NEWEST]),
            0,
        )
        rows = {row["pk"]: row for row in in_title}
        found = 0
        for read in (
            anywhere.filter(pk__gte=newest).order_by("-pk"),
            anywhere.filter(pk__lt=newest),
        ):
            for row in read[: limit + 1 - found]:
                found += 1
                if found <= limit:
                    rows.setdefault(row["pk"], row)
            if found > limit:
                break
        return list(rows.values())[:limit], found <= limit

    def highlight_query(self):
        """Any of the words as a prefix (``'borg':*``): what ``ts_headline`` marks in a text
        parsed with the ``danish`` configuration (inflected words too; not the inside of a
        compound)."""
        return _prefix_query(self.stems, "|")

    def matching(self, queryset):
        """``queryset`` narrowed to the matches (not ranked)."""
        return queryset.filter(self.match()) if self.stems else queryset.none()

    def ranked(self, pks):
        """``{pk: rank}`` of the ideas ``pks`` (a few hundred at most), by the full rank but
        the word similarity to the summaries (which costs most of it; the summaries' words
        count through the full-text rank)."""
        if not self.stems:
            return {}
        return dict(
            self.model._default_manager.filter(pk__in=list(pks))
            .annotate(rank=_rank(self.text, self.stems, summary=False))
            .values_list("pk", "rank")
        )


HINT_CANDIDATES = 30
"""Ideas each kind of resemblance proposes for the hints; only these are ranked."""


def _exact_query(stems_):
    """Every stem as a whole lexeme (no prefix): one posting list each, cheap to intersect."""
    return SearchQuery(
        " & ".join(f"'{stem}'" for _word, stem in stems_), config="simple", search_type="raw"
    )


def similar_ideas(title, summary="", exclude=None, limit=5, queryset=None):
    """Ideas in the catalogue that resemble a new idea's title and summary, best first: for
    the hints on the submission page. Any word may match; ``exclude`` is an idea or a primary
    key to leave out (the idea being edited).

    Bounded however large the catalogue, in one query: up to ``HINT_CANDIDATES`` ideas each
    with every word (whole stems), with every word of the title in their title (then, to fill
    up, a title like the new one: word similarity) and with any of the words, each read off
    its index; only those are ranked. (Every word as a prefix is not asked for: expanding
    several short prefixes in the GIN index costs more than the whole budget at 100,000
    ideas.)"""
    if queryset is None:
        queryset = Idea.objects.published()
    text = f"{title or ''} {summary or ''}"
    stems_ = stems(text)
    if not stems_:
        return queryset.none()
    if exclude is not None:
        queryset = queryset.exclude(pk=getattr(exclude, "pk", exclude))
    title_words = _words(title)
    title_stems = [(word, stem) for word, stem in stems_ if word in title_words]

    def first(condition):
        return queryset.filter(condition).order_by().values("pk")[:HINT_CANDIDATES]

    # Whole stems of every word, and (to fill up) any word as a prefix.
    candidates = Q(
        _AnyOf(
            F("pk"),
            first(Q(search=_exact_query(stems_)))
            .union(first(Q(search=_prefix_query(stems_, "|"))), all=True)
            .order_by(),
        )
    )
    if title_stems:
        # Ideas with every word of the title in their title (inside compounds too, through the
        # trigram index), the best hints; only when they are fewer than the limit, ideas with
        # a title like the new one (word similarity, which forgives typos but costs tens of
        # milliseconds for common words): PostgreSQL stops the ``UNION ALL`` at its limit.
        similar = first(Q(title__trigram_word_similar=" ".join(word for word, _ in title_stems)))
        long_stems = [stem for _word, stem in title_stems if len(stem) >= MIN_INFIX]
        if long_stems:
            in_title = Q()
            for stem in long_stems:
                in_title &= _infix("title", stem)
            similar = first(in_title).union(similar, all=True).order_by()[:HINT_CANDIDATES]
        candidates |= Q(_AnyOf(F("pk"), similar))
    return (
        queryset.filter(candidates)
        .annotate(rank=_rank(text, stems_, summary=False))
        .order_by("-rank", "-pk")[:limit]
    )
