"""The portfolio: every journey of a workspace in one picture.

Journeys are boxes (title, id, number of stages, owner), from left to right
as their links lead. A link is an arrow from the journey that holds it to
the journey it names; the links between two journeys are one arrow, labelled
with how many there are when more than one and with the names of the stages
they point at. A link to a journey that is not in the picture (its structure
is broken, it lies outside the folder drawn, or no journey has its id) is a
dashed arrow to a dashed box named by the id: the picture never hides where
a journey hands over to.

Personas and teams that several journeys share are drawn once, personas on
the left of their journeys and teams on the right, each joined to every
journey that uses it. A persona or team used by one journey alone is not
drawn (its journey's owner is in the journey's box). So that a workspace of
many journeys stays readable, these joins are bounded: a persona or team
used by more than FANOUT journeys, and, once the joins would pass
`join_budget`, those used by the most journeys, are listed in a table above
the picture with the number of journeys that use them instead.

A journey uses a persona when it lists it under `personas`, and a team when
an `owner` anywhere in it names the team (its catalogs' touchpoints
included). Ids say what is the same persona or team across journeys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import graphviz

from cjmap import theme
from cjmap.i18n import Translate
from cjmap.model import Journey
from cjmap.navigate import owner_references, persona_list
from cjmap.render import labels
from cjmap.render.labels import font, lines, table, td, tr

P = theme.PALETTE
S = theme.SIZES

NAME = "portfolio"
"""What the picture's file is named after: `portfolio.svg`."""

FANOUT = 6
"""The most journeys one persona or team is joined to; one used more is listed."""

STAGES_SHOWN = 3
"""The most stage names one arrow is labelled with; the others are counted."""

TEXT_WIDTH = 170
"""Points of text in a journey's box: every journey box has one width."""
TITLE_WRAP = 26
NAME_WRAP = 24

KINDS = ("persona", "team")
MARK = "●"
COLOUR = {"persona": "#9d174d", "team": "#047857"}
TINT = {"persona": "#fdf2f8", "team": "#ecfdf5"}


def join_budget(journeys: int) -> int:
    """The most persona and team joins drawn for a portfolio of `journeys`:
    about two per journey, so the joins never outnumber what they join."""
    return max(12, 2 * journeys)


@dataclass(slots=True)
class Arrow:
    """Every link from one journey to another, as one arrow."""

    source: int  # the linking journey's position
    target: str  # the id of the journey linked to
    head: int | None  # its position, or None when it is not in the picture
    count: int = 0
    stages: list[str] = field(default_factory=list)  # the names of the stages linked to, each once


@dataclass(slots=True)
class Shared:
    """A persona or a team, and the journeys that use it."""

    kind: str  # "persona" or "team"
    id: str
    name: str
    users: list[int] = field(default_factory=list)  # journey positions


@dataclass(slots=True)
class Portfolio:
    """What the picture shows, before it is drawn."""

    journeys: list[Journey]
    arrows: list[Arrow]
    missing: list[str]  # ids linked to that no journey of the picture has
    joined: list[Shared]  # drawn, with a join to each journey that uses it
    listed: list[Shared]  # used by too many journeys to join: in the table


def portfolio(journeys: Sequence[Journey]) -> Portfolio:
    """The journeys, their links merged into arrows, and what they share."""
    journeys = list(journeys)
    position: dict[str, int] = {}
    for number, journey in enumerate(journeys):
        position.setdefault(journey.id, number)
    arrows: dict[tuple[int, str], Arrow] = {}
    missing: list[str] = []
    for number, journey in enumerate(journeys):
        for link in _links(journey):
            target, _, stage_id = link.partition("#")
            arrow = arrows.setdefault((number, target), Arrow(number, target, position.get(target)))
            arrow.count += 1
            if arrow.head is None and target not in missing:
                missing.append(target)
            if stage_id:
                # A stage of a journey not in the picture is shown by its id.
                name = stage_id if arrow.head is None else _stage_name(journeys[arrow.head], stage_id)
                if name not in arrow.stages:
                    arrow.stages.append(name)
    joined, listed = _bounded([entity for entity in _shared(journeys) if len(entity.users) > 1], len(journeys))
    return Portfolio(journeys, list(arrows.values()), missing, joined, listed)


def _links(journey: Journey) -> list[str]:
    """Every link of the journey, in the order written: each stage's, then its steps'."""
    found: list[str] = []
    for stage in journey.stages:
        found += stage.links
        for step in stage.steps:
            found += step.links
    return found


