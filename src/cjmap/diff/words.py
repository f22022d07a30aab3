"""How values read inside a sentence about a change.

Every message of `cjmap diff` is built from these pieces so that the same
thing always reads the same way: names and texts in quotes on one line,
scores with their sign (`+1`), numbers without a trailing `.0`, teams by name
and id, durations as a journey writes them (`1.5 h`), "changed from … to …"
for any edited value and "grew from … to … (+…)" for a duration.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cjmap.durations import as_text
from cjmap.i18n import GROUP_FROM
from cjmap.shorten import shorten

# Texts are quoted whole, but a pasted paragraph would swamp the line.
_LONGEST = 160


def quoted(text: object) -> str:
    return f"“{shorten(str(text), _LONGEST)}”"


def named(name: object, ident: str) -> str:
    """A thing with a name and an id: `“Online ad” (ad)`."""
    return f"{quoted(name)} ({ident})"


def score(value: int) -> str:
    return f"+{value}" if value > 0 else str(value)


def number(value: float) -> str:
    """`12,000`, `4.5`: digits grouped from 10,000 up, as the reports write them."""
    text = str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))
    whole, dot, fraction = text.partition(".")
    if abs(value) >= GROUP_FROM and "e" not in text:
        whole = f"{int(whole):,}"
    return whole + dot + fraction


def quantity(value: float, unit: str | None) -> str:
    if not unit:
        return number(value)
    return f"{number(value)}{unit}" if unit == "%" else f"{number(value)} {unit}"


def team(teams: dict[str, str], ident: str) -> str:
    """A team by name and id; a team missing from the list by its id alone."""
    name = teams.get(ident)
    return ident if name is None or name == ident else f"{name} ({ident})"


def value_change(label: str, old: str | None, new: str | None) -> str:
    """`target changed from 10 to 20`; a value that appears or goes away says so."""
    if old is None:
        return f"{label} set to {new}"
    if new is None:
        return f"{label} removed (was {old})"
    return f"{label} changed from {old} to {new}"


def duration(seconds: float) -> str:
    """`1.5 h`: one unit, as the journey would write it (the model keeps seconds)."""
    return as_text(seconds)


def duration_change(label: str, old: float, new: float) -> str:
    """`wait grew from 2 d to 4 d (+2 d)`: which way, and by how much, for a
    reviewer who should not have to subtract 10 min from 1.5 h."""
    grew = new > old
    return (f"{label} {'grew' if grew else 'shrank'} from {duration(old)} to {duration(new)} "
            f"({'+' if grew else '-'}{duration(abs(new - old))})")


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def plain(value: Any) -> Any:
    """A value as JSON writes it: dates as ISO text, whole numbers without `.0`."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value
