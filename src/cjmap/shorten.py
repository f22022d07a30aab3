"""Journey text cut short to name a thing: a rule's message quoting a step,
the report's summary naming an objective by its statement."""

from __future__ import annotations

LONGEST = 60
"""Characters of a text kept: enough to recognise it."""


def shorten(text: str, limit: int = LONGEST) -> str:
    """The text on one line, cut at a word end with an ellipsis when longer
    than `limit` characters."""
    one_line = " ".join(text.split())
    if len(one_line) <= limit:
        return one_line
    cut = one_line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 3 // 4:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"
