"""Every stage is served by at least one action.

Actions are the content, campaigns, processes and product changes that help
the customer through a stage. A stage without actions is a moment the
company does nothing for: either plan something for it, or record what
already exists so that it has an owner.

The finding points at the first line of the stage.

Passing:

```yaml
stages:
  - id: compare
    name: Compare accounts
    actions:
      - title: Publish a fee comparison page
        type: content
```

Failing:

```yaml
stages:
  - id: compare
    name: Compare accounts
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.rules import Context, Issue

CODE = "CJ108"
NAME = "stage-actions"
SEVERITY = "warning"
SUMMARY = "stage has no actions (no content or action serves it)"


def check(context: Context) -> Iterator[Issue]:
    for path, stage in navigate.stages(context.journey):
        if not stage.actions:
            yield Issue(
                f"stage '{stage.id}' has no actions",
                path,
                hint="add an `actions:` list with the content, campaigns or processes that "
                "serve the customer here, each with a `title`",
            )
