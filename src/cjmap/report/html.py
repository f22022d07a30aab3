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
from collections.abc import Mapping, Sequence

from markdown_it import MarkdownIt

from cjmap.i18n import Translate
from cjmap.report.data import Report
from cjmap.render.map_view import lane_names
from cjmap.report.markdown import Pictures, Style, render as render_markdown
from cjmap.report.printing import CAPTION_PT, FIGURE, MARGIN_MM, PRINTABLE, PrintedPiece

MAP_MARKER = "cjmap-picture-journey-map"
CURVE_MARKER = "cjmap-picture-emotion-curve"
FUNNEL_MARKER = "cjmap-picture-funnel"
TREND_MARKER = "cjmap-picture-trend-"  # + the objective's id (lowercase letters, digits, hyphens)
_IMG = re.compile(r'<img src="(cjmap-picture-[a-z0-9-]+)"[^>]*>')
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
"""

# Print: A4 landscape, with the margins report/printing.py cuts the map for.
# The map starts a page, its heading with it; each further piece of it starts
# another. Text is never under 7 pt: tables wrap long words and shrink to the
# page rather than overflow it.
PRINT_CSS = f"""
@media screen {{ .print-only {{ display: none; }} }}
@media print {{
  @page {{ size: A4 landscape; margin: {MARGIN_MM}mm; }}
  .screen-only {{ display: none; }}
  body {{ font-size: 10pt; line-height: 1.4; }}
  main {{ max-width: none; padding: 0; overflow-wrap: break-word; }}
  h1 {{ font-size: 20pt; }}
  h2 {{ font-size: 14pt; margin: 16pt 0 8pt; }}
  h3 {{ font-size: 11.5pt; margin: 12pt 0 6pt; }}
  h1, h2, h3, p.label {{ break-after: avoid; page-break-after: avoid; break-inside: avoid; }}
  p, li {{ orphans: 3; widows: 3; }}
  h2.map-heading {{ break-before: page; page-break-before: always; margin-top: 0; }}
  figure.map-piece {{ break-before: page; page-break-before: always; }}
  figure.map-whole + figure.map-piece {{ break-before: auto; page-break-before: auto; }}
  figure, blockquote, tr {{ break-inside: avoid; page-break-inside: avoid; }}
  figure {{ overflow: visible; margin: 4pt 0 10pt; }}
  figure svg {{ display: block; max-width: 100%; max-height: {PRINTABLE.height - CAPTION_PT:.0f}pt; height: auto; }}
  figure.map-whole svg, figure.map-piece svg {{ max-height: {FIGURE.height:.0f}pt; }}
  figcaption {{ font-size: 8.5pt; margin-top: 2pt; }}
  table {{ width: 100%; max-width: 100%; font-size: 8.5pt; }}
  th, td {{ padding: 3pt 5pt; overflow-wrap: break-word; }}
  td a, td code {{ overflow-wrap: anywhere; }}
  code {{ font-size: 8pt; }}
  .status {{ font-size: 7.5pt; }}
  /* The summary is the first page, whatever follows: two columns of it. */
  div.summary {{ columns: 2; column-gap: 18pt; font-size: 9pt; line-height: 1.3; break-after: page;
    page-break-after: always; }}
  div.summary p, div.summary li {{ break-inside: avoid; margin-bottom: 4pt; }}
  div.summary ul, div.summary ol {{ margin-bottom: 6pt; }}
  th, .status, tr:nth-child(even) td {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
}}
"""


def render(
    report: Report, t: Translate, *, journey_map: str | None, emotion_curve: str | None, funnel: str | None = None,
    trends: Mapping[str, str] | None = None, map_pieces: Sequence[PrintedPiece] = (),
) -> str:
    """The HTML page; the pictures are SVG documents, inlined as they are.
    `trends` maps an objective's id to its trend line. `map_pieces`, the map
    cut for print (report/printing.py), print instead of the whole map."""
    trends = trends or {}
    pictures = Pictures(
        journey_map=MAP_MARKER if journey_map else None,
        emotion_curve=CURVE_MARKER if emotion_curve else None,
        funnel=FUNNEL_MARKER if funnel else None,
        trends={objective: TREND_MARKER + objective for objective in trends},
    )
    markdown = render_markdown(report, t, pictures, Style(badges=True))
    body = _to_html(markdown)
    inline: dict[str, tuple[str | None, str | None]] = {
        MAP_MARKER: (journey_map, t("report.map")),
        CURVE_MARKER: (emotion_curve, t("report.curve")),
        FUNNEL_MARKER: (funnel, t("funnel.chart")),
        # A trend line stands in its table cell as it is: no figure, no caption.
        **{TREND_MARKER + objective: (svg, None) for objective, svg in trends.items()},
    }

    def picture(match: re.Match[str]) -> str:
        svg, caption = inline[match.group(1)]
        drawn = _inline(svg or "", match.group(1))
        if caption is None:
            return drawn
        if match.group(1) == MAP_MARKER:
            return _map_figures(drawn, caption, map_pieces, report, t)
        return f"<figure>{drawn}<figcaption>{escape(caption)}</figcaption></figure>"

    body = _IMG.sub(picture, body)
    # An image alone in a paragraph: the figure replaces the paragraph.
    body = re.sub(r"<p>(<figure[ >].*?</figure>)</p>", r"\1", body, flags=re.DOTALL)
    # A paragraph that is only a bold label ("Touchpoints") leads into what follows: in print, they stay together.
    body = re.sub(r"<p>(<strong>[^<]*</strong>)</p>", r'<p class="label">\1</p>', body)
    # The summary's body, under its heading, for the print layout of its page.
    body = re.sub(r'(<h2><a id="summary"></a>.*?</h2>\n)(.*?)(?=<h2)', r'\1<div class="summary">\n\2</div>\n', body,
                  count=1, flags=re.DOTALL)
    # In print, the map starts a page of its own, its heading with it.
    body = body.replace('<h2><a id="map"></a>', '<h2 class="map-heading"><a id="map"></a>', 1)
    return _document(report.journey.title, report.language, body)


_SVG_ID = re.compile(r'(\bid="|url\(#|href="#)([^")]*)')


def _inline(svg: str, prefix: str) -> str:
    """An SVG document as it goes into the page: without its XML prologue,
    and with its ids (Graphviz's `graph0`, `node1`…) made its own, so that no
    two pictures of the page share one and a link to a section cannot land
    in a picture."""
    return _SVG_ID.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", _PROLOG.sub("", svg).strip())


def _map_figures(svg: str, caption: str, pieces: Sequence[PrintedPiece], report: Report, t: Translate) -> str:
    """The whole map, for the screen, and its pieces, for print (when it has
    any: else the whole map prints)."""
    whole = "map-whole screen-only" if pieces else "map-whole"
    figures = [f'<figure class="{whole}">{svg}<figcaption>{escape(caption)}</figcaption></figure>']
    lanes = lane_names(report.journey, t)
    for part, printed in enumerate(pieces, start=1):
        words = t("print.map_piece", map=caption, stages=_stages_words(printed.piece.stages, t),
                  lanes=_lanes_words(printed.piece.lanes, lanes, t), part=str(part), parts=str(len(pieces)))
        drawn = _inline(printed.svg, f"{MAP_MARKER}-{part}")
        figures.append(f'<figure class="map-piece print-only">{drawn}<figcaption>{escape(words)}</figcaption></figure>')
    return "".join(figures)


def _stages_words(stages: range, t: Translate) -> str:
    """"stages 4–6": the journey's own numbers of the stages of a piece."""
    if len(stages) == 1:
        return t("print.stage", number=str(stages.start + 1))
    return t("print.stages", first=str(stages.start + 1), last=str(stages.stop))


def _lanes_words(lanes: range, names: Sequence[str], t: Translate) -> str:
    if len(lanes) == 1:
        return names[lanes.start]
    return t("print.lanes", first=names[lanes.start], last=names[lanes.stop - 1])


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
        f"<title>{escape(title)}</title>\n<style>{CSS}{PRINT_CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
