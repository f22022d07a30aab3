"""The diff as GitHub-flavoured Markdown, to paste as a pull-request comment.

A heading per journey or catalog, a bold label per stage, a bullet per
change (a catalog's says which journeys use what changed). Every
text from a journey or a path goes through the report's one Markdown escaping
(`cjmap.gfm.escape`; a command through its `code`), so a `|`,
`*`, `<script>`, a newline or a leading `#` in a need or a stage name shows as
written and cannot break the comment.
"""

from __future__ import annotations

from cjmap.diff.outcome import DiffReport, JourneyDiff
from cjmap.diff.words import quoted
from cjmap.gfm import code, escape

# Markers that read at a glance in a rendered comment; a bare + or - would
# start a nested list.
_MARKERS = {"+": "➕", "-": "➖", "~": "✏️", "↑": "⬆️", "↓": "⬇️"}


def markdown(report: DiffReport) -> str:
    lines = [f"## {escape(report.heading)}", "", escape(report.summary_line())]
    for journey in report.journeys:
        lines += ["", *_journey(journey)]
    return "\n".join(lines) + "\n"


def _journey(journey: JourneyDiff) -> list[str]:
    lines = [f"### {escape(journey.path)}", ""]
    about = f"{quoted(journey.title)}: {journey.headline}" if journey.title else journey.headline
    lines.append(escape(about[:1].upper() + about[1:]) + ".")
    for problem in journey.problems:
        before, command, after = problem.hint_parts()
        lines += ["", f"⚠️ {escape(problem.sentence[:1].upper() + problem.sentence[1:])}.",
                  "", f"Hint: {escape(before)} {code(command)} {escape(after)}."]
    for stage, name, changes in journey.groups():
        lines.append("")
        if stage is not None:
            lines += [f"**Stage {escape(quoted(name))} ({escape(stage)})**", ""]
        lines += [f"- {_MARKERS[change.marker]} {escape(change.shown)}" for change in changes]
    return lines
