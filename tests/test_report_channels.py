"""The report's Channels section: the touchpoints channel by channel, the
online/offline mix per stage, lowest scores and pain points per channel, and
the channels that serve objectives off track — the data, exactly, and the
section as Markdown and HTML read back by real parsers."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from cjmap.i18n import translator
from cjmap.model import Journey
from cjmap.report import html, markdown
from cjmap.report.channels import CHANNELS, ChannelRow
from cjmap.report.data import Actual, Report, assemble

from conftest import ROOT, run_cli

LONG = "Half of the visitors who search for a shop near them find one open and come in"


def _journey(**changes: Any) -> Journey:
    """Three stages: Find lists a website, a shop and an online kiosk (a store
    that is online); Buy lists the website and its steps name three more
    touchpoints; Stay uses no touchpoint, only its action names the hotline."""
    data: dict[str, Any] = {
        "cjmap": 1, "id": "j", "title": "J",
        "touchpoints": [
            {"id": "site", "name": "Website", "channel": "web"},
            {"id": "shop", "name": "Shop", "channel": "store"},
            {"id": "news", "name": "Newsletter", "channel": "email"},
            {"id": "compare", "name": "Comparison site", "channel": "partner", "mode": "online"},
            {"id": "hotline", "name": "Hotline", "channel": "phone"},
            {"id": "unused", "name": "Never used", "channel": "sms"},
        ],
        "stages": [
            {
                "id": "find", "name": "Find",
                "touchpoints": ["site", "shop", {"id": "kiosk", "name": "Kiosk", "channel": "store", "mode": "online"}],
                "steps": [
                    {"text": "Searches", "touchpoint": "site", "score": -1},
                    {"text": "Walks in", "touchpoint": "shop", "score": 1},
                ],
                "pain_points": [{"text": "Slow site", "severity": "high"}, {"text": "Far shop", "severity": "low"}],
                "objectives": [{"id": "reach", "statement": LONG, "target": 100, "baseline": 50,
                                "due": "2027-12-31"}],
            },
            {
                "id": "buy", "name": "Buy", "touchpoints": ["site"],
                "steps": [
                    {"text": "Pays", "touchpoint": "site", "score": -2},
                    {"text": "Reads the receipt", "touchpoint": "news", "score": -2},
                    {"text": "Compares prices", "touchpoint": "compare", "score": 0},
                    {"text": "Picks up", "touchpoint": "shop"},
                ],
                "pain_points": [{"text": "Card refused", "severity": "high"}],
                "objectives": [
                    {"id": "sales", "statement": "More sales", "target": 20, "baseline": 10, "due": "2026-06-30"},
                    {"id": "conversion", "statement": "Convert", "target": 10, "baseline": 0, "due": "2027-12-31"},
                ],
            },
            {
                "id": "stay", "name": "Stay",
                "pain_points": [{"text": "Nobody calls back", "severity": "medium"}],
                "actions": [{"title": "Call back", "touchpoint": "hotline"}],
                "objectives": [{"id": "loyal", "statement": "Loyal", "target": 20, "baseline": 10,
                                "due": "2027-12-31"}],
            },
        ],
    }
    data.update(changes)
    return Journey.model_validate(data)


ACTUALS = {"reach": Actual(40), "sales": Actual(12), "conversion": Actual(8), "loyal": Actual(5)}


def _report(journey: Journey, actuals: dict[str, Actual] | None = None) -> Report:
    return assemble(journey, source="j.journey.yaml", language="en", findings=[], actuals=actuals,
                    as_of=date(2027, 1, 1) if actuals else None)


def _row(report: Report, channel: str) -> ChannelRow:
    [row] = [row for row in report.channels.rows if row.channel == channel]
    return row


# --- the data -----------------------------------------------------------------------------


def test_one_row_per_channel_used_in_the_formats_order() -> None:
    rows = _report(_journey()).channels.rows
    assert CHANNELS[:3] == ("web", "app", "email")  # the format's list, read from the model
    assert [
        (row.channel, row.modes, [t.name for t in row.touchpoints], row.stage_numbers, row.pain_count("high"),
         row.lowest_score)
        for row in rows
    ] == [
        ("web", ("online",), ["Website"], (1, 2), 2, -2),
        ("email", ("online",), ["Newsletter"], (2,), 1, -2),  # named by a step only
        ("store", ("online", "offline"), ["Shop", "Kiosk"], (1, 2), 2, 1),  # Buy: a step takes place in the shop
        ("partner", ("online",), ["Comparison site"], (2,), 1, 0),  # its mode set online
    ]  # no sms (defined, never used), no phone (only an action reaches the customer there)


def test_pain_points_count_on_every_channel_their_stage_uses() -> None:
    channels = _report(_journey()).channels
    assert [(p.stage_number, p.pain.text) for p in _row(_report(_journey()), "store").pains] == [
        (1, "Slow site"), (1, "Far shop"), (2, "Card refused")]  # Find's once, though two of its touchpoints are stores
    assert [(p.stage_number, p.pain.text) for p in _row(_report(_journey()), "email").pains] == [(2, "Card refused")]
    assert [(row.channel, row.pain_count("high"), row.pain_count("medium"), row.pain_count("low"))
            for row in channels.rows] == [("web", 2, 0, 1), ("email", 1, 0, 0), ("store", 2, 0, 1),
                                          ("partner", 1, 0, 0)]
    # Stay uses no touchpoint: its pain point is on no channel, and said so.
    assert [(p.stage.id, p.pain.text) for p in channels.unattributed] == [("stay", "Nobody calls back")]


def test_lowest_scored_steps_per_channel_worst_first() -> None:
    report = _report(_journey())
    web = _row(report, "web")
    assert [(s.score, s.text, s.stage_number, s.step_number) for s in web.lowest_steps] == [
        (-2, "Pays", 2, 1), (-1, "Searches", 1, 1)]
    assert [s.text for s in _row(report, "store").steps] == ["Walks in"]  # a step without a score is not scored
    assert _row(report, "store").lowest_steps == ()  # nothing below neutral
    assert [row.channel for row in report.channels.lowest_or_hurting] == ["web", "email", "store", "partner"]


def test_online_and_offline_per_stage() -> None:
    stages = _report(_journey()).channels.stages
    assert [(m.number, m.stage.id, m.online, m.offline, m.share_online) for m in stages] == [
        (1, "find", 2, 1, 2 / 3),
        (2, "buy", 3, 1, 0.75),  # the site it lists, and the newsletter, comparison site and shop its steps name
        (3, "stay", 0, 0, None),
    ]


def test_channels_of_the_objectives_off_track_overdue_first() -> None:
    channels = _report(_journey(), ACTUALS).channels
    assert channels.measured
    assert [(found.row.objective.id, found.row.status, found.channels) for found in channels.off_track] == [
        ("sales", "overdue", ("web", "email", "store", "partner")),
        ("reach", "off-track", ("web", "store")),
        ("loyal", "off-track", ("phone",)),  # through its action's touchpoint
    ]  # "conversion" is on track


def test_without_actuals_no_objective_is_measured() -> None:
    channels = _report(_journey()).channels
    assert not channels.measured and channels.off_track == ()


def test_a_journey_without_touchpoints_has_no_channels() -> None:
    journey = Journey.model_validate({"cjmap": 1, "id": "j", "title": "J", "stages": [
        {"id": "a", "name": "A", "pain_points": ["Hurts"], "steps": [{"text": "x", "score": -2}]}]})
    channels = _report(journey).channels
    assert (channels.used, channels.rows) == (False, ())
    assert [m.share_online for m in channels.stages] == [None]


# --- the section ----------------------------------------------------------------------------


def _section(text: str) -> str:
    """The Channels section of a Markdown report, from its heading to the next one of its level."""
    start = text.index('<a id="channels"></a>')
    rest = text[start:]
    end = re.search(r"\n## ", rest)
    return rest[: end.start()] if end else rest


def _markdown(report: Report, language: str = "en") -> str:
    return markdown.render(report, translator(language), markdown.Pictures(None, None))


def test_the_section_in_markdown() -> None:
    section = _section(_markdown(_report(_journey(), ACTUALS)))
    lines = [line for line in section.splitlines() if line]
    assert lines[0] == '<a id="channels"></a>Channels'
    assert lines[1:6] == [
        "| Channel | Mode | Touchpoints | Stages | High-severity pain points | Lowest step score |",
        "| --- | --- | --- | ---: | ---: | --- |",
        "| web | online | Website | [1](#stage-find), [2](#stage-buy) | 2 | -2 (very negative) |",
        "| email | online | Newsletter | [2](#stage-buy) | 1 | -2 (very negative) |",
        "| store | online, offline | Shop, Kiosk | [1](#stage-find), [2](#stage-buy) | 2 | +1 (positive) |",
    ]
    assert "| [3. Stay](#stage-stay) | 0 | 0 | — |" in lines
    assert "| [1. Find](#stage-find) | 2 | 1 | 67% |" in lines
    assert "A pain point counts on every channel its stage uses (the stage's touchpoints and its steps')." in lines
    assert "| web | -2 Pays (2. Buy)<br>-1 Searches (1. Find) | 2 | 0 | 1 |" in lines
    assert "| store | — | 2 | 0 | 1 |" in lines
    assert "Pain points on no channel, as their stage uses no touchpoint: 1 (3. Stay)." in lines
    assert lines[-3:] == [
        "| [More sales](#objective-sales) | overdue | web, email, store, partner |",
        "| [Half of the visitors who search for a shop near them find…](#objective-reach) | off track | web, store |",
        "| [Loyal](#objective-loyal) | off track | phone |",
    ]


def test_the_section_comes_before_the_stage_details() -> None:
    text = _markdown(_report(_journey()))
    assert text.index('<a id="channels"></a>') < text.index('<a id="stages"></a>')


def test_without_actuals_one_line_says_so() -> None:
    section = _section(_markdown(_report(_journey())))
    assert section.rstrip().endswith(
        "No objective has a measured value yet: give them with `--actuals` to see which channels serve "
        "the objectives off track.")


def test_no_objective_off_track() -> None:
    actuals = {"reach": Actual(100), "sales": Actual(20), "conversion": Actual(10), "loyal": Actual(20)}
    section = _section(_markdown(_report(_journey(), actuals)))
    assert section.rstrip().endswith("No objective is off track or overdue.")
    assert "| Objective |" not in section


def test_a_journey_without_touchpoints_gets_one_line() -> None:
    journey = Journey.model_validate({"cjmap": 1, "id": "j", "title": "J", "stages": [{"id": "a", "name": "A"}]})
    section = _section(_markdown(_report(journey), "ca"))
    assert [line for line in section.splitlines() if line] == [
        '<a id="channels"></a>Canals',
        "Cap etapa no fa servir encara cap punt de contacte: afegeix punts de contacte a les etapes per veure "
        "on viu el recorregut.",
    ]


HOSTILE = "<script>alert(1)</script> | *bold*"


def _hostile_journey() -> Journey:
    return Journey.model_validate({
        "cjmap": 1, "id": "h", "title": "H",
        "stages": [{
            "id": "a", "name": f"Stage {HOSTILE}",
            "touchpoints": [{"id": "t", "name": f"Touch {HOSTILE}", "channel": "chat"}],
            "steps": [{"text": f"Step {HOSTILE}", "touchpoint": "t", "score": -2}],
            "pain_points": [{"text": f"Pain {HOSTILE}", "severity": "high"}],
            "objectives": [{"id": "o", "statement": f"Goal {HOSTILE}", "target": 10, "baseline": 5}],
        }],
    })


class _Text(HTMLParser):
    """The text and the elements of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _read(fragment: str) -> _Text:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return parser


