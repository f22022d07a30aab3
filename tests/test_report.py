"""`cjmap report`: golden reports in three languages with and without
actuals, read back by GitHub's own Markdown parser and an HTML parser."""

from __future__ import annotations

import json
import os
import re
import textwrap
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
from ruamel.yaml import YAML

from cjmap.i18n import CATALOG, LANGUAGES
from cjmap.model import Objective
from cjmap.report.status import status

from conftest import CLEAN_JOURNEY, EXAMPLES, ROOT, run_cli

GOLDEN = ROOT / "tests" / "golden" / "report"
UPDATE = os.environ.get("CJMAP_UPDATE_GOLDEN") == "1"
STEMS = ("bank-account-opening", "prova-saas-b2b", "tienda-omnicanal")
ACTUALS = {
    "bank-account-opening": "examples/actuals/bank-account-opening.csv",
    "prova-saas-b2b": "examples/actuals/prova-saas-b2b.csv",
    "tienda-omnicanal": "examples/actuals/tienda-omnicanal.yaml",
}
# A service blueprint: every blueprint lane, durations and waits, moments of truth; no actuals.
BLUEPRINT = "vallmar-avis-fanal"
# Without actuals a report is dated the day it is written: goldens give a date.
REPORT_DATE = ["--date", "2026-06-30"]
MARKDOWN_GOLDENS = [
    pytest.param(stem, language, with_actuals, id=f"{stem}-{language}-{'actuals' if with_actuals else 'plain'}")
    for stem in STEMS for language in LANGUAGES for with_actuals in (False, True)
] + [pytest.param(BLUEPRINT, language, False, id=f"{BLUEPRINT}-{language}-plain") for language in LANGUAGES]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile-text.journey.yaml"


