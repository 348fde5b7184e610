"""Attachment files for tests, made in code: no binary files in the repository.

Each function returns the bytes of one small file (a few kB; the over-large PNG is the biggest
at about 10 kB). Every file is byte-identical from run to run except the two encrypted PDFs,
whose keys qpdf salts at random; each function's result is cached for the test process, so a
test sees the same bytes every time it asks.

The docstrings say what ``meetings.uploads.inspect_upload`` makes of each file: accepted with
which facts, or refused. Page sizes are in PDF points, as displayed (after ``/Rotate``, from
the CropBox), rounded to 3 decimals as ``inspect_upload`` rounds them.
"""

import io
import zipfile
from functools import cache

import pikepdf
import weasyprint
from PIL import Image, ImageDraw

A4 = [595.276, 841.89]
A3_LANDSCAPE = [1190.551, 841.89]
TEXT = "Bilag om kulturhuse på Ærø, i Østerbro og i Åbenrå"
PASSWORD = "bruger-kode"


def _html(text: str, page_css: str = "") -> str:
    return (
        '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Bilag</title>'
        f"<style>@page {{ {page_css} }} body {{ font-family: serif }}</style></head>"
        f"<body><h1>{text}</h1><p>Æble, øl og årstider: æøå ÆØÅ.</p></body></html>"
    )


@cache
def plain_pdf(text: str = TEXT) -> bytes:
    """One A4 page of Danish text (WeasyPrint, fonts embedded, untagged).

    Facts: ``page_sizes == [A4]``, ``fonts_embedded``, not encrypted, not tagged."""
    return weasyprint.HTML(string=_html(text)).write_pdf()


@cache
def tagged_pdf() -> bytes:
    """One tagged A4 page (WeasyPrint ``pdf/ua-1``: ``/MarkInfo /Marked true`` and a
    ``/StructTreeRoot``). Facts: ``tagged``, ``fonts_embedded``, ``page_sizes == [A4]``."""
    return weasyprint.HTML(string=_html("Mærket bilag")).write_pdf(pdf_variant="pdf/ua-1")


@cache
def a3_landscape_pdf() -> bytes:
    """One A3 landscape page. Facts: ``page_sizes == [A3_LANDSCAPE]``, ``fonts_embedded``."""
    html = _html("Tegning i A3 på tværs", page_css="size: A3 landscape")
    return weasyprint.HTML(string=html).write_pdf()


def _edited(data: bytes, edit=None, **save) -> bytes:
    """``data`` opened with pikepdf, changed by ``edit(pdf)`` and saved with ``save`` options
    (by default with an ``/ID`` made from the content, so that the bytes are repeatable)."""
    output = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if edit:
            edit(pdf)
        pdf.save(output, **{"deterministic_id": True} | save)
    return output.getvalue()


@cache
def rotated_pdf() -> bytes:
    """The plain A4 page with ``/Rotate 90``: displayed landscape.

    Facts: ``page_sizes == [[841.89, 595.276]]`` (width and height swapped)."""

    def rotate(pdf):
        pdf.pages[0].rotation = 90

    return _edited(plain_pdf("Roteret side"), rotate)


@cache
def offset_mediabox_pdf() -> bytes:
    """One page whose MediaBox does not start at the origin: ``[100 100 695 942]``, the text
    moved with it. Facts: ``page_sizes == [[595.0, 842.0]]``."""

    def offset(pdf):
        page = pdf.pages[0]
        page.mediabox = pikepdf.Array([100, 100, 695, 942])
        page.contents_add(b"q 1 0 0 1 100 100 cm\n", prepend=True)
        page.contents_add(b"\nQ")

    return _edited(plain_pdf("Side med forskudt MediaBox"), offset)


@cache
def cropped_pdf() -> bytes:
    """The plain A4 page with a CropBox ``[50 50 450 650]`` (displayed 400 × 600) and
    ``/Rotate 270``. Facts: ``page_sizes == [[600.0, 400.0]]``."""

    def crop(pdf):
        page = pdf.pages[0]
        page.cropbox = pikepdf.Array([50, 50, 450, 650])
        page.rotation = 270

    return _edited(plain_pdf("Beskåret side"), crop)


@cache
def helvetica_pdf() -> bytes:
    """One A4 page written in Helvetica that is not embedded (one of the standard 14 fonts: a
    ``/Type1`` font without ``/FontDescriptor``), built with pikepdf. Such a page must be
    rendered to an image for the PDF/A edition. Facts: ``fonts_embedded`` is False."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    page.resources.Font = pikepdf.Dictionary(
        F1=pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    page.contents_add(pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (Hej) Tj ET"))
    output = io.BytesIO()
    pdf.save(output, deterministic_id=True)
    return output.getvalue()


@cache
def helvetica_in_form_pdf() -> bytes:
    """The plain page (fonts embedded) with the Helvetica page drawn on it as a form XObject:
    the non-embedded font is found only by looking into the form. ``fonts_embedded`` is
    False."""

    def overlay(pdf):
        with pikepdf.open(io.BytesIO(helvetica_pdf())) as helvetica:
            form = pdf.copy_foreign(helvetica.pages[0].as_form_xobject())
        page = pdf.pages[0]
        page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name.Fx0)
        page.contents_add(b"q 0.3 0 0 0.3 0 0 cm /Fx0 Do Q")

    return _edited(plain_pdf("Side med en formular"), overlay)


@cache
def encrypted_pdf() -> bytes:
    """The plain page encrypted with AES-256 (R 6) and only an owner password: it opens
    without a password. Facts: ``encrypted``, ``page_sizes == [A4]``, ``fonts_embedded``."""
    encryption = pikepdf.Encryption(owner="ejer-kode", user="", aes=True, R=6)
    return _edited(plain_pdf("Krypteret bilag"), encryption=encryption, deterministic_id=False)


@cache
def password_pdf() -> bytes:
    """The plain page encrypted with AES-256 and a user password (``PASSWORD``): it does not
    open without it. Refused: "PDF-filen er beskyttet med en adgangskode …"."""
    encryption = pikepdf.Encryption(owner="ejer-kode", user=PASSWORD, aes=True, R=6)
    return _edited(
        plain_pdf("Bilag med adgangskode"), encryption=encryption, deterministic_id=False
    )


@cache
def truncated_pdf() -> bytes:
    """The first half of a PDF with a classic cross-reference table: the end of the file, its
    cross-reference table and trailer are missing. qpdf's repair would open what is left;
    ``inspect_upload`` refuses a file that needs repair: "PDF-filen kan ikke læses …"."""
    whole = _edited(
        plain_pdf("Afkortet bilag"),
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
    )
    return whole[: len(whole) // 2]


def garbage_pdf() -> bytes:
    """A PDF header followed by bytes that are no PDF. Refused: "PDF-filen kan ikke læses …"."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 4


