"""History: who created, changed and deleted what, and when.

django-pghistory records it: ``track()`` puts PostgreSQL triggers on a model, so that every
insert, update and delete — through a form, an action, the admin, ``bulk_update``, a queryset's
``update()`` or raw SQL alike — writes a row to the model's event model (``<Model>Event`` in the
same app, with its own migrations). The row is a copy of the object as it was after the change
(before it, for a delete), with the context of the change: the user and the URL, set by
``pghistory.middleware.HistoryMiddleware`` for a request, or what a command or a background
job gives ``pghistory.context(...)``. Nothing is recorded by signals or by hand.

Reading: the apps decide which events belong together (a meeting's, an item's, an idea's) as
querysets of ``pghistory.models.Events`` and who may read them (``meetings.rules``,
``catalogue.querysets``); ``page()`` here turns them into ``Entry`` rows to show, newest first,
a page at a time, with the fields that changed, before → after. The queries of a page do not
grow with the number of events on it. This module never imports an app's models: it reads the
tracked model from each event.
"""

import dataclasses
import datetime
import difflib
import re
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath

import pghistory
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import BadRequest, ValidationError
from django.db import migrations, models
from django.db.models import Q, Value
from django.db.models.functions import Collate
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

PAGE_SIZE = 50
INSERT, UPDATE, DELETE = "insert", "update", "delete"
ACTIONS = {
    INSERT: gettext_lazy("created"),
    UPDATE: gettext_lazy("changed"),
    DELETE: gettext_lazy("deleted"),
}
# Texts longer than this are shown as a word diff (shorter ones as before → after).
SHORT_TEXT = 80
# Unchanged words kept around a change in a word diff; the rest is shortened to “…”.
CONTEXT_WORDS = 8


