"""Text that a spreadsheet program would run as a formula (CSV injection).

Excel, LibreOffice and Google Sheets read a cell that begins with `=`, `+`,
`-` or `@` (and, in some versions, a tab or a carriage return) as a formula,
which can fetch from the network or start programs. A journey's text comes
from whoever wrote the journey, so `cjmap export` never lets a cell begin
that way: in a CSV file such a cell is written with a `'` in front, the
guard spreadsheet programs themselves use (OWASP's advice on CSV
injection); a `.xlsx` cell is stored as text, marked so (`quotePrefix`), and
is never a formula. A cell that is only a number (`-1`, `2.5`) is a number,
not a formula, and is written as it is.

`cjmap import` takes the guard away again: a CSV cell that begins with `'`
followed by one of those characters (or by a second `'`, which is how a
text that itself begins with `'` is written) loses its first `'`.
"""

from __future__ import annotations

import re

GUARD = "'"
_RUNS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def runs_as_formula(text: str) -> bool:
    """True when a spreadsheet program would read `text` as a formula."""
    return text.startswith(_RUNS) and not _NUMBER.fullmatch(text)


def guarded(text: str) -> str:
    """`text` as a CSV cell that no spreadsheet program runs."""
    if runs_as_formula(text) or text.startswith(GUARD):
        return GUARD + text
    return text


def unguarded(text: str) -> str:
    """A CSV cell's text with the guard `guarded` put in front taken away."""
    if text.startswith(GUARD) and (runs_as_formula(text[1:]) or text[1:].startswith(GUARD)):
        return text[1:]
    return text
