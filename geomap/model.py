"""The records every stage shares, and the value sets of their fields.

Data flows one way through them::

    Article ──► Mention (→ Place) ──► Incident ──► ControlChange ──► Snapshot
    text/        places/              events/       control/          control/

Every record is a frozen dataclass: a stage makes new records, it never changes the
ones it was given. Value sets that geomap itself defines (roles, statuses, precision
codes) are ``Literal`` types; sides, actors and event kinds are data (see
``data/README.md``), so they are plain strings checked against those tables.
How a record becomes GeoJSON, CSV or a table is the output package's business
(:mod:`geomap.output`).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, Protocol, TypeVar

from geomap import settings

__all__ = [
    "GEOMETRY_APPROXIMATE",
    "Article",
    "Candidate",
    "ChangeOrigin",
    "ChangeStatus",
    "Conflict",
    "ControlChange",
    "Count",
    "DateWords",
    "DistrictGeometry",
    "Document",
    "EventPlace",
    "FigureKind",
    "FigureOrigin",
    "Incident",
    "MatchMethod",
    "Mention",
    "MentionRole",
    "MentionStatus",
    "NumberReader",
    "Numbers",
    "Place",
    "PlaceKind",
    "PlaceReport",
    "RefusedCount",
    "Report",
    "ReportedFigure",
    "Sentence",
    "Snapshot",
    "TextFindings",
    "TimePrecision",
    "Timeline",
    "TimelinePrecision",
]

#: Kinds of gazetteer place, largest first (the order of geomap.places.gazetteer.KINDS).
PlaceKind = Literal[
    "world_region",
    "country",
    "admin1",
    "admin2",
    "river",
    "city",
    "region",
    "district",
    "landmark",
]
#: How a name matched a gazetteer spelling (see :class:`Candidate`), or ``online``: found
#: by Nominatim (``--online``, :mod:`geomap.places.online`).
MatchMethod = Literal[
    "exact", "alternative", "normalised", "skeleton", "fuzzy", "demonym", "online"
]
#: What a name does in its sentence: a place where something happens, an actor
#: ("Russian jets"), or a word inside another name.
MentionRole = Literal["location", "actor", "part_of_name"]
MentionStatus = Literal["resolved", "unresolved", "not_a_place"]
#: ACLED ``time_precision``: 1 the day, 2 the week, 3 the month.
TimePrecision = Literal[1, 2, 3]
#: How sure a control change is (see ``data/control/README.md``).
ChangeStatus = Literal["assessed", "claimed", "contested"]
#: ``day``: dated to the day; ``by``: known only to have happened by that date.
TimelinePrecision = Literal["day", "by"]
ChangeOrigin = Literal["timeline", "text"]
FigureKind = Literal["area_km2", "share_percent", "people"]
FigureOrigin = Literal["areas", "text"]


class _HasSpan(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


_Spanned = TypeVar("_Spanned", bound=_HasSpan)

GEOMETRY_APPROXIMATE = "approximate (Voronoi cells of gazetteer centroids)"

_Record = TypeVar("_Record")


def _pickled_as_call(cls: type[_Record]) -> type[_Record]:
    """Pickle the frozen, slotted dataclass *cls* as a call of its constructor.

    Such a record is otherwise unpickled by dataclasses' ``__setstate__``, which looks
    its fields up and sets each one through ``object.__setattr__``: three times as slow
    as the constructor. A corpus's results cross from the worker processes to the
    parent as millions of records (:mod:`geomap.pipeline`); unpickling them took the
    parent about a millisecond per article, on a machine whose cores were busy with
    the workers.
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if not all(f.init for f in fields):
        raise TypeError(f"{cls.__name__} has a field its constructor does not take")
    values = operator.attrgetter(*(f.name for f in fields))
    one_field = len(fields) == 1

    def __reduce__(self: _Record) -> tuple[type[_Record], tuple[Any, ...]]:
        return cls, (values(self),) if one_field else values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Article:
    """One news article, ready for geoparsing.

    Parameters
    ----------
    text
        The plain main text (HTML already converted), newlines normalised to ``\\n``.
    name
        A short name: the file stem (``"east-aleppo-2016-12-13"``), ``"stdin"`` for
        standard input, or the name the caller gave.
    path
        The file path as given, or ``None`` for standard input and in-memory text.
    date
        The article's own date, or ``None`` if none was found or given.
    date_text
        The words the date came from (``"Updated Dec 13, 2016"``), or ``None``.
    title
        The first non-empty line of a text file, the page title of an HTML file, or
        ``None``.
    id
        A stable identifier, carried into every output that names the article: the
        file's path relative to the folder, pattern or list it was found through, the
        file stem for a file named on its own, or a JSONL/CSV row's ``id`` (else its
        row number). ``None`` when the caller gave none.
    url
        Where the article was published (a JSONL/CSV row's ``url``), or ``None``.
    """

    text: str
    name: str
    path: str | None
    date: datetime.date | None
    date_text: str | None
    title: str | None
    # Defaults, so that the articles made before corpora existed keep being valid.
    id: str | None = None
    url: str | None = None


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article (or a piece of a very long one).

    Attributes
    ----------
    start, end
        Character offsets in the article text.
    paragraph
        The number of the paragraph it stands in (0 for the first).
    """

    start: int
    end: int
    paragraph: int


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class DateWords:
    """A date expression and the day it means.

    Attributes
    ----------
    text
        The words (``"on Tuesday night"`` → ``"Tuesday night"``).
    start, end
        Offsets in the text searched.
    date
        The day, or ``None`` when it cannot be known (no article date).
    precision
        ACLED ``time_precision``: 1 day, 2 week, 3 month.
    same_day
        True for "the same day": the caller uses the previous incident's date.
    end_date
        The last day of a span of days ("between Sunday and today", "on Friday and
        Saturday": `date` is the first); None for a single day, week or month.
    by
        True when "by" comes before the words ("by Saturday"): what is said had
        happened by that day, not necessarily on it.
    before_start
        True for "before the offensive": `date` is None and the caller uses the day
        the offensive began (for the control stage, the timeline's start).
    """

    text: str
    start: int
    end: int
    date: datetime.date | None
    precision: TimePrecision
    same_day: bool = False
    end_date: datetime.date | None = None
    by: bool = False
    before_start: bool = False


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Count:
    """A count of people in the text.

    Attributes
    ----------
    text
        The count's words as written, without the noun for a single count
        (``"hundreds"``, ``"at least seven"``) and whole for a sum (``"nine children
        and four women"``).
    start, end
        Offsets of `text` in the text searched.
    low, best, high
        The count read UCDP-style; `best` is ACLED's conservative figure. A bound the
        words do not give is ``None``.
    noun
        The noun counted (``"civilians"``), if any.
    vague
        True for a vague quantity (``"dozens"``), read by the vague-quantities table.
    breakdown
        Parts by noun (``{"children": 9, "women": 4}``); empty for a plain count.
    """

    text: str
    start: int
    end: int
    low: int | None
    best: int
    high: int | None
    noun: str | None = None
    vague: bool = False
    breakdown: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Return the count as plain JSON-ready data."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "low": self.low,
            "best": self.best,
            "high": self.high,
            "noun": self.noun,
            "vague": self.vague,
            "breakdown": dict(self.breakdown),
        }


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class RefusedCount:
    """A number where a count stands, not read because it is above the bound.

    Attributes
    ----------
    text
        Its words, shortened to 40 characters.
    start, end
        Offsets of the words in the text searched.
    reason
        Why it was not read, for a note.
    """

    text: str
    start: int
    end: int
    reason: str

    def to_dict(self) -> dict:
        """Return the refusal as plain JSON-ready data."""
        return {"text": self.text, "start": self.start, "end": self.end, "reason": self.reason}


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Place:
    """A named place with a point location.

    Attributes
    ----------
    id
        Unique id (``country-SY``, ``geonames-170063``, ``csr-aleppo-57``...).
    name
        The name shown to users.
    kind
        One of :data:`KINDS`.
    lat, lon
        WGS 84 coordinates of a representative point (a centroid for districts).
    parent
        Id of the place that contains this one, if known.
    country
        ISO 3166-1 alpha-2 code, if known.
    alt_names
        Other spellings, Latin or Arabic script.
    name_ar
        The Arabic name, if known.
    area_km2
        Area in km² computed in a metric projection, if known.
    population
        Population, if known.
    source, licence
        Where the row's facts came from, under which licence.
    """

    id: str
    name: str
    kind: PlaceKind
    lat: float
    lon: float
    parent: str | None = None
    country: str | None = None
    alt_names: tuple[str, ...] = ()
    name_ar: str | None = None
    area_km2: float | None = None
    population: int | None = None
    source: str = ""
    licence: str = ""

    def names(self) -> Iterator[tuple[str, str]]:
        """Yield ``(name, variant)`` for every name: variant ``"name"`` or ``"alternative"``."""
        yield self.name, "name"
        seen = {self.name}
        for alt in (self.name_ar, *self.alt_names):
            if alt and alt not in seen:
                seen.add(alt)
                yield alt, "alternative"

    def to_location(self):
        """Return this place as a :class:`geopy.location.Location` (raw: the row as a dict)."""
        from geopy.location import Location

        return Location(self.name, (self.lat, self.lon), self.to_dict())

    def to_dict(self) -> dict:
        """Return the row as a dict with the CSV column names."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "parent": self.parent,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "alt_names": list(self.alt_names),
            "name_ar": self.name_ar,
            "area_km2": self.area_km2,
            "population": self.population,
            "source": self.source,
            "licence": self.licence,
        }


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may refer to, and how it matched.

    Attributes
    ----------
    place
        The place.
    method
        ``"exact"`` (the name as the gazetteer writes it), ``"alternative"`` (one of
        its alternative names as written), ``"normalised"`` (equal after folding
        case, accents, articles and apostrophes), ``"skeleton"`` (equal after the
        transliteration fold, see :mod:`geomap.text.normalize`), ``"fuzzy"``, or
        ``"online"`` (an answer of Nominatim, :mod:`geomap.places.online`).
    score
        String similarity, 0-100 (100 for all but fuzzy matches).
    matched_name
        The gazetteer's spelling that matched.
    """

    place: Place
    method: MatchMethod
    score: float
    matched_name: str

    @property
    def confidence(self) -> float:
        """The base confidence of the match (see :data:`geomap.settings.CONFIDENCE`)."""
        base = settings.CONFIDENCE[self.method]
        return round(base * self.score / 100.0, 3)

    def to_dict(self) -> dict:
        """The candidate as plain JSON-ready data."""
        return {
            "place_id": self.place.id,
            "name": self.place.name,
            "kind": self.place.kind,
            "method": self.method,
            "score": self.score,
        }


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Mention:
    """A name in an article and what it was resolved to.

    Attributes
    ----------
    text
        The name as written, article included (``al-Fardos``).
    start, end
        Character offsets in the article text.
    sentence
        The sentence (or line) the name stands in.
    role
        ``location``, ``actor`` or ``part_of_name`` (see module docstring).
    status
        ``resolved``, ``unresolved`` (a place position the gazetteer cannot fill) or
        ``not_a_place`` (a name inside another name).
    place
        The place, for a resolved mention.
    method
        How the name matched (see :class:`geomap.places.gazetteer.Candidate`).
    confidence
        0-1: the match's base confidence, lowered when other places share the name.
    alternatives
        Other places the name could be, for ambiguous names.
    suggestions
        Ranked fuzzy suggestions for an unresolved mention.
    descriptor
        The place noun next to it ("districts", "regions"), if any.
    reason
        A short, human-readable account of the decision.
    article
        The name of the article it was found in.
    parent
        For an unresolved name, the city the article is about, where the name
        probably is (a district geomap has no data for); None when unknown.
    """

    text: str
    start: int
    end: int
    sentence: str
    role: MentionRole
    status: MentionStatus
    place: Place | None = None
    method: MatchMethod | None = None
    confidence: float = 0.0
    alternatives: tuple[Candidate, ...] = ()
    suggestions: tuple[Candidate, ...] = ()
    descriptor: str | None = None
    reason: str = ""
    article: str = ""
    parent: Place | None = None

    def to_dict(self) -> dict:
        """Return the mention as plain JSON-ready data."""
        place = self.place
        return {
            "article": self.article,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "role": self.role,
            "status": self.status,
            "place_id": place.id if place else None,
            "name": place.name if place else None,
            "kind": place.kind if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "method": self.method,
            "confidence": self.confidence,
            "descriptor": self.descriptor,
            "reason": self.reason,
            "alternatives": [c.to_dict() for c in self.alternatives],
            "suggestions": [c.to_dict() for c in self.suggestions],
            "parent_id": self.parent.id if self.parent else None,
            "parent_name": self.parent.name if self.parent else None,
            "sentence": self.sentence,
        }


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class PlaceReport:
    """Every mention found in one or more articles, in text order per article.

    ``documents`` holds each article's :class:`Document` with its mentions, so that
    the events and control stages read what the text layer and the geoparser made
    instead of reading the articles again.
    """

    mentions: tuple[Mention, ...]
    articles: tuple[str, ...] = ()
    documents: tuple[Document, ...] = field(default=(), compare=False, repr=False)

    @property
    def resolved(self) -> list[Mention]:
        """Mentions resolved to a place."""
        return [m for m in self.mentions if m.status == "resolved"]

    @property
    def unresolved(self) -> list[Mention]:
        """Names in place positions the gazetteer could not resolve."""
        return [m for m in self.mentions if m.status == "unresolved"]

    def places(self, role: str | None = None) -> list[Place]:
        """The distinct resolved places, in order of first mention (optionally of one role)."""
        seen: dict[str, Place] = {}
        for mention in self.resolved:
            if mention.place and (role is None or mention.role == role):
                seen.setdefault(mention.place.id, mention.place)
        return list(seen.values())


# A document's date expressions, counts of people and numbers refused as counts.
Numbers = tuple[tuple[DateWords, ...], tuple[Count, ...], tuple[RefusedCount, ...]]
# The text layer's function that finds them (geomap.text.document.read_numbers).
NumberReader = Callable[[Article, tuple[Sentence, ...]], Numbers]


@dataclass(frozen=True)
class Document:
    """An article analysed once: what every later stage reads instead of the text.

    Made by :func:`geomap.text.document.read_document` (sentences), which also hands
    it the text layer's *read_numbers* (:func:`geomap.text.document.read_numbers`):
    the dates and counts are found on first use, because the places stage never asks
    for them and a places-only run over a corpus would otherwise spend a fifth of its
    time there. The places stage adds the mentions
    (:func:`geomap.places.geoparse.parse_places`). No stage after the text layer splits
    sentences or parses dates and numbers itself: it asks the document for those in a
    span.

    Attributes
    ----------
    article
        The article.
    sentences
        Its sentences, in order (:func:`geomap.text.sentences.split_sentences`).
    read_numbers
        The function that finds the dates and counts below, called once on first use.
    dates
        Every date expression, found sentence by sentence and resolved against the
        article's date (:func:`geomap.text.dates.find_dates`), in text order.
    counts, refused_counts
        Every count of people, and every number refused as one
        (:func:`geomap.text.quantities.find_counts_and_refusals`), in text order.
    mentions
        The place names found in it, with roles; empty until the places stage ran.
    """

    article: Article
    sentences: tuple[Sentence, ...]
    read_numbers: NumberReader = field(repr=False, compare=False)
    mentions: tuple[Mention, ...] = ()

    @cached_property
    def _numbers(self) -> Numbers:
        return self.read_numbers(self.article, self.sentences)

    @property
    def dates(self) -> tuple[DateWords, ...]:
        return self._numbers[0]

    @property
    def counts(self) -> tuple[Count, ...]:
        return self._numbers[1]

    @property
    def refused_counts(self) -> tuple[RefusedCount, ...]:
        return self._numbers[2]

    def with_mentions(self, mentions: tuple[Mention, ...]) -> Document:
        """This document with *mentions*, keeping the dates and counts already read."""
        document = Document(self.article, self.sentences, self.read_numbers, mentions)
        if "_numbers" in self.__dict__:
            document.__dict__["_numbers"] = self._numbers
        return document

    @property
    def text(self) -> str:
        """The article's text (offsets in every record index it)."""
        return self.article.text

    def sentence_text(self, sentence: Sentence) -> str:
        """The words of *sentence*."""
        return self.article.text[sentence.start : sentence.end]

    def dates_in(self, start: int, end: int) -> list[DateWords]:
        """The date expressions inside ``[start, end)``, in text order."""
        return _inside(self.dates, self._date_starts, start, end)

    def counts_in(self, start: int, end: int) -> list[Count]:
        """The counts of people inside ``[start, end)``, in text order."""
        return _inside(self.counts, self._count_starts, start, end)

    def refused_in(self, start: int, end: int) -> list[RefusedCount]:
        """The numbers refused as counts inside ``[start, end)``, in text order."""
        return _inside(self.refused_counts, self._refused_starts, start, end)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """The mentions that start inside ``[start, end)``, in text order."""
        low = bisect.bisect_left(self._mention_starts, start)
        high = bisect.bisect_left(self._mention_starts, end, lo=low)
        return list(self.mentions[low:high])

    @cached_property
    def _date_starts(self) -> list[int]:
        return [d.start for d in self.dates]

    @cached_property
    def _count_starts(self) -> list[int]:
        return [c.start for c in self.counts]

    @cached_property
    def _refused_starts(self) -> list[int]:
        return [r.start for r in self.refused_counts]

    @cached_property
    def _mention_starts(self) -> list[int]:
        return [m.start for m in self.mentions]


def _inside(items: Sequence[_Spanned], starts: list[int], start: int, end: int) -> list[_Spanned]:
    """The items (sorted by start) lying wholly inside ``[start, end)``: bisection, not a scan."""
    low = bisect.bisect_left(starts, start)
    high = bisect.bisect_left(starts, end, lo=low)
    return [item for item in items[low:high] if item.end <= end]


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class EventPlace:
    """A place an incident happened at."""

    name: str
    place_id: str
    kind: PlaceKind
    lat: float
    lon: float
    text: str
    start: int
    end: int


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Report:
    """One article's report of an incident: who said it, in which words, where."""

    article: str
    source: str | None
    source_detail: str | None
    quote: str
    start: int
    end: int
    hedged: bool
    hedge_text: str | None


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Incident:
    """One incident, in the terms of ACLED's codebook (and UCDP's low/best/high).

    The properties of :meth:`to_feature` are documented in ``docs/geojson.md``
    ("events.geojson"); :data:`geomap.output.tables.CSV_COLUMNS` are the CSV columns.
    """

    event_id: str
    event_date: datetime.date | None
    time_precision: TimePrecision
    date_text: str | None
    kind: str
    trigger: str
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    assoc_actor_1: tuple[str, ...] = ()
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: tuple[str, ...] = ()
    inter2: int | None = None
    country: str | None = None
    admin1: str | None = None
    locations: tuple[EventPlace, ...] = ()
    geo_precision: TimePrecision = 3
    location_note: str | None = None
    unresolved_places: tuple[str, ...] = ()
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    fatalities_text: str | None = None
    fatalities_breakdown: dict[str, int] = field(default_factory=dict)
    injuries: int | None = None
    injuries_text: str | None = None
    people_affected: int | None = None
    people_affected_text: str | None = None
    counts: tuple[dict, ...] = ()
    refused_counts: tuple[dict, ...] = ()
    reports: tuple[Report, ...] = ()
    tags: tuple[str, ...] = ()
    confidence: float = 0.0

    @property
    def fatalities(self) -> int:
        """ACLED's ``fatalities``: the conservative best estimate, 0 when none is reported."""
        return self.fatalities_best or 0

    @property
    def interaction(self) -> int | None:
        """ACLED's interaction code: both inter codes, lower first (``17``); ``10`` for one."""
        codes = sorted(c for c in (self.inter1, self.inter2) if c is not None)
        if not codes:
            return None
        return int(f"{codes[0]}{codes[1] if len(codes) > 1 else 0}")

    @property
    def sources(self) -> list[str]:
        """The distinct sources of every report, in order."""
        return list(dict.fromkeys(r.source for r in self.reports if r.source))

    @property
    def hedged(self) -> bool:
        """True when every report of the incident is hedged."""
        return bool(self.reports) and all(r.hedged for r in self.reports)

    @property
    def notes(self) -> str:
        """A one-line summary in the manner of ACLED's notes."""
        first = self.reports[0] if self.reports else None
        when = self.event_date.isoformat() if self.event_date else "undated"
        where = ", ".join(p.name for p in self.locations) or "unknown place"
        words = [f"On {when}, {self.sub_event_type.lower()} ({self.trigger}) in {where}."]
        if self.fatalities_text:
            words.append(f"Fatalities: {self.fatalities_text}.")
        if first is not None and first.source:
            words.append(f"Reported by {first.source}.")
        if self.hedged:
            words.append("Unverified.")
        for refusal in self.refused_counts:
            words.append(f"Figure not counted: {refusal['text']}, {refusal['reason']}.")
        return " ".join(words)


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class ControlChange:
    """One district changing hands (or, with ``from_side`` None, its initial holder).

    Attributes
    ----------
    date
        The day of the change.
    district_id, district
        The gazetteer id and name of the district.
    from_side, to_side
        Side ids (``data/control/sides.csv``); ``from_side`` is None for an initial
        state and for a text statement that does not say who lost it.
    status
        ``assessed``, ``claimed`` or ``contested`` (see :data:`STATUSES`).
    sources
        Who reported it (outlets; for text changes, the outlets named and the article).
    note
        Free text.
    origin
        ``timeline`` or ``text``.
    location
        Where it was read: ``file:line`` or ``article:offset``.
    precision
        ``day`` (dated to the day) or ``by`` (known only to have happened by this date,
        e.g. a text change dated by the article's publication date).
    """

    date: datetime.date
    district_id: str
    district: str
    from_side: str | None
    to_side: str
    status: ChangeStatus = "assessed"
    sources: tuple[str, ...] = ()
    note: str = ""
    origin: ChangeOrigin = "timeline"
    location: str = ""
    precision: TimelinePrecision = "day"

    def to_dict(self) -> dict:
        """The change as JSON-ready data."""
        return {
            "date": self.date.isoformat(),
            "district_id": self.district_id,
            "district": self.district,
            "from": self.from_side,
            "to": self.to_side,
            "status": self.status,
            "sources": list(self.sources),
            "note": self.note or None,
            "origin": self.origin,
            "location": self.location,
            "precision": self.precision,
        }


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class ReportedFigure:
    """A figure a report gives: an area, a share of territory, or a number of people.

    Attributes
    ----------
    date
        The day it refers to (or, with ``precision`` ``by``, the report's date).
    kind
        ``area_km2``, ``share_percent`` or ``people``.
    value
        The number (a range's midpoint; see ``qualifier``).
    controller
        The side it is about (``rebels`` for the size of the rebel pocket), if known.
    qualifier
        ``about``, ``under``, ``over``, ``range a-b`` or empty.
    source
        Who reported it (outlets, then the article or file).
    origin, location
        ``areas`` (a data file) or ``text``; ``file:line`` or ``article:offset``.
    text
        The words it was read from (text figures only).
    """

    date: datetime.date
    kind: FigureKind
    value: float
    controller: str | None
    qualifier: str = ""
    source: str = ""
    origin: FigureOrigin = "areas"
    location: str = ""
    precision: TimelinePrecision = "day"
    text: str = ""

    def to_dict(self) -> dict:
        """The figure as JSON-ready data."""
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "value": self.value,
            "controller": self.controller,
            "qualifier": self.qualifier or None,
            "source": self.source,
            "origin": self.origin,
            "location": self.location,
            "precision": self.precision,
            "text": self.text or None,
        }


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Conflict:
    """A text statement the timeline contradicts (the timeline's version is kept)."""

    change: ControlChange
    reason: str
    timeline_change: ControlChange | None = None

    def to_dict(self) -> dict:
        """The conflict as JSON-ready data."""
        return {
            "district_id": self.change.district_id,
            "district": self.change.district,
            "text_change": self.change.to_dict(),
            "timeline_change": self.timeline_change.to_dict() if self.timeline_change else None,
            "reason": self.reason,
        }


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Timeline:
    """A loaded control timeline.

    Attributes
    ----------
    path
        The file it was read from.
    start
        The date of the initial state.
    initial
        ``district id -> ControlChange`` (``from_side`` None) for every district.
    changes
        The dated changes, in date order (file order within a day).
    warnings
        Visible problems that did not stop loading (``file:line: reason``).
    """

    path: str
    start: datetime.date
    initial: Mapping[str, ControlChange]
    changes: tuple[ControlChange, ...]
    warnings: tuple[str, ...] = ()


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class DistrictGeometry:
    """District polygons and where they came from.

    Attributes
    ----------
    geometries
        ``district id -> shapely geometry`` in WGS 84.
    source
        :data:`GEOMETRY_APPROXIMATE`, or ``boundaries from <file>``.
    warnings
        Boundary features that matched no district, districts without a polygon...
    """

    geometries: Mapping[str, Any]
    source: str
    warnings: tuple[str, ...] = ()


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class Snapshot:
    """What one side (or the contested ground) holds over one interval.

    Attributes
    ----------
    controller
        A side id (``data/control/sides.csv``) or ``contested``.
    valid_from, valid_to
        The interval: from ``valid_from`` (inclusive) to ``valid_to`` (exclusive;
        None for the last, open-ended one).
    district_ids, districts
        The districts held (sorted by name).
    area_km2
        The area of the union of their polygons, measured in the city's UTM zone.
    geometry
        That union, WGS 84 (shapely); None when no district has a polygon.
    geometry_source
        Which geometry was used (see :class:`DistrictGeometry`).
    claimed_district_ids
        Districts held only by one side's claim.
    contested_between
        For ``contested``: the sides fighting over the districts.
    missing_geometry
        Districts held that have no polygon (left out of the area).
    changed
        Names of the districts that came to this controller on ``valid_from``.
    sources
        The sources of the changes that put these districts in this controller's hands.
    reported
        Reported figures about this controller dated in the interval (or at most
        :data:`FIGURE_WINDOW_DAYS` before it).
    reported_figure
        The figure compared with ``area_km2``: the nearest dated on or before
        ``valid_from`` (within the window), else the first in the interval.
    share_percent
        ``area_km2`` as a share of the area of every district or town of the
        timeline (what "the army controls 60 per cent" measures), or None.
    reported_share
        The reported share compared with ``share_percent``, chosen like
        ``reported_figure``.
    """

    controller: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    district_ids: tuple[str, ...]
    districts: tuple[str, ...]
    area_km2: float
    geometry: Any = field(default=None, compare=False, repr=False)
    geometry_source: str = GEOMETRY_APPROXIMATE
    claimed_district_ids: tuple[str, ...] = ()
    contested_between: tuple[str, ...] = ()
    missing_geometry: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    reported: tuple[ReportedFigure, ...] = ()
    reported_figure: ReportedFigure | None = None
    share_percent: float | None = None
    reported_share: ReportedFigure | None = None

    @property
    def reported_area_km2(self) -> float | None:
        """The compared reported area, if any."""
        return self.reported_figure.value if self.reported_figure else None

    @property
    def difference_km2(self) -> float | None:
        """Computed minus reported area, in km²."""
        if self.reported_figure is None:
            return None
        return self.area_km2 - self.reported_figure.value


@_pickled_as_call
@dataclass(frozen=True, slots=True)
class TextFindings:
    """What the control stage read in the articles (:func:`geomap.control.read_statements`)."""

    changes: tuple[ControlChange, ...] = ()
    figures: tuple[ReportedFigure, ...] = ()
    unresolved: tuple[Mention, ...] = ()  # names in control statements
