"""`cjmap init`: start a new journey from a template, or a new catalog.

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

`cjmap init --catalog` starts a catalog (`NAME.catalog.yaml`): one example
persona, segment, team and touchpoint, each under a comment that says what it
is, and the catalog's id taken from NAME. Its text is kept here, in each
language, rather than in `templates/`, whose files are the journey templates,
one per template and language.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import TextIO

from cjmap.choices import LANGUAGES, TEMPLATES
from cjmap.errors import UsageError
from cjmap.suggest import did_you_mean

DEFAULT_PATH = "journey.journey.yaml"
DEFAULT_CATALOG_PATH = "shared.catalog.yaml"
CATALOG_SUFFIXES = (".catalog.yaml", ".catalog.yml")
SCHEMA_FILE = "cjmap.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema=./{SCHEMA_FILE}"


def start(path: str | None, *, template: str, language: str, catalog: bool, out: TextIO) -> str | None:
    """Write a new journey, or with `catalog` a new catalog, to `path` (by
    default DEFAULT_PATH or DEFAULT_CATALOG_PATH), or to `out` when `path` is
    `-`. Returns the path written, None for `out`."""
    if catalog and template != "blank":
        raise UsageError(
            f"--template {template} starts a journey, and --catalog starts a catalog: choose one",
            hint="leave out --template to start a catalog, or --catalog to start a journey from the template",
        )
    if path == "-":
        out.write(catalog_template(language) if catalog else journey_template(template, language))
        return None
    if catalog:
        path = path or DEFAULT_CATALOG_PATH
        write_new_catalog(Path(path), language)
    else:
        path = path or DEFAULT_PATH
        write_new_journey(Path(path), template, language)
    return path


def journey_template(template: str, language: str) -> str:
    """The text of a new journey from `template`, with comments in `language`."""
    _check_choice("template", template, TEMPLATES)
    _check_choice("language", language, LANGUAGES)
    name = f"{template}.{language}.yaml"
    return resources.files("cjmap").joinpath("templates", name).read_text(encoding="utf-8")


def write_new_journey(path: Path, template: str, language: str) -> None:
    """Write the template to `path`; a usage error when `path` already exists."""
    _write_new(path, journey_template(template, language), "cjmap init new.journey.yaml")


def catalog_template(language: str, ident: str = "shared") -> str:
    """The text of a new catalog whose id is `ident`, with comments in `language`."""
    from cjmap.fmt.scalars import text

    _check_choice("language", language, LANGUAGES)
    # Each value as YAML reads it back as text: `2024` in quotes, since an id is a text.
    values = {field: text(value) for field, value in zip(_TEXT_FIELDS, _TEXTS[language], strict=True)}
    return _CATALOG.format(schema=SCHEMA_LINE, id=text(ident), **_COMMENTS[language], **values)


def catalog_id(path: str) -> str:
    """A catalog's id from its file name: `Shop people.catalog.yaml` is
    `shop-people`; a name with no letter or digit gives `shared`."""
    name = Path(path).name
    for suffix in CATALOG_SUFFIXES:
        name = name.removesuffix(suffix)
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "shared"


def write_new_catalog(path: Path, language: str) -> None:
    """Write a new catalog to `path`, named `*.catalog.yaml` or `*.catalog.yml`;
    a usage error when `path` is named otherwise or already exists."""
    if not path.name.endswith(CATALOG_SUFFIXES):
        suggested = path.with_name(_catalog_name(path.name))
        raise UsageError(
            f"{path} is not named like a catalog: a catalog's file name ends in `.catalog.yaml` or "
            "`.catalog.yml`, the only files journeys may list and folder searches find",
            hint=f"name it like `{suggested}`: `cjmap init --catalog {suggested}`",
        )
    _write_new(path, catalog_template(language, catalog_id(str(path))), "cjmap init --catalog new.catalog.yaml")


def _catalog_name(name: str) -> str:
    """`people.yaml`, `people.journey.yml` or `people` named as a catalog: `people.catalog.yaml`."""
    for suffix in (".yaml", ".yml", ".journey"):
        name = name.removesuffix(suffix)
    return (name or "shared") + ".catalog.yaml"


def _write_new(path: Path, text: str, example: str) -> None:
    from cjmap.writes import write_atomic

    if path.exists() or path.is_symlink():
        raise UsageError(
            f"{path} already exists; cjmap init never overwrites a file",
            hint=f"choose another PATH, e.g. `{example}`",
        )
    write_atomic(path, text.encode("utf-8"))


def _check_choice(what: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise UsageError(
            f"unknown {what} {value!r}{did_you_mean(value, choices)}",
            hint=f"choose one of: {', '.join(choices)}",
        )


# A new catalog: one skeleton, and its comments and example texts in each
# language. Every comment says what the list below it holds and how a journey
# uses it; the examples pass `cjmap validate` as written.
_CATALOG = """\
{schema}
{intro}
cjmap: 1
kind: catalog
id: {id}
title: {title}
description: {description}

{personas}
personas:
  - id: main-customer
    name: {persona}
    goals:
      - {goal}
    frustrations:
      - {frustration}

