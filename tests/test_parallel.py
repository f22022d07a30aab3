"""--jobs: the same findings in the same order, however many processes; and
a progress bar only where a person watches."""

from __future__ import annotations

import io
import json
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cjmap import validate
from cjmap.terminal import PROGRESS_FROM, progress_bar
from cjmap.validate import PARALLEL_FROM

from conftest import clean_journey_with_id, run_cli


@pytest.fixture
def many(tmp_path: Path) -> Path:
    for i in range(PARALLEL_FROM * 2 + 5):
        text = clean_journey_with_id(f"j{i:03}")
        if i % 3 == 0:
            text = text.replace("    needs: [Compare offers]\n", "")
        if i % 7 == 0:
            text = "stages: [\n"
        (tmp_path / f"j{i:03}.journey.yaml").write_text(text)
    return tmp_path


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_jobs_give_identical_output(
    output_format: str, many: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = []
    for jobs in ("1", "2", "3"):
        code, out, _ = run_cli(["validate", str(many), "-f", output_format, "--jobs", jobs], capsys, monkeypatch)
        assert code == 1
        outputs.append(out)
    assert outputs[0] == outputs[1] == outputs[2]
    if output_format == "json":
        report = json.loads(outputs[0])
        assert report["summary"]["files"] == PARALLEL_FROM * 2 + 5
        files = [f["file"] for f in report["findings"]]
        assert files == sorted(files)


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(["validate", "--jobs", "0"], capsys, monkeypatch)[0] == 2


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "reports", "shown"),
    [
        ({}, (("text", "-"),), True),
        ({"CI": "true"}, (("text", "-"),), False),
        ({"NO_COLOR": "1"}, (("text", "-"),), False),
        ({}, (("json", "-"),), False),
        ({}, (("sarif", "x.sarif"),), True),
    ],
)
def test_the_progress_bar_is_for_people_only(
    env: dict[str, str], reports: tuple[tuple[str, str], ...], shown: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("CI", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with progress_bar(reports) as progress:
        assert (progress is not None) is shown
        if progress is not None:
            progress(1, PROGRESS_FROM)
            progress(PROGRESS_FROM, PROGRESS_FROM)
    if shown:
        assert "checking journeys" in terminal.getvalue()


def test_no_progress_bar_when_standard_error_is_redirected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with progress_bar((("text", "-"),)) as progress:
        assert progress is None


# --- a checking process that dies ---------------------------------------------

_PARENT = os.getpid()


def _clean_folder(tmp_path: Path, count: int = PARALLEL_FROM + 8) -> list[Path]:
    paths = []
    for i in range(count):
        path = tmp_path / f"j{i:03}.journey.yaml"
        path.write_text(clean_journey_with_id(f"j{i:03}"))
        paths.append(path)
    return paths


def _in_workers(monkeypatch: pytest.MonkeyPatch, doomed: str, fate: Callable[[], None]) -> None:
    """Make the worker process that checks `doomed` meet its `fate`; the
    workers are forked from this process, so they inherit the change."""
    real = validate.check_source

    def check(source: Any, options: Any, catalogs: Any = None) -> Any:
        if os.getpid() != _PARENT and source.path.endswith(doomed):
            fate()
        return real(source, options, catalogs)

    monkeypatch.setattr(validate, "check_source", check)


def _killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)  # as the system's out-of-memory killer does


def _out_of_memory() -> None:
    raise MemoryError


@pytest.mark.parametrize(("fate", "reason"), [
    (_killed, "the process checking it stopped (out of memory?)"),
    (_out_of_memory, "it needs more memory than there is"),
])
@pytest.mark.parametrize("doomed", ["j002.journey.yaml", "j039.journey.yaml"])
def test_a_file_whose_check_dies_is_a_finding_and_the_other_files_are_checked(
    fate: Callable[[], None], reason: str, doomed: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = _clean_folder(tmp_path)
    (tmp_path / "j010.journey.yaml").write_text(clean_journey_with_id("j010").replace("    needs: [Compare offers]\n", ""))
    _in_workers(monkeypatch, doomed, fate)
    code, out, err = run_cli(["validate", str(tmp_path), "-f", "json", "--jobs", "2"], capsys, monkeypatch)
    assert code == 1, err
    report = json.loads(out)
    assert report["summary"]["files"] == len(paths)
    assert [(Path(f["file"]).name, f["line"], f["code"], f["message"]) for f in report["findings"]] == sorted([
        (doomed, 1, "CJ001", f"cannot check the file: {reason}"),
        ("j010.journey.yaml", 19, "CJ101", "stage 'compare' has no needs"),
    ])


def test_without_a_death_the_run_forks_no_process_of_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    _clean_folder(tmp_path)
    apart = []
    monkeypatch.setattr(validate, "_check_apart", lambda chunk, context: apart.append(chunk))
    code, out, _ = run_cli(["validate", str(tmp_path), "-f", "json", "--jobs", "2"], capsys, monkeypatch)
    assert (code, json.loads(out)["summary"]["files"], apart) == (0, PARALLEL_FROM + 8, [])


def test_without_workers_a_file_that_runs_out_of_memory_is_a_finding_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = _clean_folder(tmp_path, count=3)
    real = validate.check_source

    def check(source: Any, options: Any, catalogs: Any = None) -> Any:
        if source.path.endswith("j001.journey.yaml"):
            raise MemoryError
        return real(source, options, catalogs)

    monkeypatch.setattr(validate, "check_source", check)
    code, out, err = run_cli(["validate", str(tmp_path), "-f", "json"], capsys, monkeypatch)
    assert code == 1, err
    report = json.loads(out)
    assert report["summary"]["files"] == len(paths)
    assert [(Path(f["file"]).name, f["code"], f["message"]) for f in report["findings"]] == [
        ("j001.journey.yaml", "CJ001", "cannot check the file: it needs more memory than there is"),
    ]
