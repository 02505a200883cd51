"""The places stage: which places an article names, and what each name does there.

* :mod:`geomap.places.gazetteer`: the places geomap knows (the shipped tables of
  ``data/gazetteer/``, the user's files, the world's cities) and looking names up;
* :mod:`geomap.places.world`: the world's cities, folded once and cached on disk;
* :mod:`geomap.places.geoparse`: :func:`~geomap.places.geoparse.parse_places` reads a
  :class:`~geomap.model.Document` and returns it with its place mentions;
* :mod:`geomap.places.geocoder`: the gazetteer as an offline geopy geocoder.

The words the geoparser reads around a name are data, read by :mod:`geomap.text.cues`.
"""
