"""The one PDF pipeline: one HTML document → one WeasyPrint pass → attachment pages laid in.

Every document (meeting pack, recommendation, minutes, the idea catalogue) is one HTML page
rendered from the same partials as the web pages. WeasyPrint makes, in that one pass, the table
of contents with page numbers (``target-counter``), the running header and “Side X af Y”
(margin boxes, ``counter(pages)``), the bookmarks, the tags (PDF/UA-1) and PDF/A-2a.

A PDF attachment is given one empty placeholder page of the same size per page in the HTML
(``Insert.placeholders``, a named page per size), so that every number is right in the one
pass; afterwards pikepdf lays each attachment page onto its placeholder, scaled into the area
below the header band, honouring ``/Rotate`` and the page boxes, marked as an artifact. An
attachment whose fonts are not embedded is rendered to images first (``rasterize``), so that
the document stays what it claims to be.

The URL fetcher reads only the app's own static and media files. WeasyPrint itself is imported
only when a document is laid out (``innovation.shared.layout``), never when a worker starts. The
fingerprint of a document is the hash of its HTML (which has the print stylesheet inline) and of
its attachments' files.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

ACCESSIBLE = "pdf/ua-1"
ARCHIVE = "pdf/a-2a"
VARIANTS = (ACCESSIBLE, ARCHIVE)

# Documents refer to the app's files by these absolute URLs; the fetcher maps them to disk.
BASE_URL = "https://samskab.invalid/"
# A change to how documents are made (not to what they show) changes every fingerprint.
PIPELINE_VERSION = "2"
MM = 72 / 25.4
# Attachment pages are laid below the running header and above the page number.
INSERT_TOP_MM = 14
INSERT_BOTTOM_MM = 12
RASTER_DPI = 150


class PdfError(Exception):
    """A document could not be produced; the message is meant for the user."""


@functools.cache
def print_css() -> str:
    """The print stylesheet, put inline into every document (so that it is in the hash)."""
    return (Path(settings.BASE_DIR) / "static" / "css" / "print.css").read_text()


def municipality() -> dict:
    """The sender on every document's cover: the municipality's name and mark (settings)."""
    return {
        "name": settings.MUNICIPALITY_NAME,
        "logo": f"{settings.STATIC_URL}{settings.MUNICIPALITY_LOGO}",
    }


def media_url(path: Path) -> str:
    """The URL by which a document refers to a file under MEDIA_ROOT."""
    relative = Path(path).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
    return f"{settings.MEDIA_URL}{relative.as_posix()}"


# --- Attachments ---------------------------------------------------------------------------


def page_name(size: tuple[float, float]) -> str:
    """The named page (CSS ``page``) of a placeholder of ``size`` points."""
    return f"insert-{round(size[0])}x{round(size[1])}"


def page_rules(sizes) -> str:
    """``@page`` rules for placeholder pages of the given sizes (points)."""
    rules = []
    for size in sorted({(round(w), round(h)) for w, h in sizes}):
        rules.append(
            f"@page {page_name(size)} {{ size: {size[0]}pt {size[1]}pt; "
            f"margin: {INSERT_TOP_MM}mm 12mm {INSERT_BOTTOM_MM}mm; }}"
        )
    return "\n".join(rules)


@dataclass(frozen=True)
class Insert:
    """The pages of a PDF file, laid onto the placeholder pages ``<anchor>-1`` … of a
    document. ``sizes``: each page's size as displayed (points), recorded at upload."""

    anchor: str
    path: Path
    sizes: tuple[tuple[float, float], ...]
    title: str = ""

    @property
    def placeholders(self):
        """(id, named page) of each placeholder page, for the template."""
        return [
            (f"{self.anchor}-{number}", page_name(size))
            for number, size in enumerate(self.sizes, start=1)
        ]


def opens(path: Path) -> bool:
    """Whether the PDF at ``path`` opens (a file can be damaged after its upload check)."""
    try:
        with pikepdf.open(path):
            return True
    except (OSError, pikepdf.PdfError):
        return False


def rasterize(path: Path, *, key: str) -> list[Path]:
    """Each page of the PDF at ``path`` as a JPEG image (kept in the cache under ``key``):
    for attachments that cannot go into a conformant document as they are."""
    import pypdfium2

    folder = cache_dir() / "raster"
    folder.mkdir(exist_ok=True)
    document = pypdfium2.PdfDocument(str(path))
    try:
        images = []
        for number in range(len(document)):
            target = folder / f"{key}-{number + 1}.jpg"
            if not target.exists():
                bitmap = document[number].render(scale=RASTER_DPI / 72)
                with tempfile.NamedTemporaryFile(dir=folder, suffix=".jpg", delete=False) as tmp:
                    bitmap.to_pil().convert("RGB").save(tmp, "JPEG", quality=85)
                os.replace(tmp.name, target)
            images.append(target)
        return images
    finally:
        document.close()


# --- The document's head -------------------------------------------------------------------


