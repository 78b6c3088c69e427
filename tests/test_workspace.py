"""The data folder under pressure: many `facilitator new` at once, a garbage index, a full disk."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from factories import FULL_AGENDA, make_workshop
from filelock import FileLock

from facilitator.cli import main
from facilitator.engine import DiskFull, SessionReadOnly, Workspace
from facilitator.storage import AtomicJSONStorage

ROSTER = "Name,Team\nAda Brennan,Front Desk\nBilal Chaudhry,Accounts\nChen Wei,Accounts\n"


def test_twelve_new_sessions_at_once_are_all_complete(tmp_path: Path) -> None:
    roster = tmp_path / "people.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    data = tmp_path / "data"
    command = [sys.executable, "-m", "facilitator", "--data-dir", str(data), "new"]
    command += ["taking-messages-that-matter", "--title", "Same title", "--date", "2026-12-01"]
    command += ["--roster", str(roster)]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(12)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in runs]
    ids = [out.strip() for code, out, _ in results if code == 0]
    refusals = [err for code, _, err in results if code != 0]
    assert all(len(err.strip().splitlines()) == 1 and "Traceback" not in err for err in refusals)
    assert len(set(ids)) == len(ids) == 12 - len(refusals)
    assert len(ids) == 12, refusals
    workspace = Workspace(data)
    listed = {s.id for s in workspace.sessions()}
    assert listed == set(ids)
    for sid in ids:
        session = workspace.open(sid, readonly=True)
        assert [p.name for p in session.participants()] == ["Ada Brennan", "Bilal Chaudhry", "Chen Wei"]
        session.close()
    index = json.loads((data / "index.json").read_text(encoding="utf-8"))
    assert {doc["id"] for doc in index["sessions"].values()} == set(ids)


def test_a_garbage_index_never_fails_new_and_is_rebuilt(tmp_path: Path) -> None:
    first = make_workshop(tmp_path, title="First")
    first.close()
    (tmp_path / "index.json").write_bytes(b"\x00garbage{{{")
    (tmp_path / "index.json.bak").write_bytes(b"also garbage")
    second = make_workshop(tmp_path, title="Second")
    second.close()
    assert {s.title for s in Workspace(tmp_path).sessions()} == {"First", "Second"}
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    assert {doc["title"] for doc in index["sessions"].values()} == {"First", "Second"}


def test_a_full_disk_costs_the_last_change_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    w = make_workshop(tmp_path, agenda=FULL_AGENDA)
    key = "service-stories/stories"
    saved = w.add_entry(key, "p1", {"title": "Kept", "category": "poor"})
    path = tmp_path / "sessions" / f"{w.id}.json"
    before = path.read_bytes()
    real = AtomicJSONStorage._write_temp

    def full(self: AtomicJSONStorage, tmp: Path, payload: bytes | str) -> os.stat_result:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(AtomicJSONStorage, "_write_temp", full)
    with pytest.raises(DiskFull, match=r"disk is full.*press Enter to retry"):
        w.add_entry(key, "p2", {"title": "Lost for now", "category": "good"})
    with pytest.raises(DiskFull):
        w.next()
    assert path.read_bytes() == before, "the file on disk is intact"
    assert [e.id for e in w.entries(key)] == [saved.id], "memory agrees with the disk"
    assert w.position == 0
    monkeypatch.setattr(AtomicJSONStorage, "_write_temp", real)
    retried = w.add_entry(key, "p2", {"title": "Lost for now", "category": "good"})
    w.close()
    again = Workspace(tmp_path).open(w.id)
    assert [e.id for e in again.entries(key)] == [saved.id, retried.id]
    again.close()


def test_a_read_only_folder_offers_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    w = make_workshop(tmp_path)
    w.add_participant("Late Larry")
    w.close()

    def refuse(self: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    # As root a chmod is no obstacle, so the lock file's creation fails the way a read-only folder makes it.
    monkeypatch.setattr(FileLock, "acquire", refuse)
    with pytest.raises(SessionReadOnly, match="read-only"):
        Workspace(tmp_path).open(w.id)
    assert main(["--data-dir", str(tmp_path), "run", w.id]) == 1
    err = capsys.readouterr().err
    assert "--read-only" in err and len(err.strip().splitlines()) == 1
    viewer = Workspace(tmp_path).open(w.id, readonly=True)
    assert viewer.readonly and "Late Larry" in [p.name for p in viewer.participants()]
    viewer.close()


def test_room_displays_are_counted_while_they_run(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    assert workspace.rooms_attached("a-session") == 0
    first = workspace.announce_room("a-session")
    assert workspace.rooms_attached("a-session") == 1 and workspace.rooms_attached("other") == 0
    stale = first.path.with_name("a-session.room.999999999")
    stale.touch()  # a display that crashed: no such process
    assert workspace.rooms_attached("a-session") == 1
    old = first.path.with_name(f"a-session.room.{os.getppid()}")
    old.touch()
    os.utime(old, (0, 0))  # a live process, but its beacon is long stale
    assert workspace.rooms_attached("a-session") == 1
    first.close()
    assert workspace.rooms_attached("a-session") == 0
