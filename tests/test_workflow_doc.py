"""docs/workflow.md: every command it shows works, in the order it shows them,
in a real git repository."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, copy_journey, run_cli

WORKFLOW = ROOT / "docs" / "workflow.md"
JOURNEY = "journeys/home-insurance.journey.yaml"


def _commands() -> list[list[str]]:
    """The `$ cjmap …` lines of the page's console blocks, as argument lists."""
    text = WORKFLOW.read_text(encoding="utf-8")
    return [shlex.split(line)[1:] for line in re.findall(r"^\$ (cjmap .+)$", text, re.MULTILINE)]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Ana", "-c", "user.email=ana@example.com", *args],
        cwd=repo, check=True, capture_output=True,
    )


def test_the_page_shows_the_whole_loop() -> None:
    assert [command[0] for command in _commands()] == [
        "init", "validate", "schema", "fmt", "diff", "render", "report",
    ]


def test_every_command_of_the_page_works_in_order(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _git(tmp_path, "init", "-q")
    (tmp_path / "journeys").mkdir()
    init, validate, schema, fmt, diff, render, report = _commands()

    code, _, err = run_cli(init, capsys, monkeypatch)
    assert (code, err) == (0, f"cjmap: wrote {JOURNEY}\n")  # as the page shows it

    code, out, err = run_cli(validate, capsys, monkeypatch)
    assert code == 1 and "CJ104" in out  # the placeholders are pointed at
    assert "Traceback" not in out + err

    assert run_cli(schema, capsys, monkeypatch)[0] == 0
    assert (tmp_path / "journeys" / "cjmap.schema.json").is_file()

    code, _, err = run_cli(fmt, capsys, monkeypatch)
    assert (code, err) == (0, "cjmap: 1 journey already formatted\n")  # init writes the canonical style

    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "A new journey")
    _git(tmp_path, "update-ref", "refs/remotes/origin/main", "HEAD")
    # The team fills the journey in.
    copy_journey(EXAMPLES / "bank-account-opening.journey.yaml", tmp_path / JOURNEY)
    code, out, _ = run_cli(diff, capsys, monkeypatch)
    assert code == 0
    assert out.startswith("Changes from origin/main to the working tree\n")
    assert f"{JOURNEY} (“Opening a current account online”)" in out

    assert run_cli(render, capsys, monkeypatch)[0] == 0
    assert (tmp_path / "map.svg").read_bytes().lstrip().startswith((b"<?xml", b"<svg"))
    (tmp_path / "q3.csv").write_text("objective,value,date\napplication-completion,61.7,2025-09-30\n", encoding="utf-8")
    code, _, err = run_cli(report, capsys, monkeypatch)
    assert code == 0, err
    assert "61.7" in (tmp_path / "report.md").read_text(encoding="utf-8")
