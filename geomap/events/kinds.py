"""Kinds of incident: the event-type table and the trigger words that mark each kind.

``data/events/event-types.csv`` gives every kind ("air_strike", "territory"...) its
trigger pattern, its ACLED ``event_type`` / ``sub_event_type`` and how an incident of
that kind is read (:class:`Kind`), with rows that change the type of a kind in one
situation (a change of territory that names no gainer). :func:`find_triggers` finds
the trigger words of a clause, leaving out those that report no incident (a modal or
future, a negation, a relative clause).
"""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from geomap import knowledge
from geomap.errors import DataError
from geomap.events.cues import event_cues
from geomap.model import Incident
from geomap.text.scanner import WordScanner

__all__ = [
    "Kind",
    "Trigger",
    "TypeRow",
    "find_triggers",
    "joins",
    "kind_named",
    "main_kind",
    "type_for",
    "with_actor1",
]

#: How actor1 (and actor2) of an incident are read: see :func:`geomap.events.actors.sides`.
Actor1Rule = typing.Literal[
    "before_trigger", "after_trigger", "first_named", "gainer", "protesters"
]
#: ``means``: a means of violence (its victims may be fighters); ``killing``: a killing
#: with no means named, which joins a means in its clause.
KindGroup = typing.Literal["", "means", "killing"]

_TABLE = "event-types.csv"
_COLUMNS = ("kind", "when", "trigger", "event_type", "sub_event_type", "rank", "group",
            "actor1", "victims", "needs_place", "fatalities", "tags")  # fmt: skip
_CHOICES = {
    "group": typing.get_args(KindGroup),
    "actor1": ("", *typing.get_args(Actor1Rule)),
    "victims": ("", "civilians"),
    "needs_place": ("", "yes"),
    "fatalities": ("", "affected"),
}
# ACLED's inter code of state forces: a change of territory to anyone else is a
# non-state actor overtaking territory.
_STATE_FORCES = 1
_CIVILIANS = 7  # ACLED's inter codes of civilians and of protesters
_PROTESTERS = 6


@dataclass(frozen=True, slots=True)
class TypeRow:
    """The ACLED type of one kind of incident in one situation (``when``)."""

    kind: str
    when: str
    event_type: str
    sub_event_type: str


@dataclass(frozen=True, slots=True)
class Kind:
    """How incidents of one kind are read (the columns of ``event-types.csv``).

    Attributes
    ----------
    name
        The kind ("air_strike").
    order
        Where a kind without a rank comes: after every ranked kind, in table order.
    rank
        Names an incident marked by triggers of several kinds: the lowest rank wins.
    group
        ``means`` or ``killing`` (see :func:`joins`), or empty.
    actor1
        How the sides are read (:func:`geomap.events.actors.sides`).
    civilian_victims
        With no victim named, actor2 is the civilians (not for a means of violence).
    needs_place
        No incident without a place named in its sentence.
    deaths_affected
        Counts read as deaths are people affected ("shot" may wound or kill).
    tags
        The incident's tags when a trigger of this kind marks it.
    """

    name: str
    order: int
    rank: float = math.inf
    group: KindGroup = ""
    actor1: Actor1Rule = "before_trigger"
    civilian_victims: bool = False
    needs_place: bool = False
    deaths_affected: bool = False
    tags: tuple[str, ...] = ()


@dataclass(slots=True)
class Trigger:
    """Words marking an incident of one kind, at ``[start, end)`` of the article text."""

    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _EventTypes:
    pattern: WordScanner
    group_kinds: tuple[str, ...]  # the kind of each trigger group, by number
    kinds: dict[str, Kind]
    types: dict[tuple[str, str], TypeRow]


@knowledge.cached
def _event_types() -> _EventTypes:
    """The trigger regex (one named group ``t<i>`` per trigger row), kinds and types."""
    parts: list[str] = []
    group_kinds: list[str] = []
    kinds: dict[str, Kind] = {}
    types: dict[tuple[str, str], TypeRow] = {}
    for row in knowledge.table("events", _TABLE, _COLUMNS):
        name = row["kind"]
        types[(name, row["when"])] = TypeRow(
            name, row["when"], row["event_type"], row["sub_event_type"]
        )
        if not row["when"]:
            kinds[name] = _kind(row, order=len(kinds))
        if row["trigger"]:
            parts.append(rf"(?P<t{len(group_kinds)}>{row['trigger']})")
            group_kinds.append(name)
    missing = [name for name in dict.fromkeys(group_kinds) if name not in kinds]
    if missing:
        raise DataError(f"events/{_TABLE}: no row without 'when' for {', '.join(missing)}")
    try:
        # The word boundaries stand outside the alternation: the rows are tried only
        # at the start of a word, and only where it begins as a row can.
        rows = "|".join(parts)
        pattern = WordScanner(re.compile(rf"\b(?:{rows})\b", re.IGNORECASE), rows)
    except re.error as exc:
        raise DataError(f"events/{_TABLE}: a trigger is no regular expression ({exc})") from None
    return _EventTypes(pattern, tuple(group_kinds), kinds, types)


