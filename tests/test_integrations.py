"""The pre-commit hook and the GitHub composite action, run for real."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import CLEAN_JOURNEY, EXAMPLES, ROOT, copy_journey
from test_reporters import _sarif_validator

from cjmap.engine import CheckOptions, check_bytes
from cjmap.fmt.format import format_text

BROKEN = CLEAN_JOURNEY.replace("    needs: [Compare offers]\n", "")
# An error (CJ101 at 19:5) and a warning (CJ107), for the action's counts.
ACTION_JOURNEY = BROKEN.replace("    emotions: {score: 0}\n", "", 1)


def _git_repo(path: Path, files: dict[str, str]) -> None:
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "-C", str(path), "add", "."], check=True)


def test_the_pre_commit_hooks_check_and_format_the_journeys_they_are_given(tmp_path: Path) -> None:
    assert shutil.which("pre-commit"), "pre-commit is a test dependency: pip install -e '.[test]'"
    project = tmp_path / "project"
    project.mkdir()
    example = copy_journey(EXAMPLES / "bank-account-opening.journey.yaml", project / "good.journey.yaml").read_text()
    messy_catalog = "id: people\nkind: catalog\ncjmap: 1\nteams:\n  - {name: CX, id: cx}\n"
    _git_repo(project, {"bad.journey.yaml": BROKEN, "notes.yaml": "a: [\n", "people.catalog.yaml": messy_catalog})
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        ["pre-commit", "try-repo", str(ROOT), "--all-files"],  # every hook of this repository
        cwd=project, capture_output=True, text=True, env=env, timeout=900,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    # pre-commit runs cjmap-fmt first: validate reads the formatted journey.
    formatted = format_text(BROKEN)[0]
    line = formatted.splitlines().index("  - id: compare") + 1
    assert f"bad.journey.yaml:{line}:5 CJ101 error stage 'compare' has no needs" in output
    assert "good.journey.yaml" not in output.split("cjmap validate")[-1]
    assert "notes.yaml" not in output.split("cjmap validate")[-1]  # not a journey: not passed
    fmt_part = output.split("cjmap fmt")[-1]
    assert "files were modified by this hook" in fmt_part
    assert "cjmap: formatted bad.journey.yaml" in fmt_part and "good.journey.yaml" not in fmt_part
    assert "cjmap: formatted people.catalog.yaml" in fmt_part  # catalogs are passed to the hooks too
    assert (project / "people.catalog.yaml").read_text(encoding="utf-8").startswith("cjmap: 1\nkind: catalog\nid: people\n")
    assert (project / "bad.journey.yaml").read_text(encoding="utf-8") == format_text(BROKEN)[0]
    assert (project / "good.journey.yaml").read_text(encoding="utf-8") == example


def test_the_hook_definitions() -> None:
    # fmt first: a commit is formatted, then checked.
    fmt, validate = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert (validate["id"], validate["entry"], validate["language"]) == ("cjmap-validate", "cjmap validate", "python")
    assert (fmt["id"], fmt["entry"], fmt["language"]) == ("cjmap-fmt", "cjmap fmt", "python")
    assert validate["files"] == fmt["files"] == r"\.(journey|catalog)\.ya?ml$"


def _action() -> dict[str, Any]:
    return YAML(typ="safe").load((ROOT / "action.yml").read_text())


def _step(name: str) -> dict[str, Any]:
    action = _action()
    assert action["runs"]["using"] == "composite"
    return {step.get("name"): step for step in action["runs"]["steps"]}[name]


def _run_step(step: dict[str, Any], cwd: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run a step's script as the runner runs a `shell: bash` step, with its `env:`
    set as the given inputs make it; return the result and what it wrote to
    $GITHUB_OUTPUT."""
    assert step["shell"] == "bash"
    script = cwd.parent / f"{cwd.name}-step.sh"
    script.write_text(step["run"])
    github_output = cwd.parent / f"{cwd.name}-github-output"
    github_output.write_text("")
    runner_temp = cwd.parent / f"{cwd.name}-runner-temp"
    runner_temp.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "GITHUB_ACTIONS": "true",
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_OUTPUT": str(github_output),
        "RUNNER_TEMP": str(runner_temp),
        **env,
    }
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    outputs = dict(line.split("=", 1) for line in github_output.read_text().splitlines())
    return done, outputs


