"""How cjmap's commands grow with the size of one journey: time and memory at 1×, 4× and 16×.

Standard library only. Each command runs as a child process on a journey from
`corpus.scaled_journey_text` (every list grows with the size: stages,
touchpoints, steps, objectives, actions, segments); the child's wall time, CPU
time and peak resident memory are read with `os.wait4`. A command whose work
grows clearly faster than the journey is flagged SUPER-LINEAR.

    python bench/scale.py                      # 1,000 / 4,000 / 16,000 touchpoints, every command
    python bench/scale.py --base 500 --commands report validate
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import scaled_journey_text  # noqa: E402

# Each command: the arguments after `cjmap`, with {file} (the journey), {new} (the
# journey edited all over, for diff), {typos} (with a dangling reference per step),
# {suppressed} (with a suppression comment per inline touchpoint) and {out} (a
# folder for outputs) filled in.
COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", "{file}"],
    "validate typos": ["validate", "--format", "json", "{typos}"],
    "validate comments": ["validate", "{suppressed}"],
    "render map": ["render", "{file}", "-f", "dot", "--view", "map", "-o", "{out}/map.dot"],
    "render flow": ["render", "{file}", "-f", "dot", "--view", "flow", "-o", "{out}/flow.dot"],
    "render mermaid": ["render", "{file}", "-f", "mermaid", "-o", "{out}/map.mmd"],
    "report": ["report", "{file}", "-o", "{out}/report.md"],
    "fmt": ["fmt", "--check", "{file}"],
    "diff": ["diff", "{file}", "{new}"],
}
# Exit statuses that mean "it worked": fmt --check says 1 when it would reformat,
# diff says 1 when the journeys differ (they do),
# validate when it finds errors (the journey with typos has one per step).
OK_EXIT = {"fmt": (0, 1), "diff": (0, 1), "validate typos": (1,)}
GROUPS = {"validate", "render", "report", "fmt", "diff"}


@dataclass(frozen=True, slots=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    rss_kib: int  # peak resident set size of the child
    status: int | None  # exit status; None: stopped at the timeout

    @property
    def timed_out(self) -> bool:
        return self.status is None


def cjmap_command(given: str | None) -> list[str]:
    if given:
        return shlex.split(given)
    exe = shutil.which("cjmap")
    return [exe] if exe else [sys.executable, "-m", "cjmap"]


def run_child(cmd: list[str], timeout: float) -> Run:
    """Run `cmd` to its end (or the timeout) and read its resource use with wait4."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    status: int | None = None
    while True:
        pid, wait_status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            status = os.waitstatus_to_exitcode(wait_status)
            break
        if time.perf_counter() - start > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
            _, _, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.01)
    wall = time.perf_counter() - start
    proc.returncode = -1 if status is None else status  # reaped here: keep Popen from waiting again
    rss = usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)
    return Run(wall, usage.ru_utime + usage.ru_stime, rss, status)


def best(cmd: list[str], repeat: int, timeout: float) -> Run:
    runs = []
    for _ in range(repeat):
        runs.append(run_child(cmd, timeout))
        if runs[-1].timed_out:
            break
    return min(runs, key=lambda r: (r.timed_out, r.wall))


