"""Markdown output: the same content as the HTML, for pasting into an email.

Email clients show Markdown as plain text, so the templates favour lines
that read well unrendered (labels in words, lists with "-"), while
`render.md_escape` keeps participants' words from turning into Markdown
or HTML when it is rendered.
"""

from __future__ import annotations

from pathlib import Path

from facilitator.handouts.documents import Prepared, markdown_documents
from facilitator.handouts.filenames import OutputFolder


def write_markdown(prep: Prepared, folder: OutputFolder) -> list[Path]:
    """Write every Markdown document; returns the paths, the combined one first."""
    return [folder.write(stem, ".md", text) for stem, text in markdown_documents(prep)]
