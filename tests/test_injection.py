"""Journey text is data in every output: no markup an author writes survives.

The journey is built by walking the pydantic models (`cjmap.model`), so every
text field — today's and any added later — holds a distinct hostile marker:
HTML (`<img onerror>`, `<script>`), a Markdown link to `javascript:`, emphasis,
table pipes, a heading and a list item after newlines, Graphviz's `\\N`,
Mermaid's `;`, `:`, `#`, `%%{init}%%`, an entity written out and a terminal
escape. Ids that must be slugs and choices that must be one of a list cannot
hold a marker; the walk lists them with the reason (`SKIPPED`), and a text
field it cannot place fails the test.

Every output is then made with the real command line and read back by a real
parser: the reports' Markdown by GitHub's cmark-gfm, the HTML report by
html.parser, SVG by an XML parser, DOT by the system `dot`, Mermaid by the
Mermaid package, JSON by json. No element, attribute or line may come from
journey text, and every marker that reaches an output shows there as written.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import types
import typing
import unicodedata
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import annotated_types
import cmarkgfm
import pytest
from pydantic import BaseModel, WithJsonSchema
from pydantic.fields import FieldInfo

from cjmap.model import LINK_PATTERN, Journey
from cjmap.render.map_view import MOMENT_MARK

from conftest import run_cli
from test_render_mermaid import PARSE, read_journey_svg, render_svg, require_parser, shown

# --- the hostile journey -------------------------------------------------------


def marker(number: int) -> str:
    """A text that is markup in every output format cjmap writes, unless escaped.
    `mkNN` opens it and `tlNN` closes it: both on one line of any output, or the
    text broke out of its line."""
    return (
        f"mk{number:02d} <img src=x onerror=alert({number})> <script>x</script> "
        f"*b* _i_ [x](javascript:alert({number})) `c` |p| ;:, \\N \"q\" {{}} --> %%{{init}}%% "
        f"&amp; \x1b]0;x\x07\n- li\n# h tl{number:02d} #"
    )


TOKEN = re.compile(r"mk(\d\d)")

SLUG = "a slug id: ^[a-z0-9][a-z0-9-]*$ holds no markup"
CHOICE = "a choice from a fixed list"
REFERENCE = "names a {kind} by its slug id"
LINK = "a link: a journey's slug id, and a stage's after `#`, hold no markup"
# A catalog path must name a catalog file that exists (CJ007 otherwise), so the
# hostile journey lists none.
NO_CATALOGS = "paths of catalog files, which must exist: left empty"
# Every field the walk leaves without a marker, and why. A new id or choice
# field has to be added here: a conscious decision, never a silent gap.
SKIPPED = {
    "journey.catalogs": NO_CATALOGS,
    "journey.cjmap": CHOICE,
    "journey.id": SLUG,
    "journey.kind": CHOICE,
    "journey.language": CHOICE,
    "journey.personas[]": REFERENCE.format(kind="persona"),
    "journey.personas[].id": SLUG,
    "journey.segments[].personas[]": REFERENCE.format(kind="persona"),
    "journey.stages[].actions[].id": SLUG,
    "journey.stages[].actions[].status": CHOICE,
    "journey.stages[].actions[].touchpoint": REFERENCE.format(kind="touchpoint"),
    "journey.stages[].backstage[].touchpoint": REFERENCE.format(kind="touchpoint"),
    "journey.stages[].frontstage[].touchpoint": REFERENCE.format(kind="touchpoint"),
    "journey.stages[].support[].touchpoint": REFERENCE.format(kind="touchpoint"),
    "journey.stages[].actions[].type": CHOICE,
    "journey.stages[].id": SLUG,
    "journey.stages[].links[]": LINK,
    "journey.stages[].objectives[].direction": CHOICE,
    "journey.stages[].objectives[].id": SLUG,
    "journey.stages[].pain_points[].severity": CHOICE,
    "journey.stages[].phase": CHOICE,
    "journey.stages[].steps[].links[]": LINK,
    "journey.stages[].steps[].touchpoint": REFERENCE.format(kind="touchpoint"),
    "journey.stages[].touchpoints[]": REFERENCE.format(kind="touchpoint"),
    "journey.stages[].touchpoints[].channel": CHOICE,
    "journey.stages[].touchpoints[].id": SLUG,
    "journey.stages[].touchpoints[].mode": CHOICE,
    "journey.touchpoints[].channel": CHOICE,
    "journey.touchpoints[].id": SLUG,
    "journey.touchpoints[].mode": CHOICE,
}

# Fields that name another entity by its id. Team and segment ids are free text,
# so these hold the hostile id they name; touchpoint and persona ids are slugs.
REFERENCES = {"owner": "teams", "segments": "segments", "touchpoint": "touchpoints", "personas": "personas"}
# Where the field name alone is not the reference kind: model name → field → kind.
# A journey's personas are definitions, or ids naming one (as a stage's touchpoints).
REFERENCES_IN = {"Journey": {"personas": "personas", "segments": None}, "Stage": {"touchpoints": "touchpoints"}}


@dataclass
class Hostile:
    """A journey (as plain data) with a marker in every text field it can hold."""

    data: dict[str, Any] = field(default_factory=dict)
    marks: dict[str, str] = field(default_factory=dict)  # field path → its marker
    skipped: dict[str, str] = field(default_factory=dict)  # field path → why it holds no marker
    ids: dict[str, list[str]] = field(default_factory=dict)  # kind → ids defined
    _refs: list[tuple[dict[str, Any] | list[Any], Any, str, str]] = field(default_factory=list)

    @classmethod
    def build(cls) -> Hostile:
        hostile = cls()
        hostile.data = hostile._model(Journey, "journey")
        hostile._resolve()
        return hostile

    # The walk ------------------------------------------------------------------

    def _model(self, model: type[BaseModel], path: str) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, info in model.model_fields.items():
            where = f"{path}.{name}"
            if SKIPPED.get(where) == NO_CATALOGS:
                data[name] = []
                self.skipped[where] = NO_CATALOGS
                continue
            kind = REFERENCES_IN.get(model.__name__, {}).get(name, REFERENCES.get(name))
            if kind is not None:
                data[name] = self._reference(info.annotation, kind, where)
                self._refs_in(data, name, where, kind)
                continue
            data[name] = self._value(info.annotation, list(info.metadata), where)
            if name == "id" and isinstance(data[name], str):
                self.ids.setdefault(_kind_of(model), []).append(data[name])
        return data

    def _value(self, annotation: Any, metadata: list[Any], path: str) -> Any:
        annotation, metadata = _unwrap(annotation, metadata)
        origin = typing.get_origin(annotation)
        if origin is typing.Literal:
            self.skipped[path] = CHOICE
            return typing.get_args(annotation)[0]
        if origin is list:
            (item,) = typing.get_args(annotation)
            return self._items(item, path)
        if _is_union(annotation):
            members = [m for m in typing.get_args(annotation) if m is not type(None)]
            return self._value(members[0], [], path)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return self._model(annotation, path)
        if annotation is str:
            patterns = [getattr(m, "pattern", None) for m in metadata]
            if LINK_PATTERN in patterns:
                # A link must lead to a journey of the workspace: the journey itself.
                self.skipped[path] = LINK
                return _slug("journey.id")
            if any(patterns):
                self.skipped[path] = SLUG
                return _slug(path)
            return self._mark(path)
        if annotation is bool:
            return True
        if annotation is int:
            lowest = [m.ge for m in metadata if isinstance(m, annotated_types.Ge)]
            # A score of -2: the lowest moments show their text in the report.
            return lowest[0] if lowest else 3
        if annotation is float and any(isinstance(m, WithJsonSchema) for m in metadata):
            return "12.5 min"  # a duration: a number and a unit
        if annotation is float:
            return 12.5
        if annotation is date:
            return "2027-03-31"
        raise AssertionError(f"{path}: the walk does not know the type {annotation!r}; teach it")

    def _items(self, item: Any, path: str) -> list[Any]:
        item, metadata = _unwrap(item, [])
        members = [m for m in typing.get_args(item) if m is not type(None)] if _is_union(item) else [item]
        values = [self._value(member, metadata, f"{path}[{n}]") for n, member in enumerate(members)]
        shorthand = _text_shorthand(item)
        if shorthand:  # `- text` for `{text: …}`: a string item is text too
            values.append(self._mark(f"{path}[{len(values)}]"))
        return values

    def _mark(self, path: str) -> str:
        text = marker(len(self.marks) + 1)
        self.marks[path] = text
        return text

    # References ------------------------------------------------------------------

    def _reference(self, annotation: Any, kind: str, path: str) -> Any:
        annotation, _ = _unwrap(annotation, [])
        if typing.get_origin(annotation) is list:
            (item,) = typing.get_args(annotation)
            item, _ = _unwrap(item, [])
            members = [m for m in typing.get_args(item) if m is not type(None)] if _is_union(item) else [item]
            # A list of references, or (stage touchpoints) of references and definitions.
            return [
                _Reference(kind, f"{path}[{n}]") if _unwrap(m, [])[0] is str else self._value(m, [], f"{path}[{n}]")
                for n, m in enumerate(members)
            ]
        return _Reference(kind, path)

    def _refs_in(self, data: dict[str, Any], name: str, path: str, kind: str) -> None:
        value = data[name]
        if isinstance(value, _Reference):
            self._refs.append((data, name, kind, value.path))
        elif isinstance(value, list):
            self._refs += [(value, n, kind, v.path) for n, v in enumerate(value) if isinstance(v, _Reference)]

    def _resolve(self) -> None:
        """Each reference names the first id of its kind: hostile for teams and
        segments (free text), a slug for touchpoints and personas."""
        for container, key, kind, path in self._refs:
            ids = self.ids.get(kind)
            assert ids, f"{path} refers to {kind}, and the journey defines none"
            container[key] = ids[0]  # type: ignore[index]
            if TOKEN.match(ids[0]):
                self.marks[path] = ids[0]
            else:
                self.skipped[path] = REFERENCE.format(kind=kind[:-1])



@dataclass(frozen=True)
class _Reference:
    kind: str
    path: str


def _unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """`Annotated[T, …]` as T and its metadata; `T | None` as T."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            for item in extra:  # `Field(ge=-2)` inside Annotated carries its own metadata
                metadata = metadata + (list(item.metadata) if isinstance(item, FieldInfo) else [item])
        elif _is_union(annotation) and type(None) in typing.get_args(annotation):
            members = [m for m in typing.get_args(annotation) if m is not type(None)]
            if len(members) != 1:
                return typing.Union[tuple(members)], metadata
            annotation = members[0]
        else:
            return annotation, metadata


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _text_shorthand(item: Any) -> bool:
    """Models that may be written as a plain string (`- Compare prices`)."""
    return isinstance(item, type) and issubclass(item, BaseModel) and "_text_shorthand" in dir(item)


