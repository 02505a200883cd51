"""How many: what each count of people in a sentence counts, and the totals of a role.

A count (found by the text layer, :attr:`geomap.model.Document.counts`) is read by its
nearest cue word not cut off by a clause break: fatalities ("killed"), injuries
("wounded") or people affected ("trapped", "fled", "detained"); the cue words are the
lists of :mod:`geomap.events.cues`. :class:`Nearest` finds the nearest of many spans
by bisection, so a sentence with many counts and cues costs n log n, not n².
"""

from __future__ import annotations

import bisect
import typing
from collections.abc import Iterable

from geomap.events.cues import event_cues
from geomap.model import Count

__all__ = ["CueIndex", "Nearest", "distance", "total"]


class Nearest:
    """Non-overlapping spans (``start``, ``end``, payload) in text order, searched by
    bisection for the ones nearest a span: the last before it, the first after it and
    any overlapping it. Those are the only ones that can be nearest, so a sentence
    with many counts and cues costs n log n, not n²."""

    def __init__(self, spans: Iterable[tuple[int, int, typing.Any]]) -> None:
        self.spans = sorted(spans, key=lambda span: span[0])
        self._starts = [span[0] for span in self.spans]

    def candidates(self, start: int, end: int) -> list[tuple[int, int, typing.Any]]:
        """The spans that can be nearest ``[start, end)``, in text order."""
        after = bisect.bisect_left(self._starts, end)
        first = after - 1
        while first >= 0 and self.spans[first][1] > start:
            first -= 1  # overlapping spans: their ends are in order too
        return self.spans[max(first, 0) : after + 1]


class CueIndex:
    """The cue words ("killed", "wounded", "fled") and clause breaks of one sentence.

    :meth:`role` reads a count by its nearest cue not cut off by a clause break. A
    break between a count and a cue also cuts off every cue beyond it, so only the
    nearest cue on each side (and any overlapping the count) need checking.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        cues = event_cues()
        spans = []
        for match in cues.count_cues.finditer(text, start, end):
            role = match.lastgroup or ""
            if cues.killed_outright.match(text, match.start()):
                role = "fatalities"
            spans.append((match.start(), match.end(), role))
        self._cues = Nearest(spans)
        breaks = list(cues.clause_break.finditer(text, start, end))
        self._break_starts = [m.start() for m in breaks]
        self._break_ends = [m.end() for m in breaks]

    def _broken(self, start: int, end: int) -> bool:
        """True when a clause break lies within ``[start, end)``."""
        first = bisect.bisect_left(self._break_starts, start)
        return first < len(self._break_starts) and self._break_ends[first] <= end

    def role(self, count: Count) -> str | None:
        """What *count* counts: a role of :data:`~geomap.events.cues.COUNT_ROLES`, or None.

        The nearest cue word not cut off by a clause break decides; a count with none
        counts nothing the events stage reads.
        """
        best: tuple[int, str] | None = None
        for start, end, role in self._cues.candidates(count.start, count.end):
            if self._broken(min(end, count.end), max(start, count.start)):
                continue
            gap = distance(count.start, count.end, start, end)
            if best is None or gap < best[0]:
                best = (gap, role)
        return None if best is None else best[1]


def distance(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """The number of characters between two spans (0 when they overlap).

    Examples
    --------
    >>> distance(0, 4, 10, 12), distance(10, 12, 0, 4), distance(0, 5, 3, 8)
    (6, 6, 0)
    """
    if a_end <= b_start:
        return b_start - a_end
    if b_end <= a_start:
        return a_start - b_end
    return 0


def total(counts: list[Count]) -> tuple:
    """The sum of the counts of one role.

    Parameters
    ----------
    counts
        The counts an incident reads as fatalities (or injuries, or people affected).

    Returns
    -------
    tuple
        ``(low, best, high, text, breakdown)``: each bound summed (None when a count
        lacks it), the texts joined with "; ", the breakdowns ("children": 9) added;
        all None (and an empty breakdown) for no counts.
    """
    if not counts:
        return None, None, None, None, {}
    low = None if any(c.low is None for c in counts) else sum(c.low or 0 for c in counts)
    high = None if any(c.high is None for c in counts) else sum(c.high or 0 for c in counts)
    breakdown: dict[str, int] = {}
    for c in counts:
        for key, value in c.breakdown.items():
            breakdown[key] = breakdown.get(key, 0) + value
    return low, sum(c.best for c in counts), high, "; ".join(c.text for c in counts), breakdown
