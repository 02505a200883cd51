"""The interactive map in a real browser (headless Chromium through Playwright), offline.

Each map is written by :func:`geomap.api.make_map`, opened from a ``file://`` path with
every network request but the vendored CDN files aborted (see ``conftest.py``), and
checked as a user sees it: drawn markers, popups, panels, legend, layer control, no
JavaScript error, a screenshot that is not blank.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from pathlib import Path

import pytest

from geomap import api
from geomap.model import EventPlace, Incident, Snapshot

pytestmark = pytest.mark.browser

PLACE_COLOUR = "#c0392b"
FIND_MAP = "Object.keys(window).map(k => window[k]).find(v => v instanceof L.Map)"
# An incident's diamond: a canvas circle marker in map.js's incidents pane.
IS_INCIDENT = "l instanceof L.CircleMarker && l.options.pane === 'geomapIncidents'"
HOSTILE_TEXT = (
    "Aleppo, 2 December 2016. Shelling hit the Firdaus district of Aleppo, Syria "
    "{{7*7}} {% if 1 %}IF{% endif %} {#c#} ${7*7} "
    '<script>window.__pwned=1</script> during a "pause" <img src=x onerror="window.__pwned=1">'
    " in the fighting. Rebels withdrew from the Hamdudu area of Aleppo. ${window.__pwned=1}"
    " `x` \\u. Fighters said it was 'over' & </div> done."
)
# Template syntax that must show exactly as written (Jinja2 and JavaScript).
TEMPLATE_PAYLOADS = ("{{7*7}}", "{% if 1 %}IF{% endif %}", "{#c#}", "${7*7}")
# A --layer file name with markup and template syntax (legal on Linux file systems).
HOSTILE_LAYER_NAME = "<img src=x onerror=window.__pwned=1> {{7*7}}.csv"


@pytest.fixture(scope="module")
def gazetteer():
    return api.load_gazetteer()


def _make(tmp_path_factory, gazetteer, name: str, sources=(), **kwargs) -> Path:
    out = tmp_path_factory.mktemp(name)
    return api.make_map(list(sources), gazetteer, output_dir=out, **kwargs).map


@pytest.fixture(scope="module")
def example_map(tmp_path_factory, gazetteer) -> Path:
    return _make(tmp_path_factory, gazetteer, "example")


@pytest.fixture(scope="module")
def real_map(tmp_path_factory, gazetteer, shared_dir: Path) -> Path:
    article = shared_dir / "articles" / "east-aleppo-2016-12-13.txt"
    return _make(tmp_path_factory, gazetteer, "real", [article])


@pytest.fixture(scope="module")
def hostile_map(tmp_path_factory, gazetteer) -> Path:
    folder = tmp_path_factory.mktemp("hostile-input")
    article = folder / "hostile.txt"
    article.write_text(HOSTILE_TEXT, encoding="utf-8")
    layer = folder / "hostile-points.csv"
    named = folder / HOSTILE_LAYER_NAME
    named.write_text("latitude,longitude,kind\n36.22,37.17,{{7*7}}\n", encoding="utf-8")
    layer.write_text(
        "latitude,longitude,event_type,location,notes\n"
        '36.2,37.15,"<img src=x onerror=""window.__pwned=1"">","<script>window.__pwned=1'
        '</script>",x\n'
        '36.21,37.16,Battles,"Quote "" and </script> end",y\n',
        encoding="utf-8",
    )
    return _make(
        tmp_path_factory,
        gazetteer,
        "hostile",
        [article],
        layers=[layer, named],
        title="<b>T</b> {{7*7}} ${7*7}",
    )


@pytest.fixture(scope="module")
def hrw_map(tmp_path_factory, gazetteer, shared_dir: Path) -> Path:
    layer = shared_dir / "data" / "aleppo-csr" / "damage-sites-hrw.geojson"
    return _make(tmp_path_factory, gazetteer, "hrw", layers=[layer])


def _location_places(map_path: Path) -> list[dict]:
    data = json.loads((map_path.parent / "places.geojson").read_text(encoding="utf-8"))
    return [
        f
        for f in data["features"]
        if f["geometry"] is not None and f["properties"]["role"] == "location"
    ]


def _no_errors(opened) -> None:
    assert opened.errors == [], opened.errors


def _place_markers(page):
    return page.locator(f'path.leaflet-interactive[stroke="{PLACE_COLOUR}"]')


def _distinct_colours(png: bytes) -> int:
    from PIL import Image

    data = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    return len({data[i : i + 3] for i in range(0, len(data), 3)})


# ---------------------------------------------------------------------------
# The example (geomap map with no argument)


def test_example_map_draws_places_panels_and_controls(example_map: Path, open_map) -> None:
    opened = open_map(example_map)
    page = opened.page
    assert page.locator(".leaflet-container").count() == 1
    assert page.evaluate(f"({FIND_MAP}) !== undefined")
    # One circle per location place: every one of them drawn.
    expected = len(_location_places(example_map))
    assert expected > 5
    assert _place_markers(page).count() == expected
    # Layer control, legend, scale, fullscreen, measure tool, title.
    control = page.locator(".leaflet-control-layers").inner_text()
    for name in ("OpenStreetMap", "Places mentioned", "Actors named (countries)"):
        assert name in control
    legend = page.locator(".geomap-legend").inner_text()
    assert "Places mentioned" in legend or "Legend" in legend
    assert "OpenStreetMap contributors" in legend and "GeoNames" in legend
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".leaflet-control-zoom-fullscreen").count() == 1
    assert page.locator(".leaflet-control-measure").count() == 1
    assert page.locator(".geomap-title").inner_text().startswith("geomap example")
    assert page.title().startswith("geomap example")
    # Tiles were blocked: the map says so.
    page.wait_for_selector(".geomap-tile-notice", timeout=5000)
    assert all("tile.openstreetmap.org" in url for url in opened.aborted), opened.aborted
    _no_errors(opened)


def test_example_popup_shows_the_sentence(example_map: Path, open_map) -> None:
    opened = open_map(example_map)
    page = opened.page
    marker = _place_markers(page).first
    marker.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    text = popup.inner_text()
    assert "mention(s)" in text and "match" in text
    assert page.locator(".leaflet-popup-content mark").count() >= 1
    _no_errors(opened)


def test_example_screenshot_is_not_blank(example_map: Path, open_map) -> None:
    opened = open_map(example_map)
    png = opened.page.screenshot()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert _distinct_colours(png) > 50
    _no_errors(opened)


def test_incident_markers_are_drawn(example_map: Path, open_map) -> None:
    events = json.loads((example_map.parent / "events.geojson").read_text(encoding="utf-8"))
    expected = sum(
        1 if f["geometry"]["type"] == "Point" else len(f["geometry"]["coordinates"])
        for f in events["features"]
        if f["geometry"] is not None
    )
    opened = open_map(example_map)
    count = opened.page.evaluate(
        f"""() => {{
            const map = {FIND_MAP};
            let n = 0;
            map.eachLayer(l => {{ if ({IS_INCIDENT}) n++; }});
            return n;
        }}"""
    )
    assert count == expected
    assert "Incidents" in opened.page.locator(".leaflet-control-layers").inner_text()
    _no_errors(opened)


def test_control_slider_changes_polygons_and_area(example_map: Path, open_map) -> None:
    opened = open_map(example_map)
    page = opened.page
    slider = page.locator(".geomap-control-slider input[type=range]")
    assert slider.count() == 1
    legend = page.locator(".geomap-control-slider .geomap-control-legend")

    def state():
        return page.evaluate(
            """() => Array.from(document.querySelectorAll('path.leaflet-interactive'))
                .map(p => p.getAttribute('d')).join('|').length"""
        ), legend.inner_text()

    slider.evaluate("el => { el.value = 0; el.dispatchEvent(new Event('input')); }")
    first_paths, first_legend = state()
    last = slider.get_attribute("max")
    slider.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", last)
    last_paths, last_legend = state()
    assert last_legend != first_legend
    assert "km²" in last_legend
    assert last_paths != first_paths
    _no_errors(opened)


# ---------------------------------------------------------------------------
# The real report


def test_real_article_lists_hamdudu_unresolved(real_map: Path, open_map) -> None:
    opened = open_map(real_map)
    page = opened.page
    panel = page.locator(".geomap-unresolved").inner_text()
    assert "Unresolved names" in panel and "Hamdudu" in panel
    assert "Perhaps:" in panel
    assert _place_markers(page).count() == len(_location_places(real_map))
    _no_errors(opened)


# ---------------------------------------------------------------------------
# Hostile input runs nothing and shows literally


def test_hostile_article_and_layer_run_nothing(hostile_map: Path, open_map) -> None:
    opened = open_map(hostile_map)
    page = opened.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".geomap-title").inner_text() == "<b>T</b> {{7*7}} ${7*7}"
    assert page.title() == "<b>T</b> {{7*7}} ${7*7}"
    # The layer file's name shows literally in the layer control and the legend.
    assert HOSTILE_LAYER_NAME in page.locator(".leaflet-control-layers").inner_text()
    assert HOSTILE_LAYER_NAME in page.locator(".geomap-legend").inner_text()
    # The article's markup shows as text in a popup.
    for marker in _place_markers(page).all():
        marker.dispatch_event("click")
        text = page.locator(".leaflet-popup-content").inner_text()
        if "<script>" in text:
            assert "window.__pwned=1</script>" in text
            assert '<img src=x onerror="window.__pwned=1">' in text
            for payload in TEMPLATE_PAYLOADS:
                assert payload in text
            break
    else:
        pytest.fail("no popup shows the article's sentence literally")
    # The layer's values show literally in its popup (built with textContent).
    popup_text = page.evaluate(
        f"""() => {{
            const map = {FIND_MAP};
            const layer = window.__geomapPointLayers["hostile-points.csv"];
            const first = layer.getLayers()[0];
            layer.fire("click", {{layer: first, latlng: first.getLatLng()}});
            return document.querySelector(".geomap-layer-popup").innerText;
        }}"""
    )
    assert "<script>window.__pwned=1</script>" in popup_text
    assert '<img src=x onerror="window.__pwned=1">' in popup_text
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".geomap-legend").inner_text().count("hostile-points.csv") >= 1
    _no_errors(opened)


# ---------------------------------------------------------------------------
# A real, mid-sized point layer


def test_hrw_layer_draws_every_point_on_canvas(hrw_map: Path, open_map) -> None:
    opened = open_map(hrw_map)
    page = opened.page
    name = "damage-sites-hrw.geojson"
    assert page.evaluate(f"window.__geomapPointLayers[{name!r}].getLayers().length") == 3364
    assert page.locator(".leaflet-control-layers").inner_text().count(name) == 1
    legend = page.locator(".geomap-legend").inner_text()
    assert "Air Strike" in legend and "3,364 points" in legend
    # A click on a drawn point (canvas hit-test) opens its popup, the areas of control
    # drawn under it on: only places and incidents, drawn above the points, take clicks
    # first. Pick a point no place or incident covers.
    x, y = page.evaluate(
        f"""() => {{
            const map = {FIND_MAP};
            const points = window.__geomapPointLayers[{name!r}].getLayers();
            for (const point of points.slice(0, 500)) {{
                map.setView(point.getLatLng(), 17, {{animate: false}});
                const p = map.latLngToContainerPoint(point.getLatLng());
                const box = map.getContainer().getBoundingClientRect();
                const x = p.x + box.left, y = p.y + box.top;
                const el = document.elementFromPoint(x, y);
                const above = el.classList.contains("leaflet-interactive")
                    && !el.closest(".leaflet-geomapControl-pane");
                if (map.getContainer().contains(el) && !above) {{ return [x, y]; }}
            }}
            return null;
        }}"""
    )
    page.wait_for_timeout(100)
    page.mouse.click(x, y)
    popup = page.locator(".geomap-layer-popup")
    popup.wait_for(timeout=5000)
    text = popup.inner_text()
    assert name in text and "Cause:" in text
    _no_errors(opened)


# ---------------------------------------------------------------------------
# Self-contained: no request leaves the file


def test_self_contained_map_needs_no_network(tmp_path_factory, gazetteer, browser) -> None:
    path = _make(tmp_path_factory, gazetteer, "offline", self_contained=True)
    context = browser.new_context()
    try:
        page = context.new_page()
        requested: list[str] = []

        def block(route) -> None:
            if route.request.url.startswith(("file://", "data:")):
                route.continue_()
                return
            requested.append(route.request.url)
            route.abort()

        page.route("**/*", block)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.__geomapReady === true", timeout=20_000)
        assert errors == []
        assert requested and all("tile.openstreetmap.org" in u for u in requested), requested
        assert page.locator(".leaflet-control-zoom-fullscreen").count() == 1
        assert _place_markers(page).count() == len(_location_places(path))
    finally:
        context.close()


# ---------------------------------------------------------------------------
# A map that opens on the story: view, slider, scale, panes, notices, labels


STORY_DAYS = (datetime.date(2016, 12, 1), datetime.date(2016, 12, 5), datetime.date(2016, 12, 10))
# A --layer point inside the area of control, away from every place and incident.
LAYER_POINT = (36.28, 37.12)


def _story_incident(day: datetime.date, lat: float, lon: float) -> Incident:
    place = EventPlace("al-Fardos", "csr-aleppo-58", "district", lat, lon, "F", 0, 1)
    return Incident(
        event_id=f"SYR{day.day}",
        event_date=day,
        time_precision=1,
        date_text=None,
        kind="airstrike",
        trigger="struck",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        locations=(place,),
    )


@pytest.fixture(scope="module")
def story_map(tmp_path_factory) -> Path:
    """Aleppo's districts, an area of control on three dates, two incidents, a layer."""
    from shapely.geometry import Polygon

    from geomap.places.gazetteer import Gazetteer
    from geomap.places.geoparse import parse_articles
    from geomap.text.articles import article_from_text
    from geomap.webmap import build_map, save_map
    from geomap.webmap.user_layers import PointLayer

    gazetteer = Gazetteer()
    text = "Regime forces captured the Firdaus and Kallasa districts of Aleppo, Syria."
    report = parse_articles([article_from_text(text, name="story")], gazetteer)
    square = Polygon([(37.1, 36.2), (37.2, 36.2), (37.2, 36.3), (37.1, 36.3)])
    ends = [*STORY_DAYS[1:], None]
    snapshots = [
        Snapshot("rebels", day, end, ("d",), ("D",), 1.0, geometry=square)
        for day, end in zip(STORY_DAYS, ends, strict=True)
    ]
    layer = PointLayer(
        name="sites.csv",
        source="sites.csv",
        fields=["site", "note"],
        points=[(LAYER_POINT[1], LAYER_POINT[0], ("Clinic", None))],
        category=None,
    )
    incidents = [
        _story_incident(STORY_DAYS[0], 36.187, 37.151),
        _story_incident(STORY_DAYS[2], 36.194, 37.149),
    ]
    m = build_map(
        report,
        title="A long title of the story of Aleppo that takes room at the top " * 2,
        layers=[layer],
        gazetteer=gazetteer,
        incidents=incidents,
        snapshots=snapshots,
        opening_date=datetime.date(2016, 12, 7),
    )
    path = tmp_path_factory.mktemp("story") / "map.html"
    save_map(m, path)
    return path


