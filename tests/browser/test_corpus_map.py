"""A map of many incidents in a real browser: one canvas layer, clusters, popups on click.

The maps are written by :func:`geomap.webmap.save_map` from generated incidents (no
article needed) and opened offline as in ``test_map_in_browser.py`` (``conftest.py``).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from geomap.model import EventPlace, Incident, Report
from geomap.places.geoparse import PlaceReport
from geomap.webmap import build_map, save_map
from geomap.webmap.data import INCIDENT_CLUSTER_MIN

pytestmark = pytest.mark.browser

HOSTILE_QUOTE = '</script><img src=x onerror="window.__pwned=1"> {{7*7}} shelling'
FIND_MAP = "Object.keys(window).map(k => window[k]).find(v => v instanceof L.Map)"
# The zoom from which map.js shows every incident marker (its CLUSTER_MAX_ZOOM).
CLUSTER_MAX_ZOOM = 16
# The incidents' places: a grid of 20 x 15 points about 50 m apart over east Aleppo.
# Incident n is at place n % PLACES: a corpus names the same places again and again
# (and the opening view's dense_cluster compares every pair of distinct places).
PLACES = 300


def _place(index: int) -> tuple[float, float]:
    return 36.17 + (index % 20) * 0.0005, 37.13 + (index // 20) * 0.0005


def _incidents(count: int) -> list[Incident]:
    """*count* incidents at the grid's places in turn, quotes numbered."""
    incidents = []
    for n in range(count):
        lat, lon = _place(n % PLACES)
        place = EventPlace(f"Site {n}", None, "district", lat, lon, f"Site {n}", 0, 4)
        quote = f"{HOSTILE_QUOTE} number {n}."
        report = Report(f"article-{n}", "Reuters", None, quote, 0, len(quote), False, None)
        incidents.append(
            Incident(
                event_id=f"SYR{n}",
                event_date=datetime.date(2016, 12, 1),
                time_precision=1,
                date_text=None,
                kind="shelling",
                trigger="shelled",
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
                locations=(place,),
                fatalities_best=n % 7 + 1,
                fatalities_text=str(n % 7 + 1),
                reports=(report,),
            )
        )
    return incidents


def _write(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "map.html"
    save_map(build_map(PlaceReport(mentions=()), title="Corpus", incidents=_incidents(count)), path)
    return path


def _drawn(page) -> dict:
    return page.evaluate(
        """() => ({
            diamonds: window.__geomapIncidents.diamonds.getLayers().length,
            clusters: window.__geomapIncidents.clusters.getLayers().length,
            shownClusters: document.querySelectorAll('.geomap-cluster').length,
        })"""
    )


def _screen_point(page, place: int, zoom: int | None = None) -> list[float]:
    """Where the grid's *place* is on the page, after centring it at *zoom* if given."""
    return page.evaluate(
        f"""([lat, lon, zoom]) => {{
            const map = {FIND_MAP};
            if (zoom !== null) {{ map.setView([lat, lon], zoom, {{animate: false}}); }}
            const p = map.latLngToContainerPoint([lat, lon]);
            const box = map.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }}""",
        [*_place(place), zoom],
    )


def _click_place(page, place: int) -> None:
    """Zoom to the grid's *place* (every marker shows there) and click its diamond."""
    point = _screen_point(page, place, CLUSTER_MAX_ZOOM)
    # Two frames: the canvas redraws after the move.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.mouse.click(point[0], point[1])


def test_many_incidents_open_as_clusters_and_a_click_shows_the_popup(
    tmp_path: Path, open_map
) -> None:
    count = INCIDENT_CLUSTER_MIN + 500
    opened = open_map(_write(tmp_path, count))
    page = opened.page
    drawn = _drawn(page)
    # The cluster view: circles with counts, a few markers alone in their cell at most.
    assert drawn["clusters"] > 0 and drawn["shownClusters"] == drawn["clusters"]
    assert drawn["diamonds"] < count // 10
    counts = page.evaluate(
        "() => [...document.querySelectorAll('.geomap-cluster')].map(e => +e.textContent)"
    )
    assert sum(counts) + drawn["diamonds"] <= count and max(counts) > 1
    # A click on a cluster zooms in to its markers.
    zoom = page.evaluate(
        f"""() => {{
            const map = {FIND_MAP};
            window.__zoomed = false;
            map.once("zoomend", () => {{ window.__zoomed = true; }});
            return map.getZoom();
        }}"""
    )
    page.locator(".geomap-cluster").first.click()
    page.wait_for_function("window.__zoomed === true", timeout=5000)
    assert page.evaluate(f"() => {FIND_MAP}.getZoom()") > zoom
    # Close in, every marker shows, and a click on one opens its popup, its text as
    # text: the topmost of the place's incidents, the last drawn.
    _click_place(page, 123)
    top = max(n for n in range(count) if n % PLACES == 123)
    popup = page.locator(".leaflet-popup-content .geomap-incident")
    popup.wait_for(timeout=5000)
    text = popup.inner_text()
    assert f"{HOSTILE_QUOTE} number {top}." in text
    assert "Killed:" in text and f"article-{top}" in text
    # The place's other incidents, drawn under it, one button away.
    here = sum(1 for n in range(count) if n % PLACES == 123)
    stack = page.locator(".leaflet-popup-content .geomap-stack")
    assert f"Incident 1 of {here} here" in stack.inner_text()
    stack.get_by_role("button", name="Next incident here").click()
    assert f"Incident 2 of {here} here" in stack.inner_text()
    assert f"number {top - PLACES}." in popup.inner_text()
    assert page.locator(".leaflet-popup-content img").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert _drawn(page)["clusters"] == 0
    assert opened.errors == []


def test_few_incidents_show_every_marker_with_a_tooltip(tmp_path: Path, open_map) -> None:
    opened = open_map(_write(tmp_path, 120))
    page = opened.page
    assert _drawn(page) == {"diamonds": 120, "clusters": 0, "shownClusters": 0}
    _click_place(page, 7)
    popup = page.locator(".leaflet-popup-content .geomap-incident")
    popup.wait_for(timeout=5000)
    assert f"{HOSTILE_QUOTE} number 7." in popup.inner_text()
    # Hovering a marker shows its tooltip (the type and date).
    page.keyboard.press("Escape")
    page.mouse.move(*_screen_point(page, 8))
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=5000)
    assert tooltip.inner_text() == "Shelling/artillery/missile attack (2016-12-01)"
    assert opened.errors == []
