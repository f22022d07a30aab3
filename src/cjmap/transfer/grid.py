"""A journey as a grid of stages and lanes, and a grid back as a journey.

The grid (FORMAT.md, "Journeys from and to other tools"): the first row
holds the stage names under a label (`Stage`); every other row is a lane,
named in its first cell, with one cell per stage holding one item per line
(`lines` says how an item is written). `export_tables` makes the grid of a
journey, and an objectives table with what the grid's Objectives lane cannot
hold (metric, target, unit, baseline, direction, due date, owner);
`import_grid` reads them back, so that the import of an export gives back
the same journey for everything the grid holds.

What the grid cannot hold (a step's touchpoint, a touchpoint's owner, the
segments things are personalised for, …) is counted by `left_out`, so that
`cjmap export` says what the file leaves out. What a grid holds that the
format cannot (an unknown lane, a score of 7) is a `Note` at its cell.

Ids are made from names. A grid turned sideways (stages as rows, lanes as
columns) is recognised and read as it is meant.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from cjmap import durations
from cjmap.choices import LANGUAGES
from cjmap.i18n import CATALOG, Translate
from cjmap.model import BLUEPRINT_LANES, Journey, Objective, Stage, Step
from cjmap.navigate import JourneyIndex
from cjmap.render.map_view import MOMENT_MARK
from cjmap.shorten import shorten
from cjmap.transfer import lanes, lines
from cjmap.transfer.draft import Draft, slug, source_stem
from cjmap.transfer.sheets import Sheet, SheetError, cell_name
from cjmap.transfer.workbook import Cell, Table

OBJECTIVE = "objective"  # the kind of an objectives table's rows; its first row is HEADER
HEADER = "header"
# The objectives table's columns: the key of each one's name in the catalog of words.
OBJECTIVE_COLUMNS = {
    "stage": "report.stage", "id": "grid.id", "statement": "report.objective", "metric": "report.metric",
    "target": "report.target", "unit": "grid.unit", "baseline": "report.baseline",
    "direction": "grid.direction", "due": "report.due", "owner": "report.owner",
}
# Names other tools give those columns, besides the catalog's.
_OTHER_COLUMN_NAMES = {"statement": ("statement", "objectives", "objetivos", "objectius", "kpi"),
                       "due": ("due date", "deadline", "fecha", "data"), "stage": ("etapa",)}
_SCORE = re.compile(r"[+\-\u2212]?[0-9]+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ONE_PER_STAGE = ("phase", "emotions", "owner")
_OBJECTIVE_DETAILS = "id, metric, target, unit, baseline, direction, due date and owner: an .xlsx file holds them"  # lanes whose cell holds one value, not items


# --- export -------------------------------------------------------------------------------


def export_tables(journey: Journey, t: Translate) -> list[Table]:
    """The journey's grid (the map) and its objectives table, in the
    language of `t`. Blueprint lanes are rows when the journey uses them."""
    index = JourneyIndex(journey)
    shown = [lane for lane in lanes.LANES if lane not in BLUEPRINT_LANES or journey_uses_blueprint(journey)]
    rows: list[list[Cell]] = [[lanes.label(lanes.STAGE, t), *(stage.name for stage in journey.stages)]]
    for lane in shown:
        rows.append([lanes.label(lane, t), *(_cell(lane, stage, index, t) for stage in journey.stages)])
    grid = Table(t("grid.map_sheet"), rows, [lanes.STAGE, *shown])
    header: list[Cell] = [t(key) for key in OBJECTIVE_COLUMNS.values()]
    objectives: list[list[Cell]] = [header]
    for stage in journey.stages:
        objectives += [_objective_row(stage, objective, index, t) for objective in stage.objectives]
    return [grid, Table(lanes.label("objectives", t), objectives, [HEADER] + [OBJECTIVE] * (len(objectives) - 1))]


def journey_uses_blueprint(journey: Journey) -> bool:
    return any(stage.has_blueprint for stage in journey.stages)


def _cell(lane: str, stage: Stage, index: JourneyIndex, t: Translate) -> Cell:
    if lane == "phase":
        return lanes.word("phase", stage.phase, t) if stage.phase else ""
    if lane == "emotions":
        return stage.emotions.score if stage.emotions is not None else ""
    if lane == "feelings":
        return lines.cell([lines.joined(text, []) for text in stage.emotions.feelings] if stage.emotions else [])
    if lane == "owner":
        return index.team(stage.owner) if stage.owner else ""
    return lines.cell([lines.joined(*_item(lane, entry, index, t)) for entry in getattr(stage, lane)])


def _item(lane: str, entry: Any, index: JourneyIndex, t: Translate) -> tuple[str, list[str]]:
    """One entry of a lane as its text and its details."""
    if lane == "steps":
        return _step(entry, t)
    if lane == "pain_points":
        return entry.text, [] if entry.severity == "medium" else [lanes.word("severity", entry.severity, t)]
    if lane == "touchpoints":
        touchpoint = index.touchpoint(entry)
        return touchpoint.name, [lanes.word("channel", touchpoint.channel, t)]
    if lane == "objectives":
        return entry.statement, []
    if lane == "actions":
        details = [] if entry.type == "content" else [lanes.word("type", entry.type, t)]
        if entry.status != "planned":
            details.append(lanes.word("status", entry.status, t))
        return entry.title, details
    if lane == "feedback":
        return entry.text, [part for part in (entry.source, entry.date and entry.date.isoformat()) if part]
    return entry.text, []


def _step(step: Step, t: Translate) -> tuple[str, list[str]]:
    details = [] if step.score is None else [f"{step.score:+d}" if step.score else "0"]
    if step.duration is not None:
        details.append(durations.as_text(step.duration))
    if step.wait is not None:
        details.append(t("blueprint.wait", time=durations.as_text(step.wait)))
    return (f"{MOMENT_MARK} {step.text}" if step.moment_of_truth else step.text), details


def _objective_row(stage: Stage, objective: Objective, index: JourneyIndex, t: Translate) -> list[Cell]:
    direction = lanes.word("direction", objective.direction, t) if objective.direction else None
    return [stage.name, objective.id, objective.statement, objective.metric, objective.target, objective.unit,
            objective.baseline, direction, objective.due, index.team(objective.owner) if objective.owner else None]


def left_out(journey: Journey, *, objectives_table: bool) -> list[str]:
    """What of the journey the grid has no place for, counted by the things
    that have it: ["13 steps (touchpoint, segments or links)", …]. Without
    the objectives table (a CSV file), the objectives' details too."""
    counts: Counter[tuple[str, str]] = Counter()
    for thing, details, has in _left_out(journey, objectives_table):
        counts[(thing, details)] += int(has)
    return [f"the journey's {details}" if thing == "journey" else
            f"{count} {thing if count > 1 else thing[:-1]} ({details})"
            for (thing, details), count in counts.items() if count]


