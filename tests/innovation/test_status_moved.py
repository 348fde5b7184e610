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
from meetings.models import Meeting
from tests.catalogue.factories import IdeaFactory
from tests.innovation.factories import ProjectFactory
from tests.meetings.factories import MeetingFactory

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
