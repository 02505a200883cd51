"""The interactive HTML map (Leaflet, through folium).

:func:`build_map` assembles a map from small functions, one per layer or panel, each
adding to a :class:`folium.Map`, so later layers (incidents, areas of control...) can
be added the same way:

* :func:`add_base_tiles`: OpenStreetMap tiles, with their attribution;
* :func:`add_places_layer`: "Places mentioned", a circle per place named as a location;
* :func:`add_actors_layer`: "Actors named (countries)", off by default;
* :func:`add_title_box` and :func:`add_unresolved_panel`: fixed HTML boxes, the panel
  listing the names the gazetteer lacks and the data sources' attributions;
* :func:`fit_to_places`: the initial view.

The map reads the same data as ``places.geojson`` (:func:`geomap.export.places_geojson`).
Every piece of text from an article or the gazetteer reaches the HTML through
:func:`_esc`. :func:`stabilise_ids` replaces folium's random element ids with ids
numbered in tree order, so the same input always gives the same ``map.html`` bytes.

folium is imported inside the functions: importing this module is cheap.
"""

from __future__ import annotations

import html
import math
import os
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from geomap.export import atomic_write_text, places_geojson
from geomap.geoparse import PlaceReport

if TYPE_CHECKING:
    import folium
    from branca.element import Element

    from geomap.gazetteer import Gazetteer
    from geomap.layers import PointLayer

__all__ = [
    "DATA_ATTRIBUTION",
    "add_actors_layer",
    "add_base_tiles",
    "add_control_layer",
    "add_incidents_layer",
    "add_places_layer",
    "add_title_box",
    "add_unresolved_panel",
    "build_map",
    "fit_to_places",
    "save_map",
    "stabilise_ids",
]

PLACES_LAYER = "Places mentioned"
ACTORS_LAYER = "Actors named (countries)"
# Shown in the panel footer: where the gazetteer's places come from (see NOTICE.md).
DATA_ATTRIBUTION = (
    "Places: GeoNames (CC BY 4.0); Aleppo neighbourhoods: Columbia Center for Spatial "
    "Research, Conflict Urbanism: Aleppo (MIT); country points: Natural Earth (public domain)."
)
_PLACE_COLOUR = "#c0392b"
_ACTOR_COLOUR = "#2c3e50"
_MAX_ZOOM_ON_FIT = 14
_BOX_STYLE = (
    "position: fixed; z-index: 1000; background: rgba(255, 255, 255, 0.94); "
    "border: 1px solid #888; border-radius: 4px; padding: 6px 10px; "
    "font: 13px/1.35 system-ui, sans-serif; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3);"
)


def _esc(text: object) -> str:
    """Escape text for HTML, and for the JavaScript template literals folium puts it in.

    ``html.escape`` turns ``< > & " '`` into entities; the backtick, ``$`` and the
    backslash become entities too, since folium embeds popup and tooltip HTML in
    JavaScript template literals (`` `...${...}...` ``).
    """
    escaped = html.escape(str(text), quote=True)
    return escaped.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


# ---------------------------------------------------------------------------
# Building and saving


def build_map(
    report: PlaceReport,
    *,
    title: str,
    layers: Sequence[PointLayer] = (),
    gazetteer: Gazetteer | None = None,
    events: Sequence[dict] = (),
    control: Sequence[dict] = (),
) -> folium.Map:
    """Build the interactive map of the places in *report*.

    Parameters
    ----------
    report
        The geoparser's report (see :func:`geomap.geoparse.parse_articles`).
    title
        Shown in a box over the map and as the page title.
    layers
        Extra point layers (``--layer`` files, see :func:`geomap.layers.read_point_layer`),
        each drawn as one canvas layer (see :mod:`geomap.mapparts`).
    gazetteer
        If given, the districts of the cities named get a "District labels" layer.
    events
        Features of ``events.geojson``: an "Incidents" layer (:func:`add_incidents_layer`).
    control
        Features of ``control.geojson``: areas of control on a time slider
        (:func:`add_control_layer`).

    Returns
    -------
    folium.Map
        The map, with stable element ids (see :func:`stabilise_ids`).
    """
    import folium

    features = places_geojson(report)["features"]
    from geomap import mapparts

    # SVG by default (folium.RegularPolygonMarker needs it); big layers have a canvas.
    m = folium.Map(location=[20.0, 0.0], zoom_start=2, tiles=None, control_scale=True)
    mapparts.legend_entry(m, PLACES_LAYER, "named as a location (size: mentions)", _PLACE_COLOUR)
    mapparts.legend_entry(m, ACTORS_LAYER, "named only as an actor", _ACTOR_COLOUR)
    add_base_tiles(m)
    mapparts.add_tile_notice(m)
    if gazetteer is not None:
        mapparts.add_district_labels(m, features, gazetteer)
    for layer in layers:
        mapparts.add_point_layer(m, layer)
    # Areas under markers: added first, drawn first.
    if control:
        add_control_layer(m, list(control))
    add_places_layer(m, features)
    add_actors_layer(m, features)
    if events:
        add_incidents_layer(m, list(events))
    add_title_box(m, title)
    add_unresolved_panel(m, features)
    mapparts.add_tools(m)
    folium.LayerControl(collapsed=False).add_to(m)
    fit_to_places(m, features, layers)
    mapparts.add_legend(m)
    mapparts.add_ready_flag(m)
    stabilise_ids(m)
    return m


