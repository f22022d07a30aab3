"""Every stage says how the customer feels.

The emotion curve is the heart of a journey map: it shows where customers
are delighted and where they struggle, and so where to act first. A stage
without `emotions` leaves a gap in that curve. A stage whose steps all have a
`score` is not reported: the curve takes its points from those scores. A stage
with no steps and no emotions is reported.

The finding points at the first line of the stage. In the failing example
below, both stages are reported: `verify` has neither emotions nor steps, and
the first step of `sign` is plain text, without a `score`.

Passing:

```yaml
stages:
  - id: verify
    name: Verify identity
    emotions:
      score: -1
      feelings: [impatient, unsure]
  - id: sign
    name: Sign the contract
    steps:
      - {text: Read the contract, score: 0}
      - {text: Sign on the phone, score: 1}
```

Failing:

```yaml
stages:
  - id: verify
    name: Verify identity
  - id: sign
    name: Sign the contract
    steps:
      - Read the contract
      - {text: Sign on the phone, score: 1}
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
        if stage.emotions is not None:
            continue
        if stage.scored_by_steps:
            continue  # the emotion curve has a point for every step
        yield Issue(
            f"stage '{stage.id}' has no emotions",
            path,
            hint="add `emotions:` with a `score` from -2 (very negative) to 2 (very "
            "positive), or a `score` on every step, and, if you know them, the "
            "customer's `feelings`",
        )
