"""The journey map: one column per stage, one row (lane) per kind of content.

The whole grid is one Graphviz HTML-like table, so columns line up and every
stage column has the same width. The emotion lane is a dot matrix per stage
(+2 at the top, −2 at the bottom, one column per scored step) so highs and
lows of the journey read at a glance.

A step that is a moment of truth leads with a mark (MOMENT_MARK), which a
legend row explains; a step's duration and wait are written under it, and a
stage's total time in its header. Journeys without them are drawn as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import graphviz

from cjmap import theme
from cjmap.i18n import Translate, duration
from cjmap.model import Item, Journey, Objective, Stage, Step, Touchpoint
from cjmap.navigate import JourneyIndex
from cjmap.render import labels
from cjmap.render.labels import Cell, font, lines, table, td, tr

P = theme.PALETTE
S = theme.SIZES
M = theme.MAP
SCORES = (2, 1, 0, -1, -2)

MOMENT_MARK = "♦"
"""The mark of a moment of truth in every picture. Not ★: graphviz-pure's font
(Arimo) has no star, and would draw a missing-glyph box; both engines have ♦."""
MOMENT_COLOUR = theme.SEVERITY["medium"]
"""Amber, the palette's warm accent: the mark stands out from the ink of the
text without reading as a score."""

Lane = Callable[[Stage], list[str]]


def number(value: float) -> str:
    """A figure as an author writes it: 30 not 30.0, 8.5 stays 8.5."""
    return str(int(value)) if float(value).is_integer() else f"{value:.10g}"


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece of the map, for a page too small for all of it: consecutive
    stages and consecutive lanes, by position (from 0)."""

    stages: range
    lanes: range


def build(journey: Journey, t: Translate, *, piece: Piece | None = None) -> str:
    """DOT source of the journey map of `journey`, its fixed words from `t`.

    With `piece`, only its stages and lanes: each stage keeps its number in
    the journey, each lane its heading, and the legends come with the last
    lane. A piece has no title: the page it is printed on names the journey."""
    index = JourneyIndex(journey)
    if piece is None:
        return grid_picture(journey.id, _title(journey), "map", _grid(journey, index, t))
    return grid_picture(journey.id, "", "map", _grid(journey, index, t, piece.stages, piece.lanes))


def lane_names(journey: Journey, t: Translate) -> list[str]:
    """The headings of the map's lanes, top to bottom: what `build`'s `lanes` count."""
    return [t(f"lane.{key}") for key, _ in _lanes(journey.stages, JourneyIndex(journey), t)]


PAD_INCHES = 0.35
"""The margin around a grid picture, on each side."""


def grid_picture(name: str, title: str, node: str, grid: str) -> str:
    """DOT source of a picture that is one HTML-like table under its title:
    the map and the blueprint views."""
    graph_attr = {"fontname": theme.FONT, "bgcolor": P["background"], "pad": str(PAD_INCHES)}
    if title:  # a piece of the map has none
        graph_attr.update({"labelloc": "t", "labeljust": "l", "label": "<" + title + ">"})
    graph = graphviz.Digraph(
        name=name,
        graph_attr=graph_attr,
        node_attr={"shape": "plain", "fontname": theme.FONT, "fontsize": str(S["body"])},
    )
    graph.node(node, label="<" + grid + ">")
    return graph.source


def heading_rows(journey: Journey, width: float) -> list[str]:
    """Table rows with the journey's title and description, wrapped to about `width` points."""
    # Average character widths of Arial: about 0.55 em bold, 0.5 em regular.
    title_chars = max(30, int(width / (S["title"] * 0.58)))
    text_chars = max(60, int(width / (S["subtitle"] * 0.52)))
    title = font(labels.html(journey.title, title_chars), size=S["title"], color=P["ink"], bold=True)
    rows = [tr([td(title, align="LEFT", balign="LEFT")])]
    if journey.description:
        text = font(labels.html(journey.description, text_chars), size=S["subtitle"], color=P["muted"])
        rows.append(tr([td(text, align="LEFT", balign="LEFT")]))
    return rows


