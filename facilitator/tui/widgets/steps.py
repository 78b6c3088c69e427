"""Import every step view so each registers itself for its kind (see `base.register`)."""

from facilitator.tui.widgets import (  # noqa: F401
    brief,
    capture,
    checklist,
    debrief,
    pairing,
    rating,
    timer_step,
    vote,
)
