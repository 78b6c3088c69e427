"""Memory: peak resident memory of Facilitator against a minimal Textual app.

Each app runs as a real process in an 80x24 pseudo-terminal; after its first
full frame the script presses a few keys (for Facilitator: back and forth
through steps, the help screen, the command palette) and reads the process's
peak RSS (`VmHWM` in /proc) before ending it. The baseline (Header, Label,
Footer) is measured in the same run.

Usage: `.venv/bin/python benchmarks/memory.py`. Linux only (reads /proc). Prints figures only.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from startup import MINIMAL_READY, RUN_READY, Terminal, facilitator_argv, minimal_argv, prepared_demo

PGUP, PGDN, ESC = b"\x1b[5~", b"\x1b[6~", b"\x1b"


def peak(argv: list[str], ready: tuple[bytes, ...], keys: list[bytes]) -> int:
    """Peak RSS in KiB after the first frame and `keys`."""
    term = Terminal(argv)
    try:
        term.read_until(ready)
        term.drain(0.5)
        for key in keys:
            term.send(key)
            term.drain(0.4)
        return term.peak_rss_kib()
    finally:
        term.close()


def main() -> None:
    tour = [PGUP] * 6 + [PGDN] * 6 + [b"?", ESC, b"\x10", ESC, b"g", ESC]
    with tempfile.TemporaryDirectory(prefix="facilitator-mem-") as tmp:
        folder = Path(tmp)
        data, session = prepared_demo(folder)
        base = peak(minimal_argv(folder), MINIMAL_READY, [b"q"][:0])
        demo = peak(facilitator_argv(folder / "fresh", "demo"), RUN_READY, tour)
        run = peak(facilitator_argv(data, "run", session), RUN_READY, tour)
    print("peak RSS (VmHWM) at 80x24")
    print(f"  minimal Textual app (Header, Label, Footer): {base / 1024:6.1f} MiB   1.00x")
    print(f"  facilitator demo, a tour of 18 keys:          {demo / 1024:6.1f} MiB   {demo / base:.2f}x")
    print(f"  facilitator run <demo session>, same keys:    {run / 1024:6.1f} MiB   {run / base:.2f}x")
    print("aim: <= 2x the minimal app")


if __name__ == "__main__":
    main()
