"""The list of saved entries under a capture form: newest first, drawn a page at a time.

A step can hold a thousand entries. Building a row for each on every save
stalled the projector, so the list is built once, a page at a time as the
scribe scrolls down, and each save, edit or delete changes one row.

The list sits beside a form, so it has its own visible mode: while it has
the focus the line above it says so and lists its keys, which are keys
nobody types (Enter edits, Del deletes). A letter typed here was meant for
the form: it goes back to the field the scribe came from, nothing is lost,
and nothing of the Run screen's one-letter commands fires.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual._two_way_dict import TwoWayDict
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from facilitator.engine import Entry
from facilitator.model import Field
from facilitator.tui.text import literal, one_line
from facilitator.tui.widgets.step_common import RowTable

#: Rows added at a time: a screenful and more, so scrolling never waits.
PAGE = 50

#: Rows from the end at which the next page is added.
MARGIN = 10


class EntryTable(RowTable):
    """Newest first; Enter edits and Del deletes the highlighted entry."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "delete", "Delete", key_display="Del", id="capture.delete"),
    ]

    class Act(Message):
        """Edit or delete the highlighted entry."""

        def __init__(self, what: str, entry_id: str) -> None:
            super().__init__()
            self.what = what
            self.entry_id = entry_id

    class Typed(Message):
        """A character typed in the list, meant for the form."""

        def __init__(self, character: str) -> None:
            super().__init__()
            self.character = character

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fields: list[Field] = []
        self.owner_label: Callable[[str], str] | None = None
        self._later: list[Entry] = []

    def setup(self, fields: Sequence[Field], owner_label: Callable[[str], str] | None, heading: str) -> None:
        """Columns, once: the owner's (unless `owner_label` is None), then one per field."""
        self.fields = list(fields)
        self.owner_label = owner_label
        if owner_label is not None:
            self.add_column(Text(heading), key="who", width=18)
        for field in self.fields:
            self.add_column(literal(one_line(field.label, 24)), key=field.id)

    def cells(self, entry: Entry) -> list[Text]:
        """One row's cells, each one literal line."""
        out = [literal(one_line(self.owner_label(entry.owner), 18))] if self.owner_label else []
        return out + [literal(one_line(entry.data.get(f.id, ""), 36)) for f in self.fields]

    def allow_focus(self) -> bool:
        """An empty list is no stop for Tab: nothing there to edit."""
        return self.row_count > 0

    def show(self, newest_first: Sequence[Entry]) -> None:
        """Every entry, the first page drawn now and the rest as the scribe scrolls to it."""
        row = self.cursor_row
        self.clear()
        self._later = list(newest_first)
        self._more()
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1))

    def _more(self) -> None:
        page, self._later = self._later[:PAGE], self._later[PAGE:]
        for entry in page:
            self.add_row(*self.cells(entry), key=entry.id)

    @property
    def listed(self) -> int:
        """How many entries the list holds, drawn or not yet."""
        return self.row_count + len(self._later)

    def put_new(self, entry: Entry) -> None:
        """A new entry at the top, without redrawing the others."""
        key = self.add_row(*self.cells(entry), key=entry.id)
        # As DataTable.sort does: rows are drawn in the order of their locations.
        where = self._row_locations
        locations = {row: (where.get(row) or 0) + 1 for row in where}
        locations[key] = 0
        self._row_locations = TwoWayDict(locations)
        self._update_count += 1
        self.move_cursor(row=0)
        self.refresh()

    def put_edited(self, entry: Entry) -> None:
        """An edited entry's cells, in place."""
        if entry.id not in self.rows:
            return
        keys = (["who"] if self.owner_label else []) + [f.id for f in self.fields]
        for key, value in zip(keys, self.cells(entry), strict=True):
            self.update_cell(entry.id, key, value, update_width=True)

    def drop(self, entry_id: str) -> None:
        """A deleted entry's row goes."""
        if entry_id in self.rows:
            self.remove_row(entry_id)
        self._later = [e for e in self._later if e.id != entry_id]

    def highlighted_id(self) -> str | None:
        """The entry under the cursor."""
        if not self.row_count:
            return None
        value = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return str(value) if value else None

    # ----- keys and the lazy pages ------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click on the highlighted row) edits it."""
        event.stop()
        if event.row_key.value:
            self.post_message(self.Act("edit", str(event.row_key.value)))

    def action_delete(self) -> None:
        """Del: delete the highlighted entry (ctrl+z brings it back)."""
        entry_id = self.highlighted_id()
        if entry_id is not None:
            self.post_message(self.Act("delete", entry_id))

    def on_key(self, event: events.Key) -> None:
        """A letter typed here was meant for the form: hand it back."""
        if event.character is not None and event.character.isprintable():
            event.stop()
            event.prevent_default()
            self.post_message(self.Typed(event.character))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Near the last drawn row, draw the next page."""
        if self._later and event.cursor_row >= self.row_count - MARGIN:
            self._more()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scrolling near the end draws the next page too."""
        super().watch_scroll_y(old_value, new_value)
        if self._later and new_value + self.size.height >= self.row_count - MARGIN:
            self._more()
