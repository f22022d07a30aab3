"""Load both versions of one catalog, compare them, and say which journeys
of the workspace use what changed.

The workspace is the catalog's (`cjmap.workspace.workspace_root` of its
folder), and its journeys are read from disk as they are now, once per run
however many catalogs of it changed. A journey uses an entry when it lists
the catalog and uses the entry's id, in the old version or the new one
(`cjmap.catalogs.used_entries`: a persona it lists or that a segment it uses
names, a segment, an owner, a touchpoint): so an entry removed or given a new
id is still shown with the journeys that name it, and will need changing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from cjmap.catalogs import NOUNS, Definitions, LoadedCatalog, resolved, used_entries
from cjmap.diff.changes import Change, JourneyRef
from cjmap.diff.compare import catalog_added, catalog_removed, compare_catalogs
from cjmap.diff.journeys import side_problem
from cjmap.diff.outcome import JourneyDiff, SideProblem
from cjmap.diff.sources import Pair, Version
from cjmap.files import Source
from cjmap.limits import Limits
from cjmap.loader import load_bytes
from cjmap.model import Journey
from cjmap.schema import check_schema
from cjmap.settings import Settings
from cjmap.workspace import CatalogRefused, resolve_catalog, workspace_root


@dataclass(frozen=True, slots=True)
class _Reader:
    """A workspace journey that lists a catalog: who it is, what it says, where it is."""

    ref: JourneyRef
    journey: Journey
    folder: Path


class Workspaces:
    """The journeys of each workspace a run looks into, each read once."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._journeys: dict[Path, list[_Reader]] = {}

    def journeys(self, root: Path) -> list[_Reader]:
        """The valid journeys of the workspace at `root` that list at least
        one catalog, in the order of their paths (those of a workspace below
        it, and those that do not read, left out)."""
        if root not in self._journeys:
            found = []
            for source in self.settings.journeys([str(root)], one_workspace=True):
                limits = self.settings.limits_for(source.path)
                journey = _journey(source, limits)
                if journey is not None and journey.catalogs:
                    ref = JourneyRef(journey.id, _shown(source.path))
                    found.append(_Reader(ref, journey, Path(source.path).parent))
            self._journeys[root] = sorted(found, key=lambda reader: reader.ref.file)
        return self._journeys[root]

    def used_by(self, changes: list[Change], pair: Pair, versions: list[LoadedCatalog]) -> list[Change]:
        """Each change with the journeys that use what it is about: an entry
        by its old or new id, the catalog itself by being listed."""
        files = [version.path for version in (pair.new, pair.old) if version is not None]
        paths = {os.path.realpath(file) for file in files}
        root = workspace_root(Path(os.path.realpath(files[0])).parent)
        readers = [reader for reader in self.journeys(root) if _lists(reader, root, paths)]
        uses = {reader.ref: _uses(reader.journey, versions) for reader in readers}
        return [replace(change, used_by=tuple(ref for ref, used in uses.items() if _concerns(change, used)))
                for change in changes]


def diff_catalog_pair(pair: Pair, limits: Limits, workspaces: Workspaces) -> JourneyDiff:
    old_path = None if pair.old is None else pair.old.path
    new_path = None if pair.new is None else pair.new.path
    if pair.unchanged:
        return JourneyDiff(old_path, new_path, "unchanged", identical=True, kind="catalog")
    old, new = _load(pair.old, limits), _load(pair.new, limits)
    problems = [problem for problem in (_problem("old", pair.old, old), _problem("new", pair.new, new))
                if problem is not None]
    diff = JourneyDiff(old_path, new_path, "unreadable", problems=problems, kind="catalog")
    named = [loaded.catalog for loaded in (new, old) if loaded is not None and loaded.catalog is not None]
    if named:
        diff.journey_id, diff.title = named[0].id, named[0].title
    if problems:
        return diff
    if old is None and new is not None and new.catalog is not None:
        diff.status, changes = "added", [catalog_added(new.catalog)]
    elif new is None and old is not None and old.catalog is not None:
        diff.status, changes = "removed", [catalog_removed(old.catalog)]
    elif old is not None and new is not None and old.catalog is not None and new.catalog is not None:
        changes = compare_catalogs(old.catalog, new.catalog)
        diff.identical = old.result.source == new.result.source
        diff.status = "renamed" if pair.renamed else "modified" if changes else "unchanged"
    else:
        return diff
    versions = [loaded for loaded in (old, new) if loaded is not None]
    diff.changes = workspaces.used_by(changes, pair, versions) if changes else []
    return diff


def _load(version: Version | None, limits: Limits) -> LoadedCatalog | None:
    if version is None or version.catalog is None:
        return None
    return version.catalog(limits)


def _problem(side: str, version: Version | None, loaded: LoadedCatalog | None) -> SideProblem | None:
    if version is None or loaded is None:
        return None
    return side_problem(side, version, loaded.result.findings, loaded.usable, "catalog")


def _journey(source: Source, limits: Limits) -> Journey | None:
    try:
        raw = source.read(limits.max_file_bytes)
    except OSError:
        return None
    doc = load_bytes(raw, limits=limits)
    return check_schema(doc)[0] if doc.parsed else None


def _shown(path: str) -> str:
    """A journey's file as messages name it: from the current folder."""
    from cjmap.catalogs import shown_name

    return shown_name(os.path.realpath(path))


def _lists(reader: _Reader, root: Path, paths: set[str]) -> bool:
    """Whether the journey lists one of the catalog files (real paths): a
    catalog it may use, or one it still names though it is gone."""
    for entry in reader.journey.catalogs:
        try:
            real = str(resolve_catalog(entry, reader.folder, root))
        except CatalogRefused:
            real = os.path.realpath(os.path.join(reader.folder, entry))
            if os.path.lexists(real):
                continue  # there, but not a catalog the journey may use
        if real in paths:
            return True
    return False


def _uses(journey: Journey, versions: list[LoadedCatalog]) -> set[tuple[str, str]]:
    """The (noun, id) of every entry the journey uses, in any of the versions."""
    found: set[tuple[str, str]] = set()
    for loaded in versions:
        definitions = Definitions(catalogs=[loaded])
        found |= {(noun, ident) for _, noun, ident in used_entries(journey, resolved(journey, definitions),
                                                                    definitions)}
    return found


def _concerns(change: Change, used: set[tuple[str, str]]) -> bool:
    """Whether a journey that uses `used` uses what the change is about: an
    entry (by its id, or its old id), or the catalog as a whole."""
    if change.subject not in NOUNS:
        return True  # the catalog itself: every journey that lists it
    ids = {change.entity, change.old} if change.field == "id" else {change.entity}
    return any((change.subject, ident) in used for ident in ids)
