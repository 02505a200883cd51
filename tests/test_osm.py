"""Gazetteers from OpenStreetMap: ``geomap gazetteer fetch`` and ``gazetteer import FILE.osm``.

No test touches the network: osmnx's ``features_from_point`` is replaced by a function
returning a GeoDataFrame shaped like its answers (MultiIndex ``element``/``id``, one
column per tag), and the extracts are small ``.osm`` XML files written here. The
autouse ``no_network`` guard records any connection tried; every test checks it stays
empty.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import osmnx
import pandas as pd
import pytest
import requests
from click.testing import CliRunner, Result
from osmnx._errors import InsufficientResponseError
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon, shape

from geomap import api, settings
from geomap.cli import main
from geomap.model import Place
from geomap.places import osm
from geomap.places.gazetteer import COLUMNS, Gazetteer

MOSUL_ID = "geonames-99072"


def _box(west: float, south: float, east: float, north: float) -> Polygon:
    return Polygon([(west, south), (east, south), (east, north), (west, north)])


# Mosul-like features, points and outlines near their real places (the city's point
# is 36.335 N, 43.119 E), tagged the way OpenStreetMap tags them.
FEATURES: list[tuple[str, int, object, dict[str, str]]] = [
    (
        "node",
        1001,
        Point(43.1345, 36.3440),
        {
            "place": "suburb",
            "name": "باب الطوب",
            "name:en": "Bab al-Toub",
            "name:ar": "باب الطوب",
            "alt_name": "Bab al-Tob;Bab al-Tub",
        },
    ),
    (
        "way",
        2001,
        _box(43.118, 36.352, 43.128, 36.360),
        {
            "place": "neighbourhood",
            "name": "الزنجيلي",
            "name:en": "al-Zanjili",
            "alt_name": "Zanjili;Zinjili",
            "old_name": "Zanjily",
        },
    ),
    (
        "relation",
        3001,
        _box(43.125, 36.335, 43.140, 36.350),
        {
            "type": "multipolygon",
            "place": "quarter",
            "name": "الموصل القديمة",
            "name:en": "Old City",
            "official_name:en": "Old City of Mosul",
            "name:ru": "Старый город",
        },
    ),
    # The same quarter mapped again as a node inside the area: one place.
    ("node", 3002, Point(43.132, 36.342), {"place": "quarter", "name:en": "Old City"}),
    (
        "way",
        4001,
        _box(43.140, 36.352, 43.143, 36.355),
        {"amenity": "hospital", "name": "مستشفى الشفاء", "name:en": "Al-Shifaa Hospital"},
    ),
    # Hammam al-Alil camp, some 22 km south of the city's point.
    (
        "node",
        5001,
        Point(43.2600, 36.1600),
        {"amenity": "refugee_site", "name": "Hammam al-Alil camp", "refugee": "yes"},
    ),
    ("node", 6001, Point(43.0150, 36.3900), {"place": "village", "name:en": "Badush"}),
    (
        "way",
        7001,
        LineString([(43.128, 36.330), (43.137, 36.325)]),
        {"man_made": "bridge", "name": "Fifth Bridge", "name:signed": "no"},
    ),
    # Left out: no name; named like the city; a tag that is not in the table.
    ("node", 8001, Point(43.12, 36.34), {"place": "neighbourhood"}),
    ("node", 8002, Point(43.119, 36.335), {"place": "city", "name": "Mosul"}),
    ("node", 8003, Point(43.13, 36.34), {"place": "suburb", "name": "الموصل", "name:en": ""}),
    ("node", 8004, Point(43.12, 36.33), {"shop": "bakery", "name": "Bakery"}),
]
POLYGON_IDS = ["osm-relation-3001", "osm-way-2001", "osm-way-4001"]


def osmnx_frame(features=FEATURES) -> gpd.GeoDataFrame:
    """A GeoDataFrame as osmnx's ``features_from_point`` returns it."""
    index = pd.MultiIndex.from_tuples(
        [(e, i) for e, i, _g, _t in features], names=["element", "id"]
    )
    rows = [dict(tags) for _e, _i, _g, tags in features]
    frame = pd.DataFrame(rows, index=index).replace("", float("nan"))
    return gpd.GeoDataFrame(frame, geometry=[g for _e, _i, g, _t in features], crs="EPSG:4326")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return api.load_gazetteer()


