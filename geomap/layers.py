"""Extra point layers (``geomap map --layer FILE``): GeoJSON, or CSV with coordinates.

:func:`read_point_layer` reads a file into a :class:`PointLayer`: the points' coordinates
(rounded to :data:`COORDINATE_DECIMALS`) and only the few properties a popup and the
legend need, so a layer of 100,000 points stays small in ``map.html``. CSV files need a
pair of coordinate columns, found by name: ``latitude``/``longitude`` (as in an ACLED
export), ``lat``/``lon`` (or ``lng``/``long``) or ``y``/``x``, in any case.

A malformed file raises :class:`~geomap.errors.InputError` with a one-line message
naming the file (and the line or feature), before anything is written.
"""

from __future__ import annotations

import csv
import json
import math
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from geomap.errors import InputError

__all__ = [
    "COORDINATE_DECIMALS",
    "MAX_CATEGORIES",
    "PointLayer",
    "read_point_layer",
]

COORDINATE_DECIMALS = 5  # about 1 m
MAX_CATEGORIES = 10  # more distinct values than this: not a category
MAX_TEXT = 160  # characters kept of a text property
_COORDINATE_PAIRS = (
    ("latitude", "longitude"),
    ("lat", "lon"),
    ("lat", "lng"),
    ("lat", "long"),
    ("y", "x"),
)
# Properties kept for the popup, by role; the first present name of each role is kept.
_CATEGORY_NAMES = ("event_type", "cause", "category", "type", "kind", "sub_event_type")
_LABEL_NAMES = ("name", "title", "location", "place", "site", "label", "city")
_DATE_NAMES = ("event_date", "date", "sensordate", "datetime", "time", "dateperiod")
_COUNT_NAMES = ("fatalities", "deaths", "killed", "casualties", "count")


