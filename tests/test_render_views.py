"""The map and flow views: golden DOT for every example, determinism, text
that tries to break the picture drawn by both engines, and the marks of
moments of truth and the times of steps and stages.

Golden files live in tests/golden/render/<example>.<view>.dot. After a wanted
change of the pictures, rewrite them and review the diff:

    CJMAP_UPDATE_GOLDEN=1 python -m pytest tests/test_render_views.py
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import textwrap
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest

from cjmap import theme
from cjmap.i18n import translator
from cjmap.loader import load_text
from cjmap.model import Journey
from cjmap.render import labels
from cjmap.render.engine import draw
from cjmap.render.map_view import MOMENT_COLOUR, MOMENT_MARK
from cjmap.render.views import VIEWS as ALL_VIEWS
from cjmap.schema import check_schema

from conftest import EXAMPLES, ROOT, journey_of_file

GOLDEN = ROOT / "tests" / "golden" / "render"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile-text.journey.yaml"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.journey.yaml"))
ENGINES = ("dot", "graphviz-pure")
UPDATE = os.environ.get("CJMAP_UPDATE_GOLDEN") == "1"
# The views this file tests; the blueprint view has tests of its own.
VIEWS = {name: ALL_VIEWS[name] for name in ("map", "flow")}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_TEXT = "{http://www.w3.org/2000/svg}text"

# As written in tests/fixtures/hostile-text.journey.yaml.
HOSTILE_BOTH_VIEWS = [
    'Hostile <title> & "quotes" </svg>',
    'Quote "double" & \'single\' <tag> {braces} | pipe: colon # hash',
    "<b>Bold</b> web & <i>site</i>",
    "Café Ñandú — niño's «tienda» 😀🚀",
    r"Back\slash \n \l \N \G \\ C:\Temp\new",
    'R&D <Team> "A"',
    "Ops: {north} | [south] # 1",
    # A bell character is dropped and a line separator becomes a line break.
    "Description with a tab here, a bell and a line separator.",
]
HOSTILE_MAP_ONLY = [
    '<script>alert("step")</script>',
    "First line\nSecond line\n\nFourth line",
    '<script>alert("x")</script>',
    "CDATA end ]]> and <![CDATA[ inside ]]>",
    "Line one\nline two",
    "<u>under</u>, {a|b}",
    '<b>bold?</b> and <br/> & <font color="red">red</font>',
    "Entity-looking &lt;b&gt; and &#60; stay text",
    '100% <more> "conversion" & {growth}',
    '"quoted" <metric> | #1',
    "<%>",
    "]]><script>alert(1)</script><![CDATA[",
    "Supercalifragilisticexpialidocious-antidisestablishmentarianism-pneumonoultramicroscopic",
    "Ünïcödé àccents: ç, ñ, ü, ø, å, ß, Ω, 中文, العربية 👍🏽",
    r"Multi-line\nstatement # not a comment",
    "Tabs\tand  double  spaces",
]
# Elements the text above would create if any of it were taken as markup.
INJECTED = {"script", "b", "i", "u", "br", "font", "foreignObject"}


@cache
def load(path: Path) -> Journey:
    return journey_of_file(path)


def source(path: Path, view: str) -> str:
    journey = load(path)
    return VIEWS[view](journey, translator(journey.language))


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    if request.param == "dot" and shutil.which("dot") is None:
        pytest.fail(
            "the system Graphviz `dot` is not on PATH, and these tests draw with it too: install it "
            "(`sudo apt-get install graphviz fonts-liberation2`, or `bash .ci/run` does it)"
        )
    return request.param


@cache
def svg(path: Path, view: str, engine_name: str) -> bytes:
    return draw(source(path, view), "svg", engine=engine_name)


def svg_text(picture: bytes) -> str:
    """The text a reader sees: every <text> element, whitespace made single spaces."""
    root = ET.fromstring(picture)
    return " ".join(" ".join("".join(element.itertext()) for element in root.iter(SVG_TEXT)).split())


def shows(text: str, expected: str) -> bool:
    """`expected` appears in `text`, word after word; wrapping only moves line ends."""
    words = expected.split()
    if " ".join(words) in text:
        return True
    # A word wider than a line is cut across lines: compare without the spaces.
    return any(len(word) > 30 for word in words) and "".join(words) in text.replace(" ", "")


def example_id(path: Path) -> str:
    return path.name.removesuffix(".journey.yaml")


# --- DOT source ---------------------------------------------------------------


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=example_id)
def test_dot_matches_golden(path: Path, view: str) -> None:
    golden = GOLDEN / f"{example_id(path)}.{view}.dot"
    dot = source(path, view)
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(dot, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}: run with CJMAP_UPDATE_GOLDEN=1 to write it"
    assert dot == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs; if the change is wanted, rerun with CJMAP_UPDATE_GOLDEN=1 and review the diff"
    )


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("path", [*EXAMPLE_FILES, HOSTILE], ids=example_id)
def test_dot_is_deterministic(path: Path, view: str) -> None:
    # A fresh load too: nothing may depend on object identity or dict order.
    journey = journey_of_file(path)
    assert VIEWS[view](journey, translator(journey.language)) == source(path, view)
    assert source(path, view) == source(path, view)


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("path", [*EXAMPLE_FILES, HOSTILE], ids=example_id)
def test_colours_are_six_digit_hex(path: Path, view: str) -> None:
    colours = re.findall(r'(?i)(?:color|bgcolor|fillcolor)="?(#[0-9a-f]*)', source(path, view))
    assert colours
    assert {c for c in colours if not re.fullmatch(r"#[0-9a-fA-F]{6}", c)} == set()


def test_flow_draws_a_shared_touchpoint_once_with_an_edge_from_each_stage() -> None:
    path = EXAMPLES / "bank-account-opening.journey.yaml"
    dot = source(path, "flow")
    # mobile-app is a catalog touchpoint used by name in five stages.
    node = re.search(r"^\s*(tp\d+) \[label=<.*?Northbank mobile app", dot, re.MULTILINE)
    assert node is not None
    assert len(re.findall(r"Northbank mobile app", dot)) == 1
    edges = re.findall(rf"^\s*stage(\d+) -> {node.group(1)}\b", dot, re.MULTILINE)
    assert edges == ["2", "3", "4", "5"]
    # A touchpoint used by one stage sits in its cluster, defined inline or
    # referenced from the catalog; a shared one is in no cluster.
    cluster = dot[dot.index("subgraph cluster_stage1 {"):dot.index("subgraph cluster_stage2 {")]
    assert "Yearly fee calculator" in cluster and "Live chat with an agent" in cluster
    clusters = re.findall(r"subgraph cluster_stage\d+ \{.*?\n\t\}", dot, re.DOTALL)
    assert len(clusters) == 6
    assert not any("Branch visit" in cluster for cluster in clusters)
    assert dot.count("Branch visit") == 1


# --- drawn by both engines ----------------------------------------------------


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=example_id)
def test_examples_draw_every_stage_name(path: Path, view: str, engine_name: str) -> None:
    journey = load(path)
    text = svg_text(svg(path, view, engine_name))
    missing = [stage.name for stage in journey.stages if not shows(text, stage.name)]
    assert missing == []
    if view == "map":
        t = translator(journey.language)
        assert shows(text, t("lane.pain_points")) and shows(text, t("score.-2"))


def stage_widths(picture: str) -> list[float]:
    """The widths of a drawn map's stage columns. The header cells are the
    rectangles filled with the stage colour: the lane-name corner, then one per stage."""
    fill = theme.PALETTE["stage_fill"]
    widths = []
    for points in re.findall(rf'<polygon fill="{fill}"[^>]*points="([^"]+)"', picture):
        xs = [float(point.split(",")[0]) for point in points.split()]
        widths.append(round(max(xs) - min(xs), 1))
    return widths[1:]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=example_id)
def test_map_stage_columns_have_one_width(path: Path, engine_name: str) -> None:
    widths = stage_widths(svg(path, "map", engine_name).decode())
    assert widths == [float(theme.MAP["stage_width"])] * len(load(path).stages)


STEP = "Sees an ad on a phone and then reads a much longer text that follows, so that it wraps"
NEED = "Know the total yearly price, including every fee that applies to the account"


def few_stages(count: int) -> Journey:
    """A journey of `count` stages whose texts wrap in every lane."""
    stage = textwrap.dedent("""\
          - id: s{n}
            name: Discovers the product through a very long stage name {n}
            phase: awareness
            steps:
              - {{text: "{step}", score: 1}}
              - Short
            needs: ["{need}"]
            emotions: {{score: 1, feelings: [curious, sceptical, hopeful, worried, and many more]}}
            pain_points:
              - {{text: "The price table is confusing, with many lines of small print", severity: high}}
            actions:
              - {{title: Run an ad campaign with a long title that wraps onto lines}}
        """)
    text = "cjmap: 1\nid: few\ntitle: Few stages\nstages:\n" + "".join(
        stage.format(n=n, step=STEP, need=NEED) for n in range(count)
    )
    journey, problems = check_schema(load_text(text))
    assert journey is not None and not problems, problems
    return journey


def drawn_lines(journey: Journey, engine_name: str) -> list[tuple[str, float, float]]:
    """(text, x, y) of every line of text the map view draws."""
    picture = draw(VIEWS["map"](journey, translator("en")), "svg", engine=engine_name)
    return [("".join(e.itertext()), float(e.get("x", "0")), float(e.get("y", "0")))
            for e in ET.fromstring(picture).iter(SVG_TEXT)]


@pytest.mark.parametrize("count", [1, 2])
def test_map_columns_keep_their_width_and_text_its_left_edge_with_few_stages(count: int, engine_name: str) -> None:
    # The emotion scale is wider than one or two stage columns: it wraps rather than
    # widening them, which would stretch each list item's mark and text apart.
    journey = few_stages(count)
    picture = draw(VIEWS["map"](journey, translator("en")), "svg", engine=engine_name).decode()
    assert stage_widths(picture) == [float(theme.MAP["stage_width"])] * count
    drawn = drawn_lines(journey, engine_name)
    at: dict[str, tuple[float, float]] = {}  # where a text is drawn in the first stage
    for text, x, y in drawn:
        if text not in at or x < at[text][0]:
            at[text] = (x, y)
    # Every wrapped text starts its lines at one left edge, next to its mark.
    for text, mark in ((STEP, "1"), (NEED, "•")):
        wrapped = labels.wrap(text, theme.MAP["wrap"])
        assert len(wrapped) >= 3
        assert len({at[line][0] for line in wrapped}) == 1, [at[line] for line in wrapped]
        first_x, first_y = at[wrapped[0]]
        mark_x = max(x for t, x, y in drawn if t == mark and y == first_y and x < first_x)
        assert first_x - mark_x <= theme.MAP["mark"] + 1
    for text, width in (("Run an ad campaign with a long title that wraps onto lines", theme.MAP["card_wrap"]),
                        ("curious, sceptical, hopeful, worried, and many more", theme.MAP["wrap"]),
                        ("Discovers the product through a very long stage name 0", theme.MAP["stage_wrap"])):
        wrapped = labels.wrap(text, width)
        assert len(wrapped) >= 2
        assert len({at[line][0] for line in wrapped}) == 1, [at[line] for line in wrapped]
    # The scale's lines start at one left edge too.
    dots = [(x, y) for text, x, y in drawn if text == "●"]
    assert len(dots) == 5
    rows = {y for _, y in dots}
    assert len(rows) > 1
    assert len({min(x for x, y in dots if y == row) for row in rows}) == 1


@pytest.mark.parametrize(("count", "rows"), [(1, 3), (2, 2), (3, 1), (6, 1)])
def test_map_scale_wraps_only_when_it_does_not_fit(count: int, rows: int) -> None:
    dot = VIEWS["map"](few_stages(count), translator("en"))
    cell = re.search(r'<TD COLSPAN="(\d+)"([^>]*)>(.*?)</TD></TR></TABLE>', dot)
    assert cell is not None and cell.group(1) == str(count)
    assert 'ALIGN="LEFT" BALIGN="LEFT"' in cell.group(2)
    assert cell.group(3).count("●") == 5
    assert cell.group(3).count("<BR/>") == rows - 1


@pytest.mark.parametrize("view", list(VIEWS))
def test_hostile_text_is_shown_as_written(view: str, engine_name: str) -> None:
    picture = svg(HOSTILE, view, engine_name)
    root = ET.fromstring(picture)  # parses: nothing broke the XML
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert tags & INJECTED == set()
    assert b"<script" not in picture and b"<b>" not in picture and b"<![CDATA[" not in picture
    text = svg_text(picture)
    expected = HOSTILE_BOTH_VIEWS + (HOSTILE_MAP_ONLY if view == "map" else [])
    long_name = load(HOSTILE).stages[1].name
    assert len(long_name) == 500
    missing = [s for s in [*expected, long_name] if not shows(text, s)]
    assert missing == []


@pytest.mark.parametrize("view", list(VIEWS))
def test_hostile_text_draws_a_sane_png(view: str, engine_name: str) -> None:
    png = draw(source(HOSTILE, view), "png", engine=engine_name)
    assert png.startswith(PNG_SIGNATURE)
    length, kind = struct.unpack(">I4s", png[8:16])
    width, height = struct.unpack(">II", png[16:24])
    assert (length, kind) == (13, b"IHDR")
    assert 300 <= width <= 4000 and 300 <= height <= 4000, (width, height)


# --- moments of truth and times ----------------------------------------------

INK, MUTED, STAGE_META = theme.PALETTE["ink"], theme.PALETTE["muted"], theme.PALETTE["stage_meta"]
MARK = f'<FONT POINT-SIZE="12" COLOR="{MOMENT_COLOUR}"><B>{MOMENT_MARK}</B></FONT>'
HOSTILE_STEP = '<b>"Pay" & \\N</b>\n]]> <script>x</script>'


def timed(language: str = "en", first: str = "Pays the fee") -> Journey:
    """A journey with moments of truth, durations and waits, and steps without."""
    return Journey.model_validate({
        "cjmap": 1, "id": "timed", "title": "Timed", "language": language,
        "stages": [
            {"id": "pay", "name": "Pay", "steps": [
                {"text": first, "moment_of_truth": True, "duration": "30 min", "wait": "2 d", "score": -1},
                {"text": "Reads the receipt", "duration": "1.5 h"},
                {"text": "Waits for the card", "wait": "1 w"},
                "Plain step",
            ]},
            {"id": "use", "name": "Use", "steps": [{"text": "Calls the bank", "moment_of_truth": True}, "No time here"]},
        ],
    })


def step_cells(dot: str) -> list[str]:
    """The text cells of the Steps lane, in order: what follows each step's number."""
    number = f'COLOR="{theme.PALETTE["faint"]}">\\d+</FONT></TD>'
    return re.findall(number + r'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP" WIDTH="\d+">(.*?)</TD>', dot)


