"""Tests for geomap.webmap: the map's data, the single path text takes, determinism."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap import knowledge
from geomap import settings as geomap_settings
from geomap.model import EventPlace, Incident, Report, ReportedFigure, Snapshot
from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import PlaceReport, parse_articles
from geomap.text.articles import article_from_text
from geomap.webmap import build_map, render_map, save_map
from geomap.webmap import page as mapparts
from geomap.webmap.data import attribution, incident_colours, map_data
from geomap.webmap.user_layers import PointLayer

MINI_TEXT = (
    "Regime forces captured the Firdaus and Kallasa districts of Aleppo, Syria. "
    "Rebels withdrew from the Hamdudu area. Russian warplanes struck again."
)
# Template syntax of Jinja2 and JavaScript, markup and quotes: each must reach the page
# as data and show exactly as written.
PAYLOADS = (
    "{{7*7}}",
    "{% if 1 %}IF{% endif %}",
    "{# note",
    "{{citation needed}}",
    "${7*7}",
    "`tick`",
    "<script>window.__xss=1</script>",
    "<img src=x onerror=alert(1)>",
    "</script><!--",
    "\"double\" 'single' & \\u2028",
)
HOSTILE = " ".join(PAYLOADS)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def _report(gazetteer: Gazetteer, text: str = MINI_TEXT, name: str = "mini") -> PlaceReport:
    return parse_articles([article_from_text(text, name=name)], gazetteer)


def _page(report: PlaceReport, title: str = "East Aleppo", **kwargs) -> str:
    return render_map(build_map(report, title=title, **kwargs))


def _data_in(page: str) -> dict:
    """The JSON document the page hands to map.js, parsed back."""
    call = re.search(r"geomapBuildMap\(map_\w+, (?:tile_layer_\w+|null), ", page)
    assert call, "the page does not call geomapBuildMap"
    data, _ = json.JSONDecoder().raw_decode(page, call.end())
    return data


def _layer(data: dict, name: str) -> dict:
    return next(layer for layer in data["layers"] if layer["name"] == name)


@pytest.fixture(scope="module")
def mini_page(gazetteer: Gazetteer) -> str:
    return _page(_report(gazetteer))


def test_map_data_has_place_layers_title_and_tiles(mini_page: str) -> None:
    data = _data_in(mini_page)
    places = _layer(data, "Places mentioned")
    names = {p["tooltip"] for p in places["places"]}
    assert {"al-Fardos", "al-Kallaseh", "Aleppo", "Syria"} <= names
    actors = _layer(data, "Actors named (countries)")
    assert "Russia" in {p["tooltip"] for p in actors["places"]}
    assert data["title"] == "East Aleppo" and data["tilesName"] == "OpenStreetMap"
    assert "fitBounds" in mini_page
    assert mapparts.GENERATOR_META in mini_page
    # Incidents are diamonds drawn by map.js on a canvas: no marker plugin is loaded.
    assert "leaflet-dvf" not in mini_page


def test_popup_marks_the_mention_in_its_sentence(mini_page: str) -> None:
    places = _layer(_data_in(mini_page), "Places mentioned")["places"]
    fardos = next(p for p in places if p["tooltip"] == "al-Fardos")
    blocks = fardos["popup"]["blocks"]
    assert blocks[0] == ["head", "al-Fardos"]
    assert "alternative match" in blocks[1][1]
    sentence = next(b for b in blocks if b[0] == "sentence")
    assert sentence[1] == "mini"
    assert ["Firdaus", True] in sentence[2]
    assert "".join(text for text, _ in sentence[2]).startswith("Regime forces captured the")


def test_actors_layer_is_hidden_by_default(mini_page: str) -> None:
    data = _data_in(mini_page)
    assert _layer(data, "Places mentioned")["show"] is True
    actors = _layer(data, "Actors named (countries)")
    assert actors["show"] is False
    places = {p["tooltip"] for p in _layer(data, "Places mentioned")["places"]}
    assert "Russia" not in places


def test_unresolved_names_have_suggestions_and_attribution(mini_page: str) -> None:
    data = _data_in(mini_page)
    (hamdudu,) = (u for u in data["unresolved"] if u["name"] == "Hamdudu")
    assert hamdudu["articles"] == ["mini"] and hamdudu["mentions"] == 1
    assert any(re.fullmatch(r".+ \(district, \d+(\.\d)?\)", s) for s in hamdudu["suggestions"])
    # Credited by the licences of the gazetteer rows shown (Syria's: GeoNames).
    assert "CC BY 4.0 (GeoNames)" in data["attribution"]
    sources = data["legend"]["sources"]
    assert any("OpenStreetMap contributors" in s for s in sources)


def test_map_bytes_are_deterministic(gazetteer: Gazetteer, tmp_path: Path) -> None:
    first, second = tmp_path / "1" / "map.html", tmp_path / "2" / "map.html"
    save_map(build_map(_report(gazetteer), title="T"), first)
    save_map(build_map(_report(gazetteer), title="T"), second)
    assert first.read_bytes() == second.read_bytes()
    assert not re.search(rb"_[0-9a-f]{32}\b", first.read_bytes()), "a random folium id is left"
    assert [p.name for p in first.parent.iterdir()] == ["map.html"]


def test_map_bytes_are_deterministic_across_processes(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from geomap.text.articles import article_from_text\n"
        "from geomap.places.gazetteer import Gazetteer\n"
        "from geomap.places.geoparse import parse_articles\n"
        "from geomap.webmap import build_map, save_map\n"
        f"r = parse_articles([article_from_text({MINI_TEXT!r}, name='mini')], Gazetteer())\n"
        "save_map(build_map(r, title='T'), sys.argv[1])\n"
    )
    outputs = []
    for i in range(2):
        out = tmp_path / f"{i}.html"
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, timeout=120)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("self_contained", [False, True])
def test_generator_mark_opens_the_page(gazetteer: Gazetteer, self_contained: bool) -> None:
    """``geomap open`` looks for geomap's mark in a map's first bytes, inlined or not."""
    page = render_map(build_map(_report(gazetteer), title="T"), self_contained=self_contained)
    head = page.encode("utf-8")[: geomap_settings.MAP_MARK_SEARCH_BYTES]
    assert geomap_settings.MAP_GENERATOR_MARK.encode() in head


def test_map_without_places(gazetteer: Gazetteer) -> None:
    page = _page(_report(gazetteer, "Nothing happened here today.", name="empty"))
    data = _data_in(page)
    assert data["unresolved"] == [] and "fitBounds" not in page
    assert _layer(data, "Places mentioned")["places"] == []


def test_map_takes_records(gazetteer: Gazetteer) -> None:
    """Incidents and snapshots go in as records; the map draws them as their files say."""
    from shapely.geometry import Polygon

    day = datetime.date(2016, 12, 1)
    places = (
        EventPlace("al-Fardos", "csr-aleppo-1", "district", 36.1999996, 37.1500004, "F", 0, 1),
        EventPlace("Aleppo", "geonames-170063", "city", 36.21, 37.16, "A", 2, 3),
    )
    incident = Incident(
        event_id="SYR1",
        event_date=day,
        time_precision=1,
        date_text="today",
        kind="airstrike",
        trigger="struck",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        locations=places,
    )
    square = Polygon([(37.1, 36.2), (37.2, 36.2), (37.2, 36.3), (37.1, 36.3)])
    snapshots = [
        Snapshot("rebels", day, None, ("csr-aleppo-1",), ("al-Fardos",), 1.5, geometry=square),
        Snapshot("government", day, None, ("x",), ("X",), 0.0),  # no polygon: not drawn
    ]
    data = _data_in(_page(_report(gazetteer), incidents=[incident], snapshots=snapshots))
    markers = _incident_markers(_layer(data, "Incidents"))
    assert [(m["lat"], m["lon"]) for m in markers] == [(36.2, 37.15), (36.21, 37.16)]
    assert markers[0]["tooltip"] == "Air/drone strike (2016-12-01)"
    control = _layer(data, "Areas of control (time slider)")
    assert [f["properties"]["valid_from"] for f in control["features"]] == ["2016-12-01"]
    assert control["dates"] == ["2016-12-01"]


def test_incident_at_two_places_is_two_markers_with_the_incident_popup() -> None:
    """events.geojson has a feature per place; the map a marker each, both showing the incident."""
    places = (
        EventPlace("al-Fardos", "csr-aleppo-58", "district", 36.187032, 37.150803, "F", 0, 1),
        EventPlace("al-Kallaseh", "csr-aleppo-60", "district", 36.193736, 37.148928, "K", 6, 7),
    )
    incident = replace(
        _incident("Violence against civilians"),
        locations=places,
        fatalities_low=67,
        fatalities_best=67,
        fatalities_text="67",
    )
    report = parse_articles([article_from_text("Nothing.", name="x")], Gazetteer())
    layer = _layer(map_data(report, title="T", incidents=[incident]), "Incidents")
    markers = _incident_markers(layer)
    assert [(m["lat"], m["lon"]) for m in markers] == [
        (36.187032, 37.150803),
        (36.193736, 37.148928),
    ]
    assert len(layer["incidents"]) == 1  # one record, both markers point to it
    first, second = (m["fields"] for m in markers)
    assert first == second
    assert first["Killed"] == "67 (\u201c67\u201d)"  # the whole toll, not a place's share
    assert first["Where"].startswith("al-Fardos; al-Kallaseh")


def _incident_markers(layer: dict) -> list[dict]:
    """The incidents layer's table decoded as map.js decodes it: one dict per marker."""
    markers = []
    for lon, lat, index in layer["markers"]:
        colour, date, *cells = layer["incidents"][index]
        texts = {
            column: layer["values"][k][cell]
            for k, (column, cell) in enumerate(zip(layer["columns"], cells, strict=True))
            if cell >= 0
        }
        markers.append(
            {
                "lat": lat,
                "lon": lon,
                "date": date,
                "colour": layer["colours"][colour],
                "tooltip": texts.pop("tooltip"),
                "quote": texts.pop("quote", None),
                "fields": texts,
            }
        )
    return markers


