"""Read YAML text into nodes that keep what formatting needs and data drops:
each scalar's style and source text, each collection's anchor, and every
comment and blank line, attached to the entry it describes.

libyaml does not report comments, so they are found in the text: a `#` at the
start of a line or after a space, outside every scalar. A comment alone on its
line belongs to the entry that follows it (it travels with that entry when keys
are reordered); a comment at the end of a line belongs to the outermost entry
that starts on that line, which is also the line a `# cjmap: disable=` comment
is read against.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from cjmap.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    YAMLError,
    parser as yaml_parser,
)

BLANK = ""  # a blank line among the comments before an entry
# Line breaks for libyaml, once CR and NEL have been made LF: a comment ends at
# any of them.
_LINE_BREAK = re.compile("[\n\u2028\u2029]")
# A block scalar's text is written this many spaces deeper than its key or
# dash (emit.INDENT), so an indentation indicator (`|4`, `>1-`) becomes this.
BLOCK_INDENT = 2
_BLOCK_INDICATOR = re.compile(r"^([|>][+-]?)[1-9]")


@dataclass(slots=True)
class Scalar:
    value: str
    style: str  # "" plain, "'" or '"' quoted, "|" or ">" block
    source: str  # the scalar as written, when it fits on one line; else ""
    anchor: str | None = None
    tag: str | None = None
    header: str = ""  # a block scalar's indicator line, e.g. "|-" or ">  # note"
    lines: list[str] = field(default_factory=list)  # a block scalar's content lines


@dataclass(slots=True, eq=False)
class Alias:
    anchor: str
    target: Node | None = None  # the node it stands for: the last one named so before it
    line: int = 0  # 1-based, for messages


@dataclass(slots=True)
class Collection:
    is_map: bool
    entries: list[Entry] = field(default_factory=list)
    anchor: str | None = None
    tag: str | None = None


Node = Scalar | Alias | Collection


@dataclass(slots=True)
class Entry:
    """A key and its value in a mapping, or an item of a sequence (key None)."""

    start: int  # where the entry starts in the text (a character index)
    column: int  # its indentation: where its key, or its item's dash, is (0-based)
    key: Scalar | None = None
    value: Node | None = None
    before: list[str] = field(default_factory=list)  # comment lines and BLANKs
    after: list[str] = field(default_factory=list)  # indented comments below its value
    trailing: str | None = None  # the comment at the end of its first line


@dataclass(slots=True)
class Document:
    root: Node | None
    header: list[str]  # comments above the first entry, such as the editor-schema line
    footer: list[str]  # comments below the last entry
    # `%YAML 1.2` and other directives, with the comments around them, and the
    # `---` line that ends them (with its comment), when the file has one.
    prologue: list[str] = field(default_factory=list)
    start: str | None = None


def read(text: str) -> Document:
    """Nodes and comments of one YAML document that the loader already accepted."""
    entries: list[Entry] = []
    spans: list[tuple[int, int]] = []
    builder = _Builder(text, entries, spans)
    root = builder.build()
    document = Document(root=root, header=[], footer=[])
    _attach_comments(text, entries, spans, document, _start_line(text) if builder.explicit_start else None)
    return document


def _start_line(text: str) -> int | None:
    """Where the `---` line starts: only directives, comments and blank lines
    can come before it."""
    found = re.search(r"^---(?=[ \t\n]|$)", text, re.MULTILINE)
    return found.start() if found else None


class _Builder:
    def __init__(self, text: str, entries: list[Entry], spans: list[tuple[int, int]]) -> None:
        self.text = text
        self.entries = entries  # every entry, in document order
        self.spans = spans  # where each scalar is, to tell comments from text
        self.parser = yaml_parser(text)
        self.anchors: dict[str, Node] = {}  # what each anchor names so far, as the loader sees it
        self.explicit_start = False
        # Where lines end, to find a line's start by bisection. `rfind` of each
        # break from every list item was quadratic once the text holds one
        # character past Latin-1 (a `€`, a `—`): each search for a U+2028 that
        # is not there reads the whole text before the item.
        self.breaks = [found.start() for found in re.finditer("[\n\u2028\u2029]", text)]

    def build(self) -> Node | None:
        root = None
        while True:
            event = self.parser.get_event()
            kind = type(event)
            if kind is StreamEndEvent:
                return root
            if kind is DocumentStartEvent:
                self.explicit_start = bool(event.explicit)  # type: ignore[attr-defined]
            if kind in (ScalarEvent, AliasEvent, MappingStartEvent, SequenceStartEvent):
                root = self._node(event)

    def _node(self, event: object) -> Node:
        """A value (not a key: the loader does not use anchors on keys)."""
        kind = type(event)
        node: Node
        if kind is ScalarEvent:
            node = self._scalar(event)
        elif kind is AliasEvent:
            name = event.anchor  # type: ignore[attr-defined]
            return Alias(name, self.anchors.get(name), event.start_mark.line + 1)  # type: ignore[attr-defined]
        else:
            # Like the loader, a collection's anchor names it once it is complete.
            node = self._collection(event, is_map=kind is MappingStartEvent)
        if node.anchor:
            self.anchors[node.anchor] = node
        return node

    def _collection(self, start: object, *, is_map: bool) -> Collection:
        node = Collection(is_map=is_map, anchor=start.anchor, tag=_explicit_tag(start))  # type: ignore[attr-defined]
        end = MappingEndEvent if is_map else SequenceEndEvent
        block_list = not is_map and not start.flow_style  # type: ignore[attr-defined]
        while True:
            event = self.parser.get_event()
            if type(event) is end:
                return node
            mark = event.start_mark
            dash = self._dash(mark.index) if block_list else None
            entry = Entry(start=mark.index, column=mark.column) if dash is None else Entry(*dash)
            self.entries.append(entry)
            node.entries.append(entry)
            if is_map:
                entry.key = self._scalar(event)
                event = self.parser.get_event()
            entry.value = self._node(event)
            for scalar in (entry.key, entry.value):
                # A block text written quoted (every key is) keeps the comment
                # of its header as the entry's.
                if isinstance(scalar, Scalar) and (scalar is entry.key or scalar.style == '"'):
                    _keep_header_comment(entry, scalar.header)

    def _dash(self, index: int) -> tuple[int, int] | None:
        """Where the `-` of the block list item whose value starts at `index`
        is (its index and column): the item starts there, and comments align
        with it. The dash may be lines above the value (`- # note`, then the
        value), with only comments and blank lines between."""
        end = index
        while True:
            before_end = bisect.bisect_left(self.breaks, end)
            line_start = self.breaks[before_end - 1] + 1 if before_end else 0
            before = self.text[line_start:end]
            comment = _comment_start(before)
            code = (before if comment < 0 else before[:comment]).rstrip()
            if code:
                return (line_start + len(code) - 1, len(code) - 1) if code.endswith("-") else None
            if line_start == 0:
                return None
            end = line_start - 1

    def _scalar(self, event: object) -> Scalar:
        start, end = event.start_mark, event.end_mark  # type: ignore[attr-defined]
        self.spans.append((start.index, end.index))
        style = event.style or ""  # type: ignore[attr-defined]
        span = self.text[start.index : end.index]
        scalar = Scalar(
            value=event.value,  # type: ignore[attr-defined]
            style=style,
            source=_without_properties(span) if start.line == end.line else "",
            anchor=event.anchor,  # type: ignore[attr-defined]
            tag=_explicit_tag(event),
        )
        if style in ("|", ">") and ("\u2028" in span or "\u2029" in span):
            # libyaml breaks lines there too, so the lines cannot be re-indented
            # one by one: the text is written quoted instead.
            scalar.style = '"'
            scalar.header = _without_properties(_LINE_BREAK.split(span, maxsplit=1)[0].rstrip())
        elif style in ("|", ">"):
            header_end = self.text.find("\n", start.index)
            header_end = len(self.text) if header_end < 0 else header_end
            header = _without_properties(self.text[start.index : header_end].rstrip())
            scalar.header = _BLOCK_INDICATOR.sub(rf"\g<1>{BLOCK_INDENT}", header, count=1)
            content = self.text[header_end + 1 : end.index]
            lines = _block_lines(content, header, scalar.value)
            if _block_value(scalar.header, lines) == scalar.value:
                scalar.lines = lines
            else:
                scalar.style = '"'  # no block spelling found that reads back the same: quote it
            if "+" not in header.split("#")[0]:
                # The blank lines after the text are not part of it: they are
                # the author's, like blank lines anywhere else.
                text_end = len(content.rstrip(" \n"))
                self.spans[-1] = (start.index, header_end + 1 + text_end if text_end else header_end)
        return scalar


def _keep_header_comment(entry: Entry, header: str) -> None:
    column = _comment_start(header)
    if column < 0:
        return
    if entry.trailing is None:
        entry.trailing = header[column:]
    else:
        entry.before.append(header[column:])


def _comment_start(line: str) -> int:
    """Where a comment starts on a line holding no text value: the first `#`
    at its start or after a space; -1 if none."""
    found = re.search(r"(?:^|(?<=[ \t]))#", line)
    return found.start() if found else -1


def _without_properties(written: str) -> str:
    """The scalar's own text: libyaml's span starts at its anchor or tag."""
    while written[:1] in ("&", "!"):
        written = written.partition(" ")[2].lstrip(" ")
    return written


def _explicit_tag(event: object) -> str | None:
    """The tag as the author wrote it (`!!str`), or None when it was implied."""
    tag = event.tag  # type: ignore[attr-defined]
    implicit = event.implicit  # type: ignore[attr-defined]
    if tag is None or implicit is True or (isinstance(implicit, tuple) and any(implicit)):
        return None
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else f"!<{tag}>"


def _block_lines(content: str, header: str, value: str) -> list[str]:
    """A block scalar's lines with its own indentation taken off, so that it
    can be written back at any depth.

    The indentation is found from the value, not guessed from the lines: with
    an indentation indicator (`|2`) the first line may start with spaces that
    are part of the text.
    """
    lines = content.split("\n")
    if content.endswith("\n"):
        lines.pop()
    indent = _first_indent(lines) - _first_indent(value.split("\n"))
    if indent < 0:  # no text on any line: only the lines' lengths tell
        indent = min((len(line) for line in lines if line), default=0)
    lines = [line[indent:] if len(line) > indent else BLANK for line in lines]
    if "+" not in header.split("#")[0]:
        while lines and not lines[-1].strip():
            lines.pop()  # not part of the text: only `|+` and `>+` keep them
    return lines


def _first_indent(lines: list[str]) -> int:
    """The spaces before the first line with something else on it; -1 if none."""
    for line in lines:
        text = line.lstrip(" ")
        if text:
            return len(line) - len(text)
    return -1


def _block_value(header: str, lines: list[str]) -> str | None:
    """What libyaml reads from the block scalar written as fmt writes it."""
    written = f"k: {header}\n" + "".join(" " * BLOCK_INDENT + line + "\n" if line else "\n" for line in lines)
    try:
        parser = yaml_parser(written)
        while True:
            event = parser.get_event()
            if type(event) is StreamEndEvent:
                return None
            if type(event) is ScalarEvent and event.style:
                return str(event.value)
    except YAMLError:
        return None


# --- comments -----------------------------------------------------------------


def _attach_comments(
    text: str, entries: list[Entry], spans: list[tuple[int, int]], document: Document, start: int | None
) -> None:
    spans.sort()
    starts = [begin for begin, _ in spans]
    entry_starts = [entry.start for entry in entries]
    blank = False  # a blank line goes with whatever comes next
    for offset, line in _lines(text):
        if start is not None and offset <= start:
            if offset < start:  # directives, and the comments and blank lines around them
                document.prologue.append(line.rstrip() if line.strip() else BLANK)
                continue
            column = _comment_column(line, offset, starts, spans)
            document.start = "---"
            if column is not None and not line[3:column].strip():
                document.start += "  " + line[column:].rstrip()
            if not line[3:column].strip():
                continue  # else the first entries are on this line, after the marker
        if _inside_scalar(offset, starts, spans):
            continue  # a line of a block text or of a long quoted text
        if not line.strip():
            blank = True
            continue
        column = _comment_column(line, offset, starts, spans)
        alone = column is not None and not line[:column].strip()
        home = (_comment_home(offset, column, entries, entry_starts, document) if alone and column is not None
                else _entry_home(offset, entries, entry_starts, document))
        if blank:
            home.append(BLANK)
            blank = False
        if alone:
            home.append(line[column:].rstrip())
        elif column is not None:
            _place_trailing(line[column:].rstrip(), offset, offset + column, entries, entry_starts, document)
    _tidy(document, entries)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line with where it starts. Character indices, not line numbers:
    libyaml also counts U+2028 and U+2029 as line breaks, Python's split
    on "\\n" does not."""
    offset = 0
    for line in _LINE_BREAK.split(text):
        yield offset, line
        offset += len(line) + 1


