"""Positions are characters: a finding after accented letters, emoji, a
byte-order mark, CR LF or a lone CR, NEL or U+2028 line breaks, or tabs is
reported at the line and column an editor shows, names the right character,
and the text report puts its caret under that character."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cjmap.loader import load_text
from cjmap.suppressions import find_suppressions

from conftest import CLEAN_JOURNEY, run_cli

BOM = b"\xef\xbb\xbf"
CONTROL_HINT = "is this a binary file? remove the character, or save the file as plain text"


def _findings(raw: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
              *, exit_code: int = 1) -> list[tuple[int, int, str, str]]:
    path = tmp_path / "a.journey.yaml"
    path.write_bytes(raw)
    code, out, _ = run_cli(["validate", str(path), "-f", "json"], capsys, monkeypatch)
    assert code == exit_code
    return [(f["line"], f["column"], f["code"], f["message"]) for f in json.loads(out)["findings"]]


def _not_allowed(kind: str, code: str) -> str:
    return f"the file contains {kind} (U+{code}) that YAML does not allow"


@pytest.mark.parametrize(
    ("raw", "line", "column", "message"),
    [
        ('cjmap: 1\ntitle: "café\x01"\n'.encode(), 2, 13, _not_allowed("a control character", "0001")),
        ("cjmap: 1\nname: ñandú\x07\n".encode(), 2, 12, _not_allowed("a control character", "0007")),
        ("cjmap: 1\ntitle: 😀😀\x01\n".encode(), 2, 10, _not_allowed("a control character", "0001")),
        ("cjmap: 1\ntitle: 日本語\x1b[31m\n".encode(), 2, 11, _not_allowed("a control character", "001B")),
        ('cjmap: 1\ntitle: "a\tb é\x02"\n'.encode(), 2, 14, _not_allowed("a control character", "0002")),
        ("cjmap: 1\r\nid: x\r\ntitle: é\x01\r\n".encode(), 3, 9, _not_allowed("a control character", "0001")),
        ("cjmap: 1\rid: x\rtitle: é\x01\r".encode(), 3, 9, _not_allowed("a control character", "0001")),
        ("cjmap: 1\u2028id: x\x85title: é\x01\n".encode(), 3, 9, _not_allowed("a control character", "0001")),
        (BOM + "title: café\x7f\n".encode(), 1, 12, _not_allowed("a control character", "007F")),
        ("cjmap: 1\ntitle: é\x9b\n".encode(), 2, 9, _not_allowed("a control character", "009B")),
        ('cjmap: 1\ntitle: "é\ufffe"\n'.encode(), 2, 10, _not_allowed("a character", "FFFE")),
        (BOM + b"title: caf\xe9\n", 1, 11, "the file is not UTF-8 text: byte 0xE9 at offset 13 cannot be read"),
        (b"cjmap: 1\rtitle: caf\xe9\r", 2, 11, "the file is not UTF-8 text: byte 0xE9 at offset 19 cannot be read"),
        ("cjmap: 1\ntitle: 😀 ".encode() + b"\xff", 2, 10,
         "the file is not UTF-8 text: byte 0xFF at offset 21 cannot be read"),
    ],
    ids=["accent", "enye", "emoji", "cjk-escape", "tab", "crlf", "cr", "nel-ls", "bom", "c1", "noncharacter",
         "latin-1-bom", "latin-1-cr", "latin-1-emoji"],
)
def test_a_character_that_cannot_be_read_is_placed_and_named_in_characters(
    raw: bytes, line: int, column: int, message: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _findings(raw, tmp_path, capsys, monkeypatch) == [(line, column, "CJ001", message)]


def test_keys_after_wide_letters_are_placed_in_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = CLEAN_JOURNEY.replace("  - id: cx\n", "  - {id: 日本😀é, bogus: 1}\n    # ").replace(
        "owner: cx", "owner: 日本😀é")
    assert [f for f in _findings(text.encode(), tmp_path, capsys, monkeypatch) if f[2] == "CJ003"] == [
        (5, 5, "CJ003", "team '日本😀é' is missing the required key `name`"),
        (5, 16, "CJ003", "unknown key `bogus` in team '日本😀é'"),
    ]


def test_a_syntax_error_names_the_character_after_a_byte_order_mark() -> None:
    problems = load_text("\ufeffa: `x\n").problems
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 4, "the character ``` cannot start a value here")]


# --- suppression comments --------------------------------------------------------------


UNUSED = "CJ101 in `# cjmap: disable=CJ101` silences nothing: there is no CJ101 finding on this line"


@pytest.mark.parametrize(
    ("newline", "title"),
    [("\n", "Clean 😀😀 journey"), ("\r\n", "Café journey"), ("\r", "日本 journey"), ("\n", "Tab\tjourney")],
    ids=["emoji", "crlf", "cr", "tab"],
)
def test_an_unused_suppression_is_reported_at_its_comment_in_characters(
    newline: str, title: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = CLEAN_JOURNEY.replace("title: Clean journey", f"title: {title} # cjmap: disable=CJ101")
    found = _findings(text.replace("\n", newline).encode(), tmp_path, capsys, monkeypatch, exit_code=0)
    assert found == [(3, len(f"title: {title} ") + 1, "CJ116", UNUSED)]


def test_a_directive_inside_a_text_after_emoji_is_no_comment() -> None:
    text = 'title: "😀😀😀😀 # cjmap: disable=CJ101"\nid: x  # cjmap: disable=CJ102\n'
    assert [(s.line, s.column, s.codes) for s in find_suppressions(text)] == [(2, 8, ("CJ102",))]
    # libyaml counts no byte-order mark: a quoted text stays a text after one.
    text = '\ufeffid: "# cjmap: disable=CJ101"  # cjmap: disable=CJ102\n'
    assert [(s.line, s.column, s.codes) for s in find_suppressions(text)] == [(1, 31, ("CJ102",))]


# --- the caret under a finding ------------------------------------------------------------


def _text_report(raw: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                 monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("NO_COLOR", "1")
    path = tmp_path / "a.journey.yaml"
    path.write_bytes(raw)
    code, out, _ = run_cli(["validate", str(path)], capsys, monkeypatch)
    assert code == 1
    return out.splitlines()


def test_the_caret_sits_under_a_control_character_after_wide_letters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _text_report('cjmap: 1\ntitle: "日本😀 café\x01"\n'.encode(), tmp_path, capsys, monkeypatch)
    assert lines[:4] == [
        f"{tmp_path / 'a.journey.yaml'}:2:17 CJ001 error " + _not_allowed("a control character", "0001"),
        f"  hint: {CONTROL_HINT}",
        '  2 | title: "日本😀 café␁"',
        "    |                    ^",
    ]


def test_the_caret_counts_accents_written_apart_as_no_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _text_report('cjmap: 1\ntitle: "cafe\u0301 ﻿\x1b"\n'.encode(), tmp_path, capsys, monkeypatch)
    assert lines[2:4] == [
        '  2 | title: "cafe\u0301 ﻿␛"',
        "    |              ^",
    ]


@pytest.mark.parametrize("refused", ["\x0c", "\x0b", "\x1c", "\x1e"])
def test_the_line_shown_is_the_whole_line_yaml_counts(
    refused: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # These characters end a line for Python's splitlines, but not for YAML.
    lines = _text_report(f'cjmap: 1\ntitle: "a{refused}b c"\n'.encode(), tmp_path, capsys, monkeypatch)
    assert lines[2:4] == [
        f'  2 | title: "a{chr(0x2400 + ord(refused))}b c"',
        "    |          ^",
    ]
