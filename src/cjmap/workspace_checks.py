"""The checks only a whole workspace can make, once every file of a run is
read: links to other journeys (CJ004), journeys sharing an id (CJ005), and
the workspace rules (CJ201 and up).

Each journey's own check noted what these need (`cjmap.links.JourneyFacts`).
The journeys of a workspace that the run did not read come from the
workspace's index (`cjmap.journey_index`), read only when the run does not
cover the whole workspace, and cached on disk, so a one-file run does not
read every other journey each time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from cjmap.catalogs import LoadedCatalog, shown_name
from cjmap.files import Source
from cjmap.findings import FileResult, Finding, Severity
from cjmap.links import KnownJourney, dangling_links, duplicate_id
from cjmap.rules import RULES, WORKSPACE_CODES, RunJourney, WorkspaceContext
from cjmap.settings import Settings
from cjmap.suppressions import Suppression, find_suppressions
from cjmap.workspace import workspace_root

def check_workspace(
    journeys: Iterable[tuple[Source, FileResult]],
    settings: Settings,
    *,
    folders: list[str],
    catalogs: Iterable[LoadedCatalog] = (),
) -> None:
    """Add to each result what the workspace says of it. The workspace rules
    run only when the run covers a folder (`folders`): one journey alone
    cannot know who else uses a catalog, or links to it."""
    groups: dict[str, list[tuple[Source, FileResult]]] = {}
    for source, result in journeys:
        if result.facts is not None:
            groups.setdefault(_root_of(source), []).append((source, result))
    workspaces: dict[str, list[KnownJourney]] = {}
    run: list[RunJourney] = []
    for root, members in groups.items():
        known = _known(root, members, settings, covered=_covers(folders, root))
        workspaces[root] = [journey for _, journey in known]
        by_id: dict[str, list[tuple[str, KnownJourney]]] = {}
        for key, journey in known:
            by_id.setdefault(journey.id, []).append((key, journey))
        linkable = {ident: [journey for _, journey in entries] for ident, entries in by_id.items()}
        for source, result in members:
            facts = result.facts
            run.append(RunJourney(result.file, root, facts))
            problems = list(dangling_links(facts, linkable))
            first_key, first = by_id[facts.id][0]
            if first_key != _key(source):
                problems.append(duplicate_id(facts, first))
            _add(result, [Finding(result.file, p.line, p.column, p.code, Severity.ERROR, p.message, p.hint)
                          for p in problems])
    if folders:
        _workspace_rules(WorkspaceContext(run, [c for c in catalogs if c.usable], workspaces),
                         journeys=groups, catalogs=catalogs, settings=settings)


def _workspace_rules(
    context: WorkspaceContext,
    *,
    journeys: dict[str, list[tuple[Source, FileResult]]],
    catalogs: Iterable[LoadedCatalog],
    settings: Settings,
) -> None:
    """Run every workspace rule; each finding is judged by the settings and
    the suppression comments of the file it is in."""
    files: dict[str, tuple[str, FileResult, list[Suppression]]] = {}
    for members in journeys.values():
        for source, result in members:
            files[result.file] = (source.path, result, list(result.facts.suppressions))
    for catalog in catalogs:
        files[catalog.name] = (catalog.path, catalog.result, find_suppressions(catalog.result.source or ""))
    for code in sorted(WORKSPACE_CODES):
        rule = RULES[code]
        assert rule.check_workspace is not None
        for issue in rule.check_workspace(context):
            path, result, suppressions = files[issue.file]
            options = settings.for_file(path).options
            if not options.enables(code) or any(s.covers(code, issue.line) for s in suppressions):
                continue
            severity = options.severities.get(code, rule.severity)
            _add(result, [Finding(issue.file, issue.line, issue.column, code, severity, issue.message, issue.hint)])


def _known(
    root: str, members: list[tuple[Source, FileResult]], settings: Settings, *, covered: bool
) -> list[tuple[str, KnownJourney]]:
    """Every journey of one workspace, in the order a run over its root finds
    them, each with a key that tells files apart: the run's journeys as just
    checked, the others from the index (only when the run does not cover
    the root: then the run's own journeys are all of them)."""
    ours = {
        _key(source): KnownJourney(result.facts.id, result.facts.stage_ids, result.file, result.facts.line,
                                   frozenset(result.facts.linked_journeys))
        for source, result in members
    }
    if covered:
        return list(ours.items())
    from cjmap.journey_index import index

    found: list[tuple[str, KnownJourney]] = []
    for journey in index(Path(root), settings).in_order():
        if str(workspace_root(Path(journey.path).parent)) != root:
            continue  # in a workspace of its own, below this one
        key = os.path.realpath(journey.path)
        found.append((key, ours.pop(key) if key in ours else KnownJourney(
            journey.id, journey.stage_ids, shown_name(journey.path), journey.line, frozenset(journey.links),
        )))
    return found + list(ours.items())


def _key(source: Source) -> str:
    """What tells journey files apart: the real path of the file a journey
    is (for standard input, of the file `--stdin-filename` names)."""
    return os.path.realpath(source.stands_for)


def _root_of(source: Source) -> str:
    return str(workspace_root(Path(source.stands_for).parent))


def _covers(folders: list[str], root: str) -> bool:
    """Whether a run over `folders` reads every journey under `root`."""
    for folder in folders:
        real = os.path.realpath(folder)
        if root == real or root.startswith(os.path.join(real, "")):
            return True
    return False


def _add(result: FileResult, findings: list[Finding]) -> None:
    if not findings:
        return
    result.findings = sorted([*result.findings, *findings], key=Finding.sort_key)
    if result.excerpts is not None and result.facts is not None:  # slimmed: the lines it may now need
        result.excerpts.update(result.facts.excerpts)
