"""facilitator.storage: atomic writes, backups, the read cache, locking and recovery.

TinyDB's own suite runs against AtomicJSONStorage in tests/tinydb_suite/; the
SIGKILL loop is in test_crash.py. These are the behaviours the product adds.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hostile import HOSTILE
from tinydb import Query, TinyDB
from tinydb.operations import set as tinydb_set
from tinydb.table import Document

from facilitator.database import OpenedDB, open_db
from facilitator.storage import (
    AtomicJSONStorage,
    CorruptDatabase,
    DatabaseLocked,
    DatabaseNotFound,
    ReadOnlyDatabase,
    StorageError,
    backup_path,
    lock_path,
)

ROOT = Path(__file__).resolve().parent.parent

CAPTURE = {"kind": "capture", "step": "round-1", "team": "Team 2", "text": "Call back within 1 h"}


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def _temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".tmp-" in p.name]


def _dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _one_line(exc: BaseException, *names: str) -> str:
    text = str(exc)
    assert "\n" not in text and "\r" not in text
    for name in names:
        assert name in text, f"{name!r} not in {text!r}"
    return text


# --------------------------------------------------------------------------- AtomicJSONStorage


def test_write_replaces_the_file_and_keeps_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    st = AtomicJSONStorage(path)
    assert st.read() is None  # a new, empty file, as TinyDB expects
    st.write({"contributions": {"1": {"text": "first"}}})
    assert not backup_path(path).exists()  # the empty placeholder is no version worth keeping
    first_inode = path.stat().st_ino
    st.write({"contributions": {"1": {"text": "first"}, "2": {"text": "second"}}})

    assert json.loads(path.read_text("utf-8"))["contributions"]["2"] == {"text": "second"}
    assert json.loads(backup_path(path).read_text("utf-8")) == {"contributions": {"1": {"text": "first"}}}
    # The backup is the old file itself (a hard link moved onto .bak), not a copy.
    assert backup_path(path).stat().st_ino == first_inode
    assert path.stat().st_ino != first_inode
    assert _temp_files(tmp_path) == []


def test_backup_off(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    st = AtomicJSONStorage(path, backup=False)
    st.write({"a": {}})
    st.write({"b": {}})
    assert not backup_path(path).exists()


def test_backup_falls_back_to_a_copy_without_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "s.json"
    st = AtomicJSONStorage(path)
    st.write({"t": {"1": {"v": 1}}})
    st.write({"t": {"1": {"v": 2}}})
    st.write({"t": {"1": {"v": 3}}})
    assert json.loads(backup_path(path).read_text("utf-8")) == {"t": {"1": {"v": 2}}}
    assert st.read() == {"t": {"1": {"v": 3}}}
    assert _temp_files(tmp_path) == []


def test_a_failed_backup_does_not_cost_the_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "s.json"
    st = AtomicJSONStorage(path)
    st.write({"t": {"1": {"v": 1}}})

    def broken(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(os, "link", broken)
    with caplog.at_level(logging.WARNING, logger="facilitator.storage"):
        st.write({"t": {"1": {"v": 2}}})
    assert json.loads(path.read_text("utf-8")) == {"t": {"1": {"v": 2}}}
    assert "Could not keep a backup" in caplog.text
    assert _temp_files(tmp_path) == []


def test_failed_write_removes_the_temp_file_and_drops_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.insert({"text": "kept"})

    real_replace = os.replace

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == path:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space left"):
        db.insert({"text": "lost, and the caller was told"})
    monkeypatch.undo()

    assert _temp_files(tmp_path) == []
    # TinyDB had already added the document to the cached dict; the next read
    # must come from disk, not from that dict.
    assert [d["text"] for d in db.all()] == ["kept"]
    db.insert({"text": "after"})
    assert [d["text"] for d in TinyDB(path, storage=AtomicJSONStorage).all()] == ["kept", "after"]


def test_unserialisable_document_leaves_file_and_cache_clean(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.insert({"text": "kept"})
    before = path.read_bytes()
    with pytest.raises(TypeError):
        db.insert({"text": object()})
    assert path.read_bytes() == before
    assert db.all() == [{"text": "kept"}]
    assert _temp_files(tmp_path) == []


def test_read_only_mode_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    with pytest.raises(FileNotFoundError):
        AtomicJSONStorage(path, access_mode="r")
    AtomicJSONStorage(path).write({"t": {"1": {"v": 1}}})
    before = path.read_bytes()

    st = AtomicJSONStorage(path, access_mode="r")
    assert not st.writable
    with pytest.raises(ReadOnlyDatabase) as err:
        st.write({"t": {}})
    assert isinstance(err.value, OSError)  # what JSONStorage's callers catch
    _one_line(err.value, "s.json", "read-only")
    assert path.read_bytes() == before
    assert _temp_files(tmp_path) == []


def test_cache_serves_reads_without_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.json"
    st = AtomicJSONStorage(path)
    st.write({"t": {"1": {"v": 1}}})
    opened: list[str] = []
    real_open = open

    def counting_open(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", counting_open)
    for _ in range(5):
        assert st.read() == {"t": {"1": {"v": 1}}}
    assert opened == []

    uncached = AtomicJSONStorage(path, cache=False)
    opened.clear()
    uncached.read()
    uncached.read()
    assert len(opened) == 2


def test_session_db_holds_what_the_file_will_hold(tmp_path: Path) -> None:
    """Through open_db a session reads the same before and after a reopen.

    The storage's cache keeps what TinyDB hands it, so SessionDB's tables store
    a JSON-normal copy of every document, update and upsert.
    """
    path = tmp_path / "s.json"
    tags = ["a"]
    when = datetime(2026, 5, 9, 9, 30, tzinfo=UTC)
    with open_db(path, create=True) as opened:
        table = opened.db.table("entries")
        table.insert({"pair": (1, 2), "by_team": {7: "x"}, "tags": tags, "at": when})
        tags.append("changed after the save")  # must not reach the database
        table.insert_multiple([{"n": float("nan")}, {"n": {"a"}}])
        table.update({"extra": (3,)}, doc_ids=[1])
        table.update(tinydb_set("later", ("x", "y")), doc_ids=[2])
        table.upsert(Document({"id": 7, "t": ("u",)}, doc_id=9))
        table.update_multiple([({"m": (1,)}, Query().n == ["a"])])
        during = table.all()
    expected = [
        {
            "pair": [1, 2],
            "by_team": {"7": "x"},
            "tags": ["a"],
            "at": "2026-05-09T09:30:00Z",
            "extra": [3],
        },
        {"n": None, "later": ["x", "y"]},
        {"n": ["a"], "m": [1]},
        {"id": 7, "t": ["u"]},
    ]
    assert during == expected
    with open_db(path, readonly=True) as again:
        assert again.db.table("entries").all() == expected
        assert [d.doc_id for d in again.db.table("entries").all()] == [1, 2, 3, 9]


def test_session_db_still_refuses_what_json_cannot_hold(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    with open_db(path, create=True) as opened:
        table = opened.db.table("entries")
        table.insert({"text": "kept"})
        with pytest.raises(TypeError):
            table.insert({"text": object()})
        with pytest.raises(ValueError, match="not a Mapping"):
            table.insert(["not", "a", "document"])  # type: ignore[arg-type]
        assert table.all() == [{"text": "kept"}]


def test_plain_tinydb_cache_keeps_values_until_reopen(tmp_path: Path) -> None:
    """Without SessionDB the cache behaves like TinyDB's CachingMiddleware (documented)."""
    path = tmp_path / "s.json"
    db = TinyDB(path, storage=AtomicJSONStorage, encoding="utf-8")
    db.insert({"pair": (1, 2)})
    assert db.all() == [{"pair": (1, 2)}]
    assert TinyDB(path, storage=AtomicJSONStorage, encoding="utf-8").all() == [{"pair": [1, 2]}]


