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

from geomap import knowledge, settings
from geomap._userfiles import read_csv, shown
from geomap.control.sides import CONTESTED, controller_ids, side_ids
from geomap.errors import DataError, GeomapError
from geomap.knowledge import data_dir
from geomap.model import ChangeStatus, ControlChange, ReportedFigure, Timeline
from geomap.places.gazetteer import Gazetteer, Place

# How sure a change is: reported by more than one side or by an independent monitor
# (assessed), reported by one side only (claimed), or still being fought over.
STATUSES = ("assessed", "claimed", "contested")
# A district value in an initial-state row: every other district of the same city.
ALL_OTHERS = "*"
TIMELINE_COLUMNS = ("date", "district", "from", "to", "status", "source", "note")
AREA_COLUMNS = ("date", "controller", "area_km2", "qualifier", "source", "note")

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


@knowledge.cached
def _default_row() -> dict[str, str]:
    """The row of ``data/control/timelines.csv`` marked ``default``."""
    rows = knowledge.table("control", "timelines.csv", ("timeline", "areas", "default"))
    marked = [row for row in rows if row["default"].lower() == "yes"]
    if len(marked) != 1:
        raise DataError(
            f"control/timelines.csv: {len(marked)} rows are marked default; one must be"
        )
    return marked[0]


def default_timeline_path() -> Path:
    """The timeline used without ``--timeline``: the default row of ``timelines.csv``."""
    return data_dir("control") / _default_row()["timeline"]


def default_areas_path() -> Path:
    """The reported areas that go with the default timeline (``timelines.csv``)."""
    return data_dir("control") / _default_row()["areas"]


def _read_rows(path: Path, columns: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    header, rows = read_csv(path, str(path))
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


def find_district(gazetteer: Gazetteer, name: str, *, hints: bool = True) -> Place:
    """The district a timeline names (an id or a name); ValueError saying why not.

    With *hints*, an unknown name's message suggests similar names (a fuzzy search
    each, so callers meeting many unknown names stop asking for them).
    """
    place = gazetteer.get(name)
    if place is not None and place.kind == "district":
        return place
    found = [c for c in gazetteer.lookup(name) if c.place.kind == "district"]
    if not found:
        similar = [c.place.name for c in gazetteer.suggest(name, limit=3)] if hints else []
        hint = f" (did you mean {', '.join(similar)}?)" if similar else ""
        raise ValueError(f"unknown district {shown(name)}{hint}")
    best = [c for c in found if c.method == found[0].method]
    if len({c.place.id for c in best}) > 1:
        names = ", ".join(f"{c.place.name} ({c.place.id})" for c in best)
        raise ValueError(f"district {shown(name)} is ambiguous: {names}; use an id")
    return found[0].place


def load_timeline(path: str | Path | None, gazetteer: Gazetteer) -> Timeline:
    """Read and check a control timeline CSV (the shipped one when *path* is None).

    Rows with an empty ``from`` give the initial state (district ``*``: every other
    district of the same city); the others are changes. See ``data/control/README.md``.

    Raises
    ------
    TimelineError
        Listing every bad row as ``file:line: reason``: an unknown or ambiguous
        district, a malformed date, an unknown side or status, ``from`` equal to
        ``to``, a district changing hands twice on one day, or no initial state.
    InputError
        When the file cannot be read.
    """
    path = Path(path) if path is not None else default_timeline_path()
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
            if row["district"] == ALL_OTHERS:
                if from_side is not None:
                    raise ValueError("district '*' is only allowed in initial-state rows")
                place = None
            else:
                hints = len(problems) < _HINTED_PROBLEMS
                place = find_district(gazetteer, row["district"], hints=hints)
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
    cities = {gazetteer.get(i).parent for i in initial} | {  # type: ignore[union-attr]
        gazetteer.get(c.district_id).parent  # type: ignore[union-attr]
        for c in changes
    }
    for _line, rest in all_others:
        for place in gazetteer:
            if place.kind == "district" and place.parent in cities and place.id not in initial:
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


def load_reported_areas(path: str | Path | None = None) -> list[ReportedFigure]:
    """Read reported areas (the shipped ``aleppo-2016-areas.csv`` by default).

    Raises
    ------
    TimelineError
        Listing bad rows (date, controller, area) as ``file:line: reason``.
    """
    path = Path(path) if path is not None else default_areas_path()
    figures: list[ReportedFigure] = []
    problems: list[str] = []
    controllers = controller_ids()
    for line, row in _read_rows(path, AREA_COLUMNS):
        try:
            date = _parse_date(row["date"])
            if row["controller"] not in controllers:
                raise ValueError(f"unknown side {shown(row['controller'])}")
            try:
                value = float(row["area_km2"])
            except ValueError:
                raise ValueError(f"area_km2 {shown(row['area_km2'])} is not a number") from None
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"area_km2 {shown(row['area_km2'])} is not an area")
        except ValueError as exc:
            problems.append(f"{path}:{line}: {exc}")
            continue
        figures.append(
            ReportedFigure(
                date=date,
                kind="area_km2",
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
