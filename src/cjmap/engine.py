"""Check one journey document: structure, references, rules, suppressions.

Per-file problems are data: this module never raises for a bad journey.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as PathOnDisk

from cjmap.catalogs import CatalogStore, Definitions, listed_catalogs, resolved, used_entries
from cjmap.codes import STRUCTURAL
from cjmap.files import Source
from cjmap.findings import FileResult, Finding, Problem, Severity
from cjmap.limits import DEFAULT_LIMITS, Limits
from cjmap.loader import Document, Positions, load_bytes
from cjmap.links import facts_of
from cjmap.references import check_references
from cjmap.rules import JOURNEY, RULES, WORKSPACE_CODES, Context, Issue, Rule
from cjmap.schema import check_schema
from cjmap.suppressions import Suppression, find_suppressions

UNUSED_SUPPRESSION = "CJ116"


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """Which rules run and how severe their findings are."""

    select: frozenset[str] | None = None  # None: every rule
    ignore: frozenset[str] = frozenset()
    severities: dict[str, Severity] = field(default_factory=dict)
    limits: Limits = DEFAULT_LIMITS

    def enables(self, code: str) -> bool:
        return (self.select is None or code in self.select) and code not in self.ignore

    def enabled_rules(self) -> list[Rule]:
        """The rules that judge one journey at a time (not the workspace's)."""
        return [rule for code, rule in RULES.items() if rule.scope == JOURNEY and self.enables(code)]


def check_source(source: Source, options: CheckOptions, catalogs: CatalogStore | None = None) -> FileResult:
    """Read and check one journey; a file that cannot be read is a CJ001 finding.
    The catalogs it lists come from `catalogs`, the run's store, read once."""
    try:
        raw = source.read(options.limits.max_file_bytes)
    except OSError as err:
        return FileResult(file=source.name, findings=[unreadable(source.name, err)])
    # Standard input's catalogs are found from the folder of --stdin-filename,
    # else the current one (the parent of `<stdin>` is `.`).
    folder = PathOnDisk(source.stands_for).parent
    return check_bytes(source.name, raw, options, folder=folder, catalogs=catalogs)


def has_structure_errors(result: FileResult) -> bool:
    """Whether a journey's structure is broken (CJ001–CJ007): what no command
    can draw, report or format, whatever the quality rules say."""
    # Two of its catalogs defining one id break the journey too, though the
    # finding is in the later catalog.
    return any(finding.code in STRUCTURAL for finding in (*result.findings, *result.elsewhere))


def unreadable(file: str, err: OSError) -> Finding:
    """The CJ001 finding of a file that cannot be read at all."""
    reason = (err.strerror or str(err)).rstrip(".")
    return Finding(
        file, 1, 1, "CJ001", Severity.ERROR,
        f"cannot read the file: {reason[:1].lower()}{reason[1:]}",
        "check that the file exists, is a journey file, and that you may read it",
    )


def not_checked(file: str, *, died: bool) -> Finding:
    """The CJ001 finding of a file whose check ran out of memory, or whose
    process was stopped (the system stops one that takes too much memory)."""
    reason = "the process checking it stopped (out of memory?)" if died else "it needs more memory than there is"
    return Finding(
        file, 1, 1, "CJ001", Severity.ERROR,
        f"cannot check the file: {reason}",
        "check it alone (`cjmap validate FILE`); if that stops too, the journey is too big for this "
        "machine's memory: split it into several files",
    )


def check_bytes(
    file: str, raw: bytes, options: CheckOptions, *,
    folder: PathOnDisk = PathOnDisk("."), catalogs: CatalogStore | None = None,
) -> FileResult:
    doc = load_bytes(raw, limits=options.limits)
    return check_document(file, doc, options, folder=folder, catalogs=catalogs)


def check_document(
    file: str, doc: Document, options: CheckOptions, *,
    folder: PathOnDisk = PathOnDisk("."), catalogs: CatalogStore | None = None,
) -> FileResult:
    """Check one journey document. Its catalog paths start from `folder`;
    `catalogs` is the run's store (without one, they are read for this
    journey alone)."""
    result = FileResult(file=file, source=doc.source)
    structural = list(doc.problems)
    journey = None
    definitions = Definitions()
    refusals: list[Problem] = []  # CJ007: catalogs the journey cannot use
    if doc.parsed:
        journey, schema_problems = check_schema(doc)
        structural.extend(schema_problems)
        if journey is not None:
            if journey.catalogs:
                store = catalogs if catalogs is not None else CatalogStore(options.limits)
                definitions, refusals = listed_catalogs(journey, doc.positions, folder, store)
                structural.extend(refusals)
            structural.extend(check_references(journey, doc.data, doc.positions, definitions,
                                               dangling=not refusals))
    findings = [as_finding(file, p, Severity.ERROR) for p in structural]
    whole = None
    if journey is not None:
        whole = resolved(journey, definitions)
        suppressions = find_suppressions(doc.source)
        if not refusals:
            # Without a catalog it lists, a journey cannot be judged. The rules
            # see what the journey uses from its catalogs (a catalog touchpoint's
            # channel counts in the channel mix), but judge only what the journey
            # defines: an issue about a catalog's entry is the catalog's.
            own = {key: len(getattr(journey, key)) for key in ("touchpoints", "segments", "teams")}
            findings.extend(_lint(file, whole, doc, options, own, suppressions))
        result.facts = facts_of(
            journey, doc.data, doc.positions, uses=used_entries(journey, whole, definitions),
            suppressions=tuple(s for s in suppressions if WORKSPACE_CODES.intersection(s.codes)),
            excerpt=result.excerpt,
        )
    result.findings = sorted(findings, key=Finding.sort_key)
    result.journey = whole
    result.catalogs = definitions.read
    result.elsewhere = definitions.elsewhere
    return result


def _lint(
    file: str, journey: object, doc: Document, options: CheckOptions, own: dict[str, int],
    suppressions: list[Suppression],
) -> list[Finding]:
    context = Context(journey=journey)  # type: ignore[arg-type]
    rules = options.enabled_rules()
    findings = [
        as_finding(file, _locate(issue, doc.positions, rule.code), _severity(rule, options))
        for rule in rules
        if rule.code != UNUSED_SUPPRESSION
        for issue in rule.check(context)
        if not _about_a_catalog_entry(issue, own)
    ]
    if suppressions:
        silencer = _Silencer(suppressions)
        findings = [f for f in findings if not silencer.silences(f)]
    unused_rule = RULES.get(UNUSED_SUPPRESSION)
    if unused_rule is not None and unused_rule in rules:
        enabled = {rule.code for rule in rules}
        context.suppressions = [_judged(s, enabled) for s in suppressions]
        findings.extend(
            as_finding(file, _locate(issue, doc.positions, unused_rule.code), _severity(unused_rule, options))
            for issue in unused_rule.check(context)
        )
    return findings


def _about_a_catalog_entry(issue: Issue, own: dict[str, int]) -> bool:
    path = issue.path
    return len(path) >= 2 and path[0] in own and isinstance(path[1], int) and path[1] >= own[path[0]]


def _judged(suppression: Suppression, enabled: set[str]) -> Suppression:
    """Count a code as used when its rule did not run: silence is not proof.
    A workspace rule runs after this file's check, so its codes count too."""
    for code in suppression.codes:
        if code in RULES and code not in enabled:
            suppression.used.add(code)
    return suppression


class _Silencer:
    """Which suppression silences a finding: the first, in the file's order,
    that covers its code and line; that one counts as used.

    The suppressions are looked up by line and by code, not tried one by one:
    a file with a comment on every line and a finding on every line would be
    quadratic.
    """

    def __init__(self, suppressions: list[Suppression]) -> None:
        self.by_line: dict[int, list[tuple[int, Suppression]]] = {}
        self.whole_file: dict[str, tuple[int, Suppression]] = {}
        for order, suppression in enumerate(suppressions):
            if suppression.whole_file:
                for code in suppression.codes:
                    self.whole_file.setdefault(code, (order, suppression))
                continue
            lines = (suppression.line, suppression.line + 1) if suppression.alone else (suppression.line,)
            for line in lines:
                self.by_line.setdefault(line, []).append((order, suppression))

    def silences(self, finding: Finding) -> bool:
        candidates = [
            (order, suppression)
            for order, suppression in self.by_line.get(finding.line, ())
            if suppression.covers(finding.code, finding.line)
        ]
        if finding.code in self.whole_file:
            candidates.append(self.whole_file[finding.code])
        if not candidates:
            return False
        _, first = min(candidates, key=lambda candidate: candidate[0])
        first.used.add(finding.code)
        return True


def _locate(issue: Issue, positions: Positions, code: str) -> Problem:
    if issue.position is not None:
        line, column = issue.position
    elif issue.at_key:
        line, column = positions.key(issue.path)
    else:
        line, column = positions.value(issue.path)
    return Problem(code, line, column, issue.message, issue.hint)


def _severity(rule: Rule, options: CheckOptions) -> Severity:
    return options.severities.get(rule.code, rule.severity)


def as_finding(file: str, problem: Problem, severity: Severity) -> Finding:
    return Finding(
        file=file,
        line=problem.line,
        column=problem.column,
        code=problem.code,
        severity=severity,
        message=problem.message,
        hint=problem.hint,
    )