{segments}
segments:
  - id: main-segment
    name: {segment}
    criteria: {criteria}
    personas: [main-customer]

{teams}
teams:
  - id: cx
    name: {team}

{touchpoints}
touchpoints:
  - id: website
    name: {touchpoint}
    channel: web
    owner: cx
"""

# The comments above the catalog and above each list.
_COMMENTS = {
    "en": {
        "intro": """\
# Editor help: the line above points editors at cjmap.schema.json in this folder;
# write it once with `cjmap schema -o cjmap.schema.json`.
# Catalog created by `cjmap init --catalog`: the personas, segments, teams and touchpoints
# that several journeys share. A journey uses them once it lists this file under
# `catalogs:` (the path from the journey's folder), and then names their ids as if it
# defined them. Replace the examples with your own and run `cjmap validate` on this file.""",
        "personas": "# Personas: who walks your journeys. A journey lists them by id under `personas:`.",
        "segments": """\
# Segments: groups of customers that needs, touchpoints and actions can be aimed at;
# `personas` names the personas above that belong to the segment.""",
        "teams": "# Teams: the internal teams; an `owner` here or in a journey names one of them by id.",
        "touchpoints": "# Touchpoints: where customers meet the company; a stage, step or action names one by id.",
    },
    "es": {
        "intro": """\
# Ayuda en el editor: la línea de arriba lleva los editores a cjmap.schema.json de esta carpeta;
# escríbelo una vez con `cjmap schema -o cjmap.schema.json`.
# Catálogo creado con `cjmap init --catalog`: las personas, segmentos, equipos y puntos de
# contacto que comparten varios recorridos. Un recorrido los usa cuando lista este archivo en
# `catalogs:` (la ruta desde la carpeta del recorrido), y entonces nombra sus ids como si los
# definiera. Sustituye los ejemplos por los tuyos y ejecuta `cjmap validate` sobre este archivo.""",
        "personas": "# Personas: quién hace tus recorridos. Un recorrido las lista por id en `personas:`.",
        "segments": """\
# Segmentos: grupos de clientes a los que dirigir necesidades, puntos de contacto y acciones;
# `personas` nombra las personas de arriba que forman parte del segmento.""",
        "teams": "# Equipos: los equipos internos; un `owner` de aquí o de un recorrido nombra uno por su id.",
        "touchpoints": """\
# Puntos de contacto: donde los clientes encuentran a la empresa; una etapa, un paso o una
# acción nombra uno por su id.""",
    },
    "ca": {
        "intro": """\
# Ajuda a l'editor: la línia de dalt porta els editors a cjmap.schema.json d'aquesta carpeta;
# escriu-lo un cop amb `cjmap schema -o cjmap.schema.json`.
# Catàleg creat amb `cjmap init --catalog`: les persones, segments, equips i punts de contacte
# que comparteixen diversos recorreguts. Un recorregut els fa servir quan llista aquest fitxer a
# `catalogs:` (el camí des de la carpeta del recorregut), i llavors nomena els seus ids com si
# els definís. Substitueix els exemples pels teus i executa `cjmap validate` sobre aquest fitxer.""",
        "personas": "# Persones: qui fa els teus recorreguts. Un recorregut les llista per id a `personas:`.",
        "segments": """\
# Segments: grups de clients als quals adreçar necessitats, punts de contacte i accions;
# `personas` nomena les persones de dalt que formen part del segment.""",
        "teams": "# Equips: els equips interns; un `owner` d'aquí o d'un recorregut en nomena un pel seu id.",
        "touchpoints": """\
# Punts de contacte: on els clients troben l'empresa; una etapa, un pas o una acció en
# nomena un pel seu id.""",
    },
}

# The example texts, to replace: title, description, and one name or text per entry.
_TEXTS = {
    "en": ("Shared personas, segments, teams and touchpoints",
           "Describe what this catalog holds and who keeps it up to date.",
           "Describe your main customer in a few words", "Describe what this customer wants to achieve",
           "Describe what gets in this customer's way", "Describe a group of customers",
           "Describe who belongs to it (characteristics, behaviour, preferences)", "Customer experience",
           "Website"),
    "es": ("Personas, segmentos, equipos y puntos de contacto compartidos",
           "Describe qué contiene este catálogo y quién lo mantiene al día.",
           "Describe a tu cliente principal en pocas palabras", "Describe lo que este cliente quiere conseguir",
           "Describe lo que se lo pone difícil", "Describe un grupo de clientes",
           "Describe quién forma parte de él (características, comportamiento, preferencias)",
           "Experiencia de cliente", "Web"),
    "ca": ("Persones, segments, equips i punts de contacte compartits",
           "Descriu què conté aquest catàleg i qui el manté al dia.",
           "Descriu el teu client principal en poques paraules", "Descriu el que aquest client vol aconseguir",
           "Descriu el que l'hi posa difícil", "Descriu un grup de clients",
           "Descriu qui en forma part (característiques, comportament, preferències)",
           "Experiència de client", "Web"),
}
_TEXT_FIELDS = ("title", "description", "persona", "goal", "frustration", "segment", "criteria", "team", "touchpoint")
