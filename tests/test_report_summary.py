"""The report for a reader with five minutes: the summary first, a table of
contents whose links land, stable anchors, the scoreboard before the stage
details; a folder's funnels and the portfolio's end-to-end conversion."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cjmap.choices import LANGUAGES
from cjmap.i18n import translator
from cjmap.report.formatting import Formatter
from conftest import ROOT, run_cli

BANK = "examples/bank-account-opening.journey.yaml"
BANK_MEASURED = ["--actuals", "examples/actuals/bank-account-opening.csv",
                 "--funnel", "examples/funnel/bank-account-opening.csv", "--date", "2026-06-01"]


def _report(args: list[str], target: Path, capsys: pytest.CaptureFixture[str],
            monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)
    code, _, err = run_cli(["report", *args, "-o", str(target), "--engine", "graphviz-pure"], capsys, monkeypatch)
    assert code == 0, err
    return target.read_text(encoding="utf-8")


def _section(markdown: str, anchor: str) -> str:
    """The Markdown of the level-2 section whose heading has this anchor."""
    return markdown.split(f'## <a id="{anchor}"></a>', 1)[1].split("\n## ", 1)[0]


class _Links(HTMLParser):
    """Ids, the targets of links, the level-2 headings' ids in order, and the
    text outside any link, of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.sections: list[str] = []
        self.unlinked: list[str] = []
        self._in_link = 0
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"] or "")
            if self._in_h2:
                self.sections.append(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
            self._in_link += 1
        self._in_h2 = self._in_h2 or tag == "h2"

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._in_link:
            self._in_link -= 1
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        if not self._in_link:
            self.unlinked.append(data)

    @classmethod
    def of(cls, html: str) -> _Links:
        links = cls()
        links.feed(html)
        return links


def test_the_summary_names_what_needs_acting_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    markdown = _report([BANK, *BANK_MEASURED], tmp_path / "bank.md", capsys, monkeypatch)
    summary = _section(markdown, "summary")
    assert summary.splitlines()[2] == (
        "**Objectives:** [2](#objectives) achieved · [1](#objectives) on track · [1](#objectives) at risk · "
        "[1](#objectives) off track · [2](#objectives) overdue · [1](#objectives) no data"
    )
    # The overdue and off-track objectives by name, worst first, each linked to its row.
    named = [line for line in summary.splitlines() if line.startswith("- overdue") or line.startswith("- off track")]
    assert named == [
        "- overdue [More visitors of the account page start an application… — measured 9.1%, target 12% · "
        "Compares current accounts](#objective-page-to-start-rate)",
        "- overdue [More started applications end with an open account… — measured 66%, target 70% · "
        "Applies and proves identity](#objective-application-completion)",
        "- off track [Keep the app store rating high, since it is the last thing… — measured 4.2 stars, "
        "target 4.6 stars · Decides to apply](#objective-app-rating)",
    ]
    assert "1. ① [4. Applies and proves identity, 3: Waits for a manual review because the address could not " \
           "be verified — -2 (very negative)](#stage-apply)" in summary
    assert "**High-severity pain points** ([3](#stages))" in summary
    assert "- [2. Compares current accounts: Document requirements are buried in a PDF](#stage-compare)" in summary
    assert ("**Biggest drop-off:** [1. Notices Northbank: 38,400 of its 48,000 customers (80%) do not reach the "
            "next stage](#funnel)") in summary
    assert "**Owned by nobody** ([2](#unowned))" in summary
    assert "**Journey health:** [0 errors, 0 warnings, 0 infos](#health) · [lanes filled in: 83%](#health)" in summary


def test_every_number_of_the_summary_is_a_link_that_lands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _report([BANK, *BANK_MEASURED], tmp_path / "bank.html", capsys, monkeypatch)
    summary = page.split('<a id="summary"></a>', 1)[1].split("<h2>", 1)[0]
    links = _Links.of(summary)
    outside = "".join(links.unlinked)
    assert not re.search(r"\d", outside), f"a number of the summary is not a link: {outside!r}"
    ids = set(_Links.of(page).ids)
    assert links.hrefs and all(href.startswith("#") and href[1:] in ids for href in links.hrefs)


def test_the_summary_with_nothing_to_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    journey = tmp_path / "calm.journey.yaml"
    journey.write_text(
        "cjmap: 1\nid: calm\ntitle: Calm\nteams: [{id: cx, name: CX}]\n"
        "stages:\n  - id: look\n    name: Look\n    phase: awareness\n    emotions: {score: 1}\n"
        "    pain_points: [{text: Slow page, severity: low}]\n",
        encoding="utf-8",
    )
    summary = _section(_report([str(journey), "--date", "2026-06-01"], tmp_path / "calm.md", capsys, monkeypatch),
                       "summary")
    assert "**Objectives:** [The journey has no objectives yet.](#objectives)" in summary
    assert "No moment falls below neutral." in summary
    assert "**High-severity pain points** ([0](#stages))\n\nNo pain point is of high severity." in summary
    assert "**Owned by nobody:** [everything has an owner](#unowned)" in summary
    assert "drop-off" not in summary  # no funnel given, nothing said of one


def test_long_lists_of_the_summary_stop_at_three_and_say_how_many_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pains = "".join(f"      - {{text: Pain {n}, severity: high}}\n" for n in range(1, 9))
    journey = tmp_path / "sore.journey.yaml"
    journey.write_text(
        "cjmap: 1\nid: sore\ntitle: Sore\nstages:\n  - id: look\n    name: Look\n    pain_points:\n" + pains,
        encoding="utf-8",
    )
    summary = _section(_report([str(journey), "--date", "2026-06-01"], tmp_path / "sore.md", capsys, monkeypatch),
                       "summary")
    listed = [line for line in summary.splitlines() if line.startswith("- [1. Look: Pain")]
    assert listed == [f"- [1. Look: Pain {n}](#stage-look)" for n in range(1, 4)]
    assert "- [and 5 more](#stages)" in summary


@pytest.mark.parametrize("language", LANGUAGES)
def test_contents_links_land_and_anchors_are_the_same_in_every_language(
    language: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _report([BANK, *BANK_MEASURED, "--lang", language], tmp_path / "bank.html", capsys, monkeypatch)
    links = _Links.of(page)
    contents = page.split('<a id="contents"></a>', 1)[1].split("<h2>", 1)[0]
    targets = [href[1:] for href in _Links.of(contents).hrefs]
    assert set(targets) <= set(links.ids)
    # Most pressing first, the file's health last; the scoreboard before the stage details.
    assert links.sections[:4] == ["summary", "contents", "objectives", "map"]
    assert links.sections[-1] == "health"
    assert links.sections.index("objectives") < links.sections.index("stages")
    assert [t for t in targets if not t.startswith("stage-")] == [s for s in links.sections if s != "contents"]
    stage_ids = ["notice", "compare", "decide", "apply", "activate", "main-account"]
    assert [t for t in targets if t.startswith("stage-")] == [f"stage-{s}" for s in stage_ids]
    assert len(links.ids) == len(set(links.ids)), "an id is given twice"


def test_team_alignment_names_objectives_by_their_statements(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    teams = _section(_report([BANK, "--date", "2026-06-01"], tmp_path / "bank.md", capsys, monkeypatch), "teams")
    assert "Objectives: [More people aged 18-34 recognise…](#objective-aided-awareness-young)" in teams
    assert "aided-awareness-young," not in teams and ": aided-awareness-young" not in teams


def test_without_a_date_the_report_is_dated_the_day_it_is_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    markdown = _report([BANK], tmp_path / "bank.md", capsys, monkeypatch)
    today = Formatter(translator("en")).date(date.today())
    assert f"- **Report date:** {today}" in markdown


@pytest.mark.parametrize(
    ("share", "words"),
    [(0.47, "47 %"), (0.0078, "0,78 %"), (0.0996, "10 %"), (0.0949, "9,5 %"), (0.00004, "0 %"), (-0.05, "−5 %"),
     (1.12, "112 %")],
)
def test_small_shares_keep_the_decimals_that_tell_them_apart(share: float, words: str) -> None:
    assert Formatter(translator("es")).share(share) == words


# --- a folder of journeys, a folder of funnels ------------------------------------


def test_a_folder_of_funnels_gives_each_journey_its_own_and_the_index_their_conversion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out_dir = tmp_path / "out"
    code, _, err = run_cli(["report", "examples", "--output-dir", str(out_dir), "--funnel", "examples/funnel",
                            "--date", "2026-06-01", "--engine", "graphviz-pure"], capsys, monkeypatch)
    assert code == 0, err
    assert "not read" not in err
    index = (out_dir / "index.report.md").read_text(encoding="utf-8")
    rows = {line.split("](", 1)[0][3:]: line.rsplit("|", 2)[1].strip() for line in index.splitlines()
            if line.startswith("| [")}
    assert rows["Opening a current account online"] == "[0.78%](bank-account-opening.report.md#funnel)"
    assert rows["Compra omnicanal en Trama (web, app y tienda)"] == "[1.3%](tienda-omnicanal.report.md#funnel)"
    assert rows["The first 90 days with a new current account"] == "—"
    # Each journey's report has its own funnel, and only those that have one.
    assert (out_dir / "bank-account-opening.report.funnel.svg").exists()
    assert (out_dir / "tienda-omnicanal.report.funnel.svg").exists()
    assert not (out_dir / "prova-saas-b2b.report.funnel.svg").exists()
    assert '<a id="funnel"></a>' not in (out_dir / "prova-saas-b2b.report.md").read_text(encoding="utf-8")


def _folder_report(
    funnels: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, Path]:
    """The examples reported with a folder of these funnel files: (exit code,
    standard error, the folder of funnels)."""
    monkeypatch.chdir(ROOT)
    folder = tmp_path / "funnels"
    folder.mkdir()
    for name, text in funnels.items():
        (folder / name).write_text(text, encoding="utf-8")
    code, out, err = run_cli(["report", "examples", "--output-dir", str(tmp_path / "out"), "--funnel", str(folder),
                              "--date", "2026-06-01", "--engine", "graphviz-pure"], capsys, monkeypatch)
    assert out == ""
    return code, err, folder


def test_a_funnel_file_no_journey_is_named_after_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err, funnels = _folder_report({"bank-acount-opening.csv": "stage,customers\nnotice,100\n"},
                                        tmp_path, capsys, monkeypatch)
    assert code == 0
    assert f"not read {funnels / 'bank-acount-opening.csv'}: no journey is named after it" in err


def test_two_funnels_for_one_journey_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err, funnels = _folder_report(
        {"bank-account-opening.csv": "stage,customers\nnotice,100\n", "bank-account-opening.yaml": "notice: 100\n"},
        tmp_path, capsys, monkeypatch,
    )
    assert code == 2
    assert f"cjmap: error: {funnels / 'bank-account-opening.csv'} and {funnels / 'bank-account-opening.yaml'} " \
           "are both funnels of examples/bank-account-opening.journey.yaml" in err
    assert not (tmp_path / "out").exists()


def test_a_bad_funnel_in_the_folder_stops_the_run_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err, funnels = _folder_report({"tienda-omnicanal.yaml": "descubre: 100\nexplra: 50\n"},
                                        tmp_path, capsys, monkeypatch)
    assert code == 1
    assert f"{funnels / 'tienda-omnicanal.yaml'}:2:" in err and "explora" in err
    assert not (tmp_path / "out").exists()
