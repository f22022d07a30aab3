"""A journey as a Mermaid `journey` diagram (user journey), as text.

    journey
      title <journey title>
      section <stage name>
        <step text>: <score 1-5>: <persona>, <persona>

One section per stage, in order; one task per step. The picture shows only what
the journey says:

* A task's actors are the personas of the step's `segments` (each segment's
  `personas`, by name, in the order the segments and their personas are
  listed, each once). A step without segments, or whose segments list no
  personas, has no actors (`Task: 3`), which Mermaid allows. Nobody is put on
  a task the journey does not put there.
* A stage without steps gets one task per touchpoint (a reference is shown by
  the name of the touchpoint it names), whose actors are the personas of that
  touchpoint's `segments`. A stage with neither gets one task, the stage's
  name, without actors: Mermaid parses a section without tasks but does not
  draw it, and the stage would be lost from the picture.
* The score is the step's `score` moved from cjmap's -2…+2 to Mermaid's 1…5
  (-2 → 1, 0 → 3, +2 → 5). Mermaid needs a score on every task: where the step
  has none (and for touchpoint and stage tasks) it is the stage's
  `emotions.score`, else the neutral 3, and a `%%` comment line (which Mermaid
  skips) above the task says which.
* A step that is a moment of truth leads with the mark of the other pictures
  (♦), and a step's duration and wait follow its text in brackets, in the
  journey's language: `♦ Pays the fee (10 min, wait 2 d)`.
* A journey diagram has no service blueprint: when the journey fills in
  blueprint lanes, a `%%` comment under `journey` names them and counts their
  entries, so that a reader of the text knows what the picture leaves out.

Text is data
------------
Everything an author wrote is shown as written. What Mermaid would read as
syntax is written as one of Mermaid's own entity codes, `#NNN;` with the
character's decimal code point: Mermaid turns `#35;` into the placeholder
`ﬂ°°35¶ß` before parsing and into `&#35;` in the finished SVG, which shows `#`.
Decimal codes only: `#x23;` is not understood, and a named code such as
`#nbsp;` becomes `&nbsp;`, which an SVG read as XML refuses. What follows comes
from mermaid 11's journey grammar (journey.jison), `encodeEntities` /
`decodeEntities`, the preprocessing every diagram goes through and the journey
renderer; tests/test_render_mermaid.py checks it with the real parser and a
real render (mermaid-cli), reading the text back from the SVG.

* Whitespace and control characters: a run of them (newline, CR, tab, no-break
  space, U+2028, U+FEFF, NUL …) becomes one space, and text is stripped.
  A newline ends a statement; other controls are not allowed in SVG.
  Surrogates and non-characters are dropped: they cannot be written as UTF-8.
* Very long text is cut at 120 characters, at a word end where one is near,
  never inside an accent or emoji sequence, and ends with "…" (a step's
  mark and times are added to the text after the cut).
* Written as entity codes, everywhere (title, sections, tasks, actors):
    `#` (`#35;`): it starts a comment that runs to the end of the line;
    `;` (`#59;`): it ends the title, section and task tokens, a syntax error;
    `:` (`#58;`): it separates a task's text, score and actors and ends a
        section name; in a title, `style…:…#…;` or `classDef…:…#…;` loses its
        last `;` before entities are read, which breaks the entity after it;
    `<` (`#60;`): Mermaid rewrites `="…"` to `='…'` inside anything that looks
        like a tag (`<a x="y">`, even across lines), draws `<br>` as a line
        break, and passes a title that holds a `<` through DOMPurify, which
        drops tags. `>` alone means nothing and is kept;
    `,` (`#44;`) in actor names only: it separates the actors.
* `%`: the second `%` of `%%` (`%#37;`): `%%` starts a comment, and
  `%%{…}%%` is a directive that reconfigures the diagram (an injection); and a
  task's first character when it is `%` (a comment there).
* `ﬂ°` and `¶ß` (`#64258;°`, `#182;ß`): Mermaid's placeholders for entities,
  which it would turn into `&` and `;` in the finished SVG.
* A task whose text the lexer would read as something else has its first
  character written as an entity code: text starting (in any case) with
  `journey`, `title ` or `section ` (a keyword: the line is no task),
  `accDescr {` (a description), or `%` (a comment).

Quotes, `&`, `>`, `{`, `}`, `|`, backslashes, accents and emoji mean nothing
to the journey grammar and are kept as written; an entity an author writes out
(`&amp;`, `#35;`) shows as written too. Mermaid draws every text of a journey
diagram as text (d3 `.text()`), never as markup.

A viewer that renders the output refuses diagrams longer than its
`maxTextSize` (50 000 characters by default); a journey of about a hundred
stages can reach it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cjmap.i18n import Translate
from cjmap.model import BLUEPRINT_LANES, Journey, Stage, Touchpoint
from cjmap.navigate import persona_list, touchpoint_definitions
from cjmap.render.map_view import MOMENT_MARK, step_times

LIMIT = 120
"""Characters kept of one text; longer text is cut and ends with ELLIPSIS."""
ELLIPSIS = "…"
BLANK = ELLIPSIS
"""A task's text when the author's text is only whitespace: Mermaid needs one character."""
NEUTRAL = 3
"""Mermaid's score for a task the journey gives no score: the middle of 1…5."""
STAGE_SCORE = "%% score from the stage's emotions, the journey gives this task none"
NEUTRAL_SCORE = "%% neutral score 3, the journey gives this task none"
"""The comment lines above a task whose score is not its step's own."""

