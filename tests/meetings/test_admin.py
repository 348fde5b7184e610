"""The secretariat's rights in the admin: granted by a data migration from the one permissions
module, enough to build an agenda item with all its parts; decisions go through the action."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from innovation.shared import permissions
from meetings import actions
from meetings.models import AgendaItem, Meeting, RecommendationPoint
from tests import attachment_files
from tests.meetings.factories import RecommendationPointFactory

PDF = attachment_files.plain_pdf()


def test_every_model_has_a_decision_on_the_roles_rights():
    decided = set(permissions.MODEL_PERMISSIONS[permissions.SECRETARIAT]) | set(
        permissions.SUPERUSER_ONLY
    )
    for app_label in permissions.DECIDED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            assert model._meta.label_lower in decided, model._meta.label_lower


def test_the_migration_granted_exactly_the_decided_rights(db):
    group = Group.objects.get(name=permissions.SECRETARIAT)
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    expected = {
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label, actions_ in permissions.MODEL_PERMISSIONS[permissions.SECRETARIAT].items()
        for action in actions_
    }
    assert granted == expected
    assert "meetings.view_privatenote" not in granted


def item_form(meeting, **extra):
    """The admin's add form for an item with one section, two points and one attachment."""
    data = {
        "meeting": meeting.pk,
        "number": "",
        "title": "Forslag til innovationsmodel",
        "recommendation_by": "Tværgående Funktioner",
        "recommendation_to": "Opgaveudvalget om Innovation",
        "decision": "",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-order": "1",
        "sections-0-key": "summary",
        "sections-0-heading": "Resumé",
        "sections-0-text": "Udvalget drøfter modellen.",
        "points-TOTAL_FORMS": "2",
        "points-INITIAL_FORMS": "0",
        "points-0-order": "1",
        "points-0-text": "At udvalget godkender modellen.",
        "points-1-order": "2",
        "points-1-text": "At modellen forelægges Økonomiudvalget.",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-0-order": "1",
        "attachments-0-title": "Modellen",
        "attachments-0-file": SimpleUploadedFile("model.pdf", PDF),
        "conflicts-TOTAL_FORMS": "0",
        "conflicts-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_the_secretariat_adds_an_item_with_all_its_parts(client, secretariat, meeting):
    client.force_login(secretariat)
    page = client.get(reverse("admin:meetings_agendaitem_add")).content.decode()
    for inline in ("sections-TOTAL_FORMS", "points-TOTAL_FORMS", "attachments-TOTAL_FORMS"):
        assert inline in page
    response = client.post(reverse("admin:meetings_agendaitem_add"), item_form(meeting))
    assert response.status_code == 302, response.content.decode()[:3000]
    item = AgendaItem.objects.get(title="Forslag til innovationsmodel")
    assert item.number == 1  # the next number of the committee's year
    assert [s.heading for s in item.sections.all()] == ["Resumé"]
    assert item.points.count() == 2
    attachment = item.attachments.get()
    assert attachment.file.read() == PDF


@pytest.mark.parametrize("role", ["member", "staff"])
def test_other_roles_get_no_admin(client, request, role):
    user = request.getfixturevalue(role)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("admin:meetings_agendaitem_add")).status_code == 403


def test_decisions_in_the_admin_go_through_record_decision(
    client, secretariat, meeting, monkeypatch
):
    Meeting.objects.filter(pk=meeting.pk).update(
        state=Meeting.State.HELD, starts_at=timezone.now() - datetime.timedelta(hours=3)
    )
    meeting.refresh_from_db()
    item = AgendaItem.objects.create(meeting=meeting, number=7, title="Punkt")
    point = RecommendationPointFactory(item=item, order=1)
    calls = []
    real = actions.record_decision
    monkeypatch.setattr(
        actions, "record_decision", lambda **kwargs: calls.append(kwargs) or real(**kwargs)
    )
    client.force_login(secretariat)
    data = {
        "meeting": meeting.pk,
        "number": 7,
        "title": "Punkt",
        "recommendation_by": "",
        "recommendation_to": "",
        "decision": "Godkendt.",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "1",
        "points-0-id": point.pk,
        "points-0-item": item.pk,
        "points-0-order": "1",
        "points-0-text": point.text,
        "points-0-outcome": RecommendationPoint.Outcome.APPROVED,
        "points-0-decision_text": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "conflicts-TOTAL_FORMS": "0",
        "conflicts-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:meetings_agendaitem_change", args=[item.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert len(calls) == 1
    assert calls[0]["outcomes"] == {point.pk: ("approved", "")}
    item.refresh_from_db()
    point.refresh_from_db()
    assert item.decision == "Godkendt."
    assert item.decided_on == timezone.localdate(meeting.starts_at)
    assert point.outcome == RecommendationPoint.Outcome.APPROVED


def test_no_decision_in_the_admin_before_the_meeting_is_held(client, secretariat, meeting):
    item = AgendaItem.objects.create(meeting=meeting, number=7, title="Punkt")
    client.force_login(secretariat)
    data = item_form(meeting, number=7, title="Punkt", decision="Godkendt.")
    data.update({"attachments-TOTAL_FORMS": "0", "points-TOTAL_FORMS": "0"})
    data.update({"sections-TOTAL_FORMS": "0"})
    response = client.post(reverse("admin:meetings_agendaitem_change", args=[item.pk]), data)
    assert response.status_code == 200  # the form again, with the rule's message
    assert "afholdt" in response.content.decode()
    item.refresh_from_db()
    assert item.decision == ""
