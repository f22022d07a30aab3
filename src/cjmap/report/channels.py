"""Where the journey lives: its touchpoints channel by channel, the mix of
online and offline touchpoints in each stage, where customers score lowest
and hurt on each channel, and which channels serve the objectives that are
off track — so effort goes where it has most impact. No formatting here.

A stage uses the touchpoints it lists and those its steps name. A pain point
names no touchpoint: it counts on every channel its stage uses, as in the
portfolio's pain points by channel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, get_args

from cjmap.model import Channel, Journey, Mode, PainPoint, Stage, Touchpoint
from cjmap.report.status import PRESSING

if TYPE_CHECKING:  # the report's data builds the channels, from its objective rows
    from cjmap.report.data import ObjectiveRow

CHANNELS: tuple[str, ...] = get_args(Channel)  # the format's order, which the section keeps
MODES: tuple[Mode, ...] = ("online", "offline")
LOWEST_PER_CHANNEL = 3  # scored steps named per channel, worst first

Resolve = Callable[[Touchpoint | str], Touchpoint]  # a touchpoint entry or id → its definition


@dataclass(frozen=True, slots=True)
class ChannelStep:
    """A scored step taken on a touchpoint of a channel."""

    stage: Stage
    stage_number: int
    step_number: int
    text: str
    score: int


@dataclass(frozen=True, slots=True)
class ChannelPain:
    """A pain point, with the stage it is noted in."""

    stage: Stage
    stage_number: int
    pain: PainPoint


@dataclass(frozen=True, slots=True)
class ChannelRow:
    """One channel the journey uses."""

    channel: str
    touchpoints: tuple[Touchpoint, ...]  # in the order the customer first meets them
    stage_numbers: tuple[int, ...]  # the stages that use it
    pains: tuple[ChannelPain, ...]  # of the stages that use it, in journey order
    steps: tuple[ChannelStep, ...]  # the scored steps taken on it, in journey order

    @property
    def modes(self) -> tuple[Mode, ...]:
        """Online, offline or both: a touchpoint may set a mode its channel does not default to."""
        found = {touchpoint.effective_mode for touchpoint in self.touchpoints}
        return tuple(mode for mode in MODES if mode in found)

    def pain_count(self, severity: str) -> int:
        return sum(1 for found in self.pains if found.pain.severity == severity)

    @property
    def lowest_score(self) -> int | None:
        return min((step.score for step in self.steps), default=None)

    @property
    def lowest_steps(self) -> tuple[ChannelStep, ...]:
        """The steps below neutral, worst first; on ties, the one met first."""
        negative = [step for step in self.steps if step.score < 0]
        return tuple(sorted(negative, key=lambda step: step.score)[:LOWEST_PER_CHANNEL])


@dataclass(frozen=True, slots=True)
class StageMix:
    """How many of the touchpoints a stage uses are online and offline."""

    stage: Stage
    number: int
    online: int
    offline: int

    @property
    def share_online(self) -> float | None:
        total = self.online + self.offline
        return self.online / total if total else None


@dataclass(frozen=True, slots=True)
class ObjectiveChannels:
    """An objective off track or overdue, and the channels that serve its stage."""

    row: ObjectiveRow
    channels: tuple[str, ...]  # in the format's order


@dataclass(frozen=True, slots=True)
class Channels:
    rows: tuple[ChannelRow, ...]  # in the format's order of channels
    stages: tuple[StageMix, ...]
    off_track: tuple[ObjectiveChannels, ...]
    unattributed: tuple[ChannelPain, ...]  # pain points of stages that use no touchpoint
    measured: bool  # some objective has a measured value
    used_by: dict[str, tuple[Touchpoint, ...]]  # stage id → the touchpoints it uses

    def of_stage(self, stage_id: str) -> tuple[str, ...]:
        """The channels a stage uses, in the order it first uses them."""
        return tuple(dict.fromkeys(touchpoint.channel for touchpoint in self.used_by[stage_id]))

    @property
    def used(self) -> bool:
        return bool(self.rows)

    @property
    def lowest_or_hurting(self) -> tuple[ChannelRow, ...]:
        """The channels with a step below neutral or a pain point."""
        return tuple(row for row in self.rows if row.lowest_steps or row.pains)


def build(
    journey: Journey,
    stage_touchpoints: Mapping[str, tuple[Touchpoint, ...]],
    objectives: Sequence[ObjectiveRow],
    resolve: Resolve,
) -> Channels:
    """The channels of a journey, from the touchpoints each stage lists
    (resolved), its objective rows and a way to resolve the touchpoint ids
    that steps and actions name."""
    used = {stage.id: _used(stage, stage_touchpoints[stage.id], resolve) for stage in journey.stages}
    return Channels(
        rows=_rows(journey, used),
        stages=tuple(
            StageMix(stage, number, *_mode_counts(used[stage.id]))
            for number, stage in enumerate(journey.stages, start=1)
        ),
        off_track=_off_track(objectives, used, resolve),
        unattributed=tuple(
            ChannelPain(stage, number, pain)
            for number, stage in enumerate(journey.stages, start=1) if not used[stage.id]
            for pain in stage.pain_points
        ),
        measured=any(row.actual is not None for row in objectives),
        used_by=used,
    )


def _used(stage: Stage, listed: tuple[Touchpoint, ...], resolve: Resolve) -> tuple[Touchpoint, ...]:
    """The touchpoints a stage uses: those it lists, then those only its steps name."""
    found = {touchpoint.id: touchpoint for touchpoint in listed}
    for step in stage.steps:
        if step.touchpoint is not None and step.touchpoint not in found:
            found[step.touchpoint] = resolve(step.touchpoint)
    return tuple(found.values())


def _mode_counts(touchpoints: tuple[Touchpoint, ...]) -> tuple[int, int]:
    online = sum(1 for touchpoint in touchpoints if touchpoint.effective_mode == "online")
    return online, len(touchpoints) - online


@dataclass(slots=True)
class _Gathered:
    """A channel's row while the journey is walked once."""

    touchpoints: dict[str, Touchpoint]
    stage_numbers: list[int]
    pains: list[ChannelPain]
    steps: list[ChannelStep]


