"""`cjmap validate`: read every journey, check it, report the results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from cjmap.engine import CheckOptions, check_bytes
from cjmap.files import Source, discover
from cjmap.findings import FileResult, Finding, RunResult, Severity
from cjmap.reporters import REPORTERS


@dataclass(frozen=True, slots=True)
class ValidateRequest:
    paths: list[str]
    output_format: str = "text"
    fail_on: Severity = Severity.ERROR
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    quiet: bool = False
    stdin_name: str = "<stdin>"


def check_sources(sources: list[Source], options: CheckOptions) -> RunResult:
    return RunResult(files=[_check_one(source, options) for source in sources])


def _check_one(source: Source, options: CheckOptions) -> FileResult:
    try:
        raw = source.read()
    except OSError as err:
        reason = err.strerror or str(err)
        finding = Finding(
            source.name, 1, 1, "CJ001", Severity.ERROR,
            f"cannot read the file: {reason.lower()}",
            "check that the file exists and that you may read it",
        )
        return FileResult(file=source.name, findings=[finding])
    return check_bytes(source.name, raw, options)


def run(request: ValidateRequest, out: TextIO) -> RunResult:
    """Check every journey the request names and write the report to `out`."""
    sources = discover(request.paths, stdin_name=request.stdin_name)
    options = CheckOptions(select=request.select, ignore=request.ignore)
    result = check_sources(sources, options)
    reporter = REPORTERS[request.output_format](quiet=request.quiet)
    reporter.write(result, out)
    return result
