"""Human output: findings grouped by file, each with its hint and the source
line under a caret, then a summary line. Colour only on a terminal."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from cjmap.findings import Finding, RunResult, Severity

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
# Long lines are shown as a window around the column so the caret stays visible.
_WINDOW = 100


class TextReporter:
    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet

    def write(self, result: RunResult, out: TextIO) -> None:
        console = Console(file=out, highlight=False, soft_wrap=True, emoji=False)
        first = True
        for file_result in result.files:
            if not file_result.findings:
                continue
            if not first and not self.quiet:
                console.print()
            first = False
            lines = (file_result.source or "").splitlines()
            for finding in file_result.findings:
                console.print(_headline(finding))
                if not self.quiet:
                    _details(console, finding, lines)
        if not self.quiet:
            if not first:
                console.print()
            console.print(summary(result))


def _headline(finding: Finding) -> Text:
    text = Text()
    text.append(f"{finding.file}:{finding.line}:{finding.column}", style="bold")
    text.append(" ")
    text.append(finding.code, style="bold")
    text.append(" ")
    text.append(finding.severity.value, style=_STYLE[finding.severity])
    text.append(" ")
    text.append(finding.message)
    return text


def _details(console: Console, finding: Finding, lines: list[str]) -> None:
    if finding.hint:
        console.print(Text("  hint: ", style="dim") + Text(finding.hint))
    if 0 < finding.line <= len(lines):
        source = lines[finding.line - 1].expandtabs(1)
        column = finding.column - 1
        if len(source) > _WINDOW:
            start = max(0, min(column - _WINDOW // 2, len(source) - _WINDOW))
            source = source[start : start + _WINDOW]
            column -= start
        number = str(finding.line)
        gutter = " " * (len(number) + 3)
        console.print(Text(f"  {number} | ", style="dim") + Text(source))
        console.print(Text(f"{gutter}| ", style="dim") + Text(" " * column + "^", style=_STYLE[finding.severity]))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def summary(result: RunResult) -> str:
    files = _plural(len(result.files), "file")
    counts = [
        _plural(result.count(Severity.ERROR), "error"),
        _plural(result.count(Severity.WARNING), "warning"),
        _plural(result.count(Severity.INFO), "info"),
    ]
    if not result.findings:
        return f"{files} checked: no problems found."
    return f"{files} checked: {', '.join(counts)}."
