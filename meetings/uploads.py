"""The check of an uploaded attachment, and the facts about it that the documents rely on.

``inspect_upload(file)`` is the one entry point: ``Attachment.clean()`` calls it, so the admin
and every model form do. It refuses what the meeting documents could not use (a PDF that needs
a password or repair, an image that cannot be decoded, an Office file without its main part)
with a message for the user, and returns the ``FileFacts`` of what it accepts, so that the
documents never open a file just to lay it out.
"""

import hashlib
import io
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, UnidentifiedImageError

MAX_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 50_000_000  # an image is decoded once at upload: this bounds its memory

PDF = ".pdf"
IMAGES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}  # extension -> Pillow's format
OFFICE = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}  # extension -> main part
EXTENSIONS = [PDF, *IMAGES, *OFFICE]

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
EXIF_ORIENTATION = 0x0112
QUARTER_TURNS = {5, 6, 7, 8}  # EXIF orientations shown turned by 90° or 270°

validate_extension = FileExtensionValidator([extension[1:] for extension in EXTENSIONS])


@dataclass(frozen=True)
class FileFacts:
    """What the documents need to know about an attachment's file; stored on ``Attachment``.

    ``FileFacts()`` are the facts of no file, and of a file that was stored without passing
    ``inspect_upload`` (only its ``sha256`` is known then): a PDF without ``page_sizes`` cannot
    be laid out.
    """

    sha256: str = ""
    """Hex SHA-256 of the file's bytes."""
    page_sizes: list[list[float]] = field(default_factory=list)
    """PDF: ``[width, height]`` of each page in points as displayed: the CropBox (within the
    MediaBox), turned by ``/Rotate``, times ``/UserUnit``. ``[]`` for other files."""
    fonts_embedded: bool = False
    """PDF: every font in the resources of every page, and of what the pages draw (form
    XObjects, patterns, Type 3 glyphs, soft masks, annotation appearances), has its font
    program in the file; Type0 fonts are judged by their descendant font. False for other
    files. Counted from the resources, so a font listed but never used counts too."""
    encrypted: bool = False
    """PDF: it is encrypted and opened without a password (an owner password only)."""
    tagged: bool = False
    """PDF: ``/MarkInfo /Marked true`` and a ``/StructTreeRoot``."""
    pixel_size: list[int] = field(default_factory=list)
    """PNG and JPEG: ``[width, height]`` in pixels as displayed (after the EXIF orientation).
    ``[]`` for other files."""


def inspect_upload(file) -> FileFacts:
    """The facts of ``file`` (a Django ``File``: an upload or a stored ``FieldFile``).

    Raises ``ValidationError`` (message for the user, in the active language) unless the file
    has an allowed extension, is at most ``MAX_BYTES`` and its content is what the extension
    says and can be used: a PDF that opens without a password and without repair, whose page
    contents decode, with at least one page; a PNG or JPEG that decodes and has at most
    ``MAX_PIXELS``; a DOCX or XLSX that is a zip file with its main part.
    """
    validate_extension(file)
    validate_attachment_size(file)
    data = read_bytes(file)
    sha256 = hashlib.sha256(data).hexdigest()
    extension = Path(file.name).suffix.lower()
    if extension == PDF:
        return _inspect_pdf(data, sha256)
    if extension in IMAGES:
        return _inspect_image(data, sha256, IMAGES[extension])
    _check_office(data, extension)
    return FileFacts(sha256=sha256)


def unchecked_facts(file) -> FileFacts:
    """The facts of a file that did not pass ``inspect_upload``: its ``sha256``, if it can be
    read at all."""
    try:
        return FileFacts(sha256=hashlib.sha256(read_bytes(file)).hexdigest())
    except OSError:
        return FileFacts()


def validate_attachment_size(file) -> None:
    if file.size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; attachments may be at most %(max)s MB.")
            % {"size": number_format(file.size / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024},
            code="file_size",
        )


def read_bytes(file) -> bytes:
    """All of ``file``; an open file is left open at its start, a closed one closed."""
    was_closed = file.closed
    file.open("rb")
    try:
        file.seek(0)
        return file.read()
    finally:
        if was_closed:
            file.close()
        else:
            file.seek(0)


