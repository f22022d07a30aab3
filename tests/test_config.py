"""Configuration files: discovery in folder trees, every key, and mistakes
reported as usage errors that name the closest valid word."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from cjmap import config

from conftest import CLEAN_JOURNEY, run_cli

# CLEAN_JOURNEY less one due date (CJ105 warning) and one baseline (CJ106 info).
WARNED = CLEAN_JOURNEY.replace(", due: 2027-01-31}", "}", 1).replace("baseline: 5, ", "", 1)


def _codes(out: str) -> list[tuple[str, str, str]]:
    return [(Path(f["file"]).name, f["code"], f["severity"]) for f in json.loads(out)["findings"]]


def _tree(root: Path, files: dict[str, str]) -> None:
    """Write the files; each journey gets an id of its own, as the journeys of
    one workspace must."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".journey.yaml"):
            text = text.replace("\nid: clean\n", f"\nid: {re.sub('[^a-z0-9]+', '-', name.lower())}\n", 1)
        path.write_text(text)


def test_the_closest_configuration_wins_and_the_search_stops_at_the_repository_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, {
        "cjmap.toml": 'ignore = ["CJ105", "CJ106"]\n',  # above the repository: never read
        "repo/.git/HEAD": "ref: refs/heads/main\n",
        "repo/pyproject.toml": '[project]\nname = "x"\n',  # no [tool.cjmap]: not a configuration
        "repo/a.journey.yaml": WARNED,
        "repo/team/.cjmap.toml": 'ignore = ["CJ106"]\n',
        "repo/team/b.journey.yaml": WARNED,
        "repo/team/sub/pyproject.toml": '[tool.cjmap]\nignore = ["CJ105"]\n[tool.cjmap.severity]\nCJ106 = "warning"\n',
        "repo/team/sub/c.journey.yaml": WARNED,
    })
    code, out, _ = run_cli(["validate", str(tmp_path / "repo"), "-f", "json"], capsys, monkeypatch)
    assert code == 0
    assert _codes(out) == [
        ("a.journey.yaml", "CJ105", "warning"), ("a.journey.yaml", "CJ106", "info"),
        ("b.journey.yaml", "CJ105", "warning"),
        ("c.journey.yaml", "CJ106", "warning"),
    ]


def test_config_and_isolated_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, {
        ".git/HEAD": "", "cjmap.toml": 'ignore = ["CJ105", "CJ106"]\n', "a.journey.yaml": WARNED,
        "other.toml": 'select = ["CJ106"]\nfail-on = "info"\n',
    })
    journey = str(tmp_path / "a.journey.yaml")
    assert _codes(run_cli(["validate", journey, "-f", "json"], capsys, monkeypatch)[1]) == []
    code, out, _ = run_cli(["validate", journey, "-f", "json", "--config", str(tmp_path / "other.toml")],
                           capsys, monkeypatch)
    assert (code, _codes(out)) == (1, [("a.journey.yaml", "CJ106", "info")])
    code, out, _ = run_cli(["validate", journey, "-f", "json", "--isolated"], capsys, monkeypatch)
    assert (code, [c for _, c, _ in _codes(out)]) == (0, ["CJ105", "CJ106"])
    code, _, err = run_cli(["validate", journey, "--isolated", "--config", "x.toml"], capsys, monkeypatch)
    assert code == 2 and "cannot be used together" in err


def test_command_line_options_override_the_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, {".git/HEAD": "", "cjmap.toml": 'ignore = ["CJ105"]\nfail-on = "info"\n',
                     "a.journey.yaml": WARNED})
    journey = str(tmp_path / "a.journey.yaml")
    code, out, _ = run_cli(["validate", journey, "-f", "json"], capsys, monkeypatch)
    assert (code, [c for _, c, _ in _codes(out)]) == (1, ["CJ106"])
    code, out, _ = run_cli(["validate", journey, "-f", "json", "--ignore", "CJ106", "--fail-on", "error"],
                           capsys, monkeypatch)
    assert (code, [c for _, c, _ in _codes(out)]) == (0, ["CJ105"])


def test_severity_off_per_file_ignores_and_exclude(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, {
        ".git/HEAD": "",
        "cjmap.toml": (
            'exclude = ["drafts/**"]\n'
            '[severity]\nCJ106 = "off"\ncj105 = "error"\n'
            '[per-file-ignores]\n"legacy/**" = ["CJ105"]\n"*.old.journey.yaml" = ["CJ105"]\n'
        ),
        "a.journey.yaml": WARNED,
        "legacy/deep/b.journey.yaml": WARNED,
        "c.old.journey.yaml": WARNED,
        "drafts/d.journey.yaml": "broken: [\n",
    })
    code, out, _ = run_cli(["validate", str(tmp_path), "-f", "json"], capsys, monkeypatch)
    assert (code, _codes(out)) == (1, [("a.journey.yaml", "CJ105", "error")])
    # A file named explicitly is checked even when a folder search would skip it.
    code, out, _ = run_cli(["validate", str(tmp_path / "drafts" / "d.journey.yaml"), "-f", "json"],
                           capsys, monkeypatch)
    assert _codes(out) == [("d.journey.yaml", "CJ001", "error")]


