"""The two versions of each journey or catalog to compare, when they are
files on disk.

`cjmap diff OLD NEW` compares two files, or two folders whose journeys and
catalogs are paired by their path inside the folder; a file found on one side
only is new or removed. Git revisions are found by `gitsource`, as the same
pairs. A pair is a catalog's when one of its files is named like a catalog
(`*.catalog.yaml`) or, for two files named on the command line, says
`kind: catalog`.
"""

from __future__ import annotations

import filecmp
import os
from collections.abc import Callable
from dataclasses import dataclass

from cjmap.catalogs import LoadedCatalog, read_catalog
from cjmap.diff.outcome import WORKING_TREE, validate_command
from cjmap.engine import CheckOptions, check_source
from cjmap.errors import UsageError
from cjmap.files import CATALOG_SUFFIXES, Source, read_bounded
from cjmap.findings import FileResult
from cjmap.limits import Limits
from cjmap.loader import load_bytes
from cjmap.naming import shown
from cjmap.settings import Settings

Loader = Callable[[CheckOptions], FileResult]
CatalogLoader = Callable[[Limits], LoadedCatalog]


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a journey or a catalog: where it is shown to be, and
    how to read it (a catalog's versions have `catalog`, and are read by it)."""

    path: str  # as shown to the user
    revision: str | None  # a git revision, WORKING_TREE, or None for files compared directly
    load: Loader
    command: str  # what lists every error of this version
    on_disk: bool = False  # read from a file, which --output must not overwrite
    catalog: CatalogLoader | None = None


@dataclass(frozen=True, slots=True)
class Pair:
    old: Version | None  # None: the journey is new
    new: Version | None  # None: the journey was removed
    renamed: bool = False
    unchanged: bool = False  # known to be the same bytes: nothing to read

    @property
    def is_catalog(self) -> bool:
        return any(version is not None and version.catalog is not None for version in (self.old, self.new))


def on_disk(path: str, revision: str | None = None, *, catalog: bool = False) -> Version:
    """A version read from a file (a journey or catalog named directly, or the working tree)."""
    return Version(path, revision, lambda options: check_source(Source(path, shown(path)), options),
                   validate_command(path), on_disk=True,
                   catalog=(lambda limits: read_catalog(path, shown(path), limits)) if catalog else None)


def working_tree(path: str, *, catalog: bool = False) -> Version:
    return on_disk(path, WORKING_TREE, catalog=catalog)


def is_catalog_path(*paths: str | None) -> bool:
    """Whether one of the paths is named like a catalog."""
    return any(path is not None and path.endswith(CATALOG_SUFFIXES) for path in paths)


def file_pairs(old: str, new: str, settings: Settings) -> list[Pair]:
    """The pairs for `cjmap diff OLD NEW`: two files, or two folders."""
    for path in (old, new):
        if not os.path.lexists(path):  # a loop of links is there, and is read as an unreadable journey
            raise UsageError(
                f"path not found: {path}",
                hint="check the spelling; cjmap diff compares two journey files, or two folders of journeys",
            )
    folders = os.path.isdir(old), os.path.isdir(new)
    if folders == (False, False):
        catalog = is_catalog_path(old, new) or _says_catalog(old, settings) or _says_catalog(new, settings)
        return [Pair(on_disk(old, catalog=catalog), on_disk(new, catalog=catalog))]
    if folders != (True, True):
        folder, file = (old, new) if folders[0] else (new, old)
        raise UsageError(
            f"cannot compare the folder {folder} with the file {file}",
            hint="compare two journey files, or two folders of journeys",
        )
    before, after = _journeys_in(old, settings), _journeys_in(new, settings)
    return [
        Pair(on_disk(before[inside], catalog=is_catalog_path(inside)) if inside in before else None,
             on_disk(after[inside], catalog=is_catalog_path(inside)) if inside in after else None)
        for inside in sorted(before.keys() | after.keys())
        # Identical files are left out, as git leaves out files that did not change.
        if not (inside in before and inside in after and _same_bytes(before[inside], after[inside]))
    ]


def _same_bytes(old: str, new: str) -> bool:
    """Whether two files hold the same bytes; one that cannot be read is
    compared, so that the diff says why."""
    try:
        return filecmp.cmp(old, new, shallow=False)
    except OSError:
        return False


def _says_catalog(path: str, settings: Settings) -> bool:
    """Whether a file that reads as YAML says `kind: catalog`; one that
    cannot be read is compared as a journey, so that the diff says why."""
    limits = settings.limits_for(path)
    try:
        raw = read_bounded(path, limits.max_file_bytes)
    except OSError:
        return False
    data = load_bytes(raw, limits=limits).data
    return isinstance(data, dict) and data.get("kind") == "catalog"


def _journeys_in(folder: str, settings: Settings) -> dict[str, str]:
    """The journey and catalog files of a folder, by their path inside it."""
    return {os.path.relpath(source.path, folder): source.path
            for source in settings.journeys([folder], catalogs=True)}
