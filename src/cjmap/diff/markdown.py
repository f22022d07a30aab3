"""The diff as GitHub-flavoured Markdown, to paste as a pull-request comment.

A heading per journey, a bold label per stage, a bullet per change. Every
text from a journey or a path goes through the report's escaping
(`cjmap.report.markdown`), so a `|`, `*`, `<script>` or leading `#` in a
need or a stage name shows as written and cannot break the comment.
"""

from __future__ import annotations

import re

from cjmap.diff.outcome import DiffReport, JourneyDiff
from cjmap.diff.words import quoted
from cjmap.report.markdown import inline, text

# Markers that read at a glance in a rendered comment; a bare + or - would
# start a nested list.
_MARKERS = {"+": "➕", "-": "➖", "~": "✏️", "↑": "⬆️", "↓": "⬇️"}


def markdown(report: DiffReport) -> str:
    lines = [f"## {text(report.heading)}", "", inline(report.summary_line())]
    for journey in report.journeys:
        lines += ["", *_journey(journey)]
    return "\n".join(lines) + "\n"


def code(command: str) -> str:
    """A code span that holds any text: its fence is longer than any run of
    backticks inside, and padded where the text begins or ends with one."""
    longest = max((len(run) for run in re.findall(r"`+", command)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if command.startswith(("`", " ")) or command.endswith(("`", " ")) else ""
    return f"{fence}{padding}{command}{padding}{fence}"


def _journey(journey: JourneyDiff) -> list[str]:
    lines = [f"### {text(journey.path)}", ""]
    about = f"{quoted(journey.title)}: {journey.headline}" if journey.title else journey.headline
    lines.append(text(about[:1].upper() + about[1:]) + ".")
    for problem in journey.problems:
        before, command, after = problem.hint_parts()
        lines += ["", f"⚠️ {inline(problem.sentence[:1].upper() + problem.sentence[1:])}.",
                  "", f"Hint: {inline(before)} {code(command)} {inline(after)}."]
    for stage, name, changes in journey.groups():
        lines.append("")
        if stage is not None:
            lines += [f"**Stage {inline(quoted(name))} ({inline(stage)})**", ""]
        lines += [f"- {_MARKERS[change.marker]} {inline(change.text)}" for change in changes]
    return lines
