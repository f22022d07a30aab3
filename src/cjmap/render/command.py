"""`cjmap render`: check each journey, build its picture, write it safely.

A journey with error findings is not drawn: its findings come back to the
CLI, which prints them as `validate` does. Finding, checking, naming and
writing are what every journey command does (`cjmap.journey_command`); the
picture is render's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cjmap.choices import PICTURE_SUFFIXES
from cjmap.files import Source
from cjmap.findings import FileResult, Severity
from cjmap.journey_command import JourneyRequest, format_from_name, output_name, read_journeys
from cjmap.render.picture import picture
from cjmap.settings import Overrides

# Format name → the suffix it is written with; suffixes also choose the format.
FORMAT_SUFFIX = PICTURE_SUFFIXES
SUFFIX_FORMAT = {**{s: f for f, s in FORMAT_SUFFIX.items()}, ".gv": "dot", ".mermaid": "mermaid"}


@dataclass(frozen=True, slots=True)
class RenderRequest(JourneyRequest):
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
    output_format = format_from_name(request.output_format, request.output, SUFFIX_FORMAT, default="svg")
    # A draft is drawn: only a broken structure, or --strict, stops it.
    journeys = read_journeys(
        request, each="one picture per journey", overrides=Overrides(fail_on=request.fail_on), strict=request.strict
    )
    outcome = RenderOutcome(refused=journeys.refused, notes=journeys.notes)
    outputs = journeys.outputs()
    for checked in journeys.checked:
        if checked.result.findings:
            outcome.drawn.append(checked.result)
        asked = checked.as_asked(segment=request.segment, language=request.language)
        data = picture(
            asked.journey, output_format=output_format, view=request.view, language=asked.language,
            engine=request.engine,
        )
        # A picture of standard input goes to standard output.
        target = journeys.target(
            checked.source, picture_name(checked.source, request, output_format), stdin_to_stdout=True
        )
        outputs.add(target, data, made_by=checked.source.name)
        outcome.written.append(target)
    outputs.commit()
    return outcome


def picture_name(source: Source, request: RenderRequest, output_format: str) -> str:
    """`examples/shop.journey.yaml` → `shop.svg`, `shop.flow.svg`, `shop.young.svg`."""
    # A Mermaid picture has one view, so its name does not say which.
    view = request.view if request.view != "map" and output_format != "mermaid" else None
    return output_name(source, view, segment=request.segment, suffix=FORMAT_SUFFIX[output_format])
