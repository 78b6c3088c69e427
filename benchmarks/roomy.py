"""The bundled exercises with higher entry limits, so a benchmark's 2,000 entries fit a real agenda.

The files allow a person two stories or three actions; a benchmark that fills
a day for 40 people needs more in a few steps, and only there.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

import msgspec

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from facilitator.loader import Library, load_library  # noqa: E402
from facilitator.paths import bundled_exercises  # noqa: E402


def roomy_library(limits: Mapping[str, int]) -> Library:
    """The bundled library, each step named in `limits` ("exercise/step") taking that many entries."""
    lib = load_library([bundled_exercises()])
    for ex_id, exercise in list(lib.exercises.items()):
        steps = [
            msgspec.structs.replace(s, max_entries=limits[f"{ex_id}/{s.id}"])
            if f"{ex_id}/{s.id}" in limits
            else s
            for s in exercise.steps
        ]
        lib.exercises[ex_id] = msgspec.structs.replace(exercise, steps=steps)
    return lib
