"""The pre-commit hook and the GitHub composite action, run for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from conftest import CLEAN_JOURNEY, EXAMPLES, ROOT

from cjmap.fmt.format import format_text

BROKEN = CLEAN_JOURNEY.replace("    needs: [Compare offers]\n", "")


def _git_repo(path: Path, files: dict[str, str]) -> None:
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "-C", str(path), "add", "."], check=True)


def test_the_pre_commit_hooks_check_and_format_the_journeys_they_are_given(tmp_path: Path) -> None:
    assert shutil.which("pre-commit"), "pre-commit is a test dependency: pip install -e '.[test]'"
    project = tmp_path / "project"
    project.mkdir()
    example = (EXAMPLES / "bank-account-opening.journey.yaml").read_text(encoding="utf-8")
    _git_repo(project, {"good.journey.yaml": example, "bad.journey.yaml": BROKEN, "notes.yaml": "a: [\n"})
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
    assert (project / "bad.journey.yaml").read_text(encoding="utf-8") == format_text(BROKEN)[0]
    assert (project / "good.journey.yaml").read_text(encoding="utf-8") == example


def test_the_hook_definitions() -> None:
    # fmt first: a commit is formatted, then checked.
    fmt, validate = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert (validate["id"], validate["entry"], validate["language"]) == ("cjmap-validate", "cjmap validate", "python")
    assert (fmt["id"], fmt["entry"], fmt["language"]) == ("cjmap-fmt", "cjmap fmt", "python")
    assert validate["files"] == fmt["files"] == r"\.journey\.ya?ml$"


def test_the_composite_action_validates_with_the_github_format(tmp_path: Path) -> None:
    action = YAML(typ="safe").load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = {step.get("name"): step for step in action["runs"]["steps"]}
    assert '"$GITHUB_ACTION_PATH"' in steps["Install cjmap"]["run"]
    validate = steps["Validate journeys"]
    # Run the step's own script, as the runner would, with the action's inputs.
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "a.journey.yaml").write_text(BROKEN)
    cjmap = Path(sys.executable).parent / "cjmap"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "cjmap").symlink_to(cjmap if cjmap.exists() else shutil.which("cjmap"))
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "CJMAP_PATHS": "journeys/",
        "CJMAP_ARGS": "--fail-on warning",
    }
    done = subprocess.run(["bash", "-c", validate["run"]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stdout.startswith("::group::journeys/a.journey.yaml\n")
    assert "::error file=journeys/a.journey.yaml,line=19,col=5," in done.stdout
