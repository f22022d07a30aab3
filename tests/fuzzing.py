"""Fuzzing cjmap: journey-shaped documents, their mutations, and one function
that runs a document through every command path and checks what comes out.

Shared by `tests/test_fuzz.py` (hypothesis, bounded for CI) and
`bench/fuzz.py` (long runs). Nothing here is a test by itself.

- `journey_data()`: a journey as Python data, mirroring FORMAT.md: top level,
  personas, segments, teams, a touchpoint catalog, stages with every lane,
  inline touchpoints and references to them. Most are valid; a "sloppy" few
  have dangling references.
- `mutated()`: a journey with data mutations (wrong types, missing and extra
  keys, unknown enum words, hostile and huge text, huge lists, anchors and
  aliases, alias bombs, deep nesting, duplicate keys, tags), serialised by
  `Emitter` in a random style, then text and byte mutations (tabs, BOMs, CRLF,
  control characters, suppression comments, truncation, random bytes…).
- `documents()`: every kind of input, from valid journeys to random bytes.
- `exercise(raw, plan)`: validate (`check_bytes`) and every reporter; for a
  journey whose structure is valid, DOT in both views, Mermaid, the segment's
  view, and the Markdown and HTML reports. Raises on any crash or broken output.
- `actuals_files()` and `exercise_actuals()`: the same for the measured values
  of `cjmap report --actuals` (CSV or YAML): read or refused with an
  ActualsError naming lines, and a report made with what was read.
- `cases()` and `run_case()`: both kinds of input, for bench/fuzz.py.
"""

from __future__ import annotations

import atexit
import io
import itertools
import json
import math
import os
import random
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any

from hypothesis import strategies as st

from cjmap.engine import CheckOptions, check_bytes
from cjmap.findings import FileResult, RunResult, Severity
from cjmap.i18n import translator
from cjmap.loader import load_text, resolve_plain
from cjmap.render.picture import picture
from cjmap.segments import for_segment
from cjmap.report import data as report_data
from cjmap.report import html as report_html
from cjmap.report import markdown as report_markdown
from cjmap.report.actuals import ActualsError, read_actuals
from cjmap.report.charts import emotion_curve
from cjmap.reporters import REPORTERS

# --- the vocabulary of FORMAT.md ---------------------------------------------

PHASES = ("awareness", "consideration", "decision", "purchase", "post-purchase", "loyalty", "advocacy")
CHANNELS = (
    "web", "app", "email", "social", "search", "ads", "chat", "sms",
    "phone", "store", "event", "mail", "partner", "support", "other",
)
MODES = ("online", "offline")
SEVERITIES = ("low", "medium", "high")
DIRECTIONS = ("increase", "decrease")
ACTION_TYPES = ("content", "campaign", "process", "product", "service", "training", "other")
ACTION_STATUSES = ("idea", "planned", "in-progress", "done")
LANGUAGES = ("en", "es", "ca")
ENUMS = {
    "phase": PHASES, "channel": CHANNELS, "mode": MODES, "severity": SEVERITIES,
    "direction": DIRECTIONS, "type": ACTION_TYPES, "status": ACTION_STATUSES, "language": LANGUAGES,
}
KEYS = (
    "cjmap", "id", "title", "description", "language", "owner", "tags", "personas", "segments",
    "teams", "touchpoints", "stages", "name", "goals", "frustrations", "criteria", "phase",
    "steps", "needs", "questions", "emotions", "pain_points", "opportunities", "objectives",
    "actions", "feedback", "text", "touchpoint", "score", "feelings", "severity", "source",
    "date", "channel", "mode", "statement", "metric", "target", "unit", "baseline", "direction",
    "due", "type", "status",
)
QUALITY_CODES = tuple(f"CJ{n}" for n in range(101, 117))

# A tag that must never come out of the Markdown or the HTML as markup.
PROBE_TAG = "x-cjmap-probe"
PROBE = f"<{PROBE_TAG} onmouseover=alert(1)>probe</{PROBE_TAG}>"

SAMPLE_TEXTS = (
    "Compare prices", "Know the total yearly cost", "Pays at the counter", "Online ad",
    "Compara tarifes i condicions", "Cafetería — atención al cliente", "Déjà vu, naïve café",
    "Ελληνικό κείμενο", "Русский текст", "日本語のテキスト", "中文客户旅程", "עברית מימין לשמאל",
    "العربية", "हिन्दी", "👩‍👩‍👧 family plan 🎉", "ZWJ\u200dzero\u200bwidth", "\u202eRTL override",
    "combining e\u0301\u0301\u0301", "<script>alert(1)</script>", PROBE, "<b>bold</b> & <i>",
    "&amp; &lt; &#x41;", "]]> <![CDATA[x]]>", "<!-- comment -->", "<?xml version='1.0'?>",
    "| pipe | in | table |", "`code` *star* _under_ ~strike~", "[link](javascript:alert(1))",
    "![img](http://x/y.png)", "# heading", "- list item", "1. numbered", "> quote", "---", "***",
    "\\ backslash \\\\", "' single \" double", "a: b", "key: value # not a comment", "# hash",
    "{curly} [square]", "%s %n %d {0}", "${HOME} $(id) `id`", "\"quoted\" label", "l1\nl2\nl3",
    "trailing space ", " leading space", "tab\there", "crlf\r\nline", "nul\x00byte", "bell\x07",
    "esc\x1b[31mred", "del\x7f", "nel\x85line", "ls\u2028ps\u2029", "bom\ufeffinside",
    "\ufffe\uffff nonchars", "astral \U0001f600 \U00010348", "true", "no", "null", "~", "1:20",
    "0o17", "0x1F", ".inf", "-.nan", "1e400", "2027-02-30", "yes", "on", "=cmd|' /C calc'!A0",
    "digraph { a -> b }", "\"];\nx [label=\"", "journey\n  title x", "section a: b", "a;b:c#d",
    "%%{init: {}}%%", "click x call alert()", "&nbsp;", "\\n \\t \\u0000", "x" * 300,
)
SLUG_WORDS = ("web", "shop", "a", "x1", "0day", "long-name-with-hyphens", "stage", "tp", "obj", "team")


def texts(min_size: int = 1) -> st.SearchStrategy[str]:
    """Journey text: realistic words, any Unicode, or ASCII with control characters."""
    return st.one_of(
        st.sampled_from(SAMPLE_TEXTS),
        st.text(st.characters(exclude_categories=("Cs",)), min_size=min_size, max_size=24),
        st.text(st.characters(max_codepoint=0x7F), min_size=min_size, max_size=24),
    )


slugs = st.one_of(st.sampled_from(SLUG_WORDS), st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True))
scores = st.integers(-2, 2)
numbers = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.sampled_from((0, 0.0, -0.0, 1e-300, 5e-324, 1e15)),
)
dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


# --- journeys as data -----------------------------------------------------------


