"""Starting a room display from the console: the exact command, and a new window where the terminal allows.

A trainer with a projector as a second display needs a second terminal
window on it running `facilitator room SESSION`. The console prints that
line exactly (with the data folder when it is not the default one), and
where the terminal lets a program open a window (tmux, kitty, WezTerm, or a
`$TERMINAL` the trainer set) offers to open it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from facilitator.engine import Session


@dataclass(frozen=True)
class Opener:
    """One way to open a window: what the button says, and the command that does it."""

    label: str
    argv: tuple[str, ...]


def room_command(workshop: Session) -> list[str]:
    """`facilitator --data-dir DIR room SESSION`, runnable in another window of this laptop.

    The data folder is always named: the other window may not share this
    one's environment (FACILITATOR_DATA_DIR, a demo's temporary folder).
    """
    program = shutil.which("facilitator")
    argv = [program] if program else [sys.executable, "-m", "facilitator"]
    return [*argv, "--data-dir", str(workshop.workspace.root), "room", workshop.id]


def shown(argv: list[str]) -> str:
    """The command as the trainer would type it (`facilitator` by name when it is on the PATH)."""
    if argv and shutil.which("facilitator") == argv[0]:
        argv = ["facilitator", *argv[1:]]
    return shlex.join(argv)


def openers(argv: list[str], env: Mapping[str, str] | None = None) -> list[Opener]:
    """The ways this terminal offers to open a new window running `argv`."""
    env = os.environ if env is None else env
    found: list[Opener] = []
    if env.get("TMUX") and shutil.which("tmux"):
        found.append(Opener("New tmux window", ("tmux", "new-window", shlex.join(argv))))
    if env.get("KITTY_WINDOW_ID") and shutil.which("kitty"):
        found.append(Opener("New kitty window", ("kitty", "--detach", *argv)))
    if env.get("WEZTERM_PANE") and shutil.which("wezterm"):
        found.append(Opener("New WezTerm window", ("wezterm", "start", "--", *argv)))
    terminal = env.get("TERMINAL", "")
    if terminal and shutil.which(terminal):
        found.append(Opener(f"New {Path(terminal).name} window", (terminal, "-e", *argv)))
    return found


def launch(opener: Opener) -> str | None:
    """Open the window; None when it started, else one line saying why not."""
    try:
        subprocess.Popen(
            opener.argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        return f"{opener.label} could not be opened ({exc.strerror or exc})"
    return None
