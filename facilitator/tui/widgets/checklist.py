"""Checklist: tick what the observer heard, for each person observed this round.

Observers hand in paper sheets; the scribe types them. Rows are the people
observed this round (the pairing's message-takers, say), columns are the
items by number, and a digit toggles that item for the highlighted person,
so a whole sheet is a handful of key presses. x (or Enter, or a click)
toggles the cell under the cursor. The chart of how often each item was
ticked this round doubles as the legend for the numbered columns.

The round follows the linked pairing step until the scribe picks another
round here with ] and [; the choice is kept in the step's state.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.widgets import DataTable, Static

from facilitator.engine import Session, aggregates
from facilitator.engine.aggregates import Bar, ChartData
from facilitator.model import Checklist, Pairing
from facilitator.tui.text import content, literal, one_line
from facilitator.tui.widgets.bars import BarChart
from facilitator.tui.widgets.base import StepView, register
from facilitator.tui.widgets.more import MoreScroll
from facilitator.tui.widgets.step_common import StatusLine, attempt

WIDE = 120
TICK = "✓"


class TickGrid(DataTable[Text]):
    """People against numbered items, with a cell cursor."""

    DEFAULT_CSS = """
    TickGrid { height: 1fr; }
    TickGrid > .datatable--header { text-style: bold; }
    """


@register
class ChecklistView(StepView):
    """A tick grid for this round's subjects, and the live share ticked per item."""

    kind = "checklist"

    DEFAULT_CSS = """
    ChecklistView { padding: 0 1; }
    ChecklistView .checklist--instructions { color: $text-muted; height: auto; }
    ChecklistView .checklist--head { height: auto; text-style: bold; color: $text-accent; }
    ChecklistView #checklist-body { height: 1fr; }
    ChecklistView.-wide #checklist-body { layout: horizontal; }
    ChecklistView #checklist-grid-box { height: 1fr; }
    ChecklistView.-wide #checklist-grid-box { width: 1fr; height: 1fr; }
    ChecklistView #checklist-grid-box.-few { height: auto; }
    ChecklistView #checklist-chart-box { height: 1fr; margin-top: 1; }
    ChecklistView.-wide #checklist-chart-box { width: 1fr; margin-top: 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "tick", "Tick", id="checklist.toggle"),
        *[
            Binding(
                str(n),
                f"toggle_item({n})",
                "Tick item",
                show=n == 1,
                key_display="1–9",
                id=f"checklist.item_{n}",
            )
            for n in range(1, 10)
        ],
        Binding("]", "round(1)", "Next round", id="checklist.next_round"),
        Binding("[", "round(-1)", "Prev round", id="checklist.previous_round"),
        Binding("ctrl+down", "chart_scroll(3)", "Chart: more", show=False, id="checklist.chart_down"),
        Binding("ctrl+up", "chart_scroll(-3)", "Chart: back up", show=False, id="checklist.chart_up"),
    ]

    def __init__(self, workshop: Session, key: str, *, id: str | None = None, room: bool = False) -> None:
        super().__init__(workshop, key, id=id, room=room)
        self._subjects: list[str] = []

    @property
    def checklist(self) -> Checklist:
        """The step, typed."""
        step = self.step
        assert isinstance(step, Checklist)
        return step

    @property
    def rounds(self) -> int:
        """How many rounds there are: the linked pairing's, else one."""
        if not self.checklist.pairing:
            return 1
        pairing = self.workshop.step(self.workshop.resolve(self.key, self.checklist.pairing))
        return pairing.rounds if isinstance(pairing, Pairing) else 1

    @property
    def round(self) -> int:
        """The round being entered (see `Session.checklist_round`)."""
        return max(1, min(self.rounds, self.workshop.checklist_round(self.key)))

    def compose(self) -> ComposeResult:
        step = self.checklist
        if step.instructions.strip():
            yield Static(content(step.instructions.strip()), classes="checklist--instructions")
        yield Static(classes="checklist--head")
        with Container(id="checklist-body"):
            with Vertical(id="checklist-grid-box"):
                yield TickGrid(id="checklist-grid", cursor_type="cell", zebra_stripes=True)
                yield StatusLine()
            with MoreScroll(id="checklist-chart-box"):
                yield BarChart(id="checklist-chart", scrolls=True)

    def on_mount(self) -> None:
        self.set_class(self.app.size.width >= WIDE, "-wide")
        self._fill()
        grid = self.query_one(TickGrid)
        grid.move_cursor(row=0, column=1)
        if not self.room:
            grid.focus()

    def on_resize(self) -> None:
        wide = self.size.width >= WIDE
        self.set_class(wide, "-wide")
        self.query_one(BarChart).show_title = wide
        self._fit()

    # ----- drawing ------------------------------------------------------------------------

    def _ticks(self) -> dict[str, dict[str, object]]:
        rnd = self.round
        return {e.owner: dict(e.data) for e in self.workshop.ticks(self.key) if e.round == rnd}

    def _fill(self) -> None:
        status = self.query_one(StatusLine)
        _, subjects = attempt(status, lambda: self.workshop.checklist_subjects(self.key, self.round))
        self._subjects = subjects or []
        grid = self.query_one(TickGrid)
        where = grid.cursor_coordinate
        grid.clear(columns=True)
        grid.add_column(Text("Observed" if self.checklist.subject_role else "Who"), key="who")
        for number, item in enumerate(self.checklist.items, 1):
            grid.add_column(Text(str(number)), key=item.id, width=3)
        grid.add_column(Text("Done"), key="done", width=5)
        ticks = self._ticks()
        for subject in self._subjects:
            mine = ticks.get(subject, {})
            row = [literal(one_line(self.workshop.owner_label(subject), 26))]
            row += [self._mark(bool(mine.get(item.id))) for item in self.checklist.items]
            row.append(self._done(mine))
            grid.add_row(*row, key=subject)
        if self._subjects:
            grid.move_cursor(row=min(where.row, len(self._subjects) - 1), column=max(1, where.column))
        self._head()
        self._chart()
        self._fit()
        self.refresh_bindings()

    def _mark(self, ticked: bool) -> Text:
        return Text(TICK, style="bold") if ticked else Text("·", style="dim")

    def _done(self, ticks: dict[str, object]) -> Text:
        count = sum(1 for item in self.checklist.items if ticks.get(item.id))
        return Text(f"{count}/{len(self.checklist.items)}") if ticks else Text("–", style="dim")

    def _head(self) -> None:
        step = self.checklist
        done, expected = self.workshop.progress(self.key)
        parts = []
        if step.pairing:
            parts.append(f"Round {self.round} of {self.rounds}")
        if step.subject_role:
            parts.append(f"observing each {step.subject_role}")
        parts.append(f"{done} of {expected} entered")
        self.query_one(".checklist--head", Static).update(content("  ·  ".join(parts)))

    def _fit(self) -> None:
        """The grid as tall as its rows while they fit in half the height (else it scrolls); the chart,
        which doubles as the legend of the numbered columns, gets the rest and scrolls with a marker."""
        rows = len(self._subjects) + 1
        height = self.size.height or self.app.size.height
        few = self.has_class("-wide") or rows <= max(4, height // 2)
        grid = self.query_one(TickGrid)
        grid.styles.height = "auto" if few else "1fr"
        grid.styles.min_height = None if few else 4
        self.query_one("#checklist-grid-box").set_class(few, "-few")

    def _chart(self) -> None:
        ticks = list(self._ticks().values())
        shares = aggregates.ticked_share(self.checklist.items, ticks)
        bars = tuple(Bar(f"{n}  {b.label}", b.value, b.text) for n, b in enumerate(shares, 1))
        title = f"Ticked in round {self.round}" if self.checklist.pairing else "Ticked so far"
        note = f"{len(ticks)} checklists" if ticks else "no checklists yet"
        self.query_one(BarChart).update(ChartData(title, bars, 100, note, count=len(ticks)))

    # ----- actions ------------------------------------------------------------------------

    def _toggle(self, row: int, item_index: int) -> None:
        status = self.query_one(StatusLine)
        if not 0 <= row < len(self._subjects) or not 0 <= item_index < len(self.checklist.items):
            return
        subject = self._subjects[row]
        item = self.checklist.items[item_index]
        now = not bool(self._ticks().get(subject, {}).get(item.id))
        rnd = self.round
        ok, _ = attempt(status, lambda: self.workshop.set_tick(self.key, subject, item.id, now, rnd))
        if not ok:
            return
        status.clear()
        grid = self.query_one(TickGrid)
        grid.update_cell(subject, item.id, self._mark(now))
        grid.update_cell(subject, "done", self._done(self._ticks().get(subject, {})))
        self._head()
        self._chart()
        self.saved("tick")

    def action_tick(self) -> None:
        """Tick or untick the cell under the cursor."""
        where = self.query_one(TickGrid).cursor_coordinate
        self._toggle(where.row, where.column - 1)

    def action_toggle_item(self, number: int) -> None:
        """Tick or untick item `number` for the highlighted person."""
        self._toggle(self.query_one(TickGrid).cursor_row, number - 1)

    def action_round(self, step: int) -> None:
        """Enter another round's checklists."""
        target = self.round + step
        if not 1 <= target <= self.rounds:
            return
        ok, _ = attempt(self.query_one(StatusLine), lambda: self.workshop.set_round(self.key, target))
        if ok:
            self._fill()
            self.query_one(TickGrid).move_cursor(row=0, column=1)
            self.saved("round")

    def action_chart_scroll(self, lines: int) -> None:
        """Scroll the chart (the items' legend) when it is taller than the screen."""
        self.query_one("#checklist-chart-box", MoreScroll).scroll_lines(lines)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self._toggle(event.coordinate.row, event.coordinate.column - 1)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        if event.coordinate.column == 0:
            self.query_one(TickGrid).move_cursor(column=1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "round":
            if self.rounds == 1:
                return False
            target = self.round + int(str(parameters[0]))
            return True if 1 <= target <= self.rounds else None
        if action == "toggle_item":
            return int(str(parameters[0])) <= len(self.checklist.items)
        return True

    def refresh_view(self) -> None:
        self._fill()
