"""The site search (``/soeg/``): who finds what (the world of the access matrix, every role),
Danish words, the documents kept current by the triggers, the attachments' text, the page and
its fragment, bad input, constant queries and the GIN index."""

import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from catalogue.models import Idea
from catalogue.search import Search, stems
from innovation.models import Project
from meetings.models import AgendaItem, Meeting
from search.models import AttachmentText, Document
from search.text import docx_text, store_attachment_text
from tests.access_world import MARKERS, OPEN, ROLES, allowed, build_world
from tests.attachment_files import plain_pdf
from tests.catalogue.factories import EndorsementFactory, IdeaFactory
from tests.innovation.factories import ProjectFactory
from tests.meetings.factories import (
    AgendaItemFactory,
    AttachmentFactory,
    ItemSectionFactory,
    MeetingFactory,
)
from tests.planner import planner_without

URL = "/soeg/"
# What a search document holds of the world: the other markers (notes, funding, contacts, the
# learning log) are in no document, so nobody finds them.
INDEXED = {
    "MARKER-CLOSED-ITEM-7f3a",
    "MARKER-CLOSED-ATTACHMENT-91bd",
    "MARKER-B-NOT-PUBLIC-3d6a",
    "MARKER-B-CLOSED-ITEM-5e07",
    "MARKER-C-DECISIONS-ONLY-SECTION-9c4e",
    "MARKER-DRAFT-IDEA-0b6e",
    "MARKER-DRAFT-MEETING-83f0",
    "MARKER-DRAFT-PROJECT-6c2d",
}
FILE_ONLY = "Hemmeligholdelsesklausul"
"""A word only in the file of a closed attachment (not in its title)."""


def results(client, **query):
    response = client.get(URL, query)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def titles(html):
    return re.findall(r'search-result-title"><a href="[^"]*">([^<]*)</a>', html)


@pytest.fixture
def world(db):
    world = build_world()
    hidden = AttachmentFactory(
        item=world["open_item"],
        title="Lukket bilag uden nøgleord",
        is_closed=True,
        file=ContentFile(plain_pdf(f"Aftalen har en {FILE_ONLY}."), name="aftale.pdf"),
    )
    world.objects["file_only_attachment"] = hidden
    # The uploads' tasks run when the writes commit; a test's transaction never does: the
    # backfill reads the files instead.
    call_command("search_index", stdout=io.StringIO())
    return world


@pytest.mark.parametrize("role", ROLES)
def test_each_role_finds_exactly_what_its_pages_show(client, world, role):
    """Every marker searched for by every role: found where the role may read it on the pages
    (and the marker sits in a search document), never elsewhere — closed items, closed
    attachments, drafts, notes."""
    if role != "anonymous":
        client.force_login(world.users[role])
    may_read = allowed(role)
    for marker in [*MARKERS, OPEN]:
        # The marker's own last part (unique): the page repeats the words searched for, so
        # a whole marker shown is one found.
        html = results(client, q=marker.rsplit("-", 1)[1])
        # A snippet highlights the words searched for, inside the marker.
        html = html.replace("<mark>", "").replace("</mark>", "")
        shown = {m for m in MARKERS if m in html}
        assert shown <= may_read, (role, marker, shown - may_read)
        expected = marker in INDEXED and marker in may_read
        assert (marker in shown) == expected, (role, marker)
    assert "Punkt MARKER-OPEN-ITEM-2c41" in titles(results(client, q="2c41"))


@pytest.mark.parametrize(
    ("role", "finds"),
    [
        ("anonymous", False),
        ("staff", False),
        ("member", True),
        ("other_member", False),
        ("secretariat", True),
        ("superuser", True),
    ],
)
def test_closed_attachments_text_is_found_by_whoever_may_open_it(client, world, role, finds):
    if role != "anonymous":
        client.force_login(world.users[role])
    html = results(client, q=FILE_ONLY.lower())
    assert ("Lukket bilag uden nøgleord" in titles(html)) is finds
    if finds:  # the snippet shows the word, highlighted
        assert f"<mark>{FILE_ONLY}</mark>" in html


