"""Output formats of `cjmap validate`, one class each, registered by name.

The CLI builds its `--format` choices from REPORTERS, so adding a format is
adding a module and one line here.
"""

from __future__ import annotations

from typing import Protocol, TextIO

from cjmap.findings import RunResult
from cjmap.reporters.github import GithubReporter
from cjmap.reporters.gitlab import GitlabReporter
from cjmap.reporters.json import JsonReporter
from cjmap.reporters.junit import JunitReporter
from cjmap.reporters.sarif import SarifReporter
from cjmap.reporters.text import TextReporter


class Reporter(Protocol):
    def __init__(self, *, quiet: bool = False) -> None: ...

    def write(self, result: RunResult, out: TextIO) -> None: ...


REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "sarif": SarifReporter,
    "junit": JunitReporter,
    "github": GithubReporter,
    "gitlab": GitlabReporter,
}
