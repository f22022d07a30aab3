"""Check a document against the models and say what is wrong in plain words.

Every pydantic error becomes one CJ003 problem at the line and column of the
offending key or value; the version check (CJ006) comes first because a file
of another version cannot be judged by these models. Journeys and catalogs
are checked alike; a file of the other kind gets one problem that says so,
rather than one for every key the two kinds do not share.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from cjmap.findings import Problem
from cjmap.loader import Document, Path, resolve_plain
from cjmap.model import LINK_PATTERN, SUPPORTED_VERSIONS, UNION_TAGS, Catalog, Journey
from cjmap.shorten import shorten
from cjmap.suggest import closest, did_you_mean

# What one entry of each list is called in a message.
_SINGULAR = {
    "stages": "stage",
    "personas": "persona",
    "segments": "segment",
    "teams": "team",
    "touchpoints": "touchpoint",
    "objectives": "objective",
    "actions": "action",
    "steps": "step",
    "needs": "need",
    "questions": "question",
    "pain_points": "pain point",
    "opportunities": "opportunity",
    "feedback": "feedback entry",
    "evidence": "evidence item",
    "frontstage": "frontstage action",
    "backstage": "backstage action",
    "support": "support action",
}


@dataclass(frozen=True)
class _FileKind:
    """What a file must hold, and how messages speak of it."""

    model: type[BaseModel]
    noun: str  # "journey" or "catalog": its `kind`
    start: str  # how to start such a file, for a file that holds nothing of it

    @property
    def whole(self) -> str:
        return f"the {self.noun}"


_JOURNEY = _FileKind(Journey, "journey", "start with `cjmap: 1`, then `id:`, `title:` and `stages:`")
_CATALOG = _FileKind(
    Catalog, "catalog",
    "start with `cjmap: 1` and `kind: catalog`, then `id:` and any of `personas:`, `segments:`, "
    "`teams:` and `touchpoints:`",
)
# Top-level keys of a journey that a catalog does not have: what they say is a
# journey's to say (a catalog lists no catalogs and has no stages).
_JOURNEY_ONLY = tuple(key for key in Journey.model_fields if key not in Catalog.model_fields)


def check_schema(doc: Document) -> tuple[Journey | None, list[Problem]]:
    """Return the journey model, or None and every problem that prevents it."""
    return _check(doc, _JOURNEY)


def check_catalog_schema(doc: Document) -> tuple[Catalog | None, list[Problem]]:
    """Return the catalog model, or None and every problem that prevents it."""
    return _check(doc, _CATALOG)


def _check(doc: Document, kind: _FileKind) -> tuple[Any, list[Problem]]:
    data = doc.data
    if data is None:
        return None, [Problem("CJ003", 1, 1, f"the file holds no {kind.noun}", kind.start)]
    if not isinstance(data, dict):
        line, column = doc.positions.value(())
        return None, [
            Problem(
                "CJ003", line, column,
                f"a {kind.noun} file must be a mapping of keys and values, not {_kind(data)}",
                kind.start,
            )
        ]
    version_problem = _check_version(data, doc)
    if version_problem is not None:
        return None, [version_problem]
    other = _other_kind(data, doc, kind)
    if other is not None:
        return None, [other]
    try:
        return kind.model.model_validate(data), []
    except ValidationError as err:
        problems = [_translate(e, data, doc, kind) for e in err.errors(include_url=False)]
        return None, sorted(set(problems), key=lambda p: (p.line, p.column, p.message))


_NOT_A_CATALOG_HINT = (
    "a catalog starts with `cjmap: 1` and `kind: catalog` and has no stages; a journey uses "
    "one by listing it under `catalogs:`"
)


def _other_kind(data: dict[str, Any], doc: Document, kind: _FileKind) -> Problem | None:
    """One problem for a catalog checked as a journey, or a journey as a catalog."""
    said = data.get("kind")
    if kind is _JOURNEY and said == "catalog":
        line, column = doc.positions.value(("kind",))
        return Problem(
            "CJ003", line, column, "this file is a catalog (`kind: catalog`), not a journey",
            "list it under `catalogs:` in the journeys that use it, and name it `*.catalog.yaml`",
        )
    if kind is _CATALOG and said == "journey":
        line, column = doc.positions.value(("kind",))
        return Problem(
            "CJ003", line, column, "this file is a journey (`kind: journey`), not a catalog",
            _NOT_A_CATALOG_HINT,
        )
    if kind is _CATALOG and "kind" not in data and "stages" in data:
        line, column = doc.positions.key(("stages",))
        return Problem(
            "CJ003", line, column,
            "this file is a journey, not a catalog: it has `stages` and no `kind: catalog`",
            _NOT_A_CATALOG_HINT,
        )
    return None


def _check_version(data: dict[str, Any], doc: Document) -> Problem | None:
    if "cjmap" not in data:
        return None  # reported as a missing key with the others
    version = data["cjmap"]
    if type(version) is int and version in SUPPORTED_VERSIONS:
        return None
    line, column = doc.positions.value(("cjmap",))
    return Problem(
        "CJ006", line, column,
        f"unsupported format version `cjmap: {_show(version)}`; this cjmap reads version 1",
        "write `cjmap: 1`, or upgrade cjmap if the file was written for a newer version",
    )


def _translate(error: Any, data: Any, doc: Document, file_kind: _FileKind) -> Problem:
    loc: Path = tuple(part for part in error["loc"] if part not in UNION_TAGS)
    kind = error["type"]
    value = error.get("input")
    key = loc[-1] if loc else None
    whole = file_kind.whole
    where = describe(loc, data, whole)

    if kind == "missing":
        line, column = doc.positions.value(loc[:-1])
        owner = describe_owner(loc[:-1], data, whole)
        # `kind` has one possible value in a catalog: say it.
        hint = "add `kind: catalog`" if loc == ("kind",) else f"add `{key}:` with a value"
        return Problem("CJ003", line, column, f"{owner} is missing the required key `{key}`", hint)
    if kind == "extra_forbidden":
        line, column = doc.positions.key(loc)
        owner = describe_owner(loc[:-1], data, whole)
        if file_kind is _CATALOG and len(loc) == 1 and key in _JOURNEY_ONLY:
            return Problem(
                "CJ003", line, column,
                f"unknown key `{key}` in the top level of the catalog: only a journey has `{key}`",
                _CATALOGS_HINT if key == "catalogs" else _JOURNEY_ONLY_HINT,
            )
        allowed = _allowed_keys(loc[:-1], file_kind.model)
        match = closest(str(key), allowed)
        hint = (
            f"rename it to `{match}`" if match
            else "remove it, or see docs/format.md: allowed keys here are " + ", ".join(f"`{k}`" for k in allowed)
        )
        return Problem(
            "CJ003", line, column,
            f"unknown key `{key}` in {_at_top(owner, whole)}{did_you_mean(str(key), allowed)}", hint,
        )
    line, column = doc.positions.value(loc)
    if loc == ("kind",):
        message, hint = _describe_kind(value)
    else:
        message, hint = _describe_value_error(kind, error, value, where, key)
    return Problem("CJ003", line, column, message, hint)


_KINDS = ("journey", "catalog")


def _describe_kind(value: Any) -> tuple[str, str]:
    """A `kind` neither model accepts: name both kinds, whichever file this is, since a
    misspelt `catalog` in a journey file is as likely as a misspelt `journey`."""
    hint = "a catalog says `kind: catalog`; a journey says `kind: journey`, or leaves `kind` out"
    if value is None:
        return "`kind` is empty", hint
    return (
        f"`kind` is `{_show(value)}`, which is not one of: {', '.join(_KINDS)}"
        f"{did_you_mean(str(value), _KINDS)}",
        hint,
    )


_JOURNEY_ONLY_HINT = (
    "move it to a journey that lists this catalog under `catalogs:`; a catalog holds only "
    + ", ".join(f"`{key}`" for key in Catalog.model_fields)
)
_CATALOGS_HINT = "catalogs do not list other catalogs: list each catalog in the journeys that use it"


def _describe_value_error(
    kind: str, error: Any, value: Any, where: str, key: Any
) -> tuple[str, str | None]:
    ctx = error.get("ctx") or {}
    if value is None and kind in _EMPTY_KINDS:
        return f"{where} is empty", "write a value after the colon, or remove the key"
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return (
            f"{where} is `{_show(value)}`, which is not one of: {', '.join(choices)}"
            f"{did_you_mean(str(value), choices)}",
            "use one of the listed words, exactly as written",
        )
    if kind in ("string_type",):
        return f"{where} must be text, not {_kind(value)}", "put the value in quotes"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        hint = _number_hint(key, value) if isinstance(value, str) else "write a whole number, like 2"
        return f"{where} must be a whole number, not {_kind(value)}", hint
    if kind == "text_or_mapping":
        return (
            f"{where} must be text, or a mapping with `text:`, not {_kind(value)}",
            "write it as text, like `- Compare prices` (in quotes if it looks like a number or "
            "yes/no), or as a mapping with `text:`",
        )
    if kind in ("float_type", "float_parsing"):
        return f"{where} must be a number, not {_kind(value)}", _number_hint(key, value)
    if kind == "finite_number":
        return f"{where} must be a finite number", "write a number like 42 or 3.5"
    if kind in ("greater_than_equal", "less_than_equal"):
        return (
            f"{where} is {_show(value)}, but it must be from -2 (very negative) to +2 "
            "(very positive)",
            "use -2, -1, 0, 1 or 2",
        )
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == LINK_PATTERN:
        return f"{where} is `{_show(value)}`, which is not a link", _link_hint(str(value))
    if kind == "string_pattern_mismatch":
        return (
            f"{where} is `{_show(value)}`, which is not a valid id",
            "ids use lowercase letters, digits and hyphens and start with a letter or digit, "
            f"e.g. `{_slugify(str(value))}`",
        )
    if kind == "string_too_short":
        return f"{where} is empty", "write a value in the quotes, or remove the key"
    if kind == "too_short":
        return f"{where} is empty", "add at least one stage"
    if kind == "list_type":
        return (
            f"{where} must be a list, not {_kind(value)}",
            "write each entry on its own line, starting with `- `",
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return (
            f"{where} must be a mapping of keys and values, not {_kind(value)}",
            "write its keys on the lines below it, indented, as `key: value`",
        )
    if kind == "touchpoint_form":
        return (
            f"{where} must be a touchpoint id or a touchpoint mapping, not {_kind(value)}",
            "write a touchpoint id (`- web-shop`) or a mapping with `id`, `name` and `channel`",
        )
    if kind == "persona_form":
        return (
            f"{where} must be a persona id or a persona mapping, not {_kind(value)}",
            "write the id of a persona defined in a catalog (`- laura`) or a mapping with `id` "
            "and `name`",
        )
    if kind == "duration":
        return f"{where} is {_kind(value)}, which is not a duration", ctx.get("hint")
    if kind in ("bool_type", "bool_parsing"):
        return (
            f"{where} must be `true` or `false`, not {_kind(value)}",
            "write `true` or `false`, without quotes",
        )
    if kind == "iso_date":
        return f"{where} is `{_show(value)}`, which is not a date", "write dates as YYYY-MM-DD, e.g. 2027-03-31"
    return f"{where}: {error['msg']}", None


_EMPTY_KINDS = frozenset(
    ("string_type", "int_type", "float_type", "literal_error", "model_type", "dict_type",
     "list_type", "iso_date", "touchpoint_form", "persona_form", "model_attributes_type",
     "duration", "bool_type")
)


def _link_hint(value: str) -> str:
    """The two forms of a link, made from what was written where that can be done."""
    journey, _, stage = value.partition("#")
    journey_id = _slugify(journey) if journey.strip() else "first-90-days"
    stage_id = _slugify(stage) if stage.strip() else "welcome-call"
    return (
        f"write a journey id (`{journey_id}`) or a journey id and one of its stage ids "
        f"joined by `#` (`{journey_id}#{stage_id}`)"
    )

_LEADING_NUMBER = re.compile(r"\s*([-+]?\d+(?:[.,]\d+)?)\s*([^\d\s_].*)?")
_GROUPED_NUMBER = re.compile(r"\s*[-+]?\d{1,3}(?:[_ ]\d{3})+(?:\.\d+)?\s*")


def _number_hint(key: Any, value: Any) -> str:
    if isinstance(value, str):
        if _GROUPED_NUMBER.fullmatch(value):
            number = re.sub(r"[_\s]", "", value)
            return f"write `{key}: {number}`: numbers are written without separators between digits"
        match = _LEADING_NUMBER.fullmatch(value)
        if match:
            number = match.group(1).replace(",", ".")
            unit = match.group(2)
            if unit and key in ("target", "baseline"):
                return f'write `{key}: {number}` and `unit: "{unit.strip()}"`'
            return f"write `{key}: {number}` without quotes"
    return "write a number without quotes, like 42 or 3.5"


def describe(path: Path, data: Any, whole: str = "the journey") -> str:
    """Name the value at `path` for a user: "`target` of objective 'x' in stage 'y'".

    `whole` names the file's top level: "the journey" or "the catalog".
    """
    if not path:
        return whole
    last = path[-1]
    if isinstance(last, int):
        parent_key = path[-2] if len(path) > 1 else None
        item = _get(data, path)
        if isinstance(item, dict) or _is_mapping_list(path[:-1]):
            return describe_owner(path, data, whole)
        owner = describe_owner(path[:-2], data, whole)
        entry = f"entry {last + 1} of `{parent_key}`"
        return entry if owner == whole else f"{entry} in {owner}"
    owner = describe_owner(path[:-1], data, whole)
    return f"`{last}`" if owner == whole else f"`{last}` of {owner}"


# Lists whose entries can only be mappings: a wrong entry is still "stage 2".
# (A journey's personas may be ids too: a wrong one is "entry 2 of `personas`".)
_TOP_MAPPING_LISTS = frozenset(("stages", "segments", "teams", "touchpoints"))
_STAGE_MAPPING_LISTS = frozenset(("objectives", "actions", "feedback"))


def _is_mapping_list(path: Path) -> bool:
    if len(path) == 1:
        return path[0] in _TOP_MAPPING_LISTS
    return len(path) == 3 and path[0] == "stages" and path[2] in _STAGE_MAPPING_LISTS


def describe_owner(path: Path, data: Any, whole: str = "the journey") -> str:
    """Name the entity (stage, objective …) that contains or is at `path`."""
    names: list[str] = []
    node = data
    for index, part in enumerate(path):
        node = node[part] if _has(node, part) else None
        if isinstance(part, int) and index > 0 and path[index - 1] in _SINGULAR:
            noun = _SINGULAR[str(path[index - 1])]
            ident = node.get("id") if isinstance(node, dict) else None
            if isinstance(ident, (str, int)) and not isinstance(ident, bool):
                names.append(f"{noun} '{ident}'")
            else:
                names.append(f"{noun} {part + 1}")
        elif isinstance(part, str) and part == "emotions":
            names.append("emotions")
    return " in ".join(reversed(names)) if names else whole


def _at_top(owner: str, whole: str) -> str:
    return f"the top level of {whole}" if owner == whole else owner


def _has(node: Any, part: str | int) -> bool:
    if isinstance(part, int):
        return isinstance(node, list) and 0 <= part < len(node)
    return isinstance(node, dict) and part in node


def _get(data: Any, path: Path) -> Any:
    node = data
    for part in path:
        if not _has(node, part):
            return None
        node = node[part]
    return node


def _allowed_keys(path: Path, model: type[BaseModel]) -> list[str]:
    """The keys a mapping at `path` may have, from the model that reads it
    (`model` reads the whole file)."""
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        found = _model_in(field.annotation) if field is not None else None
        if found is None:
            return sorted(model.model_fields)
        model = found
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"`{str(value).lower()}` (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number `{_show(value)}`"
    if isinstance(value, str):
        return f'the text "{shorten(value)}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "this value"


def _show(value: Any) -> str:
    """A value as the author wrote it: `true`, `1.0`, `"1"` for text that looks like a number."""
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "null"
    if isinstance(value, str) and value != "" and _looks_plain(value):
        return shorten(value)
    if isinstance(value, str):
        return f'"{shorten(value)}"'
    return shorten(str(value))


def _looks_plain(text: str) -> bool:
    """Would this text read back as text if written without quotes?"""
    return isinstance(resolve_plain(text), str)




def _slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "my-id"
