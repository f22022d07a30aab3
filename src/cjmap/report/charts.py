"""The report's charts, each a standalone SVG document: the emotion curve,
the funnel (`funnel_chart`) and the small trend line of an objective
(`trend_line`, at the end).

x is the journey's moments in order, grouped in one band per stage (the stage
number and name under the band); y is the score, +2 at the top and −2 at the
bottom, with one gridline per score labelled in the report's language. A smooth
line joins the points (monotone: it never swings beyond the scores it joins);
each point has the colour of the map's emotion lane, and the lowest moments get
a ring and a number, so the report text can refer to them as ①, ②, ③.

Safe to embed: every text an author wrote goes through SVG's one escaping
function, `cjmap.svgtext.xml` (characters XML forbids dropped, markup
as entities), nothing is loaded from elsewhere, there are no scripts and no ids
(two charts on one page never clash). Deterministic: same moments, same bytes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from cjmap import theme
from cjmap.i18n import Translate
from cjmap.model import Objective
from cjmap.report.data import Actual, Moment
from cjmap.report.formatting import Formatter
from cjmap.report.funnel import Funnel
from cjmap.report.status import Trend, trend
from cjmap.svgtext import ELLIPSIS, clean, xml

FONT_FAMILY = "Arial, Helvetica, sans-serif"
P = theme.PALETTE
SCORES = (2, 1, 0, -1, -2)

# Geometry, in pixels.
HEIGHT = 260
TOP = 22  # y of +2
ROW = 35  # between two scores: −2 is at TOP + 4 * ROW
STEP = 64  # preferred distance between two moments
MIN_PLOT = 360  # a short journey still gets a chart of this width
MAX_PLOT = 1000  # beyond this, the points get closer instead
RIGHT = 16
POINT = 5.5  # radius of a point
RING = 10.5  # radius of the ring around a lowest moment
BADGE = 8  # half the height of a number badge
LABEL_SIZE = 11  # y labels and stage names
NUMBER_SIZE = 10  # stage numbers and callout numbers
NAME_LINES = 2
EMPTY_HEIGHT = TOP + 4 * ROW + 24

# Colours: the journey map's palette, with lines a shade darker than the map's
# grid so they still show on the bands.
BAND_FILLS = (P["row_odd"], P["lane_fill"])
GRID = "#d8e0e9"
GRID_ZERO = "#aebbcb"
CURVE = P["stage_fill"]
BADGE_FILL = P["ink"]


def emotion_curve(moments: Sequence[Moment], lowest: Sequence[Moment], t: Translate, *, title: str) -> str:
    """The emotion curve of `moments` with `lowest` called out 1, 2, 3…, as SVG."""
    labels = {score: t(f"score.{score}") for score in SCORES}
    left = _left_margin(labels.values())
    count = len(moments)
    plot = _plot_width(count)
    step = plot / count if count else plot
    width = left + plot + RIGHT
    height = HEIGHT if count else EMPTY_HEIGHT

    def x(index: int) -> float:
        return left + step * (index + 0.5)

    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {height}" '
            f'width="{_n(width)}" height="{height}" role="img" font-family="{FONT_FAMILY}">'
        ),
        f"<title>{xml(title)}</title>",
        f'<rect class="background" x="0" y="0" width="{_n(width)}" height="{height}" fill="{P["background"]}"/>',
    ]
    if count:
        out += _bands(moments, left, step)
    out += _grid(labels, left, plot)
    if count:
        points = [(x(i), _y(m.score)) for i, m in enumerate(moments)]
        radius = min(POINT, step * 0.3)
        if count > 1:
            out.append(
                f'<path class="curve" d="{_curve(points)}" fill="none" stroke="{CURVE}" '
                'stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>'
            )
        out.append('<g class="moments">')
        for (px, py), moment in zip(points, moments):
            out.append(
                f'<circle class="moment" cx="{_n(px)}" cy="{_n(py)}" r="{_n(radius)}" '
                f'fill="{theme.SCORE[moment.score]}" stroke="{P["background"]}" stroke-width="1.5">'
                f"<title>{xml(_describe(moment, labels))}</title></circle>"
            )
        out.append("</g>")
        out += _callouts(moments, lowest, points, radius)
    out.append("</svg>")
    return "\n".join(out) + "\n"


# Layout ---------------------------------------------------------------------


def _plot_width(count: int) -> float:
    return float(min(max(count * STEP, MIN_PLOT), MAX_PLOT))


def _left_margin(labels: Iterable[str]) -> float:
    """Room for the widest score label, its colour dot and a gap."""
    widest = max((_text_width(label, LABEL_SIZE) for label in labels), default=0.0)
    return float(round(max(widest + 34, 64)))


def _y(score: float) -> float:
    return TOP + (2 - score) * ROW


def _bands(moments: Sequence[Moment], left: float, step: float) -> list[str]:
    """One background band per run of moments of a stage, its number and name below."""
    runs: list[tuple[Moment, int, int]] = []  # first moment, first index, count
    for index, moment in enumerate(moments):
        if runs and runs[-1][0].stage_number == moment.stage_number:
            first, start, length = runs[-1]
            runs[-1] = (first, start, length + 1)
        else:
            runs.append((moment, index, 1))
    top, bottom = TOP - 14, HEIGHT - 6
    number_y = _y(-2) + 40
    out = ['<g class="stages">']
    for band, (moment, start, length) in enumerate(runs):
        x0, band_width = left + start * step, length * step
        centre = x0 + band_width / 2
        name = clean(moment.stage.name).strip()
        out.append(
            f'<g class="stage"><title>{moment.stage_number}. {xml(name)}</title>'
            f'<rect x="{_n(x0)}" y="{top}" width="{_n(band_width)}" height="{bottom - top}" '
            f'fill="{BAND_FILLS[band % 2]}"/>'
        )
        number = str(moment.stage_number)
        half = max(BADGE, _text_width(number, NUMBER_SIZE, bold=True) / 2 + 5)
        if band_width >= 2 * half + 2:
            out.append(
                f'<rect x="{_n(centre - half)}" y="{_n(number_y - BADGE)}" width="{_n(2 * half)}" '
                f'height="{2 * BADGE}" rx="3" fill="{P["background"]}" stroke="{P["stage_fill"]}" stroke-width="1.2"/>'
                f'<text x="{_n(centre)}" y="{_n(number_y + NUMBER_SIZE * 0.35)}" text-anchor="middle" '
                f'font-size="{NUMBER_SIZE}" font-weight="bold" fill="{P["stage_fill"]}">{number}</text>'
            )
        room = band_width - 8
        if room >= _text_width("Ab" + ELLIPSIS, LABEL_SIZE):
            for line_number, line in enumerate(_fit(name, room, LABEL_SIZE, NAME_LINES)):
                line_y = number_y + BADGE + 14 + line_number * (LABEL_SIZE + 3)
                out.append(
                    f'<text x="{_n(centre)}" y="{_n(line_y)}" text-anchor="middle" '
                    f'font-size="{LABEL_SIZE}" fill="{P["ink"]}">{xml(line)}</text>'
                )
        out.append("</g>")
    out.append("</g>")
    return out


def _grid(labels: dict[int, str], left: float, plot: float) -> list[str]:
    """A gridline per score, the zero line stronger; the score's words and colour at the left."""
    out = ['<g class="scale">']
    for score in SCORES:
        y = _y(score)
        colour = GRID_ZERO if score == 0 else GRID
        dash = "" if score == 0 else ' stroke-dasharray="3 3"'
        out.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(left + plot)}" y2="{_n(y)}" '
            f'stroke="{colour}" stroke-width="1"{dash}/>'
        )
        out.append(
            f'<rect x="{_n(left - 16)}" y="{_n(y - 4)}" width="8" height="8" rx="4" fill="{theme.SCORE[score]}"/>'
            f'<text x="{_n(left - 22)}" y="{_n(y + LABEL_SIZE * 0.35)}" text-anchor="end" '
            f'font-size="{LABEL_SIZE}" fill="{P["muted"]}">{xml(labels[score])}</text>'
        )
    out.append("</g>")
    return out