@st.composite
def journey_data(draw: st.DrawFn, max_stages: int = 6) -> dict[str, Any]:
    """A journey following FORMAT.md, as plain Python data."""
    counter = itertools.count(1)

    def new_id() -> str:
        return f"{draw(slugs)}-{next(counter)}"

    def chance(tenths: int) -> bool:
        return draw(st.integers(0, 9)) < tenths

    sloppy = chance(2)  # a sloppy journey has the odd dangling reference

    def ref(pool: list[str]) -> str:
        if pool and not (sloppy and chance(1)):
            return draw(st.sampled_from(pool))
        return f"missing-{draw(slugs)}"

    def refs(pool: list[str]) -> list[str]:
        return [ref(pool) for _ in range(draw(st.integers(0, 2)))]

    def text_list(most: int = 3) -> list[str]:
        return draw(st.lists(texts(), max_size=most))

    teams = [{"id": new_id(), "name": draw(texts())} for _ in range(draw(st.integers(0, 3)))]
    team_ids = [t["id"] for t in teams]
    personas = []
    for _ in range(draw(st.integers(0, 2))):
        persona: dict[str, Any] = {"id": new_id(), "name": draw(texts())}
        if chance(5):
            persona["description"] = draw(texts())
        if chance(5):
            persona["goals"] = text_list()
        if chance(5):
            persona["frustrations"] = text_list()
        personas.append(persona)
    persona_ids = [p["id"] for p in personas]
    segments = []
    for _ in range(draw(st.integers(0, 3))):
        segment: dict[str, Any] = {"id": new_id(), "name": draw(texts())}
        if chance(5):
            segment["criteria"] = draw(texts())
        if persona_ids and chance(6):
            segment["personas"] = refs(persona_ids)
        segments.append(segment)
    segment_ids = [s["id"] for s in segments]

    def scoped(entry: dict[str, Any]) -> dict[str, Any]:
        if segment_ids and chance(3):
            entry["segments"] = refs(segment_ids)
        return entry

    stage_count = draw(st.integers(1, max_stages))
    catalog_ids = [new_id() for _ in range(draw(st.integers(0, 3)))]
    inline_ids = [[new_id() for _ in range(draw(st.integers(0, 2)))] for _ in range(stage_count)]
    touchpoint_ids = catalog_ids + [i for ids in inline_ids for i in ids]

    def touchpoint(tp_id: str) -> dict[str, Any]:
        tp: dict[str, Any] = {"id": tp_id, "name": draw(texts()), "channel": draw(st.sampled_from(CHANNELS))}
        if chance(2):
            tp["mode"] = draw(st.sampled_from(MODES))
        if team_ids and chance(7):
            tp["owner"] = ref(team_ids)
        if chance(2):
            tp["description"] = draw(texts())
        return scoped(tp)

    def item(extra: dict[str, Any] | None = None) -> Any:
        if chance(5):
            return draw(texts())
        entry = {"text": draw(texts())}
        entry.update(extra or {})
        return scoped(entry)

    def items(most: int = 3, extra: Any = None) -> list[Any]:
        return [item(extra() if extra else None) for _ in range(draw(st.integers(0, most)))]

    def step_extra() -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if chance(6):
            extra["score"] = draw(scores)
        if touchpoint_ids and chance(4):
            extra["touchpoint"] = ref(touchpoint_ids)
        return extra

    def pain_extra() -> dict[str, Any]:
        return {"severity": draw(st.sampled_from(SEVERITIES))} if chance(5) else {}

    def objective() -> dict[str, Any]:
        obj: dict[str, Any] = {"id": new_id(), "statement": draw(texts())}
        for key, strategy, tenths in (
            ("metric", texts(), 8), ("target", numbers, 8), ("unit", st.sampled_from(("%", "EUR", "s", "people", "€/mes")), 8),
            ("baseline", numbers, 6), ("direction", st.sampled_from(DIRECTIONS), 3), ("due", dates, 6),
        ):
            if chance(tenths):
                obj[key] = draw(strategy)
        if team_ids and chance(5):
            obj["owner"] = ref(team_ids)
        return obj

    def action() -> dict[str, Any]:
        act: dict[str, Any] = {"title": draw(texts())}
        if chance(4):
            act["id"] = new_id()
        if chance(5):
            act["type"] = draw(st.sampled_from(ACTION_TYPES))
        if chance(4):
            act["status"] = draw(st.sampled_from(ACTION_STATUSES))
        if touchpoint_ids and chance(3):
            act["touchpoint"] = ref(touchpoint_ids)
        if team_ids and chance(5):
            act["owner"] = ref(team_ids)
        return scoped(act)

    def feedback() -> dict[str, Any]:
        entry: dict[str, Any] = {"text": draw(texts())}
        if chance(5):
            entry["source"] = draw(texts())
        if chance(5):
            entry["date"] = draw(dates)
        return entry

    stages = []
    stage_ids = [new_id() for _ in range(stage_count)]
    for number in range(stage_count):
        stage: dict[str, Any] = {"id": stage_ids[number], "name": draw(texts())}
        if chance(7):
            stage["phase"] = draw(st.sampled_from(PHASES))
        if chance(3):
            stage["description"] = draw(texts())
        if team_ids and chance(4):
            stage["owner"] = ref(team_ids)
        if chance(6):
            stage["steps"] = items(4, step_extra)
        if chance(8):
            stage["needs"] = items()
        if chance(4):
            stage["questions"] = items()
        if chance(7):
            emotions: dict[str, Any] = {"score": draw(scores)}
            if chance(5):
                emotions["feelings"] = text_list()
            stage["emotions"] = emotions
        if chance(5):
            stage["pain_points"] = items(3, pain_extra)
        if chance(4):
            stage["opportunities"] = items()
        entries: list[Any] = [touchpoint(i) for i in inline_ids[number]]
        if touchpoint_ids and chance(6):
            entries += refs(touchpoint_ids)
        if entries or chance(2):
            stage["touchpoints"] = draw(st.permutations(entries)) if len(entries) > 1 else entries
        if chance(7):
            stage["objectives"] = [objective() for _ in range(draw(st.integers(0, 2)))]
        if chance(7):
            stage["actions"] = [action() for _ in range(draw(st.integers(0, 2)))]
        if chance(3):
            stage["feedback"] = [feedback() for _ in range(draw(st.integers(0, 2)))]
        stages.append(stage)

    journey: dict[str, Any] = {"cjmap": 1, "id": new_id(), "title": draw(texts())}
    if chance(3):
        journey["description"] = draw(texts())
    if chance(4):
        journey["language"] = draw(st.sampled_from(LANGUAGES))
    if team_ids and chance(4):
        journey["owner"] = ref(team_ids)
    if chance(3):
        journey["tags"] = text_list()
    for key, value in (("personas", personas), ("segments", segments), ("teams", teams)):
        if value or chance(1):
            journey[key] = value
    if catalog_ids or chance(1):
        journey["touchpoints"] = [touchpoint(i) for i in catalog_ids]
    journey["stages"] = stages
    return journey


# --- nodes the emitter understands beyond plain data ------------------------------


@dataclass(frozen=True)
class Raw:
    """Written exactly as it is: a plain scalar such as `yes`, or any YAML."""

    text: str


@dataclass
class Tagged:
    tag: str
    node: Any


@dataclass
class Anchor:
    name: str
    node: Any


@dataclass(frozen=True)
class Alias:
    name: str


@dataclass
class Pairs:
    """A mapping that may repeat a key."""

    items: list[tuple[Any, Any]]


# --- the emitter -------------------------------------------------------------------

_BREAKS = "\r\n\x85\u2028\u2029"


def _quotable(c: str) -> bool:
    """Can appear unescaped in a single-quoted scalar on one line."""
    o = ord(c)
    return (
        0x20 <= o <= 0x7E or 0xA0 <= o <= 0xD7FF or (0xE000 <= o <= 0xFFFD and o != 0xFEFF) or o >= 0x10000
    ) and c not in _BREAKS


