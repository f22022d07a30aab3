"""The comparison of two journeys, piece by piece: matching, moves, wording."""

from __future__ import annotations

import pytest
from conftest import CLEAN_JOURNEY

from cjmap.diff.compare import compare
from cjmap.diff.journeys import STRUCTURE_ONLY, diff_pair
from cjmap.diff.markdown import code
from cjmap.diff.moves import moved
from cjmap.diff.sources import Pair, Version
from cjmap.diff.words import duration_change, number, quantity, quoted
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


# --- durations, moments of truth and the blueprint lanes ------------------------------------

# The clean journey with a second team, and a Buy stage that has steps that take
# time, evidence, and an action in each blueprint lane.
BLUEPRINT = (CLEAN_JOURNEY
             .replace("    name: Customer experience\n",
                      "    name: Customer experience\n  - {id: ops, name: Operations}\n")
             .replace("      - {title: Simplify checkout, type: process}\n",
                      "      - {title: Simplify checkout, type: process}\n"
                      "    steps:\n"
                      "      - {text: Pays, duration: 10 min, wait: 2 d, moment_of_truth: true, score: 1}\n"
                      "      - {text: Waits for the box, wait: 1 w}\n"
                      "    evidence: [Receipt, Order email]\n"
                      "    frontstage:\n"
                      "      - {text: Cashier takes the card, owner: cx, touchpoint: shop, duration: 2 min}\n"
                      "    backstage:\n"
                      "      - {text: Checks the payment, owner: ops, system: Till}\n"
                      "    support: [Nightly export]\n"))


def test_the_blueprint_fixture_is_what_the_tests_edit() -> None:
    buy = load(BLUEPRINT).stages[2]
    assert [len(buy.steps), len(buy.evidence), len(buy.frontstage), len(buy.backstage), len(buy.support)] == [
        2, 2, 1, 1, 1]
    assert changes(BLUEPRINT, BLUEPRINT) == []


def test_durations_and_waits_say_whether_they_grew_or_shrank_and_by_how_much() -> None:
    new = (BLUEPRINT.replace("{text: Pays, duration: 10 min, wait: 2 d,", "{text: Pays, duration: 1.5 h, wait: 36 h,")
           .replace("{text: Waits for the box, wait: 1 w}", "{text: Waits for the box, duration: 45 s}"))
    assert changes(BLUEPRINT, new) == [
        ("step-changed", "buy", "step “Pays”: duration grew from 10 min to 1.5 h (+80 min)"),
        ("step-changed", "buy", "step “Pays”: wait shrank from 2 d to 1.5 d (-12 h)"),
        ("step-changed", "buy", "step “Waits for the box”: duration set to 45 s"),
        ("step-changed", "buy", "step “Waits for the box”: wait removed (was 1 w)"),
    ]


def test_a_duration_written_another_way_is_no_change() -> None:
    new = BLUEPRINT.replace("duration: 10 min, wait: 2 d,", "duration: 600s, wait: 48 h,")
    assert changes(BLUEPRINT, new) == []


def test_a_moment_of_truth_set_or_cleared() -> None:
    new = (BLUEPRINT.replace("wait: 2 d, moment_of_truth: true,", "wait: 2 d,")
           .replace("{text: Waits for the box, wait: 1 w}",
                    "{text: Waits for the box, wait: 1 w, moment_of_truth: true}"))
    assert changes(BLUEPRINT, new) == [
        ("step-changed", "buy", "step “Pays”: no longer a moment of truth"),
        ("step-changed", "buy", "step “Waits for the box”: now a moment of truth"),
    ]


def test_evidence_and_blueprint_actions_added_and_removed_lane_by_lane() -> None:
    new = (BLUEPRINT.replace("evidence: [Receipt, Order email]", "evidence: [Order email, Tracking link]")
           .replace("    backstage:\n", "      - Cashier hands over the box\n    backstage:\n")
           .replace("    support: [Nightly export]\n", "    support: [Stock sync]\n"))
    assert changes(BLUEPRINT, new) == [
        ("evidence-added", "buy", "evidence “Tracking link” added"),
        ("evidence-removed", "buy", "evidence “Receipt” removed"),
        ("blueprint-action-added", "buy", "frontstage action “Cashier hands over the box” added"),
        ("blueprint-action-added", "buy", "support action “Stock sync” added"),
        ("blueprint-action-removed", "buy", "support action “Nightly export” removed"),
    ]