def _incident_count(page) -> int:
    return page.evaluate(
        f"""() => {{
            const map = {FIND_MAP};
            let n = 0;
            map.eachLayer(l => {{ if ({IS_INCIDENT}) n++; }});
            return n;
        }}"""
    )


def test_slider_opens_on_the_date_and_steps_and_plays(story_map: Path, open_map) -> None:
    opened = open_map(story_map)
    page = opened.page
    box = page.locator(".geomap-control-slider")
    date = box.locator(".geomap-control-date")
    assert date.inner_text() == "2016-12-07"  # the articles' date is a stop of its own
    back = box.get_by_role("button", name="Previous date")
    forward = box.get_by_role("button", name="Next date")
    back.click()
    assert date.inner_text() == "2016-12-05"
    back.click()
    assert date.inner_text() == "2016-12-01" and back.is_disabled()
    forward.click()
    forward.click()
    forward.click()
    assert date.inner_text() == "2016-12-10" and forward.is_disabled()
    back.click()
    back.click()
    play = box.get_by_role("button", name="Play")
    play.click()
    assert box.get_by_role("button", name="Pause").count() == 1
    page.wait_for_function(
        "document.querySelector('.geomap-control-date').textContent === '2016-12-10'",
        timeout=10_000,
    )
    page.wait_for_selector(".geomap-control-buttons button[aria-label=Play]", timeout=5000)
    # "Only incidents up to this date": the incident of 2016-12-10 goes before it.
    assert _incident_count(page) == 2
    back.click()
    box.get_by_label("Only incidents up to this date").check()
    assert _incident_count(page) == 1
    forward.click()
    assert _incident_count(page) == 2
    _no_errors(opened)


