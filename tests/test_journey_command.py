"""What render and report share: the format from a name, the journeys found,
checked and refused, the journey as a segment lives it, output names and
targets, and one batch of outputs for the run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, copy_journey
from cjmap.errors import UsageError
from cjmap.files import STDIN, Source
from cjmap.findings import Severity
from cjmap.journey_command import (
    TO_STDOUT,
    JourneyRequest,
    RunOutputs,
    format_from_name,
    output_name,
    read_journeys,
)
from cjmap.render.command import SUFFIX_FORMAT as PICTURE_SUFFIX_FORMAT
from cjmap.report.command import SUFFIX_FORMAT as REPORT_SUFFIX_FORMAT
from cjmap.settings import Overrides

BANK = EXAMPLES / "bank-account-opening.journey.yaml"


def _folder(tmp_path: Path, **journeys: str) -> Path:
    """A folder of journeys, each a copy of an example or a broken example."""
    folder = tmp_path / "journeys"
    folder.mkdir()
    for name, example in journeys.items():
        copy_journey(EXAMPLES / example, folder / f"{name}.journey.yaml")
    return folder


# --- the format, from --format or the output's suffix ---------------------------


@pytest.mark.parametrize(
    ("output", "expected"),
    [("out/shop.svg", "svg"), ("shop.GV", "dot"), ("shop.mermaid", "mermaid"), ("shop.mmd", "mermaid"),
     ("shop.pdf", "pdf")],
)
def test_a_picture_format_comes_from_the_suffix(output: str, expected: str) -> None:
    assert format_from_name(None, output, PICTURE_SUFFIX_FORMAT, default="svg") == expected


@pytest.mark.parametrize(("output", "expected"), [("r.md", "md"), ("r.markdown", "md"), ("r.HTM", "html")])
def test_a_report_format_comes_from_the_suffix(output: str, expected: str) -> None:
    assert format_from_name(None, output, REPORT_SUFFIX_FORMAT, default="md") == expected


def test_the_format_given_wins_over_the_suffix() -> None:
    assert format_from_name("png", "shop.svg", PICTURE_SUFFIX_FORMAT, default="svg") == "png"
    assert format_from_name("dot", "shop.unknown", PICTURE_SUFFIX_FORMAT, default="svg") == "dot"


@pytest.mark.parametrize("output", [None, TO_STDOUT])
def test_without_a_file_name_the_format_is_the_default(output: str | None) -> None:
    assert format_from_name(None, output, PICTURE_SUFFIX_FORMAT, default="svg") == "svg"
    assert format_from_name(None, output, REPORT_SUFFIX_FORMAT, default="md") == "md"


def test_an_unknown_suffix_is_a_usage_error_listing_every_suffix() -> None:
    with pytest.raises(UsageError) as raised:
        format_from_name(None, "shop.txt", PICTURE_SUFFIX_FORMAT, default="svg")
    assert str(raised.value) == "cannot tell the format from the name shop.txt"
    assert raised.value.hint == "end the name with .dot, .gv, .mermaid, .mmd, .pdf, .png, .svg, or give --format"


def test_a_name_without_a_suffix_is_a_usage_error_with_the_endings_given() -> None:
    with pytest.raises(UsageError) as raised:
        format_from_name(None, "report", REPORT_SUFFIX_FORMAT, default="md", endings=".md or .html")
    assert str(raised.value) == "cannot tell the format from the name report"
    assert raised.value.hint == "end the name with .md or .html, or give --format"


# --- the journeys, checked and refused ----------------------------------------


def test_a_journey_with_structure_errors_is_refused_and_the_others_are_checked(tmp_path: Path) -> None:
    folder = _folder(tmp_path, a="broken/dangling-owner.yaml", b="bank-account-opening.journey.yaml")
    journeys = read_journeys(JourneyRequest(str(folder)), each="one output per journey")
    assert journeys.folder == str(folder)
    assert [source.path for source in journeys.sources] == [str(folder / "a.journey.yaml"), str(folder / "b.journey.yaml")]
    assert [result.file for result in journeys.refused] == [str(folder / "a.journey.yaml")]
    assert [finding.code for finding in journeys.refused[0].findings] == ["CJ004"]
    assert [checked.source.path for checked in journeys.checked] == [str(folder / "b.journey.yaml")]
    assert journeys.checked[0].journey.id == "bank-current-account-online"
    assert journeys.checked[0].result.findings == []
    assert journeys.notes == []


def test_a_draft_is_checked_with_its_findings_and_refused_only_when_strict(tmp_path: Path) -> None:
    folder = _folder(tmp_path, draft="broken/stage-without-needs.yaml")
    draft = str(folder / "draft.journey.yaml")

    journeys = read_journeys(JourneyRequest(draft), each="one output per journey")
    assert journeys.refused == []
    assert [checked.source.path for checked in journeys.checked] == [draft]
    assert [(f.code, f.severity) for f in journeys.checked[0].result.findings] == [("CJ101", Severity.ERROR)]

    strict = read_journeys(JourneyRequest(draft), each="one output per journey", strict=True)
    assert strict.checked == []
    assert [(result.file, [f.code for f in result.findings]) for result in strict.refused] == [(draft, ["CJ101"])]


def test_strict_refuses_at_the_fail_level_the_overrides_give(tmp_path: Path) -> None:
    folder = _folder(tmp_path, warned="broken/missing-awareness.yaml")
    warned = str(folder / "warned.journey.yaml")
    passes = read_journeys(JourneyRequest(warned), each="one output per journey", strict=True)
    assert [checked.source.path for checked in passes.checked] == [warned]
    assert [(f.code, f.severity) for f in passes.checked[0].result.findings] == [("CJ110", Severity.WARNING)]

    fails = read_journeys(
        JourneyRequest(warned), each="one output per journey", overrides=Overrides(fail_on=Severity.WARNING), strict=True
    )
    assert fails.checked == []
    assert [result.file for result in fails.refused] == [warned]


def test_a_folder_with_one_output_file_is_a_usage_error_saying_what_each_journey_gets(tmp_path: Path) -> None:
    folder = _folder(tmp_path, b="bank-account-opening.journey.yaml")
    with pytest.raises(UsageError) as raised:
        read_journeys(JourneyRequest(str(folder), output="out.svg"), each="one picture per journey")
    assert str(raised.value) == f"{folder} is a folder: -o names one file"
    assert raised.value.hint == "use --output-dir DIR to write one picture per journey"


# --- the journey as asked -------------------------------------------------------


def test_a_segment_keeps_what_that_segment_lives_and_the_language_follows_the_journey() -> None:
    checked = read_journeys(JourneyRequest(str(BANK)), each="one output per journey").checked[0]
    whole = checked.as_asked(segment=None, language=None)
    assert whole.segment is None
    assert whole.language == "en"
    assert [len(stage.needs) for stage in whole.journey.stages] == [2, 2, 2, 2, 2, 1]

    asked = checked.as_asked(segment="bank-switchers", language="es")
    assert asked.segment is not None and asked.segment.id == "bank-switchers"
    assert asked.language == "es"
    assert [len(stage.needs) for stage in asked.journey.stages] == [1, 2, 1, 1, 2, 1]


def test_a_segment_the_journey_does_not_define_is_a_usage_error_naming_the_defined_ones() -> None:
    checked = read_journeys(JourneyRequest(str(BANK)), each="one output per journey").checked[0]
    with pytest.raises(UsageError) as raised:
        checked.as_asked(segment="nosuch", language=None)
    assert str(raised.value) == "the journey 'bank-current-account-online' has no segment `nosuch`"
    assert raised.value.hint == "defined segments: `digital-natives`, `bank-switchers`, `new-residents`"


# --- names and targets ----------------------------------------------------------


def test_an_output_is_named_after_the_journey_its_parts_and_its_segment() -> None:
    shop = Source("journeys/shop.journey.yaml", "journeys/shop.journey.yaml")
    assert output_name(shop, segment=None, suffix=".svg") == "shop.svg"
    assert output_name(shop, "flow", segment="young", suffix=".svg") == "shop.flow.young.svg"
    assert output_name(shop, None, segment="young", suffix=".mmd") == "shop.young.mmd"
    assert output_name(shop, segment="young", suffix=".report.md") == "shop.young.report.md"
    assert output_name(shop, segment="", suffix=".svg") == "shop.svg"


def test_a_segment_id_cannot_lead_an_output_out_of_its_folder() -> None:
    shop = Source("shop.journey.yaml", "shop.journey.yaml")
    assert output_name(shop, segment="../../etc/passwd", suffix=".svg") == "shop.etc-passwd.svg"
    assert output_name(shop, segment="..", suffix=".svg") == "shop.segment.svg"


def test_standard_input_is_named_journey() -> None:
    assert output_name(Source(STDIN, "<stdin>"), "flow", segment=None, suffix=".dot") == "journey.flow.dot"


def test_standard_input_goes_to_standard_output_only_when_the_command_says_so(tmp_path: Path) -> None:
    stdin = Source(STDIN, "<stdin>")
    journeys = read_journeys(JourneyRequest(str(BANK)), each="one output per journey")
    assert journeys.target(stdin, "journey.svg", stdin_to_stdout=True) == TO_STDOUT
    assert journeys.target(stdin, "journey.report.md") == "journey.report.md"

    into = read_journeys(JourneyRequest(str(BANK), output_dir=str(tmp_path)), each="one output per journey")
    assert into.target(stdin, "journey.svg", stdin_to_stdout=True) == str(tmp_path / "journey.svg")


def test_an_output_named_with_o_is_kept_as_given_and_others_go_beside_the_journey(tmp_path: Path) -> None:
    source = Source(str(BANK), str(BANK))
    named = read_journeys(JourneyRequest(str(BANK), output="./out/-"), each="one output per journey")
    assert named.target(source, "bank-account-opening.svg", stdin_to_stdout=True) == "./out/-"
    beside = read_journeys(JourneyRequest(str(BANK)), each="one output per journey")
    assert beside.target(source, "bank-account-opening.svg") == str(EXAMPLES / "bank-account-opening.svg")


def test_a_folder_keeps_its_layout_below_the_output_folder(tmp_path: Path) -> None:
    folder = _folder(tmp_path, b="bank-account-opening.journey.yaml")
    (folder / "sub").mkdir()
    copy_journey(BANK, folder / "sub" / "c.journey.yaml")
    out = tmp_path / "out"
    journeys = read_journeys(JourneyRequest(str(folder), output_dir=str(out)), each="one output per journey")
    targets = [journeys.target(checked.source, "x.svg") for checked in journeys.checked]
    assert targets == [str(out / "x.svg"), str(out / "sub" / "x.svg")]


# --- the outputs of a run -------------------------------------------------------


def test_files_land_together_and_standard_output_comes_after_them(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    outputs = RunOutputs([str(BANK)])
    outputs.add(TO_STDOUT, b"<svg/>", made_by="<stdin>")
    outputs.add(str(tmp_path / "a" / "shop.svg"), b"<svg>a</svg>", made_by="shop.journey.yaml")
    assert capsysbinary.readouterr().out == b""
    assert not (tmp_path / "a").exists()
    outputs.commit()
    assert capsysbinary.readouterr().out == b"<svg/>"
    assert (tmp_path / "a" / "shop.svg").read_bytes() == b"<svg>a</svg>"


def test_an_output_over_an_input_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    journey = tmp_path / "shop.journey.yaml"
    journey.write_text("kept")
    outputs = RunOutputs([str(journey)])
    with pytest.raises(UsageError) as raised:
        outputs.add(str(journey), b"<svg/>", made_by="shop.journey.yaml")
    assert raised.value.hint == "choose another output file; cjmap never writes over a journey"
    assert journey.read_text() == "kept"


def test_the_run_outputs_refuse_to_overwrite_any_file_the_run_read(tmp_path: Path) -> None:
    journeys = read_journeys(JourneyRequest(str(BANK)), each="one output per journey")
    actuals = tmp_path / "actuals.csv"
    actuals.write_text("objective,value\n")
    outputs = journeys.outputs(also_read=[str(actuals)])
    assert outputs.inputs == [str(BANK), str(actuals)]
    with pytest.raises(UsageError) as raised:
        outputs.add(str(actuals), b"x", made_by="report")
    assert str(raised.value) == f"the output {actuals} is the journey being read"
    assert actuals.read_text() == "objective,value\n"
