"""The command palette (ctrl+p): everything the trainer can do, findable by typing.

Screens contribute their own commands through `palette_commands()` (the Run
screen offers every exercise and step to jump to); the app adds what works
everywhere (themes, handouts, help). Step and exercise titles come from files
a trainer may have written, so hits are built from plain `Content`, never
parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from facilitator.engine import Session
from facilitator.tui.text import one_line

if TYPE_CHECKING:
    from facilitator.tui.app import FacilitatorApp


@dataclass(frozen=True)
class PaletteCommand:
    """One entry in the palette: what it says, a help line, and what it does."""

    name: str
    help: str
    run: Callable[[], object]
    discover: bool = True


@runtime_checkable
class HasCommands(Protocol):
    """A screen that offers commands of its own."""

    def palette_commands(self) -> Iterable[PaletteCommand]:
        """The commands that make sense on this screen now."""
        ...


def highlight(matcher: Matcher, text: str) -> Content:
    """`text` with the matched letters styled, built without markup parsing."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class CommandList(Provider):
    """A provider over a list of `PaletteCommand`s; subclasses say where the list comes from."""

    def commands(self) -> Iterable[PaletteCommand]:
        """The commands to offer."""
        return ()

    async def discover(self) -> Hits:
        """What the palette lists before anything is typed."""
        for command in self.commands():
            if command.discover:
                yield DiscoveryHit(Content(command.name), command.run, text=command.name, help=command.help)

    async def search(self, query: str) -> Hits:
        """Fuzzy matches for what the trainer typed."""
        matcher = self.matcher(query)
        for command in self.commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(
                    score, highlight(matcher, command.name), command.run, text=command.name, help=command.help
                )


class FacilitatorCommands(CommandList):
    """The app's palette: the current screen's commands, then the ones that work everywhere."""

    def commands(self) -> Iterable[PaletteCommand]:
        """Screen commands first: on the Run screen those are what the trainer wants."""
        from facilitator.tui.app import FacilitatorApp

        if isinstance(self.screen, HasCommands):
            yield from self.screen.palette_commands()
        app = self.app
        if not isinstance(app, FacilitatorApp):
            return
        for theme in ("projector-dark", "projector-light"):
            yield PaletteCommand(
                f"Theme: {theme}",
                "High-contrast colours for a projector",
                partial(setattr, app, "theme", theme),
            )
        if app.workshop is not None:
            yield PaletteCommand(
                "Open handouts", "Make the printable handouts of this session", app.action_handouts
            )
            yield PaletteCommand(
                "Home: all sessions", "Close this session and list the others", app.go_home, discover=False
            )
            yield from phone_commands(app)
        yield PaletteCommand("Help: keys", "Every key on this screen", app.action_help)


def phone_commands(app: FacilitatorApp) -> Iterable[PaletteCommand]:
    """Joining from phones: on and off, the code on screen, and freeing a name picked by mistake."""
    join = app.join
    if not join.on:
        help_line = "Participants scan a code and enter their own plans, votes and scores"
        yield PaletteCommand("Phones: turn join on", help_line, app.action_toggle_join)
        return
    yield PaletteCommand(
        "Phones: turn join off", "The join link stops working at once", app.action_toggle_join
    )
    shown = "hide" if join.show_code else "show"
    yield PaletteCommand(
        f"Phones: {shown} the join code", "The count of phones stays on screen", join.toggle_code
    )
    workshop = app.workshop
    if workshop is None:
        return
    names = workshop.display_names()
    for pid in workshop.phones.claimed():
        yield PaletteCommand(
            f"Phones: free the name {label(names.get(pid, pid))}",
            "Picked by mistake? Their phone asks for a name again",
            partial(join.release, pid),
            discover=False,
        )


class JumpCommands(CommandList):
    """The `g` palette: only the steps and exercises of the running order."""

    def commands(self) -> Iterable[PaletteCommand]:
        """The Run screen's jump targets, nothing else."""
        jumps = getattr(self.screen, "jump_commands", None)
        if callable(jumps):
            yield from jumps()


def jump_targets(
    workshop: Session, go_to: Callable[[int], object], discover: bool
) -> Iterable[PaletteCommand]:
    """Every exercise (to its first step) and every step of the plan, as palette commands."""
    seen: set[str] = set()
    for index, slot in enumerate(workshop.plan):
        exercise = workshop.exercise(slot.key) if slot.exercise else None
        if exercise is not None and exercise.id not in seen:
            seen.add(exercise.id)
            yield PaletteCommand(
                f"Exercise: {label(exercise.title)}",
                f"from step {index + 1}",
                partial(go_to, index),
                discover,
            )
        where = label(exercise.title) if exercise else "break"
        yield PaletteCommand(
            f"{index + 1}. {label(slot.title)}",
            f"{where} · {slot.minutes} min",
            partial(go_to, index),
            discover,
        )


def label(text: str) -> str:
    """Titles in palette entries stay on one line."""
    return one_line(text, 70, "(untitled)")
