"""More of the interactive map: big point layers, district labels, legend and tools.

Used by :func:`geomap.webmap.build_map`:

* :func:`add_point_layer`: a ``--layer`` file's points as ONE layer drawn as data: a
  ``folium.GeoJson`` subclass whose JavaScript turns a compact, dictionary-encoded table
  into features, drawn with ``pointToLayer`` → ``L.circleMarker`` on a canvas renderer.
  100,000 points are a few MB of HTML and draw in about a second. The popup is built in
  the browser with ``textContent``: no value from the file is ever parsed as HTML.
* :func:`add_district_labels`: "District labels", a label per district of the cities
  the articles name (gazetteer centroids), also drawn as data with ``textContent``.
* :func:`add_legend`: a categorical legend of what :func:`legend_entry` registered,
  with the sources and licences of tiles, gazetteer and layers.
* :func:`add_tools`: fullscreen button and a measure tool (lengths and areas).
* :func:`add_tile_notice`: says so on the map when tiles cannot load (offline).
* :func:`add_ready_flag`: sets ``window.__geomapReady`` once everything is drawn
  (used by the browser tests and the benchmark).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from geomap.layers import PointLayer

if TYPE_CHECKING:
    import folium

    from geomap.gazetteer import Gazetteer

__all__ = [
    "DISTRICT_LABELS_LAYER",
    "PALETTE",
    "TILE_ATTRIBUTION",
    "add_district_labels",
    "add_legend",
    "add_point_layer",
    "add_ready_flag",
    "add_tile_notice",
    "add_tools",
    "js_json",
    "legend_entry",
]

DISTRICT_LABELS_LAYER = "District labels"
LABELS_MIN_ZOOM = 13  # district labels are hidden when zoomed out further
TILE_ATTRIBUTION = "Map tiles © OpenStreetMap contributors (ODbL)"
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
_LEGEND_ATTR = "_geomap_legend"
_SOURCES_ATTR = "_geomap_sources"


def js_json(data: object) -> str:
    """Compact JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``... so no string can close the
    script or open a comment; U+2028 and U+2029 as escapes, for older parsers.
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
# Legend registry


def legend_entry(m: folium.Map, section: str, label: str, colour: str, shape: str = "circle"):
    """Register a legend line: *label* with a *shape* (circle, square, line) in *colour*.

    Entries are grouped by *section* (usually the layer name), in the order added.
    """
    entries = m.__dict__.setdefault(_LEGEND_ATTR, [])
    entries.append((section, label, colour, shape))


def add_source(m: folium.Map, text: str) -> None:
    """Register a line for the legend's "Sources" part (e.g. a layer file and its licence)."""
    sources = m.__dict__.setdefault(_SOURCES_ATTR, [])
    if text not in sources:
        sources.append(text)


# ---------------------------------------------------------------------------
# Point layers


def _point_layer_class():
    import folium
    from folium.template import Template

    class PointDataLayer(folium.GeoJson):
        """One GeoJson layer of many points, embedded as a compact table."""

        _template = Template(
            """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
    var table = {{ this.table_json }};
    var renderer = L.canvas({padding: 0.5});
    var features = new Array(table.rows.length);
    for (var i = 0; i < table.rows.length; i++) {
        var row = table.rows[i];
        features[i] = {type: "Feature", properties: {row: i},
                       geometry: {type: "Point", coordinates: [row[0], row[1]]}};
    }
    function value(row, k) {
        var index = row[k + 2];
        return index < 0 ? null : table.values[k][index];
    }
    function colour(feature) {
        if (table.category < 0) { return table.colours[0]; }
        var index = table.rows[feature.properties.row][table.category + 2];
        return index < 0 ? table.colours[table.colours.length - 1] : table.colours[index];
    }
    var layer = L.geoJson(null, {
        pointToLayer: function (feature, latlng) {
            var c = colour(feature);
            return L.circleMarker(latlng, {renderer: renderer, radius: {{ this.radius }},
                color: c, weight: 1, opacity: 0.9, fillColor: c, fillOpacity: 0.6});
        }
    });
    layer.addData({type: "FeatureCollection", features: features});
    layer.on("click", function (event) {
        var row = table.rows[event.layer.feature.properties.row];
        var box = document.createElement("div");
        box.className = "geomap-layer-popup";
        var head = document.createElement("b");
        head.textContent = table.name;
        box.appendChild(head);
        for (var k = 0; k < table.fields.length; k++) {
            var v = value(row, k);
            if (v === null) { continue; }
            var line = document.createElement("div");
            line.textContent = table.fields[k] + ": " + v;
            box.appendChild(line);
        }
        L.popup({maxWidth: 360}).setLatLng(event.latlng).setContent(box)
            .openOn({{ this._parent.get_name() }});
    });
    window.__geomapPointLayers = window.__geomapPointLayers || {};
    window.__geomapPointLayers[table.name] = layer;
    return layer;
})();
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
"""
        )

        def __init__(self, layer: PointLayer, colours: list[str], *, radius: float) -> None:
            super().__init__({"type": "FeatureCollection", "features": []}, name=layer.name)
            self._name = "PointDataLayer"
            self.radius = radius
            self._bounds = layer.bounds()
            self.table_json = js_json(_table(layer, colours))

        def _get_self_bounds(self):
            return self._bounds

        def render(self, **kwargs):
            # Skip GeoJson's style mapping: the template does all the work.
            super(folium.GeoJson, self).render(**kwargs)

    return PointDataLayer


