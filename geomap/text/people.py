"""Find the names of people in a text, so that the places inside them are not mapped.

A person's name is a run of capitalised words that starts with a first name
("Jordan Henderson", "Lewis Hamilton") or follows a title ("President Bashar
al-Assad", "striker Orlando Bates", "her sister Savannah"), or stands between commas
after one ("the chef, Oksana Hale, said"). Both lists are data: ``people-first-names.txt``
(the US Census 1990 first names, see ``scripts/build_name_lists.py``) less
``people-not-first-names.txt``, and ``people-titles.txt`` in
``data/language/<LANGUAGE>/``. The words of a run stop at anything that is not a name
word: a function word, a month, a place noun ("District"), a word of landscape or town
(``people-not-surnames.txt``: "River", "Beach"), an organisation word ("Times"), a
title; and at any punctuation but a hyphen or an initial's full
stop ("George W. Bush"). Between commas after a title, the name is every capitalised
word up to the second comma ("the chief executive, Sydney Park, said"). A run of
capitalised words that an age follows between commas is a person's too ("Derby, 41,
said"): no place has an age.

The words of every name found are remembered for the whole document: later on,
"Henderson said" is the person, not the town in Nevada (:attr:`People.names`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from geomap import knowledge, settings
from geomap.errors import DataError
from geomap.text.cues import place_cues
from geomap.text.normalize import Token, name_key, tokenize

__all__ = ["MAX_NAME_WORDS", "People", "PersonName", "find_people", "may_be_in_a_name"]

#: The most words a name may have after its first name or title.
MAX_NAME_WORDS = 4
# The longest title, in words ("lieutenant general"); longer entries are refused.
_MAX_TITLE_WORDS = 3
_SPACES = frozenset(" \t\u00a0")
_HYPHENS = frozenset("-‐‑")
_QUOTE_MARKS = "'’‘`ʿʾ\"“”"
# The double quotation marks around a nickname inside a person's name.
_NICKNAME_QUOTES = frozenset('"“”')


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name in a text.

    Attributes
    ----------
    start, end
        Character offsets of the name (``text[start:end]``), the title left out.
    words
        The folded words of the name ("jordan", "henderson").
    after_title
        The name is a person's whatever else it could be: it follows a title
        ("President ...") or an age follows it ("Derby, 41, said"), instead of
        starting with a first name.
    title_start
        Where the title before the name starts, when one does ("Hurricane
        Charlotte"); None otherwise.
    """

    start: int
    end: int
    words: tuple[str, ...]
    after_title: bool
    title_start: int | None = None


def _opening(name: PersonName) -> int:
    """Where *name* opens: its title's start, else its own."""
    return name.start if name.title_start is None else name.title_start


@dataclass(frozen=True, slots=True)
class People:
    """The people a text names.

    Attributes
    ----------
    names
        Every person's name, in text order.
    words
        The folded words of those names: one of them alone elsewhere in the same text
        ("Henderson said", "Jordan was unbelievable") is most likely the same person.
    """

    names: tuple[PersonName, ...]
    words: frozenset[str]
    # Where each titled name ends, by where its title starts: asked for every unknown
    # name, one lookup instead of a pass over the names.
    _titled_ends: Mapping[int, int] = field(init=False, repr=False, compare=False)
    # The names by where they start, title first, those starts, and the longest name's
    # length with its title: :meth:`covers` looks only at the names that can reach.
    _by_start: tuple[PersonName, ...] = field(init=False, repr=False, compare=False)
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _reach: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ends = {n.title_start: n.end for n in reversed(self.names) if n.title_start is not None}
        object.__setattr__(self, "_titled_ends", ends)
        by_start = tuple(sorted(self.names, key=_opening))
        object.__setattr__(self, "_by_start", by_start)
        object.__setattr__(self, "_starts", tuple(map(_opening, by_start)))
        object.__setattr__(self, "_reach", max((n.end - _opening(n) for n in by_start), default=0))

    @classmethod
    def of(cls, names: Iterable[PersonName]) -> People:
        """The people with these *names*; initials are not remembered as words."""
        kept = tuple(names)
        return cls(kept, frozenset(w for n in kept for w in n.words if len(w) > 1))

    def without(self, spans: Container[tuple[int, int]]) -> People:
        """The same people less the names whose offsets are one of *spans*.

        A name that is all of a place's name ("Virginia Beach") is the place: its
        words are not remembered; unless a title stands before it ("her sister
        Savannah").

        Examples
        --------
        >>> find_people("Fans in Virginia Beach cheered.").without({(8, 22)}).words
        frozenset()
        >>> sorted(find_people("Her sister Savannah sang.").without({(11, 19)}).words)
        ['savannah']
        """
        return People.of(n for n in self.names if n.after_title or (n.start, n.end) not in spans)

    def covers(self, start: int, end: int) -> bool:
        """True when ``text[start:end]`` lies inside a person's name and is not all of
        it, or inside the title right before one.

        A place name as long as the person's name wins ("Virginia Beach",
        "Charlotte Amalie"), unless a title stands before the name ("her sister
        Savannah"); a shorter one is part of the person's ("Florence Nightingale",
        "Lewis Hamilton"). A title is the person's too, whatever town it also names
        ("Hurricane Charlotte": Hurricane, Utah).

        Examples
        --------
        >>> people = find_people("Fans cheered Jordan Henderson.")
        >>> people.covers(13, 19), people.covers(13, 29)
        (True, False)
        >>> find_people("Her sister Savannah sang.").covers(11, 19)
        True
        >>> find_people("Hurricane Charlotte came ashore.").covers(0, 9)
        True
        """
        # Asked for every name of the text: only the names opening at or before *start*
        # and no further back than the longest name reaches are looked at, not all.
        low = bisect.bisect_left(self._starts, start - self._reach)
        high = bisect.bisect_right(self._starts, start)
        return any(
            (
                n.start <= start
                and end <= n.end
                and (n.after_title or (n.start, n.end) != (start, end))
            )
            or (n.title_start is not None and n.title_start <= start and end <= n.start)
            for n in self._by_start[low:high]
        )

    def end_of_titled(self, start: int) -> int | None:
        """Where the name ends of the person whose title starts at offset *start*
        ("Lady Reading" in "Lady Reading Hospital"); None when no title starts there.

        Examples
        --------
        >>> find_people("Taken to Lady Reading Hospital.").end_of_titled(9)
        21
        """
        return self._titled_ends.get(start)


