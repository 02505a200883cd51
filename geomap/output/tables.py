"""CSV tables: events.csv in ACLED's columns, safe to open in a spreadsheet.

Every cell goes through :mod:`geomap.output.csvcells`: a text cell that a spreadsheet
would run as a formula gets a leading ``'`` unless ``raw``; numbers stay numbers.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal

from geomap.model import Incident
from geomap.output.csvcells import write_rows
from geomap.output.geojson import incident_properties

__all__ = ["CSV_COLUMNS", "events_csv"]

CSV_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags",
    # geomap's own columns
    "fatalities_low", "fatalities_best", "fatalities_high", "fatalities_text",
    "fatalities_breakdown", "injuries", "people_affected", "people_affected_text",
    "location_note", "unresolved_places", "date_text", "trigger", "quote", "article",
    "start", "end", "source_detail", "hedged", "hedge_text", "confidence",
)  # fmt: skip


def events_csv(incidents: Iterable[Incident], *, raw: bool = False) -> str:
    """The incidents as CSV text: ACLED's column names, then geomap's (:data:`CSV_COLUMNS`).

    ``location`` lists every place ("; "-separated); ``latitude``/``longitude`` are
    the first place's. Text cells that a spreadsheet would run as a formula get a
    leading ``'`` unless *raw* (see :mod:`geomap.output.csvcells`); numbers stay numbers.
    """
    out = io.StringIO()
    write_rows(out, CSV_COLUMNS, (_csv_row(incident) for incident in incidents), raw=raw)
    return out.getvalue()


def _csv_row(incident: Incident) -> list:
    """One incident's cells in :data:`CSV_COLUMNS` order; geomap's numbers as numbers."""
    props = incident_properties(incident)
    first = incident.locations[0] if incident.locations else None
    props.update(
        # Decimal keeps the fixed six decimals and marks the cell as a number.
        latitude=Decimal(f"{first.lat:.6f}") if first else None,
        longitude=Decimal(f"{first.lon:.6f}") if first else None,
        source_scale="",
        tags="; ".join(props["tags"]),
        fatalities_breakdown="; ".join(
            f"{k}: {v}" for k, v in props["fatalities_breakdown"].items()
        ),
        unresolved_places="; ".join(props["unresolved_places"]),
        hedged=bool(props["hedged"]),
    )
    return [props.get(c) for c in CSV_COLUMNS]
