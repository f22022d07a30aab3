"""Human output: findings grouped by file, each with its hint and the source
line under a caret, then a summary line.

Colour only on a terminal (or with FORCE_COLOR), never with NO_COLOR; rich
draws it. Without colour the same lines are written as plain text, which
spares a CI job the cost of importing rich.
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import TextIO

from cjmap.findings import Finding, RunResult, Severity

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


Span = tuple[str, "str | None"]  # a piece of text and its rich style


def wants_colour(out: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


# Control characters (C0, DEL, C1) and the invisible marks that reorder text
# on screen (bidirectional embeddings, overrides and isolates).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile("\r\n|[\n\r\t\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def escape(text: str) -> str:
    """Text for one terminal line, the one escaping function of text output:
    line breaks and tabs as spaces, any other control character written out as
    its code (`\\x1b`), so that a journey's text (an escape sequence in a team
    name) is shown and never obeyed, and never prints a line of its own."""
    return _UNSAFE.sub(_written_out, _BREAKS.sub(" ", text))


def _written_out(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


class Screen:
    """Plain lines; every span goes through `escape`."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def line(self, *spans: Span) -> None:
        self.out.write("".join(escape(text) for text, _ in spans) + "\n")


class Coloured(Screen):
    """The same lines, styled by rich."""

    def __init__(self, out: TextIO) -> None:
        from rich.console import Console

        super().__init__(out)
        self.console = Console(file=out, highlight=False, soft_wrap=True, emoji=False, force_terminal=True)

    def line(self, *spans: Span) -> None:
        from rich.text import Text

        styled = Text()
        for text, style in spans:
            styled.append(escape(text), style=style)
        self.console.print(styled)


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
    if _UNSAFE.match(char):  # C1 controls and the marks that reorder text
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
