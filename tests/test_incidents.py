"""Tests for geomap.events: incidents from the real report, own texts, golden files."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.api import example_paths, load_gazetteer
from geomap.events import extract_incidents, merge_incidents
from geomap.model import EventPlace, Incident, Report
from geomap.output.geojson import (
    dumps_geojson,
    events_geojson,
    incident_features,
    incident_properties,
)
from geomap.output.tables import CSV_COLUMNS, events_csv
from geomap.places.geoparse import parse_places
from geomap.text.articles import article_from_text, read_article
from geomap.text.document import read_document

EXPECTED = Path(__file__).parent / "data" / "expected"
ARTICLE = "articles/east-aleppo-2016-12-13.txt"


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def _events(article, gazetteer):
    return extract_incidents(parse_places(read_document(article), gazetteer), gazetteer)


def _text_events(text, gazetteer, date=datetime.date(2016, 12, 13)):
    return _events(article_from_text(text, name="own", date=date), gazetteer)


@pytest.fixture(scope="module")
def real(shared_dir, gazetteer):
    return _events(read_article(shared_dir / ARTICLE), gazetteer)


def _one(events, trigger_word):
    found = [e for e in events if trigger_word in e.trigger.lower()]
    assert len(found) == 1, [e.trigger for e in events]
    return found[0]


# ---------------------------------------------------------------------------
# The real report


def test_real_immolation(real):
    event = _one(real, "immolated")
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    assert event.fatalities_best == event.fatalities_low == 13
    assert event.fatalities_breakdown == {"children": 9, "women": 4}
    assert event.fatalities_text == "nine children and four women"
    assert {p.name for p in event.locations} == {"al-Fardos", "al-Kallaseh"}
    assert event.geo_precision == 1
    assert [f["geometry"]["type"] for f in incident_features(event)] == ["Point", "Point"]
    assert event.actor1 == "Shiite Muslim Militia (Syria)" and event.inter1 == 4
    assert "Military Forces of Iran (1989-)" in event.assoc_actor_1
    assert event.actor2 == "Civilians (Syria)" and event.inter2 == 7
    assert event.interaction == 47
    assert event.event_date in (datetime.date(2016, 12, 12), datetime.date(2016, 12, 13))
    assert event.time_precision == 1
    report = event.reports[0]
    assert report.source == "Anadolu Agency"
    assert "eyewitness Mahmud Sheikh" in report.source_detail


def test_real_execution(real):
    event = _one(real, "executed")
    assert event.fatalities_best == 67
    assert event.fatalities_breakdown == {"men": 67}
    assert "firing squad" in event.trigger
    assert {p.name for p in event.locations} == {"al-Fardos", "al-Kallaseh"}
    assert event.reports[0].source == "Anadolu Agency"
    props = incident_properties(event)
    count = next(c for c in props["counts"] if c["role"] == "fatalities")
    assert count["text"] == "67"
    assert real_text_at(count) == "67"


def real_text_at(count):
    return count["text"]  # offsets are checked against the article below


def test_count_offsets_point_into_the_article(shared_dir, real):
    text = read_article(shared_dir / ARTICLE).text
    for event in real:
        for count in event.counts:
            assert text[count["start"] : count["end"]] == count["text"]
        report = event.reports[0]
        assert " ".join(text[report.start : report.end].split()) == report.quote


def test_real_hundreds_killed(real):
    event = _one(real, "killing")
    assert event.fatalities_low == event.fatalities_best == 100
    assert event.fatalities_text == "hundreds"
    assert event.fatalities_high is None
    assert event.actor1 == "Military Forces of Syria (2000-)" and event.inter1 == 1
    assert set(event.assoc_actor_1) == {
        "Military Forces of Russia (2000-)",
        "Military Forces of Iran (1989-)",
    }
    assert [p.name for p in event.locations] == ["Eastern Aleppo"]
    assert event.geo_precision == 3 and event.location_note
    assert len(event.reports) == 2  # the lead and the body say it twice


def test_real_bombing_raids(real):
    event = _one(real, "bombing raids")
    assert event.sub_event_type == "Air/drone strike"
    assert event.fatalities_best is None and event.fatalities == 0


def test_real_territory(real):
    event = _one(real, "withdraw")
    assert (event.event_type, event.sub_event_type) == ("Battles", "Government regains territory")
    assert event.actor1 == "Military Forces of Syria (2000-)" and event.inter1 == 1
    assert event.actor2 == "Syrian rebels" and event.inter2 == 2
    assert {p.name for p in event.locations} == {"Sheikh Sa’eed", "al-Fardos", "as-Salheen"}
    assert event.unresolved_places == ("Hamdudu",)


def test_real_no_statement_and_no_false_tolls(real):
    quotes = " ".join(r.quote for e in real for r in e.reports)
    assert "Ban Ki-moon" not in quotes and "grave concern" not in quotes
    for event in real:
        assert event.fatalities_best not in (100_000, 10_000)
    siege = _one(real, "siege")
    assert siege.people_affected == 100_000 and siege.fatalities_best is None


# ---------------------------------------------------------------------------
# Own texts: other phrasings


def test_killed_in_an_air_strike(gazetteer):
    events = _text_events(
        "Aleppo, Syria. A doctor was killed in an air strike on al-Shaar yesterday, "
        "the Syrian Observatory for Human Rights said.",
        gazetteer,
    )
    event = _one(events, "air strike")
    assert event.sub_event_type == "Air/drone strike"
    assert event.event_date == datetime.date(2016, 12, 12) and event.time_precision == 1
    assert [p.name for p in event.locations] == ["ash-Sha'ar"]
    assert event.reports[0].source == "Syrian Observatory for Human Rights"


def test_barrel_bombs_at_least(gazetteer):
    events = _text_events(
        "In Aleppo, barrel bombs hit Qadi Askar on Sunday, killing at least 12 people "
        "and wounding 30, according to the White Helmets.",
        gazetteer,
    )
    event = _one(events, "barrel bombs")
    assert event.fatalities_low == event.fatalities_best == 12
    assert event.fatalities_high is None
    assert event.injuries == 30
    assert event.event_date == datetime.date(2016, 12, 11)
    assert event.actor1 == "Military Forces of Syria (2000-)"
    assert event.reports[0].source == "White Helmets"


def test_rebels_recaptured_and_fell_to(gazetteer):
    events = _text_events(
        "Rebels recaptured Sheikh Saeed in Aleppo on Tuesday night. "
        "Two days later, al-Sukkari fell to government forces, SANA said.",
        gazetteer,
    )
    gain = _one(events, "recaptured")
    assert gain.sub_event_type == "Non-state actor overtakes territory"
    assert gain.actor1 == "Syrian rebels" and gain.inter1 == 2
    fell = _one(events, "fell to")
    assert fell.sub_event_type == "Government regains territory"
    assert fell.actor1 == "Military Forces of Syria (2000-)"
    assert [p.name for p in fell.locations] == ["as-Sukkari"]


def test_hundreds_fled_and_dozens_detained(gazetteer):
    events = _text_events(
        "Hundreds fled al-Mashhad in Aleppo last week. "
        "Police detained dozens of men at a checkpoint near Salah al-Din, (SANA).",
        gazetteer,
    )
    fled = _one(events, "fled")
    assert fled.people_affected == 100 and fled.people_affected_text == "Hundreds"
    assert fled.fatalities_best is None and fled.time_precision == 2
    arrest = _one(events, "detained")
    assert arrest.sub_event_type == "Arrests"
    assert arrest.people_affected == 12 and arrest.fatalities_best is None
    assert arrest.geo_precision == 2


def test_range_and_hedge(gazetteer):
    events = _text_events(
        "Between 20 and 30 civilians were allegedly executed in al-Kallaseh in Aleppo on 11 "
        "December, activists claimed.",
        gazetteer,
    )
    event = _one(events, "executed")
    assert (event.fatalities_low, event.fatalities_best, event.fatalities_high) == (20, 20, 30)
    assert event.hedged and incident_properties(event)["hedge_text"]
    assert event.event_date == datetime.date(2016, 12, 11)


def test_statements_and_future_are_not_incidents(gazetteer):
    events = _text_events(
        "The UN said it was alarmed by reports of killings in Aleppo and called for a "
        "ceasefire. Civilians are to be evacuated from Aleppo. All of us will be killed.",
        gazetteer,
    )
    assert events == []


def test_no_place_no_article_place(gazetteer):
    events = _text_events("Gunmen executed 5 men today.", gazetteer)
    event = _one(events, "executed")
    (feature,) = incident_features(event)
    assert event.locations == () and feature["geometry"] is None


# ---------------------------------------------------------------------------
# Merging and output


def test_merge_across_articles(gazetteer):
    a = _text_events(
        "An air strike on al-Shaar in Aleppo killed 11 people today, SOHR said.", gazetteer
    )
    b = _text_events(
        "Warplanes bombed al-Shaar in Aleppo on Monday, killing 12 people, AFP reported.",
        gazetteer,
        date=datetime.date(2016, 12, 12),
    )
    c = _text_events("An air strike on Qadi Askar in Aleppo killed 3 people today.", gazetteer)
    merged = merge_incidents([*a, *b, *c])
    assert len(merged) == 2
    first = merged[0]
    assert first.sources == ["SOHR", "AFP"]
    assert first.fatalities_best == 11 and first.fatalities_high == 12


def test_geojson_and_csv(real):
    data = events_geojson(real)
    assert data["type"] == "FeatureCollection"
    for feature in data["features"]:
        geometry = feature["geometry"]
        if geometry is not None:
            assert geometry["type"] == "Point"  # one feature per place
            lon, lat = geometry["coordinates"]
            assert 30 < lon < 45 and 30 < lat < 40
        assert feature["properties"]["event_id_cnty"].startswith("GEOMAP-")
    assert dumps_geojson(data) == dumps_geojson(events_geojson(real))
    text = events_csv(real)
    header = text.splitlines()[0].split(",")
    assert tuple(header) == CSV_COLUMNS
    records = sum(max(1, len(e.locations)) for e in real)
    assert len(data["features"]) == records > len(real)
    assert len(text.splitlines()) == records + 1


# ---------------------------------------------------------------------------
# Golden files: the project's example articles


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.stem)
def test_examples_golden(path, gazetteer):
    events = _events(read_article(path), gazetteer)
    produced = json.loads(dumps_geojson(events_geojson(events, gazetteer=gazetteer)))
    golden = EXPECTED / f"events-{path.stem}.geojson"
    if os.environ.get("GEOMAP_UPDATE_GOLDEN") == "1":
        golden.write_text(dumps_geojson(produced), encoding="utf-8")
    assert produced == json.loads(golden.read_text(encoding="utf-8"))


def test_examples_cover_the_triggers(gazetteer):
    kinds = set()
    for path in example_paths():
        kinds |= {e.kind for e in _events(read_article(path), gazetteer)}
    assert {"territory", "air_strike", "barrel_bomb", "shelling", "sniper", "arrest"} <= kinds
    assert {"siege", "displacement", "shooting"} <= kinds


def _report(article: str) -> Report:
    return Report(article, None, None, "Shelling hit the market.", 0, 24, False, None)


@given(
    st.lists(st.lists(st.sampled_from("abcde"), min_size=1, max_size=3, unique=True), max_size=30)
)
def test_merged_reports_are_every_report_once_in_order(report_lists: list[list[str]]) -> None:
    # One incident reported again and again (one record takes every report): its
    # reports are each report once, in the order first given, however many joined.
    place = EventPlace("Market Town", "p-1", "city", 1.0, 2.0, "Market Town", 10, 21)
    incidents = [
        Incident(
            event_id=f"e{n}",
            event_date=datetime.date(2024, 5, 1),
            time_precision=1,
            date_text="1 May",
            kind="shelling",
            trigger="shelling",
            event_type="Explosions/Remote violence",
            sub_event_type="Shelling/artillery/missile attack",
            locations=(place,),
            reports=tuple(_report(a) for a in articles),
        )
        for n, articles in enumerate(report_lists)
    ]
    merged = merge_incidents(incidents)
    every = [r for incident in incidents for r in incident.reports]
    assert [r for m in merged for r in m.reports] == list(dict.fromkeys(every))
