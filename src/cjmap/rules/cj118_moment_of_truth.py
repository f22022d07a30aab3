"""Every moment of truth says how the customer feels, and its friction has a remedy.

A step marked `moment_of_truth: true` is a moment that decides whether the
customer stays or leaves: the first answer to a complaint, the day the
card arrives. Two things about such a moment deserve attention first:

- how the customer feels there: a moment of truth without a `score` leaves
  the emotion curve blind exactly where it matters most;
- what is done about its friction: its stage has pain points but neither
  `opportunities` nor `actions`. The format does not tie a pain point to
  an opportunity or an action, so a stage with one opportunity or one
  action counts as acting on its pain points, as in CJ112 (which reports
  the stage itself; this rule reports each moment of truth it puts at
  risk). The blueprint lanes describe how the stage works today, not a
  remedy: they do not count.

A moment of truth with both problems gets two findings, one for each: they
are fixed in different places (the step, the stage), and each goes away on
its own when fixed. A stage with several moments of truth and unremedied
pain points gets one finding per moment of truth.

The findings point at the first line of the step.

Passing:

```yaml
stages:
  - id: resolve
    name: Get the answer
    steps:
      - text: Reads the answer to the complaint
        score: -1
        moment_of_truth: true
    pain_points:
      - The answer takes three weeks
    opportunities:
      - Send a first answer within two days
```

Failing:

```yaml
stages:
  - id: resolve
    name: Get the answer
    steps:
      - text: Reads the answer to the complaint
        moment_of_truth: true
    pain_points:
      - The answer takes three weeks
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.rules import Context, Issue
from cjmap.rules.quoting import quoted

CODE = "CJ118"
NAME = "moment-of-truth"
SEVERITY = "info"
SUMMARY = "a moment of truth has no score, or a pain point in its stage has no opportunity or action"


def check(context: Context) -> Iterator[Issue]:
    for path, stage in navigate.stages(context.journey):
        unremedied = len(stage.pain_points) if not stage.opportunities and not stage.actions else 0
        for index, step in enumerate(stage.steps):
            if not step.moment_of_truth:
                continue
            moment = f"moment of truth {quoted(step.text)} in stage '{stage.id}'"
            where = path + ("steps", index)
            if step.score is None:
                yield Issue(
                    f"{moment} has no score",
                    where,
                    hint="add `score:` to the step, from -2 (very negative) to 2 (very positive): "
                    "how the customer feels here decides whether they stay",
                )
            if unremedied:
                what = "a pain point" if unremedied == 1 else f"{unremedied} pain points"
                yield Issue(
                    f"{moment} is at risk: the stage has {what} but no opportunity or action "
                    "to remedy " + ("it" if unremedied == 1 else "them"),
                    where,
                    hint=f"add `opportunities:` with improvement ideas, or `actions:` with the work "
                    f"that removes the friction, to stage '{stage.id}'",
                )