@dataclass(frozen=True, slots=True)
class _Lists:
    first_names: frozenset[str]
    titles: frozenset[tuple[str, ...]]
    title_starts: frozenset[str]
    stop_words: frozenset[str]
    # Months that are first names too ("May", "June"): inside a name, a middle name.
    month_names: frozenset[str]


@knowledge.cached
def _lists(language: str) -> _Lists:
    folder = f"language/{language}"
    cues = place_cues()
    not_first = {name_key(w) for w in knowledge.word_list(folder, "people-not-first-names.txt")}
    first = {name_key(w) for w in knowledge.word_list(folder, "people-first-names.txt")}
    titles = set()
    for entry in knowledge.word_list(folder, "people-titles.txt"):
        words = tuple(t.key for t in tokenize(entry) if not t.is_article)
        if not 0 < len(words) <= _MAX_TITLE_WORDS:
            raise DataError(f"{folder}/people-titles.txt: {entry!r} is not 1 to 3 words")
        titles.add(words)
    title_words = {w for title in titles for w in title}
    stop = (
        cues.function_words
        | cues.months_and_days
        | frozenset(cues.place_nouns)
        | cues.name_words
        | cues.name_tails
        | {name_key(w) for w in knowledge.word_list(folder, "people-not-surnames.txt")}
        | title_words
    )
    return _Lists(
        frozenset(first - not_first - stop),
        frozenset(titles),
        frozenset(title[0] for title in titles),
        frozenset(stop),
        frozenset(first & cues.months_and_days),
    )


def may_be_in_a_name(key: str) -> bool:
    """Whether the folded word *key* may be part of a person's name.

    Titles ("minister"), function words, months, place nouns and the words of
    organisations' names never are.

    Examples
    --------
    >>> may_be_in_a_name("irving"), may_be_in_a_name("minister")
    (True, False)
    """
    return key not in _lists(settings.LANGUAGE).stop_words


