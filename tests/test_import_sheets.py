"""Reading spreadsheets into text cells: `cjmap.transfer.sheets`.

The `sheet-*` fixtures are made by tests/fixtures/import/make_sheet_fixtures.py;
the hostile workbooks are built here, in a temporary folder.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from cjmap.transfer.sheets import Sheet, SheetError, cell_name, read_csv, read_xlsx

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def csv_file(tmp_path: Path, data: bytes, name: str = "grid.csv") -> Sheet:
    """Write `data` as a real file and read it back as the import does."""
    path = tmp_path / name
    path.write_bytes(data)
    return read_csv(name, path.read_bytes())


def refused_csv(tmp_path: Path, data: bytes, name: str = "grid.csv") -> SheetError:
    with pytest.raises(SheetError) as caught:
        csv_file(tmp_path, data, name)
    assert caught.value.exit_code == 1
    return caught.value


def refused_xlsx(path: Path) -> SheetError:
    with pytest.raises(SheetError) as caught:
        read_xlsx(path.name, path.read_bytes())
    assert caught.value.exit_code == 1
    assert caught.value.hint
    return caught.value


def grid_workbook() -> bytes:
    """A small, ordinary workbook written by openpyxl."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Stage", "Discover", "Buy"])
    book.active.append(["Needs", "Know the price", "Pay"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezipped(data: bytes, changes: dict[str, bytes], tmp_path: Path, name: str = "book.xlsx") -> Path:
    """The workbook `data` with some parts replaced or added, written to a file."""
    source = zipfile.ZipFile(io.BytesIO(data))
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry.filename, changes.pop(entry.filename, source.read(entry.filename)))
        for part, content in changes.items():
            target.writestr(part, content)
    return path


def with_sheet_xml(tmp_path: Path, old: bytes, new: bytes) -> Path:
    """The grid workbook with `old` replaced by `new` in its sheet's XML."""
    data = grid_workbook()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert old in sheet
    return rezipped(data, {"xl/worksheets/sheet1.xml": sheet.replace(old, new)}, tmp_path)


# --- cell names ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "column", "name"),
    [(0, 0, "A1"), (6, 1, "B7"), (0, 25, "Z1"), (0, 26, "AA1"), (11, 26, "AA12"), (0, 701, "ZZ1"), (0, 702, "AAA1")],
)
def test_cell_name(row: int, column: int, name: str) -> None:
    assert cell_name(row, column) == name


# --- CSV: encodings and separators ----------------------------------------------


def test_spanish_excel_csv_is_read_as_windows_1252_with_semicolons(tmp_path: Path) -> None:
    data = fixture("sheet-excel-es.csv")
    assert b"\x80" in data and b"\x97" in data and b"\r\n" in data  # what the fixture stands for
    sheet = csv_file(tmp_path, data, "mapa.csv")
    assert sheet.name == "mapa.csv"
    assert sheet.encoding == "cp1252"
    assert sheet.formulas == ()
    assert sheet.rows == [
        ["Etapa", "Descubrimiento", "Consideración", "Compra", "Fidelización"],
        ["Fase", "Conocimiento", "Consideración", "Decisión", "Fidelización"],
        ["Pasos", "Ve un anuncio\nBusca en Google", "Compara precios", "Paga en caja; recibe el tique",
         "Vuelve después de un año"],
        ["Necesidades", "Saber el precio — rápido", "Comparar ofertas\nVer opiniones", "Pagar fácil",
         "Atención en el menú"],
        ["Emociones", "1", "0", "2", "-1"],
        [],
        ["Puntos de dolor", "", 'Precio poco claro: "desde 9 €"', "Colas en caja"],
        ["Puntos de contacto", "Anuncio en línea [ads]", "Visita a la tienda [tienda]\nWeb [web]",
         "Visita a la tienda [tienda]", "Correo de la campaña [email]"],
        ["Oportunidades", "", "Vía rápida", "", "Col·laboració amb l'associació de Cataluña: açò"],
    ]