_PLAIN = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u04ff\u4e00-\u9fff][\w .'/&+()-]*")


def _plain_ok(text: str) -> bool:
    return bool(_PLAIN.fullmatch(text)) and not text.endswith(" ") and all(_quotable(c) for c in text)


def double_quoted(text: str) -> str:
    out = ['"']
    for c in text:
        o = ord(c)
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif _quotable(c):
            out.append(c)
        elif o < 0x100:
            out.append(f"\\x{o:02x}")
        elif o < 0x10000:
            out.append(f"\\u{o:04x}")
        else:
            out.append(f"\\U{o:08x}")
    out.append('"')
    return "".join(out)


class Emitter:
    """Writes data as YAML in a style chosen by `rng`: block or flow
    collections, plain, quoted or literal scalars, indentation of 2 to 4."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.width = rng.choice((2, 2, 2, 3, 4))
        self.flow = rng.choice((0.0, 0.0, 0.05, 0.3, 1.0))  # chance a collection is written in flow style
        self.seq_indent = rng.random() < 0.7  # `key:\n  - a` rather than `key:\n- a`
        self.shuffle = rng.random() < 0.1

    def document(self, node: Any) -> str:
        header, block = self.node(node, 0, top=True)
        if block is None:
            return f"{header}\n"
        lines = ([f"--- {header}"] if header else []) + block
        return "\n".join(lines) + "\n"

    def node(self, node: Any, indent: int, top: bool = False) -> tuple[str | None, list[str] | None]:
        """(header, block lines at `indent`): a header alone is an inline value."""
        if isinstance(node, Alias):
            return f"*{node.name}", None
        if isinstance(node, (Anchor, Tagged)):
            prop = f"&{node.name}" if isinstance(node, Anchor) else node.tag
            header, block = self.node(node.node, indent)
            if block is None:
                return f"{prop} {header}".rstrip(), None
            return (f"{prop} {header}" if header else prop), block
        if isinstance(node, Raw):
            return node.text, None
        if isinstance(node, (dict, Pairs, list)):
            empty = not (node.items if isinstance(node, Pairs) else node)
            if empty or self.rng.random() < self.flow:
                return self.flow_text(node), None
            return None, self.block(node, indent)
        if isinstance(node, str) and not top and self._literal_ok(node) and self.rng.random() < 0.3:
            pad = " " * max(indent, 1)
            return "|-", [pad + line for line in node.split("\n")]
        return self.scalar(node, flow=False), None

    def _pairs(self, node: Any) -> list[tuple[Any, Any]]:
        pairs = list(node.items if isinstance(node, Pairs) else node.items())
        if self.shuffle:
            self.rng.shuffle(pairs)
        return pairs

    def block(self, node: Any, indent: int) -> list[str]:
        pad = " " * indent
        lines: list[str] = []
        if isinstance(node, list):
            for item in node:
                header, block = self.node(item, indent + 2)
                if block is None:
                    lines.append(f"{pad}- {header}".rstrip())
                elif header:
                    lines.append(f"{pad}- {header}")
                    lines += block
                else:
                    lines.append(f"{pad}- {block[0][indent + 2:]}")
                    lines += block[1:]
            return lines
        for key, value in self._pairs(node):
            same = isinstance(value, list) and not self.seq_indent
            header, block = self.node(value, indent if same else indent + self.width)
            prefix = f"{pad}{self.key(key)}:"
            if block is None:
                lines.append(f"{prefix} {header}".rstrip())
            else:
                lines.append(f"{prefix} {header}" if header else prefix)
                lines += block
        return lines

    def flow_text(self, node: Any) -> str:
        if isinstance(node, Alias):
            return f"*{node.name}"
        if isinstance(node, Anchor):
            return f"&{node.name} {self.flow_text(node.node)}"
        if isinstance(node, Tagged):
            return f"{node.tag} {self.flow_text(node.node)}"
        if isinstance(node, Raw):
            return node.text
        if isinstance(node, list):
            return "[" + ", ".join(self.flow_text(v) for v in node) + "]"
        if isinstance(node, (dict, Pairs)):
            return "{" + ", ".join(f"{self.key(k)}: {self.flow_text(v)}" for k, v in self._pairs(node)) + "}"
        return self.scalar(node, flow=True)

    def key(self, key: Any) -> str:
        if isinstance(key, Raw):
            return key.text
        if isinstance(key, (Alias, Anchor, Tagged, list, dict, Pairs)):
            return self.flow_text(key) + " "  # a complex key: `[a] : b`
        if not isinstance(key, str):
            return self.scalar(key, flow=True)
        return key if _plain_ok(key) and len(key) < 200 else double_quoted(key)

    def scalar(self, value: Any, *, flow: bool) -> str:
        rng = self.rng
        if value is None:
            return rng.choice(("null", "~", "null") if flow else ("null", "~", ""))
        if value is True or value is False:
            return rng.choice(("true", "True")) if value else rng.choice(("false", "FALSE"))
        if isinstance(value, int):
            return hex(value) if value > 0 and rng.random() < 0.1 else str(value)
        if isinstance(value, float):
            if math.isnan(value):
                return ".nan"
            if value in (float("inf"), float("-inf")):
                return ".inf" if value > 0 else "-.inf"
            return repr(value)
        if isinstance(value, date):
            return value.isoformat()
        text = str(value)
        choice = rng.random()
        if choice < 0.6 and _plain_ok(text) and resolve_plain(text) == text:
            return text
        if choice < 0.8 and text and all(_quotable(c) for c in text):
            return "'" + text.replace("'", "''") + "'"
        return double_quoted(text)

    @staticmethod
    def _literal_ok(text: str) -> bool:
        lines = text.split("\n")
        return len(lines) > 1 and all(
            line and line[0] not in " \t#" and line[-1] != " " and all(_quotable(c) for c in line)
            for line in lines
        )


def to_yaml(node: Any, rng: random.Random) -> str:
    return Emitter(rng).document(node)


# --- data mutations --------------------------------------------------------------


def _slots(node: Any, out: list[tuple[Any, Any]], parent: Any = None, key: Any = None) -> None:
    """Every place a value sits, in document order: (parent, key)."""
    out.append((parent, key))
    if isinstance(node, (Anchor, Tagged)):
        _slots(node.node, out, node, "node")
    elif isinstance(node, dict):
        for k in list(node):
            _slots(node[k], out, node, k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _slots(v, out, node, i)
    elif isinstance(node, Pairs):
        for i, (_, v) in enumerate(node.items):
            _slots(v, out, node, i)


def _get(box: list[Any], parent: Any, key: Any) -> Any:
    if parent is None:
        return box[0]
    if isinstance(parent, Pairs):
        return parent.items[key][1]
    if isinstance(parent, (Anchor, Tagged)):
        return parent.node
    return parent[key]


def _set(box: list[Any], parent: Any, key: Any, value: Any) -> None:
    if parent is None:
        box[0] = value
    elif isinstance(parent, Pairs):
        parent.items[key] = (parent.items[key][0], value)
    elif isinstance(parent, (Anchor, Tagged)):
        parent.node = value
    else:
        parent[key] = value


def _typo(word: str, draw: st.DrawFn) -> str:
    if not word:
        return "x"
    i = draw(st.integers(0, len(word) - 1))
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return word[:i] + word[i + 1:] or "x"
    if kind == 1:
        return word[:i] + draw(st.sampled_from("aeiouxz-_ ")) + word[i:]
    if kind == 2 and len(word) > 1:
        j = min(i + 1, len(word) - 1)
        return word[:i] + word[j] + word[i] + word[j + 1:]
    if kind == 3:
        return word.upper() if word.islower() else word.capitalize()
    return word + "s"


WRONG_VALUES = (
    0, 3, -3, 1.5, 10**30, True, False, None, "", " ", "text", [], {}, ["a"], {"k": "v"}, [[1]], [{}],
    Raw("yes"), Raw("no"), Raw("0o17"), Raw("0x1F"), Raw("1:20"), Raw(".inf"), Raw("-.inf"), Raw(".nan"),
    Raw("2027-02-30"), Raw("2027-13-01"), Raw("27-1-1"), Raw("-0"), Raw("1_000"), Raw("+12"), Raw("1e400"),
    Raw("9" * 5000), Raw("'3%'"), Raw('"2"'), Raw("!!str 2"), Raw("!!int 2"), Raw("!!float 1"), Raw("!!bool yes"),
    Raw('"\\ud800"'), Raw('"\\x00"'), Raw("|\n"), Raw(">-\n"), Raw("'multi\n\n  line'"),
)
TAGS = (
    "!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq", "!!omap", "!!set", "!!binary",
    "!!timestamp", "!!python/object/apply:os.system", "!!python/name:builtins.eval", "!custom",
    "!<tag:example.com,2000:app/x>", "!!merge", "!e!x",
)
HOSTILE = tuple(s for s in SAMPLE_TEXTS if not s.isascii() or not s.isprintable() or "<" in s) + (
    "\x00", "\x01\x02\x03", "\x1f", "\ud7ff\ue000\ufffd", "\U0010ffff", "\u0000" * 10, "\u200f" * 50,
)


# Long enough to overflow every label and table cell, short enough to keep a
# test fast (rendering 100 KB of Markdown escapes alone takes seconds).
HUGE_TEXT = 6_000


def _huge_text(draw: st.DrawFn) -> str:
    unit = draw(st.sampled_from(("x", "é", "日本", "👩‍👩‍👧", "a b ", "<&>|`*", "\n", "word ")))
    return unit * draw(st.integers(100 // len(unit), HUGE_TEXT // len(unit)))


def _deep(draw: st.DrawFn) -> Any:
    depth = draw(st.integers(30, 130))
    node: Any = draw(st.sampled_from(("leaf", 1, None)))
    as_map = draw(st.booleans())
    for _ in range(depth):
        node = {"a": node} if as_map else [node]
    return node


def alias_bomb(width: int, depth: int) -> list[Any]:
    """Billion laughs: each layer repeats the one before `width` times."""
    layers: list[Any] = [Anchor("lol0", ["lol"] * width)]
    for d in range(1, depth):
        layers.append(Anchor(f"lol{d}", [Alias(f"lol{d - 1}")] * width))
    return layers


MUTATIONS = (
    "wrong_type", "drop_key", "extra_key", "enum_word", "hostile_text", "huge_text", "huge_list",
    "share", "alias_bomb", "self_alias", "merge_key", "deep", "duplicate_key", "tag", "wrap", "unwrap",
)


def mutate(box: list[Any], draw: st.DrawFn) -> str:
    """Apply one data mutation to the tree in box[0]; return its name."""
    slots: list[tuple[Any, Any]] = []
    _slots(box[0], slots)
    kind = draw(st.sampled_from(MUTATIONS))
    index = draw(st.integers(0, len(slots) - 1))
    parent, key = slots[index]
    value = _get(box, parent, key)
    if kind == "wrong_type":
        _set(box, parent, key, draw(st.sampled_from(WRONG_VALUES)))
    elif kind == "drop_key":
        maps = [(p, k) for p, k in slots if isinstance(_get(box, p, k), dict) and _get(box, p, k)]
        if maps:
            target = _get(box, *maps[draw(st.integers(0, len(maps) - 1))])
            del target[draw(st.sampled_from(sorted(target, key=str)))]
    elif kind == "extra_key":
        maps = [_get(box, p, k) for p, k in slots if isinstance(_get(box, p, k), dict)]
        if maps:
            target = maps[draw(st.integers(0, len(maps) - 1))]
            existing = sorted((k for k in target if isinstance(k, str)), key=str)
            how = draw(st.integers(0, 3))
            if how == 0:
                name = draw(st.sampled_from(KEYS))
            elif how == 1:
                name = _typo(draw(st.sampled_from(existing or ["name"])), draw)
            elif how == 2:
                name = draw(texts(0))
            else:
                name = draw(st.sampled_from(("<<", "?", "-", "", " ", "x-extra", "Stages", "needs ", "\u00a0id")))
            target[name] = draw(st.sampled_from(WRONG_VALUES + ("value",)))
    elif kind == "enum_word":
        places = [(p, k) for p, k in slots if isinstance(k, str) and k in ENUMS]
        if places:
            p, k = places[draw(st.integers(0, len(places) - 1))]
            word = str(_get(box, p, k))
            other = [w for name, words in ENUMS.items() if name != k for w in words]
            how = draw(st.integers(0, 2))
            if how == 0:
                word = _typo(word, draw)
            else:
                word = draw(st.sampled_from(other) if how == 1 else texts())
            _set(box, p, k, word)
    elif kind == "hostile_text":
        _set(box, parent, key, draw(st.one_of(st.sampled_from(HOSTILE), texts())))
    elif kind == "huge_text":
        _set(box, parent, key, _huge_text(draw))
    elif kind == "huge_list":
        lists = [(p, k) for p, k in slots if isinstance(_get(box, p, k), list) and _get(box, p, k)]
        if lists:
            p, k = lists[draw(st.integers(0, len(lists) - 1))]
            items = _get(box, p, k)
            count = draw(st.integers(20, 400))
            if k == "stages":  # fresh ids, so the result can still be drawn
                count = min(count, 60)
                grown = [dict(items[i % len(items)], id=f"s-{i}") if isinstance(items[i % len(items)], dict)
                         else items[i % len(items)] for i in range(count)]
            else:
                grown = [items[i % len(items)] for i in range(count)]
            _set(box, p, k, grown)
    elif kind == "share":
        if len(slots) > 2:
            a = draw(st.integers(1, len(slots) - 2))
            b = draw(st.integers(a + 1, len(slots) - 1))
            pa, ka = slots[a]
            pb, kb = slots[b]
            shared = _get(box, pa, ka)
            if not isinstance(shared, (Anchor, Alias)) and not _inside(box, slots, a, b):
                name = f"a{draw(st.integers(0, 99))}"
                _set(box, pb, kb, Alias(name))  # the later place first: a's slots stay valid
                _set(box, pa, ka, Anchor(name, shared))
    elif kind == "alias_bomb":
        _set(box, parent, key, alias_bomb(draw(st.integers(2, 12)), draw(st.integers(2, 9))))
    elif kind == "self_alias":
        _set(box, parent, key, Anchor("me", [Alias("me")]))
    elif kind == "merge_key":
        maps = [_get(box, p, k) for p, k in slots if isinstance(_get(box, p, k), dict)]
        if maps:
            target = maps[draw(st.integers(0, len(maps) - 1))]
            target["<<"] = draw(st.sampled_from((Alias("a1"), {"name": "merged"}, [{"x": 1}])))
    elif kind == "deep":
        _set(box, parent, key, _deep(draw))
    elif kind == "duplicate_key":
        maps = [(p, k) for p, k in slots if isinstance(_get(box, p, k), dict) and _get(box, p, k)]
        if maps:
            p, k = maps[draw(st.integers(0, len(maps) - 1))]
            target = _get(box, p, k)
            pairs = list(target.items())
            dup = draw(st.integers(0, len(pairs) - 1))
            again = draw(st.sampled_from((pairs[dup][1], "other", None, {"deep": [1, {"x": 2}]})))
            pairs.insert(draw(st.integers(dup + 1, len(pairs))), (pairs[dup][0], again))
            _set(box, p, k, Pairs(pairs))
    elif kind == "tag":
        _set(box, parent, key, Tagged(draw(st.sampled_from(TAGS)), value))
    elif kind == "wrap":
        _set(box, parent, key, [value])
    elif kind == "unwrap":
        if isinstance(value, list) and value:
            _set(box, parent, key, value[0])
        elif isinstance(value, dict) and value:
            _set(box, parent, key, next(iter(value.values())))
    return kind


def _inside(box: list[Any], slots: list[tuple[Any, Any]], a: int, b: int) -> bool:
    """Whether slot b lies within the value at slot a (sharing it would loop)."""
    inner: list[tuple[Any, Any]] = []
    _slots(_get(box, *slots[a]), inner)
    containers = {id(_get(box, *s)) for s in inner if isinstance(_get(box, *s), (dict, list, Pairs, Anchor, Tagged))}
    return id(slots[b][0]) in containers


# --- text and byte mutations -------------------------------------------------------

TEXT_MUTATIONS = (
    "tab_indent", "tab_after_colon", "crlf", "lone_cr", "bom", "bom_inside", "control", "suppress",
    "suppress_file", "second_document", "directive", "dup_line", "drop_line", "indent_line",
    "comment_lines", "unicode_breaks", "trailing_spaces",
)
BYTE_MUTATIONS = ("truncate", "flip", "insert_bytes", "utf16", "latin1", "cut_utf8")
CONTROL = ("\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\u2029",
           "\ufeff", "\ufffe", "\uffff", "\t", "\r")
SUPPRESSION_CODES = ("CJ101", "CJ102", "CJ107", "CJ116", "CJ001", "CJ999", "cj103", "", "ALL", "CJ101,CJ108", "CJ10")


def mutate_text(text: str, draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(TEXT_MUTATIONS))
    lines = text.split("\n")
    at = draw(st.integers(0, max(len(lines) - 1, 0)))
    if kind == "tab_indent":
        stripped = lines[at].lstrip(" ")
        lines[at] = "\t" * draw(st.integers(1, 2)) + stripped
    elif kind == "tab_after_colon":
        lines[at] = lines[at].replace(": ", ":\t", 1)
    elif kind == "crlf":
        return text.replace("\n", "\r\n")
    elif kind == "lone_cr":
        return text.replace("\n", "\r")
    elif kind == "bom":
        return "\ufeff" + text
    elif kind == "bom_inside":
        lines[at] = "\ufeff" + lines[at]
    elif kind == "control":
        column = draw(st.integers(0, len(lines[at])))
        lines[at] = lines[at][:column] + draw(st.sampled_from(CONTROL)) + lines[at][column:]
    elif kind == "suppress":
        comment = f"# cjmap: disable={draw(st.sampled_from(SUPPRESSION_CODES))}"
        if draw(st.booleans()):
            lines[at] = f"{lines[at]}  {comment}"
        else:
            lines.insert(at, comment)
    elif kind == "suppress_file":
        lines.insert(at, f"# cjmap: disable-file={draw(st.sampled_from(SUPPRESSION_CODES))}")
    elif kind == "second_document":
        return text + draw(st.sampled_from(("---\nfoo: 1\n", "...\n---\n", "--- |\n  text\n", "...\n")))
    elif kind == "directive":
        return draw(st.sampled_from(("%YAML 1.2\n---\n", "%YAML 1.1\n---\n", "%TAG ! tag:x.org,2000:\n---\n",
                                     "%YAML 2.0\n---\n", "%FOO bar\n---\n", "---\n", "--- # c\n"))) + text
    elif kind == "dup_line":
        lines.insert(at, lines[at])
    elif kind == "drop_line":
        del lines[at]
    elif kind == "indent_line":
        lines[at] = " " * draw(st.integers(1, 3)) + lines[at]
    elif kind == "comment_lines":
        lines.insert(at, draw(st.sampled_from(("#", "# just a comment", "   # indented", "#cjmap: disable=CJ101"))))
    elif kind == "unicode_breaks":
        return text.replace("\n", draw(st.sampled_from(("\x85", "\u2028", "\n\u2029"))), draw(st.integers(1, 3)))
    elif kind == "trailing_spaces":
        lines[at] = lines[at] + " " * draw(st.integers(1, 4))
    return "\n".join(lines)


def mutate_bytes(raw: bytes, draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(BYTE_MUTATIONS))
    at = draw(st.integers(0, len(raw)))
    if kind == "truncate":
        return raw[:at]
    if kind == "flip" and raw:
        at = min(at, len(raw) - 1)
        return raw[:at] + bytes([raw[at] ^ (1 << draw(st.integers(0, 7)))]) + raw[at + 1:]
    if kind == "insert_bytes":
        return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    if kind == "utf16":
        return raw.decode("utf-8", "replace").encode(draw(st.sampled_from(("utf-16", "utf-16-le", "utf-32"))))
    if kind == "latin1":
        return raw.decode("utf-8", "replace").encode("latin-1", "replace")
    if kind == "cut_utf8":
        multibyte = [i for i, b in enumerate(raw) if b >= 0xC0]
        if multibyte:
            i = multibyte[draw(st.integers(0, len(multibyte) - 1))]
            return raw[: i + 1] + raw[i + 2:]
    return raw


# --- whole inputs --------------------------------------------------------------------


@st.composite
def valid_documents(draw: st.DrawFn, max_stages: int = 6) -> bytes:
    """A journey serialised in a random style; no mutation (references may still dangle)."""
    data = draw(journey_data(max_stages))
    return to_yaml(data, draw(st.randoms(use_true_random=False))).encode("utf-8")


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    box = [draw(journey_data())]
    for _ in range(draw(st.integers(0, 3))):
        mutate(box, draw)
    text = to_yaml(box[0], draw(st.randoms(use_true_random=False)))
    for _ in range(draw(st.integers(0, 2))):
        text = mutate_text(text, draw)
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 4)) == 0:
        raw = mutate_bytes(raw, draw)
    return raw


HOSTILE_DOCUMENTS = (
    b"", b" ", b"\n\n", b"# only a comment\n", b"---\n", b"...\n", b"~\n", b"null\n", b"[]\n", b"{}\n",
    b"- a\n- b\n", b"just text\n", b"42\n", b"cjmap: 1\n", b"cjmap: 2\nid: x\n", b"cjmap: '1'\n",
    b"cjmap: 1.0\n", b"cjmap: true\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbfcjmap: 1\n", b"\xff\xfe\x00\x00",
    b"[" * 5000, b"{" * 5000, b"[" * 70 + b"]" * 70, b"- " * 200 + b"x\n", b"a: " * 100 + b"x\n",
    b"&a [*a]\n", b"*a\n", b"&a a: b\n", b"? [a, b]\n: c\n", b"? |\n  block key\n: v\n", b"{? a}\n",
    b"!!python/object/apply:os.system ['true']\n", b"!!binary aGVsbG8=\n", b"key: !!set {a, b}\n",
    b"a: 'unterminated\n", b'a: "unterminated\n', b"a: |\n\tb\n", b"\ta: b\n", b"a:\tb\n", b"a: b\r\n\r\nc: d",
    b"cjmap: 1\x00\n", b"\x1b[31m", b"\x85", b"a: b\x85c: d\n", b"a: b\xe2\x80\xa8c: d\n",
    b"%YAML 1.2\n%YAML 1.2\n---\n", b"%TAG !e! tag:e,2000:\n--- !e!x y\n", b"a: !<!> b\n",
    b"x: " + b"9" * 5000 + b"\n", b"x: 0o" + b"7" * 3000 + b"\n", b"x: " + b"1" * 3999 + b".5e9\n",
    b"x: \"\\ud800\"\n", b"x: \"\\U00110000\"\n", b"x: \"\\x\"\n",
    b"cjmap: 1\nid: a\ntitle: t\nstages: *x\n", b"cjmap: 1\nid: a\ntitle: t\nstages: [\"\"]\n",
    b"cjmap: 1\nid: a\ntitle: t\nstages: [{id: s, name: n, touchpoints: [[x]]}]\n",
    b"cjmap: 1\nid: a\ntitle: t\nstages: [{id: s, name: n, emotions: [1]}]\n",
)


@st.composite
def hostile_documents(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(st.binary(max_size=600))
    if kind == 1:
        return draw(st.text(max_size=300)).encode("utf-8", "surrogatepass")
    if kind == 2:
        text = to_yaml({"cjmap": 1, "id": "bomb", "title": "t", "tags": alias_bomb(draw(st.integers(2, 10)),
                                                                                  draw(st.integers(2, 10))),
                        "stages": [{"id": "s", "name": "n"}]}, draw(st.randoms(use_true_random=False)))
        return text.encode("utf-8")
    if kind == 3:  # YAML-ish soup from format words
        words = st.sampled_from(KEYS + ("-", ":", " ", "\n", "  ", "[", "]", "{", "}", ",", "&a", "*a", "!!str",
                                        "'", '"', "|", ">", "#", "?", "1", "-2", "null", "\t", "\r\n", "---"))
        return "".join(draw(st.lists(words, max_size=80))).encode("utf-8")
    return draw(st.sampled_from(HOSTILE_DOCUMENTS))


def _corpus() -> Any:
    """bench/corpus.py, the benchmarks' generator of realistic clean journeys."""
    import importlib.util
    from pathlib import Path

    module = sys.modules.get("cjmap_bench_corpus")
    if module is None:
        path = Path(__file__).resolve().parent.parent / "bench" / "corpus.py"
        spec = importlib.util.spec_from_file_location("cjmap_bench_corpus", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["cjmap_bench_corpus"] = module
        spec.loader.exec_module(module)
    return module


@st.composite
def corpus_documents(draw: st.DrawFn) -> bytes:
    """A realistic journey from bench/corpus.py, reparsed, mutated and rewritten."""
    text = _corpus().journey_text(draw(st.integers(0, 10**6)), stages=draw(st.integers(1, 9)))
    if draw(st.integers(0, 3)):
        box = [load_text(text).data]
        for _ in range(draw(st.integers(0, 3))):
            mutate(box, draw)
        text = to_yaml(box[0], draw(st.randoms(use_true_random=False)))
    for _ in range(draw(st.integers(0, 2))):
        text = mutate_text(text, draw)
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 5)) == 0:
        raw = mutate_bytes(raw, draw)
    return raw


