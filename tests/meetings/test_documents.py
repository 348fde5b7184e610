"""The meeting documents, built with the real pipeline (WeasyPrint) and read back with pypdf."""

import io
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from innovation import pdf, permissions
from meetings.documents import BUILDERS, _ascii_slug
from meetings.models import AgendaItem, ItemSection, Meeting
from tests.long_words import A4_LINE, LONG_URL, LONG_WORD, longest_piece_per_line
from tests.meetings.conftest import SECRET
from tests.meetings.factories import (
    AgendaItemFactory,
    AttachmentFactory,
    ItemSectionFactory,
    ProgrammeItemFactory,
    RecommendationPointFactory,
    SpeakerFactory,
)

PACK = BUILDERS["meetings.pack"]
RECOMMENDATION = BUILDERS["meetings.recommendation"]
MINUTES = BUILDERS["meetings.minutes"]
MEMBERS, PUBLIC = permissions.MEMBERS, permissions.PUBLIC
ATTACHMENT_TEXT = "Bilagets indhold om æbletræer"
CLOSED_ATTACHMENT_TEXT = "LUKKET-BILAGSINDHOLD-4417"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def items(meeting, open_item, closed_item):
    third = AgendaItemFactory(meeting=meeting, title="Økonomi på ældreområdet")
    ItemSectionFactory(item=third, heading="Sagsfremstilling", text="Blåbærgrød og rødgrød.")
    return [open_item, closed_item, third]


def small_pdf(text):
    html = f'<html lang="da"><head><title>Bilag</title></head><body><p>{text}</p></body></html>'
    return pdf.render(html, tagged=False)


def pdf_attachment(item, title, text, *, closed=False):
    upload = SimpleUploadedFile(f"bilag-{item.pk}-{closed:d}.pdf", small_pdf(text))
    return AttachmentFactory(item=item, title=title, file=upload, is_closed=closed)


def read(data):
    return PdfReader(io.BytesIO(data))


def texts(reader):
    return [page.extract_text() for page in reader.pages]


def build(builder, obj, audience, **kwargs):
    return read(builder.build(obj, audience=audience, **kwargs))


def outline_pages(reader):
    """(title, 1-based page, children) for the outline's top level."""
    result, outline = [], reader.outline
    for index, entry in enumerate(outline):
        if isinstance(entry, list):
            continue
        children = []
        if index + 1 < len(outline) and isinstance(outline[index + 1], list):
            children = [
                (child.title, reader.get_destination_page_number(child) + 1)
                for child in outline[index + 1]
            ]
        result.append((entry.title, reader.get_destination_page_number(entry) + 1, children))
    return result


def test_pack_has_titles_danish_letters_and_page_numbers(items):
    reader = build(PACK, items[0].meeting, MEMBERS)
    pages = texts(reader)
    total = len(pages)
    whole = "\n".join(pages)
    for item in items:
        assert f"{item.number}. {item.title}" in whole
    assert "Blåbærgrød og rødgrød." in whole
    assert "Økonomi på ældreområdet" in whole
    assert "Gentofte Kommune" in pages[0]
    assert f"Side 1 af {total}" in pages[0]
    assert f"Side {total} af {total}" in pages[-1]


def test_toc_page_numbers_match_items_and_outline(items):
    meeting = items[0].meeting
    ProgrammeItemFactory(meeting=meeting, title="Velkomst og rammesætning").speakers.add(
        SpeakerFactory(name="Gry Ravn")
    )
    reader = build(PACK, meeting, MEMBERS)
    pages = texts(reader)
    toc = {}
    for line in pages[1].splitlines():
        found = re.match(r"^(\d+)\. (.+?)\s*\.{3,}\s*(\d+)$", line.strip())
        if found:
            toc[int(found[1])] = int(found[3])
    visible = {item.number: item for item in items}
    assert set(toc) == set(visible)
    outline = {title: page for title, page, _children in outline_pages(reader)}
    for number, page in toc.items():
        item = (
            AgendaItem.objects.filter(meeting=meeting)
            .with_content(PACK.reader(meeting, MEMBERS))
            .get(number=number)
        )
        heading = f"{number}. {item.display_title}"
        assert pages[page - 1].startswith(heading) or heading in pages[page - 1].splitlines()[0]
        assert outline[heading] == page
    programme = _("Programme")
    assert programme in outline
    assert "Gry Ravn" in pages[outline[programme] - 1]


