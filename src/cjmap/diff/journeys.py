"""Load both versions of one journey and compare them, or say why not.
A catalog's pair is handed to `catalog`.

A version that does not parse, or is not a valid journey, is described
rather than raised: which version, where its first error is, and how many
errors it has. Quality rules do not run; only the structure matters for a
comparison, and a journey with warnings still has a meaning to compare.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cjmap.codes import STRUCTURAL
from cjmap.diff.compare import compare, journey_added, journey_removed
from cjmap.diff.outcome import JourneyDiff, SideProblem
from cjmap.diff.sources import Pair, Version
from cjmap.engine import CheckOptions
from cjmap.findings import FileResult, Finding

if TYPE_CHECKING:
    from cjmap.diff.catalog import Workspaces

# No quality rule runs: structure (CJ001–CJ007) is checked whatever is selected.
STRUCTURE_ONLY = CheckOptions(select=frozenset())
# Errors that leave nothing to read as a journey.
_UNPARSEABLE = frozenset(("CJ001", "CJ002"))


def diff_pair(
    pair: Pair, options: CheckOptions = STRUCTURE_ONLY, workspaces: Workspaces | None = None
) -> JourneyDiff:
    """What changed in one journey, or one catalog (whose changes say which
    journeys of `workspaces` use what changed)."""
    if pair.is_catalog:
        from cjmap.diff.catalog import Workspaces, diff_catalog_pair

        return diff_catalog_pair(pair, options.limits, workspaces or Workspaces())
    old_path = None if pair.old is None else pair.old.path
    new_path = None if pair.new is None else pair.new.path
    if pair.unchanged:
        return JourneyDiff(old_path, new_path, "unchanged", identical=True)
    old = None if pair.old is None else pair.old.load(options)
    new = None if pair.new is None else pair.new.load(options)
    problems = []
    for side, version, result in (("old", pair.old, old), ("new", pair.new, new)):
        problem = None if version is None or result is None else _problem(side, version, result)
        if problem is not None:
            problems.append(problem)
    diff = JourneyDiff(old_path, new_path, "unreadable", problems=problems)
    named = [result.journey for result in (new, old) if result is not None and result.journey is not None]
    if named:
        diff.journey_id, diff.title = named[0].id, named[0].title
    if problems:
        return diff
    if old is None and new is not None:
        diff.status, diff.changes = "added", [journey_added(new.journey)]
    elif new is None and old is not None:
        diff.status, diff.changes = "removed", [journey_removed(old.journey)]
    elif old is not None and new is not None:
        diff.changes = compare(old.journey, new.journey)
        diff.identical = old.source == new.source
        diff.status = "renamed" if pair.renamed else "modified" if diff.changes else "unchanged"
    return diff


def _problem(side: str, version: Version, result: FileResult) -> SideProblem | None:
    return side_problem(side, version, result.findings, result.journey is not None)


def side_problem(
    side: str, version: Version, findings: list[Finding], readable: bool, file_kind: str = "journey"
) -> SideProblem | None:
    """Why a version cannot be compared: its first structural finding, and
    how many it has; None when it was read and has none."""
    structural = [finding for finding in findings if finding.code in STRUCTURAL]
    if readable and not structural:
        return None
    first = structural[0]
    unparseable = any(finding.code in _UNPARSEABLE for finding in structural)
    return SideProblem(
        side=side, file=version.path, revision=version.revision,
        reason="unparseable" if unparseable else "invalid",
        line=first.line, column=first.column, code=first.code, message=first.message,
        errors=len(structural), command=version.command, file_kind=file_kind,
    )
