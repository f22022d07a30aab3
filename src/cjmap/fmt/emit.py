"""Write a document's nodes back as YAML in the canonical style.

- two spaces of indentation; a list is indented under its key, and an item's
  mapping starts on the item's `- ` line;
- keys in the order of FORMAT.md (`order`), unknown keys after them;
- mappings in block style; a list of scalars inline (`[a, b]`) when every item
  is short and the whole line fits in LINE_WIDTH columns, otherwise one item a line;
- quotes only where needed (`scalars`); block texts (`|`, `>`) keep their style
  and their lines;
- comments where they were: above, or at the end of the line of, their entry;
  at most one blank line wherever the author left blank lines;
- an entry that holds an anchor (`&name`) before the entries that use it
  (`*name`), even where the key order would put it after them: YAML reads
  an alias only after its anchor.
"""

from __future__ import annotations

from cjmap.fmt import order
from cjmap.fmt.order import Kind
from cjmap.fmt.scalars import properties, scalar_text
from cjmap.fmt.tree import BLANK, Alias, Collection, Document, Entry, Node, Scalar

INDENT = 2
LINE_WIDTH = 88
SHORT_ITEM = 30  # longest item, in characters, of a list written inline
# libyaml reads a key on one line (`key: value`) only up to 1024 characters
# long; a longer one is written as an explicit key (`? key` then `: value`).
LONGEST_KEY = 1000


class Rebound(Exception):
    """Writing the keys in their order would make this alias name another value:
    its anchor's name is given to more than one value."""

    def __init__(self, alias: Alias) -> None:
        super().__init__(alias.anchor)
        self.alias = alias


def emit(document: Document, root_kind: Kind = order.ROOT) -> str:
    """The document as text. Its root is a mapping or a list with entries;
    a root mapping is of `root_kind`: a journey, or a catalog."""
    root = document.root
    assert isinstance(root, Collection) and root.entries
    writer = _Writer(aliases=_has_alias(root))
    writer.lines.extend(document.prologue)
    if document.start is not None:
        writer.lines.append(document.start)
    writer.comments(document.header, 0)
    if root.is_map:
        writer.mapping(root.entries, 0, root_kind)
    else:
        writer.sequence(root.entries, 0, None)
    writer.comments(document.footer, 0)
    return "\n".join(writer.lines) + "\n"


class _Writer:
    def __init__(self, *, aliases: bool) -> None:
        self.lines: list[str] = []
        self.aliases = aliases  # whether the document has any: then anchors go first
        self.named: dict[str, Node] = {}  # what each anchor names so far, in the written text
        self.kept_to = -1  # the line count after a `|+` or `>+` text

    def comments(self, lines: list[str], indent: int) -> None:
        if len(self.lines) == self.kept_to:
            lines = _without_leading_blanks(lines)  # a `|+` text would take a blank line as its own
        self.lines.extend(" " * indent + line if line != BLANK else BLANK for line in lines)

    def seen(self, node: Node | None) -> None:
        """Follow what each anchor names as the text is written, as the loader
        will read it: an alias must name what it named in the file."""
        if isinstance(node, Alias):
            if node.target is None or self.named.get(node.anchor) is not node.target:
                raise Rebound(node)
        elif node is not None and node.anchor:
            self.named[node.anchor] = node

    def mapping(
        self, entries: list[Entry], indent: int, kind: Kind, *, dash: str | None = None, dash_comment: str | None = None
    ) -> None:
        """The entries of a block mapping. With `dash`, the first line of the
        first entry is written after it (`- id: ...`), for a list item, and
        ends with the item's own comment, `dash_comment`."""
        for position, entry in enumerate(self.ordered(entries, kind)):
            trailing = entry.trailing
            if position == 0 and dash_comment is not None:
                trailing = dash_comment
            before = entry.before if position else _without_leading_blanks(entry.before)
            first_line = len(self.lines) + len(before)
            if position == 0 and dash is not None:
                # Nothing may stand between the dash and its first key.
                self.comments(before, len(dash) - 2)
            else:
                self.comments(before, indent)
            assert entry.key is not None
            # An empty key (`? ` alone, or `: x`) is read as an empty text.
            key = scalar_text(entry.key) or "\"\""
            if len(key) > LONGEST_KEY:
                self.lines.append(" " * indent + "? " + key)
                key = ""
            head = " " * indent + key + ":"
            self.value(head, entry.value, indent + INDENT, order.child_kind(kind, entry.key.value), trailing)
            if position == 0 and dash is not None:
                self.lines[first_line] = dash + self.lines[first_line][indent:]
            self.comments(entry.after, indent)

    def sequence(self, entries: list[Entry], indent: int, kind: Kind) -> None:
        for position, entry in enumerate(entries):
            self.comments(entry.before if position else _without_leading_blanks(entry.before), indent)
            value = entry.value
            dash = " " * indent + "- "
            if isinstance(value, Collection) and value.is_map and value.entries and not value.anchor and not value.tag:
                first = self.ordered(value.entries, kind)[0]
                dash_comment = first.trailing
                if entry.trailing is not None:
                    if first.trailing is None:
                        dash_comment = entry.trailing
                    else:
                        self.comments([entry.trailing], indent)  # one comment a line
                self.mapping(value.entries, indent + INDENT, kind, dash=dash, dash_comment=dash_comment)
                self.seen(value)
            else:
                self.value(dash.rstrip(), value, indent + INDENT, kind, entry.trailing)
            self.comments(entry.after, indent)

    def value(self, head: str, node: Node | None, indent: int, kind: Kind, trailing: str | None) -> None:
        """`head` (`key:` or `-`) followed by the value, inline or below it."""
        start = len(self.lines)
        if isinstance(node, Alias):
            self.lines.append(f"{head} *{node.anchor}")
        elif isinstance(node, Scalar) and node.style in ("|", ">"):
            self.lines.append(f"{head} {properties(node)}{node.header}")
            self.lines.extend(" " * indent + line if line else BLANK for line in node.lines)
        elif isinstance(node, Scalar):
            text = scalar_text(node)
            self.lines.append(f"{head} {text}".rstrip())
        elif isinstance(node, Collection):
            self._collection(head, node, indent, kind)
        else:
            self.lines.append(head)
        if not isinstance(node, Collection):
            self.seen(node)  # a collection is seen once its entries are
        if trailing is not None and isinstance(node, Scalar) and node.style in ("|", ">"):
            # After a block text's `|` a comment would be part of its header: it goes above.
            self.lines.insert(start, " " * (len(head) - len(head.lstrip())) + trailing)
        elif trailing is not None:
            self.lines[start] += "  " + trailing
        if isinstance(node, Scalar) and node.style in ("|", ">") and "+" in node.header.split("#")[0]:
            self.kept_to = len(self.lines)

    def _collection(self, head: str, node: Collection, indent: int, kind: Kind) -> None:
        props = properties(node)
        inline = None if node.is_map or not node.entries else _inline_list(node)
        if not node.entries:
            self.lines.append(f"{head} {props}{'{}' if node.is_map else '[]'}")
        elif inline is not None and len(head) + 1 + len(props) + len(inline) <= LINE_WIDTH:
            self.lines.append(f"{head} {props}{inline}")
            for entry in node.entries:
                self.seen(entry.value)
        else:
            self.lines.append(f"{head} {props}".rstrip())
            if node.is_map:
                self.mapping(node.entries, indent, kind)
            else:
                self.sequence(node.entries, indent, kind)
        self.seen(node)

    def ordered(self, entries: list[Entry], kind: Kind) -> list[Entry]:
        """The entries in FORMAT.md's key order, unknown keys after the known
        ones, and an entry holding anchors before the entries using them."""
        if kind is None:
            return entries
        ranked = [(order.rank(kind, entry.key.value if entry.key else None), entry) for entry in entries]
        known = sorted(((rank, entry) for rank, entry in ranked if rank is not None), key=lambda pair: pair[0])
        ordered = [entry for _, entry in known] + [entry for rank, entry in ranked if rank is None]
        return _anchors_first(ordered) if self.aliases else ordered


