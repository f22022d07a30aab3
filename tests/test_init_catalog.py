"""`cjmap init --catalog`: a new catalog that validates clean, is formatted
already, says what each list is for, and never overwrites a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from cjmap.catalogs import check_catalog_bytes
from cjmap.choices import LANGUAGES
from cjmap.init import SCHEMA_LINE, catalog_id, catalog_template
from cjmap.limits import DEFAULT_LIMITS

# The comment above each list, per language: what the list holds.
COMMENTS = {
    "en": ["# Personas: who walks your journeys.", "# Segments: groups of customers",
           "# Teams: the internal teams;", "# Touchpoints: where customers meet the company;"],
    "es": ["# Personas: quién hace tus recorridos.", "# Segmentos: grupos de clientes",
           "# Equipos: los equipos internos;", "# Puntos de contacto: donde los clientes encuentran"],
    "ca": ["# Persones: qui fa els teus recorreguts.", "# Segments: grups de clients",
           "# Equips: els equips interns;", "# Punts de contacte: on els clients troben"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_init_catalog_writes_a_catalog_that_validates_clean(
    language: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["init", "--catalog", "--lang", language, "people.catalog.yaml"], capsys, monkeypatch)
    assert (code, out, err) == (0, "", "cjmap: wrote people.catalog.yaml\n")
    text = (tmp_path / "people.catalog.yaml").read_text(encoding="utf-8")
    assert text == catalog_template(language, "people")
    code, out, err = run_cli(["validate", "people.catalog.yaml"], capsys, monkeypatch)
    assert (code, out, err) == (0, "1 file checked: no problems found.\n", "")
    code, out, err = run_cli(["fmt", "--check", "people.catalog.yaml"], capsys, monkeypatch)
    assert (code, out, err) == (0, "", "cjmap: 1 catalog already formatted\n")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_has_one_example_of_each_entry_under_a_comment_that_says_what_it_is(language: str) -> None:
    text = catalog_template(language, "people")
    loaded = check_catalog_bytes("people.catalog.yaml", "people.catalog.yaml", text.encode(), DEFAULT_LIMITS)
    assert loaded.result.findings == []
    catalog = loaded.catalog
    assert catalog is not None
    assert (catalog.cjmap, catalog.kind, catalog.id) == (1, "catalog", "people")
    assert catalog.title
    assert [len(catalog.personas), len(catalog.segments), len(catalog.teams), len(catalog.touchpoints)] == [1, 1, 1, 1]
    # The example entries use each other: the segment names the persona, the touchpoint the team.
    assert catalog.segments[0].personas == [catalog.personas[0].id]
    assert catalog.touchpoints[0].owner == catalog.teams[0].id
    lines = text.splitlines()
    assert lines[0] == SCHEMA_LINE
    for comment, key in zip(COMMENTS[language], ["personas:", "segments:", "teams:", "touchpoints:"]):
        at = lines.index(key)
        above = [line for line in lines[:at] if line.startswith("#")]
        assert any(line.startswith(comment) for line in above[-2:]), (comment, key)
    for other, comments in COMMENTS.items():
        if other != language:
            assert not any(comment in text for comment in comments if comment not in COMMENTS[language])


def test_a_catalog_listed_by_a_journey_serves_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_cli(["init", "--catalog", "shared/people.catalog.yaml"], capsys, monkeypatch)[0] == 0
    (tmp_path / "j.journey.yaml").write_text(
        "cjmap: 1\ncatalogs: [shared/people.catalog.yaml]\nid: j\ntitle: J\npersonas: [main-customer]\n"
        "stages:\n  - id: s\n    name: S\n    owner: cx\n    touchpoints: [website]\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli(["validate", "--select", "CJ101", "."], capsys, monkeypatch)
    # The journey's only finding is the one rule selected: every id it names is the catalog's.
    assert (code, out.splitlines()[-1]) == (1, "2 files checked: 1 error, 0 warnings, 0 infos.")
    assert out.startswith("./j.journey.yaml:7:5 CJ101 error stage 's' has no needs\n")


def test_the_default_name_and_the_id_from_the_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["init", "--catalog"], capsys, monkeypatch)
    assert (code, out, err) == (0, "", "cjmap: wrote shared.catalog.yaml\n")
    assert "\nid: shared\n" in (tmp_path / "shared.catalog.yaml").read_text(encoding="utf-8")
    assert catalog_id("Shop People.catalog.yml") == "shop-people"
    assert catalog_id("journeys/shared/2024.catalog.yaml") == "2024"
    assert catalog_id("__.catalog.yaml") == "shared"
    code, _, err = run_cli(["init", "--catalog", "2024.catalog.yaml"], capsys, monkeypatch)
    assert (code, err) == (0, "cjmap: wrote 2024.catalog.yaml\n")
    assert "\nid: \"2024\"\n" in (tmp_path / "2024.catalog.yaml").read_text(encoding="utf-8")
    assert run_cli(["validate", "2024.catalog.yaml"], capsys, monkeypatch)[0] == 0
    # Without --catalog, init still starts a journey.
    code, _, err = run_cli(["init"], capsys, monkeypatch)
    assert (code, err) == (0, "cjmap: wrote journey.journey.yaml\n")


def test_standard_output(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run_cli(["init", "--catalog", "--lang", "es", "-"], capsys, monkeypatch)
    assert (code, out, err) == (0, catalog_template("es", "shared"), "")


def test_init_never_overwrites_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / "people.catalog.yaml"
    existing.write_text("my catalog\n", encoding="utf-8")
    code, out, err = run_cli(["init", "--catalog", "people.catalog.yaml"], capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert err == (
        "cjmap: error: people.catalog.yaml already exists; cjmap init never overwrites a file\n"
        "  hint: choose another PATH, e.g. `cjmap init --catalog new.catalog.yaml`\n"
    )
    assert existing.read_text(encoding="utf-8") == "my catalog\n"
    (tmp_path / "link.catalog.yaml").symlink_to("nowhere.catalog.yaml")
    assert run_cli(["init", "--catalog", "link.catalog.yaml"], capsys, monkeypatch)[0] == 2
    assert not (tmp_path / "nowhere.catalog.yaml").exists()


def test_a_catalog_must_be_named_like_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["init", "--catalog", "people.yaml"], capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert err == (
        "cjmap: error: people.yaml is not named like a catalog: a catalog's file name ends in `.catalog.yaml` "
        "or `.catalog.yml`, the only files journeys may list and folder searches find\n"
        "  hint: name it like `people.catalog.yaml`: `cjmap init --catalog people.catalog.yaml`\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_template_is_for_journeys_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["init", "--catalog", "--template", "retail"], capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert err == (
        "cjmap: error: --template retail starts a journey, and --catalog starts a catalog: choose one\n"
        "  hint: leave out --template to start a catalog, or --catalog to start a journey from the template\n"
    )
    assert list(tmp_path.iterdir()) == []
    code, _, err = run_cli(["init", "--catalog", "--lang", "fr"], capsys, monkeypatch)
    assert code == 2
    assert err.startswith("cjmap: error: unknown language 'fr'")