def _tangents(points: list[tuple[float, float]]) -> list[float]:
    """Slopes at `points` of a monotone cubic (Steffen): smooth, never beyond its points."""
    count = len(points)
    if count < 2:
        return [0.0] * count
    secants = [
        (points[i + 1][1] - points[i][1]) / (points[i + 1][0] - points[i][0]) for i in range(count - 1)
    ]
    tangents = [secants[0]] + [0.0] * (count - 2) + [secants[-1]]
    for i in range(1, count - 1):
        before, after = secants[i - 1], secants[i]
        if before * after > 0:
            h0, h1 = points[i][0] - points[i - 1][0], points[i + 1][0] - points[i][0]
            middle = (before * h1 + after * h0) / (h0 + h1)
            sign = 1.0 if before > 0 else -1.0
            tangents[i] = sign * min(abs(before), abs(after), abs(middle) / 2) * 2
    return tangents


def _segment(points: list[tuple[float, float]], tangents: list[float], i: int) -> tuple[tuple[float, float], ...]:
    """The cubic Bézier from point `i` to point `i + 1`: start, two controls, end."""
    (x0, y0), (x1, y1) = points[i], points[i + 1]
    third = (x1 - x0) / 3
    return (x0, y0), (x0 + third, y0 + tangents[i] * third), (x1 - third, y1 - tangents[i + 1] * third), (x1, y1)


