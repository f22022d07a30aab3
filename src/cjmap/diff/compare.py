"""The changes between two valid versions of one journey, or of one catalog.

Things with an id (personas, segments, teams, stages, touchpoints,
objectives, actions) are matched by id, so a rename is a rename and not a
removal plus an addition; things without one (steps, needs, questions, pain
points, opportunities, feelings, feedback, evidence, blueprint actions, tags)
are matched by their text. Objectives and actions are followed across stages,
so one that moves to another stage is "moved", and they are listed even
inside a stage that is new or removed; a blueprint action is followed across
the lanes of its stage (`cjmap.diff.blueprint`). Durations say whether they
grew or shrank, and by how much. What a reviewer would not act on — the
order of needs, the segments an item is aimed at, a persona's goals — is not
compared in a journey. A catalog's entries are what many journeys share, so
there their details are compared too, and an entry whose id changed while
its name stayed is "renamed", not removed and added.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from cjmap.diff import words
from cjmap.diff.blueprint import pair_actions
from cjmap.diff.changes import Change
from cjmap.diff.moves import moved
from cjmap.model import (
    Action,
    BlueprintAction,
    Catalog,
    Journey,
    Objective,
    Persona,
    Segment,
    Stage,
    Touchpoint,
)
from cjmap.navigate import JourneyIndex, persona_list, touchpoint_definitions


def compare(old: Journey, new: Journey) -> list[Change]:
    """Every change from `old` to `new`: the journey's first, then stage by
    stage in the new order, then the stages that were removed."""
    changes = _Comparison(old, new).run()
    order = {stage.id: index for index, stage in enumerate(new.stages)}
    for stage in old.stages:
        order.setdefault(stage.id, len(order))
    return sorted(changes, key=lambda change: -1 if change.stage is None else order[change.stage])


def journey_added(journey: Journey) -> Change:
    stages = words.plural(len(journey.stages), "stage")
    return Change("journey-added", "journey", f"new journey {words.named(journey.title, journey.id)} with {stages}",
                  entity=journey.id, new=journey.title)


def journey_removed(journey: Journey) -> Change:
    stages = words.plural(len(journey.stages), "stage")
    return Change("journey-removed", "journey",
                  f"journey {words.named(journey.title, journey.id)} removed (it had {stages})",
                  entity=journey.id, old=journey.title)


class _Placed(NamedTuple):
    """An objective or an action with the stage it stands in."""

    stage: Stage
    thing: Any


# Lists of a stage known by their text alone: (attribute, subject), in the
# order of the map, around emotions and pain points.
_BEFORE_EMOTIONS = (("needs", "need"), ("questions", "question"))
_AFTER_PAIN_POINTS = (("opportunities", "opportunity"), ("feedback", "feedback"))


class _Recorder:
    """The changes found so far, in words, and the comparisons a journey and a
    catalog both make: things with names, values, texts, owners, touchpoints."""

    def __init__(self, old_teams: Iterable[Any], new_teams: Iterable[Any]) -> None:
        self.teams = ({team.id: team.name for team in old_teams}, {team.id: team.name for team in new_teams})
        self.changes: list[Change] = []
        self.stage: Stage | None = None  # the stage the next changes belong to

    # --- recording --------------------------------------------------------

    def _add(self, kind: str, subject: str, text: str, *, entity: str | None = None,
             field: str | None = None, old: Any = None, new: Any = None) -> None:
        stage = self.stage
        self.changes.append(Change(
            kind, subject, text,
            stage=None if stage is None else stage.id,
            stage_name=None if stage is None else stage.name,
            entity=entity, field=field, old=words.plain(old), new=words.plain(new),
        ))

    def _value(self, kind: str, subject: str, field: str, old: Any, new: Any, *, entity: str,
               prefix: str = "", label: str | None = None, show: Callable[[Any], str] = str) -> None:
        """A value that was edited, set or cleared."""
        if old == new:
            return
        phrase = words.value_change(label or field.replace("_", " "),
                                    None if old is None else show(old), None if new is None else show(new))
        self._add(kind, subject, prefix + phrase, entity=entity, field=field, old=old, new=new)

    def _text(self, kind: str, subject: str, field: str, old: str | None, new: str | None, *, entity: str,
              what: str | None = None) -> None:
        """A long text: that it changed, not the text itself (JSON has both).
        `what` names whose text it is, when the subject alone does not."""
        if old == new:
            return
        done = "added" if old is None else "removed" if new is None else "changed"
        self._add(kind, subject, f"{what or subject} {field} {done}", entity=entity, field=field, old=old, new=new)

    def _duration(self, kind: str, subject: str, field: str, old: float | None, new: float | None, *,
                  entity: str, prefix: str) -> None:
        """A duration that was set or removed, or that grew or shrank (by how much)."""
        if old is None or new is None:
            self._value(kind, subject, field, old, new, entity=entity, prefix=prefix, show=words.duration)
        elif old != new:
            self._add(kind, subject, prefix + words.duration_change(field, old, new), entity=entity, field=field,
                      old=old, new=new)

    def _members(self, kind: str, subject: str, field: str, label: str, old: Sequence[str], new: Sequence[str],
                 *, entity: str, what: str) -> None:
        """Texts or ids that joined or left one of an entry's lists."""
        for text in _missing(new, old):
            self._add(kind, subject, f"{what}: {label} {words.quoted(text)} added", entity=entity, field=field,
                      new=text)
        for text in _missing(old, new):
            self._add(kind, subject, f"{what}: {label} {words.quoted(text)} removed", entity=entity, field=field,
                      old=text)

    def _owner(self, subject: str, old: str | None, new: str | None, *, entity: str, prefix: str = "") -> None:
        if old == new:
            return
        before = None if old is None else words.team(self.teams[0], old)
        after = None if new is None else words.team(self.teams[1], new)
        if before is None:
            text = f"ownership given to {after}"
        elif after is None:
            text = f"no longer owned by {before}"
        else:
            text = f"ownership moved from {before} to {after}"
        self._add("owner-changed", subject, prefix + text, entity=entity, field="owner", old=old, new=new)

    def _named(self, subject: str, old: Iterable[Any], new: Iterable[Any], *, renames: bool = True,
               new_ids: bool = False) -> list[tuple[Any, Any]]:
        """Things with an id and a name: added, removed, renamed. With
        `new_ids`, one that kept its name under a new id is renamed too.
        Returns the pairs of old and new versions of each thing kept."""
        before = {thing.id: thing for thing in old}
        after = {thing.id: thing for thing in new}
        was = _same_name(before, after) if new_ids else {}  # new id → old id
        for ident, thing in after.items():
            if ident not in before and ident not in was:
                self._add(f"{subject}-added", subject, f"{subject} {words.named(thing.name, ident)} added",
                          entity=ident, new=thing.name)
        gone = set(was.values())
        for ident, thing in before.items():
            if ident not in after and ident not in gone:
                self._add(f"{subject}-removed", subject, f"{subject} {words.named(thing.name, ident)} removed",
                          entity=ident, old=thing.name)
        for ident, thing in after.items():
            if ident in was:
                self._add(f"{subject}-renamed", subject,
                          f"{subject} {words.named(thing.name, was[ident])} now has the id {ident}",
                          entity=ident, field="id", old=was[ident], new=ident)
            elif renames and ident in before and before[ident].name != thing.name:
                self._add(f"{subject}-renamed", subject,
                          f"{subject} {words.named(before[ident].name, ident)} renamed to {words.quoted(thing.name)}",
                          entity=ident, field="name", old=before[ident].name, new=thing.name)
        return [(before[was.get(ident, ident)], thing) for ident, thing in after.items()
                if was.get(ident, ident) in before]

    def _texts(self, subject: str, old: Sequence[str], new: Sequence[str]) -> None:
        """Things known by their text alone: added or removed."""
        label = subject.replace("-", " ")
        for text in _missing(new, old):
            self._add(f"{subject}-added", subject, f"{label} {words.quoted(text)} added", entity=text, new=text)
        for text in _missing(old, new):
            self._add(f"{subject}-removed", subject, f"{label} {words.quoted(text)} removed", entity=text, old=text)

    def _touchpoint(self, old: Touchpoint, new: Touchpoint) -> None:
        ident = new.id
        if old.name != new.name:
            self._add("touchpoint-renamed", "touchpoint",
                      f"touchpoint {words.named(old.name, ident)} renamed to {words.quoted(new.name)}",
                      entity=ident, field="name", old=old.name, new=new.name)
        prefix = f"touchpoint {words.named(new.name, ident)}: "
        self._value("touchpoint-changed", "touchpoint", "channel", old.channel, new.channel,
                    entity=ident, prefix=prefix)
        self._value("touchpoint-changed", "touchpoint", "mode", old.effective_mode, new.effective_mode,
                    entity=ident, prefix=prefix)
        self._owner("touchpoint", old.owner, new.owner, entity=ident, prefix=prefix)


