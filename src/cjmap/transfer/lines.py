"""One item on one line of a grid's cell, and back.

A cell holds one item per line. What an item says besides its text is
written after it in square brackets, separated by commas, in the journey's
language (and read in any):

    Branch visit [store]                         a touchpoint and its channel
    Queue at the counter [high]                  a pain point and its severity
    ♦ Signs the contract [+1, 10 min, wait 2 d]  a step: moment of truth, score, times
    Welcome e-mail [campaign, done]              an action's type and status
    "Too slow" [NPS survey, 2026-03-01]          feedback, its source and date

Only what differs from the format's default is written (a pain point of
medium severity has no brackets). A text that itself ends in brackets is
written with an empty pair after it (`Plan [B] []`), so that its brackets
stay text. Lines are stripped; empty lines are skipped; a list bullet at the
start of a line (`•`, `-`, `*`, `·`, `–` and a space), as people type them
in spreadsheets, is not part of the item.
"""

from __future__ import annotations

import re
from functools import cache

from cjmap import durations
from cjmap.choices import LANGUAGES

_DETAILS = re.compile(r"^(?P<text>.*?)\s*\[(?P<details>[^\[\]]*)\]$")
_BULLET = re.compile(r"^[•\-*·–]\s+")


def items(cell: str) -> list[tuple[int, str]]:
    """The items of a cell: (line number from 0, the line), stripped, without
    bullets, empty lines left out."""
    found = []
    for number, line in enumerate(cell.split("\n")):
        line = _BULLET.sub("", line.strip())
        if line:
            found.append((number, line))
    return found


def split(line: str) -> tuple[str, list[str]]:
    """An item's text and the details in brackets after it (none: [])."""
    match = _DETAILS.match(line)
    if match is None or not match.group("text"):
        return line, []
    details = [part.strip() for part in match.group("details").split(",")]
    return match.group("text"), [part for part in details if part]


def joined(text: str, details: list[str]) -> str:
    """An item as one line: its text, then its details in brackets."""
    text = " ".join(text.split())  # one line: a line break would start another item
    if details:
        return f"{text} [{', '.join(details)}]"
    if _DETAILS.match(text) and split(text)[0] != text:
        return f"{text} []"
    return text


def cell(lines: list[str]) -> str:
    """Several items as one cell's text."""
    return "\n".join(lines)


_AMOUNT = re.compile(r"([0-9]+(?:[.,][0-9]+)?) ?(\S+)")


def step_time(detail: str) -> tuple[str, str] | None:
    """A step's duration (`10 min`) or wait (`wait 2 d`, `espera 2 sem`) as
    the format writes it, ("duration", "10 min") or ("wait", "2 d"), or None.
    The words are read in any language, with a decimal comma or point, as
    `cjmap render --format mermaid` and `cjmap export` write them."""
    text = " ".join(detail.split())
    for before, after in _wait_words():
        if text.casefold().startswith(before) and text.casefold().endswith(after) and len(text) > len(before):
            time = _duration(text[len(before):len(text) - len(after)].strip())
            return None if time is None else ("wait", time)
    time = _duration(text)
    return None if time is None else ("duration", time)


def _duration(text: str) -> str | None:
    match = _AMOUNT.fullmatch(text)
    if match is None:
        return None
    unit = _units().get(match.group(2).casefold().rstrip("."))
    if unit is None:
        return None
    written = f"{match.group(1).replace(',', '.')} {unit}"
    try:
        durations.parse(written)
    except durations.DurationError:
        return None
    return written


@cache
def _wait_words() -> list[tuple[str, str]]:
    """What comes before and after the time in "wait {time}", in each language."""
    from cjmap.i18n import CATALOG

    found = []
    for language in LANGUAGES:
        before, _, after = CATALOG[language]["blueprint.wait"].partition("{time}")
        found.append((before.casefold(), after.casefold()))
    return found


@cache
def _units() -> dict[str, str]:
    """Each unit's word, in any language, to the format's unit."""
    from cjmap.i18n import CATALOG

    units = {unit: unit for unit in durations.UNITS}
    for language in LANGUAGES:
        for unit in durations.UNITS:
            units.setdefault(CATALOG[language][f"unit.{unit}"].casefold().rstrip("."), unit)
    return units
