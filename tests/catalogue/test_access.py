"""Who sees which idea and which of its parts: every status × every kind of reader."""

import pytest
from django.contrib.auth.models import AnonymousUser

from catalogue import querysets
from catalogue.models import (
    Comment,
    Endorsement,
    Idea,
    IdeaLink,
    IdeaStatusChange,
    InternalNote,
)
from tests.catalogue.factories import (
    CommentFactory,
    EndorsementFactory,
    IdeaFactory,
    InternalNoteFactory,
    StatusChangeFactory,
)
from tests.factories import UserFactory

S = Idea.Status
READERS = ["anonymous", "submitter", "other_staff", "member", "secretariat"]
# status -> the readers who see an idea in it
SEES = {
    S.DRAFT: {"submitter"},
    S.SUBMITTED: {"submitter", "secretariat"},
    S.UNDER_REVIEW: {"submitter", "secretariat"},
    S.NEEDS_CLARIFICATION: {"submitter", "secretariat"},
    S.PUBLISHED: set(READERS),
    S.SELECTED: set(READERS),
    S.PARKED: set(READERS),
    S.REJECTED: {"submitter", "secretariat"},
}


def test_every_status_has_a_rule():
    assert set(SEES) == set(S.values)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("status", S.values)
def test_idea_visibility(readers, status, reader):
    idea = IdeaFactory(status=status, submitted_by=readers["submitter"])
    visible = Idea.objects.visible_to(readers[reader]).filter(pk=idea.pk).exists()
    assert visible == (reader in SEES[status])


@pytest.mark.parametrize("status", S.values)
def test_superuser_reads_like_the_secretariat(readers, superuser, status):
    idea = IdeaFactory(status=status, submitted_by=readers["submitter"])
    assert Idea.objects.visible_to(superuser).filter(pk=idea.pk).exists() == (
        "secretariat" in SEES[status]
    )


def test_everyone_sees_their_own_drafts(readers):
    for name in ("submitter", "other_staff", "member", "secretariat"):
        idea = IdeaFactory(status=S.DRAFT, submitted_by=readers[name])
        assert Idea.objects.visible_to(readers[name]).filter(pk=idea.pk).exists()


def test_inactive_submitter_sees_only_the_catalogue(readers):
    user = readers["submitter"]
    mine = IdeaFactory(status=S.SUBMITTED, submitted_by=user)
    user.is_active = False
    assert not Idea.objects.visible_to(user).filter(pk=mine.pk).exists()


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("status", S.values)
def test_history_with_answers(readers, status, reader):
    """The answers are for the submitter and the secretariat; others see only the status."""
    idea = IdeaFactory(status=status, submitted_by=readers["submitter"])
    StatusChangeFactory(idea=idea, from_status=S.UNDER_REVIEW, to_status=S.REJECTED, answer="X")
    visible = IdeaStatusChange.objects.visible_to(readers[reader]).exists()
    assert visible == (reader in SEES[status] and reader in {"submitter", "secretariat"})


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("status", S.values)
def test_internal_notes_only_for_the_secretariat(readers, status, reader):
    idea = IdeaFactory(status=status, submitted_by=readers["submitter"])
    InternalNoteFactory(idea=idea)
    visible = InternalNote.objects.visible_to(readers[reader]).exists()
    assert visible == (reader == "secretariat" and status != S.DRAFT)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("status", S.values)
def test_support_and_comments_follow_the_idea(readers, status, reader):
    idea = IdeaFactory(status=status, submitted_by=readers["submitter"])
    EndorsementFactory(idea=idea)
    CommentFactory(idea=idea)
    user = readers[reader]
    expected = reader in SEES[status]
    assert Endorsement.objects.visible_to(user).exists() == expected
    assert Comment.objects.visible_to(user).exists() == expected


def test_links_need_both_ideas_visible(readers):
    public = IdeaFactory(status=S.PUBLISHED)
    rejected = IdeaFactory(status=S.REJECTED, submitted_by=readers["submitter"])
    IdeaLink.objects.create(from_idea=rejected, to_idea=public, kind="duplicate_of")
    assert not IdeaLink.objects.visible_to(AnonymousUser()).exists()
    assert not IdeaLink.objects.visible_to(readers["other_staff"]).exists()
    assert IdeaLink.objects.visible_to(readers["submitter"]).exists()
    assert IdeaLink.objects.visible_to(readers["secretariat"]).exists()


def test_published_and_my_ideas(readers):
    user = readers["submitter"]
    for status in S.values:
        IdeaFactory(status=status, submitted_by=user)
    IdeaFactory(status=S.PUBLISHED)
    assert set(Idea.objects.published().values_list("status", flat=True)) == set(
        querysets.PUBLIC_STATUSES
    )
    assert Idea.objects.published().count() == 4
    assert Idea.objects.submitted_by(user).count() == len(S.values)
    assert not Idea.objects.submitted_by(AnonymousUser()).exists()


