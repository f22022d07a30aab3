"""How an objective is doing against its target.

Statuses, checked in this order:

- **no data** — no measured value for the objective.
- **achieved** — the measured value reached the target (at or above it for an
  objective that increases, at or below it for one that decreases).
- **overdue** — not achieved, and the due date is before the report's date.
- **off track** — no progress from the baseline, or moved the wrong way.
- **at risk** — some progress, but less than half of the way from baseline to
  target; also any objective not achieved whose progress cannot be measured
  (no baseline, or a baseline equal to the target).
- **on track** — at least half of the way from baseline to target.

The report's date is `--date` when given, otherwise the date of the latest
measurement in the actuals file, otherwise the day the report is written.
Progress is (value − baseline) / (target − baseline).

Trends, from the objective's dated values (its history), oldest first:

- **improving** — the last value moved the right way from the one before it:
  up for an objective that increases, down for one that decreases.
- **worsening** — the last value moved the wrong way.
- **steady** — the last two values are equal.
- **none** — fewer than two dated values: no trend to tell.

Only the last two values count: the report answers "is it moving the right
way now?", and the trend line shows the longer story. An objective whose
direction cannot be told (no `direction`, no baseline) counts as one that
increases, as it does when deciding whether it is achieved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from cjmap.model import Objective

Status = Literal["no-data", "achieved", "overdue", "off-track", "at-risk", "on-track"]
STATUSES: tuple[Status, ...] = ("achieved", "on-track", "at-risk", "off-track", "overdue", "no-data")
ON_TRACK_PROGRESS = 0.5
# The statuses that call for action now, the most pressing first: the report
# names these objectives one by one (summary, channels) and counts the others.
PRESSING: tuple[Status, ...] = ("overdue", "off-track")
Trend = Literal["improving", "steady", "worsening", "none"]
TRENDS: tuple[Trend, ...] = ("improving", "steady", "worsening", "none")
Move = Literal["up", "down", "level"]


def progress(objective: Objective, value: float) -> float | None:
    """Share of the way from baseline to target, or None when unmeasurable."""
    if objective.baseline is None or objective.target is None or objective.target == objective.baseline:
        return None
    return (value - objective.baseline) / (objective.target - objective.baseline)


def status(objective: Objective, value: float | None, as_of: date | None) -> Status:
    if value is None:
        return "no-data"
    if objective.target is not None and _reached(objective, value):
        return "achieved"
    if as_of is not None and objective.due is not None and objective.due < as_of:
        return "overdue"
    share = progress(objective, value)
    if share is None:
        return "at-risk"
    if share <= 0:
        return "off-track"
    return "on-track" if share >= ON_TRACK_PROGRESS else "at-risk"


def _reached(objective: Objective, value: float) -> bool:
    assert objective.target is not None
    if objective.effective_direction == "decrease":
        return value <= objective.target
    return value >= objective.target


def trend(objective: Objective, values: Sequence[float]) -> Trend:
    """Whether the objective is moving the right way, from the last two of
    its dated `values` (oldest first)."""
    if len(values) < 2:
        return "none"
    move = moved(values)
    if move == "level":
        return "steady"
    wants_more = objective.effective_direction != "decrease"
    return "improving" if (move == "up") == wants_more else "worsening"


def moved(values: Sequence[float]) -> Move:
    """Which way the last of at least two `values` moved from the one before."""
    before, last = values[-2], values[-1]
    return "up" if last > before else "down" if last < before else "level"
