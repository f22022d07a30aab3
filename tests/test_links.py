"""Links between journeys (CJ004 at a link), journeys sharing an id (CJ005),
and the workspace rules (CJ201, CJ202) as runs see them: the same answer
whether a run names one file or the folder, and never a stale one from the
index kept on disk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

WORKSPACE = ROOT / "tests" / "fixtures" / "workspace"
SIGNUP = "journeys/signup.journey.yaml"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test workspace (a catalog, four journeys, links), as the current folder."""
    shutil.copytree(WORKSPACE, tmp_path / "ws")
    monkeypatch.chdir(tmp_path / "ws")
    return tmp_path / "ws"


def _findings(args: list[str], capsys, monkeypatch, **kwargs) -> tuple[int, list[tuple[str, str, int, int, str, str]]]:
    code, out, err = run_cli(["validate", *args, "-f", "json"], capsys, monkeypatch, **kwargs)
    assert code in (0, 1), err
    found = [(Path(f["file"]).as_posix().removeprefix("./"), f["code"], f["line"], f["column"], f["message"],
              f["hint"]) for f in json.loads(out)["findings"]]
    return code, found


def _only(found: list[tuple], *codes: str) -> list[tuple]:
    return [f for f in found if f[1] in codes]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


# --- links --------------------------------------------------------------------


def test_the_workspace_links_check_clean(workspace: Path, capsys, monkeypatch) -> None:
    code, found = _findings(["."], capsys, monkeypatch)
    assert code == 0 and _only(found, "CJ004", "CJ005") == []
    code, found = _findings([SIGNUP], capsys, monkeypatch)
    assert code == 0 and _only(found, "CJ004", "CJ005") == []


@pytest.mark.parametrize("target", [".", SIGNUP], ids=["folder", "one file"])
def test_a_link_to_a_missing_journey_or_stage_points_at_the_link_with_the_closest_id(
    workspace: Path, target: str, capsys, monkeypatch
) -> None:
    _edit(workspace / SIGNUP, "links: [first-week#welcome]", "links: [first-wek, first-week#welcom, zzz, first-week#zzz]")
    code, found = _findings([target], capsys, monkeypatch)
    assert code == 1
    assert _only(found, "CJ004") == [
        (SIGNUP, "CJ004", 38, 13,
         "stage 'register' links to the journey `first-wek`, which is not in this workspace; did you mean `first-week`?",
         "write `first-week`, or add a journey with `id: first-wek` to the workspace"),
        (SIGNUP, "CJ004", 38, 24,
         "stage 'register' links to the stage `welcom` of the journey `first-week`, which has no such stage; "
         "did you mean `welcome`?",
         "write `first-week#welcome`"),
        (SIGNUP, "CJ004", 38, 43,
         "stage 'register' links to the journey `zzz`, which is not in this workspace",
         "link to the `id` of a journey of this workspace (a `*.journey.yaml` file under its root folder); "
         "there are: `complaint`, `first-week`, `renewal`, `signup`"),
        (SIGNUP, "CJ004", 38, 48,
         "stage 'register' links to the stage `zzz` of the journey `first-week`, which has no such stage",
         "link to the journey alone (`first-week`), or to one of its stages; there are: `welcome`, `first-use`"),
    ]


def test_a_link_from_a_step_is_checked_too(workspace: Path, capsys, monkeypatch) -> None:
    _edit(workspace / "journeys/first-week.journey.yaml", "links: [renewal]", "links: [renewals]")
    _, found = _findings(["journeys/first-week.journey.yaml"], capsys, monkeypatch)
    assert [f[:5] for f in _only(found, "CJ004")] == [
        ("journeys/first-week.journey.yaml", "CJ004", 43, 17,
         "step 1 in stage 'first-use' links to the journey `renewals`, which is not in this workspace; "
         "did you mean `renewal`?"),
    ]


def test_the_text_report_shows_the_link_under_the_finding(workspace: Path, capsys, monkeypatch) -> None:
    _edit(workspace / SIGNUP, "links: [first-week#welcome]", "links: [first-wek]")
    code, out, _ = run_cli(["validate", SIGNUP, "--select", "CJ101"], capsys, monkeypatch)
    assert code == 1
    assert "  38 |     links: [first-wek]\n     |             ^\n" in out


