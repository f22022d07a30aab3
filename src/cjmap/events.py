"""libyaml's events: the one place cjmap reaches YAML's C parser (through
ruamel.yaml), for the loader and for fmt alike, and the one place that says
so plainly when that parser is missing.

Both read a text as a stream of events — scalars, the starts and ends of
mappings and sequences, aliases — each with its position in characters. The
loader builds data and positions from them in one pass; fmt builds a tree
that keeps each scalar's style and source text.
"""

from __future__ import annotations

from cjmap.errors import CjmapError

try:
    from _ruamel_yaml import (
        AliasEvent,
        CParser,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
        YAMLError,
    )
except ImportError as err:  # pragma: no cover - the message is tested in a process of its own
    raise CjmapError(
        "cjmap needs libyaml's C parser (the ruamel.yaml.clib package), and this Python cannot load it",
        hint="reinstall it: python -m pip install --force-reinstall ruamel.yaml.clib "
        "(on a Python without a prebuilt wheel, install a C compiler first)",
    ) from err

__all__ = [
    "AliasEvent", "DocumentStartEvent", "MappingEndEvent", "MappingStartEvent", "ScalarEvent",
    "SequenceEndEvent", "SequenceStartEvent", "StreamEndEvent", "YAMLError", "parser",
]


def parser(text: str) -> CParser:
    """A parser of `text`: call `get_event()` until a StreamEndEvent."""
    return CParser(text)
