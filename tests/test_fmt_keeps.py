"""`cjmap fmt` keeps the file it rewrites: its owner, group, permissions and
hard links, its line endings and its `%YAML` directive; and it formats every
valid journey, or says in plain words why it will not, without calling it a
bug.

Golden files: tests/golden/fmt/NAME.yaml is what fmt makes of
tests/fixtures/fmt/NAME.yaml (test_fmt.py checks them).
"""

from __future__ import annotations

import io
import os
import random
import re
import stat
from pathlib import Path

import pytest
from conftest import run_cli
from hypothesis import given
from hypothesis import strategies as st
from test_fmt import FIXTURES, GOLDEN, messy  # noqa: F401 - `messy`: the fixture, a messy journey in tmp_path
from test_fuzz import fuzz

from cjmap.fmt.command import FmtRequest, run
from cjmap.fmt.format import FormatRefusal, format_text, same_data
from cjmap.loader import load_text


def _formats_to(text: str, formatted: str) -> None:
    """`text` formats to `formatted`, which means the same and formats to itself."""
    assert format_text(text) == (formatted, [])
    assert same_data(load_text(text).data, load_text(formatted).data)
    assert format_text(formatted) == (formatted, [])


GOLDEN_MESSY = (GOLDEN / "messy.yaml").read_bytes()


# --- the file's owner, group, permissions and links ----------------------------------


def test_permissions_are_kept(messy: Path, capsys, monkeypatch) -> None:
    messy.chmod(0o640)
    assert run_cli(["fmt", "messy.journey.yaml"], capsys, monkeypatch)[0] == 0
    assert messy.read_bytes() == GOLDEN_MESSY
    assert stat.S_IMODE(messy.stat().st_mode) == 0o640


def test_a_hard_link_still_shares_the_file_and_sees_the_new_text(messy: Path, capsys, monkeypatch) -> None:
    other = messy.parent / "other-name.yaml"
    os.link(messy, other)
    messy.chmod(0o640)
    assert run_cli(["fmt", "messy.journey.yaml"], capsys, monkeypatch)[0] == 0
    assert os.path.samefile(messy, other)
    assert messy.stat().st_nlink == 2
    assert other.read_bytes() == messy.read_bytes() == GOLDEN_MESSY
    assert stat.S_IMODE(other.stat().st_mode) == 0o640


# Root may give a file away; anyone else can only check that their own stays theirs.
OWNER = (1234, 5678) if os.geteuid() == 0 else (os.geteuid(), os.getegid())


@pytest.mark.parametrize("links", [1, 2], ids=["replaced", "rewritten-in-place"])
def test_owner_and_group_are_kept(messy: Path, capsys, monkeypatch, links: int) -> None:
    if links == 2:
        os.link(messy, messy.parent / "second-name.yaml")
    os.chown(messy, *OWNER)
    assert run_cli(["fmt", "messy.journey.yaml"], capsys, monkeypatch)[0] == 0
    assert messy.read_bytes() == GOLDEN_MESSY
    assert (messy.stat().st_uid, messy.stat().st_gid) == OWNER


def test_a_symbolic_link_is_written_through_and_stays_a_link(messy: Path, capsys, monkeypatch) -> None:
    link = messy.parent / "link.journey.yaml"
    link.symlink_to(messy.name)
    messy.chmod(0o640)
    assert run_cli(["fmt", "link.journey.yaml"], capsys, monkeypatch)[0] == 0
    assert link.is_symlink() and os.readlink(link) == messy.name
    assert messy.read_bytes() == GOLDEN_MESSY
    assert stat.S_IMODE(messy.stat().st_mode) == 0o640


# --- line endings ---------------------------------------------------------------------

