"""Run TinyDB's own test suite against AtomicJSONStorage.

The test files here are TinyDB 4.9.0's (from its sdist; MIT licence, see LICENSE),
unchanged below their header. This conftest replaces TinyDB's: its fixtures
build the JSON databases with AtomicJSONStorage, and an autouse fixture swaps
AtomicJSONStorage in wherever the tests reach JSONStorage (the name each test
module imported, `tinydb.JSONStorage`, `tinydb.storages.JSONStorage`, and
`TinyDB.default_storage_class`, used by `TinyDB(path)`). The swap is undone
after each test, so the rest of the project's tests see TinyDB as it is.

Not vendored: test_queries.py and test_utils.py (no storage involved).

Excluded tests, and why:
- test_middlewares.py::test_caching_json_write reads `db._storage._handle`, a
  private attribute of JSONStorage (AtomicJSONStorage holds no open handle; the
  rest of that test is covered by test_storage.py's reopen tests).
- test_tables.py::test_table_repr[json] matches the storage's class path
  against `tinydb.storages.(MemoryStorage|JSONStorage)`; ours lives in
  `facilitator.storage`. The [memory] variant still runs.
- test_storages.py::test_yaml tests a YAML storage defined inside the test, not
  JSONStorage, and skips without PyYAML (not a dependency).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tinydb
import tinydb.database
import tinydb.storages
from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import MemoryStorage

from facilitator.storage import AtomicJSONStorage

EXCLUDED = {
    "test_middlewares.py::test_caching_json_write",
    "test_tables.py::test_table_repr[json]",
    "test_storages.py::test_yaml",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the excluded tests (listed with reasons above), so none shows as skipped."""
    here = Path(__file__).parent
    keep: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        path = Path(str(item.path))
        key = f"{path.name}::{item.name}"
        (dropped if path.parent == here and key in EXCLUDED else keep).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.fixture(autouse=True)
def _atomic_json_storage(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every JSONStorage the suite reaches is an AtomicJSONStorage for the test's duration."""
    monkeypatch.setattr(tinydb.storages, "JSONStorage", AtomicJSONStorage)
    monkeypatch.setattr(tinydb, "JSONStorage", AtomicJSONStorage)
    monkeypatch.setattr(tinydb.database.TinyDB, "default_storage_class", AtomicJSONStorage)
    module = sys.modules.get(request.module.__name__)
    if module is not None and hasattr(module, "JSONStorage"):
        monkeypatch.setattr(module, "JSONStorage", AtomicJSONStorage)


# The two fixtures of TinyDB's tests/conftest.py, with AtomicJSONStorage.


@pytest.fixture(params=["memory", "json"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TinyDB]:
    if request.param == "json":
        db_ = TinyDB(tmp_path / "test.db", storage=AtomicJSONStorage)
    else:
        db_ = TinyDB(storage=MemoryStorage)

    db_.drop_tables()
    db_.insert_multiple({"int": 1, "char": c} for c in "abc")

    yield db_


@pytest.fixture
def storage() -> Any:
    return CachingMiddleware(MemoryStorage)()