def find_people(text: str, tokens: Sequence[Token] | None = None) -> People:
    """Find the people *text* names.

    Parameters
    ----------
    text
        The text.
    tokens
        Its words, as :func:`geomap.text.normalize.tokenize` splits them (tokenised
        here when not given).

    Returns
    -------
    People
        The names found and their words. The scan is linear in the text: each word
        is looked at a bounded number of times.

    Examples
    --------
    >>> text = "Coach Austin Kerr praised Lewis Hamilton. Hamilton smiled."
    >>> people = find_people(text)
    >>> [text[n.start : n.end] for n in people.names]
    ['Austin Kerr', 'Lewis Hamilton']
    >>> sorted(people.words)
    ['austin', 'hamilton', 'kerr', 'lewis']
    """
    lists = _lists(settings.LANGUAGE)
    words = list(tokens) if tokens is not None else tokenize(text)
    names: list[PersonName] = []
    i = 0
    while i < len(words):
        key = words[i].key
        if key not in lists.title_starts and key not in lists.first_names:
            i += 1  # most words: neither a title nor a first name
            continue
        title_end = _title_at(words, i, lists) if key in lists.title_starts else None
        head = title_end + 1 if title_end is not None else i
        if title_end is None and not _first_name(words[i], lists):
            i += 1
            continue
        # "The chef, Oksana Hale, grew up...": a title and a name between commas.
        set_off = (
            title_end is not None
            and head < len(words)
            and text[words[title_end].end : words[head].start] == ", "
        )
        if title_end is not None and not (
            set_off
            or (head < len(words) and _joined(text, words, title_end, head, spaces_only=True))
        ):
            i = title_end + 1
            continue
        # Between commas, the name is every capitalised word up to the second comma:
        # "the chief executive, Sydney Park, said" ("Park" ends no person's name alone).
        last = (
            _set_off_end(text, words, head)
            if set_off
            else _extend(text, words, head, lists, need=title_end is None)
        )
        if last is None:
            i = i + 1 if title_end is None else title_end + 1
            continue
        run = [w for w in words[head : last + 1] if not w.is_article]
        names.append(
            PersonName(
                words[head].start,
                words[last].end,
                tuple(w.key for w in run),
                title_end is not None,
                words[i].start if title_end is not None else None,
            )
        )
        i = last + 1
    return People.of(_with_described_names(text, words, names, lists))


# An age set off by commas after a name: "Derby, 41, said" (a person; no place has one).
_AGE_RE = re.compile(r", (?:1[01]\d|\d{1,2}),")
# A noun phrase in apposition after a name, opened by an indefinite article: "Florencia
# Córdoba, a doctoral student".
_DESCRIBED_RE = re.compile(r", an? ")
# How many words may stand between the article and the title that ends the phrase
# ("a 34-year-old primary school teacher": "34", "year", "old", "primary", "school").
_DESCRIPTION_REACH = 5


def _with_described_names(
    text: str, words: Sequence[Token], names: list[PersonName], lists: _Lists
) -> list[PersonName]:
    """*names* and the runs of capitalised words an age follows ("Derby, 41, said"), or
    a phrase in apposition that a person's title ends ("Florencia Córdoba, a doctoral
    student"; a name of two words or more, after no preposition, since "In Paris, a
    spokesman said" is a clause), in text order. The ages and phrases are found by
    one scan of the text each; from each, at most :data:`MAX_NAME_WORDS` words before
    it and :data:`_DESCRIPTION_REACH` after it are looked at, found by bisection:
    linear in the text.
    """
    found: list[PersonName] = []
    starts = [n.start for n in names]
    ends = [w.end for w in words]
    word_starts = [w.start for w in words]
    cues = place_cues()
    prepositions = cues.locative_prepositions | cues.known_place_prepositions
    marks = [(m.start(), m.end(), True) for m in _AGE_RE.finditer(text)]
    marks += [(m.start(), m.end(), False) for m in _DESCRIBED_RE.finditer(text)]
    for mark_start, mark_end, aged in sorted(marks):
        last = bisect.bisect_left(ends, mark_start)
        if last >= len(words) or words[last].end != mark_start:
            continue
        first = last
        while (
            first > 0
            and last - first + 1 < MAX_NAME_WORDS
            and _capitalised(words[first - 1])
            and not words[first - 1].possessive
            and words[first - 1].key not in lists.stop_words  # "In Paris, a spokesman"
            and _joined(text, words, first - 1, first, spaces_only=True)
        ):
            first -= 1
        if not _capitalised(words[first]) or words[last].possessive:
            continue
        if not aged and (
            first == last
            or (first > 0 and words[first - 1].key in prepositions)
            or not _a_title_ends(
                words, bisect.bisect_left(word_starts, mark_end), lists, cues.actor_verbs_after
            )
        ):
            continue
        start, end = words[first].start, words[last].end
        before = bisect.bisect_left(starts, end) - 1
        if before < 0 or names[before].end <= start:
            run = tuple(w.key for w in words[first : last + 1] if not w.is_article)
            found.append(PersonName(start, end, run, after_title=True))
    return sorted(names + found, key=lambda n: n.start) if found else names


