"""The diff as one JSON object, for scripts and bots.

Keys are stable and always present (null where nothing applies), but for
`catalogs`, there when catalogs were compared, with their changes' `used_by`;
dates are ISO text. `docs/diff.md` describes every key and every change kind.
"""

from __future__ import annotations

import json
from typing import Any

from cjmap.diff.outcome import DiffReport, JourneyDiff


def to_json(report: DiffReport) -> str:
    document: dict[str, Any] = {
        "from": report.old_label,
        "to": report.new_label,
        "journeys": [_journey(journey) for journey in report.journeys if journey.kind == "journey"],
    }
    if report.catalogs:
        document["catalogs"] = [_journey(catalog) for catalog in report.journeys if catalog.kind == "catalog"]
    document["summary"] = report.summary()
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _journey(journey: JourneyDiff) -> dict[str, Any]:
    problem = None
    if journey.problems:
        sides = {problem.side: problem.as_dict() for problem in journey.problems}
        problem = {"old": sides.get("old"), "new": sides.get("new")}
    return {
        "old": journey.old,
        "new": journey.new,
        "status": journey.status,
        "id": journey.journey_id,
        "title": journey.title,
        "changes": [change.as_dict() for change in journey.changes],
        "problem": problem,
    }
