"""The access matrix, generated from the URLconf and the document registry, not listed by hand
(issue 13, point 2).

Every URL pattern of the root URLconf (the admin's included) and every document kind of
``innovation.shared.exports.DOCUMENTS`` is walked; their parameters are filled with the open and
closed objects of two committees (``tests/access_world.py``), and each response — page, HTMX
fragment, feed, CSV/JSON, attachment file, PDF text — is fetched for every role and searched for
the planted marker strings. A marker a role may not read is a leak, wherever it shows.

``EXPECTATIONS`` gives each URL pattern (by name; an unnamed one by its route) a policy: which
roles get a successful page (2xx) from it. The admin is declared as a whole (``"admin"``).
``DOCUMENTS`` names, for each document kind, the world's objects it is built for. A new URL
pattern or document kind without an entry fails ``test_every_url_and_document_has_an_entry``;
a pattern whose parameters cannot be filled fails ``test_every_parameter_is_filled``.
"""

import io
import re
import shutil
import uuid
from dataclasses import dataclass
from itertools import product

import pytest
from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from pypdf import PdfReader

from innovation.shared import exports, pagecache, pdf
from innovation.shared.models import ContentVersion, Export
from tests.access_world import MARKERS, OPEN, ROLES, SECRETARIAT, allowed, build_world
from tests.forms_made import forms_made

ALL = set(ROLES)
SIGNED_IN = ALL - {"anonymous"}
NOBODY = set()

POLICIES = {
    # Who gets a successful (2xx) answer to a GET of the pattern, for at least one of its objects.
    "public": ALL,
    "login_required": SIGNED_IN,
    # Everyone with a role submits ideas (``catalogue.querysets.can_submit``).
    "submitters": SIGNED_IN,
    # An idea's edit page: its submitter (the staff user's draft) and the secretariat.
    "submitter_of_idea": {"staff", *SECRETARIAT},
    # The admin's login page: whoever is not signed in as is_staff (they are sent on).
    "admin_login": ALL - SECRETARIAT,
    "members_of_committee": {"member", *SECRETARIAT},
    "secretariat": SECRETARIAT,
    "superuser": {"superuser"},
    # The admin: is_staff users (the secretariat); the superuser reads everything there.
    "admin": SECRETARIAT,
    # Only POST does something; a GET is refused (405) or sent to the login page.
    "post_only": NOBODY,
    # Sends the browser on (the favicon is a static file).
    "redirect": NOBODY,
    # Needs what no GET brings (a token mailed, an export made in one's own session).
    "nobody_by_get": NOBODY,
}

ADMIN = "admin"

