"""The exceptions geomap raises.

Every error geomap raises on purpose derives from :class:`GeomapError`, so a caller
can catch one root. The command line turns these into one-line messages; anything
else reaching the CLI is a bug.
"""

from __future__ import annotations


class GeomapError(Exception):
    """Root of every error geomap raises on purpose."""


class InputError(GeomapError, ValueError):
    """An input file or argument cannot be used (missing, empty, binary, malformed...)."""


class GazetteerError(GeomapError, ValueError):
    """A gazetteer file or row is malformed.

    Parameters
    ----------
    message
        What is wrong.
    problems
        Every problem found, each as ``"file:line: reason"``.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems: list[str] = list(problems or [])


class DataError(GeomapError, ValueError):
    """A table of geomap's knowledge (``data/``, or a folder given for it) is unusable."""


class PlaceNotFoundError(GeomapError, LookupError):
    """A place name the caller insisted on (such as ``--within``) is not in the gazetteer."""


class OutputError(GeomapError, OSError):
    """An output file could not be written."""


class NetworkError(GeomapError, ConnectionError):
    """A server geomap asks (OpenStreetMap's Overpass or Nominatim) failed to answer usefully.

    Unreachable, too slow, an HTTP error (429, 5xx) or an empty answer.
    """


class DependencyError(GeomapError, ImportError):
    """An optional dependency a command needs is not installed (``pip install geomap[osm]``)."""
