"""pydantic models of the journey format, version 1: structure and types only.

Where FORMAT.md is silent these models choose what an author expects: an empty
key (`needs:`) is the same as no key, numbers are accepted where text is
expected (`name: 2024`), and team and segment ids may be any text because
they only have to match where they are used.
"""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import date
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    StringConstraints,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Name = Annotated[str, StringConstraints(min_length=1)]
Score = Annotated[int, Strict(), Field(ge=-2, le=2)]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]

T = TypeVar("T")


def _none_as_empty(value: Any) -> Any:
    return [] if value is None else value


# `needs:` with nothing after it means "no needs yet", which the linter reports.
ListOf = Annotated[list[T], BeforeValidator(_none_as_empty)]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        with suppress(ValueError):  # 2027-02-30 has the shape but is no date
            return date.fromisoformat(value)
    raise PydanticCustomError("iso_date", "not an ISO date")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]

Language = Literal["en", "es", "ca"]
Phase = Literal[
    "awareness", "consideration", "decision", "purchase", "post-purchase", "loyalty", "advocacy"
]
# In the order a customer lives them: rules and reports rely on it.
PHASES: tuple[str, ...] = get_args(Phase)
Channel = Literal[
    "web", "app", "email", "social", "search", "ads", "chat", "sms",
    "phone", "store", "event", "mail", "partner", "support", "other",
]
OFFLINE_CHANNELS = frozenset(("phone", "store", "event", "mail", "partner"))
Mode = Literal["online", "offline"]
Severity = Literal["low", "medium", "high"]
Direction = Literal["increase", "decrease"]
ActionType = Literal["content", "campaign", "process", "product", "service", "training", "other"]
ActionStatus = Literal["idea", "planned", "in-progress", "done"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_means_default(cls, value: Any) -> Any:
        """`severity:` with nothing after it means "the default", as if absent."""
        if isinstance(value, dict) and None in value.values():
            fields = cls.model_fields
            return {
                key: item
                for key, item in value.items()
                if item is not None or key not in fields or fields[key].is_required()
            }
        return value


def _is_text(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


class _TextItem(_Model):
    """Items may be written as a plain string: `- Compare prices`."""

    @model_validator(mode="before")
    @classmethod
    def _text_shorthand(cls, value: Any) -> Any:
        if _is_text(value):
            return {"text": value}
        if not isinstance(value, dict):
            raise PydanticCustomError("text_or_mapping", "text, or a mapping with `text`")
        return value


class Persona(_Model):
    id: Slug
    name: Name
    description: str | None = None
    goals: ListOf[str] = []
    frustrations: ListOf[str] = []


class Segment(_Model):
    id: Name
    name: Name
    criteria: str | None = None
    personas: ListOf[str] = []


class Team(_Model):
    id: Name
    name: Name


class Item(_TextItem):
    text: Name
    segments: ListOf[str] = []


class Step(_TextItem):
    text: Name
    touchpoint: str | None = None
    score: Score | None = None
    segments: ListOf[str] = []


class Emotions(_Model):
    score: Score
    feelings: ListOf[str] = []


class PainPoint(_TextItem):
    text: Name
    severity: Severity = "medium"
    segments: ListOf[str] = []


class Touchpoint(_Model):
    id: Slug
    name: Name
    channel: Channel
    mode: Mode | None = None
    owner: str | None = None
    segments: ListOf[str] = []
    description: str | None = None

    @property
    def effective_mode(self) -> Mode:
        if self.mode is not None:
            return self.mode
        return "offline" if self.channel in OFFLINE_CHANNELS else "online"


class Objective(_Model):
    id: Slug
    statement: Name
    metric: str | None = None
    target: Number | None = None
    unit: str | None = None
    baseline: Number | None = None
    direction: Direction | None = None
    due: IsoDate | None = None
    owner: str | None = None

    @property
    def effective_direction(self) -> Direction | None:
        if self.direction is not None:
            return self.direction
        if self.baseline is None or self.target is None or self.baseline == self.target:
            return None
        return "increase" if self.target > self.baseline else "decrease"


class Action(_Model):
    id: Slug | None = None
    title: Name
    type: ActionType = "content"
    touchpoint: str | None = None
    owner: str | None = None
    segments: ListOf[str] = []
    status: ActionStatus = "planned"


class Feedback(_Model):
    text: Name
    source: str | None = None
    date: IsoDate | None = None


def _touchpoint_form(value: Any) -> str | None:
    if _is_text(value):
        return "reference"
    if isinstance(value, dict):
        return "definition"
    return None


# A stage names a touchpoint by id, or defines one in place.
StageTouchpoint = Annotated[
    Annotated[str, Tag("reference")] | Annotated[Touchpoint, Tag("definition")],
    Discriminator(
        _touchpoint_form,
        custom_error_type="touchpoint_form",
        custom_error_message="a touchpoint id or a touchpoint mapping",
    ),
]
UNION_TAGS = frozenset(("reference", "definition"))


class Stage(_Model):
    id: Slug
    name: Name
    phase: Phase | None = None
    description: str | None = None
    owner: str | None = None
    steps: ListOf[Step] = []
    needs: ListOf[Item] = []
    questions: ListOf[Item] = []
    emotions: Emotions | None = None
    pain_points: ListOf[PainPoint] = []
    opportunities: ListOf[Item] = []
    touchpoints: ListOf[StageTouchpoint] = []
    objectives: ListOf[Objective] = []
    actions: ListOf[Action] = []
    feedback: ListOf[Feedback] = []


class Journey(_Model):
    cjmap: Literal[1]
    id: Slug
    title: Name
    description: str | None = None
    language: Language = "en"
    owner: str | None = None
    tags: ListOf[str] = []
    personas: ListOf[Persona] = []
    segments: ListOf[Segment] = []
    teams: ListOf[Team] = []
    touchpoints: ListOf[Touchpoint] = []
    stages: Annotated[list[Stage], Field(min_length=1)]


SUPPORTED_VERSIONS = (1,)
