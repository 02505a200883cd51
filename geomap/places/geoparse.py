"""Find the places an article names, resolve them, and say what role each plays.

:func:`parse_places` scans the words of an article, read into a
:class:`~geomap.model.Document` by the text layer, for every gazetteer name (the same
fold on both sides, see :mod:`geomap.text.normalize`), sentence by sentence as the
document splits them, then decides for each match:

* whether it is a place at all: a name inside another name ("Anadolu Agency",
  "Syria's Civil Defence", a person's name) is ``part_of_name``;
* which place it is: districts and regions count only where the article (or the
  caller's ``within``) names their city, or a descriptor such as "district" says
  so; a city ranks its own districts first; "A, B" ("Paris, Texas") and a statement
  of where a place lies ("Perth is a city on the River Tay in central Scotland")
  decide between namesakes, and a name keeps the sense its first use gives it;
* its role: ``location`` where something is or happens, ``actor`` for a country or
  people acting ("backed by Russia and Iran", "Iranian-backed", "Russian warplanes").

Then the article's own resolutions decide what its context could not: a name is the
place it is elsewhere in the article (under that name where a place stands, or under
another: "Sievierodonetsk" and "Severodonetsk"; "Ras al-Ain, known to Kurds as
Serekaniye"), or its one reading next to the places it resolves ("Kobani", 11 km from
the dateline's Suruc; :data:`~geomap.settings.NEIGHBOUR_KM`), and a river is its
stretch nearest to them.

Capitalised names in a place position ("withdraw from X", "in the X district", an
item of "the X, Y and Z regions") that the gazetteer lacks become ``unresolved``
mentions with ranked fuzzy suggestions. Nothing is resolved by fuzzy matching.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import statistics
import typing
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Literal

from geomap import knowledge, settings
from geomap.model import Article, Document, MatchMethod, Mention, MentionRole, PlaceReport
from geomap.places.gazetteer import (
    KINDS,
    MAIN_NAME_METHODS,
    SMALL_KINDS,
    Candidate,
    Gazetteer,
    Place,
    abbreviation_key,
    match_method,
    skeleton_plausible,
)
from geomap.places.world import WORLD_SOURCE
from geomap.text.cues import Phrases, PlaceCues, place_cues
from geomap.text.document import read_document
from geomap.text.normalize import Token, name_key, skeleton, skeleton_word, tokenize
from geomap.text.people import MAX_NAME_WORDS as MAX_PERSON_NAME_WORDS
from geomap.text.people import People, PersonName, find_people, may_be_in_a_name

_JOINABLE_GAP_RE = re.compile(
    r"[ \t\u00a0\-‐‑]*(?:(?:al|el|as|ash|ad|az|aj|at|ar|an|ath|adh|es|esh|ed|ez|et|er|en)"
    r"[ \t\u00a0\-‐‑]+)?",
    re.IGNORECASE,
)
_CLAUSE_BREAK_RE = re.compile(r"[.!?;:\n\"“”()\[\]]")
# The dot of an abbreviation opening a name, and the space after it ("St. Louis").
_ABBREVIATION_GAP_RE = re.compile(r"\.[ \t\u00a0]{1,3}")
# An ampersand between two names: "Hudson & Kent", a firm.
_AMPERSAND_RE = re.compile(r"[ \t\u00a0]*&[ \t\u00a0]*")
_SPACED_DASH_RE = re.compile(r"[ \t\u00a0]+[\-‐‑][ \t\u00a0]+")
_POSSESSIVE_GAP_RE = re.compile(r"['’]s[ \t\u00a0]+")
# Signs that turn the name before them into a currency ("US$", "HK$", "NZ$").
_CURRENCY_SIGNS = frozenset("$€£¥")
_PERSON = "part of a person's name"
# What a place gains when it dominates its namesakes (see _dominant): less than being
# inside a city the article names (al-Mashhad the Aleppo district, not Iran's city).
_DOMINANT_BONUS = 0.3
# Kinds whose own names outrank a city's alternative name ("Mexico" the country, not
# Mexico City; "Georgia" a country or a state, not a town).
_AREA_KINDS = frozenset({"world_region", "country", "admin1", "admin2"})
# Kinds of a town or a part of one; kinds wider than a first-level division.
_TOWN_KINDS = frozenset({"city", "region", "district"})
_WIDE_KINDS = frozenset({"world_region", "country"})
# First- and second-level divisions: often named after their capitals (Homs, Bristol).
_DIVISION_KINDS = frozenset({"admin1", "admin2"})
# Kinds whose points are anchors: a namesake near them is likelier than one far away.
_ANCHORED_KINDS = frozenset({"admin1", "admin2", "city"})
# A spaced dash or a slash between two names: a compound of two places.
_COMPOUND_GAP_RE = re.compile(r"\s[-‐‑–—]|[-‐‑–—]\s|/")
# What may stand between "A" and "B" in "Paris, Texas".
_PAIR_GAP_RE = re.compile(r",[ \t\u00a0]{1,3}")
# What being inside a place of each kind that the article names adds to a score.
_CONTAINER_BONUS = {
    "world_region": 0.3,
    "country": 0.3,
    "admin1": 0.4,
    "admin2": 0.5,
    "river": 0.5,
    "city": 0.6,
    "region": 0.6,
    "district": 0.6,
    "landmark": 0.6,
}
# log10 of the population a place of each kind usually has, for places without one
# (first-level divisions have none in their source; a city without one is small).
_USUAL_PROMINENCE = {
    "world_region": 9.0,
    "country": 6.5,
    "admin1": 6.3,
    "admin2": 4.8,
    "river": 5.0,
    "city": 3.0,
    "region": 4.5,
    "district": 4.0,
    "landmark": 4.0,
}
_KIND_PRIOR = {
    "world_region": 0.9,
    "country": 1.0,
    "admin1": 0.5,
    "admin2": 0.45,
    "river": 0.5,
    "city": 0.8,
    "region": 0.6,
    "district": 0.5,
    "landmark": 0.5,
}


@dataclass(slots=True)
class _Span:
    """A run of words that may be a name, with the candidates found for it."""

    first: int  # index into the word list
    last: int
    candidates: Sequence[Candidate] = ()
    demonym_of: Place | None = None


class _Text:
    """A document's words with the facts about them the rules need."""

    def __init__(self, document: Document) -> None:
        text = self.text = document.text
        self.cues = place_cues()
        # Every word, articles too (what geomap.text.people reads).
        all_tokens = self.tokens = tokenize(text)
        self.words: list[Token] = [t for t in all_tokens if not t.is_article]
        # A word preceded by an article joined to it ("al-" in "al-Fardos").
        self.article_before: dict[int, Token] = {}
        previous: Token | None = None
        index = 0
        for token in all_tokens:
            if token.is_article:
                previous = token
                continue
            if previous is not None and _JOINABLE_GAP_RE.fullmatch(
                text[previous.end : token.start]
            ):
                self.article_before[index] = previous
            previous = None
            index += 1
        self.sentences = [(s.start, s.end) for s in document.sentences]
        # The sentences reporting a game: a score and a match word ("Nice beat Lens 2-0").
        self.match_sentences = {
            n
            for n, (start, end) in enumerate(self.sentences)
            if _has_a_score(text, start, end, self.cues)
            and any(t.key in self.cues.match_words for t in tokenize(text[start:end]))
        }
        self.paragraphs = [s.paragraph for s in document.sentences]
        # The last word of the dateline's town, once the names are found (_dateline_town),
        # and of the dateline's names ("Memphis, Tennessee -": Tennessee's).
        self.dateline_last: int | None = None
        self.dateline_end: int | None = None
        # The first words of the names the gazetteer knows, once they are found.
        self.known_starts: frozenset[int] = frozenset()
        # The towns a name (or a list, by its last word) lies by, once the names are
        # found: "Langa and Nyanga outside Cape Town" (_towns_lain_by).
        self.lies_by: dict[int, tuple[Place, ...]] = {}
        # The names of peoples ("American", "South African"), once the names are found:
        # each one's last word by its first.
        self.demonym_lasts: dict[int, int] = {}
        # The items of each list of names (_list_groups) by the list's first word, once
        # the names are found.
        self.list_items: dict[int, list[tuple[int, int]]] = {}
        # _in_place_position's answers by (list start, known), once the names are found.
        self.place_positions: dict[tuple[int, bool], bool] = {}
        self._sentence_starts = [start for start, _end in self.sentences]
        # One string per sentence, shared by every mention in it.
        self._sentence_texts: dict[int, str] = {}
        # Facts the rules ask of every word again and again, worked out once:
        # breaks[i], a clause ends between word i and word i + 1; joins[i], the two
        # are one name; name_words[i], word i can be part of a proper name.
        words = self.words
        count = len(words)
        gaps = [text[words[i].end : words[i + 1].start] for i in range(count - 1)]
        self.breaks = [_is_clause_break(gap) for gap in gaps]
        self.joins = [_is_joinable_gap(gap) for gap in gaps] + [False]
        abbreviations = self.cues.name_abbreviations
        for i in range(count - 1):
            # "St. Louis", "Mt. Vernon": the abbreviation's dot joins the name.
            if (
                words[i].key in abbreviations
                and _ABBREVIATION_GAP_RE.fullmatch(gaps[i])
                and words[i].text[:1].isupper()
                and words[i + 1].text[:1].isupper()
            ):
                self.breaks[i] = False
                self.joins[i] = True
        # Word i ends in "'s" and a name may go on after it ("People's Republic of China").
        self.possessive_joins = {
            i
            for i in range(count - 1)
            if words[i].possessive and _POSSESSIVE_GAP_RE.fullmatch(gaps[i]) is not None
        }
        self.keys = [word.key for word in words]
        # The first and last word of each word's clause: before() and after() ask
        # whether a break stands between two words, in one comparison.
        self._clause_first = [0] * count
        self._clause_last = [count - 1] * count
        for i in range(1, count):
            self._clause_first[i] = i if self.breaks[i - 1] else self._clause_first[i - 1]
        for i in range(count - 2, -1, -1):
            self._clause_last[i] = i if self.breaks[i] else self._clause_last[i + 1]
        cues = self.cues
        self._name_words = [
            word.text.lstrip("'’‘`ʿʾ")[:1].isupper()
            and word.key not in cues.function_words
            and word.key not in cues.months_and_days
            and not word.text.isdigit()
            for word in self.words
        ]
        self.title_words = self._quoted_titles()

    def _quoted_titles(self) -> frozenset[int]:
        """The words of titles in double quotes ("Letters to Aleppo", "Sierra Madre"): two
        or more words, each capitalised or a function word, and no clause's punctuation
        (speech quoted is a clause: "Mogadishu is quiet now," he said). Linear in the text:
        a quote is looked for at most :data:`_MAX_TITLE_CHARACTERS` on."""
        starts = [word.start for word in self.words]
        found: set[int] = set()
        for match in _QUOTED_RE.finditer(self.text):
            if match.group(1).rstrip()[-1:] in _CLAUSE_END_MARKS:
                continue
            first = bisect.bisect_left(starts, match.start(1))
            last = bisect.bisect_left(starts, match.end(1)) - 1
            if last <= first:
                continue  # one word, or none (quotes around blanks: '" "')
            # A title may open with a capitalised function word ("The Harbour at Lagos").
            opens = self.is_name_word(first) or (
                self.words[first].is_capitalized and self.keys[first] in self.cues.function_words
            )
            if not (opens and self.is_name_word(last)):
                continue
            if all(
                self.is_name_word(i) or self.keys[i] in self.cues.function_words
                for i in range(first, last + 1)
            ):
                found.update(range(first, last + 1))
        return frozenset(found)

    def sentence_index(self, offset: int) -> int | None:
        """The number of the sentence holding *offset*, or None between sentences."""
        index = bisect.bisect_right(self._sentence_starts, offset) - 1
        if index < 0 or offset >= self.sentences[index][1]:
            return None
        return index

    def sentence_of(self, offset: int) -> str:
        index = self.sentence_index(offset)
        if index is None:
            return ""
        if index not in self._sentence_texts:
            start, end = self.sentences[index]
            self._sentence_texts[index] = self.text[start:end].strip()
        return self._sentence_texts[index]

    @cached_property
    def lower_case_words(self) -> frozenset[str]:
        """The words the article writes in lower case: common words, whatever their
        capital at a sentence's start (made when first asked: few articles ask)."""
        return frozenset(t.key for t in self.tokens if not t.is_capitalized)

    def starts_sentence(self, i: int) -> bool:
        """Whether word *i* is the first word of its sentence (quotes aside)."""
        start = self.start_of(i)
        index = self.sentence_index(start)
        if index is None:
            return False
        return not self.text[self.sentences[index][0] : start].strip(" \t\n\"'“‘([-—")

    def gap(self, i: int) -> str:
        """The text between word *i* and word *i + 1*."""
        return self.text[self.words[i].end : self.words[i + 1].start]

    def joined(self, i: int) -> bool:
        """True when word *i* and the next belong to one name (space, hyphen, article)."""
        return 0 <= i < len(self.joins) and self.joins[i]

    def lower(self, i: int) -> str:
        return self.keys[i] if 0 <= i < len(self.keys) else ""

    def before(self, i: int, n: int = 1) -> str:
        """The folded word *n* places before word *i*, within the same clause, else ``""``."""
        if not 0 <= i < len(self.keys) or i - n < self._clause_first[i]:
            return ""
        return self.keys[i - n]

    def after(self, i: int, n: int = 1) -> str:
        """The folded word *n* places after word *i*, within the same clause, else ``""``."""
        if not 0 <= i < len(self.keys) or i + n > self._clause_last[i]:
            return ""
        return self.keys[i + n]

    def start_of(self, i: int) -> int:
        article = self.article_before.get(i)
        return article.start if article else self.words[i].start

    def surface(self, first: int, last: int) -> str:
        return self.text[self.start_of(first) : self.words[last].end]

    def is_name_word(self, i: int) -> bool:
        """A capitalised word that can be part of a proper name.

        Words of caseless scripts (Arabic) never count: without capitals there is no
        telling a name's neighbour from an ordinary word.
        """
        return 0 <= i < len(self._name_words) and self._name_words[i]


# A title in double quotes is at most this long ("Letters to Aleppo").
_MAX_TITLE_CHARACTERS = 80
_QUOTED_RE = re.compile(rf'["“]([^"“”\n]{{1,{_MAX_TITLE_CHARACTERS}}})["”]')
_CLAUSE_END_MARKS = frozenset(",.!?;:")

# A game's score: two numbers of one or two digits joined by a dash ("2-0", "1–1"), and
# the word after it, if any.
_SCORE_RE = re.compile(r"(?<![\d.,-])\d{1,3}[-–]\d{1,3}(?![\d.,]?\d)[ \t\u00a0]*([^\W\d_]*)")


def _has_a_score(text: str, start: int, end: int, cues: PlaceCues) -> bool:
    """Whether ``text[start:end]`` holds a score: two small numbers joined by a dash
    and followed by no noun they count ("beat Lens 2-0 and", "a 2-0 win in Lecce";
    not "lost 5-10 soldiers", "10-15 km"). Linear in the sentence."""
    for match in _SCORE_RE.finditer(text, start, end):
        word = match.group(1)
        key = word.lower()
        if (
            not word
            or word[:1].isupper()
            or key in cues.match_words
            or key in cues.function_words
            or key in cues.list_conjunctions
        ):
            return True
    return False


# The same few gaps (" ", ", ", ". ") separate most words of every article.
@lru_cache(maxsize=4096)
def _is_clause_break(gap: str) -> bool:
    return _CLAUSE_BREAK_RE.search(gap) is not None


@lru_cache(maxsize=4096)
def _is_joinable_gap(gap: str) -> bool:
    return _JOINABLE_GAP_RE.fullmatch(gap) is not None


# The most words a people's name has ("Papua New Guinean").
_DEMONYM_MAX_WORDS = 3


def _longer_demonym(
    words: Sequence[Token],
    joins: Sequence[bool],
    caps: Sequence[bool],
    i: int,
    demonyms: Mapping[str, Place],
) -> tuple[int, Place] | None:
    """The last word and the place of the longest people's name of two or more words
    opening at word *i* ("South African"), all its words capitalised and joined."""
    if not (caps[i] and joins[i]):
        return None  # most words: nothing to look up
    found = None
    key = words[i].key
    last = i
    while (
        last + 1 < len(words)
        and last - i + 1 < _DEMONYM_MAX_WORDS
        and joins[last]
        and caps[last + 1]
    ):
        last += 1
        key = f"{key} {words[last].key}"
        if key in demonyms:
            found = (last, demonyms[key])
    return found


def _find_spans(text: _Text, gazetteer: Gazetteer) -> list[_Span]:
    """Longest gazetteer names at each word, left to right, not overlapping.

    A name starts at a capitalised word (or a generic one such as "eastern") whose
    fold begins some gazetteer name; only there are the longer runs looked up.
    """
    spans: list[_Span] = []
    words = text.words
    count = len(words)
    caps = [w.is_capitalized for w in words]
    joins, possessive_joins = text.joins, text.possessive_joins
    first_keys, first_skeletons = gazetteer.first_words()
    demonyms = gazetteer.demonyms()
    max_words = min(settings.MAX_NAME_WORDS, max(gazetteer.max_name_words, 3))
    generic_words = text.cues.generic_name_words
    memo = _candidate_memos.setdefault(gazetteer, {})
    i = 0
    while i < count:
        word = words[i]
        found: _Span | None = None
        if (caps[i] or word.key in generic_words) and (
            word.key in first_keys or skeleton_word(word.key) in first_skeletons
        ):
            limit = i
            while (
                limit + 1 < count
                and limit - i + 1 < max_words
                and (joins[limit] or limit in possessive_joins)
                and gazetteer.continues_a_name(tuple(w.key for w in words[i : limit + 2]))
            ):
                limit += 1
            for last in range(limit, i - 1, -1):
                if not any(caps[i : last + 1]):
                    continue
                key = " ".join(w.key for w in words[i : last + 1])
                surface = text.surface(i, last)
                candidates = memo.get((key, surface))
                if candidates is None:
                    if len(memo) >= _CANDIDATE_MEMO_SIZE:
                        memo.clear()
                    candidates = memo[key, surface] = _candidates_for(
                        gazetteer, key, surface, words[i : last + 1], text.cues
                    )
                if candidates and not (
                    word.key in text.cues.locative_prepositions
                    and all(c.method == "skeleton" for c in candidates)
                ):
                    found = _Span(i, last, candidates)
                    break
        if found is not None and found.last == i and _a_date(text, i):
            found = None  # "Nov 3": a month, not Nov, Tajikistan
        longer = _longer_demonym(words, joins, caps, i, demonyms)
        if longer is not None and (found is None or found.last < longer[0]):
            # "South African", "Sri Lankan", "West African": a people's name of several
            # words, not the continent's people nor a town called South.
            found = _Span(i, longer[0], [], demonym_of=longer[1])
        elif found is None and caps[i] and word.key in demonyms:
            found = _Span(i, i, [], demonym_of=demonyms[word.key])
        elif (
            found is not None
            and found.last == i
            and caps[i]
            and word.key in demonyms
            and all(_is_world_city(c.place) for c in found.candidates)
        ):
            # "German", "Thai", "Canadian": a people's name, though GeoNames has towns
            # so called. Its towns stay for a pair ("Canadian, Texas").
            found = _Span(i, i, found.candidates, demonym_of=demonyms[word.key])
        if found is not None:
            spans.append(found)
            i = found.last + 1
        else:
            i += 1
    return spans


def _a_date(text: _Text, i: int) -> bool:
    """Whether word *i* is a month's or a day's name next to a day's number ("Nov 3",
    "Nov. 3", "3 Nov")."""
    words = text.words
    return text.lower(i) in text.cues.months_and_days and (
        _DATELINE_DAY_RE.match(text.text, words[i].end) is not None
        or (i > 0 and words[i - 1].text.isdigit() and not text.breaks[i - 1])
    )


# The candidates of a run of words (its fold and its spelling as written), per
# gazetteer: a corpus names the same places in the same spellings again and again,
# and looking a run up again costs its world rows, folds and case tests. Cleared
# when it holds _CANDIDATE_MEMO_SIZE runs.
_candidate_memos: weakref.WeakKeyDictionary[
    Gazetteer, dict[tuple[str, str], tuple[Candidate, ...]]
] = weakref.WeakKeyDictionary()
_CANDIDATE_MEMO_SIZE = 100_000


def _candidates_for(
    gazetteer: Gazetteer,
    key: str,
    surface: str,
    words: list[Token],
    cues: PlaceCues,
) -> tuple[Candidate, ...]:
    found: dict[str, Candidate] = {}
    for place_id, spelling, variant in gazetteer.ids_for_key(key):
        place = gazetteer.get(place_id)
        if (
            place is not None
            and place_id not in found
            and _case_fits(words, spelling, cues)
            and not (_is_world_city(place) and _an_institutions_name(key, cues))
        ):
            found[place_id] = Candidate(
                place, match_method(surface, spelling, variant), 100.0, spelling
            )
    # A world city's name may also be a transliteration of a shipped district's
    # ("Hamidieh"): its skeleton candidates stand beside the city for context to pick.
    if not all(_is_world_city(c.place) for c in found.values()):
        return tuple(found.values())
    skel = skeleton(key)
    if len(skel.replace(" ", "")) < settings.MIN_SKELETON_LETTERS:
        return tuple(found.values())
    for place_id, spelling in gazetteer.ids_for_skeleton(skel):
        place = gazetteer.get(place_id)
        if (
            place is not None
            and place_id not in found
            and _case_fits(words, spelling, cues)
            and skeleton_plausible(key, name_key(spelling))
        ):
            found[place_id] = Candidate(place, "skeleton", 100.0, spelling)
    return tuple(found.values())


def _an_institutions_name(key: str, cues: PlaceCues) -> bool:
    """Whether the fold *key* reads as a body's name: GeoNames lists populated places
    called "University of Texas"; a report's "University of Texas researchers" are
    the university's, and Texas is found on its own."""
    words = key.split()
    return len(words) > 2 and words[0] in cues.name_words and words[1] in cues.noun_links


def _case_fits(words: list[Token], spelling: str, cues: PlaceCues) -> bool:
    """False when the text writes in lower case a word the name capitalises ("Sheikh said").

    Generic words and landmark nouns
    (:attr:`~geomap.text.cues.PlaceCues.lower_case_name_words`) may be
    written in lower case, and so may the inner words of a longer name, which
    transliterations write either way ("Qasr bin Ghashir", GeoNames' "Qaşr Bin
    Ghashīr"); but not every word of it: "The village" is no town called The Village.
    """
    capitalised = _capitalised_words(spelling)
    if len(capitalised) != len(words):
        return True
    if any(capitalised) and not any(
        w.is_capitalized and w.key not in cues.function_words for w in words
    ):
        return False
    inner = range(1, len(words) - 1)
    return not any(
        upper
        and w.text[:1].islower()
        and w.key not in cues.lower_case_name_words
        and n not in inner
        for n, (w, upper) in enumerate(zip(words, capitalised, strict=True))
    )


@lru_cache(maxsize=32768)
def _capitalised_words(spelling: str) -> tuple[bool, ...]:
    return tuple(t.text[:1].isupper() for t in tokenize(spelling) if not t.is_article)


# How many words after "a" or "an" an apposition's place noun may stand.
_APPOSITION_REACH = 3
# How many parts a word joined by hyphens may have and still count as one ("four-year-old").
_HYPHENATED_PARTS = 4


def _descriptor(text: _Text, first: int, last: int, list_ends: dict[int, int]) -> str | None:
    """The place noun describing the name: right after it, after its list, or before it."""
    end = list_ends.get(first, last)
    after = text.after(end)
    # "Mountain Dairy" after a list of brands opens another name; "Idlib Province" ends
    # one. A singular noun in capitals ends the last name of a list, and describes no
    # other: "Hollywood, Los Angeles, San Fernando Valley and Santa Monica".
    if (
        after in text.cues.place_nouns
        and not (text.joined(end + 1) and text.is_name_word(end + 2))
        and not (
            end != last
            and text.words[end + 1].is_capitalized
            and after not in text.cues.plural_place_nouns
        )
    ):
        return after
    # "Avdiivka, an industrial town": a singular place noun in apposition.
    noun = _apposition_noun(text, end)
    if noun in text.cues.place_nouns and noun not in text.cues.plural_place_nouns:
        return noun
    # "the district of X", "the town of X"; a plural noun does not describe the name
    # after it: "areas of Aleppo" are parts of Aleppo.
    noun = text.before(first, 2)
    if (
        text.before(first) in text.cues.noun_links
        and noun in text.cues.place_nouns
        and noun not in text.cues.plural_place_nouns
        # "the second-largest city of Egypt" is in Egypt, no city called Egypt.
        and text.before(first, 3) not in text.cues.rank_words
    ):
        return noun
    # "a Kurdish town called Kobani", "a village known as Ain Issa".
    for phrase in text.cues.naming_phrases.ending_with(text.before(first)):
        size = len(phrase)
        noun = text.before(first, size + 1)
        if (
            all(text.before(first, size - n) == word for n, word in enumerate(phrase))
            and noun in text.cues.place_nouns
            and noun not in text.cues.plural_place_nouns
        ):
            return noun
    return None


