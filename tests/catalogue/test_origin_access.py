"""An idea's origin (the workshop group and its meeting) is shown only to readers who may see
that meeting: on the idea page and in the CSV/JSON exports, for every kind of reader."""

import pytest
from django.urls import reverse

from catalogue.models import Idea
from meetings.models import Committee, Meeting
from tests.catalogue.factories import IdeaFactory
from tests.factories import UserFactory
from tests.meetings.factories import (
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    WorkshopGroupFactory,
)

# origin -> (meeting state, the committee's publication policy)
ORIGINS = {
    "draft": (Meeting.State.DRAFT, Committee.PublicAccess.AGENDA),
    "unpublished_committee": (Meeting.State.HELD, Committee.PublicAccess.NOTHING),
    "public": (Meeting.State.HELD, Committee.PublicAccess.AGENDA),
}
# origin -> readers who may see the meeting, hence the group
SEES = {
    "draft": {"secretariat"},
    "unpublished_committee": {"member", "secretariat"},
    "public": {"anonymous", "staff", "other_member", "member", "secretariat"},
}


@pytest.fixture
def people(db, staff, secretariat):
    other = CommitteeFactory(slug="andet-udvalg")
    other_member = UserFactory(username="andet-medlem", role="Udvalgsmedlem")
    MembershipFactory(committee=other, user=other_member)
    member = UserFactory(username="udvalgets-medlem", role="Udvalgsmedlem")
    return {
        "anonymous": None,
        "staff": staff,
        "other_member": other_member,
        "member": member,
        "secretariat": secretariat,
    }


@pytest.fixture
def ideas(people):
    """One published idea per kind of origin; the member belongs to each origin's committee."""
    result = {}
    for number, (name, (state, access)) in enumerate(ORIGINS.items(), start=1):
        committee = CommitteeFactory(slug=f"udvalg-{name}", public_access=access)
        MembershipFactory(committee=committee, user=people["member"])
        meeting = MeetingFactory(
            committee=committee, number=number, state=state, title=f"MOEDE-{name.upper()}"
        )
        group = WorkshopGroupFactory(meeting=meeting, name=f"GRUPPE-{name.upper()}")
        result[name] = IdeaFactory(status=Idea.Status.PUBLISHED, origin=group)
    return result


def _as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("reader", sorted(SEES["public"]))
def test_origin_on_the_idea_page(client, people, ideas, reader):
    _as(client, people[reader])
    for name, idea in ideas.items():
        html = client.get(reverse("catalogue:idea", args=[idea.pk])).content.decode()
        shown = reader in SEES[name]
        assert (f"GRUPPE-{name.upper()}" in html) is shown, name
        assert (f"MOEDE-{name.upper()}" in html) is shown, name


@pytest.mark.parametrize("reader", sorted(SEES["public"]))
@pytest.mark.parametrize("url", ["catalogue:export_csv", "catalogue:export_json"])
def test_origin_in_the_exports(client, people, ideas, reader, url):
    body = _as(client, people[reader]).get(reverse(url)).getvalue().decode()
    for name in ideas:
        shown = reader in SEES[name]
        assert (f"GRUPPE-{name.upper()}" in body) is shown, (name, url)
        assert (f"MOEDE-{name.upper()}" in body) is shown, (name, url)
