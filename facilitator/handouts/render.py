"""Jinja2 rendering of handouts: one environment, autoescaping on for HTML.

Each page (a participant's plan, the report, the cards and slips) is
rendered once as an HTML fragment; a single-person file and the combined
"print everything" file are the same fragments wrapped in the same shell.
That keeps the combined file free (a join, not a second render) and means
the two can never disagree.

`select_autoescape` decides by file ending, and `plan.html.j2` does not end
in ".html", so "html.j2" is listed explicitly. Markdown templates (".md.j2")
are not HTML-escaped; they use the `md` filter instead.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from facilitator.handouts.svg import FONT_STACK, bar_chart, paired_chart
from facilitator.handouts.text import EMPTY


@dataclass(frozen=True)
class Paper:
    """A paper size and the fixed heights that make a plan fill one sheet and cut-outs tile a page."""

    name: str
    css_size: str
    width: str
    height: str
    card_height: str
    slip_height: str
    slip_line: str
    plan_budget_mm: float

    @property
    def sheet_height(self) -> str:
        """A plan's height: the page inside the plan's margins, less 1 mm for rounding."""
        return f"{float(self.height.removesuffix('mm')) - PLAN_MARGIN_TOP - PLAN_MARGIN_BOTTOM - 1:.1f}mm"


PAPERS = {
    # The plan budget is the page height inside the margins: what the estimate aims at.
    "a4": Paper("A4", "A4", "210mm", "297mm", "82mm", "122mm", "8.4mm", 275.0),
    "letter": Paper("US Letter", "letter", "215.9mm", "279.4mm", "76mm", "113mm", "7.3mm", 257.4),
}
#: What the measuring render keeps free at the foot of every plan, so a browser whose lines
#: break a little differently still fits the sheet WeasyPrint measured.
SLACK = "4mm"
FOLLOW_HEIGHT = 25.0  # the follow-up box, mm: fixed, so the body knows exactly where it must end
FOOT_HEIGHT = FOLLOW_HEIGHT + 5.5  # and the privacy note under it
FOOT_GAP = 2.5
TIGHT_FOLLOW = 20.0  # the smallest style's follow-up box
PLAN_MARGIN_TOP, PLAN_MARGIN_SIDE, PLAN_MARGIN_BOTTOM = 9.0, 13.0, 8.0
FONT_FILES = (("OpenSans-Regular.woff2", 400), ("OpenSans-Semibold.woff2", 600), ("OpenSans-Bold.woff2", 700))


@cache
def font_faces() -> str:
    """`@font-face` rules embedding the shipped font, so every engine lays out the same glyphs.

    Embedded rather than linked: a single plan's HTML, moved or mailed on
    its own, still prints in the font it was measured in.
    """
    folder = resources.files("facilitator.handouts") / "fonts"
    rules = []
    for name, weight in FONT_FILES:
        data = base64.b64encode((folder / name).read_bytes()).decode("ascii")
        rules.append(
            '@font-face { font-family: "Open Sans"; font-style: normal; '
            f'font-weight: {weight}; src: url(data:font/woff2;base64,{data}) format("woff2"); }}'
        )
    return "\n".join(rules)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def md_escape(value: object) -> str:
    """Escape Markdown syntax so participants' words stay words, on one line.

    Backslash escapes render as the plain character in any Markdown viewer,
    and `<` becomes `\\<`, so pasted text cannot turn into HTML either.
    """
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def lower_first(value: object) -> str:
    """ "What the observer heard" -> "what the observer heard", for running text."""
    text = str(value)
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


@cache
def environment() -> Environment:
    """The shared environment; templates are compiled once per process."""
    env = Environment(
        loader=PackageLoader("facilitator.handouts", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html", "html.j2"), default_for_string=True, default=False
        ),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["svg"] = bar_chart
    env.filters["paired_svg"] = paired_chart
    env.filters["md"] = md_escape
    env.filters["lower_first"] = lower_first
    env.globals["empty"] = EMPTY
    return env


@cache
def stylesheet(paper: str, parts: tuple[str, ...] = ("plan", "report", "materials")) -> Markup:
    """The print stylesheet for one paper size and the kinds of page a document holds.

    Trusted text (no user data in it); cached, so 1,000 plans share one string.
    """
    size = PAPERS[paper]
    css = (
        environment()
        .get_template("print.css.j2")
        .render(
            paper_name=size.name,
            page_size=size.css_size,
            page_width=size.width,
            page_height=size.height,
            card_height=size.card_height,
            slip_height=size.slip_height,
            slip_line=size.slip_line,
            sheet_height=size.sheet_height,
            follow_height=f"{FOLLOW_HEIGHT}mm",
            foot_height=f"{FOOT_HEIGHT}mm",
            foot_reserve=f"{FOOT_HEIGHT + FOOT_GAP}mm",
            screen_foot_reserve=f"{FOOT_HEIGHT + FOOT_GAP + 10}mm",
            tight_follow_height=f"{TIGHT_FOLLOW}mm",
            tight_foot_height=f"{TIGHT_FOLLOW + 5}mm",
            tight_foot_reserve=f"{TIGHT_FOLLOW + 5 + FOOT_GAP}mm",
            plan_margin=f"{PLAN_MARGIN_TOP}mm {PLAN_MARGIN_SIDE}mm {PLAN_MARGIN_BOTTOM}mm",
            slack=SLACK,
            font_stack=FONT_STACK,
            font_faces="",
            parts=parts,
        )
    )
    return Markup(_minify(css))


def _minify(css: str) -> str:
    """Drop comments and indentation: every one of 40 (or 1,000) files carries the stylesheet."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    return "\n".join(line.strip() for line in css.splitlines() if line.strip())


def fragment(template: str, **context: Any) -> Markup:
    """Render one page fragment; autoescaped, so safe to join into a page."""
    return Markup(environment().get_template(template).render(**context))


def page(title: str, fragments: list[Markup], paper: str, parts: tuple[str, ...], fonts: bool = True) -> str:
    """A complete, self-contained HTML document around page fragments.

    `fonts=False` leaves out the embedded font: WeasyPrint gets it once per
    process instead (see `pdf.render`), not parsed again from 100 kB of
    base64 in every document it lays out.
    """
    body = Markup("\n").join(fragments)
    css = Markup(font_faces() + "\n") + stylesheet(paper, parts) if fonts else stylesheet(paper, parts)
    return environment().get_template("page.html.j2").render(doc_title=title, css=css, body=body)


def text(template: str, **context: Any) -> str:
    """Render a Markdown template."""
    return environment().get_template(template).render(**context)
