"""The blueprint actions of one stage, old and new, paired up.

A blueprint action has no id: like a need, it is known by its text. It stays
in its lane, or moves to another lane of the same stage (frontstage to
backstage, say). An action is paired first with one of the same text in the
same lane, and only then with one left over in another lane, so that a text
written in two lanes on both sides is never taken for two moves. Repeats are
counted, as for needs: the second copy of a text pairs with the second copy
on the other side.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

from cjmap.model import ACTION_LANES, BlueprintAction, Stage


class Paired(NamedTuple):
    """One action, on both sides, or on one: `old` is None for a new action,
    `new` for one removed (never both)."""

    lane: str  # where it is now; for one removed, where it was
    old_lane: str | None  # where it was: another lane than `lane` means it moved
    old: BlueprintAction | None
    new: BlueprintAction | None


def pair_actions(old: Stage, new: Stage) -> list[Paired]:
    """Every blueprint action of the stage, lane by lane in the format's
    order: the lane's new actions in order, each with its old version if it
    has one, then the actions that left the lane and went nowhere."""
    # The old actions not paired yet, by lane and text: their positions, in order.
    free: dict[tuple[str, str], deque[int]] = {}
    for lane in ACTION_LANES:
        for position, action in enumerate(getattr(old, lane)):
            free.setdefault((lane, action.text), deque()).append(position)
    found: dict[tuple[str, int], tuple[str, int]] = {}  # new (lane, position) → old (lane, position)
    elsewhere = []
    for lane in ACTION_LANES:
        for position, action in enumerate(getattr(new, lane)):
            same = free.get((lane, action.text))
            if same:
                found[lane, position] = (lane, same.popleft())
            else:
                elsewhere.append((lane, position, action.text))
    for lane, position, text in elsewhere:
        for other in ACTION_LANES:
            left = free.get((other, text))
            if left:
                found[lane, position] = (other, left.popleft())
                break
    gone = {lane: sorted(p for (where, _), left in free.items() if where == lane for p in left)
            for lane in ACTION_LANES}
    pairs = []
    for lane in ACTION_LANES:
        for position, action in enumerate(getattr(new, lane)):
            was = found.get((lane, position))
            if was is None:
                pairs.append(Paired(lane, None, None, action))
            else:
                pairs.append(Paired(lane, was[0], getattr(old, was[0])[was[1]], action))
        pairs += [Paired(lane, lane, getattr(old, lane)[position], None) for position in gone[lane]]
    return pairs
