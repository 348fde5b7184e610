"""What "valid" means for the PDFs the app makes: one check, used by every document test.

    from tests.pdf_checks import assert_valid_pdf
    assert_valid_pdf(data, "pdf/ua-1")

``check_pdf(data, variant)`` returns the problems found, one sentence each, starting with the
name of the rule that found it (an empty list: valid as far as these checks go);
``assert_valid_pdf(data, variant)`` fails the test listing all of them.

Variants: ``"pdf/ua-1"`` (the accessible edition, ISO 14289-1), ``"pdf/a-2a"`` (the tagged
archive edition, ISO 19005-2 level A) and ``"pdf/a-2b"`` (untagged PDF/A-2, level B).

What runs, for every variant:

* ``qpdf --check`` (Debian's ``qpdf``): exit code 0 only. qpdf exits 3 when it had to work
  around damage (a broken cross-reference table, a wrong stream length); that counts as a
  problem too, because an archive's intake does not repair files.
* ``pikepdf.open``.
* every font used for visible text embedded (PDF/A-2 6.2.11.4.1, PDF/UA-1 7.21.4.1); the
  standard 14 fonts are not exempt.

PDF/UA-1 adds the ``pdfua`` package (0.1.3, its documented Python API ``pdfua.validate``): every
certain finding at warning or error severity is a problem, and so is an error-severity rule it
could not evaluate. Heuristic findings are left to people, as pdfua advises. Rule UA-14-001
(empty headings, a warning) cannot evaluate WeasyPrint's structure trees in pdfua 0.1.3 (it
raises on a heading whose ``/K`` is an array) and is skipped by pdfua itself. Besides pdfua:
the XMP ``pdfuaid:part`` 1, a ``dc:title``, the catalog's ``/Lang``, ``/MarkInfo /Marked true``,
``/StructTreeRoot`` and ``/ViewerPreferences /DisplayDocTitle true`` (some of these repeat a
pdfua rule; both then report).

PDF/A-2 adds the rules below that can be decided without veraPDF, one function per rule, named
after it, with the clause of ISO 19005-2 in its message; level A adds ``/Lang``, ``/MarkInfo``
and ``/StructTreeRoot``. Transparency: PDF/A-2 allows it; a page that uses it (a transparency
group, a soft mask, constant alpha below 1, a blend mode) needs a PDF/A output intent or a page
group with a colour space (6.2.10), and blend modes must be the standard ones; that is checked.

Not checked (veraPDF, the reference validator, needs Java, which is not installable here): the
font programs themselves (glyph widths, CIDSet, cmaps, .notdef), the ICC profiles beyond their
header, XMP extension schemas for non-predefined properties (``pdfuaid`` in a PDF/A-2 file needs
one), structure types and role maps, the 90 PDF/UA-1 rules pdfua does not implement, reading
order and the quality of alternative texts. Device colours are checked in content streams
(pages, forms, appearances, tiling patterns, Type 3 glyphs), images and inline images, not in
shadings.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pdfua
import pikepdf
import pytest
from pikepdf.models.metadata import decode_pdf_date

ACCESSIBLE = "pdf/ua-1"
ARCHIVE_TAGGED = "pdf/a-2a"
ARCHIVE_UNTAGGED = "pdf/a-2b"

PDFA_ACTIONS = {"/GoTo", "/GoToR", "/GoToE", "/Thread", "/URI", "/Named", "/SubmitForm"}
PDFA_NAMED_ACTIONS = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
PDFA_ANNOTATIONS = {
    "/Text", "/Link", "/FreeText", "/Line", "/Square", "/Circle", "/Polygon", "/PolyLine",
    "/Highlight", "/Underline", "/Squiggly", "/StrikeOut", "/Stamp", "/Caret", "/Ink", "/Popup",
    "/FileAttachment", "/Widget", "/PrinterMark", "/TrapNet", "/Watermark", "/Redact",
}  # fmt: skip
BLEND_MODES = {
    "/Normal", "/Compatible", "/Multiply", "/Screen", "/Overlay", "/Darken", "/Lighten",
    "/ColorDodge", "/ColorBurn", "/HardLight", "/SoftLight", "/Difference", "/Exclusion",
    "/Hue", "/Saturation", "/Color", "/Luminosity",
}  # fmt: skip
# Info dictionary entry -> its XMP counterpart (ISO 19005-2 6.6.3, ISO 16684-1 / XMP 2005).
INFO_TO_XMP = {
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords",
    "/Creator": "xmp:CreatorTool",
    "/Producer": "pdf:Producer",
    "/CreationDate": "xmp:CreateDate",
    "/ModDate": "xmp:ModifyDate",
}
DEVICE_SPACES = {"/DeviceGray": "GRAY", "/DeviceRGB": "RGB", "/DeviceCMYK": "CMYK"}
PROFILE_SPACES = (b"RGB ", b"CMYK", b"GRAY")
DEVICE_NAMES = {short: name for name, short in DEVICE_SPACES.items()}
# Which device colour spaces an output intent's ICC colour space allows (6.2.4.3).
ALLOWED_BY_INTENT = {"RGB": {"GRAY", "RGB"}, "CMYK": {"GRAY", "CMYK"}, "GRAY": {"GRAY"}}
COLOUR_OPERATORS = {"g": "GRAY", "G": "GRAY", "rg": "RGB", "RG": "RGB", "k": "CMYK", "K": "CMYK"}
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
INVISIBLE_TEXT = 3  # text rendering mode 3: neither fill nor stroke


def check_pdf(data: bytes, variant: str) -> list[str]:
    """The problems that keep ``data`` from being a valid ``variant``; empty when none."""
    if variant not in RULES:
        raise ValueError(f"Unknown variant {variant!r}; expected one of {', '.join(RULES)}.")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "document.pdf"
        path.write_bytes(data)
        problems = [f"qpdf_check: {problem}" for problem in qpdf_check(path)]
        try:
            pdf = pikepdf.open(path)
        except pikepdf.PdfError as error:
            said = str(error).replace(f"{path}: ", "")
            return [*problems, f"pikepdf_open: pikepdf cannot open the file: {said}"]
        with pdf:
            document = Document(pdf=pdf, data=data, path=path, variant=variant)
            for rule in RULES[variant]:
                try:
                    found = list(rule(document))
                except Exception as error:  # noqa: BLE001 - a rule that cannot run is a problem
                    found = [f"the rule could not run: {type(error).__name__}: {error}"]
                problems.extend(f"{rule.__name__}: {problem}" for problem in found)
    return problems


def assert_valid_pdf(data: bytes, variant: str) -> None:
    """Fail the test with every problem ``check_pdf`` finds."""
    problems = check_pdf(data, variant)
    if problems:
        listed = "\n".join(f"- {problem}" for problem in problems)
        pytest.fail(f"Not a valid {variant} file ({len(problems)} problems):\n{listed}")


def qpdf_check(path: Path) -> list[str]:
    """``qpdf --check``: 0 is clean, 2 errors, 3 warnings (qpdf repaired something)."""
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.fail("Debian's qpdf is not installed: run `make test`, which installs it.")
    result = subprocess.run(
        [qpdf, "--check", str(path)], capture_output=True, text=True, check=False, timeout=120
    )
    if result.returncode == 0:
        return []
    kind = "warnings: qpdf had to repair the file" if result.returncode == 3 else "errors"
    said = (result.stderr + result.stdout).replace(f"{path}: ", "").replace(str(path), "file")
    lines = [line for line in said.splitlines() if line.strip()]
    if len(lines) > 4:
        lines = [*lines[:3], f"… {len(lines) - 4} more …", lines[-1]]
    return [f"qpdf --check exits {result.returncode} ({kind}): " + " | ".join(lines)]


@dataclass
class Graphic:
    """A content stream (page, form XObject, appearance, Type 3 glyph) and its resources."""

    where: str
    content: pikepdf.Object
    resources: pikepdf.Dictionary


@dataclass
class Usage:
    """What one content stream uses, read from its operators."""

    fonts: set[str] = field(default_factory=set)  # resource names of fonts showing visible text
    colours: set[str] = field(default_factory=set)  # GRAY, RGB, CMYK
    colour_space_names: set[str] = field(default_factory=set)  # operands of cs / CS
    inline_images: list[pikepdf.PdfInlineImage] = field(default_factory=list)


@dataclass
class Document:
    """An opened file and what the rules share: the graphics walk and the parsed streams."""

    pdf: pikepdf.Pdf
    data: bytes
    path: Path
    variant: str
    _usages: dict = field(default_factory=dict)

    @functools.cached_property
    def xmp(self):
        return self.pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)

    @functools.cached_property
    def pages(self) -> list[list[Graphic]]:
        """Per page: the page and everything it draws (forms, appearances, Type 3 glyphs)."""
        return [list(_page_graphics(number, page)) for number, page in enumerate(self.pdf.pages, 1)]

    def usage(self, graphic: Graphic) -> Usage:
        content = graphic.content
        key = content.objgen if content.is_indirect else id(content)
        if key not in self._usages:
            self._usages[key] = _read_usage(content)
        return self._usages[key]

    @functools.cached_property
    def intent_colour_space(self) -> str | None:
        """The colour space (RGB, CMYK, GRAY) of the PDF/A output intent's profile, if any."""
        for intent in self.pdf.Root.get("/OutputIntents", ()):
            profile = intent.get("/DestOutputProfile")
            if intent.get("/S") == "/GTS_PDFA1" and isinstance(profile, pikepdf.Stream):
                header = profile.read_bytes()[:40]
                if header[36:40] == b"acsp":
                    return header[16:20].decode("latin-1").strip()
        return None


