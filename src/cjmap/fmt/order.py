"""The canonical key order: FORMAT.md's, which is the field order of the models.

A journey's top mapping is a Journey, a catalog's a Catalog (`root_kind`).

Each mapping's kind follows from where it sits (a mapping in `stages` is a
stage, one in a stage's `needs` is an item...). Keys the format does not know
keep their place after the known ones, so a file with a typo still formats.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel

from cjmap import model

# (kind of the mapping, key) → kind of the mappings found under that key.
_CHILDREN: dict[tuple[type[BaseModel], str], type[BaseModel]] = {
    (model.Journey, "personas"): model.Persona,
    (model.Journey, "segments"): model.Segment,
    (model.Journey, "teams"): model.Team,
    (model.Journey, "touchpoints"): model.Touchpoint,
    (model.Journey, "stages"): model.Stage,
    (model.Stage, "steps"): model.Step,
    (model.Stage, "needs"): model.Item,
    (model.Stage, "questions"): model.Item,
    (model.Stage, "emotions"): model.Emotions,
    (model.Stage, "pain_points"): model.PainPoint,
    (model.Stage, "opportunities"): model.Item,
    (model.Stage, "touchpoints"): model.Touchpoint,
    (model.Stage, "objectives"): model.Objective,
    (model.Stage, "actions"): model.Action,
    (model.Stage, "feedback"): model.Feedback,
    (model.Stage, "evidence"): model.Item,
    (model.Stage, "frontstage"): model.BlueprintAction,
    (model.Stage, "backstage"): model.BlueprintAction,
    (model.Stage, "support"): model.BlueprintAction,
    (model.Catalog, "personas"): model.Persona,
    (model.Catalog, "segments"): model.Segment,
    (model.Catalog, "teams"): model.Team,
    (model.Catalog, "touchpoints"): model.Touchpoint,
}

Kind = type[BaseModel] | None
ROOT: Kind = model.Journey
CATALOG_ROOT: Kind = model.Catalog  # the top of a `kind: catalog` file


def root_kind(data: object, *, catalog_named: bool = False) -> Kind:
    """The kind of a file's top mapping: a catalog when the file says
    `kind: catalog`, a journey when it says `kind: journey`, and otherwise
    what its name says (`*.catalog.yaml`)."""
    said = data.get("kind") if isinstance(data, dict) else None
    if said == "catalog" or (said != "journey" and catalog_named):
        return CATALOG_ROOT
    return ROOT


def child_kind(kind: Kind, key: object) -> Kind:
    """The kind of the mapping(s) under `key` of a mapping of `kind`."""
    if kind is None or not isinstance(key, str):
        return None
    return _CHILDREN.get((kind, key))


def rank(kind: Kind, key: object) -> int | None:
    """Where `key` goes in a mapping of `kind`; None for a key the format
    does not define there."""
    if kind is None or not isinstance(key, str):
        return None
    return _positions(kind).get(key)


@cache
def _positions(kind: type[BaseModel]) -> dict[str, int]:
    return {name: position for position, name in enumerate(kind.model_fields)}