def _validate(tmp_path: Path, *, paths: str = "journeys/", args: str = "", sarif: str = "") -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """The action's validate step, with its inputs set as the runner sets them."""
    step = _step("Validate journeys")
    assert step["env"] == {
        "CJMAP_PATHS": "${{ inputs.paths }}",
        "CJMAP_ARGS": "${{ inputs.args }}",
        "CJMAP_SARIF": "${{ inputs.sarif }}",
    }
    work = tmp_path / "work"
    (work / "journeys").mkdir(parents=True)
    (work / "journeys" / "a.journey.yaml").write_text(ACTION_JOURNEY)
    cjmap = Path(sys.executable).parent / "cjmap"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "cjmap").symlink_to(cjmap if cjmap.exists() else shutil.which("cjmap"))
    return _run_step(step, work, {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "CJMAP_PATHS": paths,
        "CJMAP_ARGS": args,
        "CJMAP_SARIF": sarif,
    })


def _action_journey_counts() -> dict[str, str]:
    findings = check_bytes("a.journey.yaml", ACTION_JOURNEY.encode(), CheckOptions()).findings
    counts = {"errors": 0, "warnings": 0}
    for finding in findings:
        if finding.severity.value in ("error", "warning"):
            counts[finding.severity.value + "s"] += 1
    assert counts["errors"] == 1 and counts["warnings"] > 0  # both counts are tested
    return {key: str(value) for key, value in counts.items()}


def _valid_sarif(path: Path) -> dict[str, Any]:
    log = json.loads(path.read_text(encoding="utf-8"))
    assert [e.message for e in _sarif_validator().iter_errors(log)] == []
    return log


def test_the_composite_action_validates_with_the_github_format(tmp_path: Path) -> None:
    assert '"$GITHUB_ACTION_PATH"' in _step("Install cjmap")["run"]
    done, outputs = _validate(tmp_path, args="--fail-on warning")
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("::group::journeys/a.journey.yaml\n")
    assert "::error file=journeys/a.journey.yaml,line=19,col=5," in done.stdout
    # The counts are the action's outputs.
    assert outputs == _action_journey_counts()
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["journeys"]  # nothing left behind


def test_the_composite_action_writes_sarif_and_annotations_in_one_run(tmp_path: Path) -> None:
    done, outputs = _validate(tmp_path, sarif="cjmap.sarif")
    assert done.returncode == 1, done.stderr
    assert "::error file=journeys/a.journey.yaml,line=19,col=5," in done.stdout
    log = _valid_sarif(tmp_path / "work" / "cjmap.sarif")
    results = log["runs"][0]["results"]
    assert ("CJ101", 19, 5) in [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
         r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in results
    ]
    assert outputs == _action_journey_counts()
    levels = [r["level"] for r in results]
    assert (str(levels.count("error")), str(levels.count("warning"))) == (outputs["errors"], outputs["warnings"])


def test_the_composite_action_passes_a_format_and_output_of_args_through(tmp_path: Path) -> None:
    # The action's own annotations used to take the first --output of `args`: exit 2.
    done, outputs = _validate(tmp_path, args="--format sarif --output from-args.sarif")
    assert done.returncode == 1, done.stderr
    assert "::error file=journeys/a.journey.yaml,line=19,col=5," in done.stdout
    assert _valid_sarif(tmp_path / "work" / "from-args.sarif")["runs"][0]["results"]
    assert outputs == _action_journey_counts()
    # An --output named for its format needs no --format.
    done, _ = _validate(tmp_path / "named", args="--output by-name.sarif --fail-on warning")
    assert done.returncode == 1, done.stderr
    assert "::error file=journeys/a.journey.yaml,line=19,col=5," in done.stdout
    assert _valid_sarif(tmp_path / "named" / "work" / "by-name.sarif")["runs"][0]["results"]


