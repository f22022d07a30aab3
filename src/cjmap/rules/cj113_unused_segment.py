"""Every segment defined is targeted somewhere.

Segments exist to personalise the journey: a touchpoint, a need, a step, a
pain point or an action says which segments it is for. A segment that no
`segments` list names is either forgotten in the journey, or no longer
used and can be removed.

The finding points at the first line of the segment.

Passing:

```yaml
segments:
  - {id: students, name: Students}
stages:
  - id: discover
    name: Discover the offer
    needs:
      - text: An account without fees
        segments: [students]
```

Failing:

```yaml
segments:
  - {id: students, name: Students}
stages:
  - id: discover
    name: Discover the offer
    needs:
      - An account without fees
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.rules import Context, Issue

CODE = "CJ113"
NAME = "unused-segment"
SEVERITY = "info"
SUMMARY = "a segment is defined but nothing targets it"


def check(context: Context) -> Iterator[Issue]:
    targeted = {segment for _, segment in navigate.segment_references(context.journey)}
    for index, segment in enumerate(context.journey.segments):
        if segment.id not in targeted:
            yield Issue(
                f"segment '{segment.id}' is defined but nothing targets it",
                ("segments", index),
                hint=f"add '{segment.id}' to the `segments:` list of the touchpoints, needs, "
                "steps, pain points or actions meant for it, or remove the segment",
            )