def _gfm(markdown: str) -> str:
    """GitHub's own parser. Raw HTML is let through (GitHub keeps `<br>` too),
    so any markup that escaped from journey text would show in the result."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=cmarkgfm.Options.CMARK_OPT_UNSAFE)


def _compare(path: Path, produced: str) -> None:
    golden = GOLDEN / path.name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert golden.exists(), f"{golden.name} is missing; run with CJMAP_UPDATE_GOLDEN=1"
    assert produced == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs; if the change is wanted, rerun with CJMAP_UPDATE_GOLDEN=1 and review"
    )


def _report(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.chdir(ROOT)
    return run_cli(["report", *args], capsys, monkeypatch)[0]


@pytest.mark.parametrize(("stem", "language", "with_actuals"), MARKDOWN_GOLDENS)
def test_golden_markdown_reports(
    stem: str, language: str, with_actuals: bool, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = f"{stem}.{language}{'.actuals' if with_actuals else ''}.md"
    target = tmp_path / name
    args = [f"examples/{stem}.journey.yaml", "-o", str(target), "--lang", language, "--engine", "graphviz-pure"]
    args += ["--actuals", ACTUALS[stem]] if with_actuals else REPORT_DATE
    assert _report(args, capsys, monkeypatch) == 0
    produced = target.read_text(encoding="utf-8")
    _compare(target, produced)
    _check_markdown(produced, stem, language)
    # The pictures are written beside the Markdown and linked from it.
    for picture in (f"{name[:-3]}.map.svg", f"{name[:-3]}.emotions.svg"):
        assert f"]({picture})" in produced
        assert (tmp_path / picture).read_text(encoding="utf-8").lstrip().startswith(("<svg", "<?xml"))


@pytest.mark.parametrize("stem", (*STEMS, BLUEPRINT))
def test_golden_html_reports(
    stem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / f"{stem}.html"
    args = [f"examples/{stem}.journey.yaml", "-o", str(target), "--engine", "graphviz-pure"]
    args += ["--actuals", ACTUALS[stem]] if stem in ACTUALS else REPORT_DATE
    assert _report(args, capsys, monkeypatch) == 0
    produced = target.read_text(encoding="utf-8")
    _compare(target, produced)
    page = _Page.parse(produced)
    assert page.tags["script"] == 0 and page.tags["link"] == 0 and page.tags["iframe"] == 0
    # Pictures are inline: one per figure (the map, its pieces for print, the
    # curve) and a trend line per objective with a history.
    assert page.tags["svg"] == produced.count("<figure") + produced.count('class="trend-line"')
    assert produced.count('<figure class="map-') >= 1 and page.tags["style"] == 1
    assert not page.external, "the page must not request anything"
    assert sorted(os.listdir(tmp_path)) == [target.name], "HTML is one file"


FUNNEL = "examples/funnel/bank-account-opening.csv"  # two dates for some stages


@pytest.mark.parametrize("language", LANGUAGES)
def test_golden_markdown_reports_with_a_funnel(
    language: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stem = "bank-account-opening"
    target = tmp_path / f"{stem}.{language}.funnel.md"
    # With dated actuals too: the report's date is their latest, the scoreboard has trends.
    args = [f"examples/{stem}.journey.yaml", "-o", str(target), "--lang", language, "--engine", "graphviz-pure",
            "--funnel", FUNNEL, "--actuals", ACTUALS[stem]]
    assert _report(args, capsys, monkeypatch) == 0
    produced = target.read_text(encoding="utf-8")
    _compare(target, produced)
    _check_markdown(produced, stem, language)
    # The funnel chart is a third picture beside the report, linked from the Funnel section.
    written = sorted(p.name for p in tmp_path.iterdir())
    assert [name for name in written if ".trend-" not in name] == [
        f"{stem}.{language}.funnel.{kind}" for kind in ("emotions.svg", "funnel.svg", "map.svg", "md")
    ]
    assert len([name for name in written if ".trend-" in name]) == 6  # the objectives with a history
    chart = f"{stem}.{language}.funnel.funnel.svg"  # the report is named *.funnel.md
    section = produced.split(f'## <a id="funnel"></a>{CATALOG[language]["funnel.title"]}\n', 1)[1].split("\n## ", 1)[0]
    assert f"]({chart})" in section
    assert (tmp_path / chart).read_text(encoding="utf-8").startswith("<svg")


def test_golden_html_report_with_a_funnel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bank-account-opening.funnel.html"
    args = ["examples/bank-account-opening.journey.yaml", "-o", str(target), "--engine", "graphviz-pure",
            "--funnel", FUNNEL, "--actuals", ACTUALS["bank-account-opening"]]
    assert _report(args, capsys, monkeypatch) == 0
    produced = target.read_text(encoding="utf-8")
    _compare(target, produced)
    page = _Page.parse(produced)
    assert page.tags["script"] == 0 and not page.external
    assert page.tags["svg"] == produced.count("<figure") + produced.count('class="trend-line"')
    assert "<figcaption>Customers per stage</figcaption>" in produced
    assert sorted(os.listdir(tmp_path)) == [target.name], "HTML is one file"


def test_no_funnel_section_without_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.md"
    assert _report(["examples/bank-account-opening.journey.yaml", "-o", str(target), "--engine", "graphviz-pure"],
                   capsys, monkeypatch) == 0
    assert "## Funnel" not in target.read_text(encoding="utf-8")
    assert not (tmp_path / "r.funnel.svg").exists()


def _check_markdown(markdown: str, stem: str, language: str) -> None:
    """Read back with GitHub's parser: consistent tables, every stage and objective."""
    html = _gfm(markdown)
    page = _Page.parse(html)
    for table in page.tables:
        widths = {len(row) for row in table}
        assert len(widths) == 1, f"a table of {stem} has rows of {sorted(widths)} cells"
    from cjmap.loader import load_text
    from cjmap.schema import check_schema

    journey, _ = check_schema(load_text((EXAMPLES / f"{stem}.journey.yaml").read_text(encoding="utf-8")))
    assert journey is not None
    text = " ".join(page.text.split())
    for stage in journey.stages:
        assert " ".join(stage.name.split()) in text
        for objective in stage.objectives:
            assert " ".join(objective.statement.split()) in text
        for item in [*stage.evidence, *stage.frontstage, *stage.backstage, *stage.support]:
            assert " ".join(item.text.split()) in text
    headings = [h for h in page.headings if h not in {s.name for s in journey.stages}]
    words = set(CATALOG[language].values())
    for heading in page.headings2:
        assert heading in words, f"heading {heading!r} is not from the {language} catalog"
    assert headings


