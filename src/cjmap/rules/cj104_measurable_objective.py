"""Every objective is measurable: a metric, a numeric target and a unit.

"Improve satisfaction" cannot be tracked; "raise the NPS of new customers to
45 points" can. Without the metric (what is measured), the target (a plain
number) and the unit (`%`, `EUR`, `s`, `people`…) the team cannot report
progress, and the stakeholder report cannot compare the objective with its
measured actuals. The message names every missing part.

The finding points at the first line of the objective.

Passing:

```yaml
objectives:
  - id: faster-signup
    statement: Opening an account online takes less time
    metric: median time to open an account
    target: 300
    unit: s
```

Failing:

```yaml
objectives:
  - id: faster-signup
    statement: Opening an account online takes less time
    metric: median time to open an account
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.rules import Context, Issue

CODE = "CJ104"
NAME = "measurable-objective"
SEVERITY = "error"
SUMMARY = "objective is not measurable: no metric, no numeric target, or no unit"

# How to add each part, shown in the hint.
_EXAMPLES = {
    "metric": "`metric: conversion rate` (the KPI you measure)",
    "target": "`target: 25` (a plain number)",
    "unit": '`unit: "%"` (or EUR, s, people…)',
}


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _join(words: list[str], conjunction: str) -> str:
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def check(context: Context) -> Iterator[Issue]:
    for path, objective in navigate.objectives(context.journey):
        missing = [
            part
            for part, absent in (
                ("metric", _blank(objective.metric)),
                ("target", objective.target is None),
                ("unit", _blank(objective.unit)),
            )
            if absent
        ]
        if missing:
            yield Issue(
                f"objective '{objective.id}' is not measurable: it has no {_join(missing, 'or')}",
                path,
                hint="add " + _join([_EXAMPLES[part] for part in missing], "and"),
            )