def _incident(event_type: str) -> Incident:
    place = EventPlace("Aleppo", "geonames-170063", "city", 36.21, 37.16, "Aleppo", 0, 6)
    return Incident(
        event_id="SYR1",
        event_date=datetime.date(2016, 12, 1),
        time_precision=1,
        date_text=None,
        kind="protest",
        trigger="protested",
        event_type=event_type,
        sub_event_type="Peaceful protest",
        locations=(place,),
    )


def test_incident_colours_are_data(tmp_path: Path) -> None:
    """A row added to data/map/incident-colours.csv colours the markers and the legend."""
    report = PlaceReport(mentions=())
    shipped = map_data(report, title="T", incidents=[_incident("Protests")])
    (marker,) = _incident_markers(_layer(shipped, "Incidents"))
    assert marker["colour"] not in incident_colours().values()  # no row: the default colour
    copy = tmp_path / "map"
    copy.mkdir()
    table = (Path(knowledge.data_dir("map")) / "incident-colours.csv").read_text("utf-8")
    (copy / "incident-colours.csv").write_text(f"{table}Protests,#123456,\n", "utf-8")
    with knowledge.use_data_dir(tmp_path):
        data = map_data(report, title="T", incidents=[_incident("Protests")])
    (marker,) = _incident_markers(_layer(data, "Incidents"))
    assert marker["colour"] == "#123456"
    (section,) = (s for s in data["legend"]["sections"] if s["name"] == "Incidents")
    assert section["entries"][-1] == {"label": "Protests", "colour": "#123456", "shape": "square"}
    assert incident_colours().get("Protests") is None  # the shipped table again


