"""Durations: how long a step, a wait or a blueprint action takes.

A journey writes a number and a unit (`"30 s"`, `"10 min"`, `"1.5 h"`,
`"2 d"`, `"3 w"`, with one space or none); cjmap keeps every duration in
seconds, so that steps and waits of a stage can be added up, and writes them
back in the largest unit that keeps the number short.
"""

from __future__ import annotations

import re
import unicodedata

UNITS = {"s": 1, "min": 60, "h": 3600, "d": 86400, "w": 604800}
ACCEPTED = '"30 s", "10 min", "1.5 h", "2 d" or "3 w"'
# Spaces only: other blanks (a non-breaking space, a tab) mean the same to
# every regular-expression engine that reads the JSON Schema.
PATTERN = r"^ *[0-9]+(\.[0-9]+)? ?(s|min|h|d|w) *$"
_FORM = re.compile(r" *([0-9]+(?:\.[0-9]+)?) ?(s|min|h|d|w) *")

# Words authors write for a unit, in English, Spanish and Catalan, without
# accents and in lower case: "2 days", "10 minutos", "3 setmanes".
_SPELLED = {
    "s": ("sec", "secs", "second", "seconds", "seg", "segs", "segundo", "segundos", "segon", "segons"),
    "min": ("m", "mn", "mins", "minute", "minutes", "minuto", "minutos", "minut", "minuts"),
    "h": ("hr", "hrs", "hour", "hours", "hora", "horas", "hores"),
    "d": ("day", "days", "dia", "dias", "dies"),
    "w": ("wk", "wks", "week", "weeks", "sem", "semana", "semanas", "setmana", "setmanes"),
}
_UNIT_OF_WORD = {word: unit for unit, words in _SPELLED.items() for word in words}
_WRITTEN = re.compile(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*([^\d\s.,]+)\.?\s*")


class DurationError(ValueError):
    """A duration cjmap cannot read; `hint` says how to write it."""

    def __init__(self, hint: str) -> None:
        super().__init__(hint)
        self.hint = hint


def parse(value: object) -> float:
    """Seconds in a duration as a journey writes it, or DurationError."""
    if isinstance(value, str):
        match = _FORM.fullmatch(value)
        if match:
            return float(match.group(1)) * UNITS[match.group(2)]
    raise DurationError(hint_for(value))


def hint_for(value: object) -> str:
    """How to write what the author meant: `"2 days"` becomes `"2 d"`."""
    forms = f"write a number and a unit: {ACCEPTED}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'{forms}; a number alone has no unit (`"{_number(float(value))} min"`?)'
    if isinstance(value, str):
        match = _WRITTEN.fullmatch(value)
        if match:
            word = _plain(match.group(2))
            unit = word if word in UNITS else _UNIT_OF_WORD.get(word)
            if unit is not None:
                return f'write `"{match.group(1).replace(",", ".")} {unit}"`; accepted forms: {ACCEPTED}'
    return forms


def as_text(seconds: float) -> str:
    """A duration in one unit, as a journey would write it: 5400 s is "1.5 h"."""
    for unit in ("w", "d", "h", "min"):
        amount = seconds / UNITS[unit]
        if amount >= 1 and round(amount, 2) * UNITS[unit] == seconds:
            return f"{_number(amount)} {unit}"
    return f"{_number(seconds)} s"


def span(seconds: float) -> str:
    """A total for people to read, in days, hours and minutes: "13 d 3 h 10 min".

    Weeks are left out and no part is dropped: "1 w 6 d 11 h" would hide the
    minutes a customer spends, and thirteen days read as easily."""
    if seconds < 60:
        return f"{_number(round(seconds, 1))} s"
    parts = []
    rest = round(seconds / 60)  # minutes: a total does not need its seconds
    for unit in ("d", "h", "min"):
        amount, rest = divmod(rest, UNITS[unit] // 60)
        if amount:
            parts.append(f"{amount} {unit}")
    return " ".join(parts)


def _number(amount: float) -> str:
    return f"{amount:.2f}".rstrip("0").rstrip(".")


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
