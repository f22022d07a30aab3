"""`cjmap render --view portfolio`: every journey of a folder, or of a journey
file's workspace, in one picture: journeys, the arrows of their links, and the
personas and teams they share.

The golden file tests/golden/render/portfolio.dot is the portfolio of
tests/fixtures/workspace. After a wanted change of the picture, rewrite it
and review the diff:

    CJMAP_UPDATE_GOLDEN=1 python -m pytest tests/test_render_portfolio.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from cjmap.i18n import translator
from cjmap.model import Journey
from cjmap.render import portfolio_view
from cjmap.render.portfolio_view import FANOUT, join_budget, portfolio

from conftest import ROOT, run_cli
from test_render_views import HOSTILE_BOTH_VIEWS, INJECTED, PNG_SIGNATURE, shows, svg_text
from test_render_views import engine_name  # noqa: F401 - the fixture of both engines, `dot` required

WORKSPACE = ROOT / "tests" / "fixtures" / "workspace"
GOLDEN = ROOT / "tests" / "golden" / "render" / "portfolio.dot"
UPDATE = os.environ.get("CJMAP_UPDATE_GOLDEN") == "1"
TITLES = ["Signing up", "The first week", "Renewal", "Making a complaint"]
REFUSED = "cjmap: not drawn, fix the errors first: "
JOINS = re.compile(r"^\t(persona\d+ -> journey\d+|journey\d+ -> team\d+) ", re.MULTILINE)
ARROWS = re.compile(r"^\tjourney(\d+) -> (journey|missing)(\d+) ", re.MULTILINE)


def run(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        stdin: str = "") -> tuple[int, str, str]:
    return run_cli(["render", "--view", "portfolio", *args], capsys, monkeypatch, stdin=stdin)


def last_line(err: str) -> str:
    """The closing words: drafts' findings come before them."""
    return err.rstrip("\n").rsplit("\n", 1)[-1]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the fixture workspace: four journeys, a catalog, links."""
    copy = tmp_path / "ws"
    shutil.copytree(WORKSPACE, copy)
    return copy


def write(path: Path, data: dict[str, Any]) -> Path:
    """A journey or a catalog as JSON, which is YAML."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def journey(ident: str, title: str, *, links: Sequence[str] = (), step_links: Sequence[str] = (),
            **more: Any) -> dict[str, Any]:
    """A small journey with two stages, `s0` (holding the links) and `s1`."""
    return {
        "cjmap": 1, "id": ident, "title": title, **more,
        "stages": [
            {"id": "s0", "name": f"First stage of {ident}", "links": list(links),
             "steps": [{"text": "Looks around", "links": list(step_links)}]},
            {"id": "s1", "name": f"Second stage of {ident}"},
        ],
    }


def svg_of(path: Path) -> ET.Element:
    return ET.fromstring(path.read_bytes())


def drawn_nodes(root: ET.Element) -> list[str]:
    """The names of the nodes an SVG of Graphviz draws (its <title>s)."""
    ns = "{http://www.w3.org/2000/svg}"
    return [group.findtext(f"{ns}title") or "" for group in root.iter(f"{ns}g") if group.get("class") == "node"]


# --- the fixture workspace --------------------------------------------------------


def test_the_fixture_workspace_matches_the_golden_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "portfolio.dot"
    code, _, err = run([str(WORKSPACE), "-o", str(target)], capsys, monkeypatch)
    assert (code, last_line(err)) == (0, f"cjmap: wrote {target}")
    dot = target.read_text(encoding="utf-8")
    if UPDATE:
        GOLDEN.write_text(dot, encoding="utf-8")
    assert GOLDEN.exists(), f"no golden file {GOLDEN}: run with CJMAP_UPDATE_GOLDEN=1 to write it"
    assert dot == GOLDEN.read_text(encoding="utf-8"), (
        f"{GOLDEN.name} differs; if the change is wanted, rerun with CJMAP_UPDATE_GOLDEN=1 and review the diff"
    )


def test_colours_are_six_digit_hex() -> None:
    colours = re.findall(r'(?i)color="?(#[0-9a-f]*)', GOLDEN.read_text(encoding="utf-8"))
    assert colours and all(len(colour) == 7 for colour in colours)