@knowledge.cached
def _list_gap_re(conjunctions: tuple[str, ...]) -> re.Pattern[str]:
    """What joins the items of a list of names: ", ", ", and ", " and ", " & "...

    *conjunctions* are :attr:`~geomap.text.cues.PlaceCues.list_conjunctions`. The
    gaps are bounded, since unbounded ones side by side make a match quadratic in a
    long gap.
    """
    words = "|".join(re.escape(word) for word in conjunctions) or "(?!)"
    return re.compile(
        rf"\s{{0,5}}(?:,\s{{0,5}}(?:(?:{words})\s{{1,5}})?|\s(?:{words}|&)\s{{1,5}})\s{{0,5}}"
    )


def _list_groups(text: _Text, spans: list[tuple[int, int]]) -> dict[int, int]:
    """Map the first word of every item of a list of names to the list's last word.

    Items are joined by commas, "and"/"or" or a phrase of ``places-list-phrases.txt``
    ("Sheikh Saed, Firdaus, Hamdudu and Saliheen"), so a descriptor after the last item
    describes them all.
    """
    ends: dict[int, int] = {}
    groups: list[list[tuple[int, int]]] = []
    cues = text.cues
    # "fluent German as well as English": a phrase joins items as a conjunction does.
    list_gap = _list_gap_re(
        tuple(sorted(cues.list_conjunctions)) + tuple(" ".join(p) for p in cues.list_phrases)
    )
    for first, last in sorted(spans):
        if groups:
            prev_last = groups[-1][-1][1]
            between = text.text[text.words[prev_last].end : text.start_of(first)]
            if list_gap.fullmatch(between):
                groups[-1].append((first, last))
                continue
        groups.append([(first, last)])
    for group in groups:
        for first, _last in group:
            ends[first] = group[-1][1]
    return ends


def _list_starts(text: _Text, spans: list[tuple[int, int]]) -> dict[int, int]:
    """Map the first word of every list item to the first word of its list."""
    starts: dict[int, int] = {}
    ends = _list_groups(text, spans)
    by_end: dict[int, int] = {}
    for first in sorted(ends):
        by_end.setdefault(ends[first], first)
    for first, end in ends.items():
        starts[first] = by_end[end]
    return starts


# Marks after a word that end its phrase: a clause's, or a parenthesis ("Srđ (Srd)").
_PHRASE_END_MARKS = _CLAUSE_END_MARKS | frozenset("()")


def _phrase_ends_after(text: _Text, i: int) -> bool:
    """Whether the phrase ends at word *i*: the text or its clause ends, a mark ends
    the phrase, or a preposition or a list's conjunction follows ("overlooks Laiza
    from the west", "Damansky, a wooded island", "the Tucson and the Santa Fe")."""
    if i + 1 >= len(text.words) or not text.after(i):
        return True
    following = text.lower(i + 1)
    cues = text.cues
    return bool(
        _PHRASE_END_MARKS.intersection(text.gap(i))
        or following in cues.list_conjunctions
        or following in cues.locative_prepositions
        or following in cues.known_place_prepositions
    )


def _named_again_as_a_place(text: _Text, first: int, last: int) -> bool:
    """Whether an unknown name that stands where a place stands elsewhere in the article
    may be that place here: nothing but a clause's end, a preposition or a conjunction
    follows it ("overlooks Laiza from the west", "Damansky, a wooded island"). Before
    a noun the name describes the noun, as a people's name does ("Hazara families"
    after "Hazara Town"), or names a breed ("a Newfoundland called Yukon Jack"); an
    acronym is a body's ("the SAF"); a sentence's first word alone may be a common word
    the article writes in lower case too."""
    return (
        _phrase_ends_after(text, last)
        and not text.words[first].text.isupper()
        and not (
            first == last
            and text.starts_sentence(first)
            and text.lower(first) in text.lower_case_words
        )
    )


def _a_place(mention: Mention | None) -> bool:
    return mention is not None and mention.status == "resolved" and mention.role == "location"


def _lists_with_a_place(
    text: _Text, items: list[tuple[int, int]], list_starts: dict[int, int], places: list[int]
) -> set[int]:
    """The first words of the lists of names that a place resolved in: their unknown names
    stand where places stand, as their known ones do ("much of Wola and Powiśle").

    *places* are the first words of the items resolved as places. At least half of a
    list's items must be places: brands and teams are listed too, and one of their
    names may be a town's ("Lucerne, Kemps, Bayview, Mountain Dairy and Farm Fresh").
    And a conjunction must join its last item ("A and B", "A, B or C") or it must have
    three items or more: two names and a comma are as often a place and a person or
    body in apposition ("the president of France, Nicolas Sarkozy").
    """
    lasts = dict(items)
    members: dict[int, list[int]] = {}
    for first, start in list_starts.items():
        members.setdefault(start, []).append(first)
    counted = Counter(list_starts[first] for first in places if first in list_starts)
    found = set()
    for start, count in counted.items():
        firsts = sorted(members[start])
        if len(firsts) < 2 or 2 * count < len(firsts):
            continue
        gap = text.text[text.words[lasts[firsts[-2]]].end : text.start_of(firsts[-1])]
        if len(firsts) >= 3 or any(character.isalpha() or character == "&" for character in gap):
            found.add(start)
    return found


def _in_place_position(text: _Text, list_start: int, *, known: bool = False) -> bool:
    """Whether the name (or the list it is in, from word *list_start*) stands where a
    place stands: "in X", "parts of X".

    *known*: the name is in the gazetteer, so the prepositions that put only known
    names in place ("at X", "to X") count too. The cues of
    ``places-place-cues-before.txt`` ("advancing on X", "as far as X") and the end
    of a route from a named place ("from Mandalay to X") put any name in place. The
    town of a dateline stands where a place stands too.
    """
    # Asked again for each name of a list and by several rules: answered once.
    memo = (list_start, known)
    found = text.place_positions.get(memo)
    if found is None:
        found = text.place_positions[memo] = _place_position(text, list_start, known)
    return found


def _place_position(text: _Text, list_start: int, known: bool) -> bool:
    if list_start == 0 and text.dateline_last is not None:
        return True
    if _after_cue(text, list_start, text.cues.place_cues_before) or _a_route_end(text, list_start):
        return True  # "advancing on Axum", "the highway from Mandalay to Muse"
    at = 1
    if text.before(list_start) in text.cues.determiners:
        at = 2
    before = text.before(list_start, at)
    if before in text.cues.noun_links:
        noun = text.before(list_start, at + 1)
        if noun in text.cues.determiners:  # "the north of the X"
            noun = text.before(list_start, at + 2)
        # "the districts of X": X is a city, or the districts' own names.
        return noun in text.cues.locative_nouns or noun in text.cues.plural_place_nouns
    prepositions = text.cues.known_place_prepositions if known else text.cues.locative_prepositions
    if known and at == 1 and _an_adjective(text, list_start - 1):
        # "in neighbouring Beit Lahia", "into besieged Mariupol": a known name only.
        before = text.before(list_start, 2)
    return (
        before in prepositions
        or (not known and _a_landmark_after_the(text, list_start, before))
        or before in text.cues.place_object_verbs
        or _an_example_of_places(text, list_start)
    )


def _a_landmark_after_the(text: _Text, first: int, preposition: str) -> bool:
    """Whether the name at word *first*, which the gazetteer lacks, follows "the" and one
    of ``places-the-place-prepositions.txt`` and its phrase ends after it, as a
    landmark's, a river's or a quarter's name does ("fire spread to the Potala", "sailed
    up the Sobat"; not "at the Baath party").

    Not a source, a body or a thing, as :func:`_an_unknown_place_after_to_or_at` reads
    them: no word of ``places-not-place-heads.txt`` before the preposition ("according
    to the WHO"), no acronym or number, no organisation's word ("at the World Economic
    Forum"); nor one word that no person's name has, a title or a common word ("the
    Emperor").
    """
    cues = text.cues
    if (
        text.before(first) not in cues.definite_articles
        or preposition not in cues.the_place_prepositions
        or first in text.known_starts
        or text.before(first, 3) in cues.not_place_heads
    ):
        return False
    last = first
    while last - first < _NAME_WORD_REACH and text.joined(last) and text.is_name_word(last + 1):
        last += 1
    if any(_a_bodys_or_sources_word(text, i, first, last) for i in range(first, last + 1)):
        return False
    return _phrase_ends_after(text, last) and (first < last or may_be_in_a_name(text.lower(first)))


# The marks that open the lines of a bulleted list.
_BULLETS = frozenset("-•*–—·")
# How far before a name its line's bullet may stand, and after it the colon: the
# search is bounded, whatever the length of a line.
_BULLET_REACH = 8
_COLON_REACH = 160


def _heads_a_bulleted_line(text: _Text, first: int) -> bool:
    """Whether the name (or list) at word *first* opens a line of a bulleted list and a
    colon follows it on that line, as situation reports list places: "- Ilovača: hit
    by rockets", "- Uhotići and Osanica, on the south-western approaches: shelled"."""
    start = text.start_of(first)
    before = text.text[max(0, start - _BULLET_REACH) : start]
    line_start = before.rfind("\n") + 1
    if line_start == 0 and start > _BULLET_REACH:
        return False  # the line starts further back: no bullet opens it here
    prefix = before[line_start:].strip()
    if len(prefix) != 1 or prefix not in _BULLETS:
        return False
    after = text.text[start : start + _COLON_REACH].split("\n", 1)[0]
    return ":" in after


# How many words the place a route starts from may have ("from Ras al Ain to X").
_ROUTE_START_WORDS = 4


def _a_route_end(text: _Text, first: int) -> bool:
    """Whether the name ends a route from a known place: "from Mandalay to Muse".

    "to" follows a name the gazetteer knows, and "from" opens that name.
    """
    if text.before(first) != "to":
        return False
    last = first - 2
    i = last
    while i >= 0 and last - i < _ROUTE_START_WORDS and text.is_name_word(i):
        if text.before(i) == "from":
            return i in text.known_starts
        i -= 1
    return False


_THE = "the "


def _a_thing_named_after_towns(text: _Text, first: int, last: int, descriptor: str | None) -> bool:
    """Whether a determiner stands before the name at words *first*-*last* and no noun
    after it, as a thing named after a town is written ("showed the Tucson and",
    "the Aurora of Bergen") and a town is not ("the Mosul offensive", "the Kallasa
    and Firdaus districts": *descriptor* is the noun after the list).

    The caller asks only where no place stands: "coots in the Temryuk and Anapa" are
    in the towns' districts.
    """
    if descriptor or text.before(first) not in text.cues.determiners:
        return False
    following = text.lower(last + 1)
    return (
        _phrase_ends_after(text, last)
        or following in text.cues.noun_links
        or following in text.cues.clause_openers
        # "the Tarraco would go on sale", "the Arona is named after a resort"
        or (text.gap(last) == " " and following in text.cues.auxiliary_verbs)
    )


def _named_before_who(text: _Text, first: int, last: int) -> bool:
    """Whether the name opens its clause and ", who" follows it ("Somerset, who need
    a win"): a person or a team. After another word the pronoun may be a noun's before
    it ("the mayor of Kyiv, who", "a man in Pakistan-administered Kashmir, who")."""
    nxt = last + 1
    if not (
        nxt < len(text.words)
        and text.gap(last).strip() == ","
        and text.words[nxt].text in text.cues.person_pronouns  # not "WHO"
        and not (first > 0 and text.words[first - 1].possessive)
    ):
        return False
    before = text.before(first)
    cues = text.cues
    return not (
        before in cues.locative_prepositions
        or before in cues.known_place_prepositions
        or before in cues.noun_links
        or before in cues.list_conjunctions
        or (first > 0 and text.words[first - 1].hyphen_after)
        or (first > 1 and text.words[first - 2].hyphen_after)
    )


def _towns_lain_by(text: _Text, spans: Sequence[_Span]) -> dict[int, tuple[Place, ...]]:
    """For the last word of each name followed by a word saying where it lies and a
    town's name ("Nyanga outside Cape Town", "Hawija, near Kirkuk", "villages north of
    Aleppo"; ``places-located-after.txt``), the town's readings. Linear in the names."""
    starts = {span.first: span for span in spans}
    found: dict[int, tuple[Place, ...]] = {}
    for span in spans:
        last = span.last
        located = last + 1
        if located >= len(text.words) or text.gap(last).strip() not in ("", ","):
            continue
        if text.lower(located) not in text.cues.located_after:
            continue
        at = located + 1
        if text.lower(at) in text.cues.noun_links:
            at += 1  # "north of Aleppo"
        town = starts.get(at)
        if town is None or text.gap(located).strip() or text.gap(at - 1).strip():
            continue
        towns = tuple(c.place for c in town.candidates if c.place.kind == "city")
        if towns:
            found[last] = towns
    return found


def _located_after(text: _Text, last: int) -> bool:
    """Whether a comma and a word saying where the name lies follow it, before a
    name, a determiner or "of" ("Hawija, near Kirkuk", "Rajo, north of the border";
    ``places-located-after.txt``), or a distance ("Sudzha, about 10 km from the
    frontier"; ``places-distance-units.txt``); "Smith, near tears" is no place."""
    cues = text.cues
    nxt = last + 1
    if not (
        nxt + 1 < len(text.words)
        and _PAIR_GAP_RE.fullmatch(text.gap(last)) is not None
        # "Tarhouna, 65 km south-east of Tripoli": a number is no capital.
        and (not text.words[nxt].is_capitalized or text.words[nxt].text[:1].isdigit())
    ):
        return False
    if text.lower(nxt) not in cues.located_after:
        # At most two words ("about", "some") before the number and its unit.
        return any(
            _DISTANCE_RE.fullmatch(text.words[i].text) is not None
            and text.lower(i + 1) in cues.distance_units
            for i in range(nxt, min(nxt + 3, len(text.words) - 1))
        )
    then = text.lower(nxt + 1)
    return text.words[nxt + 1].is_capitalized or then in cues.determiners or then in cues.noun_links


# A road's number after the name of the state or country it runs through ("Ohio 48",
# "U.S. 25E"): up to three digits and a letter; a year or a count has more or is
# followed by its unit ("Kherson 30 km north").
_ROAD_NUMBER_RE = re.compile(r"\d{1,3}[A-Z]?")


def _a_road_number_after(text: _Text, first: int, last: int) -> bool:
    """Whether a road's number follows the name at words *first*-*last*, one space
    between, and after it the clause ends or a preposition or conjunction follows ("on
    U.S. 23.", "closing U.S. 20 at the height"). A number before a noun counts it
    ("give Israel 60 days"), and so does one after a name a conjunction joins to the
    clause before ("Sao Paulo reported 327 deaths, and Rio de Janeiro 84.")."""
    nxt = last + 1
    if not (
        nxt < len(text.words)
        and text.gap(last) == " "
        and _ROAD_NUMBER_RE.fullmatch(text.words[nxt].text) is not None
        and text.before(first) not in text.cues.list_conjunctions
    ):
        return False
    return _phrase_ends_after(text, nxt)


# A brand's word in camel case ("macOS", "iPhone", "eBay"): the name after it is its product's.
_CAMEL_CASE_RE = re.compile(r"[a-z]+[A-Z][A-Za-z]*")
# A distance's number: "10", "2.5", "1,200".
_DISTANCE_RE = re.compile(r"\d{1,5}(?:[.,]\d{1,3})?")


def _an_adjective(text: _Text, i: int) -> bool:
    """Whether word *i* may be an adjective before a name: a lower-case word that is
    no function word, cue or place noun."""
    cues = text.cues
    word = text.lower(i)
    return bool(
        word
        and i >= 0
        and not text.words[i].is_capitalized
        and word not in cues.function_words
        and word not in cues.locative_prepositions
        and word not in cues.known_place_prepositions
        and word not in cues.place_object_verbs
        and word not in cues.place_nouns
        and word not in cues.noun_links
    )


# How many words before "including" or "such as" the plural place noun may stand.
_EXAMPLE_REACH = 8


def _an_example_of_places(text: _Text, first: int) -> bool:
    """Whether the name is an example of places just named: "towns ..., including X".

    A phrase of :attr:`~geomap.text.cues.PlaceCues.example_phrases` stands right
    before the name, and a plural place noun at most :data:`_EXAMPLE_REACH` words
    before the phrase, in the same sentence.
    """
    cues = text.cues
    for phrase in cues.example_phrases.ending_with(text.before(first)):
        size = len(phrase)
        if any(text.before(first, size - n) != word for n, word in enumerate(phrase)):
            continue
        sentence = text.sentence_index(text.start_of(first))
        for i in range(first - size - 1, max(first - size - 1 - _EXAMPLE_REACH, -1), -1):
            if text.sentence_index(text.words[i].start) != sentence:
                break
            if text.keys[i] in cues.plural_place_nouns:
                return True
    return False


def _inside_name(
    text: _Text,
    first: int,
    last: int,
    span_words: set[int],
    *,
    country: bool = False,
    list_start: int | None = None,
) -> Literal["meant", "area", "word"] | None:
    """Whether the name is joined to capitalised words that are not places, and how.

    ``"meant"``: the place is the owner or jurisdiction of the longer name ("China's
    Health Ministry", "US President", "the Government of India"), as a *country* is
    of any longer name it opens ("U.S. Food and Drug Administration"); ``"area"``: the
    longer name ends with it ("SOS Children's Villages Sudan"), which names the
    place when it is an area (a country, a division, a world region) and not a
    town's name ("Taco Bell"); ``"word"``: only a word of the longer name ("New
    York Times", "University of California") or of a product's or team's ("Aleppo
    soap", "the Liverpool captain"). None: the name stands on its own.
    """
    nxt = last + 1
    # "Marawi, Philippines - Families fled...": a dash between spaces ends a dateline
    # or a clause; it joins no name.
    spaced_dash = nxt < len(text.words) and _SPACED_DASH_RE.fullmatch(text.gap(last)) is not None
    # "Dublin Bay prawns": the product's noun may follow a feature named after the place.
    end = last + 1 if _name_end_after(text, last) else last
    if (
        (text.after(end) in text.cues.product_nouns or text.after(end) in text.cues.team_nouns)
        and text.gap(end).strip() in ("", "-")  # "Kansas City-style ribs"
        and not (end + 1 < len(text.words) and _SPACED_DASH_RE.fullmatch(text.gap(end)))
        and not text.words[end].possessive
        and not _landmark_after(text, end)
    ):
        return "word"  # "Aleppo soap", "the Liverpool captain"; not "the Azovstal steel works"
    if (
        text.after(last) in text.cues.sport_words
        and (
            text.after(last, 2) in text.cues.team_nouns
            or text.after(last, 2) in text.cues.team_words
        )
        and not text.words[last].possessive
    ):
        return "word"  # "the Wales rugby squad", "the England cricket team"
    if _named_as_a_thing(text, first, last, list_start) or first in text.title_words:
        return "word"  # also a film's or a book's title: "Letters to Aleppo"
    if _a_road_number_after(text, first, last):
        return "word"  # "a gas station on Ohio 48", "the shoulder of U.S. 23": a road
    if (
        nxt < len(text.words) and _AMPERSAND_RE.fullmatch(text.gap(last)) and text.is_name_word(nxt)
    ) or (
        first > 0 and _AMPERSAND_RE.fullmatch(text.gap(first - 1)) and text.is_name_word(first - 1)
    ):
        return "word"  # "Hudson & Kent", "Marks & Spencer": a firm's, a duo's name
    if text.joined(first - 1) and _CAMEL_CASE_RE.fullmatch(text.words[first - 1].text):
        return "word"  # "macOS Sonoma", "iPhone Air": a brand written in camel case
    start = first if list_start is None else list_start
    year = 1 if text.lower(start - 1).isdigit() else 0  # "a bottle of 1870 Madeira"
    if text.before(start, 1 + year) in text.cues.noun_links and (
        text.before(start, 2 + year) in text.cues.container_nouns
        or text.before(start, 2) in text.cues.team_nouns
    ):
        # "cases of Bordeaux", "trays of Stilton, Lancashire and Gouda"; "the captains
        # of Inter and Milan"
        return "word"
    if (
        first == last
        and text.before(first) in text.cues.indefinite_articles
        and (
            not text.after(last)
            or text.after(last) in text.cues.list_conjunctions
            or text.after(last) in text.cues.locative_prepositions
            or text.gap(last).strip(" \t\u00a0")[:1] in (".", ";", "!", "?")
        )
    ):
        # "a Manhattan and a Singapore sling": a drink; "a Rioja from the family's
        # cellar": a wine. A place after "a" qualifies the noun after it ("a Dallas
        # court"); before a preposition or at a clause's end, it is a thing.
        return "word"
    possessive = (
        nxt < len(text.words)
        and text.words[last].possessive
        and _POSSESSIVE_GAP_RE.fullmatch(text.gap(last)) is not None
    )
    if (text.joined(last) and not spaced_dash) or possessive:
        key = text.lower(nxt)
        suffixes = text.cues.actor_hyphen_suffixes
        actor_suffix = (text.words[last].hyphen_after and key in suffixes) or (
            text.words[nxt].hyphen_after and text.lower(nxt + 1) in suffixes
        )
        # A name word in lower case after a space is running text ("that New Delhi
        # press for a ceasefire"); after a possessive it still names a body ("Russia's
        # defence ministry").
        if not actor_suffix and (
            (key in text.cues.name_words and (possessive or text.words[nxt].is_capitalized))
            or _a_name_word_ahead(text, nxt)
            or (
                text.is_name_word(nxt)
                and nxt not in span_words
                and key not in text.cues.name_tails
                and not text.words[last].hyphen_after
            )
        ):
            opens = not (text.joined(first - 1) and text.is_name_word(first - 1))
            jurisdiction = possessive or key in text.cues.jurisdiction_words
            # "Qatar Airways": a firm's name, though a country opens it ("U.S. Army").
            firm = key in text.cues.company_words
            # "the Kachin Independence Army": a town inside a longer name owns nothing.
            owns = jurisdiction and (opens or possessive)
            return "meant" if owns or (country and opens and not firm) else "word"
    prev = first - 1
    if (
        prev >= 0
        and text.joined(prev)
        and not text.words[prev].possessive
        and text.is_name_word(prev)
        and text.lower(prev) not in text.cues.generic_name_words
    ):
        if text.lower(prev) in text.cues.company_words:
            # "Air Canada", "Cathay Pacific": a firm's name ("Air" is also Niger's Aïr).
            return "word"
        # "the Royal Victoria Hospital": a landmark's name, though "Royal" is a town;
        # "the African Union", a body's, though "African" is a people and Union a town.
        if (
            prev not in span_words
            or (prev in text.demonym_lasts and text.lower(last) in text.cues.name_words)
            or (text.joined(last) and _landmark_after(text, last) == 1)
        ):
            return "area"  # "Save the Children UK": the country's branch
    if _after_a_group_in(text, first, list_start):
        return "word"  # "al-Qaeda in the Arabian Peninsula": a branch's name
    # "the Government of India", "the University of California"; "the Duke of Edinburgh"
    owner = text.before(first, 2)
    if (
        text.before(first) in text.cues.noun_links
        and (owner in text.cues.name_words or owner in text.cues.title_heads_of)
        and text.words[first - 2].is_capitalized
    ):
        return "meant" if owner in text.cues.jurisdiction_words else "word"
    return None


# How many capitalised words after a place's name may lead to the word that ends an
# organisation's name ("Kosovo Liberation Army", "Sudan People's Liberation Movement").
_NAME_WORD_REACH = 3


# How many words an armed group's name may have before "in" ("the Islamic State in
# the Greater Sahara").
_GROUP_NAME_REACH = 3


def _after_a_group_in(text: _Text, first: int, list_start: int | None) -> bool:
    """Whether the name follows an armed group's name, "in" and "the": "al-Qaeda in the
    Islamic Maghreb", "the Islamic State in Iraq and the Levant" are branches' names
    (``places-organisation-names.txt``); "the Islamic State in Raqqa" is where it
    fights. *list_start* is where the list the name ends starts, if it is in one."""

    def before_run(i: int) -> int:
        # The word before the name and the capitalised words joined to it ("Greater").
        i -= 1
        while i > 0 and text.words[i].is_capitalized and text.joined(i):
            i -= 1
        return i

    i = before_run(first)
    if text.lower(i) not in text.cues.determiners:
        return False
    if list_start is not None and list_start < first:
        i = before_run(list_start)
    elif text.lower(i - 1) in text.cues.list_conjunctions and text.is_name_word(i - 2):
        i = before_run(i - 2)  # "in Iraq and the Levant"
    if text.lower(i) in text.cues.determiners:
        i -= 1
    if i < 1 or text.lower(i) != "in":
        return False
    sizes = range(1, min(_GROUP_NAME_REACH, i) + 1)
    return any(" ".join(text.keys[i - size : i]) in text.cues.organisation_names for size in sizes)


