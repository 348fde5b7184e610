"""The public API (``innovation/api.py``) and the open data (``innovation/opendata.py``): what
each endpoint answers, that it shows only what the public may see whoever calls (planted
markers), that its lists page by cursor with a bounded size and a constant number of queries,
and that bad parameters get a JSON 4xx."""

import datetime
import json
from datetime import UTC

import pytest
from django.utils import timezone

from catalogue.models import Idea
from innovation import api
from meetings.models import Committee, Meeting
from tests.access_world import MARKERS, OPEN, build_world
from tests.catalogue.factories import IdeaFactory
from tests.innovation.factories import ProjectFactory
from tests.meetings.factories import (
    CommitteeFactory,
    MeetingFactory,
    full_item,
)

OPARL = "https://schema.oparl.org/1.1/"
LISTS = [
    "/api/organizations",
    "/api/meetings",
    "/api/ideas",
    "/api/projects",
]
DOWNLOADS = ["/api/data/meetings.jsonl", "/api/data/ideas.jsonl"]


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def get_json(client, url, status=200, **query):
    response = client.get(url, query)
    assert response.status_code == status, (url, response.status_code, body_of(response))
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def jsonl(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jsonl"
    assert response.streaming
    return [json.loads(line) for line in body_of(response).splitlines()]


def markers_in(text):
    return {marker for marker in MARKERS if marker in text}


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def every_url(world):
    """Every API URL, with the world's open and closed objects in the object URLs."""
    objects = {
        "organizations": ["committee_a", "committee_b"],
        "meetings": ["held_meeting", "draft_meeting", "held_meeting_b"],
        "agenda-items": ["open_item", "closed_item", "closed_item_b", "draft_item"],
        "files": ["open_attachment", "closed_attachment"],
        "ideas": ["published_idea", "draft_idea"],
        "projects": ["project", "draft_project"],
    }
    urls = ["/api/", "/api/body", "/api/bodies", "/api/data/catalog.jsonld", *LISTS, *DOWNLOADS]
    urls += ["/api/persons", "/api/papers"]
    for kind, keys in objects.items():
        urls += [f"/api/{kind}/{world[key].pk}" for key in keys]
    return urls


# Visibility ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "member", "other_member", "secretariat"])
def test_no_marker_whoever_calls(client, world, role):
    """The public view for every caller: not one planted marker (closed item and attachment,
    a committee that publishes nothing, private and internal notes, drafts of every kind), for
    a member of the committee and the secretariat either; the open item is there."""
    if role != "anonymous":
        client.force_login(world.users[role])
    seen = ""
    for url in every_url(world):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        text = body_of(response)
        assert markers_in(text) == set(), (role, url)
        seen += text
    assert OPEN in seen


def test_the_secretariat_reads_what_the_public_reads(client, world):
    anonymous = {url: body_of(client.get(url)) for url in every_url(world)}
    client.force_login(world.users["secretariat"])
    assert {url: body_of(client.get(url)) for url in every_url(world)} == anonymous


def test_closed_and_draft_objects_are_not_found(client, world):
    for key, kind in [
        ("closed_item", "agenda-items"),
        ("closed_item_b", "agenda-items"),
        ("draft_item", "agenda-items"),
        ("closed_attachment", "files"),
        ("draft_meeting", "meetings"),
        ("held_meeting_b", "meetings"),
        ("draft_idea", "ideas"),
        ("draft_project", "projects"),
    ]:
        assert get_json(client, f"/api/{kind}/{world[key].pk}", 404) == {"detail": "Ikke fundet."}


def test_the_meeting_has_its_open_item_only(client, world):
    meeting = get_json(client, f"/api/meetings/{world['held_meeting'].pk}")
    assert [item["id"] for item in meeting["agendaItem"]] == [
        f"http://testserver/api/agenda-items/{world['open_item'].pk}"
    ]
    files = meeting["agendaItem"][0]["auxiliaryFile"]
    assert [file["name"] for file in files] == [f"Åbent bilag {OPEN}"]


def test_a_committee_that_publishes_decisions_only(client, db):
    """Its held meetings, with the title and decisions of their open items, not the sections
    or attachments; none of its meetings still to be held."""
    committee = CommitteeFactory(public_access=Committee.PublicAccess.DECISIONS)
    held = MeetingFactory(committee=committee, state=Meeting.State.HELD)
    item = full_item(held, secret="SECTION-SECRET", decision="Godkendt.")
    MeetingFactory(committee=committee, state=Meeting.State.PUBLISHED)
    data = get_json(client, "/api/meetings")["data"]
    assert [meeting["id"] for meeting in data] == [f"http://testserver/api/meetings/{held.pk}"]
    (listed,) = data[0]["agendaItem"]
    assert "sections" not in listed  # the lists leave the sections out
    shown = get_json(client, listed["id"])
    assert shown["name"] == item.title
    assert shown["result"] == "Godkendt."
    assert shown["sections"] == []
    assert shown["auxiliaryFile"] == []
    assert len(shown["recommendationPoints"]) == 2


# The objects --------------------------------------------------------------------------------


def test_system_and_body_lead_to_the_lists(client, db, settings):
    settings.MUNICIPALITY_NAME = "Gentofte Kommune"
    system = get_json(client, "/api/")
    assert system["type"] == OPARL + "System"
    assert system["oparlVersion"] == OPARL
    assert system["id"] == "http://testserver/api/"
    bodies = get_json(client, system["body"])
    (body,) = bodies["data"]
    assert body == get_json(client, body["id"])
    assert body["type"] == OPARL + "Body"
    assert body["name"] == "Gentofte Kommune"
    assert body["license"] == api.LICENSE
    for key in ("organization", "meeting", "person", "paper", "ideas", "projects"):
        assert get_json(client, body[key])["data"] == []


def test_every_answer_may_be_read_from_any_site(client, world):
    """OParl's CORS: ``Access-Control-Allow-Origin: *`` on objects, lists, downloads, the DCAT
    entry and errors alike."""
    urls = [*every_url(world), "/api/openapi.json", "/api/ideas?limit=0", "/api/meetings/abc"]
    for url in urls:
        assert client.get(url)["Access-Control-Allow-Origin"] == "*", url


def test_organization(client, db):
    committee = CommitteeFactory(name="Opgaveudvalget om Innovation", short_name="OUI")
    data = get_json(client, "/api/organizations")["data"]
    assert len(data) == 1
    organization = get_json(client, data[0]["id"])
    assert organization == data[0]
    assert organization["type"] == OPARL + "Organization"
    assert organization["name"] == "Opgaveudvalget om Innovation"
    assert organization["organizationType"] == "Gremium"
    assert organization["startDate"] == "2017-02-01"
    assert "endDate" not in organization  # empty fields are left out, as OParl asks
    assert organization["web"] == f"http://testserver/moeder/udvalg/{committee.slug}/"
    assert get_json(client, organization["meeting"])["data"] == []


def test_meeting_agenda_item_and_file(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    committee = CommitteeFactory()
    co_host = CommitteeFactory()
    meeting = MeetingFactory(committee=committee, state=Meeting.State.HELD, title="Konference")
    meeting.co_hosts.add(co_host)
    item = full_item(meeting, decision="Godkendt.")
    meeting_json = get_json(client, f"/api/meetings/{meeting.pk}")
    assert meeting_json["type"] == OPARL + "Meeting"
    assert meeting_json["name"] == f"Møde {meeting.number}: Konference"
    assert meeting_json["meetingState"] == "held"
    assert meeting_json["organization"] == [
        f"http://testserver/api/organizations/{committee.pk}",
        f"http://testserver/api/organizations/{co_host.pk}",
    ]
    assert meeting_json["created"] and meeting_json["modified"]
    (item_json,) = meeting_json["agendaItem"]
    assert item_json == get_json(client, item_json["id"])
    assert item_json["type"] == OPARL + "AgendaItem"
    assert item_json["meeting"] == meeting_json["id"]
    assert item_json["number"] == str(item.number)
    assert item_json["result"] == "Godkendt."
    assert [s["heading"] for s in item_json["sections"]] == ["Resumé", "Baggrund"]
    assert item_json["recommendationPoints"][0]["text"].startswith("At udvalget godkender.")
    (file_json,) = item_json["auxiliaryFile"]
    assert file_json == get_json(client, file_json["id"])
    assert file_json["type"] == OPARL + "File"
    assert file_json["agendaItem"] == [item_json["id"]]
    attachment = item.attachments.get(is_closed=False)
    assert file_json["accessUrl"] == f"http://testserver/moeder/bilag/{attachment.pk}/"
    # The meetings of one committee, for its Organization's ``meeting`` link.
    assert len(get_json(client, "/api/meetings", organization=co_host.pk)["data"]) == 1
    assert get_json(client, "/api/meetings", organization=CommitteeFactory().pk)["data"] == []


def test_idea_and_project(client, db):
    idea = IdeaFactory(status=Idea.Status.PUBLISHED, title="Cykelværksted")
    IdeaFactory(status=Idea.Status.SUBMITTED)
    IdeaFactory(status=Idea.Status.REJECTED)
    hidden = IdeaFactory(status=Idea.Status.UNDER_REVIEW)
    project = ProjectFactory(title="Laboratoriet")
    project.ideas.add(idea, hidden)
    ProjectFactory(is_published=False)
    (idea_json,) = get_json(client, "/api/ideas")["data"]
    assert idea_json == get_json(client, idea_json["id"])
    assert idea_json["name"] == "Cykelværksted"
    assert idea_json["type"] == "http://testserver/api-dokumentation/#idea"
    assert idea_json["actorTypes"] == ["Borgere"]
    assert "contact" not in idea_json
    (project_json,) = get_json(client, "/api/projects")["data"]
    assert project_json == get_json(client, project_json["id"])
    assert project_json["name"] == "Laboratoriet"
    assert project_json["type"] == "http://testserver/api-dokumentation/#project"
    assert project_json["idea"] == [idea_json["id"]]


# Pages and bad parameters -------------------------------------------------------------------


def test_lists_page_by_cursor_to_the_end(client, db):
    ideas = IdeaFactory.create_batch(7, status=Idea.Status.PUBLISHED)
    url, seen = "/api/ideas?limit=3", []
    while url:
        page = get_json(client, url)
        assert page["pagination"] == {"elementsPerPage": 3}
        assert len(page["data"]) <= 3
        seen += [row["id"] for row in page["data"]]
        url = page["links"].get("next")
    assert seen == [f"http://testserver/api/ideas/{idea.pk}" for idea in ideas]
    default = get_json(client, "/api/ideas")
    assert default["pagination"] == {"elementsPerPage": api.PAGE_SIZE}
    assert default["links"] == {}


def test_what_changed_since(client, db):
    """OParl's ``modified_since``: an idea changed before it is left out; a meeting's time is
    its latest recorded change."""
    old, new = IdeaFactory.create_batch(2, status=Idea.Status.PUBLISHED)
    Idea.objects.filter(pk=old.pk).update(updated_at=datetime.datetime(2020, 1, 1, tzinfo=UTC))
    MeetingFactory(state=Meeting.State.PUBLISHED)
    since = {"modified_since": "2024-01-01T00:00:00+01:00"}
    assert [i["id"] for i in get_json(client, "/api/ideas", **since)["data"]] == [
        f"http://testserver/api/ideas/{new.pk}"
    ]
    assert len(get_json(client, "/api/meetings", **since)["data"]) == 1
    assert len(get_json(client, "/api/projects", **since)["data"]) == 0
    later = {"modified_since": (timezone.now() + datetime.timedelta(days=1)).isoformat()}
    assert get_json(client, "/api/meetings", **later)["data"] == []
    # Any year a client may write (the database holds them all).
    for extreme in ("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-01-01T00:00+23:30"):
        assert get_json(client, "/api/meetings", modified_since=extreme)["links"] == {}
    # The next page keeps the filter.
    IdeaFactory.create_batch(2, status=Idea.Status.PUBLISHED)
    page = get_json(client, "/api/ideas", limit=1, **since)
    assert "modified_since=" in page["links"]["next"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/ideas?modified_since=2024-01-01T00:00:00",  # no time zone
        "/api/ideas?modified_since=1700000000",  # a number of seconds is not a time
        "/api/ideas?modified_since=0001-01-01T00:00:00%2B01:00",  # before year 1 in UTC
        "/api/meetings?modified_since=yesterday",
        "/api/ideas?limit=0",
        "/api/ideas?limit=101",
        "/api/ideas?limit=many",
        "/api/meetings?after=-1",
        "/api/meetings?after=99999999999999999999999",
        "/api/meetings?organization=x",
        "/api/meetings?organization=0",
        "/api/meetings/abc",
        "/api/meetings/0",
        "/api/agenda-items/99999999999999999999999",
        "/api/files/-3",
        "/api/projects/1.5",
        "/api/ideas?after=%00",
        "/api/ideas?limit=%C2%B2",  # a digit that int() refuses
        "/api/meetings?organization=" + "9" * 40,
        "/api/ideas/" + "9" * 40,
    ],
)
def test_bad_parameters_get_a_json_422(client, db, url):
    answer = get_json(client, url, 422)
    assert answer["detail"] == "Ugyldige parametre."
    assert answer["errors"]


def test_unknown_objects_get_a_json_404(client, db):
    for kind in ("organizations", "meetings", "agenda-items", "files", "ideas", "projects"):
        assert get_json(client, f"/api/{kind}/{2**62}", 404) == {"detail": "Ikke fundet."}


@pytest.mark.parametrize(
    "path",
    [
        # An object's OParl id (its URL) where its number belongs: found by schemathesis.
        "/api/agenda-items/http%3A%2F%2Ftestserver%2Fapi%2Fagenda-items%2F1",
        "/api/no-such-list",
        "/api/meetings/1/extra",
    ],
)
def test_other_addresses_under_the_api_get_its_json_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {"detail": "Ikke fundet."}


def test_the_api_is_read_only(client, db):
    response = client.post("/api/ideas", {})
    assert response.status_code == 405


# Queries ------------------------------------------------------------------------------------


def _meetings(n):
    committee = CommitteeFactory()
    for _ in range(n):
        meeting = MeetingFactory(committee=committee, state=Meeting.State.HELD)
        meeting.co_hosts.add(CommitteeFactory())
        full_item(meeting)
        full_item(meeting, closed=True)


def _ideas(n):
    IdeaFactory.create_batch(n, status=Idea.Status.PUBLISHED)


def _projects(n):
    for _ in range(n):
        ProjectFactory().ideas.add(IdeaFactory(status=Idea.Status.PUBLISHED))


def _committees(n):
    CommitteeFactory.create_batch(n)


@pytest.mark.parametrize(
    ("url", "make", "queries"),
    [
        ("/api/meetings", _meetings, 5),  # meetings, co-hosts, items, points, files
        ("/api/ideas", _ideas, 3),  # ideas, actor types, tags
        ("/api/projects", _projects, 2),  # projects, their public ideas
        ("/api/organizations", _committees, 1),
        ("/api/data/meetings.jsonl", _meetings, 6),  # and the items' sections
        ("/api/data/ideas.jsonl", _ideas, 3),
    ],
)
def test_queries_do_not_grow_with_the_list(
    client, db, django_assert_num_queries, url, make, queries
):
    """The same number of queries for 2 objects and for 6 more (a download: per chunk of
    ``opendata.CHUNK_SIZE`` rows)."""
    for size in (2, 6):
        make(size)
        with django_assert_num_queries(queries):
            body_of(client.get(url))


# Open data ----------------------------------------------------------------------------------


def test_downloads_are_the_api_records_with_their_licence(client, world):
    meetings = jsonl(client, "/api/data/meetings.jsonl")
    listed = get_json(client, "/api/meetings")["data"]
    assert meetings == [get_json(client, meeting["id"]) for meeting in listed]
    assert any(item["sections"] for meeting in meetings for item in meeting["agendaItem"])
    ideas = jsonl(client, "/api/data/ideas.jsonl")
    assert ideas == get_json(client, "/api/ideas")["data"]
    assert [idea["name"] for idea in ideas] == ["Cykelværksted for unge"]
    for line in meetings + ideas:
        assert line["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_downloads_stream_every_row(client, db, monkeypatch):
    """More rows than a chunk: each chunk is its own round trip of the same cursor."""
    from innovation import opendata

    monkeypatch.setattr(opendata, "CHUNK_SIZE", 2)
    _ideas(5)
    assert len(jsonl(client, "/api/data/ideas.jsonl")) == 5


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_the_dcat_catalogue(client, world, settings):
    """A DCAT-AP catalogue as JSON-LD, read as RDF: the catalogue and each dataset with the
    fields DCAT-AP requires (title, description, publisher; a distribution's access URL) and
    the licence and download URL a portal lists."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

    settings.MUNICIPALITY_NAME = "Gentofte Kommune"
    response = client.get("/api/data/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    graph = Graph().parse(data=response.content, format="json-ld")
    (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert graph.value(catalog, DCTERMS.title)
    assert graph.value(catalog, DCTERMS.description)
    publisher = graph.value(catalog, DCTERMS.publisher)
    assert graph.value(publisher, FOAF.name) == Literal("Gentofte Kommune")
    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert datasets == set(graph.subjects(RDF.type, DCAT.Dataset))
    downloads = set()
    for dataset in datasets:
        for field in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.contactPoint):
            assert graph.value(dataset, field) is not None, (dataset, field)
        assert graph.value(dataset, DCTERMS.license) == URIRef(api.LICENSE)
        for distribution in graph.objects(dataset, DCAT.distribution):
            assert graph.value(distribution, DCAT.accessURL) is not None
            assert graph.value(distribution, DCTERMS.license) == URIRef(api.LICENSE)
            downloads |= set(graph.objects(distribution, DCAT.downloadURL))
    assert {str(url) for url in downloads} == {
        "http://testserver/api/data/meetings.jsonl",
        "http://testserver/api/data/ideas.jsonl",
    }
    for url in downloads:
        assert client.get(str(url)).status_code == 200
    (service,) = graph.subjects(RDF.type, DCAT.DataService)
    assert set(graph.objects(service, DCAT.servesDataset)) == datasets


# The schema and the page --------------------------------------------------------------------


def test_the_openapi_schema_names_every_endpoint(client, db):
    schema = get_json(client, "/api/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/",
        "/api/meetings",
        "/api/meetings/{pk}",
        "/api/agenda-items/{pk}",
        "/api/files/{pk}",
        "/api/ideas",
        "/api/projects",
        "/api/data/meetings.jsonl",
        "/api/data/catalog.jsonld",
    }


def test_the_api_page(client, db):
    page = client.get("/api-dokumentation/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Åbne data og API" in text
    assert "http://testserver/api/openapi.json" in text
    assert "CC BY 4.0" in text
    english = client.get("/en/api-dokumentation/").content.decode()
    assert "Open data and API" in english
    # Linked from every page's footer.
    assert 'href="/api-dokumentation/"' in client.get("/").content.decode()


def test_the_times_are_from_the_history(client, db):
    meeting = MeetingFactory(state=Meeting.State.PUBLISHED)
    before = get_json(client, f"/api/meetings/{meeting.pk}")
    meeting.place = "Rådhuset"
    meeting.save()
    after = get_json(client, f"/api/meetings/{meeting.pk}")
    assert after["created"] == before["created"]
    assert after["modified"] >= before["modified"]