@pytest.fixture(scope="module")
def mosul(gazetteer: Gazetteer) -> Place:
    return gazetteer.find("Mosul")


def convert(mosul: Place, radius_km: float = 15.0, features=FEATURES) -> osm.OsmGazetteer:
    """The Mosul-like features as osmnx gives them, made into places."""
    frame = osmnx_frame(features)
    return osm.places_from_features(
        osm.features_from_frame(frame), mosul, radius_km, gazetteer=api.load_gazetteer()
    )


@pytest.fixture
def osmnx_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put osmnx's settings back after a test (geomap sets them before a query)."""
    for name in ("use_cache", "cache_folder", "http_user_agent", "requests_timeout"):
        monkeypatch.setattr(osmnx.settings, name, getattr(osmnx.settings, name))


def run(*args: str, cwd: Path) -> Result:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        return CliRunner().invoke(main, list(args))


def error_line(result: Result) -> str:
    """The one ``Error:`` line of a failed command (progress lines aside), no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "Traceback" not in result.output, result.output
    return errors[0]


# ---------------------------------------------------------------------------
# The conversion (no network, no osmnx call)


def test_the_tag_table_gives_geomap_kinds_and_asks_for_camps() -> None:
    table = osm.tag_table()
    assert {row.kind for row in table} == {"city", "district"}
    pairs = {(row.key, row.value): row.kind for row in table}
    assert pairs[("amenity", "refugee_site")] == "district"
    assert pairs[("place", "village")] == "city"
    assert pairs[("place", "neighbourhood")] == "district"
    assert osm.overpass_tags()["place"][:3] == ["suburb", "quarter", "neighbourhood"]


def test_osmnx_features_become_places_with_every_name(mosul, no_network) -> None:
    result = convert(mosul)
    places = {p.id: p for p in result.places}
    assert sorted(places) == [
        "osm-node-1001",
        "osm-node-6001",
        "osm-relation-3001",
        "osm-way-2001",
        "osm-way-4001",
        "osm-way-7001",
    ]
    toub = places["osm-node-1001"]
    assert (toub.name, toub.kind, toub.name_ar) == ("Bab al-Toub", "district", "باب الطوب")
    assert (toub.lat, toub.lon, toub.area_km2) == (36.344, 43.1345, None)
    assert toub.alt_names == ("Bab al-Tob", "Bab al-Tub", "باب الطوب")
    zanjili = places["osm-way-2001"]
    assert zanjili.alt_names == ("Zanjili", "Zanjily", "Zinjili", "الزنجيلي")
    assert zanjili.name_ar == "الزنجيلي"  # the Arabic-script name, without a name:ar tag
    old_city = places["osm-relation-3001"]  # the node 3002 inside it merged into it
    assert old_city.alt_names == ("Old City of Mosul", "Старый город", "الموصل القديمة")
    assert places["osm-node-6001"].kind == "city"  # a village near the city
    assert places["osm-way-7001"].alt_names == ()  # name:signed is not a name
    for place in result.places:
        assert (place.parent, place.country, place.licence) == (MOSUL_ID, "IQ", osm.OSM_LICENCE)
        assert place.source == f"© OpenStreetMap contributors ({place.id})"
    assert sorted(result.polygons) == POLYGON_IDS
    assert no_network == []


def test_points_and_areas_are_measured_in_metres(mosul) -> None:
    result = convert(mosul)
    places = {p.id: p for p in result.places}
    geod = Geod(ellps="WGS84")
    for place_id in POLYGON_IDS:
        outline = result.polygons[place_id]
        geodesic_km2 = abs(geod.geometry_area_perimeter(outline)[0]) / 1e6
        assert places[place_id].area_km2 == pytest.approx(geodesic_km2, rel=0.005)
        centroid = outline.centroid  # a box: its UTM centroid is its middle, near enough
        assert places[place_id].lat == pytest.approx(centroid.y, abs=1e-4)
        assert places[place_id].lon == pytest.approx(centroid.x, abs=1e-4)
    bridge = places["osm-way-7001"]  # a line: its middle
    assert (bridge.lat, bridge.lon) == pytest.approx((36.3275, 43.1325), abs=1e-4)


def test_the_radius_decides_which_places_are_kept(mosul) -> None:
    near = {p.name for p in convert(mosul).places}
    wide = {p.id: p for p in convert(mosul, 25.0).places}
    assert "Hammam al-Alil camp" not in near
    assert {p.name for p in wide.values()} - near == {"Hammam al-Alil camp"}
    assert wide["osm-node-5001"].kind == "district"


def test_the_fetched_gazetteer_resolves_mosul_districts_not_aleppo_s(
    mosul, tmp_path: Path, no_network
) -> None:
    result = convert(mosul)
    csv_path, geojson_path = api.write_osm_gazetteer(result, tmp_path / "mosul.csv")
    assert geojson_path == tmp_path / "mosul.geojson"
    assert api.check_gazetteers([csv_path]).problems == ()
    gazetteer = Gazetteer.from_files([csv_path])
    assert gazetteer.get("osm-way-2001").name == "al-Zanjili"
    assert gazetteer.is_within(gazetteer.get("osm-relation-3001"), mosul)

    article = tmp_path / "mosul-report.txt"
    article.write_text(
        "MOSUL, Iraq (June 20, 2017) - Iraqi forces pushed deeper into the Old City of "
        "Mosul on Tuesday, a day after retaking Bab al-Toub, officers said.\n\n"
        "Residents who fled al-Zanjili said fighters still held the streets near the "
        "Al-Shifaa Hospital. Families from Zanjili walked to the Old City's southern edge.\n",
        encoding="utf-8",
    )
    shown = run("places", str(article), "--gazetteer", str(csv_path), "--json", cwd=tmp_path)
    assert shown.exit_code == 0, shown.output
    resolved = {
        m["text"]: m["place_id"]
        for m in json.loads(shown.stdout)["mentions"]
        if m["status"] == "resolved"
    }
    assert resolved["Bab al-Toub"] == "osm-node-1001"
    assert resolved["al-Zanjili"] == "osm-way-2001"
    assert resolved["Zanjili"] == "osm-way-2001"
    assert resolved["Old City"] == "osm-relation-3001"  # not Aleppo's aleppo-old-city
    assert resolved["Al-Shifaa Hospital"] == "osm-way-4001"
    assert no_network == []


def test_the_companion_geojson_serves_as_boundaries(mosul, tmp_path: Path) -> None:
    result = convert(mosul)
    csv_path, geojson_path = api.write_osm_gazetteer(result, tmp_path / "mosul.csv")
    data = json.loads(geojson_path.read_text(encoding="utf-8"))
    assert [f["properties"]["id"] for f in data["features"]] == POLYGON_IDS
    for feature in data["features"]:
        assert (
            feature["properties"]["name"]
            == {
                "osm-relation-3001": "Old City",
                "osm-way-2001": "al-Zanjili",
                "osm-way-4001": "Al-Shifaa Hospital",
            }[feature["properties"]["id"]]
        )
        assert shape(feature["geometry"]).equals(result.polygons[feature["properties"]["id"]])
    from geomap.control.areas import district_geometries

    gazetteer = Gazetteer.from_files([csv_path])
    found = district_geometries(gazetteer, geojson_path)
    assert sorted(found.geometries) == POLYGON_IDS
    assert found.warnings == ()


# ---------------------------------------------------------------------------
# geomap gazetteer fetch (osmnx replaced)


@pytest.fixture
def fake_overpass(monkeypatch: pytest.MonkeyPatch, osmnx_settings) -> list[dict]:
    """Replace osmnx's query by one answering the Mosul-like features; record the calls."""
    calls: list[dict] = []

    def features_from_point(center_point, tags, dist):
        calls.append({"center_point": center_point, "tags": tags, "dist": dist})
        return osmnx_frame()

    monkeypatch.setattr(osmnx, "features_from_point", features_from_point)
    return calls


