"""The checker against a seeded stream of mistakes in the bundled files.

Every mutation (see `fuzz_mutate`) must end one of two ways: refused, with
every problem as `file:line: words [rule-id]`; or accepted, and then the
privacy rule holds on the model, and the session runs through the engine,
its step views build headlessly and its handouts render, with no private
words anywhere they should not be (see `fuzz_run`). Accepted files that the
engine sees exactly as an earlier one (a comment, a note, a BOM, "step" for
"this-exercise/step") are not run again. `FACILITATOR_FUZZ=2000 pytest
tests/test_checker_fuzz.py -s` runs a longer stream and prints the counts.
"""

from __future__ import annotations

import os
import random
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import msgspec
from fuzz_mutate import CROSS_REFS, Mutation, mutate
from fuzz_run import assert_private_stays_private, run_through, solo_agenda

from facilitator.loader import Library, find_files, load_file, load_library
from facilitator.model import Agenda, Exercise
from facilitator.paths import bundled_exercises

MUTATIONS = int(os.environ.get("FACILITATOR_FUZZ", "120"))
SEED = int(os.environ.get("FACILITATOR_FUZZ_SEED", "13"))
LINE = re.compile(r"^\S+\.toml:\d+: \S.* \[[a-z0-9-]+\]$", re.S)


def signature(obj: Exercise | Agenda) -> bytes:
    """What the engine and the views see of a file: its steps (own-id references made short), or its items."""
    if isinstance(obj, Agenda):
        return msgspec.json.encode(obj.items)
    return msgspec.json.encode(obj.steps).replace(f'"{obj.id}/'.encode(), b'"')


@dataclass
class Bench:
    """A copy of the bundled files to mutate one at a time, and what became of each mutation."""

    folder: Path
    originals: dict[Path, bytes] = field(default_factory=dict)
    seen: set[bytes] = field(default_factory=set)
    to_run: list[tuple[str, Library, Exercise | Agenda]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)

    @classmethod
    def make(cls, tmp_path: Path) -> Bench:
        folder = tmp_path / "exercises"
        shutil.copytree(bundled_exercises(), folder, ignore=shutil.ignore_patterns("_*"))
        bench = cls(folder)
        for path in find_files([folder]):
            bench.originals[path] = path.read_bytes()
            bench.seen.add(signature(load_file(path)))
        return bench

    def check(self, path: Path, mutation: Mutation, what: str) -> None:
        """Refused with file:line lines, or accepted, privacy-safe, and queued for a run if new."""
        path.write_bytes(mutation.raw if mutation.raw is not None else mutation.text.encode("utf-8"))
        try:
            lib = load_library([self.folder])
        finally:
            path.write_bytes(self.originals[path])
        if lib.problems:
            self.counts["refused"] += 1
            for problem in lib.problems:
                assert LINE.match(str(problem)), f"{what}: {problem}"
                self.rules[problem.rule] += 1
            return
        self.counts["accepted"] += 1
        assert_private_stays_private(lib)
        key = next(k for k, p in lib.sources.items() if p == path)
        obj = lib.agendas[key.removeprefix("agenda:")] if key.startswith("agenda:") else lib.exercises[key]
        if signature(obj) not in self.seen:
            self.seen.add(signature(obj))
            self.to_run.append((what, lib, obj))

    async def run_all(self, root: Path, views: bool = True) -> None:
        for n, (what, lib, obj) in enumerate(self.to_run):
            agenda = obj if isinstance(obj, Agenda) else solo_agenda(lib, obj.id)
            exercise = obj.id if isinstance(obj, Exercise) else None
            try:
                await run_through(lib, root / f"run-{n}", agenda, exercise, views)
            except Exception as exc:
                raise AssertionError(f"{what}: {exc!r}") from exc
            self.counts["ran"] += 1


async def test_every_mutation_is_refused_with_a_line_or_runs_cleanly(tmp_path: Path) -> None:
    bench = Bench.make(tmp_path)
    files = sorted(bench.originals)
    rng = random.Random(SEED)
    for n in range(MUTATIONS):
        path = rng.choice(files)
        mutation = mutate(rng, bench.originals[path].decode("utf-8"))
        bench.check(path, mutation, f"mutation {n} (seed {SEED}) of {path.name}: {mutation.what}")
    await bench.run_all(tmp_path)
    rules = dict(bench.rules.most_common())
    print(f"\n{MUTATIONS} mutations (seed {SEED}): {dict(bench.counts)}; rules: {rules}")
    assert bench.counts["refused"] and bench.counts["accepted"] and bench.counts["ran"]


def reference_swaps(text: str) -> Iterator[tuple[str, str]]:
    """Every reference setting rewritten to name every step, here or in another exercise."""
    lines = text.split("\n")
    ids = re.findall(r'(?m)^id = "([^"]+)"', text)
    for n, line in enumerate(lines):
        setting = re.match(r'^(among|step|pairing) = "([^"]*)"', line)
        if not setting:
            continue
        # Every step by its short name, the original in its long form, and other exercises' steps.
        for value in [*ids[1:], f"{ids[0]}/{setting.group(2)}", *CROSS_REFS]:
            changed = [*lines[:n], f'{setting.group(1)} = "{value}"', *lines[n + 1 :]]
            yield f"line {n + 1}: {setting.group(1)} = {value!r}", "\n".join(changed)


async def test_every_reference_rewritten_every_way(tmp_path: Path) -> None:
    """The privacy hole lived here: a vote or chart naming a private step as "exercise-id/step-id".

    Every accepted rewrite runs through the engine and the handouts with the
    leak check; the step views of these same kinds are built in the stream above.
    """
    bench = Bench.make(tmp_path)
    for path, original in bench.originals.items():
        for what, text in reference_swaps(original.decode("utf-8")):
            bench.check(path, Mutation(text, None, what), f"{path.name} {what}")
    await bench.run_all(tmp_path, views=False)
    assert bench.counts["refused"] > bench.counts["accepted"] > 0
