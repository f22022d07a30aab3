"""`--format json`: the object FORMAT.md specifies, for scripts and editors."""

from __future__ import annotations

import json
from typing import TextIO

from cjmap.findings import RunResult, Severity


class JsonReporter:
    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet  # machine formats print everything regardless

    def write(self, result: RunResult, out: TextIO) -> None:
        document = {
            "findings": [finding.as_dict() for finding in result.findings],
            "summary": {
                "files": len(result.files),
                "errors": result.count(Severity.ERROR),
                "warnings": result.count(Severity.WARNING),
                "infos": result.count(Severity.INFO),
            },
        }
        json.dump(document, out, ensure_ascii=False, indent=2)
        out.write("\n")
