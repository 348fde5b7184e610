"""Tests for meetings.agenda_parser (pure Python, no Django needed)."""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path

import pytest

from meetings.agenda_parser import (
    SECTION_KEYS,
    ParsedItem,
    ParsedSection,
    parse_agenda_item,
)

FIXTURES = Path(__file__).parent / "fixtures" / "agenda_items"


def load(name: str) -> str:
    # newline="" keeps CRLF fixtures as CRLF.
    with (FIXTURES / name).open(encoding="utf-8", newline="") as fh:
        return fh.read()


def keys(item: ParsedItem) -> list[str]:
    return [s.key for s in item.sections]


def headings(item: ParsedItem) -> list[str]:
    return [s.heading for s in item.sections]


def outline(item: ParsedItem) -> list[tuple[str, str]]:
    return [(s.key, s.heading) for s in item.sections]


def section(item: ParsedItem, key: str) -> ParsedSection:
    found = item.section(key)
    assert found is not None, f"no {key!r} section in {keys(item)}"
    return found


# --------------------------------------------------------------------------------------------
# Shape of to_dict()
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_to_dict_shape_is_exact_and_json_serialisable(name: str) -> None:
    data = parse_agenda_item(load(name)).to_dict()
    assert set(data) == {"title", "closed", "sections", "recommendation", "decision", "attachments"}
    assert set(data["recommendation"]) == {"by", "to", "points"}
    assert isinstance(data["closed"], bool)
    for sec in data["sections"]:
        assert set(sec) == {"key", "heading", "text"}
        assert sec["key"] in SECTION_KEYS
        assert isinstance(sec["text"], str)
        assert "\r" not in sec["text"] and "\f" not in sec["text"]
    assert all(isinstance(p, str) and p for p in data["recommendation"]["points"])
    assert json.loads(json.dumps(data)) == data


def test_section_keys_constant() -> None:
    assert set(SECTION_KEYS) == {
        "summary",
        "background",
        "recommendation",
        "previous_decisions",
        "decision",
        "attachments",
        "other",
    }


# --------------------------------------------------------------------------------------------
# Seed: Gentofte, Opgaveudvalget om Innovation, møde 4
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> ParsedItem:
    return parse_agenda_item(load("gentofte_innovation_moede4.txt"))


def test_seed_structure(seed: ParsedItem) -> None:
    assert seed.title is None
    assert seed.closed is False
    assert [(s.key, s.heading) for s in seed.sections] == [
        ("summary", "Resumé"),
        ("background", "Baggrund"),
        ("recommendation", "Indstilling"),
        ("previous_decisions", "Tidligere beslutninger"),
    ]
    assert seed.decision is None
    assert seed.attachments == []
    assert section(seed, "previous_decisions").text == ""


def test_seed_recommendation(seed: ParsedItem) -> None:
    rec = seed.recommendation
    assert rec.by == "Tværgående Funktioner"
    assert rec.to == "Opgaveudvalget om Innovation"
    assert len(rec.points) == 2
    assert rec.points[0].startswith(
        "At opgaveudvalget får en fælles viden om de største teknologiske udviklingstendenser"
    )
    assert rec.points[0].endswith("på udvalgte velfærdsområder.")
    assert rec.points[1].startswith("At opgaveudvalget får en fælles viden om centrale principper")
    assert "digitale udviklingsmetoder og arbejder udforskende" in rec.points[1]
    assert rec.points[1].endswith("kvalificeres og testes.")
    assert all("\n" not in p and "  " not in p for p in rec.points)


def test_seed_summary_text(seed: ParsedItem) -> None:
    text = section(seed, "summary").text
    assert (
        "”Teknologilaboratorium – indsigt i morgendagens teknologibaserede velfærdsløsninger”"
        in text
    )
    bullet_lines = [line for line in text.split("\n") if line.startswith("• ")]
    assert len(bullet_lines) == 4
    assert bullet_lines[0].startswith("• Fremsætte forslag til model")
    assert "1. dels at udforske potentialet i den teknologiske udvikling og\n2. dels" in text
    assert "\n\n" in text


def test_seed_numbered_programme_is_not_headings(seed: ParsedItem) -> None:
    text = section(seed, "background").text
    assert text.startswith("Konferencens program er følgende:")
    assert "1. Velkomst\nFormændene byder velkommen" in text
    assert "7. Opsamling\nGrupperne præsenterer" in text
    # A wrapped line ending in "," is joined onto its list item.
    assert "interviewer Tim Frank Andersen, Digitaliseringsdirektør Charlie Tango" in text


# --------------------------------------------------------------------------------------------
# Invented fixtures in the style of other municipalities
# --------------------------------------------------------------------------------------------


