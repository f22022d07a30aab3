"""Benchmark of `cjmap export` and `cjmap import` on generated journeys.

    python bench/transfer.py [--stages 6 100] [--repeat 3] [--seed 1] [--cjmap COMMAND]

Generates journeys of 6 and 100 stages with bench/corpus.py (with a service
blueprint, so that every lane of the grid is filled), then times, with
time.perf_counter around subprocess.run (interpreter start-up included), best
of `--repeat` runs:

  export xlsx   cjmap export J.journey.yaml -o J.xlsx
  export csv    cjmap export J.journey.yaml -o J.csv
  import xlsx   cjmap import J.xlsx -o back.journey.yaml --force
  import csv    cjmap import J.csv -o back.journey.yaml --force
  import mmd    cjmap import J.mmd -o back.journey.yaml --force   (the journey drawn by `render --format mermaid`)

and prints each figure with the file's size, and the peak memory of the
slowest run of each (ru_maxrss of the child processes, Linux: KiB).
Standard library only, besides cjmap. Exit status 1 when a run fails.
"""

from __future__ import annotations

import argparse
import platform
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import journey_text  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stages", type=int, nargs="+", default=[6, 100])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cjmap", default=None, help="command to time (default: cjmap on PATH, else python -m cjmap)")
    args = parser.parse_args(argv)
    command = shlex.split(args.cjmap) if args.cjmap else (
        ["cjmap"] if shutil.which("cjmap") else [sys.executable, "-m", "cjmap"])
    version = subprocess.run([*command, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Python {platform.python_version()} on {platform.platform()}, {version}, best of {args.repeat}")
    print(f"{'stages':>6}  {'run':<12} {'seconds':>8} {'file KiB':>9} {'peak MiB':>9}")
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        for stages in args.stages:
            base = Path(folder) / f"j{stages}"
            journey = base.with_suffix(".journey.yaml")
            journey.write_text(journey_text(args.seed, stages, blueprint=True), encoding="utf-8")
            back = Path(folder) / "back.journey.yaml"
            runs = [
                ("export xlsx", ["export", str(journey), "-o", f"{base}.xlsx"], f"{base}.xlsx"),
                ("export csv", ["export", str(journey), "-o", f"{base}.csv"], f"{base}.csv"),
                ("render mmd", ["render", str(journey), "-o", f"{base}.mmd"], f"{base}.mmd"),
                ("import xlsx", ["import", f"{base}.xlsx", "-o", str(back), "--force"], str(back)),
                ("import csv", ["import", f"{base}.csv", "-o", str(back), "--force"], str(back)),
                ("import mmd", ["import", f"{base}.mmd", "-o", str(back), "--force"], str(back)),
            ]
            for name, arguments, made in runs:
                best, peak, ok = _timed([*command, *arguments], args.repeat)
                failed |= not ok
                size = Path(made).stat().st_size / 1024 if Path(made).exists() else 0
                print(f"{stages:>6}  {name:<12} {best:>8.3f} {size:>9.1f} {peak:>9.1f}" + ("" if ok else "  FAILED"))
    return 1 if failed else 0


def _timed(command: list[str], repeat: int) -> tuple[float, float, bool]:
    """Best wall-clock seconds of `repeat` runs, the children's peak memory
    in MiB, and whether every run exited 0."""
    best, ok = float("inf"), True
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True)
        best = min(best, time.perf_counter() - start)
        if done.returncode != 0:
            ok = False
            sys.stderr.write(done.stderr.decode("utf-8", "replace")[-2000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return best, peak, ok


if __name__ == "__main__":
    sys.exit(main())
