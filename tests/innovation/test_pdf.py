"""The PDF pipeline on its own: fetching, rendering, caching and assembly, read back."""

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from innovation import pdf

PAGE = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{title}</title>
</head>
<body>{body}</body></html>"""


def html(title, body):
    return PAGE.format(title=title, body=body)


@pytest.fixture(autouse=True)
def cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media" / "pdf-cache"


def front(entries):
    rows = "".join(f"<li>{e.title} … side {e.page}</li>" for e in entries)
    return html("Mødemappe", f"<h1>Mødemappe</h1><ol>{rows}</ol>")


def parts_with_attachment(tmp_path, n=3, body="Æbler, øl og ål."):
    attachment = tmp_path / "bilag.pdf"
    attachment.write_bytes(pdf.render(html("Bilag", "<p>Et bilag fra en anden</p>"), tagged=False))
    parts = []
    for i in range(1, n + 1):
        text = "<p>" + (f"{body} " * 80) + "</p>"
        parts.append(
            pdf.HtmlPart(
                html=html(f"Punkt {i}", f"<h1>Punkt {i}</h1>{text * 3}{TABLE}"),
                bookmark=f"{i}. Punkt {i}",
                header=f"Møde 4 – punkt {i}",
            )
        )
        parts.append(
            pdf.FilePart(path=attachment, bookmark="Bilag: Notat", header=f"Punkt {i} – Bilag")
        )
    return parts


TABLE = (
    "<table><tr><th>Indstilling</th><th>Beslutning</th></tr><tr><td>At</td><td>Ja</td></tr></table>"
)

META = pdf.Meta(title="Mødemappe – møde 4", author="Gentofte Kommune", subject="Dagsorden")


def read(data):
    return PdfReader(io.BytesIO(data))


def test_fetcher_serves_only_the_apps_own_files():
    fetcher = pdf.LocalFetcher()
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


def test_render_is_tagged_danish_with_embedded_plex_font():
    reader = read(pdf.render(html("Titel", "<h1>Rådhuset i Gentofte</h1>")))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert "/StructTreeRoot" in root
    assert "Rådhuset i Gentofte" in reader.pages[0].extract_text()
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = [str(font.get_object()["/BaseFont"]) for font in fonts.values()]
    assert any("IBM-Plex-Sans" in name for name in names), names


def test_build_assembles_front_parts_and_attachments(tmp_path):
    data = pdf.build(parts=parts_with_attachment(tmp_path), front=front, meta=META)
    reader = read(data)
    texts = [page.extract_text() for page in reader.pages]
    total = len(reader.pages)
    assert texts[0].startswith("Mødemappe")
    assert f"Side 1 af {total}" in texts[0]
    assert f"Side {total} af {total}" in texts[-1]
    # The table of contents points at the pages where the parts start.
    for match in re.finditer(r"(\d+)\. Punkt (\d+) … side (\d+)", texts[0]):
        assert texts[int(match.group(3)) - 1].startswith(f"Punkt {match.group(2)}")
    # Each attachment follows its item, with a running header naming both.
    for index, text in enumerate(texts):
        if "Et bilag fra en anden" in text:
            assert "– Bilag" in text
            assert texts[index - 1].count("Æbler, øl og ål") > 0
    outline = reader.outline
    assert [entry.title for entry in outline if not isinstance(entry, list)] == [
        "1. Punkt 1",
        "2. Punkt 2",
        "3. Punkt 3",
    ]
    assert [entry.title for entry in outline[1]] == ["Bilag: Notat"]
    assert reader.metadata.title == "Mødemappe – møde 4"
    assert reader.metadata.author == "Gentofte Kommune"


def mcids(page):
    data = page.get_contents().get_data()
    return set(re.findall(rb"/MCID (\d+)", data))


def test_structure_tree_stays_whole(tmp_path):
    reader = read(pdf.build(parts=parts_with_attachment(tmp_path), front=front, meta=META))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    tree = root["/StructTreeRoot"].get_object()
    nums = tree["/ParentTree"]["/Nums"]
    parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    tagged_pages = 0
    for page in reader.pages:
        if "/StructParents" not in page:
            assert not mcids(page)  # the attachment pages are artifacts
            continue
        tagged_pages += 1
        elements = parent_tree[page["/StructParents"]].get_object()
        assert len(elements) == len(mcids(page))
        for element in elements:
            assert element.get_object()["/Pg"].get_object() == page.get_object()
    assert tagged_pages >= 4
    document = tree["/K"][0].get_object()
    assert document["/S"] == "/Document"
    assert all(kid.get_object()["/P"].get_object() == document for kid in document["/K"])


def test_archive_variant(tmp_path):
    reader = read(
        pdf.build(
            parts=parts_with_attachment(tmp_path, 1), front=front, meta=META, variant=pdf.ARCHIVE
        )
    )
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid" in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_parts_are_cached_and_only_changed_ones_render_again(tmp_path, cache):
    parts = parts_with_attachment(tmp_path)
    first = pdf.BuildStats()
    pdf.build(parts=parts, front=front, meta=META, stats=first)
    assert (first.rendered, first.from_cache) == (3, 0)
    again = pdf.BuildStats()
    pdf.build(parts=parts, front=front, meta=META, stats=again)
    assert (again.rendered, again.from_cache) == (0, 3)
    changed = list(parts)
    changed[2] = pdf.HtmlPart(html=html("Punkt 2", "<h1>Punkt 2 ændret</h1>"), bookmark="2.")
    third = pdf.BuildStats()
    pdf.build(parts=changed, front=front, meta=META, stats=third)
    assert (third.rendered, third.from_cache) == (1, 2)
    assert not list(cache.glob(".tmp-*"))


def test_store_leaves_nothing_behind_when_writing_fails(cache, monkeypatch):
    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(pdf.os, "replace", broken_replace)
    with pytest.raises(OSError):
        pdf.store("abc", b"%PDF-1.7")
    assert list(cache.iterdir()) == []


def test_a_broken_attachment_is_left_out_not_fatal(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"this is not a pdf")
    parts = [
        pdf.HtmlPart(html=html("Punkt", "<h1>Punkt 1</h1>"), bookmark="1. Punkt"),
        pdf.FilePart(path=broken, bookmark="Bilag: Ødelagt"),
        pdf.FilePart(path=Path(tmp_path / "missing.pdf"), bookmark="Bilag: Mangler"),
    ]
    reader = read(pdf.build(parts=parts, front=front, meta=META))
    assert len(reader.pages) == 2


def test_unknown_variant_is_refused():
    with pytest.raises(pdf.PdfError):
        pdf.build(parts=[], front=front, meta=META, variant="pdf/x-1a")


def test_archive_parts_are_untagged_and_not_claimed_as_tagged(tmp_path):
    reader = read(
        pdf.build(
            parts=parts_with_attachment(tmp_path, 1), front=front, meta=META, variant=pdf.ARCHIVE
        )
    )
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" not in root
    assert "/MarkInfo" not in root


def test_a_changed_stylesheet_renders_parts_again(tmp_path, monkeypatch):
    parts = parts_with_attachment(tmp_path, 1)
    pdf.build(parts=parts, front=front, meta=META)
    monkeypatch.setattr(pdf, "stylesheet_digest", lambda: "another stylesheet")
    stats = pdf.BuildStats()
    pdf.build(parts=parts, front=front, meta=META, stats=stats)
    assert stats.rendered == 1


def test_table_header_ids_stay_unique_across_parts(tmp_path):
    reader = read(pdf.build(parts=parts_with_attachment(tmp_path), front=front, meta=META))
    ids, headers = [], []
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()["/K"]]
    while stack:
        node = stack.pop().get_object()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict) and "/S" in node:
            if "/ID" in node:
                ids.append(str(node["/ID"]))
            if "/A" in node and "/Headers" in node["/A"]:
                headers.extend(str(h) for h in node["/A"]["/Headers"])
            if "/K" in node:
                stack.append(node["/K"])
    assert len(ids) == 6  # two header cells in each of the three parts
    assert len(set(ids)) == len(ids)
    assert headers and set(headers) <= set(ids)


def test_parts_render_in_parallel_processes_with_the_same_result(tmp_path, settings):
    settings.SAMSKAB_PDF_WORKERS = 2
    stats = pdf.BuildStats()
    parallel = read(
        pdf.build(parts=parts_with_attachment(tmp_path), front=front, meta=META, stats=stats)
    )
    assert (stats.rendered, stats.from_cache) == (3, 0)
    texts = [page.extract_text() for page in parallel.pages]
    assert f"Side 1 af {len(texts)}" in texts[0]
    assert sum("Punkt 2" in text for text in texts) >= 2
    assert "/StructTreeRoot" in parallel.trailer["/Root"]
