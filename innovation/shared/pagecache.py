"""Rendered fragments of the pages that many read (a meeting, an agenda item, an idea), cached
per audience and keyed by a version that every write raises.

The version: ``ContentVersion`` holds one counter. A statement-level trigger on every table
whose rows the pages show (``register_triggers``, installed by every ``migrate`` like the
history's) raises it in the writing transaction — a form, an action, the admin, a
``bulk_update``, a queryset's ``update()``, raw SQL or another process alike. So the new value
becomes visible together with the change, and a page read after a commit never finds a fragment
rendered before it. Reading the counter is one indexed row. The tables of what one reader alone
sees (private notes, read marks) and of the machinery (exports, workers, history events) raise
nothing.

The audience: a fragment is rendered for ``public`` (anonymous visitors and anyone on no
committee, staff included: they read the same), ``secretariat``, or the members of a given set
of committees (``committees-1.3``). Fragments never
hold what belongs to one reader (a private note, a CSRF token): the views render those parts
around the fragment, uncached. A reader's read marks are part of the key where a fragment shows
them, so a fragment only ever reaches readers whose own marks are the same.

The cache is ``CACHES["default"]`` (``innovation/settings.py``): PostgreSQL's by default, Redis
when configured, shared by every app server either way.
"""

import hashlib

import pgtrigger
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import mark_safe

from innovation.shared import permissions

PUBLIC = "public"
SECRETARIAT = "secretariat"

# Apps whose tables the pages show, and the models in them that raise nothing: one reader's
# own rows and the machinery's.
APPS = ["meetings", "catalogue", "innovation", "taggit"]
QUIET = {
    "innovation.ContentVersion",
    "innovation.Export",
    "innovation.Submission",
    "innovation.Worker",
    "meetings.PrivateNote",
    "meetings.ReadMark",
}

TRIGGER = pgtrigger.Trigger(
    name="content_version",
    level=pgtrigger.Statement,
    when=pgtrigger.After,
    operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete | pgtrigger.Truncate,
    func=(
        "INSERT INTO innovation_contentversion (id, value) VALUES (1, 1) "
        "ON CONFLICT (id) DO UPDATE SET value = innovation_contentversion.value + 1; "
        "RETURN NULL;"
    ),
)


def tracked_models():
    """The models whose writes raise the version: every model of ``APPS`` (many-to-many
    tables included) except ``QUIET`` and the history's event models, and the users (names
    are shown)."""
    import pghistory.models

    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        if (
            model._meta.app_label in APPS
            and label not in QUIET
            and not model._meta.proxy
            and not issubclass(model, pghistory.models.Event)
        ):
            yield model
    yield get_user_model()


def register_triggers():
    """Called once from ``InnovationConfig.ready``; ``migrate`` installs the triggers."""
    for model in tracked_models():
        pgtrigger.register(TRIGGER)(model)


def current_version() -> int:
    from innovation.shared.models import ContentVersion

    return ContentVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def with_version(queryset):
    """``queryset`` with each row's ``content_version``: the version read in the same query
    as the page's object (pass it to ``cached`` as ``version``)."""
    from django.db.models import Subquery

    from innovation.shared.models import ContentVersion

    return queryset.annotate(
        content_version=Subquery(ContentVersion.objects.filter(pk=1).values("value")[:1])
    )


def audience(user) -> str:
    """The audience ``user`` reads the meetings' pages as. What ``visible_to`` shows depends
    on nothing else: the secretariat sees everything; anyone else by the committees they are
    on — a page may list what another of their committees shows them (the earlier items of a
    case) — and with none, as the public (anonymous visitors, staff)."""
    if permissions.is_secretariat(user):
        return SECRETARIAT
    if not user.is_authenticated:
        return PUBLIC
    committees = sorted(
        user.committee_memberships.order_by().values_list("committee_id", flat=True)
    )
    return "committees-" + ".".join(map(str, committees)) if committees else PUBLIC


def cached(name, *parts, make, version=None):
    """The value ``make()`` gives for ``name`` and ``parts`` (what it shows: object ids, the
    audience, a reader's marks) at the current version (``version``, read with the page's
    object by ``with_version``, or else read now): from the cache, or made and kept. Two
    queries with the database cache (the version, the entry), one with Redis."""
    if version is None:
        version = current_version()
    raw = ":".join(str(part) for part in (name, *parts, translation.get_language(), version))
    key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, settings.SAMSKAB_PAGE_CACHE_SECONDS)
    return value


def fragment(name, *parts, render, version=None):
    """The HTML ``render()`` makes (our templates, escaped there), cached as ``cached``."""
    html = cached(name, *parts, make=lambda: str(render()), version=version)
    return mark_safe(html)  # noqa: S308
