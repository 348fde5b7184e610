"""The innovation projects' pages through their URLs: who may see and do what (every page and
action × every role), what each reader sees of a project, the tabs with and without htmx, the
secretariat's forms (422 with the form in place), the charts, query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Idea
from innovation.models import Benefit, Funding, GateDecision, Measurement, Project
from innovation.project_views import PROJECTS_PER_PAGE
from meetings.models import AgendaItem, Meeting
from tests.catalogue.factories import IdeaFactory
from tests.innovation.factories import (
    BenefitFactory,
    FundingFactory,
    GateDecisionFactory,
    LearningEntryFactory,
    MeasurementFactory,
    PartnershipFactory,
    ProjectFactory,
    ProjectNoteFactory,
)
from tests.innovation.projects.conftest import decided_item
from tests.meetings.factories import HOSTILE, MeetingFactory

HTMX = {"HX-Request": "true"}
TABS = ["oversigt", "ideer", "beslutninger", "finansiering", "partnere", "gevinster", "laering"]
APPLIED = "HEMMELIG-ANSØGNING-8812"
CONTACT = "karen.kontakt@example.org"
NOTE = "HEMMELIG-PROJEKTNOTE-3391"
LEARNING = "HEMMELIG-LÆRING-5512"


def log_in(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])


@pytest.fixture
def full_project(project, ideas):
    """A published project in proposal with something in every register."""
    project.phase = "proposal"
    project.save()
    project.ideas.set(ideas)
    Idea.objects.filter(pk__in=[i.pk for i in ideas]).update(status="selected", revisit_on=None)
    FundingFactory(project=project, name="Innovationspuljen", amount=Decimal("1250000"))
    FundingFactory(project=project, name=APPLIED, status=Funding.Status.APPLIED)
    PartnershipFactory(project=project)
    benefit = BenefitFactory(project=project)
    MeasurementFactory(
        benefit=benefit,
        planned_on=datetime.date(2025, 7, 1),
        measured_on=datetime.date(2025, 7, 2),
        value=Decimal(116),
    )
    MeasurementFactory(benefit=benefit, planned_on=timezone.localdate() - datetime.timedelta(1))
    LearningEntryFactory(project=project)
    ProjectNoteFactory(project=project)
    GateDecisionFactory(project=project)
    return project


def form_urls(project, benefit, funding, partnership, measurement):
    return [
        reverse("innovation:project_new"),
        reverse("innovation:project_edit", args=[project.pk]),
        reverse("innovation:gate", args=[project.pk]),
        reverse("innovation:propose", args=[project.pk]),
        reverse("innovation:funding_new", args=[project.pk]),
        reverse("innovation:funding_edit", args=[funding.pk]),
        reverse("innovation:partnership_new", args=[project.pk]),
        reverse("innovation:partnership_edit", args=[partnership.pk]),
        reverse("innovation:benefit_new", args=[project.pk]),
        reverse("innovation:benefit_edit", args=[benefit.pk]),
        reverse("innovation:targets_change", args=[benefit.pk]),
        reverse("innovation:measurement_new", args=[benefit.pk]),
        reverse("innovation:measurement_edit", args=[measurement.pk]),
        reverse("innovation:learning_new", args=[project.pk]),
    ]


ROLES = ["anonymous", "staff", "member", "other_member", "secretariat", "superuser"]
MANAGES = {"secretariat", "superuser"}
READS_LEARNING = {"member", "secretariat", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_and_action_for_every_role(client, users, full_project, role):
    log_in(client, users, role)
    project = full_project
    assert client.get(reverse("projects")).status_code == 200
    for tab in TABS:
        response = client.get(project.get_absolute_url(), {"fane": tab})
        expected = 200 if tab != "laering" or role in READS_LEARNING else 404
        assert response.status_code == expected, tab
    draft = ProjectFactory(committee=project.committee, is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == (200 if role in MANAGES else 404)
    benefit = project.benefits.get()
    urls = form_urls(
        project,
        benefit,
        project.funding.first(),
        project.partnerships.get(),
        benefit.measurements.first(),
    )
    item = decided_item(project)
    posts = [
        reverse("innovation:gate_from_decision", args=[project.pk, item.pk]),
        reverse("innovation:note_add", args=[project.pk]),
        reverse("innovation:partnership_remove", args=[project.partnerships.get().pk]),
    ]
    for url in urls:
        response = client.get(url)
        if role in MANAGES:
            assert response.status_code == 200, url
        elif role == "anonymous":
            assert response.status_code == 302 and response.url.startswith(reverse("login"))
        else:
            assert response.status_code == 403, url
    if role not in MANAGES:
        for url in [*urls, *posts]:
            response = client.post(url, {"text": "x", "role": "x", "to_phase": "approved"})
            assert response.status_code == (302 if role == "anonymous" else 403), url
        assert Project.objects.get(pk=project.pk).phase == "proposal"
        assert project.partnerships.exists()
        assert project.notes.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_what_each_reader_sees_of_a_project(client, users, full_project, role):
    log_in(client, users, role)
    project = full_project
    draft = ProjectFactory(
        committee=project.committee, title="Kladdeprojekt XYZ", is_published=False
    )
    pages = "".join(
        client.get(project.get_absolute_url(), {"fane": tab}).content.decode() for tab in TABS
    )
    portfolio = client.get(reverse("projects")).content.decode()
    manages = role in MANAGES
    assert ("1.250.000 kr." in pages) and ("1.250.000 kr." in portfolio)
    assert (APPLIED in pages) is manages
    assert (NOTE in pages) is manages
    assert (CONTACT in pages) is manages
    assert (LEARNING in pages) is (role in READS_LEARNING)
    assert (draft.title in portfolio) is manages
    assert ("Ansøgt" in portfolio) is manages
    assert (reverse("innovation:gate", args=[project.pk]) in pages) is manages


def test_the_tabs_are_links_and_htmx_swaps_the_panel(client, full_project):
    project = full_project
    page = client.get(project.get_absolute_url(), {"fane": "gevinster"}).content.decode()
    assert '<nav class="tab-container"' in page
    tab = re.search(r'<a class="tab-button" id="tab-gevinster"[^>]*>', page).group(0)
    assert 'aria-current="true"' in tab and 'href="' in tab and 'hx-push-url="true"' in tab
    fragment = client.get(project.get_absolute_url(), {"fane": "finansiering"}, headers=HTMX)
    text = fragment.content.decode()
    assert fragment.status_code == 200 and 'id="project-panel"' in text and "<html" not in text
    assert "Innovationspuljen" in text
    assert "HX-Request" in fragment["Vary"]
    unknown = client.get(project.get_absolute_url(), {"fane": "nonsense"})
    assert unknown.status_code == 200 and 'id="tab-oversigt"' in unknown.content.decode()


def test_the_portfolio_puts_active_transformative_projects_first(client, committee):
    ProjectFactory(committee=committee, title="A stoppet", phase="stopped")
    ProjectFactory(committee=committee, title="B almindeligt", is_transformative=False)
    ProjectFactory(committee=committee, title="C gennemgribende")
    text = client.get(reverse("projects")).content.decode()
    assert text.index("C gennemgribende") < text.index("B almindeligt") < text.index("A stoppet")
    fragment = client.get(reverse("projects"), headers=HTMX).content.decode()
    assert 'id="portfolio"' in fragment and "<html" not in fragment


def test_the_charts_are_svg_with_a_text_alternative_and_their_data_as_a_table(client, full_project):
    pages = [
        client.get(reverse("projects")).content.decode(),
        client.get(full_project.get_absolute_url(), {"fane": "gevinster"}).content.decode(),
    ]
    for page in pages:
        svgs = re.findall(r"<svg class=\"chart[^>]*>.*?</svg>", page, flags=re.S)
        assert svgs
        for svg in svgs:
            assert 'role="img"' in svg
            ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
            for id_ in ids:
                assert f'id="{id_}"' in svg
            assert "<title" in svg and "<desc" in svg
            assert "style=" not in svg
            # Coordinates are never localized (12,5 would break the drawing).
            assert not re.search(r'(x|y|width|height)="\d+,\d', svg)
        assert "<table" in page
    assert "Ikke målt endnu" in pages[0] or "Måling forsinket" in pages[0]
    assert "Forsinket" in pages[1]


def test_the_benefit_chart_changes_with_a_measurement(client, secretariat, full_project):
    client.force_login(secretariat)
    benefit = full_project.benefits.get()
    url = full_project.get_absolute_url()
    before = client.get(url, {"fane": "gevinster"}).content.decode()
    planned = benefit.measurements.get(value__isnull=True)
    response = client.post(
        reverse("innovation:measurement_edit", args=[planned.pk]),
        {"planned_on": planned.planned_on.isoformat(), "value": "108,5", "note": ""},
    )
    assert response.status_code == 302
    after = client.get(url, {"fane": "gevinster"}).content.decode()
    assert after.count('class="chart-result"') == before.count('class="chart-result"') + 1
    assert "108,5" in after
    assert Measurement.objects.get(pk=planned.pk).value == Decimal("108.5")


def test_hostile_text_is_escaped(client, secretariat, committee):
    project = ProjectFactory(committee=committee, hostile=True)
    BenefitFactory(project=project, title=f"Gevinst {HOSTILE}", unit=HOSTILE)
    client.force_login(secretariat)
    pages = [client.get(reverse("projects")).content.decode()]
    pages += [
        client.get(project.get_absolute_url(), {"fane": tab}).content.decode() for tab in TABS
    ]
    for page in pages:
        assert HOSTILE not in page


# --- Query counts ------------------------------------------------------------------------------


def make_projects(committee, count):
    for n in range(count):
        project = ProjectFactory(committee=committee, phase="approved" if n % 2 else "proposal")
        FundingFactory(project=project)
        FundingFactory(project=project, status=Funding.Status.APPLIED)
        benefit = BenefitFactory(project=project)
        MeasurementFactory(
            benefit=benefit, value=Decimal(115), measured_on=datetime.date(2025, 7, 1)
        )


@pytest.mark.parametrize("role", ["anonymous", "secretariat"])
def test_the_portfolio_reads_in_constant_queries(
    client, users, committee, django_assert_num_queries, role
):
    log_in(client, users, role)
    make_projects(committee, 3)
    client.get(reverse("projects"))
    cache.clear()  # rendered afresh each time: the queries of making the page
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("projects")).status_code == 200
    make_projects(committee, 27)
    cache.clear()
    with django_assert_num_queries(len(small)):
        response = client.get(reverse("projects"))
    html = response.content.decode()
    assert html.count('<tr>\n        <th scope="row"><a href="/projekter/') == PROJECTS_PER_PAGE
    assert "Side 1 af 2" in html
    rest = client.get(reverse("projects") + "?page=2").content.decode()
    assert (
        rest.count('<tr>\n        <th scope="row"><a href="/projekter/') == 30 - PROJECTS_PER_PAGE
    )
    if role == "anonymous":
        assert len(small) <= 12


@pytest.mark.parametrize("role", ["anonymous", "secretariat"])
def test_the_portfolio_read_again_comes_from_the_page_cache(client, users, committee, role):
    log_in(client, users, role)
    make_projects(committee, 5)
    first = client.get(reverse("projects"), headers=HTMX).content.decode()
    with CaptureQueriesContext(connection) as again:
        assert client.get(reverse("projects"), headers=HTMX).content.decode() == first
    assert not any("innovation_project" in query["sql"] for query in again.captured_queries)


def test_the_cached_portfolio_follows_every_change(client, users, committee):
    """A change made through a URL shows at once; the secretariat's portfolio (drafts, funding
    applied for) never reaches the public, whoever read first."""
    project = ProjectFactory(committee=committee, title="Synligt projekt", phase="approved")
    FundingFactory(project=project, name=APPLIED, status=Funding.Status.APPLIED)
    draft = ProjectFactory(committee=committee, title="Kladdeprojekt", is_published=False)
    log_in(client, users, "secretariat")
    secretariat = client.get(reverse("projects")).content.decode()
    assert draft.title in secretariat and "Ansøgt" in secretariat
    anonymous = client.__class__()
    public = anonymous.get(reverse("projects")).content.decode()
    assert project.title in public
    assert draft.title not in public and "Ansøgt" not in public
    assert "7.654.321 kr." not in public
    response = client.post(
        reverse("innovation:funding_new", args=[project.pk]),
        {
            "kind": "eu",
            "name": "Horizon",
            "amount": "7654321",
            "status": "granted",
            "decided_on": "2026-01-05",
        },
    )
    assert response.status_code == 302, response.content.decode()
    public = anonymous.get(reverse("projects")).content.decode()
    assert "7.654.321 kr." in public and "Ansøgt" not in public


def test_the_portfolio_stays_kept_when_an_idea_comes_and_follows_a_committee(
    client, users, committee
):
    """The portfolio shows the projects and the committees (``PORTFOLIO_SHOWS``): an idea
    submitted leaves the visitors' page in the cache; a committee renamed shows at once."""
    make_projects(committee, 2)
    client.get(reverse("projects"))
    IdeaFactory(submitted_by=users["staff"])
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("projects"))
    assert not any("innovation_project" in query["sql"] for query in again.captured_queries)
    committee.short_name = "Omdøbt udvalg 4711"
    committee.save()
    assert "Omdøbt udvalg 4711" in client.get(reverse("projects")).content.decode()


