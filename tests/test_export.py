"""Tests for geomap.output: atomic writes, places.geojson, events.geojson and events.csv."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from geomap.errors import OutputError
from geomap.model import EventPlace, Incident
from geomap.output.files import atomic_write_bytes, atomic_write_text
from geomap.output.geojson import (
    EVENT_PROPERTY_NAMES,
    PROPERTY_NAMES,
    SPLIT_COUNTS,
    dumps_geojson,
    events_geojson,
    places_geojson,
    write_places,
)
from geomap.output.tables import CSV_COLUMNS, events_csv
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
        "article", "article_id", "article_url", "text", "start", "end", "role", "method",
        "confidence", "sentence",
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
    # Indented, so that a change to the golden file reads as a diff of the properties.
    check_golden(dumps_geojson(collection, indent=2), GOLDEN)


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


# ---------------------------------------------------------------------------
# events.geojson and events.csv: one record per place, as ACLED codes events

DOCS = Path(__file__).resolve().parents[1] / "docs" / "geojson.md"
FARDOS = EventPlace(
    "al-Fardos", "csr-aleppo-58", "district", 36.187032, 37.150803, "Firdaus", 40, 47
)
IDLIB = EventPlace("Idlib", "admin1-SY-ID", "admin1", 35.859597, 36.57137, "Idlib", 52, 57)


def _two_place_incident(**counts: object) -> Incident:
    """An execution reported for two places at once, with one toll for both."""
    return Incident(
        event_id="GEOMAP-0123456789AB",
        event_date=datetime.date(2016, 12, 12),
        time_precision=1,
        date_text="Monday",
        kind="execution",
        trigger="executed",
        event_type="Violence against civilians",
        sub_event_type="Attack",
        country="Syria",
        admin1="Aleppo Governorate",
        locations=(FARDOS, IDLIB),
        geo_precision=1,
        **counts,  # type: ignore[arg-type]
    )


def _no_place_incident() -> Incident:
    return Incident(
        event_id="GEOMAP-FFFFFFFFFFFF",
        event_date=None,
        time_precision=3,
        date_text=None,
        kind="execution",
        trigger="executed",
        event_type="Violence against civilians",
        sub_event_type="Attack",
        fatalities_low=5,
        fatalities_best=5,
    )


def test_incident_at_two_places_is_two_point_features(gazetteer: Gazetteer) -> None:
    incident = _two_place_incident(fatalities_low=67, fatalities_best=67)
    features = events_geojson([incident], gazetteer=gazetteer)["features"]
    assert [f["geometry"]["type"] for f in features] == ["Point", "Point"]
    assert [f["geometry"]["coordinates"] for f in features] == [
        [37.150803, 36.187032],
        [36.57137, 35.859597],
    ]
    first, second = (f["properties"] for f in features)
    assert first["incident_id"] == second["incident_id"] == "GEOMAP-0123456789AB"
    assert [first["event_id_cnty"], second["event_id_cnty"]] == [
        "GEOMAP-0123456789AB-1",
        "GEOMAP-0123456789AB-2",
    ]
    assert (first["place_index"], second["place_index"]) == (1, 2)
    assert first["places_in_incident"] == second["places_in_incident"] == 2
    # Each row has its own place...
    assert (first["location"], first["place_id"], first["place_kind"]) == (
        "al-Fardos",
        "csr-aleppo-58",
        "district",
    )
    assert (second["location"], second["latitude"], second["longitude"]) == (
        "Idlib",
        35.859597,
        36.57137,
    )
    assert (first["country"], first["admin1"]) == ("Syria", "Aleppo Governorate")
    assert (second["country"], second["admin1"]) == ("Syria", "Idlib")  # its own province
    # ...and the merged view of the incident, so nothing is lost.
    assert first["incident_locations"] == second["incident_locations"] == "al-Fardos; Idlib"
    assert [p["name"] for p in second["locations"]] == ["al-Fardos", "Idlib"]
    assert tuple(first) == tuple(second) == EVENT_PROPERTY_NAMES
    # Without the gazetteer, the second place's province is not known.
    (_, alone) = events_geojson([incident])["features"]
    assert (alone["properties"]["country"], alone["properties"]["admin1"]) == (None, None)


def test_single_place_and_placeless_incidents_keep_their_id() -> None:
    one = replace(_two_place_incident(), locations=(FARDOS,))
    features = events_geojson([one, _no_place_incident()])["features"]
    assert [f["properties"]["event_id_cnty"] for f in features] == [
        "GEOMAP-0123456789AB",
        "GEOMAP-FFFFFFFFFFFF",
    ]
    placed, placeless = features
    assert placed["geometry"]["type"] == "Point"
    assert placed["properties"]["place_index"] == placed["properties"]["places_in_incident"] == 1
    assert placeless["geometry"] is None  # RFC 7946 allows a feature without a location
    props = placeless["properties"]
    assert (props["place_index"], props["places_in_incident"], props["location"]) == (None, 0, None)
    assert (props["latitude"], props["longitude"], props["fatalities"]) == (None, None, 5)


@pytest.mark.parametrize(
    "counts",
    [
        {"fatalities_low": 67, "fatalities_best": 67},
        {"fatalities_low": 13, "fatalities_best": 13, "fatalities_high": 30},
        {"fatalities_low": 1, "fatalities_best": 1, "injuries": 5, "people_affected": 3},
        {"fatalities_low": 10**20 - 1, "fatalities_best": 10**20 - 1},  # no float round-trip
        {},
    ],
    ids=["67", "13-30", "1-over-2", "huge", "none"],
)
def test_fatalities_are_not_double_counted(counts: dict, gazetteer: Gazetteer) -> None:
    incident = _two_place_incident(**counts)
    features = events_geojson([incident], gazetteer=gazetteer)["features"]
    rows = list(csv.DictReader(io.StringIO(events_csv([incident], gazetteer=gazetteer))))
    for column in SPLIT_COUNTS:
        whole = getattr(incident, column)
        shares = [f["properties"][column] for f in features]
        if whole is None:
            assert shares == [None, None] and [r[column] for r in rows] == ["", ""]
            continue
        assert all(type(s) is int for s in shares)
        assert sum(shares) == whole, column  # summed over rows: the incident's figure once
        assert max(shares) - min(shares) <= 1  # split evenly, ACLED's way
        assert shares[0] >= shares[1]  # what does not divide goes to the first place
        assert sum(int(r[column]) for r in rows) == whole, column
    for feature in features:
        assert feature["properties"]["incident_fatalities"] == incident.fatalities
        assert feature["properties"]["fatalities_text"] == incident.fatalities_text
    low, best, high = (
        [f["properties"][k] for f in features]
        for k in ("fatalities_low", "fatalities_best", "fatalities_high")
    )
    for i in range(2):  # each row's shares stay ordered low <= best <= high
        assert low[i] is None or best[i] is None or low[i] <= best[i]
        assert high[i] is None or best[i] is None or best[i] <= high[i]


def test_events_csv_has_coordinates_on_every_row(gazetteer: Gazetteer) -> None:
    incidents = [_two_place_incident(fatalities_low=13, fatalities_best=13), _no_place_incident()]
    text = events_csv(incidents, gazetteer=gazetteer)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 3  # two places, then the incident with none
    fardos, idlib, placeless = rows
    assert (fardos["latitude"], fardos["longitude"]) == ("36.187032", "37.150803")
    assert (idlib["latitude"], idlib["longitude"]) == ("35.859597", "36.571370")
    assert (fardos["location"], idlib["location"]) == ("al-Fardos", "Idlib")
    assert (fardos["admin1"], idlib["admin1"]) == ("Aleppo Governorate", "Idlib")
    assert fardos["incident_id"] == idlib["incident_id"] == "GEOMAP-0123456789AB"
    assert (fardos["fatalities"], idlib["fatalities"], idlib["incident_fatalities"]) == (
        "7",
        "6",
        "13",
    )
    assert placeless["latitude"] == placeless["longitude"] == ""  # no place, no coordinates
    assert '\n"GEOMAP-0123456789AB-2",' in text and ",35.859597,36.571370," in text  # bare


def _documented(heading: str) -> list[str]:
    """The property names in the first table under *heading* in docs/geojson.md."""
    section = DOCS.read_text(encoding="utf-8").split(f"\n## {heading}\n", 1)[1]
    names: list[str] = []
    for line in section.splitlines():
        if line.startswith("## "):
            break
        if line.startswith("| `"):
            names += re.findall(r"`([a-z_0-9]+)`", line.split("|")[1])
    return names


def test_events_schema_is_documented() -> None:
    """docs/geojson.md documents every property of events.geojson and lists the CSV's columns."""
    documented = _documented("events.geojson")
    assert len(documented) == len(set(documented))
    assert set(documented) == set(EVENT_PROPERTY_NAMES)
    text = " ".join(DOCS.read_text(encoding="utf-8").split())
    acled = re.search(r"It has ACLED's columns (.*?), then geomap's own columns (.*?)\. ", text)
    assert acled, "the CSV columns are not listed in docs/geojson.md"
    columns = re.findall(r"`([a-z_0-9]+)`", " ".join(acled.groups()))
    assert tuple(columns) == CSV_COLUMNS
