"""GeoParquet and GeoPackage outputs (``--format parquet|gpkg``) against the GeoJSON.

Every check reads the files back as a user would, with ``geopandas.read_parquet`` and
``geopandas.read_file``, and compares them with the GeoJSON the same run writes: the
same rows in the same order, the same columns, the same geometries, EPSG:4326.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import geopandas
import pytest
from click.testing import CliRunner, Result
from generated_corpus import write_generated_corpus

from geomap import api
from geomap.cli import main
from geomap.errors import OutputError
from geomap.output import columnar, files
from geomap.output.geojson import (
    EVENT_PROPERTY_NAMES,
    PROPERTY_NAMES,
    dumps_geojson,
    events_geojson,
    places_geojson,
)

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def _plain(value):
    """A value read back by geopandas as the GeoJSON has it (NaN and NA as None)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # a numpy scalar
        return _plain(value.item())
    if value is geopandas.pd.NA:
        return None
    return value


def rows_of(frame: geopandas.GeoDataFrame, like: list[dict]) -> list[dict]:
    """The frame's rows as properties: JSON text parsed where the GeoJSON has lists."""
    json_columns = {
        name
        for feature in like
        for name, value in feature["properties"].items()
        if isinstance(value, list | dict)
    }
    rows = []
    for record in frame.drop(columns="geometry").to_dict("records"):
        row = {name: _plain(value) for name, value in record.items()}
        for name in json_columns:
            if row[name] is not None:
                row[name] = json.loads(row[name])
        rows.append(row)
    return rows


def geometries_of(frame: geopandas.GeoDataFrame) -> list:
    """The frame's geometries as GeoJSON coordinates (None for a null geometry)."""
    out = []
    for geometry in frame.geometry:
        if geometry is None or geometry.is_empty:
            out.append(None)
        else:
            out.append([geometry.x, geometry.y])
    return out


def assert_same(frame: geopandas.GeoDataFrame, features: list[dict], names) -> None:
    """*frame* holds *features*: rows in order, columns, values, points, EPSG:4326."""
    assert list(frame.columns) == [*names, "geometry"]
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    assert len(frame) == len(features)
    assert rows_of(frame, features) == [f["properties"] for f in features]
    expected = [f["geometry"]["coordinates"] if f["geometry"] else None for f in features]
    assert geometries_of(frame) == expected


def read_dataset(folder: Path) -> geopandas.GeoDataFrame:
    """A partitioned dataset as one frame, without the partition column readers add."""
    return geopandas.read_parquet(folder).drop(columns="event_month")


def by_month(features: list[dict]) -> list[dict]:
    """The features in the order a reader of the dataset gets: by month, then as written."""
    return sorted(features, key=columnar.event_month)


