"""One change between two versions of a journey: a machine kind and plain words.

The `kind` is the contract with scripts (docs/diff.md lists every one); the
`text` is for the marketers and CX leads who review a pull request. `text`
reads under the heading of its stage ("need “Know the price” added");
`message` is the same change as a sentence that stands on its own, for JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cjmap.diff.words import quoted

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
)

# The keys of a change in JSON, in their order.
JSON_KEYS = ("kind", "subject", "stage", "entity", "field", "old", "new", "message")
_MARKERS = {"added": "+", "removed": "-", "rose": "↑", "fell": "↓"}


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    subject: str  # what changed: journey, stage, need, objective…
    text: str  # the change in words, without its stage
    stage: str | None = None  # the stage's id; None for the journey as a whole
    stage_name: str | None = None
    entity: str | None = None  # the id, or the text of things that have no id
    field: str | None = None
    old: Any = None
    new: Any = None

    @property
    def event(self) -> str:
        """The last word of the kind: added, removed, rose, fell, changed…"""
        return self.kind.rsplit("-", 1)[1]

    @property
    def marker(self) -> str:
        return _MARKERS.get(self.event, "~")

    @property
    def message(self) -> str:
        sentence = self.text[:1].upper() + self.text[1:] + "."
        if self.stage is None:
            return sentence
        return f"Stage {quoted(self.stage_name)}: {self.text}."

    def as_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in JSON_KEYS}
