"""Control changes: from the events stage's territory incidents, merged with the timeline.

The events stage finds changes of territory once, as incidents of a kind whose actor1
is the gainer (``territory``: actor1 gained the places, actor2 lost them; see
:mod:`geomap.events.territory`). :func:`changes_from_incidents` turns each district
such an incident names into a :class:`~geomap.model.ControlChange`: the actors
become sides through ``data/events/actors.csv`` (its ``side`` column), a side that
only lost ("rebels withdrew from X") leaves the place to its opponent
(``data/control/sides.csv``).
:func:`merge_changes` adds the text's changes to the timeline and lists every
contradiction as a :class:`~geomap.model.Conflict` rather than hiding it.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from geomap.control.catalogue import UNIT_KINDS
from geomap.control.cues import control_cues, sentence_sources
from geomap.control.sides import CONTESTED, actor_sides, load_sides
from geomap.control.timeline import Holding
from geomap.events.territory import is_change
from geomap.model import (
    ChangeStatus,
    Conflict,
    ControlChange,
    Document,
    Incident,
    Mention,
    Report,
    Timeline,
    TimelinePrecision,
)

__all__ = ["changes_from_incidents", "merge_changes"]

# How far before a district's name the words saying it did not change hands itself
# ("north of", "the rest of") are looked for.
_LOOK_BACK = 40


class _Reading:
    """One article as the control stage reads it: who reported each sentence.

    Found once per article, then looked up by bisection for every report in it.
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self._starts = [s.start for s in document.sentences]

    @cached_property
    def _sources(self) -> list[str]:
        return sentence_sources(self.document)

    def source(self, offset: int) -> str:
        """The source of the sentence at *offset*: its outlets, then the article."""
        index = max(bisect.bisect_right(self._starts, offset) - 1, 0)
        if not self._sources:
            return f"{self.document.article.name} (article)"
        return self._sources[index]


@dataclass(frozen=True, slots=True)
class _Naming:
    """One report naming one district of an incident, at one mention."""

    report: Report
    reading: _Reading
    mention: Mention


def changes_from_incidents(
    incidents: Iterable[Incident], documents: Iterable[Document]
) -> tuple[list[ControlChange], list[Mention]]:
    """The control changes the articles' territory incidents state, and unmapped names.

    Each district or town of a change of territory (:func:`geomap.events.territory.is_change`)
    whose actor1 is a side (or
    whose actor2 is a side with an opponent: "rebels withdrew from X" gives X to the
    government) becomes one change: from actor2's side to actor1's, dated as the
    incident (precision ``day`` when it is dated to the day or to the last day of a
    span, ``by`` otherwise: "by Saturday", or no date words and the article's date).
    Its sources are each report's outlets and article; its status ``contested`` when
    a report's sentence says so (``control-contested.txt``), ``claimed`` when every
    report of it is hedged ("SANA claimed..."), else ``assessed``. A district named
    right after "north of", "around", "the rest of"... (``control-not-whole-place.txt``)
    did not change hands itself and is left out.

    Parameters
    ----------
    incidents
        The events stage's incidents (any kinds; only changes of territory are read).
    documents
        The articles they were found in, with their mentions (looked up by name).

    Returns
    -------
    tuple
        The changes, in the incidents' order; and the names in those statements the
        gazetteer could not resolve (e.g. Hamdudu): reported, never mapped.
    """
    readings = {d.article.name: _Reading(d) for d in documents}
    sides = actor_sides()
    opponents = {side.id: side.opponent for side in load_sides()}
    contested = control_cues().contested
    changes: list[ControlChange] = []
    unresolved: dict[tuple[str, int], Mention] = {}
    for incident in incidents:
        if not is_change(incident.kind) or incident.event_date is None:
            continue
        gainer = sides.get(incident.actor1 or "")
        loser = sides.get(incident.actor2 or "")
        if gainer is None and loser is not None:
            gainer = opponents.get(loser)
        if gainer is None:
            continue
        reports = [r for r in incident.reports if r.article in readings]
        if not reports:
            continue
        date, precision = _when(incident, readings[reports[0].article])
        unmapped = set(incident.unresolved_places)
        # Each report's mentions, found once: by place id, and the names not mapped.
        named_in: list[tuple[Report, _Reading, dict[str, list[Mention]]]] = []
        for report in reports:
            reading = readings[report.article]
            by_place: dict[str, list[Mention]] = {}
            for mention in reading.document.mentions_in(report.start, report.end):
                if mention.status == "unresolved" and mention.text in unmapped:
                    unresolved.setdefault((report.article, mention.start), mention)
                elif mention.status == "resolved" and mention.place is not None:
                    by_place.setdefault(mention.place.id, []).append(mention)
            named_in.append((report, reading, by_place))
        for place in incident.locations:
            if place.kind not in UNIT_KINDS:
                continue
            namings = [
                naming
                for report, reading, by_place in named_in
                if (
                    naming := _naming(
                        incident, report, reading, by_place.get(place.place_id, []), place.start
                    )
                )
            ]
            if not namings:
                continue
            first = namings[0]
            status: ChangeStatus = (
                "contested"
                if any(
                    contested.search(n.reading.document.text, n.report.start, n.report.end)
                    for n in namings
                )
                else "claimed"
                if all(n.report.hedged for n in namings)
                else "assessed"
            )
            changes.append(
                ControlChange(
                    date=date,
                    district_id=place.place_id,
                    district=place.name,
                    from_side=loser if loser != gainer else None,
                    to_side=gainer,
                    status=status,
                    sources=tuple(dict.fromkeys(n.reading.source(n.report.start) for n in namings)),
                    note=f"{first.mention.text!r}: {first.report.quote}",
                    origin="text",
                    location=f"{first.report.article}:{first.mention.start}",
                    precision=precision,
                )
            )
    return changes, list(unresolved.values())


