"""Every catalog entry is used by a journey.

A catalog holds the personas, segments, teams and touchpoints that the
journeys of a workspace share. An entry that no journey of the run uses is
either waiting for a journey that does not exist yet, or left over from one
that changed: check it, and remove it if nobody needs it.

A persona is used when a journey lists its id under `personas`, or uses a
segment that names it; a segment, a team or a touchpoint when a journey
names its id where such an id goes (a `segments` list, an `owner`, a stage's
`touchpoints`, a step's or an action's `touchpoint`). Reported only when the
run covers a folder: one journey alone cannot know who else uses a catalog.
The finding points at the entry's `id` in the catalog.

Passing:

```yaml
# people.catalog.yaml
cjmap: 1
kind: catalog
id: people
personas:
  - {id: amina, name: Amina}
---
# signup.journey.yaml
cjmap: 1
id: signup
title: Signing up
catalogs: [people.catalog.yaml]
personas: [amina]
stages:
  - {id: register, name: Registers}
```

Failing:

```yaml
# people.catalog.yaml
cjmap: 1
kind: catalog
id: people
personas:
  - {id: amina, name: Amina}
  - {id: david, name: David}
---
# signup.journey.yaml
cjmap: 1
id: signup
title: Signing up
catalogs: [people.catalog.yaml]
personas: [amina]
stages:
  - {id: register, name: Registers}
```
"""

from collections.abc import Iterator

from cjmap.rules import WORKSPACE, WorkspaceContext, WorkspaceIssue

CODE = "CJ201"
NAME = "unused-catalog-entry"
SEVERITY = "info"
SUMMARY = "a catalog entry (persona, segment, team, touchpoint) is used by no journey of the run"
SCOPE = WORKSPACE

_WHERE_USED = {
    "persona": "list it under a journey's `personas`, or in a segment's `personas`",
    "segment": "name it in the `segments` list of what it is for",
    "team": "name it as the `owner` of what it owns",
    "touchpoint": "name it in a stage's `touchpoints`, or as a step's or an action's `touchpoint`",
}


def check_workspace(context: WorkspaceContext) -> Iterator[WorkspaceIssue]:
    used = {use for journey in context.journeys for use in journey.facts.uses}
    for catalog in context.catalogs:
        for noun in _WHERE_USED:
            for path, ident in catalog.definitions(noun):
                if (catalog.path, noun, ident) in used:
                    continue
                line, column = catalog.positions.value(path + ("id",))
                yield WorkspaceIssue(
                    catalog.name, line, column,
                    f"the {noun} `{ident}` is used by none of the journeys checked",
                    f"{_WHERE_USED[noun]} in a journey that lists this catalog, or remove it from the catalog",
                )