def times_line(text: str) -> str:
    return f'<BR/><FONT POINT-SIZE="8.5" COLOR="{MUTED}">{text}</FONT>'


def time_line(text: str) -> str:
    return f'<BR/><FONT POINT-SIZE="8.5" COLOR="{STAGE_META}">{text}</FONT>'


@pytest.mark.parametrize(("language", "words"), [
    ("en", ["30 min · wait 2 d", "1.5 h", "wait 1 w", "Time: 9 d 2 h", "Symbols", "Moment of truth"]),
    ("es", ["30 min · espera 2 d", "1,5 h", "espera 1 sem", "Tiempo: 9 d 2 h", "Símbolos",
            "Momento de la verdad"]),
    ("ca", ["30 min · espera 2 d", "1,5 h", "espera 1 setm.", "Temps: 9 d 2 h", "Símbols",
            "Moment de la veritat"]),
])
def test_map_marks_moments_of_truth_and_writes_times_where_set(language: str, words: list[str]) -> None:
    first, second, third, stage_time, symbols, moment = words
    dot = VIEWS["map"](timed(language), translator(language))
    # Row by row: the n-th steps of both stages line up.
    assert step_cells(dot) == [
        f'<FONT COLOR="{INK}">{MARK} Pays the fee</FONT>' + times_line(first),
        f'<FONT COLOR="{INK}">{MARK} Calls the bank</FONT>',
        f'<FONT COLOR="{INK}">Reads the receipt</FONT>' + times_line(second),
        f'<FONT COLOR="{INK}">No time here</FONT>',
        f'<FONT COLOR="{INK}">Waits for the card</FONT>' + times_line(third),
        f'<FONT COLOR="{INK}">Plain step</FONT>',
    ]
    # The first stage's total in its header; the second's steps give no time, nor does it.
    assert dot.count(time_line(stage_time)) == 1
    assert dot.index(time_line(stage_time)) < dot.index(">Use<")
    assert stage_time.split(":")[0] + ":" not in dot.replace(time_line(stage_time), "")
    # One legend entry under the emotion scale.
    assert dot.count(MOMENT_MARK) == 3
    assert dot.endswith(
        f'<B>{symbols}</B></FONT></TD><TD COLSPAN="2" BGCOLOR="#ffffff" ALIGN="LEFT" BALIGN="LEFT" '
        f'CELLPADDING="8" BORDER="1" SIDES="T" COLOR="{theme.PALETTE["rule"]}">{MARK}'
        f'<FONT POINT-SIZE="8.5" COLOR="{INK}"> {moment}</FONT></TD></TR></TABLE>>]\n}}\n'
    )


