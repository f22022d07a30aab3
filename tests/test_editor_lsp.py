"""The editor set-up, checked with the real yaml-language-server.

yaml-language-server is the YAML support of VS Code (Red Hat's extension),
Neovim, Helix, Emacs and others. These tests start the version pinned in
tests/lsp/package-lock.json (`npm ci --prefix tests/lsp`, which `.ci/run`
does) and speak the Language Server Protocol to it over stdio, as an editor
does, on journeys made the documented way: `cjmap init` writes a journey whose
first line points at `./cjmap.schema.json`, and `cjmap schema -o
cjmap.schema.json` writes that file next to it.

Every read from the server is bounded (`TIMEOUT`): a server that hangs or dies
fails the test with what it wrote to stderr, instead of hanging the run.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, ROOT, run_cli

from cjmap.engine import CheckOptions, check_bytes
from cjmap.init import SCHEMA_LINE

SERVER = ROOT / "tests" / "lsp" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
TIMEOUT = 60.0  # seconds for any one answer; a bound against hangs, not a speed check
SCORES = ["-2", "-1", "0", "1", "2"]


class LspError(Exception):
    """The server answered with an error, or not at all within TIMEOUT."""


class LspClient:
    """A minimal LSP client: Content-Length framed JSON-RPC over the server's stdio."""

    def __init__(self, command: list[str], stderr_path: Path) -> None:
        self._stderr_path = stderr_path
        self._stderr = stderr_path.open("wb")
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
        )
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._next_id = 0
        self.settings: dict[str, Any] = {}
        threading.Thread(target=self._read_messages, daemon=True).start()

    def _read_messages(self) -> None:
        stream = self._process.stdout
        assert stream is not None
        try:
            while True:
                length = None
                while True:
                    line = stream.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                if length is None:
                    return
                self._inbox.put(json.loads(stream.read(length)))
        finally:
            self._inbox.put(None)  # the server has gone

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self._process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self._next_id += 1
        ident = self._next_id
        self._send({"id": ident, "method": method, "params": params})
        answer = self.wait_for(lambda m: m.get("id") == ident and "method" not in m, method)
        if "error" in answer:
            raise LspError(f"{method}: {answer['error']}")
        return answer["result"]

    def wait_for(self, wanted: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        """The next message that is `wanted`, answering the server's own requests meanwhile."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                message = self._inbox.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"yaml-language-server: no answer to {what} in {TIMEOUT:.0f} s{self._tail()}")
            if message is None:
                pytest.fail(f"yaml-language-server stopped while waiting for {what}{self._tail()}")
            if "method" in message and "id" in message:
                self._answer(message)
            elif wanted(message):
                return message

    def _answer(self, message: dict[str, Any]) -> None:
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [self.settings.get(item.get("section", ""), {}) for item in message["params"]["items"]]
        self._send({"id": message["id"], "result": result})

    def _tail(self) -> str:
        self._stderr.flush()
        text = self._stderr_path.read_text(encoding="utf-8", errors="replace")[-2000:]
        return f"; its stderr:\n{text}" if text else ""

    def close(self) -> None:
        try:
            if self._process.poll() is None:
                self.request("shutdown", None)
                self.notify("exit", None)
                self._process.wait(timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired, pytest.fail.Exception):
            self._process.kill()
            self._process.wait(timeout=TIMEOUT)
        finally:
            self._stderr.close()


class Editor:
    """What an editor does with a journey: open it, hover, ask for completions."""

    def __init__(self, client: LspClient) -> None:
        self.client = client
        self._version = 0

    def open(self, path: Path, text: str) -> list[dict[str, Any]]:
        """Open `path` with `text`; the diagnostics the server publishes for it."""
        path.write_text(text, encoding="utf-8")
        uri = path.as_uri()
        self._version += 1
        self.client.notify("textDocument/didOpen", {
            "textDocument": {"uri": uri, "languageId": "yaml", "version": self._version, "text": text},
        })
        message = self.client.wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri,
            f"the diagnostics of {path.name}",
        )
        return list(message["params"]["diagnostics"])

    def hover(self, path: Path, line: int, character: int) -> str:
        result = self.client.request("textDocument/hover", _position(path, line, character))
        assert result is not None, f"no hover at {line}:{character}"
        return str(result["contents"]["value"])

    def complete(self, path: Path, line: int, character: int) -> list[dict[str, Any]]:
        result = self.client.request("textDocument/completion", _position(path, line, character))
        return list(result["items"] if isinstance(result, dict) else result)


def _position(path: Path, line: int, character: int) -> dict[str, Any]:
    return {"textDocument": {"uri": path.as_uri()}, "position": {"line": line, "character": character}}


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js (>= 20) is needed for the editor tests")
    if not SERVER.is_file():
        pytest.fail("yaml-language-server is not installed: npm ci --prefix tests/lsp")
    logs = tmp_path_factory.mktemp("lsp-logs")
    client = LspClient([node, str(SERVER), "--stdio"], logs / "stderr.txt")
    root = tmp_path_factory.mktemp("workspace")
    # No network: the schema comes from the journey's own first line.
    client.settings = {
        "yaml": {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}},
    }
    try:
        client.request("initialize", {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "capabilities": {
                "textDocument": {
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "completion": {"completionItem": {
                        "snippetSupport": True, "documentationFormat": ["markdown", "plaintext"],
                    }},
                    "publishDiagnostics": {},
                },
                "workspace": {"configuration": True},
            },
        })
        client.notify("initialized", {})
        client.notify("workspace/didChangeConfiguration", {"settings": client.settings})
        yield Editor(client)
    finally:
        client.close()


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder set up as docs/ci.md says: the schema next to a journey `cjmap init` wrote."""
    monkeypatch.chdir(tmp_path)
    assert run_cli(["schema", "-o", "cjmap.schema.json"], capsys, monkeypatch)[0] == 0
    assert run_cli(["init", "new.journey.yaml"], capsys, monkeypatch)[0] == 0
    return tmp_path


# A journey as an author may be typing it: `(n)` marks line n (from 0), cut out below.
TYPING = """\
cjmap: 1
id: typing
title: A journey being written
teams:
  - {id: cx, name: Customer experience}
touchpoints:
  - {id: web-shop, name: Web shop, channel: web}
stages:
  - id: discover
    name: Discover
    phase: awareness
    needs: [Know the price]
    emotions:
      score: 1
    steps:
      - text: Reads the page
        score: -1
      - text: Compares prices
        score: (18)
    pain_points:
      - text: Slow page
        severity: (21)
    touchpoints:
      - (23)
    objectives:
      - (25)
    actions:
      - (27)
    phase_notes: (28)
    description: (29)
  - (30)
"""


def _document(folder: Path, name: str, body: str) -> tuple[Path, str, dict[int, int]]:
    """The journey `body` after the schema line, and the column of each mark by line.

    A line of `body` may end with a mark `(n)`, n its number in `body` counting from
    0; it is cut out, and its column is kept under n + 1, the number of the line in
    the document (whose line 0 is the schema line).
    """
    marks: dict[int, int] = {}
    lines = []
    for number, line in enumerate(body.splitlines(), start=1):  # line 0 is the schema line
        match = re.search(r"\((\d+)\)$", line)
        if match:
            assert int(match.group(1)) + 1 == number, line
            line = line[: match.start()]
            marks[number] = len(line)
        lines.append(line)
    return folder / name, "\n".join([SCHEMA_LINE, *lines]) + "\n", marks


def _labels(items: list[dict[str, Any]]) -> list[str]:
    return [str(item["label"]) for item in items]


def _text_of(diagnostic: dict[str, Any], text: str) -> str:
    lines = text.splitlines()
    start, end = diagnostic["range"]["start"], diagnostic["range"]["end"]
    assert start["line"] == end["line"], diagnostic
    return lines[start["line"]][start["character"]: end["character"]]


# --- diagnostics ---------------------------------------------------------------


def test_the_new_journey_has_no_problem_and_a_mistake_is_shown_where_it_is(editor: Editor, folder: Path) -> None:
    path = folder / "new.journey.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(SCHEMA_LINE + "\n")
    # The schema line works: the one finding is the key planted at the end.
    diagnostics = editor.open(path, text + "owners: cx\n")
    assert len(diagnostics) == 1, diagnostics
    [unknown] = diagnostics
    assert unknown["range"] == {
        "start": {"line": len(text.splitlines()), "character": 0},
        "end": {"line": len(text.splitlines()), "character": len("owners")},
    }
    assert "owners" in unknown["message"] and unknown["severity"] == 1


def test_an_unknown_key_and_wrong_types_are_reported_at_their_place(editor: Editor, folder: Path) -> None:
    path, text, _ = _document(folder, "mistakes.journey.yaml", """\
cjmap: 1
id: mistakes
title: Mistakes
stages:
  - id: discover
    name: Discover
    phse: awareness
    emotions: {score: 3}
    objectives:
      - {id: sales, statement: Sell more, target: "3%", unit: "%"}
    touchpoints:
      - {id: counter, name: Counter, channel: webb}
""")
    diagnostics = editor.open(path, text)
    found = sorted((d["range"]["start"]["line"], _text_of(d, text), d["message"]) for d in diagnostics)
    assert [(line, where) for line, where, _ in found] == [
        (7, "phse"), (8, "3"), (10, '"3%"'), (12, "webb"),
    ], found
    messages = [message for *_, message in found]
    assert "phse" in messages[0]
    assert all(d["severity"] == 1 for d in diagnostics)
    assert "-2, -1, 0, 1, 2" in messages[1]
    assert "number" in messages[2]
    assert '"web"' in messages[3]


def test_keys_left_empty_are_no_problem(editor: Editor, folder: Path) -> None:
    path, text, _ = _document(folder, "empty.journey.yaml", """\
cjmap: 1
id: empty-keys
title: Keys left empty
language:
description:
stages:
  - id: discover
    name: Discover
    phase:
    needs:
    emotions:
    steps:
      - {text: Reads the page, score: }
    pain_points:
      - {text: Slow page, severity: }
    objectives:
      - {id: sales, statement: Sell more, target: , direction: , due: }
    actions:
      - {title: Do it, type: , status: , id: }
owners: cx
""")
    diagnostics = editor.open(path, text)
    assert [(d["range"]["start"]["line"], _text_of(d, text)) for d in diagnostics] == [(20, "owners")]


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.journey.yaml")), ids=lambda p: p.name)
def test_the_examples_have_no_problem_with_the_published_schema(editor: Editor, example: Path, tmp_path: Path) -> None:
    # Their first line points at ../schema/cjmap.schema.json: the copy in this repository.
    (tmp_path / "schema").mkdir()
    shutil.copy(ROOT / "schema" / "cjmap.schema.json", tmp_path / "schema")
    (tmp_path / "examples").mkdir()
    text = example.read_text(encoding="utf-8") + "owners: cx\n"
    diagnostics = editor.open(tmp_path / "examples" / example.name, text)
    assert [_text_of(d, text) for d in diagnostics] == ["owners"], diagnostics


def test_the_example_catalog_is_checked_as_a_catalog_with_the_published_schema(editor: Editor, tmp_path: Path) -> None:
    # Its first line points at ../../schema/cjmap.schema.json; `kind: catalog` picks the catalog's keys.
    (tmp_path / "schema").mkdir()
    shutil.copy(ROOT / "schema" / "cjmap.schema.json", tmp_path / "schema")
    (tmp_path / "examples" / "shared").mkdir(parents=True)
    catalog = EXAMPLES / "shared" / "northbank.catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/cjmap.schema.json\n")
    diagnostics = editor.open(tmp_path / "examples" / "shared" / catalog.name, text + "stages: []\n")
    # A journey's key is no catalog's; everything else is right.
    assert [_text_of(d, text + "stages: []\n") for d in diagnostics] == ["stages"], diagnostics


