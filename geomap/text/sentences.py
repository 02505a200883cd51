"""Sentences: the one splitter every stage's sentences come from.

:func:`split_sentences` ends a sentence after ``.``, ``!`` or ``?`` (and any closing
quotes or brackets) followed by whitespace, and at every line break; a blank line
also starts a new paragraph. A full stop after an abbreviation of
``data/language/<LANGUAGE>/sentences-abbreviations.csv`` ends nothing when what the
abbreviation stands before comes next: a name or a number after a title or rank ("Gen.
Smith", "Lt. Col. Jones", "St. Petersburg"), a number after "No." or a month's
abbreviation ("No. 3", "Oct. 31"). :func:`bounded_spans` then splits any sentence longer
than :data:`geomap.settings.MAX_SENTENCE_CHARS` at the last whitespace or
punctuation before the limit, so the rules that read a sentence several times, and
the sentence text kept with every name found in it, stay bounded however the input
is written (a 58 KB sentence, a 100 KB run of spaces).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from geomap import knowledge, settings
from geomap.errors import DataError
from geomap.model import Sentence

__all__ = ["SpanIndex", "bounded_spans", "split_sentences"]

# A sentence ends after . ! or ? (and closing quotes or brackets) and whitespace, or
# at a line break. A dotted abbreviation ("the U.S. and Iran") followed by a
# lower-case word ends nothing, nor does a listed abbreviation ("Gen.", "No.", "Oct.")
# followed by what it stands before.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+|\n+")
_DOTTED_END_RE = re.compile(r"(?<![^\W_])(?:[A-Z]\.){2,6}$")
_DOTTED_LOOK_BACK = 13  # the longest dotted abbreviation read, and the letter before it
# The word right before a full stop, not part of a longer word ("Lt.-Gen." → "Gen").
_ABBREVIATION_RE = re.compile(r"(?<![^\W\d_])([^\W\d_]{1,8})\.$")

# Where a long span may be cut, best first: between words, then after punctuation.
_SAFE_CUTS = frozenset(",;:)]}»”’")


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of *text*, each at most :data:`~geomap.settings.MAX_SENTENCE_CHARS` long.

    Whitespace between sentences belongs to none; a stretch of only whitespace is no
    sentence. A sentence's paragraph counts the line breaks before it. Linear in the
    text.

    Examples
    --------
    >>> [(s.start, s.end, s.paragraph) for s in split_sentences("One. Two!\\nThree")]
    [(0, 4, 0), (5, 9, 0), (10, 15, 1)]
    >>> len(split_sentences("Talks in the U.S. and the U.K. ended. Both sides left."))
    2
    """
    pieces: list[Sentence] = []
    start = paragraph = 0
    for match in _SENTENCE_END_RE.finditer(text):
        if _continues(text, match):
            continue
        if match.start() > start and text[start : match.start()].strip():
            pieces.extend(_bounded(text, start, match.start(), paragraph))
        if "\n" in match.group(0):
            paragraph += 1
        start = match.end()
    if start < len(text) and text[start:].strip():
        pieces.extend(_bounded(text, start, len(text), paragraph))
    return tuple(pieces)


def _continues(text: str, end: re.Match[str]) -> bool:
    """True when *end* follows an abbreviation, not a sentence: a dotted one and a
    lower-case word next, or a listed one and what it stands before next."""
    following = text[end.end() : end.end() + 1]
    if "\n" in end.group(0) or not end.group(0)[:1].isspace() or not following:
        return False
    before = text[max(0, end.start() - _DOTTED_LOOK_BACK) : end.start()]
    if following.islower() and _DOTTED_END_RE.search(before) is not None:
        return True
    word = _ABBREVIATION_RE.search(before)
    if word is None:
        return False
    stands_before = _abbreviations().get(word.group(1).lower())
    if stands_before == "number":
        return following.isdigit()
    return stands_before == "name" and (following.isupper() or following.isdigit())


@knowledge.cached
def _abbreviations() -> dict[str, str]:
    """Abbreviations whose full stop ends no sentence → what comes after them (``name``:
    a capitalised word or a number; ``number``: a number), from
    ``sentences-abbreviations.csv``."""
    folder = f"language/{settings.LANGUAGE}"
    rows = knowledge.table(folder, "sentences-abbreviations.csv", ("abbreviation", "before"))
    table: dict[str, str] = {}
    for row in rows:
        if row["before"] not in ("name", "number"):
            raise DataError(
                f"{folder}/sentences-abbreviations.csv: {row['abbreviation']!r} stands before"
                f" {row['before']!r}, not 'name' or 'number'"
            )
        table[row["abbreviation"].lower().rstrip(".")] = row["before"]
    return table


def _bounded(text: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    return [Sentence(a, b, paragraph) for a, b in bounded_spans(text, [(start, end)])]


def bounded_spans(
    text: str, spans: Iterable[tuple[int, int]], limit: int | None = None
) -> list[tuple[int, int]]:
    """Split every ``(start, end)`` span of *text* longer than *limit* characters.

    A cut goes after the last whitespace or punctuation in the second half of the
    window (so no piece is shorter than half the limit unless the text is), else at
    the limit itself (one word thousands of characters long). Each character is
    looked at a bounded number of times: linear in the text.

    Parameters
    ----------
    text
        The text the spans index.
    spans
        Sentence spans, in order.
    limit
        The longest span kept whole; :data:`geomap.settings.MAX_SENTENCE_CHARS` by
        default.

    Returns
    -------
    list of (int, int)
        The spans, long ones replaced by consecutive pieces covering them.

    Examples
    --------
    >>> bounded_spans("aaa bbb ccc", [(0, 11)], limit=5)
    [(0, 4), (4, 8), (8, 11)]
    """
    limit = settings.MAX_SENTENCE_CHARS if limit is None else limit
    out: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > limit:
            cut = start + limit
            for position in range(start + limit, start + limit // 2, -1):
                before = text[position - 1]
                if before.isspace() or before in _SAFE_CUTS:
                    cut = position
                    break
            out.append((start, cut))
            start = cut
        out.append((start, end))
    return out


class SpanIndex:
    """Items with a ``start`` offset, found by range in logarithmic time.

    The rules ask "the mentions in this sentence" once per sentence; scanning every
    mention each time is quadratic in the article.

    Parameters
    ----------
    items
        Anything with an integer ``start`` attribute.
    """

    def __init__(self, items: Iterable) -> None:
        self._items: Sequence = sorted(items, key=lambda item: item.start)
        self._starts = [item.start for item in self._items]

    def between(self, start: int, end: int) -> list:
        """The items with ``start <= item.start < end``, in order of start."""
        low = bisect.bisect_left(self._starts, start)
        high = bisect.bisect_left(self._starts, end, lo=low)
        return list(self._items[low:high])
