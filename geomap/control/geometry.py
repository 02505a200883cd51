"""Private geometry helpers: metric areas and approximate district cells.

Everything here imports shapely, pyproj and geopandas lazily, so importing this
module costs nothing until a function is called.

Areas are always measured in metres, in the UTM zone of the geometry's centroid
(``GeoSeries.estimate_utm_crs()``), never in degrees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Bisection steps when sizing a city's extent to its known area (each halves the error;
# 40 steps bring a 20 km search interval to well under a millimetre).
_EXTENT_STEPS = 30


def utm_crs(geoms: Iterable[Any]) -> Any:
    """The UTM CRS (pyproj) for the centroid of *geoms* (WGS 84 shapely geometries)."""
    import geopandas as gpd

    series = gpd.GeoSeries(list(geoms), crs="EPSG:4326")
    return series.estimate_utm_crs()


def to_metric(geoms: Sequence[Any], crs: Any) -> list[Any]:
    """Project WGS 84 geometries to *crs* (metres)."""
    import geopandas as gpd

    return list(gpd.GeoSeries(list(geoms), crs="EPSG:4326").to_crs(crs))


def to_wgs84(geoms: Sequence[Any], crs: Any) -> list[Any]:
    """Project geometries in *crs* back to WGS 84."""
    import geopandas as gpd

    return list(gpd.GeoSeries(list(geoms), crs=crs).to_crs("EPSG:4326"))


def area_km2(geom: Any, crs: Any | None = None) -> float:
    """The area of a WGS 84 geometry in km², measured in a UTM zone (never in degrees).

    Parameters
    ----------
    geom
        A shapely geometry in WGS 84 longitude/latitude.
    crs
        The metric CRS to measure in; by default the UTM zone of *geom*'s centroid.
    """
    if geom is None or geom.is_empty:
        return 0.0
    crs = crs or utm_crs([geom])
    return to_metric([geom], crs)[0].area / 1e6


def voronoi_cells(
    points: Mapping[str, tuple[float, float]],
    *,
    target_area_km2: float | None = None,
) -> dict[str, Any]:
    """Approximate cells around points: Voronoi cells clipped to an estimated extent.

    Parameters
    ----------
    points
        ``key -> (lon, lat)`` in WGS 84 (e.g. district centroids of one city).
    target_area_km2
        The area the cells should cover in total (e.g. the city's area). The extent
        is then the union of equal discs around the points, the radius (metres)
        found by bisection so that the union's area equals this. Without it, the
        convex hull of the points buffered by half the median distance between each
        point and its nearest neighbour.

    Returns
    -------
    dict
        ``key -> shapely Polygon`` in WGS 84; the cells tile the extent without
        overlapping.
    """
    import shapely
    from shapely.geometry import MultiPoint, Point

    if not points:
        return {}
    keys = sorted(points)
    lonlat = [Point(points[k]) for k in keys]
    crs = utm_crs(lonlat)
    metric = to_metric(lonlat, crs)
    hull = MultiPoint(metric).convex_hull
    extent = _extent(hull, metric, target_area_km2)
    if len(metric) == 1:
        cells = [extent]
    else:
        diagram = shapely.voronoi_polygons(MultiPoint(metric), extend_to=extent.buffer(1000))
        by_point: list[Any] = [None] * len(metric)
        for cell in diagram.geoms:
            for i, point in enumerate(metric):
                if by_point[i] is None and cell.intersects(point):
                    by_point[i] = cell
                    break
        cells = [
            (cell if cell is not None else point.buffer(1)).intersection(extent)
            for cell, point in zip(by_point, metric, strict=True)
        ]
    wgs = to_wgs84(cells, crs)
    return dict(zip(keys, wgs, strict=True))


def _extent(hull: Any, metric: Sequence[Any], target_area_km2: float | None) -> Any:
    """The area the cells are clipped to.

    With a target area: the union of equal discs around the points, their radius found
    by bisection so that the union's area is the target (a convex hull would take in
    the open land between outlying districts). Without one: the hull buffered by half
    the median distance between each point and its nearest neighbour.
    """
    from shapely.geometry import MultiPoint

    target = (target_area_km2 or 0) * 1e6
    if target:
        points = MultiPoint(list(metric))

        def discs(radius: float) -> Any:
            return points.buffer(radius, quad_segs=8)

        low, high = 0.0, 1000.0
        while discs(high).area < target and high < 1e6:
            high *= 2
        for _ in range(_EXTENT_STEPS):
            mid = (low + high) / 2
            area = discs(mid).area
            if abs(area - target) < target * 1e-5:
                return discs(mid)
            if area < target:
                low = mid
            else:
                high = mid
        return discs(high)
    gaps = sorted(
        min(p.distance(q) for j, q in enumerate(metric) if j != i)
        for i, p in enumerate(metric)
        if len(metric) > 1
    )
    margin = gaps[len(gaps) // 2] / 2 if gaps else 500.0
    return hull.buffer(max(margin, 100.0))
