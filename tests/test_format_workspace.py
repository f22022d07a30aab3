"""The format's workspace keys: `kind`, `catalogs`, personas by id, `links`, and
the catalog file, read by the models and checked with exact codes, places and words."""

from __future__ import annotations

import pytest

from cjmap import navigate
from cjmap.engine import CheckOptions, check_bytes
from cjmap.findings import Problem
from cjmap.fmt import order
from cjmap.fmt.format import format_text
from cjmap.loader import load_text
from cjmap.model import Catalog, Journey, Persona
from cjmap.schema import check_catalog_schema, check_schema

JOURNEY = """\
cjmap: 1
id: onboarding
title: Onboarding
stages:
  - id: welcome
    name: Welcome
"""

CATALOG = """\
cjmap: 1
kind: catalog
id: people
title: Our customers
description: Kept by the research team.
personas:
  - {id: laura, name: Laura}
segments:
  - {id: first-jobbers, name: First jobbers, personas: [laura]}
teams:
  - {id: cx, name: Customer experience}
touchpoints:
  - {id: web-shop, name: Web shop, channel: web, owner: cx}
"""

LINK_HINT = (
    "write a journey id (`{0}`) or a journey id and one of its stage ids joined by `#` "
    "(`{0}#{1}`)"
)
NOT_A_CATALOG_HINT = (
    "a catalog starts with `cjmap: 1` and `kind: catalog` and has no stages; a journey uses "
    "one by listing it under `catalogs:`"
)


def journey(text: str) -> tuple[Journey | None, list[Problem]]:
    return check_schema(load_text(text))


def catalog(text: str) -> tuple[Catalog | None, list[Problem]]:
    return check_catalog_schema(load_text(text))


def where(problems: list[Problem]) -> list[tuple[str, int, int, str]]:
    return [(p.code, p.line, p.column, p.message) for p in problems]


# --- the new keys of a journey ---------------------------------------------------


def test_kind_catalogs_personas_by_id_and_links_are_read() -> None:
    model, problems = journey("""\
cjmap: 1
kind: journey
catalogs: [../shared/people.catalog.yaml, more.catalog.yml]
id: onboarding
title: Onboarding
personas:
  - laura
  - {id: ana, name: Ana}
stages:
  - id: welcome
    name: Welcome
    links: [first-90-days, first-90-days#welcome-call, 2024]
    steps:
      - Reads the email
      - {text: Calls us, links: [support#call]}
""")
    assert problems == []
    assert model is not None
    assert model.kind == "journey"
    assert model.catalogs == ["../shared/people.catalog.yaml", "more.catalog.yml"]
    assert model.personas == ["laura", Persona(id="ana", name="Ana")]
    stage = model.stages[0]
    assert stage.links == ["first-90-days", "first-90-days#welcome-call", "2024"]
    assert [step.links for step in stage.steps] == [[], ["support#call"]]


def test_the_new_keys_may_be_left_out_or_empty() -> None:
    model, problems = journey(JOURNEY.replace("title: Onboarding\n", "title: Onboarding\nkind:\ncatalogs:\n")
                              + "    links:\n")
    assert problems == []
    assert model is not None
    assert (model.kind, model.catalogs, model.stages[0].links) == (None, [], [])


def test_persona_list_gives_a_bare_id_as_a_persona_named_by_it() -> None:
    model, _ = journey(JOURNEY.replace("stages:", "personas: [laura, {id: ana, name: Ana Ruiz}]\nstages:"))
    assert model is not None
    assert navigate.persona_list(model) == [Persona(id="laura", name="laura"), Persona(id="ana", name="Ana Ruiz")]


def test_a_persona_id_is_a_use_that_must_be_defined() -> None:
    text = JOURNEY.replace("stages:", "personas:\n  - {id: laura, name: Laura}\n  - lara\nstages:")
    findings = check_bytes("j.journey.yaml", text.encode(), CheckOptions(select=frozenset())).findings
    assert [(f.code, f.line, f.column) for f in findings] == [("CJ004", 6, 5)]
    assert findings[0].message == (
        "entry 2 of `personas` names the persona `lara`, which is not defined; did you mean `laura`?"
    )


@pytest.mark.parametrize(
    ("personas", "expected", "hint"),
    [
        ("[Laura]", (4, 12, "entry 1 of `personas` is `Laura`, which is not a valid id"),
         "ids use lowercase letters, digits and hyphens and start with a letter or digit, e.g. `laura`"),
        ("[laura, true]", (4, 19, "entry 2 of `personas` must be a persona id or a persona mapping, not "
                                  "`true` (a yes/no value)"),
         "write the id of a persona defined in a catalog (`- laura`) or a mapping with `id` and `name`"),
        ("[{id: ana}]", (4, 12, "persona 'ana' is missing the required key `name`"), "add `name:` with a value"),
    ],
)
def test_a_bad_persona_entry_is_cj003_where_it_is(personas: str, expected: tuple[int, int, str], hint: str) -> None:
    _, problems = journey(JOURNEY.replace("stages:", f"personas: {personas}\nstages:"))
    assert where(problems) == [("CJ003", *expected)]
    assert problems[0].hint == hint


