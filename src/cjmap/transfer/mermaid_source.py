"""A Mermaid `journey` diagram (user journey) read into a `Draft`.

    journey
      title My working day
      section Go to work
        Make tea: 5: Me
        Do work: 1: Me, Cat

`read_mermaid` reads an `.mmd` file, or with `markdown=True` the first
fenced ```` ```mermaid ```` (or `~~~mermaid`) block of a Markdown file whose
first statement is `journey`; line numbers in the notes are the file's own.
A file with no journey diagram, or a journey with no section and no task,
is refused (`NotAJourney`).

What becomes what:

* `title` is the journey's title (a title in the diagram's front matter
  counts too; without either, `accTitle`, else the file's name), and its id
  is made from it. `accDescr: …` or `accDescr { … }` is the description; an
  `accTitle` beside a title is noted, not kept.
* Each `section` is a stage, with the `phase` its name means when it is a
  phase word in English, Spanish or Catalan (`Awareness`, `Consideración`).
  A section without tasks is still a stage; tasks before the first section
  get a stage of their own, named after the title (noted).
* Each task `Text: score: Actor, Actor` is a step `{text, score}` with the
  score moved from Mermaid's 1…5 to cjmap's -2…+2. A score that is not a
  whole number from 1 to 5 (0, 7, 2.5, `high`, none) is noted and the step
  kept without a score.
* Each actor (compared as written, after stripping) is a persona, and a
  segment of that persona alone, with the same id, so that who does what is
  kept: a step lists the segments of its actors. cjmap's Mermaid writer
  (`render/mermaid.py`) draws a step's segments' personas as its actors, so a
  journey drawn and read back keeps its actors.
* Mermaid's decimal entity codes (`#35;` is `#`) are read as the character;
  other `#…;` codes stay as written. Control characters and runs of spaces
  become one space; text is stripped.
* The writer's own marks are read back: a task text starting with `♦ ` is a
  moment of truth, and a task under the writer's comment saying its score is
  the stage's or the neutral 3 gets no score. A step's duration and wait,
  which the writer adds in brackets, stay in the text: brackets are common
  in text and a guess would change what the author wrote.
* Other `%%` comments are skipped; a `%%{…}%%` directive (drawing settings)
  and front matter settings are noted as ignored. A line that is none of
  the above, and anything after a task's actors, is noted with its line:
  nothing is dropped silently.

The reader goes through the text once, line by line: its time grows with
the size of the file. It is lenient where Mermaid is strict (a stray `#` or
`;` stays in the text; `Journey` may be capitalised), so that what a person
meant is imported and what could not be is said.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cjmap.errors import CjmapError
from cjmap.render.map_view import MOMENT_MARK
from cjmap.render.mermaid import NEUTRAL_SCORE, STAGE_SCORE, normalize
from cjmap.shorten import shorten
from cjmap.transfer import lanes, lines
from cjmap.transfer.draft import Draft, Ids, slug, source_stem

DOCS = "https://mermaid.js.org/syntax/userJourney.html"
START_HINT = f"a Mermaid journey starts with the line `journey`; see {DOCS}"
SCORE_HINT = ("give the step a `score` from -2 (very negative) to +2 (very positive) in the journey file: "
              "Mermaid's 1 is -2, 3 is 0 and 5 is +2")
LINE_HINT = (f"a journey diagram has `title`, `section` and task lines such as `Make tea: 5: Me`; see {DOCS}; "
             "add what the line meant to the journey file by hand")
NO_TITLE_STAGE = "Journey"
"""The name of the stage made for tasks before any section, when the diagram has no title."""
QUOTED = 60
"""Characters of a source's text quoted in a note; longer text is cut with "…"."""

