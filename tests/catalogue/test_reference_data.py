"""The catalogue's reference lists (actor types, welfare areas, co-creation principles) in both
languages: names per language (django-modeltranslation, ``catalogue/translation.py``) on the
pages, in the facets and the matrix; exports that stay the same in every language; the admin
that edits both names."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from catalogue.models import ActorType, Idea, Principle, WelfareArea
from tests.catalogue.factories import IdeaFactory

S = Idea.Status


@pytest.fixture
def published(db):
    idea = IdeaFactory(
        title="Lektiecafé i idrætshallen",
        status=S.PUBLISHED,
        welfare_area=WelfareArea.objects.get(slug="boern-og-unge"),
        actors=["foreninger"],
    )
    idea.principles.set(Principle.objects.filter(slug__in=["lytter-foerst", "tydelig-ramme"]))
    return idea


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def facet_labels(html, name):
    return re.findall(rf'<label for="id_{name}_\d+">([^<]*?) <span class="facet-count"', html)


def card(html):
    """The first idea of the result list."""
    return html.split('<li class="idea-card">')[1].split("</li>")[0]


def test_the_seeded_lists_have_english_names(db):
    with translation.override("en"):
        principles = list(Principle.objects.values_list("name", flat=True))
        areas = dict(WelfareArea.objects.values_list("slug", "name"))
        actors = dict(ActorType.objects.values_list("slug", "name"))
    assert principles == [
        "Listens first",
        "Builds bridges",
        "Creates momentum",
        "Makes it easy",
        "Sustains the will to act",
        "Clear frame",
    ]
    assert areas["aeldre"] == "Older people"
    assert areas["boern-og-unge"] == "Children and young people"
    assert actors["foreninger"] == "Associations"
    assert list(Principle.objects.values_list("name", flat=True))[0] == "Lytter først"


def test_the_list_and_its_facets_in_each_language(client, published):
    danish = html_of(client, "/idekatalog/")
    english = html_of(client, "/en/idekatalog/")

    assert "Børn og unge" in card(danish) and "Foreninger" in card(danish)
    assert "Children and young people" in card(english) and "Associations" in card(english)
    assert "Børn og unge" not in card(english) and "Foreninger" not in card(english)

    assert facet_labels(danish, "area")[:3] == ["Ældre", "Børn og unge", "Sundhed"]
    assert facet_labels(english, "area")[:3] == [
        "Older people",
        "Children and young people",
        "Health",
    ]
    assert "Foreninger" in facet_labels(danish, "actor")
    assert "Associations" in facet_labels(english, "actor")
    assert "Foreninger" not in facet_labels(english, "actor")

    # The HTMX fragment of a filtered list speaks the page's language too.
    fragment = client.get(
        "/en/idekatalog/", query_params={"area": "boern-og-unge"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Children and young people" in card(fragment)


@pytest.mark.parametrize("url", ["/idekatalog/", "/idekatalog/matrix/"])
def test_english_pages_cost_no_more_queries(client, published, url):
    with CaptureQueriesContext(connection) as danish:
        html_of(client, url)
    with CaptureQueriesContext(connection) as english:
        html_of(client, f"/en{url}")
    assert len(english.captured_queries) == len(danish.captured_queries)


def test_the_idea_page_in_each_language(client, published):
    url = reverse("catalogue:idea", args=[published.pk])
    danish = html_of(client, url)
    english = html_of(client, f"/en{url}")
    assert "Lytter først, Tydelig ramme" in danish and "Børn og unge" in danish
    assert "Listens first, Clear frame" in english and "Children and young people" in english
    assert "Lytter først" not in english


def test_the_matrix_in_each_language(client, published):
    danish = html_of(client, "/idekatalog/matrix/")
    english = html_of(client, "/en/idekatalog/matrix/")
    assert '<th scope="row">Foreninger</th>' in danish
    assert '<th scope="row">Associations</th>' in english
    assert ">Children and young people</th>" in english and ">Børn og unge</th>" in danish
    assert "Børn og unge" not in english


def test_the_order_follows_the_active_language(client, published):
    """Entries of equal ``order`` are ordered by their name in the reader's language."""
    WelfareArea.objects.create(slug="a", name_da="Alfa", name_en="Zulu", order=50)
    WelfareArea.objects.create(slug="b", name_da="Zeta", name_en="Bravo", order=50)
    assert facet_labels(html_of(client, "/idekatalog/"), "area")[-2:] == ["Alfa", "Zeta"]
    assert facet_labels(html_of(client, "/en/idekatalog/"), "area")[-2:] == ["Bravo", "Zulu"]


def test_a_name_not_yet_translated_falls_back_to_danish(client, published):
    WelfareArea.objects.filter(slug="boern-og-unge").update(name_en=None)
    english = html_of(client, "/en/idekatalog/")
    assert "Børn og unge" in card(english)
    assert "Børn og unge" in facet_labels(english, "area")


@pytest.mark.parametrize("name", ["catalogue:export_csv", "catalogue:export_json"])
def test_exports_are_the_same_in_every_language(client, published, name):
    """Exports stay stable: list names (and links) in Danish whichever language asks."""
    url = reverse(name)
    danish = client.get(url).getvalue().decode()
    english = client.get(f"/en{url}").getvalue().decode()
    assert english == danish
    assert "Børn og unge" in danish and "Foreninger" in danish and "Lytter først" in danish
    assert "Children and young people" not in english


def test_the_secretariat_edits_both_names_in_the_admin(client, secretariat):
    client.force_login(secretariat)
    area = WelfareArea.objects.get(slug="aeldre")
    url = reverse("admin:catalogue_welfarearea_change", args=[area.pk])
    html = html_of(client, url)
    assert 'name="name_da"' in html and 'name="name_en"' in html
    assert 'value="Older people"' in html
    response = client.post(
        url, {"name_da": "Ældre og pårørende", "name_en": "", "slug": "aeldre", "order": 1}
    )
    assert response.status_code == 302, response.content.decode()
    area.refresh_from_db()
    assert (area.name_da, area.name_en) == ("Ældre og pårørende", None)
    with translation.override("en"):
        assert area.name == "Ældre og pårørende"
    # Danish is required; English is not.
    response = client.post(url, {"name_da": "", "name_en": "Older people", "slug": "aeldre"})
    assert response.status_code == 200
    area.refresh_from_db()
    assert area.name_da == "Ældre og pårørende"


def test_the_submission_form_in_the_active_language(client, staff):
    WelfareArea.objects.create(slug="a", name_da="Alfa", name_en="Zulu", order=50)
    WelfareArea.objects.create(slug="b", name_da="Zeta", name_en="Bravo", order=50)
    client.force_login(staff)
    url = reverse("catalogue:submit")
    danish = html_of(client, url)
    english = html_of(client, f"/en{url}")
    assert danish.index("Alfa") < danish.index("Zeta")
    assert english.index("Bravo") < english.index("Zulu")
    assert "Older people" in english and "Associations" in english and "Listens first" in english