# --- links -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "column", "shown", "hint"),
    [
        ('"First 90 days"', 13, "First 90 days", LINK_HINT.format("first-90-days", "welcome-call")),
        ('"Onboarding#Welcome call"', 13, "Onboarding#Welcome call", LINK_HINT.format("onboarding", "welcome-call")),
        ('"first-90-days#"', 13, "first-90-days#", LINK_HINT.format("first-90-days", "welcome-call")),
        ('"#welcome"', 13, "#welcome", LINK_HINT.format("first-90-days", "welcome")),
        ("a#b#c", 13, "a#b#c", LINK_HINT.format("a", "b-c")),
        ("first_90_days", 13, "first_90_days", LINK_HINT.format("first-90-days", "welcome-call")),
        ("2.5", 13, "2.5", LINK_HINT.format("2-5", "welcome-call")),
    ],
)
def test_a_malformed_stage_link_is_cj003_at_the_link_with_both_forms(
    link: str, column: int, shown: str, hint: str
) -> None:
    _, problems = journey(JOURNEY + f"    links: [ok, {link}]\n")
    assert where(problems) == [
        ("CJ003", 7, column + 4, f"entry 2 of `links` in stage 'welcome' is `{shown}`, which is not a link")
    ]
    assert problems[0].hint == hint


def test_a_malformed_step_link_is_cj003_at_the_link() -> None:
    _, problems = journey(JOURNEY + "    steps:\n      - text: Calls us\n        links:\n          - Support\n")
    assert where(problems) == [
        ("CJ003", 10, 13, "entry 1 of `links` in step 1 in stage 'welcome' is `Support`, which is not a link")
    ]
    assert problems[0].hint == LINK_HINT.format("support", "welcome-call")


def test_links_must_be_a_list() -> None:
    _, problems = journey(JOURNEY + "    links: first-90-days\n")
    assert where(problems) == [
        ("CJ003", 7, 12, "`links` of stage 'welcome' must be a list, not the text \"first-90-days\"")
    ]


# --- kind ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("catalogue", "`kind` is `catalogue`, which is not one of: journey, catalog; did you mean `catalog`?"),
        ("jorney", "`kind` is `jorney`, which is not one of: journey, catalog; did you mean `journey`?"),
        ("map", "`kind` is `map`, which is not one of: journey, catalog"),
    ],
)
def test_an_unknown_kind_names_both_kinds(written: str, message: str) -> None:
    _, problems = journey(JOURNEY.replace("id: onboarding", f"kind: {written}\nid: onboarding"))
    assert where(problems) == [("CJ003", 2, 7, message)]
    assert problems[0].hint == "a catalog says `kind: catalog`; a journey says `kind: journey`, or leaves `kind` out"


def test_a_catalog_checked_as_a_journey_is_one_problem_at_kind() -> None:
    _, problems = journey(CATALOG)
    assert where(problems) == [("CJ003", 2, 7, "this file is a catalog (`kind: catalog`), not a journey")]
    assert problems[0].hint == (
        "list it under `catalogs:` in the journeys that use it, and name it `*.catalog.yaml`"
    )


def test_the_version_is_checked_before_the_kind() -> None:
    _, problems = journey(CATALOG.replace("cjmap: 1", "cjmap: 2"))
    assert where(problems) == [
        ("CJ006", 1, 8, "unsupported format version `cjmap: 2`; this cjmap reads version 1")
    ]
    _, problems = catalog(JOURNEY.replace("cjmap: 1", "cjmap: 2"))
    assert [p.code for p in problems] == ["CJ006"]


# --- the catalog file --------------------------------------------------------------


def test_a_catalog_is_read() -> None:
    model, problems = catalog(CATALOG)
    assert problems == []
    assert model is not None
    assert (model.kind, model.id, model.title) == ("catalog", "people", "Our customers")
    assert [p.id for p in model.personas] == ["laura"]
    assert [s.personas for s in model.segments] == [["laura"]]
    assert [t.id for t in model.teams] == ["cx"]
    assert [t.effective_mode for t in model.touchpoints] == ["online"]


def test_a_catalog_needs_only_its_version_kind_and_id() -> None:
    model, problems = catalog("cjmap: 1\nkind: catalog\nid: people\n")
    assert problems == []
    assert model is not None and model.personas == [] and model.title is None


def test_an_unknown_key_in_a_catalog_gets_did_you_mean() -> None:
    _, problems = catalog(CATALOG.replace("segments:", "segmnts:").replace("name: Laura}", "nme: Laura}"))
    assert where(problems) == [
        ("CJ003", 7, 5, "persona 'laura' is missing the required key `name`"),
        ("CJ003", 7, 17, "unknown key `nme` in persona 'laura'; did you mean `name`?"),
        ("CJ003", 8, 1, "unknown key `segmnts` in the top level of the catalog; did you mean `segments`?"),
    ]
    assert [p.hint for p in problems][1:] == ["rename it to `name`", "rename it to `segments`"]


