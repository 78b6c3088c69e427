"""Copyfitting estimates for the one-page action plan: balanced columns, and where measuring starts.

Which style a plan is printed in is decided by measuring it with the PDF
engine (see `fitting`). This estimate, from the length of its texts, only
says which style to lay it out in first, so that most plans need a single
layout; and it decides alone when no PDF engine can load. The figures are
millimetres at the normal style, calibrated against WeasyPrint and Chromium
output on A4; they only need to be right about which side of the line a
page falls, most of the time.

Team suggestions are split into two columns of about equal height here,
not with CSS columns: WeasyPrint balances CSS columns by laying them out
repeatedly, which is slow for long text, and the split then differs
between engines.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from math import ceil

from facilitator.handouts.views import Action, ChecklistView, EntryGroup, Labelled, Table

LINE = 4.2  # one line of 8.8 pt body text
SMALL = 3.6  # one line of the small type used for details and key points
HEADING = 7.5  # a section heading with its rule and gap
BLOCK_GAP = 3.6
HEADER = 24.0
FOLLOW_UP = 31.0
PRIVATE_NOTE = 6.0
TITLE_WEIGHT = 60  # a group title, in characters, when balancing columns
CALIBRATION = 0.93  # measured: real height / estimate, over the demo, the tests' day and a room of 40
COMPACT_SAVES = 0.85  # measured: the compact style's height / the normal style's


def fit_class(estimated_mm: float, budget_mm: float) -> str:
    """The style that fits the plan on one sheet: "", "compact", or "compact dense"."""
    real = estimated_mm * CALIBRATION
    if real <= budget_mm:
        return ""
    if real * COMPACT_SAVES <= budget_mm:
        return "compact"
    return "compact dense"


@lru_cache(maxsize=8192)
def lines(text: str, per_line: int) -> int:
    """Lines a text takes at `per_line` characters a line (its own line breaks count).

    Cached: checklist items, key points and a team's suggestions repeat on every plan.
    """
    return sum(max(1, ceil(len(part) / per_line)) for part in text.split("\n")) if text else 0


def _weight(entry: Labelled) -> int:
    return len(entry.headline) + sum(len(label) + len(value) for label, value in entry.details) + 40


def balance(groups: Sequence[EntryGroup]) -> tuple[tuple[EntryGroup, ...], tuple[EntryGroup, ...]]:
    """Two columns of about equal height, in reading order (left column first).

    A group cut by the split keeps its title at the top of the right column too.
    """
    items = [(g.title, e) for g in groups for e in g.entries]
    if len(items) < 2:
        return tuple(groups), ()
    weights = []
    previous = None
    for title, entry in items:
        weights.append(_weight(entry) + (TITLE_WEIGHT if title != previous else 0))
        previous = title
    total, running, cut = sum(weights), 0, len(items)
    best = total
    for i, w in enumerate(weights[:-1]):
        running += w
        difference = abs(total - 2 * running)
        if difference < best:
            best, cut = difference, i + 1
    return _regroup(items[:cut]), _regroup(items[cut:])


def _regroup(items: Sequence[tuple[str, Labelled]]) -> tuple[EntryGroup, ...]:
    groups: list[EntryGroup] = []
    for title, entry in items:
        if groups and groups[-1].title == title:
            groups[-1] = EntryGroup(title, (*groups[-1].entries, entry))
        else:
            groups.append(EntryGroup(title, (entry,)))
    return tuple(groups)


def _actions_mm(actions: Sequence[Action]) -> float:
    if not actions:
        return HEADING + 2 * 21
    total = HEADING
    for a in actions:
        facts = max(lines(a.due, 24), lines(a.support, 42), lines(a.measure, 42), 1)
        total += lines(a.what, 88) * 4.7 + 3.2 + facts * LINE + 3.0
    return total


def _checklists_mm(checklists: Sequence[ChecklistView]) -> float:
    total = 0.0
    for c in checklists:
        rows = sum(lines(r.label, 52) * LINE + 1.0 for r in c.rows)
        total += HEADING + 4.5 + rows + 5.5 + (5.0 if len(c.rounds) > 1 else 0.0)
    return total


def _points_mm(points: Sequence[str]) -> float:
    return HEADING + sum(lines(p, 58) * SMALL + 0.6 for p in points) if points else 0.0


def _column_mm(groups: Sequence[EntryGroup]) -> float:
    total = 0.0
    for g in groups:
        total += 5.0
        for e in g.entries:
            details = " · ".join(f"{label}: {value}" for label, value in e.details)
            total += lines(e.headline, 52) * LINE + lines(details, 62) * SMALL + 1.3
    return total


def _relationships_mm(maps: Sequence[Table], plan: Sequence[tuple[str, str]], shown: bool) -> float:
    if not shown:
        return 0.0
    total = HEADING
    for t in maps:
        rows = [max((lines(c.text, 30) for c in row), default=1) * LINE + 1.0 for row in t.rows] or [7.0] * 3
        total += 5.0 + sum(rows)
    if plan:
        total += 3.0 + 3.0 + max(lines(value, 36) for _, value in plan) * LINE
    return total


def estimate_mm(
    name: str,
    actions: Sequence[Action],
    checklists: Sequence[ChecklistView],
    key_points: Sequence[str],
    columns: tuple[Sequence[EntryGroup], Sequence[EntryGroup]],
    has_suggestions: bool,
    maps: Sequence[Table],
    rel_plan: Sequence[tuple[str, str]],
    has_relationships: bool,
) -> float:
    """The plan's height in millimetres at the normal style, blocks and gaps included."""
    header = HEADER + (lines(name, 34) - 1) * 8.5
    row = max(_checklists_mm(checklists), _points_mm(key_points))
    suggestions = HEADING + max(_column_mm(columns[0]), _column_mm(columns[1])) if has_suggestions else 0.0
    blocks = [
        _actions_mm(actions),
        row,
        suggestions,
        _relationships_mm(maps, rel_plan, has_relationships),
    ]
    used = [b for b in blocks if b]
    return header + sum(used) + BLOCK_GAP * len(used) + FOLLOW_UP + PRIVATE_NOTE
