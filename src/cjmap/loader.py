"""Read a journey file safely and parse it into plain data with positions.

Parsing uses libyaml through ruamel.yaml's C parser and builds the data in one
pass over its events: it is ten times faster than the round-trip loader and it
lets this module enforce, as it goes, what the format demands of YAML: YAML 1.2
scalars, no duplicate keys, no object-constructing tags, bounded depth and
bounded alias expansion.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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
from cjmap.findings import LINE_BREAK, Problem
from cjmap.limits import DEFAULT_LIMITS, Limits

Path = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column


@dataclass(slots=True)
class Positions:
    """Where each value (and each mapping key) of the document starts."""

    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

    def value(self, path: Path) -> Position:
        """The start of the value at `path`, or of its closest recorded ancestor.

        Values reached through an alias have no position of their own: they
        point at the alias, which is where the author can act.
        """
        while path:
            found = self.values.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return self.values.get((), (1, 1))

    def key(self, path: Path) -> Position:
        """The start of the key whose value is at `path` (the value if none)."""
        found = self.keys.get(path)
        return found if found is not None else self.value(path)


@dataclass(slots=True)
class Document:
    """A parsed journey file. `data` is None when the file holds no document."""

    source: str
    data: Any = None
    positions: Positions = field(default_factory=Positions)
    problems: list[Problem] = field(default_factory=list)

    @property
    def parsed(self) -> bool:
        """True when the YAML could be read to the end (duplicate keys allowed)."""
        return not any(p.code == "CJ001" for p in self.problems)


class _Stop(Exception):
    """Raised inside the builder to abandon a file after a fatal problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def position_of(text: str, index: int) -> Position:
    """The 1-based line and column of `text[index]` as every finding gives
    them: lines end where libyaml ends them (CR LF, CR, LF, NEL, U+2028,
    U+2029), columns count characters, and a byte-order mark that starts the
    text is not one, as libyaml skips it."""
    breaks = list(LINE_BREAK.finditer(text, 0, index))
    line_start = breaks[-1].end() if breaks else int(text.startswith("\ufeff") and index > 0)
    return len(breaks) + 1, index - line_start + 1


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """Decode UTF-8 (with or without BOM); anything else is a CJ001 problem."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # utf-8-sig counts from after the byte-order mark.
        bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
        offset = min(err.start + bom, len(raw) - 1)
        before = raw[bom:offset].decode("utf-8", "replace")  # what precedes the first bad byte is text
        line, column = position_of(before, len(before))
        return None, Problem(
            "CJ001",
            line,
            column,
            f"the file is not UTF-8 text: byte 0x{raw[offset]:02X} at offset {offset} "
            "cannot be read",
            "save the file with UTF-8 encoding (most editors offer it in 'Save as')",
        )
    return text, None


def too_large(limits: Limits) -> Document:
    """What a file larger than the limit is, whoever measured its size."""
    return Document(
        source="",
        problems=[
            Problem(
                "CJ001", 1, 1,
                f"the file is too large: more than {limits.max_file_bytes:,} bytes",
                "split the journey into several files, or raise `file-size` under [limits] in cjmap.toml",
            )
        ],
    )


def load_bytes(raw: bytes, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Check size and encoding, then parse."""
    if len(raw) > limits.max_file_bytes:
        return too_large(limits)
    text, problem = decode(raw)
    if problem is not None:
        return Document(source="", problems=[problem])
    assert text is not None
    return load_text(text, limits=limits)


