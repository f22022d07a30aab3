"""The `cjmap` command line: parse options, build the pieces, run.

This is the only module that prints errors and chooses exit codes:
0 nothing at or above the fail level, 1 findings, 2 usage error,
3 cjmap itself failed (a bug to report).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any, Literal, Optional

import typer

from cjmap import __version__, choices
from cjmap.errors import CjmapError, UsageError
from cjmap.suggest import did_you_mean

app = typer.Typer(
    name="cjmap",
    help="Validate, render and report customer journeys kept as YAML.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
# Every list of choices comes from one light module, which the registries read too.
FailOn = Literal[choices.SEVERITIES]  # type: ignore[valid-type]
ReportFormat = Literal[choices.REPORT_FORMATS]  # type: ignore[valid-type]
PictureFormat = Literal[choices.PICTURE_FORMATS]  # type: ignore[valid-type]
ViewName = Literal[choices.VIEWS]  # type: ignore[valid-type]
EngineName = Literal[choices.ENGINES]  # type: ignore[valid-type]
Language = Literal[choices.LANGUAGES]  # type: ignore[valid-type]
ColorOption = Annotated[
    Literal[choices.COLOURS],  # type: ignore[valid-type]
    typer.Option("--color", help="Colour the output: auto (on a terminal, unless NO_COLOR is set), "
                 "always, or never."),
]
# Options render and report share, declared once.
SegmentOption = Annotated[
    Optional[str],
    typer.Option("--segment", help="The journey as this segment lives it.", show_default=False),
]
LangOption = Annotated[
    Optional[Language],
    typer.Option("--lang", help="Language of every fixed word. Default: the journey's.", show_default=False),
]
EngineOption = Annotated[
    EngineName,
    typer.Option("--engine", help="Graphviz engine: the system dot when installed (auto), or graphviz-pure."),
]
OutputDirOption = Annotated[
    Optional[str],
    typer.Option("--output-dir", help="For a folder: where to write one output per journey, keeping the "
                 "folder's layout.", show_default=False),
]
JourneyPath = Annotated[
    str, typer.Argument(help="A journey file, a folder of journeys, or - for standard input.")
]


def _version(value: bool) -> None:
    if value:
        print(f"cjmap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Validate, render and report customer journeys kept as YAML."""