@dataclass(slots=True)
class PointLayer:
    """Points from one ``--layer`` file.

    Attributes
    ----------
    name
        Shown in the layer control and the legend (the file's name).
    source
        The file's name, shown with the data sources.
    fields
        The property names kept, in popup order.
    points
        ``(lon, lat, values)`` per point, *values* matching *fields* (``None`` if absent).
    category
        The property the points are coloured by, if one has at most
        :data:`MAX_CATEGORIES` distinct values; else None.
    """

    name: str
    source: str
    fields: list[str]
    points: list[tuple[float, float, tuple[str | None, ...]]] = field(default_factory=list)
    category: str | None = None

    def categories(self) -> list[str]:
        """The category values, most frequent first (ties alphabetically)."""
        if self.category is None:
            return []
        index = self.fields.index(self.category)
        counts = Counter(values[index] or "" for _, _, values in self.points)
        return [value for value, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    def bounds(self) -> list[list[float]]:
        """``[[south, west], [north, east]]`` of the points."""
        lons = [p[0] for p in self.points]
        lats = [p[1] for p in self.points]
        return [[min(lats), min(lons)], [max(lats), max(lons)]]


def read_point_layer(path: str | os.PathLike[str]) -> PointLayer:
    """Read a GeoJSON or CSV file of points.

    Parameters
    ----------
    path
        ``.geojson``/``.json`` (a FeatureCollection, a Feature or a geometry; Point and
        MultiPoint geometries; features without a geometry are skipped) or ``.csv``.

    Raises
    ------
    InputError
        If the file is missing, unreadable, malformed, has a coordinate out of range
        or holds no point.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"--layer {path}: no such file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"--layer {path}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"--layer {path}: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path, text)
    elif suffix in (".geojson", ".json"):
        rows = _geojson_rows(path, text)
    else:
        raise InputError(f"--layer {path}: expected a .geojson, .json or .csv file")
    if not rows:
        raise InputError(f"--layer {path}: no points")
    return _layer(path, rows)


def _coordinate(path: Path, where: str, lon: object, lat: object) -> tuple[float, float]:
    try:
        x = float(lon)  # type: ignore[arg-type]
        y = float(lat)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(
            f"--layer {path}: {where}: coordinates {lat!r}, {lon!r} are not numbers"
        ) from None
    if not (math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90):
        raise InputError(f"--layer {path}: {where}: coordinates {lat}, {lon} out of range")
    return round(x, COORDINATE_DECIMALS), round(y, COORDINATE_DECIMALS)


def _csv_rows(path: Path, text: str) -> list[tuple[float, float, dict]]:
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    lowered = {name.strip().lower(): name for name in header if name}
    pair = next(
        ((lowered[a], lowered[b]) for a, b in _COORDINATE_PAIRS if a in lowered and b in lowered),
        None,
    )
    if pair is None:
        raise InputError(
            f"--layer {path}: no coordinate columns (expected latitude/longitude, lat/lon or y/x)"
        )
    lat_col, lon_col = pair
    rows = []
    try:
        for row in reader:
            if None in row:
                raise InputError(
                    f"--layer {path}: line {reader.line_num}: more values than columns"
                )
            if not any((v or "").strip() for v in row.values()):
                continue
            lon, lat = _coordinate(path, f"line {reader.line_num}", row[lon_col], row[lat_col])
            props = {k: v for k, v in row.items() if k not in (lat_col, lon_col)}
            rows.append((lon, lat, props))
    except csv.Error as exc:
        raise InputError(f"--layer {path}: line {reader.line_num}: {exc}") from None
    return rows


def _geojson_rows(path: Path, text: str) -> list[tuple[float, float, dict]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"--layer {path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise InputError(f"--layer {path}: not a GeoJSON object")
    if data.get("type") == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise InputError(f"--layer {path}: FeatureCollection without a features list")
    elif data.get("type") == "Feature":
        features = [data]
    else:
        features = [{"type": "Feature", "geometry": data, "properties": {}}]
    rows = []
    for number, feature in enumerate(features):
        where = f"feature {number}"
        if not isinstance(feature, dict):
            raise InputError(f"--layer {path}: {where}: not a GeoJSON feature")
        geometry = feature.get("geometry")
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            raise InputError(f"--layer {path}: {where}: properties is not an object")
        if geometry is None:
            continue
        if not isinstance(geometry, dict):
            raise InputError(f"--layer {path}: {where}: geometry is not an object")
        kind = geometry.get("type")
        coords = geometry.get("coordinates")
        if kind == "Point":
            coords = [coords]
        elif kind != "MultiPoint":
            raise InputError(
                f"--layer {path}: {where}: {kind!s} geometry; a layer holds points only"
            )
        if not isinstance(coords, list):
            raise InputError(f"--layer {path}: {where}: coordinates missing")
        for point in coords:
            if not isinstance(point, list | tuple) or len(point) < 2:
                raise InputError(f"--layer {path}: {where}: bad coordinates {point!r}")
            lon, lat = _coordinate(path, where, point[0], point[1])
            rows.append((lon, lat, props))
    return rows


def _pick(names: dict[str, str], candidates: tuple[str, ...]) -> str | None:
    return next((names[c] for c in candidates if c in names), None)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    if not text:
        return None
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _layer(path: Path, rows: list[tuple[float, float, dict]]) -> PointLayer:
    keys: dict[str, str] = {}
    for _, _, props in rows:
        for key in props:
            keys.setdefault(str(key).strip().lower(), key)
    category = None
    for candidate in _CATEGORY_NAMES:
        if candidate in keys:
            distinct = {_text(props.get(keys[candidate])) for _, _, props in rows}
            if 1 <= len(distinct) <= MAX_CATEGORIES:
                category = keys[candidate]
                break
    fields = [
        name
        for name in (
            _pick(keys, _LABEL_NAMES),
            category,
            _pick(keys, _DATE_NAMES),
            _pick(keys, _COUNT_NAMES),
        )
        if name is not None
    ]
    fields = list(dict.fromkeys(fields))
    points = [(lon, lat, tuple(_text(props.get(f)) for f in fields)) for lon, lat, props in rows]
    return PointLayer(
        name=path.name, source=path.name, fields=fields, points=points, category=category
    )
