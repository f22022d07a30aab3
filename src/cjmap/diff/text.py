"""The diff for a terminal or a CI log: one block per journey, one line per
change under its stage, a marker in front (+ added, - removed, ~ changed,
↑ rose, ↓ fell), and a summary line.

Colours come from the same screen as `cjmap validate`'s report: only on a
terminal (or with FORCE_COLOR), never with NO_COLOR or into a file.

A terminal obeys the control characters it is sent: an escape sequence in a
stage name could recolour, retitle or clear the screen, and a newline would
print a line that looks like a change. Every span goes through `escape`, so a
journey's text is printed, never obeyed, and stays on its line.
"""

from __future__ import annotations

import re
from typing import TextIO

from cjmap.diff.outcome import DiffReport, JourneyDiff
from cjmap.diff.words import quoted
from cjmap.reporters.text import Coloured, Screen, Span

_STYLE = {"+": "green", "-": "red", "~": "yellow", "↑": "green", "↓": "red"}
# Control characters (C0, DEL, C1) and the invisible marks that reorder text
# on screen (bidirectional embeddings, overrides and isolates).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile("\r\n|[\n\r\t\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def escape(text: str) -> str:
    """Text for a terminal line: line breaks and tabs as spaces, any other
    control character written out as its code (`\\x1b`), so it shows and
    does nothing."""
    return _UNSAFE.sub(_written_out, _BREAKS.sub(" ", text))


def _written_out(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _line(screen: Screen, *spans: Span) -> None:
    screen.line(*((escape(text), style) for text, style in spans))


def write_text(report: DiffReport, out: TextIO, *, colour: bool) -> None:
    screen = Coloured(out) if colour else Screen(out)
    _line(screen, (report.heading, "bold"))
    for journey in report.journeys:
        screen.line()
        _journey(screen, journey)
    screen.line()
    _line(screen, (report.summary_line(), "bold"))


def _journey(screen: Screen, journey: JourneyDiff) -> None:
    title = f" ({quoted(journey.title)})" if journey.title else ""
    _line(screen, (journey.path, "bold"), (title, None), (f": {journey.headline}", None))
    for problem in journey.problems:
        _line(screen, ("  ", None), (problem.sentence, "red"))
        _line(screen, ("    hint: ", "dim"), (problem.hint, None))
    for stage, name, changes in journey.groups():
        indent = "  "
        if stage is not None:
            _line(screen, ("  stage ", "bold"), (quoted(name), "bold"), (f" ({stage})", None))
            indent = "    "
        for change in changes:
            spans: list[Span] = [(indent, None), (change.marker, _STYLE[change.marker]), (" ", None),
                                 (change.text, None)]
            _line(screen, *spans)
