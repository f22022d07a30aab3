"""`cjmap report DIR`: the index is the portfolio of the folder's journeys.

The committed workspace (tests/fixtures/workspace: three journeys sharing a
catalog, one on its own) gives golden files in three languages, read back by
GitHub's own Markdown parser (cmark-gfm) and an HTML parser, cell by cell.
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from cjmap.i18n import CATALOG

from conftest import ROOT, run_cli
from test_report import _compare, _gfm, _Page

WORKSPACE = ROOT / "tests" / "fixtures" / "workspace"
TITLES = ["Making a complaint", "The first week", "Renewal", "Signing up"]  # the order of the files
REPORTS = [f"journeys/{stem}.report" for stem in ("complaint", "first-week", "renewal", "signup")]
DATE = "2026-06-01"


def _index(
    args: list[str], out: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    *, folder: Path = WORKSPACE, output_format: str = "md", code: int = 0,
) -> str:
    """The index of `folder`'s reports written below `out`, after the exit code asked for."""
    monkeypatch.chdir(ROOT)
    exit_code, _, err = run_cli(
        ["report", str(folder), "--output-dir", str(out), "--format", output_format, "--engine", "graphviz-pure",
         *args], capsys, monkeypatch,
    )
    assert exit_code == code, err
    return (out / f"index.report.{output_format}").read_text(encoding="utf-8")


def _items(html: str) -> list[str]:
    """The text of every list item, tags left out."""
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in re.findall(r"<li>(.*?)</li>", html, re.S)]


def _tables(html: str) -> list[list[list[str]]]:
    """The tables' cells, a line break in a cell read as `; `."""
    return _Page.parse(html.replace("<br>", "; ")).tables


def _summary(html: str) -> str:
    first = re.search(r"<p>(.*?)</p>", html, re.S)
    assert first is not None
    return re.sub(r"<[^>]+>", "", first.group(1))


