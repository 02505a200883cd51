"""A city's districts, villages and landmarks from OpenStreetMap, as gazetteer places.

Two sources give the same rows (``geomap gazetteer fetch`` and ``geomap gazetteer
import FILE.osm.pbf --within PLACE``):

* :func:`fetch_features` asks OpenStreetMap's Overpass API through osmnx for the
  features within a radius of a city's point (the only part of this module that uses
  the network; osmnx keeps its answers in geomap's cache folder);
* :func:`read_extract` reads an OpenStreetMap extract (``.osm.pbf`` or ``.osm`` XML)
  offline with pyosmium.

Both yield :class:`OsmFeature` records, which :func:`places_from_features` turns into
:class:`~geomap.model.Place` rows and polygons without any network: which tags make a
place, and of which kind, is the table ``data/gazetteer/osm/tags.csv``. osmnx and
pyosmium are the optional extra ``geomap[osm]``, imported only here and only inside the
functions that need them.
"""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from geomap import __version__, knowledge, settings
from geomap.errors import DataError, DependencyError, InputError, NetworkError
from geomap.model import Place, PlaceKind
from geomap.places.gazetteer import Gazetteer
from geomap.text.normalize import is_arabic, name_key

__all__ = [
    "OSM_ATTRIBUTION",
    "OSM_LICENCE",
    "OsmFeature",
    "OsmGazetteer",
    "OsmTag",
    "default_radius_km",
    "features_from_frame",
    "fetch_features",
    "is_osm_extract",
    "overpass_tags",
    "places_from_features",
    "read_extract",
    "tag_table",
]

OSM_ATTRIBUTION = "© OpenStreetMap contributors"
# The attribution ODbL asks for travels with the licence: the map's credits line lists
# licences, and "ODbL 1.0" alone would not name OpenStreetMap.
OSM_LICENCE = "ODbL 1.0 (© OpenStreetMap contributors)"
TAGS_FILE = "osm/tags.csv"
INSTALL_HINT = "this command needs OpenStreetMap support: pip install 'geomap[osm]'"
# File names pyosmium reads as OpenStreetMap data (PBF, or XML plain or compressed).
EXTRACT_SUFFIXES = (".pbf", ".osm", ".osm.gz", ".osm.bz2")
# The kinds an OpenStreetMap feature may have: a part or landmark of the city
# (district), or a town or village of its own near it (city).
_FEATURE_KINDS = ("city", "district")
# Tags holding a name (OSM wiki: Key:name, Names): each alone or with a language
# suffix (``name:ar``, ``alt_name:en``, ``name:zh-Hans``). Other ``name:*`` keys
# (``name:etymology``, ``name:prefix``, ``name:signed``) are not names.
_NAME_TAG_RE = re.compile(
    r"(?:name|alt_name|old_name|official_name|short_name|int_name|loc_name|nat_name|reg_name)"
    r"(?::[a-z]{2,3}(?:-[A-Za-z]{2,8})?)?"
)
# An alternative name needs this many letters or digits after folding: one letter
# alone would match initials and list markers in any text.
_MIN_ALT_NAME_LENGTH = 2
ElementType = Literal["node", "way", "relation"]


@dataclass(frozen=True, slots=True)
class OsmTag:
    """One row of ``data/gazetteer/osm/tags.csv``: features tagged key=value are places of kind."""

    key: str
    value: str
    kind: PlaceKind


@dataclass(frozen=True, slots=True)
class OsmFeature:
    """One OpenStreetMap element: its type, id, tags and geometry (shapely, WGS 84).

    Attributes
    ----------
    element
        ``node``, ``way`` or ``relation``.
    osm_id
        Its OpenStreetMap id.
    tags
        Every tag it has.
    geometry
        A point for a node, a line or polygon for a way, a (multi)polygon for a
        multipolygon relation.
    """

    element: ElementType
    osm_id: int
    tags: Mapping[str, str]
    geometry: Any


@dataclass(frozen=True, slots=True)
class OsmGazetteer:
    """What :func:`places_from_features` made of a city's OpenStreetMap features.

    Attributes
    ----------
    city
        The place the rows belong to (every row's ``parent``).
    radius_km
        How far from the city's point the rows' points lie at most.
    places
        The rows, sorted by id.
    polygons
        Place id → its (multi)polygon in WGS 84, for the places mapped as areas.
    """

    city: Place
    radius_km: float
    places: tuple[Place, ...]
    polygons: Mapping[str, Any] = field(default_factory=dict)