def save_map(m: folium.Map, path: str | os.PathLike[str], *, self_contained: bool = False) -> None:
    """Render *m* to a standalone HTML file, written atomically.

    Parameters
    ----------
    m
        The map (see :func:`build_map`).
    path
        The file to write (conventionally ``map.html``).

    Raises
    ------
    OutputError
        If the file cannot be written.
    """
    atomic_write_text(path, render_map(m, self_contained=self_contained))


def render_map(m: folium.Map, *, self_contained: bool = False) -> str:
    """Return the map as a standalone HTML page.

    With *self_contained*, every script and stylesheet is inlined from geomap's local
    copies (see :mod:`geomap.offline`): the page opens with no network, tiles aside.
    """
    html_text = m.get_root().render()
    if self_contained:
        from geomap.offline import inline_assets

        html_text = inline_assets(html_text)
    return html_text


def stabilise_ids(m: folium.Map) -> None:
    """Replace folium's random element ids by ``0001``, ``0002``... in tree order.

    folium names every element (and so its JavaScript variable) after a random id.
    This walks the whole element tree from the map's root figure, including the
    ``header``/``html``/``script`` parts of figures and popups, and renumbers it; the
    keys of each element's children that were the old names are renamed too, as
    folium uses some of them as variable names. Call it after the last element is
    added and before rendering.

    Parameters
    ----------
    m
        The map; changed in place.
    """
    counter = iter(range(1, 1_000_000))
    _renumber(m.get_root(), counter)


def _renumber(element: Element, counter: Iterator[int]) -> None:
    """Give *element* and everything below it the next ids of *counter*."""
    from branca.element import Element

    element._id = f"{next(counter):04d}"
    for part in ("header", "html", "script"):
        sub = getattr(element, part, None)
        if isinstance(sub, Element):
            _renumber(sub, counter)
    children: OrderedDict[str, Element] = OrderedDict()
    for key, child in element._children.items():
        old_name = child.get_name()
        _renumber(child, counter)
        children[child.get_name() if key == old_name else key] = child
    element._children = children


# ---------------------------------------------------------------------------
# Layers


def add_base_tiles(m: folium.Map) -> None:
    """Add OpenStreetMap tiles (with the OpenStreetMap attribution) as the base layer."""
    import folium

    folium.TileLayer("OpenStreetMap", name="OpenStreetMap", control=True).add_to(m)


def add_places_layer(m: folium.Map, features: list[dict]) -> None:
    """Add "Places mentioned": a circle per resolved place named as a location.

    Parameters
    ----------
    m
        The map.
    features
        The features of :func:`geomap.export.places_geojson`; resolved places whose
        ``role`` is ``location`` are drawn, sized by mention count.
    """
    import folium

    group = folium.FeatureGroup(name=PLACES_LAYER, show=True)
    for feature in _located(features, "location"):
        _circle(feature, _PLACE_COLOUR).add_to(group)
    group.add_to(m)


def add_actors_layer(m: folium.Map, features: list[dict]) -> None:
    """Add "Actors named (countries)": places only ever named as actors, hidden at first.

    Parameters
    ----------
    m
        The map.
    features
        The features of :func:`geomap.export.places_geojson`; resolved places whose
        ``role`` is ``actor`` are drawn.
    """
    import folium

    group = folium.FeatureGroup(name=ACTORS_LAYER, show=False)
    for feature in _located(features, "actor"):
        _circle(feature, _ACTOR_COLOUR).add_to(group)
    group.add_to(m)