EXPECTATIONS = {
    "favicon": "redirect",
    "healthz": "public",
    # The API's JSON 404 for the rest of ``/api/`` (tests/innovation/test_api.py): reversed, its
    # address is ``/api/`` itself, which the API's System object answers before it.
    "api_not_found": "public",
    "home": "public",
    "projects": "public",
    "innovation:model": "public",
    "innovation:network": "public",
    "innovation:trace": "public",
    "innovation:project_new": "secretariat",
    "innovation:project": "public",
    "innovation:project_edit": "secretariat",
    "innovation:gate": "secretariat",
    "innovation:gate_from_decision": "post_only",
    "innovation:propose": "secretariat",
    "innovation:note_add": "post_only",
    "innovation:funding_new": "secretariat",
    "innovation:funding_edit": "secretariat",
    "innovation:partnership_new": "secretariat",
    "innovation:partnership_edit": "secretariat",
    "innovation:partnership_remove": "post_only",
    "innovation:benefit_new": "secretariat",
    "innovation:benefit_edit": "secretariat",
    "innovation:targets_change": "secretariat",
    "innovation:measurement_new": "secretariat",
    "innovation:measurement_edit": "secretariat",
    "innovation:learning_new": "secretariat",
    "meetings:index": "public",
    "meetings:ical": "public",
    "meetings:committees": "public",
    "meetings:committee": "public",
    "meetings:committee_ical": "public",
    "meetings:meeting": "public",
    "meetings:minutes": "public",
    "meetings:item": "public",
    "meetings:item_note": "post_only",
    "meetings:attachment": "members_of_committee",
    "meetings:workspace": "secretariat",
    "meetings:workspace_new": "secretariat",
    "meetings:workspace_meeting": "secretariat",
    "meetings:workspace_edit": "secretariat",
    "meetings:workspace_history": "secretariat",
    "meetings:workspace_programme": "secretariat",
    "meetings:workspace_groups": "secretariat",
    "meetings:workspace_publish": "secretariat",
    # Its confirmation page needs a published agenda changed since; the world's agendas are
    # drafts or held (still fetched for every role: no 5xx, no marker).
    "meetings:workspace_republish": "nobody_by_get",
    "meetings:workspace_versions": "secretariat",
    "meetings:workspace_item_new": "secretariat",
    "meetings:workspace_item_paste": "secretariat",
    "meetings:workspace_item_followup": "secretariat",
    "meetings:workspace_item": "secretariat",
    "meetings:workspace_item_move": "post_only",
    "meetings:workspace_item_history": "secretariat",
    "meetings:workspace_item_preview": "secretariat",
    "meetings:workspace_attendance": "secretariat",
    "meetings:workspace_mark_held": "post_only",
    "meetings:workspace_approve": "post_only",
    "meetings:workspace_decision": "secretariat",
    "catalogue:index": "public",
    "catalogue:matrix": "public",
    "catalogue:export_csv": "public",
    "catalogue:export_json": "public",
    "catalogue:idea": "public",
    "catalogue:endorse": "post_only",
    "catalogue:comment": "post_only",
    "catalogue:submit": "submitters",
    "catalogue:validate": "post_only",
    "catalogue:similar": "submitters",
    "catalogue:my_ideas": "submitters",
    "catalogue:edit": "submitter_of_idea",
    "catalogue:resubmit": "post_only",
    "catalogue:curation": "secretariat",
    "catalogue:curate": "secretariat",
    "catalogue:curate_history": "secretariat",
    "catalogue:curate_status": "post_only",
    "catalogue:curate_note": "post_only",
    "catalogue:curate_link": "post_only",
    "catalogue:capture": "secretariat",
    "catalogue:workshop_ideas": "public",
    "catalogue:editions": "public",
    "search:index": "public",
    "export_start": "post_only",
    "export_status": "members_of_committee",
    "export_download": "members_of_committee",
    "login": "public",
    "logout": "post_only",
    "password_change": "login_required",
    "password_change_done": "login_required",
    "password_reset": "public",
    "password_reset_done": "public",
    "password_reset_confirm": "public",
    "password_reset_complete": "public",
    "media/<path:path>": "members_of_committee",
    # The public API and its open data: the public view for everyone (innovation/api.py).
    "api_docs": "public",
    "api:system": "public",
    "api:api-root": "public",
    "api:openapi-json": "public",
    "api:bodies": "public",
    "api:body": "public",
    "api:persons": "public",
    "api:papers": "public",
    "api:organizations": "public",
    "api:organization": "public",
    "api:meetings": "public",
    "api:meeting": "public",
    "api:agenda_item": "public",
    "api:file": "public",
    "api:ideas": "public",
    "api:idea": "public",
    "api:projects": "public",
    "api:project": "public",
    "api:data_meetings": "public",
    "api:data_ideas": "public",
    "api:data_catalog": "public",
    "admin:login": "admin_login",
    "admin:logout": "post_only",
    ADMIN: "admin",
}