ENDINGS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["", "bom"])
@pytest.mark.parametrize("ending", list(ENDINGS), ids=list(ENDINGS))
def test_each_line_ending_is_kept(messy: Path, capsys, monkeypatch, ending: str, bom: bytes) -> None:
    text = (FIXTURES / "messy.yaml").read_text(encoding="utf-8")
    messy.write_bytes(bom + text.replace("\n", ENDINGS[ending]).encode("utf-8"))
    assert run_cli(["fmt", "messy.journey.yaml"], capsys, monkeypatch)[0] == 0
    golden = GOLDEN_MESSY.decode("utf-8")
    assert messy.read_bytes() == bom + golden.replace("\n", ENDINGS[ending]).encode("utf-8")
    # Formatted it stays: a second run has nothing to change.
    assert run_cli(["fmt", "--check", "messy.journey.yaml"], capsys, monkeypatch) == (
        0, "", "cjmap: 1 journey already formatted\n"
    )


def test_the_first_line_ending_decides_for_the_whole_file(messy: Path, capsys, monkeypatch) -> None:
    messy.write_bytes(b"id: j\rcjmap: 1\r\ntitle: T\n")
    assert run_cli(["fmt", "messy.journey.yaml"], capsys, monkeypatch)[0] == 0
    assert messy.read_bytes() == b"cjmap: 1\rid: j\rtitle: T\r"


@pytest.mark.parametrize("ending", list(ENDINGS), ids=list(ENDINGS))
def test_standard_input_comes_back_with_its_line_endings(capsys, monkeypatch, ending: str) -> None:
    messy_text = (FIXTURES / "messy.yaml").read_text(encoding="utf-8").replace("\n", ENDINGS[ending])
    golden = GOLDEN_MESSY.decode("utf-8").replace("\n", ENDINGS[ending])
    for text in (messy_text, golden):  # to be formatted, and formatted already
        code, out, _ = run_cli(["fmt", "-"], capsys, monkeypatch, stdin=text.encode("utf-8"))
        assert (code, out) == (0, golden)


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_the_diff_of_a_file_with_other_line_endings_shows_only_what_changes(
    messy: Path, capsys, monkeypatch, ending: str
) -> None:
    _, lf_diff, _ = run_cli(["fmt", "--diff", "messy.journey.yaml"], capsys, monkeypatch)
    messy.write_bytes(messy.read_bytes().replace(b"\n", ending.encode()))
    code, diff, _ = run_cli(["fmt", "--diff", "messy.journey.yaml"], capsys, monkeypatch)
    assert code == 0
    assert diff == lf_diff and "\r" not in diff


# --- directives and the document start marker ----------------------------------------


@pytest.mark.parametrize(
    ("text", "formatted"),
    [
        ("%YAML 1.2\n---\nid: j\ncjmap: 1\n", "%YAML 1.2\n---\ncjmap: 1\nid: j\n"),
        (
            "# yaml-language-server: $schema=cjmap.schema.json\n\n%YAML 1.2\n--- # one journey\n\n# the id\nid: j\n"
            "cjmap: 1\n",
            "# yaml-language-server: $schema=cjmap.schema.json\n\n%YAML 1.2\n---  # one journey\n# the id\ncjmap: 1\n"
            "id: j\n",
        ),
        ("%YAML 1.2\n%TAG !e! tag:yaml.org,2002:\n---\nid: !e!str j\n", "%YAML 1.2\n%TAG !e! tag:yaml.org,2002:\n---\n"
         "id: !!str j\n"),
        ("---\nid: j\ncjmap: 1\n", "---\ncjmap: 1\nid: j\n"),  # a marker alone is kept too
        ("--- {id: j, cjmap: 1}\n", "---\ncjmap: 1\nid: j\n"),
    ],
    ids=["directive", "comments", "tag-directive", "marker", "marker-and-flow"],
)
def test_a_yaml_directive_and_the_document_start_are_kept(text: str, formatted: str) -> None:
    _formats_to(text, formatted)


def test_a_directive_is_kept_in_the_file(messy: Path, capsys, monkeypatch) -> None:
    messy.write_bytes(b"%YAML 1.2\r\n---\r\n" + (FIXTURES / "messy.yaml").read_bytes().replace(b"\n", b"\r\n"))
    assert run_cli(["fmt", "messy.journey.yaml"], capsys, monkeypatch)[0] == 0
    assert messy.read_bytes() == b"%YAML 1.2\r\n---\r\n" + GOLDEN_MESSY.replace(b"\n", b"\r\n")