def test_utf8_csv_with_bom_and_commas(tmp_path: Path) -> None:
    sheet = csv_file(tmp_path, fixture("sheet-utf8-bom.csv"))
    assert sheet.encoding == "utf-8-sig"
    assert sheet.rows == [
        ["Stage", "Discover", "Buy"],
        ["Needs", "Know the price, fast", "Pay — easily"],
        ["Emotions", "1", "2"],
    ]


def test_utf16_csv_with_tabs(tmp_path: Path) -> None:
    sheet = csv_file(tmp_path, fixture("sheet-utf16.csv"))
    assert sheet.encoding == "utf-16"
    assert sheet.rows == [["Etapa", "Descobriment", "Compra"], ["Necessitats", "Saber el preu", "Pagar amb €"]]


def test_tab_separated_utf8_keeps_semicolons_and_commas_in_cells(tmp_path: Path) -> None:
    sheet = csv_file(tmp_path, fixture("sheet-tab.csv"))
    assert sheet.encoding == "utf-8"
    assert sheet.rows == [["Stage", "Discover", "Buy"], ["Steps", "See an ad; click, read", "Pay"]]


def test_plain_utf8_without_bom(tmp_path: Path) -> None:
    sheet = csv_file(tmp_path, "Etapa;Compra\nNecessitats;Pagar amb l·l i €\n".encode())
    assert sheet.encoding == "utf-8"
    assert sheet.rows == [["Etapa", "Compra"], ["Necessitats", "Pagar amb l·l i €"]]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Stage;Discover;Buy", ["Stage", "Discover", "Buy"]),
        ("Stage,Discover,Buy", ["Stage", "Discover", "Buy"]),
        ("Stage\tDiscover\tBuy", ["Stage", "Discover", "Buy"]),
        ("Stage;Find, compare", ["Stage", "Find, compare"]),  # a tie: `;` first
        ("Stage,Find\tcompare", ["Stage", "Find\tcompare"]),  # a tie: `,` before tab
        ('"Stage;one;two",Discover,Buy;now', ["Stage;one;two", "Discover", "Buy;now"]),  # quotes don't count
        ("Stage,Discover,Buy;Pay", ["Stage", "Discover", "Buy;Pay"]),  # the most frequent wins
    ],
)
def test_separator_is_the_most_frequent_in_the_header_outside_quotes(
    tmp_path: Path, header: str, expected: list[str]
) -> None:
    assert csv_file(tmp_path, f"{header}\r\n".encode()).rows == [expected]


def test_a_sep_line_names_the_separator_and_is_not_a_row(tmp_path: Path) -> None:
    sheet = csv_file(tmp_path, b"sep=,\r\nStage;Discover,Buy;Pay\r\n")
    assert sheet.rows == [["Stage;Discover", "Buy;Pay"]]


def test_line_breaks_in_cells_become_newlines_and_records_are_rows(tmp_path: Path) -> None:
    data = b'Stage;Discover;Buy\r\nSteps;"one\r\ntwo\rthree";x\r\nNeeds;"a\nb"\rOwner;cx\n'
    sheet = csv_file(tmp_path, data)
    assert sheet.rows == [["Stage", "Discover", "Buy"], ["Steps", "one\ntwo\nthree", "x"], ["Needs", "a\nb"],
                          ["Owner", "cx"]]
    # Row index is the record number, what the spreadsheet program shows as the row.
    assert cell_name(3, 1) == "B4" and sheet.rows[3][1] == "cx"


def test_ragged_rows_empty_rows_and_trailing_cells(tmp_path: Path) -> None:
    data = b"Stage;Discover;Buy;;\r\n;;;\r\nNeeds;;Pay\r\nSteps\r\n;;\r\n\r\n;;;;\r\n"
    sheet = csv_file(tmp_path, data)
    assert sheet.rows == [["Stage", "Discover", "Buy"], [], ["Needs", "", "Pay"], ["Steps"]]