# Mermaid splits lines at LF, after turning CR LF and a lone CR into LF; so
# does CommonMark. (str.splitlines would split at form feeds and U+2028 too.)
_LINE_BREAK = re.compile(r"\r\n?|\n")
_ENTITY = re.compile(r"#([0-9]{1,7});")  # decimal only; 7 digits reach past U+10FFFF
_ANY_ENTITY = re.compile(r"#\w+;")  # what Mermaid takes for an entity code, not a comment
_SCORE = re.compile(r"\+?0*([1-5])(?:\.0*)?")
_NUMBER = re.compile(r"[+\-]?[0-9]+(?:[.,][0-9]+)?")

# The statements, tried in the order of Mermaid's lexer (journey.jison), on a
# line stripped of its indentation.
_JOURNEY = re.compile(r"journey\b", re.IGNORECASE)
_TITLE = re.compile(r"title\s+(.*)", re.IGNORECASE | re.DOTALL)
_ACC_TITLE = re.compile(r"acctitle\s*:(.*)", re.IGNORECASE | re.DOTALL)
_ACC_DESCR = re.compile(r"accdescr\s*:(.*)", re.IGNORECASE | re.DOTALL)
_ACC_DESCR_BLOCK = re.compile(r"accdescr\s*\{(.*)", re.IGNORECASE | re.DOTALL)
_SECTION = re.compile(r"section(?:\s+(.*))?", re.IGNORECASE | re.DOTALL)
_FRONT_MATTER_TITLE = re.compile(r"title\s*:\s*(.*)")

# A CommonMark code fence: up to three spaces, then three or more backticks
# or tildes, then the info string (which, after backticks, has none).
_FENCE = re.compile(r"( {0,3})(`{3,}|~{3,})(.*)")


class NotAJourney(CjmapError):
    """The file holds no Mermaid journey diagram to import."""

    exit_code = 1


def read_mermaid(name: str, text: str, *, markdown: bool = False, language: str = "en") -> Draft:
    """The journey of the Mermaid `journey` diagram in `text`, the content of
    the file called `name`: an `.mmd` file, or with `markdown=True` a
    Markdown file holding the diagram in a ```` ```mermaid ```` block.
    `language` is the journey's language (kept when it is not English)."""
    lines = _LINE_BREAK.split(text.removeprefix("\ufeff"))
    diagram = _markdown_diagram(name, lines) if markdown else _file_diagram(name, lines)
    if not diagram.sections:
        raise NotAJourney(
            f"{name}: the journey diagram on line {diagram.start} has no section and no task, "
            "so there is nothing to import",
            hint=f"add a `section` line for each stage and a task line such as `Make tea: 5: Me` for each step; "
                 f"see {DOCS}",
        )
    return _draft(name, diagram, language)


# --- finding the diagram ---------------------------------------------------------------


def _file_diagram(name: str, lines: list[str]) -> _Diagram:
    reader = _Reader(lines, first=1)
    if not reader.starts_a_journey():
        first = reader.first_statement
        if first is None:
            raise NotAJourney(f"{name} has no Mermaid diagram: the file is empty", hint=START_HINT)
        raise NotAJourney(
            f"{name} is not a Mermaid journey diagram: line {first[0]} is “{_quoted(first[1])}”, not `journey`",
            hint=START_HINT,
        )
    return reader.read()


def _markdown_diagram(name: str, lines: list[str]) -> _Diagram:
    others: list[tuple[int, str]] = []  # the first statement of each other mermaid block
    for first, body in _mermaid_blocks(lines):
        reader = _Reader(body, first=first)
        if reader.starts_a_journey():
            return reader.read()
        if reader.first_statement is not None:
            others.append(reader.first_statement)
    if others:
        line, statement = others[0]
        raise NotAJourney(
            f"{name} has no Mermaid journey diagram: its ```mermaid blocks hold other diagrams "
            f"(line {line}: “{_quoted(statement)}”)",
            hint=START_HINT,
        )
    raise NotAJourney(
        f"{name} has no Mermaid journey diagram: it has no ```mermaid block with a diagram",
        hint=f"put the diagram in a block that starts with the line ```mermaid and ends with ```; {START_HINT}",
    )