def documents() -> st.SearchStrategy[bytes]:
    """Every kind of input, mostly mutated journeys."""
    return st.one_of(mutated(), corpus_documents(), valid_documents(), hostile_documents())


# --- what each input is run with -----------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Options of one run: language, segment, report date and measured values."""

    language: str | None = None
    segment: int = 0  # which segment to draw the journey for (modulo their number)
    as_of: date | None = None
    actuals: tuple[float, ...] = ()  # measured values, given to the objectives in order
    colour: bool = False
    select: frozenset[str] | None = None  # --select: None runs every rule
    ignore: frozenset[str] = frozenset()  # --ignore
    severities: tuple[tuple[str, str], ...] = ()  # re-graded rules, as in a configuration

    def options(self) -> CheckOptions:
        return CheckOptions(
            select=self.select, ignore=self.ignore,
            severities={code: Severity(level) for code, level in self.severities},
        )


plans = st.builds(
    Plan,
    language=st.sampled_from((None, "en", "es", "ca")),
    segment=st.integers(0, 5),
    as_of=st.none() | dates,
    actuals=st.lists(numbers, max_size=4).map(tuple),
    colour=st.integers(0, 9).map(lambda n: n == 0),
    select=st.none() | st.none() | st.frozensets(st.sampled_from(QUALITY_CODES), max_size=6),
    ignore=st.frozensets(st.sampled_from(QUALITY_CODES), max_size=4),
    severities=st.lists(
        st.tuples(st.sampled_from(QUALITY_CODES), st.sampled_from(("error", "warning", "info"))), max_size=3
    ).map(tuple),
)