def _left_out(journey: Journey, objectives_table: bool) -> Iterator[tuple[str, str, bool]]:
    """(things, what of them, whether this one has any of it), thing by thing."""
    yield "journey", "title and id (a CSV file has only the grid)", not objectives_table
    yield "journey", "description, owner, tags, personas, segments or catalogs", bool(
        journey.description or journey.owner or journey.tags or journey.personas or journey.segments
        or journey.catalogs)
    for stage in journey.stages:
        yield "stages", "description or links", bool(stage.description or stage.links)
        for step in stage.steps:
            yield "steps", "touchpoint, segments or links", bool(step.touchpoint or step.segments or step.links)
        for lane in ("needs", "questions", "opportunities", "evidence", "pain_points"):
            for item in getattr(stage, lane):
                yield "items", "segments", bool(item.segments)
        for entry in stage.touchpoints:
            yield "touchpoints", "owner, mode, segments or description", not isinstance(entry, str) and bool(
                entry.owner or entry.mode or entry.segments or entry.description)
        for action in stage.actions:
            yield "actions", "id, touchpoint, owner or segments", bool(
                action.id or action.touchpoint or action.owner or action.segments)
        for lane in BLUEPRINT_LANES[1:]:
            for done in getattr(stage, lane):
                yield "blueprint actions", "owner, touchpoint, system, duration or segments", bool(
                    done.owner or done.touchpoint or done.system or done.duration or done.segments)
        for _ in stage.objectives:
            yield "objectives", _OBJECTIVE_DETAILS, not objectives_table


