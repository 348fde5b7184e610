"""The one PDF pipeline: HTML templates -> WeasyPrint -> cached parts -> one assembled PDF.

Every document (meeting packs, recommendations, minutes, later the idea catalogue and project
recommendations) goes through here:

* ``render(html)`` lays out one HTML document with WeasyPrint. The URL fetcher only reads the
  app's own static and media files; nothing is fetched from the network. Fonts (IBM Plex Sans,
  shipped with DKFDS) come in through ``static/css/print.css``.
* ``build(...)`` renders each ``HtmlPart`` separately and caches it on disk by a hash of its
  HTML and the rendering options, so re-exporting after a one-part change renders one part.
  It then assembles with pypdf: front matter (cover and table of contents, rendered last, when
  the page numbers are known), the parts, PDF attachments (``FilePart``) right after their part;
  it merges the parts' structure trees so that the whole stays a tagged PDF (PDF/UA-1 by
  default), stamps the running header and “Side X af Y” on every page as artifacts, and writes
  the outline (bookmarks) and the document metadata.

PDF/A-2b (``ARCHIVE``) is the archival variant. Attachments that are not tagged PDFs are
included as artifacts (they cannot be made accessible here); their title is in the outline and
in the running header.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import io
import logging
import math
import multiprocessing
import os
import re
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

ACCESSIBLE = "pdf/ua-1"
ARCHIVE = "pdf/a-2b"
VARIANTS = (ACCESSIBLE, ARCHIVE)

# Documents refer to the app's files by these absolute URLs; the fetcher maps them to disk.
BASE_URL = "https://samskab.invalid/"
PIPELINE_VERSION = "1"


class PdfError(Exception):
    """A document could not be produced; the message is meant for the user."""


# --- Fetching and rendering ---------------------------------------------------------------


def _static_roots() -> list[tuple[str, Path]]:
    roots = []
    for entry in settings.STATICFILES_DIRS:
        prefix, path = entry if isinstance(entry, tuple) else ("", entry)
        roots.append((prefix.strip("/"), Path(path)))
    if settings.STATIC_ROOT:
        roots.append(("", Path(settings.STATIC_ROOT)))
    return roots


class LocalFetcher(URLFetcher):
    """Serves ``/static/…`` and ``/media/…`` from disk and refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=("https", "data"))
        self.static = _static_roots()
        self.media = Path(settings.MEDIA_ROOT)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
            raise ValueError(f"Refused to fetch {url}: documents use only the app's own files.")
        path = unquote(parts.path)
        static_url, media_url = settings.STATIC_URL, settings.MEDIA_URL
        if path.startswith(static_url):
            found = self._find_static(path.removeprefix(static_url))
        elif path.startswith(media_url):
            found = self._inside(self.media, path.removeprefix(media_url))
        else:
            found = None
        if found is None:
            raise ValueError(f"Not a static or media file: {url}")
        return URLFetcherResponse(url, found.read_bytes(), {"Content-Type": _mime(found)})

    def _find_static(self, relative):
        for prefix, root in self.static:
            if prefix:
                if not relative.startswith(prefix + "/"):
                    continue
                candidate = self._inside(root, relative.removeprefix(prefix + "/"))
            else:
                candidate = self._inside(root, relative)
            if candidate:
                return candidate
        return None

    @staticmethod
    def _inside(root: Path, relative: str) -> Path | None:
        candidate = (root / relative).resolve()
        if root.resolve() in candidate.parents and candidate.is_file():
            return candidate
        return None


def _mime(path: Path) -> str:
    return {
        ".css": "text/css",
        ".otf": "font/otf",
        ".ttf": "font/ttf",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".svg": "image/svg+xml",
    }.get(path.suffix.lower(), "application/octet-stream")


@functools.cache
def _tools():
    """One font configuration, fetcher and parsed print stylesheet per process."""
    font_config = FontConfiguration()
    fetcher = LocalFetcher()
    stylesheet = weasyprint.CSS(
        url=f"{BASE_URL}static/css/print.css", url_fetcher=fetcher, font_config=font_config
    )
    return font_config, fetcher, stylesheet


def render(html: str, *, variant: str = ACCESSIBLE, tagged: bool = True) -> bytes:
    """Lay out one HTML document with the print stylesheet and write it as PDF bytes.

    Templates do not link the stylesheet: it is parsed once per process and applied here.
    """
    font_config, fetcher, stylesheet = _tools()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    # Parts are written uncompressed: pypdf parses them again at assembly several times
    # faster so, and the assembled document is compressed as a whole (``_compress``).
    options = {"pdf_variant": variant} if tagged else {}
    options["uncompressed_pdf"] = True
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config, **options)


