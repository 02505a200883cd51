"""Tests for --layer files (geomap.webmap.user_layers), the point layer and --self-contained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.errors import InputError
from geomap.webmap.user_layers import read_point_layer


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("event_date,event_type,latitude,longitude", "2016-12-01,Battles,36.2,37.15"),
        ("name,LAT,Lon", "a,36.2,37.15"),
        ("name,y,x", "a,36.2,37.15"),
    ],
)
def test_csv_coordinate_columns_are_detected(tmp_path: Path, header: str, row: str) -> None:
    layer = read_point_layer(_write(tmp_path / "p.csv", f"{header}\n{row}\n"))
    assert layer.points[0][:2] == (37.15, 36.2)


def test_geojson_points_rounded_and_few_properties_kept(tmp_path: Path) -> None:
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [37.1234567891, 36.2]},
                "properties": {"Cause": "Air Strike", "SensorDate": "2014-05-01", "junk": "x"},
            },
            {"type": "Feature", "geometry": None, "properties": {}},
        ],
    }
    layer = read_point_layer(_write(tmp_path / "p.geojson", json.dumps(data)))
    assert layer.points == [(37.12346, 36.2, ("Air Strike", "2014-05-01"))]
    assert layer.fields == ["Cause", "SensorDate"] and layer.category == "Cause"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.csv", "name,foo\na,b\n", "no coordinate columns"),
        ("a.csv", "lat,lon\n36.2,abc\n", r"a.csv:2: "),
        ("a.csv", "lat,lon\n96.2,37\n", "out of range"),
        ("a.csv", "lat,lon\n", "no points"),
        ("a.geojson", "{not json", "not valid JSON"),
        ("a.geojson", '{"type": "LineString", "coordinates": [[0, 0], [1, 1]]}', "points only"),
        ("a.txt", "x", "expected a .geojson"),
    ],
)
def test_malformed_layers_raise_one_line_errors(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    with pytest.raises(InputError, match=message) as info:
        read_point_layer(_write(tmp_path / name, text))
    assert "\n" not in str(info.value)


def test_cli_bad_layer_fails_and_writes_nothing(tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.csv", "lat,lon\nx,y\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["map", "-o", str(out), "--layer", str(bad)])
    assert result.exit_code != 0
    assert "bad.csv" in result.output and len(result.output.strip().splitlines()) == 1
    assert not out.exists() or not any(out.iterdir())


def test_cli_layer_and_self_contained_deterministic(tmp_path: Path) -> None:
    layer = _write(tmp_path / "p.csv", "latitude,longitude,event_type\n36.2,37.15,Battles\n")
    pages = []
    for name in ("a", "b"):
        out = tmp_path / name
        result = CliRunner().invoke(
            main, ["map", "-o", str(out), "--layer", str(layer), "--self-contained"]
        )
        assert result.exit_code == 0, result.output
        pages.append((out / "map.html").read_bytes())
    assert pages[0] == pages[1]
    html = pages[0].decode("utf-8")
    assert '<script src="http' not in html and 'rel="stylesheet" href="http' not in html
    assert "p.csv" in html and "L.canvas" in html
