"""The PDF checks (tests/pdf_checks.py) on small WeasyPrint files: valid renders pass, and each
broken copy, made with pikepdf (or by editing bytes), fails exactly the rule it breaks."""

import io
import re

import pikepdf
import pytest
import weasyprint
from pikepdf import Array, Dictionary, Name

from tests.pdf_checks import (
    ACCESSIBLE,
    ARCHIVE_TAGGED,
    ARCHIVE_UNTAGGED,
    assert_valid_pdf,
    check_pdf,
)

HTML = """<!doctype html>
<html lang="da"><head><meta charset="utf-8">
<title>Mødemappe – Opgaveudvalget om Innovation</title>
<meta name="author" content="Gentofte Kommune">
<meta name="description" content="Dagsorden for møde 4">
<meta name="keywords" content="møde, udvalg, æbler">
<meta name="generator" content="Samskab">
<meta name="dcterms.created" content="2026-11-27T10:00:00+01:00">
<meta name="dcterms.modified" content="2026-11-27T11:30:00+01:00">
</head><body>
<h1>Dagsorden</h1>
<p>Blåbærgrød på første sal; æbler, øl og rødgrød med fløde.</p>
<p><a href="https://www.gentofte.dk/">Gentofte Kommune</a></p>
</body></html>"""

VARIANTS = (ACCESSIBLE, ARCHIVE_UNTAGGED, ARCHIVE_TAGGED)
# A 1×1 red RGB image: the smallest image that needs no decoder to build.
RED_PIXEL = b"\xff\x00\x00"


@pytest.fixture(scope="module")
def rendered():
    """One small render per variant (WeasyPrint 70 writes pdf/a-2a as well as 2b and ua-1)."""
    return {
        variant: weasyprint.HTML(string=HTML).write_pdf(pdf_variant=variant) for variant in VARIANTS
    }


def rules(problems):
    """The names of the rules that reported ``problems``."""
    return {problem.split(":", 1)[0] for problem in problems}


def edited(data, change, **save_options):
    """``data`` opened in pikepdf, changed by ``change(pdf)``, saved again."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out, **save_options)
    return out.getvalue()


def dropping(key):
    """A change that removes ``key`` from the catalog."""

    def change(pdf):
        del pdf.Root[key]

    return change


def with_xref_table(data):
    """``data`` saved again with a plain cross-reference table and trailer (no object streams),
    so that its trailer can be edited as bytes."""
    return edited(data, lambda pdf: None, object_stream_mode=pikepdf.ObjectStreamMode.disable)


def add_content(pdf, content, **resources):
    """Append ``content`` to page 1's content, with ``resources`` added to its resources."""
    page = pdf.pages[0]
    for kind, entries in resources.items():
        holder = page.obj.Resources.get(f"/{kind}")
        if holder is None:
            page.obj.Resources[f"/{kind}"] = holder = Dictionary()
        for name, value in entries.items():
            holder[f"/{name}"] = value
    page.contents_add(pdf.make_stream(content), prepend=False)


def helvetica(pdf):
    """A standard-14 font with no descriptor and no font program: not embedded."""
    return pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )


def a_form(pdf, content, **resources):
    return pdf.make_stream(
        content,
        Type=Name.XObject,
        Subtype=Name.Form,
        BBox=Array([0, 0, 100, 100]),
        Resources=Dictionary(
            {
                f"/{kind}": Dictionary({f"/{name}": value for name, value in entries.items()})
                for kind, entries in resources.items()
            }
        ),
    )


def an_image(pdf, **extra):
    return pdf.make_stream(
        RED_PIXEL,
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=1,
        Height=1,
        ColorSpace=Name.DeviceRGB,
        BitsPerComponent=8,
        **extra,
    )


ARTIFACT = b"/Artifact BMC %s EMC"


# --- Valid files ------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_weasyprint_render_is_valid(rendered, variant):
    assert check_pdf(rendered[variant], variant) == []
    assert_valid_pdf(rendered[variant], variant)


def test_weasyprint_writes_tagged_pdf_a_2a(rendered):
    with pikepdf.open(io.BytesIO(rendered[ARCHIVE_TAGGED])) as pdf:
        xmp = pdf.open_metadata()
        assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("2", "A")
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.Root.MarkInfo.Marked is True


