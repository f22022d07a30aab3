"""Fuzz cjmap for a while: the generators of tests/test_fuzz.py, run until time is up.

    python bench/fuzz.py --minutes N [--seed S] [--out DIR] [--shrink]
    python bench/fuzz.py --replay FILE

Each input goes through every command path in-process, as in the test suite
(tests/fuzzing.py: `check_bytes` and every reporter; DOT, Mermaid, the
segment's view and the Markdown and HTML reports when the structure is valid).
One input in four is an actuals file (`report --actuals`): read, then reported.
Progress is printed about every 10 seconds. At the end: "N inputs ran clean in
M minutes", exit 0; or the first failing input, saved to a file in --out (with
its run options and traceback beside it), exit 1. `--replay FILE` runs a saved
input again.

Hypothesis draws the inputs, in chunks of `--chunk` examples, each chunk with
its own seed derived from --seed: the same seed replays the same inputs.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import tempfile
import time
import traceback
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import fuzzing
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as use_seed


class TimeUp(BaseException):
    """Ends a chunk when the time is up (not an Exception: hypothesis lets it through)."""


@dataclasses.dataclass
class State:
    deadline: float
    started: float
    count: int = 0
    journeys: int = 0
    findings: int = 0
    last_report: float = 0.0
    actuals_files: int = 0
    failure: tuple[fuzzing.Case, fuzzing.Plan, str] | None = None
    codes: set[str] = dataclasses.field(default_factory=set)


def run(minutes: float, base_seed: int, chunk: int, shrink: bool) -> State:
    now = time.monotonic()
    state = State(deadline=now + minutes * 60, started=now, last_report=now)
    phases = [Phase.generate, Phase.shrink] if shrink else [Phase.generate]

    @settings(max_examples=chunk, deadline=None, database=None, derandomize=False, phases=phases,
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False)
    @given(case=fuzzing.cases(), plan=fuzzing.plans)
    def one(case: fuzzing.Case, plan: fuzzing.Plan) -> None:
        if state.failure is None and time.monotonic() > state.deadline:
            raise TimeUp
        try:
            outcome = fuzzing.run_case(case, plan)
        except Exception:
            # The last failing call is hypothesis's replay of the input it reports.
            state.failure = (case, plan, traceback.format_exc())
            raise
        if state.failure is None:
            state.count += 1
            state.actuals_files += case.actuals_suffix is not None
            state.journeys += outcome.journey and case.actuals_suffix is None
            state.findings += outcome.findings
            state.codes |= outcome.codes
            _progress(state)

    for number in range(10**9):
        if time.monotonic() > state.deadline:
            break
        use_seed(base_seed * 100_003 + number)(one)
        try:
            one()
        except TimeUp:
            break
        except Exception:  # noqa: BLE001 - the failure, re-raised by hypothesis once it has replayed it
            if state.failure is None:  # hypothesis itself failed: report that
                state.failure = (fuzzing.Case(b""), fuzzing.Plan(), traceback.format_exc())
            break
    return state


def _replay(case: fuzzing.Case, plan: fuzzing.Plan) -> str | None:
    try:
        fuzzing.run_case(case, plan)
    except Exception:  # noqa: BLE001 - any crash is what we are looking for
        return traceback.format_exc()
    return None


def _progress(state: State, *, final: bool = False) -> None:
    now = time.monotonic()
    if not final and now - state.last_report < 10:
        return
    state.last_report = now
    elapsed = now - state.started
    print(
        f"  {elapsed:6.0f} s  {state.count:7d} inputs ({state.count / max(elapsed, 1e-9):5.1f}/s), "
        f"{state.actuals_files} of them actuals files, {state.journeys} journeys with a valid structure, "
        f"{state.findings} findings, "
        f"{len(state.codes)} codes seen",
        flush=True,
    )


def _plan_json(plan: fuzzing.Plan) -> str:
    fields = dataclasses.asdict(plan)
    fields["as_of"] = plan.as_of.isoformat() if plan.as_of else None
    fields["actuals"] = list(plan.actuals)
    fields["select"] = None if plan.select is None else sorted(plan.select)
    fields["ignore"] = sorted(plan.ignore)
    fields["severities"] = [list(pair) for pair in plan.severities]
    return json.dumps(fields, indent=2) + "\n"


def _plan_from(path: Path) -> fuzzing.Plan:
    if not path.exists():
        return fuzzing.Plan()
    fields = json.loads(path.read_text(encoding="utf-8"))
    fields["as_of"] = date.fromisoformat(fields["as_of"]) if fields.get("as_of") else None
    fields["actuals"] = tuple(fields.get("actuals", ()))
    fields["select"] = None if fields.get("select") is None else frozenset(fields["select"])
    fields["ignore"] = frozenset(fields.get("ignore", ()))
    fields["severities"] = tuple(tuple(pair) for pair in fields.get("severities", ()))
    return fuzzing.Plan(**fields)


def save_failure(out: Path, base_seed: int, case: fuzzing.Case, plan: fuzzing.Plan, trace: str) -> Path:
    """The input as cjmap-fuzz-SEED.journey.yaml (or .actuals.csv, …), with its
    run options (.plan.json) and traceback (.traceback.txt) beside it."""
    out.mkdir(parents=True, exist_ok=True)
    base = out / f"cjmap-fuzz-{base_seed}"
    name = ".journey.yaml" if case.actuals_suffix is None else ".actuals" + case.actuals_suffix
    path = base.with_name(base.name + name)
    path.write_bytes(case.raw)
    base.with_name(base.name + ".plan.json").write_text(_plan_json(plan), encoding="utf-8")
    base.with_name(base.name + ".traceback.txt").write_text(trace, encoding="utf-8")
    return path


def _saved(path: Path) -> tuple[fuzzing.Case, Path]:
    """The case in a saved file, and where its run options would be. A name
    with `.actuals` in it is an actuals file (what follows is its suffix)."""
    name = path.name
    if ".actuals" in name:
        stem, _, rest = name.partition(".actuals")
        return fuzzing.Case(path.read_bytes(), rest), path.with_name(stem + ".plan.json")
    stem = name.removesuffix(".journey.yaml").removesuffix(".journey.yml")
    return fuzzing.Case(path.read_bytes()), path.with_name(stem + ".plan.json")


def replay(path: Path) -> int:
    case, plan_file = _saved(path)
    plan = _plan_from(plan_file)
    kind = "journey" if case.actuals_suffix is None else f"actuals file ({case.actuals_suffix or 'no suffix'})"
    print(f"replaying {path}: {kind}, {len(case.raw)} bytes, with {plan}")
    trace = _replay(case, plan)
    if trace is None:
        print("ran clean")
        return 0
    print(trace, end="")
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=2.0, help="how long to run (default 2)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the run (default: random, printed)")
    parser.add_argument("--chunk", type=int, default=200, help="examples per hypothesis run (default 200)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()),
                        help="where to save a failing input (default: the temporary directory)")
    parser.add_argument("--shrink", action="store_true", help="shrink a failing input first (can take minutes)")
    parser.add_argument("--replay", type=Path, default=None, help="run one saved input again and exit")
    args = parser.parse_args(argv)
    if args.replay is not None:
        return replay(args.replay)

    base_seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**9)
    print(f"cjmap fuzz: {args.minutes:g} min, seed {base_seed} (python bench/fuzz.py --seed {base_seed} replays it)",
          flush=True)
    state = run(args.minutes, base_seed, args.chunk, args.shrink)
    _progress(state, final=True)
    minutes = (time.monotonic() - state.started) / 60
    if state.failure is None:
        print(f"{state.count} inputs ran clean in {minutes:.1f} minutes")
        return 0
    case, plan, trace = state.failure
    path = save_failure(args.out, base_seed, case, plan, trace)
    print(f"\nFAILED after {state.count} clean inputs in {minutes:.1f} minutes.")
    print(f"input ({len(case.raw)} bytes): {path}\nrun options: {plan}\n")
    print(trace, end="")
    print(f"\nreplay: python bench/fuzz.py --replay {path}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
