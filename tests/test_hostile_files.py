"""Hostile and broken user files, and a damaged world cache (issue 8).

Every reader of a file the user names (``--gazetteer``, ``--boundaries``, ``--layer``,
``gazetteer import``, ``--timeline``) must turn any file into either data or one
:class:`~geomap.errors.InputError` line naming the file: no traceback, no hang, no
output written. The world-city cache must never be trusted when damaged or foreign,
and must never leave temporary files behind.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap import settings as geomap_settings
from geomap._userfiles import feature_shape, json_shape, read_json
from geomap.cli import main
from geomap.control import district_geometries, load_timeline
from geomap.errors import GeomapError, InputError
from geomap.places import _cachefile
from geomap.places import world as _world
from geomap.places.gazetteer import Gazetteer, check_file, read_file, read_geojson
from geomap.webmap.user_layers import read_point_layer

# A short report written for these tests.
REPORT = "Shelling hit Hanano and al-Sakhour in Aleppo on Tuesday, residents said.\n"
GAZETTEER_HEADER = (
    "id,name,kind,parent,country,lat,lon,alt_names,name_ar,area_km2,population,source,licence"
)
TIMELINE_HEADER = "date,district,from,to,status,source,note"
SQUARE = [[37.16, 36.21], [37.17, 36.21], [37.17, 36.22], [37.16, 36.22], [37.16, 36.21]]


def _collection(geometry: object, **extra: object) -> str:
    feature = {"type": "Feature", "properties": {"name": "Hanano"}, "geometry": geometry}
    return json.dumps({"type": "FeatureCollection", "features": [feature], **extra})


def _raw_collection(geometry_text: str) -> str:
    """A collection whose geometry is written as raw JSON text (for NaN, huge numbers)."""
    return (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        f'"properties": {{"name": "Hanano"}}, "geometry": {geometry_text}}}]}}'
    )


# name -> (GeoJSON text, a word the message must contain)
HOSTILE_GEOJSON = {
    "nan": (_raw_collection('{"type": "Point", "coordinates": [NaN, 36.2]}'), "NaN"),
    "infinity": (
        _raw_collection('{"type": "Point", "coordinates": [37.1, -Infinity]}'),
        "Infinity",
    ),
    "overflowing-float": (
        _raw_collection('{"type": "Point", "coordinates": [1e999, 36.2]}'),
        "too large",
    ),
    "5000-digit-number": (
        _raw_collection('{"type": "Point", "coordinates": [' + "7" * 5000 + ", 36.2]}"),
        "too long",
    ),
    "empty-polygon": (_collection({"type": "Polygon", "coordinates": []}), "empty"),
    "empty-ring": (_collection({"type": "Polygon", "coordinates": [[]]}), "empty"),
    "unknown-type": (_collection({"type": "Hexagon", "coordinates": [37.1, 36.2]}), "unknown"),
    "out-of-range": (_collection({"type": "Point", "coordinates": [37.1, 95.0]}), "out of range"),
    "string-coordinates": (
        _collection({"type": "Point", "coordinates": ["37.1", "36.2"]}),
        "non-number",
    ),
    "epsg-3857": (
        _collection(
            {"type": "Point", "coordinates": [4137000.0, 4333000.0]},
            crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        ),
        "WGS 84",
    ),
    "deep-nesting": (
        '{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "nested deeper",
    ),
    "not-json": ('{"type": "FeatureCollection", "features": [', "not valid JSON"),
    "feature-not-object": ('{"type": "FeatureCollection", "features": [42]}', "feature 1"),
}


@pytest.fixture(autouse=True)
def _time_limit() -> Iterator[None]:
    """Fail, rather than hang, when a reader takes more than a few seconds."""

    def timed_out(signum: int, frame: object) -> None:
        raise TimeoutError("a reader took more than 20 s")

    previous = signal.signal(signal.SIGALRM, timed_out)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _gazetteer() -> Gazetteer:
    return Gazetteer(world=False)


# reader -> how the API reads a GeoJSON file
API_READERS: dict[str, Callable[[Path], object]] = {
    "gazetteer": read_file,
    "boundaries": lambda path: district_geometries(_gazetteer(), path),
    "layer": read_point_layer,
    "import": read_geojson,
}


def _cli_args(reader: str, path: Path, article: Path, out: Path) -> list[str]:
    if reader == "gazetteer":
        return ["places", str(article), "--gazetteer", str(path)]
    if reader == "timeline":
        return ["control", str(article), "--timeline", str(path)]
    if reader == "boundaries":
        return ["control", str(article), "--boundaries", str(path)]
    if reader == "layer":
        return ["map", str(article), "-o", str(out), "--layer", str(path)]
    return ["gazetteer", "import", str(path), "-o", str(out / "imported.csv")]


def _assert_one_line_error(result: Result, path: Path) -> None:
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ") and path.name in lines[0], lines[0]


def _run_cli(reader: str, path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    article = _write(tmp_path / "report.txt", REPORT)
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, _cli_args(reader, path, article, out))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert not out.exists(), "an output was written"
    assert not (tmp_path / geomap_settings.OUTPUT_DIR).exists(), "an output was written"
    return result


# ---------------------------------------------------------------------------
# GeoJSON readers


@pytest.mark.parametrize("reader", sorted(API_READERS))
@pytest.mark.parametrize("case", sorted(HOSTILE_GEOJSON))
def test_hostile_geojson_api(tmp_path: Path, reader: str, case: str) -> None:
    text, word = HOSTILE_GEOJSON[case]
    path = _write(tmp_path / f"{case}.geojson", text)
    with pytest.raises(InputError) as info:
        API_READERS[reader](path)
    message = str(info.value)
    assert "\n" not in message and len(message) < 400, message
    assert str(path) in message and word in message, message


@pytest.mark.parametrize("reader", sorted(API_READERS))
@pytest.mark.parametrize("case", sorted(HOSTILE_GEOJSON))
def test_hostile_geojson_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: str, case: str
) -> None:
    text, word = HOSTILE_GEOJSON[case]
    path = _write(tmp_path / f"{case}.geojson", text)
    result = _run_cli(reader, path, tmp_path, monkeypatch)
    _assert_one_line_error(result, path)
    assert word in result.output


@pytest.mark.parametrize("case", sorted(HOSTILE_GEOJSON))
def test_hostile_geojson_validate(tmp_path: Path, case: str) -> None:
    text, word = HOSTILE_GEOJSON[case]
    path = _write(tmp_path / f"{case}.geojson", text)
    result = CliRunner().invoke(main, ["gazetteer", "validate", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    problems = [line for line in result.output.splitlines() if line.startswith(str(path))]
    assert len(problems) == 1 and word in problems[0], result.output
    assert "0 good rows, 1 problems in 1 file(s)" in result.output


def test_feature_errors_name_the_feature(tmp_path: Path) -> None:
    good = {"type": "Feature", "properties": {"name": "Hanano"}, "geometry": None}
    good["geometry"] = {"type": "Polygon", "coordinates": [SQUARE]}
    bad = {"type": "Feature", "properties": {"name": "Jabal Badro"}, "geometry": None}
    bad["geometry"] = {"type": "Polygon", "coordinates": [[[37.1, 36.2], [37.2, 36.2]]]}
    path = _write(
        tmp_path / "two.geojson", json.dumps({"type": "FeatureCollection", "features": [good, bad]})
    )
    with pytest.raises(InputError, match=rf"^{path}:feature 2: bad Polygon geometry"):
        read_geojson(path)


def test_self_intersecting_polygon_is_repaired(tmp_path: Path) -> None:
    bow_tie = [[37.16, 36.21], [37.17, 36.22], [37.17, 36.21], [37.16, 36.22], [37.16, 36.21]]
    path = _write(
        tmp_path / "bow.geojson", _collection({"type": "Polygon", "coordinates": [bow_tie]})
    )
    (place,) = read_geojson(path)
    assert place.name == "Hanano" and place.area_km2 and place.area_km2 > 0


@pytest.mark.parametrize(
    "name", ["urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4326", "urn:ogc:def:crs:EPSG::4326"]
)
def test_wgs84_crs_names_are_accepted(tmp_path: Path, name: str) -> None:
    crs = {"type": "name", "properties": {"name": name}}
    path = _write(
        tmp_path / "wgs.geojson",
        _collection({"type": "Polygon", "coordinates": [SQUARE]}, crs=crs),
    )
    assert [p.name for p in read_geojson(path)] == ["Hanano"]


def test_integers_stay_integers(tmp_path: Path) -> None:
    path = _write(tmp_path / "n.json", '{"big": 99999999999999999999, "small": 3}')
    assert read_json(path, "n.json") == {"big": 99999999999999999999, "small": 3}


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    return 0


def _containers(value: object) -> int:
    if isinstance(value, list):
        return 1 + sum(map(_containers, value))
    if isinstance(value, dict):
        return 1 + sum(map(_containers, value.values()))
    return 0


# Strings full of the characters the nesting scan must see past.
_TRICKY_TEXT = st.text(alphabet=st.sampled_from('[]{}"\\/:,ab\n\u00e9\u062d'), max_size=8)
_NESTED = st.recursive(
    st.none() | st.integers() | _TRICKY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TRICKY_TEXT, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(value=_NESTED, ascii_only=st.booleans(), indent=st.sampled_from([None, 1]))
def test_json_shape_is_exact_on_valid_json(
    value: object, ascii_only: bool, indent: int | None
) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only, indent=indent)
    assert json_shape(text) == (_depth(value), _containers(value))


def test_json_scan_is_linear_on_backslashes_and_quotes(tmp_path: Path) -> None:
    # Unterminated strings of escaped quotes: a scanner that retried every quote would
    # be quadratic here (2 MB).
    path = _write(tmp_path / "q.json", '["' + '\\"' * 1_000_000)
    with pytest.raises(InputError, match="not valid JSON"):
        read_json(path, "q.json")


# A GeoJSON geometry, well or badly formed: any JSON value in any slot.
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=20,
)
_NUMBER = st.one_of(st.integers(-200, 200), st.floats(-200, 200, allow_nan=False))
_POSITION = st.lists(_NUMBER, min_size=0, max_size=3)
_GEOMETRY = st.fixed_dictionaries(
    {
        "type": st.sampled_from(
            ["Point", "MultiPoint", "LineString", "Polygon", "MultiPolygon", "Blob"]
        ),
        "coordinates": st.one_of(
            _POSITION,
            st.lists(_POSITION, max_size=6),
            st.lists(st.lists(_POSITION, max_size=6), max_size=3),
            st.lists(st.lists(st.lists(_POSITION, max_size=5), max_size=2), max_size=2),
            _JSON,
        ),
    }
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(geometry=st.one_of(_GEOMETRY, _JSON))
def test_any_geometry_is_a_shape_or_one_line_error(geometry: object) -> None:
    try:
        geom = feature_shape({"geometry": geometry}, "f.geojson:feature 1")
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("f.geojson:feature 1: ")
    else:
        assert geom.is_valid and not geom.is_empty


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_are_json_or_one_line_error(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("json") / "x.geojson"
    path.write_bytes(data)
    try:
        read_json(path, "x.geojson")
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("x.geojson")


def _made_up_names(count: int) -> list[str]:
    """Names that are no place: consonant runs that fold to nothing in the gazetteer."""
    letters = "bcdfghjklmnpqrstvwxz"
    return [
        "Q" + "".join(letters[(i // 20**k) % 20] for k in range(4)) + "xq" for i in range(count)
    ]


def test_many_unknown_boundary_names_do_not_hang(tmp_path: Path) -> None:
    # Each unknown name used to cost a fuzzy search over the world's names (~0.3 s).
    features = [
        {"type": "Feature", "properties": {"name": name}, "geometry": None}
        for name in _made_up_names(300)
    ]
    for feature in features:
        feature["geometry"] = {"type": "Polygon", "coordinates": [SQUARE]}
    path = _write(
        tmp_path / "many.geojson", json.dumps({"type": "FeatureCollection", "features": features})
    )
    geometry = district_geometries(Gazetteer(), path)
    assert geometry.geometries == {} and len(geometry.warnings) == 300


def test_many_unknown_timeline_districts_do_not_hang(tmp_path: Path) -> None:
    rows = [f"2016-11-26,{name},,rebels,assessed,x," for name in _made_up_names(300)]
    path = _write(tmp_path / "timeline.csv", "\n".join([TIMELINE_HEADER, *rows]) + "\n")
    with pytest.raises(GeomapError) as info:
        load_timeline(path, Gazetteer())
    assert len(info.value.problems) == 300  # type: ignore[attr-defined]
    assert all("unknown district" in problem for problem in info.value.problems)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------
# CSV readers

_BIG_FIELD = "x" * 200_000


@pytest.mark.parametrize(
    ("reader", "name", "text", "word"),
    [
        (
            "gazetteer",
            "mine.csv",
            f'{GAZETTEER_HEADER}\nt-1,"{_BIG_FIELD}",district,,,36.2,37.1,,,,,test,\n',
            ":2: field too large",
        ),
        (
            "timeline",
            "timeline.csv",
            f'{TIMELINE_HEADER}\n2016-11-26,*,,rebels,assessed,x,"{_BIG_FIELD}"\n',
            ":2: field too large",
        ),
        ("layer", "points.csv", f'lat,lon,name\n36.2,37.1,"{_BIG_FIELD}"\n', ":2: field too large"),
        (
            "timeline",
            "timeline.csv",
            f"{TIMELINE_HEADER}\n0001-01-01,*,,rebels,assessed,x,\n",
            ":2: date '0001-01-01' is outside the years",
        ),
        (
            "timeline",
            "timeline.csv",
            f"{TIMELINE_HEADER}\n9999-12-31,*,,rebels,assessed,x,\n",
            "outside the years",
        ),
        (
            "gazetteer",
            "mine.csv",
            f"{GAZETTEER_HEADER}\nt-1,Somewhere,district,,,36.2,37.1,,,,{'9' * 5000},test,\n",
            "population",
        ),
        ("gazetteer", "mine.csv", f"{GAZETTEER_HEADER}\nt-1,Nul\0,district", "binary"),
        ("layer", "points.csv", "lat,lon\nnan,37.1\n", "out of range"),
        ("layer", "points.csv", "lat,lon\n36.2,1e999\n", "out of range"),
    ],
)
def test_hostile_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: str, name: str, text: str, word: str
) -> None:
    path = _write(tmp_path / name, text)
    result = _run_cli(reader, path, tmp_path, monkeypatch)
    _assert_one_line_error(result, path)
    assert word in result.output
    with pytest.raises(GeomapError, match=word):
        _read_with(reader, path)


def _read_with(reader: str, path: Path) -> object:
    """Read *path* with the named reader's Python API."""
    if reader == "gazetteer":
        return read_file(path)
    if reader == "timeline":
        return load_timeline(path, _gazetteer())
    return read_point_layer(path)