# ---------------------------------------------------------------------------
# The bundled examples, through the command line


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every format of `geomap events` and `geomap places` on the bundled examples."""
    folder = tmp_path_factory.mktemp("examples")
    ok("events", "--format", "geojson", "-o", str(folder / "events.geojson"))
    ok("events", "--format", "parquet", "-o", str(folder / "events"))
    ok("events", "--format", "gpkg", "-o", str(folder / "events.gpkg"))
    articles = str(ROOT / "geomap" / "examples")
    ok("places", articles, "--format", "geojson", "-o", str(folder / "places.geojson"))
    ok("places", articles, "--format", "parquet", "-o", str(folder / "places.parquet"))
    ok("places", articles, "--format", "gpkg", "-o", str(folder / "places.gpkg"))
    return folder


def features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def test_events_parquet_has_the_geojson_rows(examples: Path) -> None:
    expected = features(examples / "events.geojson")
    assert len(expected) > 10
    assert_same(read_dataset(examples / "events"), by_month(expected), EVENT_PROPERTY_NAMES)


def test_events_parquet_is_partitioned_by_month(examples: Path) -> None:
    expected = features(examples / "events.geojson")
    months = {columnar.event_month(f) for f in expected}
    folders = sorted(p.name for p in (examples / "events").iterdir())
    assert folders == sorted(f"event_month={m}" for m in months)
    for month in months:
        part = examples / "events" / f"event_month={month}" / "part-0.parquet"
        in_month = [f for f in expected if columnar.event_month(f) == month]
        # One part read alone has exactly the GeoJSON's columns, in its order.
        assert_same(geopandas.read_parquet(part), in_month, EVENT_PROPERTY_NAMES)


def test_events_geopackage_has_the_geojson_rows(examples: Path) -> None:
    frame = geopandas.read_file(examples / "events.gpkg", layer="events")
    assert_same(frame, features(examples / "events.geojson"), EVENT_PROPERTY_NAMES)


@pytest.mark.parametrize("name", ["places.parquet", "places.gpkg"])
def test_places_have_the_geojson_rows(examples: Path, name: str) -> None:
    expected = features(examples / "places.geojson")
    assert any(f["geometry"] is None for f in expected)  # unresolved names too
    if name.endswith(".parquet"):
        frame = geopandas.read_parquet(examples / name)
    else:
        frame = geopandas.read_file(examples / name, layer="places")
    assert_same(frame, expected, PROPERTY_NAMES)


def test_parquet_without_output_is_a_one_line_error() -> None:
    for command in ("events", "places"):
        args = [command, "--format", "parquet"]
        if command == "places":
            args.insert(1, str(ROOT / "geomap" / "examples"))
        result = run(*args)
        assert result.exit_code == 2
        errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert errors and "give -o" in errors[0], result.output
        assert "Traceback" not in result.output


def test_places_json_and_format_do_not_mix(tmp_path: Path) -> None:
    articles = str(ROOT / "geomap" / "examples")
    result = run("places", articles, "--json", "--format", "parquet", "-o", str(tmp_path / "x"))
    assert result.exit_code == 2 and "--json" in result.output
    assert not (tmp_path / "x").exists()


# ---------------------------------------------------------------------------
# A generated corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 generated articles (benchmarks/bench_corpus.py) as events and places.

    Through :mod:`geomap.api` and the writers the commands use, so that the corpus is
    read twice (places, events) rather than once per format.
    """
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "articles").mkdir()
    paths = write_generated_corpus(folder / "articles", 300)
    gazetteer = api.load_gazetteer()
    articles = api.read_articles(paths)
    events = events_geojson(
        api.find_events(articles, gazetteer), gazetteer=gazetteer, articles=articles
    )
    places = places_geojson(api.find_places(paths, gazetteer))
    (folder / "events.geojson").write_text(dumps_geojson(events), encoding="utf-8")
    (folder / "places.geojson").write_text(dumps_geojson(places), encoding="utf-8")
    files.write_output_folder(
        folder / "events", columnar.events_parquet_dataset(events["features"], EVENT_PROPERTY_NAMES)
    )
    (folder / "places.gpkg").write_bytes(
        columnar.features_geopackage(places["features"], PROPERTY_NAMES, "places")
    )
    return folder


def test_corpus_events_parquet_has_the_geojson_rows(corpus: Path) -> None:
    expected = features(corpus / "events.geojson")
    assert len(expected) > 300
    assert len({columnar.event_month(f) for f in expected}) > 1
    assert_same(read_dataset(corpus / "events"), by_month(expected), EVENT_PROPERTY_NAMES)


def test_corpus_places_geopackage_has_the_geojson_rows(corpus: Path) -> None:
    frame = geopandas.read_file(corpus / "places.gpkg", layer="places")
    assert_same(frame, features(corpus / "places.geojson"), PROPERTY_NAMES)


def test_batches_cut_a_large_layer(monkeypatch: pytest.MonkeyPatch, corpus: Path) -> None:
    # Several record batches (row groups) give the same rows as one.
    import pyarrow.parquet as pq

    monkeypatch.setattr(columnar, "BATCH_ROWS", 7)
    expected = features(corpus / "places.geojson")
    data = columnar.features_parquet(expected, PROPERTY_NAMES)
    path = corpus / "batched.parquet"
    path.write_bytes(data)
    assert pq.ParquetFile(path).num_row_groups == math.ceil(len(expected) / 7)
    assert_same(geopandas.read_parquet(path), expected, PROPERTY_NAMES)


