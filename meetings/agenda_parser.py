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
  line in UPPER CASE. Lines starting with ``Til`` (``"Til Økonomiudvalget:"``) are never
  headings. Unknown headings get the key ``"other"``; the heading is preserved as written.
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
* **Recommendation.** ``by`` is the unit before ``indstiller``/``anbefaler``/``foreslår``; ``to``
  comes from ``"indstiller til <udvalg>"``, ``"indstiller over for <udvalg>"`` or a
  ``"Til <udvalg>:"`` line. Points are the list items (marker stripped, a leading ``at``/``At``
  kept), or the single ``"at ..."`` clause of ``"X indstiller, at ..."`` (kept with its ``at``),
  or, without any of those, the paragraphs of the section.
* **Decision** is the text of the first non-empty ``Åben beslutning`` section, else of the last
  non-empty decision section, else trailing text after the points of a combined
  ``Indstilling og beslutning`` section; otherwise ``None``.
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

    if result.key == "decision" and current_key == "previous_decisions":
        folded = _fold(result.heading)
        quoted = folded.startswith("beslutning fra") or "pkt" in folded
        if result.qualified and (result.inline or quoted or later_decision):
            return None
        if result.inline and later_decision:
            return None
    return result


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


def _parse_intro(text: str) -> tuple[str | None, str | None, str | None] | None:
    """Parse "<by> indstiller [til <to>], at ..." -> (by, to, single point)."""
    m = _INDSTILLER.match(text)
    if not m:
        return None
    by: str | None = m.group("by").strip(" ,")
    verb = m.group("verb").lower()
    if (
        verb.endswith(("es", "ås"))
        or not by
        or by.lower() in {"det", "der", "man", "vi"}
        or len(by.split()) > 10
        or not by[0].isupper()
    ):
        by = None
    tail = _ADVERBS.sub("", m.group("tail").strip(" ,"))
    to = None
    mt = re.match(r"^(?:til|over\s*for|overfor)\s+(?P<rest>.*)$", tail, re.S | re.I)
    if mt:
        rest = mt.group("rest")
        cut = re.search(r"\s*,\s*|\s+(?=at\b)|\s*:\s*$", rest)
        to = rest[: cut.start()] if cut else rest
        tail = rest[cut.end() :] if cut else ""
        to = to.strip(" ,:.") or None
        if to and (not to[0].isalpha() or len(to.split()) > 10):
            to = None
    tail = tail.strip(" ,")
    point = None
    ma = re.match(r"^(at)\b\s*:?\s*(?P<body>.*)$", tail, re.S | re.I)
    if ma and ma.group("body").strip():
        point = tail
    elif tail and not tail.startswith(":") and re.match(r"^[A-ZÆØÅa-zæøå]", tail) and not ma:
        point = None
    return by, to, point


_LEAD_IN = re.compile(
    rf"^(?i:at)\s+(?P<to>[{_CAP}][^,.:;]*?)\s+"
    r"(?:anbefaler|godkender|beslutter|vedtager|indstiller|tager|over\s+for)\b"
)


def _parse_recommendation(
    lines: list[str], *, combined: bool
) -> tuple[ParsedRecommendation, str | None]:
    rec = ParsedRecommendation()
    blocks = _build_blocks(lines, at_items=True)
    single: str | None = None
    intro_seen = False
    paragraphs: list[str] = []
    trailing: list[str] = []
    for block in blocks:
        block_trailing: list[str] = []
        for kind, text in block:
            if kind == "item":
                if block_trailing:
                    trailing.extend(block_trailing)
                    block_trailing = []
                rec.points.append(_strip_marker(text) if _LIST_ITEM.match(text) else text)
                continue
            mt = _TO_LINE.match(text)
            if mt and len(text.split()) <= 14 and not rec.points:
                rec.to = rec.to or mt.group("to").strip(" ,:")
                continue
            if not intro_seen and not rec.points:
                parsed = _parse_intro(text)
                if parsed is not None:
                    intro_seen = True
                    by, to, single = parsed
                    rec.by = rec.by or by
                    rec.to = rec.to or to
                    continue
            if rec.points or (single and intro_seen):
                block_trailing.append(text)
            else:
                paragraphs.append(text)
        trailing.extend(block_trailing)
    lead_in = single
    if len(rec.points) > 1 and _LEAD_IN.match(rec.points[0]) and rec.points[0].endswith((",", ":")):
        # "..., at Økonomiudvalget anbefaler Byrådet, / at ... / at ..."
        lead_in = rec.points.pop(0)
    if rec.points and lead_in and rec.to is None:
        m = _LEAD_IN.match(lead_in)
        if m and _is_name(m.group("to"), 6):
            rec.to = m.group("to")
    if not rec.points:
        if single:
            rec.points = [single]
        elif not intro_seen:
            rec.points = [p for p in paragraphs if p.strip() not in _PLACEHOLDER]
            trailing = []
    decision = None
    if combined and trailing:
        decision = "\n\n".join(trailing).strip() or None
    return rec, decision


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
            combined = "beslutning" in _fold(head.heading)
            rec, trailing = _parse_recommendation(body, combined=combined)
            if rec.points or rec.by or rec.to:
                item.recommendation = rec
                rec_done = True
                combined_decision = trailing
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