def test_bad_incident_colour_is_a_data_error(tmp_path: Path) -> None:
    from geomap.errors import DataError

    (tmp_path / "map").mkdir()
    (tmp_path / "map" / "incident-colours.csv").write_text("event_type,colour\nBattles,red\n")
    with knowledge.use_data_dir(tmp_path), pytest.raises(DataError, match="incident-colours"):
        incident_colours()


def test_side_labels_and_colours_are_data(tmp_path: Path) -> None:
    """The areas of control take their colour and label from data/control/sides.csv."""
    from shapely.geometry import Polygon

    control_dir = tmp_path / "control"
    shutil.copytree(knowledge.data_dir("control"), control_dir)
    sides = control_dir / "sides.csv"
    sides.write_text(
        sides.read_text("utf-8").replace("rebels,Rebels,#2e7d32", "rebels,Opposition,#010203"),
        "utf-8",
    )
    square = Polygon([(37.1, 36.2), (37.2, 36.2), (37.2, 36.3), (37.1, 36.3)])
    day = datetime.date(2016, 12, 1)
    snapshot = Snapshot("rebels", day, None, ("d",), ("D",), 1.0, geometry=square)
    with knowledge.use_data_dir(tmp_path):
        data = map_data(PlaceReport(mentions=()), title="T", snapshots=[snapshot])
    control = _layer(data, "Areas of control (time slider)")
    (feature,) = control["features"]
    assert feature["properties"]["style"]["color"] == "#010203"
    assert ["field", "Held by", "Opposition"] in feature["properties"]["popup"]["blocks"]
    (row,) = control["legends"][0]["rows"]
    assert (row["label"], row["colour"], row["dashed"]) == ("Opposition", "#010203", False)