# ---------------------------------------------------------------------------
# Values: types, undated events, hostile text

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "{{7*7}} {% if %} ${x}",
    "<script>alert(1)</script> & \"quotes\" 'single'",
    "line\nbreak\ttab\r",
    "\u202eevil\u202c \u200f حلب Алеппо 😀",
    '{"not": "json"}',
    "",
    "a" * 10_000,
]


def _hostile_events(count: int) -> list[dict]:
    """Event features whose every text property is hostile; some undated, some no place."""
    events = []
    for index in range(count):
        text = HOSTILE[index % len(HOSTILE)]
        properties: dict = dict.fromkeys(EVENT_PROPERTY_NAMES, text)
        properties.update(
            event_date=f"2017-03-0{index % 9 + 1}" if index % 3 else None,
            fatalities=index,
            hedged=bool(index % 2),
            confidence=0.5 + index / 1000,
            locations=[{"name": text, "lat": 36.2, "lon": 37.1}],
            counts=[],
            fatalities_breakdown={text: index},
        )
        geometry = {"type": "Point", "coordinates": [37.1 + index / 100, -36.2]}
        events.append(
            {
                "type": "Feature",
                "geometry": geometry if index % 4 else None,
                "properties": properties,
            }
        )
    return events


def test_hostile_text_round_trips_unchanged(tmp_path: Path) -> None:
    events = _hostile_events(40)
    dataset = columnar.events_parquet_dataset(events, EVENT_PROPERTY_NAMES)
    files.write_output_folder(tmp_path / "events", dataset)
    assert "event_month=undated/part-0.parquet" in dataset
    assert_same(read_dataset(tmp_path / "events"), by_month(events), EVENT_PROPERTY_NAMES)
    gpkg = tmp_path / "events.gpkg"
    gpkg.write_bytes(columnar.features_geopackage(events, EVENT_PROPERTY_NAMES, "events"))
    assert_same(geopandas.read_file(gpkg, layer="events"), events, EVENT_PROPERTY_NAMES)


def test_undated_events_have_their_own_partition() -> None:
    events = _hostile_events(12)
    dataset = columnar.events_parquet_dataset(events, EVENT_PROPERTY_NAMES)
    assert list(dataset) == [
        "event_month=2017-03/part-0.parquet",
        "event_month=undated/part-0.parquet",
    ]


def test_column_types_follow_the_values() -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    features = [
        {"type": "Feature", "geometry": None, "properties": p}
        for p in (
            {"a": 1, "b": 1, "c": "x", "d": True, "e": None, "f": [1], "g": "x", "injuries": None},
            {
                "a": None,
                "b": 2.5,
                "c": None,
                "d": False,
                "e": None,
                "f": None,
                "g": 3,
                "injuries": None,
            },
        )
    ]
    data = columnar.features_parquet(features, [*"abcdefg", "injuries"])
    table = pq.read_table(pa.BufferReader(data))
    types = {field.name: str(field.type) for field in table.schema}
    assert types == {
        "a": "int64",
        "b": "double",
        "c": "string",
        "d": "bool",
        "e": "string",  # no value at all
        "f": "string",  # JSON text
        "g": "string",  # text and a number: JSON text, each value as written
        "injuries": "int64",  # no value, but a documented count
        "geometry": "binary",
    }
    assert table.column("g").to_pylist() == ['"x"', "3"]
    assert table.column("f").to_pylist() == ["[1]", None]


# ---------------------------------------------------------------------------
# geomap map --format, and the output folder's all-or-nothing write


