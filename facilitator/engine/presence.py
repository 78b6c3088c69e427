"""Which room displays are following a session right now.

A room display (`facilitator room SESSION`) only reads the session file, so
the console cannot learn of it through the file. Each display keeps a small
beacon file in the data folder's `presence/` folder, refreshed every few
seconds and removed when it quits; the console counts the fresh ones whose
process is alive. A display that crashed leaves a stale beacon, which stops
counting once it is old.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from facilitator.files import pid_alive

#: A beacon older than this no longer counts (a display refreshes every `REFRESH` seconds).
FRESH_SECONDS = 8.0
REFRESH = 2.0


class Beacon:
    """One room display saying "I am here" for one session."""

    def __init__(self, folder: Path, session_id: str, role: str = "room") -> None:
        self.path = folder / f"{session_id}.{role}.{os.getpid()}"
        self._last = 0.0
        self.refresh(force=True)

    def refresh(self, *, force: bool = False) -> None:
        """Touch the beacon (at most every `REFRESH` seconds); silently gives up on a read-only folder."""
        now = time.monotonic()
        if not force and now - self._last < REFRESH:
            return
        self._last = now
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.touch()

    def close(self) -> None:
        """The display quits: it stops counting at once."""
        with contextlib.suppress(OSError):
            self.path.unlink()


def attached(folder: Path, session_id: str, role: str = "room") -> int:
    """How many displays of `role` follow the session now (fresh beacon, live process)."""
    count = 0
    now = time.time()
    try:
        found = list(folder.glob(f"{session_id}.{role}.*"))
    except OSError:
        return 0
    for beacon in found:
        pid_text = beacon.name.rsplit(".", 1)[-1]
        try:
            fresh = now - beacon.stat().st_mtime < FRESH_SECONDS
        except OSError:
            continue
        if fresh and pid_text.isdigit() and (int(pid_text) == os.getpid() or pid_alive(int(pid_text))):
            count += 1
    return count
