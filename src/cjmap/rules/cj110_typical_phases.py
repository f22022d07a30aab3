"""The journey covers the typical phases, from first contact to after the purchase.

A journey that stops at the sale, or starts when the customer is already
comparing offers, misses where customers are won and where they are kept.
A complete journey has a stage in each of these groups of phases:
awareness; consideration; decision (or purchase); and one of post-purchase,
loyalty or advocacy. Only stages with a `phase` count. All the missing
groups are named in one finding.

The finding points at the `stages` key.

Passing:

```yaml
stages:
  - {id: discover, name: Discover, phase: awareness}
  - {id: compare, name: Compare, phase: consideration}
  - {id: sign-up, name: Sign up, phase: purchase}
  - {id: first-use, name: First use, phase: post-purchase}
```

Failing:

```yaml
stages:
  - {id: compare, name: Compare, phase: consideration}
  - {id: sign-up, name: Sign up, phase: decision}
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.model import PHASES
from cjmap.rules import Context, Issue

CODE = "CJ110"
NAME = "typical-phases"
SEVERITY = "warning"
SUMMARY = (
    "the journey misses a typical phase: awareness, consideration, decision (or purchase), "
    "and one of post-purchase / loyalty / advocacy"
)

# Each group is met by a stage in any of its phases.
_GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("awareness", frozenset({"awareness"})),
    ("consideration", frozenset({"consideration"})),
    ("decision (or purchase)", frozenset({"decision", "purchase"})),
    ("post-purchase (or loyalty or advocacy)", frozenset({"post-purchase", "loyalty", "advocacy"})),
)


def check(context: Context) -> Iterator[Issue]:
    phases = {stage.phase for _, stage in navigate.stages(context.journey) if stage.phase}
    missing = [label for label, group in _GROUPS if not group & phases]
    if not missing:
        return
    if len(missing) == 1:
        message = f"the journey misses a typical phase: {missing[0]}"
    else:
        listed = ", ".join(missing[:-1]) + " and " + missing[-1]
        message = f"the journey misses {len(missing)} typical phases: {listed}"
    yield Issue(
        message,
        ("stages",),
        at_key=True,
        hint="add a stage for each missing phase, or set the `phase:` of the stages that "
        f"already cover it ({', '.join(PHASES)})",
    )