def _inherited(page: pikepdf.Dictionary, key: str):
    node = page
    while node is not None:
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def _page_graphics(number: int, page: pikepdf.Page) -> Iterator[Graphic]:
    where = f"page {number}"
    resources = _inherited(page.obj, "/Resources") or pikepdf.Dictionary()
    seen: set = set()
    yield from _drawn_by(Graphic(where, page.obj, resources), seen)
    for annotation in page.obj.get("/Annots", ()):
        appearances = annotation.get("/AP")
        if not isinstance(appearances, pikepdf.Dictionary):
            continue
        for state in appearances.values():
            streams = state.values() if isinstance(state, pikepdf.Dictionary) else [state]
            for stream in streams:
                if isinstance(stream, pikepdf.Stream):
                    label = f"{where}, {annotation.get('/Subtype')} annotation appearance"
                    own = stream.get("/Resources") or pikepdf.Dictionary()
                    yield from _drawn_by(Graphic(label, stream, own), seen)


def _drawn_by(graphic: Graphic, seen: set) -> Iterator[Graphic]:
    """``graphic`` and, recursively, the form XObjects, tiling patterns and Type 3 glyphs its
    resources hold (a form without resources of its own uses its parent's)."""
    yield graphic
    resources = graphic.resources
    children = [
        (name, child, child.get("/Resources") or resources)
        for kind in ("/XObject", "/Pattern")
        for name, child in resources.get(kind, {}).items()
        if isinstance(child, pikepdf.Stream)
        and (child.get("/Subtype") == "/Form" or child.get("/PatternType") == 1)
    ]
    for name, font in resources.get("/Font", {}).items():
        if font.get("/Subtype") == "/Type3":
            glyph_resources = font.get("/Resources") or resources
            for glyph, procedure in font.get("/CharProcs", {}).items():
                children.append((f"{name} glyph {glyph}", procedure, glyph_resources))
    for name, child, child_resources in children:
        key = child.objgen
        if child.is_indirect and key in seen:
            continue
        seen.add(key)
        yield from _drawn_by(Graphic(f"{graphic.where}, {name}", child, child_resources), seen)


