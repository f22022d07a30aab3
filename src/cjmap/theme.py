"""The look of every picture: palette, fonts and sizes, as plain dicts.

Views read these dicts and pass them to `graphviz.Digraph`; nothing here holds
state. Colours are 6-digit hex because Graphviz does not understand `#eef`.
"""

from __future__ import annotations

# "Arial" is what both engines know: graphviz-pure maps it to its bundled Arimo,
# the system `dot` (fontconfig) to Liberation Sans. Same metrics, same layout.
FONT = "Arial"

SIZES: dict[str, float] = {
    "title": 18,
    "subtitle": 10,
    "stage": 12,
    "lane": 10.5,
    "body": 10,
    "meta": 8.5,
    "tag": 7.5,
}

# Calm slate neutrals; colour is kept for what carries meaning (scores,
# severities, statuses, channels).
PALETTE: dict[str, str] = {
    "background": "#ffffff",
    "ink": "#1f2937",
    "muted": "#64748b",
    "faint": "#94a3b8",
    "rule": "#e2e8f0",
    "stage_fill": "#1e3a5f",
    "stage_ink": "#ffffff",
    "stage_meta": "#bfd0e6",
    "stage_rule": "#34506f",
    "lane_fill": "#eef2f7",
    "lane_ink": "#1e3a5f",
    "row_even": "#ffffff",
    "row_odd": "#f8fafc",
    "card_fill": "#ffffff",
    "card_border": "#dbe3ec",
    "grid": "#edf1f5",
    "grid_zero": "#dde4ec",
    "cluster_fill": "#f6f8fb",
    "cluster_border": "#cdd7e3",
    "edge": "#94a3b8",
    "flow_edge": "#1e3a5f",
}


def _mix(colour: str, amount: float) -> str:
    """`colour` moved `amount` (0…1) of the way to white: the light tint of a hue."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


# Diverging red → amber → green, readable on white and in grey print.
SCORE: dict[int, str] = {
    -2: "#d1382b",
    -1: "#f08a4b",
    0: "#e8bd3a",
    1: "#84c05f",
    2: "#2b9348",
}

SEVERITY: dict[str, str] = {
    "high": "#c62828",
    "medium": "#e08600",
    "low": "#8a9bb0",
}

STATUS: dict[str, str] = {
    "idea": "#94a3b8",
    "planned": "#3b7dd8",
    "in-progress": "#e08600",
    "done": "#2b9348",
}

CHANNEL: dict[str, str] = {
    "web": "#2563eb",
    "app": "#7c3aed",
    "email": "#0e7490",
    "social": "#c0267a",
    "search": "#4f46e5",
    "ads": "#d9304f",
    "chat": "#0f8f83",
    "sms": "#5b8f1c",
    "phone": "#d35400",
    "store": "#a0522d",
    "event": "#a21caf",
    "mail": "#8a6d1d",
    "partner": "#4b5d73",
    "support": "#047857",
    "other": "#6b7280",
}

CHANNEL_TINT: dict[str, str] = {name: _mix(colour, 0.88) for name, colour in CHANNEL.items()}

# Offline touchpoints are square-cornered and drawn with a heavier border, so
# the mode reads without colour too.
MODE_STYLE: dict[str, dict[str, str]] = {
    "online": {"style": "rounded,filled", "penwidth": "1.2"},
    "offline": {"style": "filled", "penwidth": "2.2"},
}

# Column and wrap sizes of the journey map, in points and characters.
MAP: dict[str, int] = {
    "lane_width": 118,
    "stage_width": 200,
    "pad": 6,
    "mark": 14,
    "stage_wrap": 26,
    "wrap": 33,
    "card_wrap": 33,
    "meta_wrap": 39,
    "marker": 14,
    "gap": 3,
    "axis": 16,
    "caption": 10,
}

FLOW: dict[str, float] = {
    "text_width": 150,
    "stage_wrap": 24,
    "touchpoint_wrap": 28,
}

# Column and wrap sizes of the service blueprint, in points and characters: its
# cards say more than the map's (owner, system, times), so its columns are wider.
BLUEPRINT: dict[str, int] = {
    "lane_width": 124,
    "stage_width": 224,
    "pad": 6,
    "stage_wrap": 28,
    "wrap": 36,
    "meta_wrap": 44,
    "lane_wrap": 22,
    "line_height": 20,
}

# The blueprint's lanes, from the customer's own to the company's deepest: each
# a little greyer, with the bar of its cards in a colour of its own.
BLUEPRINT_LANE: dict[str, dict[str, str]] = {
    "touchpoints": {"fill": "#ffffff"},  # its cards are edged in their channel's colour
    "evidence": {"fill": "#f8fafc", "accent": "#94a3b8"},
    "customer": {"fill": "#ffffff", "accent": "#cbd5e1"},
    "frontstage": {"fill": "#f1f6fd", "accent": "#3b7dd8"},
    "backstage": {"fill": "#f3f5f8", "accent": "#5b6b82"},
    "support": {"fill": "#eceff4", "accent": "#8a9bb0"},
}

# The three lines of a blueprint, in one colour and told apart by their style,
# so that they read in grey print too; the legend draws each with characters.
BLUEPRINT_LINES: dict[str, dict[str, str | None]] = {
    "interaction": {"style": None, "sample": "———"},
    "visibility": {"style": "dashed", "sample": "– – –"},
    "internal": {"style": "dotted", "sample": "· · · · ·"},
}
BLUEPRINT_LINE_COLOUR = "#1e3a5f"
# A wait is time the customer loses: written in a warm colour, to be seen.
BLUEPRINT_WAIT = "#b45309"
# The card of a moment of truth, tinted in the moment's colour (SEVERITY's
# medium amber: map_view.MOMENT_COLOUR).
MOMENT_TINT = _mix(SEVERITY["medium"], 0.9)


def ink_on(fill: str) -> str:
    """The ink that reads better on `fill`: white or the theme's dark ink
    (the one of higher WCAG contrast)."""
    white, dark = "#ffffff", PALETTE["ink"]
    return white if _contrast(fill, white) >= _contrast(fill, dark) else dark


def _contrast(one: str, other: str) -> float:
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a `#rrggbb` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
