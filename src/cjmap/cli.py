"""The `cjmap` command line: typer wiring only.

Each command turns its options into a request for its module and exits with
the code the module returns: 0 nothing at or above the fail level, 1
findings, 2 usage error (typer's, or a module's UsageError), 3 cjmap itself
failed (a bug to report; `cjmap.entry` turns every failure into a message).
What is said on standard error comes from `cjmap.messages`; the options
several commands share are declared in `cjmap.options`. Modules are imported
inside the commands, so a run pays only for the command it runs.
"""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from cjmap import __version__, choices
from cjmap.options import (
    Codes, ColorOption, DiffFormat, EngineOption, ExportFormat, FailOn, JourneyPath, JourneyPaths, LangOption,
    Language, OutputDirOption, PictureFormat, ReportFormat, RulesFormat, SegmentOption, StdinNameOption, ViewName,
    option,
)

app = typer.Typer(
    name="cjmap",
    help="Validate, render and report customer journeys kept as YAML.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

def _version(value: bool) -> None:
    if value:
        print(f"cjmap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Validate, render and report customer journeys kept as YAML."""


@app.command()
def validate(
    paths: JourneyPaths = None,
    output_formats: Annotated[
        Optional[list[str]],
        option("--format", "-f", help="Output format: " + ", ".join(choices.REPORTERS) + "; repeat it with "
                "--output to write several reports. Default: text, or github inside GitHub Actions."),
    ] = None,
    outputs: Annotated[
        Optional[list[str]],
        option("--output", "-o", help="Write the report of the matching --format to this file instead of "
                "the screen; - is the screen."),
    ] = None,
    fail_on: Annotated[
        Optional[FailOn], option("--fail-on", help="Exit with 1 when a finding is at least this severe. "
                                  "Default: error.")
    ] = None,
    select: Annotated[Codes, typer.Option(help="Run only these rules (codes, comma-separated or repeated).")] = None,
    ignore: Annotated[Codes, typer.Option(help="Do not run these rules (codes, comma-separated or repeated).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the findings: no hints, no summary.")] = False,
    stdin_filename: StdinNameOption = None,
    config_file: Annotated[
        Optional[str], option("--config", help="Use this configuration file for every journey.")
    ] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore every configuration file.")] = False,
    baseline: Annotated[
        Optional[str], option("--baseline", help="Set aside the findings recorded in this baseline file.")
    ] = None,
    generate_baseline: Annotated[
        Optional[str], option("--generate-baseline", help="Record today's findings in this baseline file.")
    ] = None,
    max_findings: Annotated[
        Optional[int],
        option("--max-findings", min=0, help="Print at most this many findings per file (0: all). "
                "Default: 100. Machine formats always list them all."),
    ] = None,
    jobs: Annotated[
        Optional[int], option("--jobs", "-j", min=1, help="Check files in this many processes. "
                               "Default: one per core.")
    ] = None,
    no_progress: Annotated[
        bool, typer.Option("--no-progress", help="Never show a progress bar, even on a terminal.")
    ] = False,
    color: ColorOption = "auto",
) -> None:
    """Check journeys: structure, references and best-practice rules."""
    from cjmap import validate as command
    from cjmap.findings import Severity
    from cjmap.settings import codes_given
    from cjmap.terminal import choose_colour

    choose_colour(color)
    request = command.ValidateRequest(
        paths=paths or ["."],
        reports=command.pair_reports(list(output_formats or []), list(outputs or [])),
        fail_on=Severity(fail_on) if fail_on else None,
        select=codes_given(select, "--select"),
        ignore=codes_given(ignore, "--ignore"),
        quiet=quiet,
        stdin_name=stdin_filename or "<stdin>",
        config_file=config_file,
        isolated=isolated,
        baseline=baseline,
        generate_baseline=generate_baseline,
        jobs=jobs or command.cores(),
        max_findings=max_findings,
    )
    raise typer.Exit(command.run(request, sys.stdout, show_progress=not no_progress))


@app.command()
def render(
    path: JourneyPath,
    output: Annotated[
        Optional[str],
        option("--output", "-o", help="The picture file (its suffix chooses the format); - writes to standard "
                "output. Default: beside the journey, named after it."),
    ] = None,
    output_dir: OutputDirOption = None,
    output_format: Annotated[
        Optional[PictureFormat],
        option("--format", "-f", help="Picture format. Default: from the output's suffix, else svg."),
    ] = None,
    view: Annotated[
        ViewName, typer.Option("--view", help="map: the journey-map grid; flow: stages and touchpoints; "
                               "blueprint: the service blueprint, for a journey that fills in evidence, "
                               "frontstage, backstage or support; "
                               "portfolio: every journey of the folder (or of the file's workspace) in one "
                               "picture, with their links and the personas and teams they share.")
    ] = "map",
    segment: SegmentOption = None,
    lang: LangOption = None,
    engine: EngineOption = "auto",
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Draw only journeys with no finding at or above the fail level, as "
                     "validate would pass them. Default: draw drafts too, and print their findings."),
    ] = False,
    fail_on: Annotated[
        Optional[FailOn], option("--fail-on", help="With --strict: the least severe finding that stops a "
                                  "journey being drawn. Default: error.")
    ] = None,
    color: ColorOption = "auto",
) -> None:
    """Draw a journey map: SVG, PNG, PDF, DOT or Mermaid."""
    from cjmap import messages
    from cjmap.findings import Severity
    from cjmap.render.command import RenderRequest, run
    from cjmap.terminal import choose_colour

    choose_colour(color)
    outcome = run(RenderRequest(
        path=path, output=output, output_dir=output_dir, output_format=output_format, view=view,
        segment=segment, language=lang, engine=engine, strict=strict,
        fail_on=Severity(fail_on) if fail_on else None,
    ))
    # A draft is drawn, and what it still lacks is said, as `validate --quiet` says it.
    messages.findings(outcome.drawn, quiet=True)
    refusal = "not drawn with --strict, fix the findings first" if strict else "not drawn, fix the errors first"
    raise typer.Exit(messages.finish(path, outcome.written, outcome.refused, refusal, outcome.notes))


