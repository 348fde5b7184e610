"""Publishing an agenda, changing it and publishing it again, through the URLs: who may, the
rules (not without items, not once the meeting has begun), the versions kept and what changed,
the mails to the members (closed items by number only), and the read marks members see."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import actions
from meetings.models import AgendaItem, AgendaVersion, Meeting, ReadMark
from tests.factories import UserFactory
from tests.meetings.conftest import SECRET
from tests.meetings.factories import (
    AttachmentFactory,
    CommitteeFactory,
    ItemSectionFactory,
    MeetingFactory,
    MembershipFactory,
    full_item,
)

HTMX = {"HX-Request": "true"}
SITE = "http://testserver/"


@pytest.fixture
def co_host(db):
    return CommitteeFactory(name="Opgaveudvalget for digitalisering og teknologi", slug="digi")


@pytest.fixture
def co_member(co_host):
    user = UserFactory(username="digimedlem", role="Udvalgsmedlem")
    MembershipFactory(committee=co_host, user=user)
    return user


@pytest.fixture
def draft(committee, co_host):
    meeting = MeetingFactory(
        committee=committee,
        number=4,
        title="Teknologilaboratorium",
        state=Meeting.State.DRAFT,
        starts_at=timezone.now() + datetime.timedelta(days=10),
    )
    meeting.co_hosts.add(co_host)
    return meeting


@pytest.fixture
def items(draft):
    open_item = full_item(draft, number=1, title="Åbent punkt om velfærdsteknologi")
    closed_item = full_item(
        draft, number=2, closed=True, title=f"Lukket sag {SECRET}", secret=SECRET
    )
    return open_item, closed_item


@pytest.fixture
def published(draft, items, secretariat):
    """The draft with its two items, published (without mail)."""
    actions.publish_agenda(meeting=draft, by=secretariat, notify=False)
    draft.refresh_from_db()
    return draft


def users_by_role(request, role, committee_member, other_member):
    if role == "anonymous":
        return None
    return {"member": committee_member, "other_member": other_member}.get(
        role
    ) or request.getfixturevalue(role)


def change_summary(item, text="Udvalget drøfter en ny model for samskabelse."):
    section = item.sections.first()
    section.text = text
    section.save()


# Who may -----------------------------------------------------------------------------------


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
def test_the_publishing_pages_are_for_the_secretariat(
    client, request, committee, items, draft, committee_member, other_member, role, expected
):
    other = MeetingFactory(committee=committee, number=9, state=Meeting.State.DRAFT)
    full_item(other, number=50)
    actions.publish_agenda(meeting=other, notify=False)
    change_summary(other.items.get())
    user = users_by_role(request, role, committee_member, other_member)
    if user is not None:
        client.force_login(user)
    pages = [
        reverse("meetings:workspace_publish", args=[draft.pk]),
        reverse("meetings:workspace_republish", args=[other.pk]),
        reverse("meetings:workspace_versions", args=[other.pk]),
        reverse("meetings:workspace_versions", args=[draft.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 302:
            assert response.url.startswith(reverse("login"))
    if expected != 200:
        for url in pages[:2]:
            assert client.post(url).status_code == expected
        assert not AgendaVersion.objects.filter(meeting=draft).exists()
        assert AgendaVersion.objects.filter(meeting=other).count() == 1
        assert mail.outbox == []


# Publishing --------------------------------------------------------------------------------


def test_the_confirmation_shows_the_agenda_and_who_gets_a_mail(
    client, secretariat, draft, items, committee_member, co_member, other_member
):
    client.force_login(secretariat)
    html = client.get(reverse("meetings:workspace_publish", args=[draft.pk])).content.decode()
    assert "Udsend dagsorden" in html
    assert "Åbent punkt om velfærdsteknologi" in html and "Lukket punkt" in html
    assert committee_member.get_full_name() in html and co_member.get_full_name() in html
    assert other_member.get_full_name() not in html
    assert "2 medlemmer af mødets udvalg får en mail" in html


def test_publishing_keeps_version_1_and_mails_the_members(
    client,
    secretariat,
    draft,
    items,
    committee,
    committee_member,
    co_member,
    other_member,
    django_capture_on_commit_callbacks,
):
    inactive = UserFactory(username="tidligere", is_active=False)
    MembershipFactory(committee=committee, user=inactive)
    no_address = UserFactory(username="udenmail", email="")
    MembershipFactory(committee=committee, user=no_address)
    MembershipFactory(committee=committee, name="Person uden login")
    both = UserFactory(username="begge")
    MembershipFactory(committee=committee, user=both)
    MembershipFactory(committee=draft.co_hosts.get(), user=both)
    client.force_login(secretariat)
    url = reverse("meetings:workspace_publish", args=[draft.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("meetings:workspace_meeting", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.state == Meeting.State.PUBLISHED and draft.published_at is not None
    version = AgendaVersion.objects.get(meeting=draft)
    assert (version.number, version.published_by) == (1, secretariat)
    open_item, closed_item = items
    assert [(e["number"], e["title"], e["closed"]) for e in version.snapshot["items"]] == [
        (1, open_item.title, False),
        (2, closed_item.title, True),
    ]
    first = version.snapshot["items"][0]
    assert [s["heading"] for s in first["sections"]] == ["Resumé", "Baggrund"]
    assert first["points"] == [p.text.strip() for p in open_item.points.all()]
    assert [a["title"] for a in first["attachments"]] == ["Åbent bilag 1", "Lukket bilag 1"]

    # One message per member of the lead and co-hosting committees, nobody else.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (committee_member, co_member, both)
    )
    assert all(len(m.to) == 1 for m in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == (
        f"Dagsorden: Møde 4: Teknologilaboratorium ({draft.committee.display_name})"
    )
    assert f"http://testserver/moeder/{draft.pk}/" in message.body
    assert "Dagsordenen til Møde 4: Teknologilaboratorium er udsendt." in message.body
    assert "Punkt 1. Åbent punkt om velfærdsteknologi" in message.body
    assert "Lukket punkt 2" in message.body
    for message in mail.outbox:
        assert SECRET not in message.body and SECRET not in message.subject
        assert "Resumé af sagen" not in message.body


def test_publishing_a_meeting_in_the_past_is_refused_with_a_message(
    client, secretariat, draft, items, committee_member, django_capture_on_commit_callbacks
):
    Meeting.objects.filter(pk=draft.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(secretariat)
    url = reverse("meetings:workspace_publish", args=[draft.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Mødet er begyndt eller forbi: dets dagsorden kan ikke længere udsendes." in html
    assert 'type="submit"' not in html.split('id="main-content"')[-1]
    draft.refresh_from_db()
    assert draft.state == Meeting.State.DRAFT
    assert not AgendaVersion.objects.exists()
    assert mail.outbox == []
    # The meeting page says so too, without a button.
    page = client.get(reverse("meetings:workspace_meeting", args=[draft.pk])).content.decode()
    assert "Mødet er begyndt eller forbi" in page
    assert reverse("meetings:workspace_publish", args=[draft.pk]) not in page


def test_the_action_refuses_the_past_and_an_empty_agenda(draft):
    with pytest.raises(actions.ActionError, match="uden punkter"):
        actions.publish_agenda(meeting=draft)
    full_item(draft)
    with pytest.raises(actions.ActionError, match="begyndt eller forbi"):
        actions.publish_agenda(meeting=draft, published_at=draft.starts_at)
    assert not AgendaVersion.objects.exists()
    draft.refresh_from_db()
    assert draft.state == Meeting.State.DRAFT


def test_an_empty_agenda_is_refused_on_the_page(client, secretariat, draft):
    client.force_login(secretariat)
    response = client.post(reverse("meetings:workspace_publish", args=[draft.pk]))
    assert response.status_code == 409
    assert "En dagsorden uden punkter kan ikke offentliggøres." in response.content.decode()


def test_publishing_twice_is_refused(client, secretariat, published):
    client.force_login(secretariat)
    response = client.post(reverse("meetings:workspace_publish", args=[published.pk]))
    assert response.status_code == 409
    assert AgendaVersion.objects.filter(meeting=published).count() == 1


# Changing and republishing -----------------------------------------------------------------


def test_changes_after_publication_are_announced_on_the_workspace_page(
    client, secretariat, published, items
):
    client.force_login(secretariat)
    url = reverse("meetings:workspace_meeting", args=[published.pk])
    html = client.get(url).content.decode()
    assert "Version 1 blev udsendt" in html
    assert "ikke er udsendt" not in html
    change_summary(items[0])
    html = client.get(url).content.decode()
    assert "Der er ændringer, som ikke er udsendt" in html
    assert reverse("meetings:workspace_republish", args=[published.pk]) in html
    assert "Genudsend dagsorden" in html


def test_moving_an_item_updates_the_publishing_box_out_of_band(
    client, secretariat, published, items
):
    client.force_login(secretariat)
    response = client.post(
        reverse("meetings:workspace_item_move", args=[items[0].pk]),
        {"direction": "down"},
        headers=HTMX,
    )
    html = response.content.decode()
    assert 'id="workspace-publishing" aria-labelledby="publishing-heading" hx-swap-oob="true"' in (
        html
    )
    assert "Der er ændringer, som ikke er udsendt" in html


def test_the_republish_confirmation_shows_a_readable_diff(client, secretariat, published, items):
    change_summary(items[0])
    client.force_login(secretariat)
    response = client.get(reverse("meetings:workspace_republish", args=[published.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ændringer siden version 1" in html
    assert "Afsnittet “Resumé” er ændret" in html
    assert re.search(r"<del><span class=\"sr-only\">Slettet tekst: </span>Resumé af sagen\.", html)
    assert '<ins><span class="sr-only">Indsat tekst: </span>Udvalget drøfter en ny model' in html


def test_republishing_keeps_both_versions_and_mails_the_changes(
    client,
    secretariat,
    published,
    items,
    committee_member,
    co_member,
    other_member,
    django_capture_on_commit_callbacks,
):
    open_item, closed_item = items
    change_summary(open_item)
    change_summary(closed_item, text=f"Ny fortrolig tekst {SECRET}")
    AttachmentFactory(item=open_item, title=f"Fortroligt notat {SECRET}", is_closed=True)
    AttachmentFactory(item=open_item, title="Tidsplan")
    added = full_item(published, number=3, title="Nyt punkt om frivillige")
    client.force_login(secretariat)
    url = reverse("meetings:workspace_republish", args=[published.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    first, second = AgendaVersion.objects.filter(meeting=published).order_by("number")
    assert first.snapshot["items"][0]["sections"][0]["text"].startswith("Resumé af sagen")
    assert second.snapshot["items"][0]["sections"][0]["text"].startswith("Udvalget drøfter")
    assert second.index[str(added.pk)]["since"] == 2
    assert second.index[str(open_item.pk)]["since"] == 1

    assert sorted(m.to[0] for m in mail.outbox) == sorted([committee_member.email, co_member.email])
    body = mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Ændret dagsorden: Møde 4: Teknologilaboratorium")
    assert "er ændret og udsendt igen (version 2)" in body
    assert "Ændringer siden version 1:" in body
    assert (
        "- Punkt 1. Åbent punkt om velfærdsteknologi: afsnittet “Resumé” er ændret; "
        "et lukket bilag er tilføjet; nyt bilag “Tidsplan”" in body
    )
    assert "- Lukket punkt 2: ændret" in body
    assert "- Punkt 3. Nyt punkt om frivillige: nyt punkt" in body
    for message in mail.outbox:
        assert SECRET not in message.body and "fortrolig" not in message.body.lower()


def test_republishing_without_changes_is_refused(
    client, secretariat, published, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    url = reverse("meetings:workspace_republish", args=[published.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 409
    assert "Intet er ændret, siden version 1 blev offentliggjort." in response.content.decode()
    assert AgendaVersion.objects.filter(meeting=published).count() == 1
    assert mail.outbox == []
    with pytest.raises(actions.ActionError):
        actions.republish_agenda(meeting=published)


def test_republishing_is_refused_once_the_meeting_has_begun(client, secretariat, published, items):
    change_summary(items[0])
    Meeting.objects.filter(pk=published.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    client.force_login(secretariat)
    response = client.post(reverse("meetings:workspace_republish", args=[published.pk]))
    assert response.status_code == 409
    assert "Mødet er begyndt eller forbi" in response.content.decode()
    assert AgendaVersion.objects.filter(meeting=published).count() == 1


def test_a_draft_cannot_be_republished(client, secretariat, draft, items):
    client.force_login(secretariat)
    response = client.post(reverse("meetings:workspace_republish", args=[draft.pk]))
    assert response.status_code == 409
    assert not AgendaVersion.objects.exists()


def test_the_versions_page_lists_each_version_with_its_changes(
    client, secretariat, published, items
):
    open_item, closed_item = items
    # Version 2: a section changed, an item moved, a title changed, an item closed.
    change_summary(open_item)
    actions.move_item(item=open_item, direction="down")
    AgendaItem.objects.filter(pk=open_item.pk).update(title="Nyt navn", is_closed=True)
    actions.republish_agenda(meeting=published, by=secretariat, notify=False)
    # Version 3: an item added, one removed, points and an attachment changed.
    extra = full_item(published, number=7, title="Nyt punkt om frivillige")
    AgendaItem.objects.filter(pk=closed_item.pk).delete()
    point = open_item.points.first()
    point.text = "At udvalget godkender modellen med ændringer."
    point.save()
    open_item.attachments.filter(is_closed=False).delete()
    actions.republish_agenda(meeting=published, by=secretariat, notify=False)
    # Not sent out yet: a new section.
    ItemSectionFactory(item=extra, heading="Økonomi", text="En million kroner.")

    client.force_login(secretariat)
    response = client.get(reverse("meetings:workspace_versions", args=[published.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    order = [html.index(f'id="version-{n}"') for n in (3, 2, 1)]
    assert order == sorted(order)  # newest first
    assert html.index("Ikke udsendt endnu") < order[0]
    unpublished, v3, v2, v1 = (
        html[: order[0]],
        html[order[0] : order[1]],
        html[order[1] : order[2]],
        html[order[2] :],
    )
    assert "Nyt afsnit “Økonomi”" in unpublished
    assert "Udsendt den" in v3 and secretariat.get_full_name() in v3
    assert "Nyt punkt" in v3 and "Nyt punkt om frivillige" in v3
    assert "Fjernet fra dagsordenen" in v3
    assert "Indstillingspunkt tilføjet" in v3 and "Indstillingspunkt fjernet" in v3
    assert "Bilag fjernet" in v3 and "Åbent bilag 1" in v3
    assert "Flyttet fra punkt 1 til punkt 2" in v2
    assert "Flyttet fra punkt 2 til punkt 1" in v2
    assert "Ny titel" in v2 and "<del>" in v2 and "Nyt navn" in v2
    assert "Nu et lukket punkt" in v2
    assert "Afsnittet “Resumé” er ændret" in v2 and 'class="text-diff"' in v2
    assert "Den første version med 2 punkter" in v1


# Read marks --------------------------------------------------------------------------------


def test_a_member_sees_what_changed_since_they_read_it(
    client, committee_member, secretariat, published, items
):
    open_item, closed_item = items
    client.force_login(committee_member)
    assert client.get(open_item.get_absolute_url()).status_code == 200
    assert client.get(closed_item.get_absolute_url()).status_code == 200
    mark = ReadMark.objects.get(user=committee_member, item=open_item)
    assert mark.content_hash == published.versions.get().index[str(open_item.pk)]["hash"]

    # Changed and sent out again: marked on the meeting page, the item page and the home page.
    change_summary(open_item)
    # Before it is sent out again, nothing is marked.
    assert (
        "ændret siden du læste det" not in client.get(published.get_absolute_url()).content.decode()
    )
    added = full_item(published, number=3, title="Nyt punkt om frivillige")
    actions.republish_agenda(meeting=published, by=secretariat, notify=False)

    html = client.get(published.get_absolute_url()).content.decode()
    toggle = re.search(rf'id="item-toggle-{open_item.pk}".*?</button>', html, re.S)[0]
    assert "ændret siden du læste det" in toggle
    closed_toggle = re.search(rf'id="item-toggle-{closed_item.pk}".*?</button>', html, re.S)[0]
    assert "ændret" not in closed_toggle
    new_toggle = re.search(rf'id="item-toggle-{added.pk}".*?</button>', html, re.S)[0]
    assert ">nyt</span>" in new_toggle

    home = client.get(reverse("home")).content.decode()
    changed = home.split('id="home-changed-heading"')[1].split("</section>")[0]
    assert "Ændringer i dine dagsordener" in home
    assert "Nyt punkt om frivillige" in changed and "Åbent punkt om velfærdsteknologi" in changed
    assert "Lukket sag" not in changed

    # Reading it again clears the mark; the item page first says it changed.
    html = client.get(open_item.get_absolute_url()).content.decode()
    assert "Ændret siden du læste det." in html
    html = client.get(open_item.get_absolute_url()).content.decode()
    assert "Ændret siden du læste det." not in html
    html = client.get(published.get_absolute_url()).content.decode()
    toggle = re.search(rf'id="item-toggle-{open_item.pk}".*?</button>', html, re.S)[0]
    assert "ændret" not in toggle
    home = client.get(reverse("home")).content.decode()
    assert "Åbent punkt om velfærdsteknologi" not in home.split('id="home-meetings"')[1]


def test_expanding_an_item_in_the_agenda_counts_as_reading_it(
    client, committee_member, published, items, secretariat
):
    open_item = items[0]
    client.force_login(committee_member)
    headers = {**HTMX, "HX-Target": f"item-body-{open_item.pk}"}
    client.get(open_item.get_absolute_url(), headers=headers)
    assert ReadMark.objects.filter(user=committee_member, item=open_item).exists()
    # Collapsing it again reads nothing.
    ReadMark.objects.all().delete()
    client.get(open_item.get_absolute_url() + "?show=summary", headers=headers)
    assert not ReadMark.objects.exists()


def test_content_read_before_it_was_sent_out_is_not_marked(
    client, committee_member, secretariat, published, items
):
    """A member who read the agenda as it is now (changed, not sent out yet) is not told it
    changed when it is sent out unchanged since."""
    change_summary(items[0])
    client.force_login(committee_member)
    client.get(items[0].get_absolute_url())
    actions.republish_agenda(meeting=published, by=secretariat, notify=False)
    html = client.get(published.get_absolute_url()).content.decode()
    assert "ændret siden du læste det" not in html


@pytest.mark.parametrize("role", ["anonymous", "staff", "other_member"])
def test_readers_outside_the_committees_leave_no_marks_and_see_none(
    client, request, role, committee_member, other_member, secretariat, published, items
):
    user = users_by_role(request, role, committee_member, other_member)
    if user is not None:
        client.force_login(user)
    assert client.get(items[0].get_absolute_url()).status_code == 200
    assert not ReadMark.objects.exists()
    ReadMark.objects.create(user=other_member, item=items[0], content_hash="old")
    change_summary(items[0])
    full_item(published, number=3, title="Nyt punkt om frivillige")
    actions.republish_agenda(meeting=published, by=secretariat, notify=False)
    html = client.get(published.get_absolute_url()).content.decode()
    assert "ændret siden du læste det" not in html and ">nyt</span>" not in html
    if user is not None:
        assert "home-changed-heading" not in client.get(reverse("home")).content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_marks_cost_the_same_at_5_and_50_items(client, committee, committee_member, secretariat):
    meeting = MeetingFactory(committee=committee, number=30, state=Meeting.State.DRAFT)
    for number in range(1, 6):
        full_item(meeting, number=number, closed=number % 3 == 0)
    actions.publish_agenda(meeting=meeting, notify=False)
    client.force_login(committee_member)
    for item in meeting.items.all():
        client.get(item.get_absolute_url())
    for item in meeting.items.all():
        change_summary(item)
    for number in range(6, 51):
        full_item(meeting, number=number, closed=number % 3 == 0)
    actions.republish_agenda(meeting=meeting, notify=False)
    pages = [meeting.get_absolute_url(), reverse("home")]
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert html.count("ændret siden du læste det") == 5 and html.count(">nyt</span>") == 45
    few = [_count(client, url) for url in pages]

    other = MeetingFactory(committee=committee, number=31, state=Meeting.State.DRAFT)
    for number in range(1, 51):
        full_item(other, number=100 + number, closed=number % 3 == 0)
    actions.publish_agenda(meeting=other, notify=False)
    for item in other.items.all():
        client.get(item.get_absolute_url())
    for item in other.items.all():
        change_summary(item)
    actions.republish_agenda(meeting=other, notify=False)
    html = client.get(other.get_absolute_url()).content.decode()
    assert html.count("ændret siden du læste det") == 50
    pages[0] = other.get_absolute_url()
    assert [_count(client, url) for url in pages] == few

    client.force_login(secretariat)
    workspace = [
        reverse("meetings:workspace_meeting", args=[meeting.pk]),
        reverse("meetings:workspace_versions", args=[meeting.pk]),
        reverse("meetings:workspace_republish", args=[meeting.pk]),
    ]
    change_summary(meeting.items.first(), text="Igen ændret.")
    few = [_count(client, url) for url in workspace]
    for number in range(51, 101):
        full_item(meeting, number=number)
    assert [_count(client, url) for url in workspace] == few
