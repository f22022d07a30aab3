"""`cjmap fmt`: format each journey and catalog in place, or say which ones
would change.

It is the one command that writes over journeys and catalogs: a folder is
searched for both, and a catalog's keys go in a catalog's order. It writes
only files whose text changes, keeps their byte-order mark and line endings,
writes through a symbolic link to the file it points at, and replaces each
file all at once, keeping its permissions, owner and group; a file with other
hard links is rewritten in place, so that it stays one file under all its
names.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from cjmap.engine import as_finding, unreadable
from cjmap.files import CATALOG_SUFFIXES, STDIN, Source
from cjmap.findings import FileResult, Severity
from cjmap.fmt.format import FormatBug, FormatRefusal, format_text
from cjmap.limits import Limits
from cjmap.loader import decode, load_bytes
from cjmap.settings import Settings
from cjmap.writes import Outputs


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
    # Not formatted although they parse: a bug in cjmap (FormatBug, exit 3), or a
    # layout fmt cannot write without changing the meaning (FormatRefusal, exit 1).
    failed: list[tuple[str, FormatBug | FormatRefusal]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # folders skipped while searching
    catalogs: set[str] = field(default_factory=set)  # the names above that are catalogs

    def summary(self, dry_run: bool) -> str:
        """`2 journeys reformatted, 1 journey and 1 catalog already formatted`."""
        parts = []
        if self.changed:
            parts.append(f"{self._files(self.changed)} {'would be reformatted' if dry_run else 'reformatted'}")
        if self.unchanged:
            parts.append(f"{self._files(self.unchanged)} already formatted")
        if self.refused or self.failed:
            not_formatted = [result.file for result in self.refused] + [name for name, _ in self.failed]
            parts.append(f"{self._files(not_formatted)} not formatted")
        return ", ".join(parts)

    def _files(self, names: list[str]) -> str:
        """`2 journeys`, `1 catalog`, `2 journeys and 1 catalog`."""
        catalogs = sum(1 for name in names if name in self.catalogs)
        counts = [(len(names) - catalogs, "journey"), (catalogs, "catalog")]
        return " and ".join(f"{count} {word}{'s' if count != 1 else ''}" for count, word in counts if count)


def finish(request: FmtRequest, outcome: FmtOutcome) -> int:
    """Name the files changed (or that would be), the refused and the failed,
    sum up, and return the exit code: 3 for a bug in fmt, 1 when a file was not
    formatted, or with --check would be."""
    import sys

    from cjmap import messages
    from cjmap.terminal import escape

    messages.notes(outcome.notes)
    dry_run = request.check or request.diff
    for name in outcome.changed:
        if dry_run or name != request.stdin_name:
            print(f"cjmap: {'would reformat' if dry_run else 'formatted'} {escape(name)}", file=sys.stderr)
    if outcome.refused:
        messages.refused(outcome.refused, "not formatted, fix the errors first")
    for name, failure in outcome.failed:
        messages.error(f"{name}: {failure}", failure.hint)
    total = len(outcome.changed) + len(outcome.unchanged) + len(outcome.refused) + len(outcome.failed)
    if total == 0:
        messages.no_journeys(request.paths or ["."])
    elif total > 1 or (outcome.unchanged and (dry_run or outcome.unchanged != [request.stdin_name])):
        # A single file changed or refused has been named already, and standard
        # input stays quiet, for editors.
        print(f"cjmap: {outcome.summary(dry_run)}", file=sys.stderr)
    if any(failure.exit_code == FormatBug.exit_code for _, failure in outcome.failed):
        return FormatBug.exit_code
    if outcome.refused or outcome.failed or (request.check and outcome.changed):
        return messages.EXIT_FINDINGS
    return messages.EXIT_OK


def run(request: FmtRequest, stdout: TextIO) -> FmtOutcome:
    settings = Settings()
    outcome = FmtOutcome()
    sources = settings.journeys(
        request.paths or ["."], stdin_name=request.stdin_name, notes=outcome.notes, catalogs=True
    )
    rewrites = _Rewrites()
    for source in sources:
        try:
            limits = settings.limits_for(source.path)
            _format_one(source, limits, request, outcome, stdout, rewrites)
        except (FormatBug, FormatRefusal) as failure:
            outcome.failed.append((source.name, failure))
    rewrites.outputs.commit()  # every rewritten file lands, or none does
    return outcome


@dataclass(slots=True)
class _Rewrites:
    """The files one run rewrites, by the file they really are: a journey
    named twice (through a link) is written once."""

    outputs: Outputs = field(default_factory=Outputs)
    files: set[str] = field(default_factory=set)

    def add(self, source: Source, new: bytes) -> None:
        # Through a symbolic link to the file; a file with other hard links is
        # rewritten where it is, so that every name of it sees the new text.
        real = os.path.realpath(source.path)
        if real not in self.files:
            self.files.add(real)
            self.outputs.add(Path(real), new, made_by=source.name, keep_links=True)


def _format_one(
    source: Source, limits: Limits, request: FmtRequest, outcome: FmtOutcome, stdout: TextIO, rewrites: _Rewrites
) -> None:
    try:
        raw = source.read(limits.max_file_bytes)
    except OSError as err:
        outcome.refused.append(FileResult(file=source.name, findings=[unreadable(source.name, err)]))
        return
    # Named like a catalog: from a folder search or the command line, or
    # standard input's --stdin-filename.
    catalog_named = source.is_catalog or source.name.endswith(CATALOG_SUFFIXES)
    if catalog_named:
        outcome.catalogs.add(source.name)
    decoded, problem = decode(raw)
    text = decoded or ""
    if len(raw) > limits.max_file_bytes or problem is not None:
        formatted, problems = "", load_bytes(raw, limits=limits).problems  # too large, or not UTF-8
    else:
        formatted, problems = format_text(text, limits=limits, catalog_named=catalog_named)
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
                _BREAK.sub("\n", text).splitlines(keepends=True),
                formatted.splitlines(keepends=True),
                fromfile=source.name,
                tofile=f"{source.name} (formatted)",
            )
        )
    if request.check or request.diff:
        return
    if source.path == STDIN:
        stdout.write(_with_line_ending(formatted, raw))
    else:
        rewrites.add(source, new)


_BREAK = re.compile(r"\r\n?")


def _encoded(formatted: str, raw: bytes) -> bytes:
    """The new bytes, with the old file's byte-order mark and line ending."""
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    return bom + _with_line_ending(formatted, raw).encode("utf-8")


def _with_line_ending(formatted: str, raw: bytes) -> str:
    """The text with the line ending the old file's first line has: LF, CR LF
    or a lone CR."""
    first = re.search(rb"\r\n|\r|\n", raw)
    if first is None or first.group() == b"\n":
        return formatted
    return formatted.replace("\n", first.group().decode("ascii"))