def test_the_backfill_is_idempotent(world):
    before = Document.objects.count()
    call_command("search_index", stdout=io.StringIO())
    assert Document.objects.count() == before
    assert AttachmentText.objects.get(pk=world["file_only_attachment"].pk).text.strip()


# Danish words.


@pytest.fixture
def texts(db):
    meeting = MeetingFactory(state=Meeting.State.HELD, title="Temamøde om skolerne")
    item = AgendaItemFactory(meeting=meeting, title="Samarbejde med folkeskolen")
    ItemSectionFactory(item=item, heading="Sagsfremstilling", text="Borgerne inddrages tidligt.")
    IdeaFactory(status=Idea.Status.PUBLISHED, title="Netværk for forældre", summary="Mødes.")
    IdeaFactory(status=Idea.Status.PUBLISHED, title="Hjælp til ældre", summary="Besøg.")
    ProjectFactory(title="Digitale fællesskaber", summary="Seniorer mødes online.")
    return item


def test_inflections_compounds_and_no_false_friends(client, texts):
    assert "Samarbejde med folkeskolen" in titles(results(client, q="skole"))
    assert "Samarbejde med folkeskolen" in titles(results(client, q="borger"))
    found = titles(results(client, q="ældre"))
    assert "Hjælp til ældre" in found
    assert "Netværk for forældre" not in found
    assert titles(results(client, q="fællesskab")) == ["Digitale fællesskaber"]


def test_facets_narrow_by_type_committee_and_year(client, texts):
    html = results(client, q="skole")
    assert "Temamøde om skolerne" in titles(html)
    only_items = titles(results(client, q="skole", type="item"))
    assert only_items == ["Samarbejde med folkeskolen"]
    committee = texts.meeting.committee
    assert titles(results(client, q="skole", committee=committee.slug, type="meeting")) == [
        "Temamøde om skolerne"
    ]
    year = texts.meeting.starts_at.year
    assert titles(results(client, q="skole", year=year - 5)) == []
    assert 'href="?q=skole&amp;type=item"' in html


def test_every_type_is_offered_when_more_match_than_are_read(client, texts, monkeypatch):
    for n in range(3):
        IdeaFactory(status=Idea.Status.PUBLISHED, title=f"Skolehaver {n}", summary="Jord.")
    complete = results(client, q="skole")
    assert 'href="?q=skole&amp;type=project"' not in complete  # no project matches
    monkeypatch.setattr("search.forms.READ", 2)
    html = results(client, q="skolerne")  # another address than the page kept above
    assert 1 <= len(titles(html)) <= 2
    assert "Mere end" in html
    for kind in ("meeting", "item", "attachment", "idea", "project"):
        assert f'href="?q=skolerne&amp;type={kind}"' in html
    # A type none of the matches read has is offered with no number.
    assert re.search(r'type=project" [^>]*>[^<]*</a>', html)
    ideas = titles(results(client, q="skolerne", type="idea"))
    assert len(ideas) == 2 and all(title.startswith("Skolehaver") for title in ideas)


# The documents follow the writes (database triggers).


def test_documents_follow_every_write(client, texts):
    item = texts
    section = item.sections.get()
    section.text = "Trafiksikkerhed omkring skolevejen."
    section.save()
    assert "Samarbejde med folkeskolen" in titles(results(client, q="trafiksikkerheden"))
    assert titles(results(client, q="inddrages")) == []
    AgendaItem.objects.filter(pk=item.pk).update(title="Skolevejen")  # a queryset's update
    assert Document.objects.get(item=item).title == "Skolevejen"
    Meeting.objects.filter(pk=item.meeting_id).update(
        starts_at=item.meeting.starts_at.replace(year=2019)
    )
    assert Document.objects.get(item=item).year == 2019
    pk = item.pk
    item.delete()
    assert not Document.objects.filter(item_id=pk).exists()
    project = Project.objects.get()
    project.delete()
    assert not Document.objects.filter(kind=Document.Kind.PROJECT).exists()