def test_the_export_guard_is_taken_away(tmp_path: Path) -> None:
    data = b"Stage;'=SUM(A1);'+1 more;'@home;''quoted;'-1;'plain;=B5*2\r\n"
    sheet = csv_file(tmp_path, data)
    # `=B5*2` unguarded is text too: a CSV holds no formula, and nothing is evaluated.
    assert sheet.rows == [["Stage", "=SUM(A1)", "+1 more", "@home", "'quoted", "'-1", "'plain", "=B5*2"]]
    assert sheet.formulas == ()


def test_empty_csv_has_no_rows(tmp_path: Path) -> None:
    assert csv_file(tmp_path, b"").rows == []
    assert csv_file(tmp_path, b"\r\n;;\r\n").rows == []


# --- CSV: refused ------------------------------------------------------------------


def test_bytes_in_no_known_encoding_are_refused_with_the_utf8_hint(tmp_path: Path) -> None:
    error = refused_csv(tmp_path, fixture("sheet-unknown-encoding.csv"), "old.csv")
    assert str(error) == (
        "old.csv: line 3 holds byte 0x81, which is text neither in UTF-8 nor in Windows-1252: "
        "the file's encoding is not known."
    )
    assert "CSV UTF-8" in error.hint


def test_a_workbook_named_csv_is_refused_with_the_rename_hint(tmp_path: Path) -> None:
    error = refused_csv(tmp_path, fixture("sheet-renamed-workbook.csv"), "map.csv")
    assert str(error) == "map.csv is a zip file (an .xlsx workbook, perhaps), not a CSV file."
    assert error.hint == "If it is an Excel workbook, name it .xlsx and import it again."


def test_binary_data_is_refused(tmp_path: Path) -> None:
    error = refused_csv(tmp_path, b"Stage;Discover\r\nNeeds;\x00\x01\x02\x03")
    assert str(error) == "grid.csv: line 2 holds binary data (a NUL byte): this is not a CSV file."
    assert "CSV UTF-8" in error.hint


