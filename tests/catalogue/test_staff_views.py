"""The staff and secretariat pages of the idea catalogue through their URLs: pages, HTMX
fragments, every role, validation, nothing half-saved, hostile input."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.translation import gettext

from catalogue import actions
from catalogue.models import Idea, IdeaLink, IdeaStatusChange, InternalNote, WelfareArea
from tests.catalogue.factories import HOSTILE, IdeaFactory, InternalNoteFactory
from tests.meetings.factories import MeetingFactory, WorkshopGroupFactory

S = Idea.Status
HTMX = {"HX-Request": "true"}
READERS = ["anonymous", "submitter", "other_staff", "member", "secretariat"]
NOTE = "HEMMELIG-NOTE-4471"


def client_for(client, readers, name):
    if name != "anonymous":
        client.force_login(readers[name])
    return client


def text(response):
    return response.content.decode()


def idea_data(**overrides):
    data = {
        "title": "Cykelværksted for unge",
        "summary": "Unge reparerer cykler sammen med frivillige fra foreningen.",
        "description": "",
        "welfare_area": WelfareArea.objects.get(slug="aeldre").pk,
        "tags": "",
        "contact": "",
        "expected_value": "",
        "effort": "",
        "mandate_task": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def too_long(field, limit, length):
    """The form's message for a too long value (``catalogue.staff_forms.MESSAGES``)."""
    from catalogue.staff_forms import MESSAGES

    return escape(str(MESSAGES[field]["max_length"]) % {"limit_value": limit, "show_value": length})


def public_detail(pk):
    try:
        return reverse("catalogue:idea", args=[pk])
    except NoReverseMatch:
        return None


@pytest.fixture
def group(db):
    meeting = MeetingFactory(state="published")
    return WorkshopGroupFactory(meeting=meeting, name="Borgergruppen")


# Pages and fragments ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "partial_id"),
    [("submit", "idea-form"), ("my_ideas", "my-ideas")],
)
def test_submitter_pages_and_fragments(client, submitter, name, partial_id):
    client.force_login(submitter)
    url = reverse(f"catalogue:{name}")
    page = client.get(url)
    assert page.status_code == 200
    assert "<html" in text(page) and f'id="{partial_id}"' in text(page)
    fragment = client.get(url, headers=HTMX)
    assert fragment.status_code == 200
    assert "<html" not in text(fragment) and f'id="{partial_id}"' in text(fragment)


def test_secretariat_pages_and_fragments(client, secretariat, submitter, group):
    idea = IdeaFactory(status=S.SUBMITTED, submitted_by=submitter)
    client.force_login(secretariat)
    for url, partial_id in [
        (reverse("catalogue:curation"), "curation-queue"),
        (reverse("catalogue:curate", args=[idea.pk]), "curate-idea"),
        (reverse("catalogue:capture", args=[group.pk]), "capture-form"),
        (reverse("catalogue:workshop_ideas", args=[group.pk]), f"workshop-ideas-{group.pk}"),
    ]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert "<html" in text(page) and f'id="{partial_id}"' in text(page)
        fragment = client.get(url, headers=HTMX)
        assert fragment.status_code == 200, url
        assert "<html" not in text(fragment) and f'id="{partial_id}"' in text(fragment)


def test_edit_page_and_fragment(client, submitter):
    idea = IdeaFactory(status=S.DRAFT, submitted_by=submitter)
    client.force_login(submitter)
    url = reverse("catalogue:edit", args=[idea.pk])
    assert idea.title in text(client.get(url))
    fragment = client.get(url, headers=HTMX)
    assert "<html" not in text(fragment) and 'id="idea-form"' in text(fragment)


# Access × roles --------------------------------------------------------------------------------

SECRETARIAT_ONLY = {"secretariat"}