# Which of the world's objects fill a pattern's parameters, by pattern name and parameter; a
# pattern is fetched once for every combination. ``slug:`` takes the object's slug.
FILL = {
    "innovation:trace": {"pk": ["project", "draft_project"]},
    "innovation:project": {"pk": ["project", "draft_project"]},
    "innovation:project_edit": {"pk": ["project", "draft_project"]},
    "innovation:gate": {"pk": ["project", "draft_project"]},
    "innovation:gate_from_decision": {"pk": ["project"], "item_pk": ["closed_item"]},
    "innovation:propose": {"pk": ["project", "draft_project"]},
    "innovation:note_add": {"pk": ["project"]},
    "innovation:funding_new": {"pk": ["project"]},
    "innovation:funding_edit": {"pk": ["applied_funding"]},
    "innovation:partnership_new": {"pk": ["project"]},
    "innovation:partnership_edit": {"pk": ["partnership"]},
    "innovation:partnership_remove": {"pk": ["partnership"]},
    "innovation:benefit_new": {"pk": ["project"]},
    "innovation:benefit_edit": {"pk": ["benefit"]},
    "innovation:targets_change": {"pk": ["benefit"]},
    "innovation:measurement_new": {"pk": ["benefit"]},
    "innovation:measurement_edit": {"pk": ["measurement"]},
    "innovation:learning_new": {"pk": ["project"]},
    "meetings:committee": {"slug": ["slug:committee_a", "slug:committee_b"]},
    "meetings:committee_ical": {"slug": ["slug:committee_a", "slug:committee_b"]},
    "meetings:attachment": {"pk": ["closed_attachment"]},
    "catalogue:capture": {"group_pk": ["group"]},
    "catalogue:workshop_ideas": {"group_pk": ["group"]},
    "export_status": {"pk": ["export"]},
    "export_download": {"pk": ["export"]},
    "password_reset_confirm": {"uidb64": ["text:MQ"], "token": ["text:set-password"]},
    "media/<path:path>": {"path": ["file:closed_attachment"]},
    "api:organization": {"pk": ["committee_a", "committee_b"]},
    "api:meeting": {"pk": ["held_meeting", "draft_meeting", "held_meeting_b"]},
    "api:agenda_item": {"pk": ["open_item", "closed_item", "closed_item_b", "draft_item"]},
    "api:file": {"pk": ["open_attachment", "closed_attachment"]},
    "api:idea": {"pk": ["published_idea", "draft_idea"]},
    "api:project": {"pk": ["project", "draft_project"]},
}
# Queries a pattern is fetched with besides its plain GET (and its forms' choices): the site
# search looks for every marker by the marker's last, unique part (the page repeats the words
# searched for; a whole marker shown is one found).
QUERIES = {
    "search:index": [{"q": marker.rsplit("-", 1)[1]} for marker in [*MARKERS, OPEN]],
}
MEETINGS = ["held_meeting", "draft_meeting", "held_meeting_b"]
ITEMS = ["open_item", "closed_item", "closed_item_b", "draft_item"]
IDEAS = ["published_idea", "draft_idea"]


def _table(pattern):
    """The objects for a pattern's parameters: ``FILL``, else a meeting page's meetings or
    items (by its route) and a catalogue page's ideas."""
    if pattern.key in FILL:
        return FILL[pattern.key]
    if pattern.key.startswith("meetings:"):
        return {"pk": ITEMS if "punkt/<int:pk>" in pattern.route else MEETINGS}
    if pattern.key.startswith("catalogue:"):
        return {"pk": IDEAS}
    return {}


DOCUMENTS = {
    "meetings.pack": MEETINGS,
    "meetings.recommendation": ITEMS,
    "meetings.minutes": MEETINGS,
    "innovation.recommendation": ["project", "draft_project"],
    "catalogue.pdf": ["catalogue_draft"],
}

ADMIN_MODEL = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")


@dataclass
class Pattern:
    key: str  # the URL name, or the route of an unnamed pattern
    route: str
    regex: str  # the whole pattern's regular expression, prefixes included
    params: tuple
    admin: bool

    @property
    def expectation(self):
        return ADMIN if self.admin and self.key not in EXPECTATIONS else self.key


