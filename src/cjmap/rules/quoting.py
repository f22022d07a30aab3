"""Journey text as a rule's message quotes it.

Most findings name a thing by its id; a step or a blueprint action has no id,
so its message quotes its text instead. That text may be a paragraph with
line breaks: quoted on one line and cut short, it names the thing without
swamping the message. (The reporters escape whatever the text holds.)
"""

from __future__ import annotations

LONGEST = 60
"""Characters of a text kept in a message: enough to recognise it."""


def quoted(text: str) -> str:
    """`'Checks the documents against the register'`: on one line, cut at a
    word end with an ellipsis when longer than LONGEST."""
    one_line = " ".join(text.split())
    if len(one_line) > LONGEST:
        cut = one_line[: LONGEST - 1]
        space = cut.rfind(" ")
        if space > LONGEST * 3 // 4:
            cut = cut[:space]
        one_line = cut.rstrip(" ,;:.") + "…"
    return f"'{one_line}'"
