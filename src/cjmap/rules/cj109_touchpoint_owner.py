"""Every touchpoint names the team that owns it.

Customers judge the company at its touchpoints, so each one needs a team
accountable for it: who fixes the website form, who answers the phone line.
The `owner` must be written on the touchpoint itself, in the catalog or
where it is defined in a stage: an owner on the stage or on the whole
journey does not count, because a stage or a journey usually involves
several teams and a touchpoint is run by one. A touchpoint used by id in
other stages is checked once, where it is defined.

The finding points at the first line of the touchpoint.

Passing:

```yaml
touchpoints:
  - id: website
    name: Public website
    channel: web
    owner: digital
```

Failing:

```yaml
owner: digital
touchpoints:
  - id: website
    name: Public website
    channel: web
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.rules import Context, Issue

CODE = "CJ109"
NAME = "touchpoint-owner"
SEVERITY = "warning"
SUMMARY = "touchpoint has no owner team"


def check(context: Context) -> Iterator[Issue]:
    for path, touchpoint in navigate.touchpoint_definitions(context.journey):
        if touchpoint.owner is None:
            yield Issue(
                f"touchpoint '{touchpoint.id}' has no owner team",
                path,
                hint="add `owner:` to the touchpoint with the id of the team accountable for "
                "it (an owner on the stage or the journey does not count)",
            )
