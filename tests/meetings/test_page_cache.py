"""The cached meeting and item pages (innovation/shared/pagecache.py): per audience, never
stale after a write by any path, never showing one audience what another may see."""

import importlib
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Idea
from innovation.models import Project
from innovation.shared import pagecache
from meetings.models import AgendaItem, Meeting, PrivateNote, ReadMark
from tests.catalogue.factories import IdeaFactory
from tests.meetings.conftest import SECRET
from tests.meetings.factories import AgendaItemFactory, CommitteeFactory, full_item


def page(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def pages(meeting, open_item, closed_item):
    return [meeting.get_absolute_url(), closed_item.get_absolute_url()]


def test_the_cache_is_shared_by_app_servers_and_sessions_are_not_in_memory():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in {
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }
    assert settings.SESSION_ENGINE in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    }


def test_every_write_raises_the_version_and_a_readers_own_rows_do_not(
    db, meeting, open_item, committee_member, other_committee
):
    before = pagecache.current_version()
    AgendaItem.objects.filter(pk=open_item.pk).update(title="Ændret ved bulk")
    assert pagecache.current_version() > before
    before = pagecache.current_version()
    meeting.co_hosts.add(other_committee)  # a many-to-many table
    assert pagecache.current_version() > before
    before = pagecache.current_version()
    with connection.cursor() as cursor:  # another process writing SQL of its own
        cursor.execute("UPDATE meetings_committee SET description = 'Ny' WHERE id = %s", [1])
    assert pagecache.current_version() > before
    before = pagecache.current_version()
    PrivateNote.objects.create(user=committee_member, item=open_item, text="Min egen note")
    ReadMark.objects.create(user=committee_member, item=open_item, content_hash="x")
    assert pagecache.current_version() == before


def test_each_part_of_the_content_has_its_own_version(db, meeting, open_item, committee_member):
    """An idea submitted, a project changed or a sign-in leaves the meeting pages' entries in
    the cache; a write to the meetings or to a name they show does not."""
    meetings = ("meetings", "people")
    before = pagecache.current_version(meetings)
    catalogue = pagecache.current_version(("catalogue",))
    projects = pagecache.current_version(("innovation",))
    idea = IdeaFactory(submitted_by=committee_member, status=Idea.Status.PUBLISHED)
    Project.objects.create(title="Et projekt", committee=meeting.committee)
    committee_member.last_login = timezone.now()
    committee_member.set_password("et nyt kodeord")
    committee_member.save()
    assert pagecache.current_version(meetings) == before
    assert pagecache.current_version(("catalogue",)) != catalogue
    assert pagecache.current_version(("innovation",)) != projects
    Idea.objects.filter(pk=idea.pk).update(title="Ny titel")
    assert pagecache.current_version(meetings) == before
    committee_member.first_name = "Nyt navn"
    committee_member.save()
    assert pagecache.current_version(meetings) != before
    before = pagecache.current_version(meetings)
    AgendaItem.objects.filter(pk=open_item.pk).update(title="Ændret")
    assert pagecache.current_version(meetings) != before


def test_an_idea_submitted_leaves_the_cached_meeting_page(client, meeting, open_item, staff):
    url = meeting.get_absolute_url()
    client.get(url)
    IdeaFactory(submitted_by=staff)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "meetings_agendaitem" not in tables  # served from the cache, not rendered again


def test_an_edit_in_the_workspace_shows_at_once(client, secretariat, committee_member, meeting):
    item = AgendaItemFactory(meeting=meeting, title="Gammel titel")
    for user in (None, committee_member, secretariat):
        assert "Gammel titel" in page(client, user, meeting.get_absolute_url())
        assert "Gammel titel" in page(client, user, item.get_absolute_url())
    client.force_login(secretariat)
    data = {
        "item-title": "Ny titel 4711",
        "item-case_reference": "",
        "item-recommendation_by": "",
        "item-recommendation_to": "",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-key": "summary",
        "sections-0-heading": "Resumé",
        "sections-0-text": "Ny sagsfremstilling 4712",
        "points-TOTAL_FORMS": "0",
        "points-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "save": "1",
    }
    response = client.post(reverse("meetings:workspace_item", args=[item.pk]), data)
    assert response.status_code == 302
    for user in (None, committee_member, secretariat):
        html = page(client, user, meeting.get_absolute_url())
        assert "Ny titel 4711" in html and "Gammel titel" not in html
        html = page(client, user, item.get_absolute_url())
        assert "Ny titel 4711" in html and "Ny sagsfremstilling 4712" in html


