"""Printed handouts: each participant's one-page action plan, the trainer's report, cards and slips.

`build` is a plain function with no output of its own, so the CLI and the
TUI's wrap-up screen (in a worker thread) call the same thing. See
`documents` for the files it writes and their order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.handouts.pdf import PdfUnavailable

if TYPE_CHECKING:  # the CLI builds its parser from this package: keep it light
    from facilitator.engine import Session

__all__ = ["FORMATS", "PAPERS", "HandoutError", "PdfUnavailable", "build"]

FORMATS = ("html", "pdf", "md")
PAPERS = ("a4", "letter")


class HandoutError(ValueError):
    """A request for handouts that cannot be met (unknown format or paper); one line."""


def build(
    workshop: Session,
    out_dir: Path,
    formats: Sequence[str] = ("html",),
    paper: str = "a4",
    *,
    measure: bool = True,
) -> list[Path]:
    """Write the session's handouts into `out_dir`; returns every path written.

    Formats are written in the order html, md, pdf. Each plan's style is
    chosen by laying it out with WeasyPrint (see `fitting`); `measure=False`
    takes the estimate instead, for a quick HTML-only preview (a PDF is
    measured regardless: its pages are the measurement). When WeasyPrint
    cannot load, the HTML is written anyway (even if it was not asked for)
    and `PdfUnavailable` is raised, carrying every path written.
    """
    wanted = [f.strip().lower() for f in formats if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise HandoutError(
            f"format must be one or more of {', '.join(FORMATS)}, not {unknown[:1] or 'nothing'}"
        )
    paper = paper.strip().lower()
    if paper not in PAPERS:
        raise HandoutError(f"paper must be {' or '.join(PAPERS)}, not {paper!r}")

    from facilitator.handouts import fitting, pdf, render
    from facilitator.handouts.documents import ALL_IN_ONE, fit_plans, html_documents, prepare
    from facilitator.handouts.filenames import OutputFolder
    from facilitator.handouts.markdown import write_markdown

    folder = OutputFolder(out_dir)
    prep = prepare(workshop)
    needs_layout = "html" in wanted or "pdf" in wanted
    if measure or "pdf" in wanted:
        fitted = fit_plans(prep, paper) if needs_layout else fitting.Fitted({})
    else:
        fitted = fitting.estimated(prep.plans, render.PAPERS[paper].plan_budget_mm)
    docs = html_documents(prep, paper, fitted.styles) if needs_layout else []
    pages = {doc.stem: render.page(doc.title, list(doc.fragments), paper, doc.parts) for doc in docs}
    written: list[Path] = []

    def write_html() -> None:
        written.extend(folder.write(stem, ".html", text) for stem, text in pages.items())

    if "html" in wanted:
        write_html()
    if "md" in wanted:
        written.extend(write_markdown(prep, folder))
    if "pdf" in wanted:
        parts = [
            pdf.Part(
                folder.path(d.stem, ".pdf"),
                d.title,
                pages=fitted.pages.get(d.plan_id) if d.plan_id else None,
                html=None if d.plan_id else render.page(d.title, list(d.fragments), paper, d.parts, False),
            )
            for d in docs
            if d.stem != ALL_IN_ONE
        ]
        try:
            if not fitted.measured and prep.plans:
                pdf.load()  # the reason no plan could be measured, as the error's words
            written.extend(pdf.write_pdfs(folder.path(ALL_IN_ONE, ".pdf"), docs[0].title, parts))
        except pdf.EngineMissing as exc:
            if "html" not in wanted:
                write_html()
            raise PdfUnavailable(str(exc), folder.path(ALL_IN_ONE, ".html"), written) from exc
    return written
