"""Configuration: `cjmap.toml`, `.cjmap.toml` or `[tool.cjmap]` in
`pyproject.toml`, found from each journey's folder upwards.

The closest configuration to a journey wins; the search stops at the
repository root (the folder holding `.git`). `--config FILE` names one for
every journey, and `--isolated` ignores them all. Unknown keys and codes are
usage errors that name the closest valid one, so a typo never passes
silently.

```toml
select = ["CJ101", "CJ102"]        # run only these quality rules
ignore = ["CJ113"]                 # never run these
fail-on = "warning"                # error (default), warning or info
language = "es"                    # reports' language when a journey sets none
exclude = ["drafts/**"]            # skipped when searching folders
respect-gitignore = true           # skip what git ignores (default)

[severity]                         # re-grade a rule, or switch it "off"
CJ105 = "error"
CJ111 = "off"

[per-file-ignores]                 # globs, relative to this file's folder
"legacy/**" = ["CJ103", "CJ104"]

[limits]                           # bounds for hostile or runaway files
file-size = 10485760               # bytes (10 MiB)
nesting-depth = 64                 # levels of nested lists and mappings
alias-values = 10000               # values that YAML aliases may repeat in all
findings-per-file = 100            # printed by the text report (0: all)
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from cjmap.codes import STRUCTURAL
from cjmap.errors import UsageError
from cjmap.findings import Severity
from cjmap.limits import DEFAULT_LIMITS, Limits
from cjmap.suggest import did_you_mean

CONFIG_NAMES = ("cjmap.toml", ".cjmap.toml", "pyproject.toml")
KEYS = ("select", "ignore", "fail-on", "language", "exclude", "respect-gitignore", "severity",
        "per-file-ignores", "limits")
# [limits] key → (Limits field, what it counts); findings-per-file is for the text report.
LIMIT_KEYS = {
    "file-size": ("max_file_bytes", "bytes"),
    "nesting-depth": ("max_depth", "levels"),
    "alias-values": ("max_alias_nodes", "values"),
    "findings-per-file": ("findings_per_file", "findings (0: all)"),
}
FINDINGS_PER_FILE = 100
LEVELS = ("error", "warning", "info", "off")
LANGUAGES = ("en", "es", "ca")


@dataclass(frozen=True, slots=True)
class Config:
    """One configuration file's settings; `folder` anchors its globs."""

    source: str | None = None
    folder: Path = Path(".")
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    fail_on: Severity | None = None
    language: str | None = None
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    limits: Limits = DEFAULT_LIMITS
    findings_per_file: int = FINDINGS_PER_FILE

    def ignored_for(self, journey: str) -> frozenset[str]:
        """The codes `per-file-ignores` silences for this journey file."""
        relative = _relative(journey, self.folder)
        codes: set[str] = set()
        for pattern, ignored in self.per_file_ignores:
            if glob_matches(pattern, relative):
                codes |= ignored
        return frozenset(codes)

    def excludes(self, journey: str) -> bool:
        relative = _relative(journey, self.folder)
        return any(glob_matches(pattern, relative) for pattern in self.exclude)


NO_CONFIG = Config()


def load(path: str | Path) -> Config:
    """Read and check one configuration file; problems are usage errors."""
    import tomllib

    path = Path(path)
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except OSError as err:
        raise UsageError(f"cannot read the configuration {path}: {(err.strerror or str(err)).lower()}") from err
    except tomllib.TOMLDecodeError as err:
        raise UsageError(f"the configuration {path} is not valid TOML: {err}",
                         hint="check quotes, brackets and `=` signs") from err
    table = document
    where = str(path)
    if path.name == "pyproject.toml":
        table = document.get("tool", {}).get("cjmap")
        where = f"{path} [tool.cjmap]"
        if table is None:
            raise UsageError(f"{path} has no [tool.cjmap] table",
                             hint="add one, or name a cjmap.toml with --config")
    return _parse(table, where, path.parent)


def language_for(journey: Any, path: str, explicit: str | None) -> str:
    """The language of a picture or report: `--lang`, else the journey's own
    `language:`, else the configuration's `language`, else English."""
    if explicit:
        return explicit
    if "language" in journey.model_fields_set:
        return str(journey.language)
    return discover(path).language or str(journey.language)


def forget() -> None:
    """Forget the configurations read so far (each run reads them afresh)."""
    _closest.cache_clear()


def discover(journey: str) -> Config:
    """The configuration closest to a journey, or the defaults."""
    if journey == "-":
        return _closest(Path.cwd().resolve())
    return _closest(Path(journey).resolve().parent)


@lru_cache(maxsize=256)
def _closest(folder: Path) -> Config:
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_cjmap_table(path)):
                return load(path)
        if (candidate / ".git").exists():
            break  # the repository root: configurations above it belong to others
    return NO_CONFIG


