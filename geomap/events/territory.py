"""Changes of territory: which side gained a place and which side lost it.

A change is read from its trigger: "X captured Y" (the side named before the trigger
gained), "Y fell to X" (the side named after gained, the one before lost), "X
withdrew from Y" (the side named lost). A withdrawal naming no gainer takes the
gainer of the paragraph's previous change (:func:`gainer_from`).
"""

from __future__ import annotations

import re
import typing
from dataclasses import replace

from geomap.events.kinds import Trigger, type_for
from geomap.model import Incident

if typing.TYPE_CHECKING:
    from geomap.events.actors import Actor

__all__ = ["gainer_and_loser", "gainer_from"]


def gainer_and_loser(anchor: Trigger, armed: list[Actor]) -> tuple[list[Actor], list[Actor]]:
    """The side that gained the place and the side that lost it (each at most one).

    Parameters
    ----------
    anchor
        The change's first trigger.
    armed
        The armed sides named in its clause or sentence, in text order.
    """
    loss = re.match(
        r"(?:lost|lose|loses|losing|withdr|pull|retreat|abandon)", anchor.text, re.IGNORECASE
    )
    fell = anchor.text.lower().startswith("fell")
    before = [a for a in armed if a.end <= anchor.start]
    after = [a for a in armed if a.start >= anchor.end]
    gainer: list[Actor]
    loser: list[Actor]
    if fell:
        gainer, loser = after[:1], before[-1:]
    elif loss:
        loser = before[-1:] or after[:1]
        gainer = [a for a in armed if a.row.actor not in {x.row.actor for x in loser}][:1]
    else:
        gainer = before[-1:] or after[:1]
        loser = [a for a in after if a.row.actor != (gainer[0].row.actor if gainer else "")][:1]
    return gainer, loser


def gainer_from(previous: Incident, incident: Incident) -> Incident:
    """A withdrawal naming no gainer takes the gainer of the paragraph's previous change
    ("... captured Sheikh Saeed. Rebels also pulled out of Saliheen the same day")."""
    if (
        incident.kind != "territory"
        or incident.actor1 is not None
        or previous.kind != "territory"
        or previous.actor1 is None
        or previous.actor1 == incident.actor2
    ):
        return incident
    fields = {"actor1": previous.actor1, "inter1": previous.inter1}
    row = type_for("territory", fields)
    return replace(
        incident,
        actor1=previous.actor1,
        inter1=previous.inter1,
        assoc_actor_1=previous.assoc_actor_1,
        event_type=row.event_type,
        sub_event_type=row.sub_event_type,
        confidence=round(max(incident.confidence - 0.1, 0.1), 2),
    )
