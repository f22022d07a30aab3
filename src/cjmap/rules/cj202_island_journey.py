"""A journey of a linked workspace links somewhere, or is linked to.

When the journeys of a workspace link to each other (a stage or a step says
where the customer goes next, in `links`), a journey that links nowhere and
that no journey links to is an island: often a journey whose place among the
others was forgotten. Link it from the journey that comes before it, or to
the one that comes after. In a workspace where no journey links, nothing is
reported. Reported only when the run covers a folder. The finding points at
the journey's `id`.

Passing:

```yaml
# signup.journey.yaml
cjmap: 1
id: signup
title: Signing up
stages:
  - {id: register, name: Registers, links: [first-week]}
---
# first-week.journey.yaml
cjmap: 1
id: first-week
title: The first week
stages:
  - {id: welcome, name: Welcome call}
```

Failing:

```yaml
# signup.journey.yaml
cjmap: 1
id: signup
title: Signing up
stages:
  - {id: register, name: Registers, links: [first-week]}
---
# first-week.journey.yaml
cjmap: 1
id: first-week
title: The first week
stages:
  - {id: welcome, name: Welcome call}
---
# complaint.journey.yaml
cjmap: 1
id: complaint
title: Making a complaint
stages:
  - {id: write, name: Writes a letter}
```
"""

from collections.abc import Iterator

from cjmap.rules import WORKSPACE, WorkspaceContext, WorkspaceIssue

CODE = "CJ202"
NAME = "island-journey"
SEVERITY = "info"
SUMMARY = "a journey is linked from nowhere and links nowhere, in a workspace where other journeys do link"
SCOPE = WORKSPACE


def check_workspace(context: WorkspaceContext) -> Iterator[WorkspaceIssue]:
    linked_to = {
        root: {target for known in journeys for target in known.links}
        for root, journeys in context.workspaces.items()
    }
    for journey in context.journeys:
        facts = journey.facts
        targets = linked_to.get(journey.root, set())
        if not targets or facts.links or facts.id in targets:
            continue
        yield WorkspaceIssue(
            journey.name, facts.line, facts.column,
            f"the journey `{facts.id}` links to no other journey, and none links to it",
            "add `links:` to the stage or step where the customer goes on to another journey, or link "
            f"to `{facts.id}` from the journey that leads to it",
        )
