"""`cjmap validate`: read every journey, check it with the options of its
configuration, set aside the findings of a baseline, and write each report."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from cjmap.choices import REPORTER_BY_ENDING, REPORTERS as REPORTER_NAMES
from cjmap.catalogs import CatalogStore, shown_name
from cjmap.engine import CheckOptions, check_source, not_checked
from cjmap.errors import UsageError
from cjmap.files import Source
from cjmap.findings import FileResult, Finding, RunResult, Severity
from cjmap.reporters import REPORTERS
from cjmap.settings import Overrides, Settings
from cjmap.suggest import did_you_mean
from cjmap.writes import Outputs

TO_STDOUT = "-"


@dataclass(frozen=True, slots=True)
class ValidateRequest:
    paths: list[str]
    reports: tuple[tuple[str, str], ...] = (("text", TO_STDOUT),)  # (format, file or "-")
    fail_on: Severity | None = None  # None: the configuration's, else error
    select: frozenset[str] | None = None  # None: the configuration's
    ignore: frozenset[str] | None = None
    quiet: bool = False
    stdin_name: str = "<stdin>"
    config_file: str | None = None
    isolated: bool = False
    baseline: str | None = None
    generate_baseline: str | None = None
    jobs: int = 1
    max_findings: int | None = None  # per file in the text report; 0: all


@dataclass(slots=True)
class ValidateOutcome:
    result: RunResult
    failed: bool
    written: list[str] = field(default_factory=list)
    stale: list[Any] = field(default_factory=list)  # baseline entries that matched nothing
    baselined: int = 0  # findings the baseline set aside
    notes: list[str] = field(default_factory=list)  # folders skipped while searching
    inputs: list[str] = field(default_factory=list)  # the journeys read: never written over
    recorded: bytes = b""  # the baseline to write, with --generate-baseline


def run(request: ValidateRequest, stdout: TextIO, *, show_progress: bool = True) -> int:
    """Check, report, say what was written and what a baseline left over,
    and return the exit code: 1 when a finding reaches the fail level."""
    import sys

    from cjmap import messages
    from cjmap.terminal import escape, progress_bar

    with progress_bar(request.reports, shown=show_progress) as progress:
        outcome = check(request, progress)
    # The bar is gone; what went wrong while searching is said before the findings.
    messages.notes(outcome.notes)
    if not outcome.result.files:
        messages.no_journeys(request.paths)
    sys.stderr.flush()
    write_reports(request, outcome, stdout)
    for target in outcome.written:
        messages.wrote(target)
    if request.generate_baseline:
        count = len(outcome.result.findings)
        print(f"cjmap: the baseline {request.generate_baseline} records {count} finding{'s' * (count != 1)}; "
              f"use it with --baseline {request.generate_baseline}", file=sys.stderr)
    if outcome.stale:
        many = len(outcome.stale) != 1
        print(f"cjmap: {len(outcome.stale)} baseline {'entries' if many else 'entry'} no longer "
              f"{'match' if many else 'matches'} any finding (fixed or changed):", file=sys.stderr)
        for entry in outcome.stale:
            # A baseline is a file anyone may have edited: its text is shown, never obeyed.
            print(f"  {escape(entry.file)} {escape(entry.code)} {escape(entry.message)}", file=sys.stderr)
        print(f"  hint: regenerate the baseline with --generate-baseline {request.baseline} to drop them",
              file=sys.stderr)
    return messages.EXIT_FINDINGS if outcome.failed else messages.EXIT_OK


def check(request: ValidateRequest, progress: Callable[[int, int], None] | None = None) -> ValidateOutcome:
    """Read and check every journey, and set aside the baseline's findings.
    `progress(done, total)` is called as files are checked, for a progress
    bar that is gone before anything is reported."""
    if request.config_file and request.isolated:
        raise UsageError("--config and --isolated cannot be used together",
                         hint="--isolated ignores every configuration file; --config names one")
    settings = Settings(Overrides(select=request.select, ignore=request.ignore, fail_on=request.fail_on,
                                  config_file=request.config_file, isolated=request.isolated))
    notes: list[str] = []
    sources = settings.journeys(request.paths, stdin_name=request.stdin_name, notes=notes, catalogs=True)
    files, each = _check_workspace(settings, sources, request.paths, jobs=request.jobs, progress=progress)
    result = RunResult(files=files)
    for checked, file in zip(result.files, each, strict=True):
        cap = request.max_findings if request.max_findings is not None else file.config.findings_per_file
        checked.shown = cap or None

    outcome = ValidateOutcome(result=result, failed=False, notes=notes, inputs=[s.path for s in sources])
    if request.generate_baseline or request.baseline:
        from cjmap.baseline import Baseline  # only runs that use one pay for it
    if request.generate_baseline:  # every finding, before a baseline sets any aside
        outcome.recorded = Baseline.of(result.findings).dumps().encode("utf-8")
    if request.baseline:
        baseline = Baseline.load(request.baseline)
        before = len(result.findings)
        outcome.stale = baseline.apply(result)
        outcome.baselined = before - len(result.findings)
    outcome.failed = not request.generate_baseline and any(
        file.fails(checked) for checked, file in zip(result.files, each, strict=True)
    )
    return outcome


def write_reports(request: ValidateRequest, outcome: ValidateOutcome, stdout: TextIO) -> None:
    """Write every report, and the baseline asked for: the files all
    together or none, the report on the screen first."""
    result = outcome.result
    outputs = Outputs(inputs=outcome.inputs)
    if request.generate_baseline:
        outputs.add(Path(request.generate_baseline), outcome.recorded, made_by="the baseline")
        outcome.written.append(request.generate_baseline)
    for output_format, target in request.reports:
        reporter = REPORTERS[output_format](quiet=request.quiet)
        if target == TO_STDOUT:
            reporter.write(result, stdout)
            continue
        buffer = io.StringIO()
        reporter.write(result, buffer)
        outputs.add(Path(target), buffer.getvalue().encode("utf-8"), made_by=f"the {output_format} report")
        outcome.written.append(target)
    outputs.commit()


def _format_named_by(output: str) -> str | None:
    """The format an --output's name says: the longest ending wins."""
    name = output.lower()
    for ending in sorted(REPORTER_BY_ENDING, key=len, reverse=True):
        if name.endswith(ending):
            return REPORTER_BY_ENDING[ending]
    return None


