"""Control timelines and reported-areas files: reading and checking them.

A timeline (``data/control/README.md``) gives an initial holder for every district
and dated changes; :func:`load_timeline` checks every row and names each bad one as
``file:line: reason`` in a :class:`TimelineError`. :class:`Holding` and
:func:`apply_change` are the state a timeline's changes are applied to (by the
merge with the text, and by the snapshots).
"""

from __future__ import annotations

import datetime
import math
import re
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from geomap import settings
from geomap._userfiles import read_csv, shown
from geomap.control.catalogue import UNIT_KINDS
from geomap.control.sides import CONTESTED, controller_ids, side_ids
from geomap.errors import GeomapError
from geomap.model import ChangeStatus, ControlChange, FigureKind, ReportedFigure, Timeline
from geomap.places.gazetteer import Gazetteer, Place

# How sure a change is: reported by more than one side or by an independent monitor
# (assessed), reported by one side only (claimed), or still being fought over.
STATUSES = ("assessed", "claimed", "contested")
# A district value in an initial-state row: every other district of the same city.
ALL_OTHERS = "*"
TIMELINE_COLUMNS = ("date", "place", "from", "to", "status", "source", "note")
# The place column's name before timelines could follow towns: still read.
_OLD_PLACE_COLUMN = "district"
AREA_COLUMNS = ("date", "controller", "area_km2", "qualifier", "source", "note")
# An areas file may also give a side's share of the timeline's place, in per cent.
SHARE_COLUMN = "share_percent"

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Unknown districts in a timeline get suggestions (a fuzzy search each) in the first
# this many problems only: a file of thousands of bad rows must not take minutes.
_HINTED_PROBLEMS = 5


class TimelineError(GeomapError, ValueError):
    """A control timeline (or reported-areas) file has bad rows.

    Parameters
    ----------
    message
        The first problem (``file:line: reason``) and how many more there are.
    problems
        Every problem, each as ``file:line: reason``.
    """

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems: list[str] = list(problems)


def _read_rows(path: Path, columns: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    header, rows = read_csv(path, str(path))
    if "place" in columns and "place" not in header and _OLD_PLACE_COLUMN in header:
        header = ["place" if c == _OLD_PLACE_COLUMN else c for c in header]
        rows = [
            (line, {("place" if k == _OLD_PLACE_COLUMN else k): v for k, v in row.items()})
            for line, row in rows
        ]
    missing = [c for c in columns if c not in header]
    if missing:
        raise TimelineError(f"{path}:1: missing column(s) {', '.join(missing)}")
    checked = []
    for line, row in rows:
        if None in row or any(v is None for v in row.values()):
            raise TimelineError(f"{path}:{line}: expected {len(columns)} fields")
        checked.append((line, {k: v.strip() for k, v in row.items()}))
    return checked


def _parse_date(value: str) -> datetime.date:
    if not _DATE_RE.fullmatch(value):
        raise ValueError(f"date {shown(value)} is not YYYY-MM-DD")
    try:
        date = datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"date {value!r} is not a real day") from None
    if not settings.EARLIEST_TIMELINE_YEAR <= date.year <= settings.LATEST_TIMELINE_YEAR:
        raise ValueError(
            f"date {value!r} is outside the years {settings.EARLIEST_TIMELINE_YEAR}"
            f"-{settings.LATEST_TIMELINE_YEAR}"
        )
    return date


def _split_sources(value: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in value.split(";") if s.strip())


def find_unit(
    gazetteer: Gazetteer, name: str, *, area: Place | None = None, hints: bool = True
) -> Place:
    """The district or town a timeline names (an id or a name); ValueError saying why not.

    With *area*, only its districts or towns count (a district resolves only inside
    its own city); without, a district is preferred to a town of the same name. With
    *hints*, an unknown name's message suggests similar names (a fuzzy search each, so
    callers meeting many unknown names stop asking for them).
    """

    def is_unit(place: Place) -> bool:
        return place.kind in UNIT_KINDS and (area is None or place.parent == area.id)

    place = gazetteer.get(name)
    if place is not None and is_unit(place):
        return place
    found = [c for c in gazetteer.lookup(name, within=area) if is_unit(c.place)]
    if not found:
        similar = (
            [c.place.name for c in gazetteer.suggest(name, limit=3, within=area)] if hints else []
        )
        hint = f" (did you mean {', '.join(similar)}?)" if similar else ""
        inside = f" of {area.name}" if area is not None else ""
        raise ValueError(f"unknown district or town{inside} {shown(name)}{hint}")
    found.sort(key=lambda c: UNIT_KINDS.index(c.place.kind))
    best = [c for c in found if c.method == found[0].method and c.place.kind == found[0].place.kind]
    if len({c.place.id for c in best}) > 1:
        names = ", ".join(f"{c.place.name} ({c.place.id})" for c in best)
        raise ValueError(f"{shown(name)} is ambiguous: {names}; use an id")
    return found[0].place


