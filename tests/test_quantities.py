"""Tests for geomap.text.quantities (counts of people) and geomap.text.dates (relative dates)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.text import quantities as _quantities
from geomap.text.dates import find_dates
from geomap.text.quantities import find_counts, parse_number, vague_table

_UNITS = [
    "zero",
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
]
_UNITS += ["fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(n: int) -> str:
    """English words for 0 <= n < 1,000,000 (the test's own speller)."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        return _TENS[n // 10 - 2] + ("-" + _UNITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return _UNITS[n // 100] + " hundred" + (" and " + _words(rest) if rest else "")
    rest = n % 1000
    return _words(n // 1000) + " thousand" + (" " + _words(rest) if rest else "")


@given(st.integers(min_value=1, max_value=999_999))
def test_parse_number_words_and_digits(n):
    assert parse_number(_words(n)) == n
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["people", "civilians", "men"]))
def test_count_in_a_sentence(n, noun):
    text = f"The shelling killed {n:,} {noun} on Monday."
    (count,) = find_counts(text)
    assert count.best == n and count.noun == noun
    assert text[count.start : count.end] == count.text


@pytest.mark.parametrize(
    ("text", "low", "best", "high", "words"),
    [
        ("killed hundreds of civilians", 100, 100, None, "hundreds"),
        ("detained dozens of men", 12, 12, None, "dozens"),
        ("several people died", 10, 10, None, "several"),
        ("at least 7 people", 7, 7, None, "at least 7"),
        ("between 20 and 30 people", 20, 20, 30, "between 20 and 30"),
        ("20 to 30 people", 20, 20, 30, "20 to 30"),
        ("about 100,000 civilians", None, 100_000, None, "about 100,000"),
        ("up to 40 people", None, 40, 40, "up to 40"),
        ("twenty-one people", 21, 21, 21, "twenty-one"),
        ("tens of thousands of civilians", 10_000, 10_000, None, "tens of thousands"),
    ],
)
def test_readings(text, low, best, high, words):
    (count,) = find_counts(text)
    assert (count.low, count.best, count.high, count.text) == (low, best, high, words)


def test_sum_and_breakdowns():
    (total,) = find_counts("immolated nine children and four women, and")
    assert total.best == 13 and total.breakdown == {"children": 9, "women": 4}
    (part,) = find_counts("killed 21 people, including eight children and three women.")
    assert part.best == 21 and part.breakdown == {"children": 8, "women": 3}
    (men,) = find_counts("executed 67 men by firing squad")
    assert men.best == 67 and men.breakdown == {"men": 67}


@pytest.mark.parametrize(
    "text",
    [
        "on 12 December 2016",
        "December 12, 2016",
        "a 40-year-old man",
        "8.6 square kilometres",
        "60 per cent",
        "75%",
        "in 2016",
    ],
)
def test_not_counts(text):
    assert [c for c in find_counts(text) if c.text != "a 40-year-old man"] == []


def test_vague_table_follows_acled():
    table = vague_table()
    assert table["dozens"][1] == 12 and table["hundreds"][1] == 100


DAY = datetime.date(2016, 12, 13)  # a Tuesday


@pytest.mark.parametrize(
    ("words", "day", "precision"),
    [
        ("today", DAY, 1),
        ("yesterday", datetime.date(2016, 12, 12), 1),
        ("on Monday", datetime.date(2016, 12, 12), 1),
        ("on Tuesday night", DAY, 1),
        ("on Wednesday", datetime.date(2016, 12, 7), 1),
        ("on 12 December", datetime.date(2016, 12, 12), 1),
        ("last week", datetime.date(2016, 12, 6), 2),
        ("in November", datetime.date(2016, 11, 30), 3),
    ],
)
def test_dates(words, day, precision):
    (found,) = find_dates(f"It happened {words}.", DAY)
    assert (found.date, found.precision) == (day, precision)


def test_background_dates_are_skipped():
    assert find_dates("killed since 15 November", DAY) == []


def test_counts_above_the_bound_are_refused_not_dropped() -> None:
    text = "Shelling killed 99999999999999999999 people and 120 million more, and 4 children."
    counts, refused = _quantities.find_counts_and_refusals(text)
    assert [c.best for c in counts] == [4]
    assert [r.text for r in refused] == ["99999999999999999999", "120 million"]
    assert all("MAX_PEOPLE_COUNT" in r.reason for r in refused)
    assert text[refused[0].start : refused[0].end] == "99999999999999999999"
    long_number = "1" * 5_000
    (shown,) = _quantities.find_counts_and_refusals(f"It killed {long_number} people.")[1]
    assert len(shown.text) < 60 and "5,000 chars" in shown.text


# ---------------------------------------------------------------------------
# The count words are data (data/language/en/counts.csv)


@pytest.fixture
def data_copy(tmp_path):
    import shutil
    from pathlib import Path

    copy = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data", copy)
    return copy


def _append_count_row(copy, row: str) -> None:
    path = copy / "language" / "en" / "counts.csv"
    path.write_text(path.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")


def _readings(text: str) -> list[tuple]:
    return [(c.text, c.low, c.best, c.high, c.noun, c.breakdown) for c in find_counts(text)]


def test_a_new_not_people_noun_stops_a_count(data_copy) -> None:
    from geomap import knowledge

    text = "Shelling killed 40 camels in the market."
    assert _readings(text) == [("40", 40, 40, 40, None, {})]
    _append_count_row(data_copy, "not_people,camels,")
    with knowledge.use_data_dir(data_copy):
        assert _readings(text) == []


def test_a_new_people_group_and_modifier_are_read(data_copy) -> None:
    from geomap import knowledge

    text = "The raid killed a good 9 shepherds."
    assert _readings(text) == [("9", 9, 9, 9, None, {})]
    _append_count_row(data_copy, "people,shepherds,group")
    _append_count_row(data_copy, "modifier,a good,about")
    with knowledge.use_data_dir(data_copy):
        assert _readings(text) == [("a good 9", None, 9, None, "shepherds", {"shepherds": 9})]
    assert _readings(text) == [("9", 9, 9, 9, None, {})]  # the shipped words again


def test_a_bad_count_word_row_is_a_data_error(data_copy) -> None:
    from geomap import knowledge
    from geomap.errors import DataError

    _append_count_row(data_copy, "modifier,a good,roughly-ish")
    with knowledge.use_data_dir(data_copy), pytest.raises(DataError, match=r"counts\.csv"):
        find_counts("about 3 people")
