"""GeoJSON: places.geojson, events.geojson and control.geojson, written one way.

Every coordinate geomap writes has :data:`COORDINATE_DECIMALS` decimals (about 0.1 m),
every area :data:`AREA_DECIMALS`; ``-0.0`` is written as ``0.0``, and
:func:`dumps_geojson` serialises with a fixed layout (compact unless an indent is
given), so equal runs give byte-identical files. The properties of each file are
documented in ``docs/geojson.md``.

:func:`places_geojson` turns a :class:`~geomap.model.PlaceReport` into an RFC 7946
FeatureCollection: one feature per distinct resolved place (its mentions across all
articles gathered together), then one feature with a ``null`` geometry per distinct
unresolved name. :func:`events_geojson` and :func:`control_geojson` do the same for
incidents and control snapshots; :func:`write_places` writes places atomically.

Incidents are written as ACLED codes events: one record per place
(:func:`event_records`), so an incident at two places is two ``Point`` features that
share an ``incident_id``, its counts shared out between them (:func:`split_count`).
The CSV (:mod:`geomap.output.tables`) has the same records as rows.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from geomap import settings
from geomap.model import (
    Article,
    ControlChange,
    EventPlace,
    Incident,
    Mention,
    PlaceReport,
    Report,
    Snapshot,
)
from geomap.output.files import atomic_write_text
from geomap.text.normalize import name_key

if TYPE_CHECKING:
    from geomap.places.gazetteer import Gazetteer

__all__ = [
    "AREA_DECIMALS",
    "COORDINATE_DECIMALS",
    "EVENT_PROPERTY_NAMES",
    "MAP_POINT_DECIMALS",
    "METHOD_ORDER",
    "PROPERTY_NAMES",
    "SPLIT_COUNTS",
    "change_feature",
    "control_geojson",
    "dumps_geojson",
    "event_ids",
    "event_records",
    "events_geojson",
    "geojson_geometry",
    "incident_features",
    "incident_properties",
    "places_geojson",
    "round_coordinate",
    "round_or_none",
    "snapshot_feature",
    "split_count",
    "write_places",
]

COORDINATE_DECIMALS = 6
# The points the map draws from a ``--layer`` file, and its district labels: about 1 m
# is finer than a marker on screen, and the digit saved per coordinate keeps map.html
# of a 100,000-point layer 200 kB smaller. The files geomap writes keep six.
MAP_POINT_DECIMALS = 5
CONFIDENCE_DECIMALS = 3
AREA_DECIMALS = 3
# A share of a timeline's area, in per cent: reports give whole numbers.
SHARE_DECIMALS = 1
SCORE_DECIMALS = 1

# How a name matched, best first; a place's ``method`` is the best of its mentions'.
# ``online`` (found by Nominatim, --online) comes last: the least sure.
METHOD_ORDER = ("exact", "alternative", "normalised", "demonym", "skeleton", "fuzzy", "online")

# The properties of every feature of places.geojson, in output order (docs/geojson.md).
PROPERTY_NAMES = (
    "place_id",
    "name",
    "kind",
    "status",
    "role",
    "roles",
    "country",
    "parent_id",
    "area_km2",
    "method",
    "confidence",
    "mention_count",
    "mentions",
    "articles",
    "suggestions",
    "source",
    "licence",
)


def round_or_none(value: float | None, decimals: int) -> float | None:
    """Round *value* to *decimals* places (``None`` stays ``None``; ``-0.0`` becomes ``0.0``)."""
    if value is None:
        return None
    return round(float(value), decimals) + 0.0


def round_coordinate(value: float, decimals: int = COORDINATE_DECIMALS) -> float:
    """One longitude or latitude as written: *decimals* places, ``-0.0`` as ``0.0``.

    Files take the default, :data:`COORDINATE_DECIMALS`; the map's point layers
    :data:`MAP_POINT_DECIMALS`.

    >>> round_coordinate(37.1234567), round_coordinate(-0.0000001, MAP_POINT_DECIMALS)
    (37.123457, 0.0)
    """
    return round(float(value), decimals) + 0.0


def _round_coords(coords: Any) -> Any:
    if isinstance(coords, (int, float)):
        return round_coordinate(coords)
    return [_round_coords(c) for c in coords]


def geojson_geometry(geom: Any) -> dict | None:
    """A shapely geometry as RFC 7946 GeoJSON: 6-decimal coordinates, CCW outer rings."""
    if geom is None or geom.is_empty:
        return None
    import shapely
    from shapely.geometry import mapping

    geom = shapely.orient_polygons(geom) if hasattr(shapely, "orient_polygons") else geom
    data = mapping(geom)
    if "coordinates" in data:
        return {"type": data["type"], "coordinates": _round_coords(data["coordinates"])}
    return {
        "type": data["type"],
        "geometries": [geojson_geometry(shapely.geometry.shape(g)) for g in data["geometries"]],
    }


# ---------------------------------------------------------------------------
# places.geojson


@dataclass(slots=True)
class _Group:
    """The mentions of one place (or of one unresolved name), in report order."""

    key: str
    mentions: list[Mention] = field(default_factory=list)


def places_geojson(report: PlaceReport) -> dict:
    """Return the places of *report* as an RFC 7946 FeatureCollection.

    Parameters
    ----------
    report
        The geoparser's report (see :func:`geomap.places.geoparse.parse_articles`).

    Returns
    -------
    dict
        ``{"type": "FeatureCollection", "features": [...]}``: one ``Point`` feature per
        distinct resolved place, in order of first mention (article order, then
        offset), then one feature with a ``null`` geometry per distinct unresolved
        name (grouped by folded name), likewise ordered. ``not_a_place`` mentions are
        left out. The properties are :data:`PROPERTY_NAMES`, see ``docs/geojson.md``.
    """
    return {"type": "FeatureCollection", "features": list(place_features(report))}


def place_features(report: PlaceReport) -> Iterator[dict]:
    """The features of :func:`places_geojson`, made one at a time as they are asked for."""
    mentions = _in_report_order(report)
    resolved = _group(m for m in mentions if m.status == "resolved" and m.place is not None)
    unresolved = _group(m for m in mentions if m.status == "unresolved")
    articles = _by_name(d.article for d in report.documents)
    for feature in itertools.chain(
        (_resolved_feature(g) for g in resolved), (_unresolved_feature(g) for g in unresolved)
    ):
        named = feature["properties"]["mentions"]
        named[:] = [_with_article_link(m, articles) for m in named]
        yield feature


def _by_name(articles: Iterable[Article]) -> dict[str, Article]:
    """The articles by name: mentions and reports name their article (names are unique)."""
    return {a.name: a for a in articles}


def _with_article_link(item: dict, articles: Mapping[str, Article]) -> dict:
    """*item* with ``article_id`` and ``article_url`` after its ``article`` (null if unknown)."""
    article = articles.get(item["article"]) if item["article"] is not None else None
    linked = {}
    for key, value in item.items():
        linked[key] = value
        if key == "article":
            linked["article_id"] = article.id if article else None
            linked["article_url"] = article.url if article else None
    return linked


def dumps_geojson(data: dict, *, indent: int | None = None) -> str:
    """Serialise GeoJSON deterministically: compact UTF-8 JSON and a trailing newline.

    Compact by default (no spaces: ``separators=(",", ":")``): a corpus's
    events.geojson is a third smaller than indented, and ``json``'s C encoder writes
    it (the indenting one is pure Python, several times slower on large files).
    Non-ASCII characters are written as themselves; keys keep their order.

    Parameters
    ----------
    data
        A GeoJSON object such as :func:`places_geojson` returns.
    indent
        Indent nested objects by this many spaces, one item a line (``--indent``);
        ``None`` for compact text.

    Returns
    -------
    str
        The JSON text; the same *data* and *indent* always give the same text.

    Raises
    ------
    ValueError
        If *data* holds a NaN or infinite number, which JSON cannot represent.

    Examples
    --------
    >>> dumps_geojson({"type": "Point", "coordinates": [37.1, 36.2]})
    '{"type":"Point","coordinates":[37.1,36.2]}\\n'
    >>> print(dumps_geojson({"name": "حلب"}, indent=1), end="")
    {
     "name": "حلب"
    }
    """
    if indent is None:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    else:
        text = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    return text + "\n"


def geojson_chunks(features: Iterable[dict], *, indent: int | None = None) -> Iterator[bytes]:
    """A FeatureCollection of *features* as UTF-8 pieces, one feature at a time.

    Joined, the pieces are exactly ``dumps_geojson({"type": "FeatureCollection",
    "features": list(features)}, indent=indent)`` encoded; compact, each feature is
    made and encoded only when its piece is asked for, so a corpus's events.geojson
    is never whole in memory, as a dict or as text, before it is written
    (:func:`geomap.output.files.write_output_folder` takes the pieces). Indented, the
    text is made whole (``--indent`` is for reading, not for corpora).
    """
    if indent is not None:
        collection = {"type": "FeatureCollection", "features": list(features)}
        yield dumps_geojson(collection, indent=indent).encode("utf-8")
        return
    yield b'{"type":"FeatureCollection","features":['
    separator = b""
    for feature in features:
        text = json.dumps(feature, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        yield separator + text.encode("utf-8")
        separator = b","
    yield b"]}\n"


def write_places(report: PlaceReport, path: str | os.PathLike[str]) -> None:
    """Write the places of *report* to *path* as GeoJSON, atomically.

    Parameters
    ----------
    report
        The geoparser's report.
    path
        The file to write (conventionally ``places.geojson``).

    Raises
    ------
    OutputError
        If the file cannot be written.
    """
    atomic_write_text(path, dumps_geojson(places_geojson(report)))


def _in_report_order(report: PlaceReport) -> list[Mention]:
    """The mentions sorted by article (the report's order), then by offset."""
    rank = {name: i for i, name in reversed(list(enumerate(report.articles)))}
    indexed = list(enumerate(report.mentions))
    indexed.sort(key=lambda im: (rank.get(im[1].article, len(rank)), im[1].start, im[0]))
    return [m for _, m in indexed]


def _group(mentions: Iterable[Mention]) -> list[_Group]:
    """Group mentions by place id (resolved) or folded name (unresolved), keeping order."""
    groups: dict[str, _Group] = {}
    for mention in mentions:
        key = mention.place.id if mention.place is not None else name_key(mention.text)
        key = key or mention.text
        groups.setdefault(key, _Group(key)).mentions.append(mention)
    return list(groups.values())


def _resolved_feature(group: _Group) -> dict:
    place = group.mentions[0].place
    assert place is not None
    geometry = {
        "type": "Point",
        "coordinates": [
            round_or_none(place.lon, COORDINATE_DECIMALS),
            round_or_none(place.lat, COORDINATE_DECIMALS),
        ],
    }
    properties = {
        "place_id": place.id,
        "name": place.name,
        "kind": place.kind,
        "status": "resolved",
        **_role_properties(group.mentions),
        "country": place.country,
        "parent_id": place.parent,
        "area_km2": round_or_none(place.area_km2, AREA_DECIMALS),
        "method": _best_method(group.mentions),
        **_mention_properties(group.mentions),
        "suggestions": [],
        "source": place.source or None,
        "licence": place.licence or None,
    }
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _unresolved_feature(group: _Group) -> dict:
    properties = {
        "place_id": None,
        "name": group.mentions[0].text,
        "kind": None,
        "status": "unresolved",
        **_role_properties(group.mentions),
        "country": None,
        # The city the articles are about, where the unknown name probably is.
        "parent_id": next((m.parent.id for m in group.mentions if m.parent), None),
        "area_km2": None,
        "method": None,
        **_mention_properties(group.mentions),
        "suggestions": _suggestions(group.mentions),
        "source": None,
        "licence": None,
    }
    return {"type": "Feature", "geometry": None, "properties": properties}


def _role_properties(mentions: list[Mention]) -> dict:
    roles = sorted({m.role for m in mentions})
    role = next(r for r in ("location", "actor", "part_of_name") if r in roles)
    return {"role": role, "roles": roles}


def _mention_properties(mentions: list[Mention]) -> dict:
    """``confidence``, ``mention_count``, ``mentions`` and ``articles``, in that order."""
    return {
        "confidence": round_or_none(max(m.confidence for m in mentions), CONFIDENCE_DECIMALS),
        "mention_count": len(mentions),
        "mentions": [_mention_object(m) for m in mentions],
        "articles": sorted({m.article for m in mentions}),
    }


def _mention_object(mention: Mention) -> dict:
    return {
        "article": mention.article,
        "text": mention.text,
        "start": mention.start,
        "end": mention.end,
        "role": mention.role,
        "method": mention.method,
        "confidence": round_or_none(mention.confidence, CONFIDENCE_DECIMALS),
        "sentence": mention.sentence,
    }


def _best_method(mentions: list[Mention]) -> str | None:
    methods = [m.method for m in mentions if m.method]
    if not methods:
        return None
    return min(
        methods, key=lambda m: METHOD_ORDER.index(m) if m in METHOD_ORDER else len(METHOD_ORDER)
    )


def _suggestions(mentions: list[Mention]) -> list[dict]:
    """The suggestions of all mentions: first mention's rank order first, each place once."""
    best: dict[str, dict] = {}
    for mention in mentions:
        for candidate in mention.suggestions:
            place = candidate.place
            score = round_or_none(candidate.score, SCORE_DECIMALS)
            if place.id not in best:
                best[place.id] = {
                    "place_id": place.id,
                    "name": place.name,
                    "kind": place.kind,
                    "score": score,
                }
            elif score > best[place.id]["score"]:
                best[place.id]["score"] = score
    return list(best.values())[: settings.SUGGESTION_LIMIT]


# ---------------------------------------------------------------------------
# events.geojson and control.geojson


def events_geojson(
    incidents: Iterable[Incident],
    *,
    gazetteer: Gazetteer | None = None,
    articles: Iterable[Article] = (),
) -> dict:
    """The incidents as an RFC 7946 FeatureCollection: one ``Point`` feature per place.

    An incident at N places gives N features, in the order its places were named,
    sharing ``incident_id`` (see :func:`incident_features`); the incidents keep the
    order given. Every geometry is a ``Point`` or, for an incident without a place,
    ``null``, so the file converts to formats of one geometry type (ESRI Shapefile).

    Parameters
    ----------
    incidents
        The incidents (see :func:`geomap.api.find_events`).
    gazetteer
        The gazetteer they were found with: gives ``country`` and ``admin1`` of each
        place after the first (the first's are the incident's). Without it those are
        ``null`` on the second and later features.
    articles
        The articles read: give ``article_id`` and ``article_url`` (see
        :func:`event_records`); without them those are ``null``.
    """
    features = event_features(incidents, gazetteer=gazetteer, articles=articles)
    return {"type": "FeatureCollection", "features": list(features)}


def event_features(
    incidents: Iterable[Incident],
    *,
    gazetteer: Gazetteer | None = None,
    articles: Iterable[Article] = (),
) -> Iterator[dict]:
    """The features of :func:`events_geojson`, made one at a time as they are asked for."""
    by_name = _by_name(articles)
    for incident in incidents:
        yield from incident_features(incident, gazetteer=gazetteer, articles=by_name)


def control_geojson(items: Sequence[Snapshot]) -> dict:
    """The snapshots as an RFC 7946 FeatureCollection (see ``docs/geojson.md``)."""
    from geomap.control import controller_ids

    order = {c: i for i, c in enumerate(controller_ids())}
    ordered = sorted(items, key=lambda s: (s.valid_from, order.get(s.controller, 99)))
    return {"type": "FeatureCollection", "features": [snapshot_feature(s) for s in ordered]}


def _event_place_dict(place: EventPlace) -> dict:
    return {
        "name": place.name,
        "place_id": place.place_id,
        "kind": place.kind,
        "lat": round_coordinate(place.lat),
        "lon": round_coordinate(place.lon),
        "text": place.text,
        "start": place.start,
        "end": place.end,
    }


def _report_dict(report: Report) -> dict:
    return {
        "article": report.article,
        "source": report.source,
        "source_detail": report.source_detail,
        "quote": report.quote,
        "start": report.start,
        "end": report.end,
        "hedged": report.hedged,
        "hedge_text": report.hedge_text,
    }


def incident_properties(incident: Incident) -> dict:
    """The incident as plain JSON-ready properties, in the documented order."""
    first = incident.reports[0] if incident.reports else None
    return {
        "event_id_cnty": incident.event_id,
        "event_date": incident.event_date.isoformat() if incident.event_date else None,
        "year": incident.event_date.year if incident.event_date else None,
        "time_precision": incident.time_precision,
        "date_text": incident.date_text,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "trigger": incident.trigger,
        "actor1": incident.actor1,
        "assoc_actor_1": "; ".join(incident.assoc_actor_1) or None,
        "inter1": incident.inter1,
        "actor2": incident.actor2,
        "assoc_actor_2": "; ".join(incident.assoc_actor_2) or None,
        "inter2": incident.inter2,
        "interaction": incident.interaction,
        "country": incident.country,
        "admin1": incident.admin1,
        "location": "; ".join(p.name for p in incident.locations) or None,
        "locations": [_event_place_dict(p) for p in incident.locations],
        "geo_precision": incident.geo_precision,
        "location_note": incident.location_note,
        "unresolved_places": list(incident.unresolved_places),
        "fatalities": incident.fatalities,
        "fatalities_low": incident.fatalities_low,
        "fatalities_best": incident.fatalities_best,
        "fatalities_high": incident.fatalities_high,
        "fatalities_text": incident.fatalities_text,
        "fatalities_breakdown": dict(incident.fatalities_breakdown),
        "injuries": incident.injuries,
        "injuries_text": incident.injuries_text,
        "people_affected": incident.people_affected,
        "people_affected_text": incident.people_affected_text,
        "counts": [dict(c) for c in incident.counts],
        "refused_counts": [dict(r) for r in incident.refused_counts],
        "source": "; ".join(incident.sources) or None,
        "source_detail": first.source_detail if first else None,
        "hedged": incident.hedged,
        "hedge_text": first.hedge_text if first else None,
        "quote": first.quote if first else None,
        "article": first.article if first else None,
        "start": first.start if first else None,
        "end": first.end if first else None,
        "reports": [_report_dict(r) for r in incident.reports],
        "notes": incident.notes,
        "tags": list(incident.tags),
        "confidence": incident.confidence,
    }


# The properties of every feature of events.geojson, in output order (docs/geojson.md).
EVENT_PROPERTY_NAMES = (
    "event_id_cnty",
    "incident_id",
    "place_index",
    "places_in_incident",
    "event_date",
    "year",
    "time_precision",
    "date_text",
    "event_type",
    "sub_event_type",
    "trigger",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "country",
    "admin1",
    "location",
    "place_id",
    "place_kind",
    "latitude",
    "longitude",
    "incident_locations",
    "locations",
    "geo_precision",
    "location_note",
    "unresolved_places",
    "fatalities",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "incident_fatalities",
    "fatalities_text",
    "fatalities_breakdown",
    "injuries",
    "injuries_text",
    "people_affected",
    "people_affected_text",
    "counts",
    "refused_counts",
    "source",
    "source_detail",
    "hedged",
    "hedge_text",
    "quote",
    "article",
    "article_id",
    "article_url",
    "start",
    "end",
    "reports",
    "notes",
    "tags",
    "confidence",
)

# The counts shared out over the places of an incident (see split_count): summed over
# the features, each gives the incident's figure once.
SPLIT_COUNTS = (
    "fatalities",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "injuries",
    "people_affected",
)


def split_count(total: int | None, parts: int) -> list[int | None]:
    """*total* shared over *parts* records as ACLED does: evenly, the rest to the first.

    ACLED records one event per location; a toll reported for several places together
    is divided evenly among their events, and what does not divide goes one each to
    the first. The shares add up to *total* exactly (integers, never floats), so a
    column summed over the records counts every person once. ``None`` (no figure)
    stays ``None`` on every record.

    >>> split_count(67, 2), split_count(1, 3), split_count(None, 2), split_count(13, 1)
    ([34, 33], [1, 0, 0], [None, None], [13])
    """
    if total is None:
        return [None] * parts
    share, rest = divmod(total, parts)
    return [share + (1 if i < rest else 0) for i in range(parts)]


def event_ids(incident: Incident) -> list[str]:
    """The ``event_id_cnty`` of each record of *incident*, one per place.

    One place (or none): the incident's own id. Several: the incident's id with
    ``-1``, ``-2``... in the order the places were named.

    >>> from dataclasses import replace
    >>> from geomap.model import EventPlace
    >>> place = EventPlace("X", "x", "district", 36.2, 37.1, "X", 0, 1)
    >>> incident = Incident("GEOMAP-0a1b", None, 3, None, "k", "t", "Battles", "Armed clash")
    >>> event_ids(incident), event_ids(replace(incident, locations=(place, place)))
    (['GEOMAP-0a1b'], ['GEOMAP-0a1b-1', 'GEOMAP-0a1b-2'])
    """
    count = len(incident.locations)
    if count <= 1:
        return [incident.event_id]
    return [f"{incident.event_id}-{n}" for n in range(1, count + 1)]


def event_records(
    incident: Incident,
    *,
    gazetteer: Gazetteer | None = None,
    articles: Mapping[str, Article] | None = None,
) -> list[dict]:
    """The incident as ACLED codes it: one record (properties) per place.

    Every record has :data:`EVENT_PROPERTY_NAMES`, in that order (``docs/geojson.md``):
    its own ``event_id_cnty`` (:func:`event_ids`), the shared ``incident_id``, its
    place (``location``, ``place_id``, ``place_kind``, ``latitude``, ``longitude``,
    ``country``, ``admin1``), its share of each count (:data:`SPLIT_COUNTS`,
    :func:`split_count`), and the incident's merged view (``incident_locations``,
    ``locations``, ``incident_fatalities``, the reports). An incident without a place
    gives one record with null place fields.

    Parameters
    ----------
    incident
        The incident.
    gazetteer
        Gives ``country`` and ``admin1`` of the second and later places (the first
        place's are the incident's own); without it, those are ``None``.
    articles
        The articles read, by name: give the ``article_id`` and ``article_url`` of the
        record and of each of its ``reports``; without them, those are ``None``.
    """
    articles = articles or {}
    places = incident.locations
    rows = max(1, len(places))
    ids = event_ids(incident)
    merged = incident_properties(incident)
    shares = {key: split_count(merged[key], rows) for key in SPLIT_COUNTS}
    records = []
    for index in range(rows):
        props = incident_properties(incident) if index else merged  # no shared lists
        place = places[index] if places else None
        country, admin1 = _country_admin1(incident, index, gazetteer)
        record = {
            "event_id_cnty": ids[index],
            "incident_id": incident.event_id,
            "place_index": index + 1 if place else None,
            "places_in_incident": len(places),
            "country": country,
            "admin1": admin1,
            "location": place.name if place else None,
            "place_id": place.place_id if place else None,
            "place_kind": place.kind if place else None,
            "latitude": round_coordinate(place.lat) if place else None,
            "longitude": round_coordinate(place.lon) if place else None,
            "incident_locations": props["location"],
            "incident_fatalities": props["fatalities"],
            "reports": [_with_article_link(r, articles) for r in props["reports"]],
            **_with_article_link({"article": props["article"]}, articles),
        }
        record.update((key, shares[key][index]) for key in SPLIT_COUNTS)
        # The rest is the incident's, as incident_properties gives it; in the set order.
        records.append(
            {key: record[key] if key in record else props[key] for key in EVENT_PROPERTY_NAMES}
        )
    return records


def _country_admin1(
    incident: Incident, index: int, gazetteer: Gazetteer | None
) -> tuple[str | None, str | None]:
    """``country`` and ``admin1`` of the incident's place number *index* (from 0)."""
    if index == 0:
        return incident.country, incident.admin1  # worked out from the first place
    if gazetteer is None:
        return None, None
    from geomap.events.locations import country_admin1

    return country_admin1((incident.locations[index],), gazetteer)


def incident_features(
    incident: Incident,
    *,
    gazetteer: Gazetteer | None = None,
    articles: Mapping[str, Article] | None = None,
) -> list[dict]:
    """The incident as RFC 7946 Features, one ``Point`` per place (:func:`event_records`).

    An incident without a place is one feature with a ``null`` geometry.
    """
    features = []
    for record in event_records(incident, gazetteer=gazetteer, articles=articles):
        lon, lat = record["longitude"], record["latitude"]
        geometry = None if lon is None else {"type": "Point", "coordinates": [lon, lat]}
        features.append({"type": "Feature", "geometry": geometry, "properties": record})
    return features


def change_feature(change: ControlChange, geometry: Any = None) -> dict:
    """The change as a GeoJSON Feature (the district's polygon, or a null geometry)."""
    return {
        "type": "Feature",
        "geometry": geojson_geometry(geometry),
        "properties": change.to_dict(),
    }


def _reported(snapshot: Snapshot, kind: str) -> list[dict]:
    """The snapshot's reported figures of one kind, each keyed by its unit (*kind*)."""
    return [
        {
            "date": f.date.isoformat(),
            kind: f.value,
            "qualifier": f.qualifier or None,
            "source": f.source,
        }
        for f in snapshot.reported
        if f.kind == kind
    ]


def snapshot_feature(snapshot: Snapshot) -> dict:
    """The snapshot as an RFC 7946 Feature (see ``docs/geojson.md``, control.geojson)."""
    figure = snapshot.reported_figure
    share = snapshot.reported_share
    difference = snapshot.difference_km2
    properties = {
        "controller": snapshot.controller,
        "valid_from": snapshot.valid_from.isoformat(),
        "valid_to": snapshot.valid_to.isoformat() if snapshot.valid_to else None,
        "area_km2": round_or_none(snapshot.area_km2, AREA_DECIMALS),
        "reported_area_km2": figure.value if figure else None,
        "reported_area_qualifier": (figure.qualifier or None) if figure else None,
        "reported_area_date": figure.date.isoformat() if figure else None,
        "reported_area_source": figure.source if figure else None,
        "difference_km2": round_or_none(difference, AREA_DECIMALS),
        "share_percent": round_or_none(snapshot.share_percent, SHARE_DECIMALS),
        "reported_share_percent": share.value if share else None,
        "reported_share_qualifier": (share.qualifier or None) if share else None,
        "reported_share_date": share.date.isoformat() if share else None,
        "reported_share_source": share.source if share else None,
        "reported_areas": _reported(snapshot, "area_km2"),
        "reported_shares": _reported(snapshot, "share_percent"),
        "district_count": len(snapshot.district_ids),
        "districts": list(snapshot.districts),
        "district_ids": list(snapshot.district_ids),
        "changed": list(snapshot.changed),
        "claimed_district_ids": list(snapshot.claimed_district_ids),
        "contested_between": list(snapshot.contested_between),
        "missing_geometry": list(snapshot.missing_geometry),
        "geometry_source": snapshot.geometry_source,
        "sources": list(snapshot.sources),
    }
    return {
        "type": "Feature",
        "geometry": geojson_geometry(snapshot.geometry),
        "properties": properties,
    }