def _anchors_first(entries: list[Entry]) -> list[Entry]:
    """The order of `entries`, except that an entry whose anchors other entries
    use comes just before the first of them. Placed from the end: each time,
    the last entry in the order that no entry still to place needs."""
    named = [_anchored(entry.value) for entry in entries]
    if len(entries) < 2 or not any(named):
        return entries
    used = [_aliased(entry.value) for entry in entries]
    needs = [{other for other in range(len(entries)) if other != index and used[index] & named[other]}
             for index in range(len(entries))]
    if not any(needs):
        return entries
    left = list(range(len(entries)))
    placed: list[int] = []
    while left:
        needed = set().union(*(needs[index] for index in left))
        # Aliases name only what came before them in the file, so some entry is always free.
        last = max(index for index in left if index not in needed)
        left.remove(last)
        placed.append(last)
    return [entries[index] for index in reversed(placed)]


def _nodes(node: Node | None) -> list[Node]:
    """`node` and every node inside it."""
    found: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current is None:
            continue
        found.append(current)
        if isinstance(current, Collection):
            stack.extend(entry.value for entry in current.entries)
    return found


def _anchored(node: Node | None) -> set[int]:
    return {id(inner) for inner in _nodes(node) if not isinstance(inner, Alias) and inner.anchor}


def _aliased(node: Node | None) -> set[int]:
    return {id(inner.target) for inner in _nodes(node) if isinstance(inner, Alias)}


def _has_alias(node: Node | None) -> bool:
    return any(isinstance(inner, Alias) for inner in _nodes(node))


def _inline_list(node: Collection) -> str | None:
    """`[a, b]` for a list of short scalars with no comments, else None."""
    items = []
    for entry in node.entries:
        value = entry.value
        if entry.trailing is not None or any(line != BLANK for line in entry.before + entry.after):
            return None  # comments need lines of their own; blank lines do not matter
        if isinstance(value, Alias):
            items.append(f"*{value.anchor}")
        elif isinstance(value, Scalar) and value.style not in ("|", ">") and len(value.value) <= SHORT_ITEM:
            items.append(scalar_text(value, flow=True))
            if not items[-1]:
                return None  # an empty value has no inline spelling: `[]` is an empty list
        else:
            return None
    return "[" + ", ".join(items) + "]"


def _without_leading_blanks(lines: list[str]) -> list[str]:
    index = 0
    while index < len(lines) and lines[index] == BLANK:
        index += 1
    return lines[index:]