def _rows(journey: Journey, used: Mapping[str, tuple[Touchpoint, ...]]) -> tuple[ChannelRow, ...]:
    gathered: dict[str, _Gathered] = {}
    for number, stage in enumerate(journey.stages, start=1):
        for touchpoint in used[stage.id]:
            row = gathered.setdefault(touchpoint.channel, _Gathered({}, [], [], []))
            row.touchpoints.setdefault(touchpoint.id, touchpoint)
            if not row.stage_numbers or row.stage_numbers[-1] != number:  # two touchpoints, one channel
                row.stage_numbers.append(number)
                row.pains += [ChannelPain(stage, number, pain) for pain in stage.pain_points]
        channel_of = {touchpoint.id: touchpoint.channel for touchpoint in used[stage.id]}
        for step_number, step in enumerate(stage.steps, start=1):
            if step.touchpoint is not None and step.score is not None:
                step_on = ChannelStep(stage, number, step_number, step.text, step.score)
                gathered[channel_of[step.touchpoint]].steps.append(step_on)
    return tuple(
        ChannelRow(channel, tuple(row.touchpoints.values()), tuple(row.stage_numbers), tuple(row.pains),
                   tuple(row.steps))
        for channel in CHANNELS if (row := gathered.get(channel)) is not None
    )


def _off_track(
    objectives: Sequence[ObjectiveRow], used: Mapping[str, tuple[Touchpoint, ...]], resolve: Resolve
) -> tuple[ObjectiveChannels, ...]:
    """The objectives off track or overdue, with the channels of the touchpoints
    their stage uses and of those its actions reach the customer through."""
    found = []
    for status in PRESSING:
        for row in objectives:
            if row.status != status:
                continue
            touchpoints = [*used[row.stage.id], *(resolve(a.touchpoint) for a in row.stage.actions if a.touchpoint)]
            channels = {touchpoint.channel for touchpoint in touchpoints}
            found.append(ObjectiveChannels(row, tuple(c for c in CHANNELS if c in channels)))
    return tuple(found)