def growth(big: Run, small: Run, floor: Run) -> float | None:
    """How many times more work the bigger journey took: CPU seconds above the
    floor (the same command on a one-stage journey: start-up and imports),
    which would otherwise hide growth. None when it timed out."""
    if big.timed_out or small.timed_out:
        return None
    return max(big.cpu - floor.cpu, 0.05) / max(small.cpu - floor.cpu, 0.05)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=int, default=1000, help="touchpoints of the 1× journey (default 1000)")
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 4, 16], help="sizes, as multiples of --base")
    ap.add_argument("--commands", nargs="+", default=list(COMMANDS),
                    help="rows to run: names from the table, or a group (validate render report fmt diff)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per measurement; the fastest counts (default 1)")
    ap.add_argument("--timeout", type=float, default=120, help="seconds before a run is stopped (default 120)")
    ap.add_argument("--cjmap", help='command to run, e.g. "python -m cjmap" (default: cjmap on PATH)')
    ap.add_argument("--dir", help="write the journeys and outputs here (kept)")
    args = ap.parse_args(argv)

    names = [n for n in COMMANDS if n in args.commands or n.split()[0] in args.commands]
    unknown = [c for c in args.commands if c not in COMMANDS and c not in GROUPS]
    if unknown or not names:
        ap.error(f"unknown command {unknown}; choose from {list(COMMANDS)} or {sorted(GROUPS)}")
    factors = sorted(set(args.factors))
    cjmap = cjmap_command(args.cjmap)
    directory = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="cjmap-scale-"))
    directory.mkdir(parents=True, exist_ok=True)

    version = subprocess.run([*cjmap, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} cores, "
          f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"command: {shlex.join(cjmap)} ({version or 'version unknown'})")

    files: dict[int, tuple[Path, Path, Path, Path]] = {}
    for factor in [0, *factors]:  # 0: the one-stage journey of the floor
        size = args.base * factor or 10
        file, new = directory / f"scale-{size}.journey.yaml", directory / f"scale-{size}.new.journey.yaml"
        file.write_text(scaled_journey_text(size), encoding="utf-8")
        new.write_text(scaled_journey_text(size, revision=1), encoding="utf-8")
        typos = directory / f"scale-{size}.typos.journey.yaml"
        typos.write_text(scaled_journey_text(size, typos=True), encoding="utf-8")
        suppressed = directory / f"scale-{size}.suppressed.journey.yaml"
        suppressed.write_text(scaled_journey_text(size, suppressed=True), encoding="utf-8")
        files[factor] = (file, new, typos, suppressed)
        if factor:
            print(f"{factor}×: {size:,} touchpoints, {size // 10:,} stages, {file.stat().st_size / 1e6:.1f} MB")
    print()

    header = f"{'command':<17} {'size':>5} {'touchpoints':>11} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9} {'exit':>5}"
    print(header)
    print("-" * len(header))
    results: dict[str, dict[int, Run]] = {}
    floors: dict[str, Run] = {}
    failed = False
    for name in names:
        results[name] = {}
        for factor in [0, *factors]:
            file, new, typos, suppressed = files[factor]
            out = directory / f"out-{factor}"
            out.mkdir(exist_ok=True)
            cmd = [*cjmap, *(a.format(file=file, new=new, typos=typos, suppressed=suppressed, out=out) for a in COMMANDS[name])]
            run = best(cmd, max(args.repeat, 3) if factor == 0 else args.repeat, args.timeout)
            if factor == 0:
                floors[name] = run
                print(f"{name:<17} {'floor':>5} {10:>11,} {run.wall:>8.2f} {run.cpu:>8.2f} "
                      f"{run.rss_kib / 1024:>9.0f} {run.status:>5}", flush=True)
                continue
            results[name][factor] = run
            ok = run.status in OK_EXIT.get(name, (0,))
            failed |= not ok and not run.timed_out
            status = "time" if run.timed_out else str(run.status)
            wall = f">{args.timeout:.0f}" if run.timed_out else f"{run.wall:.2f}"
            print(f"{name:<17} {factor:>4}× {args.base * factor:>11,} {wall:>8} {run.cpu:>8.2f} "
                  f"{run.rss_kib / 1024:>9.0f} {status:>5}", flush=True)

    print()
    print("Growth from 1× (work: CPU seconds above the floor, the command on a one-stage journey;")
    print("memory: peak RSS above the floor's).")
    print("SUPER-LINEAR: work or memory grew more than twice as fast as the journey.")
    print()
    smallest = factors[0]
    super_linear = []
    for name in names:
        cells = []
        flagged = False
        for factor in factors[1:]:
            ratio = factor // smallest
            big, small = results[name][factor], results[name][smallest]
            floor = floors[name]
            work = growth(big, small, floor)
            memory = max(big.rss_kib - floor.rss_kib, 1024) / max(small.rss_kib - floor.rss_kib, 1024)
            if work is None:
                text = f"{ratio}×: time >{args.timeout:.0f} s"
                flagged |= big.timed_out
            else:
                wall = big.wall / small.wall
                text = f"{ratio}×: work {work:.1f}× (wall {wall:.1f}×), memory {memory:.1f}×"
                flagged |= work > 2 * ratio or memory > 2 * ratio
            cells.append(text)
        verdict = "SUPER-LINEAR" if flagged else "linear"
        if flagged:
            super_linear.append(name)
        print(f"{name:<17} " + "; ".join(cells) + f"  {verdict}")
    print()
    print(f"journeys and outputs in {directory}" if args.dir else "")
    if not args.dir:
        shutil.rmtree(directory, ignore_errors=True)
    if super_linear:
        print("super-linear: " + ", ".join(super_linear))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
