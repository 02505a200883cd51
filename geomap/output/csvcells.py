"""CSV that a spreadsheet opens as data, never as formulas (CSV injection).

Article text reaches geomap's CSV files (``geomap events --format csv``, ``geomap
gazetteer import``). A cell such as ``=cmd|' /C calc'!A0`` is run as a formula by
Excel or LibreOffice when the file is opened. Following OWASP's advice, every text
cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading single quote (``'=cmd...``), which spreadsheets read as "this is text", and
every text cell is quoted. Numbers geomap itself writes (coordinates, counts,
scores) are passed as numbers and stay bare numbers: ``-3.5`` is a longitude, not a
formula. ``raw=True`` (the ``--raw-csv`` flag) writes every cell exactly as found,
without the quote mark, for pipelines that read the CSV with a CSV parser.

>>> import io
>>> out = io.StringIO()
>>> write_rows(out, ["name", "lon"], [["=1+1", -3.5]])
>>> out.getvalue()
'name,lon\\n"\\'=1+1",-3.5\\n'
"""

from __future__ import annotations

import csv
import numbers
from collections.abc import Iterable, Sequence
from typing import TextIO

from geomap._userfiles import FORMULA_MARK, FORMULA_STARTS

__all__ = ["csv_cell", "write_rows"]


def csv_cell(value: object, *, raw: bool = False) -> object:
    """Return *value* ready for :mod:`csv`: numbers as numbers, text neutralised.

    Parameters
    ----------
    value
        A cell. ``None`` is an empty cell, ``True``/``False`` are ``true``/``false``;
        an ``int``, ``float`` or :class:`~decimal.Decimal` is one of geomap's numeric
        fields and is returned unchanged; anything else is text.
    raw
        Return text unchanged instead of neutralising it.

    Returns
    -------
    object
        The number, or the text, with a leading ``'`` when it starts with one of
        :data:`geomap._userfiles.FORMULA_STARTS` (unless *raw*); reading it back,
        :func:`geomap._userfiles.read_cell` takes the ``'`` off.

    Examples
    --------
    >>> csv_cell("@SUM(A1)"), csv_cell("-12 killed"), csv_cell(-12), csv_cell("Aleppo")
    ("'@SUM(A1)", "'-12 killed", -12, 'Aleppo')
    >>> csv_cell("=1+1", raw=True)
    '=1+1'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Number):
        return value
    text = str(value)
    if not raw and text.startswith(FORMULA_STARTS):
        return FORMULA_MARK + text
    return text


def write_rows(
    handle: TextIO,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    raw: bool = False,
) -> None:
    """Write a header line and *rows* as CSV, every cell through :func:`csv_cell`.

    Parameters
    ----------
    handle
        A text stream opened with ``newline=""`` (or a :class:`io.StringIO`).
    header
        The column names: geomap's own identifiers, written unquoted.
    rows
        The rows; each cell as :func:`csv_cell` takes it.
    raw
        Write text cells exactly as found (still quoted).
    """
    csv.writer(handle, lineterminator="\n").writerow(header)
    # QUOTE_NONNUMERIC quotes every text cell and leaves numbers bare, so a reader
    # (and a spreadsheet) can tell geomap's numbers from article text. It also quotes
    # a lone carriage return, which minimal quoting with "\n" line ends leaves bare,
    # splitting the row for every reader.
    writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        writer.writerow([csv_cell(value, raw=raw) for value in row])