def _stage_name(journey: Journey, stage_id: str) -> str:
    """The name of a stage, or its id when the journey has no such stage."""
    return next((stage.name for stage in journey.stages if stage.id == stage_id), stage_id)


def _shared(journeys: Sequence[Journey]) -> list[Shared]:
    """Every persona and team the journeys use, in the order first met."""
    found: dict[tuple[str, str], Shared] = {}

    def use(kind: str, ident: str, name: str, number: int) -> None:
        entity = found.setdefault((kind, ident), Shared(kind, ident, name))
        if number not in entity.users:
            entity.users.append(number)

    for number, journey in enumerate(journeys):
        for persona in persona_list(journey):
            use("persona", persona.id, persona.name, number)
        teams = {team.id: team.name for team in journey.teams}
        for _, team_id in owner_references(journey):
            use("team", team_id, teams.get(team_id, team_id), number)
    return list(found.values())


def _bounded(shared: list[Shared], journeys: int) -> tuple[list[Shared], list[Shared]]:
    """Those joined to their journeys and those listed: the least used are
    joined first, while they stay within FANOUT and the budget."""
    budget = join_budget(journeys)
    joined: list[Shared] = []
    for entity in sorted(shared, key=lambda entity: len(entity.users)):  # stable: first met first
        if len(entity.users) > FANOUT or len(entity.users) > budget:
            break
        budget -= len(entity.users)
        joined.append(entity)
    kept = {id(entity) for entity in joined}
    return ([entity for entity in shared if id(entity) in kept],
            [entity for entity in shared if id(entity) not in kept])


# --- drawing --------------------------------------------------------------------


def build(journeys: Sequence[Journey], t: Translate) -> str:
    """DOT source of the portfolio of `journeys`, its fixed words from `t`."""
    drawn = portfolio(journeys)
    graph = graphviz.Digraph(
        name=NAME,
        graph_attr={
            "rankdir": "LR",
            "newrank": "true",
            "fontname": theme.FONT,
            "bgcolor": P["background"],
            "pad": "0.35",
            "nodesep": "0.25",
            "ranksep": "0.6",
            "labelloc": "t",
            "labeljust": "l",
            "label": "<" + _heading(drawn, t) + ">",
        },
        node_attr={"shape": "box", "fontname": theme.FONT, "fontsize": str(S["body"]), "margin": "0.14,0.09"},
        edge_attr={"fontname": theme.FONT, "fontsize": str(S["meta"]), "arrowsize": "0.7"},
    )
    for number, journey in enumerate(drawn.journeys):
        graph.node(f"journey{number}", label="<" + _journey_label(journey, t) + ">", style="rounded,filled",
                   fillcolor=P["stage_fill"], color=P["stage_fill"])
    missing = {ident: f"missing{n}" for n, ident in enumerate(drawn.missing)}
    for ident, node in missing.items():
        graph.node(node, label="<" + _missing_label(ident, t) + ">", style="rounded,dashed", color=P["faint"])
    numbers = dict.fromkeys(KINDS, 0)
    for entity in drawn.joined:
        node = f"{entity.kind}{numbers[entity.kind]}"
        numbers[entity.kind] += 1
        graph.node(node, label="<" + _shared_label(entity, t) + ">", color=COLOUR[entity.kind],
                   fillcolor=TINT[entity.kind], style="rounded,filled" if entity.kind == "persona" else "filled")
        for number in entity.users:
            # Personas stand left of the journeys they walk, teams right of those they serve.
            ends = (node, f"journey{number}") if entity.kind == "persona" else (f"journey{number}", node)
            graph.edge(*ends, color=COLOUR[entity.kind], arrowhead="none", penwidth="0.8")
    for arrow in drawn.arrows:
        head = missing[arrow.target] if arrow.head is None else f"journey{arrow.head}"
        style = {"style": "dashed", "color": P["faint"]} if arrow.head is None else {"color": P["flow_edge"]}
        label = _arrow_label(arrow, t)
        graph.edge(f"journey{arrow.source}", head, penwidth="1.6", **style,
                   **({"label": "<" + label + ">"} if label else {}))
    return graph.source


def _box(text: str) -> str:
    """Label text in a fixed-width block, so that every journey box has one width."""
    cell = td(text, width=TEXT_WIDTH, align="LEFT", balign="LEFT", valign="TOP")
    return table([tr([cell])], border=0, cellborder=0, cellspacing=0, cellpadding=0)


