"""Phones' saves one at a time, with room for the trainer's keys between them.

The server shares the TUI's event loop, and a save (a whole-file write with
fsync) holds that loop for a few milliseconds. Forty phones sending at once
would otherwise run forty saves back to back in one turn of the loop, and a
key the trainer pressed meanwhile would wait for all of them. Here phones
take turns, first come first served, and a turn starts only once the loop
has been free of phones for as long as the last turn took (with `share`
0.5): however many phones send, the TUI keeps about half the time. (A turn
is plain code, so nobody queues on the lock while it runs; the gap after
it is what lets the TUI's waiting keys through.) A phone that comes after
the gap has passed does not wait at all.
"""

from __future__ import annotations

import asyncio
import time
from types import TracebackType

#: Most time one pause after a save may take, whatever the save took.
MAX_PAUSE = 0.1


class Pacer:
    """An async context manager around each phone's engine call."""

    def __init__(self, share: float = 0.5) -> None:
        self.share = share
        self._lock: asyncio.Lock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._started = 0.0
        #: No phone's save starts before this (perf_counter) time: the loop's time for the TUI.
        self._free_at = 0.0

    def _lock_here(self) -> asyncio.Lock:
        """The lock of the running loop (a test client may run each request on a loop of its own)."""
        loop = asyncio.get_running_loop()
        if self._lock is None or self._loop is not loop:
            self._lock, self._loop = asyncio.Lock(), loop
        return self._lock

    async def __aenter__(self) -> None:
        lock = self._lock_here()
        await lock.acquire()  # first come, first served
        try:
            wait = self._free_at - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
        except BaseException:
            lock.release()
            raise
        self._started = time.perf_counter()

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        now = time.perf_counter()
        self._free_at = now + min(MAX_PAUSE, (now - self._started) * (1 / self.share - 1))
        if self._lock is not None and self._lock.locked():
            self._lock.release()