@pytest.mark.parametrize("reader", READERS)
def test_curation_pages_only_for_the_secretariat(client, readers, reader, group):
    idea = IdeaFactory(status=S.SUBMITTED, submitted_by=readers["submitter"])
    client = client_for(client, readers, reader)
    urls = [
        reverse("catalogue:curation"),
        reverse("catalogue:curate", args=[idea.pk]),
        reverse("catalogue:capture", args=[group.pk]),
    ]
    for url in urls:
        response = client.get(url)
        if reader == "secretariat":
            assert response.status_code == 200
        elif reader == "anonymous":
            assert response.status_code == 302 and "/konto/login/" in response["Location"]
        else:
            assert response.status_code == 403
    posts = [
        (reverse("catalogue:curation"), {"ideas": [idea.pk], "to_status": "published"}),
        (reverse("catalogue:curate_status", args=[idea.pk]), {"to_status": "published"}),
        (reverse("catalogue:curate_note", args=[idea.pk]), {"text": "x"}),
        (reverse("catalogue:curate_link", args=[idea.pk]), {"kind": "related", "target": 1}),
    ]
    if reader != "secretariat":
        for url, data in posts:
            assert client.post(url, data).status_code in (302, 403)
        idea.refresh_from_db()
        assert idea.status == S.SUBMITTED
        assert not InternalNote.objects.exists()


@pytest.mark.parametrize("reader", READERS)
def test_submit_and_my_ideas_need_a_login(client, readers, reader):
    client = client_for(client, readers, reader)
    for name in ("submit", "my_ideas"):
        response = client.get(reverse(f"catalogue:{name}"))
        if reader == "anonymous":
            assert response.status_code == 302 and "/konto/login/" in response["Location"]
        else:
            assert response.status_code == 200
    if reader == "anonymous":
        client.post(reverse("catalogue:submit"), idea_data(submit="1"))
        assert not Idea.objects.exists()


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.NEEDS_CLARIFICATION, S.PUBLISHED])
def test_who_edits(client, readers, reader, status):
    idea = IdeaFactory(status=status, submitted_by=readers["submitter"])
    response = client_for(client, readers, reader).get(reverse("catalogue:edit", args=[idea.pk]))
    may = {
        S.DRAFT: {"submitter"},
        S.SUBMITTED: {"secretariat"},
        S.NEEDS_CLARIFICATION: {"submitter", "secretariat"},
        S.PUBLISHED: {"secretariat"},
    }[status]
    if reader in may:
        assert response.status_code == 200
    elif reader == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code in (403, 404)


@pytest.mark.parametrize("reader", READERS)
def test_internal_notes_only_on_the_curation_page(client, readers, reader):
    idea = IdeaFactory(status=S.NEEDS_CLARIFICATION, submitted_by=readers["submitter"])
    published = IdeaFactory(status=S.PUBLISHED, submitted_by=readers["submitter"])
    InternalNoteFactory(idea=idea, text=f"Intern: {NOTE}")
    InternalNoteFactory(idea=published, text=f"Intern: {NOTE}")
    client = client_for(client, readers, reader)
    urls = [
        reverse("catalogue:submit"),
        reverse("catalogue:my_ideas"),
        reverse("catalogue:edit", args=[idea.pk]),
        reverse("catalogue:similar") + f"?title={published.title}",
    ]
    if public_detail(published.pk):
        urls.append(public_detail(published.pk))
    for url in urls:
        assert NOTE not in text(client.get(url)), url
    curate = client.get(reverse("catalogue:curate", args=[idea.pk]))
    assert (NOTE in text(curate)) == (reader == "secretariat")


# Submit ----------------------------------------------------------------------------------------


def test_save_as_draft_then_submit(client, submitter):
    client.force_login(submitter)
    response = client.post(reverse("catalogue:submit"), idea_data(draft="1"))
    assert response.status_code == 302 and response["Location"] == reverse("catalogue:my_ideas")
    idea = Idea.objects.get()
    assert (idea.status, idea.submitted_by) == (S.DRAFT, submitter)
    assert not idea.history.exists()

    response = client.post(
        reverse("catalogue:edit", args=[idea.pk]), idea_data(title="Cykelværksted", submit="1")
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.title) == (S.SUBMITTED, "Cykelværksted")
    change = idea.history.get()
    assert (change.to_status, change.by) == (S.SUBMITTED, submitter)
    page = text(client.get(reverse("catalogue:my_ideas")))
    assert "Cykelværksted" in page and gettext("Submitted") in page


