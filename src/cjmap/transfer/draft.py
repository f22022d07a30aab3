"""A journey being imported from another tool's file, and its text.

The readers of other formats (`grid`, `mermaid_source`) fill a `Draft`: the
journey as plain data in the format's own keys, the ids made so far, and a
`Note` for everything of the source that could not be carried over as it
was. `journey_text` writes it as YAML in `cjmap fmt` style, under a comment
that names the source and lists those notes, so that the author finds them
in the file as well as on the screen.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

# An id longer than this is cut at a word end: ids are typed and read.
ID_LENGTH = 40


@dataclass(frozen=True, slots=True)
class Note:
    """Something of the source that did not arrive as it was: `where` is a
    cell (`B7`) or a line (`line 12`) of the source."""

    where: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def slug(name: str) -> str:
    """An id made from a name: lower case, accents removed, every run of
    other characters a `-`, at most ID_LENGTH characters; "" when the name
    has no letter or digit."""
    from cjmap.transfer.lanes import normal

    made = re.sub(r"[^a-z0-9]+", "-", normal(name)).strip("-")
    if len(made) > ID_LENGTH:
        cut = made.rfind("-", 0, ID_LENGTH + 1)
        made = made[: cut if cut > ID_LENGTH // 2 else ID_LENGTH].strip("-")
    return made


def source_stem(name: str) -> str:
    """A source file's name without its folder and suffix (`docs/day.mmd`
    is `day`): the title of a journey whose source names none."""
    return PurePath(name.replace("\\", "/")).stem.strip()


class Ids:
    """Ids made from names, unique within each kind of thing (stages,
    touchpoints, objectives, …): a second `Visit` stage is `visit-2`."""

    def __init__(self) -> None:
        self._used: dict[str, set[str]] = defaultdict(set)
        # The next number to try after each base: thousands of stages of one
        # name get their ids in linear time.
        self._next: dict[tuple[str, str], int] = {}

    def make(self, kind: str, name: str, *, fallback: str) -> str:
        """A new id of `kind` for `name`; `fallback` when the name has no
        letter or digit (`stage` gives `stage`, `stage-2`, …)."""
        base = slug(name) or fallback
        number = self._next.get((kind, base), 1)
        while not self.take(kind, made := base if number == 1 else f"{base}-{number}"):
            number += 1
        self._next[(kind, base)] = number + 1
        return made

    def take(self, kind: str, ident: str) -> bool:
        """Claim an id given by the source itself; False when it is taken."""
        if ident in self._used[kind]:
            return False
        self._used[kind].add(ident)
        return True


@dataclass(slots=True)
class Draft:
    """A journey being built from `source` (its name as given)."""

    source: str
    data: dict[str, Any] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    ids: Ids = field(default_factory=Ids)

    def note(self, where: str, message: str, hint: str | None = None) -> None:
        self.notes.append(Note(where, message, hint))


def journey_text(draft: Draft) -> str:
    """The journey as YAML in `cjmap fmt` style, under a comment naming the
    source and the notes."""
    from cjmap.fmt.format import format_text

    # JSON is YAML: the data is written quickly as it is, and fmt lays it out
    # in its style (and checks that it reads back the same).
    formatted, problems = format_text(json.dumps(draft.data, ensure_ascii=False, indent=1))
    if problems:  # the data was built here: not reading back is cjmap's bug
        raise AssertionError(f"an imported journey does not read back: {problems[0].message}")
    return _header(draft) + formatted


def _header(draft: Draft) -> str:
    lines = [f"Imported by `cjmap import` from {_one_line(draft.source)}.",
             "Run `cjmap validate` on this file to see what is still to fill in."]
    if draft.notes:
        lines.append("Not carried over as it was in the source:")
        lines += [f"- {_one_line(str(note))}" for note in draft.notes]
    return "".join(f"# {line}\n" for line in lines) + "\n"


def _one_line(text: str) -> str:
    """Text as one comment line: a line break would end the comment."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", text)
