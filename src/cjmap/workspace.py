"""Workspaces: the folder a journey belongs to, and the catalog files its
`catalogs:` list may name in it.

A catalog path comes from a journey file, which may come from anyone: it is
checked from its name and `os.stat` alone, never opened, so that nothing
outside the workspace is ever read and a refusal never shows what a file
holds, nor whether a path outside the workspace exists.
"""

from __future__ import annotations

import os
import re
import stat
from functools import lru_cache
from pathlib import Path, PurePath, PureWindowsPath

from cjmap import config

CATALOG_SUFFIXES = (".catalog.yaml", ".catalog.yml")

EXAMPLE = "../shared/people.catalog.yaml"


class CatalogRefused(Exception):
    """A `catalogs:` entry that names no catalog cjmap may read: `str(error)`
    is one sentence for the journey's author, `hint` says how to fix it.
    Not a CjmapError: it is a finding (CJ007) at the entry, not a failed run."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def is_catalog_name(name: str) -> bool:
    """Whether a file name is a catalog's: `*.catalog.yaml` or `*.catalog.yml`."""
    return name.endswith(CATALOG_SUFFIXES)


def workspace_root(folder: Path) -> Path:
    """The nearest folder, from `folder` upwards (links followed), that holds
    `cjmap.toml`, `.cjmap.toml`, a `pyproject.toml` with `[tool.cjmap]`, or
    `.git`; `folder` itself (its real path) when none does. A configuration
    that is there but cannot be read is a UsageError, as it is for settings."""
    return _root(Path(os.path.realpath(folder)))


def starts_a_workspace(folder: str) -> bool:
    """Whether a folder is the root of a workspace of its own: it holds
    `cjmap.toml`, `.cjmap.toml`, `.git` or a `pyproject.toml` with
    `[tool.cjmap]`. Told without reading any configuration, so that one that
    is broken, in a folder below, cannot stop a run above it."""
    if any(os.path.lexists(os.path.join(folder, name)) for name in ("cjmap.toml", ".cjmap.toml", ".git")):
        return True
    pyproject = os.path.join(folder, "pyproject.toml")
    if not os.path.isfile(pyproject):
        return False
    try:
        with open(pyproject, "rb") as handle:
            head = handle.read(_PYPROJECT_BYTES)
    except OSError:
        return False
    return _TOOL_TABLE.search(head) is not None


# A [tool.cjmap] table, or one of its sub-tables, at the start of a line.
_TOOL_TABLE = re.compile(rb"(?m)^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*cjmap[ \t]*[.\]]")
_PYPROJECT_BYTES = 1024 * 1024  # as large as a configuration may be


def forget() -> None:
    """Forget the roots found so far, and the configurations they rest on."""
    _root.cache_clear()
    config.forget()


@lru_cache(maxsize=256)
def _root(folder: Path) -> Path:
    # The configuration search already stops at the nearest of the same
    # markers (and caches what it reads): its folder is the workspace's.
    found = config.closest(folder)
    if found.source is not None:
        return found.folder
    # No configuration up to the repository root, if any: that root, or else
    # the folder itself.
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def resolve_catalog(entry: str, journey_folder: Path, root: Path) -> Path:
    """The real path of the catalog file a `catalogs:` entry names, relative
    to `journey_folder`; CatalogRefused when it is not a `*.catalog.y(a)ml`
    regular file inside `root` once links are followed."""
    if not entry.strip():
        raise CatalogRefused(
            "a catalog entry is empty",
            f"write the path of a catalog file from this journey's folder, like `{EXAMPLE}`, "
            "or remove the entry")
    if _absolute(entry):
        raise CatalogRefused(
            f"the catalog path `{entry}` does not start from this journey's folder",
            f"write the path from the folder that holds this journey, like `{EXAMPLE}`")
    if "\0" in entry:  # the system refuses such a name before looking
        raise CatalogRefused(
            f"the catalog path `{entry}` holds a character that no file name can hold",
            "retype the path, without invisible characters")
    if not is_catalog_name(os.path.basename(entry)):
        raise CatalogRefused(
            f"`{entry}` is not a catalog: a catalog's file name ends in `.catalog.yaml` or `.catalog.yml`",
            "list only catalog files here, like `people.catalog.yaml`; a journey cannot be used "
            "as a catalog")
    real = os.path.realpath(os.path.join(journey_folder, entry))
    # Decided from the path alone, before anything outside is looked at:
    # an outside file that exists and one that does not read the same.
    if not PurePath(real).is_relative_to(os.path.realpath(root)):
        raise CatalogRefused(
            f"the catalog `{entry}` is outside this journey's workspace",
            "keep catalogs inside the workspace (the nearest folder above the journey that holds "
            "cjmap.toml or .git, or else the journey's own folder) and list them from there")
    if not is_catalog_name(os.path.basename(real)):
        raise CatalogRefused(
            f"the catalog `{entry}` is a link to a file that is not a catalog",
            "link to a file named like `people.catalog.yaml`, or list that file itself")
    try:
        mode = os.stat(real).st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise CatalogRefused(
            f"the catalog `{entry}` does not exist",
            "check the spelling, and that the path starts from this journey's folder "
            "(`..` is the folder above it)") from None
    except OSError:
        raise CatalogRefused(
            f"the catalog `{entry}` cannot be reached",
            "check that you may open every folder on its path, and that no link on it leads "
            "back to itself") from None
    if stat.S_ISDIR(mode):
        raise CatalogRefused(
            f"the catalog `{entry}` is a folder, not a file",
            "list the catalog file itself, like `people.catalog.yaml`, not a folder")
    if not stat.S_ISREG(mode):
        raise CatalogRefused(
            f"the catalog `{entry}` is {_kind(mode)}, not a file saved on disk",
            "list a catalog file saved in the workspace, like `people.catalog.yaml`")
    return Path(real)


def _absolute(entry: str) -> bool:
    """Absolute on any system: `/x`, `\\x`, `C:\\x` or `C:x` (a drive), `\\\\server`,
    or `~` (a home folder), so that a journey means the same wherever it is checked."""
    windows = PureWindowsPath(entry)
    return (os.path.isabs(entry) or entry.startswith(("/", "\\", "~"))
            or bool(windows.drive) or windows.is_absolute())


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"