def test_submit_directly_with_tags_and_actors(client, member):
    client.force_login(member)
    data = idea_data(submit="1", tags="cykler, unge")
    data["actor_types"] = ["1"]
    response = client.post(reverse("catalogue:submit"), data)
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.status == S.SUBMITTED
    assert set(idea.tags.names()) == {"cykler", "unge"}
    assert idea.actor_types.count() == 1


@pytest.mark.parametrize("tag", ["x" * 91, ">\U00047a0b" * 60, "\ufb00" * 50])
def test_a_tag_too_long_for_the_tag_table_is_a_form_error(client, submitter, tag):
    """Found by the fuzz test: a tag longer than the tag table's column was a 500."""
    client.force_login(submitter)
    response = client.post(reverse("catalogue:submit"), idea_data(submit="1", tags=f"ok, {tag}"))
    assert response.status_code == 422
    assert "Et mærke må højst være 90 tegn langt" in text(response)
    assert not Idea.objects.exists()


def test_missing_fields_give_danish_messages_and_nothing_is_saved(client, submitter):
    client.force_login(submitter)
    response = client.post(reverse("catalogue:submit"), idea_data(title="", summary="", draft="1"))
    assert response.status_code == 422
    page = text(response)
    assert gettext("Give the idea a title.") in page
    assert gettext("Write a short summary of the idea.") in page
    assert not Idea.objects.exists()


def test_submitting_needs_a_welfare_area(client, submitter):
    client.force_login(submitter)
    response = client.post(reverse("catalogue:submit"), idea_data(welfare_area="", submit="1"))
    assert response.status_code == 422
    assert gettext("Fill in %(field)s before you submit the idea.") % {
        "field": gettext("welfare area")
    } in text(response)
    assert not Idea.objects.exists()
    # As a draft it may wait.
    client.post(reverse("catalogue:submit"), idea_data(welfare_area="", draft="1"))
    assert Idea.objects.get().status == S.DRAFT


def test_too_long_title_gives_a_message_and_saves_nothing(client, submitter):
    client.force_login(submitter)
    response = client.post(reverse("catalogue:submit"), idea_data(title="x" * 201, submit="1"))
    assert response.status_code == 422
    assert too_long("title", 200, 201) in text(response)
    assert not Idea.objects.exists()


def test_inline_validation_returns_the_field_group(client, submitter):
    client.force_login(submitter)
    url = reverse("catalogue:validate")
    response = client.post(url, idea_data(title="x" * 250, validate="title"), headers=HTMX)
    assert response.status_code == 200
    page = text(response)
    assert 'id="id_title_group"' in page and "form-error" in page
    assert too_long("title", 200, 250) in page and "<html" not in page
    ok = client.post(url, idea_data(validate="title"), headers=HTMX)
    assert ok.status_code == 200 and "form-error-message" not in text(ok)
    assert not Idea.objects.exists()


def test_hostile_input_is_shown_as_text(client, submitter, secretariat):
    client.force_login(submitter)
    client.post(
        reverse("catalogue:submit"),
        idea_data(title=f"Idé {HOSTILE}", summary=f"Resumé {HOSTILE}", submit="1"),
    )
    idea = Idea.objects.get()
    for user, url in [
        (submitter, reverse("catalogue:my_ideas")),
        (submitter, reverse("catalogue:similar") + "?title=Idé+script+alert"),
        (secretariat, reverse("catalogue:curation")),
        (secretariat, reverse("catalogue:curate", args=[idea.pk])),
    ]:
        client.force_login(user)
        page = text(client.get(url))
        assert HOSTILE not in page, url
    assert "&lt;script&gt;" in text(client.get(reverse("catalogue:curate", args=[idea.pk])))


