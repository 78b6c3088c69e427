"""Save contributions to one session file until killed; print each save once it is done.

Used by tests/test_crash.py and benchmarks/crash_kill.py, which SIGKILL it at
random moments and then check that every save it printed is in the file. A
save is printed (and flushed) only after `insert` or `update` has returned:
that is the moment the app tells the room "saved".

It inserts entries and, every third save, edits an earlier one to a longer or
a shorter text (as trainers do), so the file shrinks as well as grows: an
in-place writer killed after writing a shorter version but before truncating
leaves a file that does not load. Output, one save a line: `<id> <rev>`, where
an insert is rev 0 and each edit of an entry raises its `rev` by one.

Usage: python tests/crash_writer.py SESSION_FILE [--plain | --engine]

`--plain` uses TinyDB's own JSONStorage without a lock, to show what the crash
test catches when storage is not atomic (benchmarks/crash_kill.py --compare).
`--engine` saves through the session engine as the app does (`add_entry`,
`edit_entry`); SESSION_FILE is then the data folder, and an id is an entry id.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


ENGINE_SESSION = "crash-session"
ENGINE_STEP = "service-stories/stories"


def engine_session(root: Path) -> Any:
    """The crash session in data folder `root`, created with room for many stories if new."""
    import msgspec

    from facilitator.engine import RosterRow, Workspace
    from facilitator.loader import load_library
    from facilitator.paths import bundled_exercises

    workspace = Workspace(root)
    if workspace.data.session_path(ENGINE_SESSION).exists():
        return workspace.open(ENGINE_SESSION)
    lib = load_library([bundled_exercises()])
    stories = lib.exercises["service-stories"]
    steps = [msgspec.structs.replace(s, max_entries=100) if s.id == "stories" else s for s in stories.steps]
    lib.exercises["service-stories"] = msgspec.structs.replace(stories, steps=steps)
    rows = [RosterRow(name=f"Person {n}", team=f"Team {n % 5}") for n in range(17)]
    return workspace.create(
        lib,
        "delivering-excellent-service",
        "Crash",
        "2026-05-09",
        roster=rows,
        seed=1,
        session_id=ENGINE_SESSION,
    )


def engine_main(root: Path) -> int:
    session = engine_session(root)
    people = [p.id for p in session.participants()]
    mine: list[str] = []
    revs: dict[str, int] = {}
    print("ready", flush=True)
    for n in itertools.count():
        if n % 3 == 2 and mine:
            entry_id = mine[(n * 7) % len(mine)]
            rev = revs[entry_id] + 1
            text = TEXTS[n % len(TEXTS)] * (3 if rev % 2 else 1)
            session.edit_entry(entry_id, {"title": f"{text} (edit {rev})", "category": "poor"})
        else:
            entry = session.add_entry(
                ENGINE_STEP,
                people[n % len(people)],
                {"title": f"{TEXTS[n % len(TEXTS)]} (#{n})", "category": "good"},
            )
            entry_id, rev = entry.id, 0
            mine.append(entry_id)
        revs[entry_id] = rev
        sys.stdout.write(f"{entry_id} {rev}\n")
        sys.stdout.flush()
    return 0  # pragma: no cover - the loop ends only by a kill


def engine_revs(root: Path) -> tuple[dict[str, int], str | None]:
    """Entry id -> rev of the crash session, read as the app would; and any recovery note."""
    from facilitator.engine import Workspace

    session = Workspace(root).open(ENGINE_SESSION)
    try:
        found: dict[str, int] = {}
        for entry in session.entries(ENGINE_STEP):
            title = str(entry.data.get("title", ""))
            found[entry.id] = int(title.rsplit("(edit ", 1)[1].rstrip(")")) if "(edit " in title else 0
        return found, session.recovered
    finally:
        session.close()


def main(argv: list[str]) -> int:
    path = Path(argv[1])
    if "--engine" in argv[2:]:
        return engine_main(path)
    plain = "--plain" in argv[2:]
    if plain:
        from tinydb import TinyDB

        db = TinyDB(str(path), encoding="utf-8")
    else:
        from facilitator.database import open_db

        opened = open_db(path, create=True)
        db = opened.db
    table = db.table("contributions")
    mine: list[int] = []  # entries this run inserted, and their revs
    revs: dict[int, int] = {}
    print("ready", flush=True)
    for n in itertools.count():
        if n % 3 == 2 and mine:
            doc_id = mine[(n * 7) % len(mine)]
            rev = revs[doc_id] + 1
            text = TEXTS[n % len(TEXTS)] * (3 if rev % 2 else 1)  # longer, then shorter again
            table.update({"text": f"{text} (edit {rev})", "rev": rev}, doc_ids=[doc_id])
        else:
            doc = {
                "kind": "capture",
                "step": "round-2",
                "team": f"Team {n % 5 + 1}",
                "author": f"participant-{n % 17}",
                "text": f"{TEXTS[n % len(TEXTS)]} (#{n})",
                "votes": [],
                "rev": 0,
            }
            doc_id, rev = table.insert(doc), 0
            mine.append(doc_id)
        revs[doc_id] = rev
        sys.stdout.write(f"{doc_id} {rev}\n")
        sys.stdout.flush()
    return 0  # pragma: no cover - the loop ends only by a kill


def kill_round(
    path: Path, delay: float, *, wait_ready: bool = True, plain: bool = False, engine: bool = False
) -> list[tuple[str, int]]:
    """Start a writer on `path`, SIGKILL it `delay` seconds later; return the saves it acknowledged.

    Each save is `(doc_id, rev)`: the entry must be in the file with at least that rev.

    With `wait_ready` the clock starts once the database is open (so the kill
    lands among saves); without it, at spawn (so it may land while opening).
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), str(path)]
    if plain:
        cmd.append("--plain")
    if engine:
        cmd.append("--engine")
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
                    raise RuntimeError(f"writer failed to start: {err.read().decode(errors='replace')}")
            time.sleep(delay)
            proc.kill()  # SIGKILL: no cleanup, no flush, like a crash
            out = proc.stdout.read()
        finally:
            proc.kill()
            proc.wait()
            proc.stdout.close()
    lines = out.split(b"\n")[:-1]  # the last piece is empty or a line the kill cut short
    saves = [line.split() for line in lines if line and line != b"ready"]
    return [(doc_id.decode(), int(rev)) for doc_id, rev in saves]


def missing_saves(acknowledged: dict[str, int], stored: dict[str, int]) -> dict[str, int]:
    """Acknowledged saves the file does not hold: id -> acknowledged rev (stored: id -> rev)."""
    return {i: rev for i, rev in acknowledged.items() if stored.get(i, -1) < rev}


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
