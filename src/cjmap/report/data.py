"""Everything a report says, assembled from a journey, its findings and its
measured values — no formatting here: the templates decide how it looks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol, TypeVar

from cjmap.config import EVIDENCE_MAX_AGE
from cjmap.findings import Finding, Severity
from cjmap.model import (
    ACTION_LANES, BLUEPRINT_LANES, Action, BlueprintAction, Item, Journey, Objective, Segment, Stage, Step, Team,
    Touchpoint,
)
from cjmap.navigate import JourneyIndex, persona_list
from cjmap.report.channels import Channels, build as build_channels
from cjmap.report.evidence import Evidence, evidence_of
from cjmap.report.status import Move, Status, Trend, moved, progress, status, trend

if TYPE_CHECKING:  # the funnel reads measured files, which make Actuals
    from cjmap.report.funnel import Funnel

# The lanes of a stage, in the order of the map; completeness counts them.
LANES = (
    "steps", "needs", "questions", "emotions", "pain_points",
    "opportunities", "touchpoints", "objectives", "actions", "feedback",
)
LOWEST_MOMENTS = 3
LONGEST_WAITS = 3


@dataclass(frozen=True, slots=True)
class Actual:
    """A measured value of an objective, from the actuals file."""

    value: float
    measured: date | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class StageHealth:
    stage: Stage
    filled: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def score(self) -> int:
        """Completeness in percent: the share of lanes filled in."""
        return round(100 * len(self.filled) / len(LANES))


@dataclass(frozen=True, slots=True)
class Health:
    findings: tuple[Finding, ...]
    stages: tuple[StageHealth, ...]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def completeness(self) -> float:
        """The share of all stages' lanes that are filled in (0 … 1)."""
        lanes = len(self.stages) * len(LANES)
        return sum(len(stage.filled) for stage in self.stages) / lanes if lanes else 0.0


@dataclass(frozen=True, slots=True)
class Moment:
    """One point of the emotion curve: a scored step, or a stage's own score."""

    stage: Stage
    stage_number: int
    score: int
    step_number: int | None = None  # None: the stage's emotions.score
    text: str = ""


@dataclass(frozen=True, slots=True)
class ObjectiveRow:
    objective: Objective
    stage: Stage
    actual: Actual | None
    status: Status
    history: tuple[Actual, ...] = ()  # the dated values, oldest first
    trend: Trend = "none"  # from the last two values of `history`

    @property
    def progress(self) -> float | None:
        return None if self.actual is None else progress(self.objective, self.actual.value)

    @property
    def moved(self) -> Move | None:
        """Which way the last dated value moved; None without two of them."""
        return moved([point.value for point in self.history]) if len(self.history) > 1 else None


@dataclass(frozen=True, slots=True)
class StageTime:
    """The time a customer spends in one stage: its steps' durations and
    waits added up, a step without one counting as none."""

    stage: Stage
    number: int
    steps: float  # seconds
    waits: float  # seconds
    given: bool  # False: no step of the stage has a duration or a wait

    @property
    def total(self) -> float:
        return self.steps + self.waits


@dataclass(frozen=True, slots=True)
class Wait:
    """A step the customer waits after, with where it is."""

    stage: Stage
    stage_number: int
    step_number: int
    text: str
    seconds: float


@dataclass(frozen=True, slots=True)
class JourneyTime:
    """The time a customer spends across the journey, stage by stage, and
    the longest waits. The journey's sums count the stages that give times."""

    stages: tuple[StageTime, ...]
    longest_waits: tuple[Wait, ...]

    @property
    def given(self) -> bool:
        """Whether any step of the journey has a duration or a wait."""
        return any(stage.given for stage in self.stages)

    @property
    def steps(self) -> float:
        return sum(stage.steps for stage in self.stages)

    @property
    def waits(self) -> float:
        return sum(stage.waits for stage in self.stages)

    @property
    def total(self) -> float:
        return self.steps + self.waits

    @property
    def not_given(self) -> tuple[StageTime, ...]:
        return tuple(stage for stage in self.stages if not stage.given)


@dataclass(frozen=True, slots=True)
class MomentOfTruth:
    step_number: int
    step: Step


