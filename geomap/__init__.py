"""geomap: turn news reports of armed conflict into maps.

The Python API does the work; the ``geomap`` command is a thin layer over it.
Heavy libraries (geopandas, folium) are imported only by the functions that need
them, so resolving places stays fast.
"""

__version__ = "0.1.0"
