"""The gazetteer as a geopy geocoder.

Kept apart from :mod:`geomap.places.gazetteer` so that resolving places does not import
geopy (a fifth of the command line's start-up time) unless the geocoder is used.
"""

from __future__ import annotations

from geopy.geocoders.base import Geocoder

from geomap.places.gazetteer import Gazetteer, default_gazetteer


class GazetteerGeocoder(Geocoder):
    """The gazetteer as a geopy geocoder: offline, no network, no rate limit.

    ``geocode`` returns ``None`` when nothing matches (fuzzy suggestions are not
    answers), one :class:`geopy.location.Location` with ``exactly_one=True``, or a
    list of them, best first. ``location.raw`` holds the gazetteer row plus how it
    matched.

    Parameters
    ----------
    gazetteer
        The gazetteer to search; the shipped one by default.
    within
        Only return places inside the place of this name (e.g. ``"Aleppo"``).

    Examples
    --------
    >>> GazetteerGeocoder(within="Aleppo").geocode("Firdous").address
    'al-Fardos'

    With geopandas (kwargs are passed to the constructor):

    >>> import geopandas
    >>> frame = geopandas.tools.geocode(["Kallasa"], provider=GazetteerGeocoder, within="Aleppo")
    >>> frame["address"].tolist()
    ['al-Kallaseh']
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, within: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.gazetteer = gazetteer or default_gazetteer()
        self.within = self.gazetteer.find(within) if within else None

    def geocode(self, query: str, *, exactly_one: bool = True, **_ignored):
        """Return the place(s) *query* names, or None (geopy's interface)."""
        found = self.gazetteer.lookup(str(query), within=self.within)
        if not found:
            return None
        locations = []
        for candidate in found:
            location = candidate.place.to_location()
            location.raw.update(method=candidate.method, confidence=candidate.confidence)
            locations.append(location)
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one: bool = True, **_ignored):
        """Reverse geocoding is not offered by the gazetteer."""
        raise NotImplementedError("the gazetteer geocoder does not reverse-geocode")
