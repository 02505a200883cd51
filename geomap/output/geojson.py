"""GeoJSON for geomap's outputs: rounding and geometry, defined once for every writer.

Every coordinate geomap writes has :data:`COORDINATE_DECIMALS` decimals (about 0.1 m),
every area :data:`AREA_DECIMALS`; ``-0.0`` is written as ``0.0`` so that equal runs
give byte-identical files.
"""

from __future__ import annotations

from typing import Any

COORDINATE_DECIMALS = 6
CONFIDENCE_DECIMALS = 3
AREA_DECIMALS = 3
SCORE_DECIMALS = 1


def round_or_none(value: float | None, decimals: int) -> float | None:
    """Round *value* to *decimals* places (``None`` stays ``None``; ``-0.0`` becomes ``0.0``)."""
    if value is None:
        return None
    return round(float(value), decimals) + 0.0


def round_coordinate(value: float) -> float:
    """One longitude or latitude as written: :data:`COORDINATE_DECIMALS` places."""
    return round(float(value), COORDINATE_DECIMALS) + 0.0


def _round_coords(coords: Any) -> Any:
    if isinstance(coords, (int, float)):
        return round_coordinate(coords)
    return [_round_coords(c) for c in coords]


def geojson_geometry(geom: Any) -> dict | None:
    """A shapely geometry as RFC 7946 GeoJSON: 6-decimal coordinates, CCW outer rings."""
    if geom is None or geom.is_empty:
        return None
    import shapely
    from shapely.geometry import mapping

    geom = shapely.orient_polygons(geom) if hasattr(shapely, "orient_polygons") else geom
    data = mapping(geom)
    if "coordinates" in data:
        return {"type": data["type"], "coordinates": _round_coords(data["coordinates"])}
    return {
        "type": data["type"],
        "geometries": [geojson_geometry(shapely.geometry.shape(g)) for g in data["geometries"]],
    }
