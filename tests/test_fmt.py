"""`cjmap fmt`: the canonical style, comments kept, meaning kept, files kept safe.

Golden files: tests/golden/fmt/NAME.yaml is what fmt makes of
tests/fixtures/fmt/NAME.yaml (CJMAP_UPDATE_GOLDEN=1 rewrites them).
"""

from __future__ import annotations

import os
import re
import stat
from collections import Counter
from pathlib import Path

import fuzzing
import pytest
from conftest import CLEAN_JOURNEY, EXAMPLES, ROOT, run_cli
from hypothesis import given
from test_fuzz import fuzz

from cjmap.engine import CheckOptions, check_bytes
from cjmap.fmt import emit as emit_module
from cjmap.fmt.format import FormatBug, comments, format_text, same_data
from cjmap.fmt.scalars import double_quoted, plain_is_safe
from cjmap.fmt.tree import read
from cjmap.loader import decode, load_text

FIXTURES = ROOT / "tests" / "fixtures" / "fmt"
GOLDEN = ROOT / "tests" / "golden" / "fmt"
UPDATE = os.environ.get("CJMAP_UPDATE_GOLDEN") == "1"

# Every journey-shaped file the project holds that parses: fmt must keep each one's meaning.
PARSEABLE = sorted(
    [
        *EXAMPLES.glob("*.journey.yaml"),
        *(EXAMPLES / "broken").glob("*.yaml"),
        *(ROOT / "tests" / "fixtures").rglob("*.yaml"),
        *(ROOT / "src" / "cjmap" / "templates").glob("*.yaml"),
        *GOLDEN.glob("*.yaml"),
    ]
)
NOT_PARSEABLE = {"bad-indentation.yaml", "duplicate-key.yaml"}


def _findings(text: str) -> Counter[tuple[str, str]]:
    """What validate says of a text, wherever it says it."""
    result = check_bytes("j.yaml", text.encode("utf-8"), CheckOptions())
    return Counter((f.code, re.sub(r"line \d+", "line N", f.message)) for f in result.findings)


# --- the canonical style -------------------------------------------------------------


@pytest.mark.parametrize("name", ["messy.yaml", "edge.yaml", "anchors.yaml", "blocks.yaml"])
def test_fixture_is_formatted_as_the_golden_file(name: str) -> None:
    formatted, problems = format_text((FIXTURES / name).read_text(encoding="utf-8"))
    assert problems == []
    if UPDATE:
        (GOLDEN / name).write_text(formatted, encoding="utf-8")
    assert formatted == (GOLDEN / name).read_text(encoding="utf-8")


def test_keys_follow_the_order_of_the_format() -> None:
    text = (
        "stages:\n"
        "  - needs: [n]\n"
        "    name: S\n"
        "    id: s\n"
        "    objectives:\n"
        "      - {owner: cx, due: 2027-01-01, direction: increase, baseline: 1, unit: '%', target: 2,"
        " metric: m, statement: S, id: o}\n"
        "    actions:\n"
        "      - {status: done, segments: [], owner: cx, touchpoint: t, type: content, title: T, id: a}\n"
        "title: T\n"
        "colour: blue\n"
        "id: j\n"
        "cjmap: 1\n"
    )
    assert format_text(text)[0] == (
        "cjmap: 1\n"
        "id: j\n"
        "title: T\n"
        "stages:\n"
        "  - id: s\n"
        "    name: S\n"
        "    needs: [n]\n"
        "    objectives:\n"
        "      - id: o\n"
        "        statement: S\n"
        "        metric: m\n"
        "        target: 2\n"
        "        unit: \"%\"\n"
        "        baseline: 1\n"
        "        direction: increase\n"
        "        due: 2027-01-01\n"
        "        owner: cx\n"
        "    actions:\n"
        "      - id: a\n"
        "        title: T\n"
        "        type: content\n"
        "        touchpoint: t\n"
        "        owner: cx\n"
        "        segments: []\n"
        "        status: done\n"
        "colour: blue\n"  # unknown keys keep their place after the known ones
    )


