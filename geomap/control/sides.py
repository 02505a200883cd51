"""The sides of a conflict, read from ``data/control/sides.csv``.

Each row names one side: its id (what timelines and ``control.geojson`` say), the
label and colour the map shows, the words naming it in text, its opponent (who gains
what it loses) and the words that make a reported size its pocket. The row
``contested`` is not a side: it gives the label and colour of districts still fought
over (:data:`CONTESTED`). ``data/events/actors.csv`` says which side each actor
fights for (its ``side`` column). Adding a side is adding a row; see
``data/control/README.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from geomap import knowledge
from geomap.errors import DataError

__all__ = [
    "CONTESTED",
    "ActorSides",
    "Side",
    "actor_sides",
    "area_patterns",
    "controller_ids",
    "load_controllers",
    "load_sides",
    "side_ids",
    "side_of_match",
    "side_pattern",
]

#: The pseudo-controller of districts whose latest change is contested.
CONTESTED = "contested"

_SIDES_TABLE = ("control", "sides.csv")
_SIDE_COLUMNS = ("side", "label", "colour", "words", "opponent", "area_words", "area_default")
_ID_RE = re.compile(r"[a-z][a-z0-9_-]{0,39}")
_COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")
_YES = frozenset({"yes", "true", "1"})


@dataclass(frozen=True, slots=True)
class Side:
    """One side of the conflict (or the contested pseudo-controller).

    Attributes
    ----------
    id
        What timelines, snapshots and ``control.geojson`` call it (``rebels``).
    label
        Its name in the map's legend and popups (``Rebels``).
    colour
        Its colour on the map (``#2e7d32``).
    words
        A regular-expression alternation of the words naming it in text
        (``rebels?|opposition``); empty for the contested pseudo-controller.
    opponent
        The side that gains what this side loses ("rebels withdrew from X"), if any.
    area_words
        Words that make a reported size this side's ("the rebel pocket fell to 8.6
        square kilometres"); empty when none do.
    area_default
        A reported size naming no side is this side's (the pocket a report is about).
    """

    id: str
    label: str
    colour: str
    words: str = ""
    opponent: str | None = None
    area_words: str = ""
    area_default: bool = False


def load_sides() -> tuple[Side, ...]:
    """The sides of ``data/control/sides.csv``, in file order (the order of outputs).

    Raises
    ------
    DataError
        A column is missing; an id is malformed or repeated; a colour is not
        ``#rrggbb``; a words pattern does not compile; an opponent is not a side;
        more than one side is the default owner of reported sizes; the
        ``contested`` row is missing.

    Examples
    --------
    >>> [side.id for side in load_sides()]
    ['rebels', 'government', 'ypg']
    """
    return tuple(side for side in load_controllers() if side.id != CONTESTED)


@knowledge.cached
def load_controllers() -> tuple[Side, ...]:
    """The sides, then the contested pseudo-controller: every controller of a district.

    Examples
    --------
    >>> [(side.id, side.label) for side in load_controllers()][-1]
    ('contested', 'Contested')
    """
    where = "/".join(_SIDES_TABLE)
    rows = knowledge.table(*_SIDES_TABLE, _SIDE_COLUMNS)
    sides: list[Side] = []
    contested: Side | None = None
    for row in rows:
        side = _side(row, where)
        if side.id in {s.id for s in sides} or (side.id == CONTESTED and contested):
            raise DataError(f"{where}: side {side.id!r} is listed twice")
        if side.id == CONTESTED:
            contested = side
        else:
            sides.append(side)
    ids = {s.id for s in sides}
    for side in sides:
        if side.opponent is not None and side.opponent not in ids:
            raise DataError(f"{where}: the opponent of {side.id!r}, {side.opponent!r}, is no side")
    if sum(side.area_default for side in sides) > 1:
        raise DataError(f"{where}: more than one side has area_default")
    if contested is None:
        raise DataError(f"{where}: no row {CONTESTED!r} (its label and colour)")
    return (*sides, contested)


def _side(row: dict[str, str], where: str) -> Side:
    side_id = row["side"]
    if not _ID_RE.fullmatch(side_id):
        raise DataError(f"{where}: side id {side_id!r} is not lower-case letters, digits, - or _")
    if not _COLOUR_RE.fullmatch(row["colour"]):
        raise DataError(f"{where}: colour {row['colour']!r} of {side_id!r} is not #rrggbb")
    for column in ("words", "area_words"):
        try:
            re.compile(row[column])
        except re.error as exc:
            raise DataError(f"{where}: {column} of {side_id!r} is not a pattern: {exc}") from None
    return Side(
        id=side_id,
        label=row["label"] or side_id,
        colour=row["colour"],
        words=row["words"],
        opponent=row["opponent"] or None,
        area_words=row["area_words"],
        area_default=row["area_default"].lower() in _YES,
    )


def side_ids() -> tuple[str, ...]:
    """The ids of the sides, in table order (what a timeline's from/to may name)."""
    return tuple(side.id for side in load_sides())


def controller_ids() -> tuple[str, ...]:
    """The sides' ids, then :data:`CONTESTED`: the order snapshots are listed in."""
    return tuple(side.id for side in load_controllers())


@knowledge.cached
def side_pattern() -> re.Pattern[str]:
    """One pattern finding the words of every side; :func:`side_of_match` names the side.

    Each side's words are a group of their own (``s0``, ``s1``... in table order),
    whole words only. The word boundaries stand outside the groups, once: the engine
    then tries the groups only at word starts.
    """
    parts = [
        rf"(?P<s{number}>(?:{side.words}))"
        for number, side in enumerate(load_sides())
        if side.words
    ]
    return re.compile(rf"\b(?:{'|'.join(parts)})\b" if parts else r"(?!)", re.IGNORECASE)


@knowledge.cached
def area_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """``(side id, pattern)`` for each side with ``area_words``, in table order."""
    return tuple(
        (side.id, re.compile(rf"\b(?:{side.area_words})\b", re.IGNORECASE))
        for side in load_sides()
        if side.area_words
    )


def side_of_match(match: re.Match[str]) -> str:
    """The id of the side whose words *match* (a match of :func:`side_pattern`) found."""
    return load_sides()[int((match.lastgroup or "s0")[1:])].id


@dataclass(frozen=True)
class ActorSides:
    """ACLED actor names → the side each fights for, templates included.

    ``actors.csv`` may name a country's actor as a template ("Military Forces of
    {country}{period}"); every actor made from it fights for the row's side.
    """

    exact: Mapping[str, str]
    templates: tuple[tuple[re.Pattern[str], str], ...]

    def get(self, actor: str) -> str | None:
        """The side of *actor*, or None when no row gives it one."""
        if actor in self.exact:
            return self.exact[actor]
        return next((side for pattern, side in self.templates if pattern.fullmatch(actor)), None)


def _template_pattern(template: str) -> re.Pattern[str]:
    """The names a template makes: the country any words, the period and article optional."""
    escaped = re.escape(template)
    return re.compile(
        escaped.replace(re.escape("{country}"), r".+?")
        .replace(re.escape("{period}"), r"(?: \([^()]*\))?")
        .replace(re.escape("{the}"), r"(?:the )?")
    )


@knowledge.cached
def actor_sides() -> ActorSides:
    """ACLED actor name → the side it fights for (``data/events/actors.csv``, ``side``).

    Actors with an empty ``side`` (civilians) are left out.

    Raises
    ------
    DataError
        A ``side`` names no side of ``data/control/sides.csv``.
    """
    ids = set(side_ids())
    exact: dict[str, str] = {}
    templates: list[tuple[re.Pattern[str], str]] = []
    for row in knowledge.table("events", "actors.csv", ("actor", "side")):
        if not row["side"]:
            continue
        if row["side"] not in ids:
            raise DataError(
                f"events/actors.csv: side {row['side']!r} of {row['actor']!r} is not in "
                f"control/sides.csv"
            )
        if "{country}" in row["actor"]:
            templates.append((_template_pattern(row["actor"]), row["side"]))
        else:
            exact.setdefault(row["actor"], row["side"])
    return ActorSides(exact, tuple(templates))
