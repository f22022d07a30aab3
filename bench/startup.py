"""Start-up of `cjmap validate` on one small file, beside yamllint, and where it goes.

    python bench/startup.py [--repeat 21] [--instructions]

Run it with the Python that has cjmap (and yamllint) installed. It writes one
6-stage journey (bench/corpus.py, about 14 KiB) and times whole processes,
best of --repeat, wall clock and CPU (user + system):

  - `yamllint FILE` and `cjmap validate FILE`, side by side;
  - a staircase of processes that each import one more layer of what a
    `cjmap validate` run needs: the interpreter, typer, typer's pydantic-based
    parsing of option values, pydantic's first validator, ruamel.yaml's C
    parser (together: the required stack, with none of cjmap's code), cjmap's
    models, the rest of cjmap's code, and the whole run. Each step's increment
    is what that layer costs.

With --instructions it also counts the instructions of each step under
valgrind's callgrind (slow, but the same on a busy machine as on a quiet one).

Standard library only. Exit status: 0 when every command ran, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bytecode import ensure_bytecode  # noqa: E402
from corpus import journey_text  # noqa: E402

_STACK = "import typer, typer._adapters, ruamel.yaml, _ruamel_yaml; from pydantic import TypeAdapter; TypeAdapter(int)"
# Each step imports everything the one before it did, and one layer more.
STAIRCASE: list[tuple[str, str]] = [
    ("interpreter (python -c pass)", "pass"),
    ("+ typer (and its click)", "import typer"),
    ("+ typer's option parsing (pydantic)", "import typer, typer._adapters"),
    ("+ pydantic's first validator", "import typer, typer._adapters; from pydantic import TypeAdapter; TypeAdapter(int)"),
    ("+ ruamel.yaml's C parser = the stack", _STACK),
    ("+ cjmap's models", _STACK + "; import cjmap.model"),
    ("+ the rest of cjmap for validate", _STACK + "; import cjmap.entry, cjmap.cli, cjmap.validate, "
     "cjmap.settings, cjmap.reporters.text, cjmap.terminal, cjmap.streams, cjmap.writes"),
]


def run_timed(cmd: list[str]) -> tuple[float, float, int]:
    """Wall and CPU seconds of one process, and its exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode


def best(cmd: list[str], repeat: int, ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu, code = run_timed(cmd)
        if code not in ok:
            raise SystemExit(f"{' '.join(cmd)} exited with {code}")
        walls.append(wall)
        cpus.append(cpu)
    return min(walls), min(cpus)


def instructions(cmd: list[str]) -> int | None:
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    proc = subprocess.run(
        [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    found = re.search(r"Collected : (\d+)", proc.stderr)
    return int(found.group(1)) if found else None


def beside_python(name: str) -> str | None:
    """A tool installed with this Python, else on PATH."""
    here = Path(sys.executable).with_name(name)
    return str(here) if here.exists() else shutil.which(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21, help="runs of each command; the best counts")
    parser.add_argument("--instructions", action="store_true", help="also count instructions with callgrind")
    args = parser.parse_args(argv)

    python = sys.executable
    yamllint = beside_python("yamllint")
    compiled = ensure_bytecode(python)
    with tempfile.TemporaryDirectory() as work:
        journey = Path(work) / "one.journey.yaml"
        journey.write_text(journey_text(0), encoding="utf-8")
        cjmap = [python, "-m", "cjmap", "validate", str(journey)]
        print(f"python      {platform.python_implementation()} {platform.python_version()} ({python})")
        print(f"machine     {platform.platform()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
        print(f"file        one 6-stage journey, {journey.stat().st_size:,} bytes")
        print(f"bytecode    {compiled}")
        print(f"repeat      best of {args.repeat}, wall clock and CPU (user + system)\n")

        rows: list[tuple[str, float, float, int | None]] = []
        if yamllint:
            wall, cpu = best([yamllint, str(journey)], args.repeat, ok=(0, 1))
            rows.append(("yamllint FILE", wall, cpu, instructions([yamllint, str(journey)]) if args.instructions else None))
        else:
            print("yamllint is not installed beside this Python (pip install yamllint): no comparison\n")
        wall, cpu = best(cjmap, args.repeat)
        rows.append(("cjmap validate FILE", wall, cpu, instructions(cjmap) if args.instructions else None))
        _table(["one small file", "wall ms", "CPU ms", "instructions"], rows, steps=False)

        steps = []
        for label, code in STAIRCASE:
            cmd = [python, "-c", code]
            wall, cpu = best(cmd, args.repeat)
            steps.append((label, wall, cpu, instructions(cmd) if args.instructions else None))
        steps.append(("+ checking the file and reporting = cjmap validate FILE", *rows[-1][1:]))
        print()
        _table(["where a cjmap validate run goes", "wall ms", "+ms", "CPU ms", "+ms", "instructions", "+"], steps,
               steps=True)

    stack = next(s for s in steps if s[0].endswith("the stack"))
    ours = rows[-1][1]
    print()
    if yamllint:
        theirs = rows[0][1]
        print(f"cjmap validate FILE: {ours * 1000:.0f} ms, yamllint FILE: {theirs * 1000:.0f} ms "
              f"({ours / theirs:.2f}×).")
        print(f"The required stack alone (typer, pydantic, ruamel.yaml; no cjmap code): {stack[1] * 1000:.0f} ms "
              f"({stack[1] / theirs:.2f}× yamllint's whole run).")
    print(f"cjmap's own share (models, rules, the check and the report): {(ours - stack[1]) * 1000:.0f} ms.")
    return 0


def _table(header: list[str], rows: list[tuple[str, float, float, int | None]], *, steps: bool) -> None:
    lines = [header]
    previous = (0.0, 0.0, 0)
    for label, wall, cpu, count in rows:
        if steps:
            line = [label, f"{wall * 1000:.1f}", f"{(wall - previous[0]) * 1000:+.1f}" if previous[0] else "",
                    f"{cpu * 1000:.1f}", f"{(cpu - previous[1]) * 1000:+.1f}" if previous[1] else "",
                    f"{count:,}" if count else "-",
                    f"{count - previous[2]:+,}" if count and previous[2] else ""]
            previous = (wall, cpu, count or 0)
        else:
            line = [label, f"{wall * 1000:.1f}", f"{cpu * 1000:.1f}", f"{count:,}" if count else "-"]
        lines.append(line)
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    for row in lines:
        print("  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)))


if __name__ == "__main__":
    sys.exit(main())