def _walk(resolver, namespace="", route="", regex=""):
    for pattern in resolver.url_patterns:
        here = str(pattern.pattern)
        inner = pattern.pattern.regex.pattern.lstrip("^")
        if isinstance(pattern, URLResolver):
            space = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _walk(pattern, space, route + here, regex + inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            full = route + here
            yield Pattern(
                key=name or full,
                route=full,
                regex=regex + inner,
                params=tuple(re.compile(regex + inner).groupindex),
                admin=namespace == ADMIN,
            )


def patterns():
    return list(_walk(get_resolver()))


def _value(world, ref):
    kind, _, key = ref.rpartition(":")
    if kind == "text":
        return key
    if kind == "slug":
        return world[key].slug
    if kind == "file":
        return world[key].file.name
    return str(world[key].pk)


def _admin_values(world, pattern, param):
    """Values for an admin pattern's parameter: the world's objects of the pattern's model (or
    any one row of it), the app labels the pattern accepts, an object to view on site."""
    if param == "app_label":
        return re.search(r"\(\?P<app_label>([^)]*)\)", pattern.regex).group(1).split("|")
    if param == "url":
        return ["no-such-page/"]
    if param == "content_type_id":
        return [str(ContentType.objects.get_for_model(world["closed_item"]).pk)]
    if pattern.key == "admin:view_on_site" and param == "object_id":
        return [str(world["closed_item"].pk)]
    match = ADMIN_MODEL.match(pattern.route)
    if match is None or param not in ("object_id", "id"):
        return []
    model = apps.get_model(match["app"], match["model"])
    mine = [obj for obj in world.objects.values() if isinstance(obj, model)]
    mine += [user for user in world.users.values() if isinstance(user, model)]
    if not mine and (first := model._default_manager.first()) is not None:
        mine = [first]
    return [str(obj.pk) for obj in mine]


def fills(world, pattern):
    """Every combination of values for the pattern's parameters; [] when one has none."""
    if pattern.admin:
        choices = [_admin_values(world, pattern, param) for param in pattern.params]
    else:
        table = _table(pattern)
        choices = [[_value(world, ref) for ref in table.get(param, [])] for param in pattern.params]
    return [dict(zip(pattern.params, values, strict=True)) for values in product(*choices)]


def url_of(pattern, values):
    """The path of ``pattern`` with ``values``: its regular expression's groups replaced."""
    path = pattern.regex
    for name, value in values.items():
        path = re.sub(
            rf"\(\?P<{name}>(?:[^()]|\([^()]*\))*\)", lambda _m, v=value: v, path, count=1
        )
    path = path.replace("^", "").replace("\\Z", "").replace("$", "").replace("\\", "")
    return "/" + path


# The world, built once for the module.


@pytest.fixture(scope="module")
def world_in_module(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("matrix-media")
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(MEDIA_ROOT=media), translation.override("da"):
            world = build_world()
            # The text of the attachments' files, for the search (the upload's task runs when
            # the write commits; this transaction never does).
            call_command("search_index", stdout=io.StringIO())
            world.objects["catalogue_draft"] = exports.DOCUMENTS["catalogue.pdf"].get_object(0)
            world.objects["export"] = _export(world)
        with django_db_blocker.block():
            yield world, media
        transaction.set_rollback(True)


def _export(world):
    """A finished export of the members' recommendation of A's closed item, asked for by A's
    member."""
    builder = exports.DOCUMENTS["meetings.recommendation"]
    item = world["closed_item"]
    data = builder.build(item, audience="members")
    (pdf.cache_dir() / "matrix-export.pdf").write_bytes(data)
    return Export.objects.create(
        document=builder.name,
        object_id=item.pk,
        audience="members",
        variant=Export.Variant.ACCESSIBLE,
        language="da",
        fingerprint="matrix",
        status=Export.Status.DONE,
        file_path="matrix-export.pdf",
        filename="indstilling.pdf",
        title=builder.title(item, "members"),
        requested_by=world.users["member"],
    )


@pytest.fixture(scope="module")
def module_cache():
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"matrix-{uuid.uuid4().hex}",
        }
    }


@pytest.fixture(autouse=True)
def own_cache(settings, module_cache):
    """One page cache for the whole module (not one per test, as elsewhere): the roles run
    from the broadest readers down (``ROLES_IN_ORDER``), so a page fragment cached for one
    audience and served to another shows as a leak. The world does not change, so neither
    does the content version its keys hold."""
    settings.CACHES = module_cache


@pytest.fixture
def world(world_in_module, db, settings):
    world, media = world_in_module
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return world


# Reading a response.


def text_of(response) -> str:
    """What a reader gets: the body (a PDF's text), the headers, where a redirect goes."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = pdf_text(body) if body.startswith(b"%PDF") else body.decode("utf-8", errors="replace")
    return "\n".join([text, *(f"{k}: {v}" for k, v in response.headers.items())])


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    parts.append(str(reader.metadata or ""))
    return "\n".join(parts)


def _squeezed(text):
    """Without whitespace, hyphens and soft hyphens: a PDF breaks a marker across lines (at
    its hyphens, or hyphenating it)."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def found(text):
    squeezed = _squeezed(text)
    return {marker for marker in MARKERS if _squeezed(marker) in squeezed}