def _title(journey: Journey) -> str:
    width = M["lane_width"] + M["stage_width"] * len(journey.stages)
    # The empty row keeps a gap between the heading and the grid.
    rows = heading_rows(journey, width) + [tr([td("", height=8)])]
    return table(rows, border=0, cellborder=0, cellspacing=0, cellpadding=3)


def _grid(
    journey: Journey, index: JourneyIndex, t: Translate, shown: range | None = None, lanes: range | None = None
) -> str:
    # Which lanes there are, and their stripes, is the whole journey's: a piece
    # of the map has the rows the whole map has.
    everything = journey.stages
    shown = range(len(everything)) if shown is None else shown
    stages = [everything[position] for position in shown]
    all_lanes = _lanes(everything, index, t)
    lanes = range(len(all_lanes)) if lanes is None else lanes
    rows = [header_row(stages, index, t, first=shown.start + 1)]
    for number_, (key, lane) in enumerate(all_lanes):
        if number_ in lanes:
            fill = P["row_even"] if number_ % 2 == 0 else P["row_odd"]
            rows += _lane_rows(t(f"lane.{key}"), [lane(stage) for stage in stages], fill)
    if lanes.stop >= len(all_lanes):
        rows.append(_legend_row(len(stages), t))
        if any(step.moment_of_truth for stage in everything for step in stage.steps):
            rows.append(_symbols_row(len(stages), t))
    return table(rows, border=0, cellborder=0, cellspacing=0, cellpadding=0, bgcolor=P["background"])


def _lane_rows(name: str, columns: list[list[str]], fill: str) -> list[str]:
    """One table row per item: the n-th items of every stage line up."""
    depth = max([1] + [len(column) for column in columns])
    rows = []
    for position in range(depth):
        cells = [_lane_cell(name, depth)] if position == 0 else []
        sides = "TL" if position == 0 else "L"
        for column in columns:
            content = column[position] if position < len(column) else ""
            cells.append(td(content, bgcolor=fill, width=M["stage_width"], align="LEFT", balign="LEFT",
                            valign="TOP", cellpadding=M["pad"], border=1, sides=sides, color=P["rule"]))
        rows.append(tr(cells))
    return rows


def _lanes(stages: Sequence[Stage], index: JourneyIndex, t: Translate) -> list[tuple[str, Lane]]:
    lanes: list[tuple[str, Lane]] = [
        ("steps", lambda stage: _steps(stage.steps, t)),
        ("needs", lambda stage: _bullets(stage.needs)),
    ]
    # Questions and opportunities are optional in the format: a lane only when used.
    if any(stage.questions for stage in stages):
        lanes.append(("questions", lambda stage: _bullets(stage.questions)))
    feelings = any(stage.emotions is not None and stage.emotions.feelings for stage in stages)
    lanes.append(("emotions", lambda stage: _emotions(stage, feelings=feelings)))
    lanes.append(("pain_points", lambda stage: _pain_points(stage, t)))
    if any(stage.opportunities for stage in stages):
        lanes.append(("opportunities", lambda stage: _bullets(stage.opportunities)))
    lanes += [
        ("touchpoints", lambda stage: _touchpoints(stage, index, t)),
        ("objectives", lambda stage: _objectives(stage, index, t)),
        ("actions", lambda stage: _actions(stage, index, t)),
    ]
    return lanes


def _lane_cell(name: str, rows: int) -> Cell:
    text = font(labels.html(name, 18), size=S["lane"], color=P["lane_ink"], bold=True)
    return td(text, rowspan=rows, bgcolor=P["lane_fill"], width=M["lane_width"], align="LEFT", balign="LEFT",
              valign="TOP", cellpadding=M["pad"] + 2, border=1, sides="T", color=P["rule"])