# --- import -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Grid:
    """A sheet read the way it is meant: `rows[r][c]` with stages as columns
    whatever the sheet's layout, and `where(r, c)` the sheet's own cell."""

    rows: list[list[str]]
    where: Callable[[int, int], str]

    def cell(self, row: int, column: int) -> str:
        cells = self.rows[row]
        return cells[column].strip() if column < len(cells) else ""


def import_grid(draft: Draft, sheet: Sheet, *, objectives: Sheet | None = None, language: str | None = None,
                title: str | None = None) -> None:
    """Fill `draft.data` with the journey `sheet` holds (and the details of
    its objectives from `objectives`, the second sheet of a workbook).
    `language` is the journey's, else the one its lane names are in; `title`
    is the journey's, else the name of the source file."""
    if not any(cell.strip() for row in sheet.rows for cell in row):
        raise SheetError(f"{draft.source} is empty", hint="put the stage names in the first row and one lane a row")
    grid = _oriented(draft, sheet)
    header = _header_row(grid)
    columns = _stage_columns(draft, grid)
    language = language or _language_of(grid)
    data = draft.data
    title = title or source_stem(draft.source)
    data.update({"cjmap": 1, "id": slug(title) or "journey", "title": title})
    if language != "en":
        data["language"] = language
    teams: dict[str, tuple[str, str]] = {}
    stages = [_new_stage(draft, grid, header, column) for column in columns]
    reader = _LaneReader(draft, teams)
    for row in range(len(grid.rows)):
        if row == header:
            continue
        lane = _lane_of_row(draft, grid, row, columns)
        if lane is None:
            continue
        for stage, column in zip(stages, columns, strict=True):
            reader.read(lane, stage, grid.cell(row, column), grid.where(row, column))
    if objectives is not None:
        _objective_details(draft, objectives, stages, teams)
    _finish(draft, stages)
    for found in (sheet, objectives):
        for where in found.formulas if found is not None else ():
            prefix = f"{found.name}!" if found is objectives else ""
            draft.note(prefix + where, "this cell holds a formula; its text was imported, not its result",
                       "type the value in the cell if the journey should hold it")
    if teams:
        data["teams"] = [{"id": ident, "name": name} for ident, name in teams.values()]
    data["stages"] = stages


def _oriented(draft: Draft, sheet: Sheet) -> _Grid:
    """The sheet with stages as columns: a sheet whose first row names lanes
    and first column does not is turned, and the turn noted."""
    rows = sheet.rows
    across = _known_lanes(rows[0][1:] if rows else [])
    down = _known_lanes([row[0] for row in rows[1:] if row])
    if across >= 2 and across > down:
        width = max(len(row) for row in rows)
        turned = [[row[c] if c < len(row) else "" for row in rows] for c in range(width)]
        draft.note("A1", "the stages are rows and the lanes columns in this sheet; it was read turned, "
                   "stages as columns")
        return _Grid(turned, lambda r, c: cell_name(c, r))
    if down == 0:
        raise SheetError(
            f"{draft.source} is not a journey grid: no row is named after a lane",
            hint="put the stage names in the first row and one lane a row below, each named in the first "
            f"column: {', '.join(lanes.lane_names())}",
        )
    return _Grid(rows, cell_name)