def _read_usage(content: pikepdf.Object) -> Usage:
    usage = Usage()
    font, mode, saved = None, 0, []
    for instruction in pikepdf.parse_content_stream(content):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            usage.inline_images.append(instruction.iimage)
            continue
        operator, operands = str(instruction.operator), instruction.operands
        if operator == "q":
            saved.append((font, mode))
        elif operator == "Q" and saved:
            font, mode = saved.pop()
        elif operator == "Tf" and operands:
            font = str(operands[0])
        elif operator == "Tr" and operands:
            mode = int(operands[0])
        elif operator in TEXT_SHOWING and font is not None and mode != INVISIBLE_TEXT:
            usage.fonts.add(font)
        elif operator in COLOUR_OPERATORS:
            usage.colours.add(COLOUR_OPERATORS[operator])
        elif operator in ("cs", "CS") and operands:
            usage.colour_space_names.add(str(operands[0]))
    return usage


def _device_space(space, resources: pikepdf.Dictionary) -> str | None:
    """GRAY, RGB or CMYK when ``space`` (a name or array) comes down to a device colour space
    with no Default colour space set for it in ``resources``; ``None`` otherwise."""
    named = resources.get("/ColorSpace", {})
    if isinstance(space, pikepdf.Name) and str(space) in named:
        space = named[str(space)]
    if isinstance(space, pikepdf.Array) and len(space) > 1:
        family = space[0]
        if family == "/Indexed" or family == "/Pattern":
            return _device_space(space[1], resources)
        if family in ("/Separation", "/DeviceN") and len(space) > 2:
            return _device_space(space[2], resources)
        return None
    device = DEVICE_SPACES.get(str(space))
    if device is None:
        return None
    default = {"GRAY": "/DefaultGray", "RGB": "/DefaultRGB", "CMYK": "/DefaultCMYK"}[device]
    return None if default in named else device


def _font_not_embedded(font: pikepdf.Dictionary) -> bool:
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return False
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts") or []
        return not descendants or any(_font_not_embedded(d) for d in descendants)
    descriptor = font.get("/FontDescriptor")
    files = ("/FontFile", "/FontFile2", "/FontFile3")
    return descriptor is None or not any(key in descriptor for key in files)


