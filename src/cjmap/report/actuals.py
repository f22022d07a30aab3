"""Measured values of objectives, for `cjmap report --actuals FILE`.

The actuals file says what each objective measured, and when. cjmap reads two
kinds of file, told apart by the end of the file name.

A CSV file (`.csv`), as a spreadsheet saves it::

    objective,value,date
    reach,35,2027-03-31
    signups,120,2027-03-31
    signups,95,2027-02-28
    nps,-2,

- The first line is the header `objective,value,date`. The `date` column may
  be left out (`objective,value`), and a row may leave its date empty.
- `objective` is the `id` of an objective of the journey.
- `value` is a plain number with a decimal point: `35`, `3.5`, `-2`, `1e3`.
  Write no unit, percent sign or currency (`3`, not `3%`: the unit is set in
  the journey), and no decimal comma (`3.5`, not `3,5`: in a CSV file the
  comma separates the columns).
- `date` is the day of the measurement, written `YYYY-MM-DD`.
- An objective may have several rows, one per measurement: the report uses the
  row with the latest date. A dated row wins over an undated one; between rows
  with the same date (or none), the one further down the file wins.
- Blank lines are ignored. Save the file as UTF-8 (with or without BOM).

A YAML file (`.yaml` or `.yml`) gives one value per objective::

    reach: 35
    nps: -2
    signups: {value: 120, date: 2027-03-31}   # a value with its date

- Each line is `objective id: number`, or `objective id: {value: number,
  date: YYYY-MM-DD}` to say when the value was measured. The long form may
  also be written over several lines::

      signups:
        value: 120
        date: 2027-03-31

- Each objective appears once; to keep a history of measurements, use a CSV
  file.

Every mistake in the file is reported at once, one line each, as
`FILE:LINE: what is wrong`, and the report is not written until they are fixed.
"""

from __future__ import annotations

import csv
import errno
import io
import math
import sys
import os
import re
from collections.abc import Collection
from datetime import date
from typing import Any

from cjmap.errors import CjmapError
from cjmap.files import NotReadable, TooLarge, read_bounded
from cjmap.limits import DEFAULT_LIMITS
from cjmap.loader import decode, load_bytes
from cjmap.report.data import Actual
from cjmap.suggest import closest, did_you_mean

CSV_SUFFIXES = (".csv",)
YAML_SUFFIXES = (".yaml", ".yml")
HEADER = ("objective", "value", "date")

CSV_HINT = (
    "an actuals CSV file starts with the header `objective,value,date` and has one row per "
    "measurement, such as `reach,35,2027-03-31`"
)
YAML_HINT = (
    "an actuals YAML file has one line per objective, such as `reach: 35` or "
    "`reach: {value: 35, date: 2027-03-31}`"
)
FILE_HINT = (
    "give --actuals a .csv file (header `objective,value,date`, rows such as "
    "`reach,35,2027-03-31`) or a .yaml file (lines such as `reach: 35`)"
)

