"""Benchmark of drawing journeys: every view, format and engine of `cjmap render`.

    python bench/render.py [--stages 6 100] [--repeat 3] [--views map flow blueprint]
                           [--formats dot svg png pdf mermaid]
                           [--engines dot graphviz-pure] [--seed 1] [--stand-in]

Generates a 6-stage and a 100-stage journey with bench/corpus.py, loads them as
cjmap does (loader, then schema), and times in-process, with time.perf_counter,
best of `--repeat` runs. The blueprint view draws the same journeys with a service
blueprint (`journey_text(..., blueprint=True)`: step times, moments of truth and
the four lanes); the other views draw them as they always were, so that their
figures compare with earlier runs:

  dot      building the view's DOT source: `VIEWS[view](journey, t)`;
  svg/png  building the DOT source and drawing it with each engine,
           `cjmap.render.engine.draw(dot, fmt, engine=...)`;
  pdf      the same with the `dot` engine only (graphviz-pure writes no PDF);
  mermaid  `cjmap.render.mermaid.build(journey, t)`: one picture whatever the view.

Until the views exist (cjmap.render.map_view / flow_view), or with --stand-in, a
trivial DOT source of one node per stage stands in for them, and the table says so.

Standard library only, besides cjmap. Exit status: 0 when every run worked;
1 when a run failed (an engine that is not installed is reported, not a failure).
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import journey_text  # noqa: E402

from cjmap.i18n import translator  # noqa: E402
from cjmap.loader import load_text  # noqa: E402
from cjmap.model import Journey  # noqa: E402
from cjmap.render import engine as render_engine  # noqa: E402
from cjmap.render import mermaid  # noqa: E402
from cjmap.schema import check_schema  # noqa: E402

FORMATS = ("dot", "svg", "png", "pdf", "mermaid")
ENGINES = ("dot", "graphviz-pure")
VIEW_NAMES = ("map", "flow", "blueprint")
BLUEPRINT_VIEW = "blueprint"  # the view that is drawn of journeys with a blueprint
NONE = "-"

View = Callable[[Journey, Callable[..., str]], str]


@dataclass
class Row:
    view: str
    stages: int
    fmt: str
    engine: str
    best: float | None = None
    size: int | None = None
    note: str = ""
    failed: bool = False


def stand_in_view(journey: Journey, t: Callable[..., str]) -> str:
    """A trivial DOT source: one box per stage, in a chain."""
    lines = ["digraph journey {", "  rankdir=LR;", "  node [shape=box];"]
    for index, stage in enumerate(journey.stages):
        label = stage.name.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'  s{index} [label="{label}"];')
        if index:
            lines.append(f"  s{index - 1} -> s{index};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def views(names: list[str], stand_in: bool) -> tuple[dict[str, View], str]:
    """The views to time, and a note when they are stand-ins."""
    if not stand_in:
        try:
            from cjmap.render.views import VIEWS
        except ImportError as err:
            note = f"stand-in DOT (the views cannot be imported: {err})"
        else:
            missing = [name for name in names if name not in VIEWS]
            if missing:
                raise SystemExit(f"unknown view(s): {', '.join(missing)}; known: {', '.join(VIEWS)}")
            return {name: VIEWS[name] for name in names}, ""
    else:
        note = "stand-in DOT (--stand-in)"
    return {name: stand_in_view for name in names}, note


def load_journey(seed: int, stages: int, *, blueprint: bool = False) -> Journey:
    text = journey_text(seed, stages=stages, blueprint=blueprint)
    journey, problems = check_schema(load_text(text))
    if journey is None:
        raise SystemExit(f"the generated {stages}-stage journey does not load: {problems[:3]}")
    return journey


def best_of(repeat: int, work: Callable[[], bytes | str]) -> tuple[float, int]:
    best = float("inf")
    size = 0
    for _ in range(repeat):
        start = time.perf_counter()
        output = work()
        best = min(best, time.perf_counter() - start)
        size = len(output.encode("utf-8") if isinstance(output, str) else output)
    return best, size


def engine_available(name: str, fmt: str) -> str | None:
    """None when `name` can draw `fmt` here, else why not."""
    try:
        render_engine.find_engine(name, fmt)
    except render_engine.RenderError as err:
        return str(err)
    return None


def plan(view_names: list[str], stage_counts: list[int], formats: list[str], engines: list[str]) -> list[Row]:
    rows = []
    for stages in stage_counts:
        for view in view_names:
            for fmt in formats:
                if fmt == "dot":
                    rows.append(Row(view, stages, fmt, NONE))
                elif fmt in ("svg", "png", "pdf"):
                    for name in engines:
                        if fmt == "pdf" and name != "dot":
                            continue
                        rows.append(Row(view, stages, fmt, name))
        if "mermaid" in formats:
            rows.append(Row(NONE, stages, "mermaid", NONE))
    return rows


def run(row: Row, journey: Journey, view: View | None, repeat: int, lang: str) -> None:
    t = translator(lang)
    if row.fmt == "mermaid":
        def work() -> bytes | str:
            return mermaid.build(journey, t)
    elif row.fmt == "dot":
        assert view is not None
        def work() -> bytes | str:
            return view(journey, t)
    else:
        assert view is not None
        why_not = engine_available(row.engine, row.fmt)
        if why_not is not None:
            row.note = f"not available: {why_not}"
            return
        def work() -> bytes | str:
            return render_engine.draw(view(journey, t), row.fmt, engine=row.engine)
    try:
        row.best, row.size = best_of(repeat, work)
    except Exception as err:  # a benchmark reports every failure and goes on
        row.failed = True
        row.note = f"FAILED: {type(err).__name__}: {err}"


def program_version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return "not installed"
    text = (done.stderr or done.stdout).strip().splitlines()
    return text[0] if text else "unknown"


def environment() -> list[str]:
    import cjmap

    lines = [
        f"{'python':<14}{platform.python_version()} ({sys.executable})",
        f"{'platform':<14}{platform.platform()}",
        f"{'cjmap':<14}{getattr(cjmap, '__version__', 'unknown')} ({Path(cjmap.__file__).parent})",
    ]
    for name in ENGINES:
        try:
            _, program = render_engine.find_engine(name, "svg")
        except render_engine.RenderError:
            lines.append(f"{name:<14}not installed")
            continue
        lines.append(f"{name:<14}{program_version([program, '-V'])} ({program})")
    return lines


def table(rows: list[Row], repeat: int) -> str:
    head = ("view", "stages", "format", "engine", f"best of {repeat} (s)", "bytes", "note")
    body = [
        (
            r.view,
            str(r.stages),
            r.fmt,
            r.engine,
            f"{r.best:.4f}" if r.best is not None else NONE,
            f"{r.size:,}" if r.size is not None else NONE,
            r.note,
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in (head, *body)) for i in range(len(head))]
    right = {1, 4, 5}

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths))
        ).rstrip()

    rule = "  ".join("-" * width for width in widths).rstrip()
    return "\n".join([line(head), rule, *(line(cells) for cells in body)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stages", type=int, nargs="+", default=[6, 100], help="stage counts (default: 6 100)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts (default: 3)")
    ap.add_argument("--views", nargs="+", default=list(VIEW_NAMES), help="views (default: map flow blueprint)")
    ap.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS, metavar="FORMAT",
                    help="formats (default: dot svg png pdf mermaid)")
    ap.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES, metavar="ENGINE",
                    help="engines (default: dot graphviz-pure)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the generated journeys (default: 1)")
    ap.add_argument("--language", default="en", help="language of the pictures' fixed words (default: en)")
    ap.add_argument("--stand-in", action="store_true", help="time a trivial DOT source instead of the views")
    args = ap.parse_args(argv)
    if args.repeat < 1 or any(n < 1 for n in args.stages):
        ap.error("--repeat and --stages must be at least 1")

    the_views, note = views(args.views, args.stand_in)
    print("\n".join(environment()))
    if note:
        print(f"{'views':<14}{note}")
    print()

    kinds = {False, BLUEPRINT_VIEW in args.views}  # journeys without and with a blueprint
    journeys = {(n, kind): load_journey(args.seed, n, blueprint=kind) for n in args.stages for kind in kinds}
    rows = plan(args.views, args.stages, args.formats, args.engines)
    for row in rows:
        view = the_views.get(row.view)
        run(row, journeys[row.stages, row.view == BLUEPRINT_VIEW], view, args.repeat, args.language)
        if note and row.view != NONE and not row.note:
            row.note = "stand-in DOT"
        status = row.note or f"{row.best:.4f} s"
        print(f"  {row.view:<9} {row.stages:>4} stages  {row.fmt:<7} {row.engine:<13} {status}",
              file=sys.stderr, flush=True)

    print(table(rows, args.repeat))
    return 1 if any(r.failed for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