def _inspect_pdf(data: bytes, sha256: str) -> FileFacts:
    unreadable = ValidationError(
        _(
            "The PDF file cannot be read: it is damaged or not a PDF file. "
            "Save it as a PDF again and try again."
        ),
        code="pdf_unreadable",
    )
    try:
        # Without recovery: a file that qpdf would have to repair (truncated, its
        # cross-reference table broken) may have lost pages or content.
        pdf = pikepdf.open(io.BytesIO(data), attempt_recovery=False)
    except pikepdf.PasswordError:
        raise ValidationError(
            _("The PDF file is protected by a password. Save it without a password and try again."),
            code="pdf_password",
        ) from None
    except pikepdf.PdfError:
        raise unreadable from None
    with pdf:
        if not len(pdf.pages):
            raise ValidationError(_("The PDF file has no pages."), code="pdf_empty")
        try:
            # qpdf --check: every stream decodes and every page's content parses.
            problems = pdf.check_pdf_syntax()
        except pikepdf.PdfError:
            raise unreadable from None
        if any(problem.startswith("ERROR") for problem in problems):
            raise unreadable
        mark_info = pdf.Root.get("/MarkInfo")
        try:
            return FileFacts(
                sha256=sha256,
                page_sizes=[_displayed_size(page) for page in pdf.pages],
                fonts_embedded=_fonts_embedded(pdf),
                encrypted=pdf.is_encrypted,
                tagged=isinstance(mark_info, pikepdf.Dictionary)
                and bool(mark_info.get("/Marked", False))
                and "/StructTreeRoot" in pdf.Root,
            )
        except (pikepdf.PdfError, TypeError, ValueError):  # e.g. a page box that is no box
            raise unreadable from None


def _displayed_size(page: pikepdf.Page) -> list[float]:
    media = pikepdf.Rectangle(page.mediabox)
    box = pikepdf.Rectangle(page.cropbox) & media
    if box.width <= 0 or box.height <= 0:
        box = media
    unit = float(page.obj.get("/UserUnit", 1))
    width, height = (round(side * unit, 3) for side in (box.width, box.height))
    return [height, width] if page.rotation in (90, 270) else [width, height]


def _fonts_embedded(pdf: pikepdf.Pdf) -> bool:
    seen = pikepdf.ObjectSet()
    for scope in pdf.content_scopes():
        fonts = scope.resources.get("/Font") if scope.resources is not None else None
        if not isinstance(fonts, pikepdf.Dictionary):
            continue
        for font in fonts.values():
            if isinstance(font, pikepdf.Dictionary) and not seen.add(font):
                continue  # judged already
            if not _font_embedded(font):
                return False
    return True


def _font_embedded(font) -> bool:
    if not isinstance(font, pikepdf.Dictionary):
        return False
    if font.get("/Subtype") == pikepdf.Name.Type3:
        return True  # its glyphs are content streams in the file
    if font.get("/Subtype") == pikepdf.Name.Type0:
        descendants = font.get("/DescendantFonts")
        if not isinstance(descendants, pikepdf.Array) or not len(descendants):
            return False
        return _font_embedded(descendants[0])
    descriptor = font.get("/FontDescriptor")
    return isinstance(descriptor, pikepdf.Dictionary) and any(
        key in descriptor for key in FONT_FILES
    )


def _inspect_image(data: bytes, sha256: str, kind: str) -> FileFacts:
    too_many_pixels = ValidationError(
        _("The image has more than %(max)s megapixels. Save it smaller and try again.")
        % {"max": MAX_PIXELS // 1_000_000},
        code="image_too_large",
    )
    try:
        with Image.open(io.BytesIO(data), formats=[kind]) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise too_many_pixels
            with _truncated_images_refused():
                image.load()
            orientation = image.getexif().get(EXIF_ORIENTATION)
    except UnidentifiedImageError:
        raise _not_a(kind) from None
    except Image.DecompressionBombError:  # Pillow's own guard, far above MAX_PIXELS
        raise too_many_pixels from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _(
                "The image cannot be read: it is damaged or incomplete. "
                "Save it again and try again."
            ),
            code="image_unreadable",
        ) from None
    if orientation in QUARTER_TURNS:
        width, height = height, width
    return FileFacts(sha256=sha256, pixel_size=[width, height])


@contextmanager
def _truncated_images_refused():
    """Pillow pads an image whose data ends early when ``ImageFile.LOAD_TRUNCATED_IMAGES`` is
    on, and WeasyPrint turns it on for the whole process when imported; an upload is decoded
    with it off."""
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _check_office(data: bytes, extension: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        names = set()
    if not {"[Content_Types].xml", OFFICE[extension]} <= names:
        raise _not_a(extension.lstrip(".").upper())


def _not_a(kind: str) -> ValidationError:
    return ValidationError(
        _("The file's content is not a %(type)s file.") % {"type": kind}, code="file_content"
    )
