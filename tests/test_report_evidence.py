"""How old the evidence behind each stage is: month arithmetic, the
`[report] evidence-max-age` setting, and the Evidence section and stage line
of the real report, in every language."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from cjmap import config
from cjmap.i18n import CATALOG
from cjmap.loader import load_text
from cjmap.model import Journey
from cjmap.report.evidence import NO_FEEDBACK, STALE, UNDATED, evidence_of, months_between
from cjmap.schema import check_schema

from conftest import CLEAN_JOURNEY, run_cli


def _with_feedback(text: str, after: str, *entries: str) -> str:
    """A journey with feedback added to the stage whose needs are `after`."""
    anchor = f"    needs: [{after}]\n"
    assert anchor in text
    lines = "".join(f"      - {entry}\n" for entry in entries)
    return text.replace(anchor, anchor + "    feedback:\n" + lines, 1)


# Discover: two pieces, the newest 13 months before REPORT_DATE (stale).
# Compare: none. Buy: one piece without a date. Stay: one piece, a month old.
REPORT_DATE = "2026-03-31"
EVIDENCED = _with_feedback(
    _with_feedback(
        _with_feedback(
            CLEAN_JOURNEY, "Know the price",
            "{text: Older remark, source: NPS survey, date: 2024-12-31}",
            "{text: Prices were hard to find, source: NPS survey, date: 2025-02-10}",
        ),
        "Pay easily", "{text: Checkout was quick, source: Store visit}",
    ),
    "Get help", "{text: Support answered at once, source: Chat log, date: 2026-02-28}",
)


def _journey(text: str) -> Journey:
    journey, _ = check_schema(load_text(text))
    assert journey is not None
    return journey


# --- month arithmetic ---------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2026-03-31", "2026-03-31", 0),  # the same day
        ("2026-03-01", "2026-03-31", 0),  # within one month
        ("2025-03-31", "2026-03-30", 11),  # a day short of a year
        ("2025-03-31", "2026-03-31", 12),
        ("2025-01-31", "2025-02-28", 1),  # end of month: February's last day completes it
        ("2025-01-31", "2025-02-27", 0),
        ("2025-01-30", "2025-03-01", 1),
        ("2024-01-31", "2024-02-29", 1),  # leap year
        ("2024-02-29", "2025-02-28", 12),  # leap day: a year later, February has no 29th
        ("2024-02-29", "2025-02-27", 11),
        ("2024-02-29", "2028-02-28", 47),  # 2028 has a 29 February: not yet four years
        ("2024-02-29", "2028-02-29", 48),
        ("2025-12-15", "2026-01-15", 1),  # across the new year
        ("2025-12-16", "2026-01-15", 0),
        ("2026-04-01", "2026-03-31", 0),  # feedback after the report's date: no age
        ("2026-03-31", "2026-03-01", 0),
        ("2027-01-01", "2026-03-31", 0),
        ("0001-01-01", "9999-12-31", 119987),  # never too big to count
    ],
)
def test_months_between_counts_whole_calendar_months(start: str, end: str, months: int) -> None:
    assert months_between(date.fromisoformat(start), date.fromisoformat(end)) == months


def test_every_stage_has_its_count_newest_date_age_and_flag() -> None:
    found = evidence_of(_journey(EVIDENCED), as_of=date.fromisoformat(REPORT_DATE), max_age=12)
    assert [(s.stage.id, s.number, s.pieces, s.newest, s.age, s.flag) for s in found.stages] == [
        ("discover", 1, 2, date(2025, 2, 10), 13, STALE),
        ("compare", 2, 0, None, None, NO_FEEDBACK),
        ("buy", 3, 1, None, None, UNDATED),
        ("stay", 4, 1, date(2026, 2, 28), 1, None),
    ]
    assert [s.stage.id for s in found.flagged] == ["discover", "compare", "buy"]
    assert found.of("discover") is found.stages[0] and found.of("nowhere") is None


@pytest.mark.parametrize(
    ("newest", "max_age", "stale"),
    [
        ("2025-03-31", 12, False),  # 12 months to the day: at the maximum, not over it
        ("2025-03-01", 12, False),  # 12 months and 30 days: still 12 whole months
        ("2025-02-28", 12, True),  # 13 months
        ("2026-02-28", 1, False),
        ("2026-02-27", 1, False),  # 1 month and some days
        ("2026-01-31", 1, True),
        ("2026-06-01", 1, False),  # after the report's date: under a month old, never stale
    ],
)
def test_a_stage_is_stale_when_more_whole_months_old_than_the_maximum(
    newest: str, max_age: int, stale: bool
) -> None:
    text = _with_feedback(CLEAN_JOURNEY, "Know the price", f"{{text: A remark, date: {newest}}}")
    found = evidence_of(_journey(text), as_of=date.fromisoformat(REPORT_DATE), max_age=max_age).stages[0]
    assert (found.stale, found.flag) == (stale, STALE if stale else None)


def test_without_a_report_date_the_dates_have_no_age_and_nothing_is_flagged() -> None:
    found = evidence_of(_journey(EVIDENCED), as_of=None, max_age=12)
    assert [(s.newest, s.age, s.flag) for s in found.stages] == [
        (date(2025, 2, 10), None, None), (None, None, None), (None, None, None), (date(2026, 2, 28), None, None),
    ]
    assert found.flagged == ()


# --- the configuration --------------------------------------------------------


def test_evidence_max_age_is_read_from_the_report_table(tmp_path: Path) -> None:
    (tmp_path / "cjmap.toml").write_text("[report]\nevidence-max-age = 18\n")
    (tmp_path / "pyproject.toml").write_text("[tool.cjmap.report]\nevidence-max-age = 1\n")
    (tmp_path / "other.toml").write_text('fail-on = "warning"\n')
    assert config.load(tmp_path / "cjmap.toml").evidence_max_age == 18
    assert config.load(tmp_path / "pyproject.toml").evidence_max_age == 1
    assert config.load(tmp_path / "other.toml").evidence_max_age == 12
    assert config.NO_CONFIG.evidence_max_age == 12


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[report]\nevidence-max-age = 0\n",
         "`report.evidence-max-age` is `0`; it must be a whole number of months, at least 1"),
        ("[report]\nevidence-max-age = -6\n",
         "`report.evidence-max-age` is `-6`; it must be a whole number of months, at least 1"),
        ("[report]\nevidence-max-age = 1.5\n",
         "`report.evidence-max-age` is `1.5`; it must be a whole number of months, at least 1"),
        ('[report]\nevidence-max-age = "12"\n',
         "`report.evidence-max-age` is `12`; it must be a whole number of months, at least 1"),
        ("[report]\nevidence-max-age = true\n",
         "`report.evidence-max-age` is `True`; it must be a whole number of months, at least 1"),
        ("[report]\nevidence-max-ages = 12\n",
         "unknown key `report.evidence-max-ages`; did you mean `evidence-max-age`?"),
        ("report = 12\n", "`report` must be a table, like [report]"),
        ("[reprot]\nevidence-max-age = 12\n", "unknown key `reprot`; did you mean `report`?"),
    ],
)
def test_a_bad_report_setting_is_a_usage_error_that_names_the_file(
    toml: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cjmap.toml").write_text(toml)
    (tmp_path / "shop.journey.yaml").write_text(EVIDENCED)
    code, out, err = run_cli(["report", str(tmp_path / "shop.journey.yaml"), "--date", REPORT_DATE],
                             capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert err.startswith(f"cjmap: error: {tmp_path / 'cjmap.toml'}: {message}")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "cjmap.toml", "shop.journey.yaml"]


def test_a_bad_setting_in_pyproject_names_its_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.cjmap.report]\nevidence-max-age = 0\n")
    (tmp_path / "shop.journey.yaml").write_text(EVIDENCED)
    code, _, err = run_cli(["report", str(tmp_path / "shop.journey.yaml"), "--date", REPORT_DATE],
                           capsys, monkeypatch)
    assert code == 2
    assert err.startswith(f"cjmap: error: {tmp_path / 'pyproject.toml'} [tool.cjmap]: `report.evidence-max-age` is `0`")


# --- the report ---------------------------------------------------------------


def _report(
    journey: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    *options: str, name: str = "shop",
) -> str:
    """The Markdown report of `journey` written by the real command, dated REPORT_DATE."""
    source = tmp_path / f"{name}.journey.yaml"
    source.write_text(journey, encoding="utf-8")
    target = tmp_path / f"{name}.md"
    code, _, err = run_cli(["report", str(source), "-o", str(target), "--date", REPORT_DATE,
                            "--engine", "graphviz-pure", *options], capsys, monkeypatch)
    assert code == 0, err
    return target.read_text(encoding="utf-8")


def _section(markdown: str, anchor: str) -> list[str]:
    """The lines of the level-2 section with this anchor, up to the next one."""
    start = markdown.index(f'## <a id="{anchor}"></a>')
    end = markdown.find("\n## ", start + 1)
    return markdown[start:end if end != -1 else None].strip().splitlines()


def _stage_details(markdown: str, stage_id: str) -> str:
    start = markdown.index(f'### <a id="stage-{stage_id}"></a>')
    end = markdown.find("\n### ", start + 1)
    return markdown[start:end]


SECTIONS = {
    "en": [
        "## <a id=\"evidence\"></a>Age of the feedback",
        "",
        "The newest dated customer feedback of each stage, and its age on 31 March 2026. Feedback older than "
        "12 months is flagged, and so is a stage with no dated feedback.",
        "",
        "| Stage | Pieces of feedback | Newest | Age | Flag |",
        "| --- | ---: | --- | --- | --- |",
        "| [1. Discover](#stage-discover) | 2 | 10 February 2025 | 1 year and 1 month | ⚠ **out of date** |",
        "| [2. Compare](#stage-compare) | 0 | — | — | *no feedback* |",
        "| [3. Buy](#stage-buy) | 1 | — | — | *no dates* |",
        "| [4. Stay](#stage-stay) | 1 | 28 February 2026 | 1 month |   |",
        "",
        "Give each piece of feedback a `date` (YYYY-MM-DD) so that its age can be told.",
    ],
    "es": [
        "## <a id=\"evidence\"></a>Antigüedad de las opiniones",
        "",
        "La opinión de clientes fechada más reciente de cada etapa y su antigüedad a fecha de 31 de marzo de 2026. "
        "Se señala la opinión de más de 12 meses, y también la etapa sin opiniones fechadas.",
        "",
        "| Etapa | Opiniones | Más reciente | Antigüedad | Aviso |",
        "| --- | ---: | --- | --- | --- |",
        "| [1. Discover](#stage-discover) | 2 | 10 de febrero de 2025 | 1 año y 1 mes | ⚠ **desactualizada** |",
        "| [2. Compare](#stage-compare) | 0 | — | — | *sin opiniones* |",
        "| [3. Buy](#stage-buy) | 1 | — | — | *sin fechas* |",
        "| [4. Stay](#stage-stay) | 1 | 28 de febrero de 2026 | 1 mes |   |",
        "",
        "Pon una `date` (AAAA-MM-DD) a cada opinión para poder saber su antigüedad.",
    ],
    "ca": [
        "## <a id=\"evidence\"></a>Antiguitat de les opinions",
        "",
        "L'opinió de clients datada més recent de cada etapa i la seva antiguitat en la data de l'informe, "
        "31 de març de 2026. S'assenyala l'opinió de més de 12 mesos, i també l'etapa sense opinions datades.",
        "",
        "| Etapa | Opinions | Més recent | Antiguitat | Avís |",
        "| --- | ---: | --- | --- | --- |",
        "| [1. Discover](#stage-discover) | 2 | 10 de febrer de 2025 | 1 any i 1 mes | ⚠ **desfasada** |",
        "| [2. Compare](#stage-compare) | 0 | — | — | *sense opinions* |",
        "| [3. Buy](#stage-buy) | 1 | — | — | *sense dates* |",
        "| [4. Stay](#stage-stay) | 1 | 28 de febrer de 2026 | 1 mes |   |",
        "",
        "Posa una `date` (AAAA-MM-DD) a cada opinió per poder saber-ne l'antiguitat.",
    ],
}
STAGE_LINES = {
    "en": "*⚠ The newest feedback here is 1 year and 1 month old: older than 12 months.*",
    "es": "*⚠ La opinión más reciente de esta etapa tiene 1 año y 1 mes: más de 12 meses.*",
    "ca": "*⚠ L'opinió més recent d'aquesta etapa té 1 any i 1 mes: més de 12 mesos.*",
}


@pytest.mark.parametrize("language", ["en", "es", "ca"])
def test_the_evidence_section_and_the_stale_stage_line(
    language: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()  # no configuration from outside the test's folder
    markdown = _report(EVIDENCED, tmp_path, capsys, monkeypatch, "--lang", language)
    assert _section(markdown, "evidence") == SECTIONS[language]
    assert "(#evidence)" in markdown  # listed in the contents
    stale = _stage_details(markdown, "discover")
    # Under the stage's feedback heading, above its feedback.
    heading = stale.index(f"**{CATALOG[language]['report.feedback']}**\n\n{STAGE_LINES[language]}\n\n> ")
    assert stale.count("⚠") == 1 and heading < stale.index("> Older remark")
    for fresh in ("compare", "buy", "stay"):
        assert "⚠" not in _stage_details(markdown, fresh)


@pytest.mark.parametrize(
    ("newest", "words"),
    [
        ("2026-03-15", ("under a month", "menos de un mes", "menys d'un mes")),
        ("2026-05-01", ("under a month", "menos de un mes", "menys d'un mes")),  # after the report's date
        ("2025-12-31", ("3 months", "3 meses", "3 mesos")),
        ("2025-03-31", ("1 year", "1 año", "1 any")),
        ("2024-03-31", ("2 years", "2 años", "2 anys")),
        ("2024-01-30", ("2 years and 2 months", "2 años y 2 meses", "2 anys i 2 mesos")),
    ],
)
def test_ages_read_as_months_or_years_and_months_in_every_language(
    newest: str, words: tuple[str, str, str], tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / ".git").mkdir()
    text = _with_feedback(CLEAN_JOURNEY, "Know the price", f"{{text: A remark, date: {newest}}}")
    for language, expected in zip(("en", "es", "ca"), words, strict=True):
        markdown = _report(text, tmp_path, capsys, monkeypatch, "--lang", language)
        row = next(line for line in _section(markdown, "evidence") if line.startswith("| [1. Discover]"))
        assert row.split(" | ")[3] == expected


def test_a_journey_without_feedback_says_so_instead_of_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    markdown = _report(CLEAN_JOURNEY, tmp_path, capsys, monkeypatch)
    assert _section(markdown, "evidence") == [
        "## <a id=\"evidence\"></a>Age of the feedback",
        "",
        "No stage has customer feedback yet: nothing backs the map. Add `feedback` to the stages, "
        "with a `date` for each piece.",
    ]


# A piece of feedback 14 months old on REPORT_DATE: stale at 12, not at 24.
FOURTEEN_MONTHS = _with_feedback(CLEAN_JOURNEY, "Know the price", "{text: A remark, date: 2025-01-10}")


def _flag_of_first_stage(markdown: str) -> str:
    row = next(line for line in _section(markdown, "evidence") if line.startswith("| [1. Discover]"))
    return row.split(" | ")[4].rstrip(" |")


def test_each_journey_of_a_folder_uses_the_configuration_closest_to_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cjmap.toml").write_text("[report]\nevidence-max-age = 24\n")
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "cjmap.toml").write_text('language = "en"\n')  # closest, and no [report]: 12
    (tmp_path / "a.journey.yaml").write_text(FOURTEEN_MONTHS.replace("id: clean\n", "id: a\n", 1))
    (tmp_path / "team" / "b.journey.yaml").write_text(FOURTEEN_MONTHS.replace("id: clean\n", "id: b\n", 1))
    out = tmp_path / "out"
    code, _, err = run_cli(["report", str(tmp_path), "--output-dir", str(out), "--date", REPORT_DATE,
                            "--engine", "graphviz-pure"], capsys, monkeypatch)
    assert code == 0, err
    a = (out / "a.report.md").read_text(encoding="utf-8")
    b = (out / "team" / "b.report.md").read_text(encoding="utf-8")
    assert (_flag_of_first_stage(a), _flag_of_first_stage(b)) == ("", "⚠ **out of date**")
    # The threshold said is each journey's own.
    assert "older than 24 months is flagged" in _section(a, "evidence")[2]
    assert "older than 12 months is flagged" in _section(b, "evidence")[2]


def test_the_settings_give_each_journey_its_maximum_and_isolated_the_default(tmp_path: Path) -> None:
    from cjmap.settings import Overrides, Settings

    (tmp_path / ".git").mkdir()
    (tmp_path / "cjmap.toml").write_text("[report]\nevidence-max-age = 24\n")
    journey = tmp_path / "a.journey.yaml"
    journey.write_text(FOURTEEN_MONTHS)
    assert Settings().for_file(str(journey)).config.evidence_max_age == 24
    assert Settings(Overrides(isolated=True)).for_file(str(journey)).config.evidence_max_age == 12


def test_the_threshold_said_is_the_journeys_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cjmap.toml").write_text("[report]\nevidence-max-age = 1\n")
    markdown = _report(EVIDENCED, tmp_path, capsys, monkeypatch)
    section = _section(markdown, "evidence")
    assert "Feedback older than 1 month is flagged" in section[2]
    assert section[9] == "| [4. Stay](#stage-stay) | 1 | 28 February 2026 | 1 month |   |"  # 1 is not over 1
    assert "*⚠ The newest feedback here is 1 year and 1 month old: older than 1 month.*" in markdown


class _Tags(HTMLParser):
    """Elements and text of rendered HTML, and the cells of each table row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.rows: list[int] = []

    @classmethod
    def parse(cls, html: str) -> _Tags:
        parsed = cls()
        parsed.feed(html)
        parsed.close()
        return parsed

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append(0)
        elif tag in ("td", "th"):
            self.rows[-1] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join("".join(self.text).split())


