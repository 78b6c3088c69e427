"""Turning user text into something safe to put on a projected line.

Names, teams and session titles come from CSV exports and trainers' typing:
they may hold newlines, tabs, escape sequences or markup-looking brackets.
Everything here returns plain `str` or `Content` built from plain text, never
markup, so `[bold]Eve[/` is shown as typed and cannot restyle the screen.
"""

from __future__ import annotations

import unicodedata

from rich.text import Text
from textual.content import Content

ELLIPSIS = "…"


def one_line(text: str, limit: int = 0, empty: str = "") -> str:
    """`text` on a single line: whitespace runs become one space, control characters go.

    With `limit`, longer text is cut and ends in an ellipsis so a 10,000
    character name cannot push every other column off the projector.
    """
    cleaned = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co")
    )
    flat = " ".join(cleaned.split())
    if not flat:
        return empty
    if limit and len(flat) > limit:
        return flat[: max(1, limit - 1)].rstrip() + ELLIPSIS
    return flat


def plain(text: str, limit: int = 0, empty: str = "") -> Content:
    """User text as `Content` for a `Static` or `Label`: one line, literal, never markup."""
    return Content(one_line(text, limit, empty))


def cell(text: str, limit: int = 40, empty: str = "") -> Text:
    """User text for a `DataTable` cell, which would otherwise parse a `str` as markup."""
    return Text(one_line(text, limit, empty), no_wrap=True, overflow="ellipsis")


def paragraph(text: str) -> Content:
    """Multi-line text (instructions) shown literally, keeping its line breaks."""
    lines = ["".join(ch for ch in line if ch.isprintable()) for line in text.strip().splitlines()]
    return Content("\n".join(lines))


def editable(text: str) -> str:
    """User text for an `Input`, which would send control characters to the terminal as they are.

    Line breaks and tabs become spaces; other control characters become their
    visible "control pictures" (an escape shows as ␛). Callers save a field
    only when the trainer changed what was shown, so an untouched field never
    rewrites the stored text.
    """
    out = []
    for ch in text:
        if ch in "\n\r\t":
            out.append(" ")
        elif ord(ch) < 0x20:
            out.append(chr(0x2400 + ord(ch)))
        elif ord(ch) == 0x7F or 0x80 <= ord(ch) < 0xA0:
            out.append("\u2421" if ord(ch) == 0x7F else "\ufffd")
        else:
            out.append(ch)
    return "".join(out)
