"""Workspaces: the root a journey belongs to, and which `catalogs:` entries
name a catalog cjmap may read, decided without opening any file."""

from __future__ import annotations

import builtins
import io
import os
import signal
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cjmap import workspace
from cjmap.workspace import CATALOG_SUFFIXES, CatalogRefused, is_catalog_name, resolve_catalog, workspace_root

CATALOG = "cjmap: 1\nkind: catalog\nid: people\n"
SECRET = "password: hunter2\n"

EXAMPLE_HINT = "write the path from the folder that holds this journey, like `../shared/people.catalog.yaml`"
OUTSIDE_HINT = ("keep catalogs inside the workspace (the nearest folder above the journey that holds "
                "cjmap.toml or .git, or else the journey's own folder) and list them from there")
NOT_CATALOG_HINT = ("list only catalog files here, like `people.catalog.yaml`; a journey cannot be used "
                    "as a catalog")
MISSING_HINT = ("check the spelling, and that the path starts from this journey's folder "
                "(`..` is the folder above it)")
SPECIAL_HINT = "list a catalog file saved in the workspace, like `people.catalog.yaml`"


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    workspace.forget()
    yield
    workspace.forget()


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _refusal(entry: str, folder: Path, root: Path) -> tuple[str, str]:
    with pytest.raises(CatalogRefused) as refused:
        resolve_catalog(entry, folder, root)
    return str(refused.value), refused.value.hint


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A workspace: journeys/, shared/ with a catalog, and a secret outside."""
    root = tmp_path / "work"
    _tree(root, {"cjmap.toml": "", "shared/people.catalog.yaml": CATALOG, "journeys/a.journey.yaml": ""})
    _tree(tmp_path, {"outside/secret.catalog.yaml": SECRET})
    return root


# --- the workspace root ----------------------------------------------------------


@pytest.mark.parametrize("marker, text", [
    ("cjmap.toml", ""),
    (".cjmap.toml", ""),
    ("pyproject.toml", "[tool.cjmap]\n"),
    (".git/HEAD", "ref: refs/heads/main\n"),
])
def test_the_root_is_found_by_each_marker(tmp_path: Path, marker: str, text: str) -> None:
    _tree(tmp_path, {f"root/{marker}": text})
    folder = tmp_path / "root" / "team" / "journeys"
    folder.mkdir(parents=True)
    assert workspace_root(folder) == tmp_path / "root"


def test_a_git_file_marks_the_root_as_a_git_folder_does(tmp_path: Path) -> None:
    _tree(tmp_path, {"root/.git": "gitdir: ../elsewhere/.git/worktrees/root\n"})
    folder = tmp_path / "root" / "journeys"
    folder.mkdir()
    assert workspace_root(folder) == tmp_path / "root"


def test_a_pyproject_without_a_cjmap_table_is_no_marker(tmp_path: Path) -> None:
    _tree(tmp_path, {"root/.git/HEAD": "", "root/team/pyproject.toml": '[project]\nname = "x"\n'})
    assert workspace_root(tmp_path / "root" / "team") == tmp_path / "root"


def test_the_nearest_marker_wins(tmp_path: Path) -> None:
    _tree(tmp_path, {"cjmap.toml": "", "repo/.git/HEAD": "", "repo/team/.cjmap.toml": "",
                     "repo/other/journeys/x.journey.yaml": ""})
    assert workspace_root(tmp_path / "repo" / "team") == tmp_path / "repo" / "team"
    assert workspace_root(tmp_path / "repo" / "other" / "journeys") == tmp_path / "repo"
    assert workspace_root(tmp_path) == tmp_path


def test_without_a_marker_the_root_is_the_folder_itself(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True)
    assert workspace_root(folder) == folder


def test_roots_are_remembered_per_folder_until_forgotten(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    assert workspace_root(folder) == folder
    (tmp_path / "cjmap.toml").write_text("")
    assert workspace_root(folder) == folder  # the same run: the root found first
    workspace.forget()
    assert workspace_root(folder) == tmp_path


# --- catalogs accepted -------------------------------------------------------------


def test_a_catalog_in_a_sibling_folder_inside_the_root_is_accepted(work: Path) -> None:
    found = resolve_catalog("../shared/people.catalog.yaml", work / "journeys", work)
    assert found == work / "shared" / "people.catalog.yaml"


def test_a_link_inside_the_root_to_a_catalog_inside_it_is_accepted(work: Path) -> None:
    (work / "journeys" / "people.catalog.yml").symlink_to("../shared/people.catalog.yaml")
    found = resolve_catalog("people.catalog.yml", work / "journeys", work)
    assert found == work / "shared" / "people.catalog.yaml"


def test_catalog_names() -> None:
    assert CATALOG_SUFFIXES == (".catalog.yaml", ".catalog.yml")
    assert is_catalog_name("people.catalog.yaml") and is_catalog_name("people.catalog.yml")
    assert not is_catalog_name("people.journey.yaml")
    assert not is_catalog_name("people.catalog.yaml.bak")
    assert not is_catalog_name("people.yaml")


# --- catalogs refused ----------------------------------------------------------------


@pytest.mark.parametrize("entry", ["", "   "])
def test_an_empty_entry_is_refused(work: Path, entry: str) -> None:
    assert _refusal(entry, work / "journeys", work) == (
        "a catalog entry is empty",
        "write the path of a catalog file from this journey's folder, like "
        "`../shared/people.catalog.yaml`, or remove the entry",
    )


@pytest.mark.parametrize("entry", [
    "/etc/people.catalog.yaml",
    "C:\\shared\\people.catalog.yaml",
    "C:shared/people.catalog.yaml",
    "\\\\server\\share\\people.catalog.yaml",
    "\\shared\\people.catalog.yaml",
    "~/people.catalog.yaml",
    "~alice/people.catalog.yaml",
])
def test_an_absolute_path_is_refused(work: Path, entry: str) -> None:
    assert _refusal(entry, work / "journeys", work) == (
        f"the catalog path `{entry}` does not start from this journey's folder",
        EXAMPLE_HINT,
    )


def test_a_path_with_a_null_character_is_refused(work: Path) -> None:
    entry = "people\0.catalog.yaml"
    assert _refusal(entry, work / "journeys", work) == (
        f"the catalog path `{entry}` holds a character that no file name can hold",
        "retype the path, without invisible characters",
    )


@pytest.mark.parametrize("entry", [
    "a.journey.yaml",
    "../shared/people.yaml",
    "../shared/people.catalog.yaml.bak",
    "../shared",
    "../shared/",
    "../../outside/secret.txt",
])
def test_a_name_that_is_not_a_catalogs_is_refused(work: Path, entry: str) -> None:
    assert _refusal(entry, work / "journeys", work) == (
        f"`{entry}` is not a catalog: a catalog's file name ends in `.catalog.yaml` or `.catalog.yml`",
        NOT_CATALOG_HINT,
    )


def test_a_path_that_leaves_the_root_is_refused(work: Path) -> None:
    entry = "../../outside/secret.catalog.yaml"
    assert _refusal(entry, work / "journeys", work) == (
        f"the catalog `{entry}` is outside this journey's workspace",
        OUTSIDE_HINT,
    )


def test_outside_the_root_an_existing_and_a_missing_file_read_the_same(work: Path, tmp_path: Path) -> None:
    folder = work / "journeys"
    entry = "../../outside/secret.catalog.yaml"
    there = _refusal(entry, folder, work)
    (tmp_path / "outside" / "secret.catalog.yaml").unlink()
    assert _refusal(entry, folder, work) == there
    (tmp_path / "outside").rmdir()
    assert _refusal(entry, folder, work) == there
    assert "hunter2" not in there[0] + there[1]


def test_a_link_out_of_the_root_is_refused(work: Path, tmp_path: Path) -> None:
    (work / "shared" / "secret.catalog.yaml").symlink_to(tmp_path / "outside" / "secret.catalog.yaml")
    (work / "shared" / "out").symlink_to(tmp_path / "outside")
    (work / "shared" / "gone.catalog.yaml").symlink_to(tmp_path / "outside" / "nothing.catalog.yaml")
    for entry in ("../shared/secret.catalog.yaml", "../shared/out/secret.catalog.yaml",
                  "../shared/out/../outside/secret.catalog.yaml", "../shared/gone.catalog.yaml"):
        assert _refusal(entry, work / "journeys", work) == (
            f"the catalog `{entry}` is outside this journey's workspace",
            OUTSIDE_HINT,
        )


def test_a_catalog_named_link_to_another_file_is_refused(work: Path) -> None:
    (work / "shared" / "notes.txt").write_text(SECRET)
    (work / "shared" / "notes.catalog.yaml").symlink_to("notes.txt")
    entry = "../shared/notes.catalog.yaml"
    assert _refusal(entry, work / "journeys", work) == (
        f"the catalog `{entry}` is a link to a file that is not a catalog",
        "link to a file named like `people.catalog.yaml`, or list that file itself",
    )


@pytest.mark.parametrize("entry", ["../shared/teams.catalog.yaml", "../nowhere/people.catalog.yaml",
                                   "../journeys/a.journey.yaml/people.catalog.yaml"])
def test_a_missing_catalog_is_refused(work: Path, entry: str) -> None:
    assert _refusal(entry, work / "journeys", work) == (
        f"the catalog `{entry}` does not exist",
        MISSING_HINT,
    )


def test_a_link_to_nothing_inside_the_root_is_missing(work: Path) -> None:
    (work / "shared" / "gone.catalog.yaml").symlink_to("teams.catalog.yaml")
    entry = "../shared/gone.catalog.yaml"
    assert _refusal(entry, work / "journeys", work) == (f"the catalog `{entry}` does not exist", MISSING_HINT)


def test_a_loop_of_links_cannot_be_reached(work: Path) -> None:
    (work / "shared" / "a.catalog.yaml").symlink_to("b.catalog.yaml")
    (work / "shared" / "b.catalog.yaml").symlink_to("a.catalog.yaml")
    entry = "../shared/a.catalog.yaml"
    assert _refusal(entry, work / "journeys", work) == (
        f"the catalog `{entry}` cannot be reached",
        "check that you may open every folder on its path, and that no link on it leads back to itself",
    )


def test_a_folder_is_refused(work: Path) -> None:
    (work / "shared" / "old.catalog.yaml").mkdir()
    entry = "../shared/old.catalog.yaml"
    assert _refusal(entry, work / "journeys", work) == (
        f"the catalog `{entry}` is a folder, not a file",
        "list the catalog file itself, like `people.catalog.yaml`, not a folder",
    )


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fails the test instead of hanging, should anything open a pipe."""
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("resolve_catalog waited on a pipe")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_named_pipe_is_refused_without_waiting(work: Path, alarm: None) -> None:
    os.mkfifo(work / "shared" / "pipe.catalog.yaml")
    entry = "../shared/pipe.catalog.yaml"
    assert _refusal(entry, work / "journeys", work) == (
        f"the catalog `{entry}` is a named pipe, not a file saved on disk",
        SPECIAL_HINT,
    )


