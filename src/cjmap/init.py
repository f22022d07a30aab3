"""`cjmap init`: start a new journey from a template.

The templates live as package data in `cjmap/templates/`, one file per
template and language (`retail.es.yaml`; not `*.journey.yaml`, so that a
folder search of this repository does not take them for journeys). Each one passes schema
validation as written, and its placeholders — objectives without a metric,
touchpoints without an owner, stages without emotions or actions — are what
`cjmap validate` points at until the author fills them in.

Every template starts with the editor-schema line (`SCHEMA_LINE`), which
points yaml-language-server — the YAML support of VS Code, Neovim, Helix,
JetBrains IDEs' YAML plugin and others — at `cjmap.schema.json` in the
journey's own folder, the file `cjmap schema -o cjmap.schema.json` writes.
A relative path, like the bundled examples' `../schema/cjmap.schema.json`:
it works offline and describes the format of the cjmap the team runs. The
next comment says how to write that file (docs/ci.md, "The editor").
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from cjmap.choices import LANGUAGES, TEMPLATES
from cjmap.errors import UsageError
from cjmap.suggest import did_you_mean

DEFAULT_PATH = "journey.journey.yaml"
SCHEMA_FILE = "cjmap.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema=./{SCHEMA_FILE}"


def journey_template(template: str, language: str) -> str:
    """The text of a new journey from `template`, with comments in `language`."""
    _check_choice("template", template, TEMPLATES)
    _check_choice("language", language, LANGUAGES)
    name = f"{template}.{language}.yaml"
    return resources.files("cjmap").joinpath("templates", name).read_text(encoding="utf-8")


def write_new_journey(path: Path, template: str, language: str) -> None:
    """Write the template to `path`; a usage error when `path` already exists."""
    from cjmap.writes import write_atomic

    text = journey_template(template, language)
    if path.exists() or path.is_symlink():
        raise UsageError(
            f"{path} already exists; cjmap init never overwrites a file",
            hint="choose another PATH, e.g. `cjmap init new.journey.yaml`",
        )
    write_atomic(path, text.encode("utf-8"))


def _check_choice(what: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise UsageError(
            f"unknown {what} {value!r}{did_you_mean(value, choices)}",
            hint=f"choose one of: {', '.join(choices)}",
        )