# Similar ideas ---------------------------------------------------------------------------------


def test_similar_hints_list_visible_ideas_only(client, submitter, other_staff):
    published = IdeaFactory(
        status=S.PUBLISHED, title="Cykelværksted for unge i Hellerup", submitted_by=other_staff
    )
    hidden = IdeaFactory(
        status=S.DRAFT, title="Cykelværksted for unge i Gentofte", submitted_by=other_staff
    )
    client.force_login(submitter)
    url = reverse("catalogue:similar")
    response = client.get(url, {"title": "Cykelværksted for unge"}, headers=HTMX)
    assert response.status_code == 200
    page = text(response)
    assert published.title in page and hidden.title not in page
    assert f'value="duplicate_of:{published.pk}"' in page
    assert escape(gettext("This is the same as “%(title)s”") % {"title": published.title}) in page
    assert "<html" not in page
    assert "similar-idea" not in text(client.get(url, {"title": "Zz"}, headers=HTMX))


def test_submit_page_shows_hints_after_a_refused_post(client, submitter):
    published = IdeaFactory(status=S.PUBLISHED, title="Cykelværksted for unge")
    client.force_login(submitter)
    response = client.post(reverse("catalogue:submit"), idea_data(summary="", draft="1"))
    assert response.status_code == 422
    assert f"duplicate_of:{published.pk}" in text(response)


def test_duplicate_choice_creates_a_link(client, secretariat):
    original = IdeaFactory(status=S.PUBLISHED, title="Cykelværksted for unge")
    client.force_login(secretariat)
    response = client.post(
        reverse("catalogue:submit"), idea_data(link=f"duplicate_of:{original.pk}", submit="1")
    )
    assert response.status_code == 302
    new = Idea.objects.exclude(pk=original.pk).get()
    link = IdeaLink.objects.get()
    assert (link.from_idea, link.to_idea, link.kind) == (new, original, "duplicate_of")
    assert new.status == S.SUBMITTED


def test_staff_submitter_links_their_new_idea(client, submitter):
    original = IdeaFactory(status=S.PUBLISHED, title="Cykelværksted for unge")
    client.force_login(submitter)
    response = client.post(
        reverse("catalogue:submit"), idea_data(link=f"related:{original.pk}", draft="1")
    )
    assert response.status_code == 302
    assert IdeaLink.objects.get().kind == "related"


def test_a_refused_link_saves_nothing(client, submitter, other_staff):
    hidden = IdeaFactory(status=S.DRAFT, submitted_by=other_staff)
    client.force_login(submitter)
    response = client.post(
        reverse("catalogue:submit"), idea_data(link=f"duplicate_of:{hidden.pk}", submit="1")
    )
    assert response.status_code == 422
    assert Idea.objects.count() == 1 and not IdeaLink.objects.exists()


# My ideas --------------------------------------------------------------------------------------