def test_closed_content_only_in_the_members_edition(items, other_member, committee_member):
    meeting = items[0].meeting
    assert PACK.audience_for(other_member, meeting) == PUBLIC
    assert PACK.audience_for(committee_member, meeting) == MEMBERS
    assert PACK.audience_for(AnonymousUser(), meeting) == PUBLIC

    members = "\n".join(texts(build(PACK, meeting, MEMBERS)))
    public = "\n".join(texts(build(PACK, meeting, PUBLIC)))
    assert SECRET in members
    assert SECRET not in public
    closed = items[1]
    assert f"{closed.number}. {_('Closed item')}" in public
    members_name, public_name = PACK.filename(meeting, MEMBERS), PACK.filename(meeting, PUBLIC)
    assert members_name.isascii()
    stem = _("meeting-pack-%(committee)s-meeting-%(number)s") % {
        "committee": "innovation",
        "number": 4,
    }
    assert members_name == f"{_ascii_slug(stem)}.pdf"  # moedemappe-innovation-moede-4.pdf
    assert public_name == members_name.removesuffix(".pdf") + f"-{_ascii_slug(_('public'))}.pdf"


def test_filenames_spell_danish_letters_out():
    assert _ascii_slug("Mødemappe: Årsplan for æbler") == "moedemappe-aarsplan-for-aebler"


def test_minutes_editions_and_availability(items, other_member, committee_member):
    meeting = items[0].meeting
    assert MINUTES.audience_for(committee_member, meeting) is None  # not held yet
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD, held_at=timezone.now())
    meeting.refresh_from_db()
    closed = items[1]
    closed.decision = f"Godkendt. {SECRET}"
    closed.save()
    assert MINUTES.audience_for(other_member, meeting) == PUBLIC
    assert MINUTES.audience_for(committee_member, meeting) == MEMBERS

    members = "\n".join(texts(build(MINUTES, meeting, MEMBERS)))
    public = "\n".join(texts(build(MINUTES, meeting, PUBLIC)))
    assert SECRET in members
    assert SECRET not in public
    assert "Referatet er endnu ikke godkendt" in public
    assert f"{closed.number}. Lukket punkt" in public
    assert "At udvalget tager sagen til efterretning." in public


def test_recommendation_of_a_closed_item(items, other_member, committee_member):
    open_item, closed = items[0], items[1]
    assert RECOMMENDATION.audience_for(AnonymousUser(), closed) is None
    assert RECOMMENDATION.audience_for(other_member, closed) is None
    assert RECOMMENDATION.audience_for(committee_member, closed) == MEMBERS
    assert RECOMMENDATION.audience_for(AnonymousUser(), open_item) == PUBLIC

    reader = build(RECOMMENDATION, closed, MEMBERS)
    whole = "\n".join(texts(reader))
    assert SECRET in whole
    assert "Tværgående Funktioner" in whole
    assert "At udvalget tager sagen til efterretning." in whole
    name = RECOMMENDATION.filename(open_item, PUBLIC)
    assert name.isascii()
    assert f"-{open_item.number}-aabent-punkt-om-velfaerdsteknologi-" in name
    assert name.endswith(f"-{_ascii_slug(_('public'))}.pdf")
    assert "hemmelig" not in RECOMMENDATION.filename(closed, PUBLIC)


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


def test_pdf_attachment_follows_its_item(items):
    open_item = items[0]
    attachment = pdf_attachment(open_item, "Budget for æbler", ATTACHMENT_TEXT)
    pdf_attachment(open_item, "Lukket budget", CLOSED_ATTACHMENT_TEXT, closed=True)
    meeting = open_item.meeting

    reader = build(PACK, meeting, MEMBERS)
    pages = texts(reader)
    outline = outline_pages(reader)
    item_entry = next(e for e in outline if e[0] == f"{open_item.number}. {open_item.title}")
    _title, item_page, children = item_entry
    bookmark = _("Attachment: %(title)s") % {"title": attachment.title}
    assert [title for title, _page in children] == [
        bookmark,
        _("Attachment: %(title)s") % {"title": "Lukket budget"},
    ]
    attachment_page = dict(children)[bookmark]
    assert attachment_page == item_page + 1
    assert ATTACHMENT_TEXT in pages[attachment_page - 1]
    header = _("Item %(number)s. %(title)s – Attachment: %(attachment)s") % {
        "number": open_item.number,
        "title": open_item.title,
        "attachment": attachment.title,
    }
    assert header in pages[attachment_page - 1]
    assert CLOSED_ATTACHMENT_TEXT in "\n".join(pages)

    public = "\n".join(texts(build(PACK, meeting, PUBLIC)))
    assert ATTACHMENT_TEXT in public
    assert CLOSED_ATTACHMENT_TEXT not in public
    assert "Lukket budget" not in public


def test_pdf_ua_catalogue_and_metadata(items):
    meeting = items[0].meeting
    reader = build(PACK, meeting, MEMBERS)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid" in xmp
    assert re.search(rb'pdfuaid:part(>|=")1', xmp)
    assert reader.metadata.title == PACK.title(meeting, MEMBERS)
    assert "Opgaveudvalget om Innovation" in reader.metadata.author
    assert reader.metadata.subject


def test_archive_variant_is_pdf_a_2b(items):
    reader = build(PACK, items[0].meeting, MEMBERS, variant=pdf.ARCHIVE)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid" in xmp
    assert re.search(rb'pdfaid:part(>|=")2', xmp)