def _a_title_ends(words: Sequence[Token], i: int, lists: _Lists, speaking: Container[str]) -> bool:
    """Whether a person's title of one word ends the lower-case phrase from word *i*,
    within :data:`_DESCRIPTION_REACH` words ("doctoral student", "retired teacher"),
    and no verb of *speaking* follows it: "hit Tal Afar, a farmer said" is a clause."""
    for at in range(i, min(i + _DESCRIPTION_REACH + 1, len(words))):
        word = words[at]
        if (word.key,) in lists.titles:
            return at + 1 >= len(words) or words[at + 1].key not in speaking
        if _capitalised(word) and not word.text[:1].isdigit():
            return False
    return False


def _set_off_end(text: str, words: Sequence[Token], head: int) -> int | None:
    """The last of the capitalised words from *head* that a comma or a semicolon ends,
    at most :data:`MAX_NAME_WORDS` of them joined by spaces: a name set off by commas
    ("the chef, Oksana Hale, grew up"), or ending an item of a list ("his son, Austin;
    and six grandchildren")."""
    last = head
    while True:
        if not _capitalised(words[last]):
            return None
        if text[words[last].end : words[last].end + 1] in (",", ";"):
            return last
        if (
            last + 1 >= len(words)
            or last - head + 1 >= MAX_NAME_WORDS
            or not _joined(text, words, last, last + 1, spaces_only=True)
        ):
            return None
        last += 1


def _title_at(words: Sequence[Token], i: int, lists: _Lists) -> int | None:
    """The index of the last word of the longest title starting at word *i*, else None."""
    for size in range(_MAX_TITLE_WORDS, 0, -1):
        chunk = words[i : i + size]
        if len(chunk) == size and tuple(w.key for w in chunk) in lists.titles:
            return i + size - 1 if not chunk[-1].possessive else None
    return None


def _first_name(word: Token, lists: _Lists) -> bool:
    return _capitalised(word) and not word.possessive and word.key in lists.first_names


def _capitalised(word: Token) -> bool:
    first = word.text.lstrip(_QUOTE_MARKS)[:1]
    return first.isupper() and not word.text.isdigit()


def _name_word(word: Token, lists: _Lists) -> bool:
    return _capitalised(word) and word.key not in lists.stop_words


def _middle_month(text: str, words: Sequence[Token], j: int, lists: _Lists) -> bool:
    """Whether word *j* is a month's name that is a middle name: a name word follows
    it ("Georgia May Jagger"), not a day ("Sydney May 5")."""
    return (
        words[j].key in lists.month_names
        and _capitalised(words[j])
        and j + 1 < len(words)
        and _joined(text, words, j, j + 1, spaces_only=True)
        and _name_word(words[j + 1], lists)
    )


def _joined(
    text: str, words: Sequence[Token], i: int, j: int, *, spaces_only: bool = False
) -> bool:
    """True when word *i* and word *j* (the next) are one name's: a space, hyphen or
    initial, or a space and the quotation mark of a nickname (Ismael "El Mayo" Zambada)."""
    gap = text[words[i].end : words[j].start]
    if gap and set(gap) <= _SPACES and len(gap) <= 3:
        return True
    if len(gap) == 2 and gap.strip("".join(_SPACES)) in _NICKNAME_QUOTES:
        return True
    if spaces_only:
        return False
    if gap and set(gap) <= _HYPHENS and len(gap) == 1:
        return True
    # An initial: "George W. Bush".
    word = words[i].text
    return (
        len(word) == 1 and word.isupper() and gap[:1] == "." and set(gap[1:]) <= _SPACES
    ) and 1 < len(gap) <= 3


def _extend(
    text: str, words: Sequence[Token], head: int, lists: _Lists, *, need: bool
) -> int | None:
    """The last word of the name starting at *head*, or None when there is no name.

    After a first name (*need*) the name needs at least one more word, joined by a
    space alone ("Israel-Gaza" is no name); after a title, the words from *head* on
    are the name.
    """
    last: int | None = None if need else (head if _name_word(words[head], lists) else None)
    if not need and last is None:
        return None
    current = head
    count = 0
    j = head + 1
    while j < len(words) and count < MAX_NAME_WORDS and not words[current].possessive:
        word = words[j]
        if word.is_article:
            # "Bashar al-Assad", "Abu Mohammed al-Jolani": the article joins the next word.
            if not _joined(text, words, current, j) or j + 1 >= len(words):
                break
            if not (_joined(text, words, j, j + 1) and _name_word(words[j + 1], lists)):
                break
            current, j = j + 1, j + 2
        else:
            spaces_only = need and last is None
            if not (_joined(text, words, current, j, spaces_only=spaces_only)):
                break
            if not (_name_word(word, lists) or _middle_month(text, words, j, lists)):
                break
            current, j = j, j + 1
        last = current
        count += 1
    return last