def test_aarhus_decision_before_case_description() -> None:
    item = parse_agenda_item(load("aarhus_beslutning_foerst.txt"))
    assert item.title == "Forundersøgelse af letbane til Brabrand"
    assert keys(item) == [
        "summary",
        "decision",
        "recommendation",
        "background",
        "other",
        "attachments",
    ]
    assert headings(item) == [
        "Resume",
        "Beslutning",
        "Indstilling",
        "Sagsfremstilling",
        "Økonomi",
        "Bilag",
    ]
    assert item.decision == "Indstillingen blev godkendt.\n\nDansk Folkeparti tog forbehold."
    rec = item.recommendation
    assert rec.by == "Borgmesterens Afdeling"
    assert rec.to == "byrådet"
    assert rec.points == [
        "der igangsættes en forundersøgelse af en udvidelse af Aarhus Letbane mod Brabrand,",
        "der afsættes 2,5 mio. kr. til forundersøgelsen, jf. bilag 1, og",
        "byrådet orienteres om resultatet i 2. kvartal 2020.",
    ]
    assert item.attachments == [
        "Tidsplan for forundersøgelsen",
        "Kortbilag med mulige linjeføringer",
    ]
    assert section(item, "other").text == (
        "Udgiften på 2,5 mio. kr. finansieres af puljen til infrastrukturinvesteringer."
    )


def test_copenhagen_uppercase_combined_heading_crlf() -> None:
    raw = load("kbh_indstilling_og_beslutning.txt")
    assert "\r\n" in raw and "\f" in raw
    item = parse_agenda_item(raw)
    assert item.title == "Udvidelse af åbningstiden på Sundby Bibliotek (2019-0123456)"
    assert item.closed is False
    assert headings(item) == [
        "INDSTILLING OG BESLUTNING",
        "PROBLEMSTILLING",
        "LØSNING",
        "ØKONOMI",
        "VIDERE PROCES",
        "BESLUTNING",
        "Kultur- og Fritidsudvalgets beslutning den 12. marts 2019",
    ]
    assert keys(item) == [
        "recommendation",
        "background",
        "other",
        "other",
        "other",
        "decision",
        "decision",
    ]
    rec = item.recommendation
    assert rec.by == "Kultur- og Fritidsforvaltningen"
    assert rec.to is None
    assert rec.points == [
        "at Kultur- og Fritidsudvalget godkender, at åbningstiden på Sundby Bibliotek udvides "
        "med to timer om lørdagen fra 1. maj 2019."
    ]
    assert item.decision == "Indstillingen blev godkendt uden afstemning."
    assert item.decision_date == datetime.date(2019, 3, 12)
    assert item.decision_body == "Kultur- og Fritidsudvalget"
    # Non-breaking space normalised.
    assert "efterspurgt længere" in section(item, "background").text


def test_odense_sagens_kerne_and_numbered_attachments() -> None:
    item = parse_agenda_item(load("odense_sagens_kerne.txt"))
    assert item.title == "Trafiksikkerhedsplan 2019-2022"
    assert keys(item) == [
        "summary",
        "summary",
        "recommendation",
        "decision",
        "background",
        "other",
        "other",
        "attachments",
    ]
    assert headings(item)[:2] == ["SAGENS KERNE", "ANLEDNING"]
    assert headings(item)[5:7] == ["Videre proces", "Inddragelse"]
    rec = item.recommendation
    assert rec.by == "By- og Kulturforvaltningen"
    assert rec.to == "By- og Kulturudvalget"  # from "..., at By- og Kulturudvalget anbefaler"
    assert rec.points == [
        "Trafiksikkerhedsplan 2019-2022 godkendes.",
        "Der afsættes 4 mio. kr. årligt til fysiske trafiksikkerhedstiltag.",
    ]
    assert item.decision == "Anbefales."
    assert item.decision_date == datetime.date(2019, 3, 12)
    assert item.decision_body is not None
    assert item.decision_body.casefold() == "by- og kulturudvalget"
    assert item.attachments == [
        "Trafiksikkerhedsplan 2019-2022.pdf",
        "Høringsnotat.pdf",
        "Samlede høringssvar fra borgere og foreninger.pdf",
    ]
    background = section(item, "background").text
    assert "høringssvarene:\n\n- 14 svar vedrører skolevejene,\n- 6 svar" in background


def test_closed_item() -> None:
    item = parse_agenda_item(load("lukket_personalesag.txt"))
    assert item.closed is True
    assert item.title == "Personalesag (lukket)"
    assert keys(item) == ["background", "recommendation", "decision", "attachments"]
    assert item.decision == "Drøftet."
    assert item.recommendation.by == "Direktionen"
    assert item.recommendation.points == ["at sagen drøftes."]
    assert item.attachments == []


