"""The HTML report in a real browser (Debian's chromium, see tests/browser.py):
at 1280 pixels the page never scrolls sideways, and the journey map keeps its
text readable (no text under 9 pixels) rather than shrinking to the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import PAGE_WIDTHS, SMALLEST_TEXT_OF_EACH_PICTURE, chromium
from conftest import EXAMPLES, run_cli

JOURNEYS = sorted(EXAMPLES.glob("*.journey.yaml"))
READABLE = 9  # CSS pixels


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
