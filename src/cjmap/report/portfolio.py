"""The index of a folder's reports: the portfolio of its journeys at a glance.

`assemble` puts together what the journeys say when read side by side — who
walks which journey, what each team owns where, on which channels the pain
points are, how the objectives are doing, the lowest moments and the worst
pain points, and the touchpoints several journeys share — from each
journey's report. `render` writes it as GitHub-flavoured Markdown, for
someone with five minutes: a one-line summary, then the sections, most
pressing first. Journey text reaches the document only through `gfm.escape`,
as in the reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass, field
from datetime import date

from cjmap.gfm import cell, code, escape, link, table, target
from cjmap.i18n import Translate, count_of_findings
from cjmap.model import Journey, PainPoint, Stage, Touchpoint
from cjmap.navigate import (
    JourneyIndex, actions, blueprint_actions, objectives, persona_list, touchpoint_references,
)
from cjmap.report.data import Moment, Report, lowest
from cjmap.report.formatting import Formatter
from cjmap.report.markdown import FINDING_SEVERITIES, SEVERITIES, Document, Style, moment_words, status_words
from cjmap.report.status import STATUSES, Status

LOWEST_MOMENTS = 5  # of the whole portfolio


@dataclass(frozen=True, slots=True)
class Entry:
    """One journey of the portfolio: its report, and the link to it."""

    report: Report
    link: str  # the report's file, relative to the index


@dataclass(slots=True)
class Seen:
    """Something the journeys name by one id — a persona, a team, a touchpoint —
    with every name they give it (one, when it comes from a catalog) and the
    journeys where it is seen, as positions in Portfolio.entries."""

    names: list[str] = field(default_factory=list)  # distinct, in the order seen
    journeys: set[int] = field(default_factory=set)

    def see(self, name: str, journey: int) -> None:
        if name not in self.names:
            self.names.append(name)
        self.journeys.add(journey)


@dataclass(slots=True)
class Share:
    """What one team owns in one journey."""

    journey: bool = False
    stages: int = 0
    touchpoints: int = 0
    objectives: int = 0
    actions: int = 0
    blueprint_actions: int = 0  # frontstage, backstage and support


@dataclass(frozen=True, slots=True)
class TeamShares:
    team: str  # its id
    shares: dict[int, Share]  # journey position → what the team owns there


@dataclass(frozen=True, slots=True)
class Pain:
    """A pain point, with the journey and stage it belongs to."""

    journey: int
    stage: Stage
    stage_number: int
    pain: PainPoint


@dataclass(frozen=True, slots=True)
class ChannelPains:
    """A channel, the journeys that use it and the pain points found on it."""

    channel: str | None  # None: the stages that use no touchpoint
    journeys: frozenset[int]
    pains: tuple[Pain, ...]  # worst first

    def count(self, severity: str) -> int:
        return sum(1 for p in self.pains if p.pain.severity == severity)


@dataclass(frozen=True, slots=True)
class StatusCount:
    status: Status
    journeys: dict[int, int]  # journey position → objectives with this status

    @property
    def total(self) -> int:
        return sum(self.journeys.values())


@dataclass(frozen=True, slots=True)
class Low:
    """One of the portfolio's lowest moments."""

    journey: int
    moment: Moment

    @property
    def score(self) -> int:
        return self.moment.score


@dataclass(frozen=True, slots=True)
class Shared:
    """A touchpoint (by id) that several journeys use."""

    touchpoint: Seen
    channels: tuple[str, ...]
    owners: tuple[str, ...]  # the owning teams' ids


@dataclass(frozen=True, slots=True)
class Portfolio:
    entries: tuple[Entry, ...]
    left_out: tuple[str, ...]  # journey files that cannot be read
    as_of: date | None
    dated: bool
    personas: tuple[Seen, ...]  # most journeys first
    teams: tuple[TeamShares, ...]  # most journeys first
    channels: tuple[ChannelPains, ...]  # most high-severity pain points first
    statuses: tuple[StatusCount, ...]  # in the order of STATUSES, those that occur
    lowest: tuple[Low, ...]
    high_pains: tuple[Pain, ...]
    shared: tuple[Shared, ...]  # most journeys first
    team_names: dict[str, tuple[str, ...]]  # team id → every name the journeys give it

    @property
    def objective_count(self) -> int:
        return sum(count.total for count in self.statuses)