def _kind_of(model: type[BaseModel]) -> str:
    return {"Team": "teams", "Segment": "segments", "Touchpoint": "touchpoints", "Persona": "personas"}.get(
        model.__name__, model.__name__.lower()
    )


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


HOSTILE = Hostile.build()
MARKS = HOSTILE.marks
NUMBERS = {int(TOKEN.match(text).group(1)): text for text in set(MARKS.values())}  # type: ignore[union-attr]


def write_journey(folder: Path, data: dict[str, Any], name: str = "hostile.journey.yaml") -> Path:
    """The journey as JSON, which is YAML: every character exactly as built."""
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=True, indent=1), encoding="utf-8")
    return path


# --- the walk itself ------------------------------------------------------------------


def test_every_text_field_holds_a_marker_or_says_why_not() -> None:
    skipped = {_any_index(path): why for path, why in HOSTILE.skipped.items()}
    assert skipped == SKIPPED, "a field without a marker: mark it, or add it to SKIPPED with the reason"
    assert set(HOSTILE.marks).isdisjoint(HOSTILE.skipped)
    # Free-text fields hold distinct markers; references repeat the id they name.
    own = [text for path, text in MARKS.items() if not _is_reference(path)]
    assert len(own) == len(set(own))
    assert len(own) > 30, "the walk found suspiciously few text fields"


