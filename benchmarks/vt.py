"""A tiny terminal screen for the benchmarks: what a person would see, rebuilt from the output.

Timing "until the view is drawn" by watching raw bytes for a word counts
output that happens to contain it (a line of the previous step, a cursor
move split across two chunks). Instead the benchmarks feed every chunk the
app writes into this screen and ask whether the visible text shows what the
step should show. It understands what Textual writes: cursor moves (CSI H),
styles (CSI m, ignored), erases (CSI J, CSI K), private modes and OSC
strings (ignored), and printable text, wide characters taking two cells.
"""

from __future__ import annotations

import codecs
import re

from rich.cells import get_character_cell_size

_TOKEN = re.compile(
    r"\x1b\[(?P<params>[0-?]*)[ -/]*(?P<final>[@-~])"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|\x1b[P^_][^\x1b]*\x1b\\"  # DCS, PM, APC
    r"|\x1b[()][0-9A-Za-z]"  # charset
    r"|\x1b[^\[\]P^_()]"  # two-byte escapes
    r"|(?P<text>[^\x1b\r\n\x08\x07]+)"
    r"|(?P<ctl>[\r\n\x08\x07])"
)
#: An escape sequence cut at the end of a chunk: kept for the next one.
_PARTIAL = re.compile(r"\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*|[P^_][^\x1b]*|[()])?$")


class VirtualScreen:
    """`cols` x `rows` cells; `feed` the bytes a program writes, `text` what shows."""

    def __init__(self, cols: int, rows: int) -> None:
        self.cols, self.rows = cols, rows
        self.cells = [[" "] * cols for _ in range(rows)]
        self.x = self.y = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""

    def feed(self, data: bytes) -> None:
        """Apply output written by the program."""
        text = self._pending + self._decoder.decode(data)
        cut = _PARTIAL.search(text)
        if cut is not None:
            text, self._pending = text[: cut.start()], text[cut.start() :]
        else:
            self._pending = ""
        for match in _TOKEN.finditer(text):
            if match.group("text") is not None:
                self._write(match.group("text"))
            elif match.group("ctl") is not None:
                self._control(match.group("ctl"))
            elif match.group("final") is not None:
                self._csi(match.group("params") or "", match.group("final"))

    def _write(self, text: str) -> None:
        for char in text:
            width = get_character_cell_size(char)
            if width == 0:
                continue
            if 0 <= self.y < self.rows and 0 <= self.x < self.cols:
                self.cells[self.y][self.x] = char
                if width == 2 and self.x + 1 < self.cols:
                    self.cells[self.y][self.x + 1] = ""
            self.x += width

    def _control(self, char: str) -> None:
        if char == "\r":
            self.x = 0
        elif char == "\n":
            self.y = min(self.rows - 1, self.y + 1)
        elif char == "\x08":
            self.x = max(0, self.x - 1)

    def _csi(self, params: str, final: str) -> None:
        if params.startswith("?"):
            return
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
        if final in "Hf":
            row = numbers[0] if numbers else 1
            col = numbers[1] if len(numbers) > 1 else 1
            self.y, self.x = max(0, row - 1), max(0, col - 1)
        elif final == "J" and (numbers[:1] or [0])[0] == 2:
            self.cells = [[" "] * self.cols for _ in range(self.rows)]
        elif final == "K":
            mode = (numbers[:1] or [0])[0]
            start, end = (
                (self.x, self.cols) if mode == 0 else (0, self.x + 1) if mode == 1 else (0, self.cols)
            )
            for col in range(max(0, start), min(self.cols, end)):
                self.cells[self.y][col] = " "
        elif final == "G":
            self.x = max(0, (numbers[0] if numbers else 1) - 1)
        elif final == "C":
            self.x += numbers[0] if numbers and numbers[0] else 1
        elif final == "D":
            self.x = max(0, self.x - (numbers[0] if numbers and numbers[0] else 1))
        elif final == "A":
            self.y = max(0, self.y - (numbers[0] if numbers and numbers[0] else 1))
        elif final == "B":
            self.y = min(self.rows - 1, self.y + (numbers[0] if numbers and numbers[0] else 1))

    def lines(self, top: int = 0, bottom: int | None = None) -> list[str]:
        """The visible rows from `top` to `bottom` (exclusive), trailing spaces removed."""
        return ["".join(row).rstrip() for row in self.cells[top:bottom]]

    def text(self, top: int = 0, bottom: int | None = None) -> str:
        """The visible rows joined with newlines."""
        return "\n".join(self.lines(top, bottom))

    def shows(self, needle: str, top: int = 0, bottom: int | None = None) -> bool:
        """Whether `needle` is visible on one row between `top` and `bottom`."""
        return any(needle in line for line in self.lines(top, bottom))
