"""Write what geomap found: atomic file writes and the places GeoJSON.

:func:`places_geojson` turns a :class:`~geomap.geoparse.PlaceReport` into an RFC 7946
FeatureCollection: one feature per distinct resolved place (its mentions across all
articles gathered together), then one feature with a ``null`` geometry per distinct
unresolved name. :func:`dumps_geojson` serialises it deterministically, and
:func:`write_places` writes it with :func:`atomic_write_text`, which never leaves a
half-written file behind. The format is documented in ``docs/geojson.md``.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from geomap import settings
from geomap._normalize import name_key
from geomap.errors import OutputError
from geomap.geoparse import Mention, PlaceReport

__all__ = [
    "METHOD_ORDER",
    "PROPERTY_NAMES",
    "atomic_write_bytes",
    "atomic_write_files",
    "atomic_write_text",
    "dumps_geojson",
    "places_geojson",
    "write_places",
]

# How a name matched, best first; a place's ``method`` is the best of its mentions'.
METHOD_ORDER = ("exact", "alternative", "normalised", "skeleton", "fuzzy")

# The properties of every feature of places.geojson, in output order (docs/geojson.md).
PROPERTY_NAMES = (
    "place_id",
    "name",
    "kind",
    "status",
    "role",
    "roles",
    "country",
    "parent_id",
    "area_km2",
    "method",
    "confidence",
    "mention_count",
    "mentions",
    "articles",
    "suggestions",
    "source",
    "licence",
)

COORDINATE_DECIMALS = 6
CONFIDENCE_DECIMALS = 3
AREA_DECIMALS = 3
SCORE_DECIMALS = 1
# Mode of a new output file (an existing file keeps its own mode).
_NEW_FILE_MODE = 0o644


# ---------------------------------------------------------------------------
# Atomic writes


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write *text* to *path* as UTF-8, atomically.

    Parameters
    ----------
    path
        The file to write; missing parent folders are created.
    text
        The text; written as is (no newline translation).

    Raises
    ------
    OutputError
        If the file cannot be written; *path* is then left as it was.
    """
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write *data* to *path* atomically: all of it or, on failure, nothing.

    The data goes to a temporary file in the same folder, which is flushed to disk
    and then renamed over *path* (:func:`os.replace`), so a reader sees either the
    old file or the whole new one.

    Parameters
    ----------
    path
        The file to write; missing parent folders are created.
    data
        The bytes to write.

    Raises
    ------
    OutputError
        If a folder cannot be created or the file cannot be written; the temporary
        file is removed and *path* is left as it was.
    """
    target = Path(path)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {_show(target)}: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), _mode_for(target))
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {_show(target)}: {_reason(exc)}") from None
        raise
    _fsync_folder(folder)


def atomic_write_files(files: dict[str | os.PathLike[str], str]) -> None:
    """Write several text files so that either all are replaced or none is.

    Every file is first written in full to a temporary file beside its target;
    only when all are written are they renamed into place. A command that writes
    ``places.geojson`` and ``map.html`` therefore never leaves one new file next
    to an old or missing other one because the second write failed.

    Raises
    ------
    OutputError
        If any file cannot be written; no target is changed and no temporary
        file is left behind.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            target = Path(path)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, temp = tempfile.mkstemp(
                    prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
                )
                staged.append((temp, target))
                with os.fdopen(fd, "wb") as handle:
                    handle.write(text.encode("utf-8"))
                    os.fchmod(handle.fileno(), _mode_for(target))
                    os.fsync(handle.fileno())
                if target.is_dir():
                    raise IsADirectoryError(21, "Is a directory")
            except OSError as exc:
                raise OutputError(f"cannot write {_show(target)}: {_reason(exc)}") from None
        for temp, target in staged:
            os.replace(temp, target)
    finally:
        for temp, _target in staged:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _mode_for(target: Path) -> int:
    """The permission bits for *target*: its current ones, or ``0o644`` for a new file."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return _NEW_FILE_MODE


def _fsync_folder(folder: Path) -> None:
    """Flush the folder entry of a renamed file to disk, where the platform allows it."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _show(path: Path) -> str:
    """The path on one line, for an error message."""
    return " ".join(str(path).split()) or "''"


def _reason(exc: OSError) -> str:
    """The short reason of an OS error, on one line."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return " ".join(reason.split())


# ---------------------------------------------------------------------------
# places.geojson


@dataclass(slots=True)
class _Group:
    """The mentions of one place (or of one unresolved name), in report order."""

    key: str
    mentions: list[Mention] = field(default_factory=list)


def places_geojson(report: PlaceReport) -> dict:
    """Return the places of *report* as an RFC 7946 FeatureCollection.

    Parameters
    ----------
    report
        The geoparser's report (see :func:`geomap.geoparse.parse_articles`).

    Returns
    -------
    dict
        ``{"type": "FeatureCollection", "features": [...]}``: one ``Point`` feature per
        distinct resolved place, in order of first mention (article order, then
        offset), then one feature with a ``null`` geometry per distinct unresolved
        name (grouped by folded name), likewise ordered. ``not_a_place`` mentions are
        left out. The properties are :data:`PROPERTY_NAMES`, see ``docs/geojson.md``.
    """
    mentions = _in_report_order(report)
    resolved = _group(m for m in mentions if m.status == "resolved" and m.place is not None)
    unresolved = _group(m for m in mentions if m.status == "unresolved")
    features = [_resolved_feature(g) for g in resolved]
    features += [_unresolved_feature(g) for g in unresolved]
    return {"type": "FeatureCollection", "features": features}


def dumps_geojson(data: dict) -> str:
    """Serialise GeoJSON deterministically: UTF-8 text, 2-space indent, trailing newline.

    Parameters
    ----------
    data
        A GeoJSON object such as :func:`places_geojson` returns.

    Returns
    -------
    str
        The JSON text; the same *data* always gives the same text.

    Raises
    ------
    ValueError
        If *data* holds a NaN or infinite number, which JSON cannot represent.
    """
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, allow_nan=False) + "\n"


def write_places(report: PlaceReport, path: str | os.PathLike[str]) -> None:
    """Write the places of *report* to *path* as GeoJSON, atomically.

    Parameters
    ----------
    report
        The geoparser's report.
    path
        The file to write (conventionally ``places.geojson``).

    Raises
    ------
    OutputError
        If the file cannot be written.
    """
    atomic_write_text(path, dumps_geojson(places_geojson(report)))


def _in_report_order(report: PlaceReport) -> list[Mention]:
    """The mentions sorted by article (the report's order), then by offset."""
    rank = {name: i for i, name in reversed(list(enumerate(report.articles)))}
    indexed = list(enumerate(report.mentions))
    indexed.sort(key=lambda im: (rank.get(im[1].article, len(rank)), im[1].start, im[0]))
    return [m for _, m in indexed]


def _group(mentions: Iterable[Mention]) -> list[_Group]:
    """Group mentions by place id (resolved) or folded name (unresolved), keeping order."""
    groups: dict[str, _Group] = {}
    for mention in mentions:
        key = mention.place.id if mention.place is not None else name_key(mention.text)
        key = key or mention.text
        groups.setdefault(key, _Group(key)).mentions.append(mention)
    return list(groups.values())


def _resolved_feature(group: _Group) -> dict:
    place = group.mentions[0].place
    assert place is not None
    geometry = {
        "type": "Point",
        "coordinates": [
            round_or_none(place.lon, COORDINATE_DECIMALS),
            round_or_none(place.lat, COORDINATE_DECIMALS),
        ],
    }
    properties = {
        "place_id": place.id,
        "name": place.name,
        "kind": place.kind,
        "status": "resolved",
        **_role_properties(group.mentions),
        "country": place.country,
        "parent_id": place.parent,
        "area_km2": round_or_none(place.area_km2, AREA_DECIMALS),
        "method": _best_method(group.mentions),
        **_mention_properties(group.mentions),
        "suggestions": [],
        "source": place.source or None,
        "licence": place.licence or None,
    }
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _unresolved_feature(group: _Group) -> dict:
    properties = {
        "place_id": None,
        "name": group.mentions[0].text,
        "kind": None,
        "status": "unresolved",
        **_role_properties(group.mentions),
        "country": None,
        "parent_id": None,
        "area_km2": None,
        "method": None,
        **_mention_properties(group.mentions),
        "suggestions": _suggestions(group.mentions),
        "source": None,
        "licence": None,
    }
    return {"type": "Feature", "geometry": None, "properties": properties}


def _role_properties(mentions: list[Mention]) -> dict:
    roles = sorted({m.role for m in mentions})
    return {"role": "location" if "location" in roles else "actor", "roles": roles}


def _mention_properties(mentions: list[Mention]) -> dict:
    """``confidence``, ``mention_count``, ``mentions`` and ``articles``, in that order."""
    return {
        "confidence": round_or_none(max(m.confidence for m in mentions), CONFIDENCE_DECIMALS),
        "mention_count": len(mentions),
        "mentions": [_mention_object(m) for m in mentions],
        "articles": sorted({m.article for m in mentions}),
    }


def _mention_object(mention: Mention) -> dict:
    return {
        "article": mention.article,
        "text": mention.text,
        "start": mention.start,
        "end": mention.end,
        "role": mention.role,
        "method": mention.method,
        "confidence": round_or_none(mention.confidence, CONFIDENCE_DECIMALS),
        "sentence": mention.sentence,
    }


def _best_method(mentions: list[Mention]) -> str | None:
    methods = [m.method for m in mentions if m.method]
    if not methods:
        return None
    return min(
        methods, key=lambda m: METHOD_ORDER.index(m) if m in METHOD_ORDER else len(METHOD_ORDER)
    )


def _suggestions(mentions: list[Mention]) -> list[dict]:
    """The suggestions of all mentions: first mention's rank order first, each place once."""
    best: dict[str, dict] = {}
    for mention in mentions:
        for candidate in mention.suggestions:
            place = candidate.place
            score = round_or_none(candidate.score, SCORE_DECIMALS)
            if place.id not in best:
                best[place.id] = {
                    "place_id": place.id,
                    "name": place.name,
                    "kind": place.kind,
                    "score": score,
                }
            elif score > best[place.id]["score"]:
                best[place.id]["score"] = score
    return list(best.values())[: settings.SUGGESTION_LIMIT]


def round_or_none(value: float | None, decimals: int) -> float | None:
    """Round *value* to *decimals* places (``None`` stays ``None``; ``-0.0`` becomes ``0.0``)."""
    if value is None:
        return None
    return round(float(value), decimals) + 0.0