_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
_INTEGER = re.compile(r"[-+]?\d+")
_COMMA_NUMBER = re.compile(r"([-+]?\d+),(\d+)")
_DIGITS = re.compile(r"\d+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EXAMPLE = "such as 35 or 3.5"
_SHOWN = 60  # characters of a value quoted in a message

Problems = list[tuple[int, str]]
# A measurement read from the file: objective id and its Actual (line included).
Entries = list[tuple[str, Actual]]


class ActualsError(CjmapError):
    """The actuals file cannot be used; `problems` lists every (line, message).

    Line 0 means the file as a whole (it cannot be read); such a message names
    the file itself. The error's text has one line per problem.
    """

    exit_code = 1

    def __init__(self, path: str, problems: Problems, *, hint: str | None = None) -> None:
        self.path = path
        self.problems = list(problems)
        super().__init__(
            "\n".join(f"{path}:{line}: {text}" if line else text for line, text in self.problems),
            hint=hint,
        )


def read_actuals(path: str, objective_ids: Collection[str]) -> dict[str, Actual]:
    """The latest measured value of each objective the file names.

    Raises ActualsError with every problem of the file when anything is wrong.
    """
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in CSV_SUFFIXES + YAML_SUFFIXES:
        ending = f"this one ends in `{suffix}`" if suffix else "this one has no suffix"
        raise ActualsError(
            path,
            [(0, f"cannot read {path}: an actuals file must end in .csv, .yaml or .yml; {ending}")],
            hint=FILE_HINT,
        )
    try:
        raw = read_bounded(path, DEFAULT_LIMITS.max_file_bytes)
    except TooLarge:
        raise ActualsError(
            path,
            [(1, (f"the file is larger than {DEFAULT_LIMITS.max_file_bytes:,} bytes; "
                 "keep only the measurements the report needs"))],
            hint=CSV_HINT if suffix in CSV_SUFFIXES else YAML_HINT,
        ) from None
    except NotReadable as err:
        raise ActualsError(path, [(0, f"cannot read {path}: {err.strerror}")],
                           hint=_READ_HINTS.get(err.errno, "check the path given to --actuals")) from None
    known = sorted(objective_ids)
    problems: Problems = []
    if suffix in CSV_SUFFIXES:
        entries = _read_csv(raw, known, problems)
        hint = CSV_HINT
    else:
        entries = _read_yaml(raw, known, problems)
        hint = YAML_HINT
    if problems:
        raise ActualsError(path, sorted(problems, key=lambda p: p[0]), hint=hint)
    return _latest(entries)


_READ_HINTS = {
    errno.EISDIR: "give the path of the actuals file itself",
    errno.EACCES: "check that you may read the file",
    errno.EPERM: "check that you may read the file",
    errno.ENXIO: "save the measured values in a file, and give its path to --actuals",
}


def _latest(entries: Entries) -> dict[str, Actual]:
    """Per objective, the latest dated measurement; undated ones count as oldest;
    on a tie, the one further down the file."""
    chosen: dict[str, Actual] = {}
    for objective, actual in entries:
        current = chosen.get(objective)
        if current is None or _rank(actual) >= _rank(current):
            chosen[objective] = actual
    return chosen


def _rank(actual: Actual) -> tuple[bool, date, int]:
    return (actual.measured is not None, actual.measured or date.min, actual.line)


# --- values, dates and ids, shared by both formats ---------------------------


_LONGEST_NUMBER = 300  # characters; a float holds nothing longer anyway


def _measurable(number: float, subject: str) -> tuple[float | None, str | None]:
    """Infinity, NaN and integers beyond a float's range are no measurement."""
    if isinstance(number, int) and abs(number) > sys.float_info.max:
        return None, f"{subject} is too large to be a measurement; write a number {_EXAMPLE}"
    if isinstance(number, float) and not math.isfinite(number):
        return None, f"{subject} is not a measurement; write a number {_EXAMPLE}"
    return number, None


def _number(value: Any, objective: str) -> tuple[float | None, str | None]:
    """A measured value as a number, or the message saying what is wrong with it."""
    subject = f"the value `{_show(value)}`" + (f" of `{objective}`" if objective else "")
    if isinstance(value, bool) or value is None:
        return None, f"{subject} is not a number; write a number {_EXAMPLE}"
    if isinstance(value, (int, float)):
        return _measurable(value, subject)
    if not isinstance(value, str):
        return None, f"{subject} is not a number; write a number {_EXAMPLE}"
    text = value.strip()
    if len(text) > _LONGEST_NUMBER and _NUMBER.fullmatch(text):
        # Python refuses to read integers this long; no measurement needs them.
        return None, f"{subject} is too large to be a measurement; write a number {_EXAMPLE}"
    if _INTEGER.fullmatch(text):
        return _measurable(int(text), subject)
    if _NUMBER.fullmatch(text):
        return _measurable(float(text), subject)
    if text.endswith("%"):
        number = text[:-1].strip()
        comma = _COMMA_NUMBER.fullmatch(number)
        if _NUMBER.fullmatch(number) or comma:
            plain = f"{comma.group(1)}.{comma.group(2)}" if comma else number
            return None, (
                f"{subject} has a percent sign; write {plain} "
                "(the unit is set on the objective in the journey)"
            )
    comma = _COMMA_NUMBER.fullmatch(text)
    if comma:
        whole, part = comma.groups()
        if len(part) == 3 and len(whole.lstrip("+-")) <= 3:
            return None, (
                f"{subject} has a comma; write {whole}{part} without the thousands separator, "
                f"or {whole}.{part} if the comma is a decimal comma"
            )
        return None, f"{subject} uses a decimal comma; write {whole}.{part} with a decimal point"
    return None, (
        f"{subject} is not a number; write a number {_EXAMPLE}, "
        "without unit, currency or spaces"
    )


def _date(value: Any, objective: str) -> tuple[date | None, str | None]:
    """A measurement date, None when not given, or the message saying what is wrong."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    subject = f"the date `{_show(value)}`" + (f" of `{objective}`" if objective else "")
    text = value.strip() if isinstance(value, str) else None
    if text is not None and _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text), None
        except ValueError:
            return None, f"{subject} does not exist; check the month and the day (YYYY-MM-DD)"
    return None, f"{subject} is not a date; write dates as YYYY-MM-DD, e.g. 2027-03-31"


def _unknown(objective: str, known: list[str], where: str) -> str:
    suggestion = did_you_mean(objective, known)
    objective = _show(objective)
    if not known:
        return (
            f"the journey has no objective `{objective}`, nor any other; "
            f"add objectives to the journey, or remove this {where}"
        )
    if suggestion:
        return f"the journey has no objective `{objective}`{suggestion}"
    return f"the journey has no objective `{objective}`; use the `id` of one of its objectives"


def _show(value: Any) -> str:
    """A value from the file as a message shows it: on one line, and not too long."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):  # as YAML writes them
        return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf")
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(value))
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


