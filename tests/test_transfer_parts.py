"""The small parts of import and export: lane names, item lines, ids, the
formula guard, and the imported journey's text."""

from __future__ import annotations

import pytest

from cjmap.choices import LANGUAGES
from cjmap.i18n import CATALOG, translator
from cjmap.transfer import formulas, lanes, lines
from cjmap.transfer.draft import Draft, Ids, journey_text, slug

# --- lanes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "lane"), [
    ("Pain points", "pain_points"), ("PAIN POINTS", "pain_points"), ("Puntos de dolor", "pain_points"),
    ("punts de dolor", "pain_points"), ("Pain_points:", "pain_points"), ("Touch points", "touchpoints"),
    ("Puntos de contacto", "touchpoints"), ("Evidències", "evidence"), ("Procesos de soporte", "support"),
    ("Support", "support"), ("Fase", "phase"), ("Sentiments", "feelings"), ("Emociones", "emotions"),
    ("Responsable", "owner"), ("Etapa", lanes.STAGE), ("stage", lanes.STAGE), ("Channels", None), ("", None),
])
def test_a_lane_is_known_by_any_of_its_names(name, lane):
    assert lanes.lane_named(name) == lane


def test_every_lane_is_named_in_every_language_and_no_name_means_two_lanes():
    seen: dict[str, str] = {}
    for lane in (lanes.STAGE, *lanes.LANES):
        for language in LANGUAGES:
            name = lanes.label(lane, translator(language))
            assert lanes.lane_named(name) == lane, (language, name)
            assert seen.setdefault(lanes.normal(name), lane) == lane, name


@pytest.mark.parametrize(("kind", "word", "value"), [
    ("channel", "Tienda", "store"), ("channel", "botiga", "store"), ("channel", "store", "store"),
    ("phase", "Postventa", "post-purchase"), ("phase", "Conocimiento", "awareness"),
    ("phase", "fidelització", "loyalty"), ("severity", "ALTA", "high"), ("status", "en curso", "in-progress"),
    ("type", "campaña", "campaign"), ("direction", "reduir", "decrease"), ("channel", "teleport", None),
])
def test_fixed_words_are_read_in_any_language(kind, word, value):
    assert lanes.word_named(kind, word) == value


def test_fixed_words_are_written_in_the_journeys_language():
    assert lanes.word("channel", "store", translator("es")) == CATALOG["es"]["channel.store"] == "tienda"
    for language in LANGUAGES:
        for kind, (_, values) in lanes.WORDS.items():
            for value in values:
                assert lanes.word_named(kind, lanes.word(kind, value, translator(language))) == value


# --- lines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "split"), [
    ("Branch visit [store]", ("Branch visit", ["store"])),
    ("♦ Signs [ +1 , 10 min,wait 2 d ]", ("♦ Signs", ["+1", "10 min", "wait 2 d"])),
    ("Plan [B] []", ("Plan [B]", [])),
    ("[only brackets]", ("[only brackets]", [])),
    ("no details", ("no details", [])),
    ("a [b] c", ("a [b] c", [])),
])
def test_an_item_line_is_its_text_and_details(line, split):
    assert lines.split(line) == split


@pytest.mark.parametrize(("text", "details", "line"), [
    ("Branch visit", ["store"], "Branch visit [store]"),
    ("Plan [B]", [], "Plan [B] []"),
    ("two\nlines", [], "two lines"),
    ("plain", [], "plain"),
])
def test_an_item_is_written_on_one_line_and_reads_back(text, details, line):
    assert lines.joined(text, details) == line
    assert lines.split(line) == (" ".join(text.split()), details)


def test_a_cells_items_skip_blank_lines_and_bullets():
    assert lines.items("• one\n\n  - two  \n* three\n-1 is not a bullet\n") == [
        (0, "one"), (2, "two"), (3, "three"), (4, "-1 is not a bullet")]


@pytest.mark.parametrize(("detail", "time"), [
    ("10 min", ("duration", "10 min")), ("1,5 h", ("duration", "1.5 h")), ("wait 2 d", ("wait", "2 d")),
    ("espera 2 sem", ("wait", "2 w")), ("Espera 4 setm.", ("wait", "4 w")), ("3 days", None), ("wait", None),
    ("+1", None),
])
def test_a_steps_time_is_read_in_any_language(detail, time):
    assert lines.step_time(detail) == time


# --- ids -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "made"), [
    ("Àvis públic!", "avis-public"), ("  Go  to   work ", "go-to-work"), ("¿?", ""),
    ("Make the first payment within thirty days of opening", "make-the-first-payment-within-thirty"),
    ("x" * 50, "x" * 40),
])
def test_an_id_is_made_from_a_name(name, made):
    assert slug(name) == made


def test_ids_are_unique_within_their_kind_and_made_in_linear_time():
    ids = Ids()
    assert [ids.make("stage", "Visit", fallback="stage") for _ in range(3)] == ["visit", "visit-2", "visit-3"]
    assert ids.make("team", "Visit", fallback="team") == "visit"
    assert ids.make("stage", "!!", fallback="stage") == "stage"
    assert ids.take("stage", "visit-4") and ids.make("stage", "visit", fallback="stage") == "visit-5"
    assert not ids.take("stage", "visit")
    many = [ids.make("step", "Same", fallback="step") for _ in range(20_000)]
    assert len(set(many)) == 20_000 and many[-1] == "same-20000"


# --- the formula guard ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "cell"), [
    ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=x", "'\t=x"),
    ("\r=x", "'\r=x"), ("'quoted", "''quoted"), ("-1", "-1"), ("+2", "+2"), ("-2.5", "-2.5"), ("plain", "plain"),
])
def test_text_that_would_run_as_a_formula_is_guarded_and_unguarded(text, cell):
    assert formulas.guarded(text) == cell
    assert formulas.unguarded(cell) == text


def test_a_quote_a_person_typed_stays():
    assert formulas.unguarded("'hello") == "'hello"


# --- the imported journey's text -----------------------------------------------------------


def test_the_text_names_the_source_lists_the_notes_and_is_in_fmt_style():
    draft = Draft("maps/shop\nmap.csv")
    draft.data = {"stages": [{"name": "A", "id": "a", "needs": ["yes", "2026-01-01", "a: b"]}],
                  "title": "no", "id": "x", "cjmap": 1}
    draft.note("B7", "“Channels” is not a lane\nof a journey grid")
    assert journey_text(draft) == (
        "# Imported by `cjmap import` from maps/shop map.csv.\n"
        "# Run `cjmap validate` on this file to see what is still to fill in.\n"
        "# Not carried over as it was in the source:\n"
        "# - B7: “Channels” is not a lane of a journey grid\n"
        "\n"
        # fmt quotes what a YAML 1.1 reader would take for a boolean.
        "cjmap: 1\nid: x\ntitle: \"no\"\nstages:\n  - id: a\n    name: A\n"
        "    needs: [\"yes\", 2026-01-01, \"a: b\"]\n"
    )