# --- hover -------------------------------------------------------------------------


def test_hover_over_score_shows_the_scale_as_code(editor: Editor, folder: Path) -> None:
    path, text, _ = _document(folder, "hover.journey.yaml", TYPING)
    editor.open(path, text)
    lines = text.splitlines()
    step_score = next(i for i, line in enumerate(lines) if line == "        score: -1")
    hover = editor.hover(path, step_score, 10)
    assert "How the customer feels at this step: `-2` very negative, `-1` negative" in hover
    assert "\\`" not in hover  # Markdown, not text with its backticks escaped
    emotions_score = lines.index("      score: 1")
    hover = editor.hover(path, emotions_score, 8)
    assert "`-2` very negative" in hover and "\\`" not in hover
    # Keys whose description holds code show it as code too.
    hover = editor.hover(path, lines.index("    phase: awareness"), 6)
    assert "`awareness` (learns you exist)" in hover and "\\`" not in hover


# A stage with every blueprint lane, as an author writes it: `(n)` marks line n, as in TYPING.
BLUEPRINT = """\
cjmap: 1
id: blueprint
title: A service blueprint
teams:
  - {id: cx, name: Customer experience}
  - {id: ops, name: Operations}
touchpoints:
  - {id: counter, name: Counter, channel: store}
stages:
  - id: report
    name: Reports a problem
    steps:
      - text: Fills in the form
        score: -1
        duration: 10 min
        wait: 2 d
        moment_of_truth: true
      - {text: Gets a reply, duration: 1.5h}
    evidence: [Confirmation email, {text: Case number}]
    frontstage:
      - Agent greets the customer
      - {text: Agent takes the details, owner: cx, touchpoint: counter, system: CRM, duration: 5 min}
    backstage:
      - text: Checks the address
        owner: ops
        duration: 1 h
    support:
      - {text: Nightly export to the register, owner: ops, system: Register}
"""


def test_a_blueprint_stage_has_no_problem(editor: Editor, folder: Path) -> None:
    path, text, _ = _document(folder, "blueprint.journey.yaml", BLUEPRINT)
    assert check_bytes(path.name, text.encode("utf-8"), CheckOptions()).journey is not None
    assert editor.open(path, text) == []


def test_a_bad_duration_is_shown_where_it_is(editor: Editor, folder: Path) -> None:
    path, text, _ = _document(folder, "durations.journey.yaml", BLUEPRINT.replace(
        "wait: 2 d", "wait: 2 days").replace("duration: 1 h", "duration: 60"))
    diagnostics = editor.open(path, text)
    lines = text.splitlines()
    found = sorted((d["range"]["start"]["line"], _text_of(d, text), d["message"]) for d in diagnostics)
    # In words, not as the pattern: the same for a wrong unit and a missing one.
    says = 'Not a duration: write a number and a unit, "30 s", "10 min", "1.5 h", "2 d" or "3 w".'
    assert found == [
        (lines.index("        wait: 2 days"), "2 days", says),
        (lines.index("        duration: 60"), "60", says),
    ]
    assert all(d["severity"] == 1 for d in diagnostics)


def test_hover_over_a_blueprint_lane_and_a_duration_shows_their_description(editor: Editor, folder: Path) -> None:
    path, text, _ = _document(folder, "hover-blueprint.journey.yaml", BLUEPRINT)
    editor.open(path, text)
    lines = text.splitlines()
    hover = editor.hover(path, lines.index("    backstage:"), 6)
    assert "Blueprint lane: what staff do out of the customer's sight" in hover
    assert "`owner`" in hover and "\\`" not in hover
    hover = editor.hover(path, lines.index("        duration: 10 min"), 10)
    assert "How long the customer spends on this step" in hover and '`"1.5 h"`' in hover
    hover = editor.hover(path, lines.index("        duration: 1 h"), 10)
    assert "How long it takes" in hover
    hover = editor.hover(path, lines.index("        moment_of_truth: true"), 10)
    assert "decides whether the customer stays or leaves" in hover


# --- completion ----------------------------------------------------------------------


def test_completion_offers_scores_words_and_snippets_and_never_null(editor: Editor, folder: Path) -> None:
    path, text, marks = _document(folder, "typing.journey.yaml", TYPING)
    editor.open(path, text)

    def complete(line: int) -> list[dict[str, Any]]:
        items = editor.complete(path, line, marks[line])
        assert "null" not in _labels(items), f"line {line} offers null: {_labels(items)}"
        return items

    # A step's score (may be left empty): the five scores.
    assert set(SCORES) <= set(_labels(complete(19)))
    # A word from a fixed list.
    assert {"low", "medium", "high"} <= set(_labels(complete(22)))
    # A new stage, touchpoint, objective, action: their snippets.
    stage = _snippet(complete(31), "New stage")
    assert "${1:compare-offers}" in stage["insertText"]
    assert _snippet(complete(24), "New touchpoint")
    assert _snippet(complete(26), "New objective")
    assert _snippet(complete(28), "New action")
    for line in (29, 30):  # an unknown key, a free text: nothing to pick, and not null
        complete(line)

    # The stage snippet, inserted with its placeholders' texts, is a valid stage. (An
    # editor indents the snippet's later lines like the line it is inserted on: `  - `.)
    inserted = re.sub(r"\$\{\d+:([^}]*)\}", r"\1", stage["insertText"]).replace("\n", "\n  ")
    journey = "\n".join(text.splitlines()[:8]) + "\nstages:\n  - " + inserted + "\n"
    findings = check_bytes("typing.journey.yaml", journey.encode("utf-8"), CheckOptions()).findings
    assert not [f for f in findings if f.code.startswith("CJ0")], findings
    assert editor.open(folder / "inserted.journey.yaml", journey) == []


