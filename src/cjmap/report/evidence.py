"""How old the evidence behind each stage is: its customer feedback, and the
newest date among it, counted in months on the report's date. No formatting
here: the templates decide how an age reads.

Ages are whole calendar months. A month counts once the same day of a later
month is reached, or that month's last day when it is shorter: 31 January →
28 February is one month, 31 March 2025 → 30 March 2026 is 11, and 29
February 2024 → 28 February 2025 is 12. Feedback dated after the report's
date is 0 months old and never stale. A stage is stale when its newest
feedback is more months old than the maximum age (`evidence-max-age`, 12 by
default): 12 months and some days is not yet stale, 13 months is.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from cjmap.model import Journey, Stage

# Why a stage is flagged: its newest feedback is too old, it has no feedback,
# or it has feedback and none of it says when it was collected.
STALE = "stale"
NO_FEEDBACK = "no-feedback"
UNDATED = "undated"
FLAGS = (STALE, NO_FEEDBACK, UNDATED)


@dataclass(frozen=True, slots=True)
class StageEvidence:
    """One stage's feedback: how much, how recent, and whether to flag it."""

    stage: Stage
    number: int  # the stage's place in the journey, from 1
    pieces: int  # pieces of feedback, dated or not
    newest: date | None  # the latest `date` among them; None: none is dated
    age: int | None  # whole months from `newest` to the report's date; None: either is missing
    flag: str | None  # one of FLAGS, or None: nothing to call out (or no report date)

    @property
    def stale(self) -> bool:
        return self.flag == STALE


@dataclass(frozen=True, slots=True)
class Evidence:
    """The age of every stage's evidence on the report's date (`as_of`)."""

    stages: tuple[StageEvidence, ...]
    max_age: int  # months; older is stale
    as_of: date | None  # None: no report date, so no ages and no flags
    _by_stage: dict[str, StageEvidence] = field(default_factory=dict, repr=False, compare=False)

    def of(self, stage_id: str) -> StageEvidence | None:
        return self._by_stage.get(stage_id)

    @property
    def flagged(self) -> tuple[StageEvidence, ...]:
        return tuple(stage for stage in self.stages if stage.flag is not None)

    @property
    def any_feedback(self) -> bool:
        return any(stage.pieces for stage in self.stages)


def evidence_of(journey: Journey, *, as_of: date | None, max_age: int) -> Evidence:
    """Every stage's evidence, in the journey's order."""
    stages = tuple(
        _stage_evidence(stage, number, as_of, max_age) for number, stage in enumerate(journey.stages, start=1)
    )
    return Evidence(stages, max_age, as_of, {found.stage.id: found for found in stages})


def _stage_evidence(stage: Stage, number: int, as_of: date | None, max_age: int) -> StageEvidence:
    dates = [entry.date for entry in stage.feedback if entry.date is not None]
    newest = max(dates) if dates else None
    age = months_between(newest, as_of) if newest is not None and as_of is not None else None
    return StageEvidence(stage, number, len(stage.feedback), newest, age, _flag(stage, age, as_of, max_age))


def _flag(stage: Stage, age: int | None, as_of: date | None, max_age: int) -> str | None:
    if as_of is None:
        return None  # without a report date, nothing is old or new
    if not stage.feedback:
        return NO_FEEDBACK
    if age is None:
        return UNDATED
    return STALE if age > max_age else None


def months_between(start: date, end: date) -> int:
    """Whole calendar months from `start` to `end`; 0 when `end` comes first.
    Worked out from the calendar's numbers, never by adding to a date, so no
    month count is too big."""
    months = (end.year - start.year) * 12 + end.month - start.month
    # The day `start` lands on in `end`'s month: its own, or that month's last.
    landing = min(start.day, calendar.monthrange(end.year, end.month)[1])
    if end.day < landing:
        months -= 1  # the last month has not fully passed yet
    return max(months, 0)
