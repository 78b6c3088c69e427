"""The contract between the Run screen and the per-kind step widgets.

The Run screen owns navigation, the countdown and blanking; a step widget owns
what happens inside one step. Each step widget subclasses `StepView`, gets
the open `Session` and the slot key, talks only to the engine, and posts
`StepView.Changed` after every change so the Run screen can refresh the
agenda strip and the "12 of 19 entered" line. Widgets declare their own
BINDINGS (each with an `id`) so the footer shows the keys that apply now.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget

from facilitator.engine import Session


class StepView(Widget):
    """Base class for the widget that shows one step on the Run screen."""

    DEFAULT_CSS = """
    StepView { height: 1fr; width: 1fr; }
    """

    #: The step kind this view draws (the `kind` in the exercise file).
    kind: ClassVar[str] = ""

    #: Set when the view raised and was replaced by a problem panel (see `step_guard`).
    failed: bool = False

    class Failed(Message):
        """The view raised: the Run screen puts a one-line panel in its place."""

        def __init__(self, view: StepView, error: Exception) -> None:
            super().__init__()
            self.view = view
            self.error = error

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Guard what each view writes itself: its compose and its actions.

        An exception there must cost the step, not the workshop (Textual would
        end the app, and the session would crash again on every reopen, since
        it reopens on the same step).
        """
        super().__init_subclass__(**kwargs)
        if "compose" in cls.__dict__:
            cls.compose = _guard_compose(cls.__dict__["compose"])  # type: ignore[method-assign,assignment]
        for name, value in list(cls.__dict__.items()):
            if name.startswith("action_") and callable(value):
                setattr(cls, name, _guard_action(value))

    async def _dispatch_message(self, message: Message) -> None:
        """The view's own handlers (mount, messages, timers) are guarded too; see `__init_subclass__`."""
        try:
            await super()._dispatch_message(message)
        except Exception as error:
            self.fail(error)

    def fail(self, error: Exception) -> None:
        """Give up on this view: hide it and ask the Run screen for a problem panel instead."""
        if self.failed:
            return
        self.failed = True
        self.display = False
        self.post_message(self.Failed(self, error))

    class Changed(Message):
        """Something was saved; the Run screen refreshes progress and the strip."""

        def __init__(self, note: str = "") -> None:
            super().__init__()
            self.note = note

    def __init__(self, workshop: Session, key: str, *, id: str | None = None, room: bool = False) -> None:
        super().__init__(id=id)
        self.workshop = workshop
        self.key = key
        #: Drawn on the room display: what the room may see, no forms, no keys, no focus.
        self.room = room
        if room:
            self.add_class("-room")
            self.can_focus_children = False

    @property
    def step(self):  # type: ignore[no-untyped-def]
        """The exercise step this view shows."""
        return self.workshop.step(self.key)

    def refresh_view(self) -> None:
        """Re-read the engine and redraw; called after roster changes or a resume."""
        self.refresh(recompose=True)

    def refresh_keys_later(self) -> None:
        """Update the footer after the next refresh, unless the view has been replaced by then.

        A trainer paging quickly past a step removes its view before that
        refresh comes; refreshing the bindings of a detached widget crashes.
        """
        self.call_after_refresh(self._refresh_keys_if_attached)

    def _refresh_keys_if_attached(self) -> None:
        if self.is_attached:
            self.refresh_bindings()

    def saved(self, note: str = "") -> None:
        """Tell the Run screen that the engine changed."""
        self.post_message(self.Changed(note))


def _guard_compose(compose: Callable[[StepView], ComposeResult]) -> Callable[[StepView], ComposeResult]:
    @functools.wraps(compose)
    def guarded(self: StepView) -> Iterator[Widget]:
        try:
            yield from compose(self)
        except Exception as error:
            self.fail(error)

    return guarded


def _guard_action(action: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(action):

        @functools.wraps(action)
        async def guarded_async(self: StepView, *args: Any) -> Any:
            try:
                return await action(self, *args)
            except Exception as error:
                self.fail(error)
                return None

        return guarded_async

    @functools.wraps(action)
    def guarded(self: StepView, *args: Any) -> Any:
        try:
            return action(self, *args)
        except Exception as error:
            self.fail(error)
            return None

    return guarded


_REGISTRY: dict[str, type[StepView]] = {}


def register(view: type[StepView]) -> type[StepView]:
    """Class decorator: make a view the one used for its `kind`."""
    _REGISTRY[view.kind] = view
    return view


def view_for(kind: str) -> type[StepView] | None:
    """The registered view class for a step kind."""
    # Always import: one view module imported elsewhere (pass-the-keyboard imports
    # the capture view) must not leave the registry holding that kind alone.
    import facilitator.tui.widgets.steps  # noqa: F401  (registers every kind)

    return _REGISTRY.get(kind)
