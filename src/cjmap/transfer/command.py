"""`cjmap import` and `cjmap export`.

`cjmap import FILE` reads a Mermaid journey, a Markdown page with one, a CSV
grid or an .xlsx grid, and writes a new journey beside it (or to `-o`),
never over an existing file unless `--force`, atomically. What the source
holds that the format cannot is said as a warning at its line or cell, and
written in the new file's header comment; then the new journey's findings
are printed, as `cjmap validate --quiet` prints them, so that the author
knows what is left to fill in. Exit status: 0 written; 1 the source cannot
be imported (not a journey grid, unreadable bytes, a hostile workbook); 2 a
usage error (no such file, a file in the way, an unknown sheet).

`cjmap export JOURNEY` writes the journey's grid as a styled .xlsx workbook
(the map, then the objectives) or a CSV file (the map alone), and says what
the file has no place for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cjmap import messages
from cjmap.choices import EXPORT_SUFFIXES, IMPORT_BY_SUFFIX
from cjmap.errors import CjmapError, UsageError
from cjmap.files import NotReadable, TooLarge, read_bounded
from cjmap.suggest import did_you_mean
from cjmap.transfer.draft import Draft

if TYPE_CHECKING:
    from cjmap.transfer.sheets import Sheet

TO_STDOUT = "-"
JOURNEY_SUFFIX = ".journey.yaml"


class SourceError(CjmapError):
    """The source cannot be imported: exit 1, as a file that fails validation."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class ImportRequest:
    source: str
    output: str | None = None  # None: beside the source, named after it
    language: str | None = None  # None: the source's, else English
    force: bool = False
    sheet: str | None = None  # an .xlsx workbook's sheet; None: the first


def run_import(request: ImportRequest) -> int:
    """Import `request.source`; the exit status."""
    from cjmap.journey_command import JourneyRequest, RunOutputs, read_journeys
    from cjmap.settings import Settings
    from cjmap.transfer.draft import journey_text

    kind = _source_kind(request)
    target = request.output or _beside(request.source)
    if target != TO_STDOUT:
        _refuse_existing(target, request.force)
    # The source is read with the limits its folder's configuration sets, as a journey there is.
    limit = Settings().limits_for(request.source).max_file_bytes
    draft = _read_source(request, kind, _read_bytes(request.source, limit))
    text = journey_text(draft)
    for note in draft.notes:
        messages.warning(f"{request.source}: {note}", note.hint)
    outputs = RunOutputs([request.source])
    outputs.add(target, text.encode("utf-8"), made_by=request.source)
    outputs.commit()
    if target == TO_STDOUT:
        return messages.EXIT_OK
    messages.wrote(target)
    # Read back as validate reads it (the workspace's settings and catalogs).
    journeys = read_journeys(JourneyRequest(path=target), each="a journey")
    messages.findings([checked.result for checked in journeys.checked] + journeys.refused, quiet=True)
    return messages.EXIT_OK


def _source_kind(request: ImportRequest) -> str:
    suffix = Path(request.source).suffix.lower()
    kind = IMPORT_BY_SUFFIX.get(suffix)
    if kind is None:
        raise UsageError(
            f"cannot tell what {request.source} is from its name",
            hint="import a Mermaid journey (.mmd), a Markdown page with one (.md), a CSV grid (.csv) or an "
            "Excel workbook (.xlsx)",
        )
    if request.sheet is not None and kind != "xlsx":
        raise UsageError(f"--sheet chooses a sheet of an .xlsx workbook, and {request.source} is not one",
                         hint="leave out --sheet")
    return kind


def _beside(source: str) -> str:
    """`maps/Shop map.csv` becomes `maps/Shop map.journey.yaml`."""
    path = Path(source)
    return str(path.with_name(path.stem + JOURNEY_SUFFIX))


def _refuse_existing(target: str, force: bool) -> None:
    if not force and (os.path.exists(target) or os.path.islink(target)):
        raise UsageError(f"{target} already exists; cjmap import does not write over a file",
                         hint="name another file with -o, or add --force to replace it")


def _read_bytes(source: str, limit: int) -> bytes:
    try:
        return read_bounded(source, limit)
    except TooLarge:
        raise SourceError(f"{source} is larger than {limit:,} bytes, more than any journey map holds",
                          hint="import the sheet or diagram of one journey") from None
    except NotReadable as err:
        raise UsageError(f"cannot read {source}: {err.strerror}",
                         hint="check the file's name and that you may read it") from None


