"""Work grows with the journey, not with its square.

No timing here: each test counts what the code does (the lines it runs, the
ids it compares, the times it splits a text) on a journey and on one four
times bigger, from `bench/corpus.scaled_journey_text`, in which every list
grows together. Linear work grows about four times; a loop over one list
nested in a loop over another grows sixteen times. The counts are exact and
the same on every machine, so the bounds can be tight.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import cjmap.diff.compare as diff_compare
import cjmap.engine as engine
import cjmap.fmt.emit as fmt_emit
import cjmap.fmt.format as fmt_format
import cjmap.fmt.tree as fmt_tree
import cjmap.loader as loader
import cjmap.suppressions as suppressions
import cjmap.diff.moves as diff_moves
import cjmap.navigate as navigate
import cjmap.references as references
import cjmap.suggest as suggest
import cjmap.render.flow_view as flow_view
import cjmap.render.map_view as map_view
import cjmap.render.mermaid as mermaid
import cjmap.report.data as report_data
import cjmap.report.markdown as report_markdown
from cjmap.engine import CheckOptions, check_bytes
from cjmap.findings import FileResult, Finding, Severity
from cjmap.i18n import translator
from cjmap.limits import MAX_LIMITS, Limits
from cjmap.loader import Document, load_text
from cjmap.model import Journey, Touchpoint
from cjmap.schema import check_schema
from cjmap.suggest import Suggestions

from conftest import run_cli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from corpus import nested_text, scaled_journey_text  # noqa: E402

SMALL = 400  # touchpoints: 40 stages
GROWTH = 4
# Linear work on a journey four times bigger: about four times, a little more
# where a few lines run once per run. Quadratic work is sixteen times.
LINEAR_BOUND = 5.0

T = translator("en")


def _document(touchpoints: int, **kwargs: Any) -> tuple[Document, Journey]:
    doc = load_text(scaled_journey_text(touchpoints, **kwargs))
    journey, problems = check_schema(doc)
    assert journey is not None, problems
    return doc, journey


def _journey(touchpoints: int, **kwargs: Any) -> Journey:
    return _document(touchpoints, **kwargs)[1]


def lines_run(call: Callable[[], object], *modules: ModuleType) -> int:
    """How many lines of `modules` run during `call()`: a measure of work
    that, unlike time, is exact and the same on every machine."""
    files = {module.__file__ for module in modules}
    count = 0

    def local(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame: Any, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename in files else None

    before = sys.gettrace()
    sys.settrace(calls)
    try:
        call()
    finally:
        sys.settrace(before)
    return count


def growth(work: Callable[[int], int], small: int = SMALL) -> float:
    return work(small * GROWTH) / work(small)


# --- report -----------------------------------------------------------------


def _report(touchpoints: int) -> report_data.Report:
    return report_data.assemble(_journey(touchpoints), source="j.journey.yaml", language="en", findings=[])


def test_assembling_a_report_is_linear() -> None:
    def work(touchpoints: int) -> int:
        journey = _journey(touchpoints)
        return lines_run(
            lambda: report_data.assemble(journey, source="j", language="en", findings=[]),
            report_data, navigate,
        )

    assert growth(work) < LINEAR_BOUND


def test_writing_the_markdown_report_is_linear() -> None:
    def work(touchpoints: int) -> int:
        report = _report(touchpoints)
        pictures = report_markdown.Pictures(None, None)
        return lines_run(lambda: report_markdown.render(report, T, pictures), report_markdown, report_data, navigate)

    assert growth(work) < LINEAR_BOUND


def test_the_report_indexes_the_journey_once(monkeypatch: pytest.MonkeyPatch) -> None:
    built = []
    real = report_data.JourneyIndex

    def counting(journey: Journey) -> navigate.JourneyIndex:
        built.append(journey)
        return real(journey)

    monkeypatch.setattr(report_data, "JourneyIndex", counting)
    report = _report(SMALL)
    text = report_markdown.render(report, T, report_markdown.Pictures(None, None))
    assert len(built) == 1
    assert text.count("| Touchpoint 0 of stage 7 | app | online | Team 3 |") == 1


def _naive_segments(journey: Journey) -> list[tuple[str, list[tuple[str | None, str, str]]]]:
    """What each segment gets, found the slow and obvious way."""
    views = []
    for segment in journey.segments:
        items: list[tuple[str | None, str, str]] = []
        for stage in journey.stages:
            for lane in ("steps", "needs", "questions", "pain_points", "opportunities"):
                items += [(stage.id, lane, i.text) for i in getattr(stage, lane) if segment.id in i.segments]
            items += [(stage.id, "touchpoints", t.name) for t in stage.touchpoints
                      if isinstance(t, Touchpoint) and segment.id in t.segments]
            items += [(stage.id, "actions", a.title) for a in stage.actions if segment.id in a.segments]
        items += [(None, "touchpoints", t.name) for t in journey.touchpoints if segment.id in t.segments]
        views.append((segment.id, items))
    return views


def test_a_big_report_gives_each_segment_and_team_what_is_theirs() -> None:
    report = _report(SMALL * GROWTH)
    journey = report.journey
    assert [
        (view.segment.id, [(i.stage.id if i.stage else None, i.lane, i.text) for i in view.items])
        for view in report.segments
    ] == _naive_segments(journey)
    assert sum(len(view.items) for view in report.segments) > 1000
    index = navigate.JourneyIndex(journey)
    for row in report.teams:
        assert set(row.stages_owned) == {s.id for s in journey.stages if s.owner == row.team.id}
        for stage in journey.stages:
            cell = row.cells[stage.id]
            assert cell.touchpoints == [
                tp for tp in (index.touchpoint(t) for t in stage.touchpoints) if tp.owner == row.team.id
            ]
            assert cell.objectives == [o for o in stage.objectives if o.owner == row.team.id]
            assert cell.actions == [a for a in stage.actions if a.owner == row.team.id]


def test_a_segment_listed_twice_by_an_item_gets_it_once() -> None:
    journey = _journey(20)
    need = journey.stages[0].needs[0]
    twice = need.model_copy(update={"segments": [need.segments[0], need.segments[0]]})
    stage = journey.stages[0].model_copy(update={"needs": [twice]})
    journey = journey.model_copy(update={"stages": [stage, *journey.stages[1:]]})
    report = report_data.assemble(journey, source="j", language="en", findings=[])
    [view] = [v for v in report.segments if v.segment.id == need.segments[0]]
    assert [item.text for item in view.items if item.lane == "needs"] == [need.text]


# --- render -----------------------------------------------------------------


@pytest.mark.parametrize(("build", "module"), [
    (flow_view.build, flow_view),
    (map_view.build, map_view),
    (mermaid.build, mermaid),
], ids=["flow", "map", "mermaid"])
def test_drawing_is_linear(build: Callable[[Journey, Any], str], module: ModuleType) -> None:
    def work(touchpoints: int) -> int:
        journey = _journey(touchpoints)
        return lines_run(lambda: build(journey, T), module)

    # The flow view's quadratic loop ran over the touchpoints that stages share,
    # one per stage here: it shows on bigger journeys.
    assert growth(work, small=1000) < LINEAR_BOUND


def test_the_flow_view_draws_each_shared_touchpoint_once_under_its_middle_stage() -> None:
    journey = _journey(SMALL * GROWTH)
    dot = flow_view.build(journey, T)
    shared = [f"cat-{(s - 1) * 5}" for s in range(1, len(journey.stages))]
    assert len(shared) == 159
    for touchpoint_id in shared:
        name = navigate.JourneyIndex(journey).touchpoint(touchpoint_id).name
        assert dot.count(f"<B>{name}</B>") + dot.count(f">{name}<") == 1, touchpoint_id


# --- validate ---------------------------------------------------------------


def test_suggestions_for_dangling_references_compare_a_bounded_number_of_ids(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compared: list[int] = []
    real = suggest.closest

    def counting(word: str, choices: Any) -> str | None:
        choices = list(choices)
        compared.append(len(choices))
        return real(word, choices)

    monkeypatch.setattr(suggest, "closest", counting)
    totals = []
    for touchpoints in (SMALL * GROWTH, SMALL * GROWTH**2):
        compared.clear()
        doc, journey = _document(touchpoints, typos=True)
        problems = references.check_references(journey, doc.data, doc.positions)
        steps = 3 * len(journey.stages)
        assert len(problems) == steps
        # Every misspelt `tq-…` still gets its `tp-…`, far past the budget.
        assert all(
            p.message.endswith(f"; did you mean `tp-{p.message.split('`tq-')[1].split('`')[0]}`?") for p in problems
        )
        totals.append(sum(compared))
    # Linear: a budget of full comparisons, then a few candidates per dangling id.
    assert totals[1] < LINEAR_BOUND * totals[0]
    assert totals[1] < Suggestions.BUDGET + 50 * 3 * (SMALL * GROWTH**2 // 10)


def test_suggestions_for_a_journey_of_normal_size_compare_every_id() -> None:
    known = [f"id-{i}" for i in range(100)] + ["welcome-call-team"]
    nearest = Suggestions(known)
    # Not a one-character typo: only the full comparison finds it.
    assert nearest("welcome-calls") == "welcome-call-team"
    nearest.spent = nearest.BUDGET
    assert nearest("id-7x") == "id-7"
    assert nearest("welcome-call-tem") == "welcome-call-team"
    assert nearest("nothing-like-it") is None


def _splits(call: Callable[[], object]) -> int:
    """How many times `call()` splits a text into lines, whichever way it does
    (`str.splitlines`, or a pattern's `split`): built-in calls, as the profiler sees them."""
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event == "c_call" and getattr(arg, "__name__", "") in ("split", "splitlines"):
            count += 1

    sys.setprofile(profile)
    try:
        call()
    finally:
        sys.setprofile(None)
    return count


def test_slimming_a_result_splits_its_source_once() -> None:
    source = "".join(f"line {n}\n" for n in range(1, 3001))
    findings = [Finding("f", n, 1, "CJ004", Severity.ERROR, "m") for n in range(1, 3001)]
    slimmed: list[FileResult] = []
    assert _splits(lambda: slimmed.append(FileResult(file="f", findings=findings, source=source).slim())) == 1
    assert slimmed[0].excerpts == {n: f"line {n}" for n in range(1, 3001)}


def test_checking_a_journey_with_a_suppression_on_every_touchpoint_is_linear() -> None:
    def work(touchpoints: int) -> int:
        raw = scaled_journey_text(touchpoints, suppressed=True).encode()
        return lines_run(lambda: check_bytes("j", raw, CheckOptions()), engine, suppressions, loader)

    assert growth(work) < LINEAR_BOUND


def test_every_suppression_silences_its_own_finding() -> None:
    text = scaled_journey_text(SMALL * GROWTH, suppressed=True)
    assert check_bytes("j", text.encode(), CheckOptions()).findings == []  # no CJ109, and no CJ116: all used
    found = suppressions.find_suppressions(text)
    assert len(found) == SMALL * GROWTH // 2
    lines = text.splitlines()
    for suppression in found:
        assert lines[suppression.line - 1][suppression.column - 1:] == "# cjmap: disable=CJ109"
    # Without the comments, each is a finding at its own line.
    bare = text.replace("  # cjmap: disable=CJ109", "")
    assert [f.line for f in check_bytes("j", bare.encode(), CheckOptions()).findings] == [s.line for s in found]


def test_the_first_of_two_suppressions_that_cover_a_finding_is_the_one_used() -> None:
    text = scaled_journey_text(70, suppressed=True)
    comments = [s.line for s in suppressions.find_suppressions(text)]
    assert len(comments) == 35
    # A whole-file comment before them silences every finding: the line comments silence nothing.
    first = check_bytes("j", ("# cjmap: disable-file=CJ109\n" + text).encode(), CheckOptions())
    assert [(f.code, f.line) for f in first.findings] == [("CJ116", line + 1) for line in comments]
    # After them, it is the one that silences nothing.
    last = check_bytes("j", (text + "# cjmap: disable-file=CJ109\n").encode(), CheckOptions())
    assert [(f.code, f.line) for f in last.findings] == [("CJ116", len(text.splitlines()) + 1)]


def test_a_journey_with_thousands_of_dangling_references_is_checked_whole() -> None:
    raw = scaled_journey_text(SMALL * GROWTH, typos=True).encode()
    result = check_bytes("j.journey.yaml", raw, CheckOptions()).slim()
    assert [f.code for f in result.findings] == ["CJ004"] * (3 * SMALL * GROWTH // 10)
    assert all("did you mean `tp-" in f.message for f in result.findings)
    assert all(result.excerpt(f.line) and "tq-" in result.excerpt(f.line) for f in result.findings)


# --- diff -------------------------------------------------------------------


def test_comparing_two_versions_is_linear() -> None:
    def work(touchpoints: int) -> int:
        old, new = _journey(touchpoints), _journey(touchpoints, revision=1)
        return lines_run(lambda: diff_compare.compare(old, new), diff_compare, diff_moves)

    assert growth(work) < LINEAR_BOUND


def test_a_big_diff_names_every_change() -> None:
    old, new = _journey(SMALL * GROWTH), _journey(SMALL * GROWTH, revision=1)
    changes = diff_compare.compare(old, new)
    stages = len(old.stages)
    kinds: dict[str, int] = {}
    for change in changes:
        kinds[change.kind] = kinds.get(change.kind, 0) + 1
    assert kinds == {
        "stage-moved": stages // 10,
        "stage-renamed": stages // 10,
        "objective-changed": 2 * stages // 5,
        "action-added": stages // 2,
        "action-removed": stages // 2,
    }


def _table_subsequence(a: list[str], b: list[str]) -> list[str]:
    """The longest common subsequence the slow and obvious way, walking the
    table of every pair as diff always has: the reference for ties."""
    return diff_moves._common_by_table(a, b)


@pytest.mark.parametrize("seed", range(20))
def test_moved_stages_are_the_same_as_the_table_says(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(100):
        old = [f"s{i}" for i in range(rnd.randint(0, 40))]
        new = old[:]
        if rnd.random() < 0.3:
            rnd.shuffle(new)
        for _ in range(rnd.randint(0, 5)):
            if len(new) > 1:
                new.insert(rnd.randrange(len(new)), new.pop(rnd.randrange(len(new))))
        if new and rnd.random() < 0.3:
            new.pop(rnd.randrange(len(new)))
        if rnd.random() < 0.3:
            new.insert(rnd.randrange(len(new) + 1), "added")
        assert diff_moves._common_subsequence(old, new) == _table_subsequence(old, new)
        kept = set(old) & set(new)
        assert diff_moves.moved(old, new) == kept - set(_table_subsequence(
            [i for i in old if i in kept], [i for i in new if i in kept]))


def test_moving_the_first_of_thousands_of_stages_to_the_end_moves_one() -> None:
    old = [f"stage-{i}" for i in range(5000)]
    new = old[1:] + old[:1]
    assert diff_moves.moved(old, new) == {"stage-0"}
    assert lines_run(lambda: diff_moves.moved(old, new), diff_moves) < 200 * len(old)


# --- fmt --------------------------------------------------------------------


class _ScanCounting(str):
    """Text that counts the characters its searches read."""

    scanned = 0

    def rfind(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        begin, stop, _ = slice(start, end).indices(len(self))
        _ScanCounting.scanned += max(0, stop - begin)
        return super().rfind(sub, begin, stop)

    def find(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        begin, stop, _ = slice(start, end).indices(len(self))
        _ScanCounting.scanned += max(0, stop - begin)
        return super().find(sub, begin, stop)


def test_fmt_reads_the_text_of_a_big_journey_a_bounded_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = fmt_tree.yaml_parser
    monkeypatch.setattr(fmt_tree, "yaml_parser", lambda text: parser(str(text)))  # libyaml takes a plain str
    text = _ScanCounting(scaled_journey_text(SMALL * GROWTH))
    assert max(text) > "\xff"  # as in most journeys: the text is stored wide, and a search for U+2028 reads it all
    _ScanCounting.scanned = 0
    document = fmt_tree.read(text)
    assert document.root is not None
    # Searching back from every list item to the file's start read the text once per item.
    assert _ScanCounting.scanned < 2 * len(text)


def test_formatting_is_linear() -> None:
    def work(touchpoints: int) -> int:
        text = scaled_journey_text(touchpoints)
        return lines_run(lambda: fmt_format.format_text(text), fmt_tree, fmt_emit, fmt_format)

    assert growth(work) < LINEAR_BOUND


# --- nesting depth ----------------------------------------------------------

DEEP = 1000  # levels: far past any journey, allowed here by the loader's own Limits


def _path_items(doc: Document) -> int:
    """What the positions of a document hold: every part of every path."""
    return sum(len(path) for path in doc.positions.values) + sum(len(path) for path in doc.positions.keys)


def test_positions_grow_linearly_with_nesting_depth() -> None:
    def held(depth: int) -> int:
        return _path_items(load_text(nested_text(depth), limits=Limits(max_depth=depth + 10)))

    # A path per level, each as long as its level, held d²/2 parts.
    assert held(DEEP * GROWTH) / held(DEEP) < LINEAR_BOUND
    assert held(DEEP * GROWTH) < 100 * DEEP * GROWTH


def test_loading_deep_nesting_is_linear_work() -> None:
    def work(depth: int) -> int:
        text = nested_text(depth)
        limits = Limits(max_depth=depth + 10)
        return lines_run(lambda: load_text(text, limits=limits), loader)

    assert growth(work, small=DEEP) < LINEAR_BOUND


def test_a_deeply_nested_value_is_still_reported_where_it_starts() -> None:
    doc = load_text(nested_text(DEEP), limits=Limits(max_depth=DEEP + 10))
    assert doc.problems == []
    journey, problems = check_schema(doc)
    assert journey is None
    assert [(p.code, p.line, p.column) for p in problems] == [("CJ003", 4, 14)]
    # Past the depth positions keep, a value points at its ancestor there.
    deep_path = ("description",) + (0,) * (DEEP - 1)
    assert doc.positions.value(deep_path) == (4, 14 + loader.POSITION_DEPTH - 1)


def test_a_duplicate_key_deeper_than_positions_go_names_its_first_line() -> None:
    depth = loader.POSITION_DEPTH + 10
    text = "a:\n" + "".join("  " * (i + 1) + "b:\n" for i in range(depth)) + "  " * (depth + 1) + "c: 1\n"
    text += "  " * (depth + 1) + "d: 2\n" + "  " * (depth + 1) + "c: 3\n"
    doc = load_text(text, limits=Limits(max_depth=depth + 10))
    assert [(p.code, p.line, p.message) for p in doc.problems] == [
        ("CJ002", depth + 4, f"duplicate key `c` (first at line {depth + 2})")
    ]


@pytest.mark.parametrize(("key", "maximum", "unit"), [
    ("file-size", MAX_LIMITS.max_file_bytes, "bytes"),
    ("nesting-depth", MAX_LIMITS.max_depth, "levels"),
    ("alias-values", MAX_LIMITS.max_alias_nodes, "values"),
])
def test_a_configuration_may_not_raise_a_limit_past_its_maximum(
    key: str, maximum: int, unit: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    journey = tmp_path / "j.journey.yaml"
    journey.write_text(scaled_journey_text(70))
    config = tmp_path / "cjmap.toml"
    config.write_text(f"[limits]\n{key} = {maximum}\n")
    assert run_cli(["validate", str(journey)], capsys, monkeypatch)[0] == 0
    config.write_text(f"[limits]\n{key} = {maximum + 1}\n")
    code, out, err = run_cli(["validate", str(journey)], capsys, monkeypatch)
    assert code == 2
    assert out == ""
    assert f"{config}: `limits.{key}` is {maximum + 1:,}, more than cjmap allows: at most {maximum:,} {unit}" in err


def test_every_command_reads_a_journey_as_deep_as_the_maximum(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The maximum depth is one fmt's YAML round trip can still walk."""
    (tmp_path / "cjmap.toml").write_text(f"[limits]\nnesting-depth = {MAX_LIMITS.max_depth}\n")
    deep = tmp_path / "deep.journey.yaml"
    # A valid journey, with a comment for fmt, whose description is nested as deep as allowed.
    text = nested_text(MAX_LIMITS.max_depth - 1).replace("description: ", "# deep\ndescription: ")
    deep.write_text(text)
    code, out, err = run_cli(["validate", str(deep), "-f", "json"], capsys, monkeypatch)
    assert code == 1 and '"CJ003"' in out and "CJ001" not in out, err
    code, out, err = run_cli(["fmt", "--check", str(deep)], capsys, monkeypatch)
    assert code in (0, 1) and "internal error" not in err, err
    (tmp_path / "cjmap.toml").write_text(f"[limits]\nnesting-depth = {MAX_LIMITS.max_depth - 1}\n")
    code, out, err = run_cli(["validate", str(deep), "-f", "json"], capsys, monkeypatch)
    assert code == 1 and '"CJ001"' in out and "nested more than" in out
