"""The public model page: the DIS model's stages and gates, rendered from innovation.stages."""

import dataclasses
import html as html_lib

import pytest
from django.urls import reverse
from django.utils import translation

from innovation import stages
from tests.innovation.conftest import ROLES

URL = reverse("innovation:model")


def page_text(response):
    return html_lib.unescape(response.content.decode())


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_model(as_reader, role):
    response = as_reader(role).get(URL)
    assert response.status_code == 200
    assert "Modellen: sådan forankres innovation i den politiske proces" in page_text(response)


def test_every_stage_and_gate_of_the_model_is_on_the_page(client, db):
    text = page_text(client.get(URL))
    for phase in stages.Phase:
        assert f'id="stage-{phase.value}"' in text
        assert str(phase.label) in text
        assert str(stages.STAGE_TEXTS[phase]) in text
    for gate in stages.GATES:
        assert str(gate.decided_by) in text
        assert str(gate.anchor) in text
        for requirement in gate.requires:
            assert str(requirement.text) in text
        if gate.recommends:
            assert str(gate.recommends) in text
    assert str(stages.START_TEXT) in text
    assert text.count("Politisk beslutning") == len([g for g in stages.GATES if g.political])


def test_the_stages_are_in_the_models_order(client, db):
    text = page_text(client.get(URL))
    road = [text.index(f'id="stage-{phase.value}"') for phase in stages.ROAD]
    assert road == sorted(road)
    assert text.index('id="stage-closed"') < text.index('id="stage-parked"')


def test_the_page_is_the_rules_themselves(client, db, monkeypatch):
    changed = stages.Requirement("En ny regel fra modellen: FRA-STAGES-4242.", lambda p: True)
    approval = dataclasses.replace(stages.GATES[1], requires=(changed,))
    monkeypatch.setattr(stages, "GATES", (stages.GATES[0], approval, *stages.GATES[2:]))
    assert "FRA-STAGES-4242" in page_text(client.get(URL))


def test_in_english(client, db):
    with translation.override("en"):
        url = reverse("innovation:model")
    text = page_text(client.get(url))
    assert url.startswith("/en/")
    assert "The model: how innovation is anchored in the political process" in text
    assert "The innovation chief" in text


def test_no_query_of_its_own(client, db, django_assert_num_queries):
    client.get(URL)
    with django_assert_num_queries(0):
        assert client.get(URL).status_code == 200
