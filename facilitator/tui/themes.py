"""Projector themes: high contrast that survives a washed-out beamer.

Projectors crush dark greys into black and bleach pale tints into white, so
these themes avoid "subtle": backgrounds are pure black or pure white, text
is the opposite, and every signal colour (primary, warning, error, success)
is saturated and far from the others in hue *and* lightness, so the back row
can tell "running" from "over time" even on a cheap projector. Panels get a
clearly tinted colour rather than a shade of grey that would disappear.
"""

from __future__ import annotations

from textual.theme import Theme

DEFAULT_THEME = "projector-dark"

#: Extra theme variables the stylesheet uses; every theme (Textual's own too)
#: gets these defaults, so `$blank` works whatever theme is chosen.
VARIABLE_DEFAULTS: dict[str, str] = {
    # Slide software's "B": the screen goes black, whatever the theme.
    "blank": "#000000",
}

PROJECTOR_DARK = Theme(
    name="projector-dark",
    primary="#FFD21F",  # warm yellow: the brightest colour a projector shows
    secondary="#5FC8FF",
    accent="#00E0FF",
    warning="#FF9F1A",
    error="#FF4D4D",
    success="#3DDC84",
    foreground="#FFFFFF",
    background="#000000",
    surface="#0A0A0A",
    panel="#1C2F5A",  # a clear navy, not a grey that vanishes
    boost="#FFFFFF",
    dark=True,
    luminosity_spread=0.2,
    text_alpha=1.0,
    variables={
        "footer-key-foreground": "#FFD21F",
        "footer-description-foreground": "#FFFFFF",
        "block-cursor-background": "#FFD21F",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#5FC8FF 40%",
    },
)

PROJECTOR_LIGHT = Theme(
    name="projector-light",
    primary="#0037B3",  # deep blue: dark enough to read on white in a bright room
    secondary="#6A1B9A",
    accent="#005F73",
    warning="#B34700",
    error="#C40000",
    success="#006B2E",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#D6E4FF",
    boost="#000000",
    dark=False,
    luminosity_spread=0.2,
    text_alpha=1.0,
    variables={
        "footer-key-foreground": "#0037B3",
        "footer-description-foreground": "#000000",
        "footer-background": "#D6E4FF",
        "block-cursor-background": "#0037B3",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#0037B3 30%",
    },
)

PROJECTOR_THEMES = (PROJECTOR_DARK, PROJECTOR_LIGHT)


def next_projector_theme(current: str) -> str:
    """The other projector theme: one key flips dark/light when the room's light changes."""
    return PROJECTOR_LIGHT.name if current == PROJECTOR_DARK.name else PROJECTOR_DARK.name