def fit_to_places(m: folium.Map, features: list[dict], layers: Sequence[PointLayer] = ()) -> None:
    """Fit the initial view to the location places and the point layers' bounds.

    Of the location places, only those of the smallest kinds named count (districts
    and regions, else cities and provinces, else all). Without location places, all
    places (actors) count; with nothing, the world shows.
    """
    located = _located(features, "location")
    # A report about districts names its country too; fitting to the country's
    # point would open the map at country scale. Fit to the smallest kind named.
    for kinds in (("district", "region"), ("city", "admin1")):
        local = [f for f in located if f["properties"].get("kind") in kinds]
        if local:
            located = local
            break
    points = [_lat_lon(f) for f in located]
    points = points or [_lat_lon(f) for f in _located(features, None)]
    for layer in layers:
        points.extend(tuple(corner) for corner in layer.bounds())
    if not points:
        return
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    m.location = [(min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2]
    m.fit_bounds(
        [[min(lats), min(lons)], [max(lats), max(lons)]],
        padding=(30, 30),
        max_zoom=_MAX_ZOOM_ON_FIT,
    )


def _located(features: list[dict], role: str | None) -> list[dict]:
    return [
        f
        for f in features
        if f["geometry"] is not None and (role is None or f["properties"]["role"] == role)
    ]


def _lat_lon(feature: dict) -> tuple[float, float]:
    lon, lat = feature["geometry"]["coordinates"]
    return lat, lon


def _circle(feature: dict, colour: str) -> folium.CircleMarker:
    import folium

    props = feature["properties"]
    return folium.CircleMarker(
        location=list(_lat_lon(feature)),
        radius=_radius(props["mention_count"]),
        color=colour,
        weight=2,
        fill=True,
        fill_color=colour,
        fill_opacity=0.45,
        tooltip=folium.Tooltip(_esc(props["name"])),
        popup=folium.Popup(_popup_html(props), max_width=420),
    )


def _radius(mention_count: int) -> float:
    """Circle radius in pixels: grows with the square root of the mention count."""
    return round(min(6.0 + 3.0 * math.sqrt(max(mention_count, 1)), 24.0), 1)


# ---------------------------------------------------------------------------
# Popup HTML


def _popup_html(props: dict) -> str:
    """The popup of a place: its name, kind, match, and every sentence naming it."""
    match = f"{props['method']} match" if props["method"] else "match"
    lines = [
        f"<div class='geomap-popup'><b>{_esc(props['name'])}</b>",
        f"<div>{_esc(props['kind'])} · {_esc(match)} · confidence {_esc(props['confidence'])}"
        f" · {_esc(props['mention_count'])} mention(s)</div>",
        "<ul style='padding-left: 1.2em; margin: 4px 0;'>",
    ]
    for article, sentence, mentions in _sentences(props["mentions"]):
        lines.append(f"<li><i>{_esc(article)}</i>: {_highlight(sentence, mentions)}</li>")
    lines.append("</ul>")
    if props.get("source"):
        lines.append(
            f"<div style='color: #555; font-size: 11px;'>Source: {_esc(props['source'])}"
            f" ({_esc(props['licence'] or 'licence unknown')})</div>"
        )
    lines.append("</div>")
    return "".join(lines)


def _sentences(mentions: list[dict]) -> list[tuple[str, str, list[dict]]]:
    """Group mentions by (article, sentence), in order of first mention."""
    grouped: dict[tuple[str, str], list[dict]] = {}
    for mention in mentions:
        grouped.setdefault((mention["article"], mention["sentence"]), []).append(mention)
    return [(article, sentence, ms) for (article, sentence), ms in grouped.items()]


def _highlight(sentence: str, mentions: list[dict]) -> str:
    """The escaped sentence with each mention's words wrapped in ``<mark>``.

    Mentions are found in text order, each after the previous one, so a name that
    appears twice in a sentence is marked where each mention stands.
    """
    parts: list[str] = []
    cursor = 0
    for mention in sorted(mentions, key=lambda m: m["start"]):
        at = sentence.find(mention["text"], cursor) if mention["text"] else -1
        if at < 0:
            continue
        end = at + len(mention["text"])
        parts.append(_esc(sentence[cursor:at]))
        parts.append(f"<mark>{_esc(sentence[at:end])}</mark>")
        cursor = end
    parts.append(_esc(sentence[cursor:]))
    return "".join(parts)


# ---------------------------------------------------------------------------
# Fixed boxes


def add_title_box(m: folium.Map, title: str) -> None:
    """Add a box with *title* at the top centre of the map, and set the page title."""
    import folium

    box = (
        f"<div class='geomap-title' style='{_BOX_STYLE} top: 10px; left: 50%; "
        f"transform: translateX(-50%); font-size: 16px; font-weight: 600;'>{_esc(title)}</div>"
    )
    m.get_root().title = _esc(title)
    m.get_root().html.add_child(folium.Element(box))


def add_unresolved_panel(m: folium.Map, features: list[dict]) -> None:
    """Add the "Unresolved names" panel, with the data attributions in its footer.

    Parameters
    ----------
    m
        The map.
    features
        The features of :func:`geomap.export.places_geojson`; those with a ``null``
        geometry are listed with their ranked suggestions.
    """
    import folium

    unresolved = [f["properties"] for f in features if f["geometry"] is None]
    if unresolved:
        items = "".join(_unresolved_item(props) for props in unresolved)
        body = f"<ul style='padding-left: 1.2em; margin: 4px 0;'>{items}</ul>"
    else:
        body = "<p style='margin: 4px 0;'>None: the gazetteer has every place named.</p>"
    panel = (
        f"<div class='geomap-unresolved' style='{_BOX_STYLE} top: 170px; left: 10px; "
        "max-width: 340px; max-height: 30%; overflow-y: auto;'>"
        "<div style='font-weight: 600;'>Unresolved names</div>"
        f"{body}"
        "<div style='color: #555; font-size: 11px; border-top: 1px solid #ccc; "
        f"margin-top: 6px; padding-top: 4px;'>{_esc(DATA_ATTRIBUTION)}</div>"
        "</div>"
    )
    m.get_root().html.add_child(folium.Element(panel))


def _unresolved_item(props: dict) -> str:
    articles = ", ".join(props["articles"])
    suggestions = props["suggestions"]
    if suggestions:
        ranked = "; ".join(
            f"{_esc(s['name'])} ({_esc(s['kind'])}, {_esc(s['score'])})" for s in suggestions
        )
        hint = f"<div style='color: #333;'>Perhaps: {ranked}</div>"
    else:
        hint = "<div style='color: #333;'>No similar name in the gazetteer.</div>"
    return (
        f"<li><b>{_esc(props['name'])}</b> "
        f"<span style='color: #555;'>({_esc(props['mention_count'])} × in {_esc(articles)})</span>"
        f"{hint}</li>"
    )


# ---------------------------------------------------------------------------
# Incidents

INCIDENTS_LAYER = "Incidents"
# Marker colour by ACLED event type (events.geojson ``event_type``).
INCIDENT_COLOURS = {
    "Violence against civilians": "#8e44ad",
    "Explosions/Remote violence": "#e67e22",
    "Battles": "#2980b9",
    "Strategic developments": "#7f8c8d",
}
_INCIDENT_DEFAULT_COLOUR = "#34495e"


def add_incidents_layer(m: folium.Map, features: list[dict]) -> None:
    """Add "Incidents": one marker per event of ``events.geojson``, coloured by type.

    An event at several places (a MultiPoint) gets a marker at each. The popup gives
    the type, date, counts with the words they came from, actors, who reported it,
    the quote and the article; every text goes through :func:`_esc`.

    Parameters
    ----------
    m
        The map.
    features
        The features of :func:`geomap.incidents.events_geojson`; those with a null
        geometry are left out.
    """
    import folium

    from geomap.mapparts import legend_entry

    for label, colour in INCIDENT_COLOURS.items():
        legend_entry(m, INCIDENTS_LAYER, label, colour, "square")
    group = folium.FeatureGroup(name=INCIDENTS_LAYER, show=True)
    for feature in features:
        geometry = feature.get("geometry")
        if geometry is None:
            continue
        props = feature["properties"]
        points = (
            [geometry["coordinates"]] if geometry["type"] == "Point" else geometry["coordinates"]
        )
        colour = INCIDENT_COLOURS.get(props["event_type"], _INCIDENT_DEFAULT_COLOUR)
        for lon, lat in points:
            folium.RegularPolygonMarker(
                location=[lat, lon],
                number_of_sides=4,
                radius=8,
                rotation=45,
                color=colour,
                weight=2,
                fill=True,
                fill_color=colour,
                fill_opacity=0.7,
                tooltip=folium.Tooltip(_esc(f"{props['sub_event_type']} ({props['event_date']})")),
                popup=folium.Popup(_incident_popup_html(props), max_width=420),
            ).add_to(group)
    group.add_to(m)


def _incident_popup_html(props: dict) -> str:
    """The popup of an incident: type, date, counts and their words, actors, source, quote."""
    rows = [
        ("Type", f"{props['event_type']} / {props['sub_event_type']}"),
        ("Date", f"{props['event_date']} (time precision {props['time_precision']})"),
        ("Where", f"{props['location']} (geo precision {props['geo_precision']})"),
    ]
    for label, value, words in (
        ("Killed", props["fatalities_best"], props["fatalities_text"]),
        ("Injured", props["injuries"], props["injuries_text"]),
        ("People affected", props["people_affected"], props["people_affected_text"]),
    ):
        if value is not None:
            rows.append((label, f"{value} (\u201c{words}\u201d)"))
    actors = " vs ".join(a for a in (props["actor1"], props["actor2"]) if a)
    if actors:
        rows.append(("Actors", actors))
    if props["assoc_actor_1"]:
        rows.append(("With", props["assoc_actor_1"]))
    rows.append(("Reported by", props["source"] or "not named"))
    if props["hedged"]:
        rows.append(("Caution", f"hedged: \u201c{props['hedge_text']}\u201d"))
    rows.append(("Article", props["article"]))
    body = "".join(f"<div><b>{_esc(k)}:</b> {_esc(v)}</div>" for k, v in rows)
    quote = f"<blockquote style='margin: 4px 0; color: #333;'>{_esc(props['quote'])}</blockquote>"
    return f"<div class='geomap-popup geomap-incident'>{body}{quote}</div>"


# ---------------------------------------------------------------------------
# Areas of control

CONTROL_LAYER = "Areas of control (time slider)"
# One fixed colour per controller (control.geojson ``controller``); contested areas are
# drawn dashed.
CONTROL_COLOURS = {
    "rebels": "#2e7d32",
    "government": "#c62828",
    "ypg": "#f9a825",
    "contested": "#6d4c41",
}
_CONTROL_LABELS = {
    "rebels": "Rebels",
    "government": "Government",
    "ypg": "YPG",
    "contested": "Contested",
}


def add_control_layer(m: folium.Map, features: list[dict]) -> None:
    """Add the areas of control of ``control.geojson`` with a date slider and legend.

    Every feature (one controller over one interval) is a polygon in its controller's
    fixed colour (:data:`CONTROL_COLOURS`); contested ones are dashed. A slider in the
    lower-left corner picks the date: only the features valid on that date are shown,
    and the legend beside it gives each controller's district count, computed area and
    the reported area, and which geometry was used (approximate cells or real
    boundaries). Plain Leaflet and a few lines of script: no extra library is loaded.
    Every text goes through :func:`_esc`.

    Parameters
    ----------
    m
        The map.
    features
        The features of :func:`geomap.control.control_geojson`.
    """
    import json

    import folium
    from branca.element import MacroElement, Template

    drawn = []
    for feature in features:
        if feature.get("geometry") is None:
            continue
        props = dict(feature["properties"])
        props["popup_html"] = _control_popup_html(props)
        drawn.append({"type": "Feature", "geometry": feature["geometry"], "properties": props})
    if not drawn:
        return
    dates = sorted({f["properties"]["valid_from"] for f in drawn})
    legends = [_control_legend_html(drawn, date) for date in dates]
    layer = folium.GeoJson(
        {"type": "FeatureCollection", "features": drawn},
        name=CONTROL_LAYER,
        style_function=_control_style,
        on_each_feature=folium.JsCode(
            "function (feature, layer) {"
            " layer.bindPopup(feature.properties.popup_html, {maxWidth: 420}); }"
        ),
    )
    layer.add_to(m)
    slider = MacroElement()
    slider._name = "ControlSlider"
    slider.layer = layer  # named at render time: stabilise_ids renames elements
    slider._template = Template(
        """
{% macro html(this, kwargs) %}
<div id="{{ this.get_name() }}" class="geomap-control-slider" style="BOX_STYLE bottom: 24px;
 left: 10px; max-width: 360px;">
 <div><b>Areas of control</b> on <span class="geomap-control-date"></span></div>
 <input type="range" min="0" max="MAX" value="0" step="1" style="width: 100%;"
  aria-label="Date">
 <div class="geomap-control-legend"></div>
</div>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var layer = {{ this.layer.get_name() }};
  var dates = DATES;
  var legends = LEGENDS;
  var box = document.getElementById("{{ this.get_name() }}");
  var input = box.querySelector("input");
  var all = [];
  layer.eachLayer(function (l) { all.push(l); });
  L.DomEvent.disableClickPropagation(box);
  L.DomEvent.disableScrollPropagation(box);
  function show(i) {
    var d = dates[i];
    all.forEach(function (l) {
      var p = l.feature.properties;
      var on = p.valid_from <= d && (p.valid_to === null || d < p.valid_to);
      if (on && !layer.hasLayer(l)) { layer.addLayer(l); }
      if (!on && layer.hasLayer(l)) { layer.removeLayer(l); }
    });
    box.querySelector(".geomap-control-date").textContent = d;
    box.querySelector(".geomap-control-legend").innerHTML = legends[i];
  }
  input.addEventListener("input", function () { show(+input.value); });
  show(0);
})();
{% endmacro %}
""".replace("BOX_STYLE", _BOX_STYLE)
        .replace("MAX", str(len(dates) - 1))
        .replace("DATES", json.dumps(dates))
        .replace("LEGENDS", json.dumps(legends).replace("</", "<\\/"))
    )
    m.add_child(slider)


def _control_style(feature: dict) -> dict:
    controller = feature["properties"]["controller"]
    colour = CONTROL_COLOURS.get(controller, "#555555")
    contested = controller == "contested"
    return {
        "color": colour,
        "weight": 2,
        "fillColor": colour,
        "fillOpacity": 0.2 if contested else 0.35,
        "dashArray": "6 4" if contested else None,
    }


def _area_text(props: dict) -> str:
    text = f"{props['district_count']} districts, {props['area_km2']:.2f} km² computed"
    if props.get("reported_area_km2") is not None:
        qualifier = props.get("reported_area_qualifier") or ""
        reported = f"{qualifier} {props['reported_area_km2']:g}".strip()
        text += (
            f"; reported {reported} km² ({props['reported_area_date']}, "
            f"{props['reported_area_source']})"
        )
    return text


def _control_popup_html(props: dict) -> str:
    """The popup of one controller's area: dates, areas, districts, geometry, sources."""
    label = _CONTROL_LABELS.get(props["controller"], props["controller"])
    until = props["valid_to"] or "the end of the timeline"
    rows = [
        ("Held by", label),
        ("From", f"{props['valid_from']} until {until}"),
        ("Area", _area_text(props)),
    ]
    if props.get("difference_km2") is not None:
        rows.append(("Difference", f"{props['difference_km2']:+.2f} km² (computed − reported)"))
    if props.get("contested_between"):
        rows.append(("Contested between", ", ".join(props["contested_between"])))
    if props.get("changed"):
        rows.append(("Taken on this date", ", ".join(props["changed"])))
    rows.append(("Districts", ", ".join(props["districts"])))
    if props.get("claimed_district_ids"):
        rows.append(("Held by claim only", ", ".join(props["claimed_district_ids"])))
    rows.append(("Geometry", props["geometry_source"]))
    if props.get("sources"):
        rows.append(("Sources", "; ".join(props["sources"])))
    body = "".join(f"<div><b>{_esc(k)}:</b> {_esc(v)}</div>" for k, v in rows)
    return f"<div class='geomap-popup geomap-control'>{body}</div>"


def _control_legend_html(features: list[dict], date: str) -> str:
    """The legend for one date: a swatch, the controller, its areas; then the geometry."""
    rows = []
    sources = set()
    for feature in features:
        props = feature["properties"]
        if not (
            props["valid_from"] <= date and (props["valid_to"] is None or date < props["valid_to"])
        ):
            continue
        sources.add(props["geometry_source"])
        colour = CONTROL_COLOURS.get(props["controller"], "#555555")
        border = "dashed" if props["controller"] == "contested" else "solid"
        swatch = (
            f"<span style='display:inline-block;width:12px;height:12px;margin-right:4px;"
            f"background:{colour}59;border:2px {border} {colour};'></span>"
        )
        label = _CONTROL_LABELS.get(props["controller"], props["controller"])
        rows.append(f"<div>{swatch}<b>{_esc(label)}</b>: {_esc(_area_text(props))}</div>")
    note = "".join(
        f"<div style='color:#555;font-size:12px;'>Geometry: {_esc(s)}</div>"
        for s in sorted(sources)
    )
    return "".join(rows) + note