class _Comparison(_Recorder):
    """The comparison of two journeys."""

    def __init__(self, old: Journey, new: Journey) -> None:
        super().__init__(old.teams, new.teams)
        self.old, self.new = old, new
        self.index = (JourneyIndex(old), JourneyIndex(new))

    def run(self) -> list[Change]:
        self._journey()
        self._stages()
        self._touchpoint_definitions()
        self._objectives()
        self._actions()
        self._blueprints()
        return self.changes

    # --- the journey as a whole ----------------------------------------------

    def _journey(self) -> None:
        old, new = self.old, self.new
        for path in _missing(new.catalogs, old.catalogs):
            self._add("journey-changed", "journey", f"journey now uses the catalog {words.quoted(path)}",
                      entity=new.id, field="catalogs", new=path)
        for path in _missing(old.catalogs, new.catalogs):
            self._add("journey-changed", "journey", f"journey no longer uses the catalog {words.quoted(path)}",
                      entity=new.id, field="catalogs", old=path)
        for field, show in (("id", str), ("title", words.quoted), ("language", str)):
            self._value("journey-changed", "journey", field, getattr(old, field), getattr(new, field),
                        entity=new.id, prefix="journey ", show=show)
        self._text("journey-changed", "journey", "description", old.description, new.description, entity=new.id)
        self._owner("journey", old.owner, new.owner, entity=new.id, prefix="journey ")
        self._texts("tag", old.tags, new.tags)
        self._named("persona", persona_list(old), persona_list(new))
        self._named("segment", old.segments, new.segments)
        self._named("team", old.teams, new.teams)
        self._named("touchpoint", old.touchpoints, new.touchpoints, renames=False)

    # --- stages ------------------------------------------------------------

    def _stages(self) -> None:
        before = {stage.id: stage for stage in self.old.stages}
        after = {stage.id: stage for stage in self.new.stages}
        shifted = moved(list(before), list(after))
        old_position = {stage.id: position for position, stage in enumerate(self.old.stages)}  # as `before`: the last
        for position, stage in enumerate(self.new.stages):
            self.stage = stage
            if stage.id not in before:
                self._add("stage-added", "stage", f"stage added {_place(self.new.stages, position)}",
                          entity=stage.id, new=stage.name)
                continue
            if stage.id in shifted:
                was = old_position[stage.id]
                self._add("stage-moved", "stage",
                          f"stage moved: now {_place(self.new.stages, position)} "
                          f"(was {_place(self.old.stages, was)})",
                          entity=stage.id, field="position", old=was + 1, new=position + 1)
            self._stage(before[stage.id], stage)
        for stage in self.old.stages:
            if stage.id not in after:
                self.stage = stage
                self._add("stage-removed", "stage", "stage removed", entity=stage.id, old=stage.name)
        self.stage = None

    def _stage(self, old: Stage, new: Stage) -> None:
        if old.name != new.name:
            self._add("stage-renamed", "stage",
                      f"stage renamed from {words.quoted(old.name)} to {words.quoted(new.name)}",
                      entity=new.id, field="name", old=old.name, new=new.name)
        self._value("stage-changed", "stage", "phase", old.phase, new.phase, entity=new.id, prefix="stage ")
        self._owner("stage", old.owner, new.owner, entity=new.id, prefix="stage ")
        self._text("stage-changed", "stage", "description", old.description, new.description, entity=new.id)
        self._named("touchpoint", [self.index[0].touchpoint(t) for t in old.touchpoints],
                    [self.index[1].touchpoint(t) for t in new.touchpoints], renames=False)
        self._steps(old, new)
        for lane, subject in _BEFORE_EMOTIONS:
            self._texts(subject, _lane(old, lane), _lane(new, lane))
        self._emotions(old, new)
        self._pain_points(old, new)
        for lane, subject in _AFTER_PAIN_POINTS:
            self._texts(subject, _lane(old, lane), _lane(new, lane))

    def _steps(self, old: Stage, new: Stage) -> None:
        self._texts("step", _lane(old, "steps"), _lane(new, "steps"))
        for was, step in _same_text(old.steps, new.steps):
            prefix = f"step {words.quoted(step.text)}: "
            if was.score is not None and step.score is not None and was.score != step.score:
                self._score(step.text, "score", was.score, step.score, f"at step {words.quoted(step.text)} ")
            else:
                self._value("step-changed", "step", "score", was.score, step.score, entity=step.text,
                            prefix=prefix, show=words.score)
            for field in ("duration", "wait"):
                self._duration("step-changed", "step", field, getattr(was, field), getattr(step, field),
                               entity=step.text, prefix=prefix)
            if was.moment_of_truth != step.moment_of_truth:
                now = "now a moment of truth" if step.moment_of_truth else "no longer a moment of truth"
                self._add("step-changed", "step", prefix + now, entity=step.text, field="moment_of_truth",
                          old=was.moment_of_truth, new=step.moment_of_truth)

    def _score(self, entity: str, field: str, old: int, new: int, where: str = "") -> None:
        direction = "rose" if new > old else "fell"
        self._add(f"emotion-{direction}", "step" if where else "stage",
                  f"emotion score {where}{direction} from {words.score(old)} to {words.score(new)}",
                  entity=entity, field=field, old=old, new=new)

    def _emotions(self, old: Stage, new: Stage) -> None:
        before, after = old.emotions, new.emotions
        if before is None and after is not None:
            feelings = f" ({', '.join(after.feelings)})" if after.feelings else ""
            self._add("emotions-added", "emotions", f"emotions added: score {words.score(after.score)}{feelings}",
                      entity=new.id, field="emotions", new=after.score)
        elif before is not None and after is None:
            self._add("emotions-removed", "emotions", f"emotions removed (the score was {words.score(before.score)})",
                      entity=new.id, field="emotions", old=before.score)
        elif before is not None and after is not None:
            if before.score != after.score:
                self._score(new.id, "emotions.score", before.score, after.score)
            self._texts("feeling", before.feelings, after.feelings)

    def _pain_points(self, old: Stage, new: Stage) -> None:
        self._texts("pain-point", _lane(old, "pain_points"), _lane(new, "pain_points"))
        for was, pain in _same_text(old.pain_points, new.pain_points):
            self._value("pain-point-changed", "pain-point", "severity", was.severity, pain.severity,
                        entity=pain.text, prefix=f"pain point {words.quoted(pain.text)}: ")

    # --- touchpoints, objectives and actions, wherever they stand --------------

    def _touchpoint_definitions(self) -> None:
        before = {t.id: t for _, t in reversed(list(touchpoint_definitions(self.old)))}
        homes = {t.id: stage for stage in self.new.stages for t in stage.touchpoints if isinstance(t, Touchpoint)}
        for _, touchpoint in touchpoint_definitions(self.new):
            was = before.pop(touchpoint.id, None)
            if was is None:
                continue
            self.stage = homes.get(touchpoint.id)
            self._touchpoint(was, touchpoint)
        self.stage = None

    def _objectives(self) -> None:
        before = {o.id: _Placed(stage, o) for stage in self.old.stages for o in stage.objectives}
        for stage in self.new.stages:
            for objective in stage.objectives:
                self.stage = stage
                was = before.pop(objective.id, None)
                label = f"objective {words.named(objective.statement, objective.id)}"
                if was is None:
                    self._add("objective-added", "objective", f"{label} added",
                              entity=objective.id, new=objective.statement)
                    continue
                if was.stage.id != stage.id:
                    self._add("objective-moved", "objective",
                              f"{label} moved here from stage {words.quoted(was.stage.name)}",
                              entity=objective.id, field="stage", old=was.stage.id, new=stage.id)
                self._objective(was.thing, objective)
        for was in before.values():
            self.stage = was.stage
            self._add("objective-removed", "objective",
                      f"objective {words.named(was.thing.statement, was.thing.id)} removed",
                      entity=was.thing.id, old=was.thing.statement)
        self.stage = None

    def _objective(self, old: Objective, new: Objective) -> None:
        ident = new.id
        prefix = f"objective {words.quoted(ident)}: "
        self._value("objective-changed", "objective", "statement", old.statement, new.statement,
                    entity=ident, prefix=prefix, show=words.quoted)
        self._value("objective-changed", "objective", "metric", old.metric, new.metric,
                    entity=ident, prefix=prefix, show=words.quoted)
        for field in ("target", "baseline"):
            old_value, new_value = getattr(old, field), getattr(new, field)
            if old_value != new_value:
                shown = (words.quantity(old_value, old.unit) if old_value is not None else None,
                         words.quantity(new_value, new.unit) if new_value is not None else None)
                self._add("objective-changed", "objective", prefix + words.value_change(field, *shown),
                          entity=ident, field=field, old=old_value, new=new_value)
        self._value("objective-changed", "objective", "unit", old.unit, new.unit,
                    entity=ident, prefix=prefix, show=words.quoted)
        self._value("objective-changed", "objective", "direction", old.effective_direction,
                    new.effective_direction, entity=ident, prefix=prefix)
        self._value("objective-changed", "objective", "due", old.due, new.due,
                    entity=ident, prefix=prefix, label="due date", show=lambda day: day.isoformat())
        self._owner("objective", old.owner, new.owner, entity=ident, prefix=prefix)

    def _actions(self) -> None:
        before = [_Placed(stage, a) for stage in self.old.stages for a in stage.actions]
        after = [_Placed(stage, a) for stage in self.new.stages for a in stage.actions]
        pairs = _match_actions(before, after)
        for position, placed in enumerate(after):
            self.stage, action = placed
            if position not in pairs:
                self._add("action-added", "action", f"action {words.quoted(action.title)} added",
                          entity=_action_key(action), new=action.title)
                continue
            was = before[pairs[position]]
            if was.stage.id != placed.stage.id:
                self._add("action-moved", "action",
                          f"action {words.quoted(action.title)} moved here from stage {words.quoted(was.stage.name)}",
                          entity=_action_key(action), field="stage", old=was.stage.id, new=placed.stage.id)
            self._action(was.thing, action)
        matched = set(pairs.values())
        for position, (stage, action) in enumerate(before):
            if position not in matched:
                self.stage = stage
                self._add("action-removed", "action", f"action {words.quoted(action.title)} removed",
                          entity=_action_key(action), old=action.title)
        self.stage = None

    def _action(self, old: Action, new: Action) -> None:
        entity = _action_key(new)
        prefix = f"action {words.quoted(new.title)}: "
        self._value("action-changed", "action", "title", old.title, new.title, entity=entity,
                    prefix=f"action {words.quoted(entity)}: ", show=words.quoted)
        self._value("action-status-changed", "action", "status", old.status, new.status,
                    entity=entity, prefix=prefix)
        self._value("action-changed", "action", "type", old.type, new.type, entity=entity, prefix=prefix)
        self._owner("action", old.owner, new.owner, entity=entity, prefix=prefix)
        self._touchpoint_named("action-changed", "action", old.touchpoint, new.touchpoint, entity=entity,
                               prefix=prefix)

    def _touchpoint_named(self, kind: str, subject: str, old: str | None, new: str | None, *, entity: str,
                          prefix: str) -> None:
        """The touchpoint an action names, by its name in each version."""
        if old == new:
            return
        shown = (None if old is None else _touchpoint_name(self.index[0], old),
                 None if new is None else _touchpoint_name(self.index[1], new))
        self._add(kind, subject, prefix + words.value_change("touchpoint", *shown), entity=entity,
                  field="touchpoint", old=old, new=new)

    # --- the blueprint lanes, below the stage's actions as on the map ------------

    def _blueprints(self) -> None:
        """Evidence and blueprint actions of every stage on both sides: those of
        a new or removed stage are not listed one by one."""
        before = {stage.id: stage for stage in self.old.stages}
        for stage in self.new.stages:
            was = before.get(stage.id)
            if was is None:
                continue
            self.stage = stage
            self._texts("evidence", _lane(was, "evidence"), _lane(stage, "evidence"))
            for lane, old_lane, old, new in pair_actions(was, stage):
                if old is None:
                    self._add("blueprint-action-added", lane, f"{lane} action {words.quoted(new.text)} added",
                              entity=new.text, new=new.text)
                elif new is None:
                    self._add("blueprint-action-removed", lane, f"{lane} action {words.quoted(old.text)} removed",
                              entity=old.text, old=old.text)
                else:
                    if old_lane != lane:
                        self._add("blueprint-action-moved", lane,
                                  f"action {words.quoted(new.text)} moved from {old_lane} to {lane}",
                                  entity=new.text, field="lane", old=old_lane, new=lane)
                    self._blueprint_action(lane, old, new)
        self.stage = None

    def _blueprint_action(self, lane: str, old: BlueprintAction, new: BlueprintAction) -> None:
        entity = new.text
        prefix = f"{lane} action {words.quoted(new.text)}: "
        self._owner(lane, old.owner, new.owner, entity=entity, prefix=prefix)
        self._value("blueprint-action-changed", lane, "system", old.system, new.system, entity=entity,
                    prefix=prefix, show=words.quoted)
        self._touchpoint_named("blueprint-action-changed", lane, old.touchpoint, new.touchpoint, entity=entity,
                               prefix=prefix)
        self._duration("blueprint-action-changed", lane, "duration", old.duration, new.duration, entity=entity,
                       prefix=prefix)


