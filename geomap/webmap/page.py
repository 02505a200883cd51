"""The folium elements of the interactive map: geomap's own code, never outside text.

Used by :func:`geomap.webmap.build_map`:

* :func:`map_script`: the one element that puts geomap's data on the page. Its
  JavaScript (``geomap/webmap/_static/map.js``) and the JSON document of
  :func:`geomap.webmap.data.map_data` go into the page as literal text that no template
  engine reads (see :func:`literal`): branca compiles the output of every folium
  element again as a Jinja2 template, so data given to folium, even through ``tojson``,
  would be evaluated as template code.
* :func:`fit_view`: the initial view, fitted to the points that matter.
* :func:`add_tools`: fullscreen button and a measure tool (lengths and areas).
* :func:`add_tile_notice`: says so on the map when tiles cannot load (offline), below
  the title.
* :data:`OFFLINE_MESSAGE`: says why the page is empty when its scripts cannot load.

folium and branca are imported inside the functions: importing this module is cheap.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from geomap import settings

if TYPE_CHECKING:
    import folium

    from geomap.webmap.data import View

__all__ = [
    "GENERATOR_META",
    "OFFLINE_MESSAGE",
    "add_tile_notice",
    "add_tools",
    "fit_view",
    "js_json",
    "literal",
    "map_script",
]

# First in the head of every map geomap writes: ``geomap open`` opens only pages that
# carry it near their start (see settings.MAP_GENERATOR_MARK).
GENERATOR_META = settings.MAP_GENERATOR_MARK
# Plain HTML at the top of the page's body, geomap's own words: a page whose scripts
# cannot load (offline, from the CDNs) says why it is empty; map.js hides it once it
# runs, so a map that draws never shows it.
OFFLINE_MESSAGE = (
    '<div id="geomap-offline" class="geomap-offline" role="alert">'
    "This map needs its scripts from the internet (Leaflet and its plugins, loaded from "
    "public CDNs), and they could not be loaded. Rebuild it with "
    "<code>--self-contained</code> to open it offline.</div>"
)


def js_json(data: object) -> str:
    """Compact JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``... so no string can close the
    script or open a comment; U+2028 and U+2029 as escapes, for older parsers.

    Raises
    ------
    ValueError
        If *data* holds NaN or an infinity (not JSON).
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# ---------------------------------------------------------------------------
# The data on the page


@cache
def _static(name: str) -> str:
    return (files("geomap.webmap") / "_static" / name).read_text(encoding="utf-8")


def _literal_class():
    from branca.element import Element

    class Literal(Element):
        """Text that goes into the page exactly as given: never compiled as a template.

        branca renders a figure's header, body and script parts by calling each child's
        ``render`` and inserting the result as a value, so what this returns is not
        read by Jinja2 again (unlike the output of a ``MacroElement``).
        """

        def __init__(self, text: str) -> None:
            super().__init__()
            self._name = "Literal"
            self.text = text

        def render(self, **kwargs) -> str:
            return self.text

    return Literal


def literal(text: str):
    """A :mod:`branca` element rendering *text* literally (see ``Literal``'s docstring).

    The classes here are made on first use so that importing this module does not load
    folium.
    """
    return _literal_class()(text)


def _map_script_class():
    from branca.element import Figure, MacroElement

    class MapScript(MacroElement):
        """Everything geomap draws, from one JSON document, by ``geomap/webmap/_static/map.js``.

        Add it after the map's tiles: its script runs after theirs. Its names (the map's
        and the tiles' variables) are taken at render time, after
        :func:`geomap.webmap.stabilise_ids`.
        """

        def __init__(self, data: dict, tiles: folium.TileLayer | None) -> None:
            super().__init__()
            self._name = "MapScript"
            self.data_json = js_json(data)
            self.tiles = tiles

        # branca annotates Element.render as returning str, yet MacroElement.render,
        # which this extends, returns None; so does this.
        def render(self, **kwargs) -> None:  # type: ignore[override]
            super().render(**kwargs)
            figure, parent = self.get_root(), self._parent
            # super().render has refused an element outside a Figure: this only narrows.
            assert isinstance(figure, Figure) and parent is not None
            figure.header.add_child(literal(GENERATOR_META), name="geomap_generator", index=0)
            figure.header.add_child(
                literal(f"<style>{_static('map.css')}</style>"), name="geomap_css"
            )
            figure.html.add_child(literal(OFFLINE_MESSAGE), name="geomap_offline", index=0)
            tiles = self.tiles.get_name() if self.tiles is not None else "null"
            call = f"geomapBuildMap({parent.get_name()}, {tiles}, {self.data_json});"
            figure.script.add_child(literal(_static("map.js") + call), name=self.get_name())

    return MapScript


def map_script(data: dict, tiles: folium.TileLayer | None):
    """The element drawing *data* (:func:`geomap.webmap.data.map_data`) over *tiles*."""
    return _map_script_class()(data, tiles)


def fit_view(m: folium.Map, view: View) -> None:
    """Centre *m* on the points of *view* and fit it to them; no points: no change.

    The map zooms in no further than ``view.max_zoom`` (a single point opens at that
    zoom). See :func:`geomap.webmap.data.view_points` for which points count.
    """
    if not view.points:
        return
    lats = [p[0] for p in view.points]
    lons = [p[1] for p in view.points]
    m.location = [(min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2]
    m.fit_bounds(
        [[min(lats), min(lons)], [max(lats), max(lons)]],
        padding=(30, 30),
        max_zoom=view.max_zoom,
    )


# ---------------------------------------------------------------------------
# Tools, notices


def add_tools(m: folium.Map) -> None:
    """Add a fullscreen button and a measure tool (km and km²)."""
    from folium.plugins import Fullscreen, MeasureControl

    Fullscreen(position="topleft", title="Full screen", title_cancel="Exit full screen").add_to(m)
    MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="meters",
        primary_area_unit="sqkilometers",
        secondary_area_unit="hectares",
        units={"sqkilometers": {"factor": 1e-6, "display": "km²", "decimals": 3}},
    ).add_to(m)


def add_tile_notice(m: folium.Map) -> None:
    """Show a notice on the map when its tiles cannot load (no network)."""
    import folium
    from branca.element import MacroElement
    from folium.template import Template

    tiles = [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    if not tiles:
        return

    class TileNotice(MacroElement):
        _template = Template(
            """
{% macro script(this, kwargs) %}
(function () {
    var shown = false;
    function notice() {
        if (shown) { return; }
        shown = true;
        var box = document.createElement("div");
        box.className = "geomap-tile-notice";
        box.setAttribute("role", "status");
        box.textContent = "Map tiles could not be loaded (no network?): "
            + "the background map is missing, the data layers are all drawn.";
        box.style.cssText = "background:#fff3cd;border:1px solid #c9a227;"
            + "border-radius:4px;padding:4px 10px;font:12px system-ui,sans-serif;";
        // Below the title, in its column (map.js's .geomap-top): never over it.
        var column = document.querySelector(".geomap-top");
        if (column) {
            column.appendChild(box);
        } else {
            box.style.cssText += "position:fixed;z-index:1001;bottom:24px;left:50%;"
                + "transform:translateX(-50%);";
            document.body.appendChild(box);
        }
    }
    {% for tile in this.tiles %}{{ tile.get_name() }}.on("tileerror", notice);
    {% endfor %}
})();
{% endmacro %}
"""
        )

        def __init__(self) -> None:
            super().__init__()
            self._name = "TileNotice"
            self.tiles = tiles  # named when rendered: stabilise_ids renames them

    TileNotice().add_to(m)
