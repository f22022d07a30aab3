"""Every list of choices cjmap offers, once: the command line builds its
options from these, and the registries (reporters, views, engines, the
catalog of words) are built from them, so the two can never drift apart.

This module imports nothing, so that reading a choice costs nothing.
"""

from __future__ import annotations

LANGUAGES = ("en", "es", "ca")
"""Languages of reports, pictures and templates; adding one is one catalog in
i18n.py plus its templates."""

SEVERITIES = ("error", "warning", "info")
LEVELS = (*SEVERITIES, "off")  # what `[severity]` in cjmap.toml may set a rule to

REPORTERS = ("text", "json", "sarif", "junit", "github", "gitlab")
"""`validate --format`: each is `cjmap.reporters.NAME`, class `NameReporter`."""

# `validate --output` without a --format: the end of its name chooses, the
# longest ending first (`results.sarif.json` is SARIF, not plain JSON).
REPORTER_BY_ENDING = {
    ".sarif.json": "sarif", ".junit.xml": "junit",
    ".txt": "text", ".json": "json", ".sarif": "sarif", ".xml": "junit",
}

PICTURE_SUFFIXES = {"svg": ".svg", "png": ".png", "pdf": ".pdf", "dot": ".dot", "mermaid": ".mmd"}
PICTURE_FORMATS = tuple(PICTURE_SUFFIXES)  # `render --format`
# `render --view`; blueprint: the service blueprint; portfolio (last): a whole
# workspace in one picture, the others one journey each (render/views.py)
VIEWS = ("map", "flow", "blueprint", "portfolio")
ENGINES = ("auto", "dot", "graphviz-pure")  # `--engine`: who draws SVG, PNG and PDF

# `report --format`: pdf is the HTML page printed (WeasyPrint, the extra cjmap[pdf])
REPORT_SUFFIXES = {"md": ".md", "html": ".html", "pdf": ".pdf"}
REPORT_FORMATS = tuple(REPORT_SUFFIXES)
PAGE_REPORT_FORMATS = ("html", "pdf")  # one self-contained page, pictures inside

DIFF_FORMATS = ("text", "md", "json")  # `diff --format`
RULES_FORMATS = ("text", "markdown")  # `rules --format`
COLOURS = ("auto", "always", "never")  # `--color`
TEMPLATES = ("blank", "retail", "banking", "saas")  # `init --template`

# `cjmap import FILE`: what the end of FILE's name says it is (Markdown holds
# a ```mermaid journey block), and `cjmap export -o FILE`: the grid's formats.
IMPORT_BY_SUFFIX = {".mmd": "mermaid", ".mermaid": "mermaid", ".md": "markdown", ".markdown": "markdown",
                    ".csv": "csv", ".txt": "csv", ".xlsx": "xlsx"}
EXPORT_SUFFIXES = {"xlsx": ".xlsx", "csv": ".csv"}
EXPORT_FORMATS = tuple(EXPORT_SUFFIXES)
