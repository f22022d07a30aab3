"""Catalogs: personas, segments, teams and touchpoints defined once and used by
many journeys of a workspace.

A run reads and checks each catalog once, however many journeys list it
(`CatalogStore`). A catalog's own problems are findings in the catalog file,
at its own lines; a journey that lists it gets the catalog's definitions as
if it defined them itself (`Definitions`), and a CJ007 at the list entry when
the catalog cannot be used. Whether a path may be read at all is decided by
`cjmap.workspace` before anything is opened.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cjmap.codes import STRUCTURAL
from cjmap.findings import FileResult, Finding, Problem, Severity
from cjmap.limits import DEFAULT_LIMITS, Limits
from cjmap.loader import Path as DocPath
from cjmap.loader import Positions, load_bytes
from cjmap.model import Catalog, Journey, Touchpoint

# The kinds of ids a catalog may define, and where each list lives in a file.
NOUNS = {"persona": "personas", "segment": "segments", "team": "teams", "touchpoint": "touchpoints"}


@dataclass(slots=True)
class LoadedCatalog:
    """One catalog file as a run read it: its findings and, when its
    structure holds, its model and where each value is."""

    path: str  # the real path: one entry per file, however it was reached
    name: str  # as messages show it
    result: FileResult
    catalog: Catalog | None = None
    positions: Positions = field(default_factory=Positions)
    says_catalog: bool = True  # False when the file reads but has no `kind: catalog`

    @property
    def usable(self) -> bool:
        return self.catalog is not None and not any(finding.code in STRUCTURAL for finding in self.result.findings)

    def definitions(self, noun: str) -> Iterator[tuple[DocPath, str]]:
        """Each id of one kind the catalog defines, with its path in the file."""
        if self.catalog is None:
            return
        key = NOUNS[noun]
        for index, entry in enumerate(getattr(self.catalog, key)):
            yield (key, index), entry.id

    def line_of(self, path: DocPath) -> int:
        return self.positions.value(path + ("id",))[0]


class CatalogStore:
    """The catalogs of one run, each read and checked once, however many
    journeys list it (and in how many processes: a store filled before the
    run's workers start is shared with them)."""

    def __init__(self, limits_for: Callable[[str], Limits] | Limits = DEFAULT_LIMITS) -> None:
        # Each catalog is read with the limits of its own configuration.
        self._limits_for = limits_for if callable(limits_for) else (lambda _path: limits_for)
        self._loaded: dict[str, LoadedCatalog] = {}

    def get(self, path: Path, name: str) -> LoadedCatalog:
        real = os.path.realpath(path)
        if real not in self._loaded:
            self._loaded[real] = read_catalog(real, name, self._limits_for(real))
        return self._loaded[real]

    def loaded(self) -> list[LoadedCatalog]:
        """Every catalog read so far, in the order first read."""
        return list(self._loaded.values())


@dataclass(slots=True)
class Definitions:
    """What a journey may refer to: its catalogs' ids, before its own."""

    catalogs: list[LoadedCatalog] = field(default_factory=list)  # the usable ones, in the order listed
    read: list[str] = field(default_factory=list)  # every catalog file read, usable or not: reported too
    # Findings the combination causes in a catalog file (two catalogs of one
    # journey defining the same id): reported there, once per run.
    elsewhere: list[Finding] = field(default_factory=list)

    def defined(self, noun: str) -> Iterator[tuple[LoadedCatalog, DocPath, str]]:
        for loaded in self.catalogs:
            for path, ident in loaded.definitions(noun):
                yield loaded, path, ident


def shown_name(real: str) -> str:
    """A catalog as messages name it: from the current folder when it is below
    it (as a journey named on the command line would be), else its full path."""
    from cjmap.naming import shown

    relative = os.path.relpath(real)
    return shown(real if relative.startswith("..") else relative)


def listed_catalogs(
    journey: Journey, positions: Positions, folder: Path, store: CatalogStore
) -> tuple[Definitions, list[Problem]]:
    """The catalogs a journey lists, each checked once per run: the usable
    ones as its definitions, and a CJ007 at each entry that cannot be used."""
    from cjmap.workspace import CatalogRefused, resolve_catalog, workspace_root

    definitions = Definitions()
    problems: list[Problem] = []
    if not journey.catalogs:
        return definitions, problems
    root = workspace_root(folder)
    first_line: dict[str, int] = {}
    for index, entry in enumerate(journey.catalogs):
        line, column = positions.value(("catalogs", index))
        try:
            real = str(resolve_catalog(entry, folder, root))
        except CatalogRefused as refused:
            problems.append(Problem("CJ007", line, column, str(refused), refused.hint))
            continue
        if real in first_line:
            problems.append(Problem(
                "CJ007", line, column, f"the catalog `{entry}` is listed twice (first at line {first_line[real]})",
                "list each catalog once",
            ))
            continue
        first_line[real] = line
        loaded = store.get(Path(real), shown_name(real))
        definitions.read.append(loaded.path)
        if not loaded.says_catalog:
            problems.append(Problem(
                "CJ007", line, column, f"`{entry}` is not a catalog: it does not say `kind: catalog`",
                "list only catalog files here; a catalog starts with `cjmap: 1` and `kind: catalog`",
            ))
        elif not loaded.usable:
            problems.append(Problem(
                "CJ007", line, column,
                f"the catalog `{entry}` cannot be used until its own errors are fixed ({loaded.name})",
                f"run `cjmap validate {loaded.name}` to see them",
            ))
        else:
            definitions.catalogs.append(loaded)
    return definitions, problems


def resolved(journey: Journey, definitions: Definitions) -> Journey:
    """The journey as commands draw and report it: each persona named by id
    replaced by the catalog's, and the catalogs' segments, teams and
    touchpoints it uses added to its own, so every name is known."""
    if not definitions.catalogs:
        return journey
    from cjmap import navigate

    by_noun: dict[str, dict[str, object]] = {noun: {} for noun in NOUNS}
    for loaded in definitions.catalogs:
        if loaded.catalog is None:
            continue
        for noun, key in NOUNS.items():
            for entry in getattr(loaded.catalog, key):
                by_noun[noun].setdefault(entry.id, entry)
    personas = [
        by_noun["persona"].get(entry, entry) if isinstance(entry, str) else entry for entry in journey.personas
    ]
    own = {noun: {entry.id for entry in getattr(journey, key) if not isinstance(entry, str)} for noun, key in NOUNS.items()}
    own["touchpoint"] |= {t.id for _, t in navigate.touchpoint_definitions(journey)}
    # In the catalogs' order (the order their authors chose), never in the
    # order of a set: a picture must be the same at every run.
    def added(noun: str, ids: set[str]) -> list[Any]:
        return [entry for ident, entry in by_noun[noun].items() if ident in ids and ident not in own[noun]]

    touchpoints: list[Touchpoint] = added("touchpoint", {i for _, i in navigate.touchpoint_references(journey)})
    # A catalog touchpoint brings the catalog team that owns it, and its segments.
    teams = added("team", {i for _, i in navigate.owner_references(journey)} | {t.owner for t in touchpoints if t.owner})
    segments = added("segment", {i for _, i in navigate.segment_references(journey)}
                     | {s for t in touchpoints for s in t.segments})
    return journey.model_copy(update={
        "personas": personas,
        "segments": [*journey.segments, *segments],
        "teams": [*journey.teams, *teams],
        "touchpoints": [*journey.touchpoints, *touchpoints],
    })


def used_entries(journey: Journey, whole: Journey, definitions: Definitions) -> frozenset[tuple[str, str, str]]:
    """The catalog entries a journey uses, as (catalog real path, noun, id):
    a persona when the journey lists its id or uses a segment naming it; a
    segment, team or touchpoint when the journey (or a catalog entry it
    uses) names its id. `whole` is the journey `resolved` with them."""
    if not definitions.catalogs:
        return frozenset()
    from cjmap import navigate

    used = {
        "persona": {ident for _, ident in navigate.persona_references(journey)}
        | {persona for segment in whole.segments for persona in segment.personas},
        "segment": {ident for _, ident in navigate.segment_references(whole)},
        "team": {ident for _, ident in navigate.owner_references(whole)},
        "touchpoint": {ident for _, ident in navigate.touchpoint_references(whole)},
    }
    found: set[tuple[str, str, str]] = set()
    for noun, ids in used.items():
        for loaded, _, ident in definitions.defined(noun):
            if ident in ids:
                found.add((loaded.path, noun, ident))
    return frozenset(found)


def read_catalog(path: str, name: str, limits: Limits) -> LoadedCatalog:
    """Read and check one catalog file; one that cannot be read is a CJ001 in it."""
    from cjmap.engine import unreadable
    from cjmap.files import Source

    try:
        raw = Source(path, name).read(limits.max_file_bytes)
    except OSError as err:
        return LoadedCatalog(path=path, name=name, result=FileResult(file=name, findings=[unreadable(name, err)]))
    return check_catalog_bytes(path, name, raw, limits)


def check_catalog_bytes(path: str, name: str, raw: bytes, limits: Limits) -> LoadedCatalog:
    """Check a catalog file's bytes: its structure, schema and ids."""
    from cjmap.references import check_catalog_references
    from cjmap.schema import check_catalog_schema

    doc = load_bytes(raw, limits=limits)
    problems: list[Problem] = list(doc.problems)
    catalog = None
    if doc.parsed:
        catalog, schema_problems = check_catalog_schema(doc)
        problems.extend(schema_problems)
        if catalog is not None:
            problems.extend(check_catalog_references(catalog, doc.data, doc.positions))
    findings = [Finding(name, p.line, p.column, p.code, Severity.ERROR, p.message, p.hint) for p in problems]
    result = FileResult(file=name, findings=sorted(findings, key=Finding.sort_key), source=doc.source)
    says_catalog = not (isinstance(doc.data, dict) and doc.data.get("kind") != "catalog")
    return LoadedCatalog(path=path, name=name, result=result, catalog=catalog, positions=doc.positions,
                         says_catalog=says_catalog)