def pair_reports(formats: list[str], outputs: list[str]) -> tuple[tuple[str, str], ...]:
    """Pair the i-th --format with the i-th --output; an --output without a
    --format of its own is told by its name; the formats left without an
    output go to the screen (one at most)."""
    for output_format in formats:
        if output_format not in REPORTER_NAMES:
            raise UsageError(
                f"--format {output_format} is not a format{did_you_mean(output_format, REPORTER_NAMES)}",
                hint="choose one of " + ", ".join(REPORTER_NAMES),
            )
    for output in outputs[len(formats):]:
        named = _format_named_by(output)
        if named is None:
            raise UsageError(
                f"cannot tell the format of {output} from its name",
                hint="give its --format, or end the name with " + ", ".join(sorted(REPORTER_BY_ENDING)),
            )
        formats.append(named)
    if not formats:
        formats = ["github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"]
    example = "for example: --format sarif --format text --output cjmap.sarif"
    for output_format, output in zip(formats, outputs, strict=False):
        meant = _format_named_by(output)
        if meant is not None and meant != output_format and {meant, output_format} != {"json", "gitlab"}:
            raise UsageError(
                f"--output {output} would receive the {output_format} report: the first --output "
                "belongs to the first --format, and so on",
                hint=example,
            )
    targets = outputs + [TO_STDOUT] * (len(formats) - len(outputs))
    if targets.count(TO_STDOUT) > 1:
        raise UsageError(
            "only one report can go to the screen: give an --output for each other --format",
            hint=example,
        )
    return tuple(zip(formats, targets, strict=True))