def load_timeline(path: str | Path, gazetteer: Gazetteer, *, area: Place | None = None) -> Timeline:
    """Read and check a control timeline CSV.

    Rows with an empty ``from`` give the initial state (place ``*``: every other
    district or town of the same place); the others are changes. See
    ``data/control/README.md``.

    Parameters
    ----------
    path
        The CSV file (a shipped one: :func:`geomap.control.catalogue.shipped_timelines`).
    gazetteer
        Where its places are looked up.
    area
        The place the timeline covers (a city or an enclave): its places are that
        place's districts or towns. Without it, they are any district or town, and
        ``*`` stands for the other districts or towns of the places named.

    Raises
    ------
    TimelineError
        Listing every bad row as ``file:line: reason``: an unknown or ambiguous
        district, a malformed date, an unknown side or status, ``from`` equal to
        ``to``, a district changing hands twice on one day, or no initial state.
    InputError
        When the file cannot be read.
    """
    path = Path(path)
    label = str(path)
    problems: list[str] = []
    warnings: list[str] = []
    sides = side_ids()
    initial: dict[str, ControlChange] = {}
    initial_lines: dict[str, int] = {}
    all_others: list[tuple[int, ControlChange]] = []
    changes: list[ControlChange] = []
    seen_day: dict[tuple[str, datetime.date], int] = {}
    for line, row in _read_rows(path, TIMELINE_COLUMNS):
        where = f"{label}:{line}"
        try:
            date = _parse_date(row["date"])
            from_side = row["from"] or None
            to_side = row["to"]
            for column, side in (("from", from_side), ("to", to_side)):
                if side is not None and side not in sides:
                    raise ValueError(
                        f"unknown side {shown(side)} in {column} (use {', '.join(sides)})"
                    )
            if row["status"] not in STATUSES:
                raise ValueError(
                    f"unknown status {shown(row['status'])} (use {', '.join(STATUSES)})"
                )
            if from_side == to_side:
                raise ValueError(f"from and to are both {to_side!r}")
            if row["place"] == ALL_OTHERS:
                if from_side is not None:
                    raise ValueError("district '*' is only allowed in initial-state rows")
                place = None
            else:
                hints = len(problems) < _HINTED_PROBLEMS
                place = find_unit(gazetteer, row["place"], area=area, hints=hints)
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
            continue
        change = ControlChange(
            date=date,
            district_id=place.id if place else ALL_OTHERS,
            district=place.name if place else ALL_OTHERS,
            from_side=from_side,
            to_side=to_side,
            status=typing.cast(ChangeStatus, row["status"]),
            sources=_split_sources(row["source"]),
            note=row["note"],
            origin="timeline",
            location=where,
        )
        if place is None:
            all_others.append((line, change))
        elif from_side is None:
            if place.id in initial_lines:
                problems.append(
                    f"{where}: {place.name} has an initial state already "
                    f"(line {initial_lines[place.id]})"
                )
                continue
            initial[place.id] = change
            initial_lines[place.id] = line
        else:
            key = (place.id, date)
            if key in seen_day:
                problems.append(
                    f"{where}: {place.name} changes hands twice on {date.isoformat()} "
                    f"(also line {seen_day[key]})"
                )
                continue
            seen_day[key] = line
            changes.append(change)
    if not initial and not all_others and not problems:
        problems.append(f"{label}:1: no initial-state rows (rows with an empty 'from')")
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise TimelineError(problems[0] + more, problems)
    start = min(c.date for c in (*initial.values(), *(c for _, c in all_others)))
    named = [gazetteer.get(i) for i in (*initial, *(c.district_id for c in changes))]
    parents = sorted({p.parent for p in named if p is not None and p.parent})
    containers = [area] if area is not None else [gazetteer.get(p) for p in parents]
    for _line, rest in all_others:
        for container in containers:
            for place in gazetteer.children(container) if container else ():
                if place.kind in UNIT_KINDS and place.id not in initial:
                    initial[place.id] = replace(rest, district_id=place.id, district=place.name)
    for change in changes:
        if change.district_id not in initial:
            warnings.append(
                f"{change.location}: {change.district} has no initial state; "
                f"assumed held by {change.from_side} from {start.isoformat()}"
            )
            initial[change.district_id] = replace(
                change, date=start, from_side=None, to_side=change.from_side or change.to_side
            )
    changes.sort(key=lambda c: c.date)
    warnings.extend(_check_sequence(initial, changes))
    return Timeline(label, start, dict(initial), tuple(changes), tuple(warnings))


