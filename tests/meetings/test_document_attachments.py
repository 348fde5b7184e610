"""A meeting pack with every kind of attachment, each handled as it must be, and every document
the app makes passing the validators (tests/pdf_checks.py) in both variants."""

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from innovation.shared import pdf, permissions
from meetings.documents import BUILDERS
from meetings.models import Attachment
from tests import attachment_files as files
from tests.meetings.conftest import SECRET
from tests.pdf_checks import assert_valid_pdf

PACK = BUILDERS["meetings.pack"]
MEMBERS, PUBLIC = permissions.MEMBERS, permissions.PUBLIC
VARIANTS = [pdf.ACCESSIBLE, pdf.ARCHIVE]

# title -> (file name, bytes, what the pack does with it)
KINDS = {
    "Krypteret notat": ("krypteret.pdf", files.encrypted_pdf, "laid in"),
    "Drejet side": ("drejet.pdf", files.rotated_pdf, "laid in"),
    "Tegning i A3": ("tegning.pdf", files.a3_landscape_pdf, "laid in"),
    "Forskudt side": ("forskudt.pdf", files.offset_mediabox_pdf, "laid in"),
    "Beskåret side": ("beskaaret.pdf", files.cropped_pdf, "laid in"),
    "Mærket bilag": ("maerket.pdf", files.tagged_pdf, "laid in"),
    "Gammelt notat": ("helvetica.pdf", files.helvetica_pdf, "as images"),
    "Foto fra workshoppen": ("foto.png", files.png, "as images"),
    "Budget": ("budget.docx", files.docx, "separate"),
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def attach(item, title, name, content, order):
    attachment = Attachment(
        item=item, title=title, order=order, file=SimpleUploadedFile(name, content)
    )
    attachment.full_clean()  # the upload check, which records the file's facts
    attachment.save()
    return attachment


@pytest.fixture
def pack(open_item):
    return [
        attach(open_item, title, name, make(), order)
        for order, (title, (name, make, _how)) in enumerate(KINDS.items(), start=1)
    ]


def read(data):
    return PdfReader(io.BytesIO(data))


def test_every_kind_of_attachment_is_handled(open_item, pack):
    data = PACK.build(open_item.meeting, audience=MEMBERS, variant=pdf.ACCESSIBLE)
    reader = read(data)
    pages = [page.extract_text() for page in reader.pages]
    item_page = next(i for i, text in enumerate(pages) if text.startswith(f"{open_item.number}. "))
    listing = pages[item_page]
    assert "findes som særskilt bilag på dagsordenen" in listing  # the DOCX
    assert listing.count("vedlagt efter punktet") == 8
    # The outline: each attachment in the pack under its item, in order, on its own pages.
    entries = reader.outline
    children = entries[
        entries.index(
            next(
                e
                for e in entries
                if not isinstance(e, list) and e.title.startswith(f"{open_item.number}. ")
            )
        )
        + 1
    ]
    titles = [child.title for child in children]
    expected = [title for title, (_n, _m, how) in KINDS.items() if how != "separate"]
    assert titles == [f"Bilag: {title}" for title in expected]
    starts = [reader.get_destination_page_number(child) for child in children]
    assert starts == sorted(starts) and starts[0] == item_page + 1
    # Laid-in pages keep their size; the running header names the attachment.
    with pikepdf.open(io.BytesIO(data)) as document:
        sizes = {
            title: [round(float(v)) for v in document.pages[start].mediabox][2:]
            for title, start in zip(expected, starts, strict=True)
        }
        assert sizes["Tegning i A3"] == [1191, 842]
        assert sizes["Drejet side"] == [842, 595]
        for title, start in zip(expected, starts, strict=True):
            assert f"Bilag til punkt {open_item.number}: {title}" in pages[start]
            # Every attachment page draws something: laid in (a form) or as an image.
            drawn = {
                str(xobject.Subtype)
                for xobject in document.pages[start].Resources.get("/XObject", {}).values()
            }
            expected_kind = "/Image" if KINDS[title][2] == "as images" else "/Form"
            assert expected_kind in drawn, (title, drawn)
    # The text of an encrypted attachment that opens without a password is in the pack.
    assert "Krypteret bilag" in "\n".join(pages)
    # Each page “Side X af Y”, the attachments' pages included.
    assert f"Side {len(pages)} af {len(pages)}" in pages[-1]


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_pack_with_attachments_is_valid(open_item, pack, variant):
    assert_valid_pdf(PACK.build(open_item.meeting, audience=MEMBERS, variant=variant), variant)


def test_a_file_that_fails_at_export_is_named_not_left_out(open_item, pack, media):
    broken = pack[2]  # the A3 drawing, damaged on disk after the upload
    (media / broken.file.name).write_bytes(b"%PDF-1.7 no longer a PDF")
    notes = []
    data = PACK.build(open_item.meeting, audience=MEMBERS, variant=pdf.ACCESSIBLE, notes=notes)
    text = "\n".join(page.extract_text() for page in read(data).pages)
    assert "Tegning i A3" in text and "kunne ikke medtages" in text
    assert notes == ["Bilaget “Tegning i A3” kunne ikke medtages."]
    assert_valid_pdf(data, pdf.ACCESSIBLE)


def test_closed_attachments_only_in_the_members_edition(open_item):
    attach(open_item, "Åbent notat", "aabent.pdf", files.plain_pdf("Åbent indhold"), 1)
    attach(open_item, f"Lukket notat {SECRET}", "lukket.pdf", files.plain_pdf(SECRET), 2)
    open_item.attachments.filter(title__startswith="Lukket").update(is_closed=True)
    members = read(PACK.build(open_item.meeting, audience=MEMBERS, variant=pdf.ACCESSIBLE))
    public = read(PACK.build(open_item.meeting, audience=PUBLIC, variant=pdf.ACCESSIBLE))
    assert SECRET in "\n".join(page.extract_text() for page in members.pages)
    whole = "\n".join(page.extract_text() for page in public.pages)
    assert SECRET not in whole and "Åbent indhold" in whole


def test_the_export_says_what_could_not_be_included(
    client, open_item, pack, media, secretariat, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from innovation.models import Export

    (media / pack[2].file.name).write_bytes(b"%PDF-1.7 no longer a PDF")
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("export_start"),
            {"document": "meetings.pack", "object_id": open_item.meeting_id},
        )
    export = Export.objects.get()
    assert export.status == Export.Status.DONE, export.error
    assert export.notes == "Bilaget “Tegning i A3” kunne ikke medtages."
    page = client.get(export.get_absolute_url()).content.decode()
    assert "Bilaget “Tegning i A3” kunne ikke medtages." in page
