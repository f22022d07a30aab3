"""Reading a Mermaid `journey` diagram into a journey (`read_mermaid`): the
Mermaid docs' own example, checked against the real Mermaid parser; a
diagram inside a Markdown wiki page; scores, actors, entity codes and the
writer's own marks; what is noted and what is refused; the round trip with
cjmap's Mermaid writer for every bundled example and for hostile text.

The real parser is the one of tests/test_render_mermaid.py (node and the
pinned mermaid in tests/mermaid): see there how to install it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cjmap.engine import CheckOptions, check_bytes
from cjmap.errors import CjmapError
from cjmap.i18n import translator
from cjmap.render import mermaid
from cjmap import durations
from cjmap.transfer.draft import Draft, journey_text
from cjmap.transfer.mermaid_source import DOCS, NotAJourney, read_mermaid

from conftest import EXAMPLES, ROOT, journey_of_file, run_cli
from test_render_mermaid import (  # noqa: F401 - _close_mermaid_server: autouse, ends the parser
    EVERYONE,
    EXPECTED_SECTIONS,
    EXPECTED_TASKS,
    EXPECTED_TITLE,
    HOSTILE,
    _close_mermaid_server,
    journey_of,
    parsed,
    people_of,
    shown,
)

FIXTURES = ROOT / "tests" / "fixtures" / "import"
DOCS_EXAMPLE = FIXTURES / "mermaid-docs.mmd"
WIKI = FIXTURES / "mermaid-wiki.md"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.journey.yaml"))
STRUCTURE = {f"CJ00{n}" for n in range(1, 8)}
SCORE_HINT_START = "give the step a `score` from -2"


# --- helpers -----------------------------------------------------------------


def read(text: str, name: str = "day.mmd", **options: Any) -> Draft:
    return read_mermaid(name, text, **options)


def notes(draft: Draft) -> list[str]:
    return [str(note) for note in draft.notes]


def structure_errors(draft: Draft) -> list[str]:
    """The CJ001–CJ007 findings of the journey the draft writes."""
    text = journey_text(draft)
    result = check_bytes("imported.journey.yaml", text.encode("utf-8"), CheckOptions())
    assert result.journey is not None, result.findings
    return [f"{f.code} {f.message}" for f in result.findings if f.code in STRUCTURE]


def steps(draft: Draft, stage: int = 0) -> list[dict[str, Any]]:
    return draft.data["stages"][stage]["steps"]


def as_mermaid_reads(draft: Draft) -> list[tuple[str, str, int | None, list[str]]]:
    """The draft's steps as Mermaid's parser reports tasks: section, task
    text (with the moment mark), score 1…5, actor names."""
    names = {persona["id"]: persona["name"] for persona in draft.data.get("personas", [])}
    return [
        (stage["name"], f"♦ {step['text']}" if step.get("moment_of_truth") else step["text"],
         step["score"] + 3 if "score" in step else None, [names[s] for s in step.get("segments", [])])
        for stage in draft.data["stages"]
        for step in stage.get("steps", [])
    ]


def mermaid_reads(text: str) -> list[tuple[str, str, int, list[str]]]:
    """What the real Mermaid parser reads of a journey diagram, as it shows it."""
    return [
        (shown(task["section"]).strip(), shown(task["task"]).strip(), task["score"],
         [shown(person) for person in task["people"]])
        for task in parsed(text)["tasks"]
    ]


# --- the Mermaid docs' example ---------------------------------------------


def test_the_mermaid_docs_example_reads_as_the_journey_it_draws() -> None:
    draft = read_mermaid("mermaid-docs.mmd", DOCS_EXAMPLE.read_text(encoding="utf-8"))
    assert draft.source == "mermaid-docs.mmd"
    assert draft.data == {
        "cjmap": 1,
        "id": "my-working-day",
        "title": "My working day",
        "personas": [{"id": "me", "name": "Me"}, {"id": "cat", "name": "Cat"}],
        "segments": [
            {"id": "me", "name": "Me", "personas": ["me"]},
            {"id": "cat", "name": "Cat", "personas": ["cat"]},
        ],
        "stages": [
            {"id": "go-to-work", "name": "Go to work", "steps": [
                {"text": "Make tea", "score": 2, "segments": ["me"]},
                {"text": "Go upstairs", "score": 0, "segments": ["me"]},
                {"text": "Do work", "score": -2, "segments": ["me", "cat"]},
            ]},
            {"id": "go-home", "name": "Go home", "steps": [
                {"text": "Go downstairs", "score": 2, "segments": ["me"]},
                {"text": "Sit down", "score": 2, "segments": ["me"]},
            ]},
        ],
    }
    assert draft.notes == []
    assert structure_errors(draft) == []


def test_the_written_journey_validates_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = read_mermaid("mermaid-docs.mmd", DOCS_EXAMPLE.read_text(encoding="utf-8"))
    path = tmp_path / "my-working-day.journey.yaml"
    path.write_text(journey_text(draft), encoding="utf-8")
    code, out, _ = run_cli(["validate", "--format", "json", str(path)], capsys, monkeypatch)
    codes = {finding["code"] for finding in json.loads(out)["findings"]}
    # What is still to fill in (needs, touchpoints, …) is reported; the structure is sound.
    assert code == 1 and "CJ101" in codes and not codes & STRUCTURE


def test_the_docs_example_is_real_mermaid_and_read_as_mermaid_reads_it() -> None:
    text = DOCS_EXAMPLE.read_text(encoding="utf-8")
    result = parsed(text)
    assert result["title"] == "My working day"
    assert result["sections"] == ["Go to work", "Go home"]
    assert as_mermaid_reads(read(text)) == mermaid_reads(text) == [
        ("Go to work", "Make tea", 5, ["Me"]),
        ("Go to work", "Go upstairs", 3, ["Me"]),
        ("Go to work", "Do work", 1, ["Me", "Cat"]),
        ("Go home", "Go downstairs", 5, ["Me"]),
        ("Go home", "Sit down", 5, ["Me"]),
    ]


# --- Markdown ---------------------------------------------------------------


def test_a_wiki_page_gives_its_first_journey_block_with_the_pages_line_numbers() -> None:
    draft = read_mermaid("docs/onboarding.md", WIKI.read_text(encoding="utf-8"), markdown=True)
    assert draft.data == {
        "cjmap": 1,
        "id": "onboarding",
        "title": "Onboarding",
        "personas": [{"id": "ana", "name": "Ana"}, {"id": "ben", "name": "Ben"}],
        "segments": [
            {"id": "ana", "name": "Ana", "personas": ["ana"]},
            {"id": "ben", "name": "Ben", "personas": ["ben"]},
        ],
        "stages": [
            {"id": "awareness", "name": "Awareness", "phase": "awareness", "steps": [
                {"text": "Sees an ad", "score": 1, "segments": ["ana"]},
                {"text": "Reads reviews", "segments": ["ana", "ben"]},
            ]},
            {"id": "sign-up", "name": "Sign up", "steps": [
                {"text": "Creates an account", "score": -1, "segments": ["ben"]},
            ]},
        ],
    }
    assert notes(draft) == [
        ("line 29: task “Reads reviews” has the score “great”; a Mermaid score is a whole number from 1 to 5, "
        "so the step was imported without a score"),
        ("line 32: “Asks for help” is not part of a Mermaid journey (a title, a section or a task with its "
        "score), so it was left out"),
    ]
    assert structure_errors(draft) == []


def test_markdown_fences_follow_commonmark() -> None:
    page = (
        "Text\r\n"
        "    ```mermaid\r\n"  # four spaces: indented code, not a fence
        "    journey\r\n"
        "    ```\r\n"
        "```` mermaid extra words\r\n"  # the info string's first word counts
        "journey\r\n"
        "   section Shop\r\n"
        "     Pays: 4\r\n"
        "    title Late: 7\r\n"
        "```\r\n"  # shorter than the opening fence: still inside
        "````\r\n"
    )
    draft = read(page, "page.md", markdown=True)
    assert draft.data["title"] == "Late: 7"
    assert draft.data["stages"] == [{"id": "shop", "name": "Shop", "steps": [{"text": "Pays", "score": 1}]}]
    assert notes(draft) == [("line 10: “```” is not part of a Mermaid journey (a title, a section or a task "
                            "with its score), so it was left out")]


def test_an_unclosed_journey_block_runs_to_the_end_of_the_page() -> None:
    draft = read("# Page\n\n~~~mermaid\njourney\nsection A\nT: 3: Me\n", "page.md", markdown=True)
    assert steps(draft) == [{"text": "T", "score": 0, "segments": ["me"]}]


def test_markdown_without_a_journey_block_is_refused() -> None:
    with pytest.raises(NotAJourney) as refused:
        read("# Notes\n\n```mermaid\nflowchart LR\n  A --> B\n```\n\n```python\njourney\n```\n", "notes.md",
             markdown=True)
    assert str(refused.value) == ("notes.md has no Mermaid journey diagram: its ```mermaid blocks hold other "
                                  "diagrams (line 4: “flowchart LR”)")
    assert DOCS in (refused.value.hint or "")
    with pytest.raises(NotAJourney) as refused:
        read("# Notes\n\nNo diagram here.\n", "notes.md", markdown=True)
    assert str(refused.value) == "notes.md has no Mermaid journey diagram: it has no ```mermaid block with a diagram"
    assert "```mermaid" in (refused.value.hint or "")


# --- refusals ---------------------------------------------------------------


@pytest.mark.parametrize(("text", "message"), [
    ("", "day.mmd has no Mermaid diagram: the file is empty"),
    ("\n  \n%% only a comment\n", "day.mmd has no Mermaid diagram: the file is empty"),
    ("flowchart TD\n  A --> B\n",
     "day.mmd is not a Mermaid journey diagram: line 1 is “flowchart TD”, not `journey`"),
    ("%% a comment\n\ngantt\n", "day.mmd is not a Mermaid journey diagram: line 3 is “gantt”, not `journey`"),
    ("# journey\n", "day.mmd is not a Mermaid journey diagram: line 1 is “# journey”, not `journey`"),
    ("journey\n  title Only a title\n",
     "day.mmd: the journey diagram on line 1 has no section and no task, so there is nothing to import"),
    ("%%{init: {}}%%\n\njourney\n  accTitle: A\n  what\n",
     "day.mmd: the journey diagram on line 3 has no section and no task, so there is nothing to import"),
])
def test_a_file_without_a_journey_is_refused_with_a_hint(text: str, message: str) -> None:
    with pytest.raises(NotAJourney) as refused:
        read(text)
    assert isinstance(refused.value, CjmapError) and refused.value.exit_code == 1
    assert str(refused.value) == message
    assert DOCS in (refused.value.hint or "")


def test_the_header_may_have_a_bom_comments_a_directive_and_front_matter() -> None:
    text = (
        "\ufeff---\n"
        "title: 'From the front matter'\n"
        "config:\n"
        "  theme: forest\n"
        "---\n"
        "%% drawn for the team\n"
        "%%{init: {'theme': 'dark'}}%%\n"
        "Journey\n"  # Mermaid's lexer reads keywords in any case
        "  section A\n"
        "    T: 3\n"
    )
    draft = read(text)
    assert draft.data["title"] == "From the front matter"
    assert notes(draft) == [
        "line 3: the diagram's front matter settings (lines 3 to 4) were ignored",
        "line 7: the Mermaid directive “%%{init: {'theme': 'dark'}}%%” was ignored",
    ]


def test_journey_may_share_its_line_with_a_statement() -> None:
    draft = read("journey title Day\nsection A\nT: 3\n")
    assert draft.data["title"] == "Day"


# --- scores -------------------------------------------------------------------


@pytest.mark.parametrize(("written", "score"), [
    ("1", -2), ("2", -1), ("3", 0), ("4", 1), ("5", 2), (" 5 ", 2), ("+4", 1), ("05", 2), ("5.0", 2),
])
def test_a_mermaid_score_moves_from_one_to_five_to_minus_two_to_plus_two(written: str, score: int) -> None:
    draft = read(f"journey\nsection A\nTask:{written}: Me\n")
    assert steps(draft) == [{"text": "Task", "score": score, "segments": ["me"]}]
    assert draft.notes == []


@pytest.mark.parametrize(("line", "said"), [
    ("Do work: 0: Me", "has the score 0"),
    ("Do work: 7: Me", "has the score 7"),
    ("Do work: 2.5: Me", "has the score 2.5"),
    ("Do work: -1: Me", "has the score -1"),
    ("Do work: high: Me", "has the score “high”"),
    ("Do work: : Me", "has no score"),
    ("Do work:", "has no score"),
])
def test_a_score_outside_one_to_five_is_noted_and_the_step_kept(line: str, said: str) -> None:
    draft = read(f"journey\n  title Day\n  section Work\n    {line}\n    Rest: 5\n")
    kept = {"text": "Do work", "segments": ["me"]} if "Me" in line else {"text": "Do work"}
    assert steps(draft) == [kept, {"text": "Rest", "score": 2}]
    assert notes(draft) == [(f"line 4: task “Do work” {said}; a Mermaid score is a whole number from 1 to 5, "
                            "so the step was imported without a score")]
    assert (draft.notes[0].hint or "").startswith(SCORE_HINT_START)
    assert structure_errors(draft) == []


# --- lines, stages, titles ----------------------------------------------------


def test_lines_a_journey_does_not_have_are_noted_never_dropped_silently() -> None:
    long_line = "x" * 100
    draft = read(
        "journey\n"
        "  title Day\n"
        "  what is this\n"
        "  journey\n"
        "  title\n"
        "  }\n"
        f"  {long_line}\n"
        "  section A\n"
        "    T: 3: Me: extra\n"
        "  : 3\n"
        "  #32;: 3\n"
        "  # a Mermaid comment\n"
        "  %% a comment\n"
    )
    unknown = "is not part of a Mermaid journey (a title, a section or a task with its score), so it was left out"
    assert notes(draft) == [
        f"line 3: “what is this” {unknown}",
        f"line 4: “journey” {unknown}",
        f"line 5: “title” {unknown}",
        f"line 6: “}}” {unknown}",
        f"line 7: “{'x' * 59}…” {unknown}",
        "line 9: task “T” has more after its actors (“extra”), which Mermaid ignores; it was left out",
        f"line 10: “: 3” {unknown}",
        "line 11: a task has no text (“: 3”), so it was left out",
    ]
    assert steps(draft) == [{"text": "T", "score": 0, "segments": ["me"]}]
    assert "`Make tea: 5: Me`" in (draft.notes[0].hint or "")


def test_tasks_before_any_section_get_a_stage_named_after_the_title() -> None:
    draft = read("journey\n  Wakes up: 2\n  Snoozes: 1\n  title My day\n  section Later\n    Works: 3\n")
    assert draft.data["stages"] == [
        {"id": "my-day", "name": "My day", "steps": [{"text": "Wakes up", "score": -1},
                                                     {"text": "Snoozes", "score": -2}]},
        {"id": "later", "name": "Later", "steps": [{"text": "Works", "score": 0}]},
    ]
    assert notes(draft) == [("line 2: task “Wakes up” comes before any section; it and the other tasks before "
                            "the first section were put in a stage named “My day”")]
    untitled = read("journey\n  Wakes up: 2\n", "-")
    assert untitled.data["title"] == "Journey" and untitled.data["id"] == "journey"
    assert untitled.data["stages"][0]["name"] == "Journey"


def test_sections_are_stages_even_empty_ones_with_phases_in_any_language() -> None:
    draft = read(
        "journey\n"
        "  section Awareness\n"
        "  section Consideración\n"
        "    Compares: 3\n"
        "  section Fidelització\n"
        "  section Go home\n"
        "  section Go home\n"
        "  section\n"
    )
    assert draft.data["stages"] == [
        {"id": "awareness", "name": "Awareness", "phase": "awareness"},
        {"id": "consideracion", "name": "Consideración", "phase": "consideration",
         "steps": [{"text": "Compares", "score": 0}]},
        {"id": "fidelitzacio", "name": "Fidelització", "phase": "loyalty"},
        {"id": "go-home", "name": "Go home"},
        {"id": "go-home-2", "name": "Go home"},
        {"id": "section-6", "name": "Section 6"},
    ]
    assert notes(draft) == ["line 8: a section has no name; its stage was named “Section 6”"]
    assert structure_errors(draft) == []


def test_without_a_title_the_file_names_the_journey() -> None:
    draft = read("journey\n  section A\n    T: 3\n", "docs/Day one.mmd")
    assert (draft.data["id"], draft.data["title"]) == ("day-one", "Day one")
    assert draft.notes == []


def test_the_last_title_wins_as_in_mermaid_and_the_first_is_noted() -> None:
    draft = read("journey\n  title First\n  section A\n    T: 3\n  title Second\n")
    assert (draft.data["id"], draft.data["title"]) == ("second", "Second")
    assert notes(draft) == ["line 2: the title “First” was replaced by the title on line 5, as in Mermaid"]


def test_acc_title_is_the_title_when_there_is_none_and_acc_descr_the_description() -> None:
    draft = read("journey\n  accTitle: Opening an account\n  accDescr: How people open an account\n"
                 "  section A\n    T: 3\n")
    assert draft.data["title"] == "Opening an account"
    assert draft.data["description"] == "How people open an account"
    assert draft.notes == []


def test_acc_title_beside_a_title_is_noted_and_a_block_description_keeps_its_lines() -> None:
    draft = read(
        "journey\n"
        "  title Opening an account\n"
        "  accTitle : Account opening, for screen readers\n"
        "  accDescr {\n"
        "    How people open\n"
        "\n"
        "    an account #35;1\n"
        "  }\n"
        "  section A\n"
        "    T: 3\n"
    )
    assert draft.data["title"] == "Opening an account"
    assert draft.data["description"] == "How people open\nan account #1"
    assert notes(draft) == [("line 3: the accessible title “Account opening, for screen readers” was not "
                            "carried over: the journey has one title, “Opening an account”")]
    assert structure_errors(draft) == []


def test_a_description_block_on_one_line_and_one_left_open() -> None:
    draft = read("journey\n  accDescr { Short }\n  section A\n    T: 3\n")
    assert draft.data["description"] == "Short"
    assert draft.notes == []
    draft = read("journey\n  accDescr {\n  Two\n  lines } and more\n  section A\n    T: 3\n")
    assert draft.data["description"] == "Two\nlines"
    assert notes(draft) == [("line 4: “and more” is not part of a Mermaid journey (a title, a section or a task "
                             "with its score), so it was left out")]
    draft = read("journey\n  section A\n    T: 3\n  accDescr {\n    All the rest\n    U: 4\n")
    assert draft.data["description"] == "All the rest\nU: 4"
    assert notes(draft) == [("line 4: the description that starts here (`accDescr {`) has no closing `}`; "
                            "it was read up to the end of the diagram")]


def test_a_spanish_journey_says_its_language() -> None:
    text = "journey\n  title Un día\n  section Consideración\n    Compara: 4: Ana\n"
    draft = read(text, language="es")
    assert draft.data["language"] == "es"
    assert draft.data["stages"][0]["phase"] == "consideration"
    assert "language" not in read(text).data
    assert structure_errors(draft) == []


# --- actors -------------------------------------------------------------------


def test_each_actor_is_a_persona_and_a_segment_and_a_task_lists_its_actors() -> None:
    draft = read(
        "journey\n"
        "  section A\n"
        "    Calls: 3: Ann, Bo\n"
        "    Waits: 2: Bo\n"
        "    Reads: 4\n"
        "    Pays: 4:\n"
        "    Signs: 5:  Cy , Ann,, Ann , \n"
        "    Asks: 3: Me, me, ME \n"
        "    Smiles: 5: 😀\n"
    )
    assert draft.data["personas"] == [
        {"id": "ann", "name": "Ann"}, {"id": "bo", "name": "Bo"}, {"id": "cy", "name": "Cy"},
        {"id": "me", "name": "Me"}, {"id": "me-2", "name": "me"}, {"id": "me-3", "name": "ME"},
        {"id": "persona", "name": "😀"},
    ]
    assert draft.data["segments"] == [{"id": p["id"], "name": p["name"], "personas": [p["id"]]}
                                      for p in draft.data["personas"]]
    assert [step.get("segments") for step in steps(draft)] == [
        ["ann", "bo"], ["bo"], None, None, ["cy", "ann"], ["me", "me-2", "me-3"], ["persona"],
    ]
    assert structure_errors(draft) == []


def test_a_journey_without_actors_has_no_personas_or_segments() -> None:
    draft = read("journey\n  section A\n    T: 3\n")
    assert "personas" not in draft.data and "segments" not in draft.data


# --- entity codes and the writer's marks ----------------------------------------


def test_entity_codes_are_read_as_mermaid_shows_them() -> None:
    text = (
        "journey\n"
        "  title Q#38;A #35;1\n"
        "  section Pay#58; now#59; #60;b>\n"
        "    Pays#58; the fee#59; 50%#37; off: 4: David#44; switching banks, Ann\n"
        "    #116;itle search: 3\n"
    )
    draft = read(text)
    assert draft.data["title"] == "Q&A #1"
    assert as_mermaid_reads(draft) == mermaid_reads(text) == [
        ("Pay: now; <b>", "Pays: the fee; 50%% off", 4, ["David, switching banks", "Ann"]),
        ("Pay: now; <b>", "title search", 3, []),
    ]


def test_other_entity_codes_stay_as_written() -> None:
    draft = read("journey\n  section A\n    Tea#nbsp;time #x23; #1114112; #12345678;: 3\n")
    assert steps(draft) == [{"text": "Tea#nbsp;time #x23; #1114112; #12345678;", "score": 0}]


def test_the_moment_mark_makes_a_moment_of_truth() -> None:
    draft = read("journey\n  section A\n    ♦ Pays the fee: 2: Ann\n    ♦: 3\n    ♦Signs: 3\n")
    assert steps(draft) == [
        {"text": "Pays the fee", "score": -1, "segments": ["ann"], "moment_of_truth": True},
        {"text": "♦", "score": 0},
        {"text": "♦Signs", "score": 0},
    ]


def test_the_writers_score_comment_right_above_a_task_drops_its_score() -> None:
    draft = read(
        "journey\n"
        "  section A\n"
        f"    {mermaid.STAGE_SCORE}\n"
        "    One: 4\n"
        f"    {mermaid.NEUTRAL_SCORE}\n"
        "\n"
        "    Two: 3\n"
        "    %% another comment\n"
        "    Three: 5\n"
        f"    {mermaid.STAGE_SCORE}\n"
        "    %% another comment\n"
        "    Four: 2\n"
        f"    {mermaid.NEUTRAL_SCORE}\n"
        "  section B\n"
        "    Five: 1\n"
    )
    assert [step.get("score") for step in steps(draft)] == [None, None, 2, -1]
    assert steps(draft, 1) == [{"text": "Five", "score": -2}]
    assert draft.notes == []


def test_a_steps_times_in_brackets_are_its_duration_and_wait() -> None:
    draft = read("journey\n  section A\n    Pays (10 min, wait 2 d): 3\n    Waits (espera 1,5 h): 3\n"
                 "    Plan (B): 3\n    Two (1 min, 2 min): 3\n")
    assert steps(draft) == [
        {"text": "Pays", "score": 0, "duration": "10 min", "wait": "2 d"},
        {"text": "Waits", "score": 0, "wait": "1.5 h"},
        {"text": "Plan (B)", "score": 0},  # brackets of the text's own
        {"text": "Two (1 min, 2 min)", "score": 0},  # two durations: not what the writer writes
    ]


# --- round trip with cjmap's writer ---------------------------------------------


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_an_example_drawn_by_cjmap_reads_back_as_it_was(path: Path) -> None:
    journey = journey_of_file(path)
    t = translator(journey.language)
    draft = read_mermaid(path.name, mermaid.build(journey, t), language=journey.language)
    assert draft.notes == []
    data = draft.data
    assert (data["title"], data.get("language", "en")) == (journey.title, journey.language)
    assert [stage["name"] for stage in data["stages"]] == [stage.name for stage in journey.stages]
    names = {persona["id"]: persona["name"] for persona in data.get("personas", [])}
    for stage, read_stage in zip(journey.stages, data["stages"], strict=True):
        for step, read_step in zip(stage.steps, read_stage["steps"], strict=True):
            # The writer adds the step's duration and wait in brackets, in the journey's language.
            assert read_step["text"] == step.text
            times = {key: durations.parse(read_step[key]) for key in ("duration", "wait") if key in read_step}
            assert times == {key: value for key, value in (("duration", step.duration), ("wait", step.wait))
                             if value is not None}
            assert read_step.get("score") == step.score
            assert read_step.get("moment_of_truth", False) == step.moment_of_truth
            actors = [names[segment] for segment in read_step.get("segments", [])]
            assert actors == people_of(journey, step.segments)
    assert structure_errors(draft) == []


def test_every_example_has_moments_times_and_steps_without_scores() -> None:
    """The round trip above covers each of the writer's marks."""
    journeys = [journey_of_file(path) for path in EXAMPLE_FILES]
    all_steps = [step for journey in journeys for stage in journey.stages for step in stage.steps]
    assert any(step.moment_of_truth for step in all_steps)
    assert any(step.duration is not None or step.wait is not None for step in all_steps)
    assert any(step.score is None for step in all_steps)
    assert any(step.score is not None for step in all_steps)


