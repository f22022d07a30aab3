"""Every backstage and support action names the team that does it.

The backstage and support lanes of a blueprint hold the work the customer
never sees: checking documents, dispatching a crew, the case system that
routes a request. Out of sight is where a request gets lost between teams,
so each of those actions needs a team accountable for it. The `owner` must
be written on the action itself: an owner on the stage or on the whole
journey does not count, because a stage involves several teams and an
action is done by one. An action written as plain text has no owner: write
it as a mapping with `text` and `owner`.

Frontstage actions are not checked: they happen in front of the customer,
at a touchpoint, and the touchpoint's owner answers for them (CJ109).

The finding points at the action: the first line of its mapping, or its
text when it is plain text. Each action is reported on its own, in every
stage it appears in.

Passing:

```yaml
teams:
  - {id: operations, name: Operations}
stages:
  - id: verify
    name: Verify identity
    backstage:
      - text: Checks the documents against the register
        owner: operations
    support:
      - {text: Identity register, owner: operations, system: Register API}
```

Failing:

```yaml
owner: operations
teams:
  - {id: operations, name: Operations}
stages:
  - id: verify
    name: Verify identity
    backstage:
      - Checks the documents against the register
    support:
      - {text: Identity register, system: Register API}
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.model import Journey
from cjmap.rules import Context, Issue
from cjmap.rules.quoting import quoted
from cjmap.suggest import listed

CODE = "CJ117"
NAME = "blueprint-action-owner"
SEVERITY = "warning"
SUMMARY = "a backstage or support action has no owner team"

# The lanes out of the customer's sight; frontstage is answered for by its touchpoint.
_CHECKED_LANES = ("backstage", "support")


def check(context: Context) -> Iterator[Issue]:
    hint = (
        "give the action an `owner:` with the id of the team that does it (write a plain-text "
        "action as a mapping with `text:` and `owner:`); " + _where_teams_are(context.journey)
    )
    for path, stage in navigate.stages(context.journey):
        for lane in _CHECKED_LANES:
            for index, action in enumerate(getattr(stage, lane)):
                if action.owner is None:
                    yield Issue(
                        f"{lane} action {quoted(action.text)} in stage '{stage.id}' has no owner team",
                        path + (lane, index),
                        hint=hint,
                    )


def _where_teams_are(journey: Journey) -> str:
    # The journey the rules see holds only the catalog teams it already uses:
    # with catalogs, the list would be incomplete, so say where to look.
    if journey.catalogs:
        return "the teams are listed under `teams:`, in the journey or in the catalogs it lists"
    if journey.teams:
        return "defined teams: " + listed([team.id for team in journey.teams])
    return "define that team under `teams:` first"
