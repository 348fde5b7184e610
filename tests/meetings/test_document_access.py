"""Who reads what in the meeting documents, exported through their URLs by every kind of
reader. The members' edition reads as a member of the meeting's committees, never as the
secretariat: another committee's closed item stays “Lukket punkt” and a draft meeting does not
exist, in the document as on the page."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from innovation.models import Export
from meetings.models import Meeting
from tests.meetings.conftest import SECRET
from tests.meetings.factories import AgendaItemFactory, CaseFactory, MeetingFactory, full_item

OTHER_CLOSED_TITLE = "ANDET-UDVALGS-LUKKEDE-TITEL-5521"
OTHER_CLOSED_DECISION = "ANDET-UDVALGS-LUKKEDE-BESLUTNING-5522"
DRAFT_TITLE = "UDKAST-MOEDETS-PUNKT-5523"
OPEN_EARLIER = "TIDLIGERE-AABENT-PUNKT-5524"


@pytest.fixture
def case_history(meeting, other_committee, committee):
    """The meeting's open item is on a case with earlier items: an open one of this committee,
    a closed one of another committee (with a decision) and one of a draft meeting."""
    case = CaseFactory()
    long_ago = meeting.starts_at - datetime.timedelta(days=60)
    held = {"state": Meeting.State.APPROVED, "starts_at": long_ago}
    other = MeetingFactory(committee=other_committee, number=1, **held)
    AgendaItemFactory(
        meeting=other,
        case=case,
        is_closed=True,
        title=OTHER_CLOSED_TITLE,
        decision=OTHER_CLOSED_DECISION,
        decided_on=long_ago.date(),
    )
    own = MeetingFactory(committee=committee, number=1, **held)
    AgendaItemFactory(meeting=own, case=case, title=OPEN_EARLIER)
    draft = MeetingFactory(
        committee=committee,
        number=2,
        state=Meeting.State.DRAFT,
        starts_at=long_ago + datetime.timedelta(days=1),
    )
    AgendaItemFactory(meeting=draft, case=case, title=DRAFT_TITLE)
    item = full_item(meeting, title="Åbent punkt på sagen")
    item.case = case
    item.save()
    closed = full_item(meeting, closed=True, title=f"Lukket sag {SECRET}", secret=SECRET)
    return item, closed


@pytest.fixture
def export_text(client, django_capture_on_commit_callbacks):
    return lambda *args: _export_text(client, django_capture_on_commit_callbacks, *args)


def _export_text(client, on_commit, user, document, object_id):
    """Export ``document`` as ``user`` and return (audience, the PDF's text), or None when
    refused."""
    client.logout()
    if user is not None:
        client.force_login(user)
    with on_commit(execute=True):
        response = client.post(
            reverse("export_start"), {"document": document, "object_id": object_id}
        )
    if response.status_code in (403, 404):
        return None
    export = Export.objects.latest("pk")
    assert export.status == Export.Status.DONE, export.error
    download = client.get(reverse("export_download", args=[export.pk]))
    assert download.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    return export.audience, "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("document", ["meetings.pack", "meetings.recommendation"])
def test_documents_read_earlier_items_as_the_committees_members(
    export_text, case_history, roles, document
):
    item, _closed = case_history
    object_id = item.meeting_id if document == "meetings.pack" else item.pk
    for name, user, sees_closed in roles:
        audience, text = export_text(user, document, object_id)
        assert audience == ("members" if sees_closed else "public"), name
        assert OPEN_EARLIER in text, name
        for marker in (OTHER_CLOSED_TITLE, OTHER_CLOSED_DECISION, DRAFT_TITLE):
            assert marker not in text, (name, marker)
        assert "Lukket punkt" in text, name  # the other committee's closed earlier item
        assert (SECRET in text) is (sees_closed and document == "meetings.pack"), name


def test_minutes_per_reader(export_text, case_history, roles):
    item, _closed = case_history
    Meeting.objects.filter(pk=item.meeting_id).update(
        state=Meeting.State.HELD, starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    for name, user, sees_closed in roles:
        audience, text = export_text(user, "meetings.minutes", item.meeting_id)
        assert audience == ("members" if sees_closed else "public"), name
        assert (SECRET in text) is sees_closed, name
        for marker in (OTHER_CLOSED_TITLE, OTHER_CLOSED_DECISION, DRAFT_TITLE):
            assert marker not in text, (name, marker)


def test_the_secretariat_previews_a_draft_meetings_pack_as_its_members_will(
    export_text, case_history, secretariat, committee_member
):
    item, _closed = case_history
    Meeting.objects.filter(pk=item.meeting_id).update(state=Meeting.State.DRAFT)
    audience, text = export_text(secretariat, "meetings.pack", item.meeting_id)
    assert audience == "members"
    assert SECRET in text
    assert DRAFT_TITLE not in text
    assert OTHER_CLOSED_TITLE not in text
    # Nobody but the secretariat gets a draft meeting's documents.
    assert export_text(committee_member, "meetings.pack", item.meeting_id) is None
    assert export_text(None, "meetings.pack", item.meeting_id) is None
