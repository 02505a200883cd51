"""Tests for ``geomap control`` (and control.geojson from ``geomap map``), via CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from geomap.cli import main

ARTICLE = "articles/east-aleppo-2016-12-13.txt"
CSR_GEOJSON = "data/aleppo-csr/neighborhoods.geojson"


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _row(output: str, date: str) -> list[str]:
    line = next(x for x in output.splitlines() if x.startswith(date))
    return line.split()


def test_control_with_boundaries_before_and_after(shared_dir: Path) -> None:
    result = _run(
        "control", str(shared_dir / ARTICLE), "--boundaries", str(shared_dir / CSR_GEOJSON)
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Geometry: boundaries from neighborhoods.geojson" in out
    assert "approximate" not in out.split("\n\n")[0]
    # date, rebels n, rebels km², government n, km², ypg n, km², reported..., difference
    before = _row(out, "2016-11-15")
    assert before[1:3] == ["45", "34.63"]
    assert before[-2:] == ["45", "-10.37"]
    after = _row(out, "2016-12-12")
    assert after[1:3] == ["9", "5.43"]
    assert after[-2:] == ["8.6", "-3.17"]
    assert "Hamdudu: not mapped" in out
    assert "→ government: aj-Jalloum, al-Fardos" in out


def test_control_without_boundaries_says_approximate(shared_dir: Path) -> None:
    result = _run("control", str(shared_dir / ARTICLE))
    assert result.exit_code == 0, result.output
    assert "Geometry: approximate (Voronoi cells of gazetteer centroids)" in result.output
    before = _row(result.output, "2016-11-15")
    assert before[1] == "45" and float(before[2]) > 0


def test_control_geojson_to_file(tmp_path: Path) -> None:
    out = tmp_path / "control.geojson"
    result = _run("control", "--format", "geojson", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    controllers = {f["properties"]["controller"] for f in data["features"]}
    assert {"rebels", "government", "ypg"} <= controllers
    assert all(
        f["properties"]["geometry_source"] == "approximate (Voronoi cells of gazetteer centroids)"
        for f in data["features"]
    )


def test_control_bad_timeline_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "date,district,from,to,status,source,note\n"
        "2016-11-15,Hanano,,rebels,assessed,x,\n"
        "2016-11-26,Hamdudu,rebels,government,assessed,x,\n",
        encoding="utf-8",
    )
    result = _run("control", "--timeline", str(path))
    assert result.exit_code == 1
    expected = rf"Error: {re.escape(str(path))}:3: unknown district or town 'Hamdudu'"
    assert re.search(expected, result.output)


def test_control_timeline_warning_is_visible(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "date,district,from,to,status,source,note\n"
        "2016-11-15,Hanano,,rebels,assessed,x,\n"
        "2016-11-26,Hanano,ypg,government,assessed,x,\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["control", "--timeline", str(path)])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.output and "Hanano is held by rebels" in result.output


def test_control_help_has_example() -> None:
    result = _run("control", "--help")
    assert "Example:" in result.output and "--boundaries" in result.output


def test_map_writes_control_geojson(tmp_path: Path) -> None:
    result = _run("map", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "control.geojson").is_file()
    assert f"wrote {tmp_path / 'control.geojson'}" in result.output
