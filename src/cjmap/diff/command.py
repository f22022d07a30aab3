"""`cjmap diff`: find the pairs, compare each, write the result once.

Everything the command line asks for arrives as a DiffRequest; the result
comes back as a DiffReport, whose unreadable journeys decide the exit code.
The output is written in one piece, to the screen or atomically to a file,
so a failed run never leaves half a comment behind.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from cjmap.diff.catalog import Workspaces
from cjmap.diff.journeys import STRUCTURE_ONLY, diff_pair
from cjmap.diff.outcome import WORKING_TREE, DiffReport
from cjmap.diff.sources import Pair, file_pairs
from cjmap.engine import CheckOptions
from cjmap.errors import UsageError
from cjmap.settings import Settings
from cjmap.writes import refuse_inputs, write_atomic


@dataclass(frozen=True, slots=True)
class DiffRequest:
    paths: list[str]  # OLD and NEW; with `git`, the journeys to compare
    git: str | None = None  # REV, REV1..REV2 or REV1...REV2
    output_format: str = "text"
    output: str | None = None  # None or "-": the screen


def run(request: DiffRequest, out: TextIO) -> DiffReport:
    settings = Settings()
    pairs, report = _pairs(request, settings)
    if request.output not in (None, "-"):
        refuse_inputs(Path(request.output), _inputs(pairs))
    workspaces = Workspaces(settings)  # the journeys that use a changed catalog, read once
    report.journeys = [diff_pair(pair, _options(pair, settings), workspaces) for pair in pairs]
    if request.output in (None, "-"):
        _write(report, request.output_format, out, colour=_colour(request, out))
    else:
        buffer = io.StringIO()
        _write(report, request.output_format, buffer, colour=False)
        write_atomic(Path(request.output), buffer.getvalue().encode("utf-8"))
    return report


def _options(pair: Pair, settings: Settings) -> CheckOptions:
    """Structure only — a journey with quality findings still has a meaning to
    compare — within the limits of the journey's configuration."""
    version = pair.new or pair.old
    if version is None:
        return STRUCTURE_ONLY
    return replace(STRUCTURE_ONLY, limits=settings.limits_for(version.path))


def _pairs(request: DiffRequest, settings: Settings) -> tuple[list[Pair], DiffReport]:
    if request.git is not None:
        from cjmap.diff.gitsource import Repository

        repository = Repository()
        revisions = repository.revisions(request.git)
        new_label = f"the {WORKING_TREE}" if revisions.new_name is None else revisions.new_name
        return repository.pairs(revisions, request.paths), DiffReport(revisions.old_label, new_label)
    if len(request.paths) != 2:
        raise UsageError(
            f"cjmap diff compares two journeys, and {len(request.paths)} "
            f"{'was' if len(request.paths) == 1 else 'were'} given",
            hint="name the old and the new version: cjmap diff OLD NEW (two files, or two folders); "
            "or compare with git: cjmap diff --git HEAD",
        )
    old, new = request.paths
    return file_pairs(old, new, settings), DiffReport(old, new)


def _inputs(pairs: list[Pair]) -> list[str]:
    return [version.path for pair in pairs for version in (pair.old, pair.new)
            if version is not None and version.on_disk]


def _colour(request: DiffRequest, out: TextIO) -> bool:
    from cjmap.terminal import wants_colour

    return request.output_format == "text" and wants_colour(out)


def _write(report: DiffReport, output_format: str, out: TextIO, *, colour: bool) -> None:
    if output_format == "md":
        from cjmap.diff.markdown import markdown

        out.write(markdown(report))
    elif output_format == "json":
        from cjmap.diff.jsonout import to_json

        out.write(to_json(report))
    else:
        from cjmap.diff.text import write_text

        write_text(report, out, colour=colour)
