"""The report as PDF: its HTML page (report/html.py) printed by WeasyPrint.

WeasyPrint is the optional extra `cjmap[pdf]`, imported only when a PDF is
asked for (it is slow to import, and cjmap starts fast). The page is
self-contained, so WeasyPrint is given nothing to fetch: every address it
might ask for is refused, the network is never reached.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from cjmap.errors import UsageError

INSTALL = "pip install 'cjmap[pdf]'"
NEEDED = "70"  # as pyproject.toml's extra `pdf` says: the first with URLFetcher classes


class PdfUnavailable(UsageError):
    """WeasyPrint, which writes PDF reports, cannot be loaded (exit 2)."""


def require() -> ModuleType:
    """WeasyPrint, or a refusal that says how to install it."""
    try:
        import weasyprint
    except ImportError as err:
        raise PdfUnavailable(
            "a PDF report is written with WeasyPrint, which is not installed",
            hint=f"install it with: {INSTALL}; or write --format html and print the page from a browser",
        ) from err
    except OSError as err:  # installed, but the system libraries it draws text with are missing
        raise PdfUnavailable(
            f"WeasyPrint is installed but cannot load its system libraries: {err}",
            hint="install Pango: `sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0` (Debian, Ubuntu), "
            "`brew install pango` (macOS); see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html",
        ) from err
    if not hasattr(weasyprint.urls, "URLFetcher"):
        raise PdfUnavailable(
            f"WeasyPrint {weasyprint.__version__} is too old to write cjmap's PDF reports",
            hint=f"upgrade it to {NEEDED} or later: {INSTALL} --upgrade",
        )
    return weasyprint


def document(page: str) -> Any:
    """The HTML page laid out on printed pages (WeasyPrint's Document: its
    `pages`, each with the `anchors` that land on it)."""
    weasyprint = require()
    return weasyprint.HTML(string=page, url_fetcher=_refusing_fetcher(weasyprint)).render()


def write(page: str) -> bytes:
    """The HTML page as the bytes of a PDF file."""
    pdf: bytes = document(page).write_pdf()
    return pdf


def _refusing_fetcher(weasyprint: ModuleType) -> Any:
    """A WeasyPrint URL fetcher that fetches nothing, whatever the protocol."""

    class Refusing(weasyprint.urls.URLFetcher):  # type: ignore[misc, name-defined]
        def fetch(self, url: str, headers: object = None) -> Any:
            return _refuse(url)

    return Refusing(allowed_protocols=())


def _refuse(url: str) -> Any:
    # The page holds its pictures and styles; anything else it names is not fetched.
    raise ValueError(f"a report fetches nothing, not {url}")
