"""Who: the sides an incident's sentence names, and which is actor1 and actor2.

``data/events/actors.csv`` maps words to ACLED actor names and ``inter`` codes.
Backers ("backed by Russia and Iran", "Iranian-backed") become ``assoc_actor_1``.
How actor1 and actor2 are read depends on the kind (its ``actor1`` rule in
``data/events/event-types.csv``, see :func:`sides`): for violence against civilians
actor2 is the civilians (with none named, the row of ``actors.csv`` marked
``default_victim``); for a change of territory actor1 is the side that gained it and
actor2 the side that lost it (:mod:`geomap.events.territory`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from geomap import knowledge
from geomap.errors import DataError
from geomap.events.cues import event_cues
from geomap.events.kinds import Trigger, kind_named
from geomap.events.territory import gainer_and_loser
from geomap.model import Mention

__all__ = [
    "Actor",
    "ActorRow",
    "default_victim",
    "find_actors",
    "identity_backers",
    "outside_places",
    "sides",
]

# ACLED's inter code of civilians: the victims, never a perpetrator.
_CIVILIANS = 7
_TABLE = "actors.csv"
_COLUMNS = ("pattern", "actor", "inter", "default_victim")


@dataclass(frozen=True, slots=True)
class ActorRow:
    """An ACLED actor name and its ``inter`` code."""

    actor: str
    inter: int


@dataclass(slots=True)
class Actor:
    """Words naming a side, at ``[start, end)`` of the article text."""

    row: ActorRow
    start: int
    end: int
    backer: bool = False
    identity_backer: bool = False  # "Iranian-backed": the backer of the next actor
    support: bool = False  # "Iranian support": a backer named before "support"

    @property
    def armed(self) -> bool:
        """True for an armed side (anyone but civilians)."""
        return self.row.inter != _CIVILIANS


@knowledge.cached
def _actor_table() -> tuple[re.Pattern[str], list[ActorRow]]:
    """The actor regex (one named group per row, ``a<i>``) and the rows in table order.

    A name followed by a hyphen and a holder word ("rebel-held") describes a place,
    not an actor: it does not match.
    """
    holder = event_cues().holder_suffix
    parts: list[str] = []
    rows: list[ActorRow] = []
    for i, row in enumerate(knowledge.table("events", _TABLE, _COLUMNS)):
        parts.append(rf"(?P<a{i}>\b(?:{row['pattern']})\b(?![-‐](?:{holder})))")
        rows.append(ActorRow(row["actor"], _inter(row)))
    try:
        return re.compile("|".join(parts), re.IGNORECASE), rows
    except re.error as exc:
        raise DataError(f"events/{_TABLE}: a pattern is no regular expression ({exc})") from None


def _inter(row: dict[str, str]) -> int:
    try:
        return int(row["inter"])
    except ValueError:
        raise DataError(
            f"events/{_TABLE}: inter {row['inter']!r} of {row['actor']!r} is not a number"
        ) from None


@knowledge.cached
def default_victim() -> ActorRow | None:
    """The actor named as actor2 when violence against civilians names no victim.

    The row of ``actors.csv`` whose ``default_victim`` is ``yes`` ("Civilians
    (Syria)"); None when no row is marked.

    Raises
    ------
    DataError
        More than one row is marked, or a mark is not ``yes``.
    """
    marked = []
    for row in knowledge.table("events", _TABLE, _COLUMNS):
        if row["default_victim"] not in ("", "yes"):
            raise DataError(
                f"events/{_TABLE}: default_victim {row['default_victim']!r} of "
                f"{row['actor']!r} is not 'yes' or empty"
            )
        if row["default_victim"]:
            marked.append(ActorRow(row["actor"], _inter(row)))
    if len(marked) > 1:
        names = ", ".join(a.actor for a in marked)
        raise DataError(f"events/{_TABLE}: more than one default_victim ({names})")
    return marked[0] if marked else None


def find_actors(text: str, start: int, end: int) -> list[Actor]:
    """The sides named in ``text[start:end]``, in text order, backers marked.

    A side is a backer when a backing phrase stands before it ("backed by the"), a
    backing suffix after it ("Iranian-backed"), a backing noun after it or after the
    list it ends ("his Russian and Iranian support"), or when it follows a backer in a
    list ("backed by Russia and Iran").

    Parameters
    ----------
    text
        The article's text.
    start, end
        The stretch to read (a sentence, or the whole text).

    Returns
    -------
    list of Actor
        Every side named, each with the table row it matched.

    Examples
    --------
    >>> text = "Government troops backed by Russia and Iran advanced."
    >>> [(a.row.inter, a.backer) for a in find_actors(text, 0, len(text))]
    [(1, False), (8, True), (8, True)]
    """
    pattern, rows = _actor_table()
    cues = event_cues()
    actors: list[Actor] = []
    for match in pattern.finditer(text, start, end):
        row = rows[int((match.lastgroup or "a0")[1:])]
        actor = Actor(row, match.start(), match.end())
        before = text[max(start, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 20]
        if cues.backed_by.search(before):
            actor.backer = True
        elif cues.backer_hyphen.match(after):
            actor.backer = actor.identity_backer = True
        elif cues.backer_noun.match(after):
            actor.backer = actor.support = True
        elif (
            actors
            and actors[-1].backer
            and cues.list_gap.fullmatch(text[actors[-1].end : match.start()])
        ):
            actor.backer = True
            actor.identity_backer = actors[-1].identity_backer
        actors.append(actor)
    # "his Russian and Iranian support": a list whose last item is marked backs too.
    for i in range(len(actors) - 2, -1, -1):
        nxt = actors[i + 1]
        if (
            nxt.support
            and not actors[i].backer
            and cues.list_gap.fullmatch(text[actors[i].end : nxt.start])
        ):
            actors[i].backer = actors[i].support = True
    return actors


def _allies(text: str, main: list[Actor], first: Actor) -> list[Actor]:
    """Actors listed together with *first* ("government troops and allied militias")."""
    list_gap = event_cues().list_gap
    index = main.index(first)
    allies: list[Actor] = []
    for step in (1, -1):
        j = index
        while 0 <= j + step < len(main):
            a, b = (main[j], main[j + step]) if step == 1 else (main[j + step], main[j])
            if not list_gap.fullmatch(text[a.end : b.start]):
                break
            j += step
            allies.append(main[j])
    return allies


def identity_backers(text: str) -> dict[str, list[str]]:
    """The actors described as "X-backed" anywhere in *text*, with their backers.

    "Iranian-backed militias" makes Iran a backer of the militias wherever else the
    article names them: it becomes their ``assoc_actor_1``.

    Parameters
    ----------
    text
        The article's text.

    Returns
    -------
    dict
        ACLED actor name → the names of its backers, in text order.
    """
    backers: dict[str, list[str]] = {}
    actors = find_actors(text, 0, len(text))
    # The next actor that is not itself a backer, found in one pass from the end
    # (scanning forward from each backer is quadratic in a run of backers).
    next_backed: list[Actor | None] = [None] * len(actors)
    following: Actor | None = None
    for i in range(len(actors) - 1, -1, -1):
        next_backed[i] = following
        if not actors[i].backer:
            following = actors[i]
    for actor, nxt in zip(actors, next_backed, strict=True):
        if not actor.identity_backer or nxt is None:
            continue
        if nxt.start - actor.end < 30:
            backers.setdefault(nxt.row.actor, [])
            if actor.row.actor not in backers[nxt.row.actor]:
                backers[nxt.row.actor].append(actor.row.actor)
    return backers


def outside_places(actors: list[Actor], mentions: list[Mention]) -> list[Actor]:
    """The actors whose words do not start inside a resolved location name.

    "Levant Front" names an actor; inside "Bab al-Hadid Levant Front Square" it
    would not. With the names sorted by start and the furthest end reached so far, the names
    starting at or before an actor hold it exactly when that furthest end lies beyond
    its start: one bisection per actor, n log n for a sentence.

    Parameters
    ----------
    actors
        The sides named in a sentence.
    mentions
        The place names of the sentence.

    Returns
    -------
    list of Actor
        The actors kept, in their order.
    """
    places = sorted(
        (m.start, m.end) for m in mentions if m.role == "location" and m.status == "resolved"
    )
    starts = [start for start, _ in places]
    reach = list(itertools.accumulate((end for _, end in places), max))
    kept = []
    for actor in actors:
        at = bisect.bisect_right(starts, actor.start) - 1
        if at < 0 or reach[at] <= actor.start:
            kept.append(actor)
    return kept


def sides(
    kind_name: str,
    triggers: list[Trigger],
    actors: list[Actor],
    text: str,
    identity_backers: dict[str, list[str]],
) -> dict:
    """actor1/assoc_actor_1/inter1 and actor2/assoc_actor_2/inter2 for the incident.

    The kind's ``actor1`` rule says how the sides named are read:

    - ``before_trigger``: actor1 is the armed side named last before the trigger
      (else the first named), actor2 the civilians named (for a means of violence,
      else another armed side);
    - ``after_trigger``: actor1 is an armed side named in or right after the trigger
      ("besieged by the army"), actor2 the civilians named;
    - ``first_named``: actor1 is the first armed side named, actor2 the civilians
      named, else the second armed side;
    - ``gainer``: a change of territory, :func:`geomap.events.territory.gainer_and_loser`.

    With no actor2 named, the victims of a kind with civilian victims are the
    :func:`default_victim` (not for a means of violence, whose victims may be
    fighters). Sides listed with actor1 and its backers become ``assoc_actor_1``.

    Parameters
    ----------
    kind_name
        The incident's kind.
    triggers
        Its triggers (the first anchors "before" and "after").
    actors
        The sides named in its clause or sentence, in text order.
    text
        The article's text.
    identity_backers
        Actors described as "X-backed" in the article → their backers.

    Returns
    -------
    dict
        The :class:`~geomap.model.Incident` fields ``actor1``, ``assoc_actor_1``,
        ``inter1``, ``actor2``, ``assoc_actor_2``, ``inter2``.
    """
    rules = kind_named(kind_name)
    anchor = triggers[0]
    main = [a for a in actors if not a.backer]
    backers = [a for a in actors if a.backer]
    civilians = [a for a in main if not a.armed]
    armed = [a for a in main if a.armed]
    if rules.actor1 == "gainer":
        side1, side2 = gainer_and_loser(anchor, armed)
    elif rules.actor1 == "after_trigger":
        inside = [a for a in armed if anchor.start <= a.start < anchor.end + 25]
        side1, side2 = inside[:1], civilians[:1]
    elif rules.actor1 == "first_named":
        side1, side2 = armed[:1], civilians[:1] or armed[1:2]
    else:
        perpetrators = [a for a in armed if a.end <= anchor.start] or armed
        side1 = perpetrators[:1]
        side2 = civilians[:1]
        if rules.group == "means" and not side2:
            side2 = [a for a in armed if a not in side1][:1]
    actor1 = side1[0].row if side1 else None
    actor2 = side2[0].row if side2 else None
    if actor2 is None and rules.civilian_victims and rules.group != "means":
        actor2 = default_victim()
    assoc1: list[str] = []
    if actor1 is not None and side1:
        allies = [
            a.row.actor
            for a in _allies(text, main, side1[0])
            if a.row.inter != _CIVILIANS and a.row.actor != actor1.actor
        ]
        assoc1 = [
            *allies,
            *[b.row.actor for b in backers if b.row.actor != actor1.actor],
            *identity_backers.get(actor1.actor, []),
        ]
    if actor2 is not None and actor1 is not None and actor2.actor == actor1.actor:
        actor2 = None
    return {
        "actor1": actor1.actor if actor1 else None,
        "assoc_actor_1": tuple(
            dict.fromkeys(a for a in assoc1 if a != (actor2.actor if actor2 else None))
        ),
        "inter1": actor1.inter if actor1 else None,
        "actor2": actor2.actor if actor2 else None,
        "assoc_actor_2": (),
        "inter2": actor2.inter if actor2 else None,
    }
