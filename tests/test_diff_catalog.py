"""`cjmap diff` on catalogs: entries added, removed, renamed (a new name, or a
new id under the same name) and changed, each with the journeys of the
workspace that use it, in text, Markdown and JSON; a journey's `catalogs:`
list; committed journeys read with their commit's catalogs.

Goldens: tests/golden/diff/catalog.{txt,md,json} (CJMAP_UPDATE_GOLDEN=1
rewrites them)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT
from test_diff import _quiet_git, check_golden, commit, diff, git, gfm, write  # noqa: F401 - _quiet_git: autouse

from cjmap.catalogs import check_catalog_bytes
from cjmap.diff.changes import CATALOG_KINDS
from cjmap.diff.compare import compare_catalogs
from cjmap.limits import DEFAULT_LIMITS
from cjmap.model import Catalog

GOLDEN = ROOT / "tests" / "golden" / "diff"

PEOPLE_V1 = """\
cjmap: 1
kind: catalog
id: people
title: Northbank people
description: Who our journeys are about.
personas:
  - id: amina
    name: Amina, new to the country
    goals: [Open an account in a day]
  - id: david
    name: David, long-time customer
  - id: lea
    name: Léa, student
segments:
  - id: newcomers
    name: Newcomers
    criteria: Arrived in the last year
    personas: [amina]
  - id: students
    name: Students
    personas: [lea]
  - id: seniors
    name: Seniors
teams:
  - id: cx
    name: Customer experience
  - id: branches
    name: Branch network
  - id: product
    name: Product
touchpoints:
  - id: app
    name: Mobile app
    channel: app
    owner: product
  - id: branch
    name: Branch
    channel: store
    owner: branches
  - id: kiosk
    name: Kiosk
    channel: store
"""

PEOPLE_V2 = """\
cjmap: 1
kind: catalog
id: people
title: Northbank shared people
description: Who our journeys are about, kept by the CX team.
personas:
  - id: amina
    name: Amina, newly arrived
    goals: [Open an account in a day, Get a card before the first salary]
  - id: david-k
    name: David, long-time customer
  - id: omar
    name: Omar, small business owner
segments:
  - id: newcomers
    name: Newcomers
    criteria: Arrived in the last two years
    personas: [amina, omar]
  - id: students
    name: University students
  - id: families
    name: Families
teams:
  - id: cx
    name: Customer experience
  - id: branches
    name: Branches
  - id: crm
    name: CRM
touchpoints:
  - id: app
    name: Mobile app
    channel: app
    owner: cx
    segments: [newcomers]
  - id: branch
    name: Branch office
    channel: event
    owner: branches
  - id: web
    name: Website
    channel: web