def _xmp_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | set | tuple):
        return "; ".join(str(item) for item in value)
    return str(value)


def _same_date(info_value: str, xmp_value: str) -> bool:
    try:
        info_date = decode_pdf_date(info_value)
        xmp_date = datetime.fromisoformat(xmp_value)
    except ValueError:
        return False
    if (info_date.tzinfo is None) != (xmp_date.tzinfo is None):
        return info_date.replace(tzinfo=None) == xmp_date.replace(tzinfo=None)
    return info_date == xmp_date


# ---- Rules for every variant ------------------------------------------------------------------


def fonts_embedded(document: Document) -> Iterator[str]:
    """Every font that shows visible text has its program embedded (PDF/A-2 6.2.11.4.1,
    PDF/UA-1 7.21.4.1), in pages, form XObjects, annotation appearances and Type 3 glyphs;
    a Type 0 font through its descendant. Text in rendering mode 3 (invisible, e.g. an OCR
    layer) needs no embedded font in PDF/A-2."""
    reported = set()
    for graphics in document.pages:
        for graphic in graphics:
            fonts = graphic.resources.get("/Font", {})
            for name in sorted(document.usage(graphic).fonts):
                font = fonts.get(name)
                if font is None:
                    yield f"{graphic.where}: text uses font {name}, which its resources lack"
                    continue
                key = font.objgen if font.is_indirect else (graphic.where, name)
                if key not in reported and _font_not_embedded(font):
                    reported.add(key)
                    yield (
                        f"{graphic.where}: font {name} ({font.get('/Subtype')} "
                        f"{font.get('/BaseFont')}) is not embedded"
                    )


# ---- Tagged PDF: PDF/UA-1 and PDF/A-2 level A ----------------------------------------------


def language_declared(document: Document) -> Iterator[str]:
    """The catalog's ``/Lang`` names the document's language (PDF/UA-1 7.2, PDF/A-2 6.7.4)."""
    if not str(document.pdf.Root.get("/Lang", "")).strip():
        yield "the catalog has no /Lang"


def marked_as_tagged(document: Document) -> Iterator[str]:
    """``/MarkInfo /Marked true`` (PDF/UA-1 6.2, PDF/A-2 6.7.2.2)."""
    mark_info = document.pdf.Root.get("/MarkInfo")
    if mark_info is None or mark_info.get("/Marked") is not True:
        yield "the catalog lacks /MarkInfo << /Marked true >>"


def structure_tree(document: Document) -> Iterator[str]:
    """A structure tree (PDF/UA-1 7.1, PDF/A-2 6.7.3)."""
    if not isinstance(document.pdf.Root.get("/StructTreeRoot"), pikepdf.Dictionary):
        yield "the catalog has no /StructTreeRoot"


# ---- PDF/UA-1 ---------------------------------------------------------------------------------


def pdfua_rules(document: Document) -> Iterator[str]:
    """The machine-checkable PDF/UA-1 rules the pdfua package implements."""
    try:
        report = pdfua.validate(str(document.path))
    except pdfua.PdfuaError as error:
        yield f"pdfua cannot read the file: {error}"
        return
    for finding in report.findings:
        if (
            finding.severity >= pdfua.Severity.WARNING
            and finding.confidence is pdfua.Confidence.CERTAIN
        ):
            severity, where = finding.severity.name.lower(), finding.location.describe()
            yield f"pdfua {finding.rule_id} ({severity}, {where}): {finding.message}"
    rules = {rule.id: rule for rule in pdfua.default_registry()}
    for outcome in report.skipped:
        if rules[outcome.rule_id].severity >= pdfua.Severity.ERROR:
            yield f"pdfua {outcome.rule_id} could not be evaluated: {outcome.skipped_reason}"


def xmp_declares_pdfua_1(document: Document) -> Iterator[str]:
    """The XMP identifies the file as PDF/UA-1: ``pdfuaid:part`` 1 (ISO 14289-1 5)."""
    part = document.xmp.get("pdfuaid:part")
    if str(part) != "1":
        yield f"the XMP's pdfuaid:part is {part!r}, not 1"


def xmp_has_title(document: Document) -> Iterator[str]:
    """A ``dc:title`` in the XMP (PDF/UA-1 7.1)."""
    if not (_xmp_text(document.xmp.get("dc:title")) or "").strip():
        yield "the XMP has no dc:title"


def displays_document_title(document: Document) -> Iterator[str]:
    """``/ViewerPreferences /DisplayDocTitle true`` (PDF/UA-1 7.1)."""
    preferences = document.pdf.Root.get("/ViewerPreferences")
    if preferences is None or preferences.get("/DisplayDocTitle") is not True:
        yield "the catalog lacks /ViewerPreferences << /DisplayDocTitle true >>"


