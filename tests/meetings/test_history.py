"""The history of meetings and items: every create, change and delete is recorded with who made
it (through the workspace, the admin, bulk updates in the actions), and the secretariat alone
reads it per meeting and per item."""

import datetime
import html as html_lib
import io
import re
from pathlib import Path
from urllib.parse import urlencode

import pghistory
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innovation.shared import history
from meetings import actions
from meetings.models import (
    AgendaItem,
    Attachment,
    ItemSection,
    Meeting,
    RecommendationPoint,
)
from tests import attachment_files as files
from tests.meetings.conftest import SECRET
from tests.meetings.factories import (
    AgendaItemFactory,
    CaseFactory,
    MeetingFactory,
    RecommendationPointFactory,
    full_item,
)
from tests.meetings.test_workspace import item_post

HTMX = {"HX-Request": "true"}
SEED = Path(__file__).parent / "fixtures" / "agenda_items" / "gentofte_innovation_moede4.txt"


def recorded(model, **filters):
    """The events of ``model`` (not the baseline), oldest first, with their context."""
    events = history.event_model(model).objects.filter(pgh_label__in=history.ACTIONS)
    return list(events.filter(**filters).select_related("pgh_context").order_by("pgh_id"))


def who(event):
    return event.pgh_context.metadata.get("user") if event.pgh_context else None


def labels(events):
    return [event.pgh_label for event in events]


def text(response):
    """The page as the eye reads it: text for screen readers and tags removed, entities
    decoded, spaces collapsed."""
    body = re.sub(r'<span class="sr-only">[^<]*</span>', "", response.content.decode())
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html_lib.unescape(body))


# Recording ----------------------------------------------------------------------------------


