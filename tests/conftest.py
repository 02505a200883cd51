"""Shared pytest fixtures."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

# Helper modules beside the tests (such as hostile_inputs.py) are imported by name;
# --import-mode=importlib does not put this folder on sys.path by itself.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``shared/`` folder beside the project (``../shared`` from the repo root).

    Skips the test when it is missing, except under ``CI=true``, where a missing
    folder is a broken CI set-up and fails the test.
    """
    shared = REPO_ROOT.parent / "shared"
    if not shared.is_dir():
        message = f"shared material not found at {shared}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (required when CI=true)")
        pytest.skip(message)
    return shared
