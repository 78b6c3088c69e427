"""The commands that open a window: `run`, `demo`, `room` and the home screen.

Textual is imported inside each, after the session has been opened, so a
locked, missing or damaged session is one line on stderr before any screen
is drawn, and the other commands never pay for importing Textual.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli import UserError, _data, _library
from facilitator.paths import DATA_ENV

if TYPE_CHECKING:
    from facilitator.engine import Workspace


def cmd_demo(args: argparse.Namespace) -> int:
    """Create the demo session (and open it unless --prepare)."""
    import os
    import tempfile

    from facilitator.engine import Workspace
    from facilitator.engine.demo import prepare_demo

    chosen = args.data_dir or os.environ.get(DATA_ENV)
    root = Path(chosen) if chosen else Path(tempfile.mkdtemp(prefix="facilitator-demo-"))
    data = Workspace(root)
    session_id = prepare_demo(data, _library(args))
    if args.prepare:
        print(session_id)
        return 0
    return _run_tui(args, data, session_id, demo=not chosen)


def cmd_run(args: argparse.Namespace) -> int:
    """Open a session on the Run screen, where it was left."""
    if args.join and args.read_only:
        raise UserError("--join needs a window that can save: leave out --read-only")
    return _run_tui(args, _data(args), args.session, readonly=args.read_only)


def cmd_room(args: argparse.Namespace) -> int:
    """The room display: a read-only window that follows the trainer's console, for the projector."""
    data = _data(args)
    workshop = data.open(args.session, readonly=True)
    from facilitator.tui.room_app import RoomApp

    app = RoomApp(data, workshop)
    app.run(mouse=False)
    return int(app.return_code or 0)


def cmd_home(args: argparse.Namespace) -> int:
    """The TUI's home screen."""
    return _run_tui(args, _data(args), None)


def _run_tui(
    args: argparse.Namespace,
    data: Workspace,
    session_id: str | None,
    *,
    readonly: bool = False,
    demo: bool = False,
) -> int:
    """Open the session first, so a locked or missing one is a one-line error, not a crash.

    A damaged session whose backup is good opens the app on the question
    whether to restore it; a locked one or a folder that cannot be written
    names `--read-only`.
    """
    from facilitator.engine import SessionDamaged, SessionLocked, SessionReadOnly

    workshop, damaged = None, None
    if session_id:
        try:
            workshop = data.open(session_id, readonly=readonly)
        except SessionDamaged as exc:
            if exc.backup_saved is None:
                raise
            damaged = (session_id, str(exc))
        except (SessionLocked, SessionReadOnly) as exc:
            raise UserError(f"{exc} (`facilitator run {session_id} --read-only` opens it to look)") from None
    from facilitator.tui.app import FacilitatorApp

    app = FacilitatorApp(
        workspace=data,
        library=lambda: _library(args),
        workshop=workshop,
        damaged=damaged,
        demo=demo,
        join=bool(getattr(args, "join", False)),
        join_host=getattr(args, "host", None),
        join_port=getattr(args, "port", None),
    )
    app.run()
    return int(app.return_code or 0)


def port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535, not {text!r}")
    return int(text)


def add_join(p: argparse.ArgumentParser) -> None:
    """Joining from phones: off unless asked for (it can be turned on later from the palette too)."""
    p.add_argument(
        "--join",
        action="store_true",
        help="let participants join from their phones on this network (see README: Joining from phones)",
    )
    p.add_argument(
        "--host",
        metavar="ADDR",
        help="address phones reach the laptop at (default: its Wi-Fi or LAN address)",
    )
    p.add_argument(
        "--port", metavar="N", type=port, help="port for the phone pages (default: 8765 or the next free)"
    )
