"""Events: from an article's sentences to conflict-event records (ACLED-style).

The stage runs, sentence by sentence (:func:`extract_incidents`, in
:mod:`geomap.events.extract`):

1. **Triggers** (:mod:`~geomap.events.kinds`). Words from
   ``data/events/event-types.csv`` ("executed", "air strike", "fell to"...) mark
   incidents and give each its ACLED ``event_type`` and ``sub_event_type``. A killing
   in the same clause as an air strike, shelling or a sniper joins that incident.
   Triggers that report no incident are dropped: a modal or future ("will be
   killed"), a negation, a relative clause ("men who left"), a cumulative toll
   ("killed since 15 November"), a reaction ("is alarmed by", "called for").
2. **Who** (:mod:`~geomap.events.actors`, :mod:`~geomap.events.territory`). Actors
   from ``data/events/actors.csv``; backers become ``assoc_actor_1``; for a change
   of territory actor1 is the side that gained it and actor2 the side that lost it.
3. **How many** (:mod:`~geomap.events.counts`). Counts of people, each given to the
   nearest trigger and read by the nearest cue word as fatalities, injuries or
   people affected.
4. **When.** The date words nearest the trigger, else the article's date with
   ``time_precision`` 3.
5. **Where** (:mod:`~geomap.events.locations`). The geoparser's resolved location
   mentions in the sentence, the most specific kind kept; none → the article's main
   place (``geo_precision`` 3, with a ``location_note``).
6. **Who says so** (:mod:`~geomap.events.attribution`). "according to X", "X said",
   "X told Y", "(SANA)"; hedges ("unverified", "claimed").

:func:`merge_incidents` (:mod:`geomap.events.merge`) joins reports of one incident
(same type, dates a day apart at most, overlapping places, compatible counts) into
one record listing every report.
"""

from __future__ import annotations

from geomap.events.extract import extract_incidents
from geomap.events.merge import merge_incidents

__all__ = ["extract_incidents", "merge_incidents"]
