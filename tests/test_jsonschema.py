"""The JSON Schema: up to date, valid, described, and in agreement with `cjmap validate`.

Agreement is checked with the real check-jsonschema tool, run as editors' and
CI's users would run it, on the bundled examples and on a table of edge cases:
for each file, check-jsonschema passes it exactly when cjmap finds no CJ003.
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
import textwrap
import typing
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel
from ruamel.yaml import YAML

from cjmap.engine import CheckOptions, check_bytes
from cjmap.jsonschema import EXAMPLE_CATALOG, EXAMPLE_JOURNEY, journey_schema
from cjmap import durations
from cjmap.model import (
    ACTION_LANES,
    Action,
    BlueprintAction,
    Catalog,
    Journey,
    Objective,
    Persona,
    Segment,
    Stage,
    Step,
    Touchpoint,
)

from conftest import EXAMPLES, ROOT

SCHEMA_FILE = ROOT / "schema" / "cjmap.schema.json"
JOURNEYS = sorted(EXAMPLES.glob("*.journey.yaml"))
BROKEN = sorted((EXAMPLES / "broken").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (CJ\d{3}) ", re.MULTILINE)
# What a schema can see: structure (CJ003, CJ006 for `cjmap: 2`), and YAML that
# cannot be read (CJ001) or has a duplicate key (CJ002), which check-jsonschema
# refuses to parse. References, duplicate ids and quality rules it cannot see.
SCHEMA_CODES = frozenset(("CJ001", "CJ002", "CJ003", "CJ006"))


def _serialise(schema: dict[str, Any]) -> str:
    # Exactly what `cjmap schema -o FILE` writes.
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


# --- the schema itself -------------------------------------------------------


def test_committed_schema_is_up_to_date() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == _serialise(journey_schema()), (
        "schema/cjmap.schema.json is out of date with cjmap.model; regenerate it with "
        "`cjmap schema -o schema/cjmap.schema.json` "
        "(or `python -m cjmap.jsonschema schema/cjmap.schema.json`)"
    )


def test_generation_is_stable() -> None:
    assert _serialise(journey_schema()) == _serialise(journey_schema())


def test_is_a_valid_draft_2020_12_schema() -> None:
    schema = journey_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert "$id" not in schema
    assert schema["title"] and schema["description"]


def test_top_level_example_is_a_valid_journey() -> None:
    schema = journey_schema()
    assert schema["examples"] == [EXAMPLE_JOURNEY]
    Draft202012Validator(schema).validate(EXAMPLE_JOURNEY)
    raw = json.dumps(EXAMPLE_JOURNEY).encode()  # JSON is YAML
    findings = check_bytes("example.yaml", raw, CheckOptions()).findings
    # Small, so it misses phases (CJ110) and offline touchpoints (CJ111), but no error.
    assert {f.code for f in findings} <= {"CJ110", "CJ111"}


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found:
                found.append(annotation)
                for field in annotation.model_fields.values():
                    visit(field.annotation)
            return
        for arg in typing.get_args(annotation):
            visit(arg)

    visit(root)
    return found


MODELS = list(dict.fromkeys(_models(Journey) + _models(Catalog)))


def test_every_model_is_reached() -> None:
    names = {model.__name__ for model in MODELS}
    assert names == {
        "Journey", "Catalog", "Persona", "Segment", "Team", "Touchpoint", "Stage", "Step", "Item",
        "Emotions", "PainPoint", "Objective", "Action", "Feedback", "BlueprintAction",
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_and_model_has_a_description(model: type[BaseModel]) -> None:
    assert model.__doc__ and model.__doc__.strip(), f"{model.__name__} has no docstring"
    for name, field in model.model_fields.items():
        assert field.description and len(field.description) > 10, (
            f"{model.__name__}.{name} has no description"
        )


def _mappings(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every object schema with properties, in the root and in $defs."""
    found = []

    def walk(where: str, node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict):
                found.append((where, node))
            for key, value in node.items():
                if key != "properties":
                    walk(f"{where}/{key}", value)
                else:
                    for name, prop in value.items():
                        walk(f"{where}/properties/{name}", prop)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(f"{where}/{index}", value)

    walk("#", schema)
    return found


