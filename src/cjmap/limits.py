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

# The most a configuration may raise each bound to. Past them a file costs
# more than any journey justifies, or breaks the tools cjmap stands on:
# - size: checking takes about 50 times the file's size in memory, fmt about
#   200 times; 32 MiB is some 130,000 touchpoints.
# - depth: fmt's YAML round trip recurses once per level and Python stops at
#   about 300; libyaml's time grows with the square of the depth of `[`/`{`.
# - aliases: fmt compares the expanded values, a million in about ten seconds.
MAX_LIMITS = Limits(max_file_bytes=32 * 1024 * 1024, max_depth=256, max_alias_nodes=1_000_000)

# Files that are not journeys, read before any configuration applies.
# A configuration is a few hundred bytes; a pyproject.toml, a few thousand.
MAX_CONFIG_BYTES = 1024 * 1024
# A baseline entry is about 250 bytes: room for some 400,000 findings.
MAX_BASELINE_BYTES = 100 * 1024 * 1024
