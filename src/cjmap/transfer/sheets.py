"""Spreadsheets read into plain text cells, safely: `read_csv` and `read_xlsx`.

A `Sheet` is a grid of text: every cell as the user sees it in the
spreadsheet program — numbers as they read (`2`, `-1`, `2.5`; `3.0` is
`3`; at most 15 significant digits, as Excel shows them), `TRUE`/`FALSE`,
dates as ISO dates (`2026-12-31`; with a time, `2026-12-31T10:30`), an
empty cell as `""`. Line breaks inside a cell are `\\n` (a `\\r\\n` or a lone
`\\r` becomes `\\n`); any other text is kept as it is. Row `i` of `rows` is
the sheet's row `i + 1` and cell `j` of a row its column `j + 1`, so
`cell_name(i, j)` names it (`B7`): empty rows between others stay, as `[]`;
only the empty cells at the end of a row and the empty rows at the end of a
sheet are dropped. No row ends with an empty cell.

A formula is never evaluated: its cell holds the formula's text (`=B5*2`)
and is listed in `Sheet.formulas`. A cell merged with others (a phase across
several stage columns) gives its text to every cell of the merged range; the
formula, if any, is listed only at the range's first cell, where it is.

CSV files
---------
The bytes are decoded as UTF-8 with a BOM (`utf-8-sig`, Excel's "CSV
UTF-8"), UTF-16 with a BOM, UTF-8, or else Windows-1252 (`cp1252`, what
Excel's plain "CSV" writes on a Spanish or Catalan Windows: accents, `€`,
`—`), when every byte is defined there. Anything else, and any file with
NUL bytes (binary: an .xlsx or .xls workbook named .csv), is refused with a
hint on how to save it. The separator is the most frequent of `;` (Excel's
default where the decimal comma is used), `,` and tab in the header row,
outside quotes; a tie prefers them in that order. A first line `sep=X`
(which Excel writes and reads, and hides) names the separator and is not a
row. Quoted cells may hold separators, quotes (`""`) and line breaks: a row
is a CSV record, which is what the spreadsheet program shows as a row. The
`'` that `cjmap export` puts in front of a cell that would run as a formula
is taken away again (`cjmap.transfer.formulas.unguarded`). A CSV holds no
formulas: `Sheet.formulas` is empty and a cell `=A1` is text.

.xlsx workbooks
---------------
A workbook is a zip of XML parts, and both layers can be made to explode.
Before openpyxl sees the file, it is checked part by part, reading at most
64 KiB at a time:

- it must be a zip with `[Content_Types].xml` and a `workbook.xml`, at most
  1,000 parts and 50 MiB unpacked in all, no part unpacking to more than
  200 times its packed size once over 1 MiB (a zip bomb: a 200 MB part of
  zeros packs into 200 KB);
- no part may hold `<!DOCTYPE` or `<!ENTITY` (an XML bomb: a "billion laughs"
  entity grows to gigabytes; a workbook never declares one);
- the XML parts together hold at most 200,000 elements, 100 sheets, 1,000
  merged ranges and 1,000 hyperlinks, and the merged ranges, like the
  hyperlinks' ranges, at most 100,000 cells: openpyxl makes an object for
  every element, for every cell of a merged range and for every cell a
  hyperlink covers, so one `<mergeCell ref="A1:XFD1048576"/>` would ask for
  seventeen billion of them. (These counts come from a streaming expat
  parse of each part; a part that is no XML, such as an image, is not
  parsed.)

Measured with `resource.getrusage` (peak resident memory of a fresh
process, openpyxl 3.1.5, CPython 3.11, Linux), the worst workbooks these
bounds let through peak under 200 MB, of which 42 MB is Python with cjmap
and openpyxl imported: 99,000 cell styles (`<xf>`, each with its own
alignment: two elements that openpyxl keeps as several objects) take
157 MB more, 200,000 empty cells (`<c r="A1"/>`) 68 MB, 1,000 hyperlinks of
100 cells each 48 MB, 1,000 merged ranges of 100 cells each 30 MB, 50 MiB
of text in ten cells 63 MB, and 190,000 empty cells with 43 MiB of text
120 MB. A journey grid of 20 lanes by 30 stages takes no measurable memory.

openpyxl then reads it with formulas as text (`data_only=False`; the
read-only mode would lose the merged cells), its warnings silenced; any
error of a damaged file becomes a `SheetError`. Sheets are `Workbook.sheets`
in the workbook's order (chart sheets have no cells and are left out).

Both kinds of file are bounded as a journey grid: at most 2,000 rows, 1,000
columns, 100,000 cells (rows × columns) and 100,000 characters in a cell. A
journey of 500 stages with every lane is 20 rows × 501 columns.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from cjmap.errors import CjmapError
from cjmap.transfer.formulas import unguarded

# A journey grid: one row per lane (about 20), one column per stage (500 is
# already a very long journey). Ten times and more, so no real grid is refused.
MAX_ROWS = 2_000
MAX_COLUMNS = 1_000
MAX_CELLS = 100_000
MAX_CELL_CHARS = 100_000  # Excel itself stops at 32,767

# The .xlsx package; the module's docstring says what each bound keeps away.
MAX_PARTS = 1_000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PACK_RATIO = 200
RATIO_CHECKED_FROM = 1024 * 1024  # bytes: a small part may pack well (a run of empty cells)
MAX_ELEMENTS = 200_000
MAX_SHEETS = 100
MAX_MERGED_RANGES = 1_000
MAX_HYPERLINKS = 1_000
MAX_RANGE_CELLS = MAX_CELLS  # merged, and linked: each such cell is an object in openpyxl
CHUNK = 64 * 1024  # bytes read from a part at a time

_SEPARATORS = (";", ",", "\t")  # in the order a tie prefers them
_SEP_LINE = re.compile(r"sep=(.)(\r\n|\n|\r|$)", re.IGNORECASE)
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected workbook
_XML_BOMB = (b"<!doctype", b"<!entity")
_EXCEL_DIGITS = 15  # significant digits Excel shows of a number

_CSV_UTF8_HINT = (
    'Save it again as "CSV UTF-8": in Excel, File > Save As > "CSV UTF-8 (Comma delimited)"; '
    'in LibreOffice, File > Save As > "Text CSV" with character set "Unicode (UTF-8)".'
)
_RESAVE_HINT = (
    "Open it in Excel or LibreOffice and save it again as an Excel workbook (.xlsx); "
    "if it did not come from someone you trust, delete it instead."
)
_GRID_HINT = (
    "A journey grid has one row per lane and one column per stage. Delete the rows and "
    "columns outside the grid (formatted but empty cells count too), or split the sheet."
)


class SheetError(CjmapError):
    """The file cannot be read as a sheet: the message names the file (and
    the cell or line), the hint says how to fix it."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet's cells as text; see the module's docstring."""

    name: str
    rows: list[list[str]]
    formulas: tuple[str, ...] = ()
    encoding: str = "utf-8"


