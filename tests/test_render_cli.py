"""`cjmap render` end to end: every example, format and engine; errors, names,
segments, languages, and files that are written whole or not at all."""

from __future__ import annotations

import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cjmap import writes
from cjmap.render import engine, picture as pictures
from cjmap.render.views import VIEWS

from conftest import CLEAN_JOURNEY, EXAMPLES, journey_of_file, run_cli

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.journey.yaml"))
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


run = run_cli


@pytest.fixture
def without_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Hide the system `dot`: PATH keeps only a folder without it."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("dot") is None


def test_the_system_dot_is_installed_for_these_tests() -> None:
    assert shutil.which("dot"), "install Graphviz (apt-get install graphviz): .ci/run does"


def _stage_names(path: Path) -> list[str]:
    return [stage.name for stage in journey_of_file(path).stages]


def _svg_text(data: bytes) -> str:
    root = ET.fromstring(data)
    words = " ".join("".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text"))
    return " ".join(words.split())


@pytest.mark.parametrize("engine_name", ["dot", "graphviz-pure"])
# The blueprint view draws only journeys with a blueprint, and refuses the
# others: test_render_blueprint.py draws the example that has one, and the refusal.
@pytest.mark.parametrize("view", [view for view in VIEWS if view != "blueprint"])
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_example_draws_as_svg_and_png_with_each_engine(
    path: Path, view: str, engine_name: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    svg, png = tmp_path / "map.svg", tmp_path / "map.png"
    for target in (svg, png):
        code, _, err = run(["render", str(path), "-o", str(target), "--view", view,
                            "--engine", engine_name], capsys, monkeypatch)
        assert (code, err) == (0, f"cjmap: wrote {target}\n")
    text = _svg_text(svg.read_bytes())
    for name in _stage_names(path):
        assert " ".join(name.split()) in text or all(word in text for word in name.split())
    data = png.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert 200 < width < 20_000 and 100 < height < 20_000


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_example_draws_as_pdf_dot_and_mermaid(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for suffix, start in ((".pdf", b"%PDF-"), (".dot", b"digraph"), (".gv", b"digraph"),
                          (".mmd", b"journey\n")):
        target = tmp_path / f"picture{suffix}"
        assert run(["render", str(path), "-o", str(target)], capsys, monkeypatch)[0] == 0
        assert target.read_bytes().startswith(start), suffix


def test_pdf_without_the_system_dot_is_a_usage_error_that_says_how_to_get_it(
    without_dot: None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "map.pdf"
    code, _, err = run(["render", str(EXAMPLE_FILES[0]), "-o", str(target)], capsys, monkeypatch)
    assert code == 2
    assert err.startswith("cjmap: error: PDF needs the `dot` program of Graphviz, which is not installed\n")
    assert "apt-get install graphviz" in err and "brew install graphviz" in err
    assert not target.exists()


def test_auto_uses_graphviz_pure_when_dot_is_missing(without_dot: None) -> None:
    assert engine.find_engine("auto", "svg")[0] == "graphviz-pure"
    assert engine.find_engine("auto", "png")[0] == "graphviz-pure"
    with pytest.raises(engine.EngineMissing):
        engine.find_engine("dot", "svg")


def test_auto_prefers_the_system_dot() -> None:
    assert engine.find_engine("auto", "svg") == ("dot", shutil.which("dot"))


def test_the_same_picture_from_either_engine(tmp_path: Path) -> None:
    """Same layout engine family, same fonts: the same text at the same size."""
    from cjmap.engine import CheckOptions, check_bytes

    journey = check_bytes("x", EXAMPLE_FILES[0].read_bytes(), CheckOptions()).journey
    drawn = {
        name: pictures.picture(journey, output_format="svg", view="map", language="en", engine=name)
        for name in ("dot", "graphviz-pure")
    }
    texts = {name: _svg_text(svg) for name, svg in drawn.items()}
    assert texts["dot"] == texts["graphviz-pure"]


def test_the_format_follows_the_suffix_and_an_unknown_suffix_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(["render", str(EXAMPLE_FILES[0]), "-o", str(tmp_path / "map.jpeg")], capsys, monkeypatch)
    assert code == 2
    assert err.startswith(f"cjmap: error: cannot tell the format from the name {tmp_path / 'map.jpeg'}\n")
    target = tmp_path / "map.txt"
    assert run(["render", str(EXAMPLE_FILES[0]), "-o", str(target), "--format", "dot"], capsys, monkeypatch)[0] == 0
    assert target.read_text().startswith("digraph")


def test_standard_output_and_default_names_beside_the_journey(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["render", str(EXAMPLE_FILES[0]), "-o", "-", "--format", "mermaid"], capsys, monkeypatch)
    assert code == 0 and out.startswith("journey\n")
    copy = tmp_path / "shop.journey.yaml"
    copy.write_text(CLEAN_JOURNEY)
    assert run(["render", str(copy)], capsys, monkeypatch)[0] == 0
    assert run(["render", str(copy), "--view", "flow", "--format", "dot"], capsys, monkeypatch)[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop.flow.dot", "shop.journey.yaml", "shop.svg"]


def test_a_folder_renders_every_journey_into_the_output_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "journeys"
    (source / "team").mkdir(parents=True)
    (source / "a.journey.yaml").write_text(CLEAN_JOURNEY)
    (source / "team" / "a.journey.yml").write_text(CLEAN_JOURNEY)
    out = tmp_path / "out"
    code, _, err = run(["render", str(source), "--output-dir", str(out), "--format", "dot"], capsys, monkeypatch)
    assert code == 0
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.dot")) == ["a.dot", "team/a.dot"]
    assert err.count("cjmap: wrote ") == 2
    code, _, err = run(["render", str(source), "-o", str(tmp_path / "x.svg")], capsys, monkeypatch)
    assert code == 2 and "use --output-dir DIR" in err


def test_a_draft_is_drawn_and_its_findings_are_said_as_validate_quiet_says_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = tmp_path / "b.journey.yaml"
    draft.write_text(CLEAN_JOURNEY.replace("    needs: [Compare offers]\n", ""))
    target = tmp_path / "b.svg"
    code, out, err = run(["render", str(draft), "-o", str(target)], capsys, monkeypatch)
    assert code == 0 and out == ""
    assert err == f"{draft}:19:5 CJ101 error stage 'compare' has no needs\ncjmap: wrote {target}\n"
    assert target.read_bytes().startswith(b"<?xml")
    _, quiet, _ = run(["validate", str(draft), "--quiet"], capsys, monkeypatch)
    assert err.startswith(quiet)


@pytest.mark.parametrize("fail_on", [[], ["--fail-on", "error"], ["--fail-on", "info"]])
def test_strict_refuses_a_journey_validate_would_fail(
    fail_on: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = tmp_path / "b.journey.yaml"
    draft.write_text(CLEAN_JOURNEY.replace("    needs: [Compare offers]\n", ""))
    target = tmp_path / "b.svg"
    code, out, err = run(["render", str(draft), "-o", str(target), "--strict", *fail_on], capsys, monkeypatch)
    assert code == 1 and out == ""
    assert err.startswith(f"{draft}:19:5 CJ101 error stage 'compare' has no needs\n")
    assert err.endswith(f"cjmap: not drawn with --strict, fix the findings first: {draft}\n")
    assert not target.exists()


def test_strict_draws_a_journey_whose_findings_are_below_the_fail_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    journey = tmp_path / "w.journey.yaml"
    journey.write_text(CLEAN_JOURNEY.replace(", due: 2027-01-31}", "}", 1))  # CJ105, a warning
    target = tmp_path / "w.svg"
    code, _, err = run(["render", str(journey), "-o", str(target), "--strict"], capsys, monkeypatch)
    assert code == 0, err
    assert "CJ105 warning" in err and target.exists()
    target.unlink()
    code, _, err = run(["render", str(journey), "-o", str(target), "--strict", "--fail-on", "warning"],
                       capsys, monkeypatch)
    assert code == 1 and not target.exists()


def test_a_journey_whose_structure_is_broken_is_not_drawn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "b.journey.yaml"
    broken.write_text(CLEAN_JOURNEY.replace("owner: cx}", "owner: nobody}", 1))
    target = tmp_path / "b.svg"
    code, out, err = run(["render", str(broken), "-o", str(target)], capsys, monkeypatch)
    assert code == 1 and out == ""
    assert " CJ004 error " in err
    assert err.endswith(f"cjmap: not drawn, fix the errors first: {broken}\n")
    assert not target.exists()


def test_warnings_do_not_stop_a_picture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.journey.yaml"
    path.write_text(CLEAN_JOURNEY.replace(", due: 2027-01-31}", "}", 1))  # CJ105 is a warning
    assert run(["render", str(path), "-o", str(tmp_path / "w.dot")], capsys, monkeypatch)[0] == 0


def test_the_output_may_not_be_the_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.journey.yaml"
    path.write_text(CLEAN_JOURNEY)
    code, _, err = run(["render", str(path), "-o", str(path), "--format", "dot"], capsys, monkeypatch)
    assert code == 2
    assert err.startswith(f"cjmap: error: the output {path} is the journey being read\n")
    assert path.read_text() == CLEAN_JOURNEY


SEGMENTED = CLEAN_JOURNEY.replace(
    "stages:\n",
    "segments:\n  - {id: young, name: Young}\n  - {id: senior, name: Senior}\nstages:\n",
).replace(
    "    needs: [Know the price]",
    "    needs:\n      - Know the price\n      - {text: Pay by phone, segments: [young]}\n"
    "      - {text: Talk to someone, segments: [senior]}",
)


def test_segment_keeps_unscoped_items_and_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.journey.yaml"
    path.write_text(SEGMENTED)
    code, out, _ = run(["render", str(path), "-o", "-", "--format", "dot", "--segment", "young"],
                       capsys, monkeypatch)
    assert code == 0
    assert "Know the price" in out and "Pay by phone" in out and "Talk to someone" not in out
    code, _, err = run(["render", str(path), "-o", "-", "--segment", "yuong"], capsys, monkeypatch)
    assert code == 2
    assert err.startswith("cjmap: error: the journey 'clean' has no segment `yuong`; did you mean `young`?\n")
    assert "defined segments: `young`, `senior`" in err


def test_lang_overrides_the_journey_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    english = EXAMPLES / "bank-account-opening.journey.yaml"
    _, default, _ = run(["render", str(english), "-o", "-", "--format", "dot"], capsys, monkeypatch)
    _, spanish, _ = run(["render", str(english), "-o", "-", "--format", "dot", "--lang", "es"], capsys, monkeypatch)
    assert "Needs" in default and "Necesidades" not in default
    assert "Necesidades" in spanish and "Needs" not in spanish


def test_a_failed_render_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.svg"
    target.write_text("the old picture")

    def broken_engine(*args: object, **kwargs: object) -> bytes:
        raise engine.RenderError("dot could not draw the journey: out of memory")

    monkeypatch.setattr(pictures, "draw", broken_engine)
    code, _, err = run(["render", str(EXAMPLE_FILES[0]), "-o", str(target)], capsys, monkeypatch)
    assert code == 1
    assert err.startswith("cjmap: error: dot could not draw the journey: out of memory\n")
    assert target.read_text() == "the old picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.svg"]


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.svg"
    target.write_text("the old picture")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(writes.OutputError, match="no space left"):
        writes.write_atomic(target, b"<svg>half</svg>")
    assert target.read_text() == "the old picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.svg"]


def test_written_files_are_readable_like_any_new_file(tmp_path: Path) -> None:
    target = tmp_path / "new.svg"
    writes.write_atomic(target, b"<svg/>")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_with_dot_hidden_from_path_svg_and_png_still_draw(
    without_dot: None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for suffix in (".svg", ".png"):
        target = tmp_path / f"map{suffix}"
        assert run(["render", str(EXAMPLE_FILES[0]), "-o", str(target)], capsys, monkeypatch)[0] == 0
    assert "Notices Northbank" in _svg_text((tmp_path / "map.svg").read_bytes())
    assert (tmp_path / "map.png").read_bytes().startswith(PNG_SIGNATURE)
