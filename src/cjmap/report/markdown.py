"""The report as GitHub-flavoured Markdown that reads well raw and rendered.

Journey text is data: it reaches the document only through Markdown's one
escaping function, `gfm.escape` (and `gfm.code`, `gfm.target` for code spans
and link targets), shared with `cjmap diff`'s pull-request comment.
The HTML report is this same document rendered, so `Style` lets it ask for
status badges and inline pictures where Markdown has plain words and links.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from cjmap.findings import Severity
from cjmap.gfm import cell, code, escape, table, target
from cjmap.i18n import Translate, count_of_findings, duration
from cjmap.model import ACTION_LANES, Item, Objective, Stage
from cjmap.navigate import persona_list
from cjmap.render.map_view import MOMENT_MARK, stage_time, step_times  # the map's mark and words
from cjmap.report.channels import ChannelRow
from cjmap.report.data import Blueprint, Moment, ObjectiveRow, Report, StageTime
from cjmap.report.evidence import STALE, UNDATED, StageEvidence
from cjmap.report.formatting import Formatter
from cjmap.report.funnel import FunnelStage, emotion_score
from cjmap.report.status import PRESSING, STATUSES
from cjmap.shorten import shorten

CIRCLED = "①②③④⑤⑥⑦⑧⑨"
# The line of a service blueprint drawn above each lane of actions: where the
# customer's side ends, what they cannot see, what the staff do not touch.
LINE_ABOVE = {"frontstage": "line.interaction", "backstage": "line.visibility", "support": "line.internal"}


@dataclass(frozen=True, slots=True)
class Pictures:
    """Where the pictures are: file names to link (Markdown) or markers that
    the HTML report replaces with the pictures themselves."""

    journey_map: str | None
    emotion_curve: str | None
    funnel: str | None = None  # with `--funnel`
    trends: dict[str, str] = field(default_factory=dict)  # objective id → its trend line


@dataclass(frozen=True, slots=True)
class Style:
    badges: bool = False  # statuses as <span class="status …"> (HTML report)


SEVERITIES = ("high", "medium", "low")  # pain points, worst first
FINDING_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)  # the health's columns, worst first
# Which way an objective's last value moved; its trend says whether that is good.
TREND_ARROWS = {"up": "↗", "down": "↘", "level": "→"}
SUMMARY_LIST = 3  # items of a list in the summary, before "and N more"
SUMMARY_STATEMENT = 60  # characters of an objective's statement in the summary
TEAM_CELL_STATEMENT = 40  # characters of an objective's statement in a cell of team alignment


def status_words(status: str, t: Translate, style: Style) -> str:
    """An objective's status in words, or as a badge in the HTML report."""
    words = t(f"objective.{status}")
    if style.badges:
        return f'<span class="status {status}">{words}</span>'
    return words


def moment_words(moment: Moment, t: Translate) -> str:
    """A moment of the emotion curve: its stage, its step and its score."""
    where = f"{moment.stage_number}. {escape(moment.stage.name)}"
    score = f"{moment.score:+d} ({t(f'score.{moment.score}')})"
    if moment.step_number is None:
        return f"**{where}** — {score}"
    return f"**{where}**, {moment.step_number}: {escape(moment.text)} — {score}"


# --- the document -----------------------------------------------------------


def render(report: Report, t: Translate, pictures: Pictures, style: Style = Style()) -> str:
    doc = _Document(report, t, Formatter(t), pictures, style)
    return doc.build()


class Document(ABC):
    """A Markdown document written section by section, line by line: the
    report's, and the portfolio's (`cjmap.report.portfolio`)."""

    def __init__(self, t: Translate, fmt: Formatter, style: Style) -> None:
        self.t = t
        self.fmt = fmt
        self.style = style
        self.out: list[str] = []
        self.headings: list[tuple[int, str, str]] = []  # (level, words, anchor) of anchored headings
        self._contents_at: int | None = None  # where the table of contents goes, once the headings are known

    @abstractmethod
    def sections(self) -> tuple[Callable[[], None], ...]:
        """The methods that write each section, in the document's order."""

    def build(self) -> str:
        for section in self.sections():
            section()
        if self._contents_at is not None:
            lines = self._contents_lines()
            self.out[self._contents_at:self._contents_at] = lines  # the next heading brings its blank line
        return "\n".join(self.out).rstrip() + "\n"

    def _contents(self) -> None:
        """The table of contents: written last, where this section stands, from
        the anchored headings of the sections that have something to say."""
        self._contents_at = len(self.out)

    def _contents_lines(self) -> list[str]:
        sections = [(words, anchor) for level, words, anchor in self.headings if level == 2]
        if not sections:
            return []
        # A heading of its own (not listed in itself), after a blank line.
        lines = ["", f'## <a id="contents"></a>{self.t("report.contents")}', ""]
        for number, (words, anchor) in enumerate(sections, start=1):
            lines.append(f"{number}. [{words}](#{anchor})")
            subsections = self._subsections(anchor)
            if subsections:
                lines.append("   " + " · ".join(f"[{words}](#{sub})" for words, sub in subsections))
        return lines

    def _subsections(self, anchor: str) -> list[tuple[str, str]]:
        """The anchored level-3 headings under the level-2 heading `anchor`."""
        found: list[tuple[str, str]] = []
        inside = False
        for level, words, sub in self.headings:
            if level == 2:
                inside = sub == anchor
            elif inside and level == 3:
                found.append((words, sub))
        return found

    def _add(self, *lines: str) -> None:
        self.out.extend(lines)

    def _count(self, key: str, number: int) -> str:
        """`1 month`, `2 recorridos`: the number with the form of the word `key`
        (`key.one`, `key.other` in the catalog) that goes with it."""
        return self.t(f"{key}.one" if number == 1 else f"{key}.other", n=self.fmt.number(number))

    def _heading(self, level: int, words: str, anchor: str | None = None) -> None:
        """A heading; `anchor` is its id, made of ids and fixed words only, so
        that it is the same in every run and language and links can land on it."""
        if self.out and self.out[-1] != "":
            self._add("")
        mark = ""
        if anchor:
            mark = f'<a id="{anchor}"></a>'
            self.headings.append((level, words, anchor))
        self._add("#" * level + " " + mark + words, "")