def test_map_writes_each_format_into_one_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    geojson = {"control.geojson", "events.geojson", "map.html", "places.geojson"}
    ok("map", "-o", str(out))
    assert {p.name for p in out.iterdir()} == geojson
    # A folder written with one format is geomap's own: another format replaces it.
    result = ok("map", "--format", "parquet", "-o", str(out))
    assert f"wrote {out / 'places.parquet'}" in result.output
    assert f"wrote {out / 'events.parquet'}" in result.output
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert geojson | {"places.parquet"} <= names
    partitions = names - geojson - {"places.parquet"}
    assert partitions and all(n.startswith("events.parquet/event_month=") for n in partitions)
    events = features(out / "events.geojson")
    places = features(out / "places.geojson")
    assert_same(geopandas.read_parquet(out / "places.parquet"), places, PROPERTY_NAMES)
    assert_same(read_dataset(out / "events.parquet"), by_month(events), EVENT_PROPERTY_NAMES)
    ok("map", "--format", "gpkg", "-o", str(out))
    assert {p.name for p in out.iterdir()} == geojson | {"events.gpkg", "places.gpkg"}
    frame = geopandas.read_file(out / "events.gpkg", layer="events")
    assert_same(frame, features(out / "events.geojson"), EVENT_PROPERTY_NAMES)


def test_map_refuses_a_stranger_inside_the_dataset(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ok("map", "--format", "parquet", "-o", str(out))
    month = next((out / "events.parquet").iterdir())
    (month / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("map", "--format", "parquet", "-o", str(out))
    assert result.exit_code == 1
    assert "notes.txt" in result.output and "did not write" in result.output
    assert (month / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_events_dataset_replaces_only_its_own_folder(tmp_path: Path) -> None:
    out = tmp_path / "events"
    ok("events", "--format", "parquet", "-o", str(out))
    ok("events", "--format", "parquet", "-o", str(out))  # its own: replaced
    (out / "event_month=2016-12" / "other.parquet").write_bytes(b"x")
    result = run("events", "--format", "parquet", "-o", str(out))
    assert result.exit_code == 1 and "other.parquet" in result.output


def test_owned_patterns_match_whole_names() -> None:
    patterns = [("events.parquet", "event_month=*", "part-*.parquet"), ("map.html",)]
    match = files._matches
    assert match(("events.parquet", "event_month=x", "part-0.parquet"), patterns, whole=True)
    assert match(("events.parquet", "event_month=x"), patterns, whole=False)
    assert not match(("events.parquet", "event_month=x"), patterns, whole=True)
    assert not match(("events.parquet", "other", "part-0.parquet"), patterns, whole=True)
    assert not match(("map.html",), patterns, whole=False)  # a file name is no folder
    with pytest.raises(ValueError):
        files.write_output_folder("unused", {"../escape": b""})


def _old_set(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def test_a_write_failing_midway_leaves_the_old_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    old = {"map.html": "old", "events.parquet/event_month=2016-12/part-0.parquet": b"old"}
    files.write_output_folder(out, old, owned=api.MAP_OUTPUT_PATHS)
    before = _old_set(out)
    assert set(before) == set(old)
    written = []
    real = files._write_new_file

    def fail_on_third(path: Path, data: bytes, mode: int) -> None:
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        written.append(path)
        real(path, data, mode)

    monkeypatch.setattr(files, "_write_new_file", fail_on_third)
    dataset = {f"events.parquet/event_month=2099-0{i}/part-0.parquet": b"new" for i in range(5)}
    with pytest.raises(OutputError, match="No space left"):
        files.write_output_folder(out, dataset, owned=api.MAP_OUTPUT_PATHS)
    assert len(written) == 2  # the failure came after some new files were written
    assert _old_set(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary left


def test_a_format_failing_midway_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    ok("events", "--format", "parquet", "-o", str(out))
    before = _old_set(out)
    made = []
    real = columnar._parquet_bytes

    def fail_on_second(features, layout) -> bytes:
        if made:
            raise OSError(5, "Input/output error")
        made.append(1)
        return real(features, layout)

    monkeypatch.setattr(columnar, "_parquet_bytes", fail_on_second)
    result = run("events", "--format", "parquet", "-o", str(out))
    assert result.exit_code != 0
    assert _old_set(out) == before
    assert sorted(os.listdir(tmp_path)) == ["out"]
