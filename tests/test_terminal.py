"""What a person sees in a terminal: the progress bar is gone before the
findings, it can be switched off, colour follows --color, a folder without
journeys says so before the summary, and counts read right in every language."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap.i18n import count_of_findings, translator

from conftest import CLEAN_JOURNEY, run_cli

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
DRAFT = CLEAN_JOURNEY.replace("    needs: [Compare offers]\n", "")


def _on_a_terminal(args: list[str], cwd: Path) -> str:
    """Run cjmap with its standard output and error on a pseudo-terminal, as a
    person's shell runs it; everything it showed, in order."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS")}
    env["TERM"] = "xterm"
    process = subprocess.Popen(
        [sys.executable, "-m", "cjmap", *args], cwd=cwd, stdin=subprocess.DEVNULL,
        stdout=follower, stderr=follower, env=env,
    )
    os.close(follower)
    shown = bytearray()
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            process.kill()
            pytest.fail("cjmap did not finish")
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: cjmap is done
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=60)
    os.close(leader)
    return shown.decode("utf-8", "replace")


@pytest.fixture
def many_journeys(tmp_path: Path) -> Path:
    for number in range(220):  # a bar appears from 200 files
        text = DRAFT if number == 219 else CLEAN_JOURNEY
        (tmp_path / f"j{number:03d}.journey.yaml").write_text(text.replace("id: clean", f"id: j{number}"))
    return tmp_path


def test_the_progress_bar_is_gone_before_the_first_finding(many_journeys: Path) -> None:
    shown = _on_a_terminal(["validate", ".", "--jobs", "1"], many_journeys)
    assert "checking journeys" in shown
    finding = shown.index("j219.journey.yaml:19:5")
    assert shown.rindex("checking journeys") < finding
    plain = ANSI.sub("", shown)
    assert re.search(r"(?m)^\./j219\.journey\.yaml:19:5 CJ101 error stage 'compare' has no needs", plain.replace("\r", ""))


def test_no_progress_shows_no_bar(many_journeys: Path) -> None:
    shown = _on_a_terminal(["validate", ".", "--jobs", "1", "--no-progress"], many_journeys)
    assert "checking journeys" not in shown
    assert "j219.journey.yaml:19:5" in shown


@pytest.mark.parametrize(
    ("choice", "environment", "coloured"),
    [
        ("always", {}, True),
        ("always", {"NO_COLOR": "1"}, True),
        ("never", {"FORCE_COLOR": "1"}, False),
        ("auto", {}, False),  # not a terminal
        ("auto", {"FORCE_COLOR": "1"}, True),
    ],
)
@pytest.mark.parametrize("command", ["validate", "render", "diff"])
def test_color_decides_whether_the_output_is_coloured(
    command: str, choice: str, environment: dict[str, str], coloured: bool, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    old, new = tmp_path / "old.journey.yaml", tmp_path / "new.journey.yaml"
    old.write_text(CLEAN_JOURNEY)
    new.write_text(DRAFT)
    args = {
        "validate": ["validate", str(new)],
        "render": ["render", str(new), "-o", str(tmp_path / "map.svg")],
        "diff": ["diff", str(old), str(new)],
    }[command]
    _, out, err = run_cli([*args, "--color", choice], capsys, monkeypatch)
    assert bool(ANSI.search(out + err)) is coloured
    assert "compare" in ANSI.sub("", out + err)


def test_an_unknown_color_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run_cli(["validate", str(tmp_path), "--color", "sometimes"], capsys, monkeypatch)
    assert code == 2 and "'sometimes' is not one of 'auto', 'always', 'never'" in err


def test_a_folder_without_journeys_says_so_before_the_summary(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cjmap", "validate", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0
    assert done.stdout == (
        f"cjmap: warning: no journey files found in {tmp_path}\n"
        "  hint: journey files are named *.journey.yaml or *.journey.yml; name other files explicitly\n"
        "0 files checked: no problems found.\n"
    )


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", ["1 error", "1 warning", "1 info"], ["2 errors", "2 warnings", "2 infos"]),
        ("es", ["1 error", "1 aviso", "1 nota"], ["2 errores", "2 avisos", "2 notas"]),
        ("ca", ["1 error", "1 avís", "1 nota"], ["2 errors", "2 avisos", "2 notes"]),
    ],
)
def test_counts_take_the_form_of_their_number_in_every_language(language: str, one: list[str], two: list[str]) -> None:
    t = translator(language)
    severities = ("error", "warning", "info")
    assert [count_of_findings(t, 1, s) for s in severities] == one
    assert [count_of_findings(t, 2, s) for s in severities] == two
    assert [count_of_findings(t, 0, s) for s in severities] == [word.replace("2", "0") for word in two]


@pytest.mark.parametrize(("language", "word"), [("en", "error"), ("es", "error"), ("ca", "error")])
def test_the_report_names_each_finding_in_the_singular(
    language: str, word: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    journey = tmp_path / "d.journey.yaml"
    journey.write_text(DRAFT)
    folder_index = tmp_path / "out"
    code, _, err = run_cli(["report", str(tmp_path), "--output-dir", str(folder_index), "--lang", language],
                           capsys, monkeypatch)
    assert code == 0, err
    report = (folder_index / "d.report.md").read_text()
    assert f"- `CJ101` {word}, " in report
    index = (folder_index / "index.report.md").read_text()
    assert f"| 1 {word}, " in index
