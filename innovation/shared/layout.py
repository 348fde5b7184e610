"""WeasyPrint's side of the PDF pipeline (``innovation.shared.pdf``): the URL fetcher, the
fonts and the one layout pass.

WeasyPrint takes seconds to import, so only ``pdf.render`` imports this module, when a document
is laid out: starting Django, a web worker or the URLconf never loads it (a test checks this).
"""

import functools
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from innovation.shared.pdf import BASE_URL


class LocalFetcher(URLFetcher):
    """Serves ``/static/…`` and ``/media/…`` from disk and refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=("https", "data"))
        self.static = _static_roots()

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        found = self.path(url)
        if found is None:
            raise ValueError(f"Refused to fetch {url}: documents use only the app's own files.")
        return URLFetcherResponse(url, found.read_bytes(), {"Content-Type": _mime(found)})

    def path(self, url) -> Path | None:
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
            return None
        path = unquote(parts.path)
        if path.startswith(settings.STATIC_URL):
            return self._find_static(path.removeprefix(settings.STATIC_URL))
        if path.startswith(settings.MEDIA_URL):
            return _inside(Path(settings.MEDIA_ROOT), path.removeprefix(settings.MEDIA_URL))
        return None

    def _find_static(self, relative):
        for prefix, root in self.static:
            if prefix and not relative.startswith(prefix + "/"):
                continue
            found = _inside(root, relative.removeprefix(prefix + "/") if prefix else relative)
            if found:
                return found
        return None


def _static_roots() -> list[tuple[str, Path]]:
    roots = []
    for entry in settings.STATICFILES_DIRS:
        prefix, path = entry if isinstance(entry, tuple) else ("", entry)
        roots.append((prefix.strip("/"), Path(path)))
    if settings.STATIC_ROOT:
        roots.append(("", Path(settings.STATIC_ROOT)))
    return roots


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
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".svg": "image/svg+xml",
    }.get(path.suffix.lower(), "application/octet-stream")


@functools.cache
def _tools():
    """One font configuration and fetcher per process."""
    return FontConfiguration(), LocalFetcher()


def lay_out(html: str):
    """The WeasyPrint document of ``html``, laid out in one pass with the app's fonts and
    files."""
    font_config, fetcher = _tools()
    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
        font_config=font_config
    )
