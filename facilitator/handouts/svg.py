"""Horizontal bar charts as inline SVG, drawn from `aggregates.ChartData`.

Inline SVG keeps every handout one self-contained file (no image files, no
network) and prints sharply in both WeasyPrint and a browser. Each bar has
its label on the line above it, so long labels ("Calls go to an outside
message-taking service...") wrap instead of being squeezed into a margin;
SVG text cannot wrap itself, so wrapping is done here by character count.

Every piece of text is escaped with `markupsafe.escape`: vote labels are
participants' words, and this markup bypasses the template's autoescaping.
Colours are one calm accent on a pale track with black figures, which stays
legible when printed in greyscale. A paired chart (customers against
colleagues) tells its two bars apart by fill, solid against outlined, not
by colour, so its legend survives a black-and-white printer.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from facilitator.engine.aggregates import ChartData

if TYPE_CHECKING:
    from facilitator.handouts.report import ChartView

WIDTH = 640
VALUE_COLUMN = 150
TRACK = WIDTH - VALUE_COLUMN
LABEL_SIZE = 12
LINE = 15
BAR = 13
ROW_GAP = 11
LABEL_CHARS = 86
MAX_LABEL_LINES = 2
ACCENT = "#2b5f7f"
ACCENT_NEGATIVE = "#9a5b2e"
TRACK_FILL = "#e6ecf0"
INK = "#1d2327"
# Spelled out: WeasyPrint's SVG text does not inherit the page's font.
FONT_STACK = '"Open Sans", "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif'
FONT = FONT_STACK.replace('"', "'")
LABEL_ATTRS = f'font-family="{FONT}" font-size="{LABEL_SIZE}" fill="{INK}"'
VALUE_ATTRS = f'font-family="{FONT}" font-size="{LABEL_SIZE}" font-weight="bold" fill="{INK}"'


def label_lines(label: str, width: int = LABEL_CHARS, limit: int = MAX_LABEL_LINES) -> list[str]:
    """Wrap a label to at most `limit` lines, ending in an ellipsis when cut."""
    lines = textwrap.wrap(label, width, break_long_words=True, break_on_hyphens=True) or [""]
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def bar_chart(chart: ChartData) -> Markup:
    """The chart as an `<svg>` element; an empty Markup when there is nothing to draw."""
    if not chart.bars:
        return Markup("")
    parts: list[str] = []
    y = 0.0
    scale = chart.maximum or 1.0
    half = TRACK / 2
    for bar in chart.bars:
        for line in label_lines(bar.label):
            y += LINE
            parts.append(f'<text x="0" y="{_fmt(y - 3)}" {LABEL_ATTRS}>{escape(line)}</text>')
        top = y + 2
        parts.append(f'<rect x="0" y="{_fmt(top)}" width="{TRACK}" height="{BAR}" fill="{TRACK_FILL}"/>')
        if chart.signed:
            length = min(half, abs(bar.value) / scale * half)
            x = half if bar.value >= 0 else half - length
            fill = ACCENT if bar.value >= 0 else ACCENT_NEGATIVE
        else:
            length = max(0.0, min(float(TRACK), bar.value / scale * TRACK))
            x, fill = 0.0, ACCENT
        if length > 0:
            parts.append(
                f'<rect x="{_fmt(x)}" y="{_fmt(top)}" width="{_fmt(length)}" height="{BAR}" fill="{fill}"/>'
            )
        parts.append(
            f'<text x="{TRACK + 10}" y="{_fmt(top + BAR - 2)}" {VALUE_ATTRS}>{escape(bar.text)}</text>'
        )
        y = top + BAR + ROW_GAP
    if chart.signed:
        parts.append(
            f'<line x1="{half}" y1="0" x2="{half}" y2="{_fmt(y - ROW_GAP + 2)}" '
            f'stroke="{INK}" stroke-width="1"/>'
        )
    height = _fmt(y - ROW_GAP + 4)
    head = (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(chart.title)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet">'
    )
    return Markup(head + "".join(parts) + "</svg>")


LEGEND = 20


def paired_chart(view: ChartView) -> Markup:
    """Two bars per item (first aspect solid, second outlined) with a legend; empty when unscored."""
    if not view.pairs:
        return Markup("")
    first, second = (escape(a) for a in view.aspects)
    scale = view.maximum or 1.0
    parts = [
        f'<rect x="0" y="3" width="12" height="10" fill="{ACCENT}"/>',
        f'<text x="18" y="12" {LABEL_ATTRS}>{first}</text>',
        f'<rect x="220.5" y="3.5" width="11" height="9" fill="#fff" stroke="{INK}" stroke-width="1"/>',
        f'<text x="238" y="12" {LABEL_ATTRS}>{second}</text>',
    ]
    y = float(LEGEND)
    half = BAR * 0.8
    for pair in view.pairs:
        for line in label_lines(pair.label):
            y += LINE
            parts.append(f'<text x="0" y="{_fmt(y - 3)}" {LABEL_ATTRS}>{escape(line)}</text>')
        top = y + 2
        for n, value in enumerate((pair.first, pair.second)):
            row = top + n * (half + 2)
            parts.append(
                f'<rect x="0" y="{_fmt(row)}" width="{TRACK}" height="{_fmt(half)}" fill="{TRACK_FILL}"/>'
            )
            text = "–" if value is None else f"{value:.1f}"
            if value is not None and value > 0:
                length = _fmt(max(0.0, min(float(TRACK), value / scale * TRACK)))
                style = f'fill="{ACCENT}"' if n == 0 else f'fill="#fff" stroke="{INK}" stroke-width="1"'
                inset = 0 if n == 0 else 0.5
                parts.append(
                    f'<rect x="{inset}" y="{_fmt(row + inset)}" width="{length}" '
                    f'height="{_fmt(half - 2 * inset)}" {style}/>'
                )
            parts.append(f'<text x="{TRACK + 10}" y="{_fmt(row + half - 1)}" {VALUE_ATTRS}>{text}</text>')
        if pair.first is not None and pair.second is not None:
            gap = pair.first - pair.second
            label = f"gap {gap:+.1f}".replace("-", "−")
            parts.append(f'<text x="{TRACK + 50}" y="{_fmt(top + half + 1)}" {LABEL_ATTRS}>{label}</text>')
        y = top + 2 * half + 2 + ROW_GAP
    height = _fmt(y - ROW_GAP + 4)
    head = (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(view.data.title)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet">'
    )
    return Markup(head + "".join(parts) + "</svg>")