def test_status_change_with_answer_is_shown_on_my_ideas(client, submitter, secretariat):
    idea = IdeaFactory(status=S.SUBMITTED, submitted_by=submitter)
    client.force_login(secretariat)
    response = client.post(
        reverse("catalogue:curate_status", args=[idea.pk]),
        {"to_status": S.NEEDS_CLARIFICATION, "answer": "Hvem er målgruppen?"},
    )
    assert response.status_code == 302
    change = IdeaStatusChange.objects.get(idea=idea)
    assert (change.by, change.answer) == (secretariat, "Hvem er målgruppen?")
    client.force_login(submitter)
    page = text(client.get(reverse("catalogue:my_ideas")))
    assert "Hvem er målgruppen?" in page and gettext("Needs clarification") in page
    assert reverse("catalogue:edit", args=[idea.pk]) in page
    # The submitter clarifies and resubmits, with an answer.
    response = client.post(
        reverse("catalogue:resubmit", args=[idea.pk]), {"answer": "Ældre i eget hjem."}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == S.SUBMITTED


def test_my_ideas_lists_only_own_ideas(client, submitter, other_staff):
    mine = IdeaFactory(status=S.REJECTED, submitted_by=submitter)
    theirs = IdeaFactory(status=S.PUBLISHED, submitted_by=other_staff)
    client.force_login(submitter)
    page = text(client.get(reverse("catalogue:my_ideas")))
    assert mine.title in page and theirs.title not in page


def test_my_ideas_query_count_does_not_grow(client, submitter, django_assert_max_num_queries):
    client.force_login(submitter)
    IdeaFactory.create_batch(2, status=S.SUBMITTED, submitted_by=submitter)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("catalogue:my_ideas"))
    IdeaFactory.create_batch(8, status=S.SUBMITTED, submitted_by=submitter)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("catalogue:my_ideas"))


def test_others_cannot_resubmit(client, submitter, other_staff):
    idea = IdeaFactory(status=S.DRAFT, submitted_by=submitter)
    client.force_login(other_staff)
    assert client.post(reverse("catalogue:resubmit", args=[idea.pk])).status_code == 404
    idea.refresh_from_db()
    assert idea.status == S.DRAFT


# Answering a request for clarification ---------------------------------------------------------

QUESTION = "Hvilke plejecentre tænker du på?"
ANSWER_LABEL = "Dit svar til sekretariatet"
NO_ANSWER = "Answer the secretariat's question before you resubmit the idea."


@pytest.fixture
def sent_back(client, submitter, secretariat):
    """An idea the secretariat sent back with a question, through the curation page."""
    idea = IdeaFactory(status=S.SUBMITTED, submitted_by=submitter)
    client.force_login(secretariat)
    response = client.post(
        reverse("catalogue:curate_status", args=[idea.pk]),
        {"to_status": S.NEEDS_CLARIFICATION, "answer": QUESTION},
    )
    assert response.status_code == 302
    client.force_login(submitter)
    return idea


def resubmission(idea):
    return IdeaStatusChange.objects.filter(
        idea=idea, from_status=S.NEEDS_CLARIFICATION, to_status=S.SUBMITTED
    )


def test_the_edit_page_asks_for_the_answer_in_danish(client, sent_back):
    page = text(client.get(reverse("catalogue:edit", args=[sent_back.pk])))
    assert gettext("Your answer to the secretariat") == ANSWER_LABEL
    assert f'<label class="form-label" for="id_answer">{ANSWER_LABEL}</label>' in page
    assert '<textarea name="answer"' in page and 'id="id_answer"' in page
    assert QUESTION in page


def test_no_answer_field_where_no_answer_is_due(client, submitter, secretariat, sent_back):
    draft = IdeaFactory(status=S.DRAFT, submitted_by=submitter)
    assert 'name="answer"' not in text(client.get(reverse("catalogue:edit", args=[draft.pk])))
    assert 'name="answer"' not in text(client.get(reverse("catalogue:submit")))
    # The secretariat may edit the idea, but only the submitter resubmits it.
    client.force_login(secretariat)
    page = text(client.get(reverse("catalogue:edit", args=[sent_back.pk])))
    assert sent_back.title in page and 'name="answer"' not in page


def test_resubmitting_without_an_answer_saves_nothing(client, sent_back):
    before = sent_back.title
    data = idea_data(title="Ny titel", submit="1")
    response = client.post(reverse("catalogue:edit", args=[sent_back.pk]), data)
    assert response.status_code == 422
    assert escape(gettext(NO_ANSWER)) in text(response)
    sent_back.refresh_from_db()
    assert (sent_back.status, sent_back.title) == (S.NEEDS_CLARIFICATION, before)
    assert not resubmission(sent_back).exists()


