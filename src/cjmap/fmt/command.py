"""`cjmap fmt`: format each journey in place, or say which ones would change.

It is the one command that writes over journeys. It writes only files whose
text changes, keeps their byte-order mark and line endings, writes through a
symbolic link to the file it points at, and replaces each file all at once.
"""

from __future__ import annotations

import codecs
import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from cjmap import config as configuration
from cjmap.engine import as_finding, unreadable
from cjmap.files import STDIN, Source, discover
from cjmap.findings import FileResult, Severity
from cjmap.fmt.format import FormatBug, format_text
from cjmap.limits import Limits
from cjmap.loader import decode, load_bytes
from cjmap.validate import without_excluded
from cjmap.writes import write_atomic


@dataclass(frozen=True, slots=True)
class FmtRequest:
    paths: list[str]
    check: bool = False  # say which files would change, write nothing
    diff: bool = False  # print what would change, write nothing
    stdin_name: str = "<stdin>"


@dataclass(slots=True)
class FmtOutcome:
    changed: list[str] = field(default_factory=list)  # formatted, or would be
    unchanged: list[str] = field(default_factory=list)
    refused: list[FileResult] = field(default_factory=list)  # do not parse: their findings
    failed: list[tuple[str, FormatBug]] = field(default_factory=list)  # cjmap's own failures
    notes: list[str] = field(default_factory=list)  # folders skipped while searching


def run(request: FmtRequest, stdout: TextIO) -> FmtOutcome:
    configuration.forget()
    outcome = FmtOutcome()
    sources = discover(request.paths or ["."], stdin_name=request.stdin_name, notes=outcome.notes)
    configs = {source.path: configuration.discover(source.path) for source in sources}
    for source in without_excluded(sources, configs):
        try:
            _format_one(source, configs[source.path].limits, request, outcome, stdout)
        except FormatBug as bug:
            outcome.failed.append((source.name, bug))
    return outcome


def _format_one(source: Source, limits: Limits, request: FmtRequest, outcome: FmtOutcome, stdout: TextIO) -> None:
    try:
        raw = source.read(limits.max_file_bytes)
    except OSError as err:
        outcome.refused.append(FileResult(file=source.name, findings=[unreadable(source.name, err)]))
        return
    decoded, problem = decode(raw)
    text = decoded or ""
    if len(raw) > limits.max_file_bytes or problem is not None:
        formatted, problems = "", load_bytes(raw, limits=limits).problems  # too large, or not UTF-8
    else:
        formatted, problems = format_text(text, limits=limits)
    if problems:
        findings = [as_finding(source.name, p, Severity.ERROR) for p in problems]
        outcome.refused.append(FileResult(file=source.name, findings=findings, source=text))
        return
    new = _encoded(formatted, raw)
    if new == raw:
        outcome.unchanged.append(source.name)
        if source.path == STDIN and not (request.check or request.diff):
            stdout.write(text)
        return
    outcome.changed.append(source.name)
    if request.diff:
        stdout.writelines(
            difflib.unified_diff(
                text.replace("\r\n", "\n").splitlines(keepends=True),
                formatted.splitlines(keepends=True),
                fromfile=source.name,
                tofile=f"{source.name} (formatted)",
            )
        )
    if request.check or request.diff:
        return
    if source.path == STDIN:
        stdout.write(formatted)
    else:
        write_atomic(Path(os.path.realpath(source.path)), new)


def _encoded(formatted: str, raw: bytes) -> bytes:
    """The new bytes, with the old file's byte-order mark and line endings."""
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    if raw[: raw.find(b"\n") + 1].endswith(b"\r\n"):
        formatted = formatted.replace("\n", "\r\n")
    return bom + formatted.encode("utf-8")
