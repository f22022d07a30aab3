"""`cjmap diff` on real git repositories: goldens of every output format,
renames, revisions and the working tree, broken journeys, usage errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
from conftest import CLEAN_JOURNEY, ROOT, run_cli

from cjmap.diff.changes import KINDS

GOLDEN = ROOT / "tests" / "golden" / "diff"
INPUTS = GOLDEN / "inputs"
UPDATE = os.environ.get("CJMAP_UPDATE_GOLDEN") == "1"
COFFEE_V1 = (INPUTS / "coffee.v1.journey.yaml").read_text(encoding="utf-8")
COFFEE_V2 = (INPUTS / "coffee.v2.journey.yaml").read_text(encoding="utf-8")
GONE = "cjmap: 1\nid: gone\ntitle: Gone journey\nstages:\n  - {id: only, name: The only stage}\n"
FRESH = """\
cjmap: 1
id: fresh
title: Fresh journey
stages:
  - id: discover
    name: Discover
    needs: [Hear of the offer]
  - id: compare
    name: Compare
    needs: [Compare the prices]
  - id: buy
    name: Buy
    needs: [Pay easily]
"""
KEPT = CLEAN_JOURNEY.replace("title: Clean journey", "title: Clean journey, kept")
# A journey that parses but is not valid: a misspelt key.
MISSPELT = CLEAN_JOURNEY.replace("id: clean\ntitle:", "id: draft\ntitel:")


# --- helpers ------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _quiet_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """git as on a fresh machine: no personal configuration, fixed dates (so
    commits are the same on every run), nothing found above the test folder."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    for variable in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(variable, "2026-01-05T10:00:00+00:00")
    for variable in ("FORCE_COLOR", "NO_COLOR", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(variable, raising=False)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Journey Tester", "-c", "user.email=tester@example.com", *args],
        cwd=repo, capture_output=True, text=True, check=True,
    )
    return done.stdout


def write(repo: Path, files: dict[str, str | None]) -> None:
    """Write (or, for None, delete) files below `repo`."""
    for name, content in files.items():
        path = repo / name
        if content is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")


