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
from cjmap.files import NotReadable, read_bounded
from cjmap.findings import Finding, RunResult
from cjmap.fingerprints import fingerprints, portable_path
from cjmap.limits import MAX_BASELINE_BYTES
from cjmap.loader import decode

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    fingerprint: str
    file: str
    code: str
    message: str


_FIELDS = frozenset(("fingerprint", "file", "code", "message"))


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
        """Read a baseline file; whatever is wrong with it is a usage error
        naming the file, and the line and column where JSON gives them."""
        hint = "create it with `cjmap validate --generate-baseline FILE`"
        try:
            raw = read_bounded(path, MAX_BASELINE_BYTES)
        except NotReadable as err:
            raise UsageError(f"cannot read the baseline {path}: {err.strerror}", hint=hint) from err
        text, problem = decode(raw)
        if problem is not None:
            raise UsageError(f"{path}:{problem.line}:{problem.column}: this is not a cjmap baseline: "
                             f"{problem.message}", hint=hint)
        assert text is not None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as err:
            raise UsageError(f"{path}:{err.lineno}:{err.colno}: this is not a cjmap baseline: "
                             f"this is not valid JSON ({err.msg[:1].lower()}{err.msg[1:]})", hint=hint) from err
        except RecursionError as err:
            raise UsageError(f"the baseline {path} is not a cjmap baseline: it is nested too deeply",
                             hint=hint) from err
        except ValueError as err:  # an integer longer than Python converts
            raise UsageError(f"the baseline {path} is not a cjmap baseline: it holds a number with "
                             "thousands of digits", hint=hint) from err
        version = document.get("cjmap-baseline") if isinstance(document, dict) else None
        if type(version) is not int or version != FORMAT_VERSION:
            raise UsageError(f"the baseline {path} is not a cjmap baseline (version {FORMAT_VERSION})", hint=hint)
        findings = document.get("findings")
        if not isinstance(findings, list):
            raise UsageError(f"the baseline {path} is not a cjmap baseline: `findings` must be a list",
                             hint=hint)
        for number, entry in enumerate(findings, 1):
            if not isinstance(entry, dict) or set(entry) != _FIELDS or not all(
                isinstance(value, str) for value in entry.values()
            ):
                raise UsageError(
                    f"the baseline {path} has a malformed entry: finding {number} must have the texts "
                    "`fingerprint`, `file`, `code` and `message`, and nothing else",
                    hint="regenerate the baseline with `cjmap validate --generate-baseline FILE`",
                )
        return cls(tuple(BaselineEntry(**entry) for entry in findings))

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