def test_map_without_moments_of_truth_or_times_has_no_marks() -> None:
    dot = VIEWS["map"](few_stages(3), translator("en"))
    assert MOMENT_MARK not in dot and "Time:" not in dot and "Symbols" not in dot and "wait" not in dot


def test_map_wraps_a_moment_of_truth_with_its_mark_within_the_column(engine_name: str) -> None:
    # The mark takes two characters of the first line: "then" still fits it (33 characters).
    dot = VIEWS["map"](timed(first=STEP), translator("en"))
    assert step_cells(dot)[0] == (
        f'<FONT COLOR="{INK}">{MARK} Sees an ad on a phone and then<BR/>reads a much longer text that<BR/>'
        "follows, so that it wraps</FONT>" + times_line("30 min · wait 2 d")
    )
    picture = draw(dot, "svg", engine=engine_name).decode()
    assert stage_widths(picture) == [float(theme.MAP["stage_width"])] * 2


def test_flow_writes_a_stages_time_in_its_box() -> None:
    dot = VIEWS["flow"](timed("ca"), translator("ca"))
    stage0 = re.search(r"^\s*stage0 \[label=<(.*)>", dot, re.MULTILINE)
    stage1 = re.search(r"^\s*stage1 \[label=<(.*)>", dot, re.MULTILINE)
    assert stage0 is not None and stage1 is not None
    assert stage0.group(1).count(time_line("Temps: 9 d 2 h")) == 1
    assert "Temps" not in stage1.group(1)
    # Steps are not drawn in the flow: nor are their marks and times.
    assert MOMENT_MARK not in dot and "espera" not in dot and "Pays the fee" not in dot


