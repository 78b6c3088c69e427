"""The countdown the back row reads: MM:SS in a block font that grows with the window.

Textual's `Digits` are three rows tall at every size, which is a line of
text from the back of a training room. Here each digit is a 5x7 bitmap
scaled by whole numbers to the space it is given, and drawn with half-block
characters, so one character row holds two bitmap rows and the digits keep
their shape at any size: about 18 rows on an 80x24 projector, 39 rows at
160x45. The widget knows nothing about sessions: it draws a `TimerState`
(and the room display of the next issue draws the same one). Past zero it
counts up with a "+" in the warning colour; `flash` inverts it for a moment
at zero, the Run screen rings the bell.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from facilitator.engine.timing import TimerState, clock_text

#: 5x7 bitmaps ("#" is ink); ":" is narrower so the minutes and seconds stay close.
GLYPHS: dict[str, tuple[str, ...]] = {
    "0": (".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": ("#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
    ":": ("..", "##", "##", "..", "##", "##", ".."),
    "+": (".....", "..#..", "..#..", "#####", "..#..", "..#..", "....."),
    "-": (".....", ".....", ".....", "#####", ".....", ".....", "....."),
    " ": ("..", "..", "..", "..", "..", "..", ".."),
}
GLYPH_ROWS = 7
#: Bitmap columns between two glyphs.
GAP = 1
#: A bitmap pixel is never drawn more than twice as tall as it is wide (half-rows per column).
MAX_STRETCH = 2
FLASH_SECONDS = 2.0
HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def bitmap(text: str) -> list[str]:
    """`text` as GLYPH_ROWS rows of "#" and ".", glyphs GAP columns apart; unknown characters skipped."""
    glyphs = [GLYPHS[ch] for ch in text if ch in GLYPHS]
    if not glyphs:
        return [""] * GLYPH_ROWS
    gap = "." * GAP
    return [gap.join(glyph[row] for glyph in glyphs) for row in range(GLYPH_ROWS)]


def scale_for(text: str, width: int, height: int) -> tuple[int, int]:
    """(columns, half-rows) per bitmap pixel so `text` fills `width` x `height` cells; (0, 0) if it cannot.

    A half-row is about as tall as a column is wide, so a pixel stays within
    MAX_STRETCH of square: tall digits on a narrow window, never smears.
    """
    columns = len(bitmap(text)[0])
    if columns == 0:
        return 0, 0
    most_across, most_down = width // columns, (2 * height) // GLYPH_ROWS
    if most_across <= 0 or most_down <= 0:
        return 0, 0
    across = min(most_across, MAX_STRETCH * most_down)
    return across, min(most_down, MAX_STRETCH * across)


def render_lines(text: str, width: int, height: int) -> list[str]:
    """`text` drawn as big as fits in `width` x `height` cells, as lines of block characters.

    Empty when even the smallest size does not fit (the caller shows plain text instead).
    """
    across, down = scale_for(text, width, height)
    if not across:
        return []
    pixels = [row for row in bitmap(text) for _ in range(down)]
    if len(pixels) % 2:
        pixels.append("." * len(pixels[0]))
    lines = []
    for top, bottom in zip(pixels[::2], pixels[1::2], strict=True):
        line = "".join(HALF_BLOCKS[(a == "#", b == "#")] * across for a, b in zip(top, bottom, strict=True))
        lines.append(line)
    return lines


def digits_text(state: TimerState) -> str:
    """MM:SS left, or +MM:SS over."""
    text = clock_text(state.remaining)
    return f"+{text}" if state.overtime else text


class BigClock(Widget):
    """A `TimerState` in digits as big as the widget; classes `-running`, `-overtime`, `-flash` colour it."""

    DEFAULT_CSS = """
    BigClock { width: 1fr; height: 1fr; content-align: center middle; color: $foreground; }
    BigClock.-running { color: $success; }
    BigClock.-overtime { color: $warning; }
    BigClock.-flash { background: $error; color: $background; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = "00:00"
        self._drawn: tuple[str, int, int] | None = None
        self._lines: list[str] = []

    def show(self, state: TimerState) -> None:
        """Draw `state`; repaints only when the digits or the state's colours change."""
        text = digits_text(state)
        self.set_class(state.running and not state.overtime, "-running")
        self.set_class(state.overtime, "-overtime")
        if text != self.text:
            self.text = text
            self.refresh()

    def flash(self) -> None:
        """Time is up: invert the colours for a moment."""
        self.add_class("-flash")
        self.set_timer(FLASH_SECONDS, lambda: self.remove_class("-flash"))

    def lines(self) -> list[str]:
        """The block-character rows for the current text and size (cached per text and size)."""
        width, height = self.content_region.width, self.content_region.height
        key = (self.text, width, height)
        if self._drawn != key:
            self._drawn = key
            self._lines = render_lines(self.text, width, height)
        return self._lines

    def render(self) -> Text:
        lines = self.lines()
        if not lines:  # too small for even one pixel a cell: plain digits
            return Text(self.text, style=Style(bold=True))
        width = max(cell_len(line) for line in lines)
        return Text("\n".join(line.ljust(width) for line in lines), no_wrap=True)
