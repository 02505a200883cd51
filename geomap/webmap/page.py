"""The parts of the interactive map that are not about one kind of record.

Used by :func:`geomap.webmap.build_map`:

* :func:`map_script`: the one element that puts geomap's data on the page. Its
  JavaScript (``geomap/webmap/_static/map.js``) and the JSON document of
  :func:`geomap.webmap.map_data` go into the page as literal text that no template
  engine reads (see :func:`literal`): branca compiles the output of every folium
  element again as a Jinja2 template, so data given to folium, even through ``tojson``,
  would be evaluated as template code.
* :func:`point_layer`: a ``--layer`` file's points as ONE layer drawn as data: a
  compact, dictionary-encoded table turned into ``L.circleMarker`` on a canvas renderer
  in the browser. 100,000 points are a few MB of HTML and draw in about a second.
* :func:`district_labels_layer`: "District labels", a label per district of the cities
  the articles name (gazetteer centroids).
* :func:`add_tools`: fullscreen button and a measure tool (lengths and areas).
* :func:`add_tile_notice`: says so on the map when tiles cannot load (offline).
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from geomap import settings
from geomap.output.geojson import MAP_POINT_DECIMALS, round_coordinate
from geomap.webmap.user_layers import PointLayer

if TYPE_CHECKING:
    import folium

    from geomap.places.gazetteer import Gazetteer

__all__ = [
    "DISTRICT_LABELS_LAYER",
    "GENERATOR_META",
    "PALETTE",
    "TILE_ATTRIBUTION",
    "add_tile_notice",
    "add_tools",
    "district_labels",
    "district_labels_layer",
    "js_json",
    "literal",
    "map_script",
    "point_layer",
]

DISTRICT_LABELS_LAYER = "District labels"
LABELS_MIN_ZOOM = 13  # district labels are hidden when zoomed out further
TILE_ATTRIBUTION = "Map tiles © OpenStreetMap contributors (ODbL)"
# First in the head of every map geomap writes: ``geomap open`` opens only pages that
# carry it near their start (see settings.MAP_GENERATOR_MARK).
GENERATOR_META = settings.MAP_GENERATOR_MARK
# The Leaflet plugin that draws incident markers (L.regularPolygonMarker); the same
# address folium uses, so offline.inline_assets has a local copy.
LEAFLET_DVF_URL = (
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet-dvf/0.3.0/leaflet-dvf.markers.min.js"
)
# Colour-blind-friendly categorical colours (Okabe-Ito, then Tableau), one per category.
PALETTE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#000000",
    "#8c564b",
    "#7f7f7f",
)
_LAYER_COLOUR = "#6a3d9a"  # a layer without categories


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
    from folium.elements import JSCSSMixin

    class MapScript(JSCSSMixin, MacroElement):
        """Everything geomap draws, from one JSON document, by ``geomap/webmap/_static/map.js``.

        Add it after the map's tiles: its script runs after theirs. Its names (the map's
        and the tiles' variables) are taken at render time, after
        :func:`geomap.webmap.stabilise_ids`.
        """

        def __init__(self, data: dict, tiles: folium.TileLayer | None) -> None:
            super().__init__()
            self._name = "MapScript"
            self.default_js = [("leaflet-dvf", LEAFLET_DVF_URL)]  # read by JSCSSMixin.render
            self.data_json = js_json(data)
            self.tiles = tiles

        # branca annotates Element.render as returning str, yet MacroElement.render,
        # which this extends, returns None; so does this.
        def render(self, **kwargs) -> None:  # type: ignore[override]
            super().render(**kwargs)  # the plugin's <script src> into the header
            figure, parent = self.get_root(), self._parent
            # super().render has refused an element outside a Figure: this only narrows.
            assert isinstance(figure, Figure) and parent is not None
            figure.header.add_child(literal(GENERATOR_META), name="geomap_generator", index=0)
            figure.header.add_child(
                literal(f"<style>{_static('map.css')}</style>"), name="geomap_css"
            )
            tiles = self.tiles.get_name() if self.tiles is not None else "null"
            call = f"geomapBuildMap({parent.get_name()}, {tiles}, {self.data_json});"
            figure.script.add_child(literal(_static("map.js") + call), name=self.get_name())

    return MapScript


def map_script(data: dict, tiles: folium.TileLayer | None):
    """The element drawing *data* (:func:`geomap.webmap.map_data`) over *tiles*."""
    return _map_script_class()(data, tiles)


# ---------------------------------------------------------------------------
# Point layers


def point_layer(layer: PointLayer, *, radius: float = 4.0) -> tuple[dict, list[dict], str]:
    """A ``--layer`` file's points as one canvas layer: its spec, legend entries and source.

    Points are coloured by the layer's category (see :attr:`PointLayer.category`),
    with up to ``len(PALETTE)`` colours; else all in one colour.

    Returns
    -------
    tuple
        The layer's entry for the map data (kind ``points``), its legend entries
        (``{"label", "colour", "shape"}``) and its line for the sources.
    """
    categories = layer.categories()
    if categories:
        colours = [PALETTE[i % len(PALETTE)] for i in range(len(categories))]
        legend = [
            {"label": value or "(none)", "colour": colour, "shape": "circle"}
            for value, colour in zip(categories, colours, strict=True)
        ]
    else:
        colours = [_LAYER_COLOUR]
        legend = [
            {"label": f"{len(layer.points):,} points", "colour": _LAYER_COLOUR, "shape": "circle"}
        ]
    spec = {
        "kind": "points",
        "name": layer.name,
        "show": True,
        "radius": radius,
        "table": _table(layer, colours),
    }
    source = f"Layer {layer.name}: {len(layer.points):,} points from the file {layer.source}"
    return spec, legend, source


def _table(layer: PointLayer, colours: list[str]) -> dict:
    """The layer as a dictionary-encoded table: each row ``[lon, lat, i0, i1...]``."""
    values: list[list[str]] = [[] for _ in layer.fields]
    indexes: list[dict[str, int]] = [{} for _ in layer.fields]
    if layer.category is not None:
        category = layer.fields.index(layer.category)
        for category_value in layer.categories():
            indexes[category][category_value] = len(values[category])
            values[category].append(category_value)
    rows = []
    for lon, lat, props in layer.points:
        row: list[float | int] = [lon, lat]
        for k, value in enumerate(props):
            if value is None:
                row.append(-1)
                continue
            index = indexes[k].get(value)
            if index is None:
                index = indexes[k][value] = len(values[k])
                values[k].append(value)
            row.append(index)
        rows.append(row)
    return {
        "name": layer.name,
        "fields": layer.fields,
        "category": layer.fields.index(layer.category) if layer.category else -1,
        "colours": colours,
        "values": values,
        "rows": rows,
    }


# ---------------------------------------------------------------------------
# District labels


def district_labels(features: list[dict], gazetteer: Gazetteer) -> list[tuple[str, float, float]]:
    """``(name, lat, lon)`` of every district of the cities the articles name, by name."""
    labels = {}
    for feature in features:
        props = feature["properties"]
        if feature["geometry"] is None or props["kind"] != "city":
            continue
        city = gazetteer.get(props["place_id"])
        if city is None:
            continue
        for child in gazetteer.children(city):
            if child.kind == "district":
                labels[child.id] = (
                    child.name,
                    round_coordinate(child.lat, MAP_POINT_DECIMALS),
                    round_coordinate(child.lon, MAP_POINT_DECIMALS),
                )
    return sorted(labels.values())


def district_labels_layer(features: list[dict], gazetteer: Gazetteer) -> dict | None:
    """ "District labels": the name of each district of the cities named, at its centroid.

    Returns the layer's entry for the map data (kind ``labels``), or None when no named
    city has districts in the gazetteer.
    """
    labels = district_labels(features, gazetteer)
    if not labels:
        return None
    return {
        "kind": "labels",
        "name": DISTRICT_LABELS_LAYER,
        "show": True,
        "minZoom": LABELS_MIN_ZOOM,
        "labels": labels,
        "legend": f"{len(labels)} district names at centroids (zoom in to see)",
    }


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
        box.style.cssText = "position:fixed;z-index:1001;top:52px;left:50%;"
            + "transform:translateX(-50%);background:#fff3cd;border:1px solid #c9a227;"
            + "border-radius:4px;padding:4px 10px;font:12px system-ui,sans-serif;";
        document.body.appendChild(box);
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
