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
4. matched by pg_trgm **word similarity** to the title or summary (``%>``, same indexes),
   which forgives a typo ("velfaerdsteknologi"), and
5. matched against the idea's **tags** (a tag starting with the stem).

An idea matches when every word matches in one of these ways (AND across words, OR within a
word). The rank is one point per word found in the title (so title hits come first), plus
``SearchRank`` (title weight A, summary B, description C) of the prefix query and of the
websearch query (exact stems), plus the word similarity. Odd input (quotes, ``&``, ``|``, ``!``,
``:``, ``*``, very long strings) never raises: only letters and digits reach the raw
``tsquery``.

The price of prefixes and substrings is the odd false friend ("borg" also finds
"borgmester"); ranking keeps the precise hits on top.
"""

import re

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import Greatest

from catalogue.models import SEARCH_CONFIG, Idea

MAX_LENGTH = 200
"""Characters of the query that are read; the rest is ignored."""
MAX_WORDS = 8
MAX_WORD = 40
MIN_INFIX = 4
"""A stem this long is also looked for inside longer words (compounds)."""
WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    words = WORD.findall((text or "")[:MAX_LENGTH].lower())
    unique = list(dict.fromkeys(word[:MAX_WORD] for word in words))
    return unique[:MAX_WORDS]


def stems(text: str) -> list[tuple[str, str]]:
    """``(word, stem)`` for each word of ``text`` that is not a Danish stop word."""
    words = _words(text)
    if not words:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, (ts_lexize('danish_stem', w))[1] FROM unnest(%s::text[]) AS w",
            [words],
        )
        found = dict(cursor.fetchall())
    return [(word, found[word]) for word in words if found.get(word)]


def _prefix_query(stems_, operator):
    # Only letters and digits reach the raw tsquery; the lexemes are quoted all the same.
    text = f" {operator} ".join(f"'{stem}':*" for _word, stem in stems_)
    return SearchQuery(text, config="simple", search_type="raw")


def _word_match(word, stem):
    """The ideas one word finds, as a condition on the primary key: one subquery for the text
    (a BitmapOr over the GIN indexes) and one for the tags."""
    from taggit.models import TaggedItem

    text = Q(search=_prefix_query([(word, stem)], "&"))
    if len(stem) >= MIN_INFIX:
        pattern = re.escape(stem)
        text |= Q(title__iregex=pattern) | Q(summary__iregex=pattern)
    text |= Q(title__trigram_word_similar=word) | Q(summary__trigram_word_similar=word)
    tagged = TaggedItem.objects.filter(
        content_type__app_label="catalogue",
        content_type__model="idea",
        tag__name__istartswith=stem,
    )
    return Q(pk__in=Idea.objects.filter(text).values("pk")) | Q(pk__in=tagged.values("object_id"))


def _rank(text, stems_):
    """Title hits first: one point for each word found in the title (as a prefix or inside a
    compound), then the full-text rank and the word similarity."""
    words = " ".join(word for word, _stem in stems_)
    title_hits = [
        Case(When(title__iregex=re.escape(stem), then=Value(1.0)), default=Value(0.0))
        for _word, stem in stems_
    ]
    return (
        sum(title_hits[1:], title_hits[0])
        + SearchRank(F("search"), _prefix_query(stems_, "|"))
        + SearchRank(
            F("search"),
            SearchQuery(text[:MAX_LENGTH], config=SEARCH_CONFIG, search_type="websearch"),
        )
        + Greatest(
            TrigramWordSimilarity(Value(words), "title"),
            TrigramWordSimilarity(Value(words), "summary") * Value(0.5),
        )
    )


def search_ideas(queryset, text):
    """``queryset`` narrowed to the ideas matching ``text``, annotated with ``rank`` (higher
    is better; not ordered). An empty query, or one of stop words only, matches nothing."""
    stems_ = stems(text)
    if not stems_:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    condition = Q()
    for word, stem in stems_:
        condition &= _word_match(word, stem)
    return queryset.filter(condition).annotate(rank=_rank(text, stems_))


def similar_ideas(title, summary="", exclude=None, limit=5, queryset=None):
    """Ideas in the catalogue that resemble a new idea's title and summary, best first: for
    the hints on the submission page. Any word may match (OR); ``exclude`` is an idea or a
    primary key to leave out (the idea being edited)."""
    if queryset is None:
        queryset = Idea.objects.published()
    stems_ = stems(f"{title or ''} {summary or ''}")
    if not stems_:
        return queryset.none()
    condition = Q(search=_prefix_query(stems_, "|"))
    title_words = " ".join(_words(title))
    if title_words:
        condition |= Q(title__trigram_word_similar=title_words)
    ideas = queryset.filter(pk__in=Idea.objects.filter(condition).values("pk"))
    if exclude is not None:
        ideas = ideas.exclude(pk=getattr(exclude, "pk", exclude))
    return ideas.annotate(rank=_rank(f"{title or ''} {summary or ''}", stems_)).order_by(
        "-rank", "-pk"
    )[:limit]
