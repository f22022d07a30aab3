"""Closest-match suggestions for typos ("did you mean …?")."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The most similar choice, if any is similar enough to be a likely typo."""
    options = list(choices)
    folded = {choice.lower(): choice for choice in options}
    if word.lower() in folded:
        return folded[word.lower()]
    match = get_close_matches(word.lower(), list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' did you mean `x`?' or '' — ready to append to a sentence."""
    match = closest(word, choices)
    return f"; did you mean `{match}`?" if match else ""
