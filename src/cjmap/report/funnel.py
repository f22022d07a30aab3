"""The funnel of `cjmap report --funnel FILE`: how many customers reached each
stage, what share went on to the next one, and where most of them were lost.

The funnel file is read as the actuals file is (`cjmap.report.measured`), with
stage ids for objectives and a count of customers for a value. A CSV file::

    stage,customers,date
    notice,12000,2027-03-31
    compare,5400,2027-03-31
    compare,5100,2027-02-28

- The header is `stage,customers,date`; the `date` column may be left out.
- `customers` is a whole number, 0 or more: `1200`, not `1,200` or `1.200`
  (`1e3` is read as 1000, being whole).
- A stage may have several rows, one per date: the latest date wins, and a
  dated row wins over an undated one. The same stage twice with the same date
  — or twice without a date — is a duplicate, an error: which row is true?

A YAML file is one line per stage, `notice: 12000`; a stage named twice is a
duplicate there too.

The funnel belongs to one journey (it names that journey's stages). A folder
of journeys takes a folder of funnels: each journey's is the file named after
it, in the same subfolder (`file_for`). Stages the file leaves out are "not measured":
no conversion is worked out across them. A stage with more customers than the
one before it is where customers enter mid-journey, never a negative drop-off.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cjmap.errors import UsageError
from cjmap.files import STDIN
from cjmap.limits import DEFAULT_LIMITS, Limits
from cjmap.model import Journey, Stage
from cjmap.report.data import Actual
from cjmap.naming import journey_stem, output_path
from cjmap.report.measured import Measure, MeasuredError, read_measured

CSV_HINT = (
    "a funnel CSV file starts with the header `stage,customers,date` and has one row per "
    "stage and date, such as `apply,1200,2027-03-31`"
)
YAML_HINT = "a funnel YAML file has one line per stage with its customers, such as `apply: 1200`"
FILE_HINT = (
    "give --funnel a .csv file (header `stage,customers,date`, rows such as "
    "`apply,1200,2027-03-31`) or a .yaml file (lines such as `apply: 1200`)"
)


class FunnelError(MeasuredError):
    """The funnel file cannot be used; `problems` lists every (line, message)."""


FUNNEL = Measure(
    option="--funnel",
    file="a funnel file",
    key="stage",
    keys="stages",
    value="customers",
    amount="number of customers",
    holds="stages with their customers",
    example=("apply", "1200"),
    a_number="a whole number",
    such_as="such as 1200",
    percent="write how many customers reached the stage, not a share of them",
    csv_hint=CSV_HINT,
    yaml_hint=YAML_HINT,
    file_hint=FILE_HINT,
    error=FunnelError,
    whole=True,
    one_per_date=True,
)


SUFFIXES = (".csv", ".yaml", ".yml")


def file_for(funnels: str, journey: str, *, folder: str | None) -> str | None:
    """The funnel file of `journey` in the folder `funnels`: `shop.csv`,
    `shop.yaml` or `shop.yml` for `shop.journey.yaml`, below `funnels` where
    the journey is below the `folder` read. None when there is none; a usage
    error when there are two, since either could be the one meant."""
    stem = journey_stem(journey, from_stdin=journey == STDIN)
    found = [
        str(path) for suffix in SUFFIXES
        if (path := output_path(journey, stem + suffix, output_dir=funnels, folder=folder)).is_file()
    ]
    if len(found) > 1:
        raise UsageError(
            f"{' and '.join(found)} are both funnels of {journey}",
            hint="keep one funnel file per journey",
        )
    return found[0] if found else None


def unmatched(funnels: str, journeys: Collection[str], *, folder: str | None) -> list[str]:
    """The funnel files in the folder `funnels` that no journey of the run is
    named after: said, so that a misnamed file is not silently left unread."""
    expected = {
        output_path(journey, journey_stem(journey) + suffix, output_dir=funnels, folder=folder)
        for journey in journeys for suffix in SUFFIXES
    }
    found = (path for path in Path(funnels).rglob("*") if path.suffix in SUFFIXES and path.is_file())
    return sorted(str(path) for path in found if path not in expected)


def read_funnel(
    path: str, stage_ids: Collection[str], limits: Limits = DEFAULT_LIMITS
) -> dict[str, Actual]:
    """The customers of each stage the file names (the latest measurement).

    Raises FunnelError with every problem of the file when anything is wrong.
    """
    return read_measured(path, stage_ids, FUNNEL, max_bytes=limits.max_file_bytes)


@dataclass(frozen=True, slots=True)
class FunnelStage:
    """One stage of the funnel, and what happens between it and the next stage."""

    stage: Stage
    number: int
    customers: int | None  # None: not measured
    measured: date | None
    share: float | None  # of the first measured stage's customers
    next_customers: int | None  # the next stage's; None: last stage, or either not measured

    @property
    def conversion(self) -> float | None:
        """The share that reached the next stage; none when customers joined there."""
        if self.customers is None or self.next_customers is None or not self.customers:
            return None
        if self.next_customers > self.customers:
            return None
        return self.next_customers / self.customers

    @property
    def drop(self) -> int | None:
        """Customers lost before the next stage (0 or more), when both are measured."""
        if self.customers is None or self.next_customers is None:
            return None
        return max(self.customers - self.next_customers, 0)

    @property
    def joined(self) -> int:
        """Customers more at the next stage than here: they entered mid-journey."""
        if self.customers is None or self.next_customers is None:
            return 0
        return max(self.next_customers - self.customers, 0)


@dataclass(frozen=True, slots=True)
class Funnel:
    stages: tuple[FunnelStage, ...]
    biggest: FunnelStage | None  # the stage after which most customers are lost

    @property
    def measured(self) -> tuple[FunnelStage, ...]:
        return tuple(s for s in self.stages if s.customers is not None)

    @property
    def not_measured(self) -> tuple[FunnelStage, ...]:
        return tuple(s for s in self.stages if s.customers is None)

    @property
    def end_to_end(self) -> float | None:
        """The last measured stage's customers as a share of the first's."""
        measured = self.measured
        if len(measured) < 2 or not measured[0].customers:
            return None
        return measured[-1].customers / measured[0].customers  # type: ignore[operator]


def assemble(journey: Journey, counts: dict[str, Actual]) -> Funnel:
    """The funnel of `journey` from the customers counted per stage id."""
    measured = [counts.get(stage.id) for stage in journey.stages]
    first = next((a.value for a in measured if a is not None), None)
    rows = []
    for number, (stage, count) in enumerate(zip(journey.stages, measured), start=1):
        following = measured[number] if number < len(measured) else None
        customers = None if count is None else int(count.value)
        rows.append(FunnelStage(
            stage=stage,
            number=number,
            customers=customers,
            measured=None if count is None else count.measured,
            share=customers / first if customers is not None and first else None,
            next_customers=None if following is None or count is None else int(following.value),
        ))
    # The most customers lost; on a tie, the first such stage (max keeps the first).
    losing = [row for row in rows if row.drop]
    biggest = max(losing, key=lambda row: row.drop or 0) if losing else None
    return Funnel(tuple(rows), biggest)


def emotion_score(stage: Stage) -> float | None:
    """How the stage feels: its own emotions score, else the mean of its steps' scores."""
    if stage.emotions is not None:
        return float(stage.emotions.score)
    scores = [step.score for step in stage.steps if step.score is not None]
    return sum(scores) / len(scores) if scores else None