class _Page(HTMLParser):
    """Text, tables, tags, headings and outside references of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text_parts: list[str] = []
        self.tags: dict[str, int] = {k: 0 for k in ("script", "link", "iframe", "svg", "style", "img", "b")}
        self.tables: list[list[list[str]]] = []
        self.headings: list[str] = []
        self.headings2: list[str] = []
        self.external: list[str] = []
        self._heading: str | None = None
        self._heading_text: list[str] = []
        self._in_cell = False

    @classmethod
    def parse(cls, html: str) -> _Page:
        page = cls()
        page.feed(html)
        page.close()
        return page

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.tags:
            self.tags[tag] += 1
        for name, value in attrs:
            if name in ("src", "href") and value and re.match(r"(?i)\s*(https?:|//)", value):
                self.external.append(value)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.tables[-1][-1].append("")
            self._in_cell = True
        elif tag in ("h2", "h3"):
            self._heading, self._heading_text = tag, []
        if tag == "br":
            self.text_parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            words = "".join(self._heading_text).strip()
            self.headings.append(words)
            if tag == "h2":
                self.headings2.append(words)
            self._heading = None
        if tag in ("td", "th"):
            self._in_cell = False
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "blockquote"):
            self.text_parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        if self._in_cell:
            self.tables[-1][-1][-1] += data
        if self._heading:
            self._heading_text.append(data)


def test_hostile_text_arrives_as_text_in_markdown_and_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cjmap.loader import load_text
    from cjmap.schema import check_schema

    journey, _ = check_schema(load_text(HOSTILE.read_text(encoding="utf-8")))
    assert journey is not None
    for parsed in _hostile_reports(HOSTILE, tmp_path, capsys, monkeypatch):
        text = " ".join(parsed.text.split())
        for stage in journey.stages:
            assert " ".join(stage.name.split()) in text
            for need in stage.needs:
                assert " ".join(need.text.split()) in text


def _hostile_reports(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[_Page, _Page]:
    """The Markdown report as GitHub shows it and the HTML report, of a hostile
    journey: no element from journey text, and tables of even width."""
    md, page = tmp_path / "h.md", tmp_path / "h.html"
    for target in (md, page):
        assert _report([str(path), "-o", str(target), "--engine", "graphviz-pure"], capsys, monkeypatch) == 0
    rendered = _Page.parse(_gfm(md.read_text(encoding="utf-8")))
    html = _Page.parse(page.read_text(encoding="utf-8"))
    assert rendered.tags["img"] == 2 and html.tags["img"] == 0  # the two pictures, linked or inline
    for parsed in (rendered, html):
        assert parsed.tags["script"] == 0 and parsed.tags["b"] == 0
        for table in parsed.tables:
            assert len({len(row) for row in table}) == 1
    return rendered, html


def test_reports_are_deterministic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = []
    for run in ("one", "two"):
        target = tmp_path / run / "r.html"
        target.parent.mkdir()
        assert _report(["examples/tienda-omnicanal.journey.yaml", "-o", str(target)], capsys, monkeypatch) == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"2026-11" not in outputs[0] and str(date.today().year + 1).encode() not in outputs[0]


def test_the_date_option_is_printed_and_decides_overdue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.md"
    args = ["examples/bank-account-opening.journey.yaml", "-o", str(target), "--actuals", ACTUALS["bank-account-opening"]]
    assert _report([*args, "--date", "2026-01-15"], capsys, monkeypatch) == 0
    early = target.read_text(encoding="utf-8")
    assert "- **Report date:** 15 January 2026" in early and "overdue |" not in early
    assert _report([*args, "--date", "2027-01-15"], capsys, monkeypatch) == 0
    assert "- **Report date:** 15 January 2027" in target.read_text(encoding="utf-8")
    code, _, err = run_cli(["report", *args, "--date", "15/01/2027"], capsys, monkeypatch)
    assert code == 2 and err.startswith("cjmap: error: --date 15/01/2027 is not a date\n")


def test_bad_actuals_are_reported_with_lines_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    actuals = tmp_path / "bad.csv"
    actuals.write_text("objective,value,date\nreech,3%,2026-01-01\napp-rating,4.4,2026-02-30\n")
    target = tmp_path / "r.md"
    target.write_text("the old report")
    monkeypatch.chdir(ROOT)
    code, out, err = run_cli(["report", "examples/bank-account-opening.journey.yaml", "-o", str(target),
                              "--actuals", str(actuals)], capsys, monkeypatch)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith(f"cjmap: error: {actuals}:2: the journey has no objective `reech`")
    assert any(line.startswith(f"{actuals}:2: the value `3%`") for line in lines)
    assert any(line.startswith(f"{actuals}:3: the date `2026-02-30`") for line in lines)
    assert target.read_text() == "the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "r.md"]


def test_a_folder_gets_one_report_per_journey_and_an_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "reports"
    assert _report(["examples", "--output-dir", str(out), "--date", "2026-06-01"], capsys, monkeypatch) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "bank-account-opening.report.emotions.svg", "bank-account-opening.report.map.svg",
        "bank-account-opening.report.md",
        "bank-first-90-days.report.emotions.svg", "bank-first-90-days.report.map.svg",
        "bank-first-90-days.report.md", "index.report.md",
        "prova-saas-b2b.report.emotions.svg", "prova-saas-b2b.report.map.svg", "prova-saas-b2b.report.md",
        "tienda-omnicanal.report.emotions.svg", "tienda-omnicanal.report.map.svg", "tienda-omnicanal.report.md",
        "vallmar-avis-fanal.report.emotions.svg", "vallmar-avis-fanal.report.map.svg",
        "vallmar-avis-fanal.report.md",
    ]
    index = (out / "index.report.md").read_text(encoding="utf-8")
    page = _Page.parse(_gfm(index))
    # The portfolio: the journeys, then what they say side by side (tests/test_report_portfolio.py).
    table = page.tables[0]
    assert table[0] == ["Journey", "Stages", "Objectives by status", "Journey health"]
    assert [row[1:3] for row in table[1:]] == [["6", "8 no data"], ["3", "3 no data"], ["6", "8 no data"],
                                               ["6", "8 no data"], ["6", "6 no data"]]
    assert all(re.fullmatch(r"0 errors, 0 warnings, \d+ infos?", row[3]) for row in table[1:])
    assert "](bank-account-opening.report.md)" in index
    assert page.headings2 == [
        "Objectives across journeys", "Where it hurts most", "Pain points by channel: where effort pays most",
        "Who owns what, where", "Which persona walks which journey", "Touchpoints shared by several journeys",
    ]
    titles = [row[0] for row in table[1:]]
    assert page.tables[1] == [
        ["Status", "Objectives", "Journeys"],
        ["no data", "33", ", ".join(f"{title} ({3 if '90 days' in title else 6 if 'Vallmar' in title else 8})"
                                    for title in titles)],
    ]


def test_a_journey_that_cannot_be_read_gets_no_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "b.journey.yaml"
    broken.write_text("cjmap: 1\nid: b\ntitle: [\n")
    code, _, err = run_cli(["report", str(broken)], capsys, monkeypatch)
    assert code == 1
    assert f"{broken}:4:1 CJ001 error" in err
    assert err.endswith(f"cjmap: no report for journeys that cannot be read: {broken}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.journey.yaml"]


def test_quality_findings_appear_in_the_health_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "q.journey.yaml"
    path.write_text(CLEAN_JOURNEY.replace("    needs: [Compare offers]\n", ""))
    code, _, _ = run_cli(["report", str(path)], capsys, monkeypatch)
    assert code == 0
    report = (tmp_path / "q.report.md").read_text(encoding="utf-8")
    assert "| 1 | 0 | 0 |" in report
    assert "- `CJ101` error, line 19: stage 'compare' has no needs" in report


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "r.txt"], "cannot tell the format from the name r.txt"),
        (["--segment", "nobody"], "the journey 'bank-current-account-online' has no segment `nobody`"),
        (["-o", "examples/bank-account-opening.journey.yaml", "--format", "md"],
         "the output examples/bank-account-opening.journey.yaml is the journey being read"),
    ],
)
def test_usage_errors(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    before = (EXAMPLES / "bank-account-opening.journey.yaml").read_bytes()
    code, _, err = run_cli(["report", "examples/bank-account-opening.journey.yaml", *args], capsys, monkeypatch)
    assert code == 2
    assert err.startswith(f"cjmap: error: {message}")
    assert (EXAMPLES / "bank-account-opening.journey.yaml").read_bytes() == before


def test_segment_report_keeps_only_what_that_segment_lives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.md"
    assert _report(["examples/bank-account-opening.journey.yaml", "-o", str(target),
                    "--segment", "new-residents"], capsys, monkeypatch) == 0
    text = target.read_text(encoding="utf-8")
    assert "> This report shows the journey as lived by the segment **New residents**." in text
    assert "### New residents" in text and "### Bank switchers" not in text


def _objective(**values: object) -> Objective:
    return Objective.model_validate({"id": "o", "statement": "s", **values})


@pytest.mark.parametrize(
    ("values", "measured", "as_of", "expected"),
    [
        ({"baseline": 20, "target": 30}, None, None, "no-data"),
        ({"baseline": 20, "target": 30}, 30, None, "achieved"),
        ({"baseline": 20, "target": 30}, 35, date(2030, 1, 1), "achieved"),
        ({"baseline": 20, "target": 30, "due": "2026-01-31"}, 29, date(2026, 2, 1), "overdue"),
        ({"baseline": 20, "target": 30, "due": "2026-01-31"}, 29, date(2026, 1, 31), "on-track"),
        ({"baseline": 20, "target": 30}, 20, None, "off-track"),
        ({"baseline": 20, "target": 30}, 18, None, "off-track"),
        ({"baseline": 20, "target": 30}, 24.9, None, "at-risk"),
        ({"baseline": 20, "target": 30}, 25, None, "on-track"),
        ({"target": 30}, 25, None, "at-risk"),
        ({"baseline": 40, "target": 12}, 12, None, "achieved"),
        ({"baseline": 40, "target": 12}, 20, None, "on-track"),
        ({"baseline": 40, "target": 12}, 45, None, "off-track"),
        ({"baseline": 10, "target": 20, "direction": "decrease"}, 5, None, "achieved"),
    ],
)
def test_objective_status(values: dict[str, object], measured: float | None, as_of: date | None,
                          expected: str) -> None:
    assert status(_objective(**values), measured, as_of) == expected


def test_a_progress_too_large_to_print_is_capped() -> None:
    from cjmap.i18n import translator
    from cjmap.report.formatting import Formatter

    fmt = Formatter(translator("es"))
    assert (fmt.share(float("inf")), fmt.share(-1e12), fmt.share(0.474)) == ("> 9999 %", "< −9999 %", "47 %")


# --- the service blueprint: time, moments of truth, blueprint lanes -----------------

TIMED_JOURNEY = textwrap.dedent(
    """\
    cjmap: 1
    id: timed
    title: Timed journey
    teams:
      - {id: ops, name: Operations}
      - {id: web, name: Web team}
    stages:
      - id: apply
        name: Applies
        owner: web
        steps:
          - {text: Fills in the form, duration: 10 min, wait: 2 d, score: -1}
          - {text: Calls the bank, duration: 1.5 h, moment_of_truth: true, score: 1}
        evidence: [A confirmation email]
        frontstage:
          - {text: The agent answers the call, system: Phone system, duration: 5 min}
        backstage:
          - {text: Checks the documents, owner: ops, system: Case tool, duration: 2 h}
        support: [Credit bureau lookup]
      - id: wait
        name: Waits
        steps: [Checks the email]
      - id: use
        name: Uses
        steps:
          - {text: Gets the card, wait: 3 h, moment_of_truth: true, score: 2}
          - {text: Activates it, wait: 2 d}
          - {text: Pays, duration: 1 min, wait: 30 min}
        backstage:
          - {text: Sends the card, owner: ops}
    """
)


def _timed_report(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                  language: str = "en", journey: str = TIMED_JOURNEY) -> str:
    path = tmp_path / "timed.journey.yaml"
    path.write_text(journey, encoding="utf-8")
    target = tmp_path / f"timed.{language}.md"
    assert _report([str(path), "-o", str(target), "--lang", language, "--engine", "graphviz-pure"],
                   capsys, monkeypatch) == 0
    return target.read_text(encoding="utf-8")


def _section(markdown: str, heading: str) -> str:
    """The Markdown under `heading`, up to the next heading of its level or above."""
    lines = _without_anchors(markdown).splitlines()
    start = lines.index(heading) + 1
    level = heading.split(" ")[0]
    end = next((i for i in range(start, len(lines))
                if lines[i].startswith("#") and len(lines[i].split(" ")[0]) <= len(level)), len(lines))
    return "\n".join(lines[start:end])


def _lines(markdown: str) -> list[str]:
    return [line for line in _without_anchors(markdown).splitlines() if line]


def _without_anchors(markdown: str) -> str:
    """The Markdown without the anchors of its headings, as it reads."""
    return re.sub(r'<a id="[a-z0-9-]+"></a>', "", markdown)


def test_the_time_a_customer_spends_adds_up_steps_and_waits() -> None:
    from cjmap.loader import load_text
    from cjmap.report.data import assemble
    from cjmap.schema import check_schema

    journey, _ = check_schema(load_text(TIMED_JOURNEY))
    assert journey is not None
    time = assemble(journey, source="timed", language="en", findings=[]).time
    assert [(s.stage.id, s.steps, s.waits, s.total, s.given) for s in time.stages] == [
        ("apply", 600 + 5400, 2 * 86400, 6000 + 172800, True),
        ("wait", 0, 0, 0, False),  # no step gives a duration or a wait: "not given", not 0
        ("use", 60, 3 * 3600 + 2 * 86400 + 30 * 60, 60 + 185400, True),
    ]
    assert (time.steps, time.waits, time.total) == (6060, 358200, 364260)
    assert [s.stage.id for s in time.not_given] == ["wait"]
    # The three longest, longest first; of two equal waits, the one met first.
    assert [(w.stage_number, w.step_number, w.text, w.seconds) for w in time.longest_waits] == [
        (1, 1, "Fills in the form", 172800), (3, 2, "Activates it", 172800), (3, 1, "Gets the card", 10800),
    ]


TIME_TABLES = {
    "en": [
        ["Stage", "On the steps", "Waiting", "Total"],
        ["1. Applies", "1 h 40 min", "2 d", "2 d 1 h 40 min"],
        ["2. Waits", "—", "—", "not given"],
        ["3. Uses", "1 min", "2 d 3 h 30 min", "2 d 3 h 31 min"],
        ["Whole journey", "1 h 41 min", "4 d 3 h 30 min", "4 d 5 h 11 min"],
    ],
    "es": [
        ["Etapa", "En los pasos", "En esperas", "Total"],
        ["1. Applies", "1 h 40 min", "2 d", "2 d 1 h 40 min"],
        ["2. Waits", "—", "—", "sin indicar"],
        ["3. Uses", "1 min", "2 d 3 h 30 min", "2 d 3 h 31 min"],
        ["Todo el recorrido", "1 h 41 min", "4 d 3 h 30 min", "4 d 5 h 11 min"],
    ],
}
TIME_WORDS = {
    "en": ("## Time the customer spends",
           "Across the whole journey the customer spends **4 d 5 h 11 min**, in steps and waits.",
           "The total leaves out the stages whose steps give no duration or wait: 2. Waits. "
           "Add a `duration` or a `wait` to their steps to count them.",
           "**Longest waits**",
           ["1. **2 d** — **1. Applies**, 1: Fills in the form",
            "2. **2 d** — **3. Uses**, 2: Activates it",
            "3. **3 h** — **3. Uses**, 1: Gets the card"],
           ["1. Fills in the form (-1) · 10 min · wait 2 d", "2. ♦ Calls the bank (+1) · 1.5 h",
            "*Time: 2 d 1 h 40 min*"]),
    "es": ("## Tiempo que dedica el cliente",
           "En todo el recorrido el cliente dedica **4 d 5 h 11 min**, entre pasos y esperas.",
           "El total no cuenta las etapas cuyos pasos no indican duración ni espera: 2. Waits. "
           "Añade `duration` o `wait` a sus pasos para contarlas.",
           "**Esperas más largas**",
           ["1. **2 d** — **1. Applies**, 1: Fills in the form",
            "2. **2 d** — **3. Uses**, 2: Activates it",
            "3. **3 h** — **3. Uses**, 1: Gets the card"],
           ["1. Fills in the form (-1) · 10 min · espera 2 d", "2. ♦ Calls the bank (+1) · 1,5 h",
            "*Tiempo: 2 d 1 h 40 min*"]),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_time_section_in_the_readers_words(
    language: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    heading, summary, partial, longest, waits, steps = TIME_WORDS[language]
    markdown = _timed_report(tmp_path, capsys, monkeypatch, language)
    section = _section(markdown, heading)
    assert _lines(section)[0] == summary
    assert _Page.parse(_gfm(section)).tables == [TIME_TABLES[language]]
    assert _lines(section)[7:] == [partial, longest, *waits]
    words = CATALOG[language]
    headings = _Page.parse(_gfm(markdown)).headings2
    at = headings.index(words["report.time"])  # after the channels, before the age of the feedback
    assert headings[at - 1:at + 2] == [words["channels.title"], words["report.time"], words["evidence.title"]]
    assert headings.index(words["report.glance"]) < at < headings.index(words["report.stages"])
    stage = _lines(_section(markdown, "### 1. Applies"))
    assert stage[stage.index(steps[0]):stage.index(steps[0]) + 3] == steps


def test_no_time_blueprint_or_moments_of_truth_without_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    markdown = _timed_report(tmp_path, capsys, monkeypatch, journey=CLEAN_JOURNEY)
    for words in ("Time the customer spends", "Longest waits", "Service blueprint", "Moments of truth", "♦",
                  "Time:", "Line of"):
        assert words not in markdown


def test_moments_of_truth_come_first_in_the_stage_detail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    markdown = _timed_report(tmp_path, capsys, monkeypatch)
    assert _lines(_section(markdown, "### 1. Applies"))[:3] == [
        "**♦ Moments of truth**", "- **Calls the bank** (step 2) — +1 (positive)", "**Owner:** Web team",
    ]
    assert _lines(_section(markdown, "### 3. Uses"))[:3] == [
        "**♦ Moments of truth**", "- **Gets the card** (step 1) — +2 (very positive)", "**Steps**",
    ]
    assert _lines(_section(markdown, "### 2. Waits")) == ["**Steps**", "1. Checks the email"]


def test_a_stage_blueprint_in_the_blueprint_order_with_its_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    markdown = _timed_report(tmp_path, capsys, monkeypatch)
    blueprint = _section(markdown, "#### Service blueprint")
    labels = [line for line in _lines(blueprint) if line.startswith(("**", "*—", "- "))]
    assert labels == [
        "**Evidence**", "- A confirmation email",
        "*— Line of interaction —*", "**Frontstage**",
        "*— Line of visibility —*", "**Backstage**",
        "*— Line of internal interaction —*", "**Support processes**",
    ]
    header = ["Action", "Owner", "System", "Duration"]
    assert _Page.parse(_gfm(blueprint)).tables == [
        [header, ["The agent answers the call", "—", "Phone system", "5 min"]],
        [header, ["Checks the documents", "Operations", "Case tool", "2 h"]],
        [header, ["Credit bureau lookup", "—", "—", "—"]],
    ]
    # A stage with one lane: no line above the first lane shown.
    uses = _lines(_section(markdown, "### 3. Uses"))
    assert uses[uses.index("#### Service blueprint") + 1:] == [
        "**Backstage**", "| Action | Owner | System | Duration |", "| --- | --- | --- | ---: |",
        "| Sends the card | Operations | — | — |",
    ]
    assert markdown.count("#### Service blueprint") == 2  # stage 2 has none


def test_team_alignment_counts_blueprint_actions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    markdown = _timed_report(tmp_path, capsys, monkeypatch)
    section = _section(markdown, "## Team alignment")
    teams = _Page.parse(_gfm(section).replace("<br>", "; ")).tables[0]
    assert teams == [
        ["Team", "1. Applies", "2. Waits", "3. Uses"],
        ["Operations", "Backstage: Checks the documents", "", "Backstage: Sends the card"],
        ["Web team", "owns the stage", "", ""],
    ]
    # Nobody owns the frontstage and support actions of the first stage.
    assert _lines(section)[-3:] == [
        "**Owned by nobody**",
        "- frontstage action: The agent answers the call (Applies)",
        "- support process: Credit bureau lookup (Applies)",
    ]


def test_hostile_text_in_the_blueprint_arrives_as_text_in_markdown_and_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hostile journey with every new field filled in by hostile text too:
    evidence, the text and system of blueprint actions, a moment of truth, and
    steps with durations and waits so that the time section shows its stages."""
    from cjmap.loader import load_text
    from cjmap.schema import check_schema

    data = YAML(typ="safe").load(HOSTILE.read_text(encoding="utf-8"))
    for number, stage in enumerate(data["stages"], start=1):
        stage["steps"] = [{"text": BLUEPRINT_HOSTILE[0] + f" step {number}", "duration": "10 min", "wait": "2 d",
                           "moment_of_truth": True, "score": -1}]
        stage["evidence"] = [BLUEPRINT_HOSTILE[1], {"text": BLUEPRINT_HOSTILE[2]}]
        for lane in ("frontstage", "backstage", "support"):
            stage[lane] = [{"text": f"{BLUEPRINT_HOSTILE[3]} {lane}", "system": BLUEPRINT_HOSTILE[4],
                            "duration": "1.5 h"},  # no owner: listed as owned by nobody
                           {"text": f"{lane}: {BLUEPRINT_HOSTILE[5]}", "owner": "ops"}]
    path = tmp_path / "hostile.journey.yaml"
    # JSON is YAML, every character as built; YAML reads no escaped surrogates (the emoji).
    path.write_text(json.dumps(data, default=str, ensure_ascii=False), encoding="utf-8")
    journey, _ = check_schema(load_text(path.read_text(encoding="utf-8")))
    assert journey is not None and journey.has_blueprint
    expected = [" ".join(text.split()) for text in (
        *(step.text for stage in journey.stages for step in stage.steps),
        *(item.text for stage in journey.stages for item in stage.evidence),
        *(action.text for stage in journey.stages for lane in ("frontstage", "backstage", "support")
          for action in getattr(stage, lane)),
        BLUEPRINT_HOSTILE[4],
    )]
    for parsed in _hostile_reports(path, tmp_path, capsys, monkeypatch):
        text = " ".join(parsed.text.split())
        for words in expected:
            assert words in text
        assert "Time the customer spends" in parsed.headings2


