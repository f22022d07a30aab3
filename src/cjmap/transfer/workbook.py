"""The grid as a CSV file or a styled .xlsx workbook: `cjmap export`'s writer.

`grid` hands over `Table`s: rows of cells, the first row the header, the
first cell of every row its label. This module only writes them.

CSV (`csv_bytes`)
-----------------
UTF-8 with a byte order mark (Excel reads a CSV without one in the local
code page, and accents break), CRLF line ends, fields quoted only when they
must be (a separator, a quote or a line break inside). A text cell is
written through `formulas.guarded`, so no spreadsheet program runs it; a
number is a number (`-1`, `2.5`, an integral float without `.0`), a date is
ISO (`2027-01-31`), an empty cell is empty. The separator is `,` unless the
caller asks for another (`;` is what Excel expects where `,` is the decimal
mark).

.xlsx (`xlsx_bytes`)
--------------------
One sheet per table, in the order given (the map, then the objectives).

* The header row is filled in the map's stage colour (`theme.PALETTE`),
  bold, in white or dark ink, whichever reads better on it; the first
  column (the labels) in the lighter lane colour, bold.
* Every cell wraps its text and sits top-left. The first row and column are
  frozen (`B2`), so labels stay in view while scrolling.
* A column is as wide as its longest line (in characters, East Asian wide
  characters counting two), plus a little margin, at least COLUMN_MIN and at
  most COLUMN_MAX; longer lines wrap.
* Row heights are not written: a row without a height is one Excel and
  LibreOffice size themselves when they open the file, to fit its wrapped
  and multi-line cells. A height computed here would be a guess of the
  reader's font metrics, and a written height stops that sizing (rows too
  tall or cut off), so none is written.
* In the row of kind `emotions`, a stage cell holding a score −2…+2 is
  filled in that score's colour (`theme.SCORE`), in the ink that reads on
  it.
* Printing: landscape, fit to one page wide (as many pages tall as needed),
  the header row and label column repeated on every page, grid lines
  printed (the cells have no borders).

Text is data. A text cell is always stored as text, never as a formula or
an error value (openpyxl would make `=…` a formula and `#N/A` an error):
text that a spreadsheet would run (`formulas.runs_as_formula`) is also
flagged `quotePrefix`, Excel's own mark for "this is text". The .xlsx keeps
the text as it is, with no `'` in front: `cjmap import` reads it back
unchanged. What XML 1.0 cannot hold is removed: control characters other
than tab and line break, lone surrogates, U+FFFE and U+FFFF (openpyxl
refuses them; they are never visible text). A carriage return becomes a
line break (`\\n`, Excel's line break in a cell; XML readers turn a bare CR
into one anyway). A text longer than Excel's 32,767 characters is cut and
ends with `…`. Numbers stay numbers and dates are date cells shown
`yyyy-mm-dd`.

Sheet names are made valid for Excel: characters `[ ] : * ? / \\` become
`-`, control characters and line breaks are spaces, an `'` at either end
goes, at most 31 characters; an empty name is `Sheet`; a name already
used (compared without case, and Excel's reserved `History`) gets ` (2)`,
` (3)`, … .

The same tables give the same bytes: the workbook's created and modified
times are fixed (FIXED_TIME), and so are the times of the files in the zip
archive (openpyxl would write the time of the export into both).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cjmap import theme
from cjmap.transfer.formulas import guarded, runs_as_formula

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as SheetCell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | float | datetime.date | None


@dataclass(frozen=True, slots=True)
class Table:
    """One sheet of the grid: `rows[0]` is the header row, every row's first
    cell its label; `kinds` says what each row is (`stage`, a lane key from
    `lanes.LANES`, or `header` / `objective` in the objectives table)."""

    name: str
    rows: list[list[Cell]]
    kinds: list[str]


EMOTIONS = "emotions"
COLUMN_MIN = 10
COLUMN_MAX = 60
# Room for the cell's padding and the bold labels, in characters.
COLUMN_MARGIN = 2
SHEET_NAME_MAX = 31
TEXT_MAX = 32_767
DATE_FORMAT = "yyyy-mm-dd"
FIXED_TIME = datetime.datetime(2000, 1, 1)
# The zip format's own epoch: the earliest time a zip entry can hold.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_SPACES = re.compile(r"\s+")
# Excel keeps this name for its change history: a sheet may not take it.
_RESERVED_SHEET_NAMES = ("history",)


# --- CSV --------------------------------------------------------------------


def csv_bytes(table: Table, *, separator: str = ",") -> bytes:
    """`table` as a CSV file: UTF-8 with BOM, CRLF, every text cell guarded."""
    if len(separator) != 1 or separator in "\"\r\n":
        raise ValueError(f"a CSV separator is one character other than a quote or a line break, not {separator!r}")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in table.rows:
        writer.writerow([_csv_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        # A lone surrogate is not text and cannot be written as UTF-8.
        return guarded(_LONE_SURROGATE.sub("", value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return _number_text(value)
    return str(value)


def _number_text(value: float) -> str:
    """`2.0` as `2`, `2.5` as `2.5`: as a person writes the number."""
    if value.is_integer():
        return str(int(value))
    return repr(value)


# --- .xlsx ------------------------------------------------------------------


def xlsx_bytes(tables: list[Table], *, title: str) -> bytes:
    """`tables` as a styled .xlsx workbook, one sheet each, in order."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table, name in zip(tables, sheet_names(table.name for table in tables), strict=True):
        _fill_sheet(workbook.create_sheet(name), table)
    properties = workbook.properties
    properties.title = xml_text(title)
    properties.creator = "cjmap"
    properties.lastModifiedBy = None
    properties.created = FIXED_TIME
    properties.modified = FIXED_TIME
    return _workbook_bytes(workbook)


