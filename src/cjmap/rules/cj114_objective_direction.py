"""An objective's direction agrees with its baseline and target.

`direction: increase` with a target below the baseline (or `decrease` with a
target above it) is a contradiction: either the direction or one of the
numbers is wrong, and the report would show progress the wrong way round.
Only an explicit `direction` is checked; an equal baseline and target is
not a contradiction, and nothing is checked when the direction, the
baseline or the target is missing.

The finding points at the `direction` value.

Passing:

```yaml
objectives:
  - id: shorter-waits
    statement: Customers wait less on the phone
    metric: average waiting time
    baseline: 240
    target: 90
    unit: s
    direction: decrease
```

Failing:

```yaml
objectives:
  - id: shorter-waits
    statement: Customers wait less on the phone
    metric: average waiting time
    baseline: 240
    target: 90
    unit: s
    direction: increase
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.rules import Context, Issue

CODE = "CJ114"
NAME = "objective-direction"
SEVERITY = "warning"
SUMMARY = "objective's direction contradicts its baseline and target"


def _number(value: float) -> str:
    """As the author wrote it: 90, not 90.0."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)


def check(context: Context) -> Iterator[Issue]:
    for path, objective in navigate.objectives(context.journey):
        direction, baseline, target = objective.direction, objective.baseline, objective.target
        if direction is None or baseline is None or target is None:
            continue
        if direction == "increase" and target < baseline:
            relation, other = "below", "decrease"
        elif direction == "decrease" and target > baseline:
            relation, other = "above", "increase"
        else:
            continue
        yield Issue(
            f"objective '{objective.id}' says `direction: {direction}`, but its target "
            f"({_number(target)}) is {relation} its baseline ({_number(baseline)})",
            path + ("direction",),
            hint=f"write `direction: {other}` if the metric should {other}, or correct the "
            "`target` or the `baseline`",
        )
