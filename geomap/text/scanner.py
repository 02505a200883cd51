"""Patterns of many alternatives, tried only at the words where one can begin.

Python's ``re`` tries every alternative of a large alternation at every word start:
the event-type triggers, the actor table and the date expressions are such patterns,
and most words of a text start none of their rows. :class:`WordScanner` finds the
same matches as ``finditer`` and tries the pattern only where the text begins as a
row can.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

__all__ = ["WordScanner"]

#: How many characters of a match's start :class:`WordScanner` indexes.
_INDEXED = 5
#: More beginnings than this are not indexed.
_MOST_BEGINNINGS = 4096
#: A set of more characters than this ends a beginning (see _item_beginnings).
_NARROW_SET = 3
_ASCII = [chr(c) for c in range(128)]
# The classes a character set may name, by the ASCII characters each holds; a set
# naming any other is not indexed.
_CATEGORIES = {
    sre.CATEGORY_DIGIT: frozenset(c for c in _ASCII if c.isdigit()),
    sre.CATEGORY_SPACE: frozenset(c for c in _ASCII if c.isspace()),
    sre.CATEGORY_WORD: frozenset(c for c in _ASCII if c.isalnum() or c == "_"),
}
_CATEGORIES |= {
    sre.CATEGORY_NOT_DIGIT: frozenset(_ASCII) - _CATEGORIES[sre.CATEGORY_DIGIT],
    sre.CATEGORY_NOT_SPACE: frozenset(_ASCII) - _CATEGORIES[sre.CATEGORY_SPACE],
    sre.CATEGORY_NOT_WORD: frozenset(_ASCII) - _CATEGORIES[sre.CATEGORY_WORD],
}


class WordScanner:
    """``pattern.finditer`` for a pattern ``\\b(?:rows)...``, the rows tried only where
    the text begins as one of them can.

    Python's ``re`` tries every row of a large alternation at every word start; most
    words start no row. The beginnings a match can have (its first
    :data:`_INDEXED` characters, lower-cased ASCII) are read from the rows' parsed
    form, and a lookahead made of them (a trie, case-folded as the pattern is: "ſ"
    for "s") picks out, inside the regex engine, the word starts where the text
    begins so; the whole pattern is matched only there. A beginning is cut short
    where the parse says anything less certain than a literal or a narrow set of
    ASCII characters (a non-ASCII literal, a negated or wide set); a word start whose
    first characters are not all ASCII is always tried; lookarounds are skipped (they
    only narrow). So a start left out is one where no match begins, and the matches
    are ``finditer``'s. With rows that may match nothing, or more than
    :data:`_MOST_BEGINNINGS` beginnings, every word start is tried.

    Parameters
    ----------
    pattern
        The compiled pattern: ``\\b``, then a group holding *rows*, then anything.
    rows
        The alternation of the rows, as in *pattern*.
    """

    def __init__(self, pattern: re.Pattern[str], rows: str) -> None:
        if not pattern.pattern.startswith(rf"\b(?:{rows})"):
            raise ValueError("the pattern does not start with a word boundary and the rows")
        self.pattern = pattern
        ended, cut = _beginnings(sre_parse.parse(rows, pattern.flags).data, _INDEXED)
        beginnings = ended | cut
        self._starts: re.Pattern[str] | None = None
        if "" not in beginnings:
            longest = max(len(b) for b in beginnings)
            non_ascii = rf"[\x00-\x7f]{{0,{longest - 1}}}[^\x00-\x7f]"
            self._starts = re.compile(rf"\b(?=(?i:{_trie_pattern(beginnings)})|{non_ascii})")

    def finditer(self, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
        """The matches of ``pattern.finditer(text, start, end)``, in order."""
        if self._starts is None:
            yield from self.pattern.finditer(text, start, end)
            return
        match = self.pattern.match
        resume = start
        for word in self._starts.finditer(text, start, end):
            at = word.start()
            if at < resume:
                continue
            # match() at a position sees the text before it as search() does (\b,
            # lookbehind), so it finds what finditer finds there.
            found = match(text, at, end)
            if found is not None:
                yield found
                resume = found.end()


def _trie_pattern(strings: Iterable[str]) -> str:
    """A regex for exactly these non-empty strings, their shared beginnings written once
    (``a(?:b|c)|d`` for ``ab``, ``ac``, ``d``): the engine tests a character once, not
    once per string."""
    groups: dict[str, set[str]] = {}
    for string in strings:
        groups.setdefault(string[0], set()).add(string[1:])
    branches = []
    for first in sorted(groups):
        rests = groups[first]
        tail = _trie_pattern(rest for rest in rests if rest)
        if tail:
            tail = f"(?:{tail})" + ("?" if "" in rests else "")
        branches.append(re.escape(first) + tail)
    return "|".join(branches)


def _beginnings(items: Iterable[tuple[Any, Any]], size: int) -> tuple[set[str], set[str]]:
    """What a parsed sequence's matches begin with: those it ends in shorter than
    *size* characters, and the cut ones (*size* characters, or cut short where the
    parse says too little to go on); lower-cased ASCII."""
    ended, cut = {""}, set[str]()
    for op, av in items:
        longer: set[str] = set()
        for head in ended:
            more, stop = _item_beginnings(op, av, size - len(head))
            cut.update(head + s for s in stop)
            for tail in more:
                (cut if len(head) + len(tail) == size else longer).add(head + tail)
        ended = longer
        if len(ended) + len(cut) > _MOST_BEGINNINGS:
            return set(), {""}
        if not ended:
            break
    return ended, cut


def _item_beginnings(op: Any, av: Any, size: int) -> tuple[set[str], set[str]]:
    """:func:`_beginnings` of one parsed item (an operation and its argument)."""
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {""}, set()  # takes no characters
    if op in (sre.LITERAL, sre.IN):
        chars = _ascii_chars(op, av)
        if chars is None:
            return set(), {""}
        # A wide set (digits, spaces) ends a beginning: its combinations with what
        # follows would multiply the beginnings and tell little.
        if size > 1 and len(chars) <= _NARROW_SET:
            return chars, set()
        return set(), chars
    if op == sre.SUBPATTERN:
        return _beginnings(av[-1], size)
    if op == sre.ATOMIC_GROUP:
        return _beginnings(av, size)
    if op == sre.BRANCH:
        ended, cut = set(), set()
        for branch in av[1]:
            more, stop = _beginnings(branch, size)
            ended |= more
            cut |= stop
        return ended, cut
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, body = av
        # Past *size* copies every beginning is cut; copies beyond the least are optional.
        least, most = min(low, size), min(high, size)
        copies: list[tuple[Any, Any]] = [(sre.SUBPATTERN, (None, 0, 0, body))] * least
        copies += [(sre.BRANCH, (None, [body, []]))] * (most - least)
        return _beginnings(copies, size)
    return set(), {""}


def _ascii_chars(op: Any, av: Any) -> set[str] | None:
    """The lower-cased ASCII characters a literal or set matches; None when it may
    match others, case-folded (a non-ASCII literal, a negated set)."""
    items = [(op, av)] if op == sre.LITERAL else av
    chars: set[str] = set()
    for kind, value in items:
        if kind == sre.LITERAL and value < 128:
            chars.add(chr(value).lower())
        elif kind == sre.RANGE and value[1] < 128:
            low, high = value
            chars.update(
                c.lower()
                for c in _ASCII
                if any(low <= ord(v) <= high for v in (c, c.lower(), c.upper()))
            )
        elif kind == sre.CATEGORY and value in _CATEGORIES:
            chars.update(c.lower() for c in _CATEGORIES[value])
        else:
            return None
    return chars