# --- running everything ------------------------------------------------------------

FINDING_CODE = re.compile(r"CJ\d{3}")
GITHUB_COMMAND = re.compile(
    r"::(error|warning|notice) file=[^,:\r\n]*,line=[1-9]\d*,col=[1-9]\d*,title=[^,:\r\n]*::[^\r\n]*"
)
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
FILE_NAME = "fuzz.journey.yaml"


@dataclass
class Outcome:
    """What one input did: how far it got through the commands."""

    findings: int = 0
    codes: set[str] = field(default_factory=set)
    journey: bool = False
    rendered: bool = False


def exercise(raw: bytes, plan: Plan = Plan(), *, file: str = FILE_NAME) -> Outcome:
    """Run one input through every command path in-process; raise on a crash
    or on output that breaks its format's rules."""
    result = check_bytes(file, raw, plan.options())
    check_findings(result, raw)
    outcome = Outcome(len(result.findings), {f.code for f in result.findings}, result.journey is not None)
    run = RunResult(files=[result])
    for name, reporter in REPORTERS.items():
        out = io.StringIO()
        reporter(quiet=False).write(run, out)
        CHECKS[name](out.getvalue(), run)
    quiet = io.StringIO()
    REPORTERS["text"](quiet=True).write(RunResult(files=[result.slim()]), quiet)
    if plan.colour:
        coloured = io.StringIO()
        previous = os.environ.get("FORCE_COLOR")
        os.environ["FORCE_COLOR"] = "1"
        try:
            REPORTERS["text"](quiet=False).write(run, coloured)
        finally:
            if previous is None:
                del os.environ["FORCE_COLOR"]
            else:
                os.environ["FORCE_COLOR"] = previous
    if result.journey is not None:
        exercise_journey(result, plan)
        outcome.rendered = True
    return outcome