@knowledge.cached
def tag_table() -> tuple[OsmTag, ...]:
    """The tags that make a feature a place, and its kind, in order of precedence.

    Raises
    ------
    DataError
        When ``data/gazetteer/osm/tags.csv`` is missing, lacks a column, or names a
        kind other than ``city`` or ``district``.
    """
    rows = knowledge.table("gazetteer", TAGS_FILE, ("key", "value", "kind"))
    table = []
    for row in rows:
        if row["kind"] not in _FEATURE_KINDS:
            raise DataError(
                f"gazetteer/{TAGS_FILE}: {row['key']}={row['value']} has kind "
                f"{row['kind']!r}, not one of {', '.join(_FEATURE_KINDS)}"
            )
        table.append(OsmTag(row["key"], row["value"], typing.cast(PlaceKind, row["kind"])))
    return tuple(table)


def overpass_tags(table: Iterable[OsmTag] = ()) -> dict[str, list[str]]:
    """The tag filter of an osmnx query: key → the values wanted (the union is asked)."""
    tags: dict[str, list[str]] = {}
    for row in table or tag_table():
        tags.setdefault(row.key, []).append(row.value)
    return tags


def default_radius_km(city: Place) -> float:
    """How far around *city*'s point to look, in km: farther for the most populous cities."""
    if city.population and city.population >= settings.OSM_LARGE_CITY_POPULATION:
        return settings.OSM_LARGE_CITY_RADIUS_KM
    return settings.OSM_RADIUS_KM


def is_osm_extract(path: str | Path) -> bool:
    """Whether *path* names an OpenStreetMap extract (``.osm.pbf``, ``.osm``...) by its suffix."""
    return Path(path).name.lower().endswith(EXTRACT_SUFFIXES)


# ---------------------------------------------------------------------------
# Features → places (no network)


@dataclass(slots=True)
class _Found:
    """A feature that makes a place, measured in the city's UTM zone (metres)."""

    feature: OsmFeature
    kind: PlaceKind
    name: str
    polygon: Any  # WGS 84 (multi)polygon, or None for a point or a line
    point: Any  # metric
    lonlat: tuple[float, float]  # the same point in WGS 84
    area_m2: float
    names: list[str]


def places_from_features(
    features: Iterable[OsmFeature],
    city: Place,
    radius_km: float,
    *,
    table: Iterable[OsmTag] = (),
    gazetteer: Gazetteer | None = None,
) -> OsmGazetteer:
    """Turn OpenStreetMap features into gazetteer places of *city*.

    A feature is a place when it has a name and a tag of *table* (the first tag of
    the table it has gives its kind); its point lies within *radius_km* of the city's
    point. A place's point is its polygon's centroid computed in the city's UTM zone
    (or, when the centroid falls outside a concave polygon, a point inside it), a
    line's midpoint, or a node's own point; its area is measured in the same zone.
    Features of one kind with the same folded name less than
    :data:`geomap.settings.OSM_MERGE_KM` apart, or one inside the other's polygon,
    are one place (a suburb mapped both as a node and as an area): the largest
    polygon's id wins and every name is kept. A feature named like the city itself
    (one of its names, or a name *gazetteer* resolves to the city) is left out, so
    that the city's name keeps meaning the city.

    Parameters
    ----------
    features
        The features (:func:`features_from_frame`, :func:`read_extract`).
    city
        The city; every place's ``parent`` is its id and ``country`` its country.
    radius_km
        How far from the city's point a place may lie.
    table
        The tag table (default :func:`tag_table`).
    gazetteer
        Where the city's other names are known (the world tier keeps a city's
        alternative names in its index, not on the place).

    Returns
    -------
    OsmGazetteer
        The places (``name`` is ``name:en`` if tagged, else ``name``; ``alt_names``
        every other name tag, ``alt_name`` split on ``;``; ``name_ar`` is
        ``name:ar``, else ``name`` when it is in Arabic script) and the polygons.

    Raises
    ------
    InputError
        If the features cannot be measured in metres (no UTM zone near the poles).
    """
    rows = tuple(table) or tag_table()
    city_keys = {name_key(spelling) for spelling, _variant in city.names()}
    found = []
    for feature in features:
        kind = _kind(feature.tags, rows)
        name = _main_name(feature.tags)
        if kind is None or not name or _names_city(name, city, city_keys, gazetteer):
            continue
        geometry, polygon = _clean_geometry(feature.geometry)
        if geometry is None:
            continue
        found.append((feature, kind, name, geometry, polygon))
    if not found:
        return OsmGazetteer(city, radius_km, ())
    measured = _measure(found, city, radius_km)
    places: list[Place] = []
    polygons: dict[str, Any] = {}
    for group in _merged(measured):
        place = _place(group, city)
        places.append(place)
        if group[0].polygon is not None:
            polygons[place.id] = group[0].polygon
    places.sort(key=lambda p: p.id)
    return OsmGazetteer(city, radius_km, tuple(places), polygons)