def test_fetch_writes_the_csv_and_the_polygons(tmp_path: Path, fake_overpass, no_network) -> None:
    result = run("gazetteer", "fetch", "Mosul", "-o", "out.csv", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "out.geojson"]
    (call,) = fake_overpass
    assert call["center_point"] == pytest.approx((36.335, 43.11889))
    assert call["dist"] == settings.OSM_RADIUS_KM * 1000
    assert "refugee_site" in call["tags"]["amenity"]
    assert result.stderr.splitlines() == [
        "looking up Mosul in geomap's gazetteer",
        "asking OpenStreetMap (Overpass) for places within 15 km of Mosul…",
        "6 places, 3 with polygons",
        "wrote 6 places to out.csv and 3 polygons to out.geojson",
    ]
    rows = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].split(",") == list(COLUMNS)
    assert any('"Bab al-Toub"' in row and "ODbL 1.0" in row for row in rows)
    polygons = json.loads((tmp_path / "out.geojson").read_text(encoding="utf-8"))
    assert len(polygons["features"]) == 3
    # osmnx was set up by geomap: its cache in geomap's, a user agent naming geomap.
    assert Path(osmnx.settings.cache_folder) == settings.cache_dir() / "osmnx"
    assert osmnx.settings.use_cache is True
    assert osmnx.settings.http_user_agent.startswith("geomap/")
    assert osmnx.settings.requests_timeout == settings.OSM_TIMEOUT_SECONDS
    assert no_network == []


