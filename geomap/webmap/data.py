"""The JSON document the map draws: every layer, popup, panel and legend line.

Everything an article, a gazetteer, a timeline or a ``--layer`` file says reaches the
page through :func:`map_data` only (see :mod:`geomap.webmap` for why). The document
holds, in drawing order, one entry per layer (``kind``: ``labels``, ``points``,
``control``, ``places``, ``incidents``), the unresolved names, the attribution of the
places shown, the legend and the title; ``geomap/webmap/_static/map.js`` draws it.
Popups are lists of blocks (``head``, ``line``, ``field``, ``sentence``, ``quote``,
``note``, ``more``), not HTML; the incidents' are built by ``map.js`` from the
layer's table when one is clicked (:func:`incidents_layer`).

A map of thousands of articles grows with the places and incidents drawn, not with
the mentions: a place's popup keeps its first sentences and points to
``places.geojson`` for the rest, an unresolved name lists its first articles, and the
incidents are one dictionary-encoded table, shown as clusters when they are many.

The records become GeoJSON features first (:mod:`geomap.output.geojson`), so the map
shows exactly what ``places.geojson``, ``events.geojson`` and ``control.geojson`` say.
Colours and labels that depend on the conflict are data: the sides' in
``data/control/sides.csv`` (:func:`geomap.control.load_controllers`), the incident
types' in ``data/map/incident-colours.csv`` (:func:`incident_colours`).
"""

from __future__ import annotations

import bisect
import datetime
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geomap import knowledge, settings
from geomap.control.sides import CONTESTED, load_controllers
from geomap.errors import DataError
from geomap.model import Incident, PlaceReport, Snapshot
from geomap.output.geojson import (
    MAP_POINT_DECIMALS,
    control_geojson,
    incident_properties,
    places_geojson,
    round_coordinate,
)
from geomap.webmap.user_layers import PointLayer

if TYPE_CHECKING:
    from geomap.model import Place
    from geomap.places.gazetteer import Gazetteer

__all__ = [
    "ACTORS_LAYER",
    "CONTROL_LAYER",
    "DISTRICT_LABELS_LAYER",
    "INCIDENTS_LAYER",
    "INCIDENT_CLUSTER_MIN",
    "INCIDENT_COLUMNS",
    "PALETTE",
    "PLACES_FILE",
    "PLACES_LAYER",
    "TILES_NAME",
    "TILE_ATTRIBUTION",
    "UNRESOLVED_ARTICLES_SHOWN",
    "VIEW_CLUSTER_KM",
    "VIEW_MAX_ZOOM",
    "View",
    "attribution",
    "control_layer",
    "dense_cluster",
    "district_labels",
    "haversine_km",
    "incident_colours",
    "incidents_layer",
    "map_data",
    "point_layer",
    "view_points",
]

