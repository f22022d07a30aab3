"""Every stage says how the customer feels.

The emotion curve is the heart of a journey map: it shows where customers
are delighted and where they struggle, and so where to act first. A stage
without `emotions` leaves a gap in that curve.

The finding points at the first line of the stage.

Passing:

```yaml
stages:
  - id: verify
    name: Verify identity
    emotions:
      score: -1
      feelings: [impatient, unsure]
```

Failing:

```yaml
stages:
  - id: verify
    name: Verify identity
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.rules import Context, Issue

CODE = "CJ107"
NAME = "stage-emotions"
SEVERITY = "warning"
SUMMARY = "stage has no emotions"


def check(context: Context) -> Iterator[Issue]:
    for path, stage in navigate.stages(context.journey):
        if stage.emotions is None:
            yield Issue(
                f"stage '{stage.id}' has no emotions",
                path,
                hint="add `emotions:` with a `score` from -2 (very negative) to 2 (very "
                "positive) and, if you know them, the customer's `feelings`",
            )
