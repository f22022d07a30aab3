"""Write a run's output files safely: all of them or none, never onto an input.

Every file cjmap writes — pictures, reports, schema, baseline, `--output`,
a formatted journey — goes through an `Outputs` batch. `add` only records
what is to be written, and refuses at once (before anything is written) a
target that is one of the run's inputs, a target that two parts of the run
would both write, and a target that is a folder or sits below a file.
`commit` then writes every file to a temporary in its target's folder (on
Linux an unnamed O_TMPFILE, which a killed run cannot leave behind), and
only when all of them are complete and synced moves them into place. A
failure at any moment — a full disk, a read-only folder — leaves every old
file as it was and nothing new behind: files already moved into place are
put back from a hard-link copy of their old contents.

What the system refuses becomes an `OutputError` that names the file and
says what to do, never a traceback.
"""

from __future__ import annotations

import errno
import itertools
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cjmap.errors import CjmapError, UsageError


class OutputError(CjmapError):
    """An output file that cannot be written: the world's failure, not a bug (exit 2)."""


def write_atomic(target: Path, data: bytes, *, inputs: Iterable[str] = (), keep_links: bool = False) -> None:
    """Replace `target` with `data`, all at once or not at all; a run that
    writes several files plans them in one `Outputs` instead."""
    outputs = Outputs(inputs=inputs)
    outputs.add(target, data, keep_links=keep_links)
    outputs.commit()


def refuse_inputs(target: Path, inputs: Iterable[str]) -> None:
    """A usage error when `target` is one of the files being read."""
    for source in inputs:
        if source != "-" and _same_file(target, Path(source)):
            raise UsageError(
                f"the output {target} is the journey being read",
                hint="choose another output file; cjmap never writes over a journey",
            )


@dataclass(slots=True)
class _Planned:
    target: Path
    data: bytes
    made_by: str | None
    keep_links: bool


@dataclass(slots=True)
class _Staged:
    """A complete temporary, ready to take its target's place."""

    planned: _Planned
    descriptor: int = -1  # an unnamed file still open, or -1
    temporary: Path | None = None  # its name once it has one
    in_place: bool = False  # a hard-linked file rewritten where it is


@dataclass(slots=True)
class Outputs:
    """The files one run writes, landed together by `commit`."""

    inputs: Iterable[str] = ()
    _planned: dict[str, _Planned] = field(default_factory=dict)

    def add(self, target: Path, data: bytes, *, made_by: str | None = None, keep_links: bool = False) -> None:
        """Plan `target`. `made_by` names what it is written for (a journey),
        for the message when two would write the same file. `keep_links`
        rewrites a file that has other hard links in place, so that every
        name of it sees the new text (used for journeys that fmt rewrites)."""
        target = Path(target)
        with _writing(target):
            if not keep_links:
                refuse_inputs(target, self.inputs)
            _refuse_unwritable_path(target)
        key = _identity(target)
        earlier = self._planned.get(key)
        if earlier is not None:
            raise UsageError(
                _collision(target, earlier.made_by, made_by),
                hint="give each journey its own output (-o or --output-dir), or rename one of the journeys",
            )
        self._planned[key] = _Planned(target, data, made_by, keep_links)

    def commit(self) -> list[Path]:
        """Write everything planned, all of it or none; the targets, in order."""
        # Rewrites in place cannot be taken back, so they come after every
        # file that can.
        order = sorted(self._planned.values(), key=lambda planned: planned.keep_links)
        staged: list[_Staged] = []
        made_folders: list[Path] = []
        try:
            for planned in order:
                with _writing(planned.target):
                    made_folders += _make_folders(planned.target.parent)
                    item = _stage(planned)
                    staged.append(item)
                    if item.descriptor >= 0 and len(staged) > _OPEN_AT_ONCE:
                        # Keep clear of the limit on open files: name it now.
                        item.temporary = _name_unnamed(item)
            _land(staged)
        except BaseException:
            for item in staged:
                _discard(item)
            for folder in reversed(made_folders):
                _remove_empty(folder)
            raise
        return [planned.target for planned in self._planned.values()]


# --- planning ---------------------------------------------------------------


