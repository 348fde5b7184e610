"""Parse one plain-text Danish municipal agenda item (dagsordenpunkt).

Pure Python, no Django imports. The public entry point is :func:`parse_agenda_item`, which turns
text copied from a municipal agenda (PDF copy/paste, HTML-to-text, ...) into a
:class:`ParsedItem`.

Design decisions
----------------
* **Headings.** A line is a heading when, after stripping whitespace, markdown emphasis, a
  trailing ``:`` and optional leading numbering (``"2. "``, ``"3) "``), it matches a known
  heading. Matching is case-insensitive and accent-insensitive (``é``/``e``, ``å``/``aa``,
  ``æ``/``ae``, ``ø``/``oe``). The line must start with an upper-case letter (headings are
  written in Title case or UPPER CASE), must not end with ``.`` and must be short. Text may follow
  a known heading on the same line after a colon (``"Tidligere beslutninger: Ingen."``); the rest
  of the line becomes the first line of the section text.
* **Decision headings** are recognised by pattern: ``Beslutning``, ``Åben beslutning``,
  ``Lukket beslutning``, ``Beslutning i <udvalg> den <dato>``, ``Beslutning fra <udvalg>, <dato>``,
  ``Beslutning <Udvalg> den <dato>``, ``<Udvalg>s beslutning den <dato>``. Inside a
  *previous decisions* section, quoted decisions (``"Beslutning fra Økonomiudvalget, 12.03.2019,
  pkt. 5: Anbefales."``) stay content: a qualified decision line there is content when it has text
  after its colon, starts with ``Beslutning fra`` / mentions ``pkt.``, or when another decision
  heading follows later in the item.
* **Unknown headings** are detected conservatively. Besides a list of common "other" headings
  (Økonomi, Videre proces, Lovgrundlag, ...) two shapes are accepted, both only when preceded by a
  blank line (or the start of the text) and followed by content: a short line (at most six words)
  that ends with ``:`` and is alone on its line, contains no verb-like filler words and is not
  followed by a list (``"Konferencens program er følgende:"`` is therefore text); and a short
  line in UPPER CASE. Lines starting with ``Til`` (``"Til Økonomiudvalget:"``) and attendance
  notes (``"Fraværende:"``, ``"FRAVÆRENDE UDEN AFBUD:"``, ``"Ikke til stede:"``) are never
  headings. Unknown headings get the key ``"other"``; the heading is preserved as written.
* **Decisions of the bodies on the way.** Below the recommendation, a line quoting the decision
  of an earlier meeting (``"Beslutning fra Direktionen, 8. februar 2021, pkt. 6:"``,
  ``"Social og Sundhed, 6. januar 2020, pkt. 123:"``) opens a ``previous_decisions`` section with
  heading ``""``; the quotes that follow, numbered votes and comments included, are its text.
* **Section text.** Lines are stripped; lines inside a paragraph are unwrapped (joined by a single
  space); paragraphs are separated by ``"\\n\\n"``; list items (``"1. "``, ``"1) "``, ``"a) "``,
  ``"• "``, ``"- "``, ``"* "``) start a new line (``"\\n"``) and their wrapped continuation lines
  are joined onto them. A section whose whole text is a placeholder punctuation mark (``"."``,
  ``"-"``, ``"–"``) gets the text ``""``; words such as ``"Ingen"`` are kept as written.
* **Preamble.** Text before the first heading is kept as a section with key ``"other"`` and
  heading ``""``. Standalone ``"Lukket punkt"``-style marker lines are removed from it and set
  ``closed``. When no ``title`` is given, a first line such as ``"Punkt 4: X"``, ``"4. X"`` or a
  short title-like line directly followed by a heading becomes the title (number prefix stripped)
  and is removed from the preamble.
* **Recommendation.** ``by`` is the unit before ``indstiller``/``anbefaler``/``foreslår``, or the
  committee in parentheses below the points (``"(Økonomiudvalget)"``); ``to`` comes from
  ``"indstiller til <udvalg>"``, ``"indstiller over for <udvalg>"`` or a ``"Til <udvalg>:"`` line
  and runs, commas included, to the ``at`` that opens the clause: ``"Unge, fritid og idræt"``,
  ``"KB via DIR, SSU og ØU"``. Points are the list items (marker stripped, a leading ``at``/``At``
  kept), also when written on one line (``"Formanden indstiller, 1. at … 2. at …"``), or the
  single ``"at ..."`` clause of ``"X indstiller, at ..."`` (kept with its ``at``), or, without
  any of those, the paragraphs of the section.
* **Decision** is the text of the first non-empty ``Åben beslutning`` section, else of the last
  non-empty decision section, else the decision written into a combined
  ``Indstilling og beslutning`` section: from the line that opens it (``"Godkendt."``,
  ``"Indstillingen blev godkendt …"``, ``"For stemte: …"``) to the end of the section, which may
  be all of it; otherwise ``None``.
* **Never raises.** Any unexpected internal error degrades to an item holding the whole text as a
  preamble section.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "SECTION_KEYS",
    "ParsedItem",
    "ParsedRecommendation",
    "ParsedSection",
    "parse_agenda_item",
]

SECTION_KEYS: tuple[str, ...] = (
    "summary",
    "background",
    "recommendation",
    "previous_decisions",
    "decision",
    "attachments",
    "other",
)


@dataclass
class ParsedSection:
    key: str
    heading: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"key": self.key, "heading": self.heading, "text": self.text}


@dataclass
class ParsedRecommendation:
    by: str | None = None
    to: str | None = None
    points: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "to": self.to, "points": list(self.points)}


@dataclass
class ParsedItem:
    title: str | None = None
    closed: bool = False
    sections: list[ParsedSection] = field(default_factory=list)
    recommendation: ParsedRecommendation = field(default_factory=ParsedRecommendation)
    decision: str | None = None
    attachments: list[str] = field(default_factory=list)
    # Extra data, not part of to_dict():
    decision_date: datetime.date | None = None
    decision_body: str | None = None
    preamble: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "closed": self.closed,
            "sections": [s.to_dict() for s in self.sections],
            "recommendation": self.recommendation.to_dict(),
            "decision": self.decision,
            "attachments": list(self.attachments),
        }

    def section(self, key: str) -> ParsedSection | None:
        """Return the first section with ``key`` (or ``None``)."""
        return next((s for s in self.sections if s.key == key), None)


# --------------------------------------------------------------------------------------------
# Normalisation helpers
# --------------------------------------------------------------------------------------------

_SPACE_TRANS = str.maketrans(
    {
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\t": " ",
        "\v": "\n",
        "\f": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
        "\u0085": "\n",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,
    }
)


def _normalise(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SPACE_TRANS)
    return [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]


def _fold(s: str) -> str:
    """Lower-case, accent-fold and whitespace-collapse ``s`` for heading comparison."""
    s = s.lower()
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ä", "ae"), ("ö", "oe")):
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("–", "-").replace("—", "-").replace("’", "'")
    return re.sub(r"\s+", " ", s).strip()


_LEADING_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[A-Z][.)])\s+")
_MARKDOWN = re.compile(r"^[#*_\s]+|[*_\s]+$")


def _clean_heading(s: str) -> str:
    s = _MARKDOWN.sub("", s.strip())
    s = s.rstrip(": ").strip()
    s = _LEADING_NUMBER.sub("", s)
    return _MARKDOWN.sub("", s).strip()


def _first_alpha(s: str) -> str:
    return next((c for c in s if c.isalpha()), "")


# --------------------------------------------------------------------------------------------
# Heading vocabulary
# --------------------------------------------------------------------------------------------

_KNOWN: dict[str, tuple[str, ...]] = {
    "summary": (
        "Resumé",
        "Resume",
        "Kort resumé",
        "Sagsresumé",
        "Sagens kerne",
        "Anledning",
        "Sammenfatning",
        "Indledning",
        "Hovedbudskaber",
        "Kort fortalt",
    ),
    "background": (
        "Baggrund",
        "Sagsfremstilling",
        "Sagsfremstilling og vurdering",
        "Beskrivelse af sagen",
        "Beskrivelse",
        "Problemstilling",
        "Sagsbeskrivelse",
        "Sagen",
        "Sagens baggrund",
        "Sagens indhold",
        "Sagens fremstilling",
        "Baggrund for sagen",
        "Supplerende sagsfremstilling",
        "Uddybende sagsfremstilling",
        "Sagsforløb",
    ),
    "recommendation": (
        "Indstilling",
        "Indstillinger",
        "Indstilling og beslutning",
        "Forslag til beslutning",
        "Forslag til indstilling",
        "Anbefaling",
        "Forvaltningens anbefaling",
        "Administrationens anbefaling",
        "Indstillingen",
    ),
    "previous_decisions": (
        "Tidligere beslutninger",
        "Tidligere beslutning",
        "Historik",
        "Tidligere politiske beslutninger",
        "Tidligere politisk behandling",
        "Tidligere behandling",
        "Tidligere behandlinger",
        "Sagens tidligere behandling",
        "Politisk behandling",
        "Tidligere politiske behandlinger",
    ),
    "decision": (
        "Beslutning",
        "Beslutninger",
        "Åben beslutning",
        "Lukket beslutning",
        "Udvalgets beslutning",
        "Afgørelse",
    ),
    "attachments": (
        "Bilag",
        "Bilagsliste",
        "Vedlagte bilag",
        "Bilagsoversigt",
        "Oversigt over bilag",
        "Liste over bilag",
    ),
    "other": (
        "Økonomi",
        "Økonomiske konsekvenser",
        "Økonomi og finansiering",
        "Økonomi og bevilling",
        "Bevillingsmæssige konsekvenser",
        "Finansiering",
        "Løsning",
        "Løsningsforslag",
        "Videre proces",
        "Den videre proces",
        "Proces",
        "Inddragelse",
        "Borgerinddragelse",
        "Lovgrundlag",
        "Lovgivning",
        "Retsgrundlag",
        "Juridiske forhold",
        "Juridiske konsekvenser",
        "Høring",
        "Høringssvar",
        "Partshøring",
        "Sagsgang og sagstype",
        "Sagsgang",
        "Sagens gang",
        "Sagstype",
        "Hvem beslutter",
        "Beslutningskompetence",
        "Kompetence",
        "Kommunikation",
        "Kommunikation og presse",
        "Tidsplan",
        "Tids- og handleplan",
        "Vurdering",
        "Forvaltningens vurdering",
        "Administrationens vurdering",
        "Handicappolitik",
        "Miljø",
        "Miljøvurdering",
        "Miljømæssige konsekvenser",
        "Klima",
        "Klimakonsekvenser",
        "Klima- og miljøkonsekvenser",
        "Bæredygtighed",
        "FN's verdensmål",
        "Verdensmål",
        "Sagens videre forløb",
        "Videre forløb",
        "Personale",
        "Personalemæssige konsekvenser",
        "Administrative konsekvenser",
        "Konsekvenser",
        "Risici",
        "Risikovurdering",
        "Formål",
        "Mål",
        "Målsætning",
        "Effekt",
        "Forventet effekt",
        "Effektvurdering",
        "Organisering",
        "Analyse",
        "Overvejelser",
        "Alternativer",
        "Udfordringer",
        "Status",
        "Opfølgning",
        "Planforhold",
        "Planlægning",
        "Strategi",
        "Budget",
        "Ligestilling",
        "Sundhed",
        "Bemærkninger",
        "Øvrige bemærkninger",
        "Supplerende oplysninger",
        "Yderligere oplysninger",
        "Orientering",
        "Tilbagemelding",
        "Sammenhæng til politikker",
        "Politikker og strategier",
        "Sammenhæng med kommunens politikker",
        "Lukket punkt",
    ),
}


def _loose(folded: str) -> str:
    """Second folding step so that "Okonomi" and "Oekonomi" (Økonomi) compare equal."""
    return folded.replace("oe", "o").replace("ae", "a").replace("aa", "a")


_KNOWN_FOLDED: dict[str, str] = {
    _loose(_fold(h)): key for key, headings in _KNOWN.items() for h in headings
}

_CAP = "A-ZÆØÅÉÜÖÄ"
_DATEISH = r"\d"

# "Beslutning", "Åben beslutning", "Beslutning i Økonomiudvalget den 12-03-2019",
# "Beslutning fra Kultur- og Fritidsudvalget, 12.03.2019", "Beslutning Byrådet den ...".
_DEC_PLAIN = re.compile(
    rf"^(?:(?i:åben|aaben|aabent|åbent|lukket)\s+)?(?i:beslutning(?:er)?)"
    rf"(?P<rest>(?:\s+(?i:i|fra|af|på|paa|truffet\s+af)\s+[{_CAP}].*"
    rf"|\s+(?i:den|d\.)\s*{_DATEISH}.*"
    rf"|\s*[,–\-]\s*(?:[{_CAP}]|{_DATEISH}).*"
    rf"|\s+[{_CAP}].*"
    rf"|\s+{_DATEISH}.*)?)$"
)
# "Udvalgets beslutning", "Børne- og Ungdomsudvalgets beslutning den 4. februar 2015".
_DEC_OWNER = re.compile(
    rf"^(?P<body>[{_CAP}][^.:;!?]{{0,80}}?)(?i:s)\s+(?i:beslutning)"
    rf"(?P<rest>(?:\s+(?i:den|d\.|i|på|paa)\s+.*|\s*,.*|\s+{_DATEISH}.*)?)$"
)
# "Forvaltningens indstilling", "Indstilling fra Borgmesterens Afdeling".
_REC_PATTERN = re.compile(
    rf"^(?:(?P<owner>[{_CAP}][^.:;!?]{{0,60}}?)(?i:s)\s+)?(?i:indstilling(?:er)?)"
    rf"(?:\s+(?i:og\s+beslutning))?(?:\s+(?i:fra|til)\s+[{_CAP}].*)?$"
)

_DATE_TEXT = r"\d{1,2}[.\-/]?\s*(?:[a-zæøå]+\.?|\d{1,2}[.\-/])\s*\d{2,4}"
# "Beslutning fra Direktionen, 8. februar 2021, pkt. 6:", "Økonomiudvalget, 18.09.2019, pkt. 153:"
_EARLIER_DECISION = re.compile(
    rf"^(?:(?i:beslutning)\s+(?i:fra|i)\s+)?[{_CAP}][^:]*?,\s*{_DATE_TEXT},\s*"
    r"(?i:pkt)\.?\s*\d+\.?\s*(?::|$)"
)
# "Fraværende:", "FRAVÆRENDE UDEN AFBUD:", "Ikke til stede:": who was there, not a heading.
_ATTENDANCE_NOTE = re.compile(
    r"^(?:fraværende|fravær|afbud|ikke\s+til\s+stede|til\s+stede|fremmøde)\b", re.I
)

_CLOSED_MARKER = re.compile(
    r"^[(\[]?\s*lukket(?:\s+(?:punkt|sag|dagsordenspunkt|dagsordenpunkt|møde|moede))?"
    r"\s*[)\]]?\.?$",
    re.I,
)
_OPEN_MARKER = re.compile(
    r"^[(\[]?\s*(?:åbent|åben|aabent|aaben)\s+(?:punkt|sag|dagsordenspunkt|dagsordenpunkt)"
    r"\s*[)\]]?\.?$",
    re.I,
)

_FILLER_WORDS = frozenset(
    [
        "er",
        "har",
        "skal",
        "vil",
        "kan",
        "blev",
        "bliver",
        "var",
        "være",
        "vaere",
        "at",
        "som",
        "der",
        "følgende",
        "foelgende",
        "disse",
        "denne",
        "dette",
        "herunder",
        "bl.a.",
        "fx",
        "f.eks.",
        "eksempelvis",
        "blandt",
        "andet",
        "hvis",
        "når",
        "naar",
    ]
)

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "maj": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_RE = (
    r"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?"
)


@dataclass
class _Heading:
    key: str
    heading: str
    inline: str = ""
    closed: bool = False
    qualified: bool = False  # decision heading carrying a body/date


_NAME_GLUE = frozenset({"og", "for", "om", "i", "-", "–", "&", "af", "til"})


def _is_name(s: str, max_words: int) -> bool:
    """True for empty or proper-noun-like phrases such as "Børne- og Skoleudvalget"."""
    words = s.split()
    if len(words) > max_words:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _NAME_GLUE for w in words)


def _classify_known(cand: str) -> tuple[str, bool, bool] | None:
    """Return (key, closed, qualified) for a cleaned heading candidate, or None."""
    if not cand or len(cand) > 140 or len(cand.split()) > 14:
        return None
    folded = _fold(cand)
    key = _KNOWN_FOLDED.get(_loose(folded))
    if key is not None:
        closed = folded in {"lukket punkt", "lukket beslutning"}
        return key, closed, False
    if cand.endswith((".", ",", ";", "!", "?")) and not re.search(r"\d{2,4}\.?$", cand):
        return None
    if _INLINE_COLON.search(cand):
        return None
    m = _DEC_PLAIN.match(cand)
    if m:
        return "decision", folded.startswith("lukket"), bool(m.group("rest").strip())
    m = _DEC_OWNER.match(cand)
    if m and _is_name(m.group("body"), 6):
        return "decision", False, True
    m = _REC_PATTERN.match(cand)
    if m and len(cand.split()) <= 8 and _is_name(m.group("owner") or "", 6):
        return "recommendation", False, False
    return None


_INLINE_COLON = re.compile(r":(?!\d)")


def _continues_sentence(prev: str) -> bool:
    """True when ``prev`` (the previous non-blank line) is cut mid-sentence."""
    return bool(prev) and prev[-1] in ",-–(&"


def _match_heading(
    lines: list[str], i: int, current_key: str | None, later_decision: bool
) -> _Heading | None:
    s = lines[i]
    if not s or len(s) > 300:
        return None
    first = _first_alpha(s)
    if not first or not first.isupper():
        return None
    if s[0] in "•▪◦·●○■□►▶➢✓-*–—" and not s.startswith("**"):
        return None
    prev = lines[i - 1] if i > 0 else ""
    prev_blank = prev == ""
    if not prev_blank and _continues_sentence(prev):
        return None
    if _quotes_a_body_on_the_way(s, current_key):
        return _Heading("previous_decisions", "", inline=s)

    result: _Heading | None = None
    cand = _clean_heading(s)
    known = _classify_known(cand) if len(s) <= 160 else None
    # "2. Baggrund" is a heading, but "2. Status" in a programme list is text.
    numbered = bool(_LEADING_NUMBER.match(_MARKDOWN.sub("", s)))
    if known is not None and numbered and (known[0] == "other" or current_key == "recommendation"):
        known = None
    if known is not None:
        key, closed, qualified = known
        result = _Heading(key, cand, "", closed, qualified)
    else:
        m = _INLINE_COLON.search(s)
        if m and m.end() < len(s):
            prefix, rest = s[: m.start()], s[m.end() :].strip()
            pcand = _clean_heading(prefix)
            known = _classify_known(pcand) if rest and len(prefix) <= 140 else None
            if known is not None and (prev_blank or prev[-1] in '.:!?)"”'):
                key, closed, qualified = known
                result = _Heading(key, pcand, rest, closed, qualified)
    if result is None:
        result = _match_unknown(lines, i, current_key)
    if result is None:
        return None

    if current_key == "previous_decisions" and _is_quoted_decision(result, later_decision):
        return None
    return result


def _quotes_a_body_on_the_way(line: str, current_key: str | None) -> bool:
    """Below the recommendation, "<Body>, <date>, pkt. N:" quotes the decision of a body the case
    passed on its way; it opens the previous decisions, without a heading of its own."""
    return current_key == "recommendation" and bool(_EARLIER_DECISION.match(line))


def _is_quoted_decision(head: _Heading, later_decision: bool) -> bool:
    """Under "Tidligere beslutninger", a decision heading is a quote of an earlier decision when it
    names one ("Beslutning fra …", "pkt."), carries its text on its line or is followed by another
    decision heading; a bare "Beslutning" only when both of the last two hold."""
    if head.key != "decision":
        return False
    quoted = _fold(head.heading).startswith("beslutning fra") or "pkt" in _fold(head.heading)
    if head.qualified and (head.inline or quoted or later_decision):
        return True
    return bool(head.inline) and later_decision


def _next_nonblank(lines: list[str], i: int) -> str:
    return next((lines[j] for j in range(i + 1, len(lines)) if lines[j]), "")


def _match_unknown(lines: list[str], i: int, current_key: str | None) -> _Heading | None:
    s = lines[i]
    if i > 0 and lines[i - 1]:
        return None
    nxt = _next_nonblank(lines, i)
    if not nxt or _LIST_ITEM.match(s) or any(c.isdigit() for c in s):
        return None
    words = s.rstrip(":").split()
    if not words or len(words) > 6 or len(s) > 60:
        return None
    if _fold(words[0]) in {"til", "at", "kl.", "dato", "sted", "emne"}:
        return None
    if _ATTENDANCE_NOTE.match(s):
        return None
    if current_key in {"recommendation", "attachments", "previous_decisions"}:
        return None
    if s.endswith(":") and s.count(":") == 1:
        if any(_fold(w) in _FILLER_WORDS for w in words):
            return None
        if _LIST_ITEM.match(nxt):
            return None
        return _Heading("other", s[:-1].strip())
    letters = [c for c in s if c.isalpha()]
    if (
        len(letters) >= 4
        and all(c.isupper() for c in letters)
        and not any(c.isdigit() for c in s)
        and not s.endswith((".", ",", ";"))
    ):
        return _Heading("other", s.rstrip(":").strip())
    return None


# --------------------------------------------------------------------------------------------
# Text formatting (unwrapping)
# --------------------------------------------------------------------------------------------

_LIST_ITEM = re.compile(
    r"^(?:[•▪◦·●○■□►▶➢✓\-*–—]"
    rf"|\d{{1,2}}[.)](?!\s+{_MONTH_RE}\s)"
    r"|\(\d{1,2}\)|[a-zæøå]\)|\([a-zæøå]\)|[abceghABCEGH]\.)\s+"
)
_AT_ITEM = re.compile(r"^[Aa]t\s+\S")
_CONNECTIVES = frozenset(
    [
        "og",
        "i",
        "at",
        "af",
        "til",
        "med",
        "for",
        "på",
        "om",
        "samt",
        "eller",
        "den",
        "det",
        "de",
        "en",
        "et",
        "fra",
        "ved",
        "som",
        "der",
        "hvor",
        "mellem",
        "under",
        "over",
        "efter",
        "inden",
        "uden",
        "mod",
    ]
)


def _join(a: str, b: str) -> str:
    if not a:
        return b
    return f"{a} {b}"


def _is_continuation(prev: str, line: str) -> bool:
    first = _first_alpha(line) or line[:1]
    if line[:1].islower() or (line[:1] and not line[:1].isalnum() and first.islower()):
        return True
    if prev.endswith((",", "-", "–", "(", "/", "&")):
        return True
    last_word = prev.rsplit(" ", 1)[-1].lower() if prev else ""
    return last_word in _CONNECTIVES


def _build_blocks(lines: list[str], *, at_items: bool = False) -> list[list[tuple[str, str]]]:
    """Group lines into blocks (separated by blank lines) of (kind, text) entries.

    ``kind`` is ``"item"`` for list items and ``"para"`` for paragraphs. With ``at_items`` a line
    starting with ``at`` after a finished clause also starts a new item (recommendations).
    """
    blocks: list[list[tuple[str, str]]] = []
    entries: list[tuple[str, str]] = []
    for line in [*lines, ""]:
        if not line:
            if entries:
                blocks.append(entries)
                entries = []
            continue
        is_item = bool(_LIST_ITEM.match(line))
        if not is_item and at_items and _AT_ITEM.match(line):
            prev = entries[-1][1] if entries else ""
            is_item = not prev or prev.endswith((".", ";", ":", ",")) or prev.endswith(" og")
        if is_item:
            entries.append(("item", line))
        elif not entries:
            entries.append(("para", line))
        else:
            kind, prev = entries[-1]
            if kind == "para" or _is_continuation(prev, line):
                entries[-1] = (kind, _join(prev, line))
            else:
                entries.append(("para", line))
    return blocks


_PLACEHOLDER = {".", "-", "–", "—", "..", "...", "…", "*"}


def _format_text(lines: list[str], *, one_per_line: bool = False) -> str:
    """Unwrap ``lines`` into paragraphs; ``one_per_line`` keeps each line (attachment lists)."""
    if one_per_line:
        out: list[str] = []
        for line in filter(None, lines):
            if out and line[:1].islower():
                out[-1] = _join(out[-1], line)
            else:
                out.append(line)
        text = "\n".join(out)
    else:
        blocks = _build_blocks(lines)
        text = "\n\n".join("\n".join(t for _, t in block) for block in blocks)
    return "" if text.strip() in _PLACEHOLDER else text


def _strip_marker(s: str) -> str:
    return _LIST_ITEM.sub("", s, count=1).strip()


# --------------------------------------------------------------------------------------------
# Recommendation
# --------------------------------------------------------------------------------------------

_INDSTILLER = re.compile(
    r"^(?P<by>[^.:;!?]{1,150}?)\s+(?P<verb>indstiller|indstilles|anbefaler|anbefales|foreslår|"
    r"foreslaar|foreslås)\b(?P<tail>.*)$",
    re.S | re.I,
)
_TO_LINE = re.compile(rf"^(?i:til)\s+(?P<to>[{_CAP}][^.!?]{{1,120}}?)\s*[:,]?$")
_ADVERBS = re.compile(r"^(?:hermed|derfor|samlet|således|endvidere|overordnet|fortsat)\b\s*", re.I)
# "til Unge, fritid og idræt, at: …", "til KB via DIR, SSU og ØU, at …", "over for Byrådet,":
# the addressee runs, commas and all, to the "at" that opens the clause or to a relative clause.
_ADDRESSEE = re.compile(
    r"^(?i:til|over\s*for|overfor)\s+(?P<to>.+?)\s*"
    r"(?:,?\s*(?=\b[Aa]t\b)|,\s*(?=(?:der|som|hvor)\b)|[:,]?\s*$)",
    re.S,
)
_MAX_ADDRESSEE_WORDS = 14
_AT_CLAUSE = re.compile(r"^[Aa]t\b\s*:?\s*\S")
# "Formanden indstiller, 1. at … 2. at …": numbered points run on in one line.
_INLINE_POINT = re.compile(r"\s+(?=\d{1,2}[.)]\s+[Aa]t\b)")
_POINT_NUMBER = re.compile(r"^(\d{1,2})[.)]\s")
# Københavns Kommune: "(Økonomiudvalget)" below the points names the committee that recommends.
_SUBMITTING_BODY = re.compile(rf"^\((?P<by>[{_CAP}][^()]*)\)$")
_LEAD_IN = re.compile(
    rf"^(?i:at)\s+(?P<to>[{_CAP}][^,.:;]*?)\s+"
    r"(?:anbefaler|godkender|beslutter|vedtager|indstiller|tager|over\s+for)\b"
)
# How the decision written into an "Indstilling og beslutning" section begins.
_DECISION_OPENING = re.compile(
    r"^(?:Godkendt|Anbefales|Anbefalet|Tiltrådt|Vedtaget|Drøftet|Udsat|Forkastet|Afvist"
    r"|(?:Taget\s+)?[Tt]il\s+efterretning"
    r"|(?:Indstillingen|Forslaget|Dagsordenen)\s+(?:blev|er)"
    r"|(?:For|Imod)\s+stemte)\b"
)


def _is_recommending_unit(by: str, verb: str) -> bool:
    """False for passive verbs ("Det indstilles") and for subjects that are not a unit."""
    return (
        bool(by)
        and not verb.lower().endswith(("es", "ås"))
        and by.lower() not in {"det", "der", "man", "vi"}
        and len(by.split()) <= 10
        and by[0].isupper()
    )


def _parse_intro(text: str) -> tuple[str | None, str | None, str | None] | None:
    """Parse "<by> indstiller [til <to>], at ..." -> (by, to, the single "at" clause)."""
    m = _INDSTILLER.match(text)
    if not m:
        return None
    by = m.group("by").strip(" ,")
    tail = _ADVERBS.sub("", m.group("tail").strip(" ,"))
    to = None
    addressee = _ADDRESSEE.match(tail)
    if addressee:
        to = addressee.group("to").strip(" ,:.")
        tail = tail[addressee.end() :]
        if not to[:1].isalpha() or len(to.split()) > _MAX_ADDRESSEE_WORDS:
            to = None
    tail = tail.strip(" ,")
    point = tail if _AT_CLAUSE.match(tail) else None
    return (by if _is_recommending_unit(by, m.group("verb")) else None), to, point


def _submitting_body(text: str) -> str | None:
    m = _SUBMITTING_BODY.match(text)
    return m.group("by") if m and _is_name(m.group("by"), 6) else None


def _split_inline_points(kind: str, text: str) -> list[tuple[str, str]]:
    """Split "<lead> 1. at … 2. at …" into the lead and one item per point (numbered from 1)."""
    parts = _INLINE_POINT.split(text)
    lead_is_point = bool(_POINT_NUMBER.match(parts[0]))
    points = parts if lead_is_point else parts[1:]
    numbers = [int(m.group(1)) for m in map(_POINT_NUMBER.match, points) if m]
    if len(parts) == 1 or numbers != list(range(1, len(points) + 1)):
        return [(kind, text)]
    lead = [] if lead_is_point else [(kind, parts[0])]
    return lead + [("item", point) for point in points]


def _recommendation_entries(lines: list[str]) -> list[tuple[str, str]]:
    return [
        entry
        for block in _build_blocks(lines, at_items=True)
        for kind, text in block
        for entry in _split_inline_points(kind, text)
    ]


def _is_lead_in(clause: str) -> bool:
    """ "at Økonomiudvalget anbefaler Byrådet," introduces the points that follow."""
    return bool(_LEAD_IN.match(clause)) and clause.endswith((",", ":"))


def _addressee_of_lead_in(clause: str) -> str | None:
    m = _LEAD_IN.match(clause)
    return m.group("to") if m and _is_name(m.group("to"), 6) else None


def _parse_recommendation(lines: list[str]) -> ParsedRecommendation:
    rec = ParsedRecommendation()
    intro_seen = False
    single: str | None = None
    paragraphs: list[str] = []
    for kind, text in _recommendation_entries(lines):
        if kind == "item":
            rec.points.append(_strip_marker(text) if _LIST_ITEM.match(text) else text)
            continue
        submitter = _submitting_body(text)
        to_line = _TO_LINE.match(text)
        intro = None if intro_seen or rec.points else _parse_intro(text)
        if submitter:
            rec.by = rec.by or submitter
        elif rec.points:
            continue
        elif to_line and len(text.split()) <= 14:
            rec.to = rec.to or to_line.group("to").strip(" ,:")
        elif intro is not None:
            intro_seen = True
            by, to, single = intro
            rec.by = rec.by or by
            rec.to = rec.to or to
        else:
            paragraphs.append(text)
    lead_in = single
    if len(rec.points) > 1 and _is_lead_in(rec.points[0]):
        lead_in = rec.points.pop(0)
    if rec.points and lead_in and rec.to is None:
        rec.to = _addressee_of_lead_in(lead_in)
    if not rec.points:
        if single:
            rec.points = [single]
        elif not intro_seen:
            rec.points = [p for p in paragraphs if p.strip() not in _PLACEHOLDER]
    return rec


def _holds_the_decision(heading: str) -> bool:
    """ "Indstilling og beslutning": the decision is written into the recommendation section."""
    return "beslutning" in _fold(heading)


def _split_combined(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split a combined section at the line that opens the decision: (recommendation, decision)."""
    at = next((k for k, line in enumerate(lines) if _DECISION_OPENING.match(line)), len(lines))
    return lines[:at], lines[at:]