def test_previous_decisions_keep_quoted_decisions() -> None:
    item = parse_agenda_item(load("gentofte_tidligere_beslutninger.txt"))
    assert item.title == "Ny skolestruktur på Hellerup Skole"
    assert keys(item) == [
        "summary",
        "background",
        "other",
        "recommendation",
        "previous_decisions",
        "decision",
        "attachments",
    ]
    previous = section(item, "previous_decisions").text
    assert "Beslutning fra Økonomiudvalget, 12.03.2019, pkt. 5: Anbefales." in previous
    assert "Kommunalbestyrelsen, 25.03.2019, pkt. 3: Godkendt." in previous
    assert item.decision == "Anbefales over for Økonomiudvalget og Kommunalbestyrelsen."
    assert item.decision_date == datetime.date(2019, 5, 7)
    assert item.decision_body == "Børne- og Skoleudvalget"
    rec = item.recommendation
    assert rec.by == "Børne- og Skoleforvaltningen"
    assert rec.to == "Børne- og Skoleudvalget"
    assert rec.points == [
        "at model C anbefales over for Økonomiudvalget og Kommunalbestyrelsen,",
        "at der udarbejdes en tidsplan for etableringen.",
    ]
    assert (
        "• Model B: Sammenlægning af to afdelinger.\n• Model C" in section(item, "background").text
    )
    assert item.attachments == ["Analyse af skolestrukturen.pdf", "Tidsplan.docx"]


def test_headings_without_accents_and_with_colons() -> None:
    item = parse_agenda_item(load("uden_accenter.txt"))
    assert item.title is None
    assert [(s.key, s.heading, s.text) for s in item.sections] == [
        ("summary", "RESUME", "Forvaltningen orienterer om status for kommunens klimaplan."),
        (
            "background",
            "Sagsbeskrivelse",
            "Klimaplanen blev vedtaget i 2017. Der er gennemfort 38 ud af 52 initiativer.",
        ),
        ("other", "Okonomi", "Ingen."),
        ("other", "Hvem beslutter", "Miljoudvalget."),
        (
            "recommendation",
            "Forvaltningens indstilling",
            "Forvaltningen indstiller, at orienteringen tages til efterretning.",
        ),
        ("previous_decisions", "Tidligere beslutninger", "Ingen."),
        ("decision", "Aaben beslutning", "Taget til efterretning."),
    ]
    assert item.recommendation.by == "Forvaltningen"
    assert item.recommendation.points == ["at orienteringen tages til efterretning."]
    assert item.decision == "Taget til efterretning."


# --------------------------------------------------------------------------------------------
# Real shapes from more municipalities (wording adapted; source pages in each docstring)
# --------------------------------------------------------------------------------------------


def test_addressee_is_a_committee_whose_name_has_commas() -> None:
    """Frederikssund, Unge, fritid og idræt, 2 April 2024, item 33: the committee's name has
    commas, attendance is noted in the decision and the case description follows it."""
    item = parse_agenda_item(load("frederikssund_udvalg_med_komma.txt"))
    assert item.title == (
        "Beslutning om ordensregler for Kultur- og havnebadets omklædningsrum og sauna"
    )
    assert outline(item) == [
        ("summary", "Resume"),
        ("recommendation", "Indstilling"),
        ("decision", "Beslutning"),
        ("background", "Sagsfremstilling"),
        ("other", "Inddragelse"),
        ("other", "Økonomi"),
        ("attachments", "Bilag"),
    ]
    rec = item.recommendation
    assert (rec.by, rec.to) == ("Administrationen", "Unge, fritid og idræt")
    assert rec.points == ["De vedlagte ordensregler for omklædningsrum og sauna godkendes."]
    assert item.decision == "Godkendt.\n\nFraværende: Søren Weimann (B)"
    assert item.attachments == ["Ordensregler for omklædningsrum og sauna"]
    assert section(item, "background").text.startswith("Unge, fritid og idræt besluttede")


STEVNS_2021_PREVIOUS = (
    "Beslutning fra Direktionen, 8. februar 2021, pkt. 6: Anbefales.\n\n"
    "Beslutning fra Plan, Miljø og Teknik, 9. februar 2021, pkt. 421: Indstillingen anbefales "
    "med den mindre korrektion, at ad. 2 ændres til: Fastsætte datoer for afholdelse af "
    "(digitale) borgermøder i høringsperioden.\n\n"
    "Beslutning fra Børn, Unge og Læring, 9. februar 2021, pkt. 271: Anbefales.\n\n"
    "Beslutning fra Arbejdsmarked, Erhverv og Turisme, 10. februar 2021, pkt. 261: "
    "Indstillingen anbefales.\n\n"
    "Beslutning fra Social og Sundhed, 10. februar 2021, pkt. 287: Anbefales."
)


