"""Build geomap's table of rivers (``rivers.csv``): one row per river and country.

The rivers are Natural Earth's 1:10m rivers and lake centrelines (public domain), as
the ``pyworldatlas-mapdata-standard`` package (CC0-1.0) ships them: clipped to each
country, one line per segment, with Natural Earth's ``name``. A river is as long as a
country is wide, and a report names the stretch of its own war ("the Euphrates" in a
Ramadi report is Iraq's), so each river has one ``river`` row per country it crosses
and per cell of a grid of :data:`CELL_DEGREES` degrees: id
``ne-river-<name>-<country>-<cell>`` (the cell's south-west corner, ``33n43e``),
parent that country, and a point on the river there (the vertex of the cell's
segments nearest to their mean point). The geoparser prefers the stretch nearest to
the places a report names. "Paraná River" and "Paraná" are one river. Segments named
only "River" are left out.

A row is named "<name> River", and "River <name>" is its alternative name, so that
"the Sava river" matches but a bare "Orange", "Canadian" or "Ebola" (rivers too) does
not. The rivers reports write by their name alone ("the Danube") have it among their
other names in ``curated/river-names.csv``, with the Arabic names and "Siverskyi
Donets" for Natural Earth's Donets; the geoparser reads such a bare name only after
"the", in its country's reports or near their places (``geomap.places.geoparse``).

The same input gives the same bytes.

Usage::

    pip install -e '.[build-data]'
    python scripts/build_rivers.py --out data/gazetteer/rivers.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sqlite3
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

from geomap.places.gazetteer import COLUMNS as GAZETTEER_COLUMNS

try:
    from _gazetteer_csv import write_csv
except ModuleNotFoundError:  # loaded by its path (importlib): scripts/ is not on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _gazetteer_csv import write_csv

PACKAGE = "pyworldatlas-mapdata-standard"
LICENCE = "public domain (Natural Earth); CC0-1.0 (pyworldatlas-mapdata-standard)"
# Names that are no river's own: Natural Earth's unnamed segments.
_UNNAMED = frozenset({"River"})
# A name that already says what it is gets no "<name> River" form ("Volga–Don Canal").
_FEATURE_WORDS = frozenset({"River", "Canal", "Creek", "Fork", "Branch", "Channel"})
_RIVER_SUFFIX = " River"
# The side of a grid cell, in degrees: about 220 km, so that a point of a stretch is
# seldom more than 161 km (the geoparsing benchmarks' threshold) from any of its parts.
CELL_DEGREES = 2


def _segments(database: Path) -> Iterator[tuple[str, str, list[list[float]]]]:
    """(country code, name, [[lon, lat], ...]) for every river segment of the package."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        for alpha2, payload in connection.execute(
            "SELECT alpha2, payload FROM country_map ORDER BY alpha2"
        ):
            for river in json.loads(zlib.decompress(payload)).get("rivers", ()):
                yield alpha2, river["name"].strip(), river["points"]


def _river_name(name: str) -> str:
    """Natural Earth's name without a trailing " River" ("Paraná River" is the Paraná)."""
    return name[: -len(_RIVER_SUFFIX)] if name.endswith(_RIVER_SUFFIX) else name


def _slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _point_on(points: list[list[float]]) -> tuple[float, float]:
    """The vertex nearest to the mean of *points* ([lon, lat]): a point on the river."""
    lon0 = sum(p[0] for p in points) / len(points)
    lat0 = sum(p[1] for p in points) / len(points)
    scale = math.cos(math.radians(lat0))

    def distance(p: list[float]) -> float:
        return ((p[0] - lon0) * scale) ** 2 + (p[1] - lat0) ** 2

    lon, lat = min(points, key=lambda p: (distance(p), p[0], p[1]))
    return lat, lon


def _curated_names(path: Path) -> dict[str, list[str]]:
    """Other names of rivers by Natural Earth's name (``curated/river-names.csv``)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["name"]: row["alt_names"].split("|") for row in csv.DictReader(handle)}


def _cell(point: list[float]) -> str:
    """The grid cell of *point* ([lon, lat]), named by its south-west corner."""
    lat = math.floor(point[1] / CELL_DEGREES) * CELL_DEGREES
    lon = math.floor(point[0] / CELL_DEGREES) * CELL_DEGREES
    return f"{abs(lat)}{'n' if lat >= 0 else 's'}{abs(lon)}{'e' if lon >= 0 else 'w'}"


def rows(
    database: Path, version: str, other_names: dict[str, list[str]]
) -> Iterable[dict[str, str]]:
    """The gazetteer rows of the rivers in the package's ``maps.sqlite3`` at *database*,
    with *other_names* by river name."""
    stretches: dict[tuple[str, str, str], list[list[float]]] = {}
    for alpha2, name, points in _segments(database):
        if name and name not in _UNNAMED:
            for lon, lat in points:
                # A few lines east of 180° (Chukotka, Fiji) go on past it: wrapped back.
                point = [(lon + 180.0) % 360.0 - 180.0, lat]
                stretches.setdefault((_river_name(name), alpha2, _cell(point)), []).append(point)
    for (name, alpha2, cell), points in sorted(stretches.items()):
        lat, lon = _point_on(points)
        named = _FEATURE_WORDS & set(name.split())
        forms = ([] if named else [f"River {name}"]) + other_names.get(name, [])
        yield {
            "id": f"ne-river-{_slug(name) or 'x'}-{alpha2.lower()}-{cell}",
            "name": name if named else f"{name}{_RIVER_SUFFIX}",
            "kind": "river",
            "parent": f"country-{alpha2}",
            "country": alpha2,
            "lat": f"{lat:.6f}",
            "lon": f"{lon:.6f}",
            "alt_names": "|".join(sorted(set(forms))),
            "name_ar": "",
            "area_km2": "",
            "population": "",
            "source": f"Natural Earth 1:10m rivers, its stretch in {alpha2} "
            f"(pyworldatlas-mapdata-standard {version})"
            + ("; other names: geomap's curated/river-names.csv" if name in other_names else ""),
            "licence": LICENCE,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("data/gazetteer/rivers.csv"))
    parser.add_argument(
        "--names", type=Path, default=Path("data/gazetteer/curated/river-names.csv")
    )
    args = parser.parse_args(argv)
    import pyworldatlas_mapdata_standard  # the build-data extra; never imported at run time

    database = Path(pyworldatlas_mapdata_standard.__file__).with_name("data") / "maps.sqlite3"
    found = rows(database, metadata.version(PACKAGE), _curated_names(args.names))
    count = write_csv(args.out, GAZETTEER_COLUMNS, found)
    print(f"{args.out}: {count} stretches of rivers (one per river, country and cell)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
