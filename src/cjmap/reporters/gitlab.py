"""`--format gitlab`: a GitLab Code Quality report, the JSON array that GitLab
reads from `artifacts: reports: codequality` (a subset of the Code Climate
engine spec) and shows in merge requests.

Each finding is one issue: `description` is its message, `check_name` its code,
`location.path` the file relative to the directory cjmap ran in (run it from the
repository root), `location.lines.begin` its line. The hint, when there is one,
goes into Code Climate's optional `content.body`.

Severity, on GitLab's scale (info, minor, major, critical, blocker):
error → `major`, warning → `minor`, info → `info`. `critical` and `blocker`
are left for problems worse than a broken journey file.

`fingerprint` comes from `cjmap.fingerprints`: unique within the report (two
identical findings in one file differ by their rank), and unchanged when
lines above a finding are added or removed, so GitLab does not report a
moved finding as fixed and new.
"""

from __future__ import annotations

import json
from typing import TextIO

from cjmap.findings import Finding, RunResult, Severity
from cjmap.fingerprints import fingerprints, portable_path

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


class GitlabReporter:
    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet  # machine formats print everything regardless

    def write(self, result: RunResult, out: TextIO) -> None:
        findings = result.findings
        issues = [
            _issue(finding, fingerprint)
            for finding, fingerprint in zip(findings, fingerprints(findings), strict=True)
        ]
        json.dump(issues, out, ensure_ascii=False, indent=2)
        out.write("\n")


def _issue(finding: Finding, fingerprint: str) -> dict[str, object]:
    issue: dict[str, object] = {
        "description": finding.message,
        "check_name": finding.code,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "location": {"path": portable_path(finding.file), "lines": {"begin": finding.line}},
    }
    if finding.hint:
        issue["content"] = {"body": finding.hint}
    return issue
