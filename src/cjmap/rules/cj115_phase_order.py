"""Stages follow the canonical order of phases.

Stages are listed in the order the customer lives them, and the map, the
emotion curve and the report draw them in that order. A stage whose phase
comes earlier than the stage before it (a consideration stage after a
decision stage) is usually misplaced or has the wrong `phase`. The order is
awareness, consideration, decision, purchase, post-purchase, loyalty,
advocacy. Stages without a `phase` are skipped, and several stages in a row
may share a phase. Only the first stage that goes backwards is reported.

The finding points at the `phase` value of the first stage that goes
backwards.

Passing:

```yaml
stages:
  - {id: discover, name: Discover, phase: awareness}
  - {id: compare, name: Compare, phase: consideration}
  - {id: ask, name: Ask an adviser, phase: consideration}
  - {id: sign-up, name: Sign up, phase: purchase}
```

Failing:

```yaml
stages:
  - {id: discover, name: Discover, phase: awareness}
  - {id: sign-up, name: Sign up, phase: purchase}
  - {id: compare, name: Compare, phase: consideration}
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.model import PHASES, Stage
from cjmap.rules import Context, Issue

CODE = "CJ115"
NAME = "phase-order"
SEVERITY = "warning"
SUMMARY = "stages are out of canonical phase order"

_RANK = {phase: rank for rank, phase in enumerate(PHASES)}


def check(context: Context) -> Iterator[Issue]:
    previous: tuple[Stage, str] | None = None  # the last stage with a phase, and its phase
    for path, stage in navigate.stages(context.journey):
        if stage.phase is None:
            continue
        if previous is not None and _RANK[stage.phase] < _RANK[previous[1]]:
            before, phase = previous
            yield Issue(
                f"stage '{stage.id}' ({stage.phase}) comes after stage '{before.id}' "
                f"({phase}), but {stage.phase} comes before {phase}",
                path + ("phase",),
                hint="put the stages in the order the customer lives them ("
                + ", ".join(PHASES)
                + "), or correct their `phase:`",
            )
            return
        previous = stage, stage.phase
