"""The Mermaid `journey` picture: golden files of the examples, the score
mapping, actors from segments, touchpoints standing in for missing steps,
moments of truth and times in the task text, the comment on the blueprint
lanes left out, and hostile text checked by the real Mermaid parser and a
real render.

The parser runs under node (tests/mermaid/parse.mjs, mermaid pinned in
tests/mermaid/package.json); the render is mermaid-cli (`mmdc`, pinned there
too, on the same mermaid) driving Debian's chromium through
tests/mermaid/puppeteer-config.json. Install them once with

    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/mermaid
    apt-get install chromium

Without them these tests fail (they do not skip): a skipped check would let
broken Mermaid through CI unnoticed.

CJMAP_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cjmap.i18n import duration, translator
from cjmap.loader import load_text
from cjmap.model import Journey, Step
from cjmap.render import mermaid
from cjmap.schema import check_schema

from conftest import EXAMPLES, ROOT, journey_of_file

MERMAID_DIR = ROOT / "tests" / "mermaid"
PARSE = MERMAID_DIR / "parse.mjs"
GOLDEN = ROOT / "tests" / "golden" / "render"
PUPPETEER_CONFIG = MERMAID_DIR / "puppeteer-config.json"
INSTALL = "run: npm ci --prefix tests/mermaid"
INSTALL_RENDER = (
    "run: PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/mermaid, and install chromium "
    "(apt-get install chromium)"
)
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.journey.yaml"))


# --- helpers -----------------------------------------------------------------


def require_parser() -> str:
    """The `node` program, once the Mermaid parser check is installed; else fail."""
    modules = MERMAID_DIR / "node_modules"
    if not all((modules / name / "package.json").is_file() for name in ("mermaid", "jsdom")):
        pytest.fail(f"the Mermaid parser for the tests is not installed; {INSTALL}", pytrace=False)
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            f"`node` (Node.js 20.19 or later) is not on PATH: install Node.js, then {INSTALL}",
            pytrace=False,
        )
    return node


class MermaidServer:
    """One node process that parses every text of the session (`parse.mjs --lines`):
    node and mermaid start once, not once per test."""

    def __init__(self, node: str) -> None:
        self.errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [node, str(PARSE), "--lines"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
            encoding="utf-8",
        )

    def parse(self, text: str) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(json.dumps(text) + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        except OSError:
            line = ""
        if not line:
            self.process.wait(timeout=60)
            self.errors.seek(0)
            stderr = self.errors.read().decode("utf-8", "replace")
            pytest.fail(f"the Mermaid parser check failed to run ({INSTALL}):\n{stderr}", pytrace=False)
        return json.loads(line)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.errors.close()


_servers: dict[str, MermaidServer] = {}


@pytest.fixture(scope="module", autouse=True)
def _close_mermaid_server() -> Iterator[None]:
    yield
    while _servers:
        _servers.popitem()[1].close()


def mermaid_parse(*texts: str) -> list[dict[str, Any]]:
    """Each text through the real Mermaid parser: {"ok", "result" | "error"}."""
    node = require_parser()
    server = _servers.get(node)
    if server is None or server.process.poll() is not None:
        server = _servers[node] = MermaidServer(node)
    return [server.parse(text) for text in texts]


def parsed(text: str) -> dict[str, Any]:
    """What Mermaid read from `text`, which must parse without configuration."""
    (outcome,) = mermaid_parse(text)
    assert outcome["ok"], f"{outcome['error']}\n--- text ---\n{text}"
    result = outcome["result"]
    assert result["diagramType"] == "journey"
    assert result["config"] == {}, "the text reconfigured Mermaid (directive or front matter)"
    return result


def load(path: Path) -> Journey:
    return journey_of_file(path)


def journey_of(data: dict[str, Any]) -> Journey:
    return Journey.model_validate({"cjmap": 1, "id": "test", **data})


def build(journey: Journey) -> str:
    return mermaid.build(journey, translator(journey.language))


def golden_path(path: Path) -> Path:
    return GOLDEN / f"{path.name.removesuffix('.journey.yaml')}.mermaid.mmd"


def shown(text: str) -> str:
    """What Mermaid shows of a text it parsed: it keeps an entity code `#35;` as
    the placeholder `ﬂ°°35¶ß` and writes it into the SVG as `&#35;`, `#`."""
    return re.sub("\uFB02°°([0-9]+)¶ß", lambda match: chr(int(match.group(1))), text)


def tasks_of(result: dict[str, Any]) -> list[tuple[str, str, int, list[str]]]:
    """The parsed tasks, their text as Mermaid shows it."""
    return [
        (shown(t["section"]), shown(t["task"]), t["score"], [shown(p) for p in t["people"]])
        for t in result["tasks"]
    ]


def require_renderer() -> list[str]:
    """The command that renders Mermaid text from standard input to SVG on
    standard output with mermaid-cli and chromium; fails when they are missing."""
    node = require_parser()
    cli = MERMAID_DIR / "node_modules" / "@mermaid-js" / "mermaid-cli" / "src" / "cli.js"
    if not cli.is_file():
        pytest.fail(f"mermaid-cli for the tests is not installed; {INSTALL_RENDER}", pytrace=False)
    browser = json.loads(PUPPETEER_CONFIG.read_text(encoding="utf-8"))["executablePath"]
    if not Path(browser).is_file():
        pytest.fail(f"{browser} is missing; {INSTALL_RENDER}", pytrace=False)
    return [node, str(cli), "--quiet", "--puppeteerConfigFile", str(PUPPETEER_CONFIG),
            "--input", "-", "--output", "-", "--outputFormat", "svg"]


def render_svg(text: str) -> str:
    """`text` drawn by the real Mermaid in a real browser (mermaid-cli), as SVG."""
    done = subprocess.run(
        require_renderer(), input=text, capture_output=True, text=True, encoding="utf-8",
        timeout=300, check=False,
    )
    assert done.returncode == 0, f"mmdc failed:\n{done.stderr}\n--- text ---\n{text}"
    return done.stdout


def _local(element: ElementTree.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _classes(element: ElementTree.Element) -> set[str]:
    return set(element.get("class", "").split())


def _text(element: ElementTree.Element) -> str:
    return "".join(element.itertext())


def _label(group: ElementTree.Element) -> str:
    """The label Mermaid draws twice in a <switch>: as HTML in a foreignObject
    and as SVG text for viewers without HTML. Both must say the same."""
    (switch,) = [e for e in group if _local(e) == "switch"]
    (html_label,) = [e for e in switch.iter() if _local(e) == "div" and "label" in _classes(e)]
    (svg_label,) = [e for e in switch if _local(e) == "text"]
    assert _text(html_label) == _text(svg_label), (_text(html_label), _text(svg_label))
    return _text(html_label)


def read_journey_svg(svg: str) -> dict[str, Any]:
    """The text a reader sees in a rendered journey diagram (an XML parser reads
    the SVG, as a browser reads an .svg file): title, sections, tasks with
    their actors (the names on the task's actor dots), and the legend."""
    root = ElementTree.fromstring(svg.encode("utf-8"))  # XML-safe, or this raises
    top = list(root)
    found: dict[str, Any] = {"title": None, "sections": [], "tasks": [], "legend": []}
    for element in top:
        tag, classes = _local(element), _classes(element)
        if tag == "circle" and any(c.startswith("actor-") for c in classes):
            found["legend"].append("")  # a legend entry: its dot, then its lines
        elif tag == "text" and "legend" in classes:
            # Mermaid wraps a long name over several lines, at a space or with
            # a hyphen inside a word: read them back as one name.
            line, name = _text(element), found["legend"][-1]
            if not name:
                found["legend"][-1] = line
            else:
                found["legend"][-1] = name[:-1] + line if name.endswith("-") else f"{name} {line}"
        elif tag == "text":
            assert found["title"] is None, "two titles"
            found["title"] = _text(element)
        elif tag == "g" and any("journey-section" in _classes(e) for e in element if _local(e) == "rect"):
            found["sections"].append(_label(element))
        elif tag == "g" and any("task-line" in _classes(e) for e in element):
            people = [_text(t) for c in element if _local(c) == "circle" for t in c if _local(t) == "title"]
            found["tasks"].append((_label(element), people))
    unsafe = [_local(e) for e in root.iter() if _local(e) in ("script", "a", "b", "i", "br", "iframe", "img")]
    assert unsafe == [], f"journey text became markup: {unsafe}"
    return found


# --- the examples ------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_matches_golden_file(path: Path) -> None:
    text = build(load(path))
    golden = golden_path(path)
    if os.environ.get("CJMAP_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(text.encode("utf-8"))
    assert golden.is_file(), f"{golden} is missing: run the tests with CJMAP_UPDATE_GOLDEN=1"
    assert text == golden.read_bytes().decode("utf-8")


def test_examples_parse_and_keep_their_text() -> None:
    journeys = [load(path) for path in EXAMPLE_FILES]
    assert journeys, "no examples found"
    texts = [build(journey) for journey in journeys]
    for journey, outcome in zip(journeys, mermaid_parse(*texts), strict=True):
        assert outcome["ok"], f"{journey.id}: {outcome['error']}"
        result = outcome["result"]
        assert result["config"] == {}
        assert result["title"] == journey.title
        assert result["sections"] == [stage.name for stage in journey.stages]
        expected = [
            (stage.name, task_text(step, journey.language), result_score(step.score, stage),
             people_of(journey, step.segments))
            for stage in journey.stages
            for step in stage.steps
        ]
        assert tasks_of(result) == expected
        # Every example credits some steps to personas and leaves others to nobody.
        assert any(people for *_, people in expected) and any(not people for *_, people in expected)
        assert sorted(map(shown, result["actors"])) == sorted({p for *_, people in expected for p in people})


def task_text(step: Step, language: str) -> str:
    """What a step's task says: ♦ before a moment of truth, the step's
    duration and wait after it, in brackets, in the journey's language."""
    t = translator(language)
    times = [duration(t, step.duration)] if step.duration is not None else []
    if step.wait is not None:
        times.append(t("blueprint.wait", time=duration(t, step.wait)))
    text = f"♦ {step.text}" if step.moment_of_truth else step.text
    return f"{text} ({', '.join(times)})" if times else text


def people_of(journey: Journey, segments: list[str]) -> list[str]:
    """The names of the personas of these segments, in the step's order, each once."""
    names = {persona.id: persona.name for persona in journey.personas}
    members = {segment.id: segment.personas for segment in journey.segments}
    people: list[str] = []
    for segment in segments:
        people += [names[p] for p in members[segment] if names[p] not in people]
    return people


def result_score(score: int | None, stage: Any) -> int:
    if score is None and stage.emotions is not None:
        score = stage.emotions.score
    return 3 if score is None else score + 3


def test_output_is_deterministic() -> None:
    path = EXAMPLE_FILES[0]
    first = build(load(path))
    assert build(load(path)) == first
    # Nothing depends on hash order: the same text under other hash seeds.
    code = (
        "import sys; from pathlib import Path; "
        "from cjmap.engine import CheckOptions, check_bytes; "
        "from cjmap.i18n import translator; from cjmap.render.mermaid import build; "
        "p = Path(sys.argv[1]); j = check_bytes(str(p), p.read_bytes(), CheckOptions(), folder=p.parent).journey; "
        "sys.stdout.buffer.write(build(j, translator(j.language)).encode('utf-8'))"
    )
    for seed in ("1", "4242"):
        done = subprocess.run(
            [sys.executable, "-c", code, str(path)],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        assert done.stdout.decode("utf-8") == first


def test_language_does_not_change_the_text() -> None:
    journey = load(EXAMPLE_FILES[0])
    assert {mermaid.build(journey, translator(lang)) for lang in ("en", "es", "ca")} == {build(journey)}


# --- structure -----------------------------------------------------------------


STAGE_SCORE = "    %% score from the stage's emotions, the journey gives this task none\n"
NEUTRAL_SCORE = "    %% neutral score 3, the journey gives this task none\n"


def test_score_maps_minus_two_to_one_and_plus_two_to_five() -> None:
    assert [mermaid.mermaid_score(s) for s in (-2, -1, 0, 1, 2)] == [1, 2, 3, 4, 5]
    assert mermaid.mermaid_score(None) == 3
    journey = journey_of(
        {
            "title": "Scores",
            "stages": [
                {
                    "id": "scored",
                    "name": "Scored",
                    "emotions": {"score": -2},
                    "steps": [{"text": f"step {s}", "score": s} for s in (-2, -1, 0, 1, 2)]
                    + ["no score, stage -2"],
                },
                {"id": "no-emotions", "name": "No emotions", "steps": ["no score at all"]},
            ],
        }
    )
    text = build(journey)
    assert text == (
        "journey\n"
        "  title Scores\n"
        "  section Scored\n"
        "    step -2: 1\n"
        "    step -1: 2\n"
        "    step 0: 3\n"
        "    step 1: 4\n"
        "    step 2: 5\n"
        f"{STAGE_SCORE}"
        "    no score, stage -2: 1\n"
        "  section No emotions\n"
        f"{NEUTRAL_SCORE}"
        "    no score at all: 3\n"
    )
    assert [t["score"] for t in parsed(text)["tasks"]] == [1, 2, 3, 4, 5, 1, 3]


PEOPLE = {
    "personas": [
        {"id": "ann", "name": "Ann"},
        {"id": "bob", "name": "Bob"},
        {"id": "cy", "name": "Cy"},
        {"id": "dee", "name": "Dee"},  # in no segment: on no task
    ],
    "segments": [
        {"id": "students", "name": "Students", "personas": ["bob", "ann"]},
        {"id": "retired", "name": "Retired", "personas": ["cy", "ann"]},
        {"id": "nobody", "name": "Nobody yet"},
    ],
}


def test_a_task_has_the_personas_of_its_steps_segments_and_no_one_else() -> None:
    journey = journey_of(
        {
            "title": "Actors",
            **PEOPLE,
            "stages": [
                {
                    "id": "one",
                    "name": "One",
                    "steps": [
                        {"text": "Everyone", "score": 1},
                        {"text": "Students", "score": 1, "segments": ["students"]},
                        {"text": "Retired, then students", "score": 0, "segments": ["retired", "students"]},
                        {"text": "A segment without personas", "score": -1, "segments": ["nobody"]},
                    ],
                }
            ],
        }
    )
    text = build(journey)
    assert text == (
        "journey\n"
        "  title Actors\n"
        "  section One\n"
        "    Everyone: 4\n"
        "    Students: 4: Bob, Ann\n"
        "    Retired, then students: 3: Cy, Ann, Bob\n"
        "    A segment without personas: 2\n"
    )
    result = parsed(text)
    assert tasks_of(result) == [
        ("One", "Everyone", 4, []),
        ("One", "Students", 4, ["Bob", "Ann"]),
        ("One", "Retired, then students", 3, ["Cy", "Ann", "Bob"]),
        ("One", "A segment without personas", 2, []),
    ]
    assert sorted(result["actors"]) == ["Ann", "Bob", "Cy"]


def test_touchpoints_stand_in_for_a_stage_without_steps() -> None:
    journey = journey_of(
        {
            "title": "Touchpoints",
            **PEOPLE,
            "touchpoints": [{"id": "web", "name": "Public website", "channel": "web", "segments": ["retired"]}],
            "stages": [
                {
                    "id": "first",
                    "name": "First",
                    "emotions": {"score": 2},
                    "steps": [{"text": "Reads the offer", "touchpoint": "web", "score": -1}],
                    "touchpoints": ["web", {"id": "shop", "name": "Corner shop", "channel": "store"}],
                },
                {
                    "id": "second",
                    "name": "Second",
                    "emotions": {"score": 1},
                    # a catalog reference, one defined in another stage, one defined here
                    "touchpoints": [
                        "web",
                        "shop",
                        {"id": "chat", "name": "Live chat", "channel": "chat", "segments": ["students"]},
                    ],
                },
                {"id": "third", "name": "Third", "touchpoints": ["chat"]},
                # Mermaid draws no section without a task: the stage stands in.
                {"id": "empty", "name": "Nothing yet", "emotions": {"score": -1}},
            ],
        }
    )
    text = build(journey)
    assert text == (
        "journey\n"
        "  title Touchpoints\n"
        "  section First\n"
        "    Reads the offer: 2\n"
        "  section Second\n"
        f"{STAGE_SCORE}"
        "    Public website: 4: Cy, Ann\n"
        f"{STAGE_SCORE}"
        "    Corner shop: 4\n"
        f"{STAGE_SCORE}"
        "    Live chat: 4: Bob, Ann\n"
        "  section Third\n"
        f"{NEUTRAL_SCORE}"
        "    Live chat: 3: Bob, Ann\n"
        "  section Nothing yet\n"
        f"{STAGE_SCORE}"
        "    Nothing yet: 2\n"
    )
    result = parsed(text)
    assert result["sections"] == ["First", "Second", "Third", "Nothing yet"]
    assert tasks_of(result) == [
        ("First", "Reads the offer", 2, []),
        ("Second", "Public website", 4, ["Cy", "Ann"]),
        ("Second", "Corner shop", 4, []),
        ("Second", "Live chat", 4, ["Bob", "Ann"]),
        ("Third", "Live chat", 3, ["Bob", "Ann"]),
        ("Nothing yet", "Nothing yet", 2, []),
    ]


def test_mermaid_parses_a_section_without_tasks_but_draws_nothing_of_it() -> None:
    """Why a stage with neither steps nor touchpoints gets a task of its own."""
    text = "journey\n  title T\n  section Drawn\n    a: 3\n  section Lost\n"
    assert parsed(text)["sections"] == ["Drawn", "Lost"]
    assert read_journey_svg(render_svg(text))["sections"] == ["Drawn"]


def test_without_personas_tasks_have_no_actors(clean_journey: str) -> None:
    journey, problems = check_schema(load_text(clean_journey))
    assert journey is not None, problems
    assert not journey.personas
    text = build(journey)
    assert "    Online ad: 4\n" in text
    result = parsed(text)
    assert all(task["people"] == [] for task in result["tasks"])
    assert result["actors"] == []


# --- moments of truth, times, and what is left out ---------------------------------


def blueprint_journey(language: str = "en", first: str = "Pays the fee") -> Journey:
    """Moments of truth, durations and waits, and two of the four blueprint lanes."""
    return journey_of({
        "title": "Timed", "language": language,
        "stages": [
            {"id": "pay", "name": "Pay",
             "steps": [
                 {"text": first, "moment_of_truth": True, "duration": "30 min", "wait": "2 d", "score": -1},
                 {"text": "Reads the receipt", "duration": "1.5 h", "score": 1},
                 {"text": "Waits for the card", "wait": "1 w", "score": 0},
                 {"text": "Calls the bank", "moment_of_truth": True, "score": 2},
             ],
             "evidence": ["Receipt", "Card"],
             "backstage": [{"text": "Prints the card"}]},
            {"id": "use", "name": "Use", "steps": [{"text": "Pays with the card", "score": 2}],
             "evidence": ["Statement"]},
        ],
    })


LEFT_OUT = {
    "en": "  %% Not drawn: the service blueprint, which a Mermaid journey cannot show: Evidence (3), Backstage (1)\n",
    "es": "  %% No se dibuja: el blueprint del servicio, que un journey de Mermaid no puede mostrar: "
          "Evidencias (3), Backstage (1)\n",
    "ca": "  %% No es dibuixa: el blueprint del servei, que un journey de Mermaid no pot mostrar: "
          "Evidències (3), Backstage (1)\n",
}
TIMED_TASKS = {
    "en": ["♦ Pays the fee (30 min, wait 2 d)", "Reads the receipt (1.5 h)", "Waits for the card (wait 1 w)"],
    "es": ["♦ Pays the fee (30 min, espera 2 d)", "Reads the receipt (1,5 h)", "Waits for the card (espera 1 sem)"],
    "ca": ["♦ Pays the fee (30 min, espera 2 d)", "Reads the receipt (1,5 h)",
           "Waits for the card (espera 1 setm.)"],
}


@pytest.mark.parametrize("language", ["en", "es", "ca"])
def test_moments_of_truth_and_times_ride_in_the_task_text(language: str) -> None:
    text = build(blueprint_journey(language))
    first, second, third = TIMED_TASKS[language]
    assert text == (
        "journey\n"
        f"{LEFT_OUT[language]}"
        "  title Timed\n"
        "  section Pay\n"
        f"    {first}: 2\n"
        f"    {second}: 4\n"
        f"    {third}: 3\n"
        "    ♦ Calls the bank: 5\n"
        "  section Use\n"
        "    Pays with the card: 5\n"
    )
    result = parsed(text)
    assert tasks_of(result) == [
        ("Pay", first, 2, []), ("Pay", second, 4, []), ("Pay", third, 3, []), ("Pay", "♦ Calls the bank", 5, []),
        ("Use", "Pays with the card", 5, []),
    ]


@pytest.mark.parametrize(("lanes", "comment"), [
    ({}, None),
    ({"support": [{"text": "Card printer"}]}, "Support processes (1)"),
    ({"frontstage": ["Greets", "Explains"], "backstage": ["Checks"], "support": ["CRM"], "evidence": ["Leaflet"]},
     "Evidence (1), Frontstage (2), Backstage (1), Support processes (1)"),
])
def test_the_comment_names_exactly_the_blueprint_lanes_left_out(lanes: dict[str, Any], comment: str | None) -> None:
    journey = journey_of({"title": "Lanes", "stages": [{"id": "one", "name": "One", "steps": [
        {"text": "Asks", "score": 1}], **lanes}]})
    text = build(journey)
    body = "  title Lanes\n  section One\n    Asks: 4\n"
    if comment is None:
        assert text == "journey\n" + body
    else:
        left_out = "Not drawn: the service blueprint, which a Mermaid journey cannot show: "
        assert text == f"journey\n  %% {left_out}{comment}\n" + body
    # A comment: Mermaid reads the same diagram, and nothing of the comment.
    assert parsed(text) == parsed("journey\n" + body)


HOSTILE_STEP = 'Pays: the <b>fee</b>; #1 %%{init: {"theme":"dark"}}%% a, b\n\tnow'
HOSTILE_STEP_SHOWN = 'Pays: the <b>fee</b>; #1 %%{init: {"theme":"dark"}}%% a, b now'


def test_hostile_step_text_with_a_mark_and_times_reads_back_as_written() -> None:
    text = build(blueprint_journey(first=HOSTILE_STEP))
    task = text.splitlines()[4]
    assert task == "    ♦ Pays#58; the #60;b>fee#60;/b>#59; #35;1 %#37;{init#58; {\"theme\"#58;\"dark\"}}%#37; a, b now " \
                   "(30 min, wait 2 d): 2"
    expected = f"♦ {HOSTILE_STEP_SHOWN} (30 min, wait 2 d)"
    assert tasks_of(parsed(text))[0] == ("Pay", expected, 2, [])
    drawn = read_journey_svg(render_svg(text))
    assert drawn["tasks"][0] == (expected, [])


def test_a_long_step_is_cut_before_its_times() -> None:
    text = build(blueprint_journey(first=LONG_WORDS))
    cut = " ".join(["word"] * 24) + "…"
    assert f"    ♦ {cut} (30 min, wait 2 d): 2\n" in text


# --- hostile text -----------------------------------------------------------------

LONG_WORDS = " ".join(["word"] * 60)  # 299 characters
FAMILY = "\U0001F469\u200d\U0001F469\u200d\U0001F467"  # one emoji of five code points
LONG_EMOJI = "a" * 118 + FAMILY + "b" * 10
LONG_NAME = "Ω" * 200

HOSTILE = {
    "title": 'Q&A <b>"J"</b> {x}|a:b #1; 50%% %%{init: {"theme":"dark"}}%% '
    "\\\nnew\r\n — café 😀 ﬂ°amp¶ß style:x#35;1 &amp; #lt; <script>",
    "personas": [
        {"id": "laura", "name": "Laura, first job: 24; #1 <i>"},
        {"id": "zoe", "name": 'Zoë "Z" {z} | \\o/ 😀 50%% &amp;'},
        {"id": "blank", "name": " \n\t "},
        {"id": "ann", "name": "Ann\nMarie"},
        {"id": "long", "name": LONG_NAME},
        {"id": "percent", "name": "%%{init: {'theme': 'forest'}}%%"},
    ],
    "segments": [
        {"id": "all", "name": "All", "personas": ["laura", "zoe", "blank", "ann", "long", "percent"]},
        {"id": "some", "name": "Some", "personas": ["zoe"]},
    ],
    "touchpoints": [{"id": "shop", "name": 'Shop #1; "Main" <St.> : 24/7', "channel": "store",
                     "segments": ["some"]}],
    "stages": [
        {
            "id": "one",
            "name": "Section: <br> one; #two %%\r\n\tthree {}|\\ \"q\" 'a' & > é",
            "emotions": {"score": 1},
            "steps": [
                {"text": 'Title search: find "the <b>best</b>" offer; #1', "score": -2,
                 "segments": ["all"]},
                {"text": "journey map review", "score": -1, "segments": ["some"]},
                {"text": "section 3 of the form", "score": 0},
                {"text": "%50 off & more", "score": 1},
                {"text": "accDescr { hidden }", "score": 2},
                "a%%b",
                '<a href="x">link</a> ﬂ°lt¶ß #60; &lt;',
                "x%%{init: {'theme': 'forest'}}%% y",
                "\ufefftitle x: 3",
                LONG_WORDS,
                LONG_EMOJI,
                " \n ",
                "<script>alert('x')</script> a, b; c: d",
            ],
            "touchpoints": [{"id": "form", "name": "Form %%{x}%%", "channel": "web"}],
        },
        {
            "id": "two",
            "name": "   ",
            "touchpoints": ["shop", "form", {"id": "chat", "name": "Chat: live; help #now", "channel": "chat"}],
        },
    ],
}

# Exactly as written, save for whitespace (one space a run, stripped), cuts at
# 120 characters, and an empty text's stand-in.
EXPECTED_TITLE = (
    'Q&A <b>"J"</b> {x}|a:b #1; 50%% %%{init: {"theme":"dark"}}%% '
    "\\ new — café 😀 ﬂ°amp¶ß style:x#35;1 &amp; #lt; <script>"
)
EXPECTED_SECTIONS = ["Section: <br> one; #two %% three {}|\\ \"q\" 'a' & > é", "two"]
EVERYONE = [
    "Laura, first job: 24; #1 <i>",
    'Zoë "Z" {z} | \\o/ 😀 50%% &amp;',
    "blank",
    "Ann Marie",
    "Ω" * 119 + "…",
    "%%{init: {'theme': 'forest'}}%%",
]
ZOE = [EVERYONE[1]]
EXPECTED_TASKS = [
    (0, 'Title search: find "the <b>best</b>" offer; #1', 1, EVERYONE),
    (0, "journey map review", 2, ZOE),
    (0, "section 3 of the form", 3, []),
    (0, "%50 off & more", 4, []),
    (0, "accDescr { hidden }", 5, []),
    (0, "a%%b", 4, []),
    (0, '<a href="x">link</a> ﬂ°lt¶ß #60; &lt;', 4, []),
    (0, "x%%{init: {'theme': 'forest'}}%% y", 4, []),
    (0, "title x: 3", 4, []),
    (0, " ".join(["word"] * 24) + "…", 4, []),
    (0, "a" * 118 + "…", 4, []),
    (0, "…", 4, []),
    (0, "<script>alert('x')</script> a, b; c: d", 4, []),
    (1, 'Shop #1; "Main" <St.> : 24/7', 3, ZOE),
    (1, "Form %%{x}%%", 3, []),
    (1, "Chat: live; help #now", 3, []),
]


def test_hostile_text_parses_and_reads_back_as_written() -> None:
    journey = journey_of(HOSTILE)
    text = build(journey)
    statements = [line for line in text.splitlines() if not line.lstrip().startswith("%%")]
    assert len(statements) == 2 + len(EXPECTED_SECTIONS) + len(EXPECTED_TASKS)
    result = parsed(text)
    assert shown(result["title"]) == EXPECTED_TITLE
    assert [shown(section) for section in result["sections"]] == EXPECTED_SECTIONS
    assert tasks_of(result) == [
        (EXPECTED_SECTIONS[section], task, score, people)
        for section, task, score, people in EXPECTED_TASKS
    ]
    assert sorted(map(shown, result["actors"])) == sorted(EVERYONE)


def test_hostile_text_is_drawn_as_written() -> None:
    """The real Mermaid in a real browser (mermaid-cli and chromium): the SVG
    shows every text as the author wrote it, and none of it as markup."""
    drawn = read_journey_svg(render_svg(build(journey_of(HOSTILE))))
    assert drawn["title"] == EXPECTED_TITLE
    assert drawn["sections"] == EXPECTED_SECTIONS
    assert drawn["tasks"] == [(task, people) for _, task, _, people in EXPECTED_TASKS]
    assert sorted(drawn["legend"]) == sorted(EVERYONE)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_is_drawn_as_written(path: Path) -> None:
    journey = load(path)
    drawn = read_journey_svg(render_svg(build(journey)))
    assert drawn["title"] == journey.title
    assert drawn["sections"] == [stage.name for stage in journey.stages]
    assert drawn["tasks"] == [
        (task_text(step, journey.language), people_of(journey, step.segments))
        for stage in journey.stages
        for step in stage.steps
    ]


ENTITY = re.compile("#[0-9]+;")


def test_hostile_text_is_cut_and_kept_on_one_line() -> None:
    text = build(journey_of(HOSTILE))
    for line in text.splitlines():
        assert line.startswith(("journey", "  title ", "  section ", "    "))
        if line.startswith("    %%"):
            assert line in (STAGE_SCORE.rstrip("\n"), NEUTRAL_SCORE.rstrip("\n")), line
            continue
        # Mermaid's syntax characters come only as entity codes, in decimal
        bare = ENTITY.sub("", line)
        assert "%%" not in bare and "#" not in bare and ";" not in bare and "<" not in bare, line
    assert "\r" not in text and "\t" not in text and "\ufeff" not in text
    for line in text.splitlines()[3:]:
        if line.startswith("    ") and not line.startswith("    %%"):  # a task: no ": " in its text
            task = line[4:].split(": ")[0]
            assert len(shown(ENTITY.sub(lambda m: f"\uFB02°°{m.group()[1:-1]}¶ß", task))) <= mermaid.LIMIT


def test_a_cut_never_splits_what_a_reader_sees_as_one_character() -> None:
    flag = "\U0001F1EA\U0001F1F8"  # ES: two regional indicators
    pieces = (FAMILY, flag, "e\u0301", "\U0001F44D\U0001F3FD", "1\ufe0f\u20e3")
    for piece in pieces:
        for filler in range(101, 125):
            original = "x" * filler + piece * 20
            text = mermaid._truncate(original)
            kept = len(text) - 1
            assert text.endswith("…") and len(text) <= mermaid.LIMIT
            assert text[:kept] == original[:kept]
            assert kept <= filler or (kept - filler) % len(piece) == 0, (piece, filler)


def test_the_parser_check_catches_what_the_entity_codes_prevent() -> None:
    """The same hazards written raw: the real parser fails, loses text or obeys."""
    raw = [
        "journey\n  title T\n  section S\n    a#b: 3\n",  # comment: no task data
        "journey\n  title T\n  section S\n    a;b: 3\n",  # ; is invalid
        "journey\n  title T\n  section a:b\n    x: 3\n",  # : ends a section name
        "journey\n  title T\n  section S\n    Section two: 3\n",  # keyword
        "journey\n  title T\n  section S\n    accDescr { x }: 3\n",  # a description
    ]
    for outcome in mermaid_parse(*raw):
        assert not outcome["ok"]
    injected, lost, rewritten, sanitized, styled, split = (
        outcome["result"]
        for outcome in mermaid_parse(
            'journey\n  title a %%{init: {"theme":"forest"}}%%\n  section S\n    x: 3\n',
            "journey\n  title T\n  section S\n    a%%b: 3\n    y: 2\n",
            'journey\n  title T\n  section S\n    <a href="x">: 3: Ann, Bob\n',
            "journey\n  title a < b & c\n  section S\n    x: 3\n",
            # `style…:…#…;` loses its `;` before entity codes are read: a raw
            # `:` in a title breaks the `#35;` after it.
            "journey\n  title style:x#35;1\n  section S\n    x: 3\n",
            "journey\n  title T\n  section S\n    x: 3: Ann, B: c\n",
        )
    )
    assert injected["config"] == {"theme": "forest"}
    assert [t["task"] for t in lost["tasks"]] == ["y"]
    assert rewritten["tasks"][0]["task"] == "<a href='x'>"
    assert rewritten["tasks"][0]["people"] == ["Ann", "Bob"]
    assert sanitized["title"] == "a &lt; b &amp; c"
    assert styled["title"] == "style:x"
    assert split["tasks"][0]["people"] == ["Ann", "B"]


def test_entity_codes_are_decimal_and_draw_the_character() -> None:
    """Mermaid writes `#NNN;` into the SVG as `&#NNN;` and any other `#name;`
    as `&name;`: a hex code (`#x23;`) is not understood, and a named code is
    HTML's (`&nbsp;` is no XML). cjmap writes decimal codes only, and they
    draw as the character."""
    assert mermaid._clean("#;:<%%ﬂ°¶ß") == "#35;#59;#58;#60;%#37;#64258;°#182;ß"
    assert mermaid._clean("a, b", mermaid._ACTOR) == "a#44; b"
    text = "journey\n  title #35;#amp;#x23;\n  section #35;\n    #60;#59;#58;: 3: A#44; B, C\n"
    drawn = read_journey_svg(render_svg(text))
    assert drawn["title"] == "#&&x23;"
    assert drawn["sections"] == ["#"]
    assert drawn["tasks"] == [("<;:", ["A, B", "C"])]


def test_missing_parser_fails_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys.modules[__name__], "MERMAID_DIR", tmp_path)
    with pytest.raises(pytest.fail.Exception, match="run: npm ci --prefix tests/mermaid"):
        mermaid_parse("journey\n")


def test_parser_check_reports_a_syntax_error_on_stderr() -> None:
    done = subprocess.run(
        [require_parser(), str(PARSE)],
        input="journey\n  section S\n    no score here\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert done.returncode == 1
    assert "Parse error" in done.stderr
    assert done.stdout == ""