# --- The cache ----------------------------------------------------------------------------


def cache_dir() -> Path:
    path = Path(getattr(settings, "SAMSKAB_PDF_CACHE", Path(settings.MEDIA_ROOT) / "pdf-cache"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def digest(*pieces: str | bytes) -> str:
    sha = hashlib.sha256(PIPELINE_VERSION.encode())
    for piece in pieces:
        data = piece.encode() if isinstance(piece, str) else piece
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()


def cached_path(key: str, suffix: str = ".pdf") -> Path:
    return cache_dir() / f"{key}{suffix}"


def store(key: str, data: bytes, suffix: str = ".pdf") -> Path:
    """Write atomically: a reader never sees half a file, a failure leaves nothing behind."""
    target = cached_path(key, suffix)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


@functools.cache
def stylesheet_digest() -> str:
    """The print stylesheets are part of every part's cache key."""
    css = sorted((Path(settings.BASE_DIR) / "static" / "css").glob("print*.css"))
    return digest(*(path.read_bytes() for path in css))


_readers: dict[str, PdfReader] = {}
READERS_KEPT = 400


def _part_key(html: str, variant: str, tagged: bool = True) -> str:
    return digest("part", variant, str(tagged), stylesheet_digest(), html)


def _render_one(job):
    html, variant, tagged = job
    return render(html, variant=variant, tagged=tagged)


def _pool_size(jobs: int) -> int:
    return min(settings.SAMSKAB_PDF_WORKERS, jobs)


def prerender(
    jobs: Sequence[tuple[str, str, bool]],
    *,
    pool: ProcessPoolExecutor | None,
    progress: Callable[[], None] | None = None,
) -> set[str]:
    """Render the ``(html, variant, tagged)`` jobs that are not cached yet on ``pool``'s
    processes; each result is stored and parsed as it arrives, while the others still
    render. Returns the cache keys rendered (none without a pool)."""
    missing = {}
    for html, variant, tagged in jobs:
        key = _part_key(html, variant, tagged)
        if key not in _readers and not cached_path(key).exists():
            missing[key] = (html, variant, tagged)
    if pool is None or len(missing) < 2:
        return set()
    for key, data in zip(missing, pool.map(_render_one, missing.values()), strict=True):
        store(key, data)
        _remember(key, data, tagged=missing[key][2])
        if progress:
            progress()
    return set(missing)


@contextlib.contextmanager
def render_pool(jobs: int):
    """``SAMSKAB_PDF_WORKERS`` processes (default: the machine's cores) for one document, or
    None when there is too little to share out."""
    workers = _pool_size(jobs)
    if workers < 2:
        yield None
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        yield pool


def _context():
    """Fork when this process has a single thread (the task worker): the children share the
    warm fonts and stylesheet. With other threads about (a web server, a test run) forking
    could deadlock, so the children come from a fork server, a clean single-threaded process
    that has loaded the pipeline once."""
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return _forkserver()


@functools.cache
def _forkserver():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["innovation.pdf_preload"])
    return context


def render_cached(html: str, *, variant: str, tagged: bool = True) -> tuple[PdfReader, bool]:
    """The rendered part, parsed, and whether it came from the cache.

    Parts are kept on disk by a hash of their HTML, the stylesheet and the options, and the
    parsed readers of recent parts in memory (the export worker is a long-lived process).
    """
    key = _part_key(html, variant, tagged)
    if key in _readers:
        return _readers[key], True
    path = cached_path(key)
    hit = path.exists()
    if hit:
        data = path.read_bytes()
    else:
        data = render(html, variant=variant, tagged=tagged)
        store(key, data)
    return _remember(key, data, tagged=tagged), hit


def _remember(key: str, data: bytes, *, tagged: bool) -> PdfReader:
    reader = PdfReader(io.BytesIO(data))
    if tagged:
        _unique_table_ids(reader, prefix=key[:10] + "-")
    if len(_readers) >= READERS_KEPT:
        _readers.pop(next(iter(_readers)))
    _readers[key] = reader
    return reader


# --- Parts and assembly -------------------------------------------------------------------


@dataclass(frozen=True)
class HtmlPart:
    """A separately rendered and cached piece of a document (one agenda item, say)."""

    html: str
    bookmark: str = ""
    level: int = 1
    header: str = ""
    in_toc: bool = True


@dataclass(frozen=True)
class FilePart:
    """An existing PDF file inserted as it is (an attachment)."""

    path: Path
    bookmark: str
    level: int = 2
    header: str = ""
    in_toc: bool = True


@dataclass(frozen=True)
class TocEntry:
    title: str
    page: int
    level: int


@dataclass
class Meta:
    title: str
    author: str
    subject: str = ""
    lang: str = "da"
    keywords: Sequence[str] = field(default_factory=tuple)


@dataclass
class BuildStats:
    rendered: int = 0
    from_cache: int = 0
    pages: int = 0


Progress = Callable[[int, int], None]


def build(
    *,
    parts: Sequence[HtmlPart | FilePart],
    front: Callable[[list[TocEntry]], str],
    meta: Meta,
    variant: str = ACCESSIBLE,
    progress: Progress | None = None,
    stats: BuildStats | None = None,
) -> bytes:
    """Render (or reuse) every part, then assemble one PDF.

    ``front(entries)`` returns the HTML of the cover and table of contents for the given
    entries (title, first page, level); it is rendered after the parts, when page numbers are
    known, and again if its own length changes.
    """
    if variant not in VARIANTS:
        raise PdfError(f"Unknown PDF variant {variant!r}.")
    stats = stats if stats is not None else BuildStats()
    total_steps = len(parts) + 2
    done = 0

    def advance(step=None):
        """One more part is ready (or part ``step`` is)."""
        nonlocal done
        done = max(done + 1 if step is None else done, step or 0)
        if progress:
            progress(min(done, total_steps - 2), total_steps)

    # Parsing and assembly make many small objects: the cyclic garbage collector would stop
    # to scan the (large, long-lived) cached parts again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(parts, front, meta, variant, stats, advance, progress, total_steps)
    finally:
        if collecting:
            gc.enable()


def _build(parts, front, meta, variant, stats, advance, progress, total_steps):
    html_parts = [part for part in parts if isinstance(part, HtmlPart)]
    with render_pool(len(html_parts)) as pool:
        rendered = prerender(
            [(part.html, variant, True) for part in html_parts], pool=pool, progress=advance
        )
        bodies = []
        for step, part in enumerate(parts, start=1):
            if isinstance(part, HtmlPart):
                reader, hit = render_cached(part.html, variant=variant)
                fresh = not hit or _part_key(part.html, variant) in rendered
                stats.rendered += fresh
                stats.from_cache += not fresh
            else:
                reader = _read_attachment(part.path)
            if reader is not None:
                bodies.append((part, reader))
            advance(step)
        front_reader, stamps = _front_and_stamps(bodies, front, meta, variant, pool)
    if progress:
        progress(total_steps - 1, total_steps)

    data = _assemble(front_reader, bodies, stamps, meta=meta, variant=variant)
    stats.pages = len(front_reader.pages) + sum(len(reader.pages) for _part, reader in bodies)
    if progress:
        progress(total_steps, total_steps)
    return data


def _front_and_stamps(bodies, front, meta, variant, pool):
    """The front matter (cover, contents) and the stamps, rendered together on the pool for a
    guessed length of the front matter; a wrong guess costs one more round."""
    titles = [(part.bookmark, part.level) for part, _reader in bodies if part.in_toc]
    memo_key = digest(repr(titles))
    front_pages = _front_pages.get(memo_key, 1 + math.ceil(len(titles) / FRONT_ENTRIES_PER_PAGE))
    for _attempt in range(4):
        entries, page = [], front_pages + 1
        for part, reader in bodies:
            if part.in_toc and part.bookmark:
                entries.append(TocEntry(part.bookmark, page, part.level))
            page += len(reader.pages)
        front_html = front(entries)
        stamps_html = _stamps_html(front_pages, bodies, meta=meta)
        prerender([(front_html, variant, True), (stamps_html, "", False)], pool=pool)
        front_reader, _hit = render_cached(front_html, variant=variant)
        if len(front_reader.pages) == front_pages:
            break
        front_pages = len(front_reader.pages)
    _front_pages[memo_key] = front_pages
    stamps, _hit = render_cached(stamps_html, variant="", tagged=False)
    return front_reader, stamps


# Contents entries per page, for the first guess at the length of the front matter.
FRONT_ENTRIES_PER_PAGE = 36
_front_pages: dict[str, int] = {}


def _read_attachment(path: Path) -> PdfReader | None:
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            reader.decrypt("")
        len(reader.pages)
        return reader
    except (OSError, PdfReadError, ValueError) as error:
        logger.warning("Attachment %s left out of the document: %s", path, error)
        return None


class _Assembly:
    """Pages, structure tree and outline of the output, built part by part."""

    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.document = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
            }
        )
        self.document_ref = writer._add_object(self.document)
        self.kids = ArrayObject()
        self.nums = ArrayObject()
        self.next_key = 0
        self.tagged = False

    def add_tagged(self, reader: PdfReader) -> int:
        """Append the pages of a tagged PDF and graft its structure tree under ours."""
        first = len(self.writer.pages)
        offset = self.next_key
        for page in reader.pages:
            added = self.writer.add_page(page)  # pypdf drops /StructParents: set it anew
            if "/StructParents" in page:
                added[NameObject("/StructParents")] = NumberObject(page["/StructParents"] + offset)
            for annotation in added.get("/Annots", []) or []:
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(
                        annotation["/StructParent"] + offset
                    )
        root = reader.trailer["/Root"]
        tree = root.get("/StructTreeRoot")
        if tree is None:
            return first
        tree = tree.get_object()
        self.tagged = True
        kids = tree.get("/K")
        kids = kids if isinstance(kids, list) else [kids]
        # The part's top elements hang under its own /Document; point that at ours, so that
        # cloning maps every /P (parent) reference without walking the tree.
        translated = self.writer._id_translated.setdefault(id(reader), {"PreventGC": reader})
        for kid in kids:
            parent = kid.get_object().get("/P")
            if isinstance(parent, IndirectObject):
                translated[parent.idnum] = self.document_ref.idnum
        highest = -1
        for kid in kids:
            self.kids.append(kid.get_object().clone(self.writer).indirect_reference)
        for key, value in _number_tree_items(tree.get("/ParentTree")):
            self.nums.append(NumberObject(key + offset))
            self.nums.append(value.clone(self.writer))
            highest = max(highest, key)
        self.next_key = offset + highest + 1
        return first

    def add_untagged(self, reader: PdfReader) -> int:
        """Append the pages of a PDF that is not ours, marked as artifacts."""
        first = len(self.writer.pages)
        for page in reader.pages:
            added = self.writer.add_page(page)
            for key in ("/StructParents", "/Annots"):
                if key in added:
                    del added[key]
            _wrap_as_artifact(added)
        return first

    def finish(self):
        """Write the merged structure tree (only if the parts were tagged)."""
        if not self.tagged:
            return
        self.document[NameObject("/K")] = self.kids
        tree = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructTreeRoot"),
                NameObject("/K"): ArrayObject([self.document_ref]),
                NameObject("/ParentTree"): DictionaryObject({NameObject("/Nums"): self.nums}),
                NameObject("/ParentTreeNextKey"): NumberObject(self.next_key),
            }
        )
        tree_ref = self.writer._add_object(tree)
        self.document[NameObject("/P")] = tree_ref
        self.writer._root_object[NameObject("/StructTreeRoot")] = tree_ref


