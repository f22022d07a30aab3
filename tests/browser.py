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
# of the page: the computed font size times the picture's scale on screen.
SMALLEST_TEXT_OF_EACH_PICTURE = """
return Array.from(document.querySelectorAll('figure svg')).map(svg => {
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