def test_hostile_text_drawn_by_cjmap_reads_back_as_mermaid_reads_it() -> None:
    journey = journey_of(HOSTILE)
    text = mermaid.build(journey, translator("en"))
    draft = read(text)
    assert draft.notes == []
    assert draft.data["title"] == EXPECTED_TITLE
    assert [stage["name"] for stage in draft.data["stages"]] == EXPECTED_SECTIONS
    read_tasks = as_mermaid_reads(draft)
    assert [(stage, task, people) for stage, task, _, people in read_tasks] == [
        (EXPECTED_SECTIONS[section], task, people) for section, task, _, people in EXPECTED_TASKS
    ]
    assert [score for *_, score, _ in read_tasks] == [1, 2, 3, 4, 5] + [None] * 11
    assert sorted(persona["name"] for persona in draft.data["personas"]) == sorted(EVERYONE)
    assert structure_errors(draft) == []


# --- hostile input ------------------------------------------------------------


def test_five_thousand_sections_read_in_one_pass() -> None:
    count = 5000
    text = "journey\n  title Big\n" + "".join(
        f"  section Stage\n    Task {n}: {n % 5 + 1}: Actor {n % 7}\n" for n in range(count)
    )
    draft = read(text)
    stages = draft.data["stages"]
    assert len(stages) == count and draft.notes == []
    assert [stage["id"] for stage in stages[:3]] == ["stage", "stage-2", "stage-3"]
    assert stages[-1]["id"] == f"stage-{count}"
    assert stages[-1]["steps"] == [{"text": f"Task {count - 1}", "score": (count - 1) % 5 - 2,
                                    "segments": [f"actor-{(count - 1) % 7}"]}]
    assert len(draft.data["personas"]) == 7


