"""The comparison of two journeys, piece by piece: matching, moves, wording."""

from __future__ import annotations

import pytest
from conftest import CLEAN_JOURNEY

from cjmap.diff.compare import compare
from cjmap.diff.journeys import STRUCTURE_ONLY, diff_pair
from cjmap.diff.markdown import code
from cjmap.diff.moves import moved
from cjmap.diff.sources import Pair, Version
from cjmap.diff.words import number, quantity, quoted
from cjmap.engine import check_bytes
from cjmap.model import Journey


def load(text: str) -> Journey:
    result = check_bytes("test.journey.yaml", text.encode("utf-8"), STRUCTURE_ONLY)
    assert result.journey is not None, result.findings
    return result.journey


def changes(old: str, new: str) -> list[tuple[str, str | None, str]]:
    return [(change.kind, change.stage, change.text) for change in compare(load(old), load(new))]


def test_structure_only_runs_no_quality_rule() -> None:
    result = check_bytes("x.journey.yaml", CLEAN_JOURNEY.replace("    needs: [Pay easily]\n", "").encode(),
                         STRUCTURE_ONLY)
    assert result.journey is not None
    assert result.findings == []


def test_the_same_journey_has_no_changes() -> None:
    assert changes(CLEAN_JOURNEY, CLEAN_JOURNEY) == []


# --- moves -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("abcd", "axbcd", set()),  # one insertion moves nothing
        ("abcd", "bcd", set()),  # nor does one removal
        ("abcd", "acbd", {"b"}),  # a swap moves one of the two
        ("abcd", "bcda", {"a"}),  # the first stage sent to the end
        ("abcd", "dabc", {"d"}),
        ("abcd", "dcba", {"a", "b", "c"}),  # reversed: only one keeps its place
        ("abcd", "xbay", {"a"}),  # of two that swapped, the one that came first
    ],
)
def test_moves_are_what_a_longest_common_subsequence_leaves_out(old: str, new: str, expected: set[str]) -> None:
    assert moved(list(old), list(new)) == expected


def test_a_stage_sent_to_the_end_is_the_only_one_moved() -> None:
    discover = CLEAN_JOURNEY.index("  - id: discover")
    compare_at = CLEAN_JOURNEY.index("  - id: compare")
    reordered = CLEAN_JOURNEY[:discover] + CLEAN_JOURNEY[compare_at:] + CLEAN_JOURNEY[discover:compare_at]
    assert changes(CLEAN_JOURNEY, reordered) == [
        ("stage-moved", "discover", "stage moved: now after “Stay” (was first)"),
    ]
    assert changes(reordered, CLEAN_JOURNEY) == [
        ("stage-moved", "discover", "stage moved: now first (was after “Stay”)"),
    ]


# --- matching ------------------------------------------------------------------------


def test_the_journey_id_is_compared_too() -> None:
    assert changes(CLEAN_JOURNEY, CLEAN_JOURNEY.replace("id: clean", "id: spotless")) == [
        ("journey-changed", None, "journey id changed from clean to spotless"),
    ]


def test_an_action_that_gets_an_id_is_the_same_action() -> None:
    with_id = CLEAN_JOURNEY.replace("{title: Run an ad}", "{id: ad-run, title: Run an ad, status: done}")
    assert changes(CLEAN_JOURNEY, with_id) == [
        ("action-status-changed", "discover", "action “Run an ad”: status changed from planned to done"),
    ]


def test_actions_without_id_are_matched_by_title_within_their_stage() -> None:
    loyalty = "{title: Loyalty email, type: campaign}"
    old = CLEAN_JOURNEY.replace(loyalty, "{title: Run an ad}")
    new = CLEAN_JOURNEY.replace(loyalty, "{title: Run an ad, status: idea}")
    assert changes(old, new) == [
        ("action-status-changed", "stay", "action “Run an ad”: status changed from planned to idea"),
    ]


def test_an_action_with_an_id_is_followed_to_another_stage() -> None:
    action = "      - {id: ads, title: Run an ad}\n"
    old = CLEAN_JOURNEY.replace("      - {title: Run an ad}\n", action)
    new = CLEAN_JOURNEY.replace("      - {title: Run an ad}\n", "").replace(
        "      - {title: Loyalty email, type: campaign}\n", "      - {title: Loyalty email, type: campaign}\n" + action)
    assert changes(old, new) == [
        ("action-moved", "stay", "action “Run an ad” moved here from stage “Discover”"),
    ]


def test_repeated_texts_are_counted() -> None:
    twice = CLEAN_JOURNEY.replace("needs: [Know the price]", "needs: [Know the price, Know the price]")
    assert changes(CLEAN_JOURNEY, twice) == [("need-added", "discover", "need “Know the price” added")]
    assert changes(twice, CLEAN_JOURNEY) == [("need-removed", "discover", "need “Know the price” removed")]


