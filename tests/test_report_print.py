"""The report in print and as PDF.

The map is cut into pieces that print readable (report/printing.py): how many
stages and lanes a piece takes, and the pieces as the map view draws them
(stage numbers and lane headings kept). `cjmap report --format pdf` prints
the HTML page with WeasyPrint: the PDF of the largest examples is read back
with poppler (pdfinfo, pdftoppm) and looked at as images; without WeasyPrint
the command refuses and writes nothing. The pages the sections land on are
read from WeasyPrint's own document (`weasy_document`).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from functools import cache
from pathlib import Path

import pytest

from cjmap.i18n import translator
from cjmap.render.map_view import Piece, build, lane_names
from cjmap.render.picture import picture
from cjmap.report import html, pdf, printing
from conftest import EXAMPLES, copy_journey, journey_of_file, run_cli

SVG = "{http://www.w3.org/2000/svg}"
BANK = EXAMPLES / "bank-account-opening.journey.yaml"
VALLMAR = EXAMPLES / "vallmar-avis-fanal.journey.yaml"
BANK_MEASURED = [
    "--actuals", str(EXAMPLES / "actuals" / "bank-account-opening.csv"),
    "--funnel", str(EXAMPLES / "funnel" / "bank-account-opening.csv"),
]


def weasy_document(report: Path):
    """WeasyPrint's document of an HTML report: its `pages`, each with the
    `anchors` (section ids) that land on it."""
    return pdf.document(report.read_text(encoding="utf-8"))


# --- how the map is cut -------------------------------------------------------


def test_the_printable_area_is_a4_landscape_less_10_mm_margins() -> None:
    assert printing.PRINTABLE.width == pytest.approx(277 * 72 / 25.4)
    assert printing.PRINTABLE.height == pytest.approx(190 * 72 / 25.4)
    # The map's pieces leave room for their caption and the section's heading.
    assert printing.FIGURE.height == pytest.approx(190 * 72 / 25.4 - 24 - 48)


@pytest.mark.parametrize(
    ("map_width", "stages", "room", "expected"),
    [
        (1368.4, 6, 785.2, 3),  # 6 stages of 200 pt: 3 fit across A4 landscape
        (768.4, 3, 785.2, 3),   # all of them fit
        (1368.4, 6, 700.0, 2),
        (1368.4, 6, 300.0, 1),  # not even one: one all the same
        (4168.4, 20, 1200.0, 5),
    ],
)
def test_stages_per_part(map_width: float, stages: int, room: float, expected: int) -> None:
    assert printing.stages_per_part(map_width, stages, room) == expected


@pytest.mark.parametrize(
    ("count", "most", "expected"),
    [
        (6, 3, [range(0, 3), range(3, 6)]),
        (8, 3, [range(0, 3), range(3, 6), range(6, 8)]),
        (7, 3, [range(0, 3), range(3, 5), range(5, 7)]),  # 3, 2, 2 rather than 3, 3, 1
        (2, 3, [range(0, 2)]),
        (3, 1, [range(0, 1), range(1, 2), range(2, 3)]),
    ],
)
def test_split_into_even_runs(count: int, most: int, expected: list[range]) -> None:
    assert printing.split(count, most) == expected


def test_lane_bands_fill_each_piece_as_far_as_the_room_goes() -> None:
    heights = [108, 94, 47, 149, 128, 83, 305, 194, 185]
    bands = printing.lane_bands(heights, fixed=108, room_height=500)
    assert bands == [range(0, 3), range(3, 6), range(6, 7), range(7, 9)]
    # A lane taller than the room is a piece of its own all the same.
    assert printing.lane_bands([600, 50], fixed=100, room_height=466) == [range(0, 1), range(1, 2)]


def test_a_picture_is_readable_when_its_smallest_text_prints_at_7_pt() -> None:
    small = printing.Measure(width=700, height=400, smallest_text=7, lane_heights=())
    wide = printing.Measure(width=1400, height=400, smallest_text=7, lane_heights=())
    large_text = printing.Measure(width=1400, height=400, smallest_text=14, lane_heights=())
    assert printing.readable(small)
    assert not printing.readable(wide)  # shrunk to the page: 7 × 785 / 1400 pt
    assert printing.readable(large_text)
    # Text of 14 pt may shrink by half: the room a piece may take doubles.
    assert printing.drawing_room(14).width == pytest.approx(2 * printing.FIGURE.width)
    assert printing.drawing_room(7) == printing.FIGURE


def test_measure_reads_graphviz_points() -> None:
    svg = (
        '<svg width="768pt" height="270pt" viewBox="0.00 0.00 768.00 270.00" xmlns="http://www.w3.org/2000/svg">'
        '<text font-size="10.00">a</text><text font-size="7.00">b</text>'
        '<polygon fill="#eef2f7" points="0,-100 0,-150 118,-150 118,-100 0,-100"/>'
        '<polygon fill="#eef2f7" points="0,-150 0,-230 118,-230 118,-150 0,-150"/>'
        '<polygon fill="#ffffff" points="0,0 0,-270 768,-270 768,0 0,0"/></svg>'
    )
    assert printing.measure(svg) == printing.Measure(768, 270, 7, (80, 50))


def test_a_piece_is_given_the_size_of_its_view_box() -> None:
    svg = '<svg width="768pt" height="270pt"\n viewBox="0.00 0.00 768.40 270.40" xmlns="http://www.w3.org/2000/svg"/>'
    root = ET.fromstring(printing.at_its_own_size(svg))
    assert (root.get("width"), root.get("height")) == ("768.40pt", "270.40pt")


# --- the pieces, drawn ----------------------------------------------------------


@cache
def _bank_pieces() -> tuple[list[printing.PrintedPiece], str]:
    journey = journey_of_file(BANK)
    t = translator("en")

    def draw(piece: Piece) -> str:
        return picture(journey, output_format="svg", view="map", language="en", engine="auto",
                       piece=piece).decode("utf-8")

    whole = picture(journey, output_format="svg", view="map", language="en", engine="auto").decode("utf-8")
    lanes = len(lane_names(journey, t))
    return printing.map_pieces(whole, len(journey.stages), lanes, draw), whole


def test_the_bank_map_prints_in_pieces_of_three_stages_that_fit_the_page() -> None:
    pieces, whole = _bank_pieces()
    assert not printing.readable(printing.measure(whole))
    assert {piece.piece.stages for piece in pieces} == {range(0, 3), range(3, 6)}
    for stages in (range(0, 3), range(3, 6)):
        # Every lane, once, in order, for each run of stages.
        lanes = [lane for piece in pieces if piece.piece.stages == stages for lane in piece.piece.lanes]
        assert lanes == list(range(9))
    for printed in pieces:
        drawn = printing.measure(printed.svg)
        assert drawn.width <= printing.FIGURE.width and drawn.height <= printing.FIGURE.height
        assert drawn.smallest_text == pytest.approx(7.0)


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode("utf-8"))
    return ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]


def test_a_piece_keeps_the_journeys_stage_numbers_and_its_lanes_headings() -> None:
    journey = journey_of_file(BANK)
    t = translator("en")
    source = build(journey, t, piece=Piece(range(3, 5), range(1, 3)))
    svg = picture(journey, output_format="svg", view="map", language="en", engine="auto",
                  piece=Piece(range(3, 5), range(1, 3))).decode("utf-8")
    texts = _texts(svg)
    kickers = [text for text in texts if re.match(r"^\d\s", text)]
    assert [kicker.split()[0] for kicker in kickers] == ["4", "5"]
    # Names wrap: one text element a line.
    lines = " ".join(texts)
    assert journey.stages[3].name in lines and journey.stages[4].name in lines
    assert journey.stages[2].name not in lines
    names = lane_names(journey, t)
    assert names[1] in texts and names[2] in texts and names[0] not in texts and names[-1] not in texts
    # No title: the page names the journey.
    assert journey.title not in texts and "labelloc" not in source


def test_the_legends_come_with_the_last_lane() -> None:
    journey = journey_of_file(BANK)
    t = translator("en")
    last = len(lane_names(journey, t))
    legend = t("legend.emotions")
    assert legend in _texts(picture(journey, output_format="svg", view="map", language="en", engine="auto",
                                    piece=Piece(range(0, 3), range(last - 1, last))).decode("utf-8"))
    assert legend not in _texts(picture(journey, output_format="svg", view="map", language="en", engine="auto",
                                        piece=Piece(range(0, 3), range(0, 1))).decode("utf-8"))


def test_the_whole_map_is_drawn_as_it_always_was() -> None:
    journey = journey_of_file(BANK)
    t = translator("en")
    whole = build(journey, t)
    everything = build(journey, t, piece=Piece(range(len(journey.stages)), range(len(lane_names(journey, t)))))
    # The same grid; only the title is left out of a piece.
    assert whole.split('node [')[1] == everything.split('node [')[1]
    assert "labelloc" in whole


# --- the HTML page ----------------------------------------------------------------


def test_the_page_has_the_whole_map_for_the_screen_and_its_pieces_for_print(tmp_path: Path, capsys, monkeypatch) -> None:
    target = tmp_path / "bank.html"
    code, _, err = run_cli(["report", str(BANK), "-o", str(target)], capsys, monkeypatch)
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert page.count('<figure class="map-whole screen-only">') == 1
    pieces = re.findall(r'<figure class="map-piece print-only">.*?<figcaption>(.*?)</figcaption>', page, re.DOTALL)
    assert len(pieces) == len(_bank_pieces()[0])
    assert pieces[0] == "Journey map: stages 1–3, Steps to Questions (1 of 10)"
    assert pieces[-1].startswith("Journey map: stages 4–6, ") and pieces[-1].endswith("(10 of 10)")
    assert '<h2 class="map-heading"><a id="map"></a>' in page
    assert "@page { size: A4 landscape; margin: 10mm; }" in page


def test_the_spanish_captions_of_the_pieces(tmp_path: Path, capsys, monkeypatch) -> None:
    target = tmp_path / "bank.html"
    code, _, err = run_cli(["report", str(BANK), "--lang", "es", "-o", str(target)], capsys, monkeypatch)
    assert code == 0, err
    captions = re.findall(r'class="map-piece print-only">.*?<figcaption>(.*?)</figcaption>',
                          target.read_text(encoding="utf-8"), re.DOTALL)
    assert captions[0] == "Mapa del recorrido: etapas 1–3, de Pasos a Preguntas (1 de 10)"


def test_a_map_that_prints_readable_whole_is_not_cut() -> None:
    svg = '<svg width="500pt" height="300pt" viewBox="0 0 500 300" xmlns="http://www.w3.org/2000/svg"><text font-size="8">a</text></svg>'

    def draw(piece: Piece) -> str:
        raise AssertionError("nothing to draw")

    assert printing.map_pieces(svg, 2, 9, draw) == []


# --- PDF ------------------------------------------------------------------------------


def _pdf_pages(target: Path) -> int:
    info = subprocess.run(["pdfinfo", str(target)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def _png_grey(path: Path) -> tuple[int, int, bytes]:
    """(width, height, samples) of an 8-bit greyscale or RGB PNG, as pdftoppm writes it."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,), kind = struct.unpack(">I", data[position:position + 4]), data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (0, 2), "8-bit greyscale or RGB"
    step = 1 if colour == 0 else 3  # bytes a pixel
    stride = width * step
    raw = zlib.decompress(b"".join(chunks))
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - step] if x >= step else 0
            up, corner = previous[x], previous[x - step] if x >= step else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                nearest = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                line[x] = (line[x] + nearest[2]) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, b"".join(rows)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The PDF of the two largest examples, written by the real command."""
    folder = tmp_path_factory.mktemp("pdf")
    written = {}
    for journey, extra, name in ((BANK, BANK_MEASURED, "bank.report.pdf"), (VALLMAR, [], "vallmar.report.pdf")):
        target = folder / name
        done = subprocess.run(
            [sys.executable, "-m", "cjmap", "report", str(journey), "--format", "pdf", "-o", str(target), *extra],
            capture_output=True, text=True, timeout=600,
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr.strip() == f"cjmap: wrote {target}"
        written[name] = target
    return written


@pytest.mark.parametrize("name", ["bank.report.pdf", "vallmar.report.pdf"])
def test_the_pdf_has_a_sane_number_of_pages(name: str, printed: dict[str, Path]) -> None:
    target = printed[name]
    assert target.read_bytes()[:5] == b"%PDF-"
    # Ten pages of map at most, and the rest of the report: not a page per table row.
    assert 12 <= _pdf_pages(target) <= 40


@pytest.mark.parametrize("name", ["bank.report.pdf", "vallmar.report.pdf"])
def test_every_page_of_the_pdf_shows_something(name: str, printed: dict[str, Path], tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is needed: apt-get install poppler-utils (bash .ci/run does)"
    subprocess.run([pdftoppm, "-r", "12", "-gray", "-png", str(printed[name]), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == _pdf_pages(printed[name])
    for image in images:
        width, height, pixels = _png_grey(image)
        # A4 landscape at 12 dots to the inch.
        assert (width, height) == (141, 100), image.name
        dark = sum(1 for value in pixels if value < 200)  # samples of ink, not paper
        assert dark > 20, f"{image.name} is blank"


def test_the_pdf_lays_the_map_out_on_pages_of_its_own(tmp_path: Path, capsys, monkeypatch) -> None:
    target = tmp_path / "bank.html"
    code, _, err = run_cli(["report", str(BANK), "-o", str(target), *BANK_MEASURED], capsys, monkeypatch)
    assert code == 0, err
    document = weasy_document(target)
    page_of = {anchor: number for number, page in enumerate(document.pages) for anchor in page.anchors}
    pieces = len(_bank_pieces()[0])
    # The map's heading starts a page; each of its pieces takes one.
    assert page_of["map"] > page_of["objectives"]
    assert not any(number == page_of["map"] for anchor, number in page_of.items() if anchor != "map")
    assert page_of["funnel"] - page_of["map"] >= pieces


def test_without_weasyprint_a_pdf_is_refused_and_nothing_written(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` raises ImportError
    target = tmp_path / "bank.report.pdf"
    code, out, err = run_cli(["report", str(BANK), "-o", str(target)], capsys, monkeypatch)
    assert code == 2
    assert "WeasyPrint, which is not installed" in err
    assert "pip install 'cjmap[pdf]'" in err
    assert "Traceback" not in err and out == ""
    assert list(tmp_path.iterdir()) == []


def test_a_pdf_is_not_sent_to_standard_output(tmp_path: Path, capsys, monkeypatch) -> None:
    code, out, err = run_cli(["report", str(BANK), "--format", "pdf", "-o", "-"], capsys, monkeypatch)
    assert code == 2
    assert "a PDF report is a binary file" in err and "-o report.pdf" in err
    assert out == ""


def test_the_pdf_suffix_chooses_pdf_and_names_the_report(tmp_path: Path, capsys, monkeypatch) -> None:
    journey = copy_journey(EXAMPLES / "prova-saas-b2b.journey.yaml", tmp_path / "prova.journey.yaml")
    code, _, err = run_cli(["report", str(journey), "--format", "pdf"], capsys, monkeypatch)
    assert code == 0, err
    written = tmp_path / "prova.report.pdf"
    assert written.read_bytes()[:5] == b"%PDF-"
    assert sorted(path.name for path in tmp_path.iterdir()) == [journey.name, written.name]


def test_weasyprint_fetches_nothing(monkeypatch) -> None:
    with pytest.raises(ValueError, match="fetches nothing"):
        pdf._refuse("https://example.invalid/x.css")
    asked: list[str] = []

    def refuse(url: str) -> dict[str, object]:
        asked.append(url)
        raise ValueError("refused")

    monkeypatch.setattr(pdf, "_refuse", refuse)
    page = html.page("t", "en", "![x](https://example.invalid/picture.png)\n\ntext")
    assert pdf.write(page)[:5] == b"%PDF-"
    assert asked == ["https://example.invalid/picture.png"]


def test_pdf_is_one_of_the_report_formats() -> None:
    from cjmap.choices import REPORT_FORMATS, REPORT_SUFFIXES

    assert REPORT_FORMATS == ("md", "html", "pdf")
    assert REPORT_SUFFIXES["pdf"] == ".pdf"


def test_weasyprint_is_not_imported_at_start() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, cjmap.cli, cjmap.report.command; print('weasyprint' in sys.modules)"],
        capture_output=True, text=True, check=True,
    )
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("journey", "extra"),
    [(VALLMAR, []), (BANK, BANK_MEASURED),
     (BANK.parent / "tienda-omnicanal.journey.yaml",
      ["--actuals", "examples/actuals/tienda-omnicanal.yaml", "--funnel", "examples/funnel/tienda-omnicanal.yaml"])],
    ids=["largest", "with-funnel", "most-flagged"],
)
def test_the_summary_fits_the_first_printed_page(
    journey: Path, extra: list[str], tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.chdir(BANK.parent.parent)
    target = tmp_path / "report.html"
    code, _, err = run_cli(["report", str(journey), "-o", str(target), *extra], capsys, monkeypatch)
    assert code == 0, err
    pages = weasy_document(target).pages
    # The title and the whole summary on page 1; the contents, after it, start page 2.
    assert "summary" in pages[0].anchors
    assert "contents" in pages[1].anchors
