"""The set of handout documents for a session, prepared once and rendered per format.

`prepare` does all the reading and deciding (context), `html_documents`
only renders. The split is what the benchmark measures against: rendering
alone versus the whole path from the session file.

Output layout, the same for every format:

    all-in-one.*       every participant's plan (one page each, roster order),
                       then the report, then cards and slips: print it once
    report.*           the trainer's report for the client
    cards-and-slips.*  the caller cards and message slips (only with a role play)
    plans/<name>.*     one action plan per participant
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from facilitator.engine import Session
from facilitator.handouts import fitting, pdf, render
from facilitator.handouts.context import PlanBuilder, handout_people, snapshot
from facilitator.handouts.materials import Materials, materials
from facilitator.handouts.report import Report, ReportBuilder
from facilitator.handouts.views import Details, ParticipantPlan

ALL_IN_ONE = "all-in-one"
REPORT = "report"
MATERIALS = "cards-and-slips"
PLANS_DIR = "plans"


@dataclass(frozen=True)
class Prepared:
    """Everything the templates need, read from the session once."""

    details: Details
    key_points: tuple[str, ...]
    plans: tuple[ParticipantPlan, ...]
    report: Report
    materials: Materials


@dataclass(frozen=True)
class HtmlDoc:
    """One output document: where it goes, its title, the anchor its first page carries."""

    stem: str
    title: str
    anchor: str
    fragments: tuple[Markup, ...]
    parts: tuple[str, ...]
    plan_id: str = ""


def prepare(workshop: Session) -> Prepared:
    """Read the session and decide what every page shows."""
    snap = snapshot(workshop)
    builder = PlanBuilder(snap)
    plans = tuple(builder.plan(p) for p in handout_people(snap))
    return Prepared(
        details=snap.details,
        key_points=snap.key_points,
        plans=plans,
        report=ReportBuilder(snap).build(),
        materials=materials(snap),
    )


def plan_fragment(prep: Prepared, plan: ParticipantPlan, style: str, measure: bool = False) -> Markup:
    """One person's plan in one style; `measure` adds the measuring render's slack and anchors."""
    return render.fragment(
        "plan.html.j2", p=plan, d=prep.details, key_points=prep.key_points, style=style, measure=measure
    )


def fit_plans(prep: Prepared, paper: str) -> fitting.Fitted:
    """Each plan's style, measured with WeasyPrint where it loads, else estimated."""
    budget = render.PAPERS[paper].plan_budget_mm

    def document(batch: fitting.Batch) -> str:
        fragments = [plan_fragment(prep, plan, style, measure=True) for plan, style in batch]
        return render.page("Measuring", fragments, paper, ("plan",), fonts=False)

    try:
        return fitting.fit(prep.plans, document, budget)
    except pdf.EngineMissing:
        return fitting.estimated(prep.plans, budget)


def html_documents(prep: Prepared, paper: str, styles: dict[str, str]) -> list[HtmlDoc]:
    """Every document as page fragments; the combined one reuses the others' fragments."""
    title = prep.details.title
    docs = [
        HtmlDoc(
            f"{PLANS_DIR}/{p.slug}",
            f"Action plan: {p.name[:80]}, {title}",
            f"plan-{p.id}",
            (plan_fragment(prep, p, styles[p.id]),),
            ("plan",),
            p.id,
        )
        for p in prep.plans
    ]
    report = render.fragment("report.html.j2", r=prep.report, d=prep.details)
    docs.append(HtmlDoc(REPORT, f"Workshop report: {title}", "report", (report,), ("report",)))
    if not prep.materials.empty:
        cards = render.fragment("materials.html.j2", m=prep.materials)
        docs.append(HtmlDoc(MATERIALS, f"Cards and slips: {title}", "materials", (cards,), ("materials",)))
    combined = tuple(f for doc in docs for f in doc.fragments)
    parts = tuple(dict.fromkeys(part for doc in docs for part in doc.parts))
    return [HtmlDoc(ALL_IN_ONE, f"All handouts: {title}", docs[0].anchor, combined, parts), *docs]


def markdown_documents(prep: Prepared) -> list[tuple[str, str]]:
    """(stem, Markdown text) for every document, the combined one first."""
    d = prep.details
    docs = [
        (
            f"{PLANS_DIR}/{p.slug}",
            render.text("plan.md.j2", p=p, d=d, key_points=prep.key_points),
        )
        for p in prep.plans
    ]
    docs.append((REPORT, render.text("report.md.j2", r=prep.report, d=d)))
    if not prep.materials.empty:
        docs.append((MATERIALS, render.text("materials.md.j2", m=prep.materials)))
    combined = "\n\n---\n\n".join(text.strip() for _, text in docs) + "\n"
    return [(ALL_IN_ONE, combined), *docs]
