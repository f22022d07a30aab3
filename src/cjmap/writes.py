"""Write output files safely: all or nothing, never onto an input.

Every file cjmap writes — pictures, reports, schema, baseline, `--output` —
goes through `write_atomic`. On Linux the bytes go into an unnamed file
(O_TMPFILE) in the target's folder, which gets a name only once it is
complete and synced, and then replaces the target in one rename: a run that
fails, or is killed, at any moment of the writing leaves the old file as it
was and nothing else behind. Elsewhere a named temporary file does the same,
and is removed when the run fails.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from cjmap.errors import UsageError


def refuse_inputs(target: Path, inputs: Iterable[str]) -> None:
    """A usage error when `target` is one of the files being read."""
    for source in inputs:
        if source != "-" and _same_file(target, Path(source)):
            raise UsageError(
                f"the output {target} is the journey being read",
                hint="choose another output file; cjmap never writes over a journey",
            )


def write_atomic(target: Path, data: bytes) -> None:
    """Replace `target` with `data`, all at once or not at all."""
    directory = target.parent if str(target.parent) else Path(".")
    mode = _mode_for(target)
    if not _write_unnamed(directory, target, data, mode):
        _write_named(directory, target, data, mode)


def _write_unnamed(directory: Path, target: Path, data: bytes, mode: int) -> bool:
    """The O_TMPFILE way; False where the system or file system lacks it."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None:
        return False
    try:
        descriptor = os.open(directory, flag | os.O_WRONLY, mode)
    except OSError:
        return False
    try:
        _write_all(descriptor, data)
        os.fchmod(descriptor, mode)
        os.fsync(descriptor)
    except BaseException:
        os.close(descriptor)
        raise
    # The name exists only for the instant between link and rename.
    temporary = directory / f".{target.name}.{os.getpid()}.tmp"
    named = _name_unnamed(descriptor, temporary)
    if not named:
        # No way to name it here: write again the portable way.
        os.close(descriptor)
        return False
    os.close(descriptor)
    try:
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


def _name_unnamed(descriptor: int, name: Path) -> bool:
    """linkat(AT_SYMLINK_FOLLOW) of /proc/self/fd/N: what gives an O_TMPFILE
    file its name (os.link does not pass that flag)."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return False
    at_fdcwd, at_symlink_follow = -100, 0x400
    done = libc.linkat(
        at_fdcwd, f"/proc/self/fd/{descriptor}".encode(), at_fdcwd, os.fsencode(name), at_symlink_follow
    )
    return done == 0


def _write_named(directory: Path, target: Path, data: bytes, mode: int) -> None:
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    temporary = Path(name)
    try:
        _write_all(handle, data)
        os.fchmod(handle, mode)
        os.fsync(handle)
        os.close(handle)
        handle = -1
        os.replace(temporary, target)
    except BaseException:
        if handle >= 0:
            os.close(handle)
        temporary.unlink(missing_ok=True)
        raise


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
