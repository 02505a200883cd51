"""The one CSV writer of the gazetteer build scripts, and their ``alt_names`` field.

The build scripts write their files through :func:`write_csv`, so that every gazetteer
file has the same layout: a header, rows sorted by ``id``, UTF-8, ``\\n`` line endings.
The same rows give the same bytes. They join a place's other spellings with
:func:`alt_field`.

A script run as ``python scripts/x.py`` has ``scripts/`` on ``sys.path`` and imports
this module by name; a script loaded by its path (``importlib``) puts its own folder
there first (see the scripts' imports).
"""

from __future__ import annotations

import csv
import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[dict[str, str]]) -> int:
    """Write gazetteer rows sorted by id, refusing repeated ids.

    Parameters
    ----------
    path
        Output file; its folder is created.
    columns
        The header, in order; every row has exactly these keys.
    rows
        The rows, each with an ``id``.

    Returns
    -------
    int
        How many rows were written.

    Raises
    ------
    SystemExit
        Two rows have the same id (nothing is written).

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "sub" / "places.csv"
    >>> write_csv(out, ["id", "name"], [{"id": "b", "name": "Bé"}, {"id": "a", "name": "A"}])
    2
    >>> out.read_bytes().decode("utf-8")
    'id,name\\na,A\\nb,Bé\\n'
    >>> write_csv(out, ["id"], [{"id": "a"}, {"id": "a"}])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    SystemExit: ...places.csv: ids repeat: ['a']
    """
    ordered = sorted(rows, key=lambda r: r["id"])
    ids = [r["id"] for r in ordered]
    repeated = sorted({i for i, j in itertools.pairwise(ids) if i == j})
    if repeated:
        raise SystemExit(f"{path}: ids repeat: {repeated}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(ordered)
    return len(ordered)


def alt_field(name: str, spellings: Iterable[object]) -> str:
    """Join the spellings other than *name* with ``|``: NFC, stripped, deduplicated
    ignoring case, sorted; anything but a non-empty string left out.

    Raises
    ------
    ValueError
        A spelling contains the separator ``|``.

    Examples
    --------
    >>> alt_field("Douma", ["Duma", "douma", " DUMA ", "دوما", None])
    'DUMA|دوما'
    """
    cleaned = {unicodedata.normalize("NFC", s).strip() for s in spellings if isinstance(s, str)}
    seen = {name.casefold()}
    out = []
    for s in sorted(cleaned - {""}):
        if "|" in s:
            raise ValueError(f"alternative name contains the separator: {s!r}")
        if s.casefold() not in seen:
            seen.add(s.casefold())
            out.append(s)
    return "|".join(out)
