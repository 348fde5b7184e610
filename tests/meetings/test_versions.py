"""meetings/versions.py on its own: the snapshot of an agenda, what changed between two, the
word-level diff, and read marks."""

import datetime

from django.utils import timezone

from meetings import versions
from meetings.versions import CHANGED, NEW, Read, Segment


def entry(pk, number, title="Punkt", *, closed=False, sections=(), points=(), attachments=()):
    item = {
        "id": pk,
        "number": number,
        "title": title,
        "closed": closed,
        "recommendation_by": "Tværgående Funktioner",
        "recommendation_to": "Opgaveudvalget",
        "sections": [
            {"id": sid, "key": "summary", "heading": heading, "text": text}
            for sid, heading, text in sections
        ],
        "points": list(points),
        "attachments": [{"id": aid, "title": t, "closed": c} for aid, t, c in attachments],
    }
    item["hash"] = versions.content_hash(item)
    return item


def agenda(*items):
    return {"items": list(items)}


def test_nothing_changed_is_no_change():
    old = agenda(entry(1, 1, sections=[(10, "Resumé", "Tekst.")]))
    assert versions.changes(old, old) == []


def test_added_removed_and_moved_items():
    old = agenda(entry(1, 1, "Første"), entry(2, 2, "Anden"), entry(3, 3, "Tredje"))
    new = agenda(entry(2, 1, "Anden"), entry(1, 2, "Første"), entry(4, 4, "Ny"))
    found = {change.id: change for change in versions.changes(old, new)}
    assert found[4].kind == "added" and found[4].number == 4
    assert found[3].kind == "removed" and found[3].number == 3 and found[3].title == "Tredje"
    assert (found[1].moved_from, found[1].number) == (1, 2)
    assert (found[2].moved_from, found[2].number) == (2, 1)
    assert not found[1].content_changed
    # In the agenda's order: by number now, a removed item after the item now at its number.
    assert [c.id for c in versions.changes(old, new)] == [2, 1, 3, 4]


def test_title_and_closedness():
    old = agenda(entry(1, 1, "Gammel titel"), entry(2, 2, "Lukket", closed=True))
    new = agenda(entry(1, 1, "Ny titel", closed=True), entry(2, 2, "Lukket"))
    first, second = versions.changes(old, new)
    assert first.old_title == "Gammel titel" and first.title == "Ny titel"
    assert first.was_closed_now and not first.opened and first.is_secret
    assert second.opened and second.is_secret and not second.closed


def test_sections_points_and_attachments():
    old = agenda(
        entry(
            1,
            1,
            sections=[(10, "Resumé", "Udvalget drøfter modellen."), (11, "Baggrund", "Tekst.")],
            points=["At modellen godkendes.", "At den evalueres."],
            attachments=[(20, "Notat", False), (21, "Fortroligt", True)],
        )
    )
    new = agenda(
        entry(
            1,
            1,
            sections=[(10, "Resumé", "Udvalget godkender modellen."), (12, "Økonomi", "1 mio.")],
            points=["At modellen godkendes.", "At den evalueres i 2028."],
            attachments=[(20, "Notat", False), (22, "Bilag 2", False)],
        )
    )
    [change] = versions.changes(old, new)
    kinds = [(s.kind, s.heading) for s in change.sections]
    assert kinds == [("changed", "Resumé"), ("added", "Økonomi"), ("removed", "Baggrund")]
    assert change.sections[0].words == [
        Segment("equal", "Udvalget "),
        Segment("delete", "drøfter "),
        Segment("insert", "godkender "),
        Segment("equal", "modellen."),
    ]
    assert change.points_removed == ["At den evalueres."]
    assert change.points_added == ["At den evalueres i 2028."]
    assert [a["title"] for a in change.attachments_removed] == ["Fortroligt"]
    assert [a["title"] for a in change.attachments_added] == ["Bilag 2"]


