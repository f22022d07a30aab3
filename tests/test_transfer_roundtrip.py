"""`cjmap export` then `cjmap import` gives back the same journey, for every
lane the grid holds, for every bundled example, through .xlsx and CSV.

The comparison is of the models, not the text: `held` writes down by hand,
from the model, what FORMAT.md says the grid holds. Ids are made from names
on import, so things are compared by name; the .xlsx objectives sheet brings
back the objectives' own ids and details.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cjmap.navigate import JourneyIndex
from conftest import EXAMPLES, journey_of_file, run_cli

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.journey.yaml"))


def held(journey: Any, *, objectives_sheet: bool) -> list[dict[str, Any]]:
    """What of each stage a grid holds."""
    index = JourneyIndex(journey)
    uses_blueprint = any(stage.has_blueprint for stage in journey.stages)
    stages = []
    for stage in journey.stages:
        held_stage = {
            "name": stage.name,
            "phase": stage.phase,
            "steps": [(s.text, s.score, s.moment_of_truth, s.duration, s.wait) for s in stage.steps],
            "needs": [i.text for i in stage.needs],
            "questions": [i.text for i in stage.questions],
            "emotions": (stage.emotions.score, stage.emotions.feelings) if stage.emotions else None,
            "pain_points": [(p.text, p.severity) for p in stage.pain_points],
            "opportunities": [i.text for i in stage.opportunities],
            "touchpoints": [(index.touchpoint(t).name, index.touchpoint(t).channel) for t in stage.touchpoints],
            "actions": [(a.title, a.type, a.status) for a in stage.actions],
            "feedback": [(f.text, f.source, f.date) for f in stage.feedback],
            "owner": index.team(stage.owner) if stage.owner else None,
            "objectives": [
                (o.statement, o.id, o.metric, o.target, o.unit, o.baseline, o.direction, o.due,
                 index.team(o.owner) if o.owner else None) if objectives_sheet else o.statement
                for o in stage.objectives
            ],
        }
        if uses_blueprint:
            held_stage["evidence"] = [i.text for i in stage.evidence]
            for lane in ("frontstage", "backstage", "support"):
                held_stage[lane] = [a.text for a in getattr(stage, lane)]
        stages.append(held_stage)
    return stages


def _export_import(example: Path, suffix: str, tmp_path: Path, capsys, monkeypatch) -> Any:
    sheet = tmp_path / f"{example.name.split('.')[0]}{suffix}"
    code, _, err = run_cli(["export", str(example), "-o", str(sheet)], capsys, monkeypatch)
    assert code == 0, err
    back = tmp_path / "back.journey.yaml"
    code, _, err = run_cli(["import", str(sheet), "-o", str(back)], capsys, monkeypatch)
    assert code == 0, err
    assert "cjmap: warning" not in err, err  # nothing of an export is left out on import
    return journey_of_file(back)


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda path: path.name.split(".")[0])
def test_an_xlsx_export_imports_back_as_the_same_journey(example, tmp_path, capsys, monkeypatch):
    original = journey_of_file(example)
    back = _export_import(example, ".xlsx", tmp_path, capsys, monkeypatch)
    assert held(back, objectives_sheet=True) == held(original, objectives_sheet=True)
    assert back.title == original.title
    assert back.language == original.language


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda path: path.name.split(".")[0])
def test_a_csv_export_imports_back_as_the_same_journey(example, tmp_path, capsys, monkeypatch):
    original = journey_of_file(example)
    back = _export_import(example, ".csv", tmp_path, capsys, monkeypatch)
    assert held(back, objectives_sheet=False) == held(original, objectives_sheet=False)
    assert back.language == original.language  # the lane names say it