def test_attribution_credits_the_rows_shown(gazetteer: Gazetteer, tmp_path: Path) -> None:
    """The map credits the licences of the gazetteer rows it shows, and nothing else."""
    aleppo = _data_in(_page(_report(gazetteer)))
    assert "MIT (Columbia Center for Spatial Research)" in aleppo["attribution"]
    assert aleppo["attribution"] in aleppo["legend"]["sources"]
    own = tmp_path / "own.csv"
    own.write_text(
        "id,name,kind,lat,lon,source,licence\n"
        "own-1,Nowhereville,city,10.0,10.0,my survey,CC0 (me)\n"
        "own-2,Elsewhereton,city,11.0,11.0,my notes,\n",
        encoding="utf-8",
    )
    mine = Gazetteer.from_files([own], world=False)
    text = "Shelling hit Nowhereville and Elsewhereton today."
    data = _data_in(_page(_report(mine, text, name="own")))
    assert data["attribution"] == "Places: CC0 (me); my notes (licence unknown)."
    nothing = _data_in(_page(_report(gazetteer, "Nothing happened here.", name="none")))
    assert nothing["attribution"] == "" and len(nothing["legend"]["sources"]) == 1
    assert attribution([]) == ""


def test_importing_webmap_does_not_import_folium() -> None:
    code = "import sys, geomap.webmap, geomap.output.files; print('folium' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False"


# ---------------------------------------------------------------------------
# Outside text reaches the page only as data


