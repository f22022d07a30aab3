"""The loader: YAML 1.2 values, positions, and every hostile input refused
with a CJ001/CJ002 problem at the right place, quickly and without a crash."""

from __future__ import annotations

import math
from pathlib import Path
import tracemalloc

import pytest

from cjmap.limits import Limits
from cjmap.loader import load_bytes, load_text


def problems(text: str) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.column) for p in load_text(text).problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("1:20", "1:20"),
        ("0o17", 15),
        ("017", 17),
        ("0x1F", 31),
        ("-12", -12),
        ("+3", 3),
        ("3.5", 3.5),
        ("1e3", 1000.0),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("'yes'", "yes"),
        ('"12"', "12"),
        ("2027-03-31", "2027-03-31"),
        ("1_000", "1_000"),
        ("!!str 12", "12"),
        ("!!float 3", 3),
        ("3%", "3%"),
    ],
)
def test_scalars_have_their_yaml_1_2_meaning(text: str, expected: object) -> None:
    doc = load_text(f"value: {text}\n")
    assert doc.problems == []
    value = doc.data["value"]
    assert value == expected
    assert type(value) is type(expected)


def test_nan_is_a_float() -> None:
    assert math.isnan(load_text("v: .nan\n").data["v"])


def test_positions_of_values_and_keys_are_one_based() -> None:
    doc = load_text("a: 1\nlist:\n  - id: x\n    name: é😀 y\n  - [1, 2]\n")
    values, keys = doc.positions.values, doc.positions.keys
    assert values[("a",)] == (1, 4)
    assert keys[("a",)] == (1, 1)
    assert values[("list", 0)] == (3, 5)
    assert keys[("list", 0, "name")] == (4, 5)
    assert values[("list", 0, "name")] == (4, 11)
    assert values[("list", 1, 1)] == (5, 9)


def test_position_of_a_missing_path_falls_back_to_its_closest_ancestor() -> None:
    doc = load_text("a:\n  b: &x {c: 1}\n  d: *x\n")
    assert doc.data == {"a": {"b": {"c": 1}, "d": {"c": 1}}}
    assert doc.positions.value(("a", "d", "c")) == (3, 6)  # the alias
    assert doc.positions.key(("a", "nope")) == (2, 3)


def test_bom_and_crlf_are_accepted() -> None:
    doc = load_bytes("\ufeffa: 1\r\nb: 'é'\r\n".encode())
    assert doc.problems == []
    assert doc.data == {"a": 1, "b": "é"}
    assert doc.positions.values[("b",)] == (2, 4)


def test_latin1_bytes_are_cj001_with_line_column_and_offset() -> None:
    doc = load_bytes("a: 1\ntitle: Caf\xe9\n".encode("latin-1"))
    [problem] = doc.problems
    assert (problem.code, problem.line, problem.column) == ("CJ001", 2, 11)
    assert "offset 15" in problem.message
    assert "UTF-8" in problem.hint


def test_duplicate_key_is_cj002_at_the_second_and_names_the_first() -> None:
    doc = load_text("id: a\ntitle: x\nnested:\n  k: 1\n  k: [2, 3]\ntitle: y\n")
    assert [(p.code, p.line, p.column) for p in doc.problems] == [
        ("CJ002", 5, 3),
        ("CJ002", 6, 1),
    ]
    assert doc.problems[1].message == "duplicate key `title` (first at line 2)"
    assert doc.data == {"id": "a", "title": "x", "nested": {"k": 1}}
    assert doc.parsed


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("a: [1, 2\nb: 3\n", 2, 2, "a list opened with `[` is not closed with `]` (it opens at line 1, column 4)"),
        ("a: {x: 1\n", 2, 1, "a mapping opened with `{` is not closed with `}` (it opens at line 1, column 4)"),
        ("a: b: c\n", 1, 5, "a colon followed by a space is not allowed here"),
        ("a:\n\tb: 1\n", 2, 1, "a tab is used for indentation"),
        ("a: 'open\n", 2, 1, "the file ends inside a quoted text"),
        ("- a\nb: c\n", 2, 1, "this line is not indented like the lines above it"),
        ("a:\n  b: 1\n c: 2\n", 3, 2, "this line is not indented like the lines above it"),
        ("a: 1\n---\nb: 2\n", 2, 1, "the file holds more than one YAML document (a second `---`)"),
        ("a: *nope\n", 1, 4, "the alias `*nope` refers to no anchor `&nope` defined before it"),
        ("a: &x [*x]\n", 1, 8, "the alias `*x` refers to no anchor `&x` defined before it"),
        ("[a]: 1\n", 1, 1, "a key must be a plain word, not a list, a mapping or an alias"),
        ("a: @x\n", 1, 4, "the character `@` cannot start a value here"),
        ("a: 1\nb: b\x00\n", 2, 5, "the file contains a control character (U+0000) that YAML does not allow"),
    ],
)
def test_syntax_errors_are_cj001_in_plain_words(
    text: str, line: int, column: int, message: str
) -> None:
    doc = load_text(text)
    [problem] = doc.problems
    assert (problem.code, problem.line, problem.column, problem.message) == (
        "CJ001", line, column, message,
    )
    assert problem.hint
    assert not doc.parsed


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object:os.system echo\n",
        "a: !!python/object/apply:os.system [echo]\n",
        "a: !custom x\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x}\n",
    ],
)
def test_object_constructing_tags_are_refused(text: str) -> None:
    [problem] = load_text(text).problems
    assert (problem.code, problem.line, problem.column) == ("CJ001", 1, 4)
    assert "is not allowed" in problem.message


