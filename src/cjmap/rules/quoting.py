"""Journey text as a rule's message quotes it.

Most findings name a thing by its id; a step or a blueprint action has no id,
so its message quotes its text instead. That text may be a paragraph with
line breaks: quoted on one line and cut short, it names the thing without
swamping the message. (The reporters escape whatever the text holds.)
"""

from __future__ import annotations

from cjmap.shorten import shorten


def quoted(text: str) -> str:
    """`'Checks the documents against the register'`: on one line, cut at a
    word end with an ellipsis when long (`cjmap.shorten`)."""
    return f"'{shorten(text)}'"
