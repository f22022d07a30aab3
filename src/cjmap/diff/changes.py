"""One change between two versions of a journey or a catalog: a machine kind
and plain words.

The `kind` is the contract with scripts (docs/diff.md lists every one); the
`text` is for the marketers and CX leads who review a pull request. `text`
reads under the heading of its stage ("need “Know the price” added");
`message` is the same change as a sentence that stands on its own, for JSON.
A catalog's change also says which journeys of the workspace use what
changed (`used_by`): `shown` is its text with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cjmap.diff.words import plural, quoted

# Every kind, by what it says happened; docs/diff.md explains each one.
KINDS: tuple[str, ...] = (
    "journey-added", "journey-removed", "journey-changed",
    "tag-added", "tag-removed",
    "persona-added", "persona-removed", "persona-renamed",
    "segment-added", "segment-removed", "segment-renamed",
    "team-added", "team-removed", "team-renamed",
    "touchpoint-added", "touchpoint-removed", "touchpoint-renamed", "touchpoint-changed",
    "owner-changed",
    "stage-added", "stage-removed", "stage-renamed", "stage-moved", "stage-changed",
    "step-added", "step-removed", "step-changed",
    "need-added", "need-removed",
    "question-added", "question-removed",
    "emotions-added", "emotions-removed", "emotion-rose", "emotion-fell",
    "feeling-added", "feeling-removed",
    "pain-point-added", "pain-point-removed", "pain-point-changed",
    "opportunity-added", "opportunity-removed",
    "feedback-added", "feedback-removed",
    "objective-added", "objective-removed", "objective-moved", "objective-changed",
    "action-added", "action-removed", "action-moved", "action-status-changed", "action-changed",
    "evidence-added", "evidence-removed",
    "blueprint-action-added", "blueprint-action-removed", "blueprint-action-moved", "blueprint-action-changed",
)

# Every kind a catalog's changes have: its own, and those of the entries it
# shares with a journey's (docs/diff.md, "Catalogs").
CATALOG_KINDS: tuple[str, ...] = (
    "catalog-added", "catalog-removed", "catalog-changed",
    "persona-added", "persona-removed", "persona-renamed", "persona-changed",
    "segment-added", "segment-removed", "segment-renamed", "segment-changed",
    "team-added", "team-removed", "team-renamed",
    "touchpoint-added", "touchpoint-removed", "touchpoint-renamed", "touchpoint-changed",
    "owner-changed",
)

# The keys of a change in JSON, in their order; a catalog's changes add `used_by`.
JSON_KEYS = ("kind", "subject", "stage", "entity", "field", "old", "new", "message")
_MARKERS = {"added": "+", "removed": "-", "rose": "↑", "fell": "↓"}
# The journeys a change names in words; JSON lists them all.
_NAMED_USERS = 5


@dataclass(frozen=True, slots=True)
class JourneyRef:
    """A journey of the workspace: its id, and its file as messages show it."""

    id: str
    file: str


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    subject: str  # what changed: journey, stage, need, objective…; a blueprint action's lane
    text: str  # the change in words, without its stage
    stage: str | None = None  # the stage's id; None for the journey as a whole
    stage_name: str | None = None
    entity: str | None = None  # the id, or the text of things that have no id
    field: str | None = None
    old: Any = None
    new: Any = None
    used_by: tuple[JourneyRef, ...] | None = None  # a catalog's change: the journeys that use what changed

    @property
    def event(self) -> str:
        """The last word of the kind: added, removed, rose, fell, changed…"""
        return self.kind.rsplit("-", 1)[1]

    @property
    def marker(self) -> str:
        return _MARKERS.get(self.event, "~")

    @property
    def usage(self) -> str | None:
        """`used by 2 journeys: first-week, signup`; None for a journey's change."""
        if self.used_by is None:
            return None
        if not self.used_by:
            return "used by no journey"
        ids = [journey.id for journey in self.used_by]
        more = len(ids) - _NAMED_USERS
        named = ", ".join(ids[:_NAMED_USERS]) + (f" and {more} more" if more > 0 else "")
        return f"used by {plural(len(ids), 'journey')}: {named}"

    @property
    def shown(self) -> str:
        """The text, and for a catalog's change the journeys that use what changed."""
        return self.text if self.usage is None else f"{self.text} — {self.usage}"

    @property
    def message(self) -> str:
        text = self.text if self.usage is None else f"{self.text}; {self.usage}"
        sentence = text[:1].upper() + text[1:] + "."
        if self.stage is None:
            return sentence
        return f"Stage {quoted(self.stage_name)}: {text}."

    def as_dict(self) -> dict[str, Any]:
        found = {key: getattr(self, key) for key in JSON_KEYS}
        if self.used_by is not None:
            found["used_by"] = [{"id": journey.id, "file": journey.file} for journey in self.used_by]
        return found
