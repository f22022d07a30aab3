"""Which journey files a run reads, and reading them without surprises."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from dataclasses import dataclass

from cjmap.errors import UsageError
from cjmap.naming import shown

JOURNEY_SUFFIXES = (".journey.yaml", ".journey.yml")
CATALOG_SUFFIXES = (".catalog.yaml", ".catalog.yml")
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Source:
    """A journey to read: `path` on disk, or standard input when path is "-".
    `name` is what messages call it: the path as given on the command line."""

    path: str
    name: str
    found_in_folder: bool = False  # from a folder search, not named explicitly
    is_catalog: bool = False  # a `*.catalog.y(a)ml` file: personas, segments, teams, touchpoints

    @property
    def stands_for(self) -> str:
        """The file this journey is: its path, or for standard input the name
        `--stdin-filename` gave it (`<stdin>` when none)."""
        return self.name if self.path == STDIN else self.path

    def read(self, max_bytes: int) -> bytes:
        """The file's bytes, at most `max_bytes + 1` of them: one more than
        the limit is enough to know a file is too large without loading it
        (the loader reports the size, with the limit that can be raised).
        Anything else that stops the reading is NotReadable, with the reason."""
        if self.path == STDIN:
            if sys.stdin is None:  # started with standard input closed (`<&-`)
                raise NotReadable("standard input is closed: pipe the journey in, or name its file")
            return sys.stdin.buffer.read(max_bytes + 1)
        return _read_regular(self.path, max_bytes + 1)


class NotReadable(OSError):
    """A path that cannot be read, with the reason in words as `strerror`
    and, where the system gave one, its `errno`."""

    def __init__(self, reason: str, number: int | None = None) -> None:
        super().__init__(reason)
        self.strerror = reason
        self.errno = number


class TooLarge(NotReadable):
    """A file that holds more than the bytes its reader accepts."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the file is larger than {limit:,} bytes", errno.EFBIG)
        self.limit = limit