# --- anchors that the key order would put after their aliases ----------------------------


@pytest.mark.parametrize(
    ("text", "formatted"),
    [
        (  # a stage's touchpoints (key 11) are an action's list (key 13): the actions go first
            "stages:\n"
            "  - id: s\n"
            "    actions:\n"
            "      - id: a\n"
            "        x-where: &tp [web]\n"
            "    touchpoints: *tp\n"
            "    name: S\n",
            "stages:\n"
            "  - id: s\n"
            "    name: S\n"
            "    actions:\n"
            "      - id: a\n"
            "        x-where: &tp [web]\n"
            "    touchpoints: *tp\n",
        ),
        (  # shared values above the journey: kept just before the first key that uses them
            "x-shared:\n"
            "  owner: &cx cx  # the team\n"
            "stages:\n"
            "  - {id: s, owner: *cx}\n"
            "title: T\n"
            "id: j\n"
            "cjmap: 1\n",
            "cjmap: 1\n"
            "id: j\n"
            "title: T\n"
            "x-shared:\n"
            "  owner: &cx cx  # the team\n"
            "stages:\n"
            "  - id: s\n"
            "    owner: *cx\n",
        ),
        (  # a text of a stage reused as the title
            "cjmap: 1\nstages:\n  - id: s\n    name: &n Open an account\ntitle: *n\nid: j\n",
            "cjmap: 1\nid: j\nstages:\n  - id: s\n    name: &n Open an account\ntitle: *n\n",
        ),
        (  # a chain: tags use x-b, which uses x-a
            "cjmap: 1\nx-a: &a A\nx-b: &b [*a, B]\ntags: *b\nid: j\n",
            "cjmap: 1\nid: j\nx-a: &a A\nx-b: &b [*a, B]\ntags: *b\n",
        ),
        (  # defaults for a merge key (read as a plain key `<<`), and an alias of a whole stage
            "x-defaults: &d {phase: decision, owner: cx}\nstages:\n  - <<: *d\n    id: s\n  - *d\ncjmap: 1\n",
            "cjmap: 1\nx-defaults: &d\n  phase: decision\n  owner: cx\nstages:\n  - id: s\n    <<: *d\n  - *d\n",
        ),
    ],
    ids=["stage-touchpoints", "shared-on-top", "scalar", "chain", "merge-key"],
)
def test_an_anchor_is_written_before_the_aliases_that_use_it(text: str, formatted: str) -> None:
    _formats_to(text, formatted)


def test_an_anchor_name_given_twice_is_refused_in_words_when_the_order_would_mix_them_up(
    messy: Path, capsys, monkeypatch
) -> None:
    text = "id: &x j\nx-id: *x\ncjmap: &x 1\ntitle: *x\n"  # title is `1`, x-id is `j`
    with pytest.raises(FormatRefusal) as refused:
        format_text(text)
    assert str(refused.value) == (
        "cannot put the keys in order without changing what the alias `*x` on line 4 refers to: "
        "the anchor name `&x` is given to more than one value; the file was left unchanged"
    )
    assert refused.value.exit_code == 1
    messy.write_text(text, encoding="utf-8")
    outcome = run(FmtRequest(paths=["messy.journey.yaml"]), io.StringIO())
    assert [(name, type(failure)) for name, failure in outcome.failed] == [("messy.journey.yaml", FormatRefusal)]
    code, _, err = run_cli(["fmt", "messy.journey.yaml"], capsys, monkeypatch)
    assert code == 1
    assert err == (
        f"cjmap: error: messy.journey.yaml: {refused.value}\n"
        "  hint: give each anchor its own name (for example rename the second `&x` and the aliases that refer "
        "to it), then run cjmap fmt again\n"
    )
    assert "bug" not in err
    assert messy.read_text(encoding="utf-8") == text


def test_an_anchor_name_given_twice_is_formatted_when_the_order_keeps_each_alias_right() -> None:
    _formats_to(
        "title: &x T\nx-other: &x B\nid: *x\ncjmap: 1\n",
        "cjmap: 1\nx-other: &x B\nid: *x\ntitle: &x T\n",
    )


