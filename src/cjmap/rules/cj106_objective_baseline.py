"""Every objective says where the metric stands today.

A target means little without a starting point: reaching 40% is a big step
from 10% and none from 39%. A `baseline` (today's value of the metric, in
the same unit as the target) shows how ambitious the objective is and lets
the report show progress.

The finding points at the first line of the objective.

Passing:

```yaml
objectives:
  - id: higher-nps
    statement: New customers recommend us more
    metric: NPS of customers in their first 90 days
    baseline: 28
    target: 40
    unit: points
```

Failing:

```yaml
objectives:
  - id: higher-nps
    statement: New customers recommend us more
    metric: NPS of customers in their first 90 days
    target: 40
    unit: points
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.rules import Context, Issue

CODE = "CJ106"
NAME = "objective-baseline"
SEVERITY = "info"
SUMMARY = "objective has no baseline"


def check(context: Context) -> Iterator[Issue]:
    for path, objective in navigate.objectives(context.journey):
        if objective.baseline is None:
            yield Issue(
                f"objective '{objective.id}' has no baseline",
                path,
                hint="add `baseline:` with today's value of the metric, as a plain number in "
                "the same unit as the target",
            )