def fill(project, count):
    ideas = [IdeaFactory(status=Idea.Status.SELECTED) for _ in range(count)]
    project.ideas.add(*ideas)
    for _ in range(count):
        FundingFactory(project=project)
        PartnershipFactory(project=project)
        benefit = BenefitFactory(project=project)
        MeasurementFactory(benefit=benefit)
        LearningEntryFactory(project=project)
        GateDecisionFactory(project=project, item=decided_item(project))
        ProjectNoteFactory(project=project)


@pytest.mark.parametrize("role", ["anonymous", "member", "secretariat"])
def test_the_project_page_reads_in_constant_queries(
    client, users, project, committee, django_assert_num_queries, role
):
    log_in(client, users, role)
    fill(project, 3)
    make_projects(committee, 3)
    counts = {}
    for tab in TABS:
        if tab == "laering" and role == "anonymous":
            continue
        client.get(project.get_absolute_url(), {"fane": tab})
        with CaptureQueriesContext(connection) as small:
            client.get(project.get_absolute_url(), {"fane": tab})
        counts[tab] = len(small)
    fill(project, 27)
    make_projects(committee, 27)
    for tab, count in counts.items():
        with django_assert_num_queries(count):
            assert client.get(project.get_absolute_url(), {"fane": tab}).status_code == 200


