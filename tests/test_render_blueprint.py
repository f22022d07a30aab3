"""The service blueprint view (`render --view blueprint`): its golden DOT, its
lanes and lines, moments of truth, times added up per stage, owners and
systems, segments and languages, hostile text, both engines, and the journeys
it refuses.

The golden of the fixture below is tests/golden/render/streetlight.blueprint.dot;
the examples' goldens are checked with the other views in test_render_views.py.
After a wanted change of the picture, rewrite them and review the diff:

    CJMAP_UPDATE_GOLDEN=1 python -m pytest tests/test_render_blueprint.py tests/test_render_views.py -k blueprint
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cjmap import theme
from cjmap.i18n import translator
from cjmap.loader import load_text
from cjmap.model import Journey
from cjmap.render import blueprint_view
from cjmap.render.engine import find_engine
from cjmap.render.map_view import MOMENT_COLOUR
from cjmap.schema import check_schema

import test_injection as injection
from conftest import EXAMPLES, journey_of_file, run_cli
from test_render_views import (
    GOLDEN,
    HOSTILE as HOSTILE_MAP,
    HOSTILE_BOTH_VIEWS,
    INJECTED,
    PNG_SIGNATURE,
    SVG_TEXT,
    UPDATE,
    shows,
    svg_text,
)

run = run_cli

# Three stages: the first uses every lane, a moment of truth, a duration and a
# wait; the second scopes steps and actions to segments; the third says no
# time and leaves the company's lanes empty.
FIXTURE = textwrap.dedent("""\
    cjmap: 1
    id: streetlight
    title: Repairing a broken streetlight
    language: en
    segments:
      - {id: by-phone, name: Report by phone}
      - {id: by-app, name: Report in the app}
    teams:
      - {id: lighting, name: Street lighting}
      - {id: it, name: IT services}
      - {id: helpline, name: Helpline 010}
      - {id: crew, name: Maintenance contractor}
    touchpoints:
      - {id: app, name: Town app, channel: app, owner: it}
      - {id: phone, name: Helpline 010, channel: phone, owner: helpline}
    stages:
      - id: report
        name: Reports the broken light
        phase: awareness
        owner: lighting
        steps:
          - text: Sends a photo from the app
            touchpoint: app
            score: 1
            duration: 10 min
            moment_of_truth: true
          - text: Waits for the repair
            score: -1
            wait: 2 d
        touchpoints: [app]
        evidence: [Confirmation email with the incident number]
        frontstage:
          - text: The app confirms the report and gives its number
            touchpoint: app
            system: Incident manager
        backstage:
          - text: Classifies the incident and assigns it to the crew
            owner: lighting
            duration: 1 h
        support:
          - text: Streetlight inventory
            owner: it
            system: GIS
      - id: follow
        name: Follows the repair
        phase: post-purchase
        owner: helpline
        steps:
          - text: Calls the helpline to ask
            touchpoint: phone
            score: -2
            segments: [by-phone]
            duration: 8 min
            wait: 4 d
            moment_of_truth: true
          - text: Checks the status in the app
            touchpoint: app
            score: 1
            segments: [by-app]
            duration: 2 min
        touchpoints: [phone, app]
        frontstage:
          - text: An agent reads the case aloud
            owner: helpline
            touchpoint: phone
            segments: [by-phone]
          - text: A notification says the crew is on its way
            system: Notification service
            segments: [by-app]
        backstage:
          - text: Orders the spare part from the supplier
            owner: crew
            duration: 3 w
      - id: rate
        name: Rates the service
        phase: loyalty
        steps:
          - text: Answers the closing survey
            score: 1
        evidence: [Closing email with a photo of the repaired light]
    """)

LANE_NAMES = ["Touchpoints", "Evidence", "Customer actions", "Frontstage", "Backstage", "Support processes"]
LINE_NAMES = ["LINE OF INTERACTION", "LINE OF VISIBILITY", "LINE OF INTERNAL INTERACTION"]
VALLMAR = EXAMPLES / "vallmar-avis-fanal.journey.yaml"
# The examples that fill in a blueprint lane: the others have no blueprint to draw.
BLUEPRINT_EXAMPLES = [path for path in sorted(EXAMPLES.glob("*.journey.yaml")) if journey_of_file(path).has_blueprint]
LINE_COLOUR = theme.BLUEPRINT_LINE_COLOUR
# graphviz-pure says this of every character outside ASCII: it lays text out
# with its own table of widths, and draws it with the real font all the same.
PURE_WIDTH_NOTE = re.compile(r"^Warning: (Warning: )?no value for width of non-ASCII character \d+\. "
                             r"Falling back to width of space character$")


def journey_of(text: str) -> Journey:
    journey, problems = check_schema(load_text(text))
    assert journey is not None and not problems, problems
    return journey


def blueprint(text: str = FIXTURE, language: str = "en") -> str:
    return blueprint_view.build(journey_of(text), translator(language))


def drawn(dot_source: str, output_format: str, engine_name: str) -> subprocess.CompletedProcess[bytes]:
    """The engine run on the DOT source as `render` runs it, its warnings kept."""
    if engine_name == "dot":
        assert shutil.which("dot"), "the system Graphviz `dot` is needed: apt-get install graphviz"
    _, program = find_engine(engine_name, output_format)
    done = subprocess.run([program, f"-T{output_format}"], input=dot_source.encode("utf-8"), capture_output=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done


def texts_top_down(svg: bytes) -> list[tuple[str, float, float]]:
    """(text, x, y) of every line of text drawn, from the top."""
    found = [("".join(e.itertext()), float(e.get("x", "0")), float(e.get("y", "0")))
             for e in ET.fromstring(svg).iter(SVG_TEXT)]
    return sorted(found, key=lambda item: (item[2], item[1]))


@pytest.fixture(scope="module")
def fixture_svg() -> bytes:
    return drawn(blueprint(), "svg", "dot").stdout


# --- golden DOT ---------------------------------------------------------------


def assert_golden(name: str, dot: str) -> None:
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(dot, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}: run with CJMAP_UPDATE_GOLDEN=1 to write it"
    assert dot == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs; if the change is wanted, rerun with CJMAP_UPDATE_GOLDEN=1 and review the diff"
    )


def test_fixture_matches_golden() -> None:
    assert_golden("streetlight.blueprint.dot", blueprint())


def example_id(path: Path) -> str:
    return path.name.removesuffix(".journey.yaml")


def example_source(path: Path) -> str:
    journey = journey_of_file(path)
    return blueprint_view.build(journey, translator(journey.language))


@pytest.mark.parametrize("path", BLUEPRINT_EXAMPLES, ids=example_id)
def test_examples_with_a_blueprint_match_their_golden(path: Path) -> None:
    assert_golden(f"{example_id(path)}.blueprint.dot", example_source(path))


def test_the_bundled_blueprint_example_fills_in_every_lane_of_every_stage() -> None:
    assert VALLMAR in BLUEPRINT_EXAMPLES
    journey = journey_of_file(VALLMAR)
    for lane in ("evidence", "frontstage", "backstage", "support"):
        assert all(getattr(stage, lane) for stage in journey.stages), lane
    assert any(step.moment_of_truth for stage in journey.stages for step in stage.steps)


@pytest.mark.parametrize("path", [*BLUEPRINT_EXAMPLES, HOSTILE_MAP], ids=example_id)
def test_dot_is_deterministic_and_its_colours_six_digit_hex(path: Path) -> None:
    dot = example_source(path)
    assert example_source(path) == dot
    colours = re.findall(r'(?i)(?:color|bgcolor|fillcolor)="?(#[0-9a-f]*)', dot)
    assert colours and [c for c in colours if not re.fullmatch(r"#[0-9a-fA-F]{6}", c)] == []


@pytest.mark.parametrize("engine_name", ["dot", "graphviz-pure"])
@pytest.mark.parametrize("path", BLUEPRINT_EXAMPLES, ids=example_id)
def test_examples_draw_every_stage_and_lane_name(path: Path, engine_name: str) -> None:
    journey = journey_of_file(path)
    t = translator(journey.language)
    shown = svg_text(drawn(example_source(path), "svg", engine_name).stdout)
    names = [stage.name for stage in journey.stages]
    names += [t(f"lane.{lane}") for lane in ("evidence", "customer", "frontstage", "backstage", "support")]
    names += [t(f"line.{line}").upper() for line in ("interaction", "visibility", "internal")]
    assert [name for name in names if not shows(shown, name)] == []


# --- what the picture shows ---------------------------------------------------


def test_lanes_and_lines_are_drawn_top_to_bottom_with_their_names(fixture_svg: bytes) -> None:
    order = [text for text, _, _ in texts_top_down(fixture_svg) if text in LANE_NAMES + LINE_NAMES]
    assert order == [
        "Touchpoints", "Evidence", "Customer actions", "LINE OF INTERACTION", "Frontstage",
        "LINE OF VISIBILITY", "Backstage", "LINE OF INTERNAL INTERACTION", "Support processes",
    ]
    shown = svg_text(fixture_svg)
    for about in ("Where the customer meets us", "What the customer sees or keeps", "What the customer does",
                  "What we do in sight of the customer", "What we do out of sight",
                  "Systems, partners and processes behind it"):
        assert shows(shown, about), about


def test_the_three_lines_cross_the_whole_width_solid_dashed_dotted(fixture_svg: bytes) -> None:
    width = theme.BLUEPRINT["lane_width"] + 3 * theme.BLUEPRINT["stage_width"]
    lines = re.findall(rf'<polyline fill="none" stroke="{LINE_COLOUR}" stroke-width="2"( stroke-dasharray="[^"]+")? '
                       r'points="([^"]+)"', fixture_svg.decode())
    assert [dashes for dashes, _ in lines] == ["", ' stroke-dasharray="5,2"', ' stroke-dasharray="1,5"']
    for _, points in lines:
        xs = sorted(float(point.split(",")[0]) for point in points.split())
        assert (xs[0], xs[-1]) == (1, width - 1)
    # The lines' names are drawn below them, in their colour, in the lane column.
    names = [(x, y) for text, x, y in texts_top_down(fixture_svg) if text in LINE_NAMES]
    ys = [float(points.split()[0].split(",")[1]) for _, points in lines]
    assert all(line_y < name_y < line_y + theme.BLUEPRINT["line_height"] + 2
               for line_y, (_, name_y) in zip(ys, names, strict=True))


def test_stage_columns_have_one_width(fixture_svg: bytes) -> None:
    fill = theme.PALETTE["stage_fill"]
    widths = []
    for points in re.findall(rf'<polygon fill="{fill}"[^>]*points="([^"]+)"', fixture_svg.decode()):
        xs = [float(point.split(",")[0]) for point in points.split()]
        widths.append(round(max(xs) - min(xs), 1))
    assert widths == [theme.BLUEPRINT["lane_width"]] + [float(theme.BLUEPRINT["stage_width"])] * 3


def test_times_of_steps_and_actions_and_each_stage_total() -> None:
    dot = blueprint()
    # 10 min + a wait of 2 d; 8 min + a wait of 4 d + 2 min; the third stage says no time.
    assert re.findall(r"Time: [^<]*", dot) == ["Time: 2 d 10 min", "Time: 4 d 10 min"]
    # Cards are written row by row: the first card of every stage, then the second.
    assert re.findall(r">(\d+ (?:min|h|d|w))<", dot) == ["10 min", "8 min", "2 min"]
    assert re.findall(r"wait [^<]*", dot) == ["wait 4 d", "wait 2 d"]
    assert re.findall(r"Duration: [^<]*", dot) == ["Duration: 1 h", "Duration: 3 w"]


def test_waits_are_written_in_their_own_colour() -> None:
    dot = blueprint()
    assert dot.count(f'<FONT POINT-SIZE="8.5" COLOR="{theme.BLUEPRINT_WAIT}"><B>wait ') == 2


def test_moments_of_truth_are_marked_with_the_maps_mark_and_colour() -> None:
    dot = blueprint()
    mark = f'<FONT POINT-SIZE="7.5" COLOR="{MOMENT_COLOUR}"><B>♦ MOMENT OF TRUTH</B></FONT>'
    assert dot.count(mark) == 2
    # Their cards are edged and tinted in the moment's colour; no other card is.
    edged = re.findall(rf'<TABLE BORDER="2" COLOR="{MOMENT_COLOUR}" CELLBORDER="0" CELLSPACING="0" '
                       rf'BGCOLOR="{theme.MOMENT_TINT}">.*?</TABLE>', dot)
    assert len(edged) == 2
    assert "Sends a photo from the app" in edged[0] and "Calls the helpline to ask" in edged[1]
    # The legend says what the mark means.
    assert f'<FONT POINT-SIZE="8.5" COLOR="{MOMENT_COLOUR}"><B>♦  Moment of truth</B></FONT>' in dot


def test_steps_show_their_number_score_and_touchpoint(fixture_svg: bytes) -> None:
    dot = blueprint()
    # The card's bar is in the colour of the step's score.
    assert f'BORDER="3" SIDES="L" COLOR="{theme.SCORE[-2]}"' in dot
    shown = svg_text(fixture_svg)
    assert shows(shown, "1 ● +1 ♦ MOMENT OF TRUTH Sends a photo from the app ● Town app 10 min")
    assert shows(shown, "2 ● −1 Waits for the repair wait 2 d")


def test_actions_show_owner_team_name_system_touchpoint_and_duration(fixture_svg: bytes) -> None:
    shown = svg_text(fixture_svg)
    assert shows(shown, "The app confirms the report and gives its number System: Incident manager ● Town app")
    assert shows(shown, "Classifies the incident and assigns it to the crew Owner: Street lighting Duration: 1 h")
    assert shows(shown, "Streetlight inventory Owner: IT services System: GIS")
    assert shows(shown, "Orders the spare part from the supplier Owner: Maintenance contractor Duration: 3 w")


def test_every_lane_is_drawn_and_named_even_when_empty() -> None:
    dot = blueprint(textwrap.dedent("""\
        cjmap: 1
        id: bare
        title: Only steps
        stages:
          - {id: one, name: One, steps: [Looks around]}
        """))
    for name in ["Evidence", "Customer actions", "Frontstage", "Backstage", "Support processes", "Legend"]:
        assert f"<B>{name}</B>" in dot, name
    assert dot.count("COLSPAN=\"2\"") == 3  # the three lines, across the lane column and the stage
    assert "<B>Touchpoints</B>" not in dot and "Time:" not in dot


def test_without_touchpoints_there_is_no_touchpoint_lane() -> None:
    text = FIXTURE.replace("    touchpoints: [app]\n", "").replace("    touchpoints: [phone, app]\n", "")
    dot = blueprint(text)
    assert "<B>Touchpoints</B>" not in dot and "<B>Evidence</B>" in dot


# Words of the fixture's blueprint in Spanish and Catalan, as they stand in the DOT.
WORDS = {
    "es": ("BLUEPRINT DEL SERVICIO", "Evidencias", "Acciones del cliente", "Procesos de soporte",
           "LÍNEA DE INTERACCIÓN", "LÍNEA DE VISIBILIDAD", "LÍNEA DE INTERACCIÓN INTERNA",
           "Tiempo: 2 d 10 min", "espera 2 d", "♦ MOMENTO DE LA VERDAD", "Responsable: Street lighting",
           "Sistema: GIS", "Duración: 3 sem", "Leyenda", "Lo que hace el cliente"),
    "ca": ("BLUEPRINT DEL SERVEI", "Evidències", "Accions del client", "Processos de suport",
           "LÍNIA D&#39;INTERACCIÓ", "LÍNIA DE VISIBILITAT", "LÍNIA D&#39;INTERACCIÓ INTERNA",
           "Temps: 4 d 10 min", "espera 4 d", "♦ MOMENT DE LA VERITAT", "Responsable: IT services",
           "Sistema: Incident manager", "Durada: 3 setm.", "Llegenda", "El que fa el client"),
}


@pytest.mark.parametrize("language", WORDS)
def test_spanish_and_catalan_words(language: str) -> None:
    dot = blueprint(language=language)
    assert [words for words in WORDS[language] if words not in dot] == []
    assert "Time:" not in dot and "Owner" not in dot and "LINE OF" not in dot


def test_the_legend_explains_the_mark_the_lines_and_the_scores(fixture_svg: bytes) -> None:
    shown = svg_text(fixture_svg)
    assert shows(shown, "Legend ♦ Moment of truth ——— Line of interaction – – – Line of visibility")
    assert shows(shown, "· · · · · Line of internal interaction")
    for score, words in ((2, "+2 very positive"), (0, "0 neutral"), (-2, "−2 very negative")):
        assert shows(shown, words)
        assert f'<FONT POINT-SIZE="12" COLOR="{theme.SCORE[score]}">●</FONT>' in blueprint()


# --- both engines -------------------------------------------------------------


# The pictures both engines draw: the fixture, and the bundled example in Catalan.
DRAWN = {"fixture": blueprint, "vallmar": lambda: example_source(VALLMAR)}


@pytest.mark.parametrize("case", DRAWN)
def test_the_system_dot_draws_svg_png_and_pdf_without_a_warning(case: str) -> None:
    dot = DRAWN[case]()
    starts = {"svg": b"<?xml", "png": PNG_SIGNATURE, "pdf": b"%PDF-"}
    for output_format, start in starts.items():
        done = drawn(dot, output_format, "dot")
        assert done.stderr.decode("utf-8", "replace") == ""
        assert done.stdout.startswith(start)


@pytest.mark.parametrize("case", DRAWN)
def test_graphviz_pure_draws_svg_and_png_the_same_text(case: str) -> None:
    dot = DRAWN[case]()
    for output_format in ("svg", "png"):
        done = drawn(dot, output_format, "graphviz-pure")
        notes = done.stderr.decode("utf-8", "replace").splitlines()
        assert [note for note in notes if not PURE_WIDTH_NOTE.match(note)] == []
    assert done.stdout.startswith(PNG_SIGNATURE)
    width, height = int.from_bytes(done.stdout[16:20], "big"), int.from_bytes(done.stdout[20:24], "big")
    assert 300 < width < 4000 and 300 < height < 4000
    # The same words at the same size as the system dot draws.
    assert svg_text(drawn(dot, "svg", "graphviz-pure").stdout) == svg_text(drawn(dot, "svg", "dot").stdout)


# --- hostile text ---------------------------------------------------------------


HOSTILE_BLUEPRINT = textwrap.dedent("""\
    cjmap: 1
    id: hostile-blueprint
    title: 'Hostile <title> & "quotes"'
    teams:
      - {id: ops, name: 'R&D <Team> "A" \\N'}
    touchpoints:
      - {id: desk, name: '<b>Desk</b> & {counter} | 1', channel: store}
    stages:
      - id: one
        name: 'Stage <i>one</i> & "two"'
        steps:
          - text: '<script>alert("step")</script>'
            touchpoint: desk
            duration: 10 min
            wait: 1 h
            moment_of_truth: true
        evidence:
          - 'Receipt ]]> <![CDATA[ x ]]> & &amp; stays text'
          - text: "Line one\\nline two | pipe # hash"
        frontstage:
          - text: '<font color="red">front</font> \\G \\L'
            owner: ops
            touchpoint: desk
            system: 'CRM <u>v2</u> & "quoted" {a|b}'
        backstage:
          - text: "Tabs\\tand  double  spaces, a bell\\a here"
            owner: ops
            system: "Back\\\\slash C:\\\\Temp\\\\new"
        support:
          - 'Supercalifragilisticexpialidocious-antidisestablishmentarianism-pneumonoultramicroscopic'
          - text: 'Ünïcödé àccents: ç, ñ, ü, ø, Ω, 中文 👍🏽 <br/>'
            owner: ops
            system: '<img src=x onerror=alert(1)>'
    """)

# How each hostile text reads in the picture: line breaks and runs of spaces
# are one space, the bell is dropped.
HOSTILE_SHOWN = [
    'Hostile <title> & "quotes"',
    'Stage <i>one</i> & "two"',
    '<script>alert("step")</script>',
    "<b>Desk</b> & {counter} | 1",
    "Receipt ]]> <![CDATA[ x ]]> & &amp; stays text",
    "Line one line two | pipe # hash",
    '<font color="red">front</font> \\G \\L',
    'Owner: R&D <Team> "A" \\N',
    'System: CRM <u>v2</u> & "quoted" {a|b}',
    "Tabs and double spaces, a bell here",
    "System: Back\\slash C:\\Temp\\new",
    "Supercalifragilisticexpialidocious-antidisestablishmentarianism-pneumonoultramicroscopic",
    "Ünïcödé àccents: ç, ñ, ü, ø, Ω, 中文 👍🏽 <br/>",
    "System: <img src=x onerror=alert(1)>",
]


@pytest.mark.parametrize("engine_name", ["dot", "graphviz-pure"])
def test_hostile_text_in_every_blueprint_field_is_shown_as_written(engine_name: str) -> None:
    dot = blueprint(HOSTILE_BLUEPRINT)
    svg = drawn(dot, "svg", engine_name).stdout
    root = ET.fromstring(svg)  # parses: nothing broke the XML
    assert {element.tag.rsplit("}", 1)[-1] for element in root.iter()} & (INJECTED | {"img", "script"}) == set()
    shown = svg_text(svg)
    assert [text for text in HOSTILE_SHOWN if not shows(shown, text)] == []
    png = drawn(dot, "png", engine_name).stdout
    assert png.startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("engine_name", ["dot", "graphviz-pure"])
def test_the_hostile_journey_of_the_other_views_shows_as_written(engine_name: str) -> None:
    svg = drawn(example_source(HOSTILE_MAP), "svg", engine_name).stdout
    root = ET.fromstring(svg)
    assert {element.tag.rsplit("}", 1)[-1] for element in root.iter()} & INJECTED == set()
    shown = svg_text(svg)
    long_name = journey_of_file(HOSTILE_MAP).stages[1].name
    assert [text for text in [*HOSTILE_BOTH_VIEWS, long_name] if not shows(shown, text)] == []


def test_hostile_dot_is_read_by_the_system_dot_without_a_warning() -> None:
    dot = blueprint(HOSTILE_BLUEPRINT)
    # Each label is one line of the DOT file: no journey text broke out of it.
    assert all(line.startswith(("\t", "digraph", "}")) for line in dot.splitlines())
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", dot)
    assert drawn(dot, "svg", "dot").stderr == b""


# The journey of test_injection.py, with a marker in every text field of the
# format, today's and any added later: what the blueprint draws of it.
WALKED_SHOWN = ["journey.title", "journey.stages[0].name", "journey.stages[0].steps[0].text",
                "journey.stages[0].steps[1]", "journey.teams[0].name", "journey.touchpoints[0].name"]
LANE_TEXT = re.compile(r"journey\.stages\[0\]\.(evidence|frontstage|backstage|support)\[\d+\](\.text|\.system)?")
WALKED_SHOWN += [path for path in injection.MARKS if LANE_TEXT.fullmatch(path)]


@pytest.mark.parametrize("output", ["svg", "dot"])
def test_every_marker_of_the_walked_hostile_journey_shows_as_written(
    output: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SVG drawn by graphviz-pure, and the DOT read by the system dot
    without a warning: no element from journey text, every marker as written."""
    # Two evidence entries; in each action lane an action's text and system, and a plain entry.
    assert len(WALKED_SHOWN) == 6 + 2 + 3 * 3
    journey_file = injection.write_journey(tmp_path, injection.HOSTILE.data)
    target = tmp_path / f"blueprint.{output}"
    injection.cli(["render", str(journey_file), "--view", "blueprint", "-o", str(target),
                   "--engine", "graphviz-pure"], capsys, monkeypatch)
    source = target.read_text(encoding="utf-8")
    if output == "dot":
        injection.assert_no_controls(source, "blueprint.dot", allowed="\n\t")
        injection.assert_lines_whole(source, "blueprint.dot")
        done = drawn(source, "svg", "dot")
        assert done.stderr == b""
        source = done.stdout.decode("utf-8")
    shown = injection.check_svg(source, f"blueprint.{output}")
    assert [path for path in WALKED_SHOWN if not injection.numbers_in(injection.MARKS[path]) <= shown] == []