def _curve(points: list[tuple[float, float]]) -> str:
    tangents = _tangents(points)
    parts = [f"M{_n(points[0][0])},{_n(points[0][1])}"]
    for i in range(len(points) - 1):
        _, (ax, ay), (bx, by), (x1, y1) = _segment(points, tangents, i)
        parts.append(f"C{_n(ax)},{_n(ay)} {_n(bx)},{_n(by)} {_n(x1)},{_n(y1)}")
    return " ".join(parts)


def _at(bezier: tuple[tuple[float, float], ...], t: float) -> tuple[float, float]:
    (x0, y0), (ax, ay), (bx, by), (x1, y1) = bezier
    u = 1 - t
    return (
        u**3 * x0 + 3 * u * u * t * ax + 3 * u * t * t * bx + t**3 * x1,
        u**3 * y0 + 3 * u * u * t * ay + 3 * u * t * t * by + t**3 * y1,
    )


# Where a callout number goes, around its point, in order of preference.
_DIAGONAL = 0.7071
_PLACES = ((0.0, 1.0), (0.0, -1.0), (-_DIAGONAL, _DIAGONAL), (_DIAGONAL, _DIAGONAL),
           (-_DIAGONAL, -_DIAGONAL), (_DIAGONAL, -_DIAGONAL))


def _place(points: list[tuple[float, float]], tangents: list[float], index: int) -> tuple[float, float]:
    """The direction, from point `index`, that is clearest of the curve near it."""
    px, py = points[index]
    leaving = []  # unit vectors along the curve, a little way off the point
    if index > 0:
        leaving.append(_at(_segment(points, tangents, index - 1), 0.6))
    if index + 1 < len(points):
        leaving.append(_at(_segment(points, tangents, index), 0.4))
    units = []
    for qx, qy in leaving:
        length = ((qx - px) ** 2 + (qy - py) ** 2) ** 0.5 or 1.0
        units.append(((qx - px) / length, (qy - py) / length))

    def crowding(place: tuple[float, float]) -> float:
        return max((place[0] * ux + place[1] * uy for ux, uy in units), default=-1.0)

    for place in _PLACES:  # the first one roughly square to the curve, or better
        if crowding(place) <= 0.1:
            return place
    return min(_PLACES, key=crowding)


