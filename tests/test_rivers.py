"""The shipped rivers (``rivers.csv``) and the script that builds them."""

from __future__ import annotations

import csv
import json
import sqlite3
import zlib
from pathlib import Path

import pytest
from loaded_scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
RIVERS = ROOT / "data" / "gazetteer" / "rivers.csv"


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with RIVERS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_river_row_is_a_sourced_stretch_in_one_country(rows) -> None:
    assert len(rows) > 4000
    countries = {row["id"].removeprefix("country-") for row in _country_rows()}
    curated_bare = _curated_bare_names()
    for row in rows:
        assert row["id"].startswith("ne-river-") and row["kind"] == "river"
        assert row["parent"] == f"country-{row['country']}" and row["country"] in countries
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180
        assert row["source"].startswith("Natural Earth 1:10m rivers, its stretch in ")
        assert row["licence"].startswith("public domain (Natural Earth)")
        alternatives = row["alt_names"].split("|")
        assert row["name"] not in alternatives
        # A bare name only where the curated table gives it: "Orange" is no river alone.
        bare = row["name"].removesuffix(" River")
        assert (bare in alternatives) == (bare in curated_bare)


def _curated_bare_names() -> set[str]:
    with (RIVERS.parent / "curated" / "river-names.csv").open(encoding="utf-8") as handle:
        return {r["name"] for r in csv.DictReader(handle) if r["name"] in r["alt_names"].split("|")}


def _country_rows() -> list[dict[str, str]]:
    with (RIVERS.parent / "countries.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_script_splits_a_river_by_country_and_cell_and_names_it(tmp_path: Path) -> None:
    database = tmp_path / "maps.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE country_map (alpha2 TEXT, payload BLOB)")
        rivers = {
            "HR": [{"name": "Zorva", "points": [[18.9, 45.3], [19.0, 45.2], [19.1, 45.1]]}],
            "RS": [
                # Two cells of one country; "Zorva River" is the same river.
                {"name": "Zorva River", "points": [[19.5, 44.9], [20.4, 44.8]]},
                {"name": "River", "points": [[20.0, 44.0]]},  # unnamed: left out
            ],
            "FJ": [{"name": "Wrapa", "points": [[181.0, -16.5]]}],  # east of 180°
        }
        connection.executemany(
            "INSERT INTO country_map VALUES (?, ?)",
            [
                (code, zlib.compress(json.dumps({"rivers": r}).encode()))
                for code, r in rivers.items()
            ],
        )
    built = list(load_script("scripts/build_rivers.py").rows(database, "1", {"Zorva": ["Zorva"]}))
    by_id = {row["id"]: row for row in built}
    assert sorted(by_id) == [
        "ne-river-wrapa-fj-18s180w",
        "ne-river-zorva-hr-44n18e",
        "ne-river-zorva-rs-44n18e",
        "ne-river-zorva-rs-44n20e",
    ]
    zorva = by_id["ne-river-zorva-hr-44n18e"]
    # The vertex nearest to the cell's mean; the curated bare name beside "River Zorva".
    assert (zorva["lat"], zorva["lon"]) == ("45.200000", "19.000000")
    assert zorva["name"] == "Zorva River" and zorva["alt_names"] == "River Zorva|Zorva"
    assert by_id["ne-river-wrapa-fj-18s180w"]["lon"] == "-179.000000"
    assert by_id["ne-river-wrapa-fj-18s180w"]["alt_names"] == "River Wrapa"
