"""The room display's list of a capture step's entries: each one whole, newest first.

On the console the entries sit in a table beside the form, each cell cut to
its column, because the scribe can open any entry to read it all. The room
cannot open anything: what the wall cuts, the room never reads. So on the
room display each entry is one paragraph, its owner first and every field
after it, wrapping as far as it needs, with a blank line between entries so
the back row can tell where one ends. The newest come first; the oldest fall
off the foot of the wall, which the count line above says.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.content import Content
from textual.widgets import Static

from facilitator.engine import Entry
from facilitator.model import Field
from facilitator.tui.text import one_line

#: Entries drawn at most: more than any wall holds; older ones are counted, not drawn.
SHOWN = 60

#: Cells of one field at most: a pasted essay must not push every other entry off the wall.
FIELD_CELLS = 400


class RoomEntries(Static):
    """Same `setup`/`show`/`listed` as the console's `EntryTable`, drawn as wrapped paragraphs."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.fields: list[Field] = []
        self.owner_label: Callable[[str], str] | None = None
        self.listed = 0

    def setup(self, fields: Sequence[Field], owner_label: Callable[[str], str] | None, heading: str) -> None:
        """The fields shown, in order, and how owners are named (None: not at all)."""
        self.fields = list(fields)
        self.owner_label = owner_label

    def paragraph(self, entry: Entry) -> Content:
        """One entry: its owner in bold, then each field that holds something, in full."""
        values = [one_line(entry.data.get(f.id, ""), FIELD_CELLS) for f in self.fields]
        text = Content("  ·  ").join(Content(v) for v in values if v.strip())
        if self.owner_label is None:
            return text
        return Content.assemble((one_line(self.owner_label(entry.owner), 40), "bold"), "  ", text)

    def show(self, newest_first: Sequence[Entry]) -> None:
        """Every entry counted, the newest `SHOWN` drawn."""
        self.listed = len(newest_first)
        self.update(Content("\n\n").join(self.paragraph(e) for e in newest_first[:SHOWN]))
