r"""Journey text made safe for Graphviz HTML-like labels.

`escape()` is a Graphviz label's escaping, built on SVG's (`svgtext.xml`:
markup characters become entities, characters XML forbids are dropped), with
backslashes doubled, so `\N` is not replaced by a node name.
Everything an author wrote passes through `html()` (or `escape()`) before it
reaches a label: newlines become line breaks; long text is wrapped at word
boundaries (very long words are cut); absurdly long text is cut short with an
ellipsis.
"""

from __future__ import annotations

import unicodedata

from cjmap.svgtext import ELLIPSIS, clean, xml

LIMIT = 600
"""Characters kept of one text: room for a long paragraph, not for a pasted file."""

BREAK = "<BR/>"

def escape(text: object) -> str:
    """`text` as the content of an HTML-like label: no markup survives."""
    # Graphviz expands \N, \G, \L… in label text, after entities are decoded;
    # a doubled backslash is its way of writing one.
    return xml(text).replace("\\", "\\\\")


def truncate(text: str, limit: int = LIMIT) -> str:
    """At most `limit` characters; longer text ends with an ellipsis at a word end."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > limit * 3 // 4:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def display_width(text: str) -> int:
    """Columns `text` takes: wide characters (CJK, most emoji) count as two."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _cut(word: str, width: int) -> list[str]:
    """A word longer than a line, cut into pieces that fit."""
    pieces, piece, used = [], "", 0
    for char in word:
        size = display_width(char)
        if piece and used + size > width:
            pieces.append(piece)
            piece, used = "", 0
        piece += char
        used += size
    return pieces + [piece] if piece else pieces


def wrap(text: object, width: int, *, limit: int = LIMIT) -> list[str]:
    """The lines of `text` at most `width` columns wide, broken between words.

    The author's own line breaks are kept (blank lines collapse to one), runs of
    spaces become one space, and a word wider than a line is cut.
    """
    lines: list[str] = []
    for paragraph in truncate(clean(text).strip(), limit).split("\n"):
        words = paragraph.split()
        if not words:
            if lines and lines[-1]:
                lines.append("")
            continue
        line, used = "", 0
        for word in words:
            size = display_width(word)
            if line and used + 1 + size <= width:
                line, used = f"{line} {word}", used + 1 + size
                continue
            if line:
                lines.append(line)
            pieces = _cut(word, width) if size > width else [word]
            lines.extend(pieces[:-1])
            line, used = pieces[-1], display_width(pieces[-1])
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def html(text: object, width: int, *, limit: int = LIMIT) -> str:
    """`text` wrapped to `width` and escaped, its lines joined by label line breaks."""
    return BREAK.join(escape(line) for line in wrap(text, width, limit=limit))


# Building blocks of HTML-like labels. Their content must already be safe
# (from `escape()` or `html()`, or another block); attribute values are ours.

Cell = str


def _attributes(attributes: dict[str, object]) -> str:
    return "".join(
        f' {name.upper()}="{escape(value)}"' for name, value in attributes.items() if value is not None
    )


def td(content: str, **attributes: object) -> Cell:
    return f"<TD{_attributes(attributes)}>{content}</TD>"


def tr(cells: list[Cell]) -> str:
    return "<TR>" + "".join(cells) + "</TR>"


def table(rows: list[str], **attributes: object) -> str:
    return f"<TABLE{_attributes(attributes)}>" + "".join(rows) + "</TABLE>"


def font(content: str, *, size: float | None = None, color: str | None = None,
         bold: bool = False, italic: bool = False) -> str:
    """`content` in a size and colour; empty content stays empty (Graphviz rejects `<B></B>`)."""
    if not content:
        return ""
    if bold:
        content = f"<B>{content}</B>"
    if italic:
        content = f"<I>{content}</I>"
    attributes = _attributes({"point-size": size and f"{size:g}", "color": color})
    return f"<FONT{attributes}>{content}</FONT>" if attributes else content


def lines(parts: list[str]) -> str:
    """Label fragments one under the other, skipping empty ones."""
    return BREAK.join(part for part in parts if part)


def side_by_side(entries: list[tuple[str, float]], room: float, *, gap: str, gap_width: float) -> str:
    """Legend entries, each label text with its width in points, one after the
    other with `gap` between them, on as many lines as `room` points need. Text,
    not a table: Graphviz would stretch a table's cells across a wide row."""
    rows: list[list[str]] = [[]]
    used = 0.0
    for content, width in entries:
        if rows[-1] and used + gap_width + width > room:
            rows.append([])
        used = width if not rows[-1] else used + gap_width + width
        rows[-1].append(content)
    return lines([gap.join(row) for row in rows])
