"""The workflow table, and every write: all or nothing, with a message for the user."""

import datetime
import itertools

import pytest
from django.utils import translation

from catalogue import actions
from catalogue.actions import ALLOWED_TRANSITIONS, SUBMITTER, ActionError
from catalogue.models import Comment, Endorsement, Idea, IdeaLink, IdeaStatusChange, InternalNote
from tests.catalogue.factories import HOSTILE, EndorsementFactory, IdeaFactory
from tests.factories import UserFactory
from tests.meetings.factories import MeetingFactory, WorkshopGroupFactory

S = Idea.Status
REVISIT = datetime.date(2030, 6, 1)
ANSWER = "Svar til indsenderen."


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in the source language."""
    with translation.override("en"):
        yield


def step(idea, to_status, by, answer=ANSWER):
    return actions.change_status(
        idea=idea,
        to_status=to_status,
        by=by,
        answer=answer,
        revisit_on=REVISIT if to_status == S.PARKED else None,
    )


def test_the_table_is_the_workflow():
    statuses = set(S.values)
    assert {a for a, _b in ALLOWED_TRANSITIONS} | {b for _a, b in ALLOWED_TRANSITIONS} == statuses
    assert all(who == SUBMITTER for (_a, b), who in ALLOWED_TRANSITIONS.items() if b == S.SUBMITTED)
    assert {b for a, b in ALLOWED_TRANSITIONS if a == S.DRAFT} == {S.SUBMITTED}


@pytest.mark.parametrize(("from_status", "to_status"), list(ALLOWED_TRANSITIONS), ids=str)
def test_allowed_step_by_the_right_person_is_recorded(
    from_status, to_status, submitter, secretariat
):
    idea = IdeaFactory(status=from_status, submitted_by=submitter)
    who = ALLOWED_TRANSITIONS[(from_status, to_status)]
    by = submitter if who == SUBMITTER else secretariat
    change = step(idea, to_status, by)
    idea.refresh_from_db()
    assert idea.status == to_status
    assert (idea.revisit_on == REVISIT) == (to_status == S.PARKED)
    assert (change.from_status, change.to_status, change.by, change.answer) == (
        from_status,
        to_status,
        by,
        ANSWER,
    )
    assert list(idea.history.all()) == [change]
    assert to_status in actions.allowed_transitions(
        idea=Idea(status=from_status, submitted_by=submitter), user=by
    )


@pytest.mark.parametrize(("from_status", "to_status"), list(ALLOWED_TRANSITIONS), ids=str)
def test_allowed_step_by_the_wrong_person_is_refused(
    from_status, to_status, submitter, other_staff, member, secretariat
):
    idea = IdeaFactory(status=from_status, submitted_by=submitter)
    who = ALLOWED_TRANSITIONS[(from_status, to_status)]
    wrong = [other_staff, member, secretariat] if who == SUBMITTER else [submitter, other_staff]
    for user in wrong:
        with pytest.raises(ActionError, match="(submitter|secretariat)"):
            step(idea, to_status, user)
    idea.refresh_from_db()
    assert idea.status == from_status
    assert not idea.history.exists()


NOT_ALLOWED = [
    (a, b)
    for a, b in itertools.product(S.values, S.values)
    if a != b and (a, b) not in ALLOWED_TRANSITIONS
]


@pytest.mark.parametrize(("from_status", "to_status"), NOT_ALLOWED, ids=str)
def test_step_outside_the_table_is_refused_for_everyone(
    from_status, to_status, submitter, secretariat
):
    idea = IdeaFactory(status=from_status, submitted_by=submitter)
    for user in (submitter, secretariat):
        with pytest.raises(ActionError, match="cannot go from"):
            step(idea, to_status, user)
    assert not IdeaStatusChange.objects.exists()


def test_same_status_and_unknown_status_refused(secretariat):
    idea = IdeaFactory(status=S.PUBLISHED)
    with pytest.raises(ActionError, match="already"):
        step(idea, S.PUBLISHED, secretariat)
    with pytest.raises(ActionError, match="Unknown status"):
        step(idea, "archived", secretariat)


@pytest.mark.parametrize("to_status", [S.NEEDS_CLARIFICATION, S.REJECTED])
def test_answer_required(to_status, secretariat):
    idea = IdeaFactory(status=S.UNDER_REVIEW)
    for blank in ("", "   "):
        with pytest.raises(ActionError, match="submitter sees it"):
            step(idea, to_status, secretariat, answer=blank)
    step(idea, to_status, secretariat, answer="Begrundelse")
    assert idea.history.get().answer == "Begrundelse"


def test_answer_too_long_refused(secretariat):
    idea = IdeaFactory(status=S.SUBMITTED)
    with pytest.raises(ActionError, match="at most 5000"):
        step(idea, S.REJECTED, secretariat, answer="x" * 5001)


def test_parking_needs_a_date_and_leaving_clears_it(secretariat):
    idea = IdeaFactory(status=S.PUBLISHED)
    with pytest.raises(ActionError, match="date to revisit"):
        actions.change_status(idea=idea, to_status=S.PARKED, by=secretariat, answer="Senere")
    step(idea, S.PARKED, secretariat)
    assert idea.revisit_on == REVISIT
    assert idea.history.get().revisit_on == REVISIT
    step(idea, S.PUBLISHED, secretariat)
    assert idea.revisit_on is None


def test_submit_needs_the_required_fields(submitter):
    idea = IdeaFactory(submitted_by=submitter, summary="", welfare_area=None)
    with pytest.raises(ActionError, match="summary, welfare area"):
        actions.submit_idea(idea=idea, by=submitter)
    assert Idea.objects.get().status == S.DRAFT


def test_clarification_round_trip(submitter, secretariat):
    idea = IdeaFactory(submitted_by=submitter)
    actions.submit_idea(idea=idea, by=submitter)
    step(idea, S.NEEDS_CLARIFICATION, secretariat, answer="Hvem er med?")
    with pytest.raises(ActionError, match="Answer the secretariat's question"):
        actions.submit_idea(idea=idea, by=submitter, answer="  ")
    assert Idea.objects.get().status == S.NEEDS_CLARIFICATION
    actions.submit_idea(idea=idea, by=submitter, answer=" Frivilligcentret og to plejecentre. ")
    step(idea, S.PUBLISHED, secretariat, answer="")
    assert [(c.to_status, c.by, c.answer) for c in idea.history.all()] == [
        (S.SUBMITTED, submitter, ""),
        (S.NEEDS_CLARIFICATION, secretariat, "Hvem er med?"),
        (S.SUBMITTED, submitter, "Frivilligcentret og to plejecentre."),
        (S.PUBLISHED, secretariat, ""),
    ]
    assert [c.is_resubmission for c in idea.history.all()] == [False, False, True, False]


def test_bulk_change_is_all_or_nothing(secretariat):
    ready = IdeaFactory.create_batch(3, status=S.UNDER_REVIEW)
    draft = IdeaFactory(status=S.DRAFT)
    with pytest.raises(ActionError, match="Nothing was changed. 1 idea cannot move"):
        actions.bulk_change_status(ideas=[*ready, draft], to_status=S.PUBLISHED, by=secretariat)
    assert set(Idea.objects.values_list("status", flat=True)) == {S.UNDER_REVIEW, S.DRAFT}
    assert not IdeaStatusChange.objects.exists()
    changes = actions.bulk_change_status(ideas=ready, to_status=S.PUBLISHED, by=secretariat)
    assert len(changes) == 3
    assert Idea.objects.filter(status=S.PUBLISHED).count() == 3


def test_bulk_change_refused_for_staff_and_empty(other_staff, secretariat):
    ideas = IdeaFactory.create_batch(2, status=S.SUBMITTED)
    with pytest.raises(ActionError, match="Nothing was changed"):
        actions.bulk_change_status(ideas=ideas, to_status=S.PUBLISHED, by=other_staff)
    with pytest.raises(ActionError, match="at least one"):
        actions.bulk_change_status(ideas=[], to_status=S.PUBLISHED, by=secretariat)


def test_bulk_rejection_needs_the_reason(secretariat):
    ideas = IdeaFactory.create_batch(2, status=S.SUBMITTED)
    with pytest.raises(ActionError, match="reason"):
        actions.bulk_change_status(ideas=ideas, to_status=S.REJECTED, by=secretariat, answer="")
    assert not Idea.objects.filter(status=S.REJECTED).exists()


def test_endorse_once(other_staff):
    idea = IdeaFactory(status=S.PUBLISHED)
    actions.endorse(idea=idea, user=other_staff)
    with pytest.raises(ActionError, match="already support"):
        actions.endorse(idea=idea, user=other_staff)
    assert idea.endorsements.count() == 1
    actions.withdraw_endorsement(idea=idea, user=other_staff)
    assert not idea.endorsements.exists()
    with pytest.raises(ActionError, match="do not support"):
        actions.withdraw_endorsement(idea=idea, user=other_staff)


@pytest.mark.parametrize("status", [S.PUBLISHED, S.SELECTED, S.PARKED])
def test_endorse_ideas_in_the_catalogue(status, member):
    actions.endorse(idea=IdeaFactory(status=status), user=member)


@pytest.mark.parametrize(
    "status", [S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.NEEDS_CLARIFICATION, S.REJECTED]
)
def test_endorse_and_comment_refused_outside_the_catalogue(status, submitter, secretariat):
    idea = IdeaFactory(status=status, submitted_by=submitter)
    for user in (secretariat, UserFactory()):
        with pytest.raises(ActionError):
            actions.endorse(idea=idea, user=user)
        with pytest.raises(ActionError):
            actions.comment(idea=idea, author=user, text="Hej")
    assert not Endorsement.objects.exists()
    assert not Comment.objects.exists()


def test_endorse_refused_for_own_idea_and_anonymous(submitter):
    from django.contrib.auth.models import AnonymousUser

    idea = IdeaFactory(status=S.PUBLISHED, submitted_by=submitter)
    with pytest.raises(ActionError, match="your own"):
        actions.endorse(idea=idea, user=submitter)
    with pytest.raises(ActionError, match="Log in"):
        actions.endorse(idea=idea, user=AnonymousUser())


def test_linking_never_moves_support(secretariat):
    duplicate, original = IdeaFactory.create_batch(2, status=S.PUBLISHED)
    supporters = UserFactory.create_batch(3)
    for user in supporters:
        EndorsementFactory(idea=duplicate, user=user)
    EndorsementFactory(idea=original, user=supporters[0])
    link = actions.link_ideas(
        from_idea=duplicate, to_idea=original, kind=IdeaLink.Kind.DUPLICATE_OF, by=secretariat
    )
    assert (link.kind, link.created_by) == ("duplicate_of", secretariat)
    assert set(duplicate.endorsements.values_list("user", flat=True)) == {u.pk for u in supporters}
    assert list(original.endorsements.values_list("user", flat=True)) == [supporters[0].pk]
    with pytest.raises(ActionError, match="already linked"):
        actions.link_ideas(from_idea=original, to_idea=duplicate, kind="related", by=secretariat)


def test_link_refusals(secretariat, other_staff):
    a, b = IdeaFactory.create_batch(2, status=S.PUBLISHED)
    with pytest.raises(ActionError, match="itself"):
        actions.link_ideas(from_idea=a, to_idea=a, kind="related", by=secretariat)
    with pytest.raises(ActionError, match="Unknown kind"):
        actions.link_ideas(from_idea=a, to_idea=b, kind="merged_into", by=secretariat)
    with pytest.raises(ActionError, match="secretariat"):
        actions.link_ideas(from_idea=a, to_idea=b, kind="related", by=other_staff)
    draft = IdeaFactory(status=S.DRAFT)
    with pytest.raises(ActionError, match="no longer exists"):
        actions.link_ideas(from_idea=a, to_idea=draft, kind="related", by=secretariat)
    assert not IdeaLink.objects.exists()


def test_comment_threads(member, other_staff):
    idea = IdeaFactory(status=S.PUBLISHED)
    first = actions.comment(idea=idea, author=member, text="  Godt forslag  ")
    reply = actions.comment(idea=idea, author=other_staff, text=HOSTILE, parent=first)
    assert first.text == "Godt forslag"
    assert reply.text == HOSTILE
    assert list(first.replies.all()) == [reply]
    other = IdeaFactory(status=S.PUBLISHED)
    with pytest.raises(ActionError, match="same idea"):
        actions.comment(idea=other, author=member, text="Svar", parent=first)
    with pytest.raises(ActionError, match="empty"):
        actions.comment(idea=idea, author=member, text="   ")
    with pytest.raises(ActionError, match="at most 5000"):
        actions.comment(idea=idea, author=member, text="x" * 5001)
    assert idea.comments.count() == 2


def test_internal_notes_by_the_secretariat_only(secretariat, submitter):
    idea = IdeaFactory(status=S.SUBMITTED, submitted_by=submitter)
    note = actions.add_internal_note(idea=idea, author=secretariat, text=HOSTILE)
    assert (note.text, note.author) == (HOSTILE, secretariat)
    with pytest.raises(ActionError, match="secretariat"):
        actions.add_internal_note(idea=idea, author=submitter, text="Hej")
    with pytest.raises(ActionError, match="empty"):
        actions.add_internal_note(idea=idea, author=secretariat, text="")
    assert InternalNote.objects.count() == 1


@pytest.fixture
def group(db):
    return WorkshopGroupFactory(meeting=MeetingFactory(number=4), name="Ældre og sundhed")


def test_capture_workshop_results(group, secretariat):
    ideas = actions.capture_workshop_results(
        group=group,
        ideas=[
            {
                "title": "Sensorer mod fald",
                "summary": "Sensorer i hjemmet.",
                "welfare_area": "aeldre",
                "actor_types": ["borgere", "virksomheder"],
                "principles": ["goer-det-nemt"],
                "tags": ["velfærdsteknologi"],
                "dis_dimensions": ["digitalisation"],
            },
            {"title": "Skærmbesøg", "summary": "Frivillige ringer op.", "welfare_area": "aeldre"},
        ],
        by=secretariat,
    )
    assert [i.status for i in ideas] == [S.SUBMITTED, S.SUBMITTED]
    first = ideas[0]
    assert first.origin == group and first.submitted_by == secretariat
    assert first.contact == group.name
    assert set(first.actor_types.values_list("slug", flat=True)) == {"borgere", "virksomheder"}
    assert list(first.tags.names()) == ["velfærdsteknologi"]
    change = first.history.get()
    assert (change.from_status, change.to_status) == ("", S.SUBMITTED)
    assert group.name in change.answer


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"title": "x" * 201}, "Idea 2: title"),
        ({"title": ""}, "Idea 2: title"),
        ({"summary": "x" * 601}, "Idea 2: summary"),
        ({"welfare_area": None}, "Idea 2: fill in welfare area"),
        ({"welfare_area": "rumfart"}, "Unknown welfare area"),
        ({"actor_types": ["robotter"]}, "Unknown actor type"),
        ({"dis_dimensions": ["blockchain"]}, "Idea 2: DIS dimensions"),
        ({"status": "published"}, "unknown fields status"),
    ],
    ids=lambda value: str(value)[:40],
)
def test_capture_is_all_or_nothing(group, secretariat, bad, message):
    good = {"title": "God idé", "summary": "Kort.", "welfare_area": "aeldre"}
    with pytest.raises(ActionError, match=message):
        actions.capture_workshop_results(group=group, ideas=[good, {**good, **bad}], by=secretariat)
    assert not Idea.objects.exists()
    assert not IdeaStatusChange.objects.exists()


def test_capture_by_the_secretariat_only(group, other_staff):
    with pytest.raises(ActionError, match="secretariat"):
        actions.capture_workshop_results(
            group=group, ideas=[{"title": "T", "summary": "S"}], by=other_staff
        )
