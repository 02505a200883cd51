"""Control over time: who holds which district, and the area each side holds.

The sides (their ids, labels, colours, the words naming them, who gains what each
loses) are data: ``data/control/sides.csv``, read by :func:`load_sides`
(:mod:`~geomap.control.sides`); :func:`controller_ids` lists them and ``contested``
in the order of every output. The pieces, in the order
:func:`geomap.api.control_report` uses them:

* :func:`load_timeline` (:mod:`~geomap.control.timeline`) reads a control timeline
  CSV (the shipped ``data/control/aleppo-2016.csv`` by default; format in
  ``data/control/README.md``) into an initial state and dated
  :class:`~geomap.model.ControlChange` records, checking every row (unknown
  district, malformed date, unknown side, a district changing hands twice on one
  day: :class:`TimelineError` with ``file:line: reason``);
  :func:`load_reported_areas` reads the shipped reported pocket sizes;
* :func:`control_changes_from_text` (:mod:`~geomap.control.changes`) finds
  statements of control change and of size in an article, using the geoparser's
  mentions;
* :func:`merge_changes` adds the text's changes to the timeline and lists every
  contradiction as a :class:`~geomap.model.Conflict` rather than hiding it;
  :func:`merge_figures` (:mod:`~geomap.control.figures`) drops repeated figures;
* :func:`district_geometries` (:mod:`~geomap.control.areas`) gives each district a
  polygon: real boundaries from a GeoJSON (``--boundaries``), or approximate Voronoi
  cells of the gazetteer's centroids, labelled as such;
* :func:`snapshots` applies the changes date by date and measures each side's area
  (the union of its districts) in the UTM zone of the city, in km².

shapely, pyproj and geopandas are imported inside functions only.
"""

from __future__ import annotations

from geomap.control.areas import district_geometries, snapshots
from geomap.control.changes import control_changes_from_text, merge_changes
from geomap.control.figures import FIGURE_WINDOW_DAYS, merge_figures
from geomap.control.sides import (
    CONTESTED,
    Side,
    actor_sides,
    controller_ids,
    load_controllers,
    load_sides,
    side_ids,
)
from geomap.control.timeline import (
    STATUSES,
    TimelineError,
    default_areas_path,
    default_timeline_path,
    find_district,
    load_reported_areas,
    load_timeline,
)
from geomap.model import (
    GEOMETRY_APPROXIMATE,
    Conflict,
    ControlChange,
    DistrictGeometry,
    ReportedFigure,
    Snapshot,
    TextFindings,
    Timeline,
)

__all__ = [
    "CONTESTED",
    "FIGURE_WINDOW_DAYS",
    "GEOMETRY_APPROXIMATE",
    "STATUSES",
    "Conflict",
    "ControlChange",
    "DistrictGeometry",
    "ReportedFigure",
    "Side",
    "Snapshot",
    "TextFindings",
    "Timeline",
    "TimelineError",
    "actor_sides",
    "control_changes_from_text",
    "controller_ids",
    "default_areas_path",
    "default_timeline_path",
    "district_geometries",
    "find_district",
    "load_controllers",
    "load_reported_areas",
    "load_sides",
    "load_timeline",
    "merge_changes",
    "merge_figures",
    "side_ids",
    "snapshots",
]
