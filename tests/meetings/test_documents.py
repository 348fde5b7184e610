"""The meeting documents, built with the real pipeline (WeasyPrint, pikepdf) and read back:
contents, page numbers, running header, bookmarks, editions, Danish conventions, and the same
rendering as the pages."""

import io
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pypdf import PdfReader

from innovation.shared import pdf, permissions
from meetings import contexts
from meetings.documents import BUILDERS, FILENAME_LIMIT, filename
from meetings.models import ItemSection, Meeting
from meetings.rules import document_reader
from tests.meetings.conftest import SECRET
from tests.meetings.factories import (
    AgendaItemFactory,
    ItemSectionFactory,
    MeetingFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
)

PACK = BUILDERS["meetings.pack"]
RECOMMENDATION = BUILDERS["meetings.recommendation"]
MINUTES = BUILDERS["meetings.minutes"]
MEMBERS, PUBLIC = permissions.MEMBERS, permissions.PUBLIC


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def items(meeting, open_item, closed_item):
    third = AgendaItemFactory(meeting=meeting, title="Økonomi på ældreområdet")
    ItemSectionFactory(item=third, heading="Sagsfremstilling", text="Blåbærgrød og rødgrød.")
    return [open_item, closed_item, third]


def read(data):
    return PdfReader(io.BytesIO(data))


def texts(reader):
    return [page.extract_text() for page in reader.pages]


def build(builder, obj, audience, **kwargs):
    return read(builder.build(obj, audience=audience, **kwargs))


def outline(reader):
    """(title, 1-based page, [(child title, page)]) for the outline's top level."""
    result, entries = [], reader.outline
    for index, entry in enumerate(entries):
        if isinstance(entry, list):
            continue
        children = []
        if index + 1 < len(entries) and isinstance(entries[index + 1], list):
            children = [
                (child.title, reader.get_destination_page_number(child) + 1)
                for child in entries[index + 1]
            ]
        result.append((entry.title, reader.get_destination_page_number(entry) + 1, children))
    return result


def test_pack_cover_says_what_it_is_in_danish(items):
    meeting = items[0].meeting
    ProgrammeItemFactory(meeting=meeting, title="Velkomst").speakers.add(
        SpeakerFactory(name="Gry Ravn")
    )
    pages = texts(build(PACK, meeting, MEMBERS))
    cover = pages[0]
    for text in (
        "Gentofte Kommune",
        "MØDEMAPPE",
        "Opgaveudvalget om Innovation",
        "Møde nr. 4: Teknologilaboratorium",
        f"Dato {meeting.starts_at.astimezone().day}. ",
        "Sted Gentofte Rådhus, mødesal 1",
        "Udgave Medlemsudgave",
    ):
        assert text in cover, text
    assert "Side" not in cover
    assert "Godkendt referat" not in cover
    total = len(pages)
    # Every other page: the committee and the date in the header, “Side X af Y” below.
    date = re.search(r"Dato (\d+\. \w+ \d{4})", cover)[1]
    for number, page in enumerate(pages[1:], start=2):
        assert f"Opgaveudvalget om Innovation · {date}" in page
        assert f"Side {number} af {total}" in page
    assert not re.search(r"\d{2}\.\d{2}\.\d{4}", "\n".join(pages))  # one date format


def test_toc_page_numbers_match_the_items_and_the_outline(items):
    meeting = items[0].meeting
    ProgrammeItemFactory(meeting=meeting, title="Velkomst og rammesætning")
    reader = build(PACK, meeting, MEMBERS)
    pages = texts(reader)
    toc = {}
    for line in pages[1].splitlines():
        found = re.match(r"^(\d+)\. (.+?)\s*\.{3,}\s*(\d+)$", line.strip())
        if found:
            toc[int(found[1])] = int(found[3])
    assert set(toc) == {item.number for item in items}
    bookmarks = {title: page for title, page, _children in outline(reader)}
    assert bookmarks[_("Programme")] == 3
    for number, page in toc.items():
        title = next(title for title in bookmarks if title.startswith(f"{number}. "))
        assert bookmarks[title] == page
        assert pages[page - 1].splitlines()[0].startswith(f"{number}. ")
        assert (
            _("Item %(number)s: %(title)s")
            % {
                "number": number,
                "title": title.split(". ", 1)[1],
            }
            in pages[page - 1]
        )