def _a_name_word_ahead(text: _Text, nxt: int) -> bool:
    """Whether the capitalised words from word *nxt* run into an organisation's or a
    title's word, whatever places they name on the way ("Liberation" is a town in
    GeoNames): "the Kosovo Liberation Army" is a body's name. A run with a place's or
    a landmark's noun in it names a place ("İstanbul Atatürk International Airport",
    "the Santa Ana Unified School District")."""
    cues = text.cues
    run: list[str] = []
    for i in range(nxt, min(nxt + _NAME_WORD_REACH, len(text.words))):
        if not text.words[i].is_capitalized:
            break
        run.append(text.lower(i))
        if not (text.joined(i) or text.words[i].possessive):
            break
    if any(word in cues.landmark_nouns or word in cues.place_nouns for word in run):
        return False
    return any(word in cues.name_words for word in run)


def _names_a_product(text: _Text, first: int, last: int) -> bool:
    """Whether a thing or a person takes the name: "a bar called Siena", "a scent
    called Havana", "a nurse named Carolina", "Florence, a face cream".

    A naming phrase ("called", "is named") stands just before the name, after a
    product noun or a common noun that is no place's (:func:`_a_thing_noun_before`);
    or a product noun stands at most :data:`_APPOSITION_REACH` words into an
    apposition.
    """
    cues = text.cues
    # "a bar called the Vienna": a determiner may follow the naming phrase.
    skip = 1 if text.before(first) == "the" else 0
    for phrase in cues.naming_phrases.ending_with(text.before(first, 1 + skip)):
        size = len(phrase)
        if all(text.before(first, size - n + skip) == word for n, word in enumerate(phrase)) and (
            text.before(first, size + skip + 1) in cues.product_nouns
            or _a_thing_noun_before(text, first - size - skip)
        ):
            return True
    # "Galway Bay, a chestnut colt", "Bay of Naples, a filly": the apposition follows
    # the whole name.
    end = last
    while end - last < _NAME_WORD_REACH:
        if text.joined(end) and text.is_name_word(end + 1):
            end += 1
        elif skip := _of_join(text, end):
            end += skip
        else:
            break
    if _apposition_noun(text, end) in cues.product_nouns:
        # "In Leeds, the Paris bar closed": after "in", the noun is another thing's; not
        # after "to" ("the tent belonged to Paris, the masked DJ"). Where the name is
        # in a longer one ("Bay of Naples"), where that one stands.
        head = _of_head(text, first)
        return not _in_place_position(text, first if head is None else head)
    # "based in California, the pistachio supplier, ...": the firm is the subject's.
    return _a_body_in_apposition(text, last) and not _in_place_position(text, first, known=True)


def _a_body_in_apposition(text: _Text, last: int) -> bool:
    """Whether a phrase in apposition after word *last*, set off by commas, is a body's
    noun: "Orange, the French operator, will sell it"; not "in Mosul, the group said",
    where the noun opens the next clause."""
    cues = text.cues
    if not _opens_an_apposition(text, last):
        return False
    for i in range(last + 2, min(last + 2 + _APPOSITION_REACH, len(text.words))):
        if text.keys[i] in cues.place_nouns or text.breaks[i - 1]:
            return False
        if text.keys[i] in cues.organisation_nouns:
            return i + 1 < len(text.words) and text.gap(i).startswith(",")
    return False


def _named_as_a_thing(text: _Text, first: int, last: int, list_start: int | None = None) -> bool:
    """Whether the name is given to a thing, a body or a team where it stands: "a scent
    called Havana", "signed for Genoa", "the telecoms group Nokia", "the band Kansas",
    a group's name after a people's ("the American veterans Kansas and Chicago": the
    list that starts at *list_start*, if the name is in one), and the teams of a match
    report ("Nice beat Lens 2-0 and Lyon lost at home to Monaco"), though not a name
    inside a longer one there; and the makers of works ("albums by Chicago and
    America")."""
    start = first if list_start is None else list_start
    return (
        _names_a_product(text, first, last)
        or _quoted_alone(text, first, last)
        or _named_as_a_team(text, first, last, list_start)
        or _after_a_peoples_noun(text, start)
        or _after_cue(text, start, text.cues.work_cues_before) is not None
        # "a smoked Cheddar", "crumbly Lancashire": a cheese, a dish
        or text.before(start) in text.cues.food_adjectives
        or _a_thing_given_a_name(text, first, last)
        # "Glasgow's own Texas": a town's band or team, not another place.
        or (text.before(first) == "own" and first > 1 and text.words[first - 2].possessive)
        or (
            # "the telecoms group Nokia", "the abbey beer Grimbergen"
            (
                text.before(first) in text.cues.organisation_nouns
                or text.before(first) in text.cues.product_nouns
            )
            and not text.words[first - 1].is_capitalized
        )
        or (
            bool(text.match_sentences)
            and (
                text.sentence_index(text.start_of(first)) in text.match_sentences
                # Elsewhere in a game's report, a team is any name where no place
                # stands: "Wales, who beat Italy, face England" but "the trip to Spain",
                # "the Brooklyn-born American".
                or not (
                    _in_place_position(text, first, known=True)
                    or text.words[last].hyphen_after
                    or text.words[last].possessive
                )
            )
            and text.before(first) not in text.cues.locative_prepositions
            # Not a word of a longer name; a dash between spaces joins none ("Memphis,
            # Tennessee - San Antonio beat Houston 118-109").
            and not (
                text.joined(first - 1)
                and text.is_name_word(first - 1)
                and _SPACED_DASH_RE.fullmatch(text.gap(first - 1)) is None
            )
            # "INDIAN WELLS, Calif., March 17 - ... beat Kovac 4-6, 7-6": the dateline's
            # town is where the match was played, in its state ("Memphis, Tennessee -").
            and not (text.dateline_end is not None and last <= text.dateline_end)
            # "an American from Boca Raton, Florida": the state of a town that stands
            # where a place stands.
            and not _pairs_a_placed_name(text, first)
        )
    )


# How many words back the article of a thing given a name may stand ("a long-coated").
_THING_ARTICLE_REACH = 3


def _a_thing_given_a_name(text: _Text, first: int, last: int) -> bool:
    """Whether an indefinite article stands before the name, at most
    :data:`_THING_ARTICLE_REACH` words back, and a naming phrase right after it ("a
    long-coated Chihuahua named Taco Tuesday", "a Jersey called Daisy"): the name is a
    breed's or a thing's, which is given a name; a place is named so itself ("a town
    called Kobani")."""
    articles = text.cues.indefinite_articles
    for n in range(1, _THING_ARTICLE_REACH + 1):
        if text.before(first, n) in articles:
            break
        if not _an_adjective(text, first - n):
            return False  # "a village near Kharkiv called ...": the village is named
    else:
        return False
    return any(
        tuple(text.after(last, n + 1) for n in range(len(phrase))) == phrase
        for phrase in text.cues.naming_phrases
    )


def _pairs_a_placed_name(text: _Text, first: int) -> bool:
    """Whether a comma and a name that the gazetteer knows, standing where a place
    stands, come right before word *first* ("from Boca Raton, Florida")."""
    return (
        first >= 2
        and _PAIR_GAP_RE.fullmatch(text.gap(first - 1)) is not None
        and _a_placed_name_ends_at(text, first - 1)
    )


def _a_placed_name_ends_at(text: _Text, end: int) -> bool:
    """Whether a name the gazetteer knows ends at word *end* and stands where a place
    stands ("from Boca Raton", "on to Cairns")."""
    start = end
    while start not in text.known_starts and end - start < _NAME_WORD_REACH:
        if not (start > 0 and text.joined(start - 1) and text.is_name_word(start - 1)):
            return False
        start -= 1
    return start in text.known_starts and _in_place_position(text, start, known=True)


def _named_as_a_team(text: _Text, first: int, last: int, list_start: int | None = None) -> bool:
    """Whether a sports cue names a team where the name stands: one before it or the
    list it opens ("signed for Genoa", "the match between Hamilton and Elgin"), a plural
    verb after it (:func:`_a_team_by_its_verb`), a team's people after it
    (:func:`_a_team_by_its_people`), a list of teams in a game's report
    (:func:`_teams_in_a_game_report`) or a player's transfer
    (:func:`_a_transfer_between_clubs`)."""
    start = first if list_start is None else list_start
    return (
        _after_cue(text, start, text.cues.team_cues_before) is not None
        or _a_team_by_its_verb(text, first, last)
        or _a_team_by_its_people(text, last)
        or _teams_in_a_game_report(text, start, last)
        or _a_transfer_between_clubs(text, first, last)
    )


# How many words a club's name may have between a transfer verb and "from".
_CLUB_NAME_WORDS = 3


def _a_transfer_between_clubs(text: _Text, first: int, last: int) -> bool:
    """Whether the name is a club of a player's transfer: "joined Leeds from Porto",
    "joined Glasgow Warriors from Toulouse" (both clubs). The club joined must open with
    a place's name: "joined the rebels from Tunisia" and "joined IS from Belgium" are
    no transfers."""
    verbs = text.cues.transfer_verbs
    if text.after(last) == "from" and text.before(first) in verbs:
        return True  # the club joined
    if text.before(first) != "from":
        return False
    club_last = first - 2
    for n in range(_CLUB_NAME_WORDS):
        club_first = club_last - n
        if club_first < 0 or not text.words[club_first].is_capitalized:
            return False
        if text.before(club_first) in verbs:
            return club_first in text.known_starts  # the club left
    return False


# How many words a list of teams may run on after the name.
_TEAM_LIST_REACH = 12


def _teams_in_a_game_report(text: _Text, start: int, last: int) -> bool:
    """Whether, in an article that reports a game (a sentence with a score and a match
    word), the name is in a list of names that opens a clause and takes a plural verb
    or a match word: "Denver, Phoenix and Sacramento have already qualified", "while
    Utah and Portland were eliminated", "Seattle and Kansas City both won"."""
    cues = text.cues
    if not text.match_sentences or not (
        text.starts_sentence(start) or text.before(start) in cues.clause_openers
    ):
        return False
    end = last
    for _ in range(_TEAM_LIST_REACH):
        nxt = end + 1
        if nxt < len(text.words) and text.lower(nxt) in cues.list_conjunctions:
            nxt += 1  # "... and Sacramento"
        elif nxt < len(text.words) and text.gap(end).strip(" ") not in ("", ","):
            break
        if nxt >= len(text.words) or not text.words[nxt].is_capitalized:
            break
        end = nxt  # the next name, or the next word of this one ("Kansas City")
    word = text.after(end)
    return (
        word in cues.team_words_after
        or word in cues.match_words
        or (text.after(end, 2) in cues.match_words and not text.words[end + 1].is_capitalized)
    )


def _a_team_by_its_verb(text: _Text, first: int, last: int) -> bool:
    """Whether a name opening a clause takes a plural verb or "away", as a team does in
    British writing ("England were bowled out", "Chelsea away on Saturday"); a town or
    a country takes the singular. Plural names ("the Netherlands are") do not count.
    """
    word = text.after(last)
    if word not in text.cues.team_words_after or text.keys[last].endswith("s"):
        return False
    if text.words[last].possessive or text.gap(last) != " " or text.after(last, 2) == "from":
        return False  # "Gaza away from the coast"
    opening = text.words[first].text
    if (
        text.keys[first] in text.cues.function_words
        or text.keys[first] in text.lower_case_words
        or any(mark in opening for mark in "'’")
    ):
        return False  # "Many are", "You'd have": common words, capitalised to open a sentence
    return text.starts_sentence(first) or (
        first > 0 and _SPACED_DASH_RE.fullmatch(text.gap(first - 1)) is not None
    )


def _a_team_by_its_people(text: _Text, last: int) -> bool:
    """Whether a team's people follow the name's possessive, with at most one word
    between ("England's captain", "Chelsea's head coach"; not "Russia's forward bases",
    whose noun also names things: see ``places-team-nouns.txt``), or follow the club's
    name the name opens ("the Cardiff City striker")."""
    nouns = text.cues.team_nouns
    if not text.words[last].possessive:
        # "the Cardiff City striker", "a Cardiff City match": a club's name of two
        # words, then its people or its game.
        return (
            last + 1 < len(text.words)
            and text.gap(last) == " "
            and text.words[last + 1].is_capitalized
            and (text.after(last, 2) in nouns or text.after(last, 2) in text.cues.match_words)
            and not text.words[last + 1].possessive
        )
    # "England's captain", "Chelsea's head coach", "Somerset's left-arm spinner": the
    # noun after at most two words in lower case.
    for n in range(1, _TEAM_NOUN_REACH + 1):
        if text.after(last, n) in nouns:
            return True
        if last + n >= len(text.words) or text.words[last + n].is_capitalized:
            return False
    return False


# How many words after a name's possessive may lead to its team's people.
_TEAM_NOUN_REACH = 3


# Quotation marks that open and close a title ("Casablanca", “Letters to Aleppo”).
_OPENING_QUOTES = frozenset('"“‘')
# The marks that end a word said alone inside its quotation marks (""Nice," he said").
_SPEECH_END_MARKS = frozenset(",!?.")
_CLOSING_QUOTES = frozenset('"”’')


def _quoted_alone(text: _Text, first: int, last: int) -> bool:
    """Whether quotation marks hug the name and nothing else, where no place stands: a
    title ("she first watched "Casablanca" as a teenager") or a word said alone
    (""Nice," he said"), not a quotation that opens with the name ("Bordeaux is back,"
    she said), nor a place in scare quotes ("aid reached "Mosul"")."""
    start, end = text.start_of(first), text.words[last].end
    closing = end + 1 if text.text[end : end + 1] in _SPEECH_END_MARKS else end
    return (
        start > 0
        and text.text[start - 1 : start] in _OPENING_QUOTES
        and text.text[closing : closing + 1] in _CLOSING_QUOTES
        # The quotation mark ends the clause for text.before: read the word before it.
        and text.lower(first - 1) not in text.cues.known_place_prepositions
        and text.lower(first - 1) not in text.cues.place_object_verbs
    )


def _after_a_peoples_noun(text: _Text, first: int) -> bool:
    """Whether a people's name and a plural noun stand right before the name, after a
    determiner: "the American veterans Kansas and Chicago", "the Scottish rockers
    Nazareth" name a group. A place noun ("the Syrian towns of ...") is no such noun."""
    noun = text.before(first)
    cues = text.cues
    return (
        first >= 3
        and noun.endswith("s")
        and not text.words[first - 1].is_capitalized
        and noun not in cues.place_nouns
        and noun not in cues.function_words
        and first - 2 in text.demonym_lasts
        and text.before(first, 3) in cues.determiners
    )


# How many words of a noun phrase ("a new perfume") a naming phrase may follow.
_NAMED_NOUN_REACH = 3


def _a_thing_noun_before(text: _Text, phrase: int) -> bool:
    """Whether the words before word *phrase* are a noun phrase of a thing or a person.

    They are words, none a place's noun, back to a determiner, the noun right before in
    lower case ("a scent", "an independent perfume house", "a Shetland pony"): "a town
    called Saqba" and "the city formerly called Leningrad" name places, and "what
    locals called Aleppo" (no determiner) is left alone.
    """
    cues = text.cues
    for n in range(1, _NAMED_NOUN_REACH + 2):
        i = phrase - n
        word = text.before(phrase, n)
        if word in cues.determiners:
            return n > 1  # also "A" opening a sentence
        if not word or word in cues.named_place_nouns or (n == 1 and text.words[i].is_capitalized):
            return False
    return False


def _opens_an_apposition(text: _Text, last: int) -> bool:
    """Whether a comma and an article ("a", "the"...) follow word *last*."""
    return (
        last + 1 < len(text.words)
        and text.gap(last) == ", "
        and text.keys[last + 1] in text.cues.apposition_words
    )


def _a_language(text: _Text, first: int, last: int, list_start: int) -> bool:
    """Whether the people's name at words *first*..*last* is a language: a language
    word before it ("speaks fluent German"), or before a preposition before it
    ("translated into English"), or after it ("Spanish lessons", "French-speaking");
    or it is in a list (opening at word *list_start*) with a people's name that is a
    language so ("speaks French and English", "Welsh and English speakers"), or with
    peoples' names after a language's preposition, the list ending its clause where no
    noun follows for it to describe ("placards in Welsh and English."; not "in British
    and American hands")."""
    items = text.list_items.get(list_start, ((first, last),))
    if any(a in text.demonym_lasts and _a_language_by_its_words(text, a, b) for a, b in items):
        return True
    list_last = items[-1][1]
    list_end = text.words[list_last].end
    return (
        text.before(list_start) in text.cues.language_prepositions
        and not text.after(list_last)
        and text.text[list_end : list_end + 1] in _CLAUSE_END_MARKS
    )


def _a_language_by_its_words(text: _Text, first: int, last: int) -> bool:
    """Whether a language word stands before the people's name ("speaks fluent German"),
    or before a preposition before it ("translated into English"), or after it
    ("Spanish lessons", "French-speaking")."""
    cues = text.cues
    before = text.before(first)
    return (
        before in cues.language_before
        or (before in cues.language_prepositions and text.before(first, 2) in cues.language_before)
        or text.after(last) in cues.language_after
    )


def _apposition_noun(text: _Text, last: int) -> str | None:
    """The place or product noun of a phrase in apposition after word *last*, if any.

    "Avdiivka, an industrial town" gives "town", "Florence, a face cream" "cream": the
    first such noun at most :data:`_APPOSITION_REACH` words after "a" or "an". A
    product or place noun right before a place noun qualifies it: "Dunapentele, the
    steel town" gives "town", "Maidstone, the county town" "town".
    """
    cues = text.cues
    if not _opens_an_apposition(text, last):
        return None
    counted = 0
    # A word joined by hyphens counts once ("a four-year-old filly"), up to a bound.
    for n in range(1, _APPOSITION_REACH * _HYPHENATED_PARTS + 1):
        at = last + 1 + n
        if at >= len(text.words):
            return None
        if not text.words[at - 1].hyphen_after:
            counted += 1
            if counted > _APPOSITION_REACH:
                return None
        if text.is_name_word(at) and text.joined(at) and text.is_name_word(at + 1):
            # "Washington, the State Department": a name, not a noun describing it.
            return None
        noun = text.after(last + 1, n)
        if (noun in cues.product_nouns or noun in cues.place_nouns) and text.after(
            last + 1, n + 1
        ) in cues.place_nouns:
            # "the steel town", "the county town": the last noun is the head.
            return text.after(last + 1, n + 1)
        if noun in cues.place_nouns or noun in cues.product_nouns:
            return noun
    return None


def _after_cue(text: _Text, first: int, cues: Phrases) -> tuple[str, ...] | None:
    """The one of *cues* (word sequences) that ends right before word *first*, if any."""
    for cue in cues.ending_with(text.before(first)):
        n = len(cue)
        if tuple(text.before(first, n - k) for k in range(n)) == cue:
            return cue
    return None


def _actor_cue(text: _Text, first: int, last: int, list_start: int, is_demonym: bool) -> str | None:
    if is_demonym:
        return "a people or state named as an actor"
    if text.words[last].hyphen_after and text.lower(last + 1) in text.cues.actor_hyphen_suffixes:
        return f"'{text.words[last].text}-{text.words[last + 1].text}'"
    cue = _after_cue(text, list_start, text.cues.actor_cues_before)
    if cue is not None:
        return f"'{' '.join(cue)} …'"
    if text.after(last) in text.cues.actor_verbs_after and not text.words[last].possessive:
        return f"subject of '{text.words[last + 1].text}'"
    return None


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What the whole article says about where its names are.

    Attributes
    ----------
    ids
        The places the article names unambiguously (and ``within``), with the places
        containing them: ``id in evidence`` asks whether a place is in the article's
        context.
    anchors
        The points of the cities and first-level divisions among those (with the
        first word of the name that named each): a namesake near them is likelier
        than one across the world.
    pairs
        For a name written as "A, B" ("Paris, Texas", "Kherson, Ukraine"), the place B
        names, keyed by the first word of A and of B: it decides both.
    main_city
        The city the article is about (``within`` if a city, else the city it names
        unambiguously most often): where its districts resolve.
    sources
        For each id, the first words of the names that establish it (-1: ``within``).
    dominant
        For the first word of a name, the place it stands for on its own, if one
        dominates its namesakes ("China" the country, not the towns called China).
    suggestion_area
        The smallest place of the context with districts, where suggestions come from.
    divisions_by_country
        The first-level divisions among ``ids``, by country code.
    same_name
        For the first word of a name, the first words of all the occurrences of that
        name (itself included).
    named_as_such
        For each place a name stands for on its own or by its pair ("Wisconsin",
        "Wis."), the first words of those names; not its containers.
    paired_names
        The names (folded) whose first use a pair or a statement of where it lies
        resolves ("Hamilton is a city in the Waikato region"): a place wherever it
        stands alone, though a person bears the name too ("Captain John Hamilton").
    """

    ids: frozenset[str]
    anchors: tuple[tuple[float, float, int], ...] = ()
    pairs: dict[int, Place] = field(default_factory=dict)
    main_city: Place | None = None
    sources: dict[str, frozenset[int]] = field(default_factory=dict)
    dominant: dict[int, str] = field(default_factory=dict)
    suggestion_area: Place | None = None
    divisions_by_country: dict[str, tuple[str, ...]] = field(default_factory=dict)
    same_name: dict[int, frozenset[int]] = field(default_factory=dict)
    named_as_such: dict[str, frozenset[int]] = field(default_factory=dict)
    paired_names: frozenset[str] = frozenset()
    # Set by seen_from: the name the evidence is for, and the ids it may use anyway.
    for_name: int | None = None
    also: frozenset[str] = frozenset()
    _itself: frozenset[int] = frozenset()

    def seen_from(self, first: int, also: frozenset[str] = frozenset()) -> _Evidence:
        """The evidence for the name at word *first*: what the other names establish,
        and *also* (the places containing its dominant reading, not that reading).

        A name must not vouch for itself: "al-Mashhad" in an Aleppo report would
        otherwise put Iran in the context and read itself as Iran's Mashhad. The
        containers of a reading that stands alone do count: "Daraa" is in Syria
        whether it is the city or the governorate. A view, not a copy: asking costs
        the same whatever the number of names (a copy per name was quadratic).
        """
        # Made directly: dataclasses.replace reads the fields' list at every call.
        return _Evidence(
            ids=self.ids,
            anchors=self.anchors,
            pairs=self.pairs,
            main_city=self.main_city,
            sources=self.sources,
            dominant=self.dominant,
            suggestion_area=self.suggestion_area,
            divisions_by_country=self.divisions_by_country,
            same_name=self.same_name,
            named_as_such=self.named_as_such,
            paired_names=self.paired_names,
            for_name=first,
            also=also,
            _itself=self.same_name.get(first, frozenset((first,))),
        )

    def __contains__(self, place_id: object) -> bool:
        if self.for_name is None or place_id in self.also:
            return place_id in self.ids or place_id in self.also
        if place_id not in self.ids:
            return False
        named_by = self.sources.get(place_id, frozenset())
        return len(named_by) > 1 or self.for_name not in named_by

    def anchors_seen(self) -> Iterator[tuple[float, float]]:
        """The anchors other names set (see :meth:`seen_from`)."""
        return ((lat, lon) for lat, lon, first in self.anchors if first != self.for_name)

    def names_apart_from_itself(self, place_id: str) -> int:
        """How many names other than this one (at any of its occurrences) establish
        *place_id*."""
        return len(self.sources.get(place_id, frozenset()) - self._itself)

    def named_apart_from_itself(self, place_id: str) -> bool:
        """Whether a name other than this one, at any of its occurrences, establishes
        *place_id*: "Lunenburg County", twice in a Nova Scotia report, must not vouch
        for Virginia, where the county of its one reading lies."""
        return self.names_apart_from_itself(place_id) > 0

    def named_as_such_apart_from_itself(self, place_id: str) -> bool:
        """Whether a name other than this one stands for *place_id* itself."""
        return not self.named_as_such.get(place_id, frozenset()) <= self._itself


def _context(
    text: _Text,
    spans: list[_Span],
    gazetteer: Gazetteer,
    within: Place | None,
    pairs: dict[int, Place],
) -> _Evidence:
    """The places the article establishes, the places containing them, and its pairs
    (*pairs*, of :func:`_pairs`).

    Only names that stand on their own count: countries, first-level divisions and
    world regions, the shipped cities and regions by any of their names, and world
    cities by their main name when large. A world city found by an alternative name
    needs context itself, so it cannot supply any. A name that could be several such
    places ("Georgia": a country and a US state; "Victoria": a state and a large
    Canadian city) supplies none; one place dominates its namesakes when they are
    small towns ("Lebanon", and the towns called Lebanon).
    """
    sources: dict[str, set[int]] = {}
    dominant: dict[int, str] = {}
    anchors: list[tuple[float, float, int]] = []
    cities: Counter[str] = Counter()
    places: dict[str, Place] = {}

    def establish(place: Place, first: int) -> None:
        for established in (place, *gazetteer.ancestors(place)):
            sources.setdefault(established.id, set()).add(first)

    keys = {span.first: _span_key(text, span) for span in spans}
    span_words = {i for span in spans for i in range(span.first, span.last + 1)}
    # "London, Ky." is the town of the pair, in Kentucky, not England's capital, and so
    # is "London" later in the article (as :func:`_one_sense_per_name` decides it):
    # the sense a name's first use gives it. "Florence, Alabama ... named after
    # Florence, Italy" is not about Italy.
    first_uses = _first_uses(keys)
    paired = {
        keys[span.first]: place
        for span in spans
        if span.first in first_uses
        and (place := _paired_reading(span, pairs.get(span.first))) is not None
    }
    for span in spans:
        if _all_generic(text, span.first, span.last):
            continue  # "Chinatown", "the Old City": a part of any city
        # "Syrian troops": a people's name says which country the article is about.
        chosen = _paired_reading(span, paired.get(keys[span.first])) or span.demonym_of
        chosen = chosen or _dominant(
            [c for c in span.candidates if _establishes_context(c, gazetteer)]
        )
        if chosen is None or (
            _inside_name(text, span.first, span.last, span_words, country=chosen.kind == "country")
            == "word"
        ):
            # "the Kachin Independence Army", "the Phoenix Suns": a word of another name
            # puts no Missouri or Arizona in the article.
            continue
        if chosen.kind == "city":
            cities[chosen.id] += 1
            places.setdefault(chosen.id, chosen)
        establish(chosen, span.first)
        dominant[span.first] = chosen.id
        if chosen.kind in _ANCHORED_KINDS:
            anchors.append((chosen.lat, chosen.lon, span.first))
    # A large city by another of its names ("Raqqa": GeoNames' Ar Raqqah) in a country
    # the other names establish counts towards the article's city, and nothing more.
    for span in spans:
        if span.first not in dominant:
            large = _large_city_in(span.candidates, sources)
            if large is not None:
                cities[large.id] += 1
                places.setdefault(large.id, large)
    main_city = places[cities.most_common(1)[0][0]] if cities else None
    if within is not None:
        establish(within, -1)
        anchors.append((within.lat, within.lon, -1))
        if within.kind == "city":
            main_city = within
    by_name: dict[str, set[int]] = {}
    for first, key in keys.items():
        by_name.setdefault(key, set()).add(first)
    named_as_such: dict[str, set[int]] = {}
    for first, place_id in [*dominant.items(), *((f, p.id) for f, p in pairs.items())]:
        named_as_such.setdefault(place_id, set()).add(first)
    return _Evidence(
        frozenset(sources),
        _bounded_anchors(anchors),
        pairs,
        main_city,
        {place_id: frozenset(firsts) for place_id, firsts in sources.items()},
        dominant,
        _suggestion_area(gazetteer, sources),
        _divisions_by_country(sources),
        # One set per name, shared by its uses: a set per use is quadratic in the uses.
        {first: uses for uses in map(frozenset, by_name.values()) for first in uses},
        {place_id: frozenset(firsts) for place_id, firsts in named_as_such.items()},
        frozenset(paired),
    )


def _first_uses(keys: Mapping[int, str]) -> frozenset[int]:
    """The first word of each name's first use, of *keys* (first word -> name)."""
    seen: dict[str, int] = {}
    for first in sorted(keys):
        seen.setdefault(keys[first], first)
    return frozenset(seen.values())