@dataclass(frozen=True, slots=True)
class Blueprint:
    """A stage's blueprint lanes that are filled in, in the blueprint's order:
    evidence, then the frontstage, backstage and support actions."""

    evidence: tuple[Item, ...]
    actions: tuple[tuple[str, tuple[BlueprintAction, ...]], ...]  # (lane, its actions)


@dataclass(slots=True)
class Owned:
    """What one team owns in one stage."""

    touchpoints: list[Touchpoint] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    frontstage: list[BlueprintAction] = field(default_factory=list)
    backstage: list[BlueprintAction] = field(default_factory=list)
    support: list[BlueprintAction] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.touchpoints or self.objectives or self.actions or self.frontstage or self.backstage or self.support
        )

    def blueprint(self) -> tuple[tuple[str, list[BlueprintAction]], ...]:
        """The blueprint actions, lane by lane, in the blueprint's order."""
        return tuple((lane, getattr(self, lane)) for lane in ACTION_LANES)


@dataclass(frozen=True, slots=True)
class TeamRow:
    team: Team
    owns_journey: bool
    stages_owned: frozenset[str]  # ids of stages whose `owner` is this team
    cells: dict[str, Owned]  # stage id → what the team owns there


@dataclass(frozen=True, slots=True)
class Unowned:
    """Something nobody owns: a touchpoint, an objective, an action or a
    blueprint action."""

    kind: str  # "touchpoint", "objective", "action", or a lane of ACTION_LANES
    name: str
    stage: Stage | None  # None for a catalog touchpoint no stage defines


@dataclass(frozen=True, slots=True)
class SegmentItem:
    stage: Stage | None
    lane: str  # a LANES or BLUEPRINT_LANES name ("touchpoints" for catalog ones too)
    text: str


@dataclass(frozen=True, slots=True)
class SegmentView:
    segment: Segment
    personas: tuple[str, ...]  # persona names
    items: tuple[SegmentItem, ...]  # only what targets this segment


@dataclass(frozen=True, slots=True)
class Report:
    journey: Journey
    source: str  # the journey file, as given
    language: str
    as_of: date | None
    health: Health
    moments: tuple[Moment, ...]
    lowest: tuple[Moment, ...]
    stage_touchpoints: dict[str, tuple[Touchpoint, ...]]  # stage id → resolved touchpoints
    objectives: tuple[ObjectiveRow, ...]
    teams: tuple[TeamRow, ...]
    unowned: tuple[Unowned, ...]
    segments: tuple[SegmentView, ...]
    time: JourneyTime
    moments_of_truth: dict[str, tuple[MomentOfTruth, ...]]  # stage id → its moments of truth
    blueprints: dict[str, Blueprint]  # stage id → its blueprint, for the stages that fill one in
    evidence: Evidence  # how old each stage's feedback is on the report's date
    channels: Channels  # where the journey lives, channel by channel
    segment: Segment | None = None  # the segment the report is for, if any
    dated: bool = False  # as_of is the report date given, not the latest measurement
    funnel: Funnel | None = None  # customers per stage, with `--funnel`
    # Built once: a template asks for a team's name for every touchpoint, objective
    # and action, and an index built per question made the report quadratic.
    index: JourneyIndex | None = field(default=None, repr=False, compare=False)

    def indexed(self) -> JourneyIndex:
        """The journey's index, built once for the report and its portfolio."""
        if self.index is None:
            object.__setattr__(self, "index", JourneyIndex(self.journey))
        return self.index  # type: ignore[return-value]

    def team_name(self, team_id: str | None) -> str | None:
        return None if team_id is None else self.indexed().team(team_id)

    def status_counts(self) -> dict[Status, int]:
        counts: dict[Status, int] = {}
        for row in self.objectives:
            counts[row.status] = counts.get(row.status, 0) + 1
        return counts


