"""A stage with pain points has an opportunity or an action to remedy them.

Listing the friction customers feel is only half the work: a pain point
with no improvement idea and no action is a known problem nobody is acting
on. Add the ideas under `opportunities`, or the planned work under
`actions`.

The finding points at the first line of the stage.

Passing:

```yaml
stages:
  - id: verify
    name: Verify identity
    pain_points:
      - The video call drops on mobile data
    opportunities:
      - Let customers upload a photo of their ID instead
```

Failing:

```yaml
stages:
  - id: verify
    name: Verify identity
    pain_points:
      - The video call drops on mobile data
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.rules import Context, Issue

CODE = "CJ112"
NAME = "pain-without-remedy"
SEVERITY = "info"
SUMMARY = "stage has pain points but no opportunity or action"


def check(context: Context) -> Iterator[Issue]:
    for path, stage in navigate.stages(context.journey):
        if stage.pain_points and not stage.opportunities and not stage.actions:
            count = len(stage.pain_points)
            what = "a pain point" if count == 1 else f"{count} pain points"
            yield Issue(
                f"stage '{stage.id}' has {what} but no opportunity or action to remedy "
                + ("it" if count == 1 else "them"),
                path,
                hint="add `opportunities:` with improvement ideas, or `actions:` with the "
                "work that removes the friction",
            )
