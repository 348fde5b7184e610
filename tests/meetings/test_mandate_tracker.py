"""The mandate tracker on the committee page: each task of the mandate with its due date and
status, and the agenda items, ideas and projects that serve it — each read through its own
``visible_to``, a few at a time, in a constant number of queries (meetings/mandate.py)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import Idea
from meetings import mandate
from meetings.models import MandateTask, Meeting
from tests.catalogue.factories import IdeaFactory
from tests.innovation.factories import ProjectFactory
from tests.meetings.factories import MandateTaskFactory, MeetingFactory, full_item, mark_held

CLOSED = "LUKKET-OPGAVEPUNKT-3390"
DRAFT_ITEM = "KLADDE-OPGAVEPUNKT-7702"
CURATING = "IDE-UNDER-BEHANDLING-2204"
DRAFT_IDEA = "IDE-KLADDE-5530"
DRAFT_PROJECT = "PROJEKT-UDKAST-8817"
ROLES = ["anonymous", "staff", "member", "other_member", "secretariat", "superuser"]
READS_CLOSED = {"member", "secretariat", "superuser"}
SECRETARIAT = {"secretariat", "superuser"}


@pytest.fixture
def readers(committee_member, other_member, staff, secretariat, superuser):
    return {
        "anonymous": None,
        "staff": staff,
        "member": committee_member,
        "other_member": other_member,
        "secretariat": secretariat,
        "superuser": superuser,
    }


@pytest.fixture
def tracked(committee):
    task = MandateTaskFactory(
        committee=committee,
        order=1,
        title="3–5 gennemgribende innovationsprojekter",
        due_text="efteråret 2017",
        due_date=datetime.date(2017, 10, 31),
        status=MandateTask.Status.IN_PROGRESS,
    )
    held = MeetingFactory(committee=committee, number=5, title="Forslag til projekter")
    open_item = full_item(held, title="Status på afsøgningen")
    closed_item = full_item(held, closed=True, title=f"Lukket {CLOSED}", secret=CLOSED)
    mark_held(held)
    draft = MeetingFactory(committee=committee, number=6, state=Meeting.State.DRAFT)
    draft_item = full_item(draft, title=DRAFT_ITEM)
    task.items.add(open_item, closed_item, draft_item)
    IdeaFactory(title="Sensorer mod fald", status=Idea.Status.SELECTED, mandate_task=task)
    IdeaFactory(title=CURATING, status=Idea.Status.UNDER_REVIEW, mandate_task=task)
    IdeaFactory(title=DRAFT_IDEA, status=Idea.Status.DRAFT, mandate_task=task)
    ProjectFactory(committee=committee, title="Velfærdsteknologi i eget hjem", mandate_task=task)
    ProjectFactory(committee=committee, title=DRAFT_PROJECT, mandate_task=task, is_published=False)
    return task


def flat(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def url(committee):
    return reverse("meetings:committee", args=[committee.slug])


@pytest.mark.parametrize("role", ROLES)
def test_each_task_with_what_serves_it_as_each_reader_may_see_it(
    client, readers, committee, tracked, role
):
    if readers[role] is not None:
        client.force_login(readers[role])
    response = client.get(url(committee))
    assert response.status_code == 200
    text = flat(response)
    assert "3–5 gennemgribende innovationsprojekter" in text
    assert "efteråret 2017 ( 31. oktober 2017 )" in text
    assert "I gang" in text
    assert re.search(r"Møde 5, punkt \d+: Status på afsøgningen", text)
    assert "Sensorer mod fald (Valgt til et projekt)" in text
    assert "Velfærdsteknologi i eget hjem (Afsøgning)" in text
    assert (CLOSED in text) == (role in READS_CLOSED)
    if role not in READS_CLOSED:
        assert re.search(r"Møde 5, punkt \d+: Lukket punkt", text)
    assert (CURATING in text) == (role in SECRETARIAT)
    assert (DRAFT_PROJECT in text) == (role in SECRETARIAT)
    assert DRAFT_ITEM not in text  # not dealt with until its meeting is held
    assert DRAFT_IDEA not in text  # not handed in
    html = response.content.decode()
    project = tracked.projects.get(is_published=True)
    assert reverse("innovation:trace", args=[project.pk]) in html


def test_an_overdue_task_is_flagged(client, committee, tracked):
    assert "Forsinket" in flat(client.get(url(committee)))
    MandateTask.objects.filter(pk=tracked.pk).update(status=MandateTask.Status.DELIVERED)
    assert "Forsinket" not in flat(client.get(url(committee)))


def test_a_few_of_each_kind_and_how_many_more(client, committee, tracked):
    meeting = MeetingFactory(committee=committee, number=7)
    mark_held(meeting)
    tracked.items.add(*[full_item(meeting) for _ in range(mandate.SHOWN + 1)])
    for _ in range(mandate.SHOWN + 2):
        IdeaFactory(status=Idea.Status.PUBLISHED, mandate_task=tracked)
    html = client.get(url(committee)).content.decode()
    ideas = html[html.index("mandate-served-ideas") :]
    ideas = ideas[: ideas.index("</dd>")]
    assert ideas.count("<li>") == mandate.SHOWN
    # 8 ideas the public sees: the first 5, and a link to all of them in the catalogue.
    assert f"{reverse('catalogue:index')}?task={tracked.pk}" in ideas
    assert "Se alle 8 idéer" in ideas
    items = html[html.index("mandate-served-items") :]
    items = items[: items.index("</dd>")]
    assert items.count("<li>") == mandate.SHOWN
    assert "og 3 mere" in items  # 8 items the public may see (the closed one included)


def grow(committee, n):
    for order in range(n):
        task = MandateTaskFactory(committee=committee, order=10 + order)
        meeting = MeetingFactory(committee=committee)
        items = [full_item(meeting) for _ in range(3)]
        mark_held(meeting)
        task.items.add(*items)
        for _ in range(3):
            IdeaFactory(status=Idea.Status.PUBLISHED, mandate_task=task)
            ProjectFactory(committee=committee, mandate_task=task)


@pytest.mark.parametrize("role", ["anonymous", "member", "secretariat"])
def test_queries_do_not_grow_with_the_mandate(client, readers, committee, role):
    if readers[role] is not None:
        client.force_login(readers[role])
    grow(committee, 2)
    client.get(url(committee))
    with CaptureQueriesContext(connection) as small:
        client.get(url(committee))
    grow(committee, 8)
    with CaptureQueriesContext(connection) as large:
        client.get(url(committee))
    assert len(large) == len(small)
