"""Names of things on disk, as messages show them and as outputs are named."""

from __future__ import annotations

import os
import re
from pathlib import Path

from cjmap.errors import UsageError

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


def folder_read(path: str, output: str | None, *, each: str) -> str | None:
    """The folder a render or report run reads, or None for one journey
    (a file, or `-`). A folder gives one output per journey, so `-o`, which
    names one file, is a usage error; `each` says what is written per journey."""
    if path == "-" or not os.path.isdir(path):
        return None
    if output is not None:
        raise UsageError(f"{path} is a folder: -o names one file", hint=f"use --output-dir DIR to write {each}")
    return path


def output_path(journey: str, filename: str, *, output_dir: str | None, folder: str | None) -> Path:
    """Where an output named `filename` of a journey goes when no `-o` names
    it: beside the journey; below --output-dir, keeping the layout of the
    folder read (so equal names in two folders cannot collide); for standard
    input, in --output-dir or the current folder."""
    if journey == "-":
        return Path(output_dir or ".") / filename
    if output_dir is None:
        return Path(journey).parent / filename
    relative = Path(journey).parent.relative_to(folder) if folder else Path()
    return Path(output_dir) / relative / filename
