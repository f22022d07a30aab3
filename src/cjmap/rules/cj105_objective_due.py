"""Every objective has a due date.

An objective without a date is a wish: nobody knows when to check it, and it
never fails. A `due` date makes it time-bound, tells the team when the
target must be reached, and lets the report show what is overdue.

The finding points at the first line of the objective.

Passing:

```yaml
objectives:
  - id: more-signups
    statement: More people open an account online
    metric: online account openings per month
    target: 1500
    unit: people
    due: 2025-12-31
```

Failing:

```yaml
objectives:
  - id: more-signups
    statement: More people open an account online
    metric: online account openings per month
    target: 1500
    unit: people
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.rules import Context, Issue

CODE = "CJ105"
NAME = "objective-due"
SEVERITY = "warning"
SUMMARY = "objective has no due date (not time-bound)"


def check(context: Context) -> Iterator[Issue]:
    for path, objective in navigate.objectives(context.journey):
        if objective.due is None:
            yield Issue(
                f"objective '{objective.id}' has no due date",
                path,
                hint="add `due:` with the date the target must be reached, as an ISO date "
                "such as `due: 2025-12-31`",
            )
