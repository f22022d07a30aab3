"""`--format sarif`: a SARIF 2.1.0 log (OASIS Standard, with errata 01), the
format GitHub code scanning uploads.

One run. Its driver names the project's home (`informationUri`, the Homepage
of pyproject.toml) and lists every cjmap code as a rule, in the order of
`cjmap rules`, with the code's documentation as help and, as `helpUri`, the
code's section of docs/rules.md on that home; a result points at its rule by
id and index. Levels: error → `error`, warning → `warning`,
info → `note`. The message is the finding's message, then its hint on a line
of its own.

Files are named relative to `%SRCROOT%`, the directory cjmap ran in (run it
from the repository root for code scanning to find them), as URI references:
forward slashes, anything outside RFC 3986's unreserved characters
percent-encoded. `originalUriBaseIds` describes `%SRCROOT%` without giving its
absolute path, which SARIF allows (§3.14.14) and which keeps the log the same
on every machine. A file that has no relative path (another drive on Windows)
is a `file:` URI instead.

`partialFingerprints["cjmapFingerprint/v1"]` comes from `cjmap.fingerprints`:
it ignores lines, so code scanning keeps an alert open, not new, when the lines
above it change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from cjmap import __version__
from cjmap.findings import Finding, RunResult
from cjmap.fingerprints import fingerprints, portable_path
from cjmap.rulebook import Entry, entries

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "cjmapFingerprint/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
HOME = "https://github.com/cjmap/cjmap"  # pyproject.toml's Homepage
RULES_PAGE = f"{HOME}/blob/main/docs/rules.md"


class SarifReporter:
    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet  # machine formats print everything regardless

    def write(self, result: RunResult, out: TextIO) -> None:
        rules = entries()
        rule_index = {entry.code: index for index, entry in enumerate(rules)}
        findings = result.findings
        run = {
            "tool": {
                "driver": {
                    "name": "cjmap",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": HOME,
                    "rules": [_rule(entry) for entry in rules],
                }
            },
            "originalUriBaseIds": {
                SRCROOT: {"description": {"text": "The directory cjmap ran in; file paths are relative to it."}}
            },
            "columnKind": "unicodeCodePoints",
            "results": [
                _result(finding, fingerprint, rule_index)
                for finding, fingerprint in zip(findings, fingerprints(findings), strict=True)
            ],
        }
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        json.dump(log, out, ensure_ascii=False, indent=2)
        out.write("\n")


def _rule(entry: Entry) -> dict[str, object]:
    documentation = {"text": entry.doc, "markdown": entry.doc}
    return {
        "id": entry.code,
        "name": entry.name,
        "shortDescription": {"text": entry.summary},
        "fullDescription": documentation,
        "help": documentation,
        # The anchor GitHub gives the heading `## CJNNN name` of docs/rules.md.
        "helpUri": f"{RULES_PAGE}#{entry.code.lower()}-{entry.name}",
        "defaultConfiguration": {"level": LEVELS[entry.severity]},
    }


def _result(finding: Finding, fingerprint: str, rule_index: dict[str, int]) -> dict[str, object]:
    text = finding.message if not finding.hint else f"{finding.message}\n{finding.hint}"
    result: dict[str, object] = {"ruleId": finding.code}
    if finding.code in rule_index:  # every code cjmap finds is in the rulebook; be safe anyway
        result["ruleIndex"] = rule_index[finding.code]
    result |= {
        "level": LEVELS[finding.severity.value],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(finding.file),
                    # SARIF counts from 1 and forbids 0; the loader does too, this only guards.
                    "region": {"startLine": max(finding.line, 1), "startColumn": max(finding.column, 1)},
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    return result


def artifact_location(file: str) -> dict[str, str]:
    path = portable_path(file)
    if os.path.isabs(path):  # Windows, another drive: no relative path exists
        return {"uri": Path(file).absolute().as_uri()}
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}
