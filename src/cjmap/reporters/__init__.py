"""Output formats of `cjmap validate`, one class each, registered by name.

The names are `choices.REPORTERS`, which the CLI's `--format` reads too; a
format NAME is the module `cjmap.reporters.NAME` with its class
`NameReporter`, so adding a format is adding a module and its name there. A reporter's module is imported only when
its format is used, so that a run pays only for the output it writes.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Protocol, TextIO

from cjmap.choices import REPORTERS as NAMES
from cjmap.findings import RunResult


class Reporter(Protocol):
    def __init__(self, *, quiet: bool = False) -> None: ...

    def write(self, result: RunResult, out: TextIO) -> None: ...


_REGISTERED = {name: f"cjmap.reporters.{name}:{name.capitalize()}Reporter" for name in NAMES}


class _Registry(Mapping[str, type[Reporter]]):
    """Format name → reporter class, imported on first use."""

    def __getitem__(self, name: str) -> type[Reporter]:
        module, _, attribute = _REGISTERED[name].partition(":")
        return getattr(importlib.import_module(module), attribute)  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(_REGISTERED)

    def __len__(self) -> int:
        return len(_REGISTERED)


REPORTERS: Mapping[str, type[Reporter]] = _Registry()