def test_an_upload_is_read_by_a_task_when_it_commits(db, django_capture_on_commit_callbacks):
    item = AgendaItemFactory(meeting=MeetingFactory(state=Meeting.State.HELD))
    with django_capture_on_commit_callbacks(execute=True):
        attachment = AttachmentFactory(
            item=item,
            title="Bilag",
            file=ContentFile(plain_pdf("Vandløbsrestaurering"), name="b.pdf"),
        )
    document = Document.objects.get(attachment=attachment)
    assert "Vandløbsrestaurering" in document.body


def _docx(paragraphs):
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
        '"http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return data.getvalue()


def test_docx_text_is_read(db):
    assert docx_text(_docx(["Første afsnit", "Andet afsnit"])) == "Første afsnit\nAndet afsnit"
    item = AgendaItemFactory(meeting=MeetingFactory(state=Meeting.State.HELD))
    attachment = AttachmentFactory(
        item=item,
        title="Notat",
        file=ContentFile(_docx(["Klimatilpasning langs kysten"]), name="notat.docx"),
    )
    store_attachment_text(attachment.pk)
    assert "Klimatilpasning" in Document.objects.get(attachment=attachment).body


def test_an_unreadable_file_has_no_text(db):
    item = AgendaItemFactory(meeting=MeetingFactory(state=Meeting.State.HELD))
    attachment = AttachmentFactory(
        item=item, title="Ødelagt", file=ContentFile(b"%PDF-1.7 not really", name="x.pdf")
    )
    assert store_attachment_text(attachment.pk) == 0


# The page.


