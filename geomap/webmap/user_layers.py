"""Extra point layers (``geomap map --layer FILE``): GeoJSON, or CSV with coordinates.

:func:`read_point_layer` reads a file into a :class:`PointLayer`: the points' coordinates
(rounded to :data:`geomap.output.geojson.MAP_POINT_DECIMALS`) and only the few
properties a popup and the legend need, so a layer of 100,000 points stays small in
``map.html``. CSV files need a
pair of coordinate columns, found by name: ``latitude``/``longitude`` (as in an ACLED
export), ``lat``/``lon`` (or ``lng``/``long``) or ``y``/``x``, in any case.

A malformed file raises :class:`~geomap.errors.InputError` with a one-line message
naming the file (and the line or feature), before anything is written.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from geomap._userfiles import (
    check_geometry,
    degrees,
    position,
    read_csv,
    read_features,
    shown,
)
from geomap.errors import InputError
from geomap.output.geojson import MAP_POINT_DECIMALS, round_coordinate

__all__ = [
    "MAX_CATEGORIES",
    "PointLayer",
    "read_point_layer",
]

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
    label = f"--layer {path}"
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path, label)
    elif suffix in (".geojson", ".json"):
        rows = _geojson_rows(path, label)
    else:
        raise InputError(f"{label}: expected a .geojson, .json or .csv file")
    if not rows:
        raise InputError(f"{label}: no points")
    return _layer(path, rows)


def _csv_rows(path: Path, label: str) -> list[tuple[float, float, dict]]:
    header, table = read_csv(path, label)
    lowered = {name.strip().lower(): name for name in header if name}
    pair = next(
        ((lowered[a], lowered[b]) for a, b in _COORDINATE_PAIRS if a in lowered and b in lowered),
        None,
    )
    if pair is None:
        raise InputError(
            f"{label}: no coordinate columns (expected latitude/longitude, lat/lon or y/x)"
        )
    lat_col, lon_col = pair
    rows = []
    for line, row in table:
        where = f"{label}:{line}"
        if None in row:
            raise InputError(f"{where}: more values than columns")
        if not any((v or "").strip() for v in row.values()):
            continue
        lon, lat = _coordinate(where, row[lon_col], row[lat_col])
        props = {k: v for k, v in row.items() if k not in (lat_col, lon_col)}
        rows.append((lon, lat, props))
    return rows


def _coordinate(where: str, lon: str | None, lat: str | None) -> tuple[float, float]:
    try:
        x, y = float(lon), float(lat)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(
            f"{where}: coordinates {shown(lat)}, {shown(lon)} are not numbers"
        ) from None
    x, y = degrees(x, y, where)
    return round_coordinate(x, MAP_POINT_DECIMALS), round_coordinate(y, MAP_POINT_DECIMALS)


def _geojson_rows(path: Path, label: str) -> list[tuple[float, float, dict]]:
    rows = []
    for number, feature in enumerate(read_features(path, label, lone=True), start=1):
        where = f"{label}:feature {number}"
        geometry = feature.get("geometry")
        if geometry is None:
            continue
        kind = check_geometry(geometry, where)
        if kind == "Point":
            points = [geometry["coordinates"]]
        elif kind == "MultiPoint":
            points = geometry["coordinates"]
        else:
            raise InputError(f"{where}: {kind} geometry; a layer holds points only")
        for point in points:
            lon, lat = position(point, where)
            rows.append(
                (
                    round_coordinate(lon, MAP_POINT_DECIMALS),
                    round_coordinate(lat, MAP_POINT_DECIMALS),
                    feature["properties"],
                )
            )
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
