"""The service blueprint: what the customer does, and what the company does in
sight and out of sight to serve them (Shostack's blueprint, as service
designers draw it).

Stages are columns, as on the journey map, and the whole grid is one Graphviz
HTML-like table, so that columns line up and the three lines cross all of
them. From top to bottom: the stage's touchpoints (when the journey names
any), the evidence the customer sees or keeps, the customer's steps, the line
of interaction, the frontstage, the line of visibility, the backstage, the
line of internal interaction and the support processes. Every lane is drawn,
empty or not: an empty lane is part of what a blueprint shows.

A step's card is edged in the colour of its score, says its touchpoint, how
long it takes and how long the customer then waits; a moment of truth has the
map's mark and colour. An action's card says who does it, with which system,
where and for how long. A stage's header adds up its steps' times.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cjmap import theme
from cjmap.i18n import Translate, duration
from cjmap.model import BlueprintAction, Journey, Stage, Step, Touchpoint
from cjmap.navigate import JourneyIndex
from cjmap.render import labels
from cjmap.render.labels import Cell, font, lines, table, td, tr
from cjmap.render.map_view import MOMENT_COLOUR, MOMENT_MARK, grid_picture, header_row, heading_rows

P = theme.PALETTE
S = theme.SIZES
B = theme.BLUEPRINT
LANE = theme.BLUEPRINT_LANE
LINES = theme.BLUEPRINT_LINES
SCORES = (2, 1, 0, -1, -2)

Column = list[str]
"""The cards of one stage in one lane, top to bottom."""

# The lanes from top to bottom, each with the line drawn above it (None: a thin rule).
LAYOUT: tuple[tuple[str, str | None], ...] = (
    ("touchpoints", None),
    ("evidence", None),
    ("customer", None),
    ("frontstage", "interaction"),
    ("backstage", "visibility"),
    ("support", "internal"),
)


def build(journey: Journey, t: Translate) -> str:
    """DOT source of the service blueprint of `journey`, its fixed words from `t`."""
    return grid_picture(journey.id, _title(journey, t), "blueprint", _grid(journey, JourneyIndex(journey), t))


def _title(journey: Journey, t: Translate) -> str:
    width = B["lane_width"] + B["stage_width"] * len(journey.stages)
    kicker = font(labels.escape(t("blueprint.title").upper()), size=S["meta"], color=P["muted"], bold=True)
    # The empty row keeps a gap between the heading and the grid.
    rows = [tr([td(kicker, align="LEFT")]), *heading_rows(journey, width), tr([td("", height=8)])]
    return table(rows, border=0, cellborder=0, cellspacing=0, cellpadding=3)


def _grid(journey: Journey, index: JourneyIndex, t: Translate) -> str:
    stages = journey.stages
    cards: dict[str, Callable[[Stage], Column]] = {
        "touchpoints": lambda stage: [_touchpoint_card(index.touchpoint(entry), t) for entry in stage.touchpoints],
        "evidence": lambda stage: [_card(LANE["evidence"]["accent"], [_text(item.text)]) for item in stage.evidence],
        "customer": lambda stage: [_step_card(n, step, index, t) for n, step in enumerate(stage.steps, start=1)],
        "frontstage": lambda stage: _action_cards("frontstage", stage.frontstage, index, t),
        "backstage": lambda stage: _action_cards("backstage", stage.backstage, index, t),
        "support": lambda stage: _action_cards("support", stage.support, index, t),
    }
    rows = [header_row(stages, index, t, B, strong_time=True)]
    for lane, line in LAYOUT:
        # The touchpoints are the map's, not a blueprint lane: drawn only when named.
        if lane == "touchpoints" and not any(stage.touchpoints for stage in stages):
            continue
        if line is not None:
            rows.append(_line_row(line, len(stages), t))
        rows += _lane_rows(lane, [cards[lane](stage) for stage in stages], t, ruled=line is None)
    rows.append(_legend_row(stages, t))
    return table(rows, border=0, cellborder=0, cellspacing=0, cellpadding=0, bgcolor=P["background"])


def _lane_cell(name: str, about: str, rows: int, *, ruled: bool) -> Cell:
    text = lines([
        font(labels.html(name, B["lane_wrap"]), size=S["lane"], color=P["lane_ink"], bold=True),
        font(labels.html(about, B["lane_wrap"] + 4), size=S["tag"], color=P["muted"]),
    ])
    rule = {"border": 1, "sides": "T", "color": P["rule"]} if ruled else {}
    return td(text, rowspan=rows, bgcolor=P["lane_fill"], width=B["lane_width"], align="LEFT", balign="LEFT",
              valign="TOP", cellpadding=B["pad"] + 2, **rule)


def _lane_rows(lane: str, columns: list[Column], t: Translate, *, ruled: bool) -> list[str]:
    """One table row per card: the n-th cards of every stage line up. `ruled`:
    a thin rule above the lane, where no blueprint line is drawn."""
    depth = max([1] + [len(column) for column in columns])
    rows = []
    for position in range(depth):
        cells = [_lane_cell(t(f"lane.{lane}"), t(f"blueprint.about.{lane}"), depth, ruled=ruled)] \
            if position == 0 else []
        sides = "TL" if position == 0 and ruled else "L"
        for column in columns:
            content = column[position] if position < len(column) else ""
            cells.append(td(content, bgcolor=LANE[lane]["fill"], width=B["stage_width"], align="LEFT",
                            balign="LEFT", valign="TOP", cellpadding=B["pad"], border=1, sides=sides,
                            color=P["rule"]))
        rows.append(tr(cells))
    return rows


def _line_row(line: str, columns: int, t: Translate) -> str:
    """A line of the blueprint across the whole width, its name under it."""
    colour = theme.BLUEPRINT_LINE_COLOUR
    name = font(labels.escape(t(f"line.{line}").upper()), size=S["meta"], color=colour, bold=True)
    return tr([td(name, colspan=columns + 1, bgcolor=P["background"], align="LEFT", valign="TOP",
                  height=B["line_height"], cellpadding=4, border=2, sides="T", color=colour,
                  style=LINES[line]["style"])])


def _card(accent: str, parts: Sequence[str], *, moment: bool = False) -> str:
    """One entry as a small card with a coloured bar on its left; a moment of
    truth's card is edged and tinted in the moment's colour."""
    body = td(lines(list(parts)), align="LEFT", balign="LEFT", valign="TOP", cellpadding=5, border=3, sides="L",
              color=accent)
    if moment:
        return table([tr([body])], border=2, color=MOMENT_COLOUR, cellborder=0, cellspacing=0,
                     bgcolor=theme.MOMENT_TINT)
    return table([tr([body])], border=1, color=P["card_border"], cellborder=0, cellspacing=0,
                 bgcolor=P["card_fill"])


def _text(text: object) -> str:
    return font(labels.html(text, B["wrap"]), color=P["ink"])


def _meta(text: str, colour: str = P["muted"], *, bold: bool = False) -> str:
    return font(labels.html(text, B["meta_wrap"]), size=S["meta"], color=colour, bold=bold)


def _signed(score: int) -> str:
    return f"+{score}" if score > 0 else ("0" if score == 0 else f"−{-score}")


def _where(touchpoint: Touchpoint) -> str:
    """The touchpoint a step or an action happens at: its name after a dot in the channel's colour."""
    return font("●", size=S["meta"], color=theme.CHANNEL[touchpoint.channel]) + " " + _meta(touchpoint.name)


