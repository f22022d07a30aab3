"""A failed run leaves every old output as it was, and the world's ordinary
failures — a full disk, a read-only folder, a closed standard output, a name
the file system refuses — are plain messages with exit 2, never "a bug"."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cjmap import writes

from conftest import CLEAN_JOURNEY, EXAMPLES, clean_journey_with_id, copy_journey, run_cli

BANK = EXAMPLES / "bank-account-opening.journey.yaml"
OLD = "the old {}\n"
MD_REPORT = ["report.md", "report.map.svg", "report.emotions.svg"]


def _may_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


def _mount(args: list[str], where: Path) -> bool:
    if not _may_mount():
        return False
    return subprocess.run(["mount", *args, str(where)], capture_output=True, check=False).returncode == 0


def _unmount(where: Path) -> None:
    subprocess.run(["umount", str(where)], capture_output=True, check=False)


def _old_files(folder: Path, names: list[str]) -> None:
    for name in names:
        (folder / name).write_text(OLD.format(name))


def _still_old(folder: Path, names: list[str]) -> bool:
    return all((folder / name).read_text() == OLD.format(name) for name in names)


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder holding old outputs that cannot be written: a read-only bind
    mount where this run may mount (root ignores permissions), else 0o555."""
    folder = tmp_path / "published"
    folder.mkdir()
    _old_files(folder, MD_REPORT)
    mounted = _mount(["--bind", str(folder)], folder)
    if mounted:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
    else:
        folder.chmod(0o555)
    yield folder
    if mounted:
        _unmount(folder)
    folder.chmod(0o755)


@pytest.fixture
def journey(tmp_path: Path) -> Path:
    path = tmp_path / "journey.journey.yaml"
    copy_journey(BANK, path)
    return path


# --- a report is all of its files, or none of them ---------------------------


def test_a_report_whose_last_file_meets_a_full_disk_keeps_all_its_old_files(
    journey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _old_files(tmp_path, MD_REPORT)
    real = writes._write_all
    calls = []

    def full_on_the_third_file(descriptor: int, data: bytes) -> None:
        calls.append(len(data))
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(descriptor, data)

    monkeypatch.setattr(writes, "_write_all", full_on_the_third_file)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["report", str(journey), "-o", "report.md"], capsys, monkeypatch)
    assert code == 2
    assert "cannot write report" in err and "no space left on device; no file was changed" in err
    assert "hint: the disk is full: free some space and run again" in err
    assert "internal error" not in err
    assert _still_old(tmp_path, MD_REPORT)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*MD_REPORT, journey.name])


def test_a_file_that_cannot_be_moved_into_place_puts_back_those_already_moved(
    journey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _old_files(tmp_path, MD_REPORT)
    real = os.replace
    moved = []

    def refuse_the_second(source: str, target: str) -> None:
        if str(target).endswith(".svg") or str(target).endswith(".md"):
            moved.append(target)
            if len(moved) == 2:
                raise OSError(errno.EIO, "Input/output error", str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", refuse_the_second)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["report", str(journey), "-o", "report.md"], capsys, monkeypatch)
    assert code == 2
    assert "input/output error; no file was changed" in err
    assert _still_old(tmp_path, MD_REPORT)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*MD_REPORT, journey.name])


