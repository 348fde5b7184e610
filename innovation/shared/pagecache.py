"""Rendered fragments of the pages that many read (a meeting, an agenda item, an idea), cached
per audience and keyed by a version that every write to what they can show raises.

The version: ``ContentVersion`` holds one counter per part of the content (``DOMAINS``: the
meetings, the catalogue, the projects, the people; and the search documents, ``DOCUMENTS``),
and a page is keyed by the counters of the parts it shows. A statement-level trigger on every
table whose rows the pages show (``register_triggers``, installed by every ``migrate`` like
the history's) raises its part's counter in the writing transaction — a form, an action, the
admin, a ``bulk_update``, a queryset's ``update()``, raw SQL or another process alike. So the
new value becomes visible together with the change, and a page read after a commit never finds
a fragment rendered before it. Reading the counters is one indexed read of a few rows. The
tables of what one reader alone sees (private notes, read marks) and of the machinery (exports,
workers, history events) raise nothing, and neither do the rows no cached page shows
(``SHOWN_ROWS``: a draft idea, its tags).

The audience: a fragment is rendered for ``public`` (anonymous visitors and anyone on no
committee, staff included: they read the same), ``secretariat``, or the members of a given set
of committees (``committees-1.3``). Fragments never
hold what belongs to one reader (a private note, a CSRF token): the views render those parts
around the fragment, uncached. A reader's read marks are part of the key where a fragment shows
them, so a fragment only ever reaches readers whose own marks are the same.

Every key also names the release (``release``): a deploy never serves what was rendered
before it.

The cache is ``CACHES["default"]`` (``innovation/settings.py``): PostgreSQL's by default, Redis
when configured, shared by every app server either way.
"""

import contextvars
import functools
import hashlib
import secrets
import time
from pathlib import Path

import pgtrigger
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.safestring import mark_safe

from innovation.shared import permissions

PUBLIC = "public"
SECRETARIAT = "secretariat"

# The parts of the content a page may show, each with its own version (the id of its row in
# ``innovation_contentversion``): an idea submitted does not make the meeting pages stale.
# A tracked table raises the version of its app's part; the users raise ``people``.
DOMAINS = {"meetings": 1, "catalogue": 2, "innovation": 3, "people": 4, "documents": 5}
# The search documents (``search.models.Document``) of everything, those no page shows too: a
# draft's document is written with no other part raised (``SHOWN_ROWS``), yet the site search
# reads its matches among all documents before it applies access, so a visitor's results
# depend on it. Raised by every write to the documents; only the site search is keyed by it.
DOCUMENTS = "documents"
EVERYTHING = ("meetings", "catalogue", "innovation", "people")
APP_DOMAINS = {"meetings": "meetings", "catalogue": "catalogue", "taggit": "catalogue"}
# Apps whose tables the pages show, and the models in them that raise nothing: one reader's
# own rows and the machinery's.
APPS = ["meetings", "catalogue", "innovation", "taggit"]
QUIET = {
    "catalogue.MatrixCount",  # counts of ideas, kept by the ideas' own triggers
    "innovation.ContentVersion",
    "innovation.Export",
    "innovation.Submission",
    "innovation.Worker",
    "meetings.PrivateNote",
    "meetings.ReadMark",
}
# What pages show of a user; a sign-in (``last_login``) or a new password raises nothing.
SHOWN_OF_USERS = ("username", "first_name", "last_name", "email", "is_active")


# Rows of a tracked table that no cached page shows — a draft idea, one awaiting curation, its
# tags — raise nothing: staff writing ideas leave the catalogue's kept pages alone. Model label
# → an SQL condition on the row ``r`` that is true where a cached page may show it; the app that
# knows its rules says so (``shown_rows``, called where its models are defined). A write raises
# the version when one row it wrote matches, before or after. Every cached page must then show
# only such rows of these tables.
SHOWN_ROWS: dict[str, str] = {}


def shown_rows(conditions):
    """Register ``{model label: SQL condition on r}`` (see ``SHOWN_ROWS``)."""
    SHOWN_ROWS.update(conditions)


def _bump(domain):
    # The id is one of DOMAINS' integers, never input.
    return (
        f"INSERT INTO innovation_contentversion (id, value) VALUES ({DOMAINS[domain]}, 1) "  # noqa: S608
        "ON CONFLICT (id) DO UPDATE SET value = innovation_contentversion.value + 1;"
    )


def _raise(domain):
    return f"{_bump(domain)} RETURN NULL;"


def _hold(domain):
    # The version's row locked, as an update of it would (``_bump``), its value unchanged.
    return (
        f"PERFORM FROM innovation_contentversion WHERE id = {DOMAINS[domain]} "  # noqa: S608
        "FOR NO KEY UPDATE;"
    )


