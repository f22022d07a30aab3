"""Command-line options and their types, declared once for every command that
takes them; each list of choices comes from `cjmap.choices`."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

import typer

from cjmap import choices

# Every list of choices comes from one light module, which the registries read too.
FailOn = Literal[choices.SEVERITIES]  # type: ignore[valid-type]
ReportFormat = Literal[choices.REPORT_FORMATS]  # type: ignore[valid-type]
PictureFormat = Literal[choices.PICTURE_FORMATS]  # type: ignore[valid-type]
ViewName = Literal[choices.VIEWS]  # type: ignore[valid-type]
EngineName = Literal[choices.ENGINES]  # type: ignore[valid-type]
Language = Literal[choices.LANGUAGES]  # type: ignore[valid-type]
DiffFormat = Literal[choices.DIFF_FORMATS]  # type: ignore[valid-type]
RulesFormat = Literal[choices.RULES_FORMATS]  # type: ignore[valid-type]
ExportFormat = Literal[choices.EXPORT_FORMATS]  # type: ignore[valid-type]


def option(*names: str, help: str, **more: Any) -> Any:  # noqa: A002 - typer's own word
    """An option whose default is said in its help, not shown by typer."""
    return typer.Option(*names, help=help, show_default=False, **more)


# Options several commands share, declared once.
ColorOption = Annotated[
    Literal[choices.COLOURS],  # type: ignore[valid-type]
    typer.Option("--color", help="Colour the output: auto (on a terminal, unless NO_COLOR is set), "
                 "always, or never."),
]
SegmentOption = Annotated[Optional[str], option("--segment", help="The journey as this segment lives it.")]
LangOption = Annotated[
    Optional[Language], option("--lang", help="Language of every fixed word. Default: the journey's.")
]
EngineOption = Annotated[
    EngineName,
    typer.Option("--engine", help="Graphviz engine: the system dot when installed (auto), or graphviz-pure."),
]
OutputDirOption = Annotated[
    Optional[str],
    option("--output-dir", help="For a folder: where to write one output per journey, keeping the "
            "folder's layout."),
]
StdinNameOption = Annotated[
    Optional[str], option("--stdin-filename", help="The name messages give to standard input.")
]
JourneyPath = Annotated[
    str, typer.Argument(help="A journey file, a folder of journeys, or - for standard input.")
]
JourneyPaths = Annotated[
    Optional[list[str]],
    typer.Argument(help="Journey files or folders (searched for *.journey.yaml); - reads standard input. "
                   "Default: the current folder.", show_default=False),
]
Codes = Optional[list[str]]