def test_hostile_text_arrives_as_text_in_markdown_and_html() -> None:
    report = _report(_hostile_journey(), {"o": Actual(4)})
    section = _section(_markdown(report))
    assert "<script" not in section
    assert "Touch &lt;script>alert(1)&lt;/script> \\| \\*bold\\*" in section
    # GitHub's reading of the Markdown: the texts are text, each table keeps its columns.
    rendered = _read(MarkdownIt("commonmark", {"html": True}).enable("table").render(section))
    assert "script" not in rendered.tags and "strong" not in rendered.tags and "em" not in rendered.tags
    assert rendered.tags.count("td") == 6 + 4 + 5 + 3  # one row in each table, no cell split by `|`
    shown = "".join(rendered.text)
    for text in (f"Touch {HOSTILE}", f"Step {HOSTILE} (1. Stage {HOSTILE})", f"1. Stage {HOSTILE}",
                 f"Goal {HOSTILE}"):
        assert text in shown
    page = html.render(report, translator("en"), journey_map=None, emotion_curve=None)
    body = page[page.index('<a id="channels"></a>'):]
    body = body[: body.index("<h2>")]
    parsed = _read(body)
    assert "script" not in parsed.tags and "strong" not in parsed.tags
    assert parsed.tags.count("table") == 4 and parsed.tags.count("tr") == 4 * 2  # a header and a row each
    assert f"Touch {HOSTILE}" in "".join(parsed.text)


