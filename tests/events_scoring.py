"""Score geomap's event extraction on the events development set (issue 11).

The set (``tests/data/events-devset/``, described in its README) is two JSON-lines
files: ``reports.jsonl`` (one short dated report a line) and ``events.jsonl`` (one gold
event a line, tied to its report by id and to its sentence by an ``anchor`` substring).

:func:`predict` runs :func:`geomap.api.find_events` on each report (the report's date
given to the article) and reduces each incident to a :class:`Predicted`;
:func:`score` matches gold events to predictions and counts what is right;
:meth:`Scores.table` prints the figures.
"""

from __future__ import annotations

import datetime
import json
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geopy.distance import distance

from geomap.api import find_events
from geomap.model import Incident
from geomap.places.gazetteer import Gazetteer

DEVSET = Path(__file__).resolve().parent / "data" / "events-devset"
PLACE_KM = 25.0
"""A predicted place within this distance of the gold point is right."""
FIELDS = (
    "event_type",
    "sub_event_type",
    "date",
    "place",
    "actor1",
    "actor2",
    "fatalities",
)
_PERIOD = re.compile(r"\s*\(\d{4}-\d{0,4}\)\s*$")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class DevReport:
    """One report of the set."""

    id: str
    conflict: str
    date: datetime.date
    violent: bool
    text: str


@dataclass(frozen=True)
class GoldEvent:
    """One hand-coded event: its report, anchor and ACLED-style fields."""

    report: str
    anchor: str
    event_type: str
    sub_event_type: str
    date: datetime.date
    place: str
    lat: float
    lon: float
    actor1: str
    actor2: str | None
    fatalities: int | None
    note: str | None = None


@dataclass(frozen=True)
class Predicted:
    """The fields of one predicted incident that the scorer compares."""

    report: str
    quotes: tuple[str, ...]
    event_type: str
    sub_event_type: str
    date: datetime.date | None
    points: tuple[tuple[float, float], ...]
    actor1: str | None
    actor2: str | None
    fatalities: int | None


def read_devset(folder: Path = DEVSET) -> tuple[list[DevReport], list[GoldEvent]]:
    """Read the reports and the gold events."""
    reports = [
        DevReport(
            id=row["id"],
            conflict=row["conflict"],
            date=datetime.date.fromisoformat(row["date"]),
            violent=row["violent"],
            text=row["text"],
        )
        for row in _jsonl(folder / "reports.jsonl")
    ]
    events = [
        GoldEvent(**{**row, "date": datetime.date.fromisoformat(row["date"])})
        for row in _jsonl(folder / "events.jsonl")
    ]
    return reports, events


