"""The measured files of `cjmap report`: one reader for the actuals
(`--actuals`, a value per objective) and the funnel (`--funnel`, the customers
who reached each stage).

Both are a CSV file (header `KEY,VALUE,date`, one row per measurement, the
latest date winning) or a YAML mapping of id to number. They differ only in
their words and their value rule, which a `Measure` says; everything else —
reading within limits, decoding, header checks, dates, did-you-mean, every
problem at its line — is here, once.
"""

from __future__ import annotations

import csv
import errno
import io
import math
import os
import re
import sys
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from cjmap.errors import CjmapError
from cjmap.files import NotReadable, TooLarge, read_bounded
from cjmap.loader import decode, load_bytes
from cjmap.report.data import Actual
from cjmap.suggest import closest, did_you_mean

CSV_SUFFIXES = (".csv",)
YAML_SUFFIXES = (".yaml", ".yml")

_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
_INTEGER = re.compile(r"[-+]?\d+")
_COMMA_NUMBER = re.compile(r"([-+]?\d+),(\d+)")
_THOUSANDS_POINT = re.compile(r"(\d{1,3})\.(\d{3})")
_DIGITS = re.compile(r"\d+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHOWN = 60  # characters of a value quoted in a message
_LONGEST_NUMBER = 300  # characters; a float holds nothing longer anyway

Problems = list[tuple[int, str]]
# A measurement read from the file: its id and its Actual (line included).
Entries = list[tuple[str, Actual]]


class MeasuredError(CjmapError):
    """A measured file cannot be used; `problems` lists every (line, message).

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


@dataclass(frozen=True, slots=True)
class Measure:
    """One kind of measured file: the words its messages use, and its value rule."""

    option: str  # "--actuals"
    file: str  # "an actuals file"
    key: str  # the id column, and what an id names: "objective"
    keys: str  # "objectives"
    value: str  # the value column: "value"
    amount: str  # what a row without a value lacks: "value"
    holds: str  # what the YAML mapping holds: "objectives with their values"
    example: tuple[str, str]  # an id and a value: ("reach", "35")
    a_number: str  # "a number"
    such_as: str  # "such as 35 or 3.5"
    percent: str  # after "has a percent sign; ", with {plain}: the number without it
    csv_hint: str
    yaml_hint: str
    file_hint: str
    error: type[MeasuredError]
    whole: bool = False  # values are whole numbers, 0 or more
    long_form: bool = False  # YAML `id: {value: N, date: YYYY-MM-DD}`
    one_per_date: bool = False  # one id twice with the same date (or none) is an error

    @property
    def header(self) -> tuple[str, str, str]:
        return (self.key, self.value, "date")

    @property
    def number(self) -> str:
        return f"{self.a_number} {self.such_as}"

    @property
    def line(self) -> str:
        """A YAML line of the example: `reach: 35`."""
        return f"`{self.example[0]}: {self.example[1]}`"


def read_measured(
    path: str, ids: Collection[str], measure: Measure, *, max_bytes: int
) -> dict[str, Actual]:
    """The latest measurement of each id the file names.

    Raises `measure.error` with every problem of the file when anything is wrong.
    """
    return latest(read_measurements(path, ids, measure, max_bytes=max_bytes))


def read_measurements(path: str, ids: Collection[str], measure: Measure, *, max_bytes: int) -> Entries:
    """Every measurement of the file, in the file's order.

    Raises `measure.error` with every problem of the file when anything is wrong.
    """
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in CSV_SUFFIXES + YAML_SUFFIXES:
        ending = f"this one ends in `{suffix}`" if suffix else "this one has no suffix"
        raise measure.error(
            path,
            [(0, f"cannot read {path}: {measure.file} must end in .csv, .yaml or .yml; {ending}")],
            hint=measure.file_hint,
        )
    try:
        raw = read_bounded(path, max_bytes)
    except TooLarge:
        raise measure.error(
            path,
            [(1, (f"the file is larger than {max_bytes:,} bytes; "
                 "keep only the measurements the report needs"))],
            hint=measure.csv_hint if suffix in CSV_SUFFIXES else measure.yaml_hint,
        ) from None
    except NotReadable as err:
        raise measure.error(path, [(0, f"cannot read {path}: {err.strerror}")],
                            hint=_read_hint(err.errno, measure.option, measure.file)) from None
    reader = _Reader(measure, sorted(ids))
    if suffix in CSV_SUFFIXES:
        entries = reader.csv(raw)
        hint = measure.csv_hint
    else:
        entries = reader.yaml(raw)
        hint = measure.yaml_hint
    if measure.one_per_date:
        reader.problems += _twice(entries, measure)
    if reader.problems:
        raise measure.error(path, sorted(reader.problems, key=lambda p: p[0]), hint=hint)
    return entries


def _read_hint(number: int | None, option: str, file: str) -> str:
    return {
        errno.EISDIR: f"give the path of the {file.split(' ', 1)[1]} itself",
        errno.EACCES: "check that you may read the file",
        errno.EPERM: "check that you may read the file",
        errno.ENXIO: f"save the measured values in a file, and give its path to {option}",
    }.get(number, f"check the path given to {option}")  # type: ignore[arg-type]


def latest(entries: Entries) -> dict[str, Actual]:
    """Per id, the latest dated measurement; undated ones count as oldest;
    on a tie, the one further down the file."""
    chosen: dict[str, Actual] = {}
    for key, actual in entries:
        current = chosen.get(key)
        if current is None or _rank(actual) >= _rank(current):
            chosen[key] = actual
    return chosen


def history(entries: Entries) -> dict[str, tuple[Actual, ...]]:
    """Per id, its dated measurements, oldest first: one per date, the one
    further down the file on a tie, as `latest` chooses. An undated
    measurement has no place in time, so it is no part of a history."""
    by_date: dict[str, dict[date, Actual]] = {}
    for key, actual in entries:
        if actual.measured is not None:
            by_date.setdefault(key, {})[actual.measured] = actual  # entries come in file order
    return {
        key: tuple(sorted(dated.values(), key=lambda actual: actual.measured or date.min))
        for key, dated in by_date.items()
    }


def _rank(actual: Actual) -> tuple[bool, date, int]:
    return (actual.measured is not None, actual.measured or date.min, actual.line)


def _twice(entries: Entries, measure: Measure) -> Problems:
    """Two rows of one id with the same date, or both without one: which is
    the measurement? Said at the later row, naming the earlier one."""
    seen: dict[tuple[str, date | None], int] = {}
    found: Problems = []
    for key, actual in entries:
        earlier = seen.setdefault((key, actual.measured), actual.line)
        if earlier == actual.line:
            continue
        when = f"for {actual.measured.isoformat()}" if actual.measured else "without a date"
        found.append((actual.line, (
            f"`{_show(key)}` has another row {when} at line {earlier}; keep one of them "
            "(a history of measurements gives each row its own date)"
        )))
    return found


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


class _Reader:
    """Reads one file's entries, collecting every problem with its line."""

    def __init__(self, measure: Measure, known: list[str]) -> None:
        self.m = measure
        self.known = known
        self.ids = frozenset(known)
        self.problems: Problems = []

    # --- values, dates and ids, shared by both formats ---------------------------

    def _measurable(self, number: float, subject: str) -> tuple[float | None, str | None]:
        """Infinity, NaN and integers beyond a float's range are no measurement."""
        if isinstance(number, int) and abs(number) > sys.float_info.max:
            return None, f"{subject} is too large to be a measurement; write {self.m.number}"
        if isinstance(number, float) and not math.isfinite(number):
            return None, f"{subject} is not a measurement; write {self.m.number}"
        return number, None

    def _number(self, value: Any, key: str) -> tuple[float | None, str | None]:
        """A measured value as a number, or the message saying what is wrong with it."""
        number, wrong = self._any_number(value, key)
        if number is None or not self.m.whole:
            return number, wrong
        return self._whole(number, value, key)

    def _subject(self, value: Any, key: str) -> str:
        return f"the value `{_show(value)}`" + (f" of `{key}`" if key else "")

    def _any_number(self, value: Any, key: str) -> tuple[float | None, str | None]:
        m = self.m
        subject = self._subject(value, key)
        if isinstance(value, bool) or value is None:
            return None, f"{subject} is not a number; write {m.number}"
        if isinstance(value, (int, float)):
            return self._measurable(value, subject)
        if not isinstance(value, str):
            return None, f"{subject} is not a number; write {m.number}"
        text = value.strip()
        if len(text) > _LONGEST_NUMBER and _NUMBER.fullmatch(text):
            # Python refuses to read integers this long; no measurement needs them.
            return None, f"{subject} is too large to be a measurement; write {m.number}"
        if _INTEGER.fullmatch(text):
            return self._measurable(int(text), subject)
        if _NUMBER.fullmatch(text):
            return self._measurable(float(text), subject)
        if text.endswith("%"):
            number = text[:-1].strip()
            comma = _COMMA_NUMBER.fullmatch(number)
            if _NUMBER.fullmatch(number) or comma:
                plain = f"{comma.group(1)}.{comma.group(2)}" if comma else number
                return None, f"{subject} has a percent sign; " + m.percent.format(plain=plain)
        comma = _COMMA_NUMBER.fullmatch(text)
        if comma:
            whole, part = comma.groups()
            thousands = len(part) == 3 and len(whole.lstrip("+-")) <= 3
            if thousands and m.whole:
                return None, f"{subject} has a comma; write {whole}{part} without the thousands separator"
            if thousands:
                return None, (
                    f"{subject} has a comma; write {whole}{part} without the thousands separator, "
                    f"or {whole}.{part} if the comma is a decimal comma"
                )
            if m.whole:
                return None, f"{subject} is not a whole number; write {m.number}"
            return None, f"{subject} uses a decimal comma; write {whole}.{part} with a decimal point"
        return None, f"{subject} is not a number; write {m.number}, without unit, currency or spaces"

    def _whole(self, number: float, given: Any, key: str) -> tuple[int | None, str | None]:
        """Customers are counted: 0 or more, and whole (`1e3` is 1000, `12.5` is no count)."""
        subject = self._subject(given, key)
        if number != int(number):
            thousands = _THOUSANDS_POINT.fullmatch(given.strip()) if isinstance(given, str) else None
            if thousands:
                return None, (f"{subject} is not a whole number; if the point separates thousands, "
                              f"write {thousands.group(1)}{thousands.group(2)}")
            return None, f"{subject} is not a whole number; write {self.m.number}"
        if number < 0:
            return None, f"{subject} is negative; write {self.m.number}, or 0 if nobody reached it"
        return int(number), None

    def _date(self, value: Any, key: str) -> tuple[date | None, str | None]:
        """A measurement date, None when not given, or the message saying what is wrong."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None, None
        subject = f"the date `{_show(value)}`" + (f" of `{key}`" if key else "")
        text = value.strip() if isinstance(value, str) else None
        if text is not None and _ISO_DATE.fullmatch(text):
            try:
                return date.fromisoformat(text), None
            except ValueError:
                return None, f"{subject} does not exist; check the month and the day (YYYY-MM-DD)"
        return None, f"{subject} is not a date; write dates as YYYY-MM-DD, e.g. 2027-03-31"

    def _unknown(self, key: str, where: str) -> str:
        m = self.m
        suggestion = did_you_mean(key, self.known)
        key = _show(key)
        if not self.known:
            return (
                f"the journey has no {m.key} `{key}`, nor any other; "
                f"add {m.keys} to the journey, or remove this {where}"
            )
        if suggestion:
            return f"the journey has no {m.key} `{key}`{suggestion}"
        return f"the journey has no {m.key} `{key}`; use the `id` of one of its {m.keys}"

    # --- CSV ------------------------------------------------------------------------

    def csv(self, raw: bytes) -> Entries:
        text, problem = decode(raw)
        if problem is not None:
            self.problems.append((problem.line, f"{problem.message}; {problem.hint}"))
            return []
        assert text is not None
        records = self._records(text)
        if not records:
            if not self.problems:
                self.problems.append(
                    (1, f"the file is empty; the first line must be the header `{','.join(self.m.header)}`")
                )
            return []
        header_line, header = records[0]
        columns = self._header(header, header_line)
        if columns is None:
            return []
        width = len(header)
        entries: Entries = []
        for line, fields in records[1:]:
            entry = self._row(fields, line, width, columns)
            if entry is not None:
                entries.append(entry)
        return entries

    def _records(self, text: str) -> list[tuple[int, list[str]]]:
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
                self.problems.append((start, _csv_problem(str(err))))
                if reader.line_num < start:  # no progress: never loop forever
                    return records
            else:
                if any(field.strip() for field in fields):
                    records.append((start, [field.strip() for field in fields]))
            start = reader.line_num + 1

    def _header(self, header: list[str], line: int) -> dict[str, int] | None:
        """Column positions by name, or None when the rows cannot be read at all."""
        key, value, _ = names_expected = self.m.header
        shown = _show(",".join(header))
        names = [name.lower() for name in header]
        expected = f"the first line must be `{key},{value},date`, or `{key},{value}` without dates"
        if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
            separator = "`;`" if ";" in header[0] else "tabs"
            self.problems.append(
                (line, (f"the columns are separated by {separator}, not commas; {expected} "
                       "(save the file as \"CSV, comma-separated\")"))
            )
            return None
        columns: dict[str, int] = {}
        for index, name in enumerate(names):
            if name in names_expected and name not in columns:
                columns[name] = index
        details = []
        unmatched = [(i, name) for i, name in enumerate(names) if columns.get(name) != i]
        for index, name in unmatched:
            if name in names_expected:
                details.append(f"`{name}` appears twice")
                continue
            guess = closest(name, [n for n in names_expected if n not in columns]) if name else None
            if guess is not None:
                columns[guess] = index
                details.append(f"`{_show(header[index])}` should be `{guess}`")
            elif name:
                details.append(f"remove the column `{_show(header[index])}`")
            else:
                details.append("remove the empty column (an extra comma)")
        if key not in columns and value not in columns and len(columns) <= 1:
            self.problems.append((line, f"the file has no header: {expected}, not `{shown}`"))
            return None
        details += [f"add the column `{name}`" for name in (key, value) if name not in columns]
        if details:
            self.problems.append((line, f"the header `{shown}` is wrong: {'; '.join(details)}; {expected}"))
        if key not in columns or value not in columns:
            return None
        return columns

    def _row(self, fields: list[str], line: int, width: int, columns: dict[str, int]) -> tuple[str, Actual] | None:
        m = self.m
        value_at = columns[m.value]
        date_at = columns.get("date")
        fields = _join_decimal_comma(fields, width, value_at, date_at)
        if date_at is None and len(fields) == width + 1 and _ISO_DATE.fullmatch(fields[-1]):
            self.problems.append(
                (line, ("this row has a date but the header has no `date` column; "
                       f"write the first line as `{','.join(m.header)}`"))
            )
            fields = fields[:width]
        if len(fields) > width:
            self.problems.append(
                (line, (f"this row has {len(fields)} columns but the header has {width}; "
                       "remove the extra ones (put text that contains a comma in quotes)"))
            )
        fields = fields + [""] * (width - len(fields))
        key = fields[columns[m.key]]
        name = _show(key)
        found: list[str] = []
        if not key:
            found.append(f"this row has no {m.key}; write the {m.key}'s `id` in the `{m.key}` column")
        elif key not in self.ids:
            found.append(self._unknown(key, "row"))
        value, wrong = (None, None)
        if not fields[value_at]:
            subject = f"`{name}`" if key else "this row"
            found.append(f"{subject} has no {m.amount}; write {m.number}, or remove the row")
        else:
            value, wrong = self._number(fields[value_at], name)
            if wrong:
                found.append(wrong)
        measured, bad_date = self._date(fields[date_at] if date_at is not None else None, name)
        if bad_date:
            found.append(bad_date)
        self.problems += [(line, message) for message in found]
        if found or value is None:
            return None
        return key, Actual(value, measured, line)

    # --- YAML -----------------------------------------------------------------------

    def yaml(self, raw: bytes) -> Entries:
        m = self.m
        document = load_bytes(raw)
        for problem in document.problems:
            if problem.code == "CJ002":
                message = f"{problem.message}; keep one of them (a CSV file can keep several measurements)"
            else:
                message = f"{problem.message}; {problem.hint}" if problem.hint else problem.message
            self.problems.append((problem.line, message))
        if not document.parsed:
            return []
        data = document.data
        positions = document.positions
        one_line = f"write one line per {m.key}, such as {m.line}"
        if data is None:
            self.problems.append((1, f"the file holds no measured values; {one_line}"))
            return []
        if not isinstance(data, dict):
            self.problems.append(
                (positions.value(())[0], f"the file holds {_kind(data)}, not {m.holds}; {one_line}")
            )
            return []
        entries: Entries = []
        for key, given in data.items():
            key_line = positions.key((key,))[0]
            found: list[tuple[int, str]] = []
            if key not in self.ids:
                found.append((key_line, self._unknown(key, "line")))
            value, measured = self._given(key, given, positions, found)
            self.problems += found
            if not found and value is not None:
                entries.append((key, Actual(value, measured, key_line)))
        return entries

    def _given(
        self, key: str, given: Any, positions: Any, found: list[tuple[int, str]]
    ) -> tuple[float | None, date | None]:
        """What the YAML says of one id: its value, and when it was measured."""
        m = self.m
        name = _show(key)
        line = positions.value((key,))[0]
        one = f"one {m.a_number.split(' ', 1)[1]}, such as `{name}: {m.example[1]}`"
        if isinstance(given, dict) and m.long_form:
            return self._long_form(key, given, positions, line, found)
        if isinstance(given, (dict, list)):
            kind = "a list" if isinstance(given, list) else "a mapping"
            long_form = f", or {_LONG_FORM.format(id=name)}" if m.long_form else ""
            found.append(
                (line, f"`{name}` has {kind}; write {one}{long_form} (a CSV file can keep several measurements)")
            )
        elif given is None:
            found.append((line, f"`{name}` has no {m.amount}; write {m.a_number}, such as `{name}: {m.example[1]}`"))
        else:
            value, wrong = self._number(given, name)
            if wrong:
                found.append((line, wrong))
            return value, None
        return None, None

    def _long_form(
        self, key: str, given: dict[str, Any], positions: Any, line: int, found: list[tuple[int, str]]
    ) -> tuple[float | None, date | None]:
        """`id: {value: N, date: YYYY-MM-DD}`: the value and its date."""
        name = _show(key)
        long_form = _LONG_FORM.format(id=name)
        for field in given:
            if field not in ("value", "date"):
                found.append(
                    (positions.key((key, field))[0],
                     f"`{name}` has an unknown key `{_show(field)}`{_guess(field, ('value', 'date'))}; "
                     f"write {long_form}")
                )
        value: float | None = None
        if given.get("value") is None:
            found.append((line, f"`{name}` has no `value`; write {long_form}"))
        else:
            value, wrong = self._number(given["value"], name)
            if wrong:
                found.append((positions.value((key, "value"))[0], wrong))
        measured, bad_date = self._date(given.get("date"), name)
        if bad_date:
            found.append((positions.value((key, "date"))[0], bad_date))
        return value, measured


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


_LONG_FORM = "`{id}: {{value: 35, date: 2027-03-31}}`"


def _guess(word: str, choices: tuple[str, ...]) -> str:
    match = closest(word, choices)
    return f" (did you mean `{match}`?)" if match else ""


def _kind(data: Any) -> str:
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return "a single text"
    return "a single value"