# --- what the portfolio says ------------------------------------------------


def assemble(entries: Sequence[Entry], *, left_out: Iterable[str] = ()) -> Portfolio:
    """The portfolio of `entries`, in their order; `left_out` names the
    journeys that could not be read, so the reader knows what is missing."""
    entries = tuple(entries)
    indexes = [entry.report.indexed() for entry in entries]
    pains = [pain for position, entry in enumerate(entries) for pain in _pains(position, entry.report.journey)]
    first = entries[0].report if entries else None
    return Portfolio(
        entries=entries,
        left_out=tuple(left_out),
        as_of=first.as_of if first else None,
        dated=first.dated if first else False,
        personas=_walkers(entries),
        teams=_teams(entries, indexes),
        channels=_channels(entries, pains),
        statuses=_statuses(entries),
        lowest=lowest(
            (Low(position, moment) for position, entry in enumerate(entries) for moment in entry.report.moments),
            LOWEST_MOMENTS,
        ),
        high_pains=tuple(pain for pain in pains if pain.pain.severity == "high"),
        shared=_shared(entries, indexes),
        team_names=_team_names(entries),
    )


def _by_reach(seen: dict[str, Seen]) -> list[tuple[str, Seen]]:
    """Ids and what was seen of them, those in most journeys first, in the
    order first seen on ties."""
    return sorted(seen.items(), key=lambda item: -len(item[1].journeys))


def _walkers(entries: Sequence[Entry]) -> tuple[Seen, ...]:
    """Personas by id: a catalog's persona is one persona in every journey that names it."""
    seen: dict[str, Seen] = {}
    for position, entry in enumerate(entries):
        for persona in persona_list(entry.report.journey):
            seen.setdefault(persona.id, Seen()).see(persona.name, position)
    return tuple(walker for _, walker in _by_reach(seen))


def _used_touchpoints(journey: Journey, index: JourneyIndex) -> dict[str, Touchpoint]:
    """The touchpoints a journey's stages, steps and actions use, by id."""
    used: dict[str, Touchpoint] = {}
    for stage in journey.stages:
        for entry in stage.touchpoints:
            touchpoint = index.touchpoint(entry)
            used.setdefault(touchpoint.id, touchpoint)
    for _, touchpoint_id in touchpoint_references(journey):
        used.setdefault(touchpoint_id, index.touchpoint(touchpoint_id))
    return used


def _teams(entries: Sequence[Entry], indexes: Sequence[JourneyIndex]) -> tuple[TeamShares, ...]:
    """Teams by id: what each owns in each journey — the journey, stages,
    touchpoints (each once, however many stages use it), objectives, actions
    and blueprint actions."""
    shares: dict[str, dict[int, Share]] = {}

    def share(owner: str, journey: int) -> Share:
        return shares.setdefault(owner, {}).setdefault(journey, Share())

    for position, entry in enumerate(entries):
        journey = entry.report.journey
        if journey.owner is not None:
            share(journey.owner, position).journey = True
        for stage in journey.stages:
            if stage.owner is not None:
                share(stage.owner, position).stages += 1
        for touchpoint in _used_touchpoints(journey, indexes[position]).values():
            if touchpoint.owner is not None:
                share(touchpoint.owner, position).touchpoints += 1
        for _, objective in objectives(journey):
            if objective.owner is not None:
                share(objective.owner, position).objectives += 1
        for _, action in actions(journey):
            if action.owner is not None:
                share(action.owner, position).actions += 1
        for _, blueprint_action in blueprint_actions(journey):
            if blueprint_action.owner is not None:
                share(blueprint_action.owner, position).blueprint_actions += 1
    by_reach = sorted(shares.items(), key=lambda item: -len(item[1]))
    return tuple(TeamShares(team_id, owned) for team_id, owned in by_reach)


