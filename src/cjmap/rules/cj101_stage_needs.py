"""Every stage says what the customer needs.

A stage without needs describes what the company does, not what the customer
is looking for. List what the customer needs, wants or looks for at this
moment: it is the basis for the content, touchpoints and objectives of the
stage.

The finding points at the first line of the stage.

Passing:

```yaml
stages:
  - id: discover
    name: Discover the offer
    needs:
      - Understand what the account costs
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

CODE = "CJ101"
NAME = "stage-needs"
SEVERITY = "error"
SUMMARY = "stage has no needs"


def check(context: Context) -> Iterator[Issue]:
    for path, stage in navigate.stages(context.journey):
        if not stage.needs:
            yield Issue(
                f"stage '{stage.id}' has no needs",
                path,
                hint="add a `needs:` list with what the customer needs, wants or looks for here",
            )
