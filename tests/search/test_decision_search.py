"""The decision documents of the site search (``/soeg/``): a reader who may not read an agenda
item in full finds exactly what its page shows them — of an open item of a committee that
publishes only decisions the title, the recommendation points and the decision; of a closed
item its open decision, and its title only where the committee shows it — and never its
sections, by result, title, snippet, facet count or htmx fragment. A reader who may read the
item in full finds it once, by its full document."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from innovation.shared import permissions
from meetings.models import AgendaItem, Committee, Meeting, Membership, RecommendationPoint
from search.models import Document
from tests.factories import UserFactory
from tests.meetings.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    ItemSectionFactory,
    MeetingFactory,
    MembershipFactory,
    RecommendationPointFactory,
)

URL = "/soeg/"
ROLES = ("anonymous", "staff", "member", "other_member", "secretariat")
INSIDERS = {"member", "secretariat"}

# Committee D publishes only decisions: its open item.
D_TITLE = "MARKER-D-TITLE-e1a1"
D_SECTION = "MARKER-D-SECTION-e2b2"
D_POINT = "MARKER-D-POINT-e3c3"
D_POINT_DECISION = "MARKER-D-POINTDECISION-e4d4"
D_DECISION = "MARKER-D-DECISION-e5e5"
# Committee A publishes everything but closed items' titles: its closed items.
A_TITLE = "MARKER-A-CLOSEDTITLE-f1a1"
A_SECTION = "MARKER-A-CLOSEDSECTION-f2b2"
A_POINT = "MARKER-A-CLOSEDPOINT-f3c3"
A_OPEN_DECISION = "MARKER-A-OPENDECISION-f4d4"
A_SECRET_DECISION = "MARKER-A-SECRETDECISION-f5e5"
# Committee S shows closed items' titles: its closed item.
S_TITLE = "MARKER-S-CLOSEDTITLE-a6f6"
S_SECTION = "MARKER-S-CLOSEDSECTION-a7a7"
S_OPEN_DECISION = "MARKER-S-OPENDECISION-a8b8"

EVERYONE = set(ROLES)
SEEN_BY = {
    D_TITLE: EVERYONE,
    D_SECTION: INSIDERS,
    D_POINT: EVERYONE,
    D_POINT_DECISION: EVERYONE,
    D_DECISION: EVERYONE,
    A_TITLE: INSIDERS,
    A_SECTION: INSIDERS,
    A_POINT: INSIDERS,
    A_OPEN_DECISION: EVERYONE,
    A_SECRET_DECISION: INSIDERS,
    S_TITLE: EVERYONE,
    S_SECTION: INSIDERS,
    S_OPEN_DECISION: EVERYONE,
}
ITEM_OF = {
    **dict.fromkeys([D_TITLE, D_SECTION, D_POINT, D_POINT_DECISION, D_DECISION], "d_item"),
    **dict.fromkeys([A_TITLE, A_SECTION, A_POINT, A_OPEN_DECISION], "a_item"),
    A_SECRET_DECISION: "a_secret_item",
    **dict.fromkeys([S_TITLE, S_SECTION, S_OPEN_DECISION], "s_item"),
}


def words(marker):
    return marker.rsplit("-", 1)[1]


def search(client, **query):
    response = client.get(URL, query)
    assert response.status_code == 200, response.content[:500]
    return unmarked(response.content.decode())


def unmarked(html):
    """The page without the snippets' highlighting (a marker's words are marked in it)."""
    return html.replace("<mark>", "").replace("</mark>", "")


def results(html):
    """``(href, title)`` of each result."""
    return re.findall(r'search-result-title"><a href="([^"]*)">([^<]*)</a>', html)


@pytest.fixture
def world(db):
    past = timezone.now() - datetime.timedelta(days=3)
    d = CommitteeFactory(slug="udvalg-d", public_access=Committee.PublicAccess.DECISIONS)
    a = CommitteeFactory(slug="udvalg-a", show_closed_titles=False)
    s = CommitteeFactory(slug="udvalg-s", show_closed_titles=True)
    other = CommitteeFactory(slug="udvalg-o")
    users = {
        "anonymous": None,
        "staff": UserFactory(username="d-staff", role=permissions.STAFF),
        "member": UserFactory(username="d-member", role=permissions.COMMITTEE_MEMBER),
        "other_member": UserFactory(username="d-other", role=permissions.COMMITTEE_MEMBER),
        "secretariat": UserFactory(
            username="d-secretariat", role=permissions.SECRETARIAT, is_staff=True
        ),
    }
    for committee in (d, a, s):
        MembershipFactory(
            committee=committee, user=users["member"], role=Membership.Role.COUNCIL_MEMBER
        )
    MembershipFactory(
        committee=other, user=users["other_member"], role=Membership.Role.COUNCIL_MEMBER
    )

    def meeting(committee):
        return MeetingFactory(committee=committee, state=Meeting.State.HELD, starts_at=past)

    d_item = AgendaItemFactory(
        meeting=meeting(d), number=1, title=f"Punkt {D_TITLE}", decision=f"Vedtaget {D_DECISION}"
    )
    ItemSectionFactory(item=d_item, heading="Resumé", text=f"Sagen {D_SECTION}")
    RecommendationPointFactory(
        item=d_item,
        text=f"At udvalget godkender {D_POINT}",
        outcome=RecommendationPoint.Outcome.AMENDED,
        decision_text=f"Med ændringen {D_POINT_DECISION}",
    )
    a_meeting = meeting(a)
    a_item = AgendaItemFactory(
        meeting=a_meeting,
        number=1,
        is_closed=True,
        title=f"Punkt {A_TITLE}",
        decision=f"Godkendt {A_OPEN_DECISION}",
        decision_is_open=True,
    )
    ItemSectionFactory(item=a_item, heading="Resumé", text=f"Sagen {A_SECTION}")
    RecommendationPointFactory(item=a_item, text=f"At udvalget godkender {A_POINT}")
    a_secret_item = AgendaItemFactory(
        meeting=a_meeting,
        number=2,
        is_closed=True,
        title="Personalesag",
        decision=f"Godkendt {A_SECRET_DECISION}",
        decision_is_open=False,
    )
    s_item = AgendaItemFactory(
        meeting=meeting(s),
        number=1,
        is_closed=True,
        title=f"Grundkøb {S_TITLE}",
        decision=f"Købet godkendt {S_OPEN_DECISION}",
        decision_is_open=True,
    )
    ItemSectionFactory(item=s_item, heading="Resumé", text=f"Prisen {S_SECTION}")
    return {
        "users": users,
        "d": d,
        "a": a,
        "d_item": d_item,
        "a_item": a_item,
        "a_secret_item": a_secret_item,
        "s_item": s_item,
    }


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])


@pytest.mark.parametrize("role", ROLES)
def test_each_role_finds_exactly_what_the_item_page_shows_it(client, world, role):
    """Every marker searched for by every role: found exactly when the item's page shows it to
    that role, with a link to the item; never shown (title, snippet, any part of the page or
    of its htmx fragment) otherwise, and nothing counted for it."""
    login(client, world, role)
    pages = {}
    for marker, readers in SEEN_BY.items():
        item = world[ITEM_OF[marker]]
        url = reverse("meetings:item", args=[item.pk])
        if url not in pages:
            response = client.get(url)
            assert response.status_code == 200
            pages[url] = response.content.decode()
        on_page = marker in pages[url]
        assert on_page == (role in readers), (role, marker, "item page")
        html = search(client, q=words(marker))
        fragment = unmarked(
            client.get(URL, {"q": words(marker)}, headers={"HX-Request": "true"}).content.decode()
        )
        found = results(html)
        if on_page:
            assert [href for href, _title in found] == [url], (role, marker)
            assert marker in html
            assert marker in fragment
        else:
            assert found == [], (role, marker)
            assert marker not in html, (role, marker)
            assert marker not in fragment, (role, marker)
            assert "facet-count" not in html, (role, marker)


@pytest.mark.parametrize("role", ["anonymous", "staff", "other_member"])
def test_outsiders_find_decisions_as_decisions(client, world, role):
    """An outsider's result of a decisions-only item: its title, labelled a decision, counted
    under agenda items, the snippet from what the page shows; a closed item whose committee
    hides its title: "Lukket punkt", placed by its committee, date and number."""
    login(client, world, role)
    html = search(client, q=words(D_POINT_DECISION))
    assert results(html) == [
        (reverse("meetings:item", args=[world["d_item"].pk]), f"Punkt {D_TITLE}")
    ]
    assert "Beslutning ·" in html
    assert "<mark>" in client.get(URL, {"q": words(D_POINT_DECISION)}).content.decode()
    assert D_POINT_DECISION in html
    assert re.search(r"Dagsordenpunkter <span class=\"facet-count\">\(1\)</span>", html)
    assert results(search(client, q=words(D_POINT_DECISION), type="item")) != []
    assert client.get(URL, {"q": words(D_DECISION), "type": "decision"}).status_code == 400

    html = search(client, q=words(A_OPEN_DECISION))
    assert results(html) == [(reverse("meetings:item", args=[world["a_item"].pk]), "Lukket punkt")]
    assert "Punkt 1" in html and A_OPEN_DECISION in html and A_TITLE not in html


@pytest.mark.parametrize("role", ["member", "secretariat"])
def test_insiders_find_each_item_once_by_its_full_document(client, world, role):
    login(client, world, role)
    for marker, item in [(D_DECISION, "d_item"), (A_OPEN_DECISION, "a_item")]:
        html = search(client, q=words(marker))
        assert [href for href, _t in results(html)] == [
            reverse("meetings:item", args=[world[item].pk])
        ]
        assert "Dagsordenpunkt ·" in html and "Beslutning ·" not in html


def test_a_committee_changing_what_it_publishes_changes_who_finds_what(client, world):
    """Access is decided when searching: publishing everything makes the sections found, and
    the item found once; publishing decisions again hides them; publishing nothing hides the
    item. Showing the titles of closed items makes the title found; hiding them again not."""
    d = world["d"]
    assert results(search(client, q=words(D_SECTION))) == []
    d.public_access = Committee.PublicAccess.AGENDA
    d.save()
    assert len(results(search(client, q=words(D_SECTION)))) == 1
    assert len(results(search(client, q=words(D_DECISION)))) == 1
    d.public_access = Committee.PublicAccess.DECISIONS
    d.save()
    assert results(search(client, q=words(D_SECTION))) == []
    assert len(results(search(client, q=words(D_DECISION)))) == 1
    d.public_access = Committee.PublicAccess.NOTHING
    d.save()
    assert results(search(client, q=words(D_DECISION))) == []

    a = world["a"]
    a.show_closed_titles = True
    a.save()
    assert [title for _h, title in results(search(client, q=words(A_TITLE)))] == [
        f"Punkt {A_TITLE}"
    ]
    assert results(search(client, q=words(A_SECTION))) == []
    Committee.objects.filter(pk=a.pk).update(show_closed_titles=False)
    assert results(search(client, q=words(A_TITLE))) == []
    assert [t for _h, t in results(search(client, q=words(A_OPEN_DECISION)))] == ["Lukket punkt"]


def test_decision_documents_follow_every_write(client, world):
    d_item, a_item = world["d_item"], world["a_item"]
    point = d_item.points.get()
    point.decision_text = "Med ændringen Cykelparkering"
    point.save()
    assert len(results(search(client, q="cykelparkering"))) == 1
    assert results(search(client, q=words(D_POINT_DECISION))) == []
    # Closing the item: its points and decision are no longer shown, nor found.
    AgendaItem.objects.filter(pk=d_item.pk).update(is_closed=True)
    assert results(search(client, q="cykelparkering")) == []
    assert results(search(client, q=words(D_DECISION))) == []
    # An open decision made secret.
    AgendaItem.objects.filter(pk=a_item.pk).update(decision_is_open=False)
    assert results(search(client, q=words(A_OPEN_DECISION))) == []
    # A meeting moved to a committee that shows closed titles.
    Meeting.objects.filter(pk=a_item.meeting_id).update(committee=world["s_item"].meeting.committee)
    assert [t for _h, t in results(search(client, q=words(A_TITLE)))] == [f"Punkt {A_TITLE}"]
    pk = a_item.pk
    AgendaItem.objects.filter(pk=pk).delete()
    assert not Document.objects.filter(decision_item_id=pk).exists()


def test_the_backfill_writes_the_decision_documents(world):
    from django.db import connection

    Document.objects.filter(kind=Document.Kind.DECISION).delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_index_decisions(NULL)")
    assert (
        Document.objects.filter(kind=Document.Kind.DECISION).count() == AgendaItem.objects.count()
    )
    document = Document.objects.get(decision_item=world["a_item"])
    assert document.title == ""
    assert A_OPEN_DECISION in document.body
    assert A_SECTION not in document.body and A_POINT not in document.body