def _callouts(
    moments: Sequence[Moment], lowest: Sequence[Moment], points: list[tuple[float, float]], radius: float
) -> list[str]:
    """A ring around each lowest moment and its number next to it, clear of the curve."""
    out = ['<g class="callouts">']
    taken: set[int] = set()
    ring = max(RING, radius + 4)
    tangents = _tangents(points)
    for rank, moment in enumerate(lowest, start=1):
        index = _find(moments, moment, taken)
        if index is None:
            continue
        taken.add(index)
        px, py = points[index]
        dx, dy = _place(points, tangents, index)
        distance = ring + BADGE + 1
        badge_x, badge_y = px + dx * distance, py + dy * distance
        number = str(rank)
        half = max(BADGE, _text_width(number, NUMBER_SIZE, bold=True) / 2 + 4)
        out.append(
            f'<g class="callout">'
            f'<path class="ring" d="M{_n(px - ring)},{_n(py)} a{_n(ring)},{_n(ring)} 0 1,0 {_n(2 * ring)},0 '
            f'a{_n(ring)},{_n(ring)} 0 1,0 {_n(-2 * ring)},0" fill="none" '
            f'stroke="{theme.SCORE[moment.score]}" stroke-width="2"/>'
            f'<rect x="{_n(badge_x - half)}" y="{_n(badge_y - BADGE)}" width="{_n(2 * half)}" height="{2 * BADGE}" '
            f'rx="{BADGE}" fill="{BADGE_FILL}" stroke="{P["background"]}" stroke-width="1.5"/>'
            f'<text class="rank" x="{_n(badge_x)}" y="{_n(badge_y + NUMBER_SIZE * 0.35)}" text-anchor="middle" '
            f'font-size="{NUMBER_SIZE}" font-weight="bold" fill="{P["background"]}">{number}</text>'
            f"</g>"
        )
    out.append("</g>")
    return out


def _find(moments: Sequence[Moment], moment: Moment, taken: set[int]) -> int | None:
    """The index of `moment` among `moments`: the same object, else an equal one."""
    for same in (lambda m: m is moment, lambda m: m == moment):
        for index, candidate in enumerate(moments):
            if index not in taken and same(candidate):
                return index
    return None


def _describe(moment: Moment, labels: dict[int, str]) -> str:
    where = str(moment.stage_number) if moment.step_number is None else f"{moment.stage_number}.{moment.step_number}"
    text = clean(moment.text or moment.stage.name).strip()
    return f"{where} {text} ({labels[moment.score]})"


# Text ---------------------------------------------------------------------------

_NARROW = set("fijlrtI.,:;'!|()[]{} \u00a0")
_WIDE = set("mwMW@%")


def _text_width(text: str, size: float, *, bold: bool = False) -> float:
    """An estimate of how wide Arial draws `text`: good enough to wrap and fit."""
    em = 0.0
    for char in text:
        if unicodedata.combining(char):
            continue
        if unicodedata.east_asian_width(char) in ("W", "F"):
            em += 1.0
        elif char in _NARROW:
            em += 0.3
        elif char in _WIDE:
            em += 0.86
        elif char.isupper():
            em += 0.68
        else:
            em += 0.56
    return em * size * (1.08 if bold else 1.0)


def _fit(text: str, width: float, size: float, lines: int) -> list[str]:
    """`text` broken between words into at most `lines` lines of `width` (a word too
    wide is cut); if there is more, the last line ends with an ellipsis."""
    out: list[str] = []
    line = ""
    # No character is narrower than 0.3 em: text past this many characters could
    # never be shown, and measuring it would only cost time.
    visible = (int(width / (0.3 * size)) + 2) * (lines + 1)
    for word in text[:visible].split():
        candidate = f"{line} {word}" if line else word
        if _text_width(candidate, size) <= width:
            line = candidate
            continue
        if line:
            out.append(line)
        line = word
        while _text_width(line, size) > width:
            piece = _cut(line, width, size)
            out.append(piece)
            line = line[len(piece) :]
        if len(out) > lines:
            break
    if line:
        out.append(line)
    return out if len(out) <= lines else _ellipsis(out[:lines], width, size)


def _cut(word: str, width: float, size: float) -> str:
    """The longest start of `word` that fits `width` (at least one character)."""
    end = 1
    while end < len(word) and _text_width(word[: end + 1], size) <= width:
        end += 1
    return word[:end]


def _ellipsis(lines: list[str], width: float, size: float) -> list[str]:
    """The lines with the last one shortened to end in an ellipsis within `width`."""
    last = lines[-1].rstrip()
    while last and _text_width(last + ELLIPSIS, size) > width:
        last = last[:-1].rstrip()
    return lines[:-1] + [last.rstrip(" ,;:.-–—") + ELLIPSIS]


# SVG ----------------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate with one decimal: the same number always gives the same text."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