def test_every_property_in_the_schema_has_a_description() -> None:
    schema = journey_schema()
    # The top's `if` asks whether a file is a catalog: a condition, not a mapping of the format.
    mappings = [(where, mapping) for where, mapping in _mappings(schema) if where != "#/if"]
    assert len(mappings) == len(MODELS)
    for where, mapping in mappings:
        assert mapping["additionalProperties"] is False, where
        for name, prop in mapping["properties"].items():
            assert prop.get("description"), f"{where}/properties/{name} has no description"
    for name, definition in schema["$defs"].items():
        assert definition.get("title") and definition.get("description"), name


def _choices(prop: dict[str, Any]) -> list[Any]:
    """The words of a key: its `enum`, or, for a key that may be left empty, the `enum` under `else`."""
    if "enum" in prop:
        return prop["enum"]
    assert prop["if"] == {"type": "null"}, prop
    return prop["else"]["enum"]


def test_every_fixed_list_of_words_is_an_enum() -> None:
    defs = journey_schema()["$defs"]
    stage = defs["Stage"]["properties"]
    assert _choices(stage["phase"]) == [
        "awareness", "consideration", "decision", "purchase", "post-purchase", "loyalty", "advocacy",
    ]
    assert len(_choices(defs["Touchpoint"]["properties"]["channel"])) == 15
    assert _choices(defs["Touchpoint"]["properties"]["mode"]) == ["online", "offline"]
    assert _choices(defs["PainPoint"]["then"]["properties"]["severity"]) == ["low", "medium", "high"]
    assert _choices(defs["Objective"]["properties"]["direction"]) == ["increase", "decrease"]
    assert _choices(defs["Action"]["properties"]["type"])[0] == "content"
    assert _choices(defs["Action"]["properties"]["status"])[0] == "idea"
    assert _choices(defs["Journey"]["properties"]["language"]) == ["en", "es", "ca"]


# --- what editors read (yaml-language-server; see also test_editor_lsp.py) ---


def _schemas(node: Any, where: str = "#") -> list[tuple[str, dict[str, Any]]]:
    """Every schema within `node` (not the values of `examples`, `default` or snippets)."""
    found: list[tuple[str, dict[str, Any]]] = []
    if not isinstance(node, dict):
        return found
    found.append((where, node))
    for key in ("items", "additionalProperties", "if", "then", "else", "not"):
        found += _schemas(node.get(key), f"{where}/{key}")
    for key in ("anyOf", "oneOf", "allOf"):
        for index, item in enumerate(node.get(key, ())):
            found += _schemas(item, f"{where}/{key}/{index}")
    for key in ("properties", "$defs"):
        for name, item in node.get(key, {}).items():
            found += _schemas(item, f"{where}/{key}/{name}")
    return found


def test_every_description_is_also_markdown_for_hovers() -> None:
    described = [(where, node) for where, node in _schemas(journey_schema()) if "description" in node]
    assert len(described) > 80
    for where, node in described:
        markdown = node.get("markdownDescription")
        assert markdown, f"{where} has no markdownDescription"
        assert "\\`" not in markdown and "&emsp;" not in markdown, where
        if "`" in node["description"]:
            assert "`" in markdown, where
    # The scores' scale is code in a hover.
    step_score = journey_schema()["$defs"]["Step"]["then"]["properties"]["score"]
    assert "`-2` very negative" in step_score["markdownDescription"]
    assert "`2` very positive" in step_score["markdownDescription"]


