"""Every page, fragment and feed of the meetings app × every kind of reader.

The closed item's text (SECRET, in its title, sections, points and closed attachment) must
reach members of the committee and the secretariat, and nobody else, wherever it could show.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings import actions
from meetings.models import Attachment
from tests.meetings.conftest import SECRET
from tests.meetings.factories import MandateTaskFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture
def held_meeting(meeting, open_item, closed_item, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for item in (open_item, closed_item):
        for attachment in item.attachments.all():
            attachment.file = SimpleUploadedFile(
                f"{attachment.pk}.pdf", b"%PDF-1.4\n" + SECRET.encode() * attachment.is_closed
            )
            attachment.save()
    task = MandateTaskFactory(committee=meeting.committee, title="Idékatalog")
    task.items.add(open_item, closed_item)
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=2)
    meeting.save(update_fields=["starts_at"])
    actions.mark_held(meeting=meeting)
    actions.record_decision(item=closed_item, decision=f"Lukket beslutning {SECRET}")
    return meeting


def urls(meeting, open_item, closed_item):
    """(url, htmx?) for every GET view that could show the closed item."""
    return [
        (reverse("meetings:index"), False),
        (reverse("meetings:index") + "?year=" + str(meeting.starts_at.year), True),
        (reverse("meetings:committees"), False),
        (reverse("meetings:committee", args=[meeting.committee.slug]), False),
        (reverse("meetings:meeting", args=[meeting.pk]), False),
        (reverse("meetings:meeting", args=[meeting.pk]), True),
        (reverse("meetings:item", args=[closed_item.pk]), False),
        (reverse("meetings:item", args=[closed_item.pk]), True),
        (reverse("meetings:item", args=[open_item.pk]), False),
        (reverse("meetings:item", args=[open_item.pk]), True),
        (reverse("meetings:minutes", args=[meeting.pk]), False),
        (reverse("meetings:ical"), False),
        (reverse("meetings:committee_ical", args=[meeting.committee.slug]), False),
    ]


def test_closed_item_text_reaches_only_those_allowed(
    client, held_meeting, open_item, closed_item, roles
):
    for name, user, allowed in roles:
        client.logout()
        if user:
            client.force_login(user)
        seen_anywhere = False
        for url, htmx in urls(held_meeting, open_item, closed_item):
            response = client.get(url, headers=HTMX if htmx else {})
            assert response.status_code == 200, (name, url, response.status_code)
            body = (response.getvalue() if response.streaming else response.content).decode()
            if not allowed:
                assert SECRET not in body, (name, url, htmx)
            seen_anywhere = seen_anywhere or SECRET in body
        assert seen_anywhere is allowed, name


def test_closed_item_shows_number_and_lukket_punkt_to_the_public(client, held_meeting, closed_item):
    body = client.get(reverse("meetings:meeting", args=[held_meeting.pk])).content.decode()
    assert "Lukket punkt" in body
    assert str(closed_item.number) in body


def test_closed_attachments_download_only_for_those_allowed(
    client, held_meeting, open_item, closed_item, roles
):
    open_attachment = Attachment.objects.get(item=open_item, is_closed=False)
    closed_of_open = Attachment.objects.get(item=open_item, is_closed=True)
    closed_of_closed = Attachment.objects.get(item=closed_item, is_closed=False)
    for name, user, allowed in roles:
        client.logout()
        if user:
            client.force_login(user)
        url = reverse("meetings:attachment", args=[open_attachment.pk])
        assert client.get(url).status_code == 200, name
        for attachment in (closed_of_open, closed_of_closed):
            response = client.get(reverse("meetings:attachment", args=[attachment.pk]))
            assert response.status_code == (200 if allowed else 404), (name, attachment)


def test_notes_stay_private(client, held_meeting, open_item, committee_member, secretariat):
    client.force_login(committee_member)
    note_url = reverse("meetings:item_note", args=[open_item.pk])
    response = client.post(note_url, {"text": "Min egen note om ÆØÅ"}, headers=HTMX)
    assert response.status_code == 200
    item_url = reverse("meetings:item", args=[open_item.pk])
    assert "Min egen note om ÆØÅ" in client.get(item_url).content.decode()
    for user in (secretariat, None):
        client.logout()
        if user:
            client.force_login(user)
        assert "Min egen note" not in client.get(item_url).content.decode()
        assert "Min egen note" not in client.get(item_url, headers=HTMX).content.decode()
        meeting_url = reverse("meetings:meeting", args=[held_meeting.pk])
        assert "Min egen note" not in client.get(meeting_url).content.decode()


def test_nobody_but_members_writes_notes_on_a_closed_item(client, held_meeting, closed_item, roles):
    url = reverse("meetings:item_note", args=[closed_item.pk])
    for name, user, allowed in roles:
        client.logout()
        if user:
            client.force_login(user)
        response = client.post(url, {"text": "note"})
        if user is None:
            assert response.status_code in (302, 403), name
        else:
            assert (response.status_code < 400) is allowed, (name, response.status_code)
