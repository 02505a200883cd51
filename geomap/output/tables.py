"""CSV tables: events in ACLED's columns, and gazetteer rows; safe to open in a spreadsheet.

Every cell goes through :mod:`geomap.output.csvcells`: a text cell that a spreadsheet
would run as a formula gets a leading ``'`` unless ``raw``; numbers stay numbers.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal

from geomap.model import Incident, Place
from geomap.output.csvcells import write_rows
from geomap.output.geojson import AREA_DECIMALS, COORDINATE_DECIMALS, event_records
from geomap.places.gazetteer import ALT_SEPARATOR, COLUMNS, Gazetteer

__all__ = ["CSV_COLUMNS", "events_csv", "gazetteer_csv"]

CSV_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags",
    # geomap's own columns
    "incident_id", "place_index", "places_in_incident", "place_id", "place_kind",
    "incident_locations", "incident_fatalities",
    "fatalities_low", "fatalities_best", "fatalities_high", "fatalities_text",
    "fatalities_breakdown", "injuries", "people_affected", "people_affected_text",
    "location_note", "unresolved_places", "date_text", "trigger", "quote", "article",
    "start", "end", "source_detail", "hedged", "hedge_text", "confidence",
)  # fmt: skip


def events_csv(
    incidents: Iterable[Incident], *, raw: bool = False, gazetteer: Gazetteer | None = None
) -> str:
    """The incidents as CSV text: ACLED's column names, then geomap's (:data:`CSV_COLUMNS`).

    One row per place, as ACLED records events, the same records as ``events.geojson``
    (:func:`geomap.output.geojson.event_records`): an incident at two places is two
    rows sharing ``incident_id``, each with its own ``location``, ``latitude`` and
    ``longitude``, and the counts shared out between them so that a column's sum counts
    each person once. *gazetteer* gives ``country``/``admin1`` of the second and later
    places. Text cells that a spreadsheet would run as a formula get a leading ``'``
    unless *raw* (see :mod:`geomap.output.csvcells`); numbers stay numbers.
    """
    rows = (
        _csv_row(record)
        for incident in incidents
        for record in event_records(incident, gazetteer=gazetteer)
    )
    out = io.StringIO()
    write_rows(out, CSV_COLUMNS, rows, raw=raw)
    return out.getvalue()


def _csv_row(record: dict) -> list:
    """One record's cells in :data:`CSV_COLUMNS` order; geomap's numbers as numbers."""
    props = dict(record)
    lat, lon = props["latitude"], props["longitude"]
    props.update(
        latitude=None if lat is None else _fixed(lat, COORDINATE_DECIMALS),
        longitude=None if lon is None else _fixed(lon, COORDINATE_DECIMALS),
        source_scale="",
        tags="; ".join(props["tags"]),
        fatalities_breakdown="; ".join(
            f"{k}: {v}" for k, v in props["fatalities_breakdown"].items()
        ),
        unresolved_places="; ".join(props["unresolved_places"]),
        hedged=bool(props["hedged"]),
    )
    return [props.get(c) for c in CSV_COLUMNS]


def gazetteer_csv(places: Iterable[Place], *, raw: bool = False) -> str:
    """*places* as gazetteer CSV text (``data/gazetteer/README.md``), sorted by id.

    Names that a spreadsheet would run as a formula get a leading ``'`` unless *raw*
    (see :mod:`geomap.output.csvcells`); coordinates, areas and populations stay numbers.
    """
    rows = (
        [
            place.id,
            place.name,
            place.kind,
            place.parent,
            place.country,
            _fixed(place.lat, COORDINATE_DECIMALS),
            _fixed(place.lon, COORDINATE_DECIMALS),
            ALT_SEPARATOR.join(sorted(set(place.alt_names))),
            place.name_ar,
            None if place.area_km2 is None else _fixed(place.area_km2, AREA_DECIMALS),
            place.population,
            place.source,
            place.licence,
        ]
        for place in sorted(places, key=lambda p: p.id)
    )
    out = io.StringIO()
    write_rows(out, COLUMNS, rows, raw=raw)
    return out.getvalue()


def _fixed(value: float, decimals: int) -> Decimal:
    """*value* with exactly *decimals* decimals; a Decimal marks the cell as a number."""
    return Decimal(f"{value:.{decimals}f}")
