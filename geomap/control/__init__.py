"""Control over time: who holds which district, and the area each side holds.

The pieces, in the order :func:`geomap.api.control_report` uses them:

* :func:`load_timeline` reads a control timeline CSV (the shipped
  ``data/control/aleppo-2016.csv`` by default; format in ``data/control/README.md``)
  into an initial state and dated :class:`ControlChange` records, checking every row
  (unknown district, malformed date, unknown side, a district changing hands twice
  on one day: :class:`TimelineError` with ``file:line: reason``);
* :func:`load_reported_areas` reads the shipped reported pocket sizes;
* :func:`control_changes_from_text` finds statements of control change ("troops
  captured X", "X fell to...", "rebels withdrew from X") and of size ("fell to 8.6
  square kilometres", "90 per cent", "about 100,000 civilians") in an article, using
  the geoparser's mentions;
* :func:`merge_changes` adds the text's changes to the timeline and lists every
  contradiction as a :class:`Conflict` rather than hiding it;
* :func:`district_geometries` gives each district a polygon: real boundaries from a
  GeoJSON (``--boundaries``), or approximate Voronoi cells of the gazetteer's
  centroids, labelled as such;
* :func:`snapshots` applies the changes date by date and measures each side's area
  (the union of its districts) in the UTM zone of the city, in km².

shapely, pyproj and geopandas are imported inside functions only.
"""

from __future__ import annotations

import bisect
import datetime
import math
import re
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from geomap import settings
from geomap._userfiles import feature_shape, read_csv, read_features, shown
from geomap.errors import GeomapError, InputError
from geomap.knowledge import data_dir
from geomap.model import (
    GEOMETRY_APPROXIMATE,
    ChangeStatus,
    Conflict,
    ControlChange,
    DistrictGeometry,
    FigureKind,
    ReportedFigure,
    Snapshot,
    TextFindings,
    Timeline,
    TimelinePrecision,
)
from geomap.places.gazetteer import Gazetteer, Place
from geomap.text.articles import Article
from geomap.text.sentences import SpanIndex, split_sentences

__all__ = [
    "CONTESTED",
    "GEOMETRY_APPROXIMATE",
    "SIDES",
    "STATUSES",
    "Conflict",
    "ControlChange",
    "DistrictGeometry",
    "ReportedFigure",
    "Snapshot",
    "TextFindings",
    "Timeline",
    "TimelineError",
    "control_changes_from_text",
    "default_areas_path",
    "default_timeline_path",
    "district_geometries",
    "load_reported_areas",
    "load_timeline",
    "merge_changes",
    "snapshots",
]

# The sides a timeline may name (see data/control/README.md).
SIDES = ("rebels", "government", "ypg")
# How sure a change is: reported by more than one side or by an independent monitor
# (assessed), reported by one side only (claimed), or still being fought over.
STATUSES = ("assessed", "claimed", "contested")
# The pseudo-controller of districts whose latest change is contested.
CONTESTED = "contested"
CONTROLLERS = (*SIDES, CONTESTED)
# A district value in an initial-state row: every other district of the same city.
ALL_OTHERS = "*"
TIMELINE_COLUMNS = ("date", "district", "from", "to", "status", "source", "note")
AREA_COLUMNS = ("date", "controller", "area_km2", "qualifier", "source", "note")

# A reported figure belongs to a snapshot when dated at most this many days before it
# starts ("the nearest figure on or before that date within a day or two").
FIGURE_WINDOW_DAYS = 2
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


# ---------------------------------------------------------------------------
# Records


# ---------------------------------------------------------------------------
# Timeline files


def default_timeline_path() -> Path:
    """The shipped timeline, ``data/control/aleppo-2016.csv``."""
    return data_dir("control") / "aleppo-2016.csv"


