"""The funnel of `cjmap report --funnel`: the file read as the actuals are
(every mistake at its line, did-you-mean, nothing written), the conversions
worked out, and the chart drawn in stage order and to scale."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from cjmap.i18n import translator
from cjmap.model import Journey
from cjmap.report import funnel
from cjmap.report.charts import funnel_chart
from cjmap.report.data import Actual
from cjmap.report.funnel import FunnelError, read_funnel

from conftest import ROOT, run_cli

STAGES = ("notice", "compare", "decide", "apply")
SVG = "{http://www.w3.org/2000/svg}"


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return str(path)


def error(tmp_path: Path, name: str, content: str | bytes) -> FunnelError:
    with pytest.raises(FunnelError) as caught:
        read_funnel(write(tmp_path, name, content), STAGES)
    return caught.value


# --- reading --------------------------------------------------------------------------


def test_csv_latest_date_wins_and_whole_numbers_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, "f.csv", (
        "\ufeffstage,customers,date\r\n"
        "notice,44500,2026-04-30\r\nnotice,48000,2026-05-31\r\n"
        "compare,9100,2026-05-31\r\ncompare,9600,2026-04-30\r\n"
        "decide,1e3,\r\napply,1900.0,2026-05-31\r\n"
    ))
    counts = read_funnel(path, STAGES)
    assert counts == {
        "notice": Actual(48000, date(2026, 5, 31), 3),
        "compare": Actual(9100, date(2026, 5, 31), 4),
        "decide": Actual(1000, None, 6),
        "apply": Actual(1900, date(2026, 5, 31), 7),
    }
    assert all(type(count.value) is int for count in counts.values())


def test_yaml_is_one_whole_number_per_stage(tmp_path: Path) -> None:
    path = write(tmp_path, "f.yaml", "# May\nnotice: 48000\napply: '1900'\n")
    assert read_funnel(path, STAGES) == {"notice": Actual(48000, None, 2), "apply": Actual(1900, None, 3)}


HINT = funnel.CSV_HINT
NUMBER = "write a whole number such as 1200"


@pytest.mark.parametrize(("content", "expected"), [
    ("stage,customers\nnotise,100\n", [(2, "the journey has no stage `notise`; did you mean `notice`?")]),
    ("stage,customers\nzzz,100\n", [(2, "the journey has no stage `zzz`; use the `id` of one of its stages")]),
    ("stage,customers\napply,-5\n", [(2, f"the value `-5` of `apply` is negative; {NUMBER}, or 0 if nobody reached it")]),
    ("stage,customers\napply,12.5\n", [(2, f"the value `12.5` of `apply` is not a whole number; {NUMBER}")]),
    ("stage,customers\napply,1.200\n", [(2, (
        "the value `1.200` of `apply` is not a whole number; if the point separates thousands, write 1200"))]),
    ('stage,customers\napply,"1,200"\n', [(2, (
        "the value `1,200` of `apply` has a comma; write 1200 without the thousands separator"))]),
    ("stage,customers\napply,12%\n", [(2, (
        "the value `12%` of `apply` has a percent sign; write how many customers reached the stage, "
        "not a share of them"))]),
    ("stage,customers\napply,\n", [(2, f"`apply` has no number of customers; {NUMBER}, or remove the row")]),
    ("stage,customers,date\napply,5,2026-02-30\n", [(2, (
        "the date `2026-02-30` of `apply` does not exist; check the month and the day (YYYY-MM-DD)"))]),
    ("stage,customers,date\napply,5,31/05/2026\n", [(2, (
        "the date `31/05/2026` of `apply` is not a date; write dates as YYYY-MM-DD, e.g. 2027-03-31"))]),
    ("stage,customers,date\napply,5,2026-01-01\ndecide,4,\napply,6,2026-01-01\n", [(4, (
        "`apply` has another row for 2026-01-01 at line 2; keep one of them "
        "(a history of measurements gives each row its own date)"))]),
    ("stage,customers\napply,5\napply,6\n", [(3, (
        "`apply` has another row without a date at line 2; keep one of them "
        "(a history of measurements gives each row its own date)"))]),
    ("apply,5\n", [(1, (
        "the file has no header: the first line must be `stage,customers,date`, or `stage,customers` "
        "without dates, not `apply,5`"))]),
    ("step,customers\napply,5\n", [(1, (
        "the header `step,customers` is wrong: `step` should be `stage`; the first line must be "
        "`stage,customers,date`, or `stage,customers` without dates"))]),
    ("", [(1, "the file is empty; the first line must be the header `stage,customers,date`")]),
    (b"stage,customers\nd\xe9cide,4\n", [(2, (
        "the file is not UTF-8 text: byte 0xE9 at offset 17 cannot be read; save the file with UTF-8 "
        "encoding (most editors offer it in 'Save as')"))]),
])
def test_csv_problems(tmp_path: Path, content: str | bytes, expected: list[tuple[int, str]]) -> None:
    err = error(tmp_path, "f.csv", content)
    assert err.problems == expected
    assert err.hint == HINT
    assert str(err).splitlines()[0] == f"{tmp_path / 'f.csv'}:{expected[0][0]}: {expected[0][1]}"


def test_yaml_problems_each_at_its_line(tmp_path: Path) -> None:
    err = error(tmp_path, "f.yaml", "notice: 100\nnotice: 90\ncompare: {value: 3}\ndecide: [1]\napply:\nnotise: 1\n")
    assert err.problems == [
        (2, "duplicate key `notice` (first at line 1); keep one of them (a CSV file can keep several measurements)"),
        (3, "`compare` has a mapping; write one whole number, such as `compare: 1200` "
            "(a CSV file can keep several measurements)"),
        (4, "`decide` has a list; write one whole number, such as `decide: 1200` "
            "(a CSV file can keep several measurements)"),
        (5, "`apply` has no number of customers; write a whole number, such as `apply: 1200`"),
        (6, "the journey has no stage `notise`; did you mean `notice`?"),
    ]
    assert err.hint == funnel.YAML_HINT


def test_other_suffixes_and_missing_files(tmp_path: Path) -> None:
    err = error(tmp_path, "f.txt", "notice: 1\n")
    assert str(err) == f"cannot read {tmp_path / 'f.txt'}: a funnel file must end in .csv, .yaml or .yml; this one ends in `.txt`"
    assert err.hint == funnel.FILE_HINT
    with pytest.raises(FunnelError) as caught:
        read_funnel(str(tmp_path / "none.csv"), STAGES)
    assert caught.value.hint == "check the path given to --funnel"
    assert FunnelError.exit_code == 1


# --- the numbers ------------------------------------------------------------------------


def _journey(*names: str) -> Journey:
    """Stages named `names`, their ids a, b, c…"""
    stages = [{"id": chr(ord("a") + i), "name": name} for i, name in enumerate(names)]
    return Journey.model_validate({"cjmap": 1, "id": "j", "title": "J", "stages": stages})


def test_conversion_entry_mid_journey_not_measured_and_the_biggest_drop() -> None:
    journey = _journey("A", "B", "C", "D", "E", "F")
    counts = {"a": Actual(1000), "b": Actual(400), "c": Actual(500), "e": Actual(100), "f": Actual(20)}
    result = funnel.assemble(journey, counts)
    rows = {row.stage.id: row for row in result.stages}
    assert [(r.customers, r.share, r.conversion, r.drop, r.joined) for r in result.stages] == [
        (1000, 1.0, 0.4, 600, 0),
        (400, 0.4, None, 0, 100),  # more at C: customers enter there, no negative drop-off
        (500, 0.5, None, None, 0),  # D is not measured: nothing worked out across it
        (None, None, None, None, 0),
        (100, 0.1, 0.2, 80, 0),
        (20, 0.02, None, None, 0),  # the last stage has no next one
    ]
    assert result.biggest is rows["a"]
    assert result.not_measured == (rows["d"],)
    assert result.end_to_end == 0.02


def test_no_biggest_drop_when_no_stage_loses_customers() -> None:
    result = funnel.assemble(_journey("A", "B"), {"a": Actual(10), "b": Actual(10)})
    assert result.biggest is None and result.end_to_end == 1.0
    assert funnel.assemble(_journey("A", "B"), {}).end_to_end is None


def test_emotion_score_is_the_stages_or_the_mean_of_its_steps() -> None:
    journey = Journey.model_validate({"cjmap": 1, "id": "j", "title": "J", "stages": [
        {"id": "a", "name": "A", "emotions": {"score": -2}, "steps": [{"text": "x", "score": 2}]},
        {"id": "b", "name": "B", "steps": [{"text": "x", "score": -2}, {"text": "y", "score": 1}]},
        {"id": "c", "name": "C"},
    ]})
    assert [funnel.emotion_score(s) for s in journey.stages] == [-2.0, -0.5, None]


# --- the chart ------------------------------------------------------------------------------


def test_chart_bars_in_stage_order_and_to_scale() -> None:
    journey = _journey("Notice", "Compare <b>&amp;", "Decide", "Apply")
    counts = {"a": Actual(800), "b": Actual(200), "d": Actual(1000)}
    svg = funnel_chart(funnel.assemble(journey, counts), translator("en"), title="Customers & <co>")
    root = ET.fromstring(svg)  # a real XML parser: well-formed, nothing unescaped
    assert root.find(f"{SVG}title").text == "Customers & <co>"
    stages = root.findall(f".//{SVG}g[@class='stage']")
    assert [g.find(f"{SVG}title").text.split(":")[0] for g in stages] == [
        "1. Notice", "2. Compare <b>&amp;", "3. Decide", "4. Apply"]
    bars = [g.find(f"{SVG}rect[@class='bar']") for g in stages]
    assert bars[2] is None and stages[2].find(f"{SVG}rect[@class='not-measured']") is not None
    widths = [float(bar.get("width")) for bar in bars if bar is not None]
    assert widths == [336.0, 84.0, 420.0]  # 800, 200 and 1000 customers: the widest is 1000
    tops = [float(g.find(f"{SVG}rect").get("y")) for g in stages]
    assert tops == sorted(tops)
    values = [g.find(f"{SVG}text[@class='value']").text for g in stages]
    assert values == ["800 · 100% · ▼ biggest drop-off", "200 · 25%", "not measured", "1000 · 125%"]
    assert bars[0].get("fill") == "#d1382b" and bars[1].get("fill") == "#1e3a5f"
    assert "<script" not in svg


# --- the command ------------------------------------------------------------------------------


def test_a_bad_funnel_exits_1_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("stage,customers,date\nnotise,100,2026-01-01\napply,-3,\n", encoding="utf-8")
    target = tmp_path / "r.md"
    target.write_text("the old report")
    monkeypatch.chdir(ROOT)
    code, out, err = run_cli(["report", "examples/bank-account-opening.journey.yaml", "-o", str(target),
                              "--funnel", str(bad), "--actuals", "examples/actuals/bank-account-opening.csv"],
                             capsys, monkeypatch)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == f"cjmap: error: {bad}:2: the journey has no stage `notise`; did you mean `notice`?"
    assert lines[1] == (f"{bad}:3: the value `-3` of `apply` is negative; write a whole number such as 1200, "
                        "or 0 if nobody reached it")
    assert target.read_text() == "the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "r.md"]  # no picture either


@pytest.mark.parametrize("option", ["--funnel", "--actuals"])
def test_measured_files_are_read_with_the_configured_file_size_limit(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limits of cjmap.toml bound every file a run reads, the measured ones too."""
    measures = tmp_path / "measures"
    measures.mkdir()
    (measures / "cjmap.toml").write_text("[limits]\nfile-size = 30\n", encoding="utf-8")
    content = "stage,customers\nnotice,48000\napply,1900\n" if option == "--funnel" else (
        "objective,value\nsee-offer,12\nswitch-offer,3\n"
    )
    measured = measures / "measured.csv"
    measured.write_text(content, encoding="utf-8")
    target = tmp_path / "r.md"
    monkeypatch.chdir(ROOT)
    code, _, err = run_cli(["report", "examples/bank-account-opening.journey.yaml", "-o", str(target),
                            option, str(measured)], capsys, monkeypatch)
    assert code == 1
    assert f"{measured}:1: the file is larger than 30 bytes" in err
    assert not target.exists()


