"""Keys typed into a form belong to that form, in the order they were typed.

Two rules, used by the app and by every form:

**A form is a typing zone.** Printable keys (and the cursor keys a text field
uses) typed anywhere inside a form, in a field or in the list beside the
fields, never reach the one-letter commands of the screen or the app around
it: no `p` for People, no space for the timer, no `t` for the theme. Textual
already keeps a focused `Input` or `TextArea`'s keys from the bindings above
it (`check_consume_key`); a `TypingZone` says the same for a whole form, so
one rule covers the list too, and the footer and `?` show only the keys that
still work. Commands that must work from a form use keys nobody types
(PgDn, F-keys, ctrl+...).

**Keys wait their turn.** Textual hands each key to whatever has the focus
when the key arrives, but a key that moves the focus (Tab, Enter that picks a
name, `k` that opens pass-the-keyboard) only does so after it has travelled
up through the widgets, which takes longer than a fast typist's next key.
The `KeyGate` holds the keys that follow such a key until the app has acted
on it, then hands them on in order, so "Tab bbb" at 0 ms puts "bbb" in the
next field. Plain typing into a text field (the common case) is never held.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from time import monotonic
from typing import Any

from textual import events, messages
from textual.app import App
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Keys a text field uses to move its cursor: they belong to the form as much as letters do.
CURSOR_KEYS = frozenset({"left", "right", "home", "end"})

#: The longest a key waits for the app to finish acting on the one before (a safety net, not a delay:
#: a settled app releases keys at once). 0.5 s was too short for a loaded machine: with the CPU
#: shared four ways, building a private form took longer, and the first letter typed after "y"
#: ("You are ...?") landed before the form had the cursor and was lost.
LONGEST_WAIT = 2.0


#: Printable keys Textual names without giving their character when it filters bindings.
_NAMED = {"plus": "+", "minus": "-"}


def is_typing(key: str, character: str | None) -> bool:
    """Whether a key is something a person types into a field (a printable character or a cursor move)."""
    character = character or _NAMED.get(key) or (key if len(key) == 1 else None)
    return (character is not None and character.isprintable()) or key in CURSOR_KEYS


class TypingZone:
    """Mixed into a form (a widget or a whole screen): typed keys stop at its edge.

    Textual drops, from the bindings of everything around the focused widget,
    the keys that a widget between them consumes; a zone consumes every
    typed key, so only the zone's own bindings (and those inside it) see them.
    """

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Every typed key belongs to the form."""
        return is_typing(key, character)


#: Quiet this many times running, a task switch apart, counts as settled (a handler may be mid-await).
QUIET_CHECKS = 3


#: Messages that only repaint: they never move the focus, so keys need not wait for them.
PAINTING = (messages.Update, messages.Layout, messages.Prompt)


def quiet(app: App[Any]) -> bool:
    """Whether every widget is built and has handled every message that could move the focus.

    The footer is left out: it rebuilds itself after every focus change,
    and what it shows never decides where a key goes.
    """
    if any(screen._callbacks for screen in app.screen_stack):
        return False
    for node in [app, *app._registry]:
        if node._next_callbacks or not node._is_mounted:
            return False  # a widget still being built may yet take the focus (a form's first field)
        pending: Iterable[object] = node._message_queue.values
        acting = any(not isinstance(m, PAINTING) for m in pending)
        if acting and not isinstance(node, (Footer, FooterKey)):
            return False
    return True


class KeyGate:
    """Hands keys (and pastes) to the app one at a time when one of them may move the focus."""

    def __init__(self, app: App[Any], deliver: Callable[[events.Event], Awaitable[None]]) -> None:
        """`deliver` is Textual's own handling of an input event (the app's `on_event`)."""
        self.app = app
        self.deliver = deliver
        self.waiting: deque[events.Event] = deque()
        self.settling = False
        self._deadline = 0.0
        self._task: asyncio.Task[None] | None = None

    async def take(self, event: events.Event) -> bool:
        """Deliver or queue a key or paste from the terminal; False for anything else."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if self.settling or self.waiting:
            if isinstance(event, events.Key) and not self.waiting and self._priority(event.key):
                # A clicker's PgDn does not wait for the step it leaves to finish drawing.
                await self._send(event)
            else:
                self.waiting.append(event)
            return True
        await self._send(event)
        return True

    def _priority(self, key: str) -> bool:
        """Whether a priority binding (PgDn, ctrl+q ...) takes this key on the current screen."""
        for _, bindings in self.app.screen._binding_chain:
            if any(b.priority for b in bindings.key_to_bindings.get(key, ())):
                return True
        return False

    def _plain(self, event: events.Event) -> bool:
        """Typing into a text field: it cannot move the focus, so what follows need not wait."""
        if isinstance(event, events.Paste):
            return True
        assert isinstance(event, events.Key)
        focused = self.app.focused
        character = event.character
        printable = character is not None and character.isprintable()
        return printable and focused is not None and focused.check_consume_key(event.key, character)

    async def _send(self, event: events.Event) -> None:
        plain = self._plain(event)
        await self.deliver(event)
        if not plain:
            self._deadline = monotonic() + LONGEST_WAIT
            self.settling = True
            if self._task is None or self._task.done():
                self._task = asyncio.create_task(self._wait_until_quiet())

    async def _wait_until_quiet(self) -> None:
        try:
            spins = calm = 0
            while monotonic() < self._deadline and calm < QUIET_CHECKS:
                await asyncio.sleep(0 if spins < 20 else 0.001)
                spins += 1
                calm = calm + 1 if quiet(self.app) else 0
        finally:
            # Whatever happened while waiting, the keys go on: a gate that stays shut freezes the app.
            self.app.call_later(self._release)

    async def _release(self) -> None:
        """Hand on what waited, in order, until one of them needs the app to settle again."""
        if self._task is not None and not self._task.done():
            return  # a later key started another wait (a PgDn let through); its end releases
        self.settling = False
        while self.waiting and not self.settling:
            await self._send(self.waiting.popleft())