def test_blueprint_keys_follow_the_order_of_the_format() -> None:
    text = (
        "cjmap: 1\n"
        "id: j\n"
        "title: T\n"
        "stages:\n"
        "  - links: [k]\n"
        "    support:\n"
        "      - {segments: [g], duration: 1 h, system: CRM, touchpoint: t, owner: cx, text: Files}\n"
        "    backstage: [Checks]\n"
        "    frontstage: [Greets]\n"
        "    evidence: [Receipt]\n"
        "    feedback: [{text: Fine}]\n"
        "    steps:\n"
        "      - {links: [k], moment_of_truth: true, wait: 2 d, duration: 10 min, segments: [g],"
        " score: 1, touchpoint: t, text: Pays}\n"
        "    name: S\n"
        "    id: s\n"
    )
    assert format_text(text)[0] == (
        "cjmap: 1\n"
        "id: j\n"
        "title: T\n"
        "stages:\n"
        "  - id: s\n"
        "    name: S\n"
        "    steps:\n"
        "      - text: Pays\n"
        "        touchpoint: t\n"
        "        score: 1\n"
        "        segments: [g]\n"
        "        duration: 10 min\n"
        "        wait: 2 d\n"
        "        moment_of_truth: true\n"
        "        links: [k]\n"
        "    feedback:\n"
        "      - text: Fine\n"
        "    evidence: [Receipt]\n"
        "    frontstage: [Greets]\n"
        "    backstage: [Checks]\n"
        "    support:\n"
        "      - text: Files\n"
        "        owner: cx\n"
        "        touchpoint: t\n"
        "        system: CRM\n"
        "        duration: 1 h\n"
        "        segments: [g]\n"
        "    links: [k]\n"
    )


def test_short_scalar_lists_go_inline_and_long_ones_one_item_a_line() -> None:
    text = (
        "tags:\n  - a\n  - b\n"
        "goals: [Get paid into an account with no monthly fee, Save]\n"
        "wide: [" + ", ".join(f"word{n}" for n in range(20)) + "]\n"
        "mixed: [a, {b: c}]\n"
        "empty:\n  -\n  - a\n"
    )
    assert format_text(text)[0] == (
        "tags: [a, b]\n"
        "goals:\n  - Get paid into an account with no monthly fee\n  - Save\n"
        "wide:\n" + "".join(f"  - word{n}\n" for n in range(20)) +
        "mixed:\n  - a\n  - b: c\n"
        "empty:\n  -\n  - a\n"  # `[, a]` is not YAML
    )


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('"Plain words"', "Plain words"),
        ("'single'", "single"),
        ('"yes"', '"yes"'),
        ('"Off"', '"Off"'),
        ('"42"', '"42"'),
        ('"3.5"', '"3.5"'),
        ('"null"', '"null"'),
        ('"true"', '"true"'),
        ('"1:20"', '"1:20"'),
        ('"a: b"', '"a: b"'),
        ('"a #b"', '"a #b"'),
        ('"#a"', '"#a"'),
        ('"*star"', '"*star"'),
        ('"-x"', "-x"),
        ('"- x"', '"- x"'),
        ('" lead"', '" lead"'),
        ('"ends:"', '"ends:"'),
        ('"it\'s"', "it's"),
        ('"tab\\there"', '"tab\\there"'),
        ('"new\\nline"', '"new\\nline"'),
        ('"bell\\a"', '"bell\\x07"'),
        ('"café"', "café"),
        ('"2025-09-30"', "2025-09-30"),
        ("0o17", "0o17"),
        ("1.5e3", "1.5e3"),
        ("~", "~"),
        ("", ""),
    ],
)
def test_quotes_only_where_needed(value: str, written: str) -> None:
    formatted = format_text(f"key: {value}\n")[0]
    assert formatted == f"key: {written}\n".replace("key: \n", "key:\n")


@pytest.mark.parametrize("text", ["a, b", "x]", "{y", "k:v", "Why now?"])
def test_an_inline_list_quotes_what_flow_style_would_misread(text: str) -> None:
    assert not plain_is_safe(text, flow=True)
    assert format_text(f"list:\n  - '{text}'\n  - b\n")[0] == f'list: ["{text}", b]\n'


@pytest.mark.parametrize("value", ["a\"b\\c", "\x00\x1b\x85\u2028\u2029\ufeff", "😀 €", "\t"])
def test_double_quoted_text_reads_back_as_itself(value: str) -> None:
    assert load_text(f"k: {double_quoted(value)}\n").data == {"k": value}


# --- comments --------------------------------------------------------------------------


