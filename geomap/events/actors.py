"""Who: the sides an incident's sentence names, and which is actor1 and actor2.

``data/events/actors.csv`` maps words to ACLED actor names and ``inter`` codes. A name
may be a template of a country's actor ("Military Forces of {country}{period}",
"Civilians ({country})"): the country is the one a demonym or a country name before
the words gives ("Iraqi forces", the geoparser's actor mentions), else the country of
the event; with neither, the side is unknown and left out, never another country's.
A demonym or country name standing alone as a side ("Israel struck", "backed by
Russia") is that country's row marked ``country_alone``. State forces outside their
own country are ACLED's External/Other Forces (inter 8). The period ACLED gives a
country's state forces, and its name where ACLED's differs from the gazetteer's,
come from ``data/events/actor-countries.csv``.
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
from collections.abc import Sequence
from dataclasses import dataclass

from geomap import knowledge
from geomap.errors import DataError
from geomap.events.cues import event_cues
from geomap.events.kinds import Trigger, kind_named
from geomap.events.territory import gainer_and_loser
from geomap.model import Mention, Place
from geomap.text.cues import place_cues
from geomap.text.normalize import name_key
from geomap.text.scanner import WordScanner

__all__ = [
    "Actor",
    "ActorRow",
    "country_name",
    "default_victim",
    "find_actors",
    "for_country",
    "identity_backers",
    "outside_places",
    "sides",
]

# ACLED's inter codes: state forces; forces outside their own country; civilians and
# protesters, the unarmed: victims, never perpetrators.
_STATE_FORCES = 1
_EXTERNAL_FORCES = 8
_PROTESTERS = 6
_UNARMED = (_PROTESTERS, 7)
_TABLE = "actors.csv"
_COLUMNS = ("pattern", "actor", "inter", "default_victim", "country", "country_alone")
_COUNTRIES_TABLE = "actor-countries.csv"
# Between a demonym and the words of the side it qualifies: spaces, and at most one
# lower-case word ("Afghan security forces", "Israeli ground troops").
_BETWEEN = re.compile(r"\s{1,3}(?:[a-z][a-z-]{0,15}\s{1,3})?")
# What a template is filled with: a country's name, its state forces' period, and the
# article ACLED puts before some names ("Military Forces of the United States").
_COUNTRY, _PERIOD, _ARTICLE = "{country}", "{period}", "{the}"


@dataclass(frozen=True, slots=True)
class ActorRow:
    """An ACLED actor name (or a template naming ``{country}``) and its ``inter`` code."""

    actor: str
    inter: int

    @property
    def of_a_country(self) -> bool:
        """True for a template filled in with a country ("Civilians ({country})")."""
        return _COUNTRY in self.actor


@dataclass(slots=True)
class Actor:
    """Words naming a side, at ``[start, end)`` of the article text.

    ``row`` is concrete (its template filled in with ``country``, the country a
    demonym or country name gave, else the event's).
    """

    row: ActorRow
    start: int
    end: int
    country: Place | None = None
    backer: bool = False
    identity_backer: bool = False  # "Iranian-backed": the backer of the next actor
    support: bool = False  # "Iranian support": a backer named before "support"

    @property
    def armed(self) -> bool:
        """True for an armed side (anyone but civilians and protesters)."""
        return self.row.inter not in _UNARMED


def _actor_table(country_code: str) -> tuple[WordScanner, list[ActorRow]]:
    """The actor regex (one named group per row, ``a<i>``) and the rows in table order.

    Only the rows for any country and those of *country_code* (its ``country``
    column: "rebels" are "Syrian rebels" in Syria only) are in it. A name followed
    by a hyphen and a holder word ("rebel-held") describes a place, not an actor: it
    does not match. A noun for the side's members may follow ("Hamas fighters").
    Countries without rows of their own share one table: a corpus names a hundred
    countries or more, and building a table costs more than analysing an article.
    """
    return _table_of(country_code if country_code in _countries_with_rows() else "")


@knowledge.cached
def _countries_with_rows() -> frozenset[str]:
    """The countries the actor table has rows of their own for."""
    rows = knowledge.table("events", _TABLE, _COLUMNS)
    return frozenset(row["country"] for row in rows if row["country"])


@knowledge.cached
def _table_of(country_code: str) -> tuple[WordScanner, list[ActorRow]]:
    """:func:`_actor_table` built for *country_code* ("": the rows of any country only)."""
    cues = event_cues()
    parts: list[str] = []
    rows: list[ActorRow] = []
    for row in knowledge.table("events", _TABLE, _COLUMNS):
        if row["country"] and row["country"] != country_code:
            continue
        parts.append(rf"(?P<a{len(rows)}>{row['pattern']})")
        rows.append(ActorRow(row["actor"], _inter(row)))
    # The word boundary and the ending shared by every row stand outside the
    # alternation, so that the rows are tried only at the start of a word (and only
    # where it begins as a row can).
    alternation = "|".join(parts)
    pattern = rf"\b(?:{alternation}){cues.member_suffix}\b(?![-‐](?:{cues.holder_suffix}))"
    try:
        return WordScanner(re.compile(pattern, re.IGNORECASE), alternation), rows
    except re.error as exc:
        raise DataError(f"events/{_TABLE}: a pattern is no regular expression ({exc})") from None


@knowledge.cached
def _protesters_row() -> ActorRow | None:
    """The table's first row of protesters (inter 6): who demonstrates when no words say."""
    return next(
        (
            ActorRow(row["actor"], _inter(row))
            for row in knowledge.table("events", _TABLE, _COLUMNS)
            if _inter(row) == _PROTESTERS
        ),
        None,
    )


@knowledge.cached
def _country_alone() -> ActorRow | None:
    """The row a demonym or country name standing alone as a side stands for.

    Raises
    ------
    DataError
        More than one row is marked, a mark is not ``yes``, or the row names no
        ``{country}``.
    """
    row = _marked_row("country_alone")
    if row is not None and not row.of_a_country:
        raise DataError(f"events/{_TABLE}: the country_alone row names no {_COUNTRY}")
    return row


def _marked_row(column: str) -> ActorRow | None:
    """The one row of ``actors.csv`` whose *column* is ``yes``; None when none is."""
    marked = []
    for row in knowledge.table("events", _TABLE, _COLUMNS):
        if row[column] not in ("", "yes"):
            raise DataError(
                f"events/{_TABLE}: {column} {row[column]!r} of {row['actor']!r} is not "
                "'yes' or empty"
            )
        if row[column]:
            marked.append(ActorRow(row["actor"], _inter(row)))
    if len(marked) > 1:
        names = ", ".join(a.actor for a in marked)
        raise DataError(f"events/{_TABLE}: more than one {column} ({names})")
    return marked[0] if marked else None


@knowledge.cached
def _actor_countries() -> dict[str, tuple[str, str, str]]:
    """Country code → the name ACLED gives it (empty: the gazetteer's), the article
    its forces' name puts before it ("the"), and the period of its state forces."""
    return {
        row["country"]: (row["name"], row["article"], row["period"])
        for row in knowledge.table(
            "events", _COUNTRIES_TABLE, ("country", "name", "article", "period")
        )
    }


def country_name(country: Place) -> str:
    """The name ACLED gives *country* (``actor-countries.csv``), else the gazetteer's."""
    return _actor_countries().get(country.country or "", ("", "", ""))[0] or country.name


def for_country(
    row: ActorRow, country: Place | None, event_country: Place | None
) -> ActorRow | None:
    """*row* filled in for *country* (else the event's); None when neither is known.

    State forces outside their own country get ACLED's inter 8.

    Examples
    --------
    >>> from geomap.model import Place
    >>> iraq = Place(id="country-IQ", name="Iraq", kind="country", lat=33.0, lon=44.0, country="IQ")
    >>> for_country(ActorRow("Civilians ({country})", 7), None, iraq)
    ActorRow(actor='Civilians (Iraq)', inter=7)
    >>> for_country(ActorRow("Civilians ({country})", 7), None, None) is None
    True
    """
    if not row.of_a_country:
        return row
    place = country or event_country
    if place is None:
        return None
    _name, article, period = _actor_countries().get(place.country or "", ("", "", ""))
    actor = (
        row.actor.replace(_COUNTRY, country_name(place))
        .replace(_PERIOD, f" ({period})" if period else "")
        .replace(_ARTICLE, f"{article} " if article else "")
    )
    inter = row.inter
    if inter == _STATE_FORCES and event_country is not None and place.id != event_country.id:
        inter = _EXTERNAL_FORCES
    return ActorRow(actor, inter)


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
    ({country})", filled in with the event's country by :func:`for_country`); None
    when no row is marked.

    Raises
    ------
    DataError
        More than one row is marked, or a mark is not ``yes``.
    """
    return _marked_row("default_victim")


def find_actors(
    text: str,
    start: int,
    end: int,
    *,
    mentions: Sequence[Mention] = (),
    event_country: Place | None = None,
) -> list[Actor]:
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
    mentions
        The geoparser's mentions there: a country named as an actor, or a demonym,
        gives the country of the side named right after it ("Iraqi forces") or
        stands for that country's forces ("Israel struck", "backed by Russia").
    event_country
        The country where the events of the stretch happen: whose civilians and
        state forces the words name when no demonym does, and which rows of the
        table apply.

    Returns
    -------
    list of Actor
        Every side named whose actor is known, each with its filled-in row.

    Examples
    --------
    >>> text = "Hamas fighters backed by Hezbollah advanced."
    >>> [(a.row.actor, a.backer) for a in find_actors(text, 0, len(text))]
    [('Hamas Movement', False), ('Hezbollah', True)]
    """
    pattern, rows = _actor_table(event_country.country or "" if event_country else "")
    cues = event_cues()
    alone = _country_alone()
    countries = sorted(
        (m for m in mentions if _names_a_country(m) and start <= m.start < end),
        key=lambda m: m.start,
    )
    ends = [m.end for m in countries]
    used: set[int] = set()
    found: list[tuple[ActorRow, int, int, Place | None]] = []
    for match in pattern.finditer(text, start, end):
        template = rows[int((match.lastgroup or "a0")[1:])]
        first, country = match.start(), None
        # "Iraqi forces", "Afghan security forces", "Sudanese civilians": a demonym right
        # before (one lower-case word may stand between) says whose.
        at = bisect.bisect_right(ends, first) - 1
        mention = countries[at] if at >= 0 else None
        if mention is not None and _BETWEEN.fullmatch(text, mention.end, first):
            used.add(mention.start)
            first = mention.start
            country = mention.place if template.of_a_country else None
        found.append((template, first, match.end(), country))
    if alone is not None:
        spans = [(first, last) for _, first, last, _ in found]
        found.extend(
            (alone, m.start, m.end, m.place)
            for m in countries
            if m.start not in used
            and not any(first <= m.start < last for first, last in spans)  # "Saudi-led coalition"
            and not _describes_a_place(text, m)
        )
    actors: list[Actor] = []
    for template, first, last, country in sorted(found, key=lambda f: f[1]):
        row = for_country(template, country, event_country)
        if row is None:
            continue
        actor = Actor(row, first, last, country)
        before_text = text[max(start, first - 40) : first]
        after = text[last : last + 20]
        if cues.backed_by.search(before_text):
            actor.backer = True
        elif cues.backer_hyphen.match(after):
            actor.backer = actor.identity_backer = True
        elif cues.backer_noun.match(after):
            actor.backer = actor.support = True
        elif actors and actors[-1].backer and cues.list_gap.fullmatch(text[actors[-1].end : first]):
            actor.backer = True
            actor.identity_backer = actors[-1].identity_backer
        actors.append(actor)
    # "his Russian and Iranian support": a list whose last item is marked backs too,
    # back to its owner ("the regime and his ...").
    for i in range(len(actors) - 2, -1, -1):
        nxt = actors[i + 1]
        gap = text[actors[i].end : nxt.start]
        if (
            nxt.support
            and not actors[i].backer
            and cues.list_gap.fullmatch(gap)
            and not cues.owner_gap.search(gap)
        ):
            actors[i].backer = actors[i].support = True
    return actors


def _describes_a_place(text: str, mention: Mention) -> bool:
    """A demonym before a place noun ("the Yemeni city of Saada") or a person or office
    ("the Russian ambassador", "Turkish officials") names no side."""
    if mention.method != "demonym":
        return False
    if event_cues().not_force.match(text, mention.end, mention.end + 40):
        return True
    following = text[mention.end : mention.end + 30].split(maxsplit=1)
    return bool(following) and name_key(following[0]) in place_cues().place_nouns


def _names_a_country(mention: Mention) -> bool:
    """A country named as an actor, or a demonym ("Iraqi", "the Russians")."""
    place = mention.place
    return (
        mention.status == "resolved"
        and mention.role == "actor"
        and place is not None
        and place.kind == "country"
    )


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


def identity_backers(
    text: str, mentions: Sequence[Mention] = (), event_country: Place | None = None
) -> dict[str, list[str]]:
    """The actors described as "X-backed" anywhere in *text*, with their backers.

    "Iranian-backed militias" makes Iran a backer of the militias wherever else the
    article names them: it becomes their ``assoc_actor_1``.

    Parameters
    ----------
    text
        The article's text.
    mentions, event_country
        The article's mentions and its main country (see :func:`find_actors`).

    Returns
    -------
    dict
        ACLED actor name → the names of its backers, in text order.
    """
    backers: dict[str, list[str]] = {}
    if event_cues().backer_hyphen.search(text) is None:
        # Only a hyphened backer ("Iranian-backed") backs an identity: with none in
        # the text, the actors need not be found. Their table is still read (once,
        # cached), so that a malformed one is reported whatever the article says.
        _actor_table(event_country.country or "" if event_country else "")
        _country_alone()
        return backers
    actors = find_actors(text, 0, len(text), mentions=mentions, event_country=event_country)
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
    event_country: Place | None = None,
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
    event_country
        Where the incident happened: whose civilians the default victims are.

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
    civilians = [a for a in main if not a.armed]  # and protesters
    armed = [a for a in main if a.armed]
    if rules.actor1 == "gainer":
        side1, side2 = gainer_and_loser(anchor, armed)
    elif rules.actor1 == "after_trigger":
        inside = [a for a in armed if anchor.start <= a.start < anchor.end + 25]
        side1, side2 = inside[:1], civilians[:1]
    elif rules.actor1 == "protesters":
        # A demonstration: its protesters, named or not ("thousands marched").
        named = [a.row for a in main if a.row.inter == _PROTESTERS]
        template = _protesters_row()
        default = for_country(template, None, event_country) if template else None
        row1 = named[0] if named else default
        return _fields(row1, None, ())
    elif rules.actor1 == "first_named":
        side1 = armed[:1]
        side2 = civilians[:1] or [a for a in armed if a.row.actor != side1[0].row.actor][:1]
    else:
        named_before = [a for a in armed if a.end <= anchor.start]
        victims: list[Actor] = []
        if rules.group == "killing" and event_cues().passive_before.search(
            text, max(0, anchor.start - 30), anchor.start
        ):
            # "51 soldiers were killed": the side named right before is the victim.
            victims = named_before[-1:]
            named_before = named_before[:-1]
        # With nobody named before the trigger, a side named after it did it, unless
        # it was hit ("an army checkpoint") or killed ("killing four soldiers").
        targets = event_cues().target_after
        killed = [
            a
            for a in armed
            if any(
                kind_named(t.kind).group == "killing" and t.end <= a.start <= t.end + 25
                for t in triggers
            )
        ]
        perpetrators = named_before or [
            a
            for a in armed
            if a not in victims and a not in killed and not targets.match(text, a.end, a.end + 30)
        ]
        side1 = perpetrators[:1]
        side2 = civilians[:1] or victims
        if rules.group == "means" and not side2:
            side2 = [a for a in armed if a not in side1][:1]
        elif rules.group == "killing" and not side2:
            # "forces killed 12 fighters": the side named after the killing word.
            side2 = [a for a in armed if a not in side1 and a.start >= anchor.end][:1]
    actor1 = side1[0].row if side1 else None
    actor2 = side2[0].row if side2 else None
    if actor2 is None and rules.civilian_victims and rules.group != "means":
        default = default_victim()
        actor2 = for_country(default, None, event_country) if default else None
    assoc1: list[str] = []
    if actor1 is not None and side1:
        allies = [
            a.row.actor
            for a in _allies(text, main, side1[0])
            if a.armed and a.row.actor != actor1.actor
        ]
        assoc1 = [
            *allies,
            *[b.row.actor for b in backers if b.row.actor != actor1.actor],
            *identity_backers.get(actor1.actor, []),
        ]
    if actor2 is not None and actor1 is not None and actor2.actor == actor1.actor:
        actor2 = None
    return _fields(actor1, actor2, assoc1)


def _fields(actor1: ActorRow | None, actor2: ActorRow | None, assoc1: Sequence[str]) -> dict:
    """The :class:`~geomap.model.Incident` fields of the two sides."""
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
