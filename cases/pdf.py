"""PDF rendering, sealed: every letter, plan, bundle and extract goes through `html_to_pdf`.

The documents carry text that administrators and caseworkers type (municipality names, letter texts,
plan goals). WeasyPrint's default URL fetcher would follow any `url(...)`, `@import` or `<img src>` in
that text to `file:///etc/passwd` or to the network. Here the only resources a document can load are
the project's own static files, found through the staticfiles finders; everything else is refused.
"""

import mimetypes
import threading
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.utils.safestring import mark_safe

# Documents are rendered against this base: a relative or /static/ reference resolves under it, and
# the fetcher serves exactly that prefix. `.invalid` (RFC 2606) can never resolve on a network.
BASE_URL = "https://documents.invalid/"
STATIC_PREFIX = BASE_URL + "static/"


class RefusedResource(ValueError):
    """A document asked for something outside the project's static files."""


def _static_file(relative: str) -> str:
    """The path of a project static file, or RefusedResource: nothing absolute, nothing above the roots."""
    path = Path(relative)
    found = finders.find(relative) if relative and not path.is_absolute() and ".." not in path.parts else None
    if not found:
        raise RefusedResource(f"refused: no such static file ({relative[:80]!r})")
    return found


def _sealed_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SealedFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(STATIC_PREFIX):
                raise RefusedResource(f"refused: only project static files may be loaded ({url[:80]!r})")
            found = _static_file(url.removeprefix(STATIC_PREFIX).split("?")[0].split("#")[0])
            content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": content_type})

    return SealedFetcher(allowed_protocols=["https"], allow_redirects=False)


_per_thread = threading.local()


def _font_config():
    """This thread's font configuration, made on its first document and kept.

    Without one WeasyPrint makes a fresh configuration per document: Fontconfig loads its configuration and
    font list again and Pango's caches start cold, a tenth to a fifth of a letter's layout time
    (bench/letters.py). It holds only the system fonts (the documents declare no @font-face, and the sealed
    fetcher would serve nothing but static files to one). Pango's font map is not safe to share between
    threads, hence one per thread.
    """
    from weasyprint.text.fonts import FontConfiguration

    config = getattr(_per_thread, "font_config", None)
    if config is None:
        config = _per_thread.font_config = FontConfiguration()
    return config


@cache
def _stylesheet(relative: str):
    """A project static stylesheet, parsed once per process: a letter's layout is the same every time and
    re-parsing it cost a few ms per document. Anything it refers to still goes through the sealed fetcher."""
    from weasyprint import CSS

    return CSS(
        string=Path(_static_file(relative)).read_text(encoding="utf-8"), base_url=STATIC_PREFIX + relative,
        url_fetcher=_sealed_fetcher(),
    )


def layout(html: str, stylesheets: tuple[str, ...] = ()):
    """Parse and lay out HTML with the sealed fetcher: the WeasyPrint document, pages and all.

    `stylesheets` are static files (e.g. "css/letter.css") applied with the document's own <style>.
    """
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_sealed_fetcher()).render(
        font_config=_font_config(), stylesheets=[_stylesheet(name) for name in stylesheets]
    )


def write(document) -> bytes:
    """The laid-out document as PDF bytes."""
    return document.write_pdf()


def html_to_pdf(html: str, stylesheets: tuple[str, ...] = ()) -> tuple[bytes, int]:
    """Render HTML to PDF with the sealed fetcher; return the bytes and the number of pages."""
    document = layout(html, stylesheets)
    return write(document), len(document.pages)


def css_string(value) -> str:
    """Escape text for use inside a double-quoted CSS string (`content: "…"`).

    HTML autoescaping does not protect a <style> block: a backslash escape such as `\\22` closes the
    string and lets the rest of the text be CSS (`@import url(file:///…)`). Every character outside a
    small safe set becomes a CSS hex escape, so the value can only ever be text.
    """
    text = "" if value is None else str(value)
    safe = []
    for char in text:
        if char.isalnum() or char in " .,-_:/()æøåÆØÅ":
            safe.append(char)
        else:
            safe.append(f"\\{ord(char):06x}")
    return mark_safe("".join(safe))  # noqa: S308 - every unsafe character is escaped above
