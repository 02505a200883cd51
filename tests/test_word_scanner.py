"""WordScanner finds exactly what ``finditer`` finds, only faster."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.api import example_paths
from geomap.events.actors import _actor_table
from geomap.events.kinds import _event_types
from geomap.text import dates, quantities
from geomap.text.scanner import WordScanner

# Pieces of rows: literals of either case, sets, repeats, lookarounds, non-ASCII
# letters that case-fold onto ASCII ones (the Kelvin sign, long s, dotless i).
PIECES = [
    "a", "b", "ab", "The", "s", "k", "i", " ", "-", "[a-c]", "[^a]", r"\d", r"\w", r"\s",
    r"\W", ".", "K", "ſ", "ı", "é", "(?:a|bc)", "(?:x)?", "b{2,}", "c*", "(?<=a )",
    "(?!b)", "(?=a)", "[ſk]", "(?i:A)", "a??",
]  # fmt: skip
ALPHABET = "abcksiKſıéTthe -1_\n.xAB"


def _finds(scanner: WordScanner, text: str, start: int, end: int) -> list[tuple]:
    return [(m.span(), m.lastgroup, m.group()) for m in scanner.finditer(text, start, end)]


def _expected(scanner: WordScanner, text: str, start: int, end: int) -> list[tuple]:
    return [(m.span(), m.lastgroup, m.group()) for m in scanner.pattern.finditer(text, start, end)]


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(
        st.lists(st.sampled_from(PIECES), min_size=1, max_size=4), min_size=1, max_size=5
    ),
    text=st.text(alphabet=ALPHABET, max_size=60),
    data=st.data(),
)
def test_random_rows_find_what_finditer_finds(rows, text, data) -> None:
    alternation = "|".join(f"(?P<g{i}>{''.join(row)})" for i, row in enumerate(rows))
    pattern = re.compile(rf"\b(?:{alternation})(?:\s?x)?\b", re.IGNORECASE)
    scanner = WordScanner(pattern, alternation)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _finds(scanner, text, start, end) == _expected(scanner, text, start, end)


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in example_paths()]


@pytest.mark.parametrize("country", ["", "SY", "IQ", "UA", "SD"])
def test_the_actor_table_finds_what_finditer_finds(country) -> None:
    scanner = _actor_table(country)[0]
    for text in _texts():
        for variant in (text, text.upper(), text.replace("e", "é").replace("s", "ſ")):
            for start, end in ((0, len(variant)), (17, len(variant) // 2)):
                assert _finds(scanner, variant, start, end) == _expected(
                    scanner, variant, start, end
                )


def test_the_trigger_table_finds_what_finditer_finds() -> None:
    scanner = _event_types().pattern
    for text in _texts():
        for variant in (text, text.upper(), text.replace("k", "\u212a")):
            assert _finds(scanner, variant, 0, len(variant)) == _expected(
                scanner, variant, 0, len(variant)
            )


def test_rows_that_may_match_nothing_are_tried_everywhere() -> None:
    pattern = re.compile(r"\b(?:a?)", re.IGNORECASE)
    scanner = WordScanner(pattern, "a?")
    assert _finds(scanner, "b a", 0, 3) == _expected(scanner, "b a", 0, 3)


def test_a_pattern_not_made_of_the_rows_is_refused() -> None:
    with pytest.raises(ValueError):
        WordScanner(re.compile("x(?:a|b)"), "a|b")


# Date words, numbers and the spaces and dashes between them, run together at random.
DATE_PIECES = [
    "3", "13", "31st", "2016", " ", "  ", "\n", "-", "–", ",", "of", "March", "mar.", "Dec",
    "between", "and", "to", "from", "in", "early", "mid-", "the", "end", "Tuesday",
    "last", "week", "ago", "a few", "days", "earlier", "this", "month", "yesterday",
    "tonight", "before", "offensive", "SEPT", "x",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(DATE_PIECES), max_size=25), data=st.data())
def test_the_date_scanner_finds_what_finditer_finds(pieces, data) -> None:
    scanner = dates._date_scanner()
    text = " ".join(pieces) if data.draw(st.booleans()) else "".join(pieces)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _finds(scanner, text, start, end) == _expected(scanner, text, start, end)


def test_the_date_scanner_finds_what_finditer_finds_in_the_examples() -> None:
    scanner = dates._date_scanner()
    for text in _texts():
        for variant in (text, text.upper()):
            assert _finds(scanner, variant, 0, len(variant)) == _expected(
                scanner, variant, 0, len(variant)
            )


COUNT_PIECES = [
    "12", "1,200", "3.5", "two", "twenty-one", "dozens", "of", "at least", "some",
    "between", "and", "to", "-", "people", "civilians", "a", "man", "hundreds",
    "thousand", ".", ",", " ", "x", "٣", "Ⅻ", "ſeven",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(COUNT_PIECES), max_size=20), data=st.data())
def test_the_count_scanner_finds_what_the_count_pattern_finds(pieces, data) -> None:
    # The scanner's pattern adds a \b before the count pattern: it must change nothing.
    text = " ".join(pieces) if data.draw(st.booleans()) else "".join(pieces)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    scanner = quantities._count_scanner()
    original = quantities._count_re()
    expected = [(m.span(), m.group()) for m in original.finditer(text, start, end)]
    assert [(m.span(), m.group()) for m in scanner.finditer(text, start, end)] == expected