def test_hostile_step_text_with_a_mark_and_times_is_escaped() -> None:
    dot = VIEWS["map"](timed(first=HOSTILE_STEP), translator("en"))
    assert step_cells(dot)[0] == (
        f'<FONT COLOR="{INK}">{MARK} &lt;b&gt;&quot;Pay&quot; &amp; \\\\N&lt;/b&gt;<BR/>'
        "]]&gt; &lt;script&gt;x&lt;/script&gt;</FONT>" + times_line("30 min · wait 2 d")
    )


@pytest.mark.parametrize("view", list(VIEWS))
def test_hostile_step_text_with_a_mark_and_times_is_drawn_as_written(view: str, engine_name: str) -> None:
    picture = draw(VIEWS[view](timed(first=HOSTILE_STEP), translator("en")), "svg", engine=engine_name)
    root = ET.fromstring(picture)
    assert {element.tag.rsplit("}", 1)[-1] for element in root.iter()} & INJECTED == set()
    text = svg_text(picture)
    assert shows(text, "Time: 9 d 2 h")
    if view == "map":
        assert shows(text, f'{MOMENT_MARK} <b>"Pay" & \\N</b> ]]> <script>x</script> 30 min · wait 2 d')


# --- label text helpers -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain", "plain"),
        ('<b>"x" & \'y\'</b>', "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"),
        ("&amp;", "&amp;amp;"),
        (r"\N \G \\", r"\\N \\G \\\\"),
        ("bell\x07 nul\x00 del\x7f ok", "bell nul del ok"),
        ("tab\there", "tab here"),
        ("ünï 😀 ]]>", "ünï 😀 ]]&gt;"),
    ],
)
def test_escape(text: str, escaped: str) -> None:
    assert labels.escape(text) == escaped


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("one two three four", 9, ["one two", "three", "four"]),
        ("one\ntwo\r\nthree\u2028four", 40, ["one", "two", "three", "four"]),
        ("a\n\n\nb\n", 40, ["a", "", "b"]),
        ("  lots   of    space  ", 40, ["lots of space"]),
        ("x" * 25 + " end", 10, ["x" * 10, "x" * 10, "x" * 5 + " end"]),
        ("18-34 year-olds", 6, ["18-34", "year-o", "lds"]),
        ("", 10, []),
    ],
)
def test_wrap(text: str, width: int, lines: list[str]) -> None:
    assert labels.wrap(text, width) == lines


def test_absurdly_long_text_is_cut_with_an_ellipsis() -> None:
    text = "word " * 1000
    lines = labels.wrap(text, 40)
    joined = " ".join(lines)
    assert joined.endswith("word…") and len(joined) <= labels.LIMIT
    assert labels.truncate("short") == "short"
    assert labels.truncate("y" * 700, 100) == "y" * 99 + "…"


def test_html_joins_escaped_lines_with_breaks() -> None:
    assert labels.html("<a> & b\nc", 40) == "&lt;a&gt; &amp; b<BR/>c"
