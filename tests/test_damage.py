"""Damaged and odd-shaped session files: never a traceback, never a lost backup.

Every kind of damage below is applied to a real session file, with and
without its backup, and then the file is opened the four ways a trainer
would: `run`, `export`, `handouts` and `sessions`. Each case is either
recovered with a message or refused with one line; the backup, where there
was a good one, still holds every entry afterwards.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from factories import FULL_AGENDA, make_workshop

from facilitator.cli import main
from facilitator.engine import SessionDamaged, SessionError, Workspace
from facilitator.tui.app import FacilitatorApp

Tables = dict[str, Any]


def _first(tables: Tables, name: str) -> dict[str, Any]:
    return next(iter(tables[name].values()))


def _meta(tables: Tables) -> dict[str, Any]:
    return _first(tables, "meta")


def _edit(change: Callable[[Tables], object]) -> Callable[[bytes], bytes]:
    def damage(raw: bytes) -> bytes:
        tables = json.loads(raw)
        change(tables)
        return json.dumps(tables).encode()

    return damage


def _raw(new: bytes) -> Callable[[bytes], bytes]:
    return lambda raw: new


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "empty file": _raw(b""),
    "truncated": lambda raw: raw[: len(raw) // 2],
    "garbage": _raw(b"\x00\x01garbage\xff" * 20),
    "not utf-8": _raw(b'{"meta": "\xff\xfe"}'),
    "a JSON array": _raw(b"[]"),
    "a JSON string": _raw(b'"session"'),
    "{}": _raw(b"{}"),
    "null": _raw(b"null"),
    "nested too deep": _raw(b"[" * 50_000 + b"]" * 50_000),
    "meta table missing": _edit(lambda t: t.pop("meta")),
    "participants table missing": _edit(lambda t: t.pop("participants")),
    "entries table missing": _edit(lambda t: t.pop("entries")),
    "exercises table missing": _edit(lambda t: t.pop("exercises")),
    "meta table empty": _edit(lambda t: t.update(meta={})),
    "two meta records": _edit(lambda t: t["meta"].update({"99": _meta(t)})),
    "meta record a list": _edit(lambda t: t["meta"].update({next(iter(t["meta"])): []})),
    "plan a string": _edit(lambda t: _meta(t).update(plan="the plan")),
    "plan empty": _edit(lambda t: _meta(t).update(plan=[])),
    "position 999": _edit(lambda t: _meta(t).update(position=999)),
    "position -1": _edit(lambda t: _meta(t).update(position=-1)),
    "position a string": _edit(lambda t: _meta(t).update(position="3")),
    "id missing": _edit(lambda t: _meta(t)["details"].pop("id")),
    "id a path": _edit(lambda t: _meta(t)["details"].update(id="../../etc")),
    "status unknown": _edit(lambda t: _meta(t).update(status="exploded")),
    "seed missing": _edit(lambda t: _meta(t).pop("seed")),
    "step state a string": _edit(lambda t: _meta(t).update(steps={"message-taking/why": "x"})),
    "timer elapsed a string": _edit(
        lambda t: _meta(t).update(steps={t and _meta(t)["plan"][0]["key"]: {"elapsed": "lots"}})
    ),
    "plan names an unknown exercise": _edit(
        lambda t: _meta(t)["plan"].append({"key": "ghost/step", "title": "Ghost", "minutes": 5})
    ),
    "entry data a string": _edit(lambda t: _first(t, "entries").update(data="text")),
    "entry data a list": _edit(lambda t: _first(t, "entries").update(data=["a", "b"])),
    "entry data missing": _edit(lambda t: _first(t, "entries").pop("data")),
    "entry id missing": _edit(lambda t: _first(t, "entries").pop("id")),
    "entry kind unknown": _edit(lambda t: _first(t, "entries").update(kind="graffiti")),
    "entry log a string": _edit(lambda t: _first(t, "entries").update(log="undo me")),
    "participant id missing": _edit(lambda t: _first(t, "participants").pop("id")),
    "participant name missing": _edit(lambda t: _first(t, "participants").pop("name")),
    "two participants with one id": _edit(
        lambda t: t["participants"].update({"99": dict(_first(t, "participants"))})
    ),
    "an exercise without steps": _edit(lambda t: _first(t, "exercises").pop("steps")),
    "a record id that is not a number": _edit(lambda t: t["entries"].update({"x1": _first(t, "entries")})),
    "a record that is not an object": _edit(lambda t: t["entries"].update({"999": 5})),
    "entries table emptied": _edit(lambda t: t.update(entries={})),
    "participants table emptied": _edit(lambda t: t.update(participants={})),
}


@pytest.fixture(scope="module")
def base_session(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    """A session with people and entries, saved enough times that its backup holds them all."""
    root = tmp_path_factory.mktemp("base")
    w = make_workshop(root, agenda=FULL_AGENDA, people=5)
    people = [p.id for p in w.participants()]
    key = "service-stories/stories"
    for n, pid in enumerate(people):
        w.add_entry(key, pid, {"title": f"Story {n}", "category": "poor"})
    w.begin()
    w.next()  # one more save, so the backup holds every entry above
    sid = w.id
    w.close()
    return root, sid, len(people)


def _case(base: tuple[Path, str, int], tmp_path: Path, damage: str, with_bak: bool) -> tuple[Path, str]:
    root, sid, _ = base
    shutil.copytree(root, tmp_path / "data")
    data = tmp_path / "data"
    path = data / "sessions" / f"{sid}.json"
    bak = path.with_name(path.name + ".bak")
    if not with_bak:
        bak.unlink()
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    return data, sid


def _entries_in(file: Path) -> int:
    try:
        tables = json.loads(file.read_bytes())
        return len(tables.get("entries", {}))
    except (ValueError, AttributeError):
        return -1


def _one_line_or_nothing(err: str) -> None:
    assert "Traceback" not in err
    problems = [line for line in err.splitlines() if line.startswith("facilitator:") and "note:" not in line]
    assert len(problems) <= 1, err


@pytest.mark.parametrize("with_bak", [True, False], ids=["with-bak", "no-bak"])
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damage_is_recovered_or_refused_in_one_line(
    base_session: tuple[Path, str, int],
    tmp_path: Path,
    damage: str,
    with_bak: bool,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data, sid = _case(base_session, tmp_path, damage, with_bak)
    bak = data / "sessions" / f"{sid}.json.bak"
    bak_entries = _entries_in(bak) if with_bak else None
    workspace = Workspace(data)

    # sessions: lists what can be read, never fails.
    assert main(["--data-dir", str(data), "sessions"]) == 0
    _one_line_or_nothing(capsys.readouterr().err)

    # export and handouts (read-only): from the backup with a note, or one line and exit 1.
    code = main(["--data-dir", str(data), "export", sid, "--format", "json"])
    out, err = capsys.readouterr()
    _one_line_or_nothing(err)
    if code == 0:
        assert json.loads(out)["id"] == sid
    code = main(["--data-dir", str(data), "handouts", sid, "--format", "md", "--out", str(tmp_path / "h")])
    _one_line_or_nothing(capsys.readouterr().err)

    # run: the CLI opens the session first; a damaged one with a good backup opens the app on the offer.
    launched: list[FacilitatorApp] = []
    monkeypatch.setattr(FacilitatorApp, "run", lambda self, *a, **k: launched.append(self))
    code = main(["--data-dir", str(data), "run", sid])
    _one_line_or_nothing(capsys.readouterr().err)
    assert code in (0, 1)
    if launched and launched[0].workshop is not None:
        launched[0].workshop.close()

    # The engine's answer, and what restoring gives.
    try:
        session = workspace.open(sid)
    except SessionDamaged as exc:
        assert "\n" not in str(exc)
        if exc.backup_saved is None:
            assert not with_bak or bak_entries == -1 or not bak.exists()
        else:
            assert launched and launched[0].damaged is not None, "run offers the backup"
            session = workspace.open(sid, restore_backup=True)
            assert "restored from its backup" in (session.recovered or "")
            assert len(session.ledger.state.entries) == bak_entries
            session.close()
    except SessionError as exc:
        assert "\n" not in str(exc)
    else:
        session.close()

    if with_bak and bak_entries and bak_entries > 0:
        assert _entries_in(bak) >= bak_entries, "the good backup keeps every entry"