def test_addressee_is_a_chain_of_bodies() -> None:
    """Stevns, Økonomiudvalget, 16 February 2021, item 213: "indstiller til KB via direktionen,
    PMT, …, at", then the decisions of the bodies on the way, quoted."""
    item = parse_agenda_item(load("stevns_indstilling_via_udvalg.txt"))
    assert item.title == "Kommuneplan 2021-2033 - Godkendelse"
    assert outline(item) == [
        ("summary", "Resume"),
        ("recommendation", "Indstilling"),
        ("previous_decisions", ""),
        ("decision", "Beslutning"),
        ("background", "Beskrivelse af sagen"),
        ("other", "Økonomi"),
        ("attachments", "Bilag"),
    ]
    rec = item.recommendation
    assert rec.by == "Politik & Borger"
    assert rec.to == "KB via direktionen, PMT, BUL, AET, SSU og ØU"
    assert rec.points == [
        "forslag til Stevns Kommuneplan 2021 samt miljøvurdering godkendes og udsendes i 8 "
        "ugers offentlig høring",
        "fastsætte datoer for afholdelse af digitale borgermøder i høringsperioden",
        "Forvaltningen bemyndiges til at foretage redaktionelle ændringer, inden forslaget "
        "sendes i høring.",
    ]
    assert section(item, "previous_decisions").text == STEVNS_2021_PREVIOUS
    assert item.decision == (
        "6 medlemmer (V+A+C+N) anbefaler indstillingen fra PMT.\n\n"
        "1 medlem (O) stemmer imod, da han ikke kan gå ind for perspektivområdet syd for "
        "Valløby."
    )
    assert item.attachments == [
        "Forslag til Kommuneplan 2021",
        "Miljøvurdering af Stevns Kommuneplan 2021-33",
        "Afgrænsning af miljørapportens indhold",
    ]


def test_numbered_committee_decisions_are_not_recommendation_points() -> None:
    """Stevns, Kommunalbestyrelsen, 22 January 2020, item 302: each body's decision on the way
    ("Social og Sundhed, 6. januar 2020, pkt. 123:") is numbered like the points."""
    item = parse_agenda_item(load("stevns_udvalgenes_beslutninger_nummereret.txt"))
    assert item.title == "Planstrategi 2020"
    assert outline(item) == [
        ("summary", "Resume"),
        ("recommendation", "Indstilling"),
        ("previous_decisions", ""),
        ("decision", "Beslutning"),
        ("background", "Sagsfremstilling"),
        ("attachments", "Bilag"),
    ]
    rec = item.recommendation
    assert (rec.by, rec.to) == ("Politik & Borger", "KB via DIR, SSU, PMT, BUL, AET og ØU")
    assert rec.points == [
        "Planstrategi 2020 & redegørelse for Lokal Agenda 21 godkendes.",
        "herunder at strategien sendes i 8 ugers offentlig høring fra mandag den 3. februar 2020.",
    ]
    previous = section(item, "previous_decisions").text
    assert previous.startswith("Social og Sundhed, 6. januar 2020, pkt. 123: Ad. 1 5 medlemmer")
    assert "Direktionen, 6. januar 2020, pkt. 2: Anbefales." in previous
    assert "Arbejdsmarked, Erhverv og Turisme, 6. januar 2020, pkt. 125:\n1. Et flertal" in previous
    assert previous.endswith(
        "1. Anbefalet af V og R med samme tilføjelse om erhvervslivets sociale medansvar.\n"
        "2. Anbefales."
    )
    assert item.decision == (
        "Ad 1. Godkendt med den tilføjelse, som AET og PMT har anbefalet.\n\nAd 2. Godkendt."
    )
    assert item.attachments == ["Udkast til Planstrategi 2020"]


def test_recommendation_points_written_inline() -> None:
    """Københavns Kommune, Kgs. Enghave Lokaludvalg, 13 December 2018, item 2: the numbered
    points on the chair's line (a copy that lost the list's line breaks); Windows line ends."""
    raw = load("kbh_lokaludvalg_inline_punkter.txt")
    assert "\r\n" in raw
    item = parse_agenda_item(raw)
    assert item.title == "Godkendelse af dagsorden og valg af dirigent"
    assert outline(item) == [
        ("background", "Sagsfremstilling"),
        ("recommendation", "Indstilling og beslutning"),
        ("background", "Problemstilling"),
        ("decision", "Beslutning"),
    ]
    rec = item.recommendation
    assert (rec.by, rec.to) == ("Formanden", "Kgs. Enghave Lokaludvalg")
    assert rec.points == [
        "at der vælges en dirigent til at lede mødet - Forretningsudvalget indstiller Ann",
        "at dagsordenen for det ordinære møde godkendes",
    ]
    # Attendance notes are text of the section they stand in, not headings.
    assert "\n\nFRAVÆRENDE UDEN AFBUD: Silas Friis Nielsen\n\n" in item.sections[2].text
    assert item.decision is not None
    assert item.decision.startswith("Ann blev valgt som ordstyrer.")
    assert item.decision.endswith("Dagsordenen blev herefter godkendt.")
    assert item.attachments == []


