"""What the control stage reads in a sentence: cue words, figures, and who reported it.

The words are data: the ``control-*`` files of ``data/language/<LANGUAGE>/`` (see
``data/control/README.md``), where ``LANGUAGE`` is :data:`geomap.settings.LANGUAGE`,
and the outlets of ``data/events/outlets.csv``. The patterns' structure is here: a
phrase's words are joined by a bounded gap, numbers have a bounded length, so every
search is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from geomap import knowledge, settings
from geomap.errors import DataError
from geomap.model import Document

__all__ = [
    "ControlCues",
    "Outlet",
    "control_cues",
    "load_outlets",
    "outlets_named",
    "sentence_sources",
]

# Gaps between the words of a phrase or figure are bounded, and a number starts where a
# run of digits starts and has a bounded length: a run of hundreds of spaces or digits
# means nothing, and unbounded runs make each search quadratic in them.
_GAP = r"\s{1,5}"
_OPTIONAL_GAP = r"\s{0,5}"
_DECIMAL = r"(?<![\d.])\d{1,9}(?:\.\d{1,6})?(?![\d])"
_PEOPLE_NUMBER = r"(?<![\d,.])(?:\d{1,3}(?:,\d{3}){1,3}|\d{4,12})(?![\d])"
# At most this many words after a number of people are read for a casualty word.
_WORDS_AFTER_PEOPLE = 4


@dataclass(frozen=True, slots=True)
class ControlCues:
    """The control stage's patterns, built from the word lists of one language.

    Attributes
    ----------
    contested
        Words that make a change contested ("still fighting").
    attribution
        Words of reporting ("said"): a sentence with one and no outlet named is
        credited to the outlets of the sentence before.
    not_whole_place
        Words right before a district saying it did not itself change hands
        ("north of", "the rest of"); matches only at the end of the text searched.
    area, share, people
        A reported area ("about 8.6 square kilometres"), share of territory ("90 per
        cent") and number of people ("100,000 civilians"): groups ``qual`` (the
        qualifier's words), ``a`` and (area and people) ``b`` (a range's ends), and
        for people ``after`` (the words that follow, read for :attr:`casualty`).
    area_unit, share_unit
        The units alone: a sentence without one has no area or share, and these
        literal searches are much cheaper than the figures' patterns, which may
        begin at any character.
    casualty
        Words that make a number of people a toll ("killed").
    loss
        Words between a side and a share that make it the share the side lost
        ("rebels have lost 60 per cent"), its opponent's.
    qualifiers
        A qualifier's words, lower case and single-spaced → what it means
        (``about``, ``under``, ``over``).
    """

    contested: re.Pattern[str]
    attribution: re.Pattern[str]
    not_whole_place: re.Pattern[str]
    area: re.Pattern[str]
    share: re.Pattern[str]
    people: re.Pattern[str]
    area_unit: re.Pattern[str]
    share_unit: re.Pattern[str]
    casualty: re.Pattern[str]
    loss: re.Pattern[str]
    qualifiers: Mapping[str, str]


def control_cues() -> ControlCues:
    """The control stage's patterns in the language of :data:`geomap.settings.LANGUAGE`.

    Raises
    ------
    DataError
        A file is missing or unreadable, or a qualifier has no meaning.

    Examples
    --------
    >>> cues = control_cues()
    >>> cues.area.search("it covers about 8.6 square kilometres").group("qual", "a")
    ('about', '8.6')
    >>> bool(cues.not_whole_place.search("troops advanced north of "))
    True
    """
    return _read_control_cues(settings.LANGUAGE)


@knowledge.cached
def _read_control_cues(language: str) -> ControlCues:
    folder = f"language/{language}"
    qualifiers = _qualifiers(folder)
    qualifier = _alternation(qualifiers)
    ranges = _alternation(knowledge.word_list(folder, "control-range-words.txt"))
    area_units = _alternation(knowledge.word_list(folder, "control-area-units.txt"))
    share_units = _alternation(knowledge.word_list(folder, "control-share-units.txt"))
    nouns = _alternation(knowledge.word_list(folder, "control-people-nouns.txt"))
    return ControlCues(
        contested=_whole_words(folder, "control-contested.txt"),
        attribution=_whole_words(folder, "control-attribution.txt"),
        not_whole_place=re.compile(
            rf"\b(?:{_alternation(knowledge.word_list(folder, 'control-not-whole-place.txt'))})"
            r"\s*$",
            re.IGNORECASE,
        ),
        area=re.compile(
            rf"(?P<qual>{qualifier})?{_OPTIONAL_GAP}(?P<a>{_DECIMAL})"
            rf"(?:{_OPTIONAL_GAP}(?:{ranges}){_OPTIONAL_GAP}(?P<b>{_DECIMAL}))?{_OPTIONAL_GAP}"
            rf"(?:{area_units})",
            re.IGNORECASE,
        ),
        share=re.compile(
            rf"(?P<qual>{qualifier})?{_OPTIONAL_GAP}(?P<a>{_DECIMAL}){_OPTIONAL_GAP}"
            rf"(?:{share_units})",
            re.IGNORECASE,
        ),
        people=re.compile(
            rf"(?P<qual>{qualifier})?{_OPTIONAL_GAP}(?P<a>{_PEOPLE_NUMBER})"
            rf"(?:{_OPTIONAL_GAP}(?:{ranges}){_OPTIONAL_GAP}(?P<b>{_PEOPLE_NUMBER}))?"
            rf"{_GAP}(?:{nouns})\b(?P<after>(?:{_GAP}\w{{1,30}}){{0,{_WORDS_AFTER_PEOPLE}}})",
            re.IGNORECASE,
        ),
        area_unit=re.compile(area_units, re.IGNORECASE),
        share_unit=re.compile(share_units, re.IGNORECASE),
        casualty=_whole_words(folder, "control-casualty-words.txt"),
        loss=_whole_words(folder, "control-loss-words.txt"),
        qualifiers=qualifiers,
    )


def _qualifiers(folder: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for row in knowledge.table(folder, "control-qualifiers.csv", ("words", "means")):
        if not row["words"] or not row["means"]:
            raise DataError(f"{folder}/control-qualifiers.csv: {row['words']!r} needs a meaning")
        found[" ".join(row["words"].lower().split())] = row["means"]
    return found


def _phrase(entry: str) -> str:
    """The pattern of one entry: its words, escaped, joined by a bounded gap."""
    return _GAP.join(re.escape(word) for word in entry.split())


def _alternation(entries: Sequence[str] | Mapping[str, str]) -> str:
    """One alternation of the entries, longest first (the longest reading wins)."""
    phrases = sorted({_phrase(entry) for entry in entries}, key=lambda p: (-len(p), p))
    return "|".join(phrases) or r"(?!)"


def _whole_words(folder: str, name: str) -> re.Pattern[str]:
    words = _alternation(knowledge.word_list(folder, name))
    return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)


# ---------------------------------------------------------------------------
# Outlets


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news outlet or monitor: the words naming it and the short name sources use."""

    words: str
    short: str