def _known_lanes(names: list[str]) -> int:
    return sum(1 for name in names if lanes.lane_named(name) not in (None, lanes.STAGE))


def _header_row(grid: _Grid) -> int:
    """The row of stage names: the one labelled as such (`Stage`, `Etapa`),
    else the first row with anything in it."""
    for row, cells in enumerate(grid.rows):
        if cells and lanes.lane_named(cells[0]) == lanes.STAGE:
            return row
    return next(row for row, cells in enumerate(grid.rows) if any(cell.strip() for cell in cells))


def _stage_columns(draft: Draft, grid: _Grid) -> list[int]:
    """The columns that are stages: every column after the first with a
    name or anything in it."""
    width = max(len(row) for row in grid.rows)
    columns = [c for c in range(1, width) if any(grid.cell(r, c) for r in range(len(grid.rows)))]
    if not columns:
        raise SheetError(f"{draft.source} has no stages: its first row holds no stage names",
                         hint="put each stage's name in the first row, one stage a column, after the label `Stage`")
    return columns


def _language_of(grid: _Grid) -> str:
    """The language most of the lane names are written in; English wins a tie."""
    names = {lanes.normal(row[0]) for row in grid.rows if row}

    def votes(language: str) -> int:
        return sum(1 for key, word in CATALOG[language].items()
                   if key.startswith(("lane.", "grid.")) and lanes.normal(word) in names)

    return max(LANGUAGES, key=votes)  # the first of equals: English, then Spanish


def _new_stage(draft: Draft, grid: _Grid, header: int, column: int) -> dict[str, Any]:
    name = " ".join(grid.cell(header, column).split())
    if not name:
        name = f"Stage {column}"
        draft.note(grid.where(header, column), f"a column with no stage name was named {_quote(name)}",
                   "write the stage's name in the first row")
    return {"id": draft.ids.make("stage", name, fallback="stage"), "name": name}


def _lane_of_row(draft: Draft, grid: _Grid, row: int, columns: list[int]) -> str | None:
    """The lane of a row, or None for a row that is not imported (noted
    when it holds anything)."""
    label = grid.cell(row, 0)
    filled = [c for c in columns if grid.cell(row, c)]
    lane = lanes.lane_named(label) if label else None
    if lane is not None and lane != lanes.STAGE:
        return lane
    if not filled:
        return None
    where = grid.where(row, 0)
    if not label:
        draft.note(where, "a row with no lane name in its first cell was not imported",
                   f"name its lane: {', '.join(lanes.lane_names())}")
    elif lane == lanes.STAGE:
        draft.note(where, f"a second row of stage names ({_quote(label)}) was not imported",
                   "keep one row of stage names, the first")
    else:
        draft.note(where, f"{_quote(label)} is not a lane of a journey grid; the row was not imported",
                   f"rename it to one of: {', '.join(lanes.lane_names())}")
    return None