# --- The secretariat's forms --------------------------------------------------------------------


def test_creating_a_project_from_chosen_ideas(client, secretariat, committee, ideas):
    client.force_login(secretariat)
    url = reverse("innovation:project_new")
    page = client.get(url, {"ideer": [ideas[0].pk]}).content.decode()
    assert re.search(rf'value="{ideas[0].pk}"[^>]*checked', page)
    invalid = client.post(url, {"title": "", "ideas": [ideas[0].pk]}, headers=HTMX)
    text = invalid.content.decode()
    assert invalid.status_code == 422 and 'id="project-form"' in text and "<html" not in text
    assert "form-error" in text
    response = client.post(
        url,
        {
            "title": "Teknologilaboratoriet",
            "summary": "Borgere afprøver teknologi.",
            "ideas": [idea.pk for idea in ideas],
            "committee": committee.pk,
            "is_transformative": "on",
            "is_published": "on",
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response.url == project.get_absolute_url()
    assert set(project.ideas.all()) == set(ideas)
    assert set(Idea.objects.values_list("status", flat=True)) == {"selected"}
    idea_page = client.get(ideas[0].get_absolute_url()).content.decode()
    assert project.get_absolute_url() in idea_page


def test_an_action_refusal_lands_on_the_form_with_422(client, secretariat, committee):
    client.force_login(secretariat)
    draft_idea = IdeaFactory(status=Idea.Status.SUBMITTED)
    response = client.post(
        reverse("innovation:project_new"),
        {"title": "T", "summary": "S", "ideas": [draft_idea.pk], "committee": committee.pk},
    )
    assert response.status_code == 422 and "<html" in response.content.decode()
    assert not Project.objects.exists()


def test_passing_a_gate_by_the_form_and_from_the_decision(client, secretariat, full_project):
    client.force_login(secretariat)
    project = full_project
    url = reverse("innovation:gate", args=[project.pk])
    page = client.get(url).content.decode()
    assert "Projektet har en ejer." in page and 'type="radio"' in page
    refused = client.post(url, {"to_phase": "approved"}, headers=HTMX)
    assert refused.status_code == 422 and "Udvalget beslutter" in refused.content.decode()
    item = decided_item(project)
    panel = client.get(project.get_absolute_url(), {"fane": "beslutninger"}).content.decode()
    step = reverse("innovation:gate_from_decision", args=[project.pk, item.pk])
    assert step in panel
    response = client.post(step, {"to_phase": "approved"}, headers=HTMX)
    assert response.status_code == 200 and response["HX-Redirect"].endswith("fane=beslutninger")
    project.refresh_from_db()
    assert project.phase == "approved"
    assert GateDecision.objects.filter(project=project, item=item).exists()
    again = client.post(step, {"to_phase": "running"}, headers=HTMX)
    assert again.status_code == 422


def test_the_proposal_goes_on_a_coming_meeting_of_the_committee(client, secretariat, full_project):
    client.force_login(secretariat)
    meeting = MeetingFactory(committee=full_project.committee, state=Meeting.State.DRAFT)
    MeetingFactory(committee=full_project.committee, state=Meeting.State.HELD)
    url = reverse("innovation:propose", args=[full_project.pk])
    page = client.get(url).content.decode()
    assert page.count("<option") == 1
    response = client.post(url, {"meeting": meeting.pk, "to_phase": "approved"})
    item = AgendaItem.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("meetings:workspace_item", args=[item.pk])
    assert item.case == full_project.case and "godkendelse" in item.title


def test_the_registers_are_kept_in_forms(client, secretariat, project):
    client.force_login(secretariat)
    response = client.post(
        reverse("innovation:funding_new", args=[project.pk]),
        {"kind": "eu", "name": "Horizon", "amount": "1.250.000,50 kr.", "status": "applied"},
    )
    assert response.status_code == 302
    assert Funding.objects.get().amount == Decimal("1250000.50")
    bad = client.post(
        reverse("innovation:funding_new", args=[project.pk]),
        {"kind": "eu", "name": "Horizon", "amount": "mange penge", "status": "applied"},
        headers=HTMX,
    )
    assert bad.status_code == 422 and "Skriv et tal" in bad.content.decode()
    response = client.post(
        reverse("innovation:partnership_new", args=[project.pk]),
        {"name": "Region Hovedstaden", "kind": "municipality", "role": "Data"},
    )
    assert response.status_code == 302 and project.partnerships.count() == 1
    response = client.post(
        reverse("innovation:benefit_new", args=[project.pk]),
        {
            "title": "Færre besøg",
            "kind": "efficiency",
            "baseline_value": "120",
            "baseline_on": "2025-01-01",
            "target_low": "110",
            "target_likely": "100",
            "target_high": "90",
        },
    )
    assert response.status_code == 302
    benefit = Benefit.objects.get()
    response = client.post(
        reverse("innovation:measurement_new", args=[benefit.pk]), {"planned_on": "2026-01-01"}
    )
    assert response.status_code == 302 and benefit.measurements.count() == 1
    response = client.post(
        reverse("innovation:learning_new", args=[project.pk]),
        {"on": "2025-05-01", "hypothesis": "H", "learned": "L", "decision": "pivot"},
    )
    assert response.status_code == 302 and project.learning.count() == 1
    note = client.post(
        reverse("innovation:note_add", args=[project.pk]), {"text": "Husk fonden"}, headers=HTMX
    )
    assert note.status_code == 200 and 'id="project-notes"' in note.content.decode()
    assert "Husk fonden" in note.content.decode()
    empty = client.post(
        reverse("innovation:note_add", args=[project.pk]), {"text": ""}, headers=HTMX
    )
    assert empty.status_code == 422


def test_locked_targets_are_changed_in_their_own_form(client, secretariat, project):
    client.force_login(secretariat)
    benefit = BenefitFactory(project=project, targets_locked_at=timezone.now())
    edit = client.get(reverse("innovation:benefit_edit", args=[benefit.pk])).content.decode()
    assert re.search(r'name="target_low"[^>]*disabled', edit)
    url = reverse("innovation:targets_change", args=[benefit.pk])
    refused = client.post(url, {"target_low": "1", "target_likely": "2", "target_high": "3"})
    assert refused.status_code == 422
    response = client.post(
        url, {"target_low": "1", "target_likely": "2", "target_high": "3", "reason": "Ny viden"}
    )
    assert response.status_code == 302
    assert benefit.versions.get().reason == "Ny viden"


def test_the_lineage_shows_on_the_idea_for_those_who_may_see_the_project(
    client, secretariat, project, ideas
):
    idea = ideas[0]
    Idea.objects.filter(pk=idea.pk).update(status="selected")
    project.ideas.add(idea)
    assert project.get_absolute_url() in client.get(idea.get_absolute_url()).content.decode()
    Project.objects.filter(pk=project.pk).update(is_published=False)
    assert project.get_absolute_url() not in client.get(idea.get_absolute_url()).content.decode()
    client.force_login(secretariat)
    curate = client.get(reverse("catalogue:curate", args=[idea.pk])).content.decode()
    assert project.get_absolute_url() in curate
    assert f"{reverse('innovation:project_new')}?ideer={idea.pk}" in curate


def test_the_pages_in_english(client, full_project):
    portfolio = client.get("/en/projekter/").content.decode()
    assert "Innovation projects" in portfolio and "1,250,000 kr." in portfolio
    page = client.get(f"/en/projekter/{full_project.pk}/", {"fane": "gevinster"}).content.decode()
    assert "Benefits" in page and "Measurement overdue" in page


def test_the_overview_shows_the_road_or_why_the_project_is_off_it(client, project):
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'aria-current="step"' in page and "Afsøgning" in page
    Project.objects.filter(pk=project.pk).update(
        phase="parked", revisit_on=datetime.date(2030, 1, 2)
    )
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'aria-current="step"' not in page
    assert "Projektet er parkeret; det tages op igen den 2. januar 2030." in page