def test_a_bulk_update_and_raw_sql_show_at_once(client, meeting, open_item):
    url = open_item.get_absolute_url()
    assert "Åbent punkt om velfærdsteknologi" in page(client, None, url)
    open_item.sections.update(text="Rettet i bulk 5151")
    assert "Rettet i bulk 5151" in page(client, None, url)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE meetings_meeting SET place = 'Ny mødesal 6262' WHERE id = %s", [meeting.pk]
        )
        cursor.execute(
            "UPDATE meetings_agendaitem SET title = 'Omdøbt med SQL 7373' WHERE id = %s",
            [open_item.pk],
        )
    html = page(client, None, meeting.get_absolute_url())
    assert "Ny mødesal 6262" in html and "Omdøbt med SQL 7373" in html


def test_a_change_of_policy_in_the_admin_hides_the_cached_agenda(
    client, superuser, meeting, open_item
):
    url = open_item.get_absolute_url()
    assert "Resumé af sagen" in page(client, None, url)
    committee = meeting.committee
    client.force_login(superuser)
    change = reverse("admin:meetings_committee_change", args=[committee.pk])
    form = client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        public_access="nothing",
        **_empty_inlines(client.get(change).context),
    )
    data = {
        key: ("on" if value is True else value) for key, value in data.items() if value is not False
    }
    response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(meeting.get_absolute_url()).status_code == 404


def _empty_inlines(context):
    data = {}
    for formset in context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)
        for form in formset.formset.initial_forms:
            for name in form.fields:
                value = form.initial.get(name)
                if value is not None and not isinstance(value, bool):
                    data[form.add_prefix(name)] = getattr(value, "pk", value)
                elif value is True:
                    data[form.add_prefix(name)] = "on"
    return data


@pytest.mark.parametrize("first", ["member", "secretariat"])
def test_members_content_never_reaches_another_audience(client, roles, pages, first):
    users = {name: user for name, user, _ in roles}
    for url in pages:
        assert SECRET in page(client, users[first], url)  # rendered and cached first
        for name, user, may_see_closed in roles:
            html = page(client, user, url)
            assert (SECRET in html) == may_see_closed, (name, url)


def test_public_first_does_not_hide_the_members_content(client, roles, pages):
    users = {name: user for name, user, _ in roles}
    for url in pages:
        assert SECRET not in page(client, None, url)
        assert SECRET in page(client, users["member"], url)
        assert SECRET in page(client, users["secretariat"], url)


def test_a_private_note_is_never_in_the_shared_page(client, committee, committee_member, open_item):
    from meetings.models import Membership
    from tests.factories import UserFactory
    from tests.meetings.factories import MembershipFactory

    colleague = UserFactory(username="kollega", role="Udvalgsmedlem")
    MembershipFactory(committee=committee, user=colleague, role=Membership.Role.CITIZEN_MEMBER)
    PrivateNote.objects.create(user=committee_member, item=open_item, text="Kun min note 8181")
    url = open_item.get_absolute_url()
    assert "Kun min note 8181" in page(client, committee_member, url)
    assert "Kun min note 8181" not in page(client, colleague, url)
    assert "Kun min note 8181" in page(client, committee_member, url)


def test_members_of_other_committees_get_their_own_earlier_items(client, db, committee):
    """The earlier items of a case depend on all the reader's committees: a member of another
    committee does not share the public's cached item (nor the public theirs)."""
    from meetings.models import Case, Membership
    from tests.factories import UserFactory
    from tests.meetings.factories import MeetingFactory, MembershipFactory

    other = CommitteeFactory(slug="lukket", public_access="nothing")
    reader = UserFactory(username="andenkreds", role="Udvalgsmedlem")
    MembershipFactory(committee=other, user=reader, role=Membership.Role.CITIZEN_MEMBER)
    case = Case.objects.create(reference="00.01.00-A00-1-26", title="Sag")
    earlier_meeting = MeetingFactory(committee=other, state=Meeting.State.PUBLISHED)
    earlier_meeting.starts_at = earlier_meeting.starts_at.replace(year=2020)
    earlier_meeting.save()
    AgendaItemFactory(meeting=earlier_meeting, case=case, title="Tidligere punkt 9191")
    item = full_item(MeetingFactory(committee=committee), case=case)
    url = item.get_absolute_url()
    assert "Tidligere punkt 9191" in page(client, reader, url)
    assert "Tidligere punkt 9191" not in page(client, None, url)


