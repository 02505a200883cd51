"""Find the places an article names, resolve them, and say what role each plays.

:func:`parse_places` scans the words of an article, read into a
:class:`~geomap.model.Document` by the text layer, for every gazetteer name (the same
fold on both sides, see :mod:`geomap.text.normalize`), sentence by sentence as the
document splits them, then decides for each match:

* whether it is a place at all: a name inside another name ("Anadolu Agency",
  "Syria's Civil Defence", a person's name) is ``part_of_name``;
* which place it is: districts and regions count only where the article (or the
  caller's ``within``) names their city, or a descriptor such as "district" says
  so; a city ranks its own districts first;
* its role: ``location`` where something is or happens, ``actor`` for a country or
  people acting ("backed by Russia and Iran", "Iranian-backed", "Russian warplanes").

Capitalised names in a place position ("withdraw from X", "in the X district", an
item of "the X, Y and Z regions") that the gazetteer lacks become ``unresolved``
mentions with ranked fuzzy suggestions. Nothing is resolved by fuzzy matching.
"""

from __future__ import annotations

import bisect
import math
import re
import typing
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from geomap import knowledge, settings
from geomap.model import Article, Document, Mention, MentionRole, PlaceReport
from geomap.places.gazetteer import (
    KINDS,
    SMALL_KINDS,
    Candidate,
    Gazetteer,
    Place,
    match_method,
    skeleton_plausible,
)
from geomap.places.world import WORLD_SOURCE
from geomap.text.cues import place_cues
from geomap.text.document import read_document
from geomap.text.normalize import Token, name_key, skeleton, skeleton_word, tokenize
from geomap.text.people import People, find_people

_JOINABLE_GAP_RE = re.compile(
    r"[ \t\u00a0\-‐‑]*(?:(?:al|el|as|ash|ad|az|aj|at|ar|an|ath|adh|es|esh|ed|ez|et|er|en)"
    r"[ \t\u00a0\-‐‑]+)?",
    re.IGNORECASE,
)
_CLAUSE_BREAK_RE = re.compile(r"[.!?;:\n\"“”()\[\]]")
_POSSESSIVE_GAP_RE = re.compile(r"['’]s[ \t\u00a0]+")
# Signs that turn the name before them into a currency ("US$", "HK$", "NZ$").
_CURRENCY_SIGNS = frozenset("$€£¥")
_PERSON = "part of a person's name"
_KIND_PRIOR = {
    "world_region": 0.9,
    "country": 1.0,
    "admin1": 0.5,
    "city": 0.8,
    "region": 0.6,
    "district": 0.5,
}


@dataclass(slots=True)
class _Span:
    """A run of words that may be a name, with the candidates found for it."""

    first: int  # index into the word list
    last: int
    candidates: list[Candidate] = field(default_factory=list)
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
        self._sentence_starts = [start for start, _end in self.sentences]
        # One string per sentence, shared by every mention in it.
        self._sentence_texts: dict[int, str] = {}
        # breaks[i]: a clause ends between word i and word i + 1.
        self.breaks = [
            _CLAUSE_BREAK_RE.search(self.gap(i)) is not None for i in range(len(self.words) - 1)
        ]

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

    def gap(self, i: int) -> str:
        """The text between word *i* and word *i + 1*."""
        return self.text[self.words[i].end : self.words[i + 1].start]

    def joined(self, i: int) -> bool:
        """True when word *i* and the next belong to one name (space, hyphen, article)."""
        return i + 1 < len(self.words) and bool(_JOINABLE_GAP_RE.fullmatch(self.gap(i)))

    def lower(self, i: int) -> str:
        return self.words[i].key if 0 <= i < len(self.words) else ""

    def before(self, i: int, n: int = 1) -> str:
        """The folded word *n* places before word *i*, within the same clause, else ``""``."""
        for j in range(i - 1, i - n - 1, -1):
            if j < 0 or self.breaks[j]:
                return ""
        return self.lower(i - n)

    def after(self, i: int, n: int = 1) -> str:
        """The folded word *n* places after word *i*, within the same clause, else ``""``."""
        for j in range(i, i + n):
            if j + 1 >= len(self.words) or self.breaks[j]:
                return ""
        return self.lower(i + n)

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
        if not 0 <= i < len(self.words):
            return False
        word = self.words[i]
        return (
            word.text.lstrip("'’‘`ʿʾ")[:1].isupper()
            and word.key not in self.cues.function_words
            and word.key not in self.cues.months_and_days
            and not word.text.isdigit()
        )


