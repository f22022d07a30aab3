"""Dangling references (CJ004) and duplicate ids (CJ005)."""

from __future__ import annotations

from cjmap.engine import CheckOptions, check_bytes

HEADER = """\
cjmap: 1
id: refs
title: References
teams:
  - {id: marketing, name: Marketing}
  - {id: service, name: Service}
personas:
  - {id: ana, name: Ana}
segments:
  - {id: young, name: Young, personas: [ana, bob]}
touchpoints:
  - {id: web, name: Website, channel: web, owner: marketing, segments: [young]}
stages:
"""


def findings(stages: str, *, header: str = HEADER) -> list[tuple[str, int, int, str]]:
    result = check_bytes(
        "r.journey.yaml",
        (header + stages).encode(),
        CheckOptions(select=frozenset()),  # structure only
    )
    return [(f.code, f.line, f.column, f.message) for f in result.findings]


def test_dangling_references_of_every_kind_name_the_id_the_place_and_the_closest() -> None:
    stages = """\
  - id: discover
    name: Discover
    owner: marketng
    touchpoints:
      - webb
      - {id: shop, name: Shop, channel: store, owner: sales}
    steps:
      - {text: Visit, touchpoint: shop2, segments: [yuong]}
    needs:
      - {text: Price, segments: [old]}
    actions:
      - {title: Ad, touchpoint: web, owner: service, segments: [young]}
"""
    assert findings(stages) == [
        ("CJ004", 10, 46,
         "entry 2 of `personas` in segment 'young' names the persona `bob`, which is not defined"),
        ("CJ004", 16, 12,
         "`owner` of stage 'discover' names the team `marketng`, which is not defined; "
         "did you mean `marketing`?"),
        ("CJ004", 18, 9,
         "entry 1 of `touchpoints` in stage 'discover' names the touchpoint `webb`, which is "
         "not defined; did you mean `web`?"),
        ("CJ004", 19, 55,
         "`owner` of touchpoint 'shop' in stage 'discover' names the team `sales`, which is "
         "not defined"),
        ("CJ004", 21, 35,
         "`touchpoint` of step 1 in stage 'discover' names the touchpoint `shop2`, which is not "
         "defined; did you mean `shop`?"),
        ("CJ004", 21, 53,
         "entry 1 of `segments` in step 1 in stage 'discover' names the segment `yuong`, which "
         "is not defined; did you mean `young`?"),
        ("CJ004", 23, 34,
         "entry 1 of `segments` in need 1 in stage 'discover' names the segment `old`, which "
         "is not defined"),
    ]


def test_the_hint_lists_defined_ids_when_nothing_is_close() -> None:
    result = check_bytes(
        "r.journey.yaml",
        (HEADER + "  - {id: s, name: S, owner: finance}\n").encode(),
        CheckOptions(select=frozenset()),
    )
    [dangling] = [f for f in result.findings if f.code == "CJ004" and "finance" in f.message]
    assert dangling.hint == (
        "define a team `finance` under `teams:`; defined: `marketing`, `service`"
    )


def test_touchpoints_defined_inline_can_be_used_in_other_stages() -> None:
    stages = """\
  - id: one
    name: One
    touchpoints:
      - {id: shop, name: Shop, channel: store}
  - id: two
    name: Two
    touchpoints: [shop, web]
    actions:
      - {title: Window display, touchpoint: shop}
"""
    header = HEADER.replace("personas: [ana, bob]", "personas: [ana]")
    assert findings(stages, header=header) == []


def test_duplicate_ids_point_at_the_second_id_and_name_the_first_line() -> None:
    stages = """\
  - id: one
    name: One
    touchpoints:
      - {id: web, name: Web again, channel: web}
    objectives:
      - {id: grow, statement: Grow}
      - {id: grow, statement: Grow more}
    actions:
      - {id: ad, title: Ad}
      - {title: No id is fine}
      - {title: No id twice is fine too}
      - {id: ad, title: Ad again}
  - id: one
    name: One again
"""
    header = HEADER.replace("personas: [ana, bob]", "personas: [ana]").replace(
        "  - {id: service, name: Service}\n", "  - {id: marketing, name: Marketing again}\n"
    )
    assert findings(stages, header=header) == [
        ("CJ005", 6, 10, "the team id `marketing` is used twice (first at line 5)"),
        ("CJ005", 17, 14, "the touchpoint id `web` is used twice (first at line 12)"),
        ("CJ005", 20, 14, "the objective id `grow` is used twice (first at line 19)"),
        ("CJ005", 25, 14, "the action id `ad` is used twice (first at line 22)"),
        ("CJ005", 26, 9, "the stage id `one` is used twice (first at line 14)"),
    ]


def test_references_are_not_checked_while_the_schema_is_broken() -> None:
    stages = "  - {id: s, name: S, owner: nobody, phase: nowhere}\n"
    codes = [code for code, *_ in findings(stages)]
    assert codes == ["CJ003"]


def test_a_reference_when_nothing_of_its_kind_is_defined() -> None:
    text = "cjmap: 1\nid: r\ntitle: R\nowner: x\nstages:\n  - {id: s, name: S, touchpoints: [web]}\n"
    result = check_bytes("r.journey.yaml", text.encode(), CheckOptions(select=frozenset()))
    assert [(f.code, f.line, f.column, f.hint) for f in result.findings] == [
        ("CJ004", 4, 8, "define a team `x` under `teams:`"),
        ("CJ004", 6, 36, "define a touchpoint `web` in the `touchpoints:` catalog or inline in a stage"),
    ]