@app.command()
def validate(
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(
            help="Journey files or folders (searched for *.journey.yaml); - reads standard "
            "input. Default: the current folder.",
            show_default=False,
        ),
    ] = None,
    output_formats: Annotated[
        Optional[list[str]],
        typer.Option(
            "--format", "-f",
            help="Output format: " + ", ".join(choices.REPORTERS) + "; repeat it with --output to "
            "write several reports. Default: text, or github inside GitHub Actions.",
            show_default=False,
        ),
    ] = None,
    outputs: Annotated[
        Optional[list[str]],
        typer.Option(
            "--output", "-o",
            help="Write the report of the matching --format to this file instead of the screen; - is the screen.",
            show_default=False,
        ),
    ] = None,
    fail_on: Annotated[
        Optional[FailOn],
        typer.Option("--fail-on", help="Exit with 1 when a finding is at least this severe. Default: error.",
                     show_default=False),
    ] = None,
    select: Annotated[
        Optional[list[str]],
        typer.Option("--select", help="Run only these rules (codes, comma-separated or repeated)."),
    ] = None,
    ignore: Annotated[
        Optional[list[str]],
        typer.Option("--ignore", help="Do not run these rules (codes, comma-separated or repeated)."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only the findings: no hints, no summary.")
    ] = False,
    stdin_filename: Annotated[
        str, typer.Option("--stdin-filename", help="The name to show for standard input.")
    ] = "<stdin>",
    config_file: Annotated[
        Optional[str],
        typer.Option("--config", help="Use this configuration file for every journey.", show_default=False),
    ] = None,
    isolated: Annotated[
        bool, typer.Option("--isolated", help="Ignore every configuration file.")
    ] = False,
    baseline: Annotated[
        Optional[str],
        typer.Option("--baseline", help="Set aside the findings recorded in this baseline file.",
                     show_default=False),
    ] = None,
    generate_baseline: Annotated[
        Optional[str],
        typer.Option("--generate-baseline", help="Record today's findings in this baseline file.",
                     show_default=False),
    ] = None,
    max_findings: Annotated[
        Optional[int],
        typer.Option("--max-findings", min=0, help="Print at most this many findings per file (0: all). "
                     "Default: 100. Machine formats always list them all.", show_default=False),
    ] = None,
    jobs: Annotated[
        Optional[int],
        typer.Option("--jobs", "-j", min=1, help="Check files in this many processes. Default: one per core.",
                     show_default=False),
    ] = None,
    no_progress: Annotated[
        bool, typer.Option("--no-progress", help="Never show a progress bar, even on a terminal.")
    ] = False,
    color: ColorOption = "auto",
) -> None:
    """Check journeys: structure, references and best-practice rules."""
    from cjmap.findings import Severity
    from cjmap.settings import codes_given
    from cjmap.terminal import choose_colour, progress_bar
    from cjmap.validate import ValidateRequest, check, pair_reports, write_reports

    if config_file and isolated:
        raise UsageError("--config and --isolated cannot be used together",
                         hint="--isolated ignores every configuration file; --config names one")
    request = ValidateRequest(
        paths=paths or ["."],
        reports=pair_reports(list(output_formats or []), list(outputs or [])),
        fail_on=Severity(fail_on) if fail_on else None,
        select=codes_given(select, "--select"),
        ignore=codes_given(ignore, "--ignore"),
        quiet=quiet,
        stdin_name=stdin_filename,
        config_file=config_file,
        isolated=isolated,
        baseline=baseline,
        generate_baseline=generate_baseline,
        jobs=jobs or _cores(),
        max_findings=max_findings,
    )
    choose_colour(color)
    with progress_bar(request.reports, shown=not no_progress) as progress:
        outcome = check(request, progress)
    # The bar is gone; what went wrong while searching is said before the findings.
    for note in outcome.notes:
        print(f"cjmap: warning: {note}", file=sys.stderr)
    if not outcome.result.files:
        _print_warning(
            f"no journey files found in {', '.join(request.paths)}",
            "journey files are named *.journey.yaml or *.journey.yml; name other files explicitly",
        )
    sys.stderr.flush()
    write_reports(request, outcome, sys.stdout)
    for target in outcome.written:
        _said_written(target)
    if generate_baseline:
        count = len(outcome.result.findings)
        print(f"cjmap: the baseline {generate_baseline} records {count} finding{'s' * (count != 1)}; "
              f"use it with --baseline {generate_baseline}", file=sys.stderr)
    if outcome.stale:
        many = len(outcome.stale) != 1
        print(f"cjmap: {len(outcome.stale)} baseline {'entries' if many else 'entry'} no longer "
              f"{'match' if many else 'matches'} any finding (fixed or changed):", file=sys.stderr)
        for entry in outcome.stale:
            print(f"  {entry.file} {entry.code} {entry.message}", file=sys.stderr)
        print(f"  hint: regenerate the baseline with --generate-baseline {baseline} to drop them",
              file=sys.stderr)
    raise typer.Exit(EXIT_FINDINGS if outcome.failed else EXIT_OK)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@app.command()