def _find_spans(text: _Text, gazetteer: Gazetteer) -> list[_Span]:
    """Longest gazetteer names at each word, left to right, not overlapping.

    A name starts at a capitalised word (or a generic one such as "eastern") whose
    fold begins some gazetteer name; only there are the longer runs looked up.
    """
    spans: list[_Span] = []
    words = text.words
    count = len(words)
    caps = [w.is_capitalized for w in words]
    joins = [text.joined(i) for i in range(count)]
    first_keys, first_skeletons = gazetteer.first_words()
    demonyms = gazetteer.demonyms()
    max_words = min(settings.MAX_NAME_WORDS, max(gazetteer.max_name_words, 3))
    generic_words = text.cues.generic_name_words
    i = 0
    while i < count:
        word = words[i]
        found: _Span | None = None
        if (caps[i] or word.key in generic_words) and (
            word.key in first_keys or skeleton_word(word.key) in first_skeletons
        ):
            limit = i
            while limit + 1 < count and limit - i + 1 < max_words and joins[limit]:
                limit += 1
            for last in range(limit, i - 1, -1):
                if not any(caps[i : last + 1]):
                    continue
                key = " ".join(w.key for w in words[i : last + 1])
                surface = text.surface(i, last)
                candidates = _candidates_for(
                    gazetteer, key, surface, words[i : last + 1], generic_words
                )
                if candidates:
                    found = _Span(i, last, candidates)
                    break
        if found is None and caps[i] and word.key in demonyms:
            found = _Span(i, i, [], demonym_of=demonyms[word.key])
        if found is not None:
            spans.append(found)
            i = found.last + 1
        else:
            i += 1
    return spans


def _candidates_for(
    gazetteer: Gazetteer,
    key: str,
    surface: str,
    words: list[Token],
    generic_words: frozenset[str],
) -> list[Candidate]:
    found: dict[str, Candidate] = {}
    for place_id, spelling, variant in gazetteer.ids_for_key(key):
        place = gazetteer.get(place_id)
        if (
            place is not None
            and place_id not in found
            and _case_fits(words, spelling, generic_words)
        ):
            found[place_id] = Candidate(
                place, match_method(surface, spelling, variant), 100.0, spelling
            )
    # A world city's name may also be a transliteration of a shipped district's
    # ("Hamidieh"): its skeleton candidates stand beside the city for context to pick.
    if not all(_is_world_city(c.place) for c in found.values()):
        return list(found.values())
    skel = skeleton(key)
    if len(skel.replace(" ", "")) < settings.MIN_SKELETON_LETTERS:
        return list(found.values())
    for place_id, spelling in gazetteer.ids_for_skeleton(skel):
        place = gazetteer.get(place_id)
        if (
            place is not None
            and place_id not in found
            and _case_fits(words, spelling, generic_words)
            and skeleton_plausible(key, name_key(spelling))
        ):
            found[place_id] = Candidate(place, "skeleton", 100.0, spelling)
    return list(found.values())


def _case_fits(words: list[Token], spelling: str, generic_words: frozenset[str]) -> bool:
    """False when the text writes in lower case a word the name capitalises ("Sheikh said").

    Generic words (:attr:`~geomap.text.cues.PlaceCues.generic_name_words`) may be
    written in lower case.
    """
    capitalised = _capitalised_words(spelling)
    if len(capitalised) != len(words):
        return True
    return not any(
        upper and w.text[:1].islower() and w.key not in generic_words
        for w, upper in zip(words, capitalised, strict=True)
    )


@lru_cache(maxsize=32768)
def _capitalised_words(spelling: str) -> tuple[bool, ...]:
    return tuple(t.text[:1].isupper() for t in tokenize(spelling) if not t.is_article)


