"""Closest-match suggestions for typos ("did you mean …?")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher, get_close_matches


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The most similar choice, if any is similar enough to be a likely typo."""
    options = list(choices)
    folded = {choice.lower(): choice for choice in options}
    if word.lower() in folded:
        return folded[word.lower()]
    if not folded:
        return None
    matches = get_close_matches(word.lower(), list(folded), n=len(folded), cutoff=0.6)
    if not matches:
        return None
    # Among equally similar words prefer the one that differs in fewest places
    # (`CJ1O1` is `CJ101` with a letter O, not `CJ116`), then the one listed
    # first (`CJ01` is `CJ101` rather than `CJ201`).
    order = {choice: index for index, choice in enumerate(folded)}
    best = max(matches, key=lambda m: (_ratio(word.lower(), m), _same_places(word.lower(), m), -order[m]))
    return folded[best]


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


# Letters typed for the digits they look like: `CJ1O1` means `CJ101`.
_LOOKALIKES = str.maketrans("oil", "011")


def _same_places(a: str, b: str) -> tuple[int, int]:
    exact = sum(x == y for x, y in zip(a, b, strict=False))
    alike = sum(x == y for x, y in zip(a.translate(_LOOKALIKES), b.translate(_LOOKALIKES), strict=False))
    return exact, alike


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' did you mean `x`?' or '' — ready to append to a sentence."""
    match = closest(word, choices)
    return f"; did you mean `{match}`?" if match else ""


class Suggestions:
    """The closest defined id for each dangling one, at a bounded cost.

    Comparing a dangling id with every defined id costs as much as the
    journey is long, so a journey with thousands of broken references would
    take quadratic time. The first comparisons, up to a budget for the whole
    file, look at every defined id (what a journey of normal size always
    gets); past it, only at the ids one deleted character away from the
    dangling one, found through an index of such deletions: every typo of
    one or two characters (a letter wrong, missing, added or swapped).
    """

    BUDGET = 20_000  # defined ids compared in full, for one kind of id in one file
    _INDEXED = 32  # longer ids are indexed whole, not by their deletions: the index stays small

    def __init__(self, known: list[str]) -> None:
        self.known = known
        self.spent = 0
        self.found: dict[str, str | None] = {}
        self._near: dict[str, list[str]] | None = None

    def __call__(self, ident: str) -> str | None:
        if ident not in self.found:
            if self.spent + len(self.known) <= self.BUDGET:
                self.spent += len(self.known)
                self.found[ident] = closest(ident, self.known)
            else:
                self.found[ident] = closest(ident, self._candidates(ident))
        return self.found[ident]

    def _candidates(self, ident: str) -> list[str]:
        if self._near is None:
            self._near = {}
            for known in self.known:
                for variant in self._deletions(known.lower()):
                    self._near.setdefault(variant, []).append(known)
        found: dict[str, None] = {}
        for variant in self._deletions(ident.lower()):
            found.update(dict.fromkeys(self._near.get(variant, ())))
        return list(found)

    @classmethod
    def _deletions(cls, word: str) -> set[str]:
        if len(word) > cls._INDEXED:
            return {word}
        return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def listed(ids: Sequence[str], most: int = 8) -> str:
    """The first `most` ids as code, then an ellipsis when there are more:
    "`a`, `b`, …" — for a hint that says what exists."""
    return ", ".join(f"`{ident}`" for ident in ids[:most]) + (", …" if len(ids) > most else "")
