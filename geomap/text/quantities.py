"""Counts of people in news text: numbers, vague quantities, ranges, sums, breakdowns.

:func:`find_counts` returns every count of people in a stretch of text as a
:class:`Count` with its offsets, its words as written, and a low/best/high reading:

* digits and words: ``"67"``, ``"100,000"``, ``"twenty-one"`` (words via ``text2num``);
* vague words, read by the table ``data/events/vague-quantities.csv`` (ACLED's rules:
  ``"dozens"`` → 12, ``"hundreds"`` → 100, ``"several"`` → 10...); a vague word
  before a scale is one count read as the scale's plural (``"a few hundred"`` →
  ``"hundreds"`` → 100), never the vague word alone;
* modifiers: ``"at least 7"`` (low = best = 7), ``"about 100"``, ``"up to 30"``
  (high = 30), ``"more than 80,000"``; ranges ``"between 20 and 30"``, ``"20 to 30"``;
* sums ``"nine children and four women"`` (13, broken down by noun) and totals with a
  breakdown ``"21 people, including eight children"`` (21; the parts are not added).

Numbers that are not counts of people are skipped: dates, years, ages
(``"40-year-old"``), areas, percentages and other units, things and groups counted
(``"two strongholds"``, ``"one family"``: the ``not_people`` nouns of
``counts.csv``), money and list numbers (``"$2 million"``, ``"No. 3"``: its
``not_people_before`` words) and times of day (``"10:30"``, ``"3 pm"``).
"""

from __future__ import annotations

import bisect
import enum
import re
from dataclasses import dataclass
from typing import Final

from text_to_num import text2num

from geomap import knowledge, settings
from geomap.errors import DataError
from geomap.model import Count, RefusedCount
from geomap.text.dates import MONTH_PATTERN
from geomap.text.scanner import WordScanner

__all__ = [
    "Count",
    "RefusedCount",
    "find_counts",
    "find_counts_and_refusals",
    "parse_number",
    "vague_table",
]

_UNITS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ("hundred", "thousand", "million")
# Gaps between the words of a count are bounded: a run of hundreds of spaces joins
# nothing, and an unbounded gap next to another makes a search quadratic in it.
_GAP = r"\s{1,5}"
_OPTIONAL_GAP = r"\s{0,5}"
_NUMBER_WORD = r"(?:" + "|".join(_TENS + _UNITS[::-1] + list(_SCALES)) + r")"
_WORD_NUMBER = (
    r"(?:" + _NUMBER_WORD + rf"(?:(?:[- ]|{_GAP}and{_GAP})" + _NUMBER_WORD + r")*" + r")(?![\w-])"
)
_DIGITS = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:{_GAP}(?:thousand|million))?"
_NUMBER = rf"(?:{_DIGITS}|(?<![\w-]){_WORD_NUMBER})"

_MEANINGS = frozenset({"at_least", "more_than", "about", "up_to"})


@dataclass(frozen=True, slots=True)
class _CountWords:
    """The words around a number that say what it counts (``data/language/<lang>/counts.csv``).

    Attributes
    ----------
    people
        Nouns that say a number counts people (the keys of a breakdown).
    groups
        The people nouns worth a breakdown of their own ("67 men" → ``{"men": 67}``).
    not_people
        Nouns that say a number is not a count of people (units, vehicles, weapons,
        buildings, groups of people such as "family").
    not_people_before
        The words or signs right before a number that say it is no count of people
        (``"$"``, ``"No."``), as a pattern searched at the end of the text before it.
    modifiers
        Words before a number → how it bounds the count (``at_least``, ``more_than``,
        ``about``, ``up_to``).
    modifier_pattern
        The modifiers as one alternation, longest first.
    """

    people: frozenset[str]
    groups: frozenset[str]
    not_people: frozenset[str]
    not_people_before: re.Pattern[str]
    modifiers: dict[str, str]
    modifier_pattern: str


