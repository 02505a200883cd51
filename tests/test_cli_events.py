"""Tests for ``geomap events`` and the events output of ``geomap map``, through CliRunner."""

from __future__ import annotations

import csv
import io
import json

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
    fatalities = sorted(f["properties"]["fatalities"] for f in data["features"])
    assert 67 in fatalities and 13 in fatalities and 100 in fatalities


def test_events_csv_acled_columns(shared_dir):
    result = _run("events", str(shared_dir / ARTICLE), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    first = rows[0]
    for column in ("event_id_cnty", "event_date", "inter1", "interaction", "geo_precision"):
        assert column in first
    executions = [r for r in rows if r["fatalities"] == "67"]
    assert executions and executions[0]["source"] == "Anadolu Agency"
    assert executions[0]["location"] == "al-Fardos; al-Kallaseh"


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
