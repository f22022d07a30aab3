"""The grid's lanes, and the words a grid may use, in every language.

A grid has one row per lane, in this order, each named in English, Spanish
or Catalan, in any case, with or without accents (`Puntos de dolor`,
`PAIN POINTS`, `punts de dolor`). `cjmap export` names them in the journey's
language; `cjmap import` reads any of the names below. The same goes for the
fixed words a cell may hold (phases, channels, severities, action types and
statuses, objective directions): written in the journey's language, read in
any, and the format's own values (`post-purchase`, `store`) always.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import get_args

from cjmap.choices import LANGUAGES
from cjmap.i18n import CATALOG, Translate
from cjmap.model import BLUEPRINT_LANES, ActionStatus, ActionType, Channel, Direction, Phase, Severity

STAGE = "stage"
"""The header row (or, in a grid turned sideways, column): the stage names."""

LANES = (
    "phase", "steps", "needs", "questions", "emotions", "feelings", "pain_points", "opportunities",
    "touchpoints", "objectives", "actions", "feedback", *BLUEPRINT_LANES, "owner",
)
"""Every lane a grid holds, in the order `cjmap export` writes them."""

# The key of each lane's name in the catalog of words.
_LABEL_KEYS = {lane: f"lane.{lane}" for lane in LANES} | {
    STAGE: "lane.stage", "phase": "grid.phase", "feelings": "grid.feelings",
}
# Names other tools and teams give the lanes, besides the catalog's.
_OTHER_NAMES = {
    STAGE: ("stages", "etapas", "etapes", "journey stage"),
    "phase": ("phases", "fases"),
    "steps": ("step", "customer actions", "acciones del cliente", "accions del client", "doing", "passos", "pasos"),
    "needs": ("need", "necesidad", "necessitat", "necessitats"),
    "questions": ("question", "pregunta", "preguntes"),
    "emotions": ("emotion", "emocion", "emocio", "emotional score", "score", "puntuacion", "puntuacio"),
    "feelings": ("feeling", "sentimiento", "sentiment", "thinking and feeling"),
    "pain_points": ("pain point", "pains", "pain", "painpoints", "dolores", "punts de dolor", "punto de dolor"),
    "opportunities": ("opportunity", "oportunidad", "oportunitat", "oportunitats"),
    "touchpoints": ("touchpoint", "touch points", "touch point", "punto de contacto", "punts de contacte",
                    "punt de contacte"),
    "objectives": ("objective", "objetivo", "objectiu", "goals", "kpis"),
    "actions": ("action", "accion", "accio", "content", "contenido", "contingut"),
    "feedback": ("opiniones", "opinions", "comentarios", "comentaris", "voice of the customer"),
    "evidence": ("physical evidence", "evidencia", "evidencies", "evidencias", "proves"),
    "frontstage": ("front stage", "onstage", "frontstage actions"),
    "backstage": ("back stage", "backstage actions"),
    "support": ("support processes", "support process", "soporte", "suport", "procesos de soporte",
                "processos de suport"),
    "owner": ("owners", "responsable", "responsables", "team", "equipo", "equip"),
}

WORDS = {
    "phase": ("phase", get_args(Phase)),
    "channel": ("channel", get_args(Channel)),
    "severity": ("severity", get_args(Severity)),
    "type": ("type", get_args(ActionType)),
    "status": ("status", get_args(ActionStatus)),
    "direction": ("grid", get_args(Direction)),
}
"""Each kind of fixed word: the prefix of its words in the catalog, and its values."""

# Words teams use for the phases, besides the catalog's.
_OTHER_WORDS = {
    "phase": {
        "awareness": ("discovery", "conocimiento", "reconocimiento", "notoriedad", "coneixement", "notorietat"),
        "consideration": ("research", "evaluation", "evaluacion", "avaluacio"),
        "decision": ("decide",),
        "purchase": ("buy", "conversion", "conversio", "conversion"),
        "post-purchase": ("post purchase", "after sales", "onboarding", "posventa", "postcompra", "postcompra"),
        "loyalty": ("retention", "retencion", "retencio", "fidelidad", "fidelitat"),
        "advocacy": ("referral", "recomendacion", "prescripcion", "prescripcio"),
    },
}


def normal(name: str) -> str:
    """A name as names are compared: no accents, lower case, one space
    between words (`_` and `-` are spaces), no `:` at the end."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\s_\-]+", " ", plain).strip(" :")


@cache
def _lane_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for lane, key in _LABEL_KEYS.items():
        for language in LANGUAGES:
            names[normal(CATALOG[language][key])] = lane
        names[normal(lane)] = lane
        for other in _OTHER_NAMES.get(lane, ()):
            names[normal(other)] = lane
    return names


def lane_named(name: str) -> str | None:
    """The lane (or STAGE) a row's name means, or None."""
    return _lane_names().get(normal(name))


def lane_names() -> list[str]:
    """The lanes' English names, for a hint."""
    return [CATALOG["en"][_LABEL_KEYS[lane]] for lane in LANES]


def label(lane: str, t: Translate) -> str:
    """A lane's (or STAGE's) name in the language of `t`."""
    return t(_LABEL_KEYS[lane])


@cache
def _words(kind: str) -> dict[str, str]:
    prefix, values = WORDS[kind]
    found: dict[str, str] = {}
    for value in values:
        found[normal(value)] = value
        for language in LANGUAGES:
            found.setdefault(normal(CATALOG[language][f"{prefix}.{value}"]), value)
        for other in _OTHER_WORDS.get(kind, {}).get(value, ()):
            found.setdefault(normal(other), value)
    return found


def word_named(kind: str, text: str) -> str | None:
    """The format's value a word of `kind` names, in any language, or None."""
    return _words(kind).get(normal(text))


def word(kind: str, value: str, t: Translate) -> str:
    """A format value of `kind` as a word in the language of `t`."""
    prefix, _ = WORDS[kind]
    return t(f"{prefix}.{value}")


def choices(kind: str, t: Translate) -> str:
    """Every word of `kind` in the language of `t`, for a hint."""
    return ", ".join(word(kind, value, t) for value in WORDS[kind][1])
