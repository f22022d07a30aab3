"""Every lint rule against its pass and fail cases in tests/rules/CJNNN.yaml.

A case file holds `rule` and a list of `cases`: each a `name`, a `journey`
(the file's text), the expected `findings` (code, line, column and, when
given, the exact message and hint), and optionally `select` (the codes to run, when a
case needs other rules than its own, as CJ116 does).

A workspace rule's case gives a `workspace` instead of a `journey`: the
files of a folder (path → text), which `cjmap validate` checks as a folder
run; each expected finding then names its `file` too.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from cjmap.engine import CheckOptions, check_bytes
from cjmap.rules import RULES, WORKSPACE
from cjmap.validate import ValidateRequest, check

CASES_DIR = Path(__file__).parent / "rules"
CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))
CASE_KEYS = {"name", "journey", "workspace", "findings", "select"}
FINDING_KEYS = {"file", "code", "line", "column", "message", "hint"}


def _load(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    assert set(data) == {"rule", "cases"}, f"{path.name}: keys must be rule and cases"
    assert data["rule"] == path.stem, f"{path.name}: rule {data['rule']} does not match its name"
    for case in data["cases"]:
        assert set(case) <= CASE_KEYS, f"{path.name}: {case.get('name')}: unknown keys"
        assert {"name", "findings"} <= set(case), f"{path.name}: incomplete case"
        workspace_rule = RULES[data["rule"]].scope == WORKSPACE if data["rule"] in RULES else False
        assert ("workspace" if workspace_rule else "journey") in case, f"{path.name}: {case['name']}: no input"
        for finding in case["findings"]:
            assert set(finding) <= FINDING_KEYS, f"{path.name}: {case['name']}: bad finding"
            assert ("file" in finding) == workspace_rule, f"{path.name}: {case['name']}: `file` or not"
    return data


CASE_DATA = {path.stem: _load(path) for path in CASE_FILES}


def _params() -> list[Any]:
    params = []
    for code, data in CASE_DATA.items():
        for case in data["cases"]:
            params.append(pytest.param(code, case, id=f"{code}: {case['name']}"))
    return params


@pytest.mark.parametrize(("code", "case"), _params())
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    select = frozenset(case.get("select") or [code])
    if "workspace" in case:
        findings = _workspace_findings(case["workspace"], select, tmp_path, monkeypatch)
    else:
        findings = check_bytes("case.journey.yaml", case["journey"].encode(), CheckOptions(select=select)).findings
    expected = case["findings"]
    actual = [(f.file if "workspace" in case else None, f.code, f.line, f.column, f.message, f.hint)
              for f in findings]
    # Compare the message and the hint only where the case gives them.
    for index, want in enumerate(expected[: len(actual)]):
        file, code_, line, column, message, hint = actual[index]
        actual[index] = (
            file,
            code_,
            line,
            column,
            message if "message" in want else None,
            hint if "hint" in want else None,
        )
    wanted = [
        (w.get("file"), w["code"], w["line"], w["column"], w.get("message"), w.get("hint")) for w in expected
    ]
    assert actual == wanted


def _workspace_findings(files: dict[str, str], select: frozenset[str], folder: Path,
                        monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The findings of a folder run over the case's files (the folder a
    workspace of its own), with file names as the folder gives them."""
    (folder / "cjmap.toml").write_text("")
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    outcome = check(ValidateRequest(paths=["."], select=select))
    return [replace(f, file=f.file.removeprefix("./")) for f in outcome.result.findings]


def test_cases_are_not_structurally_broken_unless_they_say_so() -> None:
    """A case journey with a structural problem would test the wrong thing.
    (A workspace case's structure is checked by its own run: `select` never
    silences a structural finding, so one would show in its findings.)"""
    for code, data in CASE_DATA.items():
        for case in data["cases"]:
            if "workspace" in case:
                continue
            expected = {f["code"] for f in case["findings"]}
            result = check_bytes("case.journey.yaml", case["journey"].encode(), CheckOptions())
            structural = {f.code for f in result.findings if re.fullmatch(r"CJ00\d", f.code)}
            assert structural <= expected, f"{code}: {case['name']}: {structural}"


@pytest.mark.parametrize("code", list(RULES))
def test_every_rule_has_passing_and_failing_cases(code: str) -> None:
    assert code in CASE_DATA, f"tests/rules/{code}.yaml is missing"
    cases = CASE_DATA[code]["cases"]
    assert any(not case["findings"] for case in cases), f"{code} has no passing case"
    assert any(
        any(f["code"] == code for f in case["findings"]) for case in cases
    ), f"{code} has no failing case"


def test_every_case_file_is_for_a_registered_rule() -> None:
    assert set(CASE_DATA) <= set(RULES)


_EXAMPLE = re.compile(r"^(Passing|Failing):\n\n```yaml\n.+?\n```$", re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("code", list(RULES))
def test_rule_docs_have_passing_and_failing_examples(code: str) -> None:
    rule = RULES[code]
    title = rule.doc.splitlines()[0] if rule.doc else ""
    assert title.endswith("."), f"{code}: the docstring starts with a one-sentence title"
    found = [match.group(1) for match in _EXAMPLE.finditer(rule.doc)]
    assert "Passing" in found and "Failing" in found, f"{code}: no Passing/Failing yaml example"
    for match in _EXAMPLE.finditer(rule.doc):
        body = match.group(0).split("```yaml\n", 1)[1].rsplit("```", 1)[0]
        # The examples are valid YAML; a workspace rule's show several files, one document each.
        assert all(document for document in YAML(typ="safe", pure=True).load_all(body))


def test_codes_and_names_are_unique_and_well_formed() -> None:
    names = [rule.name for rule in RULES.values()]
    assert len(set(names)) == len(names)
    for code, rule in RULES.items():
        assert rule.code == code
        assert re.fullmatch(r"CJ2\d\d" if rule.scope == WORKSPACE else r"CJ1\d\d", code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
        assert rule.summary and rule.doc


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\x85", "\u2028"], ids=["LF", "CRLF", "CR", "NEL", "LS"])
def test_suppressions_count_lines_as_yaml_does(newline: str) -> None:
    lines = [
        "cjmap: 1", "id: j", "title: J", "stages:",
        "  # cjmap: disable=CJ101",
        "  - id: discover",
        "    name: Discover  # cjmap: disable=CJ101",
    ]
    raw = newline.join(lines).encode("utf-8") + b"\n"
    result = check_bytes("j.yaml", raw, CheckOptions(select=frozenset({"CJ101", "CJ116"})))
    assert [(f.code, f.line, f.column) for f in result.findings] == [("CJ116", 7, 21)]  # line 5 silences line 6