def test_a_renamed_section_keeps_its_row():
    old = agenda(entry(1, 1, sections=[(10, "Resume", "Tekst.")]))
    new = agenda(entry(1, 1, sections=[(10, "Resumé", "Tekst.")]))
    [change] = versions.changes(old, new)
    [section] = change.sections
    assert (section.kind, section.old_heading, section.heading) == ("changed", "Resume", "Resumé")
    assert section.words == []


def test_everything_is_added_without_an_earlier_version():
    new = agenda(entry(1, 1), entry(2, 2))
    assert [c.kind for c in versions.changes(None, new)] == ["added", "added"]


def test_word_diff_keeps_the_text_and_marks_words():
    old = "Udvalget drøfter\nmodellen for innovation."
    new = "Udvalget godkender\nmodellen for samskabelse."
    segments = versions.word_diff(old, new)
    assert "".join(s.text for s in segments if s.op != "delete") == new
    assert "".join(s.text for s in segments if s.op != "insert") == old
    assert [s.op for s in segments] == ["equal", "delete", "insert", "equal", "delete", "insert"]


def test_word_diff_ignores_space_around_words_and_shortens_long_unchanged_runs():
    words = " ".join(f"ord{n}" for n in range(100))
    old = f"{words} slut."
    new = f"{words}  slut!"
    segments = versions.word_diff(old, new, context=5)
    assert segments[0] == Segment("gap", "… ")
    assert segments[1].op == "equal" and segments[1].text.split() == [
        f"ord{n}" for n in range(95, 100)
    ]
    assert segments[-2:] == [Segment("delete", "slut."), Segment("insert", "slut!")]
    middle = f"{words} midt {words}"
    segments = versions.word_diff(f"a {middle} b", f"c {middle} d", context=3)
    assert [s.op for s in segments] == [
        "delete",
        "insert",
        "equal",
        "gap",
        "equal",
        "delete",
        "insert",
    ]


def test_the_hash_leaves_out_number_and_row_ids():
    a = entry(1, 1, "Titel", sections=[(10, "Resumé", "Tekst.")])
    b = entry(1, 7, "Titel", sections=[(99, "Resumé", "Tekst.")])
    c = entry(1, 1, "Titel", sections=[(10, "Resumé", "Tekst!")])
    assert a["hash"] == b["hash"] != c["hash"]


def test_the_index_remembers_when_an_item_came():
    first = agenda(entry(1, 1))
    index1 = versions.index_of(first, number=1)
    second = agenda(entry(1, 1), entry(2, 2))
    index2 = versions.index_of(second, number=2, previous=index1)
    assert index2 == {
        "1": {"hash": first["items"][0]["hash"], "since": 1},
        "2": {"hash": second["items"][1]["hash"], "since": 2},
    }


def test_marks():
    now = timezone.now()
    earlier, later = now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=1)
    index = {
        "1": {"hash": "a", "since": 1},  # read as it is
        "2": {"hash": "b", "since": 1},  # read with other content before: changed
        "3": {"hash": "c", "since": 1},  # read with other content after: not changed
        "4": {"hash": "d", "since": 2},  # never read, came with version 2: new
        "5": {"hash": "e", "since": 1},  # never read, in version 1
    }
    reads = {1: Read("a", earlier), 2: Read("x", earlier), 3: Read("y", later)}
    assert versions.marks(index, now, reads) == {2: CHANGED, 4: NEW}


class Rows(list):
    def all(self):
        return self


def test_space_a_reader_does_not_see_is_no_change():
    from types import SimpleNamespace as Row

    def item(point, title="Titel"):
        return Row(
            pk=1,
            number=1,
            title=title,
            is_closed=False,
            recommendation_by="",
            recommendation_to="",
            sections=Rows(
                [Row(pk=10, key="summary", heading="Resumé", text="Linje 1  \nLinje 2\n")]
            ),
            points=Rows([Row(text=point)]),
            attachments=Rows([Row(pk=20, title="Bilag ", is_closed=False)]),
        )

    typed, saved = versions.item_entry(item("At ja. ")), versions.item_entry(item("At ja."))
    assert typed == saved
    assert versions.changes(agenda(typed), agenda(saved)) == []
    assert versions.item_entry(item("At nej."))["hash"] != saved["hash"]
