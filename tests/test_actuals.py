"""The actuals file of `cjmap report --actuals`: CSV and YAML, the latest
measurement wins, and every mistake reported at once at its line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cjmap.errors import CjmapError
from cjmap.limits import Limits
from cjmap.report import actuals
from cjmap.report.actuals import ActualsError, read_actuals
from cjmap.report.data import Actual

KNOWN = ("reach", "signups", "nps")
CSV_HINT = actuals.CSV_HINT
YAML_HINT = actuals.YAML_HINT
UNIT = "(the unit is set on the objective in the journey)"
LONG_FORM = "`reach: {value: 35, date: 2027-03-31}`"
NO_MEASUREMENT = "is not a measurement; write a number such as 35 or 3.5"
NOT_A_NUMBER = "is not a number; write a number such as 35 or 3.5, without unit, currency or spaces"


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return str(path)


def error(path: str, known: tuple[str, ...] = KNOWN) -> ActualsError:
    with pytest.raises(ActualsError) as caught:
        read_actuals(path, known)
    return caught.value


def problems(tmp_path: Path, name: str, content: str | bytes) -> list[tuple[int, str]]:
    return error(write(tmp_path, name, content)).problems


# --- good CSV ---------------------------------------------------------------------


def test_csv_reads_values_dates_and_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "actuals.csv",
        "objective,value,date\nreach,35,2027-03-31\nsignups,3.5,2027-03-01\nnps,-2,\n",
    )
    assert read_actuals(path, KNOWN) == {
        "reach": Actual(35, date(2027, 3, 31), 2),
        "signups": Actual(3.5, date(2027, 3, 1), 3),
        "nps": Actual(-2, None, 4),
    }


def test_csv_numbers_are_written_the_english_way(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "objective,value\nreach,1e3\nsignups,+4\nnps,.5\n")
    result = read_actuals(path, KNOWN)
    assert {k: a.value for k, a in result.items()} == {"reach": 1000.0, "signups": 4, "nps": 0.5}
    assert isinstance(result["signups"].value, int)


def test_csv_latest_date_wins_whatever_the_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.csv",
        "objective,value,date\n"
        "reach,10,2027-01-31\n"
        "reach,30,2027-03-31\n"
        "reach,20,2027-02-28\n",
    )
    assert read_actuals(path, KNOWN) == {"reach": Actual(30, date(2027, 3, 31), 3)}


def test_csv_dated_row_wins_over_undated_one(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.csv",
        "objective,value,date\nreach,10,2027-01-31\nreach,99,\nsignups,99,\nsignups,5,2020-01-01\n",
    )
    assert read_actuals(path, KNOWN) == {
        "reach": Actual(10, date(2027, 1, 31), 2),
        "signups": Actual(5, date(2020, 1, 1), 5),
    }


def test_csv_equal_dates_and_undated_rows_the_lower_row_wins(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.csv",
        "objective,value,date\n"
        "reach,1,2027-03-31\nreach,2,2027-03-31\n"
        "nps,1,\nnps,2,\nnps,3,\n",
    )
    assert read_actuals(path, KNOWN) == {
        "reach": Actual(2, date(2027, 3, 31), 3),
        "nps": Actual(3, None, 6),
    }


def test_csv_without_date_column(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "objective,value\nreach,1\nreach,2\n")
    assert read_actuals(path, KNOWN) == {"reach": Actual(2, None, 3)}


def test_csv_blank_lines_bom_crlf_and_spaces(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf\r\nobjective, value ,date\r\n\r\nreach, 35 ,2027-03-31\r\n  ,  ,  \r\nnps,\"4\",\r\n"
    path = write(tmp_path, "a.csv", raw)
    assert read_actuals(path, KNOWN) == {
        "reach": Actual(35, date(2027, 3, 31), 4),
        "nps": Actual(4, None, 6),
    }


def test_csv_header_is_read_whatever_the_case_and_order(tmp_path: Path) -> None:
    path = write(tmp_path, "A.CSV", "Date,Value,Objective\n2027-03-31,35,reach\n")
    assert read_actuals(path, KNOWN) == {"reach": Actual(35, date(2027, 3, 31), 2)}


def test_csv_header_only_has_no_values(tmp_path: Path) -> None:
    assert read_actuals(write(tmp_path, "a.csv", "objective,value,date\n"), KNOWN) == {}


# --- good YAML --------------------------------------------------------------------


def test_yaml_numbers_and_long_form(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "actuals.yaml",
        "# measured in March\n"
        "reach: 35\n"
        "nps: -2.5\n"
        "signups: {value: 1e3, date: 2027-03-31}\n",
    )
    assert read_actuals(path, KNOWN) == {
        "reach": Actual(35, None, 2),
        "nps": Actual(-2.5, None, 3),
        "signups": Actual(1000.0, date(2027, 3, 31), 4),
    }


def test_yml_block_long_form_without_date_and_quoted_number(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "actuals.yml",
        "signups:\n  value: 120\n  date: 2027-03-31\nreach:\n  value: 7\nnps: '4'\n",
    )
    assert read_actuals(path, KNOWN) == {
        "signups": Actual(120, date(2027, 3, 31), 1),
        "reach": Actual(7, None, 4),
        "nps": Actual(4, None, 6),
    }


def test_yaml_empty_mapping_has_no_values(tmp_path: Path) -> None:
    assert read_actuals(write(tmp_path, "a.yaml", "{}\n"), KNOWN) == {}


# --- the file itself ---------------------------------------------------------------


def test_error_is_a_cjmap_error_with_exit_code_1() -> None:
    assert issubclass(ActualsError, CjmapError)
    assert ActualsError.exit_code == 1


def test_missing_file(tmp_path: Path) -> None:
    path = str(tmp_path / "nope.csv")
    err = error(path)
    assert str(err) == f"cannot read {path}: no such file"
    assert err.problems == [(0, f"cannot read {path}: no such file")]
    assert err.hint == "check the path given to --actuals"


def test_folder_instead_of_file(tmp_path: Path) -> None:
    (tmp_path / "data.csv").mkdir()
    path = str(tmp_path / "data.csv")
    assert str(error(path)) == f"cannot read {path}: this is a folder, not a file"


@pytest.mark.parametrize(
    ("name", "ending"),
    [("actuals.txt", "this one ends in `.txt`"), ("actuals", "this one has no suffix")],
)
def test_other_suffixes_are_not_read(tmp_path: Path, name: str, ending: str) -> None:
    path = write(tmp_path, name, "reach: 35\n")
    err = error(path)
    assert str(err) == f"cannot read {path}: an actuals file must end in .csv, .yaml or .yml; {ending}"
    assert err.hint == actuals.FILE_HINT


def test_too_large_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "objective,value\nreach,35\n")
    with pytest.raises(ActualsError) as raised:
        read_actuals(path, KNOWN, Limits(max_file_bytes=20))
    assert str(raised.value) == (
        f"{path}:1: the file is larger than 20 bytes; keep only the measurements the report needs"
    )


@pytest.mark.parametrize("name", ["a.csv", "a.yaml"])
def test_not_utf8_names_the_line(tmp_path: Path, name: str) -> None:
    content = b"objective,value\nr\xe9ach,35\n" if name.endswith("csv") else b"reach: 35\nr\xe9ach: 3\n"
    offset = content.index(b"\xe9")
    assert problems(tmp_path, name, content) == [
        (
            2,
            (f"the file is not UTF-8 text: byte 0xE9 at offset {offset} cannot be read; "
            "save the file with UTF-8 encoding (most editors offer it in 'Save as')"),
        )
    ]


# --- CSV header -------------------------------------------------------------------

EXPECTED = "the first line must be `objective,value,date`, or `objective,value` without dates"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("objective,valeu,date", "the header `objective,valeu,date` is wrong: `valeu` should be `value`"),
        ("objective,value,date,note", "the header `objective,value,date,note` is wrong: remove the column `note`"),
        ("objective,date", "the header `objective,date` is wrong: add the column `value`"),
        ("objective,value,value", "the header `objective,value,value` is wrong: `value` appears twice"),
        ("objective,value,", "the header `objective,value,` is wrong: remove the empty column (an extra comma)"),
        (
            "objective_id,amount,date",
            ("the header `objective_id,amount,date` is wrong: `objective_id` should be `objective`; "
            "remove the column `amount`; add the column `value`"),
        ),
    ],
)
def test_wrong_header(tmp_path: Path, header: str, message: str) -> None:
    assert problems(tmp_path, "a.csv", header + "\n") == [(1, f"{message}; {EXPECTED}")]


def test_misspelled_header_still_checks_the_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "\nobjective,valeu,note\nreach,35,x\nreech,4,y\n")
    err = error(path)
    assert str(err) == (
        f"{path}:2: the header `objective,valeu,note` is wrong: `valeu` should be `value`; "
        f"remove the column `note`; {EXPECTED}\n"
        f"{path}:4: the journey has no objective `reech`; did you mean `reach`?"
    )
    assert err.hint == CSV_HINT


def test_missing_header(tmp_path: Path) -> None:
    assert problems(tmp_path, "a.csv", "reach,35,2027-03-31\n") == [
        (1, f"the file has no header: {EXPECTED}, not `reach,35,2027-03-31`")
    ]


def test_semicolons_instead_of_commas(tmp_path: Path) -> None:
    assert problems(tmp_path, "a.csv", "objective;value;date\nreach;3,5;2027-03-31\n") == [
        (
            1,
            (f"the columns are separated by `;`, not commas; {EXPECTED} "
            '(save the file as "CSV, comma-separated")'),
        )
    ]


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_empty_csv(tmp_path: Path, content: str) -> None:
    assert problems(tmp_path, "a.csv", content) == [
        (1, "the file is empty; the first line must be the header `objective,value,date`")
    ]


# --- CSV rows ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("reach,3%,", "the value `3%` of `reach` has a percent sign; write 3 " + UNIT),
        ("reach,3.5 %,", "the value `3.5 %` of `reach` has a percent sign; write 3.5 " + UNIT),
        ('reach,"3,5",', "the value `3,5` of `reach` uses a decimal comma; write 3.5 with a decimal point"),
        ("reach,3,5", "the value `3,5` of `reach` uses a decimal comma; write 3.5 with a decimal point"),
        ("reach,3,5,2027-03-31", "the value `3,5` of `reach` uses a decimal comma; write 3.5 with a decimal point"),
        ('reach,"3,5%",', "the value `3,5%` of `reach` has a percent sign; write 3.5 " + UNIT),
        (
            'reach,"1,000",',
            ("the value `1,000` of `reach` has a comma; write 1000 without the thousands separator, "
            "or 1.000 if the comma is a decimal comma"),
        ),
        (
            "reach,35 EUR,",
            ("the value `35 EUR` of `reach` is not a number; write a number such as 35 or 3.5, "
            "without unit, currency or spaces"),
        ),
        ("reach,,2027-03-31", "`reach` has no value; write a number such as 35 or 3.5, or remove the row"),
        ("reach", "`reach` has no value; write a number such as 35 or 3.5, or remove the row"),
        (",35,", "this row has no objective; write the objective's `id` in the `objective` column"),
        (
            "reach,35,31/03/2027",
            "the date `31/03/2027` of `reach` is not a date; write dates as YYYY-MM-DD, e.g. 2027-03-31",
        ),
        (
            "reach,35,2027-02-30",
            "the date `2027-02-30` of `reach` does not exist; check the month and the day (YYYY-MM-DD)",
        ),
        ("reech,35,", "the journey has no objective `reech`; did you mean `reach`?"),
        ("churn,35,", "the journey has no objective `churn`; use the `id` of one of its objectives"),
        (
            "reach,35,2027-03-31,extra",
            ("this row has 4 columns but the header has 3; remove the extra ones "
            "(put text that contains a comma in quotes)"),
        ),
    ],
)
def test_csv_row_problem(tmp_path: Path, row: str, message: str) -> None:
    path = write(tmp_path, "a.csv", f"objective,value,date\nnps,1,\n{row}\n")
    err = error(path)
    assert err.problems == [(3, message)]
    assert str(err) == f"{path}:3: {message}"
    assert err.hint == CSV_HINT


def test_csv_date_without_date_column(tmp_path: Path) -> None:
    assert problems(tmp_path, "a.csv", "objective,value\nreach,35,2027-03-31\n") == [
        (2, "this row has a date but the header has no `date` column; write the first line as `objective,value,date`")
    ]


def test_csv_journey_without_objectives(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "objective,value\nreach,35\n")
    assert error(path, known=()).problems == [
        (2, "the journey has no objective `reach`, nor any other; add objectives to the journey, or remove this row")
    ]


def test_csv_quotes(tmp_path: Path) -> None:
    content = 'objective,value,date\nreach,"35"x,\nnps,"36\nx",\nsignups,"4,\n'
    assert problems(tmp_path, "a.csv", content) == [
        (
            2,
            ('a text in quotes `"` is followed by more characters before the next comma; '
            "put the whole column in quotes, or remove the quotes"),
        ),
        (
            3,
            ("the value `36\\nx` of `nps` is not a number; write a number such as 35 or 3.5, "
            "without unit, currency or spaces"),
        ),
        (5, 'a quote `"` opened on this line is never closed; add the closing quote, or remove the opening one'),
    ]


def test_long_and_odd_values_are_shown_on_one_short_line(tmp_path: Path) -> None:
    assert problems(tmp_path, "a.csv", "objective,value\nreach,3\x00" + "x" * 100 + "\n") == [
        (
            2,
            "the value `3\\x00" + "x" * 54 + "…` of `reach` is not a number; "
            "write a number such as 35 or 3.5, without unit, currency or spaces",
        )
    ]


def test_csv_several_problems_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "march.csv",
        "objective,value,date\r\n"
        "reach,35,2027-03-31\r\n"
        "reech,3%,2027-03-31\r\n"
        "\r\n"
        "signups,3,5\r\n"
        "nps,abc,2027-13-01\r\n",
    )
    err = error(path)
    assert err.problems == [
        (3, "the journey has no objective `reech`; did you mean `reach`?"),
        (3, "the value `3%` of `reech` has a percent sign; write 3 " + UNIT),
        (5, "the value `3,5` of `signups` uses a decimal comma; write 3.5 with a decimal point"),
        (
            6,
            ("the value `abc` of `nps` is not a number; write a number such as 35 or 3.5, "
            "without unit, currency or spaces"),
        ),
        (6, "the date `2027-13-01` of `nps` does not exist; check the month and the day (YYYY-MM-DD)"),
    ]
    assert str(err) == "\n".join(f"{path}:{line}: {message}" for line, message in err.problems)
    assert err.hint == (
        "an actuals CSV file starts with the header `objective,value,date` and has one row per "
        "measurement, such as `reach,35,2027-03-31`"
    )


# --- YAML problems ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("reach: 3%\n", [(1, "the value `3%` of `reach` has a percent sign; write 3 " + UNIT)]),
        ("reach: 3,5\n", [(1, "the value `3,5` of `reach` uses a decimal comma; write 3.5 with a decimal point")]),
        ("reach: true\n", [(1, "the value `true` of `reach` is not a number; write a number such as 35 or 3.5")]),
        ("reach: .inf\n", [(1, "the value `.inf` of `reach` " + NO_MEASUREMENT)]),
        ("reach: -.Inf\n", [(1, "the value `-.inf` of `reach` " + NO_MEASUREMENT)]),
        ("reach: .nan\n", [(1, "the value `.nan` of `reach` " + NO_MEASUREMENT)]),
        ("reach:\n", [(1, "`reach` has no value; write a number, such as `reach: 35`")]),
        ("reach:\n  - 35\n", [
            (2, "`reach` has a list; write one number, such as `reach: 35`, or " + LONG_FORM
                + " (a CSV file can keep several measurements)"),
        ]),
        ("reech: 35\n", [(1, "the journey has no objective `reech`; did you mean `reach`?")]),
        ("reach: {dat: 2027-03-31}\n", [
            (1, "`reach` has an unknown key `dat` (did you mean `date`?); write " + LONG_FORM),
            (1, "`reach` has no `value`; write " + LONG_FORM),
        ]),
        ("reach:\n  value: 35\n  date: 31.03.2027\n", [
            (3, "the date `31.03.2027` of `reach` is not a date; write dates as YYYY-MM-DD, e.g. 2027-03-31"),
        ]),
        ("reach:\n  value: lots\n", [
            (2, "the value `lots` of `reach` " + NOT_A_NUMBER),
        ]),
        ("reach: 35\nreach: 36\n", [
            (2, "duplicate key `reach` (first at line 1); keep one of them (a CSV file can keep several measurements)"),
        ]),
        ("reach: [35\n", [
            (2, ("a list opened with `[` is not closed with `]` (it opens at line 1, column 8); "
                "close the bracket, and separate items with commas")),
        ]),
        ("- reach: 35\n", [
            (1, ("the file holds a list, not objectives with their values; "
                "write one line per objective, such as `reach: 35`")),
        ]),
        ("# nothing yet\n", [
            (1, "the file holds no measured values; write one line per objective, such as `reach: 35`"),
        ]),
    ],
)
def test_yaml_problem(tmp_path: Path, content: str, expected: list[tuple[int, str]]) -> None:
    path = write(tmp_path, "a.yaml", content)
    err = error(path)
    assert err.problems == expected
    assert str(err) == "\n".join(f"{path}:{line}: {message}" for line, message in expected)
    assert err.hint == YAML_HINT


def test_yaml_several_problems_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "march.yml",
        "reach: 35\n"
        "churn: 4\n"
        "signups:\n"
        "  value: 3%\n"
        "  date: 2027-02-30\n"
        "reach: 36\n",
    )
    err = error(path)
    assert str(err) == (
        f"{path}:2: the journey has no objective `churn`; use the `id` of one of its objectives\n"
        f"{path}:4: the value `3%` of `signups` has a percent sign; write 3 "
        "(the unit is set on the objective in the journey)\n"
        f"{path}:5: the date `2027-02-30` of `signups` does not exist; check the month and the day (YYYY-MM-DD)\n"
        f"{path}:6: duplicate key `reach` (first at line 1); keep one of them "
        "(a CSV file can keep several measurements)"
    )
    assert [line for line, _ in err.problems] == [2, 4, 5, 6]
    assert err.hint == (
        "an actuals YAML file has one line per objective, such as `reach: 35` or "
        "`reach: {value: 35, date: 2027-03-31}`"
    )
