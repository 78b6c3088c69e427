"""How fast `facilitator --help` answers, against importing Textual's App in the same run.

The non-TUI commands must not pay for Textual; this prints the ratio so a
regression (someone importing the TUI at module level) shows up as a number.
Aim: --help takes at most 0.5x the time of `python -c "import textual.app"`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 15


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_of(cmd: list[str]) -> float:
    wall(cmd)  # warm the file cache
    return statistics.median(wall(cmd) for _ in range(RUNS))


def main() -> None:
    help_time = median_of([sys.executable, "-m", "facilitator", "--help"])
    textual_time = median_of([sys.executable, "-c", "import textual.app"])
    bare = median_of([sys.executable, "-c", "pass"])
    print(f"python -c pass           {bare * 1000:7.1f} ms")
    print(f"facilitator --help       {help_time * 1000:7.1f} ms")
    print(f"import textual.app       {textual_time * 1000:7.1f} ms")
    print(f"ratio help/textual       {help_time / textual_time:7.2f}  (aim <= 0.50)")


if __name__ == "__main__":
    main()
