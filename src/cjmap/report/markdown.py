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
from dataclasses import dataclass

from cjmap.findings import Severity
from cjmap.gfm import cell, code, escape, link, table, target
from cjmap.i18n import Translate, duration
from cjmap.model import ACTION_LANES, Item, Stage
from cjmap.navigate import persona_list
from cjmap.render.map_view import MOMENT_MARK, stage_time, step_times  # the map's mark and words
from cjmap.report.data import Blueprint, Moment, ObjectiveRow, Report, StageTime
from cjmap.report.formatting import Formatter
from cjmap.report.funnel import FunnelStage, emotion_score
from cjmap.report.status import STATUSES

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


@dataclass(frozen=True, slots=True)
class Style:
    badges: bool = False  # statuses as <span class="status …"> (HTML report)


SEVERITIES = ("high", "medium", "low")  # pain points, worst first


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

    @abstractmethod
    def sections(self) -> tuple[Callable[[], None], ...]:
        """The methods that write each section, in the document's order."""

    def build(self) -> str:
        for section in self.sections():
            section()
        return "\n".join(self.out).rstrip() + "\n"

    def _add(self, *lines: str) -> None:
        self.out.extend(lines)

    def _heading(self, level: int, words: str) -> None:
        if self.out and self.out[-1] != "":
            self._add("")
        self._add("#" * level + " " + words, "")


class _Document(Document):
    def __init__(self, report: Report, t: Translate, fmt: Formatter, pictures: Pictures, style: Style) -> None:
        super().__init__(t, fmt, style)
        self.report = report
        self.pictures = pictures

    def sections(self) -> tuple[Callable[[], None], ...]:
        return (
            self._title, self._personas_segments, self._health, self._glance,
            self._time, self._funnel, self._stages, self._scoreboard, self._teams, self._segment_gets,
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

    def _personas_segments(self) -> None:
        journey = self.report.journey
        if not journey.personas and not journey.segments:
            return
        self._heading(2, self.t("report.personas_segments"))
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
        self._heading(2, self.t("report.health"))
        severities = (Severity.ERROR, Severity.WARNING, Severity.INFO)
        self._add(*table(
            [self.t(f"findings.{s.value}").capitalize() for s in severities],
            [[str(health.count(s)) for s in severities]],
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
        self._heading(2, self.t("report.glance"))
        if self.pictures.journey_map:
            self._add(f"![{self.t('report.map')}]({target(self.pictures.journey_map)})", "")
        if self.pictures.emotion_curve:
            self._add(f"![{self.t('report.curve')}]({target(self.pictures.emotion_curve)})", "")
        self._add(f"**{self.t('report.lowest')}**", "")
        if not self.report.lowest:
            self._add(self.t("report.no_lowest"))
        for number, moment in enumerate(self.report.lowest, start=1):
            self._add(f"{number}. {CIRCLED[number - 1]} {moment_words(moment, self.t)}")

    def _time(self) -> None:
        """The time the customer spends, for journeys whose steps give any."""
        t = self.t
        time = self.report.time
        if not time.given:
            return
        self._heading(2, t("report.time"))
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

    def _funnel(self) -> None:
        """Customers per stage, with `--funnel`: the chart, the conversions,
        and the biggest drop-off beside what hurts and how it feels there."""
        funnel = self.report.funnel
        if funnel is None:
            return
        t, fmt = self.t, self.fmt
        self._heading(2, t("funnel.title"))
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

    def _stages(self) -> None:
        self._heading(2, self.t("report.stages"))
        for number, stage in enumerate(self.report.journey.stages, start=1):
            self._stage(number, stage)

    def _stage(self, number: int, stage: Stage) -> None:
        t = self.t
        heading = f"{number}. {escape(stage.name)}"
        self._heading(3, heading)
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
        self._heading(2, t("report.objectives"))
        rows = self.report.objectives
        if not rows:
            self._add(t("report.no_objectives"))
            return
        header = [t("report.objective"), t("report.stage"), t("report.metric"), t("report.baseline"),
                  t("report.target"), t("report.due"), t("report.owner"), t("report.actual"),
                  t("report.progress"), t("report.status")]
        self._add(*table(header, [self._objective_row(row) for row in rows], align="lllrrllrrl"))
        self._add("", f"**{t('report.how_status')}**", "")
        for status in STATUSES:
            self._add(f"- {self._status(status)}: {t(f'rule.{status}')}")

    def _objective_row(self, row: ObjectiveRow) -> list[str]:
        objective = row.objective
        actual = "—"
        if row.actual is not None:
            actual = self._quantity(row.actual.value, objective.unit)
            if row.actual.measured:
                actual += f" ({self.fmt.date(row.actual.measured)})"
        progress = row.progress
        return [
            cell(objective.statement),
            cell(row.stage.name),
            cell(objective.metric or "—"),
            self._quantity(objective.baseline, objective.unit),
            self._quantity(objective.target, objective.unit),
            self.fmt.date(objective.due),
            self._team(objective.owner),
            actual,
            self.fmt.share(progress) if progress is not None else "—",
            self._status(row.status),
        ]

    def _teams(self) -> None:
        t = self.t
        report = self.report
        if not report.journey.teams:
            return
        self._heading(2, t("report.teams"))
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
                parts += [f"{t('lane.objectives')}: " + ", ".join(escape(x.id) for x in owned.objectives)] if owned.objectives else []
                parts += [f"{t('lane.actions')}: " + ", ".join(escape(x.title) for x in owned.actions)] if owned.actions else []
                parts += [f"{t(f'lane.{lane}')}: " + ", ".join(escape(x.text) for x in done)
                          for lane, done in owned.blueprint() if done]
                cells.append("<br>".join(parts) or " ")
            rows.append(cells)
        self._add(*table(header, rows))
        self._add("", f"**{t('report.unowned')}**", "")
        if not report.unowned:
            self._add(t("report.all_owned_blueprint" if report.journey.has_blueprint else "report.all_owned"))
        for item in report.unowned:
            where = escape(item.stage.name) if item.stage is not None else t("report.catalog")
            kind = t(f"report.unowned.{item.kind}" if item.kind in ACTION_LANES else f"kind.{item.kind}")
            self._add(f"- {kind}: {escape(item.name)} ({where})")

    def _segment_gets(self) -> None:
        views = self.report.segments
        if self.report.segment is not None:
            views = tuple(v for v in views if v.segment.id == self.report.segment.id)
        if not views:
            return
        self._heading(2, self.t("report.segment_gets"))
        for view in views:
            self._heading(3, escape(view.segment.name))
            if not view.items:
                self._add(self.t("report.segment_nothing"))
            for item in view.items:
                where = escape(item.stage.name) if item.stage is not None else self.t("report.catalog")
                self._add(f"- {where} · {self.t(f'lane.{item.lane}')}: {escape(item.text)}")