def test_fetch_names_the_csv_after_the_city_and_takes_a_radius(
    tmp_path: Path, fake_overpass
) -> None:
    result = run("gazetteer", "fetch", "Mosul", "--radius-km", "25", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mosul.csv", "mosul.geojson"]
    assert fake_overpass[0]["dist"] == 25_000
    assert "Hammam al-Alil camp" in (tmp_path / "mosul.csv").read_text(encoding="utf-8")


def _http_error(status: int) -> requests.HTTPError:
    response = requests.Response()
    response.status_code = status
    return requests.HTTPError(f"{status} Client Error", response=response)


@pytest.mark.parametrize(
    ("failure", "needle"),
    [
        (requests.ConnectionError("Failed to resolve 'overpass-api.de'"), "cannot reach"),
        (requests.ReadTimeout("read timed out"), "did not answer within 180 s"),
        (_http_error(429), "answered HTTP 429 (too many requests"),
        (_http_error(503), "answered HTTP 503"),
        (
            InsufficientResponseError("No matching features. Check query location, tags, and log."),
            "gave no places within 15 km of Mosul: No matching features",
        ),
    ],
)
def test_fetch_failures_are_one_line_and_write_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, osmnx_settings, failure, needle, no_network
) -> None:
    def features_from_point(center_point, tags, dist):
        raise failure

    monkeypatch.setattr(osmnx, "features_from_point", features_from_point)
    result = run("gazetteer", "fetch", "Mosul", "-o", "out.csv", cwd=tmp_path)
    line = error_line(result)
    assert needle in line and "Overpass" in line, line
    assert list(tmp_path.iterdir()) == []
    assert no_network == []


def test_fetch_refuses_a_bad_output_before_asking(tmp_path: Path, fake_overpass) -> None:
    (tmp_path / "out.geojson").mkdir()  # the companion's place is taken by a folder
    assert "not a regular file" in error_line(
        run("gazetteer", "fetch", "Mosul", "-o", "out.csv", cwd=tmp_path)
    )
    assert "the GeoJSON is written beside it" in error_line(
        run("gazetteer", "fetch", "Mosul", "-o", "polygons.geojson", cwd=tmp_path)
    )
    assert "not a city" in error_line(run("gazetteer", "fetch", "Iraq", cwd=tmp_path))
    assert "no place called" in error_line(run("gazetteer", "fetch", "Qwxzvbn", cwd=tmp_path))
    assert "--radius-km 90 is outside 0..50 km" in error_line(
        run("gazetteer", "fetch", "Mosul", "--radius-km", "90", cwd=tmp_path)
    )
    assert fake_overpass == []
    assert [p.name for p in tmp_path.iterdir()] == ["out.geojson"]