def test_the_meeting_list_is_cached_per_audience_and_fresh_after_a_write(
    client, secretariat, committee_member, meeting
):
    from tests.meetings.factories import MeetingFactory

    draft = MeetingFactory(
        committee=meeting.committee, number=9, title="Kladde 2424", state=Meeting.State.DRAFT
    )
    assert "Kladde 2424" in page(client, secretariat, "/moeder/")  # rendered and cached first
    for user in (None, committee_member):
        assert "Kladde 2424" not in page(client, user, "/moeder/")
    Meeting.objects.filter(pk=draft.pk).update(state=Meeting.State.PUBLISHED)
    for user in (None, committee_member, secretariat):
        assert "Kladde 2424" in page(client, user, "/moeder/")
    fragment = client.get("/moeder/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="meeting-list">')
    assert "Kladde 2424" in fragment


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCES = re.compile(r'<script [^>]*nonce="([^"]*)"')


def test_visitors_get_the_kept_page_with_two_queries_and_no_rendering(client, meeting, open_item):
    for url in (meeting.get_absolute_url(), open_item.get_absolute_url()):
        first = client.get(url)
        assert first.templates  # rendered once
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url)
        assert again.status_code == 200
        assert len(queries) == 2  # the version and the cache entry
        assert not again.templates
        assert open_item.title in again.content.decode()


def cache_writes(queries):
    table = settings.CACHES["default"].get("LOCATION", "")
    return [q["sql"] for q in queries.captured_queries if f'INSERT INTO "{table}"' in q["sql"]]


def test_a_page_kept_whole_keeps_no_fragments_of_its_own_and_readers_still_get_them(
    client, meeting, open_item, staff
):
    """A visitor's first view keeps one entry, the whole page: its fragments are kept with it,
    not beside it. A signed-in reader of the same audience renders and keeps the fragment."""
    if "DatabaseCache" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("counts the database cache's writes")
    for url in (reverse("meetings:index"), meeting.get_absolute_url()):
        client.logout()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(cache_writes(queries)) == 1, cache_writes(queries)
        client.force_login(staff)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        assert meeting.get_absolute_url() in html
        assert cache_writes(queries), "the fragment is kept for the readers of its audience"


def test_each_visitor_gets_their_own_csrf_token_and_nonce(meeting, open_item):
    url = meeting.get_absolute_url()
    pages = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        response = visitor.get(url)
        html = response.content.decode()
        assert "\x00" not in html
        nonces = set(NONCES.findall(html))
        assert len(nonces) == 1
        assert f"'nonce-{nonces.pop()}'" in response["Content-Security-Policy"]
        token = CSRF_INPUT.search(html).group(1)
        # The export form on the kept page works for this visitor.
        posted = visitor.post(
            reverse("export_start"),
            {
                "csrfmiddlewaretoken": token,
                "document": "meetings.pack",
                "object_id": meeting.pk,
                "variant": "pdf/ua-1",
            },
        )
        assert posted.status_code == 302
        pages.append((token, response["Content-Security-Policy"]))
    assert pages[0][0] != pages[1][0] and pages[0][1] != pages[1][1]


def test_signed_in_readers_and_htmx_never_get_the_visitors_page(
    client, meeting, open_item, closed_item, committee_member
):
    url = meeting.get_absolute_url()
    client.get(url)  # kept for visitors
    client.force_login(committee_member)
    html = client.get(url).content.decode()
    assert committee_member.get_username() in html or committee_member.get_full_name() in html
    assert closed_item.title in html
    client.logout()
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment


