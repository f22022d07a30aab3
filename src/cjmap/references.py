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
        "persona": [(("personas", i), p.id) for i, p in enumerate(journey.personas) if not isinstance(p, str)],
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
    suggest = _Suggestions(known)
    for path, ident in used:
        if ident in known_set:
            continue
        line, column = positions.value(path)
        match = suggest(ident)
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


class _Suggestions:
    """The closest defined id for each dangling one, at a bounded cost.

    Comparing a dangling id with every defined id costs as much as the
    journey is long, so a journey with thousands of broken references would
    take quadratic time. The first comparisons, up to a budget for the whole
    file, look at every defined id (what a journey of normal size always
    gets); past it, only at the ids one deleted character away from the
    dangling one, found through an index of such deletions: every typo of
    one or two characters (a letter wrong, missing, added or swapped).
    """

    BUDGET = 20_000  # defined ids compared in full, for one kind of id in one file
    _INDEXED = 32  # longer ids are indexed whole, not by their deletions: the index stays small

    def __init__(self, known: list[str]) -> None:
        self.known = known
        self.spent = 0
        self.found: dict[str, str | None] = {}
        self._near: dict[str, list[str]] | None = None

    def __call__(self, ident: str) -> str | None:
        if ident not in self.found:
            if self.spent + len(self.known) <= self.BUDGET:
                self.spent += len(self.known)
                self.found[ident] = closest(ident, self.known)
            else:
                self.found[ident] = closest(ident, self._candidates(ident))
        return self.found[ident]

    def _candidates(self, ident: str) -> list[str]:
        if self._near is None:
            self._near = {}
            for known in self.known:
                for variant in self._deletions(known.lower()):
                    self._near.setdefault(variant, []).append(known)
        found: dict[str, None] = {}
        for variant in self._deletions(ident.lower()):
            found.update(dict.fromkeys(self._near.get(variant, ())))
        return list(found)

    @classmethod
    def _deletions(cls, word: str) -> set[str]:
        if len(word) > cls._INDEXED:
            return {word}
        return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}