def test_control_characters_become_spaces_and_the_journey_still_validates() -> None:
    text = (
        "journey\n"
        "  title Bad\x00day\x1b[31m\n"
        "  section Sec\x0btion\x0cone\u2028two\x85\n"
        "    Pays\x07 the\tfee\ufeff \ud800 #0;x #55296;y \ufffe: 3: A\x1fnn\u2029\n"
        "  section \x00\n"
        "    Waits: 2\r"
        "    Leaves: 1\r\n"
    )
    draft = read(text)
    assert draft.data["title"] == "Bad day [31m"
    assert [stage["name"] for stage in draft.data["stages"]] == ["Sec tion one two", "Section 2"]
    assert steps(draft) == [{"text": "Pays the fee x y", "score": 0, "segments": ["a-nn"]}]
    assert steps(draft, 1) == [{"text": "Waits", "score": -1}, {"text": "Leaves", "score": -2}]
    assert draft.data["personas"] == [{"id": "a-nn", "name": "A nn"}]
    assert notes(draft) == ["line 5: a section has no name; its stage was named “Section 2”"]
    assert structure_errors(draft) == []


def test_a_directive_anywhere_is_noted_as_ignored() -> None:
    draft = read(
        "%%{init: {'theme': 'dark'}}%%\n"
        "journey\n"
        "  section A\n"
        "  %%{init: {\n"
        "    'theme': 'forest'\n"
        "  }}%%\n"
        "    T: 3\n"
        "  %%{init: never closed\n"  # without a `}%%` below, one line: the rest is read
        "    U: 4\n"
    )
    assert notes(draft) == [
        "line 1: the Mermaid directive “%%{init: {'theme': 'dark'}}%%” was ignored",
        "line 4: the Mermaid directive “%%{init: {” was ignored",
        "line 8: the Mermaid directive “%%{init: never closed” was ignored",
    ]
    assert steps(draft) == [{"text": "T", "score": 0}, {"text": "U", "score": 1}]