"""

OLD_PLACES = "cjmap: 1\nkind: catalog\nid: old-places\npersonas:\n  - {id: ghost, name: Ghost}\n"
LEGACY = "cjmap: 1\nkind: catalog\nid: legacy\nteams:\n  - {id: back-office, name: Back office}\n"
PLACES = ("cjmap: 1\nkind: catalog\nid: places\ntitle: Our places\n"
          "touchpoints:\n  - {id: atm, name: ATM, channel: other}\n")


def journey(ident: str, catalogs: list[str], personas: str, stage: str) -> str:
    listed = f"catalogs: [{', '.join(catalogs)}]\n" if catalogs else ""
    return (f"cjmap: 1\n{listed}id: {ident}\ntitle: {ident.title()}\npersonas: {personas}\nstages:\n"
            f"  - id: s\n    name: Stage\n{stage}")


OPEN = journey("open", ["../shared/people.catalog.yaml"], "[amina]",
               "    owner: cx\n    touchpoints: [app]\n")
VISIT_V1 = journey("visit", ["../shared/people.catalog.yaml"], "[david]",
                   "    owner: branches\n    touchpoints: [branch]\n")
VISIT_V2 = VISIT_V1.replace("[david]", "[david-k]")
STUDY_V1 = journey("study", ["../shared/people.catalog.yaml", "../shared/legacy.catalog.yaml"], "[lea]",
                   "    owner: back-office\n")
STUDY_V2 = journey("study", ["../shared/people.catalog.yaml", "../shared/places.catalog.yaml"], "[amina]",
                   "    touchpoints: [atm]\n")
# Its own persona `amina`, and no catalog: it uses nothing of the catalog's.
OWN = journey("own", [], "\n  - {id: amina, name: Amina}", "    segments: []\n")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A repository whose catalog changes in every way a catalog can between
    two commits; the journeys that list it change with it."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "first", {
        "shared/people.catalog.yaml": PEOPLE_V1,
        "shared/old.catalog.yaml": OLD_PLACES,
        "shared/legacy.catalog.yaml": LEGACY,
        "journeys/open.journey.yaml": OPEN,
        "journeys/visit.journey.yaml": VISIT_V1,
        "journeys/study.journey.yaml": STUDY_V1,
        "journeys/own.journey.yaml": OWN,
    })
    commit(repo, "second", {
        "shared/people.catalog.yaml": PEOPLE_V2,
        "shared/old.catalog.yaml": None,
        "shared/places.catalog.yaml": PLACES,
        "journeys/visit.journey.yaml": VISIT_V2,
        "journeys/study.journey.yaml": STUDY_V2,
    })
    return repo


def compared(args: list[str], where: Path, capsys: pytest.CaptureFixture[str],
             monkeypatch: pytest.MonkeyPatch) -> str:
    """The text of a diff that was produced (exit 0), from the folder `where`."""
    code, out, err = diff(args, where, capsys, monkeypatch)
    assert (code, err) == (0, ""), out
    return out


def loaded(text: str) -> Catalog:
    catalog = check_catalog_bytes("c.catalog.yaml", "c.catalog.yaml", text.encode(), DEFAULT_LIMITS).catalog
    assert catalog is not None
    return catalog


# --- goldens -----------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["text", "md", "json"])
def test_outputs_match_the_goldens(
    output_format: str, workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = diff(["--git", "HEAD~1..HEAD", "--format", output_format], workspace, capsys, monkeypatch)
    assert (code, err) == (0, "")
    check_golden(f"catalog.{'txt' if output_format == 'text' else output_format}", out)


def test_the_golden_holds_every_kind_a_catalog_has() -> None:
    document = json.loads((GOLDEN / "catalog.json").read_text(encoding="utf-8"))
    kinds = {change["kind"] for catalog in document["catalogs"] for change in catalog["changes"]}
    assert kinds == set(CATALOG_KINDS)


def test_each_change_says_which_journeys_use_the_entry(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = compared(["--git", "HEAD~1..HEAD", "shared/people.catalog.yaml"], workspace, capsys, monkeypatch)
    lines = out.splitlines()
    assert lines[2] == "shared/people.catalog.yaml (“Northbank shared people”): 22 changes"
    for line in [
        # The name changed: the journeys that list the catalog and the persona.
        "  ~ persona “Amina, new to the country” (amina) renamed to “Amina, newly arrived” — used by 2 journeys: "
        "open, study",
        # A new id under the same name: the journeys that name the old id or the new one.
        "  ~ persona “David, long-time customer” (david) now has the id david-k — used by 1 journey: visit",
        "  - persona “Léa, student” (lea) removed — used by no journey",
        # A persona is used by a journey that uses a segment naming it: `open` uses the app, for newcomers.
        "  + persona “Omar, small business owner” (omar) added — used by 1 journey: open",
        "  ~ persona “Amina, newly arrived” (amina): goal “Get a card before the first salary” added — used by 2 "
        "journeys: open, study",
        # A team is used by the journeys that own with it, or use a touchpoint it owns.
        "  - team “Product” (product) removed — used by 1 journey: open",
        "  ~ team “Branch network” (branches) renamed to “Branches” — used by 1 journey: visit",
        "  ~ touchpoint “Mobile app” (app): ownership moved from Product (product) to Customer experience (cx) — "
        "used by 1 journey: open",
        "  ~ touchpoint “Branch office” (branch): channel changed from store to event — used by 1 journey: visit",
        # The catalog itself: every journey that lists it.
        "  ~ catalog title changed from “Northbank people” to “Northbank shared people” — used by 3 journeys: "
        "open, study, visit",
    ]:
        assert line in lines
    assert "own" not in re.findall(r"used by .*", out)[0]
    assert lines[-1] == "1 catalog compared: 22 changes."


def test_json_reads_back_with_the_journeys_that_use_each_entry(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, out, _ = diff(["--git", "HEAD~1..HEAD", "--format", "json"], workspace, capsys, monkeypatch)
    document = json.loads(out)
    assert list(document) == ["from", "to", "journeys", "catalogs", "summary"]
    assert document["summary"] == {
        "journeys": 2, "catalogs": 3, "changes": 37, "modified": 3, "added": 1, "removed": 1, "renamed": 0,
        "unchanged": 0, "unreadable": 0,
    }
    catalogs = {c["new"] or c["old"]: c for c in document["catalogs"]}
    assert list(catalogs) == ["shared/old.catalog.yaml", "shared/people.catalog.yaml", "shared/places.catalog.yaml"]
    people = catalogs["shared/people.catalog.yaml"]
    assert {key: people[key] for key in ("old", "new", "status", "id", "title", "problem")} == {
        "old": "shared/people.catalog.yaml", "new": "shared/people.catalog.yaml", "status": "modified",
        "id": "people", "title": "Northbank shared people", "problem": None,
    }
    by_kind = {(c["kind"], c["entity"], c["field"]): c for c in people["changes"]}
    assert by_kind[("persona-renamed", "david-k", "id")] == {
        "kind": "persona-renamed", "subject": "persona", "stage": None, "entity": "david-k", "field": "id",
        "old": "david", "new": "david-k",
        "message": "Persona “David, long-time customer” (david) now has the id david-k; used by 1 journey: visit.",
        "used_by": [{"id": "visit", "file": "journeys/visit.journey.yaml"}],
    }
    assert by_kind[("persona-removed", "lea", None)]["used_by"] == []
    assert [j["id"] for j in by_kind[("catalog-changed", "people", "title")]["used_by"]] == ["open", "study", "visit"]
    assert catalogs["shared/old.catalog.yaml"]["changes"] == [{
        "kind": "catalog-removed", "subject": "catalog", "stage": None, "entity": "old-places", "field": None,
        "old": None, "new": None,
        "message": "Catalog “old-places” removed (it had 1 persona, no segments, no teams and no touchpoints); "
                   "used by no journey.",
        "used_by": [],
    }]
    assert catalogs["shared/places.catalog.yaml"]["changes"][0]["used_by"] == [
        {"id": "study", "file": "journeys/study.journey.yaml"}
    ]
    # A journey's changes have no `used_by`: only a catalog's entries are shared.
    study = document["journeys"][0]
    assert study["new"] == "journeys/study.journey.yaml"
    assert [(c["kind"], c["field"], c["old"], c["new"]) for c in study["changes"][:2]] == [
        ("journey-changed", "catalogs", None, "../shared/places.catalog.yaml"),
        ("journey-changed", "catalogs", "../shared/legacy.catalog.yaml", None),
    ]
    assert all("used_by" not in change for change in study["changes"])


def test_markdown_names_the_journeys_and_renders_as_written(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, out, _ = diff(["--git", "HEAD~1..HEAD", "--format", "md"], workspace, capsys, monkeypatch)
    assert "- ✏️ team “Branch network” (branches) renamed to “Branches” — used by 1 journey: visit\n" in out
    assert out.startswith("## Changes from HEAD\\~1 to HEAD\n\n2 journeys and 3 catalogs compared: 37 changes.\n")
    html = gfm(out)
    assert "<li>✏️ team “Branch network” (branches) renamed to “Branches” — used by 1 journey: visit</li>" in html


# --- the two forms ---------------------------------------------------------------------------


def test_two_files_say_the_same_as_git(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """OLD NEW: the workspace is the new file's, whose journeys list it."""
    write(workspace, {"backup/people.catalog.yaml.v1": PEOPLE_V1})
    out = compared(["backup/people.catalog.yaml.v1", "shared/people.catalog.yaml"], workspace, capsys, monkeypatch)
    from_git = compared(["--git", "HEAD~1..HEAD", "shared/people.catalog.yaml"], workspace, capsys, monkeypatch)
    assert out.splitlines()[3:] == from_git.splitlines()[3:]
    assert out.splitlines()[:3] == [
        "Changes from backup/people.catalog.yaml.v1 to shared/people.catalog.yaml", "",
        "shared/people.catalog.yaml (“Northbank shared people”): 22 changes",
    ]


