"""The journey-quality rules, CJ101 and up: one module per rule.

Each module's docstring is the rule's user documentation (with a passing and
a failing example); it defines CODE, NAME, SEVERITY and SUMMARY, and a pure
`check(context)` that yields Issues. The engine, not the rule, turns an Issue
into a Finding with a file, a line and column, and a severity.
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
    from cjmap.loader import Path
    from cjmap.model import Journey
    from cjmap.suppressions import Suppression


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
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: Callable[[Context], Iterator[Issue]]

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(
            code=module.CODE,
            name=module.NAME,
            severity=Severity(module.SEVERITY),
            summary=module.SUMMARY,
            doc=(module.__doc__ or "").strip(),
            check=module.check,
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