def track(*, exclude=(), quiet=()):
    """Record every create, change and delete of the decorated model.

    ``exclude``: fields not copied into the history (a generated column). ``quiet``: fields
    whose change alone is not worth an event (facts derived from a file). A change of an
    ``auto_now`` field alone (``updated_at``) is no event either."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(
            condition=pghistory.AnyChange(exclude=list(quiet), exclude_auto=True)
        ),
        pghistory.DeleteEvent(),
        exclude=list(exclude),
    )


BASELINE = "baseline"


def record_baseline(app_label, *model_names):
    """A migration operation that copies the rows of ``model_names`` as they are now into
    their event models, labelled ``baseline``: what a later change is compared with, for the
    rows that were there before the history began. Not shown as events themselves."""

    def forwards(apps, schema_editor):
        quote = schema_editor.quote_name
        for name in model_names:
            model = apps.get_model(app_label, name)
            event = apps.get_model(app_label, f"{name}Event")
            columns = {field.column for field in model._meta.concrete_fields}
            copied = [
                field.column
                for field in event._meta.concrete_fields
                if field.column in columns and not field.name.startswith("pgh_")
            ]
            names = ", ".join(quote(column) for column in copied)
            # Only quoted table and column names of the models go into the statement.
            schema_editor.execute(
                f"INSERT INTO {quote(event._meta.db_table)} "  # noqa: S608
                f"({names}, pgh_created_at, pgh_label, pgh_obj_id) "
                f"SELECT {names}, NOW(), %s, {quote(model._meta.pk.column)} "
                f"FROM {quote(model._meta.db_table)}",
                [BASELINE],
            )

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)


def events():
    """All recorded events, as pghistory's ``Events``; narrow them with ``across()``,
    ``references()`` or ``tracks()``."""
    from pghistory.models import Events

    return Events.objects.all()


def event_model(model):
    """The event model that records ``model``."""
    return model.pgh_event_model


# Reading ------------------------------------------------------------------------------------


@dataclasses.dataclass
class Change:
    """One field that changed: its name, and the value before and after, as text; a long
    text as a word diff (``words``: ``(kind, text)`` with kind ``same``, ``removed``,
    ``added`` or ``gap``)."""

    field: str
    before: str = ""
    after: str = ""
    words: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Entry:
    """One event as the reader sees it."""

    at: datetime.datetime
    action: str  # INSERT, UPDATE or DELETE
    kind: str  # the tracked model's verbose name
    name: str  # the object as it was (str() of the snapshot)
    within: str = ""  # the object it belongs to, e.g. “item 5”
    who: str = ""  # the user's name; empty: the system
    command: str = ""  # what the system ran, when no user did
    changes: list = dataclasses.field(default_factory=list)
    unknown_before: bool = False  # a change with no earlier record to compare with

    @property
    def action_label(self):
        return ACTIONS[self.action]


@dataclasses.dataclass
class Page:
    entries: list
    next_cursor: str  # empty on the last page
    first: bool


def page(querysets, *, cursor="", size=None, parents=None, redact=None):
    """One page of the events of ``querysets`` (``Events`` querysets that do not overlap),
    newest first, ``size`` (``PAGE_SIZE``) at a time, from ``cursor`` (the value of a page's
    ``next_cursor``; empty for the newest).

    ``parents`` maps a tracked model to the name of its foreign key to what it belongs to
    (``{ItemSection: "item"}``): an entry then names that object too, as it was last recorded,
    so that a deleted one is named as well. ``redact(model, diff)`` may leave out changes the
    reader may not see (``diff``: column → [before, after]). A cursor that cannot be read is a
    ``BadRequest``."""
    size = size or PAGE_SIZE
    after = _cursor_q(cursor)
    rows = []
    for queryset in querysets:
        shown = queryset.filter(pgh_label__in=ACTIONS)
        ordered = shown.alias(model_order=Collate("pgh_model", "C")).filter(after)
        rows += list(ordered.order_by("-pgh_created_at", "model_order", "pgh_id")[: size + 1])
    # The same order in Python: by model and id, then (stable) the newest first.
    rows.sort(key=lambda row: (row.pgh_model.encode(), row.pgh_id))
    rows.sort(key=lambda row: row.pgh_created_at, reverse=True)
    shown, more = rows[:size], len(rows) > size
    return Page(
        entries=_entries(shown, parents or {}, redact),
        next_cursor=_cursor_of(shown[-1]) if more and shown else "",
        first=not cursor,
    )


CURSOR = (
    r"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d:\d\d\|[a-z_]+\.[A-Za-z]+\|\d{1,18}\Z"
)


class PageForm(forms.Form):
    """Which page of a history: ``older`` names the last event of the page before."""

    older = forms.RegexField(regex=CURSOR, required=False)


def cursor(request):
    """The page of history ``request`` asks for (``PageForm``); a page that cannot exist is a
    ``BadRequest``."""
    form = PageForm(request.GET)
    if not form.is_valid():
        raise BadRequest("A page of the history that does not exist.")
    return form.cleaned_data["older"]


def _cursor_of(row):
    return f"{row.pgh_created_at.isoformat()}|{row.pgh_model}|{row.pgh_id}"


def _cursor_q(cursor):
    """Events after the one ``cursor`` names, in the order of ``page()``."""
    if not cursor:
        return Q()
    try:
        at, model, pk = cursor.split("|")
        at, pk = parse_datetime(at), int(pk)
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        raise BadRequest("A page of the history that does not exist.")
    return (
        Q(pgh_created_at__lt=at)
        | Q(pgh_created_at=at, model_order__gt=Collate(Value(model), "C"))
        | Q(pgh_created_at=at, pgh_model=model, pgh_id__gt=pk)
    )


def _entries(rows, parents, redact):
    users = _users(rows)
    values = _Values(rows)
    names = _parent_names(rows, parents)
    entries = []
    for row in rows:
        model = apps.get_model(row.pgh_obj_model)
        data = row.pgh_data or {}
        context = row.pgh_context or {}
        entry = Entry(
            at=row.pgh_created_at,
            action=row.pgh_label,
            kind=capfirst(model._meta.verbose_name),
            name=str(snapshot(model, data)),
        )
        if model in parents:
            field = model._meta.get_field(parents[model])
            entry.within = names.get((field.related_model, data.get(field.column)), "")
        user_id = context.get("user")
        if user_id is None:
            entry.command = context.get("command", "")
        elif user_id in users:
            entry.who = _name(users[user_id])
        else:
            entry.who = _("a deleted user")
        if row.pgh_label == UPDATE:
            diff = row.pgh_diff or {}
            if redact is not None:
                diff = redact(model, diff)
            entry.unknown_before = row.pgh_diff is None
            changes = [
                values.change(field, *diff[field.column])
                for field in shown_fields(model)
                if field.column in diff
            ]
            # A time stamped again within the minute reads the same: no change to show.
            entry.changes = [c for c in changes if c.words or c.before != c.after]
        entries.append(entry)
    return entries


def _parent_names(rows, parents):
    """``(model, pk)`` → “Agenda item 5. Title”, from the newest event of each: one query per
    kind of parent on the page."""
    wanted = {}
    for row in rows:
        model = apps.get_model(row.pgh_obj_model)
        if model in parents:
            field = model._meta.get_field(parents[model])
            wanted.setdefault(field.related_model, set()).add(
                (row.pgh_data or {}).get(field.column)
            )
    names = {}
    for parent, ids in wanted.items():
        latest = (
            event_model(parent)
            .objects.filter(pgh_obj_id__in=ids - {None})
            .order_by("pgh_obj_id", "-pgh_id")
            .distinct("pgh_obj_id")
        )
        kind = capfirst(parent._meta.verbose_name)
        for event in latest:
            data = {field.column: getattr(event, field.attname) for field in event._meta.fields}
            names[parent, event.pgh_obj_id] = f"{kind} {snapshot(parent, data)}"
    return names


def _users(rows):
    ids = {(row.pgh_context or {}).get("user") for row in rows} - {None}
    return {user.pk: user for user in get_user_model()._base_manager.filter(pk__in=ids)}


def _name(user):
    return user.get_full_name() or user.get_username()


def shown_fields(model):
    """The fields a reader sees change: those a person edits (not the primary key, nor what
    is computed or stamped on its own)."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and not isinstance(field, models.AutoField)
    ]