def test_null_is_never_offered_as_a_choice() -> None:
    """Editors offer every entry of an `enum`, every `type` and the `default` of a
    key: none of them is ever null, though every key that may be left out may
    also be left empty (test_schema_and_cjmap_agree checks that)."""
    schemas = _schemas(journey_schema())
    for where, node in schemas:
        assert None not in node.get("enum", []), where
        kind = node.get("type", [])
        assert "null" not in (kind if isinstance(kind, list) else [kind]) or where.endswith("/if"), where
        assert not ("default" in node and node["default"] is None), where
        assert None not in node.get("examples", []), where
        for branch in node.get("anyOf", []) + node.get("oneOf", []):
            assert branch.get("type") != "null", where
    empty_allowed = [where for where, node in schemas if node.get("if") == {"type": "null"}]
    assert len(empty_allowed) > 40


def test_scores_offer_the_five_values() -> None:
    defs = journey_schema()["$defs"]
    assert defs["Emotions"]["properties"]["score"]["enum"] == [-2, -1, 0, 1, 2]
    step_score = defs["Step"]["then"]["properties"]["score"]
    assert step_score["else"] == {"type": "integer", "enum": [-2, -1, 0, 1, 2]}
    assert step_score["examples"] == [-2, -1, 0, 1, 2]  # what an editor offers for `score:`


def test_keys_that_may_be_left_empty_offer_their_words() -> None:
    for where, node in _schemas(journey_schema()):
        if node.get("if") == {"type": "null"} and "enum" in node["else"]:
            assert node["examples"] == node["else"]["enum"], where


def test_a_moment_of_truth_offers_true_and_false() -> None:
    moment = journey_schema()["$defs"]["Step"]["then"]["properties"]["moment_of_truth"]
    assert (moment["else"], moment["examples"], moment["default"]) == ({"type": "boolean"}, [True, False], False)
    booleans = [where for where, node in _schemas(journey_schema()) if node.get("else") == {"type": "boolean"}]
    assert booleans == ["#/$defs/Step/then/properties/moment_of_truth"]


def test_durations_are_text_in_cjmaps_own_pattern() -> None:
    defs = journey_schema()["$defs"]
    keys = [defs["Step"]["then"]["properties"]["duration"], defs["Step"]["then"]["properties"]["wait"],
            defs["BlueprintAction"]["then"]["properties"]["duration"]]
    says = 'Not a duration: write a number and a unit, "30 s", "10 min", "1.5 h", "2 d" or "3 w".'
    for key in keys:
        assert (key["else"], key["pattern"]) == ({"type": "string", "errorMessage": says}, durations.PATTERN)
        assert key["patternErrorMessage"] == says  # what editors say instead of the pattern
        assert key["description"].count("`\"10 min\"`") == 1 and key["examples"]
        assert re.search(durations.PATTERN, key["examples"][0])


def test_the_blueprint_lanes_hold_blueprint_actions_and_evidence_items() -> None:
    stage = journey_schema()["$defs"]["Stage"]["properties"]
    for lane in ACTION_LANES:
        assert stage[lane]["items"] == {"$ref": "#/$defs/BlueprintAction"}, lane
        assert stage[lane]["description"].startswith("Blueprint lane: "), lane
    assert stage["evidence"]["items"] == {"$ref": "#/$defs/Item"}
    action = journey_schema()["$defs"]["BlueprintAction"]
    # As needs and steps: a mapping is the long form, anything else the text.
    assert (action["if"], action["else"]["type"]) == ({"type": "object"}, ["string", "number"])
    assert list(action["then"]["properties"]) == ["text", "owner", "touchpoint", "system", "duration", "segments"]
    assert action["then"]["required"] == ["text"]


_PLACEHOLDER = re.compile(r"\$\{\d+:([^}]*)\}|\$\d+")


def _filled(body: Any) -> Any:
    """A snippet's body as the author gets it when keeping every placeholder's text.

    An editor inserts text unquoted, so a placeholder that is a whole value is
    read as YAML: `${4:500}` becomes the number 500.
    """
    if isinstance(body, dict):
        return {key: _filled(value) for key, value in body.items()}
    if isinstance(body, list):
        return [_filled(value) for value in body]
    if isinstance(body, str):
        text = _PLACEHOLDER.sub(lambda m: m.group(1) or "", body)
        return load_journey_value(text)
    return body


