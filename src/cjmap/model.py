"""pydantic models of the journey format, version 1 (journeys and catalogs): structure and types only.

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
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from cjmap import durations

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
# A link names a journey of the workspace, and optionally one of its stages.
LINK_PATTERN = r"^[a-z0-9][a-z0-9-]*(#[a-z0-9][a-z0-9-]*)?$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Link = Annotated[str, StringConstraints(pattern=LINK_PATTERN)]
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


def _duration(value: Any) -> float:
    try:
        return durations.parse(value)
    except durations.DurationError as err:
        raise PydanticCustomError("duration", "not a duration", {"hint": err.hint}) from None


# Kept in seconds; written as a number and a unit, which is what the schema shows.
Duration = Annotated[
    float,
    BeforeValidator(_duration),
    WithJsonSchema({"type": "string", "pattern": durations.PATTERN}),
]

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

# The blueprint lanes of a stage, from the customer's side of the line of
# interaction to the systems behind it; the last three hold blueprint actions.
BLUEPRINT_LANES = ("evidence", "frontstage", "backstage", "support")
ACTION_LANES = ("frontstage", "backstage", "support")
# Lanes whose entries are text with `segments`, in the order of the format.
TEXT_LANES = ("steps", "needs", "questions", "pain_points", "opportunities", *BLUEPRINT_LANES)


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


# Every field has a `description` (and `examples` where one helps): they are
# the hover help editors show from the JSON Schema (cjmap.jsonschema), written
# for the marketers who edit journeys. They change nothing in validation.

_TEAM_ID = "the `id` of one of the teams listed under `teams`"
_SEGMENT_IDS = "the `id` of segments listed under `segments`"
_LINKS = (
    "Each is the `id` of another journey of the workspace (`first-90-days`), or a journey "
    "`id` and one of its stage ids joined by `#` (`first-90-days#welcome-call`)."
)


class Persona(_Model):
    """A typical customer who walks the journey, with what they want and what annoys them."""

    id: Slug = Field(
        description="Short name of the persona, unique among personas; segments refer to it. "
        "Lowercase letters, digits and hyphens, starting with a letter or a digit.",
        examples=["laura"],
    )
    name: Name = Field(
        description="How the persona is called.", examples=["Laura, first salaried job"]
    )
    description: str | None = Field(None, description="Who they are, in a few words.")
    goals: ListOf[str] = Field(
        default_factory=list,
        description="What they want to achieve.",
        examples=[["Open an account without a branch visit"]],
    )
    frustrations: ListOf[str] = Field(
        default_factory=list, description="What annoys or blocks them.", examples=[["Hidden fees"]]
    )


class Segment(_Model):
    """A group of customers that needs, touchpoints and actions can be aimed at."""

    id: Name = Field(
        description="Name of the segment, unique among segments, as other parts of the journey "
        "write it in their `segments` lists. Any text.",
        examples=["students"],
    )
    name: Name = Field(
        description="Name of the segment, as reports show it.", examples=["Students"]
    )
    criteria: str | None = Field(
        None,
        description="Characteristics, behaviour and preferences that define the segment.",
        examples=["Under 26, enrolled at a university, first bank account"],
    )
    personas: ListOf[str] = Field(
        default_factory=list,
        description="The personas that belong to this segment: the `id` of personas listed "
        "under `personas`.",
        examples=[["laura"]],
    )


class Team(_Model):
    """A team of your company. Every `owner` in the journey names one of them."""

    id: Name = Field(
        description="Name of the team, unique among teams, as every `owner` writes it. Any text.",
        examples=["marketing"],
    )
    name: Name = Field(
        description="Name of the team, as reports show it.", examples=["Brand marketing"]
    )


class Item(_TextItem):
    """A need, question or opportunity: plain text (`- Know the total yearly cost`), or a
    mapping with `text` and `segments` when it concerns only some segments."""

    text: Name = Field(
        description="The need, question or opportunity, in words.",
        examples=["Know the total yearly cost"],
    )
    segments: ListOf[str] = Field(
        default_factory=list,
        description=f"The segments it concerns: {_SEGMENT_IDS}. Leave it out when it concerns "
        "everyone.",
        examples=[["students"]],
    )


_DURATION = 'a number and a unit: `"30 s"`, `"10 min"`, `"1.5 h"`, `"2 d"` or `"3 w"`'


class Step(_TextItem):
    """Something the customer does: plain text (`- Fills in the form`), or a mapping with
    `text` and any of `touchpoint`, `score`, `segments`, `duration`, `wait`,
    `moment_of_truth` and `links`."""

    text: Name = Field(
        description="What the customer does.", examples=["Fills in the application form"]
    )
    touchpoint: str | None = Field(
        None,
        description="Where they do it: the `id` of a touchpoint defined in the `touchpoints` "
        "catalog or in a stage.",
        examples=["web-shop"],
    )
    score: Score | None = Field(
        None,
        description="How the customer feels at this step: -2 very negative, -1 negative, "
        "0 neutral, 1 positive, 2 very positive. The emotion curve uses step scores where a "
        "stage has them.",
        examples=[1],
    )
    segments: ListOf[str] = Field(
        default_factory=list,
        description=f"The segments that take this step: {_SEGMENT_IDS}. Leave it out when "
        "everyone does.",
        examples=[["students"]],
    )
    duration: Duration | None = Field(
        None,
        description=f"How long the customer spends on this step: {_DURATION}. Reports add "
        "up durations and waits into the time a customer spends on the journey.",
        examples=["10 min"],
    )
    wait: Duration | None = Field(
        None,
        description=f"How long the customer waits before they can go on: {_DURATION}. "
        "Reports call out the longest waits.",
        examples=["3 d"],
    )
    moment_of_truth: Annotated[bool, Strict()] = Field(
        False,
        description="`true` for a moment that decides whether the customer stays or leaves. "
        "Give it a `score` too: cjmap reports a moment of truth without one (CJ118).",
        examples=[True],
    )
    links: ListOf[Link] = Field(
        default_factory=list,
        description=f"Other journeys this step hands over to or that detail it. {_LINKS}",
        examples=[["first-90-days#welcome-call"]],
    )


class Emotions(_Model):
    """How the customer feels in a stage: a score from -2 to 2 and the feelings in words
    (a mapping, not a list)."""

    score: Score = Field(
        description="-2 very negative, -1 negative, 0 neutral, 1 positive, 2 very positive. "
        "The emotion curve uses it where the stage's steps have no score.",
        examples=[-1],
    )
    feelings: ListOf[str] = Field(
        default_factory=list,
        description="The feelings in words.",
        examples=[["curious", "worried about rejection"]],
    )


class PainPoint(_TextItem):
    """Friction or a critical point for the customer: plain text, or a mapping with
    `text` and any of `severity` and `segments`."""

    text: Name = Field(
        description="The friction or critical point, in words.",
        examples=["The price per cup is nowhere to be seen"],
    )
    severity: Severity = Field(
        "medium", description="How much it hurts: `low`, `medium` (the default) or `high`."
    )
    segments: ListOf[str] = Field(
        default_factory=list,
        description=f"The segments it hurts: {_SEGMENT_IDS}. Leave it out when it hurts "
        "everyone.",
        examples=[["students"]],
    )


class Touchpoint(_Model):
    """A place where the customer meets your company: a website, an app, a shop, a phone
    line, an ad. Define it once, in the top-level `touchpoints` catalog or in a stage, and
    name it by its id anywhere else."""

    id: Slug = Field(
        description="Short name of the touchpoint, unique across the whole journey; stages, "
        "steps and actions use it. Lowercase letters, digits and hyphens, starting with a "
        "letter or a digit.",
        examples=["live-chat"],
    )
    name: Name = Field(
        description="Name of the touchpoint, as reports show it.",
        examples=["Live chat with an agent"],
    )
    channel: Channel = Field(
        description="The kind of touchpoint. `phone`, `store`, `event`, `mail` (post) and "
        "`partner` are offline by default; every other channel is online."
    )
    mode: Mode | None = Field(
        None,
        description="`online` or `offline`. Leave it out to take the channel's default; set "
        "it when that is wrong for this touchpoint (a partner's website is `online`).",
    )
    owner: str | None = Field(
        None,
        description=f"The team responsible for this touchpoint: {_TEAM_ID}. Recommended: "
        "cjmap warns about touchpoints without one (CJ109).",
        examples=["marketing"],
    )
    segments: ListOf[str] = Field(
        default_factory=list,
        description=f"The segments it is meant for: {_SEGMENT_IDS}.",
        examples=[["students"]],
    )
    description: str | None = Field(None, description="Anything worth knowing about it.")

    @property
    def effective_mode(self) -> Mode:
        if self.mode is not None:
            return self.mode
        return "offline" if self.channel in OFFLINE_CHANNELS else "online"


class Objective(_Model):
    """What your company wants to achieve in a stage. A good objective is measurable (a
    `metric`, a numeric `target` and a `unit`) and time-bound (a `due` date)."""

    id: Slug = Field(
        description="Short name of the objective, unique across the whole journey; measured "
        "values (actuals) refer to it. Lowercase letters, digits and hyphens, starting with a "
        "letter or a digit.",
        examples=["more-visits"],
    )
    statement: Name = Field(
        description="What you want to achieve and why, in words.",
        examples=["More coffee lovers visit our cafés, where they can subscribe"],
    )
    metric: str | None = Field(
        None,
        description="The KPI measured.",
        examples=["Monthly café visits from Instagram offers"],
    )
    target: Number | None = Field(
        None,
        description="The value to reach: a plain number, without quotes and without the unit "
        '(write `target: 3` and `unit: "%"`, not `target: "3%"`).',
        examples=[4000, 3.5],
    )
    unit: str | None = Field(
        None,
        description='The unit of `target` and `baseline`: `%`, `EUR`, `s`, `people`… Put the '
        'percent sign in quotes: `unit: "%"`.',
        examples=["%", "EUR", "people"],
    )
    baseline: Number | None = Field(
        None,
        description="The value today: a plain number, without quotes and without the unit.",
        examples=[2500],
    )
    direction: Direction | None = Field(
        None,
        description="Whether the metric should go up (`increase`) or down (`decrease`). Leave "
        "it out to let cjmap work it out from `baseline` and `target`.",
    )
    due: IsoDate | None = Field(
        None,
        description="When the target should be reached: a date written YYYY-MM-DD.",
        examples=["2027-03-31"],
    )
    owner: str | None = Field(
        None, description=f"The team accountable for it: {_TEAM_ID}.", examples=["marketing"]
    )

    @property
    def effective_direction(self) -> Direction | None:
        if self.direction is not None:
            return self.direction
        if self.baseline is None or self.target is None or self.baseline == self.target:
            return None
        return "increase" if self.target > self.baseline else "decrease"


class Action(_Model):
    """Content or an action that serves a stage: a video, a campaign, a new process, a
    training…"""

    id: Slug | None = Field(
        None,
        description="Optional short name of the action, unique across the whole journey when "
        "given. Lowercase letters, digits and hyphens, starting with a letter or a digit.",
        examples=["roasting-videos"],
    )
    title: Name = Field(
        description="What will be done.",
        examples=["Three short videos on how the beans are roasted"],
    )
    type: ActionType = Field(
        "content",
        description="The kind of action: `content` (the default), `campaign`, `process`, "
        "`product`, `service`, `training` or `other`.",
    )
    touchpoint: str | None = Field(
        None,
        description="Where it reaches the customer: the `id` of a touchpoint defined in the "
        "`touchpoints` catalog or in a stage.",
        examples=["instagram"],
    )
    owner: str | None = Field(
        None, description=f"The team that does it: {_TEAM_ID}.", examples=["marketing"]
    )
    segments: ListOf[str] = Field(
        default_factory=list,
        description=f"The segments it is meant for: {_SEGMENT_IDS}.",
        examples=[["students"]],
    )
    status: ActionStatus = Field(
        "planned",
        description="How far it has got: `idea`, `planned` (the default), `in-progress` or "
        "`done`.",
    )


class BlueprintAction(_TextItem):
    """What your company does to make a stage work, in a blueprint lane: plain text, or a
    mapping with `text` and any of `owner`, `touchpoint`, `system`, `duration` and
    `segments`."""

    text: Name = Field(
        description="What is done, and by whom if no team owns it.",
        examples=["Checks the documents against the register"],
    )
    owner: str | None = Field(
        None,
        description=f"The team that does it: {_TEAM_ID}. Recommended for backstage and "
        "support actions: cjmap warns about one without an owner (CJ117).",
        examples=["operations"],
    )
    touchpoint: str | None = Field(
        None,
        description="Where it meets the customer: the `id` of a touchpoint defined in the "
        "`touchpoints` catalog or in a stage.",
        examples=["branch"],
    )
    system: str | None = Field(
        None, description="The tool or system used.", examples=["Case management system"]
    )
    duration: Duration | None = Field(
        None, description=f"How long it takes: {_DURATION}.", examples=["2 h"]
    )
    segments: ListOf[str] = Field(
        default_factory=list,
        description=f"The segments it is done for: {_SEGMENT_IDS}. Leave it out when it is "
        "done for everyone.",
        examples=[["students"]],
    )


class Feedback(_Model):
    """Evidence from customers: a survey answer, a quote, an analytics note."""

    text: Name = Field(
        description="The evidence itself: an answer, a quote, an analytics note.",
        examples=["It took me five minutes to open the account"],
    )
    source: str | None = Field(
        None, description="Where it comes from.", examples=["NPS survey"]
    )
    date: IsoDate | None = Field(
        None,
        description="When it was collected: a date written YYYY-MM-DD.",
        examples=["2026-11-15"],
    )


def _reference_or_definition(value: Any) -> str | None:
    if _is_text(value):
        return "reference"
    if isinstance(value, dict):
        return "definition"
    return None


# A stage names a touchpoint by id, or defines one in place.
StageTouchpoint = Annotated[
    Annotated[
        str,
        Tag("reference"),
        Field(
            description="The id of a touchpoint defined in the `touchpoints` catalog or in a stage.",
            examples=["web-shop"],
        ),
    ]
    | Annotated[Touchpoint, Tag("definition")],
    Discriminator(
        _reference_or_definition,
        custom_error_type="touchpoint_form",
        custom_error_message="a touchpoint id or a touchpoint mapping",
    ),
]
# A journey defines a persona, or names one defined in a catalog it lists.
JourneyPersona = Annotated[
    Annotated[Persona, Tag("definition")]
    | Annotated[
        Slug,
        Tag("reference"),
        Field(
            description="The id of a persona defined in one of the journey's `catalogs`.",
            examples=["laura"],
        ),
    ],
    Discriminator(
        _reference_or_definition,
        custom_error_type="persona_form",
        custom_error_message="a persona id or a persona mapping",
    ),
]
UNION_TAGS = frozenset(("reference", "definition"))


class Stage(_Model):
    """One stage of the journey: what the customer does, needs and feels there, where they
    meet your company, and what your company wants to achieve and does for them."""

    id: Slug = Field(
        description="Short name of the stage, unique among stages. Lowercase letters, digits "
        "and hyphens, starting with a letter or a digit.",
        examples=["compare-accounts"],
    )
    name: Name = Field(
        description="Name of the stage, as maps and reports show it.",
        examples=["Compares current accounts"],
    )
    phase: Phase | None = Field(
        None,
        description="The canonical phase of this stage, used by the coverage checks and "
        "reports: `awareness` (learns you exist), `consideration` (compares options), "
        "`decision` (chooses), `purchase` (buys, signs up), `post-purchase` (starts using it), "
        "`loyalty` (comes back, stays), `advocacy` (recommends you).",
    )
    description: str | None = Field(None, description="What happens in this stage.")
    owner: str | None = Field(
        None,
        description=f"The team accountable for this stage: {_TEAM_ID}.",
        examples=["marketing"],
    )
    steps: ListOf[Step] = Field(
        default_factory=list,
        description="What the customer does here, in order. Each step is plain text, or a "
        "mapping with `text` and any of `touchpoint`, `score`, `segments`, `duration`, "
        "`wait`, `moment_of_truth` and `links`.",
    )
    needs: ListOf[Item] = Field(
        default_factory=list,
        description="What the customer needs, wants or looks for here. Each is plain text, or "
        "a mapping with `text` and `segments`. Recommended: cjmap reports a stage without "
        "needs (CJ101).",
    )
    questions: ListOf[Item] = Field(
        default_factory=list,
        description="Information the customer needs to move on to the next stage. Each is "
        "plain text, or a mapping with `text` and `segments`.",
    )
    emotions: Emotions | None = Field(
        None,
        description="How the customer feels in this stage: a `score` from -2 to 2 and the "
        "`feelings` in words. Recommended: cjmap warns about a stage without emotions (CJ107).",
    )
    pain_points: ListOf[PainPoint] = Field(
        default_factory=list,
        description="Friction and critical points for the customer here. Each is plain text, "
        "or a mapping with `text` and any of `severity` and `segments`.",
    )
    opportunities: ListOf[Item] = Field(
        default_factory=list,
        description="Ideas to improve this stage. Each is plain text, or a mapping with "
        "`text` and `segments`.",
    )
    touchpoints: ListOf[StageTouchpoint] = Field(
        default_factory=list,
        description="Where the customer meets your company in this stage: the id of a "
        "touchpoint defined elsewhere (`- web-shop`), or a touchpoint defined right here. "
        "Recommended: cjmap reports a stage without touchpoints (CJ102).",
    )
    objectives: ListOf[Objective] = Field(
        default_factory=list,
        description="What your company wants to achieve in this stage, measurably and by a "
        "date. Recommended: cjmap reports a stage without objectives (CJ103).",
    )
    actions: ListOf[Action] = Field(
        default_factory=list,
        description="Content and actions that serve this stage. Recommended: cjmap warns about "
        "a stage without actions (CJ108).",
    )
    feedback: ListOf[Feedback] = Field(
        default_factory=list, description="Evidence: survey answers, customer quotes, analytics notes."
    )
    evidence: ListOf[Item] = Field(
        default_factory=list,
        description="Blueprint lane: what the customer sees or keeps here (a receipt, an "
        "email, signage, a screen). Each is plain text, or a mapping with `text` and "
        "`segments`.",
    )
    frontstage: ListOf[BlueprintAction] = Field(
        default_factory=list,
        description="Blueprint lane: what staff or systems do in sight of the customer. Each "
        "is plain text, or a mapping with `text` and any of `owner`, `touchpoint`, `system`, "
        "`duration` and `segments`.",
    )
    backstage: ListOf[BlueprintAction] = Field(
        default_factory=list,
        description="Blueprint lane: what staff do out of the customer's sight. Give each an "
        "`owner`: cjmap warns about one without (CJ117).",
    )
    support: ListOf[BlueprintAction] = Field(
        default_factory=list,
        description="Blueprint lane: the internal systems, partners and processes that make "
        "the stage work. Give each an `owner`: cjmap warns about one without (CJ117).",
    )
    links: ListOf[Link] = Field(
        default_factory=list,
        description=f"Other journeys this stage hands over to or that detail it. {_LINKS}",
        examples=[["first-90-days"]],
    )

    @property
    def time_spent(self) -> float | None:
        """Seconds the customer spends here, its steps' durations and waits added
        up; None when no step says how long it takes."""
        times = [time for step in self.steps for time in (step.duration, step.wait) if time is not None]
        return sum(times) if times else None

    @property
    def scored_by_steps(self) -> bool:
        """Every step has a score: the emotion curve needs no `emotions` here (CJ107)."""
        return bool(self.steps) and all(step.score is not None for step in self.steps)

    @property
    def has_blueprint(self) -> bool:
        """Whether any blueprint lane of this stage is filled in."""
        return any(getattr(self, lane) for lane in BLUEPRINT_LANES)


class Journey(_Model):
    """A customer journey: the stages a customer goes through, from first hearing of you to
    recommending you, with what they need and feel in each stage, where they meet your
    company, and what your company wants to achieve and does for them there. One journey
    per file; a key with nothing after it counts as left out."""

    cjmap: Literal[1] = Field(description="Version of the journey format: always 1.", examples=[1])
    kind: Literal["journey"] | None = Field(
        None,
        description="What the file holds: `journey`, which is what a file without `kind` "
        "holds too. A catalog file says `kind: catalog`.",
        examples=["journey"],
    )
    catalogs: ListOf[Name] = Field(
        default_factory=list,
        description="Catalog files whose personas, segments, teams and touchpoints this journey "
        "uses as if it defined them: paths from this journey's folder, inside the workspace, "
        "each naming a `*.catalog.yaml` file.",
        examples=[["../shared/people.catalog.yaml"]],
    )
    id: Slug = Field(
        description="Short unique name of the journey. Lowercase letters, digits and hyphens, "
        "starting with a letter or a digit.",
        examples=["account-opening"],
    )
    title: Name = Field(
        description="Human title of the journey, in any language.",
        examples=["Opening a current account online"],
    )
    description: str | None = Field(
        None, description="What the journey covers, and where its figures come from."
    )
    language: Language = Field(
        "en",
        description="Language of the reports made from this journey: `en` English (the "
        "default), `es` Spanish, `ca` Catalan.",
    )
    owner: str | None = Field(
        None,
        description=f"The team accountable for the whole journey: {_TEAM_ID}.",
        examples=["marketing"],
    )
    tags: ListOf[str] = Field(
        default_factory=list,
        description="Free labels to sort and find journeys.",
        examples=[["retail banking", "onboarding"]],
    )
    personas: ListOf[JourneyPersona] = Field(
        default_factory=list,
        description="Who walks the journey: the typical customers it is about. Each is a persona "
        "defined here, or the id of a persona defined in one of the `catalogs` (`- laura`).",
    )
    segments: ListOf[Segment] = Field(
        default_factory=list, description="Groups of customers used to personalise touchpoints, needs and actions."
    )
    teams: ListOf[Team] = Field(
        default_factory=list,
        description="Your company's teams. Every `owner` anywhere in the journey must be the "
        "`id` of one of them.",
    )
    touchpoints: ListOf[Touchpoint] = Field(
        default_factory=list,
        description="Catalog of touchpoints shared by several stages: define a touchpoint once "
        "here, then name it by its id in any stage, step or action.",
    )
    stages: Annotated[list[Stage], Field(min_length=1)] = Field(
        description="The stages of the journey, in the order the customer lives them: at "
        "least one."
    )

    @property
    def has_blueprint(self) -> bool:
        """Whether any stage fills in a blueprint lane: what blueprint views and
        report sections are drawn for."""
        return any(stage.has_blueprint for stage in self.stages)


class Catalog(_Model):
    """A catalog: the personas, segments, teams and touchpoints that several journeys share,
    defined once. A journey uses them by listing this file under `catalogs`. A catalog has
    no stages."""

    cjmap: Literal[1] = Field(description="Version of the journey format: always 1.", examples=[1])
    kind: Literal["catalog"] = Field(
        description="What the file holds: always `catalog` in a catalog file."
    )
    id: Slug = Field(
        description="Short unique name of the catalog. Lowercase letters, digits and hyphens, "
        "starting with a letter or a digit.",
        examples=["people"],
    )
    title: Name | None = Field(
        None, description="Human title of the catalog, in any language.", examples=["Our customers"]
    )
    description: str | None = Field(
        None, description="What the catalog holds, and who keeps it up to date."
    )
    personas: ListOf[Persona] = Field(
        default_factory=list,
        description="Personas that journeys listing this catalog can name by their id.",
    )
    segments: ListOf[Segment] = Field(
        default_factory=list,
        description="Groups of customers that journeys listing this catalog can aim touchpoints, "
        "needs and actions at.",
    )
    teams: ListOf[Team] = Field(
        default_factory=list,
        description="Your company's teams, for every `owner` in the journeys listing this catalog.",
    )
    touchpoints: ListOf[Touchpoint] = Field(
        default_factory=list,
        description="Touchpoints that any stage, step or action of the journeys listing this "
        "catalog can name by their id.",
    )


SUPPORTED_VERSIONS = (1,)