def compare_catalogs(old: Catalog, new: Catalog) -> list[Change]:
    """Every change from `old` to `new`: the catalog's own, then its
    personas, segments, teams and touchpoints, each added, removed, renamed
    (a new name, or a new id under the same name) or changed."""
    return _CatalogComparison(old, new).run()


def catalog_added(catalog: Catalog) -> Change:
    return Change("catalog-added", "catalog", f"new catalog {_catalog_name(catalog)} with {_contents(catalog)}",
                  entity=catalog.id, new=catalog.title)


def catalog_removed(catalog: Catalog) -> Change:
    return Change("catalog-removed", "catalog",
                  f"catalog {_catalog_name(catalog)} removed (it had {_contents(catalog)})",
                  entity=catalog.id, old=catalog.title)


def _catalog_name(catalog: Catalog) -> str:
    return words.quoted(catalog.id) if catalog.title is None else words.named(catalog.title, catalog.id)


def _contents(catalog: Catalog) -> str:
    """`2 personas, 1 segment, no teams and 3 touchpoints`."""
    counts = [words.plural(len(getattr(catalog, key)), noun) if getattr(catalog, key) else f"no {key}"
              for noun, key in (("persona", "personas"), ("segment", "segments"), ("team", "teams"),
                                ("touchpoint", "touchpoints"))]
    return ", ".join(counts[:-1]) + " and " + counts[-1]