def load_journey_value(text: str) -> Any:
    value = YAML(typ="safe", pure=True).load(text)
    # cjmap, like check-jsonschema, reads an unquoted date as the text it is.
    return value.isoformat() if isinstance(value, datetime.date) else value


SNIPPET_MODELS = {
    "Stage": Stage, "Step": Step, "Objective": Objective, "Touchpoint": Touchpoint, "Action": Action,
    "Persona": Persona, "Segment": Segment, "BlueprintAction": BlueprintAction,
}


@pytest.mark.parametrize("name", sorted(SNIPPET_MODELS))
def test_snippets_are_valid_entries(name: str) -> None:
    schema = journey_schema()
    definition = schema["$defs"][name]
    [snippet] = definition["defaultSnippets"]
    assert snippet["label"] and snippet["markdownDescription"]
    body = snippet["body"]
    numbers = [int(n) for n in re.findall(r"\$\{(\d+):", json.dumps(body))]
    assert numbers == list(range(1, len(numbers) + 1)), f"{name}: placeholders out of order"
    value = _filled(body)
    SNIPPET_MODELS[name].model_validate(value)
    validator = Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{name}"})
    assert not list(validator.iter_errors(value)), name


def test_a_stage_snippet_makes_a_journey_without_schema_errors() -> None:
    stage = _filled(journey_schema()["$defs"]["Stage"]["defaultSnippets"][0]["body"])
    journey = {**EXAMPLE_JOURNEY, "touchpoints": [{"id": "web-shop", "name": "Web shop", "channel": "web"}]}
    journey["stages"] = [stage]
    findings = check_bytes("snippet.yaml", json.dumps(journey).encode(), CheckOptions()).findings
    assert not [f for f in findings if f.code.startswith("CJ0")], findings


# --- the two kinds of file: `kind: catalog` switches to the catalog -----------


def _errors(value: Any) -> list[str]:
    """What the schema finds wrong with `value`, as JSON paths of the offending parts."""
    validator = Draft202012Validator(journey_schema())
    return sorted(error.json_path for error in validator.iter_errors(value))


def test_a_catalog_is_valid_and_its_example_too() -> None:
    assert journey_schema()["$defs"]["Catalog"]["examples"] == [EXAMPLE_CATALOG]
    Catalog.model_validate(EXAMPLE_CATALOG)
    assert _errors(EXAMPLE_CATALOG) == []
    assert _errors({"cjmap": 1, "kind": "catalog", "id": "people"}) == []


def test_a_catalog_with_stages_or_without_id_is_not() -> None:
    stages = {**EXAMPLE_CATALOG, "stages": EXAMPLE_JOURNEY["stages"]}
    assert _errors(stages) == ["$"]  # `stages` is no key of a catalog
    without_id = {key: value for key, value in EXAMPLE_CATALOG.items() if key != "id"}
    assert _errors(without_id) == ["$"]
    assert _errors({**EXAMPLE_CATALOG, "personas": ["laura"]}) == ["$.personas[0]"]  # mappings only


def test_a_journey_may_say_its_kind_list_catalogs_and_name_personas_by_id() -> None:
    journey = {
        **EXAMPLE_JOURNEY, "kind": "journey", "catalogs": ["../shared/people.catalog.yaml"],
        "personas": ["laura", 2024, {"id": "ana", "name": "Ana"}],
    }
    assert _errors(journey) == []
    assert _errors({**journey, "kind": "catalogue"}) == ["$.kind"]
    assert _errors({**journey, "personas": ["Laura"]}) == ["$.personas[0]"]


def test_links_follow_their_pattern() -> None:
    stage = {**EXAMPLE_JOURNEY["stages"][0], "links": ["first-90-days", "first-90-days#welcome-call", 2024]}
    stage["steps"] = [{"text": "Signs up", "links": ["welcome#call"]}]
    assert _errors({**EXAMPLE_JOURNEY, "stages": [stage]}) == []
    for bad in ("First 90 days", "first-90-days#", "#welcome-call", "a#b#c", -1):
        broken = {**stage, "links": [bad]}
        assert _errors({**EXAMPLE_JOURNEY, "stages": [broken]}) == ["$.stages[0].links[0]"], bad
    step = {**stage, "steps": [{"text": "Signs up", "links": ["a_b"]}]}
    assert _errors({**EXAMPLE_JOURNEY, "stages": [step]}) == ["$.stages[0].steps[0].links[0]"]


