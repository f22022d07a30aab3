"""The journey map for print: cut into pieces that each print at a readable size.

A whole journey map is wider and taller than a printed page: shrunk to fit
one, its smallest text prints at 3 or 4 pt. For print, the HTML page also
carries the map in pieces (`map_view.Piece`): a run of consecutive stages
(as many as the page is wide enough for) and, when those are still taller
than the page, a run of consecutive lanes. Each piece prints at its own size
or smaller, never under READABLE_PT; only a piece of one stage and one lane
that is taller than a page prints smaller, at the largest size that fits.

The page is A4 landscape with MARGIN_MM margins; the page's CSS (report/html.py)
uses these numbers, so that what is computed here is what prints. Sizes are
read from the drawn SVG (Graphviz writes them in points), not guessed.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cjmap import theme
from cjmap.render.map_view import PAD_INCHES, Piece

PT_PER_MM = 72 / 25.4
PAGE_MM = (297, 210)  # A4 landscape
MARGIN_MM = 10
READABLE_PT = 7.0
CAPTION_PT = 24.0  # a figure's caption, under the picture
HEADING_PT = 48.0  # the map section's heading, above the first piece (see the CSS)

FIXED_WIDTH = theme.MAP["lane_width"] + 2 * PAD_INCHES * 72
"""The width of a map that is not its stages': the lanes' headings and the picture's margins."""

_LANE_FILL = theme.PALETTE["lane_fill"]  # the lanes' headings, and the legends', and nothing else
_SVG = "{http://www.w3.org/2000/svg}"
_TO_PT = {"pt": 1.0, "px": 0.75, "": 0.75, "in": 72.0, "mm": PT_PER_MM}

Draw = Callable[[Piece], str]
_SIZE = re.compile(r'<svg width="[0-9.]+pt" height="[0-9.]+pt"(?P<rest>\s+viewBox="(?P<box>[^"]+)")')


@dataclass(frozen=True, slots=True)
class Room:
    """Where a picture prints on a page, in points."""

    width: float
    height: float


PRINTABLE = Room((PAGE_MM[0] - 2 * MARGIN_MM) * PT_PER_MM, (PAGE_MM[1] - 2 * MARGIN_MM) * PT_PER_MM)
"""The printable area of the page."""
FIGURE = Room(PRINTABLE.width, PRINTABLE.height - CAPTION_PT - HEADING_PT)
"""Where a piece of the map prints: the page less its caption, and less the
section's heading, so that the first piece fits under it as well."""


@dataclass(frozen=True, slots=True)
class Measure:
    """What printing needs to know of an SVG picture, in points."""

    width: float
    height: float
    smallest_text: float | None  # None: the picture has no text
    lane_heights: tuple[float, ...]  # of a map: its lanes' and legends' rows, top to bottom


@dataclass(frozen=True, slots=True)
class PrintedPiece:
    piece: Piece
    svg: str


def measure(svg: str) -> Measure:
    root = ET.fromstring(svg.encode("utf-8"))
    width = _length(root.get("width", "0"))
    # Font sizes and shapes are in the picture's own units, which its viewBox scales to its width.
    view_box = (root.get("viewBox") or "").replace(",", " ").split()
    unit = width / float(view_box[2]) if len(view_box) == 4 and float(view_box[2]) else 1.0
    sizes = [float(size) for element in root.iter() if (size := element.get("font-size"))]
    return Measure(
        width=width,
        height=_length(root.get("height", "0")),
        smallest_text=min(sizes) * unit if sizes else None,
        lane_heights=tuple(height * unit for height in _lane_heights(root)),
    )


def scale_on_page(picture: Measure, room: Room) -> float:
    """How much the page's CSS shrinks a picture to fit `room` (never enlarges it)."""
    return min(1.0, room.width / picture.width, room.height / picture.height)


def readable(picture: Measure, room: Room = FIGURE) -> bool:
    """Whether the picture's smallest text prints at READABLE_PT or more."""
    smallest = picture.smallest_text
    return smallest is None or smallest * scale_on_page(picture, room) >= READABLE_PT - 0.01


def drawing_room(smallest_text: float | None, room: Room = FIGURE) -> Room:
    """The room, in the picture's own points, that a piece may take: the page's
    room, or more where its smallest text is larger than READABLE_PT and may
    shrink to it."""
    shrink = 1.0 if not smallest_text else min(1.0, READABLE_PT / smallest_text)
    return Room(room.width / shrink, room.height / shrink)


