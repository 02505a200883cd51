"""The interactive HTML map (Leaflet, through folium).

How text reaches the page, and why this way: folium renders with Jinja2, and branca
compiles the output of every element *again* as a template, so any text handed to a
folium element (a popup, a tooltip, a layer name, even GeoJSON data through ``tojson``)
is evaluated as template code: ``{{7*7}}`` in an article became ``49`` and a crafted
one ran Python. So geomap gives folium no text from outside. The folium tree holds
only geomap's own code (map, tiles, tools and one :func:`geomap.webmap.page.map_script`
element); everything an article, a gazetteer, a file name or a ``--layer`` file says
goes into one JSON document, :func:`map_data`, which enters the page as a literal no
template engine reads and is drawn by ``geomap/webmap/_static/map.js`` with ``textContent``.
That is the single path for outside text, for every layer, popup, tooltip, panel,
legend line and the title.

The document holds, in drawing order, one entry per layer (``kind``: ``labels``,
``points``, ``control``, ``places``, ``incidents``), the unresolved names, the legend
and the title. Popups are lists of blocks (``head``, ``line``, ``field``, ``sentence``,
``quote``, ``note``), not HTML. :func:`stabilise_ids` replaces folium's random element
ids with ids numbered in tree order, so the same input always gives the same
``map.html`` bytes.

folium is imported inside the functions: importing this module is cheap.
"""

from __future__ import annotations

import math
import os
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from geomap.model import Incident, PlaceReport, Snapshot
from geomap.output.files import atomic_write_text
from geomap.output.geojson import control_geojson, events_geojson, places_geojson

if TYPE_CHECKING:
    import folium
    from branca.element import Element

    from geomap.places.gazetteer import Gazetteer
    from geomap.webmap.user_layers import PointLayer

__all__ = [
    "ACTORS_LAYER",
    "CONTROL_COLOURS",
    "CONTROL_LAYER",
    "DATA_ATTRIBUTION",
    "INCIDENTS_LAYER",
    "INCIDENT_COLOURS",
    "PLACES_LAYER",
    "build_map",
    "control_layer",
    "incidents_layer",
    "map_data",
    "render_map",
    "save_map",
    "stabilise_ids",
]

PLACES_LAYER = "Places mentioned"
ACTORS_LAYER = "Actors named (countries)"
TILES_NAME = "OpenStreetMap"
# Shown in the panel footer: where the gazetteer's places come from (see NOTICE.md).
DATA_ATTRIBUTION = (
    "Places: GeoNames (CC BY 4.0); Aleppo neighbourhoods: Columbia Center for Spatial "
    "Research, Conflict Urbanism: Aleppo (MIT); country points: Natural Earth (public domain)."
)
_PLACE_COLOUR = "#c0392b"
_ACTOR_COLOUR = "#2c3e50"
_MAX_ZOOM_ON_FIT = 14


# ---------------------------------------------------------------------------
# Building and saving


def build_map(
    report: PlaceReport,
    *,
    title: str,
    layers: Sequence[PointLayer] = (),
    gazetteer: Gazetteer | None = None,
    incidents: Sequence[Incident] = (),
    snapshots: Sequence[Snapshot] = (),
) -> folium.Map:
    """Build the interactive map of the places in *report*.

    Parameters
    ----------
    report
        The geoparser's report (see :func:`geomap.places.geoparse.parse_articles`).
    title
        Shown in a box over the map and as the page title.
    layers
        Extra point layers (``--layer`` files, see
        :func:`geomap.webmap.user_layers.read_point_layer`),
        each drawn as one canvas layer (see :func:`geomap.webmap.page.point_layer`).
    gazetteer
        If given, the districts of the cities named get a "District labels" layer.
    incidents
        The incidents of ``events.geojson``: an "Incidents" layer (:func:`incidents_layer`).
    snapshots
        The areas of control of ``control.geojson``, on a time slider
        (:func:`control_layer`).

    Returns
    -------
    folium.Map
        The map, with stable element ids (see :func:`stabilise_ids`).
    """
    import folium

    from geomap.webmap import page as mapparts

    features = places_geojson(report)["features"]
    data = _map_data(
        features,
        title=title,
        layers=layers,
        gazetteer=gazetteer,
        incidents=incidents,
        snapshots=snapshots,
    )
    # SVG by default (incident markers need it); big layers have a canvas.
    m = folium.Map(location=[20.0, 0.0], zoom_start=2, tiles=None, control_scale=True)
    tiles = folium.TileLayer("OpenStreetMap", name=TILES_NAME, control=False)
    tiles.add_to(m)
    mapparts.add_tile_notice(m)
    mapparts.add_tools(m)
    _fit_to_places(m, features, layers)
    mapparts.map_script(data, tiles).add_to(m)
    stabilise_ids(m)
    return m