def _entry_home(line_start: int, entries: list[Entry], starts: list[int], document: Document) -> list[str]:
    """Where the lines just above a line of YAML belong: before the entry that
    follows them."""
    index = bisect.bisect_right(starts, line_start - 1)
    if index == 0:
        return document.header
    return entries[index].before if index < len(entries) else document.footer


def _comment_home(
    line_start: int, column: int, entries: list[Entry], starts: list[int], document: Document
) -> list[str]:
    """A comment alone on its line belongs before the entry that follows it,
    unless it is indented deeper than that entry: then it closes the block
    above it, below the last entry at most as deep as the comment."""
    index = bisect.bisect_right(starts, line_start)
    following = entries[index].column if index < len(entries) else 0
    if index == 0 or column <= following:
        return _entry_home(line_start, entries, starts, document)
    for earlier in reversed(entries[:index]):
        if earlier.column <= column:
            return earlier.after
    return _entry_home(line_start, entries, starts, document)


def _inside_scalar(offset: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    """Whether the line starting at `offset` begins inside a scalar that
    started on an earlier line (a block scalar's text, a long quoted one)."""
    index = bisect.bisect_left(starts, offset) - 1
    return index >= 0 and spans[index][0] < offset < spans[index][1]


def _comment_column(line: str, offset: int, starts: list[int], spans: list[tuple[int, int]]) -> int | None:
    column = line.find("#")
    while column >= 0:
        if column == 0 or line[column - 1] in " \t":
            absolute = offset + column
            index = bisect.bisect_right(starts, absolute) - 1
            if index < 0 or not spans[index][0] <= absolute < spans[index][1]:
                return column
        column = line.find("#", column + 1)
    return None


def _place_trailing(
    comment: str, line_start: int, at: int, entries: list[Entry], starts: list[int], document: Document
) -> None:
    # The first entry starting on the line is the outermost one: a sequence
    # item comes before the first key of its mapping.
    index = bisect.bisect_left(starts, line_start)
    if index < len(entries) and starts[index] < at:
        owner = entries[index]
    elif index > 0:
        owner = entries[index - 1]  # the last line of a value that began earlier
    else:
        document.header.append(comment)
        return
    if owner.trailing is None:
        owner.trailing = comment
    else:
        # A second comment for the same entry is kept on a line of its own.
        _entry_home(line_start, entries, starts, document).append(comment)


def _tidy(document: Document, entries: list[Entry]) -> None:
    """One blank line at most wherever the author left some, none at the
    start or end of the file."""
    document.prologue = _collapse(document.prologue)
    while document.prologue and document.prologue[0] == BLANK:
        document.prologue.pop(0)
    while document.prologue and document.prologue[-1] == BLANK:
        document.prologue.pop()
    document.header = _collapse(document.header)
    while document.header and document.header[0] == BLANK:
        document.header.pop(0)
    document.footer = _collapse(document.footer)
    while document.footer and document.footer[-1] == BLANK:
        document.footer.pop()
    for entry in entries:
        entry.before = _collapse(entry.before)
        entry.after = _collapse(entry.after)


def _collapse(lines: list[str]) -> list[str]:
    kept: list[str] = []
    for line in lines:
        if line == BLANK and kept and kept[-1] == BLANK:
            continue
        kept.append(line)
    return kept
