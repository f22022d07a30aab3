"""The journey as one segment lives it.

Items scoped to other segments are left out; items with no `segments` list
are for everyone and stay.
"""

from __future__ import annotations

from typing import Any

from cjmap.errors import UsageError
from cjmap.model import TEXT_LANES, Journey, Segment, Stage, Touchpoint
from cjmap.suggest import did_you_mean

_STAGE_LANES = (*TEXT_LANES, "actions")


def find_segment(journey: Journey, segment_id: str) -> Segment:
    """The segment with this id; a usage error naming the defined ones if none."""
    for segment in journey.segments:
        if segment.id == segment_id:
            return segment
    defined = [s.id for s in journey.segments]
    listed = ", ".join(f"`{s}`" for s in defined) if defined else "none"
    raise UsageError(
        f"the journey '{journey.id}' has no segment `{segment_id}`{did_you_mean(segment_id, defined)}",
        hint=f"defined segments: {listed}",
    )


def for_segment(journey: Journey, segment: str) -> Journey:
    def keeps(item: Any) -> bool:
        scoped = getattr(item, "segments", None)
        return not scoped or segment in scoped

    stages = []
    for stage in journey.stages:
        update: dict[str, Any] = {lane: [i for i in getattr(stage, lane) if keeps(i)] for lane in _STAGE_LANES}
        update["touchpoints"] = [
            t for t in stage.touchpoints if not isinstance(t, Touchpoint) or keeps(t)
        ]
        stages.append(stage.model_copy(update=update))
    catalog = [t for t in journey.touchpoints if keeps(t)]
    dropped = {t.id for t in journey.touchpoints if not keeps(t)}
    # A stage's reference to a catalog touchpoint the segment never meets goes too.
    stages = [_without_references(stage, dropped) for stage in stages]
    return journey.model_copy(update={"stages": stages, "touchpoints": catalog})


def _without_references(stage: Stage, dropped: set[str]) -> Stage:
    if not dropped:
        return stage
    kept = [t for t in stage.touchpoints if not (isinstance(t, str) and t in dropped)]
    return stage.model_copy(update={"touchpoints": kept})
