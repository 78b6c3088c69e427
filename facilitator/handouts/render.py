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

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from facilitator.handouts.layout import fit_class
from facilitator.handouts.svg import bar_chart


@dataclass(frozen=True)
class Paper:
    """A paper size and the fixed heights that make cut-out cards tile a page."""

    name: str
    css_size: str
    width: str
    height: str
    card_height: str
    slip_height: str
    plan_budget_mm: float


PAPERS = {
    # The plan budget is the page height inside the margins, less a little for error in the estimate.
    "a4": Paper("A4", "A4", "210mm", "297mm", "82mm", "122mm", 272.0),
    "letter": Paper("US Letter", "letter", "215.9mm", "279.4mm", "76mm", "113mm", 254.0),
}

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
    env.filters["md"] = md_escape
    env.filters["lower_first"] = lower_first
    env.globals["fit"] = fit_class
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


def page(title: str, fragments: list[Markup], paper: str, parts: tuple[str, ...]) -> str:
    """A complete, self-contained HTML document around page fragments."""
    body = Markup("\n").join(fragments)
    css = stylesheet(paper, parts)
    return environment().get_template("page.html.j2").render(doc_title=title, css=css, body=body)


def text(template: str, **context: Any) -> str:
    """Render a Markdown template."""
    return environment().get_template(template).render(**context)
