"""End-to-end benchmark of `cjmap validate` on a generated corpus.

    python bench/validate.py [--count 1000] [--dir DIR] [--keep] [--big-stages 500]
                             [--cjmap COMMAND]

Generates `count` valid 6-stage journeys plus one big journey (bench/corpus.py) into a
temporary directory (or DIR), then times whole runs of the installed `cjmap` command,
start-up included, with time.perf_counter around subprocess.run:

  1. `cjmap validate DIR --format json` over the whole corpus (best of 3);
  2. `cjmap validate j0000.journey.yaml` on one small file (best of 5);
  3. `cjmap validate big.journey.yaml` alone (best of 3) and its peak memory;
  4. `cjmap --version` (best of 5), the start-up floor of the CLI.

Standard library only. Exit status: 0 when every run worked, 1 when a run failed or the
JSON summary did not count every file. Findings on the (valid) corpus are printed as a
warning but do not fail the benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

TIMEOUT = 900  # seconds, per run

# Runs a command and prints the peak resident set size of its children, in KiB.
_MAXRSS_WRAPPER = r"""
import resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if sys.platform == "darwin":
    rss //= 1024  # bytes there, KiB on Linux and the BSDs
print(proc.returncode, rss)
"""


class BenchError(Exception):
    pass


def cjmap_command() -> list[str]:
    exe = shutil.which("cjmap")
    return [exe] if exe else [sys.executable, "-m", "cjmap"]


def run_once(cmd: list[str], ok_codes=(0,)) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in ok_codes:
        raise BenchError(
            f"`{' '.join(cmd)}` exited {proc.returncode}\n"
            f"--- stdout (start) ---\n{proc.stdout[:2000]}\n--- stderr (start) ---\n{proc.stderr[:2000]}"
        )
    return elapsed, proc


def best_of(n: int, cmd: list[str], ok_codes=(0,)) -> tuple[float, subprocess.CompletedProcess]:
    best, last = float("inf"), None
    for _ in range(n):
        elapsed, last = run_once(cmd, ok_codes)
        best = min(best, elapsed)
    return best, last


def peak_rss_kib(cmd: list[str]) -> int | None:
    try:
        import resource  # noqa: F401  (POSIX only)
    except ImportError:
        return None
    proc = subprocess.run([sys.executable, "-c", _MAXRSS_WRAPPER, *cmd],
                          capture_output=True, text=True, timeout=TIMEOUT)
    try:
        _code, rss = proc.stdout.split()
        return int(rss)
    except ValueError:
        return None


def fmt_finding(f: dict) -> str:
    return (f"{f.get('file')}:{f.get('line')}:{f.get('column')}: {f.get('code')} "
            f"[{f.get('severity')}] {f.get('message')}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=1000, help="number of 6-stage journeys (default 1000)")
    ap.add_argument("--big-stages", type=int, default=500, help="stages of big.journey.yaml (default 500)")
    ap.add_argument("--dir", type=Path, help="write the corpus here instead of a temporary directory")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus directory")
    ap.add_argument("--cjmap", metavar="COMMAND",
                    help="command to benchmark, e.g. 'python -m cjmap' (default: cjmap on PATH)")
    args = ap.parse_args(argv)
    if args.count < 1 or args.big_stages < 1:
        ap.error("--count and --big-stages must be at least 1")

    cmd = shlex.split(args.cjmap) if args.cjmap else cjmap_command()
    print("environment")
    print(f"  python     {platform.python_implementation()} {platform.python_version()} ({sys.executable})")
    print(f"  platform   {platform.platform()}")
    print(f"  cpu_count  {os.cpu_count()}")
    print(f"  command    {' '.join(cmd)}")
    try:
        _, ver = run_once(cmd + ["--version"])
        print(f"  version    {ver.stdout.strip() or ver.stderr.strip()}")
    except (BenchError, OSError) as exc:
        print(f"error: cannot run cjmap: {exc}", file=sys.stderr)
        return 1

    if args.dir:
        directory, temporary = args.dir, False
    else:
        directory, temporary = Path(tempfile.mkdtemp(prefix="cjmap-bench-")), True
    try:
        return bench(cmd, directory, args.count, args.big_stages)
    except (BenchError, OSError, subprocess.TimeoutExpired) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        if temporary and not args.keep:
            shutil.rmtree(directory, ignore_errors=True)
        elif temporary:
            print(f"\ncorpus kept in {directory}")


def bench(cmd: list[str], directory: Path, count: int, big_stages: int) -> int:
    t0 = time.perf_counter()
    paths = write_corpus(directory, count=count, big_stages=big_stages)
    gen_s = time.perf_counter() - t0
    small = [p for p in paths if p.name != "big.journey.yaml"]
    big = directory / "big.journey.yaml"
    n_files = len(list(directory.rglob("*.journey.yaml"))) + len(list(directory.rglob("*.journey.yml")))
    total_bytes = sum(p.stat().st_size for p in directory.rglob("*.journey.y*ml"))
    avg = sum(p.stat().st_size for p in small) / len(small)
    print("\ncorpus")
    print(f"  directory  {directory}")
    print(f"  files      {n_files} ({len(small)} journeys of 6 stages + big.journey.yaml "
          f"with {big_stages} stages), {total_bytes / 2**20:.1f} MiB")
    print(f"  avg size   {avg / 1024:.1f} KiB per 6-stage journey; big.journey.yaml "
          f"{big.stat().st_size / 1024:.0f} KiB")
    print(f"  generated  in {gen_s:.1f} s")
    ok = True

    # 1. whole corpus, JSON output
    print("\n[1/4] cjmap validate DIR --format json (best of 3) ...", flush=True)
    all_s, proc = best_of(3, cmd + ["validate", str(directory), "--format", "json"], ok_codes=(0, 1))
    try:
        report = json.loads(proc.stdout)
        summary = report["summary"]
        findings = report.get("findings", [])
    except (ValueError, KeyError, TypeError) as exc:
        raise BenchError(f"output is not the JSON report ({exc}):\n{proc.stdout[:2000]}") from None
    seen = summary.get("files")
    n_findings = len(findings)
    print(f"  {all_s:.3f} s, {n_files / all_s:.0f} files/s, {all_s * 1000 / n_files:.2f} ms/file, "
          f"{total_bytes / 2**20 / all_s:.1f} MiB/s; exit {proc.returncode}")
    print(f"  summary: {json.dumps(summary)}")
    if seen != n_files:
        print(f"  ERROR: summary counts {seen} files, the corpus has {n_files}")
        ok = False
    if n_findings or proc.returncode != 0:
        print(f"  WARNING: {n_findings} findings on a corpus meant to be clean (exit {proc.returncode}); first ones:")
        for f in findings[:5]:
            print(f"    {fmt_finding(f)}")

    # 2. one small file
    print("\n[2/4] cjmap validate j0000.journey.yaml (best of 5) ...", flush=True)
    one_s, proc = best_of(5, cmd + ["validate", str(small[0])], ok_codes=(0, 1))
    print(f"  {one_s * 1000:.1f} ms; exit {proc.returncode}")

    # 3. the big journey
    print(f"\n[3/4] cjmap validate big.journey.yaml, {big_stages} stages (best of 3) ...", flush=True)
    big_s, proc = best_of(3, cmd + ["validate", str(big)], ok_codes=(0, 1))
    rss = peak_rss_kib(cmd + ["validate", str(big)])
    rss_text = f"{rss / 1024:.1f} MiB" if rss else "n/a"
    print(f"  {big_s:.3f} s, peak RSS {rss_text}; exit {proc.returncode}")
    if proc.returncode != 0:
        print(f"  WARNING: findings on big.journey.yaml:\n{proc.stdout[:1500]}")

    # 4. start-up floor
    print("\n[4/4] cjmap --version (best of 5) ...", flush=True)
    ver_s, _ = best_of(5, cmd + ["--version"])
    print(f"  {ver_s * 1000:.1f} ms")

    rows = [
        ("validate DIR --format json", f"{n_files} files", f"{all_s:.3f} s",
         f"{n_files / all_s:.0f} files/s, {all_s * 1000 / n_files:.2f} ms/file, {n_findings} findings"),
        ("validate one 6-stage file", f"{avg / 1024:.1f} KiB", f"{one_s * 1000:.1f} ms", "start-up included"),
        ("validate big.journey.yaml", f"{big_stages} stages", f"{big_s:.3f} s", f"peak RSS {rss_text}"),
        ("--version", "", f"{ver_s * 1000:.1f} ms", "start-up floor"),
    ]
    widths = [max(len(r[i]) for r in rows + [("run", "input", "best time", "notes")]) for i in range(4)]
    line = "  ".join("-" * w for w in widths)
    print("\nsummary (wall clock, best of N, start-up included)")
    print(line)
    for r in [("run", "input", "best time", "notes")] + rows:
        print("  ".join(c.ljust(w) if i != 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip())
        if r[0] == "run":
            print(line)
    print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
