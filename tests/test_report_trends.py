"""Trends of objectives: the dated rows of an actuals file kept as each
objective's history, the trend told from its last two values and the
objective's direction, the small trend line (SVG), and the scoreboard's
Trend column in the Markdown and HTML reports written by the real command."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import PAGE_WIDTHS, chromium
from cjmap.i18n import translator
from cjmap.model import Objective
from cjmap.report.actuals import ActualsError, read_actuals, read_actuals_with_history
from cjmap.report.charts import TREND_HEIGHT, TREND_PAD, TREND_WIDTH, trend_line
from cjmap.report.data import Actual
from cjmap.report.status import trend
from conftest import EXAMPLES, ROOT, run_cli

SVG = "{http://www.w3.org/2000/svg}"
KNOWN = ("reach", "signups", "nps")
T = translator("en")
BANK = "bank-account-opening"
BANK_TRENDS = (  # objective id → its trend in the example's actuals
    ("aided-awareness-young", "↗ improving"),
    ("page-to-start-rate", "↘ worsening"),
    ("app-rating", "→ steady"),
    ("application-completion", "↗ improving"),
    ("time-to-open", "↘ improving"),  # a time that falls: the right way
    ("card-activation-7d", "↗ improving"),
)


def write(tmp_path: Path, name: str, content: str) -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def objective(**given: object) -> Objective:
    return Objective.model_validate({"id": "reach", "statement": "Reach more people", **given})


def dated(*points: tuple[float, str]) -> tuple[Actual, ...]:
    return tuple(Actual(value, date.fromisoformat(day), line) for line, (value, day) in enumerate(points, start=2))


# --- the history ------------------------------------------------------------------


def test_the_dated_rows_are_each_objectives_history_oldest_first(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", (
        "objective,value,date\n"
        "reach,30,2027-03-31\n"   # 2
        "reach,10,2027-01-31\n"   # 3
        "reach,99,\n"             # 4: undated, no part of the history
        "reach,20,2027-02-28\n"   # 5
        "signups,5,2027-01-31\n"  # 6
        "signups,6,2027-01-31\n"  # 7: the same date further down wins
        "nps,4,\n"                # 8: only undated
    ))
    read = read_actuals_with_history(path, KNOWN)
    assert read.history == {
        "reach": (Actual(10, date(2027, 1, 31), 3), Actual(20, date(2027, 2, 28), 5), Actual(30, date(2027, 3, 31), 2)),
        "signups": (Actual(6, date(2027, 1, 31), 7),),
    }
    # The latest value is what it always was: the latest date, else the last undated row.
    assert read.latest == read_actuals(path, KNOWN) == {
        "reach": Actual(30, date(2027, 3, 31), 2),
        "signups": Actual(6, date(2027, 1, 31), 7),
        "nps": Actual(4, None, 8),
    }


def test_a_yaml_file_gives_no_history_beyond_one_dated_value(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "reach: 35\nsignups: {value: 120, date: 2027-03-31}\n")
    read = read_actuals_with_history(path, KNOWN)
    assert read.history == {"signups": (Actual(120, date(2027, 3, 31), 2),)}
    assert read.latest == {"reach": Actual(35, None, 1), "signups": Actual(120, date(2027, 3, 31), 2)}


def test_a_bad_history_is_reported_line_by_line_as_before(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "objective,value,date\nreach,10,2027-01-31\nreech,20,2027-02-28\nreach,3%,2027-03-31\n")
    with pytest.raises(ActualsError) as caught:
        read_actuals_with_history(path, KNOWN)
    assert caught.value.problems == [
        (3, "the journey has no objective `reech`; did you mean `reach`?"),
        (4, "the value `3%` of `reach` has a percent sign; write 3 (the unit is set on the objective in the journey)"),
    ]
    assert str(caught.value).splitlines()[0].startswith(f"{path}:3: ")


# --- the trend rule -----------------------------------------------------------------


@pytest.mark.parametrize(("given", "values", "expected"), [
    ({"direction": "increase"}, [1, 2], "improving"),
    ({"direction": "increase"}, [2, 1], "worsening"),
    ({"direction": "decrease"}, [2, 1], "improving"),
    ({"direction": "decrease"}, [1, 2], "worsening"),
    ({"direction": "increase"}, [3, 3], "steady"),
    ({"direction": "decrease"}, [3, 3], "steady"),
    ({"direction": "increase"}, [1, 5, 4], "worsening"),  # only the last two count
    ({"direction": "decrease"}, [9, 2, 2], "steady"),
    ({"baseline": 38, "target": 12}, [20, 18], "improving"),  # decreasing, worked out
    ({"baseline": 10, "target": 12}, [20, 18], "worsening"),  # increasing, worked out
    ({"target": 12}, [5, 6], "improving"),  # no direction to tell: up, as `achieved` counts it
    ({"direction": "increase"}, [4], "none"),
    ({"direction": "decrease"}, [], "none"),
])
def test_the_trend_comes_from_the_last_two_values_and_the_direction(
    given: dict[str, object], values: list[float], expected: str
) -> None:
    assert trend(objective(**given), values) == expected


# --- the trend line -----------------------------------------------------------------


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def points_of(root: ET.Element) -> list[tuple[float, float]]:
    polyline = root.find(f"{SVG}polyline")
    assert polyline is not None
    return [tuple(map(float, pair.split(","))) for pair in polyline.get("points", "").split()]  # type: ignore[misc]


def test_the_trend_line_draws_every_value_by_date_and_marks_the_last() -> None:
    history = dated((22, "2026-02-15"), (24, "2026-04-01"), (31, "2026-05-15"))
    goal = objective(baseline=22, target=30, unit="%", direction="increase")
    root = parse(trend_line(history, goal, T, title="Trend of Reach more people"))
    assert root.get("width") == str(TREND_WIDTH) and root.get("height") == str(TREND_HEIGHT)
    points = points_of(root)
    assert len(points) == 3
    assert points[0] == (TREND_PAD, TREND_HEIGHT - TREND_PAD)  # the lowest value, first
    assert points[-1] == (TREND_WIDTH - TREND_PAD, TREND_PAD)  # the highest value, last
    # Placed by date: 45 days, then 44 days, of 89.
    assert points[1][0] == pytest.approx(TREND_PAD + (TREND_WIDTH - 2 * TREND_PAD) * 45 / 89, abs=0.05)
    last = root.find(f"{SVG}circle")
    assert last is not None and last.get("class") == "last"
    assert (float(last.get("cx", "")), float(last.get("cy", ""))) == points[-1]
    target = root.find(f"{SVG}line")
    assert target is not None and target.get("class") == "target" and target.get("stroke-dasharray")
    # 30 on a scale from 22 (bottom) to 31 (top).
    assert float(target.get("y1", "")) == pytest.approx(TREND_PAD + (31 - 30) / 9 * (TREND_HEIGHT - 2 * TREND_PAD), abs=0.05)
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == (
        "Trend of Reach more people: 22% on 15 February 2026, 24% on 1 April 2026, 31% on 15 May 2026; "
        "target 30%; improving"
    )
    assert root.find(f".//{SVG}script") is None and root.find(f".//{SVG}text") is None


def test_a_target_far_from_the_values_is_left_out_rather_than_flatten_them() -> None:
    history = dated((36, "2026-01-31"), (35, "2026-02-28"), (34, "2026-03-31"))
    root = parse(trend_line(history, objective(target=45, direction="increase"), T, title="t"))
    assert root.find(f"{SVG}line") is None
    assert [y for _, y in points_of(root)] == [TREND_PAD, TREND_HEIGHT / 2, TREND_HEIGHT - TREND_PAD]
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "t: 36 on 31 January 2026, 35 on 28 February 2026, 34 on 31 March 2026; target 45; worsening"


def test_equal_values_are_a_level_line_in_the_middle() -> None:
    history = dated((70, "2026-03-31"), (70, "2026-04-30"))
    root = parse(trend_line(history, objective(direction="increase"), T, title="t"))
    assert points_of(root) == [(TREND_PAD, TREND_HEIGHT / 2), (TREND_WIDTH - TREND_PAD, TREND_HEIGHT / 2)]
    title = root.find(f"{SVG}title")
    assert title is not None and title.text is not None and title.text.endswith("; steady")


def test_hostile_statement_and_unit_stay_text_in_the_trend_line() -> None:
    statement = 'Grow </title><script>alert(1)</script> & "more" \x07'
    unit = '<b onload="x()">&</b>'
    goal = objective(statement=statement, unit=unit, target=5, direction="increase")
    history = dated((4, "2026-01-31"), (4.5, "2026-02-28"))
    svg = trend_line(history, goal, translator("es"), title=translator("es")("trend.chart", objective=statement))
    root = parse(svg)
    assert root.find(f".//{SVG}script") is None and root.find(f".//{SVG}b") is None
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == (
        f'Tendencia de Grow </title><script>alert(1)</script> & "more": '
        f"4 {unit} el 31 de enero de 2026, 4,5 {unit} el 28 de febrero de 2026; meta 5 {unit}; mejorando"
    )
    assert svg == trend_line(history, goal, translator("es"), title=translator("es")("trend.chart", objective=statement))


def test_values_near_a_floats_limit_still_give_finite_coordinates() -> None:
    history = dated((-1.7e308, "2026-01-31"), (1.7e308, "2026-02-28"))
    root = parse(trend_line(history, objective(target=1, direction="increase"), T, title="t"))
    assert points_of(root) == [(TREND_PAD, TREND_HEIGHT - TREND_PAD), (TREND_WIDTH - TREND_PAD, TREND_PAD)]
    target = root.find(f"{SVG}line")
    assert target is not None and float(target.get("y1", "")) == TREND_HEIGHT / 2


# --- the reports, written by the real command ----------------------------------------


def cells_of(markdown: str, header_first: str, row_starts: str) -> dict[str, str]:
    """The cells of the table row that starts with `row_starts`, by header."""
    # A scoreboard row starts with its objective's anchor, then its statement.
    lines = re.sub(r'<a id="[a-z0-9-]+"></a>', "", markdown).splitlines()
    header = next(line for line in lines if line.startswith(f"| {header_first} |"))
    row = next(line for line in lines if line.startswith(f"| {row_starts}"))

    def split(line: str) -> list[str]:
        return [part.strip() for part in re.split(r"(?<!\\)\|", line)[1:-1]]

    return dict(zip(split(header), split(row)))


def report(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
           target: str, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(ROOT)
    code, _, err = run_cli(["report", f"examples/{BANK}.journey.yaml", "-o", str(tmp_path / target),
                            "--engine", "graphviz-pure", *args], capsys, monkeypatch)
    return code, err


def test_the_markdown_scoreboard_shows_each_trend_line_and_its_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err = report(tmp_path, capsys, monkeypatch, "r.md", "--actuals", f"examples/actuals/{BANK}.csv")
    assert code == 0, err
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["r.md", "r.map.svg", "r.emotions.svg", *(f"r.trend-{objective}.svg" for objective, _ in BANK_TRENDS)]
    )
    awareness = cells_of(text, "Objective", "More people aged 18-34")
    assert awareness["Trend"] == "![Trend line](r.trend-aided-awareness-young.svg)<br>↗ improving"
    assert awareness["Status"] == "achieved<br>improving"
    time = cells_of(text, "Objective", "Open accounts faster")
    assert time["Trend"] == "![Trend line](r.trend-time-to-open.svg)<br>↘ improving"
    salary = cells_of(text, "Objective", "More new customers pay")  # one dated value: no trend
    assert salary["Trend"] == "—" and "<br>" not in salary["Status"]
    assert "**Trend:** from the last two dated measurements" in text
    for objective, words in BANK_TRENDS:
        assert f"(r.trend-{objective}.svg)<br>{words} |" in text
        root = ET.parse(tmp_path / f"r.trend-{objective}.svg").getroot()
        assert root.tag == f"{SVG}svg" and root.get("class") == "trend-line"
        assert words.split(" ")[1] in (root.findtext(f"{SVG}title") or "")


def test_without_a_history_the_scoreboard_has_no_trend_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    actuals = write(tmp_path, "a.csv", "objective,value,date\ntime-to-open,20,2026-05-15\napp-rating,4.2,\n")
    code, err = report(tmp_path, capsys, monkeypatch, "r.md", "--actuals", actuals)
    assert code == 0, err
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "| Trend |" not in text and "**Trend:**" not in text
    assert not list(tmp_path.glob("r.trend-*"))


def test_a_report_in_spanish_words_its_trends_in_spanish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err = report(tmp_path, capsys, monkeypatch, "r.md", "--actuals", f"examples/actuals/{BANK}.csv",
                       "--lang", "es")
    assert code == 0, err
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "![Línea de tendencia](r.trend-page-to-start-rate.svg)<br>↘ empeorando |" in text
    assert "| Tendencia |" in text


class _Svgs(HTMLParser):
    """Every <svg> of the page, with the elements it stands in."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.found: list[tuple[str | None, tuple[str, ...]]] = []  # (class, ancestors)
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.found.append((dict(attrs).get("class"), tuple(self.open)))
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")
        if tag not in ("br", "img", "meta", "circle", "line", "polyline", "path", "rect"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]


