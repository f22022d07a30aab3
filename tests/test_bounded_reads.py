"""Every file cjmap is given is read the same bounded way: configurations,
baselines and measured values refuse folders, pipes, devices and loops of
links without waiting, stop at a size, and say what is wrong with the file,
where TOML or JSON says it, with the documented exit code."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap import files
from cjmap.limits import MAX_BASELINE_BYTES, MAX_CONFIG_BYTES

from conftest import CLEAN_JOURNEY, run_cli

LOOP = "the file is a symbolic link that leads back to itself (a loop of links)"
PIPE = "this is a named pipe (a FIFO), not a regular file"
DEVICE = "this is a device, not a regular file"
CONFIG_HINT = "  hint: a configuration is a small TOML file: cjmap.toml, .cjmap.toml or pyproject.toml\n"
BASELINE_HINT = "  hint: create it with `cjmap validate --generate-baseline FILE`\n"
TOML_HINT = "  hint: check quotes, brackets and `=` signs\n"
UTF8_HINT = "  hint: save the file with UTF-8 encoding (most editors offer it in 'Save as')\n"


def cjmap(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """cjmap in its own process: a read that waits on a pipe fails the test
    at the timeout instead of hanging the suite."""
    done = subprocess.run([sys.executable, "-m", "cjmap", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60, check=False)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.journey.yaml").write_text(CLEAN_JOURNEY)
    return tmp_path


# --- the one reading function -------------------------------------------------------


def test_read_bounded_reads_a_file_up_to_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"x" * 10)
    assert files.read_bounded(path, 10) == b"x" * 10
    with pytest.raises(files.TooLarge) as caught:
        files.read_bounded(path, 9)
    assert (caught.value.strerror, caught.value.errno, caught.value.limit) == (
        "the file is larger than 9 bytes", errno.EFBIG, 9)


def test_read_bounded_does_not_overflow_on_a_huge_limit(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"abc")
    assert files.read_bounded(path, 10**4000) == b"abc"


@pytest.mark.parametrize(
    ("make", "reason", "number"),
    [
        (lambda p: None, "no such file", errno.ENOENT),
        (lambda p: p.mkdir(), "this is a folder, not a file", errno.EISDIR),
        (lambda p: p.symlink_to(p.parent / "gone"), "the file is a link to nothing (a broken symbolic link)",
         errno.ENOENT),
        (lambda p: p.symlink_to(p), LOOP, errno.ELOOP),
        (lambda p: p.symlink_to("/dev/zero"), DEVICE, errno.ENXIO),
    ],
    ids=["missing", "folder", "broken-link", "loop", "device"],
)
def test_read_bounded_says_why_a_path_cannot_be_read(make: object, reason: str, number: int, tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    make(path)  # type: ignore[operator]
    with pytest.raises(files.NotReadable) as caught:
        files.read_bounded(path, 100)
    assert (caught.value.strerror, caught.value.errno) == (reason, number)


def test_a_path_through_a_file_or_a_name_too_long_is_said_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.journey.yaml").write_text(CLEAN_JOURNEY)
    through = str(tmp_path / "a.journey.yaml" / "b.journey.yaml")
    code, out, err = run_cli(["validate", through], capsys, monkeypatch)
    assert (code, out, err) == (2, "", f"cjmap: error: cannot read {through}: a part of the path is a file, not a "
                                       "folder\n  hint: check the path, and that you may read it\n")
    long = str(tmp_path / ("x" * 300 + ".journey.yaml"))
    code, out, err = run_cli(["validate", long], capsys, monkeypatch)
    assert (code, out, err) == (2, "", f"cjmap: error: cannot read {long}: the name is too long for the file "
                                       "system\n  hint: check the path, and that you may read it\n")
    with pytest.raises(files.NotReadable) as caught:
        files.read_bounded(through, 100)
    assert caught.value.strerror == "a part of the path is a file, not a folder"


# --- configurations ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "what", "hint"),
    [("--config", "configuration", CONFIG_HINT), ("--baseline", "baseline", BASELINE_HINT)],
)
def test_an_option_naming_a_pipe_or_a_device_is_refused_at_once(
    option: str, what: str, hint: str, project: Path
) -> None:
    os.mkfifo(project / "pipe")
    assert cjmap(["validate", ".", option, "pipe"], project) == (
        2, "", f"cjmap: error: cannot read the {what} pipe: {PIPE}\n{hint}")
    assert cjmap(["validate", ".", option, "/dev/zero"], project) == (
        2, "", f"cjmap: error: cannot read the {what} /dev/zero: {DEVICE}\n{hint}")


@pytest.mark.parametrize(
    ("make", "reason"),
    [(os.mkfifo, PIPE), (lambda p: p.symlink_to(p), LOOP), (lambda p: p.mkdir(), "this is a folder, not a file")],
    ids=["pipe", "loop", "folder"],
)
def test_a_found_configuration_that_cannot_be_read_is_not_skipped(make: object, reason: str, project: Path) -> None:
    make(project / "cjmap.toml")  # type: ignore[operator]
    assert cjmap(["validate", "."], project) == (
        2, "", f"cjmap: error: cannot read the configuration {project / 'cjmap.toml'}: {reason}\n{CONFIG_HINT}")


def test_a_configuration_too_large_is_not_read_whole(project: Path) -> None:
    (project / "cjmap.toml").write_bytes(b"#" * MAX_CONFIG_BYTES + b"\n")
    assert (MAX_CONFIG_BYTES, MAX_BASELINE_BYTES) == (1024 * 1024, 100 * 1024 * 1024)
    assert cjmap(["validate", "."], project) == (
        2, "", f"cjmap: error: cannot read the configuration {project / 'cjmap.toml'}: the file is larger than "
               f"1,048,576 bytes\n{CONFIG_HINT}")


@pytest.mark.parametrize(
    ("content", "message", "hint"),
    [
        (b'fail-on = "warning"\nselect = [\n', ":3:1: the configuration is not valid TOML: invalid value", TOML_HINT),
        (b"[limits]\nfile-size = 10\nfile-size = 20\n",
         ":3:15: the configuration is not valid TOML: cannot overwrite a value", TOML_HINT),
        (b'language = "caf\xe9"\n', ":1:16: cannot read the configuration: the file is not UTF-8 text: "
                                    "byte 0xE9 at offset 15 cannot be read", UTF8_HINT),
        (b"# r\xc3\xa9sum\xc3\xa9\rlanguage = \xff\n", ":2:12: cannot read the configuration: the file is not "
                                                       "UTF-8 text: byte 0xFF at offset 22 cannot be read", UTF8_HINT),
        (b"[limits]\nfile-size = " + b"9" * 5000 + b"\n",
         ":2:13: the configuration holds a number too long to be read",
         "  hint: no setting needs a number with thousands of digits; write a smaller one\n"),
        (b"select = " + b"[" * 5000 + b"]" * 5000 + b"\n", ": the configuration is nested too deeply to be read",
         "  hint: a configuration needs only a few levels; check for runaway brackets\n"),
        (b"[limits]\nfile-size = 1e400\n", ": `limits.file-size` must be a whole number of bytes, at least 1", ""),
        (b"[limits]\nfile-size = true\n", ": `limits.file-size` must be a whole number of bytes, at least 1", ""),
        (b"limits = [1]\n", ": `limits` must be a table, like [limits]", ""),
        (b"[severity]\nCJ105 = {level = 1}\n",
         ": `severity.CJ105` is `{'level': 1}`, which is not one of error, warning, info, off", ""),
        (b'fail-on = "\\u0000\\n"\n', ": `fail-on` is `\\x00\\n`, which is not one of error, warning, info", ""),
        (b"[per-file-ignores]\nx = 1\n",
         ': `per-file-ignores.x` must be a list of texts, like ["CJ101", "CJ102"]', ""),
    ],
    ids=["toml", "twice", "latin-1", "cr-lines", "long-number", "deep", "inf", "bool", "limits-list",
         "severity-table", "control", "globs"],
)
def test_every_malformed_configuration_is_a_usage_error_with_its_place(
    content: bytes, message: str, hint: str, project: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    (project / "cjmap.toml").write_bytes(content)
    code, out, err = run_cli(["validate", str(project)], capsys, monkeypatch)
    assert (code, out, err) == (2, "", f"cjmap: error: {project / 'cjmap.toml'}{message}\n{hint}")


def test_a_configuration_may_start_with_a_byte_order_mark(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "cjmap.toml").write_bytes(b'\xef\xbb\xbfignore = ["CJ101"]\n')
    (project / "a.journey.yaml").write_text(CLEAN_JOURNEY.replace("needs: [Know the price]", "needs: []"))
    assert run_cli(["validate", str(project), "-q"], capsys, monkeypatch)[:2] == (0, "")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[project\nname = 1\n", ":1:9: the configuration is not valid TOML: "
                                  "expected ']' at the end of a table declaration\n" + TOML_HINT),
        (b"[tool]\ncjmap = 1\n", ": `tool.cjmap` must be a table, like [tool.cjmap]\n"),
    ],
    ids=["not-toml", "not-a-table"],
)
def test_a_pyproject_that_cannot_be_used_is_not_skipped(
    content: bytes, message: str, project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "pyproject.toml").write_bytes(content)
    code, out, err = run_cli(["validate", str(project)], capsys, monkeypatch)
    assert (code, out, err) == (2, "", f"cjmap: error: {project / 'pyproject.toml'}{message}")


@pytest.mark.parametrize("content", [b'tool = "cjmap"\n', b"[tool]\nblack = {cjmap = 1}\n", b"[project]\n"])
def test_a_pyproject_without_a_cjmap_table_belongs_to_others(
    content: bytes, project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "pyproject.toml").write_bytes(content)
    assert run_cli(["validate", str(project), "-q"], capsys, monkeypatch)[:2] == (0, "")


# --- baselines -----------------------------------------------------------------------


ENTRY = {"fingerprint": "f", "file": "a.journey.yaml", "code": "CJ101", "message": "m"}
NOT_A_BASELINE = "the baseline {path} is not a cjmap baseline"
MALFORMED = "the baseline {path} has a malformed entry: finding 1 must have the texts `fingerprint`, `file`, " \
            "`code` and `message`, and nothing else\n" \
            "  hint: regenerate the baseline with `cjmap validate --generate-baseline FILE`\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[]", NOT_A_BASELINE + " (version 1)"),
        (b"42", NOT_A_BASELINE + " (version 1)"),
        (b"null", NOT_A_BASELINE + " (version 1)"),
        (b'{"cjmap-baseline": true, "findings": []}', NOT_A_BASELINE + " (version 1)"),
        (b'{"cjmap-baseline": 1e400, "findings": []}', NOT_A_BASELINE + " (version 1)"),
        (b'{"cjmap-baseline": 1}', NOT_A_BASELINE + ": `findings` must be a list"),
        (b'{"cjmap-baseline": 1, "findings": 5}', NOT_A_BASELINE + ": `findings` must be a list"),
        (b'{"cjmap-baseline": 1, "findings": [5]}', MALFORMED),
        (json.dumps({"cjmap-baseline": 1, "findings": [{**ENTRY, "fingerprint": []}]}).encode(), MALFORMED),
        (json.dumps({"cjmap-baseline": 1, "findings": [{**ENTRY, "code": None}]}).encode(), MALFORMED),
        (json.dumps({"cjmap-baseline": 1, "findings": [{**ENTRY, "extra": "x"}]}).encode(), MALFORMED),
        (b"9" * 5000, NOT_A_BASELINE + ": it holds a number with thousands of digits"),
        (b"[" * 100_000, NOT_A_BASELINE + ": it is nested too deeply"),
        (b'{\n  "cjmap-baseline": 1,\n  "findings": [,]\n}',
         "{path}:3:16: this is not a cjmap baseline: this is not valid JSON (expecting value)"),
        (b'{"cjmap-baseline": 1,\n "findings": ["caf\xe9"]}',
         "{path}:2:19: this is not a cjmap baseline: the file is not UTF-8 text: byte 0xE9 at offset 40 cannot be read"),
    ],
    ids=["list", "number", "null", "true", "inf", "no-findings", "findings-number", "entry-number",
         "list-fingerprint", "null-code", "extra-key", "long-number", "deep", "json", "latin-1"],
)
def test_every_malformed_baseline_is_a_usage_error_with_its_place(
    content: bytes, message: str, project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project / "baseline.json"
    path.write_bytes(content)
    code, out, err = run_cli(["validate", str(project), "--baseline", str(path)], capsys, monkeypatch)
    expected = message.format(path=path)
    expected = expected if "hint:" in expected else f"{expected}\n{BASELINE_HINT}"
    assert (code, out, err) == (2, "", f"cjmap: error: {expected}")


# --- measured values -------------------------------------------------------------------


def _report(actuals: str, project: Path) -> tuple[int, str, str]:
    return cjmap(["report", "a.journey.yaml", "--actuals", actuals, "-o", "report.md"], project)


def test_actuals_that_are_a_pipe_a_device_or_a_loop_are_refused_at_once(project: Path) -> None:
    os.mkfifo(project / "pipe.csv")
    (project / "zero.csv").symlink_to("/dev/zero")
    (project / "loop.yaml").symlink_to(project / "loop.yaml")
    refused = "  hint: save the measured values in a file, and give its path to --actuals\n"
    assert _report("pipe.csv", project) == (1, "", f"cjmap: error: cannot read pipe.csv: {PIPE}\n{refused}")
    assert _report("zero.csv", project) == (1, "", f"cjmap: error: cannot read zero.csv: {DEVICE}\n{refused}")
    assert _report("loop.yaml", project) == (
        1, "", f"cjmap: error: cannot read loop.yaml: {LOOP}\n  hint: check the path given to --actuals\n")
    assert not (project / "report.md").exists()
