"""`cjmap report`: read journeys and measured values, assemble, write.

Nothing is written until every input has been read: a bad actuals file or a
journey that cannot be read leaves no report behind. A journey whose
structure is broken (CJ001–CJ006) cannot be reported; quality findings
(CJ101 and up) are part of the report's health section.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cjmap.engine import check_source, has_structure_errors
from cjmap import gfm
from cjmap.choices import REPORT_SUFFIXES
from cjmap.errors import UsageError
from cjmap.files import STDIN
from cjmap.findings import FileResult, Severity
from cjmap.i18n import count_of_findings, translator
from cjmap.model import Journey
from cjmap.naming import folder_read, journey_stem, name_part, output_path
from cjmap.render.picture import picture
from cjmap.report import html, markdown
from cjmap.report.actuals import read_actuals
from cjmap.report.charts import emotion_curve
from cjmap.report.data import Actual, Report, assemble
from cjmap.report.formatting import Formatter
from cjmap.segments import find_segment, for_segment
from cjmap.settings import Settings
from cjmap.writes import Outputs

SUFFIX_FORMAT = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
FORMAT_SUFFIX = REPORT_SUFFIXES
INDEX_STEM = "index"
TO_STDOUT = "-"
_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True, slots=True)
class ReportRequest:
    path: str
    output: str | None = None
    output_dir: str | None = None
    output_format: str | None = None
    language: str | None = None
    actuals: str | None = None
    segment: str | None = None
    report_date: date | None = None
    engine: str = "auto"


@dataclass(slots=True)
class ReportOutcome:
    written: list[str] = field(default_factory=list)
    refused: list[FileResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # folders skipped while searching


@dataclass(frozen=True, slots=True)
class _Planned:
    """One report, ready to be written: its files and their bytes."""

    report: Report
    files: dict[Path, bytes]  # the main file first
    main: Path
    made_by: str  # the journey, for the message when two would write one file


def run(request: ReportRequest) -> ReportOutcome:
    output_format = _format(request)
    folder = folder_read(request.path, request.output, each="one report per journey and an index")
    settings = Settings()
    notes: list[str] = []
    sources = settings.journeys([request.path], notes=notes)
    outcome = ReportOutcome(notes=notes)
    readable: list[tuple[str, str, FileResult]] = []
    for source in sources:
        # The health section shows what validate shows, with the same settings.
        result = check_source(source, settings.for_file(source.path).options)
        if result.journey is None or has_structure_errors(result):
            outcome.refused.append(result)
        else:
            readable.append((source.path, source.name, result))

    known = [o.id for _, _, r in readable for stage in r.journey.stages for o in stage.objectives]
    actuals = read_actuals(request.actuals, known) if request.actuals else {}
    as_of = request.report_date or _latest(actuals)

    planned = []
    for path, name, result in readable:
        journey: Journey = result.journey
        segment = None
        if request.segment is not None:
            segment = find_segment(journey, request.segment)
            journey = for_segment(journey, segment.id)
        language = settings.for_file(path).language(journey, request.language)
        report = assemble(
            journey, source=name, language=language, findings=result.findings,
            actuals=actuals, as_of=as_of, segment=segment, dated=request.report_date is not None,
        )
        main = _target(path, request, output_format, folder=folder)
        planned.append(_plan(report, main, output_format, request.engine, made_by=name))

    if folder is not None and planned:
        planned.append(_index(planned, request, output_format))
    if request.output == TO_STDOUT:
        for plan in planned:  # one self-contained HTML page each: _format saw to it
            sys.stdout.buffer.write(plan.files[plan.main])
            outcome.written.append(TO_STDOUT)
        return outcome
    outputs = Outputs(inputs=[s.path for s in sources] + ([request.actuals] if request.actuals else []))
    for plan in planned:
        for target, data in plan.files.items():
            outputs.add(target, data, made_by=plan.made_by)
    outputs.commit()
    outcome.written.extend(str(plan.main) for plan in planned)
    return outcome


def _plan(report: Report, main: Path, output_format: str, engine: str, *, made_by: str) -> _Planned:
    t = translator(report.language)
    journey_map = picture(
        report.journey, output_format="svg", view="map", language=report.language, engine=engine
    ).decode("utf-8")
    curve = emotion_curve(report.moments, report.lowest, t, title=f"{t('report.curve')}: {report.journey.title}")
    if output_format == "html":
        page = html.render(report, t, journey_map=journey_map, emotion_curve=curve)
        return _Planned(report, {main: page.encode("utf-8")}, main, made_by)
    stem = main.name[: -len(main.suffix)] if main.suffix else main.name
    map_file = main.with_name(f"{stem}.map.svg")
    curve_file = main.with_name(f"{stem}.emotions.svg")
    pictures = markdown.Pictures(journey_map=map_file.name, emotion_curve=curve_file.name)
    text = markdown.render(report, t, pictures)
    return _Planned(
        report,
        {main: text.encode("utf-8"), map_file: journey_map.encode("utf-8"), curve_file: curve.encode("utf-8")},
        main,
        made_by,
    )


def _index(planned: list[_Planned], request: ReportRequest, output_format: str) -> _Planned:
    """One row per journey: stages, objectives by status, health."""
    language = request.language or planned[0].report.language
    t = translator(language)
    fmt = Formatter(t)
    directory = Path(request.output_dir) if request.output_dir else Path(request.path)
    main = directory / f"{INDEX_STEM}.report{FORMAT_SUFFIX[output_format]}"
    rows = []
    for plan in planned:
        report = plan.report
        link = os.path.relpath(plan.main, main.parent).replace(os.sep, "/")
        title = gfm.link(report.journey.title, link)
        counts = report.status_counts()
        by_status = ", ".join(
            f"{fmt.number(counts[s])} {t(f'objective.{s}')}" for s in counts
        ) or "—"
        health = ", ".join(
            count_of_findings(t, report.health.count(severity), severity.value) for severity in _SEVERITIES
        )
        rows.append([title, str(len(report.journey.stages)), by_status, health])
    lines = [f"# {t('report.journeys')}", ""]
    if request.report_date:
        lines += [f"- **{t('report.date')}:** {fmt.date(request.report_date)}", ""]
    lines += gfm.table(
        [t("report.journey"), t("report.stage_count"), t("report.by_status"), t("report.health")],
        rows, align="lrll",
    )
    text = "\n".join(lines) + "\n"
    if output_format == "html":
        text = html.page(t("report.journeys"), language, text)
    return _Planned(planned[0].report, {main: text.encode("utf-8")}, main, "the index of journeys")


def _format(request: ReportRequest) -> str:
    if request.output == TO_STDOUT:
        if request.output_format != "html":
            raise UsageError(
                "a Markdown report is a file with its pictures beside it: it cannot go to standard output",
                hint="write it to a file (-o report.md), or send one self-contained page with --format html -o -",
            )
        return "html"
    if request.output_format is not None:
        return request.output_format
    if request.output is None:
        return "md"
    suffix = Path(request.output).suffix.lower()
    if suffix not in SUFFIX_FORMAT:
        raise UsageError(
            f"cannot tell the format from the name {request.output}",
            hint="end the name with .md or .html, or give --format",
        )
    return SUFFIX_FORMAT[suffix]


def _target(path: str, request: ReportRequest, output_format: str, *, folder: str | None) -> Path:
    if request.output is not None:
        return Path(request.output)
    stem = journey_stem(path, from_stdin=path == STDIN)
    if request.segment:
        stem += f".{name_part(request.segment)}"
    filename = f"{stem}.report{FORMAT_SUFFIX[output_format]}"
    return output_path(path, filename, output_dir=request.output_dir, folder=folder)


def _latest(actuals: dict[str, Actual]) -> date | None:
    dates = [a.measured for a in actuals.values() if a.measured is not None]
    return max(dates) if dates else None