def default_areas_path() -> Path:
    """The shipped reported areas, ``data/control/aleppo-2016-areas.csv``."""
    return data_dir("control") / "aleppo-2016-areas.csv"


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
                if side is not None and side not in SIDES:
                    raise ValueError(
                        f"unknown side {shown(side)} in {column} (use {', '.join(SIDES)})"
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
class _Holding:
    controller: str
    status: str
    other: str | None  # the side that lost it, for claimed/contested holdings
    sources: tuple[str, ...]


def _apply(state: dict[str, _Holding], change: ControlChange) -> None:
    state[change.district_id] = _Holding(
        CONTESTED if change.status == "contested" else change.to_side,
        change.status,
        change.from_side,
        change.sources,
    )


def _sides_of(holding: _Holding, to_side: str | None = None) -> set[str]:
    """The sides a change may name as ``from`` for a district in this state."""
    sides = {holding.controller}
    if holding.status in ("claimed", "contested") and holding.other:
        sides.add(holding.other)
    if holding.controller == CONTESTED and to_side:
        sides.add(to_side)
    return sides


def _check_sequence(initial: Mapping[str, ControlChange], changes: Sequence[ControlChange]):
    """Warn where a change's ``from`` is not who held the district then."""
    state = {i: _Holding(c.to_side, c.status, None, c.sources) for i, c in initial.items()}
    for change in changes:
        holding = state[change.district_id]
        if change.from_side and change.from_side not in _sides_of(holding, change.to_side):
            yield (
                f"{change.location}: {change.district} is held by {holding.controller} "
                f"before {change.date.isoformat()}, not by {change.from_side}"
            )
        _apply(state, change)


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
    for line, row in _read_rows(path, AREA_COLUMNS):
        try:
            date = _parse_date(row["date"])
            if row["controller"] not in CONTROLLERS:
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


# ---------------------------------------------------------------------------
# Statements in the text

_SIDE_WORDS = (
    ("ypg", r"YPG|SDF|Kurdish"),
    (
        "government",
        r"pro-government|government|regime|army|troops|soldiers|loyalists?|militias?",
    ),
    ("rebels", r"rebels?|opposition|resistance|insurgents|jihadists"),
)
_SIDE_RE = re.compile(
    "|".join(f"(?P<{side}>\\b(?:{words})\\b)" for side, words in _SIDE_WORDS), re.IGNORECASE
)
_CUE_RE = re.compile(
    r"(?P<capture>\b(?:re)?captur(?:e|ed|es|ing)\b|\bseiz(?:e|ed|es|ing)\b"
    r"|\b(?:took|take|takes|taken|taking)(?:\s+(?:full\s+)?control\s+of)?\b"
    r"|\bentered\b|\boverr(?:an|un)\b|\bregain(?:ed|s)?\b"
    r"|\bcompleted\s+(?:their|its|the)\s+takeover\s+of\b)"
    r"|(?P<fell>\b(?:fell|fallen|falls)\s+to\b|\bis\s+now\s+in\b)"
    r"|(?P<loss>\b(?:withdr(?:aw|ew|awn)|retreat(?:ed)?|pull(?:ed)?\s+out)\s+(?:from|of)\b"
    r"|\b(?:lost|lose|loses|abandoned)\b)",
    re.IGNORECASE,
)
# Where one statement's list of districts ends.
_CLAUSE_END_RE = re.compile(
    r",\s+(?:but|while|whereas|with|after|as|although|though)\b|;|:|\s[–—]\s", re.IGNORECASE
)
# A district named after these is not the object of the change.
_NOT_OBJECT_RE = re.compile(
    r"(?:\b(?:north|south|east|west|north-east|north-west|south-east|south-west)\s+of"
    r"(?:\s+the)?|\bnear|\baround|\boutside|\btowards?|\bfrom|\binto|\bthe\s+rest\s+of"
    r"|\bparts?\s+of(?:\s+lower|\s+upper)?|\bstreets?\s+(?:of|in))\s*$",
    re.IGNORECASE,
)
_CONTESTED_RE = re.compile(r"\bcontested\b|\bstill\s+fighting\b|\bfighting\s+(?:for|over)\b", re.I)
_CLAIM_RE = re.compile(r"\bclaim(?:s|ed)?\b|\bunverified\b|\bcould\s+not\s+be\s+verified\b", re.I)
_ATTRIBUTION_RE = re.compile(r"\b(?:said|says|according|reported|told|put|gave|claimed)\b", re.I)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# Gaps between the words of a date or figure are bounded (_GAP), and a number starts
# where a run of digits starts and has a bounded length: a run of hundreds of spaces
# or digits means nothing, and unbounded runs make each search quadratic in them.
_GAP = r"\s{1,5}"
_OPTIONAL_GAP = r"\s{0,5}"
_DECIMAL = r"(?<![\d.])\d{1,9}(?:\.\d{1,6})?(?![\d])"
_PEOPLE_NUMBER = r"(?<![\d,.])(?:\d{1,3}(?:,\d{3}){1,3}|\d{4,12})(?![\d])"
_DAY_WORD = (
    rf"(?:today|tonight|this{_GAP}morning|yesterday|last{_GAP}night|"
    + "|".join(_WEEKDAYS)
    + rf")(?:{_GAP}(?:morning|night|evening))?"
)
_DATE_RE_TEXT = re.compile(
    rf"(?P<between>\bbetween{_GAP}(?P<a>{_DAY_WORD}){_GAP}and{_GAP}(?P<b>{_DAY_WORD}))"
    rf"|(?P<pair>\b(?P<c>{_DAY_WORD}){_GAP}and{_GAP}(?P<d>{_DAY_WORD}))"
    rf"|(?P<explicit>\b(?P<day>\d{{1,2}}){_GAP}(?P<month>"
    + "|".join(_MONTHS)
    + rf")(?:{_GAP}(?P<year>\d{{4}}))?)"
    rf"|(?P<same>\bthe{_GAP}same{_GAP}day\b)"
    rf"|(?P<before>\bbefore{_GAP}the{_GAP}offensive\b)"
    rf"|(?P<single>\b{_DAY_WORD})",
    re.IGNORECASE,
)
_AREA_RE = re.compile(
    rf"(?P<qual>about|around|some|nearly|almost|under|less{_GAP}than|below|over|more{_GAP}than)?"
    rf"{_OPTIONAL_GAP}(?P<a>{_DECIMAL})"
    rf"(?:{_OPTIONAL_GAP}(?:-|–|to){_OPTIONAL_GAP}(?P<b>{_DECIMAL}))?{_OPTIONAL_GAP}"
    rf"(?:square{_GAP}kilometres|square{_GAP}kilometers|sq\.?{_OPTIONAL_GAP}km|km²|km2)",
    re.IGNORECASE,
)
_SHARE_RE = re.compile(
    rf"(?P<qual>about|around|some|nearly|almost|over|more{_GAP}than)?{_OPTIONAL_GAP}"
    rf"(?P<a>{_DECIMAL}){_OPTIONAL_GAP}(?:per{_OPTIONAL_GAP}cent|percent|%)",
    re.IGNORECASE,
)
_PEOPLE_RE = re.compile(
    rf"(?P<qual>about|around|some|nearly|almost|over|more{_GAP}than|tens{_GAP}of)?{_OPTIONAL_GAP}"
    rf"(?P<a>{_PEOPLE_NUMBER})(?:{_OPTIONAL_GAP}(?:-|–|to){_OPTIONAL_GAP}(?P<b>{_PEOPLE_NUMBER}))?"
    rf"{_GAP}(?:civilians|people|residents)\b(?P<after>(?:{_GAP}\w{{1,30}}){{0,4}})",
    re.IGNORECASE,
)
_CASUALTY_RE = re.compile(r"\b(?:killed|dead|deaths|died|shot|wounded|injured|executed)\b", re.I)
_REBEL_AREA_RE = re.compile(
    r"\b(?:rebels?|opposition|resistance|enclave|pocket|rebel-held)\b", re.IGNORECASE
)
_OUTLETS = (
    ("Anadolu Agency", "AA"),
    ("Syrian Observatory for Human Rights", "SOHR"),
    ("Observatory", "SOHR"),
    ("SOHR", "SOHR"),
    ("SANA", "SANA"),
    ("Russian Ministry of Defence", "Russian MoD"),
    ("Ministry of Defence", "Russian MoD"),
    ("Al-Mayadeen", "Al-Mayadeen"),
    ("army media", "Syrian army media"),
    ("state television", "Syrian state TV"),
    ("Xinhua", "Xinhua"),
    ("Reuters", "Reuters"),
    ("AFP", "AFP"),
    ("AP", "AP"),
    ("Enab Baladi", "Enab Baladi"),
    ("CNN", "CNN"),
    ("BBC", "BBC"),
    ("Al Jazeera", "Al Jazeera"),
    ("Red Cross", "ICRC"),
    ("OCHA", "UN OCHA"),
    ("United Nations", "UN"),
    ("White Helmets", "White Helmets"),
    ("Levant Front", "Levant Front"),
)


@dataclass(frozen=True, slots=True)
class _DateRef:
    date: datetime.date
    start: int
    end: int
    precision: TimelinePrecision


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in split_sentences(text)]


