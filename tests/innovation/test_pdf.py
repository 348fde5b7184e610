"""The PDF pipeline on its own: fetching, one-pass rendering, attachment pages laid onto their
placeholders, rendering to images, the cache; every result read back."""

import io

import pikepdf
import pypdfium2
import pytest
from pypdf import PdfReader

from innovation.shared import layout, pdf

MM = pdf.MM


def html(body, *, title="Dokument", inserts=(), style=""):
    head = pdf.Head(
        title=title,
        author="Gentofte Kommune",
        subject="Prøve",
        keywords="prøve",
        language="da",
        header="Opgaveudvalget om Innovation · 26. september 2017",
        inserts=tuple(inserts),
    )
    return (
        f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{head.css}{style}</style></head><body>{body}</body></html>"
    )


def placeholders(insert, running="Bilag: Plan"):
    return "".join(
        f'<div class="insert-page" id="{anchor}" style="page: {name}" '
        f'data-running="{running}"></div>'
        for anchor, name in insert.placeholders
    )


def source(tmp_path, name, text, *, size=None, rotate=0, offset=None, tagged=False):
    """A one-page PDF with ``text``, of ``size`` (points), rotated, or with a moved MediaBox."""
    style = f"<style>@page {{ size: {size[0]}pt {size[1]}pt; }}</style>" if size else ""
    variant = pdf.ACCESSIBLE if tagged else None
    page = f'<html lang="da"><head>{style}</head><body><p>{text}</p></body></html>'
    import weasyprint

    data = weasyprint.HTML(string=page).write_pdf(pdf_variant=variant)
    with pikepdf.open(io.BytesIO(data)) as document:
        first = document.pages[0]
        if rotate:
            first.Rotate = rotate
        if offset:
            box = [float(value) for value in first.mediabox]
            first.MediaBox = [box[0] + offset, box[1] + offset, box[2] + offset, box[3] + offset]
            first.Contents = pikepdf.Stream(
                document, f"1 0 0 1 {offset} {offset} cm\n".encode() + first.Contents.read_bytes()
            )
        path = tmp_path / name
        document.save(path)
    return path


def read(data):
    return PdfReader(io.BytesIO(data))