def test_combined_heading_with_the_decision_after_the_recommendation() -> None:
    """Københavns Kommune, Borgerrepræsentationen, 18 June 2014, item 3 (layout, submitting
    committee in parentheses) with a recorded vote as in its minutes; UPPER CASE headings."""
    item = parse_agenda_item(load("kbh_br_indstilling_og_beslutning.txt"))
    assert item.title == "Anlægsoversigter og Fast Track - juni 2014"
    assert outline(item) == [
        ("recommendation", "INDSTILLING OG BESLUTNING"),
        ("background", "PROBLEMSTILLING"),
        ("other", "LØSNING"),
        ("other", "ØKONOMI"),
        ("other", "VIDERE PROCES"),
    ]
    rec = item.recommendation
    assert (rec.by, rec.to) == ("Økonomiudvalget", None)
    assert rec.points == [
        "at den ændrede periodisering af udvalgenes budgetter og de deraf følgende "
        "bevillingsmæssige ændringer i 2014-2018 (bilag 5) godkendes."
    ]
    assert item.decision == (
        "Indstillingen blev godkendt med 46 stemmer imod 5.\n\n"
        "For stemte: A, B, C, F, I, O og V. Imod stemte: Ø."
    )
    assert item.attachments == []


def test_combined_heading_holding_only_the_decision() -> None:
    """Københavns Kommune, Borgerrepræsentationen, 5 February 2004, item 28 (closed): the
    minutes hold only the decision; Windows line ends, UPPER CASE heading."""
    raw = load("kbh_br_kun_beslutning.txt")
    assert "\r\n" in raw
    item = parse_agenda_item(raw)
    assert item.title == "Aftale om salg"
    assert item.closed is True
    assert outline(item) == [("recommendation", "INDSTILLING OG BESLUTNING")]
    assert item.recommendation.to_dict() == {"by": None, "to": None, "points": []}
    assert item.decision == (
        "Indstillingen blev godkendt med 43 stemmer imod 5.\n\n"
        "For stemte: A, B, C, D, F, O og V. Imod stemte: Ø.\n\n"
        "Enhedslisten ønskede følgende bemærkning tilført beslutningsprotokollen: "
        '"Der mangler information og åbenhed om indholdet og konsekvenserne for '
        'Eksempelprojektet, og derfor kan Enhedslisten ikke støtte indstillingen."'
    )
    assert item.attachments == []


def test_sections_after_the_decision_keep_their_keys() -> None:
    """Stevns, Arbejdsmarked, Erhverv, Kultur og Turisme, 4 January 2023: "Sagens gang" and
    "Beskrivelse af sagen" follow the decision; Windows line ends."""
    raw = load("stevns_sagens_gang_efter_beslutning.txt")
    assert "\r\n" in raw
    item = parse_agenda_item(raw)
    assert item.title == "Introduktion til udvalgets område"
    assert [(s.key, s.heading, s.text[:40]) for s in item.sections] == [
        ("summary", "Resume", "Udvalget for Arbejdsmarked, Erhverv, Kul"),
        ("recommendation", "Indstilling", "Forvaltningen indstiller, at\n\n1. udvalge"),
        ("decision", "Beslutning", "Udvalget tager orienteringen til efterre"),
        ("other", "Sagens gang", "Arbejdsmarked, Erhverv, Kultur og Turism"),
        ("background", "Beskrivelse af sagen", "Udvalget får en introduktion til de områ"),
        ("other", "Økonomi", "Ingen."),
    ]
    rec = item.recommendation
    assert (rec.by, rec.to) == ("Forvaltningen", None)
    assert rec.points == ["udvalget tager orienteringen til efterretning."]
    assert item.decision == "Udvalget tager orienteringen til efterretning."
    assert item.attachments == []


