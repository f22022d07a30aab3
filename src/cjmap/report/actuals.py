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
- The dated rows of an objective are its history, oldest first (one value per
  date, the one further down the file): the report draws it as a trend line
  and says, from the last two, whether the objective is moving the right way.
  Undated rows are no part of the history.
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

- Each objective appears once, so a YAML file gives no history (at most one
  dated value each); to keep a history of measurements, use a CSV file.

Every mistake in the file is reported at once, one line each, as
`FILE:LINE: what is wrong`, and the report is not written until they are fixed.
The reading is `cjmap.report.measured`'s, shared with the funnel file.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from cjmap.limits import DEFAULT_LIMITS, Limits
from cjmap.report.data import Actual
from cjmap.report.measured import MeasuredError, Measure, history, latest, read_measurements

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


class ActualsError(MeasuredError):
    """The actuals file cannot be used; `problems` lists every (line, message)."""


ACTUALS = Measure(
    option="--actuals",
    file="an actuals file",
    key="objective",
    keys="objectives",
    value="value",
    amount="value",
    holds="objectives with their values",
    example=("reach", "35"),
    a_number="a number",
    such_as="such as 35 or 3.5",
    percent="write {plain} (the unit is set on the objective in the journey)",
    csv_hint=CSV_HINT,
    yaml_hint=YAML_HINT,
    file_hint=FILE_HINT,
    error=ActualsError,
    long_form=True,
)


@dataclass(frozen=True, slots=True)
class Actuals:
    """What an actuals file says of each objective it names."""

    latest: dict[str, Actual]  # objective id → its latest value, dated or not
    history: dict[str, tuple[Actual, ...]]  # objective id → its dated values, oldest first


def read_actuals(
    path: str, objective_ids: Collection[str], limits: Limits = DEFAULT_LIMITS
) -> dict[str, Actual]:
    """The latest measured value of each objective the file names.

    Raises ActualsError with every problem of the file when anything is wrong.
    """
    return read_actuals_with_history(path, objective_ids, limits).latest


def read_actuals_with_history(
    path: str, objective_ids: Collection[str], limits: Limits = DEFAULT_LIMITS
) -> Actuals:
    """The latest measured value of each objective the file names, and the
    history of its dated values.

    Raises ActualsError with every problem of the file when anything is wrong.
    """
    entries = read_measurements(path, objective_ids, ACTUALS, max_bytes=limits.max_file_bytes)
    return Actuals(latest(entries), history(entries))