def snapshot(model, data):
    """An unsaved ``model`` instance with the values of an event's copy of it."""
    instance = model()
    for field in model._meta.concrete_fields:
        if field.column in data:
            setattr(instance, field.attname, _python(field, data[field.column]))
    return instance


def _python(field, value):
    if value is None:
        return None
    try:
        return field.to_python(value)
    except ValidationError:
        return value


class _Values:
    """Field values as text. Related objects are read at once, one query per related model
    named on the page."""

    def __init__(self, rows):
        wanted = {}
        for row in rows:
            if row.pgh_label != UPDATE or not row.pgh_diff:
                continue
            model = apps.get_model(row.pgh_obj_model)
            for field in shown_fields(model):
                if field.is_relation and field.column in row.pgh_diff:
                    ids = wanted.setdefault(field.related_model, set())
                    ids.update(value for value in row.pgh_diff[field.column] if value is not None)
        self.related = {}
        for related, ids in wanted.items():
            for obj in related._base_manager.filter(pk__in=ids):
                self.related[related, obj.pk] = obj

    def change(self, field, before, after):
        label = capfirst(field.verbose_name)
        if self._is_text(field, before, after):
            return Change(field=label, words=word_diff(before or "", after or ""))
        return Change(field=label, before=self.text(field, before), after=self.text(field, after))

    @staticmethod
    def _is_text(field, before, after):
        if field.choices or not isinstance(field, (models.CharField, models.TextField)):
            return False
        return max(len(before or ""), len(after or "")) > SHORT_TEXT

    def text(self, field, value):
        """``value`` (as the event stored it) for the reader."""
        if value is None or value == "" or value == []:
            return "–"
        if field.is_relation:
            obj = self.related.get((field.related_model, _python(field, value)))
            if obj is None:
                return _("no. %(pk)s (deleted)") % {"pk": value}
            user_model = get_user_model()
            return _name(obj) if isinstance(obj, user_model) else str(obj)
        if isinstance(field, ArrayField):
            return ", ".join(self.text(field.base_field, item) for item in value)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        python = _python(field, value)
        if isinstance(field, models.BooleanField):
            return pgettext("boolean", "Yes") if python else pgettext("boolean", "No")
        if isinstance(field, models.DateTimeField) and isinstance(python, datetime.datetime):
            return formats.date_format(timezone.localtime(python), "DATETIME_FORMAT")
        if isinstance(field, models.DateField) and isinstance(python, datetime.date):
            return formats.date_format(python, "DATE_FORMAT")
        if isinstance(field, models.TimeField) and isinstance(python, datetime.time):
            return formats.time_format(python, "TIME_FORMAT")
        if isinstance(field, models.DecimalField):
            try:
                return formats.number_format(Decimal(str(value)), use_l10n=True)
            except InvalidOperation:
                return str(value)
        if isinstance(field, models.FileField):
            return PurePosixPath(str(value)).name
        return str(python)


# A word with the spaces after it (and the spaces a text may begin with).
WORD = re.compile(r"^\s+|\S+\s*")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """``before`` → ``after`` word by word: ``(kind, text)`` pieces, kind ``same``,
    ``removed``, ``added``, or ``gap`` where a long unchanged stretch is left out."""
    old, new = WORD.findall(before), WORD.findall(after)
    pieces = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("same", old[i1:i2]))
            continue
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        # The spaces after a changed stretch are shown as unchanged, between the two.
        if removed.strip():
            pieces.append(("removed", [removed.rstrip()]))
            pieces.append(("same", [removed[len(removed.rstrip()) :] if not added else " "]))
        if added.strip():
            pieces.append(("added", [added.rstrip()]))
            pieces.append(("same", [added[len(added.rstrip()) :]]))
    return _shorten(_joined(pieces))


def _joined(pieces):
    """Neighbouring pieces of the same kind as one, without empty ones."""
    joined = []
    for kind, tokens in pieces:
        tokens = [token for token in tokens if token]
        if not tokens:
            continue
        if joined and joined[-1][0] == kind:
            joined[-1] = (kind, joined[-1][1] + tokens)
        else:
            joined.append((kind, tokens))
    return joined


def _shorten(pieces):
    """Keep ``CONTEXT_WORDS`` words of each unchanged stretch next to a change."""
    result = []
    for index, (kind, tokens) in enumerate(pieces):
        if kind != "same":
            result.append((kind, "".join(tokens)))
            continue
        first, last = index == 0, index == len(pieces) - 1
        head = [] if first else _words(tokens, CONTEXT_WORDS)
        tail = [] if last else _words(tokens[::-1], CONTEXT_WORDS)[::-1]
        if len(head) + len(tail) >= len(tokens):
            result.append(("same", "".join(tokens)))
            continue
        if head:
            result.append(("same", "".join(head)))
        result.append(("gap", "…"))
        if tail:
            result.append(("same", "".join(tail)))
    return result


def _words(tokens, count):
    """The first tokens of ``tokens`` that hold ``count`` words."""
    taken = []
    for token in tokens:
        if count == 0:
            break
        taken.append(token)
        count -= bool(token.strip())
    return taken
