"""Stable identities for findings, that survive edits elsewhere in the file.

A finding is identified by its file, its code and its message — the message
names the stage, objective or id concerned; the few that mention another
line ("first at line 3") have that number left out — plus its rank
among identical findings of that file. Lines are left out on purpose: adding
a stage above must not make every finding below look new (SARIF
`partialFingerprints`, GitLab `fingerprint`, and baselines all use this).
"""

from __future__ import annotations

import hashlib
from contextlib import suppress
import os
import re
from collections.abc import Iterable

from cjmap.findings import Finding


def portable_path(file: str) -> str:
    """The file as a relative, forward-slash path where it can be."""
    if os.path.isabs(file):
        with suppress(ValueError):  # another drive on Windows: keep it absolute
            file = os.path.relpath(file)
    return file.replace(os.sep, "/").removeprefix("./")


# Some messages name another place ("first at line 3"): that must not count.
_PLACES = re.compile(r"\b(line|column) \d+")


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """One fingerprint per finding, in the same order."""
    seen: dict[tuple[str, str, str], int] = {}
    found = []
    for finding in findings:
        key = (portable_path(finding.file), finding.code, _PLACES.sub(r"\1", finding.message))
        rank = seen.get(key, 0)
        seen[key] = rank + 1
        digest = hashlib.sha256("\0".join((*key, str(rank))).encode("utf-8")).hexdigest()
        found.append(digest[:32])
    return found
