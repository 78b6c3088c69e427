"""The numbers behind every chart: tallies, misses, averages, gaps, shares.

Both the projected debrief and the printed report draw the same `ChartData`,
so the room and the client see identical figures. Inputs are plain values
(entry dicts, score dicts), which keeps this module free of storage and UI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import mean

from facilitator.model import Field, Item


@dataclass(frozen=True)
class Bar:
    """One labelled value; `text` is how it is printed next to the bar."""

    label: str
    value: float
    text: str


@dataclass(frozen=True)
class ChartData:
    """A titled set of bars on a common scale."""

    title: str
    bars: tuple[Bar, ...]
    maximum: float
    note: str = ""
    signed: bool = False
    lines: tuple[str, ...] = ()
    count: int = 0

    @property
    def empty(self) -> bool:
        """Nothing has been entered yet for the step it summarises (a zero gap is not empty)."""
        return self.count == 0


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 entry", "3 entries": a number with its noun agreeing, on screen and on paper."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def cell_key(item: str, aspect: int | None = None) -> str:
    """Where one rating lives in a score dict: the item, or item#aspect."""
    return item if aspect is None else f"{item}#{aspect}"


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else str(int(value))


def tally(title: str, field: Field, entries: Sequence[Mapping[str, object]]) -> ChartData:
    """How many entries chose each option of a choice field, in the file's order."""
    options = list(field.choices) or sorted({str(e.get(field.id, "")) for e in entries} - {""})
    counts = {o: 0 for o in options}
    for entry in entries:
        value = str(entry.get(field.id, ""))
        if value in counts:
            counts[value] += 1
    bars = tuple(Bar(o, counts[o], str(counts[o])) for o in options)
    return ChartData(
        title, bars, max([1, *counts.values()]), counted(len(entries), "entry", "entries"), count=len(entries)
    )


def missed(title: str, items: Sequence[Item], ticks: Sequence[Mapping[str, object]]) -> ChartData:
    """Checklist items by how often observers did NOT tick them, most missed first."""
    if not ticks:
        return ChartData(title, (), 100, "no checklists yet")
    rows = []
    for item in items:
        misses = sum(1 for t in ticks if not t.get(item.id))
        share = 100 * misses / len(ticks)
        rows.append(Bar(item.label, share, f"{misses} of {len(ticks)} missed"))
    rows.sort(key=lambda b: b.value, reverse=True)
    return ChartData(title, tuple(rows), 100, counted(len(ticks), "checklist"), count=len(ticks))


def ticked_share(items: Sequence[Item], ticks: Sequence[Mapping[str, object]]) -> list[Bar]:
    """Per-item percentage ticked, for the live checklist view."""
    total = len(ticks)
    return [
        Bar(
            item.label,
            100 * sum(1 for t in ticks if t.get(item.id)) / total if total else 0,
            f"{round(100 * sum(1 for t in ticks if t.get(item.id)) / total) if total else 0}%",
        )
        for item in items
    ]


def votes(title: str, counts: Sequence[tuple[str, int]]) -> ChartData:
    """The vote tally, most dots first."""
    ordered = sorted(counts, key=lambda c: c[1], reverse=True)
    bars = tuple(Bar(label, n, str(n)) for label, n in ordered)
    total = sum(n for _, n in counts)
    return ChartData(title, bars, max([1, *(n for _, n in counts)]), counted(total, "dot"), count=total)


def _scores_for(scores: Sequence[Mapping[str, object]], key: str) -> list[int]:
    return [v for s in scores if isinstance(v := s.get(key), int) and not isinstance(v, bool)]


def average(
    title: str,
    items: Sequence[Item],
    aspects: Sequence[str],
    scores: Sequence[Mapping[str, object]],
    scale: tuple[int, int],
) -> ChartData:
    """Mean score per item (per item and aspect when the rating has aspects)."""
    bars = []
    cells = [(None, "")] if not aspects else [(i, f" ({a})") for i, a in enumerate(aspects)]
    for item in items:
        for aspect, suffix in cells:
            values = _scores_for(scores, cell_key(item.id, aspect))
            avg = mean(values) if values else 0.0
            bars.append(Bar(item.label + suffix, avg, f"{avg:.1f}" if values else "–"))
    note = f"scale {scale[0]} to {scale[1]}, {len(scores)} rated"
    return ChartData(title, tuple(bars), scale[1], note, count=len(scores))


def gap(
    title: str,
    items: Sequence[Item],
    aspects: Sequence[str],
    scores: Sequence[Mapping[str, object]],
    scale: tuple[int, int],
) -> ChartData:
    """First aspect's average minus the second's, per item: the gap to close."""
    if len(aspects) < 2:
        return average(title, items, aspects, scores, scale)
    bars = []
    for item in items:
        first = _scores_for(scores, cell_key(item.id, 0))
        second = _scores_for(scores, cell_key(item.id, 1))
        if first and second:
            diff = mean(first) - mean(second)
            bars.append(Bar(item.label, diff, f"{diff:+.1f}"))
        else:
            bars.append(Bar(item.label, 0.0, "–"))
    note = f"{aspects[0]} minus {aspects[1]}; scale {scale[0]} to {scale[1]}"
    return ChartData(title, tuple(bars), scale[1] - scale[0], note, signed=True, count=len(scores))


def lowest(
    title: str,
    items: Sequence[Item],
    scores: Sequence[Mapping[str, object]],
    scale: tuple[int, int],
    top: int,
) -> ChartData:
    """The `top` items with the lowest average: what to fix first."""
    rated = []
    for item in items:
        values = _scores_for(scores, cell_key(item.id))
        if values:
            rated.append(Bar(item.label, mean(values), f"{mean(values):.1f}"))
    rated.sort(key=lambda b: b.value)
    note = f"lowest {top} of {len(items)}; scale {scale[0]} to {scale[1]}"
    return ChartData(title, tuple(rated[:top]), scale[1], note, count=len(scores))


def share(title: str, field: Field, entries: Sequence[Mapping[str, object]], threshold: int) -> ChartData:
    """Who would recommend: scores at or above `threshold`, the middle, and the rest.

    On a 0-10 scale with threshold 9 this is the familiar promoter split; the
    note gives the share and the net score so the trainer can quote either.
    """
    values = [v for e in entries if isinstance(v := e.get(field.id), int) and not isinstance(v, bool)]
    if not values:
        return ChartData(title, (), 100, "no scores yet")
    low_cut = threshold - 2
    high = sum(1 for v in values if v >= threshold)
    middle = sum(1 for v in values if low_cut <= v < threshold)
    low = len(values) - high - middle
    n = len(values)
    bars = (
        Bar(f"{threshold} or more", 100 * high / n, f"{high} ({round(100 * high / n)}%)"),
        Bar(
            f"{low_cut} to {threshold - 1}",
            100 * middle / n,
            f"{middle} ({round(100 * middle / n)}%)",
        ),
        Bar(f"below {low_cut}", 100 * low / n, f"{low} ({round(100 * low / n)}%)"),
    )
    net = round(100 * (high - low) / n)
    note = (
        f"{round(100 * high / n)}% would recommend ({high} of {n}); "
        f"net score {net:+d}; average {_fmt(mean(values))}"
    )
    return ChartData(title, bars, 100, note, count=n)
