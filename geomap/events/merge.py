"""Merging: reports of one incident joined into one record.

:func:`merge_incidents` joins reports of one incident (same type, dates a day apart
at most, overlapping places, compatible counts) into one record listing every
report. :func:`absorb_vague` drops, within one article, vague reports that a
detailed report of the same kind covers.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import replace

from geomap.events.locations import NO_PLACE_NAMED
from geomap.model import Incident, Report

__all__ = ["absorb_vague", "merge_incidents"]


def merge_incidents(incidents: Iterable[Incident]) -> list[Incident]:
    """Join reports of the same incident into one record.

    Two incidents are one when they have the same event type and sub-type, their
    dates are at most a day apart (or one is undated), their places overlap (or both
    have none and come from the same sentence's words), and their counts are
    compatible (one missing, or their low-high ranges overlap, or the bests are
    within a factor of 1.5). The merged record keeps the first report's fields, the
    union of places, every report (``reports``; ``source`` lists all sources), and
    the most conservative counts: the lowest low and best, the highest high.

    Cost: each incident meets only the merged records of its block (its type and
    sub-type, one of its places, and its day or the days beside it; an undated one,
    its type and a place): O(n·k) for n incidents and k records a block, instead of
    every pair of a corpus's incidents.

    Parameters
    ----------
    incidents
        Incidents from one or more articles, in order.

    Returns
    -------
    list of Incident
        In order of first report.
    """
    merged: list[Incident] = []
    # Each record's reports, as a set: a record that many reports join is not hashed
    # whole again at every join (that was quadratic in its reports).
    reports_of: list[set[Report]] = []
    # Records that can be the same incident share a type and a place, and are dated a
    # day apart at most (or undated): indexes on those keep merging from comparing
    # every pair of records.
    by_place: dict[tuple, set[int]] = {}
    by_day: dict[tuple, set[int]] = {}
    for incident in incidents:
        kind = (incident.event_type, incident.sub_event_type)
        day = incident.event_date
        candidates: set[int] = set()
        for place in incident.locations:
            key = (*kind, place.place_id)
            if day is None:
                candidates.update(by_place.get(key, ()))
                continue
            for near in (day - _ONE_DAY, day, day + _ONE_DAY, None):
                candidates.update(by_day.get((*key, near), ()))
        target = next((i for i in sorted(candidates) if _same(merged[i], incident)), None)
        if target is None:
            target = len(merged)
            merged.append(incident)
            reports_of.append(set(incident.reports))
        else:
            merged[target] = _join(merged[target], incident, reports_of[target])
        for place in merged[target].locations:
            key = (*kind, place.place_id)
            by_place.setdefault(key, set()).add(target)
            by_day.setdefault((*key, merged[target].event_date), set()).add(target)
    return merged


_ONE_DAY = datetime.timedelta(days=1)


def _same(a: Incident, b: Incident) -> bool:
    if (a.event_type, a.sub_event_type) != (b.event_type, b.sub_event_type):
        return False
    if a.event_date and b.event_date and abs((a.event_date - b.event_date).days) > 1:
        return False
    ids_a = {p.place_id for p in a.locations}
    ids_b = {p.place_id for p in b.locations}
    if not ids_a & ids_b:
        return False
    if a.actor1 and b.actor1 and a.actor1 != b.actor1:
        return False
    return _compatible(a, b)


def _compatible(a: Incident, b: Incident) -> bool:
    """Counts that may describe the same deaths: one missing, ranges overlapping, or close."""
    if a.fatalities_best is None or b.fatalities_best is None:
        return True

    def bounds(i: Incident) -> tuple[int, int]:
        best = i.fatalities_best or 0
        low = i.fatalities_low if i.fatalities_low is not None else best
        return low, i.fatalities_high if i.fatalities_high is not None else best * 10

    (a_low, a_high), (b_low, b_high) = bounds(a), bounds(b)
    if a_low <= b_high and b_low <= a_high:
        return True
    small, big = sorted((a.fatalities_best, b.fatalities_best))
    return big <= small * 1.5


def _join(a: Incident, b: Incident, reports_of_a: set[Report]) -> Incident:
    """*a* and *b* as one record; *reports_of_a*, the set of *a*'s reports, gains *b*'s."""
    places = {p.place_id: p for p in (*a.locations, *b.locations)}
    lows = [v for v in (a.fatalities_low, b.fatalities_low) if v is not None]
    bests = [v for v in (a.fatalities_best, b.fatalities_best) if v is not None]
    highs = [v for v in (a.fatalities_high, b.fatalities_high) if v is not None]
    new_reports = tuple(dict.fromkeys(r for r in b.reports if r not in reports_of_a))
    reports_of_a.update(new_reports)
    # A's own reports are distinct once it has been joined; a report given twice in
    # one incident is made one at its first join.
    own = a.reports if len(a.reports) == len(reports_of_a) - len(new_reports) else None
    reports = (*(own if own is not None else dict.fromkeys(a.reports)), *new_reports)
    take_b = a.fatalities_best is None and b.fatalities_best is not None
    return replace(
        a,
        locations=tuple(places.values()),
        unresolved_places=tuple(dict.fromkeys((*a.unresolved_places, *b.unresolved_places))),
        actor1=a.actor1 or b.actor1,
        inter1=a.inter1 if a.actor1 else b.inter1,
        assoc_actor_1=tuple(dict.fromkeys((*a.assoc_actor_1, *b.assoc_actor_1))),
        actor2=a.actor2 or b.actor2,
        inter2=a.inter2 if a.actor2 else b.inter2,
        fatalities_low=min(lows) if lows else None,
        fatalities_best=min(bests) if bests else None,
        fatalities_high=max(highs) if highs else None,
        fatalities_text=b.fatalities_text if take_b else a.fatalities_text,
        fatalities_breakdown=b.fatalities_breakdown if take_b else a.fatalities_breakdown,
        injuries=a.injuries if a.injuries is not None else b.injuries,
        injuries_text=a.injuries_text or b.injuries_text,
        people_affected=a.people_affected if a.people_affected is not None else b.people_affected,
        people_affected_text=a.people_affected_text or b.people_affected_text,
        counts=(*a.counts, *b.counts),
        refused_counts=(*a.refused_counts, *b.refused_counts),
        reports=reports,
        tags=tuple(dict.fromkeys((*a.tags, *b.tags))),
        confidence=max(a.confidence, b.confidence),
        time_precision=min(a.time_precision, b.time_precision)
        if a.event_date == b.event_date
        else a.time_precision,
    )


def absorb_vague(incidents: list[Incident]) -> list[Incident]:
    """Drop the vague reports of one article that add nothing.

    A vague report names no count and no place of its own ("the army shelled the
    east"). It is dropped when the article reports an incident of the same type with
    details, and when it is hedged.

    Parameters
    ----------
    incidents
        The incidents of one article, in text order.

    Returns
    -------
    list of Incident
        The incidents kept, in their order.
    """

    def vague(i: Incident) -> bool:
        no_place = i.location_note is not None and i.location_note.startswith(NO_PLACE_NAMED)
        no_count = i.fatalities_best is None and i.injuries is None and i.people_affected is None
        return no_place and no_count

    detailed = {(i.event_type, i.sub_event_type, i.kind) for i in incidents if not vague(i)}
    kept = []
    for incident in incidents:
        if vague(incident):
            if incident.hedged:
                continue
            if (incident.event_type, incident.sub_event_type, incident.kind) in detailed:
                continue
        kept.append(incident)
    return kept
