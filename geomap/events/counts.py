"""How many: what each count of people in a sentence counts, and the totals of a role.

A count (found by the text layer, :attr:`geomap.model.Document.counts`) is read by its
nearest cue word not cut off by a clause break: fatalities ("killed"), injuries
("wounded"), or a finer role of people affected ("hostages", "arrested", "trapped",
"displaced"); the cue words are the lists of :mod:`geomap.events.cues`. A cue
reaches only the count next to it (its object or subject), unless the counts between
are joined to it by "and". A cue standing as the count's own noun or predicate ("240
hostages", "30 others wounded") decides, but gives way to a verb right before the
count ("killed 12 hostages") or a killing word right after the noun ("12 hostages
were executed"); a sum between two verbs is split ("killed 12 people and 30 others
were wounded"). :class:`Nearest` finds the nearest of many spans by bisection, so a
sentence with many counts and cues costs n log n, not n².

:func:`tied` then keeps the counts of one role that make its total: counts joined by
"and" are one figure ("killed 9 children in X and 4 women in Y": 13); other counts of
the role are other reports of it, not more of it, and only the largest exact one is
kept ("1.8 million ... many": 1.8 million, never 1,800,010).
"""

from __future__ import annotations

import bisect
import re
import typing
from collections.abc import Iterable, Sequence

from geomap.events.cues import event_cues
from geomap.model import Count
from geomap.text.quantities import find_counts

__all__ = ["CueIndex", "Nearest", "distance", "joined_by_and", "tied", "total"]

# What may stand between a role noun and a killing word after it ("12 hostages were
# executed"): at most two short words; and between a killing word and the count it
# reaches over a role noun ("killed 12 hostages"): nothing but spaces.
_NOUN_GAP_RE = re.compile(r"\s{1,5}(?:[\w'’-]{1,30}\s{1,5})?")
_VERB_AFTER_NOUN_RE = re.compile(r"\s{1,5}(?:\w{1,12}\s{1,5}){0,2}")
_VERB_BEFORE_RE = re.compile(r"\s{1,5}")
_REACH = 40  # no gap above is longer: the slices matched are cut to this