# --- block texts with an indentation indicator ------------------------------------------


@pytest.mark.parametrize(
    ("text", "formatted"),
    [
        ("a:\n    - |2\n          four\n          x\n", "a:\n  - |2\n        four\n        x\n"),
        ("a:\n- |1\n    three\n", "a:\n  - |2\n       three\n"),
        ("a:\n    b: |2\n          four\n        x\n", "a:\n  b: |2\n        four\n      x\n"),
        ("a: |2\n    lead\n", "a: |2\n    lead\n"),
        ("a: |4-\n      two\n", "a: |2-\n    two\n"),
        ("a:\n    - &x >3\n           y\n    - *x\n", "a:\n  - &x >2\n        y\n  - *x\n"),
        ("s:\n  - n:\n      - |4  # note\n              deep\n", "s:\n  - n:\n      - |2  # note\n            deep\n"),
        ("a:\n  -   - |-3\n            z\n", "a:\n  -\n    - |-2\n         z\n"),
        ("a: >+1\n   x\n\n", "a: >+2\n    x\n\n"),
    ],
    ids=["list", "indentless-list", "mapping", "only-line", "chomp", "anchor", "comment", "nested", "keep"],
)
def test_an_indentation_indicator_is_rewritten_with_the_indentation(text: str, formatted: str) -> None:
    _formats_to(text, formatted)


def test_a_tagged_block_text_keeps_its_style_and_its_comment() -> None:
    _formats_to("a: !!str |-  # kept\n    x\n", "a: !!str |-  # kept\n  x\n")


def test_a_comment_on_the_key_of_a_block_text_goes_above_it() -> None:
    # After `|` it would become part of the text's header.
    _formats_to("? a  # about a\n: |\n  x\nb: 1\n", "# about a\na: |\n  x\nb: 1\n")
    _formats_to(
        "l:\n  - ? a  # about a\n    : >+\n      x\n\n  - b\n",
        "l:\n  - # about a\n    a: >+\n      x\n\n  - b\n",
    )


@pytest.mark.parametrize(
    ("text", "formatted"),
    [
        # libyaml breaks a block text's lines at U+2028 too: such a text is written quoted.
        ("a: |  # note\n  x\u2028  y\nb: 1\n", 'a: "x\\u2028y\\n"  # note\nb: 1\n'),
        ("? |  # about the key\n  block key\n: v\n", '"block key\\n": v  # about the key\n'),
    ],
    ids=["line-separator", "key"],
)
def test_the_comment_of_a_block_text_written_quoted_is_kept(text: str, formatted: str) -> None:
    _formats_to(text, formatted)


def test_a_blank_line_after_a_kept_block_text_is_not_added_to_it() -> None:
    # `owner` had a blank line above it; below a `|+` text it would become part of the text.
    _formats_to(
        "stages:\n  - id: s\n    description: |+\n      d\n\n    needs: [n]\n\n    owner: o\n",
        "stages:\n  - id: s\n    description: |+\n      d\n\n    owner: o\n    needs: [n]\n",
    )


def test_a_blank_line_below_a_block_text_stays_a_blank_line() -> None:
    # `owner` had a blank line above it, and now comes below a `|` text.
    _formats_to(
        "stages:\n  - id: s\n    description: |\n      d\n    needs: [n]\n\n    owner: o\n",
        "stages:\n  - id: s\n    description: |\n      d\n\n    owner: o\n    needs: [n]\n",
    )


# --- other valid YAML fmt once could not write -----------------------------------------------


def test_a_colon_inside_a_plain_item_is_quoted_in_an_inline_list() -> None:
    _formats_to("tags:\n  - k:v\n  - b\n", 'tags: ["k:v", b]\n')
    _formats_to("tags:\n  - !!str k:v\n  - !!str a,b\n  - !!str 1\n", 'tags: [!!str "k:v", !!str "a,b", !!str 1]\n')


def test_a_key_too_long_for_one_line_stays_an_explicit_key() -> None:
    key = "k" * 1100
    _formats_to(f"? {key}\n: v\nb: [1]\n", f"? {key}\n: v\nb: [1]\n")
    _formats_to(f"- ? {key}\n  : [1, 2]\n", f"- ? {key}\n  : [1, 2]\n")


