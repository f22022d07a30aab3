"""One set of settings: every command reads `cjmap.toml` the same way, so a
rule a team switched off is off for validate, render, report, fmt and diff
alike, and nothing is said about it anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CLEAN_JOURNEY, run_cli

# A draft: its second stage has no needs (CJ101, an error).
DRAFT = CLEAN_JOURNEY.replace("    needs: [Compare offers]\n", "")
# Written out of canonical order, so that fmt has something to do.
MESSY = "title: Messy\nid: messy\ncjmap: 1\nstages:\n  - {id: a, name: A}\n"

SWITCHED_OFF = {
    "ignore": 'ignore = ["CJ101"]\n',
    "select": 'select = ["CJ105", "CJ106"]\n',
    "severity off": '[severity]\nCJ101 = "off"\n',
    "per-file-ignores": '[per-file-ignores]\n"journeys/draft.journey.yaml" = ["CJ101"]\n',
}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "draft.journey.yaml").write_text(DRAFT)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


def _said(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    code, out, err = run_cli(args, capsys, monkeypatch)
    return code, out + err


@pytest.mark.parametrize("setting", list(SWITCHED_OFF), ids=list(SWITCHED_OFF))
def test_a_rule_switched_off_is_off_for_every_command(
    setting: str, workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace / "cjmap.toml").write_text(SWITCHED_OFF[setting])
    draft = "journeys/draft.journey.yaml"

    code, said = _said(["validate", draft], capsys, monkeypatch)
    assert (code, "CJ101" in said) == (0, False), said

    code, said = _said(["render", draft, "--strict", "-o", "map.svg"], capsys, monkeypatch)
    assert (code, "CJ101" in said) == (0, False), said
    assert (workspace / "map.svg").is_file()

    code, said = _said(["report", draft, "-o", "report.md"], capsys, monkeypatch)
    assert code == 0, said
    report = (workspace / "report.md").read_text()
    assert "CJ101" not in report and "has no needs" not in report

    code, said = _said(["fmt", "--check", draft], capsys, monkeypatch)
    assert "CJ101" not in said


def test_without_the_setting_every_command_sees_the_rule(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = "journeys/draft.journey.yaml"
    code, said = _said(["validate", draft], capsys, monkeypatch)
    assert code == 1 and "CJ101 error" in said
    code, said = _said(["render", draft, "--strict", "-o", "map.svg"], capsys, monkeypatch)
    assert code == 1 and "CJ101 error" in said
    code, said = _said(["render", draft, "-o", "map.svg"], capsys, monkeypatch)
    assert code == 0 and "CJ101 error" in said
    code, _ = _said(["report", draft, "-o", "report.md"], capsys, monkeypatch)
    assert code == 0 and "has no needs" in (workspace / "report.md").read_text()


def test_a_rule_regraded_is_regraded_for_every_command(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace / "cjmap.toml").write_text('[severity]\nCJ101 = "warning"\n')
    draft = "journeys/draft.journey.yaml"
    code, said = _said(["validate", draft], capsys, monkeypatch)
    assert code == 0 and "CJ101 warning" in said
    code, said = _said(["render", draft, "--strict", "-o", "map.svg"], capsys, monkeypatch)
    assert code == 0 and "CJ101 warning" in said
    code, said = _said(["render", draft, "--strict", "--fail-on", "warning", "-o", "map2.svg"], capsys, monkeypatch)
    assert code == 1 and not (workspace / "map2.svg").exists()
    (workspace / "cjmap.toml").write_text('fail-on = "warning"\n[severity]\nCJ101 = "warning"\n')
    code, _ = _said(["render", draft, "--strict", "-o", "map3.svg"], capsys, monkeypatch)
    assert code == 1 and not (workspace / "map3.svg").exists()


def test_an_excluded_folder_is_left_out_by_every_command(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace / "cjmap.toml").write_text('exclude = ["**/drafts/**"]\n')
    for side in ("journeys", "drafts", "old/journeys", "old/drafts"):
        (workspace / side).mkdir(parents=True, exist_ok=True)
        (workspace / side / "messy.journey.yaml").write_text(MESSY.replace("id: messy", f"id: {side.replace('/', '-')}"))
    (workspace / "journeys" / "draft.journey.yaml").unlink()
    # The new version of the excluded journey differs from the old one.
    (workspace / "drafts" / "messy.journey.yaml").write_text(MESSY.replace("Messy", "Messier"))

    code, said = _said(["validate", "."], capsys, monkeypatch)
    assert "drafts/" not in said

    _said(["render", ".", "--output-dir", "pictures"], capsys, monkeypatch)
    assert sorted(p.relative_to(workspace / "pictures").as_posix() for p in (workspace / "pictures").rglob("*.svg")) == [
        "journeys/messy.svg", "old/journeys/messy.svg",
    ]

    _said(["report", ".", "--output-dir", "reports"], capsys, monkeypatch)
    reports = sorted(p.relative_to(workspace / "reports").as_posix() for p in (workspace / "reports").rglob("*.md"))
    assert reports == ["index.report.md", "journeys/messy.report.md", "old/journeys/messy.report.md"]

    code, said = _said(["fmt", "."], capsys, monkeypatch)
    assert (workspace / "drafts" / "messy.journey.yaml").read_text() == MESSY.replace("Messy", "Messier")
    assert (workspace / "journeys" / "messy.journey.yaml").read_text() != MESSY

    code, said = _said(["diff", "old", "."], capsys, monkeypatch)
    assert "drafts" not in said and "Messier" not in said
