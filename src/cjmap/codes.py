"""The structural codes, CJ001–CJ007: always errors, never disabled.

The quality rules (CJ101 and up) document themselves in `cjmap.rules`; these
codes are found by the loader, the schema check and the reference check, and
are documented here so that `cjmap rules` can list every code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StructuralCode:
    code: str
    name: str
    summary: str
    doc: str


STRUCTURAL: dict[str, StructuralCode] = {
    c.code: c
    for c in (
        StructuralCode(
            "CJ001",
            "yaml-syntax",
            "YAML syntax error, unreadable or non-UTF-8 file",
            """The file cannot be read as YAML: a syntax error (unclosed bracket or
quote, bad indentation, a tab), bytes that are not UTF-8, a tag that would
build an object (`!!python/object`), an alias to nothing, aliases that expand
to too many values, nesting deeper than the limit, more than one document, or
a file larger than the limit. Nothing else is checked in that file until it
is fixed; the other files are still checked.

Failing:

```yaml
stages: [awareness, consideration
```""",
        ),
        StructuralCode(
            "CJ002",
            "duplicate-key",
            "duplicate key",
            """The same key appears twice in one mapping. Only the first is used,
so the second is almost always a mistake. The finding points at the second
one and names the line of the first.

Failing:

```yaml
id: open-account
title: Open an account
title: Open a current account
```""",
        ),
        StructuralCode(
            "CJ003",
            "schema",
            "schema violation: missing key, wrong type, value out of range, unknown key",
            """A key is missing, unknown (a typo: the message suggests the closest
valid key), or its value has the wrong type or is out of range. Every such
problem of a file is reported in one run. Until they are fixed the quality
rules (CJ101 and up) do not run.

Failing:

```yaml
objectives:
  - id: more-signups
    statement: More people open an account online
    target: "3%"    # write `target: 3` and `unit: "%"`
```""",
        ),
        StructuralCode(
            "CJ004",
            "dangling-reference",
            "dangling reference",
            """An id is used but not defined: a team in an `owner`, a segment in a
`segments` list, a persona in a segment, a touchpoint in a stage, step or
action. The message names the missing id and the closest defined one.

Failing:

```yaml
teams:
  - {id: marketing, name: Marketing}
owner: marketting
```""",
        ),
        StructuralCode(
            "CJ005",
            "duplicate-id",
            "duplicate id",
            """Two things of the same kind share an id: stages, personas, segments,
teams, and — across the whole journey — touchpoints, objectives and actions.
The finding points at the second id.

Failing:

```yaml
teams:
  - {id: sales, name: Sales}
  - {id: sales, name: Inside sales}
```""",
        ),
        StructuralCode(
            "CJ006",
            "unsupported-version",
            "unsupported format version",
            """`cjmap:` names a format version this cjmap does not read. Version 1 is
the only one so far.

Failing:

```yaml
cjmap: 2
```""",
        ),
        StructuralCode(
            "CJ007",
            "catalog-unusable",
            "a listed catalog cannot be used: missing, outside the workspace, not a catalog, listed twice",
            """An entry of `catalogs:` names a file the journey cannot use: it does not
exist, its path is absolute or leaves the workspace (the nearest folder
upwards with `cjmap.toml`, `.cjmap.toml`, a `pyproject.toml` with
`[tool.cjmap]`, or `.git`), its name does not end in `.catalog.yaml` or
`.catalog.yml`, it says no `kind: catalog`, it has errors of its own
(reported in that file), or the journey lists it twice. Nothing outside the
workspace is read, and nothing of a refused file is shown.

Failing:

```yaml
catalogs: [/etc/passwd, ../../elsewhere/people.catalog.yaml]
```""",
        ),
    )
}