def test_a_comment_on_a_dash_line_stays_with_its_item() -> None:
    _formats_to("a:\n  - # the first\n    name: n\n    id: i\n", "a:\n  - name: n  # the first\n    id: i\n")
    _formats_to("stages:\n  - # the first\n    name: n\n    id: i\n",
                "stages:\n  - id: i  # the first\n    name: n\n")


# --- tricky but valid YAML, generated ------------------------------------------------------

TOP = ("cjmap", "id", "title", "description", "tags", "personas", "touchpoints", "stages", "x-shared")
STAGE = ("id", "name", "phase", "description", "owner", "needs", "emotions", "touchpoints", "actions", "x-note")
ITEM = ("id", "name", "title", "text", "owner", "channel", "x-y")
WORDS = ("a", "web", "Plain words", "k:v", "x#y", '"yes"', "'1'", "1.5", "~", '""', '"- d"', '"#c"', "café")


class _Tricky:
    """Journey-shaped YAML with anchors and aliases in every place, block texts
    with and without indentation indicators at every depth, comments between
    anchored values, flow collections, 2 to 4 spaces of indentation,
    directives: written in any key order, so that fmt has to move things."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.width = rng.choice((2, 3, 4))
        self.indentless = rng.random() < 0.3  # `key:\n- item`
        self.names: list[str] = []

    def document(self) -> str:
        lines = self.rng.choice(([], [], ["%YAML 1.2", "---"], ["---"], ["# top", "%YAML 1.2", "--- # start"]))
        return "\n".join([*lines, *self.mapping(0, 0, TOP)]) + "\n"

    def mapping(self, column: int, depth: int, keys: tuple[str, ...]) -> list[str]:
        lines: list[str] = []
        for key in self.rng.sample(keys, self.rng.randint(1, min(len(keys), 5))):
            lines += self.comments(column)
            inline, block = self.value(column, depth, STAGE if key == "stages" else ITEM)
            lines.append(f"{' ' * column}{key}: {inline}".rstrip() + ("" if block else self.trailing()))
            lines += block
        return lines

    def value(self, column: int, depth: int, keys: tuple[str, ...]) -> tuple[str, list[str]]:
        """A value under a key or dash at `column`: its first line, and the lines below."""
        rng = self.rng
        if self.names and rng.random() < 0.15:
            return f"*{rng.choice(self.names)}", []
        anchor = f"a{rng.randrange(12)}" if rng.random() < 0.25 else None
        props = f"&{anchor} " if anchor else ""
        choice = rng.random() if depth < 4 else rng.random() / 2
        if choice < 0.3:
            inline, block = ("!!str " if rng.random() < 0.1 else "") + rng.choice(WORDS), []
        elif choice < 0.45:
            inline, block = self.block_text(column)
            if rng.random() < 0.2:
                props += "!!str "
        elif choice < 0.55:
            items = [rng.choice(WORDS[:3]) for _ in range(rng.randint(0, 3))]
            if self.names and rng.random() < 0.5:
                items.append(f"*{rng.choice(self.names)}")
            if rng.random() < 0.5:
                inline = "[" + ", ".join(items) + "]"
            else:
                inline = "{" + ", ".join(f"{key}: {rng.choice(WORDS[:3])}" for key in rng.sample(ITEM, 2)) + "}"
            block = []
        elif choice < 0.8:
            inline, block = "", self.sequence(column, depth, keys)
        else:
            inline, block = "", self.mapping(column + self.width, depth + 1, keys)
        if anchor:
            self.names.append(anchor)  # once its value is complete, as YAML reads it
        return (props + inline).rstrip(), block

    def sequence(self, column: int, depth: int, keys: tuple[str, ...]) -> list[str]:
        dash = column if self.indentless else column + self.width
        lines: list[str] = []
        for _ in range(self.rng.randint(1, 3)):
            lines += self.comments(dash)
            if self.rng.random() < 0.4:
                entries = self.mapping(dash + 2, depth + 1, keys)
                comment = self.trailing()
                if comment or self.rng.random() < 0.2:
                    lines += [f"{' ' * dash}-{comment}", *entries]  # the mapping below its dash
                else:
                    lines += [f"{' ' * dash}- {entries[0].lstrip()}", *entries[1:]]
            else:
                inline, block = self.value(dash, depth + 1, ITEM)
                lines.append(f"{' ' * dash}- {inline}".rstrip() + ("" if block else self.trailing()))
                lines += block
        return lines

    def block_text(self, column: int) -> tuple[str, list[str]]:
        rng = self.rng
        indicator = rng.randint(1, 4) if rng.random() < 0.5 else None
        chomp = rng.choice(("", "-", "+"))
        style = rng.choice("|>")
        header = style + (f"{indicator or ''}{chomp}" if rng.random() < 0.5 else f"{chomp}{indicator or ''}")
        lines = [rng.choice(("text", "more words", "  deeper", "", "x: y", "# not a comment"))
                 for _ in range(rng.randint(1, 4))]
        lines[0] = ("  " if indicator and rng.random() < 0.5 else "") + (lines[0].strip() or "first")
        if chomp == "+" and rng.random() < 0.5:
            lines.append("")
        pad = " " * (column + (indicator or rng.randint(1, 4)))
        return header + ("  # note" if rng.random() < 0.1 else ""), [pad + line if line else "" for line in lines]

    def comments(self, column: int) -> list[str]:
        return self.rng.choice(([], [], [], [], [""], [f"{' ' * column}# about the next entry"]))

    def trailing(self) -> str:
        return "  # at the end" if self.rng.random() < 0.08 else ""


@fuzz(150)
@given(rng=st.randoms(use_true_random=False), ending=st.sampled_from(list(ENDINGS.values())))
def test_tricky_valid_yaml_is_formatted_or_refused_in_words(rng: random.Random, ending: str) -> None:
    text = _Tricky(rng).document().replace("\n", ending)
    before = load_text(text)
    if before.problems:
        return  # the generator can write an alias before its anchor, or a block text misplaced
    try:
        formatted, problems = format_text(text)  # a FormatBug here is a failure
    except FormatRefusal:
        names = re.findall(r"&(a\d+)", text)
        assert len(names) > len(set(names))  # only when an anchor name is given twice
        return
    assert problems == []
    assert same_data(before.data, load_text(formatted).data)
    assert format_text(formatted) == (formatted, [])


def test_a_run_rewrites_every_journey_or_none(tmp_path: Path, capsys, monkeypatch) -> None:
    from cjmap import writes

    names = ["a.journey.yaml", "b.journey.yaml", "c.journey.yaml"]
    messy = "title: T\nid: j\ncjmap: 1\nstages: []\n"
    for name in names:
        (tmp_path / name).write_text(messy, encoding="utf-8")
    real = writes._write_all
    calls = []

    def full_on_the_last(descriptor: int, data: bytes) -> None:
        calls.append(data)
        if len(calls) == len(names):
            raise OSError(28, "No space left on device")
        real(descriptor, data)

    monkeypatch.setattr(writes, "_write_all", full_on_the_last)
    code, _, err = run_cli(["fmt", str(tmp_path)], capsys, monkeypatch)
    assert code == 2
    assert "no space left on device; no file was changed" in err
    assert all((tmp_path / name).read_text(encoding="utf-8") == messy for name in names)
    assert sorted(p.name for p in tmp_path.iterdir()) == names


def test_a_journey_named_twice_through_a_link_is_rewritten_once(tmp_path: Path, capsys, monkeypatch) -> None:
    (tmp_path / "a.journey.yaml").write_text("title: T\nid: j\ncjmap: 1\nstages: []\n", encoding="utf-8")
    (tmp_path / "link.journey.yaml").symlink_to("a.journey.yaml")
    code, _, err = run_cli(["fmt", str(tmp_path)], capsys, monkeypatch)
    assert code == 0, err
    assert (tmp_path / "a.journey.yaml").read_text(encoding="utf-8").startswith("cjmap: 1\nid: j\n")
    assert (tmp_path / "link.journey.yaml").is_symlink()
