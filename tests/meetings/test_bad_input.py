"""Query parameters of the item page that the agenda sends: anything else is a 400 with the
error page, never a 500 (``tests/innovation/test_fuzz.py`` sends arbitrary text)."""

import pytest
from django.urls import reverse

from meetings.models import PrivateNote

NUL = "\x00"


@pytest.mark.parametrize("show", ["bogus", NUL, "summary²"])
def test_unknown_item_view_is_400(client, open_item, show):
    response = client.get(reverse("meetings:item", args=[open_item.pk]), {"show": show})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" in html and html.count("<h1") == 1


@pytest.mark.parametrize("level", ["²", "٣", NUL, "3"])
def test_unknown_note_level_is_400(client, committee_member, open_item, level):
    client.force_login(committee_member)
    url = reverse("meetings:item_note", args=[open_item.pk])
    response = client.post(url, {"text": "Min note"}, query_params={"level": level})
    assert response.status_code == 400
    assert not PrivateNote.objects.exists()
    saved = client.post(url, {"text": "Min note"}, query_params={"level": 4})
    assert saved.status_code == 302 and PrivateNote.objects.exists()