def _identity(target: Path) -> str:
    """One key for every way of naming the same file (links to folders, `..`)."""
    parent = os.path.realpath(target.parent)
    return os.path.join(parent, target.name)


def _collision(target: Path, first: str | None, second: str | None) -> str:
    if first and second and first != second:
        return f"{first} and {second} would both be written to {target}"
    return f"{target} is named twice as an output of this run"


def _refuse_unwritable_path(target: Path) -> None:
    """Refuse before anything is written what can never be written."""
    kind = _stat(target)
    if kind is not None and stat.S_ISDIR(kind.st_mode):
        raise OutputError(f"cannot write {target}: it is a folder", hint="give the name of a file, not of a folder")
    if kind is not None and not stat.S_ISREG(kind.st_mode):
        # Renaming over a device or a pipe would replace it (for root, even /dev/null).
        raise OutputError(
            f"cannot write {target}: it is a device, a pipe or a socket, not a file",
            hint="name a regular file, or write to standard output with -o -",
        )
    for folder in target.parents:
        if os.path.lexists(folder) and not os.path.isdir(folder):
            raise OutputError(
                f"cannot write {target}: {folder} is a file, not a folder",
                hint="choose an output path whose folders are folders",
            )
        if os.path.isdir(folder):
            break


def _make_folders(folder: Path) -> list[Path]:
    """Create the missing folders above a target; the ones made, outermost first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    missing.reverse()
    for each in missing:
        each.mkdir()
    return missing


def _remove_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        return


# --- staging: every byte on disk before anything moves ---------------------

_counter = itertools.count()
# Unnamed temporaries stay open until they land; past this many, the rest are
# named at once (the usual limit on open files is 1,024).
_OPEN_AT_ONCE = 64


def _temporary_name(folder: Path, kind: str) -> Path:
    """A short name, whatever the target's length: a long target name plus a
    suffix would not fit the file system's limit."""
    return folder / f".cjmap-{os.getpid()}-{next(_counter)}.{kind}"