def _parent_tree(root):
    entries = {}

    def walk(node):
        node = node.get_object()
        nums = node.get("/Nums", [])
        for index in range(0, len(nums), 2):
            entries[int(nums[index])] = nums[index + 1].get_object()
        for kid in node.get("/Kids", []):
            walk(kid)

    walk(root["/StructTreeRoot"]["/ParentTree"])
    return entries


def test_structure_tree_matches_every_page(items):
    pdf_attachment(items[0], "Budget", ATTACHMENT_TEXT)
    reader = build(PACK, items[0].meeting, MEMBERS)
    tree = _parent_tree(reader.trailer["/Root"])
    tagged_pages = 0
    for page in reader.pages:
        content = page.get_contents().get_data()
        mcids = set(re.findall(rb"/MCID\s+(\d+)", content))
        if "/StructParents" not in page:
            assert not mcids
            continue
        tagged_pages += 1
        entry = tree[int(page["/StructParents"])]
        assert len(entry) == len(mcids)
        for element in entry:
            element = element.get_object()
            assert element.raw_get("/Pg").idnum == page.indirect_reference.idnum
    assert tagged_pages == len(reader.pages) - 1  # all but the untagged attachment


def test_cached_parts_and_fingerprint(items):
    meeting = items[0].meeting
    first = pdf.BuildStats()
    PACK.build(meeting, audience=MEMBERS, stats=first)
    assert first.rendered == len(items)

    again = pdf.BuildStats()
    PACK.build(meeting, audience=MEMBERS, stats=again)
    assert again.rendered == 0
    assert again.from_cache == len(items)

    fingerprint = PACK.fingerprint(meeting, MEMBERS, pdf.ACCESSIBLE)
    assert PACK.fingerprint(meeting, MEMBERS, pdf.ACCESSIBLE) == fingerprint
    assert PACK.fingerprint(meeting, PUBLIC, pdf.ACCESSIBLE) != fingerprint
    assert PACK.fingerprint(meeting, MEMBERS, pdf.ARCHIVE) != fingerprint

    section = ItemSection.objects.filter(item=items[2]).first()
    section.text = "Hindbærsaft i stedet."
    section.save()
    assert PACK.fingerprint(meeting, MEMBERS, pdf.ACCESSIBLE) != fingerprint

    changed = pdf.BuildStats()
    data = PACK.build(meeting, audience=MEMBERS, stats=changed)
    assert changed.rendered == 1
    assert "Hindbærsaft i stedet." in "\n".join(texts(read(data)))


@pytest.mark.parametrize(
    "change",
    [
        lambda item: ItemSectionFactory(item=item, heading="Økonomi", text="Nyt afsnit."),
        lambda item: RecommendationPointFactory(item=item, text="At noget nyt besluttes."),
        lambda item: AttachmentFactory(item=item, title="Nyt bilag"),
        lambda item: AgendaItem.objects.filter(pk=item.pk).update(title="Ny titel"),
        lambda item: Meeting.objects.filter(pk=item.meeting_id).update(place="Et andet sted"),
        lambda item: item.meeting.committee.__class__.objects.filter(
            pk=item.meeting.committee_id
        ).update(name="Nyt navn"),
        lambda item: ProgrammeItemFactory(meeting=item.meeting, title="Pause"),
    ],
)
def test_fingerprint_follows_what_the_pack_shows(open_item, change):
    before = PACK.fingerprint(open_item.meeting, MEMBERS, pdf.ACCESSIBLE)
    change(open_item)
    assert PACK.fingerprint(open_item.meeting, MEMBERS, pdf.ACCESSIBLE) != before


def test_fingerprint_is_cheap_for_a_large_meeting(meeting, django_assert_max_num_queries):
    for number in range(1, 101):
        item = AgendaItemFactory(meeting=meeting, number=number)
        ItemSectionFactory(item=item)
        RecommendationPointFactory(item=item)
        AttachmentFactory(item=item)
    PACK.fingerprint(meeting, PUBLIC, pdf.ACCESSIBLE)  # the assets are hashed once
    with django_assert_max_num_queries(12):
        PACK.fingerprint(meeting, PUBLIC, pdf.ACCESSIBLE)


def test_long_words_wrap_within_the_page(meeting):
    """A 300-letter word or a long URL breaks over lines instead of running off the paper:
    no line holds more of it than fits across an A4 page."""
    item = AgendaItemFactory(meeting=meeting, title=LONG_WORD)
    ItemSectionFactory(item=item, text=f"{LONG_WORD}\n\nLæs mere: {LONG_URL}")
    for builder, obj in ((RECOMMENDATION, item), (PACK, meeting)):
        text = "\n".join(texts(build(builder, obj, PUBLIC)))
        assert longest_piece_per_line(text, LONG_WORD) < A4_LINE, builder.name
        assert longest_piece_per_line(text, LONG_URL) < A4_LINE, builder.name
