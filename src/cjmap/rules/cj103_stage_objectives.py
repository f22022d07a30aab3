"""Every stage says what the company wants to achieve in it.

A stage without objectives has no way to tell whether it works: nobody can
say what success looks like, measure it or be accountable for it. Give each
stage at least one objective, in words, with the metric that tracks it.

The finding points at the first line of the stage.

Passing:

```yaml
stages:
  - id: discover
    name: Discover the offer
    objectives:
      - id: more-visits
        statement: More people find the account page from search
        metric: organic visits per month
        target: 12000
        unit: people
```

Failing:

```yaml
stages:
  - id: discover
    name: Discover the offer
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.rules import Context, Issue

CODE = "CJ103"
NAME = "stage-objectives"
SEVERITY = "error"
SUMMARY = "stage has no objectives"


def check(context: Context) -> Iterator[Issue]:
    for path, stage in navigate.stages(context.journey):
        if not stage.objectives:
            yield Issue(
                f"stage '{stage.id}' has no objectives",
                path,
                hint="add an `objectives:` list with what the company wants to achieve here: "
                "each with an `id`, a `statement`, a `metric`, a `target` and a `unit`",
            )
