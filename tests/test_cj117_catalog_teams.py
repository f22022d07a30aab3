"""CJ117's hint for a journey that takes its teams from a catalog.

The rules see only the catalog teams a journey already uses, so the hint
cannot list them all: it says where they are. (tests/rules/CJ117.yaml holds
the rule's cases; a journey case cannot list a catalog.)
"""

from __future__ import annotations

from pathlib import Path

from cjmap.engine import CheckOptions, check_bytes

CATALOG = """\
cjmap: 1
kind: catalog
id: city
teams:
  - {id: lighting, name: Street lighting}
  - {id: it, name: IT services}
"""
JOURNEY = """\
cjmap: 1
id: report-streetlight
title: Report a broken streetlight
catalogs: [city.catalog.yaml]
teams:
  - {id: calls, name: Call centre}
stages:
  - id: report
    name: Report the fault
    backstage:
      - {text: Checks the lamp, owner: lighting}
      - Opens a case
"""


def test_with_catalogs_the_hint_says_where_the_teams_are(tmp_path: Path) -> None:
    (tmp_path / "cjmap.toml").write_text("")
    (tmp_path / "city.catalog.yaml").write_text(CATALOG)
    result = check_bytes("report.journey.yaml", JOURNEY.encode(), CheckOptions(), folder=tmp_path)
    found = [(f.line, f.column, f.message, f.hint) for f in result.findings if f.code == "CJ117"]
    assert found == [(
        12, 9,
        "backstage action 'Opens a case' in stage 'report' has no owner team",
        "give the action an `owner:` with the id of the team that does it (write a plain-text action "
        "as a mapping with `text:` and `owner:`); the teams are listed under `teams:`, in the journey "
        "or in the catalogs it lists",
    )]
    assert not any(f.code.startswith("CJ00") for f in result.findings)  # the catalog was read