def _unique_table_ids(reader: PdfReader, *, prefix: str):
    """Table header IDs (and the cells' /Headers naming them) are only unique within one
    part; prefix them with the part's key so that they stay unique in the whole document."""
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return
    stack = [root.get_object().get("/K")]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        node = node.get_object()
        if isinstance(node, ArrayObject):
            stack.extend(node)
            continue
        if not isinstance(node, DictionaryObject) or "/S" not in node:
            continue
        if "/ID" in node:
            node[NameObject("/ID")] = TextStringObject(prefix + str(node["/ID"]))
        attributes = node.get("/A")
        if isinstance(attributes, DictionaryObject) and "/Headers" in attributes:
            attributes[NameObject("/Headers")] = ArrayObject(
                TextStringObject(prefix + str(header)) for header in attributes["/Headers"]
            )
        stack.append(node.get("/K"))


def _number_tree_items(tree):
    if tree is None:
        return
    tree = tree.get_object()
    nums = tree.get("/Nums")
    if nums is not None:
        for index in range(0, len(nums), 2):
            yield int(nums[index]), nums[index + 1]
    for kid in tree.get("/Kids", []) or []:
        yield from _number_tree_items(kid)


def _wrap_as_artifact(page):
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    page.replace_contents(_stream(b"/Artifact BMC\nq\n" + data + b"\nQ\nEMC\n"))


