"""The network register: partners across projects, who works on what, as each reader may see
it (innovation/querysets.py: whoever sees the project sees its partners; contacts are the
secretariat's)."""

import pytest
from django.urls import reverse

from innovation.models import Partner
from tests.innovation.conftest import ROLES, SECRETARIAT
from tests.innovation.factories import PartnerFactory, PartnershipFactory, ProjectFactory

URL = reverse("innovation:network")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def network(committee):
    home = ProjectFactory(committee=committee, title="Velfærdsteknologi i eget hjem")
    jobs = ProjectFactory(committee=committee, title="Unge i job gennem samskabelse")
    draft = ProjectFactory(committee=committee, title="UDKAST-PROJEKT-6610", is_published=False)
    sensors = PartnerFactory(
        name="SensaCare ApS",
        kind=Partner.Kind.COMPANY,
        contact_name="Maria Kontakt",
        contact_email="maria@sensacare.example",
        contact_phone="+45 70 20 30 40",
    )
    seniors = PartnerFactory(name="Seniornetværket Øst", contact_email="jens@senior.example")
    secret = PartnerFactory(name="KUN-I-UDKAST-ApS", kind=Partner.Kind.COMPANY)
    prospect = PartnerFactory(name="EMNE-UDEN-PROJEKT-Fonden", kind=Partner.Kind.FOUNDATION)
    PartnershipFactory(project=home, partner=sensors, role="Leverer sensorerne")
    PartnershipFactory(project=jobs, partner=sensors, role="Mentorer fra virksomheden")
    PartnershipFactory(project=home, partner=seniors, role="Frivillige hjælpere")
    PartnershipFactory(project=draft, partner=seniors, role="ROLLE-I-UDKAST-9012")
    PartnershipFactory(project=draft, partner=secret, role="Leverandør")
    return {"draft": draft, "secret": secret, "prospect": prospect}


@pytest.mark.parametrize("role", ROLES)
def test_who_works_on_what_as_each_reader_may_see_it(network, as_reader, role):
    response = as_reader(role).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "SensaCare ApS" in html and "Seniornetværket Øst" in html
    assert "Velfærdsteknologi i eget hjem" in html and "Leverer sensorerne" in html
    assert "Unge i job gennem samskabelse" in html and "Mentorer fra virksomheden" in html
    secretariat = role in SECRETARIAT
    for secret in ("UDKAST-PROJEKT-6610", "ROLLE-I-UDKAST-9012", "KUN-I-UDKAST-ApS"):
        assert (secret in html) == secretariat, secret
    assert ("EMNE-UDEN-PROJEKT-Fonden" in html) == secretariat
    for contact in ("Maria Kontakt", "maria@sensacare.example", "+45 70 20 30 40"):
        assert (contact in html) == secretariat, contact
    assert ("4 partnere" if secretariat else "2 partnere") in html


def test_filter_by_kind_with_a_url_and_as_a_fragment(network, client):
    response = client.get(URL, {"kind": "company"}, headers=HTMX)
    html = response.content.decode()
    assert 'id="network"' in html and "<html" not in html
    assert "SensaCare ApS" in html and "Seniornetværket Øst" not in html
    page = client.get(URL, {"kind": "company"}).content.decode()
    assert '<option value="company" selected' in page


def test_an_unknown_kind_is_ignored(network, client):
    response = client.get(URL, {"kind": "<script>", "page": "x"})
    assert response.status_code == 200
    assert "SensaCare ApS" in response.content.decode()


def test_no_partners(db, client):
    assert "Der er ikke registreret partnere." in client.get(URL).content.decode()


def test_pages_of_fifty(committee, client):
    project = ProjectFactory(committee=committee)
    for _ in range(51):
        PartnershipFactory(project=project)
    first = client.get(URL).content.decode()
    assert "Side 1 af 2" in first and "?page=2" in first
    second = client.get(URL, {"page": 2}).content.decode()
    assert second.count('class="network-partner"') == 1


def grow(committee, n):
    for _ in range(n):
        project = ProjectFactory(committee=committee)
        partner = PartnerFactory()
        PartnershipFactory(project=project, partner=partner)
        PartnershipFactory(project=ProjectFactory(committee=committee), partner=partner)


@pytest.mark.parametrize("role", ["anonymous", "secretariat"])
def test_queries_do_not_grow_with_the_register(committee, as_reader, role):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_reader(role)
    grow(committee, 3)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    grow(committee, 20)
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(large) == len(small)