def _mermaid_blocks(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Each fenced code block whose info string says `mermaid`: the number
    of its first line in the file, and its lines without the fence's
    indentation. Other fenced blocks are skipped whole, so that a fence
    shown inside one (a Markdown example) is not taken for a diagram."""
    index = 0
    while index < len(lines):
        opening = _FENCE.fullmatch(lines[index])
        if opening is None or (opening.group(2)[0] == "`" and "`" in opening.group(3)):
            index += 1
            continue
        indent, fence, info = len(opening.group(1)), opening.group(2), opening.group(3).strip()
        closing = re.compile(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*")
        end = index + 1
        while end < len(lines) and not closing.fullmatch(lines[end]):
            end += 1
        if info.split(maxsplit=1)[:1] == ["mermaid"]:
            yield index + 2, [_unindent(line, indent) for line in lines[index + 1:end]]
        index = end + 1  # an unclosed fence runs to the end of the file


def _unindent(line: str, indent: int) -> str:
    """A line of a fenced block without up to `indent` spaces of indentation (CommonMark)."""
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, indent):]


# --- reading the diagram -----------------------------------------------------------------


@dataclass(slots=True)
class _Task:
    line: int
    text: str
    score: int | None
    actors: list[str]
    moment: bool
    times: dict[str, str] = field(default_factory=dict)  # the step's duration and wait, as written in brackets


@dataclass(slots=True)
class _Section:
    line: int
    name: str | None  # None: the stage made for tasks before any section
    tasks: list[_Task] = field(default_factory=list)


@dataclass(slots=True)
class _Diagram:
    start: int  # the line of `journey`
    title: str = ""
    front_title: str = ""
    acc_title: tuple[int, str] | None = None
    description: str = ""
    sections: list[_Section] = field(default_factory=list)
    notes: list[tuple[int, str, str | None]] = field(default_factory=list)


class _Reader:
    """Reads the lines of one diagram, once, from the top; `first` is the
    number of its first line in the file."""

    def __init__(self, lines: list[str], *, first: int) -> None:
        self.lines = lines
        self.first = first
        self.index = 0  # the line being read
        self.diagram = _Diagram(start=first)
        self.first_statement: tuple[int, str] | None = None  # what stands where `journey` should
        self.writer_score = False  # the line above is the writer's "not the step's score" comment
        self.where_title = 0  # the line of the title kept so far
        self.where_description = 0
        self._directive_end: int | None = None  # the index of the last line with `}%%`, once looked for

    # The header: front matter, comments and directives, then `journey`.

    def starts_a_journey(self) -> bool:
        """Read up to the `journey` line; False when the diagram is another."""
        self._front_matter()
        while self.index < len(self.lines):
            line = self.lines[self.index].strip()
            if not line or (line.startswith("%") and not line.startswith("%%{")):
                self.index += 1
            elif line.startswith("%%{"):
                self._directive()
            else:
                self.first_statement = (self._number(), line)
                if not _JOURNEY.match(line):
                    return False
                self.diagram.start = self._number()
                rest = line[len("journey"):].strip()
                if rest:  # Mermaid reads statements, not lines: `journey title X` holds a title
                    self._statement(rest)
                self.index += 1
                return True
        return False

    def _front_matter(self) -> None:
        """Mermaid's YAML front matter, `---` lines around settings: its
        `title` is kept, its other settings are noted as ignored."""
        if not self.lines or self.lines[0].rstrip() != "---":
            return
        end = 1
        while end < len(self.lines) and self.lines[end].rstrip() != "---":
            end += 1
        if end == len(self.lines):
            return  # not closed: not front matter (and no journey either)
        settings = []
        for offset in range(1, end):
            line = self.lines[offset].strip()
            title = _FRONT_MATTER_TITLE.fullmatch(line)
            if title:
                self.diagram.front_title = _clean(_unquoted(title.group(1)))
            elif line and not line.startswith("#"):
                settings.append(offset)
        if settings:
            first, last = self.first + settings[0], self.first + settings[-1]
            lines = f"line {first}" if first == last else f"lines {first} to {last}"
            self._note(first, f"the diagram's front matter settings ({lines}) were ignored",
                       "they set how Mermaid draws the diagram; `cjmap render` draws the journey its own way")
        self.index = end + 1

    def _directive(self) -> None:
        """A `%%{…}%%` directive, on one line or up to the line with its
        `}%%`: noted as ignored. Without a `}%%` further down it is one line,
        so that an unclosed directive does not hide the rest of the diagram."""
        start, text = self._number(), self.lines[self.index].strip()
        if "}%%" not in text and self._last_directive_end() > self.index:
            while "}%%" not in self.lines[self.index]:
                self.index += 1
        self.index += 1
        self._note(start, f"the Mermaid directive “{_quoted(text)}” was ignored",
                   "a directive sets how Mermaid draws the diagram; `cjmap render` draws the journey its own way")

    def _last_directive_end(self) -> int:
        # Looked for once: each unclosed directive looking ahead again would
        # make a file of them take quadratic time.
        if self._directive_end is None:
            ends = (index for index in range(len(self.lines) - 1, -1, -1) if "}%%" in self.lines[index])
            self._directive_end = next(ends, -1)
        return self._directive_end

    # The body: statements up to the end.

    def read(self) -> _Diagram:
        while self.index < len(self.lines):
            line = self.lines[self.index].strip()
            if line.startswith("%%{"):
                self._directive()
                self.writer_score = False
                continue
            if line:
                self._statement(line)
            self.index += 1
        self._accessible_title()
        self.diagram.notes.sort(key=lambda note: note[0])  # stable: in reading order within a line
        return self.diagram

    def _statement(self, line: str) -> None:
        writer_score, self.writer_score = self.writer_score, False
        if line.startswith("%"):  # a comment (`%%`, and a lone `%` too for Mermaid's lexer)
            self.writer_score = line in (STAGE_SCORE, NEUTRAL_SCORE)
        elif line.startswith("#") and not _ANY_ENTITY.match(line):
            pass  # Mermaid reads `#` up to the end of the line as a comment
        elif _JOURNEY.match(line):
            self._unknown(line)
        elif match := _TITLE.fullmatch(line):
            self._title(match.group(1))
        elif match := _ACC_TITLE.fullmatch(line):
            self._acc_title(match.group(1))
        elif match := _ACC_DESCR.fullmatch(line):
            self._description(_clean(match.group(1)), self._number())
        elif match := _ACC_DESCR_BLOCK.fullmatch(line):
            self._description_block(match.group(1))
        elif match := _SECTION.fullmatch(line):
            self._section(match.group(1) or "")
        elif ":" in line and line.split(":", 1)[0].strip():
            self._task(line, writer_score=writer_score)
        else:
            self._unknown(line)

    def _title(self, value: str) -> None:
        title = _clean(value)
        if not title:
            return
        if self.diagram.title:
            self._note(self.where_title, f"the title “{_quoted(self.diagram.title)}” was replaced by the "
                       f"title on line {self._number()}, as in Mermaid")
        self.diagram.title, self.where_title = title, self._number()

    def _acc_title(self, value: str) -> None:
        title = _clean(value)
        if title:
            self.diagram.acc_title = (self._number(), title)

    def _description(self, description: str, line: int) -> None:
        if not description:
            return
        if self.diagram.description:
            self._note(self.where_description, f"this description was replaced by the one on line {line}, "
                       "as in Mermaid")
        self.diagram.description, self.where_description = description, line

    def _description_block(self, rest: str) -> None:
        """`accDescr {` … `}`: the text up to the first `}`, over several lines."""
        start = self._number()
        parts = [rest]
        while "}" not in parts[-1] and self.index + 1 < len(self.lines):
            self.index += 1
            parts.append(self.lines[self.index])
        closed = "}" in parts[-1]
        parts[-1], _, after = parts[-1].partition("}")
        if not closed:
            self._note(start, "the description that starts here (`accDescr {`) has no closing `}`; "
                       "it was read up to the end of the diagram")
        self._description("\n".join(line for line in map(_clean, parts) if line), start)
        if after.strip():
            self._unknown(after)

    def _accessible_title(self) -> None:
        if self.diagram.acc_title is None:
            return
        line, acc_title = self.diagram.acc_title
        title = self.diagram.title or self.diagram.front_title
        if title:
            self._note(line, f"the accessible title “{_quoted(acc_title)}” was not carried over: the journey "
                       f"has one title, “{_quoted(title)}”",
                       "add it to the journey's `description` if it says more than the title")

    def _section(self, value: str) -> None:
        name = _clean(value)
        if not name:
            name = f"Section {len(self.diagram.sections) + 1}"
            self._note(self._number(), f"a section has no name; its stage was named “{name}”",
                       "rename the stage in the journey file")
        self.diagram.sections.append(_Section(self._number(), name))

    def _task(self, line: str, *, writer_score: bool) -> None:
        written, _, data = line.partition(":")
        text = _clean(written)
        if not text:
            self._note(self._number(), f"a task has no text (“{_quoted(line)}”), so it was left out",
                       "write the task as `Text: score: actors`, e.g. `Make tea: 5: Me`")
            return
        moment = text.startswith(f"{MOMENT_MARK} ") and len(text) > len(MOMENT_MARK) + 1
        if moment:
            text = text[len(MOMENT_MARK) + 1:].lstrip()
        pieces = data.split(":")
        score = None if writer_score else self._score(text, pieces[0].strip())
        actors = _actors(pieces[1]) if len(pieces) > 1 else []
        if len(pieces) > 2 and ":".join(pieces[2:]).strip():
            self._note(self._number(), f"task “{_quoted(text)}” has more after its actors "
                       f"(“{_quoted(':'.join(pieces[2:]).strip())}”), which Mermaid ignores; it was left out",
                       "a task is written `Text: score: Actor, Actor`")
        if not self.diagram.sections:  # named in _draft: the title may come later
            self.diagram.sections.append(_Section(self._number(), None))
        text, times = _times(text)
        self.diagram.sections[-1].tasks.append(_Task(self._number(), text, score, actors, moment, times))

    def _score(self, text: str, written: str) -> int | None:
        """cjmap's score of a task whose Mermaid score is `written`; None, and a note, when it is not 1…5."""
        valid = _SCORE.fullmatch(written)
        if valid:
            return int(valid.group(1)) - 3
        if not written:
            said = "has no score"
        elif _NUMBER.fullmatch(written):
            said = f"has the score {written}"
        else:
            said = f"has the score “{_quoted(written)}”"
        self._note(self._number(), f"task “{_quoted(text)}” {said}; a Mermaid score is a whole number from 1 "
                   "to 5, so the step was imported without a score", SCORE_HINT)
        return None

    def _unknown(self, line: str) -> None:
        self._note(self._number(), f"“{_quoted(line)}” is not part of a Mermaid journey (a title, a section or "
                   "a task with its score), so it was left out", LINE_HINT)

    def _note(self, line: int, message: str, hint: str | None = None) -> None:
        self.diagram.notes.append((line, message, hint))

    def _number(self) -> int:
        return self.first + self.index


def _actors(written: str) -> list[str]:
    """The actors of a task, each once, in its order; blank ones are none."""
    actors = dict.fromkeys(_clean(part) for part in written.split(","))  # a dict: each once, in order
    actors.pop("", None)
    return list(actors)


# --- the draft ---------------------------------------------------------------------------


def _draft(name: str, diagram: _Diagram, language: str) -> Draft:
    draft = Draft(source=name)
    stem = source_stem(name)
    own_title = diagram.title or diagram.front_title or (diagram.acc_title[1] if diagram.acc_title else "")
    title = own_title or (stem if slug(stem) else NO_TITLE_STAGE)
    data: dict[str, Any] = {"cjmap": 1, "id": slug(title) or slug(stem) or "journey", "title": title}
    if diagram.description:
        data["description"] = diagram.description
    if language != "en":
        data["language"] = language
    people = _people(diagram, draft.ids)
    if people:
        data["personas"] = [{"id": ident, "name": actor} for actor, ident in people.items()]
        data["segments"] = [{"id": ident, "name": actor, "personas": [ident]} for actor, ident in people.items()]
    untitled = own_title or NO_TITLE_STAGE
    data["stages"] = [_stage(section, untitled, people, draft.ids) for section in diagram.sections]
    draft.data = data
    notes = list(diagram.notes)
    first = diagram.sections[0]
    if first.name is None:
        notes.append((first.line, (f"task “{_quoted(first.tasks[0].text)}” comes before any section; it and "
                      f"the other tasks before the first section were put in a stage named “{_quoted(untitled)}”"),
                      "start each stage with a line `section Name`"))
        notes.sort(key=lambda note: note[0])
    for line, message, hint in notes:
        draft.note(f"line {line}", message, hint)
    return draft


def _people(diagram: _Diagram, ids: Ids) -> dict[str, str]:
    """Each actor's persona id (the id of its segment too), in order of first appearance."""
    people: dict[str, str] = {}
    for section in diagram.sections:
        for task in section.tasks:
            for actor in task.actors:
                if actor not in people:
                    people[actor] = ident = ids.make("persona", actor, fallback="persona")
                    ids.take("segment", ident)  # a namespace of its own, filled only here
    return people


def _stage(section: _Section, untitled: str, people: dict[str, str], ids: Ids) -> dict[str, Any]:
    name = section.name if section.name is not None else untitled
    stage: dict[str, Any] = {"id": ids.make("stage", name, fallback="stage"), "name": name}
    phase = lanes.word_named("phase", name)
    if phase is not None:
        stage["phase"] = phase
    if section.tasks:
        stage["steps"] = [_step(task, people) for task in section.tasks]
    return stage


def _step(task: _Task, people: dict[str, str]) -> dict[str, Any]:
    step: dict[str, Any] = {"text": task.text}
    if task.score is not None:
        step["score"] = task.score
    if task.actors:
        step["segments"] = [people[actor] for actor in task.actors]
    if task.moment:
        step["moment_of_truth"] = True
    step.update(task.times)
    return step


_TIMES = re.compile(r"(?P<text>.*\S) \((?P<times>[^()]+)\)")


def _times(text: str) -> tuple[str, dict[str, str]]:
    """A task's text without the duration and wait that `cjmap render
    --format mermaid` writes after it in brackets (`Pays (10 min, wait 2 d)`),
    and those times; brackets that hold anything else are the text's own."""
    match = _TIMES.fullmatch(text)
    if match is None:
        return text, {}
    found = [lines.step_time(part) for part in match.group("times").split(", ")]
    kinds = [time[0] for time in found if time is not None]
    if len(kinds) != len(found) or len(set(kinds)) != len(kinds):
        return text, {}
    return match.group("text"), dict(time for time in found if time is not None)


# --- text --------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Text as the journey keeps it: entity codes read, on one line, stripped."""
    return normalize(_ENTITY.sub(_character, text))


def _character(match: re.Match[str]) -> str:
    code = int(match.group(1))
    if code > 0x10FFFF:
        return match.group()
    return chr(code)  # a surrogate or control is removed or spaced by _clean


def _quoted(text: str) -> str:
    """Text as read, on one line and short enough to quote in a note."""
    return shorten(_clean(text), QUOTED)


def _unquoted(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value
