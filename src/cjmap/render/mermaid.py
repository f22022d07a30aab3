"""A journey as a Mermaid `journey` diagram (user journey), as text.

    journey
      title <journey title>
      section <stage name>
        <step text>: <score 1-5>: <persona>, <persona>

One section per stage, in order; one task per step, or, where a stage has no
steps, one per touchpoint of the stage (a reference is shown by the name of the
touchpoint it names). A stage with neither gets one task, the stage's name:
Mermaid draws a section only when it holds a task. The score is the step's score, else the stage's
`emotions.score`, else neutral, moved from cjmap's -2…+2 to Mermaid's 1…5
(-2 → 1, 0 → 3, +2 → 5). The actors are the personas' names; a journey without
personas has tasks without actors, which Mermaid allows (`Task: 3`).

Text is data
------------
Everything an author wrote is shown as written, except for what Mermaid would
read as syntax. What follows comes from mermaid 11's journey grammar
(packages/mermaid/src/diagrams/user-journey/parser/journey.jison), its journey
db, the preprocessing every diagram goes through (mermaidAPI / preprocess.ts)
and the journey renderer; tests/test_render_mermaid.py checks it against the
real parser.

* Whitespace and control characters: a run of them (newline, CR, tab, no-break
  space, U+2028, U+FEFF, NUL …) becomes one space, and text is stripped.
  A newline ends a statement; no-break spaces are turned into `&nbsp;` by the
  title's sanitizer; other controls are not allowed in SVG.
  Surrogates and non-characters are dropped: they cannot be written as UTF-8.
* Very long text is cut at 120 characters, at a word end where one is near,
  never inside an accent or emoji sequence, and ends with "…".
* Characters replaced by their fullwidth form, which looks alike:
    `#` → `＃` (U+FF03) everywhere: it starts a comment that runs to the end of
        the line;
    `;` → `；` (U+FF1B) everywhere: it ends the title, section and task tokens
        and is then a syntax error;
    `:` → `：` (U+FF1A) in section names, task text and actor names: it
        separates a task's text, score and actors (a title keeps its `:`, the
        title token allows it);
    `,` → `，` (U+FF0C) in actor names: it separates the actors;
    `<` → `＜` (U+FF1C) everywhere: Mermaid rewrites `="…"` to `='…'` inside
        anything that looks like a tag (`<a x="y">`, even across lines), draws
        `<br>` in a section or task as a line break, and passes a title that
        holds a `<` through DOMPurify, which drops tags and shows `&` as
        `&amp;`. `>` alone means nothing and is kept.
* `%%` → `%％`: `%%` starts a comment, and `%%{…}%%` is a directive that
  reconfigures the diagram (an injection). The second `%` of each pair
  becomes U+FF05, so no two `%` stay adjacent.
* `ﬂ°` → `ﬂ⁠°` and `¶ß` → `¶⁠ß` (a U+2060 WORD JOINER between, invisible):
  Mermaid uses these pairs as placeholders for entities and turns them into
  `&` and `;` in the finished SVG.
* A task whose text the lexer would read as something else gets a leading
  U+2060 WORD JOINER, which is invisible: text starting (in any case) with
  `journey`, `title ` or `section ` (a keyword, then the line is no task),
  `accTitle` / `accDescr` followed by `:` or `{`, or `%` (a comment).

Quotes, `&`, `>`, `{`, `}`, `|`, backslashes, accents and emoji mean nothing
to the journey grammar and are kept as written. Mermaid draws every text of a
journey diagram as text (d3 `.text()`), never as markup.

A viewer that renders the output refuses diagrams longer than its
`maxTextSize` (50 000 characters by default); a journey of about a hundred
stages can reach it.
"""

from __future__ import annotations

import re
import unicodedata

from cjmap.i18n import Translate
from cjmap.model import Journey, Stage, Touchpoint
from cjmap.navigate import touchpoint_definitions

LIMIT = 120
"""Characters kept of one text; longer text is cut and ends with ELLIPSIS."""
ELLIPSIS = "…"
BLANK = ELLIPSIS
"""A task's text when the author's text is only whitespace: Mermaid needs one character."""
NEUTRAL = 3
"""Mermaid's score for a step and stage without a score: the middle of 1…5."""
WORD_JOINER = "\u2060"

# Python's whitespace (which includes the C0 separators and U+0085), all other
# C0 and C1 controls, DEL, and U+FEFF, which JavaScript's `\s` matches.
_SPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\ufeff]+")
_UNWRITABLE = re.compile("[\ud800-\udfff\ufdd0-\ufdef]")

_FULLWIDTH = {"#": "＃", ";": "；", ":": "：", ",": "，", "<": "＜"}
_TITLE = re.compile("[#;<]")
_NAME = re.compile("[#;:<]")  # section names and task text
_ACTOR = re.compile("[#;:,<]")