def test_every_text_of_the_parsed_journey_is_a_marker_or_skipped() -> None:
    """Read back through the models, not the walk: what pydantic made of the data."""
    journey = Journey.model_validate(HOSTILE.data)
    for path, text in _texts_in(journey, "journey"):
        # A string item (`- text`) is the `text` of its model.
        written = path if path in MARKS or path in HOSTILE.skipped else path.removesuffix(".text")
        assert written in MARKS or written in HOSTILE.skipped, f"{path} = {text!r} has no marker"
        assert MARKS.get(written, text) == text, path


def _texts_in(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, BaseModel):  # what the data set, not the defaults
        for name in sorted(value.model_fields_set):
            yield from _texts_in(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, (list, tuple)):
        for number, item in enumerate(value):
            yield from _texts_in(item, f"{path}[{number}]")
    elif isinstance(value, str):
        yield path, value


def _any_index(path: str) -> str:
    return re.sub(r"\[\d+\]", "[]", path)


def test_the_hostile_journey_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Valid, or the outputs would refuse it and prove nothing."""
    journey = Journey.model_validate(HOSTILE.data)
    assert journey.title == MARKS["journey.title"]
    path = write_journey(tmp_path, HOSTILE.data)
    code, out, err = run_cli(["validate", str(path), "--format", "json"], capsys, monkeypatch)
    errors = [f for f in json.loads(out)["findings"] if f["severity"] == "error"]
    assert errors == [], errors


def _is_reference(path: str) -> bool:
    name = re.sub(r"\[\d+\]$", "", path).rsplit(".", 1)[1]
    return name in REFERENCES and not path.startswith(("journey.personas[", "journey.segments["))


# --- reading outputs back ---------------------------------------------------------------

# Elements and attributes a marker would create if its markup got through.
INJECTED_TAGS = {"img", "image", "script", "iframe", "object", "embed", "foreignobject"}


def _in_page(attributes: dict[str, str]) -> bool:
    """A report's own anchor or link to one: an id made of fixed words and
    journey ids (slugs), never of journey text."""
    slug = r"[a-z0-9][a-z0-9-]*"
    return attributes.keys() == {"id"} and re.fullmatch(slug, attributes["id"]) is not None or (
        attributes.keys() == {"href"} and re.fullmatch("#" + slug, attributes["href"]) is not None
    )


@dataclass
class Markup:
    """What a parser read: the elements with their attributes, and the text."""

    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def injected(self, *, pictures: frozenset[str] = frozenset()) -> list[str]:
        """Elements and attributes that only journey text could have made."""
        found = []
        for tag, attributes in self.elements:
            if tag in INJECTED_TAGS and not (tag == "img" and attributes.get("src") in pictures):
                found.append(f"<{tag} {attributes}>")
            if tag == "a" and not _in_page(attributes):
                found.append(f"<a {attributes}>")  # no output links journey text
            for name, value in attributes.items():
                if name.startswith("on") or "alert(" in value or "javascript:" in value.lower():
                    found.append(f"<{tag} {name}={value!r}>")
        return found

    def visible(self) -> str:
        return "".join(self.text)


class _Html(HTMLParser):
    """Every element; the text of the page itself, not of its <head> nor of its
    pictures (the SVG is checked on its own), so each place is checked."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.markup = Markup()
        self._outside = {"head": 0, "svg": 0}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.markup.elements.append((tag, {name: value or "" for name, value in attrs}))
        if tag in self._outside:
            self._outside[tag] += 1
        if tag == "br":
            self.markup.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._outside:
            self._outside[tag] -= 1

    def handle_data(self, data: str) -> None:
        if not any(self._outside.values()):
            self.markup.text.append(data)