def _raise_if_shown(domain, condition, tables):
    """The condition is read after the version's row is locked: a write that finds its idea
    outside the catalogue waits for a transaction that raised the version (publishing that
    idea, say) to commit, then reads the idea as that left it, in a statement of its own (a
    snapshot of its own). Read first, the idea would be found unpublished, nothing raised, and a
    page kept between the two commits would lack this write for good. Every write held the row
    so when each raised the version. (Every part has its row: migration innovation 0013.)"""
    found = " OR ".join(f"EXISTS (SELECT FROM {table} r WHERE {condition})" for table in tables)
    return f"{_hold(domain)} IF {found} THEN {_bump(domain)} END IF; RETURN NULL;"


def shown_triggers(domain, condition):
    """Statement-level triggers that raise ``domain`` when a row written (inserted, updated from
    or to, deleted) matches ``condition``; PostgreSQL gives one trigger one transition table
    each way, so one trigger per operation. Truncate raises always."""
    return [
        trigger(
            domain,
            name=name,
            operation=operation,
            referencing=pgtrigger.Referencing(**{side: f"{side}_rows" for side in sides}),
            func=_raise_if_shown(domain, condition, [f"{side}_rows" for side in sides]),
        )
        for name, operation, sides in [
            ("content_version", pgtrigger.Insert, ["new"]),
            ("content_version_update", pgtrigger.Update, ["old", "new"]),
            ("content_version_delete", pgtrigger.Delete, ["old"]),
        ]
    ] + [trigger(domain, name="content_version_truncate", operation=pgtrigger.Truncate)]


def trigger(domain, **options):
    options = {
        "name": "content_version",
        "level": pgtrigger.Statement,
        "operation": pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete | pgtrigger.Truncate,
        "func": _raise(domain),
        **options,
    }
    return pgtrigger.Trigger(when=pgtrigger.After, **options)


def domain_of(model) -> str:
    return APP_DOMAINS.get(model._meta.app_label, "innovation")


def tracked_models():
    """The models whose writes raise a version: every model of ``APPS`` (many-to-many
    tables included) except ``QUIET`` and the history's event models."""
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


def register_triggers():
    """Called once from ``InnovationConfig.ready``; ``migrate`` installs the triggers. The
    users raise ``people`` when a row comes or goes, or when what pages show of it changes."""
    for model in tracked_models():
        condition = SHOWN_ROWS.get(model._meta.label)
        if condition:
            pgtrigger.register(*shown_triggers(domain_of(model), condition))(model)
        else:
            pgtrigger.register(trigger(domain_of(model)))(model)
    pgtrigger.register(
        trigger("people", operation=pgtrigger.Insert | pgtrigger.Delete | pgtrigger.Truncate),
        pgtrigger.Trigger(
            name="content_version_names",
            level=pgtrigger.Row,
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            condition=pgtrigger.AnyChange(*SHOWN_OF_USERS),
            func=_raise("people"),
        ),
    )(get_user_model())


def _ids(domains):
    return sorted(DOMAINS[domain] for domain in domains)


# The versions of some parts as one string ("1-5.4-2"): read alone (``current_version``) or
# beside a page's object (``with_version``). Raw SQL: on a page served from the cache this is
# the only other query, and the ORM would cost more than the query itself.
VERSION_SQL = (
    "SELECT COALESCE(string_agg(id || '-' || value, '.' ORDER BY id), '') "
    "FROM innovation_contentversion WHERE id = ANY(%s)"
)


def current_version(domains=EVERYTHING) -> str:
    """The versions of ``domains`` as one string: it changes when any of them does."""
    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL, [_ids(domains)])
        return cursor.fetchone()[0]


def with_version(queryset, domains=EVERYTHING):
    """``queryset`` with each row's ``content_version``: the versions of ``domains`` read in
    the same query as the page's object (pass it to ``cached`` as ``version``)."""
    from django.db.models import CharField
    from django.db.models.expressions import RawSQL

    # A constant statement; the ids are bound as a parameter.
    versions = RawSQL(VERSION_SQL, (_ids(domains),), output_field=CharField())  # noqa: S611
    return queryset.annotate(content_version=versions)


def audience(user) -> str:
    """The audience ``user`` reads the meetings' pages as. What ``visible_to`` shows depends
    on nothing else: the secretariat sees everything; anyone else by the committees they are
    on — a page may list what another of their committees shows them (the earlier items of a
    case) — and with none, as the public (anonymous visitors, staff)."""
    if permissions.is_secretariat(user):
        return SECRETARIAT
    if not user.is_authenticated:
        return PUBLIC
    committees = sorted(permissions.member_committee_ids(user))
    return "committees-" + ".".join(map(str, committees)) if committees else PUBLIC


# The code, templates, translations and static files a page was rendered with: an entry kept
# from before a deploy would otherwise outlive it (the old markup, static files under names the
# new manifest no longer has) until the next write, or for a day.
SOURCES = ("templates", "locale")  # beside the project's own apps
SOURCE_SUFFIXES = (".py", ".html", ".txt", ".mo")


def _sources():
    base = Path(settings.BASE_DIR)
    own_apps = [
        Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(base) and ".venv" not in Path(config.path).parts
    ]
    return sorted({*own_apps, *(base / source for source in SOURCES)})