def _table(layer: PointLayer, colours: list[str]) -> dict:
    """The layer as a dictionary-encoded table: each row ``[lon, lat, i0, i1...]``."""
    values: list[list[str]] = [[] for _ in layer.fields]
    indexes: list[dict[str, int]] = [{} for _ in layer.fields]
    if layer.category is not None:
        category = layer.fields.index(layer.category)
        for value in layer.categories():
            indexes[category][value] = len(values[category])
            values[category].append(value)
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


def add_point_layer(m: folium.Map, layer: PointLayer, *, radius: float = 4.0) -> None:
    """Add a ``--layer`` file's points as one canvas layer, with its legend and source.

    Points are coloured by the layer's category (see :attr:`PointLayer.category`),
    with up to ``len(PALETTE)`` colours; else all in one colour.
    """
    categories = layer.categories()
    if categories:
        colours = [PALETTE[i % len(PALETTE)] for i in range(len(categories))]
        for value, colour in zip(categories, colours, strict=True):
            legend_entry(m, layer.name, value or "(none)", colour)
    else:
        colours = [_LAYER_COLOUR]
        legend_entry(m, layer.name, f"{len(layer.points):,} points", _LAYER_COLOUR)
    add_source(m, f"Layer {layer.name}: {len(layer.points):,} points from the file {layer.source}")
    _point_layer_class()(layer, colours, radius=radius).add_to(m)


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
                labels[child.id] = (child.name, round(child.lat, 5), round(child.lon, 5))
    return sorted(labels.values())


def add_district_labels(
    m: folium.Map, features: list[dict], gazetteer: Gazetteer, *, show: bool = True
) -> None:
    """Add "District labels": the name of each district of the cities named, at its centroid.

    Labels are drawn as data: one layer, each label's text set with ``textContent``.
    Nothing is added when no named city has districts in the gazetteer.
    """
    import folium
    from folium.template import Template

    labels = district_labels(features, gazetteer)
    if not labels:
        return

    class DistrictLabels(folium.FeatureGroup):
        _template = Template(
            """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
    var group = L.featureGroup();
    var labels = {{ this.labels_json }};
    for (var i = 0; i < labels.length; i++) {
        var span = document.createElement("span");
        span.textContent = labels[i][0];
        L.marker([labels[i][1], labels[i][2]], {
            icon: L.divIcon({className: "geomap-district-label", html: span,
                             iconSize: null}),
            interactive: false, keyboard: false
        }).addTo(group);
    }
    // Labels only where they can be read: from zoom {{ this.min_zoom }} on.
    var map = {{ this._parent.get_name() }};
    function toggle() {
        map.getContainer().classList.toggle("geomap-labels-hidden",
                                            map.getZoom() < {{ this.min_zoom }});
    }
    map.on("zoomend", toggle);
    map.whenReady(toggle);
    return group;
})();
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
"""
        )

        def __init__(self) -> None:
            super().__init__(name=DISTRICT_LABELS_LAYER, show=show)
            self._name = "DistrictLabels"
            self.labels_json = js_json(labels)
            self.min_zoom = LABELS_MIN_ZOOM

    style = (
        "<style>.geomap-district-label span{display:inline-block;transform:translate(-50%,-50%);"
        "white-space:nowrap;font:11px/1.1 system-ui,sans-serif;color:#333;"
        "text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff;pointer-events:none;}"
        ".geomap-labels-hidden .geomap-district-label{display:none;}</style>"
    )
    m.get_root().header.add_child(folium.Element(style), name="geomap_district_label_css")
    DistrictLabels().add_to(m)
    legend_entry(
        m,
        DISTRICT_LABELS_LAYER,
        f"{len(labels)} district names at centroids (zoom in to see)",
        "#333",
        "text",
    )


