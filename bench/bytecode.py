"""Compile cjmap's bytecode before timing it, as `pip install .` does.

An editable install (`pip install -e .`) leaves cjmap's modules as source, and
where PYTHONDONTWRITEBYTECODE is set (some CI images and containers) Python
never caches their bytecode: every run compiles all of cjmap again, about
70 ms that an installed cjmap, or yamllint, never pays. Timing that would
measure the install, not the tool.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def interpreter_of(command: list[str]) -> str:
    """The Python that runs a command: its script's `#!` line, else this one."""
    script = Path(command[0])
    if len(command) == 1 and script.is_file():
        with script.open("rb") as handle:
            first = handle.readline().decode("utf-8", "replace").strip()
        if first.startswith("#!") and "python" in first:
            return first[2:].split()[0]
    return command[0] if "python" in script.name else sys.executable


def ensure_bytecode(python: str) -> str:
    """Compile the cjmap package that `python` imports; say what was done."""
    where = subprocess.run(
        [python, "-c", "import cjmap, os; print(os.path.dirname(cjmap.__file__))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", where], check=True, stdout=subprocess.DEVNULL)
    return f"cjmap's bytecode compiled in {where} (as an installed cjmap has it)"