def header_row(
    stages: Sequence[Stage], index: JourneyIndex, t: Translate, sizes: Mapping[str, Any] = M,
    *, strong_time: bool = False, first: int = 1,
) -> str:
    """The row of stage headers: number, phase, name, owner and time of each stage.

    `sizes` are the view's widths and wraps (theme.MAP, theme.BLUEPRINT); a
    blueprint, which is about time, writes the stage's time in bold. `first`
    is the number of the first stage shown (a piece of the map keeps the
    journey's numbers)."""
    corner = font(labels.escape(t("lane.stage")), size=S["lane"], color=P["stage_meta"], bold=True)
    cells = [td(corner, bgcolor=P["stage_fill"], width=sizes["lane_width"], align="LEFT", valign="TOP",
                cellpadding=sizes["pad"] + 2, border=1, sides="T", color=P["stage_fill"])]
    for position, stage in enumerate(stages, start=first):
        kicker = str(position)
        if stage.phase:
            kicker += "  ·  " + t(f"phase.{stage.phase}").upper()
        parts = [
            font(labels.escape(kicker), size=S["tag"], color=P["stage_meta"], bold=True),
            font(labels.html(stage.name, sizes["stage_wrap"]), size=S["stage"], color=P["stage_ink"], bold=True),
        ]
        if stage.owner:
            owner = f"{t('lane.owner')}: {index.team(stage.owner)}"
            parts.append(font(labels.html(owner, sizes["meta_wrap"]), size=S["meta"], color=P["stage_meta"]))
        time = stage_time(stage, t)
        if time:
            color = P["stage_ink"] if strong_time else P["stage_meta"]
            parts.append(font(labels.escape(time), size=S["meta"], color=color, bold=strong_time))
        cells.append(td(lines(parts), bgcolor=P["stage_fill"], width=sizes["stage_width"], align="LEFT",
                        balign="LEFT", valign="TOP", cellpadding=sizes["pad"] + 2, border=1, sides="L",
                        color=P["stage_rule"]))
    return tr(cells)


def _list(marks: Iterable[str], contents: Iterable[str]) -> list[str]:
    """Items with a mark hanging in the margin, like a bulleted list; each
    content is label text, already escaped."""
    mark_width = M["mark"]
    text_width = M["stage_width"] - 2 * (M["pad"] + 1) - mark_width
    return [
        table([tr([
            td(font(labels.escape(mark), color=P["faint"]), align="LEFT", valign="TOP", width=mark_width),
            td(content, align="LEFT", balign="LEFT", valign="TOP", width=text_width),
        ])], border=0, cellspacing=0, cellpadding=0)
        for mark, content in zip(marks, contents)
    ]


def _item_text(text: object) -> str:
    return font(labels.html(text, M["wrap"]), color=P["ink"])


def _steps(steps: Sequence[Step], t: Translate) -> list[str]:
    """The numbered steps: the number is the step's column in the emotion lane."""
    return _list((f"{n}" for n in range(1, len(steps) + 1)), (_step(step, t) for step in steps))


def _step(step: Step, t: Translate) -> str:
    if step.moment_of_truth:
        # The mark is wrapped with the text, so that the first line still fits the column.
        text = labels.html(f"{MOMENT_MARK} {step.text}", M["wrap"])
        text = font(_moment_mark() + text[len(MOMENT_MARK):], color=P["ink"])
    else:
        text = _item_text(step.text)
    times = " · ".join(step_times(step, t))
    return lines([text, font(labels.escape(times), size=S["meta"], color=P["muted"])])


def _moment_mark() -> str:
    # A size up from the text: the diamond is a narrow glyph.
    return font(MOMENT_MARK, size=S["stage"], color=MOMENT_COLOUR, bold=True)


def _bullets(items: Sequence[Item]) -> list[str]:
    return _list(("•" for _ in items), (_item_text(item.text) for item in items))


# The words of a step's time and of a stage's, shared by the pictures.


def step_times(step: Step, t: Translate) -> list[str]:
    """How long the step takes and how long the customer then waits, where the
    journey says: ["10 min", "wait 2 d"], in the reader's language."""
    times = []
    if step.duration is not None:
        times.append(duration(t, step.duration))
    if step.wait is not None:
        times.append(t("blueprint.wait", time=duration(t, step.wait)))
    return times


def stage_time(stage: Stage, t: Translate) -> str:
    """"Time: 2 d 12 min", the stage's durations and waits added up; "" when
    none of its steps says how long it takes."""
    spent = stage.time_spent
    return "" if spent is None else t("blueprint.stage_time", time=duration(t, spent, total=True))