@knowledge.cached
def _count_words() -> _CountWords:
    folder = f"language/{settings.LANGUAGE}"
    where = f"{folder}/counts.csv"
    rows = knowledge.table(folder, "counts.csv", ("list", "words", "meaning"))
    lists: dict[str, set[str]] = {
        "people": set(),
        "groups": set(),
        "not_people": set(),
        "not_people_before": set(),
    }
    modifiers: dict[str, str] = {}
    for row in rows:
        words, kind, meaning = " ".join(row["words"].lower().split()), row["list"], row["meaning"]
        if kind == "modifier":
            if meaning not in _MEANINGS:
                raise DataError(
                    f"{where}: modifier {words!r} has meaning {meaning!r}, not one of "
                    f"{', '.join(sorted(_MEANINGS))}"
                )
            modifiers[words] = meaning
        elif kind in ("people", "not_people", "not_people_before"):
            if " " in words:
                raise DataError(f"{where}: {kind} entry {words!r} must be one word")
            lists[kind].add(words)
            if meaning == "group":
                lists["groups"].add(words)
        else:
            raise DataError(
                f"{where}: unknown list {kind!r} (people, not_people, not_people_before, modifier)"
            )
    pattern = "|".join(
        sorted(
            (r"\s{1,5}".join(map(re.escape, m.split())) for m in modifiers), key=len, reverse=True
        )
    )
    # Only the end of the few characters before a number is searched: linear.
    before = "|".join(
        re.escape(w) for w in sorted(lists["not_people_before"], key=len, reverse=True)
    )
    return _CountWords(
        frozenset(lists["people"]),
        frozenset(lists["groups"]),
        frozenset(lists["not_people"]),
        re.compile(rf"(?<![\w$£€#.])(?:{before or '(?!)'}){_OPTIONAL_GAP}$", re.IGNORECASE),
        modifiers,
        pattern or "(?!)",
    )


@knowledge.cached
def vague_table() -> dict[str, tuple[int, int, int | None]]:
    """Vague words → (low, best, high), from ``data/events/vague-quantities.csv``."""
    table: dict[str, tuple[int, int, int | None]] = {}
    rows = knowledge.table("events", "vague-quantities.csv", ("words", "low", "best", "high"))
    for row in rows:
        try:
            low, best = int(row["low"]), int(row["best"])
            high = int(row["high"]) if row["high"] else None
        except ValueError:
            raise DataError(
                f"events/vague-quantities.csv: {row['words']!r} has a count that is not "
                "a whole number"
            ) from None
        table[row["words"].lower()] = (low, best, high)
    return table


def parse_number(words: str) -> int | None:
    """Read a number written in digits or English words; ``None`` if it is not one.

    A number above :data:`geomap.settings.MAX_PEOPLE_COUNT` is not a count of people
    either: ``None``. Digits are read as integers (a decimal with its scale, "3.5
    million", exactly), never through a float.

    >>> parse_number("twenty-one"), parse_number("100,000"), parse_number("3 million")
    (21, 100000, 3000000)
    >>> parse_number("3.5 million"), parse_number("99999999999999999999")
    (3500000, None)
    """
    value = _number_value(words)
    return None if value is None or value is _TOO_LARGE else value


class _TooLarge(enum.Enum):
    """What _number_value returns for a number above MAX_PEOPLE_COUNT.

    An enum member rather than a bare ``object()`` so that ``is _TOO_LARGE`` narrows
    the type for the checker.
    """

    TOO_LARGE = enum.auto()


_TOO_LARGE: Final = _TooLarge.TOO_LARGE


def _number_value(words: str) -> int | _TooLarge | None:
    """The number *words* say, :data:`_TOO_LARGE` above the bound, or None."""
    words = " ".join(words.lower().replace("-", " ").split())
    if not words:
        return None
    match = _PLAIN_NUMBER_RE.fullmatch(words)
    if match:
        whole, fraction = match.group(1).replace(",", ""), (match.group(2) or "")[1:]
        if len(whole) > _MAX_COUNT_DIGITS:
            return _TOO_LARGE  # refused before int() sees thousands of digits
        scale = {"thousand": 1_000, "million": 1_000_000}.get(match.group(3) or "", 1)
        numerator = int(whole + fraction) * scale
        denominator = 10 ** len(fraction)
        if numerator % denominator:
            return None  # "2.5 people"
        value = numerator // denominator
    else:
        try:
            value = int(text2num(words.replace(" and ", " "), "en"))
        except (ValueError, TypeError):
            return None
    return value if value <= settings.MAX_PEOPLE_COUNT else _TOO_LARGE


