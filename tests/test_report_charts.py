"""The report's emotion curve: a standalone, safe, deterministic SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from conftest import EXAMPLES

from cjmap import theme
from cjmap.engine import CheckOptions, check_bytes
from cjmap.i18n import translator
from cjmap.model import Stage
from cjmap.report.charts import emotion_curve
from cjmap.report.data import Moment, assemble

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '</text><script>alert(1)</script> & "quotes" <b>'
t = translator("en")


def moments_of(*stages: tuple[str, list[int]]) -> tuple[Moment, ...]:
    """Moments of stages named as given, one per score, numbered like steps."""
    found = []
    for number, (name, scores) in enumerate(stages, start=1):
        stage = Stage(id=f"s{number}", name=name)
        found += [Moment(stage, number, score, step, f"{name} step {step}") for step, score in enumerate(scores, 1)]
    return tuple(found)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def by_class(root: ET.Element, tag: str, name: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}{tag}") if name in e.get("class", "").split()]


def centres(root: ET.Element) -> list[tuple[float, float]]:
    return [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{SVG}circle")]


def example(name: str):
    path = EXAMPLES / name
    result = check_bytes(str(path), path.read_bytes(), CheckOptions())
    return assemble(result.journey, source=str(path), language=result.journey.language, findings=result.findings)


JOURNEY = moments_of(("Discover", [0, 1]), ("Compare", [1, -1]), ("Apply", [0, -1, -2]), ("Use", [2]))
LOWEST = (JOURNEY[6], JOURNEY[3], JOURNEY[5])  # −2 first, then the −1s in journey order


def test_a_standalone_svg_document():
    svg = emotion_curve(JOURNEY, LOWEST, t, title="Opening an account")
    root = parse(svg)
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    assert root.find(f"{SVG}title").text == "Opening an account"
    assert not svg.startswith("<?xml")
    # Nothing loaded from elsewhere, nothing run.
    assert "href" not in svg and "url(" not in svg and "@import" not in svg
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}style"))
    assert all(not name.startswith("on") for e in root.iter() for name in e.attrib)
    assert "Arial, Helvetica, sans-serif" in root.get("font-family")


def test_one_circle_per_moment_in_the_colour_of_its_score():
    root = parse(emotion_curve(JOURNEY, LOWEST, t, title="j"))
    circles = list(root.iter(f"{SVG}circle"))
    assert len(circles) == len(JOURNEY)
    assert [c.get("fill") for c in circles] == [theme.SCORE[m.score] for m in JOURNEY]
    # In journey order, left to right.
    xs = [x for x, _ in centres(root)]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)


def test_a_high_point_is_above_a_low_one():
    root = parse(emotion_curve(JOURNEY, LOWEST, t, title="j"))
    y = {m.score: cy for m, (_, cy) in zip(JOURNEY, centres(root))}
    assert y[2] < y[1] < y[0] < y[-1] < y[-2]  # SVG y grows downwards


def test_the_scale_is_labelled_in_the_reports_language():
    for language in ("en", "es", "ca"):
        words = translator(language)
        root = parse(emotion_curve(JOURNEY, LOWEST, words, title="j"))
        texts = [e.text for e in root.iter(f"{SVG}text")]
        for score in range(-2, 3):
            assert words(f"score.{score}") in texts
    root = parse(emotion_curve(JOURNEY, LOWEST, t, title="j"))
    scale = {e.text: float(e.get("y")) for e in by_class(root, "g", "scale")[0].iter(f"{SVG}text")}
    assert scale["very positive"] < scale["neutral"] < scale["very negative"]


def test_the_lowest_moments_are_called_out_with_their_numbers():
    root = parse(emotion_curve(JOURNEY, LOWEST, t, title="j"))
    callouts = by_class(root, "g", "callout")
    assert [c.find(f"{SVG}text").text for c in callouts] == ["1", "2", "3"]
    points = centres(root)
    for callout, moment in zip(callouts, LOWEST):
        px, py = points[JOURNEY.index(moment)]
        # The ring: two arcs from its leftmost point, "M{x},{y} a{r},{r} …", around the point.
        ring = re.match(r"M(-?[\d.]+),(-?[\d.]+) a([\d.]+),", callout.find(f"{SVG}path").get("d"))
        left, y, radius = (float(v) for v in ring.groups())
        assert (left + radius, y) == pytest.approx((px, py), abs=0.11)
        assert callout.find(f"{SVG}path").get("stroke") == theme.SCORE[moment.score]
        badge = callout.find(f"{SVG}rect")
        bx = float(badge.get("x")) + float(badge.get("width")) / 2
        by = float(badge.get("y")) + float(badge.get("height")) / 2
        assert ((bx - px) ** 2 + (by - py) ** 2) ** 0.5 < 30  # next to its point


def test_no_lowest_moments_no_callouts():
    root = parse(emotion_curve(JOURNEY, (), t, title="j"))
    assert by_class(root, "g", "callout") == []
    assert len(list(root.iter(f"{SVG}circle"))) == len(JOURNEY)


def test_stages_are_bands_with_their_number_and_name():
    root = parse(emotion_curve(JOURNEY, LOWEST, t, title="j"))
    stages = by_class(root, "g", "stage")
    assert len(stages) == 4
    texts = [[e.text for e in stage.iter(f"{SVG}text")] for stage in stages]
    assert [words[0] for words in texts] == ["1", "2", "3", "4"]
    assert [" ".join(words[1:]) for words in texts] == ["Discover", "Compare", "Apply", "Use"]
    fills = [stage.find(f"{SVG}rect").get("fill") for stage in stages]
    assert fills[0] == fills[2] != fills[1] == fills[3]  # alternating
    # Each band holds its own moments.
    points = centres(root)
    for stage in stages:
        band = stage.find(f"{SVG}rect")
        left, width = float(band.get("x")), float(band.get("width"))
        number = int(texts[stages.index(stage)][0])
        inside = [x for (x, _), m in zip(points, JOURNEY) if m.stage_number == number]
        assert inside and all(left < x < left + width for x in inside)


def test_a_long_stage_name_is_wrapped_and_cut_with_an_ellipsis():
    name = "Makes the bank the main account and recommends it to friends family and colleagues"
    root = parse(emotion_curve(moments_of((name, [1])) + moments_of(("x", [0]) ,("y", [0])), (), t, title="j"))
    lines = [e.text for e in by_class(root, "g", "stage")[0].iter(f"{SVG}text")][1:]
    assert 1 < len(lines) <= 2
    assert lines[-1].endswith("…")
    assert name.startswith(" ".join(lines)[:-1].rstrip())


def test_hostile_text_is_shown_as_written_and_never_becomes_markup():
    moments = moments_of((HOSTILE, [1, -2]), ("Fine", [0]))
    moments = moments[:1] + (Moment(moments[1].stage, 1, -2, 2, HOSTILE),) + moments[2:]
    svg = emotion_curve(moments, moments[1:2], t, title=HOSTILE)
    root = parse(svg)
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}b"))
    assert "<script" not in svg and "<b>" not in svg
    assert root.find(f"{SVG}title").text == HOSTILE
    # The stage name, in full in the band's tooltip and on screen, wrapped or cut.
    stage = by_class(root, "g", "stage")[0]
    assert stage.find(f"{SVG}title").text == f"1. {HOSTILE}"
    shown = " ".join(e.text for e in list(stage.iter(f"{SVG}text"))[1:])
    assert HOSTILE.startswith(shown.rstrip("…").rstrip()) and len(shown) > 10
    # The moment's own text in its point's tooltip.
    tooltips = [c.find(f"{SVG}title").text for c in root.iter(f"{SVG}circle")]
    assert tooltips[1] == f"1.2 {HOSTILE} (very negative)"


def test_characters_xml_forbids_are_dropped():
    moments = moments_of(("Bell\x07 and \x00null\ufffe", [0]))
    root = parse(emotion_curve(moments, (), t, title="a\x01b"))
    assert root.find(f"{SVG}title").text == "ab"


def test_same_input_same_bytes():
    first = emotion_curve(JOURNEY, LOWEST, t, title="j")
    again = emotion_curve(moments_of(("Discover", [0, 1]), ("Compare", [1, -1]), ("Apply", [0, -1, -2]), ("Use", [2])),
                          LOWEST, t, title="j")
    assert first == again
    numbers = re.findall(r'(?:x|y|cx|cy|r|width|height)="(-?[\d.]+)"', first)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d)?", n) for n in numbers)


def test_no_moments_draws_the_empty_scale():
    svg = emotion_curve((), (), t, title="Empty")
    root = parse(svg)
    assert not list(root.iter(f"{SVG}circle")) and not by_class(root, "path", "curve")
    assert len(list(root.iter(f"{SVG}line"))) == 5
    assert root.find(f"{SVG}title").text == "Empty"
    texts = {e.text for e in root.iter(f"{SVG}text")}
    assert texts == {t(f"score.{s}") for s in range(-2, 3)}  # no words of its own
    assert svg == emotion_curve((), (), t, title="Empty")


def test_one_moment():
    moments = moments_of(("Only", [-1]))
    root = parse(emotion_curve(moments, moments, t, title="j"))
    assert len(list(root.iter(f"{SVG}circle"))) == 1
    assert not by_class(root, "path", "curve")
    assert [c.find(f"{SVG}text").text for c in by_class(root, "g", "callout")] == ["1"]


def test_width_grows_with_the_moments_up_to_a_cap():
    def width(count: int) -> float:
        moments = moments_of(*[(f"Stage {n}", [n % 5 - 2]) for n in range(count)])
        return float(parse(emotion_curve(moments, (), t, title="j")).get("viewBox").split()[2])

    assert width(1) == width(3)  # a minimum width
    assert width(3) < width(10) < width(14)
    assert width(40) == width(100)  # a cap: the points get closer
    root = parse(emotion_curve(moments_of(*[(f"S{n}", [0]) for n in range(100)]), (), t, title="j"))
    assert len(list(root.iter(f"{SVG}circle"))) == 100
    assert float(root.get("height")) == float(parse(emotion_curve(JOURNEY, (), t, title="j")).get("height"))


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.journey.yaml")))
def test_the_examples(name):
    report = example(name)
    words = translator(report.language)
    svg = emotion_curve(report.moments, report.lowest, words, title=report.journey.title)
    root = parse(svg)
    assert len(list(root.iter(f"{SVG}circle"))) == len(report.moments)
    assert len(by_class(root, "g", "callout")) == len(report.lowest)
    assert len(by_class(root, "g", "stage")) == len({m.stage_number for m in report.moments})
    assert words("score.-2") in {e.text for e in root.iter(f"{SVG}text")}


def test_a_huge_single_word_is_cut_to_what_can_be_shown() -> None:
    from cjmap.report.charts import _fit

    lines = _fit("x" * 40_000, 100, 11, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert sum(len(line) for line in lines) < 100