def test_cache_notices_a_file_replaced_behind_its_back(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    one = AtomicJSONStorage(path)
    one.write({"t": {"1": {"v": 1}}})
    assert one.read() == {"t": {"1": {"v": 1}}}
    AtomicJSONStorage(path).write({"t": {"1": {"v": 2}}})
    assert one.read() == {"t": {"1": {"v": 2}}}


def test_read_only_storage_never_caches(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    writer = AtomicJSONStorage(path)
    writer.write({"t": {"1": {"v": 1}}})
    reader = AtomicJSONStorage(path, access_mode="r", cache=True)
    assert reader.read() == {"t": {"1": {"v": 1}}}
    writer.write({"t": {"1": {"v": 2}}})
    assert reader.read() == {"t": {"1": {"v": 2}}}
    assert reader._cache is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"t": {"1": {"v": 1}', "not valid JSON"),
        (b"\xff\xfe\x00garbage\x9c", "not readable text"),
        (b"[1, 2, 3]", "JSON array"),
        (b'"just a string"', "JSON string"),
    ],
)
def test_read_raises_corrupt_database(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(content)
    with pytest.raises(CorruptDatabase) as err:
        AtomicJSONStorage(path, encoding="utf-8").read()
    assert isinstance(err.value, json.JSONDecodeError)  # what JSONStorage raises
    assert isinstance(err.value, StorageError)
    _one_line(err.value, str(path), expected)


def test_stray_temp_files_of_dead_writers_are_removed_on_open(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    stray = tmp_path / f".s.json.tmp-{_dead_pid()}-0badf00d"
    stray_link = tmp_path / f".s.json.tmp-{_dead_pid()}-0badf00d.bak"
    live = tmp_path / f".s.json.tmp-{os.getppid()}-0000beef"  # a live process: keep
    other = tmp_path / f".other.json.tmp-{_dead_pid()}-00000000"  # another file's: keep
    for p in (stray, stray_link, live, other):
        p.write_text("{half a wri")
    AtomicJSONStorage(path)
    assert not stray.exists()
    assert not stray_link.exists()
    assert live.exists()
    assert other.exists()


def test_stray_temp_files_are_left_alone_by_read_only_opens(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    AtomicJSONStorage(path).write({})
    stray = tmp_path / f".s.json.tmp-{_dead_pid()}-0badf00d"
    stray.write_text("{")
    AtomicJSONStorage(path, access_mode="r")
    open_db(path, readonly=True).close()
    assert stray.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_file_permissions_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text("{}")
    path.chmod(0o600)
    AtomicJSONStorage(path).write({"t": {"1": {"name": "Zoë"}}})
    assert path.stat().st_mode & 0o777 == 0o600


def test_closed_storage_refuses_use(tmp_path: Path) -> None:
    st = AtomicJSONStorage(tmp_path / "s.json")
    st.close()
    with pytest.raises(ValueError, match="closed"):
        st.read()
    with pytest.raises(ValueError, match="closed"):
        st.write({})


# --------------------------------------------------------------------------- open_db: basics


def test_create_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "data" / "sessions" / "s1.json"
    with open_db(path, create=True) as opened:
        assert isinstance(opened, OpenedDB)
        assert opened.recovered is None
        assert not opened.readonly
        assert path.read_text("utf-8") == "{}"  # never an empty file, even before a save
        assert opened.db.table("contributions").insert(CAPTURE) == 1
    assert opened.closed
    with open_db(path) as again:
        assert again.db.table("contributions").all() == [CAPTURE]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "s.json"
    for readonly in (False, True):
        with pytest.raises(DatabaseNotFound) as err:
            open_db(path, readonly=readonly)
        _one_line(err.value, str(path), "does not exist")
    assert not (tmp_path / "nowhere").exists()  # no lock file, no folder


def test_second_writer_in_the_same_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    first = open_db(path, create=True)
    with pytest.raises(DatabaseLocked) as err:
        open_db(path)
    _one_line(err.value, str(path), "open in another Facilitator window")
    assert lock_path(path).exists()
    first.close()
    first.close()  # twice is fine
    open_db(path).close()  # the lock was released


_HOLDER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from facilitator.database import open_db
    opened = open_db(__import__("pathlib").Path(sys.argv[1]), create=True)
    table = opened.db.table("contributions")
    for line in sys.stdin:
        if line.strip() == "quit":
            break
        table.insert({{"kind": "capture", "text": line.strip()}})
        print("saved", flush=True)
    opened.close()
    """
)


def test_a_session_open_in_another_process(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER.format(root=str(ROOT)), str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None

    def save(text: str) -> None:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.write(text + "\n")
        holder.stdin.flush()
        assert holder.stdout.readline() == "saved\n"

    try:
        save("from the trainer's window")
        with pytest.raises(DatabaseLocked) as err:
            open_db(path)
        _one_line(err.value, str(path), "another Facilitator window")

        with open_db(path, readonly=True) as viewer:
            assert viewer.readonly
            table = viewer.db.table("contributions")
            assert [d["text"] for d in table.all()] == ["from the trainer's window"]
            save("second")  # the viewer follows the writer: no stale cache
            assert [d["text"] for d in table.all()] == ["from the trainer's window", "second"]
            with pytest.raises(ReadOnlyDatabase):
                table.insert({"text": "from the viewer"})
        save("third")  # the writer is not disturbed by the viewer
    finally:
        holder.stdin.write("quit\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    with open_db(path) as opened:
        texts = [d["text"] for d in opened.db.table("contributions").all()]
    assert texts == ["from the trainer's window", "second", "third"]


# --------------------------------------------------------------------------- open_db: recovery

DAMAGE = {
    "empty file": b"",
    "whitespace only": b"  \n",
    "truncated JSON": b'{"contributions": {"1": {"kind": "capture", "text": "Call ba',
    "garbage bytes": bytes(range(256)) * 4,
    "non-dict JSON": b'[{"kind": "capture"}]',
    "table not an object": b'{"contributions": ["a", "b"]}',
    "document not an object": b'{"contributions": {"1": "text"}}',
    "document id not a number": b'{"contributions": {"first": {"text": "x"}}}',
}


def _session_with_backup(path: Path) -> list[dict[str, str]]:
    """A session saved twice, so `.bak` holds the first save."""
    with open_db(path, create=True) as opened:
        table = opened.db.table("contributions")
        table.insert({"kind": "capture", "text": "one"})
        table.insert({"kind": "capture", "text": "two"})
    return [{"kind": "capture", "text": "one"}]


def _set_aside_files(folder: Path, label: str = "corrupt") -> list[Path]:
    return sorted(p for p in folder.iterdir() if f".{label}-" in p.name)


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_file_is_set_aside_and_backup_restored(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "s.json"
    expected = _session_with_backup(path)
    path.write_bytes(DAMAGE[damage])

    with open_db(path) as opened:
        assert opened.recovered is not None
        assert opened.db.table("contributions").all() == expected
        opened.db.table("contributions").insert({"kind": "capture", "text": "after"})

    (aside,) = _set_aside_files(tmp_path)
    assert aside.name.startswith("s.corrupt-") and aside.name.endswith("Z.json")
    assert aside.read_bytes() == DAMAGE[damage]  # kept exactly as it was
    message = opened.recovered
    assert "\n" not in message
    for part in (str(path), aside.name, "s.json.bak", "restored"):
        assert part in message
    with open_db(path) as again:
        assert again.recovered is None
        assert [d["text"] for d in again.db.table("contributions").all()] == ["one", "after"]


@pytest.mark.parametrize("damage", ["empty file", "truncated JSON", "garbage bytes", "non-dict JSON"])
def test_damaged_file_without_backup(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(DAMAGE[damage])
    with pytest.raises(CorruptDatabase) as err:
        open_db(path)
    (aside,) = _set_aside_files(tmp_path)
    assert aside.read_bytes() == DAMAGE[damage]
    assert not path.exists()
    _one_line(err.value, str(path), aside.name, "s.json.bak", "does not exist")
    # Nothing is left locked, and the trainer can start the session afresh.
    with open_db(path, create=True) as fresh:
        assert fresh.db.tables() == set()
    assert aside.read_bytes() == DAMAGE[damage]


def test_damaged_file_and_damaged_backup(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    _session_with_backup(path)
    path.write_bytes(DAMAGE["truncated JSON"])
    backup_path(path).write_bytes(DAMAGE["garbage bytes"])
    with pytest.raises(CorruptDatabase) as err:
        open_db(path)
    (aside,) = _set_aside_files(tmp_path)
    (bak_aside,) = _set_aside_files(tmp_path, "backup-corrupt")
    assert aside.read_bytes() == DAMAGE["truncated JSON"]
    assert bak_aside.read_bytes() == DAMAGE["garbage bytes"]
    _one_line(err.value, str(path), aside.name, "s.json.bak", "damaged too", bak_aside.name)
    assert not backup_path(path).exists()


def test_missing_file_with_a_backup_is_restored(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    expected = _session_with_backup(path)
    path.unlink()
    with open_db(path) as opened:
        assert opened.db.table("contributions").all() == expected
        assert opened.recovered is not None
        _one_line(ValueError(opened.recovered), str(path), "missing", "s.json.bak")


def test_set_aside_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    for n in range(3):  # three damaged files within the same second
        path.write_bytes(b"{broken %d" % n)
        with pytest.raises(CorruptDatabase):
            open_db(path)
    asides = _set_aside_files(tmp_path)
    assert sorted(p.read_bytes() for p in asides) == [b"{broken 0", b"{broken 1", b"{broken 2"]


def test_read_only_open_of_a_damaged_file_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    expected = _session_with_backup(path)
    path.write_bytes(DAMAGE["truncated JSON"])
    before = _names(tmp_path)
    with open_db(path, readonly=True) as opened:
        assert opened.db.table("contributions").all() == expected
        assert opened.recovered is not None
        _one_line(ValueError(opened.recovered), str(path), "s.json.bak", "read-only")
    assert _names(tmp_path) == before
    assert path.read_bytes() == DAMAGE["truncated JSON"]

    backup_path(path).write_bytes(b"")
    with pytest.raises(CorruptDatabase) as err:
        open_db(path, readonly=True)
    _one_line(err.value, str(path), "nothing on disk was changed")
    assert _names(tmp_path) == before


def test_messages_stay_one_line_for_hostile_file_names(tmp_path: Path) -> None:
    path = tmp_path / "evil\n\x1b[31mname.json"
    with pytest.raises(DatabaseNotFound) as err:
        open_db(path)
    text = str(err.value)
    assert "\n" not in text and "\x1b" not in text
    assert "evil\\n\\x1b[31mname.json" in text


def test_stray_temp_files_removed_by_open_db(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    open_db(path, create=True).close()
    stray = tmp_path / f".s.json.tmp-{_dead_pid()}-12345678"
    stray.write_text('{"half": ')
    with open_db(path) as opened:
        assert opened.recovered is None
    assert not stray.exists()


def test_storage_errors_share_a_base(tmp_path: Path) -> None:
    for cls in (DatabaseNotFound, DatabaseLocked, CorruptDatabase, ReadOnlyDatabase):
        assert issubclass(cls, StorageError)
    err = CorruptDatabase("x.json is damaged", tmp_path / "x.json")
    assert str(err) == "x.json is damaged"
    assert err.path == tmp_path / "x.json"


def test_save_does_not_list_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save costs the same with 1,000 old sessions beside it: it never scans the folder."""
    path = tmp_path / "s.json"
    with open_db(path, create=True) as opened:

        def no_scanning(*args: object, **kwargs: object) -> None:
            raise AssertionError("a save listed the folder")

        monkeypatch.setattr(os, "scandir", no_scanning)
        monkeypatch.setattr(os, "listdir", no_scanning)
        for n in range(5):
            opened.db.table("contributions").insert({"kind": "capture", "n": n})


# --------------------------------------------------------------------------- hostile text


def test_hostile_strings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    docs = [
        {"kind": "capture", "text": s, "author": s, "team": s, "tags": [s], "by_team": {s: 1}}
        for s in HOSTILE
    ]
    with open_db(path, create=True) as opened:
        table = opened.db.table("contributions")
        ids = [table.insert(doc) for doc in docs]
        for s in HOSTILE[:5]:
            opened.db.table(s).insert({"name": s})  # as a table name, too
        # Found again by an exact query, in the cache...
        for doc in docs:
            assert table.get(Query().text == doc["text"]) == doc

    # ...and after a reopen (from disk), writable and read-only.
    for readonly in (False, True):
        with open_db(path, readonly=readonly) as opened:
            table = opened.db.table("contributions")
            assert [table.get(doc_id=i) for i in ids] == docs
            for s in HOSTILE[:5]:
                assert opened.db.table(s).all() == [{"name": s}]
    raw = path.read_bytes()
    assert b"\x00" not in raw and b"\x1b" not in raw  # escaped in the file, not raw


def test_an_update_that_fails_half_way_changes_nothing(tmp_path: Path) -> None:
    """TinyDB updates documents in place; a failing update must not leave the cache ahead of the file."""
    path = tmp_path / "s.json"
    with open_db(path, create=True) as opened:
        table = opened.db.table("entries")
        table.insert_multiple([{"n": 1}, {"n": 2}, {"n": "three"}])

        def double(doc: dict[str, object]) -> None:
            doc["n"] = doc["n"] * 2  # type: ignore[operator]
            if doc["n"] == "threethree":
                raise ValueError("not a number")

        with pytest.raises(ValueError, match="not a number"):
            table.update(double)
        assert [d["n"] for d in table.all()] == [1, 2, "three"]
        table.insert({"n": 4})  # the next save writes the file's state, not the half-done one
    with open_db(path, readonly=True) as again:
        assert [d["n"] for d in again.db.table("entries").all()] == [1, 2, "three", 4]


def test_files_from_elsewhere_still_open(tmp_path: Path) -> None:
    """A file saved by a text editor (with a byte-order mark) or by JSONStorage (with NaN) is no damage."""
    path = tmp_path / "s.json"
    path.write_bytes('\ufeff{"entries": {"1": {"who": "Zoë"}}}'.encode())
    with open_db(path) as opened:
        assert opened.recovered is None
        assert opened.db.table("entries").all() == [{"who": "Zoë"}]
    path.write_text('{"entries": {"1": {"score": NaN}}}', encoding="utf-8")
    with open_db(path) as opened:
        assert opened.recovered is None
        (doc,) = opened.db.table("entries").all()
        assert doc["score"] != doc["score"]  # NaN, as JSONStorage wrote it


def test_deferred_writes_land_once_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "bulk.json"
    with open_db(path, create=True) as opened:
        table = opened.db.table("entries")
        before = path.read_bytes()
        with opened.deferred():
            for n in range(50):
                table.insert({"n": n})
            assert len(table) == 50, "reads inside the block see the pending writes"
            assert path.read_bytes() == before, "nothing reaches the disk until the block ends"
        assert len(json.loads(path.read_text("utf-8"))["entries"]) == 50
    with open_db(path) as again:
        assert len(again.db.table("entries")) == 50
