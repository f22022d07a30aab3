"""Durations: every accepted form read into seconds, every other refused as
CJ003 at the value with the accepted forms (or the author's meaning) in the hint."""

from __future__ import annotations

import pytest

from cjmap import durations
from cjmap.engine import CheckOptions, check_bytes
from cjmap.loader import load_text
from cjmap.model import Journey

ACCEPTED = '"30 s", "10 min", "1.5 h", "2 d" or "3 w"'


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        ("30 s", 30), ("30s", 30), ("10 min", 600), ("10min", 600), ("1.5 h", 5400),
        ("1.5h", 5400), ("2 d", 172800), ("2d", 172800), ("3 w", 1814400), ("3w", 1814400),
        ("0 min", 0), ("0.25 h", 900), (" 45 s ", 45),
    ],
)
def test_every_accepted_form_is_read_in_seconds(written: str, seconds: float) -> None:
    assert durations.parse(written) == seconds


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("2 days", 'write `"2 d"`; accepted forms: ' + ACCEPTED),
        ("1 day", 'write `"1 d"`; accepted forms: ' + ACCEPTED),
        ("10 minutes", 'write `"10 min"`; accepted forms: ' + ACCEPTED),
        ("10 m", 'write `"10 min"`; accepted forms: ' + ACCEPTED),
        ("3 hours", 'write `"3 h"`; accepted forms: ' + ACCEPTED),
        ("2 hrs", 'write `"2 h"`; accepted forms: ' + ACCEPTED),
        ("45 sec", 'write `"45 s"`; accepted forms: ' + ACCEPTED),
        ("1 week", 'write `"1 w"`; accepted forms: ' + ACCEPTED),
        ("3 semanas", 'write `"3 w"`; accepted forms: ' + ACCEPTED),
        ("2 setmanes", 'write `"2 w"`; accepted forms: ' + ACCEPTED),
        ("5 días", 'write `"5 d"`; accepted forms: ' + ACCEPTED),
        ("4 hores", 'write `"4 h"`; accepted forms: ' + ACCEPTED),
        ("1,5 h", 'write `"1.5 h"`; accepted forms: ' + ACCEPTED),
        ("2 H", 'write `"2 h"`; accepted forms: ' + ACCEPTED),
        ("10  min", 'write `"10 min"`; accepted forms: ' + ACCEPTED),
        ("soon", "write a number and a unit: " + ACCEPTED),
        ("2 months", "write a number and a unit: " + ACCEPTED),
        ("-5 min", "write a number and a unit: " + ACCEPTED),
        ("", "write a number and a unit: " + ACCEPTED),
        (30, 'write a number and a unit: ' + ACCEPTED + '; a number alone has no unit (`"30 min"`?)'),
        (True, "write a number and a unit: " + ACCEPTED),
        (["1 h"], "write a number and a unit: " + ACCEPTED),
    ],
)
def test_anything_else_is_refused_with_the_accepted_forms(written: object, hint: str) -> None:
    with pytest.raises(durations.DurationError) as refused:
        durations.parse(written)
    assert refused.value.hint == hint


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(30, "30 s"), (90, "1.5 min"), (600, "10 min"), (5400, "1.5 h"), (7200, "2 h"),
     (172800, "2 d"), (1814400, "3 w"), (0, "0 s"), (100, "100 s"), (129600, "1.5 d")],
)
def test_a_duration_is_written_back_in_one_unit_that_reads_back(seconds: float, text: str) -> None:
    assert durations.as_text(seconds) == text
    assert durations.parse(text) == seconds


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(45, "45 s"), (600, "10 min"), (5400, "1 h 30 min"), (4 * 86400 + 3 * 3600 + 600, "4 d 3 h 10 min"),
     (8 * 86400, "8 d"), (13 * 86400 + 11 * 3600 + 42 * 60, "13 d 11 h 42 min"), (3660, "1 h 1 min"), (3629, "1 h")],
)
def test_a_total_reads_largest_unit_first(seconds: float, text: str) -> None:
    assert durations.span(seconds) == text


JOURNEY = """\
cjmap: 1
id: j
title: J
teams: [{id: ops, name: Ops}]
stages:
  - id: s
    name: S
    steps:
      - text: Queues
        duration: {duration}
        wait: 2 d
        moment_of_truth: {truth}
    backstage:
      - text: Checks
        owner: ops
        duration: 1.5h
"""


def test_the_model_keeps_seconds() -> None:
    text = JOURNEY.replace("{duration}", "10 min").replace("{truth}", "true")
    journey = Journey.model_validate(load_text(text).data)
    step = journey.stages[0].steps[0]
    assert (step.duration, step.wait, step.moment_of_truth) == (600, 172800, True)
    assert journey.stages[0].backstage[0].duration == 5400
    assert journey.has_blueprint and journey.stages[0].has_blueprint


def test_a_bad_duration_is_cj003_at_the_value_with_the_hint() -> None:
    text = JOURNEY.replace("{duration}", "2 days").replace("{truth}", "true")
    findings = check_bytes("j.journey.yaml", text.encode(), CheckOptions()).findings
    [finding] = [f for f in findings if f.code == "CJ003"]
    assert (finding.line, finding.column) == (10, 19)
    assert finding.message == "`duration` of step 1 in stage 's' is the text \"2 days\", which is not a duration"
    assert finding.hint == 'write `"2 d"`; accepted forms: ' + ACCEPTED


def test_moment_of_truth_is_true_or_false() -> None:
    text = JOURNEY.replace("{duration}", "10 min").replace("{truth}", '"yes"')
    findings = check_bytes("j.journey.yaml", text.encode(), CheckOptions()).findings
    [finding] = [f for f in findings if f.code == "CJ003"]
    assert (finding.line, finding.column) == (12, 26)
    assert finding.message == "`moment_of_truth` of step 1 in stage 's' must be `true` or `false`, not the text \"yes\""
    assert finding.hint == "write `true` or `false`, without quotes"


@pytest.mark.parametrize(
    ("language", "seconds", "total", "text"),
    [("en", 5400, False, "1.5 h"), ("es", 5400, False, "1,5 h"), ("ca", 1814400, False, "3 setm."),
     ("es", 8 * 86400 + 7200, True, "8 d 2 h"), ("ca", 60, True, "1 min"), ("es", 45.5, True, "45,5 s")],
)
def test_durations_read_in_the_report_language(language: str, seconds: float, total: bool, text: str) -> None:
    from cjmap import i18n

    assert i18n.duration(i18n.translator(language), seconds, total=total) == text
