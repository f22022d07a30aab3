"""`# cjmap: disable=CODE` comments, found in the raw text.

The fast loader does not keep comments, and it does not need to: a directive
is a YAML comment, so it starts with `#` at the start of a line or after a
space, outside any quoted or block text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from cjmap.loader import LINE_BREAK, position_of, scalar_spans

_DIRECTIVE = re.compile(
    r"(?:\A|(?<=[ \t\r\n\x85\u2028\u2029]))#[ \t]*cjmap:[ \t]*(disable-file|disable)[ \t]*=[ \t]*"
    r"([A-Za-z0-9_]+(?:[ \t]*,[ \t]*[A-Za-z0-9_]+)*)",
)


@dataclass(slots=True)
class Suppression:
    """One directive. `line` and `column` are where its `#` is (1-based)."""

    line: int
    column: int
    codes: tuple[str, ...]
    whole_file: bool
    alone: bool  # alone on its line: it also covers the next line
    used: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        keyword = "disable-file" if self.whole_file else "disable"
        return f"# cjmap: {keyword}={','.join(self.codes)}"

    def covers(self, code: str, line: int) -> bool:
        if code not in self.codes:
            return False
        if self.whole_file:
            return True
        return line == self.line or (self.alone and line == self.line + 1)


def find_suppressions(source: str) -> list[Suppression]:
    if "cjmap: disable" not in source and "cjmap:disable" not in source:
        return []  # the common case, decided without a regex pass
    found = []
    matches = list(_DIRECTIVE.finditer(source))
    spans = scalar_spans(source) if matches else []
    starts = [begin for begin, _ in spans]  # in the file's order, as the parser gives them
    lines = _Lines(source)
    for match in matches:
        start = match.start()
        inside = bisect_right(starts, start) - 1
        if inside >= 0 and start < spans[inside][1]:
            continue  # `# cjmap:` written inside a text value is not a comment
        line, column = lines.position(start)
        line_start = start - column + 1
        codes = tuple(code.strip().upper() for code in match.group(2).split(","))
        found.append(
            Suppression(
                line=line,
                column=column,
                codes=codes,
                whole_file=match.group(1) == "disable-file",
                alone=not source[line_start:start].strip(),
            )
        )
    return found


class _Lines:
    """`position_of` for positions that only move forwards: the text is
    scanned once, not from its start for every directive (a file with a
    directive on every line would be quadratic)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.scanned = 0
        self.line = 1
        self.line_start = 0

    def position(self, index: int) -> tuple[int, int]:
        if self.line == 1 and not any(True for _ in LINE_BREAK.finditer(self.text, self.scanned, index)):
            return position_of(self.text, index)  # the first line, where a byte-order mark does not count
        for found in LINE_BREAK.finditer(self.text, self.scanned, index):
            self.line += 1
            self.line_start = found.end()
        self.scanned = index
        return self.line, index - self.line_start + 1
