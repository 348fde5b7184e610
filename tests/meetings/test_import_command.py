"""manage.py import_agenda_item: parse a plain-text agenda item, optionally create it."""

import io
import json
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from meetings.agenda_parser import parse_agenda_item
from meetings.models import AgendaItem, Attachment, ItemSection, Meeting, RecommendationPoint

FIXTURES = Path(__file__).parent / "fixtures" / "agenda_items"
SEED = FIXTURES / "gentofte_innovation_moede4.txt"
TITLE = "Teknologilaboratorium – indsigt i morgendagens teknologibaserede velfærdsløsninger"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("import_agenda_item", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def row_counts():
    return [m.objects.count() for m in (AgendaItem, ItemSection, RecommendationPoint, Attachment)]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.stem)
def test_json_is_exactly_the_parsed_item(path, db):
    out, _err = run(path, "--json")
    text = path.read_bytes().decode("utf-8")
    assert json.loads(out) == parse_agenda_item(text).to_dict()
    expected = json.dumps(parse_agenda_item(text).to_dict(), ensure_ascii=False, indent=2)
    assert out == expected + "\n"


def test_json_with_title_override(db):
    out, _err = run(SEED, "--json", "--title", "Andet navn")
    assert json.loads(out)["title"] == "Andet navn"


def test_seed_creates_the_item(meeting):
    meeting.state = Meeting.State.DRAFT
    meeting.save()
    out, _err = run(SEED, "--meeting", meeting.pk, "--title", TITLE)
    item = AgendaItem.objects.get(meeting=meeting)
    with translation.override("en"):
        label = str(meeting)
    assert out.strip().endswith(f"Created item {item.number}. {TITLE} in {label}")
    assert item.title == TITLE
    assert not item.is_closed
    assert [s.key for s in item.sections.all()] == [
        "summary",
        "background",
        "recommendation",
        "previous_decisions",
    ]
    assert [s.heading for s in item.sections.all()][0] == "Resumé"
    points = list(item.points.order_by("order"))
    assert len(points) == 2
    assert points[0].text.startswith("At opgaveudvalget får en fælles viden om de største")
    assert item.recommendation_by == "Tværgående Funktioner"
    assert item.recommendation_to == "Opgaveudvalget om Innovation"


def test_json_and_meeting_keeps_stdout_json_only(meeting):
    out, err = run(SEED, "--meeting", meeting.pk, "--title", TITLE, "--json")
    assert json.loads(out)["recommendation"]["by"] == "Tværgående Funktioner"
    assert "Created item" in err
    assert AgendaItem.objects.filter(meeting=meeting, title=TITLE).exists()


def test_without_meeting_nothing_is_written(db):
    before = row_counts()
    out, _err = run(SEED)
    assert "Nothing was written" in out
    assert (
        "Recommendation by Tværgående Funktioner to Opgaveudvalget om Innovation. Points: 2" in out
    )
    assert row_counts() == before


def test_dry_run_writes_nothing(meeting):
    before = row_counts()
    out, _err = run(SEED, "--meeting", meeting.pk, "--title", TITLE, "--dry-run")
    assert "Dry run: would create item" in out
    assert row_counts() == before


def test_dry_run_still_checks_the_rules(meeting):
    with pytest.raises(CommandError, match="no title"):
        run(SEED, "--meeting", meeting.pk, "--dry-run")
    assert not AgendaItem.objects.exists()


def test_unknown_meeting_is_a_command_error(db):
    with pytest.raises(CommandError, match="No meeting with id 999999"):
        run(SEED, "--meeting", 999999, "--title", TITLE)


def test_missing_file_is_a_command_error(db, tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        run(tmp_path / "findes-ikke.txt", "--json")


def test_no_title_is_a_command_error(meeting):
    with pytest.raises(CommandError, match="no title"):
        run(SEED, "--meeting", meeting.pk)
    assert not AgendaItem.objects.exists()


def test_approved_meeting_is_locked(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.APPROVED)
    with pytest.raises(CommandError, match="minutes are approved"):
        run(SEED, "--meeting", meeting.pk, "--title", TITLE)
    assert not AgendaItem.objects.exists()


def test_decision_in_a_meeting_not_held_is_a_command_error(meeting):
    path = FIXTURES / "lukket_personalesag.txt"
    with pytest.raises(CommandError, match="not held"):
        run(path, "--meeting", meeting.pk)


def test_stdin(meeting, monkeypatch):
    data = SEED.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    out, _err = run("-", "--meeting", meeting.pk, "--title", TITLE)
    assert "Created item" in out
    assert AgendaItem.objects.get(meeting=meeting).points.count() == 2


def test_stdin_json(db, monkeypatch):
    text = SEED.read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))  # no .buffer: read as text
    out, _err = run("-", "--json")
    assert json.loads(out) == parse_agenda_item(text).to_dict()


def test_windows_export_in_cp1252(meeting, tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "windows.txt"
    path.write_bytes(text.encode("cp1252"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    out, _err = run(path, "--json")
    assert json.loads(out) == parse_agenda_item(text).to_dict()
    assert "Tværgående Funktioner" in out
    run(path, "--meeting", meeting.pk, "--title", TITLE)
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.sections.get(key="summary").text.startswith("Opgaveudvalget om Innovation skal")
    assert item.recommendation_by == "Tværgående Funktioner"


def test_title_override(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD)
    path = FIXTURES / "odense_sagens_kerne.txt"
    parsed_title = parse_agenda_item(path.read_text(encoding="utf-8")).title
    run(path, "--meeting", meeting.pk, "--title", "Eget navn på punktet")
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.title == "Eget navn på punktet" != parsed_title


def test_parsed_title_and_decision_into_a_held_meeting(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD)
    path = FIXTURES / "odense_sagens_kerne.txt"
    parsed = parse_agenda_item(path.read_text(encoding="utf-8"))
    run(path, "--meeting", meeting.pk)
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.title == parsed.title == "Trafiksikkerhedsplan 2019-2022"
    assert item.decision == parsed.decision


def test_closed_item_is_created_closed(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD)
    run(FIXTURES / "lukket_personalesag.txt", "--meeting", meeting.pk)
    assert AgendaItem.objects.get(meeting=meeting).is_closed


def test_sections_after_the_decision_are_imported_with_their_keys(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD)
    run(FIXTURES / "stevns_sagens_gang_efter_beslutning.txt", "--meeting", meeting.pk)
    item = AgendaItem.objects.get(meeting=meeting)
    assert [(s.key, s.heading) for s in item.sections.all()] == [
        ("summary", "Resume"),
        ("recommendation", "Indstilling"),
        ("other", "Sagens gang"),
        ("background", "Beskrivelse af sagen"),
        ("other", "Økonomi"),
    ]
    assert item.decision == "Udvalget tager orienteringen til efterretning."
    assert list(item.points.values_list("text", flat=True)) == [
        "udvalget tager orienteringen til efterretning."
    ]


def test_decisions_of_the_bodies_on_the_way_are_imported(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD)
    path = FIXTURES / "stevns_udvalgenes_beslutninger_nummereret.txt"
    run(path, "--meeting", meeting.pk)
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.recommendation_by == "Politik & Borger"
    assert item.recommendation_to == "KB via DIR, SSU, PMT, BUL, AET og ØU"
    assert item.points.count() == 2
    previous = item.sections.get(key="previous_decisions")
    assert previous.heading == ""
    with translation.override("en"):
        assert previous.display_heading == "Previous decisions"
    assert "Direktionen, 6. januar 2020, pkt. 2: Anbefales." in previous.text
    assert item.decision.startswith("Ad 1. Godkendt")
