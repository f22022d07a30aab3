"""A real browser for the tests: Debian's chromium, driven by selenium through
Debian's chromedriver (`apt-get install chromium chromium-driver`, which
.ci/run does), headless, at a given window width and a device pixel ratio of
1, so that a CSS pixel is a screen pixel."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL = "install them with: apt-get install chromium chromium-driver (bash .ci/run does)"


@contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator[object]:
    """A headless chromium window `width` CSS pixels wide, closed on leaving."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail(f"chromium and chromedriver are needed: {INSTALL}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--window-size={width},{height}", "--force-device-scale-factor=1",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.set_page_load_timeout(60)
        yield driver
    finally:
        driver.quit()


# The size on screen, in CSS pixels, of the smallest text of each SVG picture
# the page shows: the computed font size times the picture's scale on screen.
SMALLEST_TEXT_OF_EACH_PICTURE = """
return Array.from(document.querySelectorAll('figure svg')).filter(svg => svg.getClientRects().length > 0).map(svg => {
  let smallest = Infinity;
  for (const text of svg.querySelectorAll('text')) {
    const matrix = text.getScreenCTM();
    const size = parseFloat(getComputedStyle(text).fontSize);
    if (matrix && size) smallest = Math.min(smallest, size * Math.hypot(matrix.a, matrix.b));
  }
  return smallest;
});
"""
PAGE_WIDTHS = "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];"


PRINTABLE_A4_LANDSCAPE = (1047, 718)
"""The printable area of A4 landscape with the report's 10 mm margins
(277 × 190 mm), in CSS pixels (96 to the inch)."""


def emulate_print(driver: object, size: tuple[int, int] = PRINTABLE_A4_LANDSCAPE) -> None:
    """Lay the page out as it prints: print media, a viewport the size of the
    page's printable area. (Chromium does not cut it into pages.)"""
    width, height = size
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})  # type: ignore[attr-defined]
    driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    # A page has no scroll bar: the whole width is the page's.
    driver.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": True})  # type: ignore[attr-defined]


# Each map figure that is shown (in print: the pieces, or the whole map when
# it needs none): its class, the size on the page of its smallest text (CSS
# pixels) and of its picture.
PRINTED_MAP_FIGURES = """
return Array.from(document.querySelectorAll('figure.map-whole, figure.map-piece'))
  .filter(figure => figure.getClientRects().length > 0)
  .map(figure => {
    const svg = figure.querySelector('svg');
    let smallest = Infinity;
    for (const text of svg.querySelectorAll('text')) {
      const matrix = text.getScreenCTM();
      const size = parseFloat(getComputedStyle(text).fontSize);
      if (matrix && size) smallest = Math.min(smallest, size * Math.hypot(matrix.a, matrix.b));
    }
    const box = svg.getBoundingClientRect();
    return {kind: figure.className, smallest: smallest, width: box.width, height: box.height};
  });
"""
TABLE_WIDTHS = """
return Array.from(document.querySelectorAll('table')).map(table => table.getBoundingClientRect().right);
"""