_CSV_TEXT = st.text(alphabet=st.sampled_from('ab,"\n\r\0 -.9\u00e9'), max_size=200)


@settings(max_examples=150, deadline=None)
@given(
    body=st.one_of(_CSV_TEXT, st.binary(max_size=200).map(lambda b: b.decode("latin-1"))),
    reader=st.sampled_from(["gazetteer", "timeline", "layer"]),
)
def test_any_csv_is_data_or_one_line_error(tmp_path_factory, body: str, reader: str) -> None:
    header = {"gazetteer": GAZETTEER_HEADER, "timeline": TIMELINE_HEADER, "layer": "lat,lon,name"}
    path = tmp_path_factory.mktemp("csv") / "x.csv"
    path.write_text(f"{header[reader]}\n{body}", encoding="utf-8")
    try:
        _read_with(reader, path)
    except GeomapError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc)


def test_validate_reports_an_unreadable_file_and_goes_on(tmp_path: Path) -> None:
    big = _write(tmp_path / "big.csv", f'{GAZETTEER_HEADER}\nt-1,"{_BIG_FIELD}"\n')
    good = _write(
        tmp_path / "good.csv", f"{GAZETTEER_HEADER}\nt-2,Fine,district,,,36.2,37.1,,,,,test,\n"
    )
    assert check_file(big) == ([], [f"{big}:2: field too large (over 100,000 characters)"])
    result = CliRunner().invoke(main, ["gazetteer", "validate", str(big), str(good)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{big}:2: field too large" in result.output
    assert "1 good rows, 1 problems in 2 file(s)" in result.output


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.geojson"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_point_layer(fifo)


# A layer of four points, and a feature collection of three features.
_FOUR_ROWS = "lat,lon\n" + "36.2,37.1\n" * 4
_THREE_FEATURES = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": None}] * 3,
    }
)