def read_html(text: str) -> Markup:
    parser = _Html()
    parser.feed(text)
    parser.close()
    return parser.markup


def read_svg(text: str) -> Markup:
    root = ElementTree.fromstring(text.encode("utf-8"))  # XML-safe, or this raises
    markup = Markup()
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        markup.elements.append((tag, {k.rsplit("}", 1)[-1]: v for k, v in element.attrib.items()}))
        markup.text += [element.text or "", " ", element.tail or "", " "]
    return markup


def gfm(markdown: str) -> str:
    """GitHub's parser, raw HTML let through as GitHub lets `<br>` through."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=cmarkgfm.Options.CMARK_OPT_UNSAFE)


def squeeze(text: str) -> str:
    """Text without whitespace or control characters: wrapping, cutting long words
    and dropping what a format cannot hold do not count as a change."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cc")


def numbers_in(text: str) -> set[int]:
    return {int(n) for n in TOKEN.findall(text)} & set(NUMBERS)


def assert_markers_shown(visible: str, what: str, *, raw: str | None = None) -> set[int]:
    """Every marker that reached the output reads there as written."""
    shown = numbers_in(raw if raw is not None else visible)
    flat = squeeze(visible)
    broken = [NUMBERS[n] for n in sorted(shown) if squeeze(NUMBERS[n]) not in flat]
    assert not broken, f"{what}: markers that do not read as written:\n" + "\n".join(map(repr, broken[:5]))
    return shown


def assert_lines_whole(text: str, what: str) -> None:
    """A marker's newlines did not start a line of the output."""
    for line in text.splitlines():
        for number in (int(n) for n in re.findall(r"tl(\d\d)", line)):
            assert f"mk{number:02d}" in line, f"{what}: marker {number} broke out of its line: {line!r}"


def assert_no_controls(text: str, what: str, *, allowed: str = "\n") -> None:
    bad = sorted({repr(c) for c in text if unicodedata.category(c) == "Cc" and c not in allowed})
    assert not bad, f"{what}: control characters from journey text reach the output: {bad}"


# --- the outputs ----------------------------------------------------------------------------

MAP_PICTURES = frozenset({"hostile.map.svg", "hostile.emotions.svg"})


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="module")
def journey_file(folder: Path) -> Path:
    return write_journey(folder, HOSTILE.data)


