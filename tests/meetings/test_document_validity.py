"""Every document the app makes passes the validators (tests/pdf_checks.py) in both variants:
each demo meeting's pack, minutes and recommendations in both editions, and the catalogue."""

import pytest

from catalogue.documents import BUILDERS as CATALOGUE
from catalogue.documents import DRAFT
from catalogue.models import Edition
from innovation.shared import pdf, permissions
from meetings.documents import BUILDERS
from meetings.models import Meeting
from tests.pdf_checks import assert_valid_pdf

VARIANTS = [pdf.ACCESSIBLE, pdf.ARCHIVE]
EDITIONS = [permissions.MEMBERS, permissions.PUBLIC]


@pytest.fixture
def meetings(demo_data):
    return list(
        Meeting.objects.exclude(state=Meeting.State.DRAFT)
        .select_related("committee")
        .order_by("starts_at")
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_meeting_document_of_the_demo_is_valid(meetings, variant):
    for meeting in meetings:
        for audience in EDITIONS:
            assert_valid_pdf(
                BUILDERS["meetings.pack"].build(meeting, audience=audience, variant=variant),
                variant,
            )
            if meeting.has_minutes:
                minutes = BUILDERS["meetings.minutes"].build(
                    meeting, audience=audience, variant=variant
                )
                assert_valid_pdf(minutes, variant)
            item = meeting.items.filter(is_closed=False).first()
            if item is not None:
                recommendation = BUILDERS["meetings.recommendation"].build(
                    item, audience=audience, variant=variant
                )
                assert_valid_pdf(recommendation, variant)


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_catalogue_draft_and_editions_are_valid(demo_data, variant):
    builder = CATALOGUE["catalogue.pdf"]
    for edition in [DRAFT, *Edition.objects.all()]:
        assert_valid_pdf(
            builder.build(edition, audience=permissions.PUBLIC, variant=variant), variant
        )