def _read_source(request: ImportRequest, kind: str, raw: bytes) -> Draft:
    if kind in ("mermaid", "markdown"):
        from cjmap.transfer.mermaid_source import read_mermaid

        return read_mermaid(request.source, _text(request.source, raw), markdown=kind == "markdown",
                            language=request.language or "en")
    from cjmap.transfer import sheets
    from cjmap.transfer.grid import import_grid

    draft = Draft(request.source)
    if kind == "csv":
        import_grid(draft, sheets.read_csv(request.source, raw), language=request.language)
    else:
        workbook = sheets.read_xlsx(request.source, raw)
        grid = _chosen_sheet(request, workbook.sheets)
        import_grid(draft, grid, objectives=_objectives_sheet(workbook.sheets, grid), language=request.language,
                    title=workbook.title)
    return draft


def _text(source: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise SourceError(f"{source}, line {line}: the file is not UTF-8 text",
                          hint="save it as UTF-8 (every editor can), then import it again") from None


def _chosen_sheet(request: ImportRequest, found: list[Sheet]) -> Sheet:
    from cjmap.transfer.lanes import normal

    if request.sheet is None:
        return found[0]
    for sheet in found:
        if normal(sheet.name) == normal(request.sheet):
            return sheet
    names = [sheet.name for sheet in found]
    raise UsageError(f"{request.source} has no sheet named {request.sheet!r}{did_you_mean(request.sheet, names)}",
                     hint=f"its sheets: {', '.join(names)}")


def _objectives_sheet(found: list[Sheet], grid: Sheet) -> Sheet | None:
    """The workbook's objectives table: the other sheet named Objectives (in any language)."""
    from cjmap.transfer.lanes import lane_named

    return next((sheet for sheet in found if sheet is not grid and lane_named(sheet.name) == "objectives"), None)


@dataclass(frozen=True, slots=True)
class ExportRequest:
    path: str
    output: str | None = None  # None: beside the journey, named after it
    output_dir: str | None = None
    output_format: str | None = None  # None: from the output's suffix, else xlsx
    language: str | None = None  # None: the journey's


def run_export(request: ExportRequest) -> int:
    """Export each journey of `request.path`; the exit status."""
    from cjmap.i18n import translator
    from cjmap.journey_command import JourneyRequest, format_from_name, output_name, read_journeys
    from cjmap.transfer import workbook
    from cjmap.transfer.grid import export_tables, left_out

    output_format = format_from_name(request.output_format, request.output,
                                     {suffix: name for name, suffix in EXPORT_SUFFIXES.items()}, default="xlsx")
    if request.output == TO_STDOUT and output_format == "xlsx":
        raise UsageError("an .xlsx workbook cannot be written to standard output",
                         hint="name the file with -o, or export CSV with --format csv")
    journeys = read_journeys(JourneyRequest(request.path, request.output, request.output_dir, output_format),
                             each="a spreadsheet per journey")
    outputs = journeys.outputs()
    written: list[str] = []
    leaves: list[tuple[str, list[str]]] = []
    for checked in journeys.checked:
        asked = checked.as_asked(segment=None, language=request.language)
        t = translator(asked.language)
        tables = export_tables(asked.journey, t)
        target = journeys.target(checked.source, output_name(checked.source, segment=None,
                                                             suffix=EXPORT_SUFFIXES[output_format]))
        if output_format == "xlsx":
            data = workbook.xlsx_bytes(tables, title=asked.journey.title)
        else:
            data = workbook.csv_bytes(tables[0], separator=CSV_SEPARATOR.get(asked.language, ","))
        outputs.add(target, data, made_by=checked.source.name)
        written.append(target)
        leaves.append((target, left_out(asked.journey, objectives_table=output_format == "xlsx")))
    outputs.commit()
    # A draft is exported, and what it still lacks is said, as render says it.
    messages.findings([checked.result for checked in journeys.checked], quiet=True)
    for target, missing in leaves:
        if missing:
            messages.note(f"{target} has no place for: {'; '.join(missing)}",
                          "the journey file keeps them; a grid holds the lanes, and an .xlsx also the objectives")
    refusal = "not exported, fix the errors first"
    return messages.finish(request.path, written, journeys.refused, refusal, journeys.notes)


# The separator spreadsheet programs expect in each language's countries:
# Spanish and Catalan Excel use `;`, since `,` is their decimal comma.
CSV_SEPARATOR = {"en": ",", "es": ";", "ca": ";"}