# The tests.


def without_entry():
    return {pattern.expectation for pattern in patterns()} - set(EXPECTATIONS)


def test_every_url_and_document_has_an_entry():
    """A new URL pattern or document kind fails here until it has its policy."""
    enumerated = {pattern.expectation for pattern in patterns()}
    assert without_entry() == set(), "URL patterns without an expectation"
    assert set(EXPECTATIONS) - enumerated == set(), "expectations for URL patterns gone"
    assert set(EXPECTATIONS.values()) <= set(POLICIES)
    assert set(exports.DOCUMENTS.builders()) == set(DOCUMENTS), (
        "document kinds without an entry in DOCUMENTS (or entries for kinds gone)"
    )


@override_settings(ROOT_URLCONF="tests.access_matrix_urls")
def test_a_new_url_without_an_entry_is_noticed():
    assert without_entry() == {"brand_new"}


def test_every_parameter_is_filled(world):
    """A pattern whose parameters the world cannot fill fails, it is not skipped."""
    unfilled = [p.key for p in patterns() if p.params and not fills(world, p)]
    assert unfilled == [], " ".join(
        sorted({p.route.split("<")[0] for p in patterns() if p.key in unfilled})
    )
    paths = {url_of(p, values) for p in patterns() for values in fills(world, p)}
    assert "/moeder/punkt/{}/".format(world["closed_item"].pk) in paths
    assert all("(" not in path and "<" not in path for path in paths), paths