@pytest.fixture(scope="module")
def actuals(folder: Path) -> dict[str, Path]:
    """Measured values of every objective: CSV with a history, and YAML."""
    ids = HOSTILE.ids["objective"]
    csv = folder / "actuals.csv"
    csv.write_text("objective,value,date\n" + "".join(f"{i},{n}.25,2027-0{n}-15\n{i},-1e3,\n"
                                                       for n, i in enumerate(ids, 1)), encoding="utf-8")
    yaml = folder / "actuals.yaml"
    yaml.write_text("".join(f"{i}: {{value: {n}.5, date: 2027-02-2{n}}}\n" for n, i in enumerate(ids, 1)),
                    encoding="utf-8")
    return {"csv": csv, "yaml": yaml}


def cli(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    code, out, err = run_cli(args, capsys, monkeypatch)
    assert code == 0, f"cjmap {' '.join(args)}: exit {code}\n{err}"
    return out


REPORTS = [
    pytest.param(["--actuals", "csv"], id="csv-actuals"),
    pytest.param(["--actuals", "yaml", "--lang", "es"], id="yaml-actuals-es"),
    pytest.param(["--segment", "first-segment", "--date", "2027-01-01"], id="segment"),
]


def _report_args(extra: list[str], actuals: dict[str, Path]) -> list[str]:
    args = []
    for value in extra:
        if value in actuals:
            value = str(actuals[value])
        elif value == "first-segment":
            value = HOSTILE.ids["segments"][0]
        args.append(value)
    return args


@pytest.fixture
def report(journey_file: Path, actuals: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
           monkeypatch: pytest.MonkeyPatch) -> Callable[[str, list[str]], str]:
    """Makes a report named `name` of the hostile journey, with more options; its text."""

    def make(name: str, extra: list[str]) -> str:
        target = tmp_path / name
        cli(["report", str(journey_file), "-o", str(target), "--engine", "graphviz-pure",
             *_report_args(extra, actuals)], capsys, monkeypatch)
        return target.read_text(encoding="utf-8")

    return make


@pytest.mark.parametrize("extra", REPORTS)
def test_markdown_report(extra: list[str], report: Callable[[str, list[str]], str], tmp_path: Path) -> None:
    markdown = report("hostile.md", extra)
    assert_lines_whole(markdown, "report.md")
    markup = read_html(gfm(markdown))
    assert markup.injected(pictures=MAP_PICTURES) == []
    shown = assert_markers_shown(markup.visible(), "report.md (as GitHub shows it)", raw=markdown)
    # The report shows what a stakeholder reads: these fields, at least.
    for path in ("journey.title", "journey.stages[0].objectives[0].unit", "journey.stages[0].name",
                 "journey.personas[0].goals[0]", "journey.segments[0].criteria",
                 "journey.stages[0].feedback[0].source", "journey.stages[0].emotions.feelings[0]"):
        assert numbers_in(MARKS[path]) <= shown, f"{path} is missing from the report"
    for picture in ("map", "emotions"):
        svg = (tmp_path / f"hostile.{picture}.svg").read_text(encoding="utf-8")
        check_svg(svg, f"report {picture}.svg")


@pytest.mark.parametrize("extra", REPORTS)
def test_html_report(extra: list[str], report: Callable[[str, list[str]], str]) -> None:
    page = report("hostile.html", extra)
    markup = read_html(page)
    assert markup.injected() == []
    assert_markers_shown(markup.visible(), "report.html")
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.DOTALL):
        check_svg(svg, "an SVG inside report.html")


# What the index (the portfolio of a folder's journeys) shows of each journey.
INDEX_SHOWS = (
    "journey.title", "journey.personas[0].name", "journey.teams[0].name", "journey.touchpoints[0].name",
    "journey.stages[0].name", "journey.stages[0].steps[0].text", "journey.stages[0].pain_points[0].text",
    "journey.stages[0].pain_points[1]", "journey.stages[0].touchpoints[1].name",
)


