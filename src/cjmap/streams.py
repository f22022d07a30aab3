"""Standard output that fails in words: closed, full, or a disk error.

`cjmap validate > /dev/full` or `cjmap render - >&-` are the world's
failures, not cjmap's: they get one line naming standard output and what to
do (exit 2), never "internal error". A reader that goes away (`| head`) is
not a failure at all; the CLI stops quietly on a broken pipe.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cjmap.writes import OutputError, output_failure

STDOUT_NAME = "standard output"
_CLOSED_HINT = "run cjmap with its output going somewhere: a file (> cjmap.txt), a pipe, or /dev/null"


class ReaderGone(Exception):  # noqa: N818 - it is not an error
    """Standard output's reader went away (`cjmap … | head`): not a failure.
    Not an OSError, so that click does not turn it into exit 1 on its way."""


class _Guarded:
    """A stream whose write and flush turn the system's refusals into an
    `OutputError`; everything else is the stream's own."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, data: Any) -> int:
        with _in_words():
            return int(self._stream.write(data))

    def flush(self) -> None:
        with _in_words():
            self._stream.flush()

    @property
    def buffer(self) -> Any:
        return _Guarded(self._stream.buffer)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Closed(io.TextIOBase):
    """What standard output is when the process was started without one."""

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raise OutputError(f"cannot write to {STDOUT_NAME}: it is closed", hint=_CLOSED_HINT)

    def isatty(self) -> bool:
        return False

    @property
    def buffer(self) -> Any:
        return self


@contextmanager
def _in_words() -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise ReaderGone from None  # the reader left: the CLI stops quietly
    except OSError as err:
        raise output_failure(err, STDOUT_NAME) from None


@contextmanager
def guarded_stdout() -> Iterator[None]:
    """Standard output guarded for one run of the CLI; standard error, if
    closed, goes nowhere rather than onto standard output."""
    saved_out, saved_err = sys.stdout, sys.stderr
    sys.stdout = _Closed() if sys.stdout is None else _Guarded(sys.stdout)  # type: ignore[assignment]
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the run
    try:
        yield
        sys.stdout.flush()  # a full disk shows itself here, while it can still be said
    finally:
        sys.stdout, sys.stderr = saved_out, saved_err


def silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last
    flush at exit cannot fail a second time."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return