def _paired_reading(span: _Span, place: Place | None) -> Place | None:
    """*place* if it is one of the span's readings."""
    if place is not None and any(c.place.id == place.id for c in span.candidates):
        return place
    return None


def _divisions_by_country(ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The first-level divisions among *ids*, by country code (``admin1-US-WA``)."""
    grouped: dict[str, list[str]] = {}
    for place_id in ids:
        if place_id.startswith("admin1-"):
            grouped.setdefault(place_id.split("-")[1], []).append(place_id)
    return {country: tuple(found) for country, found in grouped.items()}


def _large_city_in(
    candidates: Sequence[Candidate], established: Mapping[str, object]
) -> Place | None:
    """The one large world city among *candidates* that lies in an *established* country."""
    found = {
        c.place.id: c.place
        for c in candidates
        if _is_world_city(c.place)
        and (c.place.population or 0) >= settings.WORLD_CITY_MIN_POPULATION
        and f"country-{c.place.country}" in established
    }
    return next(iter(found.values())) if len(found) == 1 else None


def _bounded_anchors(
    anchors: list[tuple[float, float, int]],
) -> tuple[tuple[float, float, int], ...]:
    """The first :data:`~geomap.settings.MAX_ANCHORS` distinct points, each named at
    most twice (so that every name still sees the point when another names it too).

    Every candidate is measured against every anchor: without a bound, a list of
    hundreds of towns would cost hundreds times hundreds of distances.
    """
    kept: list[tuple[float, float, int]] = []
    seen: Counter[tuple[float, float]] = Counter()
    for lat, lon, first in anchors:
        point = (lat, lon)
        if seen[point] < 2 and (point in seen or len(seen) < settings.MAX_ANCHORS):
            seen[point] += 1
            kept.append((lat, lon, first))
    return tuple(kept)


def _standing_alone(gazetteer: Gazetteer, span: _Span, context: _Evidence) -> Place | None:
    """The span's dominant reading, unless another reading lies in a city the other
    names establish ("al-Mashhad" in an Aleppo report: the district, not Iran's city).

    Being in a country the article names does not cancel an area's dominance: "China"
    in a report naming the United States is still the country, not a town called
    China. It does cancel a city's, when the article does not name the city's own
    country: "Waterloo" in a Sierra Leone report is not Canada's; but "London" in a
    report naming the United States is England's
    (:data:`~geomap.settings.WORLD_FAMOUS_CITY_POPULATION`).
    """
    place_id = context.dominant.get(span.first)
    dominant = gazetteer.get(place_id) if place_id else None
    if dominant is None:
        return None
    others = context.seen_from(span.first)
    own_country = (
        f"country-{dominant.country}" in others
        or (dominant.population or 0) >= settings.WORLD_FAMOUS_CITY_POPULATION
    )
    size = dominant.population or 0
    for candidate in span.candidates:
        # A town a tenth of a large city's size does not outweigh it by its country
        # alone: "docked at Rotterdam" in a report naming the United States.
        dwarfed = (
            size >= settings.WORLD_CITY_MIN_POPULATION
            and (candidate.place.population or 0) * 10 <= size
        )
        if candidate.place.id != dominant.id and any(
            a.id in others
            and (
                a.kind in ("city", "region", "district")
                or (
                    a.kind == "country"
                    and not own_country
                    and not dwarfed
                    and (
                        dominant.kind == "city"
                        # "Nyanza" in a Rwanda report is the town, not Kenya's old
                        # province; "England" in a US report is not a village.
                        or (
                            dominant.kind in _DIVISION_KINDS
                            and (candidate.place.population or 0)
                            >= settings.WORLD_TOWN_MIN_POPULATION
                        )
                    )
                )
            )
            for a in gazetteer.ancestors(candidate.place)
        ):
            return None
    return dominant


def _dominant(candidates: list[Candidate]) -> Place | None:
    """The one place a name stands for on its own, or None when namesakes compete."""
    if not candidates:
        return None
    ranked = sorted(
        candidates, key=lambda c: (KINDS.index(c.place.kind), -(c.place.population or 0))
    )
    best = ranked[0].place
    capital = next((c.place for c in ranked if _capital_of(c.place, best)), None)
    if capital is None and best.kind in _DIVISION_KINDS:
        # "Gaza": of two provinces of that name, the one a large city is capital of.
        capital, best = next(
            (
                (city.place, division.place)
                for division in ranked
                if division.place.kind in _DIVISION_KINDS
                for city in ranked
                if (city.place.population or 0) >= settings.WORLD_CITY_MIN_POPULATION
                and _capital_of(city.place, division.place)
            ),
            (None, best),
        )
    large_capital = False
    if capital is not None:
        # "Damascus": the province named after its capital is the capital.
        ranked = [c for c in ranked if c.place.id != best.id]
        best = capital
        large_capital = (capital.population or 0) >= settings.WORLD_CITY_MIN_POPULATION
    for rival in (c.place for c in ranked if c.place.id != best.id):
        rival_population = rival.population or 0
        if large_capital and rival.kind in _DIVISION_KINDS:
            continue  # a province elsewhere named like a large city: the city
        if rival.kind != "city":
            return None  # two areas: a country and a state, two states
        if best.kind == "city" and rival_population * 10 > (best.population or 0):
            return None  # two cities of a size
        if best.kind != "city" and rival_population >= settings.WORLD_CITY_MIN_POPULATION:
            return None  # an area and a large city
    return best


def _capital_of(city: Place, division: Place) -> bool:
    """Whether *city* is a town of *division*'s country near its centre: its capital's
    namesake ("Homs" the city and "Homs" the governorate; "Bristol" the city and the
    county)."""
    return (
        division.kind in _DIVISION_KINDS
        and city.kind == "city"
        and city.country == division.country
        and (city.population or 0) >= settings.WORLD_TOWN_MIN_POPULATION
        and _km((city.lat, city.lon), (division.lat, division.lon)) <= settings.CAPITAL_MAX_KM
    )


# Candidates scoring within this of the best are its rivals: they lower its confidence,
# and a town among them in a division the article names takes the lead.
_RIVALS_WITHIN = 0.05
# What B may be in "A, B": a country, a state or province, a county ("Cowes, Isle of
# Wight"); how far from the point of a division a town of its name may lie to be in it
# when the world tier does not say (it knows each town's state, not its county).
_PAIRED_KINDS = ("country", "admin1", "admin2")
_PAIR_KM = {"admin1": settings.PAIR_MAX_KM, "admin2": settings.PAIR_COUNTY_MAX_KM}


def _pairs(text: _Text, spans: list[_Span], gazetteer: Gazetteer) -> dict[int, Place]:
    """Names written "A, B" where B is a country, first-level division or county
    containing an A.

    B may be a name ("Paris, Texas") or an abbreviation the press writes after a town
    ("Springfield, Ill.", "Dubbo, NSW"), from
    :meth:`~geomap.places.gazetteer.Gazetteer.region_abbreviations`.
    """
    pairs: dict[int, Place] = {}
    starts = {span.first: span for span in spans}
    abbreviations = gazetteer.region_abbreviations()
    for span in spans:
        after = span.last + 1
        if after >= len(text.words) or not _PAIR_GAP_RE.fullmatch(text.gap(span.last)):
            continue
        follower = starts.get(after)
        named = [c.place for c in follower.candidates] if follower else []
        abbreviated = (
            _abbreviation_at(text, abbreviations, after)
            if follower is None or follower.last == after
            else ()
        )
        places = [c.place for c in span.candidates]
        if any(
            c.place.kind == "country" and c.method in MAIN_NAME_METHODS for c in span.candidates
        ):
            # "Mexico, China, Japan and Brazil" lists countries, though Japan has a town
            # China: a country's name inside a list pairs with nothing.
            if _in_a_list(text, span.first, follower.last if follower else after):
                continue
            # "Iraq, Iran, and Syria" lists countries: a country's own name pairs only
            # with a place bearing it as its own too ("Georgia, USA"), not with Arak,
            # Iran, which GeoNames also calls "‘Irāq".
            places = [c.place for c in span.candidates if c.method in MAIN_NAME_METHODS]
        # "Delaware, Illinois, Kentucky" lists states: a name that is itself a region
        # pairs with a named region only when that region really contains one of its
        # readings. An abbreviation is written only after a town ("Washington, D.C.").
        is_region = any(p.kind in ("country", "admin1") for p in places)
        if is_region and not abbreviated and _in_a_list(text, span.first, after):
            # "Oregon, Virginia, Washington, West Virginia" lists states, though West
            # Virginia has a town called Washington.
            continue
        for region in [*named, *abbreviated]:
            if region.kind not in _PAIRED_KINDS:
                continue
            nearest_allowed = not is_region or region in abbreviated
            inside = _inside(
                gazetteer,
                places,
                region,
                nearest_allowed=nearest_allowed,
                own_names={c.place.id for c in span.candidates if c.method in MAIN_NAME_METHODS},
            )
            if inside is not None:
                pairs[span.first] = inside
                pairs[after] = region
                break
    for span in spans:
        stated = None if span.first in pairs else _stated_region(text, span, starts)
        if stated is None:
            continue
        region_span, bare = stated
        own_names = {c.place.id for c in span.candidates if c.method in MAIN_NAME_METHODS}
        places = [c.place for c in span.candidates]
        if {p.id for p in places} & {c.place.id for c in region_span.candidates}:
            continue  # "Hama (حماة)": another name of the same place, not its region
        for region in (c.place for c in region_span.candidates):
            if region.kind not in _PAIRED_KINDS:
                continue
            # A bare "A in B" is no statement that A is a place: its B must hold A
            # itself, not a town near its point ("Farmers in Maryland" is no Milan,
            # Michigan, though GeoNames gives it that name).
            inside = _inside(
                gazetteer,
                places,
                region,
                nearest_allowed=not bare or region.kind == "admin2",
                own_names=own_names,
            )
            if inside is not None:
                # The region keeps its own reading: "Lamu County" makes no later "Lamu",
                # the town, the county.
                pairs[span.first] = inside
                break
    return pairs


# At most this many words from a name to the region a statement of where it lies names
# ("Florence is a city in the far north-west of the state of Alabama": 12).
_STATEMENT_MAX_WORDS = 16
_OPEN_PARENTHESIS_GAP_RE = re.compile(r"[ \t\u00a0]*\([ \t\u00a0]*")
_SPACE_GAP_RE = re.compile(r"[ \t\u00a0]{1,3}")


def _stated_region(
    text: _Text, span: _Span, starts: Mapping[int, _Span]
) -> tuple[_Span, bool] | None:
    """The name of the region a statement of where the span's name lies puts it in.

    "Perth is a city on the River Tay in central Scotland", "Perth, a town in
    Scotland", "Hamilton is the capital of Bermuda", "the city of Perth in Scotland",
    "Perth in Scotland", "Perth (Scotland)": the region's span, when it opens within
    :data:`_STATEMENT_MAX_WORDS` words in the same sentence; else None. The statement
    calls the place by a noun (:attr:`~geomap.text.cues.PlaceCues.statement_nouns`)
    before the region's "in" or "of", unless "in" follows the name or its verb. The
    caller checks that the region holds a reading of the name, as for "A, B". Linear
    in the words looked at, at most :data:`_STATEMENT_MAX_WORDS`.
    """
    cues, keys, words = text.cues, text.keys, text.words
    count = len(words)
    after = span.last + 1
    if after >= count:
        return None
    sentence = text.sentence_index(words[span.first].start)

    def region_at(i: int) -> _Span | None:
        found = starts.get(i)
        if (
            found is None
            or found.demonym_of is not None
            or text.sentence_index(words[i].start) != sentence
        ):
            return None
        return found

    def region_after(i: int) -> _Span | None:
        """The region after the preposition at word *i*: "in central Scotland", "in
        the far north-west of the Mexican state of Veracruz" (lower-case words and a
        people's name, no comma, until the region)."""
        for j in range(i + 1, min(count, after + _STATEMENT_MAX_WORDS)):
            found = starts.get(j)
            if found is not None and found.demonym_of is None:
                return region_at(j)
            if (words[j].is_capitalized and found is None) or text.gap(j - 1).strip(" -"):
                return None
        return None

    def stated(region: _Span | None, bare: bool = False) -> tuple[_Span, bool] | None:
        return None if region is None else (region, bare)

    gap = text.gap(span.last)
    if _OPEN_PARENTHESIS_GAP_RE.fullmatch(gap):
        region = region_at(after)
        if region is not None:
            return stated(region)
        # "Perth (Gaelic: Peairt) is a city in central Scotland": the statement goes on
        # after the aside.
        close = next(
            (
                j
                for j in range(after, min(count - 1, after + _STATEMENT_MAX_WORDS))
                if ")" in text.gap(j)
            ),
            None,
        )
        if close is None or not _SPACE_GAP_RE.fullmatch(text.gap(close).rsplit(")", 1)[1]):
            return None
        after, gap = close + 1, " "
    i = after
    if _SPACE_GAP_RE.fullmatch(gap):
        while i < count and keys[i] in cues.statement_verbs and not words[i].is_capitalized:
            i += 1
        if i < count and keys[i] in cues.statement_prepositions:
            # "Perth in Scotland" (bare), "Valencia lies in Carabobo"
            return stated(region_after(i), bare=i == after)
        if i == after:
            return None
    elif not _PAIR_GAP_RE.fullmatch(gap):
        return None
    if i >= count or keys[i] not in cues.determiners or words[i].is_capitalized:
        return None
    named = False
    for j in range(i + 1, min(count, after + _STATEMENT_MAX_WORDS)):
        if named and (keys[j] in cues.statement_prepositions or keys[j] in cues.noun_links):
            region = region_after(j)
            if region is not None:
                return region, False
        elif not named:
            if words[j].is_capitalized:
                return None
            named = keys[j] in cues.statement_nouns
    return None


def _abbreviation_at(
    text: _Text, abbreviations: Mapping[str, tuple[Place, ...]], index: int
) -> tuple[Place, ...]:
    """The regions the word at *index* abbreviates, with the dot after it if there is
    one: "Ky." is Kentucky, "Colo" in "Nevada, Colo and Ames" no Colorado (the press
    writes "Colo."); "Qld." at a sentence's end is still Queensland's "Qld"."""
    word = text.words[index]
    key = abbreviation_key(word.text)
    if text.text.startswith(".", word.end) and not key.endswith("."):
        return abbreviations.get(f"{key}.") or abbreviations.get(key, ())
    return abbreviations.get(key, ())


def _in_a_list(text: _Text, first: int, last: int) -> bool:
    """Whether the names at words *first*-*last* ("A, B") go on a list: a name and a
    comma before them, or a comma or a list's conjunction and a name after them."""
    before = (
        first >= 2
        and text.is_name_word(first - 1)
        and _PAIR_GAP_RE.fullmatch(text.gap(first - 1)) is not None
    )
    after = (
        last + 2 < len(text.words)
        and (
            _PAIR_GAP_RE.fullmatch(text.gap(last)) is not None
            or text.after(last) in text.cues.list_conjunctions
        )
        # "China, Japan, and the United Kingdom"
        and any(text.is_name_word(i) for i in range(last + 1, last + 4))
    )
    return before or after


def _inside(
    gazetteer: Gazetteer,
    places: list[Place],
    region: Place,
    *,
    nearest_allowed: bool = True,
    own_names: frozenset[str] | set[str] = frozenset(),
) -> Place | None:
    """The one of *places* that *region* contains.

    World cities know their country but not their division, so for a division the
    city of its country nearest its point stands in, when *nearest_allowed*, nearness
    weighed against size (:data:`~geomap.settings.PAIR_KM_PER_TENFOLD`); a city the
    name is the own name of (ids in *own_names*) before one it is another name of
    ("El Paso, Texas" is El Paso, not Derby, Kansas, once called El Paso).
    """
    within = sorted(
        (p for p in places if p.id != region.id and gazetteer.is_within(p, region)),
        # "San Sebastian, Spain": the city of that name, before a town it is another
        # name of (San Sebastián de la Gomera); the shipped places, then the largest.
        key=lambda p: (p.id not in own_names, _is_world_city(p), -(p.population or 0)),
    )
    if within:
        # "Taiz, Yemen": the town, not the province named after it (its capital);
        # "Buenos Aires, Argentina": the country's capital, at its province's edge.
        divisions = [p for p in within if p.kind in _DIVISION_KINDS]
        capitals = [
            c
            for c in within
            if any(_capital_of(c, d) for d in divisions)
            or (bool(divisions) and _large_national_capital(gazetteer, c))
        ]
        return capitals[0] if capitals else within[0]
    if not nearest_allowed or region.kind not in _PAIR_KM or not region.country:
        return None
    same_country = [p for p in places if p.country == region.country and p.kind == "city"]
    near = [
        (
            p.id not in own_names,
            distance - settings.PAIR_KM_PER_TENFOLD * math.log10((p.population or 0) + 1),
            p,
        )
        for p in same_country
        if (distance := _km((p.lat, p.lon), (region.lat, region.lon))) <= _PAIR_KM[region.kind]
    ]
    return min(near, key=lambda found: found[:2])[2] if near else None


def _large_national_capital(gazetteer: Gazetteer, place: Place) -> bool:
    """Whether *place* is its country's capital and a large city (Washington, not the
    villages named after it)."""
    return (
        place.population or 0
    ) >= settings.WORLD_CITY_MIN_POPULATION and gazetteer.is_national_capital(place)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (haversine; what a ranking needs, not a survey)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _establishes_context(candidate: Candidate, gazetteer: Gazetteer) -> bool:
    place = candidate.place
    # A river crosses several countries: "the Danube" names none of them.
    if candidate.method == "skeleton" or place.kind in ("district", "river"):
        return False
    if place.kind in SMALL_KINDS:
        # A region names its city only when the city is in its name ("eastern Aleppo");
        # "the Old City" alone is the old city of whichever city the article is about.
        spelled = f" {name_key(candidate.matched_name)} "
        return any(f" {name_key(a.name)} " in spelled for a in gazetteer.ancestors(place))
    if _is_world_city(place):
        return (
            candidate.method in MAIN_NAME_METHODS
            and (place.population or 0) >= settings.WORLD_CITY_MIN_POPULATION
        )
    return True


def _is_world_city(place: Place) -> bool:
    return place.source == WORLD_SOURCE


def _supported(
    gazetteer: Gazetteer,
    candidate: Candidate,
    context: _Evidence,
    descriptor_kinds: tuple[str, ...],
    place_position: bool,
    paired: Place | None,
    generic: bool = False,
    written: str = "",
    definite: bool = False,
) -> bool:
    """Whether the article supports reading the name as this place.

    *descriptor_kinds* are the kinds of place the noun describing the name (if any)
    describes; *paired* is the place an "A, B" pattern gives the name; *generic*: the
    name is made of generic words only ("Old City", "Airport"), which is the name of
    a part of any city, so a world place of that name needs its country in the text;
    *written* is the name's fold as the text writes it; *definite*: a determiner
    stands before it ("the Danube").
    """
    place = candidate.place
    if paired is not None:
        return paired.id == place.id
    if place.kind in SMALL_KINDS:
        # A district or region needs its city or province in the article (or in
        # ``within``), not only its country: "Khalidiya" in a Homs report is not
        # Aleppo's al-Khaldiyeh.
        # A user's district without a parent belongs to whichever city that is.
        if place.parent is None:
            return context.main_city is not None
        return any(a.id in context for a in gazetteer.ancestors(place) if a.kind not in _WIDE_KINDS)
    if _is_world_city(place):
        if generic:
            # "the Old Town" in a Warsaw report is Warsaw's, not Stockholm's Gamla Stan
            # (GeoNames: "Old Town"), though a courier reached Stockholm.
            city = context.main_city
            return f"country-{place.country}" in context and (
                city is None
                or _km((place.lat, place.lon), (city.lat, city.lon)) <= settings.NEIGHBOUR_KM
            )
        return _world_city_supported(
            gazetteer, candidate, context, descriptor_kinds, place_position, written
        )
    if place.kind == "admin2":
        # "in Swat district", "in Los Angeles County": described, or a name of several
        # words, where a place stands.
        described = "admin2" in descriptor_kinds or " " in name_key(candidate.matched_name)
        return _county_supported(gazetteer, candidate, context, place_position and described)
    if place.kind == "river":
        # A stretch of a river where its country is named or near the places the
        # article names, written "the Sava river", "River Sava" (a river noun describes
        # it or is in its name) or, for a river reports name so, "the Danube": "Don
        # said" and "Orange shares" name no river, nor "the Litani River" in a Lebanon
        # report Suriname's.
        return ("river" in descriptor_kinds or definite) and (
            f"country-{place.country}" in context or _near_anchors(place, context)
        )
    if place.kind == "landmark":
        # An airport's name is often a town's ("Bali Airport" is in Cameroon): it needs
        # its country or its town in the article. A user's landmark with no country
        # ("al-Shifa Hospital") is what its row says wherever it is named.
        return (
            not place.country
            or f"country-{place.country}" in context
            or any(a.id in context for a in gazetteer.ancestors(place))
        )
    return True


def _county_supported(
    gazetteer: Gazetteer, candidate: Candidate, context: _Evidence, described: bool
) -> bool:
    """Whether the article supports a second-level division ("Scott County", "Swat").

    The United States have eleven Scott Counties, and GeoNames' districts worldwide
    bear names of every kind ("Indigo", "Prince"): a division needs its first-level
    division in the text; or its country, and no namesake there or in another country
    the text names; or, *described* as a division or written in several words where a
    place stands ("in Swat district", "in Los Angeles County"), no namesake anywhere and
    no other country in the text.
    """
    place = candidate.place
    # What the other names establish: a county that is the one reading of its name
    # would lend itself its state, at each of its mentions ("Lunenburg County" in a
    # Nova Scotia report is no county of Virginia for naming Virginia's).
    if context.for_name is None:
        named: Callable[[str], bool] = context.__contains__
    else:
        named = context.named_apart_from_itself
    if any(named(a.id) for a in gazetteer.ancestors(place) if a.kind == "admin1"):
        return True
    namesakes = [
        found
        for place_id, _spelling, _variant in gazetteer.ids_for_key(name_key(candidate.matched_name))
        if (found := gazetteer.get(place_id)) is not None and found.kind == "admin2"
    ]
    if named(f"country-{place.country}"):
        return sum(named(f"country-{found.country}") for found in namesakes) == 1
    # Described, with no namesake anywhere, in an article naming no other country.
    return (
        described
        and len({found.id for found in namesakes}) == 1
        and not any(i.startswith("country-") and named(i) for i in context.ids)
    )


def _world_city_supported(
    gazetteer: Gazetteer,
    candidate: Candidate,
    context: _Evidence,
    descriptor_kinds: tuple[str, ...],
    place_position: bool,
    written: str = "",
) -> bool:
    """How much a GeoNames city needs from the article, by its size and how it matched.

    A name described as a district is never a city of a country the article does not
    name. A large city by its main name (diacritics aside) stands on its own. A town needs
    its country in the text or a place position ("in X", "the town of X"); a village
    (under :data:`~geomap.settings.WORLD_TOWN_MIN_POPULATION`) needs both, since
    nearly any word or surname is a village somewhere, unless its name has several
    words. By an alternative name (GeoNames lists many, in many languages, and old
    names of small places are often another place's: York, Pennsylvania is "New
    York" in GeoNames): a large city with its country in the text, or where a place
    stands if it is famous or near the article's other places; a town only with both
    (with its country alone when the name is one letter off its main one: "Izium" for
    Izyum); and a village only with both and when the name is a spelling of its main
    one (a town's other names are in use: Kobani is the town GeoNames calls 'Ayn al
    'Arab).
    """
    place = candidate.place
    population = place.population or 0
    in_country = f"country-{place.country}" in context or place.id in context
    district = descriptor_kinds[:1] == ("district",)
    if district and not in_country:
        # "Eastleigh, a Nairobi district" in a Kenya report is no English town.
        return False
    # Described as a town; or, in its country, by a noun first of districts (not
    # "region"), since GeoNames lists a city's districts as populated places too
    # ("the Khormaksar district": Khawr Maksar, in Yemen).
    placed = place_position or "city" in descriptor_kinds or district
    town = population >= settings.WORLD_TOWN_MIN_POPULATION
    if (
        not town
        and candidate.method != "exact"
        and next(context.anchors_seen(), None) is not None
        and not any(
            _km((place.lat, place.lon), anchor) <= settings.RESPELT_VILLAGE_KM
            for anchor in context.anchors_seen()
        )
    ):
        # A village spelt otherwise than GeoNames writes it stands near the towns the
        # article names: "Hadda" in a Sanaa report is a quarter, not Saudi Arabia's Al
        # Hadā; "Nariman" in an Osh one is no Narimanov on the Volga.
        return False
    if candidate.method in MAIN_NAME_METHODS or _main_name_and_town_noun(written, place.name):
        if population >= settings.WORLD_CITY_MIN_POPULATION:
            return True
        if town:
            # "fighting in al-Dour" in an Iraq report is not Dour, Belgium: a town of a
            # one-word name far from all the article's places needs its country named
            # (a name of several words, "Charlotte Amalie", is seldom another's).
            return in_country or (
                placed
                and (
                    " " in written or _near_the_article(gazetteer, place, context, settings.FAR_KM)
                )
            )
        # A village: a name of several words ("Kafr Batna") is seldom an English word
        # or a surname by chance, so its country in the text is enough.
        return in_country and (placed or " " in written)
    if population >= settings.WORLD_CITY_MIN_POPULATION:
        # Far from every place the article names, only a famous city is called by
        # another name ("flew to Bombay"): "Manda airport" in a Kenya report is not
        # Handa, Japan, nor "the Boni forest" Bonn; "Israeli strikes hit Gaza City"
        # is near Israel.
        return in_country or (
            placed
            and (
                population >= settings.WORLD_FAMOUS_CITY_POPULATION
                or _near_the_article(gazetteer, place, context, settings.NEAR_KM)
            )
        )
    if town and written and in_country and _one_letter_respelt(written, place.name):
        # "Izium", GeoNames' Izyum: a transliteration one letter off the main name is
        # as good as the main name; "Kallam" for "Kalam" or "Frome" for "From" are not.
        return True
    if in_country and " " in written and _a_spelling_of(written, place.name):
        # "Abu Kamal", GeoNames' Ālbū Kamāl; "Bint Jbeil", its Bent Jbaïl: a name of
        # several words spelt like the main name is as good as it, as for a village.
        return True
    return in_country and placed and (town or _a_spelling_of(written, place.name))


def _near_the_article(gazetteer: Gazetteer, place: Place, context: _Evidence, km: float) -> bool:
    """Whether *place* lies within *km* of a city or division the article's other names
    establish or of the point of a country they establish, or they establish none."""
    point = (place.lat, place.lon)
    countries = [
        country
        for place_id in context.ids
        if place_id.startswith("country-")
        and place_id in context
        and (country := gazetteer.get(place_id)) is not None
    ]
    anchors = [*context.anchors_seen(), *((c.lat, c.lon) for c in countries)]
    return not anchors or any(_km(point, anchor) <= km for anchor in anchors)


def _main_name_and_town_noun(written: str, name: str) -> bool:
    """Whether *written* is *name*'s fold and a singular noun of towns after it: "Gaza
    City", which GeoNames lists as another name of Gaza, is as good as its main name."""
    key = name_key(name)
    noun = written[len(key) + 1 :]
    cues = place_cues()
    return (
        written.startswith(key + " ")
        and " " not in noun
        and "city" in cues.place_nouns.get(noun, ())
        and noun not in cues.plural_place_nouns
    )


def _one_letter_respelt(written: str, name: str) -> bool:
    """Whether *written* is *name*'s fold with one letter replaced by another, in
    names of :data:`_RESPELT_MIN_LETTERS` letters or more ("izium" for Izyum)."""
    key = name_key(name)
    return (
        len(written) == len(key) >= _RESPELT_MIN_LETTERS
        and sum(a != b for a, b in zip(written, key, strict=True)) == 1
    )


# Shorter names are too often words one letter off a town's ("more", "mora").
_RESPELT_MIN_LETTERS = 5


def _a_spelling_of(written: str, name: str) -> bool:
    """Whether an alternative name is a spelling of the main one, not another name.

    GeoNames' alternatives of small places include old and neighbouring names
    ("Cumbria" for Cumberland, Kentucky; "Illinois" for a Riverside); transliterations
    ("Kafar Batna" for Kafr Batna) stay close letter for letter.
    """
    from rapidfuzz import fuzz

    return not written or fuzz.ratio(written, name_key(name)) >= settings.MIN_SPELLING_SIMILARITY


def _score(
    gazetteer: Gazetteer,
    candidate: Candidate,
    context: _Evidence,
    descriptor_kinds: tuple[str, ...],
    paired: Place | None = None,
    written: str = "",
) -> float:
    """How well a candidate fits the article; the best supported candidate wins.

    The terms, largest first: the "A, B" pattern; being (inside) a place the article
    names; the noun describing it; nearness to the cities and divisions the article
    names; the place's own name (its main name, or a curated alternative: a country's
    name outranks a city's GeoNames alternative, "Mexico" is not Mexico City), then a
    GeoNames alternative that is a spelling of the main name (*written*, the name's
    fold as the text writes it: "Sloviansk" is Slovyansk, not Nikopol, though GeoNames
    gives Nikopol that name too); prominence (the order of magnitude of its
    population); the kind.
    """
    place = candidate.place
    score = settings.CONFIDENCE[candidate.method] + 0.05 * _KIND_PRIOR[place.kind]
    if paired is not None and paired.id == place.id:
        score += 1.0
    if place.id in context:
        score += 0.45  # named on its own elsewhere in the article
    else:
        # Inside a city the article names is stronger evidence than inside its
        # country: al-Hamdaniya in an Aleppo report is the district, not the village.
        score += max(
            (_container_bonus(place, a) for a in gazetteer.ancestors(place) if a.id in context),
            default=0.0,
        )
    if place.kind in descriptor_kinds:
        score += 0.2
    anchors = list(context.anchors_seen()) if place.kind in _ANCHORED_KINDS else []
    if anchors:
        nearest = min(_km((place.lat, place.lon), anchor) for anchor in anchors)
        if nearest <= settings.NEAR_KM:
            score += 0.1
        elif nearest <= 4 * settings.NEAR_KM:
            score += 0.05
    if candidate.method in MAIN_NAME_METHODS or (
        candidate.method == "alternative" and not _is_world_city(place)
    ):
        score += 0.15
    elif (
        candidate.method == "alternative"
        and (place.population or 0) >= settings.WORLD_FAMOUS_CITY_POPULATION
        and " " not in written
    ):
        # The world writes a world-famous city by its one-word exonym: "Mecca" is
        # GeoNames' Makkah, not the village of Mecca, California ("San Cristóbal" is
        # many towns' own name before it is one of Ecatepec's).
        score += 0.15
    elif (
        candidate.method == "alternative"
        and written
        and (_a_spelling_of(written, place.name) or _qualified_name_of(written, place.name))
    ):
        score += 0.1
    return score + 0.04 * _prominence(place)


def _qualified_name_of(written: str, name: str) -> bool:
    """Whether a main name is the written name with a qualifier after it: "Frankfurt am
    Main" and "Frankfurt (Oder)" are both spellings of "Frankfurt", however long the
    qualifier. Only for ranking namesakes: it supports no village's reading of a name
    (a bare "Hum" is not a village called "Hum ..."), so :func:`_a_spelling_of` does
    not count it."""
    return name_key(name).startswith(f"{written} ")


def _container_bonus(place: Place, container: Place) -> float:
    """What being inside *container*, which the article names, adds to *place*'s score.

    A world town's state or province adds no more than its country: a list of states
    does not make "Washington" a town of Illinois rather than the state. Among the
    namesakes of one country it decides (:func:`_prefer_named_divisions`).
    """
    if container.kind == "admin1" and _is_world_city(place):
        return _CONTAINER_BONUS["country"]
    return _CONTAINER_BONUS[container.kind]


def _prefer_named_divisions(
    gazetteer: Gazetteer,
    candidates: list[Candidate],
    scores: dict[str, float],
    context: _Evidence,
) -> None:
    """Towns (or counties) of one name in one country: the one in a state or province
    the article names, by its own name (Manchester, Kentucky in a report naming Kentucky,
    not the larger Manchester, Tennessee); of counties in several such, the one in the
    division the most names establish ("Butler County" in a report naming Ohio five times
    is Ohio's, though "Montgomery" once puts Alabama in the context too).

    Its score is raised just above its namesakes' of that country, however much larger
    they are ("Austin" in an Indiana report is Austin, Indiana), and no further: the
    division tells namesakes of one country apart, and weighs nothing against the
    divisions themselves ("Washington" in a list of states is the state, not a town of
    Utah) nor against the country's large capital ("Washington" in a report naming
    Pennsylvania is still the capital). Against a namesake of another country it
    decides only between rivals (within :data:`_RIVALS_WITHIN`).
    """
    # The divisions other names establish: not the containers of the name's dominant
    # reading, which the context lends it (Oregon, for "Portland").
    named = context if context.for_name is None else context.seen_from(context.for_name)

    def weight(candidate: Candidate) -> tuple[int, float]:
        """How many other names establish the candidate's division, then its score."""
        named_by = context.names_apart_from_itself(candidate.place.parent or "")
        return named_by, scores[candidate.place.id]

    towns: dict[tuple[str, bool], list[Candidate]] = {}
    for candidate in candidates:
        place = candidate.place
        if (
            _is_world_city(place) and candidate.method in MAIN_NAME_METHODS
        ) or place.kind == "admin2":
            towns.setdefault((place.country or "", place.kind == "admin2"), []).append(candidate)
    for (_, counties), namesakes in towns.items():
        inside = [c for c in namesakes if _in_a_division(c.place) and c.place.parent in named]
        # Towns all in named divisions keep their order: a city's own state is named by
        # the city alone ("BOSTON" in a report naming New York twice is still Boston).
        if inside and (counties or len(inside) < len(namesakes)):
            chosen = max(inside, key=weight if counties else lambda c: scores[c.place.id])
            _lead_with(gazetteer, namesakes, chosen, scores, rivals_only=False)
    # Towns of several countries: only a rival, in a division the article names itself
    # ("Stratford" in a Wisconsin report naming Canada too is the Wisconsin village, not
    # Stratford, Ontario; "Wellington" in a Sierra Leone report does not put the report
    # in New Zealand's Wellington Region).
    everywhere = [c for (_, county), found in towns.items() if not county for c in found]
    inside = [
        c
        for c in everywhere
        if _in_a_division(c.place) and context.named_as_such_apart_from_itself(c.place.parent or "")
    ]
    if (
        everywhere
        and inside
        and max(scores.values()) == max(scores[c.place.id] for c in everywhere)
    ):
        chosen = max(inside, key=lambda c: scores[c.place.id])
        # A leader whose country no other name establishes leads by its size alone:
        # "Utrecht" in a report naming KwaZulu-Natal is its town, not the Dutch city,
        # unless that is world-famous.
        leader = max(everywhere, key=lambda c: scores[c.place.id]).place
        unsupported = (
            f"country-{leader.country}" not in named
            and (leader.population or 0) < settings.WORLD_FAMOUS_CITY_POPULATION
        )
        _lead_with(gazetteer, everywhere, chosen, scores, rivals_only=not unsupported)


def _in_a_division(place: Place) -> bool:
    return place.parent != f"country-{place.country}"


def _lead_with(
    gazetteer: Gazetteer,
    namesakes: list[Candidate],
    chosen: Candidate,
    scores: dict[str, float],
    *,
    rivals_only: bool,
) -> None:
    """Raise *chosen* just above the best of *namesakes*, unless that one is a large
    national capital; when *rivals_only*, only above a namesake of another country
    scoring within :data:`_RIVALS_WITHIN` of it."""
    leader = max(namesakes, key=lambda c: scores[c.place.id])
    if _large_national_capital(gazetteer, leader.place):
        return
    best = scores[leader.place.id]
    if chosen.place.id != leader.place.id and (
        not rivals_only
        or (
            best - scores[chosen.place.id] < _RIVALS_WITHIN
            and chosen.place.country != leader.place.country
        )
    ):
        scores[chosen.place.id] = best + 0.001


def _prefer_capitals(
    candidates: list[Candidate],
    scores: dict[str, float],
    descriptor_kinds: tuple[str, ...],
    context: _Evidence,
    *,
    speaks: bool = False,
    written: str = "",
) -> None:
    """A division and a city of its country with the same name: the city, unless described.

    A province is usually named after its capital ("Homs", "Idlib", "New York"): the
    bare name is the city, "Homs province" the division. The city's score is raised
    just above the division's. The city must be a town near the division's centre:
    the village of California, Pennsylvania is no capital of California. A large city
    elsewhere in the country wins too, unless the article's other names are in that
    division or in another of the country's (a report naming Oregon and Washington
    means the state; one about Lebanon that names Washington, the capital), or the
    name *speaks* (is the subject of "said", "denied": "Washington denied" is the
    capital's government, even in a report naming Texas).
    """
    if any(kind in _DIVISION_KINDS for kind in descriptor_kinds):
        return
    for division in (c for c in candidates if c.place.kind in _DIVISION_KINDS):
        regional: bool | None = None
        for city in candidates:
            if city.method == "skeleton" or scores[city.place.id] > scores[division.place.id]:
                continue
            # "Oklahoma City" bears the name only as a shortening of its own, "Rio Grande"
            # the name "Rio Grande do Sul" only as a longer form: a capital by the rule
            # below only as a large city is ("Maryland" is no Maryland City), unless
            # world-famous ("New York").
            own = name_key(city.place.name)
            shortened = (
                city.method not in MAIN_NAME_METHODS
                and bool(written)
                and (own.startswith(written + " ") or written.startswith(own + " "))
                and (city.place.population or 0) < settings.WORLD_FAMOUS_CITY_POPULATION
            )
            if shortened or not _capital_of(city.place, division.place):
                if not (
                    city.place.kind == "city"
                    and (city.method in MAIN_NAME_METHODS or shortened)
                    and city.place.country == division.place.country
                    and (city.place.population or 0) >= settings.WORLD_CITY_MIN_POPULATION
                ):
                    continue
                if regional is None:
                    regional = not speaks and _divisions_named(context, division.place)
                if regional:
                    continue
            scores[city.place.id] = scores[division.place.id] + 0.01


def _prefer_national_capitals(
    gazetteer: Gazetteer,
    candidates: list[Candidate],
    scores: dict[str, float],
    context: _Evidence,
) -> None:
    """A large national capital over its namesakes abroad that are no larger and that
    only their country supports.

    "Washington has sided with Britain" is the American capital, not the town in
    Tyne and Wear, though the article names Britain; "Canberra and Wellington are
    sending ships" is New Zealand's capital. A namesake the article places more
    closely (its city or division named, or near the article's cities and divisions:
    Buenos Aires in a report on Colombia's Cauca) keeps the lead, if it has it. Else
    the capital's score is raised just above the best of its rivals.
    """
    capital = next(
        (
            c.place
            for c in candidates
            if c.method in MAIN_NAME_METHODS and _large_national_capital(gazetteer, c.place)
        ),
        None,
    )
    if capital is None:
        return
    ahead = [c.place for c in candidates if scores[c.place.id] >= scores[capital.id]]
    if all(
        place.id == capital.id
        or (
            place.kind == "city"
            and place.country != capital.country
            and (place.population or 0) <= (capital.population or 0)
            and place.id not in context
            and not any(
                a.id in context
                for a in gazetteer.ancestors(place)
                if _container_bonus(place, a) > _CONTAINER_BONUS["country"]
            )
            and not _near_anchors(place, context)
        )
        for place in ahead
    ):
        scores[capital.id] = max(scores[place.id] for place in ahead) + 0.01


def _divisions_named(context: _Evidence, division: Place) -> bool:
    """Whether the article's other names establish *division* or another first-level
    division of its country (at most the country's divisions are looked at)."""
    named = context.divisions_by_country.get(division.country or "", ())
    return division.id in context or any(
        place_id != division.id and place_id in context for place_id in named
    )


def _prominence(place: Place) -> float:
    """The order of magnitude of a place's population, or its kind's usual one."""
    if place.population:
        return math.log10(place.population)
    return _USUAL_PROMINENCE[place.kind]


def parse_places(
    document: Document,
    gazetteer: Gazetteer,
    *,
    within: Place | None = None,
) -> Document:
    """Find, resolve and classify every place name in *document*.

    Parameters
    ----------
    document
        The article read by the text layer (:func:`geomap.text.document.read_document`);
        names are found within its sentences.
    gazetteer
        Where names are looked up.
    within
        A place the article is known to be about; its districts are supported
        even when the article does not name it.

    Returns
    -------
    Document
        The same document with its :attr:`~geomap.model.Document.mentions` set, in
        text order: what the events and control stages read. Names inside other
        names are kept with status ``not_a_place`` so a reader can see why they
        were not mapped.

    Examples
    --------
    >>> from geomap.places.gazetteer import Gazetteer
    >>> from geomap.text.articles import article_from_text
    >>> document = read_document(article_from_text("Shelling hit Firdaus, in Aleppo."))
    >>> [(m.text, m.place.name) for m in parse_places(document, Gazetteer()).mentions]
    [('Firdaus', 'al-Fardos'), ('Aleppo', 'Aleppo')]
    """
    article = document.article
    text = _Text(document)
    # "the Bay of Pigs": "Bay" opens a feature's name, and is no place called Bay.
    spans = [
        s
        for s in _find_spans(text, gazetteer)
        if not (s.first == s.last and _of_join(text, s.first))
    ]
    span_words = {i for s in spans for i in range(s.first, s.last + 1)}
    spans = _per_sentence(text, spans, lambda span: span.first)
    text.dateline_last = _dateline_town(text, spans, gazetteer)
    if text.dateline_end is None:
        text.dateline_end = text.dateline_last
    # "FAO", "EST", "UGA": acronyms, not the places spelt so (Fao, Est, Uga).
    spans, acronyms = _without_acronym_readings(text, spans)
    span_words -= acronyms
    text.known_starts = frozenset(span.first for span in spans)
    text.demonym_lasts = {span.first: span.last for span in spans if span.demonym_of is not None}
    # People's names; one that is all of a place's name ("Virginia Beach") is the place,
    # and so is the town that opens a dateline ("Ain Issa, Syria -": "Ain" is a first name).
    people = _outside_dateline(
        text,
        find_people(text.text, text.tokens).without(
            {(text.start_of(s.first), text.words[s.last].end) for s in spans}
        ),
    )
    kept = _without_longer_unknown_names(text, spans, people)
    # The words of a dropped name are free for the unresolved longer name.
    kept_ids = {id(span) for span in kept}
    span_words -= {i for s in spans if id(s) not in kept_ids for i in range(s.first, s.last + 1)}
    spans = kept
    # Their words are not remembered as a person's: a guess, unlike a first name.
    guessed = _outside_dateline(text, People.of(_towns_side_by_side(text, spans))).names
    people = People((*people.names, *guessed), people.words)
    # A place inside a person's name establishes nothing: "Jordan Henderson scored in
    # Liverpool" names no Henderson, Nevada, so no United States for Liverpool; nor
    # does a word of a person's name alone where no place stands ("Brooklyn scored"),
    # unless a statement says where it lies ("Hamilton is a city in the Waikato region"
    # beside Captain Hamilton).
    # Nor does it stand in a pair ("from Tbilisi, Georgia" beside Georgia Smith).
    starts = {s.first: s for s in spans}
    unnamed = [
        s for s in spans if not people.covers(text.start_of(s.first), text.words[s.last].end)
    ]
    paired = _pairs(text, unnamed, gazetteer)
    context = _context(
        text,
        [
            s
            for s in unnamed
            if not _a_persons(text, s, people)
            or s.first in paired
            or (
                (stated := _stated_region(text, s, starts)) is not None
                and not stated[1]  # "Hamilton in Monaco" may be the driver
            )
        ],
        gazetteer,
        within,
        paired,
    )

    # "Springfield, Ill.": the abbreviation is the state, not an unknown name; "Miami,
    # Fla." is Florida, not the Norwegian village GeoNames calls Fla.
    by_start = {span.first: span for span in spans}
    abbreviated = {
        i: place
        for i, place in context.pairs.items()
        if i not in span_words
        or (
            i in by_start
            and by_start[i].last == i
            and all(c.place.id != place.id for c in by_start[i].candidates)
        )
    }
    spans = [span for span in spans if span.first not in abbreviated]
    span_words -= set(abbreviated)
    unresolved_runs = _per_sentence(
        text,
        [run for run in _unresolved_runs(text, span_words) if run[0] not in abbreviated],
        lambda run: run[0],
    )
    all_items = [(s.first, s.last) for s in spans] + unresolved_runs
    list_ends = _list_groups(text, all_items)
    list_starts = _list_starts(text, all_items)
    text.list_items = {}
    for item in sorted(all_items):
        text.list_items.setdefault(list_starts[item[0]], []).append(item)
    text.lies_by = _towns_lain_by(text, spans)

    def decide(span: _Span) -> Mention | None:
        return _decide(
            text,
            gazetteer,
            span,
            span_words,
            context,
            list_ends,
            list_starts,
            article.name,
            people,
        )

    def respelled(first: int, last: int) -> Mention | None:
        """The name at words *first*-*last* resolved in another spelling, or None."""
        found = _other_spelling(text, gazetteer, first, last, context)
        mention = decide(_Span(first, last, found)) if found else None
        return mention if mention is not None and mention.status == "resolved" else None

    decided = [(span, decide(span)) for span in spans]
    for n, (span, mention) in enumerate(decided):
        # "spread to Shabwa": no reading the article supports (a village Sha Bwa in
        # Myanmar), but another spelling names one (Yemen's Shabwah).
        if (mention is None or mention.status == "unresolved") and _in_place_position(
            text, list_starts.get(span.first, span.first), known=True
        ):
            decided[n] = (span, respelled(span.first, span.last) or mention)
    sensed = list(_one_sense_per_name(text, decided, article.name, context.pairs, list_starts))
    # "Ras al-Ain, known to Kurds as Serekaniye": the place resolved before the comma.
    antecedents = {
        m.end: m
        for m in sensed
        if m is not None and m.status == "resolved" and m.role == "location"
    }
    neighbours = _resolved_places(sensed, _NEIGHBOUR_KINDS)
    for n, (span, mention) in enumerate(zip((s for s, _ in decided), sensed, strict=True)):
        if mention is None or mention.status == "unresolved":
            sensed[n] = _another_name(text, span.first, span.last, antecedents) or mention
        found = sensed[n]
        if found is not None and _listed_as_itself(text, span, found):
            sensed[n] = _a_neighbour(found, span.candidates, neighbours) or found
        elif found is None:
            sensed[n] = _a_silent_neighbour(
                text, span, span_words, context, neighbours, people, article.name
            )
    mentions = [mention for mention in sensed if mention is not None]
    resolved_places = {
        m.place.id: m
        for m in reversed(mentions)
        if m.status == "resolved" and m.role == "location" and m.place is not None
    }
    for i, region in abbreviated.items():
        mentions.append(
            Mention(
                **_site(text, i, i, article.name),
                role="location",
                status="resolved",
                place=region,
                method="alternative",
                confidence=settings.CONFIDENCE["alternative"],
                reason=f"abbreviation of {region.name} after the town it contains",
            )
        )
    lists_with_a_place = _lists_with_a_place(
        text,
        all_items,
        list_starts,
        [span.first for (span, _), m in zip(decided, sensed, strict=True) if _a_place(m)],
    )

    def placement(first: int, last: int) -> tuple[int, int, str | None, bool, bool]:
        """The unknown name's last word, its list's first word, its descriptor, whether
        it names a landmark, and whether it stands where a place stands."""
        # "Lady Reading Hospital": a landmark named after a person, title and all.
        last = _person_named_by_a_landmark(text, people, first) or last
        start = list_starts.get(first, first)
        descriptor = _descriptor(text, first, last, list_ends)
        # "the Wafideen crossing": a landmark's name, wherever it stands; but a
        # sentence's capitalised first word is as likely a common one ("Refugees
        # crossing the border..."), unless a noun that is only a landmark's follows
        # and the article never writes the word in lower case ("Kanombe airport").
        landmark = (
            bool(_landmark_after(text, last))
            or _feature_noun_after(text, last)
            or _headed(text, first, last)
            or (last > first and _ends_a_name(text, last))
        ) and (
            last > first
            or not text.starts_sentence(first)
            or (
                text.after(last) in text.cues.named_landmark_nouns
                and text.lower(first) not in text.lower_case_words
            )
        )
        placed = bool(
            descriptor
            or landmark
            or _in_place_position(text, start)
            # "Zupčići and Kopači, east of the river": the whole list lies there.
            or _located_after(text, list_ends.get(first, last))
            or (
                list_starts.get(first, -1) in lists_with_a_place
                and not text.words[first].text.isupper()  # "the WHO and Britain"
            )
            # "- Ilovača: hit by rockets": listed, as a situation report lists places.
            or _heads_a_bulleted_line(text, start)
        )
        return last, start, descriptor, landmark, placed

    def unknown_place(first: int, last: int, again: bool) -> tuple[Mention | None, bool]:
        """The mention of the unknown name at words *first*-*last*, or None, and whether
        it was left out only for standing nowhere a place stands. *again*: the article
        lists the name as a place elsewhere (it stands where a place stands here too)."""
        if _a_group_word(text, gazetteer, first, last) or (
            " ".join(text.keys[first : last + 1]) in text.cues.organisation_names
            # "the Al-Fatah mosque" is named after a word, not the movement.
            and not (first in text.article_before and _landmark_after(text, last))
        ):
            return None, False  # "allegiance to Islamic State", "the United Nations base"
        other = _another_name(text, first, last, antecedents)
        if other is not None:
            return other, False
        last, start, descriptor, landmark, placed = placement(first, last)
        placed = placed or again
        # After "to" or "at" a known name stands where a place stands ("spread to
        # Shabwa", GeoNames' Shabwah); an unknown one only if no source, body or thing
        # ("according to Reuters", "at the Assembly").
        if not (placed or _in_place_position(text, start, known=True)):
            return None, True
        if not (descriptor or landmark) and _named_as_a_team(text, first, last, start):
            return None, False  # "the match between Hamilton and Queen of the South"
        # "the fall of Assad" after "President Bashar al-Assad": the person again.
        if not (descriptor or landmark) and (
            people.covers(text.start_of(first), text.words[last].end)
            or (first == last and text.lower(first) in people.words)
        ):
            return None, False
        found = respelled(first, last) or _a_resolved_place_respelt(
            text, gazetteer, first, last, resolved_places
        )
        if found is not None:
            return found, False
        if not placed and not _an_unknown_place_after_to_or_at(text, first, last, start, people):
            return None, True
        if _feature_noun_after(text, last):
            last += 1  # "Mishtenur hill": the unknown name is listed with its noun
        surface = text.surface(first, last)
        return (
            _unresolved(
                text, gazetteer, surface, first, last, context, descriptor, article.name, []
            ),
            False,
        )

    listed_names: set[str] = set()
    standing_nowhere: list[tuple[int, int]] = []
    for first, last in unresolved_runs:
        mention, nowhere = unknown_place(first, last, again=False)
        if mention is not None:
            mentions.append(mention)
            if mention.status == "unresolved":
                listed_names.add(" ".join(text.keys[first : last + 1]))
        elif nowhere:
            standing_nowhere.append((first, last))
    # An unknown name the article lists as a place is that place wherever it names it
    # again on its own ("shells fell inside Laiza ... the ridge that overlooks Laiza from
    # the west"; see _named_again_as_a_place).
    for first, last in standing_nowhere:
        if " ".join(text.keys[first : last + 1]) in listed_names and _named_again_as_a_place(
            text, first, last
        ):
            mention, _ = unknown_place(first, last, again=True)
            if mention is not None:
                mentions.append(mention)
    mentions.extend(
        _landmarks_named_with_other_names(text, gazetteer, mentions, context, article.name)
    )
    # The words of a facility's name the town's mention covers are not names again
    # ("Teaching Hospital" in "Malakal Teaching Hospital").
    facilities = [
        (m.start, m.end)
        for span, m in decided
        if m is not None and m.end > text.words[span.last].end
    ]
    if facilities:
        mentions = [
            m
            for m in mentions
            if not any(
                start <= m.start and m.end <= end and (m.start, m.end) != (start, end)
                for start, end in facilities
            )
        ]
    mentions.sort(key=lambda m: (m.start, m.end))
    # The items of a list with a town in it are towns too ("Fuzuli, Jabrayil and Hadrut").
    list_of = {text.start_of(first): end for first, end in list_ends.items()}
    with_town = {
        list_of[m.start]
        for m in mentions
        if m.start in list_of and m.role == "location" and m.place and m.place.kind == "city"
    }
    towns = {start for start, end in list_of.items() if end in with_town}
    mentions = _with_nearest_stretches(gazetteer, mentions)
    return document.with_mentions(_with_probable_cities(text, mentions, within, towns))


# How many capitalised words a landmark's name made of other names may have before the
# noun that ends it ("the Joaquin F. Enriquez Memorial Sports Complex"): the walk back
# from each such noun is bounded, so the pass stays linear in the words.
_LANDMARK_NAME_REACH = 6


def _landmarks_named_with_other_names(
    text: _Text,
    gazetteer: Gazetteer,
    mentions: Sequence[Mention],
    context: _Evidence,
    article_name: str,
) -> list[Mention]:
    """The landmarks whose names are made of other names' words, where a place stands,
    listed whole as unresolved: "at the Royal Festival Hall", "stormed Jagannath Hall",
    "the desert strip at Dawson's Field".

    Such a name ends with a capitalised noun of ``places-landmark-name-ends.txt``; the
    words before it are a person's or a town's ("Royal", "Jagannath"), so no other rule
    lists it, and it would be silent. It is listed only when no word of it is listed or
    resolved already ("the Lady Reading Hospital" is), and never resolved by this.
    """
    covered: set[int] | None = None  # the words listed or resolved, read at the first end
    found: list[Mention] = []
    for last, word in enumerate(text.words):
        if not word.is_capitalized or text.lower(last) not in text.cues.landmark_name_ends:
            continue
        if covered is None:
            covered = _words_of(text, mentions)
        first = last
        while (
            first > max(0, last - _LANDMARK_NAME_REACH)
            and text.is_name_word(first - 1)
            and text.lower(first - 1) not in text.cues.landmark_name_ends
            and (text.joined(first - 1) or (first == last and text.words[first - 1].possessive))
        ):
            first -= 1
        if (
            first == last
            or any(i in covered for i in range(first, last + 1))
            or not (_in_place_position(text, first) or _right_after_at_or_to(text, first))
            or _after_a_group_in(text, first, None)
        ):
            continue
        covered.update(range(first, last + 1))
        found.append(
            _unresolved(
                text,
                gazetteer,
                text.surface(first, last),
                first,
                last,
                context,
                text.lower(last),
                article_name,
                [],
            )
        )
    return found


def _words_of(text: _Text, mentions: Sequence[Mention]) -> set[int]:
    """The indexes of the words that the resolved and unresolved *mentions* cover."""
    starts = [word.start for word in text.words]
    covered: set[int] = set()
    for mention in mentions:
        if mention.status in ("resolved", "unresolved"):
            i = bisect.bisect_left(starts, mention.start)
            while i < len(starts) and starts[i] < mention.end:
                covered.add(i)
                i += 1
    return covered


def _right_after_at_or_to(text: _Text, first: int) -> bool:
    """Whether "at" or "to" (and a determiner) stand right before word *first*, with no
    punctuation between: "at the Leopold Cafe", not "In golf, Georgia Hall"."""
    i = first - 1
    if text.lower(i) in text.cues.determiners:
        i -= 1
    return (
        i >= 0
        and text.lower(i) in text.cues.known_place_prepositions - text.cues.locative_prepositions
        and not any(text.gap(j).strip() for j in range(i, first))
    )


def _an_unknown_place_after_to_or_at(
    text: _Text, first: int, last: int, list_start: int, people: People
) -> bool:
    """Whether a name the gazetteer lacks, after "to" or "at", is listed as a place:
    "crossed the lagoon to Chavakachcheri", "came ashore at Colaba".

    Not a source, a body or a thing: no word of ``places-not-place-heads.txt`` before
    the preposition ("according to Reuters", "similar to Ebola"), no determiner after
    it ("at the Assembly"), and no word of the name in capitals or with a digit (an
    acronym: "to WHO", "H5N1"), an organisation's or a title's word ("the World
    Economic Forum") or a word of a person's name the article gives.
    """
    cues = text.cues
    if text.before(list_start) not in cues.known_place_prepositions:
        return False
    if text.before(list_start, 2) in cues.not_place_heads:
        return False
    return not any(
        _a_bodys_or_sources_word(text, i, first, last) or text.lower(i) in people.words
        for i in range(first, last + 1)
    )


def _a_bodys_or_sources_word(text: _Text, i: int, first: int, last: int) -> bool:
    """Whether word *i* of the unknown name at words *first*-*last* makes it a body's, a
    source's or a thing's, not a place's: an acronym ("WHO", "the IDPs"), a word with a
    digit that is no road's number or street's ordinal ("H5N1"; not "Route 13", "12th
    Street"), or an organisation's word ("the World Economic Forum"; not the "Street"
    of "12th Street")."""
    word = text.words[i].text
    return (
        not any(ch.islower() for ch in word.removesuffix("s"))
        or (any(ch.isdigit() for ch in word) and not _a_road_word(text, i))
        or (
            text.lower(i) in text.cues.name_words
            and not (i == last and _an_ordinal_street(text, first))
        )
    )


def _resolved_places(mentions: Iterable[Mention | None], kinds: frozenset[str]) -> list[Place]:
    """The distinct places of *kinds* the *mentions* resolve as locations, in text order,
    at most :data:`~geomap.settings.MAX_ANCHORS` of them: whatever is measured against
    them costs a bounded amount, so a list of hundreds of towns stays linear."""
    found = {
        m.place.id: m.place
        for m in mentions
        if m is not None
        and m.status == "resolved"
        and m.role == "location"
        and m.place is not None
        and m.place.kind in kinds
    }
    return list(found.values())[: settings.MAX_ANCHORS]


# Kinds of the places whose points choose a river's stretch: towns and divisions.
_STRETCH_ANCHOR_KINDS = frozenset({"admin1", "admin2", "city", "region", "district"})


def _with_nearest_stretches(gazetteer: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """The mentions, each river the stretch of it nearest to the article's places.

    A river's stretches (one per country and grid cell) are namesakes side by side:
    of those in the countries the river was read in or the article's places are in,
    the one nearest on average to the towns and divisions the article resolves
    ("back across the Dnipro" from Kherson: the stretch by Kherson). Linear in the
    mentions: each river name's stretches are measured once, against at most
    :data:`~geomap.settings.MAX_ANCHORS` places.
    """
    places = _resolved_places(mentions, _STRETCH_ANCHOR_KINDS)
    if not places:
        return mentions
    points = [(p.lat, p.lon) for p in places]
    countries = {p.country for p in places}
    chosen: dict[tuple[str, str], Place] = {}
    out = []
    for m in mentions:
        river = m.place
        if m.status != "resolved" or river is None or river.kind != "river":
            out.append(m)
            continue
        key = (m.text, river.name)
        if key not in chosen:
            stretches = [
                c.place
                for c in gazetteer.lookup(m.text)
                if c.place.kind == "river"
                and c.place.name == river.name
                and (c.place.country == river.country or c.place.country in countries)
            ]
            chosen[key] = min(
                stretches or [river],
                key=lambda p: (
                    statistics.fmean(_km((p.lat, p.lon), point) for point in points),
                    p.id,
                ),
            )
        best = chosen[key]
        out.append(
            m
            if best.id == river.id
            else replace(
                m,
                place=best,
                reason=f"{m.method} match of {m.text!r}; of the river's stretches, the one"
                " nearest to the places the article names",
            )
        )
    return out


# Kinds of the resolved places whose neighbours an unsupported name may be.
_NEIGHBOUR_KINDS = frozenset({"city", "district", "region"})


def _listed_as_itself(text: _Text, span: _Span, mention: Mention) -> bool:
    """Whether *mention* lists the name of *span* as unresolved, itself: not a landmark,
    a street or a natural feature named after it ("Emberton School", "Tripoli Street"
    in Misrata, "the Lebanon mountains"); "the Lachin corridor" is Lachin's (a place
    noun describes it)."""
    return (
        mention.status == "unresolved"
        and mention.descriptor not in text.cues.landmark_nouns
        and "world_region" not in text.cues.place_nouns.get(mention.descriptor or "", ())
        and (mention.descriptor is not None or mention.end == text.words[span.last].end)
    )


def _a_silent_neighbour(
    text: _Text,
    span: _Span,
    span_words: set[int],
    context: _Evidence,
    neighbours: Sequence[Place],
    people: People,
    article_name: str,
) -> Mention | None:
    """A name left out (its readings unsupported: a village outside a place position)
    as the one village of its main name, in a country the article names, within
    :data:`~geomap.settings.NEIGHBOUR_KM` of a town the article resolves: "Marjayoun
    and Bint Jbeil have been emptied" in a report naming Lebanon and Tyre. Not a word
    of a person's name or of a longer name."""
    first, last = span.first, span.last
    start, end = text.start_of(first), text.words[last].end
    if (
        span.demonym_of is not None
        or people.covers(start, end)
        or (first == last and text.lower(first) in people.words)
        or _inside_name(text, first, last, span_words) is not None
    ):
        return None
    candidates = [
        c
        for c in span.candidates
        if c.method in MAIN_NAME_METHODS
        and _is_world_city(c.place)
        and f"country-{c.place.country}" in context
    ]
    if not candidates:
        return None
    listed = Mention(**_site(text, first, last, article_name), role="location", status="unresolved")
    return _a_neighbour(listed, candidates, neighbours)


def _a_neighbour(
    mention: Mention, candidates: Sequence[Candidate], neighbours: Sequence[Place]
) -> Mention | None:
    """The unresolved *mention* as the one reading of its name within
    :data:`~geomap.settings.NEIGHBOUR_KM` of a town or district the article resolves
    ("the eastern half of Kobani" in a report from Suruc, 10 km away), else None.
    Transliteration matches, districts (which need their own city) and villages by
    another of their names ("Atlantic" is a village's too) are left out, and so is a
    landmark listed with its noun ("Emberton School" is no town).
    """
    near: dict[str, tuple[Candidate, Place, float]] = {}
    for candidate in candidates:
        place = candidate.place
        if (
            candidate.method == "skeleton"
            or place.kind in SMALL_KINDS
            or (
                candidate.method not in MAIN_NAME_METHODS
                and (place.population or 0) < settings.WORLD_TOWN_MIN_POPULATION
            )
        ):
            continue
        for other in neighbours:
            km = _km((place.lat, place.lon), (other.lat, other.lon))
            if other.id != place.id and km <= settings.NEIGHBOUR_KM:
                near.setdefault(place.id, (candidate, other, km))
    if len(near) != 1:
        return None
    candidate, other, km = next(iter(near.values()))
    return replace(
        mention,
        status="resolved",
        place=candidate.place,
        method=candidate.method,
        confidence=settings.CONFIDENCE[candidate.method],
        suggestions=(),
        reason=f"{candidate.method} match of {candidate.matched_name!r}; {km:.0f} km from"
        f" {other.name}, which the article names",
    )


# How many words may stand between the comma after a place and another name of it.
_OTHER_NAME_REACH = 6


def _another_name(
    text: _Text, first: int, last: int, antecedents: Mapping[int, Mention]
) -> Mention | None:
    """The name at words *first*-*last* as another name of the place resolved right
    before a comma: "Ras al-Ain, known to Kurds as Serekaniye", "Stepanakert, which
    Baku calls Khankendi" (``places-other-name-cues.txt``); None when it is not one.
    """
    cues = text.cues.other_name_cues.ending_with(text.lower(first - 1))
    if not cues:
        return None
    between: list[str] = []
    for j in range(first - 1, max(first - 1 - _OTHER_NAME_REACH, 0), -1):
        between.append(text.lower(j))
        if "," not in text.gap(j - 1):
            continue
        place = antecedents.get(text.words[j - 1].end)
        cue = next((c for c in cues if c[0] in between), None)
        if place is None or place.place is None or cue is None:
            return None
        return _the_place_again(
            text,
            place,
            first,
            last,
            "alternative",
            place.confidence,
            f"another name of {place.text!r} (offset {place.start}): '{' '.join(cue)}'",
        )
    return None


def _the_place_again(
    text: _Text,
    place: Mention,
    first: int,
    last: int,
    method: MatchMethod,
    confidence: float,
    reason: str,
) -> Mention:
    """*place*'s mention, moved to the name at words *first*-*last* that names it too."""
    start = text.start_of(first)
    return replace(
        place,
        text=text.surface(first, last),
        start=start,
        end=text.words[last].end,
        sentence=text.sentence_of(start),
        method=method,
        confidence=confidence,
        alternatives=(),
        descriptor=None,
        reason=reason,
    )


def _a_resolved_place_respelt(
    text: _Text,
    gazetteer: Gazetteer,
    first: int,
    last: int,
    resolved: Mapping[str, Mention],
) -> Mention | None:
    """The name at words *first*-*last*, which the gazetteer lacks as written, as
    another spelling of a place the article resolves by another name: "Kobani ... the
    enclave, which Arabic speakers call Ain al-Arab" (GeoNames' 'Ayn al 'Arab, the
    Kobani resolved); None when it spells none of them."""
    if first == last and text.starts_sentence(first):
        return None  # a capitalised common word
    key = " ".join(text.keys[first : last + 1])
    for candidate in gazetteer.lookup_other_spellings(key):
        place = resolved.get(candidate.place.id)
        if place is None:
            continue
        return _the_place_again(
            text,
            place,
            first,
            last,
            "skeleton",
            settings.CONFIDENCE["skeleton"],
            f"skeleton match of {candidate.matched_name!r}; the place {place.text!r}"
            f" is at offset {place.start}",
        )
    return None


def _a_persons(text: _Text, span: _Span, people: People) -> bool:
    """Whether the name is inside a person's name, or is a word of one alone where
    no place stands (as :func:`_decide` reads it)."""
    if people.covers(text.start_of(span.first), text.words[span.last].end):
        return True
    return (
        span.first == span.last
        and text.lower(span.first) in people.words
        and not _in_place_position(text, span.first)
    )


def _one_sense_per_name(
    text: _Text,
    decided: list[tuple[_Span, Mention | None]],
    article_name: str,
    pairs: Mapping[int, Place],
    list_starts: Mapping[int, int],
) -> Iterator[Mention | None]:
    """The decisions, each name taken in the sense the article gives it elsewhere.

    A report means one thing by one name. A name left out or unresolved is the place
    the same name is resolved to elsewhere, described there by a place noun, when that
    place is among its readings: "fighting in the Khormaksar district ... pushed the
    rebels out of Khormaksar". Only a resolution a place noun backs spreads ("linked
    to King Nut" must not make every "King" a town); so does the town a dateline opens
    with ("SWEIDA, Syria - ... pulled out of Sweida"). And a name that a naming phrase
    gives a thing or a person ("a scent called Havana") is that thing again where it
    recurs without a place noun ("a bottle of Havana will cost..."). A name an "A, B"
    pair resolves (*pairs*: "London, Ky.") is that place wherever it recurs on its own,
    though it stands alone elsewhere ("the hospital in London", England's otherwise).
    A name listed as unresolved where a place stands takes the place the same name is
    elsewhere, with or without a place noun there ("the Lachin corridor" after "troops
    entered Lachin"). Another name left out or unresolved is the place resolved
    elsewhere under another of its names, when that place is among its readings: a
    report that writes "Severodonetsk" writes "Sievierodonetsk" for the same city. A
    one-word name opening a sentence is left as it is (it may be a common word there).
    Linear in the names.
    """
    resolved: dict[str, Mention] = {}
    # The first location resolved under each name, and to each place with its name.
    named: dict[str, Mention] = {}
    paired: dict[str, Mention] = {}
    by_place: dict[str, tuple[Mention, str]] = {}
    things: dict[str, int] = {}
    first_uses = _first_uses({span.first: _span_key(text, span) for span, _ in decided})
    for span, mention in decided:
        if (
            mention is not None
            and mention.status == "resolved"
            and mention.role == "location"
            and mention.place is not None
        ):
            by_place.setdefault(mention.place.id, (mention, _span_key(text, span)))
            named.setdefault(_span_key(text, span), mention)
            if (
                mention.descriptor is not None
                or span.last == text.dateline_last
                or span.first in pairs
            ):
                resolved.setdefault(_span_key(text, span), mention)
            pair = pairs.get(span.first)
            if pair is not None and pair.id == mention.place.id and span.first in first_uses:
                paired[_span_key(text, span)] = mention
        elif (
            mention is not None
            and mention.status == "not_a_place"
            and _named_as_a_thing(
                text, span.first, span.last, list_starts.get(span.first, span.first)
            )
        ):
            things.setdefault(_span_key(text, span), mention.start)
    for span, mention in decided:
        key = _span_key(text, span)
        first_paired = paired.get(key)
        if (
            first_paired is not None
            and first_paired.place is not None
            and mention is not None
            and mention.status == "resolved"
            and mention.place is not None
            and mention.place.id != first_paired.place.id
            and span.first not in pairs
            # "Canadian officials" stay a people's name beside "Canadian, Texas".
            and span.demonym_of is None
            and any(c.place.id == first_paired.place.id for c in span.candidates)
        ):
            mention = replace(
                mention,
                place=first_paired.place,
                alternatives=(),
                reason=f"the place {first_paired.text!r} is at offset"
                f" {first_paired.start}, where its pair names it",
            )
        if mention is not None and mention.status == "resolved" and mention.descriptor is None:
            named_at = things.get(key)
            if (
                named_at is not None
                and key not in resolved
                and not _in_place_position(text, span.first)
            ):
                mention = replace(
                    mention,
                    role="part_of_name",
                    status="not_a_place",
                    place=None,
                    method=None,
                    confidence=0.0,
                    alternatives=(),
                    reason=f"the name a thing or a person is given at offset {named_at}",
                )
            yield mention
            continue
        same = resolved.get(key)
        if same is None and mention is not None and _listed_as_itself(text, span, mention):
            # Listed where a place stands ("the Lachin corridor"): the place the same
            # name is elsewhere, though no place noun backs that one.
            same = named.get(key)
        reading = None
        if (mention is None or mention.status == "unresolved") and not (
            span.first == span.last and text.starts_sentence(span.first)
        ):
            why = "this name"
            if same is not None and same.place is not None:
                reading = next((c for c in span.candidates if c.place.id == same.place.id), None)
            else:
                # Another name of a place resolved elsewhere; the same name spreads only
                # where a place noun backs it (above).
                reading = next(
                    (
                        c
                        for c in span.candidates
                        if c.place.id in by_place and by_place[c.place.id][1] != key
                    ),
                    None,
                )
                if reading is not None:
                    same = by_place[reading.place.id][0]
                    why = f"'{same.text}'"
            if reading is not None and same is not None and same.place is not None:
                mention = Mention(
                    **_site(text, span.first, span.last, article_name),
                    role="location",
                    status="resolved",
                    place=same.place,
                    method=reading.method,
                    confidence=same.confidence,
                    reason=f"{reading.method} match of {reading.matched_name!r}; the place"
                    f" {why} is at offset {same.start}",
                )
        yield mention


def _span_key(text: _Text, span: _Span) -> str:
    return " ".join(text.keys[span.first : span.last + 1])


def _without_acronym_readings(text: _Text, spans: list[_Span]) -> tuple[list[_Span], set[int]]:
    """*spans* without the readings of a name written in capitals that the gazetteer
    does not write so ("FAO" is no Fao, Iraq; "US" is the curated "US"), and the
    words of the spans left with none. A dateline's town is written in capitals
    ("ADEN, Yemen -") and keeps its readings, as does every name of a text written
    mostly in capitals (a telegram, a headline).
    """
    kept: list[_Span] = []
    dropped: set[int] = set()
    if 2 * sum(word.text.isupper() for word in text.words) > len(text.words):
        return spans, dropped
    for span in spans:
        words = [text.words[i].text for i in range(span.first, span.last + 1)]
        in_dateline = text.dateline_last is not None and span.first <= text.dateline_last
        if in_dateline or not all(len(w) > 1 and w.isalpha() and w.isupper() for w in words):
            kept.append(span)
            continue
        candidates = [c for c in span.candidates if c.matched_name.replace(".", "").isupper()]
        if candidates or span.demonym_of is not None:
            kept.append(_Span(span.first, span.last, candidates, span.demonym_of))
        else:
            dropped.update(range(span.first, span.last + 1))
    return kept, dropped


def _other_spelling(
    text: _Text, gazetteer: Gazetteer, first: int, last: int, context: _Evidence
) -> list[Candidate]:
    """The places an unknown name standing as a place names in another spelling.

    "Ain Issa" is GeoNames' "'Ayn 'Isa": the transliteration rules of
    :func:`~geomap.places.gazetteer.other_spellings` find it. World places and
    divisions are kept only in a country the other names establish (a village's name
    respelled is another village somewhere; "North Eastern" joined is a region of
    Iceland); the geoparser's rules then weigh them as any name.
    """
    key = " ".join(word.key for word in text.words[first : last + 1])
    return [
        c
        for c in gazetteer.lookup_other_spellings(key)
        if not (_is_world_city(c.place) or c.place.kind in _DIVISION_KINDS)
        or f"country-{c.place.country}" in context
    ]


# What ends a dateline's "Town, Country": a dash or a parenthesis ("(Reuters)"), or a
# comma before a date.
_DATELINE_END_RE = re.compile(r"\.?[ \t\u00a0]*(?:[-‐‑–—(]|,[ \t\u00a0]*[A-Z0-9])")
# A day of the month after a month's name, abbreviated or not ("Aug. 26", "June 13").
_DATELINE_DAY_RE = re.compile(r"\.?[ \t\u00a0]{1,3}\d{1,2}\b")
# A dash after a dateline's town written in capitals ("LOS ANGELES — "), or the
# agency in parentheses and a dash ("KHARTOUM (Reuters) - ").
_DATELINE_DASH_RE = re.compile(r"[ \t\u00a0]*[\-‐‑–—][ \t\u00a0]*")
_DATELINE_AGENCY_RE = re.compile(r"[ \t\u00a0]*\([^()\n]{1,60}\)[ \t\u00a0]*[\-‐‑–—]")
# Words a dateline's town name may have ("SAN CRISTOBAL DE LAS CASAS").
_DATELINE_MAX_WORDS = 6


def _dateline_town(text: _Text, spans: list[_Span], gazetteer: Gazetteer) -> int | None:
    """The last word of the town that opens the article's dateline ("Ain Issa, Syria -"),
    or None when the article opens otherwise.

    The town is the article's first few capitalised words, up to a comma after which
    a country, first-level division or county the gazetteer knows is named ("COWES,
    Isle of Wight, Aug 3 -") (or abbreviated:
    "NASHVILLE, Tenn. -") and the dateline ends, or a month and a day ("BAGHDAD, Aug
    26 (Agency) -"); or the town is written in capitals before a dash ("LOS ANGELES —
    "), the agency in parentheses between ("KHARTOUM (Reuters) -"). It stands where a
    place stands (:func:`_in_place_position`), whatever its words would otherwise be
    (a first name: "Ain"). When the country or division named after it ends the
    dateline ("Memphis, Tennessee -"), its last word is kept in ``text.dateline_end``.
    """
    starts = {span.first: span for span in spans}
    words = text.words
    if not words or text.text[: text.start_of(0)].strip():
        return None
    for last in range(min(_DATELINE_MAX_WORDS, len(words) - 1)):
        if not text.is_name_word(last):
            if last and text.lower(last) in text.cues.name_particles:
                continue  # "SAN CRISTOBAL DE LAS CASAS, Mexico -"
            return None
        # "LOS ANGELES — ...", "KHARTOUM (Reuters) - ...": a town in capitals and a
        # dash, with only the agency between ("NATO - " is no dateline, though GeoNames
        # has a hamlet Nato).
        opening = starts.get(0)
        if (
            opening is not None
            and opening.last == last
            and any(
                c.place.kind == "city"
                and (c.place.population or 0) >= settings.WORLD_TOWN_MIN_POPULATION
                for c in opening.candidates
            )
            and (
                _DATELINE_DASH_RE.fullmatch(text.gap(last))
                or _DATELINE_AGENCY_RE.match(text.text, words[last].end)
            )
            and all(len(words[i].text) > 1 and words[i].text.isupper() for i in range(last + 1))
        ):
            return last
        if _PAIR_GAP_RE.fullmatch(text.gap(last)) is None:
            continue
        # "BAGHDAD, Aug 26 (Agency) -": a wire dateline names the town and the date only.
        if text.lower(last + 1) in text.cues.months_and_days and _DATELINE_DAY_RE.match(
            text.text, words[last + 1].end
        ):
            return last
        region = starts.get(last + 1)
        if region is None or not any(c.place.kind in _PAIRED_KINDS for c in region.candidates):
            # "NASHVILLE, Tenn. -": a region's abbreviation the press writes after a town
            # (though GeoNames has a village Fla, in Norway).
            abbreviated = _abbreviation_at(text, gazetteer.region_abbreviations(), last + 1)
            ended = _DATELINE_END_RE.match(text.text, words[last + 1].end) is not None
            return last if abbreviated and ended else None
        if _DATELINE_END_RE.match(text.text, words[region.last].end) is None:
            return None
        text.dateline_end = region.last
        return last
    return None


def _outside_dateline(text: _Text, people: People) -> People:
    """*people* less the names inside the dateline's town (:func:`_dateline_town`)."""
    if text.dateline_last is None:
        return people
    end = text.words[text.dateline_last].end
    return People.of(n for n in people.names if n.start >= end)


def _towns_side_by_side(text: _Text, spans: list[_Span]) -> list[PersonName]:
    """Two one-word names side by side, the second only a town's: a person's name.

    English puts a town before its area with a comma ("Irving, Texas"); "Washington
    Irving", with a space only, names a person (or a thing), not two places. The
    first name may also be a state's ("Washington"), never a country's ("Jordan
    Amman" is no English).
    """
    found = []
    for one, other in itertools.pairwise(spans):
        if (
            one.first == one.last
            and other.first == other.last == one.last + 1
            and text.gap(one.last) == " "
            and one.candidates
            and other.candidates
            and not any(c.place.kind in _WIDE_KINDS for c in one.candidates)
            and all(c.place.kind in _TOWN_KINDS for c in other.candidates)
            and may_be_in_a_name(text.keys[one.first])
            and may_be_in_a_name(text.keys[other.first])
            # "Bint Jbail", "Ras Ajdir": a word that opens places' names.
            and text.keys[one.first] not in text.cues.name_heads
            # "İstanbul Atatürk International Airport": a longer name, an airport's.
            and not (text.joined(other.last) and text.is_name_word(other.last + 1))
            # "the districts of Ain Zara", "the Ain Zara district": a place's name.
            and not _a_place_noun_next_to(text, one.first, other.last)
        ):
            words = (text.keys[one.first], text.keys[other.first])
            start, end = text.start_of(one.first), text.words[other.last].end
            found.append(PersonName(start, end, words, after_title=False))
    return found


def _a_place_noun_next_to(text: _Text, first: int, last: int) -> bool:
    """Whether a place noun describes the words *first* to *last*: right after them
    ("the Ain Zara district"), or before them with a noun link ("the districts of Ain
    Zara")."""
    nouns = text.cues.place_nouns
    return text.after(last) in nouns or (
        text.before(first) in text.cues.noun_links and text.before(first, 2) in nouns
    )


def _without_longer_unknown_names(text: _Text, spans: list[_Span], people: People) -> list[_Span]:
    """Drop gazetteer names that are words of a longer unknown name standing as a place.

    "toward Hammam al-Alil", "the Bab al-Toub district": the longer name is the
    place, unknown to the gazetteer, and is listed as unresolved, not resolved as
    the town Hammam or left out as "part of another name". A longer name with an
    organisation's word ("the New York Times"), a person's name, or a direction
    ("Western Mosul") keeps its place name, and so does a dotted abbreviation ("the
    U.S. National Institutes of Health").
    """
    kept: list[_Span] = []
    starts = {i for span in spans for i in range(span.first, span.last + 1)}
    longer: list[tuple[_Span, int, int]] = []
    for span in spans:
        first, last = span.first, span.last
        if _headed(text, first - 1, last) or (first == last and _headed(text, first, last + 1)):
            # "Mount Sinjar", "Bint Jbail": a word that opens places' names opens a
            # longer name the gazetteer lacks, listed whole.
            continue
        if (
            _all_generic(text, first, last)
            and text.joined(last)
            and text.is_name_word(last + 1)
            and last + 1 not in starts
        ):
            continue  # "North Yorkshire": the generic word starts an unknown name
        while first > 0 and not text.words[first - 1].possessive:
            if _extends(text, first - 1) or _an_ordinal_street(text, first - 1):
                first -= 1  # "the Bab al-Toub district", "12th Street"
            elif first > 1 and _particle_joins(text, first - 2):
                first -= 2
            else:
                break
        while not text.words[last].possessive:
            if _extends(text, last):
                last += 1
            elif _particle_joins(text, last):
                last += 2  # "Adrar des Ifoghas": not Algeria's Adrar
            else:
                break
        longer.append((span, first, last))
    # "residents of Saqba and Ain Tarma": the list's start says where Ain Tarma stands.
    list_starts = _list_starts(text, [(first, last) for _span, first, last in longer])
    for span, first, last in longer:
        if (
            (first, last) == (span.first, span.last)
            # "across the U.S. Usually...", "the U.S. National Institutes of Health": a
            # dotted abbreviation ends a sentence or opens a body's name, never a place's.
            or text.words[span.last].text.endswith(".")
            or people.covers(text.start_of(first), text.words[last].end)
            # "the India-Pakistan border": places joined by hyphens; nothing is unknown.
            or (
                all(i in starts for i in range(first, last + 1))
                and all(text.gap(i) == "-" for i in range(first, last))
            )
        ):
            kept.append(span)
            continue
        words = {text.lower(i) for i in range(first, last + 1)}
        described = _descriptor(text, first, last, {}) is not None or bool(
            _landmark_after(text, last)
        )
        start = list_starts.get(first, first)
        placed = _in_place_position(text, start) or (
            # "at Goose Green"; but "at Malakal Teaching Hospital" is at Malakal.
            _an_unknown_place_after_to_or_at(text, first, last, start, people)
            and not _facility_named_after(text, span.first, span.last, starts)
        )
        if (words & text.cues.name_words and not _an_ordinal_street(text, first)) or not (
            described or placed
        ):
            kept.append(span)
    return kept


def _headed(text: _Text, first: int, last: int) -> bool:
    """Whether a word that opens place names opens the name at words *first*-*last*
    ("Camp Bastion", "Kfar Aza"; ``places-name-heads.txt``; "the Bay of Pigs",
    ``places-name-heads-of.txt``)."""
    if last > first and text.lower(first) in text.cues.name_heads:
        return text.joined(first) and text.is_name_word(first + 1)
    skip = _of_join(text, first)
    return bool(skip) and last >= first + skip


def _of_head(text: _Text, first: int) -> int | None:
    """The word opening the feature's or the landmark's name that the name at word
    *first* is in ("Bay" of "the Bay of Kotor", "Hôtel" of "the Hôtel des Mille
    Collines"; see :func:`_of_join`), or None."""
    start = first
    while start > 0 and text.joined(start - 1) and text.is_name_word(start - 1):
        start -= 1
    for skip in (2, 3):
        head = start - skip
        if head >= 0 and _of_join(text, head) == skip:
            return head
    return None


def _name_end_after(text: _Text, last: int) -> bool:
    """Whether a capitalised word that ends place names closes the name at word *last*
    ("Victoria Island", "Tripoli Street"; ``places-name-ends.csv``), no other name word
    after it."""
    return (
        text.joined(last)
        and not text.words[last].possessive
        and _ends_a_name(text, last + 1)
        and not (text.joined(last + 1) and text.is_name_word(last + 2))
    )


def _feature_noun_after(text: _Text, last: int) -> bool:
    """Whether a word that ends place names follows the name at word *last* in lower
    case ("Mishtenur hill", "the Sobat river"; ``places-name-ends.csv``): the name and
    the noun name a feature, as "Victoria Island" does."""
    return (
        text.joined(last)
        and not text.words[last].possessive
        and last + 1 < len(text.words)
        and not text.words[last + 1].is_capitalized
        and text.lower(last + 1) in text.cues.name_ends
    )


def _name_words_after(text: _Text, last: int) -> range:
    """The name words joined after word *last* ("Collines" after "Mille")."""
    end = last
    while text.joined(end) and text.is_name_word(end + 1):
        end += 1
    return range(last + 1, end + 1)


def _of_join(text: _Text, i: int) -> int:
    """How many words on from word *i* the name it opens with "of" goes on ("Bay of
    Pigs": 2, "Valley of the Kings": 3, "Hôtel des Mille Collines": 2), or 0: word *i*
    is a capitalised word of ``places-name-heads-of.txt``, joined by "of" or a name
    particle (and an article) in lower case to a name word."""
    word = text.words[i]
    heads = text.cues.name_heads_of
    if not (word.is_capitalized and (word.key in heads or text.lower(i) in heads)):
        return 0
    at = i + 1
    if at + 1 >= len(text.words) or not text.joined(i):
        return 0
    link = text.words[at].text
    if link != "of" and link not in text.cues.name_particles:
        return 0
    if text.words[at + 1].text in _ARTICLES_AFTER_OF and text.joined(at):
        at += 1
    at += 1
    joined = at < len(text.words) and text.joined(at - 1) and text.is_name_word(at)
    return at - i if joined else 0


# An article between "of" (or "de") and a feature's or a landmark's name ("the Valley
# of the Kings", "the Place de la Concorde").
_ARTICLES_AFTER_OF = frozenset({"the", "la", "le", "les"})


def _facility_named_after(text: _Text, first: int, last: int, span_words: set[int]) -> int:
    """The last word of the facility's name that the name at words *first*-*last*
    opens ("Malakal Teaching Hospital", "Tripoli International Airport"), or 0.

    Up to :data:`_NAME_WORD_REACH` capitalised words joined to the name, no other
    place's, end in a noun of ``places-facility-nouns.txt``; no capitalised word comes
    before the name ("Queen Elizabeth Hospital" is named after a person).
    """
    if text.joined(first - 1) and text.is_name_word(first - 1):
        return 0
    i = last
    for _ in range(_NAME_WORD_REACH):
        if not text.joined(i) or text.words[i].possessive or text.words[i].hyphen_after:
            return 0
        i += 1
        if not text.words[i].is_capitalized:
            return 0
        if text.lower(i) in text.cues.facility_nouns:
            # "the American band Boston Harbour" is a band's name; asked last, as few
            # names go on to a facility's noun.
            return 0 if _named_as_a_thing(text, first, last) else i
        if i in span_words:
            return 0
    return 0


def _ends_a_name(text: _Text, i: int) -> bool:
    """Whether word *i* is a capitalised word that ends place names ("Island" in
    "Bushrod Island"; ``places-name-ends.csv``)."""
    return text.words[i].is_capitalized and text.lower(i) in text.cues.name_ends


def _landmark_after(text: _Text, last: int) -> int:
    """How many words after word *last* name a landmark: 1 for a landmark noun ("the
    al-Nuri mosque"), 2 for one after a lower-case word ("the Azovstal steel works",
    "the al-Anad air base"), else 0."""
    nouns = text.cues.landmark_nouns
    if text.after(last) in nouns:
        return 1
    following = last + 1
    if (
        text.after(last, 2) in nouns
        and not text.words[following].is_capitalized
        and text.after(last) not in text.cues.function_words
    ):
        return 2
    return 0


def _all_generic(text: _Text, first: int, last: int) -> bool:
    """Whether every word of the name is generic ("Old City", "North", "Airport")."""
    cues = text.cues
    return all(
        text.lower(i) in cues.generic_name_words or text.lower(i) in cues.landmark_nouns
        for i in range(first, last + 1)
    )


def _particle_joins(text: _Text, i: int) -> bool:
    """Whether a lower-case particle joins name word *i* to the name word after it
    ("Adrar des Ifoghas", "Ciudad del Este"; ``places-name-particles.txt``)."""
    nxt = i + 1
    return (
        nxt + 1 < len(text.words)
        and text.lower(nxt) in text.cues.name_particles
        and not text.words[nxt].is_capitalized
        and text.is_name_word(i)
        and text.is_name_word(nxt + 1)
        and text.joined(i)
        and text.joined(nxt)
        and not _COMPOUND_GAP_RE.search(text.gap(i) + text.gap(nxt))
    )


def _extends(text: _Text, i: int) -> bool:
    """Whether word *i* and the next are one name that a name word continues.

    A spaced dash or a slash joins two names ("Fardos - Jisr al-Haj"), not one.
    """
    nxt = i + 1
    return (
        text.joined(i)
        and not _COMPOUND_GAP_RE.search(text.gap(i))
        and text.is_name_word(i)
        and text.is_name_word(nxt)
        and text.lower(i) not in text.cues.generic_name_words
        and text.lower(nxt) not in text.cues.generic_name_words
    )


def _per_sentence(text: _Text, items: list, first_word: Callable[[typing.Any], int]) -> list:
    """The first :data:`geomap.settings.MAX_NAMES_PER_SENTENCE` names of each sentence.

    Every name costs a lookup, a record holding its sentence and, unresolved, a fuzzy
    search: a sentence of 100,000 capitalised words must not cost 100,000 of each.
    """
    kept: list = []
    seen: Counter[int | None] = Counter()  # None: names between sentences, counted together
    for item in items:
        sentence = text.sentence_index(text.words[first_word(item)].start)
        seen[sentence] += 1
        if seen[sentence] <= settings.MAX_NAMES_PER_SENTENCE:
            kept.append(item)
    return kept


def _unresolved_runs(text: _Text, span_words: set[int]) -> list[tuple[int, int]]:
    """Runs of capitalised name words that matched no gazetteer name, with the number
    of a road ("Route 13") and the ordinal of a street ("12th Street")."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(text.words):
        if i not in span_words and _an_ordinal_street(text, i):
            pass  # "12th Street": a name, though it opens with a number
        elif (
            i in span_words
            or not text.is_name_word(i)
            or (
                text.words[i].key in text.cues.place_nouns
                and not (_headed(text, i, i + 1) or _of_join(text, i))
            )
        ):
            i += 1
            continue
        last = i
        while True:
            if (
                text.joined(last)
                and (last + 1 not in span_words or _ends_a_name(text, last + 1))
                and text.is_name_word(last + 1)
                and not text.words[last].possessive
            ):
                last += 1
            elif _particle_joins(text, last) and last + 2 not in span_words:
                last += 2  # "Adrar des Ifoghas"
            elif (skip := _of_join(text, last)) and last + skip not in span_words:
                last += skip  # "the Gulf of Fonseca"
            elif _a_road_number(text, last + 1):
                last += 1  # "Route 13"
                break
            else:
                break
        skip = _of_join(text, i)
        if skip and (
            i + skip in span_words or any(j in span_words for j in _name_words_after(text, last))
        ):
            # "the Bay of Kotor", "the Hôtel des Mille Collines": the mention of the known
            # name in it is the feature's or the landmark's.
            i += 1
            continue
        # "Wall Street Journal" is a body's name; "Yablunska Street" a place's.
        named = last if last > i and _ends_a_name(text, last) else last + 1
        words = {text.lower(j) for j in range(i, named)}
        if last + 1 < len(text.words) and text.words[last + 1].is_capitalized:
            words.add(text.after(last))  # "the Kyiv Post"; not "the Torkham border post"
        if not words & text.cues.name_words:
            runs.append((i, last))
        i = last + 1
    return runs


# A street's ordinal ("12th").
_ORDINAL_RE = re.compile(r"\d{1,3}(?:st|nd|rd|th)", re.IGNORECASE)


def _an_ordinal_street(text: _Text, i: int) -> bool:
    """Whether word *i* is an ordinal opening a street's name: "12th Street", "5th
    Avenue" (a word of ``places-name-ends.csv`` follows it)."""
    return (
        _ORDINAL_RE.fullmatch(text.words[i].text) is not None
        and text.joined(i)
        and text.is_name_word(i + 1)
        and text.lower(i + 1) in text.cues.name_ends
    )


def _a_road_number(text: _Text, i: int) -> bool:
    """Whether word *i* is a road's number after a word of
    ``places-road-number-heads.txt`` ("Route 13", "Highway 1")."""
    return (
        0 < i < len(text.words)
        and text.joined(i - 1)
        and text.lower(i - 1) in text.cues.road_number_heads
        and text.words[i - 1].is_capitalized
        and _ROAD_NUMBER_RE.fullmatch(text.words[i].text) is not None
    )


def _a_road_word(text: _Text, i: int) -> bool:
    """Whether word *i*, which has a digit, is a street's ordinal or a road's number."""
    return _an_ordinal_street(text, i) or _a_road_number(text, i)


class _MentionSite(typing.TypedDict):
    """Where a name stands: the fields every mention made of words *first* to *last*
    shares (:func:`_site`)."""

    text: str
    start: int
    end: int
    sentence: str
    article: str


def _site(text: _Text, first: int, last: int, article_name: str) -> _MentionSite:
    """The surface, offsets, sentence and article of the name at words *first*-*last*."""
    start = text.start_of(first)
    return {
        "text": text.surface(first, last),
        "start": start,
        "end": text.words[last].end,
        "sentence": text.sentence_of(start),
        "article": article_name,
    }


def _decide(
    text: _Text,
    gazetteer: Gazetteer,
    span: _Span,
    span_words: set[int],
    context: _Evidence,
    list_ends: dict[int, int],
    list_starts: dict[int, int],
    article_name: str,
    people: People,
) -> Mention | None:
    first, last = span.first, span.last
    dominant = _standing_alone(gazetteer, span, context)
    # What the other names establish, for the reason given: a dominant reading's own
    # containers support it but were not named ("Mobile" names no United States).
    named = context.seen_from(first)
    context = context.seen_from(
        first, frozenset(a.id for a in gazetteer.ancestors(dominant)) if dominant else frozenset()
    )
    common = _site(text, first, last, article_name)
    surface, start, end = common["text"], common["start"], common["end"]
    list_start = list_starts.get(first, first)
    descriptor = _descriptor(text, first, last, list_ends)
    # "the Gulf of Fonseca": the name of a feature stands where a place stands.
    place_position = (
        _in_place_position(text, list_start)
        or _located_after(text, last)
        or _of_head(text, first) is not None
    )

    if span.demonym_of is not None and first not in context.pairs:
        if _a_language(text, first, last, list_start):
            return Mention(
                **common,
                role="part_of_name",
                status="not_a_place",
                reason="a language (places-language-*.txt, or listed with one)",
            )
        return Mention(
            **common,
            role="actor",
            status="resolved",
            place=span.demonym_of,
            method="demonym",
            confidence=settings.CONFIDENCE["demonym"],
            reason="a people or state named as an actor",
        )
    if text.text[end : end + 1] in _CURRENCY_SIGNS:
        # "US$40,000", "HK$", "A$": a currency, not the place it is named after.
        return Mention(
            **common,
            role="part_of_name",
            status="not_a_place",
            reason="part of a currency (a sign follows the name)",
        )
    written = " ".join(text.lower(i) for i in range(first, last + 1))
    if written in text.cues.organisation_names:
        return Mention(
            **common,
            role="part_of_name",
            status="not_a_place",
            reason="an organisation's name (places-organisation-names.txt)",
        )
    if _name_end_after(text, last) and text.lower(last + 1) in text.cues.far_name_ends:
        # "Tripoli Street" in Misrata: a street's name (unknown to the gazetteer, which
        # would have matched it whole), not Tripoli. "The Irpin River" runs by Irpin;
        # the "Wall Street Journal" is a paper.
        return _unresolved(
            text,
            gazetteer,
            text.surface(first, last + 1),
            first,
            last + 1,
            context,
            None,
            article_name,
            [],
        )
    # Inside a person's name, or a word of one alone ("Henderson said") where no place stands.
    remembered = first == last and text.lower(first) in people.words
    if people.covers(start, end) or (
        remembered and not (descriptor or place_position or written in context.paired_names)
    ):
        return Mention(**common, role="part_of_name", status="not_a_place", reason=_PERSON)
    # A place named inside an organisation's or an office's name ("U.S. Centers for
    # Disease Control", "China's Health Ministry", "SOS Children's Villages Sudan") is
    # still that place, but nothing happens there: resolved, in the role part_of_name.
    country = any(c.place.kind == "country" for c in span.candidates)
    facility = _facility_named_after(text, first, last, span_words)
    landmark_end = facility or (last + _landmark_after(text, last) if text.joined(last) else last)
    if landmark_end > last:
        towns = [
            c
            for c in span.candidates
            if c.place.kind == "city"
            and _supported(
                gazetteer,
                c,
                context,
                (),
                place_position or _in_place_position(text, list_start, known=True),
                context.pairs.get(first),
                written=written,
            )
        ]
        # A landmark named after a town or a province stands in one of a country the
        # article names or near its places: "near Henderson airport" in a Honiara report
        # is not at Henderson, Nevada, nor "the Miraflores locks" in Panama at Lima's
        # Miraflores; "Bali airport" in a report naming Indonesia is on Bali. A town
        # that is no city stands near the towns and divisions the article names, if it
        # names any: not New Zealand's Henderson, though New Zealand's troops are there.
        anchors = list(named.anchors_seen())
        near = [
            c
            for c in (*towns, *(c for c in span.candidates if c.place.kind in _DIVISION_KINDS))
            if (
                f"country-{c.place.country}" in named
                or _near_the_article(gazetteer, c.place, named, settings.NEAR_KM)
            )
            and (
                c.place.kind != "city"
                or (c.place.population or 0) >= settings.WORLD_CITY_MIN_POPULATION
                or not anchors
                or any(_km((c.place.lat, c.place.lon), a) <= settings.NEAR_KM for a in anchors)
            )
        ]
        if (
            towns
            # A town's or a province's name, not a country's ("the Iraq embassy").
            and all(c.place.kind in ("city", *_DIVISION_KINDS) for c in span.candidates)
            and not (text.joined(first - 1) and text.is_name_word(first - 1))
        ):
            if not near:
                # Far from all the article names, it is listed, unknown.
                return _unresolved(
                    text,
                    gazetteer,
                    text.surface(first, landmark_end),
                    first,
                    landmark_end,
                    context,
                    None,
                    article_name,
                    [],
                )
            span = _Span(
                span.first,
                span.last,
                [c for c in span.candidates if c.place.kind != "city" or c in near],
                span.demonym_of,
            )
        if not towns:
            facility = 0
    inside_name = (
        None
        if facility
        else _inside_name(text, first, last, span_words, country=country, list_start=list_start)
    )
    if facility:
        # "doctors at Malakal Teaching Hospital": the facility stands in the town it
        # is named after; the whole name is mapped at the town's point.
        common["text"] = text.surface(first, facility)
        common["end"] = text.words[facility].end
    if inside_name:
        descriptor, place_position = None, False
    kinds = text.cues.place_nouns.get(descriptor, ()) if descriptor else ()
    # "the Danube River", "River Sava": a river noun in the name describes it too.
    if any("river" in text.cues.place_nouns.get(text.lower(i), ()) for i in range(first, last + 1)):
        kinds += ("river",)
    # "fired at Sderot": a known name after "at" or "to" stands where a place stands.
    placed = place_position or (
        not inside_name and _in_place_position(text, list_start, known=True)
    )
    paired = context.pairs.get(first)
    generic = _all_generic(text, first, last)
    if generic and first - 1 in span_words and text.words[first - 1].possessive:
        place_position = True  # "Mosul's Old City": a part of the place before it
    if generic and (
        (text.joined(first - 1) and text.is_name_word(first - 1))
        or (text.joined(last) and text.is_name_word(last + 1))
    ):
        # "Manchester Airport", "North Yorkshire": a generic word of a longer name.
        return Mention(
            **common,
            role="part_of_name",
            status="not_a_place",
            reason="a generic word of another name",
        )
    definite = text.before(first) in text.cues.determiners
    supported = _without_other_names_of_towns(
        [
            c
            for c in span.candidates
            if _supported(gazetteer, c, context, kinds, placed, paired, generic, written, definite)
        ]
    )
    if (
        first == last
        and not placed
        and text.lower(first) in text.cues.common_words
        and text.starts_sentence(first)
        and not (text.dateline_last is not None and last <= text.dateline_last)
    ):
        # "Mobile phone signal failed": a common word opening a sentence is the word,
        # unless a place the article names lies near the town, or the article names its
        # country and a verb follows ("Split was shelled"; not "Mobile carriers in the
        # United States").
        following = text.after(last)
        verb = (
            not following
            or following in text.cues.auxiliary_verbs
            or following in text.cues.actor_verbs_after
        )
        if (
            following in text.cues.locative_prepositions
            or following in text.cues.known_place_prepositions
            or following in text.cues.noun_links
        ):
            # "Reading between the lines", "Much of the centre": a preposition after it
            # makes the word a verb's or a quantity's, wherever the town lies.
            return Mention(
                **common,
                role="part_of_name",
                status="not_a_place",
                reason="a common word opening a sentence (places-common-words.txt)",
            )
        supported = [
            c
            for c in supported
            if (verb and f"country-{c.place.country}" in named) or _near_anchors(c.place, context)
        ]
    if (
        not placed
        and paired is None
        and any(c.place.kind == "city" for c in supported)
        and _a_thing_named_after_towns(text, first, last, descriptor)
        # "on to Cairns and the Gold Coast": a list's next place, though "the" opens it.
        and not (
            first >= 3
            and text.lower(first - 2) in text.cues.list_conjunctions
            and text.gap(first - 3).strip() in ("", ",")
            and _a_placed_name_ends_at(text, first - 3)
        )
    ):
        # "showed the Tucson and", "loved the Chelsea and the Windsor": a determiner
        # before a town's name, with no noun after it, makes it a thing named after
        # the town (a car, a ship, a shoe). "The Hague" has the article in its name.
        supported = [
            c
            for c in supported
            if c.place.kind != "city" or name_key(c.place.name).startswith(_THE)
        ]
        if not supported:
            return Mention(
                **common,
                role="part_of_name",
                status="not_a_place",
                reason="a thing named after a town (a determiner before it, no noun after)",
            )
    if text.after(last) in text.cues.venue_nouns:
        # "In Largs, the Waikiki cafe": a venue is named after a far place as often as
        # after its own ("a central Athens hotel"); far from the places the article's
        # other names establish, the name is the venue's alone.
        supported = [
            c for c in supported if _near_the_article(gazetteer, c.place, named, settings.NEAR_KM)
        ]
    if "world_region" in kinds and text.after(list_ends.get(first, last)) == descriptor:
        # A noun of a natural feature after the name ("the Niger river", "the Jordan
        # valley"): the feature is named after the country, and is not the country. A
        # river named after a town lies by it ("the Irpin river" near Kyiv), so the
        # town is kept near the places the article names: the Mithi River in a Mumbai
        # story is not Pakistan's Mithi, nor the Ural Mountains a town called Ural.
        supported = [
            c
            for c in supported
            if c.place.kind != "country"
            and (c.place.kind != "city" or _near_anchors(c.place, context))
        ]
    if (
        definite
        and (not kinds or "river" in kinds)
        and any(c.place.kind == "river" for c in supported)
    ):
        # "back across the Dnipro": a determiner comes before a river's name, not
        # before a town's or a province's ("across the White Nile", not Sudan's White
        # Nile state); "trains left for Dnipro" is the city.
        supported = [
            c for c in supported if c.place.kind != "city" and c.place.kind not in _DIVISION_KINDS
        ]
    if facility:
        supported = [c for c in supported if c.place.kind == "city"]
    if _name_end_after(text, last):
        # "Victoria Island" in a Lagos report: a feature named after a place lies by
        # it ("the Irpin River" by Irpin), so a reading far from the article's places
        # is not it (Australia's Victoria).
        supported = [
            c for c in supported if _near_the_article(gazetteer, c.place, named, settings.NEAR_KM)
        ]
    if _of_head(text, first) is not None:
        if any(i in span_words for i in _name_words_after(text, last)):
            # "the Hôtel des Mille Collines": the last known word's mention is the name's.
            return None
        # "the Bay of Kotor" lies at the town it is named after, near the article's other
        # places; "the Cape of Good Hope" in a report naming the United States is not at
        # an American Good Hope, nor "the Gulf of Finland" at Finland's middle.
        supported = [
            c
            for c in supported
            if c.place.kind == "city"
            and _near_the_article(gazetteer, c.place, named, settings.NEAR_KM)
        ]
    # "Washington denied", "Gulen denied any role": the name speaks.
    speaks = text.after(last) in text.cues.actor_verbs_after and not text.words[last].possessive
    if speaks:
        # A district never speaks (a capital or a country may).
        supported = [c for c in supported if c.place.kind != "admin2"]
    if kinds and set(kinds) <= _TOWN_KINDS and not text.words[last].possessive:
        # "the Brazil neighbourhood" of Rafah is no country ("Yemen's cities" is).
        supported = [c for c in supported if c.place.kind != "country"]
    if inside_name == "area":
        # "Save the Children UK", "Oxfam America"; but one unknown word before a
        # state is a person's first name as often ("Denzel Washington").
        one_word = not (text.joined(first - 2) and text.is_name_word(first - 2))
        # A district seldom ends a body's name ("Team Jayco AlUla" names no Alula).
        areas = _WIDE_KINDS if one_word else _AREA_KINDS - {"admin2"}
        supported = [c for c in supported if c.place.kind in areas]
    if paired is None and _named_before_who(text, first, last):
        # "Somerset, who need a win": a team or a person, which places are not; a
        # country is an actor ("Russia, who denied it").
        supported = [c for c in supported if c.place.kind == "country"]
    lies_by = text.lies_by.get(list_ends.get(first, last))
    if lies_by and not inside_name:
        # "Langa and Nyanga outside Cape Town": a place lies by the town the text says
        # it lies by (not Gabon's Nyanga province); a division within a far reach.
        supported = [
            c
            for c in supported
            if c.place.kind == "country"
            or any(
                _km((c.place.lat, c.place.lon), (town.lat, town.lon))
                <= (settings.NEAR_KM if c.place.kind in _TOWN_KINDS else settings.FAR_KM)
                for town in lies_by
            )
        ]
    if not supported or inside_name == "word":
        if inside_name:
            return Mention(
                **common,
                role="part_of_name",
                status="not_a_place",
                reason="part of another name (an organisation's, a title, a product's or a team's)",
            )
        # "the ruins of the al-Nuri mosque": a landmark's name, not a village's. A name
        # the gazetteer has, but not for this article, after "at" or "to" stands where a
        # place stands as a known name does ("the border at Arida"), unless it qualifies
        # what follows it ("to the Marburg virus", "at a McDonald's restaurant", "to the
        # Royal Victoria Hospital").
        known_in_place = (
            placed
            and bool(span.candidates)
            and not text.words[last].possessive
            and (not text.joined(last) or text.after(last) in text.cues.function_words)
        )
        if (
            descriptor
            or place_position
            or known_in_place
            or _landmark_after(text, last)
            or _heads_a_bulleted_line(text, list_start)
        ) and not _a_group_word(text, gazetteer, first, last):
            return _unresolved(
                text,
                gazetteer,
                surface,
                first,
                last,
                context,
                descriptor,
                article_name,
                span.candidates,
            )
        return None
    # A noun describing the name ("Idlib province") outweighs which reading dominates.
    alone = dominant.id if dominant and (not kinds or dominant.kind in kinds) else None
    scores = {
        c.place.id: _score(gazetteer, c, context, kinds, paired, written)
        + (_DOMINANT_BONUS if c.place.id == alone else 0.0)
        for c in supported
    }
    # "Washington denied": a capital speaks for its government; a state seldom does.
    _prefer_named_divisions(gazetteer, supported, scores, context)
    _prefer_capitals(supported, scores, kinds, context, speaks=speaks, written=written)
    _prefer_national_capitals(gazetteer, supported, scores, context)
    ranked = sorted(supported, key=lambda c: -scores[c.place.id])
    best = ranked[0]
    confidence = best.confidence
    rivals = [c for c in ranked[1:] if scores[best.place.id] - scores[c.place.id] < _RIVALS_WITHIN]
    if rivals:
        confidence = round(confidence / (1 + len(rivals)), 3)
    if inside_name:
        return Mention(
            **common,
            role="part_of_name",
            status="resolved",
            place=best.place,
            method=best.method,
            confidence=confidence,
            alternatives=tuple(ranked[1:6]),
            reason="named inside another name (an organisation or an office); "
            + _reason(best, None, named, gazetteer),
        )
    cue = _actor_cue(text, first, last, list_start, is_demonym=False)
    role: MentionRole = "actor" if cue and best.place.kind == "country" else "location"
    reason = f"actor: {cue}" if role == "actor" else _reason(best, descriptor, named, gazetteer)
    if facility:
        reason += f"; {common['text']!r}, a facility named after the town, stands in it"
    return Mention(
        **common,
        role=role,
        status="resolved",
        place=best.place,
        method=best.method,
        confidence=confidence,
        alternatives=tuple(ranked[1:6]),
        descriptor=descriptor,
        reason=reason,
    )


def _near_anchors(place: Place, context: _Evidence) -> bool:
    """Whether *place* lies within :data:`~geomap.settings.NEAR_KM` of a city or
    division the article's other names establish."""
    point = (place.lat, place.lon)
    return any(_km(point, anchor) <= settings.NEAR_KM for anchor in context.anchors_seen())


def _without_other_names_of_towns(candidates: list[Candidate]) -> list[Candidate]:
    """*candidates* without the world towns named by another of their names when a
    country or a larger city bears the name as its own: "Libreville" is Gabon's capital,
    though GeoNames lists it as a former name of Charleville-Mézières in France, which a
    report naming French troops establishes; "Iraq" is the country, though GeoNames
    lists "‘Irāq" as a name of Arak, in Iran. A city larger than the one whose own name
    it is keeps its other name: "Saida" is Sidon, in Lebanon, as well as Saïda in
    Algeria."""
    if any(c.place.kind == "country" and c.method in MAIN_NAME_METHODS for c in candidates):
        floor = math.inf
    else:
        floor = max(
            (
                c.place.population or 0
                for c in candidates
                if _is_world_city(c.place) and c.method in MAIN_NAME_METHODS
            ),
            default=0,
        )
        if floor < settings.WORLD_CITY_MIN_POPULATION:
            return candidates
    return [
        c
        for c in candidates
        if not _is_world_city(c.place)
        or c.method in MAIN_NAME_METHODS
        or (c.place.population or 0) > floor
    ]


def _reason(
    candidate: Candidate, descriptor: str | None, context: _Evidence, gazetteer: Gazetteer
) -> str:
    parts = [f"{candidate.method} match of {candidate.matched_name!r}"]
    # Only what another name establishes is named: two uses of "Orlando" in a Soweto
    # report do not name Florida, though each lends it to the other.
    inside = [
        a.name
        for a in gazetteer.ancestors(candidate.place)
        if context.named_apart_from_itself(a.id)
    ]
    if inside:
        parts.append(f"in {inside[0]}, which the article names")
    if descriptor:
        parts.append(f"described as '{descriptor}'")
    return "; ".join(parts)


def _person_named_by_a_landmark(text: _Text, people: People, first: int) -> int | None:
    """The last word of the person's name that the title at word *first* opens, when a
    landmark noun follows it ("Lady Reading Hospital", "King Hussein Bridge"); else
    None. A title alone is the person's, but the landmark is a place."""
    end = people.end_of_titled(text.start_of(first))
    if end is None:
        return None
    for i in range(first + 1, min(first + MAX_PERSON_NAME_WORDS + 2, len(text.words))):
        if text.words[i].end == end:
            return i if _landmark_after(text, i) else None
    return None


def _a_group_word(text: _Text, gazetteer: Gazetteer, first: int, last: int) -> bool:
    """Whether the name is one word for a faith, a people, a language or an alliance, or
    a country's demonym: never listed as an unknown place ("the Christian town of
    Bartella", "in Spanish cinemas", "as the city is called in Arabic")."""
    key = text.lower(first)
    return (
        first == last
        and (key in text.cues.group_words or key in gazetteer.demonyms())
        # "the Christian Quarter": the word opens a longer name.
        and not (text.joined(last) and text.is_name_word(last + 1))
    )


def _unresolved(
    text: _Text,
    gazetteer: Gazetteer,
    surface: str,
    first: int,
    last: int,
    context: _Evidence,
    descriptor: str | None,
    article_name: str,
    unsupported: Iterable[Candidate],
) -> Mention:
    """An unresolved name, with its suggestions and the city it is probably in.

    A landmark noun after the name belongs to it ("the al-Nuri mosque"). Districts
    and regions of other cities are never suggested: a district resolves only in its
    own city.
    """
    landmark_words = _landmark_after(text, last)
    if landmark_words:
        last += landmark_words
        surface = text.surface(first, last)
        descriptor = descriptor or text.lower(last)
    if not landmark_words and _name_end_after(text, last):
        # "Victoria Island": the name is listed with the word that ends it.
        last += 1
        surface = text.surface(first, last)
    head = _of_head(text, first)
    if head is not None:
        # "the Cape of Good Hope" is listed whole: its name is the feature's.
        last = _name_words_after(text, last).stop - 1
        first, surface = head, text.surface(head, last)
    start, end = text.start_of(first), text.words[last].end
    within = context.suggestion_area
    # Suggestions come from the article's city, else from the shipped and user
    # places: ranking 235,000 world-place names for every unknown word costs more
    # than it tells (`geomap resolve` searches the world).
    suggestions = list(gazetteer.suggest(surface, within=within)) if within else []
    if not suggestions:
        suggestions = gazetteer.suggest(surface, world=False)
    suggestions = [s for s in suggestions if _suggestable(gazetteer, s.place, context)]
    suggested = {s.place.id for s in suggestions}
    unsupported = list(unsupported)
    # The gazetteer has the name, but not for this article ("Firdaus" with no city).
    known = bool(unsupported)
    unsupported = [
        c
        for c in unsupported
        if c.place.id not in suggested and _suggestable(gazetteer, c.place, context)
    ]
    ranked = (*unsupported, *suggestions)[: settings.SUGGESTION_LIMIT]
    why = "named where a place stands"
    if descriptor:
        why = f"described as '{descriptor}'"
    return Mention(
        text=surface,
        start=start,
        end=end,
        sentence=text.sentence_of(start),
        role="location",
        status="unresolved",
        suggestions=tuple(ranked),
        descriptor=descriptor,
        reason=f"{why}, but not in the gazetteer"
        + (" for this context (name its city, or give --within)" if known else ""),
        article=article_name,
    )


def _with_probable_cities(
    text: _Text, mentions: list[Mention], within: Place | None, towns: set[int]
) -> tuple[Mention, ...]:
    """*mentions* (in text order), each unresolved one that may be a part of a city
    given the city it is probably in, and why; not those starting at *towns* (items
    of a list of towns).

    A report may move from city to city ("shelling in Aden ... clashes in Taiz"), so
    the city the article names nearest the name in its sentence comes first, then the
    last one named before it in its paragraph, then the article's city: ``within`` if
    a city, else a city named more often than all the others together. The town that
    opens a dateline is where the reporter is: it counts only towards the article's
    city. Only cities of :data:`~geomap.settings.WORLD_CITY_MIN_POPULATION` people or
    more count (and shipped cities, whose population may be unknown). A name described
    as a town or a province
    is no part of a city. Linear in the mentions, but for a binary search per
    unresolved name.
    """
    # Reports name the districts of cities, seldom those of towns: a name next to a
    # town is as likely another town.
    cities = [
        m
        for m in mentions
        if m.status == "resolved"
        and m.role == "location"
        and m.place
        and m.place.kind == "city"
        and (m.place.population or (0 if _is_world_city(m.place) else math.inf))
        >= settings.WORLD_CITY_MIN_POPULATION
    ]
    if not cities and within is None:
        return tuple(mentions)
    counts = Counter(m.place.id for m in cities if m.place)
    home = within if within is not None and within.kind == "city" else None
    if home is None and counts:
        ((home_id, named_most),) = counts.most_common(1)
        if 2 * named_most > counts.total():
            home = next(m.place for m in cities if m.place and m.place.id == home_id)
    dateline_end = text.words[text.dateline_last].end if text.dateline_last is not None else -1
    near = [m for m in cities if m.start > dateline_end] if within is None else []
    starts = [m.start for m in near]
    kept: list[Mention] = []
    for mention in mentions:
        if (
            mention.status == "unresolved"
            and mention.start not in towns
            and _may_be_in_a_city(text, mention)
        ):
            probable = _probable_city(text, mention, near, starts, home)
            if probable is not None:
                city, why = probable
                mention = replace(
                    mention, parent=city, reason=f"{mention.reason}; probably in {city.name}, {why}"
                )
        kept.append(mention)
    return tuple(kept)


def _may_be_in_a_city(text: _Text, mention: Mention) -> bool:
    """An unresolved name not described as a town, a province or a country."""
    if mention.descriptor is None or mention.descriptor in text.cues.landmark_nouns:
        return True
    return "district" in text.cues.place_nouns.get(mention.descriptor, ("district",))


def _probable_city(
    text: _Text, mention: Mention, cities: list[Mention], starts: list[int], home: Place | None
) -> tuple[Place, str] | None:
    """The city of :func:`_with_probable_cities` for one unresolved *mention*."""
    position = bisect.bisect_left(starts, mention.start)
    sentence = text.sentence_index(mention.start)
    if sentence is not None:
        around = [cities[i] for i in (position - 1, position) if 0 <= i < len(cities)]
        same = [c for c in around if text.sentence_index(c.start) == sentence]
        if same:
            # The gap between the names; at equal gaps the city after ("the Qarzabin
            # quarter of Raqqa").
            nearest = min(
                same,
                key=lambda c: (
                    c.start - mention.end if c.start > mention.start else mention.start - c.end,
                    c.start < mention.start,
                ),
            )
            if nearest.place is not None:
                return nearest.place, "named in the same sentence"
        previous = cities[position - 1].place if position > 0 else None
        if previous is not None:
            before = text.sentence_index(cities[position - 1].start)
            if before is not None and text.paragraphs[before] == text.paragraphs[sentence]:
                return previous, "named before it in the paragraph"
    if home is not None:
        return home, "the article's city"
    return None


def _suggestable(gazetteer: Gazetteer, place: Place, context: _Evidence) -> bool:
    """A district or region is suggested only in the article's city, if it names one."""
    if place.kind not in SMALL_KINDS or context.main_city is None:
        return True
    return any(a.id in context for a in gazetteer.ancestors(place) if a.kind == "city")


def _suggestion_area(gazetteer: Gazetteer, ids: Iterable[str]) -> Place | None:
    """The smallest place of the context that has districts: where suggestions come from."""
    best: Place | None = None
    for place_id in sorted(ids):
        place = gazetteer.get(place_id)
        # A state's counties are no city's districts: their names rank no unknown one.
        if place is None or gazetteer.child_kinds(place) <= {"admin2"}:
            continue
        if best is None or KINDS.index(place.kind) > KINDS.index(best.kind):
            best = place
    return best


def parse_articles(
    articles: Iterable[Article],
    gazetteer: Gazetteer,
    *,
    within: Place | None = None,
    progress: Callable[[int], None] | None = None,
) -> PlaceReport:
    """Read and parse several articles; mentions keep the name of the article they come from.

    Each article is read into a document (:func:`geomap.text.document.read_document`)
    and parsed with :func:`parse_places`; *progress*, when given, is called with the
    number of articles done after each one (for a progress bar).
    """
    parsed = []
    for article in articles:
        parsed.append(parse_places(read_document(article), gazetteer, within=within))
        if progress is not None:
            progress(len(parsed))
    documents = tuple(parsed)
    mentions = tuple(m for document in documents for m in document.mentions)
    return PlaceReport(mentions, tuple(d.article.name for d in documents), documents)