def _names_city(name: str, city: Place, keys: set[str], gazetteer: Gazetteer | None) -> bool:
    if name_key(name) in keys:
        return True
    return gazetteer is not None and any(c.place.id == city.id for c in gazetteer.lookup(name))


def _kind(tags: Mapping[str, str], table: Iterable[OsmTag]) -> PlaceKind | None:
    return next((row.kind for row in table if tags.get(row.key) == row.value), None)


def _main_name(tags: Mapping[str, str]) -> str:
    for key in ("name:en", "name", "int_name"):
        value = " ".join(tags.get(key, "").split())
        if value:
            return value
    return ""


def _tag_names(tags: Mapping[str, str]) -> list[str]:
    """Every name a feature's tags give, ``;``-separated lists split."""
    return [
        " ".join(part.split())
        for key, value in sorted(tags.items())
        if _NAME_TAG_RE.fullmatch(key)
        for part in value.split(";")
        if part.strip()
    ]


def _clean_geometry(geometry: Any) -> tuple[Any, Any]:
    """The geometry to measure and the polygon to keep (None for points and lines).

    Invalid polygons (self-intersecting rings drawn by hand) are repaired; a
    geometry with nothing usable left is ``(None, None)``.
    """
    import shapely

    if geometry is None or geometry.is_empty:
        return None, None
    if geometry.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
        repaired = shapely.make_valid(geometry)
        parts = [p for p in shapely.get_parts(repaired) if p.geom_type.endswith("Polygon")]
        polygon = shapely.union_all(parts) if parts else None
        if polygon is not None and not polygon.is_empty:
            return polygon, polygon
        return (geometry, None) if geometry.geom_type != "GeometryCollection" else (None, None)
    return geometry, None


def _measure(
    found: list[tuple[OsmFeature, PlaceKind, str, Any, Any]], city: Place, radius_km: float
) -> list[_Found]:
    """Points and areas in metres, in the city's UTM zone; the features within the radius."""
    import geopandas as gpd
    from shapely.geometry import Point

    try:
        centre = gpd.GeoSeries([Point(city.lon, city.lat)], crs="EPSG:4326")
        utm = centre.estimate_utm_crs()
        metric = gpd.GeoSeries([f[3] for f in found], crs="EPSG:4326").to_crs(utm)
        origin = centre.to_crs(utm).iloc[0]
        points = gpd.GeoSeries([_inner_point(shape) for shape in metric], crs=utm)
        lonlats = points.to_crs("EPSG:4326")
    except (RuntimeError, ValueError) as exc:
        # pyproj's errors are RuntimeErrors, as is estimate_utm_crs's where no UTM zone
        # applies (near the poles).
        reason = " ".join(str(exc).split())
        raise InputError(f"cannot measure {city.name}'s places in metres ({reason})") from None
    measured = []
    for (feature, kind, name, geometry, polygon), shape, point, lonlat in zip(
        found, metric, points, lonlats, strict=True
    ):
        if point.distance(origin) > radius_km * 1000:
            continue
        # A node's point is its own; a computed point comes back from the UTM zone.
        where = geometry if geometry.geom_type == "Point" else lonlat
        area = shape.area if polygon is not None else 0.0
        names = [name, *_tag_names(feature.tags)]
        measured.append(
            _Found(feature, kind, name, polygon, point, (where.x, where.y), area, names)
        )
    return measured


def _inner_point(shape: Any) -> Any:
    """A polygon's centroid (a point inside it if the centroid is not), a line's middle."""
    if shape.geom_type in ("Point", "MultiPoint"):
        return shape.centroid
    if shape.geom_type.endswith("LineString"):
        return shape.interpolate(0.5, normalized=True)
    centroid = shape.centroid
    return centroid if shape.contains(centroid) else shape.representative_point()


_ELEMENT_ORDER = {"node": 0, "way": 1, "relation": 2}


def _merged(measured: list[_Found]) -> list[list[_Found]]:
    """Groups of features that are one place; each group's first member gives the id."""
    by_name: dict[tuple[str, str], list[_Found]] = {}
    for item in measured:
        by_name.setdefault((name_key(item.name), item.kind), []).append(item)
    groups: list[list[_Found]] = []
    for items in by_name.values():
        # Polygons first, the largest first: a node merged into an area takes its outline.
        items.sort(
            key=lambda f: (
                f.polygon is None,
                -f.area_m2,
                _ELEMENT_ORDER[f.feature.element],
                f.feature.osm_id,
            )
        )
        kept: list[list[_Found]] = []
        for item in items:
            home = next((g for g in kept if _same_place(g[0], item)), None)
            if home is None:
                kept.append([item])
            else:
                home.append(item)
        groups.extend(kept)
    return groups