def test_the_pack_shows_the_item_as_its_page_does(client, items, committee_member):
    """One rendering for page and paper: the item's page and the item in the pack come from
    the same partial, with the same context."""
    open_item = items[0]
    client.force_login(committee_member)
    page = client.get(open_item.get_absolute_url()).content.decode()
    prepared = PACK.prepare(open_item.meeting, MEMBERS).html
    reader = document_reader(open_item.meeting, MEMBERS)
    item = contexts.items_with_content(reader).get(pk=open_item.pk)
    view = contexts.item_view(item, earlier={})
    partial = render_to_string(
        "meetings/includes/item.html#item-content",
        {"view": view, "item": item, "level": 3, "sublevel": 4, "print": True},
    )
    assert partial.strip() in prepared
    for section in open_item.sections.all():
        assert section.text in page and section.text in prepared


def test_closed_content_only_in_the_members_edition(items, other_member, committee_member):
    meeting = items[0].meeting
    assert PACK.audience_for(other_member, meeting) == PUBLIC
    assert PACK.audience_for(committee_member, meeting) == MEMBERS
    assert PACK.audience_for(AnonymousUser(), meeting) == PUBLIC
    members = "\n".join(texts(build(PACK, meeting, MEMBERS)))
    public = "\n".join(texts(build(PACK, meeting, PUBLIC)))
    assert SECRET in members
    assert "Lukket punkt" in members and "Fortroligt" in members  # marked for the members
    assert SECRET not in public
    assert f"{items[1].number}. {_('Closed item')}" in public


def test_danish_file_names_cut_at_a_word(items):
    meeting = items[0].meeting
    assert PACK.filename(meeting, MEMBERS) == "moedemappe-opgaveudvalget-om-innovation-moede-4.pdf"
    assert PACK.filename(meeting, PUBLIC).endswith("-moede-4-offentlig.pdf")
    long = "Et meget langt punkt om velfærdsteknologi " * 6
    whole = slugify(f"indstilling-punkt-7-{long}".replace("æ", "ae"))
    stem = filename("Indstilling", "punkt", 7, long).removesuffix(".pdf")
    assert stem.isascii() and len(stem) <= FILENAME_LIMIT
    assert whole.startswith(stem) and whole[len(stem)] == "-"  # a whole word last


def test_minutes_editions_flow_item_after_item(items, other_member, committee_member):
    meeting = items[0].meeting
    assert MINUTES.audience_for(committee_member, meeting) is None  # not held yet
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD, held_at=timezone.now())
    meeting.refresh_from_db()
    closed = items[1]
    closed.decision = f"Godkendt. {SECRET}"
    closed.save()
    members = build(MINUTES, meeting, MEMBERS)
    public = texts(build(MINUTES, meeting, PUBLIC))
    assert SECRET in "\n".join(texts(members))
    assert SECRET not in "\n".join(public)
    assert "REFERAT" in public[0]
    assert "Referatet er endnu ikke godkendt" in "\n".join(public)
    assert f"{closed.number}. Lukket punkt" in "\n".join(public)
    # Three short items share a page instead of one page each.
    assert len(members.pages) <= 3


def test_recommendation_of_a_closed_item(items, other_member, committee_member):
    open_item, closed = items[0], items[1]
    assert RECOMMENDATION.audience_for(AnonymousUser(), closed) is None
    assert RECOMMENDATION.audience_for(other_member, closed) is None
    assert RECOMMENDATION.audience_for(committee_member, closed) == MEMBERS
    assert RECOMMENDATION.audience_for(AnonymousUser(), open_item) == PUBLIC
    whole = "\n".join(texts(build(RECOMMENDATION, closed, MEMBERS)))
    assert SECRET in whole
    assert "Tværgående Funktioner" in whole
    assert "Sagsnr." in whole or not closed.case
    name = RECOMMENDATION.filename(open_item, PUBLIC)
    assert (
        name
        == f"indstilling-punkt-{open_item.number}-aabent-punkt-om-velfaerdsteknologi-offentlig.pdf"
    )
    assert "hemmelig" not in RECOMMENDATION.filename(closed, PUBLIC)