def check_findings(result: FileResult, raw: bytes = b"") -> None:
    source = result.source or ""
    # Lines as libyaml counts them, or as the bytes count them for a file that is not UTF-8.
    last_line = max(len(_YAML_BREAK.split(source)), raw.count(b"\n") + raw.count(b"\r") + 1) + 1
    for f in result.findings:
        where = f"{f.code} {f.line}:{f.column} {f.message!r}"
        assert isinstance(f.code, str) and FINDING_CODE.fullmatch(f.code), f"bad code: {where}"
        assert isinstance(f.line, int) and f.line >= 1, f"line < 1: {where}"
        assert isinstance(f.column, int) and f.column >= 1, f"column < 1: {where}"
        assert f.line <= last_line, f"line beyond the end of the file ({last_line - 1} lines): {where}"
        assert isinstance(f.message, str) and f.message.strip(), f"empty message: {where}"
        assert isinstance(f.severity, Severity), f"bad severity: {where}"
        assert f.hint is None or isinstance(f.hint, str), f"bad hint: {where}"


def _check_text(out: str, run: RunResult) -> None:
    assert out.endswith("\n")


def _check_json(out: str, run: RunResult) -> None:
    doc = json.loads(out)
    assert len(doc["findings"]) == len(run.findings)
    for entry in doc["findings"]:
        assert entry["line"] >= 1 and entry["column"] >= 1 and FINDING_CODE.fullmatch(entry["code"])
    summary = doc["summary"]
    assert summary["files"] == len(run.files)
    assert summary["errors"] + summary["warnings"] + summary["infos"] == len(run.findings)


def _check_sarif(out: str, run: RunResult) -> None:
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    assert len(results) == len(run.findings)
    prints = [r["partialFingerprints"]["cjmapFingerprint/v1"] for r in results]
    assert len(set(prints)) == len(prints), "SARIF fingerprints are not unique"
    for r in results:
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert r["message"]["text"].strip()