def _descriptor(text: _Text, first: int, last: int, list_ends: dict[int, int]) -> str | None:
    """The place noun describing the name: right after it, after its list, or before it."""
    end = list_ends.get(first, last)
    after = text.after(end)
    if after in text.cues.place_nouns:
        return after
    # "the district of X", "the town of X"; a plural noun does not describe the name
    # after it: "areas of Aleppo" are parts of Aleppo.
    noun = text.before(first, 2)
    if (
        text.before(first) in text.cues.noun_links
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

    Items are joined by commas or "and"/"or" ("Sheikh Saed, Firdaus, Hamdudu and
    Saliheen"), so a descriptor after the last item describes them all.
    """
    ends: dict[int, int] = {}
    groups: list[list[tuple[int, int]]] = []
    list_gap = _list_gap_re(text.cues.list_conjunctions)
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


def _in_place_position(text: _Text, first: int, list_start: int) -> bool:
    before = text.before(list_start)
    if before in text.cues.determiners:
        before = text.before(list_start, 2)
    return before in text.cues.locative_prepositions or before in text.cues.place_object_verbs


def _part_of_name(text: _Text, first: int, last: int, span_words: set[int]) -> bool:
    """True when the name is joined to capitalised words that are not places."""
    nxt = last + 1
    adjacent = text.joined(last) or (
        nxt < len(text.words)
        and text.words[last].possessive
        and _POSSESSIVE_GAP_RE.fullmatch(text.gap(last)) is not None
    )
    if adjacent:
        key = text.lower(nxt)
        suffixes = text.cues.actor_hyphen_suffixes
        actor_suffix = (text.words[last].hyphen_after and key in suffixes) or (
            text.words[nxt].hyphen_after and text.lower(nxt + 1) in suffixes
        )
        if not actor_suffix and (
            key in text.cues.name_words
            or (
                text.is_name_word(nxt)
                and nxt not in span_words
                and key not in text.cues.name_tails
                and not text.words[last].hyphen_after
            )
        ):
            return True
    prev = first - 1
    return (
        prev >= 0
        and text.joined(prev)
        and not text.words[prev].possessive
        and text.is_name_word(prev)
        and prev not in span_words
    )


def _actor_cue(text: _Text, first: int, last: int, list_start: int, is_demonym: bool) -> str | None:
    if is_demonym:
        return "a people or state named as an actor"
    if text.words[last].hyphen_after and text.lower(last + 1) in text.cues.actor_hyphen_suffixes:
        return f"'{text.words[last].text}-{text.words[last + 1].text}'"
    for cue in text.cues.actor_cues_before:
        n = len(cue)
        if tuple(text.before(list_start, n - k) for k in range(n)) == cue:
            return f"'{' '.join(cue)} …'"
    if text.after(last) in text.cues.actor_verbs_after and not text.words[last].possessive:
        return f"subject of '{text.words[last + 1].text}'"
    return None


def _context(spans: list[_Span], gazetteer: Gazetteer, within: Place | None) -> set[str]:
    """Ids of the places the article establishes, and of the places containing them.

    Only names that stand on their own count: countries, governorates and the
    shipped cities and regions by any of their names, and world cities by their
    main name when large. A world city found by an alternative name needs context
    itself, so it cannot supply any.
    """
    ids: set[str] = set()
    for span in spans:
        for candidate in span.candidates:
            if _establishes_context(candidate, gazetteer):
                ids.add(candidate.place.id)
                ids.update(a.id for a in gazetteer.ancestors(candidate.place))
    if within is not None:
        ids.add(within.id)
        ids.update(a.id for a in gazetteer.ancestors(within))
    return ids


def _establishes_context(candidate: Candidate, gazetteer: Gazetteer) -> bool:
    place = candidate.place
    if candidate.method == "skeleton" or place.kind == "district":
        return False
    if place.kind in SMALL_KINDS:
        # A region names its city only when the city is in its name ("eastern Aleppo");
        # "the Old City" alone is the old city of whichever city the article is about.
        spelled = f" {name_key(candidate.matched_name)} "
        return any(f" {name_key(a.name)} " in spelled for a in gazetteer.ancestors(place))
    if _is_world_city(place):
        return (
            candidate.method == "exact"
            and (place.population or 0) >= settings.WORLD_CITY_MIN_POPULATION
        )
    return True


def _is_world_city(place: Place) -> bool:
    return place.source == WORLD_SOURCE


def _supported(
    gazetteer: Gazetteer,
    candidate: Candidate,
    context: set[str],
    descriptor_kinds: tuple[str, ...],
    place_position: bool,
) -> bool:
    """Whether the article supports reading the name as this place.

    *descriptor_kinds* are the kinds of place the noun describing the name (if any)
    describes.
    """
    place = candidate.place
    if place.kind in SMALL_KINDS:
        # A district or region needs its city in the article (or in ``within``).
        return any(a.id in context for a in gazetteer.ancestors(place))
    if _is_world_city(place):
        # A world city by its main name: if it is large, its country is in the text,
        # or the name stands where a place stands. By an alternative name (GeoNames
        # lists many, in many languages): only with its country in the text.
        in_country = f"country-{place.country}" in context or place.id in context
        if candidate.method == "exact":
            city_noun = "city" in descriptor_kinds
            return (
                in_country
                or place_position
                or city_noun
                or (place.population or 0) >= settings.WORLD_CITY_MIN_POPULATION
            )
        return in_country
    return True


def _score(
    gazetteer: Gazetteer, candidate: Candidate, context: set[str], descriptor_kinds: tuple[str, ...]
) -> float:
    place = candidate.place
    score = settings.CONFIDENCE[candidate.method] + 0.1 * _KIND_PRIOR[place.kind]
    if any(a.id in context for a in gazetteer.ancestors(place)):
        score += 0.3
    if place.kind in descriptor_kinds:
        score += 0.2
    score += math.log10((place.population or 0) + 1) / 100
    return score


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
    spans = _find_spans(text, gazetteer)
    span_words = {i for s in spans for i in range(s.first, s.last + 1)}
    spans = _per_sentence(text, spans, lambda span: span.first)
    context = _context(spans, gazetteer, within)
    # People's names; one that is all of a place's name ("Virginia Beach") is the place.
    people = find_people(text.text, text.tokens).without(
        {(text.start_of(s.first), text.words[s.last].end) for s in spans}
    )

    unresolved_runs = _per_sentence(text, _unresolved_runs(text, span_words), lambda run: run[0])
    all_items = [(s.first, s.last) for s in spans] + unresolved_runs
    list_ends = _list_groups(text, all_items)
    list_starts = _list_starts(text, all_items)

    mentions: list[Mention] = []
    for span in spans:
        mention = _decide(
            text, gazetteer, span, span_words, context, list_ends, list_starts, article.name, people
        )
        if mention is not None:
            mentions.append(mention)
    for first, last in unresolved_runs:
        start = list_starts.get(first, first)
        descriptor = _descriptor(text, first, last, list_ends)
        if not (descriptor or _in_place_position(text, first, start)):
            continue
        surface = text.surface(first, last)
        mentions.append(
            _unresolved(
                text, gazetteer, surface, first, last, context, descriptor, article.name, []
            )
        )
    mentions.sort(key=lambda m: (m.start, m.end))
    return replace(document, mentions=tuple(mentions))


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
    """Runs of capitalised name words that matched no gazetteer name."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(text.words):
        if (
            i in span_words
            or not text.is_name_word(i)
            or text.words[i].key in text.cues.place_nouns
        ):
            i += 1
            continue
        last = i
        while (
            text.joined(last)
            and last + 1 not in span_words
            and text.is_name_word(last + 1)
            and not text.words[last].possessive
        ):
            last += 1
        words = {text.lower(j) for j in range(i, last + 1)} | {text.after(last)}
        if not words & text.cues.name_words:
            runs.append((i, last))
        i = last + 1
    return runs


class _MentionSite(typing.TypedDict):
    """Where a name stands: the fields every mention :func:`_decide` makes shares."""

    text: str
    start: int
    end: int
    sentence: str
    article: str


def _decide(
    text: _Text,
    gazetteer: Gazetteer,
    span: _Span,
    span_words: set[int],
    context: set[str],
    list_ends: dict[int, int],
    list_starts: dict[int, int],
    article_name: str,
    people: People,
) -> Mention | None:
    first, last = span.first, span.last
    surface = text.surface(first, last)
    start, end = text.start_of(first), text.words[last].end
    sentence = text.sentence_of(start)
    list_start = list_starts.get(first, first)
    descriptor = _descriptor(text, first, last, list_ends)
    place_position = _in_place_position(text, first, list_start)
    common: _MentionSite = {
        "text": surface,
        "start": start,
        "end": end,
        "sentence": sentence,
        "article": article_name,
    }

    if span.demonym_of is not None:
        return Mention(
            **common,
            role="actor",
            status="resolved",
            place=span.demonym_of,
            method="alternative",
            confidence=settings.CONFIDENCE["alternative"],
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
    # Inside a person's name, or a word of one alone ("Henderson said") where no place stands.
    remembered = first == last and text.lower(first) in people.words
    if people.covers(start, end) or (remembered and not (descriptor or place_position)):
        return Mention(**common, role="part_of_name", status="not_a_place", reason=_PERSON)
    if _part_of_name(text, first, last, span_words):
        return Mention(
            **common,
            role="part_of_name",
            status="not_a_place",
            reason="part of another name (an organisation, person or title)",
        )
    kinds = text.cues.place_nouns.get(descriptor, ()) if descriptor else ()
    supported = [
        c for c in span.candidates if _supported(gazetteer, c, context, kinds, place_position)
    ]
    if not supported:
        if descriptor or place_position:
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
    ranked = sorted(supported, key=lambda c: -_score(gazetteer, c, context, kinds))
    best = ranked[0]
    confidence = best.confidence
    best_score = _score(gazetteer, best, context, kinds)
    rivals = [c for c in ranked[1:] if best_score - _score(gazetteer, c, context, kinds) < 0.05]
    if rivals:
        confidence = round(confidence / (1 + len(rivals)), 3)
    cue = _actor_cue(text, first, last, list_start, is_demonym=False)
    role: MentionRole = "actor" if cue and best.place.kind == "country" else "location"
    reason = f"actor: {cue}" if role == "actor" else _reason(best, descriptor, context, gazetteer)
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


def _reason(
    candidate: Candidate, descriptor: str | None, context: set[str], gazetteer: Gazetteer
) -> str:
    parts = [f"{candidate.method} match of {candidate.matched_name!r}"]
    inside = [a.name for a in gazetteer.ancestors(candidate.place) if a.id in context]
    if inside:
        parts.append(f"in {inside[0]}, which the article names")
    if descriptor:
        parts.append(f"described as '{descriptor}'")
    return "; ".join(parts)


def _unresolved(
    text: _Text,
    gazetteer: Gazetteer,
    surface: str,
    first: int,
    last: int,
    context: set[str],
    descriptor: str | None,
    article_name: str,
    unsupported: Iterable[Candidate],
) -> Mention:
    start, end = text.start_of(first), text.words[last].end
    within = _suggestion_area(gazetteer, context)
    # Suggestions come from the article's city, else from the shipped and user
    # places: ranking 150,000 world-city names for every unknown word costs more
    # than it tells (`geomap resolve` searches the world).
    suggestions = list(gazetteer.suggest(surface, within=within)) if within else []
    if not suggestions:
        suggestions = gazetteer.suggest(surface, world=False)
    unsupported = [c for c in unsupported if c.place.id not in {s.place.id for s in suggestions}]
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
        reason=f"{why}, but not in the gazetteer" + (" for this context" if unsupported else ""),
        article=article_name,
    )


def _suggestion_area(gazetteer: Gazetteer, context: set[str]) -> Place | None:
    """The smallest place of the context that has districts: where suggestions come from."""
    best: Place | None = None
    for place_id in sorted(context):
        place = gazetteer.get(place_id)
        if place is None or not gazetteer.children(place):
            continue
        if best is None or KINDS.index(place.kind) > KINDS.index(best.kind):
            best = place
    return best


def parse_articles(
    articles: Iterable[Article], gazetteer: Gazetteer, *, within: Place | None = None
) -> PlaceReport:
    """Read and parse several articles; mentions keep the name of the article they come from.

    Each article is read into a document (:func:`geomap.text.document.read_document`)
    and parsed with :func:`parse_places`.
    """
    documents = tuple(
        parse_places(read_document(article), gazetteer, within=within) for article in articles
    )
    mentions = tuple(m for document in documents for m in document.mentions)
    return PlaceReport(mentions, tuple(d.article.name for d in documents), documents)
