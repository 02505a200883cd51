"""Look up online, with Nominatim, the names the gazetteer lacks (``--online``).

Opt-in only: geomap never goes online unless asked. After the offline geoparse, each
``unresolved`` name is searched with OpenStreetMap's Nominatim (through geopy),
bounded to the article's country and preferring a box around the story's city. An
answer within :data:`~geomap.settings.ONLINE_MAX_KM` of the story's place whose name
is like the one written resolves the mention (method ``online``, a confidence below
every gazetteer match); any other answer is only a suggestion.

The search is a parameter (:class:`NominatimLookup` takes any geopy-style *geocode*
callable), so tests and callers can answer without the network;
:func:`nominatim_geocoder` makes the real one, rate limited to one request a second.
Every answer, an empty one too, is kept in a disk cache
(``<cache>/nominatim/<sha256>.json``, keyed by endpoint, name and bounds), so a name is
asked once. A failed request (no network, a timeout, HTTP 429 or 5xx) raises
:class:`~geomap.errors.NetworkError`; answers already cached are still used.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from geomap import __version__, settings
from geomap.errors import InputError, NetworkError
from geomap.model import Candidate, Document, Mention, Place, PlaceKind, PlaceReport
from geomap.places.gazetteer import Gazetteer
from geomap.places.osm import OSM_LICENCE
from geomap.text.normalize import name_key

__all__ = [
    "LICENCE",
    "SOURCE",
    "Bounds",
    "NominatimLookup",
    "cache_folder",
    "endpoint",
    "nominatim_geocoder",
    "resolve_online",
    "user_agent",
]

SOURCE = "Nominatim (© OpenStreetMap contributors)"
LICENCE = OSM_LICENCE
_FOUND = "found online (Nominatim)"

#: geopy's ``geocode``: ``(query, **options) -> Location | list[Location] | None``.
Geocode = Callable[..., Any]

# Nominatim's ``type`` of a ``place`` (and ``addresstype``) as a gazetteer kind; any
# other answer (a mosque, a hospital, a square, a roundabout) is a spot inside a city,
# which the map and the control stage treat like a district.
_PLACE_KINDS: dict[str, PlaceKind] = {
    "country": "country",
    "state": "admin1",
    "province": "admin1",
    "governorate": "admin1",
    "region": "admin1",
    "county": "admin2",
    "city": "city",
    "town": "city",
    "village": "city",
    "hamlet": "city",
    "municipality": "city",
    "suburb": "district",
    "neighbourhood": "district",
    "quarter": "district",
    "city_district": "district",
    "borough": "district",
    "city_block": "district",
}
# Degrees of latitude per km, for the box the search prefers.
_DEGREES_PER_KM = 1 / 111.32


def endpoint(url: str | None = None) -> str:
    """The Nominatim to ask: *url*, else ``$GEOMAP_NOMINATIM_URL``, else the public one.

    Raises
    ------
    InputError
        If the URL is not ``http(s)://host[:port][/path]``.

    Examples
    --------
    >>> endpoint("https://nominatim.example.org/osm/")
    'https://nominatim.example.org/osm'
    """
    chosen = (url or os.environ.get(settings.NOMINATIM_URL_ENV) or settings.NOMINATIM_URL).strip()
    parts = urlsplit(chosen)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InputError(
            f"Nominatim URL {chosen!r}: expected http(s)://host[/path] "
            f"(--nominatim-url or {settings.NOMINATIM_URL_ENV})"
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def user_agent() -> str:
    """The User-Agent geomap sends (:data:`geomap.settings.NOMINATIM_USER_AGENT`)."""
    return settings.NOMINATIM_USER_AGENT.format(version=__version__)


def nominatim_geocoder(url: str | None = None) -> Geocode:
    """geopy's Nominatim ``geocode`` for :func:`endpoint` (*url*), rate limited.

    Wrapped in geopy's ``RateLimiter``: at least
    :data:`~geomap.settings.ONLINE_MIN_DELAY_SECONDS` between requests, one retry
    after :data:`~geomap.settings.ONLINE_RETRY_WAIT_SECONDS`, and errors raised, not
    swallowed (a swallowed error would read as "no such place"). Nothing is sent
    until it is called.
    """
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    scheme, _, domain = endpoint(url).partition("://")
    nominatim = Nominatim(
        domain=domain,
        scheme=scheme,
        user_agent=user_agent(),
        timeout=settings.ONLINE_TIMEOUT_SECONDS,
    )
    # geopy logs each retried failure with its traceback; with no logging set up,
    # Python prints that to stderr. geomap reports the failure in one line itself.
    logging.getLogger("geopy").addHandler(logging.NullHandler())
    return RateLimiter(
        nominatim.geocode,
        min_delay_seconds=settings.ONLINE_MIN_DELAY_SECONDS,
        max_retries=settings.ONLINE_MAX_RETRIES,
        error_wait_seconds=settings.ONLINE_RETRY_WAIT_SECONDS,
        swallow_exceptions=False,
    )


def cache_folder() -> Path:
    """Where Nominatim's answers are kept: ``nominatim/`` in geomap's cache folder."""
    return settings.cache_dir() / "nominatim"


@dataclass(frozen=True, slots=True)
class Bounds:
    """Where a search looks: countries (ISO alpha-2, lower case) and a preferred box.

    ``viewbox`` is two ``(lat, lon)`` corners, or None.
    """

    country_codes: tuple[str, ...] = ()
    viewbox: tuple[tuple[float, float], tuple[float, float]] | None = None


@dataclass
class NominatimLookup:
    """Nominatim's answers for names, each asked once: from the disk cache, else online.

    Parameters
    ----------
    geocode
        geopy's ``geocode`` (:func:`nominatim_geocoder`), or any callable taking the
        same arguments and returning geopy ``Location`` objects.
    endpoint
        The service's URL, part of every cache key (another service may answer
        otherwise).
    folder
        The cache folder (:func:`cache_folder`); None keeps answers in memory only.

    Attributes
    ----------
    requests
        How many requests were sent.
    """

    geocode: Geocode
    endpoint: str
    folder: Path | None = None
    requests: int = 0
    _memo: dict[str, list[dict]] = field(default_factory=dict, repr=False)
    _warned: bool = field(default=False, repr=False)

    def answers(self, query: str, bounds: Bounds) -> list[dict]:
        """Nominatim's raw JSON answers for *query* within *bounds*, best first.

        Raises
        ------
        NetworkError
            If the request fails (no network, a timeout, HTTP 429 or 5xx...).
        """
        key = json.dumps(
            [self.endpoint, query, bounds.country_codes, bounds.viewbox],
            ensure_ascii=False,
        )
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        if digest not in self._memo:
            found = self._read(digest, key)
            if found is None:
                found = self._ask(query, bounds)
                self._write(digest, key, found)
            self._memo[digest] = found
        return self._memo[digest]

    def _ask(self, query: str, bounds: Bounds) -> list[dict]:
        from geopy.exc import GeopyError

        self.requests += 1
        try:
            found = self.geocode(
                query,
                exactly_one=False,
                limit=settings.ONLINE_RESULT_LIMIT,
                addressdetails=True,
                namedetails=True,
                country_codes=list(bounds.country_codes) or None,
                viewbox=bounds.viewbox,
            )
        except GeopyError as exc:
            raise NetworkError(
                f"online lookup of {query!r} at {self.endpoint} failed: {_failure(exc)}"
            ) from None
        if found is None:
            return []
        locations = found if isinstance(found, list) else [found]
        return [dict(location.raw) for location in locations if isinstance(location.raw, dict)]

    def _read(self, digest: str, key: str) -> list[dict] | None:
        """The cached answers, or None when missing or unusable (then asked again)."""
        if self.folder is None:
            return None
        try:
            data = json.loads((self.folder / f"{digest}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        answers = data.get("answers")
        if not isinstance(answers, list) or not all(isinstance(a, dict) for a in answers):
            return None
        return answers

    def _write(self, digest: str, key: str, answers: list[dict]) -> None:
        """Cache *answers* atomically: a reader sees the old file or the new, never half."""
        if self.folder is None:
            return
        text = json.dumps({"key": key, "answers": answers}, ensure_ascii=False, indent=1)
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, self.folder / f"{digest}.json")
        except OSError as exc:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            if not self._warned:
                self._warned = True
                # The answers are still used; only the next run must ask again.
                print(
                    f"warning: cannot write the Nominatim cache {self.folder} "
                    f"({exc.strerror or exc}); answers are kept for this run only",
                    file=sys.stderr,
                )


def _failure(exc: Exception) -> str:
    """What went wrong, in words, with geopy's own message."""
    from geopy.exc import GeocoderRateLimited, GeocoderTimedOut, GeocoderUnavailable

    if isinstance(exc, GeocoderTimedOut):
        what = f"no answer within {settings.ONLINE_TIMEOUT_SECONDS:g} s"
    elif isinstance(exc, GeocoderRateLimited):
        what = "too many requests (HTTP 429)"
    elif isinstance(exc, GeocoderUnavailable):
        what = "service unavailable (no network, or the server is down)"
    else:
        what = type(exc).__name__
    detail = " ".join(str(exc).split())
    return f"{what}: {detail}" if detail else what