_PLACEHOLDERS = (("ﬂ°", f"ﬂ{WORD_JOINER}°"), ("¶ß", f"¶{WORD_JOINER}ß"))
# What the journey lexer tries before "task text" at the start of a line. Its
# `\s` is JavaScript's; whitespace is a plain space here, after _normalize.
_NOT_A_TASK = re.compile(
    r"journey\b|title |section |acc(?:title|descr) ?[:{]|%",
    re.IGNORECASE | re.ASCII,
)


def build(journey: Journey, t: Translate) -> str:
    """The journey as Mermaid `journey` text, ending with a newline.

    `t` is unused: the diagram holds only the author's words and scores; it is
    taken so that every picture has the same signature.
    """
    names = _touchpoint_names(journey)
    actors = _actors(journey)
    people = f": {', '.join(actors)}" if actors else ""
    lines = ["journey", f"  title {_title(journey.title) or _title(journey.id)}"]
    for stage in journey.stages:
        lines.append(f"  section {_name(stage.name) or _name(stage.id)}")
        for text, score in _tasks(stage, names):
            lines.append(f"    {_task(text)}: {score}{people}")
    return "\n".join(lines) + "\n"


def mermaid_score(score: int | None) -> int:
    """cjmap's -2…+2 as Mermaid's 1…5; no score is neutral."""
    return NEUTRAL if score is None else score + 3


def _tasks(stage: Stage, names: dict[str, str]) -> list[tuple[str, int]]:
    stage_score = stage.emotions.score if stage.emotions is not None else None
    if stage.steps:
        return [
            (step.text, mermaid_score(step.score if step.score is not None else stage_score))
            for step in stage.steps
        ]
    tasks = []
    for entry in stage.touchpoints:
        if isinstance(entry, Touchpoint):
            name = _normalize(entry.name) or entry.id
        else:  # a reference; a dangling one (the validator reports it) shows its id
            name = names.get(entry, entry)
        tasks.append((name, mermaid_score(stage_score)))
    return tasks or [(_normalize(stage.name) or stage.id, mermaid_score(stage_score))]


def _touchpoint_names(journey: Journey) -> dict[str, str]:
    names: dict[str, str] = {}
    for _, touchpoint in touchpoint_definitions(journey):
        names.setdefault(touchpoint.id, _normalize(touchpoint.name) or touchpoint.id)
    return names


def _actors(journey: Journey) -> list[str]:
    actors: list[str] = []
    for persona in journey.personas:
        actor = _clean(persona.name, _ACTOR) or _clean(persona.id, _ACTOR)
        if actor not in actors:
            actors.append(actor)
    return actors


def _title(text: str) -> str:
    return _clean(text, _TITLE)


def _name(text: str) -> str:
    return _clean(text, _NAME)


def _task(text: str) -> str:
    task = _clean(text, _NAME) or BLANK
    if _NOT_A_TASK.match(task):
        task = WORD_JOINER + task
    return task


def _clean(text: object, syntax: re.Pattern[str]) -> str:
    """`text` on one line, short enough, with `syntax` characters replaced.

    The one escaping path of the diagram: every text an author wrote reaches
    it through here; `_title`, `_name`, `_task` and `_actors` only say which
    characters are syntax where the text lands."""
    value = _truncate(_normalize(text))
    value = syntax.sub(lambda match: _FULLWIDTH[match.group()], value)
    value = value.replace("%%", "%％")
    for pair, broken in _PLACEHOLDERS:
        value = value.replace(pair, broken)
    return value


def _normalize(text: object) -> str:
    value = _UNWRITABLE.sub("", str(text))
    value = "".join(c for c in value if (ord(c) & 0xFFFE) != 0xFFFE)  # U+FFFE, U+1FFFF …
    return _SPACE.sub(" ", value).strip(" ")


def _truncate(text: str, limit: int = LIMIT) -> str:
    """At most `limit` characters: cut at a word end if one is near, else between
    characters a reader sees as one (an accent stays on its letter, an emoji
    sequence is kept whole or dropped whole), then an ellipsis."""
    if len(text) <= limit:
        return text
    cut = limit - len(ELLIPSIS)
    space = text.rfind(" ", 0, cut + 1)
    if space > limit * 3 // 4:
        cut = space
    else:
        while cut > 0 and _joins(text, cut):
            cut -= 1
    return text[:cut].rstrip(" ") + ELLIPSIS


def _joins(text: str, index: int) -> bool:
    """True when text[index] belongs to the same visible character as text[index - 1]."""
    char, before = text[index], text[index - 1]
    if before == "\u200d" or char == "\u200d":  # zero width joiner (emoji sequences)
        return True
    if unicodedata.category(char) in ("Mn", "Mc", "Me"):  # accents, variation selectors
        return True
    if 0x1F3FB <= ord(char) <= 0x1F3FF or 0xE0020 <= ord(char) <= 0xE007F:  # skin tones, tags
        return True
    if _regional(char) and _regional(before):  # a flag is a pair of regional indicators
        count = 0
        while index - count - 1 >= 0 and _regional(text[index - count - 1]):
            count += 1
        return count % 2 == 1
    return False


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF
