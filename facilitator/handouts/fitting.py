"""Page fitting by measurement: each plan gets the largest style that the PDF engine lays out on one sheet.

An estimate from text lengths chose wrongly both ways (a fifth of the page
blank in one plan, a second sheet holding only the follow-up box in
another), so the choice is now made by laying the plan out with WeasyPrint
and counting its pages. The estimate (`layout.estimate_mm`) only says which
style to try first, which is what keeps this cheap:

1. every plan is laid out, all in one document, in the style the estimate
   guesses (WeasyPrint's cost is per page, and one document pays its
   set-up once, not once per person);
2. a plan that fits is tried one style larger, one that spills one smaller,
   again all together, until each knows the largest style that fits (a plan
   that spills even in the smallest style keeps it, on as many sheets as it
   needs: cutting words would be worse);
3. the pages of each plan's chosen render are kept: the PDF is made from
   them, so nothing is laid out twice.

The measuring render leaves `render.SLACK` free at the foot of each plan,
so Chromium, whose lines can break a hair differently, prints the same HTML
on one sheet too. Without WeasyPrint (no Pango here) the estimate decides
alone, as it did before.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from facilitator.handouts import layout, pdf
from facilitator.handouts.views import ParticipantPlan

#: Largest first. Class names on the plan's <section>; see print.css.j2.
STYLES = ("roomy", "", "compact", "compact dense", "compact dense tight")
#: Each style's body type size in points (print.css.j2), for the one shortcut below.
TYPE_SIZES = (9.6, 8.8, 8.1, 7.6, 7.1)
#: How much a plan's body grows, at least, set one style larger, as a multiple of its type's
#: growth: index i is the step from STYLES[i + 1] up to STYLES[i]. Spacing grows with the type,
#: so bodies grow more than their type; measured over the demo and a room of 40 in A4 and
#: Letter (116 plans), the smallest multiples were 1.5, 1.83, 1.14 and 0.61; these leave
#: a third or more of a margin below each.
LEAST_GROWTH = (1.0, 1.2, 0.75, 0.4)
SPILL = "spill"
ROOMY_GROWS = 1.3  # the roomy style's height over the normal one's, generously
Batch = Sequence[tuple[ParticipantPlan, str]]


@dataclass
class Fitted:
    """The style chosen for each plan and, when measured, its laid-out pages."""

    styles: dict[str, str]
    pages: dict[str, list[Any]] = field(default_factory=dict)
    measured: bool = False
    laid_out: int = 0
    #: Documents whose pages are kept; held so their fonts stay loaded until the PDF is written.
    documents: list[Any] = field(default_factory=list)


def guess(plan: ParticipantPlan, budget_mm: float) -> int:
    """The style index the estimate expects to fit (where measuring starts)."""
    index = STYLES.index(layout.fit_class(plan.estimated_mm, budget_mm))
    if index == 1 and plan.estimated_mm * layout.CALIBRATION * ROOMY_GROWS <= budget_mm:
        return 0  # a sparse plan: start at the largest style, so one layout settles it
    return index


def estimated(plans: Sequence[ParticipantPlan], budget_mm: float) -> Fitted:
    """Styles from the estimate alone, for when no PDF engine is available."""
    return Fitted({p.id: STYLES[guess(p, budget_mm)] for p in plans})


def fit(plans: Sequence[ParticipantPlan], document: Callable[[Batch], str], budget_mm: float) -> Fitted:
    """Measure every plan; `document(batch)` is the measuring HTML of those plans in those styles.

    A plan fits when its sheet is one page and the anchor after its body
    (and the slack) lies above the anchor at the top of its follow-up box.
    Raises `pdf.EngineMissing` when WeasyPrint cannot load; callers fall back to `estimated`.
    """
    weasyprint = pdf.load()
    result = Fitted({}, measured=True)
    fits: dict[str, int] = {}  # the smallest style index known to fit
    spills: dict[str, int] = {}  # the largest style index known not to fit
    kept: dict[tuple[str, int], list[Any]] = {}
    by_id = {p.id: p for p in plans}
    pending = {p.id: guess(p, budget_mm) for p in plans}
    while pending:
        batch = [(by_id[pid], STYLES[index]) for pid, index in pending.items()]
        rendered = _lay_out(weasyprint, document, batch, result)
        following: dict[str, int] = {}
        for (plan, _), pages in zip(batch, rendered, strict=True):
            index = pending[plan.id]
            if fits_one_sheet(plan.id, pages):
                fits[plan.id] = index
                kept[plan.id, index] = pages
                nxt = index - 1
                if nxt >= 0 and not room_to_grow(plan.id, pages[0], index):
                    spills[plan.id] = nxt
            else:
                spills[plan.id] = index
                nxt = index + 1
            if spills.get(plan.id, -1) < nxt < fits.get(plan.id, len(STYLES)):
                following[plan.id] = nxt
        pending = following
    overflowing = [by_id[p.id] for p in plans if p.id not in fits]
    if overflowing:
        # Too long for one sheet even in the smallest type: let it run on, follow-up box after the body.
        batch = [(plan, f"{STYLES[-1]} {SPILL}") for plan in overflowing]
        for (plan, _), pages in zip(batch, _lay_out(weasyprint, document, batch, result), strict=True):
            fits[plan.id] = len(STYLES)
            kept[plan.id, len(STYLES)] = pages
    for plan in plans:
        index = fits[plan.id]
        result.styles[plan.id] = STYLES[index] if index < len(STYLES) else f"{STYLES[-1]} {SPILL}"
        result.pages[plan.id] = kept[plan.id, index]
    return result


def fits_one_sheet(plan_id: str, pages: Sequence[Any]) -> bool:
    """Whether a measured plan is one page whose body ends above its follow-up box.

    A body too long for the fixed-height sheet is cut by the engine, so its
    end anchor is missing: that, too, is "does not fit".
    """
    if len(pages) != 1:
        return False
    anchors = pages[0].anchors
    end, foot = anchors.get(f"end-{plan_id}"), anchors.get(f"foot-{plan_id}")
    return end is not None and foot is not None and end[1] <= foot[1] + 0.01


def room_to_grow(plan_id: str, page: Any, index: int) -> bool:
    """Whether the free space under a fitting plan could hold it one style larger.

    The only shortcut taken: when the body would outgrow the space left even
    growing far less than it ever does, the larger style is not laid out.
    Anything closer is measured.
    """
    top, end, foot = (page.anchors[f"{name}-{plan_id}"][1] for name in ("plan", "end", "foot"))
    growth = TYPE_SIZES[index - 1] / TYPE_SIZES[index] - 1
    return bool(foot - end >= LEAST_GROWTH[index - 1] * growth * (end - top))


def _lay_out(
    weasyprint: Any, document: Callable[[Batch], str], batch: Batch, result: Fitted
) -> list[list[Any]]:
    rendered = pdf.render(weasyprint, document(batch))
    result.laid_out += len(batch)
    result.documents.append(rendered)
    return _split(rendered.pages, [f"plan-{p.id}" for p, _ in batch])


def _split(pages: Sequence[Any], anchors: Sequence[str]) -> list[list[Any]]:
    """The pages of each plan in a combined render, found by the anchor its first page carries."""
    starts: dict[str, int] = {}
    for index, page in enumerate(pages):
        for anchor in page.anchors:
            starts.setdefault(anchor, index)
    bounds = [starts[a] for a in anchors] + [len(pages)]
    return [list(pages[start:end]) for start, end in itertools.pairwise(bounds)]
