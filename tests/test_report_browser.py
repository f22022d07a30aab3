"""The HTML report in a real browser (Debian's chromium, see tests/browser.py):
at 1280 pixels the page never scrolls sideways, and the journey map keeps its
text readable (no text under 9 pixels) rather than shrinking to the page.

Laid out for print (print media, the printable width of A4 landscape): the
map prints in pieces whose text is never under 7 pt, and no table is wider
than the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import (
    PAGE_WIDTHS, PRINTED_MAP_FIGURES, PRINTABLE_A4_LANDSCAPE, SMALLEST_TEXT_OF_EACH_PICTURE, TABLE_WIDTHS, chromium,
    emulate_print,
)
from conftest import EXAMPLES, run_cli

JOURNEYS = sorted(EXAMPLES.glob("*.journey.yaml"))
READABLE = 9  # CSS pixels
# Points: the map's smallest text is 7 pt, printed at its own size (Chromium
# lays out in 64ths of a pixel, hence the thousandth).
READABLE_IN_PRINT = 7 - 0.001
PT_PER_PX = 0.75


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium(width=1280) as driver:
        yield driver


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The HTML report of every example, written by the real command."""
    folder = tmp_path_factory.mktemp("reports")
    written = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        for journey in JOURNEYS:
            target = folder / journey.name.replace(".journey.yaml", ".html")
            capture = _Capture()
            code, _, err = run_cli(["report", str(journey), "-o", str(target)], capture, monkeypatch)
            assert code == 0, err
            written[journey.name] = target
    return written


class _Capture:
    """What run_cli needs of pytest's capsys, outside a test function."""

    def readouterr(self) -> tuple[str, str]:
        return "", ""


@pytest.mark.parametrize("name", [path.name for path in JOURNEYS])
def test_the_report_never_scrolls_sideways_at_1280_pixels(name: str, pages: dict[str, Path], browser) -> None:
    browser.get(pages[name].as_uri())
    scroll_width, client_width = browser.execute_script(PAGE_WIDTHS)
    assert scroll_width <= client_width, f"{name}: the page is {scroll_width} px wide in a {client_width} px window"


@pytest.mark.parametrize("name", [path.name for path in JOURNEYS])
def test_the_pictures_keep_their_text_readable_at_1280_pixels(name: str, pages: dict[str, Path], browser) -> None:
    browser.get(pages[name].as_uri())
    smallest = browser.execute_script(SMALLEST_TEXT_OF_EACH_PICTURE)
    assert smallest, f"{name}: the report shows no picture"
    assert min(smallest) >= READABLE, f"{name}: text of {min(smallest):.1f} px in a picture"


@pytest.fixture(scope="module")
def printer() -> Iterator[object]:
    with chromium(width=PRINTABLE_A4_LANDSCAPE[0]) as driver:
        emulate_print(driver)
        yield driver


@pytest.fixture(scope="module")
def full_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example's HTML report with its actuals and funnel where it has them
    (the widest tables), written by the real command."""
    folder = tmp_path_factory.mktemp("full-reports")
    written = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        for journey in JOURNEYS:
            target = folder / journey.name.replace(".journey.yaml", ".html")
            code, _, err = run_cli(["report", str(journey), "-o", str(target), *_measured(journey)], _Capture(),
                                   monkeypatch)
            assert code == 0, err
            written[journey.name] = target
    return written


def _measured(journey: Path) -> list[str]:
    name = journey.name.removesuffix(".journey.yaml")
    arguments = []
    for option, folder in (("--actuals", "actuals"), ("--funnel", "funnel")):
        arguments += [argument for found in sorted((EXAMPLES / folder).glob(f"{name}.*"))[:1]
                      for argument in (option, str(found))]
    return arguments


@pytest.mark.parametrize("name", [path.name for path in JOURNEYS])
def test_the_printed_map_is_in_pieces_whose_text_is_at_least_7_pt(
    name: str, full_pages: dict[str, Path], printer
) -> None:
    printer.get(full_pages[name].as_uri())
    figures = printer.execute_script(PRINTED_MAP_FIGURES)
    # Every example's map is taller than a page: only its pieces print.
    assert figures and all(figure["kind"] == "map-piece print-only" for figure in figures), figures
    width, height = PRINTABLE_A4_LANDSCAPE
    for number, figure in enumerate(figures, start=1):
        assert figure["smallest"] * PT_PER_PX >= READABLE_IN_PRINT, f"{name}, piece {number}: {figure}"
        assert figure["width"] <= width and figure["height"] <= height, f"{name}, piece {number}: {figure}"


@pytest.mark.parametrize("name", [path.name for path in JOURNEYS])
def test_no_printed_table_is_wider_than_the_page(name: str, full_pages: dict[str, Path], printer) -> None:
    printer.get(full_pages[name].as_uri())
    scroll_width, client_width = printer.execute_script(PAGE_WIDTHS)
    rights = printer.execute_script(TABLE_WIDTHS)
    assert rights, f"{name}: the report has no table"
    assert client_width == PRINTABLE_A4_LANDSCAPE[0]
    assert max(rights) <= client_width, f"{name}: a table ends at {max(rights):.0f} px of a {client_width} px page"
    assert scroll_width <= client_width, f"{name}: the printed page is {scroll_width} px wide"


CONTENTS_LINKS_LAND = """
const contents = document.getElementById('contents').closest('h2').nextElementSibling;
const missed = [];
for (const link of contents.querySelectorAll('a[href^="#"]')) {
  window.scrollTo(0, 0);
  link.click();
  const target = document.getElementById(link.getAttribute('href').slice(1));
  if (!target) { missed.push(link.getAttribute('href') + ': no such id'); continue; }
  const top = target.getBoundingClientRect().top;
  const atBottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
  // At the top of the window, or as high as the page can scroll it.
  if (!(Math.abs(top) <= 2 || (atBottom && top > 0 && top < window.innerHeight))) {
    missed.push(link.getAttribute('href') + ': at ' + top);
  }
}
return [contents.querySelectorAll('a').length, missed];
"""


@pytest.mark.parametrize("name", [path.name for path in JOURNEYS])
def test_the_contents_links_land_on_their_sections(name: str, full_pages: dict[str, Path], browser) -> None:
    browser.get(full_pages[name].as_uri())
    count, missed = browser.execute_script(CONTENTS_LINKS_LAND)
    assert count >= 8, f"{name}: {count} links in the contents"
    assert missed == [], f"{name}: links that do not land: {missed}"