def _step_card(number: int, step: Step, index: JourneyIndex, t: Translate) -> str:
    """A customer's step: its number, score and moment of truth, its text,
    where it happens, and how long it takes and then makes the customer wait."""
    top = [font(str(number), size=S["tag"], color=P["muted"], bold=True)]
    if step.score is not None:
        top.append(font("●", size=S["meta"], color=theme.SCORE[step.score])
                   + font(f" {_signed(step.score)}", size=S["tag"], color=P["muted"], bold=True))
    if step.moment_of_truth:
        words = labels.escape(t("blueprint.moment_of_truth").upper())
        top.append(font(f"{MOMENT_MARK} {words}", size=S["tag"], color=MOMENT_COLOUR, bold=True))
    parts = ["   ".join(top), _text(step.text)]
    if step.touchpoint:
        parts.append(_where(index.touchpoint(step.touchpoint)))
    if step.duration is not None:
        parts.append(_meta(duration(t, step.duration)))
    if step.wait is not None:
        parts.append(_meta(t("blueprint.wait", time=duration(t, step.wait)), theme.BLUEPRINT_WAIT, bold=True))
    accent = theme.SCORE[step.score] if step.score is not None else LANE["customer"]["accent"]
    return _card(accent, parts, moment=step.moment_of_truth)