def assemble(
    journey: Journey,
    *,
    source: str,
    language: str,
    findings: Iterable[Finding],
    actuals: dict[str, Actual] | None = None,
    as_of: date | None = None,
    segment: Segment | None = None,
    dated: bool = False,
    funnel: Funnel | None = None,
    history: dict[str, tuple[Actual, ...]] | None = None,
    evidence_max_age: int = EVIDENCE_MAX_AGE,  # months; the journey's configuration says
) -> Report:
    actuals = actuals or {}
    history = history or {}
    index = JourneyIndex(journey)
    moments = _moments(journey)
    stage_touchpoints = {s.id: tuple(index.touchpoint(t) for t in s.touchpoints) for s in journey.stages}
    objectives = tuple(
        _objective_row(o, s, actuals.get(o.id), history.get(o.id, ()), as_of)
        for s in journey.stages
        for o in s.objectives
    )
    return Report(
        journey=journey,
        source=source,
        language=language,
        as_of=as_of,
        health=Health(tuple(findings), tuple(_stage_health(s) for s in journey.stages)),
        moments=moments,
        lowest=lowest(moments),
        stage_touchpoints=stage_touchpoints,
        objectives=objectives,
        teams=_teams(journey, index),
        unowned=_unowned(journey),
        segments=_segments(journey),
        time=_time(journey),
        moments_of_truth={
            s.id: tuple(MomentOfTruth(i, step) for i, step in enumerate(s.steps, start=1) if step.moment_of_truth)
            for s in journey.stages
        },
        blueprints={s.id: _blueprint(s) for s in journey.stages if s.has_blueprint},
        evidence=evidence_of(journey, as_of=as_of, max_age=evidence_max_age),
        channels=build_channels(journey, stage_touchpoints, objectives, index.touchpoint),
        segment=segment,
        dated=dated,
        funnel=funnel,
        index=index,
    )


def _value(actual: Actual | None) -> float | None:
    return None if actual is None else actual.value


def _objective_row(
    objective: Objective, stage: Stage, actual: Actual | None, history: tuple[Actual, ...], as_of: date | None
) -> ObjectiveRow:
    return ObjectiveRow(
        objective, stage, actual, status(objective, _value(actual), as_of),
        history=history, trend=trend(objective, [point.value for point in history]),
    )


def _stage_health(stage: Stage) -> StageHealth:
    # A stage whose every step has a score has its emotions, as CJ107 agrees.
    filled = tuple(
        lane for lane in LANES if getattr(stage, lane) or (lane == "emotions" and stage.scored_by_steps)
    )
    return StageHealth(stage, filled, tuple(lane for lane in LANES if lane not in filled))


def _moments(journey: Journey) -> tuple[Moment, ...]:
    """The emotion curve: step scores where a stage has them, else its own score."""
    found: list[Moment] = []
    for number, stage in enumerate(journey.stages, start=1):
        scored = [(i, step) for i, step in enumerate(stage.steps, start=1) if step.score is not None]
        if scored:
            found += [Moment(stage, number, step.score, i, step.text) for i, step in scored]  # type: ignore[arg-type]
        elif stage.emotions is not None:
            found.append(Moment(stage, number, stage.emotions.score, None, stage.name))
    return tuple(found)


class Scored(Protocol):
    @property
    def score(self) -> int: ...


S = TypeVar("S", bound=Scored)


def lowest(moments: Iterable[S], count: int = LOWEST_MOMENTS) -> tuple[S, ...]:
    """The lowest moments that are below neutral, worst first, in the order
    given on ties: a journey's, or a portfolio's."""
    negative = [m for m in moments if m.score < 0]
    return tuple(sorted(negative, key=lambda m: m.score)[:count])


def _time(journey: Journey) -> JourneyTime:
    stages: list[StageTime] = []
    waits: list[Wait] = []
    for number, stage in enumerate(journey.stages, start=1):
        stages.append(StageTime(
            stage, number,
            steps=sum(step.duration or 0.0 for step in stage.steps),
            waits=sum(step.wait or 0.0 for step in stage.steps),
            given=stage.time_spent is not None,
        ))
        waits += [
            Wait(stage, number, i, step.text, step.wait)
            for i, step in enumerate(stage.steps, start=1)
            if step.wait  # a wait of 0 is no wait to call out
        ]
    # Longest first; on ties, the one the customer meets first (sorted is stable).
    longest = sorted(waits, key=lambda wait: -wait.seconds)[:LONGEST_WAITS]
    return JourneyTime(tuple(stages), tuple(longest))


