"""The interactive HTML map (Leaflet, through folium).

How text reaches the page, and why this way: folium renders with Jinja2, and branca
compiles the output of every element *again* as a template, so any text handed to a
folium element (a popup, a tooltip, a layer name, even GeoJSON data through ``tojson``)
is evaluated as template code: ``{{7*7}}`` in an article became ``49`` and a crafted
one ran Python. So geomap gives folium no text from outside. The folium tree holds
only geomap's own code (map, tiles, tools and one :func:`geomap.webmap.page.map_script`
element); everything an article, a gazetteer, a file name or a ``--layer`` file says
goes into one JSON document, :func:`geomap.webmap.data.map_data`, which enters the page
as a literal no template engine reads and is drawn by ``geomap/webmap/_static/map.js``
with ``textContent``. That is the single path for outside text, for every layer,
popup, tooltip, panel, legend line, the date slider and the title. The slider and the
legend are built by ``map.js`` from that document too: as folium elements of their
own, their labels and dates would be template text again.

The package is split by concept:

* :mod:`geomap.webmap.data`: the JSON document (layers, popups, legend, attribution);
* :mod:`geomap.webmap.page`: the folium elements (the script element, tools, notices);
* :mod:`geomap.webmap.user_layers`: reading ``--layer`` files;
* :mod:`geomap.webmap.offline`: the vendored scripts of ``--self-contained`` maps;
* this module: :func:`build_map`, :func:`render_map`, :func:`save_map`.

:func:`stabilise_ids` replaces folium's random element ids with ids numbered in tree
order, so the same input always gives the same ``map.html`` bytes. folium is imported
inside the functions: importing this package is cheap.
"""

from __future__ import annotations

import datetime
import os
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from geomap.model import Incident, PlaceReport, Snapshot
from geomap.output.files import atomic_write_text
from geomap.webmap import page
from geomap.webmap.data import TILES_NAME, map_data, view_points

if TYPE_CHECKING:
    import folium
    from branca.element import Element

    from geomap.places.gazetteer import Gazetteer
    from geomap.webmap.user_layers import PointLayer

__all__ = ["build_map", "render_map", "save_map", "stabilise_ids"]


def build_map(
    report: PlaceReport,
    *,
    title: str,
    layers: Sequence[PointLayer] = (),
    gazetteer: Gazetteer | None = None,
    incidents: Sequence[Incident] = (),
    snapshots: Sequence[Snapshot] = (),
    opening_date: datetime.date | None = None,
    place_features: Sequence[dict] | None = None,
) -> folium.Map:
    """Build the interactive map of the places in *report*.

    Parameters
    ----------
    report
        The geoparser's report (see :func:`geomap.places.geoparse.parse_articles`).
    title
        Shown in a box over the map and as the page title.
    layers
        Extra point layers (``--layer`` files, see
        :func:`geomap.webmap.user_layers.read_point_layer`),
        each drawn as one canvas layer (see :func:`geomap.webmap.data.point_layer`).
    gazetteer
        If given, the districts of the cities named get a "District labels" layer.
    incidents
        The incidents of ``events.geojson``: an "Incidents" layer, one canvas of
        markers, clustered when they are thousands
        (:func:`geomap.webmap.data.incidents_layer`).
    snapshots
        The areas of control of ``control.geojson``, on a time slider
        (:func:`geomap.webmap.data.control_layer`).
    opening_date
        The date the slider opens on (the articles' date): the latest slider date on
        or before it; None, the last date.
    place_features
        The features of ``places.geojson`` (:func:`geomap.output.geojson.place_features`)
        when the caller has made them already: read, never changed. Made from *report*
        when None.

    Returns
    -------
    folium.Map
        The map, with stable element ids (see :func:`stabilise_ids`).
    """
    import folium

    from geomap.output.geojson import places_geojson

    # Made once, for the popups and for the opening view.
    features = places_geojson(report)["features"] if place_features is None else place_features
    data = map_data(
        report,
        title=title,
        layers=layers,
        gazetteer=gazetteer,
        incidents=incidents,
        snapshots=snapshots,
        opening_date=opening_date,
        place_features=features,
    )
    # SVG by default (places, areas of control); the incidents and --layer points have
    # canvases of their own (map.js). The scale bar (metric only) is added by map.js.
    m = folium.Map(location=[20.0, 0.0], zoom_start=2, tiles=None, control_scale=False)
    tiles = folium.TileLayer("OpenStreetMap", name=TILES_NAME, control=False)
    tiles.add_to(m)
    page.add_tile_notice(m)
    page.add_tools(m)
    page.fit_view(m, view_points(report, layers, incidents, place_features=features))
    page.map_script(data, tiles).add_to(m)
    stabilise_ids(m)
    return m


def save_map(m: folium.Map, path: str | os.PathLike[str], *, self_contained: bool = False) -> None:
    """Render *m* to a standalone HTML file, written atomically.

    Parameters
    ----------
    m
        The map (see :func:`build_map`).
    path
        The file to write (conventionally ``map.html``).

    Raises
    ------
    OutputError
        If the file cannot be written.
    """
    atomic_write_text(path, render_map(m, self_contained=self_contained))


def render_map(m: folium.Map, *, self_contained: bool = False) -> str:
    """Return the map as a standalone HTML page.

    With *self_contained*, every script and stylesheet is inlined from geomap's local
    copies (see :mod:`geomap.webmap.offline`): the page opens with no network, tiles aside.
    """
    html_text = m.get_root().render()
    if self_contained:
        from geomap.webmap.offline import inline_assets

        html_text = inline_assets(html_text)
    return html_text


def stabilise_ids(m: folium.Map) -> None:
    """Replace folium's random element ids by ``0001``, ``0002``... in tree order.

    folium names every element (and so its JavaScript variable) after a random id.
    This walks the whole element tree from the map's root figure, including the
    ``header``/``html``/``script`` parts of figures and popups, and renumbers it; the
    keys of each element's children that were the old names are renamed too, as
    folium uses some of them as variable names. Call it after the last element is
    added and before rendering.

    Parameters
    ----------
    m
        The map; changed in place.
    """
    counter = iter(range(1, 1_000_000))
    _renumber(m.get_root(), counter)


def _renumber(element: Element, counter: Iterator[int]) -> None:
    """Give *element* and everything below it the next ids of *counter*."""
    from branca.element import Element

    element._id = f"{next(counter):04d}"
    for part in ("header", "html", "script"):
        sub = getattr(element, part, None)
        if isinstance(sub, Element):
            _renumber(sub, counter)
    children: OrderedDict[str, Element] = OrderedDict()
    for key, child in element._children.items():
        old_name = child.get_name()
        _renumber(child, counter)
        children[child.get_name() if key == old_name else key] = child
    element._children = children