def _same_place(first: _Found, other: _Found) -> bool:
    if first.point.distance(other.point) <= settings.OSM_MERGE_KM * 1000:
        return True
    return first.polygon is not None and first.area_m2 > 0 and _covers(first, other)


def _covers(first: _Found, other: _Found) -> bool:
    """Whether *other*'s point lies in *first*'s polygon (both in WGS 84)."""
    from shapely.geometry import Point

    return bool(first.polygon.covers(Point(*other.lonlat)))


def _place(group: list[_Found], city: Place) -> Place:
    head = group[0]
    feature = head.feature
    place_id = f"osm-{feature.element}-{feature.osm_id}"
    lon, lat = head.lonlat
    seen = {head.name.casefold()}
    alt_names = []
    for spelling in (n for item in group for n in item.names):
        if spelling.casefold() not in seen and len(name_key(spelling)) >= _MIN_ALT_NAME_LENGTH:
            seen.add(spelling.casefold())
            alt_names.append(spelling)
    arabic = next(
        (
            " ".join(value.split())
            for item in group
            for value in (item.feature.tags.get("name:ar"), item.feature.tags.get("name"))
            if value and is_arabic(value)
        ),
        None,
    )
    area_km2 = head.area_m2 / 1e6
    return Place(
        id=place_id,
        name=head.name,
        kind=head.kind,
        lat=round(lat, 6),
        lon=round(lon, 6),
        parent=city.id,
        country=city.country,
        alt_names=tuple(sorted(alt_names)),
        name_ar=arabic,
        area_km2=round(area_km2, 3) if area_km2 > 0 else None,
        source=f"{OSM_ATTRIBUTION} ({place_id})",
        licence=OSM_LICENCE,
    )


# ---------------------------------------------------------------------------
# osmnx (network)


def features_from_frame(frame: Any) -> list[OsmFeature]:
    """The features of a GeoDataFrame shaped like osmnx's ``features_from_*`` answers.

    osmnx indexes the rows by ``(element, id)`` and gives every tag a column, empty
    (NaN) where a feature lacks it.
    """
    tag_columns = [c for c in frame.columns if c != frame.geometry.name]
    records = frame[tag_columns].to_dict("records") if tag_columns else [{}] * len(frame)
    features = []
    for (element, osm_id), record, geometry in zip(
        frame.index, records, frame.geometry, strict=True
    ):
        tags = {str(k): v for k, v in record.items() if isinstance(v, str) and v.strip()}
        features.append(OsmFeature(element, int(osm_id), tags, geometry))
    return features


def user_agent() -> str:
    """How geomap introduces itself to OpenStreetMap's servers."""
    return settings.OSM_USER_AGENT.format(version=__version__)


def fetch_features(city: Place, radius_km: float) -> list[OsmFeature]:
    """Ask OpenStreetMap (Overpass, through osmnx) for the features around *city*.

    The query is the union of the tags of :func:`tag_table` within a square of
    *radius_km* around the city's point (osmnx's ``features_from_point``). osmnx
    keeps each answer in ``<geomap cache>/osmnx``, so asking again is offline.

    Raises
    ------
    DependencyError
        If osmnx is not installed.
    NetworkError
        If the server cannot be reached, times out, answers with an HTTP error or
        with nothing usable (no matching features).
    """
    try:
        import osmnx
        import requests
        from osmnx._errors import InsufficientResponseError, ResponseStatusCodeError
    except ImportError:
        raise DependencyError(INSTALL_HINT) from None
    _configure(osmnx)
    server = f"OpenStreetMap's Overpass API ({osmnx.settings.overpass_url})"
    try:
        frame = osmnx.features_from_point(
            (city.lat, city.lon), tags=dict(overpass_tags()), dist=radius_km * 1000
        )
    except requests.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else None
        busy = " (too many requests: try again in a few minutes)" if status == 429 else ""
        raise NetworkError(f"{server} answered HTTP {status}{busy}") from None
    except requests.Timeout:
        raise NetworkError(
            f"{server} did not answer within {settings.OSM_TIMEOUT_SECONDS} s"
        ) from None
    except requests.ConnectionError as exc:
        # requests' message nests urllib3's whole retry story; its class says enough.
        raise NetworkError(
            f"cannot reach {server}: no network connection, or the server is down "
            f"({exc.__class__.__name__})"
        ) from None
    except requests.RequestException as exc:
        raise NetworkError(f"cannot ask {server}: {_short(exc)}") from None
    except (InsufficientResponseError, ResponseStatusCodeError) as exc:
        raise NetworkError(
            f"{server} gave no places within {radius_km:g} km of {city.name}: {_short(exc)}"
        ) from None
    return features_from_frame(frame)