# The funnel ------------------------------------------------------------------------

FUNNEL_LABEL = 210.0  # width of the stage names, left of the bars
FUNNEL_BARS = 420.0  # width of the widest bar
FUNNEL_VALUE = 230.0  # room right of the bars for the customers, share and mark
FUNNEL_ROW = 34  # height of a stage's row
FUNNEL_BAR = 22  # height of a bar
FUNNEL_TOP = 12
FUNNEL_FILL = P["stage_fill"]
FUNNEL_BIGGEST = theme.SCORE[-2]  # the stage after which most customers are lost


def funnel_chart(funnel: Funnel, t: Translate, *, title: str) -> str:
    """The customers of each stage as bars, in stage order and to one scale,
    each with its count and share of the first measured stage; the stage of
    the biggest drop-off in red, stages not measured as dashed outlines."""
    fmt = Formatter(t)
    widest = max((row.customers or 0 for row in funnel.stages), default=0)
    width = FUNNEL_LABEL + FUNNEL_BARS + FUNNEL_VALUE
    height = FUNNEL_TOP * 2 + FUNNEL_ROW * len(funnel.stages)
    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {height}" '
            f'width="{_n(width)}" height="{height}" role="img" font-family="{FONT_FAMILY}">'
        ),
        f"<title>{xml(title)}</title>",
        f'<rect class="background" x="0" y="0" width="{_n(width)}" height="{height}" fill="{P["background"]}"/>',
        '<g class="funnel">',
    ]
    for index, row in enumerate(funnel.stages):
        top = FUNNEL_TOP + index * FUNNEL_ROW
        middle = top + FUNNEL_ROW / 2
        name = f"{row.number}. {clean(row.stage.name).strip()}"
        label = _fit(name, FUNNEL_LABEL - 16, LABEL_SIZE, 1)
        if row.customers is None:
            words = t("funnel.not_measured")
            shape = (
                f'<rect class="not-measured" x="{_n(FUNNEL_LABEL)}" y="{_n(middle - FUNNEL_BAR / 2)}" '
                f'width="{_n(FUNNEL_BARS)}" height="{FUNNEL_BAR}" fill="none" stroke="{P["faint"]}" '
                'stroke-dasharray="4 3"/>'
            )
            value_x = FUNNEL_LABEL + 8
        else:
            share = f" · {fmt.share(row.share)}" if row.share is not None else ""
            words = fmt.number(row.customers) + share
            if row is funnel.biggest:
                words += f" · ▼ {t('funnel.biggest_short')}"
            bar = FUNNEL_BARS * row.customers / widest if widest else 0.0
            fill = FUNNEL_BIGGEST if row is funnel.biggest else FUNNEL_FILL
            shape = (
                f'<rect class="bar" x="{_n(FUNNEL_LABEL)}" y="{_n(middle - FUNNEL_BAR / 2)}" '
                f'width="{_n(bar)}" height="{FUNNEL_BAR}" rx="2" fill="{fill}"/>'
            )
            value_x = FUNNEL_LABEL + bar + 6
        out.append(
            f'<g class="stage"><title>{xml(name)}: {xml(words)}</title>'
            f'<text x="{_n(FUNNEL_LABEL - 8)}" y="{_n(middle + LABEL_SIZE * 0.35)}" text-anchor="end" '
            f'font-size="{LABEL_SIZE}" fill="{P["ink"]}">{xml(label[0] if label else "")}</text>'
            f"{shape}"
            f'<text class="value" x="{_n(value_x)}" y="{_n(middle + LABEL_SIZE * 0.35)}" '
            f'font-size="{LABEL_SIZE}" fill="{P["muted"]}">{xml(words)}</text></g>'
        )
    out += ["</g>", "</svg>"]
    return "\n".join(out) + "\n"


# The trend line of an objective -----------------------------------------------------

