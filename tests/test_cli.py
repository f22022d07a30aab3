"""The command line, through its real entry point: exact output, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap import cli
from cjmap.reporters import REPORTERS

from conftest import CLEAN_JOURNEY, ROOT, run_cli

BROKEN = """\
cjmap: 1
id: broken
title: Broken
teams:
  - {id: cx, name: CX}
owner: cxx
stages:
  - id: only
    name: Only stage
    phase: awareness
"""


run = run_cli


@pytest.fixture
def journeys(tmp_path: Path) -> Path:
    (tmp_path / "good.journey.yaml").write_text(CLEAN_JOURNEY)
    (tmp_path / "bad.journey.yaml").write_text(BROKEN)
    (tmp_path / "notes.yaml").write_text("not: a journey\n")
    hidden = tmp_path / ".git"
    hidden.mkdir()
    (hidden / "old.journey.yaml").write_text("broken: [\n")
    return tmp_path


def test_text_output_groups_findings_with_hint_source_caret_and_summary(
    journeys: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(journeys)
    code, out, err = run(["validate", "bad.journey.yaml", "--select", "CJ101,CJ110"], capsys, monkeypatch)
    assert code == 1
    assert err == ""
    assert out == (
        "bad.journey.yaml:6:8 CJ004 error `owner` names the team `cxx`, which is not defined; "
        "did you mean `cx`?\n"
        "  hint: write `cx`, or define a team `cxx` under `teams:`\n"
        "  6 | owner: cxx\n"
        "    |        ^\n"
        "bad.journey.yaml:7:1 CJ110 warning the journey misses 3 typical phases: "
        "consideration, decision (or purchase) and post-purchase (or loyalty or advocacy)\n"
        "  hint: add a stage for each missing phase, or set the `phase:` of the stages that "
        "already cover it (awareness, consideration, decision, purchase, post-purchase, "
        "loyalty, advocacy)\n"
        "  7 | stages:\n"
        "    | ^\n"
        "bad.journey.yaml:8:5 CJ101 error stage 'only' has no needs\n"
        "  hint: add a `needs:` list with what the customer needs, wants or looks for here\n"
        "  8 |   - id: only\n"
        "    |     ^\n"
        "\n"
        "1 file checked: 2 errors, 1 warning, 0 infos.\n"
    )


def test_a_folder_is_searched_for_journeys_skipping_hidden_folders(
    journeys: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["validate", str(journeys), "-f", "json"], capsys, monkeypatch)
    assert code == 1
    report = json.loads(out)
    assert {f["file"] for f in report["findings"]} == {str(journeys / "bad.journey.yaml")}
    assert report["summary"]["files"] == 2


def test_no_path_means_the_current_folder_and_paths_stay_relative(
    journeys: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(journeys)
    code, out, _ = run(["validate", "-f", "json", "--select", "CJ101"], capsys, monkeypatch)
    assert code == 1
    assert json.loads(out) == {
        "findings": [
            {
                "file": "./bad.journey.yaml",
                "line": 6,
                "column": 8,
                "code": "CJ004",
                "severity": "error",
                "message": "`owner` names the team `cxx`, which is not defined; did you mean `cx`?",
                "hint": "write `cx`, or define a team `cxx` under `teams:`",
            },
            {
                "file": "./bad.journey.yaml",
                "line": 8,
                "column": 5,
                "code": "CJ101",
                "severity": "error",
                "message": "stage 'only' has no needs",
                "hint": "add a `needs:` list with what the customer needs, wants or looks for here",
            },
        ],
        "summary": {"files": 2, "errors": 2, "warnings": 0, "infos": 0},
    }


def test_a_clean_run_exits_0_with_a_one_line_summary(
    journeys: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["validate", str(journeys / "good.journey.yaml")], capsys, monkeypatch)
    assert (code, out) == (0, "1 file checked: no problems found.\n")


def test_fail_on_decides_the_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.journey.yaml"
    path.write_text(CLEAN_JOURNEY.replace(", due: 2027-01-31}", "}", 1))  # CJ105 warning
    assert run(["validate", str(path), "-q"], capsys, monkeypatch)[0] == 0
    assert run(["validate", str(path), "-q", "--fail-on", "warning"], capsys, monkeypatch)[0] == 1
    assert run(["validate", str(path), "-q", "--fail-on", "info"], capsys, monkeypatch)[0] == 1
    assert run(["validate", str(path), "-q", "--fail-on", "warning", "--ignore", "cj105"],
               capsys, monkeypatch)[0] == 0


def test_quiet_prints_only_finding_lines(
    journeys: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(journeys)
    code, out, _ = run(["validate", "bad.journey.yaml", "good.journey.yaml", "-q", "--select", "CJ101"],
                       capsys, monkeypatch)
    assert code == 1
    assert out.splitlines() == [
        "bad.journey.yaml:6:8 CJ004 error `owner` names the team `cxx`, which is not defined; "
        "did you mean `cx`?",
        "bad.journey.yaml:8:5 CJ101 error stage 'only' has no needs",
    ]
    assert run(["validate", "good.journey.yaml", "-q"], capsys, monkeypatch)[1] == ""


def test_select_and_ignore_accept_commas_repeats_and_lowercase(
    journeys: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(journeys / "bad.journey.yaml")
    _, out, _ = run(["validate", path, "-f", "json", "--select", "cj101", "--select", "CJ102,CJ103"],
                    capsys, monkeypatch)
    assert sorted({f["code"] for f in json.loads(out)["findings"]}) == ["CJ004", "CJ101", "CJ102", "CJ103"]
    _, out, _ = run(["validate", path, "-f", "json", "--ignore", "CJ101,CJ102", "--ignore", "CJ103"],
                    capsys, monkeypatch)
    codes = {f["code"] for f in json.loads(out)["findings"]}
    assert "CJ101" not in codes and "CJ102" not in codes and "CJ107" in codes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "missing.journey.yaml"], "cjmap: error: path not found: missing.journey.yaml\n"),
        (["validate", "--select", "CJ003"], "cjmap: error: --select: CJ003 is a structural check (CJ001–CJ007), which always runs\n"),
        (["validate", "--ignore", "CJ999"], "cjmap: error: --ignore: `CJ999` is not a cjmap code; did you mean `CJ109`?\n"),
        (["rules", "CJ998"], "cjmap: error: `CJ998` is not a cjmap code; did you mean `CJ108`?\n"),
    ],
)
def test_usage_errors_exit_2_with_a_sentence_and_a_hint(
    args: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(args, capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert err.startswith(message)
    assert "  hint: " in err


def test_a_bad_option_value_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(["validate", "--format", "jsn"], capsys, monkeypatch)
    assert code == 2
    assert err == (
        "cjmap: error: --format jsn is not a format; did you mean `json`?\n"
        "  hint: choose one of text, json, sarif, junit, github, gitlab\n"
    )
    code, _, err = run(["validate", "--fail-on", "fatal"], capsys, monkeypatch)
    assert code == 2 and "fatal" in err


def test_standard_input_with_a_display_name(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["validate", "-", "-q", "--select", "CJ101", "--stdin-filename", "edit.journey.yaml"],
                       capsys, monkeypatch, stdin=BROKEN)
    assert code == 1
    assert out.splitlines()[1] == "edit.journey.yaml:8:5 CJ101 error stage 'only' has no needs"
    code, out, _ = run(["validate", "-", "-q"], capsys, monkeypatch, stdin="a: [\n")
    assert out.startswith("<stdin>:2:1 CJ001 error ")


def test_a_broken_file_does_not_stop_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.journey.yaml").write_bytes(b"title: caf\xe9\n")
    (tmp_path / "b.journey.yml").write_text(BROKEN)
    (tmp_path / "c.journey.yaml").symlink_to(tmp_path / "gone.yaml")
    code, out, _ = run(["validate", str(tmp_path), "-f", "json", "--select", "CJ101"], capsys, monkeypatch)
    assert code == 1
    found = [(Path(f["file"]).name, f["code"], f["line"]) for f in json.loads(out)["findings"]]
    assert found == [
        ("a.journey.yaml", "CJ001", 1),
        ("b.journey.yml", "CJ004", 6),
        ("b.journey.yml", "CJ101", 8),
        ("c.journey.yaml", "CJ001", 1),
    ]
    assert json.loads(out)["findings"][-1]["message"] == (
        "cannot read the file: the file is a link to nothing (a broken symbolic link)"
    )


def test_rules_lists_every_code_and_explains_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["rules"], capsys, monkeypatch)
    assert code == 0
    codes = [line.split()[0] for line in out.splitlines()]
    assert codes == [f"CJ00{i}" for i in range(1, 8)] + [f"CJ1{i:02}" for i in range(1, 19)] + ["CJ201", "CJ202"]
    assert out.splitlines()[10] == "CJ104  measurable-objective   error    objective is not measurable: no metric, no numeric target, or no unit"
    code, out, _ = run(["rules", "cj104"], capsys, monkeypatch)
    assert code == 0
    assert out.startswith("CJ104 measurable-objective (default severity error)\n\n")
    assert "Passing:" in out and "Failing:" in out
    code, out, _ = run(["rules", "duplicate-key"], capsys, monkeypatch)
    assert out.startswith("CJ002 duplicate-key (structural, cannot be disabled)\n")


def test_docs_rules_md_is_generated_from_the_rules(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["rules", "--format", "markdown"], capsys, monkeypatch)
    assert code == 0
    assert (ROOT / "docs" / "rules.md").read_text() == out, (
        "docs/rules.md is out of date: run `cjmap rules --format markdown > docs/rules.md`"
    )


def test_version(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from cjmap import __version__

    assert run(["--version"], capsys, monkeypatch)[:2] == (0, f"cjmap {__version__}\n")


def test_every_choice_names_something_that_exists() -> None:
    """The choices are listed once; each must lead to real code."""
    from cjmap import choices
    from cjmap.i18n import CATALOG
    from cjmap.init import journey_template
    from cjmap.render.views import PORTFOLIO, VIEWS

    assert [REPORTERS[name].__name__ for name in choices.REPORTERS] == [
        f"{name.capitalize()}Reporter" for name in choices.REPORTERS
    ]
    assert (*VIEWS, PORTFOLIO) == choices.VIEWS and all(callable(view) for view in VIEWS.values())
    assert tuple(CATALOG) == choices.LANGUAGES
    for template in choices.TEMPLATES:
        for language in choices.LANGUAGES:
            assert journey_template(template, language).startswith("# ")


def _subprocess(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cjmap", *args],
        capture_output=True, text=True, env={**os.environ, **env}, timeout=60,
    )


def test_colour_only_when_forced_and_never_with_no_color(tmp_path: Path) -> None:
    path = tmp_path / "b.journey.yaml"
    path.write_text(BROKEN)
    plain = _subprocess(["validate", str(path)])
    assert "\x1b[" not in plain.stdout
    coloured = _subprocess(["validate", str(path)], FORCE_COLOR="1")
    assert "\x1b[1;31merror" in coloured.stdout  # bold red
    no_color = _subprocess(["validate", str(path)], FORCE_COLOR="1", NO_COLOR="1").stdout
    assert "31m" not in no_color and "33m" not in no_color  # bold, but no red or yellow


HOSTILE = {
    "syntax.journey.yaml": b"stages: [awareness,\n",
    "latin1.journey.yaml": "title: Caf\xe9\n".encode("latin-1"),
    "utf16.journey.yaml": "cjmap: 1\n".encode("utf-16"),
    "dupkey.journey.yaml": b"cjmap: 1\ncjmap: 1\n",
    "python-tag.journey.yaml": b"cjmap: !!python/object/apply:os.system ['touch pwned']\n",
    "bomb.journey.yaml": (
        b"a: &a [x,x,x,x,x,x,x,x,x,x]\n"
        + b"".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 10)}]\n".encode()
            for i in range(9)
        )
    ),
    "deep.journey.yaml": b"[" * 50_000 + b"]" * 50_000,
    "empty.journey.yaml": b"",
    "list.journey.yaml": b"- cjmap: 1\n- id: x\n",
    "binary.journey.yaml": bytes(range(256)) * 4,
    "nul.journey.yaml": b"cjmap: 1\x00\n",
}


def test_hostile_files_get_a_finding_each_no_traceback_and_no_code_run(tmp_path: Path) -> None:
    for name, content in HOSTILE.items():
        (tmp_path / name).write_bytes(content)
    result = _subprocess(["validate", str(tmp_path), "-f", "json"])
    assert result.returncode == 1
    assert result.stderr == ""
    report = json.loads(result.stdout)
    by_file = {}
    for finding in report["findings"]:
        by_file.setdefault(Path(finding["file"]).name, []).append(finding["code"])
        assert finding["line"] >= 1 and finding["column"] >= 1
    assert by_file == {
        "binary.journey.yaml": ["CJ001"],
        "bomb.journey.yaml": ["CJ001"],
        "deep.journey.yaml": ["CJ001"],
        "dupkey.journey.yaml": ["CJ003", "CJ003", "CJ003", "CJ002"],
        "empty.journey.yaml": ["CJ003"],
        "latin1.journey.yaml": ["CJ001"],
        "list.journey.yaml": ["CJ003"],
        "nul.journey.yaml": ["CJ001"],
        "python-tag.journey.yaml": ["CJ001"],
        "syntax.journey.yaml": ["CJ001"],
        "utf16.journey.yaml": ["CJ001"],
    }
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_a_folder_without_journeys_passes_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "journey.yaml").write_text(BROKEN)  # not named *.journey.yaml
    code, out, err = run(["validate", str(tmp_path)], capsys, monkeypatch)
    assert (code, out) == (0, "0 files checked: no problems found.\n")
    assert err == (
        f"cjmap: warning: no journey files found in {tmp_path}\n"
        "  hint: journey files are named *.journey.yaml or *.journey.yml; name other files "
        "explicitly\n"
    )


def test_schema_command_writes_the_published_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    published = (ROOT / "schema" / "cjmap.schema.json").read_text(encoding="utf-8")
    code, out, _ = run(["schema"], capsys, monkeypatch)
    assert (code, out) == (0, published)
    target = tmp_path / "s.json"
    code, _, err = run(["schema", "-o", str(target)], capsys, monkeypatch)
    assert (code, err) == (0, f"cjmap: wrote {target}\n")
    assert target.read_text(encoding="utf-8") == published


def test_the_exit_codes_page_covers_every_command() -> None:
    from conftest import ROOT

    page = (ROOT / "docs" / "exit-codes.md").read_text(encoding="utf-8")
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    for command in cli.app.registered_commands:
        name = command.name or command.callback.__name__
        assert any(f"`cjmap {name}`" in heading for heading in headings), f"docs/exit-codes.md: no section for {name}"
