"""File names for handouts, made from participants' names.

A trainer opens the output folder and looks for "ada-brennan.pdf", so names
come first. But names are typed by people: two "Sam Lee"s, "李小龍", an emoji,
"../../etc/passwd", "CON". Every name goes through `slugify` (which
transliterates and keeps only a-z, 0-9 and "-"), so no path separator or dot
survives and the file cannot land outside the output folder. What slugify
cannot express (an emoji-only name) falls back to the participant id, names
Windows reserves get the id appended, and duplicates are numbered.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from slugify import slugify

MAX_SLUG = 60
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin", "conout"}
    | {f"com{n}" for n in range(10)}
    | {f"lpt{n}" for n in range(10)}
)


def safe_slug(text: str, fallback: str) -> str:
    """A lowercase a-z0-9 slug of `text`; `fallback` (already safe) when nothing is left."""
    slug = slugify(text, max_length=MAX_SLUG, word_boundary=True, save_order=True)
    slug = slug.strip("-.") or slugify(fallback) or "file"
    if slug in _WINDOWS_RESERVED:
        slug = f"{slug}-{slugify(fallback) or 'file'}"
    return slug


def unique_slugs(people: Iterable[tuple[str, str]], taken: Iterable[str] = ()) -> dict[str, str]:
    """Map each (id, name) to a slug no other person (or name in `taken`) has.

    Numbering follows roster order, so the second "Sam Lee" is always
    "sam-lee-2" no matter how often the handouts are printed.
    """
    used = set(taken)
    out: dict[str, str] = {}
    for pid, name in people:
        base = safe_slug(name, pid)
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        out[pid] = slug
    return out


class OutputFolder:
    """The one folder handouts are written to; every path is checked to stay inside it.

    Stems come from `unique_slugs` and fixed names, so escaping is already
    impossible; the check is a second lock on the same door, because a bug
    here would write a participant's private plan somewhere unexpected.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._prefix = os.path.join(os.path.realpath(root), "")
        self._made: set[Path] = {root}

    def path(self, stem: str, suffix: str) -> Path:
        """`root/stem+suffix`, with its folder created; ValueError if it would leave root.

        The check is on the normalised string (no filesystem calls per file: a
        room of 1,000 writes 1,000 files); the root itself was resolved once.
        """
        target = self.root / f"{stem}{suffix}"
        full = os.path.normpath(os.path.join(self._prefix, f"{stem}{suffix}"))
        if not full.startswith(self._prefix) or os.path.isabs(stem):
            raise ValueError(f"refusing to write outside {self.root}: {stem!r}")
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        return target

    def write(self, stem: str, suffix: str, text: str) -> Path:
        """Write text as UTF-8, line ends as given (LF from our templates); returns the path."""
        target = self.path(stem, suffix)
        target.write_bytes(text.encode("utf-8", "replace"))
        return target
