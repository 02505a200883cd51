"""The shipped United States counties (``us-counties.csv``) and the script that builds them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from loaded_scripts import load_script
from shapely.geometry import Point, box

from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import parse_places
from geomap.text.articles import article_from_text
from geomap.text.document import read_document

ROOT = Path(__file__).resolve().parents[1]
COUNTIES = ROOT / "data" / "gazetteer" / "us-counties.csv"


def _build_module():
    return load_script("scripts/build_us_counties.py")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with COUNTIES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def test_every_state_has_its_counties(rows: list[dict[str, str]]) -> None:
    assert len(rows) > 3000
    states = {r["parent"] for r in rows if r["country"] == "US"}
    assert len(states) == 51  # the fifty states and the District of Columbia
    assert all(r["kind"] == "admin2" for r in rows)
    # Points in the states' broad box (Alaska's Aleutians cross 180°; Hawaii is south).
    for r in rows:
        if r["country"] == "US":
            lat, lon = float(r["lat"]), float(r["lon"])
            assert 18 < lat < 72 and (lon < -64 or lon > 170), r["id"]
        assert float(r["area_km2"]) > 0, r["id"]


def test_a_county_point_and_area(rows: list[dict[str, str]]) -> None:
    (cook,) = [r for r in rows if r["id"] == "us-county-17031"]
    assert (cook["name"], cook["parent"]) == ("Cook County", "admin1-US-IL")
    # Chicago's county: its point within 30 km of the city, its land about 2,450 km².
    assert abs(float(cook["lat"]) - 41.84) < 0.3 and abs(float(cook["lon"]) + 87.82) < 0.3
    assert 2000 < float(cook["area_km2"]) < 2700


def test_the_build_reads_a_topology(tmp_path: Path) -> None:
    build = _build_module()
    # Three made-up counties on a 0.001° grid: a square, a square with an islet too
    # small to have an area, and an independent city (left out), plus a territory's.
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.001, 0.001], "translate": [-90.0, 40.0]},
        "arcs": [
            [[0, 0], [1000, 0], [0, 1000], [-1000, 0], [0, -1000]],
            [[2000, 0], [1000, 0], [0, 1000], [-1000, 0], [0, -1000]],
            [[5000, 5000], [1, 0], [-1, 0]],
            [[4000, 0], [10, 0], [0, 10], [-10, 0], [0, -10]],
        ],
        "objects": {
            "counties": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "Polygon",
                        "arcs": [[0]],
                        "id": "17901",
                        "properties": {"name": "Ash"},
                    },
                    {
                        "type": "MultiPolygon",
                        "arcs": [[[1]], [[2]]],
                        "id": "17903",
                        "properties": {"name": "Birch"},
                    },
                    {
                        "type": "Polygon",
                        "arcs": [[3]],
                        "id": "51905",
                        "properties": {"name": "Elm"},
                    },
                    {
                        "type": "Polygon",
                        "arcs": [[~3]],
                        "id": "72907",
                        "properties": {"name": "Oak"},
                    },
                ],
            }
        },
    }
    names = {"17903": "Birch Parish", "51905": "Elm city", "72907": "Oak Municipio"}
    found = {r["id"]: r for r in build.county_rows(topology, names, "test atlas")}
    assert sorted(found) == ["us-county-17901", "us-county-17903", "us-county-72907"]
    ash, birch, oak = (found[f"us-county-{f}"] for f in ("17901", "17903", "72907"))
    assert (ash["name"], ash["parent"], ash["country"]) == ("Ash County", "admin1-US-IL", "US")
    assert (birch["name"], oak["name"], oak["parent"]) == (
        "Birch Parish",
        "Oak Municipio",
        "country-PR",
    )
    # Each square is 1° by 1°: its point is its middle, its area about 9,400 km² at 40.5° N.
    assert Point(float(ash["lon"]), float(ash["lat"])).within(box(-90, 40, -89, 41))
    assert (float(ash["lat"]), float(ash["lon"])) == (40.5, -89.5)
    assert 9300 < float(ash["area_km2"]) < 9500
    assert (float(birch["lat"]), float(birch["lon"])) == (40.5, -87.5)
    assert "test atlas" in ash["source"] and "public domain" in ash["licence"]

    bad = json.loads(json.dumps(topology))
    bad["objects"]["counties"]["geometries"][0]["id"] = "99901"
    with pytest.raises(SystemExit, match="unknown state code 99"):
        list(build.county_rows(bad, names, "test atlas"))


def _resolved(gazetteer: Gazetteer, text: str) -> dict[str, str]:
    document = parse_places(read_document(article_from_text(text)), gazetteer)
    return {m.text: m.place.id for m in document.mentions if m.place and m.status == "resolved"}


def test_a_county_is_read_with_its_state(gazetteer: Gazetteer) -> None:
    # Eleven states have a Scott County: the state in the text says which.
    assert (
        _resolved(gazetteer, "Flooding closed roads in Scott County, Iowa, on Monday.")[
            "Scott County"
        ]
        == "us-county-19163"
    )
    named = _resolved(gazetteer, "Kentucky officials said Scott County schools would close.")
    assert named["Scott County"] == "us-county-21209"
    # No state: which Scott County is unknown, so none is chosen.
    assert "Scott County" not in _resolved(gazetteer, "Flooding closed roads in Scott County.")


def test_a_county_of_its_own_name_stands_alone(gazetteer: Gazetteer) -> None:
    named = _resolved(gazetteer, "Wildfires burned homes in Los Angeles County overnight.")
    assert named["Los Angeles County"] == "us-county-06037"


def test_counties_are_suggested_only_inside_their_state(gazetteer: Gazetteer) -> None:
    alone = gazetteer.suggest("Scot County", world=False)
    assert not any(c.place.kind == "admin2" for c in alone)
    iowa = gazetteer.get("admin1-US-IA")
    inside = gazetteer.suggest("Scot County", within=iowa)
    assert inside and inside[0].place.id == "us-county-19163"


def test_a_state_without_districts_is_no_suggestion_area(gazetteer: Gazetteer) -> None:
    # Texas has counties, not districts: an unknown name in a Texas story is ranked
    # against the shipped places, not against 254 names ending in "County".
    document = parse_places(
        read_document(article_from_text("Texas: floods cut off Qarzabin on Monday.")), gazetteer
    )
    (unknown,) = [m for m in document.mentions if m.status == "unresolved"]
    assert not any(c.place.kind == "admin2" for c in unknown.suggestions)
    us = gazetteer.get("country-US")
    assert not any(c.place.kind == "admin2" for c in gazetteer.suggest("Scot County", within=us))
