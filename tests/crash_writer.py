"""Save contributions to one session file until killed; print each id once it is saved.

Used by tests/test_crash.py and benchmarks/crash_kill.py, which SIGKILL it at
random moments and then check that every id it printed is in the file. An id
is printed (and flushed) only after `insert` has returned: that is the moment
the app tells the room "saved".

Usage: python tests/crash_writer.py SESSION_FILE [--plain]

`--plain` uses TinyDB's own JSONStorage without a lock, to show what the crash
test catches when storage is not atomic (benchmarks/crash_kill.py --compare).
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TEXTS = [
    "Customer said the parcel arrived late and nobody called back",
    "Zoë Ångström-Øster: offer a callback window instead of 'sometime today'",
    "👩🏽‍💼 Priya: repeat the caller's name and the promise back to them",
    "محمد الأحمد: keep notes in the ticket so the next agent sees them",
    'Robert\'); DROP TABLE participants;-- said "escalate sooner"',
    "line one\nline two\ttabbed \x1b[31mred\x1b[0m zero\u200bwidth NUL\x00byte",
]


def main(argv: list[str]) -> int:
    path = Path(argv[1])
    plain = "--plain" in argv[2:]
    if plain:
        from tinydb import TinyDB

        db = TinyDB(str(path), encoding="utf-8")
    else:
        from facilitator.storage import open_db

        opened = open_db(path, create=True)
        db = opened.db
    table = db.table("contributions")
    print("ready", flush=True)
    for n in itertools.count():
        doc = {
            "kind": "capture",
            "step": "round-2",
            "team": f"Team {n % 5 + 1}",
            "author": f"participant-{n % 17}",
            "text": f"{TEXTS[n % len(TEXTS)]} (#{n})",
            "votes": [],
        }
        doc_id = table.insert(doc)
        sys.stdout.write(f"{doc_id}\n")
        sys.stdout.flush()
    return 0  # pragma: no cover - the loop ends only by a kill


def kill_round(
    path: Path, delay: float, *, wait_ready: bool = True, plain: bool = False
) -> list[int]:
    """Start a writer on `path`, SIGKILL it `delay` seconds later; return the ids it acknowledged.

    With `wait_ready` the clock starts once the database is open (so the kill
    lands among saves); without it, at spawn (so it may land while opening).
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), str(path)]
    if plain:
        cmd.append("--plain")
    # stderr to a file, not a pipe: with two pipes `communicate` would bypass
    # the buffer that readline() below has already filled.
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
        assert proc.stdout is not None
        try:
            if wait_ready:
                first = proc.stdout.readline()
                if first != b"ready\n":
                    proc.kill()
                    proc.wait()
                    err.seek(0)
                    raise RuntimeError(
                        f"writer failed to start: {err.read().decode(errors='replace')}"
                    )
            time.sleep(delay)
            proc.kill()  # SIGKILL: no cleanup, no flush, like a crash
            out = proc.stdout.read()
        finally:
            proc.kill()
            proc.wait()
            proc.stdout.close()
    lines = out.split(b"\n")[:-1]  # the last piece is empty or a line the kill cut short
    return [int(line) for line in lines if line and line != b"ready"]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
