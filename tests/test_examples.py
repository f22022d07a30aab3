"""The bundled examples: the real journeys are clean and complete, and each
broken one produces exactly the findings its header announces."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cjmap import navigate
from cjmap.engine import CheckOptions, check_bytes
from cjmap.loader import load_bytes
from cjmap.model import BLUEPRINT_LANES, Journey, Step, Touchpoint

from conftest import EXAMPLES, journey_of_file

JOURNEYS = sorted(EXAMPLES.glob("*.journey.yaml"))
# The journeys that show the whole format; the first 90 days shows a workspace.
COMPLETE = [path for path in JOURNEYS if path.name != "bank-first-90-days.journey.yaml"]
BROKEN = sorted((EXAMPLES / "broken").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (CJ\d{3}) (\d+):(\d+)$", re.MULTILINE)


def test_there_are_examples_in_english_spanish_and_catalan() -> None:
    languages = {_journey(path).language for path in JOURNEYS}
    assert languages == {"en", "es", "ca"}


@pytest.mark.parametrize("path", JOURNEYS, ids=lambda p: p.name)
def test_example_has_no_finding_at_all(path: Path) -> None:
    result = check_bytes(str(path), path.read_bytes(), CheckOptions(), folder=path.parent)
    assert result.findings == []


@pytest.mark.parametrize("path", COMPLETE, ids=lambda p: p.name)
def test_example_uses_every_part_of_the_format(path: Path) -> None:
    journey = _journey(path)
    stages = journey.stages
    assert journey.personas and journey.segments and journey.teams and journey.touchpoints
    assert journey.description and journey.owner and journey.tags
    assert any(isinstance(t, Touchpoint) for s in stages for t in s.touchpoints), "inline touchpoint"
    assert any(isinstance(t, str) for s in stages for t in s.touchpoints), "touchpoint reference"
    steps: list[Step] = [step for s in stages for step in s.steps]
    assert any(step.score is not None for step in steps)
    assert any(step.touchpoint for step in steps)
    for lane in ("steps", "needs", "questions", "pain_points", "opportunities", "feedback"):
        assert any(getattr(s, lane) for s in stages), lane
    assert all(s.phase and s.owner and s.emotions for s in stages)
    objectives = [o for _, o in navigate.objectives(journey)]
    assert objectives and all(o.baseline is not None and o.due for o in objectives)
    assert any(o.direction for o in objectives)
    actions = [a for _, a in navigate.actions(journey)]
    assert {a.status for a in actions} >= {"planned", "done"}
    assert any(a.segments for a in actions)
    assert {t.effective_mode for _, t in navigate.touchpoint_definitions(journey)} == {"online", "offline"}
    assert any(p.severity == "high" for s in stages for p in s.pain_points)


def test_one_example_is_a_whole_service_blueprint() -> None:
    """Every lane in every stage, owned backstage and support, several moments of truth, timed steps."""
    blueprints = [path.name for path in JOURNEYS if _journey(path).has_blueprint]
    assert blueprints == ["vallmar-avis-fanal.journey.yaml"]
    journey = _journey(EXAMPLES / blueprints[0])
    for stage in journey.stages:
        assert all(getattr(stage, lane) for lane in BLUEPRINT_LANES), stage.id
        assert all(action.owner for lane in ("backstage", "support") for action in getattr(stage, lane))
    steps = [step for stage in journey.stages for step in stage.steps]
    truths = {stage.id for stage in journey.stages for step in stage.steps if step.moment_of_truth}
    assert len(truths) >= 3
    assert any(step.duration for step in steps) and any(step.wait for step in steps)
    actions = [action for _, action in navigate.blueprint_actions(journey)]
    assert any(a.system for a in actions) and any(a.duration for a in actions) and any(a.touchpoint for a in actions)


def test_the_examples_are_a_small_workspace(capsys, monkeypatch) -> None:
    """One catalog shared by two journeys that link, beside self-contained journeys."""
    from conftest import run_cli

    shared = [path.name for path in JOURNEYS if _raw(path).get("catalogs")]
    assert shared == ["bank-account-opening.journey.yaml", "bank-first-90-days.journey.yaml"]
    assert all(_raw(EXAMPLES / name)["catalogs"] == ["shared/northbank.catalog.yaml"] for name in shared)
    for name in shared:  # what they use comes from the catalog: nothing of their own
        assert not {"segments", "teams", "touchpoints"} & set(_raw(EXAMPLES / name))
    first, after = (_journey(EXAMPLES / name) for name in shared)
    assert "bank-first-90-days#welcome" in [link for stage in first.stages for link in stage.links]
    assert f"{first.id}#main-account" in [link for stage in after.stages for link in stage.links]
    assert [path.name for path in JOURNEYS if not _raw(path).get("catalogs")] == [
        "prova-saas-b2b.journey.yaml", "tienda-omnicanal.journey.yaml", "vallmar-avis-fanal.journey.yaml",
    ]
    code, out, _ = run_cli(["validate", str(EXAMPLES), "-f", "json"], capsys, monkeypatch)
    assert code == 0 and json.loads(out)["findings"] == []  # links, ids and catalog entries all in use


def _raw(path: Path) -> dict:
    return load_bytes(path.read_bytes()).data


def test_broken_examples_are_not_picked_up_by_a_folder_search() -> None:
    assert BROKEN and not any(p.name.endswith(".journey.yaml") for p in BROKEN)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_example_gives_exactly_the_announced_findings(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = [(code, int(line), int(col)) for code, line, col in EXPECT.findall(text)]
    assert expected, f"{path.name} announces no finding"
    result = check_bytes(str(path), path.read_bytes(), CheckOptions())
    assert [(f.code, f.line, f.column) for f in result.findings] == expected
    assert path.stem in (EXAMPLES / "broken" / "README.md").read_text(encoding="utf-8")


def _journey(path: Path) -> Journey:
    return journey_of_file(path)