class _CatalogComparison(_Recorder):
    """The comparison of two catalogs: a catalog holds no stages, and its
    entries are compared in full."""

    def __init__(self, old: Catalog, new: Catalog) -> None:
        super().__init__(old.teams, new.teams)
        self.old, self.new = old, new

    def run(self) -> list[Change]:
        old, new = self.old, self.new
        for field, show in (("id", str), ("title", words.quoted)):
            self._value("catalog-changed", "catalog", field, getattr(old, field), getattr(new, field),
                        entity=new.id, prefix="catalog ", show=show)
        self._text("catalog-changed", "catalog", "description", old.description, new.description, entity=new.id)
        for was, persona in self._named("persona", old.personas, new.personas, new_ids=True):
            self._persona(was, persona)
        for was, segment in self._named("segment", old.segments, new.segments, new_ids=True):
            self._segment(was, segment)
        self._named("team", old.teams, new.teams, new_ids=True)
        for was, touchpoint in self._named("touchpoint", old.touchpoints, new.touchpoints, renames=False,
                                           new_ids=True):
            self._touchpoint(was, touchpoint)
            what = f"touchpoint {words.named(touchpoint.name, touchpoint.id)}"
            self._members("touchpoint-changed", "touchpoint", "segments", "segment", was.segments,
                          touchpoint.segments, entity=touchpoint.id, what=what)
            self._text("touchpoint-changed", "touchpoint", "description", was.description, touchpoint.description,
                       entity=touchpoint.id, what=what)
        return self.changes

    def _persona(self, old: Persona, new: Persona) -> None:
        what = f"persona {words.named(new.name, new.id)}"
        self._text("persona-changed", "persona", "description", old.description, new.description,
                   entity=new.id, what=what)
        self._members("persona-changed", "persona", "goals", "goal", old.goals, new.goals, entity=new.id, what=what)
        self._members("persona-changed", "persona", "frustrations", "frustration", old.frustrations,
                      new.frustrations, entity=new.id, what=what)

    def _segment(self, old: Segment, new: Segment) -> None:
        what = f"segment {words.named(new.name, new.id)}"
        self._text("segment-changed", "segment", "criteria", old.criteria, new.criteria, entity=new.id, what=what)
        self._members("segment-changed", "segment", "personas", "persona", old.personas, new.personas,
                      entity=new.id, what=what)