def test_fetch_without_osmnx_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "osmnx", None)
    assert "pip install 'geomap[osm]'" in error_line(
        run("gazetteer", "fetch", "Mosul", cwd=tmp_path)
    )
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------
# geomap gazetteer import FILE.osm --within PLACE (pyosmium, offline)

SMALL_OSM = """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6" generator="geomap tests">
  <node id="1001" lat="36.3440" lon="43.1345" version="1">
    <tag k="place" v="suburb"/><tag k="name" v="باب الطوب"/>
    <tag k="name:en" v="Bab al-Toub"/><tag k="alt_name" v="Bab al-Tob;Bab al-Tub"/>
  </node>
  <node id="11" lat="36.352" lon="43.118" version="1"/>
  <node id="12" lat="36.352" lon="43.128" version="1"/>
  <node id="13" lat="36.360" lon="43.128" version="1"/>
  <node id="14" lat="36.360" lon="43.118" version="1"/>
  <way id="2001" version="1">
    <nd ref="11"/><nd ref="12"/><nd ref="13"/><nd ref="14"/><nd ref="11"/>
    <tag k="place" v="neighbourhood"/><tag k="name" v="الزنجيلي"/>
    <tag k="name:en" v="al-Zanjili"/><tag k="alt_name" v="Zanjili;Zinjili"/>
  </way>
  <node id="21" lat="36.335" lon="43.125" version="1"/>
  <node id="22" lat="36.335" lon="43.140" version="1"/>
  <node id="23" lat="36.350" lon="43.140" version="1"/>
  <node id="24" lat="36.350" lon="43.125" version="1"/>
  <node id="25" lat="36.340" lon="43.130" version="1"/>
  <node id="26" lat="36.340" lon="43.135" version="1"/>
  <node id="27" lat="36.345" lon="43.135" version="1"/>
  <node id="28" lat="36.345" lon="43.130" version="1"/>
  <way id="2101" version="1">
    <nd ref="21"/><nd ref="22"/><nd ref="23"/><nd ref="24"/><nd ref="21"/>
  </way>
  <way id="2102" version="1">
    <nd ref="25"/><nd ref="26"/><nd ref="27"/><nd ref="28"/><nd ref="25"/>
  </way>
  <relation id="3001" version="1">
    <member type="way" ref="2101" role="outer"/><member type="way" ref="2102" role="inner"/>
    <tag k="type" v="multipolygon"/><tag k="place" v="quarter"/>
    <tag k="name" v="الموصل القديمة"/><tag k="name:en" v="Old City"/>
    <tag k="official_name:en" v="Old City of Mosul"/>
  </relation>
  <node id="31" lat="36.330" lon="43.128" version="1"/>
  <node id="32" lat="36.325" lon="43.137" version="1"/>
  <way id="7001" version="1">
    <nd ref="31"/><nd ref="32"/><tag k="man_made" v="bridge"/><tag k="name" v="Fifth Bridge"/>
  </way>
  <node id="6001" lat="36.3900" lon="43.0150" version="1">
    <tag k="place" v="village"/><tag k="name:en" v="Badush"/>
  </node>
  <node id="9001" lat="33.3100" lon="44.3600" version="1">
    <tag k="place" v="suburb"/><tag k="name" v="Karrada"/>
  </node>
  <node id="9002" lat="36.3400" lon="43.1200" version="1">
    <tag k="shop" v="bakery"/><tag k="name" v="Bakery"/>
  </node>
</osm>
"""


