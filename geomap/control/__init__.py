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
* :func:`read_statements` (:mod:`~geomap.control.statements`) reads what the
  articles say: :func:`changes_from_incidents` (:mod:`~geomap.control.changes`)
  turns the events stage's territory incidents ("troops captured X", "X fell to...",
  "rebels withdrew from X") into control changes, their actors into sides
  (``data/events/actors.csv``); :func:`figures_in` (:mod:`~geomap.control.figures`)
  finds the reported sizes ("fell to 8.6 square kilometres", "90 per cent", "about
  100,000 civilians"), dated by the text layer's date words;
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
from geomap.control.changes import changes_from_incidents, merge_changes
from geomap.control.figures import FIGURE_WINDOW_DAYS, figures_in, merge_figures
from geomap.control.sides import (
    CONTESTED,
    Side,
    actor_sides,
    controller_ids,
    load_controllers,
    load_sides,
    side_ids,
)
from geomap.control.statements import read_statements
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
    "changes_from_incidents",
    "controller_ids",
    "default_areas_path",
    "default_timeline_path",
    "district_geometries",
    "figures_in",
    "find_district",
    "load_controllers",
    "load_reported_areas",
    "load_sides",
    "load_timeline",
    "merge_changes",
    "merge_figures",
    "read_statements",
    "side_ids",
    "snapshots",
]