def _fetch(client, role, path, query=None, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(path, query, headers=headers)
    # A 5xx raises in the test client (the view's exception); this says the rest.
    assert response.status_code < 500, (role, path, query, htmx)
    return response


def choices_read(made, response):
    """A query for every choice of every choice field (tabs, editions, filters) of the forms
    the view bound to the request's GET data: views of the same URL are fetched with each."""
    sent = response.wsgi_request.GET
    queries = []
    for form in made:
        if form.data is not sent:
            continue
        for name, field in form.fields.items():
            if type(field) not in (forms.ChoiceField, forms.TypedChoiceField):
                continue
            for value, _label in field.choices:
                if value not in ("", None) and not isinstance(_label, (list, tuple)):
                    queries.append({form.add_prefix(name): value})
    return queries


# The broadest readers first: what they leave in the page cache must not reach the others.
ROLES_IN_ORDER = ("superuser", "secretariat", "member", "other_member", "staff", "anonymous")


@pytest.mark.parametrize("role", ROLES_IN_ORDER)
def test_no_marker_leaks_from_any_url(client, world, role, request):
    if role != "anonymous":
        client.force_login(world.users[role])
    # Signing in writes the user (raising the content version): every role's test reads at
    # one version, so that it meets the fragments the roles before it left in the cache.
    for pk in pagecache.DOMAINS.values():
        ContentVersion.objects.update_or_create(pk=pk, defaults={"value": 1_000_000})
    may_read = allowed(role)
    leaks = []
    succeeded = {}
    seen = set()
    requests = 0

    def check(pattern, path, response, how):
        text = text_of(response)
        shown = found(text)
        seen.update(shown | ({OPEN} if _squeezed(OPEN) in _squeezed(text) else set()))
        # The superuser reads everything in the admin, members' private notes too.
        readable = set(MARKERS) if pattern.admin and role == "superuser" else may_read
        if shown - readable:
            leaks.append((path, how, response.status_code, sorted(shown - readable)))

    for pattern in patterns():
        for values in fills(world, pattern):
            path = url_of(pattern, values)
            with forms_made() as made:
                response = _fetch(client, role, path)
            requests += 1
            ok = 200 <= response.status_code < 300
            succeeded[pattern.expectation] = succeeded.get(pattern.expectation) or ok
            check(pattern, path, response, "page")
            if pattern.admin:
                continue
            check(pattern, path, _fetch(client, role, path, htmx=True), "htmx")
            requests += 1
            queries = [*choices_read(made, response), *QUERIES.get(pattern.key, [])]
            for query in queries if ok else []:
                for htmx in (False, True):
                    how = f"{'htmx' if htmx else 'page'} {query}"
                    check(pattern, path, _fetch(client, role, path, query, htmx), how)
                    requests += 1
    request.node.user_properties.append(("requests", requests))
    assert leaks == [], f"{role} reads what it may not:\n" + "\n".join(map(str, leaks))
    wrong = {
        key: (EXPECTATIONS[key], "2xx" if ok else "no 2xx")
        for key, ok in succeeded.items()
        if ok != (role in POLICIES[EXPECTATIONS[key]])
    }
    assert wrong == {}, f"{role} is answered against the policy: {wrong}"
    # The pages render the world: the role reads every marker it may read somewhere, and the
    # open item.
    assert OPEN in seen
    assert may_read - seen == set(), f"{role} never sees what it may read"


_built = {}
# A members' edition reads as a member of the document's committees: never a member's private
# note, nor what only the secretariat reads.
MEMBERS_EDITION = (allowed("member") | allowed("other_member")) - {"MARKER-PRIVATE-NOTE-d2c8"}


def _document_text(key, obj, audience):
    if (key, obj.pk, audience) not in _built:
        data = exports.DOCUMENTS[key].build(obj, audience=audience)
        _built[key, obj.pk, audience] = pdf_text(data)
    return _built[key, obj.pk, audience]


def obj_is_draft(obj):
    meeting = getattr(obj, "meeting", obj)
    return getattr(meeting, "state", None) == "draft" or getattr(obj, "is_published", True) is False


@pytest.mark.parametrize("role", ROLES)
def test_no_marker_leaks_from_any_document(world, role, request):
    """Each document kind, built synchronously for the audience the registry gives the role:
    it holds no marker the role may not read, nor one the audience may not read."""
    user = world.user(role)
    leaks = []
    built = 0
    for key, refs in DOCUMENTS.items():
        builder = exports.DOCUMENTS[key]
        for ref in refs:
            obj = builder.get_object(world[ref].pk)
            audience = builder.audience_for(user, obj)
            if audience is None:
                continue
            try:
                text = _document_text(key, obj, audience)
            except pdf.PdfError:
                continue  # "This edition of the document is not available."
            built += 1
            if audience == "public":
                audience_reads = allowed("anonymous")
            elif obj_is_draft(obj):
                # The secretariat's preview of a draft's members' edition (nobody else gets
                # an edition of a draft: the role check above).
                audience_reads = MEMBERS_EDITION | allowed("secretariat")
            else:
                audience_reads = MEMBERS_EDITION
            shown = found(text)
            if shown - allowed(role) or shown - set(audience_reads):
                wrong = (shown - allowed(role)) | (shown - set(audience_reads))
                leaks.append((key, ref, audience, sorted(wrong)))
    assert built, role
    request.node.user_properties.append(("documents", built))
    assert leaks == [], f"{role} reads what it may not in documents:\n" + "\n".join(map(str, leaks))


def test_members_edition_holds_the_closed_item(world):
    """The document check is not vacuous: the members' edition of the pack holds the closed
    item and the open one, the public edition only the open one."""
    pack = exports.DOCUMENTS["meetings.pack"]
    meeting = world["held_meeting"]
    assert pack.audience_for(world.users["member"], meeting) == "members"
    members = _document_text("meetings.pack", meeting, "members")
    public = _document_text("meetings.pack", meeting, "public")
    assert "MARKER-CLOSED-ITEM-7f3a" in found(members)
    assert _squeezed(OPEN) in _squeezed(public)
    assert "MARKER-CLOSED-ITEM-7f3a" not in found(public)


def test_the_closed_attachments_file_is_read(client, world):
    """The file checks are not vacuous: A's member reads the marker in the closed attachment's
    file, by its page and by its stored path; the public gets neither."""
    attachment = world["closed_attachment"]
    paths = [f"/moeder/bilag/{attachment.pk}/", f"/media/{attachment.file.name}"]
    for path in paths:
        assert client.get(path).status_code == 404
    client.force_login(world.users["member"])
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert found(text_of(response)) == {"MARKER-CLOSED-ATTACHMENT-91bd"}