def _hostile_inputs(gazetteer: Gazetteer, tmp_path: Path) -> dict:
    """A map's inputs with the payloads in every field a user or an article controls."""
    text = (
        f"Shelling hit the Firdaus district of Aleppo, Syria {HOSTILE}. Rebels withdrew "
        f"from the Hamdudu area {HOSTILE}."
    )
    report = _report(gazetteer, text, name=f"article {HOSTILE}")
    layer = PointLayer(
        name=f"layer {HOSTILE}.csv",
        source=f"layer {HOSTILE}.csv",
        fields=[f"field {HOSTILE}", "kind"],
        points=[(37.15, 36.2, (f"cell {HOSTILE}", f"kind {HOSTILE}"))],
        category="kind",
    )
    from shapely.geometry import Polygon

    snapshot = Snapshot(
        controller=f"side {HOSTILE}",
        valid_from=datetime.date(2016, 12, 1),
        valid_to=None,
        district_ids=(f"id {HOSTILE}",),
        districts=(f"district {HOSTILE}",),
        area_km2=1.5,
        geometry=Polygon([(37.1, 36.2), (37.2, 36.2), (37.2, 36.3)]),
        geometry_source=f"geometry {HOSTILE}",
        sources=(f"source {HOSTILE}",),
        reported_figure=ReportedFigure(
            date=datetime.date(2016, 12, 2),
            kind="area_km2",
            value=2.0,
            controller=f"side {HOSTILE}",
            qualifier="about",
            source=f"outlet {HOSTILE}",
        ),
    )
    return {
        "report": report,
        "title": f"title {HOSTILE}",
        "layers": [layer],
        "gazetteer": gazetteer,
        "snapshots": [snapshot],
    }


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def test_no_folium_element_holds_outside_text(gazetteer: Gazetteer, tmp_path: Path) -> None:
    """The folium tree carries geomap's own code only: the payloads live in the data."""
    inputs = _hostile_inputs(gazetteer, tmp_path)
    report = inputs.pop("report")
    m = build_map(report, **inputs)
    seen = 0
    stack = [m.get_root()]
    while stack:
        element = stack.pop()
        for attribute, value in vars(element).items():
            for text in _strings(value) if attribute != "data_json" else ():
                assert "{{7*7}}" not in text and "__xss" not in text, (element, attribute)
            if attribute == "data_json":
                seen += 1
        stack.extend(element._children.values())
    assert seen == 1


def test_payloads_show_exactly_as_written(gazetteer: Gazetteer, tmp_path: Path) -> None:
    inputs = _hostile_inputs(gazetteer, tmp_path)
    page = render_map(build_map(inputs.pop("report"), **inputs))
    data = _data_in(page)
    strings = list(_strings(data))
    for payload in PAYLOADS:
        assert any(payload in s for s in strings), payload
    assert data["title"] == f"title {HOSTILE}"
    # Nothing was evaluated, and no markup from the inputs is left live in the page.
    assert "IF" not in page.replace("{% if 1 %}IF{% endif %}", "")
    assert "<script>window.__xss" not in page and "<img src=x" not in page
    assert "</script><!--" not in page
    # Outside the data, the page holds none of the payloads.
    outside = page.replace(mapparts.js_json(data), "")
    assert "7*7" not in outside and "__xss" not in outside and "tick" not in outside


def test_template_code_in_an_article_runs_nothing(
    gazetteer: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    payload = "{{ cycler.__init__.__globals__.os.mkdir('PWNED') }}"
    report = _report(gazetteer, f"Shelling hit Aleppo, Syria. {payload}", name=payload)
    page = _page(report, title=payload)
    assert not (tmp_path / "PWNED").exists()
    assert _data_in(page)["title"] == payload


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(max_size=80))
def test_any_title_reaches_the_page_unchanged(title: str) -> None:
    page = render_map(build_map(PlaceReport(mentions=()), title=title))
    assert _data_in(page)["title"] == title
    script = page[page.index("geomapBuildMap(map_") :]
    assert "</script" not in script.split("\n", 1)[0].lower()


@settings(max_examples=200, deadline=None)
@given(value=st.recursive(st.text(), lambda inner: st.lists(inner, max_size=3), max_leaves=8))
def test_js_json_is_inert_in_a_script_and_round_trips(value: object) -> None:
    literal = mapparts.js_json(value)
    assert "<" not in literal and ">" not in literal and "&" not in literal
    assert "\u2028" not in literal and "\u2029" not in literal
    assert json.loads(literal) == value