def _weekday_before(published: datetime.date, word: str) -> datetime.date:
    target = _WEEKDAYS.index(word)
    back = (published.weekday() - target) % 7 or 7
    return published - datetime.timedelta(days=back)


def _day_word(word: str, published: datetime.date) -> datetime.date:
    word = word.lower().split()[0]
    if word in ("today", "tonight", "this"):
        return published
    if word in ("yesterday", "last"):
        return published - datetime.timedelta(days=1)
    return _weekday_before(published, word)


def _dates_in(
    sentence: str,
    offset: int,
    published: datetime.date,
    previous: datetime.date | None,
    start: datetime.date | None,
) -> list[_DateRef]:
    refs = []
    for m in _DATE_RE_TEXT.finditer(sentence):
        span = (offset + m.start(), offset + m.end())
        precision: TimelinePrecision = "day"
        if m.group("between"):
            date = _day_word(m.group("b"), published)
        elif m.group("pair"):
            date = _day_word(m.group("d"), published)
        elif m.group("explicit"):
            try:
                date = datetime.date(
                    int(m.group("year") or published.year),
                    _MONTHS.index(m.group("month").lower()) + 1,
                    int(m.group("day")),
                )
            except ValueError:
                continue
        elif m.group("same"):
            if previous is None:
                continue
            date = previous
        elif m.group("before"):
            if start is None:
                continue
            date = start
        else:
            date = _day_word(m.group("single"), published)
        if sentence[max(0, m.start() - 3) : m.start()].lower() == "by ":
            precision = "by"
        refs.append(_DateRef(date, *span, precision))
    return refs


