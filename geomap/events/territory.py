"""Changes of territory: which side gained a place and which side lost it.

The kinds whose ``actor1`` rule is ``gainer`` in ``data/events/event-types.csv``
report a change of territory. A change is read from its trigger: "X captured Y" (the
side named before the trigger gained), "Y fell to X" (the side named after gained,
the one before lost: the trigger starts with a word of the cue list
``territory_fell``), "X withdrew from Y" (the side named lost: ``territory_lost``).
A withdrawal naming no gainer takes the gainer of the paragraph's previous change
(:func:`gainer_from`).
"""

from __future__ import annotations

import typing

from geomap.events.cues import event_cues
from geomap.events.kinds import Trigger, kind_named, with_actor1
from geomap.model import Incident

if typing.TYPE_CHECKING:
    from geomap.events.actors import Actor

__all__ = ["gainer_and_loser", "gainer_from", "is_change"]

# Actors whose words are at most this many characters apart are one noun phrase
# ("YPG fighters"); a list has more between them (", ", " and ").
_NOUN_GAP = 1


def is_change(name: str) -> bool:
    """True when incidents of kind *name* are changes of territory."""
    return kind_named(name).actor1 == "gainer"


def gainer_and_loser(anchor: Trigger, armed: list[Actor]) -> tuple[list[Actor], list[Actor]]:
    """The side that gained the place and the side that lost it (each at most one).

    Parameters
    ----------
    anchor
        The change's first trigger.
    armed
        The armed sides named in its clause or sentence, in text order.

    Returns
    -------
    gainer, loser : list of Actor
        Each empty when the sentence names no such side.
    """
    cues = event_cues()
    before = _noun_phrases([a for a in armed if a.end <= anchor.start])
    after = [a for a in armed if a.start >= anchor.end]
    if cues.territory_fell.match(anchor.text):
        return after[:1], before[-1:]
    if cues.territory_lost.match(anchor.text):
        loser = before[-1:] or after[:1]
        lost_by = {x.row.actor for x in loser}
        return [a for a in armed if a.row.actor not in lost_by][:1], loser
    gainer = before[-1:] or after[:1]
    gained_by = gainer[0].row.actor if gainer else ""
    return gainer, [a for a in after if a.row.actor != gained_by][:1]


def _noun_phrases(actors: list[Actor]) -> list[Actor]:
    """The actors, each run of adjacent ones kept as its first ("Kurdish YPG fighters":
    the YPG, not "fighters"): the first words name the side, the rest are its noun."""
    kept: list[Actor] = []
    for previous, actor in zip([None, *actors], actors, strict=False):
        if previous is not None and actor.start - previous.end <= _NOUN_GAP:
            continue
        kept.append(actor)
    return kept


def gainer_from(previous: Incident, incident: Incident) -> Incident:
    """Give a change that names no gainer the gainer of the paragraph's previous change.

    "... captured Sheikh Saeed. Rebels also pulled out of Saliheen the same day": the
    second change was a gain for the side that captured Sheikh Saeed, unless that
    side is the one that lost it. The borrowed gainer lowers the confidence.

    Parameters
    ----------
    previous
        The incident before *incident* in the same paragraph.
    incident
        The incident to complete.

    Returns
    -------
    Incident
        *incident*, with actor1 and its ACLED type from *previous* when both are
        changes of territory and only *previous* names a gainer.
    """
    if (
        not is_change(incident.kind)
        or incident.actor1 is not None
        or not is_change(previous.kind)
        or previous.actor1 is None
        or previous.actor1 == incident.actor2
    ):
        return incident
    return with_actor1(
        incident,
        previous.actor1,
        previous.inter1,
        assoc_actor_1=previous.assoc_actor_1,
        confidence=round(max(incident.confidence - 0.1, 0.1), 2),
    )
