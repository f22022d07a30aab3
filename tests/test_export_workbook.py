"""The grid written as CSV and as a styled .xlsx (`cjmap.transfer.workbook`),
read back with the csv module and openpyxl."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile

import openpyxl
import pytest

from cjmap import theme
from cjmap.transfer.workbook import (
    COLUMN_MAX,
    COLUMN_MIN,
    ZIP_TIME,
    Table,
    csv_bytes,
    sheet_names,
    xlsx_bytes,
)

LONG_LINE = "A long step that a customer takes, written out in full so that it needs a wide column to be read"
MAP = Table(
    name="Journey map",
    rows=[
        ["Stage", "Discover", "Compare", "Buy"],
        ["Steps", "Sees an ad", LONG_LINE, "Pays\nGets a receipt"],
        ["Emotions", -2, 0, 2],
        ["Pain points", "Too many fees\nSlow site", None, "Queue"],
    ],
    kinds=["stage", "steps", "emotions", "pain_points"],
)
OBJECTIVES = Table(
    name="Objectives",
    rows=[
        ["Objective", "Target", "Baseline", "Due"],
        ["Reach people", 10, 2.5, datetime.date(2027, 1, 31)],
        ["More sales", 0.25, None, None],
    ],
    kinds=["header", "objective", "objective"],
)
ATTACKS = ["=1+1", "+cmd", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=x", "\r=x"]


def read(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def rgb(colour: str) -> str:
    """A theme colour as openpyxl reads it back."""
    return "FF" + colour[1:].upper()


def sheet_xml(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")}


def one_row_map(*cells: object, kind: str = "steps") -> Table:
    header = ["Stage", *(f"Stage {n}" for n in range(1, len(cells) + 1))]
    return Table(name="Map", rows=[header, ["Steps", *cells]], kinds=["stage", kind])


# --- .xlsx: content ---------------------------------------------------------


def test_xlsx_has_one_sheet_per_table_in_order() -> None:
    book = read(xlsx_bytes([MAP, OBJECTIVES], title="Online banking"))
    assert book.sheetnames == ["Journey map", "Objectives"]


def test_xlsx_keeps_values_and_their_types() -> None:
    book = read(xlsx_bytes([MAP, OBJECTIVES], title="Online banking"))
    journey, objectives = book["Journey map"], book["Objectives"]
    assert [[cell.value for cell in row] for row in journey.iter_rows()] == MAP.rows
    assert journey["B3"].value == -2 and type(journey["B3"].value) is int
    assert journey["D2"].value == "Pays\nGets a receipt"
    assert journey["C4"].value is None
    assert objectives["B2"].value == 10 and type(objectives["B2"].value) is int
    assert objectives["C2"].value == 2.5
    assert objectives["B3"].value == 0.25
    assert objectives["D2"].value == datetime.datetime(2027, 1, 31)
    assert objectives["D2"].is_date
    assert objectives["D2"].number_format == "yyyy-mm-dd"
    assert objectives["C3"].value is None


def test_xlsx_text_that_looks_like_an_error_value_stays_text() -> None:
    sheet = read(xlsx_bytes([one_row_map("#N/A", "#DIV/0!")], title="t"))["Map"]
    assert (sheet["B2"].value, sheet["B2"].data_type) == ("#N/A", "s")
    assert (sheet["C2"].value, sheet["C2"].data_type) == ("#DIV/0!", "s")


# --- .xlsx: look ------------------------------------------------------------


def test_xlsx_every_cell_wraps_and_sits_top_left() -> None:
    book = read(xlsx_bytes([MAP, OBJECTIVES], title="t"))
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.alignment.wrap_text is True, cell.coordinate
                assert (cell.alignment.horizontal, cell.alignment.vertical) == ("left", "top"), cell.coordinate


def test_xlsx_freezes_the_first_row_and_column() -> None:
    book = read(xlsx_bytes([MAP, OBJECTIVES], title="t"))
    assert [sheet.freeze_panes for sheet in book] == ["B2", "B2"]


def test_xlsx_header_row_is_filled_bold_in_white() -> None:
    book = read(xlsx_bytes([MAP, OBJECTIVES], title="t"))
    for sheet in book:
        for cell in sheet[1]:
            assert cell.fill.fill_type == "solid", cell.coordinate
            assert cell.fill.fgColor.rgb == rgb(theme.PALETTE["stage_fill"]), cell.coordinate
            assert cell.font.bold is True, cell.coordinate
            assert cell.font.color.rgb == "FFFFFFFF", cell.coordinate


def test_xlsx_label_column_is_filled_lighter_and_bold() -> None:
    book = read(xlsx_bytes([MAP, OBJECTIVES], title="t"))
    for sheet in book:
        for row in sheet.iter_rows(min_row=2, max_col=1):
            cell = row[0]
            assert cell.fill.fgColor.rgb == rgb(theme.PALETTE["lane_fill"]), cell.coordinate
            assert cell.font.bold is True, cell.coordinate
            assert cell.font.color.rgb == rgb(theme.PALETTE["ink"]), cell.coordinate


def test_xlsx_other_cells_are_not_filled() -> None:
    sheet = read(xlsx_bytes([MAP], title="t"))["Journey map"]
    assert sheet["B2"].fill.fill_type is None
    assert sheet["D4"].fill.fill_type is None


def test_xlsx_emotion_cells_take_their_score_colour() -> None:
    sheet = read(xlsx_bytes([MAP], title="t"))["Journey map"]
    for coordinate, score in (("B3", -2), ("C3", 0), ("D3", 2)):
        assert sheet[coordinate].fill.fill_type == "solid"
        assert sheet[coordinate].fill.fgColor.rgb == rgb(theme.SCORE[score]), coordinate
        assert sheet[coordinate].font.bold is False
    # White reads on the red and the green, the dark ink on the amber.
    assert sheet["B3"].font.color.rgb == "FFFFFFFF"
    assert sheet["C3"].font.color.rgb == rgb(theme.PALETTE["ink"])
    assert sheet["D3"].font.color.rgb == "FFFFFFFF"
    assert sheet["A3"].fill.fgColor.rgb == rgb(theme.PALETTE["lane_fill"])


def test_xlsx_every_score_colour_has_readable_ink() -> None:
    assert {score: theme.ink_on(colour) for score, colour in theme.SCORE.items()} == {
        -2: "#ffffff", -1: theme.PALETTE["ink"], 0: theme.PALETTE["ink"], 1: theme.PALETTE["ink"], 2: "#ffffff",
    }


def test_xlsx_fills_only_scores_in_the_emotions_row() -> None:
    emotions = Table(name="Map", rows=[["Stage", "A", "B", "C"], ["Emotions", 3, "2", None]],
                     kinds=["stage", "emotions"])
    steps = one_row_map(-2, 2)
    emotions_sheet = read(xlsx_bytes([emotions], title="t"))["Map"]
    steps_sheet = read(xlsx_bytes([steps], title="t"))["Map"]
    assert [emotions_sheet[c].fill.fill_type for c in ("B2", "C2", "D2")] == [None, None, None]
    assert [steps_sheet[c].fill.fill_type for c in ("B2", "C2")] == [None, None]


def test_xlsx_columns_fit_their_longest_line_within_bounds() -> None:
    sheet = read(xlsx_bytes([MAP, OBJECTIVES], title="t"))["Journey map"]
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCD"}
    # "Pain points" is 11 characters, "Too many fees" 13, "Gets a receipt" 14: a cell's longest
    # line, not the whole cell; 2 characters of margin.
    assert widths == {"A": 13, "B": 15, "C": COLUMN_MAX, "D": 16}
    assert all(COLUMN_MIN <= width <= COLUMN_MAX for width in widths.values())


def test_xlsx_short_columns_get_the_minimum_width() -> None:
    sheet = read(xlsx_bytes([OBJECTIVES], title="t"))["Objectives"]
    # "Reach people" is 12 characters; "Target", numbers and dates are short.
    assert [sheet.column_dimensions[letter].width for letter in "ABCD"] == [14, COLUMN_MIN, COLUMN_MIN, 12]


def test_xlsx_wide_characters_count_twice() -> None:
    sheet = read(xlsx_bytes([one_row_map("顧客の旅")], title="t"))["Map"]
    assert sheet.column_dimensions["B"].width == 10  # 8 columns + margin
    sheet = read(xlsx_bytes([one_row_map("顧客の旅顧客の旅")], title="t"))["Map"]
    assert sheet.column_dimensions["B"].width == 18


def test_xlsx_leaves_row_heights_to_the_reader() -> None:
    data = xlsx_bytes([MAP], title="t")
    sheet = read(data)["Journey map"]
    assert all(sheet.row_dimensions[n].height is None for n in range(1, 5))
    assert "customHeight" not in sheet_xml(data)["xl/worksheets/sheet1.xml"]


def test_xlsx_prints_landscape_one_page_wide() -> None:
    sheet = read(xlsx_bytes([MAP], title="t"))["Journey map"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.print_title_cols == "$A:$A"
    assert sheet.print_options.gridLines is True


def test_xlsx_properties_name_the_journey_and_cjmap() -> None:
    properties = read(xlsx_bytes([MAP], title="Online banking – Spain")).properties
    assert properties.title == "Online banking – Spain"
    assert properties.creator == "cjmap"
    assert properties.created == datetime.datetime(2000, 1, 1)
    assert properties.modified == datetime.datetime(2000, 1, 1)


def test_xlsx_same_tables_give_the_same_bytes() -> None:
    first = xlsx_bytes([MAP, OBJECTIVES], title="Online banking")
    assert xlsx_bytes([MAP, OBJECTIVES], title="Online banking") == first
    # Nothing in the file depends on the clock: every entry carries the zip epoch.
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {ZIP_TIME}
        core = archive.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core) == [
        ("created", "2000-01-01T00:00:00Z"), ("modified", "2000-01-01T00:00:00Z"),
    ]


# --- CSV --------------------------------------------------------------------


def test_csv_starts_with_a_bom_and_ends_lines_with_crlf() -> None:
    data = csv_bytes(MAP)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.startswith(b"\xef\xbb\xbfStage,Discover,Compare,Buy\r\n")
    assert data.endswith(b"\r\n")
    assert data.count(b"\r\n") == len(MAP.rows)


def test_csv_quotes_multi_line_cells() -> None:
    # Quoted for its line break; the long line for its comma.
    assert f'Steps,Sees an ad,"{LONG_LINE}","Pays\nGets a receipt"\r\n'.encode() in csv_bytes(MAP)
    assert b'Pain points,"Too many fees\nSlow site",,Queue\r\n' in csv_bytes(MAP)


def test_csv_reads_back_as_the_rows_as_text() -> None:
    text = csv_bytes(MAP).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["Stage", "Discover", "Compare", "Buy"],
        ["Steps", "Sees an ad", LONG_LINE, "Pays\nGets a receipt"],
        ["Emotions", "-2", "0", "2"],
        ["Pain points", "Too many fees\nSlow site", "", "Queue"],
    ]


def test_csv_with_semicolons() -> None:
    data = csv_bytes(MAP, separator=";")
    assert data.startswith(b"\xef\xbb\xbfStage;Discover;Compare;Buy\r\n")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[1] == ["Steps", "Sees an ad", LONG_LINE, "Pays\nGets a receipt"]


def test_csv_writes_numbers_dates_and_empty_cells_plainly() -> None:
    table = Table(name="Objectives", rows=[["Objective", "A", "B", "C", "D", "E", "F"],
                                           ["Reach", 10, 2.0, 2.5, -1, datetime.date(2027, 1, 31), None]],
                  kinds=["header", "objective"])
    assert csv_bytes(table).decode("utf-8-sig").splitlines()[1] == "Reach,10,2,2.5,-1,2027-01-31,"


def test_csv_keeps_accents() -> None:
    table = one_row_map("Compra en línea", "Atenció al client")
    assert "Compra en línea,Atenció al client" in csv_bytes(table).decode("utf-8-sig")


@pytest.mark.parametrize("separator", ["", ";;", '"', "\n"])
def test_csv_refuses_a_separator_that_cannot_be_one(separator: str) -> None:
    with pytest.raises(ValueError, match="one character"):
        csv_bytes(MAP, separator=separator)


# --- formulas (CSV injection) -----------------------------------------------


@pytest.mark.parametrize("text", ATTACKS)
def test_csv_guards_text_a_spreadsheet_would_run(text: str) -> None:
    data = csv_bytes(one_row_map(text)).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(data, newline="")))[1] == ["Steps", "'" + text]


def test_csv_guards_text_that_begins_with_the_guard() -> None:
    data = csv_bytes(one_row_map("'quoted")).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(data, newline="")))[1] == ["Steps", "''quoted"]


def test_csv_leaves_numbers_unguarded() -> None:
    data = csv_bytes(one_row_map(-1, "-1", "+2", "-2.5")).decode("utf-8-sig")
    assert data.splitlines()[1] == "Steps,-1,-1,+2,-2.5"


def test_xlsx_never_writes_a_formula() -> None:
    data = xlsx_bytes([one_row_map(*ATTACKS, "'quoted", -1, "-1")], title="=HYPERLINK(\"x\")")
    sheet = read(data)["Map"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    for name, xml in sheet_xml(data).items():
        assert "<f>" not in xml and "<f " not in xml, name


def test_xlsx_stores_attacks_as_text_flagged_quote_prefix() -> None:
    sheet = read(xlsx_bytes([one_row_map(*ATTACKS)], title="t"))["Map"]
    cells = sheet[2][1:]
    # Stored as written, without the CSV guard; a carriage return is a line break.
    assert [cell.value for cell in cells] == [*ATTACKS[:-1], "\n=x"]
    assert [cell.data_type for cell in cells] == ["s"] * len(ATTACKS)
    assert [cell.quotePrefix for cell in cells] == [True] * len(ATTACKS)


def test_xlsx_leaves_plain_text_and_numbers_unflagged() -> None:
    sheet = read(xlsx_bytes([one_row_map("'quoted", -1, "-1", "Sees an ad")], title="t"))["Map"]
    assert [cell.value for cell in sheet[2][1:]] == ["'quoted", -1, "-1", "Sees an ad"]
    assert [cell.data_type for cell in sheet[2][1:]] == ["s", "n", "s", "s"]
    assert [cell.quotePrefix for cell in sheet[2][1:]] == [False] * 4


# --- names and unwritable text ----------------------------------------------


def test_sheet_names_are_cut_to_31_characters() -> None:
    name = "Online banking journey for new customers in Spain"
    assert sheet_names([name]) == ["Online banking journey for new"]  # 31 characters, then the space goes
    assert len(sheet_names(["x" * 40])[0]) == 31


def test_sheet_names_lose_the_characters_excel_forbids() -> None:
    assert sheet_names(["Q1/Q2: [draft] *final*? a\\b"]) == ["Q1-Q2- -draft- -final-- a-b"]
    assert sheet_names(["'Map'", "Line\nbreak\ttab", "", " '' "]) == ["Map", "Line break tab", "Sheet", "Sheet (2)"]


def test_sheet_names_are_made_unique_without_case() -> None:
    assert sheet_names(["Map", "map", "MAP", "Map (2)"]) == ["Map", "map (2)", "MAP (3)", "Map (2) (2)"]
    long = "y" * 40
    assert sheet_names([long, long]) == ["y" * 31, "y" * 27 + " (2)"]
    assert sheet_names(["History", "history"]) == ["History (2)", "history (3)"]


def test_sheet_names_count_characters_as_excel_does() -> None:
    # An emoji is two of Excel's characters (UTF-16 units): never cut in half.
    assert sheet_names(["😀" * 20]) == ["😀" * 15]


def test_xlsx_uses_the_sanitised_sheet_names() -> None:
    objectives = Table(name="objectives", rows=OBJECTIVES.rows, kinds=OBJECTIVES.kinds)
    named = Table(name="Journey: map / 2027 [draft] for the new customers", rows=MAP.rows, kinds=MAP.kinds)
    book = read(xlsx_bytes([named, OBJECTIVES, objectives], title="t"))
    assert book.sheetnames == ["Journey- map - 2027 -draft- for", "Objectives", "objectives (2)"]


def test_xlsx_removes_control_characters_and_keeps_tabs_and_line_breaks() -> None:
    text = "Pays\x00 the\x07 fee\x1b\x0b\x0c\ttwice\nthen\r\nleaves\ufffe"
    sheet = read(xlsx_bytes([one_row_map(text, "\x01=1+1")], title="Title\x02 here"))["Map"]
    assert sheet["B2"].value == "Pays the fee\ttwice\nthen\nleaves"
    assert (sheet["C2"].value, sheet["C2"].data_type, sheet["C2"].quotePrefix) == ("=1+1", "s", True)
    assert sheet.parent.properties.title == "Title here"


def test_csv_keeps_control_characters() -> None:
    data = csv_bytes(one_row_map("Pays\x07 the fee")).decode("utf-8-sig")
    assert data.splitlines()[1] == "Steps,Pays\x07 the fee"


def test_lone_surrogates_are_removed() -> None:
    table = one_row_map("Pays\ud800 the fee")
    assert "Steps,Pays the fee\r\n" in csv_bytes(table).decode("utf-8-sig")
    assert read(xlsx_bytes([table], title="t"))["Map"]["B2"].value == "Pays the fee"


def test_xlsx_cuts_text_longer_than_excel_holds() -> None:
    sheet = read(xlsx_bytes([one_row_map("x" * 40_000, "y" * 32_767)], title="t"))["Map"]
    assert sheet["B2"].value == "x" * 32_766 + "…"
    assert sheet["C2"].value == "y" * 32_767


def test_xlsx_sheet_name_with_an_apostrophe_keeps_its_print_titles() -> None:
    table = Table(name="Bob's map & <notes>", rows=MAP.rows, kinds=MAP.kinds)
    sheet = read(xlsx_bytes([table], title="t"))["Bob's map & <notes>"]
    assert (sheet.print_title_rows, sheet.print_title_cols) == ("$1:$1", "$A:$A")
