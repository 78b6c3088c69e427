"""The Run screen's keys, chosen for one hand and a presentation clicker.

PgDn/PgUp (what clickers send) move on and back and stay usable while a
step's text field has the focus; arrows do too when nothing else wants them.
Letters and digits, Enter, up/down and Tab are left to the step widgets.
Every binding has an id, so a trainer's `keys.toml` can remap it.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

STEP_KEYS = Binding.Group("Step")
TIMER_KEYS = Binding.Group("Timer")

RUN_KEYS: list[BindingType] = [
    Binding(
        "pageup",
        "previous",
        "Back",
        id="run.previous",
        priority=True,
        key_display="PgUp",
        group=STEP_KEYS,
    ),
    Binding("pagedown", "next", "Next", id="run.next", priority=True, key_display="PgDn", group=STEP_KEYS),
    Binding("left", "previous", "Back", id="run.previous_arrow", show=False),
    Binding("right", "next", "Next", id="run.next_arrow", show=False),
    Binding("space", "timer_toggle", "Timer: start or pause", id="run.timer", group=TIMER_KEYS),
    Binding(
        "plus,equals_sign",
        "timer_adjust(1)",
        "Timer: a minute more",
        id="run.timer_plus",
        key_display="+",
        group=TIMER_KEYS,
    ),
    Binding(
        "minus",
        "timer_adjust(-1)",
        "Timer: a minute less",
        id="run.timer_minus",
        key_display="-",
        group=TIMER_KEYS,
    ),
    Binding("r", "timer_reset", "Timer: back to the plan", id="run.timer_reset", show=False),
    Binding("c", "clock", "Big clock", id="run.clock"),
    Binding("b,B", "blank", "Blank", id="run.blank", key_display="b"),
    Binding("k", "pass_keyboard", "Pass keyboard", id="run.pass_keyboard"),
    Binding("p", "people", "People", id="run.people"),
    Binding("g", "jump", "Go to", id="run.jump"),
    Binding("o", "room_display", "Room display", id="run.room_display", show=False),
    Binding("j", "app.toggle_join", "Phones on/off", id="run.join", show=False),
    Binding("q", "app.quit", "Quit", id="run.quit", show=False),
]
