"""Tests for ``geomap events`` and the events output of ``geomap map``, through CliRunner."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import warnings

import pytest
from click.testing import CliRunner

from geomap.cli import main

ARTICLE = "articles/east-aleppo-2016-12-13.txt"


def _run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_events_table(shared_dir):
    result = _run("events", str(shared_dir / ARTICLE))
    assert result.exit_code == 0, result.output
    assert "Violence against civilians / Attack  [immolated]" in result.output
    assert "Anadolu Agency (eyewitness Mahmud Sheikh)" in result.output
    assert "unresolved: Hamdudu" in result.output
    assert "Ban Ki-moon" not in result.output


def test_events_geojson_to_file(shared_dir, tmp_path):
    out = tmp_path / "events.geojson"
    result = _run("events", str(shared_dir / ARTICLE), "--format", "geojson", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    by_incident: dict[str, int] = {}
    for feature in data["features"]:
        props = feature["properties"]
        by_incident[props["incident_id"]] = by_incident.get(props["incident_id"], 0)
        by_incident[props["incident_id"]] += props["fatalities"]
        assert feature["geometry"] is None or feature["geometry"]["type"] == "Point"
    assert {67, 13, 100} <= set(by_incident.values())  # each toll once, over its places
    assert "7 incidents (11 events, one per place)" in result.output


def test_events_csv_acled_columns(shared_dir):
    result = _run("events", str(shared_dir / ARTICLE), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    first = rows[0]
    for column in ("event_id_cnty", "event_date", "inter1", "interaction", "geo_precision"):
        assert column in first
    executions = [r for r in rows if r["incident_fatalities"] == "67"]
    assert [r["location"] for r in executions] == ["al-Fardos", "al-Kallaseh"]  # a row each
    assert [r["fatalities"] for r in executions] == ["34", "33"]  # shared out, summing to 67
    assert executions[0]["source"] == "Anadolu Agency"
    assert executions[0]["incident_locations"] == "al-Fardos; al-Kallaseh"
    assert executions[0]["incident_id"] == executions[1]["incident_id"]
    assert all(r["latitude"] and r["longitude"] for r in rows)  # coordinates on every row


def test_events_two_articles_merge(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    c = tmp_path / "c.txt"
    a.write_text("An air strike on al-Shaar in Aleppo killed 11 people today, SOHR said.\n")
    b.write_text("Warplanes bombed al-Shaar in Aleppo today, killing 12 people, AFP reported.\n")
    c.write_text("Rebels recaptured Qadi Askar in Aleppo today.\n")
    result = _run("events", str(a), str(b), str(c), "--date", "2016-12-12", "--format", "geojson")
    assert result.exit_code == 0, result.output
    features = json.loads(result.output)["features"]
    assert len(features) == 2
    assert features[0]["properties"]["source"] == "SOHR; AFP"
    assert len(features[0]["properties"]["reports"]) == 2


def test_events_stdin_and_empty_result():
    result = _run("events", "-", input="Nothing happened in Aleppo today.\n")
    assert result.exit_code == 0
    assert "No incidents found." in result.output


def test_events_bad_input_one_line(tmp_path):
    result = CliRunner().invoke(main, ["events", str(tmp_path / "missing.txt")])
    assert result.exit_code != 0
    assert "no such file" in result.output
    assert len(result.output.strip().splitlines()) == 1
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    result = CliRunner().invoke(main, ["events", str(empty)])
    assert result.exit_code != 0 and "empty" in result.output


def test_events_output_not_half_written(tmp_path, shared_dir):
    target = tmp_path / "events.csv"
    target.write_text("old\n")
    result = CliRunner().invoke(
        main, ["events", str(tmp_path / "missing.txt"), "--format", "csv", "-o", str(target)]
    )
    assert result.exit_code != 0
    assert target.read_text() == "old\n"


def test_map_writes_events(shared_dir, tmp_path):
    out = tmp_path / "map"
    result = _run("map", str(shared_dir / ARTICLE), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"wrote {out / 'events.geojson'}" in result.output
    events = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    assert events["features"]
    html = (out / "map.html").read_text(encoding="utf-8")
    assert "geomap-incident" in html and "Incidents" in html


def test_events_help_has_example():
    result = _run("events", "--help")
    assert "Example:" in result.output and "--format" in result.output


TWO_PLACES = (
    "Regime forces executed 12 men in Firdaus and Kallasa in Aleppo today, activists said.\n"
)
NO_PLACE = "Gunmen executed 5 men today.\n"


@pytest.fixture
def two_place_events(tmp_path):
    """events.geojson from the CLI: one incident at two places, one with no place."""
    (tmp_path / "two.txt").write_text(TWO_PLACES, encoding="utf-8")
    (tmp_path / "none.txt").write_text(NO_PLACE, encoding="utf-8")
    out = tmp_path / "events.geojson"
    args = [str(tmp_path / "two.txt"), str(tmp_path / "none.txt"), "--date", "2016-12-12"]
    result = _run("events", *args, "--format", "geojson", "-o", str(out))
    assert result.exit_code == 0, result.output
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert [f["geometry"] and f["geometry"]["type"] for f in features] == ["Point", "Point", None]
    first, second, _ = (f["properties"] for f in features)
    assert first["incident_id"] == second["incident_id"]
    assert (first["fatalities"], second["fatalities"], first["incident_fatalities"]) == (6, 6, 12)
    return out


def test_events_geojson_converts_to_a_shapefile(two_place_events, tmp_path):
    """Every feature is a Point (or null), so geopandas writes an ESRI Shapefile of it."""
    import geopandas as gpd

    events = gpd.read_file(two_place_events)
    assert len(events) == 3
    with warnings.catch_warnings():  # field names cut to 10 characters, texts to 254
        warnings.simplefilter("ignore")
        events.to_file(tmp_path / "events.shp")
    back = gpd.read_file(tmp_path / "events.shp")
    assert len(back) == len(events) == 3
    assert list(back.geometry.geom_type[:2]) == ["Point", "Point"]
    assert back.geometry.iloc[2] is None  # the incident without a place keeps its row
    assert back["fatalities"].sum() == 12 + 5  # each toll once
    assert back.crs is not None and back.crs.to_epsg() == 4326


@pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="ogr2ogr (GDAL) is not installed")
def test_events_geojson_converts_with_ogr2ogr(two_place_events, tmp_path):
    import geopandas as gpd

    target = tmp_path / "ogr" / "events.shp"
    target.parent.mkdir()
    command = ["ogr2ogr", "-f", "ESRI Shapefile", str(target), str(two_place_events)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(gpd.read_file(target)) == 3