def _team_names(entries: Sequence[Entry]) -> dict[str, tuple[str, ...]]:
    """The names the journeys give each team id they define (a team a journey
    only knows as the owner of a catalog touchpoint is named by the others)."""
    names: dict[str, dict[str, None]] = {}
    for entry in entries:
        for team in entry.report.journey.teams:
            names.setdefault(team.id, {})[team.name] = None
    return {team_id: tuple(found) for team_id, found in names.items()}


def _pains(position: int, journey: Journey) -> Iterable[Pain]:
    for number, stage in enumerate(journey.stages, start=1):
        for pain in stage.pain_points:
            yield Pain(position, stage, number, pain)


def _channels(entries: Sequence[Entry], pains: Sequence[Pain]) -> tuple[ChannelPains, ...]:
    """Each channel with the pain points of the stages that use it (as each
    journey's report counts them): the channels with most high-severity pain
    points first, then medium, then low."""
    used: dict[str | None, set[int]] = {}
    found: dict[str | None, list[Pain]] = {}
    channels_of: dict[tuple[int, str], tuple[str, ...]] = {}
    for position, entry in enumerate(entries):
        for stage in entry.report.journey.stages:
            channels = entry.report.channels.of_stage(stage.id)
            channels_of[(position, stage.id)] = channels
            for channel in channels:
                used.setdefault(channel, set()).add(position)
                found.setdefault(channel, [])
    for pain in pains:
        for channel in channels_of[(pain.journey, pain.stage.id)] or [None]:
            used.setdefault(channel, set()).add(pain.journey)
            found.setdefault(channel, []).append(pain)
    rows = [
        ChannelPains(channel, frozenset(used[channel]), tuple(sorted(found[channel], key=_worst_first)))
        for channel in found
    ]
    rows.sort(key=lambda row: (row.channel is None, *(-row.count(severity) for severity in SEVERITIES)))
    return tuple(rows)


def _worst_first(pain: Pain) -> int:
    return SEVERITIES.index(pain.pain.severity)


def _statuses(entries: Sequence[Entry]) -> tuple[StatusCount, ...]:
    counts = {status: StatusCount(status, {}) for status in STATUSES}
    for position, entry in enumerate(entries):
        for row in entry.report.objectives:
            journeys = counts[row.status].journeys
            journeys[position] = journeys.get(position, 0) + 1
    return tuple(count for count in counts.values() if count.journeys)


def _shared(entries: Sequence[Entry], indexes: Sequence[JourneyIndex]) -> tuple[Shared, ...]:
    """Touchpoints (by id) that more than one journey uses."""
    seen: dict[str, Seen] = {}
    channels: dict[str, dict[str, None]] = {}
    owners: dict[str, dict[str, None]] = {}
    for position, entry in enumerate(entries):
        for touchpoint_id, touchpoint in _used_touchpoints(entry.report.journey, indexes[position]).items():
            seen.setdefault(touchpoint_id, Seen()).see(touchpoint.name, position)
            channels.setdefault(touchpoint_id, {})[touchpoint.channel] = None
            if touchpoint.owner is not None:
                owners.setdefault(touchpoint_id, {})[touchpoint.owner] = None
    return tuple(
        Shared(touchpoint, tuple(channels[touchpoint_id]), tuple(owners.get(touchpoint_id, ())))
        for touchpoint_id, touchpoint in _by_reach(seen)
        if len(touchpoint.journeys) > 1
    )


# --- the document -----------------------------------------------------------


def render(portfolio: Portfolio, t: Translate, style: Style = Style()) -> str:
    return _Document(portfolio, t, Formatter(t), style).build()


