"""Kinds of incident: the event-type table and the trigger words that mark each kind.

``data/events/event-types.csv`` gives every kind ("air_strike", "territory"...) its
trigger pattern and its ACLED ``event_type`` / ``sub_event_type``, with rows that
change the type of a kind in one situation (a change of territory with no gainer).
:func:`find_triggers` finds the trigger words of a clause, leaving out those that
report no incident (a modal or future, a negation, a relative clause).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geomap import knowledge
from geomap.events import cues

__all__ = [
    "KILLING",
    "MEANS",
    "NEEDS_PLACE",
    "Trigger",
    "TypeRow",
    "civilian_kind",
    "event_types",
    "find_triggers",
    "main_kind",
    "type_for",
]

# The kinds of incident whose counts are victims of a means of violence.
MEANS = frozenset({"air_strike", "barrel_bomb", "shelling", "sniper"})
KILLING = frozenset({"killing", "shooting"})
# Kinds that need a named place to be an incident at all.
NEEDS_PLACE = frozenset({"territory"})

_KIND_RANK = (
    "territory", "burning", "execution", "massacre", "barrel_bomb", "air_strike", "shelling",
    "sniper", "abduction", "arrest", "siege", "displacement", "killing", "shooting",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TypeRow:
    """The ACLED type of one kind of incident in one situation (``when``)."""

    kind: str
    when: str
    event_type: str
    sub_event_type: str


@dataclass(slots=True)
class Trigger:
    """Words marking an incident of one kind, at ``[start, end)`` of the article text."""

    kind: str
    text: str
    start: int
    end: int


@knowledge.cached
def event_types() -> tuple[re.Pattern[str], dict[tuple[str, str], TypeRow]]:
    """The trigger regex (one named group per kind) and (kind, when) → type row."""
    parts: list[str] = []
    rows: dict[tuple[str, str], TypeRow] = {}
    columns = ("kind", "when", "trigger", "event_type", "sub_event_type")
    for row in knowledge.table("events", "event-types.csv", columns):
        rows[(row["kind"], row["when"])] = TypeRow(
            row["kind"], row["when"], row["event_type"], row["sub_event_type"]
        )
        if row["trigger"]:
            parts.append(rf"(?P<{row['kind']}>\b(?:{row['trigger']}))")
    return re.compile("|".join(parts), re.IGNORECASE), rows


def find_triggers(text: str, start: int, end: int) -> list[Trigger]:
    """The triggers in ``text[start:end]`` that report an incident, in text order.

    A trigger after a modal or future ("will be killed"), a negation or a relative
    pronoun is left out, unless an obligation reports it ("had been forced to flee").
    """
    pattern, _rows = event_types()
    found = []
    for match in pattern.finditer(text, start, end):
        before = text[max(start, match.start() - 40) : match.start()]
        if cues.IRREALIS_RE.search(before) and not cues.OBLIGED_RE.search(before):
            continue
        found.append(Trigger(match.lastgroup or "", match.group(0), match.start(), match.end()))
    return found


def main_kind(triggers: list[Trigger]) -> str:
    """The kind that names an incident marked by several triggers."""
    return min((t.kind for t in triggers), key=_KIND_RANK.index)


def civilian_kind(kind: str) -> bool:
    """True for kinds whose victims, when none are named, are civilians."""
    return kind in ("burning", "execution", "massacre", "killing", "shooting", "sniper",
                    "abduction", "arrest", "displacement", "siege")  # fmt: skip


def type_for(kind: str, fields: dict) -> TypeRow:
    """The ACLED type of an incident of *kind* with the sides in *fields*."""
    _pattern, rows = event_types()
    if kind == "territory":
        if fields["actor1"] is None:
            return rows.get((kind, "no_gainer"), rows[(kind, "")])
        if fields["inter1"] != 1:
            return rows.get((kind, "gainer_non_state"), rows[(kind, "")])
    return rows[(kind, "")]
