"""The views `cjmap render` can draw of one journey, by the names of
`choices.VIEWS`.

Each view is a pure function from a journey and a translator to DOT source.
The portfolio is not one of them: it draws many journeys in one picture
(`render/portfolio_view.py`, which `render/command.py` gives a folder's or a
workspace's journeys)."""

from __future__ import annotations

from collections.abc import Callable

from cjmap.choices import VIEWS as NAMES
from cjmap.i18n import Translate
from cjmap.model import Journey
from cjmap.render import blueprint_view, flow_view, map_view

View = Callable[[Journey, Translate], str]

PORTFOLIO = "portfolio"
BLUEPRINT = "blueprint"  # drawn only for a journey that fills in a blueprint lane (render/command.py)
JOURNEY_VIEWS = tuple(name for name in NAMES if name != PORTFOLIO)

VIEWS: dict[str, View] = dict(zip(JOURNEY_VIEWS, (map_view.build, flow_view.build, blueprint_view.build), strict=True))