# --------------------------------------------------------------------------------------------
# Heading variants
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "key", "heading"),
    [
        ("Resumé", "summary", "Resumé"),
        ("RESUMÉ", "summary", "RESUMÉ"),
        ("Resume:", "summary", "Resume"),
        ("Sammenfatning", "summary", "Sammenfatning"),
        ("Indledning", "summary", "Indledning"),
        ("Sagsfremstilling:", "background", "Sagsfremstilling"),
        ("Beskrivelse af sagen", "background", "Beskrivelse af sagen"),
        ("Problemstilling", "background", "Problemstilling"),
        ("Sagen", "background", "Sagen"),
        ("2. Baggrund", "background", "Baggrund"),
        ("Forvaltningens indstilling", "recommendation", "Forvaltningens indstilling"),
        ("Administrationens indstilling:", "recommendation", "Administrationens indstilling"),
        ("Direktionens indstilling", "recommendation", "Direktionens indstilling"),
        ("Forslag til beslutning", "recommendation", "Forslag til beslutning"),
        ("Indstilling og beslutning", "recommendation", "Indstilling og beslutning"),
        ("Historik", "previous_decisions", "Historik"),
        (
            "TIDLIGERE POLITISKE BESLUTNINGER",
            "previous_decisions",
            "TIDLIGERE POLITISKE BESLUTNINGER",
        ),
        ("Beslutning", "decision", "Beslutning"),
        ("BESLUTNING:", "decision", "BESLUTNING"),
        ("Åben beslutning", "decision", "Åben beslutning"),
        ("Udvalgets beslutning", "decision", "Udvalgets beslutning"),
        (
            "Beslutning i Økonomiudvalget den 12-03-2019:",
            "decision",
            "Beslutning i Økonomiudvalget den 12-03-2019",
        ),
        (
            "Beslutning Børne- og Skoleudvalget den 12.03.2019",
            "decision",
            "Beslutning Børne- og Skoleudvalget den 12.03.2019",
        ),
        (
            "Beslutning fra Kommunalbestyrelsen d. 26. september 2017",
            "decision",
            "Beslutning fra Kommunalbestyrelsen d. 26. september 2017",
        ),
        ("Bilagsliste", "attachments", "Bilagsliste"),
        ("Vedlagte bilag:", "attachments", "Vedlagte bilag"),
        ("Økonomiske konsekvenser", "other", "Økonomiske konsekvenser"),
        ("OEKONOMI", "other", "OEKONOMI"),
        ("Sagsgang og sagstype", "other", "Sagsgang og sagstype"),
        ("Beslutningskompetence", "other", "Beslutningskompetence"),
        ("Bæredygtighed", "other", "Bæredygtighed"),
        ("Sagens videre forløb", "other", "Sagens videre forløb"),
        ("3. Sagsfremstilling", "background", "Sagsfremstilling"),
        ("**Lovgrundlag**", "other", "Lovgrundlag"),
    ],
)
def test_heading_variants(line: str, key: str, heading: str) -> None:
    item = parse_agenda_item(f"{line}\nNoget tekst om sagen.\n")
    assert [(s.key, s.heading, s.text) for s in item.sections] == [
        (key, heading, "Noget tekst om sagen.")
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Beslutningen blev truffet i 2015.",
        "Beslutning om nedlæggelse af skolen blev truffet i 2015",
        "Der henvises til Økonomiudvalgets beslutning",
        "baggrund",
        "Konferencens program er følgende:",
        "1. Velkomst",
        "2. Status",
        "Til Økonomiudvalget:",
    ],
)
def test_sentences_are_not_headings(line: str) -> None:
    item = parse_agenda_item(f"Resumé\nIndledende tekst.\n\n{line}\n\n1. Første punkt\n")
    assert keys(item) == ["summary"]
    assert line.rstrip(":") in section(item, "summary").text


def test_inline_heading_text() -> None:
    item = parse_agenda_item(
        "Tidligere beslutninger: Ingen.\n\nResumé\nKort tekst.\n\n"
        "Beslutning i Økonomiudvalget den 12-03-2019 kl. 16:00: Godkendt.\n"
    )
    assert [(s.key, s.heading, s.text) for s in item.sections] == [
        ("previous_decisions", "Tidligere beslutninger", "Ingen."),
        ("summary", "Resumé", "Kort tekst."),
        ("decision", "Beslutning i Økonomiudvalget den 12-03-2019 kl. 16:00", "Godkendt."),
    ]
    assert item.decision == "Godkendt."
    assert item.decision_date == datetime.date(2019, 3, 12)
    assert item.decision_body == "Økonomiudvalget"


def test_unknown_headings_are_detected_conservatively() -> None:
    text = (
        "Sagsfremstilling\nTekst om sagen.\n\n"
        "Konsekvenser for borgerne:\nBorgerne får længere åbningstid.\n\n"
        "RISICI\nDer er ingen væsentlige risici.\n\n"
        "Forvaltningen har vurderet at følgende:\nteksten fortsætter.\n"
    )
    item = parse_agenda_item(text)
    assert outline(item) == [
        ("background", "Sagsfremstilling"),
        ("other", "Konsekvenser for borgerne"),
        ("other", "RISICI"),
    ]
    assert section(item, "other").text == "Borgerne får længere åbningstid."
    assert item.sections[-1].text.endswith(
        "Forvaltningen har vurderet at følgende: teksten fortsætter."
    )