def _when(incident: Incident, reading: _Reading) -> tuple[datetime.date, TimelinePrecision]:
    """The day of a change and how sure it is, from the incident's date words."""
    day = incident.event_date
    assert day is not None
    report = incident.reports[0]
    words = next(
        (
            d
            for d in reading.document.dates_in(report.start, report.end)
            if d.text == incident.date_text
        ),
        None,
    )
    if words is not None and words.by:
        return day, "by"
    if words is not None and words.end_date is not None:
        # The timeline dates a change reported over several days to its last one.
        return words.end_date, "day"
    return day, "day" if incident.time_precision == 1 else "by"


def _naming(
    incident: Incident, report: Report, reading: _Reading, named: list[Mention], own: int
) -> _Naming | None:
    """The mention by which *report* names a district of *incident* as changing hands.

    *named* are the report's mentions of that district, *own* the offset of the
    incident's own mention of it: that one when it lies in this report, else the
    report's first. None when the report does not name it, or names it after words
    saying it did not change hands itself.
    """
    mention = next((m for m in named if m.start == own), named[0] if named else None)
    if mention is None or not _changes_hands(incident, reading.document, report, mention):
        return None
    return _Naming(report, reading, mention)


def _changes_hands(
    incident: Incident, document: Document, report: Report, mention: Mention
) -> bool:
    """False when the words before the name say the place did not change hands itself
    ("north of", "the rest of"), unless they are the change's own trigger ("withdrew
    from X")."""
    before = document.text[max(report.start, mention.start - _LOOK_BACK) : mention.start]
    ending = " ".join(before.split()).lower()
    triggers = (t.strip().lower() for t in incident.trigger.split(","))
    if any(t and ending.endswith(t) for t in triggers):
        return True
    return control_cues().not_whole_place.search(before) is None


# ---------------------------------------------------------------------------
# Combining the timeline and the text


def _holder_on(
    timeline: Timeline, district_id: str, date: datetime.date
) -> tuple[Holding | None, list[ControlChange]]:
    first = timeline.initial.get(district_id)
    if first is None:
        return None, []
    holding = Holding(first.to_side, first.status, None, first.sources)
    applied = []
    for change in timeline.changes:
        if change.district_id == district_id and change.date <= date:
            holding = Holding(
                CONTESTED if change.status == "contested" else change.to_side,
                change.status,
                change.from_side,
                change.sources,
            )
            applied.append(change)
    return holding, applied


def merge_changes(
    timeline: Timeline, text_changes: Iterable[ControlChange]
) -> tuple[list[ControlChange], list[Conflict]]:
    """Add the text's changes to the timeline; return all changes and the conflicts.

    A text change agrees with the timeline when the timeline has the same district
    going to the same side on that day (or, for an undated statement, by the
    article's date); its article is then added to that change's sources. When the
    timeline dates that change differently, or says the district was not taken by
    that side, the text change becomes a :class:`Conflict` and the timeline's
    version is kept. A change the timeline knows nothing about (a district it
    leaves to one side throughout) is a conflict too; a district the timeline does
    not cover at all is added from the text.
    """
    changes = list(timeline.changes)
    conflicts: list[Conflict] = []
    added: list[ControlChange] = []
    for change in text_changes:
        district = change.district_id
        ours = [c for c in timeline.changes if c.district_id == district]
        same_side = [c for c in ours if c.to_side == change.to_side]
        holding, applied = _holder_on(timeline, district, change.date)
        if holding is None:
            if any(a.district_id == district and a.date == change.date for a in added):
                continue
            added.append(replace(change, from_side=change.from_side))
            continue
        agree: ControlChange | None = None
        if change.precision == "day":
            agree = next((c for c in same_side if c.date == change.date), None)
        else:
            before = [c for c in applied if c.to_side == change.to_side]
            if before and holding.controller in (change.to_side, CONTESTED):
                agree = before[-1]
        if agree is not None:
            index = timeline.changes.index(agree)
            agree = changes[index]
            extra = tuple(s for s in change.sources if s not in agree.sources)
            changes[index] = replace(agree, sources=agree.sources + extra)
            continue
        if same_side:
            nearest = min(same_side, key=lambda c: (abs((c.date - change.date).days), c.date))
            when = "by" if change.precision == "by" else "on"
            reason = (
                f"the text has {change.district} taken by {change.to_side} {when} "
                f"{change.date.isoformat()}; the timeline dates it {nearest.date.isoformat()}"
            )
            conflicts.append(Conflict(change, reason, nearest))
        else:
            reason = (
                f"the text has {change.district} taken by {change.to_side} on or by "
                f"{change.date.isoformat()}; the timeline has it held by "
                f"{holding.controller} then"
            )
            last = applied[-1] if applied else timeline.initial.get(district)
            conflicts.append(Conflict(change, reason, last))
    merged = sorted(changes + added, key=lambda c: c.date)
    return merged, conflicts