def render(
    path: JourneyPath,
    output: Annotated[
        Optional[str],
        typer.Option(
            "--output", "-o",
            help="The picture file (its suffix chooses the format); - writes to standard output. "
            "Default: beside the journey, named after it.",
            show_default=False,
        ),
    ] = None,
    output_dir: OutputDirOption = None,
    output_format: Annotated[
        Optional[PictureFormat],
        typer.Option("--format", "-f", help="Picture format. Default: from the output's suffix, else svg.", show_default=False),
    ] = None,
    view: Annotated[ViewName, typer.Option("--view", help="map: the journey-map grid; flow: stages and touchpoints.")] = "map",
    segment: SegmentOption = None,
    lang: LangOption = None,
    engine: EngineOption = "auto",
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Draw only journeys with no finding at or above the fail level, as "
                     "validate would pass them. Default: draw drafts too, and print their findings."),
    ] = False,
    fail_on: Annotated[
        Optional[FailOn],
        typer.Option("--fail-on", help="With --strict: the least severe finding that stops a journey being "
                     "drawn. Default: error.", show_default=False),
    ] = None,
    color: ColorOption = "auto",
) -> None:
    """Draw a journey map: SVG, PNG, PDF, DOT or Mermaid."""
    from cjmap.findings import RunResult, Severity
    from cjmap.render.command import RenderRequest, run as run_render
    from cjmap.reporters.text import TextReporter
    from cjmap.terminal import choose_colour

    choose_colour(color)
    outcome = run_render(
        RenderRequest(
            path=path, output=output, output_dir=output_dir, output_format=output_format,
            view=view, segment=segment, language=lang, engine=engine,
            strict=strict, fail_on=Severity(fail_on) if fail_on else None,
        )
    )
    # A draft is drawn, and what it still lacks is said, as `validate --quiet` says it.
    TextReporter(quiet=True).write(RunResult(files=outcome.drawn), sys.stderr)
    refusal = "not drawn with --strict, fix the findings first" if strict else "not drawn, fix the errors first"
    _finish(path, outcome.written, outcome.refused, refusal, outcome.notes)


@app.command()
def report(
    path: JourneyPath,
    output: Annotated[
        Optional[str],
        typer.Option(
            "--output", "-o",
            help="The report file (.md or .html). Default: beside the journey, named after it.",
            show_default=False,
        ),
    ] = None,
    output_dir: OutputDirOption = None,
    output_format: Annotated[
        Optional[ReportFormat],
        typer.Option("--format", "-f", help="md or html. Default: from the output's suffix, else md.", show_default=False),
    ] = None,
    lang: LangOption = None,
    actuals: Annotated[
        Optional[str],
        typer.Option("--actuals", help="Measured values of objectives: a CSV or YAML file.", show_default=False),
    ] = None,
    segment: SegmentOption = None,
    report_date: Annotated[
        Optional[str],
        typer.Option("--date", help="The report's date (YYYY-MM-DD): printed, and used to call objectives overdue.",
                     show_default=False),
    ] = None,
    engine: EngineOption = "auto",
    color: ColorOption = "auto",
) -> None:
    """Write the stakeholder report: Markdown or HTML, in English, Spanish or Catalan."""
    from datetime import date

    from cjmap.report.command import ReportRequest, run as run_report
    from cjmap.terminal import choose_colour

    choose_colour(color)

    when = None
    if report_date is not None:
        try:
            when = date.fromisoformat(report_date)
        except ValueError:
            raise UsageError(f"--date {report_date} is not a date", hint="write it as YYYY-MM-DD") from None
    outcome = run_report(
        ReportRequest(
            path=path, output=output, output_dir=output_dir, output_format=output_format,
            language=lang, actuals=actuals, segment=segment, report_date=when, engine=engine,
        )
    )
    _finish(path, outcome.written, outcome.refused, "no report for journeys that cannot be read", outcome.notes)


@app.command()
def schema(
    output: Annotated[
        Optional[str],
        typer.Option("--output", "-o", help="Write the schema to this file. Default: the screen.",
                     show_default=False),
    ] = None,
) -> None:
    """Write the JSON Schema of the journey format, for editors' hover help and completion."""
    from pathlib import Path

    from cjmap.jsonschema import schema_text
    from cjmap.writes import write_atomic

    text = schema_text()
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    write_atomic(Path(output), text.encode("utf-8"))
    _said_written(output)


