"""What one run of `cjmap diff` found, ready for any output format.

A journey (or catalog) that cannot be compared is part of the result, not an
error: its problem says which version is broken, where and how, so the other
files are still shown and the run exits with 1.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from cjmap.diff.changes import Change
from cjmap.diff.words import plural

WORKING_TREE = "working tree"
# The keys of a broken version in JSON, in their order.
_PROBLEM_KEYS = ("side", "file", "revision", "reason", "line", "column", "code", "message", "errors", "hint")
STATUSES = ("modified", "added", "removed", "renamed", "unchanged", "unreadable")


@dataclass(frozen=True, slots=True)
class SideProblem:
    """Why one version of a journey could not be read as a journey (or of a
    catalog, as a catalog)."""

    side: str  # "old" or "new"
    file: str
    revision: str | None  # a git revision, WORKING_TREE, or None for files compared directly
    reason: str  # "unparseable": not YAML; "invalid": YAML, but not a valid journey
    line: int
    column: int
    code: str
    message: str
    errors: int
    command: str  # what shows every error of that version
    file_kind: str = "journey"  # or "catalog"

    @property
    def version(self) -> str:
        """`the old version (a.journey.yaml at HEAD~1)`."""
        if self.revision is None:
            where = self.file
        elif self.revision == WORKING_TREE:
            where = f"{self.file} in the working tree"
        else:
            where = f"{self.file} at {self.revision}"
        return f"the {self.side} version ({where})"

    @property
    def sentence(self) -> str:
        what = "does not parse as YAML" if self.reason == "unparseable" else f"is not a valid {self.file_kind}"
        return (f"{self.version} {what}: line {self.line}, column {self.column}: {self.message} "
                f"({plural(self.errors, 'error')})")

    @property
    def hint(self) -> str:
        before, command, after = self.hint_parts()
        return f"{before} `{command}` {after}"

    def hint_parts(self) -> tuple[str, str, str]:
        """The hint around its command, for formats that mark commands up."""
        if self.revision is None or self.revision == WORKING_TREE:
            return "fix the file and compare again;", self.command, "lists every error"
        return ("a committed version cannot be fixed: compare with a revision where it is valid;",
                self.command, "lists every error")

    def as_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in _PROBLEM_KEYS}


def validate_command(path: str, revision: str | None = None, git_path: str | None = None) -> str:
    """The command that lists every error of one version, ready to paste."""
    if revision is None or revision == WORKING_TREE:
        return f"cjmap validate {shlex.quote(path)}"
    return f"git show {shlex.quote(f'{revision}:{git_path}')} | cjmap validate -"


@dataclass(slots=True)
class JourneyDiff:
    """One journey's (or catalog's) two versions and what changed between them."""

    old: str | None  # path of the old version; None for a new journey
    new: str | None  # path of the new version; None for a removed journey
    status: str  # one of STATUSES
    journey_id: str | None = None
    title: str | None = None
    changes: list[Change] = field(default_factory=list)
    problems: list[SideProblem] = field(default_factory=list)
    identical: bool = False  # the same bytes, not only the same meaning
    kind: str = "journey"  # or "catalog": then `journey_id` and `title` are the catalog's

    @property
    def path(self) -> str:
        return self.new or self.old or ""

    def groups(self) -> list[tuple[str | None, str | None, list[Change]]]:
        """The changes by stage, in order, as (stage id, stage name, changes):
        the journey's own first, under None."""
        groups = []
        for stage, grouped in groupby(self.changes, key=lambda change: change.stage):
            changes = list(grouped)
            groups.append((stage, changes[0].stage_name, changes))
        return groups

    @property
    def headline(self) -> str:
        """What happened to the file, after its path."""
        if self.status == "unreadable":
            return "could not be compared"
        parts = []
        if self.status == "renamed":
            parts.append(f"renamed from {self.old}")
        if self.changes:
            parts.append(plural(len(self.changes), "change"))
        elif self.identical:
            parts.append("no changes")
        else:
            parts.append(f"no changes to the {self.kind} (only layout, comments or details cjmap does not compare)")
        return ", ".join(parts)


@dataclass(slots=True)
class DiffReport:
    """Every journey and catalog of one run, and what the versions are."""

    old_label: str  # "HEAD~1", a file, a folder…
    new_label: str
    journeys: list[JourneyDiff] = field(default_factory=list)  # journeys and catalogs, in the order of their paths

    @property
    def catalogs(self) -> int:
        return sum(1 for journey in self.journeys if journey.kind == "catalog")

    @property
    def unreadable(self) -> int:
        return sum(1 for journey in self.journeys if journey.status == "unreadable")

    @property
    def change_count(self) -> int:
        return sum(len(journey.changes) for journey in self.journeys)

    @property
    def heading(self) -> str:
        return f"Changes from {self.old_label} to {self.new_label}"

    def summary_line(self) -> str:
        changes = plural(self.change_count, "change") if self.change_count else "no changes"
        compared = plural(len(self.journeys) - self.catalogs, "journey")
        if self.catalogs:
            catalogs = plural(self.catalogs, "catalog")
            compared = f"{compared} and {catalogs}" if len(self.journeys) > self.catalogs else catalogs
        line = f"{compared} compared: {changes}"
        if self.unreadable:
            line += f", {self.unreadable} could not be read"
        return line + "."

    def summary(self) -> dict[str, int]:
        """The counts for JSON: `catalogs` only when catalogs were compared;
        the statuses count journeys and catalogs alike."""
        counts = {"journeys": len(self.journeys) - self.catalogs}
        if self.catalogs:
            counts["catalogs"] = self.catalogs
        counts["changes"] = self.change_count
        for status in STATUSES:
            counts[status] = sum(1 for journey in self.journeys if journey.status == status)
        return counts