class _LaneReader:
    """Reads each lane's cells into a stage, noting what does not fit."""

    def __init__(self, draft: Draft, teams: dict[str, tuple[str, str]]) -> None:
        self.draft = draft
        self.teams = teams  # the name as compared → (id, name)
        self.touchpoints: dict[tuple[str, str], str] = {}  # (name as compared, channel) → id

    def read(self, lane: str, stage: dict[str, Any], text: str, where: str) -> None:
        if not text:
            return
        if lane in _ONE_PER_STAGE:
            getattr(self, f"_{lane}")(stage, " ".join(text.split()), where)
            return
        for _, line in lines.items(text):
            entry = self._entry(lane, stage, line, where)
            if entry is not None:
                stage.setdefault(lane, []).append(entry)

    def note(self, where: str, message: str, hint: str | None = None) -> None:
        self.draft.note(where, message, hint)

    def _phase(self, stage: dict[str, Any], text: str, where: str) -> None:
        phase = lanes.word_named("phase", text)
        if phase is None:
            self.note(where, f"{_quote(text)} is not a phase; the stage was imported without one",
                      f"write one of: {', '.join(lanes.WORDS['phase'][1])}")
        elif "phase" in stage and stage["phase"] != phase:
            self.note(where, f"a second phase {_quote(text)} for the stage; the first was kept")
        else:
            stage["phase"] = phase

    def _emotions(self, stage: dict[str, Any], text: str, where: str) -> None:
        score = _score(text)
        if score is None:
            self.note(where, f"the emotion score {_quote(text)} is not a whole number from -2 to +2; the stage was "
                      "imported without it", "write -2 (very negative) to +2 (very positive)")
            return
        emotions = stage.setdefault("emotions", {})
        emotions["score"] = score
        self._pending_feelings(stage)

    def _owner(self, stage: dict[str, Any], text: str, where: str) -> None:
        stage["owner"] = self.team(text)

    def team(self, name: str) -> str:
        key = lanes.normal(name)
        if key not in self.teams:
            self.teams[key] = (self.draft.ids.make("team", name, fallback="team"), name)
        return self.teams[key][0]

    def _entry(self, lane: str, stage: dict[str, Any], line: str, where: str) -> Any:
        text, details = lines.split(line)
        if lane == "feelings":
            stage.setdefault("_feelings", []).append((_plain(line, text, details), where))
            self._pending_feelings(stage)
            return None
        if lane in ("steps", "pain_points", "touchpoints", "actions", "feedback"):
            return getattr(self, f"_{lane}")(stage, text, details, where)
        if lane == "objectives":
            return {"statement": _plain(line, text, details)}  # its id is made last (see _finish)
        return _plain(line, text, details)

    def _pending_feelings(self, stage: dict[str, Any]) -> None:
        """Feelings are part of the emotions, which need a score: they wait
        in the stage until its score is read (the Emotions row may come after)."""
        if "emotions" in stage and "_feelings" in stage:
            stage["emotions"].setdefault("feelings", []).extend(text for text, _ in stage.pop("_feelings"))

    def _steps(self, stage: dict[str, Any], text: str, details: list[str], where: str) -> dict[str, Any]:
        step: dict[str, Any] = {}
        if text.startswith(MOMENT_MARK):
            text = text[len(MOMENT_MARK):].strip()
            step["moment_of_truth"] = True
        step = {"text": text, **step}
        for detail in details:
            score, time = _score(detail), lines.step_time(detail)
            if score is not None and "score" not in step:
                step["score"] = score
            elif time is not None and time[0] not in step:
                step[time[0]] = time[1]
            else:
                self.note(where, f"{_quote(detail)} after the step {_quote(text)} is not a score (-2 to +2), a duration "
                          "or a wait; it was left out", "write details like [+1, 10 min, wait 2 d]")
        return step

    def _pain_points(self, stage: dict[str, Any], text: str, details: list[str], where: str) -> dict[str, Any]:
        return self._worded({"text": text}, text, details, where, ("severity",), "pain point",
                            "write [low], [medium] or [high]")

    def _touchpoints(self, stage: dict[str, Any], text: str, details: list[str], where: str) -> Any:
        found = self._worded({}, text, details, where, ("channel",), "touchpoint",
                             f"write one of: {', '.join(lanes.WORDS['channel'][1])}")
        channel = found.get("channel", "other")
        if not details:
            self.note(where, f"the touchpoint {_quote(text)} names no channel; it was imported as `other`",
                      "write its channel in brackets after it: `Branch visit [store]`")
        key = (lanes.normal(text), channel)
        if key in self.touchpoints:
            return self.touchpoints[key]  # defined in an earlier stage: used again by its id
        ident = self.draft.ids.make("touchpoint", text, fallback="touchpoint")
        self.touchpoints[key] = ident
        return {"id": ident, "name": text, "channel": channel}

    def _actions(self, stage: dict[str, Any], text: str, details: list[str], where: str) -> dict[str, Any]:
        return self._worded({"title": text}, text, details, where, ("type", "status"), "action",
                            "write e.g. [campaign, done]")

    def _worded(self, entry: dict[str, Any], text: str, details: list[str], where: str, kinds: tuple[str, ...],
                noun: str, hint: str) -> dict[str, Any]:
        """`entry` with each detail that is a fixed word of one of `kinds`
        (in any language) as that key; any other detail is noted."""
        for detail in details:
            kind = next((kind for kind in kinds if kind not in entry and lanes.word_named(kind, detail)), None)
            if kind is None:
                self.note(where, f"{_quote(detail)} after the {noun} {_quote(text)} is not a {' or a '.join(kinds)}; it was "
                          "left out", hint)
            else:
                entry[kind] = lanes.word_named(kind, detail)
        return entry

    def _feedback(self, stage: dict[str, Any], text: str, details: list[str], where: str) -> dict[str, Any]:
        feedback: dict[str, Any] = {"text": text}
        dates = [_date(detail) for detail in details]
        if any(dates):
            feedback["date"] = next(d for d in reversed(dates) if d is not None).isoformat()
        source = ", ".join(detail for detail, dated in zip(details, dates, strict=True) if dated is None)
        if source:
            feedback["source"] = source
        return feedback


