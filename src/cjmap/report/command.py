"""`cjmap report`: read journeys and measured values, assemble, write.

Nothing is written until every input has been read: a bad actuals or funnel
file or a journey that cannot be read leaves no report behind. A journey whose
structure is broken (CJ001–CJ007) cannot be reported; quality findings
(CJ101 and up) are part of the report's health section. Finding, checking,
naming and writing are what every journey command does
(`cjmap.journey_command`); the actuals, the report, its pictures and the
index are report's own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cjmap.choices import PAGE_REPORT_FORMATS, REPORT_SUFFIXES
from cjmap.errors import UsageError
from cjmap.findings import FileResult
from cjmap.i18n import Translate, translator
from cjmap.journey_command import (
    TO_STDOUT, JourneyRequest, Journeys, format_from_name, output_name, read_journeys,
)
from cjmap.render.map_view import Piece, lane_names
from cjmap.render.picture import picture
from cjmap.report import funnel, html, markdown, pdf, portfolio, printing
from cjmap.report.actuals import Actuals, read_actuals_with_history
from cjmap.report.charts import emotion_curve, funnel_chart, trend_line
from cjmap.report.data import Actual, Report, assemble

SUFFIX_FORMAT = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}
FORMAT_SUFFIX = REPORT_SUFFIXES
INDEX_STEM = "index"


@dataclass(frozen=True, slots=True)
class ReportRequest(JourneyRequest):
    language: str | None = None
    actuals: str | None = None
    funnel: str | None = None
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
    files: dict[str, bytes]  # the main file first
    main: str  # as named: TO_STDOUT, or a file
    made_by: str  # the journey, for the message when two would write one file


def run(request: ReportRequest) -> ReportOutcome:
    output_format = _format(request)
    if request.funnel and os.path.isdir(request.path) and not os.path.isdir(request.funnel):
        # A funnel counts the customers of one journey's stages: which journey's, in a folder?
        raise UsageError(
            f"--funnel counts the customers of one journey's stages; {request.path} is a folder",
            hint="give --funnel a folder with one funnel file per journey, named after it "
            "(shop.csv for shop.journey.yaml), or report one journey: "
            "cjmap report JOURNEY.journey.yaml --funnel FILE",
        )
    # The health section shows what validate shows, with the same settings.
    journeys = read_journeys(request, each="one report per journey and an index")
    outcome = ReportOutcome(refused=journeys.refused, notes=journeys.notes)

    known = [o.id for checked in journeys.checked for stage in checked.journey.stages for o in stage.objectives]
    # Measured files are read with the limits the configuration sets where they are.
    limits_for = journeys.settings.limits_for
    measured = (
        read_actuals_with_history(request.actuals, known, limits_for(request.actuals))
        if request.actuals else Actuals({}, {})
    )
    actuals = measured.latest
    # The report's date: the one given, else the latest measurement ("as of"),
    # else the day of the run. Overdue objectives and the age of the evidence
    # are counted from it; `--date` pins it for a reproducible report.
    latest = _latest(actuals)
    as_of = request.report_date or latest or date.today()
    dated = request.report_date is not None or latest is None
    funnels = _funnels(request, journeys) if request.funnel else {}
    if request.funnel and os.path.isdir(request.funnel) and journeys.folder is not None:
        outcome.notes += [
            f"not read {path}: no journey is named after it (a funnel file is named like its journey: "
            "shop.csv for shop.journey.yaml)"
            for path in funnel.unmatched(request.funnel, [source.path for source in journeys.sources],
                                         folder=journeys.folder)
        ]

    planned = []
    for checked in journeys.checked:
        asked = checked.as_asked(segment=request.segment, language=request.language)
        report = assemble(
            asked.journey, source=checked.source.name, language=asked.language, findings=checked.result.findings,
            actuals=actuals, history=measured.history, as_of=as_of, segment=asked.segment, dated=dated,
            funnel=funnel.assemble(asked.journey, funnels[checked.source.path][1])
            if checked.source.path in funnels else None,
            # The configuration closest to each journey says how old its evidence may be.
            evidence_max_age=checked.file.config.evidence_max_age,
        )
        name = output_name(checked.source, segment=request.segment, suffix=f".report{FORMAT_SUFFIX[output_format]}")
        main = journeys.target(checked.source, name)
        planned.append(_plan(report, main, output_format, request.engine, made_by=checked.source.name))

    if journeys.folder is not None and planned:
        planned.append(_index(planned, journeys.refused, request, output_format))
    # A report for standard output is one self-contained HTML page: _format saw to it.
    read = [path for path in (request.actuals, request.funnel) if path] + [file for file, _ in funnels.values()]
    outputs = journeys.outputs(also_read=read)
    for plan in planned:
        for target, data in plan.files.items():
            outputs.add(target, data, made_by=plan.made_by)
    outputs.commit()
    # Said as a path prints it: `-o ./out/shop.md` wrote `out/shop.md`.
    outcome.written.extend(str(Path(plan.main)) for plan in planned)
    return outcome


def _funnels(request: ReportRequest, journeys: Journeys) -> dict[str, tuple[str, dict[str, Actual]]]:
    """Each journey's funnel file and customers per stage, by journey file: the one funnel
    file given, or, given a folder, the file in it named after each journey
    (`shop.csv` or `shop.yaml` for `shop.journey.yaml`, in the same subfolder
    as the journey below the folder read). A journey without one has none."""
    assert request.funnel is not None
    limits_for = journeys.settings.limits_for
    if not os.path.isdir(request.funnel):
        # One funnel file, for the one journey read (none read: its refusal says why).
        return {
            checked.source.path: (request.funnel, funnel.read_funnel(
                request.funnel, [stage.id for stage in checked.journey.stages], limits_for(request.funnel)
            ))
            for checked in journeys.checked
        }
    found = {}
    for checked in journeys.checked:
        path = funnel.file_for(request.funnel, checked.source.path, folder=journeys.folder)
        if path is not None:
            stage_ids = [stage.id for stage in checked.journey.stages]
            found[checked.source.path] = (path, funnel.read_funnel(path, stage_ids, limits_for(path)))
    return found


def _plan(report: Report, main: str, output_format: str, engine: str, *, made_by: str) -> _Planned:
    t = translator(report.language)
    journey_map = picture(
        report.journey, output_format="svg", view="map", language=report.language, engine=engine
    ).decode("utf-8")
    curve = emotion_curve(report.moments, report.lowest, t, title=f"{t('report.curve')}: {report.journey.title}")
    chart = None
    if report.funnel is not None:
        chart = funnel_chart(report.funnel, t, title=f"{t('funnel.chart')}: {report.journey.title}")
    trends = _trend_lines(report, t)
    if output_format in PAGE_REPORT_FORMATS:
        page = html.render(report, t, journey_map=journey_map, emotion_curve=curve, funnel=chart, trends=trends,
                           map_pieces=_map_pieces(report, journey_map, engine, t))
        return _Planned(report, {main: _page_bytes(page, output_format)}, main, made_by)
    # A Markdown report's pictures are files beside it, named after it.
    path = Path(main)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    map_file = path.with_name(f"{stem}.map.svg")
    curve_file = path.with_name(f"{stem}.emotions.svg")
    funnel_file = path.with_name(f"{stem}.funnel.svg")
    trend_files = {objective: path.with_name(f"{stem}.trend-{objective}.svg") for objective in trends}
    pictures = markdown.Pictures(
        journey_map=map_file.name, emotion_curve=curve_file.name, funnel=funnel_file.name if chart else None,
        trends={objective: file.name for objective, file in trend_files.items()},
    )
    text = markdown.render(report, t, pictures)
    files = {
        main: text.encode("utf-8"),
        str(map_file): journey_map.encode("utf-8"),
        str(curve_file): curve.encode("utf-8"),
    }
    if chart is not None:
        files[str(funnel_file)] = chart.encode("utf-8")
    files.update((str(file), trends[objective].encode("utf-8")) for objective, file in trend_files.items())
    return _Planned(report, files, main, made_by)


def _map_pieces(report: Report, journey_map: str, engine: str, t: Translate) -> list[printing.PrintedPiece]:
    """The map cut into pieces that print readable (report/printing.py)."""
    journey, language = report.journey, report.language

    def draw(piece: Piece) -> str:
        return picture(journey, output_format="svg", view="map", language=language, engine=engine,
                       piece=piece).decode("utf-8")

    lanes = len(lane_names(journey, t))
    return printing.map_pieces(journey_map, len(journey.stages), lanes, draw)


def _page_bytes(page: str, output_format: str) -> bytes:
    """An HTML page as the file of its format: itself, or printed to PDF."""
    return pdf.write(page) if output_format == "pdf" else page.encode("utf-8")


def _trend_lines(report: Report, t: Translate) -> dict[str, str]:
    """objective id → the trend line of its dated values, for the objectives with a trend."""
    return {
        row.objective.id: trend_line(
            row.history, row.objective, t, title=t("trend.chart", objective=row.objective.statement)
        )
        for row in report.objectives
        if row.trend != "none"
    }


def _index(
    planned: list[_Planned], refused: list[FileResult], request: ReportRequest, output_format: str
) -> _Planned:
    """The portfolio of the folder's journeys, each linked to its report;
    the journeys that cannot be read are named, not shown."""
    language = request.language or planned[0].report.language
    t = translator(language)
    directory = Path(request.output_dir) if request.output_dir else Path(request.path)
    main = directory / f"{INDEX_STEM}.report{FORMAT_SUFFIX[output_format]}"
    entries = [
        portfolio.Entry(plan.report, os.path.relpath(plan.main, main.parent).replace(os.sep, "/"))
        for plan in planned
    ]
    left_out = [os.path.relpath(result.file, request.path).replace(os.sep, "/") for result in refused]
    overview = portfolio.assemble(entries, left_out=left_out)
    text = portfolio.render(overview, t, markdown.Style(badges=output_format in PAGE_REPORT_FORMATS))
    if output_format not in PAGE_REPORT_FORMATS:
        return _Planned(planned[0].report, {str(main): text.encode("utf-8")}, str(main), "the index of journeys")
    data = _page_bytes(html.page(t("report.journeys"), language, text), output_format)
    return _Planned(planned[0].report, {str(main): data}, str(main), "the index of journeys")


def _format(request: ReportRequest) -> str:
    if request.output == TO_STDOUT and request.output_format == "pdf":
        raise UsageError(
            "a PDF report is a binary file: it is not sent to standard output",
            hint="write it to a file (-o report.pdf), or send the HTML page with --format html -o -",
        )
    if request.output == TO_STDOUT and request.output_format != "html":
        raise UsageError(
            "a Markdown report is a file with its pictures beside it: it cannot go to standard output",
            hint="write it to a file (-o report.md), or send one self-contained page with --format html -o -",
        )
    # Standard output, with --format html, is html: the format given.
    chosen = format_from_name(
        request.output_format, request.output, SUFFIX_FORMAT, default="md", endings=".md, .html or .pdf"
    )
    if chosen == "pdf":
        pdf.require()  # before any journey is read: without WeasyPrint, no PDF
    return chosen


def _latest(actuals: dict[str, Actual]) -> date | None:
    dates = [a.measured for a in actuals.values() if a.measured is not None]
    return max(dates) if dates else None