@knowledge.cached
def load_outlets() -> tuple[Outlet, ...]:
    """The outlets of ``data/events/outlets.csv``, in file order.

    Examples
    --------
    >>> next(o.short for o in load_outlets() if o.words == "Anadolu Agency")
    'AA'
    """
    rows = knowledge.table("events", "outlets.csv", ("words", "short"))
    return tuple(Outlet(row["words"], row["short"] or row["words"]) for row in rows)


@knowledge.cached
def _outlet_patterns() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """Each outlet's first word, its pattern and its short name."""
    # Case matters: "AP" is an outlet, "ap" is not.
    return tuple(
        (
            next(iter(outlet.words.split()), ""),
            re.compile(rf"\b{_phrase(outlet.words)}\b"),
            outlet.short,
        )
        for outlet in load_outlets()
        if outlet.words
    )


def outlets_named(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The short names of the outlets named in ``text[start:end]``, in table order."""
    end = len(text) if end is None else end
    found: list[str] = []
    for first, pattern, short in _outlet_patterns():
        # A pattern starts with its first word, case and all: where str.find (fast) does
        # not see it, the regex (which tries every position) cannot match.
        if (
            short not in found
            and text.find(first, start, end) >= 0
            and pattern.search(text, start, end)
        ):
            found.append(short)
    return found


def sentence_sources(document: Document) -> list[str]:
    """Who reported each sentence of *document*: the outlets it names, then the article.

    A sentence naming no outlet but holding a word of reporting ("The monitor
    said...") is credited to the outlets of the sentence before. Each source reads
    ``"SOHR; AFP; <article name> (article)"``.
    """
    attribution = control_cues().attribution
    text = document.text
    article = f"{document.article.name} (article)"
    sources: list[str] = []
    previous: tuple[str, ...] = ()
    for sentence in document.sentences:
        outlets = tuple(outlets_named(text, sentence.start, sentence.end))
        if not outlets and attribution.search(text, sentence.start, sentence.end):
            outlets = previous
        sources.append("; ".join([*outlets, article]))
        previous = outlets
    return sources