def test_comments_travel_with_their_keys_and_suppressions_keep_working() -> None:
    text = (
        "# yaml-language-server: $schema=cjmap.schema.json\n"
        + CLEAN_JOURNEY.replace("cjmap: 1\nid: clean\n", "id: clean  # the journey's id\n# version\ncjmap: 1\n")
        .replace(
            "  - id: stay\n    name: Stay\n    phase: loyalty\n    needs: [Get help]\n",
            "  # cjmap: disable=CJ101\n  - name: Stay  # the last stage\n    phase: loyalty\n    id: stay\n",
        )
    )
    formatted = format_text(text)[0]
    assert formatted.startswith(
        "# yaml-language-server: $schema=cjmap.schema.json\n"
        "# version\n"
        "cjmap: 1\n"
        "id: clean  # the journey's id\n"
    )
    assert (
        "  # cjmap: disable=CJ101\n"
        "  - id: stay  # the last stage\n"
        "    name: Stay\n"
        "    phase: loyalty\n"
    ) in formatted
    assert _findings(text) == _findings(formatted) == Counter()


def test_comments_closing_a_block_stay_in_it() -> None:
    text = (
        "stages:\n"
        "  - id: a\n"
        "    needs:\n"
        "      - x\n"
        "    # needs of other segments: to do\n"
        "\n"
        "  - id: b\n"
        "# the end\n"
    )
    assert format_text(text)[0] == (
        "stages:\n"
        "  - id: a\n"
        "    needs: [x]\n"
        "    # needs of other segments: to do\n"
        "\n"
        "  - id: b\n"
        "# the end\n"
    )


def test_an_item_with_a_commented_entry_is_not_put_inline() -> None:
    assert format_text("tags:\n  - a  # first\n  - b\n")[0] == "tags:\n  - a  # first\n  - b\n"


@pytest.mark.parametrize(
    ("text", "formatted"),
    [
        ("?\n", '"":\n'),  # an empty key is an empty text
        ("a: [[]]\n", "a:\n  - []\n"),
        ("a: [~, b]\n", "a: [~, b]\n"),
        ("a:\n  -\n  - b\n", "a:\n  -\n  - b\n"),  # `[, b]` would not be YAML
        ("a: &x [1]\nb: *x\n", "a: &x [1]\nb: *x\n"),
        ("a: !!str 1\n", "a: !!str 1\n"),
        ("q: ['Why now?']\n", 'q: ["Why now?"]\n'),  # libyaml ends a text at `?` inside [ ]
        ("a: 1\r# c\rb: 2\r", "a: 1\n# c\nb: 2\n"),  # a lone CR is a line break
        ("a: 1  # c\u2028# d\nb: 2\n", "a: 1  # c\n# d\nb: 2\n"),  # and so is U+2028
        ("\ufeffa: 1\n", "a: 1\n"),
    ],
)
def test_corner_cases_of_yaml(text: str, formatted: str) -> None:
    assert format_text(text) == (formatted, [])


def test_blank_lines_are_kept_one_at_most() -> None:
    assert format_text("\n\na: 1\n\n\n\nb: 2\n\n\n")[0] == "a: 1\n\nb: 2\n"


# --- meaning -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PARSEABLE, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_keeps_its_meaning_and_comments_and_formats_once(path: Path) -> None:
    text, _ = decode(path.read_bytes())
    assert text is not None
    formatted, problems = format_text(text)
    if path.name in NOT_PARSEABLE:
        assert formatted == text and problems[0].code in ("CJ001", "CJ002")
        return
    assert problems == []
    assert same_data(load_text(text).data, load_text(formatted).data)
    assert comments(read(text.replace("\r\n", "\n"))) == comments(read(formatted))
    assert _findings(text) == _findings(formatted)
    assert format_text(formatted) == (formatted, [])


def test_same_data_tells_types_apart() -> None:
    assert same_data({"a": [1, "x"]}, {"a": [1, "x"]})
    assert not same_data(1, 1.0)
    assert not same_data(1, True)
    assert not same_data({"a": 1}, {"b": 1})
    assert same_data(float("nan"), float("nan"))


@fuzz(150)
@given(raw=fuzzing.documents())
def test_fmt_never_changes_what_a_document_means(raw: bytes) -> None:
    text, problem = decode(raw)
    if problem is not None or text is None:
        return
    formatted, problems = format_text(text)  # a FormatBug here is a failure
    if problems:
        assert formatted == text
        return
    assert same_data(load_text(text).data, load_text(formatted).data)
    assert format_text(formatted) == (formatted, [])
    assert _findings(text) == _findings(formatted)  # suppressions still silence what they did