def test_two_files_that_say_kind_catalog_are_catalogs_whatever_their_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    write(tmp_path, {"a.yaml": PEOPLE_V1, "b.yaml": PEOPLE_V1.replace("name: Product", "name: Products")})
    assert compared(["a.yaml", "b.yaml"], tmp_path, capsys, monkeypatch) == (
        "Changes from a.yaml to b.yaml\n\n"
        "b.yaml (“Northbank people”): 1 change\n"
        "  ~ team “Product” (product) renamed to “Products” — used by no journey\n\n"
        "1 catalog compared: 1 change.\n"
    )


def test_two_folders_pair_their_catalogs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    for side, catalog, visit in (("before", PEOPLE_V1, VISIT_V1), ("after", PEOPLE_V2, VISIT_V2)):
        write(tmp_path / side, {"cjmap.toml": "", "shared/people.catalog.yaml": catalog,
                                "journeys/visit.journey.yaml": visit})
    document = json.loads(compared(["before", "after", "--format", "json"], tmp_path, capsys, monkeypatch))
    assert [j["new"] for j in document["journeys"]] == ["after/journeys/visit.journey.yaml"]
    [people] = document["catalogs"]
    assert people["new"] == "after/shared/people.catalog.yaml"
    renamed = [c for c in people["changes"] if c["kind"] == "persona-renamed" and c["field"] == "id"]
    assert renamed[0]["used_by"] == [{"id": "visit", "file": "after/journeys/visit.journey.yaml"}]