def _has_cjmap_table(path: Path) -> bool:
    import tomllib

    try:
        with path.open("rb") as handle:
            return "cjmap" in tomllib.load(handle).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError):
        return False


def _parse(table: dict[str, Any], where: str, folder: Path) -> Config:
    for key in table:
        if key not in KEYS:
            raise UsageError(f"{where}: unknown key `{key}`{did_you_mean(key, KEYS)}",
                             hint="valid keys: " + ", ".join(KEYS))
    values: dict[str, Any] = {"source": where, "folder": folder}
    if "select" in table:
        values["select"] = _codes(table["select"], where, "select")
    if "ignore" in table:
        values["ignore"] = _codes(table["ignore"], where, "ignore")
    if "fail-on" in table:
        values["fail_on"] = Severity(_choice(table["fail-on"], ("error", "warning", "info"), where, "fail-on"))
    if "language" in table:
        values["language"] = _choice(table["language"], LANGUAGES, where, "language")
    if "exclude" in table:
        values["exclude"] = tuple(_strings(table["exclude"], where, "exclude"))
    if "respect-gitignore" in table:
        if not isinstance(table["respect-gitignore"], bool):
            raise UsageError(f"{where}: `respect-gitignore` must be true or false")
        values["respect_gitignore"] = table["respect-gitignore"]
    if "severity" in table:
        levels = _table(table["severity"], where, "severity")
        _codes(list(levels), where, "severity")
        values["severity"] = {
            code.upper(): _choice(level, LEVELS, where, f"severity.{code}") for code, level in levels.items()
        }
    if "limits" in table:
        limits = _table(table["limits"], where, "limits")
        chosen: dict[str, int] = {}
        for key, value in limits.items():
            if key not in LIMIT_KEYS:
                raise UsageError(f"{where}: unknown key `limits.{key}`{did_you_mean(key, LIMIT_KEYS)}",
                                 hint="valid keys: " + ", ".join(LIMIT_KEYS))
            minimum = 0 if key == "findings-per-file" else 1
            if type(value) is not int or value < minimum:
                raise UsageError(f"{where}: `limits.{key}` must be a whole number of "
                                 f"{LIMIT_KEYS[key][1]}, at least {minimum}")
            chosen[LIMIT_KEYS[key][0]] = value
        values["findings_per_file"] = chosen.pop("findings_per_file", FINDINGS_PER_FILE)
        values["limits"] = replace(DEFAULT_LIMITS, **chosen)
    if "per-file-ignores" in table:
        globs = _table(table["per-file-ignores"], where, "per-file-ignores")
        values["per_file_ignores"] = tuple(
            (pattern, _codes(codes, where, f"per-file-ignores.{pattern}")) for pattern, codes in globs.items()
        )
    return Config(**values)


def check_codes(codes: list[str], where: str) -> frozenset[str]:
    """Quality-rule codes, upper-cased; unknown or structural ones are usage errors."""
    from cjmap.rules import RULES

    found = set()
    for code in (c.strip().upper() for c in codes):
        if code in STRUCTURAL:
            raise UsageError(f"{where}: {code} is a structural check (CJ001–CJ006), which always runs",
                             hint="select, ignore or re-grade quality rules only (CJ101 and up)")
        if code not in RULES:
            raise UsageError(f"{where}: `{code}` is not a cjmap code{did_you_mean(code, RULES)}",
                             hint="`cjmap rules` lists every code")
        found.add(code)
    return frozenset(found)


def _codes(value: Any, where: str, key: str) -> frozenset[str]:
    return check_codes(_strings(value, where, key), f"{where}: `{key}`")


def _strings(value: Any, where: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where}: `{key}` must be a list of texts, like [\"CJ101\", \"CJ102\"]")
    return value


def _table(value: Any, where: str, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UsageError(f"{where}: `{key}` must be a table, like [{key}]")
    return value


def _choice(value: Any, choices: tuple[str, ...], where: str, key: str) -> str:
    if value not in choices:
        raise UsageError(
            f"{where}: `{key}` is `{value}`, which is not one of {', '.join(choices)}"
            f"{did_you_mean(str(value), choices)}"
        )
    return str(value)


def _relative(journey: str, folder: Path) -> str:
    path = Path(journey).resolve()
    try:
        return path.relative_to(folder.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def glob_matches(pattern: str, relative: str) -> bool:
    """`*` stays within a folder, `**` crosses folders; a pattern without `/`
    matches a file name in any folder, as in `.gitignore`."""
    if "/" not in pattern.rstrip("/"):
        return bool(_glob_regex(pattern).fullmatch(relative.rsplit("/", 1)[-1])) or bool(
            _glob_regex(pattern).fullmatch(relative)
        )
    return bool(_glob_regex(pattern.lstrip("/")).fullmatch(relative))