# --- agreement with cjmap, judged by the real check-jsonschema ---------------

TEMPLATE = """\
cjmap: 1
id: {journey_id}
title: Edge cases
teams:
  - {{id: cx, name: Customer experience}}
segments:
  - {{id: students, name: Students}}
touchpoints:
  - {{id: web-shop, name: Web shop, channel: web}}
  - {{id: "2024", name: Shop of the year, channel: store}}
{top}stages:
  - id: discover
    name: Discover
{stage}"""


def _doc(stage: str = "", top: str = "", journey_id: str = "edge") -> str:
    stage = textwrap.indent(textwrap.dedent(stage), "    ") if stage else ""
    return TEMPLATE.format(journey_id=journey_id, top=textwrap.dedent(top), stage=stage)


# (name, YAML text, both accept?)
EDGE_CASES: list[tuple[str, str, bool]] = [
    # Both accept.
    ("needs-empty", _doc("needs:\n"), True),
    ("severity-empty", _doc("pain_points:\n  - text: Slow page\n    severity:\n"), True),
    ("name-number", _doc(top="personas:\n  - {id: laura, name: 2024}\n"), True),
    ("title-number", _doc().replace("title: Edge cases", "title: 2024"), True),
    ("string-items", _doc(
        "steps: [Reads the page, 42]\nneeds: [Know the price]\nquestions: [What does it cost]\n"
        "pain_points: [Slow page]\nopportunities: [A faster page]\n"
    ), True),
    ("mapping-items", _doc(
        "steps:\n  - {text: Reads the page, touchpoint: web-shop, score: -2}\n"
        "needs:\n  - {text: Know the price, segments: [students]}\n"
        "pain_points:\n  - {text: Slow page, severity: high}\n"
    ), True),
    ("string-touchpoint-refs", _doc(
        "touchpoints: [web-shop, 2024, {id: counter, name: Counter, channel: store}]\n"
    ), True),
    ("due-unquoted", _doc(
        "objectives:\n  - {id: sales, statement: Sell more, target: 10, unit: '%', due: 2027-03-31}\n"
    ), True),
    ("due-quoted", _doc("objectives:\n  - {id: sales, statement: Sell more, due: \"2027-03-31\"}\n"), True),
    ("feedback-date-unquoted", _doc("feedback:\n  - {text: Great, source: NPS survey, date: 2026-11-15}\n"), True),
    ("yes-no-are-text", _doc("needs: [yes, no, on, off]\nemotions: {score: 0, feelings: [yes]}\n"), True),
    ("number-ids", _doc("objectives:\n  - {id: 2024, statement: 2025, metric: 12, unit: 1.5}\n"), True),
    ("numbers", _doc("objectives:\n  - {id: o, statement: s, target: 1e3, baseline: 0o17}\n"), True),
    ("empty-optional-keys", _doc(
        "phase:\ndescription:\nowner:\nemotions:\nsteps:\ntouchpoints:\nobjectives:\n"
        "  - {id: o, statement: s, target: , direction: , due: }\n"
        "actions:\n  - {title: Do it, type: , status: , id: }\n",
        top="language:\ndescription:\ntags:\npersonas:\n",
    ), True),
    ("empty-touchpoint-mode", _doc("touchpoints:\n  - {id: counter, name: Counter, channel: store, mode: }\n"), True),
    ("scores-at-the-ends", _doc("emotions: {score: -2}\nsteps:\n  - {text: Pays, score: 2}\n"), True),
    ("persona-ids", _doc(top="personas: [laura, 2024, {id: ana, name: Ana}]\n"), True),
    ("kind-and-catalogs", _doc(top="kind: journey\ncatalogs: [../shared/people.catalog.yaml]\n"), True),
    ("links", _doc("links: [welcome, welcome#call, 2024]\nsteps:\n  - {text: Pays, links: [billing]}\n"), True),
    ("durations", _doc(
        "steps:\n  - {text: Pays, duration: 10 min, wait: 10min}\n  - {text: Waits, duration: 1.5 h, wait: 2 d}\n"
        "  - {text: Reads, duration: ' 30 s ', wait: 3 w}\n"
        "backstage:\n  - {text: Checks the payment, owner: cx, duration: 0.5 h}\n"
    ), True),
    ("blueprint-lanes", _doc(
        "evidence: [Receipt, {text: Order email, segments: [students]}, 2024]\n"
        "frontstage:\n  - Greets the customer\n"
        "  - {text: Explains the plans, owner: cx, touchpoint: web-shop, system: CRM, duration: 10 min,"
        " segments: [students]}\n"
        "backstage:\n  - {text: Checks the payment, owner: cx}\nsupport: [Nightly export, 2024]\n"
    ), True),
    ("moments-of-truth", _doc(
        "steps:\n  - {text: Pays, score: 1, moment_of_truth: true}\n  - {text: Leaves, moment_of_truth: false}\n"
    ), True),
    ("blueprint-keys-left-empty", _doc(
        "evidence:\nfrontstage:\nsupport:\n"
        "backstage:\n  - {text: Checks, owner: , touchpoint: , system: , duration: , segments: }\n"
        "steps:\n  - {text: Pays, duration: , wait: , moment_of_truth: }\n"
    ), True),
    # Both reject.
    ("score-3", _doc("emotions: {score: 3}\n"), False),
    ("score-decimal", _doc("emotions: {score: 1.5}\n"), False),
    ("score-quoted", _doc("emotions: {score: \"1\"}\n"), False),
    ("score-true", _doc("emotions: {score: true}\n"), False),
    ("emotions-without-score", _doc("emotions: {feelings: [calm]}\n"), False),
    ("emotions-as-list", _doc("emotions: [{score: 1}]\n"), False),
    ("channel-webb", _doc("touchpoints:\n  - {id: counter, name: Counter, channel: webb}\n"), False),
    ("target-percent", _doc("objectives:\n  - {id: o, statement: s, target: \"3%\", unit: \"%\"}\n"), False),
    ("target-yes", _doc("objectives:\n  - {id: o, statement: s, target: yes}\n"), False),
    ("unknown-key", _doc("phse: awareness\n"), False),
    ("unknown-key-empty", _doc("phse:\n"), False),
    ("unknown-top-key", _doc(top="owners: cx\n"), False),
    ("unknown-key-in-item", _doc("needs:\n  - {text: Know the price, segment: [students]}\n"), False),
    ("stages-empty", _doc().split("stages:")[0] + "stages: []\n", False),
    ("stages-left-empty", _doc().split("stages:")[0] + "stages:\n", False),
    ("bad-journey-id", _doc(journey_id="Bad Id"), False),
    ("negative-number-id", _doc(journey_id="-3"), False),
    ("decimal-id", _doc(journey_id="2.5"), False),
    ("bad-stage-id", _doc().replace("id: discover", "id: -discover"), False),
    ("title-empty", _doc().replace("title: Edge cases", "title:"), False),
    ("title-true", _doc().replace("title: Edge cases", "title: true"), False),
    ("name-empty-string", _doc().replace("name: Discover", 'name: ""'), False),
    ("missing-version", _doc().replace("cjmap: 1\n", ""), False),
    ("item-null", _doc("needs: [~]\n"), False),
    ("item-true", _doc("needs: [true]\n"), False),
    ("item-empty-text", _doc('needs: [""]\n'), False),
    ("item-list", _doc("needs: [[a, b]]\n"), False),
    ("item-without-text", _doc("needs:\n  - {segments: [students]}\n"), False),
    ("touchpoint-ref-true", _doc("touchpoints: [true]\n"), False),
    ("touchpoint-without-channel", _doc("touchpoints:\n  - {id: counter, name: Counter}\n"), False),
    ("severity-critical", _doc("pain_points:\n  - {text: Slow, severity: critical}\n"), False),
    ("language-fr", _doc(top="language: fr\n"), False),
    ("due-short-month", _doc("objectives:\n  - {id: o, statement: s, due: 2027-3-31}\n"), False),
    ("due-european", _doc("objectives:\n  - {id: o, statement: s, due: 31/03/2027}\n"), False),
    ("due-impossible", _doc("objectives:\n  - {id: o, statement: s, due: 2027-02-30}\n"), False),
    ("due-number", _doc("objectives:\n  - {id: o, statement: s, due: 20270331}\n"), False),
    ("tags-not-a-list", _doc(top="tags: onboarding\n"), False),
    ("kind-catalogue", _doc(top="kind: catalogue\n"), False),
    ("link-with-spaces", _doc("links: [First 90 days]\n"), False),
    ("link-empty-stage", _doc("steps:\n  - {text: Pays, links: [\"billing#\"]}\n"), False),
    ("link-decimal", _doc("links: [2.5]\n"), False),
    ("persona-id-not-a-slug", _doc(top="personas: [Laura]\n"), False),
    ("duration-in-days-spelled-out", _doc("steps:\n  - {text: Waits, duration: 2 days}\n"), False),
    ("duration-bare-number", _doc("steps:\n  - {text: Waits, duration: 10}\n"), False),
    ("wait-bare-number", _doc("steps:\n  - {text: Waits, wait: 2.5}\n"), False),
    ("duration-decimal-comma", _doc("steps:\n  - {text: Waits, duration: '1,5 h'}\n"), False),
    ("duration-upper-case", _doc("steps:\n  - {text: Waits, wait: 10 MIN}\n"), False),
    ("duration-negative", _doc("steps:\n  - {text: Waits, wait: -5 min}\n"), False),
    ("duration-two-spaces", _doc("steps:\n  - {text: Waits, wait: 5  min}\n"), False),
    ("duration-two-units", _doc("steps:\n  - {text: Waits, wait: 1 h 30 min}\n"), False),
    ("blueprint-duration-in-days", _doc("backstage:\n  - {text: Checks, owner: cx, duration: 2 days}\n"), False),
    ("moment-of-truth-yes", _doc("steps:\n  - {text: Pays, moment_of_truth: yes}\n"), False),
    ("moment-of-truth-quoted", _doc("steps:\n  - {text: Pays, moment_of_truth: \"true\"}\n"), False),
    ("moment-of-truth-number", _doc("steps:\n  - {text: Pays, moment_of_truth: 1}\n"), False),
    ("blueprint-unknown-key", _doc("backstage:\n  - {text: Checks, team: cx}\n"), False),
    ("blueprint-without-text", _doc("support:\n  - {owner: cx, system: CRM}\n"), False),
    ("blueprint-lane-as-text", _doc("frontstage: Greets the customer\n"), False),
    ("blueprint-item-list", _doc("backstage: [[Checks, Files]]\n"), False),
    ("evidence-with-owner", _doc("evidence:\n  - {text: Receipt, owner: cx}\n"), False),
    # Only spaces between number and unit: other blanks mean different things to
    # ECMA-262 and Python, so both refuse them.
    ("duration-byte-order-mark", _doc('steps:\n  - {text: Waits, wait: "10\\ufeffmin"}\n'), False),
    ("duration-next-line", _doc('steps:\n  - {text: Waits, wait: "10\\x85min"}\n'), False),
    ("duration-tab", _doc('steps:\n  - {text: Waits, wait: "10\\tmin"}\n'), False),
    ("top-level-list", "- cjmap: 1\n", False),
    ("empty-file", "# nothing but a comment\n", False),
]