def test_an_old_xls_workbook_is_refused(tmp_path: Path) -> None:
    error = refused_csv(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old.csv")
    assert "old Excel workbook (.xls)" in str(error)
    assert ".xlsx" in error.hint


def test_a_broken_utf8_file_with_bom_is_refused(tmp_path: Path) -> None:
    error = refused_csv(tmp_path, b"\xef\xbb\xbfStage;Buy\nNeeds;caf\xe9\n")
    assert str(error) == "grid.csv: line 2 is not UTF-8 text, although the file begins as such."


def test_too_many_rows_are_refused_with_the_count(tmp_path: Path) -> None:
    data = b"".join(b"Lane %d;x\r\n" % row for row in range(3_000))
    error = refused_csv(tmp_path, data)
    assert str(error) == "grid.csv has 3,000 rows; a journey grid has at most 2,000."
    assert "one row per lane and one column per stage" in error.hint


def test_trailing_empty_rows_do_not_count(tmp_path: Path) -> None:
    data = b"Stage;Buy\r\n" + b";;\r\n" * 3_000
    assert csv_file(tmp_path, data).rows == [["Stage", "Buy"]]


def test_too_many_columns_are_refused_with_the_count(tmp_path: Path) -> None:
    data = b"Stage;" + b";".join(b"Stage %d" % column for column in range(4_999)) + b"\r\n"
    error = refused_csv(tmp_path, data)
    assert str(error) == "grid.csv: row 1 has 5,000 columns; a journey grid has at most 1,000."
    assert "one row per lane and one column per stage" in error.hint


def test_too_many_cells_are_refused_with_the_size(tmp_path: Path) -> None:
    row = b";".join([b"x"] * 100) + b"\r\n"
    error = refused_csv(tmp_path, row * 1_500)
    assert str(error) == (
        "grid.csv is 1,500 rows by 100 columns, 150,000 cells; a journey grid has at most 100,000."
    )


@pytest.mark.parametrize("quoted", [False, True])
def test_a_huge_cell_is_refused_with_its_name_and_length(tmp_path: Path, quoted: bool) -> None:
    cell = b"a" * 199_998 + b'""' if quoted else b"a" * 200_000
    cell = b'"' + cell + b'"' if quoted else cell
    data = b"Stage;Discover;Buy\r\nNeeds;" + cell + b";Pay\r\n"
    error = refused_csv(tmp_path, data)
    length = "199,999" if quoted else "200,000"
    assert str(error) == (
        f"grid.csv: cell B2 holds {length} characters; a cell of a journey grid holds at most 100,000."
    )


def test_a_cell_just_over_the_bound_is_refused_too(tmp_path: Path) -> None:
    error = refused_csv(tmp_path, b"Stage;Buy\r\nNeeds;x;" + b"a" * 100_001 + b"\r\n")
    assert str(error).startswith("grid.csv: cell C2 holds 100,001 characters;")


# --- .xlsx ---------------------------------------------------------------------------------


def test_workbook_with_merged_cells_formulas_numbers_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "grid.xlsx"
    path.write_bytes(fixture("sheet-merged-formulas.xlsx"))
    book = read_xlsx("grid.xlsx", path.read_bytes())
    assert book.title == "Journey grid"
    assert [sheet.name for sheet in book.sheets] == ["Map", "Objectives"]
    grid, objectives = book.sheets
    assert grid.encoding == "xlsx"
    assert grid.rows == [
        ["Stage", "Discover", "Compare", "Compare", "Buy"],  # C1:D1 merged
        ["Phase", "Awareness", "Awareness", "Consideration", "Decision"],  # B2:C2 merged
        [],
        ["Steps", "See an ad\nClick it", "Compare prices", "Read reviews", "Pay"],
        ["Emotions", "1", "=B5*2", "-1", "2.5"],
        ["Links", '=HYPERLINK("http://x","y")', "TRUE", "3", "2026-12-31"],
        ["Due", "2026-12-31T10:30", "Line one\nline two"],
        [],
        ["Owner", "cx"],
    ]  # the formatted empty F12 is no row
    assert grid.formulas == ("C5", "B6")
    assert grid.rows[4][2] == "=B5*2" and cell_name(4, 2) == "C5"
    # Text that only looks like a formula (as `cjmap export` writes it) is text.
    assert objectives.rows == [["Objective", "Target"], ["More visits", "10"], ["=SUM(1)"]]
    assert objectives.formulas == ()


def test_workbook_without_title_and_odd_values(tmp_path: Path) -> None:
    from datetime import datetime, time

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["x", 0.1 + 0.2, 1e20, -0.0, datetime(2026, 3, 1, 8, 5, 9), time(14, 30), False])
    path = tmp_path / "odd.xlsx"
    book.save(path)
    read = read_xlsx("odd.xlsx", path.read_bytes())
    assert read.title is None
    assert read.sheets[0].rows == [["x", "0.3", "1e+20", "0", "2026-03-01T08:05:09", "14:30", "FALSE"]]


