"""Reading a roster CSV for a view, with the CSV reader's errors as `SessionError`s.

Views never open files themselves: the Setup screen, the People dialog and
the new-session form hand a path to the engine and get rows with the notes a
trainer should read ("rows 4 and 9: 2 people named 'Sam Lee'..."), or one line.
"""

from __future__ import annotations

from pathlib import Path

from facilitator.engine.errors import SessionError
from facilitator.roster import RosterError, RosterImport, read_roster_report


def read_roster_file(path: Path | str) -> RosterImport:
    """The rows of a roster CSV and its notes; a problem with the file is one `SessionError` line."""
    try:
        return read_roster_report(Path(path).expanduser())
    except RosterError as exc:
        raise SessionError(str(exc)) from None
    except OSError as exc:
        raise SessionError(f"{path}: {exc.strerror or exc}") from None