# --- the command ------------------------------------------------------------------------------


@pytest.mark.parametrize(("stem", "actuals", "expected"), [
    ("tienda-omnicanal", "examples/actuals/tienda-omnicanal.yaml", [
        '<a id="channels"></a>Canales',
        "| teléfono | presencial | Teléfono de atención al cliente | [5](#stage-devuelve) | 1 | -2 (muy negativa) |",
        "| [4. Recoge el pedido en tienda](#stage-recoge) | 1 | 2 | 33 % |",
        "| teléfono | -2 Llama para preguntar por el reembolso a los 10 días (5. Cambia o devuelve) | 1 | 0 | 1 |",
        "| [Que recoger un pedido sea más rápido que comprar en caja.](#objective-tiempo-recogida) | vencido "
        "| SMS, tienda |",
    ]),
    ("vallmar-avis-fanal", None, [
        '<a id="channels"></a>Canals',
        "| altre | presencial | Fanal i placa del pal (número del punt de llum, 010 i codi QR) "
        "| [1](#stage-detecta), [5](#stage-reparacio) | 1 | -1 (negativa) |",
        "| [1. Detecta el fanal apagat](#stage-detecta) | 0 | 1 | 0 % |",
        "Un punt de dolor compta a cada canal que fa servir la seva etapa (els punts de contacte de l'etapa i els "
        "dels seus passos).",
        "Cap objectiu no té encara cap valor mesurat: indica'ls amb `--actuals` per veure quins canals serveixen "
        "els objectius desviats.",
    ]),
], ids=["es", "ca"])
def test_the_section_in_the_commands_report(
    stem: str, actuals: str | None, expected: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / f"{stem}.md"
    monkeypatch.chdir(ROOT)
    options = ["--actuals", actuals] if actuals else []
    code, _, err = run_cli(["report", f"examples/{stem}.journey.yaml", "-o", str(target), "--engine",
                            "graphviz-pure", *options], capsys, monkeypatch)
    assert code == 0, err
    lines = _section(target.read_text(encoding="utf-8")).splitlines()
    assert lines[0] == expected[0]
    for line in expected[1:]:
        assert line in lines
