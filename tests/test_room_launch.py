"""Starting a room display from the console: the exact line, and a new window where the terminal allows."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from factories import make_workshop

from facilitator.tui.room_launch import Opener, launch, openers, room_command, shown


def test_the_line_names_the_data_folder_and_the_session_and_runs(tmp_path: Path) -> None:
    w = make_workshop(tmp_path / "my data")
    argv = room_command(w)
    assert argv[-4:] == ["--data-dir", str(tmp_path / "my data"), "room", w.id]
    assert shlex.split(shown(argv))[-4:] == argv[-4:], "a folder with a space survives the copy"
    parsed = subprocess.run(
        [sys.executable, "-m", "facilitator", *argv[-4:-2], "room", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert parsed.returncode == 0 and "session" in parsed.stdout
    w.close()


@pytest.mark.parametrize(
    ("env", "program", "label"),
    [
        ({"TMUX": "/tmp/tmux-0/default,1,0"}, "tmux", "New tmux window"),
        ({"KITTY_WINDOW_ID": "1"}, "kitty", "New kitty window"),
        ({"WEZTERM_PANE": "0"}, "wezterm", "New WezTerm window"),
        ({"TERMINAL": "xterm"}, "xterm", "New xterm window"),
    ],
)
def test_a_terminal_that_can_open_a_window_is_offered(
    env: dict[str, str], program: str, label: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    found = openers(["facilitator", "room", "x"], env)
    assert [o.label for o in found] == [label] and program in found[0].argv[0]
    assert found[0].argv[-1] == "x" or "room x" in found[0].argv[-1]


def test_no_terminal_no_button_and_a_failed_launch_is_one_line() -> None:
    assert openers(["facilitator", "room", "x"], {}) == []
    assert launch(Opener("Nothing", ("/no/such/terminal-program",))) is not None
    assert launch(Opener("True", (shutil.which("true") or "true",))) is None


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_the_dialog_shows_every_character_of_a_long_line(tmp_path: Path, size: tuple[int, int]) -> None:
    """The trainer may copy the line by eye into the projector's window: none of it may scroll out of view."""
    from form_harness import make_app, screen_text

    from facilitator.tui.screens.room_launch import RoomLaunchScreen

    w = make_workshop(tmp_path / "a rather long data folder name" / "for the whole training team")
    line = shown(room_command(w))
    app = make_app(tmp_path, w)
    async with app.run_test(size=size) as pilot:
        await app.push_screen(RoomLaunchScreen(line, []))
        await pilot.pause()
        text = screen_text(app)
    squeezed = "".join(ch for row in text.splitlines() for ch in row.strip(" █▀▄▌▐"))
    assert "".join(line.split()) in "".join(squeezed.split())
