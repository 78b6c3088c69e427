"""Where things live: bundled exercises, the trainer's own exercises, the data folder.

Kept in one place so the CLI, the TUI and the tests agree, and so a test or a
demo can point everything at a temporary folder with one environment variable.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "FACILITATOR_DATA_DIR"
EXERCISES_ENV = "FACILITATOR_EXERCISES"


def bundled_exercises() -> Path:
    """The exercises shipped with the app.

    In a wheel they sit inside the package; in a source checkout (editable
    install, tests) they are the top-level `exercises/` folder.
    """
    here = Path(__file__).resolve().parent
    inside = here / "_bundled" / "exercises"
    return inside if inside.is_dir() else here.parent / "exercises"


def exercise_dirs(extra: list[Path] | None = None) -> list[Path]:
    """Bundled exercises first, then the environment's folders, then `--exercises`."""
    dirs = [bundled_exercises()]
    env = os.environ.get(EXERCISES_ENV, "")
    dirs.extend(Path(p) for p in env.split(os.pathsep) if p)
    dirs.extend(extra or [])
    return dirs


def data_dir(override: Path | str | None = None) -> Path:
    """The folder that holds every session: `--data-dir`, the env var, or the user data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("facilitator", appauthor=False))