def _nearest_date(refs: Sequence[_DateRef], start: int, end: int) -> _DateRef | None:
    """The date expression nearest to the text ``[start, end)``; ties go to the later one."""
    best, best_key = None, None
    for ref in refs:
        if ref.end <= start:
            distance = start - ref.end
        elif ref.start >= end:
            distance = ref.start - end
        else:
            distance = 0
        key = (distance, 0 if ref.start >= end else 1)
        if best_key is None or key < best_key:
            best, best_key = ref, key
    return best


def _outlets(sentence: str) -> list[str]:
    found: list[str] = []
    for words, short in _OUTLETS:
        if re.search(rf"\b{re.escape(words)}\b", sentence) and short not in found:
            found.append(short)
    return found


class _Marks:
    """Side words and clause ends of one sentence, found once and searched by bisection.

    Each cue asks for the side word nearest it and the end of its clause; searching
    the sentence again for every cue is quadratic in a sentence full of cues.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        sides = list(_SIDE_RE.finditer(text, start, end))
        self._side_starts = [m.start() for m in sides]
        self._side_ends = [m.end() for m in sides]
        self._sides = [m.lastgroup for m in sides]
        ends = list(_CLAUSE_END_RE.finditer(text, start, end))
        self._end_starts = [m.start() for m in ends]
        self._end_ends = [m.end() for m in ends]

    def side(self, start: int, end: int, *, last: bool) -> str | None:
        """The first (or *last*) side word within ``[start, end)``."""
        low = bisect.bisect_left(self._side_starts, start)
        high = bisect.bisect_right(self._side_ends, end)
        if low >= high:
            return None
        return self._sides[high - 1] if last else self._sides[low]

    def clause_start(self, low: int, high: int) -> int:
        """Where the clause holding ``high`` starts, looking back no further than *low*."""
        first = bisect.bisect_left(self._end_starts, low)
        last = bisect.bisect_right(self._end_ends, high)
        return self._end_ends[last - 1] if last > first else low

    def clause_end(self, low: int, high: int) -> int:
        """Where the clause after *low* ends, no further than *high*."""
        first = bisect.bisect_left(self._end_starts, low)
        if first < len(self._end_starts) and self._end_ends[first] <= high:
            return self._end_starts[first]
        return high


def control_changes_from_text(
    article: Article,
    mentions: Iterable[Any],
    *,
    start: datetime.date | None = None,
) -> TextFindings:
    """Find statements of control change and of size in *article*.

    A sentence states a change when it has a cue ("captured", "seized", "took",
    "entered", "fell to", "withdrew from", "pulled out of", "lost"...) and names
    districts in the cue's clause (after it; before it for "fell to"). The side
    gaining them is the nearest side word before the cue ("government troops",
    "rebels", "Kurdish YPG"), or after "fell to"; for a loss the other main side
    gains them. Districts named after "north of", "around", "from", "the rest of",
    "parts of" are not objects. The date is the nearest date expression ("today",
    "yesterday", "on Monday", "between Sunday and today", "4 December"); without
    one, the article's date with precision ``by``. "claimed" makes the status
    ``claimed``, "contested" ``contested``. Unresolved names in such statements
    (Hamdudu) are returned in ``unresolved``, never mapped.

    Parameters
    ----------
    article
        The article (its ``date`` anchors relative dates; without one, nothing is dated
        and no change or figure is returned).
    mentions
        The geoparser's mentions of this article (see :func:`geomap.places.geoparse.parse_places`).
    start
        The date the offensive began (the timeline's start), for "before the offensive".
    """
    published = article.date
    if published is None:
        return TextFindings()
    text = article.text
    mentions = [m for m in mentions if getattr(m, "article", article.name) == article.name]
    mention_index = SpanIndex(mentions)
    changes: list[ControlChange] = []
    figures: list[ReportedFigure] = []
    unresolved: list[Any] = []
    previous: datetime.date | None = None
    previous_outlets: list[str] = []
    for s_start, s_end in _sentences(text):
        sentence = text[s_start:s_end]
        refs = _dates_in(sentence, s_start, published, previous, start)
        outlets = _outlets(sentence)
        if not outlets and _ATTRIBUTION_RE.search(sentence):
            outlets = previous_outlets  # "The monitor said...": the outlet just named
        previous_outlets = outlets
        source = "; ".join([*outlets, f"{article.name} (article)"])
        cues = list(_CUE_RE.finditer(text, s_start, s_end))
        marks = _Marks(text, s_start, s_end)
        inside = mention_index.between(s_start, s_end)
        for index, cue in enumerate(cues):
            kind = cue.lastgroup
            if kind == "fell":
                low = cues[index - 1].end() if index else s_start
                clause = marks.clause_start(low, cue.start())
                lo, hi = clause, cue.start()
                gainer = marks.side(cue.end(), marks.clause_end(cue.end(), s_end), last=False)
            else:
                lo = cue.end()
                hi = cues[index + 1].start() if index + 1 < len(cues) else s_end
                hi = marks.clause_end(lo, hi)
                actor = marks.side(s_start, cue.start(), last=True)
                if kind == "loss":
                    gainer = {"rebels": "government", "government": "rebels"}.get(actor or "")
                else:
                    gainer = actor
            if gainer is None:
                continue
            objects = [m for m in inside if lo <= m.start < hi and _is_object(text, s_start, m)]
            districts = [
                m
                for m in objects
                if m.status == "resolved" and m.place and m.place.kind == "district"
            ]
            unresolved.extend(m for m in objects if m.status == "unresolved")
            if not districts:
                continue
            ref = _nearest_date(
                refs,
                min(cue.start(), *(m.start for m in districts)),
                max(cue.end(), *(m.end for m in districts)),
            )
            date, precision = (ref.date, ref.precision) if ref else (published, "by")
            status: ChangeStatus = (
                "contested"
                if _CONTESTED_RE.search(sentence)
                else "claimed"
                if _CLAIM_RE.search(sentence)
                else "assessed"
            )
            loser = marks.side(s_start, cue.start(), last=True) if kind == "loss" else None
            seen: set[str] = set()
            for mention in districts:
                place = mention.place
                if place.id in seen:
                    continue
                seen.add(place.id)
                changes.append(
                    ControlChange(
                        date=date,
                        district_id=place.id,
                        district=place.name,
                        from_side=loser,
                        to_side=gainer,
                        status=status,
                        sources=(source,),
                        note=f"{mention.text!r}: {' '.join(sentence.split())}",
                        origin="text",
                        location=f"{article.name}:{mention.start}",
                        precision=precision,
                    )
                )
            previous = date
        new_figures = _figures(sentence, s_start, refs, published, source, article.name)
        figures.extend(new_figures)
        if new_figures and refs:
            previous = new_figures[-1].date
    return TextFindings(tuple(changes), tuple(figures), tuple(_unique_mentions(unresolved)))


def _unique_mentions(mentions: Iterable[Any]) -> list[Any]:
    seen, out = set(), []
    for m in mentions:
        if (m.article, m.start) not in seen:
            seen.add((m.article, m.start))
            out.append(m)
    return out


def _is_object(text: str, sentence_start: int, mention: Any) -> bool:
    before = text[max(sentence_start, mention.start - 40) : mention.start]
    return not _NOT_OBJECT_RE.search(before)


def _number(value: str) -> float:
    return float(value.replace(",", ""))


def _qualifier(match: re.Match, *, has_range: bool = True) -> tuple[float, str]:
    a = _number(match.group("a"))
    b = match.groupdict().get("b") if has_range else None
    if b:
        b_value = _number(b)
        return (a + b_value) / 2, f"range {match.group('a')}-{b}"
    qual = (match.group("qual") or "").lower()
    qual = {
        "around": "about",
        "some": "about",
        "nearly": "about",
        "almost": "about",
        "less than": "under",
        "below": "under",
        "more than": "over",
        "tens of": "about",
    }.get(" ".join(qual.split()), " ".join(qual.split()))
    return a, qual


def _figures(
    sentence: str,
    offset: int,
    refs: Sequence[_DateRef],
    published: datetime.date,
    source: str,
    article: str,
) -> list[ReportedFigure]:
    found: list[ReportedFigure] = []

    def add(kind: FigureKind, match: re.Match, controller: str | None, value: float, qual: str):
        start, end = offset + match.start(), offset + match.end()
        ref = _nearest_date(refs, start, end)
        date, precision = (ref.date, ref.precision) if ref else (published, "by")
        found.append(
            ReportedFigure(
                date=date,
                kind=kind,
                value=value,
                controller=controller,
                qualifier=qual,
                source=source,
                origin="text",
                location=f"{article}:{start}",
                precision=precision,
                text=match.group().strip(),
            )
        )

    named = list(_SIDE_RE.finditer(sentence))
    rebel_area = _REBEL_AREA_RE.search(sentence) is not None
    for match in _AREA_RE.finditer(sentence):
        # The size reports give is the rebel pocket's, unless only the other side is named.
        sides = {m.lastgroup for m in named}
        controller = (
            "rebels" if rebel_area or not sides else sides.pop() if len(sides) == 1 else None
        )
        add("area_km2", match, controller, *_qualifier(match))
    named_ends = [m.end() for m in named]
    for match in _SHARE_RE.finditer(sentence):
        # The side named last before the figure.
        before = bisect.bisect_right(named_ends, match.start())
        side = named[before - 1].lastgroup if before else None
        add("share_percent", match, side, *_qualifier(match, has_range=False))
    for match in _PEOPLE_RE.finditer(sentence):
        if _CASUALTY_RE.search(match.group("after") or ""):
            continue
        add("people", match, None, *_qualifier(match))
    return found


# ---------------------------------------------------------------------------
# Combining the timeline and the text


def _holder_on(
    timeline: Timeline, district_id: str, date: datetime.date
) -> tuple[_Holding | None, list[ControlChange]]:
    first = timeline.initial.get(district_id)
    if first is None:
        return None, []
    holding = _Holding(first.to_side, first.status, None, first.sources)
    applied = []
    for change in timeline.changes:
        if change.district_id == district_id and change.date <= date:
            holding = _Holding(
                CONTESTED if change.status == "contested" else change.to_side,
                change.status,
                change.from_side,
                change.sources,
            )
            applied.append(change)
    return holding, applied


def merge_changes(
    timeline: Timeline, text_changes: Iterable[ControlChange]
) -> tuple[list[ControlChange], list[Conflict]]:
    """Add the text's changes to the timeline; return all changes and the conflicts.

    A text change agrees with the timeline when the timeline has the same district
    going to the same side on that day (or, for an undated statement, by the
    article's date); its article is then added to that change's sources. When the
    timeline dates that change differently, or says the district was not taken by
    that side, the text change becomes a :class:`Conflict` and the timeline's
    version is kept. A change the timeline knows nothing about (a district it
    leaves to one side throughout) is a conflict too; a district the timeline does
    not cover at all is added from the text.
    """
    changes = list(timeline.changes)
    conflicts: list[Conflict] = []
    added: list[ControlChange] = []
    for change in text_changes:
        district = change.district_id
        ours = [c for c in timeline.changes if c.district_id == district]
        same_side = [c for c in ours if c.to_side == change.to_side]
        holding, applied = _holder_on(timeline, district, change.date)
        if holding is None:
            if any(a.district_id == district and a.date == change.date for a in added):
                continue
            added.append(replace(change, from_side=change.from_side))
            continue
        agree: ControlChange | None = None
        if change.precision == "day":
            agree = next((c for c in same_side if c.date == change.date), None)
        else:
            before = [c for c in applied if c.to_side == change.to_side]
            if before and holding.controller in (change.to_side, CONTESTED):
                agree = before[-1]
        if agree is not None:
            index = timeline.changes.index(agree)
            agree = changes[index]
            extra = tuple(s for s in change.sources if s not in agree.sources)
            changes[index] = replace(agree, sources=agree.sources + extra)
            continue
        if same_side:
            nearest = min(same_side, key=lambda c: (abs((c.date - change.date).days), c.date))
            when = "by" if change.precision == "by" else "on"
            reason = (
                f"the text has {change.district} taken by {change.to_side} {when} "
                f"{change.date.isoformat()}; the timeline dates it {nearest.date.isoformat()}"
            )
            conflicts.append(Conflict(change, reason, nearest))
        else:
            reason = (
                f"the text has {change.district} taken by {change.to_side} on or by "
                f"{change.date.isoformat()}; the timeline has it held by "
                f"{holding.controller} then"
            )
            last = applied[-1] if applied else timeline.initial.get(district)
            conflicts.append(Conflict(change, reason, last))
    merged = sorted(changes + added, key=lambda c: c.date)
    return merged, conflicts


# ---------------------------------------------------------------------------
# Geometry


def district_geometries(
    gazetteer: Gazetteer,
    boundaries: str | Path | None = None,
    *,
    districts: Iterable[str] | None = None,
) -> DistrictGeometry:
    """A polygon for each district: real boundaries, or approximate Voronoi cells.

    Parameters
    ----------
    gazetteer
        Where districts (and their cities) are found.
    boundaries
        A GeoJSON FeatureCollection of district polygons. Each feature is matched to
        a gazetteer district by its name (``name``, ``NAME``... property) through the
        gazetteer's lookup; features sharing an ``Id`` (or a name) are merged, and so
        are features matching the same district. Unmatched features are warnings.
    districts
        The district ids wanted (default: every district in the gazetteer). Without
        *boundaries*, the cells are made per city (the districts' parent) from all
        its districts' centroids, clipped to equal discs around the centroids
        sized so that the total is the city's ``area_km2`` when the gazetteer knows
        it (see :func:`geomap.control.geometry.voronoi_cells`).
    """
    wanted = set(districts) if districts is not None else None
    if boundaries is not None:
        return _boundary_geometries(gazetteer, Path(boundaries), wanted)
    from geomap.control.geometry import voronoi_cells

    by_city: dict[str | None, dict[str, tuple[float, float]]] = {}
    for place in gazetteer:
        if place.kind == "district":
            by_city.setdefault(place.parent, {})[place.id] = (place.lon, place.lat)
    cities = (
        {gazetteer.get(i).parent for i in wanted if gazetteer.get(i)}  # type: ignore[union-attr]
        if wanted is not None
        else set(by_city)
    )
    geometries: dict[str, Any] = {}
    for city_id in sorted(cities, key=str):
        city = gazetteer.get(city_id) if city_id else None
        target = city.area_km2 if city and city.kind == "city" else None
        cells = voronoi_cells(by_city.get(city_id, {}), target_area_km2=target)
        geometries.update(cells)
    if wanted is not None:
        geometries = {k: v for k, v in geometries.items() if k in wanted}
    return DistrictGeometry(geometries, GEOMETRY_APPROXIMATE)


def _boundary_geometries(
    gazetteer: Gazetteer, path: Path, wanted: set[str] | None
) -> DistrictGeometry:
    import shapely

    from geomap.places.gazetteer import _NAME_PROPERTIES

    features = read_features(path, str(path))
    props = [f["properties"] for f in features]
    name_key = next((p for p in _NAME_PROPERTIES if any(p in x for x in props)), None)
    if name_key is None:
        raise InputError(f"{path}: no name property found (tried {', '.join(_NAME_PROPERTIES)})")
    id_key = next((k for k in ("Id", "id", "ID") if all(k in x for x in props)), None)
    groups: dict[str, list[tuple[str, Any]]] = {}
    for number, (feature, properties) in enumerate(zip(features, props, strict=True), start=1):
        name = str(properties.get(name_key) or "").strip()
        geom = feature_shape(feature, f"{path}:feature {number}")
        key = f"id:{properties[id_key]}" if id_key else f"name:{name}"
        groups.setdefault(key, []).append((name, geom))
    warnings: list[str] = []
    parts: dict[str, list[Any]] = {}
    for key in sorted(groups):
        members = groups[key]
        place = None
        for name, _geom in members:
            try:
                # Unmatched features are only warned about: no suggestions to compute.
                place = find_district(gazetteer, name, hints=False)
                break
            except ValueError:
                continue
        if place is None:
            names = ", ".join(sorted({n for n, _ in members}))
            warnings.append(f"{path}: no gazetteer district matches feature(s) {names!r}")
            continue
        parts.setdefault(place.id, []).extend(g for _, g in members)
    geometries = {i: shapely.union_all(g) for i, g in sorted(parts.items())}
    if wanted is not None:
        geometries = {k: v for k, v in geometries.items() if k in wanted}
        for missing in sorted(wanted - set(geometries)):
            place = gazetteer.get(missing)
            name = place.name if place else missing
            warnings.append(f"{path}: no polygon for {name} ({missing}); left out of areas")
    return DistrictGeometry(geometries, f"boundaries from {path.name}", tuple(warnings))


# ---------------------------------------------------------------------------
# Snapshots and areas


def snapshots(
    timeline: Timeline,
    changes: Sequence[ControlChange],
    geometry: DistrictGeometry,
    figures: Sequence[ReportedFigure] = (),
    gazetteer: Gazetteer | None = None,
) -> list[Snapshot]:
    """Each controller's districts and area over each interval between change dates.

    Parameters
    ----------
    timeline
        Gives the initial state (on ``timeline.start``).
    changes
        All changes to apply (see :func:`merge_changes`), any order.
    geometry
        The district polygons.
    figures
        Reported figures; ``area_km2`` figures are put beside the snapshot of their
        controller (see :attr:`Snapshot.reported_figure`).
    gazetteer
        For district names of text-only changes (optional).

    Returns
    -------
    list of Snapshot
        By date, then controller (rebels, government, ypg, contested); controllers
        holding nothing in an interval are left out. Areas are measured in the UTM
        zone of all the districts' centroid.
    """
    import shapely

    from geomap.control.geometry import to_metric, utm_crs

    names = {c.district_id: c.district for c in (*timeline.initial.values(), *changes)}
    ids = sorted(names)
    with_geom = [i for i in ids if geometry.geometries.get(i) is not None]
    crs = utm_crs([geometry.geometries[i] for i in with_geom]) if with_geom else None
    metric = (
        dict(
            zip(with_geom, to_metric([geometry.geometries[i] for i in with_geom], crs), strict=True)
        )
        if crs
        else {}
    )
    state = {i: _Holding(c.to_side, c.status, None, c.sources) for i, c in timeline.initial.items()}
    ordered = sorted(changes, key=lambda c: c.date)
    dates = sorted({timeline.start, *(c.date for c in ordered if c.date >= timeline.start)})
    result: list[Snapshot] = []
    area_figures = [f for f in figures if f.kind == "area_km2" and f.controller]
    for n, date in enumerate(dates):
        arrived: dict[str, list[str]] = {}
        for change in ordered:
            if change.date == date:
                _apply(state, change)
                holder = state[change.district_id].controller
                arrived.setdefault(holder, []).append(change.district)
        valid_to = dates[n + 1] if n + 1 < len(dates) else None
        for controller in CONTROLLERS:
            held = sorted(
                (i for i, h in state.items() if h.controller == controller),
                key=lambda i: (names[i].casefold(), i),
            )
            if not held:
                continue
            geoms = [geometry.geometries[i] for i in held if i in metric]
            union = shapely.union_all(geoms) if geoms else None
            area = (
                shapely.union_all([metric[i] for i in held if i in metric]).area / 1e6
                if geoms
                else 0.0
            )
            sources = sorted(
                {s for i in held for s in state[i].sources if not s.startswith("geomap authors")}
            )
            contested = (
                tuple(
                    sorted(
                        {s for i in held for s in (state[i].other,) if s}
                        | _gainers(ordered, held, date)
                    )
                )
                if controller == CONTESTED
                else ()
            )
            reported, primary = _figures_for(area_figures, controller, date, valid_to)
            result.append(
                Snapshot(
                    controller=controller,
                    valid_from=date,
                    valid_to=valid_to,
                    district_ids=tuple(held),
                    districts=tuple(names[i] for i in held),
                    area_km2=area,
                    geometry=union,
                    geometry_source=geometry.source,
                    claimed_district_ids=tuple(i for i in held if state[i].status == "claimed"),
                    contested_between=contested,
                    missing_geometry=tuple(i for i in held if i not in metric),
                    changed=tuple(sorted(set(arrived.get(controller, ())), key=str.casefold)),
                    sources=tuple(sources),
                    reported=tuple(reported),
                    reported_figure=primary,
                )
            )
    return result


def _gainers(
    changes: Sequence[ControlChange], held: Sequence[str], date: datetime.date
) -> set[str]:
    """The ``to`` sides of the latest contested changes of *held* districts by *date*."""
    latest: dict[str, ControlChange] = {}
    for change in changes:
        if change.district_id in held and change.date <= date:
            latest[change.district_id] = change
    return {c.to_side for c in latest.values() if c.status == "contested"}


def _figures_for(
    figures: Sequence[ReportedFigure],
    controller: str,
    start: datetime.date,
    end: datetime.date | None,
) -> tuple[list[ReportedFigure], ReportedFigure | None]:
    window = start - datetime.timedelta(days=FIGURE_WINDOW_DAYS)
    mine = [f for f in figures if f.controller == controller]
    shown = [f for f in mine if window <= f.date and (end is None or f.date < end)]
    shown.sort(key=lambda f: f.date)
    before = [f for f in shown if f.date <= start]
    primary: ReportedFigure | None
    if before:
        best_date = max(f.date for f in before)
        primary = next(f for f in before if f.date == best_date)
    else:
        primary = shown[0] if shown else None
    return shown, primary


def merge_figures(figures: Iterable[ReportedFigure]) -> list[ReportedFigure]:
    """Drop repeats: the same kind, side and value within two days (sources joined)."""
    out: list[ReportedFigure] = []
    for figure in figures:
        for i, kept in enumerate(out):
            if (
                kept.kind == figure.kind
                and kept.controller == figure.controller
                and kept.value == figure.value
                and abs((kept.date - figure.date).days) <= FIGURE_WINDOW_DAYS
            ):
                parts = kept.source.split("; ")
                parts += [p for p in figure.source.split("; ") if p not in parts]
                out[i] = replace(kept, source="; ".join(parts))
                break
        else:
            out.append(figure)
    return out


# ---------------------------------------------------------------------------
# Small helpers