def test_a_blueprint_action_moved_to_another_team_another_system_or_touchpoint() -> None:
    new = (BLUEPRINT
           .replace("{text: Cashier takes the card, owner: cx, touchpoint: shop, duration: 2 min}",
                    "{text: Cashier takes the card, owner: ops, touchpoint: ad, duration: 1 min}")
           .replace("{text: Checks the payment, owner: ops, system: Till}",
                    "{text: Checks the payment, system: Payment gateway, duration: 1 h}")
           .replace("support: [Nightly export]", "support: [{text: Nightly export, system: Stock sheet}]"))
    assert changes(BLUEPRINT, new) == [
        ("owner-changed", "buy", "frontstage action “Cashier takes the card”: ownership moved from "
                                 "Customer experience (cx) to Operations (ops)"),
        ("blueprint-action-changed", "buy", "frontstage action “Cashier takes the card”: touchpoint changed from "
                                            "“Shop” (shop) to “Online ad” (ad)"),
        ("blueprint-action-changed", "buy", "frontstage action “Cashier takes the card”: duration shrank from "
                                            "2 min to 1 min (-1 min)"),
        ("owner-changed", "buy", "backstage action “Checks the payment”: no longer owned by Operations (ops)"),
        ("blueprint-action-changed", "buy", "backstage action “Checks the payment”: system changed from "
                                            "“Till” to “Payment gateway”"),
        ("blueprint-action-changed", "buy", "backstage action “Checks the payment”: duration set to 1 h"),
        ("blueprint-action-changed", "buy", "support action “Nightly export”: system set to “Stock sheet”"),
    ]


def test_a_blueprint_action_moved_to_another_lane_is_followed_there() -> None:
    new = (BLUEPRINT.replace("      - {text: Checks the payment, owner: ops, system: Till}\n", "")
           .replace("    support: [Nightly export]\n",
                    "    support:\n      - Nightly export\n"
                    "      - {text: Checks the payment, owner: cx, system: Till}\n"))
    assert changes(BLUEPRINT, new) == [
        ("blueprint-action-moved", "buy", "action “Checks the payment” moved from backstage to support"),
        ("owner-changed", "buy", "support action “Checks the payment”: ownership moved from Operations (ops) "
                                 "to Customer experience (cx)"),
    ]
    [moved_action, _] = compare(load(BLUEPRINT), load(new))
    assert (moved_action.subject, moved_action.field, moved_action.old, moved_action.new) == (
        "support", "lane", "backstage", "support")


def test_the_same_text_in_two_lanes_stays_where_it_is_and_repeats_are_counted() -> None:
    twice = BLUEPRINT.replace("support: [Nightly export]", "support: [Nightly export, Checks the payment]")
    assert changes(twice, twice) == []
    # Two copies of one text, one of them moved: the copy that stayed pairs with itself.
    swapped = twice.replace("    support: [Nightly export, Checks the payment]",
                            "      - Checks the payment\n    support: [Nightly export]")
    assert changes(twice, swapped) == [
        ("blueprint-action-moved", "buy", "action “Checks the payment” moved from support to backstage"),
    ]
    tripled = twice.replace("support: [Nightly export, Checks the payment]",
                            "support: [Nightly export, Checks the payment, Checks the payment]")
    assert changes(twice, tripled) == [
        ("blueprint-action-added", "buy", "support action “Checks the payment” added"),
    ]


def test_the_blueprint_of_a_new_stage_is_not_listed_one_by_one() -> None:
    buy = BLUEPRINT.index("  - id: buy")
    stay = BLUEPRINT.index("  - id: stay")
    without = BLUEPRINT[:buy] + BLUEPRINT[stay:]
    # Objectives and actions are followed across stages, so they are listed; the rest is not.
    assert changes(without, BLUEPRINT) == [
        ("stage-added", "buy", "stage added after “Compare”"),
        ("objective-added", "buy", "objective “More sales” (sales) added"),
        ("action-added", "buy", "action “Simplify checkout” added"),
    ]


def test_a_duration_change_carries_seconds_for_json() -> None:
    new = BLUEPRINT.replace("duration: 10 min, wait: 2 d,", "duration: 10 min, wait: 2.5 d,")
    [change] = compare(load(BLUEPRINT), load(new))
    assert change.as_dict() == {
        "kind": "step-changed", "subject": "step", "stage": "buy", "entity": "Pays", "field": "wait",
        "old": 172800, "new": 216000,
        "message": "Stage “Buy”: step “Pays”: wait grew from 2 d to 2.5 d (+12 h).",
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


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (600, 5400, "duration grew from 10 min to 1.5 h (+80 min)"),
        (172800, 86400, "duration shrank from 2 d to 1 d (-1 d)"),
        (45, 120, "duration grew from 45 s to 2 min (+1.25 min)"),
        (90, 30, "duration shrank from 1.5 min to 30 s (-1 min)"),
        (604800, 1209600, "duration grew from 1 w to 2 w (+1 w)"),
    ],
)
def test_a_duration_change_reads_in_the_units_a_journey_writes(old: float, new: float, words: str) -> None:
    assert duration_change("duration", old, new) == words


def test_numbers_read_as_people_write_them() -> None:
    assert [number(v) for v in (10.0, 12000, 4.5, -12345.5, 999)] == ["10", "12,000", "4.5", "-12,345.5", "999"]
    assert [quantity(30, "%"), quantity(3, "EUR"), quantity(2.5, None)] == ["30%", "3 EUR", "2.5"]


def test_quoted_text_stays_on_one_line_and_short() -> None:
    assert quoted("two\nlines  here") == "“two lines here”"
    long = quoted("word " * 100)  # cut at a word end, within 160 characters
    assert long == "“" + " ".join(["word"] * 31) + "…”"


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