def test_report_index(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder's reports and their index, the portfolio, in both formats: two
    journeys that share the same personas, teams and touchpoints, one of them
    with a high-severity pain point."""
    journeys = tmp_path / "journeys"
    journeys.mkdir()
    write_journey(journeys, HOSTILE.data)
    other = json.loads(json.dumps(HOSTILE.data))
    other["id"] = "other"
    other["stages"][0]["pain_points"][0]["severity"] = "high"
    write_journey(journeys, other, "other.journey.yaml")
    for output_format in ("md", "html"):
        out = tmp_path / output_format
        cli(["report", str(journeys), "--output-dir", str(out), "--format", output_format,
             "--engine", "graphviz-pure"], capsys, monkeypatch)
        index = (out / f"index.report.{output_format}").read_text(encoding="utf-8")
        if output_format == "md":
            assert_lines_whole(index, "index.report.md")
        page = gfm(index) if output_format == "md" else index
        markup = read_html(page)
        links = [a for tag, a in markup.elements if tag == "a"]
        assert links == [{"href": f"hostile.report.{output_format}"}, {"href": f"other.report.{output_format}"}]
        rest = Markup([e for e in markup.elements if e[0] != "a"], markup.text)
        assert rest.injected() == []
        shown = assert_markers_shown(markup.visible(), f"index.report.{output_format}")
        for path in INDEX_SHOWS:
            assert numbers_in(MARKS[path]) <= shown, f"{path} is missing from the index"


def check_svg(svg: str, what: str) -> set[int]:
    markup = read_svg(svg)
    assert markup.injected() == [], what
    return assert_markers_shown(markup.visible(), what)


@pytest.mark.parametrize("view", ["map", "flow"])
def test_svg_picture(view: str, journey_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / f"{view}.svg"
    cli(["render", str(journey_file), "-o", str(target), "--view", view, "--engine", "graphviz-pure"],
        capsys, monkeypatch)
    shown = check_svg(target.read_text(encoding="utf-8"), f"{view}.svg")
    assert numbers_in(MARKS["journey.title"]) <= shown


@pytest.mark.parametrize("view", ["map", "flow"])
def test_dot_source(view: str, journey_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The DOT file read by the system Graphviz: it parses, and what it draws is text."""
    target = tmp_path / f"{view}.dot"
    cli(["render", str(journey_file), "-o", str(target), "--view", view], capsys, monkeypatch)
    source = target.read_text(encoding="utf-8")
    assert_no_controls(source, f"{view}.dot", allowed="\n\t")  # Graphviz indents with tabs
    assert_lines_whole(source, f"{view}.dot")
    dot = shutil.which("dot")
    assert dot is not None, "the system Graphviz `dot` is needed: apt-get install graphviz"
    done = subprocess.run([dot, "-Tsvg"], input=source.encode("utf-8"), capture_output=True, timeout=120)
    assert done.returncode == 0 and not done.stderr, done.stderr.decode("utf-8", "replace")
    shown = check_svg(done.stdout.decode("utf-8"), f"{view}.dot drawn by dot")
    assert numbers_in(MARKS["journey.title"]) <= shown


def _linked_to(data: dict[str, Any], link: str) -> dict[str, Any]:
    """The journey with every `links` list (of its stages and steps) naming `link`."""
    copy = json.loads(json.dumps(data))
    for stage in copy["stages"]:
        stage["links"] = [link]
        for step in stage["steps"]:
            if isinstance(step, dict):
                step["links"] = [link]
    return copy


# What the portfolio shows of each journey: its box, a stage linked to, and
# the personas and teams both journeys share.
PORTFOLIO_SHOWS = ("journey.title", "journey.stages[0].name", "journey.personas[0].name", "journey.teams[0].name")


@pytest.mark.parametrize("output", ["svg", "dot"])
def test_portfolio(output: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Two journeys that link to each other's first stage and share their
    personas and teams, in one picture: the SVG drawn by graphviz-pure, and
    the DOT read by the system Graphviz."""
    folder = tmp_path / "journeys"
    folder.mkdir()
    stage = HOSTILE.data["stages"][0]["id"]
    for ident, other in (("one", "two"), ("two", "one")):
        write_journey(folder, {**_linked_to(HOSTILE.data, f"{other}#{stage}"), "id": ident}, f"{ident}.journey.yaml")
    target = tmp_path / f"portfolio.{output}"
    cli(["render", str(folder), "--view", "portfolio", "-o", str(target), "--engine", "graphviz-pure"],
        capsys, monkeypatch)
    source = target.read_text(encoding="utf-8")
    if output == "dot":
        assert_no_controls(source, "portfolio.dot", allowed="\n\t")
        assert_lines_whole(source, "portfolio.dot")
        dot = shutil.which("dot")
        assert dot is not None, "the system Graphviz `dot` is needed: apt-get install graphviz"
        done = subprocess.run([dot, "-Tsvg"], input=source.encode("utf-8"), capture_output=True, timeout=120)
        assert done.returncode == 0 and not done.stderr, done.stderr.decode("utf-8", "replace")
        source = done.stdout.decode("utf-8")
    shown = check_svg(source, f"portfolio.{output}")
    for path in PORTFOLIO_SHOWS:
        assert numbers_in(MARKS[path]) <= shown, f"{path} is missing from the portfolio"


def test_mermaid(journey_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Mermaid's own parser reads exactly the journey's structure, no more, and
    its text is the author's as written once Mermaid's entity codes are read;
    the real render (mermaid-cli) draws that text, and none of it as markup."""
    target = tmp_path / "hostile.mmd"
    cli(["render", str(journey_file), "-o", str(target)], capsys, monkeypatch)
    text = target.read_text(encoding="utf-8")
    assert_no_controls(text, "hostile.mmd")
    assert_lines_whole(text, "hostile.mmd")
    done = subprocess.run([require_parser(), str(PARSE)], input=text.encode("utf-8"), capture_output=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    result = json.loads(done.stdout)
    assert result["config"] == {}, "the text reconfigured Mermaid"
    journey = Journey.model_validate(HOSTILE.data)
    assert len(result["sections"]) == len(journey.stages)
    assert len(result["tasks"]) == sum(len(stage.steps) for stage in journey.stages)
    parsed = [result["title"], *result["sections"], *result["actors"],
              *(_step_text(task["task"]) for task in result["tasks"]),
              *(p for task in result["tasks"] for p in task["people"])]
    assert result["actors"], "the hostile journey's steps have segments, whose personas act"
    for shown_text in map(shown, parsed):
        _assert_as_written(shown_text)
    drawn = read_journey_svg(render_svg(text))
    assert len(drawn["sections"]) == len(journey.stages)
    assert len(drawn["tasks"]) == len(result["tasks"])
    for drawn_text in [drawn["title"], *drawn["sections"], *(t for task, people in drawn["tasks"]
                                                             for t in (_step_text(task), *people))]:
        _assert_as_written(drawn_text)


def _step_text(task: str) -> str:
    """A task's text without what cjmap adds to a step: the moment-of-truth
    mark before it, its duration and wait after it."""
    return re.sub(r"\s*\(12[.,]5 min, [^()]*\)$", "", task.removeprefix(MOMENT_MARK + " "))


def _assert_as_written(text: str) -> None:
    """One marker, exactly as the author wrote it: only whitespace and control
    characters may differ, and a long text may be cut, ending with "…"."""
    (number,) = numbers_in(text)
    written, cut = squeeze(text), squeeze(NUMBERS[number])
    if written.endswith("…") and not cut.endswith("…"):
        assert cut.startswith(written.removesuffix("…")), f"{text!r} is not what the author wrote"
    else:
        assert written == cut, f"{text!r} is not what the author wrote"


# --- the diff ---------------------------------------------------------------------------


def _plain(data: Any) -> Any:
    """The same journey with harmless text: the old side of the diff."""
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(value) for value in data]
    if isinstance(data, str) and TOKEN.match(data):
        return "old " + TOKEN.match(data).group(1)  # type: ignore[union-attr]
    if isinstance(data, (int, float)) and not isinstance(data, bool) and data != 1:
        return data + 1  # scores stay in range: -2 → -1
    return data


@pytest.fixture(scope="module")
def diff_pair(folder: Path, journey_file: Path) -> tuple[Path, Path]:
    old = write_journey(folder, _plain(HOSTILE.data), "old.journey.yaml")
    return old, journey_file


def test_diff_markdown(diff_pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    markdown = cli(["diff", *map(str, diff_pair), "--format", "md"], capsys, monkeypatch)
    assert_lines_whole(markdown, "diff.md")
    markup = read_html(gfm(markdown))
    assert markup.injected() == []
    assert len(assert_markers_shown(markup.visible(), "diff.md", raw=markdown)) > 20


def test_diff_text(diff_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str],
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal obeys escape sequences: none may come from journey text."""
    for env in ({"NO_COLOR": "1"}, {"FORCE_COLOR": "1"}):
        with monkeypatch.context() as patch:
            for name in ("NO_COLOR", "FORCE_COLOR"):
                patch.delenv(name, raising=False)
            for name, value in env.items():
                patch.setenv(name, value)
            text = cli(["diff", *map(str, diff_pair)], capsys, patch)
        plain = re.sub(r"\x1b\[[0-9;]*m", "", text) if "FORCE_COLOR" in env else text
        assert_no_controls(plain, f"diff text with {env}")
        assert_lines_whole(plain, f"diff text with {env}")
        # Control characters show as their code (`\x1b`); the rest as written.
        shown = assert_markers_shown(re.sub(r"\\x[0-9a-f]{2}", "", plain), f"diff text with {env}")
        assert len(shown) > 20


def test_diff_json(diff_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str],
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Every value that holds journey text holds it exactly (sentences quote it
    within their words, and are not compared)."""
    document = json.loads(cli(["diff", *map(str, diff_pair), "--format", "json"], capsys, monkeypatch))
    values = list(_strings(document))
    assert len(numbers_in(" ".join(value for _, value in values))) > 20
    for key, value in values:
        if key == "message":
            continue
        for number in numbers_in(value):
            assert value == NUMBERS[number], f"{key}: {value!r} is not the journey's text"


def _strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Every text in a JSON document, with the key it is under."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)


# --- spreadsheets ---------------------------------------------------------------------------


def _spreadsheet_cells(sheet: Path) -> list[str]:
    """Every text cell of an exported CSV file or workbook, read by a real
    reader; a workbook cell stored as a formula fails the test."""
    import csv
    import io

    import openpyxl

    if sheet.suffix == ".csv":
        rows = list(csv.reader(io.StringIO(sheet.read_bytes().decode("utf-8-sig"), newline="")))
        return [cell for row in rows for cell in row]
    cells = [cell for table in openpyxl.load_workbook(sheet).worksheets for row in table.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    return [cell.value for cell in cells if isinstance(cell.value, str)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_spreadsheet_export(suffix: str, journey_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Every marker stays inside its cell, and an import of the export gives
    each one back, on one line (a grid's item is one line)."""
    sheet = tmp_path / f"hostile{suffix}"
    cli(["export", str(journey_file), "-o", str(sheet)], capsys, monkeypatch)
    cells = _spreadsheet_cells(sheet)
    assert len(numbers_in(" ".join(cells))) > 20
    for cell in cells:
        for number in numbers_in(cell):
            assert f"tl{number:02d}" in cell, f"marker {number} broke out of its cell: {cell!r}"
    back = tmp_path / "back" / "hostile.journey.yaml"
    back.parent.mkdir()
    cli(["import", str(sheet), "-o", str(back)], capsys, monkeypatch)
    imported = back.read_text(encoding="utf-8")
    for number in numbers_in(" ".join(cells)):
        assert f"tl{number:02d}" in imported


# --- actuals ------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["csv", "yaml"])
def test_text_in_an_actuals_file_is_refused_and_never_reported(
    suffix: str, journey_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Actuals hold ids, numbers and dates only: text anywhere is an error,
    so no actuals text can reach a report; the error is one line per problem."""
    objective = HOSTILE.ids["objective"][0]
    hostile = json.dumps(marker(99))
    actuals = tmp_path / f"bad.{suffix}"
    if suffix == "csv":
        actuals.write_text(f"objective,value,date\n{hostile},1,\n{objective},{hostile},\n"
                           f"{objective},1,{hostile}\n", encoding="utf-8")
    else:
        actuals.write_text(f"{hostile}: 1\n{objective}: {{value: {hostile}, date: {hostile}}}\n",
                           encoding="utf-8")
    target = tmp_path / "never.md"
    code, _, err = run_cli(["report", str(journey_file), "-o", str(target), "--actuals", str(actuals)],
                           capsys, monkeypatch)
    assert code == 1 and not target.exists()
    assert_no_controls(err, "the actuals error")


@pytest.mark.parametrize("output_format", ["md", "html"])
def test_a_journey_file_name_is_a_link_target_not_a_scheme(
    output_format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    journeys = tmp_path / "journeys"
    journeys.mkdir()
    write_journey(journeys, HOSTILE.data, "javascript:alert(1) (a) <b>.journey.yaml")
    out = tmp_path / "out"
    cli(["report", str(journeys), "--output-dir", str(out), "--format", output_format,
         "--engine", "graphviz-pure"], capsys, monkeypatch)
    index = (out / f"index.report.{output_format}").read_text(encoding="utf-8")
    markup = read_html(gfm(index) if output_format == "md" else index)
    links = [a["href"] for tag, a in markup.elements if tag == "a"]
    assert links == [f"javascript%3Aalert%281%29%20%28a%29%20%3Cb%3E.report.{output_format}"]


TERMINAL_HOSTILE = "\x1b]0;pwn\x07\nfake line\u202e"


@pytest.mark.parametrize(("output_format", "colour"), [("text", "NO_COLOR"), ("text", "FORCE_COLOR"), ("github", "NO_COLOR")])
def test_validate_never_sends_a_journeys_control_characters_to_the_terminal(
    output_format: str, colour: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from conftest import CLEAN_JOURNEY, run_cli

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv(colour, "1")
    team = json.dumps(TERMINAL_HOSTILE)  # a YAML double-quoted string
    journey = tmp_path / "c.journey.yaml"
    journey.write_text(CLEAN_JOURNEY.replace("channel: ads, owner: cx", f"channel: ads, owner: {team}"))
    code, out, _ = run_cli(["validate", str(journey), "-f", output_format], capsys, monkeypatch)
    assert code == 1
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)  # the styles cjmap itself asks for
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]", plain)
    assert "\\x1b]0;pwn\\x07" in plain and "\\u202e" in plain
    assert not any(line.startswith("fake line") for line in plain.splitlines())