# --------------------------------------------------------------------------------------------
# Attachments
# --------------------------------------------------------------------------------------------

_NO_ATTACHMENTS = re.compile(
    r"^(?:ingen(?:\s+bilag)?|der\s+er\s+ingen\s+bilag|bilag\s*:\s*ingen|ingen\s+vedlagte\s+bilag"
    r"|intet|ikke\s+relevant|-|–|—|\.|\.\.\.|…)\.?$",
    re.I,
)
_BILAG_PREFIX = re.compile(r"^bilag\s*(?:nr\.?\s*)?\d+[a-z]?\s*[:.\-–)]?\s*", re.I)


def _parse_attachments(lines: list[str]) -> list[str]:
    content = [line for line in lines if line]
    marked = [bool(_LIST_ITEM.match(x) or _BILAG_PREFIX.match(x)) for x in content]
    names: list[str] = []
    for line, is_marked in zip(content, marked, strict=True):
        if _NO_ATTACHMENTS.match(line):
            continue
        name = _BILAG_PREFIX.sub("", _strip_marker(line) if _LIST_ITEM.match(line) else line)
        name = name.strip()
        if not name or _NO_ATTACHMENTS.match(name):
            continue
        if names and not is_marked and (any(marked) or name[:1].islower()):
            names[-1] = _join(names[-1], name)
        else:
            names.append(name)
    return names


