"""Tests for geomap.output.terminal and output.tables.gazetteer_csv: they take records."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from geomap.api import Resolution
from geomap.model import (
    GEOMETRY_APPROXIMATE,
    Candidate,
    Conflict,
    EventPlace,
    Incident,
    Mention,
    Place,
    PlaceReport,
    Report,
    ReportedFigure,
    Snapshot,
)
from geomap.output import terminal
from geomap.output.tables import gazetteer_csv

DAY = datetime.date(2016, 12, 1)
ALEPPO = Place("geonames-170063", "Aleppo", "city", 36.2, 37.15, source="s", licence="l")


@dataclass(frozen=True)
class _Findings:
    """The fields of a control report the table reads (api.ControlReport has more)."""

    snapshots: tuple[Snapshot, ...]
    figures: tuple[ReportedFigure, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    unresolved: tuple[Mention, ...] = ()
    geometry_source: str = GEOMETRY_APPROXIMATE
    basis: str = "timeline aleppo-2016 (Aleppo, 2016-11-15 to 2016-12-22)"
    place: str | None = "Aleppo"
    articles: tuple[str, ...] = ()
    articles_date: datetime.date | None = None


def test_visible_escapes_what_could_drive_a_terminal() -> None:
    assert terminal.visible("a\x1b[2Jb\u202ec\td\n") == "a\\u001b[2Jb\\u202ec\td\n"


def test_places_table_and_json_take_a_report() -> None:
    mention = Mention(
        "Aleppo", 10, 16, "In Aleppo.", "location", "resolved", ALEPPO, "exact", 0.9, article="a"
    )
    report = PlaceReport((mention,), ("a",))
    table = terminal.places_table(report)
    assert "Aleppo (geonames-170063)" in table and "0.90" in table
    assert table.endswith("Unresolved (0):")
    assert terminal.places_json(report)["mentions"][0]["place_id"] == "geonames-170063"


def test_name_tables_take_resolutions() -> None:
    answers = [
        Resolution("Alepo", "resolved", (Candidate(ALEPPO, "fuzzy", 90.0, "Aleppo"),)),
        Resolution("Nowhere", "unresolved", ()),
    ]
    assert terminal.names_table(answers) == (
        "Alepo: resolved\n"
        "   90.0  fuzzy       Aleppo (geonames-170063, city) 36.20000,37.15000\n"
        "Nowhere: unresolved"
    )
    first = terminal.names_json(answers)[0]
    assert first["candidates"][0]["confidence"] == Candidate(ALEPPO, "fuzzy", 90.0, "").confidence


def test_control_table_compares_the_side_a_figure_is_about() -> None:
    """The reported area is shown beside whichever side it is about, not one side by name."""
    figure = ReportedFigure(DAY, "area_km2", 8.5, "government", "about", "an outlet")
    snapshots = (
        Snapshot("rebels", DAY, None, ("r",), ("R",), 3.0),
        Snapshot("government", DAY, None, ("g",), ("G",), 10.0, reported_figure=figure),
    )
    table = terminal.control_table(_Findings(snapshots, figures=(figure,)))
    assert "Control: timeline aleppo-2016 (Aleppo" in table and "Place: Aleppo" in table
    row = next(line for line in table.splitlines() if line.startswith("2016-12-01"))
    assert row.rstrip().endswith("about 8.5       +1.50")
    assert "reported: 2016-12-01, an outlet" in table
    assert "  2016-12-01  about 8.5 km² (government) — an outlet" in table
    own = terminal.control_table(_Findings(snapshots[:1], basis="your timeline mine.csv"))
    assert "Control: your timeline mine.csv" in own and "government" not in own


def test_control_table_puts_a_reported_share_beside_the_computed_one() -> None:
    share = ReportedFigure(DAY, "share_percent", 60.0, "government", "about", "SOHR")
    snapshots = (
        Snapshot("rebels", DAY, None, ("r",), ("R",), 4.0, share_percent=40.0),
        Snapshot(
            "government", DAY, None, ("g",), ("G",), 6.0, share_percent=60.0, reported_share=share
        ),
    )
    table = terminal.control_table(_Findings(snapshots, figures=(share,)))
    assert "government's share: 60.0 % computed; reported about 60 % (2016-12-01, SOHR)" in table
    assert "rebels's share" not in table


def test_control_table_says_when_there_are_no_areas() -> None:
    table = terminal.control_table(_Findings((), basis="no shipped control timeline fits"))
    assert "No areas of control" in table and "Control: no shipped control timeline" in table


def test_events_table_takes_incidents() -> None:
    assert terminal.events_table([]) == "No incidents found."
    incident = Incident(
        event_id="SYR1",
        event_date=DAY,
        time_precision=1,
        date_text="today",
        kind="air_strike",
        trigger="struck",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        locations=(EventPlace("Aleppo", ALEPPO.id, "city", 36.2, 37.15, "Aleppo", 0, 6),),
        reports=(Report("a", "SOHR", None, "x" * 200, 0, 200, False, None),),
    )
    lines = terminal.events_table([incident]).splitlines()
    assert lines[0].startswith("  1. 2016-12-01 (precision 1)  Explosions/Remote violence")
    assert "     reported by: SOHR; article: a" in lines
    assert lines[-1] == "     quote: " + "x" * 159 + "…"


def test_gazetteer_csv_keeps_the_schema_decimals() -> None:
    place = Place("p-1", "=Alpha", "district", 36.1234567, -0.5, area_km2=1.23456, source="me")
    text = gazetteer_csv([place])
    (row,) = csv.DictReader(io.StringIO(text))
    assert (row["lat"], row["lon"], row["area_km2"]) == ("36.123457", "-0.500000", "1.235")
    assert row["name"] == "'=Alpha" and gazetteer_csv([place], raw=True).count("'=") == 0