@pytest.mark.parametrize("size", [3, 30])
def test_counts_in_one_query(django_assert_num_queries, readers, size):
    ideas = IdeaFactory.create_batch(size, status=S.PUBLISHED)
    users = UserFactory.create_batch(3)
    for n, idea in enumerate(ideas):
        for user in users[: n % 4]:
            EndorsementFactory(idea=idea, user=user)
        CommentFactory.create_batch(n % 3, idea=idea)
    reader = readers["member"]
    querysets.can_curate(reader)  # the reader's roles are read once per request
    with django_assert_num_queries(1):
        rows = list(Idea.objects.visible_to(reader).with_endorsed_by(users[0]).order_by("pk"))
    assert [(r.endorsement_count, r.comment_count) for r in rows] == [
        (n % 4, n % 3) for n in range(size)
    ]
    assert [r.endorsed for r in rows] == [n % 4 >= 1 for n in range(size)]


def test_predicates(readers):
    submitter, secretariat = readers["submitter"], readers["secretariat"]
    draft = IdeaFactory(status=S.DRAFT, submitted_by=submitter)
    sent_back = IdeaFactory(status=S.NEEDS_CLARIFICATION, submitted_by=submitter)
    published = IdeaFactory(status=S.PUBLISHED, submitted_by=submitter)
    assert querysets.can_edit(submitter, draft) and not querysets.can_edit(secretariat, draft)
    assert querysets.can_edit(submitter, sent_back) and querysets.can_edit(secretariat, sent_back)
    assert not querysets.can_edit(submitter, published)
    assert querysets.can_edit(secretariat, published)
    assert not querysets.can_edit(AnonymousUser(), published)
    assert querysets.can_curate(secretariat) and not querysets.can_curate(submitter)
    assert querysets.can_take_part(readers["member"], published)
    assert not querysets.can_take_part(AnonymousUser(), published)
    assert not querysets.can_take_part(readers["member"], sent_back)


# --- the admin: the secretariat's screens --------------------------------------------------


def test_admin_for_the_secretariat_only(client, readers):
    url = "/admin/catalogue/idea/"
    staff_with_admin_flag = UserFactory(role="Medarbejder", is_staff=True)
    client.force_login(staff_with_admin_flag)
    assert client.get(url).status_code == 403
    client.force_login(readers["secretariat"])
    assert client.get(url).status_code == 200
    for model in ("actortype", "welfarearea", "principle"):
        assert client.get(f"/admin/catalogue/{model}/add/").status_code == 200


def test_admin_lists_no_one_elses_draft(client, readers):
    IdeaFactory(status=S.DRAFT, title="Privat kladde", submitted_by=readers["submitter"])
    IdeaFactory(status=S.SUBMITTED, title="Indsendt forslag", submitted_by=readers["submitter"])
    client.force_login(readers["secretariat"])
    page = client.get("/admin/catalogue/idea/").content.decode()
    assert "Indsendt forslag" in page
    assert "Privat kladde" not in page


def test_admin_change_page_shows_history_and_hostile_text_escaped(client, readers):
    idea = IdeaFactory(status=S.SUBMITTED, hostile=True)
    StatusChangeFactory(idea=idea, answer="<script>alert(1)</script>")
    InternalNoteFactory(idea=idea)
    client.force_login(readers["secretariat"])
    page = client.get(f"/admin/catalogue/idea/{idea.pk}/change/").content.decode()
    assert "HEMMELIG-NOTE-4471" in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_admin_publish_action_goes_through_the_workflow(client, readers):
    ok = IdeaFactory(status=S.UNDER_REVIEW)
    client.force_login(readers["secretariat"])
    client.post(
        "/admin/catalogue/idea/", {"action": "publish", "_selected_action": [ok.pk]}, follow=True
    )
    ok.refresh_from_db()
    assert ok.status == S.PUBLISHED
    assert ok.history.get().by == readers["secretariat"]
    stuck = IdeaFactory(status=S.REJECTED)
    response = client.post(
        "/admin/catalogue/idea/",
        {"action": "publish", "_selected_action": [ok.pk, stuck.pk]},
        follow=True,
    )
    stuck.refresh_from_db()
    assert stuck.status == S.REJECTED
    assert list(response.context["messages"])[0].level_tag == "error"


def test_admin_note_gets_its_author(client, readers):
    idea = IdeaFactory(status=S.SUBMITTED)
    client.force_login(readers["secretariat"])
    page = client.get(f"/admin/catalogue/idea/{idea.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "title": idea.title,
            "summary": idea.summary,
            "welfare_area": idea.welfare_area_id,
            "submitted_by": idea.submitted_by_id,
            "actor_types": list(idea.actor_types.values_list("pk", flat=True)),
            "tags": "",
            "history-TOTAL_FORMS": 0,
            "history-INITIAL_FORMS": 0,
            "internal_notes-TOTAL_FORMS": 1,
            "internal_notes-INITIAL_FORMS": 0,
            "internal_notes-0-text": "Ring til indsenderen.",
            "links_out-TOTAL_FORMS": 0,
            "links_out-INITIAL_FORMS": 0,
        }
    )
    response = client.post(f"/admin/catalogue/idea/{idea.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    note = idea.internal_notes.get()
    assert (note.text, note.author) == ("Ring til indsenderen.", readers["secretariat"])