# --- the command ----------------------------------------------------------------


@pytest.fixture
def streetlight(tmp_path: Path) -> Path:
    path = tmp_path / "streetlight.journey.yaml"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


def test_render_writes_the_blueprint_beside_the_journey(
    streetlight: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(["render", str(streetlight), "--view", "blueprint", "--format", "dot"], capsys, monkeypatch)
    target = streetlight.parent / "streetlight.blueprint.dot"
    assert (code, err.splitlines()[-1]) == (0, f"cjmap: wrote {target}")
    assert target.read_text(encoding="utf-8") == blueprint()


@pytest.mark.parametrize("engine_name", ["dot", "graphviz-pure"])
@pytest.mark.parametrize("example", [False, True], ids=["fixture", "vallmar"])
def test_render_draws_svg_and_png_with_each_engine(
    example: bool, engine_name: str, streetlight: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = VALLMAR if example else streetlight
    for suffix, start in ((".svg", b"<?xml"), (".png", PNG_SIGNATURE)):
        target = tmp_path / f"blueprint{suffix}"
        code, _, err = run(["render", str(path), "--view", "blueprint", "--engine", engine_name,
                            "-o", str(target)], capsys, monkeypatch)
        assert (code, err.splitlines()[-1]) == (0, f"cjmap: wrote {target}")
        assert target.read_bytes().startswith(start)
    shown = svg_text((tmp_path / "blueprint.svg").read_bytes())
    assert [stage.name for stage in journey_of_file(path).stages if not shows(shown, stage.name)] == []


def test_render_draws_pdf_with_the_system_dot(
    streetlight: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "blueprint.pdf"
    code, _, _ = run(["render", str(streetlight), "--view", "blueprint", "-o", str(target)], capsys, monkeypatch)
    assert code == 0 and target.read_bytes().startswith(b"%PDF-")


def test_a_segment_view_drops_what_other_segments_do(
    streetlight: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, _ = run(["render", str(streetlight), "--view", "blueprint", "--segment", "by-app"], capsys, monkeypatch)
    target = streetlight.parent / "streetlight.blueprint.by-app.svg"
    assert code == 0 and target.exists()
    code, out, _ = run(["render", str(streetlight), "--view", "blueprint", "--segment", "by-phone",
                        "--format", "dot", "-o", "-"], capsys, monkeypatch)
    assert code == 0
    assert "An agent reads the case aloud" in out and "Calls the helpline to ask" in out
    assert "A notification says" not in out and "Checks the status in the app" not in out
    # What is for everyone stays, and the stage's time counts only this segment's steps.
    assert "Orders the spare part" in out
    assert re.findall(r"Time: [^<]*", out) == ["Time: 2 d 10 min", "Time: 4 d 8 min"]


def test_lang_draws_the_blueprint_in_another_language(
    streetlight: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["render", str(streetlight), "--view", "blueprint", "--lang", "ca", "--format", "dot",
                        "-o", "-"], capsys, monkeypatch)
    assert code == 0 and out == blueprint(language="ca")


NO_LANES_HINT = (
    "  hint: add `evidence:`, `frontstage:`, `backstage:` or `support:` to the stages that need a blueprint "
    "(see docs/format.md, Service blueprints), or choose --view map\n"
)


def test_a_journey_without_blueprint_lanes_is_a_usage_error_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import CLEAN_JOURNEY

    path = tmp_path / "clean.journey.yaml"
    path.write_text(CLEAN_JOURNEY)
    target = tmp_path / "clean.png"
    code, out, err = run(["render", str(path), "--view", "blueprint", "-o", str(target)], capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert err == (
        f"cjmap: error: {path} has no service blueprint: none of its stages fills in `evidence`, "
        "`frontstage`, `backstage` or `support`\n" + NO_LANES_HINT
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.journey.yaml"]
    code, out, err = run(["render", "-", "--view", "blueprint"], capsys, monkeypatch, stdin=CLEAN_JOURNEY)
    assert (code, out) == (2, "")
    assert err.endswith(NO_LANES_HINT) and "has no service blueprint" in err


def test_a_folder_draws_the_journeys_with_a_blueprint_and_names_the_others(
    streetlight: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import CLEAN_JOURNEY

    (tmp_path / "clean.journey.yaml").write_text(CLEAN_JOURNEY)
    out_dir = tmp_path / "out"
    code, _, err = run(["render", str(tmp_path), "--view", "blueprint", "--output-dir", str(out_dir),
                        "--format", "dot"], capsys, monkeypatch)
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["streetlight.blueprint.dot"]
    assert err.endswith(
        f"cjmap: warning: {tmp_path / 'clean.journey.yaml'}: not drawn, it has no service blueprint (no stage "
        "fills in `evidence`, `frontstage`, `backstage` or `support`); draw it with --view map\n"
        f"cjmap: wrote {out_dir / 'streetlight.blueprint.dot'}\n"
    )
    # A folder with no journey to draw is the usage error of one journey.
    streetlight.unlink()
    code, _, err = run(["render", str(tmp_path), "--view", "blueprint", "--output-dir", str(out_dir)],
                       capsys, monkeypatch)
    assert code == 2
    assert err == (
        f"cjmap: error: no journey in {tmp_path} has a service blueprint: none fills in `evidence`, "
        "`frontstage`, `backstage` or `support`\n" + NO_LANES_HINT
    )


def test_mermaid_has_no_blueprint(
    streetlight: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for args in (["--format", "mermaid"], ["-o", str(tmp_path / "blueprint.mmd")]):
        code, out, err = run(["render", str(streetlight), "--view", "blueprint", *args], capsys, monkeypatch)
        assert (code, out) == (2, "")
        assert err == (
            "cjmap: error: the blueprint view is drawn with Graphviz, not Mermaid: a Mermaid journey diagram "
            "has no lanes for the frontstage, backstage and support\n"
            "  hint: choose --format svg, png, pdf or dot for the blueprint, or leave out --view blueprint for "
            "the journey's Mermaid diagram\n"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["streetlight.journey.yaml"]