# --- CSV ------------------------------------------------------------------------


def _read_csv(raw: bytes, known: list[str], problems: Problems) -> Entries:
    text, problem = decode(raw)
    if problem is not None:
        problems.append((problem.line, f"{problem.message}; {problem.hint}"))
        return []
    assert text is not None
    ids = frozenset(known)
    records = _records(text, problems)
    if not records:
        if not problems:
            problems.append(
                (1, "the file is empty; the first line must be the header `objective,value,date`")
            )
        return []
    header_line, header = records[0]
    columns = _header(header, header_line, problems)
    if columns is None:
        return []
    width = len(header)
    entries: Entries = []
    for line, fields in records[1:]:
        entry = _row(fields, line, width, columns, ids, known, problems)
        if entry is not None:
            entries.append(entry)
    return entries


def _records(text: str, problems: Problems) -> list[tuple[int, list[str]]]:
    """Every non-blank record with the line it starts on."""
    records = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return records
        except csv.Error as err:
            problems.append((start, _csv_problem(str(err))))
            if reader.line_num < start:  # no progress: never loop forever
                return records
        else:
            if any(field.strip() for field in fields):
                records.append((start, [field.strip() for field in fields]))
        start = reader.line_num + 1


def _csv_problem(error: str) -> str:
    if "unexpected end of data" in error:
        return 'a quote `"` opened on this line is never closed; add the closing quote, or remove the opening one'
    if "expected after" in error:
        return (
            'a text in quotes `"` is followed by more characters before the next comma; '
            "put the whole column in quotes, or remove the quotes"
        )
    if "field limit" in error:
        return 'a column is too long; check for a quote `"` that is never closed'
    return f"this line cannot be read as CSV ({error}); save the file again as CSV from your spreadsheet"


def _header(header: list[str], line: int, problems: Problems) -> dict[str, int] | None:
    """Column positions by name, or None when the rows cannot be read at all."""
    shown = _show(",".join(header))
    names = [name.lower() for name in header]
    expected = "the first line must be `objective,value,date`, or `objective,value` without dates"
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        separator = "`;`" if ";" in header[0] else "tabs"
        problems.append(
            (line, (f"the columns are separated by {separator}, not commas; {expected} "
                   "(save the file as \"CSV, comma-separated\")"))
        )
        return None
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in HEADER and name not in columns:
            columns[name] = index
    details = []
    unmatched = [(i, name) for i, name in enumerate(names) if columns.get(name) != i]
    for index, name in unmatched:
        if name in HEADER:
            details.append(f"`{name}` appears twice")
            continue
        guess = closest(name, [n for n in HEADER if n not in columns]) if name else None
        if guess is not None:
            columns[guess] = index
            details.append(f"`{_show(header[index])}` should be `{guess}`")
        elif name:
            details.append(f"remove the column `{_show(header[index])}`")
        else:
            details.append("remove the empty column (an extra comma)")
    if "objective" not in columns and "value" not in columns and len(columns) <= 1:
        problems.append((line, f"the file has no header: {expected}, not `{shown}`"))
        return None
    details += [f"add the column `{name}`" for name in HEADER[:2] if name not in columns]
    if details:
        problems.append((line, f"the header `{shown}` is wrong: {'; '.join(details)}; {expected}"))
    if "objective" not in columns or "value" not in columns:
        return None
    return columns


def _row(
    fields: list[str],
    line: int,
    width: int,
    columns: dict[str, int],
    ids: frozenset[str],
    known: list[str],
    problems: Problems,
) -> tuple[str, Actual] | None:
    value_at = columns["value"]
    date_at = columns.get("date")
    fields = _join_decimal_comma(fields, width, value_at, date_at)
    if date_at is None and len(fields) == width + 1 and _ISO_DATE.fullmatch(fields[-1]):
        problems.append(
            (line, ("this row has a date but the header has no `date` column; "
                   "write the first line as `objective,value,date`"))
        )
        fields = fields[:width]
    if len(fields) > width:
        problems.append(
            (line, (f"this row has {len(fields)} columns but the header has {width}; "
                   "remove the extra ones (put text that contains a comma in quotes)"))
        )
    fields = fields + [""] * (width - len(fields))
    objective = fields[columns["objective"]]
    name = _show(objective)
    found: list[str] = []
    if not objective:
        found.append("this row has no objective; write the objective's `id` in the `objective` column")
    elif objective not in ids:
        found.append(_unknown(objective, known, "row"))
    value, wrong = (None, None)
    if not fields[value_at]:
        subject = f"`{name}`" if objective else "this row"
        found.append(f"{subject} has no value; write a number {_EXAMPLE}, or remove the row")
    else:
        value, wrong = _number(fields[value_at], name)
        if wrong:
            found.append(wrong)
    measured, bad_date = _date(fields[date_at] if date_at is not None else None, name)
    if bad_date:
        found.append(bad_date)
    problems += [(line, message) for message in found]
    if found or value is None:
        return None
    return objective, Actual(value, measured, line)


