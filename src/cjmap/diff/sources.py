"""The two versions of each journey to compare, when they are files on disk.

`cjmap diff OLD NEW` compares two files, or two folders whose journeys are
paired by their path inside the folder; a journey found on one side only is
new or removed. Git revisions are found by `gitsource`, as the same pairs.
"""

from __future__ import annotations

import filecmp
import os
from collections.abc import Callable
from dataclasses import dataclass

from cjmap.diff.outcome import WORKING_TREE, validate_command
from cjmap.engine import CheckOptions, check_source
from cjmap.errors import UsageError
from cjmap.files import Source
from cjmap.findings import FileResult
from cjmap.naming import shown
from cjmap.settings import Settings

Loader = Callable[[CheckOptions], FileResult]


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a journey: where it is shown to be, and how to read it."""

    path: str  # as shown to the user
    revision: str | None  # a git revision, WORKING_TREE, or None for files compared directly
    load: Loader
    command: str  # what lists every error of this version
    on_disk: bool = False  # read from a file, which --output must not overwrite


@dataclass(frozen=True, slots=True)
class Pair:
    old: Version | None  # None: the journey is new
    new: Version | None  # None: the journey was removed
    renamed: bool = False
    unchanged: bool = False  # known to be the same bytes: nothing to read


def on_disk(path: str, revision: str | None = None) -> Version:
    """A version read from a file (a journey named directly, or the working tree)."""
    return Version(path, revision, lambda options: check_source(Source(path, shown(path)), options),
                   validate_command(path), on_disk=True)


def working_tree(path: str) -> Version:
    return on_disk(path, WORKING_TREE)


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
        return [Pair(on_disk(old), on_disk(new))]
    if folders != (True, True):
        folder, file = (old, new) if folders[0] else (new, old)
        raise UsageError(
            f"cannot compare the folder {folder} with the file {file}",
            hint="compare two journey files, or two folders of journeys",
        )
    before, after = _journeys_in(old, settings), _journeys_in(new, settings)
    return [
        Pair(on_disk(before[inside]) if inside in before else None,
             on_disk(after[inside]) if inside in after else None)
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


def _journeys_in(folder: str, settings: Settings) -> dict[str, str]:
    """The journey files of a folder, by their path inside it."""
    return {os.path.relpath(source.path, folder): source.path for source in settings.journeys([folder])}
