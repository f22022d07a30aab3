"""`cjmap render`: check each journey, build its picture, write it safely.

A journey with error findings is not drawn: its findings come back to the
CLI, which prints them as `validate` does.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from cjmap.choices import PICTURE_SUFFIXES
from cjmap.engine import check_source, has_structure_errors
from cjmap.errors import UsageError
from cjmap.files import STDIN, Source
from cjmap.findings import FileResult, Severity
from cjmap.model import Journey
from cjmap.naming import folder_read, journey_stem, name_part, output_path
from cjmap.render.picture import picture
from cjmap.segments import find_segment, for_segment
from cjmap.settings import Overrides, Settings
from cjmap.writes import Outputs

# Format name → the suffix it is written with; suffixes also choose the format.
FORMAT_SUFFIX = PICTURE_SUFFIXES
SUFFIX_FORMAT = {**{s: f for f, s in FORMAT_SUFFIX.items()}, ".gv": "dot", ".mermaid": "mermaid"}
TO_STDOUT = "-"


@dataclass(frozen=True, slots=True)
class RenderRequest:
    path: str
    output: str | None = None
    output_dir: str | None = None
    output_format: str | None = None
    view: str = "map"
    segment: str | None = None
    language: str | None = None
    engine: str = "auto"
    strict: bool = False  # refuse a journey with a finding at the fail level, as validate fails
    fail_on: Severity | None = None  # None: the configuration's, else error


@dataclass(slots=True)
class RenderOutcome:
    """What happened to each journey: where it was written, or why not."""

    written: list[str] = field(default_factory=list)
    refused: list[FileResult] = field(default_factory=list)  # not drawn: their findings
    drawn: list[FileResult] = field(default_factory=list)  # drawn: their quality findings
    notes: list[str] = field(default_factory=list)  # folders skipped while searching


def run(request: RenderRequest) -> RenderOutcome:
    output_format = _format(request)
    folder = folder_read(request.path, request.output, each="one picture per journey")
    settings = Settings(Overrides(fail_on=request.fail_on))
    notes: list[str] = []
    sources = settings.journeys([request.path], notes=notes)
    outcome = RenderOutcome(notes=notes)
    outputs = Outputs(inputs=[s.path for s in sources])
    to_stdout: list[bytes] = []
    for source in sources:
        file = settings.for_file(source.path)
        result = check_source(source, file.options)
        # A draft is drawn: only a broken structure, or --strict, stops it.
        if result.journey is None or has_structure_errors(result) or (request.strict and file.fails(result)):
            outcome.refused.append(result)
            continue
        if result.findings:
            outcome.drawn.append(result)
        journey: Journey = result.journey
        if request.segment is not None:
            journey = for_segment(journey, find_segment(journey, request.segment).id)
        data = picture(
            journey,
            output_format=output_format,
            view=request.view,
            language=file.language(journey, request.language),
            engine=request.engine,
        )
        target = _target(source, request, output_format, folder=folder)
        if target == TO_STDOUT:
            to_stdout.append(data)
        else:
            outputs.add(Path(target), data, made_by=source.name)
        outcome.written.append(target)
    outputs.commit()
    for data in to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return outcome


def _format(request: RenderRequest) -> str:
    if request.output_format is not None:
        return request.output_format
    if request.output is None or request.output == TO_STDOUT:
        return "svg"
    suffix = Path(request.output).suffix.lower()
    if suffix not in SUFFIX_FORMAT:
        raise UsageError(
            f"cannot tell the format from the name {request.output}",
            hint="end the name with " + ", ".join(sorted(SUFFIX_FORMAT)) + ", or give --format",
        )
    return SUFFIX_FORMAT[suffix]


def picture_name(source: Source, request: RenderRequest, output_format: str) -> str:
    """`examples/shop.journey.yaml` → `shop.svg`, `shop.flow.svg`, `shop.young.svg`."""
    parts = [journey_stem(source.path, from_stdin=source.path == STDIN)]
    if request.view != "map" and output_format != "mermaid":
        parts.append(request.view)
    if request.segment:
        parts.append(name_part(request.segment))
    return ".".join(parts) + FORMAT_SUFFIX[output_format]


def _target(source: Source, request: RenderRequest, output_format: str, *, folder: str | None) -> str:
    if request.output is not None:
        return request.output
    if source.path == STDIN and request.output_dir is None:
        return TO_STDOUT  # a picture of standard input goes to standard output
    name = picture_name(source, request, output_format)
    return str(output_path(source.path, name, output_dir=request.output_dir, folder=folder))