def _jsonl(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def from_incident(report: str, incident: Incident) -> Predicted:
    """Reduce an incident to the fields scored."""
    return Predicted(
        report=report,
        quotes=tuple(r.quote for r in incident.reports),
        event_type=incident.event_type,
        sub_event_type=incident.sub_event_type,
        date=incident.event_date,
        points=tuple((p.lat, p.lon) for p in incident.locations),
        actor1=incident.actor1,
        actor2=incident.actor2,
        fatalities=incident.fatalities_best,
    )


def predict(reports: Iterable[DevReport], gazetteer: Gazetteer) -> list[Predicted]:
    """Run geomap's public API on each report alone, dated with the report's date."""
    found: list[Predicted] = []
    with tempfile.TemporaryDirectory() as tmp:
        for report in reports:
            path = Path(tmp) / f"{report.id}.txt"
            path.write_text(report.text + "\n", encoding="utf-8")
            incidents = find_events([path], gazetteer, date=report.date)
            found.extend(from_incident(report.id, i) for i in incidents)
    return found


def same_actor(gold: str | None, predicted: str | None) -> bool:
    """Actors compare equal after dropping a "(2000-)" period, case, hyphens and spacing."""
    return _actor_key(gold) == _actor_key(predicted)


def _actor_key(actor: str | None) -> str | None:
    if actor is None:
        return None
    return _SPACE.sub(" ", _PERIOD.sub("", actor).casefold().replace("-", " ")).strip()


def place_right(gold: GoldEvent, predicted: Predicted) -> bool:
    """True when any predicted place lies within :data:`PLACE_KM` of the gold point."""
    return any(distance((gold.lat, gold.lon), p).km <= PLACE_KM for p in predicted.points)


def field_right(name: str, gold: GoldEvent, predicted: Predicted) -> bool:
    """Whether one field of a matched prediction is right."""
    if name == "place":
        return place_right(gold, predicted)
    if name in ("actor1", "actor2"):
        return same_actor(getattr(gold, name), getattr(predicted, name))
    return getattr(gold, name) == getattr(predicted, name)


def _quoted(anchor: str, predicted: Predicted) -> bool:
    key = _SPACE.sub(" ", anchor)
    return any(key in _SPACE.sub(" ", q) for q in predicted.quotes)


def match(
    gold: Sequence[GoldEvent], predicted: Sequence[Predicted]
) -> list[tuple[GoldEvent, Predicted | None]]:
    """Pair each gold event with at most one prediction, each prediction used once.

    A candidate is a prediction of the same report whose quote contains the anchor.
    A first pass pairs only predictions of the gold event's type, a second pass pairs
    what is left with any candidate; within a pass the same sub-type is preferred, then
    a place near the gold point, then the first in order.
    """
    used: set[int] = set()
    chosen: dict[int, Predicted] = {}
    for same_type in (True, False):
        for n, event in enumerate(gold):
            if n in chosen:
                continue
            candidates = [
                (i, p)
                for i, p in enumerate(predicted)
                if i not in used
                and p.report == event.report
                and _quoted(event.anchor, p)
                and (p.event_type == event.event_type or not same_type)
            ]
            candidates.sort(
                key=lambda c: (
                    c[1].sub_event_type != event.sub_event_type,
                    not place_right(event, c[1]),
                )
            )
            if candidates:
                used.add(candidates[0][0])
                chosen[n] = candidates[0][1]
    return [(event, chosen.get(n)) for n, event in enumerate(gold)]


@dataclass
class Tally:
    """Counts for one row of the table (all reports, or one conflict)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def share(self, name: str) -> float:
        """The share of matched events with *name* right (0 when none matched)."""
        return self.right[name] / self.matched if self.matched else 0.0


@dataclass
class Scores:
    """The figures for the whole set, per conflict, and the misses for reading."""

    total: Tally
    conflicts: dict[str, Tally]
    false_in_quiet: int
    quiet_reports: int
    pairs: list[tuple[GoldEvent, Predicted | None]]
    unmatched: list[Predicted]

    def table(self) -> str:
        """A plain-text table: P/R/F1 and each field's share, overall and per conflict."""
        head = f"{'':18} {'gold':>4} {'pred':>4} {'P':>5} {'R':>5} {'F1':>5} " + " ".join(
            f"{_SHORT[n]:>5}" for n in FIELDS
        )
        rows = [head]
        for name, tally in [("ALL", self.total), *sorted(self.conflicts.items())]:
            cells = " ".join(f"{tally.share(n):5.2f}" for n in FIELDS)
            rows.append(
                f"{name:18} {tally.gold:4} {tally.predicted:4} {tally.precision:5.2f} "
                f"{tally.recall:5.2f} {tally.f1:5.2f} {cells}"
            )
        rows.append(
            f"false events in the {self.quiet_reports} reports without violence: "
            f"{self.false_in_quiet}"
        )
        kinds = Counter(p.sub_event_type for p in self.unmatched)
        rows.append(
            "unmatched predictions by sub-type: "
            + (", ".join(f"{k} {n}" for k, n in kinds.most_common()) or "none")
        )
        return "\n".join(rows)


_SHORT = {
    "event_type": "type",
    "sub_event_type": "sub",
    "date": "date",
    "place": "place",
    "actor1": "act1",
    "actor2": "act2",
    "fatalities": "fatal",
}


def score(
    reports: Sequence[DevReport], gold: Sequence[GoldEvent], predicted: Sequence[Predicted]
) -> Scores:
    """Match and count: event P/R/F1, field shares among matches, false events."""
    conflict_of = {r.id: r.conflict for r in reports}
    quiet = {r.id for r in reports if not r.violent}
    total = Tally()
    conflicts = {c: Tally() for c in sorted(set(conflict_of.values()))}
    pairs = match(gold, predicted)
    matched_ids = {id(p) for _, p in pairs if p is not None}
    for prediction in predicted:
        for tally in (total, conflicts[conflict_of[prediction.report]]):
            tally.predicted += 1
    for event, pair in pairs:
        for tally in (total, conflicts[conflict_of[event.report]]):
            tally.gold += 1
            if pair is None:
                continue
            tally.matched += 1
            for name in FIELDS:
                tally.right[name] += field_right(name, event, pair)
    return Scores(
        total=total,
        conflicts=conflicts,
        false_in_quiet=sum(1 for p in predicted if p.report in quiet),
        quiet_reports=len(quiet),
        pairs=pairs,
        unmatched=[p for p in predicted if id(p) not in matched_ids],
    )


def misses(scores: Scores) -> str:
    """Every gold event missed or with a wrong field, and every unmatched prediction."""
    lines: list[str] = []
    for event, p in scores.pairs:
        if p is None:
            lines.append(f"MISSED {event.report}: {event.anchor!r} ({event.sub_event_type})")
            continue
        for name in FIELDS:
            if not field_right(name, event, p):
                got = p.points if name == "place" else getattr(p, name)
                want = (event.place, event.lat, event.lon) if name == "place" else None
                gold_value = want or getattr(event, name)
                lines.append(
                    f"WRONG {event.report} {name}: gold {gold_value!r}, got {got!r} "
                    f"[{event.anchor}]"
                )
    for p in scores.unmatched:
        lines.append(f"FALSE {p.report}: {p.sub_event_type} in {p.quotes[0]!r}")
    return "\n".join(lines)