def _check_junit(out: str, run: RunResult) -> None:
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    assert len(root.findall(".//failure")) == len(run.findings)


def _check_github(out: str, run: RunResult) -> None:
    assert "\r" not in out, "a carriage return would split a workflow command"
    lines = out.split("\n")
    assert lines[-1] == ""
    commands = 0
    for line in lines[:-2]:
        if line.startswith("::group::"):
            assert "\r" not in line and "\n" not in line
        elif line not in ("::endgroup::", "no problems found"):
            assert GITHUB_COMMAND.fullmatch(line), f"not a workflow command: {line!r}"
            commands += 1
    assert commands == len(run.findings)


def _check_gitlab(out: str, run: RunResult) -> None:
    issues = json.loads(out)
    assert isinstance(issues, list) and len(issues) == len(run.findings)
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == len(prints), "GitLab fingerprints are not unique"
    for issue in issues:
        assert issue["location"]["lines"]["begin"] >= 1
        assert issue["description"].strip() and issue["check_name"]


CHECKS = {
    "text": _check_text, "json": _check_json, "sarif": _check_sarif,
    "junit": _check_junit, "github": _check_github, "gitlab": _check_gitlab,
}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def check_html(page: str) -> None:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    names = {tag for tag, _ in parser.tags}
    assert "script" not in names, "the HTML report has a <script>"
    assert PROBE_TAG not in names, "journey text came out of the HTML report as markup"
    for tag, attrs in parser.tags:
        for name, _ in attrs:
            assert not name.startswith("on"), f"event handler attribute {name} on <{tag}>"


def check_dot(dot: str) -> None:
    """DOT that Graphviz can read: quotes closed, braces balanced, and every
    HTML-like label well-formed XML (Graphviz reads those with expat)."""
    assert dot.startswith("digraph"), f"DOT does not start with digraph: {dot[:40]!r}"
    braces, i, n = 0, 0, len(dot)
    while i < n:
        c = dot[i]
        if c == '"':
            j = i + 1
            while j < n and dot[j] != '"':
                j += 2 if dot[j] == "\\" else 1
            assert j < n, f"unterminated DOT string at {i}: {dot[i:i + 60]!r}"
            i = j + 1
            continue
        if c == "<":
            depth, j = 1, i + 1
            while j < n and depth:
                depth += {"<": 1, ">": -1}.get(dot[j], 0)
                j += 1
            assert depth == 0, f"unterminated HTML-like label at {i}: {dot[i:i + 60]!r}"
            label = dot[i + 1 : j - 1]
            try:
                ET.fromstring(f"<label>{label}</label>")
            except ET.ParseError as err:
                raise AssertionError(f"HTML-like label is not well-formed ({err}): {label[:300]!r}") from None
            i = j
            continue
        if c == "{":
            braces += 1
        elif c == "}":
            braces -= 1
            assert braces >= 0, f"unbalanced }} at {i}"
        i += 1
    assert braces == 0, "unbalanced braces"
    assert dot.rstrip().endswith("}")


_MERMAID_TASK = re.compile(r"    (?=\S)[^#;:<\n]+: [1-5](: [^#;:,<\n]+(, [^#;:,<\n]+)*)?")
_MERMAID_NOT_TASK = re.compile(r"journey\b|title |section |acc(?:title|descr) ?[:{]|%", re.IGNORECASE | re.ASCII)
_MERMAID_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ufeff\u2028\u2029\ud800-\udfff]|%%")
_MERMAID_ENTITY = re.compile("#[0-9]+;")  # Mermaid's entity code: shown as the character


def check_mermaid(text: str) -> None:
    """One statement a line, as mermaid's journey grammar reads them, syntax
    characters only as entity codes, and `%%` comment lines
    (src/cjmap/render/mermaid.py documents the escaping)."""
    assert text.startswith("journey\n"), f"Mermaid does not start with journey: {text[:40]!r}"
    assert text.endswith("\n")
    lines = [_MERMAID_ENTITY.sub("x", line) for line in text[:-1].split("\n")]
    assert lines[1].startswith("  title ") and not re.search("[#;:<]", lines[1]), f"bad title: {lines[1]!r}"
    assert not _MERMAID_FORBIDDEN.search(lines[1]), f"forbidden character in {lines[1]!r}"
    for line in lines[2:]:
        if line.startswith("    %% "):
            assert "%%" not in line[7:] and not _MERMAID_FORBIDDEN.search(line[7:]), f"bad comment: {line!r}"
            continue
        assert not _MERMAID_FORBIDDEN.search(line), f"forbidden character in {line!r}"
        if line.startswith("  section "):
            assert line[10:].strip() and not re.search("[#;:<]", line[10:]), f"bad section: {line!r}"
            continue
        assert _MERMAID_TASK.fullmatch(line), f"not a Mermaid task: {line!r}"
        assert not _MERMAID_NOT_TASK.match(line[4:]), f"a task the lexer reads as something else: {line!r}"
    assert not lines[-1].startswith("    %% "), "a comment line with no task after it"


def exercise_journey(result: FileResult, plan: Plan) -> None:
    """Pictures and reports of a journey whose structure is valid."""
    journey = result.journey
    language = plan.language or str(journey.language)
    segment = None
    journeys = [journey]
    if journey.segments:
        segment = journey.segments[plan.segment % len(journey.segments)]
        journeys.append(for_segment(journey, segment.id))
    for drawn in journeys:
        for view in ("map", "flow"):
            check_dot(picture(drawn, output_format="dot", view=view, language=language, engine="auto").decode("utf-8"))
        check_mermaid(picture(drawn, output_format="mermaid", view="map", language=language, engine="auto").decode("utf-8"))
    journey = journeys[-1]
    objective_ids = [o.id for s in journey.stages for o in s.objectives]
    actuals = {
        oid: report_data.Actual(value, plan.as_of, line)
        for line, (oid, value) in enumerate(zip(objective_ids, plan.actuals), start=2)
    }
    check_reports(result, journey, language, actuals, plan.as_of, segment)


def check_reports(
    result: FileResult, journey: Any, language: str, actuals: dict[str, report_data.Actual],
    as_of: date | None, segment: Any = None,
) -> None:
    """The Markdown and HTML reports, as `cjmap report` writes them (without the map)."""
    report = report_data.assemble(
        journey, source=result.file, language=language, findings=result.findings,
        actuals=actuals, as_of=as_of, segment=segment, dated=as_of is not None,
    )
    t = translator(language)
    text = report_markdown.render(report, t, report_markdown.Pictures(None, None))
    assert text.strip(), "empty Markdown report"
    assert f"<{PROBE_TAG}" not in text, "journey text came out of the Markdown report as markup"
    curve = emotion_curve(report.moments, report.lowest, t, title=f"{t('report.curve')}: {journey.title}")
    ET.fromstring(curve.encode("utf-8"))
    page = report_html.render(report, t, journey_map=None, emotion_curve=curve)
    check_html(page)


# --- measured values: `cjmap report --actuals FILE` ---------------------------------