def resolve_online(
    report: PlaceReport,
    gazetteer: Gazetteer,
    lookup: NominatimLookup,
    *,
    story_place: Callable[[Document], Place | None],
) -> PlaceReport:
    """Resolve the report's unresolved names with Nominatim where the answer fits.

    Parameters
    ----------
    report
        The offline geoparse (with its documents).
    gazetteer
        The gazetteer it used: gives the story's country and city.
    lookup
        Where answers come from (cache first, then the service).
    story_place
        The place a document is about (:func:`geomap.control.story_place`), the
        anchor answers are measured from; None when it names none.

    Returns
    -------
    PlaceReport
        The same report, each unresolved mention either resolved (method ``online``,
        reason "found online (Nominatim)...") by an answer within
        :data:`~geomap.settings.ONLINE_MAX_KM` of the story's place and like the
        name written, or left unresolved with the answers first among its
        suggestions. Documents carry the new mentions, for the events and control
        stages.

    Raises
    ------
    NetworkError
        If a name not in the cache cannot be looked up; nothing is returned then.
    """
    documents = tuple(
        _resolve_document(document, gazetteer, lookup, story_place(document))
        for document in report.documents
    )
    mentions = tuple(m for document in documents for m in document.mentions)
    return PlaceReport(mentions, report.articles, documents)


