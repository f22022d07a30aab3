"""The quality rules, CJ101 and up: one module per rule.

Each module's docstring is the rule's user documentation (with a passing and
a failing example); it defines CODE, NAME, SEVERITY and SUMMARY, and a pure
`check(context)` that yields Issues. The engine, not the rule, turns an Issue
into a Finding with a file, a line and column, and a severity.

A workspace rule (CJ2xx) looks at every journey and catalog of a run at once:
its module says `SCOPE = "workspace"` and defines `check_workspace(context)`,
which yields WorkspaceIssues; `cjmap.workspace_checks` runs it after every
file is read.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

from cjmap.findings import Severity

if TYPE_CHECKING:
    from cjmap.catalogs import LoadedCatalog
    from cjmap.links import JourneyFacts, KnownJourney
    from cjmap.loader import Path
    from cjmap.model import Journey
    from cjmap.suppressions import Suppression

JOURNEY = "journey"
WORKSPACE = "workspace"


@dataclass(frozen=True, slots=True)
class Issue:
    """What a rule found. It points at the value at `path`, at the key of that
    value when `at_key`, or at an explicit 1-based `position`."""

    message: str
    path: Path = ()
    hint: str | None = None
    at_key: bool = False
    position: tuple[int, int] | None = None


@dataclass(slots=True)
class Context:
    """What a rule may look at."""

    journey: Journey
    # Filled in after the other rules ran; only CJ116 reads it.
    suppressions: list[Suppression] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RunJourney:
    """One journey of a run, as workspace rules see it."""

    name: str  # its file, as messages name it
    root: str  # its workspace's root folder
    facts: JourneyFacts


@dataclass(frozen=True, slots=True)
class WorkspaceContext:
    """What a workspace rule may look at: the run's journeys and catalogs,
    and every journey of their workspaces (those the run did not read too)."""

    journeys: list[RunJourney]
    catalogs: list[LoadedCatalog]  # the usable ones
    workspaces: dict[str, list[KnownJourney]]  # by root folder


@dataclass(frozen=True, slots=True)
class WorkspaceIssue:
    """What a workspace rule found, in which file and where (1-based)."""

    file: str
    line: int
    column: int
    message: str
    hint: str | None = None


def _nothing(_context: Context) -> Iterator[Issue]:
    return iter(())


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: Callable[[Context], Iterator[Issue]]
    scope: str = JOURNEY
    check_workspace: Callable[[WorkspaceContext], Iterator[WorkspaceIssue]] | None = None

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(
            code=module.CODE,
            name=module.NAME,
            severity=Severity(module.SEVERITY),
            summary=module.SUMMARY,
            doc=(module.__doc__ or "").strip(),
            check=getattr(module, "check", _nothing),
            scope=getattr(module, "SCOPE", JOURNEY),
            check_workspace=getattr(module, "check_workspace", None),
        )


def _discover() -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("cj"):
            rule = Rule.from_module(importlib.import_module(f"{__name__}.{info.name}"))
            found[rule.code] = rule
    return dict(sorted(found.items()))


# Adding a rule is adding a module named `cjNNN_<name>.py` here.
RULES: dict[str, Rule] = _discover()
WORKSPACE_CODES = frozenset(code for code, rule in RULES.items() if rule.scope == WORKSPACE)


