"""What a command that turns each journey into outputs does, whatever it makes.

`render` draws a picture of each journey and `report` writes a report of
each; around that, they do the same things, here once:

- the format, from `--format` or the output's suffix (`format_from_name`);
- the journeys, found and checked with their settings, and those whose
  structure is broken (or, with `--strict`, that fail) refused (`read_journeys`);
- the journey as `--segment` and `--lang` ask for it (`Checked.as_asked`);
- where each output goes and what it is named (`Journeys.target`, `output_name`);
- every output of the run landed together, or sent to standard output
  (`RunOutputs`).

What a command makes of one journey stays in the command.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cjmap.engine import check_source, has_structure_errors
from cjmap.errors import UsageError
from cjmap.files import STDIN, Source
from cjmap.findings import FileResult
from cjmap.model import Journey, Segment
from cjmap.naming import folder_read, journey_stem, name_part, output_path
from cjmap.segments import find_segment, for_segment
from cjmap.settings import FileSettings, Overrides, Settings
from cjmap.writes import Outputs

TO_STDOUT = "-"  # as an output name: standard output


@dataclass(frozen=True, slots=True)
class JourneyRequest:
    """What every journey command is asked first: which journeys, and where
    and in which format their outputs go. A command's request adds its own."""

    path: str
    output: str | None = None  # one file, or TO_STDOUT
    output_dir: str | None = None
    output_format: str | None = None  # None: from the output's suffix


def format_from_name(
    given: str | None,
    output: str | None,
    suffix_format: Mapping[str, str],
    *,
    default: str,
    endings: str | None = None,
) -> str:
    """The format asked for with `--format`, else the one the output's suffix
    names in `suffix_format`, else `default` when no file is named.
    `endings` is how the hint lists the suffixes; by default, all of them."""
    if given is not None:
        return given
    if output is None or output == TO_STDOUT:
        return default
    suffix = Path(output).suffix.lower()
    if suffix not in suffix_format:
        listed = endings if endings is not None else ", ".join(sorted(suffix_format))
        raise UsageError(
            f"cannot tell the format from the name {output}",
            hint=f"end the name with {listed}, or give --format",
        )
    return suffix_format[suffix]


@dataclass(frozen=True, slots=True)
class AsAsked:
    """One journey as the run asked for it: its segment's view, its language."""

    journey: Journey
    segment: Segment | None  # None: every segment
    language: str


@dataclass(frozen=True, slots=True)
class Checked:
    """A journey that can be written: its structure is sound."""

    source: Source
    result: FileResult  # its findings, drafts' included
    file: FileSettings
    journey: Journey  # the whole journey, every segment in it

    def as_asked(self, *, segment: str | None, language: str | None) -> AsAsked:
        """The journey as one segment lives it (a usage error naming the
        defined segments if it has no such segment), in the language of
        `--lang`, else of the journey and its configuration."""
        journey = self.journey
        found = None
        if segment is not None:
            found = find_segment(journey, segment)
            journey = for_segment(journey, found.id)
        return AsAsked(journey, found, self.file.language(journey, language))


@dataclass(frozen=True, slots=True)
class Journeys:
    """A run's journeys, found and checked: those to write, and those
    refused with the findings that say why."""

    request: JourneyRequest
    folder: str | None  # the folder read, or None for one journey
    sources: list[Source]
    checked: list[Checked]
    refused: list[FileResult]
    notes: list[str]  # folders skipped while searching
    settings: Settings  # the run's: what it reads besides the journeys is read with them too

    def target(self, source: Source, name: str, *, stdin_to_stdout: bool = False) -> str:
        """Where an output of `source` goes: the `-o` file as given, else the
        file `name` beside the journey or below --output-dir. With
        `stdin_to_stdout`, a journey read from standard input goes to
        standard output unless --output-dir names a folder for it."""
        if self.request.output is not None:
            return self.request.output
        if stdin_to_stdout and source.path == STDIN and self.request.output_dir is None:
            return TO_STDOUT
        where = output_path(source.path, name, output_dir=self.request.output_dir, folder=self.folder)
        return str(where)

    def outputs(self, *, also_read: list[str] | None = None) -> RunOutputs:
        """The run's outputs, which may overwrite none of its inputs: the
        journeys, and `also_read` (files the command read besides them)."""
        return RunOutputs([source.path for source in self.sources] + (also_read or []))


def read_journeys(
    request: JourneyRequest, *, each: str, overrides: Overrides | None = None, strict: bool = False
) -> Journeys:
    """Find the journeys of `request.path` and check each with its own
    settings, as validate does, so that a rule a team switched off is off here
    too. A draft is written: only a broken structure refuses a journey, or,
    with `strict`, any finding at its fail level. `each` says what is written
    per journey, for the message when `-o` names one file for a folder."""
    from cjmap.catalogs import CatalogStore
    from cjmap.workspace_checks import check_workspace

    folder = folder_read(request.path, request.output, each=each)
    settings = Settings(overrides)
    notes: list[str] = []
    sources = settings.journeys([request.path], notes=notes)
    # Each catalog is read once for the whole run, with its own limits.
    store = CatalogStore(settings.limits_for)
    files = [settings.for_file(source.path) for source in sources]
    results = [check_source(source, file.options, store) for source, file in zip(sources, files, strict=True)]
    # Links and journey ids are checked as validate checks them: a journey
    # validate refuses is refused here too.
    check_workspace(zip(sources, results, strict=True), settings,
                    folders=[folder] if folder is not None else [], catalogs=store.loaded())
    checked: list[Checked] = []
    refused: list[FileResult] = []
    for source, file, result in zip(sources, files, results, strict=True):
        if result.journey is None or has_structure_errors(result) or (strict and file.fails(result)):
            refused.append(result)
        else:
            checked.append(Checked(source, result, file, result.journey))
    return Journeys(request, folder, sources, checked, refused, notes, settings)


def output_name(source: Source, *parts: str | None, segment: str | None, suffix: str) -> str:
    """A journey's output named after it: `shop` for `shop.journey.yaml` (and
    `journey` for standard input), then the parts given and the segment, each
    after a dot, then `suffix`: `shop.flow.young.svg`. The segment id is made
    safe first, so that the output stays in its folder."""
    named = [journey_stem(source.path, from_stdin=source.path == STDIN)]
    named += [part for part in parts if part]
    if segment:
        named.append(name_part(segment))
    return ".".join(named) + suffix


@dataclass(slots=True)
class RunOutputs:
    """Every output of a run: files land together through one `Outputs`
    batch, all or none; outputs named TO_STDOUT go to standard output once
    the files have landed."""

    inputs: list[str]  # files the run read, which no output may overwrite
    _files: Outputs = field(init=False)
    _to_stdout: list[bytes] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self._files = Outputs(inputs=self.inputs)

    def add(self, target: str, data: bytes, *, made_by: str) -> None:
        """Plan `data` for `target` (a file, or TO_STDOUT); `made_by` names
        the journey it is written for, for the message when two would write
        one file."""
        if target == TO_STDOUT:
            self._to_stdout.append(data)
        else:
            self._files.add(Path(target), data, made_by=made_by)

    def commit(self) -> None:
        self._files.commit()
        for data in self._to_stdout:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