def _same_name(before: dict[str, Any], after: dict[str, Any]) -> dict[str, str]:
    """The things that kept their name under a new id, new id → old id: the
    name is that of exactly one thing that left and one that came."""
    left = [thing for ident, thing in before.items() if ident not in after]
    came = [thing for ident, thing in after.items() if ident not in before]
    left_names, came_names = Counter(t.name for t in left), Counter(t.name for t in came)
    old_id = {thing.name: thing.id for thing in left}
    return {thing.id: old_id[thing.name] for thing in came if left_names[thing.name] == came_names[thing.name] == 1}


def _missing(these: Sequence[str], others: Sequence[str]) -> list[str]:
    """The texts of `these` that `others` lacks, counting repeats."""
    left = Counter(others)
    missing = []
    for text in these:
        if left[text]:
            left[text] -= 1
        else:
            missing.append(text)
    return missing


def _lane(stage: Stage, lane: str) -> list[str]:
    return [item.text for item in getattr(stage, lane)]


def _same_text(old: Sequence[Any], new: Sequence[Any]) -> list[tuple[Any, Any]]:
    """Pairs of items with the same text, the first of each text on each side."""
    before, after = _first_by_text(old), _first_by_text(new)
    return [(before[text], item) for text, item in after.items() if text in before]