# Python's whitespace (which includes the C0 separators and U+0085), all other
# C0 and C1 controls, DEL, and U+FEFF, which JavaScript's `\s` matches.
_SPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\ufeff]+")
_UNWRITABLE = re.compile("[\ud800-\udfff\ufdd0-\ufdef]")

# What Mermaid would read as syntax, written as an entity code (see above).
_SYNTAX = r"[#;:<]|(?<=%)%|\uFB02(?=°)|¶(?=ß)"
_TEXT = re.compile(_SYNTAX)
_ACTOR = re.compile(_SYNTAX + "|,")
# What the journey lexer tries before "task text" at the start of a line. Its
# `\s` is JavaScript's; whitespace is a plain space here, after normalize.
# (`accTitle:` and `accDescr:` need a `:`, which never reaches the lexer.)
_NOT_A_TASK = re.compile(r"journey\b|title |section |accdescr *\{|%", re.IGNORECASE | re.ASCII)


@dataclass(frozen=True, slots=True)
class _Task:
    text: str  # as the author wrote it
    score: int  # Mermaid's 1…5
    actors: list[str]  # ready to write
    note: str = ""  # a comment line above the task, or nothing
    moment: bool = False  # a moment of truth
    times: tuple[str, ...] = ()  # the step's duration and wait, in words


def build(journey: Journey, t: Translate) -> str:
    """The journey as Mermaid `journey` text, ending with a newline.

    `t` writes the steps' durations and waits and the comment on what is left
    out; a journey with neither is the same text in every language.
    """
    touchpoints = _touchpoints(journey)
    people = _people(journey)
    lines = ["journey", *_left_out(journey, t), f"  title {_clean(journey.title) or _clean(journey.id)}"]
    for stage in journey.stages:
        lines.append(f"  section {_clean(stage.name) or _clean(stage.id)}")
        for task in _tasks(stage, touchpoints, people, t):
            if task.note:
                lines.append(f"    {task.note}")
            actors = f": {', '.join(task.actors)}" if task.actors else ""
            lines.append(f"    {_task(task)}: {task.score}{actors}")
    return "\n".join(lines) + "\n"