def _kind(row: dict[str, str], order: int) -> Kind:
    """The :class:`Kind` of a kind's main row (the one without ``when``)."""
    where = f"events/{_TABLE}: {row['kind']}"
    for column, choices in _CHOICES.items():
        if row[column] not in choices:
            raise DataError(
                f"{where}: {column} {row[column]!r} is not one of "
                f"{', '.join(repr(c) for c in choices)}"
            )
    try:
        rank = float(row["rank"]) if row["rank"] else math.inf
    except ValueError:
        raise DataError(f"{where}: rank {row['rank']!r} is not a number") from None
    return Kind(
        name=row["kind"],
        order=order,
        rank=rank,
        group=typing.cast(KindGroup, row["group"]),
        actor1=typing.cast(Actor1Rule, row["actor1"] or "before_trigger"),
        civilian_victims=row["victims"] == "civilians",
        needs_place=row["needs_place"] == "yes",
        deaths_affected=row["fatalities"] == "affected",
        tags=tuple(tag.strip() for tag in row["tags"].split(";") if tag.strip()),
    )


def kind_named(name: str) -> Kind:
    """The :class:`Kind` called *name*.

    Raises
    ------
    KeyError
        The event-type table has no such kind.

    Examples
    --------
    >>> kind_named("shelling").group, kind_named("siege").tags
    ('means', ('siege',))
    """
    return _event_types().kinds[name]


def find_triggers(text: str, start: int, end: int) -> list[Trigger]:
    """The triggers in ``text[start:end]`` that report an incident, in text order.

    A trigger after a modal or future ("will be killed"), a negation or a relative
    pronoun is left out, unless an obligation reports it ("had been forced to flee");
    so is one used as an adjective ("a camp for displaced families").

    Examples
    --------
    >>> [(t.kind, t.text) for t in find_triggers("Jets bombed it; troops will be killed.", 0, 38)]
    [('air_strike', 'Jets bombed')]
    """
    table = _event_types()
    cues = event_cues()
    found: list[Trigger] = []
    for match in table.pattern.finditer(text, start, end):
        before = text[max(start, match.start() - 40) : match.start()]
        if cues.irrealis.search(before) and not cues.obligation.search(before):
            continue
        if cues.description_before.search(before) and cues.description_after.match(
            text, match.end(), min(end, match.end() + 30)
        ):
            continue  # "a camp for displaced families": a description
        if found and cues.background.search(before):
            continue  # "overran the town after a gun battle": the scene of the first
        name = table.group_kinds[int((match.lastgroup or "t0")[1:])]
        found.append(Trigger(name, match.group(0), match.start(), match.end()))
    return found


def joins(name: str, kinds: Iterable[str]) -> bool:
    """True when a trigger of kind *name* belongs to the incident of triggers of *kinds*.

    A trigger joins triggers of its own kind; a killing joins a means of violence
    ("an air strike killed 12"), and a means joins killings and other means.

    Examples
    --------
    >>> joins("killing", ["air_strike"]), joins("shelling", ["killing"]), joins("arrest", ["siege"])
    (True, True, False)
    """
    kinds = set(kinds)
    if name in kinds:
        return True
    groups = {kind_named(k).group for k in kinds}
    group = kind_named(name).group
    if group == "killing":
        return "means" in groups
    return group == "means" and groups <= {"killing", "means"}


def main_kind(triggers: Iterable[Trigger]) -> str:
    """The kind that names an incident marked by several triggers.

    The kind with the lowest rank; kinds without a rank come after every ranked one,
    in table order.
    """
    return min((kind_named(t.kind) for t in triggers), key=lambda k: (k.rank, k.order)).name


def type_for(
    name: str, actor1: str | None, inter1: int | None, inter2: int | None = None
) -> TypeRow:
    """The ACLED type of an incident of kind *name* whose actors are as given.

    The table may give a kind another type when its incident names no actor1
    (``when`` = ``no_actor1``), an actor1 that is not state forces
    (``actor1_not_state``), protesters as victims (``protester_victims``: "police
    shot dead five protesters" is excessive force against protesters), or armed
    victims (``armed_victims``: actor2 is neither civilians nor protesters, so "forces
    killed 12 fighters" is a battle).

    Examples
    --------
    >>> type_for("territory", None, None).sub_event_type
    'Non-violent transfer of territory'
    >>> type_for("territory", "Syrian rebels", 2).sub_event_type
    'Non-state actor overtakes territory'
    """
    types = _event_types().types
    if actor1 is None:
        return types.get((name, "no_actor1"), types[(name, "")])
    if inter2 == _PROTESTERS and (name, "protester_victims") in types:
        return types[(name, "protester_victims")]
    if inter2 not in (None, _CIVILIANS, _PROTESTERS) and (name, "armed_victims") in types:
        return types[(name, "armed_victims")]
    if inter1 != _STATE_FORCES:
        return types.get((name, "actor1_not_state"), types[(name, "")])
    return types[(name, "")]


def with_actor1(incident: Incident, actor1: str, inter1: int | None, **changes: Any) -> Incident:
    """*incident* with the actor1 found later (and *changes*), its ACLED type read again."""
    row = type_for(incident.kind, actor1, inter1, incident.inter2)
    return replace(
        incident,
        actor1=actor1,
        inter1=inter1,
        event_type=row.event_type,
        sub_event_type=row.sub_event_type,
        **changes,
    )