# Where a JSON Schema cannot follow cjmap; the module docstring of
# cjmap.jsonschema explains each. If one starts to agree, update that docstring.
KNOWN_DIFFERENCES: list[tuple[str, str]] = [
    ("score-one-point-zero", _doc("emotions: {score: 1.0}\n")),  # JSON: 1.0 == 1
    ("target-infinite", _doc("objectives:\n  - {id: o, statement: s, target: .inf}\n")),
    ("target-underscores", _doc("objectives:\n  - {id: o, statement: s, target: 1_000}\n")),
    ("id-from-decimal", _doc(journey_id="1e3")),  # 1000.0 is an integer to JSON, "1000.0" to cjmap
]


def _has_cj003(text: str) -> bool:
    result = check_bytes("edge.yaml", text.encode(), CheckOptions(select=frozenset()))
    codes = {f.code for f in result.findings}
    assert not codes & {"CJ001", "CJ002"}, f"the test's YAML itself is broken: {codes}"
    return "CJ003" in codes


def _check_jsonschema(paths: list[Path]) -> set[str]:
    """Run the real check-jsonschema on `paths`; return the names of the files it rejects."""
    command = [
        sys.executable, "-m", "check_jsonschema",
        "--schemafile", str(SCHEMA_FILE), "--output-format", "json", *map(str, paths),
    ]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    except FileNotFoundError:  # pragma: no cover
        pytest.fail("check-jsonschema is not installed: pip install -e '.[test]'")
    if "No module named check_jsonschema" in run.stderr:
        pytest.fail("check-jsonschema is not installed: pip install -e '.[test]'")
    assert run.returncode in (0, 1), run.stderr
    report = json.loads(run.stdout)
    failed = {entry["filename"] for entry in report["errors"]}
    failed |= {entry["filename"] for entry in report["parse_errors"]}
    return {Path(name).name for name in failed}


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bool]:
    """check-jsonschema's verdict, accepted or not, on every file of these tests."""
    folder = tmp_path_factory.mktemp("edge")
    paths = list(JOURNEYS) + list(BROKEN)
    for name, text, *_ in EDGE_CASES + KNOWN_DIFFERENCES:
        path = folder / f"edge-{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    names = [path.name for path in paths]
    assert len(set(names)) == len(names)
    rejected = _check_jsonschema(paths)
    return {name: name not in rejected for name in names}


