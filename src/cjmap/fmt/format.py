"""Format one journey's or catalog's text, and prove the result means the same.

The file is first read by the same loader as `validate`, with its limits: a
file that does not parse, or has a duplicate key, is not touched. After
formatting, the new text is read again and compared with the old one, value
by value and type by type, and comment by comment; if anything differs the
file is left as it was and the difference is reported as a bug in cjmap.

A valid file that fmt cannot lay out in its style without changing what it
means is refused in words (FormatRefusal), not reported as a bug: today, an
anchor name given to two values where the key order would make an alias name
the other one.
"""

from __future__ import annotations

import math
from typing import Any

from cjmap.errors import CjmapError
from cjmap.findings import Problem
from cjmap.fmt.emit import Rebound, emit
from cjmap.fmt.order import root_kind
from cjmap.fmt.tree import BLANK, Collection, Document, read
from cjmap.limits import DEFAULT_LIMITS, Limits
from cjmap.loader import load_text


class FormatBug(CjmapError):
    """The formatted text would not mean what the file meant."""

    exit_code = 3


class FormatRefusal(CjmapError):
    """A valid journey that fmt cannot write in its style without changing
    what it means: the file is left as it was, and the message says why."""

    exit_code = 1


def format_text(
    text: str, *, limits: Limits = DEFAULT_LIMITS, catalog_named: bool = False
) -> tuple[str, list[Problem]]:
    """The canonical text, or the original text and the problems that stop it
    from being formatted. The keys go in a catalog's order when the file says
    `kind: catalog`, or says no kind and is named like a catalog (`catalog_named`)."""
    before = load_text(text, limits=limits)
    if before.problems:
        return text, before.problems
    # libyaml skips a byte-order mark without counting it in its positions,
    # and reads CR LF, a lone CR and NEL exactly as it reads LF.
    source = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x85", "\n").removeprefix("\ufeff")
    tree = read(source)
    root = tree.root
    if not isinstance(root, Collection) or not root.entries or root.anchor or root.tag:
        return text, []  # no mapping to lay out: nothing to change
    try:
        formatted = emit(tree, root_kind(before.data, catalog_named=catalog_named))
    except Rebound as rebound:
        raise _refusal(rebound) from None
    _check_same(before.data, tree, formatted, limits)
    return formatted, []


def _check_same(data: Any, tree: Document, formatted: str, limits: Limits) -> None:
    after = load_text(formatted, limits=limits)
    if after.problems:
        problem = after.problems[0]
        raise _bug(f"formatting produced YAML that does not read back (line {problem.line}: {problem.message})")
    if not same_data(data, after.data):
        raise _bug("formatting would change what the file means")
    if comments(tree) != comments(read(formatted)):
        raise _bug("formatting would lose or split a comment")


def _refusal(rebound: Rebound) -> FormatRefusal:
    name, line = rebound.alias.anchor, rebound.alias.line
    return FormatRefusal(
        f"cannot put the keys in order without changing what the alias `*{name}` on line {line} refers to: "
        f"the anchor name `&{name}` is given to more than one value; the file was left unchanged",
        hint=f"give each anchor its own name (for example rename the second `&{name}` and the aliases "
        "that refer to it), then run cjmap fmt again",
    )


def _bug(what: str) -> FormatBug:
    return FormatBug(
        f"{what}; the file was left unchanged", hint="this is a bug in cjmap; please report it with the file"
    )


def same_data(a: Any, b: Any) -> bool:
    """Equal values of equal types: 1, 1.0 and True are three different things."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_data(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def comments(document: Document) -> list[str]:
    """Every comment of the document, sorted: reordering keys may move them."""
    found = [line for line in document.prologue + document.header + document.footer if line != BLANK]
    if document.start is not None:
        found.append(document.start)
    stack = [document.root]
    while stack:
        node = stack.pop()
        if isinstance(node, Collection):
            for entry in node.entries:
                found.extend(line for line in entry.before + entry.after if line != BLANK)
                if entry.trailing is not None:
                    found.append(entry.trailing)
                stack.append(entry.value)
    return sorted(found)