@pytest.mark.parametrize(
    ("name", "text", "setting", "message"),
    [
        ("rows.csv", _FOUR_ROWS, "MAX_USER_FILE_ROWS", ":4: more than 2 rows"),
        ("many.geojson", _THREE_FEATURES, "MAX_USER_FILE_ROWS", "more than 2 features"),
        ("boxes.geojson", _THREE_FEATURES, "MAX_JSON_CONTAINERS", "more than 2 JSON arrays"),
    ],
)
def test_row_and_container_limits(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    text: str,
    setting: str,
    message: str,
) -> None:
    monkeypatch.setattr(geomap_settings, setting, 2)
    with pytest.raises(InputError, match=message):
        read_point_layer(_write(tmp_path / name, text))


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geomap_settings, "MAX_USER_FILE_BYTES", 1000)
    path = _write(
        tmp_path / "big.geojson",
        _collection({"type": "Point", "coordinates": [37.1, 36.2]}) + " " * 1000,
    )
    with pytest.raises(InputError, match="larger than 1,000 bytes"):
        read_file(path)


# ---------------------------------------------------------------------------
# The world cache


@pytest.fixture(scope="module")
def world_sections() -> list[bytes]:
    """The world index sections of the larger towns, built once for the module (seconds)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_world, "_MIN_POPULATION", 15000)
        return _world._build()


@pytest.fixture()
def builds() -> list[int]:
    """One item per build of the world index in the test."""
    return []


@pytest.fixture()
def cache_dir(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    world_sections: list[bytes],
    builds: list[int],
) -> Iterator[Path]:
    """An empty cache folder; building the index returns the module's sections."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(geomap_settings.CACHE_DIR_ENV, str(folder))

    def build() -> list[bytes]:
        builds.append(1)
        return world_sections

    monkeypatch.setattr(_world, "_build", build)
    _world.load_world.cache_clear()
    yield folder
    _world.load_world.cache_clear()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".world-*")) if folder.is_dir() else []


