"""Side-by-side benchmark: cjmap validate against yamllint, check-jsonschema and a C-parse floor.

    python bench/compare.py [--count 1000] [--dir DIR] [--repeat 3] [--keep] [--catalogs]

Generates the same corpus as bench/validate.py (bench/corpus.py: `count` valid 6-stage
journeys of about 14 KiB plus big.journey.yaml with 500 stages) or, with --catalogs, the
same journeys as a workspace that shares two catalogs (shared/*.catalog.yaml, counted as
files) and links in a chain (`write_corpus(..., catalogs=True)`), and times, on the SAME
files, whole runs of each command, start-up included (time.perf_counter around
subprocess.run, best of --repeat):

  - `cjmap validate DIR --format json` with default options (the default --jobs, when
    cjmap has it, uses every core), and `--jobs 1` when `cjmap validate --help` lists it;
  - `yamllint -f parsable DIR` with yamllint's default configuration;
  - `check-jsonschema --schemafile SCHEMA FILES...` with the schema from `cjmap schema -o`
    (it covers journeys and catalogs; files passed explicitly, catalogs included, in
    batches when the command line would be too long);
  - the C-parse floor: one Python process that only reads every file and calls
    `yaml.load(text, Loader=yaml.CSafeLoader)` (PyYAML over libyaml);
  - `cjmap --version`, `cjmap validate` of one small file beside `yamllint` of the same
    file (bench/startup.py shows where that time goes), and of big.journey.yaml
    alone with its peak resident memory.

Every run is checked: it must exit normally (yamllint exits 1 when it reports errors,
check-jsonschema when a file does not match the schema; both are fine) and must have
covered every file. The number of problems each tool reports is printed for
information. Then a table and the ratios against cjmap's goals.

cjmap's index of the workspace (used by one-file runs) is cached in a temporary folder
(CJMAP_CACHE_DIR), never the user's. Standard library and subprocess only. Exit status:
0 when every tool ran on every file, 1 otherwise; goals that are not met do not change the exit status.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bytecode import ensure_bytecode, interpreter_of
from corpus import write_corpus

TIMEOUT = 1800  # seconds, per run
REPO = Path(__file__).resolve().parent.parent

# Goals of cjmap (see docs/performance.md).
GOAL_VS_YAMLLINT = 35.0
GOAL_VS_CHECK_JSONSCHEMA = 8.0
GOAL_OF_FLOOR = 0.7  # cjmap's time at most this share of the C-parse floor's
GOAL_JOBS_SPEEDUP = 1.7
GOAL_ONE_FILE_OF_YAMLLINT = 1.0  # one small file: no slower than yamllint on it
GOAL_BIG_S = 1.0
GOAL_BIG_BYTES = 200 * 10**6
BUSY_WARN = (
    0.25  # cores used by other processes during a run before its figure is flagged
)

# Runs a command and prints its exit status and the peak resident set size of the
# children it waited for (the command and its descendants), in KiB.
_MAXRSS_WRAPPER = r"""
import resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if sys.platform == "darwin":
    rss //= 1024  # bytes there, KiB on Linux and the BSDs
print(proc.returncode, rss)
"""

# The C-parse floor: read and load every file with libyaml through PyYAML, nothing else.
_FLOOR = r"""
import sys, yaml
if not getattr(yaml, "__with_libyaml__", False):
    sys.exit("PyYAML was built without libyaml: yaml.CSafeLoader is missing")
n = 0
for name in sys.stdin.read().splitlines():
    with open(name, encoding="utf-8") as f:
        text = f.read()
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    if not isinstance(data, dict):
        sys.exit(f"{name}: not a mapping")
    n += 1
