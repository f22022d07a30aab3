"""What cjmap says on standard error, in one voice for every command.

Findings go through the reporters; this is everything around them: what was
written, what was skipped or refused and why, errors and warnings with their
hint. Every command's closing words come from here, so they read the same.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cjmap.naming import shown
from cjmap.terminal import escape

if TYPE_CHECKING:
    from cjmap.findings import FileResult

NO_JOURNEYS_HINT = "journey files are named *.journey.yaml or *.journey.yml; name other files explicitly"
EXIT_OK, EXIT_FINDINGS = 0, 1


def error(message: str, hint: str | None = None) -> None:
    _say("error", message, hint)


def warning(message: str, hint: str | None = None) -> None:
    _say("warning", message, hint)


def note(message: str, hint: str | None = None) -> None:
    """Something worth knowing that is not wrong."""
    _say("note", message, hint)


def _say(level: str, message: str, hint: str | None) -> None:
    # Messages carry file names, which a pull request chooses: shown, never
    # obeyed. A message of several lines (every mistake of an actuals file)
    # keeps its lines.
    print(f"cjmap: {level}: {_lines(message)}", file=sys.stderr)
    if hint:
        print(f"  hint: {_lines(hint)}", file=sys.stderr)


def _lines(text: str) -> str:
    return "\n".join(escape(line) for line in text.split("\n"))


def notes(found: Iterable[str]) -> None:
    """What went wrong while searching for journeys (a folder that could not be read)."""
    for note in found:
        warning(note)


def no_journeys(paths: Sequence[str]) -> None:
    warning(f"no journey files found in {', '.join(paths)}", NO_JOURNEYS_HINT)


def wrote(target: str) -> None:
    print(f"cjmap: wrote {escape(shown(target))}", file=sys.stderr)


def findings(results: list[FileResult], *, quiet: bool) -> None:
    """Findings of some journeys, as `validate` prints them (`--quiet`: no hints, no summary)."""
    from cjmap.findings import FileResult, RunResult
    from cjmap.reporters.text import TextReporter

    # What a journey broke in one of its catalogs is shown with that catalog.
    elsewhere: dict[str, list] = {}
    for result in results:
        for finding in result.elsewhere:
            if finding not in elsewhere.setdefault(finding.file, []):
                elsewhere[finding.file].append(finding)
    files = [*results, *(FileResult(file=name, findings=found) for name, found in elsewhere.items())]
    TextReporter(quiet=quiet).write(RunResult(files=files), sys.stderr)


def refused(results: list[FileResult], refusal: str) -> None:
    """The findings of the journeys a command would not handle, and their names."""
    findings(results, quiet=False)
    print(f"cjmap: {refusal}: {', '.join(escape(result.file) for result in results)}", file=sys.stderr)


def finish(path: str, written: list[str], refusals: list[FileResult], refusal: str, searching: list[str]) -> int:
    """The closing words of a command that writes one output per journey, and
    its exit code: 1 when a journey was refused."""
    notes(searching)
    for target in written:
        if target != "-":
            wrote(target)
    if not written and not refusals:
        no_journeys([path])
    if refusals:
        refused(refusals, refusal)
        return EXIT_FINDINGS
    return EXIT_OK
