"""How many pages each example's report prints to: headless Chromium and WeasyPrint.

    python bench/report_pages.py [--chromium /usr/bin/chromium] [--keep DIR]

Writes every example's HTML report with the installed `cjmap` (with its
actuals and funnel from examples/actuals and examples/funnel where there are),
prints it to PDF with headless Chromium (`--print-to-pdf`, the page's own
A4 landscape) and with WeasyPrint (`cjmap report --format pdf`), and prints
a table of pages per example, beside the Chromium counts from before the
report had print styles of its own (BEFORE).

Pages are counted with poppler's `pdfinfo` (Debian's poppler-utils), else by
the PDF's `/Type /Page` objects. Exit status: 0 when every report printed,
1 when one did not.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

BEFORE = {
    "bank-account-opening": 20,
    "bank-first-90-days": 10,
    "prova-saas-b2b": 21,
    "tienda-omnicanal": 21,
    "vallmar-avis-fanal": 28,
}
"""Chromium's pages before the report's print styles (the map shrunk to one
page, its text at 3 to 4 pt; tables as wide as their content)."""

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-pdf-header-footer",
)


def measured_files(name: str) -> list[str]:
    """`--actuals` and `--funnel` of an example, where it has them."""
    arguments = []
    for option, folder in (("--actuals", "actuals"), ("--funnel", "funnel")):
        found = sorted((EXAMPLES / folder).glob(f"{name}.*"))
        if found:
            arguments += [option, str(found[0])]
    return arguments


def cjmap_report(journey: Path, target: Path) -> None:
    name = journey.name.removesuffix(".journey.yaml")
    command = [sys.executable, "-m", "cjmap", "report", str(journey), "-o", str(target), *measured_files(name)]
    subprocess.run(command, check=True, capture_output=True, text=True)


def chromium_pdf(chromium: str, page: Path, target: Path, profile: Path) -> None:
    command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={target}", page.as_uri()]
    subprocess.run(command, check=True, capture_output=True, timeout=300)


def pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--keep", type=Path, help="write the reports and PDFs here (kept)")
    options = parser.parse_args()

    folder = options.keep or Path(tempfile.mkdtemp(prefix="cjmap-pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    failed = False
    rows = []
    for journey in sorted(EXAMPLES.glob("*.journey.yaml")):
        name = journey.name.removesuffix(".journey.yaml")
        page, printed, weasy = (folder / f"{name}.report{ending}" for ending in (".html", ".chromium.pdf", ".pdf"))
        counts = []
        for make, target in (
            (lambda: chromium_pdf(options.chromium, page, printed, folder / "profile"), printed),
            (lambda: cjmap_report(journey, weasy), weasy),
        ):
            try:
                if not page.exists():
                    cjmap_report(journey, page)
                make()
                counts.append(str(pages(target)))
            except (OSError, subprocess.SubprocessError) as err:
                failed = True
                counts.append("failed")
                detail = getattr(err, "stderr", None) or err
                print(f"{name}: {detail}", file=sys.stderr)
        rows.append((name, str(BEFORE.get(name, "—")), *counts))

    header = ("example", "Chromium before", "Chromium", "WeasyPrint")
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, tuple("-" * width for width in widths), *rows):
        print("  ".join(cell.ljust(width) if i == 0 else cell.rjust(width) for i, (cell, width) in enumerate(zip(row, widths))))
    if options.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"\nreports and PDFs kept in {folder}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
