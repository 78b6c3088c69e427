"""Startup: time to the first full frame, Facilitator against a minimal Textual app.

Both run as real processes in a pseudo-terminal of 80x24, the way a trainer
starts them. Everything they write is fed into a small terminal screen
(`vt.py`), and the clock stops when that screen shows the frame's expected
text: for Facilitator the agenda strip, the step's own view and the footer.
The baseline (Header, Label, Footer) is measured in the same run, so the
ratio means something on any machine. The package is byte-compiled first:
this machine sets PYTHONDONTWRITEBYTECODE=1, so an editable install would
otherwise recompile every module on every start. Three Facilitator figures
are printed:

- `facilitator demo`: what the issue asks for; it includes building the demo
  session (a few hundred saved entries) before the first frame;
- `facilitator run <demo session>`: the same screen when the session exists,
  which is what a trainer's own workshop costs to open;
- the minimal app, for the ratio.

Usage: `.venv/bin/python benchmarks/startup.py [--runs N]`. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from vt import VirtualScreen

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
COLS, ROWS = 80, 24

MINIMAL_APP = """
from textual.app import App
from textual.binding import Binding
from textual.widgets import Footer, Header, Label

class Minimal(App):
    BINDINGS = [Binding("q", "quit", "Quit")]
    def compose(self):
        yield Header()
        yield Label("Minimal baseline ready")
        yield Footer()

Minimal().run()
"""


class Terminal:
    """A child process on a pseudo-terminal of a fixed size, and what it has written."""

    def __init__(
        self, argv: Sequence[str], cols: int = COLS, rows: int = ROWS, env: dict[str, str] | None = None
    ):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLUMNS": str(cols),
            "LINES": str(rows),
            **(env or {}),
        }
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            cwd=ROOT,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.output = b""
        self.screen = VirtualScreen(cols, rows)

    def _read(self, timeout: float) -> tuple[bytes, float]:
        """One chunk of output (b"" when none came in `timeout`) and when it arrived."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b"", time.perf_counter()
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            chunk = b""
        arrived = time.perf_counter()
        if not chunk:
            raise TimeoutError("the process ended")
        self.output += chunk
        self.screen.feed(chunk)
        return chunk, arrived

    def wait_for(self, shown: Callable[[VirtualScreen], bool], timeout: float = 30.0) -> float:
        """Read until `shown(screen)` holds; returns when the chunk that made it hold arrived."""
        deadline = time.perf_counter() + timeout
        if shown(self.screen):
            return time.perf_counter()
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("never shown; the screen was:\n" + self.screen.text())
            chunk, arrived = self._read(left)
            if chunk and shown(self.screen):
                return arrived

    def read_until(self, needles: Sequence[bytes], timeout: float = 30.0, since: int = 0) -> float:
        """Read until every needle has appeared after offset `since`; returns the perf_counter time."""
        deadline = time.perf_counter() + timeout
        while True:
            tail = self.output[since:]
            if all(n in tail for n in needles):
                return time.perf_counter()
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"never saw {needles!r}; last output: {self.output[-400:]!r}")
            self._read(left)

    def drain(self, quiet: float = 0.3, limit: float = 5.0) -> float:
        """Read until the terminal has been quiet for `quiet` seconds (at most `limit` seconds:
        a blinking cursor never goes quiet); returns when output last came."""
        last = start = time.perf_counter()
        while time.perf_counter() - start < limit:
            try:
                chunk, arrived = self._read(quiet)
            except TimeoutError:
                return last
            if not chunk:
                return last
            last = arrived
        return last

    def send(self, data: bytes) -> float:
        """Type `data`; returns the perf_counter time just before it was written."""
        now = time.perf_counter()
        os.write(self.master, data)
        return now

    def peak_rss_kib(self) -> int:
        """The child's peak resident memory (VmHWM) in KiB, while it runs."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1])

    def close(self) -> None:
        """End the child (it is ours) and the terminal."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        os.close(self.master)


def minimal_argv(folder: Path) -> list[str]:
    """The baseline app as a script file."""
    script = folder / "minimal_app.py"
    script.write_text(MINIMAL_APP, encoding="utf-8")
    return [PYTHON, str(script)]


def facilitator_argv(data: Path, *args: str) -> list[str]:
    """`facilitator --data-dir DATA ARGS...` with this checkout's Python."""
    return [PYTHON, "-m", "facilitator", "--data-dir", str(data), *args]


MINIMAL_READY = (b"Minimal baseline ready", b"Quit")
RUN_READY = (b"step ", b"Timer")
#: The demo opens on its private action-plan step: the strip, that step's own view, the footer.
DEMO_FRAME = ("step 37 of 40", "entered", "Timer")


def first_frame(argv: Sequence[str], ready: Sequence[str]) -> float:
    """Seconds from starting the process to the first frame showing every `ready` text."""
    term = Terminal(argv)
    try:
        return term.wait_for(lambda screen: all(screen.shows(text) for text in ready)) - term.started
    finally:
        term.close()


def byte_compile() -> None:
    """Write .pyc files for the package, as an installed (not editable) copy would have."""
    compileall.compile_dir(ROOT / "facilitator", quiet=1)


def prepared_demo(folder: Path) -> tuple[Path, str]:
    """A data folder holding the demo session, made once, outside the timing."""
    data = folder / "data"
    out = subprocess.run(
        facilitator_argv(data, "demo", "--prepare"), capture_output=True, text=True, check=True, cwd=ROOT
    )
    return data, out.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-") as tmp:
        folder = Path(tmp)
        byte_compile()
        data, session = prepared_demo(folder)
        minimal = minimal_argv(folder)
        minimal_ready = [text.decode() for text in MINIMAL_READY]
        first_frame(minimal, minimal_ready)  # warm the disk cache for both
        first_frame(facilitator_argv(data, "run", session), DEMO_FRAME)
        figures: dict[str, list[float]] = {"minimal": [], "demo": [], "run": []}
        for n in range(args.runs):
            figures["minimal"].append(first_frame(minimal, minimal_ready))
            demo_data = folder / f"demo-{n}"
            figures["demo"].append(first_frame(facilitator_argv(demo_data, "demo"), DEMO_FRAME))
            figures["run"].append(first_frame(facilitator_argv(data, "run", session), DEMO_FRAME))
    base = statistics.median(figures["minimal"])
    print(f"first full frame at {COLS}x{ROWS}, median of {args.runs} runs")
    print(f"  minimal Textual app (Header, Label, Footer): {base * 1000:7.0f} ms   1.00x")
    for key, label in (
        ("demo", "facilitator demo (builds the demo first)"),
        ("run", "facilitator run <demo session>"),
    ):
        median = statistics.median(figures[key])
        print(f"  {label:<44} {median * 1000:7.0f} ms   {median / base:.2f}x")
    print("aim: <= 1.5x the minimal app")


if __name__ == "__main__":
    main()