def _html_section(html: str, anchor: str) -> str:
    start = html.index(f'<a id="{anchor}"></a>')
    return html[start:html.find("<h2", start)]


HOSTILE_SOURCE = '<script>alert("source")</script> | *em* [x](javascript:alert(1)) `tick`'
HOSTILE_NAME = "Disc<b>over</b> | **loud** [x](javascript:alert(2))"
HOSTILE_TEXT = "<img src=x onerror=alert(1)> | old"


def test_hostile_feedback_and_stage_names_arrive_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    text = _with_feedback(
        CLEAN_JOURNEY.replace("name: Discover\n", f"name: '{HOSTILE_NAME}'\n", 1), "Know the price",
        f"{{text: '{HOSTILE_TEXT}', source: '{HOSTILE_SOURCE}', date: 2024-01-10}}",
    )
    markdown = _report(text, tmp_path, capsys, monkeypatch)
    assert "*⚠ The newest feedback here is 2 years and 2 months old: older than 12 months.*" in markdown
    page = tmp_path / "shop.html"
    code, _, err = run_cli(["report", str(tmp_path / "shop.journey.yaml"), "-o", str(page), "--date", REPORT_DATE,
                            "--engine", "graphviz-pure"], capsys, monkeypatch)
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    for rendered in (MarkdownIt("commonmark").enable("table").render(markdown), html):
        assert all("javascript:" not in href for href in re.findall(r'href="([^"]*)"', rendered))
        section = _Tags.parse(_html_section(rendered, "evidence"))
        assert section.rows == [5] * 5  # the header and four stages: no `|` from journey text split a row
        assert f"1. {HOSTILE_NAME}" in section.words
        stage = _Tags.parse(_html_section(rendered, "stages"))
        assert {"script", "b", "img"}.isdisjoint(stage.tags)
        assert HOSTILE_SOURCE in stage.words and HOSTILE_TEXT in stage.words


