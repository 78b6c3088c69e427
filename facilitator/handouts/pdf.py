"""PDF output through WeasyPrint, imported only when a PDF is asked for.

WeasyPrint needs the Pango library, which a trainer's laptop may lack; then
`import weasyprint` fails with ImportError or OSError. That is not a bug in
the session, so it becomes `PdfUnavailable`, and the caller still has the
HTML, which any browser prints.

The combined document is laid out once; each single document is a slice of
its pages, found by the anchor (`id`) its first page carries. Laying out 40
plans once instead of twice halves the slowest part of printing. The report
alone is laid out again, so its "Page 1 of 7" counts from its own start.
Nothing is ever fetched: every resource is inline, and the URL fetcher
refuses anything else so a stray URL in a participant's text cannot reach
the network.
"""

from __future__ import annotations

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


def _refuse(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"handouts never fetch anything ({url[:60]!r})")


def load() -> Any:
    """The weasyprint module, or a one-line reason why it cannot be used."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EngineMissing(f"WeasyPrint could not load ({first[:120]})") from exc
    return weasyprint


@dataclass(frozen=True)
class Part:
    """One single document to cut from the combined layout, or to lay out on its own.

    `own_html` is for documents whose page numbers must count from their own
    first page (the report); everything else is a slice of the combined layout.
    """

    path: Path
    anchor: str
    title: str
    own_html: str | None = None


def write_pdfs(combined_html: str, combined: Path, parts: Sequence[Part]) -> list[Path]:
    """Write the combined PDF, then each part: a slice of it, or its own layout."""
    weasyprint = load()
    document = weasyprint.HTML(string=combined_html, url_fetcher=_refuse).render()
    document.write_pdf(combined)
    written = [combined]
    starts: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            starts.setdefault(anchor, index)
    ordered = sorted((p for p in parts if p.anchor in starts), key=lambda p: starts[p.anchor])
    bounds = [starts[p.anchor] for p in ordered] + [len(document.pages)]
    for part, end in zip(ordered, bounds[1:], strict=True):
        if part.own_html is not None:
            weasyprint.HTML(string=part.own_html, url_fetcher=_refuse).write_pdf(part.path)
        else:
            piece = document.copy(document.pages[starts[part.anchor] : end])
            piece.metadata = copy.copy(document.metadata)
            piece.metadata.title = part.title
            piece.write_pdf(part.path)
        written.append(part.path)
    return written
