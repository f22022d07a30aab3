"""Fuzzing every command path with hypothesis: no input may crash cjmap or
make it write a broken report.

The generators and the checks live in `tests/fuzzing.py` (shared with
`bench/fuzz.py`, the long run). Inputs go through the library in-process:
`check_bytes` and every reporter for all of them; DOT (both views), Mermaid,
the segment's view and the Markdown and HTML reports for those whose
structure is valid. Actuals files (`report --actuals`) are read and reported
with. A few inputs go through the real CLI, and a few valid journeys are drawn
as SVG by graphviz-pure. Inputs that once broke cjmap are kept in FOUND and
FOUND_ACTUALS.

CI runs a fixed, reproducible set (`derandomize=True`) in about two minutes.
Run more locally with `CJMAP_FUZZ_EXAMPLES=N` (examples per fuzz test; the
CLI and SVG tests get a twentieth of it), and CJMAP_FUZZ_SHRINK=1 to have a
failing input shrunk to its smallest (slow); or use `python bench/fuzz.py`.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import fuzzing
import pytest
from conftest import CLEAN_JOURNEY, run_cli
from fuzzing import Plan
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from cjmap.engine import CheckOptions, check_bytes
from cjmap.render.picture import picture

STRUCTURAL = {"CJ001", "CJ002", "CJ003", "CJ005", "CJ006"}  # CJ004: generated references may dangle
LOCAL = int(os.environ.get("CJMAP_FUZZ_EXAMPLES", "0"))


def fuzz(ci_examples: int, *, small: bool = False, health: tuple[HealthCheck, ...] = ()) -> settings:
    """CI: `ci_examples`, derandomized. CJMAP_FUZZ_EXAMPLES=N runs N instead
    (N // 20 for the slow tests), still derandomized, so a failure replays."""
    examples = ci_examples if not LOCAL else max(1, LOCAL // 20 if small else LOCAL)
    # Shrinking a journey can take minutes: CI reports the failing input as
    # found; CJMAP_FUZZ_SHRINK=1 asks for the smallest one.
    phases = [Phase.explicit, Phase.reuse, Phase.generate]
    if os.environ.get("CJMAP_FUZZ_SHRINK") == "1":
        phases.append(Phase.shrink)
    return settings(
        phases=phases,
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
            HealthCheck.filter_too_much, *health,
        ],
    )


def _journey(**replace: str) -> bytes:
    text = CLEAN_JOURNEY
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text.encode("utf-8")


# Inputs this suite found to break cjmap, kept so that each stays fixed:
# name -> (input, run options).
FOUND = {
    # An objective whose target is a hair from its baseline: the progress share
    # is infinite and the report cannot print it as a percentage (OverflowError).
    "progress-overflow": (
        (
            b"cjmap: 1\nid: tiny-step\ntitle: Tiny step\nstages:\n  - id: buy\n    name: Buy\n    objectives:\n"
            b"      - {id: sales, statement: More sales, metric: sales, target: 1.0e-300, unit: EUR, baseline: 0}\n"
        ),
        Plan(actuals=(1e10,)),
    ),
    # A stage name of one 30 000-character word: fitting it under the emotion
    # curve was quadratic (6 s); only what can be shown is measured now.
    "long-word-stage-name": (_journey(**{"name: Discover": "name: " + "x" * 30_000}), Plan()),
}


# Actuals files that broke `cjmap report --actuals` (exit 3, internal error).
FOUND_ACTUALS = {
    # A CSV value of more than 4300 digits: int() refuses it (ValueError).
    "actuals-long-integer-csv": fuzzing.ActualsFile(".csv", b"objective,value\nreach," + b"9" * 5000 + b"\n"),
    # The same in YAML: the loader keeps a plain number that long as text.
    "actuals-long-integer-yaml": fuzzing.ActualsFile(".yaml", b"reach: " + b"9" * 5000 + b"\n"),
    # An integer too large for a float (309 digits and more): the report cannot print it (OverflowError).
    "actuals-integer-beyond-float-csv": fuzzing.ActualsFile(".csv", b"objective,value\nreach," + b"1" * 400 + b"\n"),
    "actuals-integer-beyond-float-yaml": fuzzing.ActualsFile(".yaml", b"reach: " + b"1" * 400 + b"\n"),
    # 1e400 is read as infinity from CSV (YAML's .inf is refused), and the report cannot print it.
    "actuals-infinite-csv": fuzzing.ActualsFile(".csv", b"objective,value\nreach,1e400\n"),
    "actuals-infinite-yaml-text": fuzzing.ActualsFile(".yaml", b'reach: "1e400"\n'),
}


@pytest.mark.parametrize("name", sorted(FOUND))
def test_found_inputs(name: str) -> None:
    raw, plan = FOUND[name]
    fuzzing.exercise(raw, plan)


@pytest.mark.parametrize("name", sorted(FOUND_ACTUALS))
def test_found_actuals_files(name: str) -> None:
    fuzzing.exercise_actuals(FOUND_ACTUALS[name])


@fuzz(250)
@given(raw=fuzzing.valid_documents(), plan=fuzzing.plans)
def test_valid_journeys_load_render_and_report(raw: bytes, plan: Plan) -> None:
    """A journey written by the rules loads (whatever the YAML style or the
    text in it), and every picture and report of it can be made."""
    result = check_bytes(fuzzing.FILE_NAME, raw, CheckOptions())
    problems = [f"{f.code} {f.line}:{f.column} {f.message}" for f in result.findings if f.code in STRUCTURAL]
    assert not problems, problems
    assert result.journey is not None
    outcome = fuzzing.exercise(raw, plan)
    assert outcome.rendered


@fuzz(700)
@given(raw=st.one_of(fuzzing.mutated(), fuzzing.mutated(), fuzzing.corpus_documents()), plan=fuzzing.plans)
def test_mutated_journeys_never_crash(raw: bytes, plan: Plan) -> None:
    """Wrong types, missing and extra keys, unknown words, hostile and huge
    text, huge lists, aliases and alias bombs, deep nesting, duplicate keys,
    tags, tabs, BOMs, CRLF, control characters, suppression comments,
    truncation, random bytes: findings, never a crash."""
    fuzzing.exercise(raw, plan)


@fuzz(1000)
@given(raw=fuzzing.hostile_documents(), plan=fuzzing.plans)
def test_hostile_inputs_never_crash(raw: bytes, plan: Plan) -> None:
    """Random bytes and text, YAML soup, alias bombs, runaway brackets."""
    fuzzing.exercise(raw, plan)


@fuzz(600)
@given(actuals_file=fuzzing.actuals_files(), plan=fuzzing.plans)
def test_actuals_files_never_crash(actuals_file: fuzzing.ActualsFile, plan: Plan) -> None:
    """`cjmap report --actuals`: a bad CSV or YAML file of measured values is an
    error naming its lines; a good one makes a report."""
    fuzzing.exercise_actuals(actuals_file, plan)


@fuzz(10, small=True)
@given(raw=fuzzing.valid_documents(max_stages=4), view=st.sampled_from(("map", "flow")),
       language=st.sampled_from(("en", "es", "ca")))
def test_valid_journeys_draw_as_svg(raw: bytes, view: str, language: str) -> None:
    """Graphviz is too slow to fuzz: a handful of journeys, drawn by graphviz-pure."""
    result = check_bytes(fuzzing.FILE_NAME, raw, CheckOptions())
    assert result.journey is not None
    svg = picture(result.journey, output_format="svg", view=view, language=language, engine="graphviz-pure")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")


@fuzz(20, small=True, health=(HealthCheck.function_scoped_fixture,))
@given(raw=fuzzing.documents(), plan=fuzzing.plans)
def test_real_cli_never_crashes(
    raw: bytes, plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The real entry point, on standard input: validate, render and report
    exit with 0 or 1, never 2 (usage) or 3 (internal error)."""
    monkeypatch.chdir(tmp_path)  # no configuration file of the repository applies
    code, out, err = run_cli(["validate", "-", "--format", "json"], capsys, monkeypatch, stdin=raw)
    assert code in (0, 1), err
    report = json.loads(out)
    assert report["summary"]["files"] == 1
    code, out, err = run_cli(["render", "-", "--format", "mermaid", "-o", "-"], capsys, monkeypatch, stdin=raw)
    assert code in (0, 1), err
    assert code == 1 or out.startswith("journey")
    actuals = tmp_path / "actuals.yaml"
    journey = check_bytes("-", raw, CheckOptions()).journey
    ids = [o.id for s in journey.stages for o in s.objectives] if journey is not None else []
    actuals.write_text("".join(f"{oid}: {value!r}\n" for oid, value in zip(ids, plan.actuals)), encoding="utf-8")
    args = ["report", "-", "-o", str(tmp_path / "report.html")]
    if ids and plan.actuals:
        args += ["--actuals", str(actuals)]
    code, out, err = run_cli(args, capsys, monkeypatch, stdin=raw)
    assert code in (0, 1), err
    if code == 0:
        fuzzing.check_html((tmp_path / "report.html").read_text(encoding="utf-8"))