def test_map_without_snapshots_has_no_slider(tmp_path: Path, open_map) -> None:
    from geomap.places.geoparse import PlaceReport
    from geomap.webmap import build_map, save_map

    path = tmp_path / "map.html"
    incident = _story_incident(STORY_DAYS[0], 36.187, 37.151)
    save_map(build_map(PlaceReport(mentions=()), title="T", incidents=[incident]), path)
    opened = open_map(path)
    assert opened.page.locator(".geomap-control-slider").count() == 0
    assert _incident_count(opened.page) == 1
    _no_errors(opened)


def test_scale_bar_is_metric(story_map: Path, open_map) -> None:
    opened = open_map(story_map)
    lines = opened.page.locator(".leaflet-control-scale-line")
    assert lines.count() == 1  # no miles
    assert re.fullmatch(r"\d+ k?m", lines.inner_text().strip()), lines.inner_text()
    _no_errors(opened)


def test_layer_point_over_an_area_of_control_opens_its_own_popup(story_map: Path, open_map) -> None:
    opened = open_map(story_map)
    page = opened.page

    def screen(lat: float, lon: float) -> tuple[float, float]:
        return page.evaluate(
            f"""() => {{
                const map = {FIND_MAP};
                map.setView([36.275, 37.125], 14, {{animate: false}});
                const p = map.latLngToContainerPoint([{lat}, {lon}]);
                const box = map.getContainer().getBoundingClientRect();
                return [p.x + box.left, p.y + box.top];
            }}"""
        )

    x, y = screen(*LAYER_POINT)
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    assert page.locator(".geomap-layer-popup").count() == 1
    assert page.locator(".geomap-control").count() == 0
    text = popup.inner_text()
    assert "site: Clinic" in text and "note: (empty)" in text  # every field
    # Elsewhere in the area, the area's own popup.
    x, y = screen(LAYER_POINT[0] - 0.01, LAYER_POINT[1] + 0.01)
    page.mouse.click(x, y)
    page.locator(".geomap-control").wait_for(timeout=5000)
    page.locator(".geomap-layer-popup").wait_for(state="detached", timeout=5000)  # faded out
    _no_errors(opened)


