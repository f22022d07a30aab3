"""Which journey files a run reads, and reading them without surprises."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from dataclasses import dataclass

from cjmap.errors import UsageError

JOURNEY_SUFFIXES = (".journey.yaml", ".journey.yml")
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Source:
    """A journey to read: `path` on disk, or standard input when path is "-".
    `name` is what messages call it: the path as given on the command line."""

    path: str
    name: str
    found_in_folder: bool = False  # from a folder search, not named explicitly

    def read(self, max_bytes: int) -> bytes:
        """The file's bytes, at most `max_bytes + 1` of them: one more than
        the limit is enough to know a file is too large without loading it.
        Anything that is not a regular file is refused, because reading a
        named pipe or a device could wait forever."""
        if self.path == STDIN:
            return sys.stdin.buffer.read(max_bytes + 1)
        if os.path.islink(self.path) and not os.path.exists(self.path):
            raise NotReadable("the file is a link to nothing (a broken symbolic link)")
        # Looked at before opening: opening a named pipe would already wait.
        mode = os.stat(self.path).st_mode
        if stat.S_ISDIR(mode):
            raise NotReadable("this is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise NotReadable("this is not a regular file (a device, a pipe or a socket)")
        with open(self.path, "rb") as handle:
            return handle.read(max_bytes + 1)


class NotReadable(OSError):
    """A path that cannot be read as a journey, with the reason in words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.strerror = reason


def discover(paths: list[str], *, stdin_name: str = "<stdin>", notes: list[str] | None = None) -> list[Source]:
    """Expand files and directories into journey sources, in a stable order.

    A file named explicitly is read whatever its name; directories are searched
    recursively for `*.journey.yaml` and `*.journey.yml`, skipping hidden
    folders such as `.git`, and following links to folders once each (a link
    that loops back is noted in `notes` and skipped). A path that does not
    exist is a usage error.
    """
    sources: list[Source] = []
    seen: set[str] = set()
    for given in paths:
        if given == STDIN:
            found = [Source(STDIN, stdin_name)]
        elif os.path.isdir(given):
            found = [Source(p, p, found_in_folder=True) for p in _walk(given, notes)]
        elif os.path.lexists(given):
            found = [Source(given, given)]
        else:
            raise UsageError(
                f"path not found: {given}",
                hint="check the spelling, or run cjmap from the folder that holds your journeys",
            )
        for source in found:
            if source.path not in seen or source.path == STDIN:
                seen.add(source.path)
                sources.append(source)
    return sources


def _walk(directory: str, notes: list[str] | None) -> list[str]:
    found = []
    visited = {os.path.realpath(directory)}
    for root, dirs, files in os.walk(directory, followlinks=True):
        kept = []
        # Real folders first, so that a link to one of them is the one skipped.
        for name in sorted(dirs, key=lambda d: (os.path.islink(os.path.join(root, d)), d)):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            real = os.path.realpath(path)
            if real in visited:
                if notes is not None:
                    loops = os.path.realpath(root).startswith(real.rstrip(os.sep) + os.sep) or real == os.path.realpath(root)
                    why = "leads back to a folder it is in (a loop)" if loops else "leads to a folder already searched"
                    notes.append(f"skipped {path}: this folder link {why}")
                continue
            visited.add(real)
            kept.append(name)
        dirs[:] = sorted(kept)
        found.extend(os.path.join(root, f) for f in sorted(files) if f.endswith(JOURNEY_SUFFIXES))
    return found


def git_ignored(paths: list[str]) -> set[str]:
    """Which of these files git ignores (.gitignore and friends), asking git
    itself so that every rule of its syntax holds. Outside a repository, or
    without git, nothing is ignored."""
    if not paths:
        return set()
    try:
        done = subprocess.run(
            ["git", "check-ignore", "--no-index", "--stdin", "-z"],
            input="\0".join(os.path.abspath(p) for p in paths).encode("utf-8"),
            capture_output=True,
            timeout=60,
            check=False,
            cwd=os.path.dirname(os.path.abspath(paths[0])),
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if done.returncode not in (0, 1):  # 1: nothing ignored; 128: not a repository
        return set()
    ignored = {p for p in done.stdout.decode("utf-8", "replace").split("\0") if p}
    return {p for p in paths if os.path.abspath(p) in ignored}
