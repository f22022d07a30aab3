"""The views `cjmap render` can draw, by the names of `choices.VIEWS`.

Each view is a pure function from a journey and a translator to DOT source."""

from __future__ import annotations

from collections.abc import Callable

from cjmap.choices import VIEWS as NAMES
from cjmap.i18n import Translate
from cjmap.model import Journey
from cjmap.render import flow_view, map_view

View = Callable[[Journey, Translate], str]

VIEWS: dict[str, View] = dict(zip(NAMES, (map_view.build, flow_view.build), strict=True))