# ---------------------------------------------------------------------------
# A map that opens on the story


def _fit_bounds(page: str) -> tuple[list[list[float]], dict]:
    """The bounds and options of the page's ``fitBounds`` call."""
    match = re.search(r"\.fitBounds\(\s*(\[\[.*?\]\])\s*,\s*(\{.*?\})\s*\)", page, re.DOTALL)
    assert match, "the page fits no bounds"
    return json.loads(match.group(1)), json.loads(match.group(2))


def test_view_fits_the_dense_cluster_not_a_distant_city(gazetteer: Gazetteer) -> None:
    """Gaza's places and one New York mention: the map opens on Gaza, at town scale."""
    from geomap.webmap.data import haversine_km

    text = (
        "Israeli strikes hit Gaza City and Jabalia on Monday. Protesters marched in "
        "New York against the war."
    )
    page = _page(_report(gazetteer, text, name="gaza"))
    (south, west), (north, east) = (bounds := _fit_bounds(page))[0]
    centre = ((south + north) / 2, (west + east) / 2)
    assert haversine_km(centre, (31.50161, 34.46672)) < 20, bounds
    assert bounds[1]["maxZoom"] == 11  # towns


def test_view_of_one_district_opens_closer_than_a_town(gazetteer: Gazetteer) -> None:
    from geomap.webmap.data import view_points

    text = "Shelling hit the Firdaus district of Aleppo, Syria today."
    district = view_points(_report(gazetteer, text))
    town = view_points(_report(gazetteer, "Shelling hit Aleppo today."))
    assert district.points and district.max_zoom == 14
    assert len(town.points) == 1 and town.max_zoom == 11


def test_view_counts_the_incidents_places() -> None:
    """A report naming no place still opens on its incidents."""
    report = PlaceReport(mentions=())
    page = _page(report, incidents=[_incident("Protests")])
    (south, west), (north, east) = _fit_bounds(page)[0]
    assert (south, west, north, east) == (36.21, 37.16, 36.21, 37.16)


def test_dense_cluster_is_deterministic_and_weighted() -> None:
    from geomap.webmap.data import dense_cluster

    gaza = [(31.5, 34.47, 1, "city"), (31.53, 34.48, 1, "city")]
    york = [(40.71, -74.01, 5, "city")]  # named five times: the heavier group
    assert [p[:2] for p in dense_cluster(gaza + york)] == [(40.71, -74.01)]
    assert dense_cluster(gaza + york) == dense_cluster(list(reversed(gaza + york)))
    assert dense_cluster([]) == []


def _snapshots_on(*days: datetime.date) -> list[Snapshot]:
    from shapely.geometry import Polygon

    square = Polygon([(37.1, 36.2), (37.2, 36.2), (37.2, 36.3), (37.1, 36.3)])
    ends = [*days[1:], None]
    return [
        Snapshot("rebels", day, end, ("d",), ("D",), 1.0, geometry=square)
        for day, end in zip(days, ends, strict=True)
    ]


def test_slider_opens_on_the_opening_date() -> None:
    report = PlaceReport(mentions=())
    days = [datetime.date(2016, 12, d) for d in (1, 5, 10)]
    snapshots = _snapshots_on(*days)

    def start(opening: datetime.date | None) -> int:
        data = map_data(report, title="T", snapshots=snapshots, opening_date=opening)
        return _layer(data, "Areas of control (time slider)")["start"]

    assert start(None) == 2  # the last date
    # A day between two changes is a stop of its own, the one the slider opens on.
    data = map_data(report, title="T", snapshots=snapshots, opening_date=datetime.date(2016, 12, 7))
    layer = _layer(data, "Areas of control (time slider)")
    assert layer["dates"] == ["2016-12-01", "2016-12-05", "2016-12-07", "2016-12-10"]
    assert layer["start"] == 2 and len(layer["legends"]) == 4
    assert start(datetime.date(2016, 12, 5)) == 1
    assert start(datetime.date(2016, 11, 1)) == 0  # before them all: the first
    page = render_map(build_map(report, title="T", snapshots=snapshots, opening_date=days[0]))
    assert _layer(_data_in(page), "Areas of control (time slider)")["start"] == 0


