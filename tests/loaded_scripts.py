"""The project's scripts and benchmarks, loaded from their files for the tests.

Neither ``scripts/`` nor ``benchmarks/`` is a package, so a test imports one of their
modules by its path.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load_script(relative: str) -> ModuleType:
    """The module of the file *relative* to the project's root ("scripts/x.py")."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
