"""Published versions of an agenda, what changed between two of them, and read marks.

* ``snapshot(meeting)``: the agenda as it is now, as a version keeps it (``AgendaVersion``):
  the items in order with number, title, closed flag, who recommends to whom, sections
  (heading and text), recommendation points and attachment names. ``index_of`` is the small
  part of it that read marks need: per item the hash of its content and the version it first
  appeared in.
* ``changes(old, new)``: what changed from one snapshot to another, item by item (added,
  removed, moved, title, opened/closed, sections as a word-level diff, points and attachments
  added or removed). The versions page, the republish confirmation and the members' mail show
  it; the mail never names what is closed.
* Read marks: a member who reads an item's content (its page, or the agenda expanding it in
  place) leaves the hash of what was shown (``record_read``). An item whose content in the
  latest published version differs from what the member read before that version was
  published is ``CHANGED`` (“ændret siden du læste det”); one never read that came with a
  republication is ``NEW``.
"""

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

CHANGED = "changed"
NEW = "new"

# Unchanged runs of words longer than this many words on each side of a change are cut short.
CONTEXT_WORDS = 12


# Snapshots ---------------------------------------------------------------------------------


def _text(text: str) -> str:
    """A text as a reader sees it: without the spaces at the ends of it and of its lines,
    which the pages do not show (so that saving an item unchanged changes nothing)."""
    return "\n".join(line.rstrip() for line in (text or "").strip().splitlines())


def item_entry(item) -> dict:
    """An item as a version keeps it; its sections, points and attachments are read with
    ``.all()`` (prefetch them), in their order."""
    entry = {
        "id": item.pk,
        "number": item.number,
        "title": _text(item.title),
        "closed": item.is_closed,
        "recommendation_by": _text(item.recommendation_by),
        "recommendation_to": _text(item.recommendation_to),
        "sections": [
            {"id": s.pk, "key": s.key, "heading": _text(s.heading), "text": _text(s.text)}
            for s in item.sections.all()
        ],
        "points": [_text(point.text) for point in item.points.all()],
        "attachments": [
            {"id": a.pk, "title": _text(a.title), "closed": a.is_closed}
            for a in item.attachments.all()
        ],
    }
    entry["hash"] = content_hash(entry)
    return entry


def content_hash(entry: dict) -> str:
    """The hash of what a reader reads of an item: not its number or the rows' ids, so that
    moving an item or saving it unchanged is no change to its content."""
    content = {
        "title": entry["title"],
        "closed": entry["closed"],
        "recommendation_by": entry["recommendation_by"],
        "recommendation_to": entry["recommendation_to"],
        "sections": [[s["key"], s["heading"], s["text"]] for s in entry["sections"]],
        "points": entry["points"],
        "attachments": [[a["title"], a["closed"]] for a in entry["attachments"]],
    }
    data = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


def items_for_snapshot(meeting):
    """Every item of ``meeting`` with all its parts (the full agenda, closed parts included:
    a version is read by the secretariat; the mail and the pages decide what others see)."""
    from meetings.models import AgendaItem, Attachment, ItemSection, RecommendationPoint

    return (
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("number")
        .prefetch_related(
            Prefetch("sections", queryset=ItemSection.objects.order_by("order", "pk")),
            Prefetch("points", queryset=RecommendationPoint.objects.order_by("order", "pk")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("order", "pk")),
        )
    )


def snapshot(meeting) -> dict:
    """The agenda of ``meeting`` as it is now. Four queries."""
    return {"items": [item_entry(item) for item in items_for_snapshot(meeting)]}


def index_of(snapshot: dict, *, number: int, previous: dict | None = None) -> dict:
    """Per item (by id, as a string: JSON keys) the hash of its content and the number of the
    version it first appeared in, for version ``number`` after the one indexed ``previous``."""
    previous = previous or {}
    return {
        str(entry["id"]): {
            "hash": entry["hash"],
            "since": previous.get(str(entry["id"]), {}).get("since", number),
        }
        for entry in snapshot.get("items", [])
    }


