"""Settings: from the configuration files and the command line to what a run
does with each journey — which files it reads, which rules run, how severe
their findings are, what fails the run.

Every command (validate, render, report, fmt, diff) finds its journeys and
turns settings into check options here, through `Settings.for_file`, so that
a rule a team switched off in `cjmap.toml` is off for every command alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cjmap import config as configuration
from cjmap import workspace
from cjmap.config import Config, check_codes
from cjmap.engine import CheckOptions
from cjmap.errors import UsageError
from cjmap.files import STDIN, Source, discover, git_ignored
from cjmap.findings import FileResult, Severity
from cjmap.limits import Limits
from cjmap.model import Journey


def codes_given(values: list[str] | None, option: str) -> frozenset[str] | None:
    """`--select CJ101,CJ102 --select CJ105` as rule codes, checked as the
    configuration's are; None when the option is not given."""
    if not values:
        return None
    return check_codes([part for value in values for part in value.split(",") if part.strip()], option)


def date_given(value: str | None, option: str) -> date | None:
    """`--date 2026-03-31` as a date; None when the option is not given."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {value} is not a date", hint="write it as YYYY-MM-DD") from None


@dataclass(frozen=True, slots=True)
class Overrides:
    """What the command line says over the configuration files."""

    select: frozenset[str] | None = None  # None: the configuration's
    ignore: frozenset[str] | None = None
    fail_on: Severity | None = None  # None: the configuration's, else error
    config_file: str | None = None  # --config: this file for every journey
    isolated: bool = False  # --isolated: no configuration at all


@dataclass(frozen=True, slots=True)
class FileSettings:
    """Everything a run needs to know to handle one journey."""

    config: Config
    options: CheckOptions
    fail_on: Severity

    def language(self, journey: Journey, explicit: str | None) -> str:
        """The language of a picture or report: `--lang`, else the journey's
        own `language:`, else the configuration's `language`, else English."""
        if explicit:
            return explicit
        if "language" in journey.model_fields_set:
            return str(journey.language)
        return self.config.language or str(journey.language)

    def fails(self, result: FileResult) -> bool:
        """Whether the file has a finding at or above the fail level."""
        return any(finding.severity.rank >= self.fail_on.rank for finding in result.findings)


class Settings:
    """The settings of one run. Configurations are read afresh for each run."""

    def __init__(self, overrides: Overrides | None = None) -> None:
        self.overrides = overrides or Overrides()
        workspace.forget()  # configurations and the workspace roots they mark
        self._fixed: Config | None = None
        self._files: dict[str, FileSettings] = {}
        if self.overrides.isolated:
            self._fixed = configuration.NO_CONFIG
        elif self.overrides.config_file:
            self._fixed = configuration.load(self.overrides.config_file)

    def config_for(self, path: str) -> Config:
        return self._fixed or configuration.discover(path)

    def journeys(
        self, paths: list[str], *, stdin_name: str = "<stdin>", notes: list[str] | None = None,
        catalogs: bool = False, one_workspace: bool = False,
    ) -> list[Source]:
        """The journeys of a run (and its catalogs, with `catalogs`): files
        named on the command line always, files found in folders unless the
        configuration excludes them or git ignores them."""
        sources = discover(paths, stdin_name=stdin_name, notes=notes, catalogs=catalogs, one_workspace=one_workspace)
        searched = [s for s in sources if s.found_in_folder]
        ignored = git_ignored([s.path for s in searched if self.config_for(s.path).respect_gitignore])
        return [
            source
            for source in sources
            if not source.found_in_folder
            or (source.path not in ignored and not self.config_for(source.path).excludes(source.path))
        ]

    def for_file(self, path: str) -> FileSettings:
        """The one way a journey's configuration and the command line become
        its check options and fail level (worked out once per file and run:
        a run asks for them to search, to check and to judge)."""
        known = self._files.get(path)
        if known is None:
            known = self._files[path] = self._settings_of(path)
        return known

    def limits_for(self, path: str) -> Limits:
        """The reading limits of a file (a catalog is read with its own)."""
        return self.for_file(path).options.limits

    def _settings_of(self, path: str) -> FileSettings:
        cfg = self.config_for(path)
        overrides = self.overrides
        ignore = set(overrides.ignore if overrides.ignore is not None else cfg.ignore)
        ignore |= {code for code, level in cfg.severity.items() if level == "off"}
        if path != STDIN:
            ignore |= cfg.ignored_for(path)
        options = CheckOptions(
            limits=cfg.limits,
            select=overrides.select if overrides.select is not None else cfg.select,
            ignore=frozenset(ignore),
            severities={code: Severity(level) for code, level in cfg.severity.items() if level != "off"},
        )
        return FileSettings(cfg, options, overrides.fail_on or cfg.fail_on or Severity.ERROR)