def _resolve_document(
    document: Document, gazetteer: Gazetteer, lookup: NominatimLookup, story: Place | None
) -> Document:
    if not any(m.status == "unresolved" for m in document.mentions):
        return document
    bounds = _bounds(document, gazetteer, story)
    city = _city_of(story, gazetteer)
    mentions = tuple(
        _resolve_mention(m, lookup.answers(" ".join(m.text.split()), bounds), story, city)
        if m.status == "unresolved"
        else m
        for m in document.mentions
    )
    return document.with_mentions(mentions)


def _bounds(document: Document, gazetteer: Gazetteer, story: Place | None) -> Bounds:
    """The story's country (else the countries the article names) and a box round its city."""
    if story is not None and _country_of(story, gazetteer):
        countries = {_country_of(story, gazetteer)}
    else:
        countries = {
            _country_of(m.place, gazetteer)
            for m in document.mentions
            if m.status == "resolved" and m.role == "location" and m.place
        }
    codes = tuple(sorted(c.lower() for c in countries if c))
    city = _city_of(story, gazetteer)
    if city is None:
        return Bounds(codes)
    dlat = settings.ONLINE_MAX_KM * _DEGREES_PER_KM
    dlon = dlat / max(math.cos(math.radians(city.lat)), 0.01)
    corners = (
        (round(city.lat - dlat, 4), round(city.lon - dlon, 4)),
        (round(city.lat + dlat, 4), round(city.lon + dlon, 4)),
    )
    return Bounds(codes, corners)


def _country_of(place: Place | None, gazetteer: Gazetteer) -> str | None:
    if place is None:
        return None
    return place.country or next((a.country for a in gazetteer.ancestors(place) if a.country), None)


def _city_of(story: Place | None, gazetteer: Gazetteer) -> Place | None:
    """The story's city: the story's place itself, or the city it lies in."""
    if story is None or story.kind == "city":
        return story
    return next((a for a in gazetteer.ancestors(story) if a.kind == "city"), None)


def _resolve_mention(
    mention: Mention, answers: list[dict], story: Place | None, city: Place | None
) -> Mention:
    found = [c for c in (_candidate(a, mention.text, city) for a in answers) if c is not None]
    if not found:
        return replace(mention, reason=f"{mention.reason}; not found online (Nominatim)")
    distances = [_km(story, c.place) if story else math.inf for c in found]
    fitting = [
        (c, km)
        for c, km in zip(found, distances, strict=True)
        if km <= settings.ONLINE_MAX_KM and c.score >= settings.SUGGESTION_MIN_SCORE
    ]
    if fitting:
        best, km = fitting[0]
        assert story is not None  # a finite distance needs the story's place
        return replace(
            mention,
            status="resolved",
            place=best.place,
            method="online",
            confidence=best.confidence,
            alternatives=tuple(c for c in found if c is not best),
            suggestions=(),
            reason=f"{_FOUND} as {best.place.name!r}, {km:.0f} km from {story.name}",
        )
    if story is None:
        why = "the article names no place to measure it from"
    elif min(distances) > settings.ONLINE_MAX_KM:
        why = f"{min(distances):.0f} km from {story.name} (more than {settings.ONLINE_MAX_KM:g} km)"
    else:
        why = f"the answers near {story.name} have names unlike {mention.text!r}"
    online_ids = {c.place.id for c in found}
    suggestions = (*found, *(s for s in mention.suggestions if s.place.id not in online_ids))
    return replace(
        mention,
        suggestions=suggestions[: settings.SUGGESTION_LIMIT],
        reason=f"{mention.reason}; {_FOUND}, but {why}: a suggestion only",
    )


def _km(a: Place, b: Place) -> float:
    from geopy.distance import great_circle

    return float(great_circle((a.lat, a.lon), (b.lat, b.lon)).km)


def _candidate(answer: dict, written: str, city: Place | None) -> Candidate | None:
    """One Nominatim answer as a candidate place; None for an answer missing its facts."""
    from rapidfuzz import fuzz

    try:
        lat, lon = float(answer["lat"]), float(answer["lon"])
        osm = f"osm-{answer['osm_type']}-{int(answer['osm_id'])}"
    except (KeyError, TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    names = _names(answer)
    if not names:
        return None
    key = name_key(written)
    score, matched = max((fuzz.WRatio(key, name_key(n)), n) for n in names)
    country = str(_member(answer, "address").get("country_code") or "").upper() or None
    arabic = _member(answer, "namedetails").get("name:ar")
    place = Place(
        id=osm,
        name=names[0],
        kind=_kind(answer),
        lat=lat,
        lon=lon,
        parent=city.id if city else None,
        country=country,
        alt_names=tuple(names[1:]),
        name_ar=arabic if isinstance(arabic, str) else None,
        source=SOURCE,
        licence=LICENCE,
    )
    return Candidate(place, "online", round(float(score), 1), matched)


def _names(answer: dict) -> list[str]:
    """The answer's names, the one to show first: English, else local, else the label's."""
    details = _member(answer, "namedetails")
    label = str(answer.get("display_name") or "").split(",")[0]
    ordered: Iterable[object] = (
        details.get("name:en"),
        details.get("name"),
        answer.get("name"),
        label,
        *details.values(),
    )
    names: list[str] = []
    for name in ordered:
        if isinstance(name, str) and name.strip() and name.strip() not in names:
            names.append(name.strip())
    return names


def _member(answer: dict, name: str) -> dict:
    """An object member of the answer (``address``, ``namedetails``); empty if not one."""
    value = answer.get(name)
    return value if isinstance(value, dict) else {}


def _kind(answer: dict) -> PlaceKind:
    """The gazetteer kind of an answer, from its ``type`` or ``addresstype``."""
    kind = _PLACE_KINDS.get(str(answer.get("type"))) if answer.get("class") == "place" else None
    return kind or _PLACE_KINDS.get(str(answer.get("addresstype")), "district")
