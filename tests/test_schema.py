"""Schema problems (CJ003) and versions (CJ006): exact code, place and words."""

from __future__ import annotations

import pytest

from cjmap.engine import CheckOptions, check_bytes
from cjmap.findings import Finding


def check(text: str) -> list[Finding]:
    return check_bytes("j.journey.yaml", text.encode(), CheckOptions()).findings


def located(findings: list[Finding]) -> list[tuple[str, int, int, str]]:
    return [(f.code, f.line, f.column, f.message) for f in findings]


def test_the_clean_journey_has_no_finding(clean_journey: str) -> None:
    assert check(clean_journey) == []


def test_unknown_key_points_at_the_key_and_suggests_the_closest(clean_journey: str) -> None:
    text = clean_journey.replace("    needs: [Compare offers]", "    neeeds: [Compare offers]")
    [finding] = check(text)
    assert (finding.code, finding.line, finding.column) == ("CJ003", 22, 5)
    assert finding.message == "unknown key `neeeds` in stage 'compare'; did you mean `needs`?"
    assert finding.hint == "rename it to `needs`"


def test_unknown_top_level_key_without_close_match_lists_the_allowed(clean_journey: str) -> None:
    [finding] = check(clean_journey + "colour: blue\n")
    assert finding.message == "unknown key `colour` in the top level of the journey"
    assert "`stages`" in finding.hint


def test_target_written_as_percent_text_gets_the_number_and_unit_hint(clean_journey: str) -> None:
    text = clean_journey.replace("target: 30, unit: \"%\"", "target: \"30%\"")
    [finding] = check(text)
    assert (finding.code, finding.line, finding.column) == ("CJ003", 47, 77)
    assert finding.message == (
        "`target` of objective 'repeat' in stage 'stay' must be a number, not the text \"30%\""
    )
    assert finding.hint == 'write `target: 30` and `unit: "%"`'


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("1_000", "write `target: 1000`: numbers are written without separators between digits"),
        ('"12 500.5"', "write `target: 12500.5`: numbers are written without separators between digits"),
        ('"30 EUR"', 'write `target: 30` and `unit: "EUR"`'),
        ('"30"', "write `target: 30` without quotes"),
        ("thirty", "write a number without quotes, like 42 or 3.5"),
    ],
)
def test_target_written_as_text_gets_a_hint_that_fits(clean_journey: str, written: str, hint: str) -> None:
    text = clean_journey.replace("target: 30, unit: \"%\"", f"target: {written}, unit: \"%\"")
    [finding] = check(text)
    assert finding.code == "CJ003"
    assert finding.hint == hint


def test_every_schema_error_of_a_file_is_reported_in_one_run() -> None:
    text = (
        "cjmap: 1\n"
        "id: Bad Id\n"
        "title: T\n"
        "stages:\n"
        "  - id: s\n"
        "    name:\n"
        "    phase: awarness\n"
        "    emotions: {score: 3}\n"
        "    touchpoints:\n"
        "      - {id: w, name: W, channel: webb}\n"
        "      - [web]\n"
        "    objectives:\n"
        "      - {id: o, statement: S, due: 2027-02-30, baseline: yes}\n"
        "    steps: a step\n"
        "    feedback: [Great]\n"
    )
    assert located(check(text)) == [
        ("CJ003", 2, 5, "`id` is `Bad Id`, which is not a valid id"),
        ("CJ003", 6, 10, "`name` of stage 's' is empty"),
        ("CJ003", 7, 12,
         "`phase` of stage 's' is `awarness`, which is not one of: awareness, consideration, "
         "decision, purchase, post-purchase, loyalty, advocacy; did you mean `awareness`?"),
        ("CJ003", 8, 23,
         "`score` of emotions in stage 's' is 3, but it must be from -2 (very negative) to +2 "
         "(very positive)"),
        ("CJ003", 10, 35,
         "`channel` of touchpoint 'w' in stage 's' is `webb`, which is not one of: web, app, "
         "email, social, search, ads, chat, sms, phone, store, event, mail, partner, support, "
         "other; did you mean `web`?"),
        ("CJ003", 11, 9,
         "entry 2 of `touchpoints` in stage 's' must be a touchpoint id or a touchpoint "
         "mapping, not a list"),
        ("CJ003", 13, 36, "`due` of objective 'o' in stage 's' is `2027-02-30`, which is not a date"),
        ("CJ003", 13, 58,
         "`baseline` of objective 'o' in stage 's' must be a number, not the text \"yes\""),
        ("CJ003", 14, 12, "`steps` of stage 's' must be a list, not the text \"a step\""),
        ("CJ003", 15, 16,
         "feedback entry 1 in stage 's' must be a mapping of keys and values, not the text "
         "\"Great\""),
    ]