def text_box(data, page_number, word):
    """(top, bottom) in points of ``word``'s first letter on the page, as a viewer draws it."""
    document = pypdfium2.PdfDocument(data)
    text = document[page_number].get_textpage()
    index = text.get_text_range().index(word)
    _left, bottom, _right, top = text.get_charbox(index)
    return top, bottom


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_fetcher_serves_only_the_apps_own_files():
    fetcher = layout.LocalFetcher()
    response = fetcher.fetch("https://samskab.invalid/static/css/print.css")
    assert b"IBM Plex Sans" in response.read()
    for url in (
        "https://example.org/static/css/print.css",
        "https://samskab.invalid/static/../../innovation/settings.py",
        "https://samskab.invalid/etc/passwd",
        "http://samskab.invalid/static/css/print.css",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_one_pass_gives_tags_page_numbers_header_and_bookmarks():
    body = (
        '<nav class="toc"><h2>Indhold</h2><ol class="toc-list">'
        '<li><a href="#item-1">1. Rådhuset</a></li><li><a href="#item-2">2. Skolen</a></li>'
        "</ol></nav>"
        '<article class="pack-item"><h2 class="item-title" id="item-1" data-running="Punkt 1">'
        "1. Rådhuset</h2><p>Æbler, øl og ål.</p></article>"
        '<article class="pack-item"><h2 class="item-title" id="item-2" data-running="Punkt 2">'
        "2. Skolen</h2><p>Elever.</p></article>"
    )
    reader = read(pdf.render(html("<h1>Forside</h1>" + body)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert "/StructTreeRoot" in root
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) == 4
    assert "Side" not in pages[0]  # the cover has neither header nor number
    assert "Side 3 af 4" in pages[2] and "Punkt 1" in pages[2]
    assert "Opgaveudvalget om Innovation · 26. september 2017" in pages[3]
    toc = pages[1]
    assert "1. Rådhuset" in toc and toc.split("1. Rådhuset")[1].strip(" .\n").startswith("3")
    assert [entry.title for entry in reader.outline] == ["1. Rådhuset", "2. Skolen"]
    fonts = reader.pages[2]["/Resources"]["/Font"]
    names = [str(font.get_object()["/BaseFont"]) for font in fonts.values()]
    assert any("IBM-Plex-Sans" in name for name in names), names


@pytest.mark.parametrize(
    ("size", "rotate", "offset"),
    [
        ((595, 842), 0, None),  # A4 portrait
        ((1191, 842), 0, None),  # A3 landscape
        ((595, 842), 90, None),  # a portrait page turned by /Rotate
        ((595, 842), 0, 100),  # a MediaBox that does not start at the origin
    ],
    ids=["a4", "a3-landscape", "rotate-90", "offset-box"],
)
def test_attachment_pages_land_on_their_placeholders_below_the_header(
    tmp_path, size, rotate, offset
):
    path = source(tmp_path, "bilag.pdf", "Bilagets tekst om æbletræer", size=size, rotate=rotate)
    if offset:
        path = source(tmp_path, "bilag.pdf", "Bilagets tekst om æbletræer", size=size, offset=100)
    shown = (size[1], size[0]) if rotate in (90, 270) else size
    insert = pdf.Insert("att-1", path, (shown,), title="Plan")
    body = "<h1>Forside</h1><p>Punktets tekst.</p>" + placeholders(insert)
    data = pdf.render(html(body, inserts=[insert]), inserts=[insert])
    with pikepdf.open(io.BytesIO(data)) as document:
        page = document.pages[1]
        box = [float(value) for value in page.mediabox]
        assert (round(box[2] - box[0]), round(box[3] - box[1])) == tuple(round(v) for v in shown)
        contents = [stream.read_bytes() for stream in page.Contents]
        assert contents[0] == b"q\n"  # the page's own drawing is wrapped …
        assert contents[-1].startswith(b"Q\n/Artifact BMC\n")  # … the attachment is an artifact
    # Where the attachment's first words land: at the top of the area below the header band,
    # upright, within the page.
    top, bottom = text_box(data, 1, "Bilagets")
    height = box[3] - box[1]
    assert top <= height - pdf.INSERT_TOP_MM * MM + 1
    assert bottom >= pdf.INSERT_BOTTOM_MM * MM
    if not rotate:
        assert top > height * 0.7, "the attachment's first line is not near its top"
    reader = read(data)
    assert "Bilagets tekst om æbletræer" in reader.pages[1].extract_text()
    assert "Side 2 af 2" in reader.pages[1].extract_text()


def test_a_tagged_attachment_brings_no_dangling_marked_content(tmp_path):
    path = source(tmp_path, "tagged.pdf", "Et tagget bilag", tagged=True)
    with pikepdf.open(path) as original:
        assert b"BDC" in pikepdf.Page(original.pages[0]).as_form_xobject().read_bytes()
    insert = pdf.Insert("att-1", path, ((595.28, 841.89),), title="Tagget")
    data = pdf.render(
        html("<h1>Forside</h1>" + placeholders(insert), inserts=[insert]), inserts=[insert]
    )
    with pikepdf.open(io.BytesIO(data)) as document:
        form = next(iter(document.pages[1].Resources.XObject.values()))
        assert b"BDC" not in form.read_bytes()
        assert "/StructParents" not in form


def test_an_attachment_that_cannot_be_opened_names_itself(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 this is not a pdf")
    insert = pdf.Insert("att-1", broken, ((595, 842),), title="Budgetnotat")
    with pytest.raises(pdf.PdfError, match="Budgetnotat"):
        pdf.render(
            html("<h1>Forside</h1>" + placeholders(insert), inserts=[insert]), inserts=[insert]
        )


def test_rasterize_renders_each_page_once(tmp_path, media):
    path = source(tmp_path, "bilag.pdf", "Helvetica-agtig tekst")
    first = pdf.rasterize(path, key="abc")
    assert [image.name for image in first] == ["abc-1.jpg"]
    assert first[0].read_bytes()[:2] == b"\xff\xd8"
    stamp = first[0].stat().st_mtime_ns
    assert pdf.rasterize(path, key="abc")[0].stat().st_mtime_ns == stamp


def test_unknown_variant_is_refused():
    with pytest.raises(pdf.PdfError):
        pdf.render(html("<p>x</p>"), variant="pdf/x-1a")


def test_the_archive_variant_is_tagged_pdf_a_2a():
    data = pdf.render(html("<h1>Arkiv</h1>"), variant=pdf.ARCHIVE)
    with pikepdf.open(io.BytesIO(data)) as document:
        meta = document.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
        assert "/StructTreeRoot" in document.Root


def test_css_string_cannot_break_out_of_the_style_element():
    assert pdf.css_string('Udvalg "A" </style>\n<b>') == '"Udvalg \\"A\\" \\3c /style> \\3c b>"'


def test_store_leaves_nothing_behind_when_writing_fails(media, monkeypatch):
    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(pdf.os, "replace", broken_replace)
    with pytest.raises(OSError):
        pdf.store("abc", b"%PDF-1.7")
    assert list(pdf.cache_dir().iterdir()) == []


def test_the_fetcher_reads_media_from_the_current_media_root(settings, tmp_path):
    layout._tools()  # the process-wide fetcher exists before MEDIA_ROOT changes
    settings.MEDIA_ROOT = tmp_path / "other-media"
    image = settings.MEDIA_ROOT / "attachments" / "foto.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    _font_config, fetcher = layout._tools()
    response = fetcher.fetch("https://samskab.invalid/media/attachments/foto.png")
    assert response.read() == b"\x89PNG\r\n\x1a\n"
