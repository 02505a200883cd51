"""The cue words the events stage reads around a trigger, in the language of the articles.

The words are data: ``data/language/<LANGUAGE>/events-cues.csv`` (``list, words``),
one entry a row, where ``LANGUAGE`` is :data:`geomap.settings.LANGUAGE`. The lists
are described in ``data/events/README.md``; :class:`EventCues` holds the patterns
built from them, and what each is for. The *structure* of every pattern (where a
list may stand, what may come between) is here; the words are not.

An entry is a word or a phrase. Its words may stand up to five whitespace characters
apart in the text (``_GAP``: a run of hundreds of spaces joins nothing, and
unbounded gaps next to each other make a search quadratic in the run), and a ``*``
at the end of a word stands for any ending (``kill*``: killed, killing). Everything
else is matched literally, so every pattern stays linear in its input whatever the
table holds. Where several entries match at one place, the longest wins
("unverified reports" before "unverified").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geomap import knowledge, settings
from geomap.errors import DataError

__all__ = ["COUNT_ROLES", "EventCues", "event_cues"]

_GAP = r"\s{1,5}"
_OPTIONAL_GAP = r"\s{0,5}"
_NEVER = r"(?!)"  # the pattern of an empty list: it matches nothing

#: What a count of people next to a cue word counts, in the order the cue lists are
#: tried at one place: the incident's fields a count adds to. The finer roles of
#: ``count-roles.csv`` ("hostages", "arrested") are tried first, and each adds to one
#: of these (:attr:`EventCues.count_fields`).
COUNT_ROLES = ("fatalities", "injuries", "affected")
_ROLE_TABLE = "count-roles.csv"
_ROLE_NAME = re.compile(r"[a-z][a-z_]{0,30}")

_LISTS = (
    *COUNT_ROLES,
    "killed_outright",
    "clause_conjunctions",
    "irrealis",
    "adverb_endings",
    "auxiliaries",
    "obligation_auxiliaries",
    "obligation_verbs",
    "running_totals",
    "since",
    "statements",
    "hedges",
    "doubt_subjects",
    "unverifiable",
    "near",
    "articles",
    "report_verbs",
    "according_to",
    "inverted_report_verbs",
    "told",
    "outlet_phrases",
    "citing",
    "not_sources",
    "source_openers",
    "statement_nouns",
    "statement_by",
    "relative_pronouns",
    "list_conjunctions",
    "list_determiners",
    "backed_by",
    "backer_hyphen_suffixes",
    "backer_nouns",
    "holder_suffixes",
    "actor_member_nouns",
    "owner_determiners",
    "passive_auxiliaries",
    "description_openers",
    "described_nouns",
    "natural_causes",
    "background_openers",
    "speech_words",
    "not_force_nouns",
    "responsibility_claims",
    "target_nouns",
    "origin_words",
    "territory_lost",
    "territory_fell",
)
_TABLE = "events-cues.csv"


@dataclass(frozen=True, slots=True)
class EventCues:
    """The events stage's cue patterns, built from the cue lists of one language.

    Attributes
    ----------
    count_cues
        Cue words, one named group per role: the finer roles of ``count-roles.csv``
        first ("hostages", "arrested"), then those of :data:`COUNT_ROLES`; a count of
        people is read by its nearest cue ("killed": fatalities).
    count_fields
        Each role of ``count_cues`` → the role of :data:`COUNT_ROLES` it adds to
        ("hostages" → "affected"; "fatalities" → itself).
    count_join
        Searched between two counts of one role: a joining word (``list_conjunctions``:
        "and") makes them parts of one figure.
    killed_outright
        Matched where a cue word starts ("shot dead"): the count is fatalities.
    clause_break
        Where a clause ends (";", a dash, ", while").
    irrealis, obligation
        Searched in the words before a trigger: a modal, future, negation or relative
        pronoun drops it ("will be killed"), unless an obligation reports it ("had
        been forced to flee").
    running_total
        A sentence summing up a running total ("since the offensive began").
    statement
        Words of a reaction before a trigger ("called for").
    hedge, doubt
        Hedges of a sentence; a next sentence doubting it ("The figures could not be
        verified").
    near
        Searched in the words before a place: the incident is near it.
    according, trailing, inverted, leading, told, agency
        Who reported a sentence: "according to X", "..., X said", "..., said X", "X
        said ...", "X told Outlet", "(SANA)"; each has a group ``who`` (``told``:
        ``detail`` and ``outlet``).
    outlet, citing
        A source split into outlet and detail ("X, speaking to Outlet"; "Outlet,
        citing X").
    not_sources
        Words naming no source on their own ("he"), lower case.
    source_opener, article
        Words dropped from the start of a source's name ("and ", "the ").
    statement_by
        A statement's source in a sentence ending in a colon (group ``who``).
    aside
        A relative clause set off by commas.
    list_gap
        Matches exactly the words between two items of a list of sides.
    backed_by, backer_hyphen, backer_noun
        Around a side that backs another: before it ("backed by "), right after it
        ("-backed"), after it ("support").
    holder_suffix
        The alternation of words after a hyphen that make a side's name describe a
        place ("rebel-held"), for the actor pattern to refuse.
    member_suffix
        An optional noun for the members of a side after its name ("Hamas fighters",
        "RSF gunmen"): part of the side's words, not a second side.
    owner_gap
        The end of the words between two sides when the second is the first's
        ("the regime and its Russian support"): the first is not a backer too.
    description_before, description_after
        Around a trigger used as an adjective ("a camp for displaced families", "the
        besieged enclave", "one million displaced people"): a description, not an
        incident.
    background
        The end of the words before a trigger that sets the scene of another
        incident ("captured the town after weeks of fighting"): not an incident.
    speech_place
        The end of the words before a place where something was said, not done
        ("speaking in Geneva", "told reporters in Ankara", "the Britain-based") or
        whence a weapon came ("a rocket fired from Gaza"): never an incident's place.
    not_force
        After a demonym, a person or office that is no armed side ("the Russian
        ambassador", "Turkish officials").
    target_after
        After a side's words, a thing of theirs that was hit ("an army checkpoint", "a
        military truck", "Taliban positions"): the side is the target, not the attacker.
    responsibility
        A claim of responsibility ("al-Shabaab claimed responsibility"): the side
        claiming is actor1 of the incident before it that names none.
    natural_cause
        Words of deaths nobody inflicted (an earthquake, a flood, an accident): a
        clause with one and only killing words reports no violence.
    passive_before
        The end of the words before a killing word in the passive ("51 soldiers were
        killed", "were reportedly killed"): the side named before it is the victim.
    territory_lost, territory_fell
        Matched at the start of a territory trigger: the side named lost the place;
        the place fell to the side named after it.
    """

    count_cues: re.Pattern[str]
    count_fields: dict[str, str]
    count_join: re.Pattern[str]
    killed_outright: re.Pattern[str]
    clause_break: re.Pattern[str]
    irrealis: re.Pattern[str]
    obligation: re.Pattern[str]
    running_total: re.Pattern[str]
    statement: re.Pattern[str]
    hedge: re.Pattern[str]
    doubt: re.Pattern[str]
    near: re.Pattern[str]
    according: re.Pattern[str]
    trailing: re.Pattern[str]
    inverted: re.Pattern[str]
    leading: re.Pattern[str]
    told: re.Pattern[str]
    agency: re.Pattern[str]
    outlet: re.Pattern[str]
    citing: re.Pattern[str]
    not_sources: frozenset[str]
    source_opener: re.Pattern[str]
    article: re.Pattern[str]
    statement_by: re.Pattern[str]
    aside: re.Pattern[str]
    list_gap: re.Pattern[str]
    backed_by: re.Pattern[str]
    backer_hyphen: re.Pattern[str]
    backer_noun: re.Pattern[str]
    holder_suffix: str
    member_suffix: str
    owner_gap: re.Pattern[str]
    passive_before: re.Pattern[str]
    description_before: re.Pattern[str]
    natural_cause: re.Pattern[str]
    background: re.Pattern[str]
    speech_place: re.Pattern[str]
    not_force: re.Pattern[str]
    responsibility: re.Pattern[str]
    target_after: re.Pattern[str]
    description_after: re.Pattern[str]
    territory_lost: re.Pattern[str]
    territory_fell: re.Pattern[str]


def event_cues() -> EventCues:
    """The events stage's cue patterns in the language of :data:`geomap.settings.LANGUAGE`.

    Raises
    ------
    DataError
        The table is missing or unreadable, names a list geomap does not have, or
        holds an empty entry or a ``*`` inside a word.

    Examples
    --------
    >>> cues = event_cues()
    >>> cues.count_cues.search("Two were wounded").lastgroup
    'injuries'
    >>> cues.hedge.search("unverified reports said").group(0)
    'unverified reports'
    """
    return _read_event_cues(settings.LANGUAGE)


@knowledge.cached
def _read_event_cues(language: str) -> EventCues:
    words = _lists(f"language/{language}")
    quotes = '"“”'  # quotation marks end a source's name
    fine_roles = _count_roles(f"language/{language}")
    count_groups = "|".join(
        [
            *(f"(?P<{role}>{pattern})" for role, (_field, pattern) in fine_roles.items()),
            *(f"(?P<{role}>{words[role]})" for role in COUNT_ROLES),
        ]
    )
    report_verbs = words["report_verbs"]
    articles = words["articles"]
    conjunctions = words["list_conjunctions"]
    return EventCues(
        count_cues=_compile(rf"\b(?:{count_groups})\b"),
        count_fields={
            **{role: field for role, (field, _pattern) in fine_roles.items()},
            **{role: role for role in COUNT_ROLES},
        },
        count_join=_compile(rf"\b(?:{words['list_conjunctions']})\b"),
        killed_outright=_compile(rf"(?:{words['killed_outright']})"),
        clause_break=_compile(rf";|\s[—–]\s|,{_GAP}(?:{words['clause_conjunctions']})\s"),
        irrealis=_compile(
            rf"\b(?:{words['irrealis']}){_GAP}(?:\w+(?:{words['adverb_endings']}){_GAP})?"
            rf"(?:(?:{words['auxiliaries']}){_GAP})?$"
        ),
        obligation=_compile(
            rf"\b(?:{words['obligation_auxiliaries']}){_GAP}(?:{words['obligation_verbs']}){_GAP}$"
        ),
        running_total=_compile(
            rf"\b(?:{words['running_totals']})\b|\b(?:{words['since']}){_GAP}\d"
        ),
        statement=_compile(rf"\b(?:{words['statements']})\b"),
        hedge=_compile(rf"\b(?:{words['hedges']})\b"),
        doubt=_compile(rf"^(?:{words['doubt_subjects']})\b.*\b(?:{words['unverifiable']})"),
        near=_compile(rf"\b(?:{words['near']}){_GAP}(?:(?:{articles}){_GAP})?$"),
        # "who" runs to the first full stop, semicolon or quote, ending on a non-space:
        # a greedy run that gives back only trailing spaces, not a lazy one that
        # re-scans them.
        according=_compile(
            rf"\b(?:{words['according_to']}){_GAP}"
            rf"(?P<who>[^.;{quotes}]*[^.;{quotes}\s])\s*(?=[.;{quotes}]|$)"
        ),
        trailing=_compile(
            rf",{_OPTIONAL_GAP}(?P<who>[^,;{quotes}]{{2,90}}?){_GAP}(?:{report_verbs})\b"
            rf"[^,;{quotes}]*$"
        ),
        inverted=_compile(
            rf",{_OPTIONAL_GAP}(?:{words['inverted_report_verbs']}|{words['according_to']})"
            rf"{_GAP}(?P<who>[^,;{quotes}]{{2,90}}?){_OPTIONAL_GAP}[.!]?\s*$"
        ),
        leading=_compile(rf"^(?P<who>[^,;{quotes}]{{2,90}}?){_GAP}(?:{report_verbs})\b"),
        told=_compile(
            rf"^(?P<detail>[^,;{quotes}]{{2,90}}?){_GAP}(?:{words['told']}){_GAP}"
            rf"(?P<outlet>(?-i:[A-Z])[\w&.-]*(?:{_GAP}(?-i:[A-Z])[\w&.-]*)*)"
        ),
        agency=re.compile(r"\((?P<who>[A-Z][A-Za-z]{1,9})\)"),
        outlet=_compile(rf"^(?P<detail>.*?),?\s*\b(?:{words['outlet_phrases']})\s+(?P<outlet>.+)$"),
        citing=_compile(rf"^(?P<outlet>.+?),?\s+(?P<cue>{words['citing']})\s+(?P<detail>.+)$"),
        not_sources=frozenset(e.lower() for e in _entries(f"language/{language}", "not_sources")),
        source_opener=_compile(rf"^(?:{words['source_openers']})\s+"),
        article=_compile(rf"^(?:{articles})\s+"),
        # Case matters here: the source is a run of capitalised words.
        statement_by=re.compile(
            rf"\b(?:{words['statement_nouns']})\s+(?:\w+\s+)?(?:{words['statement_by']})\s+"
            rf"(?P<who>(?:(?:{articles})\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"
        ),
        aside=_compile(rf",\s*(?:{words['relative_pronouns']})\b[^,;]*,"),
        list_gap=_compile(
            rf"{_OPTIONAL_GAP}(?:,{_OPTIONAL_GAP}(?:(?:{conjunctions}){_GAP})?|"
            rf"(?:{conjunctions}){_GAP}){_OPTIONAL_GAP}(?:(?:{words['list_determiners']}){_GAP})?"
        ),
        backed_by=_compile(rf"(?:{words['backed_by']}){_GAP}(?:(?:{articles}){_GAP})?$"),
        backer_hyphen=_compile(rf"[-‐](?:{words['backer_hyphen_suffixes']})\b"),
        backer_noun=_compile(rf"{_GAP}(?:{words['backer_nouns']})\b"),
        holder_suffix=words["holder_suffixes"],
        member_suffix=rf"(?:{_GAP}(?:{words['actor_member_nouns']}))?",
        owner_gap=_compile(rf"\b(?:{words['owner_determiners']}){_GAP}$"),
        description_before=_compile(rf"(?:\b(?:{words['description_openers']})|\d[\d,.]*){_GAP}$"),
        description_after=_compile(rf"{_GAP}(?:{words['described_nouns']})\b"),
        background=_compile(rf"\b(?:{words['background_openers']})(?:{_GAP}[\w'-]+){{0,3}}{_GAP}$"),
        speech_place=_compile(
            rf"\b(?:(?:{words['speech_words']})(?:{_GAP}[\w'-]+){{0,3}}?{_GAP}"
            rf"(?:in|at|from)|{words['origin_words']}){_GAP}(?:the{_GAP})?$"
        ),
        not_force=_compile(rf"{_GAP}(?:{words['not_force_nouns']})\b"),
        target_after=_compile(rf"{_GAP}(?:{words['target_nouns']})\b"),
        responsibility=_compile(rf"\b(?:{words['responsibility_claims']})\b"),
        natural_cause=_compile(rf"\b(?:{words['natural_causes']})\b"),
        passive_before=_compile(rf"\b(?:{words['passive_auxiliaries']}){_GAP}(?:[a-z]+ly{_GAP})?$"),
        territory_lost=_compile(rf"(?:{words['territory_lost']})\b"),
        territory_fell=_compile(rf"(?:{words['territory_fell']})\b"),
    )


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@knowledge.cached
def _table(folder: str) -> dict[str, tuple[str, ...]]:
    """The entries of every list, in table order; unknown list names refused."""
    lists: dict[str, list[str]] = {name: [] for name in _LISTS}
    where = f"{folder}/{_TABLE}"
    for row in knowledge.table(folder, _TABLE, ("list", "words")):
        if row["list"] not in lists:
            raise DataError(
                f"{where}: unknown list {row['list']!r} (the lists are {', '.join(_LISTS)})"
            )
        entry = " ".join(row["words"].split())
        if not entry or any("*" in word[:-1] or word == "*" for word in entry.split()):
            raise DataError(
                f"{where}: {row['words']!r} in {row['list']}: an entry is words, "
                "each ending in at most one '*'"
            )
        lists[row["list"]].append(entry)
    return {name: tuple(entries) for name, entries in lists.items()}


@knowledge.cached
def _count_roles(folder: str) -> dict[str, tuple[str, str]]:
    """The finer roles of ``count-roles.csv`` → (the field they add to, their cue words
    as one alternation, longest first), in table order."""
    where = f"{folder}/{_ROLE_TABLE}"
    entries: dict[str, tuple[str, list[str]]] = {}
    for row in knowledge.table(folder, _ROLE_TABLE, ("role", "counts_as", "words")):
        role, field, entry = row["role"], row["counts_as"], " ".join(row["words"].split())
        if not _ROLE_NAME.fullmatch(role) or role in COUNT_ROLES or role in _LISTS:
            raise DataError(f"{where}: role {role!r} must be a new lower-case name (letters and _)")
        if field not in COUNT_ROLES:
            raise DataError(
                f"{where}: {role!r} counts as {field!r}, not one of {', '.join(COUNT_ROLES)}"
            )
        if not entry or any("*" in word[:-1] or word == "*" for word in entry.split()):
            raise DataError(
                f"{where}: {row['words']!r} of {role}: an entry is words, "
                "each ending in at most one '*'"
            )
        known = entries.setdefault(role, (field, []))
        if known[0] != field:
            raise DataError(f"{where}: {role!r} counts as both {known[0]!r} and {field!r}")
        known[1].append(entry)
    return {
        role: (
            field,
            "|".join(_phrase(e) for e in sorted(words, key=lambda e: (-len(e.split()), -len(e)))),
        )
        for role, (field, words) in entries.items()
    }


def _entries(folder: str, name: str) -> tuple[str, ...]:
    return _table(folder)[name]


def _lists(folder: str) -> dict[str, str]:
    """Each list as a regex alternation, longest entries first (nothing: never matches)."""
    alternations = {}
    for name, entries in _table(folder).items():
        ordered = sorted(entries, key=lambda e: (-len(e.split()), -len(e)))
        alternations[name] = "|".join(_phrase(e) for e in ordered) or _NEVER
    return alternations


def _phrase(entry: str) -> str:
    """One entry as a pattern: its words a bounded gap apart, a final ``*`` any ending."""
    words = []
    for word in entry.split():
        stem = word.removesuffix("*")
        words.append(re.escape(stem) + (r"\w*" if stem != word else ""))
    return _GAP.join(words)
