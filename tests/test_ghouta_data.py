"""The shipped Eastern Ghouta places, control timeline and reported shares."""

from __future__ import annotations

import csv
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "data" / "gazetteer"
CONTROL = ROOT / "data" / "control"
PLACES = GAZETTEER / "eastern-ghouta.csv"
TIMELINE = CONTROL / "eastern-ghouta-2018.csv"
AREAS = CONTROL / "eastern-ghouta-2018-areas.csv"
REGION = "sy-eastern-ghouta"
# The enclave's box: lat min, lat max, lon min, lon max.
BOX = (33.45, 33.65, 36.30, 36.60)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold().strip()


def test_rebuild_gives_the_same_bytes(tmp_path: Path) -> None:
    out = tmp_path / "eastern-ghouta.csv"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_eastern_ghouta_gazetteer.py"),
            "--out",
            str(out),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    assert out.read_bytes() == PLACES.read_bytes()


def test_one_row_per_curated_town_and_the_region() -> None:
    towns = _rows(GAZETTEER / "curated" / "eastern-ghouta-towns.csv")
    rows = _rows(PLACES)
    assert sorted(r["name"] for r in rows if r["parent"] == REGION) == sorted(
        t["name"] for t in towns
    )
    (region,) = [r for r in rows if r["id"] == REGION]
    assert (region["kind"], region["parent"], region["country"]) == ("region", "admin1-SY-RD", "SY")


def test_every_town_lies_within_the_enclave() -> None:
    towns = [r for r in _rows(PLACES) if r["kind"] == "city"]
    assert towns
    for row in towns:
        lat, lon = float(row["lat"]), float(row["lon"])
        assert BOX[0] <= lat <= BOX[1] and BOX[2] <= lon <= BOX[3], row["name"]
        assert row["parent"] == REGION and row["country"] == "SY"
        assert row["id"].startswith(("geonames-", "sy-ghouta-"))


def test_every_timeline_place_resolves_to_a_row_of_the_enclave() -> None:
    names: dict[str, set[str]] = {}
    for row in _rows(PLACES):
        if row["parent"] != REGION:
            continue
        for name in [row["id"], row["name"], *row["alt_names"].split("|")]:
            if name:
                names.setdefault(_fold(name), set()).add(row["id"])
    rows = _rows(TIMELINE)
    assert list(rows[0]) == ["date", "place", "from", "to", "status", "source", "note"]
    for row in rows:
        if row["place"] == "*":
            assert not row["from"]
            continue
        assert len(names.get(_fold(row["place"]), ())) == 1, row["place"]


def test_a_town_changes_hands_at_most_once_a_day() -> None:
    seen = [(r["date"], r["place"]) for r in _rows(TIMELINE)]
    assert len(seen) == len(set(seen))


def test_shipped_lookups_resolve_to_the_enclave() -> None:
    from geomap.api import load_gazetteer

    gazetteer = load_gazetteer()
    assert [c.place.id for c in gazetteer.lookup("Saqba")] == ["sy-ghouta-saqba"]
    (douma,) = gazetteer.lookup("Douma")
    assert (douma.place.id, douma.place.parent) == ("geonames-170592", REGION)
    for name, pid in [
        ("Hamouria", "sy-ghouta-hamouria"),
        ("Hammouriyeh", "sy-ghouta-hamouria"),
        ("Mesraba", "sy-ghouta-mesraba"),
        ("Misraba", "sy-ghouta-mesraba"),
        ("Hazzeh", "sy-ghouta-hazzeh"),
        ("Otaya", "sy-ghouta-otaya"),
        ("Utaya", "sy-ghouta-otaya"),
        ("al-Shifuniyah", "sy-ghouta-al-shifuniyah"),
        ("Shifouniyeh", "sy-ghouta-al-shifuniyah"),
    ]:
        assert [c.place.id for c in gazetteer.lookup(name)] == [pid], name


def test_every_sourced_point_names_its_page() -> None:
    for town in _rows(GAZETTEER / "curated" / "eastern-ghouta-towns.csv"):
        if town["geonameid"]:
            assert not (town["lat"] or town["lon"] or town["coordinate_source"]), town["name"]
        else:
            assert town["coordinate_source"].startswith("https://"), town["name"]
            assert town["note"], town["name"]


def test_each_share_row_gives_exactly_one_figure() -> None:
    rows = _rows(AREAS)
    assert list(rows[0]) == [
        "date",
        "controller",
        "area_km2",
        "share_percent",
        "qualifier",
        "source",
        "note",
    ]
    for row in rows:
        assert bool(row["area_km2"]) != bool(row["share_percent"]), row
        assert row["controller"] == "government"
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