@app.command()
def fmt(
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(help="Journey files or folders (default: the current folder), or - for standard input.",
                       show_default=False),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 and name the files that would be reformatted.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Change nothing; print what would change, as a unified diff.")
    ] = False,
    stdin_filename: Annotated[
        Optional[str], typer.Option("--stdin-filename", help="The name messages give to standard input.",
                                    show_default=False)
    ] = None,
    color: ColorOption = "auto",
) -> None:
    """Rewrite journeys in one canonical style, keeping every comment."""
    from cjmap.fmt.command import FmtRequest, run as run_fmt
    from cjmap.terminal import choose_colour

    choose_colour(color)
    stdin_name = stdin_filename or "<stdin>"
    outcome = run_fmt(FmtRequest(paths=paths or [], check=check, diff=diff, stdin_name=stdin_name), sys.stdout)
    for note in outcome.notes:
        print(f"cjmap: warning: {note}", file=sys.stderr)
    dry_run = check or diff
    said = [name for name in outcome.changed if dry_run or name != stdin_name]
    for name in said:
        print(f"cjmap: {'would reformat' if dry_run else 'formatted'} {name}", file=sys.stderr)
    if outcome.refused:
        _print_refused(outcome.refused, "not formatted, fix the errors first")
    for name, bug in outcome.failed:
        _print_error(f"{name}: {bug}", bug.hint)
    total = len(outcome.changed) + len(outcome.unchanged) + len(outcome.refused) + len(outcome.failed)
    if total == 0:
        _print_warning(
            f"no journey files found in {', '.join(paths or ['.'])}",
            "journey files are named *.journey.yaml or *.journey.yml; name other files explicitly",
        )
    elif total > 1 or (outcome.unchanged and (dry_run or outcome.unchanged != [stdin_name])):
        # A single file changed or refused has been named already, and standard
        # input stays quiet, for editors.
        print(f"cjmap: {outcome.summary(dry_run)}", file=sys.stderr)
    if any(failure.exit_code == EXIT_BUG for _, failure in outcome.failed):
        raise typer.Exit(EXIT_BUG)
    if outcome.refused or outcome.failed or (check and outcome.changed):
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def init(
    path: Annotated[
        str, typer.Argument(help="The new journey file. It must not exist yet. - writes it to standard output.")
    ] = "journey.journey.yaml",
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the comments and texts: en, es or ca.")
    ] = "en",
    template: Annotated[
        str, typer.Option("--template", help="Starting point: blank, retail, banking or saas.")
    ] = "blank",
) -> None:
    """Start a new journey from a template, with guiding comments to fill in."""
    from pathlib import Path

    from cjmap.init import journey_template, write_new_journey

    if path == "-":
        sys.stdout.write(journey_template(template, lang))
        return
    write_new_journey(Path(path), template, lang)
    _said_written(path)


@app.command()
def diff(
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(
            metavar="OLD NEW | PATHS",
            help="OLD and NEW: two journey files, or two folders of journeys. With --git: the journey "
            "files or folders to compare. Default with --git: every changed journey below the current folder.",
            show_default=False,
        ),
    ] = None,
    git: Annotated[
        Optional[str],
        typer.Option(
            "--git", metavar="REV",
            help="Compare the journeys of a git revision with the working tree; REV1..REV2 compares two "
            "revisions, REV1...REV2 compares REV2 with where it forked from REV1 (a pull request).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        Literal["text", "md", "json"],
        typer.Option("--format", "-f", help="text, md (a pull-request comment) or json."),
    ] = "text",
    output: Annotated[
        Optional[str],
        typer.Option("--output", "-o", metavar="FILE", help="Write the diff to this file. Default: the screen.",
                     show_default=False),
    ] = None,
    color: ColorOption = "auto",
) -> None:
    """Show what changed between two versions of journeys, in plain words."""
    from cjmap.diff.command import DiffRequest, run as run_diff
    from cjmap.terminal import choose_colour

    choose_colour(color)
    report = run_diff(
        DiffRequest(paths=list(paths or []), git=git, output_format=output_format, output=output), sys.stdout
    )
    if output not in (None, "-"):
        _said_written(output)
    raise typer.Exit(EXIT_FINDINGS if report.unreadable else EXIT_OK)