def test_the_composite_action_gives_no_counts_when_cjmap_cannot_run(tmp_path: Path) -> None:
    done, outputs = _validate(tmp_path, args="--format nope")
    assert done.returncode == 2
    assert "--format nope is not a format" in done.stderr
    assert outputs == {}
    done, outputs = _validate(tmp_path / "clean", paths="journeys/ missing/")
    assert done.returncode == 2, done.stderr
    assert outputs == {}


@pytest.mark.parametrize(
    ("version", "installs"),
    [
        ("", str(ROOT)),  # the action's own revision
        ("0.2.0", "cjmap==0.2.0"),
        ("==0.1.0", "cjmap==0.1.0"),
        ("~=0.2", "cjmap~=0.2"),
        (">=0.1,<0.3", "cjmap>=0.1,<0.3"),
    ],
)
def test_the_composite_action_installs_the_version_asked_for(tmp_path: Path, version: str, installs: str) -> None:
    step = _step("Install cjmap")
    assert step["env"] == {"CJMAP_VERSION": "${{ inputs.version }}"}
    # A python that records how it was called instead of installing anything.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "calls"
    fake = bin_dir / "python"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{record}"\n')
    fake.chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()
    done, _ = _run_step(step, work, {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "CJMAP_VERSION": version})
    assert done.returncode == 0, done.stderr
    assert record.read_text().splitlines() == ["-m", "pip", "install", "--quiet", installs]


def test_the_composite_action_caches_pip_per_version(tmp_path: Path) -> None:
    action = _action()
    steps = action["runs"]["steps"]
    setup, locate, restore, install, save = steps[:5]
    assert setup["uses"].startswith("actions/setup-python@") and setup["id"] == "python"
    assert locate["id"] == "pip-cache" and locate["env"] == {"CJMAP_VERSION": "${{ inputs.version }}"}
    # Restored before pip runs, saved right after it: not at the end of a job that the
    # findings may fail, when a cache action's own save would be skipped.
    assert restore["uses"].startswith("actions/cache/restore@") and restore["id"] == "pip-restore"
    assert restore["with"]["path"] == "${{ steps.pip-cache.outputs.dir }}"
    assert restore["with"]["key"] == (
        "cjmap-pip-${{ runner.os }}-${{ steps.python.outputs.python-version }}-${{ steps.pip-cache.outputs.key }}"
    )
    assert restore["with"]["key"].startswith(restore["with"]["restore-keys"])
    assert install["name"] == "Install cjmap"
    assert save["uses"].startswith("actions/cache/save@")
    assert save["if"] == "steps.pip-restore.outputs.cache-hit != 'true'"
    assert save["with"] == {
        "path": "${{ steps.pip-cache.outputs.dir }}",
        "key": "${{ steps.pip-restore.outputs.cache-primary-key }}",
    }

    def located(version: str) -> dict[str, str]:
        work = tmp_path / f"work{len(list(tmp_path.iterdir()))}"
        work.mkdir()
        done, outputs = _run_step(locate, work, {"CJMAP_VERSION": version})
        assert done.returncode == 0, done.stderr
        assert sorted(outputs) == ["dir", "key"]
        return outputs

    pip_dir = subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True, text=True, check=True)
    own, exact, other, spec = (located(v) for v in ("", "0.2.0", "0.3.0", ">=0.1,<0.3"))
    assert own["dir"] == pip_dir.stdout.strip()
    keys = [own["key"], exact["key"], other["key"], spec["key"]]
    assert len(set(keys)) == 4  # one cache per version
    assert located("0.2.0")["key"] == exact["key"]  # and the same one again
    assert all(re.fullmatch(r"[0-9a-f]{20}", key) for key in keys)  # no comma, as cache keys require


def test_the_composite_action_outputs_are_the_validate_step_counts() -> None:
    action = _action()
    assert action["outputs"] == {
        "errors": {"description": action["outputs"]["errors"]["description"], "value": "${{ steps.validate.outputs.errors }}"},
        "warnings": {"description": action["outputs"]["warnings"]["description"], "value": "${{ steps.validate.outputs.warnings }}"},
    }
    assert _step("Validate journeys")["id"] == "validate"
    assert {"sarif", "version", "paths", "args", "python-version"} <= set(action["inputs"])
    assert action["inputs"]["version"]["default"] == action["inputs"]["sarif"]["default"] == ""