def test_a_formatting_that_would_lose_a_comment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emit_module._Writer, "comments", lambda self, lines, indent: None)
    with pytest.raises(FormatBug, match="lose or split a comment"):
        format_text("a: 1\n# note\nb: 2\n")


# --- the command ---------------------------------------------------------------------------


@pytest.fixture
def messy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "messy.journey.yaml"
    path.write_bytes((FIXTURES / "messy.yaml").read_bytes())
    return path


def test_fmt_rewrites_the_file_and_says_so(messy: Path, capsys, monkeypatch) -> None:
    code, out, err = run_cli(["fmt", "messy.journey.yaml"], capsys, monkeypatch)
    assert (code, out, err) == (0, "", "cjmap: formatted messy.journey.yaml\n")
    assert messy.read_bytes() == (GOLDEN / "messy.yaml").read_bytes()
    code, out, err = run_cli(["fmt"], capsys, monkeypatch)
    assert (code, out, err) == (0, "", "cjmap: 1 journey already formatted\n")


def test_check_names_the_files_that_would_change_and_writes_nothing(messy: Path, capsys, monkeypatch) -> None:
    tidy = messy.parent / "tidy.journey.yaml"
    tidy.write_bytes((GOLDEN / "messy.yaml").read_bytes())
    before = messy.read_bytes()
    code, out, err = run_cli(["fmt", "--check", "."], capsys, monkeypatch)
    assert (code, out) == (1, "")
    assert err == (
        "cjmap: would reformat ./messy.journey.yaml\n"
        "cjmap: 1 journey would be reformatted, 1 journey already formatted\n"
    )
    assert messy.read_bytes() == before
    code, out, err = run_cli(["fmt", "--check", "tidy.journey.yaml"], capsys, monkeypatch)
    assert (code, out, err) == (0, "", "cjmap: 1 journey already formatted\n")