def _check_workspace(
    settings: Settings, sources: list[Source], paths: list[str], *, jobs: int,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[FileResult], list[Any]]:
    """Check the catalogs found, then the journeys with the run's catalogs, each
    catalog read once; a catalog a journey listed but the run did not name is
    reported too, once. Then what only the workspace can tell: links, journey
    ids, and the workspace rules when the run covers a folder. Returns each
    file's result and settings, in order."""
    from cjmap.workspace_checks import check_workspace

    global _CATALOGS
    _CATALOGS = store = CatalogStore(settings.limits_for)
    each = [settings.for_file(source.path) for source in sources]
    # Catalogs are read in this process, before any worker starts: the workers share them.
    reported = {
        loaded.path: loaded.result
        for loaded in (store.get(Path(s.path), s.name) for s in sources if s.is_catalog)
    }
    work = [(s, file.options) for s, file in zip(sources, each, strict=True) if not s.is_catalog]
    checked = iter(check_all(work, jobs=jobs, progress=progress))
    files = [
        store.get(Path(source.path), source.name).result if source.is_catalog else next(checked)
        for source in sources
    ]
    for result in list(files):
        for path in result.catalogs:
            if path not in reported:
                loaded = store.get(Path(path), shown_name(path))
                reported[path] = loaded.result
                files.append(loaded.result)
                each.append(settings.for_file(path))
    _report_elsewhere(files, reported)
    journeys = [(source, result) for source, result in zip(sources, files, strict=False) if not source.is_catalog]
    check_workspace(journeys, settings, folders=[p for p in paths if p != "-" and os.path.isdir(p)],
                    catalogs=store.loaded())
    return files, each


def _report_elsewhere(files: list[FileResult], catalogs: dict[str, FileResult]) -> None:
    """Findings journeys caused in a catalog go into that catalog's result, once."""
    by_name = {result.file: result for result in catalogs.values()}
    for result in files:
        for finding in result.elsewhere:
            target = by_name.get(finding.file)
            if target is not None and finding not in target.findings:
                target.findings.append(finding)
                target.findings.sort(key=Finding.sort_key)


# The run's catalogs, for the workers it starts (a fork shares them).
_CATALOGS: CatalogStore | None = None

# Below this many files a pool costs more than it saves.
PARALLEL_FROM = 32
_CHUNK = 16


def cores() -> int:
    """The processes to check files in by default: one per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def check_all(
    work: list[tuple[Source, CheckOptions]],
    *,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[FileResult]:
    """Check every file, in parallel processes when there are many; the
    results come back in the order of `work`, whatever finished first.

    A file that runs out of memory is a finding (CJ001), and the run goes on.
    A process that dies (the system stops one that takes too much memory)
    takes its files, and the pool, with it: those files are checked again
    apart, and one whose process dies again is a finding too."""
    total = len(work)
    if jobs <= 1 or total < PARALLEL_FROM or any(source.path == "-" for source, _ in work):
        results = []
        for done, (source, options) in enumerate(work, start=1):
            try:
                results.append(check_source(source, options, _CATALOGS).slim())
            except MemoryError:
                results.append(FileResult(file=source.name, findings=[not_checked(source.name, died=False)]))
            if progress:
                progress(done, total)
        return results
    import multiprocessing  # only runs big enough to share pay for the pool
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = [work[i : i + _CHUNK] for i in range(0, total, _CHUNK)]
    checked: list[list[FileResult] | None] = [None] * len(chunks)
    done = 0
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(_check_chunk, chunk) for chunk in chunks]
        for number, future in enumerate(futures):
            try:
                checked[number] = future.result()
            except (BrokenProcessPool, MemoryError):
                continue  # checked again below, apart from the others
            done += len(chunks[number])
            if progress:
                progress(done, total)
    for number, chunk in enumerate(chunks):
        if checked[number] is None:
            checked[number] = _check_apart(chunk, context)
            done += len(chunk)
            if progress:
                progress(done, total)
    return [result for results in checked for result in results]  # type: ignore[union-attr]


def _check_chunk(chunk: list[tuple[Source, CheckOptions]]) -> list[FileResult]:
    return [check_source(source, options, _CATALOGS).slim() for source, options in chunk]


def _check_apart(chunk: list[tuple[Source, CheckOptions]], context: Any) -> list[FileResult]:
    """A chunk whose process died, or that a dying pool took with it: again
    in a process of its own, and if that dies too, each file in its own."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return _in_own_process(chunk, context)
    except (BrokenProcessPool, MemoryError):
        return [_one_apart(source, options, context) for source, options in chunk]


def _one_apart(source: Source, options: CheckOptions, context: Any) -> FileResult:
    from concurrent.futures.process import BrokenProcessPool

    try:
        [result] = _in_own_process([(source, options)], context)
    except BrokenProcessPool:
        return FileResult(file=source.name, findings=[not_checked(source.name, died=True)])
    except MemoryError:
        return FileResult(file=source.name, findings=[not_checked(source.name, died=False)])
    return result


def _in_own_process(chunk: list[tuple[Source, CheckOptions]], context: Any) -> list[FileResult]:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_check_chunk, chunk).result()