def test_the_variants_are_not_interchangeable(rendered):
    assert rules(check_pdf(rendered[ARCHIVE_UNTAGGED], ARCHIVE_TAGGED)) == {
        "pdfa_identification",
        "marked_as_tagged",
        "structure_tree",
    }
    assert "trailer_id" in rules(check_pdf(rendered[ACCESSIBLE], ARCHIVE_UNTAGGED))
    assert "pdfua_rules" in rules(check_pdf(rendered[ARCHIVE_UNTAGGED], ACCESSIBLE))


def test_an_unknown_variant_is_refused(rendered):
    with pytest.raises(ValueError, match="pdf/ua-1"):
        check_pdf(rendered[ACCESSIBLE], "pdf/a-1b")


def test_assert_valid_pdf_lists_every_problem(rendered):
    broken = edited(rendered[ACCESSIBLE], dropping("/Lang"))
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_valid_pdf(broken, ACCESSIBLE)
    message = str(failure.value)
    assert "Not a valid pdf/ua-1 file (2 problems)" in message
    assert "- language_declared: the catalog has no /Lang" in message
    assert "- pdfua_rules: pdfua UA-06-001" in message


# --- Structure: qpdf and pikepdf --------------------------------------------------------------


def with_inline_metadata(data):
    """``data`` with an incremental update whose catalog holds its XMP stream inline, as the
    pipeline's pypdf assembly wrote it: a stream inside a dictionary, which PDF forbids."""
    original = with_xref_table(data)
    with pikepdf.open(io.BytesIO(original)) as pdf:
        root_number = pdf.Root.objgen[0]
        xmp = pdf.Root.Metadata.read_bytes()
        catalog = pdf.Root.unparse(resolved=True).decode("latin-1")
        size = int(pdf.trailer.Size)
    previous = int(re.findall(rb"startxref\s+(\d+)", original)[-1])
    inline = f"<< /Type /Metadata /Subtype /XML /Length {len(xmp)} >>\nstream\n"
    catalog = re.sub(r"/Metadata \d+ 0 R", lambda _: f"/Metadata {inline}@XMP@\nendstream", catalog)
    body = f"\n{root_number} 0 obj\n{catalog}\nendobj\n".encode("latin-1").replace(b"@XMP@", xmp)
    object_offset = len(original) + 1
    xref_offset = len(original) + len(body)
    update = (
        f"xref\n0 1\n0000000000 65535 f \n{root_number} 1\n{object_offset:010d} 00000 n \n"
        f"trailer\n<< /Size {size} /Root {root_number} 0 R /Prev {previous} >>\n"
        f"startxref\n{xref_offset}\n%%EOF\n"
    ).encode("ascii")
    return original + body + update


def test_metadata_written_inline_is_refused_by_qpdf_and_pikepdf(rendered):
    broken = with_inline_metadata(rendered[ARCHIVE_UNTAGGED])
    assert b"/Metadata << /Type /Metadata" in broken
    problems = check_pdf(broken, ARCHIVE_UNTAGGED)
    assert rules(problems) == {"qpdf_check", "pikepdf_open"}
    assert "unable to find /Root dictionary" in problems[0]


def test_a_file_qpdf_must_repair_fails(rendered):
    data = with_xref_table(rendered[ARCHIVE_UNTAGGED])
    startxref = data.rindex(b"startxref")
    offset = re.search(rb"startxref\s+(\d+)", data[startxref:]).group(1)
    wrong = str(int(offset) + 7).encode().rjust(len(offset), b"0")[: len(offset)]
    broken = data[:startxref] + data[startxref:].replace(offset, wrong, 1)
    problems = check_pdf(broken, ARCHIVE_UNTAGGED)
    assert rules(problems) == {"qpdf_check"}
    assert "warnings: qpdf had to repair the file" in problems[0]


# --- PDF/UA-1 ---------------------------------------------------------------------------------


