import re

import pytest
from django.test import Client
from django.urls import reverse

from catalogue.models import Idea
from tests.catalogue.factories import CommentFactory, IdeaFactory
from tests.innovation.factories import ProjectFactory
from tests.meetings.conftest import *  # noqa

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def urls(meeting, open_item, closed_item, staff):
    idea = IdeaFactory(status=Idea.Status.PUBLISHED, submitted_by=staff)
    CommentFactory(idea=idea, author=staff, text="En kommentar")
    ProjectFactory(committee=meeting.committee)
    return [
        meeting.get_absolute_url(),
        open_item.get_absolute_url(),
        "/moeder/",
        "/idekatalog/" if False else reverse("catalogue:index"),
        reverse("catalogue:index") + "?q=velf%C3%A6rd",
        idea.get_absolute_url()
        if hasattr(idea, "get_absolute_url")
        else reverse("catalogue:idea", args=[idea.pk]),
        reverse("projects"),
        "/en" + meeting.get_absolute_url(),
    ]


def test_staff_then_anonymous(urls, staff, one_minute):
    for url in urls:
        s = Client()
        s.force_login(staff)
        r = s.get(url)
        assert r.status_code == 200, url
        html = r.content.decode()
        assert "\x00" not in html, url
        tokens = set(CSRF.findall(html))
        a = Client()
        r2 = a.get(url)
        h2 = r2.content.decode()
        assert "\x00" not in h2, url
        for t in tokens:
            assert t not in h2
        # again staff after anonymous kept
        r3 = s.get(url)
        assert "\x00" not in r3.content.decode(), url


def test_anonymous_then_staff(urls, staff, one_minute):
    for url in urls:
        a = Client()
        r2 = a.get(url)
        assert r2.status_code == 200, url
        s = Client()
        s.force_login(staff)
        r = s.get(url)
        html = r.content.decode()
        assert "\x00" not in html, url
        assert 'class="user-name"' in html, url


@pytest.mark.parametrize(
    "suffix",
    [
        "?page=abc",
        "?page=0",
        "?page=99999",
        "?upcoming_page=-1",
        "?committee=abc",
        "?sort=zzz",
        "?area=99999",
        "?show=bogus",
        "?level=99",
        "?q=" + "x" * 3000,
        "?tag=" + "y" * 300,
        "?page=1e9",
        "?q=%00",
        "?q=%ff",
    ],
)
def test_odd_queries_hold_no_marks(urls, suffix, one_minute):
    for url in urls:
        r = Client().get(url + suffix)
        assert r.status_code < 500, (url, suffix, r.status_code)
        body = r.content.decode(errors="replace")
        assert "\x00" not in body, (url, suffix, r.status_code)
