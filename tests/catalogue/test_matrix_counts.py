"""The actor matrix's stored counts (``catalogue.models.MatrixCount``): kept by database
triggers, so that they equal the counts made from the ideas after every kind of write."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import ActorType, Idea, MatrixCount, WelfareArea
from catalogue.querysets import PUBLIC_STATUSES
from tests.catalogue.factories import IdeaFactory

pytestmark = pytest.mark.django_db
S = Idea.Status


def shape(matrix):
    return (
        [(row["area"].pk, row["total"]) for row in matrix["areas"]],
        [
            (row["actor"].pk, row["total"], [cell["count"] for cell in row["cells"]])
            for row in matrix["table"]
        ],
        matrix["total"],
    )


def assert_counts_match():
    for statuses in (PUBLIC_STATUSES, [S.DRAFT], [S.SUBMITTED, S.REJECTED]):
        stored = MatrixCount.objects.matrix(statuses)
        counted = Idea.objects.filter(status__in=statuses).matrix()
        assert shape(stored) == shape(counted), statuses


def test_the_stored_counts_follow_every_kind_of_write(staff):
    citizens, staff_actor, volunteers = ActorType.objects.order_by("pk")[:3]
    elderly, children = WelfareArea.objects.order_by("pk")[:2]
    ideas = [
        IdeaFactory(status=S.PUBLISHED, welfare_area=elderly, submitted_by=staff),
        IdeaFactory(status=S.SELECTED, welfare_area=children, submitted_by=staff),
        IdeaFactory(status=S.DRAFT, welfare_area=elderly, submitted_by=staff),
        IdeaFactory(status=S.PARKED, welfare_area=None, submitted_by=staff),
    ]
    assert MatrixCount.objects.matrix()["total"] == 3
    assert_counts_match()
    ideas[0].actor_types.add(staff_actor, volunteers)  # many-to-many rows
    ideas[1].actor_types.set([volunteers])
    ideas[3].actor_types.add(citizens)
    assert_counts_match()
    ideas[0].actor_types.remove(citizens)
    ideas[1].actor_types.clear()
    assert_counts_match()
    Idea.objects.filter(pk=ideas[2].pk).update(status=S.PUBLISHED)  # a queryset's update
    ideas[0].welfare_area = children
    ideas[0].save()
    assert_counts_match()
    Idea.objects.filter(pk__in=[ideas[0].pk, ideas[3].pk]).update(
        welfare_area=elderly, status=S.SUBMITTED, revisit_on=None
    )
    assert_counts_match()
    with connection.cursor() as cursor:  # another process, in SQL of its own
        cursor.execute(
            "UPDATE catalogue_idea SET status = 'published' WHERE id = %s", [ideas[3].pk]
        )
        cursor.execute(
            "INSERT INTO catalogue_idea_actor_types (idea_id, actortype_id) VALUES (%s, %s)",
            [ideas[2].pk, citizens.pk],
        )
    assert_counts_match()
    ideas[0].delete()  # with its actor links
    Idea.objects.filter(pk=ideas[3].pk).delete()
    assert_counts_match()
    assert MatrixCount.objects.matrix()["total"] == 2  # ideas[1] and ideas[2]


def test_an_actor_type_deleted_takes_its_counts_along(staff):
    actor = ActorType.objects.create(name="Nye aktører", slug="nye-aktoerer")
    idea = IdeaFactory(status=S.PUBLISHED, submitted_by=staff)
    idea.actor_types.add(actor)
    assert_counts_match()
    actor.delete()
    assert_counts_match()


def test_the_matrix_page_reads_the_counts_in_few_queries(client, staff):
    area = WelfareArea.objects.order_by("pk").first()
    actor = ActorType.objects.order_by("pk").first()
    for _ in range(3):
        IdeaFactory(status=S.PUBLISHED, welfare_area=area, submitted_by=staff).actor_types.add(
            actor
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("catalogue:matrix"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert not any("catalogue_idea" in query["sql"] for query in queries.captured_queries)
    assert MatrixCount.objects.matrix()["table"][0]["cells"][0]["count"] == 3
