"""`--format junit`: JUnit XML as Ant and Maven Surefire write it and as CI
servers read it (GitLab, Jenkins, Azure Pipelines, CircleCI, and GitHub
actions that publish test reports).

`<testsuites>` holds one `<testsuite name=FILE>` per journey file, FILE
relative to the directory cjmap ran in. Each suite has a `<testcase
classname=FILE name="CODE rule-name">` for every cjmap code, in the order of
`cjmap rules`: it passes when that code found nothing in the file. A finding is
a `<failure type=CODE message=MESSAGE>` whose text is `FILE:LINE:COL:
SEVERITY CODE MESSAGE` and the hint on the next line. JUnit readers expect at
most one failure per test case, so a code that found several problems in one
file has one test case per finding instead, named `CODE rule-name (line L)`
(with the column, then a rank, added when two share a line).

When a file's structure is broken (it is not YAML, or not a journey), the
quality rules (CJ101 and up) did not run on it: their test cases are
`<skipped>`, not passed. Every finding counts as a failure, whatever its
severity; `errors` stays 0, as it means that the checker itself broke.

Characters that XML 1.0 cannot hold (control characters a journey may
contain) are written as U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import TextIO

from cjmap.findings import FileResult, Finding, RunResult
from cjmap.fingerprints import portable_path
from cjmap.rulebook import Entry, entries

NOT_CHECKED = "not checked: fix the structural errors (CJ001 to CJ006) of this file first"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class JunitReporter:
    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet  # machine formats print everything regardless

    def write(self, result: RunResult, out: TextIO) -> None:
        rules = entries()
        suites = [_suite(file_result, rules) for file_result in result.files]
        root = ET.Element("testsuites", {"name": "cjmap"})
        for count in ("tests", "failures", "errors", "skipped"):
            root.set(count, str(sum(int(suite.get(count, "0")) for suite in suites)))
        root.extend(suites)
        ET.indent(root)
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(ET.tostring(root, encoding="unicode"))
        out.write("\n")


def _suite(file_result: FileResult, rules: list[Entry]) -> ET.Element:
    path = portable_path(file_result.file)
    structural = {entry.code for entry in rules if entry.structural}
    # The engine only lints a journey whose structure it could validate.
    linted = file_result.journey is not None or not any(
        finding.code in structural for finding in file_result.findings
    )
    cases: list[ET.Element] = []
    for entry in rules:
        found = [finding for finding in file_result.findings if finding.code == entry.code]
        base = f"{_clean(entry.code)} {_clean(entry.name)}"
        if not found:
            case = ET.Element("testcase", {"classname": _clean(path), "name": base})
            if not (linted or entry.structural):
                ET.SubElement(case, "skipped", {"message": NOT_CHECKED})
            cases.append(case)
        elif len(found) == 1:
            cases.append(_failed(path, base, found[0]))
        else:
            cases.extend(_failed(path, f"{base} ({where})", finding) for finding, where in _places(found))
    failures = sum(1 for case in cases if case.find("failure") is not None)
    skipped = sum(1 for case in cases if case.find("skipped") is not None)
    suite = ET.Element("testsuite", {
        "name": _clean(path),
        "tests": str(len(cases)),
        "failures": str(failures),
        "errors": "0",
        "skipped": str(skipped),
    })
    suite.extend(cases)
    return suite


def _places(found: list[Finding]) -> list[tuple[Finding, str]]:
    """Short, unique names for several findings of one code in one file."""
    lines = Counter(finding.line for finding in found)
    positions = Counter((finding.line, finding.column) for finding in found)
    ranks: Counter[tuple[int, int]] = Counter()
    places = []
    for finding in found:
        position = (finding.line, finding.column)
        if lines[finding.line] == 1:
            where = f"line {finding.line}"
        elif positions[position] == 1:
            where = f"line {finding.line}, column {finding.column}"
        else:
            ranks[position] += 1
            where = f"line {finding.line}, column {finding.column}, #{ranks[position]}"
        places.append((finding, where))
    return places


def _failed(path: str, name: str, finding: Finding) -> ET.Element:
    case = ET.Element("testcase", {"classname": _clean(path), "name": name})
    failure = ET.SubElement(case, "failure", {"type": _clean(finding.code), "message": _clean(finding.message)})
    text = f"{path}:{finding.line}:{finding.column}: {finding.severity.value} {finding.code} {finding.message}"
    if finding.hint:
        text += f"\nhint: {finding.hint}"
    failure.text = _clean(text)
    return case


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