def test_a_page_that_is_not_found_holds_no_marks(client, db):
    response = client.get(reverse("meetings:meeting", args=[987654]))
    assert response.status_code == 404
    assert "\x00" not in response.content.decode()


def test_a_mark_sent_in_the_address_never_becomes_the_visitors_token_or_nonce(db):
    """The marks are new random strings for each page rendered: the marks of old, or any text a
    visitor puts in a search, stay what they are instead of becoming the token and nonce."""
    visitor = Client()
    for guessed in ("\x00csrf-token\x00", "\x00csp-nonce\x00"):
        response = visitor.get(reverse("catalogue:index"), {"q": guessed})
        html = response.content.decode()
        token = CSRF_INPUT.search(html) or re.search(r'"X-CSRFToken": "([^"]+)"', html)
        nonce = NONCES.search(html).group(1)
        searched = re.search(r'name="q" id="id_q" value="([^"]*)"', html).group(1)
        assert searched == guessed
        assert token.group(1) not in searched and nonce not in searched


def test_a_page_sent_but_not_kept_gets_the_visitors_token_too(rf, db):
    """A page rendered for keeping that comes out as something else (an error status, a
    cookie) is sent as it is: with the visitor's own token and nonce, never the marks."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.middleware.csp import ContentSecurityPolicyMiddleware
    from django.shortcuts import render

    @pagecache.for_visitors("test-invalid", domains=("meetings",))
    def view(request):
        return render(request, "base.html", status=422)

    request = rf.get("/et-ugyldigt-filter/")
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    ContentSecurityPolicyMiddleware(lambda request: None).process_request(request)
    html = view(request).content.decode()
    assert "\x00" not in html
    assert NONCES.search(html).group(1) == str(request._csp_nonce)


def test_a_search_refused_for_a_visitor_holds_their_token_not_the_marks(db):
    """Found by the breaker: the site search answers a value its form refuses with 400, a
    page rendered for keeping but not kept, which went out with the marks in place of the
    visitor's CSRF token and CSP nonce (its forms and scripts broken)."""
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(reverse("search:index"), {"q": "cykel", "year": "ikke et år"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "\x00" not in html
    nonce = NONCES.search(html).group(1)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    token = re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)
    posted = visitor.post(
        reverse("export_start"),
        {"csrfmiddlewaretoken": token, "document": "catalogue.pdf", "object_id": 0},
    )
    assert posted.status_code != 403


def test_a_deploy_does_not_serve_the_pages_kept_before_it(client, meeting, monkeypatch):
    """What renders the pages (templates, code, translations, static file names) is part of
    the key: a page kept before a deploy is not served after it."""
    url = meeting.get_absolute_url()
    monkeypatch.setattr(pagecache, "release", lambda: "before")
    client.get(url)
    assert not client.get(url).templates
    monkeypatch.setattr(pagecache, "release", lambda: "after")
    assert client.get(url).templates  # rendered again


def test_the_release_follows_the_sources(settings, tmp_path):
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>Før</p>")
    settings.BASE_DIR = tmp_path
    pagecache.release.cache_clear()
    try:
        before = pagecache.release()
        page.write_text("<p>Efter</p>")
        pagecache.release.cache_clear()
        assert pagecache.release() != before
    finally:
        pagecache.release.cache_clear()


def _visitor_pages(resolver=None, namespace=""):
    """The URL names of the views whose whole page is kept for visitors, with their domains."""
    from django.urls import URLPattern, get_resolver

    found = {}
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLPattern):
            domains = getattr(entry.callback, "visitor_domains", None)
            if domains is not None:
                found[f"{namespace}{entry.name}"] = domains
        else:
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found |= _visitor_pages(entry, inner)
    return found