@app.command()
def report(
    path: JourneyPath,
    output: Annotated[
        Optional[str],
        option("--output", "-o", help="The report file (.md, .html or .pdf). Default: beside the journey, named "
                "after it."),
    ] = None,
    output_dir: OutputDirOption = None,
    output_format: Annotated[
        Optional[ReportFormat], option("--format", "-f", help="md, html or pdf (the HTML page printed "
                                        "by WeasyPrint: pip install 'cjmap[pdf]'). Default: from the output's "
                                        "suffix, else md.")
    ] = None,
    lang: LangOption = None,
    actuals: Annotated[
        Optional[str], option("--actuals", help="Measured values of objectives: a CSV or YAML file.")
    ] = None,
    funnel: Annotated[
        Optional[str], option("--funnel", help="Customers who reached each stage of the journey: a CSV or YAML "
                               "file. One journey only, not a folder.")
    ] = None,
    segment: SegmentOption = None,
    report_date: Annotated[
        Optional[str], option("--date", help="The report's date (YYYY-MM-DD): printed, and used to call "
                               "objectives overdue.")
    ] = None,
    engine: EngineOption = "auto",
    color: ColorOption = "auto",
) -> None:
    """Write the stakeholder report: Markdown, HTML or PDF, in English, Spanish or Catalan."""
    from cjmap import messages
    from cjmap.report.command import ReportRequest, run
    from cjmap.settings import date_given
    from cjmap.terminal import choose_colour

    choose_colour(color)
    outcome = run(ReportRequest(
        path=path, output=output, output_dir=output_dir, output_format=output_format, language=lang,
        actuals=actuals, funnel=funnel, segment=segment, report_date=date_given(report_date, "--date"), engine=engine,
    ))
    refusal = "no report for journeys that cannot be read"
    raise typer.Exit(messages.finish(path, outcome.written, outcome.refused, refusal, outcome.notes))


@app.command()
def schema(
    output: Annotated[
        Optional[str], option("--output", "-o", help="Write the schema to this file. Default: the screen.")
    ] = None,
) -> None:
    """Write the JSON Schema of the journey format, for editors' hover help and completion."""
    from pathlib import Path

    from cjmap import messages
    from cjmap.jsonschema import schema_text
    from cjmap.writes import write_atomic

    text = schema_text()
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    write_atomic(Path(output), text.encode("utf-8"))
    messages.wrote(output)


@app.command()
def fmt(
    paths: JourneyPaths = None,
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 and name the files that would be reformatted.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Change nothing; print what would change, as a unified diff.")
    ] = False,
    stdin_filename: StdinNameOption = None,
    color: ColorOption = "auto",
) -> None:
    """Rewrite journeys and catalogs in one canonical style, keeping every comment."""
    from cjmap.fmt import command
    from cjmap.terminal import choose_colour

    choose_colour(color)
    request = command.FmtRequest(paths=paths or [], check=check, diff=diff, stdin_name=stdin_filename or "<stdin>")
    raise typer.Exit(command.finish(request, command.run(request, sys.stdout)))


