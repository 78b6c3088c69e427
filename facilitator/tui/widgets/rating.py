"""Rating: a grid of people (or the whole group) against scale items, scored with digits.

A scribe typing forty paper sheets needs one key per score, so a digit sets
the cell under the cursor and moves on to the next cell; arrows correct, and
Backspace clears. On a 0–10 scale "1" then "0" within a second gives 10 (a
lone "1" is kept as 1 once the second passes or another key arrives).

Items appear as numbered columns ("1", "2"; "1a", "1b" with aspects), because
item labels are sentences; the average chart beside or below the grid spells
each number out, so it doubles as the legend the room reads.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.coordinate import Coordinate
from textual.timer import Timer
from textual.widgets import DataTable, Static

from facilitator.engine import GROUP, Session
from facilitator.engine.aggregates import ChartData, cell_key
from facilitator.model import Chart, Rating
from facilitator.tui.text import content, literal, one_line
from facilitator.tui.widgets.bars import BarChart
from facilitator.tui.widgets.base import StepView, register
from facilitator.tui.widgets.more import MoreScroll
from facilitator.tui.widgets.step_common import StatusLine, attempt

WIDE = 120
TWO_DIGIT_SECONDS = 1.0
ASPECT_LETTERS = "abcd"


class ScoreGrid(DataTable[Text]):
    """The grid; a DataTable with a cell cursor (arrows move, as in a spreadsheet)."""

    DEFAULT_CSS = """
    ScoreGrid { height: 1fr; }
    ScoreGrid > .datatable--header { text-style: bold; }
    """


@register
class RatingView(StepView):
    """Scores typed into a grid, with the live average of every item."""

    kind = "rating"

    DEFAULT_CSS = """
    RatingView { padding: 0 1; }
    RatingView .rating--instructions { color: $text-muted; height: auto; }
    RatingView .rating--scale { height: auto; color: $text-accent; text-style: bold; }
    RatingView #rating-body { height: 1fr; }
    RatingView.-wide #rating-body { layout: horizontal; }
    RatingView #rating-grid-box { height: 1fr; }
    RatingView.-wide #rating-grid-box { width: 1fr; height: 1fr; }
    RatingView #rating-grid-box.-few { height: auto; }
    RatingView #rating-chart-box { height: 1fr; margin-top: 1; }
    RatingView.-wide #rating-chart-box { width: 1fr; margin-top: 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(str(d), f"score({d})", "Score", show=d == 1, key_display="0–9", id=f"rating.score_{d}")
            for d in range(10)
        ],
        Binding("backspace,delete", "clear", "Clear", key_display="⌫", id="rating.clear"),
        Binding("ctrl+down", "chart_scroll(3)", "Chart: more", show=False, id="rating.chart_down"),
        Binding("ctrl+up", "chart_scroll(-3)", "Chart: back up", show=False, id="rating.chart_up"),
    ]

    def __init__(self, workshop: Session, key: str, *, id: str | None = None, room: bool = False) -> None:
        super().__init__(workshop, key, id=id, room=room)
        self._pending: tuple[Coordinate, int] | None = None
        self._pending_timer: Timer | None = None

    @property
    def rating(self) -> Rating:
        """The step, typed."""
        step = self.step
        assert isinstance(step, Rating)
        return step

    def owners(self) -> list[str]:
        """Rows: the whole group, or everyone present plus anyone absent who already scored."""
        if self.rating.per == "group":
            return [GROUP]
        present = [p.id for p in self.workshop.participants(present_only=True)]
        scored = [o for o in self.workshop.scores(self.key) if o not in present and o != GROUP]
        return present + scored

    def cells(self) -> list[tuple[str, str, int | None]]:
        """Columns: (header code, score key, aspect index) in item order."""
        step = self.rating
        out: list[tuple[str, str, int | None]] = []
        for number, item in enumerate(step.items, 1):
            if step.aspects:
                for index in range(len(step.aspects)):
                    out.append((f"{number}{ASPECT_LETTERS[index]}", item.id, index))
            else:
                out.append((str(number), item.id, None))
        return out

    def compose(self) -> ComposeResult:
        step = self.rating
        if step.instructions.strip():
            yield Static(content(step.instructions.strip()), classes="rating--instructions")
        yield Static(content(self._scale_text()), classes="rating--scale")
        with Container(id="rating-body"):
            with Vertical(id="rating-grid-box"):
                yield ScoreGrid(id="rating-grid", cursor_type="cell", zebra_stripes=True)
                yield StatusLine()
            with MoreScroll(id="rating-chart-box"):
                yield BarChart(id="rating-chart", scrolls=True)

    def _scale_text(self) -> str:
        step = self.rating
        low = f"{step.min} ({step.low_label})" if step.low_label.strip() else str(step.min)
        high = f"{step.max} ({step.high_label})" if step.high_label.strip() else str(step.max)
        parts = [f"Scores {low} to {high}"]
        parts += [f"{ASPECT_LETTERS[i]}: {aspect}" for i, aspect in enumerate(step.aspects)]
        return "  ·  ".join(parts)

    def on_mount(self) -> None:
        self.set_class(self.app.size.width >= WIDE, "-wide")
        self._fill()
        grid = self.query_one(ScoreGrid)
        grid.move_cursor(row=0, column=1)
        if not self.room:
            grid.focus()

    def on_resize(self) -> None:
        wide = self.size.width >= WIDE
        self.set_class(wide, "-wide")
        self.query_one(BarChart).show_title = wide
        self._fit()

    # ----- drawing ------------------------------------------------------------------------

    def _cell_text(self, scores: dict[str, int], key: str) -> Text:
        value = scores.get(key)
        return Text(str(value), style="bold") if value is not None else Text("·", style="dim")

    def _fill(self) -> None:
        grid = self.query_one(ScoreGrid)
        where = grid.cursor_coordinate
        grid.clear(columns=True)
        grid.add_column(Text("Who" if self.rating.per == "participant" else ""), key="who")
        for code, item, aspect in self.cells():
            grid.add_column(Text(code), key=cell_key(item, aspect), width=max(3, len(code)))
        scores = self.workshop.scores(self.key)
        for owner in self.owners():
            mine = scores.get(owner, {})
            row = [literal(one_line(self.workshop.owner_label(owner), 26))]
            row += [self._cell_text(mine, cell_key(item, aspect)) for _, item, aspect in self.cells()]
            grid.add_row(*row, key=owner)
        grid.move_cursor(row=where.row, column=max(1, where.column))
        self._chart()
        self._fit()

    def _fit(self) -> None:
        """The grid as tall as its rows while they fit in half the height (else it scrolls); the chart,
        which doubles as the legend of the numbered columns, gets the rest and scrolls with a marker."""
        rows = len(self.owners()) + 1
        height = self.size.height or self.app.size.height
        few = self.has_class("-wide") or rows <= max(4, height // 2)
        grid = self.query_one(ScoreGrid)
        grid.styles.height = "auto" if few else "1fr"
        grid.styles.min_height = None if few else 4
        self.query_one("#rating-grid-box").set_class(few, "-few")

    def _chart(self) -> None:
        chart = self.workshop.chart(
            self.key, Chart(kind="average", step=self.rating.id, title="Average so far")
        )
        labels = {item.id: item.label for item in self.rating.items}
        names = [f"{code}  {labels[item]}" for code, item, _ in self.cells()]
        bars = tuple(
            replace(bar, label=names[i]) if i < len(names) else bar for i, bar in enumerate(chart.bars)
        )
        done, expected = self.workshop.progress(self.key)
        note = f"{chart.note}; {done} of {expected} complete" if self.rating.per != "group" else chart.note
        self.query_one(BarChart).update(ChartData(chart.title, bars, chart.maximum, note))

    # ----- scoring ------------------------------------------------------------------------

    def _target(self) -> tuple[str, str, int | None] | None:
        grid = self.query_one(ScoreGrid)
        where = grid.cursor_coordinate
        owners = self.owners()
        if not owners or where.column < 1 or where.row >= len(owners):
            return None
        _, item, aspect = self.cells()[where.column - 1]
        return owners[where.row], item, aspect

    def _set(self, score: int | None) -> bool:
        target = self._target()
        status = self.query_one(StatusLine)
        if target is None:
            status.show_error("Move to a score cell first (the columns after the name).")
            return False
        owner, item, aspect = target
        ok, _ = attempt(status, lambda: self.workshop.set_score(self.key, owner, item, score, aspect))
        if ok:
            status.clear()
            grid = self.query_one(ScoreGrid)
            cell = cell_key(item, aspect)
            grid.update_cell(owner, cell, self._cell_text({} if score is None else {cell: score}, cell))
            self._chart()
            self.saved("score")
        return ok

    def _advance(self) -> None:
        grid = self.query_one(ScoreGrid)
        where = grid.cursor_coordinate
        last = len(self.cells())
        if where.column < last:
            grid.move_cursor(column=where.column + 1)
        elif where.row < len(self.owners()) - 1:
            grid.move_cursor(row=where.row + 1, column=1)

    def _commit_pending(self, advance: bool = True) -> None:
        """The second digit did not come: keep the single digit (and move on, unless told not to)."""
        if self._pending_timer is not None:
            self._pending_timer.stop()
            self._pending_timer = None
        if self._pending is not None:
            self._pending = None
            if advance:
                self._advance()

    def action_score(self, digit: int) -> None:
        """Set the cell under the cursor; on 0–10 scales a 1 may be the start of 10."""
        grid = self.query_one(ScoreGrid)
        step = self.rating
        if self._pending is not None:
            where, first = self._pending
            combined = first * 10 + digit
            if where == grid.cursor_coordinate and combined <= step.max:
                self._pending = None
                if self._pending_timer is not None:
                    self._pending_timer.stop()
                if self._set(combined):
                    self._advance()
                return
            self._commit_pending()
        if digit * 10 <= step.max and digit != 0:
            if self._set(digit):
                self._pending = (grid.cursor_coordinate, digit)
                self._pending_timer = self.set_timer(TWO_DIGIT_SECONDS, self._commit_pending)
            return
        if self._set(digit):
            self._advance()

    def action_clear(self) -> None:
        """Empty the cell under the cursor."""
        self._commit_pending(advance=False)
        self._set(None)

    def on_key(self, event: events.Key) -> None:
        if self._pending is not None and not (event.character or "").isdigit():
            self._commit_pending(advance=event.key == "enter")

    def action_chart_scroll(self, lines: int) -> None:
        """Scroll the chart (the items' legend) when it is taller than the screen."""
        self.query_one("#rating-chart-box", MoreScroll).scroll_lines(lines)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        if event.coordinate.column == 0 and self.cells():
            self.query_one(ScoreGrid).move_cursor(column=1)

    def refresh_view(self) -> None:
        self._fill()
