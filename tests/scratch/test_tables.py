import re

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import Idea
from tests.catalogue.factories import CommentFactory, IdeaFactory
from tests.innovation.factories import ProjectFactory
from tests.meetings.conftest import *  # noqa
from tests.meetings.factories import WorkshopGroupFactory

TABLE = re.compile(r'(?:FROM|JOIN)\s+"?([a-z_0-9]+)"?', re.I)


def test_tables(meeting, open_item, closed_item, staff, one_minute):
    idea = IdeaFactory(status=Idea.Status.PUBLISHED, submitted_by=staff)
    CommentFactory(idea=idea, author=staff, text="En kommentar")
    ProjectFactory(committee=meeting.committee)
    WorkshopGroupFactory(meeting=meeting)
    for url in [
        meeting.get_absolute_url(),
        open_item.get_absolute_url(),
        "/moeder/",
        reverse("catalogue:index"),
        reverse("catalogue:index") + "?q=velf%C3%A6rd",
        reverse("catalogue:idea", args=[idea.pk]),
        reverse("projects"),
    ]:
        cache.clear()
        with CaptureQueriesContext(connection) as q:
            r = Client().get(url)
        assert r.status_code == 200
        tables = set()
        for query in q.captured_queries:
            tables |= set(TABLE.findall(query["sql"]))
        print(url, sorted(tables))