def load_text(text: str, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse YAML text into a Document; problems are recorded, never raised."""
    doc = Document(source=text)
    builder = _Builder(doc, limits)
    try:
        builder.run(yaml_parser(text))
    except _Stop as stop:
        doc.data = None
        doc.problems.append(stop.problem)
    except YAMLError as err:
        doc.data = None
        doc.problems.append(_syntax_problem(err, text))
    return doc


# --- YAML 1.2 core schema -------------------------------------------------

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")
_NUMBER_START = frozenset("0123456789+-.")
# Python refuses to convert longer digit strings; no journey number is that long.
_MAX_DIGITS = 4000


def resolve_plain(value: str) -> Any:
    """Resolve an untagged plain scalar as YAML 1.2's core schema does.

    `yes`, `no`, `on`, `off`, `1:20` and `0o17`-style octals keep their YAML
    1.2 meaning, unlike YAML 1.1 loaders: the first five are text.
    """
    if value in _NULLS:
        return None
    if value[0] not in _NUMBER_START:
        return _BOOLS.get(value, value)
    if len(value) > _MAX_DIGITS:
        return value
    if _INT.fullmatch(value):
        return int(value)
    if _OCT.fullmatch(value):
        return int(value[2:], 8)
    if _HEX.fullmatch(value):
        return int(value[2:], 16)
    if _FLOAT.fullmatch(value):
        return float(value)
    if _INF.fullmatch(value):
        return float("-inf") if value[0] == "-" else float("inf")
    if _NAN.fullmatch(value):
        return float("nan")
    return value


_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS: dict[str, Callable[[Any], bool]] = {
    _CORE + "str": lambda v: True,
    _CORE + "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    _CORE + "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    _CORE + "bool": lambda v: isinstance(v, bool),
    _CORE + "null": lambda v: v is None,
}
_COLLECTION_TAGS = frozenset((_CORE + "map", _CORE + "seq", _CORE + "omap"))


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


# --- the builder ------------------------------------------------------------


# Positions are kept for paths this long at most. The format's deepest value
# (a segment id of an item of a stage) is six levels down, so every finding
# points well within it; a deeper value takes the position of its ancestor at
# this depth. A full path for every value of a file nested d levels deep costs
# memory in d², as the path of each level repeats the one above it.
POSITION_DEPTH = 16


class _Frame:
    """An open mapping or sequence while its events arrive."""

    __slots__ = ("value", "path", "is_map", "key", "key_pos", "anchor", "size", "deep_keys")

    def __init__(self, value: Any, path: Path, is_map: bool, anchor: str | None) -> None:
        self.value = value
        self.path = path
        self.is_map = is_map
        self.key: str | None = None  # a mapping's key waiting for its value
        self.key_pos: Position | None = None
        self.anchor = anchor
        self.size = 1  # nodes in this collection, aliases expanded
        self.deep_keys: dict[str, Position] | None = None  # key positions below POSITION_DEPTH


class _Builder:
    def __init__(self, doc: Document, limits: Limits) -> None:
        self.doc = doc
        self.limits = limits
        self.values = doc.positions.values
        self.keys = doc.positions.keys
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.alias_nodes = 0
        self.stack: list[_Frame] = []
        self.skip_depth = 0  # >0 while skipping the value of a duplicate key
        self.documents = 0

    def run(self, parser: Any) -> None:
        stack = self.stack
        while True:
            event = parser.get_event()
            kind = type(event)
            if self.skip_depth:
                self._skip(kind, event)
                continue
            if kind is ScalarEvent:
                if stack and stack[-1].is_map and stack[-1].key is None:
                    self._key(event)
                else:
                    self._scalar(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if stack and stack[-1].is_map and stack[-1].key is None:
                    self._complex_key(event)
                else:
                    self._open(event, kind is MappingStartEvent)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                self._close()
            elif kind is AliasEvent:
                if stack and stack[-1].is_map and stack[-1].key is None:
                    self._complex_key(event)
                else:
                    self._alias(event)
            elif kind is DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise _Stop(
                        _problem(
                            event,
                            "the file holds more than one YAML document (a second `---`)",
                            "keep one journey per file",
                        )
                    )
            elif kind is StreamEndEvent:
                return

    # A value is placed in the open collection, or becomes the document.
    def _place(self, value: Any, size: int) -> None:
        stack = self.stack
        if not stack:
            self.doc.data = value
            return
        parent = stack[-1]
        parent.size += size
        if parent.is_map:
            parent.value[parent.key] = value
            parent.key = None
        else:
            parent.value.append(value)

    def _child_path(self) -> Path:
        if not self.stack:
            return ()
        parent = self.stack[-1]
        if len(self.stack) > POSITION_DEPTH:
            return parent.path  # the same tuple, not a longer one: see POSITION_DEPTH
        if parent.is_map:
            return parent.path + (parent.key,)
        return parent.path + (len(parent.value),)

    def _key(self, event: Any) -> None:
        parent = self.stack[-1]
        if event.tag is not None:
            self._check_tag(event, _SCALAR_TAGS)
        key = event.value
        mark = event.start_mark
        pos = (mark.line + 1, mark.column + 1)
        if len(self.stack) > POSITION_DEPTH:  # the mapping keeps its own keys' positions
            if parent.deep_keys is None:
                parent.deep_keys = {}
            keys, key_path = parent.deep_keys, key
        else:
            keys, key_path = self.keys, parent.path + (key,)
        if key in parent.value:
            first = keys.get(key_path, pos)
            self.doc.problems.append(
                Problem(
                    "CJ002",
                    pos[0],
                    pos[1],
                    f"duplicate key `{key}` (first at line {first[0]})",
                    "remove one of the two, or merge them; only the first is used",
                )
            )
            self.skip_depth = 1
            return
        parent.key = key
        keys[key_path] = pos

    def _complex_key(self, event: Any) -> None:
        raise _Stop(
            _problem(
                event,
                "a key must be a plain word, not a list, a mapping or an alias",
                "write keys as `name: value`",
            )
        )

    def _scalar(self, event: Any) -> None:
        style = event.style
        value: Any = event.value
        if not style:
            value = resolve_plain(value)
        if event.tag is not None:
            self._check_tag(event, _SCALAR_TAGS)
            if event.tag == _CORE + "str":
                value = event.value
            elif not _SCALAR_TAGS[event.tag](value):
                raise _Stop(
                    _problem(
                        event,
                        f"`{event.value}` does not fit the tag `{_short_tag(event.tag)}`",
                        "remove the tag; cjmap reads plain values",
                    )
                )
        mark = event.start_mark
        if len(self.stack) <= POSITION_DEPTH:
            self.values[self._child_path()] = (mark.line + 1, mark.column + 1)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        self._place(value, 1)

    def _open(self, event: Any, is_map: bool) -> None:
        if event.tag is not None:
            self._check_tag(event, _COLLECTION_TAGS)
        if len(self.stack) >= self.limits.max_depth:
            raise _Stop(
                _problem(
                    event,
                    f"the YAML is nested more than {self.limits.max_depth} levels deep",
                    "a journey needs only a few levels; check for runaway brackets",
                )
            )
        path = self._child_path()
        mark = event.start_mark
        if len(self.stack) <= POSITION_DEPTH:
            self.values[path] = (mark.line + 1, mark.column + 1)
        self.stack.append(_Frame({} if is_map else [], path, is_map, event.anchor))

    def _close(self) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.value, frame.size)
        self._place(frame.value, frame.size)

    def _alias(self, event: Any) -> None:
        target = self.anchors.get(event.anchor)
        if target is None:
            raise _Stop(
                _problem(
                    event,
                    f"the alias `*{event.anchor}` refers to no anchor `&{event.anchor}` "
                    "defined before it",
                    "define the anchor first; an anchor cannot refer to itself",
                )
            )
        value, size = target
        self.alias_nodes += size
        if self.alias_nodes > self.limits.max_alias_nodes:
            raise _Stop(
                _problem(
                    event,
                    f"aliases expand to more than {self.limits.max_alias_nodes:,} values",
                    "write the values out, or repeat fewer of them",
                )
            )
        mark = event.start_mark
        if len(self.stack) <= POSITION_DEPTH:
            self.values[self._child_path()] = (mark.line + 1, mark.column + 1)
        self._place(value, size)

    def _check_tag(self, event: Any, allowed: Any) -> None:
        if event.tag not in allowed:
            raise _Stop(
                _problem(
                    event,
                    f"the tag `{_short_tag(event.tag)}` is not allowed",
                    "remove it: journeys are plain data and cjmap never builds objects "
                    "from tags",
                )
            )

    def _skip(self, kind: type, event: Any) -> None:
        """Consume the value of a duplicate key, which was already reported."""
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            self.skip_depth += 1
            if self.skip_depth > self.limits.max_depth:
                raise _Stop(_problem(event, "the YAML is nested too deeply", None))
            return
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            self.skip_depth -= 1
        if self.skip_depth == 1:
            self.skip_depth = 0


def scalar_spans(text: str) -> list[tuple[int, int]]:
    """The character ranges of every scalar, to tell a comment from text.

    Only suppression comments need this, so it costs a second parse only in
    the rare files that have one.
    """
    spans = []
    parser = yaml_parser(text)
    skipped = int(text.startswith("\ufeff"))  # libyaml does not count a byte-order mark
    try:
        while True:
            event = parser.get_event()
            if type(event) is ScalarEvent:
                spans.append((event.start_mark.index + skipped, event.end_mark.index + skipped))
            elif type(event) is StreamEndEvent:
                return spans
    except YAMLError:
        return spans


def _problem(event: Any, message: str, hint: str | None) -> Problem:
    mark = event.start_mark
    return Problem("CJ001", mark.line + 1, mark.column + 1, message, hint)


# --- syntax errors in plain words --------------------------------------------

_SYNTAX_MESSAGES: tuple[tuple[str, str, str], ...] = (
    (
        "mapping values are not allowed",
        "a colon followed by a space is not allowed here",
        "put text that contains `: ` in quotes, or check the indentation of this line",
    ),
    (
        "expected ',' or ']'",
        "a list opened with `[` is not closed with `]`",
        "close the bracket, and separate items with commas",
    ),
    (
        "expected ',' or '}'",
        "a mapping opened with `{` is not closed with `}`",
        "close the brace, and separate entries with commas",
    ),
    (
        "expected '-' indicator",
        "this line is not indented like the lines above it",
        "keys of the same mapping, and the `- ` of items of the same list, must start "
        "in the same column",
    ),
    (
        "did not find expected key",
        "this line is not indented like the lines above it",
        "keys of the same mapping, and the `- ` of items of the same list, must start "
        "in the same column",
    ),
    (
        "could not find expected ':'",
        "a key is missing its colon, or a text runs over several lines",
        "write `key: value`, and put long text in quotes",
    ),
    (
        "found unexpected end of stream",
        "the file ends inside a quoted text",
        "add the closing quote",
    ),
    (
        "found undefined tag handle",
        "this tag is not defined",
        "remove the `!` tag; cjmap reads plain values",
    ),
)


def _syntax_problem(err: Any, text: str) -> Problem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(getattr(err, "problem", None) or getattr(err, "reason", None) or err)
    position = getattr(err, "position", None)  # a reader error: a byte offset in UTF-8
    if mark is None and isinstance(position, int) and position >= 0:
        return _character_problem(text, position, getattr(err, "character", None))
    char = _char_at(text, line, column)
    if "cannot start any token" in problem:
        if char == "\t":
            return Problem(
                "CJ001", line, column, "a tab is used for indentation",
                "YAML needs spaces: replace the tab with spaces",
            )
        return Problem(
            "CJ001", line, column, f"the character `{char}` cannot start a value here",
            "put the text in quotes",
        )
    opened = getattr(err, "context_mark", None)
    for needle, message, hint in _SYNTAX_MESSAGES:
        if needle in problem:
            if opened is not None and mark is not opened and "opened" in message:
                message += f" (it opens at line {opened.line + 1}, column {opened.column + 1})"
            return Problem("CJ001", line, column, message, hint)
    return Problem(
        "CJ001", line, column, f"this is not valid YAML: {problem}",
        "check the indentation and quotes around this place",
    )


def _character_problem(text: str, position: int, code: Any) -> Problem:
    """A character libyaml's reader refuses. It says where as a byte offset
    into the UTF-8 text, which is not a character index after the first
    accented letter or emoji."""
    index = len(text.encode("utf-8")[:position].decode("utf-8", "replace"))
    if not isinstance(code, int):
        code = ord(text[index]) if index < len(text) else 0
    kind = "a control character" if unicodedata.category(chr(code)) == "Cc" else "a character"
    line, column = position_of(text, index)
    return Problem(
        "CJ001", line, column,
        f"the file contains {kind} (U+{code:04X}) that YAML does not allow",
        "is this a binary file? remove the character, or save the file as plain text",
    )


def _char_at(text: str, line: int, column: int) -> str:
    lines = LINE_BREAK.split(text.removeprefix("\ufeff"))
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""
