"""Debrief: the questions for the room next to what the room entered earlier.

On a wide screen the questions sit on the left and every chart on the right.
On an 80x24 projector the questions come first and one chart at a time
below them; ] and [ move between charts (the chart on show is kept in the
step's state, so coming back from a break shows the same one). Gap charts
draw signed bars around an axis; "entries" charts list what was written.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.widgets import Static

from facilitator.engine import Session
from facilitator.engine.aggregates import ChartData
from facilitator.model import Chart, Debrief
from facilitator.tui.text import content, one_line
from facilitator.tui.widgets.bars import BarChart, with_no_choice
from facilitator.tui.widgets.base import StepView, register
from facilitator.tui.widgets.more import MoreScroll
from facilitator.tui.widgets.step_common import StatusLine, attempt

WIDE = 120


@register
class DebriefView(StepView):
    """Numbered questions and the step's charts."""

    kind = "debrief"
    can_focus = True

    DEFAULT_CSS = """
    DebriefView { padding: 0 1; }
    DebriefView #debrief-body { height: auto; }
    DebriefView.-wide #debrief-body { layout: horizontal; height: 1fr; }
    DebriefView #debrief-questions { height: auto; }
    DebriefView.-wide #debrief-questions { width: 2fr; height: 1fr; }
    DebriefView #debrief-charts { height: auto; }
    DebriefView.-wide #debrief-charts { width: 3fr; height: 1fr; }
    DebriefView .debrief--instructions { color: $text-muted; margin-bottom: 1; }
    DebriefView .debrief--question { height: auto; text-style: bold; }
    DebriefView .debrief--number { width: 4; color: $text-accent; }
    DebriefView .debrief--text { width: 1fr; }
    DebriefView.-wide .debrief--question { margin-bottom: 1; }
    DebriefView .debrief--switch { height: 1; color: $text-muted; margin-top: 1; }
    DebriefView BarChart { margin-top: 1; }
    DebriefView BarChart.-hidden { display: none; }
    DebriefView.-wide BarChart.-hidden { display: block; }
    DebriefView .debrief--empty { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("]", "chart(1)", "Next chart", id="debrief.next_chart"),
        Binding("[", "chart(-1)", "Prev chart", id="debrief.previous_chart"),
        Binding("down", "scroll(1)", "More", key_display="↓", id="debrief.scroll_down"),
        Binding("up", "scroll(-1)", "Back up", key_display="↑", id="debrief.scroll_up"),
    ]

    def __init__(self, workshop: Session, key: str, *, id: str | None = None, room: bool = False) -> None:
        super().__init__(workshop, key, id=id, room=room)
        self._wide = False

    @property
    def debrief(self) -> Debrief:
        """The step, typed."""
        step = self.step
        assert isinstance(step, Debrief)
        return step

    @property
    def current(self) -> int:
        """Index of the chart shown on a narrow screen (kept in the step's state)."""
        count = len(self.debrief.charts)
        return max(0, min(count - 1, self.workshop.state(self.key).chart)) if count else 0

    def compose(self) -> ComposeResult:
        step = self.debrief
        with MoreScroll(id="debrief-scroll"), Container(id="debrief-body"):
            with MoreScroll(id="debrief-questions"):
                if step.instructions.strip():
                    yield Static(content(step.instructions.strip()), classes="debrief--instructions")
                for number, question in enumerate(step.questions, 1):
                    with Horizontal(classes="debrief--question"):
                        yield Static(f"{number}.", classes="debrief--number")
                        yield Static(content(one_line(question)), classes="debrief--text")
            with MoreScroll(id="debrief-charts"):
                if len(step.charts) > 1:
                    yield Static(classes="debrief--switch")
                for index in range(len(step.charts)):
                    yield BarChart(id=f"debrief-chart-{index}")
        yield StatusLine()

    def on_mount(self) -> None:
        self._wide = self.app.size.width >= WIDE
        self.set_class(self._wide, "-wide")
        self._fill()
        if self.app.focused is None:
            self.focus()

    def on_resize(self) -> None:
        self._wide = self.size.width >= WIDE
        self.set_class(self._wide, "-wide")
        self._show()
        self.refresh_keys_later()

    def _fill(self) -> None:
        status = self.query_one(StatusLine)
        for index, chart in enumerate(self.debrief.charts):
            ok, data = attempt(status, lambda chart=chart: self.workshop.chart(self.key, chart))  # type: ignore[misc]
            if ok and data is not None:
                self.query_one(f"#debrief-chart-{index}", BarChart).update(self._readable(chart, data))
        self._show()

    @staticmethod
    def _readable(chart: Chart, data: ChartData) -> ChartData:
        """An empty chart says so in words instead of drawing zero-length bars (its own note,
        "0 entries" or "no scores yet", would only say it twice); a tally accounts for every
        entry (a "no choice" bar) and says "1 entry", "1 dot"."""
        if data.count == 0 and not data.lines:
            return ChartData(data.title, (), data.maximum, "Nothing entered yet.")
        if chart.kind == "tally":
            return with_no_choice(data)
        if chart.kind == "votes":
            return with_no_choice(data, ("dot", "dots"))
        return data

    def _show(self) -> None:
        current = self.current
        charts = list(self.query(BarChart).results(BarChart))
        for index, chart in enumerate(charts):
            chart.set_class(index != current, "-hidden")
        if len(charts) > 1:
            switch = self.query_one(".debrief--switch", Static)
            switch.display = not self._wide
            switch.update(content(f"Chart {current + 1} of {len(charts)}  ·  ] next, [ previous"))
        self.refresh_bindings()

    def action_chart(self, step: int) -> None:
        """Show the next or previous chart (narrow screens show one at a time)."""
        target = self.current + step
        if not 0 <= target < len(self.debrief.charts):
            return
        ok, _ = attempt(self.query_one(StatusLine), lambda: self.workshop.show_chart(self.key, target))
        if ok:
            self._show()
            self._scroller().scroll_home(animate=False)
            self.refresh_keys_later()
            self.saved("chart")

    def _scroller(self) -> MoreScroll:
        """What ↑/↓ scroll: the charts column on a wide screen, the whole step otherwise."""
        return self.query_one("#debrief-charts" if self._wide else "#debrief-scroll", MoreScroll)

    def action_scroll(self, lines: int) -> None:
        """Scroll a long list of entries or questions a few lines."""
        scroller = self._scroller()
        scroller.scroll_to(y=scroller.scroll_y + 3 * lines, animate=False)
        self.refresh_keys_later()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "scroll":
            scroller = self._scroller()
            down = int(str(parameters[0])) > 0
            return scroller.scroll_y < scroller.max_scroll_y if down else scroller.scroll_y > 0
        if action == "chart":
            if self._wide or len(self.debrief.charts) < 2:
                return False
            target = self.current + int(str(parameters[0]))
            return True if 0 <= target < len(self.debrief.charts) else None
        return True

    def refresh_view(self) -> None:
        self._fill()
