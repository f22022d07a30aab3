"""The diff for a terminal or a CI log: one block per journey or catalog, one
line per change under its stage, a marker in front (+ added, - removed,
~ changed, ↑ rose, ↓ fell), after a catalog's change the journeys that use
what changed, and a summary line.

Colours come from the same screen as `cjmap validate`'s report: only on a
terminal (or with FORCE_COLOR), never with NO_COLOR or into a file.

A terminal obeys the control characters it is sent: an escape sequence in a
stage name could recolour, retitle or clear the screen, and a newline would
print a line that looks like a change. The screen sends every span through
the terminal's one escaping function (`reporters.text.escape`), so a
journey's text is printed, never obeyed, and stays on its line.
"""

from __future__ import annotations

from typing import TextIO

from cjmap.diff.outcome import DiffReport, JourneyDiff
from cjmap.diff.words import quoted
from cjmap.terminal import Coloured, Screen, Span

_STYLE = {"+": "green", "-": "red", "~": "yellow", "↑": "green", "↓": "red"}


def write_text(report: DiffReport, out: TextIO, *, colour: bool) -> None:
    screen = Coloured(out) if colour else Screen(out)
    screen.line((report.heading, "bold"))
    for journey in report.journeys:
        screen.line()
        _journey(screen, journey)
    screen.line()
    screen.line((report.summary_line(), "bold"))


def _journey(screen: Screen, journey: JourneyDiff) -> None:
    title = f" ({quoted(journey.title)})" if journey.title else ""
    screen.line((journey.path, "bold"), (title, None), (f": {journey.headline}", None))
    for problem in journey.problems:
        screen.line(("  ", None), (problem.sentence, "red"))
        screen.line(("    hint: ", "dim"), (problem.hint, None))
    for stage, name, changes in journey.groups():
        indent = "  "
        if stage is not None:
            screen.line(("  stage ", "bold"), (quoted(name), "bold"), (f" ({stage})", None))
            indent = "    "
        for change in changes:
            spans: list[Span] = [(indent, None), (change.marker, _STYLE[change.marker]), (" ", None),
                                 (change.text, None)]
            if change.usage is not None:
                spans.append((f" — {change.usage}", "dim"))
            screen.line(*spans)
