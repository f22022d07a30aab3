"""Run a Graphviz engine on DOT source: the system `dot` when it is installed,
or the `graphviz-pure` program that cjmap depends on, so that `pip install`
alone draws SVG and PNG."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from cjmap.errors import CjmapError, UsageError

DRAWN_FORMATS = ("svg", "png", "pdf")
# graphviz-pure does not write PDF (yet); only the system `dot` does.
_PURE_FORMATS = frozenset(("svg", "png"))
_TIMEOUT_SECONDS = 300

INSTALL_DOT_HINT = (
    "install Graphviz, which provides `dot`: `sudo apt-get install graphviz` (Debian, "
    "Ubuntu), `brew install graphviz` (macOS), or see https://graphviz.org/download/; "
    "or choose --format svg or png"
)


class RenderError(CjmapError):
    """The engine failed to draw a journey that validates."""

    exit_code = 1


class EngineMissing(UsageError):
    """The engine the format or the options ask for is not installed (exit 2)."""


def find_engine(engine: str, output_format: str) -> tuple[str, str]:
    """The engine to use and the program that runs it, for this format."""
    dot = shutil.which("dot")
    if engine == "dot" or (engine == "auto" and dot):
        if dot is None:
            raise EngineMissing("the `dot` program of Graphviz is not installed", hint=INSTALL_DOT_HINT)
        return "dot", dot
    if output_format not in _PURE_FORMATS:
        raise EngineMissing(
            f"{output_format.upper()} needs the `dot` program of Graphviz, which is not installed",
            hint=INSTALL_DOT_HINT,
        )
    pure = _graphviz_pure()
    if pure is None:
        raise EngineMissing(
            "neither Graphviz's `dot` nor `graphviz-pure` is installed",
            hint="reinstall cjmap (`pip install cjmap` brings graphviz-pure), or " + INSTALL_DOT_HINT,
        )
    return "graphviz-pure", pure


def draw(dot_source: str, output_format: str, *, engine: str = "auto") -> bytes:
    """Lay out and draw `dot_source` as SVG, PNG or PDF bytes."""
    name, program = find_engine(engine, output_format)
    try:
        done = subprocess.run(
            [program, f"-T{output_format}"],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            timeout=_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as err:
        raise RenderError(f"{name} took longer than {_TIMEOUT_SECONDS} s to draw the journey") from err
    except OSError as err:
        raise RenderError(f"cannot run {name} ({program}): {err.strerror}") from err
    if done.returncode != 0 or not done.stdout:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError(
            f"{name} could not draw the journey" + (f": {detail[-1]}" if detail else ""),
            hint="this is a bug in cjmap if the journey validates; please report it",
        )
    return done.stdout


def _graphviz_pure() -> str | None:
    # Beside the running Python first: a virtual environment need not be on PATH.
    beside = Path(sys.executable).parent / "graphviz-pure"
    if beside.exists():
        return str(beside)
    return shutil.which("graphviz-pure")