def _configure(osmnx: Any) -> None:
    """osmnx's settings from geomap's: cache folder, user agent, timeout, quiet."""
    osmnx.settings.use_cache = True
    osmnx.settings.cache_folder = settings.cache_dir() / "osmnx"
    osmnx.settings.http_user_agent = user_agent()
    osmnx.settings.requests_timeout = settings.OSM_TIMEOUT_SECONDS
    osmnx.settings.log_console = False
    # osmnx answers Overpass' "too busy" (HTTP 429, 504) by waiting 55 s and asking
    # again, without end; a response hook turns those into an error the user sees.
    osmnx.settings.requests_kwargs = {"hooks": {"response": [_refuse_busy]}}


def _refuse_busy(response: Any, *_args: Any, **_kwargs: Any) -> Any:
    """Raise requests' HTTPError for HTTP 429 and 504 (a requests response hook)."""
    if response.status_code in (429, 504):
        response.raise_for_status()
    return response


def _short(exc: BaseException, limit: int = 200) -> str:
    """An exception's message on one line, cut short (servers answer with whole pages)."""
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------
# pyosmium (offline)


def read_extract(path: str | Path, city: Place, radius_km: float) -> list[OsmFeature]:
    """Read the features of :func:`tag_table` near *city* from an OpenStreetMap extract.

    Nodes become points, open ways lines, closed ways and multipolygon relations
    (multi)polygons (pyosmium's area assembler). Only features within a box of
    *radius_km* around the city's point are kept; :func:`places_from_features` then
    keeps those whose point is within the radius.

    Raises
    ------
    DependencyError
        If pyosmium is not installed.
    InputError
        If the file is missing, not a regular file, larger than
        :data:`geomap.settings.MAX_OSM_EXTRACT_BYTES`, or not OpenStreetMap data.
    """
    try:
        import osmium
    except ImportError:
        raise DependencyError(INSTALL_HINT) from None
    from shapely import wkb
    from shapely.geometry import box

    path = Path(path)
    _check_extract(path)
    pairs = [(row.key, row.value) for row in tag_table()]
    wanted = osmium.filter.TagFilter(*pairs)
    lat_km = 111.32
    lon_km = lat_km * max(math.cos(math.radians(city.lat)), 0.01)
    area = box(
        city.lon - radius_km / lon_km,
        city.lat - radius_km / lat_km,
        city.lon + radius_km / lon_km,
        city.lat + radius_km / lat_km,
    )
    factory = osmium.geom.WKBFactory()
    features = []
    try:
        for obj in osmium.FileProcessor(str(path)).with_areas(wanted).with_filter(wanted):
            try:
                if isinstance(obj, osmium.osm.Node):
                    element: ElementType = "node"
                    osm_id, geometry = obj.id, wkb.loads(factory.create_point(obj), hex=True)
                elif isinstance(obj, osmium.osm.Way) and not obj.is_closed():
                    element = "way"
                    osm_id, geometry = obj.id, wkb.loads(factory.create_linestring(obj), hex=True)
                elif isinstance(obj, osmium.osm.Area):
                    element = "way" if obj.from_way() else "relation"
                    osm_id = obj.orig_id()
                    geometry = wkb.loads(factory.create_multipolygon(obj), hex=True)
                else:
                    # A closed way comes again as an area; another relation has no shape.
                    continue
            except (osmium.InvalidLocationError, RuntimeError):
                # A way or area whose nodes the extract cut off has no geometry.
                continue
            if geometry.intersects(area):
                tags = {tag.k: tag.v for tag in obj.tags}
                features.append(OsmFeature(element, osm_id, tags, geometry))
    except RuntimeError as exc:
        raise InputError(f"{path}: not readable as OpenStreetMap data ({_short(exc)})") from None
    return features


def _check_extract(path: Path) -> None:
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    if info.st_size > settings.MAX_OSM_EXTRACT_BYTES:
        raise InputError(
            f"{path}: larger than {settings.MAX_OSM_EXTRACT_BYTES:,} bytes; cut a smaller "
            "extract around the city first (osmium extract --bbox ...)"
        )
