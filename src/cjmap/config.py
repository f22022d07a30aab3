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

[report]                           # what `cjmap report` calls out
evidence-max-age = 12              # months; a stage's newest feedback older than this is flagged
```
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from cjmap.choices import LANGUAGES, LEVELS
from cjmap.codes import STRUCTURAL
from cjmap.errors import UsageError
from cjmap.files import NotReadable, read_bounded
from cjmap.findings import Severity
from cjmap.limits import DEFAULT_LIMITS, MAX_CONFIG_BYTES, MAX_LIMITS, Limits
from cjmap.loader import decode
from cjmap.suggest import did_you_mean

CONFIG_NAMES = ("cjmap.toml", ".cjmap.toml", "pyproject.toml")
KEYS = ("select", "ignore", "fail-on", "language", "exclude", "respect-gitignore", "severity",
        "per-file-ignores", "limits", "report")
# [limits] key → (Limits field, what it counts); findings-per-file is for the text report.
LIMIT_KEYS = {
    "file-size": ("max_file_bytes", "bytes"),
    "nesting-depth": ("max_depth", "levels"),
    "alias-values": ("max_alias_nodes", "values"),
    "findings-per-file": ("findings_per_file", "findings (0: all)"),
}
FINDINGS_PER_FILE = 100
EVIDENCE_MAX_AGE = 12  # months: feedback up to a year old still describes the customer
# [report] key → (what its whole number counts, the least it may be, its default).
REPORT_KEYS = {"evidence-max-age": ("months", 1, EVIDENCE_MAX_AGE)}


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
    evidence_max_age: int = EVIDENCE_MAX_AGE

    def ignored_for(self, journey: str) -> frozenset[str]:
        """The codes `per-file-ignores` silences for this journey file."""
        if not self.per_file_ignores:
            return frozenset()  # without following the file's links
        relative = _relative(journey, self.folder)
        codes: set[str] = set()
        for pattern, ignored in self.per_file_ignores:
            if glob_matches(pattern, relative):
                codes |= ignored
        return frozenset(codes)

    def excludes(self, journey: str) -> bool:
        if not self.exclude:
            return False
        relative = _relative(journey, self.folder)
        return any(glob_matches(pattern, relative) for pattern in self.exclude)


NO_CONFIG = Config()


def load(path: str | Path) -> Config:
    """Read and check one configuration file; problems are usage errors."""
    path = Path(path)
    return _from_document(path, _read_toml(path))


def _from_document(path: Path, document: dict[str, Any]) -> Config:
    table = document
    where = str(path)
    if path.name == "pyproject.toml":
        found = _tool_table(path, document)
        where = f"{path} [tool.cjmap]"
        if found is None:
            raise UsageError(f"{path} has no [tool.cjmap] table",
                             hint="add one, or name a cjmap.toml with --config")
        table = found
    return _parse(table, where, path.parent)


def _read_toml(path: Path) -> dict[str, Any]:
    """A configuration file's TOML document. Whatever stops it from being
    read is a usage error naming the file, and the line where TOML gives one."""
    import tomllib

    try:
        raw = read_bounded(path, MAX_CONFIG_BYTES)
    except NotReadable as err:
        raise UsageError(f"cannot read the configuration {path}: {err.strerror}",
                         hint="a configuration is a small TOML file: cjmap.toml, .cjmap.toml or "
                              "pyproject.toml") from err
    text, problem = decode(raw)
    if problem is not None:
        raise UsageError(f"{path}:{problem.line}:{problem.column}: cannot read the configuration: "
                         f"{problem.message}", hint=problem.hint)
    assert text is not None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line, column, reason = _toml_error(str(err), text)
        raise UsageError(f"{path}:{line}:{column}: the configuration is not valid TOML: {reason}",
                         hint="check quotes, brackets and `=` signs") from err
    except RecursionError as err:
        raise UsageError(f"{path}: the configuration is nested too deeply to be read",
                         hint="a configuration needs only a few levels; check for runaway brackets") from err
    except ValueError as err:  # an integer longer than Python converts
        line, column = _long_number(text)
        raise UsageError(f"{path}:{line}:{column}: the configuration holds a number too long to be read",
                         hint="no setting needs a number with thousands of digits; write a smaller one") from err


_TOML_AT = re.compile(r"(.*) \(at line (\d+), column (\d+)\)", re.DOTALL)
_LONG_DIGITS = re.compile(r"[0-9A-Fa-f_]{4000,}")


def _toml_error(message: str, text: str) -> tuple[int, int, str]:
    """Line, column and reason of a TOMLDecodeError, which says them in its
    message: "Invalid value (at line 2, column 9)", or "(at end of document)"."""
    found = _TOML_AT.fullmatch(message)
    if found:
        reason, line, column = found.group(1), int(found.group(2)), int(found.group(3))
    else:
        reason = message.removesuffix(" (at end of document)")
        line = text.count("\n") + 1
        column = len(text) - text.rfind("\n")
    return line, column, reason[:1].lower() + reason[1:]


def _long_number(text: str) -> tuple[int, int]:
    found = _LONG_DIGITS.search(text)
    start = found.start() if found else 0
    return text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)


def forget() -> None:
    """Forget the configurations read so far (each run reads them afresh)."""
    closest.cache_clear()
    discover.cache_clear()
    _resolved.cache_clear()


# A run asks for the configuration of each journey several times (to search,
# to exclude, to check): following the links of its path once is enough.
@lru_cache(maxsize=65536)
def discover(journey: str) -> Config:
    """The configuration closest to a journey, or the defaults."""
    if journey == "-":
        return closest(Path.cwd().resolve())
    return closest(_real(journey).parent)


@lru_cache(maxsize=256)
def closest(folder: Path) -> Config:
    """The configuration of the nearest folder from `folder` upwards that has
    one, stopping at the repository root; its folder is the workspace's root."""
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if not os.path.lexists(path):
                continue
            # There, but not readable, not TOML or not well formed: said, never skipped.
            document = _read_toml(path)
            if name != "pyproject.toml" or _tool_table(path, document) is not None:
                return _from_document(path, document)
        if (candidate / ".git").exists():
            break  # the repository root: configurations above it belong to others
    return NO_CONFIG


def _tool_table(path: Path, document: dict[str, Any]) -> dict[str, Any] | None:
    """pyproject.toml's [tool.cjmap], or None when it has none."""
    tool = document.get("tool")
    table = tool.get("cjmap") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise UsageError(f"{path}: `tool.cjmap` must be a table, like [tool.cjmap]")
    return table


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
        values["exclude"] = tuple(_strings(table["exclude"], where, "exclude", like=PATTERNS_EXAMPLE))
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
            maximum = getattr(MAX_LIMITS, LIMIT_KEYS[key][0], None)
            if maximum is not None and value > maximum:
                raise UsageError(f"{where}: `limits.{key}` is {value:,}, more than cjmap allows: at most "
                                 f"{maximum:,} {LIMIT_KEYS[key][1]}",
                                 hint=f"set `{key}` to {maximum:,} or less")
            chosen[LIMIT_KEYS[key][0]] = value
        values["findings_per_file"] = chosen.pop("findings_per_file", FINDINGS_PER_FILE)
        values["limits"] = replace(DEFAULT_LIMITS, **chosen)
    if "report" in table:
        values.update(_report(_table(table["report"], where, "report"), where))
    if "per-file-ignores" in table:
        globs = _table(table["per-file-ignores"], where, "per-file-ignores")
        values["per_file_ignores"] = tuple(
            (pattern, _codes(codes, where, f"per-file-ignores.{pattern}")) for pattern, codes in globs.items()
        )
    return Config(**values)


def _report(table: dict[str, Any], where: str) -> dict[str, int]:
    """The [report] table as Config values: whole numbers, each at least its least."""
    chosen: dict[str, int] = {}
    for key, value in table.items():
        if key not in REPORT_KEYS:
            raise UsageError(f"{where}: unknown key `report.{key}`{did_you_mean(key, REPORT_KEYS)}",
                             hint="valid keys: " + ", ".join(REPORT_KEYS))
        unit, minimum, default = REPORT_KEYS[key]
        if type(value) is not int or value < minimum:  # bool is an int to Python, not here
            raise UsageError(f"{where}: `report.{key}` is `{_show(value)}`; it must be a whole number of "
                             f"{unit}, at least {minimum}",
                             hint=f"for example `{key} = {default}` under [report]")
        chosen[key.replace("-", "_")] = value
    return chosen


def check_codes(codes: list[str], where: str) -> frozenset[str]:
    """Quality-rule codes, upper-cased; unknown or structural ones are usage errors."""
    from cjmap.rules import RULES

    found = set()
    for code in (c.strip().upper() for c in codes):
        if code in STRUCTURAL:
            raise UsageError(f"{where}: {code} is a structural check (CJ001–CJ007), which always runs",
                             hint="select, ignore or re-grade quality rules only (CJ101 and up)")
        if code not in RULES:
            raise UsageError(f"{where}: `{code}` is not a cjmap code{did_you_mean(code, RULES)}",
                             hint="`cjmap rules` lists every code")
        found.add(code)
    return frozenset(found)


def _codes(value: Any, where: str, key: str) -> frozenset[str]:
    return check_codes(_strings(value, where, key), f"{where}: `{key}`")


CODES_EXAMPLE = '["CJ101", "CJ102"]'
PATTERNS_EXAMPLE = '["drafts/**", "*.old.journey.yaml"]'


def _strings(value: Any, where: str, key: str, *, like: str = CODES_EXAMPLE) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where}: `{key}` must be a list of texts, like {like}")
    return value


def _table(value: Any, where: str, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UsageError(f"{where}: `{key}` must be a table, like [{key}]")
    return value


def _choice(value: Any, choices: tuple[str, ...], where: str, key: str) -> str:
    if value not in choices:
        raise UsageError(
            f"{where}: `{key}` is `{_show(value)}`, which is not one of {', '.join(choices)}"
            f"{did_you_mean(str(value), choices)}"
        )
    return str(value)


def _show(value: Any) -> str:
    """A value as a message quotes it: on one line, and not too long."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(value))
    return text if len(text) <= 60 else text[:59] + "…"


def _real(journey: str) -> Path:
    """The journey's absolute path, links followed. Unlike Path.resolve(),
    os.path.realpath stops at a loop of links instead of raising: the file
    itself says it cannot be read."""
    return Path(os.path.realpath(journey))


def _relative(journey: str, folder: Path) -> str:
    path = _real(journey)
    try:
        return path.relative_to(_resolved(folder)).as_posix()
    except ValueError:
        return path.as_posix()


@lru_cache(maxsize=256)
def _resolved(folder: Path) -> Path:
    return folder.resolve()


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
