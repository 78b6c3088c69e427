"""The hostile inputs every text path must survive, decoded once for all tests.

`data/hostile-strings.txt` is a copy of the shared list: one input a line, with
\\n, \\t, \\x1b, \\u200b and \\x00 written as escapes. The file's own comment
asks for two more: a 10,000-character string, and every line used as a name,
a team, an entry and an action (the tests do that part).
"""

from __future__ import annotations

import re
from pathlib import Path

_FILE = Path(__file__).parent / "data" / "hostile-strings.txt"
_ESCAPES = {"\\n": "\n", "\\t": "\t", "\\x1b": "\x1b", "\\u200b": "\u200b", "\\x00": "\x00"}


def _decode(line: str) -> str:
    return re.sub(r"\\n|\\t|\\x1b|\\u200b|\\x00", lambda m: _ESCAPES[m.group(0)], line)


def hostile_strings() -> list[str]:
    """Every listed input (blank and space-only lines included), plus a 10,000-character one."""
    lines = _FILE.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    values = [_decode(line) for line in lines if not line.startswith("# ")]
    values.append(("Long name " * 1000)[:10_000])
    return values


HOSTILE = hostile_strings()