PLACES_LAYER = "Places mentioned"
ACTORS_LAYER = "Actors named (countries)"
INCIDENTS_LAYER = "Incidents"
CONTROL_LAYER = "Areas of control (time slider)"
DISTRICT_LABELS_LAYER = "District labels"
TILES_NAME = "OpenStreetMap"
TILE_ATTRIBUTION = "Map tiles © OpenStreetMap contributors (ODbL)"
LABELS_MIN_ZOOM = 13  # district labels are hidden when zoomed out further
# The file beside map.html holding every sentence of every place (a popup shows only
# settings.MAX_POPUP_SENTENCES of them and points there for the rest).
PLACES_FILE = "places.geojson"
# An unresolved name lists the first few articles naming it, and how many more: a name
# in every article of a corpus would otherwise list thousands.
UNRESOLVED_ARTICLES_SHOWN = 5
# Above this many incident markers the map opens on a grid of clusters (counts per
# screen cell, recomputed on zoom) instead of the markers themselves: thousands of
# overlapping diamonds hide each other and every area of control.
INCIDENT_CLUSTER_MIN = 3_000
# The popup rows of an incident, in order (an empty one is left out).
INCIDENT_COLUMNS = (
    "Type",
    "Date",
    "Where",
    "Killed",
    "Injured",
    "People affected",
    "Actors",
    "With",
    "Reported by",
    "Caution",
    "Article",
)
# The view the map opens on (view_points): the heaviest group of the story's places
# within VIEW_CLUSTER_KM of one of them (a city and its suburbs, the Gaza Strip), so a
# distant city or a country named in passing does not zoom the map out to the world,
# nor a town 50 km out named once ("camps to the north, including Ain Issa") pull the
# view off the city the story is about.
VIEW_CLUSTER_KM = 40.0
# The deepest zoom the opening view goes to, by the smallest kind of place in the group:
# a lone district opens at street scale, a lone town at town scale.
VIEW_MAX_ZOOM = {
    "landmark": 15,
    "district": 14,
    "region": 14,
    "city": 11,
    "river": 9,
    "admin2": 9,
    "admin1": 8,
    "country": 5,
    "world_region": 3,
}
VIEW_MAX_ZOOM_DEFAULT = 11  # a place of unknown kind
VIEW_MAX_ZOOM_LAYERS = 14  # the corners of the point layers (no story point)
# Kinds whose point (a centroid; a point on a river's stretch) counts for the view only
# when nothing smaller is named.
_VIEW_LAST_RESORT_KINDS = ("country", "world_region", "river")
_EARTH_RADIUS_KM = 6371.0088
# Colour-blind-friendly categorical colours (Okabe-Ito, then Tableau), one per category
# of a --layer file.
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
_LAYER_COLOUR = "#6a3d9a"  # a --layer file without categories
_PLACE_COLOUR = "#c0392b"
_ACTOR_COLOUR = "#2c3e50"
_LABEL_COLOUR = "#333"
# Colours of what the data tables do not name: an incident type without a row in
# incident-colours.csv, a controller that is in no row of sides.csv.
_INCIDENT_DEFAULT_COLOUR = "#34495e"
_CONTROL_DEFAULT_COLOUR = "#555555"
_INCIDENT_COLOURS_TABLE = ("map", "incident-colours.csv")
_COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")


def map_data(
    report: PlaceReport,
    *,
    title: str,
    layers: Sequence[PointLayer] = (),
    gazetteer: Gazetteer | None = None,
    incidents: Sequence[Incident] = (),
    snapshots: Sequence[Snapshot] = (),
    opening_date: datetime.date | None = None,
    place_features: Sequence[dict] | None = None,
) -> dict:
    """Everything the map shows that comes from the inputs, as one JSON-ready document.

    Parameters
    ----------
    report, title, layers, gazetteer, incidents, snapshots, opening_date, place_features
        As for :func:`geomap.webmap.build_map`.

    Returns
    -------
    dict
        ``title``, ``tilesName``, ``layers`` (in drawing order: district labels, point
        layers, areas of control under the places, places, actors, incidents),
        ``unresolved``, ``attribution`` and ``legend`` (``sections`` of ``entries``,
        and ``sources``). Read by ``geomap/webmap/_static/map.js``.
    """
    features = _place_features(report, place_features)
    sections: dict[str, list[dict]] = {}
    sources = [TILE_ATTRIBUTION]

    def legend(section: str, label: str, colour: str, shape: str = "circle") -> None:
        sections.setdefault(section, []).append({"label": label, "colour": colour, "shape": shape})

    legend(PLACES_LAYER, "named as a location (size: mentions)", _PLACE_COLOUR)
    legend(ACTORS_LAYER, "named only as an actor", _ACTOR_COLOUR)
    drawn: list[dict] = []
    labelled = district_labels(features, gazetteer) if gazetteer else []
    if labelled:
        labels = _district_labels_layer(labelled)
        legend(labels["name"], labels.pop("legend"), _LABEL_COLOUR, "text")
        drawn.append(labels)
    credit = attribution(
        [(f["properties"]["source"], f["properties"]["licence"]) for f in _located(features)]
        + [(place.source, place.licence) for place in labelled]
    )
    if credit:
        sources.append(credit)
    for layer in layers:
        spec, entries, source = point_layer(layer)
        sections.setdefault(spec["name"], []).extend(entries)
        if source not in sources:
            sources.append(source)
        drawn.append(spec)
    control_spec = control_layer(snapshots, opening_date) if snapshots else None
    if control_spec is not None:
        drawn.append(control_spec)
    drawn.append(_places_layer(features, "location", PLACES_LAYER, _PLACE_COLOUR, show=True))
    drawn.append(_places_layer(features, "actor", ACTORS_LAYER, _ACTOR_COLOUR, show=False))
    if incidents:
        for label, colour in incident_colours().items():
            legend(INCIDENTS_LAYER, label, colour, "square")
        drawn.append(incidents_layer(incidents))
    return {
        "title": title,
        "tilesName": TILES_NAME,
        "layers": drawn,
        "unresolved": _unresolved_names(features),
        "attribution": credit,
        "legend": {
            "sections": [{"name": name, "entries": entries} for name, entries in sections.items()],
            "sources": sources,
        },
    }