class _Document(Document):
    def __init__(self, report: Report, t: Translate, fmt: Formatter, pictures: Pictures, style: Style) -> None:
        super().__init__(t, fmt, style)
        self.report = report
        self.pictures = pictures

    def sections(self) -> tuple[Callable[[], None], ...]:
        # Most pressing first, for a reader with five minutes; the file's own
        # health, which matters to its authors, last.
        return (
            self._title, self._summary, self._contents, self._scoreboard, self._glance,
            self._funnel,
            self._channels,
            self._time,
            self._evidence,
            self._stages, self._teams, self._personas_segments, self._segment_gets, self._health,
        )

    # helpers
    def _team(self, team_id: str | None) -> str:
        name = self.report.team_name(team_id)
        return escape(name) if name else "—"

    def _quantity(self, value: float | None, unit: str | None) -> str:
        """A number with the objective's unit, which is journey text."""
        return escape(self.fmt.quantity(value, unit))

    def _status(self, status: str) -> str:
        return status_words(status, self.t, self.style)

    def _span(self, seconds: float) -> str:
        """A sum of durations, or — when there is nothing to add up."""
        return duration(self.t, seconds, total=True) if seconds else "—"

    # sections
    def _title(self) -> None:
        journey = self.report.journey
        self._add(f"# {escape(journey.title)}", "", f"*{self.t('report.subtitle')}*", "")
        if journey.description:
            self._add(escape(journey.description), "")
        facts = []
        if journey.owner:
            facts.append((self.t("report.owner"), self._team(journey.owner)))
        if journey.tags:
            facts.append((self.t("report.tags"), ", ".join(escape(tag) for tag in journey.tags)))
        if self.report.as_of and self.report.dated:
            facts.append((self.t("report.date"), self.fmt.date(self.report.as_of)))
        elif self.report.as_of:
            facts.append((self.t("report.as_of"), self.fmt.date(self.report.as_of)))
        facts.append((self.t("report.source"), code(self.report.source)))
        for label, value in facts:
            self._add(f"- **{label}:** {value}")
        if self.report.segment is not None:
            self._add("", "> " + self.t("report.segment_only", name=f"**{escape(self.report.segment.name)}**"))

    def _summary(self) -> None:
        """One printed page for a reader with five minutes: how the objectives
        are doing, where the customer hurts and drops out, what nobody owns and
        how sound the file is. Each entry is a link to its detail below, so
        every number in it is one click from where it comes from."""
        self._heading(2, self.t("summary.title"), anchor="summary")
        self._summary_objectives()
        self._summary_lowest()
        self._summary_pains()
        self._summary_drop()
        self._summary_evidence()
        self._summary_unowned()
        self._summary_health()

    def _summary_objectives(self) -> None:
        t, fmt, report = self.t, self.fmt, self.report
        counts = report.status_counts()
        if not counts:
            self._add(f"**{t('lane.objectives')}:** [{t('report.no_objectives')}](#objectives)")
            return
        by_status = " · ".join(
            f"[{fmt.number(counts[status])}](#objectives) {self._status(status)}"
            for status in STATUSES if status in counts
        )
        self._add(f"**{t('lane.objectives')}:** {by_status}")
        pressing = [row for status in PRESSING for row in report.objectives if row.status == status]
        if pressing:
            self._add("")
        for row in pressing:
            objective = row.objective
            measured = self._quantity(row.actual.value, objective.unit) if row.actual is not None else "—"
            words = t("summary.measured", actual=measured, target=self._quantity(objective.target, objective.unit))
            statement = escape(shorten(objective.statement, SUMMARY_STATEMENT))
            self._add(f"- {self._status(row.status)} "
                      f"[{statement} — {words} · {escape(row.stage.name)}](#objective-{objective.id})")

    def _summary_lowest(self) -> None:
        t = self.t
        self._add("", f"**{t('report.lowest')}**", "")
        if not self.report.lowest:
            self._add(t("report.no_lowest"))
        for number, moment in enumerate(self.report.lowest, start=1):
            where = f"{moment.stage_number}. {escape(moment.stage.name)}"
            if moment.step_number is not None:
                where += f", {moment.step_number}: {escape(moment.text)}"
            score = f"{moment.score:+d} ({t(f'score.{moment.score}')})"
            self._add(f"{number}. {CIRCLED[number - 1]} [{where} — {score}](#stage-{moment.stage.id})")

    def _summary_pains(self) -> None:
        t = self.t
        pains = [
            (number, stage, pain)
            for number, stage in enumerate(self.report.journey.stages, start=1)
            for pain in stage.pain_points if pain.severity == "high"
        ]
        self._add("", f"**{t('summary.high_pains')}** ([{self.fmt.number(len(pains))}](#stages))", "")
        if not pains:
            self._add(t("summary.no_high_pains"))
        for number, stage, pain in pains[:SUMMARY_LIST]:
            self._add(f"- [{number}. {escape(stage.name)}: {escape(pain.text)}](#stage-{stage.id})")
        self._more(len(pains), "stages")

    def _more(self, count: int, anchor: str) -> None:
        """`and 3 more`, after a list of the summary cut at SUMMARY_LIST."""
        if count > SUMMARY_LIST:
            self._add(f"- [{self.t('summary.more', n=self.fmt.number(count - SUMMARY_LIST))}](#{anchor})")

    def _summary_drop(self) -> None:
        funnel = self.report.funnel
        if funnel is None:
            return
        t, fmt = self.t, self.fmt
        biggest = funnel.biggest
        if biggest is None or biggest.customers is None or not biggest.drop:
            self._add("", f"**{t('funnel.biggest')}:** [{t('funnel.no_drop')}](#funnel)")
            return
        words = t(
            "funnel.biggest_text", stage=f"{biggest.number}. {escape(biggest.stage.name)}",
            lost=fmt.number(biggest.drop), customers=fmt.number(biggest.customers),
            share=fmt.share(biggest.drop / biggest.customers),
        )
        self._add("", f"**{t('funnel.biggest')}:** [{words.rstrip('.')}](#funnel)")

    def _summary_evidence(self) -> None:
        """The stages whose evidence is too old, missing or undated."""
        t, evidence = self.t, self.report.evidence
        if evidence.as_of is None:
            return
        flagged = evidence.flagged
        if not flagged:
            fresh = t("summary.evidence_fresh", limit=self._months(evidence.max_age))
            self._add("", f"**{t('evidence.title')}:** [{fresh}](#evidence)")
            return
        self._add("", f"**{t('evidence.title')}** ([{self.fmt.number(len(flagged))}](#evidence))", "")
        for found in flagged[:SUMMARY_LIST]:
            what = t(f"evidence.{found.flag}")
            if found.stale and found.age is not None:
                what += f", {self._age(found.age)}"
            self._add(f"- [{found.number}. {escape(found.stage.name)}: {what}](#evidence)")
        self._more(len(flagged), "evidence")

    def _summary_unowned(self) -> None:
        t, unowned = self.t, self.report.unowned
        if not unowned:
            self._add("", f"**{t('report.unowned')}:** [{t('summary.all_owned')}](#unowned)")
            return
        self._add("", f"**{t('report.unowned')}** ([{self.fmt.number(len(unowned))}](#unowned))", "")
        for item in unowned[:SUMMARY_LIST]:
            self._add(f"- [{self._unowned_kind(item.kind)}: {escape(shorten(item.name))}](#unowned)")
        self._more(len(unowned), "unowned")

    @staticmethod
    def _objective_link(objective: Objective, length: int = TEAM_CELL_STATEMENT) -> str:
        """An objective named by its statement, cut short, linked to its row of the scoreboard."""
        return f"[{escape(shorten(objective.statement, length))}](#objective-{objective.id})"

    def _unowned_kind(self, kind: str) -> str:
        return self.t(f"report.unowned.{kind}" if kind in ACTION_LANES else f"kind.{kind}")

    def _summary_health(self) -> None:
        t, health = self.t, self.report.health
        counts = ", ".join(
            count_of_findings(t, health.count(severity), severity.value) for severity in FINDING_SEVERITIES
        )
        filled = t("summary.completeness", share=self.fmt.share(health.completeness))
        self._add("", f"**{t('report.health')}:** [{counts}](#health) · [{filled}](#health)")

    def _personas_segments(self) -> None:
        journey = self.report.journey
        if not journey.personas and not journey.segments:
            return
        self._heading(2, self.t("report.personas_segments"), anchor="personas")
        if journey.personas:
            self._heading(3, self.t("report.personas"))
            for persona in persona_list(journey):
                line = f"- **{escape(persona.name)}**"
                if persona.description:
                    line += f" — {escape(persona.description)}"
                self._add(line)
                if persona.goals:
                    self._add(f"  - {self.t('report.goals')}: " + "; ".join(escape(g) for g in persona.goals))
                if persona.frustrations:
                    self._add(
                        f"  - {self.t('report.frustrations')}: "
                        + "; ".join(escape(f) for f in persona.frustrations)
                    )
        if journey.segments:
            self._heading(3, self.t("report.segments"))
            personas = {p.id: p.name for p in persona_list(journey)}
            for segment in journey.segments:
                line = f"- **{escape(segment.name)}**"
                if segment.criteria:
                    line += f" — {escape(segment.criteria)}"
                if segment.personas:
                    line += " (" + ", ".join(escape(personas.get(p, p)) for p in segment.personas) + ")"
                self._add(line)

    def _health(self) -> None:
        health = self.report.health
        self._heading(2, self.t("report.health"), anchor="health")
        self._add(*table(
            [self.t(f"findings.{s.value}").capitalize() for s in FINDING_SEVERITIES],
            [[str(health.count(s)) for s in FINDING_SEVERITIES]],
            align="rrr",
        ))
        self._add("")
        if not health.findings:
            self._add(self.t("report.no_findings"))
        for finding in health.findings:
            where = self.t("report.line", line=str(finding.line))
            self._add(f"- `{finding.code}` {self.t(f'finding.{finding.severity.value}')}, "
                      f"{where}: {escape(finding.message)}")
        self._heading(3, self.t("report.completeness"))
        rows = [
            [
                f"{number}. {cell(stage.stage.name)}",
                self.fmt.share(stage.score / 100),
                ", ".join(self.t(f"lane.{lane}") for lane in stage.filled) or "—",
                ", ".join(self.t(f"lane.{lane}") for lane in stage.missing) or "—",
            ]
            for number, stage in enumerate(health.stages, start=1)
        ]
        self._add(*table(
            [self.t("report.stage"), self.t("report.score"), self.t("report.filled"), self.t("report.missing")],
            rows, align="lrll",
        ))

    def _glance(self) -> None:
        self._heading(2, self.t("report.glance"), anchor="map")
        if self.pictures.journey_map:
            self._add(f"![{self.t('report.map')}]({target(self.pictures.journey_map)})", "")
        if self.pictures.emotion_curve:
            self._add(f"![{self.t('report.curve')}]({target(self.pictures.emotion_curve)})", "")
        if self.report.lowest:  # listed in the summary, with the curve's marks
            marks = " ".join(CIRCLED[: len(self.report.lowest)])
            self._add(self.t("report.lowest_marked", marks=marks, summary="[" + self.t("summary.title") + "](#summary)"))

    def _time(self) -> None:
        """The time the customer spends, for journeys whose steps give any."""
        t = self.t
        time = self.report.time
        if not time.given:
            return
        self._heading(2, t("report.time"), anchor="time")
        self._add(t("report.time_summary", total=f"**{duration(t, time.total, total=True)}**"), "")
        rows = [self._time_row(f"{stage.number}. {cell(stage.stage.name)}", stage) for stage in time.stages]
        rows.append([f"**{t('report.time_journey')}**", self._span(time.steps), self._span(time.waits),
                     f"**{self._span(time.total)}**"])
        self._add(*table(
            [t("report.stage"), t("report.time_steps"), t("report.time_waits"), t("report.time_total")],
            rows, align="lrrr",
        ))
        if time.not_given:
            names = ", ".join(f"{stage.number}. {escape(stage.stage.name)}" for stage in time.not_given)
            self._add("", t("report.time_partial", stages=names))
        self._add("", f"**{t('report.longest_waits')}**", "")
        if not time.longest_waits:
            self._add(t("report.no_waits"))
        for number, wait in enumerate(time.longest_waits, start=1):
            self._add(f"{number}. **{duration(t, wait.seconds)}** — **{wait.stage_number}. "
                      f"{escape(wait.stage.name)}**, {wait.step_number}: {escape(wait.text)}")

    def _time_row(self, name: str, stage: StageTime) -> list[str]:
        if not stage.given:
            return [name, "—", "—", f"*{self.t('report.time_not_given')}*"]
        return [name, self._span(stage.steps), self._span(stage.waits), self._span(stage.total)]

    def _evidence(self) -> None:
        """How old the customer feedback behind each stage is on the report's
        date: a map whose evidence has aged may no longer describe the customer.
        Without a report date, the dates alone, with no age and no flag."""
        t, evidence = self.t, self.report.evidence
        self._heading(2, t("evidence.title"), anchor="evidence")
        if not evidence.any_feedback:
            self._add(t("evidence.none_at_all"))
            return
        aged = evidence.as_of is not None
        header = [t("report.stage"), t("evidence.pieces"), t("evidence.newest")]
        if aged:
            self._add(t("evidence.intro", date=self.fmt.date(evidence.as_of), limit=self._months(evidence.max_age)), "")
            header += [t("evidence.age"), t("evidence.flag")]
        rows = [self._evidence_row(found, aged) for found in evidence.stages]
        self._add(*table(header, rows, align="lrlll"[:len(header)]))
        if any(found.flag == UNDATED for found in evidence.stages):
            self._add("", t("evidence.undated_hint"))

    def _evidence_row(self, found: StageEvidence, aged: bool) -> list[str]:
        stage = found.stage
        row = [f"[{found.number}. {cell(stage.name)}](#stage-{stage.id})", self.fmt.number(found.pieces),
               self.fmt.date(found.newest)]
        if aged:
            row += [self._age(found.age) if found.age is not None else "—", self._evidence_flag(found.flag)]
        return row

    def _evidence_flag(self, flag: str | None) -> str:
        if flag is None:
            return " "
        words = self.t(f"evidence.{flag}")
        return f"⚠ **{words}**" if flag == STALE else f"*{words}*"

    def _stale_evidence(self, stage: Stage) -> None:
        """In a stage's details, above its feedback: how old the newest is, when too old."""
        found = self.report.evidence.of(stage.id)
        if found is None or not found.stale or found.age is None:
            return
        limit = self._months(self.report.evidence.max_age)
        self._add(f"*⚠ {self.t('evidence.stage_stale', age=self._age(found.age), limit=limit)}*", "")

    def _age(self, months: int) -> str:
        """An age in the reader's words: under a month, 11 months, 1 year and 2 months."""
        if months == 0:
            return self.t("evidence.under_month")
        years, rest = divmod(months, 12)
        if not years:
            return self._months(rest)
        if not rest:
            return self._count("evidence.years", years)
        return self.t("evidence.years_months", years=self._count("evidence.years", years), months=self._months(rest))

    def _months(self, months: int) -> str:
        return self._count("evidence.months", months)

    def _funnel(self) -> None:
        """Customers per stage, with `--funnel`: the chart, the conversions,
        and the biggest drop-off beside what hurts and how it feels there."""
        funnel = self.report.funnel
        if funnel is None:
            return
        t, fmt = self.t, self.fmt
        self._heading(2, t("funnel.title"), anchor="funnel")
        if self.pictures.funnel:
            self._add(f"![{t('funnel.chart')}]({target(self.pictures.funnel)})", "")
        measured = funnel.measured
        if funnel.end_to_end is not None:
            first, last = measured[0], measured[-1]
            self._add(t(
                "funnel.summary", first=fmt.number(first.customers or 0), start=self._funnel_stage(first),
                last=fmt.number(last.customers or 0), share=f"**{fmt.share(funnel.end_to_end)}**",
                end=self._funnel_stage(last),
            ), "")
        self._add(*table(
            [t("report.stage"), t("funnel.customers"), t("funnel.share"), t("funnel.conversion"), t("funnel.drop")],
            [self._funnel_row(row, row is funnel.biggest) for row in funnel.stages], align="lrrrl",
        ))
        if funnel.not_measured:
            names = ", ".join(f"{row.number}. {escape(row.stage.name)}" for row in funnel.not_measured)
            self._add("", t("funnel.partial", stages=names))
        self._heading(3, t("funnel.biggest"))
        biggest = funnel.biggest
        if biggest is None or biggest.customers is None:
            self._add(t("funnel.no_drop"))
            return
        lost = biggest.drop or 0
        self._add(t(
            "funnel.biggest_text", stage=self._funnel_stage(biggest), lost=f"**{fmt.number(lost)}**",
            customers=fmt.number(biggest.customers), share=fmt.share(lost / biggest.customers),
        ), "")
        self._add(f"- **{t('funnel.emotion')}:** {self._stage_feeling(biggest.stage)}")
        self._lane("pain_points")
        pains = sorted(biggest.stage.pain_points, key=lambda p: SEVERITIES.index(p.severity))
        if not pains:
            self._add(t("funnel.no_pains"))
        for pain in pains:
            self._add(f"- **{t(f'severity.{pain.severity}')}:** {escape(pain.text)}")

    @staticmethod
    def _funnel_stage(row: FunnelStage) -> str:
        return f"**{row.number}. {escape(row.stage.name)}**"

    def _funnel_row(self, row: FunnelStage, biggest: bool) -> list[str]:
        t, fmt = self.t, self.fmt
        name = f"{row.number}. {cell(row.stage.name)}"
        name = f"**{name}** ▼" if biggest else name
        if row.customers is None:
            return [name, f"*{t('funnel.not_measured')}*", "—", "—", "—"]
        customers = fmt.number(row.customers)
        if row.measured is not None:
            customers += f" ({fmt.date(row.measured)})"
        share = fmt.share(row.share) if row.share is not None else "—"
        conversion = fmt.share(row.conversion) if row.conversion is not None else "—"
        if row.joined:
            drop = f"*{t('funnel.enters', n=fmt.number(row.joined))}*"
        elif row.drop is None:
            drop = "—"
        else:
            lost = f"{fmt.number(row.drop)} ({fmt.share(row.drop / row.customers)})" if row.customers else "0"
            drop = f"**{lost}**" if biggest else lost
        return [name, customers, share, conversion, drop]

    def _stage_feeling(self, stage: Stage) -> str:
        """A stage's emotion score: its own, in words, or the mean of its steps'."""
        score = emotion_score(stage)
        if score is None:
            return self.t("funnel.no_emotion")
        if stage.emotions is not None:
            return f"{stage.emotions.score:+d} ({self.t(f'score.{stage.emotions.score}')})"
        number = ("+" if score > 0 else "") + self.fmt.number(score, decimals=1)
        return self.t("funnel.emotion_mean", score=number)

    # --- channels: where the journey lives ---------------------------------

    def _channels(self) -> None:
        """Where customers meet us, channel by channel: what hurts there and
        which objectives off track those channels serve — where effort pays."""
        t, channels = self.t, self.report.channels
        self._heading(2, t("channels.title"), anchor="channels")
        if not channels.used:
            self._add(t("channels.none"))
            return
        self._add(*table(
            [t("report.channel"), t("report.mode"), t("lane.touchpoints"), t("channels.stages"),
             t("channels.high_pains"), t("channels.lowest_score")],
            [self._channel_row(row) for row in channels.rows], align="lllrrl",
        ))
        self._channels_mix()
        self._channels_hurts()
        self._channels_objectives()

    def _channel_row(self, row: ChannelRow) -> list[str]:
        stages = self.report.journey.stages
        lowest = row.lowest_score
        return [
            self.t(f"channel.{row.channel}"),
            ", ".join(self.t(f"mode.{mode}") for mode in row.modes),
            ", ".join(escape(touchpoint.name) for touchpoint in row.touchpoints),
            ", ".join(f"[{n}](#stage-{stages[n - 1].id})" for n in row.stage_numbers),
            self.fmt.number(row.pain_count("high")),
            "—" if lowest is None else f"{lowest:+d} ({self.t(f'score.{lowest}')})",
        ]

    def _channels_mix(self) -> None:
        t, fmt = self.t, self.fmt
        self._heading(3, t("channels.mix"))
        self._add(*table(
            [t("report.stage"), t("mode.online").capitalize(), t("mode.offline").capitalize(),
             t("channels.share_online")],
            [
                [f"[{mix.number}. {escape(mix.stage.name)}](#stage-{mix.stage.id})",
                 fmt.number(mix.online), fmt.number(mix.offline),
                 "—" if mix.share_online is None else fmt.share(mix.share_online)]
                for mix in self.report.channels.stages
            ],
            align="lrrr",
        ))

    def _channels_hurts(self) -> None:
        t, fmt, channels = self.t, self.fmt, self.report.channels
        self._heading(3, t("channels.hurts"))
        rows = channels.lowest_or_hurting
        if rows:
            self._add(t("channels.hurts_note"), "")
            self._add(*table(
                [t("report.channel"), t("channels.lowest_steps"),
                 *(t(f"severity.{severity}").capitalize() for severity in SEVERITIES)],
                [
                    [t(f"channel.{row.channel}"), self._channel_steps(row),
                     *(fmt.number(row.pain_count(severity)) for severity in SEVERITIES)]
                    for row in rows
                ],
                align="llrrr",
            ))
        else:
            self._add(t("channels.no_hurts"))
        if channels.unattributed:
            stages = ", ".join(dict.fromkeys(
                f"{found.stage_number}. {escape(found.stage.name)}" for found in channels.unattributed
            ))
            self._add("", t("channels.unattributed", n=fmt.number(len(channels.unattributed)), stages=stages))

    @staticmethod
    def _channel_steps(row: ChannelRow) -> str:
        """The channel's steps below neutral: score, step, and its stage."""
        return "<br>".join(
            f"{step.score:+d} {escape(shorten(step.text))} ({step.stage_number}. {escape(step.stage.name)})"
            for step in row.lowest_steps
        ) or "—"

    def _channels_objectives(self) -> None:
        t, channels = self.t, self.report.channels
        self._heading(3, t("channels.objectives"))
        if not self.report.objectives:
            self._add(t("report.no_objectives"))
        elif not channels.measured:
            self._add(t("channels.no_actuals"))
        elif not channels.off_track:
            self._add(t("channels.none_off_track"))
        else:
            self._add(t("channels.objectives_note"), "")
            self._add(*table(
                [t("report.objective"), t("report.status"), t("channels.title")],
                [
                    [self._objective_link(found.row.objective, SUMMARY_STATEMENT),
                     self._status(found.row.status),
                     ", ".join(t(f"channel.{channel}") for channel in found.channels) or "—"]
                    for found in channels.off_track
                ],
            ))

    def _stages(self) -> None:
        self._heading(2, self.t("report.stages"), anchor="stages")
        for number, stage in enumerate(self.report.journey.stages, start=1):
            self._stage(number, stage)

    def _stage(self, number: int, stage: Stage) -> None:
        t = self.t
        self._heading(3, f"{number}. {escape(stage.name)}", anchor=f"stage-{stage.id}")
        self._moments_of_truth(stage)
        facts = []
        if stage.phase:
            facts.append(f"**{t('report.phase')}:** {t(f'phase.{stage.phase}')}")
        if stage.owner:
            facts.append(f"**{t('report.owner')}:** {self._team(stage.owner)}")
        if facts:
            self._add(" · ".join(facts), "")
        if stage.description:
            self._add(escape(stage.description), "")
        if stage.steps:
            self._lane("steps")
            for i, step in enumerate(stage.steps, start=1):
                score = f" ({step.score:+d})" if step.score is not None else ""
                mark = f"{MOMENT_MARK} " if step.moment_of_truth else ""
                times = "".join(f" · {time}" for time in step_times(step, t))  # ` · 10 min · wait 2 d`
                self._add(f"{i}. {mark}{escape(step.text)}{score}{times}")
            total = stage_time(stage, t)
            if total:
                self._add("", f"*{total}*")
        for lane in ("needs", "questions"):
            self._items(lane, getattr(stage, lane))
        if stage.emotions is not None:
            self._lane("emotions")
            score = stage.emotions.score
            line = f"{score:+d} ({t(f'score.{score}')})"
            if stage.emotions.feelings:
                line += " — " + ", ".join(escape(f) for f in stage.emotions.feelings)
            self._add(line)
        if stage.pain_points:
            self._lane("pain_points")
            for pain in sorted(stage.pain_points, key=lambda p: SEVERITIES.index(p.severity)):
                self._add(f"- **{t(f'severity.{pain.severity}')}:** {escape(pain.text)}")
        self._items("opportunities", stage.opportunities)
        touchpoints = self.report.stage_touchpoints[stage.id]
        if touchpoints:
            self._lane("touchpoints")
            self._add(*table(
                [t("report.touchpoint"), t("report.channel"), t("report.mode"), t("report.owner")],
                [[cell(tp.name), t(f"channel.{tp.channel}"), t(f"mode.{tp.effective_mode}"), self._team(tp.owner)]
                 for tp in touchpoints],
            ))
        blueprint = self.report.blueprints.get(stage.id)
        if blueprint is not None:
            self._blueprint(blueprint)
        if stage.objectives:
            self._lane("objectives")
            for objective in stage.objectives:
                goal = self._quantity(objective.target, objective.unit)
                self._add(f"- {escape(objective.statement)} → **{goal}**")
        if stage.actions:
            self._lane("actions")
            self._add(*table(
                [t("report.action"), t("report.type"), t("report.status"), t("report.owner")],
                [[cell(a.title), t(f"type.{a.type}"), t(f"status.{a.status}"), self._team(a.owner)]
                 for a in stage.actions],
            ))
        if stage.feedback:
            self._add("", f"**{t('report.feedback')}**", "")
            self._stale_evidence(stage)
            for entry in stage.feedback:
                origin = ", ".join(
                    part for part in (escape(entry.source) if entry.source else "", self.fmt.date(entry.date) if entry.date else "") if part
                )
                self._add(f"> {escape(entry.text)}" + (f" — *{origin}*" if origin else ""), "")

    def _moments_of_truth(self, stage: Stage) -> None:
        """A stage's moments of truth, before anything else said of it: the
        steps that decide whether the customer stays."""
        moments = self.report.moments_of_truth[stage.id]
        if not moments:
            return
        self._add(f"**{MOMENT_MARK} {self.t('blueprint.moments_of_truth')}**", "")
        for moment in moments:
            step = moment.step
            score = f" — {step.score:+d} ({self.t(f'score.{step.score}')})" if step.score is not None else ""
            where = self.t("report.step", n=str(moment.step_number))
            self._add(f"- **{escape(step.text)}** ({where}){score}")
        self._add("")

    def _blueprint(self, blueprint: Blueprint) -> None:
        """The stage's blueprint lanes in the blueprint's order, each lane of
        actions under the line that separates it from the lane above."""
        t = self.t
        self._heading(4, t("blueprint.title"))
        self._items("evidence", blueprint.evidence)
        lane_above = bool(blueprint.evidence)
        for lane, actions in blueprint.actions:
            if lane_above:
                self._add("", f"*— {t(LINE_ABOVE[lane])} —*")
            lane_above = True
            self._lane(lane)
            self._add(*table(
                [t("report.action"), t("blueprint.owner"), t("blueprint.system"), t("blueprint.duration")],
                [[cell(a.text), self._team(a.owner), cell(a.system or "—"),
                  duration(t, a.duration) if a.duration is not None else "—"] for a in actions],
                align="lllr",
            ))

    def _lane(self, lane: str) -> None:
        if self.out and self.out[-1] != "":
            self._add("")
        self._add(f"**{self.t(f'lane.{lane}')}**", "")

    def _items(self, lane: str, items: Sequence[Item]) -> None:
        if items:
            self._lane(lane)
            self._add(*(f"- {escape(item.text)}" for item in items))

    def _scoreboard(self) -> None:
        t = self.t
        self._heading(2, t("report.objectives"), anchor="objectives")
        rows = self.report.objectives
        if not rows:
            self._add(t("report.no_objectives"))
            return
        # The trend column, only when some objective has a history to show.
        trends = any(row.trend != "none" for row in rows)
        header = [t("report.objective"), t("report.stage"), t("report.metric"), t("report.baseline"),
                  t("report.target"), t("report.due"), t("report.owner"), t("report.actual"),
                  *([t("trend.title")] if trends else []), t("report.progress"), t("report.status")]
        cells = [self._objective_row(row, trends=trends) for row in rows]
        self._add(*table(header, cells, align="lllrrllr" + ("l" if trends else "") + "rl"))
        self._add("", f"**{t('report.how_status')}**", "")
        for status in STATUSES:
            self._add(f"- {self._status(status)}: {t(f'rule.{status}')}")
        if trends:
            self._add("", f"**{t('trend.title')}:** {t('trend.rule')}")

    def _objective_row(self, row: ObjectiveRow, *, trends: bool = False) -> list[str]:
        objective = row.objective
        actual = "—"
        if row.actual is not None:
            actual = self._quantity(row.actual.value, objective.unit)
            if row.actual.measured:
                actual += f" ({self.fmt.date(row.actual.measured)})"
        progress = row.progress
        return [
            f'<a id="objective-{objective.id}"></a>{cell(objective.statement)}',  # the summary links here
            cell(row.stage.name),
            cell(objective.metric or "—"),
            self._quantity(objective.baseline, objective.unit),
            self._quantity(objective.target, objective.unit),
            self.fmt.date(objective.due),
            self._team(objective.owner),
            actual,
            *([self._trend(row)] if trends else []),
            self.fmt.share(progress) if progress is not None else "—",
            self._status(row.status) + (f"<br>{self.t(f'trend.{row.trend}')}" if row.trend != "none" else ""),
        ]

    def _trend(self, row: ObjectiveRow) -> str:
        """The trend line of the objective's dated values, and its trend in
        words after an arrow that shows which way the last value moved."""
        if row.trend == "none":
            return "—"
        words = f"{TREND_ARROWS[row.moved or 'level']} {self.t(f'trend.{row.trend}')}"
        picture = self.pictures.trends.get(row.objective.id)
        if picture is None:
            return words
        return f"![{self.t('trend.alt')}]({target(picture)})<br>{words}"

    def _teams(self) -> None:
        t = self.t
        report = self.report
        if not report.journey.teams:
            return
        self._heading(2, t("report.teams"), anchor="teams")
        stages = report.journey.stages
        header = [t("report.team")] + [f"{i}. {cell(s.name)}" for i, s in enumerate(stages, start=1)]
        rows = []
        for row in report.teams:
            name = f"**{escape(row.team.name)}**"
            if row.owns_journey:
                name += f"<br>*{t('report.owns_journey')}*"
            cells = [name]
            for stage in stages:
                owned = row.cells[stage.id]
                if not owned and stage.id not in row.stages_owned:  # most cells of a big journey
                    cells.append(" ")
                    continue
                parts = [f"*{t('report.owns_stage')}*"] if stage.id in row.stages_owned else []
                parts += [f"{t('lane.touchpoints')}: " + ", ".join(escape(x.name) for x in owned.touchpoints)] if owned.touchpoints else []
                parts += [f"{t('lane.objectives')}: " + ", ".join(self._objective_link(x) for x in owned.objectives)] if owned.objectives else []
                parts += [f"{t('lane.actions')}: " + ", ".join(escape(x.title) for x in owned.actions)] if owned.actions else []
                parts += [f"{t(f'lane.{lane}')}: " + ", ".join(escape(x.text) for x in done)
                          for lane, done in owned.blueprint() if done]
                cells.append("<br>".join(parts) or " ")
            rows.append(cells)
        self._add(*table(header, rows))
        self._add("", f"<a id=\"unowned\"></a>**{t('report.unowned')}**", "")
        if not report.unowned:
            self._add(t("report.all_owned_blueprint" if report.journey.has_blueprint else "report.all_owned"))
        for item in report.unowned:
            where = escape(item.stage.name) if item.stage is not None else t("report.catalog")
            self._add(f"- {self._unowned_kind(item.kind)}: {escape(item.name)} ({where})")

    def _segment_gets(self) -> None:
        views = self.report.segments
        if self.report.segment is not None:
            views = tuple(v for v in views if v.segment.id == self.report.segment.id)
        if not views:
            return
        self._heading(2, self.t("report.segment_gets"), anchor="segments")
        for view in views:
            self._heading(3, escape(view.segment.name))
            if not view.items:
                self._add(self.t("report.segment_nothing"))
            for item in view.items:
                where = escape(item.stage.name) if item.stage is not None else self.t("report.catalog")
                self._add(f"- {where} · {self.t(f'lane.{item.lane}')}: {escape(item.text)}")