@cache
def damaged_stream_pdf() -> bytes:
    """A PDF whose structure is intact but whose page content stream cannot be decompressed
    (bytes overwritten inside it). Refused: "PDF-filen kan ikke læses …"."""
    whole = _edited(
        plain_pdf("Beskadiget indhold"),
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
    )
    with pikepdf.open(io.BytesIO(whole)) as pdf:
        number = pdf.pages[0].obj.Contents.objgen[0]
    start = whole.index(b"stream", whole.index(b"\n%d 0 obj" % number)) + len(b"stream\n")
    return whole[: start + 8] + b"\xff" * 40 + whole[start + 48 :]


@cache
def malformed_box_pdf() -> bytes:
    """The Helvetica page with a CropBox that is a string, not a rectangle: the page cannot be
    laid out. Refused: "PDF-filen kan ikke læses …"."""

    def spoil(pdf):
        pdf.pages[0].obj.CropBox = pikepdf.String("A4")

    return _edited(helvetica_pdf(), spoil)


@cache
def empty_pdf() -> bytes:
    """A well-formed PDF with no pages. Refused: "PDF-filen har ingen sider."."""
    output = io.BytesIO()
    pikepdf.new().save(output, deterministic_id=True)
    return output.getvalue()


def _image(size=(40, 30)) -> Image.Image:
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 4):
        draw.line([(x, 0), (size[0] - x, size[1])], fill=(x * 6 % 256, 80, 160))
    return image


def _saved(image: Image.Image, kind: str, **options) -> bytes:
    output = io.BytesIO()
    image.save(output, kind, **options)
    return output.getvalue()


@cache
def png() -> bytes:
    """A 40 × 30 PNG. Facts: ``pixel_size == [40, 30]``."""
    return _saved(_image(), "PNG")


@cache
def jpeg() -> bytes:
    """A 40 × 30 JPEG. Facts: ``pixel_size == [40, 30]``."""
    return _saved(_image(), "JPEG", quality=80)


@cache
def rotated_jpeg() -> bytes:
    """A 40 × 30 JPEG whose EXIF orientation (6) turns it a quarter: shown 30 × 40, as
    WeasyPrint shows it (``image-orientation: from-image``). Facts: ``pixel_size == [30, 40]``."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    return _saved(_image(), "JPEG", quality=80, exif=exif)


@cache
def truncated_png() -> bytes:
    """The first half of a 400 × 300 PNG: its image data ends early. Refused: "Billedet kan
    ikke læses …"."""
    whole = _saved(_image((400, 300)), "PNG")
    return whole[: len(whole) // 2]


@cache
def truncated_jpeg() -> bytes:
    """The first half of a 400 × 300 JPEG. Refused: "Billedet kan ikke læses …"."""
    whole = _saved(_image((400, 300)), "JPEG", quality=80)
    return whole[: len(whole) // 2]


@cache
def huge_png() -> bytes:
    """An 8,000 × 7,000 black-and-white PNG (56 megapixels) of about 10 kB: decoded, it would
    fill memory. Refused: "Billedet er på 56,0 megapixel …"."""
    return _saved(Image.new("1", (8000, 7000)), "PNG")


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{content_type}"/>'
    "</Types>"
)
PACKAGE_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="{part}" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Tidsplan for kulturhusene på Ærø</w:t></w:r></w:p></w:body>"
    "</w:document>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheets/></workbook>"
)


def _zip(parts: dict[str, str]) -> bytes:
    """A zip file with fixed dates, so that the same parts give the same bytes."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2017, 9, 26, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return output.getvalue()


def _office(part: str, content_type: str, text: str) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES.format(part=part, content_type=content_type),
            "_rels/.rels": PACKAGE_RELATIONSHIPS.format(part=part),
            part: text,
        }
    )


@cache
def docx() -> bytes:
    """A minimal Word document (one Danish paragraph in ``word/document.xml``). Accepted;
    facts: only ``sha256``."""
    return _office(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        DOCUMENT,
    )


@cache
def xlsx() -> bytes:
    """A minimal Excel workbook (``xl/workbook.xml``). Accepted; facts: only ``sha256``."""
    return _office(
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        WORKBOOK,
    )


@cache
def fake_docx() -> bytes:
    """A zip file named as a Word document but without ``word/document.xml``. Refused:
    "Filens indhold er ikke en DOCX-fil."."""
    return _zip({"notat.txt": "Ikke et Word-dokument"})