def _place_features(report: PlaceReport, made: Sequence[dict] | None) -> list[dict]:
    """The features of ``places.geojson``: *made* when given (read, never changed), else
    made now (:func:`geomap.output.geojson.places_geojson`)."""
    if made is not None:
        return list(made)
    features: list[dict] = places_geojson(report)["features"]
    return features


def attribution(rows: Iterable[tuple[str | None, str | None]]) -> str:
    """Whom to credit for the places shown: the licences of their gazetteer rows.

    Parameters
    ----------
    rows
        ``(source, licence)`` of every gazetteer row the map shows. A licence may list
        several, ``;``-separated (``CC BY 4.0 (GeoNames); public domain (Natural
        Earth)``); a row without a licence is credited by its source.

    Returns
    -------
    str
        ``Places: `` and the distinct licences, sorted; empty when no row is shown.

    Examples
    --------
    >>> attribution([("GeoNames", "CC BY 4.0 (GeoNames); public domain (Natural Earth)"),
    ...              ("my.csv", None), ("GeoNames", "CC BY 4.0 (GeoNames)")])
    'Places: CC BY 4.0 (GeoNames); my.csv (licence unknown); public domain (Natural Earth).'
    """
    credits: set[str] = set()
    for source, licence in rows:
        parts = [part.strip() for part in (licence or "").split(";") if part.strip()]
        if not parts and source:
            parts = [f"{source} (licence unknown)"]
        credits.update(parts)
    if not credits:
        return ""
    return "Places: " + "; ".join(sorted(credits, key=str.casefold)) + "."


@dataclass(frozen=True)
class View:
    """What the map opens on: the ``(lat, lon)`` points to fit and the deepest zoom."""

    points: list[tuple[float, float]]
    max_zoom: int


def view_points(
    report: PlaceReport,
    layers: Sequence[PointLayer] = (),
    incidents: Sequence[Incident] = (),
    place_features: Sequence[dict] | None = None,
) -> View:
    """The view the map opens on: the dense cluster of the story's places.

    The story's points are the places named as locations and the places of the
    incidents, each place weighted by its mentions (an incident's place by 1); a
    country, a world region or a river counts only when nothing else is named. The view fits
    the heaviest group within :data:`VIEW_CLUSTER_KM` of one of its points
    (:func:`dense_cluster`), so one distant city, a country's centroid or a stray
    point does not zoom the map out. Without story points, the point layers count by
    the corners of their bounds; without those, the places named as actors; with
    nothing, no point (the world shows). The deepest zoom depends on the smallest kind
    in the group (:data:`VIEW_MAX_ZOOM`): a lone district opens closer than a town.
    *place_features* are the features of ``places.geojson`` when already made.
    """
    features = _place_features(report, place_features)
    story = [
        (*_lat_lon(f), f["properties"]["mention_count"], f["properties"].get("kind"))
        for f in _located(features, "location")
    ]
    for incident in incidents:
        story.extend((p.lat, p.lon, 1, p.kind) for p in incident.locations)
    if not story:
        corners = [(lat, lon) for layer in layers for lat, lon in layer.bounds()]
        if corners:
            return View(corners, VIEW_MAX_ZOOM_LAYERS)
        story = [
            (*_lat_lon(f), f["properties"]["mention_count"], f["properties"].get("kind"))
            for f in _located(features)
        ]
    small = [s for s in story if s[3] not in _VIEW_LAST_RESORT_KINDS]
    cluster = dense_cluster(small or story)
    if not cluster:
        return View([], VIEW_MAX_ZOOM_DEFAULT)
    max_zoom = max(VIEW_MAX_ZOOM.get(kind or "", VIEW_MAX_ZOOM_DEFAULT) for *_, kind in cluster)
    return View([(lat, lon) for lat, lon, *_ in cluster], max_zoom)