def commit(repo: Path, message: str, files: dict[str, str | None]) -> None:
    write(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """Two commits: the coffee journey changes in every way, a journey is
    renamed (and retitled), one is removed, one is new; other files change too."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "first journeys", {
        "journeys/coffee.journey.yaml": COFFEE_V1,
        "journeys/clean.journey.yaml": CLEAN_JOURNEY,
        "journeys/gone.journey.yaml": GONE,
        "journeys/notes.yaml": "not: a journey\n",
        "README.txt": "journeys\n",
    })
    commit(repo, "second journeys", {
        "journeys/coffee.journey.yaml": COFFEE_V2,
        "journeys/clean.journey.yaml": None,
        "journeys/kept/clean.journey.yaml": KEPT,
        "journeys/gone.journey.yaml": None,
        "journeys/fresh.journey.yaml": FRESH,
        "journeys/notes.yaml": "still: not a journey\n",
        "README.txt": "our journeys\n",
    })
    return repo


def diff(args: list[str], where: Path, capsys: pytest.CaptureFixture[str],
         monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(where)
    code, out, err = run_cli(["diff", *args], capsys, monkeypatch)
    assert "Traceback" not in err
    return code, out, err


def check_golden(name: str, produced: str) -> None:
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(produced, encoding="utf-8")
    assert golden.exists(), f"{name} is missing; run with CJMAP_UPDATE_GOLDEN=1"
    assert produced == golden.read_text(encoding="utf-8"), (
        f"{name} differs; if the change is wanted, rerun with CJMAP_UPDATE_GOLDEN=1 and review"
    )


def gfm(markdown: str) -> str:
    """GitHub's own parser, raw HTML let through: any markup that escaped
    from journey text would show in the result."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=cmarkgfm.Options.CMARK_OPT_UNSAFE)


def changes_of(document: dict[str, Any], path: str) -> list[dict[str, Any]]:
    [journey] = [j for j in document["journeys"] if path in (j["old"], j["new"])]
    return journey["changes"]


# --- goldens: two revisions ---------------------------------------------------------


@pytest.mark.parametrize("output_format", ["text", "md", "json"])
@pytest.mark.parametrize(
    ("golden", "revision", "exit_code"),
    [("revisions", "HEAD~1..HEAD", 0), ("worktree", "HEAD", 1)],
    ids=["two-revisions", "working-tree-with-broken-journeys"],
)
def test_outputs_match_the_goldens(
    golden: str, revision: str, exit_code: int, output_format: str, history: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    if golden == "worktree":
        break_working_tree(history)
    code, out, err = diff(["--git", revision, "--format", output_format], history, capsys, monkeypatch)
    assert (code, err) == (exit_code, "")
    check_golden(f"{golden}.{'txt' if output_format == 'text' else output_format}", out)


def test_the_goldens_hold_every_kind_of_change_but_none_twice_in_the_same_words() -> None:
    document = json.loads((GOLDEN / "revisions.json").read_text(encoding="utf-8"))
    kinds = {change["kind"] for journey in document["journeys"] for change in journey["changes"]}
    assert kinds == set(KINDS)
    for journey in document["journeys"]:
        messages = [change["message"] for change in journey["changes"]]
        assert len(messages) == len(set(messages))


def test_text_groups_changes_per_journey_then_stage_with_markers(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, out, _ = diff(["--git", "HEAD~1..HEAD"], history, capsys, monkeypatch)
    lines = out.splitlines()
    assert lines[0] == "Changes from HEAD~1 to HEAD"
    assert lines[-1] == "4 journeys compared: 92 changes."
    headers = [line for line in lines if line.startswith("journeys/")]
    assert headers == [
        "journeys/coffee.journey.yaml (“Coffee subscriptions”): 89 changes",
        "journeys/fresh.journey.yaml (“Fresh journey”): 1 change",
        "journeys/gone.journey.yaml (“Gone journey”): 1 change",
        "journeys/kept/clean.journey.yaml (“Clean journey, kept”): renamed from journeys/clean.journey.yaml, 1 change",
    ]
    assert "  stage “Purchase” (buy)" in lines
    assert "    ~ stage renamed from “Buy” to “Purchase”" in lines
    assert "    ↑ emotion score rose from -1 to +1" in lines
    assert "    ↓ emotion score fell from 0 to -1" in lines
    assert "    + need “Know the roast date” added" in lines
    assert "    - need “Know the origin” removed" in lines
    assert "  + new journey “Fresh journey” (fresh) with 3 stages" in lines
    assert "  - journey “Gone journey” (gone) removed (it had 1 stage)" in lines
    assert "    ~ step “Chooses a plan”: wait grew from 2 d to 4 d (+2 d)" in lines
    assert "    ~ action “Barista packs the first box” moved from frontstage to backstage" in lines
    assert "notes.yaml" not in out and "README" not in out
    assert "\x1b[" not in out


def test_json_reads_back_field_by_field(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, out, _ = diff(["--git", "HEAD~1..HEAD", "--format", "json"], history, capsys, monkeypatch)
    document = json.loads(out)
    assert list(document) == ["from", "to", "journeys", "summary"]
    assert (document["from"], document["to"]) == ("HEAD~1", "HEAD")
    assert document["summary"] == {
        "journeys": 4, "changes": 92, "modified": 1, "added": 1, "removed": 1, "renamed": 1,
        "unchanged": 0, "unreadable": 0,
    }
    journeys = {j["new"] or j["old"]: j for j in document["journeys"]}
    renamed = journeys["journeys/kept/clean.journey.yaml"]
    assert renamed == {
        "old": "journeys/clean.journey.yaml", "new": "journeys/kept/clean.journey.yaml", "status": "renamed",
        "id": "clean", "title": "Clean journey, kept",
        "changes": [{
            "kind": "journey-changed", "subject": "journey", "stage": None, "entity": "clean", "field": "title",
            "old": "Clean journey", "new": "Clean journey, kept",
            "message": "Journey title changed from “Clean journey” to “Clean journey, kept”.",
        }],
        "problem": None,
    }
    assert journeys["journeys/fresh.journey.yaml"]["old"] is None
    assert journeys["journeys/fresh.journey.yaml"]["status"] == "added"
    assert journeys["journeys/gone.journey.yaml"]["new"] is None
    assert journeys["journeys/gone.journey.yaml"]["changes"][0]["kind"] == "journey-removed"
    coffee = {
        (c["kind"], c["stage"], c["entity"], c["field"]): c
        for c in changes_of(document, "journeys/coffee.journey.yaml")
    }
    due = coffee[("objective-changed", "discover", "reach", "due")]
    assert (due["old"], due["new"]) == ("2027-01-31", "2027-06-30")
    target = coffee[("objective-changed", "discover", "reach", "target")]
    assert (target["old"], target["new"]) == (10000, 12000)
    assert target["message"] == (
        "Stage “Discover”: objective “reach”: target changed from 10,000 people to 12,000 visitors."
    )
    moved = coffee[("stage-moved", "buy", "buy", "position")]
    assert (moved["old"], moved["new"]) == (3, 5)
    owner = coffee[("owner-changed", "discover", "discover", "owner")]
    assert (owner["subject"], owner["old"], owner["new"]) == ("stage", "marketing", "cx")
    assert "Marketing (marketing)" in owner["message"] and "Customer experience (cx)" in owner["message"]
    status = coffee[("action-status-changed", "buy", "Train baristas", "status")]
    assert (status["old"], status["new"]) == ("planned", "done")
    rose = coffee[("emotion-rose", "discover", "Reads reviews", "score")]
    assert (rose["subject"], rose["old"], rose["new"]) == ("step", 1, 2)
    objective_moved = coffee[("objective-moved", "try", "trials", "stage")]
    assert (objective_moved["old"], objective_moved["new"]) == ("compare", "try")
    ratings = coffee[("objective-added", "try", "ratings", None)]
    assert (ratings["old"], ratings["new"]) == (None, "Better ratings of the starter box")
    # Durations in seconds, the lane of a blueprint action as its subject.
    wait = coffee[("step-changed", "buy", "Chooses a plan", "wait")]
    assert (wait["old"], wait["new"]) == (172800, 345600)
    assert wait["message"] == "Stage “Purchase”: step “Chooses a plan”: wait grew from 2 d to 4 d (+2 d)."
    truth = coffee[("step-changed", "buy", "Chooses a plan", "moment_of_truth")]
    assert (truth["old"], truth["new"]) == (False, True)
    lane = coffee[("blueprint-action-moved", "buy", "Barista packs the first box", "lane")]
    assert (lane["subject"], lane["old"], lane["new"]) == ("backstage", "frontstage", "backstage")
    team = coffee[("owner-changed", "buy", "Barista explains the plans", "owner")]
    assert (team["subject"], team["old"], team["new"]) == ("frontstage", "ops", "sales")
    assert team["message"] == ("Stage “Purchase”: frontstage action “Barista explains the plans”: "
                               "ownership moved from Operations (ops) to Sales (sales).")
    took = coffee[("blueprint-action-changed", "buy", "Checks the payment", "duration")]
    assert (took["subject"], took["old"], took["new"]) == ("backstage", 3600, 900)
    gone = coffee[("blueprint-action-removed", "buy", "Nightly stock export", None)]
    assert (gone["subject"], gone["old"], gone["new"]) == ("support", "Nightly stock export", None)
    shown = coffee[("evidence-added", "buy", "Welcome card", None)]
    assert (shown["subject"], shown["old"], shown["new"]) == ("evidence", None, "Welcome card")


def test_markdown_is_a_comment_github_renders(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, out, _ = diff(["--git", "HEAD~1..HEAD", "--format", "md"], history, capsys, monkeypatch)
    html = gfm(out)
    assert re.findall(r"<h2>(.*?)</h2>", html) == ["Changes from HEAD~1 to HEAD"]
    assert re.findall(r"<h3>(.*?)</h3>", html) == [
        "journeys/coffee.journey.yaml", "journeys/fresh.journey.yaml",
        "journeys/gone.journey.yaml", "journeys/kept/clean.journey.yaml",
    ]
    assert len(re.findall(r"<li>", html)) == 92
    assert "<p><strong>Stage “Purchase” (buy)</strong></p>" in html
    assert "<li>⬆️ emotion score rose from -1 to +1</li>" in html
    assert "<li>➕ need “Know the roast date” added</li>" in html
    assert "<li>➖ need “Know the origin” removed</li>" in html
    assert "<li>✏️ step “Pays at the counter”: duration shrank from 5 min to 2 min (-3 min)</li>" in html
    assert "<li>➕ frontstage action “Barista hands over a sample” added</li>" in html
    assert "<li>➖ support action “Nightly stock export” removed</li>" in html
    assert "<p>4 journeys compared: 92 changes.</p>" in html
    assert "<ul>\n<li>" in html and "<ul>\n<li><ul>" not in html


# --- the working tree, and journeys that cannot be read ----------------------------


def break_working_tree(repo: Path) -> None:
    """The working tree after `history`: the coffee journey has a YAML error,
    an untracked new journey has a misspelt key, the kept journey changed."""
    write(repo, {
        "journeys/coffee.journey.yaml": COFFEE_V2.replace("needs: [Compare plans]", "needs: [Compare plans"),
        "journeys/draft.journey.yaml": MISSPELT,
        "journeys/kept/clean.journey.yaml": KEPT.replace("needs: [Get help]", "needs: [Get help fast]"),
    })


def test_broken_sides_are_reported_and_the_others_still_compared(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    break_working_tree(history)
    code, out, _ = diff(["--git", "HEAD", "-f", "json"], history, capsys, monkeypatch)
    assert code == 1
    document = json.loads(out)
    journeys = {j["new"]: j for j in document["journeys"]}
    assert list(journeys) == [
        "journeys/coffee.journey.yaml", "journeys/draft.journey.yaml", "journeys/kept/clean.journey.yaml",
    ]
    coffee = journeys["journeys/coffee.journey.yaml"]
    assert (coffee["status"], coffee["changes"], coffee["problem"]["old"]) == ("unreadable", [], None)
    assert (coffee["id"], coffee["title"]) == ("coffee", "Coffee subscriptions")
    assert coffee["problem"]["new"] == {
        "side": "new", "file": "journeys/coffee.journey.yaml", "revision": "working tree",
        "reason": "unparseable", "line": 81, "column": 13, "code": "CJ001",
        "message": coffee["problem"]["new"]["message"], "errors": 1,
        "hint": "fix the file and compare again; `cjmap validate journeys/coffee.journey.yaml` lists every error",
    }
    assert "not closed" in coffee["problem"]["new"]["message"]
    draft = journeys["journeys/draft.journey.yaml"]
    assert (draft["old"], draft["status"]) == (None, "unreadable")
    assert draft["problem"]["new"]["reason"] == "invalid"
    assert draft["problem"]["new"]["code"] == "CJ003"
    assert draft["problem"]["new"]["errors"] == 2
    assert (draft["problem"]["new"]["line"], draft["problem"]["new"]["column"]) == (1, 1)
    kept = journeys["journeys/kept/clean.journey.yaml"]
    assert kept["status"] == "modified"
    assert [c["kind"] for c in kept["changes"]] == ["need-added", "need-removed"]
    assert document["summary"]["unreadable"] == 2

    _, text, _ = diff(["--git", "HEAD"], history, capsys, monkeypatch)
    assert "journeys/coffee.journey.yaml (“Coffee subscriptions”): could not be compared" in text
    assert "journeys/draft.journey.yaml: could not be compared" in text
    assert ("  the new version (journeys/coffee.journey.yaml in the working tree) does not parse as YAML: "
            "line 81, column 13: ") in text
    assert ("  the new version (journeys/draft.journey.yaml in the working tree) is not a valid journey: "
            "line 1, column 1") in text
    assert "the journey is missing the required key `title` (2 errors)" in text
    assert text.endswith("3 journeys compared: 2 changes, 2 could not be read.\n")


def test_a_broken_committed_version_names_its_revision(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    commit(history, "a broken journey", {"journeys/fresh.journey.yaml": "cjmap: 1\nid: fresh\ntitle: [\n"})
    commit(history, "fixed", {"journeys/fresh.journey.yaml": FRESH.replace("Fresh journey", "Fresh again")})
    code, out, _ = diff(["--git", "HEAD~1..HEAD"], history, capsys, monkeypatch)
    assert code == 1
    assert ("the old version (journeys/fresh.journey.yaml at HEAD~1) does not parse as YAML: line 4, column 1"
            in out)
    assert ("hint: a committed version cannot be fixed: compare with a revision where it is valid; "
            "`git show 'HEAD~1:journeys/fresh.journey.yaml' | cjmap validate -` lists every error") in out
    code, out, _ = diff(["--git", "HEAD~2..HEAD"], history, capsys, monkeypatch)
    assert code == 0
    assert "~ journey title changed from “Fresh journey” to “Fresh again”" in out


# --- revisions, paths and renames ----------------------------------------------------


def test_a_revision_against_the_working_tree_includes_new_untracked_journeys(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    write(history, {"journeys/later.journey.yaml": FRESH.replace("id: fresh", "id: later"),
                    "journeys/kept/clean.journey.yaml": KEPT.replace("Clean journey, kept", "Kept")})
    code, out, _ = diff(["--git", "HEAD~1", "-f", "json"], history, capsys, monkeypatch)
    assert code == 0
    document = json.loads(out)
    assert (document["from"], document["to"]) == ("HEAD~1", "the working tree")
    statuses = {j["new"] or j["old"]: j["status"] for j in document["journeys"]}
    assert statuses == {
        "journeys/coffee.journey.yaml": "modified",
        "journeys/fresh.journey.yaml": "added",
        "journeys/gone.journey.yaml": "removed",
        "journeys/kept/clean.journey.yaml": "renamed",
        "journeys/later.journey.yaml": "added",
    }
    [title] = changes_of(document, "journeys/kept/clean.journey.yaml")
    assert (title["old"], title["new"]) == ("Clean journey", "Kept")


def test_a_journey_taken_out_of_git_but_still_on_disk_is_compared_as_it_is(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    git(history, "rm", "-q", "--cached", "journeys/fresh.journey.yaml")
    write(history, {"journeys/fresh.journey.yaml": FRESH.replace("[Pay easily]", "[Pay later]")})
    code, out, _ = diff(["--git", "HEAD", "-f", "json"], history, capsys, monkeypatch)
    assert code == 0
    [journey] = json.loads(out)["journeys"]
    assert (journey["old"], journey["new"], journey["status"]) == (
        "journeys/fresh.journey.yaml", "journeys/fresh.journey.yaml", "modified")
    assert [c["kind"] for c in journey["changes"]] == ["need-added", "need-removed"]


def test_paths_restrict_the_journeys_and_a_rename_is_found_by_either_name(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    for path in ("journeys/kept", "journeys/clean.journey.yaml", "journeys/kept/clean.journey.yaml"):
        code, out, _ = diff(["--git", "HEAD~1..HEAD", path], history, capsys, monkeypatch)
        assert code == 0
        assert out.splitlines()[2] == (
            "journeys/kept/clean.journey.yaml (“Clean journey, kept”): renamed from journeys/clean.journey.yaml, 1 change"
        )
        assert out.endswith("1 journey compared: 1 change.\n")


def test_from_a_subfolder_paths_are_relative_to_it_and_default_to_it(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, _ = diff(["--git", "HEAD~1..HEAD", "-f", "json"], history / "journeys" / "kept", capsys, monkeypatch)
    assert code == 0
    [journey] = json.loads(out)["journeys"]
    assert (journey["old"], journey["new"], journey["status"]) == (
        "../clean.journey.yaml", "clean.journey.yaml", "renamed")
    code, out, _ = diff(["--git", "HEAD~1..HEAD", "-f", "json", "../fresh.journey.yaml"],
                        history / "journeys" / "kept", capsys, monkeypatch)
    assert [j["new"] for j in json.loads(out)["journeys"]] == ["../fresh.journey.yaml"]


def test_a_named_journey_that_did_not_change_says_no_changes(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    commit(history, "readme only", {"README.txt": "all our journeys\n"})
    code, out, _ = diff(["--git", "HEAD~1..HEAD", "journeys/coffee.journey.yaml"], history, capsys, monkeypatch)
    assert code == 0
    assert out == (
        "Changes from HEAD~1 to HEAD\n\njourneys/coffee.journey.yaml: no changes\n\n"
        "1 journey compared: no changes.\n"
    )
    code, out, _ = diff(["--git", "HEAD~1..HEAD", "-f", "json", "journeys/coffee.journey.yaml"],
                        history, capsys, monkeypatch)
    [journey] = json.loads(out)["journeys"]
    assert (journey["status"], journey["changes"], journey["problem"]) == ("unchanged", [], None)
    code, out, _ = diff(["--git", "HEAD~1..HEAD", "journeys"], history, capsys, monkeypatch)
    assert out.endswith("0 journeys compared: no changes.\n")


def test_only_comments_changed_is_not_a_change_of_the_journey(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    write(history, {"journeys/fresh.journey.yaml": "# reviewed in January\n" + FRESH})
    code, out, _ = diff(["--git", "HEAD"], history, capsys, monkeypatch)
    assert code == 0
    assert ("journeys/fresh.journey.yaml (“Fresh journey”): no changes to the journey "
            "(only layout, comments or details cjmap does not compare)") in out


def test_three_dots_compare_with_where_the_branch_forked(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    fork = git(history, "rev-parse", "HEAD").strip()
    git(history, "checkout", "-q", "-b", "feature")
    commit(history, "feature", {"journeys/fresh.journey.yaml": FRESH.replace("[Pay easily]", "[Pay by phone]")})
    git(history, "checkout", "-q", "main")
    commit(history, "main moves on", {"journeys/coffee.journey.yaml": COFFEE_V1})
    code, out, _ = diff(["--git", "main...feature"], history, capsys, monkeypatch)
    assert code == 0
    assert out.splitlines()[0] == f"Changes from the merge base of main and feature ({fork[:10]}) to feature"
    assert "coffee" not in out
    assert "    + need “Pay by phone” added" in out
    code, out, _ = diff(["--git", "main..feature"], history, capsys, monkeypatch)
    assert "journeys/coffee.journey.yaml" in out


def test_one_inserted_stage_moves_no_other_stage(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    inserted = FRESH.replace(
        "  - id: compare\n",
        "  - id: ask\n    name: Ask a friend\n    needs: [Advice]\n  - id: compare\n",
    )
    write(history, {"journeys/fresh.journey.yaml": inserted})
    _, out, _ = diff(["--git", "HEAD", "-f", "json", "journeys/fresh.journey.yaml"], history, capsys, monkeypatch)
    [journey] = json.loads(out)["journeys"]
    assert [(c["kind"], c["stage"]) for c in journey["changes"]] == [("stage-added", "ask")]
    assert journey["changes"][0]["message"] == "Stage “Ask a friend”: stage added after “Discover”."


# --- a service blueprint: the Vallmar example after a review ---------------------------

VALLMAR = (ROOT / "examples" / "vallmar-avis-fanal.journey.yaml").read_text(encoding="utf-8")
# The repair stage after a review: the council's own lighting team takes the repair
# over from the contractor and is quicker to come, route planning becomes support,
# and the closing email is now a moment of truth.
REVIEWED_REPAIR = {
    "        duration: 10 min\n        wait: 4 d\n": "        duration: 10 min\n        wait: 2 d\n",
    "        duration: 1 min\n        wait: 1 d\n    needs:\n      - Que el fanal quedi arreglat":
        "        duration: 1 min\n        wait: 1 d\n        moment_of_truth: true\n    needs:\n"
        "      - Que el fanal quedi arreglat",
    "      - Correu de tancament amb la foto del fanal reparat\n":
        "      - Correu de tancament amb la foto del fanal reparat\n      - Adhesiu «Reparat» al pal del fanal\n",
    "        owner: manteniment\n        touchpoint: brigada-carrer\n        duration: 45 min\n":
        "        owner: enllumenat\n        touchpoint: brigada-carrer\n        duration: 1 h\n"
        "      - La brigada enganxa l'adhesiu «Reparat» al pal\n",
    "      - text: Planifica la ruta del dia agrupant les ordres per quadre i per barri\n"
    "        owner: manteniment\n": "",
    "        owner: enllumenat\n        duration: 2 w\n":
        "        owner: enllumenat\n        system: Portal de la distribuïdora\n        duration: 2 w\n"
        "      - text: Planifica la ruta del dia agrupant les ordres per quadre i per barri\n"
        "        owner: manteniment\n",
}


def reviewed(text: str, edits: dict[str, str]) -> str:
    for before, after in edits.items():
        assert text.count(before) == 1, f"the example changed: {before!r} is not there once"
        text = text.replace(before, after)
    return text


@pytest.mark.parametrize("output_format", ["text", "md", "json"])
def test_a_reviewed_service_blueprint_matches_the_goldens(
    output_format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    write(tmp_path, {"before/vallmar.journey.yaml": VALLMAR,
                     "after/vallmar.journey.yaml": reviewed(VALLMAR, REVIEWED_REPAIR)})
    code, out, err = diff(["before/vallmar.journey.yaml", "after/vallmar.journey.yaml", "-f", output_format],
                          tmp_path, capsys, monkeypatch)
    assert (code, err) == (0, "")
    check_golden(f"blueprint.{'txt' if output_format == 'text' else output_format}", out)


# --- files and folders without git ---------------------------------------------------


def test_two_files_are_compared_directly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    write(tmp_path, {"old.yaml": CLEAN_JOURNEY, "new.yaml": CLEAN_JOURNEY.replace("score: 2", "score: -2")})
    code, out, _ = diff(["old.yaml", "new.yaml"], tmp_path, capsys, monkeypatch)
    assert code == 0
    assert out == (
        "Changes from old.yaml to new.yaml\n\n"
        "new.yaml (“Clean journey”): 1 change\n"
        "  stage “Buy” (buy)\n"
        "    ↓ emotion score fell from +2 to -2\n\n"
        "1 journey compared: 1 change.\n"
    )


def test_two_folders_are_paired_by_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    write(tmp_path, {
        "before/a.journey.yaml": CLEAN_JOURNEY,
        "before/b.journey.yaml": CLEAN_JOURNEY,
        "before/sub/gone.journey.yml": GONE,
        "before/notes.yaml": "ignored: yes\n",
        "after/a.journey.yaml": CLEAN_JOURNEY,  # the same file: left out
        "after/b.journey.yaml": "# reviewed\n" + CLEAN_JOURNEY,
        "after/sub/fresh.journey.yaml": FRESH,
        "after/broken.journey.yaml": "cjmap: 1\nid: x\ntitle: [\n",
    })
    code, out, _ = diff(["before", "after", "-f", "json"], tmp_path, capsys, monkeypatch)
    assert code == 1
    document = json.loads(out)
    assert [(j["old"], j["new"], j["status"]) for j in document["journeys"]] == [
        ("before/b.journey.yaml", "after/b.journey.yaml", "unchanged"),
        (None, "after/broken.journey.yaml", "unreadable"),
        (None, "after/sub/fresh.journey.yaml", "added"),
        ("before/sub/gone.journey.yml", None, "removed"),
    ]
    assert document["journeys"][1]["problem"]["new"]["revision"] is None
    _, out, _ = diff(["before", "after"], tmp_path, capsys, monkeypatch)
    assert (
        "after/b.journey.yaml (“Clean journey”): no changes to the journey "
        "(only layout, comments or details cjmap does not compare)\n"
    ) in out
    assert "a.journey.yaml" not in out
    assert "  the new version (after/broken.journey.yaml) does not parse as YAML: line 4, column 1" in out


def test_output_file_is_written_without_colour(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    write(tmp_path, {"old.yaml": CLEAN_JOURNEY, "new.yaml": KEPT})
    monkeypatch.setenv("FORCE_COLOR", "1")
    code, out, err = diff(["old.yaml", "new.yaml", "-o", "changes.md", "-f", "md"], tmp_path, capsys, monkeypatch)
    assert (code, out, err) == (0, "", "cjmap: wrote changes.md\n")
    written = (tmp_path / "changes.md").read_text(encoding="utf-8")
    assert "- ✏️ journey title changed from “Clean journey” to “Clean journey, kept”\n" in written
    code, out, err = diff(["old.yaml", "new.yaml", "-o", "changes.txt"], tmp_path, capsys, monkeypatch)
    assert "\x1b[" not in (tmp_path / "changes.txt").read_text(encoding="utf-8")


def test_colour_only_when_asked_and_never_with_no_color(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    write(tmp_path, {"old.yaml": CLEAN_JOURNEY, "new.yaml": KEPT})
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, coloured, _ = diff(["old.yaml", "new.yaml"], tmp_path, capsys, monkeypatch)
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured).endswith("1 journey compared: 1 change.\n")
    monkeypatch.setenv("NO_COLOR", "1")
    _, plain, _ = diff(["old.yaml", "new.yaml"], tmp_path, capsys, monkeypatch)
    assert "\x1b[" not in plain
    assert plain == re.sub(r"\x1b\[[0-9;]*m", "", coloured)


# --- Markdown that user text cannot break ---------------------------------------------


def test_user_text_cannot_break_the_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    hostile = (CLEAN_JOURNEY
               .replace("title: Clean journey", "title: '# Big | *loud* <b>title</b>'")
               .replace("name: Buy\n", "name: 'Pay | now *fast* <script>alert(1)</script>'\n")
               .replace("needs: [Pay easily]", "needs: ['`rm -rf` _now_ [link](javascript:alert(1)) ~~gone~~ \\ &amp;']"))
    write(tmp_path, {"old.yaml": CLEAN_JOURNEY, "#new <i>.yaml": hostile})
    code, out, _ = diff(["old.yaml", "#new <i>.yaml", "-f", "md"], tmp_path, capsys, monkeypatch)
    assert code == 0
    html = gfm(out)
    for markup in ("<script", "<b>", "<i>", "<em>", "<code>", "<a ", "<del>", "<h1>"):
        assert markup not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Pay | now *fast*" in html
    assert "`rm -rf` _now_ [link](javascript:alert(1)) ~~gone~~ \\ &amp;amp;" in html
    assert re.findall(r"<h3>(.*?)</h3>", html) == ["#new &lt;i&gt;.yaml"]
    items = re.findall(r"<li>(.*?)</li>", html)
    assert items == [
        "✏️ journey title changed from “Clean journey” to “# Big | *loud* &lt;b&gt;title&lt;/b&gt;”",
        "✏️ stage renamed from “Buy” to “Pay | now *fast* &lt;script&gt;alert(1)&lt;/script&gt;”",
        "➕ need “`rm -rf` _now_ [link](javascript:alert(1)) ~~gone~~ \\ &amp;amp;” added",
        "➖ need “Pay easily” removed",
    ]


# --- usage errors: exit 2, a sentence and a hint, never a traceback ------------------


def test_outside_a_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = diff(["--git", "HEAD"], tmp_path, capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert err == (
        f"cjmap: error: {os.path.realpath(tmp_path)} is not inside a git repository\n"
        "  hint: run cjmap diff --git from the folder of your journeys' repository, or compare two files "
        "or folders without git: cjmap diff OLD NEW\n"
    )


def test_without_git_installed(
    history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code, out, err = diff(["--git", "HEAD"], history, capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert err.startswith("cjmap: error: git is not installed, or not on the PATH\n  hint: install git")


@pytest.mark.parametrize("revision", ["nonsense", "HEAD~9", "HEAD~1..nonsense", "-p", "nonsense...HEAD", ""])
def test_an_unknown_revision(
    revision: str, history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = diff(["--git", revision], history, capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert re.match(r"cjmap: error: unknown revision '[^']*': no commit, branch or tag of this repository has that name\n"
                    r"  hint: check the spelling", err)


def test_branches_without_common_history(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    git(history, "checkout", "-q", "--orphan", "other")
    commit(history, "unrelated", {"journeys/fresh.journey.yaml": FRESH})
    code, _, err = diff(["--git", "main...other"], history, capsys, monkeypatch)
    assert code == 2
    assert err == ("cjmap: error: main and other have no history in common\n"
                   "  hint: compare them directly: --git main..other\n")


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["--git", "HEAD", "journeys/missing.journey.yaml"], "path not found: journeys/missing.journey.yaml",
         "name a journey file or folder that exists in the working tree or the revisions compared"),
        (["--git", "HEAD~1..HEAD", "missing"], "path not found: missing",
         "name a journey file or folder that exists in the revisions compared"),
        (["--git", "HEAD", ".."], "is outside the git repository at", "name journeys inside the repository"),
        (["journeys/coffee.journey.yaml"], "cjmap diff compares two journeys, and 1 was given",
         "name the old and the new version: cjmap diff OLD NEW"),
        ([], "cjmap diff compares two journeys, and 0 were given", "cjmap diff --git HEAD"),
        (["journeys/coffee.journey.yaml", "nowhere.journey.yaml"], "path not found: nowhere.journey.yaml",
         "check the spelling"),
        (["journeys", "journeys/coffee.journey.yaml"],
         "cannot compare the folder journeys with the file journeys/coffee.journey.yaml",
         "compare two journey files, or two folders of journeys"),
        (["journeys/coffee.journey.yaml", "journeys/fresh.journey.yaml", "-o", "journeys/fresh.journey.yaml"],
         "the output journeys/fresh.journey.yaml is the journey being read", "choose another output file"),
        (["--git", "HEAD~1", "-o", "journeys/fresh.journey.yaml"],
         "the output journeys/fresh.journey.yaml is the journey being read", "choose another output file"),
    ],
)
def test_usage_errors_say_what_is_wrong_and_how_to_fix_it(
    args: list[str], message: str, hint: str, history: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = (history / "journeys/fresh.journey.yaml").read_bytes()
    code, out, err = diff(args, history, capsys, monkeypatch)
    assert (code, out) == (2, "")
    first, second = err.splitlines()
    assert first.startswith("cjmap: error: ") and message in first
    assert second.startswith("  hint: ") and hint in second
    assert (history / "journeys/fresh.journey.yaml").read_bytes() == before


def test_a_bad_format_is_a_usage_error(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = diff(["--git", "HEAD", "--format", "html"], history, capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert "'html' is not one of 'text', 'md', 'json'" in err


# --- the documentation -----------------------------------------------------------------


def test_every_kind_is_documented() -> None:
    docs = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([a-z-]+)` \|", docs, flags=re.MULTILINE)
    assert listed == list(KINDS)



def test_a_huge_journey_in_a_commit_is_never_read_into_memory(
    history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    huge = "cjmap: 1\n" + "# padding\n" * 1_100_000  # 11 MB: past the 10 MiB limit
    commit(history, "a huge journey", {"journeys/huge.journey.yaml": huge})
    blobs_read = []
    real_run = subprocess.run

    def watching(args: list[str], *rest: object, **how: object) -> object:
        if "cat-file" in args and "blob" in args:
            blobs_read.append(args[-1])
        return real_run(args, *rest, **how)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", watching)
    code, out, _ = diff(["--git", "HEAD~1..HEAD", "journeys/huge.journey.yaml"], history, capsys, monkeypatch)
    assert code == 1
    assert "the file is too large: more than 10,485,760 bytes" in out
    assert not [blob for blob in blobs_read if blob.endswith("huge.journey.yaml")]
