"""The workspace's journeys by id, and the cache that keeps them between runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from cjmap import journey_index
from cjmap.journey_index import IndexedJourney, index
from cjmap.settings import Settings


def journey(journey_id: str, *stages: str, title: str = "A journey") -> str:
    listed = "".join(f"  - id: {stage}\n    name: {stage.title()}\n" for stage in stages)
    return f"# a comment first\ncjmap: 1\nid:   {journey_id}\ntitle: {title}\nstages:\n{listed}"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CJMAP_CACHE_DIR", str(folder))
    monkeypatch.delenv("CJMAP_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def root(tmp_path: Path, cache: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths whose bytes the index reads."""
    seen: list[str] = []
    real = journey_index._read

    def spy(source, limits):
        seen.append(source.path)
        return real(source, limits)

    monkeypatch.setattr(journey_index, "_read", spy)
    return seen


@pytest.fixture
def trusted_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are only milliseconds old: without this,
    every one of them is racy, and checked against its hash."""
    monkeypatch.setattr(journey_index, "RACY_NS", 0)
    time.sleep(0.01)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def ids_and_stages(root: Path) -> dict[str, list[tuple[str, ...]]]:
    found = index(root, Settings()).journeys
    return {key: [j.stage_ids for j in found[key]] for key in sorted(found)}


def cache_file(cache: Path) -> Path:
    (only,) = cache.glob("journeys-*.json")
    return only


# --- what the index holds --------------------------------------------------


def test_ids_stage_ids_and_where_each_id_is(root: Path) -> None:
    onboarding = write(root / "onboarding.journey.yaml", journey("onboarding", "sign-up", "welcome-call"))
    write(root / "deep" / "er" / "renewal.journey.yml", journey("renewal", "notice"))
    write(root / "notes.yaml", journey("not-a-journey", "x"))
    found = index(root, Settings())
    assert found.ids() == ["onboarding", "renewal"]
    assert found.journeys["onboarding"] == [
        IndexedJourney(str(onboarding), "onboarding", ("sign-up", "welcome-call"), 3, 7)
    ]
    assert found.stages_of("renewal") == ("notice",)
    assert found.stages_of("nowhere") == ()
    assert "renewal" in found and "nowhere" not in found


def test_stages_without_an_id_are_passed_over(root: Path) -> None:
    write(root / "a.journey.yaml",
          "cjmap: 1\nid: a\nstages:\n  - name: No id\n  - id: 7\n  - just text\n  - id: kept\n")
    write(root / "b.journey.yaml", "cjmap: 1\nid: b\nstages: not a list\n")
    assert ids_and_stages(root) == {"a": [("kept",)], "b": [()]}


def test_two_journeys_with_one_id_are_both_kept(root: Path) -> None:
    write(root / "a.journey.yaml", journey("same", "one", "two"))
    write(root / "b.journey.yaml", journey("same", "two", "three"))
    found = index(root, Settings())
    assert [Path(j.path).name for j in found.journeys["same"]] == ["a.journey.yaml", "b.journey.yaml"]
    assert found.stages_of("same") == ("one", "two", "three")


def test_broken_files_are_left_out(root: Path) -> None:
    write(root / "good.journey.yaml", journey("good", "s"))
    write(root / "syntax.journey.yaml", "id: [unclosed\n")
    write(root / "list.journey.yaml", "- id: a-list\n")
    write(root / "no-id.journey.yaml", "cjmap: 1\nstages: [{id: s}]\n")
    write(root / "number.journey.yaml", "cjmap: 1\nid: 42\n")
    write(root / "empty.journey.yaml", "")
    (root / "latin1.journey.yaml").write_bytes(b"id: caf\xe9\n")
    write(root / "big.journey.yaml", journey("too-big", "s") + "# " + "x" * 2000 + "\n")
    write(root / "cjmap.toml", "[limits]\nfile-size = 1000\n")
    os.symlink(root / "missing", root / "dangling.journey.yaml")
    write(root / ".hidden" / "secret.journey.yaml", journey("hidden", "s"))
    assert ids_and_stages(root) == {"good": [("s",)]}


def test_configured_excludes_are_left_out(root: Path) -> None:
    write(root / "cjmap.toml", 'exclude = ["drafts/**"]\n')
    write(root / "drafts" / "draft.journey.yaml", journey("draft", "s"))
    write(root / "kept.journey.yaml", journey("kept", "s"))
    assert ids_and_stages(root) == {"kept": [("s",)]}


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_files_git_ignores_are_left_out(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    write(root / ".gitignore", "scratch/\n")
    write(root / "scratch" / "tmp.journey.yaml", journey("scratch", "s"))
    write(root / "kept.journey.yaml", journey("kept", "s"))
    assert ids_and_stages(root) == {"kept": [("s",)]}


# --- the cache ---------------------------------------------------------------


def test_a_second_run_reads_no_unchanged_file(root: Path, cache: Path, reads: list[str], trusted_times: None) -> None:
    for n in range(3):
        write(root / f"j{n}.journey.yaml", journey(f"j{n}", "a", "b"))
    first = index(root, Settings())
    assert len(reads) == 3
    reads.clear()
    assert index(root, Settings()) == first
    assert reads == []


def test_the_cache_holds_ids_and_nothing_else_of_a_journey(root: Path, cache: Path) -> None:
    write(root / "a.journey.yaml", journey("a", "stage-one", title="Confidential pricing plan"))
    index(root, Settings())
    text = cache_file(cache).read_text(encoding="utf-8")
    assert "stage-one" in text and "Confidential" not in text and "Stage-One" not in text


def test_a_file_just_written_is_checked_against_its_hash(root: Path, reads: list[str]) -> None:
    write(root / "a.journey.yaml", journey("a", "s"))
    index(root, Settings())
    reads.clear()
    assert ids_and_stages(root) == {"a": [("s",)]}
    assert reads == [str(root / "a.journey.yaml")]  # read, as it may have changed within this tick


@pytest.mark.parametrize("racy", [True, False], ids=["within-the-tick", "later"])
def test_an_edit_of_the_same_size_and_time_is_seen(root: Path, monkeypatch: pytest.MonkeyPatch, racy: bool) -> None:
    if not racy:
        monkeypatch.setattr(journey_index, "RACY_NS", 0)
        time.sleep(0.01)
    path = write(root / "a.journey.yaml", journey("first", "one"))
    before = path.stat()
    assert ids_and_stages(root) == {"first": [("one",)]}
    write(path, journey("again", "two"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert ids_and_stages(root) == {"again": [("two",)]}


def test_an_edit_that_left_every_time_as_it_was_is_seen(root: Path, cache: Path) -> None:
    """As if the edit fell in the same tick of the clock as the run that wrote
    the cache: size, times and inode as cached, only the bytes differ."""
    path = write(root / "a.journey.yaml", journey("first", "one"))
    index(root, Settings())
    write(path, journey("again", "two"))
    stored = json.loads(cache_file(cache).read_text(encoding="utf-8"))
    now = path.stat()
    stored["files"]["a.journey.yaml"]["mark"][:5] = [now.st_size, now.st_mtime_ns, now.st_ctime_ns, now.st_ino,
                                                      now.st_dev]
    stored["written_ns"] = now.st_ctime_ns
    cache_file(cache).write_text(json.dumps(stored), encoding="utf-8")
    assert ids_and_stages(root) == {"again": [("two",)]}


def test_new_renamed_and_deleted_files(root: Path, cache: Path, trusted_times: None) -> None:
    write(root / "a.journey.yaml", journey("a", "s"))
    write(root / "b.journey.yaml", journey("b", "s"))
    index(root, Settings())
    (root / "a.journey.yaml").rename(root / "renamed.journey.yaml")
    (root / "b.journey.yaml").unlink()
    write(root / "sub" / "new.journey.yaml", journey("new", "t"))
    found = index(root, Settings())
    assert {key: [Path(j.path).name for j in found.journeys[key]] for key in found.ids()} == {
        "a": ["renamed.journey.yaml"], "new": ["new.journey.yaml"]}
    stored = json.loads(cache_file(cache).read_text(encoding="utf-8"))
    assert sorted(stored["files"]) == ["renamed.journey.yaml", os.path.join("sub", "new.journey.yaml")]


def test_a_file_replaced_by_another_is_read_again(root: Path, reads: list[str], trusted_times: None) -> None:
    path = write(root / "a.journey.yaml", journey("first", "one"))
    index(root, Settings())
    replacement = write(root / "other.yaml", journey("again", "two"))
    os.replace(replacement, path)
    assert ids_and_stages(root) == {"again": [("two",)]}


def test_raising_a_limit_reads_a_file_again(root: Path, trusted_times: None) -> None:
    write(root / "a.journey.yaml", journey("a", "s") + "# " + "x" * 2000 + "\n")
    write(root / "cjmap.toml", "[limits]\nfile-size = 1000\n")
    assert ids_and_stages(root) == {}
    write(root / "cjmap.toml", "[limits]\nfile-size = 100000\n")
    assert ids_and_stages(root) == {"a": [("s",)]}


def test_the_root_and_its_real_path_share_one_cache(root: Path, cache: Path, reads: list[str],
                                                     trusted_times: None, monkeypatch: pytest.MonkeyPatch) -> None:
    write(root / "a.journey.yaml", journey("a", "s"))
    index(root, Settings())
    link = root.parent / "link"
    link.symlink_to(root)
    monkeypatch.chdir(root)
    reads.clear()
    assert index(Path("."), Settings()).ids() == ["a"]
    assert index(link, Settings()).ids() == ["a"]
    assert reads == [] and len(list(cache.iterdir())) == 1


def entry(**changes: object) -> dict[str, object]:
    good: dict[str, object] = {"mark": [1, 2, 3, 4, 5, 6, 7, 8], "sha256": "0" * 64,
                               "journey": {"id": "wrong", "line": 1, "column": 1, "stages": ["wrong"], "links": []}}
    return {**good, **changes}


HOSTILE = {
    "not json": "{not json",
    "a list": "[]",
    "nested deep": "[" * 100_000 + "]" * 100_000,
    "a huge number": '{"format": 2, "written_ns": ' + "9" * 10_000 + "}",
    "another format": json.dumps({"format": 0}),
    "no files": json.dumps({"format": journey_index.CACHE_FORMAT, "cjmap": journey_index.__version__, "written_ns": 1}),
    "from the future": json.dumps({"format": journey_index.CACHE_FORMAT, "cjmap": journey_index.__version__, "written_ns": 10**30,
                                   "files": {}}),
    "files a list": json.dumps({"format": journey_index.CACHE_FORMAT, "cjmap": journey_index.__version__, "written_ns": 1, "files": []}),
    "not UTF-8": b"\xff\xfe{}",
}
HOSTILE_ENTRIES = {
    "a string": "x",
    "true for a number": entry(mark=[True] * 8),
    "a short mark": entry(mark=[1]),
    "an id that is a number": entry(journey={"id": 1, "line": 1, "column": 1, "stages": [], "links": []}),
    "stages not strings": entry(journey={"id": "a", "line": 1, "column": 1, "stages": [{"x": 1}], "links": []}),
    "links not strings": entry(journey={"id": "a", "line": 1, "column": 1, "stages": [], "links": [1]}),
    "no links": entry(journey={"id": "a", "line": 1, "column": 1, "stages": []}),
    "line zero": entry(journey={"id": "a", "line": 0, "column": 1, "stages": [], "links": []}),
    "more keys": entry(extra=1),
    "a short hash": entry(sha256="0"),
}


@pytest.mark.parametrize("content", [*HOSTILE.values(), *(
    json.dumps({"format": journey_index.CACHE_FORMAT, "cjmap": journey_index.__version__, "written_ns": 1, "files": {"a.journey.yaml": e}})
    for e in HOSTILE_ENTRIES.values())], ids=[*HOSTILE, *HOSTILE_ENTRIES])
def test_a_corrupt_cache_is_passed_over(root: Path, cache: Path, content: str | bytes) -> None:
    write(root / "a.journey.yaml", journey("a", "s"))
    index(root, Settings())
    target = cache_file(cache)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    assert ids_and_stages(root) == {"a": [("s",)]}
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == journey_index.CACHE_FORMAT  # written anew


def test_a_cache_larger_than_the_limit_is_not_read(root: Path, cache: Path, reads: list[str],
                                                   trusted_times: None, monkeypatch: pytest.MonkeyPatch) -> None:
    write(root / "a.journey.yaml", journey("a", "s"))
    index(root, Settings())
    monkeypatch.setattr(journey_index, "MAX_CACHE_BYTES", 10)
    reads.clear()
    assert ids_and_stages(root) == {"a": [("s",)]}
    assert len(reads) == 1


def test_a_cache_folder_that_cannot_be_written_is_no_failure(root: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = write(tmp_path / "a-file", "")
    monkeypatch.setenv("CJMAP_CACHE_DIR", str(blocker / "cache"))
    write(root / "a.journey.yaml", journey("a", "s"))
    assert ids_and_stages(root) == {"a": [("s",)]}
    assert ids_and_stages(root) == {"a": [("s",)]}
    assert list(tmp_path.glob("a-file*")) == [blocker]


def test_no_cache_when_it_is_switched_off(root: Path, cache: Path, reads: list[str], trusted_times: None,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CJMAP_NO_CACHE", "1")
    write(root / "a.journey.yaml", journey("a", "s"))
    index(root, Settings())
    assert ids_and_stages(root) == {"a": [("s",)]}
    assert len(reads) == 2 and not cache.exists()


def test_the_cache_folder_follows_xdg(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CJMAP_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    write(root / "a.journey.yaml", journey("a", "s"))
    index(root, Settings())
    assert len(list((tmp_path / "xdg" / "cjmap").glob("journeys-*.json"))) == 1
