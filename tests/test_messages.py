"""What cjmap says around the findings, and the exit codes of the modules the
command line only wires up."""

from __future__ import annotations

from datetime import date

import pytest

from cjmap import messages, rulebook
from cjmap.errors import UsageError
from cjmap.findings import FileResult
from cjmap.settings import date_given


def test_finish_names_what_was_written_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code = messages.finish("maps", ["maps/a.svg", "-"], [], "not drawn", ["cannot read maps/private"])
    assert code == 0
    assert capsys.readouterr().err == "cjmap: warning: cannot read maps/private\ncjmap: wrote maps/a.svg\n"


def test_finish_with_nothing_found_warns_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    assert messages.finish("maps", [], [], "not drawn", []) == 0
    assert capsys.readouterr().err == (
        "cjmap: warning: no journey files found in maps\n"
        "  hint: journey files are named *.journey.yaml or *.journey.yml; name other files explicitly\n"
    )


def test_finish_with_a_refused_journey_exits_1_and_names_it(capsys: pytest.CaptureFixture[str]) -> None:
    code = messages.finish("a.journey.yaml", [], [FileResult(file="a.journey.yaml")], "not drawn, fix the errors first", [])
    assert code == 1
    assert capsys.readouterr().err.endswith("cjmap: not drawn, fix the errors first: a.journey.yaml\n")


def test_an_error_without_a_hint_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    messages.error("the disk is full")
    messages.error("cannot read x", "check its permissions")
    assert capsys.readouterr().err == (
        "cjmap: error: the disk is full\ncjmap: error: cannot read x\n  hint: check its permissions\n"
    )


def test_a_date_option_is_an_iso_date_or_a_usage_error() -> None:
    assert date_given(None, "--date") is None
    assert date_given("2027-02-28", "--date") == date(2027, 2, 28)
    with pytest.raises(UsageError) as bad:
        date_given("2027-02-30", "--date")
    assert (str(bad.value), bad.value.hint) == ("--date 2027-02-30 is not a date", "write it as YYYY-MM-DD")


def test_the_rulebook_lists_every_code_once_per_line_and_explains_one() -> None:
    lines = rulebook.listing().splitlines()
    assert [line.split()[0] for line in lines] == [entry.code for entry in rulebook.entries()]
    assert lines[0].startswith("CJ001  ")
    text = rulebook.explain("cj104")
    assert text.startswith("CJ104 ") and "(default severity " in text.splitlines()[0]
    assert rulebook.explain("CJ001").splitlines()[0].endswith("(structural, cannot be disabled)")
    with pytest.raises(UsageError) as unknown:
        rulebook.explain("CJ999")
    assert unknown.value.hint == "`cjmap rules` lists every code"


def test_names_in_messages_are_shown_never_obeyed(capsys: pytest.CaptureFixture[str]) -> None:
    # A file name comes from whoever made the pull request.
    code = messages.finish("x", ["out\x1b]0;pwn\x07.svg"], [FileResult(file="a\x1b[2J.journey.yaml")], "not drawn",
                           ["skipped x\x1b[2J"])
    assert code == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "cjmap: wrote out\\x1b]0;pwn\\x07.svg\n" in err
    assert err.endswith("cjmap: not drawn: a\\x1b[2J.journey.yaml\n")
    assert "cjmap: warning: skipped x\\x1b[2J\n" in err


def test_a_message_of_several_lines_keeps_them_and_escapes_each(capsys: pytest.CaptureFixture[str]) -> None:
    messages.error("two mistakes in a\x1b[2J.csv:\na.csv:2: one\na.csv:3: two")
    assert capsys.readouterr().err == (
        "cjmap: error: two mistakes in a\\x1b[2J.csv:\na.csv:2: one\na.csv:3: two\n"
    )