def _assemble(front_reader, bodies, stamps, *, meta: Meta, variant: str) -> bytes:
    writer = PdfWriter()
    assembly = _Assembly(writer)
    assembly.add_tagged(front_reader)
    starts = []
    for part, reader in bodies:
        if isinstance(part, HtmlPart):
            starts.append(assembly.add_tagged(reader))
        else:
            starts.append(assembly.add_untagged(reader))
    assembly.finish()

    _stamp(writer, stamps)
    _outline(writer, bodies, starts)
    _catalogue(writer, front_reader, meta=meta, tagged=assembly.tagged)
    _compress(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _compress(writer):
    """Flate-compress every stream the parts left uncompressed (fast, level 1)."""
    for number, obj in enumerate(writer._objects, start=1):
        if isinstance(obj, StreamObject) and "/Filter" not in obj:
            plain = DecodedStreamObject()  # a merged ContentStream keeps its data as operations
            plain.update({key: value for key, value in obj.items() if key != "/Length"})
            plain.set_data(obj.get_data())
            encoded = plain.flate_encode(level=1)
            writer._objects[number - 1] = encoded
            encoded.indirect_reference = IndirectObject(number, 0, writer)


def _stamps_html(front_pages, bodies, *, meta):
    """One page per page of the document: its running header and “Side X af Y”."""
    sizes = [(A4_WIDTH, A4_HEIGHT, "")] * front_pages
    for part, reader in bodies:
        for page in reader.pages:
            sizes.append((float(page.mediabox.width), float(page.mediabox.height), part.header))
    pages = [
        {"number": index, "total": len(sizes), "header": header, "width": w, "height": h}
        for index, (w, h, header) in enumerate(sizes, start=1)
    ]
    return render_to_string("pdf/stamps.html", {"pages": pages, "lang": meta.lang})


A4_WIDTH, A4_HEIGHT = 595.275591, 841.889764


RESOURCE_KINDS = ("/Font", "/ExtGState", "/XObject", "/Pattern", "/Shading", "/ColorSpace")


def _stamp(writer, stamps):
    """Lay each stamp page over its page, as an artifact.

    The page's own content is kept as it is (no parsing): the stamp's content stream is added
    after it, between ``q``/``Q`` guards, with its resources renamed so that they cannot
    collide with the page's.
    """
    opening = writer._add_object(_stream(b"q\n"))
    clones = {}  # stamp pages share their resources: clone each one once
    for page, stamp in zip(writer.pages, stamps.pages, strict=True):
        stamp_resources = stamp.get("/Resources", DictionaryObject()).get_object()
        renames = {}  # resource names used by the stamp, to be prefixed with "Stamp"
        resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
        for kind in RESOURCE_KINDS:
            if kind not in stamp_resources:
                continue
            merged = DictionaryObject(resources.get(kind, DictionaryObject()).get_object())
            for name, value in stamp_resources[kind].get_object().items():
                renames[name[1:].encode()] = True
                if id(value) not in clones:
                    clones[id(value)] = (value, value.clone(writer))
                merged[NameObject(f"/Stamp{name[1:]}")] = clones[id(value)][1]
            resources[NameObject(kind)] = merged
        page[NameObject("/Resources")] = resources
        data = stamp.get_contents().get_data()
        if renames:
            pattern = rb"/(" + b"|".join(re.escape(name) for name in renames) + rb")(?=[\s/\[<(])"
            data = re.sub(pattern, rb"/Stamp\1", data)
        closing = writer._add_object(_stream(b"\nQ\n/Artifact BMC\nq\n" + data + b"\nQ\nEMC\n"))
        contents = page.get("/Contents")
        existing = contents.get_object() if contents is not None else ArrayObject()
        if not isinstance(existing, ArrayObject):
            existing = ArrayObject([contents])
        page[NameObject("/Contents")] = ArrayObject([opening, *existing, closing])


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _outline(writer, bodies, starts):
    parent = None
    for (part, _reader), start in zip(bodies, starts, strict=True):
        if not part.bookmark:
            continue
        if part.level <= 1 or parent is None:
            parent = writer.add_outline_item(title=part.bookmark, page_number=start)
        else:
            writer.add_outline_item(title=part.bookmark, page_number=start, parent=parent)


def _catalogue(writer, front_reader, *, meta: Meta, tagged: bool):
    root = writer._root_object
    source = front_reader.trailer["/Root"]
    for key in ("/Metadata", "/OutputIntents"):
        if key in source:
            root[NameObject(key)] = source[key].clone(writer)
    root[NameObject("/Lang")] = TextStringObject(meta.lang)
    if tagged:
        root[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(True)}
        )
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    producer = (front_reader.metadata or {}).get("/Producer", "WeasyPrint")
    writer.add_metadata(
        {
            "/Title": meta.title,
            "/Author": meta.author,
            "/Subject": meta.subject,
            "/Keywords": ", ".join(meta.keywords),
            "/Creator": "Samskab",
            "/Producer": producer,
        }
    )
