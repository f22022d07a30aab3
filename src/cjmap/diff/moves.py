"""Which stages moved: those outside a longest common subsequence.

Comparing positions would call every stage after an inserted one "moved".
The stages that kept their order relative to each other form the longest
common subsequence of the two orders; only the others moved.

Stage ids are unique, so the longest common subsequence is the longest
increasing run of the old stages' new places, found in O(n log n); the table
of every pair of stages, quadratic in time and memory, is kept only for a
journey that repeats a stage id (one that does not validate).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence


def moved(old: Sequence[str], new: Sequence[str]) -> set[str]:
    """The ids present in both orders whose place among the others changed."""
    kept = set(old) & set(new)
    before = [ident for ident in old if ident in kept]
    after = [ident for ident in new if ident in kept]
    return kept - set(_common_subsequence(before, after))


def _common_subsequence(a: list[str], b: list[str]) -> list[str]:
    if len(set(a)) == len(a) and len(set(b)) == len(b):
        return _common_of_unique(a, b)
    return _common_by_table(a, b)


def _common_of_unique(a: list[str], b: list[str]) -> list[str]:
    """The same subsequence as `_common_by_table`, for lists without repeats.

    The table's walk keeps an old entry only when every longest subsequence
    left needs it, or when it is next in the new order. With `place[i]` the
    new place of `a[i]` and `longest[i]` the longest increasing run that
    starts at `a[i]`, that is: among the entries whose run is as long as what
    is left to find, keep one when it is next, or when no later one could
    take its part. Entries with runs of one length have places that fall as
    they come later, so the first later one is the only one to look at.
    """
    where = {ident: position for position, ident in enumerate(b)}
    pairs = [(i, where[ident]) for i, ident in enumerate(a) if ident in where]
    places = [place for _, place in pairs]
    longest = [0] * len(places)
    # best[v]: the longest run so far (from the right) starting at a place above v, as a Fenwick tree of maxima.
    size = len(b)
    tree = [0] * (size + 1)
    for k in range(len(places) - 1, -1, -1):
        found, node = 0, size - places[k] - 1  # places above places[k], counted from the top
        while node > 0:
            found = max(found, tree[node])
            node -= node & -node
        longest[k] = found + 1
        node = size - places[k]
        while node <= size:
            tree[node] = max(tree[node], longest[k])
            node += node & -node
    by_length: dict[int, list[int]] = {}
    for k, length in enumerate(longest):
        by_length.setdefault(length, []).append(k)
    left = max(longest, default=0)
    last = -1  # the new place of the entry kept last
    common = []
    for k, place in enumerate(places):
        if left == 0:
            break
        if place <= last or longest[k] != left:
            continue
        level = by_length[left]
        later = bisect_right(level, k)
        if place == last + 1 or later == len(level) or places[level[later]] <= last:
            common.append(a[pairs[k][0]])
            last, left = place, left - 1
    return common


def _common_by_table(a: list[str], b: list[str]) -> list[str]:
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