# --- what cannot be compared, and what is kept apart -----------------------------------------


def test_a_catalog_that_does_not_parse_is_described_and_exits_1(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    write(workspace, {"shared/people.catalog.yaml": "cjmap: 1\nkind: catalog\npersonas: [\n"})
    code, out, err = diff(["--git", "HEAD", "shared/people.catalog.yaml"], workspace, capsys, monkeypatch)
    assert (code, err) == (1, "")
    assert out == (
        "Changes from HEAD to the working tree\n\n"
        "shared/people.catalog.yaml (“Northbank shared people”): could not be compared\n"
        "  the new version (shared/people.catalog.yaml in the working tree) does not parse as YAML: line 4, "
        "column 1: this is not valid YAML: did not find expected node content (1 error)\n"
        "    hint: fix the file and compare again; `cjmap validate shared/people.catalog.yaml` lists every error\n\n"
        "1 catalog compared: no changes, 1 could not be read.\n"
    )


def test_a_catalog_that_is_not_valid_says_so(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    write(workspace, {"shared/people.catalog.yaml": PEOPLE_V2.replace("personas: [amina, omar]",
                                                                      "personas: [amina, omer]")})
    code, out, _ = diff(["--git", "HEAD", "--format", "json"], workspace, capsys, monkeypatch)
    assert code == 1
    [people] = json.loads(out)["catalogs"]
    assert people["status"] == "unreadable"
    new = people["problem"]["new"]
    assert (new["reason"], new["code"], new["line"], new["column"]) == ("invalid", "CJ004", 18, 23)
    code, out, _ = diff(["--git", "HEAD"], workspace, capsys, monkeypatch)
    assert ("  the new version (shared/people.catalog.yaml in the working tree) is not a valid catalog: line 18, "
            "column 23: entry 2 of `personas` in segment 'newcomers' names the persona `omer`, which is not "
            "defined; did you mean `omar`? (1 error)\n") in out


def test_committed_journeys_are_read_with_the_catalogs_of_their_commit(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At HEAD~1 `visit` names `david`, whom the working tree's catalog no
    longer has: read with HEAD~1's catalog, that version is valid. Each
    version is the journey as drawn, with the names of its catalog."""
    out = compared(["--git", "HEAD~1", "journeys/visit.journey.yaml"], workspace, capsys, monkeypatch)
    assert out == (
        "Changes from HEAD~1 to the working tree\n\n"
        "journeys/visit.journey.yaml (“Visit”): 5 changes\n"
        "  + persona “David, long-time customer” (david-k) added\n"
        "  - persona “David, long-time customer” (david) removed\n"
        "  ~ team “Branch network” (branches) renamed to “Branches”\n"
        "  ~ touchpoint “Branch” (branch) renamed to “Branch office”\n"
        "  ~ touchpoint “Branch office” (branch): channel changed from store to event\n\n"
        "1 journey compared: 5 changes.\n"
    )


def test_a_removed_catalog_names_the_journeys_that_still_list_it(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    write(workspace, {"shared/people.catalog.yaml": None, "shared/places.catalog.yaml": None})
    out = compared(["--git", "HEAD"], workspace, capsys, monkeypatch)
    assert out == (
        "Changes from HEAD to the working tree\n\n"
        "shared/people.catalog.yaml (“Northbank shared people”): 1 change\n"
        "  - catalog “Northbank shared people” (people) removed (it had 3 personas, 3 segments, 3 teams and "
        "3 touchpoints) — used by 3 journeys: open, study, visit\n\n"
        "shared/places.catalog.yaml (“Our places”): 1 change\n"
        "  - catalog “Our places” (places) removed (it had no personas, no segments, no teams and 1 touchpoint) "
        "— used by 1 journey: study\n\n"
        "2 catalogs compared: 2 changes.\n"
    )


def test_a_journey_that_lists_another_catalog_says_so(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = compared(["--git", "HEAD~1..HEAD", "journeys/study.journey.yaml"], workspace, capsys, monkeypatch)
    assert out.splitlines()[2:5] == [
        "journeys/study.journey.yaml (“Study”): 8 changes",
        "  ~ journey now uses the catalog “../shared/places.catalog.yaml”",
        "  ~ journey no longer uses the catalog “../shared/legacy.catalog.yaml”",
    ]


def test_many_journeys_are_counted_and_the_first_five_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    files: dict[str, str | None] = {"cjmap.toml": "", "people.catalog.yaml": PEOPLE_V2}
    for n in range(7):
        files[f"j{n}.journey.yaml"] = journey(f"j{n}", ["people.catalog.yaml"], "[amina]", "")
    write(tmp_path, files)
    write(tmp_path, {"old/people.catalog.yaml": PEOPLE_V2.replace("Amina, newly arrived", "Amina")})
    out = compared(["old/people.catalog.yaml", "people.catalog.yaml"], tmp_path, capsys, monkeypatch)
    assert ("  ~ persona “Amina” (amina) renamed to “Amina, newly arrived” — used by 7 journeys: "
            "j0, j1, j2, j3, j4 and 2 more\n") in out


def test_a_hostile_name_is_shown_never_obeyed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    write(tmp_path, {"a.catalog.yaml": PEOPLE_V1,
                     "b.catalog.yaml": PEOPLE_V1.replace("name: Product", 'name: "Pro\\e[2J\\nduct"')})
    _, out, _ = diff(["a.catalog.yaml", "b.catalog.yaml"], tmp_path, capsys, monkeypatch)
    assert "\x1b" not in out
    assert "  ~ team “Product” (product) renamed to “Pro\\x1b[2J duct” — used by no journey\n" in out


# --- the comparison ------------------------------------------------------------------------


def test_an_entry_is_renamed_by_its_id_only_when_its_name_says_which_it_was() -> None:
    old = loaded("cjmap: 1\nkind: catalog\nid: c\nteams:\n  - {id: a, name: Same}\n  - {id: b, name: Same}\n")
    new = loaded("cjmap: 1\nkind: catalog\nid: c\nteams:\n  - {id: x, name: Same}\n  - {id: y, name: Same}\n")
    assert [change.text for change in compare_catalogs(old, new)] == [
        "team “Same” (x) added", "team “Same” (y) added", "team “Same” (a) removed", "team “Same” (b) removed",
    ]
    new = loaded("cjmap: 1\nkind: catalog\nid: c\nteams:\n  - {id: b, name: Same}\n  - {id: z, name: Same}\n")
    assert [change.text for change in compare_catalogs(old, new)] == [
        "team “Same” (a) now has the id z",
    ]


def test_every_catalog_kind_is_documented() -> None:
    docs = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    section = docs[docs.index("\n## Catalogs\n"):]
    section = section[: section.index("\n## ", 1)]
    listed = re.findall(r"^- `([a-z-]+)`", section, flags=re.MULTILINE)
    assert listed == list(CATALOG_KINDS)
