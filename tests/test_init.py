"""`cjmap init`: new journeys from templates; the templates are the golden files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from cjmap.engine import CheckOptions, check_bytes
from cjmap.init import LANGUAGES, SCHEMA_LINE, TEMPLATES, journey_template

TEMPLATE_DIR = ROOT / "src" / "cjmap" / "templates"
CASES = [(template, language) for template in TEMPLATES for language in LANGUAGES]

# Known phrases of the guiding comments per language (none may appear in another language).
PHRASES = {
    "en": ["# Editor help: the line above points editors at cjmap.schema.json", "# Needs: what the customer needs"],
    "es": ["# Ayuda en el editor: la línea de arriba lleva los editores a cjmap.schema.json", "# Necesidades: lo que el cliente"],
    "ca": ["# Ajuda a l'editor: la línia de dalt porta els editors a cjmap.schema.json", "# Necessitats: el que el client"],
}


def _golden(template: str, language: str) -> str:
    return (TEMPLATE_DIR / f"{template}.{language}.yaml").read_text(encoding="utf-8")


def test_every_template_file_is_known() -> None:
    names = sorted(p.name for p in TEMPLATE_DIR.glob("*.yaml"))
    assert names == sorted(f"{t}.{lang}.yaml" for t, lang in CASES)


@pytest.mark.parametrize(("template", "language"), CASES)
def test_init_writes_the_template(
    template: str, language: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    target = f"{template}-{language}.journey.yaml"
    code, out, err = run_cli(["init", target, "--template", template, "--lang", language], capsys, monkeypatch)
    assert code == 0, err
    assert out == ""
    assert err == f"cjmap: wrote {target}\n"
    text = (tmp_path / target).read_text(encoding="utf-8")
    assert text == _golden(template, language) == journey_template(template, language)


@pytest.mark.parametrize(("template", "language"), CASES)
def test_template_passes_the_schema_and_the_linter_points_at_placeholders(template: str, language: str) -> None:
    text = journey_template(template, language)
    result = check_bytes(f"{template}.journey.yaml", text.encode("utf-8"), CheckOptions())
    codes = [f.code for f in result.findings]
    assert not [c for c in codes if c.startswith("CJ0")], result.findings
    assert result.journey is not None
    lines = text.splitlines()
    # Every objective is a placeholder without metric, target or unit: CJ104 at each one.
    objective_lines = [i + 1 for i, line in enumerate(lines) if line.strip().startswith("statement:")]
    cj104 = sorted(f.line for f in result.findings if f.code == "CJ104")
    assert cj104 == [n - 1 for n in objective_lines]
    assert all(re.match(r"\s+- id: [a-z0-9-]+$", lines[n - 1]) for n in cj104)
    # Touchpoints without owner, stages without emotions or actions, objectives without due date.
    touchpoints = sum(1 for line in lines if line.strip().startswith("channel:"))
    assert codes.count("CJ109") == touchpoints
    stages = len(result.journey.stages)
    assert stages == 4
    assert codes.count("CJ107") == codes.count("CJ108") == stages
    assert codes.count("CJ105") == len(objective_lines)
    # The typical phases are all there.
    assert "CJ110" not in codes


@pytest.mark.parametrize(("template", "language"), CASES)
def test_template_is_in_the_chosen_language(template: str, language: str) -> None:
    text = journey_template(template, language)
    assert text.startswith(f"{SCHEMA_LINE}\n{PHRASES[language][0]}")
    for phrase in PHRASES[language]:
        assert phrase in text
    for other, phrases in PHRASES.items():
        if other != language:
            assert not any(p in text for p in phrases)
    assert f"\nlanguage: {language}\n" in text
    # Ids are ASCII slugs whatever the language.
    for ident in re.findall(r"^\s*(?:- )?id: (\S+)$", text, flags=re.MULTILINE):
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", ident)


@pytest.mark.parametrize(("template", "language"), CASES)
def test_new_journey_points_editors_at_the_schema_that_cjmap_schema_writes(
    template: str, language: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["init", "new.journey.yaml", "--template", template, "--lang", language], capsys, monkeypatch)
    assert code == 0, err
    first, second, third = (tmp_path / "new.journey.yaml").read_text(encoding="utf-8").splitlines()[:3]
    # yaml-language-server reads `# yaml-language-server: $schema=PATH` on a line of its own.
    assert first == SCHEMA_LINE == "# yaml-language-server: $schema=./cjmap.schema.json"
    # The comment below it names the command that writes that file, next to the journey.
    command = "`cjmap schema -o cjmap.schema.json`"
    assert command in second + third
    assert run_cli(command.strip("`").split()[1:], capsys, monkeypatch)[0] == 0
    assert (tmp_path / "cjmap.schema.json").is_file()


def test_the_examples_point_at_the_schema_the_same_way() -> None:
    """Relative paths to a schema file of the repository, as `init` writes them."""
    for path in sorted((ROOT / "examples").glob("*.journey.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/cjmap.schema.json", path
        assert (path.parent / "../schema/cjmap.schema.json").is_file()


def test_templates_differ_by_business() -> None:
    texts = {t: journey_template(t, "en") for t in TEMPLATES}
    assert len(set(texts.values())) == len(TEMPLATES)
    assert "Describe what the customer needs here" in texts["blank"]
    assert "click & collect" in texts["retail"]
    assert "identity" in texts["banking"]
    assert "trial" in texts["saas"]


def test_defaults_are_blank_english_journey_in_current_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["init"], capsys, monkeypatch)
    assert code == 0, err
    assert err == "cjmap: wrote journey.journey.yaml\n"
    assert (tmp_path / "journey.journey.yaml").read_text(encoding="utf-8") == _golden("blank", "en")
    assert [p.name for p in tmp_path.iterdir()] == ["journey.journey.yaml"]


def test_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / "mine.journey.yaml"
    existing.write_text("my own work\n", encoding="utf-8")
    code, out, err = run_cli(["init", "mine.journey.yaml", "--template", "retail"], capsys, monkeypatch)
    assert code == 2
    assert out == ""
    assert "mine.journey.yaml" in err
    assert "already exists" in err
    assert "choose another PATH" in err
    assert "Traceback" not in err
    assert existing.read_text(encoding="utf-8") == "my own work\n"
    assert [p.name for p in tmp_path.iterdir()] == ["mine.journey.yaml"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--template", "retal"], "unknown template 'retal'; did you mean `retail`?"),
        (["--template", "insurance"], "unknown template 'insurance'"),
        (["--lang", "fr"], "unknown language 'fr'"),
        (["--lang", "EN"], "unknown language 'EN'"),
    ],
)
def test_unknown_template_or_language(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["init", *args], capsys, monkeypatch)
    assert code == 2
    assert message in err
    assert "hint: choose one of:" in err
    assert list(tmp_path.iterdir()) == []
