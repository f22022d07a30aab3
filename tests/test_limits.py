"""Every limit and every bad path: one clear finding or line, the documented
exit code, and a configurable default."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cjmap import config, files
from cjmap.limits import DEFAULT_LIMITS

from conftest import CLEAN_JOURNEY, run_cli


def _validate(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
              ) -> tuple[int, list[tuple[str, str, int, int, str]], str]:
    code, out, err = run_cli(["validate", "-f", "json", *args], capsys, monkeypatch)
    findings = [(Path(f["file"]).name, f["code"], f["line"], f["column"], f["message"])
                for f in json.loads(out)["findings"]]
    return code, findings, err


def test_the_documented_defaults() -> None:
    assert (DEFAULT_LIMITS.max_file_bytes, DEFAULT_LIMITS.max_depth, DEFAULT_LIMITS.max_alias_nodes) == (
        10 * 1024 * 1024, 64, 10_000)
    assert config.FINDINGS_PER_FILE == 100
    assert "file-size = 10485760" in config.__doc__ and "findings-per-file = 100" in config.__doc__


@pytest.mark.parametrize(
    ("limit", "text", "expected"),
    [
        ("file-size = 50", CLEAN_JOURNEY, ("CJ001", 1, 1, "the file is too large: more than 50 bytes")),
        ("nesting-depth = 3", "cjmap: 1\nstages:\n  - {id: a, name: [b]}\n",
         ("CJ001", 3, 19, "the YAML is nested more than 3 levels deep")),
        ("alias-values = 2", "cjmap: 1\nx: &x [1, 2]\ny: *x\n",
         ("CJ001", 3, 4, "aliases expand to more than 2 values")),
    ],
)
def test_parsing_limits_are_configurable(
    limit: str, text: str, expected: tuple[str, int, int, str], tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cjmap.toml").write_text(f"[limits]\n{limit}\n")
    (tmp_path / "a.journey.yaml").write_text(text)
    code, findings, _ = _validate([str(tmp_path)], capsys, monkeypatch)
    assert code == 1
    assert findings == [("a.journey.yaml", *expected)]


def test_a_huge_file_is_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.journey.yaml"
    path.write_bytes(b"# " + b"x" * 5_000_000 + b"\n")
    source = files.Source(str(path), str(path))
    assert len(source.read(1000)) == 1001


def test_findings_printed_per_file_are_capped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unknown = "".join(f"extra{i}: 1\n" for i in range(150))
    path = tmp_path / "a.journey.yaml"
    path.write_text(CLEAN_JOURNEY + unknown)
    code, out, _ = run_cli(["validate", str(path), "-q"], capsys, monkeypatch)
    lines = out.splitlines()
    assert code == 1 and len(lines) == 101
    assert lines[-1] == f"{path}: … and 50 more findings in this file (--max-findings 0 shows them all)"
    assert len(run_cli(["validate", str(path), "-q", "--max-findings", "0"], capsys, monkeypatch)[1].splitlines()) == 150
    assert len(run_cli(["validate", str(path), "-q", "--max-findings", "3"], capsys, monkeypatch)[1].splitlines()) == 4
    (tmp_path / ".git").mkdir()
    (tmp_path / "cjmap.toml").write_text("[limits]\nfindings-per-file = 10\n")
    assert len(run_cli(["validate", str(path), "-q"], capsys, monkeypatch)[1].splitlines()) == 11
    # Machine formats list every finding.
    assert len(_validate([str(path)], capsys, monkeypatch)[1]) == 150


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[limits]\nfile-sise = 1\n", "unknown key `limits.file-sise`; did you mean `file-size`?"),
        ("[limits]\nnesting-depth = 0\n", "`limits.nesting-depth` must be a whole number of levels, at least 1"),
        ('[limits]\nfile-size = "10MB"\n', "`limits.file-size` must be a whole number of bytes, at least 1"),
    ],
)
def test_limit_mistakes_are_usage_errors(
    text: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cjmap.toml").write_text(text)
    (tmp_path / "a.journey.yaml").write_text(CLEAN_JOURNEY)
    code, out, err = run_cli(["validate", str(tmp_path)], capsys, monkeypatch)
    assert (code, out) == (2, "") and message in err


def test_bad_paths_each_get_one_clear_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "binary.journey.yaml").write_bytes(bytes(range(256)))
    (tmp_path / "empty.journey.yaml").write_bytes(b"")
    (tmp_path / "broken-link.journey.yaml").symlink_to(tmp_path / "nowhere")
    os.mkfifo(tmp_path / "pipe.journey.yaml")
    (tmp_path / "device.journey.yaml").symlink_to("/dev/zero")
    (tmp_path / "self.journey.yaml").symlink_to(tmp_path / "self.journey.yaml")
    (tmp_path / "ping.journey.yaml").symlink_to(tmp_path / "pong.journey.yaml")
    (tmp_path / "pong.journey.yaml").symlink_to(tmp_path / "ping.journey.yaml")
    code, findings, _ = _validate([str(tmp_path)], capsys, monkeypatch)
    assert code == 1
    assert [(name, code_, line, message.split(":")[0]) for name, code_, line, _, message in findings] == [
        ("binary.journey.yaml", "CJ001", 3, "the file is not UTF-8 text"),  # after LF, then CR
        ("broken-link.journey.yaml", "CJ001", 1, "cannot read the file"),
        ("device.journey.yaml", "CJ001", 1, "cannot read the file"),
        ("empty.journey.yaml", "CJ003", 1, "the file holds no journey"),
        ("ping.journey.yaml", "CJ001", 1, "cannot read the file"),
        ("pipe.journey.yaml", "CJ001", 1, "cannot read the file"),
        ("pong.journey.yaml", "CJ001", 1, "cannot read the file"),
        ("self.journey.yaml", "CJ001", 1, "cannot read the file"),
    ]
    messages = {name: message.removeprefix("cannot read the file: ") for name, _, _, _, message in findings}
    loop = "the file is a symbolic link that leads back to itself (a loop of links)"
    assert messages == {
        "binary.journey.yaml": messages["binary.journey.yaml"],
        "broken-link.journey.yaml": "the file is a link to nothing (a broken symbolic link)",
        "device.journey.yaml": "this is a device, not a regular file",
        "empty.journey.yaml": messages["empty.journey.yaml"],
        "ping.journey.yaml": loop,
        "pipe.journey.yaml": "this is a named pipe (a FIFO), not a regular file",
        "pong.journey.yaml": loop,
        "self.journey.yaml": loop,
    }


def test_an_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.journey.yaml"
    path.write_text(CLEAN_JOURNEY)
    real_open = os.open

    def no_permission(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", no_permission)  # the tests may run as root, who may read anything
    code, findings, _ = _validate([str(path)], capsys, monkeypatch)
    assert (code, findings) == (1, [("secret.journey.yaml", "CJ001", 1, 1,
                                     "cannot read the file: permission denied: you may not read this file")])


def test_a_folder_link_that_loops_is_skipped_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "a.journey.yaml").write_text(CLEAN_JOURNEY)
    (tmp_path / "team" / "loop").symlink_to(tmp_path)
    (tmp_path / "shared").symlink_to(tmp_path / "team")  # a second way to one folder: searched once
    code, out, err = run_cli(["validate", str(tmp_path), "-f", "json"], capsys, monkeypatch)
    assert code == 0
    assert json.loads(out)["summary"]["files"] == 1
    assert err.count("cjmap: warning: skipped ") == 2
    assert f"skipped {tmp_path / 'shared'}: this folder link leads to a folder already searched" in err
    assert f"skipped {tmp_path / 'team' / 'loop'}: this folder link leads back to a folder it is in (a loop)" in err


def test_a_folder_named_like_a_journey_is_searched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "odd.journey.yaml"
    folder.mkdir()
    (folder / "a.journey.yaml").write_text(CLEAN_JOURNEY)
    code, out, _ = run_cli(["validate", str(folder), "-f", "json"], capsys, monkeypatch)
    assert (code, json.loads(out)["summary"]["files"]) == (0, 1)
