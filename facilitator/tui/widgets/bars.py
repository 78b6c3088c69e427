"""A horizontal bar chart of `ChartData`, readable from the back of a training room.

Rating, checklist, vote and debrief views all draw their numbers with this one
widget, so the same figures look the same everywhere. Bars are drawn with
eighth-block characters, so small differences (3.4 against 3.6) still show on
an 80-column projector. Labels come from exercise files and participants, so
they are drawn as plain text, never markup.

When the chart's container is tall enough, each label gets its own line above
its bar, so long item labels ("Listened to what the caller needed before
transferring") are read in full; otherwise labels share the bar's line and
are clipped with an ellipsis.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from facilitator.engine.aggregates import Bar, ChartData, counted
from facilitator.tui.text import clip, one_line, safe

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
#: The bar for tallied entries that chose none of the options.
NO_CHOICE = "no choice"


def with_no_choice(data: ChartData, noun: tuple[str, str] = ("entry", "entries")) -> ChartData:
    """A tally whose bars add up to fewer than its entries gets a "no choice" bar for the rest.

    Otherwise "8 entries" over bars of 7 leaves the room wondering where one went.
    The note says the count with its noun agreeing ("1 entry").
    """
    total = sum(int(bar.value) for bar in data.bars)
    bars = data.bars
    if data.count > total and not data.signed and not data.lines:
        missing = data.count - total
        bars = (*bars, Bar(NO_CHOICE, missing, str(missing)))
    note = counted(data.count, *noun) if data.count else data.note
    return replace(data, bars=bars, note=note, maximum=max([data.maximum, *(b.value for b in bars)]))


def bar_cells(value: float, maximum: float, width: int) -> str:
    """`value` out of `maximum` as a bar `width` cells long at most (eighth-cell precision)."""
    if maximum <= 0 or width <= 0 or value <= 0:
        return ""
    eighths = round(min(value, maximum) / maximum * width * 8)
    whole, part = divmod(eighths, 8)
    return FULL * whole + (EIGHTHS[part] if part else "")


class BarChart(Widget):
    """Draws one `ChartData`: a title, one bar per item, a note; or a list of lines."""

    DEFAULT_CSS = """
    BarChart { height: auto; width: 1fr; padding: 0 1; }
    BarChart > .barchart--title { text-style: bold; color: $text-accent; }
    BarChart > .barchart--label { color: $foreground; }
    BarChart > .barchart--bar { color: $primary; }
    BarChart > .barchart--negative { color: $warning; }
    BarChart > .barchart--value { color: $foreground; text-style: bold; }
    BarChart > .barchart--note { color: $text-muted; }
    BarChart > .barchart--axis { color: $text-muted; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "barchart--title",
        "barchart--label",
        "barchart--bar",
        "barchart--negative",
        "barchart--value",
        "barchart--note",
        "barchart--axis",
    }

    def __init__(
        self,
        data: ChartData | None = None,
        *,
        show_title: bool = True,
        allow_stacked: bool = True,
        scrolls: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.data = data
        self.show_title = show_title
        #: The chart sits in a scrolling area (with a "more" marker): labels that do not fit
        #: beside their bars get a line of their own whatever the height, never an ellipsis.
        self.scrolls = scrolls
        self._drawn: tuple[object, ...] = ()
        self._drawn_lines: list[Text] = []
        #: Whether long labels may get a line of their own when there is room (views
        #: that share a narrow screen with a grid turn this off to keep the grid tall).
        self.allow_stacked = allow_stacked

    def update(self, data: ChartData, *, allow_stacked: bool | None = None) -> None:
        """Show new figures (for example after a score was typed)."""
        self.data = data
        if allow_stacked is not None:
            self.allow_stacked = allow_stacked
        self.refresh(layout=True)

    # ----- layout -----------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"barchart--{name}", partial=True)

    def _label_width(self, width: int) -> int:
        """Labels get what the bars can spare: bars keep at least 30% of the width (16 cells)."""
        bars = self.data.bars if self.data else ()
        longest = max((cell_len(one_line(b.label)) for b in bars), default=0)
        value_width = max((cell_len(one_line(b.text)) for b in bars), default=1)
        spare = width - value_width - 2 - max(16, int(width * 0.3))
        return min(longest, max(10, spare))

    def _fits_inline(self, width: int) -> bool:
        bars = self.data.bars if self.data else ()
        longest = max((cell_len(one_line(b.label)) for b in bars), default=0)
        return longest <= self._label_width(width)

    def _lines(self, width: int, height: int | None) -> list[Text]:
        """The chart's lines for a size; layout asks for them, then render does: drawn once."""
        key = (width, height, self.data, self.show_title, self.allow_stacked, self.scrolls, self.app.theme)
        if key != self._drawn:
            self._drawn_lines = self._draw(width, height)
            self._drawn = key
        return self._drawn_lines

    def _draw(self, width: int, height: int | None) -> list[Text]:
        data = self.data
        if data is None or width <= 0:
            return []
        lines: list[Text] = []
        if self.show_title and data.title:
            lines.append(Text(clip(one_line(data.title), width), style=self._style("title")))
        if data.lines:
            lines.extend(self._entry_lines(data.lines, width))
        elif data.bars:
            inline = self._bar_lines(data, width, stacked=False)
            stacked = self._bar_lines(data, width, stacked=True)
            room = height if height is not None else 0
            extra = len(lines) + (1 if data.note else 0)
            roomy = self.scrolls or room >= len(stacked) + extra
            use_stacked = self.allow_stacked and not self._fits_inline(width) and roomy
            lines.extend(stacked if use_stacked else inline)
        if data.note:
            lines.append(Text(clip(one_line(data.note), width), style=self._style("note")))
        return lines

    def _entry_lines(self, entries: tuple[str, ...], width: int) -> list[Text]:
        out: list[Text] = []
        console = self.app.console
        for entry in entries:
            text = Text(safe(entry).replace("\n", " "), style=self._style("label"))
            for index, line in enumerate(text.wrap(console, max(8, width - 2))):
                bullet = Text("• " if index == 0 else "  ", style=self._style("bar"))
                out.append(bullet + line)
        return out

    def _bar_lines(self, data: ChartData, width: int, *, stacked: bool) -> list[Text]:
        values = [b.text for b in data.bars]
        value_width = max((cell_len(one_line(v)) for v in values), default=1)
        label_width = 0 if stacked else self._label_width(width)
        bar_width = max(4, width - value_width - (label_width + 1 if label_width else 0) - 1)
        out: list[Text] = []
        for bar in data.bars:
            if stacked:
                out.append(Text(clip(one_line(bar.label), width), style=self._style("label")))
            row = Text(no_wrap=True, overflow="crop")
            if label_width:
                label = clip(one_line(bar.label), label_width)
                row.append(label + " " * (label_width - cell_len(label) + 1), style=self._style("label"))
            row.append_text(self._bar(bar, data, bar_width))
            value = one_line(bar.text)
            row.append(" " + " " * (value_width - cell_len(value)) + value, style=self._style("value"))
            out.append(row)
        return out

    def _bar(self, bar: Bar, data: ChartData, width: int) -> Text:
        if not data.signed:
            cells = bar_cells(bar.value, data.maximum, width)
            return Text(cells.ljust(width), style=self._style("bar"))
        # The axis sits in the middle only when some bar goes left of it; a chart of
        # gaps that all point one way gets the whole width for its bars.
        half = (width - 1) // 2 if any(b.value < 0 for b in data.bars) else 0
        cells = bar_cells(abs(bar.value), data.maximum, width - half - 1)
        text = Text()
        if bar.value < 0:
            left = _left_bar(abs(bar.value), data.maximum, half)
            text.append(" " * (half - len(left)))
            text.append(left, style=self._style("negative"))
        else:
            text.append(" " * half)
        text.append("│", style=self._style("axis"))
        if bar.value > 0:
            text.append(cells.ljust(width - half - 1), style=self._style("bar"))
        else:
            text.append(" " * (width - half - 1))
        return text

    # ----- Widget API ---------------------------------------------------------------------

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self._lines(width, container.height)))

    def render(self) -> Text:
        lines = self._lines(self.content_region.width, self.content_region.height)
        return Text("\n").join(lines)


def _left_bar(value: float, maximum: float, width: int) -> str:
    """A bar growing leftwards from the axis: whole cells only (no left-eighth glyphs exist)."""
    if maximum <= 0 or width <= 0 or value <= 0:
        return ""
    cells = max(1, round(min(value, maximum) / maximum * width))
    return FULL * cells
