"""Knowledge in data: where geomap's tables are and the one way they are read.

Everything geomap knows about a language, a conflict, its sides, outlets and actors,
or a place lives in the files under ``data/`` (see ``data/README.md``), never in
Python. Each stage reads its tables through :func:`table` (CSV with a header) or
:func:`word_list` (one entry a line), which check the columns, strip the cells and
name the file and line of any problem (:class:`~geomap.errors.DataError`).

In a wheel, ``data/`` is packed as ``geomap/_data/`` (see ``pyproject.toml``); in a
source checkout or an editable install it is the top-level ``data/`` folder. The
environment variable :data:`DATA_DIR_ENV` (or :func:`use_data_dir`) points geomap at
another copy of the same layout: a sub-folder it has (``events/``...) replaces the
shipped one, the others stay the shipped ones. Readers of the tables are cached with
:func:`cached`, and switching folders clears them all.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import ParamSpec, TypeVar

from geomap import settings
from geomap.errors import DataError

__all__ = ["DATA_DIR_ENV", "cached", "data_dir", "table", "use_data_dir", "word_list"]

#: Environment variable naming a folder laid out like ``data/`` that overrides it.
DATA_DIR_ENV = "GEOMAP_DATA_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent
_P = ParamSpec("_P")
_R = TypeVar("_R")
_CACHED: list[Callable[..., object]] = []


def cached(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Cache a reader of data tables; :func:`use_data_dir` clears it.

    Every function that turns a table into patterns or lookups is wrapped in this,
    so that a new data folder is read afresh.
    """
    wrapped = functools.cache(function)
    _CACHED.append(wrapped)
    return wrapped  # type: ignore[return-value]


@cached
def data_dir(name: str) -> Path:
    """Return the folder of data called *name* (``"gazetteer"``, ``"events"``...)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override and (Path(override) / name).is_dir():
        return Path(override) / name
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / "data" / name):
        if candidate.is_dir():
            return candidate
    raise DataError(f"geomap's {name} data is missing from this installation")


@contextlib.contextmanager
def use_data_dir(folder: str | os.PathLike[str]) -> Iterator[None]:
    """Read every table from *folder* (laid out like ``data/``) inside the block."""
    before = os.environ.get(DATA_DIR_ENV)
    os.environ[DATA_DIR_ENV] = os.fspath(folder)
    _clear()
    try:
        yield
    finally:
        if before is None:
            del os.environ[DATA_DIR_ENV]
        else:
            os.environ[DATA_DIR_ENV] = before
        _clear()


def _clear() -> None:
    for function in _CACHED:
        function.cache_clear()  # type: ignore[attr-defined]


@cached
def table(folder: str, name: str, columns: Sequence[str]) -> tuple[dict[str, str], ...]:
    """The rows of the CSV table ``data/<folder>/<name>``, cells stripped.

    Parameters
    ----------
    folder, name
        Where the table is (``"events"``, ``"event-types.csv"``).
    columns
        The columns it must have (more are allowed and kept). Give a tuple: the
        result is cached per argument.

    Raises
    ------
    DataError
        The file is missing, unreadable, too large, or lacks a column; a row has
        more cells than the header.
    """
    path = data_dir(folder) / name
    where = f"{folder}/{name}"
    try:
        if path.stat().st_size > settings.MAX_USER_FILE_BYTES:
            raise DataError(f"{where}: larger than {settings.MAX_USER_FILE_BYTES} bytes")
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{where}: cannot be read ({exc.__class__.__name__})") from None
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataError(f"{where}: missing column(s) {', '.join(missing)}")
    rows = []
    for row in reader:
        if None in row:
            raise DataError(f"{where}:{reader.line_num}: more cells than columns")
        cells = {key: (value or "").strip() for key, value in row.items()}
        if any(cells.values()):
            rows.append(cells)
    return tuple(rows)


@cached
def word_list(folder: str, name: str) -> tuple[str, ...]:
    """The entries of ``data/<folder>/<name>``: one a line, ``#`` starts a comment."""
    path = data_dir(folder) / name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{folder}/{name}: cannot be read ({exc.__class__.__name__})") from None
    entries = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(entry for entry in entries if entry)
