import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import ATTACHMENT_MAX_BYTES, Attachment
from tests.meetings.factories import AgendaItemFactory


def docx_bytes(kind="word"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{kind}/document.xml" if kind == "word" else f"{kind}/workbook.xml", "x")
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Notat.pdf", b"%PDF-1.4\n%\xe6\xf8\xe5\n"),
        ("Tidsplan.docx", docx_bytes("word")),
        ("Budget.xlsx", docx_bytes("xl")),
        ("Foto.png", PNG),
        ("Foto.JPG", JPEG),
    ],
)
def test_allowed_files_pass(db, settings, tmp_path, name, content):
    settings.MEDIA_ROOT = tmp_path
    attachment = Attachment(
        item=AgendaItemFactory(), title=name, file=SimpleUploadedFile(name, content)
    )
    attachment.full_clean()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ\x90\x00", "Filendelse “exe” er ikke tilladt"),
        ("Notat.pdf", b"<script>alert(1)</script>", "ikke en PDF-fil"),
        ("Billede.png", b"%PDF-1.4\n", "ikke en PNG-fil"),
        ("Tidsplan.docx", b"plain text", "ikke en DOCX-fil"),
    ],
)
def test_wrong_type_is_refused_with_a_danish_message(db, name, content, message):
    attachment = Attachment(
        item=AgendaItemFactory(), title=name, file=SimpleUploadedFile(name, content)
    )
    with pytest.raises(ValidationError) as error:
        attachment.full_clean()
    assert message in str(error.value)


def test_too_large_is_refused(db):
    upload = SimpleUploadedFile("Stor.pdf", b"%PDF-1.4\n")
    upload.size = ATTACHMENT_MAX_BYTES + 3 * 1024 * 1024 // 2
    attachment = Attachment(item=AgendaItemFactory(), title="Stor", file=upload)
    with pytest.raises(ValidationError) as error:
        attachment.full_clean()
    assert "Filen fylder 26,5 MB; bilag må højst fylde 25 MB." in str(error.value)