# ---- PDF/A-2 ----------------------------------------------------------------------------------


def file_header(document: Document) -> Iterator[str]:
    """``%PDF-1.n`` at byte 0, then a comment line of at least four bytes above 127 (6.1.2)."""
    lines = document.data[:64].splitlines()
    if not lines or not lines[0].startswith(b"%PDF-1.") or lines[0][7:8] not in b"01234567":
        yield f"the file does not start with %PDF-1.0 … %PDF-1.7 (6.1.2): {lines[:1]!r}"
    elif len(lines) < 2 or not lines[1].startswith(b"%") or min(lines[1][1:5] or b"\0") < 128:
        yield "the header is not followed by a binary comment of 4 bytes above 127 (6.1.2)"


def nothing_after_end_of_file(document: Document) -> Iterator[str]:
    """No data after the last ``%%EOF`` but one end-of-line marker (6.1.3)."""
    end = document.data.rfind(b"%%EOF")
    if end < 0:
        yield "the file has no %%EOF marker (6.1.3)"
    elif document.data[end + 5 :] not in (b"", b"\n", b"\r", b"\r\n"):
        yield f"{len(document.data) - end - 5} bytes follow the last %%EOF (6.1.3)"


def trailer_id(document: Document) -> Iterator[str]:
    """The trailer has ``/ID``, an array of two non-empty strings (6.1.3)."""
    identifier = document.pdf.trailer.get("/ID")
    if identifier is None:
        yield "the trailer has no /ID (6.1.3)"
    elif not (
        isinstance(identifier, pikepdf.Array)
        and len(identifier) == 2
        and all(isinstance(part, pikepdf.String) and bytes(part) for part in identifier)
    ):
        yield f"the trailer's /ID is not two non-empty strings (6.1.3): {identifier!r}"


def not_encrypted(document: Document) -> Iterator[str]:
    """No ``/Encrypt`` in the trailer (6.1.3)."""
    if document.pdf.is_encrypted:
        yield "the file is encrypted (6.1.3)"


def no_lzw_filter(document: Document) -> Iterator[str]:
    """No stream or inline image is LZW-compressed (6.1.7.2, 6.1.10)."""
    for obj in document.pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            filters = obj.get("/Filter")
            names = filters if isinstance(filters, pikepdf.Array) else [filters]
            if pikepdf.Name.LZWDecode in names:
                yield f"stream {obj.objgen} uses LZWDecode (6.1.7.2)"
    for graphics in document.pages:
        for graphic in graphics:
            for image in document.usage(graphic).inline_images:
                if any("LZW" in str(name) for name in image.filters):
                    yield f"{graphic.where}: an inline image uses LZW (6.1.10)"


def xmp_metadata_stream(document: Document) -> Iterator[str]:
    """The catalog's ``/Metadata`` is a stream, ``/Type /Metadata /Subtype /XML``, and its XMP
    can be read (6.6.2.1). A stream written inline (not as an indirect object) never gets here:
    qpdf and pikepdf refuse the file ("unable to find /Root dictionary")."""
    metadata = document.pdf.Root.get("/Metadata")
    if not isinstance(metadata, pikepdf.Stream):
        yield "the catalog has no /Metadata stream (6.6.2.1)"
        return
    if metadata.get("/Type") != "/Metadata" or metadata.get("/Subtype") != "/XML":
        yield "the /Metadata stream lacks /Type /Metadata /Subtype /XML (6.6.2.1)"
    try:
        document.pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False, strict=True)
    except Exception as error:  # noqa: BLE001 - any parse failure is the finding
        yield f"the XMP cannot be read: {error} (6.6.2.1)"


def pdfa_identification(document: Document) -> Iterator[str]:
    """The XMP says ``pdfaid:part`` 2 and the variant's ``pdfaid:conformance`` (6.6.4)."""
    part = document.xmp.get("pdfaid:part")
    conformance = document.xmp.get("pdfaid:conformance")
    expected = document.variant[-1].upper()
    if str(part) != "2":
        yield f"the XMP's pdfaid:part is {part!r}, not 2 (6.6.4)"
    if str(conformance) != expected:
        yield f"the XMP's pdfaid:conformance is {conformance!r}, not {expected!r} (6.6.4)"