def _quote(text: str) -> str:
    """A source's text quoted in a note: on one line, cut short (a cell may
    hold 100,000 characters)."""
    return f"“{shorten(text)}”"


def _plain(line: str, text: str, details: list[str]) -> str:
    """An item whose lane has no details: brackets at its end are its own
    text, except the empty pair written after text that ends in brackets."""
    return text if not details and text != line else line


def _score(text: str) -> int | None:
    text = text.strip().replace("\u2212", "-")
    text = text.removesuffix(".0")  # 2.0, as a spreadsheet may write a whole number
    if _SCORE.fullmatch(text) and -2 <= int(text) <= 2:
        return int(text)
    return None


def _date(text: str) -> date | None:
    if _ISO_DATE.fullmatch(text[:10]) and text[10:] in ("", "T00:00", "T00:00:00"):
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
    return None


def _finish(draft: Draft, stages: list[dict[str, Any]]) -> None:
    """What is settled only once every cell is read: the ids of objectives
    that the objectives table gave none (the table's own ids come first),
    and feelings of a stage that has no score to hold them."""
    for stage in stages:
        for objective in stage.get("objectives", []):
            objective.pop("_detailed", None)
            if "id" not in objective:
                objective["id"] = draft.ids.make("objective", objective["statement"], fallback="objective")
        for text, where in stage.pop("_feelings", []):
            draft.note(where, f"the feeling {_quote(text)} was not imported: feelings belong to the stage's emotions, "
                       "which need a score", "give the stage a score from -2 to +2 in the Emotions row")


# --- the objectives table --------------------------------------------------------------------


def _objective_details(draft: Draft, table: Sheet, stages: list[dict[str, Any]],
                       teams: dict[str, tuple[str, str]]) -> None:
    """Each row of the objectives table completes the objective of its stage
    with the same statement, or adds one to that stage."""
    reader = _LaneReader(draft, teams)
    rows = table.rows
    header = next((r for r, row in enumerate(rows) if any(cell.strip() for cell in row)), None)
    if header is None:
        return
    columns = _objective_columns(draft, table, rows[header], header)
    for r in range(header + 1, len(rows)):
        values = {key: rows[r][c].strip() for key, c in columns.items() if c < len(rows[r]) and rows[r][c].strip()}
        if not values:
            continue
        where = f"{table.name}!{cell_name(r, 0)}"
        statement = values.get("statement")
        if not statement:
            draft.note(where, "an objectives row without an objective was not imported",
                       "write the objective's statement in the Objective column")
            continue
        stage = _stage_of_objective(stages, values.get("stage"), statement)
        if stage is None:
            draft.note(where, f"the objective {_quote(statement)} names no stage of the grid; it was not imported",
                       "write its stage's name, as in the grid's first row, in the Stage column")
            continue
        objective = next((o for o in stage.get("objectives", []) if o["statement"] == statement
                          and "_detailed" not in o), None)
        if objective is None:
            objective = {"statement": statement}
            stage.setdefault("objectives", []).append(objective)
        objective["_detailed"] = True
        _fill_objective(draft, objective, values, f"{table.name}!", r, columns, reader)