def test_map_without_snapshots_has_no_control_layer(mini_page: str) -> None:
    data = _data_in(mini_page)
    assert not any(layer["kind"] == "control" for layer in data["layers"])


def test_incident_markers_carry_their_date() -> None:
    data = map_data(PlaceReport(mentions=()), title="T", incidents=[_incident("Protests")])
    (marker,) = _incident_markers(_layer(data, "Incidents"))
    assert marker["date"] == "2016-12-01"


def test_page_says_when_its_scripts_cannot_load(mini_page: str) -> None:
    """Plain HTML in the body, before any script: shown by a page whose scripts fail."""
    body = mini_page[mini_page.index("<body>") :]
    assert body.index('id="geomap-offline"') < body.index("<script")
    assert "--self-contained" in mapparts.OFFLINE_MESSAGE
    assert mini_page.count('id="geomap-offline"') == 1


def test_scale_bar_is_metric_only(mini_page: str) -> None:
    assert "L.control.scale({metric: true, imperial: false})" in mini_page
    assert "control.scale()" not in mini_page  # folium's, with miles


# ---------------------------------------------------------------------------
# A map of a corpus: its size grows with the places and incidents, not the mentions


def test_popup_keeps_the_first_sentences_and_says_how_many(gazetteer: Gazetteer) -> None:
    """A place named in many sentences: the first few, the count, and where the rest are."""
    text = " ".join(f"Shelling hit the Firdaus district of Aleppo on day {n}." for n in range(7))
    places = _layer(_data_in(_page(_report(gazetteer, text))), "Places mentioned")["places"]
    fardos = next(p for p in places if p["tooltip"] == "al-Fardos")
    blocks = fardos["popup"]["blocks"]
    sentences = [b for b in blocks if b[0] == "sentence"]
    assert len(sentences) == geomap_settings.MAX_POPUP_SENTENCES
    assert "".join(t for t, _ in sentences[0][2]).endswith("on day 0.")  # the first ones
    (more,) = (b for b in blocks if b[0] == "more")
    assert more[1].startswith(f"{geomap_settings.MAX_POPUP_SENTENCES} of 7 sentences")
    assert more[2] == "places.geojson"
    assert "csr-aleppo" in more[3]  # the place id, to find it in places.geojson
    assert "7 mention(s)" in blocks[1][1]


def test_popup_with_few_sentences_has_no_pointer(mini_page: str) -> None:
    places = _layer(_data_in(mini_page), "Places mentioned")["places"]
    assert not any(b[0] == "more" for p in places for b in p["popup"]["blocks"])


def test_unresolved_name_lists_its_first_articles_and_how_many_more(
    gazetteer: Gazetteer,
) -> None:
    from geomap.webmap.data import UNRESOLVED_ARTICLES_SHOWN

    articles = [
        article_from_text("Rebels withdrew from the Hamdudu area of Aleppo.", name=f"a{n}")
        for n in range(UNRESOLVED_ARTICLES_SHOWN + 2)
    ]
    data = map_data(parse_articles(articles, gazetteer), title="T")
    (hamdudu,) = (u for u in data["unresolved"] if u["name"] == "Hamdudu")
    assert hamdudu["articles"] == [f"a{n}" for n in range(UNRESOLVED_ARTICLES_SHOWN)]
    assert hamdudu["moreArticles"] == 2 and hamdudu["mentions"] == UNRESOLVED_ARTICLES_SHOWN + 2


