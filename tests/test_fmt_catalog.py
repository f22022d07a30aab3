"""`cjmap fmt` on catalog files: the catalog's key order, comments kept, the
same safety and the same modes as for journeys.

Golden file: tests/golden/fmt/catalog.yaml is what fmt makes of MESSY_CATALOG
(CJMAP_UPDATE_GOLDEN=1 rewrites it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import run_cli

from cjmap.fmt.format import comments, format_text, same_data
from cjmap.fmt.tree import read
from cjmap.loader import load_text

GOLDEN = Path(__file__).parent / "golden" / "fmt" / "catalog.yaml"
UPDATE = os.environ.get("CJMAP_UPDATE_GOLDEN") == "1"

MESSY_CATALOG = """\
# yaml-language-server: $schema=./cjmap.schema.json
# The people and places every journey of the bank shares.
title: "Northbank shared catalog"   # quotes it does not need
id: northbank
kind: catalog
cjmap: 1
touchpoints:
  - {owner: cx, channel: web, name: Web shop, id: web-shop}
  # The branch network.
  - channel: store
    description: >
      Any of the 40 branches.
    segments:
    - first-jobbers
    id: branch
    name: Branch
teams:
  - {name: Customer experience, id: cx}
segments:
  - personas:
      - laura
    criteria: First salaried job, under 30
    name: First jobbers
    id: first-jobbers
personas:
  - frustrations: [Hidden fees]
    goals:
      - Get paid into an account with no monthly fee
    name: "Laura, first salaried job"
    id: laura   # the persona most journeys use
"""

JOURNEY = """\
title: Opening an account
id: account-opening
catalogs: [people.catalog.yaml]
kind: journey
cjmap: 1
personas: [laura]
stages:
  - name: Notices the bank
    id: notice
"""

FORMATTED_JOURNEY = """\
cjmap: 1
kind: journey
catalogs: [people.catalog.yaml]
id: account-opening
title: Opening an account
personas: [laura]
stages:
  - id: notice
    name: Notices the bank
