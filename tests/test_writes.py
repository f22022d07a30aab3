"""Writes are all or nothing: a run killed in the middle of writing leaves the
old file as it was and no temporary file, for every command that writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap import writes

from conftest import CLEAN_JOURNEY, EXAMPLES

# Runs the real command line, with the writer pausing halfway through a file
# so that the test can kill the process at that exact moment.
PAUSING_CJMAP = """
import sys, time
import cjmap.writes as writes
real = writes._write_all
def halfway(descriptor, data):
    real(descriptor, data[: len(data) // 2])
    sys.stderr.write("HALFWAY\\n")
    sys.stderr.flush()
    time.sleep(120)
    real(descriptor, data[len(data) // 2 :])
writes._write_all = halfway
sys.argv = ["cjmap", *sys.argv[1:]]
from cjmap.entry import main
main()
"""


def _kill_halfway(args: list[str], cwd: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSING_CJMAP, *args], cwd=cwd,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    assert process.stderr is not None
    try:
        for line in process.stderr:
            if line == "HALFWAY\n":
                break
        else:
            pytest.fail(f"cjmap ended without writing: exit {process.wait()}")
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)


@pytest.mark.parametrize(
    ("args", "outputs"),
    [
        (["render", "journey.journey.yaml", "-o", "map.svg"], ["map.svg"]),
        (["render", "journey.journey.yaml", "-o", "map.dot"], ["map.dot"]),
        (["report", "journey.journey.yaml", "-o", "report.html"], ["report.html"]),
        (["report", "journey.journey.yaml", "-o", "report.md"],
         ["report.md", "report.map.svg", "report.emotions.svg"]),
        (["validate", "journey.journey.yaml", "-f", "sarif", "-o", "cjmap.sarif"], ["cjmap.sarif"]),
        (["validate", "journey.journey.yaml", "--generate-baseline", "baseline.json"], ["baseline.json"]),
        (["schema", "-o", "cjmap.schema.json"], ["cjmap.schema.json"]),
    ],
)
def test_killed_midway_the_old_files_stay_whole_and_nothing_is_left(
    args: list[str], outputs: list[str], tmp_path: Path
) -> None:
    (tmp_path / "journey.journey.yaml").write_bytes((EXAMPLES / "bank-account-opening.journey.yaml").read_bytes())
    for name in outputs:
        (tmp_path / name).write_text(f"the old {name}\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    _kill_halfway(args, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "a temporary file was left behind"
    # Nothing moves into place before every file of the run is complete.
    for name in outputs:
        assert (tmp_path / name).read_text() == f"the old {name}\n"


def test_a_failed_write_without_o_tmpfile_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "map.svg"
    target.write_text("the old picture")
    monkeypatch.setattr(writes, "_open_unnamed", lambda folder: -1)

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(writes.OutputError, match="no space left on device"):
        writes.write_atomic(target, b"<svg>new</svg>")
    assert target.read_text() == "the old picture"
    assert [p.name for p in tmp_path.iterdir()] == ["map.svg"]


def test_both_ways_of_writing_produce_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writes.write_atomic(tmp_path / "a.txt", b"unnamed first")
    assert (tmp_path / "a.txt").read_bytes() == b"unnamed first"
    monkeypatch.setattr(writes, "_open_unnamed", lambda folder: -1)
    writes.write_atomic(tmp_path / "b.txt", b"named")
    assert (tmp_path / "b.txt").read_bytes() == b"named"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_an_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old")
    target.chmod(0o640)
    writes.write_atomic(target, b"new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_inputs_are_never_written(tmp_path: Path) -> None:
    journey = tmp_path / "a.journey.yaml"
    journey.write_text(CLEAN_JOURNEY)
    link = tmp_path / "link.svg"
    link.symlink_to(journey)
    with pytest.raises(writes.UsageError):
        writes.refuse_inputs(link, [str(journey)])