def info_matches_xmp(document: Document) -> Iterator[str]:
    """Every Info entry that has an XMP counterpart equals it (6.6.3); an Info entry whose
    counterpart is missing from the XMP is a problem too."""
    info = document.pdf.trailer.get("/Info") or pikepdf.Dictionary()
    for key, xmp_key in INFO_TO_XMP.items():
        if key not in info:
            continue
        info_value = str(info[key])
        raw = document.xmp.get(xmp_key)
        if key == "/Author" and isinstance(raw, list) and len(raw) > 1:
            yield f"dc:creator has {len(raw)} entries; Info /Author can equal only one (6.6.3)"
            continue
        xmp_value = _xmp_text(raw)
        if xmp_value is None:
            yield f"Info {key} is set ({info_value!r}) but the XMP has no {xmp_key} (6.6.3)"
        elif key in ("/CreationDate", "/ModDate"):
            if not _same_date(info_value, xmp_value):
                yield f"Info {key} {info_value!r} ≠ XMP {xmp_key} {xmp_value!r} (6.6.3)"
        elif info_value != xmp_value:
            yield f"Info {key} {info_value!r} ≠ XMP {xmp_key} {xmp_value!r} (6.6.3)"


def output_intent(document: Document) -> Iterator[str]:
    """A ``/GTS_PDFA1`` output intent with an embedded ICC output profile (RGB, CMYK or gray;
    device class prtr or mntr); several intents share one profile (6.2.3)."""
    intents = [
        intent
        for intent in document.pdf.Root.get("/OutputIntents", ())
        if intent.get("/S") == "/GTS_PDFA1"
    ]
    if not intents:
        yield "no /OutputIntents entry with /S /GTS_PDFA1 (6.2.3)"
        return
    profiles = [intent.get("/DestOutputProfile") for intent in intents]
    profile = profiles[0]
    if not isinstance(profile, pikepdf.Stream):
        yield "the PDF/A output intent has no embedded /DestOutputProfile (6.2.3)"
        return
    if len({p.objgen if p is not None else None for p in profiles}) > 1:
        yield "the output intents name different profiles (6.2.3)"
    header = profile.read_bytes()[:40]
    if header[36:40] != b"acsp":
        yield "the output intent's /DestOutputProfile is not an ICC profile (6.2.3)"
    elif header[12:16] not in (b"prtr", b"mntr") or header[16:20] not in PROFILE_SPACES:
        yield (
            f"the output profile is a {header[12:16]!r} {header[16:20]!r} profile, not an RGB, "
            "CMYK or gray output or monitor profile (6.2.3)"
        )


def device_colours_match_output_intent(document: Document) -> Iterator[str]:
    """DeviceRGB, DeviceCMYK and DeviceGray only where the output intent's profile allows them
    (or a Default colour space is set) (6.2.4.3): in content-stream operators, images and inline
    images. A file without a PDF/A output intent fails ``output_intent`` instead."""
    intent = document.intent_colour_space
    if intent is None:
        return
    allowed = ALLOWED_BY_INTENT.get(intent, set())
    reported = set()
    for graphics in document.pages:
        for graphic in graphics:
            for space, how in sorted(_device_colours(document, graphic)):
                if space not in allowed and (space, how) not in reported:
                    reported.add((space, how))
                    yield (
                        f"{graphic.where}: {DEVICE_NAMES[space][1:]} ({how}) with "
                        f"a {intent} output intent (6.2.4.3)"
                    )


def _device_colours(document: Document, graphic: Graphic) -> set[tuple[str, str]]:
    """(GRAY/RGB/CMYK, how) for each device colour space ``graphic`` paints with."""
    usage, resources = document.usage(graphic), graphic.resources
    spaces = [(pikepdf.Name(DEVICE_NAMES[space]), "operators") for space in usage.colours]
    spaces += [(pikepdf.Name(name), "colour space") for name in usage.colour_space_names]
    spaces += [
        (image.obj.get("/ColorSpace"), "inline image")
        for image in usage.inline_images
        if image.obj.get("/ImageMask") is not True
    ]
    spaces += [
        (xobject.get("/ColorSpace"), "image")
        for xobject in resources.get("/XObject", {}).values()
        if xobject.get("/Subtype") == "/Image" and xobject.get("/ImageMask") is not True
    ]
    found = {(_device_space(space, resources), how) for space, how in spaces}
    return {(space, how) for space, how in found if space is not None}


def _uses_transparency(graphics: list[Graphic]) -> bool:
    """Whether a page (``graphics[0]``, then what it draws) uses transparency: a transparency
    group, a soft mask, constant alpha below 1 or a blend mode other than Normal."""
    page_group = graphics[0].content.get("/Group")
    if page_group is not None and page_group.get("/S") == "/Transparency":
        return True
    for graphic in graphics:
        group = graphic.content.get("/Group") if graphic is not graphics[0] else None
        if group is not None and group.get("/S") == "/Transparency":
            return True
        for state in graphic.resources.get("/ExtGState", {}).values():
            modes = state.get("/BM", pikepdf.Name.Normal)
            modes = modes if isinstance(modes, pikepdf.Array) else [modes]
            if (
                isinstance(state.get("/SMask"), pikepdf.Dictionary)
                or any(float(state.get(key, 1)) < 1 for key in ("/CA", "/ca"))
                or any(mode not in ("/Normal", "/Compatible") for mode in modes)
            ):
                return True
        for xobject in graphic.resources.get("/XObject", {}).values():
            if "/SMask" in xobject or int(xobject.get("/SMaskInData", 0)) != 0:
                return True
    return False


