"""The upload check (``meetings.uploads.inspect_upload``, called by ``Attachment.clean()``):
what it refuses, with which Danish message, in ``full_clean()`` and in the admin; the facts it
stores for what it accepts, and when they are read again."""

import hashlib
from dataclasses import asdict

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from meetings import models as meetings_models
from meetings.models import AgendaItem, Attachment
from meetings.uploads import MAX_BYTES, FileFacts
from tests import attachment_files as files
from tests.meetings.factories import AgendaItemFactory, AttachmentFactory
from tests.meetings.test_admin import item_form

ACCEPTED = {
    "plain": ("Notat.pdf", files.plain_pdf, {"page_sizes": [files.A4], "fonts_embedded": True}),
    "tagged": (
        "Tilgængeligt notat.pdf",
        files.tagged_pdf,
        {"page_sizes": [files.A4], "fonts_embedded": True, "tagged": True},
    ),
    "encrypted, no password": (
        "Krypteret.pdf",
        files.encrypted_pdf,
        {"page_sizes": [files.A4], "fonts_embedded": True, "encrypted": True},
    ),
    "rotated": (
        "Roteret.pdf",
        files.rotated_pdf,
        {"page_sizes": [[841.89, 595.276]], "fonts_embedded": True},
    ),
    "A3 landscape": (
        "Tegning.pdf",
        files.a3_landscape_pdf,
        {"page_sizes": [files.A3_LANDSCAPE], "fonts_embedded": True},
    ),
    "MediaBox off the origin": (
        "Forskudt.pdf",
        files.offset_mediabox_pdf,
        {"page_sizes": [[595.0, 842.0]], "fonts_embedded": True},
    ),
    "CropBox and Rotate 270": (
        "Beskåret.pdf",
        files.cropped_pdf,
        {"page_sizes": [[600.0, 400.0]], "fonts_embedded": True},
    ),
    "Helvetica not embedded": (
        "Helvetica.pdf",
        files.helvetica_pdf,
        {"page_sizes": [[595.0, 842.0]], "fonts_embedded": False},
    ),
    "Helvetica in a form XObject": (
        "Formular.pdf",
        files.helvetica_in_form_pdf,
        {"page_sizes": [files.A4], "fonts_embedded": False},
    ),
    "PNG": ("Foto.png", files.png, {"pixel_size": [40, 30]}),
    "JPEG": ("Foto.JPG", files.jpeg, {"pixel_size": [40, 30]}),
    "JPEG turned by EXIF": ("Mobilfoto.jpeg", files.rotated_jpeg, {"pixel_size": [30, 40]}),
    "DOCX": ("Tidsplan.docx", files.docx, {}),
    "XLSX": ("Budget.xlsx", files.xlsx, {}),
}

UNREADABLE_PDF = (
    "PDF-filen kan ikke læses: den er beskadiget eller ikke en PDF-fil. "
    "Gem den som PDF igen, og prøv igen."
)
UNREADABLE_IMAGE = "Billedet kan ikke læses: det er beskadiget eller ufuldstændigt."
REFUSED = {
    "password": (
        "Hemmelig.pdf",
        files.password_pdf,
        "PDF-filen er beskyttet med en adgangskode. Gem den uden adgangskode, og prøv igen.",
    ),
    "truncated PDF": ("Afkortet.pdf", files.truncated_pdf, UNREADABLE_PDF),
    "garbage after the header": ("Notat.pdf", files.garbage_pdf, UNREADABLE_PDF),
    "content stream damaged": ("Notat.pdf", files.damaged_stream_pdf, UNREADABLE_PDF),
    "script named .pdf": ("Notat.pdf", lambda: b"<script>alert(1)</script>", UNREADABLE_PDF),
    "CropBox not a rectangle": ("Notat.pdf", files.malformed_box_pdf, UNREADABLE_PDF),
    "no pages": ("Tom.pdf", files.empty_pdf, "PDF-filen har ingen sider."),
    "truncated PNG": ("Foto.png", files.truncated_png, UNREADABLE_IMAGE),
    "truncated JPEG": ("Foto.jpg", files.truncated_jpeg, UNREADABLE_IMAGE),
    "56 megapixels": (
        "Plakat.png",
        files.huge_png,
        "Billedet har mere end 50 megapixel. Gem det i en mindre størrelse, og prøv igen.",
    ),
    "PDF named .png": ("Billede.png", files.plain_pdf, "Filens indhold er ikke en PNG-fil."),
    "PNG named .jpg": ("Billede.jpg", files.png, "Filens indhold er ikke en JPEG-fil."),
    "zip without word/document.xml": (
        "Tidsplan.docx",
        files.fake_docx,
        "Filens indhold er ikke en DOCX-fil.",
    ),
    "DOCX named .xlsx": ("Budget.xlsx", files.docx, "Filens indhold er ikke en XLSX-fil."),
    "text named .docx": ("Notat.docx", lambda: b"tekst", "Filens indhold er ikke en DOCX-fil."),
    "extension": ("script.exe", lambda: b"MZ\x90\x00", "Filendelse “exe” er ikke tilladt"),
}


def attachment(name, content, item=None):
    return Attachment(
        item=item or AgendaItemFactory(), title=name, file=SimpleUploadedFile(name, content)
    )


@pytest.mark.parametrize("kind", ACCEPTED)
def test_accepted_files_are_stored_with_their_facts(db, kind):
    name, make, facts = ACCEPTED[kind]
    content = make()
    upload = attachment(name, content)
    upload.full_clean()
    upload.save()
    stored = Attachment.objects.get(pk=upload.pk)
    expected = FileFacts(sha256=hashlib.sha256(content).hexdigest(), **facts)
    assert stored.facts == expected
    with stored.file.open("rb") as file:
        assert file.read() == content


