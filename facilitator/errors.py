"""The exceptions that mean "the user can fix this", gathered for one `except`.

Each carries a one-line message naming what and where. Anything else is a bug
and is allowed to show a traceback, so bugs are not hidden as user mistakes.
"""

from __future__ import annotations


def user_errors() -> tuple[type[Exception], ...]:
    """Exception types whose message is shown as-is, with exit status 1."""
    from facilitator.engine import SessionError
    from facilitator.engine.entry_rules import EntryError
    from facilitator.loader import FileError
    from facilitator.roster import RosterError
    from facilitator.storage import StorageError

    return (SessionError, EntryError, FileError, RosterError, StorageError, OSError)
