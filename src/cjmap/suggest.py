"""Closest-match suggestions for typos ("did you mean …?")."""

from __future__ import annotations

from collections.abc import Iterable
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