def _objective_columns(draft: Draft, table: Sheet, header: list[str], row: int) -> dict[str, int]:
    names: dict[str, str] = {}
    for key, word in OBJECTIVE_COLUMNS.items():
        names[lanes.normal(key)] = key
        for language in CATALOG:
            names[lanes.normal(CATALOG[language][word])] = key
        for other in _OTHER_COLUMN_NAMES.get(key, ()):
            names[lanes.normal(other)] = key
    columns: dict[str, int] = {}
    for c, name in enumerate(header):
        key = names.get(lanes.normal(name))
        if key is not None and key not in columns:
            columns[key] = c
        elif name.strip():
            draft.note(f"{table.name}!{cell_name(row, c)}", f"{_quote(name.strip())} is not a column of the objectives "
                       "table; it was not imported", "name the columns as `cjmap export` does")
    return columns


def _stage_of_objective(stages: list[dict[str, Any]], name: str | None, statement: str) -> dict[str, Any] | None:
    """The stage an objectives row belongs to: the one it names, else (with
    no stage named) the one whose Objectives lane holds its statement."""
    if name:
        wanted = lanes.normal(name)
        return next((stage for stage in stages if lanes.normal(stage["name"]) == wanted), None)
    return next((stage for stage in stages
                 if any(o["statement"] == statement for o in stage.get("objectives", []))), None)


def _fill_objective(draft: Draft, objective: dict[str, Any], values: dict[str, str], sheet: str, row: int,
                    columns: dict[str, int], reader: _LaneReader) -> None:
    def where(key: str) -> str:
        return f"{sheet}{cell_name(row, columns[key])}"

    ident = values.get("id")
    if ident:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", ident):
            draft.note(where("id"), f"{_quote(ident)} is not an id (lower-case letters, digits and -); the objective "
                       "was given one made from its statement")
        elif draft.ids.take("objective", ident):
            objective["id"] = ident
        else:
            draft.note(where("id"), f"the objective id `{ident}` is used twice; the second was given one made "
                       "from its statement")
    for key in ("metric", "unit"):
        if key in values:
            objective[key] = values[key]
    for key in ("target", "baseline"):
        if key in values:
            number = _number(values[key])
            if number is None:
                draft.note(where(key), f"the {key} {_quote(values[key])} is not a number; it was left out",
                           "write the number alone (80) and its unit in the Unit column (%)")
            else:
                objective[key] = number
    if "direction" in values:
        direction = lanes.word_named("direction", values["direction"])
        if direction is None:
            draft.note(where("direction"), f"{_quote(values['direction'])} is not a direction; it was left out",
                       "write increase or decrease")
        else:
            objective["direction"] = direction
    if "due" in values:
        due = _date(values["due"])
        if due is None:
            draft.note(where("due"), f"the due date {_quote(values['due'])} is not a date; it was left out",
                       "write it as YYYY-MM-DD")
        else:
            objective["due"] = due.isoformat()
    if "owner" in values:
        objective["owner"] = reader.team(values["owner"])


def _number(text: str) -> int | float | None:
    text = text.replace("\u2212", "-").replace(" ", "")
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d*[.,]\d+", text):
        return float(text.replace(",", "."))
    return None