class _Document(Document):
    def __init__(self, portfolio: Portfolio, t: Translate, fmt: Formatter, style: Style) -> None:
        super().__init__(t, fmt, style)
        self.portfolio = portfolio

    def sections(self) -> tuple[Callable[[], None], ...]:
        return (
            self._top, self._journeys, self._objectives, self._hurts,
            self._channels, self._teams, self._personas, self._shared,
        )

    # helpers
    def _section(self, title: str, empty: str, items: Sized) -> bool:
        """A section's heading; when it has nothing to show, the words that say so."""
        self._heading(2, self.t(title))
        if not items:
            self._add(self.t(empty))
        return bool(items)

    def _journey(self, position: int) -> str:
        return escape(self.portfolio.entries[position].report.journey.title)

    @staticmethod
    def _names(names: Iterable[str]) -> str:
        """Every name the journeys give one id: one, when it comes from a catalog."""
        return " / ".join(escape(name) for name in names)

    def _team(self, team_id: str) -> str:
        return self._names(self.portfolio.team_names.get(team_id, (team_id,)))

    def _journey_columns(self) -> list[str]:
        return [cell(entry.report.journey.title) for entry in self.portfolio.entries]

    def _by_status(self, counts: dict[Status, int]) -> str:
        """`2 on track, 1 at risk`: objectives counted by status, in the order of STATUSES."""
        return ", ".join(f"{self.fmt.number(counts[s])} {self.t(f'objective.{s}')}" for s in STATUSES if s in counts)

    def _stage(self, journey: int, stage_number: int, stage: Stage) -> str:
        return f"{self._journey(journey)} · **{stage_number}. {escape(stage.name)}**"

    # sections
    def _top(self) -> None:
        """The title, the whole portfolio in one line, the date, and what is missing."""
        t = self.t
        portfolio = self.portfolio
        self._add(f"# {t('report.journeys')}", "")
        summary = [
            self._count("portfolio.journeys", len(portfolio.entries)),
            self._count("portfolio.personas", len(portfolio.personas)),
            self._count("portfolio.teams", len(portfolio.teams)),
        ]
        objectives = self._count("portfolio.objectives", portfolio.objective_count)
        if portfolio.statuses:
            objectives += f" ({self._by_status({count.status: count.total for count in portfolio.statuses})})"
        summary += [objectives, self._count("portfolio.high_pains", len(portfolio.high_pains))]
        self._add(f"**{summary[0]}** · " + " · ".join(summary[1:]), "")
        if portfolio.as_of and portfolio.dated:
            self._add(f"- **{t('report.date')}:** {self.fmt.date(portfolio.as_of)}", "")
        elif portfolio.as_of:
            self._add(f"- **{t('report.as_of')}:** {self.fmt.date(portfolio.as_of)}", "")
        if portfolio.left_out:
            files = ", ".join(code(name) for name in portfolio.left_out)
            self._add("> " + t("portfolio.left_out", files=files), "")

    def _journeys(self) -> None:
        t = self.t
        rows = []
        for entry in self.portfolio.entries:
            report = entry.report
            by_status = self._by_status(report.status_counts()) or "—"
            health = ", ".join(
                count_of_findings(t, report.health.count(severity), severity.value)
                for severity in FINDING_SEVERITIES
            )
            rows.append([link(report.journey.title, entry.link), str(len(report.journey.stages)), by_status, health])
        header = [t("report.journey"), t("report.stage_count"), t("report.by_status"), t("report.health")]
        if any(entry.report.funnel is not None for entry in self.portfolio.entries):
            # End-to-end conversion, for the journeys a funnel was given for.
            header.append(t("portfolio.conversion"))
            for row, entry in zip(rows, self.portfolio.entries):
                row.append(self._conversion(entry))
        self._add(*table(header, rows, align="lrllr"[: len(header)]))

    def _conversion(self, entry: Entry) -> str:
        """The share of the customers of a journey's first measured stage who
        reached its last, linked to the report's funnel; — without a funnel."""
        funnel = entry.report.funnel
        if funnel is None or funnel.end_to_end is None:
            return "—"
        return f"[{self.fmt.share(funnel.end_to_end)}]({target(entry.link)}#funnel)"

    def _objectives(self) -> None:
        t = self.t
        if not self._section("portfolio.objectives_title", "portfolio.no_objectives", self.portfolio.statuses):
            return
        rows = [
            [
                status_words(count.status, t, self.style),
                self.fmt.number(count.total),
                ", ".join(
                    f"{self._journey(journey)} ({self.fmt.number(number)})" for journey, number in count.journeys.items()
                ),
            ]
            for count in self.portfolio.statuses
        ]
        self._add(*table([t("report.status"), t("lane.objectives"), t("portfolio.journeys_column")], rows, align="lrl"))

    def _hurts(self) -> None:
        t = self.t
        portfolio = self.portfolio
        self._heading(2, t("portfolio.hurts"))
        self._add(f"**{t('report.lowest')}**", "")
        if not portfolio.lowest:
            self._add(t("report.no_lowest"))
        for number, low in enumerate(portfolio.lowest, start=1):
            self._add(f"{number}. {self._journey(low.journey)} · {moment_words(low.moment, t)}")
        self._add("", f"**{t('portfolio.high_pains_title')}**", "")
        if not portfolio.high_pains:
            self._add(t("portfolio.no_high_pains"))
        for pain in portfolio.high_pains:
            self._add(f"- {self._stage(pain.journey, pain.stage_number, pain.stage)}: {escape(pain.pain.text)}")

    def _channels(self) -> None:
        t = self.t
        if not self._section("portfolio.channels", "portfolio.no_channels", self.portfolio.channels):
            return
        self._add(t("portfolio.channels_note"), "")
        header = [t("report.channel"), *(t(f"severity.{s}").capitalize() for s in SEVERITIES),
                  *self._journey_columns()]
        rows = []
        for row in self.portfolio.channels:
            name = t(f"channel.{row.channel}") if row.channel is not None else f"*{t('portfolio.no_channel')}*"
            cells = [name, *(str(row.count(s)) for s in SEVERITIES)]
            for journey in range(len(self.portfolio.entries)):
                found = [p for p in row.pains if p.journey == journey]
                if found:
                    cells.append("<br>".join(
                        f"**{t(f'severity.{p.pain.severity}')}:** {escape(p.pain.text)}" for p in found
                    ))
                else:
                    cells.append("—" if journey in row.journeys else " ")
            rows.append(cells)
        self._add(*table(header, rows, align="lrrr"))

    def _teams(self) -> None:
        t = self.t
        if not self._section("portfolio.teams_title", "portfolio.no_teams", self.portfolio.teams):
            return
        rows = []
        for row in self.portfolio.teams:
            cells = [f"**{self._team(row.team)}**"]
            for journey in range(len(self.portfolio.entries)):
                share = row.shares.get(journey)
                cells.append("<br>".join(self._share(share)) if share is not None else " ")
            rows.append(cells)
        self._add(*table([t("report.team"), *self._journey_columns()], rows))

    def _share(self, share: Share) -> list[str]:
        t = self.t
        parts = [f"*{t('report.owns_journey')}*"] if share.journey else []
        for label, number in (
            (t("report.stage_count"), share.stages), (t("lane.touchpoints"), share.touchpoints),
            (t("lane.objectives"), share.objectives), (t("lane.actions"), share.actions),
            (t("report.blueprint_actions"), share.blueprint_actions),
        ):
            if number:
                parts.append(f"{label}: {self.fmt.number(number)}")
        return parts

    def _personas(self) -> None:
        t = self.t
        if not self._section("portfolio.personas_title", "portfolio.no_personas", self.portfolio.personas):
            return
        rows = [
            [f"**{self._names(walker.names)}**",
             *("✓" if journey in walker.journeys else " " for journey in range(len(self.portfolio.entries)))]
            for walker in self.portfolio.personas
        ]
        self._add(*table([t("portfolio.persona"), *self._journey_columns()], rows,
                         align="l" + "c" * len(self.portfolio.entries)))

    def _shared(self) -> None:
        t = self.t
        self._section("portfolio.shared", "portfolio.no_shared", self.portfolio.shared)
        for shared in self.portfolio.shared:
            about = ", ".join([*(t(f"channel.{c}") for c in shared.channels), *map(self._team, shared.owners)])
            journeys = ", ".join(self._journey(journey) for journey in sorted(shared.touchpoint.journeys))
            self._add(f"- **{self._names(shared.touchpoint.names)}** ({about}): {journeys}")