def test_standard_input_is_checked_as_the_file_it_names(workspace: Path, capsys, monkeypatch) -> None:
    text = (workspace / SIGNUP).read_text().replace("first-week#welcome", "first-week#nowhere")
    code, found = _findings(["-", "--stdin-filename", SIGNUP], capsys, monkeypatch, stdin=text)
    # It stands in for the file on disk: no second journey `signup`, and its own links are checked.
    assert code == 1 and [f[1:4] for f in _only(found, "CJ004", "CJ005")] == [("CJ004", 38, 13)]


def test_a_journey_with_a_broken_link_is_not_drawn(workspace: Path, capsys, monkeypatch) -> None:
    _edit(workspace / SIGNUP, "links: [first-week#welcome]", "links: [first-wek]")
    code, _, err = run_cli(["render", SIGNUP, "-o", "signup.svg"], capsys, monkeypatch)
    assert code == 1 and not (workspace / "signup.svg").exists()
    assert "links to the journey `first-wek`" in err


# --- journey ids --------------------------------------------------------------


def test_two_journeys_with_one_id_is_cj005_at_the_second_naming_the_first(
    workspace: Path, capsys, monkeypatch
) -> None:
    _edit(workspace / "journeys/signup.journey.yaml", "id: signup\n", "id: renewal\n")
    _edit(workspace / "journeys/first-week.journey.yaml", "links: [signup]", "links: [renewal]")
    expected = [("journeys/signup.journey.yaml", "CJ005", 2, 5,
                 "the journey id `renewal` is already the id of journeys/renewal.journey.yaml (line 2)",
                 "give each journey of a workspace its own id: links name journeys by it")]
    _, found = _findings(["."], capsys, monkeypatch)
    assert [(f[0], *f[1:]) for f in _only(found, "CJ005")] == [
        (f[0], *f[1:4], f[4].replace("journeys/renewal", "./journeys/renewal"), f[5]) for f in expected
    ]
    _, found = _findings(["journeys/signup.journey.yaml"], capsys, monkeypatch)
    assert _only(found, "CJ005") == expected
    # The first of the two is not where the finding is.
    _, found = _findings(["journeys/renewal.journey.yaml"], capsys, monkeypatch)
    assert _only(found, "CJ005") == []


# --- the index on disk never answers wrong --------------------------------------


def test_the_answer_follows_edits_renames_and_deletions(workspace: Path, capsys, monkeypatch) -> None:
    first_week = workspace / "journeys/first-week.journey.yaml"

    def link_findings() -> list[tuple]:
        return [f[1:4] + (f[4],) for f in _only(_findings([SIGNUP], capsys, monkeypatch)[1], "CJ004", "CJ005")]

    assert link_findings() == []  # the index is now cached
    _edit(first_week, "  - id: welcome\n", "  - id: hello\n")  # the stage linked to is renamed
    assert [f[:3] for f in link_findings()] == [("CJ004", 38, 13)]
    _edit(first_week, "  - id: hello\n", "  - id: welcome\n")
    assert link_findings() == []
    first_week.rename(workspace / "first-week.journey.yaml")  # moved: still in the workspace
    assert link_findings() == []
    (workspace / "first-week.journey.yaml").unlink()  # gone
    assert [f[3] for f in link_findings()] == [
        "stage 'register' links to the journey `first-week`, which is not in this workspace"
    ]
    (workspace / "sub").mkdir()
    (workspace / "sub/again.journey.yaml").write_text(
        "cjmap: 1\nid: first-week\ntitle: Again\nstages:\n  - {id: welcome, name: Welcome}\n"
    )
    assert link_findings() == []  # a new file is found


def test_an_unchanged_workspace_is_read_from_the_index(workspace: Path, capsys, monkeypatch) -> None:
    from cjmap import journey_index

    # Files changed a moment before the index was written are read again
    # (their times cannot tell a later change apart): here, no moment is too recent.
    monkeypatch.setattr(journey_index, "RACY_NS", 0)
    _findings([SIGNUP], capsys, monkeypatch)
    read: list[str] = []
    real = journey_index._read
    monkeypatch.setattr(journey_index, "_read", lambda source, limits: read.append(source.path) or real(source, limits))
    code, found = _findings([SIGNUP], capsys, monkeypatch)
    assert code == 0 and read == []


# --- workspace rules ----------------------------------------------------------