def _payload_with(sections: list[bytes], **replaced: bytes) -> list[bytes]:
    return [replaced.get(name, data) for name, data in zip(_world._SECTIONS, sections, strict=True)]


def test_cache_round_trip(cache_dir: Path, world_sections: list[bytes]) -> None:
    world = _world.load_world()
    path = _world._cache_path()
    assert path.parent == cache_dir and path.is_file() and _leftovers(cache_dir) == []
    assert _world._read_cache(path) == world
    assert world.cities[170063][0] == "Aleppo"


def _damaged(blob: bytes, sections: list[bytes]) -> dict[str, bytes]:
    head = len(blob) - len(b"".join(_cachefile.LENGTH.pack(len(s)) + s for s in sections)) - 32
    swapped = _world._pack(_payload_with(sections, lats=sections[2], lons=sections[1]))
    ends = sections[_world._SECTIONS.index("name_ends")]
    short_ends = _world._pack(_payload_with(sections, name_ends=ends[:-4]))
    return {
        "corrupted-bytes": blob[: len(blob) // 2]
        + bytes([blob[len(blob) // 2] ^ 0xFF])
        + blob[len(blob) // 2 + 1 :],
        "truncated": blob[: len(blob) * 2 // 3],
        "swapped-arrays-old-checksum": blob[: head + 32] + swapped[head + 32 :],
        "inconsistent-with-checksum": short_ends,
        "foreign": b"\xe3" + blob[1:],
        "empty": b"",
    }


@pytest.mark.parametrize(
    "damage",
    [
        "corrupted-bytes",
        "truncated",
        "swapped-arrays-old-checksum",
        "inconsistent-with-checksum",
        "foreign",
        "empty",
    ],
)
def test_damaged_cache_is_rebuilt_not_trusted(
    cache_dir: Path, world_sections: list[bytes], builds: list[int], damage: str
) -> None:
    good = _world._pack(world_sections)
    path = _world._cache_path()
    cache_dir.mkdir()
    path.write_bytes(_damaged(good, world_sections)[damage])
    assert _world._read_cache(path) is None
    world = _world.load_world()
    assert world.cities[170063][0] == "Aleppo"
    assert builds == [1]
    assert path.read_bytes() == good and _leftovers(cache_dir) == []


def test_names_of_cities_that_are_not_there_are_skipped(
    cache_dir: Path, world_sections: list[bytes]
) -> None:
    # A payload repacked with a valid checksum but a name pointing past the cities (or
    # a point off the Earth) is not scanned for at load; such rows are skipped on use.
    rows = bytearray(world_sections[_world._SECTIONS.index("name_rows")])
    rows[:4] = (2**30).to_bytes(4, "little")
    lats = bytearray(world_sections[_world._SECTIONS.index("lats")])
    lats[:8] = struct.pack("d", float("nan"))
    path = _world._cache_path()
    cache_dir.mkdir()
    path.write_bytes(
        _world._pack(_payload_with(world_sections, name_rows=bytes(rows), lats=bytes(lats)))
    )
    world = _world.load_world()
    first_key = next(iter(world.names))
    assert all(gid in world.cities for gid in world.names.get(first_key, ()))
    first_gid = next(iter(world.cities))
    assert world.cities.get(first_gid) is None
    assert world.cities[170063][0] == "Aleppo"


def test_directory_in_the_cache_files_place(
    cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _world._cache_path()
    path.mkdir(parents=True)
    assert _world.load_world().cities[170063][0] == "Aleppo"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("warning: cannot write the world-city cache")
    assert _leftovers(cache_dir) == [] and path.is_dir()


def test_unwritable_cache_folder_falls_back_to_memory(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cache_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A folder below a regular file cannot be created, even by root.
    blocker = _write(tmp_path / "blocker", "")
    monkeypatch.setenv(geomap_settings.CACHE_DIR_ENV, str(blocker / "cache"))
    assert _world.load_world().cities[170063][0] == "Aleppo"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "warning: cannot write the world-city cache" in err


@pytest.mark.parametrize(
    "failure", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()]
)
def test_failed_write_leaves_no_temporary_file(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])  # the disk fills up half-way
            raise failure

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    if isinstance(failure, KeyboardInterrupt):
        with pytest.raises(KeyboardInterrupt):
            _world.load_world()
    else:
        assert _world.load_world().cities[170063][0] == "Aleppo"
    assert _leftovers(cache_dir) == [] and not _world._cache_path().exists()


def test_stale_temporaries_are_removed(cache_dir: Path) -> None:
    cache_dir.mkdir()
    stale = _write(cache_dir / ".world-killed.tmp", "x" * 100)
    fresh = _write(cache_dir / ".world-writing.tmp", "x")
    os.utime(stale, (0, 0))
    _world.load_world()
    assert _leftovers(cache_dir) == [fresh.name]


def test_cli_with_directory_in_cache_place_warns_once(cache_dir: Path, tmp_path: Path) -> None:
    _world._cache_path().mkdir(parents=True)
    article = _write(tmp_path / "report.txt", REPORT)
    result = CliRunner().invoke(main, ["places", str(article)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "Traceback" not in result.output
    assert _leftovers(cache_dir) == []


def test_older_versions_of_the_cache_are_removed_but_the_last(cache_dir: Path) -> None:
    # A cache of each of three older versions, the newest written last; a directory and
    # another cache's file are not this cache's versions.
    cache_dir.mkdir()
    oldest = _write(cache_dir / "world-cities-1.0-1-aaaa.bin", "x")
    older = _write(cache_dir / "world-cities-1.0-2-bbbb.bin", "x")
    last = _write(cache_dir / "world-cities-1.0-3-cccc.bin", "x")
    for age, path in enumerate((last, older, oldest), start=1):
        os.utime(path, (1000 - age, 1000 - age))
    folder = cache_dir / "world-cities-folder.bin"
    folder.mkdir()
    shipped = _write(cache_dir / "shipped-places-1.bin", "x")
    _world.load_world()
    left = sorted(p.name for p in cache_dir.iterdir() if not p.name.startswith("."))
    assert left == sorted([_world._cache_path().name, last.name, folder.name, shipped.name])