def dense_cluster(
    points: Sequence[tuple[float, float, int, str | None]], radius_km: float = VIEW_CLUSTER_KM
) -> list[tuple[float, float, int, str | None]]:
    """The heaviest group of *points* within *radius_km* of one of them.

    *points* are ``(lat, lon, weight, kind)``; points at the same place are merged
    (weights added, the first kind kept). Every distinct point is tried as a centre;
    the centre whose neighbourhood weighs most wins, ties going to the one closest to
    its neighbours, then to the smallest ``(lat, lon)``: the same points always give
    the same group. Returns the group's merged points, in ``(lat, lon)`` order.

    Each centre measures only the points of its own band of latitude and the two
    beside it (bands *radius_km* high: a point farther in latitude is farther in
    distance), not every point: O(n·k) for n distinct places and k in a band, instead
    of O(n²) over a corpus naming places across the world.

    Examples
    --------
    >>> gaza = [(31.50, 34.47, 1, "city"), (31.53, 34.48, 1, "city")]
    >>> [p[:2] for p in dense_cluster(gaza + [(40.71, -74.01, 1, "city")])]
    [(31.5, 34.47), (31.53, 34.48)]
    """
    weights: dict[tuple[float, float], int] = {}
    kinds: dict[tuple[float, float], str | None] = {}
    for lat, lon, weight, kind in points:
        key = (round(lat, 6), round(lon, 6))
        weights[key] = weights.get(key, 0) + weight
        kinds.setdefault(key, kind)
    distinct = sorted(weights)
    # Bands a little higher than radius_km of latitude, so that no rounding of the
    # distance can put a point of a farther band within the radius. Lists stay in
    # (lat, lon) order: the sums below add the same numbers in the same order as a
    # scan of every point would.
    band_deg = math.degrees(radius_km / _EARTH_RADIUS_KM) * 1.001 + 1e-9
    bands: dict[int, list[tuple[float, float]]] = {}
    for point in distinct:
        bands.setdefault(math.floor(point[0] / band_deg), []).append(point)
    best: tuple[tuple[float, float, float, float], list[tuple[float, float]]] | None = None
    for centre in distinct:
        band = math.floor(centre[0] / band_deg)
        nearby = [p for b in (band - 1, band, band + 1) for p in bands.get(b, ())]
        near = [(p, haversine_km(centre, p)) for p in nearby]
        near = [(p, d) for p, d in near if d <= radius_km]
        weight = sum(weights[p] for p, _ in near)
        spread = sum(weights[p] * d for p, d in near)
        rank = (-weight, spread, *centre)
        if best is None or rank < best[0]:
            best = (rank, [p for p, _ in near])
    return [(*p, weights[p], kinds[p]) for p in best[1]] if best else []


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The great-circle distance between two ``(lat, lon)`` points, in km.

    Examples
    --------
    >>> round(haversine_km((36.2, 37.16), (33.51, 36.29)))
    309
    """
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


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


def _located(features: list[dict], role: str | None = None) -> list[dict]:
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
    """The popup of a place: its name, kind, match, and the first sentences naming it.

    A place named in thousands of sentences would make the page grow with the corpus;
    the popup keeps the first :data:`geomap.settings.MAX_POPUP_SENTENCES` and says how
    many there are and where the rest are (``places.geojson``, by the place's id).
    """
    match = f"{props['method']} match" if props["method"] else "match"
    if props["method"] == "online":
        # Not from a gazetteer: the note below names the service and its licence.
        match = "found online"
    blocks: list[list] = [
        ["head", props["name"]],
        [
            "line",
            f"{props['kind']} · {match} · confidence {props['confidence']}"
            f" · {props['mention_count']} mention(s)",
        ],
    ]
    sentences = _sentences(props["mentions"])
    shown = settings.MAX_POPUP_SENTENCES
    for article, sentence, mentions in sentences[:shown]:
        blocks.append(["sentence", article, _marked_parts(sentence, mentions)])
    if len(sentences) > shown:
        blocks.append(
            [
                "more",
                f"{shown} of {len(sentences)} sentences shown; all of them are in",
                PLACES_FILE,
                f"(place id {props['place_id']}).",
            ]
        )
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
        articles = props["articles"]
        names.append(
            {
                "name": props["name"],
                "mentions": props["mention_count"],
                "articles": articles[:UNRESOLVED_ARTICLES_SHOWN],
                "moreArticles": max(len(articles) - UNRESOLVED_ARTICLES_SHOWN, 0),
                "suggestions": [
                    f"{s['name']} ({s['kind']}, {s['score']})" for s in props["suggestions"]
                ],
            }
        )
    return names


# ---------------------------------------------------------------------------
# District labels


def district_labels(features: list[dict], gazetteer: Gazetteer) -> list[Place]:
    """The districts of every city the articles name (gazetteer rows), by name."""
    labels: dict[str, Place] = {}
    for feature in _located(features):
        props = feature["properties"]
        if props["kind"] != "city":
            continue
        city = gazetteer.get(props["place_id"])
        if city is None:
            continue
        for child in gazetteer.children(city):
            if child.kind == "district":
                labels[child.id] = child
    return sorted(labels.values(), key=lambda p: (p.name, *_label_point(p)))


def _label_point(place: Place) -> tuple[float, float]:
    return (
        round_coordinate(place.lat, MAP_POINT_DECIMALS),
        round_coordinate(place.lon, MAP_POINT_DECIMALS),
    )


def _district_labels_layer(districts: list[Place]) -> dict:
    """ "District labels": the name of each district at its centroid (kind ``labels``)."""
    labels = [(place.name, *_label_point(place)) for place in districts]
    return {
        "kind": "labels",
        "name": DISTRICT_LABELS_LAYER,
        "show": True,
        "minZoom": LABELS_MIN_ZOOM,
        "labels": labels,
        "legend": f"{len(labels)} district names at centroids (zoom in to see)",
    }


# ---------------------------------------------------------------------------
# Point layers (--layer files)


def point_layer(layer: PointLayer, *, radius: float = 4.0) -> tuple[dict, list[dict], str]:
    """A ``--layer`` file's points as one canvas layer: its spec, legend entries and source.

    Points are coloured by the layer's category (see :attr:`PointLayer.category`),
    with up to ``len(PALETTE)`` colours; else all in one colour. The points go in as
    a compact, dictionary-encoded table that ``map.js`` turns into ``L.circleMarker``
    on a canvas renderer: 100,000 points are a few MB of HTML and draw in about a
    second.

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
# Incidents


@knowledge.cached
def incident_colours() -> dict[str, str]:
    """Marker colour by ACLED event type, in legend order (``data/map/incident-colours.csv``).

    Raises
    ------
    DataError
        A column is missing, a colour is not ``#rrggbb`` or an event type is listed twice.

    Examples
    --------
    >>> incident_colours()["Battles"]
    '#2980b9'
    """
    where = "/".join(_INCIDENT_COLOURS_TABLE)
    colours: dict[str, str] = {}
    for row in knowledge.table(*_INCIDENT_COLOURS_TABLE, ("event_type", "colour")):
        event_type, colour = row["event_type"], row["colour"]
        if not _COLOUR_RE.fullmatch(colour):
            raise DataError(f"{where}: colour {colour!r} of {event_type!r} is not #rrggbb")
        if event_type in colours:
            raise DataError(f"{where}: event type {event_type!r} is listed twice")
        colours[event_type] = colour
    return colours


def incidents_layer(incidents: Sequence[Incident]) -> dict:
    """The "Incidents" layer: one marker per place of an incident, coloured by type.

    The markers are the ``Point`` features of ``events.geojson`` (an incident at two
    places is two markers of one incident); incidents without a place are left out.
    The layer is data, not one marker object per incident: ``map.js`` draws every
    marker on one canvas and builds an incident's popup when it is clicked. The
    incidents are a dictionary-encoded table (the :func:`point_layer` way), so a type,
    place, actor or article shared by many incidents is written once:

    * ``columns``: ``tooltip``, then :data:`INCIDENT_COLUMNS` (the popup's rows:
      type, date, the counts with the words they came from, actors, who reported it,
      the article), then ``quote``;
    * ``values``: per column, its distinct texts;
    * ``incidents``: per incident ``[colour, date, i0, i1...]``: an index into
      ``colours``, the ISO date or None (the slider's "only incidents up to this
      date" filters on it), and per column an index into ``values`` (-1: empty);
    * ``markers``: ``[lon, lat, incident]``, the incident an index into ``incidents``;
    * ``cluster``: whether the markers are more than :data:`INCIDENT_CLUSTER_MIN`, in
      which case the map shows them as clusters until zoomed in.
    """
    colours = incident_colours()
    palette: list[str] = []
    columns = ["tooltip", *INCIDENT_COLUMNS, "quote"]
    values: list[list[str]] = [[] for _ in columns]
    indexes: list[dict[str, int]] = [{} for _ in columns]
    records: list[list] = []
    markers: list[list] = []
    for incident in incidents:
        # The Point geometries of its features in events.geojson (incident_features),
        # without building the features' properties once per place.
        points = [(round_coordinate(p.lon), round_coordinate(p.lat)) for p in incident.locations]
        if not points:
            continue
        props = incident_properties(incident)
        colour = colours.get(props["event_type"], _INCIDENT_DEFAULT_COLOUR)
        if colour not in palette:
            palette.append(colour)
        texts = _incident_texts(props)
        # For the slider's "only incidents up to this date" (ISO date or None: undated).
        date = incident.event_date.isoformat() if incident.event_date else None
        record: list = [palette.index(colour), date]
        for k, column in enumerate(columns):
            text = texts.get(column)
            if text is None:
                record.append(-1)
                continue
            index = indexes[k].get(text)
            if index is None:
                index = indexes[k][text] = len(values[k])
                values[k].append(text)
            record.append(index)
        markers.extend([lon, lat, len(records)] for lon, lat in points)
        records.append(record)
    return {
        "kind": "incidents",
        "name": INCIDENTS_LAYER,
        "show": True,
        "colours": palette,
        "columns": columns,
        "values": values,
        "incidents": records,
        "markers": markers,
        "cluster": len(markers) > INCIDENT_CLUSTER_MIN,
    }


def _incident_texts(props: dict) -> dict[str, str]:
    """An incident's texts by column of :func:`incidents_layer` (absent: not shown)."""
    texts = {
        "tooltip": f"{props['sub_event_type']} ({props['event_date']})",
        "Type": f"{props['event_type']} / {props['sub_event_type']}",
        "Date": f"{props['event_date']} (time precision {props['time_precision']})",
        "Where": f"{props['location']} (geo precision {props['geo_precision']})",
    }
    for label, value, words in (
        ("Killed", props["fatalities_best"], props["fatalities_text"]),
        ("Injured", props["injuries"], props["injuries_text"]),
        ("People affected", props["people_affected"], props["people_affected_text"]),
    ):
        if value is not None:
            texts[label] = f"{value} (\u201c{words}\u201d)"
    actors = " vs ".join(a for a in (props["actor1"], props["actor2"]) if a)
    if actors:
        texts["Actors"] = actors
    if props["assoc_actor_1"]:
        texts["With"] = props["assoc_actor_1"]
    texts["Reported by"] = props["source"] or "not named"
    if props["hedged"]:
        texts["Caution"] = f"hedged: \u201c{props['hedge_text']}\u201d"
    texts["Article"] = str(props["article"])
    if props["quote"] is not None:
        texts["quote"] = props["quote"]
    return texts


# ---------------------------------------------------------------------------
# Areas of control


def control_layer(
    snapshots: Sequence[Snapshot], opening_date: datetime.date | None = None
) -> dict | None:
    """The areas of control, for a map with a date slider.

    The snapshots become the features of ``control.geojson``
    (:func:`geomap.output.geojson.control_geojson`, in its order). Every feature (one
    controller over one interval) is a polygon in its controller's colour
    (``data/control/sides.csv``); contested ones are dashed. A slider picks the date:
    only the features valid on that date are shown, and the legend beside it gives
    each controller's district count, computed area and the reported area, and which
    geometry was used (approximate cells or real boundaries). The slider's dates are
    those of the changes, plus *opening_date* (the articles' date) when it falls
    between the first and the last; it opens on the latest date on or before
    *opening_date* (the first date if all are later), or on the last date when
    *opening_date* is None.

    Returns
    -------
    dict or None
        The layer's entry for the map data (kind ``control``: ``features`` with a
        ``style`` and a ``popup`` each, the slider's ``dates``, the index ``start``
        it opens on and one legend per date), or None when no feature has a geometry.
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
    start = len(dates) - 1
    if opening_date is not None:
        day = opening_date.isoformat()
        if dates[0] < day < dates[-1] and day not in dates:
            # The articles' own date is a stop of its own: the slider opens on the day
            # the story describes, showing the state of the change before it.
            bisect.insort(dates, day)
        start = max(bisect.bisect_right(dates, day) - 1, 0)
    return {
        "kind": "control",
        "name": CONTROL_LAYER,
        "show": True,
        "title": "Areas of control",
        "features": drawn,
        "dates": dates,
        "start": start,
        "legends": [_control_legend(features, date) for date in dates],
    }


def _controller_colour(controller: str) -> str:
    side = next((s for s in load_controllers() if s.id == controller), None)
    return side.colour if side else _CONTROL_DEFAULT_COLOUR


def _controller_label(controller: str) -> str:
    side = next((s for s in load_controllers() if s.id == controller), None)
    return side.label if side else controller


def _control_style(controller: str) -> dict:
    colour = _controller_colour(controller)
    contested = controller == CONTESTED
    return {
        "color": colour,
        "weight": 2,
        "fillColor": colour,
        "fillOpacity": 0.2 if contested else 0.35,
        "dashArray": "6 4" if contested else None,
    }


def _area_text(props: dict, date: str | None = None) -> str:
    """A controller's districts or towns, computed area and share, and what was reported.

    On a slider *date* inside the feature's interval, the reported share shown is the
    latest dated on or before it (the articles' date shows the articles' figure).
    """
    text = f"{props['district_count']} places, {props['area_km2']:.2f} km² computed"
    if props.get("share_percent") is not None:
        text += f" ({props['share_percent']:.1f} % of the area followed)"
    if props.get("reported_area_km2") is not None:
        qualifier = props.get("reported_area_qualifier") or ""
        reported = f"{qualifier} {props['reported_area_km2']:g}".strip()
        text += (
            f"; reported {reported} km² ({props['reported_area_date']}, "
            f"{props['reported_area_source']})"
        )
    shares = [s for s in props.get("reported_shares", ()) if date is None or s["date"] <= date]
    if shares:
        share = shares[-1]
        reported = f"{share['qualifier'] or ''} {share['share_percent']:g}".strip()
        text += f"; reported {reported} % ({share['date']}, {share['source']})"
    return text


def _control_popup(props: dict) -> dict:
    """The popup of one controller's area: dates, areas, districts, geometry, sources."""
    until = props["valid_to"] or "the end of the timeline"
    rows = [
        ("Held by", _controller_label(props["controller"])),
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
                "colour": _controller_colour(props["controller"]),
                "dashed": props["controller"] == CONTESTED,
                "label": _controller_label(props["controller"]),
                "text": _area_text(props, date),
            }
        )
    return {"rows": rows, "notes": [f"Geometry: {s}" for s in sorted(sources)]}
