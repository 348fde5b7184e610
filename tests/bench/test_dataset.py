"""The scale bench's dataset builder (``manage.py bench_data``) at a very small scale: the rows
fit together, every constraint holds and the states the access rules tell apart are there."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from taggit.models import TaggedItem

from catalogue import querysets as idea_rules
from catalogue.models import Comment, Endorsement, Idea
from innovation.bench import dataset
from innovation.bench.words import Vocabulary
from innovation.models import Project
from meetings.models import AgendaItem, Committee, ItemSection, Meeting, RecommendationPoint

SMALL = dataset.Scale(
    ideas=200, meetings=40, items_per_meeting=5, committees=8, projects=6, users=30
)


@pytest.fixture
def built(db):
    dataset.Builder(SMALL, log=lambda message: None).build()
    return SMALL


def test_vocabulary_is_large_and_reproducible():
    first, second = Vocabulary(seed=3), Vocabulary(seed=3)
    assert len(first) > 5_000
    assert first.paragraph(40, 60) == second.paragraph(40, 60)
    assert Vocabulary(seed=4).paragraph(40, 60) != Vocabulary(seed=3).paragraph(40, 60)


def test_counts_links_states_and_validation(built):
    assert Idea.objects.count() == 200
    assert Meeting.objects.count() == 40
    assert AgendaItem.objects.count() == 200
    assert ItemSection.objects.count() == 600
    assert RecommendationPoint.objects.filter(item__isnull=False).count() >= 200
    assert Project.objects.count() == 6
    assert 200 <= TaggedItem.objects.count() <= 1_000
    assert Endorsement.objects.exists() and Comment.objects.exists()
    # The ideas' stored counts match the rows copied (their triggers were off meanwhile).
    stored = Idea.objects.aggregate(e=Sum("endorsement_count"), c=Sum("comment_count"))
    assert stored == {"e": Endorsement.objects.count(), "c": Comment.objects.count()}
    # The ideas' search vector is computed by PostgreSQL from the Danish text.
    assert Idea.objects.filter(search__isnull=False).count() == 200
    assert dataset.is_built(built)
    assert not dataset.is_built(dataset.Scale(ideas=201))

    # The states the access rules tell apart.
    statuses = set(Idea.objects.values_list("status", flat=True))
    assert statuses == set(idea_rules.STATUSES)
    assert set(Idea.objects.visible_to(AnonymousUser()).values_list("status", flat=True)) == set(
        idea_rules.PUBLIC_STATUSES
    )
    assert set(Meeting.objects.values_list("state", flat=True)) == set(Meeting.State.values)
    assert AgendaItem.objects.filter(is_closed=True).exists()
    assert set(Committee.objects.values_list("public_access", flat=True)) == set(
        Committee.PublicAccess.values
    )
    assert Committee.objects.historic().exists() and Committee.objects.active().exists()
    assert Project.objects.filter(is_published=False).exists()
    member = get_user_model().objects.get(username=dataset.MEMBER)
    assert member.committee_memberships.exists()
    # Decisions only where the meeting is held.
    assert (
        not AgendaItem.objects.exclude(decision="")
        .exclude(meeting__state__in=["held", "approved"])
        .exists()
    )
    assert (
        not RecommendationPoint.objects.exclude(outcome="")
        .exclude(item__meeting__state__in=["held", "approved"])
        .exists()
    )

    # Every row passes the models' own validation too.
    for idea in Idea.objects.all()[:50]:
        idea.full_clean()
    for project in Project.objects.all():
        project.full_clean()
    for point in RecommendationPoint.objects.select_related("item__meeting")[:50]:
        point.full_clean()


def test_the_command_refuses_any_other_database(db):
    with pytest.raises(CommandError, match="own database"):
        call_command("bench_data", ideas=10)