def transparency_has_a_blending_colour_space(document: Document) -> Iterator[str]:
    """A page that uses transparency (groups, soft masks, alpha, blend modes) has a PDF/A output
    intent or a page group with ``/CS`` (6.2.10); blend modes are standard ones (6.2.10)."""
    has_intent = document.intent_colour_space is not None
    for number, graphics in enumerate(document.pages, 1):
        for graphic in graphics:
            for name, state in graphic.resources.get("/ExtGState", {}).items():
                modes = state.get("/BM")
                modes = modes if isinstance(modes, pikepdf.Array) else [modes]
                bad = [str(mode) for mode in modes if mode is not None and mode not in BLEND_MODES]
                if bad:
                    yield f"{graphic.where}: ExtGState {name} uses blend mode {bad} (6.2.10)"
        if has_intent or not _uses_transparency(graphics):
            continue
        group = graphics[0].content.get("/Group")
        if group is None or "/CS" not in group:
            yield f"page {number} uses transparency without output intent or group /CS (6.2.10)"


def no_javascript_or_forbidden_actions(document: Document) -> Iterator[str]:
    """No JavaScript, no additional actions (``/AA``) and only the actions PDF/A-2 allows
    (GoTo, GoToR, GoToE, Thread, URI, Named page moves, SubmitForm): in the catalog's
    ``/Names`` and ``/OpenAction``, outline items, annotations and form fields (6.5, 6.4.1)."""
    root = document.pdf.Root
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names:
        yield "the catalog's /Names has a /JavaScript tree (6.5.1)"
    if "/AA" in root:
        yield "the catalog has additional actions /AA (6.5.2)"
    if isinstance(root.get("/OpenAction"), pikepdf.Dictionary):
        yield from _forbidden_actions(root.OpenAction, "the /OpenAction")
    for item in _outline_items(root):
        if isinstance(item.get("/A"), pikepdf.Dictionary):
            yield from _forbidden_actions(item.A, f"outline item {str(item.get('/Title'))!r}")
    for number, page in enumerate(document.pdf.pages, 1):
        if "/AA" in page.obj:
            yield f"page {number} has additional actions /AA (6.5.2)"
        for annotation in page.obj.get("/Annots", ()):
            kind = annotation.get("/Subtype")
            if "/AA" in annotation:
                yield f"page {number}: a {kind} annotation has additional actions /AA (6.5.2)"
            if kind == "/Widget" and "/A" in annotation:
                yield f"page {number}: a widget annotation has an action /A (6.4.1)"
            elif isinstance(annotation.get("/A"), pikepdf.Dictionary):
                yield from _forbidden_actions(annotation.A, f"page {number}: a {kind} annotation")
    form = root.get("/AcroForm")
    fields = list(form.get("/Fields", ())) if form is not None else []
    while fields:
        form_field = fields.pop()
        if "/AA" in form_field:
            yield f"form field {str(form_field.get('/T'))!r} has additional actions /AA (6.4.1)"
        fields.extend(form_field.get("/Kids", ()))


def _forbidden_actions(action: pikepdf.Dictionary, where: str, depth: int = 0) -> Iterator[str]:
    kind = action.get("/S")
    if kind not in PDFA_ACTIONS:
        yield f"{where} runs a {kind} action (6.5.1)"
    elif kind == "/Named" and action.get("/N") not in PDFA_NAMED_ACTIONS:
        yield f"{where} runs the named action {action.get('/N')} (6.5.1)"
    following = action.get("/Next")
    if following is not None and depth < 50:
        for step in following if isinstance(following, pikepdf.Array) else [following]:
            yield from _forbidden_actions(step, where, depth + 1)


