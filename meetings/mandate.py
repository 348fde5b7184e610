"""The mandate tracker: each task of a committee's mandate, with what serves it.

The meetings app knows the agenda items that dealt with a task (``MandateTask.items``). What
else serves a task lives in the apps above meetings — the catalogue's ideas, the innovation
projects — so each of them registers a ``Servant`` from its ``AppConfig.ready()``, and meetings
never imports them. Every kind is read through its own ``visible_to(user)``.

``tracker(tasks, user)`` reads the tasks with, per kind, at most ``SHOWN`` rows per task and the
number of all of them: one query for the tasks and their counts and one per kind, however many
tasks and rows there are.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings import querysets

SHOWN = 5


@dataclass(frozen=True)
class Servant:
    """A kind of thing that serves mandate tasks.

    ``key``: the relation from a task to them (``"ideas"``); ``lookup``: the way from them to
    the task (``"mandate_task"``); ``rows(user)``: those ``user`` may see, in the order to show
    them; ``label(row)``, ``url(row)`` and ``note(row)``: how one is shown; ``list_url(task)``,
    if given: a page that lists all of them; ``order``: where the kind is shown."""

    key: str
    heading: str
    lookup: str
    rows: Callable[[object], QuerySet]
    label: Callable[[object], str] = str
    url: Callable[[object], str] = field(default=lambda row: row.get_absolute_url())
    note: Callable[[object], str] = field(default=lambda row: "")
    list_url: Callable[[object], str] | None = None
    order: int = 0  # where the kind is shown among the others


@dataclass(frozen=True)
class Entry:
    label: str
    url: str
    note: str


@dataclass(frozen=True)
class Served:
    """What of one kind serves one task: the first ``SHOWN`` entries and how many there are."""

    key: str
    heading: str
    entries: list[Entry]
    count: int
    list_url: str = ""

    @property
    def more(self) -> int:
        return self.count - len(self.entries)


SERVANTS: list[Servant] = []


def register(servant: Servant) -> None:
    """Add a kind to the tracker (from an app's ``AppConfig.ready()``); once per key."""
    if all(known.key != servant.key for known in SERVANTS):
        SERVANTS.append(servant)
        SERVANTS.sort(key=lambda known: known.order)


def _items(user):
    from meetings.models import AgendaItem

    return (
        AgendaItem.objects.visible_to(user)
        .filter(meeting__state__in=querysets.NOT_DRAFT)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-number")
    )


ITEMS = Servant(
    key="items",
    heading=_("Dealt with in"),
    lookup="mandate_tasks",
    rows=_items,
    label=lambda item: (
        gettext("Meeting %(meeting)s, item %(number)s: %(title)s")
        % {"meeting": item.meeting.number, "number": item.number, "title": item.display_title}
    ),
)
register(ITEMS)


def tracker(tasks: QuerySet, user) -> list:
    """``tasks`` with ``served``: per registered kind (by its ``order``), a ``Served``."""
    prefetches, counts = [], {}
    for servant in SERVANTS:
        rows = servant.rows(user)
        prefetches.append(
            Prefetch(servant.key, queryset=rows[:SHOWN], to_attr=f"shown_{servant.key}")
        )
        counts[f"count_{servant.key}"] = querysets.count_of(
            rows.filter(**{servant.lookup: OuterRef("pk")})
        )
    found = list(tasks.annotate(**counts).prefetch_related(*prefetches))
    for task in found:
        task.served = [
            Served(
                key=servant.key,
                heading=servant.heading,
                entries=[
                    Entry(label=servant.label(row), url=servant.url(row), note=servant.note(row))
                    for row in getattr(task, f"shown_{servant.key}")
                ],
                count=getattr(task, f"count_{servant.key}"),
                list_url=servant.list_url(task) if servant.list_url else "",
            )
            for servant in SERVANTS
        ]
    return found
