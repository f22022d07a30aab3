"""Lines for a terminal or a CI log: plain, or coloured by rich on a
terminal (or with FORCE_COLOR), never with NO_COLOR.

A terminal obeys the control characters it is sent: an escape sequence in a
team name could recolour, retitle or clear the screen, and a newline would
print a line of its own. Every span of every line goes through `escape`, the
one escaping function of text output, so a journey's text is shown and never
obeyed. validate's text report, GitHub annotations and `cjmap diff` all
write through here.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

Span = tuple[str, "str | None"]  # a piece of text and its rich style


# The command line's --color for this process: auto, always or never.
_chosen = "auto"


def choose_colour(choice: str) -> None:
    """Set what --color says for the rest of the run."""
    global _chosen
    _chosen = choice


def wants_colour(out: TextIO) -> bool:
    """--color always or never decides; with auto, NO_COLOR, FORCE_COLOR and
    whether `out` is a terminal do."""
    if _chosen != "auto":
        return _chosen == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


# Control characters (C0, DEL, C1) and the invisible marks that reorder text
# on screen (bidirectional embeddings, overrides and isolates).
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile("\r\n|[\n\r\t\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def escape(text: str) -> str:
    """Text for one terminal line, the one escaping function of text output:
    line breaks and tabs as spaces, any other control character written out as
    its code (`\\x1b`), so that a journey's text (an escape sequence in a team
    name) is shown and never obeyed, and never prints a line of its own."""
    return UNSAFE.sub(_written_out, _BREAKS.sub(" ", text))


def _written_out(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


class Screen:
    """Plain lines; every span goes through `escape`."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def line(self, *spans: Span) -> None:
        self.out.write("".join(escape(text) for text, _ in spans) + "\n")


class Coloured(Screen):
    """The same lines, styled by rich."""

    def __init__(self, out: TextIO) -> None:
        from rich.console import Console

        super().__init__(out)
        self.console = Console(file=out, highlight=False, soft_wrap=True, emoji=False, force_terminal=True)

    def line(self, *spans: Span) -> None:
        from rich.text import Text

        styled = Text()
        for text, style in spans:
            styled.append(escape(text), style=style)
        self.console.print(styled)


# A bar appears for runs longer than this many files, on a person's terminal.
PROGRESS_FROM = 200


@contextmanager
def progress_bar(reports: tuple[tuple[str, str], ...], *, shown: bool = True) -> Iterator[Any]:
    """A progress bar on standard error for long runs on a terminal; never in
    CI logs, never when a machine format is printed, never when redirected,
    never with --no-progress. It is cleared when the block ends, before
    anything is reported."""
    on_screen = [fmt for fmt, target in reports if target == "-"]
    if (
        not shown
        or not sys.stderr.isatty()
        or os.environ.get("CI")
        or os.environ.get("NO_COLOR")
        or on_screen not in ([], ["text"])
    ):
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as bar:
        task = None

        def advance(done: int, total: int) -> None:
            nonlocal task
            if total < PROGRESS_FROM:
                return
            if task is None:
                task = bar.add_task("checking journeys", total=total)
            bar.update(task, completed=done)

        yield advance
