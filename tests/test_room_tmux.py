"""Two real processes in tmux, as on the day: the console in one terminal, the room display in another.

Both at 80x24. The room follows the console's keys; killing either leaves the
other working, and a console started again is followed again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from factories import FULL_AGENDA, make_workshop

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=20).stdout


def start(name: str, command: list[str]) -> None:
    line = " ".join(subprocess.list2cmdline([part]) for part in command)
    tmux("new-session", "-d", "-s", name, "-x", "80", "-y", "24", f"FACILITATOR_STILL=1 {line}")


def screen(name: str) -> str:
    return tmux("capture-pane", "-p", "-t", name)


def until(check: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    assert check()


def alive(name: str) -> bool:
    return (
        subprocess.run(["tmux", "has-session", "-t", name], capture_output=True, timeout=20).returncode == 0
    )


def test_console_and_room_display_follow_each_other_and_survive_each_other(tmp_path: Path) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    session_id, plan = w.id, len(w.plan)
    w.close()
    base = [sys.executable, "-m", "facilitator", "--data-dir", str(tmp_path)]
    console, room = f"console-{session_id[-6:]}-{time.monotonic_ns()}", f"room-{time.monotonic_ns()}"
    try:
        start(room, [*base, "room", session_id])
        until(lambda: f"step 1 of {plan}" in screen(room))
        start(console, [*base, "run", session_id])
        until(lambda: f"step 1 of {plan}" in screen(console))
        until(lambda: "room display attached" in screen(console))

        tmux("send-keys", "-t", console, "PageDown")
        until(lambda: f"step 2 of {plan}" in screen(room))

        tmux("kill-session", "-t", console)  # the console dies: the room display carries on
        time.sleep(1)
        assert alive(room) and f"step 2 of {plan}" in screen(room)
        tmux("send-keys", "-t", room, "c")  # its own key still works: the big clock
        until(lambda: "█" in screen(room) or "▀" in screen(room))
        tmux("send-keys", "-t", room, "c")

        start(console, [*base, "run", session_id])  # the console comes back where it was
        until(lambda: f"step 2 of {plan}" in screen(console))
        tmux("send-keys", "-t", console, "PageDown")
        until(lambda: f"step 3 of {plan}" in screen(room))

        tmux("kill-session", "-t", room)  # the room display dies: the console carries on
        tmux("send-keys", "-t", console, "PageDown")
        until(lambda: f"step 4 of {plan}" in screen(console))
        until(lambda: "room display attached" not in screen(console))
    finally:
        for name in (console, room):
            subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, timeout=20)
