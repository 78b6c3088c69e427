"""Shared test setup: make `tests/` importable so `from hostile import HOSTILE` works."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
