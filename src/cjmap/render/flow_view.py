"""The journey as a flow: stages from left to right, each with its touchpoints.

Each stage is a cluster: the stage on top, the touchpoints only it uses under
it. A touchpoint several stages use is drawn once, outside the clusters,
under the stage in the middle of those that use it, with an edge from every
stage that uses it. Colour tells the channel, shape the mode (online rounded,
offline square with a heavier border); the legend says which is which.

Steps are not drawn here, so neither are their moments of truth; a stage's
total time (its steps' durations and waits) is, as in the map's header.
"""

from __future__ import annotations

from collections.abc import Sequence

import graphviz

from cjmap import theme
from cjmap.i18n import Translate
from cjmap.model import Journey, Stage, Touchpoint
from cjmap.navigate import JourneyIndex
from cjmap.render import labels
from cjmap.render.labels import font, lines, table, td, tr
from cjmap.render.map_view import heading_rows, stage_time

P = theme.PALETTE
S = theme.SIZES
F = theme.FLOW


def build(journey: Journey, t: Translate) -> str:
    """DOT source of the flow view of `journey`, its fixed words from `t`."""
    index = JourneyIndex(journey)
    used = [_stage_touchpoints(stage, index) for stage in journey.stages]
    users: dict[str, list[int]] = {}
    for number, touchpoints in enumerate(used):
        for touchpoint in touchpoints:
            users.setdefault(touchpoint.id, []).append(number)
    ids = {touchpoint_id: f"tp{n}" for n, touchpoint_id in enumerate(users)}

    graph = graphviz.Digraph(
        name=journey.id,
        graph_attr={
            "rankdir": "LR",
            "newrank": "true",
            "compound": "true",
            "fontname": theme.FONT,
            "bgcolor": P["background"],
            "pad": "0.35",
            "nodesep": "0.3",
            "ranksep": "0.55",
            "labelloc": "t",
            "labeljust": "l",
            "label": "<" + _heading(journey, used, t) + ">",
        },
        node_attr={
            "shape": "box",
            "fontname": theme.FONT,
            "fontsize": str(S["body"]),
            "width": "0.5",
            "margin": "0.14,0.09",
        },
        edge_attr={"color": P["edge"], "arrowsize": "0.6", "penwidth": "1.1"},
    )

    stage_lines = [_stage_lines(stage, n + 1, index, t) for n, stage in enumerate(journey.stages)]
    # Stage boxes of one height keep the clusters' tops in line.
    stage_height = max(_height(parts) for parts in stage_lines)
    shared = {tp_id: numbers for tp_id, numbers in users.items() if len(numbers) > 1}
    below: dict[int, list[str]] = {}  # the shared touchpoints drawn under each stage, by id
    for touchpoint_id, numbers in shared.items():
        below.setdefault(numbers[(len(numbers) - 1) // 2], []).append(touchpoint_id)

    for number, touchpoints in enumerate(used):
        stage_node = f"stage{number}"
        own = [tp for tp in touchpoints if tp.id not in shared]
        with graph.subgraph(name=f"cluster_{stage_node}") as cluster:
            cluster.attr(label="", style="rounded,filled", fillcolor=P["cluster_fill"],
                         color=P["cluster_border"], margin="12")
            cluster.node(stage_node, label="<" + _stage_label(stage_lines[number], stage_height) + ">",
                         style="rounded,filled", fillcolor=P["stage_fill"], color=P["stage_fill"])
            for touchpoint in own:
                cluster.node(ids[touchpoint.id], **_touchpoint_node(touchpoint, index, t))
            _column(cluster, [stage_node] + [ids[tp.id] for tp in own])
        if number in below:
            # Only this stage's list: looking through every shared touchpoint for
            # each stage made the view quadratic.
            for touchpoint_id in below[number]:
                graph.node(ids[touchpoint_id], **_touchpoint_node(index.touchpoint(touchpoint_id), index, t))
            # Under the stage's own touchpoints, outside its cluster.
            last = ids[own[-1].id] if own else stage_node
            _column(graph, [last] + [ids[touchpoint_id] for touchpoint_id in below[number]], keep=[stage_node])

    for number in range(len(journey.stages) - 1):
        graph.edge(f"stage{number}", f"stage{number + 1}", color=P["flow_edge"], penwidth="2.2",
                   arrowsize="0.9", weight="10")
    for touchpoint_id, numbers in shared.items():
        colour = theme.CHANNEL[index.touchpoint(touchpoint_id).channel]
        for number in numbers:
            graph.edge(f"stage{number}", ids[touchpoint_id], ltail=f"cluster_stage{number}",
                       constraint="false", color=colour)
    return graph.source


def _column(graph: graphviz.Digraph, names: list[str], *, keep: Sequence[str] = ()) -> None:
    """Put `names` (and `keep`) in one rank, which LR draws as a column, top to bottom."""
    with graph.subgraph() as rank:
        rank.attr(rank="same")
        for name in [*keep, *names]:
            rank.node(name)
    # An edge between nodes of one rank puts its head above its tail.
    for upper, lower in zip(names, names[1:]):
        graph.edge(lower, upper, style="invis")


def _stage_touchpoints(stage: Stage, index: JourneyIndex) -> list[Touchpoint]:
    """The stage's touchpoints as definitions, each once, in the author's order."""
    seen: dict[str, Touchpoint] = {}
    for entry in stage.touchpoints:
        touchpoint = index.touchpoint(entry)
        seen.setdefault(touchpoint.id, touchpoint)
    return list(seen.values())


def _stage_lines(stage: Stage, position: int, index: JourneyIndex, t: Translate) -> list[tuple[str, float]]:
    """The lines of a stage's label, each with its font size."""
    kicker = str(position)
    if stage.phase:
        kicker += "  ·  " + t(f"phase.{stage.phase}").upper()
    parts = [(labels.escape(kicker), S["tag"])]
    parts += [(labels.escape(line), S["stage"]) for line in labels.wrap(stage.name, F["stage_wrap"])]
    if stage.owner:
        owner = f"{t('lane.owner')}: {index.team(stage.owner)}"
        parts += [(labels.escape(line), S["meta"]) for line in labels.wrap(owner, F["touchpoint_wrap"] + 4)]
    time = stage_time(stage, t)
    if time:
        parts.append((labels.escape(time), S["meta"]))
    return parts


def _stage_label(parts: list[tuple[str, float]], height: float) -> str:
    colours = {S["tag"]: P["stage_meta"], S["stage"]: P["stage_ink"], S["meta"]: P["stage_meta"]}
    text = lines([font(line, size=size, color=colours[size], bold=size != S["meta"]) for line, size in parts])
    return _box(text, height=height)


def _height(parts: list[tuple[str, float]]) -> float:
    """Points a label's lines take: Graphviz gives each line 1.2 times its font size."""
    return sum(size * 1.2 for _, size in parts)


def _box(text: str, *, height: float | None = None) -> str:
    """Label text in a fixed-width block, so that every node of a kind has one width."""
    cell = td(text, width=F["text_width"], height=height and round(height + 1), align="LEFT", balign="LEFT",
              valign="TOP")
    return table([tr([cell])], border=0, cellborder=0, cellspacing=0, cellpadding=0)


def _touchpoint_node(touchpoint: Touchpoint, index: JourneyIndex, t: Translate) -> dict[str, str]:
    colour = theme.CHANNEL[touchpoint.channel]
    mode = touchpoint.effective_mode
    kind = f"{t(f'channel.{touchpoint.channel}')}  ·  {t(f'mode.{mode}')}".upper()
    parts = [
        font(labels.escape(kind), size=S["tag"], color=colour, bold=True),
        font(labels.html(touchpoint.name, F["touchpoint_wrap"]), color=P["ink"]),
    ]
    if touchpoint.owner:
        owner = f"{t('lane.owner')}: {index.team(touchpoint.owner)}"
        parts.append(font(labels.html(owner, F["touchpoint_wrap"] + 6), size=S["meta"], color=P["muted"]))
    return {
        "label": "<" + _box(lines(parts)) + ">",
        "fillcolor": theme.CHANNEL_TINT[touchpoint.channel],
        "color": colour,
        **theme.MODE_STYLE[mode],
    }


def _heading(journey: Journey, used: Sequence[Sequence[Touchpoint]], t: Translate) -> str:
    """Title, description and the legend of channels and modes, above the flow."""
    # A stage's cluster is about the text width plus margins and the gap between ranks.
    rows = heading_rows(journey, (F["text_width"] + 80) * len(journey.stages))
    channels = []
    for touchpoints in used:
        for touchpoint in touchpoints:
            if touchpoint.channel not in channels:
                channels.append(touchpoint.channel)
    modes = sorted({tp.effective_mode for touchpoints in used for tp in touchpoints}, reverse=True)
    if channels:
        rows.append(tr([td(_legend(channels, modes, t), align="LEFT")]))
    return table(rows, border=0, cellborder=0, cellspacing=0, cellpadding=3)


def _legend(channels: Sequence[str], modes: Sequence[str], t: Translate) -> str:
    heading = font(labels.escape(t("legend.channels")), size=S["meta"], color=P["muted"], bold=True)
    cells = [td(heading, align="LEFT", cellpadding=4)]
    for channel in channels:
        text = font(labels.escape(t(f"channel.{channel}")), size=S["meta"], color=P["ink"])
        cells.append(td(text, bgcolor=theme.CHANNEL_TINT[channel], color=theme.CHANNEL[channel], border=1,
                        style="rounded", cellpadding=4))
    cells.append(td("", width=14))
    for mode in modes:
        text = font(labels.escape(t(f"mode.{mode}")), size=S["meta"], color=P["ink"])
        style = {"style": "rounded", "border": 1} if mode == "online" else {"border": 2}
        cells.append(td(text, bgcolor=P["background"], color=P["muted"], cellpadding=4, **style))
    return table([tr(cells)], border=0, cellborder=0, cellspacing=5, cellpadding=0)
