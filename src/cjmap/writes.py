"""Write output files safely: all or nothing, never onto an input."""

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
    """Write `data` to a temporary file beside `target`, then rename it into
    place, so that readers see the old file or the new one, never half of it,
    and a failure leaves the old file untouched and no temporary file behind."""
    directory = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes a private file; an output is as readable as any new file.
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
