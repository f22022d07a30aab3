"""Names of things on disk, as messages show them and as outputs are named."""

from __future__ import annotations

import os
import re

JOURNEY_NAME_SUFFIXES = (".journey.yaml", ".journey.yml", ".yaml", ".yml")
STDIN_STEM = "journey"


def shown(path: str) -> str:
    """A path as a message can print it. A file name that is not UTF-8 comes
    from the system with its bytes smuggled in as lone surrogates, which no
    terminal, JSON or XML reader accepts: each such byte is shown as `\\xNN`."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def journey_stem(name: str, *, from_stdin: bool = False) -> str:
    """What outputs of a journey are named after: `shop` for
    `journeys/shop.journey.yaml`, and `journey` for standard input, so that
    no file is ever named after `<stdin>` or `-`."""
    if from_stdin:
        return STDIN_STEM
    stem = os.path.basename(name)
    for suffix in JOURNEY_NAME_SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return stem or STDIN_STEM


_NOT_IN_NAMES = re.compile(r"(?:[^\w.-]|\.\.+|-)+")


def name_part(text: str) -> str:
    """Text from a journey (a segment id) made safe as part of a file name:
    no folder separator, no `..`, no control character, so that an output
    named after it stays in its folder."""
    return _NOT_IN_NAMES.sub("-", text).strip(".-") or "segment"