def test_the_html_report_holds_the_trend_lines_inline_in_their_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err = report(tmp_path, capsys, monkeypatch, "r.html", "--actuals", f"examples/actuals/{BANK}.csv")
    assert code == 0, err
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]
    page = _Svgs()
    page.feed((tmp_path / "r.html").read_text(encoding="utf-8"))
    trend_lines = [ancestors for kind, ancestors in page.found if kind == "trend-line"]
    assert len(trend_lines) == len(BANK_TRENDS)  # one per objective with a trend, nothing else counted
    assert all(ancestors[-1] == "td" and "figure" not in ancestors for ancestors in trend_lines)
    assert page.images == []  # every marker replaced


def test_a_failed_run_writes_no_trend_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    actuals = write(tmp_path, "a.csv", (
        "objective,value,date\ntime-to-open,26,2026-03-15\ntime-to-open,20,2026-05-15\ntime-to-opn,18,2026-06-15\n"
    ))
    code, err = report(tmp_path, capsys, monkeypatch, "r.md", "--actuals", actuals)
    assert code == 1
    assert f"{actuals}:4: the journey has no objective `time-to-opn`; did you mean `time-to-open`?" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


# --- the page in a real browser -------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium(width=1280) as driver:
        yield driver


@pytest.mark.parametrize("stem", [BANK, "prova-saas-b2b"])
def test_the_scoreboard_with_trend_lines_never_scrolls_sideways_at_1280_pixels(
    stem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, browser
) -> None:
    monkeypatch.chdir(ROOT)
    target = tmp_path / f"{stem}.html"
    code, _, err = run_cli(["report", str(EXAMPLES / f"{stem}.journey.yaml"), "-o", str(target),
                            "--actuals", str(EXAMPLES / "actuals" / f"{stem}.csv")], capsys, monkeypatch)
    assert code == 0, err
    browser.get(target.as_uri())
    scroll_width, client_width = browser.execute_script(PAGE_WIDTHS)
    assert scroll_width <= client_width
    widths = browser.execute_script(
        "return Array.from(document.querySelectorAll('svg.trend-line')).map(s => s.getBoundingClientRect().width);"
    )
    assert len(widths) == 6 and set(widths) == {TREND_WIDTH}  # drawn at their own size, not squeezed
