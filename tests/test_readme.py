"""The README's quick start is what CI runs, and the scripts it names exist."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"
INSTALL_BROWSER = ROOT / "scripts" / "install-browser"

RUN_COMMAND = "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/geomap map"
TEST_COMMAND = (
    'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" '
    "&& bash scripts/install-browser && .venv/bin/python -m pytest"
)


def quick_start_commands(text: str) -> list[str]:
    """The same rule as .ci/run: the non-empty lines of the first ```bash block
    under the "## Quick start" heading."""
    in_section = in_block = False
    commands: list[str] = []
    for line in text.splitlines():
        if line.startswith("## "):
            in_section = line == "## Quick start"
            continue
        if in_section and not in_block and line == "```bash":
            in_block = True
            continue
        if in_block and line.startswith("```"):
            return commands
        if in_block and line.strip():
            commands.append(line)
    return commands


def dry_run_ci(script: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GEOMAP_CI_DRY_RUN": "1"}
    return subprocess.run(
        ["bash", str(script)], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def test_quick_start_has_exactly_two_commands() -> None:
    assert quick_start_commands(README.read_text(encoding="utf-8")) == [
        RUN_COMMAND,
        TEST_COMMAND,
    ]


def test_ci_runs_the_readme_test_command(tmp_path: Path) -> None:
    result = dry_run_ci(CI_RUN, cwd=tmp_path)  # .ci/run finds the repo root by itself
    assert result.returncode == 0, result.stderr
    steps = [line.removeprefix("+ ") for line in result.stdout.splitlines() if line[:2] == "+ "]
    assert steps == [
        TEST_COMMAND,
        ".venv/bin/mypy",
        ".venv/bin/ruff check .",
        ".venv/bin/ruff format --check .",
    ]
    # Outside a dry run, each step really runs, and a failure stops CI with its exit code.
    script = CI_RUN.read_text(encoding="utf-8")
    assert "set -euo pipefail" in script
    assert re.search(r'^\s*bash -euo pipefail -c "\$step"\s*$', script, re.MULTILINE)


def test_ci_refuses_a_quick_start_without_two_commands(tmp_path: Path) -> None:
    (tmp_path / ".ci").mkdir()
    shutil.copy(CI_RUN, tmp_path / ".ci" / "run")
    (tmp_path / "README.md").write_text(
        f"# x\n\n## Quick start\n\n```bash\n{RUN_COMMAND}\n```\n", encoding="utf-8"
    )
    result = dry_run_ci(tmp_path / ".ci" / "run", cwd=tmp_path)
    assert result.returncode != 0
    assert "expected exactly 2 commands" in result.stderr


def test_install_browser_script_is_valid_bash() -> None:
    assert INSTALL_BROWSER.is_file()
    text = INSTALL_BROWSER.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert os.access(INSTALL_BROWSER, os.X_OK)
    result = subprocess.run(["bash", "-n", str(INSTALL_BROWSER)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # Playwright's own browser download cannot work without the open internet.
    assert not re.search(r"^[^#]*playwright\s+install", text, re.MULTILINE)
    assert "/usr/bin/chromium" in text