def test_workspace_rules_run_on_folders_only(workspace: Path, capsys, monkeypatch) -> None:
    _, found = _findings(["."], capsys, monkeypatch)
    assert [f[:4] for f in _only(found, "CJ201", "CJ202")] == [
        ("journeys/complaint.journey.yaml", "CJ202", 2, 5),
        ("shared/acme.catalog.yaml", "CJ201", 10, 9),
        ("shared/acme.catalog.yaml", "CJ201", 13, 9),
    ]
    _, found = _findings(["journeys/complaint.journey.yaml", SIGNUP], capsys, monkeypatch)
    assert _only(found, "CJ201", "CJ202") == []


def test_workspace_rules_follow_the_configuration(workspace: Path, capsys, monkeypatch) -> None:
    (workspace / "cjmap.toml").write_text('[severity]\nCJ201 = "warning"\nCJ202 = "off"\n')
    code, found = _findings(["."], capsys, monkeypatch)
    assert _only(found, "CJ202") == []
    code, out, _ = run_cli(["validate", ".", "-f", "json", "--fail-on", "warning"], capsys, monkeypatch)
    severities = {(f["code"], f["severity"]) for f in json.loads(out)["findings"] if f["code"] == "CJ201"}
    assert code == 1 and severities == {("CJ201", "warning")}
    _, found = _findings([".", "--ignore", "CJ201"], capsys, monkeypatch)
    assert _only(found, "CJ201") == []


def test_a_suppression_for_a_workspace_rule_is_not_reported_unused(workspace: Path, capsys, monkeypatch) -> None:
    _edit(workspace / SIGNUP, "id: signup\n", "id: signup  # cjmap: disable=CJ202\n")
    _, found = _findings([SIGNUP, "--select", "CJ116"], capsys, monkeypatch)
    assert _only(found, "CJ116") == []


def test_a_journey_linked_from_outside_the_folder_run_is_no_island(workspace: Path, capsys, monkeypatch) -> None:
    (workspace / "other").mkdir()
    (workspace / "other/letters.journey.yaml").write_text(
        "cjmap: 1\nid: letters\ntitle: Letters\nstages:\n  - {id: post, name: Posts, links: [complaint]}\n"
    )
    _, found = _findings(["journeys"], capsys, monkeypatch)
    assert _only(found, "CJ202") == []  # the index knows `letters` links to it


def test_a_workspace_below_the_root_is_a_workspace_of_its_own(workspace: Path, capsys, monkeypatch) -> None:
    (workspace / "nested").mkdir()
    (workspace / "nested/cjmap.toml").write_text("")
    (workspace / "nested/signup.journey.yaml").write_text(
        "cjmap: 1\nid: signup\ntitle: Another signup\nstages:\n  - {id: a, name: A}\n"
    )
    _, found = _findings([SIGNUP], capsys, monkeypatch)
    assert _only(found, "CJ004", "CJ005") == []  # not the same workspace: no second `signup`
    _, found = _findings(["nested/signup.journey.yaml"], capsys, monkeypatch)
    assert _only(found, "CJ005") == []


def test_a_broken_configuration_in_a_workspace_below_does_not_stop_a_run(workspace: Path, capsys, monkeypatch) -> None:
    (workspace / "nested").mkdir()
    (workspace / "nested/cjmap.toml").write_text("this is [not toml\n")
    code, found = _findings([SIGNUP], capsys, monkeypatch)
    assert code == 0 and _only(found, "CJ004", "CJ005") == []


@pytest.mark.parametrize(("files", "own"), [
    ({"cjmap.toml": ""}, True),
    ({".cjmap.toml": ""}, True),
    ({".git/HEAD": ""}, True),
    ({"pyproject.toml": "[project]\nname = 'x'\n\n[tool.cjmap]\nselect = []\n"}, True),
    ({"pyproject.toml": "[tool.cjmap.severity]\nCJ101 = 'off'\n"}, True),
    ({"pyproject.toml": "[project]\nname = 'x'\n# [tool.cjmap] not here\n"}, False),
    ({"pyproject.toml": "[tool.black]\n"}, False),
    ({}, False),
])
def test_a_folder_with_its_own_marker_starts_a_workspace(tmp_path: Path, files: dict[str, str], own: bool) -> None:
    from cjmap.workspace import starts_a_workspace

    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert starts_a_workspace(str(tmp_path)) is own
