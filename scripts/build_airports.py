"""Build geomap's table of airports and air bases (``airports.csv``).

One ``landmark`` row per airport with an IATA code and per air base, named otherwise
than its town, of the ``airportsdata`` package (MIT; a maintained fork of
mwgg/Airports, MIT), from its ``airports.csv``: the ICAO code is the id
(``airport-HLLM``), the point and the country are the package's. Reports name an
airport by its name with or without its city and type: "Bangui M'Poko International
Airport" is also "M'Poko International Airport", "M'Poko Airport" and "Bangui
M'Poko Airport", so those forms are its alternative names. Every form ends with the
word that says what the place is (airport, airfield, air base): a bare "Mitiga" or
"M'Poko" stays a word the geoparser does not resolve. The airports whose name has
no such word ("Lowell Field") are left out.

The same input gives the same bytes.

Usage::

    pip install -e '.[build-data]'
    python scripts/build_airports.py --out data/gazetteer/airports.csv
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

from geomap.places.gazetteer import COLUMNS as GAZETTEER_COLUMNS

try:
    from _gazetteer_csv import write_csv
except ModuleNotFoundError:  # loaded by its path (importlib): scripts/ is not on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _gazetteer_csv import write_csv

PACKAGE = "airportsdata"
LICENCE = "MIT (airportsdata; mwgg/Airports)"
# The words that end an airport's name and say what it is, longest first; the ones
# a report uses for any airport (it calls a civil airport an "airfield" when troops
# hold it) are added to each core name.
_TYPE_WORDS = (
    "International Airport",
    "Regional Airport",
    "Municipal Airport",
    "Air Force Base",
    "Air Base",
    "Airbase",
    "Airfield",
    "Airport",
)
_FORMS = ("Airport", "International Airport", "Airfield", "Air Base")
_TYPE_RE = re.compile(r"\s+(?:" + "|".join(re.escape(w) for w in _TYPE_WORDS) + r")$")
_MILITARY = ("Air Base", "Airbase", "Air Force Base")


def _airports(path: Path) -> Iterator[dict[str, str]]:
    """The rows of airportsdata's CSV kept: an IATA code or an air base's name, and a
    name of its own. "Bali Airport" (in Cameroon's Bali) is left out: a report's
    "Bali airport" is the island's, and the town resolves by its name anyway."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["name"].strip()
            core = _TYPE_RE.sub("", name).strip()
            if (
                _TYPE_RE.search(name)
                and (row["iata"].strip() or name.endswith(_MILITARY))
                and core.casefold() != row["city"].strip().casefold()
            ):
                yield row


def _forms(name: str, city: str) -> list[str]:
    """Every name of the airport *name* in *city* a report may use (*name* aside)."""
    core = _TYPE_RE.sub("", name).strip()
    cores = {core}
    # "Bangui M'Poko": also "M'Poko"; a core that is only the city stays whole.
    if city and core.startswith(city + " ") and len(core) > len(city) + 1:
        cores.add(core[len(city) + 1 :])
    forms = {f"{c} {form}" for c in cores for form in _FORMS}
    forms.discard(name)
    return sorted(forms, key=lambda f: (f.casefold(), f))


def rows(path: Path, version: str) -> Iterable[dict[str, str]]:
    """The gazetteer rows of the airports in airportsdata's CSV at *path*."""
    source = f"airportsdata {version} (ICAO {{icao}})"
    for row in _airports(path):
        name = row["name"].strip()
        yield {
            "id": f"airport-{row['icao'].strip()}",
            "name": name,
            "kind": "landmark",
            "parent": "",
            "country": row["country"].strip(),
            "lat": f"{float(row['lat']):.6f}",
            "lon": f"{float(row['lon']):.6f}",
            "alt_names": "|".join(_forms(name, row["city"].strip())),
            "name_ar": "",
            "area_km2": "",
            "population": "",
            "source": source.format(icao=row["icao"].strip()),
            "licence": LICENCE,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("data/gazetteer/airports.csv"))
    args = parser.parse_args(argv)
    import airportsdata  # the build-data extra; geomap never imports it at run time

    path = Path(airportsdata.__file__).with_name("airports.csv")
    count = write_csv(args.out, GAZETTEER_COLUMNS, rows(path, metadata.version(PACKAGE)))
    print(f"{args.out}: {count} airports")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