def test_an_xlsx_sheet_with_too_many_rows_is_refused(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Map"
    for row in range(3_000):
        book.active.append([f"Lane {row}"])
    path = tmp_path / "big.xlsx"
    book.save(path)
    error = refused_xlsx(path)
    assert str(error) == "big.xlsx, sheet 'Map', has 3,000 rows; a journey grid has at most 2,000."
    assert "one row per lane and one column per stage" in error.hint


def test_an_xlsx_sheet_with_too_many_cells_is_refused(tmp_path: Path) -> None:
    path = with_sheet_xml(tmp_path, b"</sheetData>", b'<row r="1500"><c r="CV1500"><v>1</v></c></row></sheetData>')
    error = refused_xlsx(path)
    assert str(error) == (
        "book.xlsx, sheet 'Sheet', is 1,500 rows by 100 columns, 150,000 cells; a journey grid has at most 100,000."
    )


def test_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            zeros = bytes(1024 * 1024)
            for _ in range(200):
                part.write(zeros)
    assert path.stat().st_size < 1024 * 1024
    data = path.read_bytes()
    tracemalloc.start()
    try:
        with pytest.raises(SheetError) as caught:
            read_xlsx("bomb.xlsx", data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(caught.value)
    assert message.startswith("bomb.xlsx: the part xl/worksheets/sheet1.xml would unpack from 0.2 MB to 200.0 MB")
    assert "this is a zip bomb, not a workbook" in message
    assert peak < 5 * 1024 * 1024  # refused from the zip's directory: nothing was unpacked


def test_a_workbook_that_unpacks_too_large_is_refused(tmp_path: Path) -> None:
    import os

    noise = os.urandom(26 * 1024 * 1024)  # random bytes do not pack: no bomb, just too big
    path = rezipped(grid_workbook(), {"xl/media/a.bin": noise, "xl/media/b.bin": noise}, tmp_path)
    error = refused_xlsx(path)
    assert str(error).startswith("book.xlsx unpacks to 52.0 MB; a workbook cjmap reads unpacks to at most 50.0 MB.")


def test_too_many_parts_are_refused(tmp_path: Path) -> None:
    path = rezipped(grid_workbook(), {f"customXml/item{n}.xml": b"<a/>" for n in range(1_000)}, tmp_path)
    error = refused_xlsx(path)
    assert "has 1,0" in str(error) and "at most 1,000" in str(error)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>
"""


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    path = rezipped(grid_workbook(), {"xl/sharedStrings.xml": BILLION_LAUGHS}, tmp_path)
    error = refused_xlsx(path)
    assert str(error) == (
        "book.xlsx: the part xl/sharedStrings.xml declares a DOCTYPE or an ENTITY, which an .xlsx "
        "workbook never does (it is how an XML bomb multiplies itself)."
    )


def test_a_doctype_across_two_reads_is_refused(tmp_path: Path) -> None:
    # The declaration begins a few bytes before the end of the first 64 KiB read.
    padding = b"<!--" + b"x" * (64 * 1024 - 12) + b"-->"
    path = rezipped(grid_workbook(), {"xl/sharedStrings.xml": padding + b"<!DOCTYPE a><a/>"}, tmp_path)
    assert "declares a DOCTYPE or an ENTITY" in str(refused_xlsx(path))


def test_a_doctype_in_a_part_that_is_not_xml_is_refused(tmp_path: Path) -> None:
    path = rezipped(grid_workbook(), {"xl/media/image1.bin": b"\x89PNG..<!ENTITY a 'b'>"}, tmp_path)
    assert "declares a DOCTYPE or an ENTITY" in str(refused_xlsx(path))


def test_a_merged_range_over_the_whole_sheet_is_refused_before_openpyxl(tmp_path: Path) -> None:
    # openpyxl would make seventeen billion cells for it.
    path = with_sheet_xml(tmp_path, b"</sheetData>", b'</sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>')
    error = refused_xlsx(path)
    assert str(error) == (
        "book.xlsx: the part xl/worksheets/sheet1.xml holds more than 1,000 merged ranges or 100,000 "
        "merged cells, more than a journey grid needs."
    )


def test_a_hyperlink_over_a_whole_column_is_refused_before_openpyxl(tmp_path: Path) -> None:
    path = with_sheet_xml(tmp_path, b"</sheetData>", b'</sheetData><hyperlinks><hyperlink ref="A:A" display="x"/></hyperlinks>')
    assert "more than 1,000 links or 100,000 linked cells" in str(refused_xlsx(path))


def test_too_many_xml_elements_are_refused(tmp_path: Path) -> None:
    cells = b"<row>" + b"<c/>" * 1_000 + b"</row>"
    path = with_sheet_xml(tmp_path, b"</sheetData>", cells * 201 + b"</sheetData>")
    assert "holds more than 200,000 XML elements" in str(refused_xlsx(path))


def test_a_zip_without_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    error = refused_xlsx(path)
    assert str(error) == "notes.xlsx is not an .xlsx workbook: it is a zip file without a workbook.xml part."
    assert "Excel workbook (.xlsx)" in error.hint


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "grid.xlsx"
    path.write_bytes(fixture("sheet-excel-es.csv"))
    error = refused_xlsx(path)
    assert str(error) == "grid.xlsx is not an .xlsx workbook: it is not a zip file, which every .xlsx workbook is."


def test_a_truncated_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(fixture("sheet-merged-formulas.xlsx")[:3_000])
    error = refused_xlsx(path)
    assert str(error) == "cut.xlsx cannot be read as an .xlsx workbook: the file is cut short or damaged."


def test_a_damaged_part_is_refused(tmp_path: Path) -> None:
    data = bytearray(grid_workbook())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    entry = archive.getinfo("xl/styles.xml")
    start = entry.header_offset + 30 + len(entry.filename) + len(entry.extra)
    for offset in range(start + 10, start + 40):
        data[offset] ^= 0xFF
    path = tmp_path / "broken.xlsx"
    path.write_bytes(bytes(data))
    error = refused_xlsx(path)
    assert str(error).startswith("broken.xlsx cannot be read as an .xlsx workbook: its part xl/styles.xml is damaged")


def test_xml_that_openpyxl_cannot_read_is_a_sheet_error(tmp_path: Path) -> None:
    path = with_sheet_xml(tmp_path, b"</sheetData>", b"</sheetData><oops")
    error = refused_xlsx(path)
    assert str(error).startswith("book.xlsx cannot be read as an .xlsx workbook:")
    assert "Traceback" not in str(error)


def test_openpyxl_warnings_do_not_reach_the_user(tmp_path: Path) -> None:
    path = with_sheet_xml(
        tmp_path,
        b"</sheetData>",
        b'</sheetData><dataValidations count="1"><dataValidation type="list" sqref="B2" '
        b'allowBlank="1"><formula1>"a,b"</formula1></dataValidation></dataValidations>'
        b'<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}"/></extLst>',
    )
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        book = read_xlsx("book.xlsx", path.read_bytes())
    assert book.sheets[0].rows == [["Stage", "Discover", "Buy"], ["Needs", "Know the price", "Pay"]]


def test_a_broken_utf16_file_is_refused_at_its_line(tmp_path: Path) -> None:
    data = "Etapa\tCompra\r\nNecessitats\tPagar\r\n".encode("utf-16") + b"\x00\xd8"  # half a surrogate pair
    error = refused_csv(tmp_path, data)
    assert str(error) == "grid.csv: line 3 is not UTF-16 text, although the file begins as such."


def test_a_first_cell_that_only_begins_like_a_sep_line_is_a_cell(tmp_path: Path) -> None:
    assert csv_file(tmp_path, b"sep=,x;y\r\n").rows == [["sep=,x", "y"]]


def test_a_huge_xlsx_cell_is_refused_with_its_sheet_and_name(tmp_path: Path) -> None:
    # openpyxl writes at most Excel's 32,767 characters; another program may write more.
    text = b"".join(b"%07d " % n for n in range(18_750))  # 150,000 characters that do not pack 200:1
    cell = b'<row r="4"><c r="C4" t="inlineStr"><is><t>' + text + b"</t></is></c></row>"
    path = with_sheet_xml(tmp_path, b"</sheetData>", cell + b"</sheetData>")
    error = refused_xlsx(path)
    assert str(error) == (
        "book.xlsx, sheet 'Sheet': cell C4 holds 150,000 characters; a cell of a journey grid holds at most 100,000."
    )
