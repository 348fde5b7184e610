"""The project's recommendation (indstilling) as a document: built by the shared pipeline like
every other document, registered from the app, written for an audience, valid PDF/UA-1 and
PDF/A-2a, and never carrying what its audience may not see."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from pypdf import PdfReader

from innovation import stages
from innovation.models import Funding
from innovation.shared import exports, pdf, permissions
from innovation.shared.models import Export
from meetings import actions
from tests.innovation.conftest import READS_CLOSED, ROLES
from tests.innovation.factories import (
    BenefitFactory,
    FundingFactory,
    GateDecisionFactory,
    LearningEntryFactory,
    MeasurementFactory,
    PartnershipFactory,
    ProjectFactory,
)
from tests.meetings.factories import CaseFactory, MeetingFactory, full_item, mark_held
from tests.pdf_checks import assert_valid_pdf

RECOMMENDATION = "innovation.recommendation"
CLOSED_SECRET = "LUKKET-BESLUTNING-4410"
LEARNING_SECRET = "LAERINGSLOG-7781"
APPLIED_SECRET = "ANSOEGT-FOND-3312"
CONTACT_SECRET = "kontakt-5519@example.org"


def builder():
    return exports.DOCUMENTS[RECOMMENDATION]


def text_of(data):
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def project(committee):
    case = CaseFactory()
    project = ProjectFactory(
        committee=committee,
        title="Velfærdsteknologi i eget hjem",
        case=case,
        phase=stages.Phase.PROPOSAL,
    )
    meeting = MeetingFactory(committee=committee, number=5, title="Forslag til projekter")
    item = full_item(meeting, title="Afsøgning af velfærdsteknologi i eget hjem", case=case)
    closed = full_item(meeting, closed=True, title=f"Lukket {CLOSED_SECRET}", case=case)
    mark_held(meeting)
    actions.record_decision(item=item, decision="Godkendt.", outcomes={})
    actions.record_decision(item=closed, decision=f"Godkendt. {CLOSED_SECRET}", outcomes={})
    GateDecisionFactory(project=project, decided_on=datetime.date(2018, 1, 10))
    LearningEntryFactory(project=project, learned=f"Vi lærte noget. {LEARNING_SECRET}")
    FundingFactory(project=project, name="Ældreområdets budget", amount=1250000)
    FundingFactory(project=project, name=APPLIED_SECRET, status=Funding.Status.APPLIED)
    PartnershipFactory(
        project=project,
        partner__name="SensaCare ApS",
        partner__contact_email=CONTACT_SECRET,
        role="Leverer sensorerne",
    )
    benefit = BenefitFactory(project=project, title="Færre faldulykker", unit="fald")
    MeasurementFactory(benefit=benefit, value=31, measured_on=datetime.date(2019, 1, 2))
    return project


def test_the_builder_is_registered_from_the_app():
    assert RECOMMENDATION in exports.DOCUMENTS
    source = Path(exports.__file__).read_text()
    for app in ("meetings", "catalogue", "innovation.documents"):
        assert f'"{app}' not in source, app


@pytest.mark.parametrize("role", ROLES)
def test_each_reader_gets_an_edition(project, readers, role):
    user = readers[role] or AnonymousUser()
    expected = permissions.MEMBERS if role in READS_CLOSED else permissions.PUBLIC
    assert builder().audience_for(user, project) == expected


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_project_has_no_document(committee, readers, role):
    draft = ProjectFactory(committee=committee, is_published=False)
    assert builder().audience_for(readers[role] or AnonymousUser(), draft) is None


def test_both_editions_are_valid_and_hold_what_their_audience_may_read(project):
    for audience in (permissions.MEMBERS, permissions.PUBLIC):
        for variant in (pdf.ACCESSIBLE, pdf.ARCHIVE):
            data = builder().build(project, audience=audience, variant=variant)
            assert_valid_pdf(data, variant)
        text = text_of(data)
        assert "Velfærdsteknologi i eget hjem" in text
        assert "Innovationschefen indstiller til" in text
        assert str(stages.GATES[1].recommends) in text  # proposal → approved
        assert "Afsøgning af velfærdsteknologi i eget hjem" in text
        assert "1.250.000 kr." in text
        assert "SensaCare ApS" in text and "Leverer sensorerne" in text
        assert "Færre faldulykker" in text and "31 fald" in text
        members = audience == permissions.MEMBERS
        assert (CLOSED_SECRET in text) == members
        assert (LEARNING_SECRET in text) == members
        assert APPLIED_SECRET not in text  # under negotiation: the secretariat's only
        assert CONTACT_SECRET not in text


def test_metadata_title_and_filename(project):
    public = builder().title(project, permissions.PUBLIC)
    assert public == "Projektindstilling: Velfærdsteknologi i eget hjem (offentlig udgave)"
    assert builder().filename(project, permissions.MEMBERS) == (
        "projektindstilling-velfaerdsteknologi-i-eget-hjem.pdf"
    )
    reader = PdfReader(
        io.BytesIO(builder().build(project, audience=permissions.MEMBERS, variant=pdf.ACCESSIBLE))
    )
    assert reader.metadata.title == builder().title(project, permissions.MEMBERS)


def test_the_fingerprint_follows_the_content(project):
    before = builder().fingerprint(project, permissions.PUBLIC, pdf.ACCESSIBLE)
    assert before == builder().fingerprint(project, permissions.PUBLIC, pdf.ACCESSIBLE)
    # What the public does not see does not change the public edition.
    FundingFactory(project=project, name="Endnu en ansøgning", status=Funding.Status.APPLIED)
    assert before == builder().fingerprint(project, permissions.PUBLIC, pdf.ACCESSIBLE)
    BenefitFactory(project=project, title="Færre indlæggelser")
    assert before != builder().fingerprint(project, permissions.PUBLIC, pdf.ACCESSIBLE)


def test_exports_through_the_pipeline_from_the_trace_page(
    project, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SAMSKAB_PDF_CACHE = tmp_path / "pdf-cache"
    page = client.get(reverse("innovation:trace", args=[project.pk])).content.decode()
    assert f'name="document" value="{RECOMMENDATION}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("export_start"),
            {"document": RECOMMENDATION, "object_id": project.pk, "variant": pdf.ACCESSIBLE},
        )
    assert response.status_code in (200, 302)
    export = Export.objects.get(document=RECOMMENDATION)
    assert export.status == Export.Status.DONE, export.error
    assert export.audience == permissions.PUBLIC
    download = client.get(reverse("export_download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


def test_a_draft_projects_trace_offers_no_document(committee, client, secretariat):
    draft = ProjectFactory(committee=committee, is_published=False)
    client.force_login(secretariat)
    page = client.get(reverse("innovation:trace", args=[draft.pk])).content.decode()
    assert RECOMMENDATION not in page
    response = client.post(
        reverse("export_start"),
        {"document": RECOMMENDATION, "object_id": draft.pk, "variant": pdf.ACCESSIBLE},
    )
    assert response.status_code == 403