def css_string(text) -> str:
    """``text`` as a CSS string (quotes, backslashes, line breaks and ``<`` escaped)."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + " ".join(escaped.split()) + '"'


@dataclass(frozen=True)
class Head:
    """What a document's ``<head>`` says: its metadata (WeasyPrint writes it into the PDF's
    Info and XMP alike), the running header's left text, and the placeholder page sizes."""

    title: str
    author: str
    subject: str
    keywords: str
    language: str
    header: str = ""
    inserts: tuple[Insert, ...] = ()

    @property
    def css(self):
        """The print stylesheet, the placeholder pages and the page texts, in one ``<style>``."""
        page = _("Page %(page)s of %(pages)s") % {"page": "\x00", "pages": "\x01"}
        number = css_string(page).replace("\x00", '" counter(page) "')
        number = number.replace("\x01", '" counter(pages) "')
        sizes = [size for insert in self.inserts for size in insert.sizes]
        texts = (
            f"@page {{ @top-left {{ content: {css_string(self.header)}; }} "
            f"@bottom-center {{ content: {number}; }} }}"
        )
        return mark_safe("\n".join([print_css(), page_rules(sizes), texts]))  # noqa: S308


# --- Rendering -----------------------------------------------------------------------------


def render(html: str, *, variant: str = ACCESSIBLE, inserts=()) -> bytes:
    """Lay out ``html`` in one pass, write it as ``variant`` and lay the ``inserts`` in."""
    if variant not in VARIANTS:
        raise PdfError(f"Unknown PDF variant {variant!r}")
    # WeasyPrint takes seconds to import: only where a document is laid out, never when a
    # worker starts (innovation.shared.layout).
    from innovation.shared import layout

    document = layout.lay_out(html)
    data = document.write_pdf(pdf_variant=variant)
    if not inserts:
        return data
    pages = {anchor: index for index, page in enumerate(document.pages) for anchor in page.anchors}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for insert in inserts:
            try:
                source = pikepdf.open(insert.path)
            except (OSError, pikepdf.PdfError) as error:
                raise PdfError(
                    _("The attachment “%(title)s” could not be included.") % {"title": insert.title}
                ) from error
            with source:
                for (anchor, _name), page in zip(insert.placeholders, source.pages, strict=False):
                    _lay(pdf, pikepdf.Page(pdf.pages[pages[anchor]]), pikepdf.Page(page))
        output = io.BytesIO()
        pdf.save(output, compress_streams=True)
    return output.getvalue()


def _lay(pdf, target: pikepdf.Page, source: pikepdf.Page):
    """Draw ``source`` onto ``target`` between the header band and the page number, as an
    artifact. qpdf's placement keeps the aspect ratio and applies ``/Rotate`` and the boxes."""
    # qpdf frames the page by its TrimBox; the reader saw the CropBox (the uploads' page size).
    source.trimbox = source.cropbox
    form = pdf.copy_foreign(source.as_form_xobject(handle_transformations=True))
    if "/StructParents" in form:
        del form.StructParents
    _drop_marked_content(form)
    name = target.add_resource(form, pikepdf.Name.XObject, prefix="Insert")
    box = [float(value) for value in target.mediabox]
    area = pikepdf.Rectangle(
        box[0], box[1] + INSERT_BOTTOM_MM * MM, box[2], box[3] - INSERT_TOP_MM * MM
    )
    placement = bytes(target.calc_form_xobject_placement(form, name, area))
    # The page's own content may leave its coordinate system changed (WeasyPrint flips it):
    # wrap it in q … Q, so that the attachment is drawn in the page's default space.
    target.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    drawing = b"Q\n/Artifact BMC\nq\n" + placement + b"\nQ\nEMC\n"
    target.contents_add(pikepdf.Stream(pdf, drawing), prepend=False)


MARKED_CONTENT = {"BDC", "BMC", "EMC"}


def _drop_marked_content(form):
    """A tagged attachment's marked content refers to its own structure tree, which is not
    brought along: inside our artifact it would be a dangling reference."""
    instructions = pikepdf.parse_content_stream(form)
    if not any(str(operator) in MARKED_CONTENT for _operands, operator in instructions):
        return
    kept = [(ops, op) for ops, op in instructions if str(op) not in MARKED_CONTENT]
    form.write(pikepdf.unparse_content_stream(kept))


# --- Fingerprints and the cache ------------------------------------------------------------


def digest(*pieces: str | bytes) -> str:
    sha = hashlib.sha256(PIPELINE_VERSION.encode())
    for piece in pieces:
        data = piece.encode() if isinstance(piece, str) else piece
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()


def cache_dir() -> Path:
    path = Path(getattr(settings, "SAMSKAB_PDF_CACHE", Path(settings.MEDIA_ROOT) / "pdf-cache"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(key: str, data: bytes, suffix: str = ".pdf") -> Path:
    """Write atomically: a reader never sees half a file, a failure leaves nothing behind."""
    target = cache_dir() / f"{key}{suffix}"
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
