"""The report as one self-contained HTML page: the Markdown report rendered,
with inline CSS and the pictures inline as SVG — no external request, no
script, and it prints well.

Rendering the Markdown (with markdown-it-py, which rich already brings) keeps
one template for both formats. Journey text reaches it already escaped by
`gfm.escape`, so the only HTML in it is the `<br>` and status badges the
template writes; what this module adds around the body (the page's title, the
figures' captions) goes through `escape`. The pictures are SVG whose text went
through `cjmap.render.labels` (Graphviz labels, and SVG's `xml`).
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from cjmap.i18n import Translate
from cjmap.report.data import Report
from cjmap.report.markdown import Pictures, Style, render as render_markdown

MAP_MARKER = "cjmap-picture-journey-map"
CURVE_MARKER = "cjmap-picture-emotion-curve"
FUNNEL_MARKER = "cjmap-picture-funnel"
_IMG = re.compile(r'<img src="(cjmap-picture-[a-z-]+)"[^>]*>')
_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL)

CSS = """
:root { --ink: #1f2a37; --muted: #5b6b7f; --line: #d9e1ea; --band: #f4f7fa; --accent: #1e3a5f; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #ffffff;
  font: 15px/1.55 "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 40px 32px 64px; }
h1 { font-size: 30px; line-height: 1.2; margin: 0 0 4px; color: var(--accent); }
h1 + p em { color: var(--muted); font-style: normal; text-transform: uppercase;
  letter-spacing: .08em; font-size: 12px; }
h2 { font-size: 21px; margin: 44px 0 14px; padding-bottom: 6px; color: var(--accent);
  border-bottom: 2px solid var(--accent); }
h3 { font-size: 17px; margin: 28px 0 10px; }
p, ul, ol { margin: 0 0 12px; }
ul, ol { padding-left: 22px; }
li { margin: 2px 0; }
blockquote { margin: 8px 0; padding: 8px 14px; border-left: 4px solid var(--line);
  background: var(--band); color: var(--ink); }
blockquote p { margin: 0; }
code { font: 13px/1.4 "SFMono-Regular", Consolas, "Liberation Mono", monospace;
  background: var(--band); padding: 1px 5px; border-radius: 4px; }
table { border-collapse: collapse; width: auto; margin: 8px 0 16px; font-size: 13.5px; }
th, td { border: 1px solid var(--line); padding: 6px 9px; vertical-align: top; text-align: left; }
th { background: var(--accent); color: #ffffff; font-weight: 600; }
tr:nth-child(even) td { background: var(--band); }
td[style*="right"], th[style*="right"] { font-variant-numeric: tabular-nums; }
figure { margin: 12px 0 24px; overflow-x: auto; }
/* A picture keeps its own size on screen, so that its text stays readable:
   a wide map scrolls sideways inside its figure, the page never does. */
figure svg { height: auto; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
.status { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12.5px;
  font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.status.achieved { background: #dff3e6; color: #17613a; border-color: #9fd6b3; }
.status.on-track { background: #e3f0fb; color: #1d4f80; border-color: #a9cdef; }
.status.at-risk { background: #fff3d6; color: #7a5200; border-color: #f0d28a; }
.status.off-track { background: #fde3e1; color: #9b1c1c; border-color: #f2aaa4; }
.status.overdue { background: #f3e3f7; color: #6b2180; border-color: #d9b0e6; }
.status.no-data { background: #eef1f4; color: #55606d; border-color: #d3d9e0; }
@media print {
  @page { size: A4 landscape; margin: 14mm; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  figure, blockquote, tr { break-inside: avoid; page-break-inside: avoid; }
  figure svg { max-width: 100%; max-height: 150mm; width: auto; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .status, tr:nth-child(even) td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def render(
    report: Report, t: Translate, *, journey_map: str | None, emotion_curve: str | None, funnel: str | None = None
) -> str:
    """The HTML page; the pictures are SVG documents, inlined as they are."""
    pictures = Pictures(
        journey_map=MAP_MARKER if journey_map else None,
        emotion_curve=CURVE_MARKER if emotion_curve else None,
        funnel=FUNNEL_MARKER if funnel else None,
    )
    markdown = render_markdown(report, t, pictures, Style(badges=True))
    body = _to_html(markdown)
    inline = {
        MAP_MARKER: (journey_map, t("report.map")),
        CURVE_MARKER: (emotion_curve, t("report.curve")),
        FUNNEL_MARKER: (funnel, t("funnel.chart")),
    }

    def picture(match: re.Match[str]) -> str:
        svg, caption = inline[match.group(1)]
        return f"<figure>{_PROLOG.sub('', svg or '').strip()}<figcaption>{escape(caption)}</figcaption></figure>"

    body = _IMG.sub(picture, body)
    # An image alone in a paragraph: the figure replaces the paragraph.
    body = re.sub(r"<p>(<figure>.*?</figure>)</p>", r"\1", body, flags=re.DOTALL)
    return _document(report.journey.title, report.language, body)


def page(title: str, language: str, markdown: str) -> str:
    """Any Markdown of the report's, such as a portfolio's index, as a page."""
    return _document(title, language, _to_html(markdown))


def escape(text: str) -> str:
    """Text as HTML, for what the page says outside the Markdown body: markup
    characters and quotes as entities."""
    return html.escape(text, quote=True)


def _to_html(markdown: str) -> str:
    # Raw HTML stays on for the template's own `<br>` and badges; journey text
    # holds none, `gfm.escape` turned its `<` into `&lt;`.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(markdown)


def _document(title: str, language: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