def test_missing_required_keys_point_at_the_first_line_of_the_mapping() -> None:
    text = "cjmap: 1\nid: a\nstages:\n  - name: First\n    phase: awareness\n"
    assert located(check(text)) == [
        ("CJ003", 1, 1, "the journey is missing the required key `title`"),
        ("CJ003", 4, 5, "stage 1 is missing the required key `id`"),
    ]


def test_empty_stages_list() -> None:
    [finding] = check("cjmap: 1\nid: a\ntitle: T\nstages: []\n")
    assert (finding.line, finding.column, finding.message) == (4, 9, "`stages` is empty")
    assert finding.hint == "add at least one stage"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file holds no journey"),
        ("# a journey will go here\n", "the file holds no journey"),
        ("- cjmap: 1\n", "a journey file must be a mapping of keys and values, not a list"),
        ("just text\n", 'a journey file must be a mapping of keys and values, not the text "just text"'),
    ],
)
def test_files_that_are_not_a_mapping(text: str, message: str) -> None:
    assert located(check(text)) == [("CJ003", 1, 1, message)]


@pytest.mark.parametrize(
    ("version", "shown"),
    [("2", "2"), ("0", "0"), ("'1'", '"1"'), ("1.0", "1.0"), ("true", "true"), ("null", "null")],
)
def test_unsupported_version_is_cj006_at_the_value_and_nothing_else(
    version: str, shown: str
) -> None:
    text = f"title: T\ncjmap: {version}\nunknown: 1\n"
    [finding] = check(text)
    assert (finding.code, finding.line, finding.column) == ("CJ006", 2, 8)
    assert finding.message == (
        f"unsupported format version `cjmap: {shown}`; this cjmap reads version 1"
    )


def test_missing_version_is_a_missing_key() -> None:
    [finding] = check("id: a\ntitle: T\nstages: [{id: s, name: S}]\n")
    assert finding.message == "the journey is missing the required key `cjmap`"


def test_empty_list_key_counts_as_absent_and_reaches_the_lint_rule(clean_journey: str) -> None:
    text = clean_journey.replace("    needs: [Compare offers]", "    needs:")
    [finding] = check(text)
    assert (finding.code, finding.message) == ("CJ101", "stage 'compare' has no needs")


def test_numbers_are_accepted_as_text_but_booleans_are_not(clean_journey: str) -> None:
    assert check(clean_journey.replace("title: Clean journey", "title: 2024")) == []
    [finding] = check(clean_journey.replace("title: Clean journey", "title: true"))
    assert finding.message == "`title` must be text, not `true` (a yes/no value)"
    assert finding.hint == "put the value in quotes"


def test_items_may_be_strings_or_mappings(clean_journey: str) -> None:
    text = clean_journey.replace(
        "    needs: [Know the price]",
        "    needs:\n      - Know the price\n      - {text: Trust the brand}",
    )
    assert check(text) == []


def test_team_and_segment_ids_may_be_any_text(clean_journey: str) -> None:
    text = clean_journey.replace("  - id: cx\n", "  - id: CX Team\n").replace(
        "owner: cx", "owner: CX Team"
    )
    assert check(text) == []


def test_an_empty_key_with_a_default_takes_the_default(clean_journey: str) -> None:
    text = clean_journey.replace("title: Clean journey", "title: Clean journey\nlanguage:")
    text = text.replace("{title: Run an ad}", "{title: Run an ad, type: , status: }")
    assert check(text) == []


def test_whole_numbers_and_text_items_say_what_was_written(clean_journey: str) -> None:
    text = clean_journey.replace("emotions: {score: 1}", "emotions: {score: 1.0}", 1)
    text = text.replace("needs: [Know the price]", "needs: [true]")
    assert located(check(text)) == [
        ("CJ003", 11, 13,
         "entry 1 of `needs` in stage 'discover' must be text, or a mapping with `text:`, "
         "not `true` (a yes/no value)"),
        ("CJ003", 12, 23,
         "`score` of emotions in stage 'discover' must be a whole number, not the number `1.0`"),
    ]
