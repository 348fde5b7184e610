"""Bad input in every field of the secretariat's project forms and in the tab parameter: a
clear answer (4xx with the form, or the page), never a 5xx and nothing half-saved."""

import re

import pytest
from django.urls import reverse

from innovation.models import Benefit, Funding, Partnership, Project
from tests.innovation.factories import BenefitFactory, MeasurementFactory
from tests.innovation.projects.conftest import decided_item
from tests.innovation.projects.test_pages import TABS

# The kinds of input that broke views before (tests/innovation/test_fuzz.py).
SPECIAL = ["\x00", "²", "٣", "9" * 40, "x" * 10_000, "-1", "2025-02-30", ""]


@pytest.fixture
def world(project, ideas):
    benefit = BenefitFactory(project=project)
    return {
        "project": project,
        "benefit": benefit,
        "measurement": MeasurementFactory(benefit=benefit),
        "item": decided_item(project),
    }


def form_urls(world):
    project, benefit = world["project"], world["benefit"]
    return [
        reverse("innovation:project_new"),
        reverse("innovation:project_edit", args=[project.pk]),
        reverse("innovation:gate", args=[project.pk]),
        reverse("innovation:propose", args=[project.pk]),
        reverse("innovation:funding_new", args=[project.pk]),
        reverse("innovation:partnership_new", args=[project.pk]),
        reverse("innovation:benefit_new", args=[project.pk]),
        reverse("innovation:benefit_edit", args=[benefit.pk]),
        reverse("innovation:targets_change", args=[benefit.pk]),
        reverse("innovation:measurement_new", args=[benefit.pk]),
        reverse("innovation:measurement_edit", args=[world["measurement"].pk]),
        reverse("innovation:learning_new", args=[project.pk]),
        reverse("innovation:note_add", args=[project.pk]),
        reverse("innovation:gate_from_decision", args=[project.pk, world["item"].pk]),
    ]


def field_names(html):
    return sorted(set(re.findall(r'name="([a-z_]+)"', html)) - {"csrfmiddlewaretoken"})


def test_every_field_of_every_form_refuses_bad_input_cleanly(client, secretariat, world):
    client.force_login(secretariat)
    counts = (Project.objects.count(), Funding.objects.count(), Partnership.objects.count())
    benefits = Benefit.objects.count()
    for url in form_urls(world):
        page = client.get(url)
        names = field_names(page.content.decode()) if page.status_code == 200 else []
        names = names or ["text", "to_phase"]
        for value in SPECIAL:
            response = client.post(url, dict.fromkeys(names, value))
            assert response.status_code < 500, (url, value)
            if response.status_code >= 400:
                assert response.status_code in (403, 404, 422), (url, value)
    assert (Project.objects.count(), Funding.objects.count(), Partnership.objects.count()) == counts
    assert Benefit.objects.count() == benefits
    assert Project.objects.get().phase == "exploration"


@pytest.mark.parametrize("value", [*SPECIAL, "laering"])
def test_the_tab_parameter_never_breaks_the_page(client, world, value):
    response = client.get(world["project"].get_absolute_url(), {"fane": value})
    assert response.status_code == (404 if value == "laering" else 200)
    assert set(TABS) >= {"oversigt"}