def read_bounded(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of the regular file at `path`, which must hold at most
    `max_bytes`: the one way cjmap reads a file it is given (configuration,
    baseline, measured values). Raises NotReadable saying why in words: it is
    missing, a folder, a named pipe, a device or a socket, a broken link or a
    loop of links, not allowed, or TooLarge. Never waits on a pipe or a device,
    and never reads more than `max_bytes + 1` bytes."""
    raw = _read_regular(path, max_bytes + 1)
    if len(raw) > max_bytes:
        raise TooLarge(max_bytes)
    return raw


_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
_CHUNK = 1 << 20


def _read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most `limit` bytes of a regular file."""
    try:
        # Looked at before opening: opening a named pipe could already wait,
        # and opening a device may do something.
        _check_regular(os.stat(path).st_mode)
        # Not blocking, should the path become a pipe in between.
        descriptor = os.open(path, _OPEN_FLAGS)
    except NotReadable:
        raise
    except OSError as err:
        raise _not_readable(path, err) from err
    try:
        _check_regular(os.fstat(descriptor).st_mode)
        chunks = []
        size = 0
        while size < limit:
            chunk = os.read(descriptor, min(limit - size, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except NotReadable:
        raise
    except OSError as err:
        raise _not_readable(path, err) from err
    finally:
        os.close(descriptor)


def _check_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise NotReadable("this is a folder, not a file", errno.EISDIR)
    if stat.S_ISFIFO(mode):
        raise NotReadable("this is a named pipe (a FIFO), not a regular file", errno.ENXIO)
    if stat.S_ISSOCK(mode):
        raise NotReadable("this is a socket, not a regular file", errno.ENXIO)
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise NotReadable("this is a device, not a regular file", errno.ENXIO)
    raise NotReadable("this is not a regular file", errno.ENXIO)


_REASONS = {
    errno.ENOENT: "no such file",
    errno.EISDIR: "this is a folder, not a file",
    errno.EACCES: "permission denied: you may not read this file",
    errno.EPERM: "permission denied: you may not read this file",
    errno.ELOOP: "the file is a symbolic link that leads back to itself (a loop of links)",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENAMETOOLONG: "the name is too long for the file system",
}


def _not_readable(path: str | os.PathLike[str], err: OSError) -> NotReadable:
    reason = _REASONS.get(err.errno) if err.errno is not None else None
    if err.errno == errno.ENOENT and os.path.islink(path):
        reason = "the file is a link to nothing (a broken symbolic link)"
    if reason is None:
        said = (err.strerror or str(err)).rstrip(".")
        reason = said[:1].lower() + said[1:]
    return NotReadable(reason, err.errno)


def discover(
    paths: list[str], *, stdin_name: str = "<stdin>", notes: list[str] | None = None, catalogs: bool = False,
    one_workspace: bool = False,
) -> list[Source]:
    """Expand files and directories into journey sources, in a stable order.

    A file named explicitly is read whatever its name; directories are searched
    recursively for `*.journey.yaml` and `*.journey.yml` (and, with `catalogs`,
    `*.catalog.yaml` and `*.catalog.yml`), skipping hidden
    folders such as `.git`, and following links to folders once each (a link
    that loops back is noted in `notes` and skipped). With `one_workspace`,
    a folder below that is a workspace of its own is not searched. A path
    that does not exist is a usage error.
    """
    sources: list[Source] = []
    seen: set[str] = set()
    for given in paths:
        if given == STDIN:
            found = [Source(STDIN, stdin_name)]
        elif os.path.isdir(given):
            suffixes = JOURNEY_SUFFIXES + CATALOG_SUFFIXES if catalogs else JOURNEY_SUFFIXES
            found = [
                Source(p, shown(p), found_in_folder=True, is_catalog=p.endswith(CATALOG_SUFFIXES))
                for p in _walk(given, notes, suffixes, one_workspace=one_workspace)
            ]
        elif os.path.lexists(given):
            found = [Source(given, shown(given), is_catalog=catalogs and given.endswith(CATALOG_SUFFIXES))]
        else:
            raise _not_found(given)
        for source in found:
            if source.path not in seen or source.path == STDIN:
                seen.add(source.path)
                sources.append(source)
    return sources


def _not_found(given: str) -> UsageError:
    """A path that is not there, or cannot be reached: a part of it is a file,
    its name is too long, a folder on the way may not be entered."""
    try:
        os.lstat(given)
    except OSError as err:
        if err.errno not in (errno.ENOENT, None):
            return UsageError(f"cannot read {given}: {_not_readable(given, err).strerror}",
                              hint="check the path, and that you may read it")
    return UsageError(
        f"path not found: {given}",
        hint="check the spelling, or run cjmap from the folder that holds your journeys",
    )


def _walk(directory: str, notes: list[str] | None, suffixes: tuple[str, ...], *, one_workspace: bool = False) -> list[str]:
    from cjmap.workspace import starts_a_workspace

    found = []
    visited = {os.path.realpath(directory)}

    def unreadable(err: OSError) -> None:
        # A folder the search cannot open is said, not silently passed over.
        if notes is not None:
            reason = (err.strerror or str(err)).lower()
            notes.append(f"skipped {shown(str(err.filename))}: {reason}, so its journeys were not read")

    for root, dirs, files in os.walk(directory, followlinks=True, onerror=unreadable):
        kept = []
        # Real folders first, so that a link to one of them is the one skipped.
        for name in sorted(dirs, key=lambda d: (os.path.islink(os.path.join(root, d)), d)):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            if one_workspace and starts_a_workspace(path):
                continue
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
        found.extend(os.path.join(root, f) for f in sorted(files) if f.endswith(suffixes))
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
            # Names go as the system's bytes: a file name need not be UTF-8.
            input=b"\0".join(os.fsencode(os.path.abspath(p)) for p in paths),
            capture_output=True,
            timeout=60,
            check=False,
            cwd=os.path.dirname(os.path.abspath(paths[0])),
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if done.returncode not in (0, 1):  # 1: nothing ignored; 128: not a repository
        return set()
    ignored = {os.fsdecode(p) for p in done.stdout.split(b"\0") if p}
    return {p for p in paths if os.path.abspath(p) in ignored}
