"""Ids are unique (CJ005) and every id that is used exists (CJ004)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from cjmap import navigate
from cjmap.catalogs import NOUNS, Definitions, LoadedCatalog
from cjmap.findings import Finding, Problem, Severity
from cjmap.loader import Path, Positions
from cjmap.model import Catalog, Journey
from cjmap.schema import describe
from cjmap.suggest import Suggestions, listed


def check_references(
    journey: Journey, data: Any, positions: Positions, definitions: Definitions | None = None,
    *, dangling: bool = True,
) -> list[Problem]:
    """CJ005 and CJ004 in one journey. With `definitions` (its catalogs), the
    catalogs' ids count as defined; an id the journey defines again is a
    CJ005 at the journey's, and one two of its catalogs define, a CJ005 in
    the later catalog (added to `definitions.elsewhere`)."""
    definitions = definitions or Definitions()
    problems: list[Problem] = []
    namespaces = {
        "stage": [(p, s.id) for p, s in navigate.stages(journey)],
        "persona": [(("personas", i), p.id) for i, p in enumerate(journey.personas) if not isinstance(p, str)],
        "segment": [(("segments", i), s.id) for i, s in enumerate(journey.segments)],
        "team": [(("teams", i), t.id) for i, t in enumerate(journey.teams)],
        "touchpoint": [(p, t.id) for p, t in navigate.touchpoint_definitions(journey)],
        "objective": [(p, o.id) for p, o in navigate.objectives(journey)],
        "action": [(p, a.id) for p, a in navigate.actions(journey) if a.id is not None],
    }
    for noun, defined in namespaces.items():
        problems.extend(_duplicates(noun, defined, positions))
    for noun in NOUNS:
        problems.extend(_defined_again(noun, namespaces[noun], positions, definitions))

    uses = {
        "persona": navigate.persona_references(journey),
        "segment": navigate.segment_references(journey),
        "team": navigate.owner_references(journey),
        "touchpoint": navigate.touchpoint_references(journey),
    }
    if not dangling:  # a catalog could not be read: its ids are unknown, not missing
        return problems
    for noun, used in uses.items():
        from_catalogs = [ident for _, _, ident in definitions.defined(noun)]
        known = list(dict.fromkeys([*(ident for _, ident in namespaces[noun]), *from_catalogs]))
        problems.extend(_dangling(noun, used, known, data, positions, with_catalogs=bool(journey.catalogs)))
    return problems


def check_catalog_references(catalog: Catalog, data: Any, positions: Positions) -> list[Problem]:
    """A catalog stands on its own: its ids are unique, and its segments'
    personas, its touchpoints' owners and segments are defined in it."""
    problems: list[Problem] = []
    namespaces = {noun: [((key, i), entry.id) for i, entry in enumerate(getattr(catalog, key))]
                  for noun, key in NOUNS.items()}
    for noun, defined in namespaces.items():
        problems.extend(_duplicates(noun, defined, positions))
    uses = {
        "persona": [(("segments", i, "personas", k), p) for i, s in enumerate(catalog.segments)
                    for k, p in enumerate(s.personas)],
        "team": [(("touchpoints", i, "owner"), t.owner) for i, t in enumerate(catalog.touchpoints)
                 if t.owner is not None],
        "segment": [(("touchpoints", i, "segments", k), g) for i, t in enumerate(catalog.touchpoints)
                    for k, g in enumerate(t.segments)],
    }
    for noun, used in uses.items():
        known = list(dict.fromkeys(ident for _, ident in namespaces[noun]))
        problems.extend(_dangling(noun, used, known, data, positions, in_catalog=True))
    return problems


def _defined_again(
    noun: str, own: list[tuple[Path, str]], positions: Positions, definitions: Definitions
) -> Iterator[Problem]:
    """An id a journey's catalogs already define: catalogs come first, in the
    order listed, then the journey's own definitions."""
    first: dict[str, tuple[LoadedCatalog, Path]] = {}
    for loaded, path, ident in definitions.defined(noun):
        earlier = first.get(ident)
        if earlier is None:
            first[ident] = (loaded, path)
        elif earlier[0] is not loaded:  # twice in one catalog: the catalog's own CJ005
            line, column = loaded.positions.value(path + ("id",))
            definitions.elsewhere.append(Finding(
                loaded.name, line, column, "CJ005", Severity.ERROR,
                f"the {noun} id `{ident}` is also defined in {earlier[0].name} at line "
                f"{earlier[0].line_of(earlier[1])}, and a journey lists both catalogs",
                f"keep each {noun} in one catalog",
            ))
    for path, ident in own:
        earlier = first.get(ident)
        if earlier is not None:
            line, column = positions.value(path + ("id",))
            yield Problem(
                "CJ005", line, column,
                f"the {noun} id `{ident}` is already defined in the catalog {earlier[0].name} "
                f"at line {earlier[0].line_of(earlier[1])}",
                f"use the catalog's {noun} (remove this one), or give this one its own id",
            )


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
# A catalog does not see other catalogs: what it uses, it defines.
_IN_CATALOG = {
    "persona": "under this catalog's `personas:`",
    "segment": "under this catalog's `segments:`",
    "team": "under this catalog's `teams:`",
}


def _dangling(
    noun: str,
    used: Iterable[tuple[Path, str]],
    known: list[str],
    data: Any,
    positions: Positions,
    *,
    in_catalog: bool = False,
    with_catalogs: bool = False,
) -> Iterator[Problem]:
    where_defined = _IN_CATALOG[noun] if in_catalog else _WHERE_DEFINED[noun]
    if with_catalogs:
        where_defined += ", or in one of the catalog files the journey lists"
    known_set = set(known)
    suggest = Suggestions(known)
    for path, ident in used:
        if ident in known_set:
            continue
        line, column = positions.value(path)
        match = suggest(ident)
        message = f"{describe(path, data)} names the {noun} `{ident}`, which is not defined"
        if match:
            message += f"; did you mean `{match}`?"
            hint = f"write `{match}`, or define a {noun} `{ident}` {where_defined}"
        else:
            hint = f"define a {noun} `{ident}` {where_defined}"
            if known:
                hint += "; defined: " + listed(known)
        yield Problem("CJ004", line, column, message, hint)
