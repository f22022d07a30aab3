"""Bounds that keep a hostile file from exhausting the machine."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    # A 500-stage journey is about 1 MB; ten times that is no journey anyone writes.
    max_file_bytes: int = 10 * 1024 * 1024
    # A journey is about six levels deep; this leaves room for any sane layout.
    max_depth: int = 64
    # Aliases may repeat a few blocks; a "billion laughs" file asks for billions.
    max_alias_nodes: int = 10_000


DEFAULT_LIMITS = Limits()

# Files that are not journeys, read before any configuration applies.
# A configuration is a few hundred bytes; a pyproject.toml, a few thousand.
MAX_CONFIG_BYTES = 1024 * 1024
# A baseline entry is about 250 bytes: room for some 400,000 findings.
MAX_BASELINE_BYTES = 100 * 1024 * 1024