_PLAIN_NUMBER_RE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,6})?(?: (thousand|million))?")
# Digits of the integer part worth reading: more cannot be at most MAX_PEOPLE_COUNT.
_MAX_COUNT_DIGITS = len(str(settings.MAX_PEOPLE_COUNT))


# A scale after a vague word: "a few hundred", "several thousand", "many thousands".
_SCALE_WORD = r"(?:hundred|thousand|million)s?"
_SCALE_VALUES = {"hundreds": 100, "thousands": 1_000, "millions": 1_000_000}


@knowledge.cached
def _count_re() -> re.Pattern[str]:
    vague = "|".join(sorted((re.escape(w) for w in vague_table()), key=len, reverse=True))
    single = (
        rf"(?:(?P<mod>{_count_words().modifier_pattern}){_GAP})?"
        rf"(?:between{_GAP}(?P<r1>{_NUMBER}){_GAP}and{_GAP}(?P<r2>{_NUMBER})"
        rf"|(?P<f1>{_NUMBER}){_OPTIONAL_GAP}(?:-|–|to){_OPTIONAL_GAP}(?P<f2>{_NUMBER})"
        rf"|(?P<num>{_NUMBER})"
        rf"|(?P<vague>{vague})(?:{_GAP}(?P<scale>{_SCALE_WORD}))?)"
    )
    return re.compile(rf"(?<![\w.,-])(?:{single})(?![\w-])", re.IGNORECASE)


@knowledge.cached
def _count_scanner() -> WordScanner:
    """:func:`_count_re`, tried only at the words where a count can begin.

    Every count begins with a letter or digit after a character that is none (the
    pattern's lookbehind), so at a word boundary: the ``\\b`` the scanner needs
    changes no match.
    """
    rows = _count_re().pattern
    return WordScanner(re.compile(rf"\b(?:{rows})", re.IGNORECASE), rows)


# The counted noun: at most a few words on, and no longer than any noun in the lists.
_PEOPLE_AFTER_RE = re.compile(
    rf"(?:{_GAP}(?:more|other|of|the|unarmed|young|innocent|local))*{_GAP}(\w{{1,30}})"
)


def _noun_after(text: str, end: int) -> tuple[str | None, int]:
    """The noun counted after a number: skips "of", "more"...; returns (noun, its end)."""
    match = _PEOPLE_AFTER_RE.match(text, end)
    if match is None:
        return None, end
    word = match.group(1).lower()
    words = _count_words()
    if word in words.people or word in words.not_people:
        return word, match.end()
    return None, end


def _skip(text: str, start: int, end: int, noun: str | None, value: int) -> bool:
    """Numbers that are not counts of people: dates, years, ages, units."""
    if noun in _count_words().not_people:
        return True
    after = text[end : end + 16].lower()
    before = text[max(0, start - 12) : start].lower()
    if re.match(r"\s*(?:-|\s)?(?:year|month|week|day)s?[- ]old", after):
        return True
    if re.match(r"\s*(?:%|per\s?cent|sq|km|square|m\b|kg)", after):
        return True
    if re.match(r"(?:st|nd|rd|th)?\s*(?:of\s+)?" + MONTH_PATTERN + r"\b", after.lstrip()):
        return True
    if re.search(MONTH_PATTERN + r"\s*$", before):
        return True
    if _count_words().not_people_before.search(before):
        return True  # "$2 million", "No. 3"
    if _TIME_AFTER_RE.match(after) or _TIME_BEFORE_RE.search(before):
        return True  # "10:30", "at 3 pm", "5 o'clock"
    return noun is None and 1900 <= value <= 2100