# ---------------------------------------------------------------------------
# Legend, tools, notices


def add_legend(m: folium.Map) -> None:
    """Add the legend box (bottom right): every registered entry, then the sources.

    The box is written when the map is rendered, so entries registered after this call
    (by layers added later) are in it too.
    """
    from branca.element import MacroElement

    class Legend(MacroElement):
        def __init__(self) -> None:
            super().__init__()
            self._name = "Legend"

        def render(self, **kwargs) -> None:
            import folium

            self.get_root().html.add_child(folium.Element(_legend_html(m)), name="geomap_legend")
            super().render(**kwargs)

    Legend().add_to(m)


def _legend_html(m: folium.Map) -> str:
    from geomap.webmap import DATA_ATTRIBUTION, _esc

    entries = m.__dict__.get(_LEGEND_ATTR, [])
    sections: dict[str, list[tuple[str, str, str]]] = {}
    for section, label, colour, shape in entries:
        sections.setdefault(section, []).append((label, colour, shape))
    parts = [
        "<div class='geomap-legend' style='position: fixed; z-index: 1000; right: 10px; "
        "bottom: 24px; max-width: 300px; max-height: 50%; overflow-y: auto; "
        "background: rgba(255, 255, 255, 0.94); border: 1px solid #888; border-radius: 4px; "
        "padding: 6px 10px; font: 12px/1.35 system-ui, sans-serif; "
        "box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3);'>",
        "<div style='font-weight: 600;'>Legend</div>",
    ]
    for section, items in sections.items():
        parts.append(
            f"<div class='geomap-legend-section' style='margin-top: 4px;'><i>{_esc(section)}</i>"
        )
        for label, colour, shape in items:
            parts.append(
                f"<div class='geomap-legend-item'>{_swatch(colour, shape)} {_esc(label)}</div>"
            )
        parts.append("</div>")
    sources = [TILE_ATTRIBUTION, DATA_ATTRIBUTION, *m.__dict__.get(_SOURCES_ATTR, [])]
    parts.append(
        "<div class='geomap-sources' style='color: #555; font-size: 11px; "
        "border-top: 1px solid #ccc; margin-top: 6px; padding-top: 4px;'><b>Sources</b>"
        + "".join(f"<div>{_esc(s)}</div>" for s in sources)
        + "</div></div>"
    )
    return "".join(parts)


def _swatch(colour: str, shape: str) -> str:
    from geomap.webmap import _esc

    colour = _esc(colour)
    if shape == "text":
        return f"<span style='font-weight: 600; color: {colour};'>Aa</span>"
    if shape == "line":
        return (
            f"<span style='display: inline-block; width: 14px; height: 0; "
            f"border-top: 3px solid {colour}; vertical-align: middle;'></span>"
        )
    radius = "50%" if shape == "circle" else "2px"
    return (
        f"<span style='display: inline-block; width: 10px; height: 10px; "
        f"border-radius: {radius}; background: {colour}; opacity: 0.8; "
        f"border: 1px solid {colour}; vertical-align: middle;'></span>"
    )


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


def add_ready_flag(m: folium.Map) -> None:
    """Set ``window.__geomapReady = true`` after the map and its layers are first drawn.

    Add it last: scripts run in the order elements were added, and canvas layers draw on
    the next animation frame, so two frames after the map is ready everything is drawn.
    """
    from branca.element import MacroElement
    from folium.template import Template

    class ReadyFlag(MacroElement):
        _template = Template(
            """
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.whenReady(function () {
    requestAnimationFrame(function () {
        requestAnimationFrame(function () { window.__geomapReady = true; });
    });
});
{% endmacro %}
"""
        )

        def __init__(self) -> None:
            super().__init__()
            self._name = "ReadyFlag"

    ReadyFlag().add_to(m)