def test_import_of_an_osm_extract_gives_the_same_rows_as_fetch(
    tmp_path: Path, mosul, no_network
) -> None:
    extract = tmp_path / "small.osm"
    extract.write_text(SMALL_OSM, encoding="utf-8")
    result = run(
        "gazetteer", "import", "small.osm", "--within", "Mosul", "-o", "mosul.csv", cwd=tmp_path
    )
    assert result.exit_code == 0, result.output
    assert (
        result.stderr.splitlines()[-1]
        == "wrote 5 places to mosul.csv and 2 polygons to mosul.geojson"
    )
    places = {
        p.id: p for p in Gazetteer.from_files([tmp_path / "mosul.csv"], shipped=False, world=False)
    }
    assert sorted(places) == [
        "osm-node-1001",
        "osm-node-6001",
        "osm-relation-3001",
        "osm-way-2001",
        "osm-way-7001",
    ]  # Baghdad's Karrada is 400 km away; a bakery is not a place
    assert places["osm-way-2001"].alt_names == ("Zanjili", "Zinjili", "الزنجيلي")
    old_city = places["osm-relation-3001"]
    geod = Geod(ellps="WGS84")
    with_hole = _box(43.125, 36.335, 43.140, 36.350).difference(
        _box(43.130, 36.340, 43.135, 36.345)
    )
    assert old_city.area_km2 == pytest.approx(
        abs(geod.geometry_area_perimeter(with_hole)[0]) / 1e6, rel=0.005
    )
    polygons = json.loads((tmp_path / "mosul.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["id"] for f in polygons["features"]] == [
        "osm-relation-3001",
        "osm-way-2001",
    ]
    assert shape(polygons["features"][0]["geometry"]).equals(with_hole)

    # osmnx reads the same file (offline) into its usual GeoDataFrame: the same rows.
    frame = osmnx.features_from_xml(extract, tags=osm.overpass_tags())
    fetched = osm.places_from_features(osm.features_from_frame(frame), mosul, 15.0)
    imported = api.import_osm_gazetteer(extract, within=mosul)
    assert fetched.places == imported.places
    assert no_network == []


def test_import_of_an_osm_extract_needs_a_city(tmp_path: Path) -> None:
    (tmp_path / "small.osm").write_text(SMALL_OSM, encoding="utf-8")
    assert "needs --within CITY" in error_line(
        run("gazetteer", "import", "small.osm", cwd=tmp_path)
    )
    assert "--name-property is for GeoJSON" in error_line(
        run(
            "gazetteer",
            "import",
            "small.osm",
            "--within",
            "Mosul",
            "--name-property",
            "x",
            cwd=tmp_path,
        )
    )
    (tmp_path / "broken.osm.pbf").write_bytes(b"not a protocol buffer")
    assert "not readable as OpenStreetMap data" in error_line(
        run("gazetteer", "import", "broken.osm.pbf", "--within", "Mosul", cwd=tmp_path)
    )
    assert "no named places within 15 km of Aleppo" in error_line(
        run("gazetteer", "import", "small.osm", "--within", "Aleppo", cwd=tmp_path)
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.osm.pbf", "small.osm"]


def test_fetch_of_an_answer_without_named_places_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, osmnx_settings
) -> None:
    unnamed = [f for f in FEATURES if f[1] == 8001]
    monkeypatch.setattr(osmnx, "features_from_point", lambda *a, **k: osmnx_frame(unnamed))
    assert "no named places within 15 km of Mosul" in error_line(
        run("gazetteer", "fetch", "Mosul", cwd=tmp_path)
    )
    assert list(tmp_path.iterdir()) == []


def test_geojson_import_is_unchanged_and_refuses_osm_options(tmp_path: Path) -> None:
    districts = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Bab al-Toub"},
                "geometry": {"type": "Point", "coordinates": [43.1345, 36.344]},
            }
        ],
    }
    (tmp_path / "d.geojson").write_text(json.dumps(districts), encoding="utf-8")
    result = run("gazetteer", "import", "d.geojson", cwd=tmp_path)
    assert result.exit_code == 0 and "Bab al-Toub" in result.stdout
    assert "are for OpenStreetMap extracts" in error_line(
        run("gazetteer", "import", "d.geojson", "--within", "Mosul", cwd=tmp_path)
    )


