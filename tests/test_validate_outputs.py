"""Several reports in one run, GitHub's format chosen inside GitHub Actions,
and baselines that survive line shifts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CLEAN_JOURNEY, run_cli

WARNED = CLEAN_JOURNEY.replace(", due: 2027-01-31}", "}", 1)  # one CJ105 warning
BROKEN = CLEAN_JOURNEY.replace("    needs: [Compare offers]\n", "")  # one CJ101 error


@pytest.fixture
def journey(tmp_path: Path) -> Path:
    path = tmp_path / "a.journey.yaml"
    path.write_text(BROKEN)
    return path


def test_several_formats_and_outputs_in_one_run(
    journey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "r.json"
    code, out, err = run_cli(["validate", str(journey), "-f", "json", "-o", str(report), "-f", "text", "-q"],
                             capsys, monkeypatch)
    assert code == 1
    assert out == f"{journey}:19:5 CJ101 error stage 'compare' has no needs\n"
    assert json.loads(report.read_text())["summary"]["errors"] == 1
    assert err == f"cjmap: wrote {report}\n"


def test_an_output_without_a_format_takes_it_from_its_suffix(
    journey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "r.json"
    code, out, _ = run_cli(["validate", str(journey), "-o", str(report)], capsys, monkeypatch)
    assert (code, out) == (1, "")
    assert json.loads(report.read_text())["findings"][0]["code"] == "CJ101"
    code, _, err = run_cli(["validate", str(journey), "-o", str(tmp_path / "r.dat")], capsys, monkeypatch)
    assert code == 2 and "cannot tell the format of" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "json", "-f", "text"], "only one report can go to the screen"),
        (["-f", "text", "-f", "json", "-o", "x.json"], "--output x.json would receive the text report"),
    ],
)
def test_reports_that_cannot_be_paired(
    args: list[str], message: str, journey: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, _, err = run_cli(["validate", str(journey), *args], capsys, monkeypatch)
    assert code == 2 and message in err


def test_a_report_is_never_written_onto_a_journey(
    journey: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run_cli(["validate", str(journey), "-f", "json", "-o", str(journey)], capsys, monkeypatch)
    assert code == 2 and "is the journey being read" in err
    assert journey.read_text() == BROKEN


def test_inside_github_actions_the_default_format_is_github(
    journey: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run_cli(["validate", str(journey)], capsys, monkeypatch)
    assert "::error file=" in out
    _, out, _ = run_cli(["validate", str(journey), "-f", "text", "-q"], capsys, monkeypatch)
    assert out.startswith(str(journey))


def test_a_baseline_sets_aside_exactly_its_findings_even_after_lines_move(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.journey.yaml").write_text(BROKEN)
    code, out, err = run_cli(["validate", "a.journey.yaml", "--generate-baseline", "baseline.json", "-q"],
                             capsys, monkeypatch)
    assert code == 0  # recording today's findings is not a failure
    assert err == ("cjmap: wrote baseline.json\n"
                   "cjmap: the baseline baseline.json records 1 finding; use it with --baseline baseline.json\n")
    entries = json.loads(Path("baseline.json").read_text())
    assert entries["cjmap-baseline"] == 1
    assert [(e["file"], e["code"]) for e in entries["findings"]] == [("a.journey.yaml", "CJ101")]

    # Lines shift (a description is added at the top): the finding is still known.
    Path("a.journey.yaml").write_text(BROKEN.replace("title: Clean journey\n", "title: Clean journey\ndescription: |\n  Two\n  lines\n"))
    code, out, err = run_cli(["validate", "a.journey.yaml", "--baseline", "baseline.json", "-q"], capsys, monkeypatch)
    assert (code, out, err) == (0, "", "")

    # A new finding is reported; the old one stays set aside.
    Path("a.journey.yaml").write_text(BROKEN.replace("    needs: [Pay easily]\n", ""))
    code, out, _ = run_cli(["validate", "a.journey.yaml", "--baseline", "baseline.json", "-q"], capsys, monkeypatch)
    assert code == 1
    assert out == "a.journey.yaml:29:5 CJ101 error stage 'buy' has no needs\n"

    # Fixed: the entry no longer matches, and the run says so.
    Path("a.journey.yaml").write_text(CLEAN_JOURNEY)
    code, out, err = run_cli(["validate", "a.journey.yaml", "--baseline", "baseline.json"], capsys, monkeypatch)
    assert code == 0
    assert err == (
        "cjmap: 1 baseline entry no longer matches any finding (fixed or changed):\n"
        "  a.journey.yaml CJ101 stage 'compare' has no needs\n"
        "  hint: regenerate the baseline with --generate-baseline baseline.json to drop them\n"
    )


def test_a_bad_baseline_is_a_usage_error(
    journey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "b.json"
    for text, message in (("{", "is not a cjmap baseline"), ('{"x": 1}', "is not a cjmap baseline (version 1)"),
                          ('{"cjmap-baseline": 1, "findings": [{"x": 1}]}', "has a malformed entry")):
        bad.write_text(text)
        code, _, err = run_cli(["validate", str(journey), "--baseline", str(bad)], capsys, monkeypatch)
        assert code == 2 and message in err, err
    code, _, err = run_cli(["validate", str(journey), "--baseline", str(tmp_path / "none.json")], capsys, monkeypatch)
    assert code == 2 and "cannot read the baseline" in err


def test_a_stale_baseline_entry_is_shown_never_obeyed_by_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A baseline is a file anyone may edit in a pull request: its text must not
    # retitle the terminal or rewrite the screen when it is listed as stale.
    monkeypatch.chdir(tmp_path)
    Path("a.journey.yaml").write_text(CLEAN_JOURNEY)
    entry = {"file": "a.journey.yaml\x1b]0;pwn\x07", "code": "CJ101", "message": "gone\x1b[2J", "fingerprint": "x"}
    Path("baseline.json").write_text(json.dumps({"cjmap-baseline": 1, "findings": [entry]}))
    code, _, err = run_cli(["validate", "a.journey.yaml", "--baseline", "baseline.json"], capsys, monkeypatch)
    assert code == 0
    assert "\x1b" not in err and "\x07" not in err
    assert "  a.journey.yaml\\x1b]0;pwn\\x07 CJ101 gone\\x1b[2J\n" in err