def test_an_unknown_key_without_a_close_match_lists_the_catalog_keys() -> None:
    _, problems = catalog(CATALOG + "colour: blue\n")
    assert where(problems) == [("CJ003", 14, 1, "unknown key `colour` in the top level of the catalog")]
    assert problems[0].hint == (
        "remove it, or see docs/format.md: allowed keys here are `cjmap`, `kind`, `id`, `title`, "
        "`description`, `personas`, `segments`, `teams`, `touchpoints`"
    )


def test_a_catalog_without_kind_is_missing_it() -> None:
    _, problems = catalog(CATALOG.replace("kind: catalog\n", ""))
    assert where(problems) == [("CJ003", 1, 1, "the catalog is missing the required key `kind`")]
    assert problems[0].hint == "add `kind: catalog`"


def test_a_catalog_with_kind_left_empty() -> None:
    _, problems = catalog(CATALOG.replace("kind: catalog", "kind:"))
    assert where(problems) == [("CJ003", 2, 6, "`kind` is empty")]


def test_stages_and_catalogs_in_a_catalog_belong_to_a_journey() -> None:
    _, problems = catalog(CATALOG + "catalogs: [other.catalog.yaml]\nstages:\n  - {id: a, name: A}\n")
    assert where(problems) == [
        ("CJ003", 14, 1, "unknown key `catalogs` in the top level of the catalog: only a journey has `catalogs`"),
        ("CJ003", 15, 1, "unknown key `stages` in the top level of the catalog: only a journey has `stages`"),
    ]
    assert problems[0].hint == "catalogs do not list other catalogs: list each catalog in the journeys that use it"
    assert problems[1].hint == (
        "move it to a journey that lists this catalog under `catalogs:`; a catalog holds only `cjmap`, "
        "`kind`, `id`, `title`, `description`, `personas`, `segments`, `teams`, `touchpoints`"
    )


def test_catalog_personas_are_mappings_only() -> None:
    _, problems = catalog(CATALOG.replace("  - {id: laura, name: Laura}", "  - laura"))
    assert where(problems) == [
        ("CJ003", 7, 5, 'entry 1 of `personas` must be a mapping of keys and values, not the text "laura"')
    ]


def test_a_journey_checked_as_a_catalog_is_one_problem() -> None:
    _, problems = catalog(JOURNEY)
    assert where(problems) == [
        ("CJ003", 4, 1, "this file is a journey, not a catalog: it has `stages` and no `kind: catalog`")
    ]
    assert problems[0].hint == NOT_A_CATALOG_HINT
    _, problems = catalog(JOURNEY.replace("id: onboarding", "kind: journey\nid: onboarding"))
    assert where(problems) == [("CJ003", 2, 7, "this file is a journey (`kind: journey`), not a catalog")]
    assert problems[0].hint == NOT_A_CATALOG_HINT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("CJ003", 1, 1, "the file holds no catalog")),
        ("- people\n", ("CJ003", 1, 1, "a catalog file must be a mapping of keys and values, not a list")),
    ],
)
def test_a_catalog_file_without_a_mapping(text: str, expected: tuple[str, int, int, str]) -> None:
    _, problems = catalog(text)
    assert where(problems) == [expected]
    assert problems[0].hint == (
        "start with `cjmap: 1` and `kind: catalog`, then `id:` and any of `personas:`, `segments:`, "
        "`teams:` and `touchpoints:`"
    )


# --- fmt's canonical order -----------------------------------------------------------


def test_fmt_puts_kind_and_catalogs_after_cjmap_and_links_last() -> None:
    text = """\
stages:
  - links: [first-90-days]
    steps:
      - links: [support#call]
        score: 1
        text: Calls us
    name: Welcome
    id: welcome
title: Onboarding
id: onboarding
catalogs: [people.catalog.yaml]
kind: journey
cjmap: 1
"""
    formatted, problems = format_text(text)
    assert problems == []
    assert formatted == """\
cjmap: 1
kind: journey
catalogs: [people.catalog.yaml]
id: onboarding
title: Onboarding
stages:
  - id: welcome
    name: Welcome
    steps:
      - text: Calls us
        score: 1
        links: [support#call]
    links: [first-90-days]
"""


def test_the_order_of_a_catalog() -> None:
    root = order.CATALOG_ROOT
    keys = ["touchpoints", "teams", "segments", "personas", "description", "title", "id", "kind", "cjmap"]
    assert sorted(keys, key=lambda key: order.rank(root, key)) == [
        "cjmap", "kind", "id", "title", "description", "personas", "segments", "teams", "touchpoints",
    ]
    assert order.rank(root, "stages") is None
    assert order.child_kind(root, "personas") is order.child_kind(order.ROOT, "personas")
    assert order.child_kind(root, "touchpoints") is order.child_kind(order.ROOT, "touchpoints")