# --------------------------------------------------------------------------------------------
# Recommendation variants
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "by", "to", "points"),
    [
        (
            "Økonomiforvaltningen indstiller til Økonomiudvalget, at:\n1. budgettet godkendes,\n"
            "2. der gives en tillægsbevilling på\n3 mio. kr.",
            "Økonomiforvaltningen",
            "Økonomiudvalget",
            ["budgettet godkendes,", "der gives en tillægsbevilling på 3 mio. kr."],
        ),
        (
            "Forvaltningen indstiller, at udvalget godkender\nden reviderede tidsplan.",
            "Forvaltningen",
            None,
            ["at udvalget godkender den reviderede tidsplan."],
        ),
        (
            "Administrationen indstiller over for Økonomiudvalget og Byrådet,\n\n"
            "- at planen vedtages,\n- at der afsættes midler.",
            "Administrationen",
            "Økonomiudvalget og Byrådet",
            ["at planen vedtages,", "at der afsættes midler."],
        ),
        (
            "Det indstilles, at\na) sagen drøftes\nb) sagen genoptages i juni.",
            None,
            None,
            ["sagen drøftes", "sagen genoptages i juni."],
        ),
        (
            "at orienteringen tages til efterretning,\nat sagen sendes i høring.",
            None,
            None,
            ["at orienteringen tages til efterretning,", "at sagen sendes i høring."],
        ),
        ("Udvalget godkender budgettet.", None, None, ["Udvalget godkender budgettet."]),
        (
            "Forvaltningen indstiller,\n\nat Økonomiudvalget anbefaler Byrådet,\n\n"
            "at der gives en anlægsbevilling på 2 mio. kr., og\n\n"
            "at beløbet finansieres af kassen.",
            "Forvaltningen",
            "Økonomiudvalget",
            [
                "at der gives en anlægsbevilling på 2 mio. kr., og",
                "at beløbet finansieres af kassen.",
            ],
        ),
        (
            "Børne- og Ungdomsforvaltningen indstiller, at Børne- og Ungdomsudvalget godkender,\n"
            "1. at skolen udvides,\n2. at der bevilges 1 mio. kr.",
            "Børne- og Ungdomsforvaltningen",
            "Børne- og Ungdomsudvalget",
            ["at skolen udvides,", "at der bevilges 1 mio. kr."],
        ),
        (
            "Formanden indstiller, 1. at Lokaludvalget godkender dagsordenen 2. at Lokaludvalget\n"
            "vælger en dirigent.",
            "Formanden",
            None,
            ["at Lokaludvalget godkender dagsordenen", "at Lokaludvalget vælger en dirigent."],
        ),
        (
            "Formanden indstiller til Brønshøj-Husum Lokaludvalg, 1. at Lokaludvalget "
            "førstebehandler forretningsordenen.",
            "Formanden",
            "Brønshøj-Husum Lokaludvalg",
            ["at Lokaludvalget førstebehandler forretningsordenen."],
        ),
        (
            "Administrationen indstiller til Social og sundhed at anbefale over for "
            "Økonomiudvalget og Byrådet, at:\n1. Godkende flytning af tandklinikken\n"
            "2. Godkende en bruttoanlægsudgift på 1,4 mio. kr.",
            "Administrationen",
            "Social og sundhed",
            [
                "Godkende flytning af tandklinikken",
                "Godkende en bruttoanlægsudgift på 1,4 mio. kr.",
            ],
        ),
        (
            "Økonomiforvaltningen indstiller til Økonomiudvalget, der anbefaler over for "
            "Borgerrepræsentationen,\n1. at budgettet godkendes.",
            "Økonomiforvaltningen",
            "Økonomiudvalget",
            ["at budgettet godkendes."],
        ),
        (
            "Arbejdsmarked indstiller til KB via AET, at\n1. KB og AET godkender "
            "beskæftigelsesplan 2018.",
            "Arbejdsmarked",
            "KB via AET",
            ["KB og AET godkender beskæftigelsesplan 2018."],
        ),
        (
            "Teknisk Forvaltning indstiller,\n\nat Tillæg 1 til Lokalplan 145 vedtages.\n\n"
            "Teknik- og Miljøudvalget, 10. september 2019, pkt. 65:\n1. Anbefales.\n"
            "2. Anbefales med den ændring, at høringsfristen forlænges.",
            "Teknisk Forvaltning",
            None,
            ["at Tillæg 1 til Lokalplan 145 vedtages."],
        ),
    ],
)
def test_recommendation_variants(
    body: str, by: str | None, to: str | None, points: list[str]
) -> None:
    rec = parse_agenda_item(f"Indstilling\n{body}\n").recommendation
    assert (rec.by, rec.to, rec.points) == (by, to, points)


def test_combined_heading_with_trailing_decision() -> None:
    item = parse_agenda_item(
        "Indstilling og beslutning\n"
        "Teknik- og Miljøforvaltningen indstiller, at udvalget godkender projektet.\n\n"
        "Godkendt.\n\n"
        "Sagsbeskrivelse\nProjektet omfatter ny belægning.\n"
    )
    assert keys(item) == ["recommendation", "background"]
    assert item.recommendation.points == ["at udvalget godkender projektet."]
    assert item.decision == "Godkendt."


def test_combined_heading_notes_after_the_points_are_not_the_decision() -> None:
    # Københavns Kommune, Borgerrepræsentationen, 22 April 2021, item 10.
    item = parse_agenda_item(
        "Indstilling og beslutning\n"
        "Indstilling om,\n\n"
        "1. at Borgerrepræsentationen godkender forslag til tilpasninger af lokaludvalg.\n\n"
        "(Gruppeformandskredsen)\n\n(1. behandling)\n\n"
        "Problemstilling\nArbejdet blev besluttet i 2018.\n"
    )
    assert keys(item) == ["recommendation", "background"]
    rec = item.recommendation
    assert (rec.by, rec.to) == ("Gruppeformandskredsen", None)
    assert rec.points == [
        "at Borgerrepræsentationen godkender forslag til tilpasninger af lokaludvalg."
    ]
    assert item.decision is None


