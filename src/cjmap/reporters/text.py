"""Human output: findings grouped by file, each with its hint and the source
line under a caret, then a summary line.

Colour only on a terminal (or with FORCE_COLOR), never with NO_COLOR; rich
draws it. Without colour the same lines are written as plain text, which
spares a CI job the cost of importing rich.
"""

from __future__ import annotations

import unicodedata
from typing import TextIO

from cjmap.findings import Finding, RunResult, Severity
from cjmap.terminal import UNSAFE, Coloured, Screen, Span, wants_colour

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
# Long lines are shown as a window around the column so the caret stays visible.
_WINDOW = 100


class TextReporter:
    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet

    def write(self, result: RunResult, out: TextIO) -> None:
        screen: Screen = Coloured(out) if wants_colour(out) else Screen(out)
        first = True
        for file_result in result.files:
            if not file_result.findings:
                continue
            if not first and not self.quiet:
                screen.line()
            first = False
            shown = file_result.findings[: file_result.shown]
            for finding in shown:
                screen.line(*_headline(finding))
                if not self.quiet:
                    for spans in _details(finding, file_result.excerpt(finding.line)):
                        screen.line(*spans)
            hidden = len(file_result.findings) - len(shown)
            if hidden:
                screen.line((f"{file_result.file}: … and {_plural(hidden, 'more finding')} in this file "
                             "(--max-findings 0 shows them all)", "dim"))
        if not self.quiet:
            if not first:
                screen.line()
            screen.line((summary(result), None))


def _headline(finding: Finding) -> list[Span]:
    return [
        (f"{finding.file}:{finding.line}:{finding.column}", "bold"), (" ", None),
        (finding.code, "bold"), (" ", None),
        (finding.severity.value, _STYLE[finding.severity]), (" ", None),
        (finding.message, None),
    ]


def _details(finding: Finding, source: str | None) -> list[list[Span]]:
    lines: list[list[Span]] = []
    if finding.hint:
        lines.append([("  hint: ", "dim"), (finding.hint, None)])
    if source is not None:
        source = source.expandtabs(1)
        column = finding.column - 1
        if len(source) > _WINDOW:
            start = max(0, min(column - _WINDOW // 2, len(source) - _WINDOW))
            source = source[start : start + _WINDOW]
            column -= start
        source = "".join(_visible(char) for char in source)
        number = str(finding.line)
        gutter = " " * (len(number) + 3)
        lines.append([(f"  {number} | ", "dim"), (source, None)])
        lines.append([(f"{gutter}| ", "dim"), (" " * _cells(source[:column]) + "^", _STYLE[finding.severity])])
    return lines


def _visible(char: str) -> str:
    """A control character as its picture (U+0001 as ␁), which takes one
    cell: written as is, it would move the cursor or colour the terminal."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if UNSAFE.match(char):  # C1 controls and the marks that reorder text
        return "\ufffd"
    return char


def _cells(text: str) -> int:
    """How many terminal cells the text takes: the caret goes under the
    character a column counts to, after wide letters (2 cells: CJK, most
    emoji) and marks that take none (accents written apart, joiners)."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


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
