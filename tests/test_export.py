"""Tests for geomap.output.files: atomic writes and places.geojson."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from geomap.errors import OutputError
from geomap.output.files import atomic_write_bytes, atomic_write_text
from geomap.output.geojson import PROPERTY_NAMES, dumps_geojson, places_geojson, write_places
from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import PlaceReport, parse_articles
from geomap.text.articles import article_from_text

MINI_TEXT = (
    "Regime forces captured the Firdaus and Kallasa districts of Aleppo, Syria. "
    "Rebels withdrew from the Hamdudu area."
)
GOLDEN = Path(__file__).parent / "data" / "expected" / "places-mini.geojson"
UPDATE_GOLDEN_ENV = "GEOMAP_UPDATE_GOLDEN"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


@pytest.fixture(scope="module")
def report(gazetteer: Gazetteer) -> PlaceReport:
    return parse_articles([article_from_text(MINI_TEXT, name="mini")], gazetteer)


@pytest.fixture(scope="module")
def collection(report: PlaceReport) -> dict:
    return places_geojson(report)


def _by_name(collection: dict, name: str) -> dict:
    matches = [f for f in collection["features"] if f["properties"]["name"] == name]
    assert len(matches) == 1, [f["properties"]["name"] for f in collection["features"]]
    return matches[0]


def check_golden(text: str, path: Path) -> None:
    """Compare *text* with the golden file; rewrite it instead when GEOMAP_UPDATE_GOLDEN=1."""
    if os.environ.get(UPDATE_GOLDEN_ENV) == "1":
        atomic_write_text(path, text)
        return
    assert path.exists(), f"missing {path}; run with {UPDATE_GOLDEN_ENV}=1 to create it"
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} differs; if the change is intended, rerun with {UPDATE_GOLDEN_ENV}=1"
    )


# ---------------------------------------------------------------------------
# places_geojson


def test_feature_collection_is_strict_rfc7946(collection: dict) -> None:
    assert list(collection) == ["type", "features"]
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert list(feature) == ["type", "geometry", "properties"]
        assert feature["type"] == "Feature"
        assert tuple(feature["properties"]) == PROPERTY_NAMES
        geometry = feature["geometry"]
        if geometry is not None:
            assert geometry["type"] == "Point"
            lon, lat = geometry["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert round(lon, 6) == lon and round(lat, 6) == lat
    json.loads(dumps_geojson(collection))  # valid JSON


def test_coordinates_are_lon_lat(collection: dict) -> None:
    lon, lat = _by_name(collection, "Aleppo")["geometry"]["coordinates"]
    assert lon == pytest.approx(37.1, abs=0.15)
    assert lat == pytest.approx(36.2, abs=0.15)


def test_resolved_places_properties(collection: dict) -> None:
    names = [f["properties"]["name"] for f in collection["features"]]
    assert names[:4] == ["al-Fardos", "al-Kallaseh", "Aleppo", "Syria"]
    fardos = _by_name(collection, "al-Fardos")["properties"]
    assert fardos["status"] == "resolved"
    assert fardos["place_id"].startswith("csr-aleppo-")
    assert fardos["kind"] == "district"
    assert fardos["role"] == "location" and fardos["roles"] == ["location"]
    assert fardos["country"] == "SY"
    assert fardos["parent_id"] == _by_name(collection, "Aleppo")["properties"]["place_id"]
    assert fardos["method"] == "alternative"
    assert 0 < fardos["confidence"] <= 1
    assert fardos["mention_count"] == 1
    assert fardos["articles"] == ["mini"]
    assert fardos["suggestions"] == []
    assert "Columbia" in fardos["source"] and "MIT" in fardos["licence"]
    (mention,) = fardos["mentions"]
    assert list(mention) == [
        "article", "text", "start", "end", "role", "method", "confidence", "sentence",
    ]  # fmt: skip
    assert MINI_TEXT[mention["start"] : mention["end"]] == mention["text"] == "Firdaus"
    assert mention["sentence"].startswith("Regime forces captured")


def test_unresolved_name_has_null_geometry_and_suggestions(collection: dict) -> None:
    last = collection["features"][-1]
    assert last["properties"]["name"] == "Hamdudu"
    assert last["geometry"] is None
    props = last["properties"]
    assert props["status"] == "unresolved"
    assert props["place_id"] is None and props["method"] is None
    assert props["suggestions"], "Hamdudu should have suggestions"
    first = props["suggestions"][0]
    assert list(first) == ["place_id", "name", "kind", "score"]
    scores = [s["score"] for s in props["suggestions"]]
    assert all(0 < s <= 100 for s in scores)


def test_mentions_of_one_place_are_aggregated_across_articles(gazetteer: Gazetteer) -> None:
    articles = [
        article_from_text(
            "Shelling hit Aleppo, Syria. Rebels withdrew from the Hamdudu area.", name="b"
        ),
        article_from_text(
            "Clashes in Aleppo. Fighters left the hamdudu area, from Hamdudu.", name="a"
        ),
    ]
    collection = places_geojson(parse_articles(articles, gazetteer))
    aleppo = _by_name(collection, "Aleppo")["properties"]
    assert aleppo["mention_count"] == 2
    assert aleppo["articles"] == ["a", "b"]  # sorted
    assert [m["article"] for m in aleppo["mentions"]] == ["b", "a"]  # article order
    unresolved = [f for f in collection["features"] if f["geometry"] is None]
    assert [f["properties"]["name"] for f in unresolved].count("Hamdudu") == 1


def test_not_a_place_and_actor_roles(gazetteer: Gazetteer) -> None:
    text = (
        "Russian warplanes struck Aleppo, Syria, according to Syria's Civil Defence. "
        "Russia said the strikes would go on."
    )
    report = parse_articles([article_from_text(text, name="x")], gazetteer)
    collection = places_geojson(report)
    skipped = {m.start for m in report.mentions if m.status == "not_a_place"}
    for feature in collection["features"]:
        assert not {m["start"] for m in feature["properties"]["mentions"]} & skipped
    for feature in collection["features"]:
        props = feature["properties"]
        expected = "location" if "location" in props["roles"] else "actor"
        assert props["role"] == expected


def test_empty_report() -> None:
    assert places_geojson(PlaceReport(())) == {"type": "FeatureCollection", "features": []}


def test_dumps_is_deterministic(gazetteer: Gazetteer, report: PlaceReport) -> None:
    again = parse_articles([article_from_text(MINI_TEXT, name="mini")], gazetteer)
    first = dumps_geojson(places_geojson(report))
    assert first == dumps_geojson(places_geojson(again))
    assert first.endswith("}\n") and not first.endswith("\n\n")


def test_golden_file(collection: dict) -> None:
    check_golden(dumps_geojson(collection), GOLDEN)


# ---------------------------------------------------------------------------
# writing


def test_write_places_then_geopandas_reads_it(report: PlaceReport, tmp_path: Path) -> None:
    gpd = pytest.importorskip("geopandas")
    path = tmp_path / "out" / "places.geojson"
    write_places(report, path)
    assert path.read_text(encoding="utf-8") == dumps_geojson(places_geojson(report))
    assert sorted(p.name for p in path.parent.iterdir()) == ["places.geojson"]
    frame = gpd.read_file(path)
    resolved = frame[frame["status"] == "resolved"]
    assert len(resolved) == 4
    assert all(g is not None and g.geom_type == "Point" for g in resolved.geometry)
    aleppo = resolved[resolved["name"] == "Aleppo"].geometry.iloc[0]
    assert aleppo.x == pytest.approx(37.17, abs=0.1) and aleppo.y == pytest.approx(36.2, abs=0.1)
    unresolved = frame[frame["status"] == "unresolved"]
    assert list(unresolved["name"]) == ["Hamdudu"]
    assert unresolved.geometry.iloc[0] is None or unresolved.geometry.iloc[0].is_empty


def test_atomic_write_replaces_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "file.txt"
    atomic_write_text(target, "first\n")
    atomic_write_bytes(target, "sécond\n".encode())
    assert target.read_text(encoding="utf-8") == "sécond\n"
    assert [p.name for p in target.parent.iterdir()] == ["file.txt"]


def test_atomic_write_fails_cleanly_when_folder_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError) as info:
        atomic_write_text(blocker / "places.geojson", "{}\n")
    assert "\n" not in str(info.value) and "blocker" in str(info.value)
    assert blocker.read_text() == "not a folder"
    assert [p.name for p in tmp_path.iterdir()] == ["blocker"]


def test_atomic_write_fails_cleanly_when_target_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "places.geojson").mkdir()
    with pytest.raises(OutputError):
        atomic_write_text(tmp_path / "places.geojson", "{}\n")
    assert [p.name for p in tmp_path.iterdir()] == ["places.geojson"]
    assert (tmp_path / "places.geojson").is_dir()


def test_atomic_write_keeps_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "places.geojson"
    target.write_text("old\n")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OutputError, match="No space left on device"):
        atomic_write_text(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["places.geojson"]


def test_atomic_write_new_file_is_readable(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    atomic_write_text(target, "x")
    assert target.stat().st_mode & 0o644 == 0o644
