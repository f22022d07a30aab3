"""Ids are unique (CJ005) and every id that is used exists (CJ004)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from cjmap import navigate
from cjmap.findings import Problem
from cjmap.loader import Path, Positions
from cjmap.model import Journey
from cjmap.schema import describe
from cjmap.suggest import closest


def check_references(journey: Journey, data: Any, positions: Positions) -> list[Problem]:
    problems: list[Problem] = []
    namespaces = {
        "stage": [(p, s.id) for p, s in navigate.stages(journey)],
        "persona": [(("personas", i), p.id) for i, p in enumerate(journey.personas)],
        "segment": [(("segments", i), s.id) for i, s in enumerate(journey.segments)],
        "team": [(("teams", i), t.id) for i, t in enumerate(journey.teams)],
        "touchpoint": [(p, t.id) for p, t in navigate.touchpoint_definitions(journey)],
        "objective": [(p, o.id) for p, o in navigate.objectives(journey)],
        "action": [(p, a.id) for p, a in navigate.actions(journey) if a.id is not None],
    }
    for noun, defined in namespaces.items():
        problems.extend(_duplicates(noun, defined, positions))

    uses = {
        "persona": navigate.persona_references(journey),
        "segment": navigate.segment_references(journey),
        "team": navigate.owner_references(journey),
        "touchpoint": navigate.touchpoint_references(journey),
    }
    for noun, used in uses.items():
        known = list(dict.fromkeys(ident for _, ident in namespaces[noun]))
        problems.extend(_dangling(noun, used, known, data, positions))
    return problems


def _duplicates(
    noun: str, defined: list[tuple[Path, str]], positions: Positions
) -> Iterator[Problem]:
    first_seen: dict[str, Path] = {}
    for path, ident in defined:
        if ident in first_seen:
            line, column = positions.value(path + ("id",))
            first_line = positions.value(first_seen[ident] + ("id",))[0]
            yield Problem(
                "CJ005", line, column,
                f"the {noun} id `{ident}` is used twice (first at line {first_line})",
                f"give each {noun} its own id",
            )
        else:
            first_seen[ident] = path


_WHERE_DEFINED = {
    "persona": "under `personas:`",
    "segment": "under `segments:`",
    "team": "under `teams:`",
    "touchpoint": "in the `touchpoints:` catalog or inline in a stage",
}


def _dangling(
    noun: str,
    used: Iterable[tuple[Path, str]],
    known: list[str],
    data: Any,
    positions: Positions,
) -> Iterator[Problem]:
    known_set = set(known)
    for path, ident in used:
        if ident in known_set:
            continue
        line, column = positions.value(path)
        match = closest(ident, known)
        message = f"{describe(path, data)} names the {noun} `{ident}`, which is not defined"
        if match:
            message += f"; did you mean `{match}`?"
            hint = f"write `{match}`, or define a {noun} `{ident}` {_WHERE_DEFINED[noun]}"
        else:
            hint = f"define a {noun} `{ident}` {_WHERE_DEFINED[noun]}"
            if known:
                hint += "; defined: " + ", ".join(f"`{k}`" for k in known[:8])
                hint += ", …" if len(known) > 8 else ""
        yield Problem("CJ004", line, column, message, hint)
