"""One picture of a journey, in any format: what `render` writes and what
`report` embeds."""

from __future__ import annotations

from cjmap.i18n import translator
from cjmap.model import Journey
from cjmap.render import map_view, mermaid
from cjmap.render.engine import draw
from cjmap.render.views import VIEWS


def picture(
    journey: Journey, *, output_format: str, view: str, language: str, engine: str, piece: map_view.Piece | None = None
) -> bytes:
    """The bytes of one picture of a journey; with `piece`, of that piece of
    its map (`map_view.build`'s stages and lanes), for print."""
    t = translator(language)
    if output_format == "mermaid":
        return mermaid.build(journey, t).encode("utf-8")
    if piece is not None and view != "map":
        raise ValueError(f"only the map is drawn in pieces, not the {view} view")
    dot_source = VIEWS[view](journey, t) if piece is None else map_view.build(journey, t, piece=piece)
    if output_format == "dot":
        return dot_source.encode("utf-8")
    return draw(dot_source, output_format, engine=engine)
