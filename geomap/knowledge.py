"""Where the data files that ship with geomap are found.

In a wheel, ``data/gazetteer`` is packed as ``geomap/_data/gazetteer`` (see
``pyproject.toml``); in a source checkout or an editable install it is the
top-level ``data/gazetteer`` folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder of shipped data called *name* (e.g. ``"gazetteer"``)."""
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / "data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"geomap's {name} data is missing from this installation")