def test_a_tag_that_does_not_fit_its_value_is_refused() -> None:
    [problem] = load_text("a: !!int abc\n").problems
    assert problem.message == "`abc` does not fit the tag `!!int`"


def test_billion_laughs_is_refused_fast_with_little_memory() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    tracemalloc.start()
    doc = load_text("\n".join(lines) + "\n")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    [problem] = doc.problems
    assert problem.code == "CJ001"
    assert problem.message == "aliases expand to more than 10,000 values"
    assert problem.line == 5
    assert peak < 20_000_000


def test_50000_nested_brackets_are_refused_without_recursion() -> None:
    doc = load_text("[" * 50_000 + "]" * 50_000)
    [problem] = doc.problems
    assert (problem.code, problem.line, problem.column) == ("CJ001", 1, 65)
    assert problem.message == "the YAML is nested more than 64 levels deep"


def test_deep_block_nesting_is_refused() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "v\n"
    [problem] = load_text(text).problems
    assert problem.message == "the YAML is nested more than 64 levels deep"


def test_limits_are_configurable() -> None:
    limits = Limits(max_file_bytes=10, max_depth=2, max_alias_nodes=1)
    [big] = load_bytes(b"title: a long title\n", limits=limits).problems
    assert big.message == "the file is too large: more than 10 bytes"
    [deep] = load_text("a: {b: {c: 1}}\n", limits=limits).problems
    assert deep.message == "the YAML is nested more than 2 levels deep"
    [alias] = load_text("a: &x [1]\nb: *x\n", limits=limits).problems
    assert alias.message == "aliases expand to more than 1 values"


def test_empty_and_comment_only_files_hold_no_document() -> None:
    for text in ("", "# nothing yet\n", "\n\n"):
        doc = load_text(text)
        assert doc.problems == []
        assert doc.data is None


def test_a_duplicate_key_value_is_skipped_whole() -> None:
    doc = load_text("a: {x: [1, {y: 2}]}\nb: 1\na: {x: [3, {y: 4}], z: 5}\nc: 2\n")
    assert doc.data == {"a": {"x": [1, {"y": 2}]}, "b": 1, "c": 2}
    assert [p.code for p in doc.problems] == ["CJ002"]


def test_without_libyamls_c_parser_cjmap_says_what_to_install(tmp_path: Path) -> None:
    """A Python where ruamel.yaml.clib cannot load: one message and a hint, exit 2."""
    import subprocess
    import sys

    journey = tmp_path / "a.journey.yaml"
    journey.write_text("cjmap: 1\n")
    for command in ("validate", "fmt"):
        script = (
            "import sys\n"
            "sys.modules['_ruamel_yaml'] = None  # what an extension module that cannot load looks like\n"
            f"sys.argv = ['cjmap', {command!r}, {str(journey)!r}]\n"
            "from cjmap.entry import main\n"
            "main()\n"
        )
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(
            "cjmap: error: cjmap needs libyaml's C parser (the ruamel.yaml.clib package), "
            "and this Python cannot load it\n  hint: reinstall it:"
        )
        assert "Traceback" not in done.stderr