_TIME_AFTER_RE = re.compile(r"(?::\d|\s{0,5}(?:[ap]\.?m\b|o['’]clock\b))", re.IGNORECASE)
_TIME_BEFORE_RE = re.compile(r"\d:$")


def _read_single(
    match: re.Match[str],
) -> tuple[int | None, int, int | None, bool] | _TooLarge | None:
    """(low, best, high, vague) of one matched count; :data:`_TOO_LARGE` or None if none."""
    mod = _count_words().modifiers.get(" ".join((match.group("mod") or "").lower().split()))
    if match.group("vague"):
        scale = match.group("scale")
        if scale:
            # "a few hundred" is read as "hundreds" (its lowest reading), never as a
            # product of the two words.
            plural = scale.lower().rstrip("s") + "s"
            reading = vague_table().get(plural)
            if reading is None:
                scaled = _SCALE_VALUES[plural]
                reading = (scaled, scaled, None)
            low, best, high = reading
            return low, best, high, True
        low, best, high = vague_table()[match.group("vague").lower()]
        return low, best, high, True
    first = match.group("r1") or match.group("f1")
    if first:
        a = _number_value(first)
        b = _number_value(match.group("r2") or match.group("f2"))
        if a is _TOO_LARGE or b is _TOO_LARGE:
            return _TOO_LARGE
        if not isinstance(a, int) or not isinstance(b, int) or b < a:
            return None
        return a, a, b, False
    value = _number_value(match.group("num"))
    if value is None or value is _TOO_LARGE:
        return value
    if mod in ("at_least", "more_than"):
        return value, value, None, False
    if mod == "up_to":
        return None, value, value, False
    if mod == "about":
        return None, value, None, False
    return value, value, value, False


# What joins the parts of a sum, and what introduces a breakdown; both end where the
# next count starts, and every gap in them is bounded so a search stays linear.
_SUM_GAP_RE = re.compile(
    rf"{_OPTIONAL_GAP}(?:,{_OPTIONAL_GAP}(?:and{_GAP})?|{_GAP}and{_GAP}){_OPTIONAL_GAP}"
)
_BREAKDOWN_GAP_RE = re.compile(
    rf"{_OPTIONAL_GAP},?{_OPTIONAL_GAP}(?:including|among{_GAP}(?:them|whom|those)|of{_GAP}whom|"
    rf"most{_GAP}of{_GAP}them|among{_GAP}the{_GAP}dead{_GAP}were|mostly){_OPTIONAL_GAP}$",
    re.IGNORECASE,
)


def _refusal(match: re.Match[str]) -> RefusedCount:
    words = match.group(0)
    shown = words if len(words) <= 40 else f"{words[:20]}…{words[-10:]} ({len(words):,} chars)"
    reason = (
        f"above {settings.MAX_PEOPLE_COUNT:,} people "
        "(geomap.settings.MAX_PEOPLE_COUNT): not read as a count"
    )
    return RefusedCount(shown, match.start(), match.end(), reason)


def find_counts(text: str, start: int = 0, end: int | None = None) -> list[Count]:
    """Every count of people in ``text[start:end]``, in text order.

    The counts of :func:`find_counts_and_refusals`, without the refusals.
    """
    return find_counts_and_refusals(text, start, end)[0]


