"""Columnar outputs: places and events as GeoParquet and GeoPackage.

The rows are the features :func:`~geomap.output.geojson.places_geojson` and
:func:`~geomap.output.geojson.events_geojson` make, so every fact is worked out once
and the three formats agree: the same rows in the same order, the same columns (the
features' properties, in their order), the same ``Point`` (or null) geometries, in
EPSG:4326 (longitude, latitude). A property holding lists or objects (``locations``,
``mentions``, ``reports``...) becomes a text column holding its compact JSON, exactly
as in the GeoJSON; every other column takes the type of its values (text, integer,
float, boolean), decided over all rows so that every file of a dataset has one schema.

The features are turned into Arrow record batches of :data:`BATCH_ROWS` rows, so no
table of the whole corpus is ever built beside them (and no pandas frame at all);
Parquet is written batch by batch by ``pyarrow.parquet``, GeoPackage by GDAL through
``pyogrio.raw.write_arrow``. Both are made in memory and returned as bytes, which
:func:`geomap.output.files.write_output_folder` and
:func:`~geomap.output.files.atomic_write_bytes` write all or nothing; the compressed
files are several times smaller than the GeoJSON text the same run holds.

Events are written partitioned by event month, hive style
(``event_month=2016-12/part-0.parquet``, undated events in ``event_month=undated``),
see :func:`events_parquet_dataset`; places are one file, since a place gathers
mentions from articles of many months. The formats are documented in
``docs/geojson.md``.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa  # type: ignore[import-untyped]

__all__ = [
    "BATCH_ROWS",
    "COLUMNAR_FORMATS",
    "EVENT_PARTITIONS",
    "UNDATED_PARTITION",
    "event_month",
    "events_parquet_dataset",
    "features_geopackage",
    "features_parquet",
    "layer_files",
]

# The formats of this module, as ``--format`` names them.
COLUMNAR_FORMATS = ("parquet", "gpkg")
# Rows per Arrow record batch (and Parquet row group): large enough for Parquet's
# compression and GDAL's transactions to pay, small enough that one batch's columns
# are a few megabytes.
BATCH_ROWS = 10_000
# The partition of events without a date, and the files of an events dataset, as
# patterns of geomap's own outputs (see geomap.output.files.check_output_folder).
UNDATED_PARTITION = "undated"
EVENT_PARTITIONS = "event_month=*/part-*.parquet"
_GEOMETRY = "geometry"
_CRS = "EPSG:4326"
# The type of the properties of places.geojson and events.geojson (docs/geojson.md)
# that are not text, for a run in which one has no value at all (no injuries
# reported, no area known): every run's files then share one schema and can be read
# together. A column with values takes their type.
_DOCUMENTED_KINDS = {
    **dict.fromkeys(
        (
            "place_index",
            "places_in_incident",
            "year",
            "time_precision",
            "inter1",
            "inter2",
            "interaction",
            "geo_precision",
            "fatalities",
            "fatalities_low",
            "fatalities_best",
            "fatalities_high",
            "incident_fatalities",
            "injuries",
            "people_affected",
            "start",
            "end",
            "mention_count",
        ),
        "int",
    ),
    **dict.fromkeys(("latitude", "longitude", "confidence", "area_km2"), "float"),
    "hedged": "bool",
    **dict.fromkeys(
        (
            "locations",
            "unresolved_places",
            "fatalities_breakdown",
            "counts",
            "refused_counts",
            "reports",
            "tags",
            "roles",
            "mentions",
            "articles",
            "suggestions",
        ),
        "json",
    ),
}


@dataclass(frozen=True, slots=True)
class _Column:
    """One property as a column: its Arrow type and whether values are written as JSON."""

    name: str
    kind: str  # "bool", "int", "float", "str" or "json"


# The kind of each Python type a property holds (exact types: a bool is no int here);
# any other type (list, dict) is written as JSON text.
_KINDS: dict[type, str] = {bool: "bool", int: "int", float: "float", str: "str"}


def _columns(features: Sequence[Mapping], names: Sequence[str]) -> list[_Column]:
    """The columns for *names*, typed by the values every feature has for them.

    One kind of value gives that type; integers and floats give floats; a column
    holding lists or objects, or values of kinds that do not mix (text and numbers),
    is JSON text throughout, so each value reads back as it was written. A column
    with no value at all has its documented type (:data:`_DOCUMENTED_KINDS`), or is
    text.
    """
    columns = []
    for name in names:
        # One set of types per column: far cheaper than a test per value.
        types = {type(f["properties"][name]) for f in features}
        found = {_KINDS.get(t, "json") for t in types if t is not type(None)}
        if found == {"int", "float"}:
            kind = "float"
        elif len(found) == 1:
            kind = found.pop()
        else:
            kind = "json" if found else _DOCUMENTED_KINDS.get(name, "str")
        columns.append(_Column(name, kind))
    return columns


# The compact JSON of geomap.output.geojson.dumps_geojson; one encoder for every value
# (json.dumps with options builds a new one per call).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _dumps(value: Any) -> str | None:
    return None if value is None else _ENCODER.encode(value)


def _arrow_type(kind: str) -> pa.DataType:
    import pyarrow as pa

    return {
        "bool": pa.bool_(),
        "int": pa.int64(),
        "float": pa.float64(),
        "str": pa.string(),
        "json": pa.string(),
    }[kind]


def _schema(columns: Sequence[_Column], geometry_types: Sequence[str]) -> pa.Schema:
    """The Arrow schema: the property columns, then WKB geometry, with GeoParquet metadata."""
    import pyarrow as pa

    fields = [pa.field(c.name, _arrow_type(c.kind)) for c in columns]
    fields.append(pa.field(_GEOMETRY, pa.binary()))
    geo = {
        "version": "1.1.0",
        "primary_column": _GEOMETRY,
        "columns": {
            _GEOMETRY: {
                "encoding": "WKB",
                "geometry_types": list(geometry_types),
                "crs": _crs_projjson(),
            }
        },
    }
    return pa.schema(fields, metadata={b"geo": json.dumps(geo).encode("utf-8")})


@functools.cache
def _crs_projjson() -> dict:
    """EPSG:4326 as PROJJSON, as GeoParquet stores a CRS (geopandas reads it back)."""
    from pyproj import CRS

    return CRS.from_user_input(_CRS).to_json_dict()


def _geometry_types(features: Sequence[Mapping]) -> list[str]:
    """The GeoJSON geometry types present (null geometries aside), sorted."""
    return sorted({f["geometry"]["type"] for f in features if f["geometry"] is not None})


def _wkb(geometries: Sequence[Mapping | None]) -> list[bytes | None]:
    """The GeoJSON geometries as WKB; points (all geomap writes today) in one vector call."""
    import shapely
    from shapely.geometry import shape

    wkb: list[bytes | None] = [None] * len(geometries)
    points = [i for i, g in enumerate(geometries) if g is not None and g["type"] == "Point"]
    if points:
        coordinates = [geometries[i]["coordinates"] for i in points]  # type: ignore[index]
        for i, data in zip(points, shapely.to_wkb(shapely.points(coordinates)), strict=True):
            wkb[i] = data
    for i, geometry in enumerate(geometries):
        if geometry is not None and geometry["type"] != "Point":
            wkb[i] = shapely.to_wkb(shape(dict(geometry)))
    return wkb


def _batches(
    features: Sequence[Mapping], columns: Sequence[_Column], schema: pa.Schema
) -> Iterator[pa.RecordBatch]:
    """The features as record batches of at most :data:`BATCH_ROWS` rows."""
    import pyarrow as pa

    for start in range(0, len(features), BATCH_ROWS):
        chunk = features[start : start + BATCH_ROWS]
        arrays = []
        for column in columns:
            values = [f["properties"][column.name] for f in chunk]
            if column.kind == "json":
                values = [_dumps(v) for v in values]
            arrays.append(pa.array(values, type=_arrow_type(column.kind)))
        arrays.append(pa.array(_wkb([f["geometry"] for f in chunk]), type=pa.binary()))
        yield pa.RecordBatch.from_arrays(arrays, schema=schema)


@dataclass(frozen=True, slots=True)
class _Layout:
    """What every file made from one set of features shares: columns and schema."""

    columns: list[_Column]
    geometry_types: list[str]
    schema: pa.Schema


def _layout(features: Sequence[Mapping], names: Sequence[str]) -> _Layout:
    columns = _columns(features, names)
    geometry_types = _geometry_types(features)
    return _Layout(columns, geometry_types, _schema(columns, geometry_types))


def _parquet_bytes(features: Sequence[Mapping], layout: _Layout) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(sink, layout.schema, compression="zstd") as writer:
        for batch in _batches(features, layout.columns, layout.schema):
            writer.write_batch(batch, row_group_size=BATCH_ROWS)
    return sink.getvalue().to_pybytes()


def features_parquet(features: Sequence[Mapping], names: Sequence[str]) -> bytes:
    """One GeoParquet file of *features*: columns *names*, then ``geometry``.

    Parameters
    ----------
    features
        GeoJSON features (dicts) whose properties all have the keys *names*.
    names
        The property names, in column order (e.g.
        :data:`geomap.output.geojson.PROPERTY_NAMES`).

    Returns
    -------
    bytes
        The Parquet file (zstd-compressed, one row group per :data:`BATCH_ROWS`
        rows), with GeoParquet 1.1 metadata: WKB geometry in EPSG:4326.
    """
    return _parquet_bytes(features, _layout(features, names))


def event_month(feature: Mapping) -> str:
    """The partition of an event: its month (``2016-12``), or :data:`UNDATED_PARTITION`.

    >>> event_month({"properties": {"event_date": "2016-12-13"}})
    '2016-12'
    >>> event_month({"properties": {"event_date": None}})
    'undated'
    """
    date = feature["properties"]["event_date"]
    return date[:7] if date else UNDATED_PARTITION


def events_parquet_dataset(features: Sequence[Mapping], names: Sequence[str]) -> dict[str, bytes]:
    """The events as a GeoParquet dataset partitioned by month, hive style.

    Parameters
    ----------
    features
        The features of :func:`geomap.output.geojson.events_geojson`.
    names
        Their property names (:data:`geomap.output.geojson.EVENT_PROPERTY_NAMES`).

    Returns
    -------
    dict
        Relative path → file: ``event_month=YYYY-MM/part-0.parquet`` for each month
        with events, and ``event_month=undated/part-0.parquet`` for events without a
        date, months in order. Each part holds its events in the order of
        *features*; every part has the same schema. An empty *features* gives no
        file (an empty dataset).
    """
    layout = _layout(features, names)
    months: dict[str, list[Mapping]] = {}
    for feature in features:
        months.setdefault(event_month(feature), []).append(feature)
    # "undated" sorts after every "YYYY-MM", so readers list it last.
    return {
        f"event_month={month}/part-0.parquet": _parquet_bytes(months[month], layout)
        for month in sorted(months)
    }


def features_geopackage(features: Sequence[Mapping], names: Sequence[str], layer: str) -> bytes:
    """A GeoPackage holding *features* as the layer *layer* (columns *names*, geometry).

    Written by GDAL (``pyogrio.raw.write_arrow``) from the same record batches as
    the Parquet files, in EPSG:4326; the layer's geometry type is ``Point`` when
    every geometry is a point (or null), else ``Unknown``.

    Returns
    -------
    bytes
        The ``.gpkg`` file.
    """
    import pyarrow as pa
    from pyogrio.raw import write_arrow  # type: ignore[import-untyped]

    layout = _layout(features, names)
    kinds = layout.geometry_types
    geometry_type = kinds[0] if len(kinds) == 1 else "Unknown"
    reader = pa.RecordBatchReader.from_batches(
        layout.schema, _batches(features, layout.columns, layout.schema)
    )
    buffer = io.BytesIO()
    write_arrow(
        reader,
        buffer,
        layer=layer,
        driver="GPKG",
        geometry_name=_GEOMETRY,
        geometry_type=geometry_type,
        crs=_CRS,
    )
    return buffer.getvalue()


def layer_files(
    name: str, collection: Mapping, names: Sequence[str], output_format: str
) -> dict[str, bytes]:
    """The files of one layer (``places`` or ``events``) in *output_format*.

    Parameters
    ----------
    name
        The layer: ``events`` is partitioned by month (a folder ``events.parquet/``),
        anything else is one file.
    collection
        The layer's GeoJSON FeatureCollection.
    names
        Its property names, in column order.
    output_format
        ``parquet`` or ``gpkg``.

    Returns
    -------
    dict
        Relative path → file: ``places.parquet``, ``events.parquet/event_month=…/
        part-0.parquet``, ``places.gpkg`` (layer ``places``), ``events.gpkg``...
    """
    features = collection["features"]
    if output_format == "gpkg":
        return {f"{name}.gpkg": features_geopackage(features, names, name)}
    if output_format != "parquet":
        raise ValueError(f"not a columnar format: {output_format!r}")
    if name == "events":
        dataset = events_parquet_dataset(features, names)
        return {f"{name}.parquet/{path}": data for path, data in dataset.items()}
    return {f"{name}.parquet": features_parquet(features, names)}