ACTUALS_JOURNEY = b"""\
cjmap: 1
id: measured
title: Measured journey
stages:
  - id: reach
    name: Reach
    objectives:
      - {id: reach, statement: Reach people, metric: reach, target: 1000, unit: people, baseline: 500, due: 2027-01-31}
      - {id: share, statement: Bigger share, metric: market share, target: 30, unit: "%", baseline: 20}
  - id: serve
    name: Serve
    objectives:
      - {id: wait, statement: Shorter waits, metric: wait, target: 60, unit: s, baseline: 300, direction: decrease}
      - {id: nps, statement: Happier customers, metric: NPS, target: 40, baseline: 40}
"""
ACTUAL_IDS = ("reach", "share", "wait", "nps")
ACTUAL_SUFFIXES = (".csv",) * 9 + (".yaml",) * 7 + (".yml", ".yml", ".CSV", ".txt", "")
WEIRD_VALUES = (
    "", " ", "3%", "3,5 %", "1,000", "3,5", "nan", "NaN", "inf", "-inf", ".inf", ".nan", "0x10", "0o7", "1_000",
    "+.5", "5.", ".", "-", "+", "٣", "１２", "€3", "3 EUR", "true", "null", "~", " 42 ", "4 2",
)
# Numbers at the edges of what a float or an int can hold.
EDGE_VALUES = (
    "1e400", "-1e400", "1e308", "-1.7e308", "1e-400", "5e-324", "9" * 5000, "1" * 4300, "1" * 4301,
    "0." + "0" * 5000 + "1", "1" * 400 + ".5", "-" + "9" * 4400,
)
WEIRD_DATES = (
    "", " ", "2027-02-30", "2027-13-01", "27-1-1", "2027/01/31", "31-01-2027", "2027-1-1", " 2027-01-31 ",
    "0000-01-01", "9999-12-31", "2027-01-31T10:00", "２０２７-01-31", "today",
)
HEADERS = (
    "objective,value,date", "objective,value,date", "objective,value", "value,objective", "Objective,Value,Date",
    "objective, value, date", "objective;value;date", "objective,value,date,note", "objective,objective,value",
    "", "reach,35", "\ufeffobjective,value,date", '"objective","value","date"',
)


@dataclass(frozen=True)
class ActualsFile:
    suffix: str
    raw: bytes


def _actual_id(draw: st.DrawFn) -> str:
    how = draw(st.integers(0, 2))
    if how == 0:
        return _typo(draw(st.sampled_from(ACTUAL_IDS)), draw)
    return draw(texts()) if how == 1 else draw(st.sampled_from(("", " ", "reach ", "REACH", "reach,share")))


def _actual_value(draw: st.DrawFn) -> str:
    how = draw(st.integers(0, 3))
    if how < 2:
        return draw(st.sampled_from(EDGE_VALUES))
    return draw(st.sampled_from(WEIRD_VALUES)) if how == 2 else draw(texts())


def _actual_date(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(WEIRD_DATES)) if draw(st.integers(0, 2)) else draw(texts())


def _actual_rows(draw: st.DrawFn) -> list[list[str | None]]:
    """Rows (objective, value, date or None): right, then up to three fields wrong."""
    rows: list[list[str | None]] = [
        [
            draw(st.sampled_from(ACTUAL_IDS)),
            repr(draw(numbers)),
            draw(dates).isoformat() if draw(st.booleans()) else None,
        ]
        for _ in range(draw(st.integers(0, 6)))
    ]
    for _ in range(draw(st.integers(0, 2)) if rows else 0):
        row = rows[draw(st.integers(0, len(rows) - 1))]
        column = draw(st.integers(0, 2))
        row[column] = (_actual_id, _actual_value, _actual_date)[column](draw)
    return rows


def _csv_field(text: str, draw: st.DrawFn) -> str:
    if any(c in text for c in ',"\r\n') or draw(st.integers(0, 4)) == 0:
        return '"' + text.replace('"', '""') + '"'
    return text


@st.composite
def actuals_files(draw: st.DrawFn) -> ActualsFile:
    """An actuals file of measured values: CSV or YAML, mostly right, then mutated."""
    suffix = draw(st.sampled_from(ACTUAL_SUFFIXES))
    rows = _actual_rows(draw)
    if suffix.lower() == ".csv" or draw(st.integers(0, 7)) == 0:
        header = HEADERS[0] if draw(st.integers(0, 2)) else draw(st.sampled_from(HEADERS))
        lines = [header] + [
            ",".join(_csv_field(f, draw) for f in (oid, value, *([when] if when is not None else [])))
            for oid, value, when in rows
        ]
        text = draw(st.sampled_from(("\n", "\r\n", "\n\n"))).join(lines) + draw(st.sampled_from(("\n", "", "\r\n")))
    else:
        data: dict[Any, Any] = {}
        for oid, value, when in rows:
            assert oid is not None and value is not None
            plain = draw(st.booleans())
            number = Raw(value) if plain and value.strip() and "\n" not in value else value
            data[oid] = number if when is None else {"value": number, "date": Raw(when) if plain and when else when}
        if draw(st.integers(0, 5)) == 0:
            data = draw(st.sampled_from(([data], [1, 2], "text", 42, None, {"reach": [1, 2]}, {"reach": {"value": 1, "x": 2}})))
        text = to_yaml(data, draw(st.randoms(use_true_random=False)))
    if draw(st.integers(0, 4)) == 0:
        text = mutate_text(text, draw)
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        raw = mutate_bytes(raw, draw)
    return ActualsFile(suffix, raw)


_SCRATCH: list[str] = []


def _scratch() -> str:
    """A private folder for the actuals files, removed at exit."""
    if not _SCRATCH:
        folder = tempfile.mkdtemp(prefix="cjmap-fuzz-")
        atexit.register(shutil.rmtree, folder, True)
        _SCRATCH.append(folder)
    return _SCRATCH[0]


def exercise_actuals(actuals_file: ActualsFile, plan: Plan = Plan()) -> Outcome:
    """`cjmap report --actuals FILE`: read the file, then report with it.
    A bad file is an ActualsError naming its lines, never another exception."""
    path = os.path.join(_scratch(), "actuals" + actuals_file.suffix)
    with open(path, "wb") as handle:
        handle.write(actuals_file.raw)
    try:
        actuals = read_actuals(path, ACTUAL_IDS)
    except ActualsError as err:
        assert err.problems, "an ActualsError without problems"
        for line, text in err.problems:
            assert isinstance(line, int) and line >= 0, f"bad line {line!r}: {text!r}"
            assert isinstance(text, str) and text.strip(), f"empty problem at line {line}"
        assert str(err).strip()
        return Outcome(findings=len(err.problems))
    for oid, actual in actuals.items():
        assert oid in ACTUAL_IDS, f"a value for an unknown objective {oid!r}"
        value = actual.value
        assert isinstance(value, (int, float)) and not isinstance(value, bool), f"{oid}: {value!r} is not a number"
        if isinstance(value, int):  # a float must hold it: the report computes with floats
            assert abs(value) <= sys.float_info.max, f"{oid}: the measured value ({len(str(value))} digits) is too large for a float"
        else:
            assert math.isfinite(value), f"{oid}: the measured value {value!r} is not finite"
    result = check_bytes("measured.journey.yaml", ACTUALS_JOURNEY, CheckOptions())
    assert result.journey is not None
    dated = [a.measured for a in actuals.values() if a.measured is not None]
    as_of = plan.as_of or (max(dated) if dated else None)
    check_reports(result, result.journey, plan.language or "en", actuals, as_of)
    return Outcome(journey=True, rendered=True)


# --- every kind of input, for long runs ------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One input of a long run: a journey file, or an actuals file (`suffix` set)."""

    raw: bytes
    actuals_suffix: str | None = None


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A journey file, or (one in three) an actuals file."""
    if draw(st.integers(0, 2)) == 0:
        actuals_file = draw(actuals_files())
        return Case(actuals_file.raw, actuals_file.suffix)
    return Case(draw(documents()))


def run_case(case: Case, plan: Plan = Plan()) -> Outcome:
    if case.actuals_suffix is None:
        return exercise(case.raw, plan)
    return exercise_actuals(ActualsFile(case.actuals_suffix, case.raw), plan)