def untagged_text(pdf):
    font = next(iter(pdf.pages[0].obj.Resources.Font.keys()))
    add_content(pdf, f"BT {font} 12 Tf 72 72 Td <0001> Tj ET".encode())


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (dropping("/Lang"), {"language_declared", "pdfua_rules"}),
        (dropping("/StructTreeRoot"), {"structure_tree", "pdfua_rules"}),
        (dropping("/MarkInfo"), {"marked_as_tagged", "pdfua_rules"}),
        (
            dropping("/ViewerPreferences"),
            {"displays_document_title", "pdfua_rules"},
        ),
        (untagged_text, {"pdfua_rules"}),
    ],
    ids=["no-lang", "no-structure-tree", "not-marked", "no-display-doc-title", "untagged-text"],
)
def test_broken_accessible_editions(rendered, change, expected):
    assert rules(check_pdf(edited(rendered[ACCESSIBLE], change), ACCESSIBLE)) == expected


def test_untagged_text_is_a_pdfua_error(rendered):
    problems = check_pdf(edited(rendered[ACCESSIBLE], untagged_text), ACCESSIBLE)
    assert problems[0].startswith("pdfua_rules: pdfua UA-01-003 (error, page 1)")


def without_xmp(*keys):
    def change(pdf):
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            for key in keys:
                del xmp[key]

    return change


def test_the_xmp_must_claim_pdf_ua_1_and_have_a_title(rendered):
    problems = check_pdf(edited(rendered[ACCESSIBLE], without_xmp("pdfuaid:part")), ACCESSIBLE)
    assert rules(problems) == {"xmp_declares_pdfua_1"}  # pdfua's UA-28-004 misses this one
    problems = check_pdf(edited(rendered[ACCESSIBLE], without_xmp("dc:title")), ACCESSIBLE)
    assert rules(problems) == {"xmp_has_title"}


def test_a_pdf_ua_file_needs_embedded_fonts_too(rendered):
    def change(pdf):
        add_content(
            pdf, ARTIFACT % b"BT /Helv 9 Tf 20 20 Td (Side 1) Tj ET", Font={"Helv": helvetica(pdf)}
        )

    problems = check_pdf(edited(rendered[ACCESSIBLE], change), ACCESSIBLE)
    assert problems == ["fonts_embedded: page 1: font /Helv (/Type1 /Helvetica) is not embedded"]


# --- PDF/A-2: file structure ------------------------------------------------------------------


def test_the_trailer_needs_an_id(rendered):
    data = with_xref_table(rendered[ARCHIVE_UNTAGGED])
    trailer = data.rindex(b"trailer")
    identifier = re.search(rb"/ID\s*\[[^\]]*\]", data[trailer:]).group(0)
    broken = data[:trailer] + data[trailer:].replace(identifier, b" " * len(identifier))
    assert rules(check_pdf(broken, ARCHIVE_UNTAGGED)) == {"trailer_id"}


def test_the_header_needs_its_binary_comment(rendered):
    data = rendered[ARCHIVE_UNTAGGED]
    second_line = data.split(b"\n")[1]
    broken = data.replace(second_line, b"%" + b"a" * (len(second_line) - 1), 1)
    assert rules(check_pdf(broken, ARCHIVE_UNTAGGED)) == {"file_header"}


def test_nothing_may_follow_the_end_of_file(rendered):
    broken = rendered[ARCHIVE_UNTAGGED] + b"% trailing garbage\n"
    assert rules(check_pdf(broken, ARCHIVE_UNTAGGED)) == {"nothing_after_end_of_file"}


def test_an_encrypted_file_is_not_pdf_a(rendered):
    encryption = pikepdf.Encryption(owner="ejer", user="", R=6)
    broken = edited(rendered[ARCHIVE_UNTAGGED], lambda pdf: None, encryption=encryption)
    assert rules(check_pdf(broken, ARCHIVE_UNTAGGED)) == {"not_encrypted"}


def test_lzw_is_not_allowed(rendered):
    def change(pdf):
        # LZW for "nothing": clear-table (256) then end-of-data (257), 9-bit codes.
        form = a_form(pdf, b"")
        form.write(b"\x80\x40\x40", filter=Name.LZWDecode)
        add_content(pdf, b"", XObject={"Lzw": form})

    # Saved without compressing, or qpdf would recompress the stream with Flate.
    broken = edited(rendered[ARCHIVE_UNTAGGED], change, compress_streams=False)
    assert rules(check_pdf(broken, ARCHIVE_UNTAGGED)) == {"no_lzw_filter"}


