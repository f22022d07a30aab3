"""Which stages moved: those outside a longest common subsequence.

Comparing positions would call every stage after an inserted one "moved".
The stages that kept their order relative to each other form the longest
common subsequence of the two orders; only the others moved.
"""

from __future__ import annotations

from collections.abc import Sequence


def moved(old: Sequence[str], new: Sequence[str]) -> set[str]:
    """The ids present in both orders whose place among the others changed."""
    kept = set(old) & set(new)
    before = [ident for ident in old if ident in kept]
    after = [ident for ident in new if ident in kept]
    return kept - set(_common_subsequence(before, after))


def _common_subsequence(a: list[str], b: list[str]) -> list[str]:
    # lengths[i][j]: the longest common subsequence of a[i:] and b[j:].
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            if a[i] == b[j]:
                lengths[i][j] = lengths[i + 1][j + 1] + 1
            else:
                lengths[i][j] = max(lengths[i + 1][j], lengths[i][j + 1])
    common, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            common.append(a[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return common