@pytest.mark.parametrize("status", [429, 504])
def test_a_busy_overpass_is_an_error_not_an_endless_wait(status: int) -> None:
    """osmnx waits and asks again on 429/504 without end; geomap's hook stops that."""
    import osmnx
    import requests

    osm._configure(osmnx)
    (hook,) = osmnx.settings.requests_kwargs["hooks"]["response"]
    response = requests.Response()
    response.status_code, response.url = status, "https://overpass-api.de/api/interpreter"
    with pytest.raises(requests.HTTPError):
        hook(response)
    response.status_code = 200
    assert hook(response) is response


def _overpass_json() -> dict:
    """An Overpass API answer (``[out:json]``) as osmnx's features query gets it: tagged
    nodes, a tagged closed way with its nodes' coordinates, and untagged way nodes."""
    corners = [(36.3420, 43.1280), (36.3420, 43.1340), (36.3460, 43.1340), (36.3460, 43.1280)]
    way_nodes = [
        {"type": "node", "id": 9000 + i, "lat": lat, "lon": lon}
        for i, (lat, lon) in enumerate(corners)
    ]
    return {
        "version": 0.6,
        "generator": "Overpass API 0.7.62",
        "osm3s": {"timestamp_osm_base": "2026-11-20T00:00:00Z", "copyright": "ODbL"},
        "elements": [
            {
                "type": "node",
                "id": 101,
                "lat": 36.3380,
                "lon": 43.1300,
                "tags": {
                    "place": "neighbourhood",
                    "name": "باب الطوب",
                    "name:en": "Bab al-Toub",
                    "alt_name": "Bab al-Tob;Bab Al Tub",
                },
            },
            {
                "type": "way",
                "id": 202,
                "nodes": [9000, 9001, 9002, 9003, 9000],
                "tags": {"place": "suburb", "name": "الزنجيلي", "name:en": "al-Zanjili"},
            },
            *way_nodes,
        ],
    }


def test_fetch_reads_an_overpass_answer_through_osmnx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network
) -> None:
    """The whole way from Overpass' JSON, parsed by osmnx itself, to gazetteer rows.

    Only the transport is replaced: requests' POST answers with the JSON above, the
    host name resolves to a documentation address, and osmnx does not ask the status
    endpoint first. osmnx's cache is a folder of this test's own.
    """
    import socket

    posted: list[str] = []

    def post(url: str, **_kwargs) -> requests.Response:
        posted.append(url)
        response = requests.Response()
        response.status_code, response.url = 200, url
        response._content = json.dumps(_overpass_json()).encode("utf-8")
        response.headers["Content-Type"] = "application/json"
        return response

    monkeypatch.setenv(settings.CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(requests, "post", post)
    monkeypatch.setattr(socket, "gethostbyname", lambda _host: "192.0.2.1")
    monkeypatch.setattr(socket, "getaddrinfo", socket.getaddrinfo)  # osmnx replaces it
    monkeypatch.setattr(osmnx.settings, "overpass_rate_limit", False)
    out = tmp_path / "out"
    out.mkdir()
    result = run("gazetteer", "fetch", "Mosul", "-o", "mosul.csv", cwd=out)
    assert result.exit_code == 0, result.output
    assert posted and posted[0].endswith("/interpreter")
    rows = {p.name: p for p in Gazetteer.from_files([out / "mosul.csv"], world=False)}
    toub, zanjili = rows["Bab al-Toub"], rows["al-Zanjili"]
    assert toub.id == "osm-node-101" and zanjili.id == "osm-way-202"
    assert {"باب الطوب", "Bab al-Tob", "Bab Al Tub"} <= set(toub.alt_names)
    assert toub.parent == zanjili.parent == MOSUL_ID
    assert zanjili.licence == osm.OSM_LICENCE and "osm-way-202" in zanjili.source
    polygons = json.loads((out / "mosul.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["id"] for f in polygons["features"]] == ["osm-way-202"]
    assert no_network == []