def test_saving_changes_without_resubmitting_needs_no_answer(client, sent_back):
    response = client.post(reverse("catalogue:edit", args=[sent_back.pk]), idea_data())
    assert response.status_code == 302
    sent_back.refresh_from_db()
    assert sent_back.status == S.NEEDS_CLARIFICATION
    assert sent_back.title == "Cykelværksted for unge"


def test_the_answer_is_kept_and_shown_to_both(client, submitter, secretariat, sent_back):
    answer = "Plejecentrene i Gentofte Nord; Frivilligcentret er med."
    data = idea_data(submit="1", answer=f"  {answer}  ")
    response = client.post(reverse("catalogue:edit", args=[sent_back.pk]), data)
    assert response.status_code == 302
    sent_back.refresh_from_db()
    assert sent_back.status == S.SUBMITTED
    change = resubmission(sent_back).get()
    assert (change.by, change.answer) == (submitter, answer)
    # The submitter reads question and answer on "my ideas" …
    page = text(client.get(reverse("catalogue:my_ideas")))
    assert QUESTION in page and answer in page
    assert escape(gettext("Your answer:")) in page
    # … and the secretariat on the curation page, marked as the submitter's.
    client.force_login(secretariat)
    page = text(client.get(reverse("catalogue:curate", args=[sent_back.pk])))
    assert QUESTION in page and answer in page
    assert escape(gettext("The submitter's answer:")) in page
    assert page.index(QUESTION) < page.index(answer)


def test_my_ideas_resubmits_with_an_answer(client, submitter, sent_back):
    draft = IdeaFactory(status=S.DRAFT, submitted_by=submitter)
    page = text(client.get(reverse("catalogue:my_ideas")))
    field = f"id_resubmit_{sent_back.pk}_answer"
    assert f'<label class="form-label" for="{field}">{ANSWER_LABEL}</label>' in page
    assert f"id_resubmit_{draft.pk}_answer" not in page
    url = reverse("catalogue:resubmit", args=[sent_back.pk])
    refused = client.post(url, {"answer": " "})
    assert refused.status_code == 422
    assert escape(gettext(NO_ANSWER)) in text(refused) and f'id="{field}"' in text(refused)
    assert Idea.objects.get(pk=sent_back.pk).status == S.NEEDS_CLARIFICATION
    assert client.post(url, {"answer": "Se den nye beskrivelse."}).status_code == 302
    assert resubmission(sent_back).get().answer == "Se den nye beskrivelse."
    # A draft is handed in without an answer.
    assert client.post(reverse("catalogue:resubmit", args=[draft.pk])).status_code == 302
    assert Idea.objects.get(pk=draft.pk).status == S.SUBMITTED


# Curation --------------------------------------------------------------------------------------


def test_queue_lists_ideas_waiting_and_filters(client, secretariat, submitter):
    submitted = IdeaFactory(status=S.SUBMITTED, submitted_by=submitter)
    review = IdeaFactory(status=S.UNDER_REVIEW, submitted_by=submitter)
    published = IdeaFactory(status=S.PUBLISHED, submitted_by=submitter)
    draft = IdeaFactory(status=S.DRAFT, submitted_by=submitter)
    client.force_login(secretariat)
    page = text(client.get(reverse("catalogue:curation")))
    assert submitted.title in page and review.title in page
    assert published.title not in page and draft.title not in page
    page = text(client.get(reverse("catalogue:curation"), {"status": "under_review"}))
    assert review.title in page and submitted.title not in page


def test_queue_query_count_does_not_grow(client, secretariat, django_assert_max_num_queries):
    client.force_login(secretariat)
    IdeaFactory.create_batch(2, status=S.SUBMITTED)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("catalogue:curation"))
    IdeaFactory.create_batch(8, status=S.SUBMITTED)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("catalogue:curation"))


def test_curate_offers_only_allowed_transitions(client, secretariat):
    idea = IdeaFactory(status=S.PUBLISHED)
    client.force_login(secretariat)
    page = text(client.get(reverse("catalogue:curate", args=[idea.pk])))
    for status in actions.allowed_transitions(idea, secretariat):
        assert f'value="{status}"' in page
    assert 'value="submitted"' not in page


