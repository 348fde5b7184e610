"""The text of an attachment's file, for the search: PDF (pypdfium2) and DOCX (the document's
XML, read with the standard library), at most ``BODY_LENGTH`` characters. Any other kind, or a
file that cannot be read, has no text (the attachment is still found by its title)."""

import logging
import zipfile
from io import BytesIO
from pathlib import Path
from xml.etree.ElementTree import ParseError, XMLPullParser

import pypdfium2

from meetings.uploads import read_bytes
from search.models import BODY_LENGTH, AttachmentText

logger = logging.getLogger(__name__)

MAX_PAGES = 500
"""PDF pages read at most."""
MAX_XML = 50 * 1024 * 1024
"""Bytes of a DOCX document's XML read at most (a packed file can unpack to much more)."""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def pdf_text(data: bytes, limit: int = BODY_LENGTH) -> str:
    parts, length = [], 0
    document = pypdfium2.PdfDocument(data)
    try:
        for index in range(min(len(document), MAX_PAGES)):
            page = document[index]
            textpage = page.get_textpage()
            try:
                part = textpage.get_text_bounded()
            finally:
                textpage.close()
                page.close()
            parts.append(part)
            length += len(part)
            if length >= limit:
                break
    finally:
        document.close()
    return "\n".join(parts)[:limit]


def docx_text(data: bytes, limit: int = BODY_LENGTH) -> str:
    """The paragraphs of the document's body (``word/document.xml``), read as a stream."""
    parser = XMLPullParser(events=("end",))
    paragraphs, words, length = [], [], 0
    with zipfile.ZipFile(BytesIO(data)) as archive, archive.open("word/document.xml") as xml:
        read = 0
        while length < limit and read < MAX_XML and (chunk := xml.read(64 * 1024)):
            read += len(chunk)
            parser.feed(chunk)
            for _event, element in parser.read_events():
                if element.tag == f"{W}t" and element.text:
                    words.append(element.text)
                elif element.tag in (f"{W}tab", f"{W}br"):
                    words.append(" ")
                elif element.tag == f"{W}p":
                    paragraph = "".join(words)
                    words = []
                    paragraphs.append(paragraph)
                    length += len(paragraph) + 1
                    element.clear()
    return "\n".join(paragraphs)[:limit]


READERS = {".pdf": pdf_text, ".docx": docx_text}


def file_text(file) -> str:
    """The text of ``file`` (a stored file), or ``""``."""
    reader = READERS.get(Path(file.name).suffix.lower())
    if reader is None:
        return ""
    try:
        return reader(read_bytes(file)).replace("\x00", "")
    except (pypdfium2.PdfiumError, zipfile.BadZipFile, KeyError, ParseError, OSError, ValueError):
        logger.warning("The text of %s cannot be read", file.name, exc_info=True)
        return ""


def store_attachment_text(attachment_id) -> int | None:
    """Read attachment ``attachment_id``'s file and keep its text (once per file: the stored
    ``sha256`` says which was read). The number of characters kept; ``None`` when the
    attachment is gone."""
    from meetings.models import Attachment

    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        return None
    known = AttachmentText.objects.filter(pk=attachment_id).first()
    if known is not None and known.sha256 == attachment.sha256:
        return len(known.text)
    text = file_text(attachment.file) if attachment.file else ""
    AttachmentText.objects.update_or_create(
        attachment_id=attachment_id, defaults={"text": text, "sha256": attachment.sha256}
    )
    return len(text)