@app.command()
def init(
    path: Annotated[
        Optional[str],
        typer.Argument(
            help="The new file. It must not exist yet. - writes it to standard output. "
            "Default: journey.journey.yaml, or shared.catalog.yaml with --catalog.",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the comments and texts: en, es or ca.")] = "en",
    template: Annotated[
        str, typer.Option("--template", help="Starting point: blank, retail, banking or saas.")
    ] = "blank",
    catalog: Annotated[
        bool, typer.Option("--catalog", help="Start a catalog (NAME.catalog.yaml) of personas, segments, teams "
                           "and touchpoints that journeys share, instead of a journey.")
    ] = False,
) -> None:
    """Start a new journey from a template, or a catalog, with guiding comments to fill in."""
    from cjmap import messages
    from cjmap.init import start

    written = start(path, template=template, language=lang, catalog=catalog, out=sys.stdout)
    if written is not None:
        messages.wrote(written)


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
        option("--git", metavar="REV", help="Compare the journeys of a git revision with the working tree; "
                "REV1..REV2 compares two revisions, REV1...REV2 compares REV2 with where it forked from REV1 "
                "(a pull request)."),
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, md (a pull-request comment) or json.")
    ] = "text",
    output: Annotated[
        Optional[str], option("--output", "-o", metavar="FILE", help="Write the diff to this file. "
                               "Default: the screen.")
    ] = None,
    color: ColorOption = "auto",
) -> None:
    """Show what changed between two versions of journeys or catalogs, in plain words."""
    from cjmap import messages
    from cjmap.diff.command import DiffRequest, run
    from cjmap.terminal import choose_colour

    choose_colour(color)
    changes = run(DiffRequest(paths=list(paths or []), git=git, output_format=output_format, output=output),
                  sys.stdout)
    if output not in (None, "-"):
        messages.wrote(output)
    raise typer.Exit(messages.EXIT_FINDINGS if changes.unreadable else messages.EXIT_OK)


@app.command("import")
def import_(
    source: Annotated[
        str, typer.Argument(metavar="FILE", help="A Mermaid journey (.mmd), a Markdown page with one (.md), or a "
                            "grid of stages and lanes: a CSV file or an Excel workbook (.xlsx).", show_default=False)
    ],
    output: Annotated[
        Optional[str], option("--output", "-o", help="The new journey file; - writes it to the screen. Default: "
                               "beside FILE, named after it (NAME.journey.yaml).")
    ] = None,
    lang: Annotated[
        Optional[Language], option("--lang", help="The journey's language. Default: the language of the grid's "
                                    "lane names, else English.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
    sheet: Annotated[
        Optional[str], option("--sheet", help="The workbook's sheet that holds the grid. Default: the first.")
    ] = None,
) -> None:
    """Make a journey from a Mermaid journey diagram or a spreadsheet grid."""
    from cjmap.transfer.command import ImportRequest, run_import

    raise typer.Exit(run_import(ImportRequest(source, output, lang, force, sheet)))


@app.command()
def export(
    path: JourneyPath,
    output: Annotated[
        Optional[str], option("--output", "-o", help="The spreadsheet (.xlsx or .csv; its suffix chooses the "
                               "format); - writes CSV to the screen. Default: beside the journey, named after it.")
    ] = None,
    output_dir: OutputDirOption = None,
    output_format: Annotated[
        Optional[ExportFormat], option("--format", "-f", help="xlsx (styled, with an objectives sheet) or csv "
                                        "(the grid alone). Default: from the output's suffix, else xlsx.")
    ] = None,
    lang: LangOption = None,
    color: ColorOption = "auto",
) -> None:
    """Write a journey as a spreadsheet grid, stages as columns and lanes as rows, for Excel and its friends."""
    from cjmap.terminal import choose_colour
    from cjmap.transfer.command import ExportRequest, run_export

    choose_colour(color)
    raise typer.Exit(run_export(ExportRequest(path, output, output_dir, output_format, lang)))


@app.command()
def rules(
    code: Annotated[
        Optional[str], typer.Argument(help="A code (CJ104) or rule name to explain.", show_default=False)
    ] = None,
    output_format: Annotated[RulesFormat, typer.Option("--format", "-f", help="Output format.")] = "text",
) -> None:
    """List every finding code, or explain one with examples."""
    from cjmap import rulebook

    if output_format == "markdown":
        sys.stdout.write(rulebook.markdown())
    else:
        sys.stdout.write(rulebook.listing() if code is None else rulebook.explain(code))