def _join_decimal_comma(
    fields: list[str], width: int, value_at: int, date_at: int | None
) -> list[str]:
    """`reach,3,5` is the value 3,5 written with a decimal comma, which split it
    into two columns: put it back together so the message can say so."""
    after = value_at + 1
    if after >= len(fields) or not _INTEGER.fullmatch(fields[value_at]):
        return fields
    following = fields[after]
    too_many = len(fields) > width and _DIGITS.fullmatch(following)
    # With no column to spare, only a short number where the date belongs.
    in_date = len(fields) <= width and after == date_at and re.fullmatch(r"\d{1,3}", following)
    if too_many or in_date:
        return fields[:value_at] + [f"{fields[value_at]},{following}"] + fields[after + 1 :]
    return fields


# --- YAML -----------------------------------------------------------------------

_LONG_FORM = "`{id}: {{value: 35, date: 2027-03-31}}`"


def _read_yaml(raw: bytes, known: list[str], problems: Problems) -> Entries:
    document = load_bytes(raw)
    for problem in document.problems:
        if problem.code == "CJ002":
            message = f"{problem.message}; keep one of them (a CSV file can keep several measurements)"
        else:
            message = f"{problem.message}; {problem.hint}" if problem.hint else problem.message
        problems.append((problem.line, message))
    if not document.parsed:
        return []
    data = document.data
    positions = document.positions
    if data is None:
        problems.append((1, "the file holds no measured values; write one line per objective, such as `reach: 35`"))
        return []
    if not isinstance(data, dict):
        problems.append(
            (positions.value(())[0],
             (f"the file holds {_kind(data)}, not objectives with their values; "
             "write one line per objective, such as `reach: 35`"))
        )
        return []
    ids = frozenset(known)
    entries: Entries = []
    for objective, given in data.items():
        name = _show(objective)
        key_line = positions.key((objective,))[0]
        value_line = positions.value((objective,))[0]
        found: list[tuple[int, str]] = []
        if objective not in ids:
            found.append((key_line, _unknown(objective, known, "line")))
        value: float | None = None
        measured: date | None = None
        if isinstance(given, dict):
            value, measured = _long_form(objective, given, positions, value_line, found)
        elif isinstance(given, list):
            found.append(
                (value_line, (f"`{name}` has a list; write one number, such as `{name}: 35`, or "
                             f"{_LONG_FORM.format(id=name)} (a CSV file can keep several measurements)"))
            )
        elif given is None:
            found.append((value_line, f"`{name}` has no value; write a number, such as `{name}: 35`"))
        else:
            value, wrong = _number(given, name)
            if wrong:
                found.append((value_line, wrong))
        problems += found
        if not found and value is not None:
            entries.append((objective, Actual(value, measured, key_line)))
    return entries


def _long_form(
    objective: str, given: dict[str, Any], positions: Any, line: int, found: list[tuple[int, str]]
) -> tuple[float | None, date | None]:
    """`id: {value: N, date: YYYY-MM-DD}`: the value and its date."""
    name = _show(objective)
    long_form = _LONG_FORM.format(id=name)
    for key in given:
        if key not in ("value", "date"):
            found.append(
                (positions.key((objective, key))[0],
                 f"`{name}` has an unknown key `{_show(key)}`{_guess(key, ('value', 'date'))}; write {long_form}")
            )
    value: float | None = None
    if given.get("value") is None:
        found.append((line, f"`{name}` has no `value`; write {long_form}"))
    else:
        value, wrong = _number(given["value"], name)
        if wrong:
            found.append((positions.value((objective, "value"))[0], wrong))
    measured, bad_date = _date(given.get("date"), name)
    if bad_date:
        found.append((positions.value((objective, "date"))[0], bad_date))
    return value, measured


def _guess(word: str, choices: tuple[str, ...]) -> str:
    match = closest(word, choices)
    return f" (did you mean `{match}`?)" if match else ""


def _kind(data: Any) -> str:
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return "a single text"
    return "a single value"
