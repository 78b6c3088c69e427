"""Turning user text into something safe to put on a projected screen.

Names, teams, entries and session titles come from CSV exports and trainers'
typing: they may hold newlines, tabs, escape sequences or markup-looking
brackets. Everything here returns plain `str`, `Content` or rich `Text` built
from plain text, never markup, so `[bold]Eve[/` is shown as typed and cannot
restyle anything. Control characters are shown as their visible "control
picture" (an escape becomes ␛) rather than dropped, so odd input is visible
to the trainer but never reaches the real terminal, where it would recolour
or move the cursor for the whole room.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.content import Content

ELLIPSIS = "…"
_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def safe(text: object) -> str:
    """Text as typed, with tabs as spaces and other control characters made visible."""
    return _CONTROL.sub(_picture, str(text).replace("\t", " "))


def clip(text: str, width: int) -> str:
    """Cut `text` to `width` terminal cells (wide CJK and emoji count double), ending in an ellipsis."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + ELLIPSIS


def one_line(text: object, limit: int = 0, empty: str = "") -> str:
    """`safe` text on a single line: each line break (with the spaces around it) becomes one space.

    Other spacing is kept, since views align columns with it. With `limit`
    (in cells), longer text is cut with an ellipsis so a 10,000-character
    name cannot push every other column off the projector.
    """
    flat = safe(_BREAKS.sub(" ", str(text)))
    if not flat.strip():
        return empty
    return clip(flat, limit) if limit else flat


def literal(text: object, style: str = "") -> Text:
    """A rich `Text` that shows `text` exactly, whatever brackets it holds."""
    return Text(safe(text), style=style)


def content(text: object) -> Content:
    """A Textual `Content` that shows `text` exactly (for Static and Label), line breaks kept."""
    return Content(safe(text))


def plain(text: str, limit: int = 0, empty: str = "") -> Content:
    """User text as one literal line of `Content` for a `Static` or `Label`."""
    return Content(one_line(text, limit, empty))


def cell(text: str, limit: int = 40, empty: str = "") -> Text:
    """User text for a `DataTable` cell, which would otherwise parse a `str` as markup."""
    return Text(one_line(text, limit, empty), no_wrap=True, overflow="ellipsis")


def paragraph(text: str) -> Content:
    """Multi-line text (instructions) shown literally, keeping its line breaks."""
    return Content("\n".join(safe(line) for line in text.strip().splitlines()))


def editable(text: str) -> str:
    """User text for an `Input`, which would send control characters to the terminal as they are.

    Line breaks and tabs become spaces; other control characters become their
    pictures. Callers save a field only when the trainer changed what was
    shown, so an untouched field never rewrites the stored text.
    """
    return safe(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
