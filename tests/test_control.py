"""Tests for geomap.control: timeline, text statements, geometry, areas, control.geojson."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest

from geomap import api, control
from geomap.control import GEOMETRY_APPROXIMATE, TimelineError
from geomap.control.geometry import area_km2, voronoi_cells
from geomap.events import extract_incidents
from geomap.output.files import atomic_write_text
from geomap.output.geojson import dumps_geojson
from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import parse_places
from geomap.text.articles import article_from_text
from geomap.text.document import read_document

GOLDEN = Path(__file__).parent / "data" / "expected" / "control-example.geojson"
UPDATE_GOLDEN_ENV = "GEOMAP_UPDATE_GOLDEN"
CSR_GEOJSON = "data/aleppo-csr/neighborhoods.geojson"
HEADER = "date,district,from,to,status,source,note\n"
INITIAL = (
    "2016-11-15,Hanano,,rebels,assessed,test,\n"
    "2016-11-15,as-Salheen,,rebels,assessed,test,\n"
    "2016-11-15,*,,government,assessed,test,\n"
)
D = datetime.date


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


@pytest.fixture(scope="module")
def timeline(gazetteer: Gazetteer) -> control.Timeline:
    aleppo = next(t for t in control.shipped_timelines() if t.id == "aleppo-2016")
    return control.load_timeline(aleppo.path, gazetteer, area=gazetteer.get(aleppo.place_id))


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "timeline.csv"
    path.write_text(HEADER + INITIAL + body, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# Areas in metres


def test_square_kilometre_near_aleppo_is_one_km2() -> None:
    from shapely.geometry import box

    from geomap.control.geometry import to_wgs84, utm_crs

    centre = box(37.15, 36.2, 37.1501, 36.2001)
    crs = utm_crs([centre])
    x, y = centre.centroid.x, centre.centroid.y
    from pyproj import Transformer

    to_utm = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    ux, uy = to_utm.transform(x, y)
    square = to_wgs84([box(ux, uy, ux + 1000, uy + 1000)], crs)[0]
    assert area_km2(square) == pytest.approx(1.0, rel=0.005)
    # The same square's area in square degrees is nowhere near 1.
    assert square.area < 0.001


def test_degree_box_is_measured_in_metres() -> None:
    from shapely.geometry import box

    # 0.01° x 0.01° at 36.2°N: about 1.113 km x 0.898 km.
    assert area_km2(box(37.15, 36.2, 37.16, 36.21)) == pytest.approx(0.999, rel=0.01)


def test_voronoi_cells_tile_the_city_area() -> None:
    points = {"a": (37.10, 36.20), "b": (37.15, 36.21), "c": (37.20, 36.19), "d": (37.15, 36.17)}
    cells = voronoi_cells(points, target_area_km2=100.0)
    assert set(cells) == set(points)
    total = sum(area_km2(c) for c in cells.values())
    assert total == pytest.approx(100.0, rel=0.01)
    from shapely.geometry import Point

    for key, (lon, lat) in points.items():
        assert cells[key].contains(Point(lon, lat))


# ---------------------------------------------------------------------------
# The shipped timeline


def test_shipped_timeline_initial_state(timeline: control.Timeline, gazetteer: Gazetteer) -> None:
    assert timeline.start == D(2016, 11, 15)
    assert timeline.warnings == ()
    sides = {c.to_side for c in timeline.initial.values()}
    assert sides == {"rebels", "government", "ypg"}
    held = {gazetteer.get(i).name: c.to_side for i, c in timeline.initial.items()}
    assert held["ash-Sheikh Maqsoud"] == "ypg"
    assert held["al-Fardos"] == "rebels"
    assert held["al-Furqan"] == "government"
    assert sum(1 for s in held.values() if s == "rebels") == 45
    # Every district of the city has an initial holder.
    districts = [p for p in gazetteer if p.kind == "district" and p.parent == "geonames-170063"]
    assert len(timeline.initial) == len(districts)


def test_shipped_timeline_statuses_and_sources(timeline: control.Timeline) -> None:
    for change in timeline.changes:
        assert change.sources, change
        assert change.status in control.STATUSES
    claimed = {(c.district, c.date) for c in timeline.changes if c.status == "claimed"}
    assert ("as-Sukkari", D(2016, 12, 14)) in claimed  # MoD only
    assert ("Sheikh Sa’eed", D(2016, 11, 30)) in claimed
    contested = {c.district for c in timeline.changes if c.status == "contested"}
    assert contested == {"al-Marjeh"}


# ---------------------------------------------------------------------------
# Timeline validation: errors, never silent drops


def test_unknown_district_is_an_error_with_file_and_line(tmp_path, gazetteer) -> None:
    path = _write(tmp_path, "2016-11-26,Hamdudu,rebels,government,assessed,test,\n")
    with pytest.raises(TimelineError) as info:
        control.load_timeline(path, gazetteer)
    assert f"{path}:5: unknown district or town 'Hamdudu'" in str(info.value)
    assert "did you mean" in str(info.value)


def test_malformed_date_is_an_error(tmp_path, gazetteer) -> None:
    path = _write(tmp_path, "26/11/2016,Hanano,rebels,government,assessed,test,\n")
    with pytest.raises(TimelineError, match=rf"{path}:5: date '26/11/2016' is not YYYY-MM-DD"):
        control.load_timeline(path, gazetteer)
    path = _write(tmp_path, "2016-11-31,Hanano,rebels,government,assessed,test,\n")
    with pytest.raises(TimelineError, match="is not a real day"):
        control.load_timeline(path, gazetteer)


def test_unknown_side_and_status_are_errors(tmp_path, gazetteer) -> None:
    path = _write(tmp_path, "2016-11-26,Hanano,rebels,army,assessed,test,\n")
    with pytest.raises(TimelineError, match=r":5: unknown side 'army' in to"):
        control.load_timeline(path, gazetteer)
    path = _write(tmp_path, "2016-11-26,Hanano,rebels,government,rumoured,test,\n")
    with pytest.raises(TimelineError, match=r":5: unknown status 'rumoured'"):
        control.load_timeline(path, gazetteer)


def test_changing_hands_twice_on_one_day_is_an_error(tmp_path, gazetteer) -> None:
    path = _write(
        tmp_path,
        "2016-11-26,Hanano,rebels,government,assessed,test,\n"
        "2016-11-26,Masaken Hanano,government,rebels,claimed,test,\n",
    )
    with pytest.raises(TimelineError) as info:
        control.load_timeline(path, gazetteer)
    assert "Hanano changes hands twice on 2016-11-26 (also line 5)" in str(info.value)
    assert str(info.value).startswith(f"{path}:6:")


def test_every_bad_row_is_listed(tmp_path, gazetteer) -> None:
    path = _write(
        tmp_path,
        "2016-11-26,Nowhere,rebels,government,assessed,test,\n"
        "2016-13-01,Hanano,rebels,government,assessed,test,\n",
    )
    with pytest.raises(TimelineError) as info:
        control.load_timeline(path, gazetteer)
    assert len(info.value.problems) == 2
    assert "(and 1 more)" in str(info.value)


def test_wrong_from_side_is_a_visible_warning(tmp_path, gazetteer) -> None:
    path = _write(tmp_path, "2016-11-26,Hanano,ypg,government,assessed,test,\n")
    loaded = control.load_timeline(path, gazetteer)
    assert len(loaded.changes) == 1
    assert any("Hanano is held by rebels" in w for w in loaded.warnings)


def test_timeline_accepts_ids(tmp_path, gazetteer) -> None:
    path = _write(tmp_path, "2016-11-26,csr-aleppo-65,rebels,government,assessed,test,\n")
    loaded = control.load_timeline(path, gazetteer)
    assert loaded.changes[0].district == "Hanano"


def test_missing_column_is_an_error(tmp_path, gazetteer) -> None:
    path = tmp_path / "t.csv"
    path.write_text("date,district,to\n2016-11-15,Hanano,rebels\n", encoding="utf-8")
    with pytest.raises(TimelineError, match=r":1: missing column"):
        control.load_timeline(path, gazetteer)


# ---------------------------------------------------------------------------
# Statements in the text


def _findings(gazetteer: Gazetteer, text: str) -> control.TextFindings:
    article = article_from_text(text, name="t", date=D(2016, 12, 13))
    document = parse_places(read_document(article), gazetteer)
    return control.read_statements([document], extract_incidents(document, gazetteer))


def test_withdrawal_list_becomes_changes_and_unknown_names_are_reported(gazetteer) -> None:
    found = _findings(
        gazetteer,
        "Aleppo, Syria. The opposition had to withdraw from the Sheikh Saed, Firdaus, "
        "Hamdudu and Saliheen regions.",
    )
    assert {(c.district, c.from_side, c.to_side) for c in found.changes} == {
        ("Sheikh Sa’eed", "rebels", "government"),
        ("al-Fardos", "rebels", "government"),
        ("as-Salheen", "rebels", "government"),
    }
    assert all(c.precision == "by" and c.date == D(2016, 12, 13) for c in found.changes)
    assert [m.text for m in found.unresolved] == ["Hamdudu"]


def test_capture_fell_to_and_relative_dates(gazetteer) -> None:
    found = _findings(
        gazetteer,
        "Aleppo, Syria. Regime forces captured al-Kallaseh yesterday. "
        "On Monday, Bab al-Maqam fell to government forces. "
        "Kurdish YPG fighters took Bustan al-Basha between Sunday and today.",
    )
    got = {(c.district, c.to_side, c.date) for c in found.changes}
    assert ("al-Kallaseh", "government", D(2016, 12, 12)) in got
    assert ("Bab al-Maqam", "government", D(2016, 12, 12)) in got
    assert ("Bustan al-Basha", "ypg", D(2016, 12, 13)) in got


def test_claims_and_directions_are_not_plain_captures(gazetteer) -> None:
    found = _findings(
        gazetteer,
        "Aleppo, Syria. SANA claimed the army had seized al-Marjeh. "
        "Troops advanced north of al-Kallaseh and captured nothing.",
    )
    assert [(c.district, c.status) for c in found.changes] == [("al-Marjeh", "claimed")]


def test_size_statements_become_dated_figures(gazetteer) -> None:
    found = _findings(
        gazetteer,
        "The area controlled by the resistance fell to 8.6 square kilometres, where about "
        "100,000 civilians are under siege. The army said it held 90 per cent of eastern Aleppo.",
    )
    kinds = {(f.kind, f.value, f.controller) for f in found.figures}
    assert ("area_km2", 8.6, "rebels") in kinds
    assert ("people", 100000.0, None) in kinds
    assert ("share_percent", 90.0, "government") in kinds
    assert found.changes == ()


def test_text_adds_to_the_timeline_and_conflicts_are_shown(timeline, gazetteer) -> None:
    agree = control.ControlChange(
        D(2016, 12, 12), "csr-aleppo-58", "al-Fardos", "rebels", "government",
        sources=("article",), origin="text",
    )  # fmt: skip
    disagree = control.ControlChange(
        D(2016, 12, 3), "csr-aleppo-108", "ash-Sha'ar", None, "government",
        sources=("article",), origin="text",
    )  # fmt: skip
    merged, conflicts = control.merge_changes(timeline, [agree, disagree])
    fardos = [c for c in merged if c.district == "al-Fardos"]
    assert len(fardos) == 1 and "article" in fardos[0].sources
    assert len(conflicts) == 1
    assert conflicts[0].timeline_change.date == D(2016, 12, 6)
    assert "2016-12-03" in conflicts[0].reason and "2016-12-06" in conflicts[0].reason
    assert len(merged) == len(timeline.changes)


# ---------------------------------------------------------------------------
# Reports and control.geojson


@pytest.fixture(scope="module")
def example_report(gazetteer) -> api.ControlReport:
    return api.control_report([], gazetteer)


def test_example_report_shows_the_area_shrinking(example_report) -> None:
    rebels = [s for s in example_report.snapshots if s.controller == "rebels"]
    assert rebels[0].valid_from == D(2016, 11, 15)
    areas = [s.area_km2 for s in rebels]
    assert areas[0] > areas[-1] * 5
    assert example_report.geometry_source == GEOMETRY_APPROXIMATE
    assert rebels[0].reported_area_km2 == 45
    by_date = {s.valid_from: s for s in rebels}
    assert by_date[D(2016, 12, 12)].reported_area_km2 == 8.6
    # The examples date Tariq al-Bab (the gazetteer's ash-Sha'ar) three days earlier.
    assert any(c.change.district == "ash-Sha'ar" for c in example_report.conflicts)


def test_control_geojson_is_rfc7946_and_labelled(example_report) -> None:
    data = example_report.geojson()
    assert list(data) == ["type", "features"]
    for feature in data["features"]:
        props = feature["properties"]
        assert props["controller"] in control.controller_ids()
        assert props["geometry_source"] == GEOMETRY_APPROXIMATE
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        for key in ("valid_from", "valid_to", "area_km2", "reported_area_km2",
                    "reported_area_source", "districts", "district_ids", "sources"):  # fmt: skip
            assert key in props
        ring = feature["geometry"]["coordinates"]
        while isinstance(ring[0][0], list):
            ring = ring[0]
        assert all(round(x, 6) == x for point in ring for x in point)
    dumps_geojson(data)  # no NaN


def _rounded(value, digits=4):
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, list):
        return [_rounded(v, digits) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v, digits) for k, v in value.items()}
    return value


def test_golden_control_geojson(example_report) -> None:
    text = dumps_geojson(example_report.geojson())
    if os.environ.get(UPDATE_GOLDEN_ENV) == "1":
        # Stored compact (one line per feature) to keep the file small; compared parsed.
        data = json.loads(text)
        lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in data["features"]]
        atomic_write_text(
            GOLDEN, '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
        )
        return
    assert GOLDEN.exists(), f"missing {GOLDEN}; run with {UPDATE_GOLDEN_ENV}=1"
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert _rounded(json.loads(text)) == _rounded(expected), (
        f"{GOLDEN.name} differs; if intended, rerun with {UPDATE_GOLDEN_ENV}=1"
    )


def test_output_is_deterministic(gazetteer) -> None:
    first = dumps_geojson(api.control_report([], gazetteer).geojson())
    second = dumps_geojson(api.control_report([], gazetteer).geojson())
    assert first == second


# ---------------------------------------------------------------------------
# Real boundaries (../shared)


def test_boundaries_match_every_district(shared_dir, gazetteer) -> None:
    geometry = control.district_geometries(gazetteer, shared_dir / CSR_GEOJSON)
    assert geometry.source == "boundaries from neighborhoods.geojson"
    assert geometry.warnings == ()
    districts = {p.id for p in gazetteer if p.kind == "district"}
    assert districts <= set(geometry.geometries)
    # Features sharing an Id are merged: the city's area matches the gazetteer's.
    from shapely import union_all

    total = area_km2(union_all(list(geometry.geometries.values())))
    assert total == pytest.approx(gazetteer.get("geonames-170063").area_km2, rel=0.01)


def test_shared_article_with_boundaries(shared_dir, gazetteer) -> None:
    report = api.control_report(
        [shared_dir / "articles/east-aleppo-2016-12-13.txt"],
        gazetteer,
        boundaries=shared_dir / CSR_GEOJSON,
    )
    rebels = {s.valid_from: s for s in report.snapshots if s.controller == "rebels"}
    before, after = rebels[D(2016, 11, 15)], rebels[D(2016, 12, 12)]
    # Computed from the CSR polygons: the districts the timeline names, no more.
    assert before.area_km2 == pytest.approx(34.63, abs=0.05)
    assert after.area_km2 == pytest.approx(5.43, abs=0.05)
    assert (before.reported_area_km2, after.reported_area_km2) == (45, 8.6)
    # The east region of the gazetteer is the same districts plus one enclave.
    east = gazetteer.get("aleppo-east").area_km2
    assert before.area_km2 == pytest.approx(east, abs=0.3)
    assert [m.text for m in report.unresolved] == ["Hamdudu"]
    assert report.conflicts == ()


# ---------------------------------------------------------------------------
# The map layer


def test_control_layer_for_the_map_has_dates_styles_and_legends(example_report) -> None:
    from dataclasses import replace

    from geomap.webmap.data import control_layer

    sources = ("<script>alert(1)</script>",)
    snapshots = [replace(s, sources=sources) for s in example_report.snapshots]
    layer = control_layer(snapshots)
    dates = sorted({s.valid_from.isoformat() for s in snapshots})
    assert layer["dates"] == dates and len(layer["legends"]) == len(dates)
    colours = {f["properties"]["style"]["color"] for f in layer["features"]}
    rebels = next(side for side in control.load_sides() if side.id == "rebels")
    assert rebels.colour in colours
    notes = {note for legend in layer["legends"] for note in legend["notes"]}
    assert any("Voronoi cells of gazetteer centroids" in note for note in notes)
    # Text stays text: the popup carries the source as written, for textContent.
    popup = layer["features"][0]["properties"]["popup"]
    assert ["field", "Sources", "<script>alert(1)</script>"] in popup["blocks"]


def test_cli_does_not_import_geopandas_eagerly() -> None:
    import subprocess
    import sys

    code = "import sys, geomap.cli, geomap.control; print('geopandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