# --- PDF/A-2: metadata ------------------------------------------------------------------------


def test_info_author_without_xmp_creator(rendered):
    broken = edited(rendered[ARCHIVE_UNTAGGED], without_xmp("dc:creator"))
    problems = check_pdf(broken, ARCHIVE_UNTAGGED)
    assert problems == [
        "info_matches_xmp: Info /Author is set ('Gentofte Kommune') but the XMP has no "
        "dc:creator (6.6.3)"
    ]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("/Title", "En anden titel"),
        ("/Subject", "Et andet emne"),
        ("/Keywords", "andre, ord"),
        ("/Creator", "Et andet program"),
        ("/Producer", "En anden producent"),
        ("/ModDate", "D:20261127113000+02'00"),
        ("/CreationDate", "D:20251127100000+01'00"),
    ],
)
def test_info_and_xmp_must_agree(rendered, key, value):
    def change(pdf):
        pdf.docinfo[key] = value

    problems = check_pdf(edited(rendered[ARCHIVE_UNTAGGED], change), ARCHIVE_UNTAGGED)
    assert rules(problems) == {"info_matches_xmp"}
    assert key in problems[0]


def test_the_same_date_written_two_ways_agrees(rendered):
    def change(pdf):
        pdf.docinfo["/ModDate"] = "D:20261127103000Z"  # 11:30 at +01:00

    assert check_pdf(edited(rendered[ARCHIVE_UNTAGGED], change), ARCHIVE_UNTAGGED) == []


def test_the_xmp_must_identify_pdf_a_2(rendered):
    broken = edited(rendered[ARCHIVE_UNTAGGED], without_xmp("pdfaid:part", "pdfaid:conformance"))
    problems = check_pdf(broken, ARCHIVE_UNTAGGED)
    assert rules(problems) == {"pdfa_identification"}
    assert len(problems) == 2


def test_the_catalog_needs_its_metadata_stream(rendered):
    broken = edited(rendered[ARCHIVE_UNTAGGED], dropping("/Metadata"))
    assert rules(check_pdf(broken, ARCHIVE_UNTAGGED)) == {
        "xmp_metadata_stream",
        "pdfa_identification",
        "info_matches_xmp",
    }


# --- PDF/A-2: colour and transparency ---------------------------------------------------------


def test_an_output_intent_is_required(rendered):
    broken = edited(rendered[ARCHIVE_UNTAGGED], dropping("/OutputIntents"))
    assert rules(check_pdf(broken, ARCHIVE_UNTAGGED)) == {"output_intent"}


def test_the_output_intent_needs_an_icc_profile(rendered):
    def change(pdf):
        pdf.Root.OutputIntents[0].DestOutputProfile = pdf.make_stream(b"not an ICC profile")

    problems = check_pdf(edited(rendered[ARCHIVE_UNTAGGED], change), ARCHIVE_UNTAGGED)
    assert rules(problems) == {"output_intent"}


def test_cmyk_with_an_rgb_output_intent(rendered):
    def change(pdf):
        add_content(pdf, b"q 0 0 0 1 k 10 10 20 20 re f Q")

    problems = check_pdf(edited(rendered[ARCHIVE_UNTAGGED], change), ARCHIVE_UNTAGGED)
    assert problems == [
        "device_colours_match_output_intent: page 1: DeviceCMYK (operators) with a RGB "
        "output intent (6.2.4.3)"
    ]


def test_transparency_without_output_intent_needs_a_page_group_colour_space(rendered):
    def change(pdf):
        del pdf.Root.OutputIntents
        add_content(pdf, b"q /Half gs 10 10 20 20 re f Q", ExtGState={"Half": Dictionary(ca=0.5)})

    problems = check_pdf(edited(rendered[ARCHIVE_UNTAGGED], change), ARCHIVE_UNTAGGED)
    assert rules(problems) == {"output_intent", "transparency_has_a_blending_colour_space"}

    def grouped(pdf):
        change(pdf)
        pdf.pages[0].obj.Group = Dictionary(Type=Name.Group, S=Name.Transparency, CS=Name.DeviceRGB)

    problems = check_pdf(edited(rendered[ARCHIVE_UNTAGGED], grouped), ARCHIVE_UNTAGGED)
    assert rules(problems) == {"output_intent"}