class Nearest:
    """Non-overlapping spans (``start``, ``end``, payload) in text order, searched by
    bisection for the ones nearest a span: the last before it, the first after it and
    any overlapping it. Those are the only ones that can be nearest, so a sentence
    with many counts and cues costs n log n, not n²."""

    def __init__(self, spans: Iterable[tuple[int, int, typing.Any]]) -> None:
        self.spans = sorted(spans, key=lambda span: span[0])
        self._starts = [span[0] for span in self.spans]

    def index(self, start: int) -> int:
        """The index in :attr:`spans` of the first span starting at or after *start*."""
        return bisect.bisect_left(self._starts, start)

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

    Given the sentence's *counts*, a cue reaches only the count next to it on each
    side (its object, "killed many civilians in Aleppo, a city of 1.8 million", or
    its subject): another count between them cuts it off, unless the two are parts
    of one figure joined by "and" ("killed 9 children in X and 4 women in Y"). Each
    count knows where its run of joined counts starts and ends, so this is a
    bisection too.
    """

    def __init__(self, text: str, start: int, end: int, counts: Sequence[Count] = ()) -> None:
        cues = event_cues()
        self._text = text
        self._counts = sorted(counts, key=lambda c: c.start)
        self._count_starts = [c.start for c in self._counts]
        # The first and last index of the run of joined counts each count is in.
        self._run_first: list[int] = []
        for i, count in enumerate(self._counts):
            joined = i > 0 and joined_by_and(text, self._counts[i - 1], count)
            self._run_first.append(self._run_first[i - 1] if joined else i)
        self._run_last = list(range(len(self._counts)))
        for i in range(len(self._counts) - 2, -1, -1):
            if self._run_first[i + 1] <= i:
                self._run_last[i] = self._run_last[i + 1]
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
        """What *count* counts: a role of ``count_cues`` ("fatalities", "hostages"), or None.

        A cue word standing as the count's own noun or predicate ("240 hostages", "30
        others wounded", "12 dead") decides, unless a verb stands right before the
        count ("killed 12 hostages") or a killing word right after the noun ("12
        hostages were executed"). Otherwise the nearest cue word not cut off decides;
        a count with none counts nothing the events stage reads.
        """
        best: tuple[int, int, int, str] | None = None
        noun: tuple[int, int, str] | None = None
        for start, end, role in self._cues.candidates(count.start, count.end):
            if self._broken(min(end, count.end), max(start, count.start)):
                continue
            if self._other_count_between(count, start, end):
                continue
            if noun is None and self._is_noun(count, start):
                noun = (start, end, role)
            gap = distance(count.start, count.end, start, end)
            if best is None or gap < best[0]:
                best = (gap, start, end, role)
        if noun is None:
            return None if best is None else best[3]
        start, end, role = noun
        if role == "fatalities":
            return role
        killing = self._killing_next_to(count, start, end)
        if killing is not None:
            return killing
        if best is not None and best[1] < count.start and self._right_before(best[2], count):
            return best[3]  # "arrested 12 wounded": the verb's object
        return role

    def roles(self, count: Count) -> list[tuple[Count, str | None]]:
        """*count* with its :meth:`role`, or a sum split between two verbs.

        A sum whose first parts are the object of one cue word and whose last part is
        the subject of another ("killed 12 people and 30 others were wounded") is two
        counts: the parts before its last joining word take the first cue's role, the
        last part the second's. Any other count is returned whole.
        """
        whole = [(count, self.role(count))]
        joins = list(event_cues().count_join.finditer(self._text, count.start, count.end))
        if not joins:
            return whole
        at = self._cues.index(count.end)
        after = self._cues.spans[at] if at < len(self._cues.spans) else None
        first = self._cues.index(count.start) - 1
        before = self._cues.spans[first] if first >= 0 else None
        if (
            after is None
            or before is None
            or before[1] > count.start
            or before[2] == after[2]
            or not self._right_before(before[1], count)
            or not _VERB_AFTER_NOUN_RE.fullmatch(
                self._text[count.end : min(after[0], count.end + _REACH)]
            )
        ):
            return whole
        last = joins[-1]
        left = find_counts(self._text, count.start, last.start())
        right = find_counts(self._text, last.end(), count.end)
        if not left or not right:
            return whole
        return [*((c, before[2]) for c in left), *((c, after[2]) for c in right)]

    def _right_before(self, cue_end: int, count: Count) -> bool:
        """True when only spaces stand between a cue ending at *cue_end* and *count*."""
        return bool(
            _VERB_BEFORE_RE.fullmatch(self._text[cue_end : min(count.start, cue_end + _REACH)])
        )

    def _other_count_between(self, count: Count, cue_start: int, cue_end: int) -> bool:
        """True when a count outside *count*'s run of joined counts stands between it
        and the cue ``[cue_start, cue_end)``."""
        at = bisect.bisect_left(self._count_starts, count.start)
        if at >= len(self._counts) or self._counts[at].start != count.start:
            return False  # a count not of this sentence's list: nothing to check
        if cue_end <= count.start:
            first_after_cue = bisect.bisect_left(self._count_starts, cue_end)
            return first_after_cue < self._run_first[at]
        if cue_start >= count.end:
            last_before_cue = bisect.bisect_left(self._count_starts, cue_start) - 1
            return last_before_cue > self._run_last[at]
        return False

    def _is_noun(self, count: Count, cue_start: int) -> bool:
        """True when the cue at *cue_start* is the noun the count counts ("12 hostages")."""
        return count.end <= cue_start and bool(
            _NOUN_GAP_RE.fullmatch(self._text[count.end : min(cue_start, count.end + _REACH)])
        )

    def _killing_next_to(self, count: Count, noun_start: int, noun_end: int) -> str | None:
        """ "fatalities" when a killing word stands right before the count ("killed 12
        hostages") or right after its role noun ("12 hostages were executed")."""
        spans = self._cues.spans
        at = self._cues.index(noun_start)
        before = spans[at - 1] if at > 0 else None
        after = spans[at + 1] if at + 1 < len(spans) else None
        text = self._text
        if (
            before is not None
            and before[2] == "fatalities"
            and self._right_before(before[1], count)
            and not self._broken(before[1], count.start)
        ):
            return "fatalities"
        if (
            after is not None
            and after[2] == "fatalities"
            and _VERB_AFTER_NOUN_RE.fullmatch(text[noun_end : min(after[0], noun_end + _REACH)])
            and not self._broken(noun_end, after[0])
        ):
            return "fatalities"
        return None


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


def tied(text: str, counts: list[Count]) -> list[Count]:
    """The counts of one role that make its total.

    Counts in a row with a joining word between them ("and") and no clause break or
    running total are one figure, summed by :func:`total`: "killed 9 children in X
    and 4 women in Y". Any other count of the role is another report of the same
    figure, not more of it: of those figures the exact ones win over vague ones
    ("many" next to "1.8 million" adds nothing), and of those the largest is kept.
    Nor does a vague part add to an exact one joined to it ("1.8 million people and
    many more" is 1.8 million).

    Parameters
    ----------
    text
        The text the counts' offsets point into.
    counts
        The counts an incident reads in one role.

    Returns
    -------
    list of Count
        The counts kept, in text order.

    Examples
    --------
    >>> from geomap.text.quantities import find_counts
    >>> text = "It killed 9 children in Idlib and 4 women in Hama; many died."
    >>> [c.best for c in tied(text, find_counts(text))]
    [9, 4]
    """
    groups: list[list[Count]] = []
    for count in sorted(counts, key=lambda c: c.start):
        if groups and joined_by_and(text, groups[-1][-1], count):
            groups[-1].append(count)
        else:
            groups.append([count])
    if not groups:
        return []
    chosen = max(groups, key=lambda g: (not all(c.vague for c in g), sum(c.best for c in g)))
    exact = [c for c in chosen if not c.vague]
    return exact or chosen  # "1.8 million people and many more": many adds nothing


def joined_by_and(text: str, left: Count, right: Count) -> bool:
    """True when *left* and *right* (in text order) are parts of one figure: a joining
    word ("and") between them, no clause break or running total ("death toll"), and
    at most :data:`_JOIN_REACH` characters apart (the gap is cut only when short, so
    every pair costs at most that)."""
    if not 0 <= right.start - left.end <= _JOIN_REACH:
        return False
    cues = event_cues()
    gap = text[left.end : right.start]
    return bool(
        cues.count_join.search(gap)
        and not cues.clause_break.search(gap)
        and not cues.running_total.search(gap)
    )


# The longest gap between two counts joined by "and": a join further apart is a
# second report, not a second part.
_JOIN_REACH = 160


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
