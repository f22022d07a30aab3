"""One picture of a journey, in any format: what `render` writes and what
`report` embeds."""

from __future__ import annotations

from cjmap.i18n import translator
from cjmap.model import Journey
from cjmap.render import mermaid
from cjmap.render.engine import draw
from cjmap.render.views import VIEWS


def picture(journey: Journey, *, output_format: str, view: str, language: str, engine: str) -> bytes:
    """The bytes of one picture of a journey."""
    t = translator(language)
    if output_format == "mermaid":
        return mermaid.build(journey, t).encode("utf-8")
    dot_source = VIEWS[view](journey, t)
    if output_format == "dot":
        return dot_source.encode("utf-8")
    return draw(dot_source, output_format, engine=engine)