TREND_WIDTH = 96
TREND_HEIGHT = 28
TREND_PAD = 3.5  # room around the line for the last point's mark
TREND_MARK = 2.5  # radius of the last point
# The target is drawn when it lies within this many spans of the values from
# them: the values then keep at least a third of the height. Farther, the
# values would shrink to a flat line beside a target line.
TREND_TARGET_REACH = 2.0
TREND_FLAT_SPAN = 0.1  # of the value, as the span of values that never change
TREND_COLOURS: dict[Trend, str] = {
    "improving": theme.SCORE[2], "worsening": theme.SCORE[-2], "steady": P["stage_fill"], "none": P["stage_fill"],
}


def trend_line(history: Sequence[Actual], objective: Objective, t: Translate, *, title: str) -> str:
    """The dated values of an objective (oldest first) as a small line placed
    by date, the last value marked, and the target as a dashed line when it is
    near enough to leave the values room; the SVG's title says every value,
    its date, the target and the trend in words, for a screen reader."""
    values = [point.value for point in history]
    moving = trend(objective, values)
    target = objective.target if _target_in_reach(values, objective.target) else None
    scale = values + ([target] if target is not None else [])
    low, high = (min(scale), max(scale)) if scale else (0.0, 0.0)
    xs = _trend_xs(history)

    def y(value: float) -> float:
        if high == low:
            return TREND_HEIGHT / 2
        # Halves: the difference of two measurements near a float's limit would overflow.
        return TREND_PAD + (high / 2 - value / 2) / (high / 2 - low / 2) * (TREND_HEIGHT - 2 * TREND_PAD)

    colour = TREND_COLOURS[moving]
    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {TREND_WIDTH} {TREND_HEIGHT}" '
            f'width="{TREND_WIDTH}" height="{TREND_HEIGHT}" role="img" class="trend-line">'
        ),
        f"<title>{xml(_trend_words(history, objective, moving, t, title))}</title>",
    ]
    if target is not None:
        out.append(
            f'<line class="target" x1="{_n(TREND_PAD)}" y1="{_n(y(target))}" x2="{_n(TREND_WIDTH - TREND_PAD)}" '
            f'y2="{_n(y(target))}" stroke="{P["muted"]}" stroke-width="1" stroke-dasharray="3 2"/>'
        )
    points = [(x, y(value)) for x, value in zip(xs, values)]
    if len(points) > 1:
        out.append(
            f'<polyline class="values" points="{" ".join(f"{_n(px)},{_n(py)}" for px, py in points)}" '
            f'fill="none" stroke="{colour}" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>'
        )
    if points:
        last_x, last_y = points[-1]
        out.append(f'<circle class="last" cx="{_n(last_x)}" cy="{_n(last_y)}" r="{TREND_MARK}" fill="{colour}"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _target_in_reach(values: Sequence[float], target: float | None) -> bool:
    if target is None or not values:
        return False
    low, high = min(values), max(values)
    span = high - low or abs(high) * TREND_FLAT_SPAN or 1.0
    return low - TREND_TARGET_REACH * span <= target <= high + TREND_TARGET_REACH * span


def _trend_xs(history: Sequence[Actual]) -> list[float]:
    """x of each value: by its date, so that a month without a measurement
    shows as a gap; evenly spaced when the dates cannot place them."""
    left, right = TREND_PAD, TREND_WIDTH - TREND_PAD
    if len(history) < 2:
        return [right] * len(history)
    dates = [point.measured for point in history if point.measured is not None]
    if len(dates) == len(history) and dates[-1] > dates[0]:
        days = (dates[-1] - dates[0]).days
        return [left + (right - left) * (when - dates[0]).days / days for when in dates]
    step = (right - left) / (len(history) - 1)
    return [left + step * index for index in range(len(history))]


def _trend_words(history: Sequence[Actual], objective: Objective, moving: Trend, t: Translate, title: str) -> str:
    """`title: 24 % on 1 April 2026, 31 % on 15 May 2026; target 40 %; improving`."""
    fmt = Formatter(t)
    points = ", ".join(
        t("trend.point", value=fmt.quantity(point.value, objective.unit), date=fmt.date(point.measured))
        for point in history
    )
    parts = [f"{clean(title).strip().rstrip(' .')}: {points}"]  # a statement's full stop ends no title
    if objective.target is not None:
        parts.append(t("trend.target", target=fmt.quantity(objective.target, objective.unit)))
    parts.append(t(f"trend.{moving}"))
    return "; ".join(parts)