"""


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a messy catalog and a messy journey that lists it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "people.catalog.yaml").write_text(MESSY_CATALOG, encoding="utf-8")
    (tmp_path / "open.journey.yaml").write_text(JOURNEY, encoding="utf-8")
    return tmp_path


def test_a_catalog_is_formatted_in_the_catalog_key_order() -> None:
    formatted, problems = format_text(MESSY_CATALOG)
    assert problems == []
    if UPDATE:
        GOLDEN.write_text(formatted, encoding="utf-8")
    assert formatted == GOLDEN.read_text(encoding="utf-8")
    # The order of the format's catalog table, and each entry's own order.
    assert [line.split(":")[0] for line in formatted.splitlines() if line[:1].isalpha()] == [
        "cjmap", "kind", "id", "title", "personas", "segments", "teams", "touchpoints"
    ]
    assert same_data(load_text(MESSY_CATALOG).data, load_text(formatted).data)
    assert comments(read(MESSY_CATALOG)) == comments(read(formatted))
    assert format_text(formatted) == (formatted, [])


def test_the_file_says_its_kind_and_the_name_decides_when_it_does_not() -> None:
    # A catalog has no `language` or `catalogs`: there they go after the keys it knows.
    text = "personas: []\nlanguage: en\nid: x\ncatalogs: []\n"
    journey_order = "catalogs: []\nid: x\nlanguage: en\npersonas: []\n"
    catalog_order = "id: x\npersonas: []\nlanguage: en\ncatalogs: []\n"
    assert format_text(text)[0] == journey_order
    assert format_text(text, catalog_named=True)[0] == catalog_order
    assert format_text("kind: catalog\n" + text)[0] == "kind: catalog\n" + catalog_order
    assert format_text("kind: journey\n" + text, catalog_named=True)[0] == "kind: journey\n" + journey_order
    # Any other kind is a mistake validate points at: the name decides.
    assert format_text("kind: Catalog\n" + text)[0] == "kind: Catalog\n" + journey_order
    assert format_text("kind: Catalog\n" + text, catalog_named=True)[0] == "kind: Catalog\n" + catalog_order


def test_a_journey_keeps_kind_and_catalogs_right_after_cjmap() -> None:
    assert format_text(JOURNEY) == (FORMATTED_JOURNEY, [])


def test_fmt_folder_formats_journeys_and_catalogs(workspace: Path, capsys, monkeypatch) -> None:
    code, out, err = run_cli(["fmt", "."], capsys, monkeypatch)
    assert (code, out) == (0, "")
    assert err == (
        "cjmap: formatted ./open.journey.yaml\n"
        "cjmap: formatted ./people.catalog.yaml\n"
        "cjmap: 1 journey and 1 catalog reformatted\n"
    )
    assert (workspace / "people.catalog.yaml").read_bytes() == GOLDEN.read_bytes()
    assert (workspace / "open.journey.yaml").read_text(encoding="utf-8") == FORMATTED_JOURNEY
    code, out, err = run_cli(["fmt"], capsys, monkeypatch)
    assert (code, out, err) == (0, "", "cjmap: 1 journey and 1 catalog already formatted\n")
    # The formatted files still read, the journey with its catalog: no structural finding.
    out = run_cli(["validate", "."], capsys, monkeypatch)[1]
    assert "2 files checked" in out
    assert not re.search(r" CJ0\d\d ", out), out


def test_fmt_one_catalog_file(workspace: Path, capsys, monkeypatch) -> None:
    code, out, err = run_cli(["fmt", "people.catalog.yaml"], capsys, monkeypatch)
    assert (code, out, err) == (0, "", "cjmap: formatted people.catalog.yaml\n")
    assert (workspace / "people.catalog.yaml").read_bytes() == GOLDEN.read_bytes()
    assert (workspace / "open.journey.yaml").read_text(encoding="utf-8") == JOURNEY  # not named: untouched
    code, out, err = run_cli(["fmt", "--check", "people.catalog.yaml"], capsys, monkeypatch)
    assert (code, out, err) == (0, "", "cjmap: 1 catalog already formatted\n")


def test_check_names_a_catalog_that_would_change_and_writes_nothing(workspace: Path, capsys, monkeypatch) -> None:
    (workspace / "open.journey.yaml").write_text(FORMATTED_JOURNEY, encoding="utf-8")
    code, out, err = run_cli(["fmt", "--check"], capsys, monkeypatch)
    assert (code, out, err) == (
        1, "",
        "cjmap: would reformat ./people.catalog.yaml\n"
        "cjmap: 1 catalog would be reformatted, 1 journey already formatted\n",
    )
    assert (workspace / "people.catalog.yaml").read_text(encoding="utf-8") == MESSY_CATALOG


def test_diff_shows_what_would_change_in_a_catalog(workspace: Path, capsys, monkeypatch) -> None:
    code, out, err = run_cli(["fmt", "--diff", "people.catalog.yaml"], capsys, monkeypatch)
    assert (code, err) == (0, "cjmap: would reformat people.catalog.yaml\n")
    lines = out.splitlines()
    assert lines[:2] == ["--- people.catalog.yaml", "+++ people.catalog.yaml (formatted)"]
    assert "-title: \"Northbank shared catalog\"   # quotes it does not need" in lines
    assert "+title: Northbank shared catalog  # quotes it does not need" in lines
    assert "+kind: catalog" in lines
    assert (workspace / "people.catalog.yaml").read_text(encoding="utf-8") == MESSY_CATALOG
    assert run_cli(["fmt", "--diff", "--check", "people.catalog.yaml"], capsys, monkeypatch)[0] == 1


def test_a_catalog_that_does_not_parse_is_refused_and_left_alone(workspace: Path, capsys, monkeypatch) -> None:
    broken = workspace / "broken.catalog.yaml"
    broken.write_bytes(b"cjmap: 1\nkind: catalog\npersonas: [laura\n")
    code, out, err = run_cli(["fmt", "broken.catalog.yaml"], capsys, monkeypatch)
    assert (code, out) == (1, "")
    assert err.startswith("broken.catalog.yaml:4:1 CJ001 error a list opened with `[` is not closed with `]` ")
    assert err.endswith("cjmap: not formatted, fix the errors first: broken.catalog.yaml\n")
    assert "Traceback" not in err
    assert broken.read_bytes() == b"cjmap: 1\nkind: catalog\npersonas: [laura\n"
    code, _, err = run_cli(["fmt", "--check", "."], capsys, monkeypatch)
    assert code == 1
    assert err.endswith(
        "cjmap: not formatted, fix the errors first: ./broken.catalog.yaml\n"
        "cjmap: 1 journey and 1 catalog would be reformatted, 1 catalog not formatted\n"
    )


def test_standard_input_named_like_a_catalog_is_formatted_as_one(capsys, monkeypatch) -> None:
    text = "personas: []\nlanguage: en\nid: x\n"
    code, out, err = run_cli(
        ["fmt", "--stdin-filename", "shared/people.catalog.yaml", "-"], capsys, monkeypatch, stdin=text
    )
    assert (code, out, err) == (0, "id: x\npersonas: []\nlanguage: en\n", "")
    code, out, err = run_cli(["fmt", "-"], capsys, monkeypatch, stdin=text)
    assert (code, out, err) == (0, "id: x\nlanguage: en\npersonas: []\n", "")