def _emotion_points(stage: Stage) -> list[tuple[str, int]]:
    """(column label, score): the scored steps, else the stage's own score."""
    points = [(str(n), step.score) for n, step in enumerate(stage.steps, start=1) if step.score is not None]
    if not points and stage.emotions is not None:
        points = [("", stage.emotions.score)]
    return points


def _dot(colour: str, size: int) -> Cell:
    return td("", bgcolor=colour, style="rounded", width=size, height=size, fixedsize="TRUE")


def _matrix(points: Sequence[tuple[str, int]]) -> str:
    """The dot matrix of one stage: a row per score, a column per scored step.

    Its size is fixed so that Graphviz does not stretch it to the cell and
    spread the dots apart.
    """
    gap, axis, caption = M["gap"], M["axis"], M["caption"]
    # Many scored steps get smaller dots, so that the matrix still fits its column.
    room = M["stage_width"] - 2 * (M["pad"] + 1) - axis - gap * (len(points) + 2)
    size = max(6, min(M["marker"], room // len(points)))
    rows = []
    for score in SCORES:
        cells = [td(font(_signed(score), size=S["tag"], color=P["faint"]), align="RIGHT", width=axis,
                    height=size, fixedsize="TRUE")]
        grid = P["grid_zero"] if score == 0 else P["grid"]
        cells += [_dot(theme.SCORE[score] if value == score else grid, size) for _, value in points]
        rows.append(tr(cells))
    captions = [td(font(labels.escape(label), size=S["tag"], color=P["muted"]), width=size, height=caption,
                    fixedsize="TRUE") for label, _ in points]
    rows.append(tr([td("", width=axis, height=caption, fixedsize="TRUE")] + captions))
    width = axis + size * len(points) + gap * (len(points) + 2)
    height = size * len(SCORES) + caption + gap * (len(SCORES) + 2)
    return table(rows, border=0, cellspacing=gap, cellpadding=0, fixedsize="TRUE", width=width, height=height,
                 align="LEFT", valign="TOP")


def _emotions(stage: Stage, *, feelings: bool) -> list[str]:
    points = _emotion_points(stage)
    cells = [_matrix(points) if points else ""]
    if feelings and stage.emotions is not None and stage.emotions.feelings:
        text = labels.html(", ".join(stage.emotions.feelings), M["wrap"])
        cells.append(font(text, color=P["muted"], italic=True))
    return cells


def _signed(score: int) -> str:
    return f"+{score}" if score > 0 else ("0" if score == 0 else f"−{-score}")


def _card(accent: str, parts: Sequence[str]) -> str:
    """One item as a small card with a coloured bar on its left."""
    body = td(lines(list(parts)), align="LEFT", balign="LEFT", valign="TOP", cellpadding=5, border=3, sides="L",
              color=accent)
    return table([tr([body])], border=1, color=P["card_border"], cellborder=0, cellspacing=0,
                 bgcolor=P["card_fill"])


def _tag(text: str, colour: str) -> str:
    return font(labels.escape(text.upper()), size=S["tag"], color=colour, bold=True)


def _owner(index: JourneyIndex, owner: str | None, t: Translate) -> list[str]:
    if not owner:
        return []
    text = f"{t('lane.owner')}: {index.team(owner)}"
    return [font(labels.html(text, M["meta_wrap"]), size=S["meta"], color=P["muted"])]


def _text(text: object) -> str:
    return font(labels.html(text, M["card_wrap"]), color=P["ink"])


def _pain_points(stage: Stage, t: Translate) -> list[str]:
    cards = []
    for pain in stage.pain_points:
        colour = theme.SEVERITY[pain.severity]
        cards.append(_card(colour, [_tag(t(f"severity.{pain.severity}"), colour), _text(pain.text)]))
    return cards


def _touchpoint_card(touchpoint: Touchpoint, index: JourneyIndex, t: Translate) -> str:
    colour = theme.CHANNEL[touchpoint.channel]
    kind = f"{t(f'channel.{touchpoint.channel}')}  ·  {t(f'mode.{touchpoint.effective_mode}')}"
    return _card(colour, [_tag(kind, colour), _text(touchpoint.name)] + _owner(index, touchpoint.owner, t))


def _touchpoints(stage: Stage, index: JourneyIndex, t: Translate) -> list[str]:
    return [_touchpoint_card(index.touchpoint(entry), index, t) for entry in stage.touchpoints]


def _measure(objective: Objective) -> str:
    """`metric`, then `baseline → target unit`, then the due date: what is measured by when."""
    parts = []
    if objective.metric:
        parts.append(font(labels.html(objective.metric, M["meta_wrap"]), size=S["meta"], color=P["muted"]))
    figures = ""
    if objective.target is not None:
        unit = objective.unit or ""
        target = number(objective.target) + ("" if unit in ("", "%") else " ") + unit
        figures = target if objective.baseline is None else f"{number(objective.baseline)} → {target}"
    elif objective.unit:
        figures = objective.unit
    line = font(labels.html(figures, M["card_wrap"]), color=P["stage_fill"], bold=True) if figures else ""
    if objective.due is not None:
        due = font(labels.escape(objective.due.isoformat()), size=S["meta"], color=P["muted"])
        # The date follows the figures when both fit on one line of the card.
        if line and len(figures) + 12 <= M["card_wrap"]:
            line = f"{line}   {due}"
        else:
            parts.append(line)
            line = due
    parts.append(line)
    return lines(parts)


def _objectives(stage: Stage, index: JourneyIndex, t: Translate) -> list[str]:
    cards = []
    for objective in stage.objectives:
        parts = [_text(objective.statement)]
        measure = _measure(objective)
        if measure:
            parts.append(measure)
        cards.append(_card(P["stage_fill"], parts + _owner(index, objective.owner, t)))
    return cards


def _actions(stage: Stage, index: JourneyIndex, t: Translate) -> list[str]:
    cards = []
    for action in stage.actions:
        colour = theme.STATUS[action.status]
        parts = [_tag(t(f"status.{action.status}"), colour), _text(action.title)]
        cards.append(_card(colour, parts + _owner(index, action.owner, t)))
    return cards


# Between two entries of the emotion scale: spaces of the body font.
_LEGEND_GAP = " " * 9


def _symbols_row(columns: int, t: Translate) -> str:
    """The legend of the mark of a moment of truth, under the emotion scale."""
    words = font(labels.escape(f" {t('blueprint.moment_of_truth')}"), size=S["meta"], color=P["ink"])
    return _legend(t("map.symbols"), _moment_mark() + words, columns)


def _legend(name: str, content: str, columns: int) -> str:
    """A legend row: its name in the lane column, `content` across the stages."""
    return tr([
        _lane_cell(name, 1),
        td(content, colspan=columns, bgcolor=P["background"], align="LEFT", balign="LEFT",
           cellpadding=M["pad"] + 2, border=1, sides="T", color=P["rule"]),
    ])


def _legend_row(columns: int, t: Translate) -> str:
    # Text, not a nested table: Graphviz would stretch a table across the row. The
    # entries wrap, left-aligned, when the stage columns are narrower than the scale:
    # a wider legend would widen the columns, and stretch the lists in them apart.
    room = M["stage_width"] * columns - 2 * (M["pad"] + 2)
    # Average widths of Arial: about 0.6 em for the dot, 0.5 em a character, 0.28 em a space.
    gap = len(_LEGEND_GAP) * S["body"] * 0.28
    rows: list[list[str]] = [[]]
    used = 0.0
    for score in SCORES:
        words = f" {_signed(score)}  {t(f'score.{score}')}"
        width = S["stage"] * 0.6 + S["meta"] * 0.5 * labels.display_width(words)
        if rows[-1] and used + gap + width > room:
            rows.append([])
        used = width if not rows[-1] else used + gap + width
        rows[-1].append(font("●", size=S["stage"], color=theme.SCORE[score])
                        + font(labels.escape(words), size=S["meta"], color=P["ink"]))
    return _legend(t("legend.emotions"), lines([_LEGEND_GAP.join(row) for row in rows]), columns)