def stages_per_part(map_width: float, stage_count: int, room_width: float) -> int:
    """How many stages of a map `map_width` points wide with `stage_count`
    stages fit across `room_width` points (at least one)."""
    per_stage = (map_width - FIXED_WIDTH) / stage_count
    return max(1, min(stage_count, int((room_width - FIXED_WIDTH) // per_stage)))


def split(count: int, most: int) -> list[range]:
    """`count` positions in as few runs of at most `most` as can be, of even
    lengths: 8 by 3 is 3, 3, 2 (not a lone last one)."""
    parts = math.ceil(count / most)
    size, longer = divmod(count, parts)
    runs, start = [], 0
    for part in range(parts):
        stop = start + size + (1 if part < longer else 0)
        runs.append(range(start, stop))
        start = stop
    return runs


def lanes_that_fit(heights: Sequence[float], fixed: float, room_height: float, start: int) -> range:
    """The lanes from `start` on, with rows `heights` high, that fit in
    `room_height` under what every piece has (`fixed`: the stages' headers,
    the margins); at least one."""
    stop, used = start + 1, fixed + heights[start]
    while stop < len(heights) and used + heights[stop] <= room_height:
        used += heights[stop]
        stop += 1
    return range(start, stop)


def lane_bands(heights: Sequence[float], fixed: float, room_height: float) -> list[range]:
    """All the lanes, cut into runs that each fit (`lanes_that_fit`)."""
    bands, start = [], 0
    while start < len(heights):
        bands.append(lanes_that_fit(heights, fixed, room_height, start))
        start = bands[-1].stop
    return bands


def map_pieces(whole_map: str, stage_count: int, lane_count: int, draw: Draw) -> list[PrintedPiece]:
    """The map in pieces that print readable; none when the whole map already does.

    `draw` draws a piece as SVG. The pieces' sizes are measured, not
    predicted: a piece found too large once drawn is drawn again smaller."""
    whole = measure(whole_map)
    if readable(whole):
        return []
    room = drawing_room(whole.smallest_text)
    most = stages_per_part(whole.width, stage_count, room.width)
    while True:
        pieces = [piece for stages in split(stage_count, most) for piece in _bands(stages, lane_count, room, draw)]
        too_wide = any(measure(piece.svg).width > room.width for piece in pieces)
        if not too_wide or most == 1:
            return pieces
        most -= 1


def _bands(stages: range, lane_count: int, room: Room, draw: Draw) -> list[PrintedPiece]:
    """The pieces of these stages: all lanes when they fit, else runs of lanes."""
    everything = PrintedPiece(Piece(stages, range(lane_count)), at_its_own_size(draw(Piece(stages, range(lane_count)))))
    drawn = measure(everything.svg)
    if drawn.height <= room.height:
        return [everything]
    heights = _per_lane(drawn, lane_count)
    fixed = drawn.height - sum(heights)
    pieces, start = [], 0
    while start < lane_count:
        lanes = lanes_that_fit(heights, fixed, room.height, start)
        piece = _largest_that_fits(stages, lanes, room, draw)
        pieces.append(piece)
        start = piece.piece.lanes.stop
    return pieces


def _largest_that_fits(stages: range, lanes: range, room: Room, draw: Draw) -> PrintedPiece:
    """These lanes, or fewer of them where the drawing is taller than foreseen."""
    while True:
        piece = Piece(stages, lanes)
        svg = at_its_own_size(draw(piece))
        if len(lanes) == 1 or measure(svg).height <= room.height:
            return PrintedPiece(piece, svg)
        lanes = range(lanes.start, lanes.stop - 1)


def at_its_own_size(svg: str) -> str:
    """The SVG with the width and height of its viewBox, in points: Graphviz
    rounds them to whole points, and the viewBox, fitted into them, then
    shrinks the drawing a little (its 7 pt text to 6.99 pt)."""
    match = _SIZE.search(svg)
    if match is None:
        return svg
    width, height = match.group("box").replace(",", " ").split()[2:4]
    return svg[: match.start()] + f'<svg width="{width}pt" height="{height}pt"' + svg[match.start("rest"):]


def _per_lane(drawn: Measure, lane_count: int) -> list[float]:
    """The height of each lane's rows, the legends counted with the last lane."""
    rows = list(drawn.lane_heights)
    if len(rows) < lane_count:  # not a map as map_view draws it: as if the lanes were alike
        return [drawn.height / lane_count] * lane_count
    return rows[: lane_count - 1] + [sum(rows[lane_count - 1 :])]


def _lane_heights(root: ET.Element) -> tuple[float, ...]:
    """The heights of the lanes' heading cells (filled with the lanes' colour), top to bottom."""
    spans = []
    for polygon in root.iter(f"{_SVG}polygon"):
        if polygon.get("fill", "").lower() != _LANE_FILL:
            continue
        ys = [float(point.split(",")[1]) for point in polygon.get("points", "").split()]
        if ys:
            spans.append((min(ys), max(ys)))
    return tuple(bottom - top for top, bottom in sorted(spans))


def _length(text: str) -> float:
    """An SVG width or height in points: "1368pt" (Graphviz), "860" (CSS pixels)."""
    number = text.rstrip("abcdefghijklmnopqrstuvwxyz%")
    unit = text[len(number):]
    return float(number) * _TO_PT.get(unit, 0.75)