def _outline_items(root: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
    outlines = root.get("/Outlines")
    stack = [outlines.get("/First")] if outlines is not None else []
    seen = set()
    while stack:
        item = stack.pop()
        if item is None or (item.is_indirect and item.objgen in seen):
            continue
        seen.add(item.objgen)
        yield item
        stack.extend([item.get("/Next"), item.get("/First")])


def no_embedded_files(document: Document) -> Iterator[str]:
    """No embedded files (PDF/A-2 allows only PDF/A ones, which the app never needs: 6.8), no
    file attachment annotations."""
    names = document.pdf.Root.get("/Names")
    if names is not None and "/EmbeddedFiles" in names:
        yield "the catalog's /Names has /EmbeddedFiles (6.8)"
    for obj in document.pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and "/EF" in obj:
            yield f"file specification {obj.objgen} embeds a file (/EF) (6.8)"
    for number, page in enumerate(document.pdf.pages, 1):
        for annotation in page.obj.get("/Annots", ()):
            if annotation.get("/Subtype") == "/FileAttachment":
                yield f"page {number} has a file attachment annotation (6.8)"


def images_are_plain(document: Document) -> Iterator[str]:
    """Images have no ``/Alternates``, no ``/OPI`` and no ``/Interpolate true``; inline images no
    ``/I true`` (6.2.8)."""
    for obj in document.pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
            for key in ("/Alternates", "/OPI"):
                if key in obj:
                    yield f"image {obj.objgen} has {key} (6.2.8)"
            if obj.get("/Interpolate") is True:
                yield f"image {obj.objgen} has /Interpolate true (6.2.8)"
    for graphics in document.pages:
        for graphic in graphics:
            for image in document.usage(graphic).inline_images:
                if image.obj.get("/Interpolate") is True:
                    yield f"{graphic.where}: an inline image has /I true (6.2.8)"


def no_postscript_or_reference_xobjects(document: Document) -> Iterator[str]:
    """No PostScript XObjects (``/Subtype /PS``), no forms with ``/PS``, ``/Subtype2 /PS``,
    ``/OPI`` or ``/Ref`` (reference XObjects) (6.2.9)."""
    for obj in document.pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        if obj.get("/Subtype") == "/PS":
            yield f"stream {obj.objgen} is a PostScript XObject (6.2.9)"
        elif obj.get("/Subtype") == "/Form":
            found = [key for key in ("/PS", "/OPI", "/Ref") if key in obj]
            if obj.get("/Subtype2") == "/PS":
                found.append("/Subtype2 /PS")
            if found:
                yield f"form XObject {obj.objgen} has {', '.join(found)} (6.2.9)"


def annotations_allowed_in_pdfa(document: Document) -> Iterator[str]:
    """Annotations of permitted types (6.3.1), with ``/F`` whose Print flag is set and Hidden,
    Invisible, NoView and ToggleNoView clear (6.3.2), and an ``/AP`` with only ``/N`` unless a
    Link, a Popup or zero-sized (6.3.3)."""
    for number, page in enumerate(document.pdf.pages, 1):
        for annotation in page.obj.get("/Annots", ()):
            kind = annotation.get("/Subtype")
            where = f"page {number}: a {kind} annotation"
            if kind not in PDFA_ANNOTATIONS:
                yield f"{where} is not permitted (6.3.1)"
            flags = int(annotation.get("/F", 0))
            if kind != "/Popup" and "/F" not in annotation:
                yield f"{where} has no /F flags (6.3.2)"
            elif "/F" in annotation and (not flags & 4 or flags & (1 | 2 | 32 | 256)):
                yield f"{where} has flags {flags}: not printed, or hidden (6.3.2)"
            rect = [float(value) for value in annotation.get("/Rect", [0, 0, 0, 0])]
            sized = len(rect) == 4 and (rect[0] != rect[2] or rect[1] != rect[3])
            appearances = annotation.get("/AP")
            if appearances is None and sized and kind not in ("/Link", "/Popup"):
                yield f"{where} has no appearance /AP (6.3.3)"
            elif appearances is not None and set(appearances.keys()) != {"/N"}:
                yield f"{where} has appearances other than /N (6.3.3)"


# ---- The rules per variant --------------------------------------------------------------------

Rule = Callable[[Document], Iterable[str]]
TAGGED: list[Rule] = [language_declared, marked_as_tagged, structure_tree]
PDF_A_2: list[Rule] = [
    file_header,
    nothing_after_end_of_file,
    trailer_id,
    not_encrypted,
    no_lzw_filter,
    xmp_metadata_stream,
    pdfa_identification,
    info_matches_xmp,
    output_intent,
    device_colours_match_output_intent,
    transparency_has_a_blending_colour_space,
    no_javascript_or_forbidden_actions,
    no_embedded_files,
    images_are_plain,
    no_postscript_or_reference_xobjects,
    annotations_allowed_in_pdfa,
    fonts_embedded,
]
RULES: dict[str, list[Rule]] = {
    ACCESSIBLE: [
        pdfua_rules,
        xmp_declares_pdfua_1,
        xmp_has_title,
        *TAGGED,
        displays_document_title,
        fonts_embedded,
    ],
    ARCHIVE_TAGGED: [*PDF_A_2, *TAGGED],
    ARCHIVE_UNTAGGED: PDF_A_2,
}