def _many_incidents(count: int, quote: str = "Shelling hit the market") -> list[Incident]:
    """*count* incidents on a grid around Aleppo, each with its own date and quote."""
    incidents = []
    for n in range(count):
        place = EventPlace(
            f"Site {n}", None, "district", 36.15 + (n % 50) * 0.002, 37.1 + (n // 50) * 0.002,
            f"Site {n}", 0, 4,
        )  # fmt: skip
        said = f"{quote} ({n})."
        report = Report(f"article-{n}", "Reuters", None, said, 0, len(said), False, None)
        incidents.append(
            replace(
                _incident("Explosions/Remote violence"),
                event_id=f"SYR{n}",
                event_date=datetime.date(2016, 11, 1) + datetime.timedelta(days=n % 40),
                sub_event_type="Shelling/artillery/missile attack",
                locations=(place,),
                reports=(report,),
            )
        )
    return incidents


def _without_data(page: str) -> str:
    """The page with the JSON document handed to map.js cut out, decimals as ``N``.

    The decimals are the opening view's, which fits the incidents' places.
    """
    call = re.search(r"geomapBuildMap\(map_\w+, (?:tile_layer_\w+|null), ", page)
    assert call
    _, end = json.JSONDecoder().raw_decode(page, call.end())
    return re.sub(r"-?\d+\.\d+", "N", page[: call.end()] + page[end:])


def test_incidents_are_data_not_code_per_marker() -> None:
    """Ten incidents or three hundred: the same page but for the one JSON document."""
    report = PlaceReport(mentions=())
    few, many = (_page(report, incidents=_many_incidents(n)) for n in (10, 300))
    assert _without_data(few) == _without_data(many)
    layer = _layer(_data_in(many), "Incidents")
    assert len(layer["incidents"]) == len(layer["markers"]) == 300
    # Texts shared by the incidents are written once (the table's dictionaries).
    assert layer["values"][layer["columns"].index("Type")] == [
        "Explosions/Remote violence / Shelling/artillery/missile attack"
    ]
    assert len(layer["values"][layer["columns"].index("quote")]) == 300
    markers = _incident_markers(layer)
    assert markers[7]["quote"] == "Shelling hit the market (7)."
    assert markers[7]["fields"]["Article"] == "article-7"
    assert markers[7]["tooltip"] == "Shelling/artillery/missile attack (2016-11-08)"


def test_hostile_quote_and_sentence_stay_escaped_data(gazetteer: Gazetteer) -> None:
    """Markup in an incident's quote or a place's sentence is text, never live markup."""
    attack = '</script><img src=x onerror="window.__pwned=1">'
    text = f"Shelling hit the Firdaus district of Aleppo {attack} today."
    (incident,) = _many_incidents(1, quote=attack)
    page = _page(_report(gazetteer, text), incidents=[incident])
    assert "<img" not in page and page.lower().count("</script>") == page.lower().count("<script")
    data = _data_in(page)
    (marker,) = _incident_markers(_layer(data, "Incidents"))
    assert marker["quote"] == f"{attack} (0)."
    places = _layer(data, "Places mentioned")["places"]
    fardos = next(p for p in places if p["tooltip"] == "al-Fardos")
    (sentence,) = (b for b in fardos["popup"]["blocks"] if b[0] == "sentence")
    assert attack in "".join(t for t, _ in sentence[2])


def test_cluster_view_above_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Up to INCIDENT_CLUSTER_MIN markers the markers show; above it, the clusters."""
    from geomap.webmap import data as mapdata

    monkeypatch.setattr(mapdata, "INCIDENT_CLUSTER_MIN", 40)
    at, above = (mapdata.incidents_layer(_many_incidents(n)) for n in (40, 41))
    assert at["cluster"] is False and above["cluster"] is True
    assert mapdata.incidents_layer([])["cluster"] is False


def test_cluster_threshold_is_a_few_thousand() -> None:
    from geomap.webmap.data import INCIDENT_CLUSTER_MIN

    assert 1_000 <= INCIDENT_CLUSTER_MIN <= 10_000
