"""Every stage says where the customer meets the company.

A stage without touchpoints cannot be acted on: nobody knows on which channel
(web, store, email, phone…) the customer is served at this moment, so content
and objectives have nowhere to live. Name a touchpoint from the catalog, or
define one in the stage.

The finding points at the first line of the stage.

Passing:

```yaml
stages:
  - id: discover
    name: Discover the offer
    touchpoints:
      - website
      - {id: branch, name: Branch visit, channel: store}
```

Failing:

```yaml
stages:
  - id: discover
    name: Discover the offer
    touchpoints: []
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.rules import Context, Issue

CODE = "CJ102"
NAME = "stage-touchpoints"
SEVERITY = "error"
SUMMARY = "stage has no touchpoints"


def check(context: Context) -> Iterator[Issue]:
    for path, stage in navigate.stages(context.journey):
        if not stage.touchpoints:
            yield Issue(
                f"stage '{stage.id}' has no touchpoints",
                path,
                hint="add a `touchpoints:` list with where the customer meets the company "
                "here: the id of a catalog touchpoint, or a mapping with `id`, `name` and "
                "`channel`",
            )