def map_data(
    report: PlaceReport,
    *,
    title: str,
    layers: Sequence[PointLayer] = (),
    gazetteer: Gazetteer | None = None,
    incidents: Sequence[Incident] = (),
    snapshots: Sequence[Snapshot] = (),
) -> dict:
    """Everything the map shows that comes from the inputs, as one JSON-ready document.

    Parameters
    ----------
    report, title, layers, gazetteer, incidents, snapshots
        As for :func:`build_map`.

    Returns
    -------
    dict
        ``title``, ``tilesName``, ``layers`` (in drawing order: district labels, point
        layers, areas of control under the places, places, actors, incidents),
        ``unresolved``, ``attribution`` and ``legend`` (``sections`` of ``entries``,
        and ``sources``). Read by ``geomap/webmap/_static/map.js``.
    """
    return _map_data(
        places_geojson(report)["features"],
        title=title,
        layers=layers,
        gazetteer=gazetteer,
        incidents=incidents,
        snapshots=snapshots,
    )


def _map_data(
    features: list[dict],
    *,
    title: str,
    layers: Sequence[PointLayer],
    gazetteer: Gazetteer | None,
    incidents: Sequence[Incident],
    snapshots: Sequence[Snapshot],
) -> dict:
    """:func:`map_data` from the features of ``places.geojson``, made once by the caller."""
    from geomap.webmap import page as mapparts

    sections: dict[str, list[dict]] = {}
    sources = [mapparts.TILE_ATTRIBUTION, DATA_ATTRIBUTION]

    def legend(section: str, label: str, colour: str, shape: str = "circle") -> None:
        sections.setdefault(section, []).append({"label": label, "colour": colour, "shape": shape})

    legend(PLACES_LAYER, "named as a location (size: mentions)", _PLACE_COLOUR)
    legend(ACTORS_LAYER, "named only as an actor", _ACTOR_COLOUR)
    drawn: list[dict] = []
    labels = mapparts.district_labels_layer(features, gazetteer) if gazetteer else None
    if labels is not None:
        legend(labels["name"], labels.pop("legend"), "#333", "text")
        drawn.append(labels)
    for layer in layers:
        spec, entries, source = mapparts.point_layer(layer)
        sections.setdefault(spec["name"], []).extend(entries)
        if source not in sources:
            sources.append(source)
        drawn.append(spec)
    control_spec = control_layer(snapshots) if snapshots else None
    if control_spec is not None:
        drawn.append(control_spec)
    drawn.append(_places_layer(features, "location", PLACES_LAYER, _PLACE_COLOUR, show=True))
    drawn.append(_places_layer(features, "actor", ACTORS_LAYER, _ACTOR_COLOUR, show=False))
    if incidents:
        for label, colour in INCIDENT_COLOURS.items():
            legend(INCIDENTS_LAYER, label, colour, "square")
        drawn.append(incidents_layer(incidents))
    return {
        "title": title,
        "tilesName": TILES_NAME,
        "layers": drawn,
        "unresolved": _unresolved_names(features),
        "attribution": DATA_ATTRIBUTION,
        "legend": {
            "sections": [{"name": name, "entries": entries} for name, entries in sections.items()],
            "sources": sources,
        },
    }


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
    copies (see :mod:`geomap.webmap.offline`): the page opens with no network, tiles aside.
    """
    html_text = m.get_root().render()
    if self_contained:
        from geomap.webmap.offline import inline_assets

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
# Places


def _places_layer(features: list[dict], role: str, name: str, colour: str, *, show: bool) -> dict:
    """The layer of the resolved places named in *role* (``location`` or ``actor``).

    Each place is a circle sized by its mention count, with its name as tooltip and a
    popup giving its kind, match, confidence and every sentence naming it.
    """
    places = []
    for feature in _located(features, role):
        props = feature["properties"]
        lat, lon = _lat_lon(feature)
        places.append(
            {
                "lat": lat,
                "lon": lon,
                "radius": _radius(props["mention_count"]),
                "tooltip": props["name"],
                "popup": _place_popup(props),
            }
        )
    return {"kind": "places", "name": name, "show": show, "colour": colour, "places": places}


def _fit_to_places(m: folium.Map, features: list[dict], layers: Sequence[PointLayer]) -> None:
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
        points.extend((lat, lon) for lat, lon in layer.bounds())
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


def _radius(mention_count: int) -> float:
    """Circle radius in pixels: grows with the square root of the mention count."""
    return round(min(6.0 + 3.0 * math.sqrt(max(mention_count, 1)), 24.0), 1)


def _place_popup(props: dict) -> dict:
    """The popup of a place: its name, kind, match, and every sentence naming it."""
    match = f"{props['method']} match" if props["method"] else "match"
    blocks: list[list] = [
        ["head", props["name"]],
        [
            "line",
            f"{props['kind']} · {match} · confidence {props['confidence']}"
            f" · {props['mention_count']} mention(s)",
        ],
    ]
    for article, sentence, mentions in _sentences(props["mentions"]):
        blocks.append(["sentence", article, _marked_parts(sentence, mentions)])
    if props.get("source"):
        blocks.append(
            ["note", f"Source: {props['source']} ({props['licence'] or 'licence unknown'})"]
        )
    return {"className": "geomap-place", "blocks": blocks}


def _sentences(mentions: list[dict]) -> list[tuple[str, str, list[dict]]]:
    """Group mentions by (article, sentence), in order of first mention."""
    grouped: dict[tuple[str, str], list[dict]] = {}
    for mention in mentions:
        grouped.setdefault((mention["article"], mention["sentence"]), []).append(mention)
    return [(article, sentence, ms) for (article, sentence), ms in grouped.items()]


def _marked_parts(sentence: str, mentions: list[dict]) -> list[list]:
    """The sentence as ``[text, marked]`` parts, each mention's words marked.

    Mentions are found in text order, each after the previous one, so a name that
    appears twice in a sentence is marked where each mention stands.
    """
    parts: list[list] = []
    cursor = 0
    for mention in sorted(mentions, key=lambda m: m["start"]):
        at = sentence.find(mention["text"], cursor) if mention["text"] else -1
        if at < 0:
            continue
        end = at + len(mention["text"])
        if at > cursor:
            parts.append([sentence[cursor:at], False])
        parts.append([sentence[at:end], True])
        cursor = end
    if cursor < len(sentence):
        parts.append([sentence[cursor:], False])
    return parts


def _unresolved_names(features: list[dict]) -> list[dict]:
    """The names the gazetteer lacks (null-geometry features), with ranked suggestions."""
    names = []
    for feature in features:
        if feature["geometry"] is not None:
            continue
        props = feature["properties"]
        names.append(
            {
                "name": props["name"],
                "mentions": props["mention_count"],
                "articles": props["articles"],
                "suggestions": [
                    f"{s['name']} ({s['kind']}, {s['score']})" for s in props["suggestions"]
                ],
            }
        )
    return names


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


def incidents_layer(incidents: Sequence[Incident]) -> dict:
    """The "Incidents" layer: one marker per incident, coloured by type.

    An incident at several places (a MultiPoint in ``events.geojson``) gets a marker at
    each; incidents without a place are left out. The popup gives the type, date, counts
    with the words they came from, actors, who reported it, the quote and the article.
    """
    markers = []
    for feature in events_geojson(incidents)["features"]:
        geometry = feature.get("geometry")
        if geometry is None:
            continue
        props = feature["properties"]
        points = (
            [geometry["coordinates"]] if geometry["type"] == "Point" else geometry["coordinates"]
        )
        colour = INCIDENT_COLOURS.get(props["event_type"], _INCIDENT_DEFAULT_COLOUR)
        popup = _incident_popup(props)
        tooltip = f"{props['sub_event_type']} ({props['event_date']})"
        for lon, lat in points:
            markers.append(
                {"lat": lat, "lon": lon, "colour": colour, "tooltip": tooltip, "popup": popup}
            )
    return {"kind": "incidents", "name": INCIDENTS_LAYER, "show": True, "incidents": markers}


def _incident_popup(props: dict) -> dict:
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
    blocks: list[list] = [["field", k, str(v)] for k, v in rows]
    blocks.append(["quote", props["quote"]])
    return {"className": "geomap-incident", "blocks": blocks}


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
_CONTROL_DEFAULT_COLOUR = "#555555"


def control_layer(snapshots: Sequence[Snapshot]) -> dict | None:
    """The areas of control, for a map with a date slider.

    The snapshots become the features of ``control.geojson``
    (:func:`geomap.output.geojson.control_geojson`, in its order). Every feature (one
    controller over one interval) is a polygon in its controller's
    fixed colour (:data:`CONTROL_COLOURS`); contested ones are dashed. A slider picks
    the date: only the features valid on that date are shown, and the legend beside it
    gives each controller's district count, computed area and the reported area, and
    which geometry was used (approximate cells or real boundaries).

    Returns
    -------
    dict or None
        The layer's entry for the map data (kind ``control``: ``features`` with a
        ``style`` and a ``popup`` each, the slider's ``dates`` and one legend per
        date), or None when no feature has a geometry.
    """
    features = control_geojson(snapshots)["features"]
    drawn = []
    for feature in features:
        if feature.get("geometry") is None:
            continue
        props = feature["properties"]
        drawn.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "valid_from": props["valid_from"],
                    "valid_to": props["valid_to"],
                    "style": _control_style(props["controller"]),
                    "popup": _control_popup(props),
                },
            }
        )
    if not drawn:
        return None
    dates = sorted({f["properties"]["valid_from"] for f in drawn})
    return {
        "kind": "control",
        "name": CONTROL_LAYER,
        "show": True,
        "title": "Areas of control",
        "features": drawn,
        "dates": dates,
        "legends": [_control_legend(features, date) for date in dates],
    }


def _control_style(controller: str) -> dict:
    colour = CONTROL_COLOURS.get(controller, _CONTROL_DEFAULT_COLOUR)
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


def _control_popup(props: dict) -> dict:
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
    return {"className": "geomap-control", "blocks": [["field", k, v] for k, v in rows]}


def _control_legend(features: list[dict], date: str) -> dict:
    """The legend for one date: a row per controller with its areas; the geometry used."""
    rows = []
    sources = set()
    for feature in features:
        props = feature["properties"]
        if feature.get("geometry") is None or not (
            props["valid_from"] <= date and (props["valid_to"] is None or date < props["valid_to"])
        ):
            continue
        sources.add(props["geometry_source"])
        rows.append(
            {
                "colour": CONTROL_COLOURS.get(props["controller"], _CONTROL_DEFAULT_COLOUR),
                "dashed": props["controller"] == "contested",
                "label": _CONTROL_LABELS.get(props["controller"], props["controller"]),
                "text": _area_text(props),
            }
        )
    return {"rows": rows, "notes": [f"Geometry: {s}" for s in sorted(sources)]}