def find_counts_and_refusals(
    text: str, start: int = 0, end: int | None = None
) -> tuple[list[Count], list[RefusedCount]]:
    """Every count of people in ``text[start:end]``, and every number refused as one.

    Parameters
    ----------
    text
        The text (offsets in the result are offsets in it).
    start, end
        The stretch to search.

    Returns
    -------
    counts : list of Count
        In text order. Sums (``"nine children and four women"``) and totals with a
        breakdown (``"21 people, including eight children"``) are single counts.
    refused : list of RefusedCount
        Numbers standing where a count does but above
        :data:`geomap.settings.MAX_PEOPLE_COUNT` (``"99999999999999999999 people"``):
        not counted, and reported so that the figure is not dropped in silence.
    """
    end = len(text) if end is None else end
    singles: list[Count] = []
    refused: list[RefusedCount] = []
    for match in _count_scanner().finditer(text, start, end):
        reading = _read_single(match)
        if reading is _TOO_LARGE:
            refused.append(_refusal(match))
            continue
        if not isinstance(reading, tuple):
            continue
        low, best, high, vague = reading
        noun, _noun_end = _noun_after(text, match.end())
        if _skip(text, match.start(), match.end(), noun, best):
            continue
        breakdown = {noun: best} if noun in _count_words().groups else {}
        singles.append(
            Count(
                match.group(0), match.start(), match.end(), low, best, high, noun, vague, breakdown
            )
        )
    # Counts come in text order without overlaps: the one before a position is the
    # only one that can cover it (a bisection, not a scan per match).
    starts = [c.start for c in singles]
    ones: list[Count] = []
    for match in _ONE_PERSON_RE.finditer(text, start, end):
        before = bisect.bisect_right(starts, match.start()) - 1
        if before < 0 or singles[before].end <= match.start():
            noun = match.group("noun").lower()
            ones.append(Count(match.group(0), match.start(), match.end(), 1, 1, 1, noun))
    singles.extend(ones)
    singles.sort(key=lambda c: c.start)
    return _combine(text, singles), refused


# "a 40-year-old man", "a child": one person.
_ONE_PERSON_RE = re.compile(
    rf"\b[Aa]n?{_GAP}(?:(?:\d{{1,3}}|[a-z]{{1,20}}(?:-[a-z]{{1,20}})?)-year-old{_GAP}|young{_GAP}"
    rf"|elderly{_GAP})?"
    r"(?P<noun>man|woman|boy|girl|child|civilian|person|resident|teenager|medic|journalist)\b"
)


def _combine(text: str, singles: list[Count]) -> list[Count]:
    """Join sums and breakdowns of adjacent counts."""
    people = _count_words().people
    out: list[Count] = []
    i = 0
    while i < len(singles):
        head = singles[i]
        j = i + 1
        # A sum: "nine children and four women" (each part names its noun).
        group = [head]
        while (
            j < len(singles)
            and head.noun in people
            and singles[j].noun in people
            and _SUM_GAP_RE.fullmatch(_gap_after_noun(text, group[-1], singles[j]))
        ):
            group.append(singles[j])
            j += 1
        if len(group) > 1:
            head = _sum(text, group)
        # A breakdown: "21 people, including eight children and three women".
        if j < len(singles) and _BREAKDOWN_GAP_RE.search(_gap_after_noun(text, head, singles[j])):
            parts = [singles[j]]
            k = j + 1
            while (
                k < len(singles)
                and singles[k].noun in people
                and _SUM_GAP_RE.fullmatch(_gap_after_noun(text, parts[-1], singles[k]))
            ):
                parts.append(singles[k])
                k += 1
            breakdown = {p.noun or "unspecified": p.best for p in parts}
            head = Count(
                head.text, head.start, head.end, head.low, head.best, head.high,
                head.noun, head.vague, breakdown,
            )  # fmt: skip
            j = k
        out.append(head)
        i = j
    return out


def _gap_after_noun(text: str, left: Count, right: Count) -> str:
    _noun, noun_end = _noun_after(text, left.end)
    return text[max(noun_end, left.end) : right.start]


def _sum(text: str, parts: list[Count]) -> Count:
    def total(values: list[int | None]) -> int | None:
        return None if any(v is None for v in values) else sum(v for v in values if v is not None)

    breakdown: dict[str, int] = {}
    for part in parts:
        key = part.noun or "unspecified"
        breakdown[key] = breakdown.get(key, 0) + part.best
    _noun, last_end = _noun_after(text, parts[-1].end)
    return Count(
        text=text[parts[0].start : last_end],
        start=parts[0].start,
        end=last_end,
        low=total([p.low for p in parts]),
        best=sum(p.best for p in parts),
        high=total([p.high for p in parts]),
        noun="people",
        vague=any(p.vague for p in parts),
        breakdown=breakdown,
    )