def _blueprint(stage: Stage) -> Blueprint:
    return Blueprint(
        evidence=tuple(stage.evidence),
        actions=tuple((lane, tuple(getattr(stage, lane))) for lane in ACTION_LANES if getattr(stage, lane)),
    )


def _teams(journey: Journey, index: JourneyIndex) -> tuple[TeamRow, ...]:
    """What each team owns, stage by stage: one pass over the journey that
    hands every owned thing to its team, rather than one pass per team."""
    cells: dict[str, dict[str, Owned]] = {}
    owned_stages: dict[str, set[str]] = {}
    for team in journey.teams:
        if team.id not in cells:
            cells[team.id] = {stage.id: Owned() for stage in journey.stages}
            owned_stages[team.id] = set()
    for stage in journey.stages:
        if stage.owner in owned_stages:
            owned_stages[stage.owner].add(stage.id)  # type: ignore[index]
        for lane, things in (
            ("touchpoints", [index.touchpoint(t) for t in stage.touchpoints]),
            ("objectives", stage.objectives),
            ("actions", stage.actions),
            *((lane, getattr(stage, lane)) for lane in ACTION_LANES),
        ):
            for thing in things:
                team_cells = cells.get(thing.owner)  # type: ignore[arg-type]
                if team_cells is not None:
                    getattr(team_cells[stage.id], lane).append(thing)
    return tuple(
        TeamRow(
            team=team,
            owns_journey=journey.owner == team.id,
            stages_owned=frozenset(owned_stages[team.id]),
            cells=cells[team.id],
        )
        for team in journey.teams
    )


def _unowned(journey: Journey) -> tuple[Unowned, ...]:
    found: list[Unowned] = []
    used_in_stage: set[str] = set()
    for stage in journey.stages:
        for entry in stage.touchpoints:
            if isinstance(entry, Touchpoint):
                used_in_stage.add(entry.id)
                if entry.owner is None:
                    found.append(Unowned("touchpoint", entry.name, stage))
        found += [Unowned("objective", o.statement, stage) for o in stage.objectives if o.owner is None]
        found += [Unowned("action", a.title, stage) for a in stage.actions if a.owner is None]
        # Every blueprint lane, frontstage too: CJ117 warns only about backstage and
        # support, which nobody sees, but whoever answers for what the customer
        # does see is just as much a question of team alignment.
        found += [
            Unowned(lane, a.text, stage) for lane in ACTION_LANES for a in getattr(stage, lane) if a.owner is None
        ]
    found += [
        Unowned("touchpoint", t.name, None)
        for t in journey.touchpoints
        if t.owner is None and t.id not in used_in_stage
    ]
    return tuple(found)


def _segments(journey: Journey) -> tuple[SegmentView, ...]:
    """What targets each segment, in journey order: one pass over the journey
    that hands every item to the segments it lists, rather than one per segment."""
    personas = {p.id: p.name for p in persona_list(journey)}
    items: dict[str, list[SegmentItem]] = {segment.id: [] for segment in journey.segments}

    def give(targets: list[str], item: SegmentItem) -> None:
        for segment_id in dict.fromkeys(targets):  # a segment listed twice gets the item once
            found = items.get(segment_id)
            if found is not None:
                found.append(item)

    for stage in journey.stages:
        for lane in ("steps", "needs", "questions", "pain_points", "opportunities"):
            for entry in getattr(stage, lane):
                if entry.segments:
                    give(entry.segments, SegmentItem(stage, lane, entry.text))
        for t in stage.touchpoints:
            if isinstance(t, Touchpoint) and t.segments:
                give(t.segments, SegmentItem(stage, "touchpoints", t.name))
        for a in stage.actions:
            if a.segments:
                give(a.segments, SegmentItem(stage, "actions", a.title))
        for lane in BLUEPRINT_LANES:
            for entry in getattr(stage, lane):
                if entry.segments:
                    give(entry.segments, SegmentItem(stage, lane, entry.text))
    for t in journey.touchpoints:
        if t.segments:
            give(t.segments, SegmentItem(None, "touchpoints", t.name))
    return tuple(
        SegmentView(segment, tuple(personas.get(p, p) for p in segment.personas), tuple(items[segment.id]))
        for segment in journey.segments
    )