def test_only_standard_blend_modes(rendered):
    def change(pdf):
        add_content(pdf, b"q /Odd gs Q", ExtGState={"Odd": Dictionary(BM=Name("/Dodgy"))})

    problems = check_pdf(edited(rendered[ARCHIVE_UNTAGGED], change), ARCHIVE_UNTAGGED)
    assert rules(problems) == {"transparency_has_a_blending_colour_space"}


# --- PDF/A-2: fonts ---------------------------------------------------------------------------


def helvetica_on_the_page(pdf):
    add_content(pdf, b"BT /Helv 12 Tf 72 72 Td (Hej) Tj ET", Font={"Helv": helvetica(pdf)})


def helvetica_in_a_form(pdf):
    form = a_form(pdf, b"BT /Helv 12 Tf (Hej) Tj ET", Font={"Helv": helvetica(pdf)})
    add_content(pdf, b"q /Fm9 Do Q", XObject={"Fm9": form})


def helvetica_in_an_annotation(pdf):
    appearance = a_form(pdf, b"BT /Helv 12 Tf (Note) Tj ET", Font={"Helv": helvetica(pdf)})
    note = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Square,
        Rect=Array([10, 10, 110, 110]),
        F=4,
        AP=Dictionary(N=appearance),
    )
    pdf.pages[0].obj.Annots = Array([*pdf.pages[0].obj.get("/Annots", []), note])


def helvetica_in_a_type3_glyph(pdf):
    glyph = pdf.make_stream(b"0 0 d0 BT /Helv 1 Tf (a) Tj ET")
    type3 = Dictionary(
        Type=Name.Font,
        Subtype=Name.Type3,
        FontBBox=Array([0, 0, 1, 1]),
        FontMatrix=Array([1, 0, 0, 1, 0, 0]),
        CharProcs=Dictionary(a=glyph),
        Encoding=Dictionary(Type=Name.Encoding, Differences=Array([97, Name.a])),
        FirstChar=97,
        LastChar=97,
        Widths=Array([1]),
        Resources=Dictionary(Font=Dictionary(Helv=helvetica(pdf))),
    )
    add_content(pdf, b"BT /T3 12 Tf (a) Tj ET", Font={"T3": type3})


def type0_without_font_program(pdf):
    descendant = Dictionary(
        Type=Name.Font,
        Subtype=Name.CIDFontType2,
        BaseFont=Name("/Arial"),
        CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=Dictionary(Type=Name.FontDescriptor, FontName=Name("/Arial"), Flags=32),
    )
    font = Dictionary(
        Type=Name.Font,
        Subtype=Name.Type0,
        BaseFont=Name("/Arial"),
        Encoding=Name("/Identity-H"),
        DescendantFonts=Array([descendant]),
    )
    add_content(pdf, b"BT /Ar 12 Tf <0001> Tj ET", Font={"Ar": font})


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (helvetica_on_the_page, "page 1: font /Helv (/Type1 /Helvetica)"),
        (helvetica_in_a_form, "page 1, /Fm9: font /Helv (/Type1 /Helvetica)"),
        (helvetica_in_an_annotation, "page 1, /Square annotation appearance: font /Helv"),
        (helvetica_in_a_type3_glyph, "page 1, /T3 glyph /a: font /Helv"),
        (type0_without_font_program, "page 1: font /Ar (/Type0 /Arial)"),
    ],
    ids=["page", "form-xobject", "annotation-appearance", "type3-glyph", "type0-descendant"],
)
def test_every_font_is_embedded(rendered, change, where):
    problems = check_pdf(edited(rendered[ARCHIVE_UNTAGGED], change), ARCHIVE_UNTAGGED)
    assert rules(problems) == {"fonts_embedded"}
    assert problems[0].startswith(f"fonts_embedded: {where}")
    assert problems[0].endswith("is not embedded")


def test_invisible_text_needs_no_embedded_font(rendered):
    def change(pdf):
        content = b"BT 3 Tr /Helv 12 Tf 72 72 Td (OCR) Tj ET"
        add_content(pdf, content, Font={"Helv": helvetica(pdf)})

    assert check_pdf(edited(rendered[ARCHIVE_UNTAGGED], change), ARCHIVE_UNTAGGED) == []


