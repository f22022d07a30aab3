from __future__ import annotations

import io
import os
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from cjmap import entry

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# The smallest journey that passes every rule: tests add one mistake to it.
CLEAN_JOURNEY = textwrap.dedent(
    """\
    cjmap: 1
    id: clean
    title: Clean journey
    teams:
      - id: cx
        name: Customer experience
    stages:
      - id: discover
        name: Discover
        phase: awareness
        needs: [Know the price]
        emotions: {score: 1}
        touchpoints:
          - {id: ad, name: Online ad, channel: ads, owner: cx}
        objectives:
          - {id: reach, statement: Reach people, metric: reach, target: 10, unit: people, baseline: 5, due: 2027-01-31}
        actions:
          - {title: Run an ad}
      - id: compare
        name: Compare
        phase: consideration
        needs: [Compare offers]
        emotions: {score: 0}
        touchpoints:
          - {id: shop, name: Shop, channel: store, owner: cx}
        objectives:
          - {id: visits, statement: More visits, metric: visits, target: 10, unit: people, baseline: 5, due: 2027-01-31}
        actions:
          - {title: Train staff, type: training}
      - id: buy
        name: Buy
        phase: decision
        needs: [Pay easily]
        emotions: {score: 2}
        touchpoints: [shop]
        objectives:
          - {id: sales, statement: More sales, metric: sales, target: 10, unit: EUR, baseline: 5, due: 2027-01-31}
        actions:
          - {title: Simplify checkout, type: process}
      - id: stay
        name: Stay
        phase: loyalty
        needs: [Get help]
        emotions: {score: 1}
        touchpoints: [ad]
        objectives:
          - {id: repeat, statement: Repeat buyers, metric: repeat rate, target: 30, unit: "%", baseline: 20, due: 2027-01-31}
        actions:
          - {title: Loyalty email, type: campaign}
    """
)


@pytest.fixture
def clean_journey() -> str:
    return CLEAN_JOURNEY


def journey_of_file(path: Path) -> Any:
    """A journey file as every command sees it: checked, with its catalogs'
    entries (an example may use a catalog), structurally sound."""
    from cjmap.engine import CheckOptions, check_bytes, has_structure_errors

    result = check_bytes(str(path), path.read_bytes(), CheckOptions(), folder=path.parent)
    assert result.journey is not None and not has_structure_errors(result), result.findings
    return result.journey


def copy_journey(source: Path, target: Path) -> Path:
    """Copy an example journey as a journey that stands alone: what its
    catalogs define is written into it (where its `personas` list names
    them), and its links to other journeys are left out. It draws and
    reports as the original does, with no other file beside it."""
    text = source.read_text(encoding="utf-8")
    listed = re.search(r"(?m)^catalogs: \[(.*)\]\n", text)
    if listed:
        definitions = "".join(
            re.split(r"(?m)^(?=personas:)", (source.parent / entry.strip()).read_text(encoding="utf-8"), maxsplit=1)[1]
            for entry in listed.group(1).split(",")
        )
        text = text.replace(listed.group(0), "")
        text = re.sub(r"(?m)^personas: \[.*\]\n", lambda _: definitions.rstrip("\n") + "\n", text, count=1)
    text = re.sub(r"(?m)^ +links:(?: \[[^\]\n]*\]\n|\n(?: +- .*\n)+)", "", text)
    target.write_text(text, encoding="utf-8")
    return target


def clean_journey_with_id(ident: str) -> str:
    """CLEAN_JOURNEY under another id: the journeys of one folder need their own."""
    return CLEAN_JOURNEY.replace("id: clean\n", f"id: {ident}\n", 1)


@pytest.fixture(scope="session")
def _cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cjmap-cache")


@pytest.fixture(autouse=True)
def _private_cache(_cache_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workspace index is cached in a folder of the test run's, never
    in the user's own cache."""
    monkeypatch.setenv("CJMAP_CACHE_DIR", str(_cache_folder))


def run_cli(
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: str | bytes = b"",
) -> tuple[int, str, str]:
    """Run cjmap's real entry point in-process: (exit code, stdout, stderr)."""
    raw = stdin.encode() if isinstance(stdin, str) else stdin
    monkeypatch.setattr(sys, "argv", ["cjmap", *args])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    with pytest.raises(SystemExit) as exited:
        entry.main()
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out, err


GOLDEN = ROOT / "tests" / "golden"


def check_golden(path: Path, produced: str) -> None:
    """`produced` equals the golden file at `path`; CJMAP_UPDATE_GOLDEN=1
    writes it instead (review the difference before committing it)."""
    if os.environ.get("CJMAP_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as golden:
            golden.write(produced)
    assert path.exists(), f"{path.name} is missing; run with CJMAP_UPDATE_GOLDEN=1"
    with path.open(encoding="utf-8", newline="") as golden:
        expected = golden.read()
    assert produced == expected, (
        f"{path.name} differs; if the change is wanted, rerun with CJMAP_UPDATE_GOLDEN=1 and review"
    )