def test_page_fragment_and_header_field(client, texts):
    page = client.get(URL, {"q": "skole"})
    assert "<html" in page.content.decode()
    assert 'id="search-results"' in page.content.decode()
    fragment = client.get(URL, {"q": "skole"}, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert 'id="search-results"' in html and "<html" not in html
    assert "HX-Request" in fragment["Vary"]
    home = client.get(reverse("home")).content.decode()
    assert f'action="{URL}"' in home and 'id="header-search-q"' in home
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize(
    "query",
    [{"year": "abc", "q": "skole"}, {"committee": "no-such", "q": "skole"}, {"type": "x"}],
)
def test_bad_input_is_refused_with_a_message(client, texts, query):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert "form-error-message" in response.content.decode()


@pytest.mark.parametrize("text", ["", "og i", '"', "&|!:*", "ø" * 5000, "(((", "\\", "%_"])
def test_odd_input_never_fails(client, texts, text):
    assert client.get(URL, {"q": text}).status_code in (200, 400)


def test_script_in_text_is_escaped(client, db):
    IdeaFactory(
        status=Idea.Status.PUBLISHED,
        title="<script>alert(1)</script> Skolehaver",
        summary="<script>alert(2)</script> skolehaver",
    )
    html = results(client, q="skolehaver")
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("role", ["anonymous", "member", "secretariat"])
def test_query_count_is_constant(client, db, django_assert_num_queries, role, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    def count():
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            results(client, q="cykel")
        return len(queries.captured_queries)

    meeting = MeetingFactory(state=Meeting.State.HELD)
    for number in range(3):
        AgendaItemFactory(meeting=meeting, title=f"Cykelsti {number}")
        IdeaFactory(status=Idea.Status.PUBLISHED, title=f"Cykelværksted {number}")
    stems("cykel")  # a word is stemmed by the database once per process
    few = count()
    for number in range(3, 30):
        AgendaItemFactory(meeting=meeting, title=f"Cykelsti {number}")
        IdeaFactory(status=Idea.Status.PUBLISHED, title=f"Cykelværksted {number}")
        ProjectFactory(title=f"Cykelprojekt {number}")
    assert count() == few


def test_the_search_uses_its_gin_indexes(db, texts):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_document")
    # At this size a sequential scan costs less than the bitmaps: rule it out, so the plan
    # shows which indexes the search CAN use.
    with planner_without("seqscan", "indexscan"):
        search = Search("borgerne folkeskolen", model=Document, tags=False)
        plan = Document.objects.filter(search.match()).values("pk").explain()
    assert "search_document_gin" in plan, plan
    assert "search_document_title_trgm" in plan, plan
    assert "search_document_summary_trgm" in plan, plan
    assert "Seq Scan on search_document" not in plan, plan


def test_an_attachment_read_renders_visitors_search_pages_again(client, db):
    """Visitors' search pages are kept (``pagecache.for_visitors``); the text read from an
    attachment raises the meetings' version, so the kept page is not served after it."""
    from innovation.shared import pagecache

    item = AgendaItemFactory(meeting=MeetingFactory(state=Meeting.State.HELD))
    attachment = AttachmentFactory(
        item=item, title="Bilag", file=ContentFile(plain_pdf("Kystsikring"), name="k.pdf")
    )
    assert titles(results(client, q="kystsikring")) == []
    before = pagecache.current_version(("meetings",))
    store_attachment_text(attachment.pk)
    assert pagecache.current_version(("meetings",)) != before
    assert titles(results(client, q="kystsikring")) == ["Bilag"]


def test_support_and_comments_leave_an_ideas_document_alone(db, staff):
    """An idea's row is updated by every support (its stored count); its document is written
    again only when what it reads changes."""
    idea = IdeaFactory(status=Idea.Status.PUBLISHED, submitted_by=staff)

    def row_version():
        with connection.cursor() as cursor:
            cursor.execute("SELECT ctid::text FROM search_document WHERE idea_id = %s", [idea.pk])
            return cursor.fetchone()[0]

    before = row_version()
    EndorsementFactory(idea=idea)
    assert row_version() == before
    Idea.objects.filter(pk=idea.pk).update(title="Et nyt navn")
    assert row_version() != before
    assert Document.objects.get(idea=idea).title == "Et nyt navn"


@pytest.mark.parametrize(
    "kind, write",
    [
        ("idea", lambda: Idea.objects.filter(title="Cykelværksted 7").update(title="Cykelsti")),
        ("item", lambda: AgendaItem.objects.filter(title="Cykelsti 7").update(title="Cykelvej")),
        ("project", lambda: Project.objects.filter(title="Cykelprojekt 7").update(title="Vej")),
    ],
)
def test_a_write_reads_only_its_own_search_document(db, kind, write):
    """The trigger's function reads the documents of the rows written, through the unique
    index, not every document (as one statement planned for the backfill too did: 70 ms per
    write at 155,000 documents). Sequential scans are ruled out, as at scale they would be."""
    meeting = MeetingFactory(state=Meeting.State.HELD)
    for number in range(40):
        AgendaItemFactory(meeting=meeting, title=f"Cykelsti {number}")
        IdeaFactory(status=Idea.Status.PUBLISHED, title=f"Cykelværksted {number}")
        ProjectFactory(title=f"Cykelprojekt {number}")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ANALYZE search_document")
        cursor.execute("SET LOCAL enable_seqscan = off")
        read = (
            "SELECT seq_tup_read + COALESCE(idx_tup_fetch, 0) FROM pg_stat_xact_user_tables "
            "WHERE relname = 'search_document'"
        )
        cursor.execute(read)
        before = cursor.fetchone()[0]
        write()
        cursor.execute(read)
        rows_read = cursor.fetchone()[0] - before
    written = Document.objects.filter(title__in=["Cykelsti", "Cykelvej", "Vej"])
    # An item has two documents: the full one and its decision document.
    documents = 2 if kind == "item" else 1
    assert written.count() == documents
    assert rows_read <= 3 * documents, f"{kind}: {rows_read} search documents read"


@pytest.mark.parametrize("role", ROLES)
def test_matches_a_reader_may_not_see_neither_hide_nor_announce_those_they_may(
    client, world, role, monkeypatch
):
    """More documents match than are read (``READ``), but most of them are B's, which only
    its members and the secretariat see: every other reader gets the one match they may see,
    counted as all there is — not "more than 0 results", which would tell them that B's
    hidden items hold the word (a type, a committee and a year narrowing it down further)."""
    for number in range(6):
        AgendaItemFactory(meeting=world["held_meeting_b"], title=f"Fyringsrunde {number}")
    AgendaItemFactory(meeting=world["held_meeting"], number=7, title="Fyringsrunde i A")
    monkeypatch.setattr("search.forms.READ", 4)
    if role != "anonymous":
        client.force_login(world.users[role])
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(URL, {"q": "fyringsrunde"}, headers=headers)
        assert response.status_code == 200
        html = response.content.decode()
        if role in {"other_member", "secretariat", "superuser"}:
            assert "Mere end" in html
            assert 2 <= len(titles(html)) <= 4
        else:
            assert titles(html) == ["Fyringsrunde i A"]
            assert "Mere end" not in html
            assert "1 resultat" in html
            # No type is offered that none of the matches has.
            assert 'type=project"' not in html


@pytest.mark.parametrize("query", [{}, {"type": "idea"}, {"type": "item"}, {"year": "2026"}])
@pytest.mark.parametrize("role", ["anonymous", "staff", "member"])
def test_what_a_reader_gets_does_not_depend_on_what_is_hidden_from_them(
    client, world, role, query, monkeypatch
):
    """More match than are read (``READ``), some of them hidden from the reader: someone
    else's drafts, B's items (B publishes nothing), a section of B's closed item. The results,
    their number, "more than" and the facets are exactly what they were before those existed
    (the decision documents of A's items, which these readers read in full, are no secret)."""
    monkeypatch.setattr("search.forms.READ", 4)
    for number in range(3):
        IdeaFactory(status=Idea.Status.PUBLISHED, title=f"Kvasarlampe {number}")
        AgendaItemFactory(
            meeting=world["held_meeting"], number=10 + number, title=f"Kvasarlampe i A {number}"
        )
    if role != "anonymous":
        client.force_login(world.users[role])

    def shown():
        params = {"q": "kvasarlampe", **query}
        response = client.get(URL, params, headers={"HX-Request": "true"})
        assert response.status_code == 200
        return response.content.decode()

    before = shown()
    assert "Kvasarlampe" in before
    for number in range(2):
        IdeaFactory(status=Idea.Status.DRAFT, title=f"Kvasarlampe, udkast {number}")
        AgendaItemFactory(
            meeting=world["held_meeting_b"], number=20 + number, title=f"Kvasarlampe i B {number}"
        )
    ItemSectionFactory(item=world["closed_item_b"], heading="Fortroligt", text="Kvasarlampe.")
    assert shown() == before


def test_a_reader_cannot_probe_hidden_documents_with_their_own_drafts(client, world):
    """A member of staff fills the matches read with their own drafts (only they see them):
    whether "more than" is said must not tell them that a hidden document (here a section of
    B's closed item) holds the word."""
    from search.forms import READ

    staff = world.users["staff"]
    IdeaFactory.create_batch(
        READ, status=Idea.Status.DRAFT, title="Min note", summary="Kvasarlampe", submitted_by=staff
    )
    client.force_login(staff)
    before = results(client, q="kvasarlampe")
    ItemSectionFactory(item=world["closed_item_b"], heading="Fortroligt", text="Kvasarlampe.")
    after = results(client, q="kvasarlampe")
    count = re.compile(r'class="search-count" role="status">(.*?)</p>', re.S)
    assert count.search(after).group(1) == count.search(before).group(1)
    assert " ".join(count.search(after).group(1).split()) == f"{READ} resultater"
