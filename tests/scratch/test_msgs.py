import re

from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client
from django.urls import reverse

from catalogue.models import Idea
from tests.catalogue.factories import IdeaFactory
from tests.meetings.conftest import *  # noqa


def test_message_after_endorse_then_logout(meeting, open_item, staff, committee_member):
    idea = IdeaFactory(status=Idea.Status.PUBLISHED, submitted_by=staff)
    url = reverse("catalogue:idea", args=[idea.pk])
    Client().get(url)  # kept
    c = Client()
    from innovation.shared import permissions
    from tests.factories import UserFactory

    c.force_login(UserFactory(username="x2", role=permissions.STAFF))
    page = c.get(url).content.decode()

    key = re.search(r'name="submission_key" class="form-input" value="([^"]+)"', page).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    r = c.post(
        reverse("catalogue:endorse", args=[idea.pk]),
        {"submission_key": key, "csrfmiddlewaretoken": token},
    )
    assert r.status_code == 302
    # log out before reading the message: message stays in cookie?
    r = c.post(reverse("logout"))
    print("logout", r.status_code, r.get("Location"))
    html = c.get(url).content.decode()
    print("thank", "Tak for din støtte" in html)
    other = Client().get(url).content.decode()
    assert "Tak for din støtte" not in other
    assert 'class="user-name"' not in other


def test_head_and_lang(meeting, open_item):
    url = meeting.get_absolute_url()
    c = Client()
    r = c.head(url)
    print("HEAD", r.status_code, len(r.content))
    da = c.get(url, headers={"Accept-Language": "en"}).content.decode()
    en = c.get("/en" + url).content.decode()
    assert 'lang="da"' in da and 'lang="en"' in en
    c2 = Client()
    c2.cookies["django_language"] = "en"
    r = c2.get(url)
    print("cookie-en", r.status_code, re.search(r'<html lang="(\w+)"', r.content.decode()).group(1))
    for h in (
        {"HX-Request": "true", "HX-History-Restore-Request": "true"},
        {"HX-Request": "true", "HX-Target": "x"},
    ):
        r = c.get(url, headers=h)
        assert "\x00" not in r.content.decode()


def test_message_waiting_for_visitor(meeting, open_item, rf):
    url = meeting.get_absolute_url()
    Client().get(url)
    c = Client()
    # craft a messages cookie
    from django.contrib.messages.storage.base import Message
    from django.http import HttpResponse

    req = rf.get("/")
    storage = CookieStorage(req)
    resp = HttpResponse()
    storage._store([Message(constants.INFO, "Din besked 123")], resp)
    c.cookies["messages"] = resp.cookies["messages"].value
    html = c.get(url).content.decode()
    assert "Din besked 123" in html
    assert "Din besked 123" not in Client().get(url).content.decode()
    assert "Din besked 123" not in c.get(url).content.decode()
