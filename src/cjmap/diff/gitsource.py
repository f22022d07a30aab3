"""The two versions of each journey that changed between git revisions.

git itself says which files changed (`git diff --name-status -z -M`, so a
renamed journey is followed to its new name) and hands over the committed
versions (`git cat-file blob`); the working tree is read from disk, and
journeys git does not track yet count as new there. Catalogs
(`*.catalog.yaml`) are compared as journeys are. A committed journey is read
with the catalogs it lists as they were in the same commit (`_CatalogsAt`),
found from its folder as in the working tree. git is called with its
arguments as a list, never through a shell, and with the options a personal
git configuration could change (colours, relative paths, external diff
tools) set explicitly.

By default the journeys below the current folder are compared, as
`cjmap validate` checks the current folder; paths on the command line are
relative to the current folder too.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cjmap.catalogs import CatalogStore, LoadedCatalog, check_catalog_bytes
from cjmap.diff.outcome import validate_command
from cjmap.diff.sources import CatalogLoader, Loader, Pair, Version, is_catalog_path, working_tree
from cjmap.engine import CheckOptions, as_finding, check_bytes
from cjmap.errors import UsageError
from cjmap.files import CATALOG_SUFFIXES, JOURNEY_SUFFIXES
from cjmap.findings import FileResult, Finding, Severity
from cjmap.limits import Limits
from cjmap.loader import too_large

_NO_GIT_HINT = "compare two files or folders without git: cjmap diff OLD NEW"
# git's messages, asked for in English so that they can be recognised.
_ENVIRONMENT = {"LC_ALL": "C", "LANGUAGE": "C", "GIT_OPTIONAL_LOCKS": "0"}


@dataclass(frozen=True, slots=True)
class Revisions:
    """The two sides of a `--git` comparison. `new` None is the working tree."""

    old: str  # the commit
    old_name: str  # how messages and commands name it
    old_label: str  # how the heading names it
    new: str | None = None
    new_name: str | None = None


@dataclass(frozen=True, slots=True)
class _Entry:
    """One changed file, by its paths from the top of the repository."""

    status: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class _Scope:
    path: str  # from the current folder, normalised; "." is the current folder
    top: str  # from the top of the repository
    file: bool  # a file named on the command line, read whatever its name


class Repository:
    """The git repository around the current folder."""

    def __init__(self) -> None:
        self.cwd = os.path.realpath(os.getcwd())
        done = self._run(["rev-parse", "--show-toplevel"])
        if done.returncode != 0:
            said = _said(done)
            if "not a git repository" in said:
                raise UsageError(
                    f"{self.cwd} is not inside a git repository",
                    hint="run cjmap diff --git from the folder of your journeys' repository, or " + _NO_GIT_HINT,
                )
            raise UsageError(f"git cannot work in {self.cwd}: {said}", hint=_NO_GIT_HINT)
        self.top = os.path.realpath(os.fsdecode(done.stdout).strip())
        self._stores: dict[tuple[str, Limits], _CatalogsAt] = {}

    def _run(self, args: list[str]) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(
                ["git", *args], cwd=self.cwd, capture_output=True, check=False,
                env={**os.environ, **_ENVIRONMENT},
            )
        except FileNotFoundError:
            raise UsageError("git is not installed, or not on the PATH",
                             hint="install git (https://git-scm.com), or " + _NO_GIT_HINT) from None
        except OSError as err:
            raise UsageError(f"cannot run git: {err.strerror or err}", hint=_NO_GIT_HINT) from None

    # --- revisions ----------------------------------------------------------

    def revisions(self, spec: str) -> Revisions:
        """`REV` (against the working tree), `REV1..REV2`, or `REV1...REV2`
        (from where REV2 forked from REV1, as a pull request compares)."""
        if "..." in spec:
            first, second = (part or "HEAD" for part in spec.split("...", 1))
            base = self._merge_base(self.commit(first), self.commit(second), first, second)
            short = base[:10]
            return Revisions(base, short, f"the merge base of {first} and {second} ({short})",
                             self.commit(second), second)
        if ".." in spec:
            first, second = (part or "HEAD" for part in spec.split("..", 1))
            return Revisions(self.commit(first), first, first, self.commit(second), second)
        return Revisions(self.commit(spec), spec, spec)

    def commit(self, revision: str) -> str:
        done = None
        if revision and not revision.startswith("-"):
            done = self._run(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"])
        if done is None or done.returncode != 0:
            raise UsageError(
                f"unknown revision {revision!r}: no commit, branch or tag of this repository has that name",
                hint="check the spelling (`git log --oneline` lists the commits, `git branch -a` the "
                "branches); in CI, fetch the history first (actions/checkout with fetch-depth: 0)",
            )
        return os.fsdecode(done.stdout).strip()

    def _merge_base(self, first: str, second: str, first_name: str, second_name: str) -> str:
        done = self._run(["merge-base", first, second])
        if done.returncode != 0:
            raise UsageError(f"{first_name} and {second_name} have no history in common",
                             hint=f"compare them directly: --git {first_name}..{second_name}")
        return os.fsdecode(done.stdout).strip()

    # --- what changed -------------------------------------------------------

    def pairs(self, revisions: Revisions, paths: list[str]) -> list[Pair]:
        """The journeys to compare, new or removed, in the order of their paths."""
        scopes = [self._scope(path, revisions) for path in paths] or [_Scope(".", self._top_path("."), False)]
        entries = self._changed(revisions)
        pairs = {}
        for entry in entries:
            if self._wanted(entry, scopes):
                pairs[self._shown(entry.new or entry.old or "")] = self._pair(entry, revisions)
        for scope in scopes:
            if scope.file and not any(scope.path in (shown, _old_path(pair)) for shown, pair in pairs.items()):
                pairs[scope.path] = self._unchanged(scope, revisions)
        return [pairs[shown] for shown in sorted(pairs)]

    def _changed(self, revisions: Revisions) -> list[_Entry]:
        args = ["diff", "--name-status", "-z", "-M", "--no-color", "--no-relative", "--no-ext-diff",
                revisions.old]
        if revisions.new is not None:
            args.append(revisions.new)
        done = self._run([*args, "--"])
        if done.returncode != 0:
            raise UsageError(f"git cannot list the changes: {_said(done)}", hint=_NO_GIT_HINT)
        fields = [os.fsdecode(part) for part in done.stdout.split(b"\0") if part]
        entries = []
        while fields:
            letter = fields.pop(0)[:1]
            if letter in ("R", "C"):  # a copy leaves its original in place: only the copy is new
                old, new = fields.pop(0), fields.pop(0)
                entries.append(_Entry(letter, old if letter == "R" else None, new))
            else:
                path = fields.pop(0)
                entries.append(_Entry(letter, None if letter == "A" else path, None if letter == "D" else path))
        if revisions.new is None:
            # A file taken out of the index but still on disk is "deleted" for
            # git diff and untracked for ls-files: for the journey, it is there.
            untracked = set(self._untracked())
            entries = [_Entry("M", e.old, e.old) if e.status == "D" and e.old in untracked else e for e in entries]
            known = {e.new for e in entries}
            entries.extend(_Entry("A", None, path) for path in sorted(untracked - known))
        return entries

    def _untracked(self) -> list[str]:
        done = self._run(["ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--", ":/"])
        if done.returncode != 0:
            raise UsageError(f"git cannot list the new files: {_said(done)}", hint=_NO_GIT_HINT)
        return [os.fsdecode(part) for part in done.stdout.split(b"\0") if part]

    def _wanted(self, entry: _Entry, scopes: list[_Scope]) -> bool:
        for top_path in (entry.old, entry.new):
            if top_path is None:
                continue
            shown = self._shown(top_path)
            for scope in scopes:
                if scope.file and shown == scope.path:
                    return True
                if (not scope.file and top_path.endswith(JOURNEY_SUFFIXES + CATALOG_SUFFIXES)
                        and _inside(shown, scope.path)):
                    return True
        return False

    def _pair(self, entry: _Entry, revisions: Revisions) -> Pair:
        catalog = is_catalog_path(entry.old, entry.new)
        old = None if entry.old is None else self._committed(revisions.old, revisions.old_name, entry.old, catalog)
        new = None if entry.new is None else self._version(revisions, entry.new, catalog)
        return Pair(old, new, renamed=entry.status == "R")

    def _unchanged(self, scope: _Scope, revisions: Revisions) -> Pair:
        """A file named on the command line that did not change, or that git
        does not follow (an ignored file in the working tree: new)."""
        catalog = is_catalog_path(scope.top)
        new = self._version(revisions, scope.top, catalog)
        if self._kind(revisions.old, scope.top) is None:
            return Pair(None, new)
        return Pair(self._committed(revisions.old, revisions.old_name, scope.top, catalog), new, unchanged=True)

    def _version(self, revisions: Revisions, top_path: str, catalog: bool) -> Version:
        if revisions.new is None:
            return working_tree(self._shown(top_path), catalog=catalog)
        return self._committed(revisions.new, revisions.new_name or revisions.new, top_path, catalog)

    def _committed(self, commit: str, name: str, top_path: str, catalog: bool) -> Version:
        shown = self._shown(top_path)
        return Version(shown, name, self._blob(commit, name, top_path, shown),
                       validate_command(shown, name, top_path),
                       catalog=self._catalog_blob(commit, name, top_path, shown) if catalog else None)

    def _blob(self, commit: str, name: str, top_path: str, shown: str) -> Loader:
        # The catalogs a journey lists are found from its folder, and read from the same commit.
        folder = Path(os.path.join(self.top, top_path)).parent

        def load(options: CheckOptions) -> FileResult:
            raw = self._bytes(commit, name, top_path, shown, options.limits)
            if isinstance(raw, FileResult):
                return raw
            key = (commit, options.limits)
            if key not in self._stores:
                self._stores[key] = _CatalogsAt(self, commit, name, options.limits)
            return check_bytes(shown, raw, options, folder=folder, catalogs=self._stores[key])

        return load

    def _catalog_blob(self, commit: str, name: str, top_path: str, shown: str) -> CatalogLoader:
        return lambda limits: self.catalog_at(commit, name, top_path, shown, limits)

    def catalog_at(self, commit: str, name: str, top_path: str, shown: str, limits: Limits) -> LoadedCatalog:
        """A catalog as it was in a commit."""
        real = os.path.join(self.top, top_path)  # where it is, or would be, in the working tree
        raw = self._bytes(commit, name, top_path, shown, limits)
        if isinstance(raw, FileResult):
            return LoadedCatalog(path=real, name=shown, result=raw)
        return check_catalog_bytes(real, shown, raw, limits)

    def _bytes(self, commit: str, name: str, top_path: str, shown: str, limits: Limits) -> bytes | FileResult:
        """A committed file's bytes, or the CJ001 finding of one that is too
        large (sized first: a huge file in a stranger's commit is never read
        into memory) or that git cannot give."""
        sized = self._run(["cat-file", "-s", f"{commit}:{top_path}"])
        if sized.returncode == 0 and int(sized.stdout or 0) > limits.max_file_bytes:
            findings = [as_finding(shown, problem, Severity.ERROR) for problem in too_large(limits).problems]
            return FileResult(file=shown, findings=findings)
        done = self._run(["cat-file", "blob", f"{commit}:{top_path}"])
        if done.returncode != 0:
            finding = Finding(shown, 1, 1, "CJ001", Severity.ERROR,
                              f"git cannot give the version at {name}: {_said(done)}")
            return FileResult(file=shown, findings=[finding])
        return done.stdout

    # --- paths ----------------------------------------------------------------

    def _scope(self, given: str, revisions: Revisions) -> _Scope:
        absolute = os.path.normpath(os.path.join(self.cwd, given))
        top_path = self._top_path(absolute)
        if top_path == ".." or top_path.startswith("../"):
            raise UsageError(f"{given} is outside the git repository at {self.top}",
                             hint="name journeys inside the repository, or compare files directly: cjmap diff OLD NEW")
        kind = self._disk_kind(absolute) if revisions.new is None else None
        for commit in (revisions.old, revisions.new):
            if kind is None and commit is not None:
                kind = self._kind(commit, top_path)
        if kind is None:
            where = "the working tree or " if revisions.new is None else ""
            raise UsageError(f"path not found: {given}",
                             hint=f"name a journey file or folder that exists in {where}the revisions compared")
        return _Scope(os.path.relpath(absolute, self.cwd), top_path, kind == "blob")

    def _top_path(self, path: str) -> str:
        return os.path.relpath(os.path.join(self.cwd, path), self.top).replace(os.sep, "/")

    def _shown(self, top_path: str) -> str:
        return os.path.relpath(os.path.join(self.top, top_path), self.cwd)

    def _kind(self, commit: str, top_path: str) -> str | None:
        """"blob" for a file, "tree" for a folder, None when the revision lacks it."""
        done = self._run(["cat-file", "-t", f"{commit}:{'' if top_path == '.' else top_path}"])
        return os.fsdecode(done.stdout).strip() if done.returncode == 0 else None

    @staticmethod
    def _disk_kind(path: str) -> str | None:
        if os.path.isdir(path):
            return "tree"
        return "blob" if os.path.lexists(path) else None


class _CatalogsAt(CatalogStore):
    """The catalogs committed journeys list, read from their commit, each
    once. Whether a journey may list a path is still decided on disk, by
    `cjmap.workspace`, before this store is asked for it."""

    def __init__(self, repository: Repository, commit: str, name: str, limits: Limits) -> None:
        super().__init__(limits)
        self.repository, self.commit, self.name, self.limits = repository, commit, name, limits
        self.read: dict[str, LoadedCatalog] = {}

    def get(self, path: Path, name: str) -> LoadedCatalog:
        real = os.path.realpath(path)
        if real not in self.read:
            top_path = os.path.relpath(real, self.repository.top).replace(os.sep, "/")
            self.read[real] = self.repository.catalog_at(self.commit, self.name, top_path, name, self.limits)
        return self.read[real]

    def loaded(self) -> list[LoadedCatalog]:
        return list(self.read.values())


def _old_path(pair: Pair) -> str | None:
    return None if pair.old is None else pair.old.path


def _inside(path: str, folder: str) -> bool:
    if folder == ".":
        return not (path == ".." or path.startswith(".." + os.sep))
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _said(done: subprocess.CompletedProcess[bytes]) -> str:
    """git's own words: the first line of what it printed, without `fatal: `."""
    lines = os.fsdecode(done.stderr).strip().splitlines() or ["it gave no reason"]
    return lines[0].removeprefix("fatal: ").removeprefix("error: ")
