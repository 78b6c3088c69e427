"""PDF output through WeasyPrint, imported only when a PDF is asked for.

WeasyPrint needs the Pango library, which a trainer's laptop may lack; then
`import weasyprint` fails with ImportError or OSError. That is not a bug in
the session, so it becomes `PdfUnavailable`, and the caller still has the
HTML, which any browser prints.

Plans arrive already laid out (measuring them chose their style, see
`fitting`), so their pages are reused as they are; the report and the cards
are laid out once each, on their own, so the report's "Page 1 of 7" counts
from its own start in the combined file too. The combined PDF is those
pages in order. Nothing is ever fetched: the only URLs are the embedded
font's `data:` ones, and the fetcher refuses everything else, so a stray URL
in a participant's text cannot reach the network.
"""

from __future__ import annotations

import atexit
import copy
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

BROWSER_HINT = "open {html} in a browser and print it (Ctrl+P or Cmd+P), choosing Save as PDF"


class PdfUnavailable(Exception):
    """WeasyPrint cannot run here; the HTML was written instead.

    `written` lists every file that was written, so a caller can still show them.
    """

    def __init__(self, reason: str, html: Path, written: Sequence[Path] = ()) -> None:
        self.reason = reason
        self.html = html
        self.written = list(written)
        super().__init__(f"no PDF: {reason}; {BROWSER_HINT.format(html=html)}")


class EngineMissing(Exception):
    """WeasyPrint (or the Pango library under it) cannot be imported; str() says why."""


def fetcher(weasyprint: Any) -> Any:
    """A URL fetcher that serves `data:` URLs (the embedded font) and refuses everything else."""
    if hasattr(weasyprint, "URLFetcher"):
        return weasyprint.URLFetcher(allowed_protocols={"data"})

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:  # WeasyPrint before 68
        if url.startswith("data:"):
            return weasyprint.default_url_fetcher(url, *args, **kwargs)
        _refuse(url)

    return fetch


def _refuse(url: str) -> NoReturn:
    raise ValueError(f"handouts never fetch anything ({url[:60]!r})")


def load() -> Any:
    """The weasyprint module, or a one-line reason why it cannot be used."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EngineMissing(f"WeasyPrint could not load ({first[:120]})") from exc
    return weasyprint


@dataclass
class _Fonts:
    """The shipped font, loaded into WeasyPrint once per process and shared by every layout."""

    config: Any
    stylesheet: Any


_FONTS: list[_Fonts] = []


def _fonts(weasyprint: Any) -> _Fonts:
    if not _FONTS:
        from weasyprint.text.fonts import FontConfiguration

        from facilitator.handouts.render import font_faces

        config = FontConfiguration()
        atexit.register(_FONTS.clear)  # before interpreter teardown, or its temp-file cleanup fails
        css = weasyprint.CSS(string=font_faces(), font_config=config, url_fetcher=fetcher(weasyprint))
        _FONTS.append(_Fonts(config, css))
    return _FONTS[0]


def render(weasyprint: Any, html: str) -> Any:
    """Lay out one HTML document (written with `fonts=False`); WeasyPrint's Document, no PDF written."""
    fonts = _fonts(weasyprint)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher(weasyprint))
    return document.render(stylesheets=[fonts.stylesheet], font_config=fonts.config)


@dataclass(frozen=True)
class Part:
    """One document of the set: pages already laid out (a plan), or HTML to lay out (report, cards)."""

    path: Path
    title: str
    pages: Sequence[Any] | None = None
    html: str | None = None


def write_pdfs(combined: Path, title: str, parts: Sequence[Part]) -> list[Path]:
    """Write each part, then the combined PDF of all their pages in order; returns the paths written."""
    weasyprint = load()
    laid_out: list[tuple[Part, Any, list[Any]]] = []
    base: Any = None
    for part in parts:
        if part.pages is not None:
            laid_out.append((part, None, list(part.pages)))
            continue
        document = render(weasyprint, part.html or "")
        base = base or document
        laid_out.append((part, document, list(document.pages)))
    if base is None:
        base = render(weasyprint, "<!DOCTYPE html><title>-</title>")
    written = []
    for part, document, pages in laid_out:
        piece = document if document is not None else base.copy(pages)
        piece.metadata = copy.copy(base.metadata)
        piece.metadata.title = part.title
        piece.write_pdf(part.path)
        written.append(part.path)
    everything = base.copy([page for _, _, pages in laid_out for page in pages])
    everything.metadata = copy.copy(base.metadata)
    everything.metadata.title = title
    everything.write_pdf(combined)
    return [combined, *written]