def _stage(planned: _Planned) -> _Staged:
    target = planned.target
    folder = target.parent
    old = _stat(target)
    if planned.keep_links and old is not None and old.st_nlink > 1 and stat.S_ISREG(old.st_mode):
        # A rename would cut this name off from the file's other names.
        return _Staged(planned, in_place=True)
    mode = old.st_mode & 0o7777 if old else _new_file_mode()
    descriptor = _open_unnamed(folder)
    temporary = None
    if descriptor < 0:
        temporary = _temporary_name(folder, "tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    item = _Staged(planned, descriptor=descriptor, temporary=temporary)
    try:
        _write_all(descriptor, planned.data)
        if old is not None:
            _keep_owner(descriptor, old)
        os.fchmod(descriptor, mode)
        os.fsync(descriptor)
    except BaseException:
        _discard(item)
        raise
    return item


def _open_unnamed(folder: Path) -> int:
    """An O_TMPFILE descriptor in `folder`, or -1 where the system lacks it."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None:
        return -1
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o600)
    except OSError as err:
        if err.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            return -1
        raise


def _keep_owner(descriptor: int, old: os.stat_result) -> None:
    """The new file belongs to whoever owned the old one, where we may say so."""
    if (old.st_uid, old.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(descriptor, old.st_uid, old.st_gid)
    except PermissionError:
        try:  # not root: at least the group, where we are one of its members
            os.fchown(descriptor, -1, old.st_gid)
        except PermissionError:
            return


# --- landing: every file into place, or every old file back ----------------


def _land(staged: list[_Staged]) -> None:
    for item in staged:
        if item.descriptor >= 0 and item.temporary is None:
            with _writing(item.planned.target):
                item.temporary = _name_unnamed(item)
    landed: list[tuple[_Staged, Path | None]] = []
    try:
        for item in staged:
            target = item.planned.target
            with _writing(target):
                if item.in_place:
                    _rewrite_in_place(target, item.planned.data)
                    landed.append((item, None))
                    continue
                backup = _backup(target)
                try:
                    os.replace(item.temporary, target)
                except BaseException:
                    if backup is not None:
                        backup.unlink(missing_ok=True)
                    raise
            item.temporary = None
            landed.append((item, backup))
    except BaseException:
        for item, backup in reversed(landed):
            if not item.in_place:  # its old bytes are gone: why in-place writes come last
                _put_back(item.planned.target, backup)
        raise
    for _, backup in landed:
        if backup is not None:
            backup.unlink(missing_ok=True)


def _name_unnamed(item: _Staged) -> Path:
    """linkat(AT_SYMLINK_FOLLOW) of /proc/self/fd/N gives an O_TMPFILE file a
    name (os.link does not pass that flag)."""
    import ctypes
    import ctypes.util

    target = item.planned.target
    name = _temporary_name(target.parent, "tmp")
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    at_fdcwd, at_symlink_follow = -100, 0x400
    source = f"/proc/self/fd/{item.descriptor}".encode()
    if libc.linkat(at_fdcwd, source, at_fdcwd, os.fsencode(name), at_symlink_follow) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(target))
    _close(item)
    return name


def _backup(target: Path) -> Path | None:
    """A second name for the old file, to put it back if a later file fails."""
    if not os.path.lexists(target):
        return None
    backup = _temporary_name(target.parent, "old")
    try:
        if os.path.islink(target):
            os.symlink(os.readlink(target), backup)
        else:
            os.link(target, backup)
    except OSError:
        return None  # a file system without hard links: no way back, as before
    return backup


def _put_back(target: Path, backup: Path | None) -> None:
    try:
        if backup is not None:
            os.replace(backup, target)
        else:
            target.unlink(missing_ok=True)
    except OSError:
        return


def _rewrite_in_place(target: Path, data: bytes) -> None:
    """Write over a file's own bytes. Space is reserved first, so a full disk
    is known before the first old byte is changed."""
    descriptor = os.open(target, os.O_WRONLY)
    try:
        if data:
            _reserve(descriptor, len(data))
        _write_all(descriptor, data)
        os.ftruncate(descriptor, len(data))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _reserve(descriptor: int, size: int) -> None:
    try:
        os.posix_fallocate(descriptor, 0, size)
    except OSError as err:
        if err.errno not in (errno.EOPNOTSUPP, errno.EINVAL):
            raise


def _discard(item: _Staged) -> None:
    _close(item)
    if item.temporary is not None:
        item.temporary.unlink(missing_ok=True)
        item.temporary = None


def _close(item: _Staged) -> None:
    if item.descriptor >= 0:
        os.close(item.descriptor)
        item.descriptor = -1


# --- words for the system's refusals ----------------------------------------

_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and run again",
    errno.EDQUOT: "your disk quota is used up: free some space and run again",
    errno.EROFS: "the file system is read-only: choose an output on a writable disk",
    errno.EACCES: "you may not write there: choose another output, or change the folder's permissions",
    errno.EPERM: "you may not write there: choose another output, or change the folder's permissions",
    errno.ENAMETOOLONG: "the name is too long for the file system: choose a shorter name",
    errno.EISDIR: "that is a folder: name a file",
    errno.ENOTDIR: "a part of the path is a file, not a folder: choose another output path",
    errno.ELOOP: "the path goes round a loop of symbolic links: fix or remove the link",
    errno.EIO: "the disk reported an error: check it, then run again",
}


@contextmanager
def _writing(target: Path) -> Iterator[None]:
    """What the system refuses while writing `target`, in words."""
    try:
        yield
    except OSError as err:
        raise _output_error(err, target) from None


def _output_error(err: OSError, target: Path | str, *, undone: bool = True) -> OutputError:
    """The system's refusal to write `target`, as a message and a hint."""
    reason = (err.strerror or str(err)).lower()
    hint = _HINTS.get(err.errno or 0, "check the path and the disk, then run again")
    undone_words = "; no file was changed" if undone else ""
    return OutputError(f"cannot write {target}: {reason}{undone_words}", hint=hint)


# --- small helpers -------------------------------------------------------------


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _stat(target: Path) -> os.stat_result | None:
    try:
        return target.stat()
    except OSError:
        return None


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def output_failure(err: OSError, target: str) -> OutputError:
    """The words for a write the batch does not make (standard output)."""
    return _output_error(err, f"to {target}", undone=False)
