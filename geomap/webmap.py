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

    Returns
    -------
    folium.Map
        The map, with stable element ids (see :func:`stabilise_ids`).
    """
    import folium

    features = places_geojson(report)["features"]
    from geomap import mapparts

    m = folium.Map(
        location=[20.0, 0.0], zoom_start=2, tiles=None, control_scale=True, prefer_canvas=True
    )
    add_base_tiles(m)
    mapparts.add_tile_notice(m)
    if gazetteer is not None:
        mapparts.add_district_labels(m, features, gazetteer)
    for layer in layers:
        mapparts.add_point_layer(m, layer)
    add_places_layer(m, features)
    add_actors_layer(m, features)
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

    Without location places, all places (actors) count; with nothing, the world shows.
    """
    points = [_lat_lon(f) for f in _located(features, "location")]
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
        f"<div class='geomap-unresolved' style='{_BOX_STYLE} bottom: 24px; left: 10px; "
        "max-width: 340px; max-height: 45%; overflow-y: auto;'>"
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