BLUEPRINT_HOSTILE = (
    '<script>alert("step")</script> | *em* _u_ `tick` \\ back',
    '<b>evidence</b> & "quotes" | pipe',
    "Line one\n# not a heading\n- not a list\n| not | a | row |",
    "1. not a list <img src=x onerror=alert(1)> [link](javascript:alert(1))",
    "System </td></tr> <b>bold</b> ` `` ``` \\| ~~strike~~",
    "x" * 400 + " <script>long</script>",
)


def test_a_stage_whose_every_step_has_a_score_has_its_emotions_filled() -> None:
    """Completeness agrees with CJ107: step scores stand in for `emotions`."""
    from cjmap.loader import load_text
    from cjmap.report.data import assemble
    from cjmap.schema import check_schema

    text = CLEAN_JOURNEY.replace(
        "    emotions: {score: 1}\n    touchpoints:\n      - {id: ad",
        "    steps:\n      - {text: Sees an ad, score: 1}\n      - {text: Clicks, score: 2}\n"
        "    touchpoints:\n      - {id: ad",
    ).replace(
        "    emotions: {score: 0}\n",
        "    steps:\n      - {text: Visits, score: 0}\n      - Asks a friend\n",
    )
    assert text.count("emotions:") == 2
    journey, _ = check_schema(load_text(text))
    assert journey is not None
    stages = assemble(journey, source="scored", language="en", findings=[]).health.stages
    assert ["emotions" in s.filled for s in stages] == [True, False, True, True]
