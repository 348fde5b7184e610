"""The catalogue's kept pages (``innovation.shared.pagecache``) and what raises their version:
a write to what the catalogue shows does, at once, by any path; a draft or an idea awaiting
curation, and its parts, do not (``pagecache.SHOWN_ROWS``, ``catalogue/models.py``)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue import actions
from catalogue.models import ActorType, Idea, IdeaLink, InternalNote, WelfareArea
from innovation.models import Project
from innovation.shared import pagecache
from tests.catalogue.factories import IdeaFactory
from tests.meetings.factories import CommitteeFactory

S = Idea.Status


def catalogue_version():
    return pagecache.current_version(("catalogue",))


@pytest.fixture
def actor(db):
    return ActorType.objects.order_by("pk").first()


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.REJECTED])
def test_writes_to_an_idea_outside_the_catalogue_raise_nothing(db, staff, actor, status):
    before = catalogue_version()
    idea = IdeaFactory(status=status, submitted_by=staff, title="Udkast")
    Idea.objects.filter(pk=idea.pk).update(title="Nyt udkast")
    idea.tags.add("grøn", "skole")
    idea.actor_types.add(actor)
    InternalNote.objects.create(idea=idea, author=staff, text="Kun sekretariatet")
    other = IdeaFactory(status=S.DRAFT, submitted_by=staff)
    IdeaLink.objects.create(from_idea=idea, to_idea=other, kind=IdeaLink.Kind.RELATED)
    idea.tags.clear()
    idea.delete()
    assert catalogue_version() == before


def test_an_idea_handed_in_and_curated_raises_nothing_until_it_is_published(db, staff, secretariat):
    idea = IdeaFactory(status=S.DRAFT, submitted_by=staff, welfare_area=WelfareArea.objects.first())
    before = catalogue_version()
    actions.submit_idea(idea=idea, by=staff)
    actions.change_status(idea=idea, to_status=S.UNDER_REVIEW, by=secretariat)
    assert catalogue_version() == before
    actions.change_status(idea=idea, to_status=S.PUBLISHED, by=secretariat)
    assert catalogue_version() != before


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda idea, other, actor: idea.tags.add("ny"), id="tag"),
        pytest.param(lambda idea, other, actor: idea.actor_types.add(actor), id="actor"),
        pytest.param(
            lambda idea, other, actor: Idea.objects.filter(pk=idea.pk).update(title="Ny"),
            id="queryset update",
        ),
        pytest.param(
            lambda idea, other, actor: Idea.objects.filter(pk=idea.pk).update(
                status=S.UNDER_REVIEW
            ),
            id="taken out of the catalogue",
        ),
        pytest.param(
            lambda idea, other, actor: Idea.objects.filter(pk=other.pk).update(status=S.PUBLISHED),
            id="bulk publish",
        ),
        pytest.param(
            lambda idea, other, actor: IdeaLink.objects.create(
                from_idea=other, to_idea=idea, kind=IdeaLink.Kind.RELATED
            ),
            id="link from a draft to it",
        ),
        pytest.param(lambda idea, other, actor: idea.delete(), id="deleted"),
        pytest.param(
            lambda idea, other, actor: connection.cursor().execute(
                "UPDATE catalogue_idea SET summary = 'Rå SQL' WHERE id = %s", [idea.pk]
            ),
            id="raw SQL",
        ),
    ],
)
def test_a_write_to_what_the_catalogue_shows_raises_its_version(db, staff, actor, write):
    idea = IdeaFactory(status=S.PUBLISHED, submitted_by=staff)
    other = IdeaFactory(status=S.DRAFT, submitted_by=staff)
    before = catalogue_version()
    write(idea, other, actor)
    assert catalogue_version() != before


def test_tags_of_anything_but_an_idea_raise_the_version(db, staff):
    """django-taggit's table holds the tags of any model: of anything else than an idea they
    count as shown."""
    project = Project.objects.create(title="Et projekt", committee=CommitteeFactory())
    before = catalogue_version()
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO taggit_tag (name, slug) VALUES ('x', 'x') RETURNING id")
        tag = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO taggit_taggeditem (tag_id, content_type_id, object_id) "
            "VALUES (%s, %s, %s)",
            [tag, ContentType.objects.get_for_model(Project).pk, project.pk],
        )
    assert catalogue_version() != before


def test_a_visitors_kept_catalogue_survives_a_submission_and_follows_a_publication(
    client, staff, secretariat
):
    IdeaFactory(status=S.PUBLISHED, title="Cykelværksted i skolen")
    url = reverse("catalogue:index") + "?q=cykel"
    assert "Cykelværksted i skolen" in client.get(url).content.decode()

    submitter = client.__class__()
    submitter.force_login(staff)
    response = submitter.post(
        reverse("catalogue:submit"),
        {
            "title": "Cykelreparation for alle",
            "summary": "Borgerne reparerer cykler sammen.",
            "welfare_area": WelfareArea.objects.first().pk,
            "save": "1",
        },
    )
    assert response.status_code == 302
    idea = Idea.objects.get(title="Cykelreparation for alle")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert len(queries) <= 2  # the version and the kept page: nothing rendered again
    assert "Cykelreparation" not in html

    actions.change_status(idea=idea, to_status=S.SUBMITTED, by=staff)
    actions.change_status(idea=idea, to_status=S.PUBLISHED, by=secretariat)
    assert "Cykelreparation for alle" in client.get(url).content.decode()


def test_a_new_tag_raises_nothing_and_one_renamed_that_is_carried_raises_the_version(db, staff):
    from taggit.models import Tag

    IdeaFactory(status=S.PUBLISHED, submitted_by=staff).tags.add("skolehave")
    before = catalogue_version()
    Tag.objects.create(name="ubrugt", slug="ubrugt")
    assert catalogue_version() == before
    Tag.objects.filter(name="skolehave").update(name="skolehaver")
    assert catalogue_version() != before


def test_a_visitors_search_is_the_same_whatever_drafts_are_written(client, staff):
    """The site search reads at most ``CANDIDATES`` matches, among the documents the reader
    knows of: drafts written after a visitor's search was kept, newer than every match and as
    many as a third of those read, change nothing a fresh render shows the visitor, kept or
    not. (Read among every document and filtered after, they took part of the matches read,
    and the count said so.)"""
    import re

    from django.core.cache import cache

    from catalogue.search import CANDIDATES

    Idea.objects.bulk_create(
        Idea(title=f"Værksted {n}", description="Vi reparerer cykler", status=S.PUBLISHED)
        for n in range(CANDIDATES + 100)
    )
    url = reverse("search:index") + "?q=cykler"

    def count(html):
        return re.search(r'class="search-count" role="status">([^<]*)<', html)[1]

    before = count(client.get(url).content.decode())
    Idea.objects.bulk_create(
        Idea(title=f"Cykler nr. {n}", summary="Et udkast", submitted_by=staff)
        for n in range(CANDIDATES // 2 - 10)
    )
    kept = count(client.get(url).content.decode())
    cache.clear()
    fresh = count(client.get(url).content.decode())
    assert before.startswith(f"Mere end {CANDIDATES} resultater")
    assert kept == fresh == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_to_an_idea_published_meanwhile_in_another_transaction_is_not_lost(staff):
    """A write that finds its idea outside the catalogue raises nothing; when the idea is
    published by another transaction that commits before it, a visitor's page kept between
    the two commits would lack the write for good. The write waits for a transaction that
    raised the version (as every write did when each raised it) and then looks again."""
    import threading

    from django.core.cache import cache
    from django.db import transaction
    from django.test import Client

    IdeaFactory(status=S.PUBLISHED, submitted_by=staff)  # the version has a row
    idea = IdeaFactory(status=S.UNDER_REVIEW, submitted_by=staff, title="En idé")
    url = reverse("catalogue:idea", args=[idea.pk])
    written, commit, published = threading.Event(), threading.Event(), threading.Event()

    def tag():
        try:
            with transaction.atomic():
                Idea.objects.get(pk=idea.pk).tags.add("cykelsmedje")
                written.set()
                commit.wait(timeout=10)
        finally:
            connection.close()

    def publish():
        try:
            Idea.objects.filter(pk=idea.pk).update(status=S.PUBLISHED)
            published.set()
        finally:
            connection.close()

    tagger, publisher = threading.Thread(target=tag), threading.Thread(target=publish)
    tagger.start()
    assert written.wait(timeout=10)
    publisher.start()
    published.wait(timeout=1)  # done at once, or waiting for the tag's transaction
    Client().get(url)  # a visitor between the two commits: kept if the idea is public
    commit.set()
    tagger.join(timeout=10)
    publisher.join(timeout=10)
    kept = Client().get(url).content.decode()
    cache.clear()
    fresh = Client().get(url).content.decode()
    assert "cykelsmedje" in fresh
    assert "cykelsmedje" in kept
