"""Remapping keys: every binding has an id, and `keys.toml` can move it.

A trainer with a presentation clicker, a foreign keyboard layout or a habit
from slide software can put a `keys.toml` in the data folder:

    [keys]
    "run.next" = "pagedown,right,space"
    "run.blank" = "b,full_stop"

Ids are `<screen>.<action>` (see the help screen, `?`). A broken file must not
stop a workshop from starting, so problems come back as one line to show.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

KEYMAP_FILE = "keys.toml"


def load_keymap(path: Path) -> tuple[dict[str, str], str | None]:
    """The `[keys]` table of `path` as {binding id: keys}, and a one-line problem or None."""
    if not path.exists():
        return {}, None
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"{path}: ignored ({' '.join(str(exc).split())})"
    table = raw.get("keys", {})
    if not isinstance(table, dict):
        return {}, f"{path}: ignored ([keys] must be a table)"
    keymap = {str(k): v for k, v in table.items() if isinstance(v, str) and v.strip()}
    bad = sorted(str(k) for k, v in table.items() if not (isinstance(v, str) and v.strip()))
    problem = f"{path}: ignored {', '.join(bad)} (keys must be text)" if bad else None
    return keymap, problem