def text_timeline(changes: Sequence[ControlChange], label: str) -> Timeline:
    """A timeline made of what the text alone says, for a place no shipped one covers.

    Its changes are *changes*; each district or town starts, on the earliest change's
    date, held by the side its first change takes it from (one whose first change
    names no loser enters the map on that change's date).
    """
    if not changes:
        raise ValueError("a timeline from the text needs at least one change")
    ordered = sorted(changes, key=lambda c: c.date)
    start = ordered[0].date
    initial: dict[str, ControlChange] = {}
    seen: set[str] = set()
    for change in ordered:
        if change.district_id in seen:
            continue
        seen.add(change.district_id)
        if change.from_side:
            initial[change.district_id] = replace(
                change, date=start, from_side=None, to_side=change.from_side
            )
    return Timeline(label, start, initial, tuple(ordered))


@dataclass(slots=True)
class Holding:
    """Who holds a district at one moment, as the timeline and the changes say.

    Attributes
    ----------
    controller
        A side, or :data:`CONTESTED`.
    status
        The status of the change that put it there.
    other
        The side that lost it, for claimed and contested holdings.
    sources
        Who reported that change.
    """

    controller: str
    status: str
    other: str | None  # the side that lost it, for claimed/contested holdings
    sources: tuple[str, ...]


def apply_change(state: dict[str, Holding], change: ControlChange) -> None:
    """Put *change* into *state* (district id → holding)."""
    state[change.district_id] = Holding(
        CONTESTED if change.status == "contested" else change.to_side,
        change.status,
        change.from_side,
        change.sources,
    )


def _sides_of(holding: Holding, to_side: str | None = None) -> set[str]:
    """The sides a change may name as ``from`` for a district in this state."""
    sides = {holding.controller}
    if holding.status in ("claimed", "contested") and holding.other:
        sides.add(holding.other)
    if holding.controller == CONTESTED and to_side:
        sides.add(to_side)
    return sides


def _check_sequence(initial: Mapping[str, ControlChange], changes: Sequence[ControlChange]):
    """Warn where a change's ``from`` is not who held the district then."""
    state = {i: Holding(c.to_side, c.status, None, c.sources) for i, c in initial.items()}
    for change in changes:
        holding = state[change.district_id]
        if change.from_side and change.from_side not in _sides_of(holding, change.to_side):
            yield (
                f"{change.location}: {change.district} is held by {holding.controller} "
                f"before {change.date.isoformat()}, not by {change.from_side}"
            )
        apply_change(state, change)


def load_reported_areas(path: str | Path) -> list[ReportedFigure]:
    """Read a reported-areas file (a shipped timeline's, or ``--areas``).

    Each row gives ``area_km2`` (the area a side holds) or, where the file has the
    column, ``share_percent`` (the side's share of the timeline's place): exactly one.

    Raises
    ------
    TimelineError
        Listing bad rows (date, controller, area) as ``file:line: reason``.
    """
    path = Path(path)
    figures: list[ReportedFigure] = []
    problems: list[str] = []
    controllers = controller_ids()
    for line, row in _read_rows(path, AREA_COLUMNS):
        try:
            date = _parse_date(row["date"])
            if row["controller"] not in controllers:
                raise ValueError(f"unknown side {shown(row['controller'])}")
            kind, value = _figure_value(row)
        except ValueError as exc:
            problems.append(f"{path}:{line}: {exc}")
            continue
        figures.append(
            ReportedFigure(
                date=date,
                kind=kind,
                value=value,
                controller=row["controller"],
                qualifier=row["qualifier"],
                source=row["source"],
                origin="areas",
                location=f"{path}:{line}",
            )
        )
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise TimelineError(problems[0] + more, problems)
    return figures


def _figure_value(row: dict[str, str]) -> tuple[FigureKind, float]:
    """The kind and value of a reported-areas row: its area or its share."""
    given = [c for c in ("area_km2", SHARE_COLUMN) if row.get(c)]
    if len(given) != 1:
        raise ValueError(f"give exactly one of area_km2 and {SHARE_COLUMN}")
    column = given[0]
    try:
        value = float(row[column])
    except ValueError:
        raise ValueError(f"{column} {shown(row[column])} is not a number") from None
    if not (math.isfinite(value) and value >= 0) or (column == SHARE_COLUMN and value > 100):
        raise ValueError(f"{column} {shown(row[column])} is out of range")
    return ("area_km2" if column == "area_km2" else "share_percent"), value