@app.command()
def rules(
    code: Annotated[
        Optional[str], typer.Argument(help="A code (CJ104) or rule name to explain.", show_default=False)
    ] = None,
    output_format: Annotated[
        Literal["text", "markdown"], typer.Option("--format", "-f", help="Output format.")
    ] = "text",
) -> None:
    """List every finding code, or explain one with examples."""
    from cjmap import rulebook

    if output_format == "markdown":
        print(rulebook.markdown(), end="")
        return
    if code is None:
        for entry in rulebook.entries():
            print(f"{entry.code}  {entry.name:<22} {entry.severity:<8} {entry.summary}")
        return
    entry = rulebook.lookup(code)
    if entry is None:
        raise UsageError(rulebook.unknown_code_message(code), hint="`cjmap rules` lists every code")
    kind = "structural, cannot be disabled" if entry.structural else f"default severity {entry.severity}"
    print(f"{entry.code} {entry.name} ({kind})\n\n{entry.doc}")


def _finish(path: str, written: list[str], refused: list[Any], refusal: str, notes: list[str]) -> None:
    """Say what a writing command wrote; print the findings of the journeys it
    would not write, as `validate` prints them, and exit with 1 if any."""
    for note in notes:
        print(f"cjmap: warning: {note}", file=sys.stderr)
    for target in written:
        if target != "-":
            _said_written(target)
    if not written and not refused:
        _print_warning(
            f"no journey files found in {path}",
            "journey files are named *.journey.yaml or *.journey.yml; name other files explicitly",
        )
    if refused:
        _print_refused(refused, refusal)
        raise typer.Exit(EXIT_FINDINGS)


def _print_refused(refused: list[Any], refusal: str) -> None:
    """The findings of the journeys a command would not handle, as `validate`
    prints them, and their names."""
    from cjmap.findings import RunResult
    from cjmap.reporters.text import TextReporter

    TextReporter(quiet=False).write(RunResult(files=refused), sys.stderr)
    names = ", ".join(result.file for result in refused)
    print(f"cjmap: {refusal}: {names}", file=sys.stderr)


def main() -> None:
    """Entry point: no traceback ever reaches the user."""
    from cjmap.streams import ReaderGone, guarded_stdout, silence_stdout
    from cjmap.writes import OutputError

    try:
        with guarded_stdout():
            code = _run_app()
    except OutputError as err:
        _print_error(str(err), err.hint)
        _flush_or_silence(silence_stdout)
        code = err.exit_code
    except CjmapError as err:
        _print_error(str(err), err.hint)
        code = err.exit_code
    except KeyboardInterrupt:
        code = 130
    except (ReaderGone, BrokenPipeError):
        # The reader (`| head`) went away; stop without a second error.
        silence_stdout()
        code = EXIT_OK
    except Exception as err:  # noqa: BLE001 - the last line of defence
        _print_error(
            f"internal error: {type(err).__name__}: {err}",
            "this is a bug in cjmap; please report it with the file that caused it",
        )
        code = EXIT_BUG
    sys.exit(code)


def _run_app() -> int:
    """Run the command; typer reports bad options itself, with exit code 2."""
    try:
        app()
    except SystemExit as done:
        code = done.code
        if code is None or isinstance(code, int):
            return code or EXIT_OK
        print(code, file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _flush_or_silence(silence: Any) -> None:
    """What was printed before a failed write still reaches the screen, unless
    the screen is what failed."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError, AttributeError):
        silence()


def _said_written(target: str) -> None:
    from cjmap.naming import shown

    print(f"cjmap: wrote {shown(target)}", file=sys.stderr)


def _print_error(message: str, hint: str | None) -> None:
    print(f"cjmap: error: {message}", file=sys.stderr)
    if hint:
        print(f"  hint: {hint}", file=sys.stderr)


def _print_warning(message: str, hint: str) -> None:
    print(f"cjmap: warning: {message}\n  hint: {hint}", file=sys.stderr)