print(n)
"""

_YAMLLINT_LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): \[(?P<level>error|warning)\] "
)


class BenchError(Exception):
    pass


@dataclass
class Row:
    tool: str
    seconds: float
    files: int
    exit: str = ""
    problems: str = ""
    note: str = ""
    other: float | None = None  # CPU used elsewhere during the round kept, in cores
    quiet: str = ""  # quiet rounds / rounds


@dataclass
class Measure:
    """One command (or several command lines run one after the other), timed in rounds.

    The figure kept is the fastest quiet round (other load at most BUSY_WARN), or the
    fastest round when none was quiet.
    """

    label: str
    cmds: list[list[str]]
    runs: int
    ok_codes: tuple[int, ...]
    stdin: str | None = None
    rounds: list = field(default_factory=list)  # (seconds, other load) of each round
    procs: list = None  # the processes of the last round

    def run_round(self) -> tuple[float, float | None]:
        total, busy_cpu, known, procs = 0.0, 0.0, True, []
        for cmd in self.cmds:
            elapsed, proc, busy = run_once(cmd, self.ok_codes, self.stdin)
            total += elapsed
            procs.append(proc)
            if busy is None:
                known = False
            else:
                busy_cpu += busy * elapsed
        other = busy_cpu / total if known else None
        self.rounds.append((total, other))
        self.procs = procs
        return total, other

    def quiet(self) -> list[tuple[float, float | None]]:
        return [r for r in self.rounds if r[1] is None or r[1] <= BUSY_WARN]

    @property
    def best(self) -> float:
        return min(self.quiet() or self.rounds)[0]

    @property
    def other(self) -> float | None:
        return min(self.quiet() or self.rounds)[1]

    def row(
        self,
        files: int,
        exit: str,
        problems: str,
        note: str = "",
        label: str | None = None,
    ) -> Row:
        return Row(
            label or self.label,
            self.best,
            files,
            exit,
            problems,
            note,
            self.other,
            f"{len(self.quiet())}/{len(self.rounds)}",
        )


# ----------------------------------------------------------------------------- running
def _cpu_seconds() -> tuple[float, float] | None:
    """(CPU seconds busy on the whole machine, CPU seconds of this process and its children)."""
    try:
        import resource

        with open("/proc/stat", encoding="ascii") as f:
            ticks = [int(x) for x in f.readline().split()[1:]]
    except (ImportError, OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal ...: everything but idle and iowait
    busy = sum(ticks[:8]) - ticks[3] - ticks[4]
    own = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        ru = resource.getrusage(who)
        own += ru.ru_utime + ru.ru_stime
    return busy / os.sysconf("SC_CLK_TCK"), own


def run_once(cmd: list[str], ok_codes=(0,), stdin: str | None = None):
    """Run `cmd`; return (seconds, process, other_cores).

    other_cores is the CPU the rest of the machine used meanwhile, in cores (CPU
    seconds not spent by this benchmark / wall-clock seconds), or None off Linux.
    """
    before = _cpu_seconds()
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT,
        )
    except OSError as exc:
        raise BenchError(f"cannot run `{cmd[0]}`: {exc}") from None
    elapsed = time.perf_counter() - t0
    after = _cpu_seconds()
    other = None
    if before and after:
        other = max(0.0, (after[0] - before[0]) - (after[1] - before[1])) / elapsed
    if proc.returncode not in ok_codes:
        raise BenchError(
            f"`{_show(cmd)}` exited {proc.returncode}\n"
            f"--- stdout (start) ---\n{proc.stdout[:2000]}\n--- stderr (start) ---\n{proc.stderr[:2000]}"
        )
    return elapsed, proc, other


def peak_rss_kib(cmd: list[str]) -> int | None:
    try:
        import resource  # noqa: F401  (POSIX only)
    except ImportError:
        return None
    proc = subprocess.run(
        [sys.executable, "-c", _MAXRSS_WRAPPER, *cmd],
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT,
    )
    try:
        _code, rss = proc.stdout.split()
        return int(rss)
    except ValueError:
        return None


def batches(prefix: list[str], files: list[str]) -> list[list[str]]:
    """Split `files` into command lines that stay well under the system limit."""
    try:
        arg_max = os.sysconf("SC_ARG_MAX")
    except (AttributeError, ValueError, OSError):
        arg_max = 32_000  # Windows' command-line limit
    env_size = sum(len(k) + len(v) + 2 for k, v in os.environ.items())
    budget = max(
        4_000, min(arg_max // 2 - env_size, 128_000 if os.name != "nt" else 30_000)
    )
    base = sum(len(a) + 1 for a in prefix)
    out, current, size = [], [], base
    for f in files:
        if current and size + len(f) + 1 > budget:
            out.append(prefix + current)
            current, size = [], base
        current.append(f)
        size += len(f) + 1
    if current:
        out.append(prefix + current)
    return out


def tool_command(name: str) -> list[str] | None:
    exe = shutil.which(name)
    if exe:
        return [exe]
    return None


def cjmap_command() -> list[str]:
    exe = shutil.which("cjmap")
    return [exe] if exe else [sys.executable, "-m", "cjmap"]


def version_of(cmd: list[str], flag: str = "--version") -> str:
    try:
        proc = subprocess.run(
            cmd + [flag], capture_output=True, text=True, check=False, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    text = (proc.stdout.strip() or proc.stderr.strip()).splitlines()
    return text[0] if text else f"unknown (exit {proc.returncode})"


def python_package_versions() -> str:
    code = (
        "import importlib.metadata as m\n"
        "out = []\n"
        "for p in ('PyYAML', 'ruamel.yaml', 'pydantic', 'pydantic-core', 'jsonschema'):\n"
        "    try: out.append(f'{p} {m.version(p)}')\n"
        "    except m.PackageNotFoundError: out.append(f'{p} -')\n"
        "import yaml\n"
        "if getattr(yaml, '__with_libyaml__', False):\n"
        "    from yaml import _yaml\n"
        "    out.append('libyaml ' + _yaml.get_version_string())\n"
        "else:\n"
        "    out.append('libyaml: no (PyYAML without C extension)')\n"
        "print(', '.join(out))\n"
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        return proc.stdout.strip() or proc.stderr.strip().splitlines()[-1]
    except (OSError, subprocess.TimeoutExpired, IndexError) as exc:
        return f"unavailable ({exc})"


def _show(cmd: list[str], limit: int = 6) -> str:
    shown = " ".join(cmd[:limit])
    return shown + (f" … (+{len(cmd) - limit} arguments)" if len(cmd) > limit else "")


def _usable_cpus() -> int | None:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None


def _busy(other: float | None) -> str:
    return (
        "" if other is None else f" (other processes used {other:.2f} cores meanwhile)"
    )


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "n/a"


# ----------------------------------------------------------------------------- main
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--count",
        type=int,
        default=1000,
        help="number of 6-stage journeys (default 1000)",
    )
    ap.add_argument(
        "--big-stages",
        type=int,
        default=500,
        help="stages of big.journey.yaml (default 500)",
    )
    ap.add_argument(
        "--dir",
        type=Path,
        help="write the corpus here instead of a temporary directory (kept)",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per measurement; the fastest counts (default 3)",
    )
    ap.add_argument(
        "--keep", action="store_true", help="keep the temporary corpus directory"
    )
    ap.add_argument(
        "--catalogs",
        action="store_true",
        help="time the workspace corpus: journeys that share two catalogs and link to each other",
    )
    args = ap.parse_args(argv)
    if args.count < 1 or args.big_stages < 1 or args.repeat < 1:
        ap.error("--count, --big-stages and --repeat must be at least 1")

    if args.dir:
        directory, temporary = args.dir.resolve(), False
        if directory.exists() and any(directory.iterdir()):
            print(
                f"error: {directory} is not empty; give a new or empty directory, so that every "
                "tool sees exactly the generated corpus",
                file=sys.stderr,
            )
            return 1
    else:
        directory, temporary = Path(tempfile.mkdtemp(prefix="cjmap-compare-")), True
    work = Path(tempfile.mkdtemp(prefix="cjmap-compare-schema-"))
    try:
        return bench(directory, work, args.count, args.big_stages, args.repeat, args.catalogs)
    except (BenchError, OSError, subprocess.TimeoutExpired) as exc:
        print(f"\nerror: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if temporary and not args.keep:
            shutil.rmtree(directory, ignore_errors=True)
        elif temporary:
            print(f"\ncorpus kept in {directory}")


def bench(
    directory: Path, work: Path, count: int, big_stages: int, repeat: int, catalogs: bool = False
) -> int:
    os.environ["CJMAP_CACHE_DIR"] = str(work / "cache")  # the index of one-file runs: not the user's cache
    cjmap = cjmap_command()
    yamllint = tool_command("yamllint")
    cjs = tool_command("check-jsonschema")
    failures: list[str] = []

    # ------------------------------------------------------------------ environment
    compiled = ensure_bytecode(interpreter_of(cjmap))
    help_text = run_once(cjmap + ["validate", "--help"])[1].stdout
    has_jobs = re.search(r"(^|\s)--jobs\b", help_text) is not None
    print("environment")
    print(f"  date              {_dt.date.today().isoformat()}")
    print(
        f"  python            {platform.python_implementation()} {platform.python_version()} ({sys.executable})"
    )
    print(f"  platform          {platform.platform()}")
    print(
        f"  cpu_count         {os.cpu_count()} (usable by this process: {_usable_cpus() or 'n/a'})"
    )
    print(f"  load average      {_loadavg()} (before)")
    print(
        f"  cjmap             {version_of(cjmap)} ({' '.join(cjmap)}); --jobs: "
        f"{'yes' if has_jobs else 'no (not in `cjmap validate --help`)'}"
    )
    print(f"  bytecode          {compiled}")
    print(
        f"  yamllint          {version_of(yamllint) if yamllint else 'not installed (pip install yamllint)'}"
    )
    print(
        f"  check-jsonschema  {version_of(cjs) if cjs else 'not installed (pip install check-jsonschema)'}"
    )
    print(f"  packages          {python_package_versions()}")
    if not yamllint or not cjs:
        raise BenchError(
            "yamllint and check-jsonschema must both be installed: "
            "pip install yamllint check-jsonschema"
        )

    # ------------------------------------------------------------------ corpus
    t0 = time.perf_counter()
    paths = write_corpus(directory, count=count, big_stages=big_stages, catalogs=catalogs)
    gen_s = time.perf_counter() - t0
    files = sorted(str(p) for p in paths)
    n = len(files)
    on_disk = sorted(
        str(p) for p in directory.rglob("*") if p.suffix in (".yaml", ".yml")
    )
    if on_disk != files:
        raise BenchError(
            f"{directory} holds {len(on_disk)} YAML files, {n} were generated"
        )
    small = [p for p in paths if p.name.endswith(".journey.yaml") and p.name != "big.journey.yaml"]
    shared = [p for p in paths if p.name.endswith(".catalog.yaml")]
    big = directory / "big.journey.yaml"
    total_bytes = sum(p.stat().st_size for p in paths)
    avg = sum(p.stat().st_size for p in small) / len(small)
    schema = work / "cjmap.schema.json"
    run_once(cjmap + ["schema", "-o", str(schema)])
    committed = REPO / "schema" / "cjmap.schema.json"
    same = "n/a"
    if committed.exists():
        try:
            same = (
                "same as"
                if json.loads(schema.read_text("utf-8"))
                == json.loads(committed.read_text("utf-8"))
                else "DIFFERS from"
            )
        except ValueError:
            same = "cannot compare with"
    print("\ncorpus")
    print(f"  corpus            {_corpus_name(catalogs, long=True)}")
    print(f"  directory         {directory}")
    print(
        f"  files             {n} ({len(small)} journeys of 6 stages + big.journey.yaml with "
        f"{big_stages} stages" + (f" + {len(shared)} catalogs" if shared else "")
        + f"), {total_bytes / 2**20:.1f} MiB"
    )
    print(
        f"  sizes             {avg / 1024:.1f} KiB per 6-stage journey; big.journey.yaml "
        f"{big.stat().st_size / 1024:.0f} KiB"
    )
    print(f"  generated in      {gen_s:.1f} s")
    print(
        f"  schema            `cjmap schema -o` ({schema.stat().st_size:,} bytes), {same} schema/cjmap.schema.json"
    )

    # ------------------------------------------------------------------ what to time
    serial_label = "cjmap --jobs 1"
    default_label = "cjmap (default" + (", all cores)" if has_jobs else ")")
    listed = run_once(yamllint + ["--list-files", str(directory)])[
        1
    ].stdout.splitlines()
    cjs_cmds = batches(cjs + ["--schemafile", str(schema), "-o", "json", "-v"], files)
    n_small = max(repeat, 5)
    corpus_cmd = cjmap + ["validate", str(directory), "--format", "json"]
    measures = [
        Measure(default_label, [corpus_cmd], repeat, (0, 1)),
        *(
            [Measure(serial_label, [corpus_cmd + ["--jobs", "1"]], repeat, (0, 1))]
            if has_jobs
            else []
        ),
        Measure(
            "yamllint", [yamllint + ["-f", "parsable", str(directory)]], repeat, (0, 1)
        ),
        Measure("check-jsonschema", cjs_cmds, repeat, (0, 1)),
        Measure(
            "C-parse floor",
            [[sys.executable, "-c", _FLOOR]],
            repeat,
            (0,),
            "\n".join(files) + "\n",
        ),
        Measure("cjmap --version", [cjmap + ["--version"]], n_small, (0,)),
        Measure(
            "cjmap, one file", [cjmap + ["validate", str(small[0])]], n_small, (0, 1)
        ),
        Measure("yamllint, one file", [yamllint + [str(small[0])]], n_small, (0, 1)),
        Measure("cjmap, big file", [cjmap + ["validate", str(big)]], repeat, (0, 1)),
    ]
    print(f"\ncommands (FILES: the {n} files named one by one)")
    for m in measures:
        shown = (
            _show(m.cmds[0], 8)
            .replace(str(directory), "DIR")
            .replace(str(schema), "SCHEMA")
        )
        if m.label == "check-jsonschema":
            shown = (
                " ".join(
                    c.replace(str(schema), "SCHEMA")
                    for c in cjs_cmds[0][: len(cjs) + 5]
                )
                + " FILES"
            )
            shown += (
                f" ({len(cjs_cmds)} command line{'s' if len(cjs_cmds) > 1 else ''})"
            )
        elif m.label == "C-parse floor":
            shown = f"{sys.executable} -c <yaml.load(text, Loader=yaml.CSafeLoader) for each file>"
        print(f"  {m.label:<{max(len(x.label) for x in measures)}}  {shown}")

    # ------------------------------------------------------------------ time, round robin
    # Every round runs each command once, so that a burst of load from elsewhere on the
    # machine slows one round of every tool rather than all the runs of one tool.
    rounds = max(m.runs for m in measures)
    print(
        f"\ntiming: {rounds} rounds, each command once per round (best of {repeat}; "
        f"{n_small} for --version and one file)",
        flush=True,
    )
    for r in range(1, rounds + 1):
        for m in measures:
            if r > m.runs:
                continue
            secs, other = m.run_round()
            print(
                f"  round {r}/{rounds}  {m.label:<{max(len(x.label) for x in measures)}}  "
                f"{secs:9.3f} s{_busy(other)}",
                flush=True,
            )
    rss = peak_rss_kib(cjmap + ["validate", str(big)])
    rss_text = f"{rss * 1024 / 10**6:.0f} MB ({rss / 1024:.1f} MiB)" if rss else "n/a"
    print(f"  load average {_loadavg()} (after)")

    # ------------------------------------------------------------------ check the outputs
    print("\nchecks (did every tool run on every file?)")
    by = {m.label: m for m in measures}
    rows: list[Row] = []

    def cjmap_corpus(m: Measure) -> Row:
        proc = m.procs[0]
        try:
            report = json.loads(proc.stdout)
            summary, findings = report["summary"], report.get("findings", [])
        except (ValueError, KeyError, TypeError) as exc:
            raise BenchError(
                f"cjmap's output is not the JSON report ({exc}):\n{proc.stdout[:2000]}"
            ) from None
        print(f"  {m.label}: exit {proc.returncode}; summary {json.dumps(summary)}")
        if summary.get("files") != n:
            failures.append(
                f"{m.label}: the summary counts {summary.get('files')} files, the corpus has {n}"
            )
            print(f"    ERROR: {failures[-1]}")
        if findings:
            f0 = findings[0]
            print(
                f"    note: {len(findings)} findings on a corpus meant to be clean; first: "
                f"{f0.get('file')}:{f0.get('line')}: {f0.get('code')} {f0.get('message')}"
            )
        return m.row(n, str(proc.returncode), f"{len(findings)} findings")

    rows.append(cjmap_corpus(by[default_label]))
    if has_jobs:
        rows.append(cjmap_corpus(by[serial_label]))

    m = by["yamllint"]
    proc = m.procs[0]
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    parsed = [x for x in map(_YAMLLINT_LINE.match, lines) if x]
    errors = sum(x["level"] == "error" for x in parsed)
    warnings = len(parsed) - errors
    reported = len({x["file"] for x in parsed})
    rules: dict[str, int] = {}
    for ln in lines:
        rule = ln.rsplit("(", 1)[-1].rstrip(")") if ln.endswith(")") else "?"
        rules[rule] = rules.get(rule, 0) + 1
    print(
        f"  yamllint: `yamllint --list-files DIR` lists {len(listed)} files; exit {proc.returncode}; "
        f"{len(parsed)} problems ({errors} errors, {warnings} warnings) in {reported} files; by rule: "
        + ", ".join(f"{k} {v}" for k, v in sorted(rules.items(), key=lambda kv: -kv[1]))
    )
    if len(listed) != n:
        failures.append(f"yamllint would lint {len(listed)} files, the corpus has {n}")
        print(f"    ERROR: {failures[-1]}")
    if len(parsed) != len(lines) or proc.stderr.strip():
        odd = proc.stderr.strip() or next(
            ln for ln in lines if not _YAMLLINT_LINE.match(ln)
        )
        failures.append("yamllint printed something other than problems: " + odd[:500])
        print(f"    ERROR: {failures[-1]}")
    rows.append(
        m.row(
            n,
            str(proc.returncode),
            f"{len(parsed)} problems ({errors} errors, {warnings} warnings) in {reported} files",
        )
    )

    m = by["check-jsonschema"]
    checked, errs, bad_files, status = set(), 0, set(), []
    for proc in m.procs:
        try:
            out = json.loads(proc.stdout)
        except ValueError:
            raise BenchError(
                f"check-jsonschema's output is not JSON:\n{proc.stdout[:1000]}\n"
                f"{proc.stderr[:1000]}"
            ) from None
        checked.update(out.get("checked_paths", []))
        errs += len(out.get("errors", []))
        bad_files.update(e.get("filename") for e in out.get("errors", []))
        status.append(out.get("status"))
    codes = ",".join(sorted({str(p.returncode) for p in m.procs}))
    print(
        f"  check-jsonschema: exit {codes}; status {','.join(sorted(set(status)))}; checked "
        f"{len(checked)} files; {errs} schema errors in {len(bad_files)} files"
    )
    if len(checked | bad_files) != n:
        failures.append(
            f"check-jsonschema checked {len(checked | bad_files)} files, the corpus has {n}"
        )
        print(f"    ERROR: {failures[-1]}")
    rows.append(
        m.row(
            n,
            codes,
            f"{errs} schema errors in {len(bad_files)} files",
            note=f"{len(cjs_cmds)} command line{'s' if len(cjs_cmds) > 1 else ''}",
        )
    )

    m = by["C-parse floor"]
    proc = m.procs[0]
    loaded = int(proc.stdout.strip() or 0)
    print(f"  C-parse floor: exit {proc.returncode}; loaded {loaded} files")
    if loaded != n:
        failures.append(f"the C-parse floor loaded {loaded} files, the corpus has {n}")
        print(f"    ERROR: {failures[-1]}")
    rows.append(
        m.row(
            n,
            str(proc.returncode),
            "-",
            note="single process, PyYAML CSafeLoader",
            label="C-parse floor",
        )
    )

    m = by["cjmap --version"]
    rows.append(m.row(0, str(m.procs[0].returncode), "-", note="start-up floor"))
    m = by["cjmap, one file"]
    rows.append(
        m.row(
            1,
            str(m.procs[0].returncode),
            "-",
            label="cjmap, one 6-stage file",
            note=f"{small[0].stat().st_size / 1024:.1f} KiB"
            + ("; lists the 2 catalogs, links to the next journey" if catalogs else ""),
        )
    )
    m = by["yamllint, one file"]
    rows.append(m.row(1, str(m.procs[0].returncode), "-", label="yamllint, the same file"))
    one_and_yamllint = rows[-2:]
    m = by["cjmap, big file"]
    rows.append(
        m.row(
            1,
            str(m.procs[0].returncode),
            "-",
            label=f"cjmap, big.journey.yaml ({big_stages} stages)",
            note=f"{big.stat().st_size / 1024:.0f} KiB; peak RSS {rss_text}",
        )
    )
    print(
        f"  cjmap --version, one file, big file: exit "
        f"{', '.join(str(by[k].procs[0].returncode) for k in ('cjmap --version', 'cjmap, one file', 'cjmap, big file'))}"
    )
    one_s, big_s = by["cjmap, one file"].best, by["cjmap, big file"].best
    cj_default = rows[0]
    cj_serial = rows[1] if has_jobs else None

    # ------------------------------------------------------------------ table
    print(
        f"\nresults ({_corpus_name(catalogs)}): wall clock, start-up included, {n} files, "
        f"{os.cpu_count()} CPUs; each figure is the fastest of {repeat} rounds ({n_small} for --version "
        "and one file), quiet rounds preferred"
    )
    head = (
        "tool",
        "seconds",
        "files/s",
        "ms/file",
        "other load",
        "quiet",
        "exit",
        "problems found",
        "note",
    )
    table = [head]
    for r in rows:
        fps = f"{r.files / r.seconds:.0f}" if r.files > 1 else "-"
        msf = f"{r.seconds * 1000 / r.files:.2f}" if r.files > 1 else "-"
        load = (
            "n/a"
            if r.other is None
            else f"{r.other:.2f}" + (" !" if r.other > BUSY_WARN else "")
        )
        table.append(
            (
                r.tool,
                f"{r.seconds:.3f}",
                fps,
                msf,
                load,
                r.quiet,
                r.exit,
                r.problems,
                r.note,
            )
        )
    _print_table(table, right={1, 2, 3, 4, 5})
    print(
        "other load: CPU used by other processes on the machine during the round kept, in cores "
        f"(! above {BUSY_WARN:g}); quiet: rounds with at most {BUSY_WARN:g} / rounds"
    )

    # ------------------------------------------------------------------ ratios and goals
    yl, cj, fl = rows[1 + has_jobs : 4 + has_jobs]
    one_row, big_row = one_and_yamllint[0], rows[-1]
    ratios = [("ratio", "value", "goal", "verdict")]

    def loaded(*involved: Row) -> bool:
        return any(
            r is not None and r.other is not None and r.other > BUSY_WARN
            for r in involved
        )

    def ratio(
        name: str, value: str, goal: str, met: bool | None, *involved: Row
    ) -> None:
        if met is None:
            verdict = "-" if goal == "(information)" else "not measured"
        else:
            verdict = "met" if met else "NOT met"
            if loaded(*involved):
                verdict += " (under load !)"
        ratios.append((name, value, goal, verdict))

    for cjr in (cj_default, cj_serial):
        if cjr is None:
            continue
        is_goal = cjr is cj_default
        tag = "" if is_goal else " (--jobs 1)"
        for other, goal in (
            (yl, GOAL_VS_YAMLLINT),
            (cj, GOAL_VS_CHECK_JSONSCHEMA),
        ):
            v = other.seconds / cjr.seconds
            text = (
                ("≥ 1× (no slower)" if goal == 1 else f"≥ {goal:g}× faster")
                if is_goal
                else "(information)"
            )
            ratio(
                f"cjmap{tag} vs {other.tool}",
                f"{v:.2f}×",
                text,
                v >= goal if is_goal else None,
                cjr,
                other,
            )
        v = cjr.seconds / fl.seconds
        ratio(
            f"cjmap{tag} time / {fl.tool}'s",
            f"{v:.2f}×",
            f"≤ {GOAL_OF_FLOOR:g}×" if is_goal else "(information)",
            v <= GOAL_OF_FLOOR if is_goal else None,
            cjr,
            fl,
        )
    cpus = os.cpu_count() or 0
    goal = f"≥ {GOAL_JOBS_SPEEDUP:g}× on 2 cores"
    if cj_serial is not None:
        v = cj_serial.seconds / cj_default.seconds
        ratio(
            f"--jobs speed-up (--jobs 1 / default, {cpus} CPUs)",
            f"{v:.2f}×",
            goal,
            v >= GOAL_JOBS_SPEEDUP if cpus >= 2 else None,
            cj_serial,
            cj_default,
        )
    else:
        ratios.append(
            ("--jobs speed-up", "-", goal, "not measured: cjmap validate has no --jobs")
        )
    yamllint_one_s = by["yamllint, one file"].best
    ratio(
        "one small file, end to end: cjmap / yamllint",
        f"{one_s * 1000:.0f} ms / {yamllint_one_s * 1000:.0f} ms = {one_s / yamllint_one_s:.2f}×",
        f"≤ {GOAL_ONE_FILE_OF_YAMLLINT:g}× (bench/startup.py: where it goes)",
        one_s <= GOAL_ONE_FILE_OF_YAMLLINT * yamllint_one_s,
        *one_and_yamllint,
    )
    ratio(
        f"big.journey.yaml ({big_stages} stages), time",
        f"{big_s:.3f} s",
        f"< {GOAL_BIG_S:g} s",
        big_s < GOAL_BIG_S,
        big_row,
    )
    ratio(
        f"big.journey.yaml ({big_stages} stages), peak RSS",
        rss_text,
        "< 200 MB",
        None if rss is None else rss * 1024 < GOAL_BIG_BYTES,
    )
    print(
        "\nratios (how many times faster cjmap is: other tool's seconds / cjmap's seconds) and goals"
    )
    _print_table(ratios, right={1})

    busy = [r.tool for r in rows if r.other is not None and r.other > BUSY_WARN]
    if busy:
        print(
            f"\nWARNING: other processes used more than {BUSY_WARN:g} core during: {', '.join(busy)}; "
            "those figures may be slower than on an idle machine and the ratios skewed: re-run when it is quiet"
        )
    if failures:
        print("\nFAILED: " + "; ".join(failures))
        return 1
    print("\nevery tool ran on every file")
    return 0


def _corpus_name(catalogs: bool, long: bool = False) -> str:
    if not catalogs:
        return "default corpus" + (": self-contained journeys, no catalogs, no links" if long else "")
    return "catalogs corpus (--catalogs)" + (
        ": the journeys share shared/people.catalog.yaml and shared/org.catalog.yaml "
        "and link in a chain" if long else "")


def _print_table(table: list[tuple], right: set[int]) -> None:
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    line = "  ".join("-" * w for w in widths)
    print(line)
    for k, r in enumerate(table):
        print(
            "  ".join(
                c.rjust(w) if i in right else c.ljust(w)
                for i, (c, w) in enumerate(zip(r, widths))
            ).rstrip()
        )
        if k == 0:
            print(line)
    print(line)


if __name__ == "__main__":
    raise SystemExit(main())