@functools.cache
def release() -> str:
    """A fingerprint of what renders the pages: the source files of the project's own apps,
    its templates and translations, and the static files' manifest. Read once per process."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256(getattr(staticfiles_storage, "manifest_hash", "").encode())
    for source in _sources():
        for path in sorted(source.rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(name, parts, domains, version):
    if version is None:
        version = current_version(domains)
    raw = ":".join(
        str(part) for part in (name, *parts, translation.get_language(), version, release())
    )
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def cached(name, *parts, make, domains=EVERYTHING, version=None):
    """The value ``make()`` gives for ``name`` and ``parts`` (what it shows: object ids, the
    audience, a reader's marks) at the current version of ``domains`` (what it shows of the
    content; ``version``, read with the page's object by ``with_version``, or else read now):
    from the cache, or made and kept. Two queries with the database cache (the version, the
    entry), one with Redis. Inside a page kept whole for visitors, simply made."""
    if _whole_page.get():
        # Kept whole for visitors (``for_visitors``): this part is kept with it, and a reader
        # of its audience who is signed in renders and keeps it on their own first view.
        return make()
    key = _key(name, parts, domains, version)
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, settings.SAMSKAB_PAGE_CACHE_SECONDS)
    return value


def fragment(name, *parts, render, domains=EVERYTHING, version=None):
    """The HTML ``render()`` makes (our templates, escaped there), cached as ``cached``."""
    html = cached(name, *parts, make=lambda: str(render()), domains=domains, version=version)
    return mark_safe(html)  # noqa: S308


# What a whole page holds of one request: the CSRF token of its forms and the CSP nonce of its
# scripts. A page rendered to be kept for anonymous visitors gets marks in their place
# (``marks``, a context processor after Django's), and each visitor's own are put back when
# it is sent. The marks are new random strings for each page rendered, kept with it: what a
# request brings into the page (a search word in the address) can never be a mark, so it never
# becomes the visitor's token or nonce.
MARK = "\x00{}-{}\x00"


def _new_marks():
    return {
        "csrf_token": MARK.format("csrf-token", secrets.token_hex(16)),
        "csp_nonce": MARK.format("csp-nonce", secrets.token_hex(16)),
    }


def _put_back(request, content, marks):
    """``content`` with this request's own CSRF token and CSP nonce in place of ``marks``."""
    csrf_mark, nonce_mark = marks["csrf_token"], marks["csp_nonce"]
    if csrf_mark in content:
        content = content.replace(csrf_mark, get_token(request))
    if nonce_mark in content:
        content = content.replace(nonce_mark, str(get_nonce(request)))
    return content


# Set while a page to be kept whole is rendered: its fragments are not kept on their own too.
_whole_page = contextvars.ContextVar("whole_page", default=False)


def this_minute():
    return int(time.time() // 60)


def marks(request):
    """Context processor: the marks in place of the token and the nonce while a page to be
    kept for visitors is rendered (``for_visitors``); nothing otherwise."""
    return dict(getattr(request, "page_for_visitors", None) or {})


def for_visitors(name, *, domains, clock=None):
    """A view decorator: the whole page as anonymous visitors get it, kept at the current
    version of ``domains`` (what the page shows of the content) per address (with the query
    string) and language, and per value of ``clock()`` where the page follows the clock (the minute,
    the day). Only plain GETs by anonymous visitors with no message waiting are served from
    it (a signed-in reader's page shows their name and their own rows; an htmx request gets a
    fragment), and only a 200 is kept. Every visitor gets their own CSRF token and CSP nonce.
    On a page that many read this leaves two queries with the database cache (the version,
    the entry) and no rendering."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                not settings.SAMSKAB_VISITOR_PAGES
                or request.method != "GET"
                or request.user.is_authenticated
                or getattr(request, "htmx", False)
                or len(messages.get_messages(request))
            ):
                return view(request, *args, **kwargs)
            # The host and scheme too: a page may name its own address.
            url = request.build_absolute_uri()
            parts = (name, url, clock() if clock else "")
            key = _key("whole-page", parts, domains, None)
            kept = cache.get(key)
            if kept is None:
                marks = request.page_for_visitors = _new_marks()
                whole = _whole_page.set(True)
                try:
                    response = view(request, *args, **kwargs)
                finally:
                    request.page_for_visitors = None
                    _whole_page.reset(whole)
                if response.streaming:
                    return response
                content = response.content.decode(response.charset)
                if response.status_code != 200 or response.cookies:
                    # Not kept, but sent: with this visitor's own token and nonce.
                    response.content = _put_back(request, content, marks)
                    return response
                kept = {"content": content, "type": response["Content-Type"], "marks": marks}
                cache.set(key, kept, settings.SAMSKAB_PAGE_CACHE_SECONDS)
            content = _put_back(request, kept["content"], kept["marks"])
            return HttpResponse(content, content_type=kept["type"])

        # What the page is keyed by, for the tests that check it against what it reads.
        wrapper.visitor_domains = tuple(domains)
        return wrapper

    return decorator
