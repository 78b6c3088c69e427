"""What the Run screen shows in place of a step whose view failed.

A broken view (an exercise copied into an old session with two items of the
same id, say) must cost that one step, never the workshop: the room sees one
line, the details go to a log in the data folder, and every other step keeps
working. The session reopens on the same step without crashing again.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from facilitator.engine import Session, Workspace
from facilitator.tui.text import one_line


class StepProblem(Vertical):
    """One line saying this step cannot be shown, and where the details went."""

    DEFAULT_CSS = """
    StepProblem { height: 1fr; padding: 1 2; }
    StepProblem .problem-line { color: $text-error; text-style: bold; }
    StepProblem .problem-hint { color: $text-muted; }
    """

    def __init__(self, title: str, error: BaseException, log: Path | None) -> None:
        super().__init__()
        self.step_title = title
        self.error = error
        self.log_path = log

    def compose(self) -> ComposeResult:
        what = one_line(f"{type(self.error).__name__}: {self.error}", 160)
        yield Static(
            Content(one_line(f"This step can't be shown ({self.step_title}): {what}", 220)),
            classes="problem-line",
        )
        where = f" Details are in {self.log_path}." if self.log_path else ""
        yield Static(
            Content(f"Every other step works: PgDn moves on, PgUp goes back.{where}"), classes="problem-hint"
        )


def details(error: BaseException) -> str:
    """The full traceback, for the problems log."""
    return "".join(traceback.format_exception(error))


def problem_panel(workspace: Workspace, workshop: Session, key: str, error: BaseException) -> StepProblem:
    """The panel for step `key`, its traceback written to the data folder's problems log."""
    log = workspace.log_problem(f"step {key} of {workshop.id}", details(error))
    title = next((s.title for s in workshop.plan if s.key == key), key)
    return StepProblem(title, error, log)