def test_the_fixture_shows_its_links_and_what_its_journeys_share() -> None:
    from cjmap.journey_command import JourneyRequest, read_journeys

    journeys = read_journeys(JourneyRequest(str(WORKSPACE)), each="one portfolio")
    assert journeys.refused == []
    drawn = portfolio([checked.journey for checked in journeys.checked])
    ids = [j.id for j in drawn.journeys]
    assert ids == ["complaint", "first-week", "renewal", "signup"]
    arrows = {(ids[a.source], a.target): (a.count, a.stages) for a in drawn.arrows}
    assert arrows == {
        ("first-week", "signup"): (1, []),  # a stage's link to a whole journey
        ("first-week", "renewal"): (1, []),  # a step's link
        ("signup", "first-week"): (1, ["Welcome call"]),  # to a stage: its name
    }
    assert drawn.missing == []
    joined = {(e.kind, e.id): sorted(ids[n] for n in e.users) for e in drawn.joined}
    assert joined == {
        ("persona", "amina"): ["first-week", "signup"],
        ("persona", "david"): ["first-week", "renewal"],
        ("team", "support"): ["first-week", "renewal", "signup"],  # owners of stages and touchpoints count
        ("team", "product"): ["first-week", "signup"],
        ("team", "marketing"): ["renewal", "signup"],
    }
    # Carla and the complaints desk belong to the complaint journey alone: not shared, not drawn.
    assert drawn.listed == []


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_the_fixture_draws_with_each_engine(suffix: str, engine_name: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / f"portfolio{suffix}"
    code, _, err = run([str(WORKSPACE), "-o", str(target), "--engine", engine_name], capsys, monkeypatch)
    assert (code, last_line(err)) == (0, f"cjmap: wrote {target}")
    if suffix == ".png":
        assert target.read_bytes().startswith(PNG_SIGNATURE)
        return
    root = svg_of(target)
    text = svg_text(target.read_bytes())
    assert all(shows(text, title) for title in TITLES)
    assert all(shows(text, name) for name in ("Amina, new customer", "Marketing", "Welcome call"))
    assert sorted(drawn_nodes(root)) == sorted(
        [f"journey{n}" for n in range(4)] + ["persona0", "persona1", "team0", "team1", "team2"])


# --- names, formats, exit codes -------------------------------------------------------


def test_default_name_in_the_folder_and_the_format_from_format_or_suffix(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = set(workspace.rglob("*"))
    code, out, err = run([str(workspace)], capsys, monkeypatch)
    assert (code, out, last_line(err)) == (0, "", f"cjmap: wrote {workspace / 'portfolio.svg'}")
    assert svg_of(workspace / "portfolio.svg") is not None
    code, _, err = run([str(workspace), "--format", "png"], capsys, monkeypatch)
    assert (code, last_line(err)) == (0, f"cjmap: wrote {workspace / 'portfolio.png'}")
    # One file for the whole folder, and nothing else.
    assert set(workspace.rglob("*")) - before == {workspace / "portfolio.svg", workspace / "portfolio.png"}

    out_dir = tmp_path / "out"
    code, _, err = run([str(workspace), "--output-dir", str(out_dir), "--format", "dot"], capsys, monkeypatch)
    assert (code, last_line(err)) == (0, f"cjmap: wrote {out_dir / 'portfolio.dot'}")
    assert [p.name for p in out_dir.iterdir()] == ["portfolio.dot"]

    # -o names the one file, even for a folder; its suffix chooses the format.
    for name, start in (("all.gv", b"digraph portfolio {"), ("all.pdf", b"%PDF-"), ("all.png", PNG_SIGNATURE)):
        code, _, err = run([str(workspace), "-o", str(tmp_path / name)], capsys, monkeypatch)
        assert (code, last_line(err)) == (0, f"cjmap: wrote {tmp_path / name}")
        assert (tmp_path / name).read_bytes().startswith(start)


def test_standard_output(workspace: Path, capsys: pytest.CaptureFixture[str],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run([str(workspace), "-o", "-", "--format", "dot"], capsys, monkeypatch)
    assert code == 0 and out.startswith("digraph portfolio {") and "cjmap: wrote" not in err
    assert not (workspace / "portfolio.dot").exists()


def test_a_journey_file_draws_its_whole_workspace(workspace: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["ws/journeys/signup.journey.yaml"], capsys, monkeypatch)
    # The workspace root (where cjmap.toml is), shown from the current folder.
    assert (code, last_line(err)) == (0, "cjmap: wrote ws/portfolio.svg")
    text = svg_text((workspace / "portfolio.svg").read_bytes())
    assert all(shows(text, title) for title in TITLES)
    assert not (workspace / "journeys" / "portfolio.svg").exists()

    # From outside the workspace, its root is named in full.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, _, err = run([str(workspace / "journeys" / "renewal.journey.yaml"), "--format", "dot"], capsys,
                       monkeypatch)
    assert (code, last_line(err)) == (0, f"cjmap: wrote {workspace.resolve() / 'portfolio.dot'}")
    assert (workspace / "portfolio.dot").read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")


def test_a_journey_with_a_broken_structure_is_left_out_and_named(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = workspace / "journeys" / "broken.journey.yaml"
    broken.write_text("cjmap: 1\nid: broken\ntitle: Broken journey\nstages: []\n", encoding="utf-8")
    target = tmp_path / "portfolio.dot"
    code, _, err = run([str(workspace), "-o", str(target)], capsys, monkeypatch)
    assert code == 1
    assert f"cjmap: wrote {target}\n" in err
    assert last_line(err) == REFUSED + str(broken)
    dot = target.read_text(encoding="utf-8")
    assert "Broken journey" not in dot
    # The others are drawn as they are without it.
    assert dot == GOLDEN.read_text(encoding="utf-8")


def test_nothing_to_draw(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run([str(empty)], capsys, monkeypatch)
    assert code == 0 and f"no journey files found in {empty}" in err
    assert list(empty.iterdir()) == []

    broken = write(tmp_path / "only" / "broken.journey.yaml", {"cjmap": 1, "id": "broken", "title": "B"})
    code, _, err = run([str(broken.parent)], capsys, monkeypatch)
    assert (code, last_line(err)) == (1, REFUSED + str(broken))
    assert list(broken.parent.iterdir()) == [broken]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "mermaid"], "the portfolio view is drawn with Graphviz, not Mermaid"),
        (["-o", "portfolio.mmd"], "the portfolio view is drawn with Graphviz, not Mermaid"),
        (["--segment", "loyal"], "--segment does not apply to the portfolio view"),
    ],
)
def test_what_a_portfolio_cannot_be_is_a_usage_error(
    args: list[str], message: str, workspace: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(workspace)
    before = set(workspace.rglob("*"))
    code, out, err = run([".", *args], capsys, monkeypatch)
    assert (code, out) == (2, "")
    assert err.startswith(f"cjmap: error: {message}") and "\n  hint: " in err
    assert set(workspace.rglob("*")) == before


def test_standard_input_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(["-"], capsys, monkeypatch, stdin=(WORKSPACE / "journeys" / "complaint.journey.yaml")
                         .read_text(encoding="utf-8"))
    assert (code, out) == (2, "")
    assert err.startswith("cjmap: error: the portfolio view draws the journeys of a folder, not standard input")


def test_a_link_to_a_journey_outside_the_picture_is_a_dashed_arrow_to_a_missing_box(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = tmp_path / "ws"
    (ws / "cjmap.toml").parent.mkdir()
    (ws / "cjmap.toml").write_text("", encoding="utf-8")
    write(ws / "a" / "one.journey.yaml", journey("one", "One", links=["two"], step_links=["two#s1", "one#s1"]))
    write(ws / "b" / "two.journey.yaml", journey("two", "Two"))
    target = tmp_path / "a.dot"
    code, _, err = run([str(ws / "a"), "-o", str(target)], capsys, monkeypatch)
    assert (code, last_line(err)) == (0, f"cjmap: wrote {target}")
    dot = target.read_text(encoding="utf-8")
    # Two links to `two` are one dashed arrow to the box named `two`; the
    # stage of a journey not drawn is named by its id.
    (arrow,) = [line for line in dot.splitlines() if "journey0 -> missing0" in line]
    assert 'style=dashed' in arrow and "2 links" in arrow and ">s1<" in arrow
    assert re.search(r"missing0 \[label=<.*>two<.*not in this picture", dot)
    # A link to one's own stage is a loop, labelled with the stage's name.
    (loop,) = [line for line in dot.splitlines() if "journey0 -> journey0" in line]
    assert "Second stage of one" in loop and "style=dashed" not in loop
    # With the whole workspace, `two` is drawn and the arrow is solid.
    code, _, _ = run([str(ws), "-o", str(target)], capsys, monkeypatch)
    dot = target.read_text(encoding="utf-8")
    assert code == 0 and "missing" not in dot
    (arrow,) = [line for line in dot.splitlines() if "journey0 -> journey1" in line]
    assert "Second stage of two" in arrow and "style=dashed" not in arrow


@pytest.mark.parametrize(("args", "first", "title"), [
    ([], "ca", "Cartera de recorreguts"),  # the first journey's language
    (["--lang", "es"], "ca", "Cartera de recorridos"),
    ([], None, "Journey portfolio"),
])
def test_the_language_is_lang_else_the_first_journeys(
    args: list[str], first: str | None, title: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    language = {"language": first} if first else {}
    write(tmp_path / "ws" / "a.journey.yaml", journey("a", "A", links=["b"], **language))
    write(tmp_path / "ws" / "b.journey.yaml", journey("b", "B", language="es"))
    target = tmp_path / "p.dot"
    code, _, _ = run([str(tmp_path / "ws"), "-o", str(target), *args], capsys, monkeypatch)
    assert code == 0 and f"<B>{title}</B>" in target.read_text(encoding="utf-8")


# --- thirty journeys -------------------------------------------------------------------

MANY = 30


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace of thirty journeys: chains of links (some to stages, some
    twice between the same two journeys), islands, a catalog of personas and
    teams that some journeys share and two personas that most of them do."""
    ws = tmp_path_factory.mktemp("many")
    (ws / "cjmap.toml").write_text("", encoding="utf-8")
    write(ws / "shared" / "people.catalog.yaml", {
        "cjmap": 1, "kind": "catalog", "id": "people",
        "personas": [{"id": f"p{n}", "name": f"Persona {n}"} for n in range(10)],
        "teams": [{"id": f"t{n}", "name": f"Team {n}"} for n in range(12)],
    })
    for n in range(MANY):
        following = f"j{n + 1:02d}"
        links = [following] if n % 5 != 4 and n < MANY - 1 else []  # chains of five
        step_links = [f"{following}#s0"] if n % 5 == 0 else []  # the same two journeys, twice
        if n % 7 == 0 and n + 3 < MANY:
            links.append(f"j{n + 3:02d}#s1")
        personas = ["everyone", "most"] if n % 10 else ["everyone"]
        personas += [f"p{n % 10}"]
        write(ws / "journeys" / f"j{n:02d}.journey.yaml", {
            **journey(f"j{n:02d}", f"Journey {n} of the customer, with a title long enough to wrap",
                      links=links, step_links=step_links, owner=f"t{n % 12}"),
            "catalogs": ["../shared/people.catalog.yaml"],
            "personas": [p if p.startswith("p") else {"id": p, "name": f"{p.capitalize()} persona"}
                         for p in personas],
        })
    return ws


@pytest.fixture(scope="module")
def many_dot(many: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("many-out") / "portfolio.dot"
    done = subprocess.run(
        [sys.executable, "-m", "cjmap", "render", "--view", "portfolio", str(many), "-o", str(target)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    return target.read_text(encoding="utf-8")


def test_thirty_journeys_stay_readable(many_dot: str) -> None:
    dot = many_dot
    # Journeys flow left to right along their links.
    assert "rankdir=LR" in dot and "newrank=true" in dot
    assert len(re.findall(r"^\tjourney\d+ \[", dot, flags=re.MULTILINE)) == MANY
    # Links between two journeys are one arrow: no pair twice.
    arrows = ARROWS.findall(dot)
    assert len(arrows) == len(set(arrows)) == 29 - 5 + 4  # chains, minus their ends, plus the jumps by three
    assert dot.count(">2 links<") == 6
    # Personas and teams: never more joins than the budget, none with more than FANOUT.
    joins = JOINS.findall(dot)
    assert 0 < len(joins) <= join_budget(MANY)
    ends = [end for join in joins for end in join.split(" -> ") if not end.startswith("journey")]
    assert max(ends.count(end) for end in set(ends)) <= FANOUT
    # The two personas nearly every journey walks are listed, with how many.
    for name, count in (("Everyone persona", MANY), ("Most persona", MANY - 3)):
        assert re.search(rf">{name}</FONT></TD><TD[^>]*><FONT[^>]*>{count} of {MANY} journeys<", dot)


def test_thirty_journeys_bound_the_joins_however_much_they_share() -> None:
    journeys = [
        Journey.model_validate({
            **journey(f"j{n:02d}", f"J{n}", owner=f"t{n % 3}"),
            "personas": [{"id": f"p{k}", "name": f"P{k}"} for k in range(12) if (n + k) % 4],
            "teams": [{"id": f"t{k}", "name": f"T{k}"} for k in range(3)],
        })
        for n in range(MANY)
    ]
    drawn = portfolio(journeys)
    joins = sum(len(entity.users) for entity in drawn.joined)
    assert joins <= join_budget(MANY)
    assert all(2 <= len(entity.users) <= FANOUT for entity in drawn.joined)
    # Nothing shared is lost: what is not joined is listed.
    assert len(drawn.joined) + len(drawn.listed) == 12 + 3
    dot = portfolio_view.build(journeys, translator("en"))
    assert len(JOINS.findall(dot)) == joins


def test_thirty_journeys_draw_with_the_real_dot(many_dot: str) -> None:
    dot = shutil.which("dot")
    assert dot is not None, "the system Graphviz `dot` is needed: apt-get install graphviz"
    done = subprocess.run([dot, "-Tsvg"], input=many_dot.encode("utf-8"), capture_output=True, timeout=120,
                          check=False)
    # The DOT is sound: dot reads it without a warning.
    assert (done.returncode, done.stderr.decode("utf-8", "replace")) == (0, "")
    _check_drawn(ET.fromstring(done.stdout), done.stdout)


def test_thirty_journeys_draw_with_graphviz_pure_when_dot_is_missing(
    many: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("dot") is None
    target = tmp_path / "portfolio.svg"
    code, _, err = run([str(many), "-o", str(target)], capsys, monkeypatch)
    assert (code, last_line(err)) == (0, f"cjmap: wrote {target}")
    picture = target.read_bytes()
    _check_drawn(ET.fromstring(picture), picture)
    # The same picture as asking for graphviz-pure by name.
    again = tmp_path / "again.svg"
    run([str(many), "-o", str(again), "--engine", "graphviz-pure"], capsys, monkeypatch)
    assert again.read_bytes() == picture


def _check_drawn(root: ET.Element, picture: bytes) -> None:
    nodes = drawn_nodes(root)
    assert sum(name.startswith("journey") for name in nodes) == MANY
    text = svg_text(picture)
    assert all(shows(text, f"Journey {n} of the customer") for n in range(MANY))
    width, height = (float(root.get(side, "0").removesuffix("pt")) for side in ("width", "height"))
    assert 500 < width < 8000 and 300 < height < 4000, (width, height)


# --- hostile text ------------------------------------------------------------------------


def test_hostile_titles_and_names_are_shown_as_written(engine_name: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    texts = HOSTILE_BOTH_VIEWS
    people = [{"id": f"p{n}", "name": text} for n, text in enumerate(texts)]
    teams = [{"id": text, "name": text} for text in texts]
    for ident, other in (("one", "two"), ("two", "one")):
        data = journey(ident, texts[0] if ident == "one" else texts[1], links=[f"{other}#s1"],
                       owner=texts[2], personas=people, teams=teams)
        data["stages"][1]["name"] = texts[3] if ident == "one" else texts[4]
        data["stages"][0]["owner"] = texts[5]
        data["stages"][1]["owner"] = texts[6]
        write(tmp_path / "ws" / f"{ident}.journey.yaml", data)
    target = tmp_path / "portfolio.svg"
    code, _, err = run([str(tmp_path / "ws"), "-o", str(target), "--engine", engine_name], capsys, monkeypatch)
    assert (code, last_line(err)) == (0, f"cjmap: wrote {target}")
    picture = target.read_bytes()
    root = ET.fromstring(picture)  # parses: nothing broke the XML
    assert {element.tag.rsplit("}", 1)[-1] for element in root.iter()} & INJECTED == set()
    assert b"<script" not in picture and b"<b>" not in picture
    text = svg_text(picture)
    assert [t for t in texts if not shows(text, t)] == []
