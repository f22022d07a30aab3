"""The Mermaid `journey` picture: golden files of the examples, the score
mapping, touchpoints standing in for missing steps, and hostile text checked
by the real Mermaid parser.

The parser runs under node (tests/mermaid/parse.mjs, mermaid pinned in
tests/mermaid/package.json). Install it once with

    npm ci --prefix tests/mermaid

Without it these tests fail (they do not skip): a skipped check would let
broken Mermaid through CI unnoticed.

CJMAP_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cjmap.i18n import translator
from cjmap.loader import load_text
from cjmap.model import Journey
from cjmap.render import mermaid
from cjmap.schema import check_schema

from conftest import EXAMPLES, ROOT

MERMAID_DIR = ROOT / "tests" / "mermaid"
PARSE = MERMAID_DIR / "parse.mjs"
GOLDEN = ROOT / "tests" / "golden" / "render"
INSTALL = "run: npm ci --prefix tests/mermaid"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.journey.yaml"))
WJ = "\u2060"  # WORD JOINER, invisible


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
    journey, problems = check_schema(load_text(path.read_text(encoding="utf-8")))
    assert journey is not None, problems
    return journey


def journey_of(data: dict[str, Any]) -> Journey:
    return Journey.model_validate({"cjmap": 1, "id": "test", **data})


def build(journey: Journey) -> str:
    return mermaid.build(journey, translator(journey.language))


def golden_path(path: Path) -> Path:
    return GOLDEN / f"{path.name.removesuffix('.journey.yaml')}.mermaid.mmd"


def tasks_of(result: dict[str, Any]) -> list[tuple[str, str, int, list[str]]]:
    return [(t["section"], t["task"], t["score"], t["people"]) for t in result["tasks"]]


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
        # The examples' persona names hold commas, which separate actors in Mermaid.
        people = [persona.name.replace(",", "，") for persona in journey.personas]
        expected = [
            (stage.name, step.text, result_score(step.score, stage), people)
            for stage in journey.stages
            for step in stage.steps
        ]
        assert tasks_of(result) == expected
        assert sorted(result["actors"]) == sorted(people)


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
        "from cjmap.loader import load_text; from cjmap.schema import check_schema; "
        "from cjmap.i18n import translator; from cjmap.render.mermaid import build; "
        "j, _ = check_schema(load_text(Path(sys.argv[1]).read_text(encoding='utf-8'))); "
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
        "    no score, stage -2: 1\n"
        "  section No emotions\n"
        "    no score at all: 3\n"
    )
    assert [t["score"] for t in parsed(text)["tasks"]] == [1, 2, 3, 4, 5, 1, 3]


def test_touchpoints_stand_in_for_a_stage_without_steps() -> None:
    journey = journey_of(
        {
            "title": "Touchpoints",
            "personas": [{"id": "ann", "name": "Ann"}, {"id": "bob", "name": "Bob"}],
            "touchpoints": [{"id": "web", "name": "Public website", "channel": "web"}],
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
                    "touchpoints": ["web", "shop", {"id": "chat", "name": "Live chat", "channel": "chat"}],
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
        "    Reads the offer: 2: Ann, Bob\n"
        "  section Second\n"
        "    Public website: 4: Ann, Bob\n"
        "    Corner shop: 4: Ann, Bob\n"
        "    Live chat: 4: Ann, Bob\n"
        "  section Third\n"
        "    Live chat: 3: Ann, Bob\n"
        "  section Nothing yet\n"
        "    Nothing yet: 2: Ann, Bob\n"
    )
    result = parsed(text)
    assert result["sections"] == ["First", "Second", "Third", "Nothing yet"]
    assert tasks_of(result) == [
        ("First", "Reads the offer", 2, ["Ann", "Bob"]),
        ("Second", "Public website", 4, ["Ann", "Bob"]),
        ("Second", "Corner shop", 4, ["Ann", "Bob"]),
        ("Second", "Live chat", 4, ["Ann", "Bob"]),
        ("Third", "Live chat", 3, ["Ann", "Bob"]),
        ("Nothing yet", "Nothing yet", 2, ["Ann", "Bob"]),
    ]


def test_without_personas_tasks_have_no_actors(clean_journey: str) -> None:
    journey, problems = check_schema(load_text(clean_journey))
    assert journey is not None, problems
    assert not journey.personas
    text = build(journey)
    assert "    Online ad: 4\n" in text
    result = parsed(text)
    assert all(task["people"] == [] for task in result["tasks"])
    assert result["actors"] == []


# --- hostile text -----------------------------------------------------------------

LONG_WORDS = " ".join(["word"] * 60)  # 299 characters
FAMILY = "\U0001F469\u200d\U0001F469\u200d\U0001F467"  # one emoji of five code points
LONG_EMOJI = "a" * 118 + FAMILY + "b" * 10
LONG_NAME = "Ω" * 200

HOSTILE = {
    "title": 'Q&A <b>"Journey"</b> {x} | a:b #1; 50%% %%{init: {"theme":"dark"}}%% '
    "back\\slash\nnew line\r\n — café 😀 ﬂ°amp¶ß",
    "personas": [
        {"id": "laura", "name": "Laura, first job: 24; #1 <i>"},
        {"id": "zoe", "name": 'Zoë "Z" {z} | \\o/ 😀 50%%'},
        {"id": "blank", "name": " \n\t "},
        {"id": "ann", "name": "Ann\nMarie"},
        {"id": "long", "name": LONG_NAME},
    ],
    "touchpoints": [{"id": "shop", "name": 'Shop #1; "Main" <St.> : 24/7', "channel": "store"}],
    "stages": [
        {
            "id": "one",
            "name": "Section: <br> one; #two %%\r\n\tthree {}|\\ \"q\" 'a' & > é",
            "emotions": {"score": 1},
            "steps": [
                {"text": 'Title search: find "the <b>best</b>" offer; #1', "score": -2},
                {"text": "journey map review", "score": -1},
                {"text": "section 3 of the form", "score": 0},
                {"text": "%50 off & more", "score": 1},
                {"text": "accDescr { hidden }", "score": 2},
                "a%%b",
                '<a href="x">link</a> ﬂ°lt¶ß',
                "x%%{init: {'theme': 'forest'}}%% y",
                "\ufefftitle x: 3",
                LONG_WORDS,
                LONG_EMOJI,
                " \n ",
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

EXPECTED_TITLE = (
    'Q&A ＜b>"Journey"＜/b> {x} | a:b ＃1； 50%％ %％{init: {"theme":"dark"}}%％ '
    f"back\\slash new line — café 😀 ﬂ{WJ}°amp¶{WJ}ß"
)
EXPECTED_SECTIONS = ["Section： ＜br> one； ＃two %％ three {}|\\ \"q\" 'a' & > é", "two"]
EXPECTED_PEOPLE = [
    "Laura， first job： 24； ＃1 ＜i>",
    'Zoë "Z" {z} | \\o/ 😀 50%％',
    "blank",
    "Ann Marie",
    "Ω" * 119 + "…",
]
EXPECTED_TASKS = [
    (0, WJ + 'Title search： find "the ＜b>best＜/b>" offer； ＃1', 1),
    (0, WJ + "journey map review", 2),
    (0, WJ + "section 3 of the form", 3),
    (0, WJ + "%50 off & more", 4),
    (0, WJ + "accDescr { hidden }", 5),
    (0, "a%％b", 4),
    (0, f'＜a href="x">link＜/a> ﬂ{WJ}°lt¶{WJ}ß', 4),
    (0, "x%％{init： {'theme'： 'forest'}}%％ y", 4),
    (0, WJ + "title x： 3", 4),
    (0, " ".join(["word"] * 24) + "…", 4),
    (0, "a" * 118 + "…", 4),
    (0, "…", 4),
    (1, 'Shop ＃1； "Main" ＜St.> ： 24/7', 3),
    (1, "Form %％{x}%％", 3),
    (1, "Chat： live； help ＃now", 3),
]


def test_hostile_text_parses_and_reads_back_as_documented() -> None:
    journey = journey_of(HOSTILE)
    text = build(journey)
    assert text.count("\n") == 2 + len(EXPECTED_SECTIONS) + len(EXPECTED_TASKS)
    result = parsed(text)
    assert result["title"] == EXPECTED_TITLE
    assert result["sections"] == EXPECTED_SECTIONS
    assert tasks_of(result) == [
        (EXPECTED_SECTIONS[section], task, score, EXPECTED_PEOPLE)
        for section, task, score in EXPECTED_TASKS
    ]
    assert sorted(result["actors"]) == sorted(EXPECTED_PEOPLE)


def test_hostile_text_is_cut_and_kept_on_one_line() -> None:
    text = build(journey_of(HOSTILE))
    for line in text.splitlines():
        assert line.startswith(("journey", "  title ", "  section ", "    "))
    assert "%%" not in text and "#" not in text and ";" not in text and "<" not in text
    assert "\r" not in text and "\t" not in text and "\ufeff" not in text
    for line in text.splitlines()[3:]:
        if line.startswith("    "):  # a task: its text cannot hold ": " any more
            task = line[4:].split(": ")[0]
            assert len(task.removeprefix(WJ)) <= mermaid.LIMIT


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


def test_the_parser_check_catches_what_the_replacements_prevent() -> None:
    """The same hazards written raw: the real parser fails, loses text or obeys."""
    raw = [
        "journey\n  title T\n  section S\n    a#b: 3\n",  # comment: no task data
        "journey\n  title T\n  section S\n    a;b: 3\n",  # ; is invalid
        "journey\n  title T\n  section a:b\n    x: 3\n",  # : ends a section name
        "journey\n  title T\n  section S\n    Section two: 3\n",  # keyword
    ]
    for outcome in mermaid_parse(*raw):
        assert not outcome["ok"]
    injected, lost, rewritten, sanitized = (
        outcome["result"]
        for outcome in mermaid_parse(
            'journey\n  title a %%{init: {"theme":"forest"}}%%\n  section S\n    x: 3\n',
            "journey\n  title T\n  section S\n    a%%b: 3\n    y: 2\n",
            'journey\n  title T\n  section S\n    <a href="x">: 3: Ann, Bob\n',
            "journey\n  title a < b & c\n  section S\n    x: 3\n",
        )
    )
    assert injected["config"] == {"theme": "forest"}
    assert [t["task"] for t in lost["tasks"]] == ["y"]
    assert rewritten["tasks"][0]["task"] == "<a href='x'>"
    assert rewritten["tasks"][0]["people"] == ["Ann", "Bob"]
    assert sanitized["title"] == "a &lt; b &amp; c"


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
