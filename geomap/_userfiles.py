"""Reading the user's own files safely: text, CSV, JSON and GeoJSON.

Every reader of a file the user names (``--gazetteer``, ``--layer``, ``--timeline``,
``--boundaries``, ``gazetteer import``) goes through these helpers, so a broken or
hostile file gives one :class:`~geomap.errors.InputError` line naming the file (and
``file:line: reason`` or ``file:feature N: reason`` where a place in it is at fault)
instead of a traceback, a hang or exhausted memory:

* only regular files of at most :data:`geomap.settings.MAX_USER_FILE_BYTES` are read
  (a FIFO or ``/dev/zero`` would block or never end);
* CSV fields are bounded by :data:`geomap.settings.MAX_CSV_FIELD_CHARS`;
* JSON nesting is measured by a linear scan *before* parsing, so a 100,000-deep file
  never reaches the recursive parser; ``NaN``, ``Infinity``, numbers longer than
  :data:`geomap.settings.MAX_JSON_NUMBER_CHARS` and floats that overflow to infinity
  are refused, and integers stay integers;
* GeoJSON is WGS 84 longitude/latitude (RFC 7946). A ``crs`` member naming another
  system (EPSG:3857 metres, a national grid) is refused with a message saying how to
  reproject, rather than reprojected: guessing from a free-text CRS name is how
  coordinates end up in the wrong country, and ``ogr2ogr`` does it properly;
* every geometry has a known type, positions of finite numbers within
  longitude -180..180 and latitude -90..90, and is not empty; an invalid polygon
  (self-intersecting, wrongly wound) is repaired with shapely's ``make_valid``.

shapely is imported inside :func:`feature_shape` only.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import stat
from itertools import accumulate
from pathlib import Path
from typing import Any

from geomap import settings
from geomap.errors import InputError

# GeoJSON geometry types with coordinates, and how many list levels hold their
# positions (a Point's coordinates are one position; a MultiPolygon's are polygons of
# rings of positions).
_COORDINATE_LEVELS = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}
GEOMETRY_TYPES = (*_COORDINATE_LEVELS, "GeometryCollection")
# A JSON string (an unterminated one runs to the end of its line): unrolled so that
# every character is tried once, whatever the backslashes.
_JSON_STRING_RE = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"?')
# The nesting scan works on bytes: escapes dropped, then everything but quotes and
# brackets deleted (bytes.translate, C speed), then the strings, which leaves the
# brackets that nest. Most strings are then a bare pair of quotes, removed with
# bytes.replace: dropping two adjacent quotes keeps every bracket inside or outside a
# string as it was, since the quotes before it keep their parity.
_ESCAPE_RE = re.compile(rb"\\.", re.DOTALL)
_NOT_STRUCTURE = bytes(c for c in range(256) if c not in b'"[]{}')
_QUOTED_RE = re.compile(rb'"[^"]*"?')
_BRACKET_STEP = tuple(
    {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}.get(c, 0) for c in range(256)
)
# CRS names that mean WGS 84 longitude/latitude in GeoJSON as written in practice.
_WGS84_RE = re.compile(
    r"(?:urn:ogc:def:crs:)?(?:OGC:(?:1\.3)?:?CRS84|EPSG:(?:[\d.]*:)?4326)|CRS84|WGS\s?84",
    re.IGNORECASE,
)
_SHOWN_CHARS = 40  # characters of a bad value quoted in a message


class _RefusedNumber(Exception):
    """A JSON number the parse hooks refuse: *token* as written, and why."""

    def __init__(self, token: str, reason: str) -> None:
        super().__init__(reason)
        self.token = token
        self.reason = reason


def shown(value: object) -> str:
    """*value* quoted for a one-line message, cut to a few dozen characters."""
    text = str(value)
    if len(text) > _SHOWN_CHARS:
        text = f"{text[:_SHOWN_CHARS]}… ({len(text):,} characters)"
    return repr(text)


# ---------------------------------------------------------------------------
# Text and CSV


def read_text(path: Path, label: str) -> str:
    """The UTF-8 text of a user file, checked for kind, size and content.

    Parameters
    ----------
    path
        The file.
    label
        How messages name the file (``"my.csv"``, ``"--layer my.csv"``).

    Raises
    ------
    InputError
        ``label: reason`` when the file is missing, not a regular file, larger than
        :data:`geomap.settings.MAX_USER_FILE_BYTES`, binary, not UTF-8 or empty.
    """
    limit = settings.MAX_USER_FILE_BYTES
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{label}: is a directory, not a file")
        if not stat.S_ISREG(mode):
            raise InputError(f"{label}: is not a regular file")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise InputError(f"{label}: is larger than {limit:,} bytes (MAX_USER_FILE_BYTES)")
    if b"\0" in data:
        raise InputError(f"{label}: is a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{label}: is not UTF-8 text") from None
    if not text.strip():
        raise InputError(f"{label}: is empty")
    return text


def read_csv(path: Path, label: str) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """Read a user CSV file: its header, and ``(line, row)`` for every row.

    Rows are :class:`csv.DictReader` rows: a short row has None values, a long one a
    None key, for the caller to report with its line.

    Raises
    ------
    InputError
        From :func:`read_text`, and ``label:line: reason`` for a field longer than
        :data:`geomap.settings.MAX_CSV_FIELD_CHARS`, more rows than
        :data:`geomap.settings.MAX_USER_FILE_ROWS` or any other CSV syntax error.
    """
    text = read_text(path, label)
    csv.field_size_limit(settings.MAX_CSV_FIELD_CHARS)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows: list[tuple[int, dict[str, Any]]] = []
    limit = settings.MAX_USER_FILE_ROWS
    try:
        header = list(reader.fieldnames or [])
        for row in reader:
            if len(rows) == limit:
                raise InputError(
                    f"{label}:{reader.line_num}: more than {limit:,} rows (MAX_USER_FILE_ROWS)"
                )
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        reason = str(exc)
        if "field limit" in reason:
            reason = f"field too large (over {settings.MAX_CSV_FIELD_CHARS:,} characters)"
        # DictReader counts a line only once it is parsed; its reader counts the lines read.
        raise InputError(f"{label}:{reader.reader.line_num}: {reason}") from None
    return header, rows


# First characters that make a spreadsheet treat a cell as a formula (OWASP, "CSV
# Injection"): the four formula signs, and tab and carriage return, which some
# spreadsheets skip before looking for one. geomap's CSV writers mark such a text cell
# (see geomap.output.csvcells); reading one back takes the mark off.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The mark OWASP recommends: spreadsheets show the cell as text and hide the quote.
FORMULA_MARK = "'"


def read_cell(text: str) -> str:
    """The text of a CSV cell geomap wrote, without the mark that neutralised a formula.

    geomap reads back the CSV files it writes (a gazetteer from ``gazetteer import``),
    so a name that starts with ``-`` or ``@`` is the same name after the round trip.
    Only a :data:`FORMULA_MARK` followed by one of :data:`FORMULA_STARTS` is taken off.

    Examples
    --------
    >>> read_cell("'-Tal Abyad"), read_cell("'s-Hertogenbosch"), read_cell("Aleppo")
    ('-Tal Abyad', "'s-Hertogenbosch", 'Aleppo')
    """
    if text.startswith(FORMULA_MARK) and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


# ---------------------------------------------------------------------------
# JSON and GeoJSON


def _refuse_constant(name: str) -> Any:
    raise _RefusedNumber(name, f"{name} is not a number")


def _parse_int(token: str) -> int:
    if len(token) > settings.MAX_JSON_NUMBER_CHARS:
        raise _RefusedNumber(token, f"number {shown(token)} is too long")
    return int(token)


def _parse_float(token: str) -> float:
    if len(token) > settings.MAX_JSON_NUMBER_CHARS:
        raise _RefusedNumber(token, f"number {shown(token)} is too long")
    number = float(token)
    if not math.isfinite(number):
        raise _RefusedNumber(token, f"number {shown(token)} is too large")
    return number


def json_shape(text: str) -> tuple[int, int]:
    """How deeply the arrays and objects of JSON *text* nest, and how many there are.

    Linear in the length of *text*. Exact for valid JSON; for invalid JSON, exact up to
    the first error, where a parser stops anyway.
    """
    structure = _ESCAPE_RE.sub(b"", text.encode()).translate(None, _NOT_STRUCTURE)
    brackets = _QUOTED_RE.sub(b"", structure.replace(b'""', b""))
    depth = max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0)
    return depth, brackets.count(b"[") + brackets.count(b"{")


def read_json(path: Path, label: str) -> Any:
    """Parse a user JSON file with bounded nesting and refused non-numbers.

    Raises
    ------
    InputError
        From :func:`read_text`; ``label: nested deeper than N levels``;
        ``label:line: reason`` for a syntax error, ``NaN``/``Infinity``, or a number
        too long or too large for a float.
    """
    text = read_text(path, label)
    depth, containers = json_shape(text)
    if depth > settings.MAX_JSON_DEPTH:
        raise InputError(
            f"{label}: JSON nested deeper than {settings.MAX_JSON_DEPTH} levels (MAX_JSON_DEPTH)"
        )
    if containers > settings.MAX_JSON_CONTAINERS:
        raise InputError(
            f"{label}: more than {settings.MAX_JSON_CONTAINERS:,} JSON arrays and objects "
            "(MAX_JSON_CONTAINERS)"
        )
    try:
        return json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )
    except json.JSONDecodeError as exc:
        raise InputError(f"{label}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        # Not reached when the scan above is right; the parser stops at its own limit.
        raise InputError(f"{label}: JSON nested too deep") from None
    except _RefusedNumber as exc:
        # Strings hold no raw newlines in JSON, so the skeleton keeps the line numbers.
        skeleton = _JSON_STRING_RE.sub('""', text)
        position = skeleton.find(exc.token)
        line = f":{skeleton.count(chr(10), 0, position) + 1}" if position >= 0 else ""
        raise InputError(f"{label}{line}: {exc.reason}") from None


def _check_crs(member: dict, where: str) -> None:
    crs = member.get("crs")
    if crs is None:
        return
    properties = crs.get("properties") if isinstance(crs, dict) else None
    name = properties.get("name") if isinstance(properties, dict) else crs
    if isinstance(name, str) and _WGS84_RE.fullmatch(name.strip()):
        return
    raise InputError(
        f"{where}: coordinates in CRS {shown(name if name is not None else crs)}; geomap "
        "reads GeoJSON in WGS 84 longitude/latitude only (RFC 7946): reproject it first, "
        "e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson"
    )


def read_features(path: Path, label: str, *, lone: bool = False) -> list[dict]:
    """The features of a user GeoJSON file, each a dict with a dict of properties.

    Parameters
    ----------
    path
        The file (read with :func:`read_json`).
    label
        How messages name the file.
    lone
        Also accept a lone Feature or geometry (as a one-feature collection).

    Raises
    ------
    InputError
        When the file is not a FeatureCollection (or, with *lone*, a Feature or a
        geometry), has no features, a feature that is not an object, or a ``crs``
        other than WGS 84.
    """
    data = read_json(path, label)
    if not isinstance(data, dict):
        raise InputError(f"{label}: is not a GeoJSON object")
    _check_crs(data, label)
    kind = data.get("type")
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise InputError(f"{label}: FeatureCollection without a features list")
    elif lone and kind == "Feature":
        features = [data]
    elif lone and kind in GEOMETRY_TYPES:
        features = [{"type": "Feature", "geometry": data, "properties": {}}]
    else:
        expected = "a GeoJSON object" if lone else "a GeoJSON FeatureCollection"
        raise InputError(f"{label}: is not {expected}")
    if not features:
        raise InputError(f"{label}: has no features")
    if len(features) > settings.MAX_USER_FILE_ROWS:
        raise InputError(
            f"{label}: more than {settings.MAX_USER_FILE_ROWS:,} features (MAX_USER_FILE_ROWS)"
        )
    checked = []
    for number, feature in enumerate(features, start=1):
        where = f"{label}:feature {number}"
        if not isinstance(feature, dict):
            raise InputError(f"{where}: not a GeoJSON feature")
        properties = feature.get("properties")
        if properties is None:
            properties = {}
        if not isinstance(properties, dict):
            raise InputError(f"{where}: properties is not an object")
        _check_crs(feature, where)
        checked.append({**feature, "properties": properties})
    return checked


def position(value: Any, where: str) -> tuple[float, float]:
    """``(lon, lat)`` of a GeoJSON position: finite numbers within the WGS 84 ranges.

    Raises
    ------
    InputError
        ``where: reason`` for anything else.
    """
    if not isinstance(value, list | tuple) or len(value) < 2:
        raise InputError(f"{where}: bad position {shown(value)}")
    # An altitude (or more) may follow; it must be a number too.
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        raise InputError(f"{where}: position {shown(json.dumps(value))} holds a non-number")
    if not all(map(math.isfinite, value[2:])):
        raise InputError(f"{where}: position {shown(value)} holds a non-finite number")
    return degrees(value[0], value[1], where)


def degrees(lon: float, lat: float, where: str) -> tuple[float, float]:
    """``(lon, lat)`` as floats, checked finite and within -180..180 and -90..90.

    Raises
    ------
    InputError
        ``where: reason`` when either is out of range (metres, or swapped axes).
    """
    x, y = float(lon), float(lat)
    if not (math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90):
        raise InputError(
            f"{where}: latitude {y:g}, longitude {x:g} out of range "
            "(-90..90, -180..180: WGS 84 degrees expected)"
        )
    return x, y


def _check_coordinates(value: Any, levels: int, kind: str, where: str) -> None:
    """Check nested coordinate lists down to positions (at most three levels)."""
    if levels == 0:
        position(value, where)
        return
    if not isinstance(value, list):
        raise InputError(f"{where}: {kind} coordinates are not a list")
    if not value:
        raise InputError(f"{where}: empty {kind} geometry")
    for item in value:
        _check_coordinates(item, levels - 1, kind, where)


def check_geometry(geometry: Any, where: str) -> str:
    """Check a GeoJSON geometry object; return its type.

    Raises
    ------
    InputError
        ``where: reason`` for an unknown type, an empty geometry or a bad position.
        (A GeometryCollection's nesting is bounded by the JSON depth limit.)
    """
    if not isinstance(geometry, dict):
        raise InputError(f"{where}: geometry is not an object")
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        members = geometry.get("geometries")
        if not isinstance(members, list):
            raise InputError(f"{where}: GeometryCollection without a geometries list")
        if not members:
            raise InputError(f"{where}: empty GeometryCollection geometry")
        for member in members:
            check_geometry(member, where)
        return kind
    if kind not in _COORDINATE_LEVELS:
        raise InputError(
            f"{where}: unknown geometry type {shown(kind)} (use {', '.join(GEOMETRY_TYPES)})"
        )
    _check_coordinates(geometry.get("coordinates"), _COORDINATE_LEVELS[kind], kind, where)
    return kind


def feature_shape(feature: dict, where: str) -> Any:
    """The shapely geometry of a checked feature: valid (repaired) and not empty.

    Raises
    ------
    InputError
        ``where: reason`` when the feature has no geometry, fails
        :func:`check_geometry`, or cannot be built (a ring of fewer than four
        positions) or repaired into a non-empty geometry.
    """
    import shapely
    from shapely.errors import ShapelyError
    from shapely.geometry import shape

    geometry = feature.get("geometry")
    if geometry is None:
        raise InputError(f"{where}: no geometry")
    kind = check_geometry(geometry, where)
    try:
        geom = shape(geometry)
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
    except (ShapelyError, ValueError, TypeError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"{where}: bad {kind} geometry ({reason})") from None
    if geom.is_empty:
        raise InputError(f"{where}: empty {kind} geometry")
    return geom
