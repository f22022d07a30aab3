"""Where things are in a journey: each entity together with its path.

Paths are the keys and indexes that lead to a value in the parsed document;
the loader's Positions turn them into line and column. Checks walk the
journey through these iterators so that every finding knows where it points.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjmap.loader import Path
from cjmap.model import (
    ACTION_LANES,
    TEXT_LANES,
    Action,
    BlueprintAction,
    Journey,
    Objective,
    Persona,
    Stage,
    Touchpoint,
)


def stages(journey: Journey) -> Iterator[tuple[Path, Stage]]:
    for index, stage in enumerate(journey.stages):
        yield ("stages", index), stage


def touchpoint_definitions(journey: Journey) -> Iterator[tuple[Path, Touchpoint]]:
    """Every touchpoint mapping: the catalog first, then those defined in stages."""
    for index, touchpoint in enumerate(journey.touchpoints):
        yield ("touchpoints", index), touchpoint
    for path, stage in stages(journey):
        for index, entry in enumerate(stage.touchpoints):
            if isinstance(entry, Touchpoint):
                yield path + ("touchpoints", index), entry


def objectives(journey: Journey) -> Iterator[tuple[Path, Objective]]:
    for path, stage in stages(journey):
        for index, objective in enumerate(stage.objectives):
            yield path + ("objectives", index), objective


def actions(journey: Journey) -> Iterator[tuple[Path, Action]]:
    for path, stage in stages(journey):
        for index, action in enumerate(stage.actions):
            yield path + ("actions", index), action


def blueprint_actions(journey: Journey) -> Iterator[tuple[Path, BlueprintAction]]:
    """Every action of the frontstage, backstage and support lanes."""
    for path, stage in stages(journey):
        for lane in ACTION_LANES:
            for index, action in enumerate(getattr(stage, lane)):
                yield path + (lane, index), action


def owner_references(journey: Journey) -> Iterator[tuple[Path, str]]:
    """Every `owner` value, with the path of that value."""
    if journey.owner is not None:
        yield ("owner",), journey.owner
    for path, stage in stages(journey):
        if stage.owner is not None:
            yield path + ("owner",), stage.owner
    for group in (touchpoint_definitions, objectives, actions, blueprint_actions):
        for path, entity in group(journey):
            if entity.owner is not None:
                yield path + ("owner",), entity.owner


def segment_references(journey: Journey) -> Iterator[tuple[Path, str]]:
    """Every segment id listed in a `segments` list, with its path."""
    for path, stage in stages(journey):
        for lane in TEXT_LANES:
            for index, item in enumerate(getattr(stage, lane)):
                for k, segment in enumerate(item.segments):
                    yield path + (lane, index, "segments", k), segment
    for group in (touchpoint_definitions, actions):
        for path, entity in group(journey):
            for k, segment in enumerate(entity.segments):
                yield path + ("segments", k), segment


def touchpoint_references(journey: Journey) -> Iterator[tuple[Path, str]]:
    """Every touchpoint id used by a stage, a step or an action."""
    for path, stage in stages(journey):
        for index, entry in enumerate(stage.touchpoints):
            if isinstance(entry, str):
                yield path + ("touchpoints", index), entry
        for index, step in enumerate(stage.steps):
            if step.touchpoint is not None:
                yield path + ("steps", index, "touchpoint"), step.touchpoint
    for group in (actions, blueprint_actions):
        for path, action in group(journey):
            if action.touchpoint is not None:
                yield path + ("touchpoint",), action.touchpoint


def persona_list(journey: Journey) -> list[Persona]:
    """The journey's personas, each a Persona: an id that names a catalog's persona
    stands in as a persona named by its id, until that persona is looked up."""
    return [Persona(id=p, name=p) if isinstance(p, str) else p for p in journey.personas]


def persona_references(journey: Journey) -> Iterator[tuple[Path, str]]:
    """Every persona id used: one listed under `personas`, or in a segment's `personas`."""
    for index, persona in enumerate(journey.personas):
        if isinstance(persona, str):
            yield ("personas", index), persona
    for index, segment in enumerate(journey.segments):
        for k, persona in enumerate(segment.personas):
            yield ("segments", index, "personas", k), persona


class JourneyIndex:
    """Names behind the ids a journey uses: teams and touchpoints."""

    def __init__(self, journey: Journey) -> None:
        self._teams = {team.id: team.name for team in journey.teams}
        self._touchpoints: dict[str, Touchpoint] = {}
        for _, touchpoint in touchpoint_definitions(journey):
            self._touchpoints.setdefault(touchpoint.id, touchpoint)

    def team(self, team_id: str) -> str:
        return self._teams.get(team_id, team_id)

    def touchpoint(self, entry: Touchpoint | str) -> Touchpoint:
        """The definition of a stage's touchpoint, which may be a reference by id."""
        if isinstance(entry, Touchpoint):
            return entry
        found = self._touchpoints.get(entry)
        if found is not None:
            return found
        # A dangling id (the journey did not validate): draw it as what we know.
        return Touchpoint.model_construct(id=entry, name=entry, channel="other", mode=None, owner=None,
                                          segments=[], description=None)