def test_completion_in_a_score_of_emotions_and_in_a_new_step(editor: Editor, folder: Path) -> None:
    path, text, marks = _document(folder, "steps.journey.yaml", """\
cjmap: 1
id: steps
title: Steps
stages:
  - id: discover
    name: Discover
    emotions:
      score: (7)
    steps:
      - (9)
""")
    editor.open(path, text)
    emotions = editor.complete(path, 8, marks[8])
    assert set(SCORES) <= set(_labels(emotions)) and "null" not in _labels(emotions)
    step = _snippet(editor.complete(path, 10, marks[10]), "New step")
    assert "score: ${3:0}" in step["insertText"]


def _snippet(items: list[dict[str, Any]], label: str) -> dict[str, Any]:
    found = [item for item in items if item["label"] == label]
    assert found, f"no {label!r} among {_labels(items)}"
    assert found[0]["insertTextFormat"] == 2  # a snippet: the editor tabs through ${n:…}
    return found[0]


def test_completion_in_the_blueprint_lanes_and_of_a_moment_of_truth(editor: Editor, folder: Path) -> None:
    path, text, marks = _document(folder, "lanes.journey.yaml", """\
cjmap: 1
id: lanes
title: Lanes
stages:
  - id: discover
    name: Discover
    steps:
      - text: Reads the page
        moment_of_truth: (8)
      - (9)
    frontstage:
      - (11)
    backstage:
      - (13)
    support:
      - (15)
""")
    editor.open(path, text)
    moment = editor.complete(path, 9, marks[9])
    assert {"true", "false"} <= set(_labels(moment)) and "null" not in _labels(moment)
    step = _snippet(editor.complete(path, 10, marks[10]), "New step")
    assert "duration: ${4:5 min}" in step["insertText"]
    for line in (12, 14, 16):
        action = _snippet(editor.complete(path, line, marks[line]), "New blueprint action")
        assert action["insertText"].startswith("text: ${1:Checks the documents against the register}")
        assert "duration: ${4:2 h}" in action["insertText"]