def _journey_label(journey: Journey, t: Translate) -> str:
    count = len(journey.stages)
    stages = t("portfolio_view.stages.one" if count == 1 else "portfolio_view.stages.other", n=str(count))
    parts = [
        font(labels.escape(f"{journey.id}  ·  {stages}"), size=S["tag"], color=P["stage_meta"], bold=True),
        font(labels.html(journey.title, TITLE_WRAP), size=S["stage"], color=P["stage_ink"], bold=True),
    ]
    if journey.owner:
        owner = next((team.name for team in journey.teams if team.id == journey.owner), journey.owner)
        text = labels.html(f"{t('lane.owner')}: {owner}", TITLE_WRAP + 6)
        parts.append(font(text, size=S["meta"], color=P["stage_meta"]))
    return _box(lines(parts))


def _shared_label(entity: Shared, t: Translate) -> str:
    kind = font(labels.escape(t(f"portfolio_view.{entity.kind}").upper()), size=S["tag"], color=COLOUR[entity.kind],
                bold=True)
    return lines([kind, font(labels.html(entity.name, NAME_WRAP), color=P["ink"])])


def _missing_label(ident: str, t: Translate) -> str:
    return lines([
        font(labels.escape(ident), color=P["muted"], bold=True),
        font(labels.escape(t("portfolio_view.missing")), size=S["meta"], color=P["muted"], italic=True),
    ])


def _arrow_label(arrow: Arrow, t: Translate) -> str:
    """How many links the arrow stands for, when more than one, and the
    stages they point at."""
    parts = [font(labels.escape(t("portfolio_view.links", n=str(arrow.count))), color=P["muted"], bold=True)
             if arrow.count > 1 else ""]
    parts += [font(labels.html(name, NAME_WRAP), color=P["ink"]) for name in arrow.stages[:STAGES_SHOWN]]
    if len(arrow.stages) > STAGES_SHOWN:
        more = t("portfolio_view.more", n=str(len(arrow.stages) - STAGES_SHOWN))
        parts.append(font(labels.escape(more), color=P["muted"]))
    return lines(parts)


def _heading(drawn: Portfolio, t: Translate) -> str:
    """The title, the legend, and the personas and teams too widely used to join."""
    title = font(labels.escape(t("portfolio_view.title")), size=S["title"], color=P["ink"], bold=True)
    rows = [tr([td(title, align="LEFT")]), tr([td(_legend(drawn, t), align="LEFT")])]
    if drawn.listed:
        rows.append(tr([td(_listed(drawn, t), align="LEFT")]))
    rows.append(tr([td("", height=6)]))
    return table(rows, border=0, cellborder=0, cellspacing=0, cellpadding=3)


def _legend(drawn: Portfolio, t: Translate) -> str:
    """One line of text (a table would stretch to the heading's width): a
    dot in each colour, and what it stands for."""
    keys = [(P["stage_fill"], t("portfolio_view.journey"))]
    keys += [(COLOUR[kind], t(f"portfolio_view.{kind}")) for kind in KINDS
             if any(entity.kind == kind for entity in drawn.joined)]
    if drawn.missing:
        keys.append((P["faint"], t("portfolio_view.missing")))
    return "     ".join(font(MARK, color=colour) + " " + font(labels.escape(word), size=S["meta"], color=P["muted"])
                        for colour, word in keys)


def _listed(drawn: Portfolio, t: Translate) -> str:
    """A table of the personas and teams used by too many journeys to join."""
    heading = font(labels.escape(t("portfolio_view.widely")), size=S["meta"], color=P["muted"], bold=True)
    rows = [tr([td(heading, align="LEFT", colspan=3)])]
    total = str(len(drawn.journeys))
    for entity in drawn.listed:
        kind = font(labels.escape(t(f"portfolio_view.{entity.kind}").upper()), size=S["tag"],
                    color=COLOUR[entity.kind], bold=True)
        name = font(labels.html(entity.name, NAME_WRAP * 2), size=S["meta"], color=P["ink"])
        used = font(labels.escape(t("portfolio_view.used_by", n=str(len(entity.users)), total=total)),
                    size=S["meta"], color=P["muted"])
        rows.append(tr([td(kind, align="LEFT", bgcolor=TINT[entity.kind]), td(name, align="LEFT", balign="LEFT"),
                        td(used, align="LEFT")]))
    return table(rows, border=0, cellborder=0, cellspacing=0, cellpadding=3)