def test_case_number_is_written_sagsnr(open_item):
    from tests.meetings.factories import CaseFactory

    open_item.case = CaseFactory(reference="00.01.00-A00-1-17")
    open_item.save()
    whole = "\n".join(texts(build(RECOMMENDATION, open_item, PUBLIC)))
    assert "Sagsnr. 00.01.00-A00-1-17" in whole
    assert "Sag:" not in whole


def test_section_headings_in_the_documents_language(open_item):
    ItemSectionFactory(
        item=open_item, order=4, key=ItemSection.Key.OTHER, heading="Økonomi", text="Kr. 0."
    )
    danish = "\n".join(texts(build(RECOMMENDATION, open_item, PUBLIC)))
    with translation.override("en"):
        english = "\n".join(texts(build(RECOMMENDATION, open_item, PUBLIC)))
    assert "Resumé\n" in danish and "Baggrund\n" in danish and "Bilag\n" in danish
    assert "Summary\n" in english and "Background\n" in english and "Attachments\n" in english
    assert "Resumé\n" not in english
    assert "Økonomi\n" in danish and "Økonomi\n" in english


def test_an_empty_meeting_says_so(committee):
    meeting = MeetingFactory(committee=committee, number=9)
    whole = "\n".join(texts(build(PACK, meeting, PUBLIC)))
    assert "Dagsordenen har ingen punkter." in whole


def test_metadata_and_the_accessible_catalogue(items):
    meeting = items[0].meeting
    reader = build(PACK, meeting, MEMBERS)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert "/StructTreeRoot" in root
    assert re.search(rb'pdfuaid:part(>|=")1', root["/Metadata"].get_object().get_data())
    assert reader.metadata.title == PACK.title(meeting, MEMBERS)
    assert "Opgaveudvalget om Innovation" in reader.metadata.author


def test_the_archive_edition_is_tagged_pdf_a_2a(items):
    reader = build(PACK, items[0].meeting, MEMBERS, variant=pdf.ARCHIVE)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert re.search(rb'pdfaid:part(>|=")2', xmp)
    assert re.search(rb'pdfaid:conformance(>|=")A', xmp)
    assert "/StructTreeRoot" in root


def test_the_fingerprint_is_the_rendered_html(items):
    meeting = items[0].meeting
    before = PACK.fingerprint(meeting, MEMBERS, pdf.ACCESSIBLE)
    assert PACK.fingerprint(meeting, MEMBERS, pdf.ACCESSIBLE) == before
    assert PACK.fingerprint(meeting, MEMBERS, pdf.ARCHIVE) != before
    assert PACK.fingerprint(meeting, PUBLIC, pdf.ACCESSIBLE) != before
    # Anything the pack shows changes it, whatever field it is: no hand-kept list.
    speaker = SpeakerFactory(name="Tim Frank Andersen")
    ProgrammeItemFactory(meeting=meeting, title="Oplæg").speakers.add(speaker)
    after = PACK.fingerprint(meeting, MEMBERS, pdf.ACCESSIBLE)
    assert after != before
    speaker.organisation = "Charlie Tango"
    speaker.save()
    assert PACK.fingerprint(meeting, MEMBERS, pdf.ACCESSIBLE) != after
    # What only the members see does not change the public edition.
    public = PACK.fingerprint(meeting, PUBLIC, pdf.ACCESSIBLE)
    closed_section = items[1].sections.first()
    closed_section.text += " Mere hemmeligt."
    closed_section.save()
    assert PACK.fingerprint(meeting, PUBLIC, pdf.ACCESSIBLE) == public


def test_the_fingerprint_costs_a_constant_number_of_queries(meeting, django_assert_max_num_queries):
    for number in range(1, 41):
        item = AgendaItemFactory(meeting=meeting, number=number)
        ItemSectionFactory(item=item)
    with django_assert_max_num_queries(16):
        PACK.fingerprint(meeting, PUBLIC, pdf.ACCESSIBLE)
