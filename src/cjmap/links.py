"""Links between the journeys of a workspace, and journey ids across files.

A stage or a step may link to another journey (`first-90-days`) or to one of
its stages (`first-90-days#welcome-call`). Whether that journey exists is a
question about the whole workspace, not about one file, so the check runs
after every journey of the run is read (`cjmap.workspace_checks`), from what
each journey's own check noted of it (`JourneyFacts`) and, for the journeys
the run did not read, from the workspace's index (`cjmap.journey_index`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cjmap.findings import Problem
from cjmap.loader import Positions
from cjmap.model import Journey
from cjmap.schema import describe_owner
from cjmap.suggest import Suggestions, listed

if TYPE_CHECKING:
    from cjmap.suppressions import Suppression


@dataclass(frozen=True, slots=True)
class LinkAt:
    """One link as written, where it is, and what links (`stage 'pay'`)."""

    target: str  # `journey` or `journey#stage`
    line: int
    column: int
    where: str

    @property
    def journey(self) -> str:
        return self.target.partition("#")[0]

    @property
    def stage(self) -> str | None:
        return self.target.partition("#")[2] or None


@dataclass(frozen=True, slots=True)
class JourneyFacts:
    """What the workspace checks need to know of one journey, noted while it
    is checked (and small enough to travel back from a worker process)."""

    id: str
    line: int  # where the `id` value starts: workspace findings point there
    column: int
    stage_ids: tuple[str, ...]
    links: tuple[LinkAt, ...]
    # The catalog entries it uses, as (catalog real path, noun, id): CJ201.
    uses: frozenset[tuple[str, str, str]] = frozenset()
    # Its comments that may silence a workspace rule's finding in it.
    suppressions: tuple[Suppression, ...] = ()
    # The source lines a workspace finding may point at (its id, its links),
    # for the caret display once the source itself is gone.
    excerpts: dict[int, str] = field(default_factory=dict)

    @property
    def linked_journeys(self) -> set[str]:
        return {link.journey for link in self.links}


def facts_of(
    journey: Journey, data: object, positions: Positions, *,
    uses: frozenset[tuple[str, str, str]] = frozenset(), suppressions: tuple[Suppression, ...] = (),
    excerpt: Callable[[int], str | None] = lambda _line: None,
) -> JourneyFacts:
    line, column = positions.value(("id",))
    links = []
    for index, stage in enumerate(journey.stages):
        at = ("stages", index)
        links.extend(_links_at(at, stage.links, data, positions))
        for number, step in enumerate(stage.steps):
            links.extend(_links_at(at + ("steps", number), step.links, data, positions))
    lines = {n: text for n in {line, *(link.line for link in links)} if (text := excerpt(n)) is not None}
    return JourneyFacts(journey.id, line, column, tuple(s.id for s in journey.stages), tuple(links), uses,
                        suppressions, lines)


def _links_at(path: tuple[object, ...], targets: list[str], data: object, positions: Positions) -> Iterator[LinkAt]:
    where = describe_owner(path, data)  # type: ignore[arg-type]
    for index, target in enumerate(targets):
        line, column = positions.value(path + ("links", index))  # type: ignore[operator]
        yield LinkAt(target, line, column, where)


@dataclass(frozen=True, slots=True)
class KnownJourney:
    """A journey of the workspace as links see it: its id, its stages, the
    journeys it links to, and where it is (its file as messages name it, and
    the line of its id)."""

    id: str
    stage_ids: tuple[str, ...]
    name: str
    line: int
    links: frozenset[str] = frozenset()


def dangling_links(facts: JourneyFacts, known: dict[str, list[KnownJourney]]) -> Iterator[Problem]:
    """CJ004 at each link whose journey, or stage, the workspace does not
    have, with the closest id (found at a bounded cost, however many links)."""
    ids = sorted(known)
    nearest_journey = Suggestions(ids)
    nearest_stage: dict[str, Suggestions] = {}
    for link in facts.links:
        journeys = known.get(link.journey)
        if not journeys:
            match = nearest_journey(link.journey)
            message = f"{link.where} links to the journey `{link.journey}`, which is not in this workspace"
            if match:
                yield Problem("CJ004", link.line, link.column, message + f"; did you mean `{match}`?",
                              f"write `{_with_stage(match, link.stage)}`, or add a journey with "
                              f"`id: {link.journey}` to the workspace")
            else:
                yield Problem("CJ004", link.line, link.column, message,
                              "link to the `id` of a journey of this workspace (a `*.journey.yaml` file under "
                              "its root folder)" + _there_are(ids))
            continue
        stages = list(dict.fromkeys(s for journey in journeys for s in journey.stage_ids))
        if link.stage is None or link.stage in stages:
            continue
        match = nearest_stage.setdefault(link.journey, Suggestions(stages))(link.stage)
        message = (f"{link.where} links to the stage `{link.stage}` of the journey `{link.journey}`, "
                   f"which has no such stage")
        if match:
            yield Problem("CJ004", link.line, link.column, message + f"; did you mean `{match}`?",
                          f"write `{link.journey}#{match}`")
        else:
            yield Problem("CJ004", link.line, link.column, message,
                          f"link to the journey alone (`{link.journey}`), or to one of its stages" + _there_are(stages))


def _with_stage(journey: str, stage: str | None) -> str:
    return journey if stage is None else f"{journey}#{stage}"


def _there_are(ids: list[str]) -> str:
    return "; there are: " + listed(ids) if ids else ""


def duplicate_id(facts: JourneyFacts, first: KnownJourney) -> Problem:
    """CJ005 at the id of a journey whose id an earlier journey of the workspace has."""
    return Problem(
        "CJ005", facts.line, facts.column,
        f"the journey id `{facts.id}` is already the id of {first.name} (line {first.line})",
        "give each journey of a workspace its own id: links name journeys by it",
    )
