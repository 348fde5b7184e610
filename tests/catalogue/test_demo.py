"""The catalogue demo loaded by ``manage.py load_demo``: complete, consistent and idempotent."""

from django.core.management import call_command
from django.test import override_settings

from catalogue import demo
from catalogue.models import ActorType, Idea, IdeaLink, Principle, WelfareArea

S = Idea.Status


def snapshot():
    return {
        model._meta.label: sorted(map(repr, model.objects.values_list())) for model in demo.MODELS
    }


def test_load_demo_twice_gives_identical_rows(demo_data):
    first_counts, first_rows = demo.counts(), snapshot()
    assert all(first_counts.values()), first_counts
    with override_settings(DEBUG=True):
        call_command("load_demo")
    assert demo.counts() == first_counts
    assert snapshot() == first_rows


def test_at_least_40_ideas_in_every_status(demo_data):
    assert Idea.objects.count() >= 40
    assert set(Idea.objects.values_list("status", flat=True)) == set(S.values)


def test_every_actor_type_welfare_area_and_principle_is_used(demo_data):
    assert not ActorType.objects.filter(ideas__isnull=True).exists()
    assert not WelfareArea.objects.filter(ideas__isnull=True).exists()
    assert not Principle.objects.filter(ideas__isnull=True).exists()
    dimensions = {d for ds in Idea.objects.values_list("dis_dimensions", flat=True) for d in ds}
    assert dimensions == set(Idea.Dimension.values)
    tagged = Idea.tags.through.objects.filter(content_type__app_label="catalogue")
    assert tagged.values("object_id").distinct().count() == Idea.objects.count()


def test_ideas_from_the_4th_meeting_workshop_groups(demo_data):
    from_workshops = Idea.objects.filter(origin__isnull=False)
    assert from_workshops.count() >= 5
    assert set(from_workshops.values_list("origin__meeting__number", flat=True)) == {4}
    assert set(from_workshops.values_list("origin__meeting__committee__slug", flat=True)) == {
        "innovation"
    }
    assert from_workshops.values("origin").distinct().count() >= 5
    for idea in from_workshops:
        assert idea.history.first().from_status == ""


def test_the_staff_demo_user_submits_a_draft_and_a_question(demo_data, django_user_model):
    medarbejder = django_user_model.objects.get(username="medarbejder")
    mine = Idea.objects.filter(submitted_by=medarbejder)
    assert mine.count() >= 4
    assert mine.filter(status=S.DRAFT).exists()
    question = mine.get(status=S.NEEDS_CLARIFICATION)
    assert question.history.last().answer
    assert Idea.objects.visible_to(medarbejder).filter(status=S.DRAFT).count() == 1


def test_history_is_consistent(demo_data):
    for idea in Idea.objects.exclude(status=S.DRAFT).prefetch_related("history"):
        history = list(idea.history.all())
        assert history, idea
        assert history[-1].to_status == idea.status
        assert idea.status_changed_at == history[-1].at
        for before, after in zip(history, history[1:], strict=False):
            assert before.to_status == after.from_status
            assert before.at < after.at
        if idea.status in (S.REJECTED, S.NEEDS_CLARIFICATION):
            assert history[-1].answer
        if idea.status == S.PARKED:
            assert idea.revisit_on and history[-1].revisit_on == idea.revisit_on
    assert not Idea.objects.filter(status=S.DRAFT, history__isnull=False).exists()
    # One idea went through a round of clarification before it was published.
    assert Idea.objects.filter(
        status=S.PUBLISHED, history__to_status=S.NEEDS_CLARIFICATION
    ).exists()


def test_support_comments_links_and_notes(demo_data):
    ideas = Idea.objects.all()
    public = ideas.filter(status__in=[S.PUBLISHED, S.SELECTED, S.PARKED])
    assert all(idea.endorsement_count for idea in public)
    assert not ideas.exclude(pk__in=public).filter(endorsement_count__gt=0).exists()
    assert sum(idea.comment_count for idea in ideas) >= 10
    assert Idea.objects.filter(comments__parent__isnull=False).exists()
    assert set(IdeaLink.objects.values_list("kind", flat=True)) == set(IdeaLink.Kind.values)
    assert not Idea.objects.filter(submitted_by__isnull=True).exists()
    assert all(
        idea.submitted_by_id not in idea.endorsements.values_list("user", flat=True)
        for idea in public
    )


def test_the_history_names_who_submitted_and_who_curated(demo_data, django_user_model):
    """The demo records its ideas' history as made by their submitters and the secretariat."""
    from innovation.shared import history

    secretariat = django_user_model.objects.get(username="sekretariat")
    idea = Idea.objects.filter(status=S.PUBLISHED, origin__isnull=True).first()
    events = history.event_model(Idea).objects.filter(pgh_obj_id=idea.pk).order_by("pgh_id")
    by_status = {}
    for event in events.select_related("pgh_context").filter(pgh_label__in=history.ACTIONS):
        by_status.setdefault(event.status, event.pgh_context.metadata.get("user"))
    assert by_status[S.DRAFT] == idea.submitted_by_id
    assert by_status[S.SUBMITTED] == idea.submitted_by_id
    assert by_status[S.PUBLISHED] == secretariat.pk
