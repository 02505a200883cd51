"""Control over time: who holds which district, and the area each side holds.

The sides (their ids, labels, colours, the words naming them, who gains what each
loses) are data: ``data/control/sides.csv``, read by :func:`load_sides`
(:mod:`~geomap.control.sides`); :func:`controller_ids` lists them and ``contested``
in the order of every output. The pieces, in the order
:func:`geomap.api.control_report` uses them:

* :func:`choose_timeline` (:mod:`~geomap.control.catalogue`) picks the shipped
  timeline (``data/control/timelines.csv``) whose place and period the articles are
  about, or none, and says why;
* :func:`load_timeline` (:mod:`~geomap.control.timeline`) reads a control timeline
  CSV (format in ``data/control/README.md``) into an initial state and dated
  :class:`~geomap.model.ControlChange` records, checking every row (unknown
  district, malformed date, unknown side, a district changing hands twice on one
  day: :class:`TimelineError` with ``file:line: reason``);
  :func:`load_reported_areas` reads a timeline's reported areas and shares (or
  ``--areas``); with no timeline, :func:`text_timeline` is made of the text's
  changes for the story's own place;
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
from geomap.control.catalogue import (
    UNIT_KINDS,
    ShippedTimeline,
    TimelineChoice,
    choose_timeline,
    shipped_timelines,
    story_place,
)
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
    find_unit,
    load_reported_areas,
    load_timeline,
    text_timeline,
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
    "UNIT_KINDS",
    "Conflict",
    "ControlChange",
    "DistrictGeometry",
    "ReportedFigure",
    "ShippedTimeline",
    "Side",
    "Snapshot",
    "TextFindings",
    "Timeline",
    "TimelineChoice",
    "TimelineError",
    "actor_sides",
    "changes_from_incidents",
    "choose_timeline",
    "controller_ids",
    "district_geometries",
    "figures_in",
    "find_unit",
    "load_controllers",
    "load_reported_areas",
    "load_sides",
    "load_timeline",
    "merge_changes",
    "merge_figures",
    "read_statements",
    "shipped_timelines",
    "side_ids",
    "snapshots",
    "story_place",
    "text_timeline",
]