def _fill_sheet(sheet: Worksheet, table: Table) -> None:
    for row_index, (row, kind) in enumerate(zip(table.rows, table.kinds, strict=True), start=1):
        for column_index, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_index, column=column_index)
            _put(cell, value)
            _style(cell, value, kind=kind, header=row_index == 1, label=column_index == 1)
    _fit_columns(sheet, table.rows)
    sheet.freeze_panes = "B2"
    _print_setup(sheet)


def _put(cell: SheetCell, value: Cell) -> None:
    """Store `value` in `cell`: text always as text, dates as dates."""
    if isinstance(value, str):
        text = xml_text(value)
        cell.value = text
        # openpyxl makes "=…" a formula and "#N/A" an error: this is text.
        cell.data_type = "s"
        if runs_as_formula(value) or runs_as_formula(text):
            cell.quotePrefix = True
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value


def xml_text(text: str) -> str:
    """`text` as an .xlsx can hold it: what XML 1.0 forbids removed, a
    carriage return a line break, at most TEXT_MAX characters."""
    text = _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(text) > TEXT_MAX:
        text = text[: TEXT_MAX - 1] + "…"
    return text


def _style(cell: SheetCell, value: Cell, *, kind: str, header: bool, label: bool) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    cell.alignment = Alignment(wrap_text=True, horizontal="left", vertical="top")
    fill = None
    if header:
        fill = theme.PALETTE["stage_fill"]
    elif label:
        fill = theme.PALETTE["lane_fill"]
    elif kind == EMOTIONS and _is_score(value):
        fill = theme.SCORE[value]
    if fill is not None:
        cell.fill = PatternFill(fill_type="solid", fgColor=_argb(fill))
        cell.font = Font(bold=header or label, color=_argb(theme.ink_on(fill)))


def _is_score(value: Cell) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in theme.SCORE


def _argb(colour: str) -> str:
    """`#1e3a5f` as openpyxl's opaque `FF1E3A5F`."""
    return "FF" + colour[1:].upper()


def _fit_columns(sheet: Worksheet, rows: list[list[Cell]]) -> None:
    from openpyxl.utils import get_column_letter

    columns = max((len(row) for row in rows), default=0)
    for index in range(columns):
        longest = max((_longest_line(row[index]) for row in rows if index < len(row)), default=0)
        width = min(max(longest + COLUMN_MARGIN, COLUMN_MIN), COLUMN_MAX)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width


def _longest_line(value: Cell) -> int:
    """The width, in characters, of the longest line `value` shows."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max(_width(line) for line in xml_text(value).split("\n"))
    if isinstance(value, datetime.date):
        return len("yyyy-mm-dd")
    return len(_number_text(value) if isinstance(value, float) else str(value))


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _print_setup(sheet: Worksheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages tall as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_title_cols = "A:A"
    sheet.print_options.gridLines = True


def _workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook's file, the same bytes for the same workbook.

    openpyxl's `save` sets `modified` to now, and every zip entry it writes
    carries the time of writing: the archive is written here with ExcelWriter
    (which leaves `modified` alone) into a zip whose entries all carry
    ZIP_TIME."""
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    with _SteadyZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()


class _SteadyZipFile(zipfile.ZipFile):
    """A zip archive whose entries all carry ZIP_TIME, whether written from
    text (`writestr`, by name) or from a file (`write`: openpyxl writes each
    worksheet to a temporary file first, whose time the entry would take)."""

    def write(
        self,
        filename: str,
        arcname: str | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        with open(filename, "rb") as source:
            self.writestr(arcname or filename, source.read(), compress_type, compresslevel)

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: str | bytes,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=ZIP_TIME)
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)


# --- sheet names ------------------------------------------------------------


def sheet_names(names: Iterable[str]) -> list[str]:
    """`names` as valid, distinct Excel sheet names (see the module's text)."""
    taken = set(_RESERVED_SHEET_NAMES)
    made = []
    for name in names:
        made.append(_unique_sheet_name(_sheet_name(name), taken))
        taken.add(made[-1].casefold())
    return made


def _sheet_name(name: str) -> str:
    name = _NOT_IN_SHEET_NAME.sub("-", _NOT_XML.sub("", name))
    name = _SPACES.sub(" ", name)
    return _trim_sheet_name(name, SHEET_NAME_MAX) or "Sheet"


def _trim_sheet_name(name: str, units: int) -> str:
    """`name` cut to `units` UTF-16 units (Excel counts those), without the
    spaces and `'` Excel does not allow (`'`) or would hide at its ends."""
    name = name.strip(" '")
    while _utf16_units(name) > units:
        name = name[:-1]
    return name.strip(" '")


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _unique_sheet_name(name: str, taken: set[str]) -> str:
    number = 1
    made = name
    while made.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        made = (_trim_sheet_name(name, SHEET_NAME_MAX - len(suffix)) or "Sheet") + suffix
    return made