def test_diff_prints_a_unified_diff_and_writes_nothing(messy: Path, capsys, monkeypatch) -> None:
    before = messy.read_bytes()
    code, out, err = run_cli(["fmt", "--diff", "messy.journey.yaml"], capsys, monkeypatch)
    assert code == 0
    assert err == "cjmap: would reformat messy.journey.yaml\n"
    assert messy.read_bytes() == before
    lines = out.splitlines()
    assert lines[:2] == ["--- messy.journey.yaml", "+++ messy.journey.yaml (formatted)"]
    assert "-title: \"Messy journey\"   # quotes it does not need" in lines
    assert "+title: Messy journey  # quotes it does not need" in lines
    assert run_cli(["fmt", "--diff", "--check", "messy.journey.yaml"], capsys, monkeypatch)[0] == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"cjmap: 1\nid: [x\n", "CJ001"),
        (b"cjmap: 1\ncjmap: 1\n", "CJ002"),
        ("title: caf\xe9\n".encode("latin-1"), "CJ001"),
    ],
)
def test_a_file_that_does_not_parse_is_not_touched(
    tmp_path: Path, capsys, monkeypatch, content: bytes, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "bad.journey.yaml"
    path.write_bytes(content)
    mtime = path.stat().st_mtime_ns
    code, out, err = run_cli(["fmt", "bad.journey.yaml"], capsys, monkeypatch)
    assert (code, out) == (1, "")
    assert re.match(rf"bad\.journey\.yaml:\d+:\d+ {expected} error ", err)
    assert err.endswith("cjmap: not formatted, fix the errors first: bad.journey.yaml\n")
    assert "Traceback" not in err
    assert path.read_bytes() == content and path.stat().st_mtime_ns == mtime


def test_a_file_that_is_formatted_already_is_not_written(messy: Path, capsys, monkeypatch) -> None:
    messy.write_bytes((GOLDEN / "messy.yaml").read_bytes())
    inode, mtime = messy.stat().st_ino, messy.stat().st_mtime_ns
    assert run_cli(["fmt", "messy.journey.yaml"], capsys, monkeypatch)[0] == 0
    assert (messy.stat().st_ino, messy.stat().st_mtime_ns) == (inode, mtime)


def test_line_endings_byte_order_mark_and_permissions_are_kept(messy: Path, capsys, monkeypatch) -> None:
    text = (FIXTURES / "messy.yaml").read_text(encoding="utf-8")
    messy.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    messy.chmod(0o640)
    assert run_cli(["fmt", "messy.journey.yaml"], capsys, monkeypatch)[0] == 0
    golden = (GOLDEN / "messy.yaml").read_text(encoding="utf-8")
    assert messy.read_bytes() == b"\xef\xbb\xbf" + golden.replace("\n", "\r\n").encode("utf-8")
    assert stat.S_IMODE(messy.stat().st_mode) == 0o640


def test_a_symbolic_link_stays_a_link_to_the_formatted_file(messy: Path, capsys, monkeypatch) -> None:
    link = messy.parent / "link.journey.yaml"
    link.symlink_to(messy.name)
    assert run_cli(["fmt", "link.journey.yaml"], capsys, monkeypatch)[0] == 0
    assert link.is_symlink()
    assert messy.read_bytes() == (GOLDEN / "messy.yaml").read_bytes()


def test_standard_input_is_formatted_to_standard_output(capsys, monkeypatch) -> None:
    messy_text = (FIXTURES / "messy.yaml").read_text(encoding="utf-8")
    code, out, err = run_cli(["fmt", "-"], capsys, monkeypatch, stdin=messy_text)
    assert (code, out, err) == (0, (GOLDEN / "messy.yaml").read_text(encoding="utf-8"), "")
    code, out, err = run_cli(["fmt", "--check", "-"], capsys, monkeypatch, stdin=messy_text)
    assert (code, out, err) == (
        1, "", "cjmap: would reformat <stdin>\n"
    )


def test_folders_skip_what_the_configuration_excludes(messy: Path, capsys, monkeypatch) -> None:
    (messy.parent / "cjmap.toml").write_text('exclude = ["drafts/**"]\n', encoding="utf-8")
    (messy.parent / "drafts").mkdir()
    draft = messy.parent / "drafts" / "d.journey.yaml"
    draft.write_bytes(messy.read_bytes())
    code, _, err = run_cli(["fmt", "--check", "."], capsys, monkeypatch)
    assert code == 1
    assert "would reformat ./messy.journey.yaml\n" in err and "drafts" not in err


def test_no_journeys_found_is_a_warning(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["fmt"], capsys, monkeypatch)
    assert (code, out) == (0, "")
    assert err.startswith("cjmap: warning: no journey files found in .\n")


def test_a_missing_path_is_a_usage_error(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["fmt", "nowhere.journey.yaml"], capsys, monkeypatch)
    assert code == 2
    assert err.startswith("cjmap: error: path not found: nowhere.journey.yaml\n")


def test_a_bug_in_formatting_leaves_the_file_and_exits_3(messy: Path, capsys, monkeypatch) -> None:
    before = messy.read_bytes()
    monkeypatch.setattr(emit_module._Writer, "comments", lambda self, lines, indent: None)
    code, out, err = run_cli(["fmt", "messy.journey.yaml"], capsys, monkeypatch)
    assert (code, out) == (3, "")
    assert err.startswith(
        "cjmap: error: messy.journey.yaml: formatting would lose or split a comment; the file was left unchanged\n"
    )
    assert messy.read_bytes() == before


def test_the_examples_and_new_journeys_are_formatted_already(tmp_path: Path, capsys, monkeypatch) -> None:
    code, _, err = run_cli(["fmt", "--check", str(EXAMPLES)], capsys, monkeypatch)
    assert code == 0, err
    monkeypatch.chdir(tmp_path)
    for template in ("blank", "retail", "banking", "saas"):
        for language in ("en", "es", "ca"):
            name = f"{template}-{language}.journey.yaml"
            run_cli(["init", name, "--template", template, "--lang", language], capsys, monkeypatch)
    code, _, err = run_cli(["fmt", "--check", "."], capsys, monkeypatch)
    assert (code, err) == (0, "cjmap: 12 journeys already formatted\n")


def test_fmt_is_listed_in_the_help(capsys, monkeypatch) -> None:
    code, out, _ = run_cli(["fmt", "--help"], capsys, monkeypatch)
    assert code == 0
    assert "Rewrite journeys and catalogs in one canonical style, keeping every comment." in out
    assert "--check" in out and "--diff" in out and "--stdin-filename" in out


def test_the_name_of_a_file_fmt_changes_is_shown_never_obeyed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    name = "x\x1b]0;pwn\x07.journey.yaml"
    Path(name).write_text(CLEAN_JOURNEY.replace("title: Clean journey", "title:    Clean journey"))
    code, _, err = run_cli(["fmt", "--check", "."], capsys, monkeypatch)
    assert code == 1
    assert "\x1b" not in err and "\x07" not in err
    assert "cjmap: would reformat ./x\\x1b]0;pwn\\x07.journey.yaml\n" in err