def test_one_funnel_file_for_a_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run_cli(["report", "examples", "--output-dir", str(tmp_path),
                              "--funnel", "examples/funnel/bank-account-opening.csv"], capsys, monkeypatch)
    assert code == 2 and out == ""
    assert err.startswith("cjmap: error: --funnel counts the customers of one journey's stages; "
                          "examples is a folder\n")
    assert "cjmap report JOURNEY.journey.yaml --funnel FILE" in err
    assert list(tmp_path.iterdir()) == []


def test_yaml_funnel_with_customers_entering_mid_journey(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "t.md"
    monkeypatch.chdir(ROOT)
    code, _, _ = run_cli(["report", "examples/tienda-omnicanal.journey.yaml", "-o", str(target), "--engine",
                          "graphviz-pure", "--funnel", "examples/funnel/tienda-omnicanal.yaml"], capsys, monkeypatch)
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert ("| 5. Cambia o devuelve | 310 | 0,3 % | — | *ninguno: 1060 clientes más en la etapa siguiente, "
            "donde entran clientes a mitad del recorrido* |") in text
    assert "| **2. Busca, compara y se prueba** ▼ | 58.000 | 56 % | 9,4 % | **52.550 (91 %)** |" in text
    assert "**2. Busca, compara y se prueba**: **52.550** de sus 58.000 clientes (91 %)" in text


def test_hostile_stage_names_are_escaped_in_the_funnel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    journey = tmp_path / "h.journey.yaml"
    journey.write_text(textwrap.dedent('''\
        cjmap: 1
        id: h
        title: "Hostile <script>"
        stages:
          - id: a
            name: "<img src=x onerror=alert(1)> | *a* & b"
            pain_points:
              - {text: "<b>pain</b> | `x`", severity: high}
          - id: b
            name: "]]> \\\\ [link](http://x)"
        '''), encoding="utf-8")
    counts = write(tmp_path, "f.yaml", "a: 10\nb: 4\n")
    monkeypatch.chdir(tmp_path)
    for name in ("h.md", "h.html"):
        code, _, err = run_cli(["report", str(journey), "-o", name, "--engine", "graphviz-pure", "--funnel", counts],
                               capsys, monkeypatch)
        assert code == 0, err
    markdown = (tmp_path / "h.md").read_text(encoding="utf-8")
    section = markdown.split('## <a id="funnel"></a>Funnel\n', 1)[1].split("\n## ", 1)[0]
    assert "<img" not in section and "<b>" not in section
    assert "&lt;img src=x onerror=alert(1)> \\| \\*a\\* &amp; b" in section
    ET.fromstring((tmp_path / "h.funnel.svg").read_text(encoding="utf-8"))
    page = (tmp_path / "h.html").read_text(encoding="utf-8")
    assert "<img" not in page and "<b>pain" not in page and "<script>" not in page
