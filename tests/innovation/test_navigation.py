"""Navigation by role: what the header's main menu and the home page offer each role, the counts
of what waits, the current section, and what it costs in queries."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Idea
from innovation.shared import permissions
from meetings.models import Meeting, Membership
from tests.catalogue.factories import IdeaFactory
from tests.factories import UserFactory
from tests.meetings.factories import CommitteeFactory, MeetingFactory, MembershipFactory

S = Idea.Status
M = Meeting.State
HTMX = {"HX-Request": "true"}
EVERYONE = ["Møder", "Idékatalog", "Projekter"]
SUBMITTER = ["Ny idé", "Mine idéer"]
SECRETARIAT = ["Arbejdsrum", "Kuratering"]


def days(n):
    return timezone.now() + datetime.timedelta(days=n)


@pytest.fixture
def committee(db):
    return CommitteeFactory(name="Opgaveudvalget om Innovation", slug="innovation")


@pytest.fixture
def other_committee(db):
    return CommitteeFactory(name="Opgaveudvalget for Trafik", short_name="Trafik", slug="trafik")


@pytest.fixture
def committee_member(committee):
    user = UserFactory(username="udvalgsmedlem", role=permissions.COMMITTEE_MEMBER)
    MembershipFactory(committee=committee, user=user, role=Membership.Role.COUNCIL_MEMBER)
    return user


@pytest.fixture
def other_member(other_committee):
    user = UserFactory(username="andetudvalg", role=permissions.COMMITTEE_MEMBER)
    MembershipFactory(committee=other_committee, user=user, role=Membership.Role.CITIZEN_MEMBER)
    return user


@pytest.fixture
def users(db, committee_member, other_member, staff, secretariat, superuser):
    return {
        "anonymous": None,
        "staff": staff,
        "member": committee_member,
        "other_member": other_member,
        "secretariat": secretariat,
        "superuser": superuser,
    }


def get(client, user, path="/", **kwargs):
    if user is not None:
        client.force_login(user)
    response = client.get(path, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def menu(html):
    """The desktop main menu's entries: (label without its count, href, count or None,
    aria-current or None)."""
    nav = html.split('<nav class="navigation-menu"')[1].split("</nav>")[0]
    entries = []
    for link in re.findall(r"<a class=\"nav-link\".*?</a>", nav, re.S):
        count = re.search(r'class="badge[^"]*nav-count">(\d+)<', link)
        current = re.search(r'aria-current="(\w+)"', link)
        label = text(re.sub(r"<strong.*?</small>", "", link, flags=re.S))
        entries.append(
            (
                label,
                re.search(r'href="([^"]+)"', link).group(1),
                int(count.group(1)) if count else None,
                current.group(1) if current else None,
            )
        )
    return entries


def labels(html):
    return [label for label, *_ in menu(html)]


def entry(html, label):
    return next(e for e in menu(html) if e[0] == label)


def main(html):
    return text(html.split("<main")[1].split("</main>")[0])


# The header ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", EVERYONE),
        ("staff", EVERYONE + SUBMITTER),
        ("member", EVERYONE + SUBMITTER),
        ("other_member", EVERYONE + SUBMITTER),
        ("secretariat", EVERYONE + SECRETARIAT + SUBMITTER),
        ("superuser", EVERYONE + SECRETARIAT + SUBMITTER + ["Administration"]),
    ],
)
def test_the_main_menu_offers_each_role_its_work(client, users, role, expected):
    html = get(client, users[role], reverse("projects"))
    assert labels(html) == expected
    # The mobile drawer holds the same menu.
    drawer = html.split('class="navigation-menu-mobile"')[1].split("</nav>")[0]
    assert [text(a) for a in re.findall(r"<a class=\"nav-link\".*?</a>", drawer, re.S)] == [
        text(a)
        for a in re.findall(
            r"<a class=\"nav-link\".*?</a>",
            html.split('<nav class="navigation-menu"')[1].split("</nav>")[0],
            re.S,
        )
    ]


def test_the_menu_links_where_each_entry_says(client, superuser):
    html = get(client, superuser, reverse("projects"))
    hrefs = {label: href for label, href, *_ in menu(html)}
    assert hrefs == {
        "Møder": reverse("meetings:index"),
        "Idékatalog": reverse("catalogue:index"),
        "Projekter": reverse("projects"),
        "Arbejdsrum": reverse("meetings:workspace"),
        "Kuratering": reverse("catalogue:curation"),
        "Ny idé": reverse("catalogue:submit"),
        "Mine idéer": reverse("catalogue:my_ideas"),
        "Administration": reverse("admin:index"),
    }
    for href in hrefs.values():
        assert client.get(href).status_code == 200


def test_the_header_asks_nothing_of_the_database_for_the_public(
    client, committee, django_assert_num_queries
):
    """The public's pages cost no query for the header: the counts and the role checks do not
    run for anonymous visitors."""
    MeetingFactory(committee=committee, state=M.DRAFT)
    IdeaFactory.create_batch(3, status=S.SUBMITTED)
    # The portfolio read again comes from the page cache (the version and the entry, two
    # queries with the database cache); the header asks nothing.
    get(client, None, reverse("projects"))
    with django_assert_num_queries(2):
        html = get(client, None, reverse("projects"))
    assert labels(html) == EVERYONE
    with django_assert_num_queries(0):
        get(client, None, "/")


@pytest.fixture
def waiting(committee, other_committee, staff):
    """What waits on the secretariat: 3 ideas handed in (2 submitted, 1 under review) and 3
    meetings (a draft to come, one over but not marked held, one held without approved
    minutes); around them what does not wait."""
    for status in (S.SUBMITTED, S.SUBMITTED, S.UNDER_REVIEW):
        IdeaFactory(status=status, submitted_by=staff)
    for status in (S.NEEDS_CLARIFICATION, S.DRAFT, S.PUBLISHED, S.REJECTED):
        IdeaFactory(status=status, submitted_by=staff)
    MeetingFactory(committee=committee, state=M.DRAFT, starts_at=days(10))
    MeetingFactory(committee=committee, state=M.PUBLISHED, starts_at=days(-3))
    MeetingFactory(committee=other_committee, state=M.HELD, starts_at=days(-20))
    MeetingFactory(committee=committee, state=M.PUBLISHED, starts_at=days(5))
    MeetingFactory(committee=committee, state=M.APPROVED, starts_at=days(-60))
    historic = CommitteeFactory(period_end=datetime.date(2018, 3, 31))
    MeetingFactory(committee=historic, state=M.HELD, starts_at=days(-3000))


@pytest.mark.parametrize("role", ["secretariat", "superuser"])
def test_the_secretariat_sees_what_waits_in_the_menu(client, users, waiting, role):
    html = get(client, users[role], reverse("projects"))
    assert entry(html, "Kuratering")[2] == 3
    assert entry(html, "Arbejdsrum")[2] == 3
    # The count says what it counts to a screen reader: "Kuratering 3 venter".
    link = re.search(r'<a class="nav-link" href="/idekatalog/kuratering/".*?</a>', html, re.S)
    assert text(link.group(0)) == "Kuratering 3 venter"


def test_counts_follow_the_data(client, secretariat, waiting, committee):
    IdeaFactory(status=S.SUBMITTED)
    MeetingFactory(committee=committee, state=M.DRAFT, starts_at=days(30))
    html = get(client, secretariat, reverse("projects"))
    assert entry(html, "Kuratering")[2] == 4
    assert entry(html, "Arbejdsrum")[2] == 4


def test_nothing_waiting_shows_no_count(client, secretariat):
    html = get(client, secretariat, reverse("projects"))
    assert entry(html, "Kuratering")[2] is None
    assert entry(html, "Arbejdsrum")[2] is None


@pytest.mark.parametrize("role", ["staff", "member", "other_member"])
def test_others_see_no_counts(client, users, waiting, role):
    html = get(client, users[role], reverse("projects"))
    assert all(count is None for _label, _href, count, _current in menu(html))


@pytest.mark.parametrize(
    ("path", "label", "current"),
    [
        (lambda: reverse("meetings:index"), "Møder", "page"),
        (lambda: reverse("catalogue:index"), "Idékatalog", "page"),
        (lambda: reverse("projects"), "Projekter", "page"),
        (lambda: reverse("meetings:workspace"), "Arbejdsrum", "page"),
        (lambda: reverse("meetings:workspace_new"), "Arbejdsrum", "true"),
        (lambda: reverse("catalogue:curation"), "Kuratering", "page"),
        (lambda: reverse("catalogue:submit"), "Ny idé", "page"),
        (lambda: reverse("catalogue:my_ideas"), "Mine idéer", "page"),
    ],
)
def test_the_current_section_is_marked(client, secretariat, path, label, current):
    html = get(client, secretariat, path())
    marked = [(e[0], e[3]) for e in menu(html) if e[3]]
    assert marked == [(label, current)]
    assert f'class="active{" current" if current == "page" else ""}"' in html


def test_an_idea_s_form_belongs_to_its_owner_s_section(client, staff, secretariat):
    own = IdeaFactory(status=S.DRAFT, submitted_by=staff)
    html = get(client, staff, reverse("catalogue:edit", args=[own.pk]))
    assert [(e[0], e[3]) for e in menu(html) if e[3]] == [("Mine idéer", "true")]
    theirs = IdeaFactory(status=S.SUBMITTED, submitted_by=staff)
    client.logout()
    html = get(client, secretariat, reverse("catalogue:edit", args=[theirs.pk]))
    assert [(e[0], e[3]) for e in menu(html) if e[3]] == [("Kuratering", "true")]


def test_the_home_page_marks_no_section(client, secretariat):
    assert all(current is None for *_rest, current in menu(get(client, secretariat)))


# The home page ------------------------------------------------------------------------------


def test_the_public_is_led_to_the_meetings_and_the_catalogue(client, waiting):
    html = get(client, None)
    body = main(html)
    assert f'href="{reverse("meetings:index")}"' in html
    assert f'href="{reverse("catalogue:index")}"' in html
    for absent in ("Ny idé", "Mine idéer", "Arbejdsrum", "Kuratering", "Dine næste møder"):
        assert absent not in body
    assert reverse("catalogue:submit") not in html
    assert reverse("meetings:workspace") not in html
    assert "Log ind" in body


def test_staff_are_led_to_a_new_idea_and_their_ideas_with_their_statuses(client, staff):
    for status in (S.NEEDS_CLARIFICATION, S.DRAFT, S.DRAFT, S.SUBMITTED, S.PUBLISHED):
        IdeaFactory(status=status, submitted_by=staff)
    IdeaFactory(status=S.NEEDS_CLARIFICATION)  # someone else's
    html = get(client, staff)
    section = html.split('id="home-ideas"')[1].split("</section>")[0]
    assert f'href="{reverse("catalogue:submit")}"' in section
    assert f'href="{reverse("catalogue:my_ideas")}"' in section
    body = text(section)
    assert "1 idé venter på dit svar" in body
    assert "2 kladder er ikke indsendt endnu" in body
    assert "1 idé ligger hos sekretariatet" in body
    assert "1 idé er i kataloget" in body
    assert "afvist" not in body
    for absent in ("Arbejdsrum", "Kuratering", "Dine næste møder"):
        assert absent not in main(html)


def test_a_submitter_without_ideas_is_told_what_to_do(client, staff):
    body = text(get(client, staff).split('id="home-ideas"')[1].split("</section>")[0])
    assert "Indsend en idé til samskabelse" in body
    assert "venter" not in body


@pytest.fixture
def meetings(committee, other_committee):
    """The committee's meetings to come, held and drafted, one of the other committee co-hosted
    by the committee, and one of the other committee alone."""
    return {
        "next": MeetingFactory(committee=committee, number=7, title="Næste", starts_at=days(3)),
        "later": MeetingFactory(committee=committee, number=8, title="Senere", starts_at=days(30)),
        "draft": MeetingFactory(
            committee=committee, number=9, title="Kladde", state=M.DRAFT, starts_at=days(10)
        ),
        "past": MeetingFactory(
            committee=committee, number=6, title="Forbi", state=M.HELD, starts_at=days(-10)
        ),
        "joint": _joint(other_committee, committee),
        "theirs": MeetingFactory(
            committee=other_committee, number=3, title="Trafikmøde", starts_at=days(2)
        ),
    }


def _joint(lead, co_host):
    meeting = MeetingFactory(committee=lead, number=2, title="Fælles", starts_at=days(20))
    meeting.co_hosts.add(co_host)
    return meeting


def test_a_member_is_led_to_the_next_meetings_of_their_committees(
    client, committee_member, meetings
):
    html = get(client, committee_member)
    section = html.split('id="home-meetings"')[1].split("</section>")[0]
    shown = re.findall(r'<a href="/moeder/(\d+)/">', section)
    # Soonest first, the co-hosted meeting included; not the draft, the past meeting or
    # another committee's meeting; at most three.
    assert shown == [str(meetings[name].pk) for name in ("next", "joint", "later")]
    body = text(section)
    assert "Møde 7: Næste" in body
    date = timezone.localtime(meetings["next"].starts_at)
    assert f"{date.day}. " in body and f"kl. {date:%H:%M}" in body
    assert "Arbejdsrum" not in main(html)


def test_a_member_of_another_committee_sees_only_theirs(client, other_member, meetings):
    section = get(client, other_member).split('id="home-meetings"')[1].split("</section>")[0]
    assert re.findall(r'<a href="/moeder/(\d+)/">', section) == [
        str(meetings["theirs"].pk),
        str(meetings["joint"].pk),
    ]


def test_a_member_without_meetings_to_come_is_told_so(client, committee_member):
    body = text(get(client, committee_member).split('id="home-meetings"')[1])
    assert "Der er ikke planlagt møder i dine udvalg." in body


def test_the_changed_items_region_shows_nothing_when_nothing_changed(client, committee_member):
    """The member's section includes the partial that lists items changed since they were
    read (tests/meetings/test_publishing.py); it renders nothing when there are none."""
    from django.template.loader import get_template

    assert (
        get_template("meetings/includes/changed_items.html#changed-items").render({}).strip() == ""
    )
    assert "home-changed-heading" not in get(client, committee_member)
    assert get(client, committee_member).count('id="home-meetings"') == 1


def test_the_secretariat_is_led_to_the_workspace_and_the_queue_with_counts(
    client, secretariat, waiting
):
    html = get(client, secretariat)
    workspace = text(html.split('id="home-workspace"')[1].split("</section>")[0])
    assert "1 møde, hvis dagsorden ikke er offentliggjort" in workspace
    assert "1 møde er overstået, men ikke markeret som afholdt" in workspace
    assert "1 møde, hvis referat ikke er godkendt" in workspace
    curation = text(html.split('id="home-curation"')[1].split("</section>")[0])
    assert "3 idéer venter på kuratering" in curation
    assert "1 idé er sendt tilbage til afklaring hos forslagsstilleren" in curation
    assert f'href="{reverse("meetings:workspace")}"' in html
    assert f'href="{reverse("catalogue:curation")}"' in html
    assert "Dine næste møder" not in main(html)


def test_the_secretariat_with_nothing_waiting(client, secretariat):
    body = main(get(client, secretariat))
    assert "Ingen møder venter på dig." in body
    assert "Ingen idéer venter på kuratering." in body


@pytest.mark.parametrize("role", ["anonymous", "staff", "member", "other_member", "secretariat"])
def test_the_admin_is_offered_to_superusers_only(client, users, role):
    assert reverse("admin:index") not in get(client, users[role])


def test_the_superuser_is_offered_the_admin(client, superuser):
    assert entry(get(client, superuser), "Administration")[1] == reverse("admin:index")


def test_the_home_page_in_english(client, secretariat, waiting):
    html = get(client, secretariat, "/en/")
    assert labels(html) == [
        "Meetings",
        "Idea catalogue",
        "Projects",
        "Workspace",
        "Curation",
        "New idea",
        "My ideas",
    ]
    assert "3 ideas wait for curation" in main(html)


# What it costs ------------------------------------------------------------------------------


def _grow(committee, staff, n):
    """``n`` more of everything the header and the home page count or list."""
    for _ in range(n):
        IdeaFactory(status=S.SUBMITTED, submitted_by=staff)
        IdeaFactory(status=S.NEEDS_CLARIFICATION, submitted_by=staff)
        MeetingFactory(committee=committee, state=M.DRAFT, starts_at=days(10))
        MeetingFactory(committee=committee, state=M.PUBLISHED, starts_at=days(5))


@pytest.mark.parametrize("role", ["secretariat", "member", "staff"])
def test_the_home_page_costs_the_same_at_any_size(
    client, users, committee, staff, role, django_assert_max_num_queries
):
    user = users[role]
    client.force_login(user)
    _grow(committee, staff, 5)
    with django_assert_max_num_queries(12) as small:
        assert client.get("/").status_code == 200
    _grow(committee, staff, 45)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/").status_code == 200


def test_the_header_s_counts_cost_two_queries_at_any_size(
    client, secretariat, staff, committee, django_assert_max_num_queries
):
    """A page with the header: the secretariat's counts add two queries (meetings, ideas) to
    what the same page costs a member of staff, with 5 or 50 of each."""
    client.force_login(staff)
    client.get(reverse("projects"))  # the portfolio itself from the page cache from now on
    with django_assert_max_num_queries(10) as plain:
        client.get(reverse("projects"))
    plain = len(plain.captured_queries)  # read now: a request empties the connection's log
    client.force_login(secretariat)
    counts = []
    for n in (5, 45):
        _grow(committee, staff, n)
        client.get(reverse("projects"))
        with django_assert_max_num_queries(plain + 2) as counted:
            html = client.get(reverse("projects")).content.decode()
        sqls = [q["sql"] for q in counted.captured_queries]
        # The two counts (the secretariat's audience needs no committee query of the cache).
        assert (
            sum('FROM "meetings_meeting"' in sql or 'FROM "catalogue_idea"' in sql for sql in sqls)
            == 2
        )
        counts.append(len(counted.captured_queries))
    assert counts[0] == counts[1]
    assert entry(html, "Kuratering")[2] == 50
    assert entry(html, "Arbejdsrum")[2] == 50


def test_an_htmx_fragment_counts_nothing(
    client, secretariat, waiting, django_assert_max_num_queries
):
    """A fragment has no header: the counts are read only when a template shows them."""
    client.force_login(secretariat)
    with django_assert_max_num_queries(50) as full:
        client.get(reverse("catalogue:curation"))
    with django_assert_max_num_queries(50) as fragment:
        response = client.get(reverse("catalogue:curation"), headers=HTMX)
    assert "<html" not in response.content.decode()

    def counting(queries):
        return [q["sql"] for q in queries if '"to_publish"' in q["sql"]]

    assert counting(full.captured_queries)
    assert counting(fragment.captured_queries) == []


def test_the_predicates_decide_for_an_inactive_user(client, staff):
    """A deactivated user keeps a session until the next request; the menu follows the
    predicates (an inactive user may not submit)."""
    from catalogue.context_processors import IdeasForUser
    from meetings.context_processors import MeetingsForUser

    staff.is_active = False
    assert IdeasForUser(staff).may_submit is False
    assert MeetingsForUser(staff).may_prepare is False
    assert IdeasForUser(AnonymousUser()).mine is None
    assert MeetingsForUser(AnonymousUser()).next_meetings == []