def test_a_touchpoint_defined_in_place_or_named_is_the_same_touchpoint() -> None:
    defined = "{id: shop, name: Shop, channel: store, owner: cx}"
    swapped = (CLEAN_JOURNEY
               .replace("touchpoints: [shop]", f"touchpoints: [{defined[:-1]}, mode: offline}}]")
               .replace(f"touchpoints:\n      - {defined}", "touchpoints: [shop]"))
    assert swapped.count("touchpoints: [shop]") == 1 and "mode: offline" in swapped
    assert changes(CLEAN_JOURNEY, swapped) == []


def test_values_that_appear_or_go_away_say_so() -> None:
    old = CLEAN_JOURNEY.replace("    emotions: {score: 1}\n    touchpoints:\n      - {id: ad",
                                "    emotions: {score: 1}\n    steps: [{text: Clicks, score: 1}]\n"
                                "    touchpoints:\n      - {id: ad")
    new = (old.replace("steps: [{text: Clicks, score: 1}]", "steps: [Clicks]")
           .replace("{id: ad, name: Online ad, channel: ads, owner: cx}", "{id: ad, name: Online ad, channel: ads}")
           .replace("baseline: 5, due: 2027-01-31}\n    actions:\n      - {title: Run",
                    "baseline: 5, owner: cx}\n    actions:\n      - {title: Run"))
    assert changes(old, new) == [
        ("step-changed", "discover", "step “Clicks”: score removed (was +1)"),
        ("owner-changed", "discover", "touchpoint “Online ad” (ad): no longer owned by Customer experience (cx)"),
        ("objective-changed", "discover", "objective “reach”: due date removed (was 2027-01-31)"),
        ("owner-changed", "discover", "objective “reach”: ownership given to Customer experience (cx)"),
    ]


def test_changes_carry_plain_values_for_json() -> None:
    new = CLEAN_JOURNEY.replace("target: 30, unit: \"%\"", "target: 32.5, unit: \"%\"")
    [change] = compare(load(CLEAN_JOURNEY), load(new))
    assert change.as_dict() == {
        "kind": "objective-changed", "subject": "objective", "stage": "stay", "entity": "repeat",
        "field": "target", "old": 30, "new": 32.5,
        "message": "Stage “Stay”: objective “repeat”: target changed from 30% to 32.5%.",
    }
    assert change.marker == "~"


# --- journeys that cannot be compared ----------------------------------------------------


def in_memory(name: str, text: str) -> Version:
    return Version(name, None, lambda options: check_bytes(name, text.encode(), options), f"check {name}")


def test_a_dangling_reference_makes_a_version_invalid() -> None:
    dangling = CLEAN_JOURNEY.replace("touchpoints: [ad]", "touchpoints: [add]")
    result = diff_pair(Pair(in_memory("old.yaml", CLEAN_JOURNEY), in_memory("new.yaml", dangling)))
    assert (result.status, result.changes, result.journey_id) == ("unreadable", [], "clean")
    [problem] = result.problems
    assert (problem.side, problem.reason, problem.code, problem.errors) == ("new", "invalid", "CJ004", 1)
    assert problem.sentence == (
        "the new version (new.yaml) is not a valid journey: line 45, column 19: entry 1 of `touchpoints` in "
        "stage 'stay' names the touchpoint `add`, which is not defined; did you mean `ad`? (1 error)"
    )
    assert problem.hint == "fix the file and compare again; `check new.yaml` lists every error"


# --- words ----------------------------------------------------------------------------


def test_numbers_read_as_people_write_them() -> None:
    assert [number(v) for v in (10.0, 12000, 4.5, -12345.5, 999)] == ["10", "12,000", "4.5", "-12,345.5", "999"]
    assert [quantity(30, "%"), quantity(3, "EUR"), quantity(2.5, None)] == ["30%", "3 EUR", "2.5"]


def test_quoted_text_stays_on_one_line_and_short() -> None:
    assert quoted("two\nlines  here") == "“two lines here”"
    long = quoted("word " * 100)
    assert len(long) == 162 and long.endswith("…”")


@pytest.mark.parametrize(
    ("command", "span"),
    [
        ("cjmap validate a.yaml", "`cjmap validate a.yaml`"),
        ("cjmap validate `a`.yaml", "``cjmap validate `a`.yaml``"),
        ("`x``", "``` `x`` ```"),
    ],
)
def test_commands_become_code_spans_whatever_they_hold(command: str, span: str) -> None:
    assert code(command) == span
