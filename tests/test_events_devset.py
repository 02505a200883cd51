"""The events development set (``tests/data/events-devset/``) and its scorer (issue 11).

(a) the gold is well formed; (b) the scorer gives gold-shaped predictions full marks
and a wrong one less; (c) ``figures`` runs geomap on every report and prints event
precision/recall/F1, each field's share among matched events and per-conflict rows:

    pytest tests/test_events_devset.py -s -k figures
"""

from __future__ import annotations

import dataclasses
import datetime
import re

import pytest
from events_scoring import (
    DEVSET,
    FIELDS,
    DevReport,
    GoldEvent,
    Predicted,
    misses,
    predict,
    read_devset,
    score,
)

from geomap.api import load_gazetteer

EVENT_TYPES = {
    "Battles": {
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    },
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    },
    "Protests": {
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    },
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z\"']|\s*$)")
_PERIOD_SUFFIX = re.compile(r"\(\d{4}-")

# Floors about 0.05 below the figures measured on 2026-11-26 with bombs, drones and
# protests as kinds and targets told from attackers (P 0.89, R 0.93, F1 0.91; type 0.96,
# sub-type 0.94, date 1.00, place 0.86, actor1 0.80, actor2 0.78, fatalities 0.92; 1
# false event in the reports without violence). When the devset was
# made (fe00a54) they were P 0.69, R 0.80, actor1 0.72. The floors only catch
# regressions: the goals of issue 11 are event precision and recall >= 0.75,
# date >= 0.90, place >= 0.85, fatalities >= 0.85 and actor1 >= 0.80.
FLOORS = {
    "precision": 0.83,
    "recall": 0.88,
    "f1": 0.84,
    "event_type": 0.89,
    "sub_event_type": 0.87,
    "date": 0.95,
    "place": 0.81,
    "actor1": 0.75,
    "actor2": 0.73,
    "fatalities": 0.87,
}
MAX_FALSE_IN_QUIET = 2


@pytest.fixture(scope="module")
def devset() -> tuple[list[DevReport], list[GoldEvent]]:
    return read_devset()


def _sentences(text: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        parts.append(text[start : m.end()].strip())
        start = m.end()
    return [p for p in parts if p]


# ---------------------------------------------------------------------------
# (a) the gold is well formed


def test_reports_are_many_short_and_from_many_conflicts(
    devset: tuple[list[DevReport], list[GoldEvent]],
) -> None:
    reports, _ = devset
    assert len(reports) >= 32
    ids = [r.id for r in reports]
    assert len(set(ids)) == len(ids), "report ids must be unique"
    assert len({r.conflict for r in reports if r.violent}) >= 9
    quiet = [r for r in reports if not r.violent]
    assert 4 <= len(quiet) <= 6, "4-6 reports without violence measure precision"
    for r in reports:
        n = len(_sentences(r.text))
        assert 3 <= n <= 8, f"{r.id}: {n} sentences"
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*-\d\d", r.id), r.id


def test_every_gold_event_is_anchored_once_and_valid(
    devset: tuple[list[DevReport], list[GoldEvent]],
) -> None:
    reports, events = devset
    by_id = {r.id: r for r in reports}
    for e in events:
        where = f"{e.report} {e.anchor!r}"
        report = by_id.get(e.report)
        assert report is not None, f"{where}: unknown report"
        assert report.violent, f"{where}: a report without violence has a gold event"
        assert report.text.count(e.anchor) == 1, f"{where}: anchor not found exactly once"
        assert any(e.anchor in s for s in _sentences(report.text)), f"{where}: spans sentences"
        assert e.sub_event_type in EVENT_TYPES.get(e.event_type, ()), f"{where}: bad type"
        assert report.date - datetime.timedelta(days=14) <= e.date <= report.date, where
        assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180, where
        assert round(e.lat, 2) == e.lat and round(e.lon, 2) == e.lon, f"{where}: 2 decimals"
        assert e.place, where
        for actor in (e.actor1, e.actor2):
            assert actor is None or (actor.strip() == actor and not _PERIOD_SUFFIX.search(actor))
        assert e.actor1, f"{where}: actor1 missing"
        assert e.fatalities is None or e.fatalities >= 0, where
    assert all(any(e.report == r.id for e in events) for r in reports if r.violent), (
        "every report with violence has at least one gold event"
    )


def test_readme_names_every_conflict(devset: tuple[list[DevReport], list[GoldEvent]]) -> None:
    readme = (DEVSET / "README.md").read_text(encoding="utf-8")
    for conflict in {r.conflict for r in devset[0]}:
        assert f"`{conflict}`" in readme, conflict


# ---------------------------------------------------------------------------
# (b) the scorer can tell right from wrong


def _as_predicted(e: GoldEvent, report: DevReport) -> Predicted:
    quote = next(s for s in _sentences(report.text) if e.anchor in s)
    return Predicted(
        report=e.report,
        quotes=(quote,),
        event_type=e.event_type,
        sub_event_type=e.sub_event_type,
        date=e.date,
        points=((e.lat + 0.05, e.lon - 0.05),),
        actor1=f"{e.actor1.upper()} (2000-)",
        actor2=e.actor2,
        fatalities=e.fatalities,
    )


def test_gold_shaped_predictions_score_perfectly(
    devset: tuple[list[DevReport], list[GoldEvent]],
) -> None:
    reports, events = devset
    by_id = {r.id: r for r in reports}
    scores = score(reports, events, [_as_predicted(e, by_id[e.report]) for e in events])
    assert scores.total.precision == scores.total.recall == scores.total.f1 == 1.0
    assert all(scores.total.share(name) == 1.0 for name in FIELDS)
    assert scores.false_in_quiet == 0
    assert misses(scores) == ""


def test_wrong_predictions_score_below_perfect(
    devset: tuple[list[DevReport], list[GoldEvent]],
) -> None:
    reports, events = devset
    by_id = {r.id: r for r in reports}
    right = [_as_predicted(e, by_id[e.report]) for e in events]
    quiet = next(r for r in reports if not r.violent)
    wrong = dataclasses.replace(
        right[0],
        event_type="Riots",
        date=right[0].date and right[0].date - datetime.timedelta(days=1),
        points=((right[0].points[0][0] + 1.0, right[0].points[0][1]),),
        actor1="Somebody Else",
        fatalities=(right[0].fatalities or 0) + 1,
    )
    false = dataclasses.replace(right[1], report=quiet.id, quotes=(quiet.text,))
    scores = score(reports, events, [wrong, *right[2:], false])
    total = scores.total
    assert total.recall < 1.0 and total.precision < 1.0
    for name in ("event_type", "date", "place", "actor1", "fatalities"):
        assert total.share(name) < 1.0, name
    assert scores.false_in_quiet == 1
    assert "MISSED" in misses(scores) and "FALSE" in misses(scores)


# ---------------------------------------------------------------------------
# (c) geomap's figures


def test_figures(devset: tuple[list[DevReport], list[GoldEvent]]) -> None:
    reports, events = devset
    scores = score(reports, events, predict(reports, load_gazetteer()))
    print()
    print(scores.table())
    print(misses(scores))
    total = scores.total
    figures = {
        "precision": total.precision,
        "recall": total.recall,
        "f1": total.f1,
        **{name: total.share(name) for name in FIELDS},
    }
    low = {k: round(v, 3) for k, v in figures.items() if v < FLOORS.get(k, 0.0)}
    assert not low, f"below the floors {FLOORS}: {low}"
    assert scores.false_in_quiet <= MAX_FALSE_IN_QUIET
