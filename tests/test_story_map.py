"""The map opens on the story: unseen reports from several wars, and the seed article.

The stories are the project's development set (``tests/data/story-devset/``, written by
the project): for each, the gold gives the city the story is about and its centre.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from geopy.distance import great_circle

from geomap import api
from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import parse_articles
from geomap.webmap.data import view_points

STORIES = Path(__file__).parent / "data" / "story-devset"
GOLD = list(csv.DictReader((STORIES / "gold.csv").open(encoding="utf-8")))
# How far the opening view's centre may be from the story's city, and how far beyond
# the fitted points the city may lie and still be in view (the map pads the bounds,
# and opens no closer than a town's zoom, which shows some 20 km around it).
CENTRE_KM = 20.0
IN_VIEW_KM = 15.0


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return api.load_gazetteer()


def _data_in(page: str) -> dict:
    call = re.search(r"geomapBuildMap\(map_\w+, (?:tile_layer_\w+|null), ", page)
    assert call, "the page does not call geomapBuildMap"
    data, _ = json.JSONDecoder().raw_decode(page, call.end())
    return data


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
def test_the_view_opens_on_the_story_city(gold, gazetteer) -> None:
    report = parse_articles(api.read_articles([STORIES / gold["file"]]), gazetteer)
    incidents = api.find_events([STORIES / gold["file"]], gazetteer)
    view = view_points(report, incidents=incidents)
    lats = [lat for lat, _ in view.points]
    lons = [lon for _, lon in view.points]
    centre = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
    city = (float(gold["lat"]), float(gold["lon"]))
    assert great_circle(centre, city).km <= CENTRE_KM, (gold["city"], centre)
    nearest_edge = (
        min(max(city[0], min(lats)), max(lats)),
        min(max(city[1], min(lons)), max(lons)),
    )
    assert great_circle(city, nearest_edge).km <= IN_VIEW_KM, (gold["city"], view.points)


@pytest.mark.parametrize("name", ["story-01.txt", "story-04.txt", "story-07.txt"])
def test_a_map_of_another_war_has_no_aleppo_control(name, gazetteer, tmp_path: Path) -> None:
    files = api.make_map([STORIES / name], gazetteer, output_dir=tmp_path / "map")
    control = json.loads(files.control.read_text(encoding="utf-8"))
    assert not any(
        i.startswith("csr-aleppo-")
        for feature in control["features"]
        for i in feature["properties"]["district_ids"]
    )
    page = files.map.read_text(encoding="utf-8")
    assert "csr-aleppo" not in page and "Rebels 45" not in page


def test_a_ghouta_map_opens_its_slider_on_the_article_date(gazetteer, tmp_path: Path) -> None:
    files = api.make_map([STORIES / "story-10.txt"], gazetteer, output_dir=tmp_path / "map")
    data = _data_in(files.map.read_text(encoding="utf-8"))
    layer = next(x for x in data["layers"] if x["kind"] == "control")
    assert layer["dates"][layer["start"]] == "2018-03-12"
    legend = layer["legends"][layer["start"]]
    assert any("60" in row["text"] and "%" in row["text"] for row in legend["rows"])


def test_the_seed_map_opens_on_13_december(gazetteer, shared_dir: Path, tmp_path: Path) -> None:
    article = shared_dir / "articles" / "east-aleppo-2016-12-13.txt"
    files = api.make_map([article], gazetteer, output_dir=tmp_path / "map")
    data = _data_in(files.map.read_text(encoding="utf-8"))
    layer = next(x for x in data["layers"] if x["kind"] == "control")
    assert layer["dates"][layer["start"]] == "2016-12-13"
