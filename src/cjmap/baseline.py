"""Baselines: record today's findings, then set exactly those aside, so that
a team adopts cjmap on an existing pile of journeys and improves from there.

Findings are matched by fingerprint (file, code, message and rank among
identical findings; see `fingerprints`), so they survive line shifts. An
entry that matches nothing any more was fixed, or changed: it is reported so
that the baseline can be regenerated and shrink.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from cjmap.errors import UsageError
from cjmap.findings import Finding, RunResult
from cjmap.fingerprints import fingerprints, portable_path

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    fingerprint: str
    file: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Baseline:
    entries: tuple[BaselineEntry, ...]

    @classmethod
    def of(cls, findings: list[Finding]) -> Baseline:
        return cls(tuple(
            BaselineEntry(print_, portable_path(f.file), f.code, f.message)
            for f, print_ in zip(findings, fingerprints(findings), strict=True)
        ))

    def dumps(self) -> str:
        document = {"cjmap-baseline": FORMAT_VERSION, "findings": [asdict(e) for e in self.entries]}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def load(cls, path: str) -> Baseline:
        hint = "create it with `cjmap validate --generate-baseline FILE`"
        try:
            with open(path, encoding="utf-8") as handle:
                document = json.load(handle)
        except OSError as err:
            raise UsageError(f"cannot read the baseline {path}: {(err.strerror or str(err)).lower()}",
                             hint=hint) from err
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise UsageError(f"the baseline {path} is not a cjmap baseline: {err}", hint=hint) from err
        if not isinstance(document, dict) or document.get("cjmap-baseline") != FORMAT_VERSION:
            raise UsageError(f"the baseline {path} is not a cjmap baseline (version {FORMAT_VERSION})", hint=hint)
        try:
            entries = tuple(BaselineEntry(**entry) for entry in document["findings"])
        except (KeyError, TypeError) as err:
            raise UsageError(f"the baseline {path} has a malformed entry: {err}", hint=hint) from err
        return cls(entries)

    def apply(self, result: RunResult) -> list[BaselineEntry]:
        """Drop the findings the baseline holds; return the entries that matched none."""
        remaining = {entry.fingerprint: entry for entry in self.entries}
        marks = fingerprints(result.findings)
        position = 0
        for file in result.files:
            kept = []
            for finding in file.findings:
                if remaining.pop(marks[position], None) is None:
                    kept.append(finding)
                position += 1
            file.findings = kept
        return list(remaining.values())
