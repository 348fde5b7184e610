"""The innovation projects demo loaded by ``manage.py load_demo``: complete, consistent with the
model (``innovation.stages``), anchored in the demo meetings' decisions, and idempotent."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Idea
from innovation import demo, stages
from innovation.models import Benefit, Funding, GateDecision, Measurement, Partner, Project
from innovation.shared import exports, pdf, permissions
from meetings.models import Committee, Meeting
from tests.pdf_checks import assert_valid_pdf

P = stages.Phase


def snapshot():
    return {
        model._meta.label: sorted(map(repr, model.objects.values_list())) for model in demo.MODELS
    }


def test_load_demo_twice_gives_identical_rows(demo_data):
    first_counts, first_rows = demo.counts(), snapshot()
    assert all(first_counts.values()), first_counts
    call_command("load_demo", force=True)
    assert demo.counts() == first_counts
    assert snapshot() == first_rows


def test_loading_again_after_the_meetings_moved_anchors_the_gates_again(demo_data):
    # The successor's meetings as they were loaded a week ago: the meetings demo rebuilds them.
    current = Committee.objects.get(slug="velfaerdsteknologi")
    current.meetings.update(starts_at=F("starts_at") - datetime.timedelta(days=7))
    anchored = GateDecision.objects.filter(item__isnull=False).count()

    call_command("load_demo", force=True)

    assert GateDecision.objects.filter(item__isnull=False).count() == anchored
    assert_gates_are_anchored_as_the_model_says()


def test_three_to_five_projects_at_different_stages(demo_data):
    projects = Project.objects.all()
    assert 3 <= projects.count() <= 5
    assert set(projects.values_list("title", flat=True)) == set(demo.TITLES)
    assert projects.values("phase").distinct().count() >= 4
    assert projects.filter(is_published=False).count() == 1
    for project in projects:
        assert project.funding.exists(), project
        assert project.partnerships.exists(), project
        assert project.benefits.exists(), project
        assert project.ideas.exists(), project


def test_projects_grew_from_the_demo_ideas_and_the_4th_meetings_workshop_groups(demo_data):
    ideas = Idea.objects.filter(projects__isnull=False)
    assert set(ideas.values_list("status", flat=True)) == {Idea.Status.SELECTED}
    from_workshops = ideas.filter(origin__meeting__committee__slug="innovation")
    assert set(from_workshops.values_list("origin__meeting__number", flat=True)) == {4}
    assert from_workshops.values("origin").distinct().count() >= 3
    assert Project.objects.filter(ideas__origin__isnull=False).distinct().count() >= 3


def assert_gates_are_anchored_as_the_model_says():
    for gate in GateDecision.objects.select_related("project", "item__meeting"):
        rule = stages.gate(gate.from_phase, gate.to_phase)
        assert rule is not None, gate
        if rule.political:
            item = gate.item
            assert item is not None, gate
            assert item.meeting.committee_id == gate.project.committee_id, gate
            assert item.meeting.state in (Meeting.State.HELD, Meeting.State.APPROVED), gate
            assert item.decision or item.points.exclude(outcome="").exists(), gate
            assert gate.decided_on == item.decided_on, gate


def test_political_gates_are_anchored_in_recorded_decisions_of_the_projects_committee(demo_data):
    assert GateDecision.objects.filter(to_phase=P.APPROVED, item__isnull=False).count() == 2
    assert_gates_are_anchored_as_the_model_says()


def test_each_project_went_the_models_way_and_meets_what_its_gates_require(demo_data):
    for project in Project.objects.all():
        gates = list(project.gates.order_by("decided_on", "pk"))
        phase = P.EXPLORATION
        for gate in gates:
            assert gate.from_phase == phase, (project, gate)
            assert not stages.gate(gate.from_phase, gate.to_phase).unmet(project), (project, gate)
            phase = gate.to_phase
        assert project.phase == phase, project
        if gates:
            assert project.phase_since == gates[-1].decided_on, project
    parked = Project.objects.get(phase=P.PARKED)
    assert parked.revisit_on > timezone.localdate()


def test_benefits_measured_one_overdue_and_targets_locked_at_approval(demo_data):
    realisation = Project.objects.get(phase=P.REALISATION)
    assert Measurement.objects.filter(benefit__project=realisation, value__isnull=False).exists()
    overdue = [m for m in Measurement.objects.all() if m.is_overdue]
    assert {m.benefit.project.title for m in overdue} == {"Unge i job gennem samskabelse"}
    approved = [P.APPROVED, P.RUNNING, P.REALISATION, P.CLOSED]
    for benefit in Benefit.objects.filter(project__phase__in=approved):
        assert benefit.targets_locked_at is not None, benefit
        first = benefit.versions.get(number=1)
        approval = benefit.project.gates.get(to_phase=P.APPROVED)
        assert benefit.targets_locked_at.date() == approval.decided_on
        latest = benefit.versions.order_by("number").last()
        assert (latest.target_low, latest.target_likely, latest.target_high) == (
            benefit.target_low,
            benefit.target_likely,
            benefit.target_high,
        )
        assert latest.number == 1 or latest.reason
        assert first.reason == ""
    assert Benefit.objects.filter(versions__number=2).exists()
    assert Benefit.objects.filter(is_negative=True).exists()
    assert not Benefit.objects.filter(
        project__phase__in=[P.EXPLORATION], targets_locked_at__isnull=False
    )


def test_funding_and_the_network_register(demo_data):
    assert set(Funding.objects.values_list("status", flat=True)) == set(Funding.Status.values)
    assert Funding.objects.values("kind").distinct().count() >= 4
    shared = Partner.objects.filter(partnerships__project__is_published=True).distinct()
    assert any(p.partnerships.count() > 1 for p in shared)
    assert Partner.objects.filter(partnerships__isnull=True).exists()
    assert Partner.objects.values("kind").distinct().count() >= 5


def test_the_pages_read_as_the_demo_is(demo_data, client, django_user_model):
    home = Project.objects.get(title="Velfærdsteknologi i eget hjem")
    html = client.get(reverse("innovation:trace", args=[home.pk])).content.decode()
    assert "Sensorer mod fald i eget hjem" in html
    assert "Ældre og sundhed" in html
    assert "Velfærdsteknologi i eget hjem – fra forsøg til drift" in html
    assert "Forankret i beslutningen på" in html
    assert "41 fald" in html
    jobs = Project.objects.get(title="Unge i job gennem samskabelse")
    html = client.get(reverse("innovation:trace", args=[jobs.pk])).content.decode()
    assert "Måling forsinket" in html
    assert "Status på afsøgning af gennemgribende innovationsprojekter" in html
    draft = Project.objects.get(is_published=False)
    assert client.get(reverse("innovation:trace", args=[draft.pk])).status_code == 404
    network = client.get(reverse("innovation:network")).content.decode()
    assert "SensaCare ApS" in network and draft.title not in network
    assert "maria.lund@sensacare.example" not in network
    client.force_login(django_user_model.objects.get(username="sekretariat"))
    network = client.get(reverse("innovation:network")).content.decode()
    assert draft.title in network and "maria.lund@sensacare.example" in network
    committee = client.get(reverse("meetings:committee", args=["velfaerdsteknologi"]))
    text = re.sub(r"<[^>]+>", "", committee.content.decode())
    assert "Velfærdsteknologi i eget hjem (Gevinstrealisering)" in text


@pytest.mark.parametrize("variant", [pdf.ACCESSIBLE, pdf.ARCHIVE])
def test_every_demo_projects_recommendation_is_valid(demo_data, variant):
    builder = exports.DOCUMENTS["innovation.recommendation"]
    for project in Project.objects.filter(is_published=True):
        for audience in (permissions.MEMBERS, permissions.PUBLIC):
            assert_valid_pdf(builder.build(project, audience=audience, variant=variant), variant)