@pytest.mark.parametrize(("language", "output_format"), [("en", "md"), ("es", "md"), ("ca", "html")])
def test_golden_portfolio(
    language: str, output_format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    produced = _index(["--date", DATE, "--lang", language], tmp_path, capsys, monkeypatch,
                      output_format=output_format)
    _compare(Path(f"portfolio.{language}.{output_format}"), produced)
    page = _Page.parse(_gfm(produced) if output_format == "md" else produced)
    assert len(page.tables) == 5
    for table in page.tables:
        assert len({len(row) for row in table}) == 1, "a table with rows of different widths"
    words = set(CATALOG[language].values())
    assert page.headings2 and all(heading in words for heading in page.headings2)
    assert not page.external and page.tags["script"] == 0
    links = re.findall(r'href="([^"]*)"', _gfm(produced) if output_format == "md" else produced)
    assert links == [f"{name}.{output_format}" for name in REPORTS]


def test_every_table_reads_back_cell_by_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    html = _gfm(_index(["--date", DATE], tmp_path, capsys, monkeypatch))
    assert _summary(html) == "4 journeys · 3 personas · 4 teams · 6 objectives (6 no data) · 4 high-severity pain points"
    journeys, objectives, channels, teams, personas = _tables(html)
    assert journeys[0] == ["Journey", "Stages", "Objectives by status", "Journey health"]
    assert [row[:3] for row in journeys[1:]] == [
        ["Making a complaint", "1", "1 no data"], ["The first week", "2", "2 no data"],
        ["Renewal", "1", "1 no data"], ["Signing up", "2", "2 no data"],
    ]
    assert all(re.fullmatch(r"0 errors, \d+ warnings?, \d+ infos?", row[3]) for row in journeys[1:])
    assert objectives == [
        ["Status", "Objectives", "Journeys"],
        ["no data", "6", "Making a complaint (1), The first week (2), Renewal (1), Signing up (2)"],
    ]
    # Channels with most high-severity pain points first; a stage's pain points count
    # on the channels of its touchpoints and of its steps'.
    assert channels == [
        ["Channel", "High", "Medium", "Low", *TITLES],
        ["web", "2", "0", "0", "", "", "high: The new price is a surprise", "high: Prices are hard to find"],
        ["phone", "1", "1", "0", "", "medium: The call comes at work hours", "",
         "high: The form asks for a passport scan"],
        ["app", "1", "1", "0", "", "medium: The call comes at work hours", "",
         "high: The form asks for a passport scan"],
        ["mail", "1", "0", "0", "high: No answer for weeks", "", "", ""],
    ]
    owns, three = "owns the journey", "Stages: 1; Touchpoints: 1; Actions: 1"
    assert teams == [
        ["Team", *TITLES],
        ["Customer support", "", f"{owns}; {three}", owns, "Touchpoints: 1"],
        ["Product", "", three, "", three],
        ["Marketing", "", "", three, f"{owns}; {three}"],
        ["Complaints desk", f"{owns}; {three}", "", "", ""],
    ]
    # The catalog's personas by name, walked by the journeys that list their ids.
    assert personas == [
        ["Persona", *TITLES],
        ["Amina, new customer", "", "✓", "", "✓"],
        ["David, long-time customer", "", "✓", "✓", ""],
        ["Carla, unhappy customer", "✓", "", "", ""],
    ]
    assert _items(html) == [
        "Report date: 1 June 2026",
        "Making a complaint · 1. Writes a letter , 1: Posts a letter — -2 (very negative)",
        "Signing up · 2. Registers , 1: Fills in the form in the app — -2 (very negative)",
        "The first week · 2. First use , 1: Uses the app for the first time — -1 (negative)",
        "Renewal · 1. Gets the renewal reminder , 1: Reads the reminder on the website — -1 (negative)",
        "Making a complaint · 1. Writes a letter : No answer for weeks",
        "Renewal · 1. Gets the renewal reminder : The new price is a surprise",
        "Signing up · 1. Discovers Acme : Prices are hard to find",
        "Signing up · 2. Registers : The form asks for a passport scan",
        "Call centre (phone, Customer support): The first week, Signing up",
        "Mobile app (app, Product): The first week, Signing up",
        "Website (web, Marketing): Renewal, Signing up",
    ]


ACTUALS = "objective,value,date\nvisits,5000,2027-02-01\ncompletion,70,2027-02-01\nreached,80,2027-02-10\n" \
          "activation,55,2027-02-01\nrenewals,86,2027-01-15\n"


@pytest.mark.parametrize("dated", [True, False], ids=["date", "latest-measurement"])
def test_actuals_give_the_measured_statuses(
    dated: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Statuses as each report decides them: --date, or the latest measurement, calls
    `reached` (due 31 January 2027) overdue."""
    actuals = tmp_path / "actuals.csv"
    actuals.write_text(ACTUALS, encoding="utf-8")
    args = ["--actuals", str(actuals), *(["--date", "2027-02-15"] if dated else [])]
    html = _gfm(_index(args, tmp_path / "out", capsys, monkeypatch))
    counts = "1 achieved, 1 on track, 2 at risk, 1 overdue, 1 no data"
    assert _summary(html) == f"4 journeys · 3 personas · 4 teams · 6 objectives ({counts}) · 4 high-severity pain points"
    journeys, objectives, *_ = _tables(html)
    assert [row[2] for row in journeys[1:]] == ["1 no data", "1 at risk, 1 overdue", "1 achieved", "1 on track, 1 at risk"]
    assert objectives[1:] == [
        ["achieved", "1", "Renewal (1)"],
        ["on track", "1", "Signing up (1)"],
        ["at risk", "2", "The first week (1), Signing up (1)"],
        ["overdue", "1", "The first week (1)"],
        ["no data", "1", "Making a complaint (1)"],
    ]
    assert _items(html)[0] == ("Report date: 15 February 2027" if dated else "Figures as of: 10 February 2027")


def test_the_html_index_shows_statuses_as_badges(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    actuals = tmp_path / "actuals.yaml"
    actuals.write_text("renewals: 86\n", encoding="utf-8")
    page = _index(["--actuals", str(actuals)], tmp_path / "out", capsys, monkeypatch, output_format="html")
    assert '<td><span class="status achieved">achieved</span></td>' in page
    assert '<td><span class="status no-data">no data</span></td>' in page


BROKEN = "cjmap: 1\nid: broken\ntitle: [\n"
# Well formed, but its stage names a touchpoint nobody defines (CJ004).
GHOST = textwrap.dedent("""\
    cjmap: 1
    id: ghost
    title: Ghost journey
    personas: [{id: ghost-persona, name: Ghost persona}]
    stages:
      - id: haunt
        name: Haunts
        touchpoints: [nowhere]
        pain_points: [{text: Ghost pain, severity: high}]
    """)


def test_a_journey_that_cannot_be_read_is_left_out_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = tmp_path / "workspace"
    shutil.copytree(WORKSPACE, workspace)
    (workspace / "journeys" / "broken.journey.yaml").write_text(BROKEN, encoding="utf-8")
    (workspace / "journeys" / "ghost.journey.yaml").write_text(GHOST, encoding="utf-8")
    monkeypatch.chdir(ROOT)
    code, _, err = run_cli(["report", str(workspace), "--output-dir", str(tmp_path / "out"), "--date", DATE,
                            "--engine", "graphviz-pure"], capsys, monkeypatch)
    assert code == 1
    refused = f"{workspace}/journeys/broken.journey.yaml, {workspace}/journeys/ghost.journey.yaml"
    assert err.endswith(f"cjmap: no report for journeys that cannot be read: {refused}\n")
    assert "CJ004" in err and "CJ001" in err
    index = (tmp_path / "out" / "index.report.md").read_text(encoding="utf-8")
    assert "> Not in this overview, as they cannot be read: `journeys/broken.journey.yaml`, " \
           "`journeys/ghost.journey.yaml`\n" in index
    assert "Ghost" not in index
    html = _gfm(index)
    assert _summary(html).startswith("4 journeys · 3 personas · ")
    assert [row[0] for row in _Page.parse(html).tables[0][1:]] == TITLES
    assert sorted(p.name for p in (tmp_path / "out" / "journeys").glob("*.report.md")) == [
        "complaint.report.md", "first-week.report.md", "renewal.report.md", "signup.report.md",
    ]


def test_a_folder_of_broken_journeys_gets_no_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken.journey.yaml").write_text(BROKEN, encoding="utf-8")
    code, out, err = run_cli(["report", str(tmp_path)], capsys, monkeypatch)
    assert (code, out) == (1, "")
    assert err.endswith(f"cjmap: no report for journeys that cannot be read: {tmp_path}/broken.journey.yaml\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.journey.yaml"]


def test_one_output_file_for_a_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run_cli(["report", str(WORKSPACE), "-o", str(tmp_path / "all.md")], capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert err.startswith("cjmap: error: ") and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def _journey(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.journey.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


def test_channels_are_ordered_by_pain_and_every_empty_section_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One high-severity pain point outweighs three medium ones; pain points of
    a stage without touchpoints are kept, in a row of their own, last."""
    _journey(tmp_path / "in", "tiny", """\
        cjmap: 1
        id: tiny
        title: Tiny
        stages:
          - id: a
            name: A
            touchpoints: [{id: mailer, name: Mailer, channel: email}]
            pain_points: [{text: Slow, severity: medium}, {text: Vague, severity: medium}, Late]
          - id: b
            name: B
            touchpoints: [{id: texts, name: Texts, channel: sms}]
            pain_points: [{text: Lost, severity: high}]
          - id: c
            name: C
            pain_points: [{text: Minor, severity: low}, {text: Nowhere, severity: high}]
        """)
    html = _gfm(_index([], tmp_path / "out", capsys, monkeypatch, folder=tmp_path / "in"))
    assert _summary(html) == "1 journey · 0 personas · 0 teams · 0 objectives · 2 high-severity pain points"
    _, channels = _tables(html)
    assert channels == [
        ["Channel", "High", "Medium", "Low", "Tiny"],
        ["SMS", "1", "0", "0", "high: Lost"],
        ["email", "0", "3", "0", "medium: Slow; medium: Vague; medium: Late"],
        ["stages without a touchpoint", "1", "0", "1", "high: Nowhere; low: Minor"],
    ]
    text = " ".join(_Page.parse(html).text.split())
    for words in ("No journey has objectives yet.", "No moment falls below neutral.",
                  "No journey names an owner yet.", "No journey names its personas yet.",
                  "No touchpoint is used by more than one journey."):
        assert words in text


def test_one_id_is_one_row_with_every_name_it_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Journeys without a catalog that use one id for a team, a persona or a
    touchpoint: one row, showing each name they give it."""
    for ident, team, persona, touchpoint in (("one", "CX", "Ana", "Shop"), ("two", "Customer experience", "Ana",
                                                                             "Web shop")):
        _journey(tmp_path / "in", ident, f"""\
            cjmap: 1
            id: {ident}
            title: Journey {ident}
            owner: cx
            personas: [{{id: ana, name: {persona}}}]
            teams: [{{id: cx, name: {team}}}]
            stages:
              - id: buy
                name: Buys
                steps: [{{text: Pays, touchpoint: shop, score: -1}}]
                touchpoints: [{{id: shop, name: {touchpoint}, channel: web, owner: cx}}]
            """)
    html = _gfm(_index([], tmp_path / "out", capsys, monkeypatch, folder=tmp_path / "in"))
    assert _summary(html) == "2 journeys · 1 persona · 1 team · 0 objectives · 0 high-severity pain points"
    _, channels, teams, personas = _tables(html)
    assert teams[1] == ["CX / Customer experience", *["owns the journey; Touchpoints: 1"] * 2]
    assert personas[1] == ["Ana", "✓", "✓"]
    assert channels[1] == ["web", "0", "0", "0", "—", "—"]
    items = _items(html)
    assert items[-1] == "Shop / Web shop (web, CX / Customer experience): Journey one, Journey two"
    assert items[0].startswith("Report date: ")  # the day it is written: no date given, no actuals
    assert items[1:3] == ["Journey one · 1. Buys , 1: Pays — -1 (negative)", "Journey two · 1. Buys , 1: Pays — -1 (negative)"]


def test_blueprint_actions_count_for_the_team_that_owns_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frontstage, backstage and support actions are owned work too; one
    without an owner counts for nobody."""
    _journey(tmp_path / "in", "served", """\
        cjmap: 1
        id: served
        title: Served
        teams: [{id: ops, name: Operations}, {id: it, name: Systems}]
        stages:
          - id: ask
            name: Asks
            frontstage: [{text: Answers the phone, owner: ops}]
            backstage: [{text: Checks the file, owner: ops}, Files it]
            support: [{text: Case tool, owner: it}]
          - id: get
            name: Gets it
            backstage: [{text: Posts the answer, owner: ops}]
        """)
    html = _gfm(_index([], tmp_path / "out", capsys, monkeypatch, folder=tmp_path / "in"))
    assert _summary(html) == "1 journey · 0 personas · 2 teams · 0 objectives · 0 high-severity pain points"
    _, teams = _tables(html)
    assert teams == [["Team", "Served"], ["Operations", "Blueprint actions: 3"], ["Systems", "Blueprint actions: 1"]]


HOSTILE_TITLE = "A | B <script>alert(1)</script> *x* [y](javascript:alert(2))\n# Heading"
HOSTILE_PAIN = "<img src=x onerror=alert(3)> | ~~gone~~ `c`\n- item"


def test_hostile_titles_and_pain_points_stay_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Titles are column headers and list entries, pain points table cells: each
    reads as written, in tables of even width, with no element of its own."""
    for ident in ("one", "two"):
        _journey(tmp_path / "in", ident, f"""\
            cjmap: 1
            id: {ident}
            title: {json.dumps(HOSTILE_TITLE)}
            stages:
              - id: s
                name: {json.dumps(HOSTILE_TITLE)}
                touchpoints: [{{id: shop, name: {json.dumps(HOSTILE_PAIN)}, channel: web}}]
                pain_points: [{{text: {json.dumps(HOSTILE_PAIN)}, severity: high}}]
            """)
    for output_format in ("md", "html"):
        produced = _index([], tmp_path / output_format, capsys, monkeypatch, folder=tmp_path / "in",
                          output_format=output_format)
        html = _gfm(produced) if output_format == "md" else produced
        page = _Page.parse(html)
        assert page.tags["script"] == 0 and page.tags["img"] == 0
        # After the title, only the sections' own headings, and no element from the text.
        body = html.split("</h1>", 1)[1]
        assert not re.search(r"<(del|em|code|h1|h3|img|script)\b", body)
        assert re.findall(r'href="([^"]*)"', html) == [f"one.report.{output_format}", f"two.report.{output_format}"]
        for table in page.tables:
            assert len({len(row) for row in table}) == 1
        text = " ".join(page.text.split())
        assert " ".join(HOSTILE_TITLE.split()) in text and " ".join(HOSTILE_PAIN.split()) in text
