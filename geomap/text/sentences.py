"""Sentence spans of bounded length, shared by the geoparser, incidents and control.

Each reader keeps its own rule for where a sentence ends; :func:`bounded_spans`
then splits any span longer than :data:`geomap.settings.MAX_SENTENCE_CHARS` at the
last whitespace or punctuation before the limit, so the rules that read a sentence
several times, and the sentence text kept with every name found in it, stay
bounded however the input is written (a 58 KB sentence, a 100 KB run of spaces).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from geomap import settings

__all__ = ["SpanIndex", "bounded_spans"]

# Where a long span may be cut, best first: between words, then after punctuation.
_SAFE_CUTS = frozenset(",;:)]}»”’")


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
