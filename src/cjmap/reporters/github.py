"""`--format github`: GitHub Actions workflow commands, which the runner turns
into annotations on the pull request's files and into a folded log.

Each file is a `::group::FILE` … `::endgroup::` block holding one command per
finding, `::error` for an error, `::warning` for a warning and `::notice` for
an info:

    ::error file=PATH,line=L,col=C,title=CODE rule-name::MESSAGE

PATH is relative to the directory cjmap ran in (run it from the repository
root). MESSAGE is the finding's message, then its hint on a new line. Values
are escaped as the Actions runner unescapes them: in the message `%`, CR and
LF become `%25`, `%0D`, `%0A`; in a property also `:` and `,` become `%3A` and
`%2C`, so a command is always one line and a file name cannot end a property.
Any other control character is written out (`\x1b`), as in the text format.
A clean file's block says so, and the summary line of the text format ends
the output.
"""

from __future__ import annotations

from typing import TextIO

from cjmap.findings import Finding, RunResult, Severity
from cjmap.fingerprints import portable_path
from cjmap.reporters.text import summary
from cjmap.terminal import escape as on_one_line
from cjmap.rulebook import entries

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


class GithubReporter:
    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet  # machine formats print everything regardless

    def write(self, result: RunResult, out: TextIO) -> None:
        names = {entry.code: entry.name for entry in entries()}
        for file_result in result.files:
            out.write(f"::group::{escape_data(portable_path(file_result.file))}\n")
            for finding in file_result.findings:
                out.write(_command(finding, names) + "\n")
            if not file_result.findings:
                out.write("no problems found\n")
            out.write("::endgroup::\n")
        out.write(summary(result) + "\n")


def _command(finding: Finding, names: dict[str, str]) -> str:
    title = f"{finding.code} {names[finding.code]}" if finding.code in names else finding.code
    properties = {
        "file": portable_path(finding.file),
        "line": str(finding.line),
        "col": str(finding.column),
        "title": title,
    }
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = finding.message if not finding.hint else f"{finding.message}\n{finding.hint}"
    return f"::{COMMANDS[finding.severity]} {listed}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """A message for the runner; control characters are written out as in
    the text format, so a journey's text cannot colour or rewrite the log."""
    return _lines_shown(text).translate(_DATA)


def escape_property(text: str) -> str:
    return _lines_shown(text).translate(_PROPERTY)


def _lines_shown(text: str) -> str:
    return "\n".join(on_one_line(line) for line in text.split("\n"))