@pytest.mark.parametrize("path", JOURNEYS, ids=lambda p: p.name)
def test_check_jsonschema_accepts_every_example(path: Path, verdicts: dict[str, bool]) -> None:
    assert verdicts[path.name], f"check-jsonschema rejects {path}"


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_check_jsonschema_rejects_exactly_the_schema_breaking_broken_examples(
    path: Path, verdicts: dict[str, bool]
) -> None:
    match = EXPECT.search(path.read_text(encoding="utf-8"))
    assert match, f"{path} has no `# expect:` header"
    expected = match.group(1)
    if expected == "CJ003":
        assert _has_cj003(path.read_text(encoding="utf-8"))
    assert verdicts[path.name] == (expected not in SCHEMA_CODES), (
        f"{path.name} ({expected}): check-jsonschema "
        f"{'accepts' if verdicts[path.name] else 'rejects'} it"
    )


def test_the_schema_breaking_broken_examples_are_there() -> None:
    names = {path.stem for path in BROKEN}
    assert {"unknown-key", "target-with-percent", "emotion-score-out-of-range", "unknown-channel"} <= names


@pytest.mark.parametrize(
    ("name", "text", "valid"), EDGE_CASES, ids=[case[0] for case in EDGE_CASES]
)
def test_schema_and_cjmap_agree(name: str, text: str, valid: bool, verdicts: dict[str, bool]) -> None:
    assert (not _has_cj003(text)) == valid, f"cjmap: {name}"
    assert verdicts[f"edge-{name}.yaml"] == valid, f"check-jsonschema: {name}"


@pytest.mark.parametrize(
    ("name", "text"), KNOWN_DIFFERENCES, ids=[case[0] for case in KNOWN_DIFFERENCES]
)
def test_known_differences_are_still_the_only_ones_documented(
    name: str, text: str, verdicts: dict[str, bool]
) -> None:
    assert _has_cj003(text)
    assert verdicts[f"edge-{name}.yaml"], f"check-jsonschema now rejects {name}"