def _action_cards(lane: str, actions: Sequence[BlueprintAction], index: JourneyIndex, t: Translate) -> Column:
    """The actions of a frontstage, backstage or support lane: each with who
    does it, the system used, where it meets the customer and how long it takes."""
    cards = []
    for action in actions:
        parts = [_text(action.text)]
        if action.owner:
            parts.append(_meta(f"{t('blueprint.owner')}: {index.team(action.owner)}"))
        if action.system:
            parts.append(_meta(f"{t('blueprint.system')}: {action.system}"))
        if action.touchpoint:
            parts.append(_where(index.touchpoint(action.touchpoint)))
        if action.duration is not None:
            parts.append(_meta(f"{t('blueprint.duration')}: {duration(t, action.duration)}"))
        cards.append(_card(LANE[lane]["accent"], parts))
    return cards


def _touchpoint_card(touchpoint: Touchpoint, t: Translate) -> str:
    """A touchpoint of the stage: its channel and mode, in the channel's colour, and its name."""
    colour = theme.CHANNEL[touchpoint.channel]
    kind = f"{t(f'channel.{touchpoint.channel}')}  ·  {t(f'mode.{touchpoint.effective_mode}')}".upper()
    return _card(colour, [font(labels.escape(kind), size=S["tag"], color=colour, bold=True), _text(touchpoint.name)])


# Between two entries of the legend: spaces of the body font.
_LEGEND_GAP = " " * 9


def _legend_row(stages: Sequence[Stage], t: Translate) -> str:
    """What the marks mean: the moment of truth, the three lines, the colours
    of scores. Entries wrap, left-aligned, rather than widen the columns."""
    # Average widths of Arial: about 0.6 em a mark, 0.5 em a character. A mark
    # and its words are one run of text where they share a colour: graphviz-pure
    # measures a character it has no width for as a space, and would set the
    # words over a long mark such as a line's.
    def entry(mark: str, colour: str, words: str, *, one_run: bool = False) -> tuple[str, float]:
        width = S["stage"] * 0.6 * len(mark) + S["meta"] * 0.5 * labels.display_width(words)
        if one_run:
            return font(labels.escape(f"{mark}  {words}"), size=S["meta"], color=colour, bold=True), width
        text = font(mark, size=S["stage"], color=colour) + font(labels.escape(f"  {words}"), size=S["meta"],
                                                              color=P["ink"])
        return text, width

    entries = [entry(MOMENT_MARK, MOMENT_COLOUR, t("blueprint.moment_of_truth"), one_run=True)]
    entries += [entry(sample["sample"] or "", theme.BLUEPRINT_LINE_COLOUR, t(f"line.{line}"), one_run=True)
                for line, sample in LINES.items()]
    entries += [entry("●", theme.SCORE[score], f"{_signed(score)} {t(f'score.{score}')}") for score in SCORES]
    room = B["stage_width"] * len(stages) - 2 * (B["pad"] + 2)
    content = labels.side_by_side(entries, room, gap=_LEGEND_GAP, gap_width=len(_LEGEND_GAP) * S["body"] * 0.28)
    name = font(labels.html(t("blueprint.legend"), B["lane_wrap"]), size=S["lane"], color=P["lane_ink"], bold=True)
    return tr([
        td(name, bgcolor=P["lane_fill"], width=B["lane_width"], align="LEFT", valign="TOP",
           cellpadding=B["pad"] + 2, border=1, sides="T", color=P["rule"]),
        td(content, colspan=len(stages), bgcolor=P["background"], align="LEFT", balign="LEFT",
           cellpadding=B["pad"] + 2, border=1, sides="T", color=P["rule"]),
    ])