def _first_by_text(items: Sequence[Any]) -> dict[str, Any]:
    first: dict[str, Any] = {}
    for item in items:
        first.setdefault(item.text, item)
    return first


def _place(stages: Sequence[Stage], position: int) -> str:
    if position == 0:
        return "first"
    return f"after {words.quoted(stages[position - 1].name)}"


def _action_key(action: Action) -> str:
    return action.id or action.title


def _touchpoint_name(index: JourneyIndex, ident: str) -> str:
    return words.named(index.touchpoint(ident).name, ident)


def _match_actions(before: list[_Placed], after: list[_Placed]) -> dict[int, int]:
    """The old position of each new action that has one: the action with the
    same id, else an unmatched one in the same stage with the same title."""
    by_id = {placed.thing.id: position for position, placed in enumerate(before) if placed.thing.id}
    pairs = {
        position: by_id[placed.thing.id]
        for position, placed in enumerate(after)
        if placed.thing.id in by_id
    }
    taken = set(pairs.values())
    # The old actions still free, by stage and title, in their order: looking
    # through every old action for each new one was quadratic.
    free: dict[tuple[str, str], deque[int]] = {}
    for old_position, was in enumerate(before):
        if old_position not in taken:
            free.setdefault((was.stage.id, was.thing.title), deque()).append(old_position)
    for position, placed in enumerate(after):
        if position in pairs:
            continue
        waiting = free.get((placed.stage.id, placed.thing.title))
        if waiting:
            pairs[position] = waiting.popleft()
    return pairs
