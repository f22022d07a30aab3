"""SVG's one escaping function, `xml`: for the SVG documents cjmap writes
itself (the report's emotion curve) and, under Graphviz's own escaping
(`render.labels.escape`), for the labels of every picture.

Markup characters become entities, so `<b>` or `<script>` in a stage name is
shown as written and never becomes an element or leaves an attribute value;
characters XML forbids are dropped, so the SVG always parses.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"
_NEWLINES = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Characters XML 1.0 forbids or that only ever mean trouble in a picture: C0 and
# C1 controls (newlines are handled before), DEL, surrogates, non-characters.
_UNSAFE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_MARKUP = re.compile(r"[&<>\"']")


def clean(text: object) -> str:
    """The text with one kind of newline, tabs as spaces, unsafe characters gone."""
    value = _NEWLINES.sub("\n", str(text)).replace("\t", " ")
    value = _UNSAFE.sub("", value)
    # Non-characters beyond the BMP (U+1FFFE, U+1FFFF, …) are not allowed in XML either.
    return "".join(c for c in value if (ord(c) & 0xFFFE) != 0xFFFE)


def xml(text: object) -> str:
    """`text` as SVG text or attribute value: no markup survives, nothing XML
    forbids is left, and it is one line (SVG text has no line breaks)."""
    one_line = clean(text).replace("\n", " ")
    return _MARKUP.sub(lambda match: _ENTITIES[match.group()], one_line)