def test_a_real_full_disk_is_a_message_and_changes_nothing(
    journey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = _mount(["-t", "tmpfs", "-o", "size=24k", "tmpfs"], disk)
    try:
        _old_files(disk, MD_REPORT)
        if not mounted:  # no tmpfs to be had here: the disk fills on the first byte
            def full(descriptor: int, data: bytes) -> None:
                raise OSError(errno.ENOSPC, "No space left on device")

            monkeypatch.setattr(writes, "_write_all", full)
        code, _, err = run_cli(["report", str(journey), "-o", str(disk / "report.md")], capsys, monkeypatch)
        assert code == 2
        assert "no space left on device" in err and "internal error" not in err
        assert _still_old(disk, MD_REPORT)
        assert sorted(p.name for p in disk.iterdir()) == sorted(MD_REPORT)
    finally:
        if mounted:
            _unmount(disk)


def test_a_read_only_folder_is_a_message_and_changes_nothing(
    journey: Path, read_only_folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run_cli(["report", str(journey), "-o", str(read_only_folder / "report.md")], capsys, monkeypatch)
    assert code == 2
    assert f"cannot write {read_only_folder / 'report.md'}:" in err
    assert "read-only file system" in err or "permission denied" in err
    assert "choose" in err and "internal error" not in err
    assert _still_old(read_only_folder, MD_REPORT)


@pytest.mark.parametrize(
    "args",
    [
        ["render", "{journey}", "-o", "{folder}/map.svg"],
        ["validate", "{journey}", "-f", "sarif", "-o", "{folder}/cjmap.sarif"],
        ["validate", "{journey}", "--generate-baseline", "{folder}/baseline.json"],
        ["schema", "-o", "{folder}/cjmap.schema.json"],
        ["init", "{folder}/new.journey.yaml"],
        ["diff", "{journey}", "{journey}", "-o", "{folder}/changes.txt"],
    ],
)
def test_every_writing_command_says_a_read_only_folder_in_words(
    args: list[str], journey: Path, read_only_folder: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    filled = [a.format(journey=journey, folder=read_only_folder) for a in args]
    code, _, err = run_cli(filled, capsys, monkeypatch)
    assert code == 2, err
    assert err.startswith(f"cjmap: error: cannot write {read_only_folder}/")
    assert "internal error" not in err


# --- names the file system refuses, and paths of the wrong kind --------------


def test_a_long_name_that_fits_is_written_whatever_the_temporary_is_called(
    journey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "m" * 251 + ".svg"  # 255 bytes: the most a name may have
    code, _, err = run_cli(["render", str(journey), "-o", str(tmp_path / name)], capsys, monkeypatch)
    assert code == 0, err
    assert (tmp_path / name).read_bytes().startswith(b"<?xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([journey.name, name])


def test_a_name_too_long_for_the_file_system_is_a_message(
    journey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / ("m" * 300 + ".svg")
    code, _, err = run_cli(["render", str(journey), "-o", str(target)], capsys, monkeypatch)
    assert code == 2
    assert "file name too long" in err
    assert "hint: the name is too long for the file system: choose a shorter name" in err


def test_an_output_that_is_a_folder_is_refused_before_anything_is_drawn(
    journey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "map.svg").mkdir()
    code, _, err = run_cli(["render", str(journey), "-o", str(tmp_path / "map.svg")], capsys, monkeypatch)
    assert code == 2
    assert f"cjmap: error: cannot write {tmp_path / 'map.svg'}: it is a folder\n" in err
    assert list((tmp_path / "map.svg").iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["render", "{journey}", "-o", "{tmp}/notes.txt/map.svg"],
        ["report", "{tmp}/journeys", "--output-dir", "{tmp}/notes.txt"],
        ["render", "{tmp}/journeys", "--output-dir", "{tmp}/notes.txt/pictures"],
    ],
)
def test_a_file_where_a_folder_is_needed_is_a_message(
    args: list[str], journey: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "notes.txt").write_text("my notes\n")
    (tmp_path / "journeys").mkdir()
    shutil.copy(journey, tmp_path / "journeys" / "a.journey.yaml")
    filled = [a.format(journey=journey, tmp=tmp_path) for a in args]
    code, _, err = run_cli(filled, capsys, monkeypatch)
    assert code == 2
    assert f"{tmp_path / 'notes.txt'} is a file, not a folder" in err
    assert (tmp_path / "notes.txt").read_text() == "my notes\n"


# --- two outputs that would be one file ---------------------------------------


@pytest.mark.parametrize("command", ["render", "report"])
def test_two_journeys_that_would_write_one_file_are_refused_before_writing(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.journey.yaml").write_text(CLEAN_JOURNEY)
    (tmp_path / "a.journey.yml").write_text(CLEAN_JOURNEY.replace("id: clean", "id: other"))
    code, _, err = run_cli([command, str(tmp_path)], capsys, monkeypatch)
    assert code == 2
    assert f"{tmp_path}/a.journey.yaml and {tmp_path}/a.journey.yml would both be written to {tmp_path}/a." in err
    assert "hint: give each journey its own output" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.journey.yaml", "a.journey.yml"]


def test_a_journey_named_index_does_not_overwrite_the_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "index.journey.yaml").write_text(CLEAN_JOURNEY)
    code, _, err = run_cli(["report", str(tmp_path)], capsys, monkeypatch)
    assert code == 2
    assert f"{tmp_path}/index.journey.yaml and the index of journeys would both be written to" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.journey.yaml"]


def test_one_output_named_twice_is_refused(
    journey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    code, _, err = run_cli(
        ["validate", str(journey), "--generate-baseline", str(target), "-f", "json", "-o", str(target)],
        capsys, monkeypatch,
    )
    assert code == 2
    assert f"the baseline and the json report would both be written to {target}" in err
    assert not target.exists()


# --- standard streams -----------------------------------------------------------


def _cjmap(args: list[str], **how: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cjmap", *args], capture_output="stdout" not in how and "stderr" not in how,
        text=True, timeout=120, check=False, **how,  # type: ignore[call-overload]
    )


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(EXAMPLES)],
        ["render", str(BANK), "-o", "-"],
        ["schema"],
        ["rules"],
        ["diff", str(BANK), str(BANK)],
    ],
)
def test_a_full_standard_output_is_a_message(args: list[str], tmp_path: Path) -> None:
    errors = tmp_path / "stderr"
    with open("/dev/full", "w") as full, errors.open("w") as err:
        done = _cjmap(args, stdout=full, stderr=err)
    said = errors.read_text()
    assert done.returncode == 2, said
    assert said.startswith("cjmap: error: cannot write to standard output: no space left on device\n")
    assert "Traceback" not in said and "Exception ignored" not in said


def test_a_closed_standard_output_is_a_message(tmp_path: Path) -> None:
    errors = tmp_path / "stderr"
    with errors.open("w") as err:
        done = subprocess.run(
            ["sh", "-c", f'exec "{sys.executable}" -m cjmap validate "{EXAMPLES}" >&-'],
            stderr=err, timeout=120, check=False,
        )
    assert done.returncode == 2
    assert errors.read_text() == (
        "cjmap: error: cannot write to standard output: it is closed\n"
        "  hint: run cjmap with its output going somewhere: a file (> cjmap.txt), a pipe, or /dev/null\n"
    )


def test_a_closed_standard_error_does_not_change_the_outcome(tmp_path: Path) -> None:
    done = subprocess.run(
        ["sh", "-c", f'exec "{sys.executable}" -m cjmap validate "{EXAMPLES}" 2>&-'],
        capture_output=False, stdout=subprocess.PIPE, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0
    assert "no problems found" in done.stdout


def test_a_report_to_standard_output_is_one_html_page(
    journey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = run_cli(["report", str(journey), "--format", "html", "-o", "-"], capsys, monkeypatch)
    assert code == 0, err
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert "wrote" not in err


@pytest.mark.parametrize("extra", [[], ["--format", "md"]])
def test_a_markdown_report_to_standard_output_is_refused(
    extra: list[str], journey: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["report", str(journey), "-o", "-", *extra], capsys, monkeypatch)
    assert code == 2
    assert out == ""
    assert "a Markdown report is a file with its pictures beside it: it cannot go to standard output" in err
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    ("args", "written"),
    [
        (["report", "-", "--output-dir", "out"],
         ["journey.report.emotions.svg", "journey.report.map.svg", "journey.report.md"]),
        (["render", "-", "--output-dir", "out"], ["journey.svg"]),
        (["render", "-", "--output-dir", "out", "--view", "flow"], ["journey.flow.svg"]),
    ],
)
def test_a_journey_from_standard_input_gives_files_named_journey(
    args: list[str], written: list[str], tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(args, capsys, monkeypatch, stdin=CLEAN_JOURNEY)
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == written


# --- names that are not UTF-8 -----------------------------------------------------

NOT_UTF8 = os.fsdecode(b"caf\xe9.journey.yaml")


def test_a_file_name_that_is_not_utf8_is_shown_and_every_format_reads_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / NOT_UTF8).write_text(CLEAN_JOURNEY.replace("    needs: [Know the price]\n", ""))
    (tmp_path / "ok.journey.yaml").write_text(clean_journey_with_id("ok"))
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["validate", "."], capsys, monkeypatch)
    assert code == 1, err
    assert out.startswith("./caf\\xe9.journey.yaml:8:5 CJ101 error stage 'discover' has no needs")
    assert "2 files checked: 1 error" in out
    code, out, _ = run_cli(["validate", ".", "-f", "json"], capsys, monkeypatch)
    assert json.loads(out)["findings"][0]["file"] == "./caf\\xe9.journey.yaml"
    code, _, err = run_cli(
        ["validate", ".", "-f", "sarif", "-o", "r.sarif", "-f", "junit", "-o", "r.xml"], capsys, monkeypatch
    )
    assert code == 1, err
    sarif = json.loads((tmp_path / "r.sarif").read_text())
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("caf")
    from junitparser import JUnitXml

    suites = [suite.name for suite in JUnitXml.fromfile(str(tmp_path / "r.xml"))]
    assert suites == ["caf\\xe9.journey.yaml", "ok.journey.yaml"]


def test_a_picture_of_a_journey_whose_name_is_not_utf8_is_written_beside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / NOT_UTF8).write_text(CLEAN_JOURNEY)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["render", "."], capsys, monkeypatch)
    assert code == 0, err
    assert err == "cjmap: wrote caf\\xe9.svg\n"
    assert (tmp_path / os.fsdecode(b"caf\xe9.svg")).read_bytes().startswith(b"<?xml")


def test_validate_names_a_sarif_json_file_as_sarif(
    journey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "results.sarif.json"
    code, _, err = run_cli(["validate", str(journey), "-o", str(target)], capsys, monkeypatch)
    assert code == 0, err
    assert json.loads(target.read_text())["version"] == "2.1.0"
    code, _, err = run_cli(["validate", str(journey), "-f", "sarif", "-o", str(target)], capsys, monkeypatch)
    assert code == 0, err


# --- paths of other kinds, closed input, loops ----------------------------------


def test_an_output_that_is_a_pipe_is_refused_and_left_alone(
    journey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pipe = tmp_path / "map.svg"
    os.mkfifo(pipe)
    code, _, err = run_cli(["render", str(journey), "-o", str(pipe)], capsys, monkeypatch)
    assert code == 2
    assert f"cannot write {pipe}: it is a device, a pipe or a socket, not a file" in err
    assert "hint: name a regular file, or write to standard output with -o -" in err
    assert pipe.is_fifo()


def test_a_device_is_never_replaced_by_a_file(
    journey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    link = tmp_path / "null.svg"
    link.symlink_to("/dev/null")
    code, _, err = run_cli(["render", str(journey), "-o", str(link)], capsys, monkeypatch)
    assert code == 2
    assert "it is a device, a pipe or a socket, not a file" in err
    assert link.is_symlink() and Path("/dev/null").is_char_device()


def test_a_closed_standard_input_is_an_unreadable_journey() -> None:
    done = subprocess.run(
        ["sh", "-c", f'exec "{sys.executable}" -m cjmap validate - <&-'],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 1
    assert done.stdout.startswith(
        "<stdin>:1:1 CJ001 error cannot read the file: standard input is closed: pipe the journey in, or name its file\n"
    )


@pytest.mark.parametrize("command", ["render", "report"])
def test_a_loop_of_links_in_a_folder_is_named_and_the_other_journeys_are_still_written(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "good.journey.yaml").write_text(CLEAN_JOURNEY)
    (tmp_path / "a.journey.yaml").symlink_to("b.journey.yaml")
    (tmp_path / "b.journey.yaml").symlink_to("a.journey.yaml")
    code, _, err = run_cli([command, str(tmp_path)], capsys, monkeypatch)
    assert code == 1
    assert f"{tmp_path}/a.journey.yaml:1:1 CJ001 error cannot read the file: " in err
    assert "(a loop of links)" in err and "link to nothing" not in err
    written = {"render": "good.svg", "report": "good.report.md"}[command]
    assert (tmp_path / written).is_file()


def test_a_hint_for_path_patterns_shows_path_patterns(
    journey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cjmap.toml").write_text('exclude = "drafts"\n')
    code, _, err = run_cli(["validate", str(journey)], capsys, monkeypatch)
    assert code == 2
    assert err == (
        f"cjmap: error: {tmp_path / 'cjmap.toml'}: `exclude` must be a list of texts, "
        'like ["drafts/**", "*.old.journey.yaml"]\n'
    )


def test_init_to_standard_output_writes_no_file_named_dash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["init", "-", "--template", "retail"], capsys, monkeypatch)
    assert code == 0, err
    from cjmap.init import journey_template

    assert out == journey_template("retail", "en")
    assert err == ""
    assert list(tmp_path.iterdir()) == []


def test_a_folder_the_search_cannot_open_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.journey.yaml").write_text(CLEAN_JOURNEY)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.journey.yaml").write_text(CLEAN_JOURNEY)
    # What the system answers for a folder this user may not list (root may list any).
    real = os.scandir

    def refuse_locked(path: object = ".") -> object:
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refuse_locked)
    code, out, err = run_cli(["validate", str(tmp_path)], capsys, monkeypatch)
    assert code == 0
    assert f"cjmap: warning: skipped {tmp_path / 'locked'}: permission denied, so its journeys were not read\n" in err
    assert "1 file checked" in out


@pytest.mark.parametrize(("command", "written"), [("render", "a.up-x.svg"), ("report", "a.up-x.report.md")])
def test_a_segment_named_like_a_path_names_a_file_in_the_journey_folder(
    command: str, written: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    segment = "../up/../x"
    hostile = CLEAN_JOURNEY.replace(
        "teams:", f'segments:\n  - {{id: "{segment}", name: Outside}}\nteams:'
    ).replace("    needs: [Know the price]", f'    needs: [{{text: Know the price, segments: ["{segment}"]}}]')
    (folder / "a.journey.yaml").write_text(hostile)
    code, _, err = run_cli([command, str(folder / "a.journey.yaml"), "--segment", segment], capsys, monkeypatch)
    assert code == 0, err
    assert written in {p.name for p in folder.iterdir()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journeys"]


@pytest.mark.parametrize("named", ["folders", "files"])
def test_diff_says_a_loop_of_links_is_one_and_compares_the_rest(
    named: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for side in ("old", "new"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "x.journey.yaml").write_text(CLEAN_JOURNEY)
        (tmp_path / side / "loop.journey.yaml").symlink_to("loop.journey.yaml")
    args = [str(tmp_path / "old"), str(tmp_path / "new")]
    if named == "files":
        args = [str(tmp_path / "old" / "loop.journey.yaml"), str(tmp_path / "new" / "x.journey.yaml")]
    code, out, err = run_cli(["diff", *args], capsys, monkeypatch)
    assert code == 1, err
    assert "cannot read the file: the file is a symbolic link that leads back to itself (a loop of links)" in out
    assert "could not be read" in out and "internal error" not in err


@pytest.mark.parametrize("args", [["validate", str(EXAMPLES), "-f", "json"], ["schema"], ["rules"],
                                  ["render", str(BANK), "-o", "-"]])
def test_a_reader_that_went_away_is_no_failure(args: list[str]) -> None:
    """`cjmap … | head`: the reader has what it wanted; cjmap stops quietly, exit 0."""
    reader, writer = os.pipe()
    os.close(reader)  # gone before cjmap writes a byte
    try:
        done = subprocess.run([sys.executable, "-m", "cjmap", *args], stdout=writer, stderr=subprocess.PIPE,
                              text=True, timeout=120, check=False)
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (0, "")