def test_a_socket_is_refused(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(work / "shared")  # a short name: sockets' paths are limited in length
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("sock.catalog.yaml")
        entry = "../shared/sock.catalog.yaml"
        assert _refusal(entry, work / "journeys", work) == (
            f"the catalog `{entry}` is a socket, not a file saved on disk",
            SPECIAL_HINT,
        )


def test_a_device_is_refused(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Making a device needs privileges a test may not have: the system says one is there.
    device = str(work / "shared" / "null.catalog.yaml")
    real_stat = os.stat

    def fake_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if os.fspath(path) == device:  # type: ignore[arg-type]
            return os.stat_result((stat.S_IFCHR | 0o666, 0, 0, 1, 0, 0, 0, 0, 0, 0))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", fake_stat)
    entry = "../shared/null.catalog.yaml"
    assert _refusal(entry, work / "journeys", work) == (
        f"the catalog `{entry}` is a device, not a file saved on disk",
        SPECIAL_HINT,
    )


def test_a_link_to_a_device_outside_the_root_is_outside(work: Path) -> None:
    (work / "shared" / "null.catalog.yaml").symlink_to("/dev/null")
    entry = "../shared/null.catalog.yaml"
    message, _ = _refusal(entry, work / "journeys", work)
    assert message == f"the catalog `{entry}` is outside this journey's workspace"


def test_no_file_is_ever_opened(work: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (work / "shared" / "notes.txt").write_text(SECRET)
    (work / "shared" / "notes.catalog.yaml").symlink_to("notes.txt")
    os.mkfifo(work / "shared" / "pipe.catalog.yaml")
    (work / "shared" / "out.catalog.yaml").symlink_to(tmp_path / "outside" / "secret.catalog.yaml")
    opened: list[object] = []

    def spy(*args: object, **kwargs: object) -> None:
        opened.append(args[0] if args else kwargs)
        raise AssertionError("a catalog path was opened")

    for owner, name in ((builtins, "open"), (io, "open"), (os, "open"), (Path, "open"),
                        (Path, "read_bytes"), (Path, "read_text")):
        monkeypatch.setattr(owner, name, spy)
    folder = work / "journeys"
    found = resolve_catalog("../shared/people.catalog.yaml", folder, work)
    assert found == work / "shared" / "people.catalog.yaml"
    for entry in ("../shared/notes.catalog.yaml", "../shared/pipe.catalog.yaml", "../shared/out.catalog.yaml",
                  "../../outside/secret.catalog.yaml", "../shared/missing.catalog.yaml", "/etc/passwd"):
        message, hint = _refusal(entry, folder, work)
        assert "hunter2" not in message + hint
    assert opened == []
