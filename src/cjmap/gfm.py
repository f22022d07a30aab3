"""GitHub-flavoured Markdown: the one way journey text enters a Markdown
document, for the report and for `cjmap diff`'s pull-request comment.

Journey text is data. It reaches a document through one function, `escape`,
wherever it lands — a heading, a paragraph, a list item, a table cell, a
link's text — so no place needs to know which Markdown characters matter
there: every character Markdown gives meaning to is escaped, `<` and `&`
become entities so no HTML gets through, a newline becomes `<br>` so no text
starts a block of its own or breaks a table row. Two other places hold text
with rules of their own and have their own function: a code span (`code`) and
a link's target (`target`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote

# Characters with a meaning anywhere in a line; `(` `)` `!` only matter
# after a `]`, which is escaped, so they stay readable.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# What opens a block at the start of a line: a list item (`-`, `+`, `1.`,
# `1)`; `*` is escaped anyway), a heading, a quote, a setext underline. A
# number needs a space after it to start a list, so `10.5 EUR` stays as is.
_BLOCK_START = re.compile(r"^([-+=#>]|\d+[.)](?=\s|$))")
# A heading drops a closing run of `#` (`## Plan B #`): its first `#` escaped
# keeps it as text.
_CLOSING_HASHES = re.compile(r"(?<![\\#])#+$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # CommonMark's three line endings


def escape(value: object) -> str:
    """Journey text made inert anywhere in the document: in a line, at the
    start of a block, at the end of a heading and inside a table cell.

    One function for every place, so no text can reach the document through
    an escaping meant for another place. Lines are stripped and joined by
    `<br>` (a blank line would end the block, leading spaces would start
    code); the result is one line.
    """
    escaped = str(value).replace("&", "&amp;").replace("<", "&lt;")
    escaped = _SPECIAL.sub(r"\\\1", escaped)
    lines = [line.strip() for line in _LINE_BREAK.split(escaped)]
    escaped = "<br>".join(line for line in lines if line)
    escaped = _BLOCK_START.sub(r"\\\1", escaped)
    return _CLOSING_HASHES.sub(lambda m: "\\" + m.group(), escaped)


def cell(value: object) -> str:
    """Text for a table cell: escaped, and never empty, which would merge cells."""
    return escape(value) or " "


def code(value: str) -> str:
    """A code span that holds any text as written: its fence is longer than
    any run of backticks inside, padded where the text begins or ends with
    one, and a line break becomes a space (it would end the paragraph)."""
    value = " ".join(value.replace("\r", "\n").split("\n"))
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if value.startswith(("`", " ")) or value.endswith(("`", " ")) else ""
    return f"{fence}{padding}{value}{padding}{fence}"


def target(path: str) -> str:
    """A file name as a link's target: percent-encoded, so a space or a
    bracket cannot end the link and `javascript:` cannot be its scheme."""
    return quote(path, safe="/")


def link(words: object, path: str) -> str:
    """A link to a relative `path`, its words escaped as journey text."""
    return f"[{escape(words)}]({target(path)})"


def table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> list[str]:
    """A GFM table; `align` holds one of l, r, c per column (default left).
    Cells are Markdown already: journey text in them went through `escape`."""
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    aligns = [marks[a] for a in align.ljust(len(header), "l")]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines
