"""Where: the places of an incident, how precisely it is placed, its country and province.

The geoparser's resolved location mentions in the incident's clause or sentence
give its places, the most specific kind kept; none → the article's main place
(``geo_precision`` 3, with a ``location_note``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from geomap.events.cues import event_cues
from geomap.model import EventPlace, Mention, Place, TimePrecision
from geomap.places.gazetteer import KINDS, Gazetteer

__all__ = ["NO_PLACE_NAMED", "country_admin1", "country_of", "main_place", "places"]

#: How the location note of an incident whose sentence names no place starts.
NO_PLACE_NAMED = "no place named in the sentence"


def main_place(mentions: Sequence[Mention]) -> Mention | None:
    """The article's most named location of city size or larger (ties: the smaller kind).

    An incident whose sentence names no place is placed there, with
    ``geo_precision`` 3.

    Parameters
    ----------
    mentions
        The article's place names.

    Returns
    -------
    Mention or None
        The first mention of that place; None when the article names none.
    """
    counter: Counter[str] = Counter()
    first: dict[str, Mention] = {}
    for m in mentions:
        place = m.place
        if m.status == "resolved" and m.role == "location" and place is not None:
            if place.kind not in ("region", "city", "admin2", "admin1", "country"):
                continue
            counter[place.id] += 1
            first.setdefault(place.id, m)
    if not counter:
        return None
    best = max(
        counter,
        key=lambda pid: (counter[pid], KINDS.index(first[pid].place.kind)),  # type: ignore[union-attr]
    )
    return first[best]


def places(
    text: str,
    resolved: list[Mention],
    main_place: Mention | None,
    gazetteer: Gazetteer,
) -> tuple[tuple[EventPlace, ...], TimePrecision, str | None]:
    """The incident's places (the most specific kind named), geo_precision and a note.

    Parameters
    ----------
    text
        The article's text (a word of the cue list ``near`` before a place makes
        ``geo_precision`` 2).
    resolved
        The resolved location names of the incident's clause or sentence.
    main_place
        The article's main place (:func:`main_place`), for an incident naming none.
    gazetteer
        Tells whether a city has districts (an incident placed only at a city that
        has them is imprecise).

    Returns
    -------
    places : tuple of EventPlace
        The places of the most specific kind named.
    geo_precision : int
        ACLED's: 1 the place itself, 2 near it, 3 only a larger area.
    note : str or None
        Why the precision is not 1, for a reader (starts with
        :data:`NO_PLACE_NAMED` when the sentence names no place).
    """
    if not resolved:
        if main_place is None or main_place.place is None:
            return (), 3, f"{NO_PLACE_NAMED}, and none in the article"
        place = main_place.place
        return (
            (_event_place(main_place),),
            3,
            f"{NO_PLACE_NAMED}; placed at the article's main location, {place.name}",
        )
    finest = max(KINDS.index(m.place.kind) for m in resolved if m.place)
    chosen: dict[str, Mention] = {}
    for m in resolved:
        if m.place and KINDS.index(m.place.kind) == finest:
            chosen.setdefault(m.place.id, m)
    found = tuple(_event_place(m) for m in chosen.values())
    near_words = event_cues().near
    near = any(near_words.search(text[max(0, m.start - 30) : m.start]) for m in chosen.values())
    kind = KINDS[finest]
    if kind in ("district", "landmark"):
        return found, 2 if near else 1, None
    if kind == "city":
        first = next(iter(chosen.values())).place
        if first is not None and gazetteer.children(first):
            return found, 3, f"placed only at city level ({first.name}): no district named"
        return found, 2 if near else 1, None
    names = ", ".join(p.name for p in found)
    return found, 3, f"placed only at {kind} level ({names}): no town or district named"


def _event_place(mention: Mention) -> EventPlace:
    place = mention.place
    assert place is not None
    return EventPlace(
        name=place.name,
        place_id=place.id,
        kind=place.kind,
        lat=place.lat,
        lon=place.lon,
        text=mention.text,
        start=mention.start,
        end=mention.end,
    )


def country_admin1(
    places: tuple[EventPlace, ...], gazetteer: Gazetteer
) -> tuple[str | None, str | None]:
    """The country and first-level province (ACLED's ``admin1``) of the first place.

    Parameters
    ----------
    places
        The incident's places.
    gazetteer
        Holds the places and their parents.

    Returns
    -------
    country, admin1 : str or None
        Their names; None where the gazetteer has no such parent.
    """
    if not places:
        return None, None
    place = gazetteer.get(places[0].place_id)
    if place is None:
        return None, None
    chain: list[Place] = [place, *gazetteer.ancestors(place)]
    admin1 = next((p.name for p in chain if p.kind == "admin1"), None)
    country = next((p.name for p in chain if p.kind == "country"), None)
    if country is None and place.country:
        found = gazetteer.get(f"country-{place.country}")
        country = found.name if found else None
    return country, admin1


def country_of(place: Place | None, gazetteer: Gazetteer) -> Place | None:
    """The country *place* is in (itself for a country); None when unknown."""
    if place is None:
        return None
    if place.kind == "country":
        return place
    for ancestor in gazetteer.ancestors(place):
        if ancestor.kind == "country":
            return ancestor
    return gazetteer.get(f"country-{place.country}") if place.country else None