@pytest.mark.parametrize("kind", REFUSED)
def test_refused_files_get_a_danish_message(db, kind):
    name, make, message = REFUSED[kind]
    with pytest.raises(ValidationError) as error:
        attachment(name, make()).full_clean()
    assert any(message in text for text in error.value.message_dict["file"])


@pytest.mark.parametrize("kind", REFUSED)
def test_the_admin_refuses_them_and_saves_nothing(client, secretariat, meeting, kind):
    name, make, message = REFUSED[kind]
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:meetings_agendaitem_add"),
        item_form(meeting, **{"attachments-0-file": SimpleUploadedFile(name, make())}),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AgendaItem.objects.exists() and not Attachment.objects.exists()


def test_the_admin_stores_the_facts_of_an_accepted_file(client, secretariat, meeting):
    client.force_login(secretariat)
    upload = SimpleUploadedFile("Tegning.pdf", files.a3_landscape_pdf())
    data = item_form(meeting, **{"attachments-0-file": upload})
    response = client.post(reverse("admin:meetings_agendaitem_add"), data)
    assert response.status_code == 302
    stored = Attachment.objects.get()
    assert stored.page_sizes == [files.A3_LANDSCAPE]
    assert stored.sha256 == hashlib.sha256(files.a3_landscape_pdf()).hexdigest()


def test_too_large_is_refused(db):
    upload = SimpleUploadedFile("Stor.pdf", files.plain_pdf())
    upload.size = MAX_BYTES + 3 * 1024 * 1024 // 2
    with pytest.raises(ValidationError) as error:
        Attachment(item=AgendaItemFactory(), title="Stor", file=upload).full_clean()
    assert error.value.message_dict["file"] == ["Filen fylder 26,5 MB; bilag må højst fylde 25 MB."]


@pytest.fixture
def reads(monkeypatch):
    """The files ``inspect_upload`` is given, in order."""
    seen = []
    inspect = meetings_models.inspect_upload

    def counting(file):
        seen.append(file.name)
        return inspect(file)

    monkeypatch.setattr(meetings_models, "inspect_upload", counting)
    return seen


def test_clean_then_save_reads_the_file_once(db, reads):
    upload = attachment("Roteret.pdf", files.rotated_pdf())
    upload.full_clean()
    upload.save()
    assert reads == ["Roteret.pdf"]
    assert upload.page_sizes == [[841.89, 595.276]]


def test_a_save_without_clean_stores_the_facts(db, reads):
    stored = AttachmentFactory(file=SimpleUploadedFile("Foto.png", files.png()))
    assert reads == ["Foto.png"]
    assert Attachment.objects.get(pk=stored.pk).pixel_size == [40, 30]


def test_a_save_that_keeps_the_file_does_not_read_it(db, reads):
    stored = AttachmentFactory(file=SimpleUploadedFile("Roteret.pdf", files.rotated_pdf()))
    reads.clear()
    loaded = Attachment.objects.get(pk=stored.pk)
    loaded.title = "Nyt navn"
    loaded.full_clean()
    loaded.save()
    loaded.is_closed = True
    loaded.save(update_fields=["is_closed"])
    assert reads == []
    assert Attachment.objects.get(pk=stored.pk).page_sizes == [[841.89, 595.276]]


def test_a_save_that_changes_the_file_updates_the_facts(db):
    stored = AttachmentFactory(file=SimpleUploadedFile("Notat.pdf", files.tagged_pdf()))
    loaded = Attachment.objects.get(pk=stored.pk)
    loaded.file = SimpleUploadedFile("Foto.jpg", files.rotated_jpeg())
    loaded.full_clean()
    loaded.save(update_fields=["file"])
    assert Attachment.objects.get(pk=stored.pk).facts == FileFacts(
        sha256=hashlib.sha256(files.rotated_jpeg()).hexdigest(), pixel_size=[30, 40]
    )
    loaded.file = ""
    loaded.save()
    assert Attachment.objects.get(pk=stored.pk).facts == FileFacts()


def test_a_file_saved_without_passing_the_check_has_only_its_hash(db):
    """Saved behind ``clean()``'s back: no page sizes, so the documents cannot lay it out."""
    content = files.password_pdf()
    stored = AttachmentFactory(file=SimpleUploadedFile("Hemmelig.pdf", content))
    assert Attachment.objects.get(pk=stored.pk).facts == FileFacts(
        sha256=hashlib.sha256(content).hexdigest()
    )


def test_refresh_attachment_facts_fills_those_stored_before(db):
    rotated = AttachmentFactory(file=SimpleUploadedFile("Roteret.pdf", files.rotated_pdf()))
    photo = AttachmentFactory(file=SimpleUploadedFile("Foto.png", files.png()))
    missing = AttachmentFactory(file=SimpleUploadedFile("Væk.pdf", files.plain_pdf()))
    AttachmentFactory()  # no file
    missing.file.storage.delete(missing.file.name)
    Attachment.objects.update(**asdict(FileFacts()))  # as the migration leaves them

    call_command("refresh_attachment_facts")

    assert Attachment.objects.get(pk=rotated.pk).page_sizes == [[841.89, 595.276]]
    assert Attachment.objects.get(pk=photo.pk).pixel_size == [40, 30]
    assert Attachment.objects.get(pk=missing.pk).sha256 == ""
    Attachment.objects.filter(pk=photo.pk).update(pixel_size=[1, 1])
    call_command("refresh_attachment_facts")  # only those without facts
    assert Attachment.objects.get(pk=photo.pk).pixel_size == [1, 1]
    call_command("refresh_attachment_facts", all=True)
    assert Attachment.objects.get(pk=photo.pk).pixel_size == [40, 30]