def test_without_a_report_date_the_section_shows_dates_without_ages_or_flags() -> None:
    from cjmap.i18n import translator
    from cjmap.report.data import assemble
    from cjmap.report.markdown import Pictures, render

    report = assemble(_journey(EVIDENCED), source="shop.journey.yaml", language="en", findings=[])
    markdown = render(report, translator("en"), Pictures(journey_map=None, emotion_curve=None))
    assert _section(markdown, "evidence") == [
        "## <a id=\"evidence\"></a>Age of the feedback",
        "",
        "| Stage | Pieces of feedback | Newest |",
        "| --- | ---: | --- |",
        "| [1. Discover](#stage-discover) | 2 | 10 February 2025 |",
        "| [2. Compare](#stage-compare) | 0 | — |",
        "| [3. Buy](#stage-buy) | 1 | — |",
        "| [4. Stay](#stage-stay) | 1 | 28 February 2026 |",
    ]
    assert "⚠" not in markdown


def test_an_example_has_out_of_date_evidence_on_the_date_of_its_measurements(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shop's measurements are of 31 May 2026: two of its stages' newest
    feedback is older than a year by then, as the examples mean to show."""
    from conftest import EXAMPLES

    target = tmp_path / "shop.md"
    code, _, err = run_cli(["report", str(EXAMPLES / "tienda-omnicanal.journey.yaml"), "-o", str(target),
                            "--date", "2026-05-31", "--lang", "en", "--engine", "graphviz-pure"], capsys, monkeypatch)
    assert code == 0, err
    rows = [line for line in _section(target.read_text(encoding="utf-8"), "evidence") if line.startswith("| [")]
    assert [row.split("](#")[1].split(")")[0] for row in rows if "out of date" in row] == [
        "stage-explora", "stage-devuelve",
    ]