# --------------------------------------------------------------------------------------------
# Decision heading details
# --------------------------------------------------------------------------------------------


def _parse_date(s: str) -> datetime.date | None:
    candidates: list[tuple[int, int, int]] = []
    for m in re.finditer(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)", s):
        candidates.append((int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in re.finditer(r"(?<!\d)(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{4}|\d{2})(?!\d)", s):
        year = int(m.group(3))
        year = year + 2000 if year < 100 else year
        candidates.append((year, int(m.group(2)), int(m.group(1))))
    for m in re.finditer(rf"(?<!\d)(\d{{1,2}})\.?\s+({_MONTH_RE})\s+(\d{{4}})", s, re.I):
        month = _MONTHS.get(_fold(m.group(2))[:3])
        if month:
            candidates.append((int(m.group(3)), month, int(m.group(1))))
    for y, mo, d in candidates:
        try:
            return datetime.date(y, mo, d)
        except ValueError:
            continue
    return None


def _parse_decision_body(heading: str) -> str | None:
    m = _DEC_OWNER.match(heading)
    if m and not _DEC_PLAIN.match(heading):
        return m.group("body").strip()
    m = _DEC_PLAIN.match(heading)
    if not m:
        return None
    rest = m.group("rest").strip(" ,–-")
    rest = re.sub(r"^(?i:i|fra|af|på|paa|truffet\s+af)\s+", "", rest)
    cut = re.search(r"\s+(?i:den|d\.)\s|\s*,|\s+\d|\s+-\s|\s+–\s|\s+(?i:kl\.)", rest)
    body = (rest[: cut.start()] if cut else rest).strip(" ,.-–")
    if not body or not body[0].isupper() or body[0].isdigit():
        return None
    return body


# --------------------------------------------------------------------------------------------
# Preamble / title
# --------------------------------------------------------------------------------------------

_NUMBERED_TITLE = re.compile(
    r"^(?:(?:punkt|pkt\.?|dagsordenspunkt|sag)\s*(?:nr\.?\s*)?\d{1,3}[a-z]?\s*[:.,\-–)]?"
    r"|\d{1,3}[a-z]?\s*[.):\-–]|\d{1,3}\s+(?=[A-ZÆØÅ]))[\s,]*(?P<title>\S.*)$",
    re.I,
)
_CLOSED_TITLE = re.compile(r"[(\[]\s*lukket(?:\s+punkt)?\s*[)\]]\s*$|-\s*lukket\s+punkt$", re.I)


def _extract_title(pre: list[str], has_heading: bool) -> tuple[str | None, list[str]]:
    idx = next((k for k, line in enumerate(pre) if line), None)
    if idx is None:
        return None, pre
    first = pre[idx]
    m = _NUMBERED_TITLE.match(first)
    if m and not _LIST_ITEM.match(first[m.start("title") :]) and len(first) <= 250:
        title_lines = [m.group("title").strip()]
        k = idx + 1
        while k < len(pre) and pre[k] and pre[k][:1].islower() and len(title_lines) < 3:
            title_lines.append(pre[k])
            k += 1
        if has_heading or (len(first.split()) <= 15 and not first.endswith(".")):
            return " ".join(title_lines), pre[:idx] + pre[k:]
    rest = [line for line in pre[idx + 1 :] if line]
    if (
        has_heading
        and not rest
        and len(first) <= 160
        and len(first.split()) <= 15
        and not first.endswith((":", ",", ";"))
        and (first[:1].isupper() or first[:1].isdigit())
    ):
        return first, pre[:idx] + pre[idx + 1 :]
    return None, pre


# --------------------------------------------------------------------------------------------
# Main entry point
# --------------------------------------------------------------------------------------------


def parse_agenda_item(text: str, *, title: str | None = None) -> ParsedItem:
    """Parse one plain-text agenda item. Never raises; see the module docstring for the rules."""
    try:
        return _parse(text or "", title)
    except Exception:  # pragma: no cover - defensive: never break an import on odd input
        lines = _normalise(text or "") if isinstance(text, str) else []
        body = _format_text(lines)
        sections = [ParsedSection("other", "", body)] if body else []
        return ParsedItem(title=title, sections=sections, preamble=body or None)


def _parse(text: str, title: str | None) -> ParsedItem:
    lines = _normalise(text)
    item = ParsedItem()

    # Candidate decision lines (context-free) for the previous-decisions heuristic.
    dec_candidates = []
    for k, line in enumerate(lines):
        if line and _first_alpha(line)[:1].isupper():
            known = _classify_known(_clean_heading(line))
            if known is not None and known[0] == "decision" and not line.endswith("."):
                dec_candidates.append(k)

    # Split into (heading, lines) chunks.
    preamble: list[str] = []
    chunks: list[tuple[_Heading, list[str]]] = []
    current: list[str] = preamble
    current_key: str | None = None
    for i, line in enumerate(lines):
        if not chunks and line and _CLOSED_MARKER.match(line):
            item.closed = True
            continue
        if not chunks and line and _OPEN_MARKER.match(line):
            continue
        later = bool(dec_candidates) and dec_candidates[-1] > i
        head = _match_heading(lines, i, current_key, later) if line else None
        if head is None:
            current.append(line)
            continue
        current = [head.inline] if head.inline else []
        chunks.append((head, current))
        current_key = head.key
        if head.closed:
            item.closed = True

    # Title and preamble.
    given_title = title.strip() if isinstance(title, str) and title.strip() else None
    if given_title is not None:
        item.title = given_title
    else:
        item.title, preamble = _extract_title(preamble, bool(chunks))
    if item.title and _CLOSED_TITLE.search(item.title):
        item.closed = True
    pre_text = _format_text(preamble)
    if pre_text:
        item.preamble = pre_text
        item.sections.append(ParsedSection("other", "", pre_text))

    decisions: list[tuple[_Heading, str]] = []
    combined_decision: str | None = None
    rec_done = False
    for head, body in chunks:
        section_text = _format_text(body, one_per_line=head.key == "attachments")
        item.sections.append(ParsedSection(head.key, head.heading, section_text))
        if head.key == "recommendation" and not rec_done:
            rec_lines, decision_lines = (
                _split_combined(body) if _holds_the_decision(head.heading) else (body, [])
            )
            combined_decision = combined_decision or _format_text(decision_lines) or None
            rec = _parse_recommendation(rec_lines)
            if rec.points or rec.by or rec.to:
                item.recommendation = rec
                rec_done = True
        elif head.key == "decision":
            decisions.append((head, section_text))
        elif head.key == "attachments":
            item.attachments.extend(_parse_attachments(body))

    chosen: tuple[_Heading, str] | None = next(
        (d for d in decisions if d[1] and _fold(d[0].heading).startswith(("aaben", "aabent"))),
        None,
    )
    if chosen is None:
        chosen = next((d for d in reversed(decisions) if d[1]), None)
    if chosen is not None:
        item.decision = chosen[1]
        item.decision_date = _parse_date(chosen[0].heading)
        item.decision_body = _parse_decision_body(chosen[0].heading)
    elif combined_decision:
        item.decision = combined_decision
    if item.decision is None and decisions:
        # Dated heading without text: still expose the date/body.
        head = decisions[-1][0]
        item.decision_date = _parse_date(head.heading)
        item.decision_body = _parse_decision_body(head.heading)
    return item