TABLE = re.compile(r'(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)
# Tables no page content comes from: the versions, the cache, the sessions, content types.
MACHINERY = {"innovation_contentversion", "samskab_cache", "django_session", "django_content_type"}


def test_each_page_kept_for_visitors_reads_only_the_parts_it_is_keyed_by(
    db, settings, tmp_path, one_minute
):
    """A page kept for visitors is keyed by the versions of the parts of the content it
    declares (``for_visitors(domains=...)``): a table it reads from any other part would
    change without making it stale. Rendered afresh over the access matrix's world (every
    kind of row), each page reads only tables of its parts."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    from tests.access_world import build_world

    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    domain_of_table = {
        model._meta.db_table: pagecache.domain_of(model) for model in pagecache.tracked_models()
    }
    domain_of_table[get_user_model()._meta.db_table] = "people"
    # The search app's tables: the documents are written by triggers in the transaction of
    # what they index (whose own triggers raise its part), the text read from an attachment
    # raises the meetings (``search/documents.py``), and every document written raises its own
    # part (``pagecache.DOCUMENTS``: a draft's too, which raises no other).
    domain_of_table["search_attachmenttext"] = "meetings"
    derived = {"search_document": {"meetings", "catalogue", "innovation", "documents"}}
    idea = world["published_idea"]
    urls = {
        "meetings:index": ["/moeder/", "/moeder/?page=2&committee=1"],
        "meetings:meeting": [world["held_meeting"].get_absolute_url()],
        "meetings:item": [
            world["open_item"].get_absolute_url(),
            world["closed_item"].get_absolute_url(),
        ],
        "catalogue:index": [reverse("catalogue:index"), reverse("catalogue:index") + "?q=cykel"],
        "catalogue:idea": [reverse("catalogue:idea", args=[idea.pk])],
        "projects": [reverse("projects")],
        "search:index": [
            reverse("search:index") + "?q=cykel",
            reverse("search:index") + "?q=MARKER",
            reverse("search:index") + "?q=velf%C3%A6rd&type=item",
        ],
    }
    pages = _visitor_pages()
    assert set(pages) == set(urls)  # a new page kept for visitors: add its addresses here
    for name, addresses in urls.items():
        for url in addresses:
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = Client().get(url)
            assert response.status_code == 200, url
            tables = {
                table for query in queries.captured_queries for table in TABLE.findall(query["sql"])
            }
            tables -= MACHINERY
            tables = {table for table in tables if not table.startswith("unnest")}
            unknown = tables - set(domain_of_table) - set(derived)
            assert not unknown, (url, unknown)  # read, but no write to it raises a version
            read = {domain_of_table[table] for table in tables if table in domain_of_table}
            read |= {part for table in tables & set(derived) for part in derived[table]}
            assert read <= set(pages[name]), (url, read - set(pages[name]))


def test_fragments_rendered_for_visitors_hold_no_marks_for_readers_of_their_audience(
    meeting, open_item, staff, one_minute
):
    """A fragment is cached per audience, and a visitor's page render makes those of the
    public: one with a mark in it (a form's CSRF token, a script's nonce) would reach a
    signed-in reader of the same audience (staff on no committee) as the mark itself, and one
    rendered for that reader would bring their token into the visitors' page."""
    from tests.innovation.factories import ProjectFactory

    idea = IdeaFactory(status=Idea.Status.PUBLISHED, submitted_by=staff)
    ProjectFactory(committee=meeting.committee)
    urls = [
        "/moeder/",
        meeting.get_absolute_url(),
        open_item.get_absolute_url(),
        reverse("catalogue:index"),
        reverse("catalogue:idea", args=[idea.pk]),
        reverse("catalogue:matrix"),
        reverse("projects"),
        reverse("search:index") + "?q=velf%C3%A6rd",
    ]
    from django.core.cache import cache

    reader = Client()
    reader.force_login(staff)
    for url in urls:
        cache.clear()
        assert Client().get(url).status_code == 200  # rendered for visitors first
        assert "\x00" not in reader.get(url).content.decode(), url
        cache.clear()
        html = reader.get(url).content.decode()  # rendered for the reader first
        tokens = set(CSRF_INPUT.findall(html)) | set(re.findall(r'"X-CSRFToken": "([^"]+)"', html))
        visitor = Client().get(url).content.decode()
        assert tokens and not any(token in visitor for token in tokens), url


def test_every_part_of_the_content_has_its_version_row_from_the_migrations():
    """A write to a row no cached page shows locks its part's row before it looks; the row
    must exist before the part is first raised."""
    seeded = importlib.import_module("innovation.migrations.0013_content_versions_seeded")
    assert set(pagecache.DOMAINS.values()) <= set(seeded.PARTS)