def _left_out(journey: Journey, t: Translate) -> list[str]:
    """The comment line naming the blueprint lanes the diagram cannot show,
    with how many entries each has; none when the journey fills in none."""
    counts = [(lane, sum(len(getattr(stage, lane)) for stage in journey.stages)) for lane in BLUEPRINT_LANES]
    named = ", ".join(f"{t(f'lane.{lane}')} ({count})" for lane, count in counts if count)
    return [f"  %% {normalize(t('map.mermaid_left_out', lanes=named))}"] if named else []


def mermaid_score(score: int | None) -> int:
    """cjmap's -2…+2 as Mermaid's 1…5; no score is neutral."""
    return NEUTRAL if score is None else score + 3


def _tasks(
    stage: Stage, touchpoints: dict[str, Touchpoint], people: dict[str, list[str]], t: Translate
) -> list[_Task]:
    stage_score = stage.emotions.score if stage.emotions is not None else None
    borrowed = mermaid_score(stage_score)
    note = STAGE_SCORE if stage_score is not None else NEUTRAL_SCORE
    if stage.steps:
        return [
            _Task(step.text, mermaid_score(step.score) if step.score is not None else borrowed,
                  _actors(step.segments, people), note="" if step.score is not None else note,
                  moment=step.moment_of_truth, times=tuple(step_times(step, t)))
            for step in stage.steps
        ]
    tasks = []
    for entry in stage.touchpoints:
        touchpoint = entry if isinstance(entry, Touchpoint) else touchpoints.get(entry)
        if touchpoint is None:  # a dangling reference (the validator reports it) shows its id
            tasks.append(_Task(str(entry), borrowed, [], note))
        else:
            name = normalize(touchpoint.name) or touchpoint.id
            tasks.append(_Task(name, borrowed, _actors(touchpoint.segments, people), note))
    return tasks or [_Task(normalize(stage.name) or stage.id, borrowed, [], note)]


def _touchpoints(journey: Journey) -> dict[str, Touchpoint]:
    found: dict[str, Touchpoint] = {}
    for _, touchpoint in touchpoint_definitions(journey):
        found.setdefault(touchpoint.id, touchpoint)
    return found


def _people(journey: Journey) -> dict[str, list[str]]:
    """Segment id → the actor names of its personas. A persona id that names no
    persona (the validator reports it) shows as the id."""
    names: dict[str, str] = {}
    for persona in persona_list(journey):
        names.setdefault(persona.id, _clean(persona.name, _ACTOR) or _clean(persona.id, _ACTOR))
    people: dict[str, list[str]] = {}
    for segment in journey.segments:
        people.setdefault(segment.id, [names.get(p) or _clean(p, _ACTOR) for p in segment.personas])
    return people


def _actors(segments: list[str], people: dict[str, list[str]]) -> list[str]:
    actors: list[str] = []
    for segment in segments:
        for actor in people.get(segment, []):
            if actor and actor not in actors:
                actors.append(actor)
    return actors


def _task(task: _Task) -> str:
    text = _clean(task.text) or BLANK
    if _NOT_A_TASK.match(text):
        text = _entity(text[0]) + text[1:]
    if task.moment:
        text = f"{MOMENT_MARK} {text}"
    if task.times:
        text += f" ({_clean(', '.join(task.times))})"
    return text


def _clean(text: object, syntax: re.Pattern[str] = _TEXT) -> str:
    """`text` on one line, short enough, with what Mermaid reads as syntax
    written as Mermaid entity codes.

    The one escaping path of the diagram: every text an author wrote reaches
    it through here (actor names with `syntax=_ACTOR`, where `,` is syntax
    too); `_task` only writes the first character of a task as an entity code
    when the lexer would read the line as something else."""
    value = _truncate(normalize(text))
    return syntax.sub(lambda match: _entity(match.group()), value)


def _entity(char: str) -> str:
    """Mermaid's entity code for one character: `#35;` is shown as `#`."""
    return f"#{ord(char)};"


def normalize(text: object) -> str:
    """Text on one line, as Mermaid and SVG can hold it: every run of
    whitespace and control characters one space, surrogates and
    non-characters dropped, stripped. The import of a diagram reads its
    text the same way."""
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
