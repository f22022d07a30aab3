"""`cjmap render`: check each journey, build its picture, write it safely.

A journey with error findings is not drawn: its findings come back to the
CLI, which prints them as `validate` does. Finding, checking, naming and
writing are what every journey command does (`cjmap.journey_command`); the
picture is render's own.

`--view portfolio` draws every journey of a folder, or of a journey file's
workspace, in one picture (`portfolio.svg`).

`--view blueprint` draws the service blueprint of a journey that fills in a
blueprint lane (`evidence`, `frontstage`, `backstage` or `support`). A journey
named alone that fills in none is a usage error: there is nothing to draw. In
a folder, such journeys are left out, each with a note, and the others drawn;
a folder none of whose journeys can be drawn is the same usage error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from cjmap.choices import PICTURE_SUFFIXES
from cjmap.errors import UsageError
from cjmap.files import STDIN, Source
from cjmap.findings import FileResult, Severity
from cjmap.i18n import translator
from cjmap.journey_command import (
    Checked,
    JourneyRequest,
    Journeys,
    format_from_name,
    output_name,
    read_journeys,
)
from cjmap.render import portfolio_view
from cjmap.render.engine import draw
from cjmap.render.picture import picture
from cjmap.render.views import BLUEPRINT, PORTFOLIO
from cjmap.settings import Overrides
from cjmap.workspace import workspace_root

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
    notes: list[str] = field(default_factory=list)  # folders skipped while searching, journeys with no blueprint


def run(request: RenderRequest) -> RenderOutcome:
    output_format = format_from_name(request.output_format, request.output, SUFFIX_FORMAT, default="svg")
    if request.view == PORTFOLIO:
        return _portfolio(request, output_format)
    if request.view == BLUEPRINT:
        _blueprint_options(output_format)
    # A draft is drawn: only a broken structure, or --strict, stops it.
    journeys = read_journeys(
        request, each="one picture per journey", overrides=Overrides(fail_on=request.fail_on), strict=request.strict
    )
    outcome = RenderOutcome(refused=journeys.refused, notes=journeys.notes)
    drawn = _with_blueprint(journeys, outcome) if request.view == BLUEPRINT else journeys.checked
    outputs = journeys.outputs()
    for checked in drawn:
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


def _blueprint_options(output_format: str) -> None:
    """A usage error for a blueprint in Mermaid, which has no lanes to draw it with."""
    if output_format == "mermaid":
        raise UsageError(
            "the blueprint view is drawn with Graphviz, not Mermaid: a Mermaid journey diagram has no lanes "
            "for the frontstage, backstage and support",
            hint="choose --format svg, png, pdf or dot for the blueprint, or leave out --view blueprint "
            "for the journey's Mermaid diagram",
        )


_NO_LANES_HINT = (
    "add `evidence:`, `frontstage:`, `backstage:` or `support:` to the stages that need a blueprint "
    "(see docs/format.md, Service blueprints), or choose --view map"
)


def _with_blueprint(journeys: Journeys, outcome: RenderOutcome) -> list[Checked]:
    """The journeys that fill in a blueprint lane. The others have no
    blueprint: a usage error for a journey named alone, a note each in a
    folder, and a usage error for a folder with none to draw."""
    drawn = [checked for checked in journeys.checked if checked.journey.has_blueprint]
    bare = [checked for checked in journeys.checked if not checked.journey.has_blueprint]
    if journeys.folder is None and bare:
        raise UsageError(
            f"{bare[0].source.name} has no service blueprint: none of its stages fills in `evidence`, "
            "`frontstage`, `backstage` or `support`",
            hint=_NO_LANES_HINT,
        )
    if bare and not drawn and not journeys.refused:
        raise UsageError(
            f"no journey in {journeys.folder} has a service blueprint: none fills in `evidence`, "
            "`frontstage`, `backstage` or `support`",
            hint=_NO_LANES_HINT,
        )
    outcome.notes += [
        f"{checked.source.name}: not drawn, it has no service blueprint (no stage fills in `evidence`, "
        "`frontstage`, `backstage` or `support`); draw it with --view map" for checked in bare
    ]
    return drawn


def _portfolio_options(request: RenderRequest, output_format: str) -> None:
    """A usage error for what a portfolio cannot be: of standard input, in
    Mermaid, or one segment's."""
    if request.path == STDIN:
        raise UsageError(
            "the portfolio view draws the journeys of a folder, not standard input",
            hint="name a folder, or a journey file to draw its whole workspace; or choose --view map or flow "
            "for the journey on standard input",
        )
    if output_format == "mermaid":
        raise UsageError(
            "the portfolio view is drawn with Graphviz, not Mermaid: a Mermaid picture shows one journey",
            hint="choose --format svg, png, pdf or dot for the portfolio, or leave out --view portfolio "
            "for each journey's Mermaid diagram",
        )
    if request.segment is not None:
        raise UsageError(
            "--segment does not apply to the portfolio view: it draws whole journeys",
            hint="leave out --segment, or choose --view map or flow to draw a journey as one segment lives it",
        )


def _portfolio(request: RenderRequest, output_format: str) -> RenderOutcome:
    """Every journey of the folder (or of the journey file's workspace) in
    one picture, `portfolio.svg` in that folder or --output-dir, or `-o`.
    Journeys whose structure is broken are left out and refused, as render
    refuses them; those drawn still show their findings."""
    _portfolio_options(request, output_format)
    folder = _portfolio_folder(request.path)
    # The portfolio is one file, so -o may name it even for a folder.
    journeys = read_journeys(
        replace(request, path=folder, output=None), each="one portfolio",
        overrides=Overrides(fail_on=request.fail_on), strict=request.strict,
    )
    outcome = RenderOutcome(refused=journeys.refused, notes=journeys.notes)
    if not journeys.checked:
        return outcome
    first = journeys.checked[0]
    language = first.file.language(first.journey, request.language)
    dot_source = portfolio_view.build([checked.journey for checked in journeys.checked], translator(language))
    data = dot_source.encode("utf-8") if output_format == "dot" else draw(
        dot_source, output_format, engine=request.engine)
    target = request.output or str(
        Path(request.output_dir or folder) / f"{portfolio_view.NAME}{FORMAT_SUFFIX[output_format]}")
    outputs = journeys.outputs()
    outputs.add(target, data, made_by=f"the portfolio of {folder}")
    outputs.commit()
    outcome.drawn = [checked.result for checked in journeys.checked if checked.result.findings]
    outcome.written.append(target)
    return outcome


def _portfolio_folder(path: str) -> str:
    """The folder whose journeys a portfolio draws: `path` itself when it is
    a folder; for a file, its workspace root, shown from the current folder
    when it lies inside it. A path that is not there is returned as it is,
    for the search to say so."""
    if os.path.isdir(path) or not os.path.lexists(path):
        return path
    root = workspace_root(Path(path).parent)
    here = Path.cwd().resolve()
    return os.path.relpath(root, here) if root.is_relative_to(here) else str(root)
