"""The secretariat's workspace through its URLs: who may use it, preparing a meeting, building
its agenda (blank, pasted, follow-up), reordering, attachments, previews, programme, groups."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import AgendaItem, Case, ItemSection, Meeting
from tests import attachment_files as files
from tests.meetings.conftest import SECRET
from tests.meetings.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    RecommendationPointFactory,
    full_item,
)

SEED = Path(__file__).parent / "fixtures" / "agenda_items" / "gentofte_innovation_moede4.txt"
HTMX = {"HX-Request": "true"}


def urls(meeting, item):
    return [
        reverse("meetings:workspace"),
        reverse("meetings:workspace_new"),
        reverse("meetings:workspace_meeting", args=[meeting.pk]),
        reverse("meetings:workspace_edit", args=[meeting.pk]),
        reverse("meetings:workspace_programme", args=[meeting.pk]),
        reverse("meetings:workspace_groups", args=[meeting.pk]),
        reverse("meetings:workspace_item_new", args=[meeting.pk]),
        reverse("meetings:workspace_item_paste", args=[meeting.pk]),
        reverse("meetings:workspace_item_followup", args=[meeting.pk]),
        reverse("meetings:workspace_item", args=[item.pk]),
        reverse("meetings:workspace_item_preview", args=[item.pk]),
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
def test_the_workspace_is_for_the_secretariat(
    client, request, meeting, open_item, committee_member, other_member, role, expected
):
    users = {"member": committee_member, "other_member": other_member}
    if role != "anonymous":
        client.force_login(users.get(role) or request.getfixturevalue(role))
    for url in urls(meeting, open_item):
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 302:
            assert response.url.startswith(reverse("login"))
    move = reverse("meetings:workspace_item_move", args=[open_item.pk])
    assert client.post(move, {"direction": "up"}).status_code in (expected, 302)


def form_data(**fields):
    return {key: value for key, value in fields.items() if value is not None}


def test_creating_a_meeting_numbers_it_and_strips_a_typed_number(client, secretariat, committee):
    MeetingFactory(committee=committee, number=7)
    other = CommitteeFactory(name="Opgaveudvalget for digitalisering og teknologi")
    client.force_login(secretariat)
    response = client.post(
        reverse("meetings:workspace_new"),
        {
            "committee": committee.pk,
            "co_hosts": [other.pk],
            "kind": "conference",
            "title": "Møde 8: Teknologilaboratorium",
            "starts_at": "2027-09-26T13:00",
            "ends_at": "2027-09-26T17:00",
            "place": "Gentofte Rådhus",
            "purposes": "At udforske teknologien",
        },
    )
    meeting = Meeting.objects.get(number=8)
    assert response.url == reverse("meetings:workspace_meeting", args=[meeting.pk])
    assert meeting.title == "Teknologilaboratorium"
    assert str(meeting) == "Møde 8: Teknologilaboratorium"
    assert meeting.state == Meeting.State.DRAFT
    assert list(meeting.co_hosts.all()) == [other]


def test_a_meeting_form_with_errors_is_refused_with_messages(client, secretariat, committee):
    client.force_login(secretariat)
    response = client.post(
        reverse("meetings:workspace_new"),
        {
            "committee": committee.pk,
            "co_hosts": [committee.pk],
            "kind": "ordinary",
            "starts_at": "2027-09-26T13:00",
            "ends_at": "2027-09-26T12:00",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Mødet skal slutte efter, at det begynder." in html
    assert "Det ansvarlige udvalg kan ikke også være medarrangør." in html
    assert not Meeting.objects.exists()


def item_post(**overrides):
    data = {
        "item-title": "Forslag til innovationsmodel",
        "item-case_reference": "",
        "item-recommendation_by": "Tværgående Funktioner",
        "item-recommendation_to": "Opgaveudvalget om Innovation",
        "sections-TOTAL_FORMS": "2",
        "sections-INITIAL_FORMS": "0",
        "sections-0-key": "summary",
        "sections-0-heading": "Resumé",
        "sections-0-text": "Udvalget drøfter modellen.",
        "sections-1-key": "other",
        "sections-1-heading": "",
        "sections-1-text": "",
        "points-TOTAL_FORMS": "3",
        "points-INITIAL_FORMS": "0",
        "points-0-text": "At modellen godkendes.",
        "points-1-text": "At modellen evalueres.",
        "points-2-text": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "save": "1",
    }
    data.update(overrides)
    return data


def test_a_blank_item_offers_the_canonical_danish_sections(client, secretariat, meeting):
    client.force_login(secretariat)
    html = client.get(reverse("meetings:workspace_item_new", args=[meeting.pk])).content.decode()
    for heading in ("Resumé", "Sagsfremstilling", "Indstilling", "Tidligere beslutninger"):
        assert f'value="{heading}"' in html


def test_adding_an_item_with_attachments_numbers_it_through_the_year(
    client, secretariat, meeting, committee
):
    earlier = MeetingFactory(
        committee=committee, number=1, starts_at=meeting.starts_at - datetime.timedelta(days=30)
    )
    AgendaItemFactory(meeting=earlier, number=48)
    client.force_login(secretariat)
    data = item_post(
        **{
            "upload-files": [
                SimpleUploadedFile("Notat.pdf", files.plain_pdf()),
                SimpleUploadedFile("Foto.png", files.png()),
            ],
            "upload-closed": "on",
        }
    )
    response = client.post(reverse("meetings:workspace_item_new", args=[meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item = AgendaItem.objects.get(title="Forslag til innovationsmodel")
    assert item.number == 49  # the committee's numbers run on through the year
    assert [(s.key, s.heading) for s in item.sections.all()] == [("summary", "Resumé")]
    assert [p.text for p in item.points.all()] == [
        "At modellen godkendes.",
        "At modellen evalueres.",
    ]
    attachments = list(item.attachments.order_by("order"))
    assert [(a.title, a.is_closed) for a in attachments] == [("Notat", True), ("Foto", True)]
    assert attachments[0].page_sizes  # checked on upload, facts recorded


def test_one_bad_upload_refuses_the_whole_save(client, secretariat, meeting):
    client.force_login(secretariat)
    data = item_post(
        **{
            "upload-files": [
                SimpleUploadedFile("Notat.pdf", files.plain_pdf()),
                SimpleUploadedFile("Kode.pdf", files.password_pdf()),
            ]
        }
    )
    response = client.post(reverse("meetings:workspace_item_new", args=[meeting.pk]), data)
    assert response.status_code == 422
    assert "Kode.pdf" in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_editing_keeps_rows_changes_some_and_removes_others(client, secretariat, meeting):
    item = full_item(meeting)
    sections = list(item.sections.all())
    points = list(item.points.all())
    attachments = list(item.attachments.all())
    client.force_login(secretariat)
    data = item_post(
        **{
            "item-title": "Nyt navn",
            "item-is_closed": "on",
            "item-case_reference": "00.01.00-A00-9-17",
            "sections-TOTAL_FORMS": "2",
            "sections-INITIAL_FORMS": "2",
            "sections-0-id": sections[1].pk,
            "sections-0-key": sections[1].key,
            "sections-0-heading": "Sagsfremstilling",
            "sections-0-text": "Ny tekst.",
            "sections-1-id": sections[0].pk,
            "sections-1-key": sections[0].key,
            "sections-1-heading": sections[0].heading,
            "sections-1-text": sections[0].text,
            "sections-1-DELETE": "on",
            "points-TOTAL_FORMS": "2",
            "points-INITIAL_FORMS": "2",
            "points-0-id": points[0].pk,
            "points-0-text": "Ændret punkt.",
            "points-1-id": points[1].pk,
            "points-1-text": points[1].text,
            "attachments-TOTAL_FORMS": "2",
            "attachments-INITIAL_FORMS": "2",
            "attachments-0-id": attachments[0].pk,
            "attachments-0-title": "Omdøbt bilag",
            "attachments-0-is_closed": "on",
            "attachments-1-id": attachments[1].pk,
            "attachments-1-title": attachments[1].title,
            "attachments-1-DELETE": "on",
        }
    )
    response = client.post(reverse("meetings:workspace_item", args=[item.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert (item.title, item.is_closed, item.case.reference) == (
        "Nyt navn",
        True,
        "00.01.00-A00-9-17",
    )
    assert [(s.pk, s.text) for s in item.sections.all()] == [(sections[1].pk, "Ny tekst.")]
    assert [(p.pk, p.text) for p in item.points.all()] == [
        (points[0].pk, "Ændret punkt."),
        (points[1].pk, points[1].text),
    ]
    assert [(a.title, a.is_closed) for a in item.attachments.all()] == [("Omdøbt bilag", True)]


def test_more_rows_keeps_what_was_typed(client, secretariat, meeting):
    client.force_login(secretariat)
    data = item_post(**{"add": "1"})
    del data["save"]
    response = client.post(reverse("meetings:workspace_item_new", args=[meeting.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Udvalget drøfter modellen." in html
    assert 'name="sections-2-heading"' in html and 'name="points-3-text"' in html
    assert not AgendaItem.objects.exists()


def test_pasted_text_is_checked_in_the_editor_before_it_is_saved(client, secretariat, meeting):
    client.force_login(secretariat)
    url = reverse("meetings:workspace_item_paste", args=[meeting.pk])
    text = "Punkt 4: Teknologilaboratorium\n\n" + SEED.read_text()
    response = client.post(url, {"text": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert not AgendaItem.objects.exists()  # nothing saved yet
    assert 'value="Teknologilaboratorium"' in html
    assert "Tværgående Funktioner" in html
    assert "fælles viden om de største teknologiske udviklingstendenser" in html
    # The editor posts back to the same page; the secretariat corrects the title and saves.
    data = item_post(**{"item-title": "Teknologilaboratorium – indsigt i morgendagens velfærd"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert AgendaItem.objects.get().title.startswith("Teknologilaboratorium – indsigt")


def test_an_empty_paste_is_refused(client, secretariat, meeting):
    client.force_login(secretariat)
    url = reverse("meetings:workspace_item_paste", args=[meeting.pk])
    assert client.post(url, {"text": ""}).status_code == 422


def test_a_follow_up_carries_the_case_and_the_earlier_decision(
    client, secretariat, meeting, committee
):
    held = MeetingFactory(
        committee=committee,
        number=2,
        state=Meeting.State.APPROVED,
        starts_at=meeting.starts_at - datetime.timedelta(days=60),
    )
    earlier = AgendaItemFactory(meeting=held, number=12, title="Model for innovation", decision="")
    RecommendationPointFactory(item=earlier, order=1, outcome="approved")
    AgendaItem.objects.filter(pk=earlier.pk).update(decision="Godkendt med bemærkninger.")
    client.force_login(secretariat)
    url = reverse("meetings:workspace_item_followup", args=[meeting.pk])
    html = client.post(url, {"earlier": earlier.pk}).content.decode()
    assert "Godkendt med bemærkninger." in html
    assert "Beslutning i Opgaveudvalget om Innovation den " in html and ", pkt. 12:" in html
    data = item_post(
        **{
            "earlier": earlier.pk,
            "item-title": "Model for innovation – opfølgning",
            "item-case_reference": "00.22.00-P20-1-17",
            "sections-1-key": "previous_decisions",
            "sections-1-heading": "Tidligere beslutninger",
            "sections-1-text": "Beslutning fra mødet: Godkendt med bemærkninger.",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    new = AgendaItem.objects.get(title="Model for innovation – opfølgning")
    earlier.refresh_from_db()
    assert new.case == earlier.case == Case.objects.get(reference="00.22.00-P20-1-17")
    assert new.sections.filter(key=ItemSection.Key.PREVIOUS_DECISIONS).exists()


def test_moving_items_swaps_their_numbers(client, secretariat, meeting):
    first, second, third = (AgendaItemFactory(meeting=meeting, number=n) for n in (5, 6, 7))
    client.force_login(secretariat)
    url = reverse("meetings:workspace_item_move", args=[third.pk])
    response = client.post(url, {"direction": "up"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="workspace-agenda"' in html and "<html" not in html
    numbers = dict(AgendaItem.objects.values_list("pk", "number"))
    assert (numbers[first.pk], numbers[second.pk], numbers[third.pk]) == (5, 7, 6)
    assert (
        client.post(
            reverse("meetings:workspace_item_move", args=[first.pk]), {"direction": "up"}
        ).status_code
        == 302
    )
    assert client.post(url, {"direction": "sideways"}).status_code == 400


def test_previews_show_what_members_and_the_public_will_read(client, secretariat, committee):
    draft = MeetingFactory(committee=committee, number=9, state=Meeting.State.DRAFT)
    closed = full_item(draft, closed=True, title=f"Lukket {SECRET}", secret=SECRET)
    opened = full_item(draft, title="Åbent punkt")
    client.force_login(secretariat)
    url = reverse("meetings:workspace_item_preview", args=[closed.pk])
    assert SECRET in client.get(url).content.decode()
    public = client.get(url, {"reader": "public"}).content.decode()
    assert SECRET not in public and "Lukket punkt" in public
    opened_public = client.get(
        reverse("meetings:workspace_item_preview", args=[opened.pk]), {"reader": "public"}
    ).content.decode()
    assert "Resumé af sagen." in opened_public
    assert "Lukket bilag" not in opened_public


def test_programme_and_groups_are_saved_in_order(client, secretariat, meeting, committee):
    member = MembershipFactory(committee=committee, name="Anne Andersen")
    MembershipFactory(committee=CommitteeFactory(), name="Fremmed")
    client.force_login(secretariat)
    response = client.post(
        reverse("meetings:workspace_programme", args=[meeting.pk]),
        {
            "rows-TOTAL_FORMS": "2",
            "rows-INITIAL_FORMS": "0",
            "rows-0-kind": "welcome",
            "rows-0-title": "Velkomst",
            "rows-0-starts_at": "13:00",
            "rows-0-speakers": "Gry Ravn, Innovationschef, Gentofte Kommune",
            "rows-1-kind": "talk",
            "rows-1-title": "",
            "save": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    part = meeting.programme.get()
    assert (part.title, str(part.starts_at)) == ("Velkomst", "13:00:00")
    assert [str(s) for s in part.speakers.all()] == ["Gry Ravn, Innovationschef, Gentofte Kommune"]
    page = client.get(reverse("meetings:workspace_groups", args=[meeting.pk])).content.decode()
    assert "Anne Andersen" in page and "Fremmed" not in page
    response = client.post(
        reverse("meetings:workspace_groups", args=[meeting.pk]),
        {
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "0",
            "rows-0-name": "Politikergruppen",
            "rows-0-members": [member.pk],
            "save": "1",
        },
    )
    assert response.status_code == 302
    assert list(meeting.workshop_groups.get().members.all()) == [member]


def test_an_approved_meeting_cannot_be_changed_here(client, secretariat, meeting):
    item = full_item(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.APPROVED)
    client.force_login(secretariat)
    assert client.get(reverse("meetings:workspace_edit", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("meetings:workspace_item", args=[item.pk])).status_code == 403
    response = client.post(reverse("meetings:workspace_item", args=[item.pk]), item_post())
    assert response.status_code == 403
    assert client.get(reverse("meetings:workspace_meeting", args=[meeting.pk])).status_code == 200


def _count(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_workspace_pages_cost_the_same_at_5_and_50_items(client, secretariat, committee):
    client.force_login(secretariat)
    meeting = MeetingFactory(committee=committee, number=3)
    for number in range(1, 6):
        full_item(meeting, number=number)
    pages = [
        reverse("meetings:workspace"),
        reverse("meetings:workspace_meeting", args=[meeting.pk]),
    ]
    few = [_count(client, url, None) for url in pages]
    for number in range(6, 51):
        full_item(meeting, number=number)
    for number in range(4, 40):
        MeetingFactory(committee=committee, number=number)
    assert [_count(client, url, None) for url in pages] == few