# --- PDF/A-2: actions, attachments, images, annotations --------------------------------------


def javascript_open_action(pdf):
    pdf.Root.OpenAction = Dictionary(Type=Name.Action, S=Name.JavaScript, JS="app.alert(1)")


def javascript_name_tree(pdf):
    action = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS="app.alert(1)"))
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array(["hej", action])))


def additional_actions_on_the_page(pdf):
    pdf.pages[0].obj.AA = Dictionary(O=Dictionary(S=Name.JavaScript, JS="app.alert(1)"))


def launch_link(pdf):
    link = next(a for a in pdf.pages[0].obj.Annots if a.Subtype == Name.Link)
    link.A = Dictionary(S=Name.Launch, F="calc.exe")


@pytest.mark.parametrize(
    "change",
    [javascript_open_action, javascript_name_tree, additional_actions_on_the_page, launch_link],
    ids=["open-action", "names-javascript", "page-aa", "launch-link"],
)
def test_no_javascript_or_forbidden_actions(rendered, change):
    problems = check_pdf(edited(rendered[ARCHIVE_UNTAGGED], change), ARCHIVE_UNTAGGED)
    assert rules(problems) == {"no_javascript_or_forbidden_actions"}


def test_no_embedded_files(rendered):
    def change(pdf):
        pdf.attachments["bilag.txt"] = pikepdf.AttachedFileSpec(
            pdf, b"Bilag", mime_type="text/plain"
        )

    problems = check_pdf(edited(rendered[ARCHIVE_UNTAGGED], change), ARCHIVE_UNTAGGED)
    assert rules(problems) == {"no_embedded_files"}


@pytest.mark.parametrize(
    "extra",
    [{"Interpolate": True}, {"OPI": Dictionary()}, {"Alternates": Array()}],
    ids=["interpolate", "opi", "alternates"],
)
def test_images_are_plain(rendered, extra):
    def change(pdf):
        add_content(pdf, b"q 10 0 0 10 0 0 cm /Im9 Do Q", XObject={"Im9": an_image(pdf, **extra)})

    problems = check_pdf(edited(rendered[ARCHIVE_UNTAGGED], change), ARCHIVE_UNTAGGED)
    assert rules(problems) == {"images_are_plain"}


def test_a_plain_rgb_image_passes(rendered):
    def change(pdf):
        add_content(pdf, b"q 10 0 0 10 0 0 cm /Im9 Do Q", XObject={"Im9": an_image(pdf)})

    assert check_pdf(edited(rendered[ARCHIVE_UNTAGGED], change), ARCHIVE_UNTAGGED) == []


def test_no_postscript_xobjects(rendered):
    def change(pdf):
        postscript = pdf.make_stream(b"showpage", Type=Name.XObject, Subtype=Name.PS)
        add_content(pdf, b"", XObject={"Ps": postscript})

    problems = check_pdf(edited(rendered[ARCHIVE_UNTAGGED], change), ARCHIVE_UNTAGGED)
    assert rules(problems) == {"no_postscript_or_reference_xobjects"}


def test_annotations_must_print_and_have_an_appearance(rendered):
    def change(pdf):
        note = Dictionary(Type=Name.Annot, Subtype=Name.Text, Rect=Array([10, 10, 30, 30]))
        pdf.pages[0].obj.Annots = Array([*pdf.pages[0].obj.Annots, note])

    problems = check_pdf(edited(rendered[ARCHIVE_UNTAGGED], change), ARCHIVE_UNTAGGED)
    assert rules(problems) == {"annotations_allowed_in_pdfa"}
    assert len(problems) == 2  # no /F, no /AP


# --- PDF/A-2 level A --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "rule"),
    [
        ("/Lang", "language_declared"),
        ("/MarkInfo", "marked_as_tagged"),
        ("/StructTreeRoot", "structure_tree"),
    ],
)
def test_level_a_is_tagged(rendered, key, rule):
    broken = edited(rendered[ARCHIVE_TAGGED], dropping(key))
    assert rules(check_pdf(broken, ARCHIVE_TAGGED)) == {rule}
    assert check_pdf(broken, ARCHIVE_UNTAGGED) != []  # and it says A, not B
