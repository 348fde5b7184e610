"""Status changes say which status they expect: the page sends the status it showed (a hidden
field), and a change made from a page that is out of date — someone else moved the idea, the
meeting or the project meanwhile — is refused with 409 and a Danish message; nothing is saved.

Each test renders the page, changes the status elsewhere, then sends the page's form."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from catalogue import actions as catalogue_actions
from catalogue.models import Idea, IdeaStatusChange
from innovation.models import GateDecision, Project
from innovation.stages import Phase
from meetings import actions as meeting_actions
from meetings.models import AgendaItem, AgendaVersion, Meeting
from tests.catalogue.factories import IdeaFactory
from tests.innovation.factories import ProjectFactory
from tests.innovation.projects.conftest import decided_item
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, full_item

S = Idea.Status


def hidden(html, name):
    return re.search(rf'name="{name}"[^>]*value="([^"]*)"', html).group(1)


def test_a_reject_from_a_page_that_showed_submitted_is_refused_after_a_publish(client, secretariat):
    idea = IdeaFactory(status=S.SUBMITTED, title="Cykelværksted")
    client.force_login(secretariat)
    page = client.get(reverse("catalogue:curate", args=[idea.pk])).content.decode()
    assert hidden(page, "from_status") == S.SUBMITTED
    catalogue_actions.change_status(idea=idea, to_status=S.PUBLISHED, by=secretariat)
    changes = IdeaStatusChange.objects.count()
    response = client.post(
        reverse("catalogue:curate_status", args=[idea.pk]),
        {"to_status": S.REJECTED, "answer": "Ligner en anden idé.", "from_status": S.SUBMITTED},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nogen ændrede status, mens du havde siden åben" in html
    assert "“Cykelværksted” er nu “Offentliggjort”" in html
    assert hidden(html, "from_status") == S.PUBLISHED  # the page as it is now
    idea.refresh_from_db()
    assert idea.status == S.PUBLISHED
    assert IdeaStatusChange.objects.count() == changes


def test_a_change_from_an_up_to_date_page_goes_through(client, secretariat):
    idea = IdeaFactory(status=S.SUBMITTED)
    client.force_login(secretariat)
    response = client.post(
        reverse("catalogue:curate_status", args=[idea.pk]),
        {"to_status": S.PUBLISHED, "from_status": S.SUBMITTED},
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == S.PUBLISHED


def test_a_bulk_change_from_an_out_of_date_queue_moves_none(client, secretariat):
    moved, kept = IdeaFactory(status=S.SUBMITTED), IdeaFactory(status=S.SUBMITTED)
    client.force_login(secretariat)
    queue = client.get(reverse("catalogue:curation")).content.decode()
    assert f'name="shown" value="{moved.pk}:submitted"' in queue
    catalogue_actions.change_status(idea=moved, to_status=S.PUBLISHED, by=secretariat)
    response = client.post(
        reverse("catalogue:curation"),
        {
            "ideas": [moved.pk, kept.pk],
            "shown": [f"{moved.pk}:submitted", f"{kept.pk}:submitted"],
            "to_status": S.REJECTED,
            "answer": "Uden for udvalgets opgave.",
        },
    )
    assert response.status_code == 409
    assert "Nogen ændrede status, mens du havde siden åben" in response.content.decode()
    assert Idea.objects.get(pk=moved.pk).status == S.PUBLISHED
    assert Idea.objects.get(pk=kept.pk).status == S.SUBMITTED


def test_a_garbled_list_of_shown_ideas_is_a_form_error(client, secretariat):
    idea = IdeaFactory(status=S.SUBMITTED)
    client.force_login(secretariat)
    response = client.post(
        reverse("catalogue:curation"),
        {"ideas": [idea.pk], "shown": ["x:nothing"], "to_status": S.PUBLISHED},
    )
    assert response.status_code == 422
    assert Idea.objects.get(pk=idea.pk).status == S.SUBMITTED


def test_marking_held_from_a_page_out_of_date_is_refused(client, secretariat):
    meeting = MeetingFactory(starts_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(secretariat)
    page = client.get(reverse("meetings:workspace_meeting", args=[meeting.pk])).content.decode()
    assert hidden(page, "state") == Meeting.State.PUBLISHED
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD)
    response = client.post(
        reverse("meetings:workspace_mark_held", args=[meeting.pk]),
        {"state": Meeting.State.PUBLISHED},
    )
    assert response.status_code == 409
    assert "Nogen ændrede mødet, mens du havde siden åben" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.HELD and meeting.held_at is None


def test_approving_minutes_already_approved_elsewhere_is_refused(client, secretariat):
    meeting = MeetingFactory(state=Meeting.State.HELD)
    client.force_login(secretariat)
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.APPROVED)
    response = client.post(
        reverse("meetings:workspace_approve", args=[meeting.pk]), {"state": Meeting.State.HELD}
    )
    assert response.status_code == 409
    meeting.refresh_from_db()
    assert meeting.approved_at is None


def test_a_gate_from_a_page_that_showed_another_stage_is_refused(client, secretariat):
    project = ProjectFactory()
    assert project.phase == Phase.EXPLORATION
    client.force_login(secretariat)
    url = reverse("innovation:gate", args=[project.pk])
    assert hidden(client.get(url).content.decode(), "from_phase") == Phase.EXPLORATION
    Project.objects.filter(pk=project.pk).update(phase=Phase.PROPOSAL)
    response = client.post(
        url,
        {
            "to_phase": Phase.PARKED,
            "text": "Vi venter på budgettet.",
            "revisit_on": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
            "from_phase": Phase.EXPLORATION,
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nogen flyttede projektet, mens du havde siden åben" in html
    assert hidden(html, "from_phase") == Phase.PROPOSAL
    project.refresh_from_db()
    assert project.phase == Phase.PROPOSAL
    assert not GateDecision.objects.filter(project=project).exists()


def test_a_status_the_out_of_date_page_offered_but_no_longer_open_is_refused_as_moved(
    client, secretariat
):
    """Two curators take the same idea into review: the second page offered “under review”,
    which an idea under review no longer offers. That is the idea having moved (409 and the
    message), not an invalid choice of the form."""
    idea = IdeaFactory(status=S.SUBMITTED, title="Cykelværksted")
    client.force_login(secretariat)
    catalogue_actions.change_status(idea=idea, to_status=S.UNDER_REVIEW, by=secretariat)
    changes = IdeaStatusChange.objects.count()
    response = client.post(
        reverse("catalogue:curate_status", args=[idea.pk]),
        {"to_status": S.UNDER_REVIEW, "answer": "", "from_status": S.SUBMITTED},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nogen ændrede status, mens du havde siden åben" in html
    assert "gyldig valgmulighed" not in html
    assert IdeaStatusChange.objects.count() == changes


def test_a_gate_the_out_of_date_page_offered_but_no_longer_open_is_refused_as_moved(
    client, secretariat
):
    project = ProjectFactory()
    client.force_login(secretariat)
    # Someone took it to the proposal stage meanwhile: that gate is no longer open.
    Project.objects.filter(pk=project.pk).update(phase=Phase.PROPOSAL)
    response = client.post(
        reverse("innovation:gate", args=[project.pk]),
        {"to_phase": Phase.PROPOSAL, "text": "Klar.", "from_phase": Phase.EXPLORATION},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "gyldig valgmulighed" not in html
    assert "Nogen flyttede projektet, mens du havde siden åben" in html
    assert not GateDecision.objects.filter(project=project).exists()


# The second round: handing in an idea, publishing an agenda, the gate from a decision -------


def test_handing_in_an_idea_from_a_page_out_of_date_is_refused(client, staff):
    """Sent twice (or from a second tab): the second finds the idea submitted already."""
    idea = IdeaFactory(status=S.DRAFT, submitted_by=staff, title="Cykelværksted")
    client.force_login(staff)
    page = client.get(reverse("catalogue:my_ideas")).content.decode()
    assert hidden(page, "from_status") == S.DRAFT
    url = reverse("catalogue:resubmit", args=[idea.pk])
    assert client.post(url, {"from_status": S.DRAFT}).status_code == 302
    changes = IdeaStatusChange.objects.count()
    response = client.post(url, {"from_status": S.DRAFT})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nogen ændrede status, mens du havde siden åben" in html
    assert "“Cykelværksted” er nu “Indsendt”" in html
    assert IdeaStatusChange.objects.count() == changes
    assert Idea.objects.get(pk=idea.pk).status == S.SUBMITTED


def test_a_clarified_idea_taken_back_meanwhile_is_not_resubmitted(client, staff, secretariat):
    idea = IdeaFactory(status=S.NEEDS_CLARIFICATION, submitted_by=staff)
    client.force_login(staff)
    assert hidden(client.get(reverse("catalogue:my_ideas")).content.decode(), "from_status") == (
        S.NEEDS_CLARIFICATION
    )
    Idea.objects.filter(pk=idea.pk).update(status=S.REJECTED)
    response = client.post(
        reverse("catalogue:resubmit", args=[idea.pk]),
        {"from_status": S.NEEDS_CLARIFICATION, "answer": "Her er svaret."},
    )
    assert response.status_code == 409
    assert Idea.objects.get(pk=idea.pk).status == S.REJECTED
    assert not IdeaStatusChange.objects.filter(idea=idea, answer="Her er svaret.").exists()


def draft_with_an_item():
    meeting = MeetingFactory(
        state=Meeting.State.DRAFT, starts_at=timezone.now() + datetime.timedelta(days=10)
    )
    full_item(meeting, number=1)
    return meeting


def test_an_agenda_sent_out_twice_is_published_once(client, secretariat):
    meeting = draft_with_an_item()
    client.force_login(secretariat)
    url = reverse("meetings:workspace_publish", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert hidden(page, "state") == Meeting.State.DRAFT
    first = client.post(url, {"state": Meeting.State.DRAFT})
    assert first.status_code == 302
    published_at = Meeting.objects.get(pk=meeting.pk).published_at
    second = client.post(url, {"state": Meeting.State.DRAFT})
    assert second.status_code == 409
    assert "Nogen ændrede mødet, mens du havde siden åben" in second.content.decode()
    assert AgendaVersion.objects.filter(meeting=meeting).count() == 1
    assert Meeting.objects.get(pk=meeting.pk).published_at == published_at


def test_an_agenda_sent_out_again_from_a_page_out_of_date_is_refused(client, secretariat):
    meeting = draft_with_an_item()
    meeting_actions.publish_agenda(meeting=meeting, by=secretariat, notify=False)
    item = meeting.items.get()
    item.title = "Ændret titel"
    item.save()
    client.force_login(secretariat)
    url = reverse("meetings:workspace_republish", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert (hidden(page, "state"), hidden(page, "version")) == (Meeting.State.PUBLISHED, "1")
    # Someone else sends it out meanwhile, and changes it again.
    meeting_actions.republish_agenda(meeting=meeting, by=secretariat, notify=False)
    item.title = "Ændret igen"
    item.save()
    response = client.post(url, {"state": Meeting.State.PUBLISHED, "version": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nogen udsendte dagsordenen, mens du havde siden åben: version 2" in html
    assert hidden(html, "version") == "2"  # the page as it is now
    assert AgendaVersion.objects.filter(meeting=meeting).count() == 2
    sent = client.post(url, {"state": Meeting.State.PUBLISHED, "version": "2"})
    assert sent.status_code == 302
    assert AgendaVersion.objects.filter(meeting=meeting).count() == 3


def test_the_gate_from_a_decision_on_a_page_out_of_date_is_refused(client, secretariat):
    project = ProjectFactory(phase=Phase.PROPOSAL)
    item = decided_item(project)
    client.force_login(secretariat)
    panel = client.get(project.get_absolute_url(), {"fane": "beslutninger"}).content.decode()
    step = reverse("innovation:gate_from_decision", args=[project.pk, item.pk])
    assert step in panel and hidden(panel, "from_phase") == Phase.PROPOSAL
    Project.objects.filter(pk=project.pk).update(phase=Phase.STOPPED)
    response = client.post(
        step,
        {"to_phase": Phase.APPROVED, "from_phase": Phase.PROPOSAL},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nogen flyttede projektet, mens du havde siden åben" in html and "<html" not in html
    assert Project.objects.get(pk=project.pk).phase == Phase.STOPPED
    assert not GateDecision.objects.filter(project=project).exists()


def test_an_idea_handed_in_twice_from_its_form_is_refused_the_second_time(client, staff):
    idea = IdeaFactory(status=S.DRAFT, submitted_by=staff, title="Cykelværksted")
    client.force_login(staff)
    url = reverse("catalogue:edit", args=[idea.pk])
    assert hidden(client.get(url).content.decode(), "from_status") == S.DRAFT
    data = {
        "title": idea.title,
        "summary": idea.summary,
        "welfare_area": idea.welfare_area_id,
        "submit": "1",
        "from_status": S.DRAFT,
    }
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:3000]
    changes = IdeaStatusChange.objects.count()
    second = client.post(url, {**data, "title": "Et andet navn"})
    assert second.status_code == 409  # not 403: the page says what happened
    assert "Nogen ændrede status, mens du havde siden åben" in second.content.decode()
    idea.refresh_from_db()
    assert (idea.status, idea.title) == (S.SUBMITTED, "Cykelværksted")
    assert IdeaStatusChange.objects.count() == changes


def test_an_item_moved_twice_by_a_double_click_moves_once(client, secretariat):
    meeting = MeetingFactory(state=Meeting.State.DRAFT)
    first, second, third = (
        AgendaItemFactory(meeting=meeting, number=number) for number in (1, 2, 3)
    )
    client.force_login(secretariat)
    page = client.get(reverse("meetings:workspace_meeting", args=[meeting.pk])).content.decode()
    url = reverse("meetings:workspace_item_move", args=[third.pk])
    assert f'action="{url}"' in page
    data = {"direction": "up", "number": "3"}
    moved = client.post(url, data, headers={"HX-Request": "true"})
    assert moved.status_code == 200
    again = client.post(url, data, headers={"HX-Request": "true"})
    assert again.status_code == 409
    html = again.content.decode()
    assert "mens du havde siden åben: det er nu punkt 2" in html and "<html" not in html
    numbers = dict(AgendaItem.objects.filter(meeting=meeting).values_list("pk", "number"))
    assert numbers == {first.pk: 1, second.pk: 3, third.pk: 2}
    without_htmx = client.post(url, data)
    assert without_htmx.status_code == 409
    assert AgendaItem.objects.get(pk=third.pk).number == 2