def test_open_decision_preferred_over_closed() -> None:
    item = parse_agenda_item(
        "Sagsfremstilling\nTekst.\n\nÅben beslutning\nGodkendt.\n\nLukket beslutning\nHemmeligt.\n"
    )
    assert item.closed is True
    assert item.decision == "Godkendt."


# --------------------------------------------------------------------------------------------
# Title, preamble, closed markers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("Punkt 4: Teknologilaboratorium", "Teknologilaboratorium"),
        ("4. Teknologilaboratorium", "Teknologilaboratorium"),
        ("49. Godkendelse af regnskab 2018", "Godkendelse af regnskab 2018"),
        ("Teknologilaboratorium", "Teknologilaboratorium"),
    ],
)
def test_title_from_first_line(first_line: str, title: str) -> None:
    item = parse_agenda_item(f"{first_line}\n\nResumé\nTekst.\n")
    assert item.title == title
    assert keys(item) == ["summary"]


def test_given_title_wins_and_preamble_kept() -> None:
    item = parse_agenda_item(
        "Sagsnr.: 00.01.00-A00-1-19\nSagsbehandler: Jens Hansen\n\nResumé\nTekst.\n",
        title="Min titel",
    )
    assert item.title == "Min titel"
    assert outline(item) == [("other", ""), ("summary", "Resumé")]
    assert item.sections[0].text.startswith("Sagsnr.: 00.01.00-A00-1-19")
    assert item.preamble == item.sections[0].text


@pytest.mark.parametrize(
    "marker", ["Lukket punkt", "Lukket", "(Lukket punkt)", "LUKKET PUNKT", "  lukket punkt  "]
)
def test_closed_markers(marker: str) -> None:
    item = parse_agenda_item(f"{marker}\n\n7. Ejendomshandel\n\nSagsfremstilling\nTekst.\n")
    assert item.closed is True
    assert item.title == "Ejendomshandel"
    assert keys(item) == ["background"]


def test_not_closed_by_default() -> None:
    item = parse_agenda_item("Sagsfremstilling\nSagen er ikke lukket for offentligheden.\n")
    assert item.closed is False


# --------------------------------------------------------------------------------------------
# Text handling and attachments
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (".", ""),
        ("-", ""),
        ("Ingen", "Ingen"),
        (
            "  linje et\t fortsat\nlinje to  \n\n\nNyt afsnit\n",
            "linje et fortsat linje to\n\nNyt afsnit",
        ),
        ("\u2022 punkt et\n\u2022 punkt to\n  fortsat", "• punkt et\n• punkt to fortsat"),
    ],
)
def test_section_text_normalisation(body: str, expected: str) -> None:
    item = parse_agenda_item(f"Baggrund\n{body}")
    assert section(item, "background").text == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("1. Notat.pdf\n2. Tidsplan.xlsx", ["Notat.pdf", "Tidsplan.xlsx"]),
        ("Bilag 1: Tidsplan\nBilag 2: Budget", ["Tidsplan", "Budget"]),
        ("• Kort.pdf\n• Høringssvar.pdf", ["Kort.pdf", "Høringssvar.pdf"]),
        ("Kort.pdf\nHøringssvar.pdf", ["Kort.pdf", "Høringssvar.pdf"]),
        ("-", []),
        ("Ingen", []),
        ("Ingen bilag.", []),
        (".", []),
    ],
)
def test_attachments(body: str, expected: list[str]) -> None:
    assert parse_agenda_item(f"Resumé\nTekst.\n\nBilag\n{body}\n").attachments == expected


# --------------------------------------------------------------------------------------------
# Robustness
# --------------------------------------------------------------------------------------------


def test_empty_text() -> None:
    item = parse_agenda_item("")
    assert item.to_dict() == {
        "title": None,
        "closed": False,
        "sections": [],
        "recommendation": {"by": None, "to": None, "points": []},
        "decision": None,
        "attachments": [],
    }
    assert parse_agenda_item("  \n\f\r\n").sections == []


def test_garbage_text_is_preamble_only() -> None:
    text = "blå hest kaffe tirsdag vindue\nRegn over byen og cykler\n\nmere tekst her"
    item = parse_agenda_item(text)
    assert item.title is None
    assert outline(item) == [("other", "")]
    assert item.sections[0].text == (
        "blå hest kaffe tirsdag vindue Regn over byen og cykler\n\nmere tekst her"
    )
    assert item.decision is None and item.attachments == []


def test_random_input_never_raises() -> None:
    rng = random.Random(1234)
    vocabulary = [
        "Beslutning",
        "Bilag",
        "Indstilling",
        "indstiller",
        "at",
        ":",
        "1.",
        "•",
        "\n",
        "\n\n",
        "\r\n",
        "\f",
        "\u00a0",
        "Resumé",
        "Lukket",
        "den 12-03-2019",
        "Til",
        "”",
        "-",
        "(",
        "Tidligere beslutninger",
        "æøå",
    ]
    for _ in range(200):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 40)))
        data = parse_agenda_item(text).to_dict()
        json.dumps(data)