def _boxes_intersect(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_tile_notice_does_not_cover_the_title(story_map: Path, open_map) -> None:
    opened = open_map(story_map, viewport=(900, 700))
    page = opened.page
    notice = page.locator(".geomap-tile-notice")
    notice.wait_for(timeout=5000)
    title = page.locator(".geomap-title")
    assert notice.is_visible() and title.is_visible()
    assert not _boxes_intersect(notice.bounding_box(), title.bounding_box())
    _no_errors(opened)


def test_district_labels_do_not_overlap_at_zoom_14(story_map: Path, open_map) -> None:
    opened = open_map(story_map)
    page = opened.page
    boxes = page.evaluate(
        f"""() => {{
            const map = {FIND_MAP};
            map.setView([36.2, 37.16], 14, {{animate: false}});
            return Array.from(document.querySelectorAll(".geomap-district-label"))
                .filter(icon => getComputedStyle(icon).visibility === "visible"
                                && getComputedStyle(icon).display !== "none")
                .map(icon => icon.firstChild.getBoundingClientRect())
                .filter(r => r.width > 0 && r.right > 0 && r.bottom > 0
                             && r.left < innerWidth && r.top < innerHeight)
                .map(r => ({{x: r.x, y: r.y, width: r.width, height: r.height}}));
        }}"""
    )
    assert len(boxes) > 10
    clashes = [
        (a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if _boxes_intersect(a, b)
    ]
    assert clashes == []
    _no_errors(opened)


# ---------------------------------------------------------------------------
# Offline: the default page says why it is empty


def _blocked_page(browser, path: Path):
    context = browser.new_context()
    page = context.new_page()
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file://", "data:"))
            else route.abort()
        ),
    )
    page.goto(path.resolve().as_uri())
    return context, page


def test_offline_default_page_says_it_needs_its_scripts(
    tmp_path_factory, gazetteer, browser
) -> None:
    path = _make(tmp_path_factory, gazetteer, "default-offline")
    context, page = _blocked_page(browser, path)
    try:
        page.wait_for_load_state("load")
        message = page.locator("#geomap-offline")
        assert message.is_visible()
        assert "--self-contained" in message.inner_text()
        assert page.evaluate("typeof L") == "undefined"
    finally:
        context.close()


def test_self_contained_page_hides_the_offline_message(
    tmp_path_factory, gazetteer, browser
) -> None:
    path = _make(tmp_path_factory, gazetteer, "contained-offline", self_contained=True)
    context, page = _blocked_page(browser, path)
    try:
        page.wait_for_function("window.__geomapReady === true", timeout=20_000)
        assert page.locator("#geomap-offline").count() == 1
        assert not page.locator("#geomap-offline").is_visible()
        assert page.locator(".leaflet-container").is_visible()
    finally:
        context.close()