# Changes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of a text in a diff: ``equal``, ``insert``, ``delete`` or ``gap`` (unchanged words
    left out)."""

    op: str
    text: str


@dataclass
class SectionChange:
    kind: str  # "added", "removed" or "changed"
    heading: str
    old_heading: str = ""  # the heading before, when it changed
    words: list[Segment] = field(default_factory=list)


@dataclass
class ItemChange:
    """What changed on one item between two versions. ``number`` and ``title`` are the item's
    now (as it was, for a removed item); ``closed``/``was_closed`` its closedness now and
    before."""

    id: int
    kind: str  # "added", "removed" or "changed"
    number: int
    title: str
    closed: bool
    was_closed: bool
    moved_from: int | None = None
    old_title: str = ""
    recommendation_changed: bool = False
    sections: list[SectionChange] = field(default_factory=list)
    points_added: list[str] = field(default_factory=list)
    points_removed: list[str] = field(default_factory=list)
    attachments_added: list[dict] = field(default_factory=list)
    attachments_removed: list[dict] = field(default_factory=list)

    @property
    def is_secret(self) -> bool:
        """Closed in either version: a mail names it “Lukket punkt <n>” and nothing more."""
        return self.closed or self.was_closed

    @property
    def opened(self) -> bool:
        return self.was_closed and not self.closed

    @property
    def was_closed_now(self) -> bool:
        return self.closed and not self.was_closed

    @property
    def content_changed(self) -> bool:
        return bool(
            self.old_title
            or self.recommendation_changed
            or self.sections
            or self.points_added
            or self.points_removed
            or self.attachments_added
            or self.attachments_removed
            or self.closed != self.was_closed
        )


def changes(old: dict | None, new: dict) -> list[ItemChange]:
    """What changed from snapshot ``old`` to ``new`` (``old`` None: everything is added), in
    the order of the agenda: items by their number now, removed ones by their number then."""
    old_items = {entry["id"]: entry for entry in (old or {}).get("items", [])}
    new_items = {entry["id"]: entry for entry in new.get("items", [])}
    found = []
    for pk, entry in new_items.items():
        before = old_items.get(pk)
        if before is None:
            found.append(_item(entry, kind="added", was_closed=entry["closed"]))
            continue
        change = _compare(before, entry)
        if change is not None:
            found.append(change)
    for pk, entry in old_items.items():
        if pk not in new_items:
            found.append(_item(entry, kind="removed", was_closed=entry["closed"]))
    return sorted(found, key=lambda change: (change.number, change.kind == "removed"))


def _item(entry, *, kind, was_closed):
    return ItemChange(
        id=entry["id"],
        kind=kind,
        number=entry["number"],
        title=entry["title"],
        closed=entry["closed"],
        was_closed=was_closed,
    )


def _compare(old, new) -> ItemChange | None:
    change = _item(new, kind="changed", was_closed=old["closed"])
    if old["number"] != new["number"]:
        change.moved_from = old["number"]
    if old["title"] != new["title"]:
        change.old_title = old["title"]
    change.recommendation_changed = (old["recommendation_by"], old["recommendation_to"]) != (
        new["recommendation_by"],
        new["recommendation_to"],
    )
    change.sections = _sections(old["sections"], new["sections"])
    change.points_removed, change.points_added = _list_diff(old["points"], new["points"])
    key = lambda a: (a["id"], a["title"], a["closed"])  # noqa: E731
    old_attachments, new_attachments = (
        set(map(key, old["attachments"])),
        set(map(key, new["attachments"])),
    )
    change.attachments_removed = [a for a in old["attachments"] if key(a) not in new_attachments]
    change.attachments_added = [a for a in new["attachments"] if key(a) not in old_attachments]
    if change.moved_from is None and not change.content_changed:
        return None
    return change


def _sections(old, new) -> list[SectionChange]:
    """Sections are matched by their row (a section kept in the editor keeps its id)."""
    before = {section["id"]: section for section in old}
    now_ids = {section["id"] for section in new}
    found = []
    for section in new:
        earlier = before.get(section["id"])
        if earlier is None:
            found.append(
                SectionChange(
                    kind="added",
                    heading=section["heading"],
                    words=[Segment("insert", section["text"])] if section["text"] else [],
                )
            )
        elif (earlier["heading"], earlier["text"]) != (section["heading"], section["text"]):
            found.append(
                SectionChange(
                    kind="changed",
                    heading=section["heading"],
                    old_heading=earlier["heading"]
                    if earlier["heading"] != section["heading"]
                    else "",
                    words=word_diff(earlier["text"], section["text"])
                    if earlier["text"] != section["text"]
                    else [],
                )
            )
    for section in old:
        if section["id"] not in now_ids:
            found.append(
                SectionChange(
                    kind="removed",
                    heading=section["heading"],
                    words=[Segment("delete", section["text"])] if section["text"] else [],
                )
            )
    return found


def _list_diff(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    """The entries removed from ``old`` and added in ``new``, in order."""
    removed, added = [], []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            removed += old[i1:i2]
        if op in ("insert", "replace"):
            added += new[j1:j2]
    return removed, added


_WORDS = re.compile(r"\S+\s*")


def _tokens(text: str) -> list[str]:
    """Each word with the space after it; space before the first word is a token of its own."""
    tokens = _WORDS.findall(text)
    lead = text[: len(text) - len(text.lstrip())]
    return [lead, *tokens] if lead else tokens


def word_diff(old: str, new: str, *, context: int = CONTEXT_WORDS) -> list[Segment]:
    """``old`` changed into ``new``, word by word (words compared without the space around
    them). Unchanged runs keep ``context`` words next to each change; the rest is a ``gap``."""
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(
        None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False
    )
    opcodes = matcher.get_opcodes()
    segments: list[Segment] = []
    for position, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            words = b[j1:j2]
            first, last = position == 0, position == len(opcodes) - 1
            keep_before = 0 if first else context
            keep_after = 0 if last else context
            if len(words) > keep_before + keep_after + 1:
                if keep_before:
                    segments.append(Segment("equal", "".join(words[:keep_before])))
                segments.append(Segment("gap", "… "))
                if keep_after:
                    segments.append(Segment("equal", "".join(words[-keep_after:])))
            else:
                segments.append(Segment("equal", "".join(words)))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return _merged(segments)


def _merged(segments):
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].op == segment.op:
            merged[-1] = Segment(segment.op, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


# Where an agenda stands -------------------------------------------------------------------


@dataclass
class Publishing:
    """Where the meeting's agenda stands: for the workspace's meeting page and the
    confirmation pages."""

    meeting: object  # a Meeting
    latest: object  # its newest AgendaVersion, or None
    refusal: str | None  # why (re)publishing is not possible now
    unpublished: list  # changes since the latest version (a published agenda only)


def publishing_of(meeting) -> Publishing:
    """A draft: whether it can be published. A published agenda: its latest version and the
    changes made since. Later states: the latest version. At most six queries, whatever the
    number of items."""
    from meetings import rules

    State = meeting.State
    latest = meeting.versions.select_related("published_by").order_by("-number").first()
    refusal, unpublished = None, []
    if meeting.state == State.DRAFT:
        refusal = rules.publishing_refusal(meeting)
    elif meeting.state == State.PUBLISHED:
        unpublished = changes(latest and latest.snapshot, snapshot(meeting))
        refusal = rules.publishing_refusal(meeting, republish=True) if unpublished else None
    return Publishing(meeting=meeting, latest=latest, refusal=refusal, unpublished=unpublished)


# Read marks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    content_hash: str
    read_at: object  # datetime


def marks(index: dict, published_at, reads: dict[int, Read]) -> dict[int, str]:
    """Per item id of a version (its ``index``, published at ``published_at``): ``CHANGED``
    where the reader read other content before the version was published, ``NEW`` where the
    reader never read an item that came with a republication. Items without a mark are left
    out."""
    found = {}
    for key, entry in index.items():
        pk = int(key)
        read = reads.get(pk)
        if read is None:
            if entry["since"] > 1:
                found[pk] = NEW
        elif read.content_hash != entry["hash"] and read.read_at < published_at:
            found[pk] = CHANGED
    return found


def keeps_read_marks(user, item) -> bool:
    """Read marks are kept for the members of the item's committees (and the secretariat,
    who read as members), for the items they may read in full: ``item`` comes from
    ``AgendaItem.objects.visible_to(user)``."""
    from meetings import querysets

    return bool(
        user.is_authenticated
        and getattr(user, "pk", None)
        and getattr(item, "can_see_closed", False)
        and item.access == querysets.FULL
    )


def latest_versions(meeting_ids) -> dict:
    """The newest version of each meeting: meeting id → (number, published_at, index). One
    query."""
    from meetings.models import AgendaVersion

    rows = (
        AgendaVersion.objects.filter(meeting_id__in=meeting_ids)
        .order_by("meeting_id", "-number")
        .distinct("meeting_id")
        .values_list("meeting_id", "number", "published_at", "index")
    )
    return {meeting_id: (number, at, index) for meeting_id, number, at, index in rows}


def reads_of(user, item_ids) -> dict[int, Read]:
    from meetings.models import ReadMark

    rows = ReadMark.objects.filter(user=user, item_id__in=item_ids).values_list(
        "item_id", "content_hash", "read_at"
    )
    return {item_id: Read(content_hash, read_at) for item_id, content_hash, read_at in rows}


def marks_for(user, items, meeting) -> dict[int, str]:
    """The marks of ``items`` (read through ``visible_to(user)``) of ``meeting`` for ``user``.
    Two queries, whatever the number of items; none for a reader who keeps no marks."""
    readable = [item.pk for item in items if keeps_read_marks(user, item)]
    if not readable:
        return {}
    latest = latest_versions([meeting.pk]).get(meeting.pk)
    if latest is None:
        return {}
    _number, published_at, index = latest
    index = {key: entry for key, entry in index.items() if int(key) in set(readable)}
    return marks(index, published_at, reads_of(user, readable))


def record_read(user, item, *, content_hash=None) -> None:
    """``user`` has read ``item`` (from ``items_with_content(user)``, its parts prefetched) as
    it is now, or as ``content_hash`` (``item_entry(item)["hash"]``, e.g. kept with the cached
    page) says. One query; nothing for a reader who keeps no marks."""
    from meetings.models import ReadMark

    if not keeps_read_marks(user, item):
        return
    ReadMark.objects.bulk_create(
        [
            ReadMark(
                user=user,
                item=item,
                content_hash=content_hash or item_entry(item)["hash"],
                read_at=timezone.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["user", "item"],
        update_fields=["content_hash", "read_at"],
    )
