"""What a check finds, and what a whole file's check produced."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


# What libyaml counts as a line break, and so every line number cjmap reports.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

class Severity(str, Enum):
    """How bad a finding is; the order matters for `--fail-on`."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding before the engine knows its file and severity."""

    code: str
    line: int
    column: int
    message: str
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place in one file. Lines and columns are 1-based."""

    file: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(slots=True)
class FileResult:
    """Everything one journey file produced; `source` feeds the caret display,
    `journey` is the validated model (None when the structure is broken)."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    source: str | None = None
    journey: Any = None
    excerpts: dict[int, str] | None = None  # instead of source, once slimmed
    shown: int | None = None  # how many findings the text report prints (None: all)
    catalogs: list[str] = field(default_factory=list)  # real paths of the catalogs the journey used
    # Findings the journey causes in another file (a catalog), reported there once per run.
    elsewhere: list[Finding] = field(default_factory=list)
    facts: Any = None  # what workspace checks need to know of the journey (cjmap.links.JourneyFacts)
    # The source split into lines once: splitting it again for every finding
    # made a file with thousands of findings quadratic.
    _lines: list[str] | None = field(default=None, init=False, repr=False, compare=False)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def excerpt(self, line: int) -> str | None:
        """The source line a finding points at, for the caret display."""
        if self.excerpts is not None:
            return self.excerpts.get(line)
        if self._lines is None:
            # Lines as libyaml counts them, as every finding's line does (not
            # str.splitlines, which also breaks at form feeds and the like).
            self._lines = LINE_BREAK.split(self.source or "")
        lines = self._lines
        return lines[line - 1] if 0 < line <= len(lines) else None

    def slim(self) -> FileResult:
        """Keep only what reporters need: the lines findings point at, not the
        whole source nor the model (cheap to send between processes)."""
        excerpts = {}
        for finding in self.findings:
            text = self.excerpt(finding.line)
            if text is not None:
                excerpts[finding.line] = text
        return FileResult(file=self.file, findings=self.findings, excerpts=excerpts, catalogs=self.catalogs,
                          elsewhere=self.elsewhere, facts=self.facts)


@dataclass(slots=True)
class RunResult:
    """The results of every file of one run, in a stable order."""

    files: list[FileResult] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]

    def count(self, severity: Severity) -> int:
        return sum(result.count(severity) for result in self.files)

    def fails(self, fail_on: Severity) -> bool:
        return any(f.severity.rank >= fail_on.rank for f in self.findings)