def test_gitignored_journeys_are_skipped_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    _tree(tmp_path, {".gitignore": "generated/\n", "generated/g.journey.yaml": "x: [\n",
                     "a.journey.yaml": CLEAN_JOURNEY})
    code, out, _ = run_cli(["validate", str(tmp_path), "-f", "json"], capsys, monkeypatch)
    assert (code, json.loads(out)["summary"]["files"]) == (0, 1)
    (tmp_path / "cjmap.toml").write_text("respect-gitignore = false\n")
    code, out, _ = run_cli(["validate", str(tmp_path), "-f", "json"], capsys, monkeypatch)
    assert (code, json.loads(out)["summary"]["files"]) == (1, 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('selcet = ["CJ101"]\n', "unknown key `selcet`; did you mean `select`?"),
        ('ignore = ["CJ1O1"]\n', "`ignore`: `CJ1O1` is not a cjmap code; did you mean `CJ101`?"),
        ('ignore = ["CJ003"]\n', "`ignore`: CJ003 is a structural check (CJ001–CJ007), which always runs"),
        ('ignore = "CJ101"\n', '`ignore` must be a list of texts, like ["CJ101", "CJ102"]'),
        ('fail-on = "warn"\n', "`fail-on` is `warn`, which is not one of error, warning, info; did you mean `warning`?"),
        ('language = "fr"\n', "`language` is `fr`, which is not one of en, es, ca"),
        ('[severity]\nCJ105 = "fatal"\n', "`severity.CJ105` is `fatal`, which is not one of error, warning, info, off"),
        ('[per-file-ignores]\n"x/**" = ["CJ999"]\n', "`per-file-ignores.x/**`: `CJ999` is not a cjmap code; did you mean `CJ109`?"),
        ("select = [\n", "is not valid TOML"),
        ("respect-gitignore = 1\n", "`respect-gitignore` must be true or false"),
    ],
)
def test_configuration_mistakes_are_usage_errors(
    text: str, message: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    _tree(tmp_path, {".git/HEAD": "", "cjmap.toml": text, "a.journey.yaml": CLEAN_JOURNEY})
    code, out, err = run_cli(["validate", str(tmp_path)], capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert err.startswith("cjmap: error: ") and str(tmp_path / "cjmap.toml") in err
    assert message in err


def test_a_pyproject_named_with_config_needs_its_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    code, _, err = run_cli(["validate", "--config", str(tmp_path / "pyproject.toml"), str(tmp_path)],
                           capsys, monkeypatch)
    assert code == 2 and "has no [tool.cjmap] table" in err


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("legacy/**", "legacy/a/b.journey.yaml", True),
        ("legacy/*", "legacy/a/b.journey.yaml", False),
        ("legacy/*", "legacy/b.journey.yaml", True),
        ("**/old/*.yaml", "x/y/old/z.yaml", True),
        ("**/old/*.yaml", "old/z.yaml", True),
        ("*.old.journey.yaml", "deep/down/a.old.journey.yaml", True),
        ("a?.journey.yaml", "ab.journey.yaml", True),
        ("/top.journey.yaml", "top.journey.yaml", True),
    ],
)
def test_globs(pattern: str, path: str, matches: bool) -> None:
    assert config.glob_matches(pattern, path) is matches


def test_the_configured_language_is_the_default_for_journeys_that_set_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, {".git/HEAD": "", "cjmap.toml": 'language = "ca"\n', "a.journey.yaml": CLEAN_JOURNEY,
                     "b.journey.yaml": CLEAN_JOURNEY.replace("title: Clean journey\n", "title: Clean journey\nlanguage: es\n")})
    for name, heading in (("a", '## <a id="health"></a>Salut del recorregut'), ("b", '## <a id="health"></a>Salud del recorrido')):
        assert run_cli(["report", str(tmp_path / f"{name}.journey.yaml")], capsys, monkeypatch)[0] == 0
        assert heading in (tmp_path / f"{name}.report.md").read_text(encoding="utf-8")
    assert run_cli(["report", str(tmp_path / "a.journey.yaml"), "--lang", "en"], capsys, monkeypatch)[0] == 0
    assert '## <a id="health"></a>Journey health' in (tmp_path / "a.report.md").read_text(encoding="utf-8")