def test_rejecting_needs_a_reason(client, secretariat):
    idea = IdeaFactory(status=S.SUBMITTED)
    client.force_login(secretariat)
    response = client.post(
        reverse("catalogue:curate_status", args=[idea.pk]), {"to_status": S.REJECTED}
    )
    assert response.status_code == 422
    assert gettext("Give the reason for rejecting the idea: the submitter sees it.") in text(
        response
    )
    idea.refresh_from_db()
    assert idea.status == S.SUBMITTED and not idea.history.exists()


def test_parking_needs_a_date(client, secretariat):
    idea = IdeaFactory(status=S.PUBLISHED)
    client.force_login(secretariat)
    url = reverse("catalogue:curate_status", args=[idea.pk])
    assert client.post(url, {"to_status": S.PARKED}).status_code == 422
    response = client.post(url, {"to_status": S.PARKED, "revisit_on": "2031-03-01"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.revisit_on) == (S.PARKED, datetime.date(2031, 3, 1))


def test_internal_note_saved_in_place(client, secretariat):
    idea = IdeaFactory(status=S.SUBMITTED)
    client.force_login(secretariat)
    url = reverse("catalogue:curate_note", args=[idea.pk])
    response = client.post(url, {"text": HOSTILE}, headers=HTMX)
    assert response.status_code == 200
    page = text(response)
    assert 'id="internal-notes"' in page and "<html" not in page
    assert HOSTILE not in page and "&lt;script&gt;" in page
    assert InternalNote.objects.get().author == secretariat
    empty = client.post(url, {"text": "  "}, headers=HTMX)
    assert empty.status_code == 422 and gettext("Write the note.") in text(empty)
    long_note = client.post(url, {"text": "x" * 10_001}, headers=HTMX)
    assert long_note.status_code == 422
    assert too_long("note", 10000, 10001) in text(long_note)
    assert InternalNote.objects.count() == 1


def test_link_ideas_from_the_curation_page(client, secretariat):
    idea, other = IdeaFactory.create_batch(2, status=S.PUBLISHED)
    client.force_login(secretariat)
    url = reverse("catalogue:curate_link", args=[idea.pk])
    response = client.post(url, {"kind": "part_of", "target": other.pk}, headers=HTMX)
    assert response.status_code == 200 and 'id="idea-links"' in text(response)
    assert IdeaLink.objects.get().kind == "part_of"
    again = client.post(url, {"kind": "related", "target": other.pk}, headers=HTMX)
    assert again.status_code == 422 and gettext("These two ideas are already linked.") in text(
        again
    )
    itself = client.post(url, {"kind": "related", "target": idea.pk}, headers=HTMX)
    assert itself.status_code == 422
    assert IdeaLink.objects.count() == 1


def test_bulk_change_all_or_nothing(client, secretariat):
    ready = IdeaFactory(status=S.SUBMITTED, title="Klar til katalog")
    review = IdeaFactory(status=S.UNDER_REVIEW)
    stuck = IdeaFactory(status=S.NEEDS_CLARIFICATION, title="Venter på svar")
    client.force_login(secretariat)
    url = reverse("catalogue:curation")
    data = {"ideas": [ready.pk, review.pk, stuck.pk], "to_status": S.PUBLISHED, "answer": "Fint"}
    response = client.post(url, data)
    assert response.status_code == 422
    page = text(response)
    assert gettext("The status was not changed.") in page and "Venter på svar" in page
    assert not IdeaStatusChange.objects.exists()
    assert set(Idea.objects.values_list("status", flat=True)) == {
        S.SUBMITTED,
        S.UNDER_REVIEW,
        S.NEEDS_CLARIFICATION,
    }
    data["ideas"] = [ready.pk, review.pk]
    response = client.post(url, data)
    assert response.status_code == 302
    assert set(Idea.objects.filter(pk__in=[ready.pk, review.pk]).values_list("status", flat=True))
    assert Idea.objects.get(pk=ready.pk).status == S.PUBLISHED
    assert IdeaStatusChange.objects.filter(answer="Fint").count() == 2


def test_bulk_change_needs_a_choice(client, secretariat):
    IdeaFactory(status=S.SUBMITTED)
    client.force_login(secretariat)
    response = client.post(reverse("catalogue:curation"), {"to_status": S.PUBLISHED})
    assert response.status_code == 422 and gettext("Choose at least one idea.") in text(response)


# Workshop capture ------------------------------------------------------------------------------


def capture_data(rows, total=3):
    data = {
        "ideas-TOTAL_FORMS": str(total),
        "ideas-INITIAL_FORMS": "0",
        "ideas-MIN_NUM_FORMS": "0",
        "ideas-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"ideas-{index}-{key}"] = value
    return data


def test_capture_creates_ideas_with_their_origin(client, secretariat, group, member):
    area = WelfareArea.objects.get(slug="aeldre").pk
    client.force_login(secretariat)
    rows = [
        {"title": "Teknologilaboratorium", "summary": "Et sted at afprøve.", "welfare_area": area},
        {
            "title": "Fælles spisning",
            "summary": "Ældre og unge spiser sammen.",
            "welfare_area": area,
        },
    ]
    response = client.post(reverse("catalogue:capture", args=[group.pk]), capture_data(rows))
    assert response.status_code == 302 and response["Location"] == reverse("catalogue:curation")
    ideas = Idea.objects.filter(origin=group)
    assert ideas.count() == 2
    assert set(ideas.values_list("status", flat=True)) == {S.SUBMITTED}
    # The group's ideas, as the meeting page shows them: the secretariat sees the submitted ones.
    page = text(client.get(reverse("catalogue:workshop_ideas", args=[group.pk]), headers=HTMX))
    assert "Teknologilaboratorium" in page
    client.force_login(member)
    page = text(client.get(reverse("catalogue:workshop_ideas", args=[group.pk]), headers=HTMX))
    assert "Teknologilaboratorium" not in page
    actions.change_status(idea=ideas.first(), to_status=S.PUBLISHED, by=secretariat)
    page = text(client.get(reverse("catalogue:workshop_ideas", args=[group.pk]), headers=HTMX))
    assert ideas.first().title in page


def test_capture_all_or_nothing(client, secretariat, group):
    area = WelfareArea.objects.get(slug="aeldre").pk
    client.force_login(secretariat)
    rows = [
        {"title": "God idé", "summary": "Kort.", "welfare_area": area},
        {"title": "x" * 201, "summary": "Kort.", "welfare_area": area},
    ]
    response = client.post(reverse("catalogue:capture", args=[group.pk]), capture_data(rows))
    assert response.status_code == 422
    assert gettext("Nothing was saved.") in text(response)
    assert too_long("title", 200, 201) in text(response)
    assert not Idea.objects.exists()
    empty = client.post(reverse("catalogue:capture", args=[group.pk]), capture_data([]))
    assert empty.status_code == 422 and gettext("Add at least one idea.") in text(empty)


def test_capture_adds_a_row(client, secretariat, group):
    client.force_login(secretariat)
    response = client.post(
        reverse("catalogue:capture", args=[group.pk]),
        {**capture_data([{"title": "Halvfærdig"}]), "add_row": "1"},
    )
    assert response.status_code == 200
    page = text(response)
    assert 'name="ideas-3-title"' in page and 'value="Halvfærdig"' in page
    assert not Idea.objects.exists()


def test_meeting_include_loads_the_group_ideas(group):
    from django.template.loader import render_to_string

    html = render_to_string("meetings/includes/workshop_ideas.html", {"group": group})
    assert reverse("catalogue:workshop_ideas", args=[group.pk]) in html
    assert 'hx-trigger="load"' in html