def test_the_workspace_records_who_created_changed_and_deleted_each_part(
    client, secretariat, committee
):
    client.force_login(secretariat)
    response = client.post(
        reverse("meetings:workspace_new"),
        {
            "committee": committee.pk,
            "kind": "ordinary",
            "title": "Teknologilaboratorium",
            "starts_at": "2027-09-26T13:00",
            "ends_at": "2027-09-26T17:00",
            "place": "Gentofte Rådhus",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    response = client.post(
        reverse("meetings:workspace_edit", args=[meeting.pk]),
        {
            "committee": committee.pk,
            "kind": "ordinary",
            "title": "Teknologilaboratoriet",
            "starts_at": "2027-09-26T13:00",
            "ends_at": "2027-09-26T17:00",
            "place": "Gentofte Rådhus",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [created, changed] = recorded(Meeting, pgh_obj=meeting)
    assert labels([created, changed]) == ["insert", "update"]
    assert who(created) == who(changed) == secretariat.pk
    assert changed.title == "Teknologilaboratoriet"

    upload = SimpleUploadedFile("Notat.pdf", files.plain_pdf())
    response = client.post(
        reverse("meetings:workspace_item_new", args=[meeting.pk]),
        item_post(**{"upload-files": [upload]}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = AgendaItem.objects.get()
    section = item.sections.get()
    first, second = item.points.all()
    attachment = item.attachments.get()
    for model, obj in [
        (AgendaItem, item),
        (ItemSection, section),
        (RecommendationPoint, first),
        (RecommendationPoint, second),
        (Attachment, attachment),
    ]:
        [event] = recorded(model, pgh_obj_id=obj.pk)
        assert (event.pgh_label, who(event)) == ("insert", secretariat.pk), model

    edit = reverse("meetings:workspace_item", args=[item.pk])
    data = item_post(
        **{
            "item-title": "Forslag til ny innovationsmodel",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "1",
            "sections-0-id": section.pk,
            "sections-0-text": "Udvalget drøfter den nye model.",
            "points-TOTAL_FORMS": "2",
            "points-INITIAL_FORMS": "2",
            "points-0-id": first.pk,
            "points-0-text": "At modellen godkendes med ændringer.",
            "points-1-id": second.pk,
            "points-1-text": second.text,
            "points-1-DELETE": "on",
            "attachments-TOTAL_FORMS": "1",
            "attachments-INITIAL_FORMS": "1",
            "attachments-0-id": attachment.pk,
            "attachments-0-title": "Notat om modellen",
            "attachments-0-is_closed": "on",
        }
    )
    assert client.post(edit, data).status_code == 302
    for model, obj, label in [
        (AgendaItem, item, "update"),
        (ItemSection, section, "update"),
        (RecommendationPoint, first, "update"),
        (RecommendationPoint, second, "delete"),
        (Attachment, attachment, "update"),
    ]:
        event = recorded(model, pgh_obj_id=obj.pk)[-1]
        assert (event.pgh_label, who(event)) == (label, secretariat.pk), model
    data.update(
        {
            "sections-0-DELETE": "on",
            "points-TOTAL_FORMS": "1",
            "attachments-0-DELETE": "on",
        }
    )
    assert client.post(edit, data).status_code == 302
    event = recorded(ItemSection, pgh_obj_id=section.pk)[-1]
    assert (event.pgh_label, who(event)) == ("delete", secretariat.pk)
    event = recorded(Attachment, pgh_obj_id=attachment.pk)[-1]
    assert (event.pgh_label, who(event), event.title) == (
        "delete",
        secretariat.pk,
        "Notat om modellen",
    )


def test_reordering_by_bulk_update_is_recorded_with_the_user(client, secretariat, meeting):
    first, second = (
        AgendaItemFactory(meeting=meeting, number=5),
        AgendaItemFactory(meeting=meeting, number=6),
    )
    client.force_login(secretariat)
    url = reverse("meetings:workspace_item_move", args=[second.pk])
    assert client.post(url, {"direction": "up"}).status_code == 302
    for item, number in [(first, 6), (second, 5)]:
        event = recorded(AgendaItem, pgh_obj_id=item.pk)[-1]
        assert (event.pgh_label, event.number, who(event)) == ("update", number, secretariat.pk)


def held_item(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(
        state=Meeting.State.HELD, starts_at=timezone.now() - datetime.timedelta(hours=3)
    )
    meeting.refresh_from_db()
    item = AgendaItemFactory(meeting=meeting, number=7, title="Punkt")
    return item, RecommendationPointFactory(item=item, order=1)


def test_decisions_recorded_in_the_admin_are_in_the_history(client, secretariat, meeting):
    """The admin records decisions with ``record_decision``, which saves the points with
    ``bulk_update``: the triggers record each point, with the user."""
    item, point = held_item(meeting)
    client.force_login(secretariat)
    data = {
        "meeting": meeting.pk,
        "number": 7,
        "title": "Punkt",
        "recommendation_by": "",
        "recommendation_to": "",
        "decision": "Godkendt.",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "1",
        "points-0-id": point.pk,
        "points-0-item": item.pk,
        "points-0-order": "1",
        "points-0-text": point.text,
        "points-0-outcome": RecommendationPoint.Outcome.APPROVED,
        "points-0-decision_text": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "conflicts-TOTAL_FORMS": "0",
        "conflicts-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:meetings_agendaitem_change", args=[item.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = recorded(RecommendationPoint, pgh_obj_id=point.pk)[-1]
    assert (event.pgh_label, event.outcome, who(event)) == ("update", "approved", secretariat.pk)
    event = recorded(AgendaItem, pgh_obj_id=item.pk)[-1]
    assert (event.decision, who(event)) == ("Godkendt.", secretariat.pk)

    html = text(client.get(reverse("meetings:workspace_item_history", args=[item.pk])))
    assert "Beslutning – → Godkendt" in html


def test_an_action_without_a_request_records_the_context_it_is_given(secretariat, meeting):
    item, point = held_item(meeting)
    with pghistory.context(user=secretariat.pk):
        actions.record_decision(item=item, decision="Godkendt.", outcomes={point.pk: ("noted", "")})
    event = recorded(RecommendationPoint, pgh_obj_id=point.pk)[-1]
    assert (event.pgh_label, event.outcome, who(event)) == ("update", "noted", secretariat.pk)


def test_without_a_user_the_history_says_the_system_did_it(client, secretariat, meeting):
    item = AgendaItemFactory(meeting=meeting, title="Oprettet uden bruger")
    [event] = recorded(AgendaItem, pgh_obj_id=item.pk)
    assert who(event) is None
    client.force_login(secretariat)
    html = text(client.get(reverse("meetings:workspace_item_history", args=[item.pk])))
    assert f"Systemet Oprettet: Dagsordenpunkt “{item.number}. Oprettet uden bruger”" in html


def test_the_import_command_is_named_in_the_history(client, secretariat, meeting):
    title = "Teknologilaboratorium"
    call_command(
        "import_agenda_item", str(SEED), meeting=meeting.pk, title=title, stdout=io.StringIO()
    )
    item = AgendaItem.objects.get(title=title)
    [event] = recorded(AgendaItem, pgh_obj_id=item.pk)
    assert event.pgh_context.metadata == {"command": "import_agenda_item"}
    client.force_login(secretariat)
    html = text(client.get(reverse("meetings:workspace_item_history", args=[item.pk])))
    assert "Systemet (import_agenda_item)" in html


def test_the_admin_records_deletes_with_the_user(client, superuser, meeting, open_item):
    parts = [
        (ItemSection, list(open_item.sections.values_list("pk", flat=True))),
        (RecommendationPoint, list(open_item.points.values_list("pk", flat=True))),
        (Attachment, list(open_item.attachments.values_list("pk", flat=True))),
    ]
    client.force_login(superuser)
    url = reverse("admin:meetings_meeting_delete", args=[meeting.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Meeting.objects.exists()
    [event] = recorded(Meeting, pgh_obj_id=meeting.pk, pgh_label="delete")
    assert who(event) == superuser.pk
    [event] = recorded(AgendaItem, pgh_obj_id=open_item.pk, pgh_label="delete")
    assert who(event) == superuser.pk
    for model, pks in parts:
        deleted = recorded(model, pgh_obj_id__in=pks, pgh_label="delete")
        assert len(deleted) == len(pks) and {who(e) for e in deleted} == {superuser.pk}


# Reading ------------------------------------------------------------------------------------


def history_urls(meeting, item):
    return [
        reverse("meetings:workspace_history", args=[meeting.pk]),
        reverse("meetings:workspace_item_history", args=[item.pk]),
    ]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("staff", 403),
        ("member", 403),
        ("other_member", 403),
        ("secretariat", 200),
        ("superuser", 200),
    ],
)
def test_only_the_secretariat_reads_the_history(
    client, request, meeting, closed_item, committee_member, other_member, role, expected
):
    users = {"member": committee_member, "other_member": other_member}
    if role != "anonymous":
        client.force_login(users.get(role) or request.getfixturevalue(role))
    for url in history_urls(meeting, closed_item):
        for headers in ({}, HTMX):
            response = client.get(url, headers=headers)
            assert response.status_code == expected, (url, headers)
            body = response.content.decode()
            if expected == 302:
                assert response.url.startswith(reverse("login"))
            if expected != 200:
                assert SECRET not in body
            else:
                assert SECRET in body  # the secretariat reads closed items in full


def test_the_pages_and_their_fragments(client, secretariat, meeting, open_item):
    client.force_login(secretariat)
    for url in history_urls(meeting, open_item):
        page = client.get(url).content.decode()
        assert "<html" in page and 'id="workspace-history"' in page
        fragment = client.get(url, headers=HTMX).content.decode()
        assert 'id="workspace-history"' in fragment and "<html" not in fragment


def test_the_workspace_links_to_the_history(client, secretariat, meeting, open_item):
    client.force_login(secretariat)
    page = client.get(reverse("meetings:workspace_meeting", args=[meeting.pk])).content.decode()
    assert reverse("meetings:workspace_history", args=[meeting.pk]) in page
    page = client.get(reverse("meetings:workspace_item", args=[open_item.pk])).content.decode()
    assert reverse("meetings:workspace_item_history", args=[open_item.pk]) in page
    # An approved meeting's items cannot be edited; their history is still linked.
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.APPROVED)
    page = client.get(reverse("meetings:workspace_meeting", args=[meeting.pk])).content.decode()
    assert reverse("meetings:workspace_item_history", args=[open_item.pk]) in page


def test_the_history_says_who_did_what_and_what_changed(client, secretariat, meeting):
    secretariat.first_name, secretariat.last_name = "Sofie", "Sekretær"
    secretariat.save()
    client.force_login(secretariat)
    item = full_item(meeting, title="Teknologilaboratorium")
    removed = full_item(meeting, title="Punkt der udgår")
    case = CaseFactory(reference="00.01.00-A00-9-17")
    section = item.sections.first()
    long_text = " ".join(f"ord{n}" for n in range(60))
    ItemSection.objects.filter(pk=section.pk).update(text=long_text)
    with pghistory.context(user=secretariat.pk):
        AgendaItem.objects.filter(pk=item.pk).update(title="Teknologilaboratoriet", case=case)
        ItemSection.objects.filter(pk=section.pk).update(
            text=long_text.replace("ord30", "ORD-TREDIVE")
        )
        removed.delete()

    html = text(client.get(reverse("meetings:workspace_history", args=[meeting.pk])))
    assert "Sofie Sekretær Ændret: Dagsordenpunkt" in html
    assert "Titel Teknologilaboratorium → Teknologilaboratoriet" in html
    assert "Sag – → 00.01.00-A00-9-17 Teknologilaboratorium" in html
    assert "Slettet: Dagsordenpunkt" in html and "Punkt der udgår" in html
    # the parts of a deleted item are named with it
    number = removed.number
    assert f"Slettet: Bilag “Åbent bilag {number}” Dagsordenpunkt {number}. Punkt der udgår" in html
    # A long text as a word diff, shortened around the change.
    page = client.get(reverse("meetings:workspace_item_history", args=[item.pk])).content.decode()
    assert '<del><span class="sr-only">fjernet: </span>ord30</del>' in page
    assert '<ins><span class="sr-only">tilføjet: </span>ORD-TREDIVE</ins>' in page


def test_a_word_diff_keeps_the_words_around_a_change():
    before = " ".join(f"ord{n}" for n in range(60))
    after = before.replace("ord30", "ORD-TREDIVE")
    pieces = history.word_diff(before, after)
    assert pieces[0] == ("gap", "…") and pieces[-1] == ("gap", "…")
    assert ("removed", "ord30") in pieces and ("added", "ORD-TREDIVE") in pieces
    kept = "".join(piece for kind, piece in pieces if kind == "same")
    assert "ord22" in kept and "ord38" in kept and "ord21 " not in kept and "ord39" not in kept
    assert history.word_diff("a b c", "a x c") == [
        ("same", "a "),
        ("removed", "b"),
        ("same", " "),
        ("added", "x"),
        ("same", " c"),
    ]
    assert history.word_diff("Resumé af sagen.", "Ny tekst.") == [
        ("removed", "Resumé af sagen."),
        ("same", " "),
        ("added", "Ny tekst."),
    ]


def test_a_change_to_a_row_from_before_the_history_compares_with_its_baseline(
    client, secretariat, meeting
):
    item = AgendaItemFactory(meeting=meeting, title="Fra før historikken")
    history.event_model(AgendaItem).objects.filter(pgh_obj_id=item.pk).delete()
    client.force_login(secretariat)
    url = reverse("meetings:workspace_item_history", args=[item.pk])
    with pghistory.context(user=secretariat.pk):
        AgendaItem.objects.filter(pk=item.pk).update(title="Ændret efter")
    assert "Værdierne før denne ændring blev ikke registreret." in text(client.get(url))

    history.event_model(AgendaItem).objects.filter(pgh_obj_id=item.pk).delete()
    AgendaItem.objects.filter(pk=item.pk).update(title="Fra før historikken")
    history.event_model(AgendaItem).objects.filter(pgh_obj_id=item.pk).delete()
    baseline = history.record_baseline("meetings", "AgendaItem")
    baseline.code(apps, connection.schema_editor())
    with pghistory.context(user=secretariat.pk):
        AgendaItem.objects.filter(pk=item.pk).update(title="Ændret efter")
    html = text(client.get(url))
    assert "Titel Fra før historikken → Ændret efter" in html
    assert "Oprettet" not in html  # the baseline is no event of its own


def test_older_changes_page_by_page_without_gaps_or_repeats(
    client, secretariat, meeting, monkeypatch
):
    """Every event of a test shares its transaction's time, so only the order within one
    moment (model, then id) tells the pages apart: the hardest case for the cursor."""
    monkeypatch.setattr(history, "PAGE_SIZE", 4)
    for number in range(1, 4):
        full_item(meeting, number=number)
    Meeting.objects.filter(pk=meeting.pk).update(title="Nyt navn")
    client.force_login(secretariat)
    base = reverse("meetings:workspace_history", args=[meeting.pk])
    url, seen, pages = base, [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        page = response.context["history"]
        assert 0 < len(page.entries) <= 4
        seen += [(e.kind, e.name, e.within, e.action) for e in page.entries]
        pages += 1
        url = page.next_cursor and base + "?" + urlencode({"older": page.next_cursor})
    # 2 meeting events; per item 1 + 2 sections + 2 points + 2 attachments
    assert len(seen) == len(set(seen)) == 2 + 3 * 7
    assert pages == 6


@pytest.mark.parametrize(
    "cursor",
    [
        "nonsense",
        "2026-01-01T10:00:00|x|y",
        "2026-01-01|a|1",
        "2026-13-01T10:00:00+00:00|meetings.MeetingEvent|1",
        "2026-01-01T10:00:00+00:00|meetings.MeetingEvent|" + "9" * 40,
        "2026-01-01T10:00:00+00:00|\x00|1",
    ],
)
def test_a_page_that_does_not_exist_is_a_bad_request(client, secretariat, meeting, cursor):
    client.force_login(secretariat)
    url = reverse("meetings:workspace_history", args=[meeting.pk])
    assert client.get(url, {"older": cursor}).status_code == 400


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _changes(meeting, count, user):
    """``count`` items, each created, renamed with a case, with a section changed and a point
    removed: events of every kind, by ``user``."""
    with pghistory.context(user=user.pk):
        for number in range(1, count + 1):
            item = full_item(meeting, number=number)
            item.case = CaseFactory()
            item.title = f"Omdøbt {number}"
            item.save()
            section = item.sections.first()
            section.text = "Ny tekst."
            section.save()
            item.points.first().delete()


def test_the_history_pages_cost_the_same_at_9_and_45_events(client, secretariat, committee):
    """A page's queries do not grow with its events; a longer history is cut into pages of
    ``PAGE_SIZE``, which cost no more."""
    client.force_login(secretariat)
    counts = []
    for count in (1, 5, 50):
        meeting = MeetingFactory(committee=committee, number=count)
        _changes(meeting, count, secretariat)
        item = meeting.items.first()
        counts.append([_queries(client, url) for url in history_urls(meeting, item)])
    few, more, many = counts
    assert few == more, counts
    assert all(m <= f for m, f in zip(many, few, strict=True)), counts