@dataclass(frozen=True, slots=True)
class Workbook:
    """An .xlsx workbook's sheets, in its order, and its title property."""

    sheets: list[Sheet]
    title: str | None


def cell_name(row: int, column: int) -> str:
    """The spreadsheet name of a cell from 0-based indexes: (6, 1) is `B7`."""
    letters = ""
    number = column + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"


# --- cell text ------------------------------------------------------------


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _number_text(number: float) -> str:
    if not math.isfinite(number):
        return str(number)
    if number.is_integer() and abs(number) < 10**_EXCEL_DIGITS:
        return str(int(number))  # also turns -0.0 into "0"
    return format(number, f".{_EXCEL_DIGITS}g")


def _clock_text(moment: time) -> str:
    return moment.isoformat(timespec="seconds" if moment.second else "minutes")


def _value_text(value: Any) -> str:
    """A cell value as openpyxl gives it, as text (formulas aside)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return f"{value.date().isoformat()}T{_clock_text(value.time().replace(microsecond=0))}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return _clock_text(value.replace(microsecond=0))
    return _lines(str(value))


def _formula_text(value: Any) -> str:
    """A formula's text: a plain one is a string; an array formula keeps its
    text; a what-if data table is shown the way Excel shows it."""
    if isinstance(value, str):
        return _lines(value)
    text = getattr(value, "text", None)
    if isinstance(text, str):
        return _lines(text)
    inputs = [getattr(value, name, None) for name in ("r1", "r2")]
    return "=TABLE(" + ",".join(str(i) for i in inputs if i) + ")"


# --- grid bounds, shared by both kinds of file ------------------------------


def _too_many_rows(name: str, rows: int, where: str = "") -> SheetError:
    return SheetError(
        f"{name}{where} has {rows:,} rows; a journey grid has at most {MAX_ROWS:,}.", hint=_GRID_HINT
    )


def _too_many_columns(name: str, columns: int, where: str) -> SheetError:
    return SheetError(
        f"{name}{where} has {columns:,} columns; a journey grid has at most {MAX_COLUMNS:,}.",
        hint=_GRID_HINT,
    )


def _too_many_cells(name: str, rows: int, columns: int, where: str = "") -> SheetError:
    return SheetError(
        f"{name}{where} is {rows:,} rows by {columns:,} columns, {rows * columns:,} cells; "
        f"a journey grid has at most {MAX_CELLS:,}.",
        hint=_GRID_HINT,
    )


def _too_long(name: str, cell: str, length: int) -> SheetError:
    return SheetError(
        f"{name}: cell {cell} holds {length:,} characters; a cell of a journey grid holds at most "
        f"{MAX_CELL_CHARS:,}.",
        hint="Keep long texts in a document and put its link in the cell.",
    )


def _trimmed(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and cells[end - 1] == "":
        end -= 1
    return cells[:end]


def _check_shape(name: str, rows: list[list[str]], where: str = "") -> None:
    width = max((len(row) for row in rows), default=0)
    if len(rows) * width > MAX_CELLS:
        raise _too_many_cells(name, len(rows), width, where)


# --- CSV --------------------------------------------------------------------


def read_csv(name: str, data: bytes) -> Sheet:
    """A CSV file's cells; see the module's docstring. SheetError when the
    file is not text, not in an encoding a spreadsheet program writes, or
    beyond a journey grid's bounds."""
    text, encoding = _decoded(name, data)
    text, separator = _separator(text)
    return Sheet(name=name, rows=_csv_rows(name, text, separator), encoding=encoding)


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _refuse_binary(name: str, data: bytes) -> None:
    if data.startswith(_ZIP_MAGIC):
        raise SheetError(
            f"{name} is a zip file (an .xlsx workbook, perhaps), not a CSV file.",
            hint="If it is an Excel workbook, name it .xlsx and import it again.",
        )
    if data.startswith(_OLE_MAGIC):
        raise SheetError(
            f"{name} is an old Excel workbook (.xls) or a password-protected one, not a CSV file.",
            hint="Open it in Excel, remove any password, and save it as .xlsx or as CSV UTF-8.",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SheetError(
            f"{name}: line {_line_of(data, nul)} holds binary data (a NUL byte): this is not a CSV file.",
            hint=_CSV_UTF8_HINT,
        )


def _decoded(name: str, data: bytes) -> tuple[str, str]:
    """The file's text and how it was decoded."""
    for bom, encoding, shown in ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
                                 (codecs.BOM_UTF16_BE, "utf-16", "UTF-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                line = data[: error.start].decode(encoding, errors="replace").count("\n") + 1
                raise SheetError(
                    f"{name}: line {line} is not {shown} text, although the file begins as such.",
                    hint=_CSV_UTF8_HINT,
                ) from None
    _refuse_binary(name, data)
    with suppress(UnicodeDecodeError):  # not UTF-8: Windows-1252 is tried next
        return data.decode("utf-8"), "utf-8"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        undefined = error.start
    raise SheetError(
        f"{name}: line {_line_of(data, undefined)} holds byte 0x{data[undefined]:02X}, which is text "
        "neither in UTF-8 nor in Windows-1252: the file's encoding is not known.",
        hint=_CSV_UTF8_HINT,
    )


def _record_chars(text: str, separators: str) -> Iterator[tuple[str, bool]]:
    """The first record of `text` as (character, quoted) pairs, the way the
    csv module reads it: a `"` opens quotes at the start of a cell (after one
    of `separators`), `""` inside quotes is one `"`; the record ends at a line
    break outside quotes. Quote marks themselves are not yielded."""
    quoted = False
    at_cell_start = True
    index = 0
    while index < len(text):
        char = text[index]
        index += 1
        if quoted:
            if char == '"' and text.startswith('"', index):
                index += 1
                yield char, True
            elif char == '"':
                quoted = False
            else:
                yield char, True
            continue
        if char in "\r\n":
            return
        if char == '"' and at_cell_start:
            quoted = True
            at_cell_start = False
            continue
        at_cell_start = char in separators
        yield char, False


def _separator(text: str) -> tuple[str, str]:
    """The text without a `sep=` line, and its separator."""
    named = _SEP_LINE.match(text)
    if named and named.group(1) in _SEPARATORS:
        return text[named.end():], named.group(1)
    counts = dict.fromkeys(_SEPARATORS, 0)
    for char, quoted in _record_chars(text, "".join(_SEPARATORS)):
        if not quoted and char in counts:
            counts[char] += 1
    # max keeps the first of equals, and _SEPARATORS is in the preferred order
    return text, max(_SEPARATORS, key=lambda separator: counts[separator])


def _cell_lengths(text: str, separator: str) -> list[int]:
    lengths = [0]
    for char, quoted in _record_chars(text, separator):
        if char == separator and not quoted:
            lengths.append(0)
        else:
            lengths[-1] += 1
    return lengths


def _csv_rows(name: str, text: str, separator: str) -> list[list[str]]:
    lines = list(io.StringIO(text, newline=""))  # csv's own notion of lines
    reader = csv.reader(lines, delimiter=separator, quotechar='"', doublequote=True, strict=False)
    rows: list[list[str]] = []
    records = 0  # read so far; also the index of the record being read
    record_start = 0  # the line where the record being read begins
    kept = 0  # rows up to the last one with a cell
    try:
        for record in reader:
            index, records, record_start = records, records + 1, reader.line_num
            row = _trimmed([_lines(unguarded(cell)) for cell in record])
            if row:
                kept = index + 1
            if index >= MAX_ROWS:
                continue  # past the bound: only counted, for the message
            if row:
                _check_csv_row(name, index, row)
            rows.append(row)
    except csv.Error as error:
        raise _csv_error(name, records, "".join(lines[record_start:]), separator, error) from None
    if kept > MAX_ROWS:
        raise _too_many_rows(name, kept)
    rows = rows[:kept]
    _check_shape(name, rows)
    return rows


def _check_csv_row(name: str, index: int, row: list[str]) -> None:
    if len(row) > MAX_COLUMNS:
        raise _too_many_columns(name, len(row), f": row {index + 1}")
    for column, cell in enumerate(row):
        if len(cell) > MAX_CELL_CHARS:
            raise _too_long(name, cell_name(index, column), len(cell))


def _csv_error(name: str, index: int, rest: str, separator: str, error: csv.Error) -> SheetError:
    """The csv module's error in the record `index` (its text begins `rest`),
    in words. Its own bound on a cell (131,072 characters, above ours) is the
    likeliest: the cell is found and named."""
    lengths = _cell_lengths(rest, separator)
    longest = max(range(len(lengths)), key=lengths.__getitem__)
    if lengths[longest] > MAX_CELL_CHARS:
        return _too_long(name, cell_name(index, longest), lengths[longest])
    return SheetError(f"{name}: row {index + 1} cannot be read as CSV: {error}.", hint=_CSV_UTF8_HINT)


# --- .xlsx --------------------------------------------------------------------


def read_xlsx(name: str, data: bytes) -> Workbook:
    """An .xlsx workbook's sheets; see the module's docstring. SheetError
    when the file is not a workbook, is damaged, is built to exhaust the
    machine, or holds a sheet beyond a journey grid's bounds."""
    _check_package(name, data)
    book = _loaded(name, data)
    sheets = [_sheet_of(name, worksheet) for worksheet in book.worksheets]
    title = book.properties.title if book.properties is not None else None
    return Workbook(sheets=sheets, title=title or None)


def _not_a_workbook(name: str, why: str) -> SheetError:
    return SheetError(
        f"{name} is not an .xlsx workbook: {why}.",
        hint="Save it from Excel, LibreOffice or Google Sheets as an Excel workbook (.xlsx), "
        "or as CSV UTF-8 and import the .csv.",
    )


def _damaged(name: str, why: str) -> SheetError:
    return SheetError(f"{name} cannot be read as an .xlsx workbook: {why}.", hint=_RESAVE_HINT)


def _check_package(name: str, data: bytes) -> None:
    """Refuse, before anything unpacks it, a workbook built to exhaust the
    machine (see the module's docstring)."""
    if data.startswith(_OLE_MAGIC):
        raise _not_a_workbook(name, "it is an old Excel workbook (.xls) or a password-protected one")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        if data.startswith(_ZIP_MAGIC):
            raise _damaged(name, "the file is cut short or damaged") from None
        raise _not_a_workbook(name, "it is not a zip file, which every .xlsx workbook is") from None
    with archive:
        parts = archive.infolist()
        _check_sizes(name, parts)
        names = {part.filename for part in parts}
        if "[Content_Types].xml" not in names or not any(n.endswith("workbook.xml") for n in names):
            raise _not_a_workbook(name, "it is a zip file without a workbook.xml part")
        census = _Census(name)
        for part in parts:
            _scan_part(name, archive, part, census)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"


def _check_sizes(name: str, parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > MAX_PARTS:
        raise _damaged(name, f"it has {len(parts):,} parts, and a workbook has at most {MAX_PARTS:,}")
    for part in parts:
        packed = max(part.compress_size, 1)
        if part.file_size > RATIO_CHECKED_FROM and part.file_size > MAX_PACK_RATIO * packed:
            raise SheetError(
                f"{name}: the part {part.filename} would unpack from {_megabytes(packed)} to "
                f"{_megabytes(part.file_size)}, {part.file_size // packed:,} times its size: "
                "this is a zip bomb, not a workbook.",
                hint=_RESAVE_HINT,
            )
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED_BYTES:
        raise SheetError(
            f"{name} unpacks to {_megabytes(total)}; a workbook cjmap reads unpacks to at most "
            f"{_megabytes(MAX_UNPACKED_BYTES)}.",
            hint="Remove images and sheets the journey does not need, or save the grid as CSV UTF-8.",
        )


@dataclass(slots=True)
class _Census:
    """What the XML parts hold that openpyxl turns into objects."""

    name: str
    elements: int = 0
    sheets: int = 0
    merged: int = 0
    merged_cells: int = 0
    links: int = 0
    linked_cells: int = 0
    part: str = ""  # the part being read, for messages

    def count(self, element: str, attributes: dict[str, str]) -> None:
        local = element.rpartition(":")[2]
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            self.refuse(f"more than {MAX_ELEMENTS:,} XML elements")
        if local == "sheet":
            self.sheets += 1
            if self.sheets > MAX_SHEETS:
                self.refuse(f"more than {MAX_SHEETS:,} sheets")
        elif local == "mergeCell":
            self.merged += 1
            self.merged_cells += _range_cells(attributes.get("ref", ""))
            if self.merged > MAX_MERGED_RANGES or self.merged_cells > MAX_RANGE_CELLS:
                self.refuse(f"more than {MAX_MERGED_RANGES:,} merged ranges or {MAX_RANGE_CELLS:,} merged cells")
        elif local == "hyperlink":
            self.links += 1
            self.linked_cells += _range_cells(attributes.get("ref", ""))
            if self.links > MAX_HYPERLINKS or self.linked_cells > MAX_RANGE_CELLS:
                self.refuse(f"more than {MAX_HYPERLINKS:,} links or {MAX_RANGE_CELLS:,} linked cells")

    def refuse(self, what: str) -> None:
        raise SheetError(
            f"{self.name}: the part {self.part} holds {what}, more than a journey grid needs.",
            hint=_RESAVE_HINT,
        )


def _range_cells(reference: str) -> int:
    """How many cells a range such as `A1:C4` covers (a whole column counts
    all its rows); 0 when it is not a range openpyxl would read."""
    from openpyxl.utils.cell import range_boundaries

    try:
        first_column, first_row, last_column, last_row = range_boundaries(reference.replace("$", ""))
    except (ValueError, TypeError):
        return 0
    columns = (last_column or 16_384) - (first_column or 1) + 1
    rows = (last_row or 1_048_576) - (first_row or 1) + 1
    return max(columns, 1) * max(rows, 1)


def _is_xml_start(head: bytes) -> bool:
    """Whether a part's first bytes could begin an XML document (in any
    encoding expat detects), so that openpyxl could parse it."""
    stripped = head.lstrip(b" \t\r\n")
    return not stripped or stripped.startswith(
        (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00<", b"\x00\x00")
    )


def _scan_part(name: str, archive: zipfile.ZipFile, part: zipfile.ZipInfo, census: _Census) -> None:
    """Read one part in bounded chunks: refuse an XML bomb, and count what
    openpyxl would build from it."""
    from xml.parsers import expat

    census.part = part.filename
    parser: Any = None  # None until the first chunk says whether the part is XML; False: not parsed
    overlap = b""
    try:
        with archive.open(part) as stream:
            for chunk in iter(lambda: stream.read(CHUNK), b""):
                window = overlap + chunk.lower()
                if any(marker in window for marker in _XML_BOMB):
                    raise _xml_bomb(name, part.filename)
                overlap = window[-len(_XML_BOMB[0]) :]
                if parser is None:
                    # An image is no XML document: openpyxl's parser would refuse it too.
                    parser = _counting_parser(expat, census, name, part.filename) if _is_xml_start(chunk) else False
                if parser:
                    try:
                        parser.Parse(chunk, False)
                    except expat.ExpatError:
                        parser = False  # openpyxl's parser (expat too) stops here, with an error
    except SheetError:
        raise
    except Exception as error:  # noqa: BLE001 - zlib, lzma, bz2 or zipfile, each fails its own way
        raise _damaged(name, f"its part {part.filename} is damaged ({_reason(error)})") from None


def _counting_parser(expat: Any, census: _Census, name: str, part: str) -> Any:
    def refuse_declaration(*_: Any) -> None:
        raise _xml_bomb(name, part)

    parser = expat.ParserCreate()
    parser.StartElementHandler = census.count
    parser.StartDoctypeDeclHandler = refuse_declaration
    parser.EntityDeclHandler = refuse_declaration
    return parser


def _xml_bomb(name: str, part: str) -> SheetError:
    # An SVG image drawn elsewhere may carry a harmless DOCTYPE; it is refused
    # all the same, since a crafted workbook could have openpyxl parse any part.
    image = part.lower().endswith(".svg")
    return SheetError(
        f"{name}: the part {part} declares a DOCTYPE or an ENTITY, which an .xlsx workbook never "
        "does (it is how an XML bomb multiplies itself).",
        hint="Replace the SVG image in the workbook with a PNG, or delete it." if image else _RESAVE_HINT,
    )


def _loaded(name: str, data: bytes) -> Any:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=False)
    except Exception as error:  # noqa: BLE001 - a damaged file may fail anywhere inside openpyxl
        raise _damaged(name, _reason(error)) from None


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0].rstrip(".") if text else type(error).__name__


def _sheet_of(name: str, worksheet: Any) -> Sheet:
    where = f", sheet {worksheet.title!r},"
    rows, columns = worksheet.max_row, worksheet.max_column
    if rows > MAX_ROWS:
        raise _too_many_rows(name, rows, where)
    if columns > MAX_COLUMNS:
        raise _too_many_columns(name, columns, where)
    if rows * columns > MAX_CELLS:
        raise _too_many_cells(name, rows, columns, where)
    grid: list[list[str]] = []
    formulas: list[tuple[int, int]] = []
    for row_index, cells in enumerate(worksheet.iter_rows(min_row=1, max_row=rows, max_col=columns)):
        grid.append([_cell_text(cell, row_index, formulas) for cell in cells])
    _spread_merged(worksheet, grid)
    for row_index, row in enumerate(grid):
        for column, text in enumerate(row):
            if len(text) > MAX_CELL_CHARS:
                raise _too_long(f"{name}{where[:-1]}", cell_name(row_index, column), len(text))
    trimmed = _without_trailing(grid)
    return Sheet(
        name=worksheet.title,
        rows=trimmed,
        formulas=tuple(cell_name(row, column) for row, column in sorted(formulas)),
        encoding="xlsx",
    )


def _cell_text(cell: Any, row_index: int, formulas: list[tuple[int, int]]) -> str:
    if cell.data_type == "f":
        formulas.append((row_index, cell.column - 1))
        return _formula_text(cell.value)
    return _value_text(cell.value)


def _spread_merged(worksheet: Any, grid: list[list[str]]) -> None:
    """Give every cell of a merged range the text of its first cell."""
    for merged in worksheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        text = grid[top][left]
        for row in range(top, merged.max_row):
            for column in range(left, merged.max_col):
                grid[row][column] = text


def _without_trailing(grid: Iterable[list[str]]) -> list[list[str]]:
    rows = [_trimmed(row) for row in grid]
    while rows and not rows[-1]:
        rows.pop()
    return rows
